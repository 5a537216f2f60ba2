"""
Acceptance review: the time limit of a claim (prescription) and what interrupts it.

LAW.md § 4.3: "C. com. L110-4 I: obligations born of trade [...] prescribe in 5 years"; "C. conso.
L218-2: l'action des professionnels [...] se prescrit par deux ans"; "A mise en demeure does **not**
interrupt it; interruption by legal action (2241), enforcement act (2244) or the debtor's
acknowledgment (2240)". A payment, a promise to pay and an agreed payment plan are the debtor's
acknowledgment of the debt: the period starts again from them, for the same length (C. civ. 2231).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from dunning_core.frames import events_frame, fold_events, plan_frame
from dunning_core.machine import (
    Case,
    ClaimFiled,
    ContactMade,
    Event,
    FormalNoticeDelivered,
    FormalNoticeSent,
    Instalment,
    PaymentPlanAgreed,
    PaymentReceived,
    PromiseToPay,
    ProofRecorded,
    apply,
    check,
    next_actions,
)
from dunning_core.policy import Channel, DebtorSegment, french_default

POLICY = french_default()
DUE = date(2019, 12, 31)


def opened(segment: DebtorSegment = DebtorSegment.STANDARD, *events: Event) -> Case:
    case = Case.open("F-PRESC", Decimal("1000"), date(2019, 12, 1), due_on=DUE, segment=segment)
    for event in events:
        case = apply(case, event, POLICY)
    return case


ACKNOWLEDGMENTS = {
    "partial payment": PaymentReceived(date(2023, 6, 30), Decimal("100")),
    "promise to pay": PromiseToPay(date(2023, 6, 30), date(2023, 7, 31)),
    "payment plan": PaymentPlanAgreed(
        date(2023, 6, 30),
        (Instalment(date(2023, 7, 31), Decimal("500")), Instalment(date(2023, 8, 31), "500")),
    ),
}


class TestAcknowledgmentInterruptsPrescription:
    """C. civ. 2240 (LAW.md § 4.3): the debtor's acknowledgment interrupts the time limit."""

    @pytest.mark.parametrize("name", sorted(ACKNOWLEDGMENTS))
    def test_the_five_years_start_again(self, name: str) -> None:
        case = opened(DebtorSegment.STANDARD, ACKNOWLEDGMENTS[name])
        assert date(2023, 6, 30) == case.acknowledged_on
        assert date(2028, 6, 30) == case.prescribed_after

    def test_the_two_consumer_years_start_again(self) -> None:
        """L218-2's two years, from the payment (made before they ran out)."""
        payment = PaymentReceived(date(2021, 5, 3), Decimal("100"))
        assert date(2023, 5, 3) == opened(DebtorSegment.CONSUMER, payment).prescribed_after

    def test_a_formal_notice_does_not(self) -> None:
        """LAW.md § 4.3: "A mise en demeure does not interrupt it"."""
        case = opened(
            DebtorSegment.STANDARD,
            FormalNoticeSent(date(2023, 6, 30)),
            FormalNoticeDelivered(date(2023, 7, 3)),
        )
        assert (None, date(2024, 12, 31)) == (case.acknowledged_on, case.prescribed_after)

    def test_nothing_revives_a_time_barred_claim(self) -> None:
        """A payment after the two years does not start them again (consumer, L218-2)."""
        payment = PaymentReceived(date(2022, 3, 1), Decimal("100"))
        case = opened(DebtorSegment.CONSUMER, payment)
        assert (None, date(2021, 12, 31)) == (case.acknowledged_on, case.prescribed_after)

    def test_a_claim_after_the_first_five_years_is_accepted(self) -> None:
        """Filed in 2026, after 2024-12-31 but within five years of the 2023 payment."""
        case = opened(
            DebtorSegment.STANDARD,
            PaymentReceived(date(2023, 6, 30), Decimal("100")),
            FormalNoticeSent(date(2025, 9, 1)),
            FormalNoticeDelivered(date(2025, 9, 3)),
            ProofRecorded(date(2025, 9, 3)),
        )
        verdict = check(case, ClaimFiled(date(2026, 1, 5)), POLICY)
        assert verdict.allowed, verdict.reason
        barred = check(case, ClaimFiled(date(2028, 7, 3)), POLICY)
        assert "prescription" in [item.code for item in barred.missing]

    def test_the_planner_and_the_frame_planner_still_plan(self) -> None:
        """next_actions, and plan_frame on fold_events' columns, plan after the first 5 years."""
        case = opened(
            DebtorSegment.STANDARD,
            ContactMade(date(2020, 1, 5), Channel.EMAIL, "reminder_email_1"),
            PaymentReceived(date(2023, 6, 30), Decimal("100")),
        )
        today = date(2026, 1, 5)
        (action,) = next_actions(case, POLICY, today)
        assert "formal_notice" == action.step.name
        frame = fold_events(events_frame([case]), POLICY)
        assert frame["case"].isna().all()  # planned on columns
        planned = plan_frame(frame, POLICY, today)
        assert ["formal_notice"] == planned["action"].tolist()
        assert (
            []
            == [a.step.name for a in next_actions(case, POLICY, date(2028, 7, 1))]
            == planned_names(frame, date(2028, 7, 1))
        )

    def test_the_frame_planner_replays_a_payment_after_the_limit(self) -> None:
        """A consumer's payment after the two years revives nothing, on columns too."""
        case = opened(
            DebtorSegment.CONSUMER,
            ContactMade(date(2020, 1, 5), Channel.EMAIL, "reminder_email_1"),
            PaymentReceived(date(2022, 3, 1), Decimal("100")),
        )
        frame = fold_events(events_frame([case]), POLICY)
        assert [] == planned_names(frame, date(2022, 3, 2))
        assert () == next_actions(case, POLICY, date(2022, 3, 2))


def planned_names(frame: object, today: date) -> list[str]:
    planned = plan_frame(frame, POLICY, today)
    return [name for name in planned["action"].tolist() if isinstance(name, str)]
