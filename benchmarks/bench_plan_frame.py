"""
Benchmark: the columnar planner (``frames.plan_frame``) against ``next_actions`` case by case, and
the fold of recorded events (``frames.fold_events``) against building a ``Case`` per invoice, on
1,000,000 invoices, in the same run.

The portfolio is a ledger as a credit manager holds it, generated deterministically: 60 % of the
invoices are not yet due (just opened), 32 % are up to 75 days late with the policy's steps
recorded on their days (by following ``next_actions``: reminders, the formal notice received two
days after it is sent; the cases handed over are left out), and 8 % are the 19 open cases of the
shipped sample with more than reminders, one promise, part payments and a formal notice
received (each about as often): 7 open disputes, 3 resolved ones (two amicable, one after a
formal notice), 3 payment plans, 4 formal notices refused and served again (two with the
principal since paid: penalties owed), one case handed over (principal paid), one claim filed.
Both planners plan the same cases: the fold puts the disputes, the payment plans, the notices
served again and the principals paid on columns, the other two (a hand-over, a claim) go
through ``next_actions`` (``plan_frame``'s ``case`` column).  Every segment is there.

* **planning**: ``next_actions`` for every case (the cases built beforehand, not timed) against
  ``plan_frame`` on the folded frame, checked equal first; the issue's target is at least
  10 × ``next_actions``.  Beside them, the speed ceiling: a plain vectorized numpy ladder on the
  same frame (the latest step whose day has come, from the due date and segment alone: no
  history, caps, gaps, pauses or time limit);
* **folding**: from the same frame of events (the portfolio file's columns, as ``read_csv`` or
  Parquet give them), the planner's columns by ``fold_events`` against the plain code that builds
  a ``Case`` per invoice (``Case.open`` and ``apply`` for each event: what planning case by case
  needs first), on the invoices whose events are contacts (the others are replayed on both
  paths).

Under ``make test`` (``--benchmark-disable``) this runs on 2,000 invoices as a smoke test::

    make bench
    # the figures alone:  .venv/bin/python benchmarks/bench_plan_frame.py [size [repeats [plan,fold]]]
"""

from __future__ import annotations

import functools
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import attrs
import numpy as np
import pandas as pd
import pytest

from dunning_core.frames import PLANNED_COLUMNS, events_frame, fold_events, plan_frame
from dunning_core.machine import (
    Case,
    ContactMade,
    CreditNoteIssued,
    Delivery,
    FormalNoticeDelivered,
    FormalNoticeSent,
    InvoiceOpened,
    PaymentReceived,
    PromiseToPay,
    ProofRecorded,
    apply,
    next_actions,
)
from dunning_core.policy import Channel, DebtorSegment, StepKind, french_default
from dunning_core.portfolio_io import read_portfolio, sample_portfolio_text

SIZE = 1_000_000
SMOKE = 2_000
TODAY = date(2026, 3, 16)
ONE = timedelta(days=1)
POLICY = french_default()
TARGET = 10.0  # plan_frame / next_actions, the floor
SEGMENTS = tuple(DebtorSegment)


def _followed(segment: DebtorSegment, late: int, amount: Decimal) -> Case:
    """A case due *late* days before TODAY whose planned reminders were done on their days."""
    due = TODAY - timedelta(days=late)
    case = Case.open("T", amount, due - timedelta(days=30), due_on=due, segment=segment)
    day = case.last_on
    while day < TODAY:
        notice = case.formal_notice
        if notice is not None and case.delivery is None and day == notice.on + 2 * ONE:
            case = apply(case, FormalNoticeDelivered(day), POLICY)  # the receipt, two days on
        for action in next_actions(case, POLICY, day):
            if not action.blocked:
                case = apply(case, action.to_event(day), POLICY)
        day += ONE
    return case


@functools.cache
def templates() -> tuple[tuple[Case, ...], tuple[Case, ...], tuple[Case, ...]]:
    """Just opened, followed reminders, and the sample's complex open cases."""
    amounts = (Decimal("480.00"), Decimal("5200.00"))
    fresh = tuple(
        Case.open(
            "T", a, TODAY - timedelta(days=d % 30), due_on=TODAY + timedelta(days=d), segment=s
        )
        for s in SEGMENTS
        for d in range(1, 61)
        for a in amounts
    )
    followed = [_followed(s, d, a) for s in SEGMENTS for d in range(1, 76) for a in amounts]
    sample = read_portfolio(sample_portfolio_text()).cases
    return fresh, _columnar(followed), tuple(c for c in sample if _complex(c))


_SIMPLE_KINDS = frozenset((InvoiceOpened, ContactMade, PaymentReceived, CreditNoteIssued))
_SIMPLE_KINDS |= {FormalNoticeSent, FormalNoticeDelivered, ProofRecorded, PromiseToPay}


def _complex(case: Case) -> bool:
    """
    An open case with more than reminders, one promise, part payments and a formal notice
    received: a dispute, a payment plan, a notice refused and served again, the principal paid
    (penalties owed), a hand-over, a claim.
    """
    refused = any(
        isinstance(e, FormalNoticeDelivered) and e.outcome is Delivery.REFUSED for e in case.events
    )
    kinds = {type(e) for e in case.events}
    return not case.stage.terminal and (bool(kinds - _SIMPLE_KINDS) or refused or not case.balance)


def _columnar(cases: Any) -> tuple[Case, ...]:
    """The open cases that the fold puts on columns."""
    found = fold_events(events_frame(renamed(cases)), POLICY)["case"].isna().to_numpy()
    return tuple(
        c for c, simple in zip(cases, found, strict=True) if simple and not c.stage.terminal
    )


def renamed(cases: Any) -> list[Case]:
    return [_renamed(case, f"T-{i:05d}") for i, case in enumerate(cases)]


def _renamed(case: Case, reference: str) -> Case:
    return Case((attrs.evolve(case.opening, reference=reference), *case.events[1:]), case.stages)


@functools.cache
def portfolio(size: int) -> tuple[tuple[Case, ...], Any, dict[str, Case]]:
    """*size* cases, their events as a frame, and the complex ones by reference."""
    fresh, late, complex_ = templates()
    cases = []
    for i in range(size):
        slot = i % 100
        pool = fresh if slot < 60 else late if slot < 92 else complex_
        cases.append(_renamed(pool[(i * 7_919) % len(pool)], f"F-{i:07d}"))
    # The events frame: each template's rows, repeated under the new references.
    index = {id(case): k for k, case in enumerate((*fresh, *late, *complex_))}
    rows = events_frame(renamed((*fresh, *late, *complex_))).astype(object)
    counts = rows.groupby("invoice", sort=False).size().to_numpy()
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    chosen = []
    for i in range(size):
        slot = i % 100
        pool = fresh if slot < 60 else late if slot < 92 else complex_
        chosen.append(index[id(pool[(i * 7_919) % len(pool)])])
    chosen_ = np.array(chosen)
    lengths = counts[chosen_]
    take = np.repeat(starts[chosen_] - np.concatenate([[0], np.cumsum(lengths)[:-1]]), lengths)
    take += np.arange(int(lengths.sum()))
    events = rows.iloc[take].reset_index(drop=True)
    events["invoice"] = np.repeat(np.array([c.reference for c in cases], dtype=object), lengths)
    known = {c.reference: c for i, c in enumerate(cases) if i % 100 >= 92}
    return tuple(cases), events, known


def foldable(size: int) -> Any:
    """The events of the invoices whose events are contacts (those the fold puts on columns)."""
    _, events, known = portfolio(size)
    return events[~events["invoice"].isin(known)].reset_index(drop=True)


def scalar_plan(cases: tuple[Case, ...]) -> int:
    """``next_actions`` for every case; the number of actions due."""
    policy = POLICY
    return sum(len(next_actions(case, policy, TODAY)) for case in cases)


def columnar_plan(frame: Any) -> int:
    """``plan_frame`` on the folded frame; the number of actions due."""
    return int(plan_frame(frame, POLICY, TODAY)["action"].notna().sum())


@functools.cache
def _ladders() -> tuple[Any, ...]:
    """Per segment, the day offsets of its schedule's steps from the due date, in order (the
    penalty claim, which counts from the last payment, left out)."""
    return tuple(
        np.array(
            [r.step.offset for r in POLICY.plan_table(s) if r.kind is not StepKind.PENALTY_CLAIM],
            dtype=np.int64,
        )
        for s in SEGMENTS
    )


def ladder_plan(frame: Any) -> int:
    """
    The plain ladder, the speed ceiling: per segment, the latest step of the schedule whose
    day (the due date plus its offset, calendar days) has come, from the due date alone; no
    history, caps, gaps, pauses, business days, amounts or time limit.  The number of rows with
    a step.
    """
    due = frame["due_on"].to_numpy().astype("datetime64[D]").astype(np.int64)
    late = (np.datetime64(TODAY, "D").astype(np.int64) - due).astype(np.int64)
    found, names = pd.factorize(frame["segment"])
    codes = np.array([SEGMENTS.index(DebtorSegment(name)) for name in names], np.int64)[found]
    step = np.full(len(due), -1, dtype=np.int64)
    for code, offsets in enumerate(_ladders()):
        mine = codes == code
        step[mine] = np.searchsorted(offsets, late[mine], side="right") - 1
    return int((step >= 0).sum())


def build_cases(events: Any) -> list[Case]:
    """The plain code: a ``Case`` per invoice (``Case.open``, then ``apply`` for each event)."""
    columns = [
        events[name].tolist()
        for name in ("invoice", "record", "date", "amount", "due_on", "segment", "channel", "step")
    ]
    cases: dict[str, Case] = {}
    parse = date.fromisoformat
    for invoice, record, on, amount, due_on, segment, channel, step in zip(*columns, strict=True):
        if record == "invoice":
            cases[invoice] = Case.open(
                invoice,
                amount,
                parse(on),
                due_on=parse(due_on),
                segment=DebtorSegment(segment) if isinstance(segment, str) else SEGMENTS[0],
            )
            continue
        named = step if isinstance(step, str) else None
        if record == "contact_made":
            event: Any = ContactMade(parse(on), Channel(channel), named)
        elif record == "formal_notice_sent":
            event = FormalNoticeSent(parse(on), Channel(channel), named)
        else:
            event = FormalNoticeDelivered(parse(on))
        cases[invoice] = apply(cases[invoice], event, POLICY)
    return list(cases.values())


def folded(events: Any) -> Any:
    return fold_events(events, POLICY)


def planner_frame(size: int) -> Any:
    _, events, known = portfolio(size)
    return fold_events(events, POLICY, cases=known)


def check_same(size: int) -> None:
    """plan_frame gives next_actions' actions, case by case (before anything is timed): the step,
    channel, stage, due date and whether it is blocked."""
    cases, _, _ = portfolio(size)
    out = plan_frame(planner_frame(size), POLICY, TODAY)
    columns = [out[name].tolist() for name in PLANNED_COLUMNS]
    for case, *row in zip(cases, *columns, strict=True):
        actions = next_actions(case, POLICY, TODAY)
        got = tuple(None if pd.isna(value) else value for value in row)
        if not actions:
            assert got[:4] == (None, None, None, None), case.reference
            assert not got[4], case.reference
            continue
        action = actions[0]
        channel = None if action.channel is None else action.channel.value
        assert got[0] == action.step.name, case.reference
        assert got[1] == channel, case.reference
        assert got[2] == action.stage.value, case.reference
        assert got[3].date() == action.due_on, case.reference
        assert bool(got[4]) == action.blocked, case.reference


def best(function: Any, argument: Any, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function(argument)
        times.append(time.perf_counter() - start)
    return min(times)


def ratios(size: int = SIZE, repeat: int = 3, parts: str = "plan,fold") -> dict[str, float]:
    """Best-of-*repeat* seconds of each path, interleaved, and the ratios."""
    runs: dict[str, tuple[Any, Any]] = {}
    if "plan" in parts:
        runs["scalar"] = (scalar_plan, portfolio(size)[0])
        runs["columnar"] = (columnar_plan, planner_frame(size))
        runs["ladder"] = (ladder_plan, planner_frame(size))
    if "fold" in parts:
        events = foldable(size)
        runs["build"] = (build_cases, events)
        runs["fold"] = (folded, events)
    times: dict[str, list[float]] = {k: [] for k in runs}
    for _ in range(repeat):  # interleaved, so that a noisy moment hits both
        for name, (function, argument) in runs.items():
            times[name].append(best(function, argument, 1))
    found = {k: min(v) for k, v in times.items()}
    if "plan" in parts:
        found["plan ratio"] = found["scalar"] / found["columnar"]
        found["ceiling ratio"] = found["columnar"] / found["ladder"]
    if "fold" in parts:
        found["fold ratio"] = found["build"] / found["fold"]
    return found


def report(
    size: int = SIZE, repeat: int = 3, parts: str = "plan,fold"
) -> tuple[str, dict[str, float]]:
    check_same(min(size, 20_000))
    found = ratios(size, repeat, parts)
    lines = [f"{size:,} cases planned on {TODAY}"]
    if "plan" in parts:
        plan = f"next_actions / plan_frame = {found['plan ratio']:.1f}"
        ceiling = f"plan_frame / plain ladder = {found['ceiling ratio']:.1f}"
        lines.append(f"next_actions per case   {found['scalar']:8.3f} s")
        lines.append(f"plan_frame              {found['columnar']:8.3f} s   {plan}")
        lines.append(f"plain numpy ladder      {found['ladder']:8.3f} s   {ceiling}")
    if "fold" in parts:
        folded_count = len(foldable(size).drop_duplicates("invoice"))
        fold = f"Case per invoice / fold_events = {found['fold ratio']:.1f}"
        lines.append(f"{folded_count:,} invoices folded on columns")
        lines.append(f"a Case per invoice      {found['build']:8.3f} s")
        lines.append(f"fold_events             {found['fold']:8.3f} s   {fold}")
    return "\n".join(lines), found


def test_same_actions_smoke() -> None:
    """plan_frame equals next_actions on the smoke portfolio (every part of the mix)."""
    check_same(SMOKE)
    cases, _, known = portfolio(SMOKE)
    assert len(cases) == SMOKE
    assert len(known) == SMOKE * 8 // 100
    assert len(build_cases(foldable(SMOKE))) == SMOKE - len(known)


@pytest.mark.parametrize(
    "path", ["next_actions", "plan_frame", "plain_ladder", "build_cases", "fold_events"]
)
def test_bench_planning(benchmark: Any, path: str) -> None:
    """Each path once (1,000,000 invoices under make bench, 2,000 as a smoke test)."""
    benchmark.group = "plan_frame, 1,000,000 cases"
    size = SMOKE if benchmark.disabled else SIZE
    cases, _, _ = portfolio(size)
    run, argument = {
        "next_actions": (scalar_plan, cases),
        "plan_frame": (columnar_plan, planner_frame(size) if path == "plan_frame" else None),
        "plain_ladder": (ladder_plan, planner_frame(size) if path == "plain_ladder" else None),
        "build_cases": (build_cases, foldable(size) if path == "build_cases" else None),
        "fold_events": (folded, foldable(size) if path == "fold_events" else None),
    }[path]
    assert benchmark.pedantic(run, args=(argument,), rounds=1, iterations=1) is not None


def test_report(benchmark: Any) -> None:
    """The ratios (printed; run with -s), and the issue's target for planning."""
    benchmark.group = "report"
    benchmark(lambda: None)  # so that --benchmark-only runs this test
    if benchmark.disabled:
        return
    text, found = report()
    print("\n" + text)
    assert found["plan ratio"] >= TARGET


if __name__ == "__main__":
    size, repeat, parts = (sys.argv[1:] + [str(SIZE), "3", "plan,fold"][len(sys.argv) - 1 :])[:3]
    print(report(int(size), int(repeat), parts)[0])
