"""Audit of the one transition table (machine._rules): reachability, traps, terminals, duplicates."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import attrs
import pytest

from dunning_core.errors import (
    ArgumentTypeError,
    DateTypeError,
    IllegalTransition,
    InvalidArgument,
)
from dunning_core.law import (
    CCP_L2192_14,
    CIV_1344,
    CJA_R541_1,
    CPC_653,
    CPCE_L125_1,
    L110_4,
    L622_7,
    L622_21,
    L622_24,
    L622_26,
    L631_15,
    L641_1,
    PRACTICE,
    Article,
)
from dunning_core.machine import (
    EVENT_TYPES,
    TRANSITION_ENTRIES,
    TRANSITIONS,
    AlternativeResolutionStarted,
    Case,
    ClaimDeclared,
    ClaimFiled,
    CollectiveProcedure,
    CollectiveProcedureOpened,
    ContactMade,
    CreditNoteIssued,
    Delivery,
    DisputeOpened,
    DisputeResolved,
    Event,
    ForeclosureReliefRequested,
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
    Reason,
    SettlementAgreed,
    WrittenOff,
    apply,
    check,
    claim_checklist,
    replay,
    transition_diagram,
)
from dunning_core.money import Money
from dunning_core.policy import Cap, Channel, DebtorSegment, Policy, Stage, Step, french_default

DOC = Path(__file__).parent.parent / "docs" / "machine.md"
POLICY = french_default()
OPEN_STAGES = [s for s in Stage if not s.terminal]
START = {Stage.PREVENTIVE, Stage.AMICABLE}  # InvoiceOpened before / after the due date


def _graph() -> dict[Stage, set[Stage]]:
    graph: dict[Stage, set[Stage]] = {s: set() for s in Stage}
    for entry in TRANSITION_ENTRIES:
        graph[entry.stage] |= entry.targets
    graph[Stage.PREVENTIVE].add(Stage.AMICABLE)  # the due date passing
    return graph


def _reachable(graph: dict[Stage, set[Stage]], start: set[Stage]) -> set[Stage]:
    seen = set(start)
    todo = list(start)
    while todo:
        for target in graph[todo.pop()]:
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return seen


class TestTableAudit:
    def test_every_stage_reachable(self) -> None:
        """Every stage can be reached from the opening of a case."""
        assert set(Stage) == _reachable(_graph(), START)

    def test_no_trap_stage(self) -> None:
        """From every open stage, some terminal stage can be reached."""
        graph = _graph()
        terminals = {s for s in Stage if s.terminal}
        for stage in OPEN_STAGES:
            assert _reachable(graph, {stage}) & terminals, stage

    def test_terminal_stages_have_no_entry(self) -> None:
        """No entry starts from a terminal stage: they are absorbing."""
        assert [] == [e for e in TRANSITION_ENTRIES if e.stage.terminal]

    def test_no_duplicate_pairs(self) -> None:
        """Each (stage, event type) pair has one entry."""
        pairs = Counter((e.stage, e.event) for e in TRANSITION_ENTRIES)
        assert [] == [pair for pair, count in pairs.items() if count > 1]
        assert len(TRANSITION_ENTRIES) == len(TRANSITIONS)

    def test_stage_never_goes_back(self) -> None:
        """No entry leads to a stage of lower rank (after the notice, never back to amicable)."""
        assert [] == [
            (e.stage, e.event.__name__, t)
            for e in TRANSITION_ENTRIES
            for t in e.targets
            if t.rank < e.stage.rank
        ]

    def test_every_entry_explains_itself(self) -> None:
        """Every entry has a description and cites an Article."""
        for entry in TRANSITION_ENTRIES:
            assert entry.description, entry
            assert isinstance(entry.article, Article), entry

    def test_every_event_type_is_in_the_table(self) -> None:
        """Every event type except the opening has at least one entry."""
        assert set(EVENT_TYPES) - {InvoiceOpened} == {e.event for e in TRANSITION_ENTRIES}


def _samples(on: date) -> list[object]:
    return [
        ContactMade(on, Channel.EMAIL),
        ContactMade(on, Channel.EMAIL, "reminder_email_1"),
        FormalNoticeSent(on),
        FormalNoticeDelivered(on),
        PaymentReceived(on, 1),
        PaymentReceived(on, 10**6),
        CreditNoteIssued(on, 1),
        PromiseToPay(on, on + timedelta(days=5)),
        DisputeOpened(on),
        DisputeResolved(on),
        PaymentPlanAgreed(on, (Instalment(on, 3),)),
        AlternativeResolutionStarted(on),
        HandedOver(on),
        ClaimFiled(on),
        ProofRecorded(on),
        SettlementAgreed(on),
        WrittenOff(on),
    ]


def _cases() -> list[Case]:
    due = date(2025, 3, 31)
    base = Case.open("F-T", "1000", date(2025, 3, 1), due_on=due)
    on = due + timedelta(days=50)
    notice = apply(base, FormalNoticeSent(on), POLICY)
    delivered = apply(notice, FormalNoticeDelivered(on), POLICY)
    mediation = apply(delivered, AlternativeResolutionStarted(on), POLICY)
    handed = on + timedelta(days=16)  # the day after the notice's 15-day deadline (CPC 642)
    litigation = apply(delivered, HandedOver(handed), POLICY)
    proofs = apply(litigation, ProofRecorded(handed), POLICY)
    judicial = apply(proofs, ClaimFiled(on + timedelta(days=30)), POLICY)
    disputed = apply(litigation, DisputeOpened(handed), POLICY)
    paid = apply(base, PaymentReceived(on, 1000), POLICY)
    return [base, notice, delivered, mediation, litigation, judicial, disputed, paid]


class TestRefusals:
    @pytest.mark.parametrize("case", _cases(), ids=lambda c: c.stage.value)
    def test_every_refusal_has_a_reason_and_article(self, case: Case) -> None:
        """Whatever the stage and the event, a refusal says why and cites a rule."""
        for days in (-100, 0, 40):
            for event in _samples(case.last_on + timedelta(days=days)):
                verdict = check(case, event, POLICY)  # type: ignore[arg-type]
                if not verdict.allowed:
                    assert verdict.reason, (case.stage, event)
                    assert isinstance(verdict.article, Article), (case.stage, event)

    @pytest.mark.parametrize("stage", [Stage.PAID, Stage.SETTLED, Stage.WRITTEN_OFF])
    def test_terminal_refuses_everything(self, stage: Stage) -> None:
        """A closed case refuses every event type."""
        base = Case.open("F-T", "10", date(2025, 3, 1), due_on=date(2025, 3, 31))
        closing = {
            Stage.PAID: PaymentReceived(date(2025, 4, 1), "50.00"),  # with 40 € and penalties
            Stage.SETTLED: SettlementAgreed(date(2025, 4, 1)),
            Stage.WRITTEN_OFF: WrittenOff(date(2025, 4, 1)),
        }[stage]
        case = apply(base, closing, POLICY)
        assert stage == case.stage
        for event in _samples(date(2025, 4, 2)):
            assert not check(case, event, POLICY)  # type: ignore[arg-type]

    def test_pairs_outside_the_table_are_refused(self) -> None:
        """A pair absent from the table is refused with a reason naming the stage."""
        case = Case.open("F-T", "10", date(2025, 3, 1), due_on=date(2025, 3, 31))
        verdict = check(case, AlternativeResolutionStarted(date(2025, 4, 5)), POLICY)
        assert not verdict
        assert verdict.reason.startswith(
            "alternative_resolution_started is not possible at stage amicable"
        )


class TestDiagram:
    def test_diagram_lists_every_edge(self) -> None:
        """Every non-loop (stage, target) of the table appears in the diagram."""
        text = transition_diagram()
        for entry in TRANSITION_ENTRIES:
            for target in entry.targets - {entry.stage}:
                assert f"{entry.stage.value} --> {target.value}:" in text
        assert text.startswith("stateDiagram-v2\n")

    def test_doc_in_sync(self) -> None:
        """docs/machine.md shows the diagram exactly as transition_diagram() draws it."""
        blocks = re.findall(r"```mermaid\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
        assert [transition_diagram()] == blocks


# --- each rule at the boundary where a wrong comparison, constant or message shows -----------------
# (docs/mutation.md: the mutants of machine/_rules.py these tests kill).  Reasons are compared word
# for word: they are what the host shows a person.

DUE = date(2025, 3, 31)


def _on(days: int) -> date:
    """The day *days* after the due date of the test invoice (2025-03-31)."""
    return DUE + timedelta(days=days)


def _opened(amount: str = "1000") -> Case:
    return Case.open("F-R", amount, date(2025, 3, 1), due_on=DUE)


def _run(case: Case, *events: Event) -> Case:
    for event in events:
        case = apply(case, event, POLICY)
    return case


def _ready_to_claim() -> Case:
    """Notice sent on day 45, received on day 47 (deadline day 55), proofs on day 48."""
    return _run(
        _opened(),
        FormalNoticeSent(_on(45)),
        FormalNoticeDelivered(_on(47)),
        ProofRecorded(_on(48)),
    )


class TestRuleBoundaries:
    def test_penalties_waived_only_once_the_whole_principal_is_paid(self) -> None:
        """Fifty cents of principal left: waiving the penalties is refused, saying what to do."""
        # Paid the day before the due date: no interest yet, the 100 € all go to the principal.
        case = _run(_opened("100.50"), PaymentReceived(_on(-1), 100))
        verdict = check(case, PenaltiesWaived(_on(5)), POLICY)
        assert (False, PRACTICE) == (verdict.allowed, verdict.article)
        assert (
            "the principal is not paid (0.50 EUR left): penalties are waived once it is; record "
            "a credit note, a settlement or a write-off instead"
        ) == verdict.reason

    def test_a_business_claim_is_time_barred_five_years_after_the_due_date(self) -> None:
        """Between professionals the limit is C. com. L110-4, 5 years (the consumer's is apart)."""
        case = _ready_to_claim()
        assert check(case, ClaimFiled(date(2030, 3, 31)), POLICY)
        verdict = check(case, ClaimFiled(date(2030, 4, 1)), POLICY)
        (missing,) = verdict.missing
        assert ("prescription", L110_4, L110_4) == (missing.code, missing.article, verdict.article)
        assert (
            "a claim not yet time-barred: the action could be brought until 31 March 2030 "
            "(C. com. art. L110-4)"
        ) == missing.text(locale="en_GB")

    def test_replay_says_what_it_needs(self) -> None:
        """replay() of something that is not a sequence of events, or without its opening."""
        with pytest.raises(ArgumentTypeError) as error:
            replay("F-R", POLICY)  # type: ignore[arg-type]
        assert "events: a sequence of events starting with an InvoiceOpened (got 'F-R')" == str(
            error.value
        )
        late = ProofRecorded(DUE)
        with pytest.raises(InvalidArgument) as refused:
            replay([late], POLICY)
        assert f"events: a sequence starting with an InvoiceOpened (got ({late!r},))" == str(
            refused.value
        )

    def test_an_event_learned_late_that_breaks_a_later_claim_names_it(self) -> None:
        """A dispute learned late, opened before the claim was filed: the claim would be refused."""
        case = _run(_ready_to_claim(), ClaimFiled(_on(80)))
        assert Stage.JUDICIAL == case.stage
        verdict = check(case, DisputeOpened(_on(60)), POLICY)
        assert not verdict
        assert verdict.reason.startswith(
            "recording dispute_opened on 2025-05-30 makes a later event illegal: claim_filed of "
            "2025-06-19 would be refused (a dispute is open since 2025-05-30"
        )
        # the later claim's checklist comes with the refusal, as a value
        assert ["no_dispute"] == [item.code for item in verdict.missing]

    def test_an_event_learned_late_keeps_the_later_refusal_s_article(self) -> None:
        """A formal notice learned late, before one already sent: the second needs C. civ. 1344."""
        case = _run(_opened(), FormalNoticeSent(_on(45)))
        verdict = check(case, FormalNoticeSent(_on(40)), POLICY)
        assert (False, CIV_1344) == (verdict.allowed, verdict.article)
        assert verdict.reason.startswith(
            "recording formal_notice_sent on 2025-05-10 makes a later event illegal: "
            "formal_notice_sent of 2025-05-15 would be refused (the formal notice sent on "
            "2025-05-10 has no recorded outcome"
        )

    def test_an_event_learned_late_gives_the_stage_after_it(self) -> None:
        """The verdict of an event learned late carries the stage the case ends at."""
        case = _run(_opened(), FormalNoticeSent(_on(45)))
        verdict = check(case, ProofRecorded(_on(10)), POLICY)
        assert verdict.case is not None
        assert (Stage.FORMAL_NOTICE, Stage.FORMAL_NOTICE) == (verdict.stage, verdict.case.stage)

    def test_a_second_judgment_only_converts_the_procedure(self) -> None:
        """
        A redressement converts into a liquidation only (C. com. L631-15), and a liquidation into
        nothing (L641-1): any other judgment is refused, naming what is allowed.
        """
        redressement = CollectiveProcedureOpened(_on(60), CollectiveProcedure.REDRESSEMENT, _on(70))
        case = _run(_opened(), redressement)
        back = CollectiveProcedureOpened(_on(90), CollectiveProcedure.SAUVEGARDE, _on(95))
        verdict = check(case, back, POLICY)
        assert (False, L631_15) == (verdict.allowed, verdict.article)
        assert (
            "the debtor's redressement was pronounced on 2025-05-30: a later judgment converts it "
            "into liquidation only, not into sauvegarde"
        ) == verdict.reason
        liquidation = CollectiveProcedureOpened(_on(90), CollectiveProcedure.LIQUIDATION, _on(95))
        case = _run(case, liquidation)
        again = CollectiveProcedureOpened(_on(99), CollectiveProcedure.LIQUIDATION, _on(100))
        last = check(case, again, POLICY)
        assert (False, L641_1) == (last.allowed, last.article)
        assert (
            "the debtor's judicial liquidation was pronounced on 2025-06-29: it is the last "
            "judgment, none converts it into liquidation"
        ) == last.reason

    def test_instalments_in_the_currency_s_minor_unit(self) -> None:
        """A payment plan with an instalment of a tenth of a cent is refused."""
        plan = PaymentPlanAgreed(
            _on(5), (Instalment(_on(30), "500.001"), Instalment(_on(60), "499.999"))
        )
        verdict = check(_opened(), plan, POLICY)
        assert (False, "instalments in EUR have at most its minor unit") == (
            verdict.allowed,
            verdict.reason,
        )

    def test_a_plan_s_instalments_add_up_to_the_balance(self) -> None:
        plan = PaymentPlanAgreed(_on(5), (Instalment(_on(30), 500),))
        assert (
            "the instalments add up to 500.00 EUR; a payment plan (échéancier) covers the balance "
            "of 1000.00 EUR"
        ) == check(_opened(), plan, POLICY).reason

    def test_an_overpayment_is_refused_with_what_is_owed_line_by_line(self) -> None:
        """1000 × 13.15 % × 3/365 = 1.08 of interest and the 40 € indemnity: a cent more is refused."""
        verdict = check(_opened(), PaymentReceived(_on(3), "1041.09"), POLICY)
        assert (
            "a payment of 1041.09 EUR exceeds the balance of everything owed on 2025-04-03, "
            "1041.08 EUR (1000.00 EUR of principal, 1.08 EUR of interest, 40.00 EUR of "
            "indemnity); an overpayment is refused"
        ) == verdict.reason

    def test_a_second_dispute_names_the_open_one(self) -> None:
        case = _run(_opened(), DisputeOpened(_on(3)))
        verdict = check(case, DisputeOpened(_on(4)), POLICY)
        assert "a dispute is already open since 2025-04-03" == verdict.reason

    def test_a_promise_above_the_balance_is_refused(self) -> None:
        """A promise to pay more than the balance is refused; the whole balance is accepted."""
        assert check(_opened(), PromiseToPay(_on(5), _on(20), "1000"), POLICY)
        verdict = check(_opened(), PromiseToPay(_on(5), _on(20), "1000.01"), POLICY)
        assert (False, "a promise of 1000.01 EUR exceeds the balance of 1000.00 EUR") == (
            verdict.allowed,
            verdict.reason,
        )

    def test_the_penalty_claim_goes_by_its_own_channel(self) -> None:
        """The letter claiming the penalties once the principal is paid is a letter."""
        case = _run(_opened(), PaymentReceived(_on(3), 1000))  # late: penalties and 40 € owed
        assert (Decimal(0), Stage.AMICABLE) == (case.balance, case.stage)
        verdict = check(case, ContactMade(_on(5), Channel.EMAIL, "penalty_claim"), POLICY)
        assert (False, "step 'penalty_claim' is made by letter, not email") == (
            verdict.allowed,
            verdict.reason,
        )

    def test_the_penalty_claim_waits_for_the_whole_principal(self) -> None:
        """With fifty cents of principal left, the letter claiming the penalties is refused."""
        case = _run(_opened("1000.50"), PaymentReceived(_on(-1), 1000))
        verdict = check(case, ContactMade(_on(5), Channel.LETTER, "penalty_claim"), POLICY)
        assert (False, PRACTICE) == (verdict.allowed, verdict.article)
        assert (
            "step 'penalty_claim' claims the penalties and the indemnity once the principal is "
            "paid; 0.50 EUR of principal is still owed"
        ) == verdict.reason

    def test_the_penalty_claim_follows_the_policy_s_restrictions(self) -> None:
        """A policy that claims penalties only on invoices of 5 000 € or more: not on 1 000 €."""
        steps = tuple(
            attrs.evolve(step, min_amount=5000) if step.name == "penalty_claim" else step
            for step in POLICY.steps
        )
        policy = attrs.evolve(POLICY, steps=steps)
        case = apply(_opened(), PaymentReceived(_on(3), 1000), policy)
        verdict = check(case, ContactMade(_on(6), Channel.LETTER, "penalty_claim"), policy)
        assert (False, "step 'penalty_claim' does not apply to a standard debtor") == (
            verdict.allowed,
            verdict.reason,
        )
        assert check(case, ContactMade(_on(6), Channel.LETTER, "penalty_claim"), POLICY)

    def test_a_credit_note_within_the_balance_and_its_minor_unit(self) -> None:
        """A credit note above the balance, or with a tenth of a cent, is refused, saying why."""
        above = check(_opened(), CreditNoteIssued(_on(5), "1000.01"), POLICY)
        assert (
            "a credit note of 1000.01 EUR exceeds the balance of 1000.00 EUR; an overpayment is "
            "refused (the balance is never negative)"
        ) == above.reason
        tenth = check(_opened(), CreditNoteIssued(_on(5), "1.005"), POLICY)
        assert "a credit note in EUR has at most its minor unit (got 1.005)" == tenth.reason
        assert Stage.SETTLED == check(_opened(), CreditNoteIssued(_on(5), 1000), POLICY).stage

    def test_a_payment_in_the_currency_s_minor_unit(self) -> None:
        """A payment of a tenth of a cent more is refused, naming the amount."""
        verdict = check(_opened(), PaymentReceived(_on(3), "1.005"), POLICY)
        assert "a payment in EUR has at most its minor unit (got 1.005)" == verdict.reason

    def test_without_rates_for_the_day_the_principal_bounds_a_payment(self) -> None:
        """
        On a day the rate tables do not cover, what is owed cannot be priced: a payment up to the
        principal is accepted (the whole principal closes the case as paid), more is refused.
        """
        far = Case.open("F-R", "1000", date(2039, 3, 1), due_on=date(2039, 3, 31))
        on = date(2039, 5, 1)
        part = check(far, PaymentReceived(on, 400), POLICY)
        assert (True, Stage.AMICABLE) == (part.allowed, part.stage)
        assert Stage.PAID == check(far, PaymentReceived(on, 1000), POLICY).stage
        above = check(far, PaymentReceived(on, "1000.01"), POLICY)
        assert (
            "a payment of 1000.01 EUR exceeds the balance of 1000.00 EUR; an overpayment is refused "
            "(the balance is never negative)"
        ) == above.reason
        tenth = check(far, PaymentReceived(on, "0.001"), POLICY)
        assert "a payment in EUR has at most its minor unit (got 0.001)" == tenth.reason

    def test_a_policy_that_waives_penalties_closes_on_the_principal(self) -> None:
        """With waive_penalties, paying exactly the principal closes the case as paid."""
        waiving = attrs.evolve(POLICY, waive_penalties=True)
        assert Stage.PAID == check(_opened(), PaymentReceived(_on(30), 1000), waiving).stage
        partial = check(_opened(), PaymentReceived(_on(30), "999.99"), waiving)
        assert (True, Stage.AMICABLE) == (partial.allowed, partial.stage)

    def test_a_claim_declared_once_after_the_judgment(self) -> None:
        """The declaration of the claim needs the opening judgment (L622-24), and comes once."""
        verdict = check(_opened(), ClaimDeclared(_on(20)), POLICY)
        assert (False, L622_24) == (verdict.allowed, verdict.article)
        assert (
            "a claim is declared to the mandataire once the debtor's collective procedure is "
            "opened; record the opening of the collective procedure first"
        ) == verdict.reason
        judgment = CollectiveProcedureOpened(_on(20), CollectiveProcedure.SAUVEGARDE, _on(25))
        case = _run(_opened(), judgment, ClaimDeclared(_on(30)))
        again = check(case, ClaimDeclared(_on(31)), POLICY)
        assert (False, L622_24, "the claim was already declared on 2025-04-30") == (
            again.allowed,
            again.article,
            again.reason,
        )

    def test_a_dispute_is_resolved_only_when_open(self) -> None:
        """Resolving a dispute that is not open is refused, saying so."""
        verdict = check(_opened(), DisputeResolved(_on(3)), POLICY)
        assert (False, "no dispute is open, so none can be resolved") == (
            verdict.allowed,
            verdict.reason,
        )

    def test_a_penalty_claim_is_sent_once(self) -> None:
        """The letter claiming the penalties is recorded once."""
        case = _run(
            _opened(),
            PaymentReceived(_on(3), 1000),
            ContactMade(_on(6), Channel.LETTER, "penalty_claim"),
        )
        verdict = check(case, ContactMade(_on(9), Channel.LETTER, "penalty_claim"), POLICY)
        assert "step 'penalty_claim' was already recorded on 2025-04-06" == verdict.reason

    def test_amounts_in_the_minor_unit_of_the_invoice_s_currency(self) -> None:
        """A yen has no cents: half a yen is refused in a payment, a credit note, a plan."""
        yen = Case.open("F-R", "1000", date(2025, 3, 1), due_on=DUE, currency="JPY")
        assert check(yen, PaymentReceived(_on(5), 100), POLICY)
        payment = check(yen, PaymentReceived(_on(5), "100.5"), POLICY)
        assert "a payment in JPY has at most its minor unit (got 100.5)" == payment.reason
        credit = check(yen, CreditNoteIssued(_on(5), "100.5"), POLICY)
        assert "a credit note in JPY has at most its minor unit (got 100.5)" == credit.reason
        halves = (Instalment(_on(30), "999.5"), Instalment(_on(60), "0.5"))
        plan = check(yen, PaymentPlanAgreed(_on(5), halves), POLICY)
        assert "instalments in JPY have at most its minor unit" == plan.reason

    def test_a_delivery_needs_a_notice_sent_even_after_a_hand_over(self) -> None:
        """Handed over with no formal notice: a delivery is refused, and recorded only once."""
        case = _run(_opened(), HandedOver(_on(20)))
        verdict = check(case, FormalNoticeDelivered(_on(22)), POLICY)
        assert (False, "no formal notice was sent, so none can be delivered", CIV_1344) == (
            verdict.allowed,
            verdict.reason,
            verdict.article,
        )
        case = _run(case, FormalNoticeSent(_on(22)), FormalNoticeDelivered(_on(24)))
        again = check(case, FormalNoticeDelivered(_on(25)), POLICY)
        assert (False, CIV_1344) == (again.allowed, again.article)
        assert (
            "the outcome of the formal notice sent on 2025-04-22 is already recorded (received "
            "on 2025-04-24)"
        ) == again.reason

    def test_a_formal_notice_by_e_mail_is_refused_with_the_seed_s_words(self) -> None:
        """The whole reason: what is recorded, why, and that C. civ. 1344 alone would allow it."""
        verdict = check(_opened(), FormalNoticeSent(_on(45), Channel.EMAIL), POLICY)
        assert (False, PRACTICE) == (verdict.allowed, verdict.article)
        assert (
            "this library records a formal notice (mise en demeure) sent by registered letter, "
            "LRAR or LRE, or served by a commissaire de justice, the proof a court will ask for "
            "(got email); C. civ. 1344 accepts any "
            "sufficient act, but seed 000: « L'envoi en recommandé avec accusé de réception est "
            "indispensable d'un point de vue juridique »"
        ) == verdict.reason

    def test_apply_raises_with_the_refusal_s_data(self) -> None:
        """apply() raises IllegalTransition carrying the stage, the reason and the article."""
        with pytest.raises(IllegalTransition) as error:
            apply(_opened(), DisputeResolved(_on(3)), POLICY)
        assert (Stage.AMICABLE, "no dispute is open, so none can be resolved", PRACTICE) == (
            error.value.stage,
            error.value.reason,
            error.value.article,
        )
        # the refusal as data too, for a message in the reader's language
        assert Reason("no_dispute_open", PRACTICE) == error.value.why

    def test_a_sauvegarde_converts_into_a_redressement_or_a_liquidation(self) -> None:
        """C. com. L622-10: the refusal of a second sauvegarde names both conversions."""
        sauvegarde = CollectiveProcedureOpened(_on(60), CollectiveProcedure.SAUVEGARDE, _on(70))
        case = _run(_opened(), sauvegarde)
        again = CollectiveProcedureOpened(_on(90), CollectiveProcedure.SAUVEGARDE, _on(95))
        assert (
            "the debtor's sauvegarde was pronounced on 2025-05-30: a later judgment converts it "
            "into liquidation, redressement only, not into sauvegarde"
        ) == check(case, again, POLICY).reason

    def test_an_event_before_the_opening_names_the_stage_the_case_was_opened_at(self) -> None:
        """Refused before the opening, the error names the opening's stage, not today's."""
        case = _run(_opened(), FormalNoticeSent(_on(45)))
        with pytest.raises(IllegalTransition) as error:
            apply(case, ProofRecorded(date(2025, 2, 1)), POLICY)
        assert Stage.PREVENTIVE == error.value.stage

    def test_apply_of_something_that_is_not_an_event(self) -> None:
        with pytest.raises(ArgumentTypeError) as error:
            apply(_opened(), "payment", POLICY)  # type: ignore[arg-type]
        assert "event: one of the machine's events (machine.EVENT_TYPES) (got 'payment')" == str(
            error.value
        )

    def test_check_of_something_that_is_not_an_event(self) -> None:
        """check() never raises: it refuses, naming the type it got."""
        verdict = check(_opened(), "payment", POLICY)  # type: ignore[arg-type]
        assert (False, PRACTICE, "not_an_event") == (
            verdict.allowed,
            verdict.article,
            verdict.why.code,
        )
        assert "event must be one of the machine's events (got str)" == verdict.reason

    def test_no_promise_to_pay_once_the_procedure_is_opened(self) -> None:
        """The debtor may not pay a claim born before the judgment (L622-7): no promise."""
        judgment = CollectiveProcedureOpened(_on(20), CollectiveProcedure.REDRESSEMENT, _on(25))
        case = _run(_opened(), judgment)
        verdict = check(case, PromiseToPay(_on(22), _on(40)), POLICY)
        assert (False, L622_7) == (verdict.allowed, verdict.article)
        assert (
            "the debtor's redressement was opened on 2025-04-20: the debtor may not pay a claim "
            "born before the judgment (C. com. L622-7) and individual actions stop (L622-21), so "
            "no promise to pay or payment plan is agreed with the creditor; declare the claim to "
            "the mandataire judiciaire instead (L622-24)"
        ) == verdict.reason


def _with_steps(*extra: Step, caps: tuple[Cap, ...] = ()) -> Policy:
    """The default policy with more steps (kept in offset order) and more caps."""
    steps = sorted((*POLICY.steps, *extra), key=lambda step: step.offset)
    return attrs.evolve(POLICY, steps=tuple(steps), caps=(*POLICY.caps, *caps))


class TestReminders:
    """ContactMade for a policy step: channel, stage, due date, the amicable phase, the caps."""

    def test_a_step_s_channel_is_its_own(self) -> None:
        verdict = check(_opened(), ContactMade(_on(5), Channel.PHONE, "reminder_email_1"), POLICY)
        assert (
            "step 'reminder_email_1' is made by email, not phone; record an ad-hoc contact "
            "(step=None) for another channel"
        ) == verdict.reason

    def test_a_formal_notice_step_is_not_recorded_as_a_contact(self) -> None:
        event = ContactMade(_on(45), Channel.REGISTERED_LETTER, "formal_notice")
        assert (
            "step 'formal_notice' is a formal_notice, not a reminder; record it as such"
            == check(_opened(), event, POLICY).reason
        )

    def test_a_step_for_larger_amounts_names_the_debtor_and_the_amount(self) -> None:
        """The pre-reminder is for 1 000 € and more: refused for 999.99 €, saying why."""
        event = ContactMade(_on(-5), Channel.EMAIL, "pre_reminder")
        verdict = check(_opened("999.99"), event, POLICY)
        assert "step 'pre_reminder' does not apply to a standard debtor owing 999.99 EUR" == (
            verdict.reason
        )
        assert "step 'pre_reminder' does not apply to a business debtor owing €999.99" == (
            verdict.why.text(locale="en_GB")
        )
        assert check(_opened("1000"), event, POLICY)

    def test_a_step_of_an_earlier_stage_is_refused_naming_both_stages(self) -> None:
        """Once the formal notice is sent, an amicable reminder step would go back (seed 003)."""
        case = _run(_opened(), FormalNoticeSent(_on(45)))
        verdict = check(case, ContactMade(_on(46), Channel.EMAIL, "reminder_email_1"), POLICY)
        assert (
            "the case is at stage formal_notice; step 'reminder_email_1' (amicable) would go back "
            "(seed 003: « Une fois cette dernière envoyée, il ne faut surtout pas revenir en "
            "arrière »)"
        ) == verdict.reason

    def test_a_step_is_recorded_once(self) -> None:
        """A step already done: refused with the day it was recorded."""
        case = _run(_opened(), ContactMade(_on(5), Channel.EMAIL, "reminder_email_1"))
        verdict = check(case, ContactMade(_on(6), Channel.EMAIL, "reminder_email_1"), POLICY)
        assert "step 'reminder_email_1' was already recorded on 2025-04-05" == verdict.reason

    def test_a_reminder_of_the_formal_notice_stage_follows_the_notice(self) -> None:
        """A call planned after the formal notice: refused before it is sent (C. civ. 1344)."""
        policy = _with_steps(Step("notice_call", Stage.FORMAL_NOTICE, Channel.PHONE, 50))
        call = ContactMade(_on(50), Channel.PHONE, "notice_call")
        early = check(_opened(), ContactMade(_on(30), Channel.PHONE, "notice_call"), policy)
        assert (False, CIV_1344) == (early.allowed, early.article)
        assert "step 'notice_call' follows the formal notice, which was not sent" == early.reason
        sent = apply(_opened(), FormalNoticeSent(_on(45)), policy)
        after = check(sent, call, policy)
        assert (True, Stage.FORMAL_NOTICE) == (after.allowed, after.stage)

    def test_no_reminder_on_the_due_date_even_after_the_pre_reminder(self) -> None:
        """
        On the due date the debt is not due yet: the reminder is refused for that, not for the
        pre-reminder's cap (a reminder counts at its own stage, amicable).
        """
        reminder = ContactMade(_on(0), Channel.EMAIL, "reminder_email_1")
        expected = (
            "the invoice falls due on 2025-03-31: the debt is not yet due, so no reminder "
            "'reminder_email_1' on or before that day (only the pre-reminder comes before it)"
        )
        assert expected == check(_opened(), reminder, POLICY).reason
        pre = apply(_opened(), ContactMade(_on(-5), Channel.EMAIL, "pre_reminder"), POLICY)
        assert expected == check(pre, reminder, POLICY).reason

    def test_the_amicable_phase_ends_after_its_last_day(self) -> None:
        """60 days after the due date (2025-05-30) a reminder may still go; not the day after."""
        assert date(2025, 5, 30) == _opened().amicable_end(POLICY)
        assert check(_opened(), ContactMade(_on(60), Channel.EMAIL, "reminder_email_1"), POLICY)
        late = check(_opened(), ContactMade(_on(61), Channel.EMAIL, "reminder_email_1"), POLICY)
        assert (
            "the amicable phase ended on 2025-05-30 (60 days, pauses added): reminder "
            "'reminder_email_1' is not sent any more, the formal notice is due (seed 004: « La "
            "durée de la phase de recouvrement de créances à l'amiable est de maximum 60 à 90 "
            "jours »)"
        ) == late.reason

    def test_a_formal_notice_counts_against_the_notice_caps_not_the_amicable_ones(self) -> None:
        """
        A policy capping registered letters at one in the amicable phase: after one such ad hoc
        letter, the formal notice is still allowed (it counts at the formal-notice stage).
        """
        unshared = attrs.evolve(POLICY, caps=tuple(c for c in POLICY.caps if not c.shared))
        policy = attrs.evolve(
            unshared, caps=(*unshared.caps, Cap(Stage.AMICABLE, Channel.REGISTERED_LETTER, 1))
        )
        case = apply(_opened(), ContactMade(_on(10), Channel.REGISTERED_LETTER), policy)
        assert not check(case, ContactMade(_on(12), Channel.REGISTERED_LETTER), policy)
        assert check(case, FormalNoticeSent(_on(45)), policy)

    def test_in_court_a_formal_notice_is_refused_as_going_back_not_by_the_cap(self) -> None:
        """Two notices (the first refused), then the claim: a third one would go back."""
        case = _run(
            _opened(),
            FormalNoticeSent(_on(45)),
            FormalNoticeDelivered(_on(47), Delivery.REFUSED),
            FormalNoticeSent(_on(50)),
            FormalNoticeDelivered(_on(52)),
            ProofRecorded(_on(53)),
            ClaimFiled(_on(80)),
        )
        verdict = check(case, FormalNoticeSent(_on(90)), POLICY)
        assert verdict.reason.startswith(
            "formal_notice_sent is not possible at stage judicial: the stage never goes back"
        )


class TestFormalNotices:
    def test_a_notice_for_a_policy_step_must_be_a_formal_notice_step(self) -> None:
        unknown = check(_opened(), FormalNoticeSent(_on(45), step="nope"), POLICY)
        assert "the policy has no step 'nope'" == unknown.reason
        reminder = check(_opened(), FormalNoticeSent(_on(45), step="reminder_email_1"), POLICY)
        assert "step 'reminder_email_1' is a reminder, not a formal notice" == reminder.reason

    def test_a_notice_step_follows_the_policy_s_restrictions(self) -> None:
        """A policy that goes to the notice and to court only for 5 000 € or more: not 1 000 €."""
        later = ("formal_notice", "hand_over", "court_claim")
        steps = tuple(
            attrs.evolve(step, min_amount=5000) if step.name in later else step
            for step in POLICY.steps
        )
        policy = attrs.evolve(POLICY, steps=steps)
        notice = FormalNoticeSent(_on(45), step="formal_notice")
        verdict = check(_opened(), notice, policy)
        assert "step 'formal_notice' does not apply to a standard debtor" == verdict.reason
        assert check(_opened(), notice, POLICY)

    def test_a_second_notice_waits_for_the_first_one_s_outcome(self) -> None:
        """Sent, no outcome: record it first; received: its deadline runs (C. civ. 1344)."""
        sent = _run(_opened(), FormalNoticeSent(_on(45)))
        pending = check(sent, FormalNoticeSent(_on(50)), POLICY)
        assert (False, CIV_1344) == (pending.allowed, pending.article)
        assert (
            "the formal notice sent on 2025-05-15 has no recorded outcome; record "
            "FormalNoticeDelivered (received, unclaimed or refused) first"
        ) == pending.reason
        received = _run(sent, FormalNoticeDelivered(_on(47)))
        needless = check(received, FormalNoticeSent(_on(50)), POLICY)
        assert (False, CIV_1344) == (needless.allowed, needless.article)
        assert (
            "the formal notice sent on 2025-05-15 was received on 2025-05-17; its deadline runs, "
            "a second one is not needed"
        ) == needless.reason

    def test_a_notice_served_again_in_litigation_keeps_the_case_there(self) -> None:
        """Handed over, the notice refused: serving it again does not bring the case back."""
        case = _run(
            _opened(),
            FormalNoticeSent(_on(45)),
            FormalNoticeDelivered(_on(47), Delivery.REFUSED),
            HandedOver(_on(60)),
        )
        again = check(case, FormalNoticeSent(_on(62)), POLICY)
        assert (True, Stage.LITIGATION) == (again.allowed, again.stage)

    def test_a_notice_served_by_a_commissaire_de_justice_has_no_postal_outcome(self) -> None:
        """
        Served on day 45, the notice was delivered that day (CPC 653, its act attests it): a
        delivery recorded afterwards is refused, naming the day it was served.
        """
        case = _run(_opened(), FormalNoticeSent(_on(45), Channel.COMMISSAIRE_DE_JUSTICE))
        verdict = check(case, FormalNoticeDelivered(_on(47)), POLICY)
        assert Reason("notice_served", CPC_653, (("sent_on", _on(45)),)) == verdict.why
        assert (
            "the formal notice served by a commissaire de justice on 15 May 2025 was delivered "
            "that day, as its act attests: there is no postal outcome to record"
        ) == verdict.why.text(locale="en_GB")

    def test_the_guards_say_what_is_wrong(self) -> None:
        """Wrong arguments, a second opening, an event before the opening: each refusal says so."""
        case = _opened()
        policy = check(case, ProofRecorded(_on(1)), "french_default")  # type: ignore[arg-type]
        assert "policy must be a Policy such as french_default() (got str)" == policy.reason
        assert "case must be a Case (got str)" == check("F-R", ProofRecorded(_on(1)), POLICY).reason  # type: ignore[arg-type]
        assert (
            "the case is already open; a case starts with its InvoiceOpened (see replay)"
            == check(case, case.events[0], POLICY).reason
        )
        assert (
            "proof_recorded is dated 2025-02-01, before the case was opened on 2025-03-01; "
            "record events from the opening on"
        ) == check(case, ProofRecorded(date(2025, 2, 1)), POLICY).reason

    def test_a_claim_refused_by_a_guard_lists_its_own_procedure_s_checklist(self) -> None:
        """A petites créances claim on a disputed 10 000 € case: the ceiling is named too."""
        case = _run(_claimable(_opened("10000")), DisputeOpened(_on(50)))
        verdict = check(case, ClaimFiled(_on(80), Procedure.PETITES_CREANCES), POLICY)
        assert ["no_dispute", "small_claims_ceiling"] == [item.code for item in verdict.missing]

    def test_the_debtor_s_collective_procedure_stops_individual_actions(self) -> None:
        """After the opening judgment a reminder is refused, pointing to the declaration."""
        judgment = CollectiveProcedureOpened(_on(20), CollectiveProcedure.LIQUIDATION, _on(25))
        case = _run(_opened(), judgment)
        verdict = check(case, ContactMade(_on(22), Channel.EMAIL), POLICY)
        assert (False, L622_21) == (verdict.allowed, verdict.article)
        assert (
            "the debtor's liquidation was opened on 2025-04-20: individual actions stop (no "
            "reminder, formal notice, hand-over or court claim); declare the claim to the "
            "mandataire judiciaire instead (C. com. L622-24)"
        ) == verdict.reason

    def test_an_open_dispute_freezes_with_the_seed_s_words(self) -> None:
        case = _run(_opened(), DisputeOpened(_on(3)))
        assert (
            "a dispute is open since 2025-04-03: no contact, escalation or court filing until it "
            "is resolved (seed 000: « Il n'y a aucun litige que votre client pourrait vous "
            "imputer »)"
        ) == check(case, HandedOver(_on(5)), POLICY).reason

    def test_a_payment_plan_pauses_escalation_through_its_grace_days(self) -> None:
        """
        An instalment due on day 30 and not paid: the plan stays on track for the policy's 5
        grace days (a transfer takes days to arrive), so the notice waits until day 36.
        """
        plan = PaymentPlanAgreed(_on(5), (Instalment(_on(30), 500), Instalment(_on(60), 500)))
        case = _run(_opened(), plan)
        paused = check(case, FormalNoticeSent(_on(35)), POLICY)
        assert "escalation is paused by the payment plan, on track" == paused.reason
        assert check(case, FormalNoticeSent(_on(36)), POLICY)
        strict = attrs.evolve(POLICY, plan_grace_days=0)
        assert check(apply(_opened(), plan, strict), FormalNoticeSent(_on(31)), strict)

    def test_a_cap_reached_names_the_channel_and_the_stage(self) -> None:
        case = _run(_opened(), *(ContactMade(_on(i), Channel.PHONE) for i in (1, 2, 3)))
        assert (
            "cap reached: 3 phone contact(s) at stage amicable already, the policy's cap"
            == check(case, ContactMade(_on(4), Channel.PHONE), POLICY).reason
        )

    def test_a_shared_cap_reached_names_its_channels_in_declaration_order(self) -> None:
        """
        A cap of 2 letters, plain or registered together: after one of each, a third by either
        is refused, the refusal's data naming the channel asked and the cap's two channels (in
        the order of Channel, whatever the order given); an electronic registered letter, outside
        the cap, is allowed.
        """
        letters = Cap(
            Stage.AMICABLE, Channel.LETTER, 2, channels=[Channel.REGISTERED_LETTER, Channel.LETTER]
        )
        unshared = tuple(cap for cap in POLICY.caps if not cap.shared)
        policy = attrs.evolve(POLICY, caps=(*unshared, letters))
        case = _run(
            _opened(),
            ContactMade(_on(10), Channel.REGISTERED_LETTER),
            ContactMade(_on(20), Channel.LETTER),
        )
        shared = ("shared", (Channel.LETTER, Channel.REGISTERED_LETTER))
        for channel in (Channel.LETTER, Channel.REGISTERED_LETTER):
            verdict = check(case, ContactMade(_on(30), channel), policy)
            params = (("limit", 2), ("channel", channel), ("stage", Stage.AMICABLE), shared)
            assert Reason("cap_reached", PRACTICE, params) == verdict.why
        assert (
            "shared cap reached: 2 contact(s) by letter, registered letter with acknowledgement "
            "of receipt together at stage amicable dunning already, the policy's cap"
        ) == verdict.why.text(locale="en_GB")
        assert check(case, ContactMade(_on(30), Channel.ELECTRONIC_REGISTERED_LETTER), policy)


def _claimable(case: Case) -> Case:
    """*case* with its notice sent 45 days after the due date, received 2 days later, proofs."""
    sent = case.due_on + timedelta(days=45)
    return _run(
        case,
        FormalNoticeSent(sent),
        FormalNoticeDelivered(sent + timedelta(days=2)),
        ProofRecorded(sent + timedelta(days=3)),
    )


class TestClaimChecklist:
    """claim_checklist(): each condition with its article, and the small-claims ceiling."""

    def test_petites_creances_count_principal_and_interest_not_the_indemnity(self) -> None:
        """
        CPCE L125-1 counts principal and interest together: 4 950 € of principal and 142.67 € of
        interest (13.15 % over 80 days) are above 5 000 €, even without the 40 € indemnity.
        """
        case = _claimable(_opened("4950"))
        assert check(case, ClaimFiled(_on(80)), POLICY)  # the injonction de payer has no ceiling
        verdict = check(case, ClaimFiled(_on(80), Procedure.PETITES_CREANCES), POLICY)
        (item,) = verdict.missing
        assert (CPCE_L125_1, Money("5092.67", "EUR")) == (item.article, item.param("owed"))
        assert (
            "a claim needs a claim of at most 5000.00 EUR, principal and interest, for petites "
            "créances (the debtor owes 5092.67 EUR)"
        ) == verdict.reason

    def test_petites_creances_up_to_exactly_5000_euros(self) -> None:
        """
        On days the rate tables do not cover, the principal alone is counted: 5 000 € is within
        the ceiling, 5 000.01 € is not.
        """
        at = Case.open("F-R", "5000", date(2039, 3, 1), due_on=date(2039, 3, 31))
        claim = ClaimFiled(date(2039, 6, 19), Procedure.PETITES_CREANCES)
        assert check(_claimable(at), claim, POLICY)
        above = Case.open("F-R", "5000.01", date(2039, 3, 1), due_on=date(2039, 3, 31))
        (item,) = check(_claimable(above), claim, POLICY).missing
        assert ("small_claims_ceiling", Money("5000.01", "EUR")) == (
            item.code,
            item.param("owed"),
        )

    def test_petites_creances_are_for_claims_in_euros(self) -> None:
        """A claim in yen is outside the procedure, whatever its amount; the owed stays in yen."""
        yen = Case.open("F-R", "1000", date(2025, 3, 1), due_on=DUE, currency="JPY")
        items = claim_checklist(yen, _on(80), POLICY, Procedure.PETITES_CREANCES)
        (item,) = (item for item in items if item.code == "small_claims_ceiling")
        assert ("JPY", "EUR") == (item.param("owed").currency, item.param("ceiling").currency)  # type: ignore[attr-defined]

    def test_each_condition_cites_its_rule(self) -> None:
        """A refused notice and an open dispute: C. civ. 1344 and practice."""
        case = _run(
            _opened(),
            FormalNoticeSent(_on(45)),
            FormalNoticeDelivered(_on(47), Delivery.REFUSED),
            ProofRecorded(_on(48)),
            DisputeOpened(_on(50)),
        )
        missing = claim_checklist(case, _on(80), POLICY)
        assert [("notice_served_again", CIV_1344), ("no_dispute", PRACTICE)] == [
            (item.code, item.article) for item in missing
        ]

    def test_wrong_arguments_say_what_is_accepted(self) -> None:
        """A day given as text, a procedure given as its name: refused, naming the parameter."""
        case = _claimable(_opened())
        with pytest.raises(DateTypeError) as day:
            claim_checklist(case, "2025-06-19", POLICY)  # type: ignore[arg-type]
        assert str(day.value).startswith("on must be a datetime.date, not str")
        with pytest.raises(ArgumentTypeError) as procedure:
            claim_checklist(case, _on(80), POLICY, "petites_creances")  # type: ignore[arg-type]
        assert (
            "procedure: a machine.Procedure: Procedure.INJONCTION_DE_PAYER, "
            "Procedure.PETITES_CREANCES, Procedure.REFERE_PROVISION (got 'petites_creances')"
        ) == str(procedure.value)


def _public(amount: str = "1000") -> Case:
    """The test invoice, owed by a public buyer."""
    return Case.open("F-P", amount, date(2025, 3, 1), due_on=DUE, segment=DebtorSegment.PUBLIC_BODY)


class TestPublicBuyer:
    """A public buyer: moratorium interest that cannot be waived, the administrative judge."""

    def test_its_moratorium_interest_cannot_be_waived(self) -> None:
        """
        CCP L2192-14: any waiver of a public buyer's moratorium interest is deemed unwritten. The
        principal paid 10 days late, the interest and the indemnity are still owed: the waiver is
        refused (a business debtor's is accepted), and a policy that waives penalties does not
        close the case on the principal.
        """
        paid = PaymentReceived(_on(10), 1000)
        verdict = check(_run(_public(), paid), PenaltiesWaived(_on(20)), POLICY)
        assert (False, CCP_L2192_14, "waiver_void") == (
            verdict.allowed,
            verdict.article,
            verdict.why.code,
        )
        assert (
            "refused: a public buyer's moratorium interest cannot be waived: any waiver of its "
            "payment is deemed unwritten; claim it, or record a settlement or a write-off "
            "(CCP art. L2192-14)"
        ) == verdict.text(locale="en_GB")
        business = check(_run(_opened(), paid), PenaltiesWaived(_on(20)), POLICY)
        assert (True, Stage.PAID) == (business.allowed, business.stage)
        waiving = attrs.evolve(POLICY, waive_penalties=True)
        assert Stage.AMICABLE == check(_public(), paid, waiving).stage
        assert Stage.PAID == check(_opened(), paid, waiving).stage

    def test_a_claim_goes_to_the_administrative_judge_and_only_its_claims_do(self) -> None:
        """
        CJA R541-1: the référé-provision for a public buyer, the civil procedures for any other
        debtor; the checklist names the court expected and the one asked.
        """
        public = _claimable(_public())
        assert [] == claim_checklist(public, _on(80), POLICY, Procedure.REFERE_PROVISION)
        for procedure in (Procedure.INJONCTION_DE_PAYER, Procedure.PETITES_CREANCES):
            (item,) = claim_checklist(public, _on(80), POLICY, procedure)
            assert ("court", CJA_R541_1, procedure, Procedure.REFERE_PROVISION) == (
                item.code,
                item.article,
                item.param("procedure"),
                item.param("expected"),
            )
        (item,) = claim_checklist(public, _on(80), POLICY)
        assert (
            "the competent court: interim payment order (référé-provision), not order for "
            "payment (injonction de payer) (a claim on a public buyer goes to the administrative "
            "judge, and only such a claim does)"
        ) == item.text(locale="en_GB")
        business = _claimable(_opened())
        assert [] == claim_checklist(business, _on(80), POLICY)
        (item,) = claim_checklist(business, _on(80), POLICY, Procedure.REFERE_PROVISION)
        assert (
            "la juridiction compétente : injonction de payer, pas référé-provision (une créance "
            "sur un acheteur public relève du juge administratif, et elle seule)"
        ) == str(item)


class TestRefusalsOutsideTheTable:
    """The pairs the table has no entry for: refused with the reason a person can act on."""

    def test_a_formal_notice_before_the_due_date(self) -> None:
        """Before the due date the debt is not due: no mise en demeure (C. civ. 1344)."""
        verdict = check(_opened(), FormalNoticeSent(_on(-3)), POLICY)
        assert (False, CIV_1344) == (verdict.allowed, verdict.article)
        assert (
            "the invoice falls due on 2025-03-31: the debt is not yet due, so no formal notice on "
            "or before that day (only the pre-reminder comes before it)"
        ) == verdict.reason

    def test_a_hand_over_before_the_due_date(self) -> None:
        """Nothing to hand over before the due date; the reason gives the date."""
        verdict = check(_opened(), HandedOver(_on(-3)), POLICY)
        assert (
            "handed_over is not possible at stage preventive: the invoice is not overdue yet; "
            "nothing can be handed over (the invoice falls due on 2025-03-31)"
        ) == verdict.reason

    def test_a_delivery_with_no_notice_in_the_amicable_phase(self) -> None:
        """A delivery before any formal notice: the hint, without the due date once it passed."""
        verdict = check(_opened(), FormalNoticeDelivered(_on(3)), POLICY)
        assert (
            "formal_notice_delivered is not possible at stage amicable: no formal notice was sent "
            "at this stage"
        ) == verdict.reason

    def test_no_formal_notice_once_in_court(self) -> None:
        """After the claim is filed, a formal notice would go back (seed 003)."""
        case = _run(_ready_to_claim(), ClaimFiled(_on(80)))
        verdict = check(case, FormalNoticeSent(_on(90)), POLICY)
        assert (
            "formal_notice_sent is not possible at stage judicial: the stage never goes back "
            "(seed 003: « Une fois cette dernière envoyée, il ne faut surtout pas revenir en "
            "arrière »)"
        ) == verdict.reason

    def test_no_mediation_once_handed_over(self) -> None:
        """A mediation comes between the notice and litigation, not after the hand-over."""
        case = _run(_opened(), FormalNoticeSent(_on(45)), HandedOver(_on(60)))
        verdict = check(case, AlternativeResolutionStarted(_on(70)), POLICY)
        assert verdict.reason.startswith(
            "alternative_resolution_started is not possible at stage litigation: the stage never "
            "goes back"
        )

    def test_a_claim_in_the_amicable_phase_names_the_checklist(self) -> None:
        """A claim before any notice is refused with every missing condition, as values."""
        verdict = check(_opened(), ClaimFiled(_on(20)), POLICY)
        assert ["formal_notice", "proofs"] == [item.code for item in verdict.missing]
        assert (
            "a claim needs a formal notice (mise en demeure) sent by registered letter or served "
            "by a commissaire de justice; proofs of the claim recorded (signed quote, delivery "
            "note, order...)"
        ) == verdict.reason


class TestVerdictValues:
    """A verdict is a value: a short repr for developers, a sentence per locale for people."""

    def test_an_allowed_verdict(self) -> None:
        verdict = check(_opened(), ProofRecorded(_on(2)), POLICY)
        assert "Verdict(True, stage=<Stage.AMICABLE: 'amicable'>)" == repr(verdict)
        assert "accepté : le dossier est ensuite au stade « relance amiable »" == str(verdict)
        assert "allowed: the case is then at stage amicable dunning" == verdict.text(locale="en_GB")

    def test_a_refused_verdict(self) -> None:
        verdict = check(_opened(), DisputeResolved(_on(20)), POLICY)
        assert "Verdict(False, why=Reason('no_dispute_open', Article('—', 'pratique')))" == repr(
            verdict
        )
        assert "refused: no dispute is open, so none can be resolved (practice)" == verdict.text(
            locale="en_GB"
        )

    def test_a_refused_claim_names_what_is_missing_once(self) -> None:
        """The checklist is in the reason: the repr does not repeat it; in French first."""
        verdict = check(_opened(), ClaimFiled(_on(20)), POLICY)
        assert ", missing=" not in repr(verdict)
        assert repr(verdict).startswith("Verdict(False, why=Reason('claim_needs', ")
        assert (
            "refusé : une action en justice demande une mise en demeure envoyée par lettre "
            "recommandée ou signifiée par commissaire de justice ; des preuves de la créance enregistrées (devis signé, bon de livraison, "
            "bon de commande...) (C. civ. art. 1344)"
        ) == str(verdict)

    def test_a_claim_refused_by_a_guard_shows_its_checklist_in_the_repr(self) -> None:
        case = _run(_opened(), DisputeOpened(_on(3)))
        verdict = check(case, ClaimFiled(_on(20)), POLICY)
        assert repr(verdict).endswith(
            "missing=(Missing('formal_notice', Article('C. civ.', '1344')), Missing('no_dispute', "
            "Article('—', 'pratique'), (('since', datetime.date(2025, 4, 3)),)), "
            "Missing('proofs', Article('CPC', '1405'))))"
        )

    def test_a_refusal_before_the_due_date_carries_its_hint_as_a_value(self) -> None:
        """The hint and the due date are parameters of the reason, each with its article."""
        verdict = check(_opened(), HandedOver(_on(-3)), POLICY)
        assert (
            "Verdict(False, why=Reason('not_possible_because', Article('—', 'pratique'), "
            "(('event', 'handed_over'), ('stage', Stage.PREVENTIVE), ('hint', "
            "Reason('hint_before_due', Article('—', 'pratique'), (('hint', "
            "Reason('hint_hand_over', Article('—', 'pratique'))), ('due_on', "
            "datetime.date(2025, 3, 31))))))))"
        ) == repr(verdict)
        assert (
            "refusé : un transfert au contentieux n'est pas possible au stade « relance "
            "préventive » : la facture n'est pas encore échue ; rien ne peut être transféré (la "
            "facture est échue le 31 mars 2025) (pratique)"
        ) == str(verdict)

    def test_amounts_in_a_refusal_keep_the_invoice_s_currency(self) -> None:
        yen = Case.open("F-R", "1000", date(2025, 3, 1), due_on=DUE, currency="JPY")
        verdict = check(yen, PromiseToPay(_on(5), _on(20), 1001), POLICY)
        assert "a promise of 1001 JPY exceeds the balance of 1000 JPY" == verdict.reason


class TestForeclosureRelief:
    """Relief from foreclosure (relevé de forclusion, C. com. L622-26)."""

    def _judgment(self) -> Case:
        """A redressement opened on 2025-05-30, published 2025-06-09: declare by 2025-08-09."""
        judgment = CollectiveProcedureOpened(_on(60), CollectiveProcedure.REDRESSEMENT, _on(70))
        case = _run(_opened(), judgment)
        assert (date(2025, 8, 9), date(2025, 12, 9)) == (
            case.declaration_deadline(POLICY),
            case.relief_deadline(),
        )
        return case

    def test_no_relief_for_a_claim_declared_in_time(self) -> None:
        case = _run(self._judgment(), ClaimDeclared(_on(80)))
        verdict = check(case, ForeclosureReliefRequested(date(2025, 8, 14)), POLICY)
        assert (False, L622_26) == (verdict.allowed, verdict.article)
        assert "the claim was declared in time, on 2025-06-19: no foreclosure" == verdict.reason

    def test_relief_is_asked_once(self) -> None:
        case = _run(self._judgment(), ForeclosureReliefRequested(date(2025, 8, 14)))
        verdict = check(case, ForeclosureReliefRequested(date(2025, 8, 15)), POLICY)
        assert (False, L622_26) == (verdict.allowed, verdict.article)
        assert "relief from foreclosure was already asked on 2025-08-14" == verdict.reason

    def test_relief_within_six_months_of_the_publication(self) -> None:
        """Until 2025-12-09 included; the day after is refused, naming the limit."""
        case = self._judgment()
        assert check(case, ForeclosureReliefRequested(date(2025, 12, 9)), POLICY)
        verdict = check(case, ForeclosureReliefRequested(date(2025, 12, 10)), POLICY)
        assert (False, L622_26) == (verdict.allowed, verdict.article)
        assert (
            "the action for relief from foreclosure can be brought until 2025-12-09, 6 months "
            "after the BODACC publication (C. com. L622-26)"
        ) == verdict.reason

    def test_the_hints_of_refusals_outside_the_table_are_values(self) -> None:
        """In the amicable phase and after the hand-over: the hint, a reason of its own."""
        delivery = check(_opened(), FormalNoticeDelivered(_on(3)), POLICY)
        assert repr(delivery).endswith(
            "('hint', Reason('hint_delivery', Article('—', 'pratique'))))))"
        )
        case = _run(_opened(), FormalNoticeSent(_on(45)), HandedOver(_on(60)))
        back = check(case, AlternativeResolutionStarted(_on(70)), POLICY)
        assert repr(back).endswith(
            "('hint', Reason('hint_no_way_back', Article('—', 'pratique'))))))"
        )
