"""
Benchmark: ``late_penalties`` against a minimal hand-written Decimal loop.

The issue's budget: for an invoice late across a few half-years, ``late_penalties`` (validation,
rate lookup, lines, findings, breakdown) must cost no more than 3 × a bare loop doing the same
arithmetic over a precomputed half-year table.  Both are measured in the same run::

    make bench
    # or: .venv/bin/python -m pytest benchmarks --benchmark-enable --benchmark-only -q
    # the ratio alone:  .venv/bin/python benchmarks/bench_penalties.py
"""

from __future__ import annotations

import timeit
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from dunning_core.interest import late_penalties
from dunning_core.rates import default_rates

PRINCIPAL = Decimal("12345.67")
DUE_ON = date(2024, 2, 15)
PAID_ON = date(2025, 9, 30)  # 4 half-years: 2024-H1, 2024-H2, 2025-H1, 2025-H2
CENT = Decimal("0.01")
DAY = timedelta(days=1)

# The precomputed half-year table of the baseline: (start, end, rate in percent).
HALF_YEARS: tuple[tuple[date, date, Decimal], ...] = tuple(
    (p.start, p.end, p.rate) for p in default_rates().statutory.periods
)
EXPECTED_INTEREST = Decimal("2737.00")


def baseline(principal: Decimal, due_on: date, paid_on: date) -> Decimal:
    """The minimal loop: days per half-year, ``balance × rate × days / 36 500``, round, sum."""
    start = due_on + DAY
    total = Decimal(0)
    for first, last, rate in HALF_YEARS:
        if last < start or first > paid_on:
            continue
        days = (min(last, paid_on) - max(first, start)).days + 1
        total += (principal * rate * days / 36500).quantize(CENT, rounding=ROUND_HALF_UP)
    return total


def library(principal: Decimal, due_on: date, paid_on: date) -> Decimal:
    """The library call, reduced to the same figure."""
    return late_penalties(principal, due_on, paid_on).interest


def test_same_figure() -> None:
    """Both compute the same interest, so the comparison is fair."""
    assert EXPECTED_INTEREST == baseline(PRINCIPAL, DUE_ON, PAID_ON)
    assert EXPECTED_INTEREST == library(PRINCIPAL, DUE_ON, PAID_ON)


def test_bench_baseline(benchmark: Any) -> None:
    benchmark.group = "penalties"
    assert EXPECTED_INTEREST == benchmark(baseline, PRINCIPAL, DUE_ON, PAID_ON)


def test_bench_late_penalties(benchmark: Any) -> None:
    benchmark.group = "penalties"
    assert EXPECTED_INTEREST == benchmark(library, PRINCIPAL, DUE_ON, PAID_ON)


def ratio(number: int = 20_000, repeat: int = 7) -> float:
    """Best-of-*repeat* time of the library over the baseline's."""
    args = (PRINCIPAL, DUE_ON, PAID_ON)
    base_times, lib_times = [], []
    for _ in range(repeat):  # interleaved, so that a noisy moment hits both
        base_times.append(timeit.timeit(lambda: baseline(*args), number=number))
        lib_times.append(timeit.timeit(lambda: library(*args), number=number))
    return min(lib_times) / min(base_times)


def test_ratio_within_budget(benchmark: Any) -> None:
    """late_penalties costs at most 3 × the bare loop (the ratio is printed; run with -s)."""
    benchmark.group = "ratio"
    benchmark(library, PRINCIPAL, DUE_ON, PAID_ON)  # so that --benchmark-only runs this test
    measured = ratio(number=2_000, repeat=9)
    print(f"late_penalties / baseline = {measured:.2f}")
    assert measured <= 3.0


if __name__ == "__main__":
    print(f"late_penalties / baseline = {ratio():.2f}")
