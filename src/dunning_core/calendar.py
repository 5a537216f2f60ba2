"""
Calendar rules: validated dates, half-years, end of month, French public holidays, business days.

Dates are plain :class:`datetime.date` values (a ``pendulum.Date`` is one); ``datetime`` values are
refused, because the time and time zone they carry would make "which day" ambiguous.
:func:`parse_date` is the one strict reader of dates written as text (``YYYY-MM-DD``, ASCII); the
day arithmetic is plain :mod:`datetime` (it sits on hot paths).

* Months: :func:`end_of_month`, :func:`add_days`, :func:`add_months` (clamped to the month end).
* Public holidays (*jours fériés*, C. trav. L3133-1; Alsace-Moselle L3134-13):
  :func:`french_holidays`, :func:`is_holiday`, computed once per year and cached.
* Business days (Monday to Friday, not a holiday): :func:`is_business_day`,
  :func:`next_business_day`, :func:`add_business_days`, and :func:`extend_deadline`, the CPC 642
  rule for a procedural deadline that ends on a Saturday, Sunday or holiday.

>>> from datetime import date
>>> half_year_label(date(2026, 11, 22))
'2026-H2'
>>> half_year_start(date(2026, 11, 22)), half_year_end(date(2026, 2, 1))
(datetime.date(2026, 7, 1), datetime.date(2026, 6, 30))
>>> add_months(date(2024, 1, 31), 1)
datetime.date(2024, 2, 29)
>>> extend_deadline(date(2026, 7, 11))  # a Saturday; Monday 13 July is a business day
datetime.date(2026, 7, 13)
"""

from __future__ import annotations

import calendar as _calendar
import datetime as _dt
import functools
import re
from collections.abc import Mapping
from datetime import date, timedelta
from types import MappingProxyType
from typing import Final

from dunning_core._validators import instance_of, int_between
from dunning_core.errors import DateTypeError, InvalidArgument, InvalidDate
from dunning_core.law import CPC_642, CT_L3133_1, CT_L3134_13, Article

__all__ = [
    "HOLIDAY_ARTICLES",
    "MAX_HOLIDAY_YEAR",
    "MAX_SHIFT",
    "MIN_HOLIDAY_YEAR",
    "add_business_days",
    "add_days",
    "add_months",
    "easter_sunday",
    "end_of_month",
    "extend_deadline",
    "french_holidays",
    "half_year_end",
    "half_year_label",
    "half_year_start",
    "is_business_day",
    "is_holiday",
    "next_business_day",
    "parse_date",
    "to_date",
]


def to_date(value: object, *, name: str = "date") -> date:
    """
    Return *value* if it is a calendar date, else raise a clear error.

    Args:
        value: a :class:`datetime.date` (``pendulum.Date`` included).
        name: the parameter's name, for the message.

    Raises:
        DateTypeError: *value* is a ``datetime``, a string, ``None``...

    >>> to_date(date(2026, 1, 31))
    datetime.date(2026, 1, 31)
    >>> to_date("2026-01-31", name="due_on")
    Traceback (most recent call last):
    ...
    dunning_core.errors.DateTypeError: due_on must be a datetime.date, not str; \
use parse_date('2026-01-31') for ISO text (got '2026-01-31')
    """
    if isinstance(value, _dt.datetime):
        raise DateTypeError(
            value, f"{name} must be a datetime.date, not a datetime; pass value.date()"
        )
    if isinstance(value, date):
        return value
    hint = f"; use parse_date({value!r}) for ISO text" if isinstance(value, str) else ""
    raise DateTypeError(value, f"{name} must be a datetime.date, not {type(value).__name__}{hint}")


# [0-9] is the ASCII digits only (\d would be any script's): the one digit check of both readers.
ISO_DATE: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
"""The shape :func:`parse_date` reads (private to the library, not in ``__all__``)."""
DAY_FIRST: Final = re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})")
"""The shape :func:`parse_day_first` reads (private to the library, not in ``__all__``)."""
_NOT_ISO: Final = "not a calendar date; expected YYYY-MM-DD such as 2026-01-31"


def parse_date(text: str) -> date:
    """
    Read a date written ``YYYY-MM-DD`` in ASCII digits, as a plain :class:`datetime.date`.

    The one strict reader of dates written as text (the CLI, portfolio files, rate files and JSON
    all use it): nothing else is accepted, never guessed.  Other scripts' digits (``٢٠٢٦``), a
    missing zero (``2026-2-3``), the basic form (``20260203``), week and ordinal dates
    (``2026-W01-1``, ``2026-001``), a time, a time zone and any space or control character
    around or inside are refused.  Readers of cells trim the cell's spaces before.

    Raises:
        DateTypeError: *text* is not a ``str``.
        InvalidDate: anything else than a calendar date written ``YYYY-MM-DD``.

    >>> parse_date("2024-02-29")
    datetime.date(2024, 2, 29)
    >>> parse_date("2023-02-29")
    Traceback (most recent call last):
    ...
    dunning_core.errors.InvalidDate: not a calendar date; expected YYYY-MM-DD such as 2026-01-31 \
(got '2023-02-29')
    >>> parse_date("20260203")
    Traceback (most recent call last):
    ...
    dunning_core.errors.InvalidDate: not a calendar date; expected YYYY-MM-DD such as 2026-01-31 \
(got '20260203')
    """
    if not isinstance(text, str):
        raise DateTypeError(text, f"expected ISO text, not {type(text).__name__}")
    # date.fromisoformat alone reads "20260203", week dates and other forms since Python 3.11.
    shaped = ISO_DATE.fullmatch(text) is not None
    if shaped:
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
    if shaped:
        code = "not_a_calendar_date"
    else:  # 31/03/2026: a French date, said so
        code = "french_date" if DAY_FIRST.fullmatch(text) is not None else "not_a_date"
    raise InvalidDate(text, _NOT_ISO, code=code, params=(("example", "2026-01-31"),))


def parse_day_first(text: str) -> date:
    """
    Read a date written day first, ``31/03/2026`` (``JJ/MM/AAAA``, as French spreadsheets write
    it; the day and month may have one digit), in ASCII digits.  Never month first.

    Private to the library (the ``csv-fr`` portfolio dialect reads its dates with it).

    Raises:
        InvalidDate: anything else than a calendar date written so.

    >>> parse_day_first("31/03/2026"), parse_day_first("1/3/2026")
    (datetime.date(2026, 3, 31), datetime.date(2026, 3, 1))
    >>> parse_day_first("31/02/2026")
    Traceback (most recent call last):
    ...
    dunning_core.errors.InvalidDate: not a calendar date; expected JJ/MM/AAAA such as 31/03/2026 \
(got '31/02/2026')
    """
    match = DAY_FIRST.fullmatch(text) if isinstance(text, str) else None
    if match is not None:
        day, month, year = (int(group) for group in match.groups())
        try:
            return date(year, month, day)
        except ValueError:
            pass
    raise InvalidDate(
        text,
        "not a calendar date; expected JJ/MM/AAAA such as 31/03/2026",
        code="not_a_date" if match is None else "not_a_calendar_date",
        params=(("example", "31/03/2026"),),
    )


def half_year_start(day: date) -> date:
    """
    1 January or 1 July of *day*'s half-year (*semestre*).

    >>> half_year_start(date(2026, 6, 30)), half_year_start(date(2026, 7, 1))
    (datetime.date(2026, 1, 1), datetime.date(2026, 7, 1))
    """
    if type(day) is not date:
        day = to_date(day, name="day")
    return date(day.year, 1 if day.month <= 6 else 7, 1)


def half_year_end(day: date) -> date:
    """
    30 June or 31 December of *day*'s half-year.

    >>> half_year_end(date(2026, 1, 1)), half_year_end(date(2026, 12, 31))
    (datetime.date(2026, 6, 30), datetime.date(2026, 12, 31))
    """
    if type(day) is not date:
        day = to_date(day, name="day")
    return date(day.year, 6, 30) if day.month <= 6 else date(day.year, 12, 31)


def half_year_label(day: date) -> str:
    """
    ``"2026-H1"`` or ``"2026-H2"``: how rate tables and errors name a half-year.

    >>> half_year_label(date(2026, 6, 30))
    '2026-H1'
    """
    if type(day) is not date:
        day = to_date(day, name="day")
    return f"{day.year}-H{1 if day.month <= 6 else 2}"


# --- Months and days -------------------------------------------------------------------------------

MAX_SHIFT: Final = 1_000_000
"""Largest number of days (or business days) one call may move a date: more is surely a mistake."""


_IS_INT: Final = instance_of(int, accepted="an int")
_GREGORIAN_YEAR: Final = int_between(1583, 9999)  # Easter by the Gregorian computus


def _to_int(value: object, *, name: str, limit: int) -> int:
    return int_between(-limit, limit)(name, value)


def end_of_month(day: date) -> date:
    """
    The last day of *day*'s month (*fin de mois*).

    Args:
        day: any date.

    Returns:
        28, 29, 30 or 31 of the same month and year.

    Raises:
        DateTypeError: *day* is not a ``date``.

    >>> end_of_month(date(2024, 2, 10)), end_of_month(date(2023, 2, 10))
    (datetime.date(2024, 2, 29), datetime.date(2023, 2, 28))
    """
    day = to_date(day, name="day")
    return date(day.year, day.month, _calendar.monthrange(day.year, day.month)[1])


def add_days(day: date, days: int) -> date:
    """
    *day* plus *days* calendar days (negative to go back).

    Args:
        day: the starting date.
        days: how many days to add, an ``int`` (not ``bool``).

    Returns:
        The shifted date.

    Raises:
        DateTypeError: *day* is not a ``date``.
        InvalidArgument: *days* is not an ``int``, or beyond ±1 000 000.
        InvalidDate: the result would fall outside years 1 to 9999.

    >>> add_days(date(2024, 1, 15), 45)
    datetime.date(2024, 2, 29)
    """
    day = to_date(day, name="day")
    days = _to_int(days, name="days", limit=MAX_SHIFT)
    try:
        return day + timedelta(days=days)
    except OverflowError:
        raise InvalidDate(day, f"adding {days} days leaves the supported years 1 to 9999") from None


def add_months(day: date, months: int) -> date:
    """
    *day* plus *months* calendar months, clamped to the end of a shorter month.

    31 January + 1 month is 28 February (29 in a leap year), as pendulum and Excel's ``EDATE`` do.

    Args:
        day: the starting date.
        months: how many months to add (negative to go back).

    Returns:
        The same day of the target month, or that month's last day when it is shorter.

    Raises:
        DateTypeError: *day* is not a ``date``.
        InvalidArgument: *months* is not an ``int``, or beyond ±1 000 000.
        InvalidDate: the result would fall outside years 1 to 9999.

    >>> add_months(date(2023, 1, 31), 1), add_months(date(2024, 3, 31), -1)
    (datetime.date(2023, 2, 28), datetime.date(2024, 2, 29))
    """
    day = to_date(day, name="day")
    months = _to_int(months, name="months", limit=MAX_SHIFT)
    year, month0 = divmod(day.year * 12 + day.month - 1 + months, 12)
    if not 1 <= year <= 9999:
        raise InvalidDate(day, f"adding {months} months leaves the supported years 1 to 9999")
    month = month0 + 1
    return date(year, month, min(day.day, _calendar.monthrange(year, month)[1]))


# --- French public holidays --------------------------------------------------------------------------

MIN_HOLIDAY_YEAR: Final = 1900
"""First year :func:`french_holidays` accepts."""

MAX_HOLIDAY_YEAR: Final = 2200
"""Last year :func:`french_holidays` accepts."""

HOLIDAY_ARTICLES: Final[tuple[Article, ...]] = (CT_L3133_1, CT_L3134_13, CPC_642)
"""The articles behind the holiday list and the business-day rules of this module."""


def easter_sunday(year: int) -> date:
    """
    Easter Sunday (*dimanche de Pâques*) of a Gregorian year.

    The Anonymous Gregorian algorithm (Meeus/Jones/Butcher), valid for every Gregorian year.

    Args:
        year: a year from 1583 to 9999.

    Raises:
        InvalidArgument: *year* is not an ``int`` in that range.

    >>> easter_sunday(2024), easter_sunday(2026)
    (datetime.date(2024, 3, 31), datetime.date(2026, 4, 5))
    """
    year = _GREGORIAN_YEAR("year", year)
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _check_holiday_year(year: object) -> int:
    _IS_INT("year", year)
    assert isinstance(year, int)  # checked just above
    if not MIN_HOLIDAY_YEAR <= year <= MAX_HOLIDAY_YEAR:
        raise InvalidArgument(
            "year",
            year,
            f"French public holidays are computed for {MIN_HOLIDAY_YEAR} to {MAX_HOLIDAY_YEAR} only",
        )
    return year


@functools.lru_cache(maxsize=512)
def _holidays(year: int, alsace_moselle: bool) -> Mapping[date, str]:
    easter = easter_sunday(year)
    named: list[tuple[date, str]] = [
        # C. trav. L3133-1: the fêtes légales.
        (date(year, 1, 1), "Jour de l'an"),
        (easter + timedelta(days=1), "Lundi de Pâques"),
        (date(year, 5, 1), "Fête du Travail"),
        (date(year, 5, 8), "Fête de la Victoire"),
        (easter + timedelta(days=39), "Ascension"),
        (easter + timedelta(days=50), "Lundi de Pentecôte"),
        (date(year, 7, 14), "Fête nationale"),
        (date(year, 8, 15), "Assomption"),
        (date(year, 11, 1), "Toussaint"),
        (date(year, 11, 11), "Armistice"),
        (date(year, 12, 25), "Noël"),
    ]
    if alsace_moselle:
        # C. trav. L3134-13: Bas-Rhin, Haut-Rhin, Moselle.
        named.append((easter - timedelta(days=2), "Vendredi saint"))
        named.append((date(year, 12, 26), "Saint-Étienne"))
    merged: dict[date, str] = {}
    for day, name in sorted(named):
        # Ascension can fall on 1 or 8 May (2008: Ascension and Fête du Travail).
        merged[day] = f"{merged[day]} / {name}" if day in merged else name
    return MappingProxyType(merged)


@functools.lru_cache(maxsize=512)
def _holiday_set(year: int, alsace_moselle: bool) -> frozenset[date]:
    return frozenset(_holidays(_check_holiday_year(year), alsace_moselle))


def french_holidays(year: int, *, alsace_moselle: bool = False) -> Mapping[date, str]:
    """
    The French public holidays (*jours fériés*) of *year*, by date, with their French names.

    Metropolitan France has 11: 1 January, Easter Monday, 1 May, 8 May, Ascension (Easter + 39),
    Whit Monday (Easter + 50; the *journée de solidarité* does not remove it from the list),
    14 July, 15 August, 1 November, 11 November and 25 December.  Alsace-Moselle adds Good Friday
    and 26 December (13 in all).  When two fall on the same day (Ascension on 1 May in 2008) the
    date appears once and its name joins both with ``" / "``.

    The current list is applied to every year of the supported range; its history (8 May was not a
    holiday from 1959 to 1981, for instance) is not modelled.  Overseas departments' days
    (abolition of slavery) are not included.

    Args:
        year: a year from 1900 to 2200.
        alsace_moselle: add the two local holidays of Bas-Rhin, Haut-Rhin and Moselle.

    Returns:
        A read-only mapping from date to name, in date order (computed once per year and cached).

    Raises:
        InvalidArgument: *year* is not an ``int`` from 1900 to 2200.

    References:
        * C. trav. art. L3133-1 (the *fêtes légales*),
          https://www.legifrance.gouv.fr/codes/texte_lc/LEGITEXT000006072050
        * C. trav. art. L3134-13 (Alsace-Moselle: Vendredi saint, 26 décembre)

    >>> h = french_holidays(2026)
    >>> len(h), h[date(2026, 5, 14)], h[date(2026, 5, 25)]
    (11, 'Ascension', 'Lundi de Pentecôte')
    >>> french_holidays(2026, alsace_moselle=True)[date(2026, 4, 3)]
    'Vendredi saint'
    """
    return _holidays(_check_holiday_year(year), bool(alsace_moselle))


def _past_holiday_years(day: date) -> InvalidDate:
    return InvalidDate(
        day,
        f"public holidays are known for {MIN_HOLIDAY_YEAR} to {MAX_HOLIDAY_YEAR} only, "
        "so business days cannot be counted outside them",
    )


def _holiday_year_of(day: date) -> int:
    if not MIN_HOLIDAY_YEAR <= day.year <= MAX_HOLIDAY_YEAR:
        raise _past_holiday_years(day)
    return day.year


def is_holiday(day: date, *, alsace_moselle: bool = False) -> bool:
    """
    Whether *day* is a French public holiday (see :func:`french_holidays`).

    Raises:
        DateTypeError: *day* is not a ``date``.
        InvalidDate: *day* is outside the years 1900 to 2200.

    >>> is_holiday(date(2026, 7, 14)), is_holiday(date(2026, 12, 26))
    (True, False)
    >>> is_holiday(date(2026, 12, 26), alsace_moselle=True)
    True
    """
    day = to_date(day, name="day")
    return day in _holiday_set(_holiday_year_of(day), bool(alsace_moselle))


def is_business_day(day: date, *, alsace_moselle: bool = False) -> bool:
    """
    Whether *day* is a business day: Monday to Friday and not a public holiday.

    This is the *jour ouvré*; it is also what CPC 642 leaves once Saturdays, Sundays and holidays
    are excluded.

    Raises:
        DateTypeError: *day* is not a ``date``.
        InvalidDate: *day* is outside the years 1900 to 2200.

    >>> is_business_day(date(2026, 7, 13)), is_business_day(date(2026, 7, 14))
    (True, False)
    """
    day = to_date(day, name="day")
    holidays = _holiday_set(_holiday_year_of(day), bool(alsace_moselle))
    return day.weekday() < 5 and day not in holidays


def next_business_day(day: date, *, alsace_moselle: bool = False) -> date:
    """
    The first business day strictly after *day*.

    Raises:
        DateTypeError: *day* is not a ``date``.
        InvalidDate: the search leaves the years 1900 to 2200.

    >>> next_business_day(date(2026, 12, 24))  # Friday 25 is Christmas
    datetime.date(2026, 12, 28)
    >>> next_business_day(date(2026, 12, 24), alsace_moselle=True)  # 28 December is a Monday
    datetime.date(2026, 12, 28)
    """
    day = to_date(day, name="day")
    alsace = bool(alsace_moselle)
    one = timedelta(days=1)
    if day == date.max:  # no next day at all: the same error as any day past 2200
        raise _past_holiday_years(day)
    day += one
    while day.weekday() >= 5 or day in _holiday_set(_holiday_year_of(day), alsace):
        day += one
    return day


def add_business_days(day: date, days: int, *, alsace_moselle: bool = False) -> date:
    """
    Move *days* business days from *day* (backwards when negative).

    Only business days are counted: from a Friday, 1 business day is the next Monday (or Tuesday
    after a holiday Monday).  ``0`` returns *day* itself, business day or not.

    Args:
        day: the starting date.
        days: the number of business days, an ``int`` within ±1 000 000.
        alsace_moselle: use the Alsace-Moselle holidays.

    Raises:
        DateTypeError: *day* is not a ``date``.
        InvalidArgument: *days* is not an ``int``, or beyond ±1 000 000.
        InvalidDate: the count leaves the years 1900 to 2200.

    >>> add_business_days(date(2026, 5, 22), 1)  # Friday; Monday 25 May is Whit Monday
    datetime.date(2026, 5, 26)
    >>> add_business_days(date(2026, 5, 26), -1)
    datetime.date(2026, 5, 22)
    """
    day = to_date(day, name="day")
    days = _to_int(days, name="days", limit=MAX_SHIFT)
    alsace = bool(alsace_moselle)
    step = timedelta(days=1 if days >= 0 else -1)
    remaining = abs(days)
    if remaining and day == (date.max if days > 0 else date.min):  # no day to step to
        raise _past_holiday_years(day)
    while remaining:
        day += step
        if day.weekday() < 5 and day not in _holiday_set(_holiday_year_of(day), alsace):
            remaining -= 1
    return day


def extend_deadline(day: date, *, alsace_moselle: bool = False) -> date:
    """
    The last day of a procedural deadline, extended as CPC 642 says.

    "Le délai qui expirerait normalement un samedi, un dimanche ou un jour férié ou chômé, est
    prorogé jusqu'au premier jour ouvrable suivant": a deadline that ends on a Saturday, Sunday or
    public holiday moves to the next business day; any other day is returned unchanged.  The result
    is always a business day, and extending it again changes nothing.

    Args:
        day: the day the deadline would normally end.
        alsace_moselle: the court sits in Alsace-Moselle (two more holidays).

    Raises:
        DateTypeError: *day* is not a ``date``.
        InvalidDate: *day* is outside the years 1900 to 2200.

    References:
        CPC art. 642 (``dunning_core.law.CPC_642``).

    >>> extend_deadline(date(2026, 5, 1))  # Friday 1 May, a holiday
    datetime.date(2026, 5, 4)
    >>> extend_deadline(date(2026, 5, 4))
    datetime.date(2026, 5, 4)
    """
    day = to_date(day, name="day")
    if is_business_day(day, alsace_moselle=alsace_moselle):
        return day
    return next_business_day(day, alsace_moselle=alsace_moselle)
