"""Properties of the dunning machine over the exported strategies (dunning_core.strategies)."""

from __future__ import annotations

import functools
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

import dunning_core.strategies as ds
from dunning_core.machine import (
    Case,
    ContactMade,
    CreditNoteIssued,
    Event,
    FormalNoticeSent,
    PaymentReceived,
    PenaltiesWaived,
    SettlementAgreed,
    WrittenOff,
    apply,
    check,
    claim_amounts,
    next_actions,
    replay,
    timeline,
)
from dunning_core.policy import Channel, Policy, Stage, StepKind, french_default
from dunning_core.serialize import from_json, to_json

POLICY_AND_HISTORY = ds.policies().flatmap(
    lambda policy: st.tuples(st.just(policy), ds.event_histories(policy=policy))
)


def days_after(case: Case, data: st.DataObject) -> date:
    """A day on or after the case's last event, within the shipped rate data when possible."""
    last = max(case.last_on, ds.MAX_DATE)
    return data.draw(
        st.integers(0, (last - case.last_on).days).map(lambda n: case.last_on + timedelta(days=n))
    )


def counted_stage(
    case: Case, event: ContactMade | FormalNoticeSent, policy: Policy, on: date
) -> Stage:
    """The stage a contact is counted at: the case's, or its step's when that one is later."""
    stage = case.stage_on(on)
    if isinstance(event, FormalNoticeSent):
        return stage if stage.rank >= Stage.FORMAL_NOTICE.rank else Stage.FORMAL_NOTICE
    if event.step is not None and policy.has_step(event.step):
        step = policy.step(event.step)
        if step.stage.rank > stage.rank:
            return step.stage
    return stage


class TestDeterminism:
    @given(POLICY_AND_HISTORY, st.data())
    def test_same_events_same_policy_same_day(
        self, pair: tuple[Policy, list[Event]], data: st.DataObject
    ) -> None:
        """Replaying the same events twice gives equal cases, equal actions and equal JSON."""
        policy, events = pair
        first, second = replay(events, policy), replay(list(events), policy)
        today = days_after(first, data)
        assert first == second
        assert next_actions(first, policy, today) == next_actions(second, policy, today)
        assert timeline(first, policy) == timeline(second, policy)
        assert to_json(first) == to_json(second)

    @given(POLICY_AND_HISTORY)
    def test_replay_is_the_fold_of_apply(self, pair: tuple[Policy, list[Event]]) -> None:
        """replay(events) == functools.reduce(apply) from the opening."""
        policy, events = pair
        start = Case.from_opening(events[0])  # type: ignore[arg-type]
        folded = functools.reduce(lambda case, event: apply(case, event, policy), events[1:], start)
        assert folded == replay(events, policy)
        assert tuple(events) == folded.events

    @given(POLICY_AND_HISTORY)
    def test_check_agrees_with_apply(self, pair: tuple[Policy, list[Event]]) -> None:
        """Every event of a history is allowed by check, which gives the case apply gives."""
        policy, events = pair
        case = Case.from_opening(events[0])  # type: ignore[arg-type]
        for event in events[1:]:
            verdict = check(case, event, policy)
            assert verdict.allowed
            case = apply(case, event, policy)
            assert verdict.case == case


class TestJsonRoundTrip:
    @given(
        st.one_of(
            ds.money(currencies=ds.currencies()),
            ds.payment_terms(),
            ds.penalty_bases(),
            ds.policies(),
            ds.invoice_openings(currencies=ds.currencies()),
            ds.events(),
            ds.cases(),
            ds.event_histories(),
        )
    )
    def test_every_strategy_value_round_trips(self, value: Any) -> None:
        """from_json(to_json(x)) == x, and the text is stable, for every strategy's values."""
        text = to_json(value)
        back = from_json(text)
        expected = tuple(value) if isinstance(value, list) else value
        assert expected == back
        assert text == to_json(back)

    @given(POLICY_AND_HISTORY)
    def test_a_case_reads_back_checked_against_its_policy(
        self, pair: tuple[Policy, list[Event]]
    ) -> None:
        """A case written as JSON reads back through from_json(..., policy=) unchanged."""
        policy, events = pair
        case = replay(events, policy)
        assert case == from_json(to_json(case), Case, policy=policy)


class TestCaps:
    @given(POLICY_AND_HISTORY, st.data())
    def test_no_action_exceeds_a_cap(
        self, pair: tuple[Policy, list[Event]], data: st.DataObject
    ) -> None:
        """A planned contact always fits within its cap, and doing it keeps the case within caps."""
        policy, events = pair
        case = replay(events, policy)
        today = days_after(case, data)
        for action in (*next_actions(case, policy, today), *timeline(case, policy)[:1]):
            if action.channel is None:
                continue
            on = max(action.due_on, case.last_on)
            event: ContactMade | FormalNoticeSent
            if action.step.kind is StepKind.FORMAL_NOTICE:
                event = FormalNoticeSent(on, action.channel, action.step.name)
            else:
                event = ContactMade(on, action.channel, action.step.name)
            stage = counted_stage(case, event, policy, on)
            cap = policy.cap(stage, action.channel)
            if action.step.kind is not StepKind.PENALTY_CLAIM:  # counted by no cap (by design)
                assert cap is None or case.contacts_counted(stage, action.channel, policy) < cap
            verdict = check(case, event, policy)
            assert verdict.allowed, verdict.reason
            assert verdict.case is not None
            assert within_caps(verdict.case, policy)

    @given(POLICY_AND_HISTORY)
    def test_recorded_contacts_never_exceed_caps(self, pair: tuple[Policy, list[Event]]) -> None:
        """No history the rules accept holds more contacts than a cap allows."""
        policy, events = pair
        case = replay(events, policy)
        assert within_caps(case, policy)

    def test_a_shared_cap_counts_its_channels_together(self) -> None:
        """The default's letters: a plain letter and a registered one are the two letters, a
        third by any letter channel is refused; following the plan, no letter step is sent
        (each is skipped as capped) and the case stays within its caps."""
        policy = french_default()
        case = Case.open("F-1", 900, date(2025, 3, 1), due_on=date(2025, 3, 31))
        case = apply(case, ContactMade(date(2025, 4, 3), Channel.LETTER), policy)
        case = apply(case, ContactMade(date(2025, 4, 4), Channel.REGISTERED_LETTER), policy)
        for channel in (Channel.LETTER, Channel.ELECTRONIC_REGISTERED_LETTER):
            assert not check(case, ContactMade(date(2025, 4, 5), channel), policy)
        skipped = set()
        for day in range(5, 45):
            today = date(2025, 4, 1) + timedelta(days=day)
            for action in next_actions(case, policy, today):
                skipped |= {dict(n.params).get("step") for n in action.notes}
                if not action.blocked:
                    case = apply(case, action.to_event(today), policy)
        assert within_caps(case, policy)
        letters = (Channel.LETTER, Channel.REGISTERED_LETTER, Channel.ELECTRONIC_REGISTERED_LETTER)
        assert 2 == sum(case.contacts_at(Stage.AMICABLE, c) for c in letters)
        assert {"reminder_letter_1", "reminder_letter_2"} <= skipped
        assert case.contacts_at(Stage.AMICABLE, Channel.PHONE) == 3


def within_caps(case: Case, policy: Policy) -> bool:
    """Whether *case*'s contacts stay within every cap of *policy*, read from the caps
    themselves (a shared cap: the contacts by all its channels at its stage, summed)."""
    contacts = case.contacts
    return all(
        sum(contacts.get((cap.stage, channel), 0) for channel in cap.channels) <= cap.limit
        for cap in policy.caps
    )


CLOSING = st.sampled_from(["paid", "settled", "credit", "written_off"])


def penalties_settled(case: Case, policy: Policy, on: date, owed: Decimal) -> Event:
    """The principal paid: the penalties left are waived, or paid where the law forbids the
    waiver (a public buyer's moratorium interest, CCP L2192-14)."""
    waiver = PenaltiesWaived(on)
    return waiver if check(case, waiver, policy).allowed else PaymentReceived(on, owed)


class TestTerminal:
    @given(POLICY_AND_HISTORY, CLOSING, st.data())
    def test_closed_cases_plan_nothing(
        self, pair: tuple[Policy, list[Event]], how: str, data: st.DataObject
    ) -> None:
        """A paid, settled or written-off case plans nothing, on any later day."""
        policy, events = pair
        case = replay(events, policy)
        if not case.stage.terminal:
            on = case.last_on
            owed = claim_amounts(case, policy, on).total
            closing: Event = {
                "paid": lambda: PaymentReceived(on, owed) if owed else PenaltiesWaived(on),
                "credit": lambda: (
                    CreditNoteIssued(on, case.balance)
                    if case.balance
                    else penalties_settled(case, policy, on, owed)
                ),
                "settled": lambda: SettlementAgreed(on),
                "written_off": lambda: WrittenOff(on),
            }[how]()
            case = apply(case, closing, policy)
        assert case.stage.terminal
        today = case.last_on + timedelta(days=data.draw(st.integers(0, 2000)))
        assert () == next_actions(case, policy, today)
        assert () == timeline(case, policy)

    @given(POLICY_AND_HISTORY)
    def test_the_balance_is_never_negative(self, pair: tuple[Policy, list[Event]]) -> None:
        """Payments and credit notes add up to the invoice amount minus the balance, never more."""
        policy, events = pair
        case = replay(events, policy)
        assert case.balance >= 0
        # Invariant 6: what is owed is never negative; payments and credit notes add up to what
        # was owed and what is left (beyond the invoice amount, they paid penalties).
        assert case.balance == max(Decimal(0), case.amount - case.paid - case.credited)
        if case.stage is Stage.PAID:
            assert 0 == case.balance
