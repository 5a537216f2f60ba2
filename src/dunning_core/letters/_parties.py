"""
The people a letter names: the creditor who is owed, the debtor who reads it, the agency that
collects for the creditor.

Each is a frozen value validated when built: names and addresses are non-empty text without
control characters (a newline is allowed in an address only), an IBAN passes its ISO 13616 check
digits, a SIREN has nine digits.  Whoever is paid must say how: an IBAN or at least one other means
of payment.
"""

from __future__ import annotations

import re
from typing import Final, final

import attrs

from dunning_core._text import check_text
from dunning_core._validators import instance_of, items_of
from dunning_core.errors import InvalidArgument

__all__ = ["Agency", "Creditor", "Debtor"]

_MAX_NAME: Final = 200
_MAX_ADDRESS: Final = 500
_MAX_LINE: Final = 300
_IBAN: Final = re.compile(r"[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}")
_BIC: Final = re.compile(r"[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}(?:[A-Z0-9]{3})?")
_SIREN: Final = re.compile(r"[0-9]{9}")


_IS_TEXT: Final = instance_of(str, accepted="a str")


def _text(name: str, value: object, *, limit: int, multiline: bool) -> str:
    given: str = _IS_TEXT(name, value)
    text = check_text(name, given.replace("\r\n", "\n").strip(), limit=limit, multiline=multiline)
    if not text:
        raise InvalidArgument(name, value, "must not be empty")
    if multiline:
        text = "\n".join(line.strip() for line in text.split("\n"))
    return text


def _name(value: object) -> str:
    return _text("name", value, limit=_MAX_NAME, multiline=False)


def _address(value: object) -> str:
    return _text("address", value, limit=_MAX_ADDRESS, multiline=True)


def _optional_address(value: object) -> str | None:
    return None if value is None else _address(value)


def _contact(value: object) -> str | None:
    return None if value is None else _text("contact", value, limit=_MAX_LINE, multiline=False)


def _attention(value: object) -> str | None:
    return None if value is None else _text("attention", value, limit=_MAX_LINE, multiline=False)


def _iban(value: object) -> str | None:
    """An IBAN without spaces, upper case, after its ISO 13616 mod-97 check."""
    if value is None:
        return None
    compact = _IS_TEXT("iban", value).replace(" ", "").upper()
    accepted = "an IBAN such as 'FR76 3000 6000 0112 3456 7890 189'"
    if not _IBAN.fullmatch(compact):
        raise InvalidArgument("iban", value, f"must be {accepted}")
    rearranged = compact[4:] + compact[:4]
    digits = "".join(str(int(char, 36)) for char in rearranged)
    if int(digits) % 97 != 1:
        raise InvalidArgument("iban", value, f"its check digits do not match; {accepted}")
    return compact


def _bic(value: object) -> str | None:
    if value is None:
        return None
    compact = _IS_TEXT("bic", value).replace(" ", "").upper()
    if not _BIC.fullmatch(compact):
        raise InvalidArgument("bic", value, "must be a BIC of 8 or 11 characters such as BNPAFRPP")
    return compact


def _siren(value: object) -> str | None:
    if value is None:
        return None
    compact = _IS_TEXT("siren", value).replace(" ", "").replace("\u202f", "").replace("\xa0", "")
    if not _SIREN.fullmatch(compact):
        raise InvalidArgument("siren", value, "must have nine digits, such as '123 456 789'")
    return compact


def _means(value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        value = (value,)
    items = items_of("payment_means", value, _IS_TEXT, accepted="a str or a sequence of str")
    return tuple(_text("payment_means", item, limit=_MAX_LINE, multiline=False) for item in items)


def _needs_a_means(instance: Creditor | Agency) -> None:
    if instance.iban is None and not instance.payment_means:
        raise InvalidArgument(
            "payment_means",
            instance.payment_means,
            "give an IBAN or at least one means of payment: a letter must say how to pay",
        )
    if instance.bic is not None and instance.iban is None:
        raise InvalidArgument("bic", instance.bic, "a BIC goes with an IBAN; give the IBAN too")


def format_iban(iban: str) -> str:
    """An IBAN in groups of four characters, as printed on a letter."""
    return " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))


def format_siren(siren: str) -> str:
    """A SIREN as ``123 456 789``."""
    return f"{siren[:3]} {siren[3:6]} {siren[6:]}"


@final
@attrs.frozen
class Creditor:
    """
    The creditor: who is owed, where to write, how to pay.

    Attributes:
        name: the company (or person) name.
        address: the postal address, lines separated by ``\\n``.
        siren: the nine-digit SIREN, printed under the address when given.
        iban: the account to pay into (checked with its ISO 13616 check digits), printed in groups
            of four.
        bic: the bank's BIC, with the IBAN.
        payment_means: other means of payment, one line each (``"chèque à l'ordre de ACME"``).
        contact: who to call or write to about the invoice, one line.

    Raises:
        InvalidArgument: an empty name or address, a line break in a one-line field, a bad IBAN,
            BIC or SIREN, or no means of payment at all.

    >>> c = Creditor("ACME SAS", "1 rue de la Paix\\n75002 Paris",
    ...              iban="fr76 3000 6000 0112 3456 7890 189", siren="123 456 789")
    >>> c.iban, c.siren
    ('FR7630006000011234567890189', '123456789')
    >>> Creditor("ACME SAS", "Paris", iban="FR76 3000 6000 0112 3456 7890 188")
    Traceback (most recent call last):
    ...
    dunning_core.errors.InvalidArgument: iban: its check digits do not match; an IBAN such as \
'FR76 3000 6000 0112 3456 7890 189' (got 'FR76 3000 6000 0112 3456 7890 188')
    """

    name: str = attrs.field(converter=_name)
    address: str = attrs.field(converter=_address)
    siren: str | None = attrs.field(default=None, converter=_siren, kw_only=True)
    iban: str | None = attrs.field(default=None, converter=_iban, kw_only=True)
    bic: str | None = attrs.field(default=None, converter=_bic, kw_only=True)
    payment_means: tuple[str, ...] = attrs.field(default=(), converter=_means, kw_only=True)
    contact: str | None = attrs.field(default=None, converter=_contact, kw_only=True)

    def __attrs_post_init__(self) -> None:
        _needs_a_means(self)


@final
@attrs.frozen
class Agency:
    """
    A collection agency (*société de recouvrement*) that recovers the debt amicably for the creditor.

    Its letter to the debtor carries the mentions of CPCE R124-4: its name and address (1°), and
    it is paid into its own account (CPCE R124-2 requires an account for the funds it collects),
    so it needs an IBAN or another means of payment like a :class:`Creditor`.

    Attributes:
        name: the agency's name.
        address: its postal address, lines separated by ``\\n``.
        iban: the account collected funds are paid into.
        bic: its bank's BIC.
        payment_means: other means of payment, one line each.
        contact: who the debtor calls or writes to, one line.

    Raises:
        InvalidArgument: as for :class:`Creditor`.

    >>> Agency("Recouvrex", "5 avenue Foch, 69006 Lyon", payment_means="chèque à l'ordre de Recouvrex").name
    'Recouvrex'
    """

    name: str = attrs.field(converter=_name)
    address: str = attrs.field(converter=_address)
    iban: str | None = attrs.field(default=None, converter=_iban, kw_only=True)
    bic: str | None = attrs.field(default=None, converter=_bic, kw_only=True)
    payment_means: tuple[str, ...] = attrs.field(default=(), converter=_means, kw_only=True)
    contact: str | None = attrs.field(default=None, converter=_contact, kw_only=True)

    def __attrs_post_init__(self) -> None:
        _needs_a_means(self)


@final
@attrs.frozen
class Debtor:
    """
    The addressee of a letter.

    The case itself knows only the invoice; the debtor's name and address come from the host.
    Without a :class:`Debtor`, a letter has no address block (an e-mail, or a window envelope
    printed elsewhere).

    Attributes:
        name: the company (or person) name.
        address: the postal address, lines separated by ``\\n``, or ``None``.
        attention: whom the letter is for, one line (``"Service comptabilité"``), or ``None``.

    >>> Debtor("Client SARL", "3 place Bellecour\\n69002 Lyon", attention="Service comptabilité").address
    '3 place Bellecour\\n69002 Lyon'
    """

    name: str = attrs.field(converter=_name)
    address: str | None = attrs.field(default=None, converter=_optional_address)
    attention: str | None = attrs.field(default=None, converter=_attention, kw_only=True)
