"""
Acceptance review: the time limit of a claim (prescription) and what interrupts it.

LAW.md § 4.3: "C. com. L110-4 I: obligations born of trade [...] prescribe in 5 years"; "C. conso.
L218-2: l'action des professionnels [...] se prescrit par deux ans"; "A mise en demeure does **not**
interrupt it; interruption by legal action (2241), enforcement act (2244) or the debtor's
acknowledgment (2240)". A payment, a promise to pay and an agreed payment plan are the debtor's
acknowledgment of the debt: the period starts again from them, for the same length (C. civ. 2231).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from dunning_core.frames import events_frame, fold_events, plan_frame
from dunning_core.law import CONSO_L218_2, L110_4
from dunning_core.machine import (
    Case,
    ClaimDeclared,
    ClaimFiled,
    CollectiveProcedure,
    CollectiveProcedureOpened,
    ContactMade,
    Event,
    FormalNoticeDelivered,
    FormalNoticeSent,
    Instalment,
    PaymentPlanAgreed,
    PaymentReceived,
    Procedure,
    PromiseToPay,
    ProofRecorded,
    apply,
    check,
    claim_checklist,
    next_actions,
)
from dunning_core.policy import Channel, DebtorSegment, french_default
from dunning_core.portfolio import ClaimablePenalties, claimable_penalties
from dunning_core.serialize import from_json, to_json

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


class TestClaimablePenaltiesFollowTheTimeLimit:
    """
    claimable_penalties leaves out the invoices whose time limit ran out, open ones too, with the
    machine's limit (Case.prescribed_after): 5 years between professionals (C. com. L110-4), 2
    against a consumer (C. conso. L218-2), from the due date or the debtor's last acknowledgment
    (C. civ. 2240); a payment, the one that pays the principal included, is an acknowledgment.
    """

    def test_an_open_invoice_past_five_years_is_prescribed(self) -> None:
        case = opened(DebtorSegment.STANDARD)
        last = claimable_penalties([case], date(2024, 12, 31), policy=POLICY)
        assert (["F-PRESC"], 0) == ([line.reference for line in last.lines], last.prescribed)
        barred = claimable_penalties([case], date(2025, 1, 1), policy=POLICY)
        assert ((), 1, Decimal(0)) == (barred.lines, barred.prescribed, barred.total)
        assert (("F-PRESC", date(2024, 12, 31), L110_4),) == barred.prescribed_invoices
        assert [
            {"reference": "F-PRESC", "until": "2024-12-31", "article": "C. com. art. L110-4"}
        ] == barred.as_dict()["prescribed_invoices"]

    def test_a_consumer_invoice_after_two_years(self) -> None:
        """L218-2: the professional's action against a consumer prescribes in two years."""
        case = opened(DebtorSegment.CONSUMER)
        assert 0 == claimable_penalties([case], date(2021, 12, 31), policy=POLICY).prescribed
        barred = claimable_penalties([case], date(2022, 1, 1), policy=POLICY)
        assert (("F-PRESC", date(2021, 12, 31), CONSO_L218_2),) == barred.prescribed_invoices
        assert "1 facture prescrite non comptée (C. conso. art. L218-2) : F-PRESC" in str(barred)
        assert "1 time-barred invoice not counted (C. conso. art. L218-2): F-PRESC" in (
            barred.to_text(locale="en_GB")
        )

    def test_the_payment_of_the_principal_starts_the_limit_again(self) -> None:
        """
        Paid late on 2021-06-30: its penalties stay claimable until 2026-06-30; a reminder sent
        later (a formal notice would not either, LAW.md § 4.3) does not extend that.
        """
        case = opened(
            DebtorSegment.STANDARD,
            PaymentReceived(date(2021, 6, 30), Decimal("1000")),
            ContactMade(date(2024, 1, 10), Channel.EMAIL),
        )
        kept = claimable_penalties([case], date(2026, 6, 30), policy=POLICY)
        assert (1, 0) == (len(kept.lines), kept.prescribed)
        assert Decimal("40.00") == kept.indemnity
        barred = claimable_penalties([case], date(2026, 7, 1), policy=POLICY)
        assert ((), (("F-PRESC", date(2026, 6, 30), L110_4),)) == (
            barred.lines,
            barred.prescribed_invoices,
        )

    def test_a_partial_payment_keeps_an_open_invoice_claimable(self) -> None:
        """The 2023 payment acknowledges the debt: five years from it (C. civ. 2240)."""
        case = opened(DebtorSegment.STANDARD, ACKNOWLEDGMENTS["partial payment"])
        kept = claimable_penalties([case], date(2028, 6, 30), policy=POLICY)
        # still claimable: valued, and here short of the 2026-H2 rate, not left out
        assert (0, ["F-PRESC"]) == (kept.prescribed, [ref for ref, _ in kept.unavailable])
        assert 1 == claimable_penalties([case], date(2028, 7, 1), policy=POLICY).prescribed

    @pytest.mark.parametrize("segment", [DebtorSegment.STANDARD, DebtorSegment.CONSUMER])
    def test_the_same_limit_as_the_planner(self, segment: DebtorSegment) -> None:
        """Prescribed in the portfolio exactly when the machine plans nothing for that reason."""
        case = opened(segment, ContactMade(date(2020, 1, 5), Channel.EMAIL, "reminder_email_1"))
        limit = case.prescribed_after
        for day in (limit, limit + timedelta(days=1)):
            counted = claimable_penalties([case], day, policy=POLICY).prescribed
            assert (day > limit) == bool(counted)
            if counted:
                assert () == next_actions(case, POLICY, day)

    def test_text_counts_a_value_built_without_the_invoices(self) -> None:
        """A value built by hand with a count only still says what was left out."""
        value = ClaimablePenalties(
            date(2026, 1, 5), "EUR", (), Decimal(0), Decimal(0), Decimal(0), prescribed=2
        )
        assert "2 factures prescrites non comptées (C. com. art. L110-4)" in str(value)


def to_court(segment: DebtorSegment, procedure: Procedure, filed_on: date) -> Case:
    """A formal notice delivered, a proof, then the claim filed on *filed_on*."""
    return opened(
        segment,
        FormalNoticeSent(date(2021, 6, 1)),
        FormalNoticeDelivered(date(2021, 6, 3)),
        ProofRecorded(date(2021, 6, 3)),
        ClaimFiled(filed_on, procedure),
    )


class TestProceedingsInterruptPrescription:
    """
    C. civ. 2241: "La demande en justice, même en référé, interrompt le délai de prescription";
    2242: until the proceedings end.  C. com. L622-25-1: "La déclaration de créance interrompt
    la prescription jusqu'à la clôture de la procédure".  No event records their end: the claim
    is no longer time-barred after them.
    """

    def test_an_injonction_de_payer_interrupts_it(self) -> None:
        case = to_court(DebtorSegment.STANDARD, Procedure.INJONCTION_DE_PAYER, date(2021, 7, 1))
        assert (date(2021, 7, 1), date.max) == (case.interrupted_on, case.prescribed_after)
        # a claim after the five years is not refused as time-barred
        later = [item.code for item in claim_checklist(case, date(2025, 3, 3), POLICY)]
        assert "prescription" not in later
        assert 0 == claimable_penalties([case], date(2025, 3, 3), policy=POLICY).prescribed
        assert 1 == len(claimable_penalties([case], date(2025, 3, 3), policy=POLICY).lines)

    def test_a_refere_interrupts_it_too(self) -> None:
        """C. civ. 2241, "même en référé": the administrative judge's référé-provision (CJA R541-1)."""
        case = to_court(DebtorSegment.PUBLIC_BODY, Procedure.REFERE_PROVISION, date(2021, 7, 1))
        assert (date(2021, 7, 1), date.max) == (case.interrupted_on, case.prescribed_after)

    def test_the_small_claims_procedure_does_not(self) -> None:
        """CPCE L125-1 is run by a commissaire de justice, not a court: no demande en justice."""
        case = to_court(DebtorSegment.CONSUMER, Procedure.PETITES_CREANCES, date(2021, 7, 1))
        assert (None, date(2021, 12, 31)) == (case.interrupted_on, case.prescribed_after)
        assert 1 == claimable_penalties([case], date(2022, 1, 1), policy=POLICY).prescribed

    def test_the_declaration_of_the_claim_interrupts_it(self) -> None:
        """L622-25-1: until the procedure closes, which no event records."""
        case = opened(
            DebtorSegment.STANDARD,
            CollectiveProcedureOpened(
                date(2024, 9, 2), CollectiveProcedure.REDRESSEMENT, date(2024, 9, 12)
            ),
            ClaimDeclared(date(2024, 10, 1)),
        )
        assert (date(2024, 10, 1), date.max) == (case.interrupted_on, case.prescribed_after)
        result = claimable_penalties([case], date(2025, 6, 2), policy=POLICY)
        assert (0, 1) == (result.prescribed, len(result.lines))

    def test_a_time_barred_claim_is_not_revived(self) -> None:
        """A declaration after the limit ran out interrupts nothing (nor would a claim)."""
        case = opened(
            DebtorSegment.STANDARD,
            CollectiveProcedureOpened(
                date(2024, 11, 4), CollectiveProcedure.LIQUIDATION, date(2024, 11, 14)
            ),
            ClaimDeclared(date(2025, 1, 2)),
        )
        assert (None, date(2024, 12, 31)) == (case.interrupted_on, case.prescribed_after)
        assert 1 == claimable_penalties([case], date(2025, 1, 2), policy=POLICY).prescribed

    def test_a_formal_notice_still_does_not(self) -> None:
        """Only the claim interrupts: before it, the five years still run (LAW.md § 4.3)."""
        case = opened(
            DebtorSegment.STANDARD,
            FormalNoticeSent(date(2021, 6, 1)),
            FormalNoticeDelivered(date(2021, 6, 3)),
        )
        assert (None, date(2024, 12, 31)) == (case.interrupted_on, case.prescribed_after)

    def test_the_interruption_survives_serialisation(self) -> None:
        """Derived from the events: a case read back from JSON has it."""
        case = to_court(DebtorSegment.STANDARD, Procedure.INJONCTION_DE_PAYER, date(2021, 7, 1))
        back = from_json(to_json(case))
        assert (case, date(2021, 7, 1)) == (back, back.interrupted_on)


class TestTheFramePlannerAgrees:
    """fold_events replays a case with a claim or a collective procedure: plan_frame plans it
    with next_actions, the interruption included (C. civ. 2241, C. com. L622-25-1)."""

    def test_a_case_in_court_is_replayed_and_planned_alike(self) -> None:
        court = to_court(DebtorSegment.STANDARD, Procedure.INJONCTION_DE_PAYER, date(2021, 7, 1))
        # the principal paid in court on 2021-08-01: its penalties are still claimed in 2027,
        # more than five years after that payment, the claim having interrupted the limit
        paid = apply(court, PaymentReceived(date(2021, 8, 1), Decimal("1000")), POLICY)
        later = date(2027, 1, 5)
        frame = fold_events(events_frame([paid]), POLICY)
        assert ["penalty_claim"] == planned_names(frame, later)
        assert ["penalty_claim"] == [a.step.name for a in next_actions(paid, POLICY, later)]
        declared = opened(
            DebtorSegment.STANDARD,
            CollectiveProcedureOpened(
                date(2024, 9, 2), CollectiveProcedure.REDRESSEMENT, date(2024, 9, 12)
            ),
            ClaimDeclared(date(2024, 10, 1)),
        )
        for case in (court, declared):
            frame = fold_events(events_frame([case]), POLICY)
            (kept,) = frame["case"].tolist()
            assert date.max == kept.prescribed_after
            today = date(2025, 3, 3)  # after the first five years
            assert [a.step.name for a in next_actions(case, POLICY, today)] == planned_names(
                frame, today
            )
