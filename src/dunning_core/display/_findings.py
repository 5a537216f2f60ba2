"""
Compliance findings for people: a :class:`~dunning_core.law.Finding`'s severity, its sentence
from the catalogs (its parameters formatted for the locale) and its article.

:meth:`Finding.to_text <dunning_core.law.Finding.to_text>` delegates here (from inside the
method), and so does the deprecated ``dunning_core.format.finding_text``.

>>> from dunning_core.law import L441_10, Finding, Severity
>>> f = Finding(Severity.INFO, "floor not checked for 2031-H1", L441_10,
...             code="floor_unchecked", params=(("half", "2031-S1"),),
...             text="le plancher de 3 fois le taux légal n'a pu être vérifié pour "
...                  "%(half)s : aucun taux légal pour ce semestre dans les tables")
>>> print(finding_text(f, locale="en_GB"))
info: the floor of 3 times the legal rate could not be checked for 2031-S1: no legal rate for that half-year in the rate book (C. com. art. L441-10)
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Final

from babel.numbers import format_decimal

from dunning_core._i18n import DEFAULT_LOCALE, N_, gettext
from dunning_core.errors import ArgumentTypeError
from dunning_core.format import format_date, format_percent
from dunning_core.law import Finding

__all__ = ["finding_text"]

_SEVERITY_LABELS: Final = {
    "info": N_("info"),
    "warning": N_("avertissement"),
    "violation": N_("violation"),
}


def finding_text(finding: Finding, *, locale: str = DEFAULT_LOCALE) -> str:
    """
    *finding* as a person reads it in *locale*: its severity, its sentence from the catalogs
    (with its parameters formatted for *locale*: a ``Decimal`` is a rate in percent, a ``date``
    a day) and its article; a finding without a sentence in the catalogs shows its message.

    Raises:
        ArgumentTypeError: *finding* is not a ``Finding``.
    """
    from dunning_core.display._describe import article_text  # it imports the penalties' texts

    if not isinstance(finding, Finding):
        raise ArgumentTypeError("finding", finding, "a Finding")
    severity = gettext(_SEVERITY_LABELS[finding.severity.value], locale=locale)
    if finding.text:
        values = {name: _param(value, locale) for name, value in finding.params}
        sentence = gettext(finding.text, locale=locale) % values
    else:
        sentence = finding.message
    return gettext("%(severity)s : %(sentence)s (%(article)s)", locale=locale) % {
        "severity": severity,
        "sentence": sentence,
        "article": article_text(finding.article, locale=locale),
    }


def _param(value: object, locale: str) -> str:
    """
    A parameter of a finding in *locale*: a ``Decimal`` is a rate in percent, a ``date`` a day,
    an ``int`` a count, a ``str`` a label read in the catalogs (a name or a code not in them
    shows as it is), any other value (payment terms, a penalty basis) in words.
    """
    if isinstance(value, Decimal):
        return format_percent(value, locale=locale)
    if isinstance(value, date):
        return format_date(value, locale=locale)
    if isinstance(value, int) and not isinstance(value, bool):
        return str(format_decimal(value, locale=locale))
    if isinstance(value, str):
        return gettext(value, locale=locale) if value else value
    from dunning_core.display._describe import value_text  # it imports the penalties' texts

    return value_text(value, locale=locale)
