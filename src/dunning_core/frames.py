"""
pandas helpers: penalties for a whole DataFrame of invoices, and values to and from frames.

An optional extra: ``pip install 'dunning-core[pandas]'``.  Importing this module without pandas
raises an :class:`ImportError` that says so.

* :func:`penalties_frame` computes the late-payment penalties of every invoice of a frame in one
  call.  The results equal :func:`~dunning_core.interest.late_penalties` **to the cent**, row by
  row: for the invoices without partial payments it computes, with numpy integer arithmetic, the
  days each invoice overlaps each rate period (the half-year table is small) and rounds every line
  half-up to the cent exactly as ``late_penalties`` does; the other rows (partial payments,
  justified recovery costs, ``ACT_ACT``, a judgment's + 5 points) are handed to
  ``late_penalties`` itself.
* :func:`plan_frame` plans a whole frame of cases for a day, exactly as
  :func:`~dunning_core.machine.next_actions` does case by case, on numpy columns (the planner's
  rules are written once, in ``machine._schedule``, and evaluated on one case or on columns);
  :func:`fold_events` turns a frame of recorded events (a portfolio file, Parquet) into the
  columns it reads without building a case per invoice.
* :func:`to_frame` turns a breakdown, a portfolio plan or cases into a frame;
  :func:`from_frame` builds cases back from one.

**Money is never a float.**  Amount columns hold :class:`~decimal.Decimal` values (``object``
dtype); on input, ``Decimal``, ``int`` and numeric ``str`` cells (or an integer column) are
accepted, and a float column is refused with
:class:`~dunning_core.errors.AmountTypeError`.  Date columns hold :class:`datetime.date` values;
on input a ``datetime64`` column is accepted too, as long as every value is a midnight.

>>> from datetime import date
>>> from decimal import Decimal
>>> import pandas as pd
>>> invoices = pd.DataFrame({
...     "principal": [Decimal("10000"), Decimal("1200.00"), Decimal("500")],
...     "due_on": [date(2025, 3, 31), date(2025, 6, 15), date(2025, 9, 1)],
...     "paid_on": [date(2025, 8, 15), None, date(2025, 8, 20)],
... })
>>> out = penalties_frame(invoices, today=date(2025, 9, 30))
>>> out[["days", "lines", "interest", "indemnity", "total"]]
   days  lines interest indemnity   total
0   137      2   480.97     40.00  520.97
1   107      2    43.23     40.00   83.23
2     0      0     0.00      0.00    0.00
>>> out["total"].sum()
Decimal('604.20')
"""

from __future__ import annotations

import csv
import decimal
import enum
import io
import sys
import warnings
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import ROUND_CEILING, Decimal
from itertools import repeat
from typing import Any, Final

import attrs

try:
    import numpy as np
    import pandas as pd  # type: ignore[import-untyped, unused-ignore]
except ImportError as error:  # pragma: no cover - exercised in a test that hides pandas
    raise ImportError(
        "dunning_core.frames needs pandas: install the extra with "
        "pip install 'dunning-core[pandas]'"
    ) from error

from dunning_core.calendar import ISO_DATE, parse_date, to_date
from dunning_core.errors import (
    AmountTypeError,
    DateTypeError,
    DunningError,
    DunningWarning,
    InvalidAmount,
    InvalidArgument,
    InvalidDate,
    RateUnavailable,
)
from dunning_core.interest import (
    INDEMNITY_FROM,
    DayCount,
    Payment,
    PenaltyBasis,
    PenaltyBreakdown,
    _columnar,
    _compiled,
    _converted,
    _flat_amount,
    _flat_owed,
    _half_up,
    late_penalties,
)
from dunning_core.law import D441_5
from dunning_core.machine import (
    Action,
    Case,
    ContactMade,
    CreditNoteIssued,
    Delivery,
    DisputeOpened,
    DisputeResolved,
    FormalNoticeDelivered,
    FormalNoticeSent,
    Instalment,
    InvoiceOpened,
    PaymentPlanAgreed,
    PaymentReceived,
    PromiseToPay,
    ProofRecorded,
    apply,
    claim_amounts,
    next_actions,
)
from dunning_core.machine import _schedule as rules
from dunning_core.machine._case import (
    formal_notice_deadline,
    plan_broken_on,
    prescription_end,
    require_policy,
)
from dunning_core.machine._planner import (
    POSTAL_HOLDING_DAYS,
    PUBLIC_INTEREST_DAYS,
    _business_date,
    _first_after_notice,
)
from dunning_core.machine._schedule import (
    AMICABLE_RANK,
    FORMAL_NOTICE_RANK,
    PREVENTIVE_RANK,
    Ops,
)
from dunning_core.money import (
    CONTEXT,
    MAX_AMOUNT,
    check_currency,
    in_context,
    minor_units,
    to_amount,
)
from dunning_core.policy import Backlog, Channel, DebtorSegment, Policy, Stage, Step, StepKind
from dunning_core.portfolio_io import COLUMNS as PORTFOLIO_COLUMNS
from dunning_core.portfolio_io import PortfolioPlan, dump_portfolio, read_portfolio
from dunning_core.rates import RateBook, default_rates

__all__ = [
    "AMOUNT_COLUMNS",
    "CASE_COLUMNS",
    "HISTORY_COLUMNS",
    "LINE_COLUMNS",
    "PENALTY_COLUMNS",
    "PLANNED_COLUMNS",
    "PLAN_COLUMNS",
    "contact_column",
    "events_frame",
    "fold_events",
    "from_frame",
    "penalties_frame",
    "plan_frame",
    "to_frame",
]

PENALTY_COLUMNS: Final[tuple[str, ...]] = ("days", "lines", "interest", "indemnity", "total")
"""The columns :func:`penalties_frame` adds: days late (``int``), number of lines (``int``),
then ``interest``, ``indemnity`` and ``total`` (``Decimal``)."""

LINE_COLUMNS: Final[tuple[str, ...]] = (
    "start",
    "end",
    "days",
    "balance",
    "rate",
    "amount",
    "article",
)
"""The columns of a breakdown's frame, one row per line (see ``PenaltyBreakdown.rows``)."""

CASE_COLUMNS: Final[tuple[str, ...]] = (
    "reference",
    "amount",
    "currency",
    "issued_on",
    "due_on",
    "opened_on",
    "segment",
    "stage",
    "balance",
    "paid",
    "credited",
    "last_on",
    "events",
)
"""The columns of a frame of cases; :func:`from_frame` reads the first seven."""

PLAN_COLUMNS: Final[tuple[str, ...]] = (
    "reference",
    "stage",
    "days_late",
    "balance",
    "currency",
    "action",
    "channel",
    "action_due_on",
)
"""The columns of a portfolio plan's frame, one row per case."""

_EPOCH: Final = date(1970, 1, 1).toordinal()  # numpy's day 0
_INT64_SAFE: Final = 2**62
_MAX_UNITS: Final = int(MAX_AMOUNT)  # the largest amount, in whole units
_BLOCK: Final = 1 << 16  # rows per block: temporary arrays stay small (memory)


# --- reading columns ----------------------------------------------------------------------------


def _row_error(error: DunningError, label: object, column: str | None) -> DunningError:
    """The same error, its message prefixed with the row and column (same class, same data)."""
    where = f"row {label!r}: " if column is None else f"row {label!r}, column {column!r}: "
    if isinstance(error, InvalidAmount | InvalidDate):
        return type(error)(error.value, where + error.reason)
    if isinstance(error, InvalidArgument):
        return InvalidArgument(error.name, error.value, where + error.reason)
    return error  # pragma: no cover - only the kinds above are raised while reading


def _one_column_each(frame: Any, names: Iterable[object]) -> None:
    """Refuse a name the function reads that names several columns (pandas gives a frame)."""
    if frame.columns.is_unique:
        return
    counts = frame.columns.value_counts()
    for name in names:
        if counts.get(name, 0) > 1:
            raise InvalidArgument(
                "frame",
                name,
                f"one column named {name!r} (the frame has {counts[name]} columns of that name)",
            )


def _column(frame: Any, name: str) -> Any:
    if name not in frame.columns:
        raise InvalidArgument("frame", list(frame.columns), f"a DataFrame with a {name!r} column")
    return frame[name]


def _arrow(series: Any) -> Any | None:
    """The pyarrow ChunkedArray behind an Arrow-backed column, or ``None``."""
    if isinstance(series.dtype, pd.ArrowDtype):
        return series.array.__arrow_array__()
    return None


def _first(mask: Any, series: Any) -> object:
    """The label of the first row where *mask* holds."""
    return series.index[int(np.argmax(mask))]


def _positive(cents: Any, series: Any, name: str, places: int) -> Any:
    """*cents* (int64), refusing zero and negative amounts with the row and column."""
    bad = cents <= 0
    if bad.any():
        position = int(np.argmax(bad))
        value = Decimal(int(cents[position])).scaleb(-places, context=CONTEXT)
        raise _row_error(
            InvalidAmount(value, "a principal must be more than zero"),
            series.index[position],
            name,
        )
    return cents


def _integer_units(series: Any, name: str, places: int, factor: int) -> Any:
    """
    Minor units (int64) of an integer column of *factor* minor units each (1: minor units,
    ``10**places``: whole units), numpy, nullable or Arrow: an empty cell, an amount beyond
    :data:`~dunning_core.money.MAX_AMOUNT` (checked before it is multiplied), zero or a negative
    one refused with its row and column.
    """
    missing = pd.isna(series).to_numpy()
    if missing.any():
        raise _row_error(
            InvalidAmount(None, "a principal is required (the cell is empty)"),
            _first(missing, series),
            name,
        )
    raw = series.to_numpy(dtype=np.uint64 if series.dtype.kind == "u" else np.int64)
    over = raw > _MAX_UNITS * 10**places // factor
    if over.any():
        position = int(np.argmax(over))
        raise _row_error(
            InvalidAmount(
                Decimal(int(raw[position]) * factor).scaleb(-places, context=CONTEXT),
                f"amounts must not exceed {MAX_AMOUNT:,f}",
            ),
            series.index[position],
            name,
        )
    return _positive(raw.astype(np.int64) * factor, series, name, places)


def _arrow_text(chunked: Any) -> bool:
    """Whether an Arrow column holds text (string or large_string)."""
    import pyarrow as pa  # an Arrow column means pyarrow is there

    return bool(pa.types.is_string(chunked.type) or pa.types.is_large_string(chunked.type))


def _arrow_cents(chunked: Any, series: Any, places: int, name: str) -> Any:
    """Minor units of an Arrow decimal128 or integer column (whole units), exactly."""
    import pyarrow as pa  # an Arrow column means pyarrow is there

    kind = chunked.type
    nulls = np.asarray(chunked.is_null())
    if nulls.any():
        raise _row_error(
            InvalidAmount(None, "a principal is required (the cell is empty)"),
            _first(nulls, series),
            name,
        )
    if not pa.types.is_decimal128(kind):  # an integer column is read by _integer_units
        raise AmountTypeError(
            str(kind),
            f"column {name!r} is an Arrow column of {kind}; amounts are decimal128 "
            "(or integers, whole units, or text such as '1250.00')",
        )
    # The unscaled 128-bit integers, as (low, high) 64-bit words: exact when high is the sign.
    words = np.concatenate(
        [
            np.frombuffer(chunk.buffers()[1], dtype=np.int64)[
                2 * chunk.offset : 2 * (chunk.offset + len(chunk))
            ]
            for chunk in chunked.chunks
        ]
        or [np.zeros(0, dtype=np.int64)]
    ).reshape(-1, 2)
    low, high = words[:, 0], words[:, 1]
    bound = _MAX_UNITS * 10**kind.scale
    if (high != (low >> 63)).any() or (bound < 2**63 and (np.abs(low) > bound).any()):
        raise InvalidAmount(name, f"amounts of column {name!r} exceed {MAX_AMOUNT:,f}")
    shift = places - kind.scale
    if shift >= 0:
        cents = low * 10**shift
    else:
        unit = 10**-shift
        off = low % unit != 0
        if off.any():
            position = int(np.argmax(off))
            raise _row_error(
                InvalidAmount(
                    chunked[position].as_py(),
                    f"an amount has at most {places} decimals here; round it first",
                ),
                series.index[position],
                name,
            )
        cents = low // unit
    return _positive(cents, series, name, places)


_HASH_MODULUS: Final = sys.hash_info.modulus
_MERSENNE_61: Final = (1 << 61) - 1  # the modulus of 64-bit CPython and PyPy


def _units_of_hashes(hashes: Any, scale: int) -> Any:
    """
    The minor units of ``Decimal`` amounts written at the minor unit, from their hashes (int64,
    positive), exactly: Python's numeric hash of the rational ``n / scale`` is ``n × scale⁻¹``
    modulo ``P = 2⁶¹ − 1`` (language reference, "Hashing of numeric types"), so ``n`` is
    ``hash × scale mod P`` for every ``0 < n < P`` (amounts up to MAX_AMOUNT: ``n < 10¹⁸``).
    One C-level call per cell (``hash``, cached by ``Decimal``) instead of ``scaleb`` and
    ``int``; the product is taken modulo P in int64 without overflow (``2⁶¹ ≡ 1``).

    >>> from decimal import Decimal
    >>> cells = [Decimal("12.34"), Decimal("0.01"), Decimal("999999999999999.99")]
    >>> _units_of_hashes(np.array([hash(c) for c in cells], dtype=np.int64), 100).tolist()
    [1234, 1, 99999999999999999]
    """
    high, low = hashes >> 32, hashes & 0xFFFF_FFFF  # high < 2**29, low < 2**32
    product = high * scale  # < 2**39 (scale <= 1000): the high part, times 2**32 below
    total = (product >> 29) + ((product & 0x1FFF_FFFF) << 32) + low * scale  # < 2**62
    return total % _MERSENNE_61


def _object_cents(values: Any, places: int) -> Any | None:
    """
    Minor units of an object column of plain ``Decimal`` cells, exactly, in C-level passes over
    blocks of rows (cells written at the minor unit scaled to integers; the others read with
    ``as_integer_ratio``); ``None`` when a cell needs the row-by-row
    reading, which says what is wrong (another type, NaN, a digit past the minor unit, zero,
    negative, out of range).
    """
    if set(map(type, values)) != {Decimal}:
        return None
    cents = np.empty(len(values), dtype=np.int64)
    scale = 10**places
    top = _MAX_UNITS * scale
    one = Decimal(1).scaleb(-places)
    by_hash = _HASH_MODULUS == _MERSENNE_61 and top < _HASH_MODULUS
    for block in range(0, len(values), _BLOCK):
        part = values[block : block + _BLOCK]
        if all(map(Decimal.same_quantum, part, repeat(one))):  # the usual cells: 12.30, 0.05
            if by_hash:  # written at the minor unit: their hashes give them (_units_of_hashes)
                hashes = np.fromiter(map(hash, part), dtype=np.int64, count=len(part))
                if (hashes <= 0).any():  # zero, negative: the row-by-row reading says so
                    return None
                units = _units_of_hashes(hashes, scale)
            else:
                try:  # scaled, they are whole
                    scaled = map(Decimal.scaleb, part, repeat(places), repeat(CONTEXT))
                    units = np.fromiter(map(int, scaled), dtype=np.int64, count=len(part))
                except (ValueError, OverflowError):  # NaN, infinity, beyond 64 bits
                    return None
            if ((units <= 0) | (units > top)).any():
                return None
            cents[block : block + _BLOCK] = units
            continue
        try:
            numerators, denominators = zip(*map(Decimal.as_integer_ratio, part), strict=True)
            whole = np.array(numerators, dtype=np.int64)
            parts = np.array(denominators, dtype=np.int64)
        except (ValueError, OverflowError):  # NaN, infinity, beyond 64 bits
            return None
        if (scale % parts).any():
            return None  # a digit past the minor unit
        factor = scale // parts
        if ((whole <= 0) | (whole > top // factor)).any():  # checked before it is multiplied
            return None
        cents[block : block + _BLOCK] = whole * factor
    return cents


_PLAIN_DECIMAL: Final = r"[0-9]+(?:\.[0-9]+)?"


def _plain_decimals(series: Any) -> bool:
    """Whether every cell is text such as ``1200.00`` (digits, an optional point and digits)."""
    if not (series.dtype == object or pd.api.types.is_string_dtype(series.dtype)):
        return False
    if series.isna().any():
        return False
    text = series.astype(object)
    if set(map(type, text.to_numpy())) != {str}:
        return False
    return bool(text.str.fullmatch(_PLAIN_DECIMAL).all())


def _cents(series: Any, places: int, name: str, *, in_cents: bool = False) -> Any:
    """Each amount in minor units (int64, exact), refusing floats, missing values and zero."""
    if series.dtype.kind == "f":
        raise AmountTypeError(
            str(series.dtype),
            f"column {name!r} holds floats, which cannot hold cents exactly; "
            "use Decimal (object) or str values, or integers",
        )
    if series.dtype.kind in "iu":  # numpy, nullable (Int64) or Arrow integers
        return _integer_units(series, name, places, 1 if in_cents else 10**places)
    if in_cents:
        raise AmountTypeError(
            str(series.dtype),
            f"column {name!r} must hold integers (minor units: cents for EUR) with in_cents=True",
        )
    chunked = _arrow(series)
    if chunked is not None and not _arrow_text(chunked):
        return _arrow_cents(chunked, series, places, name)
    # Text cells (an Arrow string column as read_parquet(dtype_backend="pyarrow") gives them
    # too): read as a CSV's are.
    values = series.to_numpy(dtype=object)
    fast = _object_cents(values, places)
    if fast is None and _plain_decimals(series):  # text cells (CSV): read in one C-level pass
        fast = _object_cents(np.fromiter(map(Decimal, values), object, len(values)), places)
    if fast is not None:
        return fast
    out: list[int] = []
    missing = pd.isna(series).to_numpy()
    for label, value, absent in zip(series.index, values, missing, strict=True):
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
    return np.array(out, dtype=np.int64)


def _days(series: Any, name: str, *, missing: int | None) -> Any:
    """Days since 1970-01-01 as int64; missing cells take *missing* (or raise when ``None``)."""
    absent = pd.isna(series).to_numpy()
    dtype = series.dtype
    chunked = _arrow(series)
    if chunked is not None:
        import pyarrow as pa

        if not (pa.types.is_date32(chunked.type) or pa.types.is_date64(chunked.type)):
            raise DateTypeError(
                str(chunked.type),
                f"column {name!r} is an Arrow column of {chunked.type}; dates are date32"
                + (
                    f" (ISO text converts with frame[{name!r}].astype('date32[pyarrow]'))"
                    if _arrow_text(chunked)
                    else ""
                ),
            )
        days = chunked.cast(pa.date32()).cast(pa.int32()).fill_null(0)
        out = np.asarray(days).astype(np.int64)
    elif dtype.kind == "M":
        if getattr(dtype, "tz", None) is not None:
            raise DateTypeError(
                str(dtype), f"column {name!r} holds timestamps with a time zone, not dates"
            )
        stamps = series.to_numpy(dtype="datetime64[ns]")
        whole = stamps.astype("datetime64[D]")
        off = (whole.astype("datetime64[ns]") != stamps) & ~absent
        if off.any():
            label = _first(off, series)
            raise _row_error(
                DateTypeError(
                    series[label], "a date column holds times of day; keep the dates only"
                ),
                label,
                name,
            )
        out = whole.astype(np.int64)
    else:
        values = series.to_numpy()
        present = values[~absent] if absent.any() else values
        if set(map(type, present)) <= {date}:  # plain dates: one C-level pass
            out = np.zeros(len(values), dtype=np.int64)
            out[~absent] = np.fromiter(map(date.toordinal, present), np.int64, len(present))
            out[~absent] -= _EPOCH
            del present
        else:
            ordinals = []
            for label, value, gone in zip(series.index, values, absent, strict=True):
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
            label = _first(absent, series)
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
    """
    ``products / denominator`` rounded half-up, away from zero on a tie (``ROUND_HALF_UP``, as
    the ``Decimal`` path rounds a negative rate's line), exactly: interest's rule on magnitudes.
    """
    rounded = _half_up(np.abs(products), denominator)
    return np.where(products < 0, -rounded, rounded)


def _half_year_starts(starts: Any) -> Any:
    """1 January or 1 July of the half-year of each day (days since 1970-01-01)."""
    months = starts.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)
    halves = months - months % 6  # months since 1970-01: January or July
    return halves.astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)


def _fixed_rates(basis: PenaltyBasis, book: RateBook, starts: Any) -> tuple[list[Decimal], Any]:
    """
    The distinct rates of a fixed-rate basis and each row's index into them; the index is -1 for
    a row the tables miss.  The rate comes from the basis (``PenaltyBasis.fixed_rate``): the
    agreed rate, or the table's on the first day of the half-year in which interest started.
    """
    if basis.rate is not None:  # an agreed rate: the same whatever the start
        return [basis.rate], np.zeros(len(starts), dtype=np.int64)
    firsts, which = np.unique(_half_year_starts(starts), return_inverse=True)
    rates: list[Decimal] = []
    known = np.zeros(len(firsts), dtype=bool)
    for position, day in enumerate(firsts.tolist()):
        try:
            rate = basis.fixed_rate(book, _as_date(day))
        except RateUnavailable:
            rates.append(Decimal(0))
            continue
        assert rate is not None  # a fixed-rate basis
        rates.append(rate)
        known[position] = True
    return rates, np.where(known[which], which, -1)


def _vectorised(
    cents: Any, starts: Any, ends: Any, basis: PenaltyBasis, book: RateBook
) -> tuple[Any, Any] | int:
    """
    Interest (minor units) and number of lines of late rows without payments, or the position
    of the first row the rate tables do not cover (to let ``late_penalties`` raise its error).

    Each row overlaps a few consecutive periods: the k-th pass prices the k-th period of every
    row that still has one, so the work is the number of lines, not rows × periods.
    """
    count = len(cents)
    spans = ends - starts + 1
    longest = int(spans.max()) if count else 0
    largest = int(np.abs(cents).max()) if count else 0
    if not basis.per_half_year:
        distinct, which = _fixed_rates(basis, book, starts)
        if (which < 0).any():
            return int(np.argmax(which < 0))
        places = _scale(distinct)
        scaled = np.array([int(r.scaleb(places, context=CONTEXT)) for r in distinct], dtype=object)
        top = max((abs(int(r)) for r in scaled), default=0)
        denominator = 36500 * 10**places
        wide = 2 * largest * top * longest + denominator >= _INT64_SAFE
        kind: Any = object if wide else np.int64
        products = cents.astype(kind) * scaled[which].astype(kind) * spans.astype(kind)
        return _rounded(products, denominator).astype(kind), np.ones(count, dtype=np.int64)
    # The periods and the rates of each (table rate × factor + points) as interest compiled
    # them for late_penalties: one schedule for both.
    schedule = _compiled(basis, book, _as_date(starts.min() - 1))
    period_starts = np.array(schedule.starts, dtype=np.int64) - _EPOCH
    period_ends = np.array(schedule.ends, dtype=np.int64) - _EPOCH
    uncovered = (starts < period_starts[0]) | (ends > period_ends[-1])
    if uncovered.any():
        return int(np.argmax(uncovered))
    places = _scale(schedule.rates)
    denominator = 36500 * 10**places
    scaled_rates = [int(r.scaleb(places, context=CONTEXT)) for r in schedule.rates]
    top = max((abs(r) for r in scaled_rates), default=0)
    wide = 2 * largest * top * longest + denominator >= _INT64_SAFE
    kind = object if wide else np.int64
    rates = np.array(scaled_rates, dtype=kind)
    first = np.searchsorted(period_starts, starts, side="right") - 1
    last = np.searchsorted(period_starts, ends, side="right") - 1
    extra = last - first  # periods after the first one
    principal = cents.astype(kind)
    interest = np.zeros(count, dtype=kind)
    rows = np.arange(count)
    for k in range(int(extra.max()) + 1 if count else 0):
        if k:
            rows = rows[extra[rows] >= k]
        index = first[rows] + k
        low = np.maximum(starts[rows], period_starts[index])
        high = np.minimum(ends[rows], period_ends[index])
        days = (high - low + 1).astype(kind)
        interest[rows] += _rounded(principal[rows] * rates[index] * days, denominator)
    return interest, extra + 1


# --- penalties_frame ----------------------------------------------------------------------------


def _flat_units(converted: Decimal | None, code: str, places: int) -> int:
    """
    The flat indemnity in minor units, by interest's rule (``_flat_amount``): 40 € in euros
    (D441-5), else the 40 € *converted* into *code* by the caller, or 0 when it is not given
    (owed in euros, not counted).
    """
    amount = _flat_amount(code, converted)
    return 0 if amount is None else int(amount.scaleb(places, context=CONTEXT))


def _payments(series: Any) -> list[tuple[Payment, ...]]:
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


def _costs(series: Any) -> list[Decimal | None]:
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


def _bases(
    frame: Any, basis: PenaltyBasis | str, segment: str | None, consumer: bool
) -> tuple[list[PenaltyBasis], Any, Any]:
    """
    The distinct bases, each row's index into them, and whether each row's debtor is a consumer.
    """
    count = len(frame)
    consumers = np.full(count, consumer, dtype=bool)
    if isinstance(basis, PenaltyBasis) and segment is None:
        return [basis], np.zeros(count, dtype=np.int64), consumers
    if isinstance(basis, str):
        if segment is not None:
            raise InvalidArgument(
                "segment", segment, "either a basis column or a segment column, not both"
            )
        if basis not in frame.columns:
            raise InvalidArgument(
                "basis",
                basis,
                "a PenaltyBasis such as PenaltyBasis.STATUTORY, or the name of a column of them "
                f"(the frame has no {basis!r} column)",
            )
        series = frame[basis]
        codes, uniques = pd.factorize(series, use_na_sentinel=True)
        for position, value in enumerate(uniques):
            if not isinstance(value, PenaltyBasis):
                label = _first(codes == position, series)
                raise InvalidArgument(
                    "basis",
                    value,
                    f"row {label!r}, column {basis!r}: a PenaltyBasis such as "
                    "PenaltyBasis.STATUTORY",
                )
        if (codes < 0).any():
            raise InvalidArgument(
                "basis",
                None,
                f"row {_first(codes < 0, series)!r}, column {basis!r}: a PenaltyBasis is required",
            )
        return list(uniques), codes.astype(np.int64), consumers
    if not isinstance(basis, PenaltyBasis):
        raise InvalidArgument(
            "basis",
            basis,
            "a PenaltyBasis such as PenaltyBasis.STATUTORY, or the name of a column of them",
        )
    assert segment is not None
    series = _column(frame, segment)
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    segments: list[DebtorSegment] = []
    for position, value in enumerate(uniques):
        try:
            segments.append(value if isinstance(value, DebtorSegment) else DebtorSegment(value))
        except ValueError:
            label = _first(codes == position, series)
            accepted = ", ".join(repr(s.value) for s in DebtorSegment)
            raise InvalidArgument(
                "segment",
                value,
                f"row {label!r}, column {segment!r}: a DebtorSegment or one of {accepted}",
            ) from None
    if (codes < 0).any():
        raise InvalidArgument(
            "segment",
            None,
            f"row {_first(codes < 0, series)!r}, column {segment!r}: a segment is required",
        )
    bases = [s.penalty_basis(basis) for s in segments]
    is_consumer = np.array([s is DebtorSegment.CONSUMER for s in segments] + [False])
    distinct = list(dict.fromkeys(bases))
    remap = np.array([distinct.index(b) for b in bases] + [0], dtype=np.int64)
    return distinct, remap[codes], consumers | is_consumer[codes]


def _decimals(units: Any, places: int) -> Any:
    """An object array of ``Decimal`` amounts from minor units, in C-level passes (``1234`` →
    ``12.34``), a block of Python ints at a time (memory)."""
    decimals = np.empty(len(units), dtype=object)
    step = Decimal(1).scaleb(-places)  # 0.01: n × 0.01 is exact, written with 2 decimals
    with decimal.localcontext(CONTEXT):  # step.__mul__ reads the current context: ours
        for block in range(0, len(units), _BLOCK):
            part = units[block : block + _BLOCK].tolist()  # Python ints, exactly
            built = map(step.__mul__, part)  # one C call per amount (no context argument)
            decimals[block : block + _BLOCK] = np.fromiter(built, dtype=object, count=len(part))
    return decimals


def _object_series(values: Any, index: Any) -> Any:
    """A column of *values* as they are: no copy, no type inference (which allocates buffers
    of 40 bytes a row)."""
    return pd.Series(values, index=index, dtype=object, copy=False)


def _distinct(columns: list[Any]) -> tuple[Any, list[Any]]:
    """
    The distinct values of int64 *columns*, sorted, and the position of each value among them
    (``int32``), column by column: ``distinct[positions[i]] == columns[i]``.  Amounts in minor
    units span a range not much wider than their count (a million interest amounts: 14 million
    cents): a table over that range ranks them without sorting (at most 80 bytes a value,
    freed at once); a wider range is sorted (never numpy's hashing ``unique``, nor
    ``searchsorted`` into a large table: both slower).
    """
    filled = [column for column in columns if len(column)]
    if not filled:
        return np.zeros(0, dtype=np.int64), [np.zeros(0, dtype=np.int32) for _ in columns]
    low = min(int(column.min()) for column in filled)
    span = max(int(column.max()) for column in filled) - low + 1
    if span <= 16 * sum(map(len, columns)) + _BLOCK:  # a table of 5 bytes per value of the range
        present = np.zeros(span, dtype=bool)
        for column in filled:
            present[column - low] = True
        found = np.flatnonzero(present)
        del present
        rank = np.zeros(span, dtype=np.int32)  # written only where a value is
        rank[found] = np.arange(len(found), dtype=np.int32)
        return found + low, [rank[column - low] for column in columns]
    every = np.concatenate(columns)
    order = np.argsort(every, kind="stable")
    ordered = every[order]
    del every
    starts = np.empty(len(ordered), dtype=bool)
    starts[:1] = True
    np.not_equal(ordered[1:], ordered[:-1], out=starts[1:])
    positions = np.empty(len(order), dtype=np.int32)
    positions[order] = np.cumsum(starts, dtype=np.int32) - 1
    return ordered[starts], np.split(positions, np.cumsum([len(c) for c in columns])[:-1])


def _decimal_column(units: Any, places: int, index: Any) -> Any:
    """A column of ``Decimal`` amounts from minor units (see :func:`_decimal_columns`)."""
    return _decimal_columns([units], places, index)[0]


def _first_met(rows: list[Any], count: int) -> Any:
    """
    The *count* values that *rows* (positions, column after column) refer to, in the order a
    row first refers to each: a permutation of ``range(count)``, in O(rows) passes.
    """
    total = sum(map(len, rows))
    first = np.empty(count, dtype=np.int64)  # the first row (over every column) of each value
    end = total
    for where in reversed(rows):  # the last write wins: the earliest row, written last
        start = end - len(where)
        first[where[::-1]] = np.arange(end - 1, start - 1, -1, dtype=np.int64)
        end = start
    slot = np.full(total, -1, dtype=np.int32)
    slot[first] = np.arange(count, dtype=np.int32)
    return slot[slot >= 0]


def _decimal_columns(columns: list[Any], places: int, index: Any) -> list[Any]:
    """
    Columns of ``Decimal`` amounts from columns of minor units.  Each distinct amount is built
    once and shared by every row and every column that holds it (a ``Decimal`` takes 104 bytes:
    a million distinct amounts are 100 MiB); *columns* is emptied as it is read, so that each
    array of minor units is freed before the amounts are built.
    """
    if any(units.dtype == object for units in columns):  # beyond int64: each value once
        built = []
        while columns:
            built.append(_object_series(_decimals(columns.pop(0), places), index))
        return built
    # Every distinct amount of every column, and each row's position among them (4 bytes a
    # row), found before any Decimal is built: the peak of memory is then the amounts, the
    # three columns and little else.
    shared, rows = _distinct(columns)
    columns.clear()
    # The amounts built in the order the rows first meet them: each column then reads them
    # almost in sequence (reading them by value, at random, costs a cache miss a row).
    order = _first_met(rows, len(shared))
    shared = shared[order]
    renumbered = np.empty(len(order), dtype=np.int32)
    renumbered[order] = np.arange(len(order), dtype=np.int32)
    rows = [renumbered[where] for where in rows]
    del order, renumbered
    decimals = _decimals(shared, places)
    del shared
    built = []
    while rows:
        built.append(_object_series(decimals[rows.pop(0)], index))
    return built


def _arrow_column(units: Any, places: int, index: Any) -> Any:
    """A column of Arrow ``decimal128(38, places)`` amounts from int64 minor units."""
    import pyarrow as pa

    words = np.empty((len(units), 2), dtype=np.int64)
    words[:, 0] = units
    words[:, 1] = units >> 63  # the sign, extended to 128 bits
    kind = pa.decimal128(38, places)
    array = pa.Array.from_buffers(kind, len(units), [None, pa.py_buffer(words)])
    return pd.Series(pd.array(array, dtype=pd.ArrowDtype(kind)), index=index)


def _refuse_other_frames(frame: object) -> None:
    """A clear error for anything but a pandas DataFrame (polars in particular)."""
    if isinstance(frame, pd.DataFrame):
        return
    kind = type(frame)
    if kind.__module__.split(".")[0] == "polars":
        convert = (
            "frame.collect().to_pandas()" if kind.__name__ == "LazyFrame" else "frame.to_pandas()"
        )
        raise InvalidArgument(
            "frame",
            f"{kind.__module__}.{kind.__name__}",
            f"a pandas.DataFrame: convert a polars frame with {convert} "
            "(or to_pandas(use_pyarrow_extension_array=True) to keep its Arrow "
            "decimal128 and date32 columns, which penalties_frame reads as they are)",
        )
    raise InvalidArgument("frame", kind.__name__, "a pandas.DataFrame of invoices")


@in_context
def penalties_frame(
    frame: Any,
    *,
    today: date | None = None,
    basis: PenaltyBasis | str = PenaltyBasis.STATUTORY,
    segment: str | None = None,
    day_count: DayCount = DayCount.ACT_365,
    debtor_is_consumer: bool = False,
    currency: str = "EUR",
    indemnity_in_currency: object = None,
    rates: RateBook | None = None,
    principal: str = "principal",
    due_on: str = "due_on",
    paid_on: str = "paid_on",
    in_cents: bool = False,
) -> Any:
    """
    The late-payment penalties of every invoice of *frame*, equal to
    :func:`~dunning_core.interest.late_penalties` to the cent.

    The frame has one row per invoice and these columns (other columns are kept as they are):

    * ``principal``: the invoice amount, more than zero and at most
      :data:`~dunning_core.money.MAX_AMOUNT`: ``Decimal``, ``int`` or numeric ``str`` cells, an
      integer column (whole units; numpy, nullable ``Int64`` or Arrow), an Arrow ``decimal128``
      column or an Arrow text one read as ``str`` cells (as ``pandas.read_parquet(...,
      dtype_backend="pyarrow")`` gives them), or with
      ``in_cents=True`` an integer column of minor units (cents for EUR); never floats;
    * ``due_on``: the due date (``datetime.date`` cells, a ``datetime64`` column of midnights, or
      an Arrow ``date32`` column);
    * ``paid_on`` (optional): the payment date, of the same kinds; an empty cell, or no such
      column, means the invoice is unpaid and is evaluated on *today*;
    * ``payments`` (optional): a list of :class:`~dunning_core.interest.Payment` values, or an
      empty cell;
    * ``recovery_costs`` (optional): justified recovery costs, or an empty cell.

    The basis may differ from row to row: *basis* names a column of
    :class:`~dunning_core.interest.PenaltyBasis` values, or *segment* names a column of
    :class:`~dunning_core.policy.DebtorSegment` values (or their strings, ``"public_body"``...)
    and each row's basis is :meth:`~dunning_core.policy.DebtorSegment.penalty_basis`: public
    buyers owe ECB + 8 points (CCP R2192-31), consumers civil legal interest with no indemnity
    (for them pass the date of the *mise en demeure* as ``due_on``), the others *basis*.

    Rows without payments nor recovery costs are computed at once with numpy integer arithmetic
    (``ACT_365``; every basis but the legal rate with a judgment's + 5 points); the others call
    :func:`~dunning_core.interest.late_penalties` row by row.  Findings are not reported here:
    call ``late_penalties`` on a row to read them.  A polars frame is refused with the way to
    convert it (``frame.to_pandas()``).

    Args:
        frame: a :class:`pandas.DataFrame` of invoices.
        today: the evaluation date of the unpaid invoices (needed when a ``paid_on`` is missing).
        basis: the :class:`~dunning_core.interest.PenaltyBasis` of every invoice (with *segment*:
            of every invoice between professionals), or the name of a column of them.
        segment: the name of a column of debtor segments, which choose each row's basis.
        day_count: :class:`~dunning_core.interest.DayCount` (``ACT_ACT`` goes row by row).
        debtor_is_consumer: the debtors are consumers (no indemnity).
        currency: ISO 4217 code of every amount of the frame.
        indemnity_in_currency: in another currency than the euro, the flat 40 € converted
            into it (as for :func:`~dunning_core.interest.late_penalties`): without it the
            indemnity of such a frame is 0 (the 40 € of D441-5 are owed in euros, not
            counted; ``late_penalties`` on a row says so in a WARNING) and a
            :class:`~dunning_core.errors.DunningWarning` says how many late invoices owe them.
            Refused for ``EUR``.
        rates: a :class:`~dunning_core.rates.RateBook` (default: the shipped tables).
        principal: the name of the principal column.
        due_on: the name of the due date column.
        paid_on: the name of the payment date column.
        in_cents: amounts in and out are ``int64`` counts of the currency's minor unit: the
            principal column holds integers, and ``interest``, ``indemnity`` and ``total`` are
            ``int64`` columns (the lightest and fastest form, for millions of rows).

    Returns:
        A new frame: *frame*'s columns, then :data:`PENALTY_COLUMNS`: ``days`` (days late,
        ``paid_on - due_on`` or 0), ``lines`` (lines of the breakdown), ``interest``,
        ``indemnity`` and ``total``, rounded to the minor unit: ``Decimal`` values, Arrow
        ``decimal128(38, 2)`` when the principal column is an Arrow one (decimal or text), ``int64``
        minor units with *in_cents*.

    Raises:
        InvalidArgument: *frame* is not a pandas DataFrame (a polars one: the message says how
            to convert it), a required column is missing, a missing ``paid_on`` without
            *today*, a bad basis or segment cell (row and column named), an option of the wrong
            kind.
        AmountTypeError: a float column or cell, an Arrow column of another type, a column that
            is not of integers with *in_cents* (the message names the column, and the row).
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
    >>> frame = pd.DataFrame({"principal": [1_000_00, 1_000_00, 1_000_00],
    ...                       "due_on": [date(2025, 1, 31)] * 3,
    ...                       "segment": ["standard", "public_body", "consumer"]})
    >>> penalties_frame(frame, today=date(2025, 3, 2), segment="segment", in_cents=True)
       principal      due_on      segment  days  lines  interest  indemnity  total
    0     100000  2025-01-31     standard    30      1      1081       4000   5081
    1     100000  2025-01-31  public_body    30      1       916       4000   4916
    2     100000  2025-01-31     consumer    30      1       305          0    305
    """
    # --- validate everything at the boundary -------------------------------------------------
    _refuse_other_frames(frame)
    _one_column_each(
        frame,
        (
            principal,
            due_on,
            paid_on,
            "payments",
            "recovery_costs",
            *(name for name in (basis, segment) if isinstance(name, str)),
        ),
    )
    code = check_currency(currency)
    places = minor_units(code)
    converted = (  # checked as late_penalties checks it
        None if indemnity_in_currency is None else _converted(indemnity_in_currency, code)
    )
    flat = _flat_units(converted, code, places)  # D441-5
    if today is not None:
        to_date(today, name="today")
    if not isinstance(day_count, DayCount):
        raise InvalidArgument("day_count", day_count, "DayCount.ACT_365 or DayCount.ACT_ACT")
    if not isinstance(debtor_is_consumer, bool):
        raise InvalidArgument("debtor_is_consumer", debtor_is_consumer, "True or False")
    if not isinstance(in_cents, bool):
        raise InvalidArgument("in_cents", in_cents, "True or False")
    if rates is None:
        book = default_rates()
    elif isinstance(rates, RateBook):
        book = rates
    else:
        raise InvalidArgument("rates", rates, "a RateBook such as default_rates()")
    count = len(frame)
    principals = _column(frame, principal)
    cents = _cents(principals, places, principal, in_cents=in_cents)
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
    bases, which, consumers = _bases(frame, basis, segment, debtor_is_consumer)
    payments = _payments(frame["payments"]) if "payments" in frame.columns else None
    costs = _costs(frame["recovery_costs"]) if "recovery_costs" in frame.columns else None

    interest, indemnity, lines, uncounted = _price(
        cents,
        dues,
        paids,
        bases,
        which,
        consumers,
        payments,
        costs,
        day_count,
        flat,
        converted,
        code,
        places,
        book,
    )
    if uncounted:  # D441-5: 40 € whatever the currency, never a 0 without a word
        _say_uncounted(uncounted, code)
    # Memory: what the amounts are built from is freed first, days and lines kept in 32 bits
    # meanwhile (int64 in the frame returned).
    days = np.maximum(paids - dues, 0).astype(np.int32)
    lines = lines.astype(np.int32)
    del cents, dues, paids, which, consumers
    index = frame.index
    amounts: list[Any]
    if in_cents:
        amounts = []
        for units in (interest, indemnity, interest + indemnity):
            if units.dtype == object and all(abs(v) < 2**63 for v in units.tolist()):
                units = units.astype(np.int64)
            amounts.append(pd.Series(units, index=index, copy=False))
    elif _arrow(principals) is not None and interest.dtype != object:
        amounts = [
            _arrow_column(units, places, index)
            for units in (interest, indemnity, interest + indemnity)
        ]
    else:
        columns = [interest, indemnity, interest + indemnity]
        del interest, indemnity  # _decimal_columns frees each once read
        amounts = _decimal_columns(columns, places, index)
    out = frame.copy(deep=False)  # copy-on-write: the caller's frame never changes
    out["days"] = pd.Series(days.astype(np.int64), index=index, copy=False)
    del days
    out["lines"] = pd.Series(lines.astype(np.int64), index=index, copy=False)
    del lines
    for name, column in zip(("interest", "indemnity", "total"), amounts, strict=True):
        out[name] = column
    return out


def _price(
    cents: Any,
    dues: Any,
    paids: Any,
    bases: list[PenaltyBasis],
    which: Any,
    consumers: Any,
    payments: list[tuple[Payment, ...]] | None,
    costs: list[Decimal | None] | None,
    day_count: DayCount,
    flat: int,
    converted: Decimal | None,
    code: str,
    places: int,
    book: RateBook,
) -> tuple[Any, Any, Any, int]:
    """
    Interest and indemnity (minor units) and number of lines of every row: the rows interest's
    integer rules price at once, in columns; the others (payments, recovery costs, ``ACT_ACT``,
    a judgment's + 5 points) by ``late_penalties`` itself.  Last, how many rows owe the flat
    indemnity in euros that is not counted (another currency, not converted).
    """
    unconverted = code != "EUR" and converted is None
    uncounted = 0
    count = len(cents)
    late = paids > dues
    slow = np.zeros(count, dtype=bool)
    if payments is not None:
        slow |= np.fromiter(map(bool, payments), dtype=bool, count=count)
    if costs is not None:
        slow |= np.array([c is not None for c in costs], dtype=bool).reshape(count)
    for position, each in enumerate(bases):
        if not _columnar(each, day_count):  # ACT_ACT, a judgment's + 5 points
            slow |= which == position
    interest = np.zeros(count, dtype=np.int64)  # object when 64 bits could overflow
    indemnity = np.zeros(count, dtype=np.int64)
    lines = np.zeros(count, dtype=np.int64)
    first_due = INDEMNITY_FROM.toordinal() - _EPOCH  # interest's rule counts in our days
    for position, each in enumerate(bases):
        chosen = np.flatnonzero((which == position) & late & ~slow)
        for block in range(0, len(chosen), _BLOCK):  # in blocks: small temporary arrays
            rows = chosen[block : block + _BLOCK]
            found = _vectorised(cents[rows], dues[rows] + 1, paids[rows], each, book)
            if isinstance(found, int):  # late_penalties raises its RateUnavailable for that row
                row = int(rows[found])
                late_penalties(
                    Decimal(int(cents[row])).scaleb(-places, context=CONTEXT),
                    _as_date(dues[row]),
                    _as_date(paids[row]),
                    basis=each,
                    currency=code,
                    rates=book,
                )
                raise AssertionError("unreachable: outside the rate tables")  # pragma: no cover
            amounts, counts = found
            if amounts.dtype == object and interest.dtype != object:
                interest = interest.astype(object)
            interest[rows] = amounts
            lines[rows] = counts
            owed = _flat_owed(each.indemnity_applies, consumers[rows], dues[rows], first_due)
            indemnity[rows] = np.where(owed, flat, 0)
            if unconverted:
                uncounted += int(np.count_nonzero(owed))
    for row in np.flatnonzero(slow).tolist():
        breakdown = late_penalties(
            Decimal(int(cents[row])).scaleb(-places, context=CONTEXT),
            _as_date(dues[row]),
            _as_date(paids[row]),
            basis=bases[int(which[row])],
            payments=() if payments is None else payments[row],
            day_count=day_count,
            recovery_costs=None if costs is None else costs[row],
            indemnity_in_currency=converted,
            debtor_is_consumer=bool(consumers[row]),
            currency=code,
            rates=book,
        )
        interest[row] = int(breakdown.interest.scaleb(places, context=CONTEXT))
        indemnity[row] = int(breakdown.indemnity.scaleb(places, context=CONTEXT))
        lines[row] = len(breakdown.lines)
        uncounted += breakdown.unconverted_indemnity is not None
    return interest, indemnity, lines, uncounted


def _say_uncounted(count: int, code: str) -> None:
    """
    Warn that *count* late invoices of a frame in *code* owe the flat 40 € in euros, not counted
    (``late_penalties`` says it in a WARNING finding of each breakdown; a frame has no findings).
    """
    invoices = "1 late invoice" if count == 1 else f"{count} late invoices"
    warnings.warn(
        DunningWarning(
            f"the flat 40 € recovery indemnity ({D441_5}) of {invoices} of this {code} frame is "
            "owed in euros whatever the currency and is not counted in 'indemnity' nor 'total': "
            f"pass indemnity_in_currency (its value in {code}) to count it, or each invoice's "
            "justified costs as recovery_costs"
        ),
        stacklevel=3,
    )


# --- to_frame / from_frame ----------------------------------------------------------------------


def _object_frame(rows: list[dict[str, Any]], columns: Sequence[str]) -> Any:
    frame = pd.DataFrame(rows, columns=list(columns))
    return frame if rows else frame.astype(object)


@in_context
def to_frame(value: PenaltyBreakdown | PortfolioPlan | Iterable[Case]) -> Any:
    """
    A frame of a breakdown (one row per line), a portfolio plan (one row per case) or cases.

    Amounts stay ``Decimal`` (``object`` columns) and dates ``datetime.date``; enums are shown
    by their value (``"amicable"``, ``"email"``).

    * a :class:`~dunning_core.interest.PenaltyBreakdown`: :data:`LINE_COLUMNS`;
    * a :class:`~dunning_core.portfolio_io.PortfolioPlan`: :data:`PLAN_COLUMNS` (``action``,
      ``channel`` and ``action_due_on`` empty when nothing is due);
    * cases: :data:`CASE_COLUMNS`, which :func:`from_frame` reads back.

    Raises:
        InvalidArgument: anything else.

    >>> from dunning_core.interest import late_penalties
    >>> to_frame(late_penalties(Decimal("10000"), date(2025, 3, 31), date(2025, 8, 15)))
            start         end  days balance   rate  amount               article
    0  2025-04-01  2025-06-30    91   10000  13.15  327.85  C. com. art. L441-10
    1  2025-07-01  2025-08-15    46   10000  12.15  153.12  C. com. art. L441-10
    >>> cases = [Case.open("F-1", "1200.00", date(2026, 1, 15), due_on=date(2026, 2, 14))]
    >>> to_frame(cases)[["reference", "amount", "due_on", "stage", "balance"]]
      reference   amount      due_on       stage  balance
    0       F-1  1200.00  2026-02-14  preventive  1200.00
    """
    if isinstance(value, PenaltyBreakdown):
        return _object_frame(value.rows(), LINE_COLUMNS)
    if isinstance(value, PortfolioPlan):
        rows = []
        for item in value.items:
            action = item.actions[0] if item.actions else None
            channel = None if action is None or action.channel is None else action.channel.value
            rows.append(
                {
                    "reference": item.case.reference,
                    "stage": item.stage.value,
                    "days_late": item.days_late,
                    "balance": item.case.balance,
                    "currency": item.case.currency,
                    "action": None if action is None else action.step.name,
                    "channel": channel,
                    "action_due_on": None if action is None else action.due_on,
                }
            )
        return _object_frame(rows, PLAN_COLUMNS)
    items: object = value
    if isinstance(items, str | bytes) or not isinstance(items, Iterable):
        raise InvalidArgument(
            "value", value, "a PenaltyBreakdown, a PortfolioPlan or an iterable of Case"
        )
    rows = []
    for case in items:
        if not isinstance(case, Case):
            raise InvalidArgument(
                "value", case, "a PenaltyBreakdown, a PortfolioPlan or an iterable of Case"
            )
        rows.append(
            {
                "reference": case.reference,
                "amount": case.amount,
                "currency": case.currency,
                "issued_on": case.issued_on,
                "due_on": case.due_on,
                "opened_on": case.opening.on,
                "segment": case.segment.value,
                "stage": case.stage.value,
                "balance": case.balance,
                "paid": case.paid,
                "credited": case.credited,
                "last_on": case.last_on,
                "events": len(case.events),
            }
        )
    return _object_frame(rows, CASE_COLUMNS)


def _cell_date(value: Any, label: object, column: str) -> date:
    if isinstance(value, pd.Timestamp):
        if value.tz is not None or value != value.normalize():
            raise _row_error(DateTypeError(value, "expected a date, not a time"), label, column)
        return date(value.year, value.month, value.day)
    try:
        return to_date(value, name=column)
    except DunningError as error:
        raise _row_error(error, label, column) from None


def _segment(value: Any, label: object) -> DebtorSegment:
    if isinstance(value, DebtorSegment):
        return value
    try:
        return DebtorSegment(value)
    except ValueError:
        raise InvalidArgument(
            "segment",
            value,
            f"row {label!r}: one of {', '.join(s.value for s in DebtorSegment)}",
        ) from None


def from_frame(frame: Any) -> tuple[Case, ...]:
    """
    Open one case per row of *frame* (see :meth:`~dunning_core.machine.Case.open`).

    Columns: ``reference``, ``amount`` (``Decimal``, ``int`` or ``str``; never floats),
    ``issued_on`` and ``due_on`` (``datetime.date``, or ``datetime64`` midnights); optional:
    ``currency`` (default ``EUR``), ``segment`` (a :class:`~dunning_core.policy.DebtorSegment`
    or its value, default ``standard``) and ``opened_on`` (default: ``issued_on``).  Other
    columns are ignored, so ``from_frame(to_frame(cases))`` gives back cases just opened equal
    to *cases* (the events recorded after the opening are not in a frame).

    Raises:
        InvalidArgument: not a pandas DataFrame (polars: the message says how to convert it), a
            required column missing, an unknown segment.
        AmountTypeError, InvalidAmount, DateTypeError, InvalidDate: a bad cell (the message
            names the row).

    >>> frame = pd.DataFrame({"reference": ["F-1"], "amount": ["1200.00"],
    ...                       "issued_on": [date(2026, 1, 15)], "due_on": [date(2026, 2, 14)]})
    >>> from_frame(frame)
    (Case('F-1', stage=preventive, balance=Decimal('1200.00'), events=1),)
    """
    _refuse_other_frames(frame)
    _one_column_each(frame, CASE_COLUMNS[:7])
    for name in ("reference", "amount", "issued_on", "due_on"):
        _column(frame, name)
    if frame["amount"].dtype.kind == "f":
        raise AmountTypeError(
            str(frame["amount"].dtype), "column 'amount' holds floats; use Decimal or str values"
        )
    columns = set(frame.columns)
    cases = []
    for label, row in zip(frame.index, frame.to_dict("records"), strict=True):
        issued = _cell_date(row["issued_on"], label, "issued_on")
        due = _cell_date(row["due_on"], label, "due_on")
        opened = row.get("opened_on") if "opened_on" in columns else None
        opened_on = None if _empty(opened) else _cell_date(opened, label, "opened_on")
        currency: Any = row.get("currency") if "currency" in columns else None
        segment = row.get("segment") if "segment" in columns else None
        try:
            case = Case.open(
                row["reference"],
                row["amount"],
                issued,
                due_on=due,
                currency="EUR" if _empty(currency) else currency,
                segment=DebtorSegment.STANDARD if _empty(segment) else _segment(segment, label),
                opened_on=opened_on,
            )
        except (InvalidAmount, InvalidDate, InvalidArgument) as error:
            raise _row_error(error, label, None) from None
        cases.append(case)
    return tuple(cases)


def _empty(value: Any) -> bool:
    """A missing cell: ``None``, ``NaN``, ``NaT`` or ``pd.NA``."""
    return (
        value is None
        or value is pd.NaT
        or value is pd.NA
        or (isinstance(value, float) and value != value)
    )


# --- the columnar planner -----------------------------------------------------------------------

PLANNED_COLUMNS: Final[tuple[str, ...]] = ("action", "channel", "stage", "action_due_on", "blocked")
"""The columns :func:`plan_frame` returns, one row per case: the step due (its name), its channel
and stage (their values), the day it became due (``datetime64``; ``NaT`` when nothing is due) and
whether it is reported as blocked (see :attr:`~dunning_core.machine.Action.blocked`)."""

AMOUNT_COLUMNS: Final[tuple[str, ...]] = ("principal", "interest", "indemnity", "total")
"""The columns ``plan_frame(..., amounts=True)`` adds for the rows with an action (``Decimal``,
as :meth:`~dunning_core.machine.Action.amounts` gives them; empty for the other rows)."""

HISTORY_COLUMNS: Final[tuple[str, ...]] = (
    "stage",
    "last_on",
    "last_contact_on",
    "last_step",
    "amicable_from",
    "notice_on",
    "delivered_on",
    "promise_on",
    "promise_until",
    "dispute_on",
    "dispute_resolved_on",
    "plan_on",
    "plan_broken_on",
    "plan_until",
    "cleared_on",
)
"""What a planner frame says of each case's history (:func:`fold_events` writes them), with one
``contacts_<stage>_<channel>`` count per channel of each contact cap of the policy at the
preventive and amicable stages (:func:`contact_column`; a cap shared by several channels reads
the sum of their columns); a frame without them holds invoices just opened.  The days of
the dispute and of the payment plan (``plan_broken_on``: the day it is broken under the policy's
``plan_grace_days``, empty while on track; ``plan_until``: the last day of a plan not broken, its
last instalment and the grace days, after which a plan kept to the end pauses nothing) and
``cleared_on`` (a case whose principal payments and
credit notes cover, still open, its penalty claim not made: the day of the last of them, from
which the penalty claim counts) may be absent (none: frames folded before they were columns)."""

_VECTOR: Final = Ops(np.maximum, np.minimum, np.where, int)  # the rules on columns of day numbers
_NEVER: Final = -(1 << 40)  # a day before every day: "none" for a last contact
_FOREVER: Final = 1 << 40  # a day after every day: "none" for the end of the amicable phase
_LAST_SAFE: Final = date(9000, 1, 1).toordinal() - _EPOCH  # later dates go case by case
_COLUMNAR_STAGES: Final = (Stage.PREVENTIVE, Stage.AMICABLE)
_ACKNOWLEDGED: Final = "acknowledged_on"
"""The optional column of a planner frame (:func:`fold_events` writes it): the day of the
debtor's last payment or promise to pay, which starts the time limit again (C. civ. 2240)."""
_CLEARED: Final = "cleared_on"
_INSTALMENT: Final = "instalment"  # an instalment row of a portfolio file (after its plan)
_DECLARATION: Final = "claim_declaration"
_RELIEF: Final = "foreclosure_relief"


def contact_column(stage: Stage, channel: Channel) -> str:
    """
    The column of a planner frame counting the contacts by *channel* at *stage*.

    >>> contact_column(Stage.AMICABLE, Channel.EMAIL)
    'contacts_amicable_email'
    """
    return f"contacts_{stage.value}_{channel.value}"


def _capped_pairs(policy: Policy) -> tuple[tuple[Stage, Channel], ...]:
    """The (stage, channel) pairs whose counts the columnar planner reads: each channel of a
    shared cap has its own column, summed when the cap is read (Case.contacts_counted)."""
    return tuple(
        (cap.stage, channel)
        for cap in policy.caps
        if cap.stage in _COLUMNAR_STAGES
        for channel in Channel
        if channel in cap.channels
    )


def _counted(
    counts: Mapping[tuple[Stage, Channel], Any], policy: Policy, stage: Stage, channel: Channel
) -> Any | None:
    """The column of contacts that count against *channel*'s cap at *stage* (the sum of a
    shared cap's channels), ``None`` when none is read."""
    found = [
        counts[(stage, member)]
        for member in Channel
        if member in policy.cap_channels(stage, channel) and (stage, member) in counts
    ]
    if not found:
        return None
    return found[0] if len(found) == 1 else sum(found[1:], found[0])


def _codes(series: Any, kind: type[enum.Enum], name: str) -> Any:
    """Each cell as the index of its member in *kind* (values or members); -1 for empty cells."""
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    members = list(kind)
    lookup = np.empty(len(uniques), dtype=np.int64)
    for position, value in enumerate(uniques):
        try:
            member = value if isinstance(value, kind) else kind(value)
        except ValueError:
            label = series.index[int(np.argmax(codes == position))]
            accepted = ", ".join(str(m.value) for m in kind)
            raise InvalidArgument(name, value, f"row {label!r}: one of {accepted}") from None
        lookup[position] = members.index(member)
    out = np.full(len(codes), -1, dtype=np.int64)
    present = codes >= 0
    out[present] = lookup[codes[present]]
    return out


def _unique_map(keys: Any, function: Any) -> Any:
    """
    ``function`` of each distinct key, spread over *keys* (int64 day numbers): keys within a
    span of days not much longer than the column go through a table indexed by day (no sort).
    """
    if not len(keys):
        return np.zeros(0, dtype=np.int64)
    low = int(keys.min())
    span = int(keys.max()) - low + 1
    if span > 4 * len(keys) + 4096:
        distinct, inverse = np.unique(keys, return_inverse=True)
        values = np.fromiter((function(int(k)) for k in distinct), np.int64, len(distinct))
        return values[inverse]
    offsets = keys - low
    present = np.zeros(span, dtype=bool)
    present[offsets] = True
    distinct = np.flatnonzero(present)
    table = np.zeros(span, dtype=np.int64)
    table[distinct] = np.fromiter(
        (function(int(k) + low) for k in distinct.tolist()), np.int64, len(distinct)
    )
    return table[offsets]


def _min_units(amount: Decimal, places: int) -> int:
    """The smallest count of minor units at least *amount*."""
    scaled = amount.scaleb(places, context=CONTEXT)
    return int(scaled.to_integral_value(rounding=ROUND_CEILING, context=CONTEXT))


@attrs.frozen
class _Columns:
    """What the columnar planner reads of every row (day numbers since 1970-01-01)."""

    cents: Any
    due: Any
    segment: Any
    stage: Any  # ranks
    last_on: Any
    last_contact: Any
    start: Any  # per row, the position in its segment's schedule of the first step to consider
    amicable_from: Any
    counts: dict[tuple[Stage, Channel], Any]
    notice: Any  # the day the formal notice was sent, or _NEVER
    delivered: Any  # the day it was received or left unclaimed, or _NEVER
    pause_first: Any  # the first day of the pause (a promise, a payment plan, a dispute) or _NEVER
    pause_last: Any  # its last day (the promised day, a plan's last instalment and grace days;
    # _FOREVER: a dispute open)
    pauses_bad: Any  # two pauses, a dispute resolved and never opened, a plan broken and never made
    acknowledged: Any = None  # the debtor's last acknowledgment (C. civ. 2240), or _NEVER
    cleared: Any = None  # the principal covered: its last payment or credit note, or _NEVER


def _contact_counts(series: Any, name: str) -> Any:
    """A column of contact counts as int64, refusing an empty cell, a fraction, a negative
    count or text with the column and the row."""
    if series.dtype.kind in "iu" and not series.hasnans:
        counts = series.to_numpy(dtype=np.int64)
    else:
        values = series.to_numpy(dtype=object)
        whole = np.fromiter(
            (
                isinstance(v, int | np.integer | float | np.floating)
                and not isinstance(v, bool | np.bool_)
                and float(v).is_integer()
                for v in values
            ),
            dtype=bool,
            count=len(values),
        )
        if not whole.all():
            label = _first(~whole, series)
            raise InvalidArgument(
                name, series[label], f"row {label!r}: a count of contacts, a whole number"
            )
        counts = np.array([int(v) for v in values], dtype=np.int64)
    negative = counts < 0
    if negative.any():
        label = _first(negative, series)
        raise InvalidArgument(
            name, int(series[label]), f"row {label!r}: a count of contacts, 0 or more"
        )
    return counts


def _read_columns(frame: Any, policy: Policy, places: int, in_cents: bool) -> _Columns:
    count = len(frame)
    if "amount_cents" in frame.columns:  # fold_events' exact minor units
        cents = _cents(frame["amount_cents"], places, "amount_cents", in_cents=True)
    else:
        cents = _cents(_column(frame, "amount"), places, "amount", in_cents=in_cents)
    due = _days(_column(frame, "due_on"), "due_on", missing=None)
    if "segment" in frame.columns:
        segment = _codes(frame["segment"], DebtorSegment, "segment")
        segment[segment < 0] = list(DebtorSegment).index(DebtorSegment.STANDARD)
    else:
        segment = np.full(count, list(DebtorSegment).index(DebtorSegment.STANDARD))
    if "last_on" not in frame.columns:  # invoices just opened (Case.open)
        if "opened_on" in frame.columns:
            opened = _days(frame["opened_on"], "opened_on", missing=_NEVER)
            fallback = _days(_column(frame, "issued_on"), "issued_on", missing=None)
            opened = np.where(opened == _NEVER, fallback, opened)
        else:
            opened = _days(_column(frame, "issued_on"), "issued_on", missing=None)
        late = opened > due
        ranks = np.where(late, Stage.AMICABLE.rank, Stage.PREVENTIVE.rank)
        return _Columns(
            cents,
            due,
            segment,
            ranks,
            opened,
            np.full(count, _NEVER, dtype=np.int64),
            np.zeros(count, dtype=np.int64),
            np.where(late, _FOREVER, due),
            {},
            np.full(count, _NEVER, dtype=np.int64),
            np.full(count, _NEVER, dtype=np.int64),
            np.full(count, _NEVER, dtype=np.int64),
            np.full(count, _NEVER, dtype=np.int64),
            np.zeros(count, dtype=bool),
        )
    stages = _codes(_column(frame, "stage"), Stage, "stage")
    ranks = np.array([stage.rank for stage in Stage], dtype=np.int64)[np.maximum(stages, 0)]
    last_on = _days(frame["last_on"], "last_on", missing=None)
    last_contact = _days(_column(frame, "last_contact_on"), "last_contact_on", missing=_NEVER)
    amicable_from = _days(_column(frame, "amicable_from"), "amicable_from", missing=_FOREVER)
    names, uniques = pd.factorize(_column(frame, "last_step"), use_na_sentinel=True)
    start = np.zeros(count, dtype=np.int64)
    for code, seg in enumerate(DebtorSegment):
        positions = np.array(
            [policy.position(seg, str(name)) + 1 for name in uniques] + [0], dtype=np.int64
        )
        mine = segment == code
        start[mine] = positions[names[mine]]  # -1 (no step) reads the trailing 0
    counts = {}
    for stage, channel in _capped_pairs(policy):
        name = contact_column(stage, channel)
        counts[(stage, channel)] = _contact_counts(_column(frame, name), name)
    notice = _days(_column(frame, "notice_on"), "notice_on", missing=_NEVER)
    delivered = _days(_column(frame, "delivered_on"), "delivered_on", missing=_NEVER)
    promise_on = _days(_column(frame, "promise_on"), "promise_on", missing=_NEVER)
    promise_until = _days(_column(frame, "promise_until"), "promise_until", missing=_NEVER)
    dispute_on, resolved_on, plan_on, broken = (
        _days(frame[name], name, missing=_NEVER)
        if name in frame.columns
        else np.full(count, _NEVER, dtype=np.int64)
        for name in ("dispute_on", "dispute_resolved_on", "plan_on", "plan_broken_on")
    )
    plan_until = (
        _days(frame["plan_until"], "plan_until", missing=_FOREVER)
        if "plan_until" in frame.columns
        else np.full(count, _FOREVER, dtype=np.int64)  # folded before it was a column
    )
    # One pause per row: a promise to pay up to the promised day, a payment plan up to the day
    # before it is broken (kept: to its last instalment and the grace days), or a dispute up to
    # the day before its resolution (Case.pauses, Case.plan_active), open-ended while it runs.
    promised = promise_on != _NEVER
    disputed = dispute_on != _NEVER
    planned = plan_on != _NEVER
    dispute_last = np.where(resolved_on == _NEVER, _FOREVER, resolved_on - 1)
    plan_last = np.where(broken == _NEVER, plan_until, broken - 1)
    return _Columns(
        cents,
        due,
        segment,
        ranks,
        last_on,
        last_contact,
        start,
        amicable_from,
        counts,
        notice,
        delivered,
        np.where(promised, promise_on, np.where(planned, plan_on, dispute_on)),
        np.where(
            promised,
            promise_until,
            np.where(planned, plan_last, np.where(disputed, dispute_last, _NEVER)),
        ),
        (promised & disputed)
        | (planned & (promised | disputed | (resolved_on != _NEVER)))
        | (~disputed & (resolved_on != _NEVER))
        | (~planned & (broken != _NEVER)),
        _days(frame[_ACKNOWLEDGED], _ACKNOWLEDGED, missing=_NEVER)
        if _ACKNOWLEDGED in frame.columns
        else None,
        _days(frame[_CLEARED], _CLEARED, missing=_NEVER) if _CLEARED in frame.columns else None,
    )


def _blocked_when_chosen(policy: Policy, step: Step) -> bool:
    """
    Whether the transition table refuses *step*'s event for every case the columnar planner
    plans (open, preventive or amicable, no formal notice yet): the scalar planner reports it
    blocked (a reminder of a later stage, a formal notice by an unregistered channel or with a
    cap of zero).
    """
    if step.kind is StepKind.REMINDER:
        return step.stage.rank >= Stage.FORMAL_NOTICE.rank
    if step.kind is StepKind.FORMAL_NOTICE:
        channel = step.channel or Channel.REGISTERED_LETTER
        return not channel.registered or policy.cap(Stage.FORMAL_NOTICE, channel) == 0
    return False  # a penalty claim: a contact of every open stage, counted by no cap


def _plan_columns(
    cols: _Columns, rows: Any, policy: Policy, today: int, places: int
) -> tuple[Any, Any, Any, Any]:
    """
    The step (index in ``policy.steps``, -1 for none), its day, whether it is blocked and
    whether the row needs its case (a claim's checklist), for
    *rows*: the loop of the scalar planner's ``_next_step`` over the schedule, on columns, with
    the rules of :mod:`dunning_core.machine._schedule`.
    """
    count = len(rows)
    chosen = np.full(count, -1, dtype=np.int64)
    chosen_on = np.zeros(count, dtype=np.int64)
    waited = np.zeros(count, dtype=bool)
    unplanned = np.zeros(count, dtype=bool)
    index = {step.name: position for position, step in enumerate(policy.steps)}
    jump = policy.backlog is Backlog.JUMP_TO_LATEST
    gap = rules.gap_days(policy)
    segments = list(DebtorSegment)
    for code in np.unique(cols.segment[rows]).tolist():
        seg = segments[code]
        mine = rows[cols.segment[rows] == code]
        where = np.flatnonzero(cols.segment[rows] == code)
        due = cols.due[mine]
        cents = cols.cents[mine]
        start = cols.start[mine]
        last_contact = cols.last_contact[mine]
        effective = rules.effective_rank(_VECTOR, cols.stage[mine], today, due)
        amicable_from = cols.amicable_from[mine]
        amicable_end = np.where(
            amicable_from == _FOREVER, _FOREVER, amicable_from + policy.max_amicable_days
        )
        # A promise to pay pauses escalation until the promised day, a dispute until it is
        # resolved, and the amicable phase is longer by the pause's length (Case.paused,
        # Case.pause_end, Case.amicable_end).
        first = cols.pause_first[mine]
        last = cols.pause_last[mine]
        pausing = first != _NEVER
        paused = pausing & rules.pause_holds(_VECTOR, first, last, today)
        pause_end = np.where(pausing & (today > last), rules.resumes_on(_VECTOR, last), _NEVER)
        extended = (
            pausing
            & (amicable_from != _FOREVER)
            & rules.pause_overlaps(_VECTOR, amicable_from, amicable_end, first, last)
        )
        amicable_end = np.where(
            extended,
            amicable_end + rules.pause_length(_VECTOR, amicable_from, first, last),
            amicable_end,
        )
        notice = cols.notice[mine]
        delivered = cols.delivered[mine]
        last_on = cols.last_on[mine]
        open_ = ~paused
        # The principal paid, the case still open: the penalty claim is the one step left
        # (_claim_penalties), the first of the schedule for the invoice's amount.
        cleared = None if cols.cleared is None else cols.cleared[mine]
        owed = open_ & (False if cleared is None else cleared != _NEVER)
        open_ &= ~owed
        pick = np.full(len(mine), -1, dtype=np.int64)
        pick_on = np.zeros(len(mine), dtype=np.int64)
        awaiting = np.zeros(len(mine), dtype=bool)
        table = policy.plan_table(seg)
        for k, (step, rank, kind, channel, limit, delta, min_amount) in enumerate(table):
            if kind is StepKind.PENALTY_CLAIM:
                claim = owed & (cents >= _min_units(min_amount, places))
                if claim.any():
                    pick = np.where(claim, index[step.name], pick)
                    public = seg.penalty_basis(policy.basis) == PenaltyBasis.PUBLIC_PROCUREMENT
                    term = PUBLIC_INTEREST_DAYS if public else None
                    on = rules.penalty_claim_day(_VECTOR, cleared, step.offset, term)
                    pick_on = np.where(claim, on, pick_on)
                    owed &= ~claim
                continue
            active = open_ & (start <= k) & (cents >= _min_units(min_amount, places))
            if not active.any():
                continue
            if kind is StepKind.REMINDER:
                active &= rank >= effective
                if limit is not None and channel is not None:
                    counted = _counted(cols.counts, policy, step.stage, channel)
                    active &= np.logical_not(
                        rules.capped(0 if counted is None else counted[mine], limit)
                    )
            elif kind is StepKind.FORMAL_NOTICE:
                active &= notice == _NEVER  # sent: not again (a refused one is replayed)
            if kind is StepKind.HAND_OVER or kind is StepKind.CLAIM:
                # No formal notice: nothing after it can be planned.  Sent, not yet delivered:
                # the step is blocked until its delivery is recorded (_awaiting_delivery).
                open_ &= ~(active & (notice == _NEVER))
                waiting = active & (notice != _NEVER) & (delivered == _NEVER)
                held = np.maximum(notice + POSTAL_HOLDING_DAYS, last_on)
                pick = np.where(waiting, index[step.name], pick)
                pick_on = np.where(waiting, held, pick_on)
                awaiting |= waiting
                open_ &= ~waiting
                active &= delivered != _NEVER
                if kind is StepKind.CLAIM and active.any():
                    unplanned[where[active]] = True  # a claim's checklist: case by case
                    open_ &= ~active
                    continue
                deadline = np.zeros(len(mine), dtype=np.int64)
                deadline[active] = _unique_map(
                    delivered[active],
                    lambda day: formal_notice_deadline(_as_date(day), policy).toordinal() - _EPOCH,
                )
                extra = max(0, step.offset - _first_after_notice(table))
                on = rules.after_notice_deadline(_VECTOR, deadline, extra)
            elif delta is None:
                raw = _unique_map(
                    due,
                    lambda day, offset=step.offset: (
                        _business_date(_as_date(day), offset, policy.alsace_moselle).toordinal()
                        - _EPOCH
                    ),
                )
            else:
                raw = due + delta.days
            if kind is not StepKind.HAND_OVER and kind is not StepKind.CLAIM:
                on = rules.step_day(_VECTOR, raw, due, step.stage is Stage.PREVENTIVE)
                if kind is StepKind.FORMAL_NOTICE:
                    on = rules.notice_by_amicable_end(_VECTOR, on, amicable_end)
                if channel is not None:
                    on = rules.after_gap(_VECTOR, on, last_contact, gap)
            on = rules.after_pause(_VECTOR, on, pause_end)
            if rank == AMICABLE_RANK and kind is StepKind.REMINDER:
                active &= ~rules.amicable_over(_VECTOR, on, today, amicable_end)
            if step.stage is Stage.PREVENTIVE:
                active &= ~rules.preventive_over(_VECTOR, on, today, due)
            if not jump:
                pick = np.where(active, index[step.name], pick)
                pick_on = np.where(active, on, pick_on)
                open_ &= ~active
                continue
            later = active & (on > today)
            first = later & (pick < 0)
            now = active & ~later
            take = first | now
            pick = np.where(take, index[step.name], pick)
            pick_on = np.where(take, on, pick_on)
            open_ &= ~later
            if kind is not StepKind.REMINDER:
                open_ &= ~now  # never jump over the formal notice
        chosen[where] = pick
        chosen_on[where] = pick_on
        waited[where] = awaiting
    # The time limit (C. com. L110-4, C. conso. L218-2), from the due date or the debtor's last
    # acknowledgment (C. civ. 2240): one function, once per distinct date.
    consumer = cols.segment[rows] == segments.index(DebtorSegment.CONSUMER)
    limit_ = np.empty(count, dtype=np.int64)
    since = cols.due[rows]
    if cols.acknowledged is not None:
        since = np.maximum(since, cols.acknowledged[rows])
    for flag, seg in ((True, DebtorSegment.CONSUMER), (False, DebtorSegment.STANDARD)):
        part = consumer == flag
        limit_[part] = _unique_map(
            since[part],
            lambda day, s=seg: prescription_end(_as_date(day), s).toordinal() - _EPOCH,
        )
    gone = (today > limit_) | (chosen_on > limit_)
    chosen[gone] = -1
    unsafe = np.array(
        [_blocked_when_chosen(policy, step) for step in policy.steps] + [False], dtype=bool
    )
    blocked = (unsafe[chosen] | waited) & (chosen >= 0)
    # A blocked action is due once: on its day, or on the case's last change after it.
    reported = np.where(blocked, np.maximum(chosen_on, cols.last_on[rows]), chosen_on)
    due_now = (chosen >= 0) & (chosen_on <= today) & (~blocked | (reported == today))
    chosen[~due_now] = -1
    return chosen, np.where(due_now, reported, 0), blocked & due_now, unplanned


def _scalar_case(frame: Any, position: int, currency: str) -> Case:
    """The case of a row of invoices just opened, for the rows planned case by case."""
    label = frame.index[position]
    row = frame.iloc[position]
    segment = row["segment"] if "segment" in frame.columns else None
    opened = row["opened_on"] if "opened_on" in frame.columns else None
    try:
        return Case.open(
            row["reference"],
            row["amount"],
            _cell_date(row["issued_on"], label, "issued_on"),
            due_on=_cell_date(row["due_on"], label, "due_on"),
            currency=currency,
            segment=DebtorSegment.STANDARD if _empty(segment) else _segment(segment, label),
            opened_on=None if _empty(opened) else _cell_date(opened, label, "opened_on"),
        )
    except (InvalidAmount, InvalidDate, InvalidArgument) as error:
        raise _row_error(error, label, None) from None


def _needs_case(frame: Any, rows: Any, what: str) -> None:
    """Refuse the first of *rows* (a mask): the columns do not say enough, its Case is needed."""
    if rows.any():
        label = frame.index[int(np.argmax(rows))]
        raise InvalidArgument("case", None, f"row {label!r}: {what}")


_PLANNER_READS: Final[tuple[str, ...]] = (
    "reference",
    "amount",
    "amount_cents",
    "currency",
    "issued_on",
    "due_on",
    "opened_on",
    "segment",
    *HISTORY_COLUMNS,
    _ACKNOWLEDGED,
    "reductions",
    "priced_events",
    "case",
)
"""The columns :func:`plan_frame` may read (besides the ``contacts_*`` counts)."""


@in_context
def plan_frame(
    frame: Any,
    policy: Policy,
    today: date,
    *,
    currency: str = "EUR",
    in_cents: bool = False,
    amounts: bool = False,
    rates: RateBook | None = None,
) -> Any:
    """
    What is due on *today* for every case of *frame*: exactly what
    :func:`~dunning_core.machine.next_actions` gives case by case, computed on columns.

    The policy is compiled to arrays per debtor segment and the planner's rules (the day of
    each step, the minimum gap, the end of the amicable phase, the caps, the stage) are the
    scalar planner's own (:mod:`dunning_core.machine._schedule`), evaluated on numpy columns.
    The rows whose history the columns do not express (a hand-over and what followed, a refused
    notice, more than one pause, an insolvency...) carry their
    :class:`~dunning_core.machine.Case` in a ``case`` column and go through ``next_actions``
    itself; so do the rows dated after the year 9000.

    The frame has one row per case:

    * ``reference``, ``amount`` (as for :func:`penalties_frame`: ``Decimal``, ``int`` or numeric
      ``str`` cells, Arrow ``decimal128``, or integer minor units with *in_cents*), ``due_on``
      (dates, ``datetime64`` midnights or Arrow ``date32``), ``segment`` (optional, default
      ``standard``);
    * for invoices just opened: ``issued_on`` and optionally ``opened_on`` (as
      :func:`from_frame` reads them);
    * for cases with a history (:func:`fold_events` writes them): :data:`HISTORY_COLUMNS` and
      the ``contacts_<stage>_<channel>`` counts (:func:`contact_column`) of the channels of the
      policy's caps at the preventive and amicable stages; ``amount_cents`` (the amount in minor units, read
      before ``amount``); ``reductions`` (the payments and credit notes of a row, for its
      amounts; the principal not covered); ``acknowledged_on`` (optional: the debtor's last
      payment or promise, from which the time limit runs again, C. civ. 2240);
    * ``case`` (optional): the :class:`~dunning_core.machine.Case` of a row, or empty.  A row
      with a case is planned by ``next_actions``; every row past the formal-notice stage (a
      closed one too), or with both a promise and a dispute, must have one.

    Args:
        frame: a :class:`pandas.DataFrame` of cases.
        policy: the :class:`~dunning_core.policy.Policy`.
        today: the day to plan for.
        currency: ISO 4217 code of every amount of the frame.
        in_cents: the ``amount`` column holds integer minor units.
        amounts: add :data:`AMOUNT_COLUMNS`, what :meth:`Action.amounts` gives for the rows
            with an action (``Decimal``; empty for the others).
        rates: a :class:`~dunning_core.rates.RateBook` for the amounts (default: the shipped
            tables).

    Returns:
        A frame with *frame*'s index and :data:`PLANNED_COLUMNS` (and :data:`AMOUNT_COLUMNS`).

    Raises:
        InvalidArgument: not a pandas frame (polars: the message says how to convert it), a
            missing column, a bad cell, a row past the amicable stage without its case.
        InvalidDate: *today* is before a case's last event (the row is named).
        RateUnavailable: with *amounts*, a day outside the rate tables.

    >>> from dunning_core.policy import french_default
    >>> frame = pd.DataFrame({
    ...     "reference": ["F-1", "F-2", "F-3"],
    ...     "amount": [Decimal("1200.00"), Decimal("80"), Decimal("5000")],
    ...     "issued_on": [date(2025, 2, 1), date(2025, 2, 20), date(2025, 3, 1)],
    ...     "due_on": [date(2025, 3, 3), date(2025, 3, 22), date(2025, 3, 31)],
    ...     "segment": ["standard", "high_risk", "standard"],
    ... })
    >>> plan_frame(frame, french_default(), date(2025, 3, 26))
                 action channel       stage action_due_on  blocked
    0  reminder_email_1   email    amicable    2025-03-08    False
    1        early_call   phone    amicable    2025-03-24    False
    2      pre_reminder   email  preventive    2025-03-26    False
    >>> plan_frame(frame, french_default(), date(2025, 3, 26), amounts=True)[
    ...     ["principal", "interest", "indemnity", "total"]]
      principal interest indemnity    total
    0   1200.00     9.94     40.00  1249.94
    1     80.00     0.12     40.00   120.12
    2   5000.00     0.00      0.00  5000.00
    """
    _refuse_other_frames(frame)
    _one_column_each(
        frame,
        (
            *_PLANNER_READS,
            *(c for c in frame.columns if isinstance(c, str) and c.startswith("contacts_")),
        ),
    )
    require_policy(policy)
    day = to_date(today, name="today")
    code = check_currency(currency)
    places = minor_units(code)
    if not isinstance(in_cents, bool):
        raise InvalidArgument("in_cents", in_cents, "True or False")
    if not isinstance(amounts, bool):
        raise InvalidArgument("amounts", amounts, "True or False")
    if "currency" in frame.columns:
        other = frame["currency"].notna() & (frame["currency"] != code)
        if other.any():
            raise InvalidArgument(
                "currency",
                frame["currency"][other].iloc[0],
                f"one currency per frame ({code}): plan each currency apart "
                "(frame.groupby('currency'))",
            )
    count = len(frame)
    _column(frame, "reference")
    today_d = day.toordinal() - _EPOCH
    cols = _read_columns(frame, policy, places, in_cents)
    has_case = (
        frame["case"].notna().to_numpy() if "case" in frame.columns else np.zeros(count, bool)
    )
    ranks = cols.stage
    simple = (ranks <= Stage.FORMAL_NOTICE.rank) & ~has_case
    if "last_on" in frame.columns:
        _needs_case(
            frame,
            ~has_case & ~simple,
            "the Case of a row past the amicable stage, in a 'case' column (fold_events gives it)",
        )
    _needs_case(
        frame,
        simple & cols.pauses_bad,
        "one pause on columns (a promise, or a dispute opened, then perhaps resolved); for more, "
        "its Case in a 'case' column (fold_events gives it)",
    )
    early = simple & (cols.last_on > today_d)
    if early.any():
        position = int(np.argmax(early))
        raise InvalidDate(
            day,
            f"row {frame.index[position]!r}: plan on or after the case's last event "
            f"({_as_date(cols.last_on[position])}), not before it",
        )
    far = simple & ((cols.due > _LAST_SAFE) | (cols.last_on > _LAST_SAFE) | (today_d > _LAST_SAFE))
    if "last_on" in frame.columns:
        _needs_case(frame, far, "its Case, for dates after 9000")
    columnar = simple & ~far
    rows = np.flatnonzero(columnar)
    names = [step.name for step in policy.steps]
    for extra in (_DECLARATION, _RELIEF):  # the collective procedure's steps (no policy's)
        if extra not in names:
            names.append(extra)
    index = {name: position for position, name in enumerate(names)}
    chosen = np.full(count, -1, dtype=np.int64)
    due_on = np.zeros(count, dtype=np.int64)
    blocked = np.zeros(count, dtype=bool)
    chosen[rows], due_on[rows], blocked[rows], unplanned = _plan_columns(
        cols, rows, policy, today_d, places
    )
    if unplanned.any():
        label = frame.index[int(rows[np.argmax(unplanned)])]
        raise InvalidArgument(
            "case",
            None,
            f"row {label!r}: its Case, in a 'case' column (a claim is planned case by case; "
            "fold_events gives it)",
        )
    scalar: dict[int, Action] = {}
    column = frame["case"].to_numpy() if "case" in frame.columns else None
    for position in np.flatnonzero(~columnar).tolist():
        case = (
            column[position]
            if column is not None and has_case[position]
            else _scalar_case(frame, position, code)
        )
        if not isinstance(case, Case):
            raise InvalidArgument(
                "case", case, f"row {frame.index[position]!r}: a machine.Case, or an empty cell"
            )
        actions = next_actions(case, policy, day)
        if actions:
            (action,) = actions
            scalar[position] = action
            chosen[position] = index[action.step.name]
            due_on[position] = action.due_on.toordinal() - _EPOCH
            blocked[position] = action.blocked
    channels = list(Channel)
    stages = list(Stage)
    unset = [-1] * (len(names) - len(policy.steps) + 1)  # the planner's own steps, then none
    step_channel = np.array(
        [-1 if s.channel is None else channels.index(s.channel) for s in policy.steps] + unset
    )
    step_stage = np.array([stages.index(s.stage) for s in policy.steps] + unset)
    channel_code = step_channel[chosen]
    stage_code = step_stage[chosen]
    for position, action in scalar.items():  # a declaration or a new service: the action's own
        channel_code[position] = -1 if action.channel is None else channels.index(action.channel)
        stage_code[position] = stages.index(action.stage)
    out = pd.DataFrame(index=frame.index)
    out["action"] = pd.Categorical.from_codes(chosen, categories=names)
    out["channel"] = pd.Categorical.from_codes(channel_code, categories=[c.value for c in channels])
    out["stage"] = pd.Categorical.from_codes(stage_code, categories=[s.value for s in stages])
    stamps = due_on.astype("datetime64[D]").astype("datetime64[s]")
    out["action_due_on"] = np.where(chosen >= 0, stamps, np.datetime64("NaT", "s"))
    out["blocked"] = blocked
    if amounts:
        for position in np.flatnonzero((chosen >= 0) & columnar & _reduced(frame)).tolist():
            scalar[position] = _with_reductions(frame, position, cols, policy, day, code)
        _add_amounts(out, cols, chosen, scalar, policy, day, code, rates)
    return out


def _reduced(frame: Any) -> Any:
    """The rows whose amounts rest on payments, credit notes or a formal notice."""
    if "priced_events" not in frame.columns:
        return np.zeros(len(frame), dtype=bool)
    return frame["priced_events"].notna().to_numpy()


def _with_reductions(
    frame: Any, position: int, cols: _Columns, policy: Policy, day: date, code: str
) -> Any:
    """
    What the amounts of a row rest on: its opening, its payments and credit notes, its formal
    notice and delivery (a consumer owes interest from it; contacts change nothing to what is
    owed), for :func:`claim_amounts`.
    """
    row = frame.iloc[position]
    places = minor_units(code)
    opening = InvoiceOpened(
        on=_as_date(int(_days(frame["opened_on"].iloc[[position]], "opened_on", missing=None)[0])),
        reference=str(row["reference"]),
        amount=Decimal(int(cols.cents[position])).scaleb(-places, context=CONTEXT),
        due_on=_as_date(int(cols.due[position])),
        issued_on=_as_date(
            int(_days(frame["issued_on"].iloc[[position]], "issued_on", missing=None)[0])
        ),
        currency=code,
        segment=list(DebtorSegment)[int(cols.segment[position])],
    )
    case = Case.from_opening(opening)
    for event in row["priced_events"]:
        case = apply(case, event, policy)
    return _Priced(case, policy, day)


@attrs.frozen
class _Priced:
    """A stand-in for an action whose amounts are those of *case* on *day*."""

    case: Case
    policy: Policy
    day: date

    def amounts(self, *, rates: RateBook | None = None) -> Any:
        return claim_amounts(self.case, self.policy, self.day, rates=rates)


def _add_amounts(
    out: Any,
    cols: _Columns,
    chosen: Any,
    scalar: dict[int, Any],
    policy: Policy,
    day: date,
    code: str,
    rates: RateBook | None,
) -> None:
    """The amounts to claim on *day* for the rows with an action (see :func:`claim_amounts`)."""
    places = minor_units(code)
    count = len(chosen)
    columns = {name: np.full(count, None, dtype=object) for name in AMOUNT_COLUMNS}
    for position, action in scalar.items():
        owed = action.amounts(rates=rates)
        for name in AMOUNT_COLUMNS:
            columns[name][position] = getattr(owed, name)
    rows = np.flatnonzero(chosen >= 0)
    rows = rows[~np.isin(rows, np.fromiter(scalar, np.int64, len(scalar)))]
    segments = list(DebtorSegment)
    consumer = cols.segment[rows] == segments.index(DebtorSegment.CONSUMER)
    public = cols.segment[rows] == segments.index(DebtorSegment.PUBLIC_BODY)
    principal = _decimal_column(cols.cents[rows], places, pd.RangeIndex(len(rows))).to_numpy()
    priced = rows[~consumer]
    if len(priced):  # no payment on these rows: claim_amounts is late_penalties from the due date
        bases = np.where(public[~consumer], 1, 0)
        invoices = pd.DataFrame(
            {
                "principal": cols.cents[priced],
                "due_on": (cols.due[priced]).astype("datetime64[D]").astype("datetime64[s]"),
                "basis": np.array([policy.basis, PenaltyBasis.PUBLIC_PROCUREMENT], dtype=object)[
                    bases
                ],
            }
        )
        found = penalties_frame(
            invoices, today=day, basis="basis", currency=code, rates=rates, in_cents=True
        )
        for name in ("interest", "indemnity", "total"):
            columns[name][priced] = _decimal_column(
                found[name].to_numpy(), places, invoices.index
            ).to_numpy()
        columns["total"][priced] = [
            CONTEXT.add(p, t)
            for p, t in zip(principal[~consumer], columns["total"][priced], strict=True)
        ]
    columns["principal"][rows] = principal
    for name in ("interest", "indemnity"):
        columns[name][rows[consumer]] = Decimal(0)
    columns["total"][rows[consumer]] = principal[consumer]
    for name in AMOUNT_COLUMNS:
        out[name] = columns[name]


def _labels(chosen: Any, values: list[str | None]) -> Any:
    """A categorical column of ``values[chosen]`` (empty where nothing is chosen)."""
    categories = sorted({v for v in values if v is not None})
    lookup = np.array([-1 if v is None else categories.index(v) for v in values] + [-1])
    return pd.Categorical.from_codes(lookup[chosen], categories=categories)


# --- folding recorded events into the planner's columns -----------------------------------------


def _event_days(series: Any, name: str) -> Any:
    """
    Day numbers of a date column of an events frame; ``str`` cells (CSV) are read as
    :func:`~dunning_core.calendar.parse_date` reads them (``YYYY-MM-DD``, the cell's spaces
    trimmed, as ``read_portfolio`` does), the first bad one named by its row.
    """
    if series.dtype == object or pd.api.types.is_string_dtype(series.dtype):
        values = series.to_numpy(dtype=object)
        absent = pd.isna(series).to_numpy()
        present = values[~absent]
        if not len(present):  # no date at all (an Arrow text column too)
            return np.full(len(values), _NEVER, dtype=np.int64)
        kinds = set(map(type, present))
        if (
            kinds == {str}
            and pd.Series(present, dtype=object).str.fullmatch(ISO_DATE.pattern).all()
        ):
            try:  # numpy alone reads "2026", "20260203" or a time of day as some day
                parsed = present.astype("datetime64[D]")
            except ValueError:
                pass  # 2026-02-30: the row-by-row reading names the bad cell
            else:
                out = np.full(len(values), _NEVER, dtype=np.int64)
                out[~absent] = parsed.astype(np.int64)
                return out
        if str in kinds:
            out = np.full(len(values), _NEVER, dtype=np.int64)
            for position, (label, value, gone) in enumerate(
                zip(series.index, values, absent, strict=True)
            ):
                if gone:
                    continue
                try:
                    if isinstance(value, str):
                        day = parse_date(value.strip(" \t\u00a0\u202f"))
                    elif type(value) is date:
                        day = value
                    else:
                        day = to_date(value, name=name)
                except DunningError as error:
                    raise _row_error(error, label, name) from None
                out[position] = day.toordinal() - _EPOCH
            return out
    return _days(series, name, missing=_NEVER)


def _day_column(days: Any, empty: Any, index: Any) -> Any:
    """A ``datetime64`` column of day numbers, ``NaT`` where *empty*."""
    stamps = np.where(empty, 0, days).astype("datetime64[D]").astype("datetime64[s]")
    return pd.Series(stamps, index=index).where(~empty)


def _filled(series: Any) -> Any:
    """Where a cell holds something (neither missing nor blank)."""
    text = series.astype(object).where(series.notna(), "")
    return (text.map(lambda value: str(value).strip()) != "").to_numpy()


def _text_cell(value: Any) -> str:
    """A cell of an events frame as the portfolio CSV writes it."""
    if _empty(value):  # None, NaN, NaT, pd.NA (nullable and Arrow columns)
        return ""
    if isinstance(value, pd.Timestamp):
        return str(value.date().isoformat())
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return str(value.value)
    return str(value)


def _hands_over_next(policy: Policy, segment: Any, furthest: Any, cents: Any, places: int) -> Any:
    """
    Whether, after its furthest step, a case's schedule comes to a hand-over before a claim
    (a claim's checklist, and a reminder after the formal notice, are planned case by case).
    """
    found = np.zeros(len(segment), dtype=bool)
    segments = list(DebtorSegment)
    for code, seg in enumerate(segments):
        table = policy.plan_table(seg)
        if any(r.kind is StepKind.REMINDER and r.rank >= FORMAL_NOTICE_RANK for r in table):
            continue
        for row in np.flatnonzero(segment == code).tolist():
            for k in range(int(furthest[row]) + 1, len(table)):
                kind = table[k].kind
                if cents[row] < _min_units(table[k].min_amount, places):
                    continue
                if kind is StepKind.HAND_OVER or kind is StepKind.CLAIM:
                    found[row] = kind is StepKind.HAND_OVER
                    break
    return found


def _plans_broken(
    policy: Policy,
    plans: Any,
    rows: tuple[Any, Any, Any, Any],
    instalments: Any,
    reductions: tuple[Any, Any],
    amounts: Any,
    places: int,
) -> tuple[Any, Any]:
    """
    The day each invoice's payment plan is broken (:func:`~dunning_core.machine._case.
    plan_broken_on`, from the instalments and the payments and credit notes after the plan in
    date order), for the invoices at *plans*, ``_NEVER`` while on track; and the last day of each
    plan not broken (its last instalment and the grace days, as :meth:`~dunning_core.machine.
    Case.pauses` ends it), ``_NEVER`` for the others.  *rows* is the fold's
    ``(inv, on, plan_row, complex_)``: an invoice whose plan the machine refuses (instalments
    not in date order, the first before the plan) is marked complex (replayed: its error is
    reported).  *reductions* are the rows of the payments and credit notes, sorted by invoice
    and date, and their minor units.
    """
    inv, on, plan_row, complex_ = rows
    broken = np.full(len(complex_), _NEVER, dtype=np.int64)
    until = np.full(len(complex_), _NEVER, dtype=np.int64)
    if not len(plans):
        return broken, until
    wanted = np.zeros(len(complex_), dtype=bool)
    wanted[plans] = True
    mine = instalments[wanted[inv[instalments]]]
    units = _cents(amounts.iloc[mine], places, "amount").tolist() if len(mine) else []
    by_plan: dict[int, list[Instalment]] = {}
    for row, count in zip(mine.tolist(), units, strict=True):
        amount = Decimal(count).scaleb(-places, context=CONTEXT)
        try:
            instalment = Instalment(_as_date(int(on[row])), amount)
        except DunningError:  # not a positive amount
            complex_[inv[row]] = True
            continue
        by_plan.setdefault(int(inv[row]), []).append(instalment)
    since: dict[int, list[tuple[date, Decimal]]] = {}
    reduced, reduced_units = reductions
    for row, count in zip(reduced.tolist(), reduced_units, strict=True):
        owner = int(inv[row])
        if wanted[owner] and (on[row], row) > (on[plan_row[owner]], plan_row[owner]):
            amount = Decimal(count).scaleb(-places, context=CONTEXT)
            since.setdefault(owner, []).append((_as_date(int(on[row])), amount))
    grace = policy.plan_grace_days
    for owner in plans.tolist():
        if complex_[owner]:
            continue
        try:
            plan = PaymentPlanAgreed(_as_date(int(on[plan_row[owner]])), by_plan[owner])
        except DunningError:
            complex_[owner] = True
            continue
        day = plan_broken_on(plan, tuple(since.get(owner, ())), grace)
        if day is not None:
            broken[owner] = day.toordinal() - _EPOCH
        else:  # kept so far: it pauses to its last instalment and the grace days
            last = plan.instalments[-1].on.toordinal() + grace
            until[owner] = min(last, date.max.toordinal()) - _EPOCH
    return broken, until


def _replayed(events: Any, rows: Any, policy: Policy) -> dict[str, Case]:
    """The cases of the invoices at *rows*, read and replayed as :func:`read_portfolio` does."""
    columns = [name for name in PORTFOLIO_COLUMNS if name in events.columns]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    part = events.iloc[rows]
    for values in zip(*(part[name].tolist() for name in columns), strict=True):
        writer.writerow([_text_cell(value) for value in values])
    portfolio = read_portfolio(buffer.getvalue(), policy=policy)
    if portfolio.errors:
        first = portfolio.errors[0]
        raise InvalidArgument(
            "events", first.invoice, f"invoice {first.invoice!r}: {first.message}"
        )
    return {case.reference: case for case in portfolio.cases}


def events_frame(cases: Iterable[Case]) -> Any:
    """
    The events of *cases* as a frame of the portfolio file's columns (text cells, as
    ``pandas.read_csv(..., dtype=str)`` reads the file :func:`~dunning_core.portfolio_io.
    dump_portfolio` writes): what :func:`fold_events` reads, and what a pipeline writes to Parquet.

    >>> cases = [Case.open("F-1", "1200.00", date(2026, 1, 15), due_on=date(2026, 2, 14))]
    >>> events_frame(cases)[["invoice", "record", "date", "amount", "due_on"]]
      invoice   record        date   amount      due_on
    0     F-1  invoice  2026-01-15  1200.00  2026-02-14
    """
    return pd.read_csv(io.StringIO(dump_portfolio(cases)), dtype=str)


def fold_events(
    events: Any,
    policy: Policy,
    *,
    currency: str = "EUR",
    cases: Mapping[str, Case] | None = None,
) -> Any:
    """
    The planner frame of a frame of recorded events: one row per invoice, the columns
    :func:`plan_frame` reads, computed on columns without building a
    :class:`~dunning_core.machine.Case` per invoice.

    *events* has the columns of a portfolio file (:data:`~dunning_core.portfolio_io.COLUMNS`,
    ``docs/portfolio.md``): ``invoice``, ``record`` (``invoice`` or an event kind), ``date``,
    and the optional ones; dates are dates, ``datetime64``, Arrow ``date32`` or ISO ``str``
    cells; amounts as :func:`penalties_frame` reads them, or text.  Text columns may be of any
    kind (``object``, pandas' strings, Arrow strings as ``pandas.read_parquet(...,
    dtype_backend="pyarrow")`` gives them) and an empty cell is ``None``, ``NaN`` or ``pd.NA``.
    Each invoice's events are taken in date order (stable), as
    :func:`~dunning_core.portfolio_io.read_portfolio` does.

    The events are taken as recorded, each accepted by :func:`~dunning_core.machine.apply`
    when it happened.  The invoices whose events are contacts (reminders of the policy's
    preventive or amicable steps, ad-hoc contacts), payments and credit notes leaving some
    principal, formal notices (a refused one served again) whose last one is received, left
    unclaimed or not delivered yet, proofs, and one pause (a promise to pay, a payment plan, or
    a dispute opened and perhaps resolved) are folded on columns: the stage by the same rules
    as the transition table (:mod:`dunning_core.machine._schedule`), the contacts per stage and
    channel, the last contact, the furthest step, the start of the amicable phase, the last
    notice, its delivery,
    the pause (a plan's: the day it is broken, by the rule of
    :meth:`~dunning_core.machine.Case.plan_broken_on` with the policy's ``plan_grace_days``, or
    while it is kept, ``plan_until``, its last instalment and those grace days),
    the debtor's last acknowledgment (``acknowledged_on``: a payment, the promise or the plan,
    from which the time limit runs again, C. civ. 2240), and the events the amounts rest on
    (``priced_events``).  An invoice whose payments and credit notes cover the principal is
    replayed to learn whether it is closed; still open, it is folded on columns with the day
    of the last of them (``cleared_on``: its penalty claim counts from it).  Every other invoice
    (a hand-over, a claim, an insolvency, a last notice refused, a notice served by a
    commissaire de justice, more than one pause, terms
    instead of a due date, another currency, a contact beyond a cap, a payment after the time
    limit...) is read and replayed by ``read_portfolio``, with every check of the
    transition table, and its case is put in the ``case`` column.

    Args:
        events: a :class:`pandas.DataFrame` of events.
        policy: the policy the events refer to (steps, caps).
        currency: the currency of the invoices folded on columns (others are replayed).
        cases: the cases already replayed, by reference (a :class:`~dunning_core.portfolio_io.
            Portfolio`'s): taken for the invoices not folded on columns instead of replaying
            them.

    Returns:
        A frame indexed by invoice reference: ``reference``, ``amount``, ``issued_on``,
        ``due_on``, ``opened_on``, ``segment``, :data:`HISTORY_COLUMNS`, the contact counts,
        ``reductions``, ``acknowledged_on``, ``amount_cents`` (exact minor units, which
        :func:`plan_frame` reads before ``amount``) and ``case``.

    Raises:
        InvalidArgument: not a pandas frame, a missing column, an invoice without its invoice
            row, an invoice that ``read_portfolio`` reports malformed (its message).

    >>> from dunning_core.policy import french_default
    >>> events = pd.DataFrame({
    ...     "invoice": ["F-1", "F-1", "F-2", "F-2", "F-3", "F-3"],
    ...     "record": ["invoice", "contact_made", "invoice", "payment_received", "invoice",
    ...                "dispute_opened"],
    ...     "date": ["2026-01-15", "2026-02-19", "2026-01-20", "2026-02-19", "2026-01-20",
    ...              "2026-02-25"],
    ...     "amount": ["1200.00", None, "800.00", "300.00", "90.00", None],
    ...     "due_on": ["2026-02-14", None, "2026-02-19", None, "2026-02-19", None],
    ...     "channel": [None, "email", None, None, None, None],
    ...     "step": [None, "reminder_email_1", None, None, None, None],
    ... })
    >>> folded = fold_events(events, french_default())
    >>> folded[["stage", "last_step", "contacts_amicable_email", "amount_cents"]]
              stage         last_step  contacts_amicable_email  amount_cents
    F-1    amicable  reminder_email_1                        1        120000
    F-2  preventive               NaN                        0         80000
    F-3    amicable               NaN                        0          9000
    >>> folded["case"].tolist()  # F-3's open dispute is a pause on columns: nothing replayed
    [None, None, None]
    >>> plan_frame(folded, french_default(), date(2026, 3, 16))[["action", "action_due_on"]]
                   action action_due_on
    F-1   reminder_call_1    2026-02-24
    F-2  reminder_email_1    2026-02-24
    F-3               NaN           NaT
    """
    _refuse_other_frames(events)
    _one_column_each(events, PORTFOLIO_COLUMNS)
    require_policy(policy)
    code = check_currency(currency)
    for name in ("invoice", "record", "date"):
        _column(events, name)
    inv, refs = pd.factorize(events["invoice"], use_na_sentinel=True)
    if (inv < 0).any():
        raise InvalidArgument("events", None, "every row names its invoice (an empty cell)")
    n = len(refs)
    on = _event_days(events["date"], "date")
    if (on == _NEVER).any():
        raise InvalidArgument("events", None, "every row has its date (an empty cell)")
    record = events["record"].to_numpy(dtype=object)
    opening = record == "invoice"
    contact = record == ContactMade.kind
    reduction = (record == PaymentReceived.kind) | (record == CreditNoteIssued.kind)
    complex_ = np.zeros(n, dtype=bool)
    others = np.isin(
        record,
        [
            FormalNoticeSent.kind,
            FormalNoticeDelivered.kind,
            ProofRecorded.kind,
            PromiseToPay.kind,
            DisputeOpened.kind,
            DisputeResolved.kind,
            PaymentPlanAgreed.kind,
            _INSTALMENT,
        ],
    )
    np.logical_or.at(complex_, inv, ~(opening | contact | reduction | others))
    openings = np.bincount(inv[opening], minlength=n)
    if (openings == 0).any():
        missing = refs[int(np.argmax(openings == 0))]
        raise InvalidArgument("events", missing, f"invoice {missing!r}: its 'invoice' row")
    complex_ |= openings > 1

    def column(name: str) -> Any:
        return events[name] if name in events.columns else pd.Series(None, index=events.index)

    for name in ("terms", "delivered_on", "indemnity_in_currency"):
        np.logical_or.at(complex_, inv, opening & _filled(column(name)))
    currencies = column("currency")
    np.logical_or.at(complex_, inv, opening & _filled(currencies) & (currencies != code).to_numpy())
    if cases is not None:  # the 40 € converted, from a frame without its column: case by case
        complex_ |= np.array(
            [
                (case := cases.get(str(ref))) is not None
                and case.opening.indemnity_in_currency is not None
                for ref in refs
            ],
            dtype=bool,
        )
    # The opening of each invoice (its first invoice row).
    first = np.full(n, len(events), dtype=np.int64)
    rows_open = np.flatnonzero(opening)
    np.minimum.at(first, inv[rows_open], rows_open)
    due = _event_days(column("due_on"), "due_on")[first]
    complex_ |= due == _NEVER
    issued = on[first]
    opened_at = _event_days(column("opened_on"), "opened_on")[first]
    opened = np.where(opened_at == _NEVER, issued, opened_at)
    segment = _codes(column("segment").iloc[first], DebtorSegment, "segment")
    segment[segment < 0] = list(DebtorSegment).index(DebtorSegment.STANDARD)
    # The amounts, in minor units: the invoice's, less its payments and credit notes (a case
    # whose principal is covered is replayed: penalties may remain, see _claim_penalties).
    places = minor_units(code)
    amounts = column("amount")
    if isinstance(amounts.dtype, pd.ArrowDtype) and pd.api.types.is_string_dtype(amounts.dtype):
        amounts = amounts.astype(object)  # a text file's cells, read from Parquet by Arrow
    cents = np.ones(n, dtype=np.int64)
    plain = ~complex_
    if plain.any():
        cents[plain] = _cents(amounts.iloc[first[plain]], places, "amount")
    rows_r = np.flatnonzero(reduction & plain[inv])
    rows_r = rows_r[np.lexsort((on[rows_r], inv[rows_r]))]
    reduced = np.zeros(n, dtype=np.int64)
    if len(rows_r):
        reduced_cents = _cents(amounts.iloc[rows_r], places, "amount")
        np.add.at(reduced, inv[rows_r], reduced_cents)
        np.logical_or.at(complex_, inv[rows_r], on[rows_r] < opened[inv[rows_r]])
    # The principal covered: penalties may be owed (_claim_penalties), or the case is closed (a
    # payment of everything owed): such an invoice is replayed, and put on columns if open.
    covered = reduced >= cents
    last_reduced = np.full(n, _NEVER, dtype=np.int64)
    np.maximum.at(last_reduced, inv[rows_r], on[rows_r])
    # The contacts and the formal notice, in date order per invoice (stable, as read_portfolio
    # sorts them).
    notice = record == FormalNoticeSent.kind
    rows_c = np.flatnonzero(contact | notice)
    rows_c = rows_c[np.lexsort((on[rows_c], inv[rows_c]))]
    who = inv[rows_c]
    day = on[rows_c]
    is_notice = notice[rows_c]
    np.logical_or.at(complex_, who, day < opened[who])
    # A contact once the principal may be covered counts against no cap (counts_against_caps).
    np.logical_or.at(complex_, who, covered[who] & (day >= last_reduced[who]))
    channel = _codes(column("channel").iloc[rows_c], Channel, "channel")
    registered = list(Channel).index(Channel.REGISTERED_LETTER)
    channel = np.where(is_notice & (channel < 0), registered, channel)  # the default
    np.logical_or.at(complex_, who, channel < 0)
    registered_codes = [list(Channel).index(c) for c in Channel if c.registered]
    np.logical_or.at(complex_, who, is_notice & ~np.isin(channel, registered_codes))
    # A notice served by a commissaire de justice is delivered by its act (no outcome row):
    # replayed, as Case derives its delivery.
    served_codes = [list(Channel).index(c) for c in Channel if c.served]
    np.logical_or.at(complex_, who, is_notice & np.isin(channel, served_codes))
    steps, step_names = pd.factorize(column("step").iloc[rows_c], use_na_sentinel=True)
    segments = list(DebtorSegment)
    positions = np.full((len(step_names) + 1, len(segments)), -1, dtype=np.int64)
    step_rank = np.zeros(len(step_names) + 1, dtype=np.int64)
    reminder = np.zeros(len(step_names) + 1, dtype=bool)
    notice_step = np.zeros(len(step_names) + 1, dtype=bool)
    reminder[-1] = notice_step[-1] = True  # an ad-hoc contact or notice (no step)
    for k, name in enumerate(step_names):
        if policy.has_step(str(name)):
            step = policy.step(str(name))
            reminder[k] = step.kind is StepKind.REMINDER and step.stage in _COLUMNAR_STAGES
            notice_step[k] = step.kind is StepKind.FORMAL_NOTICE
            step_rank[k] = step.stage.rank
            for s, seg in enumerate(segments):
                positions[k, s] = policy.position(seg, str(name))
    position = positions[steps, segment[who]]
    usable = np.where(is_notice, notice_step[steps], reminder[steps])
    np.logical_or.at(complex_, who, ~usable | ((steps >= 0) & (position < 0)))
    # The stage after each contact and notice: the transition table's targets, as a running
    # maximum (the stage never goes back).
    start = np.where(opened > due, AMICABLE_RANK, PREVENTIVE_RANK)
    target = rules.target_rank(
        _VECTOR,
        rules.effective_rank(_VECTOR, start[who], day, due[who]),
        np.where(is_notice, FORMAL_NOTICE_RANK, step_rank[steps]),
    )
    after = pd.Series(target).groupby(who).cummax().to_numpy() if len(who) else target
    stage = start.copy()
    np.maximum.at(stage, who, after)
    paid_on = on[rows_r]
    np.maximum.at(  # a payment after the due date finds the case amicable (Case.stage_on)
        stage,
        inv[rows_r],
        rules.effective_rank(_VECTOR, start[inv[rows_r]], paid_on, due[inv[rows_r]]),
    )
    # The formal notices and what became of each, in date order: a notice, its outcome, a notice
    # served again after it... (as the transition table allows them); what the planner reads is
    # the last notice and its outcome, received or unclaimed (refused, it is served again by
    # the scalar planner: replayed).
    rows_d = np.flatnonzero(record == FormalNoticeDelivered.kind)
    outcomes = (
        column("detail")
        .iloc[rows_d]
        .astype(object)
        .where(column("detail").iloc[rows_d].notna(), Delivery.RECEIVED.value)
    )
    good = outcomes.isin([Delivery.RECEIVED.value, Delivery.UNCLAIMED.value]).to_numpy()
    rows_n = np.concatenate([rows_c[is_notice], rows_d])
    is_sent = np.concatenate([np.ones(int(is_notice.sum()), bool), np.zeros(len(rows_d), bool)])
    fine = np.concatenate([np.ones(int(is_notice.sum()), bool), good])
    order = np.lexsort((rows_n, on[rows_n], inv[rows_n]))
    rows_n, is_sent, fine = rows_n[order], is_sent[order], fine[order]
    owner = inv[rows_n]
    head = np.ones(len(rows_n), dtype=bool)  # the first of its invoice
    head[1:] = owner[1:] != owner[:-1]
    tail = np.ones(len(rows_n), dtype=bool)  # the last of its invoice
    tail[:-1] = owner[:-1] != owner[1:]
    repeated = np.zeros(len(rows_n), dtype=bool)  # two notices, or two outcomes, in a row
    repeated[1:] = ~head[1:] & (is_sent[1:] == is_sent[:-1])
    np.logical_or.at(complex_, owner, (head & ~is_sent) | repeated | (tail & ~fine))
    delivered = np.full(n, _NEVER, dtype=np.int64)
    last_outcome = tail & ~is_sent
    delivered[owner[last_outcome]] = on[rows_n[last_outcome]]
    noticed = np.full(n, _NEVER, dtype=np.int64)
    np.maximum.at(noticed, who[is_notice], day[is_notice])
    rows_p = np.flatnonzero(record == ProofRecorded.kind)  # they matter to a claim only
    np.logical_or.at(complex_, inv[rows_p], on[rows_p] < opened[inv[rows_p]])
    # One promise to pay (more, or a payment plan, are replayed): its day and the day promised.
    rows_q = np.flatnonzero(record == PromiseToPay.kind)
    complex_ |= np.bincount(inv[rows_q], minlength=n) > 1
    promised_until = _event_days(column("until"), "until")[rows_q]
    np.logical_or.at(
        complex_,
        inv[rows_q],
        (on[rows_q] < opened[inv[rows_q]])
        | (promised_until == _NEVER)
        | (promised_until < on[rows_q]),
    )
    promise_on = np.full(n, _NEVER, dtype=np.int64)
    promise_until = np.full(n, _NEVER, dtype=np.int64)
    promise_on[inv[rows_q]] = on[rows_q]
    promise_until[inv[rows_q]] = promised_until
    np.maximum.at(  # a promise after the due date finds the case amicable (Case.stage_on)
        stage,
        inv[rows_q],
        rules.effective_rank(_VECTOR, start[inv[rows_q]], on[rows_q], due[inv[rows_q]]),
    )
    # One dispute, opened and perhaps resolved, on a case no promise pauses too: one pause per
    # row on columns (more disputes, or a dispute and a promise, are replayed).
    rows_o = np.flatnonzero(record == DisputeOpened.kind)
    rows_s = np.flatnonzero(record == DisputeResolved.kind)
    complex_ |= np.bincount(inv[rows_o], minlength=n) > 1
    complex_ |= np.bincount(inv[rows_s], minlength=n) > 1
    dispute_on = np.full(n, _NEVER, dtype=np.int64)
    dispute_row = np.zeros(n, dtype=np.int64)
    dispute_on[inv[rows_o]] = on[rows_o]
    dispute_row[inv[rows_o]] = rows_o
    resolved_on = np.full(n, _NEVER, dtype=np.int64)
    resolved_row = np.zeros(n, dtype=np.int64)
    resolved_on[inv[rows_s]] = on[rows_s]
    resolved_row[inv[rows_s]] = rows_s
    complex_ |= (resolved_on != _NEVER) & (
        (dispute_on == _NEVER)
        | (resolved_on < dispute_on)
        | ((resolved_on == dispute_on) & (resolved_row < dispute_row))
    )
    complex_ |= (dispute_on != _NEVER) & (promise_on != _NEVER)
    # One payment plan, on a case no promise nor dispute pauses too (one pause per row): a pause
    # from its day to the day before it is broken (Case.plan_broken_on, evaluated on each plan).
    rows_a = np.flatnonzero(record == PaymentPlanAgreed.kind)
    complex_ |= np.bincount(inv[rows_a], minlength=n) > 1
    plan_on = np.full(n, _NEVER, dtype=np.int64)
    plan_row = np.full(n, -1, dtype=np.int64)
    plan_on[inv[rows_a]] = on[rows_a]
    plan_row[inv[rows_a]] = rows_a
    planned = plan_on != _NEVER
    complex_ |= planned & (
        (dispute_on != _NEVER) | (resolved_on != _NEVER) | (promise_on != _NEVER)
    )
    np.logical_or.at(complex_, inv[rows_a], on[rows_a] < opened[inv[rows_a]])
    rows_i = np.flatnonzero(record == _INSTALMENT)  # its instalments: the rows after it
    np.logical_or.at(complex_, inv[rows_i], rows_i < plan_row[inv[rows_i]])  # none: -1
    complex_ |= planned & (np.bincount(inv[rows_i], minlength=n) == 0)
    broken, plan_until = _plans_broken(
        policy,
        np.flatnonzero(planned & ~complex_),
        (inv, on, plan_row, complex_),
        rows_i,
        (rows_r, reduced_cents.tolist() if len(rows_r) else []),
        amounts,
        places,
    )
    # The debtor's last acknowledgment, a payment or a promise (C. civ. 2240); one made after the
    # time limit ran out revives nothing: such a case is replayed (Case.acknowledged_on).
    rows_k = np.concatenate([rows_r[record[rows_r] == PaymentReceived.kind], rows_q, rows_a])
    acknowledged = np.full(n, _NEVER, dtype=np.int64)
    np.maximum.at(acknowledged, inv[rows_k], on[rows_k])
    acknowledged = np.where(acknowledged > due, acknowledged, _NEVER)
    consumer = segment == list(DebtorSegment).index(DebtorSegment.CONSUMER)
    for flag, seg in ((True, DebtorSegment.CONSUMER), (False, DebtorSegment.STANDARD)):
        part = np.flatnonzero((consumer == flag) & (acknowledged != _NEVER) & ~complex_)
        if len(part):
            limit = _unique_map(
                due[part],
                lambda day, s=seg: prescription_end(_as_date(day), s).toordinal() - _EPOCH,
            )
            complex_[part[acknowledged[part] > limit]] = True
    rows_x = np.concatenate([rows_o, rows_s, rows_a])
    np.logical_or.at(complex_, inv[rows_x], on[rows_x] < opened[inv[rows_x]])
    rows_z = np.concatenate([rows_x, rows_p])  # a proof too: after the due date, amicable
    np.maximum.at(  # (Case.stage_on)
        stage,
        inv[rows_z],
        rules.effective_rank(_VECTOR, start[inv[rows_z]], on[rows_z], due[inv[rows_z]]),
    )
    furthest = np.full(n, -1, dtype=np.int64)
    np.maximum.at(furthest, who, np.where(steps >= 0, position, -1))
    noticed_rows = np.flatnonzero((noticed != _NEVER) & ~complex_)
    complex_[noticed_rows] |= ~_hands_over_next(
        policy, segment[noticed_rows], furthest[noticed_rows], cents[noticed_rows], places
    )
    out = pd.DataFrame(index=pd.Index(refs, name=None))
    out["reference"] = np.asarray(refs, dtype=object)
    out["amount"] = pd.Series(
        column("amount").to_numpy(dtype=object)[first], dtype=object, index=out.index
    )
    out["issued_on"] = issued.astype("datetime64[D]").astype("datetime64[s]")
    out["due_on"] = np.where(due == _NEVER, 0, due).astype("datetime64[D]").astype("datetime64[s]")
    out["opened_on"] = opened.astype("datetime64[D]").astype("datetime64[s]")
    out["segment"] = np.array([s.value for s in segments], dtype=object)[segment]
    stages = list(Stage)
    out["stage"] = pd.Series(dtype=object, index=out.index)
    by_rank = [next(s for s in stages if s.rank == rank) for rank in range(FORMAL_NOTICE_RANK + 1)]
    out["stage"] = np.array([s.value for s in by_rank], dtype=object)[  # others are replayed
        np.minimum(stage, FORMAL_NOTICE_RANK)
    ]
    last_contact = np.full(n, _NEVER, dtype=np.int64)
    np.maximum.at(last_contact, who, day)
    last_on = np.maximum(opened, last_contact)
    for rows_y in (rows_r, rows_d, rows_p, rows_q, rows_x):
        np.maximum.at(last_on, inv[rows_y], on[rows_y])
    out["last_on"] = last_on.astype("datetime64[D]").astype("datetime64[s]")
    out["last_contact_on"] = _day_column(last_contact, last_contact == _NEVER, out.index)
    out["last_step"] = [
        None if p < 0 else policy.plan_table(segments[s])[p].step.name
        for p, s in zip(furthest.tolist(), segment.tolist(), strict=True)
    ]
    # The amicable phase counts from the due date, or from the first amicable contact of a case
    # opened after it (Case.amicable_end).
    amicable = np.full(n, _FOREVER, dtype=np.int64)
    late = opened > due
    np.minimum.at(amicable, who, np.where(after == AMICABLE_RANK, day, _FOREVER))
    amicable_from = np.where(late, amicable, due)
    out["amicable_from"] = _day_column(amicable_from, amicable_from == _FOREVER, out.index)
    folded: dict[tuple[Stage, Channel], Any] = {}
    for pair_stage, pair_channel in _capped_pairs(policy):
        mask = (after == pair_stage.rank) & (channel == list(Channel).index(pair_channel))
        folded[(pair_stage, pair_channel)] = np.bincount(who[mask], minlength=n)
        out[contact_column(pair_stage, pair_channel)] = folded[(pair_stage, pair_channel)]
    for pair_stage, pair_channel in folded:  # more than a cap allows: replayed
        limit = policy.cap(pair_stage, pair_channel)
        counted = _counted(folded, policy, pair_stage, pair_channel)
        if limit is not None and counted is not None:
            complex_ |= counted > limit
    case_column = np.full(n, None, dtype=object)
    covered &= ~complex_
    if (complex_ | covered).any():
        known = {} if cases is None else cases
        unknown = np.array([str(ref) not in known for ref in refs], dtype=bool)
        unknown &= complex_ | covered
        replayed = dict(known)
        if unknown.any():
            replayed.update(_replayed(events, np.flatnonzero(unknown[inv]), policy))
        for position_ in np.flatnonzero(covered).tolist():  # paid or settled: replayed
            complex_[position_] = replayed[str(refs[position_])].stage.terminal
        for position_ in np.flatnonzero(complex_).tolist():
            case = replayed[str(refs[position_])]
            case_column[position_] = case
            out.iloc[position_, out.columns.get_loc("stage")] = case.stage.value
            out.iloc[position_, out.columns.get_loc("last_on")] = pd.Timestamp(case.last_on)
            out.iloc[position_, out.columns.get_loc("due_on")] = pd.Timestamp(case.due_on)
            out.iloc[position_, out.columns.get_loc("amount")] = case.amount
    # What the amounts rest on (payments, credit notes, the formal notice and its delivery), in
    # date order, for the rows folded on columns.
    made: dict[int, list[tuple[int, int, Any]]] = {}
    for row, units in zip(
        rows_r.tolist(), reduced_cents.tolist() if len(rows_r) else [], strict=True
    ):
        if not complex_[inv[row]]:
            amount = Decimal(units).scaleb(-places, context=CONTEXT)
            kind = PaymentReceived if record[row] == PaymentReceived.kind else CreditNoteIssued
            made.setdefault(int(inv[row]), []).append(
                (int(on[row]), row, kind(_as_date(on[row]), amount))
            )
    channels = list(Channel)
    for row, code_, name in zip(
        rows_c[is_notice].tolist(),
        channel[is_notice].tolist(),
        column("step").iloc[rows_c[is_notice]].tolist(),
        strict=True,
    ):
        if not complex_[inv[row]]:
            named = name if isinstance(name, str) and name.strip() else None
            sent = FormalNoticeSent(_as_date(on[row]), channels[code_], named)
            made.setdefault(int(inv[row]), []).append((int(on[row]), row, sent))
    for row, outcome in zip(rows_d.tolist(), outcomes.tolist(), strict=True):
        if not complex_[inv[row]]:
            event = FormalNoticeDelivered(_as_date(on[row]), Delivery(outcome))
            made.setdefault(int(inv[row]), []).append((int(on[row]), row, event))
    priced = np.full(n, None, dtype=object)
    for invoice, found in made.items():
        priced[invoice] = tuple(event for _, _, event in sorted(found, key=lambda x: x[:2]))
    out["priced_events"] = priced
    for name, days in (
        ("notice_on", noticed),
        ("delivered_on", delivered),
        ("promise_on", promise_on),
        ("promise_until", promise_until),
        ("dispute_on", dispute_on),
        ("dispute_resolved_on", resolved_on),
        ("plan_on", plan_on),
        ("plan_broken_on", broken),
        ("plan_until", plan_until),
        (_CLEARED, np.where(covered & ~complex_, last_reduced, _NEVER)),
        (_ACKNOWLEDGED, acknowledged),
    ):
        out[name] = _day_column(days, days == _NEVER, out.index)
    out["amount_cents"] = cents
    if complex_.any():
        out.loc[complex_, "amount_cents"] = [
            int(case.amount.scaleb(places, context=CONTEXT)) if case.currency == code else 1
            for case in case_column[complex_]
        ]
    out["case"] = case_column
    return out
