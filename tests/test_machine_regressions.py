"""
Regressions found by review: amount bands after the formal notice, the caller's decimal context,
claims evaluated before later payments, negative zero and wrong-typed arguments.
"""

from __future__ import annotations

import decimal
from datetime import date, timedelta
from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dunning_core import ArgumentTypeError, DunningError
from dunning_core.errors import InvalidAmount, PolicyError
from dunning_core.interest import Allocation
from dunning_core.machine import (
    Action,
    Case,
    ClaimFiled,
    ContactMade,
    Delivery,
    Event,
    FormalNoticeDelivered,
    FormalNoticeSent,
    HandedOver,
    PaymentPlanAgreed,
    PaymentReceived,
    apply,
    check,
    claim_amounts,
    next_actions,
    replay,
    timeline,
)
from dunning_core.machine._events import Instalment
from dunning_core.money import to_amount
from dunning_core.policy import Channel, DebtorSegment, Policy, Stage, StepKind, french_default
from dunning_core.serialize import from_json, to_json


def _done(action: Action, day: date) -> Event:
    """The event that records doing *action* on *day*."""
    if action.kind is StepKind.FORMAL_NOTICE:
        assert action.channel is not None
        return FormalNoticeSent(day, action.channel, action.step.name)
    if action.kind is StepKind.HAND_OVER:
        return HandedOver(day)
    if action.kind is StepKind.CLAIM:
        return ClaimFiled(day)
    assert action.channel is not None
    return ContactMade(day, action.channel, action.step.name)


def _banded(notice_min: str, after_min: str) -> Policy:
    """french_default with a minimum amount on the formal notice and on the steps after it."""
    steps = []
    for step in french_default().steps:
        if step.kind is StepKind.FORMAL_NOTICE:
            step = attrs.evolve(step, min_amount=notice_min)
        elif step.stage.rank > Stage.FORMAL_NOTICE.rank:
            step = attrs.evolve(step, min_amount=after_min)
        steps.append(step)
    return attrs.evolve(french_default(), steps=tuple(steps))


class TestAmountBandsAfterTheNotice:
    def test_a_step_after_the_notice_for_smaller_invoices_is_refused(self) -> None:
        with pytest.raises(PolicyError, match="min_amount must be at least the notice's"):
            _banded("500", "0")

    def test_small_invoices_stop_before_the_notice_and_every_planned_step_is_accepted(
        self,
    ) -> None:
        policy = _banded("500", "500")
        case = Case.open("F-1", "100", date(2026, 3, 2), due_on=date(2026, 4, 1))
        planned = timeline(case, policy)
        assert planned, "the amicable reminders are still planned"
        assert all(a.stage.rank < Stage.FORMAL_NOTICE.rank for a in planned)
        # Walk the plan day by day: whatever is due is accepted by check().
        today = case.due_on
        while today < case.due_on + timedelta(days=200):
            for action in next_actions(case, policy, today):
                event = _done(action, today)
                verdict = check(case, event, policy)
                assert verdict.allowed, verdict.reason
                assert verdict.case is not None
                case = verdict.case
            today += timedelta(days=1)
        assert case.formal_notice is None

    def test_large_invoices_get_the_notice_and_what_follows(self) -> None:
        policy = _banded("500", "500")
        case = Case.open("F-1", "600", date(2026, 3, 2), due_on=date(2026, 4, 1))
        names = [a.step.name for a in timeline(case, policy)]
        assert names[-3:] == ["formal_notice", "hand_over", "court_claim"]

    def test_a_refused_ad_hoc_notice_is_not_served_with_a_step_that_does_not_apply(
        self,
    ) -> None:
        policy = _banded("500", "500")
        case = Case.open("F-1", "100", date(2026, 3, 2), due_on=date(2026, 4, 1))
        case = apply(case, FormalNoticeSent(date(2026, 5, 20), Channel.REGISTERED_LETTER), policy)
        case = apply(case, FormalNoticeDelivered(date(2026, 5, 22), Delivery.REFUSED), policy)
        for day in range(60):
            for action in next_actions(case, policy, date(2026, 5, 22) + timedelta(days=day)):
                assert action.step.applies_to(case.segment, case.amount)

    def test_a_refused_notice_of_the_policy_is_served_again(self) -> None:
        policy = _banded("500", "500")
        case = Case.open("F-1", "600", date(2026, 3, 2), due_on=date(2026, 4, 1))
        case = apply(
            case,
            FormalNoticeSent(date(2026, 5, 20), Channel.REGISTERED_LETTER, "formal_notice"),
            policy,
        )
        case = apply(case, FormalNoticeDelivered(date(2026, 5, 22), Delivery.REFUSED), policy)
        (action,) = next_actions(case, policy, date(2026, 5, 26))
        assert action.step.name == "formal_notice"
        event = FormalNoticeSent(date(2026, 5, 26), action.channel, action.step.name)
        assert check(case, event, policy).allowed


class TestCallersDecimalContext:
    """money.CONTEXT, never the global context: a caller's precision changes nothing."""

    @staticmethod
    def _story() -> Case:
        policy = french_default()
        case = Case.open("F-1", "123456789012.34", date(2025, 3, 1), due_on=date(2025, 3, 31))
        case = apply(case, PaymentReceived(date(2025, 4, 10), "0.01"), policy)
        instalments = (
            Instalment(date(2025, 5, 1), "61728394506.16"),
            Instalment(date(2025, 6, 1), "61728394506.17"),
        )
        return apply(case, PaymentPlanAgreed(date(2025, 4, 20), instalments), policy)

    def test_same_case_and_amounts_under_a_six_digit_context(self) -> None:
        expected = self._story()
        amounts = claim_amounts(expected, french_default(), date(2025, 8, 15))
        with decimal.localcontext(decimal.Context(prec=6, rounding=decimal.ROUND_DOWN)):
            case = self._story()
            assert case.balance == Decimal("123456789012.33")
            assert case == expected
            assert case.plan_missed_on == expected.plan_missed_on
            assert claim_amounts(case, french_default(), date(2025, 8, 15)) == amounts

    def test_to_amount_never_overflows_the_callers_context(self) -> None:
        for text in ("1e1000000", "-1e1000000", "1e999999999"):
            with pytest.raises(InvalidAmount, match=r"must not exceed|zero or more"):
                to_amount(Decimal(text), allow_negative=True)


class TestClaimAmountsAsOfADay:
    def test_principal_is_the_balance_on_that_day_not_after_later_payments(self) -> None:
        policy = attrs.evolve(french_default(), allocation=Allocation.PRINCIPAL_FIRST)
        case = Case.open("F-1", "10000", date(2025, 3, 1), due_on=date(2025, 3, 31))
        case = apply(case, PaymentReceived(date(2025, 5, 1), "4000"), policy)
        case = apply(case, PaymentReceived(date(2025, 7, 1), "5000"), policy)
        june = claim_amounts(case, policy, date(2025, 6, 1))
        # 10 000 - 4 000 paid on 1 May; the 5 000 of 1 July is not known on 1 June.
        assert june.principal == Decimal("6000")
        assert june.total == june.principal + june.interest + june.indemnity
        august = claim_amounts(case, policy, date(2025, 8, 1))
        assert august.principal == case.balance == Decimal("1000")


class TestNegativeZero:
    def test_minus_zero_is_zero(self) -> None:
        assert not to_amount("-0").is_signed()
        assert not to_amount(Decimal("-0.00")).is_signed()
        assert str(to_amount("-0.00")) == "0.00"

    def test_a_step_with_minus_zero_round_trips(self) -> None:
        steps = tuple(
            attrs.evolve(s, min_amount="-0") if s.name == "reminder_email_1" else s
            for s in french_default().steps
        )
        policy = attrs.evolve(french_default(), steps=steps)
        assert from_json(to_json(policy)) == policy


class TestWrongTypes:
    @pytest.mark.parametrize(
        "call",
        [
            lambda c, p: next_actions(None, p, date(2026, 5, 1)),  # type: ignore[arg-type]
            lambda c, p: next_actions(c, None, date(2026, 5, 1)),  # type: ignore[arg-type]
            lambda c, p: timeline(None, p),  # type: ignore[arg-type]
            lambda c, p: timeline(c, "french_default"),  # type: ignore[arg-type]
            lambda c, p: claim_amounts(None, p, date(2026, 5, 1)),  # type: ignore[arg-type]
            lambda c, p: claim_amounts(c, None, date(2026, 5, 1)),  # type: ignore[arg-type]
            lambda c, p: replay(None, p),  # type: ignore[arg-type]
            lambda c, p: replay("events", p),  # type: ignore[arg-type]
            lambda c, p: replay(c.events, None),  # type: ignore[arg-type]
        ],
    )
    def test_a_clear_type_error_from_the_hierarchy(self, call: object) -> None:
        case = Case.open("F-1", "100", date(2026, 3, 2), due_on=date(2026, 4, 1))
        with pytest.raises(ArgumentTypeError) as info:
            call(case, french_default())  # type: ignore[operator]
        assert isinstance(info.value, (DunningError, TypeError))
        assert "got" in str(info.value)


class TestTheLastDates:
    """Near 9999-12-31 a step that would fall after the last date is never due: no OverflowError."""

    @given(
        due=st.dates(min_value=date(9999, 6, 1)),
        offsets=st.lists(st.integers(0, 40), max_size=4),
        segment=st.sampled_from(DebtorSegment),
    )
    def test_planning_and_checking_only_raise_dunning_errors(
        self, due: date, offsets: list[int], segment: DebtorSegment
    ) -> None:
        policy = french_default()
        case = Case.open("F-1", "100", due, due_on=due, segment=segment)
        day = due
        for offset in offsets:
            day = date.fromordinal(min(day.toordinal() + offset, date.max.toordinal()))
            timeline(case, policy)
            for action in next_actions(case, policy, day):
                event = _done(action, day)
                verdict = check(case, event, policy)
                if verdict.case is not None:
                    case = verdict.case
            notice = FormalNoticeSent(day, Channel.REGISTERED_LETTER)
            verdict = check(case, notice, policy)
            if verdict.case is not None:
                case = verdict.case
                delivered = FormalNoticeDelivered(day, Delivery.RECEIVED)
                case = apply(case, delivered, policy)
                assert case.notice_deadline(policy) is not None
        timeline(case, policy)
        next_actions(case, policy, date.max)
        assert check(case, ClaimFiled(date.max), policy).allowed in (True, False)

    def test_the_steps_before_the_last_date_are_still_planned(self) -> None:
        case = Case.open("F-1", "100", date(9999, 12, 1), due_on=date(9999, 12, 1))
        planned = timeline(case, french_default())
        # Day +5, +10, +20, +25, +30 fit in December 9999; the call on day +40 does not.
        assert [a.due_on.day for a in planned] == [6, 11, 21, 26, 31]


class TestEqualPaymentsOnOneDay:
    """Found by the stateful test: a 0.01 € invoice paid 0.01 € twice on one day (the principal,
    then part of the 40 € indemnity); a third payment made ``check`` raise an AssertionError
    (the first of two equal payments was taken for the one that overpays, never settling)."""

    def test_check_never_raises_and_the_indemnity_stays_owed(self) -> None:
        policy = french_default()
        case = Case.open(
            "F-1", "0.01", date(2024, 1, 1), due_on=date(2024, 1, 31), opened_on=date(2024, 2, 1)
        )
        day = date(2024, 2, 1)
        for _ in range(3):
            verdict = check(case, PaymentReceived(day, "0.01"), policy)
            assert verdict.allowed, verdict.reason
            assert verdict.case is not None
            case = verdict.case
        amounts = claim_amounts(case, policy, day)
        # 0.01 of principal, then 0.02 of the 40 € indemnity (C. com. D441-5)
        assert (Decimal(0), Decimal("39.98")) == (amounts.principal, amounts.indemnity)
