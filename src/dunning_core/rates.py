"""
Rate tables shipped as package data, each row with its source, and how users extend them.

Three series are shipped in ``dunning_core/_data/`` (see ``SOURCES.md`` there and ``docs/rates.md``):

* :data:`ECB_MRO`: every change of the ECB main refinancing operations rate (*taux de refinancement
  de la BCE*), 1999 onwards, known until :data:`DATA_AS_OF` (the last ECB decision recorded);
* :data:`LEGAL_CONSUMER` and :data:`LEGAL_OTHER`: the two French legal interest rates (*taux de
  l'intérêt légal*, CMF L313-2) per half-year since 2015, for a creditor who is a natural person
  not acting for professional needs (*particulier*) and for every other case (*autres cas*).

The statutory late-payment rate of C. com. L441-10 II (:data:`STATUTORY`) is *derived* from the ECB
table: from 2013 the ECB rate in force on 1 January / 1 July + 10 points, per half-year; in
2009–2012 ECB + 10 points following each ECB change.  A :class:`RateBook` bundles the four series;
:func:`default_rates` is the shipped book.  Nothing is ever extrapolated: a date after a table's
``known_until`` raises :class:`~dunning_core.errors.RateUnavailable`, naming the half-year and the
recipe to supply the rate.  :meth:`RateBook.assuming_unchanged` is the explicit way to price days
after the tables on the last published rates, every such amount marked provisional.

>>> from datetime import date
>>> book = default_rates()
>>> book.statutory.rate_on(date(2025, 8, 15))
Decimal('12.15')
>>> book.legal_other.rate_on(date(2026, 2, 1))
Decimal('2.62')
>>> book.statutory.rate_on(date(2026, 7, 1))
Traceback (most recent call last):
...
dunning_core.errors.RateUnavailable: no STATUTORY rate is known for 2026-H2; ...
"""

from __future__ import annotations

import csv
import io
from bisect import bisect_right
from collections.abc import Callable, Iterable, Mapping
from datetime import date, timedelta
from decimal import Decimal
from functools import cache
from importlib.resources import files
from types import MappingProxyType
from typing import Any, Final, final

import attrs

from dunning_core.calendar import (
    half_year_end,
    half_year_label,
    half_year_start,
    parse_date,
    to_date,
)
from dunning_core.errors import (
    ArgumentTypeError,
    DunningError,
    InvalidArgument,
    InvalidDate,
    RateTableError,
    RateUnavailable,
)
from dunning_core.money import CONTEXT, to_amount

__all__ = [
    "DATA_AS_OF",
    "ECB_MRO",
    "KNOWN_AHEAD_MAX",
    "LEGAL_CONSUMER",
    "LEGAL_OTHER",
    "PLAUSIBLE_RATES",
    "SEMESTER_RULE_FROM",
    "SERIES",
    "STATUTORY",
    "STATUTORY_FROM",
    "STATUTORY_POINTS",
    "RateBook",
    "RatePeriod",
    "RateTable",
    "default_rates",
]

ECB_MRO: Final = "ECB_MRO"
"""The ECB main refinancing operations rate (fixed rate, or minimum bid rate 2000–2008)."""
STATUTORY: Final = "STATUTORY"
"""The default late-payment rate of C. com. L441-10 II: ECB + 10 points (derived, never shipped)."""
LEGAL_CONSUMER: Final = "LEGAL_CONSUMER"
"""The legal interest rate when the *creditor* is a natural person not acting for professional needs."""
LEGAL_OTHER: Final = "LEGAL_OTHER"
"""The legal interest rate in every other case (*autres cas*), the base of the 3 × floor."""
SERIES: Final = (ECB_MRO, STATUTORY, LEGAL_CONSUMER, LEGAL_OTHER)

DATA_AS_OF: Final = date(2026, 3, 19)
"""
The date the shipped data is known until: the ECB decision of 19 March 2026, which kept the MRO
rate at 2.15 %.  The ECB table is known up to this day only (not up to the day before the next
scheduled meeting: nothing is assumed about a decision not yet read).  The legal-rate tables run
further, to 2026-06-30, because a half-year's rates are published before it starts.
"""

STATUTORY_FROM: Final = date(2009, 1, 1)
"""ECB + 10 points applies to late payments from 1 January 2009 (LME); earlier dates are refused."""
SEMESTER_RULE_FROM: Final = date(2013, 1, 1)
"""From this date the statutory rate is fixed per half-year (loi n° 2012-387 du 22 mars 2012)."""
STATUTORY_POINTS: Final = Decimal(10)

PLAUSIBLE_RATES: Final[Mapping[str, tuple[Decimal, Decimal]]] = MappingProxyType(
    {
        ECB_MRO: (Decimal(-1), Decimal(25)),
        LEGAL_CONSUMER: (Decimal(0), Decimal(30)),
        LEGAL_OTHER: (Decimal(0), Decimal(30)),
    }
)
"""
The band, in percent, a rate of each series must fall in (both ends included); a rate outside it
is refused as a typo or a hostile file.  The ECB MRO rate has run from 0 % to 4.75 % since 1999
(-1 % leaves room for a negative rate, as the deposit rate had); the legal rates from 0.04 % to
8.16 % since 2015.  A table of another series (your own) has no band.  Read-only.

>>> PLAUSIBLE_RATES[ECB_MRO]
(Decimal('-1'), Decimal('25'))
"""

KNOWN_AHEAD_MAX: Final = timedelta(days=366)
"""
How far after an ECB decision its rate may be declared known (``known_until``): one year at most.
The Governing Council decides every six weeks; a rate is known until the next decision, never for
years (a ``known_until`` of 9999-12-31 would stretch it over centuries).
"""

_DAY: Final = timedelta(days=1)
_DATA_FILES: Final = {
    ECB_MRO: "ecb_mro_rate.csv",
    LEGAL_CONSUMER: "taux_interet_legal.csv",
    LEGAL_OTHER: "taux_interet_legal.csv",
    STATUTORY: "penalty_rate_semesters.csv",
}
_RATE_COLUMNS: Final = {
    ECB_MRO: "rate",
    LEGAL_CONSUMER: "rate_particuliers",
    LEGAL_OTHER: "rate_autres",
    STATUTORY: "statutory_penalty_rate",
}
_CLI_HINT: Final = (
    "or pass a CSV file to `dunning penalty --rates FILE` (format in docs/rates.md), or run "
    "`dunning rates update` / `dunning rates add-legal`; until it is published, "
    "rates=default_rates().assuming_unchanged(through=<day>) (`--assume-unchanged`) prices it on "
    "the last published rate, stated as provisional"
)


def _hint(series: str, day: date) -> str:
    """The exact recipe to supply the rate that *series* lacks on *day*."""
    if series == STATUTORY and day < STATUTORY_FROM:
        return (
            "ECB + 10 points applies from 2009-01-01 (before: ECB + 7, loi NRE, not shipped); "
            'pass basis=PenaltyBasis.contractual(Decimal("<rate>")) with a rate you can source'
        )
    if series in (ECB_MRO, STATUTORY):
        when = half_year_start(day) if series == STATUTORY else day
        return (
            f"record the ECB decision in force on {when.isoformat()}: "
            "rates=default_rates().with_ecb_decision(date(<effective date>), "
            'Decimal("<MRO rate>"), source="<ECB press release>", '
            f"known_until=date({when.year}, {when.month}, {when.day})), {_CLI_HINT}"
        )
    if series in (LEGAL_CONSUMER, LEGAL_OTHER):
        start = half_year_start(day)
        if day < date(2009, 1, 1):
            return (
                "the shipped legal rates start in 2009 (one rate a year until 2014, two since "
                "2015-01-01, CMF L313-2); for earlier dates build a full table with "
                "RateTable.from_csv(...) and pass rates=default_rates().with_table(table)"
            )
        return (
            f"add the legal rates of {half_year_label(day)}: "
            f"rates=default_rates().with_legal_rates(date({start.year}, {start.month}, 1), "
            'consumer=Decimal("<rate>"), other=Decimal("<rate>"), source="<arrêté>"), '
            f"{_CLI_HINT}"
        )
    return 'extend the table: table.extended(RatePeriod(start, end, Decimal("<rate>"), "<source>"))'


def _to_rate(value: object) -> Decimal:
    return to_amount(value, allow_negative=True)


def _check_plausible(series: str, rate: Decimal) -> Decimal:
    """*rate* when it lies in the :data:`PLAUSIBLE_RATES` band of *series* (if it has one)."""
    band = PLAUSIBLE_RATES.get(series)
    if band is not None and not band[0] <= rate <= band[1]:
        raise RateTableError(
            series,
            f"a rate of {rate} % is outside the plausible band of {series}, {band[0]} % to "
            f"{band[1]} % (PLAUSIBLE_RATES): check the row (a rate is in percent: 2.15 means "
            "2.15 %)",
            code="implausible_rate",
            params=(("rate", rate), ("low", band[0]), ("high", band[1])),
        )
    return rate


def _cell_data(error: DunningError) -> tuple[tuple[str, Any], ...]:
    """The value (and the argument's name) of an error raised while reading a cell."""
    data: tuple[tuple[str, Any], ...] = ()
    if isinstance(error, InvalidArgument):
        data = (("name", error.name),)
    value = getattr(error, "value", None)
    return data if value is None else (*data, ("value", value))


def _check_source(source: object) -> str:
    if not isinstance(source, str):
        raise ArgumentTypeError("source", source, "every rate needs a non-empty source (str)")
    if not source.strip():
        raise InvalidArgument(
            "source", source, "every rate needs a non-empty source (str)", code="empty_source"
        )
    return source


@final
@attrs.frozen(repr=False)
class RatePeriod:
    """
    One rate in force from *start* to *end* (both inclusive), in percent, with its source.

    Args:
        start: the first day the rate is in force.
        end: the last day (inclusive).
        rate: the rate in percent per year (``Decimal("12.15")`` means 12.15 %); may be negative
            (the ECB deposit rate was), never a float.
        source: the official publication (or pages) the rate was read on.
        provisional: ``True`` when the rate was not published for these days but *assumed*
            (see :meth:`RateBook.assuming_unchanged`); every amount priced on it is provisional.

    Raises:
        DateTypeError: *start* or *end* is not a ``date``.
        InvalidDate: *start* is after *end*.
        InvalidAmount: *rate* is a float, NaN or infinite.
        InvalidArgument: *source* is empty.

    >>> from datetime import date
    >>> RatePeriod(date(2026, 1, 1), date(2026, 6, 30), "2.62", "Arrêté du 15 décembre 2025")
    RatePeriod(2026-01-01..2026-06-30, 2.62 %)
    """

    start: date
    end: date
    rate: Decimal = attrs.field(converter=_to_rate)
    source: str
    provisional: bool = attrs.field(default=False, kw_only=True)

    def __attrs_post_init__(self) -> None:
        to_date(self.start, name="start")
        to_date(self.end, name="end")
        if self.start > self.end:
            raise InvalidDate(
                (self.start, self.end), "a rate period must start on or before its end"
            )
        _check_source(self.source)
        if not isinstance(self.provisional, bool):
            raise ArgumentTypeError("provisional", self.provisional, "True or False")

    def __repr__(self) -> str:
        assumed = ", provisional" if self.provisional else ""
        return f"RatePeriod({self.start}..{self.end}, {self.rate} %{assumed})"


def _last_end(table: RateTable) -> date:
    last = table.periods[-1] if table.periods else None
    return last.end if isinstance(last, RatePeriod) else date.min


def _to_periods(value: Iterable[RatePeriod]) -> tuple[RatePeriod, ...]:
    given: object = value  # typed for the constructor's signature, checked since callers may err
    if isinstance(given, (str, bytes, RatePeriod)) or not isinstance(given, Iterable):
        raise ArgumentTypeError("periods", given, "an iterable of RatePeriod, sorted by start")
    return tuple(given)


def _check_series(series: object) -> str:
    if not isinstance(series, str):
        raise ArgumentTypeError("series", series, "a table needs a non-empty series name (str)")
    if not series:
        raise InvalidArgument("series", series, "a table needs a non-empty series name")
    return series


@final
@attrs.frozen(repr=False)
class RateTable:
    """
    One series of rates: contiguous :class:`RatePeriod` values, sorted, without gap or overlap.

    The table is known until the end of its last period (*known_until*), and never beyond:
    looking up a later date raises :class:`~dunning_core.errors.RateUnavailable`.  Lookups bisect a
    precomputed tuple of period starts.  Tables are immutable; :meth:`extended` returns a new one.

    Args:
        series: the series name (:data:`ECB_MRO`, :data:`LEGAL_OTHER`... or your own).
        periods: the periods, sorted and contiguous.
        known_until: the last day the table is known for; defaults to the last period's end and
            must equal it when given.

    Raises:
        ArgumentTypeError: *series* is not a ``str`` or *periods* not an iterable.
        InvalidArgument: *series* is empty.
        DateTypeError: *known_until* is not a ``date``.
        RateTableError: no period, a period that is not a :class:`RatePeriod`, periods out of
            order, overlapping or leaving a gap (the message names the period), or a
            *known_until* that is not the last period's end.

    >>> from datetime import date
    >>> t = RateTable("DEMO", [RatePeriod(date(2026, 1, 1), date(2026, 6, 30), "5", "demo")])
    >>> t
    RateTable('DEMO', 2026-01-01..2026-06-30, 1 period)
    >>> t.rate_on(date(2026, 3, 1))
    Decimal('5')
    >>> t.extended(RatePeriod(date(2026, 7, 2), date(2026, 12, 31), "6", "demo"))
    Traceback (most recent call last):
    ...
    dunning_core.errors.RateTableError: rate table 'DEMO' at period 2 (2026-07-02..2026-12-31): \
gap after 2026-06-30: each period must start the day after the previous one ends
    """

    series: str
    periods: tuple[RatePeriod, ...] = attrs.field(converter=_to_periods)
    known_until: date = attrs.field(default=attrs.Factory(_last_end, takes_self=True))
    _starts: tuple[date, ...] = attrs.field(init=False, eq=False, hash=False)

    def __attrs_post_init__(self) -> None:
        series = _check_series(self.series)
        to_date(self.known_until, name="known_until")
        if not self.periods:
            raise RateTableError(series, "a table needs at least one period")
        previous: RatePeriod | None = None
        for number, period in enumerate(self.periods, start=1):
            if not isinstance(period, RatePeriod):
                raise RateTableError(series, "expected a RatePeriod", f"period {number}")
            where = f"period {number} ({period.start}..{period.end})"
            if period.start > period.end:  # pragma: no cover - RatePeriod refuses it already
                raise RateTableError(series, "starts after its end", where)
            if previous is not None:
                # Compared without adding a day: previous.end may be 9999-12-31.
                data = (("start", period.start), ("previous", previous.end))
                if period.start < previous.start:
                    raise RateTableError(
                        series,
                        "periods must be sorted by start date",
                        where,
                        code="periods_unsorted",
                        params=(("start", period.start), ("previous", previous.start)),
                    )
                if period.start <= previous.end:
                    raise RateTableError(
                        series,
                        f"overlaps the previous period ending {previous.end}",
                        where,
                        code="periods_overlap",
                        params=data,
                    )
                if (period.start - previous.end).days > 1:
                    raise RateTableError(
                        series,
                        f"gap after {previous.end}: each period must start the day after "
                        "the previous one ends",
                        where,
                        code="periods_gap",
                        params=data,
                    )
            previous = period
        if self.known_until != self.periods[-1].end:
            raise RateTableError(
                series,
                f"known_until ({self.known_until}) must be the last period's end "
                f"({self.periods[-1].end}): a rate is never extended past what was published",
            )
        object.__setattr__(self, "_starts", tuple(p.start for p in self.periods))

    def __repr__(self) -> str:
        n = len(self.periods)
        return (
            f"RateTable({self.series!r}, {self.periods[0].start}..{self.known_until}, "
            f"{n} period{'s' if n > 1 else ''})"
        )

    @property
    def first_day(self) -> date:
        """The first day the table covers."""
        return self.periods[0].start

    @property
    def published_until(self) -> date | None:
        """
        The last day covered by a published rate (not an assumed one); ``None`` if none is.

        It is :attr:`known_until` unless the table was extended by
        :meth:`RateBook.assuming_unchanged`.

        >>> book = default_rates().assuming_unchanged(through=date(2026, 12, 4))
        >>> book.ecb.published_until, book.ecb.known_until
        (datetime.date(2026, 3, 19), datetime.date(2026, 12, 4))
        """
        for period in reversed(self.periods):
            if not period.provisional:
                return period.end
        return None

    def unavailable(self, day: date) -> RateUnavailable:
        """
        The error for a *day* this table does not cover: names the half-year and the recipe.

        >>> from datetime import date
        >>> e = default_rates().legal_other.unavailable(date(2026, 8, 1))
        >>> e.period, e.hint.startswith("add the legal rates of 2026-H2")
        ('2026-H2', True)
        """
        code = ""
        if day < self.first_day:  # nothing is shipped before the table starts
            code = "statutory_before_2009" if self.series == STATUTORY else "before_the_tables"
        params = (("series", self.series), ("period", half_year_label(day)), ("day", day))
        return RateUnavailable(
            self.series, half_year_label(day), _hint(self.series, day), code=code, params=params
        )

    def period_on(self, day: date) -> RatePeriod:
        """
        The period in force on *day* (bisection over the period starts).

        Raises:
            RateUnavailable: *day* is before the first period or after :attr:`known_until`.

        >>> from datetime import date
        >>> default_rates().ecb.period_on(date(2024, 7, 1))
        RatePeriod(2024-06-12..2024-09-17, 4.25 %)
        """
        index = bisect_right(self._starts, to_date(day, name="day")) - 1
        if index < 0 or day > self.known_until:
            raise self.unavailable(day)
        return self.periods[index]

    def rate_on(self, day: date) -> Decimal:
        """
        The rate in force on *day*, in percent.

        >>> from datetime import date
        >>> default_rates().ecb.rate_on(date(2022, 7, 1))
        Decimal('0.00')
        """
        return self.period_on(day).rate

    def covering(self, start: date, end: date) -> tuple[RatePeriod, ...]:
        """
        The periods overlapping ``[start, min(end, known_until)]``, in order.

        The caller decides what to do past :attr:`known_until` (the interest engine raises
        :meth:`unavailable` only if it still needs a rate there).

        Raises:
            RateUnavailable: *start* itself is not covered.

        >>> from datetime import date
        >>> default_rates().statutory.covering(date(2025, 3, 1), date(2025, 8, 1))
        (RatePeriod(2025-01-01..2025-06-30, 13.15 %), RatePeriod(2025-07-01..2025-12-31, 12.15 %))
        """
        if type(start) is not date:  # a plain date needs no call: the interest engine's hot path
            start = to_date(start, name="start")
        if type(end) is not date:
            end = to_date(end, name="end")
        first = bisect_right(self._starts, start) - 1
        if first < 0 or start > self.known_until:
            raise self.unavailable(start)
        last = bisect_right(self._starts, min(end, self.known_until))
        return self.periods[first:last]

    def extended(self, *periods: RatePeriod) -> RateTable:
        """
        A new table with *periods* appended (this one is left unchanged).

        The first new period must start the day after :attr:`known_until`.

        >>> from datetime import date
        >>> t = default_rates().legal_other
        >>> t2 = t.extended(RatePeriod(date(2026, 7, 1), date(2026, 12, 31), "2.5", "arrêté"))
        >>> t.known_until, t2.known_until
        (datetime.date(2026, 6, 30), datetime.date(2026, 12, 31))
        """
        return RateTable(self.series, self.periods + periods)

    @classmethod
    def from_csv(
        cls,
        text: str,
        *,
        series: str,
        rate_column: str | None = None,
        known_until: date | None = None,
    ) -> RateTable:
        """
        Read a table from CSV text (the shipped files' formats).

        Two layouts are read, with a header row and a ``source`` column on every row:

        * ``start,end,<rate>,source``: one row per period (the legal-rate and semester files);
        * ``effective_date,<rate>,source``: one row per change (the ECB file); each rate runs to
          the day before the next change, the last one to *known_until*, which is then required.

        The rate column is *rate_column* or, by default, ``rate_particuliers`` for
        :data:`LEGAL_CONSUMER`, ``rate_autres`` for :data:`LEGAL_OTHER`,
        ``statutory_penalty_rate`` for :data:`STATUTORY` and ``rate`` otherwise.

        Raises:
            ArgumentTypeError: *text*, *series* or *rate_column* is not a ``str``.
            RateTableError: a missing column, an unreadable row (the message names its line),
                a gap or an overlap.

        >>> text = "start,end,rate,source\\n2026-01-01,2026-06-30,2.62,arrêté\\n"
        >>> RateTable.from_csv(text, series="MINE").rate_on(date(2026, 6, 30))
        Decimal('2.62')
        """
        series = _check_series(series)
        if rate_column is not None and not isinstance(rate_column, str):
            raise ArgumentTypeError("rate_column", rate_column, "a column name (str), or None")
        column = rate_column or _RATE_COLUMNS.get(series, "rate")
        header, csv_rows = _csv_rows(text, series)
        changes = "effective_date" in header
        needed = {column, "source"} | ({"effective_date"} if changes else {"start", "end"})
        if not needed <= header:
            raise RateTableError(
                series,
                f"missing column(s) {sorted(needed - header)}; expected a header "
                f"'start,end,{column},source' or 'effective_date,{column},source'",
                "line 1",
            )
        rows: list[tuple[date, date | None, Decimal, str]] = []
        for line, row in csv_rows:
            try:
                if changes:
                    begin, finish = _day(row, "effective_date"), None
                else:
                    begin, finish = _day(row, "start"), _day(row, "end")
                rate = to_amount(row.get(column, ""), allow_negative=True)
                source = _check_source(row.get("source", ""))
                _check_plausible(series, rate)
            except RateTableError as error:
                raise RateTableError(series, error.reason, f"line {line}") from None
            except DunningError as error:
                raise RateTableError(series, str(error), f"line {line}") from None
            rows.append((begin, finish, rate, source))
        if not rows:
            raise RateTableError(series, "no data row")
        if changes:
            if known_until is None:
                raise RateTableError(
                    series,
                    "a list of changes must say until when its last rate is known: "
                    "pass known_until=date(...)",
                )
            if any(nxt[0] == date.min for nxt in rows[1:]):
                raise RateTableError(
                    series,
                    f"a change on {date.min} can only be the first row: "
                    "the changes must be in date order",
                )
            ends = [nxt[0] - _DAY for nxt in rows[1:]] + [to_date(known_until, name="known_until")]
            rows = [(b, e, r, s) for (b, _, r, s), e in zip(rows, ends, strict=True)]
        try:
            periods = [RatePeriod(b, f, r, s) for b, f, r, s in rows if f is not None]
        except DunningError as error:
            raise RateTableError(series, str(error)) from None
        return cls(series, periods)


def _csv_rows(text: object, series: str) -> tuple[set[str], list[tuple[int, dict[str, str]]]]:
    """The header and the (line number, row) pairs of CSV *text*; malformed CSV raises."""
    if not isinstance(text, str):
        raise ArgumentTypeError("text", text, "CSV text (str)")
    # A row is one line: an unbalanced quote would swallow the rows after it, silently.
    for number, line in enumerate(text.splitlines(), start=1):
        if line.count('"') % 2:
            raise RateTableError(
                series,
                "unbalanced quotes: a quote opens a cell that does not close on its line",
                f"line {number}",
                code="unbalanced_quotes",
            )
    reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
    try:
        header = set(reader.fieldnames or ())
        rows = [(reader.line_num, _within_header(row, reader.line_num, series)) for row in reader]
    except csv.Error as error:
        raise RateTableError(
            series,
            f"malformed CSV: {error}",
            f"line {reader.reader.line_num}",
            code="malformed_csv",
        ) from None
    return header, rows


def _day(row: Mapping[str, str], column: str) -> date:
    """The date of a cell (``YYYY-MM-DD``; spaces and tabs around it are the cell's, not the date's)."""
    return parse_date(row.get(column, "").strip(" \t"))


def _within_header(row: dict[str | None, object], line: int, series: str) -> dict[str, str]:
    """The row's cells; a value beyond the header is an error, not dropped silently."""
    extra = row.get(None)
    if isinstance(extra, list) and any(str(cell).strip() for cell in extra):
        raise RateTableError(
            series,
            f"a value beyond the header's columns {extra!r:.60}",
            f"line {line}",
            code="beyond_header",
            params=(("extra", tuple(str(cell) for cell in extra)[:5]),),
        )
    return {k: v if isinstance(v, str) else "" for k, v in row.items() if k is not None}


def _read_data(name: str) -> str:
    return files("dunning_core").joinpath("_data").joinpath(name).read_text(encoding="utf-8")


def _derive_statutory(ecb: RateTable) -> RateTable:
    """ECB + 10 points: following each change in 2009–2012, per half-year from 2013."""
    periods: list[RatePeriod] = []
    # 2009–2012 (LME, C. com. L441-6 then): "l'opération de refinancement la plus récente".
    last_floating = min(SEMESTER_RULE_FROM - _DAY, ecb.known_until)
    for period in ecb.covering(STATUTORY_FROM, last_floating):
        start, end = max(period.start, STATUTORY_FROM), min(period.end, last_floating)
        rate = CONTEXT.add(period.rate, STATUTORY_POINTS)
        if periods and periods[-1].rate == rate and periods[-1].provisional == period.provisional:
            start = periods.pop().start
        periods.append(
            RatePeriod(
                start,
                end,
                rate,
                f"C. com. L441-6 I (now L441-10 II), LME: ECB MRO {period.rate} % in force "
                f"from {period.start} + 10 points (follows each ECB change until 2012-12-31)",
                provisional=period.provisional,
            )
        )
    # From 2013 (loi n° 2012-387): the ECB rate in force on 1 January / 1 July + 10 points.
    start = SEMESTER_RULE_FROM
    while start <= ecb.known_until:
        ecb_period = ecb.period_on(start)
        end = half_year_end(start)
        periods.append(
            RatePeriod(
                start,
                end,
                CONTEXT.add(ecb_period.rate, STATUTORY_POINTS),
                f"C. com. L441-10 II: ECB MRO {ecb_period.rate} % in force on {start} "
                f"(since {ecb_period.start}) + 10 points",
                provisional=ecb_period.provisional,
            )
        )
        if end == date.max:  # 9999-H2: no half-year follows
            break
        start = end + _DAY
    return RateTable(STATUTORY, periods)


def _assumed(table: RateTable, through: date, *, per_half_year: bool) -> RateTable:
    """
    *table* extended to *through* with its last published rate, each new period provisional.

    Per-half-year tables (the legal rates) get one period per half-year, as published ones do.
    """
    if through <= table.known_until:
        return table
    last = table.periods[-1]
    source = (
        f"ASSUMED UNCHANGED, not published: the last published rate ({last.rate} % from "
        f"{last.start}, {last.source})"
    )
    added: list[RatePeriod] = []
    start = table.known_until + _DAY
    while start <= through:
        end = min(half_year_end(start), through) if per_half_year else through
        added.append(RatePeriod(start, end, last.rate, source, provisional=True))
        if end == through:
            break
        start = end + _DAY
    return table.extended(*added)


def _series_is(name: str) -> Callable[[object, object, RateTable], None]:
    def check(_instance: object, _attribute: object, value: RateTable) -> None:
        if not isinstance(value, RateTable):
            raise ArgumentTypeError(name, value, f"a RateTable of series {name!r}")
        if value.series != name:
            raise RateTableError(value.series, f"expected a table of series {name!r}")

    return check


def _add_half_year(
    periods: list[RatePeriod], series: str, start: date, rate: object, source: str
) -> None:
    """Append to *periods* (in place) the rate of the half-year starting on *start*, validated."""
    start = to_date(start, name="half_year_start")
    known_until = periods[-1].end
    if known_until == date.max:
        raise RateTableError(
            series, f"the table is known until {date.max}, the last date: nothing follows"
        )
    expected = known_until + _DAY
    if start != expected:
        raise RateTableError(
            series,
            f"the next half-year to add starts on {expected} ({half_year_label(expected)}), "
            f"not {start}",
            code="not_next_half_year",
            params=(("expected", expected), ("value", start)),
        )
    if start != half_year_start(start):
        raise RateTableError(
            series,
            f"{start} is not 1 January or 1 July",
            code="not_half_year_start",
            params=(("value", start),),
        )
    period = RatePeriod(start, half_year_end(start), rate, source)
    _check_plausible(series, period.rate)
    periods.append(period)


_CONFIRMED: Final = "; confirmed in force on "


def _add_ecb_decision(
    periods: list[RatePeriod], on: date, rate: object, source: str, until: date
) -> None:
    """
    Record in *periods* (in place) the ECB decision in force from *on*, known until *until*.

    Each call costs the same whatever the length of the table: a file of thousands of decisions
    loads in linear time.  A confirmation keeps the first source and the latest confirmation
    only (a daily series would otherwise grow one source string quadratically).
    """
    new_rate = _check_plausible(ECB_MRO, to_amount(rate, allow_negative=True))
    _check_source(source)
    last = periods[-1]
    if on <= last.end:
        raise RateTableError(
            ECB_MRO,
            f"a decision in force from {on} is not after the table's last known day "
            f"({last.end}); decisions must be in date order (to correct the history pass a "
            "whole table to with_table())",
            code="decision_out_of_order",
            params=(("value", on), ("last", last.end)),
        )
    if until < on:
        raise RateTableError(
            ECB_MRO,
            f"known_until ({until}) is before the decision ({on})",
            code="known_until_before_decision",
            params=(("until", until), ("value", on)),
        )
    if until - on > KNOWN_AHEAD_MAX:
        raise RateTableError(
            ECB_MRO,
            f"known_until ({until}) is {(until - on).days} days after the decision ({on}): a "
            f"rate is known until the next decision at most, {KNOWN_AHEAD_MAX.days} days "
            "(KNOWN_AHEAD_MAX); record each later decision instead",
            code="known_until_too_far",
            params=(
                ("until", until),
                ("value", on),
                ("days", (until - on).days),
                ("max", KNOWN_AHEAD_MAX.days),
            ),
        )
    if new_rate == last.rate:
        first = last.source.split(_CONFIRMED, 1)[0]
        periods[-1] = RatePeriod(last.start, until, last.rate, f"{first}{_CONFIRMED}{on}: {source}")
    else:
        periods[-1] = RatePeriod(last.start, on - _DAY, last.rate, last.source)
        periods.append(RatePeriod(on, until, new_rate, source))


@final
@attrs.frozen(repr=False)
class RateBook:
    """
    The rate tables a computation needs, bundled in one immutable value.

    Pass one as ``rates=`` to :func:`dunning_core.interest.late_penalties`.  Extend it with newer
    publications without touching the package: each ``with_*`` method returns a new book.

    Attributes:
        ecb: the ECB MRO changes (:data:`ECB_MRO`); must start by 2009-01-01 and be known at
            least until 2013-01-01, since the statutory rate is derived from it.
        legal_consumer: :data:`LEGAL_CONSUMER` per half-year.
        legal_other: :data:`LEGAL_OTHER` per half-year.
        statutory: :data:`STATUTORY`, derived from *ecb* (not an argument).

    >>> book = default_rates()
    >>> book
    RateBook(ecb until 2026-03-19, statutory until 2026-06-30, legal until 2026-06-30/2026-06-30)
    >>> book.table(STATUTORY) is book.statutory
    True
    """

    ecb: RateTable = attrs.field(validator=_series_is(ECB_MRO))
    legal_consumer: RateTable = attrs.field(validator=_series_is(LEGAL_CONSUMER))
    legal_other: RateTable = attrs.field(validator=_series_is(LEGAL_OTHER))
    statutory: RateTable = attrs.field(init=False, eq=False, hash=False)

    def __attrs_post_init__(self) -> None:
        if self.ecb.first_day > STATUTORY_FROM or self.ecb.known_until < SEMESTER_RULE_FROM:
            raise RateTableError(
                ECB_MRO,
                "the ECB table of a RateBook must cover 2009-01-01 to 2013-01-01 at least "
                "(the statutory rate is derived from it)",
            )
        for table in (self.ecb, self.legal_consumer, self.legal_other):
            for number, period in enumerate(table.periods, start=1):
                try:
                    _check_plausible(table.series, period.rate)
                except RateTableError as error:
                    where = f"period {number} ({period.start}..{period.end})"
                    raise RateTableError(
                        table.series, error.reason, where, code=error.code, params=error.params
                    ) from None
        object.__setattr__(self, "statutory", _derive_statutory(self.ecb))

    def __repr__(self) -> str:
        return (
            f"RateBook(ecb until {self.ecb.known_until}, statutory until "
            f"{self.statutory.known_until}, legal until {self.legal_consumer.known_until}/"
            f"{self.legal_other.known_until})"
        )

    def table(self, series: str) -> RateTable:
        """
        The table of *series* (one of :data:`SERIES`).

        >>> default_rates().table(LEGAL_CONSUMER).rate_on(date(2025, 1, 1))
        Decimal('7.21')
        """
        tables = {
            ECB_MRO: self.ecb,
            STATUTORY: self.statutory,
            LEGAL_CONSUMER: self.legal_consumer,
            LEGAL_OTHER: self.legal_other,
        }
        if not isinstance(series, str):
            raise ArgumentTypeError("series", series, f"one of {', '.join(SERIES)}")
        if series not in tables:
            raise InvalidArgument("series", series, f"one of {', '.join(SERIES)}")
        return tables[series]

    def with_table(self, table: RateTable) -> RateBook:
        """
        A new book where *table* replaces the table of its series.

        The statutory table cannot be replaced: it is derived from the ECB table.

        >>> book = default_rates()
        >>> other = book.legal_other.extended(
        ...     RatePeriod(date(2026, 7, 1), date(2026, 12, 31), "2.5", "arrêté"))
        >>> book.with_table(other).legal_other.known_until
        datetime.date(2026, 12, 31)
        """
        if not isinstance(table, RateTable):
            raise ArgumentTypeError("table", table, "a RateTable")
        fields = {ECB_MRO: "ecb", LEGAL_CONSUMER: "legal_consumer", LEGAL_OTHER: "legal_other"}
        if table.series not in fields:
            raise RateTableError(
                table.series,
                f"a RateBook holds the series {', '.join(fields)}; the statutory rate is "
                "derived from the ECB table (record ECB decisions instead)",
            )
        return attrs.evolve(self, **{fields[table.series]: table})

    def with_ecb_decision(
        self,
        on: date,
        rate: object,
        *,
        source: str,
        known_until: date | None = None,
    ) -> RateBook:
        """
        A new book recording an ECB MRO decision in force from *on*.

        A *rate* equal to the last one means "confirmed unchanged" and extends the last period;
        another rate closes the last period on the day before *on*.  Either way the ECB table is
        then known until *known_until* (default *on*; pass the day before the next scheduled
        decision takes effect if you know it).  The statutory rate of a half-year becomes
        available once the ECB table is known on its 1 January / 1 July.

        Args:
            on: the date the rate is in force from (the ECB's *effective* date, not the
                announcement; for a hold, the decision date).
            rate: the MRO rate in percent (``Decimal``, ``int`` or ``str``).
            source: the ECB press release or page it was read on.
            known_until: the last day the rate is known to be in force (default *on*).

        Raises:
            RateTableError: *on* is not after the table's ``known_until``, or *known_until*
                is before *on*.

        >>> book = default_rates().with_ecb_decision(
        ...     date(2026, 6, 17), "2.40", source="ECB press release",
        ...     known_until=date(2026, 7, 22))
        >>> book.statutory.rate_on(date(2026, 7, 1))
        Decimal('12.40')
        >>> default_rates().ecb.known_until  # the shipped book is unchanged
        datetime.date(2026, 3, 19)
        """
        on = to_date(on, name="on")
        until = on if known_until is None else to_date(known_until, name="known_until")
        periods = list(self.ecb.periods)
        _add_ecb_decision(periods, on, rate, source, until)
        return attrs.evolve(self, ecb=RateTable(ECB_MRO, periods))

    def with_legal_rates(
        self, half_year_start: date, *, consumer: object, other: object, source: str
    ) -> RateBook:
        """
        A new book with the two legal rates of one more half-year (*arrêté* of the Minister).

        Args:
            half_year_start: 1 January or 1 July, the day after the tables' ``known_until``.
            consumer: the rate when the creditor is a *particulier*, in percent.
            other: the rate in every other case, in percent.
            source: the *arrêté* (date, JORF, NOR) the rates were read in.

        Raises:
            RateTableError: *half_year_start* is not the next half-year of both tables.

        >>> book = default_rates().with_legal_rates(
        ...     date(2026, 7, 1), consumer="6.50", other="2.50", source="arrêté du ...")
        >>> book.legal_other.rate_on(date(2026, 12, 31))
        Decimal('2.50')
        """
        _check_source(source)
        tables = {}
        for table, rate in ((self.legal_consumer, consumer), (self.legal_other, other)):
            periods = list(table.periods)
            _add_half_year(periods, table.series, half_year_start, rate, source)
            tables[table.series] = RateTable(table.series, periods)
        return attrs.evolve(
            self, legal_consumer=tables[LEGAL_CONSUMER], legal_other=tables[LEGAL_OTHER]
        )

    @property
    def provisional(self) -> bool:
        """
        Whether any table holds an assumed (provisional) rate: see :meth:`assuming_unchanged`.

        >>> default_rates().provisional
        False
        """
        return any(
            period.provisional
            for table in (self.ecb, self.legal_consumer, self.legal_other)
            for period in table.periods
        )

    def assuming_unchanged(self, *, through: date) -> RateBook:
        """
        A new book where the last published rate of each table is *assumed* to hold until *through*.

        Today's half-year is often not yet in the tables (the ECB decides every six weeks, the
        legal rates are published late June / late December).  This is the explicit way to price
        it anyway: the ECB table and the two legal tables are extended to *through* (the legal
        ones half-year by half-year) with their last rate, in periods marked
        :attr:`RatePeriod.provisional`; the statutory rate derived from an assumed ECB rate is
        provisional too.  Every line priced on such a period is marked provisional and the
        breakdown carries a WARNING naming the half-year and the rate assumed.  Tables already
        known until *through* are left as they are; this book is unchanged.

        Record the real publications first (:meth:`with_ecb_decision`,
        :meth:`with_legal_rates`), then call this: a provisional period cannot be extended.
        The strict book (never assuming anything) stays the default everywhere in the library.

        Args:
            through: the last day to price, usually today (or the payment date).

        Raises:
            DateTypeError: *through* is not a ``date``.

        >>> book = default_rates().assuming_unchanged(through=date(2026, 12, 4))
        >>> period = book.statutory.period_on(date(2026, 9, 1))
        >>> period.rate, period.provisional, book.provisional
        (Decimal('12.15'), True, True)
        >>> book.statutory.period_on(date(2026, 3, 1)).provisional  # ECB rate of 1 January known
        False
        >>> book.legal_other.covering(date(2026, 6, 1), date(2026, 12, 4))[-1]
        RatePeriod(2026-07-01..2026-12-04, 2.62 %, provisional)
        """
        through = to_date(through, name="through")
        return attrs.evolve(
            self,
            ecb=_assumed(self.ecb, through, per_half_year=False),
            legal_consumer=_assumed(self.legal_consumer, through, per_half_year=True),
            legal_other=_assumed(self.legal_other, through, per_half_year=True),
        )

    def extended_from_csv(self, text: str) -> RateBook:
        """
        A new book with the publications listed in CSV *text* (the ``--rates FILE`` format).

        Header ``series,date,rate,source`` (plus an optional ``known_until`` column), one row
        per publication, applied in order:

        * ``ECB_MRO``: an ECB decision in force from ``date`` (see :meth:`with_ecb_decision`;
          ``known_until`` may be given, else it is ``date``);
        * ``LEGAL_CONSUMER`` / ``LEGAL_OTHER``: the legal rate of the half-year starting on
          ``date`` (1 January or 1 July).

        Raises:
            RateTableError: a bad header, series or value; the message names the line.

        >>> text = '''series,date,rate,source,known_until
        ... ECB_MRO,2026-06-17,2.40,ECB press release,2026-07-22
        ... LEGAL_OTHER,2026-07-01,2.50,arrêté du ...,
        ... '''
        >>> book = default_rates().extended_from_csv(text)
        >>> book.statutory.rate_on(date(2026, 9, 1)), book.legal_other.rate_on(date(2026, 9, 1))
        (Decimal('12.40'), Decimal('2.50'))
        """
        header, csv_rows = _csv_rows(text, "rates file")
        needed = {"series", "date", "rate", "source"}
        if not needed <= header or not header <= needed | {"known_until"}:
            raise RateTableError(
                "rates file",
                f"expected the header 'series,date,rate,source[,known_until]', got {sorted(header)}",
                "line 1",
                code="rates_header",
                params=(("got", tuple(sorted(header))),),
            )
        # Rows are applied to plain lists, the tables built once at the end: linear time.
        ecb = list(self.ecb.periods)
        legal = {
            LEGAL_CONSUMER: list(self.legal_consumer.periods),
            LEGAL_OTHER: list(self.legal_other.periods),
        }
        for line, row in csv_rows:
            series = row.get("series", "").strip()
            try:
                day = _day(row, "date")
                rate = to_amount(row.get("rate", ""), allow_negative=True)
                source = row.get("source", "")
                until_text = (row.get("known_until") or "").strip(" \t")
                if series == ECB_MRO:
                    until = parse_date(until_text) if until_text else day
                    _add_ecb_decision(ecb, day, rate, source, until)
                elif series in legal:
                    if until_text:
                        raise InvalidArgument(
                            "known_until",
                            until_text,
                            "only ECB_MRO rows take known_until",
                            code="ecb_only_known_until",
                        )
                    _check_source(source)
                    _add_half_year(legal[series], series, day, rate, source)
                else:
                    raise InvalidArgument(
                        "series",
                        series,
                        f"one of {ECB_MRO}, {LEGAL_CONSUMER}, {LEGAL_OTHER}",
                        code="not_one_of",
                        params=(("accepted", (ECB_MRO, LEGAL_CONSUMER, LEGAL_OTHER)),),
                    )
            except RateTableError as error:
                raise RateTableError(
                    error.series, error.reason, f"line {line}", code=error.code, params=error.params
                ) from None
            except DunningError as error:  # a cell: its mistake kept as data
                raise RateTableError(
                    series or "rates file",
                    str(error),
                    f"line {line}",
                    code=error.code,
                    params=(*_cell_data(error), *error.params),
                ) from None
        return attrs.evolve(
            self,
            ecb=RateTable(ECB_MRO, ecb),
            legal_consumer=RateTable(LEGAL_CONSUMER, legal[LEGAL_CONSUMER]),
            legal_other=RateTable(LEGAL_OTHER, legal[LEGAL_OTHER]),
        )


@cache
def default_rates() -> RateBook:
    """
    The rate book shipped with the package (data known until :data:`DATA_AS_OF`).

    Cached: every call returns the same immutable value.

    >>> default_rates() is default_rates()
    True
    >>> default_rates().statutory.rate_on(date(2024, 3, 1))
    Decimal('14.50')
    """
    legal = _read_data(_DATA_FILES[LEGAL_OTHER])
    return RateBook(
        ecb=RateTable.from_csv(
            _read_data(_DATA_FILES[ECB_MRO]), series=ECB_MRO, known_until=DATA_AS_OF
        ),
        legal_consumer=RateTable.from_csv(legal, series=LEGAL_CONSUMER),
        legal_other=RateTable.from_csv(legal, series=LEGAL_OTHER),
    )
