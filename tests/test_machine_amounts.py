"""What the machine claims: the segment's basis (one rule) and the indemnity in another currency."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import attrs
import pytest

from dunning_core.errors import InvalidAmount, InvalidArgument
from dunning_core.interest import PenaltyBasis, late_penalties
from dunning_core.machine import Case, claim_amounts, next_actions, timeline
from dunning_core.policy import DebtorSegment, french_default
from dunning_core.portfolio import claimable_penalties
from dunning_core.serialize import from_json, to_json

POLICY = french_default()
DUE = date(2025, 3, 31)
ON = date(2025, 8, 15)


def opened(segment: DebtorSegment, currency: str = "EUR") -> Case:
    return Case.open(
        "F-4", "10000", date(2025, 3, 1), due_on=DUE, segment=segment, currency=currency
    )


class TestOneRuleForTheBasis:
    @pytest.mark.parametrize("segment", list(DebtorSegment))
    def test_claim_amounts_use_the_segments_basis(self, segment: DebtorSegment) -> None:
        """claim_amounts' basis is DebtorSegment.penalty_basis of the policy's basis."""
        policy = attrs.evolve(POLICY, basis=PenaltyBasis.contractual("12"))
        assert (
            segment.penalty_basis(policy.basis) == claim_amounts(opened(segment), policy, ON).basis
        )

    def test_a_policy_change_flows_to_the_amounts(self) -> None:
        """Another policy basis changes a business debtor's interest, to the cent."""
        policy = attrs.evolve(POLICY, basis=PenaltyBasis.contractual("12"))
        owed = claim_amounts(opened(DebtorSegment.STANDARD), policy, ON)
        expected = late_penalties(owed.principal, DUE, ON, basis=policy.basis)
        assert expected.interest == owed.interest
        assert owed.interest != claim_amounts(opened(DebtorSegment.STANDARD), POLICY, ON).interest

    def test_a_segment_rule_change_flows_to_the_amounts(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """claim_amounts asks DebtorSegment.penalty_basis: change it there, the amounts follow."""

        def every_debtor_at_three_times_legal(
            self: DebtorSegment, default: PenaltyBasis = PenaltyBasis.STATUTORY
        ) -> PenaltyBasis:
            return PenaltyBasis.THREE_TIMES_LEGAL

        monkeypatch.setattr(DebtorSegment, "penalty_basis", every_debtor_at_three_times_legal)
        for segment in (DebtorSegment.STANDARD, DebtorSegment.PUBLIC_BODY):
            assert (
                PenaltyBasis.THREE_TIMES_LEGAL == claim_amounts(opened(segment), POLICY, ON).basis
            )


class TestIndemnityInAnotherCurrency:
    """The 40 € (C. com. D441-5) of an invoice in another currency, as the opening states it."""

    def opened(self, converted: object = None) -> Case:
        return Case.open(
            "F-JP",
            "150000",
            date(2025, 3, 1),
            due_on=DUE,
            currency="JPY",
            indemnity_in_currency=converted,
        )

    def test_the_converted_indemnity_is_owed(self) -> None:
        """With the converted value, claim_amounts counts it: 6,500 JPY, in the total."""
        owed = claim_amounts(self.opened(6500), POLICY, ON)
        assert (Decimal(6500), "JPY") == (owed.indemnity, owed.currency)
        assert owed.principal + owed.interest + Decimal(6500) == owed.total
        assert owed.breakdown is not None
        assert owed.breakdown.unconverted_indemnity is None
        direct = late_penalties(
            Decimal(150000), DUE, ON, currency="JPY", indemnity_in_currency=Decimal(6500)
        )
        assert (direct.interest, direct.indemnity) == (owed.interest, owed.indemnity)

    def test_without_it_the_finding_still_asks_for_it(self) -> None:
        """Without it, nothing is counted silently: the WARNING asks for the value."""
        owed = claim_amounts(self.opened(), POLICY, ON)
        assert Decimal(0) == owed.indemnity
        assert owed.breakdown is not None
        assert Decimal("40.00") == owed.breakdown.unconverted_indemnity
        assert any("indemnity_in_currency" in f.message for f in owed.breakdown.findings)

    def test_actions_timeline_and_portfolio_pass_it(self) -> None:
        """The planner's amounts, the timeline and the portfolio figures count it too."""
        case = self.opened(6500)
        (action,) = next_actions(case, POLICY, date(2025, 4, 5))
        assert Decimal(6500) == action.amounts().indemnity
        late = [a for a in timeline(case, POLICY) if a.due_on > DUE]  # the pre-reminder: none
        assert late
        assert all(a.amounts().indemnity == Decimal(6500) for a in late)
        penalties = claimable_penalties([case], ON, policy=POLICY)
        assert Decimal(6500) == penalties.indemnity
        assert Decimal(0) == claimable_penalties([self.opened()], ON, policy=POLICY).indemnity

    def test_it_survives_json_as_version_3(self) -> None:
        """A case holding it is written as schema version 3 and reads back equal."""
        case = self.opened("6500")
        text = to_json(case)
        assert '"dunning-core/3"' in text
        assert case == from_json(text)
        assert Decimal(6500) == from_json(text).opening.indemnity_in_currency
        assert '"dunning-core/1"' in to_json(self.opened())

    def test_bad_values_are_refused(self) -> None:
        """In euros, zero, negative or more decimals than the currency has: refused."""
        with pytest.raises(InvalidArgument, match="EUR"):
            Case.open("F-1", "100", date(2025, 3, 1), due_on=DUE, indemnity_in_currency=40)
        for bad in ("0", "-5", "43.5"):  # JPY has no decimals
            with pytest.raises(InvalidAmount):
                self.opened(bad)

    def test_the_columnar_planner_prices_it_case_by_case(self) -> None:
        """fold_events/plan_frame on a frame in yen give the scalar planner's amounts."""
        pytest.importorskip("pandas")
        from dunning_core.frames import events_frame, fold_events, plan_frame

        case, today = self.opened(6500), date(2025, 4, 5)
        folded = fold_events(events_frame([case]), POLICY, currency="JPY", cases={"F-JP": case})
        out = plan_frame(folded, POLICY, today, currency="JPY", amounts=True)
        (action,) = next_actions(case, POLICY, today)
        owed = action.amounts()
        assert (action.step.name, owed.indemnity, owed.total) == (
            out.loc["F-JP", "action"],
            out.loc["F-JP", "indemnity"],
            out.loc["F-JP", "total"],
        )
