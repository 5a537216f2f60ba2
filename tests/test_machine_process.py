"""The recovery process as the seeds and DESIGN.md say: deadlines, the amicable phase, late events."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from dunning_core.errors import IllegalTransition
from dunning_core.law import CIV_1344, CPC_642
from dunning_core.machine import (
    Case,
    ClaimFiled,
    ContactMade,
    Delivery,
    DisputeResolved,
    Event,
    FormalNoticeDelivered,
    FormalNoticeSent,
    HandedOver,
    Instalment,
    PaymentPlanAgreed,
    PaymentReceived,
    Procedure,
    ProofRecorded,
    allowed_events,
    apply,
    check,
    formal_notice_deadline,
    next_actions,
    timeline,
)
from dunning_core.policy import Channel, DebtorSegment, Stage, french_default

POLICY = french_default()
ISSUED = date(2025, 3, 1)
DUE = date(2025, 3, 31)


def day(n: int) -> date:
    return DUE + timedelta(days=n)


def opened(amount: str = "10000", segment: DebtorSegment = DebtorSegment.STANDARD) -> Case:
    return Case.open("F-9", amount, ISSUED, due_on=DUE, segment=segment)


def run(case: Case, *events: Event) -> Case:
    for event in events:
        case = apply(case, event, POLICY)
    return case


class TestNotYetDue:
    def test_reminder_on_the_due_date_is_refused(self) -> None:
        """An amicable reminder on or before the due date: the debt is not yet due."""
        verdict = check(opened(), ContactMade(DUE, Channel.EMAIL, "reminder_email_1"), POLICY)
        assert (False, CIV_1344) == (verdict.allowed, verdict.article)
        assert "not yet due" in verdict.reason
        assert check(opened(), ContactMade(day(1), Channel.EMAIL, "reminder_email_1"), POLICY)

    def test_formal_notice_on_the_due_date_is_refused(self) -> None:
        """A mise en demeure needs a debt that is due."""
        assert "not yet due" in check(opened(), FormalNoticeSent(DUE), POLICY).reason

    def test_pre_reminder_still_comes_before(self) -> None:
        """Only the pre-reminder comes before the due date."""
        assert check(opened(), ContactMade(day(-5), Channel.EMAIL, "pre_reminder"), POLICY)


class TestOneDeadline:
    def test_saturday_deadline_moves_to_monday(self) -> None:
        """Delivered 16 May 2025 + 15 days = Saturday 31 May: the deadline is Monday 2 June."""
        assert date(2025, 6, 2) == formal_notice_deadline(date(2025, 5, 16), POLICY)
        case = run(
            opened("500"),
            FormalNoticeSent(day(44), step="formal_notice"),
            FormalNoticeDelivered(date(2025, 5, 16)),
        )
        assert date(2025, 6, 2) == case.notice_deadline(POLICY)
        assert () == next_actions(case, POLICY, date(2025, 6, 2))  # the last day promised
        (action,) = next_actions(case, POLICY, date(2025, 6, 3))
        assert "hand_over" == action.step.name

    def test_hand_over_counts_from_the_deadline_not_the_due_date(self) -> None:
        """Seed 003: a notice delivered at D+22 does not wait until D+60 for the hand-over."""
        case = run(
            opened("500"),
            ContactMade(day(5), Channel.EMAIL, "reminder_email_1"),
            FormalNoticeSent(day(20)),
            FormalNoticeDelivered(day(22), Delivery.RECEIVED),
        )
        deadline = case.notice_deadline(POLICY)
        assert deadline is not None
        assert deadline < day(40)
        (action,) = next_actions(case, POLICY, deadline + timedelta(days=1))
        assert ("hand_over", deadline + timedelta(days=1)) == (action.step.name, action.due_on)

    def test_no_hand_over_on_the_deadline_day(self) -> None:
        """
        The debtor has until the end of the deadline's last day (CPC 642: "Tout délai expire le
        dernier jour à vingt-quatre heures"; seed 003: « Si votre client ne règle pas votre
        créance avant la date butoir indiquée, le dossier peut alors être transféré en
        contentieux »): a hand-over on that day is refused, the next day accepted, the day the
        planner proposes it; the Saturday deadline moved to Monday counts whole.
        """
        case = run(
            opened("500"),
            FormalNoticeSent(day(44), step="formal_notice"),
            FormalNoticeDelivered(date(2025, 5, 16)),
        )
        for on in (date(2025, 5, 31), date(2025, 6, 2)):  # the Saturday, then the deadline
            verdict = check(case, HandedOver(on), POLICY)
            assert (False, CPC_642, "hand_over_before_deadline") == (
                verdict.allowed,
                verdict.article,
                verdict.why.code,
            )
            assert HandedOver not in {type(e) for e in allowed_events(case, POLICY, on)}
        verdict = check(case, HandedOver(date(2025, 6, 3)), POLICY)
        assert (True, Stage.LITIGATION) == (verdict.allowed, verdict.stage)
        (action,) = next_actions(case, POLICY, date(2025, 6, 3))
        assert check(case, action.to_event(date(2025, 6, 3)), POLICY)
        with pytest.raises(IllegalTransition, match="until the end of"):
            apply(case, HandedOver(date(2025, 6, 2)), POLICY)

    def test_the_frame_planner_agrees(self) -> None:
        """plan_frame (on fold_events' columns, the case replayed past the amicable stage)
        proposes the hand-over the day after the deadline, as next_actions, and check accepts it."""
        from dunning_core.frames import events_frame, fold_events, plan_frame

        case = run(
            opened("500"),
            FormalNoticeSent(day(44), step="formal_notice"),
            FormalNoticeDelivered(date(2025, 5, 16)),
        )
        frame = fold_events(events_frame([case]), POLICY)
        for on, expected in ((date(2025, 6, 2), []), (date(2025, 6, 3), ["hand_over"])):
            planned = plan_frame(frame, POLICY, on)["action"].tolist()
            names = [name for name in planned if isinstance(name, str)]
            assert expected == names == [a.step.name for a in next_actions(case, POLICY, on)]

    def test_the_refusal_in_french_and_english(self) -> None:
        case = run(
            opened("500"),
            FormalNoticeSent(day(44), step="formal_notice"),
            FormalNoticeDelivered(date(2025, 5, 16)),
        )
        verdict = check(case, HandedOver(date(2025, 6, 2)), POLICY)
        assert (
            "le débiteur a jusqu'à la fin du 2 juin 2025 pour payer (délai de la mise en demeure "
            "reçue ou présentée le 16 mai 2025) : le dossier se transfère à partir du 3 juin 2025"
        ) in verdict.text()
        assert (
            "the debtor has until the end of 2 June 2025 to pay (deadline of the formal notice "
            "received or first presented on 16 May 2025): the file can be handed over from "
            "3 June 2025"
        ) in verdict.text(locale="en_GB")

    def test_hand_over_without_a_notice_still_accepted(self) -> None:
        """An agency may recover amicably for the creditor (CPCE R124-1 to R124-7): before any
        formal notice, or after one refused (no deadline runs), the hand-over is accepted."""
        assert check(opened(), HandedOver(day(20)), POLICY)
        refused = run(
            opened("500"),
            FormalNoticeSent(day(44), step="formal_notice"),
            FormalNoticeDelivered(date(2025, 5, 16), Delivery.REFUSED),
        )
        assert check(refused, HandedOver(date(2025, 5, 20)), POLICY)

    def test_letter_states_the_same_deadline(self) -> None:
        """The formal notice's letter states the date the machine uses (Saturday moved)."""
        from dunning_core.letters import Creditor, LetterKind, render

        case = run(
            opened("500"),
            FormalNoticeSent(day(44), step="formal_notice"),
            FormalNoticeDelivered(date(2025, 5, 16)),
        )
        creditor = Creditor("Lumen SAS", "1 rue de la Paix\n75002 Paris", payment_means=("chèque",))
        letter = render(LetterKind.FORMAL_NOTICE, case, creditor=creditor, today=date(2025, 5, 16))
        assert case.notice_deadline(POLICY) == letter.deadline == date(2025, 6, 2)

    def test_render_refuses_a_step_already_recorded(self) -> None:
        """A letter for an action whose step is on the case is refused, not the next reminder."""
        from dunning_core.errors import InvalidArgument
        from dunning_core.letters import Creditor, render

        (action,) = next_actions(opened(), POLICY, day(20))
        done = apply(opened(), action.to_event(day(20)), POLICY)
        creditor = Creditor("Lumen SAS", "1 rue de la Paix\n75002 Paris", payment_means=("chèque",))
        with pytest.raises(InvalidArgument, match="already recorded"):
            render(action, done, creditor=creditor)


class TestPaymentPlan:
    def test_plan_extends_the_amicable_phase(self) -> None:
        """Paid the first instalment, missed the second on day 61: the next reminder, not the notice."""
        plan = PaymentPlanAgreed(
            day(15), (Instalment(day(30), "5000"), Instalment(day(61), "5000"))
        )
        case = run(
            opened(),
            ContactMade(day(5), Channel.EMAIL, "reminder_email_1"),
            ContactMade(day(10), Channel.PHONE, "reminder_call_1"),
            plan,
            PaymentReceived(day(29), "5000"),
        )
        end = case.amicable_end(POLICY)
        assert end is not None
        assert end > day(60)
        assert () == next_actions(case, POLICY, day(66))  # within the 5 grace days
        (action,) = next_actions(case, POLICY, day(67))
        assert ("reminder_letter_1", Stage.AMICABLE) == (action.step.name, action.stage)


class TestLearnedLate:
    def test_payment_found_a_week_later(self) -> None:
        """A payment found on the bank statement is recorded at its real date."""
        case = run(opened(), ContactMade(day(5), Channel.EMAIL, "reminder_email_1"))
        case = run(case, ContactMade(day(10), Channel.PHONE, "reminder_call_1"))
        later = apply(case, PaymentReceived(day(3), "4000"), POLICY)
        assert [day(3), day(5), day(10)] == [e.on for e in later.events[1:]]
        assert Decimal(6000) == later.balance

    def test_a_later_event_made_illegal_is_named(self) -> None:
        """A late credit note that makes a later payment an overpayment is refused, naming it."""
        case = run(opened("1000"), PaymentReceived(day(10), "800"))
        from dunning_core.machine import CreditNoteIssued

        verdict = check(case, CreditNoteIssued(day(5), "500"), POLICY)
        assert not verdict
        assert f"PaymentReceived of {day(10)}" in verdict.reason.replace(
            "payment_received", "PaymentReceived"
        )

    def test_never_before_the_case_opened(self) -> None:
        """A contact before the case was opened names the opening, not the last event."""
        case = run(opened(), ContactMade(day(5), Channel.EMAIL, "reminder_email_1"))
        verdict = check(case, ContactMade(ISSUED - timedelta(days=2), Channel.PHONE), POLICY)
        assert f"before the case was opened on {ISSUED}" in verdict.reason
        assert "last event" not in verdict.reason
        with pytest.raises(IllegalTransition) as info:
            apply(case, ContactMade(ISSUED - timedelta(days=2), Channel.PHONE), POLICY)
        assert str(ISSUED) in str(info.value)
        assert "last event" not in str(info.value)

    def test_the_stage_named_is_the_stage_on_the_events_date(self) -> None:
        """A late event refused names the stage the case was at on its date, not the current one."""
        case = run(
            opened(),
            ContactMade(day(5), Channel.EMAIL, "reminder_email_1"),
            FormalNoticeSent(day(45), step="formal_notice"),
        )
        assert Stage.FORMAL_NOTICE == case.stage
        with pytest.raises(IllegalTransition) as info:
            apply(case, DisputeResolved(day(10)), POLICY)  # no dispute was open on day 10
        assert Stage.AMICABLE == info.value.stage
        assert "at stage amicable:" in str(info.value)
        with pytest.raises(IllegalTransition) as info:
            apply(case, DisputeResolved(day(-10)), POLICY)  # before the due date: preventive
        assert Stage.PREVENTIVE == info.value.stage
        with pytest.raises(IllegalTransition) as info:
            apply(case, DisputeResolved(day(50)), POLICY)  # on or after the last event
        assert Stage.FORMAL_NOTICE == info.value.stage

    def test_a_preventive_case_past_due_is_named_amicable(self) -> None:
        """A preventive case refusing an event after its due date is at the amicable stage."""
        with pytest.raises(IllegalTransition) as info:
            apply(opened(), DisputeResolved(day(3)), POLICY)
        assert (Stage.AMICABLE, "DisputeResolved") == (
            info.value.stage,
            type(info.value.event).__name__,
        )
        assert "no dispute is open" in info.value.reason


class TestActionsAsEvents:
    def test_to_event_is_what_check_accepts(self) -> None:
        """Action.to_event gives the event a host records, accepted by check."""
        case = opened()
        for today in (day(-5), day(5), day(10)):
            (action,) = next_actions(case, POLICY, today)
            case = apply(case, action.to_event(today), POLICY)
        assert ["pre_reminder", "reminder_email_1", "reminder_call_1"] == list(case.steps_done)

    def test_public_body_claim_is_a_refere_provision(self) -> None:
        """Against a public buyer, the court step is the référé-provision (CJA R541-1)."""
        case = run(
            opened("20000", DebtorSegment.PUBLIC_BODY),
            FormalNoticeSent(day(45), step="formal_notice"),
            FormalNoticeDelivered(day(47)),
            HandedOver(day(70)),
            ProofRecorded(day(70)),
        )
        (action,) = next_actions(case, POLICY, day(90))
        event = action.to_event(day(90))
        assert isinstance(event, ClaimFiled)
        assert Procedure.REFERE_PROVISION == event.procedure


class TestTimeline:
    def test_consumer_steps_after_the_notice_are_priced(self) -> None:
        """Each future step is priced on the simulated case: interest after the planned notice."""
        planned = timeline(opened("3000", DebtorSegment.CONSUMER), POLICY)
        after = [a for a in planned if a.stage.rank > Stage.FORMAL_NOTICE.rank]
        assert after
        assert all(a.amounts().interest > 0 for a in after)


class TestPrescription:
    def test_b2b_five_years_consumer_two(self) -> None:
        """5 years from the due date between professionals (L110-4), 2 against a consumer."""
        assert date(2030, 3, 31) == opened().prescribed_after
        assert date(2027, 3, 31) == opened(segment=DebtorSegment.CONSUMER).prescribed_after

    def test_late_claim_refused_naming_the_article(self) -> None:
        """A claim filed after the time limit is refused, the checklist naming it."""
        case = run(
            opened(segment=DebtorSegment.CONSUMER),
            FormalNoticeSent(day(45), step="formal_notice"),
            FormalNoticeDelivered(day(47)),
            ProofRecorded(day(48)),
        )
        assert check(case, ClaimFiled(date(2027, 3, 31)), POLICY)
        verdict = check(case, ClaimFiled(date(2027, 4, 1)), POLICY)
        assert ("prescription", "L218-2") == (
            verdict.missing[0].code,
            verdict.missing[0].article.number,
        )

    def test_warned_ahead_and_nothing_planned_after(self) -> None:
        """Actions within 90 days of the limit warn of it; after it, nothing is planned."""
        case = run(
            opened(segment=DebtorSegment.CONSUMER),
            FormalNoticeSent(day(45), step="formal_notice"),
            FormalNoticeDelivered(day(47)),
        )
        (action,) = next_actions(case, POLICY, date(2027, 3, 1))
        assert any("time-barred after 2027-03-31" in note.message for note in action.notes)
        assert () == next_actions(case, POLICY, date(2027, 4, 1))
        assert all(a.due_on <= date(2027, 3, 31) for a in timeline(case, POLICY))


class TestPenaltyClaimCountedApart:
    def test_claim_letter_after_two_letters_stays_within_the_caps(self) -> None:
        """
        Two amicable letters, then the principal paid: the letter claiming the penalties and the
        40 € is counted apart (as the pre-reminder is), so the 2-letter cap still holds.
        """
        policy = french_default()
        case = opened("1000")
        today = ISSUED
        while case.contacts_at(Stage.AMICABLE, Channel.LETTER) < 2:
            for action in next_actions(case, policy, today):
                if action.step.stage is Stage.AMICABLE:
                    case = apply(case, action.to_event(today), policy)
            today += timedelta(days=1)
        case = apply(case, PaymentReceived(today, case.balance), policy)
        actions = next_actions(case, policy, today)
        while not actions:  # the claim comes a few days after the payment
            today += timedelta(days=1)
            actions = next_actions(case, policy, today)
        (claim,) = actions
        assert "penalty_claim" == claim.step.name
        case = apply(case, claim.to_event(today), policy)
        assert "penalty_claim" in case.steps_done
        assert 2 == case.contacts_at(Stage.AMICABLE, Channel.LETTER)
        for (stage, channel), count in case.contacts.items():
            cap = policy.cap(stage, channel)
            assert cap is None or count <= cap
