"""The machine's texts: reasons, notes, missing conditions and verdicts are data (a code, its
article, its parameters) rendered by the display layer in French first and in English; short,
evaluable reprs."""

from __future__ import annotations

import ast
import copy
import datetime
import pickle
import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings

from dunning_core import law
from dunning_core.display import _machine
from dunning_core.errors import IllegalTransition
from dunning_core.law import CIV_1344, CPC_1405, PRACTICE, Article
from dunning_core.machine import (
    EVENT_TYPES,
    TRANSITION_ENTRIES,
    Action,
    Case,
    ClaimFiled,
    CollectiveProcedure,
    ContactMade,
    Delivery,
    DisputeOpened,
    DisputeResolved,
    FormalNoticeDelivered,
    FormalNoticeSent,
    Missing,
    PaymentReceived,
    PromiseToPay,
    Reason,
    Verdict,
    apply,
    check,
    claim_amounts,
    next_actions,
    timeline,
)
from dunning_core.money import Money
from dunning_core.policy import Channel, Stage, StepKind, french_default
from dunning_core.strategies import cases, dates

POLICY = french_default()
MACHINE = Path(__file__).resolve().parent.parent / "src" / "dunning_core" / "machine"
PORTFOLIO_IO = MACHINE.parent / "portfolio_io.py"


def opened() -> Case:
    return Case.open("F-1", "8000", date(2025, 3, 1), due_on=date(2025, 3, 31))


def _codes_in_code() -> set[str]:
    """Every code the machine (and the portfolio's status) writes in a Reason, Missing or _no."""
    found: set[str] = set()
    for path in [*MACHINE.glob("*.py"), PORTFOLIO_IO]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            first = node.args[0]
            if name in ("Reason", "Missing", "_no") and isinstance(first, ast.Constant):
                found.add(first.value)
            elif name == "_no" and isinstance(first, ast.JoinedStr):  # f"{what}_minor_unit"
                tail = "".join(
                    part.value for part in first.values if isinstance(part, ast.Constant)
                )
                found.update(f"{what}{tail}" for what in ("payment", "credit_note"))
    return found


def test_every_code_has_its_sentence() -> None:
    """No code of the machine falls back to showing itself: each has a sentence (or a chooser)."""
    codes = _codes_in_code()
    assert len(codes) > 60
    known = set(_machine._SENTENCES) | set(_machine._CHOOSERS)
    assert set() == codes - known
    assert {code for code in codes if code.startswith("hint_")}  # the hints are codes too


@pytest.mark.parametrize("code", sorted(_machine._SENTENCES))
def test_every_sentence_differs_in_english(code: str) -> None:
    """Each sentence is translated (an English sentence that equals the French one is a miss),
    with the same placeholders."""
    french = _machine._SENTENCES[code]
    english = _machine.gettext(french, locale="en_GB")
    assert english != french or code in {"per_article"}
    assert sorted(re.findall(r"%\((\w+)\)s", french)) == sorted(re.findall(r"%\((\w+)\)s", english))


@pytest.mark.parametrize("kind", sorted(t.kind for t in EVENT_TYPES))
def test_every_event_has_a_name_for_people(kind: str) -> None:
    """Each kind of event is named in words in both languages (a refused
    foreclosure_relief_requested showed its kind, « événement refusé,
    foreclosure_relief_requested du 20 février 2026 »)."""
    french = _machine.event_name(kind)
    english = _machine.event_name(kind, locale="en_GB")
    assert kind != french
    assert kind != english
    assert french != english


def test_a_sentence_that_names_an_event_agrees_with_any_of_them() -> None:
    """« %(event)s est daté du » read « une passation en perte est daté du »: the sentence no
    longer agrees with the event's gender; and a refusal names the record to add in words, not
    the class CollectiveProcedureOpened."""
    reason = Reason(
        "before_opening",
        None,
        (("event", "written_off"), ("on", date(2025, 2, 1)), ("opened", date(2025, 3, 1))),
    )
    assert reason.text() == (
        "une passation en perte du 1er février 2025 précède l'ouverture du dossier le 1er mars "
        "2025 ; enregistrez les événements à partir de l'ouverture"
    )
    for code in ("declaration_without_procedure", "relief_without_procedure"):
        said = Reason(code, None, ()).text(), Reason(code, None, ()).text("en_GB")
        assert "CollectiveProcedureOpened" not in " ".join(said)
        assert said[0].endswith("enregistrez d'abord l'ouverture de la procédure collective")
        assert said[1].endswith("record the opening of the collective procedure first")


class TestRendering:
    def test_reason_in_three_voices(self) -> None:
        reason = Reason("min_gap", PRACTICE, (("days", 1), ("last", date(2025, 5, 10))))
        assert "au moins 1\xa0jour après le dernier contact (10 mai 2025) (pratique)" == str(reason)
        assert "at least 1 day after the last contact (10 May 2025)" == reason.text("en_GB")
        assert "at least 1 day after the last contact (2025-05-10)" == reason.message
        assert "at least 1 day after the last contact (10 May 2025) (practice)" == (
            _machine.reason_text(reason, locale="en_GB")
        )

    def test_amounts_and_enums_for_people_and_developers(self) -> None:
        reason = Reason(
            "cap_reached",
            PRACTICE,
            (("limit", 3), ("channel", Channel.EMAIL), ("stage", Stage.AMICABLE)),
        )
        assert reason.text() == (
            "plafond atteint : déjà 3 contact(s) par e-mail au stade « relance amiable », le "
            "plafond de la politique"
        )
        assert reason.text("en_GB").startswith("cap reached: 3 email contact(s) at stage amicable")
        assert reason.message.startswith("cap reached: 3 email contact(s) at stage amicable ")
        owed = Reason("waive_principal_owed", PRACTICE, (("balance", Money("1250", "EUR")),))
        assert "(il reste 1\u202f250,00\xa0€)" in owed.text()
        assert "(€1,250.00 left)" in owed.text("en_GB")
        assert "(1250.00 EUR left)" in owed.message

    def test_unknown_code_is_shown_as_given(self) -> None:
        """A host's own sentence (a code the display does not know) is shown as it is."""
        reason = Reason("appelé le gérant, rappel lundi", PRACTICE)
        assert "appelé le gérant, rappel lundi (pratique)" == str(reason)
        assert "appelé le gérant, rappel lundi" == reason.message

    def test_a_language_without_catalog_reads_french(self) -> None:
        item = Missing("proofs", CPC_1405)
        assert item.text("de_DE") == item.text() == str(item)
        assert item.text("en") == item.text("en_GB") == item.message

    def test_nested_reasons_render_in_the_same_language(self) -> None:
        """A refusal inside a note (cannot be recorded yet) follows the reader's language."""
        inner = Reason("paused_by_promise", PRACTICE, (("until", date(2025, 4, 30)),))
        note = Reason("not_recordable", PRACTICE, (("why", inner),))
        assert note.text() == (
            "ne peut pas encore être enregistrée : l'escalade est suspendue par la promesse de "
            "paiement jusqu'au 30 avril 2025"
        )
        assert note.text("en_GB") == (
            "cannot be recorded yet: escalation is paused by the promise to pay until 30 April 2025"
        )


class TestVerdict:
    def test_refusal_is_data(self) -> None:
        case = apply(opened(), DisputeOpened(date(2025, 4, 8)), POLICY)
        verdict = check(case, ContactMade(date(2025, 4, 9), Channel.EMAIL), POLICY)
        assert not verdict
        assert ("dispute_freezes", date(2025, 4, 8)) == (
            verdict.why.code,
            verdict.why.param("since"),
        )
        assert verdict.reason.startswith("a dispute is open since 2025-04-08: no contact")
        assert str(verdict).startswith("refusé : un litige est ouvert depuis le 8 avril 2025")
        english = verdict.text(locale="en_GB")
        assert english.startswith("refused: a dispute is open since 8 April 2025")

    def test_allowed(self) -> None:
        verdict = check(opened(), PaymentReceived(date(2025, 3, 20), "8000"), POLICY)
        assert ("", None) == (verdict.reason, verdict.article)
        assert "accepté : le dossier est ensuite au stade « payée »" == str(verdict)
        assert "Verdict(True, stage=<Stage.PAID: 'paid'>)" == repr(verdict)

    def test_illegal_transition_carries_the_reason(self) -> None:
        with pytest.raises(IllegalTransition) as info:
            apply(opened(), DisputeResolved(date(2025, 4, 1)), POLICY)
        error = info.value
        assert ("no_dispute_open", error.reason) == (error.why.code, error.why.message)
        assert "aucun litige n'est ouvert, aucun ne peut donc être résolu" == error.why.text()

    def test_learned_late_names_the_later_event(self) -> None:
        case = apply(opened(), PaymentReceived(date(2025, 4, 10), "8000"), POLICY)
        verdict = check(case, DisputeOpened(date(2025, 4, 5)), POLICY)
        assert verdict  # a dispute before the payment is fine
        case = apply(opened(), DisputeOpened(date(2025, 4, 10)), POLICY)
        late = check(case, DisputeOpened(date(2025, 4, 5)), POLICY)
        assert "learned_late" == late.why.code
        assert late.why.text("en_GB").startswith(
            "recording a dispute opened on 5 April 2025 makes a later event illegal"
        )
        assert late.why.message.startswith(
            "recording dispute_opened on 2025-04-05 makes a later event illegal"
        )

    def test_repr_is_short(self) -> None:
        case = apply(opened(), DisputeOpened(date(2025, 4, 8)), POLICY)
        verdict = check(case, ContactMade(date(2025, 4, 9), Channel.EMAIL), POLICY)
        assert len(repr(verdict)) < 160
        claim = check(opened(), ClaimFiled(date(2025, 6, 1)), POLICY)
        assert repr(claim).count("Missing('proofs'") == 1  # not repeated beside the reason


def _articles() -> dict[str, Article]:
    return {name: value for name, value in vars(law).items() if isinstance(value, Article)}


def _namespace() -> dict[str, object]:
    by_citation = {(a.code, a.number): a for a in _articles().values()}
    return {
        "Reason": Reason,
        "Missing": Missing,
        "Article": lambda code, number: by_citation[(code, number)],
        "Money": Money,
        "Stage": Stage,
        "Channel": Channel,
        "StepKind": StepKind,
        "Delivery": Delivery,
        "CollectiveProcedure": CollectiveProcedure,
        "datetime": datetime,
    }


class TestRepr:
    def test_action_repr_is_short_and_identifies_it(self) -> None:
        (action,) = next_actions(opened(), POLICY, date(2025, 4, 7))
        text = repr(action)
        assert (
            "Action('F-1', 'reminder_email_1', due_on=datetime.date(2025, 4, 5), "
            "as_of=datetime.date(2025, 4, 7))"
        ) == text
        assert len(text) <= 110
        call = ast.parse(text, mode="eval").body
        assert isinstance(call, ast.Call)
        got = eval(text, {"Action": lambda *a, **k: (a, k), "datetime": datetime})
        assert got == (
            (action.reference, action.step.name),
            {"due_on": action.due_on, "as_of": action.as_of},
        )

    def test_blocked_action_says_so(self) -> None:
        case = opened()
        for event in (
            FormalNoticeSent(date(2025, 5, 15), Channel.REGISTERED_LETTER, "formal_notice"),
            FormalNoticeDelivered(date(2025, 5, 17)),
        ):
            case = apply(case, event, POLICY)
        blocked = [a for a in timeline(case, POLICY) if a.blocked]
        assert blocked
        assert repr(blocked[0]).endswith(", blocked=True)")
        assert len(repr(blocked[0])) <= 120

    def test_reasons_and_missing_round_trip(self) -> None:
        case = apply(opened(), PromiseToPay(date(2025, 4, 6), date(2025, 4, 30)), POLICY)
        (action,) = next_actions(case, POLICY, date(2025, 5, 1))
        values = [*action.reasons, *claim_amounts(case, POLICY, date(2025, 5, 1)).reasons]
        values.extend(check(opened(), ClaimFiled(date(2025, 6, 1)), POLICY).missing)
        values.append(Missing("small_claims_ceiling", CPC_1405, (("owed", Money("1", "EUR")),)))
        for value in values:
            assert value == eval(repr(value), _namespace())
            assert len(repr(value)) < 320
            assert value == pickle.loads(pickle.dumps(value)) == copy.deepcopy(value)

    def test_amounts_and_transitions_have_short_reprs(self) -> None:
        """The figures, not the breakdown and the reasons; the entry, not its description."""
        amounts = claim_amounts(opened(), POLICY, date(2025, 6, 1))
        assert repr(amounts).endswith(f"total={amounts.total!r}, basis=PenaltyBasis.STATUTORY)")
        assert "breakdown" not in repr(amounts)
        assert len(repr(amounts)) < 200
        assert max(len(repr(entry)) for entry in TRANSITION_ENTRIES) < 320

    def test_case_repr_unchanged(self) -> None:
        assert "Case('F-1', stage=preventive, balance=Decimal('8000'), events=1)" == repr(opened())


def _holds(text: str, present: tuple[str, ...], absent: tuple[str, ...] = ()) -> bool:
    return all(part in text for part in present) and not any(part in text for part in absent)


def test_hand_over_counts_from_the_notice_deadline() -> None:
    """The hand-over's step sentence says what the planner counts: days after the formal
    notice's deadline (its last day), not after the due date, in both languages."""
    case = apply(opened(), FormalNoticeSent(date(2025, 5, 15), step="formal_notice"), POLICY)
    case = apply(case, FormalNoticeDelivered(date(2025, 5, 17), Delivery.RECEIVED), POLICY)
    deadline = case.notice_deadline(POLICY)
    assert deadline is not None
    (action,) = next_actions(case, POLICY, date(2025, 7, 1))
    assert StepKind.HAND_OVER is action.step.kind
    step = action.reasons[0]
    after = step.param("after_deadline")
    assert isinstance(after, int)
    assert deadline + datetime.timedelta(days=after) == action.due_on
    french, english = step.text(), step.text("en_GB")
    assert "après la fin du délai de la mise en demeure, le 2 juin 2025" in french
    assert "l'échéance" not in french
    assert "after the formal notice's deadline of 2 June 2025" in english
    assert "due date" not in english


def test_penalty_claim_counts_from_the_payment() -> None:
    """The penalty claim's step sentence says what the planner counts (penalty_claim_day): days
    after the principal was paid, with the day of the payment, not after the due date, in both
    languages."""
    case = apply(opened(), PaymentReceived(date(2025, 5, 20), "8000"), POLICY)
    (action,) = next_actions(case, POLICY, date(2025, 6, 2))
    assert StepKind.PENALTY_CLAIM is action.step.kind
    step = action.reasons[0]
    assert date(2025, 5, 20) == step.param("cleared")
    after = step.param("after_payment")
    assert isinstance(after, int)
    assert date(2025, 5, 20) + datetime.timedelta(days=after) == action.due_on
    french, english = step.text(), step.text("en_GB")
    assert "3\xa0jours après le paiement du principal le 20 mai 2025" in french
    assert "l'échéance" not in french
    assert "3 days after the principal was paid on 20 May 2025" in english
    assert "due date" not in english
    assert "after the principal was paid on 2025-05-20" in step.message


def test_penalty_claim_on_the_day_of_the_payment() -> None:
    """A penalty-claim step with no delay reads "on the day the principal was paid"."""
    params = (("step", "claim"), ("stage", Stage.AMICABLE), ("how", Channel.LETTER))
    step = Reason(
        "step", law.L441_10, (*params, ("cleared", date(2025, 5, 20)), ("after_payment", 0))
    )
    assert "le jour du paiement du principal, le 20 mai 2025" in step.text()
    assert "on the day the principal was paid, 20 May 2025" in step.text("en_GB")


class TestHtml:
    def test_action_html_french_then_english(self) -> None:
        (action,) = next_actions(opened(), POLICY, date(2025, 4, 7))
        french = ("<th>Champ</th>", "Motif", "5 avril 2025")
        assert _holds(action._repr_html_(), french)
        english = ("<th>Field</th>", "Reason", "5 April 2025")
        assert _holds(action.to_html(locale="en_GB"), english, french)

    def test_case_html(self) -> None:
        case = apply(opened(), ContactMade(date(2025, 4, 5), Channel.EMAIL), POLICY)
        french = ("Dossier F-1 : 8\u202f000,00\xa0€, échéance 31 mars 2025", "un contact")
        assert _holds(case._repr_html_(), (*french, "<th>Événement</th>"))
        english = ("Case F-1: €8,000.00, due on 31 March 2025", "a contact", "<th>Event</th>")
        assert _holds(case.to_html(locale="en_GB"), english, french)

    def test_action_str(self) -> None:
        (action,) = next_actions(opened(), POLICY, date(2025, 4, 7))
        assert str(action).startswith("F-1 : reminder_email_1 (e-mail), due depuis le 5 avril 2025")
        assert action.text(locale="en_GB").startswith(
            "F-1: reminder_email_1 (email), due since 5 April 2025\n  reason: step"
        )


@settings(max_examples=25, deadline=None)
@given(case=cases(max_events=6), day=dates())
def test_every_planned_text_renders_in_both_languages(case: Case, day: date) -> None:
    """Whatever the machine plans, its reasons and missing conditions have a sentence in French
    and in English, every placeholder filled."""
    if day < case.last_on:
        day = case.last_on
    values: list[Reason | Missing] = []
    for action in (*next_actions(case, POLICY, day), *timeline(case, POLICY)):
        assert isinstance(action, Action)
        values.extend((*action.reasons, *action.missing))
    for value in values:
        for locale in ("fr_FR", "en_GB"):
            text = value.text(locale)
            assert "%(" not in text
            assert text != value.code
        assert "%(" not in value.message


def test_verdict_is_a_value() -> None:
    verdict = check(opened(), ClaimFiled(date(2025, 6, 1)), POLICY)
    assert isinstance(verdict, Verdict)
    assert verdict == copy.deepcopy(verdict) == pickle.loads(pickle.dumps(verdict))
    assert (CIV_1344, "claim_needs") == (verdict.article, verdict.why.code)
    assert [item.code for item in verdict.why.param("missing")] == ["formal_notice", "proofs"]
    with pytest.raises(KeyError):
        verdict.why.param("nothing")
