"""
The baseline of ``benchmarks/bench_frames.py``: ``penalties_frame`` as it was before issue 12
(commit 2cbb07c), copied unchanged but for its docstring, so that every run measures the new
function against the old one on the same machine, in the same process.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any, Final

import numpy as np
import pandas as pd

from dunning_core.calendar import half_year_start, to_date
from dunning_core.errors import (
    AmountTypeError,
    DateTypeError,
    DunningError,
    InvalidAmount,
    InvalidArgument,
    InvalidDate,
)
from dunning_core.interest import (
    INDEMNITY_FROM,
    BasisKind,
    Creditor,
    DayCount,
    Payment,
    PenaltyBasis,
    late_penalties,
)
from dunning_core.money import CONTEXT, check_currency, in_context, minor_units, to_amount
from dunning_core.rates import SEMESTER_RULE_FROM, RateBook, RateTable, default_rates

_EPOCH: Final = date(1970, 1, 1).toordinal()  # numpy's day 0
_INT64_SAFE: Final = 2**62


# --- reading columns ----------------------------------------------------------------------------


def _row_error(error: DunningError, label: object, column: str | None) -> DunningError:
    """The same error, its message prefixed with the row and column (same class, same data)."""
    where = f"row {label!r}: " if column is None else f"row {label!r}, column {column!r}: "
    if isinstance(error, InvalidAmount | InvalidDate):
        return type(error)(error.value, where + error.reason)
    if isinstance(error, InvalidArgument):
        return InvalidArgument(error.name, error.value, where + error.reason)
    return error  # pragma: no cover - only the kinds above are raised while reading


def _column(frame: Any, name: str) -> Any:
    if name not in frame.columns:
        raise InvalidArgument("frame", list(frame.columns), f"a DataFrame with a {name!r} column")
    return frame[name]


def _cents(series: Any, places: int, name: str) -> list[int]:
    """Each amount in minor units (exact), refusing floats, missing values and zero."""
    if series.dtype.kind == "f":
        raise AmountTypeError(
            str(series.dtype),
            f"column {name!r} holds floats, which cannot hold cents exactly; "
            "use Decimal (object) or str values, or integers",
        )
    if series.dtype.kind in "iu":
        values = [int(v) for v in series.to_numpy()]
        for label, value in zip(series.index, values, strict=True):
            if value <= 0:
                raise _row_error(
                    InvalidAmount(value, "a principal must be more than zero"), label, name
                )
        return [value * 10**places for value in values]
    out: list[int] = []
    missing = pd.isna(series).to_numpy()
    for label, value, absent in zip(series.index, series.to_numpy(), missing, strict=True):
        try:
            if absent:
                raise InvalidAmount(value, "a principal is required (the cell is empty)")
            amount = to_amount(value)
            scaled = amount.scaleb(places, context=CONTEXT)
            if scaled != scaled.to_integral_value(context=CONTEXT):
                raise InvalidAmount(
                    value, f"an amount has at most {places} decimals here; round it first"
                )
            if not amount:
                raise InvalidAmount(amount, "a principal must be more than zero")
        except DunningError as error:
            raise _row_error(error, label, name) from None
        out.append(int(scaled))
    return out


def _days(series: Any, name: str, *, missing: int | None) -> Any:
    """Days since 1970-01-01 as int64; missing cells take *missing* (or raise when ``None``)."""
    absent = pd.isna(series).to_numpy()
    dtype = series.dtype
    if dtype.kind == "M":
        if getattr(dtype, "tz", None) is not None:
            raise DateTypeError(
                str(dtype), f"column {name!r} holds timestamps with a time zone, not dates"
            )
        stamps = series.to_numpy(dtype="datetime64[ns]")
        days = stamps.astype("datetime64[D]")
        off = (days.astype("datetime64[ns]") != stamps) & ~absent
        if off.any():
            label = series.index[int(np.argmax(off))]
            raise _row_error(
                DateTypeError(
                    series[label], "a date column holds times of day; keep the dates only"
                ),
                label,
                name,
            )
        out = days.astype(np.int64)
    else:
        ordinals = []
        for label, value, gone in zip(series.index, series.to_numpy(), absent, strict=True):
            if gone:
                ordinals.append(0)
                continue
            if type(value) is not date:
                try:
                    to_date(value, name=name)
                except DunningError as error:
                    raise _row_error(error, label, name) from None
            ordinals.append(value.toordinal() - _EPOCH)
        out = np.array(ordinals, dtype=np.int64)
    if absent.any():
        if missing is None:
            label = series.index[int(np.argmax(absent))]
            raise _row_error(DateTypeError(None, "a date is required here"), label, name)
        out[absent] = missing
    return out


def _as_date(day: int) -> date:
    return date.fromordinal(_EPOCH + int(day))


# --- the vectorised path ------------------------------------------------------------------------


def _scale(rates: Iterable[Decimal]) -> int:
    """The number of decimals that makes every rate an integer."""
    places = 0
    for rate in rates:
        exponent = rate.normalize(context=CONTEXT).as_tuple().exponent
        if isinstance(exponent, int) and -exponent > places:
            places = -exponent
    return places


def _rounded(products: Any, denominator: int) -> Any:
    """``products / denominator`` rounded half-up (away from zero on a tie), exactly."""
    magnitude = np.abs(products)
    rounded = (2 * magnitude + denominator) // (2 * denominator)
    return np.where(products < 0, -rounded, rounded)


def _table(basis: PenaltyBasis, book: RateBook) -> tuple[RateTable, Decimal, Decimal] | None:
    """The table a per-period basis walks, with its (factor, points); ``None`` for a fixed rate."""
    kind = basis.kind
    if kind is BasisKind.STATUTORY:
        return book.statutory, Decimal(1), Decimal(0)
    if kind is BasisKind.LEGAL_PLUS:
        assert basis.points is not None
        return book.legal_other, Decimal(1), basis.points
    if kind is BasisKind.THREE_TIMES_LEGAL:
        return book.legal_other, Decimal(3), Decimal(0)
    if kind is BasisKind.LEGAL:
        consumer = basis.creditor is Creditor.CONSUMER
        return (book.legal_consumer if consumer else book.legal_other), Decimal(1), Decimal(0)
    return None


def _fixed_rates(
    basis: PenaltyBasis, book: RateBook, starts: Any
) -> tuple[Any, list[int]] | tuple[None, list[int]]:
    """Per-row rates of a fixed-rate basis (as ``Decimal``), and the rows the tables miss."""
    if basis.kind is BasisKind.CONTRACTUAL:
        assert basis.rate is not None
        return np.full(len(starts), basis.rate, dtype=object), []
    # PUBLIC_PROCUREMENT (CCP R2192-31): ECB on the first day of the starting half-year + 8.
    firsts = {int(s): half_year_start(_as_date(s)) for s in np.unique(starts)}
    rate_of: dict[int, Decimal] = {}
    for start, first in firsts.items():
        if first < SEMESTER_RULE_FROM or not (book.ecb.first_day <= first <= book.ecb.known_until):
            continue
        rate_of[start] = CONTEXT.add(book.ecb.rate_on(first), Decimal(8))
    missing = [i for i, s in enumerate(starts) if int(s) not in rate_of]
    if missing:
        return None, missing
    return np.array([rate_of[int(s)] for s in starts], dtype=object), []


def _vectorised(
    cents: Any, starts: Any, ends: Any, basis: PenaltyBasis, book: RateBook
) -> tuple[Any, Any] | int:
    """
    Interest (minor units) and number of lines of late rows without payments, or the position
    of the first row the rate tables do not cover (to let ``late_penalties`` raise its error).
    """
    count = len(cents)
    spans = ends - starts + 1
    longest = int(spans.max()) if count else 0
    largest = max((abs(int(c)) for c in cents), default=0)
    found = _table(basis, book)
    if found is None:
        rates, missing = _fixed_rates(basis, book, starts)
        if rates is None:
            return missing[0]
        places = _scale(set(rates.tolist()))
        scaled = [int(r.scaleb(places, context=CONTEXT)) for r in rates]
        top = max((abs(r) for r in scaled), default=0)
        denominator = 36500 * 10**places
        wide = 2 * largest * top * longest + denominator >= _INT64_SAFE
        kind: Any = object if wide else np.int64
        products = np.array(cents, dtype=kind) * np.array(scaled, dtype=kind) * spans.astype(kind)
        return _rounded(products, denominator).astype(kind), np.ones(count, dtype=np.int64)
    table, factor, points = found
    uncovered = (starts < table.first_day.toordinal() - _EPOCH) | (
        ends > table.known_until.toordinal() - _EPOCH
    )
    if uncovered.any():
        return int(np.argmax(uncovered))
    first, last = _as_date(starts.min()), _as_date(ends.max())
    periods = table.covering(first, last)
    effective = [CONTEXT.add(CONTEXT.multiply(p.rate, factor), points) for p in periods]
    places = _scale(effective)
    scaled = [int(r.scaleb(places, context=CONTEXT)) for r in effective]
    denominator = 36500 * 10**places
    top = max((abs(r) for r in scaled), default=0)
    wide = 2 * largest * top * longest + denominator >= _INT64_SAFE
    kind = object if wide else np.int64
    principal = np.array(cents, dtype=kind)
    interest = np.zeros(count, dtype=kind)
    lines = np.zeros(count, dtype=np.int64)
    for period, rate in zip(periods, scaled, strict=True):
        low = np.maximum(starts, period.start.toordinal() - _EPOCH)
        high = np.minimum(ends, period.end.toordinal() - _EPOCH)
        days = np.maximum(high - low + 1, 0)
        touched = days > 0
        if not touched.any():
            continue
        interest += _rounded(principal * rate * days.astype(kind), denominator)
        lines += touched
    return interest, lines


# --- penalties_frame ----------------------------------------------------------------------------


def _payments(series: Any | None, count: int) -> list[tuple[Payment, ...]]:
    if series is None:
        return [()] * count
    out: list[tuple[Payment, ...]] = []
    for label, cell in zip(series.index, series.to_numpy(), strict=True):
        if cell is None or (not isinstance(cell, list | tuple) and pd.isna(cell)):
            out.append(())
            continue
        if not isinstance(cell, list | tuple) or not all(isinstance(p, Payment) for p in cell):
            raise InvalidArgument(
                "payments",
                cell,
                f"row {label!r}: a list or tuple of Payment values, or None",
            )
        out.append(tuple(cell))
    return out


def _costs(series: Any | None, count: int) -> list[Decimal | None]:
    if series is None:
        return [None] * count
    if series.dtype.kind == "f" and not pd.isna(series).all():
        raise AmountTypeError(
            str(series.dtype), "column 'recovery_costs' holds floats; use Decimal or str values"
        )
    out: list[Decimal | None] = []
    for label, cell, absent in zip(
        series.index, series.to_numpy(), pd.isna(series).to_numpy(), strict=True
    ):
        if absent:
            out.append(None)
            continue
        try:
            out.append(to_amount(cell))
        except DunningError as error:
            raise _row_error(error, label, "recovery_costs") from None
    return out


def _decimals(values: Iterable[int], places: int) -> list[Decimal]:
    cache: dict[int, Decimal] = {}
    out = []
    for value in values:
        amount = cache.get(value)
        if amount is None:
            amount = cache[value] = Decimal(int(value)).scaleb(-places, context=CONTEXT)
        out.append(amount)
    return out


@in_context
def penalties_frame(
    frame: Any,
    *,
    today: date | None = None,
    basis: PenaltyBasis = PenaltyBasis.STATUTORY,
    day_count: DayCount = DayCount.ACT_365,
    debtor_is_consumer: bool = False,
    currency: str = "EUR",
    rates: RateBook | None = None,
    principal: str = "principal",
    due_on: str = "due_on",
    paid_on: str = "paid_on",
) -> Any:
    """
    (Before issue 12.)  The late-payment penalties of every invoice of *frame*, equal to
    :func:`~dunning_core.interest.late_penalties` to the cent.

    The frame has one row per invoice and these columns (other columns are kept as they are):

    * ``principal``: the invoice amount (``Decimal``, ``int`` or numeric ``str`` cells, or an
      integer column; never floats), more than zero;
    * ``due_on``: the due date (``datetime.date`` cells, or a ``datetime64`` column of midnights);
    * ``paid_on`` (optional): the payment date; an empty cell, or no such column, means the
      invoice is unpaid and is evaluated on *today*;
    * ``payments`` (optional): a list of :class:`~dunning_core.interest.Payment` values, or an
      empty cell;
    * ``recovery_costs`` (optional): justified recovery costs, or an empty cell.

    Rows without payments nor recovery costs are computed at once with numpy integer arithmetic
    (``ACT_365``; every basis but the legal rate with a judgment's + 5 points); the others call
    :func:`~dunning_core.interest.late_penalties` row by row.  Findings are not reported here:
    call ``late_penalties`` on a row to read them.

    Args:
        frame: a :class:`pandas.DataFrame` of invoices.
        today: the evaluation date of the unpaid invoices (needed when a ``paid_on`` is missing).
        basis: the :class:`~dunning_core.interest.PenaltyBasis` of every invoice.
        day_count: :class:`~dunning_core.interest.DayCount` (``ACT_ACT`` goes row by row).
        debtor_is_consumer: the debtors are consumers (no indemnity).
        currency: ISO 4217 code of every amount of the frame.
        rates: a :class:`~dunning_core.rates.RateBook` (default: the shipped tables).
        principal: the name of the principal column.
        due_on: the name of the due date column.
        paid_on: the name of the payment date column.

    Returns:
        A new frame: *frame*'s columns, then :data:`PENALTY_COLUMNS`: ``days`` (days late,
        ``paid_on - due_on`` or 0), ``lines`` (lines of the breakdown), ``interest``,
        ``indemnity`` and ``total`` (``Decimal``, rounded to the minor unit).

    Raises:
        InvalidArgument: *frame* is not a DataFrame, a required column is missing, a missing
            ``paid_on`` without *today*, an option of the wrong kind.
        AmountTypeError: a float column or cell (the message names the row and column).
        InvalidAmount: a zero, negative or malformed amount, too many decimals.
        DateTypeError: a date cell that is a string, a ``datetime``, a time of day.
        InvalidPayment: a payment after ``paid_on`` or larger than what is owed.
        RateUnavailable: a late day the rate tables do not cover (the first such row).

    >>> frame = pd.DataFrame({"principal": ["1000", "2000"],
    ...                       "due_on": [date(2025, 1, 31), date(2025, 1, 31)]})
    >>> penalties_frame(frame, today=date(2025, 3, 2), basis=PenaltyBasis.contractual("12"))
      principal      due_on  days  lines interest indemnity  total
    0      1000  2025-01-31    30      1     9.86     40.00  49.86
    1      2000  2025-01-31    30      1    19.73     40.00  59.73
    """
    # --- validate everything at the boundary -------------------------------------------------
    if not isinstance(frame, pd.DataFrame):
        raise InvalidArgument("frame", type(frame).__name__, "a pandas.DataFrame of invoices")
    code = check_currency(currency)
    places = minor_units(code)
    if today is not None:
        to_date(today, name="today")
    if not isinstance(basis, PenaltyBasis):
        raise InvalidArgument("basis", basis, "a PenaltyBasis such as PenaltyBasis.STATUTORY")
    if not isinstance(day_count, DayCount):
        raise InvalidArgument("day_count", day_count, "DayCount.ACT_365 or DayCount.ACT_ACT")
    if not isinstance(debtor_is_consumer, bool):
        raise InvalidArgument("debtor_is_consumer", debtor_is_consumer, "True or False")
    if rates is None:
        book = default_rates()
    elif isinstance(rates, RateBook):
        book = rates
    else:
        raise InvalidArgument("rates", rates, "a RateBook such as default_rates()")
    count = len(frame)
    cents = _cents(_column(frame, principal), places, principal)
    dues = _days(_column(frame, due_on), due_on, missing=None)
    fallback = None if today is None else today.toordinal() - _EPOCH
    if paid_on in frame.columns:
        try:
            paids = _days(frame[paid_on], paid_on, missing=fallback)
        except DateTypeError as error:
            if error.value is not None:
                raise
            raise InvalidArgument(
                "today", None, f"a date for the rows whose {paid_on!r} is empty"
            ) from None
    elif fallback is None:
        raise InvalidArgument("today", None, f"a date, since the frame has no {paid_on!r} column")
    else:
        paids = np.full(count, fallback, dtype=np.int64)
    payments = _payments(frame["payments"] if "payments" in frame.columns else None, count)
    costs = _costs(frame["recovery_costs"] if "recovery_costs" in frame.columns else None, count)

    # --- the rows computed at once, and those handed to late_penalties -------------------------
    late = paids > dues
    by_row = day_count is not DayCount.ACT_365 or basis.enforceable_on is not None
    slow = np.array(
        [by_row or bool(p) or c is not None for p, c in zip(payments, costs, strict=True)],
        dtype=bool,
    ).reshape(count)
    fast = np.flatnonzero(late & ~slow)
    interest = [0] * count
    lines = np.zeros(count, dtype=np.int64)
    indemnity = [0] * count
    found = (
        _vectorised([cents[i] for i in fast], dues[fast] + 1, paids[fast], basis, book)
        if len(fast)
        else (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64))
    )
    if isinstance(found, int):  # let late_penalties raise its RateUnavailable for that row
        row = int(fast[found])
        late_penalties(
            Decimal(cents[row]).scaleb(-places, context=CONTEXT),
            _as_date(dues[row]),
            _as_date(paids[row]),
            basis=basis,
            currency=code,
            rates=book,
        )
        raise AssertionError("unreachable: the row is outside the rate tables")  # pragma: no cover
    amounts, counts = found
    flat = 10**places * 40 if code == "EUR" else 0  # D441-5; not converted to other currencies
    owed = flat if basis.indemnity_applies and not debtor_is_consumer else 0
    first_due = INDEMNITY_FROM.toordinal() - _EPOCH  # debts due before 2013 owe no indemnity
    for position, row in enumerate(fast.tolist()):
        interest[row] = int(amounts[position])
        indemnity[row] = owed if dues[row] >= first_due else 0
    lines[fast] = counts
    for row in np.flatnonzero(slow).tolist():
        breakdown = late_penalties(
            Decimal(cents[row]).scaleb(-places, context=CONTEXT),
            _as_date(dues[row]),
            _as_date(paids[row]),
            basis=basis,
            payments=payments[row],
            day_count=day_count,
            recovery_costs=costs[row],
            debtor_is_consumer=debtor_is_consumer,
            currency=code,
            rates=book,
        )
        interest[row] = int(breakdown.interest.scaleb(places, context=CONTEXT))
        indemnity[row] = int(breakdown.indemnity.scaleb(places, context=CONTEXT))
        lines[row] = len(breakdown.lines)
    out = frame.copy()
    out["days"] = np.maximum(paids - dues, 0)
    out["lines"] = lines
    out["interest"] = pd.Series(_decimals(interest, places), index=frame.index, dtype=object)
    out["indemnity"] = pd.Series(_decimals(indemnity, places), index=frame.index, dtype=object)
    totals = [a + b for a, b in zip(interest, indemnity, strict=True)]
    out["total"] = pd.Series(_decimals(totals, places), index=frame.index, dtype=object)
    return out
