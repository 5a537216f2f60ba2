"""
Benchmark: ``next_actions`` over a portfolio of 100,000 cases, against a plain reminder ladder.

The issue's budget: a plain reminder-ladder planner (an offset table and an "already sent" set)
"plans about 200,000 invoices per second on one core"; ``next_actions`` does far more (segments,
stages, caps, pauses, disputes, the formal notice and its delivery, the minimum gap, reasons) but
must stay in that league: **at least 100,000 cases per second**, which the last test asserts.  The
ratio to the plain planner is printed and recorded in ``docs/portfolio.md``; on a fast core the
plain planner runs well above 200,000 invoices per second, so the ratio is larger than 2.
Penalty amounts are not part of it: they are computed only when an action's amounts are read.

The portfolio is the open cases of the shipped sample (realistic histories: reminders, promises,
disputes, payment plans, formal notices...) repeated under new invoice numbers up to 100,000 cases,
planned for the sample's date.  Building the cases is not timed.  Both planners are measured in
the same run::

    make bench
    # or: .venv/bin/python -m pytest benchmarks --benchmark-enable --benchmark-only -q -s
    # the figures alone:  .venv/bin/python benchmarks/bench_planner.py
"""

from __future__ import annotations

import dataclasses
import functools
import time
from datetime import date, timedelta
from typing import Any

import attrs

from dunning_core.machine import Case, next_actions
from dunning_core.policy import DebtorSegment, Policy, french_default
from dunning_core.portfolio_io import SAMPLE_DATE, read_portfolio, sample_portfolio_text

SIZE = 100_000
TODAY = SAMPLE_DATE
POLICY = french_default()

TARGET = 100_000  # cases per second, the floor for next_actions


@dataclasses.dataclass(frozen=True, slots=True)
class Invoice:
    """What the plain planner knows of an invoice."""

    reference: str
    due_on: date
    sent: frozenset[str]  # the steps already sent
    last_contact: date | None


# The plain planner's action: reference, step, channel, due date.
PlainAction = tuple[str, str, str | None, date]


@functools.cache
def portfolio() -> tuple[Case, ...]:
    """100,000 cases: the sample's open cases, repeated under new invoice numbers."""
    sample = [c for c in read_portfolio(sample_portfolio_text()).cases if not c.stage.terminal]
    cases = []
    for index in range(SIZE):
        case = sample[index % len(sample)]
        opening = attrs.evolve(case.opening, reference=f"F-{index:06d}")
        cases.append(Case((opening, *case.events[1:]), case.stages))
    return tuple(cases)


@functools.cache
def invoices() -> tuple[Invoice, ...]:
    """The same portfolio as the plain planner sees it."""
    return tuple(
        Invoice(c.reference, c.due_on, frozenset(c.steps_done), c.last_contact_on)
        for c in portfolio()
    )


def _ladder(policy: Policy) -> tuple[tuple[str, timedelta, str | None], ...]:
    return tuple(
        (s.name, timedelta(days=s.offset), s.channel.value if s.channel else None)
        for s in policy.schedule(DebtorSegment.STANDARD)
    )


LADDER = _ladder(POLICY)


def plain_next(invoice: Invoice, today: date) -> PlainAction | None:
    """The plain reminder ladder: the first step not sent yet, if its day has come."""
    for name, offset, channel in LADDER:
        if name in invoice.sent:
            continue
        on = invoice.due_on + offset
        if on <= today and invoice.last_contact != today:
            return (invoice.reference, name, channel, on)
        return None
    return None


def baseline(items: tuple[Invoice, ...], today: date) -> int:
    """The plain planner for every invoice; the number of actions due."""
    return sum(1 for invoice in items if plain_next(invoice, today) is not None)


def library(cases: tuple[Case, ...], today: date) -> int:
    """``next_actions`` for every case; the number of actions due."""
    policy = POLICY
    return sum(len(next_actions(case, policy, today)) for case in cases)


def test_bench_baseline(benchmark: Any) -> None:
    benchmark.group = "planner, 100,000 cases"
    items = invoices()
    assert benchmark.pedantic(baseline, args=(items, TODAY), rounds=5, iterations=1) > 0


def test_bench_next_actions(benchmark: Any) -> None:
    benchmark.group = "planner, 100,000 cases"
    cases = portfolio()
    assert benchmark.pedantic(library, args=(cases, TODAY), rounds=5, iterations=1) > 0


def throughput(repeat: int = 5) -> tuple[float, float]:
    """Best-of-*repeat* cases per second of the baseline and of ``next_actions``, interleaved."""
    cases, items = portfolio(), invoices()
    base, lib = [], []
    for _ in range(repeat):  # interleaved, so that a noisy moment hits both
        start = time.perf_counter()
        baseline(items, TODAY)
        base.append(time.perf_counter() - start)
        start = time.perf_counter()
        library(cases, TODAY)
        lib.append(time.perf_counter() - start)
    return SIZE / min(base), SIZE / min(lib)


def test_throughput_within_budget(benchmark: Any) -> None:
    """next_actions plans at least 100,000 cases per second (run with -s to see the figures)."""
    benchmark.group = "ratio"
    benchmark.pedantic(library, args=(portfolio(), TODAY), rounds=1, iterations=1)
    if benchmark.disabled:  # a smoke test under make test: nothing is timed
        return
    base, lib = throughput()
    print(
        f"\nbaseline {base:,.0f} cases/s, next_actions {lib:,.0f} cases/s, "
        f"baseline / next_actions = {base / lib:.2f}"
    )
    assert lib >= TARGET


if __name__ == "__main__":
    base, lib = throughput()
    print(f"baseline      {base:>10,.0f} cases/s")
    print(f"next_actions  {lib:>10,.0f} cases/s")
    print(f"ratio         {base / lib:>10.2f} (baseline / next_actions)")
