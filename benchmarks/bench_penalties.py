"""
Benchmark: ``late_penalties`` against the minimal *bisecting* Decimal loop a good engineer writes.

The baseline finds the first rate period by bisection over the precomputed period starts of the
statutory table, then walks the periods the delay covers, splitting at each partial payment
(applied at the end of its day, to the accrued interest first, C. civ. 1343-1), computing
``balance × rate × days / 36 500`` per line, rounded half-up to the cent.  No validation, no
lines kept, no findings: just the interest.  The library is reduced to the same figure
(``.interest``), on invoices late across 1 to 10 half-years, with and without partial payments.

The issue's budget: ``late_penalties`` within 2 × the baseline.  Both are measured in the same
run, interleaved::

    make bench
    # the ratios alone:  .venv/bin/python benchmarks/bench_penalties.py

Under ``make test`` (``--benchmark-disable``) these run once each as smoke tests: the figures
agree, no time is asserted.
"""

from __future__ import annotations

import timeit
from bisect import bisect_right
from collections.abc import Sequence
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest

from dunning_core.interest import Payment, late_penalties
from dunning_core.rates import default_rates

PRINCIPAL = Decimal("12345.67")
PAID_ON = date(2025, 11, 20)  # in 2025-H2
CENT = Decimal("0.01")
ZERO = Decimal("0.00")
DAY = timedelta(days=1)
HALF_YEARS = range(1, 11)

# The precomputed table of the baseline: period starts (for bisection), ends, rates in percent.
_PERIODS = default_rates().statutory.periods
STARTS: tuple[date, ...] = tuple(p.start for p in _PERIODS)
ENDS: tuple[date, ...] = tuple(p.end for p in _PERIODS)
RATES: tuple[Decimal, ...] = tuple(p.rate for p in _PERIODS)


def baseline(
    principal: Decimal, due_on: date, paid_on: date, payments: Sequence[tuple[date, Decimal]] = ()
) -> Decimal:
    """The minimal bisecting loop: the interest only, payments to accrued interest first."""
    cursor = due_on + DAY
    index = bisect_right(STARTS, cursor) - 1
    balance, accrued, total = principal, ZERO, ZERO
    pays = iter(payments)
    pay_on, pay_amount = next(pays, (date.max, ZERO))
    while True:
        last = min(ENDS[index], paid_on)
        rate = RATES[index]
        while cursor <= last:
            end = min(pay_on, last)
            days = (end - cursor).days + 1
            value = (balance * rate * days / 36500).quantize(CENT, rounding=ROUND_HALF_UP)
            total += value
            accrued += value
            if end == pay_on:
                to_interest = min(pay_amount, accrued)
                accrued -= to_interest
                balance -= pay_amount - to_interest
                pay_on, pay_amount = next(pays, (date.max, ZERO))
            cursor = end + DAY
        if last == paid_on:
            return total
        index += 1


def scenario(half_years: int, with_payments: bool) -> tuple[date, tuple[tuple[date, Decimal], ...]]:
    """The due date of an invoice late across *half_years* half-years, and its payments."""
    year, month = 2025, 8  # mid 2025-H2, then back half-year by half-year
    for _ in range(half_years - 1):
        year, month = (year, 2) if month == 8 else (year - 1, 8)
    due_on = date(year, month, 10)
    if not with_payments:
        return due_on, ()
    # One payment in the first half-year, one in the middle one (a single one when they meet).
    middle = due_on + timedelta(days=(PAID_ON - due_on).days // 2)
    days = sorted({due_on + timedelta(days=20), middle})
    return due_on, tuple((day, Decimal("1000.00")) for day in days)


def library(
    principal: Decimal, due_on: date, paid_on: date, payments: Sequence[Payment] = ()
) -> Decimal:
    """The library call, reduced to the same figure."""
    return late_penalties(principal, due_on, paid_on, payments=payments).interest


CASES = [(n, p) for n in HALF_YEARS for p in (False, True)]


def _args(half_years: int, with_payments: bool) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    due_on, pays = scenario(half_years, with_payments)
    payments = tuple(Payment(on=day, amount=amount) for day, amount in pays)
    return (PRINCIPAL, due_on, PAID_ON, pays), (PRINCIPAL, due_on, PAID_ON, payments)


@pytest.mark.parametrize(("half_years", "with_payments"), CASES)
def test_same_figure(half_years: int, with_payments: bool) -> None:
    """Both compute the same interest over the same number of lines, so the comparison is fair."""
    base_args, lib_args = _args(half_years, with_payments)
    breakdown = late_penalties(*lib_args[:3], payments=lib_args[3])
    assert breakdown.interest == baseline(*base_args)
    assert half_years == len({(line.start.year, line.start.month > 6) for line in breakdown.lines})
    assert with_payments == bool(breakdown.interest_paid)


def ratio(half_years: int, with_payments: bool, number: int = 200, repeat: int = 60) -> float:
    """
    Best-of-*repeat* time of the library over the baseline's, interleaved: many short batches
    (a few milliseconds each), so that on a shared machine some of each run undisturbed.
    """
    base_args, lib_args = _args(half_years, with_payments)
    base = timeit.Timer(lambda: baseline(*base_args))
    lib = timeit.Timer(lambda: library(*lib_args))
    base_best = lib_best = float("inf")
    for _ in range(repeat):  # interleaved, so that a noisy moment hits both
        base_best = min(base_best, base.timeit(number))
        lib_best = min(lib_best, lib.timeit(number))
    return lib_best / base_best


@pytest.mark.parametrize("with_payments", [False, True])
def test_bench_baseline(benchmark: Any, with_payments: bool) -> None:
    """The baseline on 4 half-years (pytest-benchmark's table)."""
    benchmark.group = f"penalties, 4 half-years, payments={with_payments}"
    base_args, lib_args = _args(4, with_payments)
    assert library(*lib_args) == benchmark(baseline, *base_args)


@pytest.mark.parametrize("with_payments", [False, True])
def test_bench_late_penalties(benchmark: Any, with_payments: bool) -> None:
    """The library on 4 half-years (pytest-benchmark's table)."""
    benchmark.group = f"penalties, 4 half-years, payments={with_payments}"
    base_args, lib_args = _args(4, with_payments)
    assert baseline(*base_args) == benchmark(library, *lib_args)


def ratios(number: int, repeat: int) -> dict[tuple[int, bool], float]:
    """The ratio of every scenario, 1 to 10 half-years, with and without payments."""
    return {case: ratio(*case, number=number, repeat=repeat) for case in CASES}


def report(measured: dict[tuple[int, bool], float]) -> str:
    rows = ["half-years  no payment  with payments   (late_penalties / bisecting loop)"]
    for n in HALF_YEARS:
        rows.append(f"{n:10}  {measured[n, False]:10.2f}  {measured[n, True]:13.2f}")
    return "\n".join(rows)


def test_ratios(benchmark: Any) -> None:
    """Every ratio, printed beside the budget of 2 (a figure, not a pass/fail: the host is noisy)."""
    benchmark.group = "ratio"
    _, lib_args = _args(10, True)
    benchmark(library, *lib_args)  # so that --benchmark-only runs this test
    if benchmark.disabled:  # a smoke test under make test: no timing
        return
    print("\n" + report(ratios(number=200, repeat=40)) + "\n(budget: 2.00)")


if __name__ == "__main__":
    print(report(ratios(number=200, repeat=60)))
