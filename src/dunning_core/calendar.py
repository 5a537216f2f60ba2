"""
Calendar rules: validated dates, half-years, end of month, French public holidays, business days.

Dates are plain :class:`datetime.date` values (a ``pendulum.Date`` is one); ``datetime`` values are
refused, because the time and time zone they carry would make "which day" ambiguous.
pendulum does the calendar arithmetic at the edges (parsing, month ends).

>>> from datetime import date
>>> half_year_label(date(2026, 11, 22))
'2026-H2'
>>> half_year_start(date(2026, 11, 22)), half_year_end(date(2026, 2, 1))
(datetime.date(2026, 7, 1), datetime.date(2026, 6, 30))
"""

from __future__ import annotations

import datetime as _dt
from datetime import date

import pendulum

from dunning_core.errors import DateTypeError, InvalidDate

__all__ = [
    "half_year_end",
    "half_year_label",
    "half_year_start",
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


def parse_date(text: str) -> date:
    """
    Read an ISO 8601 calendar date (``YYYY-MM-DD``), as a plain :class:`datetime.date`.

    >>> parse_date("2024-02-29")
    datetime.date(2024, 2, 29)
    >>> parse_date("2023-02-29")
    Traceback (most recent call last):
    ...
    dunning_core.errors.InvalidDate: not a calendar date; expected YYYY-MM-DD such as 2026-01-31 \
(got '2023-02-29')
    """
    if not isinstance(text, str):
        raise DateTypeError(text, f"expected ISO text, not {type(text).__name__}")
    stripped = text.strip()
    try:
        parsed = pendulum.parse(stripped, exact=True, strict=True)
    except (ValueError, pendulum.parsing.exceptions.ParserError):
        parsed = None
    if not isinstance(parsed, pendulum.Date) or len(stripped) != 10:
        raise InvalidDate(text, "not a calendar date; expected YYYY-MM-DD such as 2026-01-31")
    return date(parsed.year, parsed.month, parsed.day)


def half_year_start(day: date) -> date:
    """1 January or 1 July of *day*'s half-year (*semestre*)."""
    return date(day.year, 1 if day.month <= 6 else 7, 1)


def half_year_end(day: date) -> date:
    """30 June or 31 December of *day*'s half-year."""
    return date(day.year, 6, 30) if day.month <= 6 else date(day.year, 12, 31)


def half_year_label(day: date) -> str:
    """``"2026-H1"`` or ``"2026-H2"``: how rate tables and errors name a half-year."""
    return f"{day.year}-H{1 if day.month <= 6 else 2}"
