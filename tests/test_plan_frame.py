"""The columnar planner (frames.plan_frame) and the fold of recorded events (frames.fold_events):
the same actions as next_actions, case by case, on generated portfolios with every event kind."""

from __future__ import annotations

import contextlib
import io
import re
from datetime import date, timedelta
from decimal import ROUND_DOWN, Decimal
from typing import Any

import attrs
import pandas as pd
import pytest
from hypothesis import given, note
from hypothesis import strategies as st

from dunning_core import strategies as ds
from dunning_core.errors import DunningError, InvalidArgument, InvalidDate
from dunning_core.frames import (
    AMOUNT_COLUMNS,
    PLANNED_COLUMNS,
    contact_column,
    fold_events,
    plan_frame,
)
from dunning_core.machine import (
    EVENT_TYPES,
    AlternativeResolutionStarted,
    Case,
    ClaimDeclared,
    CollectiveProcedure,
    CollectiveProcedureOpened,
    ContactMade,
    CreditNoteIssued,
    Delivery,
    DisputeOpened,
    DisputeResolved,
    ForeclosureReliefRequested,
    FormalNoticeDelivered,
    FormalNoticeSent,
    Instalment,
    PaymentPlanAgreed,
    PaymentReceived,
    PenaltiesWaived,
    PromiseToPay,
    apply,
    next_actions,
)
from dunning_core.machine import _schedule as rules
from dunning_core.policy import (
    Backlog,
    Cap,
    Channel,
    DebtorSegment,
    Policy,
    Stage,
    french_default,
)
from dunning_core.portfolio_io import SAMPLE_DATE, dump_portfolio, read_portfolio
from dunning_core.portfolio_io import sample_portfolio_text as sample

POLICY = french_default()
JUMP = attrs.evolve(POLICY, backlog=Backlog.JUMP_TO_LATEST)


def expected(cases: list[Case], policy: Policy, today: date) -> list[tuple[Any, ...]]:
    """next_actions, case by case, as (step, channel, stage, due_on, blocked)."""
    rows: list[tuple[Any, ...]] = []
    for case in cases:
        actions = next_actions(case, policy, today)
        if not actions:
            rows.append((None, None, None, None, False))
            continue
        (action,) = actions
        channel = None if action.channel is None else action.channel.value
        rows.append((action.step.name, channel, action.stage.value, action.due_on, action.blocked))
    return rows


def planned(out: pd.DataFrame) -> list[tuple[Any, ...]]:
    """plan_frame's rows in the same form."""
    rows: list[tuple[Any, ...]] = []
    for action, channel, stage, due_on, blocked in zip(
        *(out[name].tolist() for name in PLANNED_COLUMNS), strict=True
    ):
        rows.append(
            (
                None if pd.isna(action) else action,
                None if pd.isna(channel) else channel,
                None if pd.isna(stage) else stage,
                None if pd.isna(due_on) else due_on.date(),
                bool(blocked),
            )
        )
    return rows


def renamed(cases: list[Case]) -> list[Case]:
    """The cases under distinct invoice numbers (a portfolio names each invoice once)."""
    return [
        Case((attrs.evolve(case.opening, reference=f"F-{i:05d}"), *case.events[1:]), case.stages)
        for i, case in enumerate(cases)
    ]


def events_of(cases: list[Case]) -> pd.DataFrame:
    """The cases as a pipeline reads them: the portfolio file, read by pandas (text cells)."""
    return pd.read_csv(io.StringIO(dump_portfolio(cases)), dtype=str)


def day_after(cases: list[Case], days: int) -> date:
    return max(case.last_on for case in cases) + timedelta(days=days)


def opened_frame(cases: list[Case]) -> pd.DataFrame:
    """Invoices just opened, as from_frame reads them."""
    return pd.DataFrame(
        {
            "reference": [c.reference for c in cases],
            "amount": [c.amount for c in cases],
            "issued_on": [c.issued_on for c in cases],
            "due_on": [c.due_on for c in cases],
            "opened_on": [c.opening.on for c in cases],
            "segment": [c.segment.value for c in cases],
        }
    )


@st.composite
def followed(draw: st.DrawFn, policy: Policy = POLICY) -> Case:
    """
    A case as a credit manager's ledger holds it: the planned steps done on their days (most of
    them), and on the way a dispute opened and resolved, a formal notice received, left
    unclaimed or refused and served again, a promise, a partial payment, a payment plan whose
    instalments are paid (or not).
    """
    case = Case.from_opening(draw(ds.invoice_openings()))
    day = case.last_on
    for _ in range(draw(st.integers(0, 40))):
        day += timedelta(days=draw(st.integers(1, 9)))
        roll = draw(st.integers(0, 99))
        events: list[Any] = []
        if case.dispute is not None:
            events = [DisputeResolved(day)] if roll < 40 else []
        elif roll < 6:
            events = [DisputeOpened(day)]
        elif case.formal_notice is not None and case.delivery is None and roll < 70:
            events = [FormalNoticeDelivered(day, draw(st.sampled_from(Delivery)))]
        elif roll < 9:
            events = [PromiseToPay(day, day + timedelta(days=draw(st.integers(0, 30))))]
        elif roll < 12 and case.balance > 1:
            events = [PaymentReceived(day, (case.balance / 3).quantize(Decimal("0.01")))]
        elif roll < 15 and case.plan is None and case.balance > 0:
            events = [plan_of(case.balance, day, draw(st.integers(1, 3)), draw(st.integers(0, 20)))]
        elif case.plan is not None and case.balance > 0 and roll < 30:  # an instalment paid
            paid = min(case.plan.instalments[0].amount, case.balance)
            events = [PaymentReceived(day, paid)]
        elif roll < 90:
            events = [a.to_event(day) for a in next_actions(case, policy, day) if not a.blocked]
        for event in events:
            with contextlib.suppress(DunningError):  # refused on that day: not recorded
                case = apply(case, event, policy)
        if case.stage.terminal:
            break
    return case


def plan_of(balance: Decimal, day: date, count: int, wait: int) -> PaymentPlanAgreed:
    """A plan of *count* monthly instalments for *balance*, the first *wait* days after *day*."""
    part = (balance / count).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
    if part <= 0:
        count, part = 1, balance
    amounts = [part] * (count - 1) + [balance - part * (count - 1)]
    first = day + timedelta(days=wait)
    return PaymentPlanAgreed(
        day, tuple(Instalment(first + timedelta(days=30 * k), a) for k, a in enumerate(amounts))
    )


class TestDifferential:
    @given(
        st.lists(ds.invoice_openings(), min_size=1, max_size=12),
        st.sampled_from([POLICY, JUMP]),
        st.integers(-10, 400),
    )
    def test_invoices_just_opened(self, openings: list[Any], policy: Policy, days: int) -> None:
        """Invoices just opened: the actions of next_actions, on columns."""
        cases = renamed([Case.from_opening(opening) for opening in openings])
        today = max(day_after(cases, days), max(c.last_on for c in cases))
        assert expected(cases, policy, today) == planned(
            plan_frame(opened_frame(cases), policy, today)
        )

    @given(
        st.lists(ds.cases(max_events=10), min_size=1, max_size=8),
        st.integers(0, 200),
        st.booleans(),
    )
    def test_recorded_histories(self, drawn: list[Case], days: int, jump: bool) -> None:
        """Cases of every event kind, written as a portfolio file, read by pandas, folded and
        planned on columns: what next_actions plans for each case."""
        cases = renamed(drawn)
        note(str([type(e).__name__ for c in cases for e in c.events[1:]]))
        today = day_after(cases, days)
        policy = JUMP if jump else POLICY
        folded = fold_events(events_of(cases), policy)
        assert expected(cases, policy, today) == planned(plan_frame(folded, policy, today))

    @given(
        ds.policies().flatmap(
            lambda p: st.tuples(st.just(p), st.lists(ds.cases(policy=p, max_events=8), max_size=6))
        ),
        st.integers(0, 120),
    )
    def test_generated_policies(self, drawn: tuple[Policy, list[Case]], days: int) -> None:
        """Any valid policy is compiled to the same plan (steps, caps, gaps, business days)."""
        policy, found = drawn
        cases = renamed(found)
        if not cases:
            return
        today = day_after(cases, days)
        folded = fold_events(events_of(cases), policy)
        assert expected(cases, policy, today) == planned(plan_frame(folded, policy, today))

    @given(st.lists(followed(), min_size=1, max_size=8), st.integers(0, 90), st.booleans())
    def test_followed_ledgers(self, drawn: list[Case], days: int, jump: bool) -> None:
        """Ledgers whose steps were followed, with disputes, promises, payments and notices
        received, unclaimed or refused and served again on the way: planned equal."""
        cases = renamed(drawn)
        policy = JUMP if jump else POLICY
        folded = fold_events(events_of(cases), policy)
        for later in (0, 1, days):
            today = day_after(cases, later)
            assert expected(cases, policy, today) == planned(plan_frame(folded, policy, today))

    def test_sample_portfolio(self) -> None:
        """The shipped sample (histories of every common kind), folded and planned."""
        cases = list(read_portfolio(sample()).cases)
        kinds = {type(e) for c in cases for e in c.events}
        assert len(kinds) >= 12
        folded = fold_events(events_of(cases), POLICY)
        assert folded["case"].isna().sum() > 80  # the open ones with only contacts: on columns
        plans = [c.plan is not None and not c.stage.terminal for c in cases]
        assert sum(plans) >= 3
        assert folded["case"][plans].isna().all()  # the plans: a pause on columns
        out = plan_frame(folded, POLICY, SAMPLE_DATE)
        assert expected(cases, POLICY, SAMPLE_DATE) == planned(out)
        assert out["action"].notna().sum() > 20

    def test_every_event_kind_is_planned_equal(self) -> None:
        """The sample's cases and a case for each kind it lacks: every event kind, planned equal
        on the days after each case's last event."""
        cases = [*read_portfolio(sample()).cases, *rare_cases()]
        assert {type(e) for c in cases for e in c.events} == set(EVENT_TYPES)
        cases = renamed(cases)
        folded = fold_events(events_of(cases), POLICY)
        for days in (0, 1, 20, 70):
            today = day_after(cases, days)
            assert expected(cases, POLICY, today) == planned(plan_frame(folded, POLICY, today))


def plan_cases(policy: Policy) -> list[Case]:
    """Payment plans on track, paid late (within the grace days or not), broken and followed by
    reminders, agreed after a formal notice received."""
    opening = Case.open("x", Decimal(900), date(2025, 1, 2), due_on=date(2025, 2, 1))
    plan = plan_of(Decimal(900), date(2025, 2, 20), 3, 10)  # 300 on 03-02, 04-01, 05-01
    paid = [PaymentReceived(date(2025, 3, 1), 300), PaymentReceived(date(2025, 4, 3), 300)]
    email = ContactMade(date(2025, 2, 6), Channel.EMAIL, "reminder_email_1")
    notice = [
        FormalNoticeSent(date(2025, 2, 10), step="formal_notice"),
        FormalNoticeDelivered(date(2025, 2, 12)),
    ]
    histories: list[list[Any]] = [
        [plan],
        [email, plan, *paid],
        [email, plan, paid[0]],
        [plan, PaymentReceived(date(2025, 3, 20), 300)],  # the first instalment paid late
        [*notice, plan, paid[0]],
        [*notice, plan],
    ]
    found = []
    for events in histories:
        case = opening
        for event in events:
            case = apply(case, event, policy)
        found.append(case)
        broken = case.plan_broken_on(policy.plan_grace_days)
        if broken is not None and broken > case.last_on:  # a reminder once it is broken
            for action in next_actions(case, policy, broken):
                found.append(apply(case, action.to_event(broken), policy))
    return found


def test_payment_plans_are_a_pause_on_columns() -> None:
    """Plans on track, broken, paid within the grace days or not: folded on columns (a pause
    until the plan is broken) and planned as next_actions plans them, on many days."""
    for grace in (0, 3, 25):
        policy = attrs.evolve(POLICY, plan_grace_days=grace)
        cases = renamed(plan_cases(policy))
        folded = fold_events(events_of(cases), policy)
        handed = [case.handed_over is not None for case in cases]  # replayed (litigation)
        assert folded["case"].isna().tolist() == [not h for h in handed]
        assert 0 < sum(handed) < 3
        seen = set()
        for days in (0, 1, 5, 12, 20, 33, 40, 60, 75, 100, 150, 400):
            today = day_after(cases, days)
            found = planned(plan_frame(folded, policy, today))
            assert expected(cases, policy, today) == found
            seen.update(row[0] for row in found)
        assert {"reminder_call_1", "formal_notice", "hand_over"} <= seen


def kept_plans(policy: Policy) -> list[Case]:
    """Payment plans kept to the end (a plan covers the balance): the principal paid a day after
    its instalment, within the grace days or not, and paid before its instalment; both after the
    due date, so penalties are owed."""
    opening = Case.open("x", Decimal(1), date(2024, 1, 1), due_on=date(2024, 1, 31))
    found = []
    histories: list[list[Any]] = [
        [  # the falsifying example hypothesis found (dev profile)
            PaymentPlanAgreed(date(2024, 2, 1), (Instalment(date(2024, 2, 1), Decimal(1)),)),
            PaymentReceived(date(2024, 2, 2), Decimal(1)),
        ],
        [
            PaymentPlanAgreed(date(2024, 2, 1), (Instalment(date(2024, 3, 1), Decimal(1)),)),
            PaymentReceived(date(2024, 2, 5), Decimal(1)),  # paid before its instalment
        ],
    ]
    for events in histories:
        case = opening
        for event in events:
            case = apply(case, event, policy)
        found.append(case)
    return found


def test_a_plan_kept_to_the_end_pauses_no_longer() -> None:
    """A plan kept to the end pauses to its last instalment and the grace days (Case.pauses),
    not for ever: then the penalties of the principal paid late are claimed, on columns as
    next_actions does (``plan_until``; before, they were never planned)."""
    for grace in (0, 3, 25):
        policy = attrs.evolve(POLICY, plan_grace_days=grace)
        cases = renamed(kept_plans(policy))
        folded = fold_events(events_of(cases), policy)
        assert folded["case"].isna().all()
        until = [None if pd.isna(day) else day.date() for day in folded["plan_until"]]
        assert until == [plan_until(case, grace) for case in cases]
        assert until.count(None) == (1 if grace == 0 else 0)  # paid a day late: broken
        seen = set()
        for days in range(0, 70, 3):
            today = day_after(cases, days)
            found = planned(plan_frame(folded, policy, today))
            assert expected(cases, policy, today) == found
            seen.update(row[0] for row in found)
        assert "penalty_claim" in seen
        older = folded.drop(columns="plan_until")  # folded before it was a column: paused on
        assert planned(plan_frame(older, policy, day_after(cases, 60)))[1][0] is None


def covered_cases(policy: Policy) -> list[Case]:
    """The principal paid (or credited) late, the case still open: penalties are owed, alone, after
    reminders, a formal notice received, a promise, a dispute resolved; one paid before its due
    date (closed)."""
    found = []
    for segment in (DebtorSegment.STANDARD, DebtorSegment.CONSUMER, DebtorSegment.PUBLIC_BODY):
        opening = Case.open(
            "x", Decimal(900), date(2025, 1, 2), due_on=date(2025, 2, 1), segment=segment
        )
        email = ContactMade(date(2025, 2, 6), Channel.EMAIL, "reminder_email_1")
        notice = [
            FormalNoticeSent(date(2025, 2, 10), step="formal_notice"),
            FormalNoticeDelivered(date(2025, 2, 12)),
        ]
        histories: list[list[Any]] = [
            [PaymentReceived(date(2025, 2, 20), 900)],
            [
                email,
                PaymentReceived(date(2025, 2, 9), 400),
                CreditNoteIssued(date(2025, 3, 1), 500),
            ],
            [*notice, PaymentReceived(date(2025, 3, 2), 900)],
            [
                PromiseToPay(date(2025, 2, 5), date(2025, 3, 20)),
                PaymentReceived(date(2025, 2, 7), 900),
            ],
            [DisputeOpened(date(2025, 2, 3)), PaymentReceived(date(2025, 2, 9), 900)],
            [
                DisputeOpened(date(2025, 2, 3)),
                PaymentReceived(date(2025, 2, 9), 900),
                DisputeResolved(date(2025, 3, 9)),
            ],
            [PaymentReceived(date(2025, 1, 20), 900)],  # before its due date: paid, closed
        ]
        for events in histories:
            case = opening
            for event in events:
                with contextlib.suppress(DunningError):  # refused (closed): not recorded
                    case = apply(case, event, policy)
            found.append(case)
    return found


def test_a_principal_paid_is_planned_on_columns() -> None:
    """An open case whose principal is paid: folded on columns (the day of its last payment or
    credit note), its penalty claim planned as next_actions plans it (the time limit too)."""
    for policy in (POLICY, attrs.evolve(POLICY, min_gap_days=9)):
        cases = renamed(covered_cases(policy))
        folded = fold_events(events_of(cases), policy)
        closed = [case.stage.terminal for case in cases]
        assert 0 < sum(closed) < len(cases) - 8
        assert folded["case"].isna().tolist() == [not c for c in closed]
        assert folded["cleared_on"].notna().tolist() == [not c for c in closed]
        seen = set()
        for days in (0, 1, 2, 3, 10, 30, 40, 900, 2000):
            today = day_after(cases, days)
            found = planned(plan_frame(folded, policy, today))
            assert expected(cases, policy, today) == found
            seen.update(row[0] for row in found)
        assert "penalty_claim" in seen


def letter_cases(policy: Policy) -> list[Case]:
    """Amicable letters, plain and registered (LRAR, LRE), ad hoc or the letter steps, in every
    order: against the default's shared cap of 2 letters, or a cap per channel."""
    opening = Case.open("x", Decimal(900), date(2025, 1, 2), due_on=date(2025, 2, 1))
    letter, lrar, lre = (
        Channel.LETTER,
        Channel.REGISTERED_LETTER,
        Channel.ELECTRONIC_REGISTERED_LETTER,
    )
    histories: list[list[Any]] = [
        [ContactMade(date(2025, 2, 5), lrar)],
        [ContactMade(date(2025, 2, 5), letter), ContactMade(date(2025, 2, 8), lrar)],
        [ContactMade(date(2025, 2, 5), lre), ContactMade(date(2025, 2, 8), letter)],
        [ContactMade(date(2025, 2, 5), lrar), ContactMade(date(2025, 2, 8), lre)],
        [
            ContactMade(date(2025, 2, 6), Channel.EMAIL, "reminder_email_1"),
            ContactMade(date(2025, 2, 11), Channel.PHONE, "reminder_call_1"),
            ContactMade(date(2025, 2, 21), letter, "reminder_letter_1"),
            ContactMade(date(2025, 2, 26), Channel.EMAIL, "reminder_email_2"),
            ContactMade(date(2025, 3, 3), Channel.PHONE, "reminder_call_2"),
            ContactMade(date(2025, 3, 5), lrar),  # the second letter: reminder_letter_2 skipped
        ],
        [ContactMade(date(2025, 1, 27), lrar)],  # a registered pre-reminder: counted apart
    ]
    found = []
    for events in histories:
        case = opening
        for event in events:
            case = apply(case, event, policy)
        found.append(case)
    return found


def test_a_shared_cap_is_planned_on_columns() -> None:
    """The default's letters share a cap of 2 (plain or registered): a step whose channel's
    cap is reached by the contacts of every channel of the cap is skipped on columns as by
    next_actions; with one cap per channel, as before."""
    unshared = attrs.evolve(
        POLICY,
        caps=(
            *(c for c in POLICY.caps if not c.shared),
            Cap(Stage.AMICABLE, Channel.LETTER, 2),
        ),
    )
    skipped = {}
    for policy in (POLICY, unshared):
        cases = renamed(letter_cases(policy))
        folded = fold_events(events_of(cases), policy)
        assert folded["case"].isna().all()  # all on columns
        columns = {c for c in folded.columns if c.startswith("contacts_amicable_")}
        letters = {"letter", "registered_letter", "electronic_registered_letter"}
        if policy is POLICY:
            assert {f"contacts_amicable_{c}" for c in letters} <= columns
        else:
            assert columns & {f"contacts_amicable_{c}" for c in letters} == {
                "contacts_amicable_letter"
            }
        seen = []
        for days in (0, 1, 5, 10, 15, 20, 30, 35, 40, 45):
            today = day_after(cases, days)
            found = planned(plan_frame(folded, policy, today))
            assert expected(cases, policy, today) == found
            seen.append(found)
        skipped[policy is POLICY] = seen
    # the shared cap changes the plan of the case whose second letter was registered
    shared, apart = ({found[4][0] for found in skipped[k]} for k in (True, False))
    assert "reminder_call_3" in shared
    assert "reminder_letter_2" not in shared
    assert "reminder_letter_2" in apart


def rare_cases() -> list[Case]:
    """Cases with the events the sample portfolio lacks (mediation, insolvency, waiver, relief)."""
    opening = Case.open("x", Decimal(2000), date(2025, 1, 2), due_on=date(2025, 2, 1))
    notice = [
        FormalNoticeSent(date(2025, 3, 10), step="formal_notice"),
        FormalNoticeDelivered(date(2025, 3, 12)),
    ]
    served = FormalNoticeSent(date(2025, 3, 10), Channel.COMMISSAIRE_DE_JUSTICE, "formal_notice")
    histories = [
        [*notice, AlternativeResolutionStarted(date(2025, 3, 20))],
        [served],  # delivered on the day it is served (CPC 653): replayed
        [  # a refused letter served again by a commissaire de justice
            notice[0],
            FormalNoticeDelivered(date(2025, 3, 12), Delivery.REFUSED),
            attrs.evolve(served, on=date(2025, 3, 14)),
        ],
        [PaymentReceived(date(2025, 2, 20), Decimal(2000)), PenaltiesWaived(date(2025, 2, 25))],
        [
            ContactMade(date(2025, 2, 6), Channel.EMAIL, "reminder_email_1"),
            CollectiveProcedureOpened(
                date(2025, 3, 1), CollectiveProcedure.REDRESSEMENT, date(2025, 3, 8)
            ),
        ],
        [
            CollectiveProcedureOpened(
                date(2025, 3, 1), CollectiveProcedure.LIQUIDATION, date(2025, 3, 8)
            ),
            ClaimDeclared(date(2025, 3, 20)),
        ],
        [  # converted, the deadline to declare passed (C. com. L622-26)
            CollectiveProcedureOpened(
                date(2025, 3, 1), CollectiveProcedure.SAUVEGARDE, date(2025, 3, 8)
            ),
            CollectiveProcedureOpened(
                date(2025, 4, 1), CollectiveProcedure.LIQUIDATION, date(2025, 4, 8)
            ),
            ForeclosureReliefRequested(date(2025, 5, 20)),
        ],
    ]
    found = []
    for events in histories:
        case = opening
        for event in events:
            case = apply(case, event, POLICY)
        found.append(case)
    return found


class TestFold:
    @given(st.lists(st.one_of(ds.cases(max_events=10), followed()), min_size=1, max_size=4))
    def test_folded_columns_are_the_cases(self, drawn: list[Case]) -> None:
        """Each invoice folded on columns has its case's stage, dates, counts and amount; the
        others carry the case read_portfolio replays."""
        cases = renamed(drawn)
        folded = fold_events(events_of(cases), POLICY)
        assert list(folded.index) == [c.reference for c in cases]
        for case, row in zip(cases, folded.to_dict("records"), strict=True):
            if row["case"] is not None:
                assert row["case"] == case
                continue
            assert not case.stage.terminal
            assert row["stage"] == case.stage.value
            assert row["amount_cents"] == int(case.amount * 100)
            assert row["last_on"].date() == case.last_on
            for name, day in (
                ("last_contact_on", case.last_contact_on),
                ("notice_on", None if case.formal_notice is None else case.formal_notice.on),
                ("delivered_on", None if case.delivery is None else case.delivery.on),
                ("dispute_resolved_on", case.dispute_resolved_on),
                ("plan_on", None if case.plan is None else case.plan.on),
                ("plan_broken_on", case.plan_broken_on(POLICY.plan_grace_days)),
                ("plan_until", plan_until(case)),
                ("cleared_on", cleared_on(case)),
            ) + ((("dispute_on", case.dispute.on),) if case.dispute is not None else ()):
                assert (None if pd.isna(row[name]) else row[name].date()) == day
            for stage in (Stage.PREVENTIVE, Stage.AMICABLE):
                for channel in Channel:
                    column = contact_column(stage, channel)
                    if column in folded.columns:
                        assert row[column] == case.contacts_at(stage, channel)
            done = [s for s in case.steps_done if POLICY.position(case.segment, s) >= 0]
            furthest = max(done, key=lambda s: POLICY.position(case.segment, s), default=None)
            assert (None if pd.isna(row["last_step"]) else row["last_step"]) == furthest

    def test_any_index_of_the_events_frame(self) -> None:
        """The events frame's own labels (filtered, reversed, text, repeated) fold as its rows
        do: each invoice keeps its own segment, due date, channel and step (they were read by
        label as if they were positions: a KeyError, or another invoice's cells)."""
        cases = renamed([*read_portfolio(sample()).cases, *rare_cases()])
        events = events_of(cases)
        expected_frame = fold_events(events, POLICY)
        size = len(events)
        for labels in (
            list(range(size - 1, -1, -1)),
            [f"r{i}" for i in range(size)],
            [i * 7 + 3 for i in range(size)],
            [i // 2 for i in range(size)],
        ):
            found = fold_events(events.set_axis(labels), POLICY)
            pd.testing.assert_frame_equal(expected_frame, found)
        kept = events[~events["invoice"].str.endswith("4")]  # a filtered frame keeps its labels
        pd.testing.assert_frame_equal(
            fold_events(kept.reset_index(drop=True), POLICY), fold_events(kept, POLICY)
        )
        assert len(set(expected_frame["segment"])) == len(DebtorSegment)
        today = day_after(cases, 1)
        assert expected(cases, POLICY, today) == planned(
            plan_frame(fold_events(events.set_axis(labels), POLICY), POLICY, today)
        )

    @pytest.mark.parametrize("backend", ["pyarrow", "numpy_nullable"])
    def test_events_read_from_parquet(self, backend: str, tmp_path: Any) -> None:
        """The portfolio file's events written to Parquet as text and read back with
        ``dtype_backend`` (Arrow strings, pandas' nullable strings), or with Arrow dates: folded
        and planned as next_actions plans them (an Arrow text column with no date in it, such
        as ``opened_on``, was refused as « an Arrow column of large_string »)."""
        pytest.importorskip("pyarrow")
        cases = renamed([*read_portfolio(sample()).cases, *rare_cases()])
        today = day_after(cases, 1)
        path = tmp_path / "events.parquet"
        events_of(cases).to_parquet(path)
        back = pd.read_parquet(path, dtype_backend=backend)  # type: ignore[arg-type]
        assert expected(cases, POLICY, today) == planned(
            plan_frame(fold_events(back, POLICY), POLICY, today)
        )
        typed = back.copy()
        for name in ("date", "due_on", "opened_on", "until"):
            days = pd.to_datetime(back[name].astype(object), format="%Y-%m-%d")
            typed[name] = pd.array(
                [None if pd.isna(d) else d.date() for d in days], dtype="date32[pyarrow]"
            )
        assert expected(cases, POLICY, today) == planned(
            plan_frame(fold_events(typed, POLICY), POLICY, today)
        )

    def test_a_bad_cell_is_named_by_its_label(self) -> None:
        """A bad channel or segment names the row of the events frame it is on."""
        events = pd.DataFrame(
            {
                "invoice": ["F-1", "F-1", "F-2"],
                "record": ["invoice", "contact_made", "invoice"],
                "date": ["2026-01-01", "2026-02-02", "2026-01-05"],
                "amount": ["100", None, "50"],
                "due_on": ["2026-01-31", None, "2026-02-04"],
                "channel": [None, "pigeon", None],
                "segment": ["standard", None, "vip"],
            },
            index=["a", "b", "c"],
        )
        with pytest.raises(InvalidArgument, match=r"row 'c'.*'vip'"):
            fold_events(events, POLICY)
        events.loc["c", "segment"] = "consumer"
        with pytest.raises(InvalidArgument, match=r"row 'b'.*'pigeon'"):
            fold_events(events, POLICY)


def cleared_on(case: Case) -> date | None:
    """The day of the last payment or credit note of a case whose principal they cover."""
    if case.balance:
        return None
    return max(e.on for e in case.events if isinstance(e, (PaymentReceived, CreditNoteIssued)))


class TestAmounts:
    @given(st.lists(ds.cases(max_events=6), min_size=1, max_size=3), st.integers(0, 90))
    def test_amounts_equal_action_amounts(self, drawn: list[Case], days: int) -> None:
        """amounts=True gives Action.amounts() for every row with an action."""
        cases = renamed(drawn)
        today = day_after(cases, days)
        out = plan_frame(fold_events(events_of(cases), POLICY), POLICY, today, amounts=True)
        for case, row in zip(cases, out.itertuples(index=False), strict=True):
            actions = next_actions(case, POLICY, today)
            if not actions:
                assert all(getattr(row, name) is None for name in AMOUNT_COLUMNS)
                continue
            owed = actions[0].amounts()
            assert [getattr(owed, n) for n in AMOUNT_COLUMNS] == [
                getattr(row, n) for n in AMOUNT_COLUMNS
            ]

    @given(st.lists(followed(), min_size=1, max_size=4), st.integers(0, 60))
    def test_amounts_of_followed_ledgers(self, drawn: list[Case], days: int) -> None:
        """The same on ledgers with disputes and notices served again (folded on columns)."""
        cases = renamed(drawn)
        today = day_after(cases, days)
        out = plan_frame(fold_events(events_of(cases), POLICY), POLICY, today, amounts=True)
        for case, row in zip(cases, out.itertuples(index=False), strict=True):
            actions = next_actions(case, POLICY, today)
            owed = [getattr(actions[0].amounts(), n) for n in AMOUNT_COLUMNS] if actions else None
            assert owed == (
                None if pd.isna(row.action) else [getattr(row, n) for n in AMOUNT_COLUMNS]
            )


class TestOneSourceOfRules:
    def frame_and_cases(self) -> tuple[pd.DataFrame, list[Case], date]:
        cases = renamed(
            [
                Case.open("x", Decimal(5000), date(2025, 1, 2), due_on=date(2025, 2, 1)),
                Case.open("x", Decimal(800), date(2025, 1, 10), due_on=date(2025, 2, 9)),
            ]
        )
        return opened_frame(cases), cases, date(2025, 2, 20)

    def test_a_changed_rule_changes_both_planners(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """The step-day rule is one definition: patched, both planners move, and still agree."""
        frame, cases, today = self.frame_and_cases()
        before = expected(cases, POLICY, today)
        original = rules.step_day

        def later(ops: rules.Ops, on: Any, due_on: Any, preventive: Any) -> Any:
            return original(ops, on, due_on, preventive) + ops.days(2)

        monkeypatch.setattr(rules, "step_day", later)
        after = expected(cases, POLICY, today)
        assert before != after
        assert [row[3] - timedelta(days=2) for row in after] == [row[3] for row in before]
        assert after == planned(plan_frame(frame, POLICY, today))

    def test_a_changed_policy_changes_both_planners(self) -> None:
        """A policy with a longer gap and a tighter cap plans the same on both paths."""
        cases = renamed(list(read_portfolio(sample()).cases))
        policy = attrs.evolve(POLICY, min_gap_days=9, max_amicable_days=50)
        folded = fold_events(events_of(cases), policy)
        assert expected(cases, policy, SAMPLE_DATE) != expected(cases, POLICY, SAMPLE_DATE)
        assert expected(cases, policy, SAMPLE_DATE) == planned(
            plan_frame(folded, policy, SAMPLE_DATE)
        )


class TestBadInput:
    def test_today_before_a_case_event(self) -> None:
        frame, cases, _ = TestOneSourceOfRules().frame_and_cases()
        with pytest.raises(InvalidDate, match="row 0"):
            plan_frame(frame, POLICY, date(2024, 12, 1))
        with pytest.raises(InvalidDate):
            next_actions(cases[0], POLICY, date(2024, 12, 1))

    def test_polars_and_other_values_are_refused(self) -> None:
        with pytest.raises(InvalidArgument, match="DataFrame"):
            plan_frame([1, 2], POLICY, date(2025, 1, 1))

    def test_a_row_past_the_amicable_stage_needs_its_case(self) -> None:
        frame = fold_events(events_of(renamed(list(read_portfolio(sample()).cases))), POLICY)
        frame["case"] = None
        with pytest.raises(InvalidArgument, match="'case' column"):
            plan_frame(frame, POLICY, SAMPLE_DATE)

    def test_one_currency_per_frame(self) -> None:
        frame, _, today = TestOneSourceOfRules().frame_and_cases()
        frame["currency"] = ["EUR", "USD"]
        with pytest.raises(InvalidArgument, match="one currency"):
            plan_frame(frame, POLICY, today)

    def test_unknown_segment_names_the_row(self) -> None:
        frame, _, today = TestOneSourceOfRules().frame_and_cases()
        frame["segment"] = ["standard", "vip"]
        with pytest.raises(InvalidArgument, match="row 1"):
            plan_frame(frame, POLICY, today)

    def test_amounts_and_in_cents_are_named_apart(self) -> None:
        frame, _, today = TestOneSourceOfRules().frame_and_cases()
        with pytest.raises(InvalidArgument, match=r"^amounts: True or False \(got 'yes'\)"):
            plan_frame(frame, POLICY, today, amounts="yes")  # type: ignore[arg-type]
        with pytest.raises(InvalidArgument, match=r"^in_cents: True or False \(got 1\)"):
            plan_frame(frame, POLICY, today, in_cents=1)  # type: ignore[arg-type]

    def test_contact_counts_are_whole_numbers(self) -> None:
        """A count column with an empty cell, a fraction, a negative count or text: the
        library's error naming the column and row (an empty cell was read as a huge negative
        count, with numpy's RuntimeWarning, and planned)."""
        cases = renamed(list(read_portfolio(sample()).cases))
        folded = fold_events(events_of(cases), POLICY)
        name = "contacts_amicable_email"
        plan_frame(
            folded.assign(**{name: folded[name].astype("int64[pyarrow]")}), POLICY, SAMPLE_DATE
        )
        label = folded.index[3]
        for bad in (float("nan"), 1.5, -1, "two"):
            broken = folded.astype({name: object})
            broken.loc[label, name] = bad
            if not isinstance(bad, str):
                broken[name] = pd.to_numeric(broken[name])
            with pytest.raises(InvalidArgument, match=rf"{name}: row '{label}'"):
                plan_frame(broken, POLICY, SAMPLE_DATE)

    def test_a_bad_date_among_iso_text_is_named(self) -> None:
        """One cell of a text date column that is not an ISO date: its row, its column and the
        reason (was « must be a datetime.date, not str » for the first, good, cell)."""
        events = pd.DataFrame(
            {
                "invoice": ["F-1", "F-1", "F-2"],
                "record": ["invoice", "contact_made", "invoice"],
                "date": ["2026-01-01", "2026-02-30", "2026-01-05"],
                "amount": ["100", None, "50"],
                "due_on": ["2026-01-31", None, "2026-02-04"],
                "channel": [None, "email", None],
            }
        )
        with pytest.raises(InvalidDate, match=r"row 1, column 'date'.*2026-02-30"):
            fold_events(events, POLICY)
        for shape in ("2026-02", "20260203", "2026-02-03T10:00", "+2026-02-03"):
            events.loc[1, "date"] = shape  # numpy alone read each as some day
            with pytest.raises(InvalidDate, match=rf"row 1, column 'date'.*{re.escape(shape)}"):
                fold_events(events, POLICY)
        events.loc[1, "date"] = " 2026-02-03 "  # spaces trimmed, as read_portfolio does
        assert fold_events(events, POLICY)["last_contact_on"].tolist()[0] == pd.Timestamp(
            "2026-02-03"
        )
        events.loc[2, "due_on"] = "04/02/2026"
        with pytest.raises(InvalidDate, match=r"row 2, column 'due_on'.*04/02/2026"):
            fold_events(events, POLICY)
        events["due_on"] = events["due_on"].astype(object)
        events.loc[2, "due_on"] = date(2026, 2, 4)  # a date among text: read too
        assert fold_events(events, POLICY)["due_on"].tolist() == [
            pd.Timestamp("2026-01-31"),
            pd.Timestamp("2026-02-04"),
        ]

    def test_an_invoice_without_its_invoice_row(self) -> None:
        events = pd.DataFrame(
            {"invoice": ["F-1"], "record": ["contact_made"], "date": ["2026-01-02"]}
        )
        with pytest.raises(InvalidArgument, match="'invoice' row"):
            fold_events(events, POLICY)

    def test_a_malformed_invoice_is_named(self) -> None:
        events = pd.DataFrame(
            {
                "invoice": ["F-1", "F-1"],
                "record": ["invoice", "payment_received"],
                "date": ["2026-01-02", "2026-01-05"],
                "amount": ["100", "900"],
                "due_on": ["2026-02-01", None],
            }
        )
        with pytest.raises(InvalidArgument, match="F-1"):
            fold_events(events, POLICY)


def test_contact_columns_name_stage_and_channel() -> None:
    assert contact_column(Stage.PREVENTIVE, Channel.LETTER) == "contacts_preventive_letter"
    assert DebtorSegment.STANDARD.value == "standard"


def test_next_actions_builds_no_action_that_is_not_due(monkeypatch: pytest.MonkeyPatch) -> None:
    """The scalar path stops at the step and its day: no Action is built for a step not due."""
    from dunning_core.machine import _planner

    built: list[Any] = []
    original = _planner.Action

    def counting(*args: Any, **kwargs: Any) -> Any:
        built.append(args[1])  # the step
        return original(*args, **kwargs)

    monkeypatch.setattr(_planner, "Action", counting)
    case = Case.open("F-1", "10000", date(2025, 3, 1), due_on=date(2025, 3, 31))
    assert next_actions(case, POLICY, date(2025, 3, 25)) == ()  # pre_reminder: due on 03-26
    assert built == []
    (action,) = next_actions(case, POLICY, date(2025, 3, 26))
    assert [step.name for step in built] == [action.step.name] == ["pre_reminder"]


def plan_until(case: Case, grace: int = POLICY.plan_grace_days) -> date | None:
    """The last day of the case's payment plan while it is kept (Case.pauses), else None."""
    if case.plan is None or case.plan_broken_on(grace) is not None:
        return None
    return case.plan.instalments[-1].on + timedelta(days=grace)
