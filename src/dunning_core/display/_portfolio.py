"""
The portfolio for people: text tables, HTML tables, the report page and its SVG charts.

:mod:`dunning_core.portfolio` computes the metrics and keeps them as data; its values'
``to_text``/``to_html``/``__str__``/``_repr_html_`` import this module lazily and call it.  Every
heading, label and axis title comes from the catalogs, every amount, rate, duration and date
from :mod:`dunning_core.format`, in ``locale`` (``fr_FR`` by default, ``en_GB`` complete).

>>> from datetime import date
>>> from dunning_core.machine import Case
>>> from dunning_core.portfolio import ageing
>>> a = ageing([Case.open("F-1", "1000", date(2026, 1, 10), due_on=date(2026, 2, 9))],
...            date(2026, 3, 31))
>>> section_text(a, locale="en_GB").splitlines()[0]
'Ageing balance on 31 March 2026 (C. com. art. D441-6)'
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from types import MappingProxyType
from typing import Any, Final

import attrs

from dunning_core._i18n import DEFAULT_LOCALE, N_, catalog_locale, gettext, ngettext, pgettext
from dunning_core.display._errors import series_text
from dunning_core.errors import ArgumentTypeError
from dunning_core.format import (
    format_date,
    format_duration,
    format_money,
    format_percent,
    html_table,
    label,
)
from dunning_core.money import CONTEXT, in_context
from dunning_core.portfolio import (
    CEI,
    DSO,
    Ageing,
    ClaimablePenalties,
    ClaimLine,
    PortfolioReport,
    StageAmounts,
)
from dunning_core.portfolio_io import PortfolioPlan

__all__ = [
    "CSS",
    "plan_html",
    "report_charts",
    "report_html",
    "report_page",
    "report_text",
    "section_html",
    "section_text",
]

_ZERO: Final = Decimal(0)
_TENTH: Final = Decimal("0.1")
_TOP_LINES: Final = 10
_AGEING_HEADER: Final = (N_("Tranche de retard"), N_("Factures"), N_("Montant"), N_("Part"))
_STAGE_HEADER: Final = (N_("Étape"), N_("Dossiers"), N_("Montant"))
_METRIC_HEADER: Final = (N_("Indicateur"), N_("Valeur"))
_ITEM_HEADER: Final = (N_("Élément"), N_("Montant"))
_PLAN_HEADER: Final = (
    N_("Facture"),
    N_("Étape"),
    N_("Jours de retard"),
    N_("Solde"),
    N_("Action du jour"),
    N_("Canal"),
)
_PLAN_ROWS: Final = 50
_CLAIM_HEADER: Final = (
    N_("Facture"),
    N_("Étape"),
    N_("Échéance"),
    N_("Principal"),
    N_("Intérêts"),
    N_("Indemnité"),
    N_("Total"),
)


# --- formatting helpers ---------------------------------------------------------------------------


def _money(value: Decimal, currency: str, locale: str) -> str:
    return format_money(value, currency, locale=locale)


def _percent(value: Decimal | None, locale: str) -> str:
    return "—" if value is None else format_percent(value, places=1, locale=locale)


def _days(value: Decimal | None, locale: str) -> str:
    if value is None:
        return gettext("non défini", locale=locale)
    return format_duration(value.quantize(_TENTH, ROUND_HALF_UP, CONTEXT), locale=locale)


def _long(day: date, locale: str) -> str:
    return format_date(day, format="long", locale=locale)


def _header(names: Sequence[str], locale: str) -> tuple[str, ...]:
    return tuple(gettext(name, locale=locale) for name in names)


def _share_of_all(total: Decimal) -> Decimal | None:
    return Decimal("100.0") if total else None


def _text_table(header: Sequence[str], rows: Sequence[Sequence[str]], left: int = 1) -> list[str]:
    """Columns padded to their width; the first *left* columns flush left, the others right."""
    table = [tuple(header), *(tuple(row) for row in rows)]
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    return [
        "  ".join(
            cell.ljust(width) if i < left else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in table
    ]


@attrs.frozen
class _Section:
    """One table of the report: its title, column names, rows and the lines under it."""

    title: str
    header: tuple[str, ...]
    rows: Sequence[Sequence[str]]
    notes: Sequence[str] = ()
    html_rows: Sequence[Sequence[str]] = ()  # shown in the HTML table only (the text has a title)


def _text(section: _Section) -> str:
    table = _text_table(section.header, section.rows)
    return "\n".join([section.title, *table, *section.notes])


def _html(section: _Section) -> str:
    return html_table(
        section.header,
        [*section.rows, *section.html_rows],
        caption=section.title,
        notes=section.notes,
    )


def _few(references: Sequence[str], shown: int = 5) -> str:
    """The first *shown* references, then an ellipsis: a report line stays one line."""
    head = ", ".join(references[:shown])
    return head + ", …" if len(references) > shown else head


# --- ageing ---------------------------------------------------------------------------------------


def _ageing_title(value: Ageing, locale: str) -> str:
    return gettext("Balance âgée au %(day)s (%(article)s)", locale=locale) % {
        "day": _long(value.as_of, locale),
        "article": value.article,
    }


def _ageing_cells(value: Ageing, locale: str) -> list[tuple[str, str, str, str]]:
    cur = value.currency
    cells = [
        (
            label(row.bucket, locale=locale),
            str(row.count),
            _money(row.amount, cur, locale),
            _percent(row.share, locale),
        )
        for row in value.rows
    ]
    cells.append(
        (
            gettext("Total", locale=locale),
            str(value.count),
            _money(value.total, cur, locale),
            _percent(_share_of_all(value.total), locale),
        )
    )
    return cells


def _disputed(value: Ageing, locale: str) -> list[str]:
    if not value.disputed_count:
        return []
    return [
        ngettext(
            "dont en litige : %(n)s facture, %(amount)s",
            "dont en litige : %(n)s factures, %(amount)s",
            value.disputed_count,
            locale=locale,
        )
        % {
            "n": value.disputed_count,
            "amount": _money(value.disputed_amount, value.currency, locale),
        }
    ]


def _ageing(value: Ageing, locale: str) -> _Section:
    return _Section(
        _ageing_title(value, locale),
        _header(_AGEING_HEADER, locale),
        _ageing_cells(value, locale),
        _disputed(value, locale),
    )


# --- DSO ------------------------------------------------------------------------------------------


def _dso_title(value: DSO, locale: str) -> str:
    words = ngettext(
        "DSO au %(day)s (ventes du dernier jour)",
        "DSO au %(day)s (ventes des %(n)s derniers jours)",
        value.period_days,
        locale=locale,
    )
    return words % {"day": _long(value.as_of, locale), "n": value.period_days}


def _dso_cells(value: DSO, locale: str) -> list[tuple[str, str]]:
    cur = value.currency

    def t(message: str) -> str:
        return gettext(message, locale=locale)

    return [
        (t(N_("Encours clients")), _money(value.receivables, cur, locale)),
        (t(N_("dont non échu")), _money(value.current_receivables, cur, locale)),
        (
            ngettext(
                "Ventes nettes sur %(n)s jour",
                "Ventes nettes sur %(n)s jours",
                value.period_days,
                locale=locale,
            )
            % {"n": value.period_days},
            _money(value.sales, cur, locale),
        ),
        (t(N_("DSO, méthode simple")), _days(value.simple, locale)),
        (t(N_("DSO, méthode par épuisement")), _days(value.count_back, locale)),
        (t(N_("DSO optimal (encours non échu)")), _days(value.best_possible, locale)),
        (t(N_("Retard moyen (DSO - DSO optimal)")), _days(value.delinquent, locale)),
    ]


def _dso(value: DSO, locale: str) -> _Section:
    return _Section(
        _dso_title(value, locale), _header(_METRIC_HEADER, locale), _dso_cells(value, locale)
    )


# --- CEI ------------------------------------------------------------------------------------------


def _cei_title(value: CEI, locale: str) -> str:
    words = ngettext(
        "CEI sur %(n)s jour au %(day)s : %(value)s",
        "CEI sur %(n)s jours au %(day)s : %(value)s",
        value.period_days,
        locale=locale,
    )
    return words % {
        "n": value.period_days,
        "day": _long(value.as_of, locale),
        "value": _percent(value.value, locale),
    }


def _cei_cells(value: CEI, locale: str) -> list[tuple[str, str]]:
    cur = value.currency

    def t(message: str) -> str:
        return gettext(message, locale=locale)

    def at(day: date) -> str:
        return gettext("Encours au %(day)s", locale=locale) % {"day": _long(day, locale)}

    return [
        (at(value.period_start), _money(value.beginning, cur, locale)),
        (t(N_("Ventes nettes de la période")), _money(value.sales, cur, locale)),
        (at(value.as_of), _money(value.ending, cur, locale)),
        (t(N_("dont non échu")), _money(value.ending_current, cur, locale)),
        (t(N_("Encaissé")), _money(value.collected, cur, locale)),
        (t(N_("Encaissable")), _money(value.collectible, cur, locale)),
    ]


def _cei(value: CEI, locale: str) -> _Section:
    """The CEI's table; the index itself is in the title, and the last row of the HTML table."""
    return _Section(
        _cei_title(value, locale),
        _header(_ITEM_HEADER, locale),
        _cei_cells(value, locale),
        html_rows=[("CEI", _percent(value.value, locale))],
    )


# --- amounts by stage -----------------------------------------------------------------------------


def _stages_title(value: StageAmounts, locale: str) -> str:
    return gettext("Encours par étape au %(day)s", locale=locale) % {
        "day": _long(value.as_of, locale)
    }


def _stages_cells(value: StageAmounts, locale: str) -> list[tuple[str, str, str]]:
    cur = value.currency
    closed = " (" + gettext("clos, reliquat", locale=locale) + ")"
    cells = [
        (
            label(row.stage, locale=locale) + (closed if row.stage.terminal else ""),
            str(row.count),
            _money(row.amount, cur, locale),
        )
        for row in value.rows
    ]
    cells.append(
        (
            gettext("Total des dossiers ouverts", locale=locale),
            str(value.open_count),
            _money(value.open_amount, cur, locale),
        )
    )
    return cells


def _stages(value: StageAmounts, locale: str) -> _Section:
    notes = [
        ngettext(
            "%(stage)s : %(n)s dossier ouvert pour ses seules pénalités, son principal est "
            "payé (compté pour 0 ici ; voir les pénalités exigibles)",
            "%(stage)s : %(n)s dossiers ouverts pour leurs seules pénalités, leur principal "
            "est payé (comptés pour 0 ici ; voir les pénalités exigibles)",
            row.penalties_only,
            locale=locale,
        )
        % {"stage": label(row.stage, locale=locale), "n": row.penalties_only}
        for row in value.rows
        if row.penalties_only
    ]
    return _Section(
        _stages_title(value, locale),
        _header(_STAGE_HEADER, locale),
        _stages_cells(value, locale),
        notes,
    )


# --- penalties claimable --------------------------------------------------------------------------


def _claim_cells(
    value: ClaimablePenalties, lines: Sequence[ClaimLine], locale: str
) -> list[tuple[str, ...]]:
    cur = value.currency
    return [
        (
            line.reference,
            label(line.stage, locale=locale),
            format_date(line.due_on, format="short", locale=locale),
            _money(line.principal, cur, locale),
            _money(line.interest, cur, locale),
            _money(line.indemnity, cur, locale),
            _money(line.total, cur, locale),
        )
        for line in lines
    ]


def _missing_rate_lines(value: ClaimablePenalties, locale: str) -> list[str]:
    """One line per rate missing from the tables, naming the invoices it leaves unpriced."""
    groups: dict[tuple[str, str], list[str]] = {}
    for ref, series, period in value.missing_rates:
        groups.setdefault((series, period), []).append(ref)
    return [
        "! "
        + ngettext(
            "Pénalités non calculées pour %(n)s facture : taux %(series)s %(period)s "
            "absent des tables (%(invoices)s)",
            "Pénalités non calculées pour %(n)s factures : taux %(series)s %(period)s "
            "absent des tables (%(invoices)s)",
            len(refs),
            locale=locale,
        )
        % {
            "n": len(refs),
            "series": series_text(series, locale=locale),
            "period": period,
            "invoices": _few(refs),
        }
        for (series, period), refs in groups.items()
    ]


def _prescribed_lines(value: ClaimablePenalties, locale: str) -> list[str]:
    """One line per time limit (C. com. L110-4, C. conso. L218-2): the invoices it left out."""
    if not value.prescribed:
        return []
    if not value.prescribed_invoices:  # a value built without them: the count alone
        return [
            ngettext(
                "%(n)s facture prescrite non comptée (%(article)s)",
                "%(n)s factures prescrites non comptées (%(article)s)",
                value.prescribed,
                locale=locale,
            )
            % {"n": value.prescribed, "article": value.prescription}
        ]
    groups: dict[str, list[str]] = {}
    for ref, _until, article in value.prescribed_invoices:
        groups.setdefault(str(article), []).append(ref)
    return [
        ngettext(
            "%(n)s facture prescrite non comptée (%(article)s) : %(invoices)s",
            "%(n)s factures prescrites non comptées (%(article)s) : %(invoices)s",
            len(refs),
            locale=locale,
        )
        % {"n": len(refs), "article": article, "invoices": _few(refs)}
        for article, refs in groups.items()
    ]


def _penalties_text(value: ClaimablePenalties, locale: str) -> str:
    """The claimable penalties in *locale*: totals, the largest lines, what was left out."""
    cur = value.currency
    count = len(value.lines)
    out = [
        ngettext(
            "Pénalités exigibles au %(day)s : %(n)s facture",
            "Pénalités exigibles au %(day)s : %(n)s factures",
            count,
            locale=locale,
        )
        % {"day": _long(value.as_of, locale), "n": count},
        gettext("Intérêts de retard : %(amount)s", locale=locale)
        % {"amount": _money(value.interest, cur, locale)},
        gettext("Indemnités forfaitaires : %(amount)s", locale=locale)
        % {"amount": _money(value.indemnity, cur, locale)},
        gettext("Total : %(amount)s", locale=locale) % {"amount": _money(value.total, cur, locale)},
    ]
    if value.lines:
        shown = value.lines[:_TOP_LINES]
        out.append(
            ngettext(
                "La plus importante :",
                "Les %(n)s plus importantes :",
                len(shown),
                locale=locale,
            )
            % {"n": len(shown)}
        )
        header = _header(_CLAIM_HEADER, locale)
        out.extend(_text_table(header, _claim_cells(value, shown, locale), left=3))
    out.extend(_missing_rate_lines(value, locale))
    out.extend(_prescribed_lines(value, locale))
    return "\n".join(out)


def _penalties_table(value: ClaimablePenalties, locale: str) -> _Section:
    """Every line of the claimable penalties, for the HTML table (the text shows the largest)."""
    caption = gettext("Pénalités exigibles au %(day)s : %(amount)s", locale=locale) % {
        "day": _long(value.as_of, locale),
        "amount": _money(value.total, value.currency, locale),
    }
    return _Section(
        caption,
        _header(_CLAIM_HEADER, locale),
        _claim_cells(value, value.lines, locale),
        [*_missing_rate_lines(value, locale), *_prescribed_lines(value, locale)],
    )


_SECTIONS: Final[Mapping[type, Callable[[Any, str], _Section]]] = MappingProxyType(
    {
        Ageing: _ageing,
        DSO: _dso,
        CEI: _cei,
        StageAmounts: _stages,
        ClaimablePenalties: _penalties_table,
    }
)
"""The table of each portfolio value."""


def _section(value: object, locale: str) -> _Section:
    build = _SECTIONS.get(type(value))
    if build is None:
        raise ArgumentTypeError(
            "value", value, "an Ageing, DSO, CEI, StageAmounts or ClaimablePenalties"
        )
    return build(value, locale)


@in_context
def section_text(value: object, *, locale: str = DEFAULT_LOCALE) -> str:
    """
    A portfolio value (:class:`Ageing`, :class:`DSO`, :class:`CEI`, :class:`StageAmounts`,
    :class:`ClaimablePenalties`) as text in *locale*: its title, its table, the lines under it
    (the penalties: their totals, then the largest lines).
    """
    if isinstance(value, ClaimablePenalties):
        return _penalties_text(value, locale)
    return _text(_section(value, locale))


@in_context
def section_html(value: object, *, locale: str = DEFAULT_LOCALE) -> str:
    """A portfolio value as an HTML table in *locale*, its title as the caption."""
    return _html(_section(value, locale))


# --- a portfolio planned for a day ---------------------------------------------------------------


@in_context
def plan_html(plan: PortfolioPlan, *, locale: str = DEFAULT_LOCALE) -> str:
    """
    A planned portfolio as an HTML table in *locale*: one row per case (the first 50), its
    stage, lateness, balance, the steps due today and their channels; the cases that could not
    be planned under it.
    """
    rows = [
        (
            item.case.reference,
            label(item.stage, locale=locale),
            str(item.days_late),
            _money(item.case.balance, item.case.currency, locale),
            ", ".join(action.step.name for action in item.actions),
            ", ".join(
                label(action.channel, locale=locale)
                for action in item.actions
                if action.channel is not None
            ),
        )
        for item in plan.items
    ]
    counts = pgettext("list separator", ", ", locale=locale).join(
        [
            ngettext("%(n)s dossier", "%(n)s dossiers", len(plan.items), locale=locale)
            % {"n": len(plan.items)},
            ngettext("%(n)s action due", "%(n)s actions dues", len(plan.actions), locale=locale)
            % {"n": len(plan.actions)},
            ngettext("%(n)s erreur", "%(n)s erreurs", len(plan.errors), locale=locale)
            % {"n": len(plan.errors)},
        ]
    )
    caption = gettext("Plan du %(day)s : %(counts)s", locale=locale) % {
        "day": _long(plan.today, locale),
        "counts": counts,
    }
    from dunning_core.display._rows import row_error_text

    notes = [f"{error.invoice} — {row_error_text(error, locale=locale)}" for error in plan.errors]
    return html_table(
        _header(_PLAN_HEADER, locale),
        rows,
        caption=caption,
        notes=notes,
        max_rows=_PLAN_ROWS,
        locale=locale,
    )


# --- the report -----------------------------------------------------------------------------------


def _others(value: PortfolioReport, locale: str) -> str:
    if not value.other_currencies:
        return ""
    return ngettext(
        ", %(n)s autre en d'autres devises non comptée",
        ", %(n)s autres en d'autres devises non comptées",
        value.other_currencies,
        locale=locale,
    ) % {"n": value.other_currencies}


def _report_head(value: PortfolioReport, locale: str) -> str:
    head = ngettext(
        "Rapport de portefeuille au %(day)s (%(currency)s) : %(n)s facture",
        "Rapport de portefeuille au %(day)s (%(currency)s) : %(n)s factures",
        value.case_count,
        locale=locale,
    ) % {"day": _long(value.as_of, locale), "currency": value.currency, "n": value.case_count}
    return head + _others(value, locale)


def _summary(value: PortfolioReport, locale: str) -> str:
    """The line under the page's heading: how many invoices, in which currency."""
    counted = ngettext(
        "%(n)s facture en %(currency)s",
        "%(n)s factures en %(currency)s",
        value.case_count,
        locale=locale,
    ) % {"n": value.case_count, "currency": value.currency}
    return counted + _others(value, locale)


@in_context
def report_text(value: PortfolioReport, *, locale: str = DEFAULT_LOCALE) -> str:
    """Every section of the report as text in *locale*."""
    sections = (value.ageing, value.dso, value.cei, value.stages, value.penalties)
    return "\n\n".join(
        [
            _report_head(value, locale),
            *(section_text(section, locale=locale) for section in sections),
        ]
    )


# --- charts (inline SVG, no script, no network) ---------------------------------------------------

_PALETTE: Final = ("#4c956c", "#f2c14e", "#f78154", "#d1495b", "#8e2c48")
_STAGE_COLOUR: Final = "#2f6690"
_Bar = tuple[str, Decimal, str]


def _coord(value: Decimal) -> str:
    return str(value.quantize(_TENTH, rounding=ROUND_HALF_UP, context=CONTEXT))


def _scaled(value: Decimal, top: Decimal, length: int) -> Decimal:
    if top <= 0:
        return _ZERO
    return CONTEXT.multiply(CONTEXT.divide(value, top), Decimal(length))


def _svg_head(width: int, height: int, title: str) -> str:
    esc = html.escape
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" font-family="sans-serif" font-size="12">'
        f"<title>{esc(title)}</title>"
        f'<text x="{width // 2}" y="20" text-anchor="middle" font-size="14" '
        f'font-weight="bold">{esc(title)}</text>'
    )


def _tooltip(name: str, amount: str, locale: str) -> str:
    return gettext("%(label)s : %(amount)s", locale=locale) % {"label": name, "amount": amount}


def _svg_columns(title: str, axis: str, bars: Sequence[_Bar], currency: str, locale: str) -> str:
    """A vertical bar chart: one ``(label, amount, colour)`` per bar, *axis* under the bars."""
    esc = html.escape
    width, height, base, plot = 640, 320, 250, 190
    slot = Decimal(width - 40) / Decimal(max(len(bars), 1))
    bar = CONTEXT.multiply(slot, Decimal("0.6"))
    top = max((amount for _, amount, _ in bars), default=_ZERO)
    out = [
        _svg_head(width, height, title),
        f'<line x1="20" y1="{base}" x2="{width - 20}" y2="{base}" stroke="#333"/>',
    ]
    for index, (name, amount, colour) in enumerate(bars):
        h = _scaled(amount, top, plot)
        x = Decimal(20) + slot * index + (slot - bar) / 2
        centre = _coord(x + bar / 2)
        money = _money(amount, currency, locale)
        out.append(
            f'<rect x="{_coord(x)}" y="{_coord(base - h)}" width="{_coord(bar)}" '
            f'height="{_coord(h)}" fill="{esc(colour)}"><title>'
            f"{esc(_tooltip(name, money, locale))}</title></rect>"
        )
        out.append(
            f'<text x="{centre}" y="{_coord(base - h - 6)}" text-anchor="middle">'
            f"{esc(money)}</text>"
        )
        out.append(f'<text x="{centre}" y="{base + 18}" text-anchor="middle">{esc(name)}</text>')
    out.append(
        f'<text x="{width // 2}" y="{height - 12}" text-anchor="middle" fill="#555">'
        f"{esc(axis)}</text>"
    )
    out.append("</svg>")
    return "".join(out)


def _svg_rows(title: str, axis: str, bars: Sequence[_Bar], currency: str, locale: str) -> str:
    """A horizontal bar chart: one ``(label, amount, colour)`` per bar, *axis* under the bars."""
    esc = html.escape
    width, label_width, row, plot = 640, 290, 28, 220
    height = 64 + row * max(len(bars), 1)
    top = max((amount for _, amount, _ in bars), default=_ZERO)
    out = [_svg_head(width, height, title)]
    for index, (name, amount, colour) in enumerate(bars):
        y = 32 + row * index
        w = _scaled(amount, top, plot)
        money = _money(amount, currency, locale)
        out.append(f'<text x="{label_width - 8}" y="{y + 15}" text-anchor="end">{esc(name)}</text>')
        out.append(
            f'<rect x="{label_width}" y="{y}" width="{_coord(w)}" height="{row - 8}" '
            f'fill="{esc(colour)}"><title>{esc(_tooltip(name, money, locale))}</title></rect>'
        )
        out.append(f'<text x="{_coord(label_width + w + 6)}" y="{y + 15}">{esc(money)}</text>')
    out.append(
        f'<text x="{label_width + plot // 2}" y="{height - 12}" text-anchor="middle" '
        f'fill="#555">{esc(axis)}</text>'
    )
    out.append("</svg>")
    return "".join(out)


def _axes(currency: str, locale: str) -> tuple[str, str]:
    """The captions under the bars of the two charts: what the bars are, and in what currency."""
    return (
        gettext("Jours de retard après l'échéance (montants en %(currency)s)", locale=locale)
        % {"currency": currency},
        gettext("Encours ouvert par étape, en %(currency)s", locale=locale)
        % {"currency": currency},
    )


@in_context
def report_charts(value: PortfolioReport, *, locale: str = DEFAULT_LOCALE) -> tuple[str, str]:
    """The charts as inline SVG documents in *locale*: the ageing balance, the amounts by stage."""
    ageing_bars = [
        (label(row.bucket, locale=locale), row.amount, colour)
        for row, colour in zip(value.ageing.rows, _PALETTE, strict=True)
    ]
    stage_bars = [
        (label(row.stage, locale=locale), row.amount, _STAGE_COLOUR)
        for row in value.stages.rows
        if not row.stage.terminal
    ]
    by_days, by_stage = _axes(value.currency, locale)
    return (
        _svg_columns(
            gettext("Balance âgée", locale=locale), by_days, ageing_bars, value.currency, locale
        ),
        _svg_rows(
            gettext("Encours par étape", locale=locale),
            by_stage,
            stage_bars,
            value.currency,
            locale,
        ),
    )


CSS: Final = (
    "body{font-family:sans-serif;margin:2em auto;max-width:60em;color:#222}"
    "table.dunning-core{border-collapse:collapse;margin:1em 0}"
    "table.dunning-core caption{font-weight:bold;text-align:left;padding:.3em 0}"
    "table.dunning-core th,table.dunning-core td{border:1px solid #ccc;padding:.3em .6em}"
    "table.dunning-core td:not(:first-child){text-align:right}"
    "figure{margin:1em 0}p.note{color:#555;font-size:.9em}"
)
"""The style sheet of the report page: plain, no web font, nothing fetched."""


@in_context
def report_html(value: PortfolioReport, *, locale: str = DEFAULT_LOCALE) -> str:
    """The report's sections and charts as an HTML fragment in *locale* (for notebooks)."""
    ageing_svg, stages_svg = report_charts(value, locale=locale)
    esc = html.escape

    def h2(message: str) -> str:
        return f"<h2>{esc(gettext(message, locale=locale))}</h2>"

    note = gettext("Tranches de retard de %(article)s.", locale=locale) % {
        "article": value.ageing.article
    }
    return "".join(
        [
            h2(N_("Balance âgée")),
            section_html(value.ageing, locale=locale),
            f"<figure>{ageing_svg}</figure>",
            f'<p class="note">{esc(note)}</p>',
            h2(N_("DSO")),
            section_html(value.dso, locale=locale),
            h2(N_("CEI")),
            section_html(value.cei, locale=locale),
            h2(N_("Encours par étape")),
            section_html(value.stages, locale=locale),
            f"<figure>{stages_svg}</figure>",
            h2(N_("Pénalités exigibles")),
            section_html(value.penalties, locale=locale),
        ]
    )


@in_context
def report_page(
    value: PortfolioReport, *, title: str | None = None, locale: str = DEFAULT_LOCALE
) -> str:
    """
    A self-contained HTML page in *locale*: the tables and the charts as inline SVG (no script,
    no external resource); *title* replaces the heading ("Rapport de portefeuille au <date>").
    """
    heading = (
        title
        if title is not None
        else gettext("Rapport de portefeuille au %(day)s", locale=locale)
        % {"day": _long(value.as_of, locale)}
    )
    esc = html.escape
    language = catalog_locale(locale).partition("_")[0]
    return (
        f'<!DOCTYPE html>\n<html lang="{language}"><head><meta charset="utf-8">'
        f"<title>{esc(heading)}</title><style>{CSS}</style></head><body>"
        f"<h1>{esc(heading)}</h1><p>{esc(_summary(value, locale))}</p>"
        f"{report_html(value, locale=locale)}</body></html>\n"
    )
