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

import operator
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from itertools import repeat
from typing import Any, Final

try:
    import numpy as np
    import pandas as pd  # type: ignore[import-untyped, unused-ignore]
except ImportError as error:  # pragma: no cover - exercised in a test that hides pandas
    raise ImportError(
        "dunning_core.frames needs pandas: install the extra with "
        "pip install 'dunning-core[pandas]'"
    ) from error

from dunning_core.calendar import to_date
from dunning_core.errors import (
    AmountTypeError,
    DateTypeError,
    DunningError,
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
    late_penalties,
)
from dunning_core.machine import Case
from dunning_core.money import (
    CONTEXT,
    MAX_AMOUNT,
    check_currency,
    in_context,
    minor_units,
    to_amount,
)
from dunning_core.policy import DebtorSegment
from dunning_core.portfolio_io import PortfolioPlan
from dunning_core.rates import RateBook, default_rates

__all__ = [
    "CASE_COLUMNS",
    "LINE_COLUMNS",
    "PENALTY_COLUMNS",
    "PLAN_COLUMNS",
    "from_frame",
    "penalties_frame",
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
    if pa.types.is_integer(kind):
        whole = np.asarray(chunked.cast(pa.int64())).astype(np.int64)
        return _positive(whole * 10**places, series, name, places)
    if not pa.types.is_decimal128(kind):
        raise AmountTypeError(
            str(kind),
            f"column {name!r} is an Arrow column of {kind}; amounts are decimal128 "
            "(or integers, whole units)",
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


def _object_cents(values: Any, places: int) -> Any | None:
    """
    Minor units of an object column of plain ``Decimal`` cells, in C-level passes over blocks of
    rows; ``None`` when a cell needs the row-by-row reading (another type, NaN, too many
    decimals, out of range).
    """
    if set(map(type, values)) != {Decimal}:
        return None
    cents = np.empty(len(values), dtype=np.int64)
    top = _MAX_UNITS * 10**places
    for block in range(0, len(values), _BLOCK):
        part = values[block : block + _BLOCK]
        try:
            scaled = list(map(Decimal.scaleb, part, repeat(places), repeat(CONTEXT)))
            units = list(map(int, scaled))
        except (ValueError, OverflowError, ArithmeticError):  # NaN, infinity
            return None
        if not all(map(operator.eq, units, scaled)):
            return None
        try:
            cents[block : block + _BLOCK] = units
        except OverflowError:
            return None
    if ((cents <= 0) | (cents > top)).any():
        return None
    return cents


def _cents(series: Any, places: int, name: str, *, in_cents: bool = False) -> Any:
    """Each amount in minor units (int64, exact), refusing floats, missing values and zero."""
    if series.dtype.kind == "f":
        raise AmountTypeError(
            str(series.dtype),
            f"column {name!r} holds floats, which cannot hold cents exactly; "
            "use Decimal (object) or str values, or integers",
        )
    chunked = _arrow(series)
    if in_cents:
        if chunked is not None:
            import pyarrow as pa

            if pa.types.is_integer(chunked.type) and not chunked.null_count:
                cents = np.asarray(chunked.cast(pa.int64())).astype(np.int64)
                return _positive(cents, series, name, places)
        elif series.dtype.kind in "iu":
            cents = series.to_numpy().astype(np.int64)
            return _positive(cents, series, name, places)
        raise AmountTypeError(
            str(series.dtype),
            f"column {name!r} must hold integers (minor units: cents for EUR) with in_cents=True",
        )
    if chunked is not None:
        return _arrow_cents(chunked, series, places, name)
    if series.dtype.kind in "iu":
        whole = series.to_numpy().astype(np.int64)
        return _positive(whole * 10**places, series, name, places)
    values = series.to_numpy()
    fast = _object_cents(values, places)
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
                f"column {name!r} is an Arrow column of {chunked.type}; dates are date32",
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
    """``products / denominator`` rounded half-up (away from zero on a tie), exactly."""
    magnitude = np.abs(products)
    rounded = (2 * magnitude + denominator) // (2 * denominator)
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
    found = basis.rates_in(book)
    if found is None:
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
    table, factor, points = found
    uncovered = (starts < table.first_day.toordinal() - _EPOCH) | (
        ends > table.known_until.toordinal() - _EPOCH
    )
    if uncovered.any():
        return int(np.argmax(uncovered))
    periods = table.covering(_as_date(starts.min()), _as_date(ends.max()))
    effective = [CONTEXT.add(CONTEXT.multiply(p.rate, factor), points) for p in periods]
    places = _scale(effective)
    denominator = 36500 * 10**places
    scaled_rates = [int(r.scaleb(places, context=CONTEXT)) for r in effective]
    top = max((abs(r) for r in scaled_rates), default=0)
    wide = 2 * largest * top * longest + denominator >= _INT64_SAFE
    kind = object if wide else np.int64
    period_starts = np.array([p.start.toordinal() - _EPOCH for p in periods], dtype=np.int64)
    period_ends = np.array([p.end.toordinal() - _EPOCH for p in periods], dtype=np.int64)
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


def _flat_indemnity(value: object, code: str, places: int) -> int:
    """
    The flat indemnity in minor units: 40 € in euros (D441-5), else *value*, the 40 € converted
    into *code* by the caller, or 0 when it is not given (owed in euros, not counted).
    """
    if value is None:
        return 10**places * 40 if code == "EUR" else 0
    if code == "EUR":
        raise InvalidArgument(
            "indemnity_in_currency",
            value,
            "nothing, for an invoice in EUR (its flat indemnity is 40 €); it is the 40 € "
            "converted into the currency of an invoice in another currency",
        )
    amount = to_amount(value)
    units = amount.scaleb(places, context=CONTEXT)
    if amount <= 0 or units != units.to_integral_value(context=CONTEXT):
        raise InvalidAmount(
            value, f"indemnity_in_currency: more than zero, with at most {places} decimals"
        )
    return int(units)


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


def _decimal_column(units: Any, places: int, index: Any) -> Any:
    """A column of ``Decimal`` amounts from minor units, built in C-level passes."""
    if units.dtype == object:  # beyond int64: each value once
        distinct, inverse = units, None
    else:  # each distinct amount built once, and shared (less memory, less time)
        distinct, inverse = np.unique(units, return_inverse=True)
    values = distinct.tolist()  # Python ints, exactly
    built = map(Decimal.scaleb, map(Decimal, values), repeat(-places), repeat(CONTEXT))
    decimals = np.fromiter(built, dtype=object, count=len(values))
    return pd.Series(decimals if inverse is None else decimals[inverse], index=index)


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
        raise InvalidArgument(
            "frame",
            f"{kind.__module__}.{kind.__name__}",
            "a pandas.DataFrame: convert a polars frame with frame.to_pandas() "
            "(or frame.to_pandas(use_pyarrow_extension_array=True) to keep its Arrow "
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

    * ``principal``: the invoice amount, more than zero: ``Decimal``, ``int`` or numeric ``str``
      cells, an integer column (whole units), an Arrow ``decimal128`` column (as
      ``pandas.read_parquet(..., dtype_backend="pyarrow")`` gives), or with ``in_cents=True`` an
      integer column of minor units (cents for EUR); never floats;
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
            counted; ``late_penalties`` on a row says so in a WARNING).  Refused for ``EUR``.
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
        ``decimal128(38, 2)`` when the principal column is an Arrow decimal one, ``int64``
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
    code = check_currency(currency)
    places = minor_units(code)
    flat = _flat_indemnity(indemnity_in_currency, code, places)  # D441-5
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

    # --- the rows computed at once, and those handed to late_penalties -------------------------
    late = paids > dues
    slow = np.zeros(count, dtype=bool)
    if payments is not None:
        slow |= np.fromiter(map(bool, payments), dtype=bool, count=count)
    if costs is not None:
        slow |= np.array([c is not None for c in costs], dtype=bool).reshape(count)
    for position, each in enumerate(bases):
        if day_count is not DayCount.ACT_365 or each.enforceable_on is not None:
            slow |= which == position
    interest = np.zeros(count, dtype=np.int64)  # object when 64 bits could overflow
    indemnity = np.zeros(count, dtype=np.int64)
    lines = np.zeros(count, dtype=np.int64)
    first_due = INDEMNITY_FROM.toordinal() - _EPOCH  # debts due before 2013 owe no indemnity
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
            if each.indemnity_applies:
                owed = ~consumers[rows] & (dues[rows] >= first_due)
                indemnity[rows] = np.where(owed, flat, 0)
    converted = None if indemnity_in_currency is None else to_amount(indemnity_in_currency)
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
    totals = interest + indemnity
    out = frame.copy()
    out["days"] = np.maximum(paids - dues, 0)
    out["lines"] = lines
    arrow = _arrow(principals) is not None and not in_cents and interest.dtype != object
    for name, units in (("interest", interest), ("indemnity", indemnity), ("total", totals)):
        if in_cents:
            if units.dtype == object and all(abs(v) < 2**63 for v in units.tolist()):
                units = units.astype(np.int64)
            out[name] = pd.Series(units, index=frame.index)
        elif arrow:
            out[name] = _arrow_column(units, places, frame.index)
        else:
            out[name] = _decimal_column(units, places, frame.index)
    return out


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
        InvalidArgument: not a DataFrame, a required column missing, an unknown segment.
        AmountTypeError, InvalidAmount, DateTypeError, InvalidDate: a bad cell (the message
            names the row).

    >>> frame = pd.DataFrame({"reference": ["F-1"], "amount": ["1200.00"],
    ...                       "issued_on": [date(2026, 1, 15)], "due_on": [date(2026, 2, 14)]})
    >>> from_frame(frame)
    (Case('F-1', stage=preventive, balance=Decimal('1200.00'), events=1),)
    """
    if not isinstance(frame, pd.DataFrame):
        raise InvalidArgument("frame", type(frame).__name__, "a pandas.DataFrame of invoices")
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
    """A missing cell: ``None``, ``NaN`` or ``NaT``."""
    return value is None or value is pd.NaT or (isinstance(value, float) and value != value)
