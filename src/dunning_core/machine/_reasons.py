"""
Why the machine decides what it decides, as data: :class:`Reason` and :class:`Missing`.

A reason (why an action is planned, why an event is refused, a note) and a missing condition (what
a step still lacks) are values: a ``code`` a host can act on, the ``article`` of the rule behind
it and its ``params`` (dates, amounts as :class:`~dunning_core.money.Money`, stages, channels,
step names).  They hold no sentence: the display layer (:mod:`dunning_core.display`) renders them
from the gettext catalogs when they are shown, French first (``str()``, :meth:`Reason.text`),
English with ``locale="en_GB"``; :attr:`Reason.message` is the developer's English sentence
(dates in ISO form, amounts with their currency code), the one exceptions carry.
"""

from __future__ import annotations

import enum
from typing import cast, final

import attrs

from dunning_core._i18n import DEFAULT_LOCALE
from dunning_core.law import Article

__all__ = ["Missing", "Reason"]

Params = tuple[tuple[str, object], ...]


def _params(value: object) -> Params:
    if isinstance(value, dict):
        return tuple(value.items())
    return tuple(value)  # type: ignore[arg-type]


def _repr(value: object) -> str:
    """*value* as Python source: enum members by name (``Stage.AMICABLE``), so that it evaluates."""
    if isinstance(value, enum.Enum):
        return f"{type(value).__name__}.{value.name}"
    if isinstance(value, tuple):
        items = ", ".join(_repr(item) for item in value)
        return f"({items},)" if len(value) == 1 else f"({items})"
    return repr(value)


class _Coded:
    """What a :class:`Reason` and a :class:`Missing` share: a code, an article, parameters."""

    __slots__ = ()
    code: str
    article: Article
    params: Params

    def param(self, name: str) -> object:
        """The parameter called *name* (``KeyError`` if there is none)."""
        return dict(self.params)[name]

    def __repr__(self) -> str:
        params = f", {_repr(self.params)}" if self.params else ""
        return f"{type(self).__name__}({self.code!r}, {self.article!r}{params})"

    def text(self, locale: str = DEFAULT_LOCALE) -> str:
        """The sentence in *locale* (``fr_FR`` by default), without its article."""
        from dunning_core.display import _machine  # the display layer sits above the machine

        return _machine.sentence(cast("Reason | Missing", self), locale=locale)

    @property
    def message(self) -> str:
        """The developer's English sentence (ISO dates, amounts with their currency code)."""
        from dunning_core.display import _machine

        return _machine.message(cast("Reason | Missing", self))


@final
@attrs.frozen(repr=False)
class Reason(_Coded):
    """
    Why something is planned or refused: a *code*, the *article* behind it and its *params*.

    Rendered when shown: ``str()`` in French with its article, :meth:`text` in any locale,
    :attr:`message` in the developer's English.  A code the display layer does not know (a
    sentence written by a host) is shown as it is.

    Attributes:
        code: what the reason says (``"step"``, ``"min_gap"``, ``"notice_not_due"``...; every
            code and its sentence are listed in ``dunning_core/display/_machine.py``).
        article: the rule it rests on (``law.PRACTICE`` for practice).
        params: ``(name, value)`` pairs the sentence uses.

    >>> from datetime import date
    >>> from dunning_core.law import PRACTICE
    >>> reason = Reason("pause_ended", PRACTICE, (("on", date(2026, 5, 1)),))
    >>> str(reason)
    "l'escalade a repris le 1er mai 2026, à la fin de la pause (pratique)"
    >>> reason.text(locale="en_GB")
    'escalation resumed on 1 May 2026, when the pause ended'
    >>> reason.message
    'escalation resumed on 2026-05-01, when the pause ended'
    """

    code: str
    article: Article
    params: Params = attrs.field(default=(), converter=_params)

    def __str__(self) -> str:
        from dunning_core.display import _machine

        return _machine.reason_text(self)


@final
@attrs.frozen(repr=False)
class Missing(_Coded):
    """
    A condition a step still lacks: a *code*, the rule behind it and its parameters.

    It is a value, rendered to text when shown (``str()`` and :meth:`text` in French by
    default, :meth:`text` with ``locale="en_GB"`` in English), so that a host can act on the
    code without parsing a sentence.

    Attributes:
        code: what is missing (``"formal_notice"``, ``"notice_delivery"``,
            ``"notice_served_again"``, ``"notice_deadline"``, ``"no_dispute"``, ``"proofs"``,
            ``"prescription"``, ``"small_claims_ceiling"``, ``"court"``).
        article: the rule that requires it.
        params: ``(name, value)`` pairs the text uses (dates, amounts).

    >>> from dunning_core.law import CPC_1405
    >>> item = Missing("proofs", CPC_1405)
    >>> str(item)
    'des preuves de la créance enregistrées (devis signé, bon de livraison, bon de commande...)'
    >>> item.text("en_GB")
    'proofs of the claim recorded (signed quote, delivery note, order...)'
    """

    code: str
    article: Article
    params: Params = attrs.field(default=(), converter=_params)

    def __str__(self) -> str:
        return self.text()
