"""
Letter templates: data, not code.

A template is a :class:`string.Template` text (``$name`` or ``${name}`` placeholders, ``$$`` for a
dollar sign): its first line is the subject, then a blank line, then the body.  Nothing is
evaluated; a template can only place the values :data:`PLACEHOLDERS` describes.  Building a
:class:`LetterTemplate` checks it: a placeholder that does not exist, a lone ``$``, or a required
mention of its kind (:data:`REQUIRED_MENTIONS`) left out raise
:class:`~dunning_core.errors.TemplateError` naming the placeholder.

The default templates are written in French, paragraph by paragraph, in
:data:`~dunning_core.letters._wording.TEMPLATES`, and read in the message catalogs
(``fr_FR``, ``en_GB``): the English template is the catalog's English of each paragraph.
"""

from __future__ import annotations

import enum
import functools
import string
from collections.abc import Mapping
from types import MappingProxyType
from typing import Final, final

import attrs

from dunning_core._validators import instance_of
from dunning_core.errors import ArgumentTypeError, InvalidArgument, TemplateError
from dunning_core.law import (
    CIV_1344,
    CPCE_L111_8,
    CPCE_R124_4,
    D441_5,
    L441_10,
    L622_24,
    L622_25,
    PRACTICE,
    R622_23,
    R622_24,
    Article,
)
from dunning_core.letters._wording import template_text

__all__ = [
    "LANGUAGES",
    "PLACEHOLDERS",
    "REQUIRED_MENTIONS",
    "LetterKind",
    "LetterTemplate",
    "Mention",
    "default_template",
]


@final
class LetterKind(enum.Enum):
    """
    The letters this module writes, in the order a debtor receives them.

    * ``PRE_REMINDER``: before the due date, to check the invoice was received (*pré-relance*).
    * ``REMINDER_1``: the first written reminder after the due date (*relance n° 1*).
    * ``REMINDER_2``: the following written reminders (*relance n° 2*), announcing the formal notice.
    * ``FORMAL_NOTICE``: the *mise en demeure* (C. civ. 1344), sent by registered letter.
    * ``HAND_OVER``: the letter of the collection agency the file was handed over to
      (CPCE R124-4).
    * ``PENALTY_CLAIM``: once the principal is paid late, the letter claiming the late-payment
      penalties and the recovery indemnity still owed (C. com. L441-10 II, D441-5).
    * ``CLAIM_DECLARATION``: once the debtor's collective procedure is opened, the declaration of
      the claim to the mandataire judiciaire (or liquidateur) (C. com. L622-24, L622-25, R622-23).

    >>> LetterKind("formal_notice")
    <LetterKind.FORMAL_NOTICE: 'formal_notice'>
    >>> LetterKind.HAND_OVER.article
    Article('CPCE', 'R124-4')
    """

    PRE_REMINDER = "pre_reminder"
    REMINDER_1 = "reminder_1"
    REMINDER_2 = "reminder_2"
    FORMAL_NOTICE = "formal_notice"
    HAND_OVER = "hand_over"
    PENALTY_CLAIM = "penalty_claim"
    CLAIM_DECLARATION = "claim_declaration"

    @property
    def article(self) -> Article:
        """The rule the letter rests on (``PRACTICE`` for the reminders)."""
        return _KIND_ARTICLES[self]


_KIND_ARTICLES: Final = {
    LetterKind.PRE_REMINDER: PRACTICE,
    LetterKind.REMINDER_1: PRACTICE,
    LetterKind.REMINDER_2: PRACTICE,
    LetterKind.FORMAL_NOTICE: CIV_1344,
    LetterKind.HAND_OVER: CPCE_R124_4,
    LetterKind.PENALTY_CLAIM: L441_10,
    LetterKind.CLAIM_DECLARATION: L622_24,
}

LANGUAGES: Final = MappingProxyType({"fr": "fr_FR", "en": "en_GB"})
"""The languages letters are written in, and the catalog their wording is read in."""


@final
@attrs.frozen
class Mention:
    """
    Something a letter must state, the placeholder that states it, and the rule that asks for it.

    Attributes:
        key: the placeholder (``"amounts"``).
        label: what it states, in English.
        article: the rule behind it (``PRACTICE`` when it is good practice, not law).

    >>> m = REQUIRED_MENTIONS[LetterKind.HAND_OVER][-1]
    >>> m.key, str(m.article)
    ('l111_8', 'CPCE art. R124-4')
    >>> str(m)
    'l111_8 (the reproduction of CPCE L111-8 paragraphs 2 and 3 (R124-4 5°), CPCE art. R124-4)'
    """

    key: str
    label: str
    article: Article

    def __str__(self) -> str:
        return f"{self.key} ({self.label}, {self.article})"


PLACEHOLDERS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "creditor_name": "the creditor's name",
        "creditor_address": "the creditor's address (several lines)",
        "creditor_block": "name, address, SIREN and contact of the creditor (several lines)",
        "creditor_contact": "the creditor's contact line (may be empty)",
        "creditor_siren": "the creditor's SIREN as 123 456 789 (may be empty)",
        "debtor_name": "the debtor's name (may be empty)",
        "debtor_block": "name, attention line and address of the debtor (may be empty)",
        "salutation": "« Madame, Monsieur, » or « Dear Sir or Madam, »",
        "letter_date": "the date of the letter (today), long format",
        "letter_reference": "the letter's reference: invoice/kind/date",
        "invoice_reference": "the invoice number",
        "invoice_date": "the invoice date",
        "invoice_amount": "the invoice amount",
        "due_date": "the due date",
        "days_late": "the number of days since the due date (0 before it)",
        "lateness": "the time since the due date in words, such as '45 jours' (0 before it)",
        "unpaid_opening": "« Malgré nos relances, notre facture » when a reminder was recorded "
        "after the due date, else « Notre facture » (a formal notice as the first letter)",
        "principal": "the principal still owed",
        "interest": "penalties or interest owed at the letter date",
        "indemnity": "the flat recovery indemnity (0 for a consumer)",
        "total": "principal + interest + indemnity",
        "amounts": "the amounts split into principal, penalties (basis, rate, periods) and "
        "indemnity (several lines)",
        "deadline": "the payment deadline, a date",
        "deadline_days": "the number of days the deadline gives",
        "deadline_text": "the payment deadline as a phrase, with its date",
        "payment_means": "how to pay: IBAN, BIC, reference, other means (several lines)",
        "legal_notice": "what the law says about penalties or legal interest (may be empty)",
        "consequences": "what follows if the debtor does not pay (formal notice, hand-over)",
        "agency_name": "the collection agency's name (hand-over)",
        "agency_block": "name, address and contact of the agency (hand-over, several lines)",
        "agency_statement": "the statement that the agency recovers debts amicably (R124-4 1°)",
        "claim_basis": "what the claim rests on: invoice, date, amount, creditor (R124-4 3°)",
        "l111_8": "CPCE L111-8 paragraphs 2 and 3, reproduced (R124-4 5°)",
        "paid_on": "the day the principal was paid in full (penalty claim; empty before)",
        "mandataire_block": "name, attention line and address of the mandataire judiciaire or "
        "liquidateur (declaration of claim; empty otherwise)",
        "procedure_text": "the debtor's collective procedure: kind, opening judgment, BODACC "
        "publication, as a sentence (declaration of claim; empty otherwise)",
        "judgment_date": "the date of the opening judgment (declaration of claim; empty otherwise)",
        "publication_date": "the date of the BODACC publication (declaration of claim; empty "
        "otherwise)",
        "claim_nature": "the nature of the claim: unsecured unless stated (declaration of claim)",
        "certification": "the claim certified sincere and true, C. com. L622-25 (declaration of "
        "claim)",
        "attachments": "the list of documents attached, the bordereau of C. com. R622-23 "
        "(declaration of claim, several lines)",
    }
)
"""Every placeholder a template may use, with what it holds."""


def _m(key: str, label: str, article: Article) -> Mention:
    return Mention(key, label, article)


_REFERENCE = _m("invoice_reference", "the invoice reference", PRACTICE)
_DUE = _m("due_date", "the due date", PRACTICE)
_CREDITOR = _m("creditor_name", "the creditor's name", PRACTICE)
_MEANS = _m("payment_means", "the means of payment", PRACTICE)
_AMOUNTS = _m(
    "amounts",
    "the amounts split into principal, penalties (rate, basis, period) and the indemnity",
    L441_10,
)
_DEADLINE = _m("deadline_text", "the payment deadline as a date", PRACTICE)

REQUIRED_MENTIONS: Final[Mapping[LetterKind, tuple[Mention, ...]]] = MappingProxyType(
    {
        LetterKind.PRE_REMINDER: (
            _CREDITOR,
            _REFERENCE,
            _m("invoice_amount", "the invoice amount", PRACTICE),
            _DUE,
            _MEANS,
        ),
        LetterKind.REMINDER_1: (_CREDITOR, _REFERENCE, _DUE, _AMOUNTS, _DEADLINE, _MEANS),
        LetterKind.REMINDER_2: (_CREDITOR, _REFERENCE, _DUE, _AMOUNTS, _DEADLINE, _MEANS),
        LetterKind.FORMAL_NOTICE: (
            _m("creditor_block", "the creditor's name and address", CIV_1344),
            _REFERENCE,
            _DUE,
            _AMOUNTS,
            _m(
                "deadline_text",
                "the deadline in days from delivery and as a date (interpellation suffisante)",
                CIV_1344,
            ),
            _m("legal_notice", "the statement that the letter is a mise en demeure", CIV_1344),
            _m("consequences", "the consequences announced if the debtor does not pay", PRACTICE),
            _MEANS,
        ),
        LetterKind.HAND_OVER: (
            _m("agency_block", "the agency's name and address (R124-4 1°)", CPCE_R124_4),
            _m(
                "agency_statement",
                "the statement that the agency recovers debts amicably (R124-4 1°)",
                CPCE_R124_4,
            ),
            _m("creditor_block", "the creditor's name and address (R124-4 2°)", CPCE_R124_4),
            _m("claim_basis", "the basis of the claim (R124-4 3°)", CPCE_R124_4),
            _m(
                "amounts",
                "the amount split into principal, interest and other accessories (R124-4 3°)",
                CPCE_R124_4,
            ),
            _m("deadline_text", "the demand to pay (R124-4 4°)", CPCE_R124_4),
            _m("payment_means", "the payment methods (R124-4 4°)", CPCE_R124_4),
            _m(
                "l111_8",
                "the reproduction of CPCE L111-8 paragraphs 2 and 3 (R124-4 5°)",
                CPCE_R124_4,
            ),
        ),
        LetterKind.PENALTY_CLAIM: (
            _CREDITOR,
            _REFERENCE,
            _DUE,
            _m("paid_on", "the day the principal was paid, when the penalties stopped", PRACTICE),
            _AMOUNTS,
            _m(
                "legal_notice",
                "penalties and the indemnity are due without a reminder being necessary",
                L441_10,
            ),
            _DEADLINE,
            _MEANS,
        ),
        LetterKind.CLAIM_DECLARATION: (
            _m("mandataire_block", "the mandataire judiciaire or liquidateur addressed", L622_24),
            _m("creditor_block", "the creditor's name and address", L622_24),
            _m("debtor_block", "the debtor's name and address", L622_24),
            _m(
                "procedure_text",
                "the procedure, its opening judgment and its BODACC publication",
                L622_24,
            ),
            _REFERENCE,
            _m(
                "amounts",
                "the amount due on the day of the opening judgment, principal, interest "
                "until then and indemnity, with the sums still to fall due",
                L622_25,
            ),
            _m("claim_nature", "the nature of the claim and of any security", L622_25),
            _m("certification", "the claim certified sincere and true", L622_25),
            _m("attachments", "the list of documents attached (bordereau)", R622_23),
            _m(
                "deadline_text",
                "the 2-month period from the BODACC publication, as a date",
                R622_24,
            ),
        ),
    }
)
"""The mentions each kind of letter must carry: a template without one of them is refused."""

# Mentions that are not required but worth listing on a letter when its template uses them.
_OPTIONAL_MENTIONS: Final[Mapping[str, Mention]] = MappingProxyType(
    {
        "legal_notice": _m(
            "legal_notice", "penalties are due without a reminder, and the indemnity", L441_10
        ),
        "indemnity": _m("indemnity", "the flat recovery indemnity", D441_5),
        "letter_reference": _m(
            "letter_reference", "the letter's reference, recalled in later steps", PRACTICE
        ),
        "deadline": _m("deadline", "the payment deadline", PRACTICE),
        "creditor_block": _m("creditor_block", "the creditor's name and address", PRACTICE),
        "consequences": _m("consequences", "the consequences announced", PRACTICE),
        "l111_8": _m("l111_8", "recovery costs stay with the creditor", CPCE_L111_8),
    }
)


def _identifiers(name: str, text: str) -> list[str]:
    """The placeholders of *text*, in order; a lone ``$`` raises :class:`TemplateError`."""
    found: list[str] = []
    for match in string.Template.pattern.finditer(text):
        if match.group("invalid") is not None:
            start = match.start("invalid")
            line = text.count("\n", 0, start) + 1
            raise TemplateError(
                name,
                f"a '$' on line {line} is not followed by a placeholder name; "
                "write $$ for a dollar sign or ${name} for a value",
            )
        key = match.group("named") or match.group("braced")
        if key is not None:
            found.append(key)
    return found


def _check_text(name: str, value: object, what: str) -> str:
    value = instance_of(str, accepted=f"the {what} of template {name!r} as a str")(what, value)
    if not value.strip():
        raise TemplateError(name, f"the {what} is empty")
    return value


def _default_name(template: LetterTemplate) -> str:
    """The kind's value; ``""`` for a bad kind, which ``__attrs_post_init__`` refuses."""
    kind: object = template.kind
    return kind.value if isinstance(kind, LetterKind) else ""


@final
@attrs.frozen
class LetterTemplate:
    """
    The wording of one kind of letter: a subject line and a body, with placeholders.

    Building one checks it: every placeholder must exist (:data:`PLACEHOLDERS`) and every required
    mention of its kind (:data:`REQUIRED_MENTIONS`) must appear in the subject or the body.

    Attributes:
        kind: the :class:`LetterKind` it writes.
        subject: one line.
        body: the letter text.
        name: a name for messages (default: the kind's value).

    Raises:
        ArgumentTypeError: *kind* is not a :class:`LetterKind` (use :meth:`parse` or
            ``LetterKind("formal_notice")`` for a value), or *name* is not a ``str``.
        InvalidArgument: *name* is empty.
        TemplateError: an unknown placeholder, a lone ``$``, a missing required mention (named in
            :attr:`~dunning_core.errors.TemplateError.mention`), an empty or multi-line subject,
            a subject or a body that is not a ``str``.

    >>> t = default_template(LetterKind.REMINDER_1, "fr_FR")
    >>> t.placeholders[:3]
    ('invoice_reference', 'due_date', 'creditor_block')
    >>> LetterTemplate(LetterKind.PRE_REMINDER, "Facture $invoice_reference", "Merci.")
    Traceback (most recent call last):
    ...
    dunning_core.errors.TemplateError: template 'pre_reminder': the required mention \
'creditor_name' (the creditor's name, pratique) is missing; add ${creditor_name}
    """

    kind: LetterKind
    subject: str
    body: str
    name: str = attrs.field(default=attrs.Factory(_default_name, takes_self=True), kw_only=True)
    placeholders: tuple[str, ...] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.kind, LetterKind):
            raise ArgumentTypeError(
                "kind",
                self.kind,
                "a LetterKind such as LetterKind.REMINDER_1 (LetterKind('formal_notice') for a "
                "value)",
            )
        name = self.name
        if not isinstance(name, str):
            raise ArgumentTypeError(
                "name", name, "a non-empty str, or no name for the kind's value"
            )
        if not name:
            raise InvalidArgument("name", name, "a non-empty str")
        subject = _check_text(name, self.subject, "subject")
        body = _check_text(name, self.body, "body")
        if "\n" in subject.strip() or "\r" in subject:
            raise TemplateError(name, "the subject is one line")
        found: list[str] = []
        for key in [*_identifiers(name, subject), *_identifiers(name, body)]:
            if key not in PLACEHOLDERS:
                raise TemplateError(
                    name,
                    f"unknown placeholder ${{{key}}}; the placeholders are "
                    f"{', '.join(sorted(PLACEHOLDERS))}",
                    key,
                )
            if key not in found:
                found.append(key)
        for mention in REQUIRED_MENTIONS[self.kind]:
            if mention.key not in found:
                raise TemplateError(
                    name,
                    f"the required mention {mention.key!r} ({mention.label}, {mention.article}) "
                    f"is missing; add ${{{mention.key}}}",
                    mention.key,
                )
        object.__setattr__(self, "placeholders", tuple(found))

    @classmethod
    def parse(cls, kind: LetterKind | str, text: str, *, name: str | None = None) -> LetterTemplate:
        """
        Read a template file: the subject on the first line, a blank line, then the body.

        Args:
            kind: the :class:`LetterKind` (or its value, ``"formal_notice"``).
            text: the file's text.
            name: a name for messages (default: the kind's value).

        Raises:
            TemplateError: no blank line after the subject, or the checks of the class.
            InvalidArgument: *kind* is not a letter kind.

        >>> text = "Rappel $invoice_reference\\n\\n$creditor_name: $invoice_amount, $due_date.\\n$payment_means"
        >>> LetterTemplate.parse("pre_reminder", text).subject
        'Rappel $invoice_reference'
        """
        letter_kind = _kind(kind)
        label = letter_kind.value if name is None else name
        instance_of(str, accepted=f"the text of template {label!r} (a str)")("text", text)
        subject, blank, body = text.replace("\r\n", "\n").partition("\n\n")
        if not blank:
            raise TemplateError(
                label, "write the subject on the first line, then a blank line, then the body"
            )
        return cls(letter_kind, subject.strip(), body, name=label)

    @property
    def mentions(self) -> tuple[Mention, ...]:
        """
        The mentions this template carries: the required ones and any optional ones it uses.

        >>> [m.key for m in default_template("hand_over", "fr_FR").mentions][:3]
        ['agency_block', 'letter_reference', 'agency_statement']
        """
        required = {m.key: m for m in REQUIRED_MENTIONS[self.kind]}
        out = []
        for key in self.placeholders:
            if key in required:
                out.append(required[key])
            elif key in _OPTIONAL_MENTIONS:
                out.append(_OPTIONAL_MENTIONS[key])
        return tuple(out)


def _kind(kind: object) -> LetterKind:
    if isinstance(kind, LetterKind):
        return kind
    accepted = f"a LetterKind or one of {', '.join(k.value for k in LetterKind)}"
    if not isinstance(kind, str):
        raise ArgumentTypeError("kind", kind, accepted)
    try:
        return LetterKind(kind)
    except ValueError:
        raise InvalidArgument("kind", kind, accepted) from None


def _language(locale: object) -> str:
    """The language of *locale* (``"fr_FR"`` -> ``"fr"``), if letters are written in it."""
    if not isinstance(locale, str):
        raise ArgumentTypeError("locale", locale, "a locale such as 'fr_FR', 'en_GB' or 'en'")
    language = locale.replace("-", "_").split("_", 1)[0].lower()
    if language not in LANGUAGES:
        raise InvalidArgument(
            "locale",
            locale,
            f"a French or English locale (letters are written in {', '.join(LANGUAGES)})",
        )
    return language


@functools.cache
def _load(kind: LetterKind, locale: str) -> LetterTemplate:
    return LetterTemplate.parse(kind, template_text(kind.value, locale), name=kind.value)


def default_template(kind: LetterKind | str, locale: str = "fr_FR") -> LetterTemplate:
    """
    The template shipped for *kind* in *locale*'s language (French or English), read in the
    message catalogs.

    Args:
        kind: a :class:`LetterKind` or its value.
        locale: ``"fr_FR"``, ``"fr"``, ``"en_GB"``, ``"en"``...: only the language counts.

    Raises:
        InvalidArgument: an unknown kind, or a language letters are not written in.

    >>> default_template("formal_notice", "en").subject
    'Formal notice to pay: invoice ${invoice_reference}'
    """
    return _load(_kind(kind), LANGUAGES[_language(locale)])
