"""What the machine claims: the segment's basis (one rule) and the indemnity in another currency."""

from __future__ import annotations

from datetime import date

import attrs
import pytest

from dunning_core.interest import PenaltyBasis, late_penalties
from dunning_core.machine import Case, claim_amounts
from dunning_core.policy import DebtorSegment, french_default

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
