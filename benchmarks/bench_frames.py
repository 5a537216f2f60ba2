"""
Benchmark: ``penalties_frame`` on 100,000 invoices (target: under 2 seconds).

The frame is built deterministically (no random generator): principals from 1.00 to 99,999.99
as ``Decimal``, due dates spread over 2013–2026, a third of the invoices unpaid (evaluated on
``TODAY``), the others paid up to two years late.  Measured with pytest-benchmark::

    make bench
    # or: .venv/bin/python -m pytest benchmarks/bench_frames.py --benchmark-enable -q
    # the timing alone:  .venv/bin/python benchmarks/bench_frames.py
"""

from __future__ import annotations

import time
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pandas as pd

from dunning_core.frames import penalties_frame
from dunning_core.interest import late_penalties

SIZE = 100_000
TODAY = date(2026, 3, 16)
FIRST_DUE = date(2013, 1, 1)
SPAN = (TODAY - FIRST_DUE).days  # due dates fall in [FIRST_DUE, TODAY)


def invoices(size: int = SIZE) -> Any:
    """*size* invoices, the same every run (arithmetic sequences, not random numbers)."""
    principals = [Decimal(100 + (i * 7_919) % 9_999_900).scaleb(-2) for i in range(size)]
    dues = [FIRST_DUE + timedelta(days=(i * 104_729) % SPAN) for i in range(size)]
    paids: list[date | None] = []
    for i, due in enumerate(dues):
        late = (i * 613) % 730  # 0 to 729 days late
        paid = due + timedelta(days=late)
        paids.append(None if i % 3 == 0 or paid > TODAY else paid)
    return pd.DataFrame({"principal": principals, "due_on": dues, "paid_on": paids})


def test_penalties_frame_100k(benchmark: Any) -> None:
    """100,000 invoices in one call; a sample of rows equals late_penalties to the cent."""
    frame = invoices()
    out = benchmark.pedantic(
        penalties_frame, args=(frame,), kwargs={"today": TODAY}, rounds=3, iterations=1
    )
    for row in range(0, SIZE, 9_973):
        paid = frame["paid_on"].iloc[row]
        expected = late_penalties(
            frame["principal"].iloc[row], frame["due_on"].iloc[row], paid or TODAY
        )
        assert expected.total == out["total"].iloc[row]
        assert len(expected.lines) == out["lines"].iloc[row]


def _loop(frame: Any) -> list[Decimal]:
    """The baseline: one ``late_penalties`` call per row, in a plain Python loop."""
    rows = zip(frame["principal"], frame["due_on"], frame["paid_on"], strict=True)
    return [late_penalties(p, d, paid or TODAY).total for p, d, paid in rows]


def test_loop_of_late_penalties_100k(benchmark: Any) -> None:
    """Baseline in the same run: the same 100,000 invoices, one late_penalties call each."""
    frame = invoices()
    started = time.perf_counter()
    totals = benchmark.pedantic(_loop, args=(frame,), rounds=3, iterations=1)
    loop = (time.perf_counter() - started) / 3
    started = time.perf_counter()
    out = penalties_frame(frame, today=TODAY)
    vectorised = time.perf_counter() - started
    assert list(out["total"]) == totals
    print(
        f"\nloop {loop:.3f} s, penalties_frame {vectorised:.3f} s, "
        f"penalties_frame / loop = {vectorised / loop:.2f}"
    )


if __name__ == "__main__":
    frame = invoices()
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        penalties_frame(frame, today=TODAY)
        best = min(best, time.perf_counter() - started)
    print(f"penalties_frame: {SIZE:,} invoices in {best:.3f} s (best of 3)")
