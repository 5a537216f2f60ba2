"""
Penalty breakdowns and bases for people: text tables, HTML tables and the words of a basis, in
a locale (``fr_FR`` by default, ``en_GB``), every sentence from the catalogs and every number,
amount, rate and date from :mod:`dunning_core.format`.

:class:`~dunning_core.interest.PenaltyBreakdown` (``str()``, ``to_text``, ``_repr_html_``,
``to_html``) and :class:`~dunning_core.interest.PenaltyBasis` (``str()``) call these functions
from inside their methods; they keep the data and a short evaluable ``repr``.

>>> from datetime import date
>>> from decimal import Decimal
>>> from dunning_core.interest import PenaltyBasis, late_penalties
>>> basis_text(PenaltyBasis.legal_plus(5)), basis_text(PenaltyBasis.legal_plus(5), locale="en_GB")
("taux d'intérêt légal + 5 points", 'legal interest rate + 5 points')
>>> b = late_penalties(Decimal("1000"), date(2025, 3, 31), date(2025, 4, 30))
>>> print(breakdown_text(b, locale="en_GB").splitlines()[-1])
Total: €50.81
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Final

import attrs

from dunning_core._i18n import DEFAULT_LOCALE, N_, gettext
from dunning_core.format import (
    format_date,
    format_money,
    format_percent,
    html_table,
)
from dunning_core.interest import PenaltyBasis, PenaltyBreakdown
from dunning_core.money import in_context

__all__ = ["basis_text", "breakdown_html", "breakdown_text"]

_HEADERS: Final = (N_("Du"), N_("Au"), N_("Jours"), N_("Base"), N_("Taux"), N_("Montant"))


@attrs.frozen
class _Show:
    """Words, amounts and dates of one breakdown in one locale."""

    locale: str
    currency: str

    def t(self, message: str) -> str:
        return gettext(message, locale=self.locale)

    def money(self, value: Decimal) -> str:
        return format_money(value, self.currency, locale=self.locale)

    def short(self, day: date) -> str:
        return format_date(day, format="short", locale=self.locale)

    def long(self, day: date) -> str:
        return format_date(day, format="long", locale=self.locale)


def basis_text(basis: PenaltyBasis, *, locale: str = DEFAULT_LOCALE) -> str:
    """A penalty basis in words, in *locale* (its ``str()`` in French)."""
    return gettext(basis.wording, locale=locale) % basis.words(locale)


@in_context  # babel formats in the current context: never the caller's
def breakdown_html(breakdown: PenaltyBreakdown, *, locale: str = DEFAULT_LOCALE) -> str:
    """The lines and the totals of *breakdown* as an HTML table, in *locale*."""
    show = _Show(locale, breakdown.currency)
    t, day, money = show.t, show.short, show.money
    rows: list[tuple[object, ...]] = [
        (
            day(x.start),
            day(x.end),
            x.days,
            money(x.balance),
            format_percent(x.rate, locale=locale),
            money(x.amount),
            x.article,
        )
        for x in breakdown.lines
    ]
    blank = ("", "", "", "")
    rows.append((*blank, gettext("Intérêts", locale=locale), money(breakdown.interest), ""))
    unconverted = breakdown.unconverted_indemnity
    indemnity = (
        money(breakdown.indemnity)
        if unconverted is None
        else gettext("%(amount)s en euros, hors total", locale=locale)
        % {"amount": format_money(unconverted, "EUR", locale=locale)}
    )
    rows.append(
        (*blank, gettext("Indemnité", locale=locale), indemnity, breakdown.indemnity_article)
    )
    rows.append((*blank, gettext("Total", locale=locale), money(breakdown.total), ""))
    caption = gettext(
        "Pénalités de retard (%(basis)s) : principal %(principal)s, échéance %(due)s, "
        "calcul au %(on)s",
        locale=locale,
    ) % {
        "basis": basis_text(breakdown.basis, locale=locale),
        "principal": money(breakdown.principal),
        "due": day(breakdown.due_on),
        "on": day(breakdown.paid_on),
    }
    headers = (*(t(h) for h in _HEADERS), gettext("Article", locale=locale))
    notes = [finding.to_text(locale=locale) for finding in breakdown.findings]
    return html_table(headers, rows, caption=caption, notes=notes)


@in_context  # babel rounds in the current context: never the caller's
def breakdown_text(breakdown: PenaltyBreakdown, *, locale: str = DEFAULT_LOCALE) -> str:
    """*breakdown* as a text table, in *locale*: basis, principal, lines, totals, findings."""
    show = _Show(locale, breakdown.currency)
    t, money, short, long = show.t, show.money, show.short, show.long
    out = [
        gettext("Pénalités de retard : %(basis)s", locale=locale)
        % {"basis": basis_text(breakdown.basis, locale=locale)},
        gettext("Principal %(principal)s, échéance le %(due)s, calcul au %(on)s", locale=locale)
        % {
            "principal": money(breakdown.principal),
            "due": long(breakdown.due_on),
            "on": long(breakdown.paid_on),
        },
    ]
    header = tuple(t(h) for h in _HEADERS)
    table = [header] + [
        (
            short(line.start),
            short(line.end),
            str(line.days),
            money(line.balance),
            format_percent(line.rate, locale=locale) + ("*" if line.provisional else ""),
            money(line.amount),
        )
        for line in breakdown.lines
    ]
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    for row in table:
        cells = [
            cell.ljust(width) if i < 2 else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        ]
        out.append("  ".join(cells).rstrip())
    out.append(
        gettext("Intérêts de retard : %(amount)s", locale=locale)
        % {"amount": money(breakdown.interest)}
    )
    if breakdown.interest_paid:
        out.append(
            "  "
            + gettext("dont déjà payés : %(amount)s", locale=locale)
            % {"amount": money(breakdown.interest_paid)}
        )
    article = f" ({breakdown.indemnity_article})" if breakdown.indemnity_article else ""
    unconverted = breakdown.unconverted_indemnity
    if unconverted is None:
        indemnity = money(breakdown.indemnity)
    else:  # owed in euros, not converted: not in the total
        indemnity = gettext("%(amount)s en euros, hors total", locale=locale) % {
            "amount": format_money(unconverted, "EUR", locale=locale)
        }
    out.append(
        gettext("Indemnité pour frais de recouvrement : %(amount)s", locale=locale)
        % {"amount": indemnity}
        + article
    )
    if breakdown.provisional:
        out.append(
            gettext("Total : %(amount)s (provisoire : * taux supposé, non publié)", locale=locale)
            % {"amount": money(breakdown.total)}
        )
    else:
        out.append(
            gettext("Total : %(amount)s", locale=locale) % {"amount": money(breakdown.total)}
        )
    out.extend(f"! {finding.to_text(locale=locale)}" for finding in breakdown.findings)
    return "\n".join(out)
