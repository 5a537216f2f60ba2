"""
Acceptance review: claims read in the seed articles, LAW.md and DESIGN.md, each checked on the
public API, one test per claim that main got wrong (named after the claim).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from dunning_core.errors import IllegalTransition
from dunning_core.law import CJA_R541_1, CPC_1405
from dunning_core.letters import Creditor, Letter, LetterKind, render
from dunning_core.machine import (
    Case,
    ClaimFiled,
    FormalNoticeDelivered,
    FormalNoticeSent,
    Procedure,
    ProofRecorded,
    apply,
    check,
    claim_checklist,
    claim_procedure,
)
from dunning_core.policy import DebtorSegment, french_default

POLICY = french_default()
DUE = date(2025, 3, 31)
FILED = date(2025, 7, 1)


def ready_for_court(segment: DebtorSegment) -> Case:
    """A case whose formal notice was delivered, its deadline passed by FILED, proofs recorded."""
    case = Case.open("F-REVIEW", Decimal("3000"), date(2025, 3, 1), due_on=DUE, segment=segment)
    for event in (
        FormalNoticeSent(date(2025, 5, 20)),
        FormalNoticeDelivered(date(2025, 5, 22)),
        ProofRecorded(date(2025, 5, 22)),
    ):
        case = apply(case, event, POLICY)
    return case


class TestPublicBuyerGoesToTheAdministrativeJudge:
    """
    LAW.md § 5 (CJA R541-1) and DESIGN "Public buyers": a claim on a public buyer goes to the
    administrative judge's référé-provision, not to the injonction de payer of the civil courts.
    """

    @pytest.mark.parametrize(
        "procedure", [Procedure.INJONCTION_DE_PAYER, Procedure.PETITES_CREANCES]
    )
    def test_civil_claim_against_public_body_is_refused(self, procedure: Procedure) -> None:
        case = ready_for_court(DebtorSegment.PUBLIC_BODY)
        verdict = check(case, ClaimFiled(FILED, procedure), POLICY)
        assert not verdict.allowed
        assert ["court"] == [item.code for item in verdict.missing]
        assert CJA_R541_1 == verdict.missing[0].article
        assert Procedure.REFERE_PROVISION == verdict.missing[0].param("expected")
        with pytest.raises(IllegalTransition):
            apply(case, ClaimFiled(FILED, procedure), POLICY)

    def test_refere_provision_against_public_body_is_allowed(self) -> None:
        case = ready_for_court(DebtorSegment.PUBLIC_BODY)
        assert check(case, ClaimFiled(FILED, Procedure.REFERE_PROVISION), POLICY).allowed

    @pytest.mark.parametrize(
        "segment", [s for s in DebtorSegment if s is not DebtorSegment.PUBLIC_BODY]
    )
    def test_refere_provision_against_private_debtor_is_refused(
        self, segment: DebtorSegment
    ) -> None:
        case = ready_for_court(segment)
        assert check(case, ClaimFiled(FILED), POLICY).allowed
        missing = claim_checklist(case, FILED, POLICY, Procedure.REFERE_PROVISION)
        assert [("court", CJA_R541_1)] == [(item.code, item.article) for item in missing]

    @pytest.mark.parametrize("segment", list(DebtorSegment))
    def test_the_planned_procedure_passes_its_own_checklist(self, segment: DebtorSegment) -> None:
        case = ready_for_court(segment)
        assert [] == claim_checklist(case, FILED, POLICY, claim_procedure(segment))

    def test_the_refusal_reads_in_both_languages(self) -> None:
        case = ready_for_court(DebtorSegment.PUBLIC_BODY)
        (item,) = check(case, ClaimFiled(FILED), POLICY).missing
        assert "juge administratif" in item.text()
        assert "administrative judge" in item.text(locale="en_GB")


class TestFormalNoticeToPublicBuyerNamesTheAdministrativeJudge:
    """
    The formal notice announces the court the claim will go to: the administrative judge for a
    public buyer (CJA R541-1), the injonction de payer (CPC 1405) for anyone else.
    """

    ACME = Creditor(
        "Acme SARL", "1 rue de la Paix\n75002 Paris", iban="FR7630006000011234567890189"
    )

    def notice(self, segment: DebtorSegment, locale: str) -> Letter:
        case = Case.open("F-3", Decimal("3000"), date(2025, 3, 1), due_on=DUE, segment=segment)
        return render(
            LetterKind.FORMAL_NOTICE,
            case,
            creditor=self.ACME,
            today=date(2025, 5, 15),
            locale=locale,
        )

    @pytest.mark.parametrize(
        ("locale", "court"),
        [
            ("fr_FR", "saisirons le juge administratif"),
            ("en_GB", "apply to the administrative judge"),
        ],
    )
    def test_public_buyer(self, locale: str, court: str) -> None:
        letter = self.notice(DebtorSegment.PUBLIC_BODY, locale)
        assert court in letter.text
        assert "injonction de payer" not in letter.text
        assert CJA_R541_1 in letter.articles
        assert CPC_1405 not in letter.articles

    @pytest.mark.parametrize("segment", [DebtorSegment.STANDARD, DebtorSegment.CONSUMER])
    def test_private_debtor(self, segment: DebtorSegment) -> None:
        letter = self.notice(segment, "fr_FR")
        assert "injonction de payer, CPC art. 1405" in letter.text
        assert CPC_1405 in letter.articles
        assert CJA_R541_1 not in letter.articles
