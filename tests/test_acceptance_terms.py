"""
Acceptance review: payment-term wordings read in the law and the seed articles, and the sector
regime of seasonal fruit and vegetables (L441-11 II 1° c).

Each wording below is quoted from LAW.md § 1.1 (the DGCCRF fiche "Délais de paiement : les règles à
connaître": "date de facture + 45 jours + fin du mois **ou** date de facture + fin du mois + 45
jours"; L441-10 I: "≤ 60 days from the date of issue of the invoice") or from seed 001 ("ce délai
peut être prolongé jusqu'à 60 jours calendaires"; "calculé à partir de la date d'émission de la
facture"; "30 jours après réception des marchandises ou exécution de la prestation").
``PaymentTerms.parse`` refused them.
"""

from __future__ import annotations

from datetime import date

import pytest

from dunning_core import EndOfMonth, PaymentTerms, due_date
from dunning_core.errors import InvalidDate
from dunning_core.law import L441_11, Severity
from dunning_core.serialize import from_json, to_json
from dunning_core.terms import TermsKind, check_terms

A = PaymentTerms.end_of_month(45)
B = PaymentTerms.end_of_month(45, EndOfMonth.EOM_THEN_ADD)


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        # LAW.md § 1.1, DGCCRF: the two accepted computations, in the fiche's own words
        ("date de facture + 45 jours + fin du mois", A),
        ("date de facture + fin du mois + 45 jours", B),
        ("45 jours + fin de mois", A),
        ("45 jours fin du mois", A),
        ("fin du mois + 45 jours", B),
        # L441-10 I: the agreed term counts from the date of issue of the invoice
        ("45 jours fin de mois à compter de la date d'émission de la facture", A),
        ("45 jours fin de mois date de facture", A),
        ("60 jours date d'émission de facture", PaymentTerms.net(60)),
        # seed 001
        ("60 jours calendaires", PaymentTerms.net(60)),
        (
            "60 jours calendaires à compter de la date d'émission de la facture",
            PaymentTerms.net(60),
        ),
        ("30 jours à compter de l'exécution de la prestation", PaymentTerms.after_delivery(30)),
        ("30 jours date de livraison", PaymentTerms.after_delivery(30)),
    ],
)
def test_wordings_of_the_law_and_the_seeds_are_read(text: str, terms: PaymentTerms) -> None:
    assert terms == PaymentTerms.parse(text)


def test_the_dgccrf_example_dates() -> None:
    """Invoice of 15 January 2025: + 45 days = 1 March, end of month 31 March; or 31 Jan + 45."""
    issued = date(2025, 1, 15)
    assert date(2025, 3, 31) == due_date(
        PaymentTerms.parse("date de facture + 45 jours + fin du mois"), issued
    )
    assert date(2025, 3, 17) == due_date(
        PaymentTerms.parse("date de facture + fin du mois + 45 jours"), issued
    )


class TestSeasonalFruitAndVegetables:
    """
    LAW.md § 1.3, C. com. L441-11 II 1° c: "periodic invoices for seasonal fruit & vegetables
    under integration contracts: **30 days from the end of the month of delivery**".
    """

    def test_the_default_is_the_cap_and_lawful(self) -> None:
        terms = PaymentTerms.seasonal_produce()
        assert (TermsKind.SEASONAL_PRODUCE, 30, L441_11) == (terms.kind, terms.days, terms.article)
        assert () == check_terms(terms)

    @pytest.mark.parametrize(
        ("issued", "delivered", "due"),
        [
            (date(2026, 2, 28), date(2026, 2, 10), date(2026, 3, 30)),  # 28 Feb + 30
            (date(2024, 2, 29), date(2024, 2, 10), date(2024, 3, 30)),  # leap year: 29 Feb + 30
            (date(2026, 2, 2), date(2026, 1, 31), date(2026, 3, 2)),  # 31 Jan + 30
            (date(2026, 5, 31), date(2026, 5, 1), date(2026, 6, 30)),  # 31 May + 30
        ],
    )
    def test_thirty_days_from_the_end_of_the_month_of_delivery(
        self, issued: date, delivered: date, due: date
    ) -> None:
        assert due == due_date(PaymentTerms.seasonal_produce(), issued, delivered)

    def test_the_delivery_date_is_needed(self) -> None:
        with pytest.raises(InvalidDate, match="delivered_on"):
            due_date(PaymentTerms.seasonal_produce(), date(2026, 2, 28))

    def test_a_day_over_the_cap_is_a_violation(self) -> None:
        (finding,) = check_terms(PaymentTerms.seasonal_produce(31))
        assert (Severity.VIOLATION, L441_11) == (finding.severity, finding.article)
        assert (
            "violation : 31 jours dépassent le plafond de 30 jours du régime sectoriel "
            "(fruits et légumes saisonniers) (C. com. art. L441-11)"
        ) == finding.to_text()
        assert (
            "violation: 31 days exceeds the 30-day cap of the sector regime (seasonal fruit and "
            "vegetables) (C. com. art. L441-11)"
        ) == finding.to_text(locale="en_GB")

    @pytest.mark.parametrize(
        "text",
        [
            "30 jours après la fin du mois de livraison (fruits et légumes saisonniers)",
            "30 jours à compter de la fin du mois de livraison, fruits et légumes de saison",
            "30 jours après la fin du mois de livraison (fruits et légumes, facture périodique)",
        ],
    )
    def test_its_wordings_are_read(self, text: str) -> None:
        assert PaymentTerms.seasonal_produce() == PaymentTerms.parse(text)

    def test_written_read_and_rebuilt(self) -> None:
        """str() is read back, repr() rebuilds it, JSON keeps it; alcohol keeps its wording."""
        terms = PaymentTerms.seasonal_produce(25)
        assert terms == PaymentTerms.parse(str(terms))
        assert terms == eval(repr(terms), {"PaymentTerms": PaymentTerms})
        assert terms == from_json(to_json(terms))
        alcohol = PaymentTerms.parse("30 jours après la fin du mois de livraison")
        assert TermsKind.EXCISE_ALCOHOL is alcohol.kind
