"""
Presentation helpers: amounts, dates and rates in a locale (babel), and escaped HTML tables.

Everything here is for display (notebooks, reports, ``_repr_html_``); nothing computes.

* :func:`format_money` rounds half-up to the currency's minor unit *before* formatting (babel on
  its own rounds half to even), so the text always shows the amount the library computed;
* :func:`format_percent` shows a rate exactly (two decimals at least, every decimal it has, never
  rounded: a legal rate of 2.625 % reads ``2,625 %`` wherever it is shown), or a share with a
  fixed number of decimals (``places=1``);
* :func:`format_duration` writes a number of days (weeks, months, years) with the locale's plural
  rules (``1 jour``, ``45 jours``; ``1 day``, ``45 days``), or a ``timedelta`` roughly
  (``2 mois``);
* every helper takes the locale as an argument (``fr_FR`` by default, ``en_GB`` as complete),
  never from the environment; the rest of the package formats through them, so that the same
  value reads the same everywhere;
* :func:`html_table` builds the small HTML tables the public values show in a notebook; every
  cell, header, caption and note is escaped with :func:`html.escape`.

The French locale uses a narrow no-break space (U+202F) to group digits and a no-break space
(U+00A0) before ``€`` and ``%``:

>>> from decimal import Decimal
>>> format_money(Decimal("1234.5"), "EUR")
'1\\u202f234,50\\xa0€'
>>> format_percent(Decimal("12.15"))
'12,15\\xa0%'
>>> print(html_table(("Facture", "Montant"), [("F-1 <urgent>", "1 200,00 €")]))
<table class="dunning-core">
<thead><tr><th>Facture</th><th>Montant</th></tr></thead>
<tbody>
<tr><td>F-1 &lt;urgent&gt;</td><td>1 200,00 €</td></tr>
</tbody>
</table>
"""

from __future__ import annotations

import enum
import html
import re
import sys
import warnings
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from typing import Final

from babel import Locale, UnknownLocaleError
from babel.dates import format_date as _babel_date
from babel.dates import format_timedelta
from babel.numbers import format_currency, format_decimal
from babel.numbers import format_percent as _babel_percent
from babel.units import format_unit

from dunning_core._i18n import DEFAULT_LOCALE, gettext, ngettext
from dunning_core._validators import instance_of, int_between, items_of, optional
from dunning_core.calendar import to_date
from dunning_core.errors import ArgumentTypeError, DunningDeprecationWarning, InvalidArgument
from dunning_core.law import Finding
from dunning_core.money import check_currency, in_context, quantize, to_amount

__all__ = [
    "DATE_FORMATS",
    "DEFAULT_LOCALE",
    "DURATION_UNITS",
    "describe",
    "finding_text",
    "format_date",
    "format_duration",
    "format_money",
    "format_percent",
    "french_de",
    "html_table",
    "label",
]

DATE_FORMATS: Final[tuple[str, ...]] = ("short", "medium", "long", "full")
"""The named date formats of :func:`format_date` (any other text is a CLDR pattern)."""

DURATION_UNITS: Final[tuple[str, ...]] = ("day", "week", "month", "year")
"""The units of :func:`format_duration`."""

_TABLE_CLASS: Final = "dunning-core"


def _locale(locale: object) -> Locale:
    if not isinstance(locale, str):  # checked before the cache: a list is unhashable
        raise ArgumentTypeError("locale", locale, "a locale name such as 'fr_FR' or 'en_US'")
    if not locale:
        raise InvalidArgument("locale", locale, "a locale name such as 'fr_FR' or 'en_US'")
    return _parsed_locale(locale)


@cache
def _parsed_locale(locale: str) -> Locale:
    try:
        return Locale.parse(locale)
    except (UnknownLocaleError, ValueError):
        raise InvalidArgument(
            "locale", locale, "a locale babel knows, such as 'fr_FR' or 'en_US'"
        ) from None


@in_context  # babel computes in the current context: never the caller's
def format_money(amount: object, currency: str, *, locale: str = DEFAULT_LOCALE) -> str:
    """
    An amount as text in *locale*, rounded half-up to *currency*'s minor unit first.

    Args:
        amount: a ``Decimal``, ``int`` or numeric ``str`` (negative allowed: a difference).
        currency: ISO 4217 code.
        locale: the locale of the text (default ``fr_FR``).

    Returns:
        The formatted amount, such as ``'1\\u202f234,50\\xa0€'``.

    Raises:
        AmountTypeError: *amount* is a ``float`` or another type.
        InvalidAmount: NaN, infinity, an unknown currency.
        InvalidArgument: an unknown locale.

    >>> format_money("0.125", "EUR")  # half-up, where babel alone would show 0,12
    '0,13\\xa0€'
    >>> format_money(1234, "JPY", locale="en_US")
    '¥1,234'
    """
    value = to_amount(amount, allow_negative=True)
    code = check_currency(currency)
    where = _locale(locale)
    return str(format_currency(quantize(value, code), code, locale=where))


def format_date(day: date, *, locale: str = DEFAULT_LOCALE, format: str = "long") -> str:
    """
    A calendar date as text in *locale*.

    Args:
        day: a ``datetime.date`` (not a ``datetime``).
        locale: the locale of the text (default ``fr_FR``).
        format: ``"short"``, ``"medium"``, ``"long"`` (default) or ``"full"``, or a CLDR
            pattern such as ``"dd/MM/yyyy"``.

    Raises:
        DateTypeError: *day* is not a ``datetime.date``.
        InvalidArgument: an unknown locale or an empty format.

    >>> format_date(date(2026, 3, 1)), format_date(date(2026, 3, 2))  # French: "1er"
    ('1er mars 2026', '2 mars 2026')
    >>> format_date(date(2026, 3, 1), format="short"), format_date(date(2026, 3, 1), locale="en_US")
    ('01/03/2026', 'March 1, 2026')
    """
    checked = to_date(day, name="day")
    if not isinstance(format, str) or not format:
        raise InvalidArgument("format", format, f"one of {', '.join(DATE_FORMATS)} or a pattern")
    where = _locale(locale)
    try:
        if checked.day == 1 and where.language == "fr":
            return str(_babel_date(checked, format=_first_of_month(where, format), locale=where))
        return str(_babel_date(checked, format=format, locale=where))
    except (AttributeError, KeyError, ValueError, TypeError):  # a time field, an unknown letter
        raise InvalidArgument(
            "format",
            format,
            f"one of {', '.join(DATE_FORMATS)} or a CLDR date pattern such as 'dd/MM/yyyy' "
            "(no time fields: these are dates)",
        ) from None


_DAY_FIELD: Final = re.compile(r"'[^']*'|(?<!d)d(?!d)")
"""A quoted literal (kept) or the day field ``d`` alone (not ``dd``) of a CLDR pattern."""


@cache
def _first_of_month(where: Locale, format: str) -> str:
    """
    The pattern of *format* for the first day of a month in French: "1er mars 2026", the
    ordinal French writes (and CLDR does not), where the month is in letters (``MMM``);
    numeric dates ("01/03/2026") are left alone.
    """
    named = where.date_formats.get(format) if format in DATE_FORMATS else None
    pattern = str(named.pattern) if named is not None else format
    if "MMM" not in pattern:
        return pattern
    return _DAY_FIELD.sub(lambda m: "d'er'" if m.group() == "d" else m.group(), pattern)


@cache
def _percent_pattern(locale: Locale, places: int | None) -> str:
    pattern = str(locale.percent_formats[None].pattern)
    head, zero, tail = pattern.partition(";")[0].rpartition("0")
    decimals = ".00##" if places is None else ("." + "0" * places if places else "")
    return f"{head}{zero}{decimals}{tail}" if zero else pattern


def _places(places: object) -> int | None:
    if places is not None and (isinstance(places, bool) or not isinstance(places, int)):
        raise ArgumentTypeError("places", places, "a whole number of decimals, or None")
    if places is not None and not 0 <= places <= 6:
        raise InvalidArgument("places", places, "0 to 6 decimals, or None for a rate")
    return places


@in_context  # babel computes in the current context: never the caller's
def format_percent(rate: object, *, locale: str = DEFAULT_LOCALE, places: int | None = None) -> str:
    """
    A rate given **in percent** (``Decimal("12.15")`` is 12.15 %) as text in *locale*.

    The one rule for rates (``places=None``, the default): at least two decimals are shown, and
    every decimal the rate has; nothing is rounded, since a rate is cited as the law or the
    contract gives it.  Shares and other measures pass *places*: exactly that many decimals,
    rounded half-up.

    Args:
        rate: the rate in percent, ``Decimal``, ``int`` or ``str`` (negative allowed).
        locale: the locale of the text (default ``fr_FR``).
        places: ``None`` for a rate, or the number of decimals (0 to 6) of a share.

    Raises:
        AmountTypeError: *rate* is a ``float`` or another type.
        InvalidAmount: NaN or infinity.
        InvalidArgument: an unknown locale, *places* out of range.

    >>> format_percent(10), format_percent("2.625"), format_percent("12.15", locale="en_GB")
    ('10,00\\xa0%', '2,625\\xa0%', '12.15%')
    >>> format_percent("28.55", places=1), format_percent("2.625", places=2)
    ('28,6\\xa0%', '2,63\\xa0%')
    """
    value = to_amount(rate, allow_negative=True)
    where = _locale(locale)
    decimals = _places(places)
    if decimals is not None:
        value = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    fraction = value.scaleb(-2)  # exact: only the exponent changes
    return str(
        _babel_percent(
            fraction,
            format=_percent_pattern(where, decimals),
            locale=where,
            decimal_quantization=False,
        )
    )


@in_context  # babel computes in the current context: never the caller's
def format_duration(value: object, unit: str = "day", *, locale: str = DEFAULT_LOCALE) -> str:
    """
    A duration as text in *locale*, with its plural rules (CLDR units, through babel).

    Args:
        value: a number of *unit* (``int``, or a ``Decimal``/``str`` shown with the decimals it
            has, such as a DSO of 45.2 days), or a ``timedelta``, written roughly in its
            largest unit ("2 mois" for 61 days: for "late for 2 months", never for a deadline).
        unit: ``"day"`` (default), ``"week"``, ``"month"`` or ``"year"``; ignored for a
            ``timedelta``.
        locale: the locale of the text (default ``fr_FR``).

    Raises:
        AmountTypeError: a ``float`` or another type.
        InvalidAmount: NaN or infinity.
        InvalidArgument: an unknown locale or unit.

    >>> format_duration(45), format_duration(1), format_duration(1, locale="en_GB")
    ('45\\xa0jours', '1\\xa0jour', '1 day')
    >>> format_duration(Decimal("45.2")), format_duration(2, "month", locale="en_GB")
    ('45,2\\xa0jours', '2 months')
    >>> from datetime import timedelta
    >>> format_duration(timedelta(days=61)), format_duration(timedelta(days=61), locale="en_GB")
    ('2\\xa0mois', '2 months')
    """
    where = _locale(locale)
    if isinstance(value, timedelta):
        return str(format_timedelta(value, locale=where))
    if unit not in DURATION_UNITS:
        raise InvalidArgument("unit", unit, f"one of {', '.join(DURATION_UNITS)}")
    number = to_amount(value, allow_negative=True)
    return str(format_unit(number, f"duration-{unit}", format=_pattern(number), locale=where))


def _pattern(value: Decimal) -> str:
    """A number pattern showing every decimal *value* has, no more, no fewer."""
    exponent = value.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return "#,##0." + "0" * places if places else "#,##0"


def label(value: enum.Enum, *, locale: str = DEFAULT_LOCALE) -> str:
    """
    The name of an enum value for people, in *locale*: its ``label`` (the French name of a
    stage, a channel, an ageing bucket) from the catalogs, else its value.

    Raises:
        ArgumentTypeError: *value* is not an enum value, or *locale* not a ``str``.
        InvalidArgument: an unknown locale.

    >>> from dunning_core.policy import Channel, Stage
    >>> label(Stage.FORMAL_NOTICE), label(Stage.FORMAL_NOTICE, locale="en_GB")
    ('mise en demeure', 'formal notice')
    >>> label(Channel.REGISTERED_LETTER, locale="en_GB")
    'registered letter with acknowledgement of receipt'
    """
    if not isinstance(value, enum.Enum):
        raise ArgumentTypeError("value", value, "an enum value (a Stage, a Channel...)")
    _locale(locale)
    text = getattr(value, "label", None)
    return gettext(text, locale=locale) if isinstance(text, str) else str(value.value)


def finding_text(finding: Finding, *, locale: str = DEFAULT_LOCALE) -> str:
    """
    Deprecated: use :meth:`Finding.to_text(locale=...) <dunning_core.law.Finding.to_text>`.

    A finding as a person reads it in *locale*, drawn by the display layer (where the text of
    every value now lives); emits a :class:`~dunning_core.errors.DunningDeprecationWarning`.

    >>> import warnings
    >>> from dunning_core.law import L441_10, Finding, Severity
    >>> f = Finding(Severity.VIOLATION, "75 days exceeds the 60-day cap", L441_10)
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore", DunningDeprecationWarning)
    ...     finding_text(f, locale="en_GB") == f.to_text(locale="en_GB")
    True
    """
    warnings.warn(
        "dunning_core.format.finding_text is deprecated: use finding.to_text(locale=...)",
        DunningDeprecationWarning,
        stacklevel=2,
    )
    from dunning_core.display import _findings  # the display layer, loaded when shown

    return _findings.finding_text(finding, locale=locale)


def describe(value: object, *, skip: Iterable[str] = ("on",), locale: str = DEFAULT_LOCALE) -> str:
    """
    The fields of an attrs value as one short line for people, in *locale*, drawn by the
    display layer: each field by its name in the catalogs (``étape``, ``stage``), enums by their
    label, booleans *oui*/*non* (*yes*/*no*), amounts with the decimals they have, dates short,
    payment terms and penalty bases in words; fields in *skip* and empty ones (``None``,
    ``""``, empty tuples) left out.

    Args:
        value: an attrs instance (an event, a step...), payment terms, a penalty basis; anything
            else is shown with ``str``.
        skip: names of fields to leave out (default: ``on``, which tables show apart).
        locale: the locale of the text (default ``fr_FR``).

    >>> from dunning_core.money import Money
    >>> describe(Money("1250", "EUR"))
    'montant : 1\u202f250,00 ; devise : EUR'
    >>> describe(Money("1250.50", "EUR"), skip=("currency",), locale="en_GB")
    'amount: 1,250.50'
    """
    from dunning_core.display import _describe  # the display layer, loaded when shown

    return _describe.describe(value, skip=skip, locale=locale)


_VOWELS: Final = frozenset("aeiouyàâäéèêëîïôöùûüÿæœ")
_CONTRACTED: Final = (("les ", "des "), ("le ", "du "))  # "de les" and "de le" never stand
# The h muet words that commonly open a company's name ("d'Hôtel du Lac", "d'Horlogerie
# Vernet"): French elides before them.  Every other h is taken as aspiré ("de Hachette", "de
# Halles Martin"), as most names starting with an h are; the first word is matched by its start.
_H_MUET: Final = (
    "habill", "habit", "harmoni", "héberg", "herbor", "hérit", "hippo", "histoire", "hiver",
    "homéo", "hôpita", "hopita", "horizon", "horlog", "horticul", "hospi", "hôte", "hote",
    "huil", "huissi", "humani", "hydr", "hygi", "hyper",
)  # fmt: skip


def french_de(name: str, *, capital: bool = False) -> str:
    """
    The French preposition *de* before *name*, elided or contracted as French writes it.

    ``d'`` before a vowel or a *y* ("créance d'Atelier Dupont", "d'EDF") and before the
    *h muet* words that commonly open a company's name ("d'Hôtel du Lac", "d'Horlogerie
    Vernet", "d'Hôpital privé"); ``du`` and ``des`` for a name starting with the article *Le*
    or *Les* ("du Bon Marché", "des Ateliers réunis"); ``de`` otherwise, including before
    *La*, *L'*, a digit and any other *h* (many names start with an *h aspiré*: "de
    Hachette").  *capital* starts the result with a capital, for the beginning of a sentence.

    Args:
        name: the name that follows the preposition (a creditor, a debtor, an agency...).
        capital: ``D'``/``Du``/``Des``/``De`` rather than lower case.

    Raises:
        ArgumentTypeError: *name* is not a ``str``.

    >>> french_de("Atelier Dupont"), french_de("ACME SAS"), french_de("Le Bon Marché")
    ("d'Atelier Dupont", "d'ACME SAS", 'du Bon Marché')
    >>> french_de("Les Ateliers réunis", capital=True), french_de("La Poste"), french_de("Hachette")
    ('Des Ateliers réunis', 'de La Poste', 'de Hachette')
    >>> french_de("Hôtel du Lac")
    "d'Hôtel du Lac"
    """
    if not isinstance(name, str):
        raise ArgumentTypeError("name", name, "the name as a str")
    text = name.lstrip()
    lowered = text.lower()
    for article, contracted in _CONTRACTED:
        if lowered.startswith(article) and text[len(article) :].strip():
            out = contracted + text[len(article) :].lstrip()
            break
    else:
        first = lowered.split(maxsplit=1)[0] if lowered.strip() else ""
        elided = first[:1] in _VOWELS or first.startswith(_H_MUET)
        out = f"d'{text}" if elided else f"de {text}"
    return out[:1].upper() + out[1:] if capital else out


def _cell(value: object) -> str:
    return "" if value is None else html.escape(str(value))


_IS_TITLE: Final = instance_of(str, accepted="column titles as str")
_IS_NOTE: Final = instance_of(str, accepted="notes as str")


def html_table(
    headers: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    caption: str | None = None,
    notes: Iterable[str] = (),
    max_rows: int | None = None,
    locale: str = DEFAULT_LOCALE,
) -> str:
    """
    A small HTML table, every piece of text escaped with :func:`html.escape`.

    Cells may be any value: ``None`` shows as an empty cell, anything else as ``str(value)``
    (format amounts and dates first, with :func:`format_money` and :func:`format_date`).

    Args:
        headers: the column titles.
        rows: the rows, each a sequence of exactly one cell per header.
        caption: a title shown above the table.
        notes: lines shown under the table (findings, warnings), one row each.
        max_rows: show at most this many rows, then one saying how many were left out.
        locale: the language of that row ("… et 3 autres lignes", "… and 3 more rows").

    Returns:
        The HTML text of a ``<table class="dunning-core">``.

    Raises:
        InvalidArgument: headers that are not strings, a row of the wrong length, a caption
            or note that is not a string, a negative *max_rows*.

    >>> print(html_table(["n"], [[1], [2], [3]], caption="Trois & plus", max_rows=2,
    ...                  notes=["a < b"]))
    <table class="dunning-core">
    <caption>Trois &amp; plus</caption>
    <thead><tr><th>n</th></tr></thead>
    <tbody>
    <tr><td>1</td></tr>
    <tr><td>2</td></tr>
    <tr><td colspan="1">… et 1 autre ligne</td></tr>
    </tbody>
    <tfoot><tr><td colspan="1">a &lt; b</td></tr></tfoot>
    </table>
    >>> html_table(["a", "b"], [(1,)])
    Traceback (most recent call last):
    ...
    dunning_core.errors.InvalidArgument: rows: rows of 2 cells, one per header (got (1,))
    """
    if isinstance(headers, str) or not isinstance(headers, Sequence) or not headers:
        raise InvalidArgument("headers", headers, "a non-empty sequence of column titles")
    items_of("headers", headers, _IS_TITLE, accepted="a non-empty sequence of column titles")
    optional(instance_of(str, accepted="a str or None"))("caption", caption)
    optional(int_between(0, sys.maxsize))("max_rows", max_rows)
    _locale(locale)
    for name, given in (("rows", rows), ("notes", notes)):
        if isinstance(given, str) or not isinstance(given, Iterable):
            raise ArgumentTypeError(name, given, f"an iterable of {name} (a list, a tuple...)")
    width = len(headers)
    body: list[str] = []
    hidden = 0
    for row in rows:
        if isinstance(row, str) or not isinstance(row, Sequence) or len(row) != width:
            raise InvalidArgument("rows", row, f"rows of {width} cells, one per header")
        if max_rows is not None and len(body) >= max_rows:
            hidden += 1
            continue
        body.append("<tr>" + "".join(f"<td>{_cell(cell)}</td>" for cell in row) + "</tr>")
    if hidden:
        more = ngettext(
            "… et %(n)s autre ligne", "… et %(n)s autres lignes", hidden, locale=locale
        ) % {"n": format_decimal(hidden, locale=_locale(locale))}
        body.append(f'<tr><td colspan="{width}">{html.escape(more)}</td></tr>')
    footer = []
    for note in notes:
        _IS_NOTE("notes", note)
        footer.append(f'<tr><td colspan="{width}">{html.escape(note)}</td></tr>')
    out = [f'<table class="{_TABLE_CLASS}">']
    if caption is not None:
        out.append(f"<caption>{html.escape(caption)}</caption>")
    out.append(
        "<thead><tr>" + "".join(f"<th>{html.escape(h)}</th>" for h in headers) + "</tr></thead>"
    )
    out.extend(("<tbody>", *body, "</tbody>"))
    if footer:
        out.append("<tfoot>" + "".join(footer) + "</tfoot>")
    out.append("</table>")
    return "\n".join(out)
