"""
Acceptance review: payment-term wordings read in the law and the seed articles.

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
