"""
Benchmark: ``penalties_frame`` on 1,000,000 invoices, against ``penalties_frame`` before issue 12.

The baseline is the function as it was (``benchmarks/frames_before.py``, a copy), run on the same
frame in the same process.  The frame is built deterministically (no random generator):
principals from 1.00 to 99,999.99, due dates spread over 2013–2026, a third of the invoices
unpaid (evaluated on ``TODAY``), the others paid up to two years late.  Three inputs:

* ``Decimal`` principals and ``datetime.date`` cells (``object`` columns), as before;
* the same amounts as ``int64`` cents, with ``in_cents=True`` (``int64`` out);
* Arrow ``decimal128(12, 2)`` and ``date32`` columns, as ``read_parquet`` with pyarrow gives
  (Arrow ``decimal128`` out).

Each figure is the best of a few runs; the peak of memory traced by :mod:`tracemalloc` during
one call is measured in a separate call (tracing slows Python down)::

    make bench
    # the table alone:  .venv/bin/python benchmarks/bench_frames.py [size]

Under ``make test`` (``--benchmark-disable``) this runs on 3,000 invoices as a smoke test, and
only checks that every form gives the baseline's figures.
"""

from __future__ import annotations

import gc
import sys
import time
import tracemalloc
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import frames_before
import numpy as np
import pandas as pd
import pytest

from dunning_core.frames import penalties_frame

pa = pytest.importorskip("pyarrow")

SIZE = 1_000_000
SMOKE = 3_000
TODAY = date(2026, 3, 16)
FIRST_DUE = date(2013, 1, 1)
SPAN = (TODAY - FIRST_DUE).days  # due dates fall in [FIRST_DUE, TODAY)
MIB = 2**20


def invoices(size: int = SIZE) -> Any:
    """*size* invoices, the same every run (arithmetic sequences, not random numbers)."""
    i = np.arange(size, dtype=np.int64)
    cents = 100 + (i * 7_919) % 9_999_900
    epoch = FIRST_DUE.toordinal()
    dues = epoch + (i * 104_729) % SPAN
    paids = dues + (i * 613) % 730  # 0 to 729 days late
    unpaid = (i % 3 == 0) | (paids > TODAY.toordinal())
    principal = [Decimal(int(c)).scaleb(-2) for c in cents.tolist()]
    due_on = [date.fromordinal(d) for d in dues.tolist()]
    paid_on = [
        None if u else date.fromordinal(p)
        for p, u in zip(paids.tolist(), unpaid.tolist(), strict=True)
    ]
    return pd.DataFrame({"principal": principal, "due_on": due_on, "paid_on": paid_on})


def in_cents(frame: Any) -> Any:
    """The same invoices, the principal as int64 cents."""
    cents = [int(p.scaleb(2)) for p in frame["principal"]]
    return frame.assign(principal=np.array(cents, dtype=np.int64))


def in_arrow(frame: Any) -> Any:
    """The same invoices as Arrow columns: decimal128(12, 2) and date32."""
    return pd.DataFrame(
        {
            "principal": pd.array(
                pa.array(frame["principal"], type=pa.decimal128(12, 2)),
                dtype=pd.ArrowDtype(pa.decimal128(12, 2)),
            ),
            "due_on": pd.array(
                pa.array(frame["due_on"], type=pa.date32()), dtype=pd.ArrowDtype(pa.date32())
            ),
            "paid_on": pd.array(
                pa.array(frame["paid_on"], type=pa.date32()), dtype=pd.ArrowDtype(pa.date32())
            ),
        }
    )


def before(frame: Any) -> Any:
    return frames_before.penalties_frame(frame, today=TODAY)


def decimal_form(frame: Any) -> Any:
    return penalties_frame(frame, today=TODAY)


def cents_form(frame: Any) -> Any:
    return penalties_frame(frame, today=TODAY, in_cents=True)


def arrow_form(frame: Any) -> Any:
    return penalties_frame(frame, today=TODAY)


def totals(out: Any) -> list[Decimal]:
    """The total column as Decimal values, whatever its form."""
    column = out["total"]
    if column.dtype.kind in "iu":
        return [Decimal(int(v)).scaleb(-2) for v in column]
    return [Decimal(v) for v in column]


def check_same(size: int) -> dict[str, Any]:
    """Every form gives the baseline's days, lines and amounts; returns the frames."""
    frame = invoices(size)
    frames = {"before": frame, "decimal": frame, "cents": in_cents(frame), "arrow": in_arrow(frame)}
    expected = before(frame)
    for name, run in (("decimal", decimal_form), ("cents", cents_form), ("arrow", arrow_form)):
        out = run(frames[name])
        assert list(expected["days"]) == list(out["days"]), name
        assert list(expected["lines"]) == list(out["lines"]), name
        assert totals(expected) == totals(out), name
    decimal = decimal_form(frame)
    for column in ("interest", "indemnity", "total"):  # the same Decimals, written alike
        assert [str(v) for v in expected[column]] == [str(v) for v in decimal[column]]
    return frames


def best(run: Callable[[Any], Any], frame: Any, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        gc.collect()
        started = time.perf_counter()
        run(frame)
        times.append(time.perf_counter() - started)
    return min(times)


def peak(run: Callable[[Any], Any], frame: Any) -> float:
    """The peak of traced memory during one call, in MiB (the input frame excluded)."""
    gc.collect()
    tracemalloc.start()
    try:
        run(frame)
        return tracemalloc.get_traced_memory()[1] / MIB
    finally:
        tracemalloc.stop()


def report(size: int = SIZE, repeat: int = 3) -> str:
    check_same(min(size, 20_000))  # equality first, on fewer invoices
    frames = {"before": invoices(size)}
    frames |= {
        "decimal": frames["before"],
        "cents": in_cents(frames["before"]),
        "arrow": in_arrow(frames["before"]),
    }
    runs = {"before": before, "decimal": decimal_form, "cents": cents_form, "arrow": arrow_form}
    seconds: dict[str, list[float]] = {
        name: [] for name in runs
    }  # interleaved, so that a noisy moment hits all
    for _ in range(repeat):
        for name, run in runs.items():
            seconds[name].append(best(run, frames[name], 1))
    base = min(seconds["before"])
    rows = [f"penalties_frame on {size:,} invoices (same run; before = the function before)"]
    rows.append("form                      best s   before / this   peak traced MiB")
    labels = {
        "before": "before (Decimal in/out)",
        "decimal": "Decimal in, Decimal out",
        "cents": "int64 cents in and out",
        "arrow": "Arrow decimal128/date32",
    }
    for name, run in runs.items():
        took = min(seconds[name])
        rows.append(
            f"{labels[name]:24} {took:8.2f}   {base / took:13.1f}   {peak(run, frames[name]):15.0f}"
        )
    return "\n".join(rows)


@pytest.fixture(scope="module")
def forms(request: Any) -> dict[str, Any]:
    return check_same(SMOKE)


def test_same_figures_every_form(forms: dict[str, Any]) -> None:
    """Decimal, int64 cents and Arrow inputs all give the baseline's figures (smoke size)."""
    assert len(forms["cents"]) == SMOKE


@pytest.mark.parametrize(
    ("form", "run"),
    [("before", before), ("decimal", decimal_form), ("cents", cents_form), ("arrow", arrow_form)],
)
def test_bench_penalties_frame(benchmark: Any, forms: dict[str, Any], form: str, run: Any) -> None:
    """Each form on the same invoices (1,000,000 under make bench, 3,000 as a smoke test)."""
    benchmark.group = "penalties_frame"
    frame = forms[form]
    if not benchmark.disabled:
        whole = invoices(SIZE)
        frame = {"cents": in_cents, "arrow": in_arrow}.get(form, lambda f: f)(whole)
    out = benchmark.pedantic(run, args=(frame,), rounds=1, iterations=1)
    assert len(out) == len(frame)


def test_report(benchmark: Any) -> None:
    """The table of ratios and peaks (printed; run with -s): a figure, not a pass/fail."""
    benchmark.group = "report"
    benchmark(lambda: None)  # so that --benchmark-only runs this test
    if benchmark.disabled:
        return
    print("\n" + report())


if __name__ == "__main__":
    print(report(int(sys.argv[1]) if len(sys.argv) > 1 else SIZE))
