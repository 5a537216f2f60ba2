"""Unit tests of dunning_core.machine: cases, events, check/apply/replay, the planner, amounts."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dunning_core.errors import (
    AmountTypeError,
    DateTypeError,
    DunningError,
    IllegalTransition,
    InvalidAmount,
    InvalidArgument,
    InvalidDate,
)
from dunning_core.interest import Allocation, PenaltyBasis
from dunning_core.law import CIV_1344, CPC_1405, CPCE_L125_1, PRACTICE, Article
from dunning_core.machine import (
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
    Instalment,
    InvoiceOpened,
    PaymentPlanAgreed,
    PaymentReceived,
    PenaltiesWaived,
    Procedure,
    PromiseToPay,
    ProofRecorded,
    SettlementAgreed,
    WrittenOff,
    apply,
    check,
    claim_amounts,
    next_actions,
    replay,
    timeline,
)
from dunning_core.policy import Backlog, Channel, DebtorSegment, Policy, Stage, french_default
from dunning_core.terms import PaymentTerms

POLICY = french_default()
ISSUED = date(2025, 3, 1)
DUE = date(2025, 3, 31)


def day(n: int) -> date:
    """The day *n* days after the due date of the test invoice."""
    return DUE + timedelta(days=n)


def opened(amount: str = "10000", segment: DebtorSegment = DebtorSegment.STANDARD) -> Case:
    return Case.open("F-1", amount, ISSUED, due_on=DUE, segment=segment)


def everything_owed(case: Case, on: date) -> PaymentReceived:
    """The payment of everything owed on a day: principal, penalties and the indemnity."""
    return PaymentReceived(on, claim_amounts(case, POLICY, on).total)


def run(case: Case, *events: Event, policy: Policy = POLICY) -> Case:
    for event in events:
        case = apply(case, event, policy)
    return case


def names(actions: Sequence[object]) -> list[str]:
    return [a.step.name for a in actions]  # type: ignore[attr-defined]


def to_notice_delivered(case: Case, sent: int = 45, delivered: int = 47) -> Case:
    return run(
        case,
        FormalNoticeSent(day(sent), step="formal_notice"),
        FormalNoticeDelivered(day(delivered), Delivery.RECEIVED),
    )


class TestCaseOpen:
    def test_with_due_date(self) -> None:
        """A case opened before its due date is preventive, its balance the invoice amount."""
        case = opened()
        assert (Stage.PREVENTIVE, Decimal("10000"), DUE, 1) == (
            case.stage,
            case.balance,
            case.due_on,
            len(case.events),
        )

    def test_with_terms(self) -> None:
        """Given terms, the due date comes from terms.due_date (30 days net: 1 Mar + 30)."""
        case = Case.open("F-2", 100, ISSUED, terms=PaymentTerms.net(30))
        assert DUE == case.due_on

    def test_opened_after_due_date_is_amicable(self) -> None:
        """An old invoice opened after its due date starts at the amicable stage."""
        case = Case.open("F-3", 100, ISSUED, due_on=DUE, opened_on=day(10))
        assert Stage.AMICABLE == case.stage

    @pytest.mark.parametrize(
        ("kwargs", "error"),
        [
            ({}, InvalidArgument),
            ({"due_on": DUE, "terms": PaymentTerms.net(30)}, InvalidArgument),
            ({"due_on": DUE, "amount": 0}, InvalidAmount),
            ({"due_on": DUE, "amount": 12.5}, AmountTypeError),
            ({"due_on": DUE, "amount": "12.345"}, InvalidAmount),
            ({"due_on": DUE, "currency": "eur"}, InvalidAmount),
            ({"due_on": "2025-03-31"}, DateTypeError),
            ({"due_on": DUE, "opened_on": date(2025, 2, 1)}, InvalidDate),
            ({"due_on": DUE, "reference": " "}, InvalidArgument),
        ],
    )
    def test_bad_openings(self, kwargs: dict[str, object], error: type[Exception]) -> None:
        """Bad opening data raises the matching DunningError before anything is built."""
        args: dict[str, object] = {"reference": "F-1", "amount": 100, "issued_on": ISSUED}
        args.update(kwargs)
        with pytest.raises(error):
            Case.open(**args)  # type: ignore[arg-type]

    def test_repr(self) -> None:
        """The repr shows reference, stage, balance and the number of events."""
        assert "Case('F-1', stage=preventive, balance=Decimal('10000'), events=1)" == repr(opened())


class TestCaseConstructor:
    def test_needs_opening_first(self) -> None:
        """A case's first event is its InvoiceOpened."""
        with pytest.raises(InvalidArgument):
            Case((PaymentReceived(DUE, 1),), (Stage.AMICABLE,))

    def test_one_stage_per_event(self) -> None:
        """There is one stage per event."""
        with pytest.raises(InvalidArgument):
            Case(opened().events, ())

    def test_stages_never_go_back(self) -> None:
        """A record whose stage goes back is refused."""
        case = run(opened(), ContactMade(day(5), Channel.EMAIL, "reminder_email_1"))
        with pytest.raises(InvalidArgument, match="never go back"):
            Case(case.events, (Stage.AMICABLE, Stage.PREVENTIVE))

    def test_balance_never_negative(self) -> None:
        """Payments beyond the invoice pay penalties: the principal left is never negative."""
        events = (opened("100").events[0], PaymentReceived(DUE, 150))
        assert (Decimal(0), Decimal(150)) == (
            Case(events, (Stage.PREVENTIVE, Stage.PAID)).balance,
            Case(events, (Stage.PREVENTIVE, Stage.PAID)).paid,
        )

    def test_equality_is_the_record(self) -> None:
        """Two cases with the same events and stages are equal and hash alike."""
        assert opened() == opened()
        assert hash(opened()) == hash(opened())


class TestEvents:
    def test_promise_ends_after_it_is_made(self) -> None:
        """A promise cannot end before the day it is made."""
        with pytest.raises(InvalidDate):
            PromiseToPay(day(10), day(9))

    def test_plan_in_date_order(self) -> None:
        """Instalments come in date order, the first not before the plan."""
        with pytest.raises(InvalidDate):
            PaymentPlanAgreed(day(1), (Instalment(day(20), 1), Instalment(day(10), 1)))
        with pytest.raises(InvalidDate):
            PaymentPlanAgreed(day(5), (Instalment(day(1), 1),))
        with pytest.raises(InvalidArgument):
            PaymentPlanAgreed(day(5), ())

    def test_amounts_positive(self) -> None:
        """Payments and credit notes are more than zero, never floats."""
        with pytest.raises(InvalidAmount):
            PaymentReceived(DUE, 0)
        with pytest.raises(AmountTypeError):
            CreditNoteIssued(DUE, 1.5)  # type: ignore[arg-type]

    def test_dates_are_dates(self) -> None:
        """An event's date is a date, never a datetime."""
        with pytest.raises(DateTypeError):
            ContactMade(datetime(2025, 4, 1, 9, 0, tzinfo=timezone.utc), Channel.EMAIL)  # type: ignore[arg-type]

    def test_enums_checked(self) -> None:
        """A channel given as a string is refused with the accepted values."""
        with pytest.raises(InvalidArgument, match=r"Channel\.EMAIL"):
            ContactMade(DUE, "email")  # type: ignore[arg-type]


class TestCheckGuards:
    def test_terminal_is_absorbing(self) -> None:
        """Once paid, nothing else can happen."""
        case = run(opened("100"), everything_owed(opened("100"), day(2)))
        verdict = check(case, ContactMade(day(3), Channel.EMAIL), POLICY)
        assert (False, "the case is paid: terminal stages are absorbing") == (
            verdict.allowed,
            verdict.reason,
        )

    def test_event_learned_late_takes_its_place(self) -> None:
        """An event dated before the case's last one is recorded at its real date, in order."""
        case = run(opened(), ProofRecorded(day(5)))
        verdict = check(case, ProofRecorded(day(4), reference="late"), POLICY)
        assert verdict.case is not None
        assert [day(4), day(5)] == [event.on for event in verdict.case.events if event.on >= day(0)]
        assert ("late", "") == tuple(p.reference for p in verdict.case.proofs)

    def test_event_before_the_opening_is_refused(self) -> None:
        """Nothing happens to a case before it was opened; the refusal says so."""
        case = opened()
        verdict = check(case, ProofRecorded(case.opening.on - timedelta(days=1)), POLICY)
        assert not verdict
        assert f"before the case was opened on {case.opening.on}" in verdict.reason

    def test_same_day_is_fine(self) -> None:
        """Two events on the same day are in order."""
        case = run(opened(), ProofRecorded(day(5)))
        assert check(case, ProofRecorded(day(5)), POLICY)

    def test_dispute_freezes_contacts_and_escalation(self) -> None:
        """An open dispute refuses contacts, notices, hand-overs and claims, not payments."""
        case = run(opened(), DisputeOpened(day(3), "prix"))
        for event in (
            ContactMade(day(5), Channel.EMAIL, "reminder_email_1"),
            FormalNoticeSent(day(5)),
            HandedOver(day(5)),
            ClaimFiled(day(5)),
        ):
            verdict = check(case, event, POLICY)
            assert not verdict
            assert "dispute is open" in verdict.reason
        assert check(case, PaymentReceived(day(5), 10), POLICY)

    def test_promise_pauses_escalation_not_reminders(self) -> None:
        """While a promise runs, no formal notice; a reminder is still allowed."""
        case = run(opened(), PromiseToPay(day(5), day(20)))
        verdict = check(case, FormalNoticeSent(day(10)), POLICY)
        assert "escalation is paused by the promise to pay until 2025-04-20" == verdict.reason
        assert check(case, ContactMade(day(10), Channel.EMAIL), POLICY)
        assert check(case, FormalNoticeSent(day(21)), POLICY)

    def test_caps(self) -> None:
        """A fourth amicable e-mail is refused: the cap is 3 (seed 000)."""
        case = run(opened(), *(ContactMade(day(i), Channel.EMAIL) for i in (1, 2, 3)))
        verdict = check(case, ContactMade(day(4), Channel.EMAIL), POLICY)
        assert not verdict
        assert verdict.reason.startswith("cap reached: 3 email contact(s) at stage amicable")
        assert PRACTICE == verdict.article

    def test_pre_reminder_counted_apart(self) -> None:
        """The pre-reminder's e-mail does not use the amicable cap."""
        case = run(
            opened(),
            ContactMade(day(-5), Channel.EMAIL, "pre_reminder"),
            *(ContactMade(day(i), Channel.EMAIL) for i in (1, 2, 3)),
        )
        assert (1, 3) == (
            case.contacts_at(Stage.PREVENTIVE, Channel.EMAIL),
            case.contacts_at(Stage.AMICABLE, Channel.EMAIL),
        )

    @pytest.mark.parametrize(
        ("case", "event", "policy"),
        [
            ("not a case", ProofRecorded(DUE), POLICY),
            (None, ProofRecorded(DUE), POLICY),
            ("case", "not an event", POLICY),
            ("case", ProofRecorded(DUE), "not a policy"),
            ("case", opened().events[0], POLICY),
        ],
    )
    def test_never_raises(self, case: object, event: object, policy: object) -> None:
        """check() refuses wrong types with a reason instead of raising."""
        real = opened() if case == "case" else case
        verdict = check(real, event, policy)  # type: ignore[arg-type]
        assert not verdict
        assert verdict.reason


class TestRules:
    def test_contact_moves_to_step_stage(self) -> None:
        """An amicable step moves a preventive case to the amicable stage."""
        case = run(opened(), ContactMade(day(5), Channel.EMAIL, "reminder_email_1"))
        assert (Stage.AMICABLE, "reminder_email_1", {"reminder_email_1": day(5)}) == (
            case.stage,
            case.last_step,
            dict(case.steps_done),
        )

    def test_due_date_passing_makes_amicable(self) -> None:
        """Any event after the due date finds the case amicable."""
        assert Stage.AMICABLE == run(opened(), ProofRecorded(day(1))).stage

    @pytest.mark.parametrize(
        ("event", "words"),
        [
            (ContactMade(day(5), Channel.EMAIL, "nope"), "no step 'nope'"),
            (ContactMade(day(5), Channel.PHONE, "reminder_email_1"), "made by email, not phone"),
            (ContactMade(day(5), Channel.PHONE, "early_call"), "does not apply"),
            (ContactMade(day(5), Channel.EMAIL, "pre_reminder"), "would go back"),
            (ContactMade(day(45), Channel.REGISTERED_LETTER, "formal_notice"), "not a reminder"),
        ],
    )
    def test_contact_refusals(self, event: ContactMade, words: str) -> None:
        """A contact for a step is refused when it does not fit the step."""
        verdict = check(opened(), event, POLICY)
        assert not verdict
        assert words in verdict.reason

    def test_step_recorded_twice(self) -> None:
        """A step is recorded once."""
        case = run(opened(), ContactMade(day(5), Channel.EMAIL, "reminder_email_1"))
        verdict = check(case, ContactMade(day(9), Channel.EMAIL, "reminder_email_1"), POLICY)
        assert "already recorded on 2025-04-05" in verdict.reason

    def test_pre_reminder_only_for_large_invoices(self) -> None:
        """The pre-reminder does not apply to a 500 € invoice."""
        verdict = check(opened("500"), ContactMade(day(-5), Channel.EMAIL, "pre_reminder"), POLICY)
        assert "does not apply" in verdict.reason

    def test_formal_notice_by_registered_letter_only(self) -> None:
        """A formal notice by e-mail is refused, citing practice (seed 000), not C. civ. 1344."""
        verdict = check(opened(), FormalNoticeSent(day(45), Channel.EMAIL), POLICY)
        assert (False, PRACTICE) == (verdict.allowed, verdict.article)
        assert "registered letter" in verdict.reason
        assert "seed 000" in verdict.reason

    def test_formal_notice_not_before_due(self) -> None:
        """No mise en demeure before the invoice is due."""
        verdict = check(opened(), FormalNoticeSent(day(-1)), POLICY)
        assert not verdict
        assert "falls due on 2025-03-31" in verdict.reason

    def test_no_way_back_after_formal_notice(self) -> None:
        """After the formal notice, an amicable step is refused (seed 003)."""
        case = run(opened(), FormalNoticeSent(day(20)))
        verdict = check(case, ContactMade(day(25), Channel.EMAIL, "reminder_email_2"), POLICY)
        assert "would go back" in verdict.reason
        assert Stage.FORMAL_NOTICE == case.stage

    def test_second_notice_only_after_refusal(self) -> None:
        """A second formal notice needs the first one refused."""
        case = run(opened(), FormalNoticeSent(day(45)))
        assert "no recorded outcome" in check(case, FormalNoticeSent(day(50)), POLICY).reason
        received = run(case, FormalNoticeDelivered(day(47)))
        assert "not needed" in check(received, FormalNoticeSent(day(50)), POLICY).reason
        refused = run(case, FormalNoticeDelivered(day(47), Delivery.REFUSED))
        assert check(refused, FormalNoticeSent(day(50)), POLICY)

    def test_delivery_needs_a_notice(self) -> None:
        """A delivery without a formal notice, or twice, is refused."""
        assert not check(opened(), FormalNoticeDelivered(day(5)), POLICY)
        case = run(opened(), FormalNoticeSent(day(45)), FormalNoticeDelivered(day(47)))
        assert "already recorded" in check(case, FormalNoticeDelivered(day(48)), POLICY).reason

    def test_partial_then_full_payment(self) -> None:
        """Partial payments reduce the balance; paying everything owed closes the case as paid."""
        case = run(opened("1000"), PaymentReceived(day(3), 400))
        assert (Decimal(600), Stage.AMICABLE) == (case.balance, case.stage)
        principal_only = run(case, PaymentReceived(day(4), "600"))
        assert (Decimal(0), Stage.AMICABLE) == (principal_only.balance, principal_only.stage)
        assert Stage.PAID == run(principal_only, PenaltiesWaived(day(5))).stage
        case = run(case, everything_owed(case, day(4)))
        assert (Decimal(0), Stage.PAID) == (case.balance, case.stage)

    def test_overpayment_refused(self) -> None:
        """Paying what is owed (penalties and 40 € included) is accepted; more is refused."""
        # 1000 × 13.15 % × 3/365 = 1.08, plus the 40 € indemnity
        assert Stage.PAID == run(opened("1000"), PaymentReceived(day(3), "1041.08")).stage
        verdict = check(opened("1000"), PaymentReceived(day(3), "1041.09"), POLICY)
        assert "exceeds the balance of everything owed on 2025-04-03, 1041.08 EUR" in (
            verdict.reason
        )

    def test_payment_in_minor_units(self) -> None:
        """A payment with more decimals than the currency is refused."""
        assert not check(opened("1000"), PaymentReceived(day(3), "1.005"), POLICY)

    def test_credit_note_settles(self) -> None:
        """A credit note for the whole balance closes the case as settled."""
        case = run(opened("1000"), PaymentReceived(day(3), 200), CreditNoteIssued(day(4), 800))
        assert (Stage.SETTLED, Decimal(200), Decimal(800)) == (
            case.stage,
            case.paid,
            case.credited,
        )

    def test_dispute_open_and_resolve(self) -> None:
        """A dispute opens once and resolves once."""
        case = run(opened(), DisputeOpened(day(3)))
        assert "already open" in check(case, DisputeOpened(day(4)), POLICY).reason
        case = run(case, DisputeResolved(day(10)))
        assert (None, day(10)) == (case.dispute, case.dispute_resolved_on)
        assert not check(case, DisputeResolved(day(11)), POLICY)

    def test_plan_must_cover_the_balance(self) -> None:
        """A payment plan's instalments add up to the balance."""
        plan = PaymentPlanAgreed(day(5), (Instalment(day(30), 500),))
        assert "covers the balance of 1000" in check(opened("1000"), plan, POLICY).reason
        good = PaymentPlanAgreed(day(5), (Instalment(day(30), 500), Instalment(day(60), 500)))
        assert check(opened("1000"), good, POLICY)

    def test_missed_instalment_is_derived(self) -> None:
        """An instalment not covered by the payments since the plan is missed the day after."""
        plan = PaymentPlanAgreed(day(5), (Instalment(day(30), 500), Instalment(day(60), 500)))
        case = run(opened("1000"), plan, PaymentReceived(day(29), 500))
        assert day(60) == case.plan_missed_on
        assert case.plan_active(day(60))
        assert not case.plan_active(day(61))

    def test_alternative_resolution_after_notice(self) -> None:
        """Mediation follows the formal notice; before it, it is refused."""
        from dunning_core.machine import AlternativeResolutionStarted

        assert not check(opened(), AlternativeResolutionStarted(day(10)), POLICY)
        case = run(opened(), FormalNoticeSent(day(45)), AlternativeResolutionStarted(day(50)))
        assert Stage.ALTERNATIVE_RESOLUTION == case.stage

    def test_hand_over(self) -> None:
        """Handing over moves the case to litigation; not before the invoice is due."""
        assert not check(opened(), HandedOver(day(-2)), POLICY)
        case = run(opened(), HandedOver(day(20), Agent.LAWYER))
        assert (Stage.LITIGATION, Agent.LAWYER) == (case.stage, case.handed_over.to)  # type: ignore[union-attr]

    def test_settlement_and_write_off_close(self) -> None:
        """A settlement or a write-off closes the case from any open stage."""
        assert Stage.SETTLED == run(opened(), SettlementAgreed(day(3))).stage
        assert Stage.WRITTEN_OFF == run(opened(), WrittenOff(day(3))).stage


class TestClaimChecklist:
    def test_everything_missing(self) -> None:
        """With nothing done, the claim names the notice and the proofs."""
        verdict = check(opened(), ClaimFiled(day(80)), POLICY)
        assert ("formal_notice", "proofs") == tuple(item.code for item in verdict.missing)
        assert (CIV_1344, CPC_1405) == tuple(item.article for item in verdict.missing)
        assert (
            (
                "a formal notice (mise en demeure) sent by registered letter or served by a "
                "commissaire de justice"
            ),
            "proofs of the claim recorded (signed quote, delivery note, order...)",
        ) == tuple(item.message for item in verdict.missing)
        assert CIV_1344 == verdict.article

    def test_delivery_missing(self) -> None:
        """A notice sent but not delivered is named."""
        case = run(opened(), FormalNoticeSent(day(45)), ProofRecorded(day(46)))
        verdict = check(case, ClaimFiled(day(80)), POLICY)
        assert (
            "the delivery of the formal notice sent on 2025-05-15 (received or unclaimed)",
        ) == tuple(item.message for item in verdict.missing)
        assert date(2025, 5, 15) == verdict.missing[0].param("sent_on")

    def test_refused_notice(self) -> None:
        """A refused notice does not count: it must be served again."""
        case = run(
            opened(),
            FormalNoticeSent(day(45)),
            FormalNoticeDelivered(day(47), Delivery.REFUSED),
            ProofRecorded(day(48)),
        )
        (item,) = check(case, ClaimFiled(day(80)), POLICY).missing
        assert ("notice_served_again", True) == (item.code, "was refused" in item.message)

    def test_deadline_not_passed(self) -> None:
        """17 May + 15 = Sunday 1 June, moved to Monday 2 June (CPC 642): claim from 3 June."""
        case = run(to_notice_delivered(opened()), ProofRecorded(day(48)))
        verdict = check(case, ClaimFiled(date(2025, 6, 2)), POLICY)
        assert (
            "the formal notice's deadline to pass: it runs until 2025-06-02 (15 days from 2025-05-17)",
        ) == tuple(item.message for item in verdict.missing)
        assert check(case, ClaimFiled(date(2025, 6, 3)), POLICY)

    def test_unclaimed_counts(self) -> None:
        """An unclaimed registered letter counts as delivered (seed 003)."""
        case = run(
            opened(),
            FormalNoticeSent(day(45)),
            FormalNoticeDelivered(day(47), Delivery.UNCLAIMED),
            ProofRecorded(day(48)),
        )
        assert Stage.JUDICIAL == run(case, ClaimFiled(day(80))).stage

    def test_open_dispute_lists_every_missing_condition(self) -> None:
        """A claim refused by the dispute guard still names all that is missing."""
        case = run(to_notice_delivered(opened()), DisputeOpened(day(50)))
        verdict = check(case, ClaimFiled(day(80)), POLICY)
        assert not verdict
        assert ("no_dispute", "proofs") == tuple(item.code for item in verdict.missing)
        assert "aucun litige ouvert (un litige est ouvert depuis le 20 mai 2025)" == (
            verdict.missing[0].text("fr_FR")
        )

    def test_proofs_missing(self) -> None:
        """Without proofs, the claim is refused citing CPC 1405."""
        verdict = check(to_notice_delivered(opened()), ClaimFiled(day(80)), POLICY)
        assert (CPC_1405, 1) == (verdict.article, len(verdict.missing))

    def test_petites_creances_ceiling(self) -> None:
        """The small-claims procedure takes at most 5 000 € (CPCE L125-1)."""
        case = run(to_notice_delivered(opened()), ProofRecorded(day(48)))
        verdict = check(case, ClaimFiled(day(80), Procedure.PETITES_CREANCES), POLICY)
        assert CPCE_L125_1 == verdict.article
        small = run(to_notice_delivered(opened("4000")), ProofRecorded(day(48)))
        assert check(small, ClaimFiled(day(80), Procedure.PETITES_CREANCES), POLICY)


class TestApplyAndReplay:
    def test_apply_raises_with_data(self) -> None:
        """apply() raises IllegalTransition carrying stage, event, reason and article."""
        event = FormalNoticeSent(day(45), Channel.EMAIL)
        with pytest.raises(IllegalTransition) as info:
            apply(opened(), event, POLICY)
        error = info.value
        # the stage on the event's date: the preventive case is amicable after its due date
        assert (Stage.AMICABLE, event, PRACTICE) == (error.stage, error.event, error.article)
        assert isinstance(error, DunningError)

    def test_apply_leaves_the_case_unchanged(self) -> None:
        """apply() returns a new case; the old one is unchanged."""
        case = opened()
        apply(case, ProofRecorded(day(1)), POLICY)
        assert 1 == len(case.events)

    def test_replay_equals_fold(self) -> None:
        """replay(events) is the same case as applying them one by one."""
        case = run(
            opened(),
            ContactMade(day(5), Channel.EMAIL, "reminder_email_1"),
            PaymentReceived(day(6), 100),
            PromiseToPay(day(7), day(20)),
        )
        assert case == replay(case.events, POLICY)

    def test_replay_needs_opening(self) -> None:
        """replay() starts from an InvoiceOpened."""
        with pytest.raises(InvalidArgument):
            replay([], POLICY)
        with pytest.raises(InvalidArgument):
            replay([ProofRecorded(DUE)], POLICY)

    def test_replay_raises_on_illegal(self) -> None:
        """replay() raises on the first refused event."""
        with pytest.raises(IllegalTransition):
            replay([opened().events[0], DisputeResolved(DUE)], POLICY)


class TestNextActions:
    def test_pre_reminder_before_due(self) -> None:
        """A large invoice gets its pre-reminder 5 days before the due date."""
        assert ["pre_reminder"] == names(next_actions(opened(), POLICY, day(-5)))
        assert () == next_actions(opened(), POLICY, day(-6))

    def test_small_invoice_no_pre_reminder(self) -> None:
        """A small invoice's first action is the first amicable e-mail."""
        assert () == next_actions(opened("500"), POLICY, day(-5))
        assert ["reminder_email_1"] == names(next_actions(opened("500"), POLICY, day(5)))

    def test_sequential_never_skips(self) -> None:
        """Left unattended for 40 days, the case still gets its first reminder first."""
        (action,) = next_actions(opened("500"), POLICY, day(40))
        assert ("reminder_email_1", day(5), day(40)) == (
            action.step.name,
            action.due_on,
            action.as_of,
        )

    def test_one_contact_per_day_and_gap(self) -> None:
        """After a contact, the next step waits for the 3-day gap even if overdue."""
        case = Case.open("F-9", 500, ISSUED, due_on=DUE, opened_on=day(40))
        case = run(case, ContactMade(day(40), Channel.EMAIL, "reminder_email_1"))
        assert () == next_actions(case, POLICY, day(40))
        assert () == next_actions(case, POLICY, day(42))
        (action,) = next_actions(case, POLICY, day(43))
        assert ("reminder_call_1", day(43)) == (action.step.name, action.due_on)
        assert "at least 3 days after the last contact (2025-05-10)" == action.notes[0].message

    def test_jump_to_latest(self) -> None:
        """JUMP_TO_LATEST goes to the latest overdue reminder, naming the skipped ones."""
        policy = attrs.evolve(POLICY, backlog=Backlog.JUMP_TO_LATEST)
        case = Case.open("F-9", 500, ISSUED, due_on=DUE, opened_on=day(33))
        (action,) = next_actions(case, policy, day(33))
        assert "reminder_call_2" == action.step.name
        assert (
            "skipping reminder_email_1, reminder_call_1, reminder_letter_1, reminder_email_2"
            in (action.notes[-1].message)
        )

    def test_jump_never_over_the_notice(self) -> None:
        """JUMP_TO_LATEST stops at the formal notice, even long after it."""
        policy = attrs.evolve(POLICY, backlog=Backlog.JUMP_TO_LATEST)
        case = Case.open("F-9", 500, ISSUED, due_on=DUE, opened_on=day(200))
        assert ["formal_notice"] == names(next_actions(case, policy, day(200)))

    def test_promise_pauses_then_resumes(self) -> None:
        """A promise pauses; once broken, the next step is due the day after it ended."""
        case = run(
            opened("500"),
            ContactMade(day(5), Channel.EMAIL, "reminder_email_1"),
            PromiseToPay(day(6), day(30)),
        )
        assert () == next_actions(case, POLICY, day(30))
        (action,) = next_actions(case, POLICY, day(31))
        assert ("reminder_call_1", day(31)) == (action.step.name, action.due_on)
        assert "escalation resumed on 2025-05-01, when the pause ended" == action.notes[0].message

    def test_resume_respects_own_date(self) -> None:
        """A short pause does not make a later step due early: its own date wins."""
        case = run(
            opened("500"),
            ContactMade(day(5), Channel.EMAIL, "reminder_email_1"),
            PromiseToPay(day(6), day(7)),
        )
        (action,) = next_actions(case, POLICY, day(12))
        assert day(10) == action.due_on

    def test_dispute_freezes(self) -> None:
        """Nothing is planned while a dispute is open; after it, dunning resumes."""
        case = run(opened("500"), DisputeOpened(day(3)))
        assert () == next_actions(case, POLICY, day(30))
        case = run(case, DisputeResolved(day(30)))
        (action,) = next_actions(case, POLICY, day(30))
        assert ("reminder_email_1", day(30)) == (action.step.name, action.due_on)

    def test_plan_pauses_until_missed(self) -> None:
        """A plan on track pauses; a missed instalment resumes dunning after the grace days."""
        plan = PaymentPlanAgreed(day(5), (Instalment(day(20), 250), Instalment(day(50), 250)))
        case = run(opened("500"), plan)
        assert 5 == POLICY.plan_grace_days  # a transfer takes a few days to arrive
        assert () == next_actions(case, POLICY, day(25))
        (action,) = next_actions(case, POLICY, day(26))
        assert ("reminder_email_1", day(26)) == (action.step.name, action.due_on)
        paid = run(case, PaymentReceived(day(24), 250))  # within the grace days
        assert () == next_actions(paid, POLICY, day(40))

    def test_terminal_plans_nothing(self) -> None:
        """A paid case gets no action, ever."""
        case = run(opened("500"), everything_owed(opened("500"), day(1)))
        assert () == next_actions(case, POLICY, day(100))

    def test_today_before_last_event(self) -> None:
        """Planning before the last event is an error."""
        case = run(opened(), ProofRecorded(day(10)))
        with pytest.raises(InvalidDate):
            next_actions(case, POLICY, day(9))
        with pytest.raises(DateTypeError):
            next_actions(case, POLICY, "2025-05-01")  # type: ignore[arg-type]

    def test_cap_used_by_ad_hoc_contacts_skips_step(self) -> None:
        """When ad-hoc e-mails used the cap, the e-mail steps are skipped, with a note."""
        case = run(opened("500"), *(ContactMade(day(i), Channel.EMAIL) for i in (1, 2, 3)))
        (action,) = next_actions(case, POLICY, day(10))
        assert "reminder_call_1" == action.step.name
        assert "step 'reminder_email_1' skipped: its cap is reached" == action.notes[0].message

    def test_amicable_phase_limit(self) -> None:
        """After the 60-day amicable phase, reminders are dropped: the formal notice is due."""
        case = run(opened("500"), ContactMade(day(5), Channel.EMAIL, "reminder_email_1"))
        (action,) = next_actions(case, POLICY, day(61))
        assert "formal_notice" == action.step.name
        assert any("the amicable phase ends on 2025-05-30" in r.message for r in action.notes)
        late_call = ContactMade(day(61), Channel.PHONE, "reminder_call_1")
        assert "the amicable phase ended on 2025-05-30" in check(case, late_call, POLICY).reason

    def test_pause_extends_the_amicable_phase(self) -> None:
        """A promise (6 to 70 days after the due date) extends the phase by its 65 days."""
        case = run(
            opened("500"),
            ContactMade(day(5), Channel.EMAIL, "reminder_email_1"),
            PromiseToPay(day(6), day(70)),
        )
        assert day(125) == case.amicable_end(POLICY)
        (action,) = next_actions(case, POLICY, day(71))
        assert ("reminder_call_1", day(71)) == (action.step.name, action.due_on)

    def test_hand_over_waits_for_deadline(self) -> None:
        """The hand-over comes the day after the notice's deadline (17 May + 15, a Sunday: 2 June)."""
        case = to_notice_delivered(opened("500"))
        assert () == next_actions(case, POLICY, date(2025, 6, 2))
        (action,) = next_actions(case, POLICY, date(2025, 6, 3))
        assert ("hand_over", None) == (action.step.name, action.channel)

    def test_nothing_while_delivery_unknown(self) -> None:
        """With the notice sent but no delivery recorded, a note asks for it, once."""
        case = run(opened("500"), FormalNoticeSent(day(45), step="formal_notice"))
        assert () == next_actions(case, POLICY, day(59))
        (action,) = next_actions(case, POLICY, day(60))  # 15 days of La Poste's holding period
        assert ("hand_over", True, "notice_delivery") == (
            action.step.name,
            action.blocked,
            action.missing[0].code,
        )
        assert "avis de réception" in action.notes[0].message
        assert () == next_actions(case, POLICY, day(90))

    def test_refused_notice_served_again(self) -> None:
        """A refused formal notice is planned again, the day after the refusal."""
        case = run(
            opened("500"),
            FormalNoticeSent(day(45), step="formal_notice"),
            FormalNoticeDelivered(day(47), Delivery.REFUSED),
        )
        (action,) = next_actions(case, POLICY, day(48))
        assert ("formal_notice", day(48), CIV_1344) == (
            action.step.name,
            action.due_on,
            action.notes[0].article,
        )

    def test_claim_lists_missing_proofs(self) -> None:
        """A claim without proofs is reported once, blocked, with what is missing."""
        case = run(to_notice_delivered(opened("500")), HandedOver(date(2025, 6, 3)))
        # deadline Monday 2 June; claim 15 days after the hand-over step: 18 June
        assert () == next_actions(case, POLICY, date(2025, 6, 17))
        (action,) = next_actions(case, POLICY, date(2025, 6, 18))
        assert ("court_claim", True) == (action.step.name, action.blocked)
        assert ("proofs of the claim recorded (signed quote, delivery note, order...)",) == tuple(
            item.message for item in action.missing
        )
        assert () == next_actions(case, POLICY, date(2025, 6, 19))  # not every day again
        proved = run(case, ProofRecorded(date(2025, 6, 20)))
        (action,) = next_actions(proved, POLICY, date(2025, 6, 21))
        assert ("court_claim", False, ()) == (action.step.name, action.blocked, action.missing)

    def test_reasons_cite_articles(self) -> None:
        """Every reason carries an Article."""
        (action,) = next_actions(opened(), POLICY, day(-5))
        assert all(isinstance(r.article, Article) for r in action.reasons)
        assert "step 'pre_reminder' (preventive, email), 5 days before the due date 2025-03-31" == (
            action.reasons[0].message
        )

    def test_business_days(self) -> None:
        """A step in business days skips the weekend and Whit Monday (Fri 6 Jun 2025 + 1 = Tue 10)."""
        from dunning_core.policy import Step

        policy = Policy(steps=[Step("call", Stage.AMICABLE, Channel.PHONE, 1, business_days=True)])
        case = Case.open("F-B", 100, date(2025, 5, 7), due_on=date(2025, 6, 6))
        assert () == next_actions(case, policy, date(2025, 6, 9))
        (action,) = next_actions(case, policy, date(2025, 6, 10))
        assert date(2025, 6, 10) == action.due_on
        assert "1 business day after" in action.reasons[0].message

    def test_deterministic(self) -> None:
        """Same case, same policy, same day: the same actions."""
        assert next_actions(opened(), POLICY, day(7)) == next_actions(opened(), POLICY, day(7))


class TestTimeline:
    def test_default_dates(self) -> None:
        """The full default schedule; hand-over after the deadline (15 May + 15 = 30 May)."""
        planned = [(a.step.name, a.due_on) for a in timeline(opened(), POLICY)]
        assert [
            ("pre_reminder", day(-5)),
            ("reminder_email_1", day(5)),
            ("reminder_call_1", day(10)),
            ("reminder_letter_1", day(20)),
            ("reminder_email_2", day(25)),
            ("reminder_call_2", day(30)),
            ("reminder_letter_2", day(35)),
            ("reminder_call_3", day(40)),
            ("formal_notice", day(45)),
            ("hand_over", day(61)),
            ("court_claim", day(76)),
        ] == planned

    def test_from_a_paused_case(self) -> None:
        """A running promise is assumed broken: the timeline resumes the day after it."""
        case = run(opened("500"), PromiseToPay(day(1), day(15)))
        first = timeline(case, POLICY)[0]
        assert ("reminder_email_1", day(16)) == (first.step.name, first.due_on)

    def test_empty_when_frozen_or_closed(self) -> None:
        """A disputed or closed case has no timeline."""
        assert () == timeline(run(opened(), DisputeOpened(day(1))), POLICY)
        assert () == timeline(run(opened("5"), everything_owed(opened("5"), day(1))), POLICY)

    def test_new_unresponsive(self) -> None:
        """A new client who never answers: calls, then the notice on day 20."""
        case = opened("500", DebtorSegment.NEW_UNRESPONSIVE)
        assert ["new_client_call_1", "new_client_call_2", "new_client_formal_notice"] == names(
            timeline(case, POLICY)
        )[:3]


class TestAmounts:
    def test_business(self) -> None:
        """10 000 € due 31 Mar 2025, on 15 Aug: 327.85 + 153.12 interest, 40 € (L441-10)."""
        # 10000 × 13.15 % × 91/365 = 327.85 (H1); 10000 × 12.15 % × 46/365 = 153.12 (H2)
        a = claim_amounts(opened(), POLICY, date(2025, 8, 15))
        assert (Decimal("480.97"), Decimal("40.00"), Decimal("10520.97")) == (
            a.interest,
            a.indemnity,
            a.total,
        )
        assert PenaltyBasis.STATUTORY == a.basis

    def test_payment_reduces_principal(self) -> None:
        """A partial payment pays the interest accrued first (C. civ. 1343-1), then principal."""
        # 10000 × 13.15 % × 30/365 = 108.08 paid first: principal 10000 - 3891.92 = 6108.08;
        # then 6108.08 × 13.15 % × 61/365 = 134.24 (to 30 June)
        case = run(opened(), PaymentReceived(day(30), 4000))
        a = claim_amounts(case, POLICY, date(2025, 6, 30))
        assert (Decimal("6108.08"), Decimal("134.24")) == (a.principal, a.interest)
        # principal first, by the parties' agreement: 108.08 + 6000 × 13.15 % × 61/365 = 131.86
        principal_first = attrs.evolve(POLICY, allocation=Allocation.PRINCIPAL_FIRST)
        b = claim_amounts(case, principal_first, date(2025, 6, 30))
        assert (Decimal(6000), Decimal("239.94")) == (b.principal, b.interest)

    def test_consumer_before_and_after_notice(self) -> None:
        """A consumer owes nothing extra before the notice, legal interest after, never 40 €."""
        case = opened("1000", DebtorSegment.CONSUMER)
        before = claim_amounts(case, POLICY, day(40))
        assert (Decimal(0), Decimal(0), None) == (
            before.interest,
            before.indemnity,
            before.breakdown,
        )
        case = to_notice_delivered(case)
        after = claim_amounts(case, POLICY, date(2025, 6, 30))
        # delivered 17 May: 1000 × 3.71 % (legal rate, autres cas, 2025 H1) × 44/365 = 4.47
        assert (Decimal(0), Decimal("4.47")) == (after.indemnity, after.interest)
        assert date(2025, 5, 18) == after.breakdown.lines[0].start  # type: ignore[union-attr]

    def test_public_body(self) -> None:
        """A public body owes moratorium interest of the public procurement code."""
        # ECB rate on 1 Jan 2025 3.15 + 8 = 11.15 %; 1000 × 11.15 % × 30/365 = 9.16
        a = claim_amounts(opened("1000", DebtorSegment.PUBLIC_BODY), POLICY, day(30))
        assert PenaltyBasis.PUBLIC_PROCUREMENT == a.basis
        assert (Decimal("9.16"), Decimal("40.00")) == (a.interest, a.indemnity)

    def test_action_amounts_on_its_day(self) -> None:
        """An action's amounts are computed on the day it was planned for."""
        (action,) = next_actions(opened(), POLICY, date(2025, 8, 15))
        assert Decimal("480.97") == action.amounts().interest


_EVENT_MAKERS = st.sampled_from(
    [
        lambda on, rnd: ContactMade(on, rnd.choice(list(Channel))),
        lambda on, rnd: ContactMade(
            on, Channel.EMAIL, rnd.choice(["reminder_email_1", "reminder_email_2", "pre_reminder"])
        ),
        lambda on, rnd: ContactMade(
            on, Channel.PHONE, rnd.choice(["reminder_call_1", "early_call"])
        ),
        lambda on, rnd: PaymentReceived(on, rnd.choice([1, 100, 400, 1000])),
        lambda on, rnd: CreditNoteIssued(on, rnd.choice([1, 250])),
        lambda on, rnd: PromiseToPay(on, on + timedelta(days=rnd.randint(0, 20))),
        lambda on, rnd: DisputeOpened(on),
        lambda on, rnd: DisputeResolved(on),
        lambda on, rnd: FormalNoticeSent(
            on, rnd.choice([Channel.REGISTERED_LETTER, Channel.EMAIL])
        ),
        lambda on, rnd: FormalNoticeDelivered(on, rnd.choice(list(Delivery))),
        lambda on, rnd: HandedOver(on),
        lambda on, rnd: ClaimFiled(on, rnd.choice(list(Procedure))),
        lambda on, rnd: ProofRecorded(on),
        lambda on, rnd: PaymentPlanAgreed(on, (Instalment(on + timedelta(days=10), 1),)),
        lambda on, rnd: WrittenOff(on),
    ]
)


class TestProperties:
    @given(
        steps=st.lists(st.tuples(st.integers(0, 9), _EVENT_MAKERS), max_size=25),
        segment=st.sampled_from(list(DebtorSegment)),
        rnd=st.randoms(use_true_random=False),
    )
    def test_invariants_hold_under_random_events(
        self, steps: list[tuple[int, object]], segment: DebtorSegment, rnd: object
    ) -> None:
        """Whatever is offered, check never raises, and allowed events keep the invariants."""
        case = Case.open("F-P", "1000", ISSUED, due_on=DUE, segment=segment)
        on = ISSUED
        for gap, make in steps:
            on += timedelta(days=gap)
            event = make(on, rnd)  # type: ignore[operator]
            verdict = check(case, event, POLICY)
            assert verdict.allowed or verdict.reason
            if not verdict.allowed:
                continue
            new = verdict.case
            assert new is not None
            assert new.stage.rank >= case.stage.rank  # invariant 2
            assert Decimal(0) <= new.balance  # invariant 6
            # what is left, plus payments and credit notes, covers the invoice (beyond it they
            # paid penalties and the indemnity)
            assert new.balance == max(Decimal(0), new.amount - new.paid - new.credited)
            for (stage, channel), count in new.contacts.items():  # invariant 1
                limit = POLICY.cap(stage, channel)
                assert limit is None or count <= limit
            if isinstance(event, ClaimFiled):  # invariant 4
                assert new.delivery is not None
                assert new.delivery.outcome is not Delivery.REFUSED
                assert new.proofs
            case = new
            actions = next_actions(case, POLICY, on)
            assert len(actions) <= 1
            if case.stage.terminal or case.dispute is not None:  # invariants 3 and 5
                assert () == actions
        assert case == replay(case.events, POLICY)  # invariant 7

    def test_opening_event_kind(self) -> None:
        """Each event type names its kind for serialization."""
        assert "invoice_opened" == InvoiceOpened.kind
