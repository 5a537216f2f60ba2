"""Audit of the one transition table (machine._rules): reachability, traps, terminals, duplicates."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest

from dunning_core.law import Article
from dunning_core.machine import (
    EVENT_TYPES,
    TRANSITION_ENTRIES,
    TRANSITIONS,
    AlternativeResolutionStarted,
    Case,
    ClaimFiled,
    ContactMade,
    CreditNoteIssued,
    DisputeOpened,
    DisputeResolved,
    FormalNoticeDelivered,
    FormalNoticeSent,
    HandedOver,
    Instalment,
    InvoiceOpened,
    PaymentPlanAgreed,
    PaymentReceived,
    PromiseToPay,
    ProofRecorded,
    SettlementAgreed,
    WrittenOff,
    apply,
    check,
    transition_diagram,
)
from dunning_core.policy import Channel, Stage, french_default

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
    litigation = apply(delivered, HandedOver(on), POLICY)
    proofs = apply(litigation, ProofRecorded(on), POLICY)
    judicial = apply(proofs, ClaimFiled(on + timedelta(days=30)), POLICY)
    disputed = apply(litigation, DisputeOpened(on), POLICY)
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
