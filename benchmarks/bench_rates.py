"""
Benchmark: loading a rates file of the ECB's daily size is linear.

A rates file may hold thousands of ECB rows (the daily MRO series has about 7,000 since 1999).
``RateBook.extended_from_csv`` used to rebuild the whole book for each row (quadratic: 2,000 rows
took 2.2 s, 4,000 took 10.7 s).  Two claims, measured in the same run::

    .venv/bin/python -m pytest benchmarks/bench_rates.py --benchmark-enable --benchmark-only -q -s
    # the figures alone:  .venv/bin/python benchmarks/bench_rates.py

* scaling: 7,000 rows cost at most 1.5 × (7,000 / 1,000) what 1,000 rows cost (linear, with
  slack for noise; quadratic would be 49 ×);
* against the baseline: the plain code a good engineer would write to read the same file (the csv
  module, ``date.fromisoformat``, ``Decimal``, a check that dates increase, a list of tuples), the
  library (validation of every row with a clear error, plausible bands, immutable periods, the
  derived statutory table) costs at most 10 × as much (6.1 × measured on 2 shared cores).
"""

from __future__ import annotations

import csv
import io
import timeit
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from dunning_core.rates import RateBook, default_rates

START = date(2026, 3, 20)


def rates_file(rows: int) -> str:
    """*rows* ECB decisions on consecutive days, alternating 2.40 % and 2.15 % (every row a change)."""
    lines = ["series,date,rate,source"]
    for i in range(rows):
        rate = "2.15" if i % 2 else "2.40"
        lines.append(f"ECB_MRO,{START + timedelta(days=i)},{rate},ECB data portal")
    return "\n".join(lines) + "\n"


SMALL, LARGE = rates_file(1_000), rates_file(7_000)


def baseline(text: str) -> list[tuple[date, Decimal, str]]:
    """The plain reader: parse, check dates increase, keep (date, rate, source)."""
    rows: list[tuple[date, Decimal, str]] = []
    last = date.min
    for row in csv.DictReader(io.StringIO(text)):
        day = date.fromisoformat(row["date"])
        if day <= last:
            raise ValueError(f"dates must increase: {day}")
        rows.append((day, Decimal(row["rate"]), row["source"]))
        last = day
    return rows


def library(text: str) -> RateBook:
    return default_rates().extended_from_csv(text)


def test_same_content() -> None:
    """Both read the same 7,000 decisions, so the comparison is fair."""
    book = library(LARGE)
    assert len(baseline(LARGE)) == 7_000
    assert book.ecb.known_until == START + timedelta(days=6_999)
    assert len(book.ecb.periods) == len(default_rates().ecb.periods) + 7_000


def test_bench_baseline(benchmark: Any) -> None:
    benchmark.group = "rates file, 7,000 rows"
    assert len(benchmark(baseline, LARGE)) == 7_000


def test_bench_extended_from_csv(benchmark: Any) -> None:
    benchmark.group = "rates file, 7,000 rows"
    benchmark(library, LARGE)


def _best(function: Any, text: str, repeat: int) -> float:
    return min(timeit.repeat(lambda: function(text), number=1, repeat=repeat))


def ratios(repeat: int = 5) -> tuple[float, float]:
    """(time of 7,000 rows / time of 1,000 rows, library / baseline on 7,000 rows), best of."""
    scaling = _best(library, LARGE, repeat) / _best(library, SMALL, repeat)
    against = _best(library, LARGE, repeat) / _best(baseline, LARGE, repeat)
    return scaling, against


def test_ratios_within_budget(benchmark: Any) -> None:
    """Linear: 7 × the rows cost at most 10.5 × the time; at most 10 × the plain reader."""
    benchmark.group = "ratio"
    benchmark(library, SMALL)  # so that --benchmark-only runs this test
    if benchmark.disabled:  # a smoke test under make test: nothing is timed
        return
    scaling, against = ratios()
    print(f"7,000 rows / 1,000 rows = {scaling:.2f}; library / baseline = {against:.2f}")
    assert scaling <= 10.5
    assert against <= 10


if __name__ == "__main__":
    scaling, against = ratios()
    print(f"7,000 rows / 1,000 rows = {scaling:.2f}; library / baseline = {against:.2f}")
