"""The debtor's collective procedure: individual actions stop, the claim is declared (C. com. L622)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import attrs
import pytest

from dunning_core.calendar import add_months
from dunning_core.errors import IllegalTransition, InvalidDate
from dunning_core.law import (
    L622_7,
    L622_10,
    L622_21,
    L622_24,
    L622_26,
    L622_28,
    L631_15,
    L641_1,
    R622_24,
)
from dunning_core.machine import (
    FORBIDDEN_BY_INSOLVENCY,
    STOPPED_BY_INSOLVENCY,
    TRANSITIONS,
    Case,
    ClaimDeclared,
    ClaimFiled,
    CollectiveProcedure,
    CollectiveProcedureOpened,
    ContactMade,
    ForeclosureReliefRequested,
    FormalNoticeDelivered,
    FormalNoticeSent,
    HandedOver,
    Instalment,
    PaymentPlanAgreed,
    PaymentReceived,
    PromiseToPay,
    ProofRecorded,
    WrittenOff,
    allowed_events,
    apply,
    check,
    claim_amounts,
    declared_amounts,
    next_actions,
    replay,
    timeline,
)
from dunning_core.policy import Channel, Stage, StepKind, french_default
from dunning_core.serialize import from_json, to_json

POLICY = french_default()
DUE = date(2025, 3, 31)
OPENED = date(2025, 6, 2)
PUBLISHED = date(2025, 6, 12)
JUDGMENT = CollectiveProcedureOpened(OPENED, CollectiveProcedure.REDRESSEMENT, PUBLISHED)


def _case() -> Case:
    return Case.open("F-1", "10000", date(2025, 3, 1), due_on=DUE)


def _noticed() -> Case:
    """A case at the formal-notice stage, the notice received."""
    case = _case()
    case = apply(case, FormalNoticeSent(date(2025, 4, 10), Channel.REGISTERED_LETTER), POLICY)
    return apply(case, FormalNoticeDelivered(date(2025, 4, 12)), POLICY)


def _declaration_parties() -> dict[str, object]:
    from dunning_core.letters import Creditor, Debtor

    return {
        "creditor": Creditor("ACME SAS", "Paris", iban="FR76 3000 6000 0112 3456 7890 189"),
        "debtor": Debtor("Client SARL", "Lyon"),
        "mandataire": Debtor("Maître Martin", "Lyon"),
    }


def _plain(text: str) -> str:
    return text.replace("\u202f", " ").replace("\xa0", " ")


def test_the_judgment_is_legal_from_every_open_stage_and_keeps_it() -> None:
    for stage in (s for s in Stage if not s.terminal):
        entry = TRANSITIONS[(stage, CollectiveProcedureOpened)]
        assert entry.targets == frozenset({stage})
    case = apply(_noticed(), JUDGMENT, POLICY)
    assert case.stage is Stage.FORMAL_NOTICE
    assert case.insolvency == JUDGMENT


def test_a_judgment_on_a_closed_case_is_refused() -> None:
    owed = claim_amounts(_case(), POLICY, date(2025, 4, 1)).total
    paid = apply(_case(), PaymentReceived(date(2025, 4, 1), owed), POLICY)
    assert paid.stage is Stage.PAID
    assert not check(paid, JUDGMENT, POLICY).allowed


def test_a_publication_before_the_judgment_is_refused() -> None:
    with pytest.raises(InvalidDate, match="published_on"):
        CollectiveProcedureOpened(OPENED, CollectiveProcedure.SAUVEGARDE, date(2025, 6, 1))


@pytest.mark.parametrize(
    "event",
    [
        ContactMade(date(2025, 6, 5), Channel.EMAIL),
        ContactMade(date(2025, 6, 5), Channel.LETTER),
        HandedOver(date(2025, 6, 5)),
        ClaimFiled(date(2025, 6, 5)),
    ],
)
def test_individual_actions_are_refused_after_the_judgment(event: object) -> None:
    case = apply(_noticed(), JUDGMENT, POLICY)
    assert check(_noticed(), event, POLICY).allowed or isinstance(event, ClaimFiled)
    verdict = check(case, event, POLICY)  # type: ignore[arg-type]
    assert not verdict.allowed
    assert verdict.article == L622_21
    assert "L622-24" in verdict.reason


def test_a_formal_notice_is_refused_after_the_judgment() -> None:
    case = apply(_case(), JUDGMENT, POLICY)
    verdict = check(case, FormalNoticeSent(date(2025, 6, 5), Channel.REGISTERED_LETTER), POLICY)
    assert not verdict.allowed
    assert verdict.article == L622_21
    assert FormalNoticeSent in STOPPED_BY_INSOLVENCY


def test_no_reminder_is_planned_and_no_contact_allowed_after_the_judgment() -> None:
    before = next_actions(_case(), POLICY, date(2025, 6, 5))
    assert [action.kind for action in before] == [StepKind.FORMAL_NOTICE]
    case = apply(_case(), JUDGMENT, POLICY)
    allowed = allowed_events(case, POLICY, date(2025, 6, 5))
    assert not [e for e in allowed if type(e) in STOPPED_BY_INSOLVENCY]
    assert ClaimDeclared(date(2025, 6, 5)) in allowed
    for day in (date(2025, 6, 5), date(2025, 7, 1), date(2025, 8, 11)):
        kinds = [action.kind for action in next_actions(case, POLICY, day)]
        assert kinds in ([StepKind.CLAIM_DECLARATION], [])
        assert StepKind.REMINDER not in kinds


def test_penalties_stop_at_the_opening_judgment() -> None:
    case = apply(_case(), JUDGMENT, POLICY)
    at_opening = claim_amounts(_case(), POLICY, OPENED)
    later = claim_amounts(case, POLICY, date(2025, 9, 30))
    running = claim_amounts(_case(), POLICY, date(2025, 9, 30))
    assert later.interest == at_opening.interest > 0
    assert later.total == at_opening.total
    assert running.interest > later.interest
    assert any(reason.article == L622_28 for reason in later.reasons)


def test_a_judgment_before_the_due_date_claims_the_principal_alone() -> None:
    early = CollectiveProcedureOpened(
        date(2025, 3, 10), CollectiveProcedure.SAUVEGARDE, date(2025, 3, 20)
    )
    case = apply(_case(), early, POLICY)
    amounts = claim_amounts(case, POLICY, date(2025, 5, 1))
    assert (amounts.interest, amounts.indemnity, amounts.total) == (0, 0, Decimal("10000"))


def test_the_declaration_is_proposed_with_its_deadline_and_the_amount_at_opening() -> None:
    case = apply(_noticed(), JUDGMENT, POLICY)
    (action,) = next_actions(case, POLICY, date(2025, 6, 20))
    assert action.kind is StepKind.CLAIM_DECLARATION
    assert action.deadline == add_months(PUBLISHED, 2) == date(2025, 8, 12)
    assert action.due_on == OPENED
    articles = {reason.article for reason in action.reasons}
    assert {L622_24, R622_24} <= articles
    amounts = action.amounts()
    expected = claim_amounts(_noticed(), POLICY, OPENED)
    assert amounts.total == expected.total
    assert amounts.total == amounts.principal + amounts.interest + amounts.indemnity
    assert amounts.principal == Decimal("10000")
    assert amounts.indemnity == Decimal("40.00")
    event = action.to_event(date(2025, 6, 20))
    assert event == ClaimDeclared(date(2025, 6, 20))


def test_after_the_declaration_nothing_is_planned_and_the_case_waits() -> None:
    case = apply(_noticed(), JUDGMENT, POLICY)
    declared = apply(case, ClaimDeclared(date(2025, 6, 20)), POLICY)
    assert declared.declared == ClaimDeclared(date(2025, 6, 20))
    assert next_actions(declared, POLICY, date(2025, 12, 1)) == ()
    assert timeline(declared, POLICY) == ()
    assert not check(declared, ClaimDeclared(date(2025, 6, 21)), POLICY).allowed
    owed = claim_amounts(declared, POLICY, date(2026, 1, 5)).total
    paid = apply(declared, PaymentReceived(date(2026, 1, 5), owed), POLICY)
    assert paid.stage is Stage.PAID
    closed = apply(declared, WrittenOff(date(2026, 1, 5), "liquidation closed"), POLICY)
    assert closed.stage is Stage.WRITTEN_OFF


def test_the_timeline_after_the_judgment_is_the_declaration_alone() -> None:
    case = apply(_case(), JUDGMENT, POLICY)
    assert [action.kind for action in timeline(case, POLICY)] == [StepKind.CLAIM_DECLARATION]


def test_a_declaration_without_a_collective_procedure_is_refused() -> None:
    verdict = check(_case(), ClaimDeclared(date(2025, 6, 20)), POLICY)
    assert not verdict.allowed
    assert verdict.article == L622_24


def test_json_round_trip_and_schema_version() -> None:
    case = replay(
        [*_noticed().events, JUDGMENT, ClaimDeclared(date(2025, 6, 20), "LRAR n° 1A")], POLICY
    )
    text = to_json(case)
    assert '"dunning-core/2"' in text
    assert '"published_on": "2025-06-12"' in text
    assert from_json(text, policy=POLICY) == case
    assert '"dunning-core/1"' in to_json(_noticed())


def test_the_declaration_is_written_to_the_mandataire() -> None:
    """The planned declaration renders as its own letter, never as a reminder to the debtor."""
    from dunning_core.errors import InvalidArgument
    from dunning_core.letters import Creditor, Debtor, LetterKind, render

    case = apply(_case(), JUDGMENT, POLICY)
    (action,) = next_actions(case, POLICY, date(2025, 6, 20))
    creditor = Creditor("ACME SAS", "1 rue de la Paix", iban="FR76 3000 6000 0112 3456 7890 189")
    debtor = Debtor("Client SARL", "Lyon")
    with pytest.raises(InvalidArgument, match="mandataire"):
        render(action, case, creditor=creditor, debtor=debtor)
    letter = render(
        action, case, creditor=creditor, debtor=debtor, mandataire=Debtor("Maître Martin", "Lyon")
    )
    assert LetterKind.CLAIM_DECLARATION is letter.kind
    assert L622_24 in letter.articles
    assert action.deadline == letter.deadline


# --- after the opening judgment: no promise, no plan; payments by third parties ------------------


@pytest.mark.parametrize(
    "event",
    [
        PromiseToPay(date(2025, 6, 5), date(2025, 7, 5)),
        PromiseToPay(date(2025, 6, 5), date(2025, 7, 5), Decimal("500")),
        PaymentPlanAgreed(
            date(2025, 6, 5),
            (Instalment(date(2025, 7, 5), "5000"), Instalment(date(2025, 8, 5), "5000")),
        ),
    ],
)
def test_a_promise_or_a_plan_after_the_judgment_is_refused_citing_l622_7(event: object) -> None:
    assert check(_noticed(), event, POLICY).allowed  # type: ignore[arg-type]
    case = apply(_noticed(), JUDGMENT, POLICY)
    verdict = check(case, event, POLICY)  # type: ignore[arg-type]
    assert not verdict.allowed
    assert verdict.article == L622_7
    assert "L622-21" in verdict.reason
    assert "L622-24" in verdict.reason
    with pytest.raises(IllegalTransition):
        apply(case, event, POLICY)  # type: ignore[arg-type]
    assert type(event) in FORBIDDEN_BY_INSOLVENCY


def test_a_promise_made_before_the_judgment_and_learned_late_is_kept() -> None:
    case = apply(_noticed(), JUDGMENT, POLICY)
    promise = PromiseToPay(date(2025, 5, 20), date(2025, 6, 30))
    later = apply(case, promise, POLICY)
    assert later.promise == promise
    assert later.insolvency == JUDGMENT
    # the promise does not pause the declaration: it is still proposed
    (action,) = next_actions(later, POLICY, date(2025, 6, 20))
    assert action.kind is StepKind.CLAIM_DECLARATION


def test_a_guarantors_payment_after_the_judgment_is_recorded_but_not_deducted_from_the_claim() -> (
    None
):
    """L622-7 forbids the debtor to pay; a guarantor pays, subrogated; L622-33 a contrario."""
    case = apply(_noticed(), JUDGMENT, POLICY)
    at_opening = claim_amounts(_noticed(), POLICY, OPENED)
    paid = apply(case, PaymentReceived(date(2025, 6, 25), Decimal("4000")), POLICY)
    assert paid.stage is Stage.FORMAL_NOTICE
    assert paid.balance == Decimal("6000")
    # what is left to recover is reduced...
    owed = claim_amounts(paid, POLICY, date(2025, 7, 1))
    assert owed.total == at_opening.total - Decimal("4000")
    # ...but the claim declared is the claim on the day of the judgment (L622-25)
    (action,) = next_actions(paid, POLICY, date(2025, 7, 1))
    assert action.kind is StepKind.CLAIM_DECLARATION
    declared = action.amounts()
    assert (
        declared.total == at_opening.total == declared_amounts(paid, POLICY, date(2025, 7, 1)).total
    )
    assert declared.principal == Decimal("10000")
    assert any(note.article == L622_7 for note in action.notes)
    # without such a payment, no note
    (plain,) = next_actions(case, POLICY, date(2025, 7, 1))
    assert not any(note.article == L622_7 for note in plain.notes)


def test_a_payment_before_the_judgment_is_deducted_from_the_claim_declared() -> None:
    case = apply(_noticed(), PaymentReceived(date(2025, 5, 2), Decimal("3000")), POLICY)
    case = apply(case, JUDGMENT, POLICY)
    (action,) = next_actions(case, POLICY, date(2025, 7, 1))
    amounts = action.amounts()
    assert amounts.breakdown is not None
    assert amounts.breakdown.interest_paid > 0
    # 3000 paid the interest accrued first, then the principal (C. civ. 1343-1)
    assert amounts.principal == Decimal("7000") + amounts.breakdown.interest_paid
    assert action.amounts().total == claim_amounts(case, POLICY, OPENED).total


def test_a_guarantor_paying_everything_owed_at_the_judgment_closes_the_case() -> None:
    case = apply(_noticed(), JUDGMENT, POLICY)
    owed = claim_amounts(case, POLICY, date(2025, 7, 1)).total
    paid = apply(case, PaymentReceived(date(2025, 7, 1), owed), POLICY)
    assert paid.stage is Stage.PAID
    assert next_actions(paid, POLICY, date(2025, 7, 2)) == ()


def test_the_declaration_letter_states_the_claim_at_the_judgment_and_what_a_guarantor_paid() -> (
    None
):
    from dunning_core.letters import render

    case = apply(_noticed(), PaymentReceived(date(2025, 5, 2), Decimal("1000")), POLICY)
    case = apply(case, JUDGMENT, POLICY)
    case = apply(case, PaymentReceived(date(2025, 6, 25), Decimal("4000")), POLICY)
    (action,) = next_actions(case, POLICY, date(2025, 7, 1))
    parties = _declaration_parties()
    letter = render(action, case, **parties)  # type: ignore[arg-type]
    assert letter.amounts.total == action.amounts().total
    text = letter.text.replace("\u202f", " ").replace("\xa0", " ")
    assert "Déjà réglé (paiements et avoirs) : 1 000,00 €" in text
    assert "depuis le jugement, non déduit (C. com. art. L622-33) : 4 000,00 €" in text
    english = render(action, case, locale="en_GB", **parties)  # type: ignore[arg-type]
    assert "since the judgment, not deducted (C. com. art. L622-33): €4,000.00" in (
        english.text.replace("\u202f", " ").replace("\xa0", " ")
    )


# --- conversions: sauvegarde -> redressement -> liquidation (L622-10, L631-15) ------------------

S, R, L = (
    CollectiveProcedure.SAUVEGARDE,
    CollectiveProcedure.REDRESSEMENT,
    CollectiveProcedure.LIQUIDATION,
)


def _judgment(kind: CollectiveProcedure, on: date, published: date) -> CollectiveProcedureOpened:
    return CollectiveProcedureOpened(on, kind, published)


@pytest.mark.parametrize(
    ("first", "then", "article"),
    [(S, R, L622_10), (S, L, L622_10), (R, L, L631_15)],
)
def test_a_conversion_is_accepted_and_changes_the_procedure_only(
    first: CollectiveProcedure, then: CollectiveProcedure, article: object
) -> None:
    case = apply(_noticed(), _judgment(first, OPENED, PUBLISHED), POLICY)
    conversion = _judgment(then, date(2025, 7, 15), date(2025, 7, 25))
    converted = apply(case, conversion, POLICY)
    assert converted.stage is case.stage
    assert converted.procedure is then
    assert converted.insolvency == case.insolvency  # the opening judgment stays the first one
    assert converted.judgments == (case.insolvency, conversion)
    # penalties still stop at the first opening date
    assert claim_amounts(converted, POLICY, date(2025, 12, 1)) == claim_amounts(
        case, POLICY, date(2025, 12, 1)
    )
    # a claim not yet declared keeps its deadline from the first publication
    (action,) = next_actions(converted, POLICY, date(2025, 7, 28))
    assert action.kind is StepKind.CLAIM_DECLARATION
    assert action.deadline == date(2025, 8, 12)
    notes = [note for note in action.notes if note.article == article]
    assert notes
    assert "05-16.927" in notes[0].message
    # after the conversion, individual actions are still refused
    assert check(converted, HandedOver(date(2025, 7, 28)), POLICY).article == L622_21


@pytest.mark.parametrize(
    ("first", "then", "article"),
    [
        (S, S, L622_10),
        (R, R, L631_15),
        (R, S, L631_15),
        (L, L, L641_1),
        (L, R, L641_1),
        (L, S, L641_1),
    ],
)
def test_a_judgment_that_is_no_conversion_is_refused(
    first: CollectiveProcedure, then: CollectiveProcedure, article: object
) -> None:
    case = apply(_case(), _judgment(first, OPENED, PUBLISHED), POLICY)
    verdict = check(case, _judgment(then, date(2025, 7, 1), date(2025, 7, 5)), POLICY)
    assert not verdict.allowed
    assert verdict.article == article
    assert first.value in verdict.reason


def test_a_claim_declared_before_the_conversion_is_not_declared_again() -> None:
    case = apply(_noticed(), JUDGMENT, POLICY)
    declared = apply(case, ClaimDeclared(date(2025, 6, 20)), POLICY)
    converted = apply(declared, _judgment(L, date(2025, 9, 1), date(2025, 9, 10)), POLICY)
    assert converted.declared == declared.declared
    assert next_actions(converted, POLICY, date(2025, 9, 15)) == ()
    assert timeline(converted, POLICY) == ()
    assert not check(converted, ClaimDeclared(date(2025, 9, 15)), POLICY).allowed


def test_sauvegarde_then_redressement_then_liquidation() -> None:
    case = apply(_case(), _judgment(S, OPENED, PUBLISHED), POLICY)
    case = apply(case, _judgment(R, date(2025, 7, 1), date(2025, 7, 8)), POLICY)
    case = apply(case, _judgment(L, date(2025, 7, 20), date(2025, 7, 30)), POLICY)
    assert [j.procedure for j in case.judgments] == [S, R, L]
    (action,) = next_actions(case, POLICY, date(2025, 8, 1))
    assert action.deadline == date(2025, 8, 12)
    assert any(note.article == L631_15 for note in action.notes)  # the last conversion's
    assert not check(case, _judgment(L, date(2025, 8, 1), date(2025, 8, 2)), POLICY).allowed


def test_a_converted_case_round_trips_in_schema_version_2() -> None:
    case = apply(_noticed(), JUDGMENT, POLICY)
    case = apply(case, _judgment(L, date(2025, 7, 15), date(2025, 7, 25)), POLICY)
    text = to_json(case)
    assert '"dunning-core/2"' in text
    back = from_json(text, policy=POLICY)
    assert back == case
    assert back.procedure is L


def test_the_declaration_letter_states_the_conversion() -> None:
    from dunning_core.letters import render

    case = apply(_noticed(), JUDGMENT, POLICY)
    case = apply(case, _judgment(L, date(2025, 7, 15), date(2025, 7, 25)), POLICY)
    (action,) = next_actions(case, POLICY, date(2025, 7, 28))
    parties = _declaration_parties()
    french = render(action, case, **parties).text  # type: ignore[arg-type]
    assert "une procédure de redressement judiciaire a été ouverte" in french
    assert (
        "Par jugement du 15 juillet 2025, publié au BODACC le 25 juillet 2025, cette procédure a "
        "été convertie en liquidation judiciaire." in french
    )
    assert "au plus tard le 12 août 2025" in french
    english = render(action, case, locale="en_GB", **parties).text  # type: ignore[arg-type]
    assert "were converted into judicial liquidation (liquidation judiciaire)." in english


# --- R622-24: 2 more months for a creditor outside metropolitan France --------------------------

ABROAD = attrs.evolve(POLICY, creditor_outside_metropolitan_france=True, name="abroad")


def test_a_creditor_outside_metropolitan_france_has_four_months_to_declare() -> None:
    case = apply(_noticed(), JUDGMENT, ABROAD)
    (action,) = next_actions(case, ABROAD, date(2025, 6, 20))
    assert action.deadline == case.declaration_deadline(ABROAD) == date(2025, 10, 12)
    assert case.declaration_deadline(POLICY) == date(2025, 8, 12)
    (note,) = [note for note in action.notes if note.article == R622_24]
    assert "4 months" in note.message
    assert "outside metropolitan France" in note.message
    # still the declaration, not the relief, after two months
    (later,) = next_actions(case, ABROAD, date(2025, 10, 12))
    assert later.kind is StepKind.CLAIM_DECLARATION
    (relief,) = next_actions(case, ABROAD, date(2025, 10, 13))
    assert relief.kind is StepKind.FORECLOSURE_RELIEF
    assert not check(case, ForeclosureReliefRequested(date(2025, 9, 1)), ABROAD).allowed


def test_the_letter_of_a_creditor_abroad_states_the_four_months() -> None:
    from dunning_core.letters import render

    case = apply(_noticed(), JUDGMENT, ABROAD)
    (action,) = next_actions(case, ABROAD, date(2025, 6, 20))
    parties = _declaration_parties()
    letter = render(action, case, **parties)  # type: ignore[arg-type]
    assert letter.deadline == action.deadline == date(2025, 10, 12)
    assert "dans le délai de quatre mois" in letter.text
    assert "au plus tard le 12 octobre 2025" in letter.text
    english = render(action, case, locale="en_GB", **parties)  # type: ignore[arg-type]
    assert "within four months" in english.text
    plain = render(
        next_actions(apply(_noticed(), JUDGMENT, POLICY), POLICY, date(2025, 6, 20))[0],
        apply(_noticed(), JUDGMENT, POLICY),
        **parties,
    )  # type: ignore[arg-type]
    assert "dans le délai de deux mois" in plain.text


def test_the_policy_option_is_schema_version_3_and_old_policies_read_without_it() -> None:
    # the default's shared caps are of version 5: without them, the option alone needs 3
    unshared = tuple(cap for cap in POLICY.caps if not cap.shared)
    abroad, policy = (attrs.evolve(p, caps=unshared) for p in (ABROAD, POLICY))
    text = to_json(abroad)
    assert '"dunning-core/3"' in text
    assert '"creditor_outside_metropolitan_france": true' in text
    assert from_json(text) == abroad
    assert from_json(to_json(ABROAD)) == ABROAD
    assert "creditor_outside_metropolitan_france" not in to_json(policy)
    assert '"dunning-core/2"' in to_json(policy)


# --- L622-26: relief from foreclosure within 6 months of the publication -------------------------


def test_after_the_deadline_the_planner_proposes_relief_from_foreclosure() -> None:
    case = apply(_noticed(), JUDGMENT, POLICY)
    (last,) = next_actions(case, POLICY, date(2025, 8, 12))
    assert last.kind is StepKind.CLAIM_DECLARATION
    (relief,) = next_actions(case, POLICY, date(2025, 8, 13))
    assert relief.kind is StepKind.FORECLOSURE_RELIEF
    assert relief.due_on == date(2025, 8, 13)
    assert (
        relief.deadline == case.relief_deadline() == add_months(PUBLISHED, 6) == date(2025, 12, 12)
    )
    assert {note.article for note in relief.notes} == {L622_26}
    assert any("nothing more is planned" in note.message for note in relief.notes)
    assert relief.amounts().total == claim_amounts(_noticed(), POLICY, OPENED).total
    event = relief.to_event(date(2025, 9, 1))
    assert event == ForeclosureReliefRequested(date(2025, 9, 1))
    # still proposed on the last day, nothing after it: the action for relief is barred
    assert [a.kind for a in next_actions(case, POLICY, date(2025, 12, 12))] == [
        StepKind.FORECLOSURE_RELIEF
    ]
    assert next_actions(case, POLICY, date(2025, 12, 13)) == ()
    assert not check(case, ForeclosureReliefRequested(date(2025, 12, 13)), POLICY).allowed


def test_once_relief_is_asked_nothing_more_is_planned_and_a_declaration_may_follow() -> None:
    case = apply(_noticed(), JUDGMENT, POLICY)
    asked = apply(case, ForeclosureReliefRequested(date(2025, 9, 1), "requête"), POLICY)
    assert asked.relief_requested == ForeclosureReliefRequested(date(2025, 9, 1), "requête")
    assert next_actions(asked, POLICY, date(2025, 9, 2)) == ()
    assert timeline(asked, POLICY) == ()
    again = check(asked, ForeclosureReliefRequested(date(2025, 9, 2)), POLICY)
    assert not again.allowed
    assert again.article == L622_26
    relieved = apply(asked, ClaimDeclared(date(2025, 10, 1), "relevé de forclusion"), POLICY)
    assert next_actions(relieved, POLICY, date(2025, 10, 2)) == ()


def test_a_late_declaration_without_relief_still_gets_relief_proposed() -> None:
    case = apply(_noticed(), JUDGMENT, POLICY)
    late = apply(case, ClaimDeclared(date(2025, 9, 1)), POLICY)
    (relief,) = next_actions(late, POLICY, date(2025, 9, 2))
    assert relief.kind is StepKind.FORECLOSURE_RELIEF
    assert "after the deadline of 2025-08-12" in relief.notes[0].message
    in_time = apply(case, ClaimDeclared(date(2025, 8, 12)), POLICY)
    assert next_actions(in_time, POLICY, date(2025, 9, 2)) == ()
    assert not check(in_time, ForeclosureReliefRequested(date(2025, 9, 2)), POLICY).allowed


@pytest.mark.parametrize(
    ("case_of", "day", "words"),
    [
        (lambda: _case(), date(2025, 9, 1), "the opening of the collective procedure first"),
        (lambda: apply(_case(), JUDGMENT, POLICY), date(2025, 8, 12), "until 2025-08-12"),
    ],
)
def test_relief_is_refused_without_a_procedure_or_before_the_deadline(
    case_of: object, day: date, words: str
) -> None:
    verdict = check(case_of(), ForeclosureReliefRequested(day), POLICY)  # type: ignore[operator]
    assert not verdict.allowed
    assert verdict.article == L622_26
    assert words in verdict.reason


def test_the_timeline_of_a_case_past_the_deadline_is_the_relief_alone() -> None:
    case = apply(_case(), JUDGMENT, POLICY)
    case = apply(case, ProofRecorded(date(2025, 9, 1)), POLICY)  # the case moved on after it
    assert [a.kind for a in timeline(case, POLICY)] == [StepKind.FORECLOSURE_RELIEF]
    converted = apply(case, _judgment(L, date(2025, 9, 5), date(2025, 9, 15)), POLICY)
    (relief,) = next_actions(converted, POLICY, date(2025, 9, 20))
    assert relief.deadline == date(2025, 12, 12)  # from the first publication
    assert not any(note.article == L622_10 for note in relief.notes)
    assert any(note.article == L631_15 for note in relief.notes)


def test_no_letter_is_written_for_the_relief_and_no_declaration_after_the_deadline() -> None:
    from dunning_core.errors import InvalidArgument
    from dunning_core.letters import LetterKind, letter_kind, render

    case = apply(_noticed(), JUDGMENT, POLICY)
    (relief,) = next_actions(case, POLICY, date(2025, 9, 1))
    with pytest.raises(InvalidArgument, match="juge-commissaire"):
        letter_kind(relief, case)
    with pytest.raises(InvalidArgument, match="relief from foreclosure"):
        render(
            LetterKind.CLAIM_DECLARATION,
            case,
            today=date(2025, 9, 1),
            **_declaration_parties(),  # type: ignore[arg-type]
        )


# --- the declaration letter: a foreign currency (L622-25) and securities (L622-25, R622-23) -----


def _in_dollars() -> tuple[Case, object]:
    case = Case.open("F-US", "10000", date(2025, 3, 1), due_on=DUE, currency="USD")
    case = apply(case, JUDGMENT, POLICY)
    (action,) = next_actions(case, POLICY, date(2025, 6, 20))
    return case, action


def test_a_claim_in_a_foreign_currency_is_refused_without_the_exchange_rate() -> None:
    from dunning_core import DunningError, MissingExchangeRate
    from dunning_core.letters import render

    case, action = _in_dollars()
    with pytest.raises(MissingExchangeRate) as info:
        render(action, case, **_declaration_parties())  # type: ignore[arg-type]
    assert isinstance(info.value, DunningError)
    assert isinstance(info.value, ValueError)
    assert (info.value.currency, info.value.on) == ("USD", OPENED)
    assert "exchange_rate" in str(info.value)
    assert "L622-25" in str(info.value)


def test_a_claim_in_a_foreign_currency_is_declared_converted_at_the_judgments_rate() -> None:
    from dunning_core.letters import render

    case, action = _in_dollars()
    amounts = action.amounts()  # type: ignore[attr-defined]
    assert amounts.total == Decimal("10226.97")  # in USD; the 40 € stay in euros (D441-5)
    letter = render(
        action,  # type: ignore[arg-type]
        case,
        exchange_rate=Decimal("0.8765"),
        **_declaration_parties(),  # type: ignore[arg-type]
    )
    # 10 226.97 USD x 0.8765 = 8 963.937 -> 8 963.94 €, plus the 40 € indemnity
    assert (
        "Montant déclaré en euros, converti au cours du jour du jugement d'ouverture, le 2 juin "
        "2025 (1 USD = 0,8765 €, C. com. art. L622-25), indemnité forfaitaire de 40,00 € "
        "comprise : 9 003,94 €" in _plain(letter.text)
    )
    english = render(
        action,  # type: ignore[arg-type]
        case,
        exchange_rate=Decimal("0.8765"),
        locale="en_GB",
        **_declaration_parties(),  # type: ignore[arg-type]
    )
    assert "(1 USD = €0.8765, C. com. art. L622-25), the fixed compensation of €40.00 " in (
        _plain(english.text)
    )
    assert "included: €9,003.94" in _plain(english.text)


def test_a_foreign_currency_without_the_indemnity_is_converted_alone() -> None:
    from dunning_core.letters import render

    early = CollectiveProcedureOpened(
        date(2025, 3, 10), CollectiveProcedure.SAUVEGARDE, date(2025, 3, 20)
    )
    case = Case.open("F-JP", "1000000", date(2025, 3, 1), due_on=DUE, currency="JPY")
    case = apply(case, early, POLICY)
    (action,) = next_actions(case, POLICY, date(2025, 3, 25))
    letter = render(action, case, exchange_rate=Decimal("0.0061"), **_declaration_parties())  # type: ignore[arg-type]
    # opened before the due date: the principal alone, 1 000 000 JPY x 0.0061 = 6 100 €
    assert "(1 JPY = 0,0061 €, C. com. art. L622-25) : 6 100,00 €" in _plain(letter.text)


@pytest.mark.parametrize(
    ("rate", "error"),
    [
        (0.88, "ArgumentTypeError"),
        ("0.88", "ArgumentTypeError"),
        (Decimal(0), "InvalidArgument"),
        (Decimal("-1"), "InvalidAmount"),
    ],
)
def test_a_bad_exchange_rate_is_refused(rate: object, error: str) -> None:
    import dunning_core
    from dunning_core.letters import render

    case, action = _in_dollars()
    with pytest.raises(getattr(dunning_core, error)):
        render(action, case, exchange_rate=rate, **_declaration_parties())  # type: ignore[arg-type]


def test_an_exchange_rate_is_refused_for_a_claim_in_euros() -> None:
    from dunning_core.errors import InvalidArgument
    from dunning_core.letters import render

    case = apply(_noticed(), JUDGMENT, POLICY)
    (action,) = next_actions(case, POLICY, date(2025, 6, 20))
    with pytest.raises(InvalidArgument, match="foreign currency"):
        render(action, case, exchange_rate=Decimal("1"), **_declaration_parties())  # type: ignore[arg-type]


def test_the_declaration_states_the_security_the_host_gives_unsecured_by_default() -> None:
    from dunning_core.letters import render

    case = apply(_noticed(), JUDGMENT, POLICY)
    (action,) = next_actions(case, POLICY, date(2025, 6, 20))
    plain = render(action, case, **_declaration_parties())  # type: ignore[arg-type]
    assert "Nature de la créance : chirographaire (aucune sûreté ni privilège)." in plain.text
    pledge = "nantissement du fonds de commerce inscrit le 15 mars 2024"
    secured = render(action, case, security=pledge, **_declaration_parties())  # type: ignore[arg-type]
    assert (
        "Nature de la créance : privilégiée ou assortie d'une sûreté — nantissement du fonds de "
        "commerce inscrit le 15 mars 2024 (C. com. art. L622-25)." in secured.text
    )
    assert "chirographaire" not in secured.text
    assert pledge in secured.html
    english = render(
        action,
        case,
        security="pledge of the business, registered 15 March 2024",
        locale="en_GB",
        **_declaration_parties(),
    )  # type: ignore[arg-type]
    assert (
        "Nature of the claim: preferential or secured — pledge of the business, registered 15 "
        "March 2024 (C. com. art. L622-25)." in english.text
    )


@pytest.mark.parametrize("security", ["", "   ", "line one\nline two", "x" * 301, 12])
def test_a_bad_security_is_refused(security: object) -> None:
    from dunning_core.errors import DunningError
    from dunning_core.letters import render

    case = apply(_noticed(), JUDGMENT, POLICY)
    (action,) = next_actions(case, POLICY, date(2025, 6, 20))
    with pytest.raises(DunningError):
        render(action, case, security=security, **_declaration_parties())  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "option", [{"exchange_rate": Decimal("1")}, {"security": "gage"}], ids=["rate", "security"]
)
def test_a_declarations_option_is_refused_for_another_letter(option: dict[str, object]) -> None:
    from dunning_core.errors import InvalidArgument
    from dunning_core.letters import LetterKind, render

    parties = _declaration_parties()
    with pytest.raises(InvalidArgument, match=next(iter(option))):
        render(
            LetterKind.FORMAL_NOTICE,
            _case(),
            creditor=parties["creditor"],  # type: ignore[arg-type]
            today=date(2025, 5, 2),
            **option,  # type: ignore[arg-type]
        )


def test_in_a_liquidation_the_claim_is_declared_to_the_liquidateur() -> None:
    from dunning_core.law import L641_3

    redressement = apply(_noticed(), JUDGMENT, POLICY)
    (plain,) = next_actions(redressement, POLICY, date(2025, 6, 20))
    assert not any(note.article == L641_3 for note in plain.notes)
    for case in (
        apply(_noticed(), _judgment(L, OPENED, PUBLISHED), POLICY),
        apply(redressement, _judgment(L, date(2025, 6, 20), date(2025, 6, 30)), POLICY),
    ):
        (action,) = next_actions(case, POLICY, date(2025, 7, 1))
        (note,) = [note for note in action.notes if note.article == L641_3]
        assert "liquidateur" in note.text()
        assert "liquidateur" in note.text(locale="en_GB")
        assert "liquidateur" in note.message
