"""
Scenarios that follow the seed articles step by step, the way a host application drives the machine:
each day it asks next_actions, does what is due and records it as an event.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from dunning_core.law import CIV_1344
from dunning_core.machine import (
    Action,
    Agent,
    Case,
    ClaimFiled,
    ContactMade,
    CreditNoteIssued,
    Delivery,
    DisputeOpened,
    DisputeResolved,
    Event,
    FormalNoticeDelivered,
    FormalNoticeSent,
    HandedOver,
    PaymentReceived,
    Procedure,
    PromiseToPay,
    Proof,
    ProofRecorded,
    apply,
    check,
    claim_amounts,
    next_actions,
    replay,
    timeline,
)
from dunning_core.policy import Channel, DebtorSegment, Stage, StepKind, french_default

POLICY = french_default()
ISSUED = date(2025, 3, 1)
DUE = date(2025, 3, 31)


def day(n: int) -> date:
    """*n* days after the due date (31 March 2025)."""
    return DUE + timedelta(days=n)


def record(action: Action, on: date) -> Event:
    """The event a host records after doing *action* on day *on*."""
    kind = action.step.kind
    if kind is StepKind.REMINDER:
        assert action.channel is not None
        return ContactMade(on, action.channel, action.step.name)
    if kind is StepKind.FORMAL_NOTICE:
        assert action.channel is not None
        return FormalNoticeSent(on, action.channel, action.step.name)
    if kind is StepKind.HAND_OVER:
        return HandedOver(on, Agent.LAWYER)
    return ClaimFiled(on, Procedure.INJONCTION_DE_PAYER)


def drive(
    case: Case, until: date, *, stop_before: StepKind | None = None
) -> tuple[Case, list[tuple[date, str]]]:
    """Run the host loop from the case's last event to *until*; return the case and its log."""
    log: list[tuple[date, str]] = []
    today = case.last_on
    while today <= until:
        for action in next_actions(case, POLICY, today):
            if action.step.kind is stop_before:
                return case, log
            case = apply(case, record(action, today), POLICY)
            log.append((today, action.step.name))
        today += timedelta(days=1)
    return case, log


def opened(amount: str, segment: DebtorSegment = DebtorSegment.STANDARD) -> Case:
    return Case.open("F-2025-001", amount, ISSUED, due_on=DUE, segment=segment)


class TestOnTimePayer:
    def test_pre_reminder_then_payment(self) -> None:
        """Seed 000: a pre-reminder before the due date; the client pays on time; case closed."""
        case, log = drive(opened("12000"), day(-1))
        assert [(day(-5), "pre_reminder")] == log
        case = apply(case, PaymentReceived(DUE, 12000), POLICY)
        assert (Stage.PAID, Decimal(0)) == (case.stage, case.balance)
        assert () == next_actions(case, POLICY, day(30))
        assert () == timeline(case, POLICY)

    def test_nothing_owed_on_time(self) -> None:
        """Paid on the due date, no penalty and no indemnity run (L441-10: from the next day)."""
        case = apply(opened("12000"), PaymentReceived(DUE, 12000), POLICY)
        amounts = claim_amounts(case, POLICY, DUE)
        assert (Decimal(0), Decimal(0)) == (amounts.interest, amounts.indemnity)


class TestForgetfulClient:
    def test_email_call_promise_payment(self) -> None:
        """Seed 000: "Votre client a oublié de vous payer": a reminder, a call, a promise, paid."""
        case, log = drive(opened("3000"), day(10))
        assert [
            (day(-5), "pre_reminder"),
            (day(5), "reminder_email_1"),
            (day(10), "reminder_call_1"),
        ] == log
        # On the phone, the client promises to pay within ten days: escalation pauses.
        case = apply(case, PromiseToPay(day(10), day(20)), POLICY)
        case, log = drive(case, day(20))
        assert [] == log
        # He pays on day 18, with the 40 € indemnity and penalties still claimable beside it:
        # 3000 × 13.15 % × 18/365 = 19.45
        amounts = claim_amounts(case, POLICY, day(18))
        assert (Decimal("19.45"), Decimal("40.00")) == (amounts.interest, amounts.indemnity)
        # Paying the principal alone leaves the penalties and the 40 €: the policy claims them.
        principal_only = apply(case, PaymentReceived(day(18), 3000), POLICY)
        assert Stage.AMICABLE == principal_only.stage
        (claim,) = next_actions(principal_only, POLICY, day(21))
        assert "penalty_claim" == claim.step.name
        case = apply(case, PaymentReceived(day(18), amounts.total), POLICY)
        assert Stage.PAID == case.stage


class TestDisputedInvoice:
    def test_dispute_freezes_then_credit_note_and_payment(self) -> None:
        """Seed 000: no action while a dispute stands; resolved by a credit note, then paid."""
        case, _ = drive(opened("3000"), day(7))
        case = apply(case, DisputeOpened(day(8), "prix contesté"), POLICY)
        case, log = drive(case, day(29))
        assert [] == log
        refused = check(case, ContactMade(day(12), Channel.PHONE, "reminder_call_1"), POLICY)
        assert "a dispute is open since 2025-04-08" in refused.reason
        case = apply(case, CreditNoteIssued(day(30), 500, "AV-12"), POLICY)
        case = apply(case, DisputeResolved(day(30), "avoir de 500 €"), POLICY)
        (action,) = next_actions(case, POLICY, day(30))
        assert ("reminder_call_1", day(30)) == (action.step.name, action.due_on)
        owed = claim_amounts(case, POLICY, day(33)).total
        case = apply(case, PaymentReceived(day(33), owed), POLICY)
        assert (Stage.PAID, owed, Decimal(500)) == (case.stage, case.paid, case.credited)


class TestBrokenPromise:
    def test_resumes_at_next_step(self) -> None:
        """Seed 000: a promise not kept; dunning resumes at the next step the day after."""
        case, _ = drive(opened("3000"), day(10))
        case = apply(case, PromiseToPay(day(11), day(25)), POLICY)
        assert () == next_actions(case, POLICY, day(25))
        (action,) = next_actions(case, POLICY, day(26))
        assert ("reminder_letter_1", Channel.LETTER, day(26)) == (
            action.step.name,
            action.channel,
            action.due_on,
        )
        assert "escalation resumed on 2025-04-26, when the pause ended" in [
            r.message for r in action.reasons
        ]


class TestPublicBody:
    def test_calls_not_letters(self) -> None:
        """Seed 004: a public body is called (and visited), never sent reminder letters."""
        case = opened("20000", DebtorSegment.PUBLIC_BODY)
        planned = timeline(case, POLICY)
        channels = [a.channel for a in planned if a.stage is Stage.AMICABLE]
        assert Channel.LETTER not in channels
        assert 3 == channels.count(Channel.PHONE)
        assert Channel.VISIT in channels
        case, log = drive(case, day(36))
        assert (day(35), "public_body_visit") == log[-1]

    def test_public_procurement_interest(self) -> None:
        """A public buyer owes ECB + 8 points from the semester it started (CCP R2192-31)."""
        # 20000 × (3.15 + 8) % × 30/365 = 183.29
        amounts = claim_amounts(opened("20000", DebtorSegment.PUBLIC_BODY), POLICY, day(30))
        assert (Decimal("183.29"), Decimal("40.00")) == (amounts.interest, amounts.indemnity)


class TestNewClientWhoNeverAnswers:
    def test_phone_then_formal_notice(self) -> None:
        """Seed 004: straight to the phone, then the formal notice; no reminder letters."""
        case, log = drive(opened("800", DebtorSegment.NEW_UNRESPONSIVE), day(20))
        assert [
            (day(3), "new_client_call_1"),
            (day(10), "new_client_call_2"),
            (day(20), "new_client_formal_notice"),
        ] == log
        assert Stage.FORMAL_NOTICE == case.stage
        # Unclaimed on day 23 (23 April): it still counts (seed 003). Its deadline, 8 May, is a
        # holiday: moved to Friday 9 May (CPC 642); the hand-over comes the day after, not at
        # the step's day 60 ("On gagnera du temps", seed 004).
        case = apply(case, FormalNoticeDelivered(day(23), Delivery.UNCLAIMED), POLICY)
        assert date(2025, 5, 9) == case.notice_deadline(POLICY)
        assert () == next_actions(case, POLICY, day(39))
        (action,) = next_actions(case, POLICY, day(40))
        assert ("hand_over", day(40)) == (action.step.name, action.due_on)


class TestFormalNoticeThenInjonction:
    def test_full_process(self) -> None:
        """Seeds 000 and 003: amicable steps, LRAR notice, 15 days, lawyer, injonction de payer."""
        case, log = drive(opened("8000"), day(45))
        assert [name for _, name in log] == [
            "pre_reminder",
            "reminder_email_1",
            "reminder_call_1",
            "reminder_letter_1",
            "reminder_email_2",
            "reminder_call_2",
            "reminder_letter_2",
            "reminder_call_3",
            "formal_notice",
        ]
        assert (Stage.FORMAL_NOTICE, 3, 2, 2) == (
            case.stage,
            case.contacts_at(Stage.AMICABLE, Channel.PHONE),
            case.contacts_at(Stage.AMICABLE, Channel.EMAIL),
            case.contacts_at(Stage.AMICABLE, Channel.LETTER),
        )
        case = apply(case, FormalNoticeDelivered(day(47), Delivery.RECEIVED), POLICY)
        # Too early: 17 May + 15 = Sunday 1 June, moved to Monday 2 June; no proof yet.
        verdict = check(case, ClaimFiled(date(2025, 6, 2)), POLICY)
        assert (False, CIV_1344, 2) == (verdict.allowed, verdict.article, len(verdict.missing))
        case, log = drive(case, date(2025, 6, 3))
        assert [(date(2025, 6, 3), "hand_over")] == log
        assert Stage.LITIGATION == case.stage
        case = apply(case, ProofRecorded(date(2025, 6, 3), Proof.DELIVERY_NOTE, "BL-77"), POLICY)
        case, log = drive(case, day(90))
        assert [(date(2025, 6, 18), "court_claim")] == log  # 15 days after the hand-over step
        assert (Stage.JUDICIAL, Procedure.INJONCTION_DE_PAYER) == (
            case.stage,
            case.claim.procedure,  # type: ignore[union-attr]
        )
        assert () == next_actions(case, POLICY, day(120))
        assert case == replay(case.events, POLICY)
