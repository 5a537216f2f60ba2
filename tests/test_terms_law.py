"""The law of payment terms, case by case: defaults, caps and their boundaries, start dates.

Each test states a rule of LAW.md (§ 1.1 L441-10 I, § 1.3 L441-11 II, L441-12, § 2 public buyers,
§ 8 traps 8-9) and checks it through the public API only, at the boundary where a wrong comparison
or a wrong constant would show.  Written to kill the mutants that survived ``make mutation``
(docs/mutation.md); each due date is computed in a comment.
"""

from __future__ import annotations

from datetime import date

import pytest

from dunning_core.errors import ArgumentTypeError, DateTypeError, InvalidDate, InvalidTerms
from dunning_core.law import CCP_R2192_10, CCP_R2192_11, L441_10, L441_11, L441_12, Severity
from dunning_core.terms import (
    MAX_TERM_DAYS,
    EndOfMonth,
    PaymentTerms,
    PublicBuyer,
    TermsKind,
    check_terms,
    due_date,
)


def _severities(terms: PaymentTerms, **dates: date | bool) -> list[Severity]:
    return [f.severity for f in check_terms(terms, **dates)]  # type: ignore[arg-type]


class TestDefaultDays:
    """The named constructors default to the legal maximum of their regime."""

    @pytest.mark.parametrize(
        ("terms", "days", "article"),
        [
            (PaymentTerms.livestock(), 20, L441_11),  # bétail sur pied: 20 days after delivery
            (PaymentTerms.transport(), 30, L441_11),  # transport: 30 days from the invoice
            (PaymentTerms.excise_alcohol(), 30, L441_11),  # 30 days after end of month
            (PaymentTerms.perishable(), 30, L441_11),  # 30 days after delivery
            (PaymentTerms.perishable_periodic(), 30, L441_11),  # 30 days after the décade
            (PaymentTerms.periodic(), 45, L441_10),  # periodic invoice: 45 plain days
            (PaymentTerms.export(), 90, L441_12),  # outside the EU: 90 days
            (PaymentTerms.statutory_default(), 30, L441_10),  # no agreement: 30 days
            (PaymentTerms.on_receipt(), 0, L441_10),
        ],
    )
    def test_default_is_the_cap(self, terms: PaymentTerms, days: int, article: object) -> None:
        assert days == terms.days
        assert article == terms.article
        assert () == check_terms(terms)  # the default is lawful

    @pytest.mark.parametrize(
        ("buyer", "days", "article"),
        [
            (PublicBuyer.STATE, 30, CCP_R2192_10),
            (PublicBuyer.HEALTH, 50, CCP_R2192_11),
            (PublicBuyer.PUBLIC_UNDERTAKING, 60, CCP_R2192_11),
        ],
    )
    def test_public_buyer_regulatory_terms(
        self, buyer: PublicBuyer, days: int, article: object
    ) -> None:
        terms = PaymentTerms.public_buyer(buyer)
        assert (days, article) == (terms.days, terms.article)
        assert () == check_terms(terms)
        # a shorter contractual term is kept
        assert 10 == PaymentTerms.public_buyer(buyer, 10).days


class TestSectorDueDates:
    """L441-11 II: where each sector term starts (trap 9)."""

    def test_livestock_20_days_after_delivery(self) -> None:
        # delivered 2 Mar 2026 + 20 = 22 Mar
        terms = PaymentTerms.livestock()
        assert date(2026, 3, 22) == due_date(terms, date(2026, 3, 5), date(2026, 3, 2))

    def test_transport_30_days_from_the_invoice(self) -> None:
        # invoiced 2 Mar 2026 + 30 = 1 Apr, whatever the delivery date
        terms = PaymentTerms.transport()
        assert date(2026, 4, 1) == due_date(terms, date(2026, 3, 2), date(2026, 2, 1))

    def test_excise_alcohol_30_days_after_the_end_of_the_month_of_delivery(self) -> None:
        # delivered 10 Feb 2024 → end of month 29 Feb (leap year) + 30 = 30 Mar
        terms = PaymentTerms.excise_alcohol()
        assert date(2024, 3, 30) == due_date(terms, date(2024, 3, 1), date(2024, 2, 10))

    def test_perishable_30_days_after_delivery(self) -> None:
        terms = PaymentTerms.perishable()
        assert date(2026, 4, 1) == due_date(terms, date(2026, 3, 5), date(2026, 3, 2))

    @pytest.mark.parametrize(
        ("delivered", "expected"),
        [
            (date(2026, 3, 1), date(2026, 4, 9)),  # décade 1–10 → 10 Mar + 30
            (date(2026, 3, 10), date(2026, 4, 9)),
            (date(2026, 3, 11), date(2026, 4, 19)),  # décade 11–20 → 20 Mar + 30
            (date(2026, 3, 20), date(2026, 4, 19)),
            (date(2026, 3, 21), date(2026, 4, 30)),  # décade 21–31 → 31 Mar + 30
            (date(2026, 3, 31), date(2026, 4, 30)),
            (date(2024, 2, 21), date(2024, 3, 30)),  # 21–29 Feb 2024 → 29 Feb + 30
        ],
    )
    def test_perishable_periodic_after_the_end_of_the_decade(
        self, delivered: date, expected: date
    ) -> None:
        terms = PaymentTerms.perishable_periodic()
        assert expected == due_date(terms, date(2026, 4, 1), delivered)

    def test_periodic_45_plain_days(self) -> None:
        # 1 Jan 2026 + 45 = 15 Feb (plain days, no end of month)
        assert date(2026, 2, 15) == due_date(PaymentTerms.periodic(), date(2026, 1, 1))

    def test_export_90_days(self) -> None:
        # 1 Jan 2026 + 90 = 1 Apr
        assert date(2026, 4, 1) == due_date(PaymentTerms.export(), date(2026, 1, 1))

    def test_statutory_default_from_delivery(self) -> None:
        # delivered 10 Jan 2026 + 30 = 9 Feb, the invoice of 20 Jan does not count
        terms = PaymentTerms.statutory_default()
        assert date(2026, 2, 9) == due_date(terms, date(2026, 1, 20), date(2026, 1, 10))

    def test_on_receipt_is_the_invoice_date(self) -> None:
        terms = PaymentTerms.on_receipt()
        assert date(2026, 1, 20) == due_date(terms, date(2026, 1, 20), date(2026, 1, 10))


class TestPublicBuyerStart:
    """CCP R2192-12: from receipt of the request; request date + 2 days if not recorded;
    from performance when it comes later."""

    TERMS = PaymentTerms.public_buyer(PublicBuyer.STATE)  # 30 days

    def test_from_the_recorded_receipt(self) -> None:
        # received 10 Mar 2026 + 30 = 9 Apr
        assert date(2026, 4, 9) == due_date(
            self.TERMS, date(2026, 3, 2), received_on=date(2026, 3, 10)
        )

    def test_receipt_not_recorded_is_request_date_plus_two(self) -> None:
        # 2 Mar + 2 = 4 Mar, + 30 = 3 Apr
        assert date(2026, 4, 3) == due_date(self.TERMS, date(2026, 3, 2))

    def test_performance_after_receipt_is_the_start(self) -> None:
        # received 10 Mar, performed 20 Mar: 20 Mar + 30 = 19 Apr
        assert date(2026, 4, 19) == due_date(
            self.TERMS, date(2026, 3, 2), date(2026, 3, 20), received_on=date(2026, 3, 10)
        )

    def test_performance_before_receipt_changes_nothing(self) -> None:
        assert date(2026, 4, 9) == due_date(
            self.TERMS, date(2026, 3, 2), date(2026, 3, 9), received_on=date(2026, 3, 10)
        )
        assert date(2026, 4, 9) == due_date(
            self.TERMS, date(2026, 3, 2), date(2026, 3, 10), received_on=date(2026, 3, 10)
        )

    def test_performance_after_the_presumed_receipt(self) -> None:
        # not recorded: 4 Mar; performed 5 Mar → 5 Mar + 30 = 4 Apr
        assert date(2026, 4, 4) == due_date(self.TERMS, date(2026, 3, 2), date(2026, 3, 5))

    def test_health_and_public_undertaking(self) -> None:
        received = {"received_on": date(2026, 3, 10)}
        health = PaymentTerms.public_buyer(PublicBuyer.HEALTH)
        undertaking = PaymentTerms.public_buyer(PublicBuyer.PUBLIC_UNDERTAKING)
        # 10 Mar + 50 = 29 Apr ; 10 Mar + 60 = 9 May
        assert date(2026, 4, 29) == due_date(health, date(2026, 3, 2), **received)
        assert date(2026, 5, 9) == due_date(undertaking, date(2026, 3, 2), **received)

    def test_received_on_the_issue_day_is_accepted(self) -> None:
        assert date(2026, 4, 1) == due_date(
            self.TERMS, date(2026, 3, 2), received_on=date(2026, 3, 2)
        )


class TestCaps:
    """Terms longer than the law allows are built and flagged; the cap itself is lawful."""

    @pytest.mark.parametrize(
        ("make", "cap", "article"),
        [
            (PaymentTerms.net, 60, L441_10),
            (PaymentTerms.after_delivery, 60, L441_10),
            (PaymentTerms.periodic, 45, L441_10),
            (PaymentTerms.perishable, 30, L441_11),
            (PaymentTerms.perishable_periodic, 30, L441_11),
            (PaymentTerms.livestock, 20, L441_11),
            (PaymentTerms.excise_alcohol, 30, L441_11),
            (PaymentTerms.transport, 30, L441_11),
            (PaymentTerms.export, 90, L441_12),
            (lambda days: PaymentTerms.public_buyer(PublicBuyer.STATE, days), 30, CCP_R2192_10),
            (lambda days: PaymentTerms.public_buyer(PublicBuyer.HEALTH, days), 50, CCP_R2192_11),
            (
                lambda days: PaymentTerms.public_buyer(PublicBuyer.PUBLIC_UNDERTAKING, days),
                60,
                CCP_R2192_11,
            ),
        ],
    )
    def test_cap_boundary(self, make: object, cap: int, article: object) -> None:
        assert callable(make)
        assert () == check_terms(make(cap))
        findings = check_terms(make(cap + 1))
        assert [(Severity.VIOLATION, article)] == [(f.severity, f.article) for f in findings]
        assert f"{cap + 1} days exceeds the {cap}-day cap" in findings[0].message

    def test_end_of_month_cap_is_45(self) -> None:
        assert [] == _severities(PaymentTerms.end_of_month(45), expressly_stipulated=True)
        findings = check_terms(PaymentTerms.end_of_month(46), expressly_stipulated=True)
        assert Severity.VIOLATION == findings[0].severity
        assert "46 days exceeds the 45-day cap" in findings[0].message

    def test_eom_then_add_cap_is_45(self) -> None:
        terms = PaymentTerms.end_of_month(45, EndOfMonth.EOM_THEN_ADD)
        assert [] == _severities(terms, expressly_stipulated=True)

    def test_longest_term_that_can_be_built(self) -> None:
        assert 365 == MAX_TERM_DAYS
        assert 365 == PaymentTerms.net(MAX_TERM_DAYS).days


class TestDatedChecks:
    """L441-10 I: 60 days from the invoice date, whatever the start of the term."""

    def test_after_delivery_ending_60_days_after_the_invoice_is_lawful(self) -> None:
        # invoiced 1 Jan 2026, delivered 31 Jan, + 30 = 2 Mar = invoice + 60 days
        terms = PaymentTerms.after_delivery(30)
        assert () == check_terms(terms, issued_on=date(2026, 1, 1), delivered_on=date(2026, 1, 31))

    def test_after_delivery_ending_61_days_after_the_invoice(self) -> None:
        terms = PaymentTerms.after_delivery(30)
        findings = check_terms(terms, issued_on=date(2026, 1, 1), delivered_on=date(2026, 2, 1))
        assert [(Severity.VIOLATION, L441_10)] == [(f.severity, f.article) for f in findings]
        assert "61 days" in findings[0].message

    def test_after_delivery_longer_than_60_but_dated_within(self) -> None:
        """70 days after a delivery 20 days before the invoice: 50 days from it, lawful."""
        terms = PaymentTerms.after_delivery(70)
        assert () == check_terms(terms, issued_on=date(2026, 1, 21), delivered_on=date(2026, 1, 1))

    def test_sector_term_from_a_late_delivery_exceeds_60_days_from_the_invoice(self) -> None:
        # livestock: delivered 20 Feb 2026, + 20 = 12 Mar = 70 days after the 1 Jan invoice
        findings = check_terms(
            PaymentTerms.livestock(), issued_on=date(2026, 1, 1), delivered_on=date(2026, 2, 20)
        )
        assert [Severity.VIOLATION] == [f.severity for f in findings]
        assert "70 days" in findings[0].message

    def test_statutory_default_from_a_late_delivery_is_not_capped(self) -> None:
        findings = check_terms(
            PaymentTerms.statutory_default(),
            issued_on=date(2026, 1, 1),
            delivered_on=date(2026, 3, 1),
        )
        assert () == findings

    def test_due_on_the_invoice_date_is_fine(self) -> None:
        findings = check_terms(
            PaymentTerms.after_delivery(19),
            issued_on=date(2026, 1, 20),
            delivered_on=date(2026, 1, 1),
        )
        assert () == findings

    def test_export_and_public_buyer_are_not_held_to_60_days(self) -> None:
        assert () == check_terms(PaymentTerms.export(), issued_on=date(2026, 1, 1))
        health = PaymentTerms.public_buyer(PublicBuyer.PUBLIC_UNDERTAKING)
        assert () == check_terms(health, issued_on=date(2026, 1, 1), delivered_on=date(2026, 2, 1))

    def test_eom_then_add_beyond_its_reading_is_a_warning(self) -> None:
        """Fin de mois + 55 jours from 15 Jan 2025: 31 Jan + 55 = 27 Mar (71 days).

        Maxima: 60 days = 16 Mar; 15 Jan + 45 = 1 Mar → 31 Mar; 31 Jan + 45 = 17 Mar.  After
        its own reading (17 Mar), within the latest (31 Mar): a WARNING, plus the 45-day cap.
        """
        terms = PaymentTerms.end_of_month(55, EndOfMonth.EOM_THEN_ADD)
        findings = check_terms(terms, issued_on=date(2025, 1, 15), expressly_stipulated=True)
        assert [Severity.VIOLATION, Severity.WARNING] == [f.severity for f in findings]
        assert (
            "due date 2025-03-27 is 71 days after the invoice date 2025-01-15, more than 60 days "
            "and after 2025-03-17, the latest date of 45 days end of month read as the terms "
            "compute it (end of month + 45 days)"
        ) == findings[1].message
        assert L441_10 == findings[1].article

    def test_add_then_eom_on_a_day_between_its_reading_and_the_latest(self) -> None:
        """31 jours fin de mois le 15, invoiced 1 Jan 2025: 1 Feb → 28 Feb → 15 Mar (73 days).

        Maxima: 60 days = 2 Mar; 1 Jan + 45 = 15 Feb → 28 Feb; 31 Jan + 45 = 17 Mar.  After its
        own reading (28 Feb), within the latest (17 Mar): a WARNING.
        """
        terms = PaymentTerms.end_of_month(31, day_of_month=15)
        findings = check_terms(terms, issued_on=date(2025, 1, 1), expressly_stipulated=True)
        dated = [f for f in findings if "2025-03-15" in f.message and "73 days" in f.message]
        assert [Severity.WARNING] == [f.severity for f in dated]
        assert (
            "due date 2025-03-15 is 73 days after the invoice date 2025-01-01, more than 60 days "
            "and after 2025-02-28, the latest date of 45 days end of month read as the terms "
            "compute it (invoice date + 45 days, then end of month)"
        ) == dated[0].message

    def test_beyond_its_own_reading_keeps_its_data(self) -> None:
        """The WARNING's code, sentence and parameters, which the display layer shows.

        45 jours fin de mois le 10 from 1 Jan 2026: 1 Jan + 45 = 15 Feb → 28 Feb (its own
        reading, ``own``), then the 10th of the next month: 10 Mar, 68 days.  End of month first
        (31 Jan + 45 = 17 Mar, 75 days) is the other reading; it is not a hint of the sentence
        (the terms name a day of the month).
        """
        terms = PaymentTerms.end_of_month(45, day_of_month=10)
        findings = check_terms(terms, issued_on=date(2026, 1, 1), expressly_stipulated=True)
        # beside the VIOLATION that such terms can fall due too late (on another invoice date)
        assert ["end_of_month_beyond_maximum", "end_of_month_beyond_own_reading"] == [
            f.code for f in findings
        ]
        finding = findings[1]
        assert (Severity.WARNING, L441_10) == (finding.severity, finding.article)
        assert {
            "due": date(2026, 3, 10),
            "span": 68,
            "issued": date(2026, 1, 1),
            "own": date(2026, 2, 28),
            "reading": "date de facture + 45 jours, puis fin de mois",
            "days": 45,
            "alternative": date(2026, 3, 17),
            "alternative_span": 75,
        } == dict(finding.params)
        assert (
            "l'échéance du %(due)s tombe %(span)s jours après la date de facture du %(issued)s, "
            "plus de 60 jours et après le %(own)s, dernière date de 45 jours fin de mois lue "
            "comme les conditions la calculent (%(reading)s)"
        ) == finding.text

    def test_end_of_month_first_beyond_its_own_reading(self) -> None:
        """fin de mois + 59 jours from 20 Jan 2026: 31 Jan + 59 = 31 Mar, 70 days: after its own
        reading (31 Jan + 45 = 17 Mar) and 60 days (21 Mar), within 45 jours fin de mois read the
        other way (20 Jan + 45 = 6 Mar → 31 Mar): a WARNING naming its reading (beside the
        VIOLATION of the 45-day cap)."""
        terms = PaymentTerms.end_of_month(59, EndOfMonth.EOM_THEN_ADD)
        findings = check_terms(terms, issued_on=date(2026, 1, 20), expressly_stipulated=True)
        assert ["cap_exceeded", "end_of_month_beyond_own_reading"] == [f.code for f in findings]
        params = dict(findings[1].params)
        assert (date(2026, 3, 31), 70, date(2026, 3, 17), "fin de mois + 45 jours") == (
            params["due"],
            params["span"],
            params["own"],
            params["reading"],
        )
        assert findings[1].message.endswith(
            "after 2026-03-17, the latest date of 45 days end of month read as the terms compute "
            "it (end of month + 45 days)"
        )

    def test_add_then_eom_within_its_reading_is_info(self) -> None:
        # 45 jours fin de mois from 15 Jan 2025: 1 Mar → 31 Mar, 75 days, lawful
        findings = check_terms(
            PaymentTerms.end_of_month(45), issued_on=date(2025, 1, 15), expressly_stipulated=True
        )
        assert [Severity.INFO] == [f.severity for f in findings]
        assert "75 days" in findings[0].message

    def test_end_of_month_within_60_days_says_nothing_dated(self) -> None:
        # 30 jours fin de mois from 1 Jan 2025: 31 Jan → 31 Jan, 30 days
        assert () == check_terms(
            PaymentTerms.end_of_month(30), issued_on=date(2025, 1, 1), expressly_stipulated=True
        )

    def test_end_of_month_exactly_60_days(self) -> None:
        # fin de mois + 60 jours from 31 Dec 2024 (a month end): 1 Mar 2025 = 60 days, so
        # nothing dated to say; only the 45-day cap of "fin de mois" is exceeded
        terms = PaymentTerms.end_of_month(60, EndOfMonth.EOM_THEN_ADD)
        findings = check_terms(terms, issued_on=date(2024, 12, 31), expressly_stipulated=True)
        assert [Severity.VIOLATION] == [f.severity for f in findings]  # only the 45-day cap
        assert "60 days exceeds the 45-day cap" in findings[0].message


class TestEndOfMonthStipulation:
    def test_not_stipulated_is_a_violation(self) -> None:
        findings = check_terms(PaymentTerms.end_of_month(30), expressly_stipulated=False)
        assert [(Severity.VIOLATION, L441_10)] == [(f.severity, f.article) for f in findings]

    def test_not_said_is_a_reminder(self) -> None:
        findings = check_terms(PaymentTerms.end_of_month(30))
        assert [(Severity.INFO, L441_10)] == [(f.severity, f.article) for f in findings]

    def test_other_kinds_need_no_stipulation(self) -> None:
        assert () == check_terms(PaymentTerms.net(30), expressly_stipulated=False)


class TestWording:
    """`str(terms)` is the French wording, singular for one day, and parse reads it back."""

    @pytest.mark.parametrize(
        ("terms", "text"),
        [
            (PaymentTerms.net(1), "1 jour date de facture"),
            (PaymentTerms.net(2), "2 jours date de facture"),
            (PaymentTerms.net(0), "0 jour date de facture"),
            (PaymentTerms.livestock(1), "1 jour après livraison (bétail sur pied)"),
        ],
    )
    def test_singular_and_plural(self, terms: PaymentTerms, text: str) -> None:
        assert text == str(terms) == terms.to_text()  # the display layer's and the model's own
        assert terms == PaymentTerms.parse(text)

    @pytest.mark.parametrize(
        ("text", "kind", "days"),
        [
            ("20 jours après livraison (bétail sur pied)", TermsKind.LIVESTOCK, 20),
            ("30 jours date de facture (transport)", TermsKind.TRANSPORT, 30),
            ("30 jours après la fin du mois de livraison", TermsKind.EXCISE_ALCOHOL, 30),
            ("30 jours après la fin de la décade de livraison", TermsKind.PERISHABLE_PERIODIC, 30),
            ("facture périodique 45 jours", TermsKind.PERIODIC, 45),
            ("90 jours date de facture (export hors UE)", TermsKind.EXPORT, 90),
        ],
    )
    def test_sector_wordings(self, text: str, kind: TermsKind, days: int) -> None:
        terms = PaymentTerms.parse(text)
        assert (kind, days) == (terms.kind, terms.days)


class TestErrorsSayWhatWasWrong:
    """Bad input: the library's error, with the value received and what is accepted."""

    def test_terms_that_are_text(self) -> None:
        for call in (
            lambda: due_date("30 jours", date(2026, 1, 1)),  # type: ignore[arg-type]
            lambda: check_terms("30 jours"),  # type: ignore[arg-type]
        ):
            with pytest.raises(ArgumentTypeError) as info:
                call()
            assert ("terms", "30 jours") == (info.value.name, info.value.value)
            assert "PaymentTerms; see PaymentTerms.parse" == (info.value.reason)

    @pytest.mark.parametrize(
        ("dates", "name"),
        [
            ({"issued_on": "2026-01-01"}, "issued_on"),
            ({"issued_on": date(2026, 1, 1), "delivered_on": "2026-01-01"}, "delivered_on"),
            ({"issued_on": date(2026, 1, 1), "received_on": "2026-01-01"}, "received_on"),
        ],
    )
    def test_dates_that_are_text_are_named(self, dates: dict[str, object], name: str) -> None:
        terms = PaymentTerms.public_buyer(PublicBuyer.STATE)
        with pytest.raises(DateTypeError) as info:
            due_date(terms, **dates)  # type: ignore[arg-type]
        assert "2026-01-01" == info.value.value
        assert info.value.reason.startswith(f"{name} must be a datetime.date, not str")

    def test_request_received_before_it_was_issued(self) -> None:
        terms = PaymentTerms.public_buyer(PublicBuyer.STATE)
        with pytest.raises(InvalidDate) as info:
            due_date(terms, date(2026, 3, 2), received_on=date(2026, 3, 1))
        assert date(2026, 3, 1) == info.value.value
        assert (
            "received_on must not be before issued_on 2026-03-02: a payment request cannot be "
            "received before it is issued"
        ) == info.value.reason

    def test_missing_delivery_date_names_the_terms(self) -> None:
        with pytest.raises(InvalidDate) as info:
            due_date(PaymentTerms.livestock(), date(2026, 3, 2))
        assert info.value.value is None
        assert (
            "delivered_on is required for '20 jours après livraison (bétail sur pied)': the term "
            "runs from the delivery of the goods or the performance of the service"
        ) == info.value.reason

    def test_due_date_after_the_last_date(self) -> None:
        with pytest.raises(InvalidDate) as info:
            due_date(PaymentTerms.net(300), date(9999, 12, 1))
        assert date(9999, 12, 1) == info.value.value
        assert (
            "the due date under '300 jours date de facture' would fall after 9999-12-31, the last "
            "date Python represents; dates must leave room for the term (years 1 to 9999)"
        ) == info.value.reason

    def test_public_buyer_of_an_unknown_kind(self) -> None:
        with pytest.raises(ArgumentTypeError) as info:
            PaymentTerms.public_buyer("state")  # type: ignore[arg-type]
        assert ("buyer", "state") == (info.value.name, info.value.value)
        assert (
            "one of PublicBuyer.STATE, PublicBuyer.HEALTH, PublicBuyer.PUBLIC_UNDERTAKING"
        ) == info.value.reason

    def test_expressly_stipulated_must_be_a_bool(self) -> None:
        with pytest.raises(ArgumentTypeError) as info:
            check_terms(PaymentTerms.end_of_month(30), expressly_stipulated=1)  # type: ignore[arg-type]
        assert 1 == info.value.value
        assert ("expressly_stipulated", "True, False or None") == (
            info.value.name,
            info.value.reason,
        )


class TestParseErrors:
    """`PaymentTerms.parse` refuses what it does not understand and says what it did not."""

    def test_text_up_to_200_characters_is_read(self) -> None:
        text = "30 jours".ljust(200)
        assert PaymentTerms.net(30) == PaymentTerms.parse(text)

    def test_longer_text_is_refused_with_its_start(self) -> None:
        text = "30 jours".ljust(201, "!")
        with pytest.raises(InvalidTerms) as info:
            PaymentTerms.parse(text)
        assert text[:40] + "..." == info.value.value
        assert "payment terms text is longer than 200 characters" == info.value.reason

    def test_not_text(self) -> None:
        with pytest.raises(ArgumentTypeError) as info:
            PaymentTerms.parse(30)  # type: ignore[arg-type]
        assert ("text", 30, "payment terms as text, such as '30 jours fin de mois'") == (
            info.value.name,
            info.value.value,
            info.value.reason,
        )

    @pytest.mark.parametrize(
        ("text", "what"),
        [
            ("", "no words"),
            ("   ", "no words"),
            ("30 foo jours bar foo", "'foo', 'bar' not understood"),
            ("jours 30", "the words of 'jours 30' are known but not in this order"),
        ],
    )
    def test_what_was_not_understood(self, text: str, what: str) -> None:
        with pytest.raises(InvalidTerms) as info:
            PaymentTerms.parse(text)
        assert text == info.value.value
        assert info.value.reason.startswith(f"cannot read these payment terms: {what}; write them")
        assert '"30 jours", "60 jours date de facture"' in info.value.reason

    def test_public_buyer_must_be_named(self) -> None:
        text = "30 jours après réception de la demande de paiement"
        with pytest.raises(InvalidTerms) as info:
            PaymentTerms.parse(text)
        assert text == info.value.value
        assert (
            'say which public buyer receives the request: "(État, collectivités)" (30 days), '
            '"(santé)" (50 days) or "(entreprise publique)" (60 days)'
        ) == info.value.reason

    @pytest.mark.parametrize(
        ("text", "terms"),
        [
            ("à réception", PaymentTerms.on_receipt()),
            ("délai légal", PaymentTerms.statutory_default()),
            ("45 jours date de facture (facture périodique)", PaymentTerms.periodic()),
            (
                "50 jours après réception de la demande de paiement (santé)",
                PaymentTerms.public_buyer(PublicBuyer.HEALTH),
            ),
            ("30 jours fin de mois le 10", PaymentTerms.end_of_month(30, day_of_month=10)),
        ],
    )
    def test_each_wording_builds_its_terms(self, text: str, terms: PaymentTerms) -> None:
        assert terms == PaymentTerms.parse(text)


class TestCapMessages:
    """Each cap finding says which regime it applies, as a person would look it up."""

    @pytest.mark.parametrize(
        ("terms", "message"),
        [
            (PaymentTerms.net(61), "61 days exceeds the 60-day cap on an agreed payment term"),
            (
                PaymentTerms.end_of_month(46),
                '46 days exceeds the 45-day cap on "N jours fin de mois"',
            ),
            (
                PaymentTerms.periodic(46),
                "46 days exceeds the 45-day cap on a periodic invoice (CGI art. 289 I 3)",
            ),
            (
                PaymentTerms.livestock(21),
                "21 days exceeds the 20-day cap on the sector regime (bétail sur pied)",
            ),
            (PaymentTerms.export(91), "91 days exceeds the 90-day cap on exports outside the EU"),
            (
                PaymentTerms.public_buyer(PublicBuyer.HEALTH, 51),
                "51 days exceeds the 50-day cap on a public buyer (santé)",
            ),
        ],
    )
    def test_cap_message(self, terms: PaymentTerms, message: str) -> None:
        assert message == check_terms(terms, expressly_stipulated=True)[0].message

    def test_stipulation_messages(self) -> None:
        (violation,) = check_terms(PaymentTerms.end_of_month(30), expressly_stipulated=False)
        assert (
            '"fin de mois" terms are allowed only when expressly stipulated in the contract'
            == violation.message
        )
        (info,) = check_terms(PaymentTerms.end_of_month(30))
        assert (
            '"fin de mois" terms are allowed only when expressly stipulated in the contract; '
            "pass expressly_stipulated=True once checked"
        ) == info.message

    def test_delivery_terms_capped_without_the_invoice_date(self) -> None:
        """With a delivery date but no invoice date, 70 days after delivery is over the cap."""
        findings = check_terms(PaymentTerms.after_delivery(70), delivered_on=date(2026, 1, 1))
        assert [(Severity.VIOLATION, L441_10)] == [(f.severity, f.article) for f in findings]

    def test_most_serious_first(self) -> None:
        """Fin de mois + 55 jours from 15 Jan 2025, not said stipulated: cap, reading, reminder."""
        terms = PaymentTerms.end_of_month(55, EndOfMonth.EOM_THEN_ADD)
        findings = check_terms(terms, issued_on=date(2025, 1, 15))
        assert [Severity.VIOLATION, Severity.WARNING, Severity.INFO] == [
            f.severity for f in findings
        ]
        assert all(L441_10 == f.article for f in findings)

    def test_before_the_invoice_date_message(self) -> None:
        (finding,) = check_terms(
            PaymentTerms.after_delivery(10),
            issued_on=date(2026, 1, 20),
            delivered_on=date(2026, 1, 1),
        )
        # delivered 1 Jan, + 10 = 11 Jan, invoiced 20 Jan
        assert (Severity.WARNING, L441_10) == (finding.severity, finding.article)
        assert "due date 2026-01-11 is before the invoice date 2026-01-20" == finding.message

    def test_sector_term_before_the_invoice_date_cites_its_article(self) -> None:
        (finding,) = check_terms(
            PaymentTerms.livestock(),
            issued_on=date(2026, 3, 1),
            delivered_on=date(2026, 1, 1),
        )
        assert (Severity.WARNING, L441_11) == (finding.severity, finding.article)


class TestConstructionErrors:
    """Terms that cannot be computed raise InvalidTerms with the value and what is accepted."""

    ALL_KINDS = (
        "NET, AFTER_DELIVERY, END_OF_MONTH, STATUTORY_DEFAULT, ON_RECEIPT, PERIODIC, PERISHABLE, "
        "PERISHABLE_PERIODIC, SEASONAL_PRODUCE, LIVESTOCK, EXCISE_ALCOHOL, TRANSPORT, EXPORT, "
        "PUBLIC_BUYER"
    )
    BUYERS = "PublicBuyer.STATE, PublicBuyer.HEALTH, PublicBuyer.PUBLIC_UNDERTAKING"

    @pytest.mark.parametrize(
        ("make", "value", "reason"),
        [
            (lambda: PaymentTerms.net(366), 366, "days must be an int between 0 and 365"),
            (lambda: PaymentTerms.net(-1), -1, "days must be an int between 0 and 365"),
            (
                lambda: PaymentTerms(TermsKind.ON_RECEIPT, 1),
                1,
                "terms due on receipt have 0 days",
            ),
            (
                lambda: PaymentTerms(TermsKind.STATUTORY_DEFAULT, 31),
                31,
                (
                    "the statutory default term is 30 days after delivery (L441-10 I); use "
                    "PaymentTerms.after_delivery(days) for an agreed term"
                ),
            ),
            (
                lambda: PaymentTerms(TermsKind.END_OF_MONTH, 30),
                None,
                "end-of-month terms need method=EndOfMonth.ADD_THEN_EOM or EOM_THEN_ADD",
            ),
            (
                lambda: PaymentTerms(TermsKind.NET, 30, EndOfMonth.ADD_THEN_EOM),
                EndOfMonth.ADD_THEN_EOM,
                "method is for end-of-month terms only, not TermsKind.NET",
            ),
            (
                lambda: PaymentTerms.end_of_month(30, EndOfMonth.EOM_THEN_ADD, day_of_month=3),
                3,
                (
                    "day_of_month is for end-of-month terms computed as ADD_THEN_EOM only "
                    '("30 jours fin de mois le 10")'
                ),
            ),
            (
                lambda: PaymentTerms(TermsKind.NET, 30, day_of_month=3),
                3,
                (
                    "day_of_month is for end-of-month terms computed as ADD_THEN_EOM only "
                    '("30 jours fin de mois le 10")'
                ),
            ),
            (
                lambda: PaymentTerms.end_of_month(30, day_of_month=32),
                32,
                "day_of_month must be an int between 1 and 31",
            ),
            (
                lambda: PaymentTerms.end_of_month(30, day_of_month=0),
                0,
                "day_of_month must be an int between 1 and 31",
            ),
            (
                lambda: PaymentTerms(TermsKind.PUBLIC_BUYER, 30),
                None,
                f"public-buyer terms need buyer= one of {BUYERS}",
            ),
            (
                lambda: PaymentTerms(TermsKind.NET, 30, buyer=PublicBuyer.STATE),
                PublicBuyer.STATE,
                "buyer is for public-buyer terms only, not TermsKind.NET",
            ),
        ],
    )
    def test_error(self, make: object, value: object, reason: str) -> None:
        assert callable(make)
        with pytest.raises(InvalidTerms) as info:
            make()
        assert (value, reason) == (info.value.value, info.value.reason)

    @pytest.mark.parametrize(
        ("make", "name", "reason"),
        [
            (lambda: PaymentTerms("net", 3), "kind", f"a TermsKind ({ALL_KINDS})"),  # type: ignore[arg-type]
            (lambda: PaymentTerms.net(True), "days", "an int between 0 and 365, not a bool"),
            (lambda: PaymentTerms.net("30"), "days", "an int between 0 and 365, not str"),  # type: ignore[arg-type]
            (
                lambda: PaymentTerms(TermsKind.END_OF_MONTH, 30, "add_then_eom"),  # type: ignore[arg-type]
                "method",
                "end-of-month terms need method=EndOfMonth.ADD_THEN_EOM or EOM_THEN_ADD",
            ),
            (
                lambda: PaymentTerms.end_of_month(30, day_of_month=True),
                "day_of_month",
                "an int between 1 and 31, not a bool",
            ),
            (
                lambda: PaymentTerms.end_of_month(30, day_of_month="10"),  # type: ignore[arg-type]
                "day_of_month",
                "an int between 1 and 31, not str",
            ),
            (
                lambda: PaymentTerms(TermsKind.PUBLIC_BUYER, 30, buyer="state"),  # type: ignore[arg-type]
                "buyer",
                f"public-buyer terms need buyer= one of {BUYERS}",
            ),
        ],
    )
    def test_wrong_type(self, make: object, name: str, reason: str) -> None:
        """A value of the wrong type is an ArgumentTypeError (a TypeError), as everywhere."""
        assert callable(make)
        with pytest.raises(ArgumentTypeError) as info:
            make()
        assert (name, reason) == (info.value.name, info.value.reason)

    @pytest.mark.parametrize("days", [0, 1, 365])
    def test_days_in_range(self, days: int) -> None:
        assert days == PaymentTerms.net(days).days

    @pytest.mark.parametrize("day", [1, 31])
    def test_day_of_month_in_range(self, day: int) -> None:
        assert day == PaymentTerms.end_of_month(30, day_of_month=day).day_of_month

    def test_end_of_month_defaults_to_add_then_eom(self) -> None:
        terms = PaymentTerms.end_of_month(30)
        assert (EndOfMonth.ADD_THEN_EOM, None) == (terms.method, terms.day_of_month)
        # 15 Jan 2025 + 30 = 14 Feb → 28 Feb (not 31 Jan + 30 = 2 Mar)
        assert date(2025, 2, 28) == due_date(terms, date(2025, 1, 15))


class TestStrictReading:
    """`parse` refuses what it does not understand rather than ignore it, naming the character."""

    @pytest.mark.parametrize(
        ("text", "reason"),
        [
            ("-30 jours", "a minus sign before a number ('-3'): terms count days forward"),
            (
                "30 jours ά",  # a Greek letter with an accent: not an accented ASCII letter
                (
                    "character 'ά' (U+03AC, position 9) is not understood in payment terms: use "
                    "letters, ASCII digits, spaces and punctuation"
                ),
            ),
            (
                "30 jours après\u202e",  # a bidi override after an accented letter
                (
                    "character '\\u202e' (U+202E, position 14) is not understood in payment terms: "
                    "use letters, ASCII digits, spaces and punctuation"
                ),
            ),
            (
                "3² jours",
                (
                    "character '²' (U+00B2, position 1) is not understood in payment terms: use "
                    "letters, ASCII digits, spaces and punctuation"
                ),
            ),
        ],
    )
    def test_refused(self, text: str, reason: str) -> None:
        with pytest.raises(InvalidTerms) as info:
            PaymentTerms.parse(text)
        assert (text, reason) == (info.value.value, info.value.reason)

    def test_accented_letters_are_read(self) -> None:
        assert PaymentTerms.on_receipt() == PaymentTerms.parse("À RÉCEPTION")

    def test_a_leading_word_alone_is_not_dropped(self) -> None:
        """ "paiement" alone is not terms (the leading verb is dropped only before something)."""
        with pytest.raises(InvalidTerms) as info:
            PaymentTerms.parse("paiement")
        assert info.value.reason.startswith(
            "cannot read these payment terms: the words of 'paiement' are known but not in this "
            "order"
        )


class TestErrorData:
    """Each error of terms carries the code and the parameters its sentence is said from
    (display/_errors.py): a wrong code or a parameter renamed shows the reader another sentence,
    or none. (Found by the mutation run of 8409874: stated until then only in
    test_error_texts.py, which the mutation selection leaves out.)"""

    @pytest.mark.parametrize(
        ("text", "code", "params"),
        [
            ("30 jours".ljust(201, "!"), "terms_too_long", (("length", 201), ("max", 200))),
            ("30 foo jours bar foo", "unknown_terms_words", (("unknown", ("foo", "bar")),)),
            ("jours 30", "bad_terms", ()),
            (
                "30 jours après réception de la demande de paiement",
                "public_buyer_unnamed",
                (("spellings", ("(État, collectivités)", "(santé)", "(entreprise publique)")),),
            ),
            ("-30 jours", "negative_terms", ()),
            ("3² jours", "terms_character", (("char", "U+00B2"), ("position", 1))),
        ],
    )
    def test_parse(self, text: str, code: str, params: tuple[tuple[str, object], ...]) -> None:
        with pytest.raises(InvalidTerms) as info:
            PaymentTerms.parse(text)
        assert (code, params) == (info.value.code, info.value.params)

    def test_due_after_the_last_day(self) -> None:
        """60 days from 20 December 9999 is in year 10000."""
        with pytest.raises(InvalidDate) as info:
            due_date(PaymentTerms.net(60), date(9999, 12, 20))
        assert "due_after_last_day" == info.value.code
        assert (
            ("terms", PaymentTerms.net(60)),
            ("issued", date(9999, 12, 20)),
            ("last", date(9999, 12, 31)),
        ) == info.value.params

    def test_received_before_issued(self) -> None:
        with pytest.raises(InvalidDate) as info:
            due_date(PaymentTerms.net(30), date(2026, 1, 10), received_on=date(2026, 1, 1))
        assert ("received_before_issued", (("issued", date(2026, 1, 10)),)) == (
            info.value.code,
            info.value.params,
        )

    def test_delivery_required(self) -> None:
        with pytest.raises(InvalidDate) as info:
            due_date(PaymentTerms.seasonal_produce(), date(2026, 1, 10))
        assert ("delivery_required", ()) == (info.value.code, info.value.params)


def test_seasonal_produce_default_days() -> None:
    """L441-11 II 1° c: at most 30 days from the end of the month of delivery. Delivered on
    10 January 2026: end of January, 31 January, + 30 days = 2 March 2026."""
    terms = PaymentTerms.seasonal_produce()
    assert 30 == terms.days
    assert date(2026, 3, 2) == due_date(terms, date(2026, 1, 5), date(2026, 1, 10))
