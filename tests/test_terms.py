"""Tests of dunning_core.terms: payment terms, due dates, parse, check_terms."""

from __future__ import annotations

import contextlib
from datetime import date, datetime, timedelta

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dunning_core.calendar import end_of_month
from dunning_core.errors import (
    ArgumentTypeError,
    DateTypeError,
    DunningError,
    InvalidDate,
    InvalidTerms,
)
from dunning_core.law import (
    CCP_R2192_10,
    CCP_R2192_11,
    L441_10,
    L441_11,
    L441_12,
    Finding,
    Severity,
)
from dunning_core.terms import (
    MAX_TERM_DAYS,
    EndOfMonth,
    PaymentTerms,
    PublicBuyer,
    TermsKind,
    check_terms,
    due_date,
)

ADD = EndOfMonth.ADD_THEN_EOM
EOM = EndOfMonth.EOM_THEN_ADD

# --- strategies -----------------------------------------------------------------------------------

term_days = st.integers(min_value=0, max_value=MAX_TERM_DAYS)
invoice_dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31))
all_terms = st.one_of(
    st.builds(PaymentTerms.net, term_days),
    st.builds(PaymentTerms.after_delivery, term_days),
    st.builds(PaymentTerms.end_of_month, term_days, st.sampled_from(EndOfMonth)),
    st.builds(PaymentTerms.end_of_month, term_days, st.just(ADD), day_of_month=st.integers(1, 31)),
    st.just(PaymentTerms.statutory_default()),
    st.just(PaymentTerms.on_receipt()),
    st.builds(PaymentTerms.periodic, term_days),
    st.builds(PaymentTerms.perishable, term_days),
    st.builds(PaymentTerms.perishable_periodic, term_days),
    st.builds(PaymentTerms.seasonal_produce, term_days),
    st.builds(PaymentTerms.livestock, term_days),
    st.builds(PaymentTerms.excise_alcohol, term_days),
    st.builds(PaymentTerms.transport, term_days),
    st.builds(PaymentTerms.export, term_days),
    st.builds(PaymentTerms.public_buyer, st.sampled_from(PublicBuyer), term_days),
)


class TestPaymentTerms:
    def test_frozen_value(self) -> None:
        """Terms are immutable values compared by their fields."""
        terms = PaymentTerms.net(30)
        assert PaymentTerms(TermsKind.NET, 30) == terms
        assert hash(PaymentTerms.net(30)) == hash(terms)
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            terms.days = 45  # type: ignore[misc]

    def test_plain_fields(self) -> None:
        """Every field is an enum, an int or None: easy to store as JSON."""
        terms = PaymentTerms.end_of_month(30, day_of_month=10)
        assert {
            "kind": "end_of_month",
            "days": 30,
            "method": "add_then_eom",
            "day_of_month": 10,
            "buyer": None,
        } == attrs.asdict(terms, value_serializer=lambda _i, _a, v: getattr(v, "value", v))

    @pytest.mark.parametrize(
        ("terms", "expected"),
        [
            (PaymentTerms.net(30), "PaymentTerms.net(30)"),
            (PaymentTerms.end_of_month(45), "PaymentTerms.end_of_month(45)"),
            (
                PaymentTerms.end_of_month(45, EOM),
                "PaymentTerms.end_of_month(45, EndOfMonth.EOM_THEN_ADD)",
            ),
            (
                PaymentTerms.end_of_month(30, day_of_month=10),
                "PaymentTerms.end_of_month(30, day_of_month=10)",
            ),
            (PaymentTerms.statutory_default(), "PaymentTerms.statutory_default()"),
            (PaymentTerms.on_receipt(), "PaymentTerms.on_receipt()"),
            (PaymentTerms.livestock(), "PaymentTerms.livestock(20)"),
            (
                PaymentTerms.public_buyer(PublicBuyer.HEALTH),
                "PaymentTerms.public_buyer(PublicBuyer.HEALTH, 50)",
            ),
        ],
    )
    def test_repr_is_evaluable(self, terms: PaymentTerms, expected: str) -> None:
        """The repr is the named-constructor call that rebuilds the value."""
        assert expected == repr(terms)
        assert terms == eval(expected)

    @pytest.mark.parametrize(
        ("terms", "expected"),
        [
            (PaymentTerms.net(30), "30 jours date de facture"),
            (PaymentTerms.net(1), "1 jour date de facture"),
            (PaymentTerms.after_delivery(30), "30 jours après livraison"),
            (PaymentTerms.end_of_month(45), "45 jours fin de mois"),
            (PaymentTerms.end_of_month(45, EOM), "fin de mois + 45 jours"),
            (PaymentTerms.end_of_month(30, day_of_month=10), "30 jours fin de mois le 10"),
            (PaymentTerms.statutory_default(), "délai légal (30 jours après livraison)"),
            (PaymentTerms.on_receipt(), "à réception"),
            (PaymentTerms.periodic(), "45 jours date de facture (facture périodique)"),
            (PaymentTerms.export(), "90 jours date de facture (export hors UE)"),
            (
                PaymentTerms.public_buyer(PublicBuyer.PUBLIC_UNDERTAKING),
                "60 jours après réception de la demande de paiement (entreprise publique)",
            ),
        ],
    )
    def test_str_in_french(self, terms: PaymentTerms, expected: str) -> None:
        """str() is the usual French wording."""
        assert expected == str(terms)
        assert expected == terms.to_text()

    @pytest.mark.parametrize(
        ("terms", "expected"),
        [
            (PaymentTerms.net(30), L441_10),
            (PaymentTerms.perishable(), L441_11),
            (PaymentTerms.transport(), L441_11),
            (PaymentTerms.export(), L441_12),
            (PaymentTerms.public_buyer(PublicBuyer.STATE), CCP_R2192_10),
            (PaymentTerms.public_buyer(PublicBuyer.HEALTH), CCP_R2192_11),
        ],
    )
    def test_article(self, terms: PaymentTerms, expected: object) -> None:
        """Each kind names the article that governs it."""
        assert expected == terms.article

    def test_public_buyer_days(self) -> None:
        """30 days for the State, 50 for health, 60 for public undertakings (R2192-10/11)."""
        assert [30, 50, 60] == [PaymentTerms.public_buyer(b).days for b in PublicBuyer]
        assert 20 == PaymentTerms.public_buyer(PublicBuyer.STATE, 20).days


class TestInvalidTerms:
    @pytest.mark.parametrize("days", [-1, MAX_TERM_DAYS + 1, 10_000])
    def test_days_out_of_range(self, days: int) -> None:
        """Negative and absurd numbers of days are refused, naming the range."""
        with pytest.raises(InvalidTerms, match="between 0 and 365") as info:
            PaymentTerms.net(days)
        assert days == info.value.value

    @pytest.mark.parametrize("days", [True, 30.0, "30", None])
    def test_days_type(self, days: object) -> None:
        """Days must be an int (not bool, float or str): a type error, as everywhere."""
        with pytest.raises(ArgumentTypeError, match="an int between 0 and 365, not"):
            PaymentTerms.net(days)  # type: ignore[arg-type]

    def test_kind_type(self) -> None:
        """The kind must be a TermsKind, and the message lists them."""
        with pytest.raises(ArgumentTypeError, match="NET, AFTER_DELIVERY"):
            PaymentTerms("net", 30)  # type: ignore[arg-type]

    def test_method_only_for_end_of_month(self) -> None:
        """A fin-de-mois method on net terms is refused, and required on fin-de-mois terms."""
        with pytest.raises(InvalidTerms, match="end-of-month terms only"):
            PaymentTerms(TermsKind.NET, 30, ADD)
        with pytest.raises(InvalidTerms, match="need method"):
            PaymentTerms(TermsKind.END_OF_MONTH, 30)

    @pytest.mark.parametrize("day", [0, 32])
    def test_day_of_month_range(self, day: int) -> None:
        """The day of the following month is 1 to 31."""
        with pytest.raises(InvalidTerms, match="between 1 and 31"):
            PaymentTerms.end_of_month(30, day_of_month=day)
        with pytest.raises(ArgumentTypeError, match="between 1 and 31, not a bool"):
            PaymentTerms.end_of_month(30, day_of_month=True)

    def test_day_of_month_only_add_then_eom(self) -> None:
        """'le 10' goes with ADD_THEN_EOM only."""
        with pytest.raises(InvalidTerms, match="ADD_THEN_EOM only"):
            PaymentTerms.end_of_month(30, EOM, day_of_month=10)

    def test_buyer(self) -> None:
        """Public-buyer terms need a PublicBuyer; other kinds take none."""
        with pytest.raises(ArgumentTypeError, match=r"PublicBuyer\.STATE"):
            PaymentTerms.public_buyer("state")  # type: ignore[arg-type]
        with pytest.raises(InvalidTerms, match="need buyer"):
            PaymentTerms(TermsKind.PUBLIC_BUYER, 30)
        with pytest.raises(InvalidTerms, match="public-buyer terms only"):
            PaymentTerms(TermsKind.NET, 30, buyer=PublicBuyer.STATE)

    def test_fixed_days(self) -> None:
        """On receipt has 0 days; the statutory default is 30 days."""
        with pytest.raises(InvalidTerms, match="0 days"):
            PaymentTerms(TermsKind.ON_RECEIPT, 5)
        with pytest.raises(InvalidTerms, match="after_delivery"):
            PaymentTerms(TermsKind.STATUTORY_DEFAULT, 45)

    def test_errors_are_value_errors(self) -> None:
        """InvalidTerms is a DunningError and a ValueError."""
        with pytest.raises(ValueError, match="days"):
            PaymentTerms.net(-1)


class TestEndOfMonthDueDates:
    @pytest.mark.parametrize(
        ("issued", "method", "expected"),
        [
            # 2024 (leap): 15 Jan + 16 = 31 Jan, + 29 = 29 Feb → end of Feb = 29 Feb.
            (date(2024, 1, 15), ADD, date(2024, 2, 29)),
            # 31 Jan 2024 + 29 = 29 Feb, + 16 = 16 Mar.
            (date(2024, 1, 15), EOM, date(2024, 3, 16)),
            # 2023: 15 Jan + 16 = 31 Jan, + 28 = 28 Feb, + 1 = 1 Mar → 31 Mar (75 days).
            (date(2023, 1, 15), ADD, date(2023, 3, 31)),
            # 31 Jan 2023 + 28 = 28 Feb, + 17 = 17 Mar.
            (date(2023, 1, 15), EOM, date(2023, 3, 17)),
            # 29 Feb 2024 + 31 = 31 Mar, + 14 = 14 Apr → end of April.
            (date(2024, 2, 29), ADD, date(2024, 4, 30)),
            # Feb 2024 ends on the 29th: 29 Feb + 45 = 14 Apr.
            (date(2024, 2, 29), EOM, date(2024, 4, 14)),
            # 28 Feb 2023 + 31 = 31 Mar, + 14 = 14 Apr → 30 Apr; EOM is 28 Feb itself: 14 Apr.
            (date(2023, 2, 28), ADD, date(2023, 4, 30)),
            (date(2023, 2, 28), EOM, date(2023, 4, 14)),
            # 31 Dec 2024 + 31 = 31 Jan 2025, + 14 = 14 Feb → 28 Feb 2025.
            (date(2024, 12, 31), ADD, date(2025, 2, 28)),
            (date(2024, 12, 31), EOM, date(2025, 2, 14)),
        ],
    )
    def test_45_days_end_of_month(self, issued: date, method: EndOfMonth, expected: date) -> None:
        """Both DGCCRF computations of "45 jours fin de mois", leap years included."""
        assert expected == due_date(PaymentTerms.end_of_month(45, method), issued)

    def test_the_10th_of_the_next_month(self) -> None:
        """15 Jan 2026 + 30 = 14 Feb → end of Feb → 10 March."""
        terms = PaymentTerms.end_of_month(30, day_of_month=10)
        assert date(2026, 3, 10) == due_date(terms, date(2026, 1, 15))

    def test_day_of_month_clamped(self) -> None:
        """1 Jan 2026 + 30 = 31 Jan → end of Jan → "le 31" of February is 28 Feb."""
        terms = PaymentTerms.end_of_month(30, day_of_month=31)
        assert date(2026, 2, 28) == due_date(terms, date(2026, 1, 1))

    @given(invoice_dates, st.integers(min_value=0, max_value=MAX_TERM_DAYS))
    def test_add_then_eom_falls_on_a_month_end(self, issued: date, days: int) -> None:
        """ADD_THEN_EOM due dates are always the last day of a month."""
        due = due_date(PaymentTerms.end_of_month(days), issued)
        assert end_of_month(due) == due

    @given(invoice_dates, st.integers(min_value=0, max_value=MAX_TERM_DAYS))
    def test_methods_within_a_month(self, issued: date, days: int) -> None:
        """EOM_THEN_ADD is never later than ADD_THEN_EOM + 1 month, nor before issue + days."""
        add = due_date(PaymentTerms.end_of_month(days, ADD), issued)
        eom = due_date(PaymentTerms.end_of_month(days, EOM), issued)
        assert issued + timedelta(days=days) <= add
        assert issued + timedelta(days=days) <= eom
        assert abs((add - eom).days) <= 31


class TestDueDate:
    @pytest.mark.parametrize(
        ("terms", "issued", "delivered", "expected"),
        [
            # 15 Jan + 16 = 31 Jan, + 14 = 14 Feb.
            (PaymentTerms.net(30), date(2026, 1, 15), None, date(2026, 2, 14)),
            (PaymentTerms.net(0), date(2026, 1, 15), None, date(2026, 1, 15)),
            (PaymentTerms.on_receipt(), date(2026, 1, 15), None, date(2026, 1, 15)),
            # delivered 10 Jan + 21 = 31 Jan, + 9 = 9 Feb.
            (
                PaymentTerms.after_delivery(30),
                date(2026, 1, 20),
                date(2026, 1, 10),
                date(2026, 2, 9),
            ),
            (
                PaymentTerms.statutory_default(),
                date(2026, 1, 20),
                date(2026, 1, 10),
                date(2026, 2, 9),
            ),
            # 31 Jan + 28 = 28 Feb, + 17 = 17 Mar.
            (PaymentTerms.periodic(), date(2026, 1, 31), None, date(2026, 3, 17)),
            # delivered 5 Mar + 26 = 31 Mar, + 4 = 4 Apr.
            (PaymentTerms.perishable(), date(2026, 3, 6), date(2026, 3, 5), date(2026, 4, 4)),
            # décade 1-10 ends 10 Mar; + 21 = 31 Mar, + 9 = 9 Apr.
            (
                PaymentTerms.perishable_periodic(),
                date(2026, 3, 31),
                date(2026, 3, 5),
                date(2026, 4, 9),
            ),
            # décade 11-20 ends 20 Mar; + 11 = 31 Mar, + 19 = 19 Apr.
            (
                PaymentTerms.perishable_periodic(),
                date(2026, 3, 31),
                date(2026, 3, 15),
                date(2026, 4, 19),
            ),
            # décade 21-end ends 29 Feb 2024; + 30 = 30 Mar.
            (
                PaymentTerms.perishable_periodic(),
                date(2024, 2, 29),
                date(2024, 2, 21),
                date(2024, 3, 30),
            ),
            # delivered 5 Mar + 20 = 25 Mar.
            (PaymentTerms.livestock(), date(2026, 3, 5), date(2026, 3, 5), date(2026, 3, 25)),
            # end of Feb 2026 = 28 Feb, + 30 = 30 Mar.
            (PaymentTerms.excise_alcohol(), date(2026, 3, 2), date(2026, 2, 10), date(2026, 3, 30)),
            # leap: end of Feb 2024 = 29 Feb, + 30 = 30 Mar.
            (PaymentTerms.excise_alcohol(), date(2024, 3, 2), date(2024, 2, 10), date(2024, 3, 30)),
            (PaymentTerms.transport(), date(2026, 1, 15), None, date(2026, 2, 14)),
            # 15 Jan + 16 = 31 Jan, + 28 = 28 Feb (44), + 31 = 31 Mar (75), + 15 = 15 Apr.
            (PaymentTerms.export(), date(2026, 1, 15), None, date(2026, 4, 15)),
        ],
    )
    def test_each_kind(
        self, terms: PaymentTerms, issued: date, delivered: date | None, expected: date
    ) -> None:
        """Hand-checked due dates for every kind and sector regime."""
        assert expected == due_date(terms, issued, delivered)

    @pytest.mark.parametrize(
        ("buyer", "received", "delivered", "expected"),
        [
            # not recorded: 2 Mar + 2 = 4 Mar, + 27 = 31 Mar, + 3 = 3 Apr.
            (PublicBuyer.STATE, None, None, date(2026, 4, 3)),
            # received 10 Mar + 21 = 31 Mar, + 9 = 9 Apr.
            (PublicBuyer.STATE, date(2026, 3, 10), None, date(2026, 4, 9)),
            # received 10 Mar + 21 = 31 Mar, + 29 = 29 Apr.
            (PublicBuyer.HEALTH, date(2026, 3, 10), None, date(2026, 4, 29)),
            # received 10 Mar + 21 = 31 Mar, + 30 = 30 Apr, + 9 = 9 May.
            (PublicBuyer.PUBLIC_UNDERTAKING, date(2026, 3, 10), None, date(2026, 5, 9)),
            # performed 20 Mar, after the receipt: 20 Mar + 11 = 31 Mar, + 19 = 19 Apr.
            (PublicBuyer.STATE, date(2026, 3, 10), date(2026, 3, 20), date(2026, 4, 19)),
            # performed before the receipt: the receipt counts.
            (PublicBuyer.STATE, date(2026, 3, 10), date(2026, 2, 1), date(2026, 4, 9)),
        ],
    )
    def test_public_buyers(
        self,
        buyer: PublicBuyer,
        received: date | None,
        delivered: date | None,
        expected: date,
    ) -> None:
        """From the receipt of the request, request date + 2 days if unrecorded (R2192-12)."""
        terms = PaymentTerms.public_buyer(buyer)
        assert expected == due_date(terms, date(2026, 3, 2), delivered, received_on=received)

    @pytest.mark.parametrize(
        "terms",
        [
            PaymentTerms.after_delivery(30),
            PaymentTerms.statutory_default(),
            PaymentTerms.perishable(),
            PaymentTerms.perishable_periodic(),
            PaymentTerms.livestock(),
            PaymentTerms.excise_alcohol(),
        ],
    )
    def test_missing_delivery_date(self, terms: PaymentTerms) -> None:
        """Kinds counted from delivery need delivered_on, and the message names it."""
        with pytest.raises(InvalidDate, match="delivered_on is required"):
            due_date(terms, date(2026, 1, 15))

    @pytest.mark.parametrize(
        "bad",
        ["2026-01-15", None, datetime(2026, 1, 15, 9, 30), 20260115],  # noqa: DTZ001
    )
    def test_bad_issue_date(self, bad: object) -> None:
        """The invoice date must be a date: not text, None, a datetime or an int."""
        with pytest.raises(DateTypeError, match="issued_on"):
            due_date(PaymentTerms.net(30), bad)  # type: ignore[arg-type]

    def test_bad_delivery_date(self) -> None:
        """A datetime delivery date is refused, naming the parameter."""
        with pytest.raises(DateTypeError, match="delivered_on"):
            due_date(PaymentTerms.perishable(), date(2026, 1, 15), datetime(2026, 1, 1))  # noqa: DTZ001

    def test_received_before_issued(self) -> None:
        """A payment request cannot be received before it is issued."""
        with pytest.raises(InvalidDate, match="received_on must not be before"):
            due_date(
                PaymentTerms.public_buyer(PublicBuyer.STATE),
                date(2026, 3, 2),
                received_on=date(2026, 3, 1),
            )

    def test_terms_type(self) -> None:
        """Text terms must be parsed first."""
        with pytest.raises(ArgumentTypeError, match=r"PaymentTerms\.parse"):
            due_date("30 jours", date(2026, 1, 15))  # type: ignore[arg-type]

    def test_delivery_before_or_after_invoice(self) -> None:
        """Delivery may come before or after the invoice; the term counts from it either way."""
        terms = PaymentTerms.after_delivery(10)
        assert date(2026, 1, 11) == due_date(terms, date(2026, 1, 15), date(2026, 1, 1))
        assert date(2026, 2, 10) == due_date(terms, date(2026, 1, 15), date(2026, 1, 31))

    def test_far_future_is_a_dunning_error(self) -> None:
        """A due date beyond year 9999 raises InvalidDate, not OverflowError."""
        with pytest.raises(InvalidDate):
            due_date(PaymentTerms.net(60), date(9999, 12, 1))

    @given(all_terms, invoice_dates, st.integers(min_value=0, max_value=60))
    def test_due_on_or_after_issue(self, terms: PaymentTerms, issued: date, lag: int) -> None:
        """Delivered and received on or after the invoice date, the due date is not before it."""
        later = issued + timedelta(days=lag)
        assert issued <= due_date(terms, issued, later, received_on=later)


class TestParse:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("30 jours", PaymentTerms.net(30)),
            ("60 jours date de facture", PaymentTerms.net(60)),
            ("30 JOURS NETS", PaymentTerms.net(30)),
            ("30j", PaymentTerms.net(30)),
            ("30 j net", PaymentTerms.net(30)),
            ("paiement à 30 jours", PaymentTerms.net(30)),
            ("30 jours à compter de la date de facture", PaymentTerms.net(30)),
            ("60 jours date d'émission", PaymentTerms.net(60)),
            ("45 jours fin de mois", PaymentTerms.end_of_month(45)),
            ("45 jours FDM", PaymentTerms.end_of_month(45)),
            ("45 j f.d.m.", PaymentTerms.end_of_month(45)),
            ("45 jours date de facture fin de mois", PaymentTerms.end_of_month(45)),
            ("fin de mois 45 jours", PaymentTerms.end_of_month(45, EOM)),
            ("Fin de mois + 45 jours", PaymentTerms.end_of_month(45, EOM)),
            ("fin de mois plus 30 jours", PaymentTerms.end_of_month(30, EOM)),
            ("30 jours fin de mois le 10", PaymentTerms.end_of_month(30, day_of_month=10)),
            (
                "30 jours fin de mois le 10 du mois suivant",
                PaymentTerms.end_of_month(30, day_of_month=10),
            ),
            ("à réception", PaymentTerms.on_receipt()),
            ("A RECEPTION DE FACTURE", PaymentTerms.on_receipt()),
            ("dès réception", PaymentTerms.on_receipt()),
            ("comptant", PaymentTerms.on_receipt()),
            ("Paiement comptant", PaymentTerms.on_receipt()),
            ("30 jours après livraison", PaymentTerms.after_delivery(30)),
            ("30 jours après exécution de la prestation", PaymentTerms.after_delivery(30)),
            ("délai légal", PaymentTerms.statutory_default()),
            ("Délai supplétif", PaymentTerms.statutory_default()),
            ("facture périodique 45 jours", PaymentTerms.periodic(45)),
            ("40 jours, facture périodique", PaymentTerms.periodic(40)),
            ("30 jours après livraison, denrées périssables", PaymentTerms.perishable(30)),
            ("20 jours après livraison (betail sur pied)", PaymentTerms.livestock(20)),
            (
                "30 jours après la fin de la décade de livraison",
                PaymentTerms.perishable_periodic(30),
            ),
            ("30 jours après la fin du mois de livraison", PaymentTerms.excise_alcohol(30)),
            ("30 jours date de facture - transport", PaymentTerms.transport(30)),
            ("90 jours (export)", PaymentTerms.export(90)),
            (
                "30 jours à réception de la demande de paiement (hôpital)",
                PaymentTerms.public_buyer(PublicBuyer.HEALTH, 30),
            ),
            (
                "30 jours à compter de la réception de la demande de paiement (collectivité)",
                PaymentTerms.public_buyer(PublicBuyer.STATE),
            ),
        ],
    )
    def test_wordings(self, text: str, expected: PaymentTerms) -> None:
        """The usual French wordings, in any case, with or without accents."""
        assert expected == PaymentTerms.parse(text)

    @given(all_terms)
    def test_round_trip(self, terms: PaymentTerms) -> None:
        """parse(str(t)) == t for every kind."""
        assert terms == PaymentTerms.parse(str(terms))

    def test_unknown_word_is_named(self) -> None:
        """The message names the word it could not read and lists accepted examples."""
        with pytest.raises(InvalidTerms, match=r"'moi' not understood.*\"45 jours fin de mois\""):
            PaymentTerms.parse("45 jours fin de moi")

    def test_known_words_wrong_order(self) -> None:
        """Known words in an unknown order are reported as such."""
        with pytest.raises(InvalidTerms, match="known but not in this order"):
            PaymentTerms.parse("jours 30")

    def test_empty(self) -> None:
        """Empty text is refused."""
        with pytest.raises(InvalidTerms, match="no words"):
            PaymentTerms.parse("  ")

    def test_public_buyer_needs_its_kind(self) -> None:
        """Without the kind of buyer the term is unknown, and the message lists them."""
        with pytest.raises(InvalidTerms, match="santé"):
            PaymentTerms.parse("30 jours à réception de la demande de paiement")

    def test_absurd_days(self) -> None:
        """10 000 days is read, then refused by the range check."""
        with pytest.raises(InvalidTerms, match="between 0 and 365"):
            PaymentTerms.parse("10000 jours")

    @pytest.mark.parametrize(
        ("text", "words"),
        [
            ("-30 jours", "minus sign"),
            ("30 jours fin de mois le -5", "minus sign"),
            ("\u221230 jours", "minus sign"),
            ("3\u00b2 jours", "U\\+00B2"),
            ("\u0663\u0660 jours", "U\\+0663"),
            ("30 jours\u202e", "U\\+202E"),
            ("30\u2066 jours", "U\\+2066"),
            ("30 jours\x00", "U\\+0000"),
            ("30\tjours", "U\\+0009"),
            ("3\u0301 jours", "U\\+0301"),
            ("\uff13\uff10 jours", "U\\+FF13"),
            ("30 jours \ud800", "U\\+D800"),
        ],
    )
    def test_what_it_does_not_understand_is_refused(self, text: str, words: str) -> None:
        """A minus sign, a superscript, other digits, control or bidi characters: refused, not folded."""
        with pytest.raises(InvalidTerms, match=words):
            PaymentTerms.parse(text)

    def test_punctuation_and_accents_still_read(self) -> None:
        """Dashes between words, guillemets and no-break spaces are ordinary punctuation."""
        assert PaymentTerms.transport(30) == PaymentTerms.parse(
            "30\u00a0jours date de facture – transport"
        )
        assert PaymentTerms.on_receipt() == PaymentTerms.parse("« À RÉCEPTION »")

    def test_not_text(self) -> None:
        """Only str is parsed."""
        with pytest.raises(ArgumentTypeError, match="payment terms as text"):
            PaymentTerms.parse(30)  # type: ignore[arg-type]

    def test_too_long(self) -> None:
        """Very long text is refused before any regular expression runs."""
        with pytest.raises(InvalidTerms, match="longer than 200"):
            PaymentTerms.parse("3" * 5000)

    @given(st.text(max_size=250))
    def test_fuzzed_text(self, text: str) -> None:
        """Any text gives terms (that read back) or a DunningError, never another exception."""
        try:
            terms = PaymentTerms.parse(text)
        except DunningError:
            return
        assert terms == PaymentTerms.parse(str(terms))

    @given(
        st.lists(
            st.sampled_from(
                [
                    "30",
                    "45",
                    "10",
                    "0",
                    "999",
                    "jours",
                    "j",
                    "fin",
                    "de",
                    "mois",
                    "le",
                    "+",
                    "à",
                    "réception",
                    "livraison",
                    "après",
                    "date",
                    "facture",
                    "comptant",
                    "nets",
                    "fdm",
                    "la",
                    "demande",
                    "paiement",
                    "santé",
                    "(",
                    ")",
                    ",",
                ]
            ),
            max_size=12,
        ).map(" ".join)
    )
    def test_fuzzed_wordings(self, text: str) -> None:
        """Shuffled real words give terms or a DunningError, never another exception."""
        try:
            terms = PaymentTerms.parse(text)
        except DunningError:
            return
        assert terms == PaymentTerms.parse(str(terms))


def _findings(terms: PaymentTerms, **kwargs: object) -> list[tuple[Severity, object]]:
    return [(f.severity, f.article) for f in check_terms(terms, **kwargs)]  # type: ignore[arg-type]


class TestCheckTerms:
    @pytest.mark.parametrize(
        ("terms", "article"),
        [
            (PaymentTerms.net(61), L441_10),
            (PaymentTerms.after_delivery(75), L441_10),
            (PaymentTerms.periodic(46), L441_10),
            (PaymentTerms.perishable(31), L441_11),
            (PaymentTerms.perishable_periodic(31), L441_11),
            (PaymentTerms.livestock(21), L441_11),
            (PaymentTerms.excise_alcohol(31), L441_11),
            (PaymentTerms.transport(31), L441_11),
            (PaymentTerms.export(91), L441_12),
            (PaymentTerms.public_buyer(PublicBuyer.STATE, 31), CCP_R2192_10),
            (PaymentTerms.public_buyer(PublicBuyer.HEALTH, 51), CCP_R2192_11),
            (PaymentTerms.public_buyer(PublicBuyer.PUBLIC_UNDERTAKING, 61), CCP_R2192_11),
        ],
    )
    def test_above_the_cap(self, terms: PaymentTerms, article: object) -> None:
        """One day above each cap is a violation citing its article."""
        assert [(Severity.VIOLATION, article)] == _findings(terms)

    @pytest.mark.parametrize(
        "terms",
        [
            PaymentTerms.net(60),
            PaymentTerms.periodic(45),
            PaymentTerms.perishable(30),
            PaymentTerms.livestock(20),
            PaymentTerms.excise_alcohol(30),
            PaymentTerms.transport(30),
            PaymentTerms.export(90),
            PaymentTerms.public_buyer(PublicBuyer.PUBLIC_UNDERTAKING),
            PaymentTerms.statutory_default(),
            PaymentTerms.on_receipt(),
        ],
    )
    def test_at_the_cap(self, terms: PaymentTerms) -> None:
        """Exactly at the cap, nothing is said."""
        assert [] == _findings(terms)

    def test_violation_message(self) -> None:
        """The finding says the days, the cap and what it caps."""
        expected = Finding(
            Severity.VIOLATION,
            "75 days exceeds the 60-day cap on an agreed payment term",
            L441_10,
        )
        assert (expected,) == check_terms(PaymentTerms.net(75))

    def test_end_of_month_stipulation(self) -> None:
        """Fin-de-mois terms must be expressly stipulated: unknown → info, not → violation."""
        terms = PaymentTerms.end_of_month(45)
        assert [(Severity.INFO, L441_10)] == _findings(terms)
        assert [(Severity.VIOLATION, L441_10)] == _findings(terms, expressly_stipulated=False)
        assert [] == _findings(terms, expressly_stipulated=True)

    def test_end_of_month_above_45(self) -> None:
        """ "50 jours fin de mois" breaks the 45-day cap."""
        terms = PaymentTerms.end_of_month(50, EOM)
        assert [(Severity.VIOLATION, L441_10)] == _findings(terms, expressly_stipulated=True)

    def test_end_of_month_beyond_60_days_is_lawful(self) -> None:
        """15 Jan 2025, ADD_THEN_EOM: 15 Jan + 45 = 1 Mar, end of month 31 Mar, 75 days later
        (16 + 28 + 31): more than 60 days but exactly "45 jours fin de mois", so only an info."""
        (finding,) = check_terms(
            PaymentTerms.end_of_month(45),
            issued_on=date(2025, 1, 15),
            expressly_stipulated=True,
        )
        assert (Severity.INFO, L441_10) == (finding.severity, finding.article)
        assert "75 days" in finding.message

    def test_end_of_month_then_45_days_is_lawful(self) -> None:
        """1 Jan 2025, EOM_THEN_ADD: 31 Jan + 45 = 17 Mar, 75 days later: an info, not a warning."""
        (finding,) = check_terms(
            PaymentTerms.end_of_month(45, EndOfMonth.EOM_THEN_ADD),
            issued_on=date(2025, 1, 1),
            expressly_stipulated=True,
        )
        assert Severity.INFO is finding.severity
        assert "at the latest 2025-03-17" in finding.message

    def test_beyond_its_own_reading_is_a_warning(self) -> None:
        """50 days end of month from 15 Jan 2025, EOM_THEN_ADD: 31 Jan + 50 = 22 Mar, after 17 Mar
        (its own reading of the maximum) but before 31 Mar (15 Jan + 45, then end of month)."""
        found = check_terms(
            PaymentTerms.end_of_month(50, EndOfMonth.EOM_THEN_ADD),
            issued_on=date(2025, 1, 15),
            expressly_stipulated=True,
        )
        assert [Severity.VIOLATION, Severity.WARNING] == [f.severity for f in found]
        assert "after 2025-03-17" in found[1].message

    def test_end_of_month_within_60_days(self) -> None:
        """1 Jan 2025 + 45 = 15 Feb → 28 Feb: 58 days, nothing to say."""
        found = check_terms(
            PaymentTerms.end_of_month(45), issued_on=date(2025, 1, 1), expressly_stipulated=True
        )
        assert () == found

    def test_due_date_beyond_60_days_from_invoice(self) -> None:
        """Invoiced 10 Jan, delivered 20 Mar, + 30 = 19 Apr: 99 days (21 + 28 + 31 + 19)."""
        found = check_terms(
            PaymentTerms.after_delivery(30),
            issued_on=date(2026, 1, 10),
            delivered_on=date(2026, 3, 20),
        )
        assert [(Severity.VIOLATION, L441_10)] == [(f.severity, f.article) for f in found]
        assert "99 days" in found[0].message

    def test_long_term_after_an_early_delivery(self) -> None:
        """75 days after a delivery 20 days before the invoice: 55 days from the invoice, legal."""
        found = _findings(
            PaymentTerms.after_delivery(75),
            issued_on=date(2026, 1, 21),
            delivered_on=date(2026, 1, 1),
        )
        assert [] == found

    def test_due_date_before_invoice(self) -> None:
        """Delivered 1 Jan + 30 = 31 Jan, invoiced 1 Mar: the due date precedes the invoice."""
        found = _findings(
            PaymentTerms.after_delivery(30),
            issued_on=date(2026, 3, 1),
            delivered_on=date(2026, 1, 1),
        )
        assert [(Severity.WARNING, L441_10)] == found

    def test_statutory_default_is_never_capped(self) -> None:
        """The default term is the law itself: a late delivery does not make it a violation."""
        found = _findings(
            PaymentTerms.statutory_default(),
            issued_on=date(2026, 1, 1),
            delivered_on=date(2026, 3, 1),
        )
        assert [] == found

    def test_missing_delivery_skips_dated_checks(self) -> None:
        """Without the delivery date the dated checks are skipped, not raised."""
        assert [] == _findings(PaymentTerms.perishable(), issued_on=date(2026, 1, 1))

    def test_exports_and_public_buyers_use_their_own_caps(self) -> None:
        """A 90-day export or 60-day public term is not an L441-10 violation."""
        assert [] == _findings(PaymentTerms.export(), issued_on=date(2026, 1, 1))
        public = PaymentTerms.public_buyer(PublicBuyer.PUBLIC_UNDERTAKING)
        assert [] == _findings(public, issued_on=date(2026, 1, 1))

    def test_most_serious_first(self) -> None:
        """Violations come before warnings and infos."""
        found = check_terms(
            PaymentTerms.end_of_month(60),
            issued_on=date(2025, 1, 15),
            expressly_stipulated=False,
        )
        assert [Severity.VIOLATION, Severity.VIOLATION, Severity.INFO] == [
            f.severity for f in found
        ]

    def test_bad_input(self) -> None:
        """Bad terms, dates or flags raise; findings are not exceptions."""
        with pytest.raises(ArgumentTypeError):
            check_terms("30 jours")  # type: ignore[arg-type]
        with pytest.raises(DateTypeError):
            check_terms(PaymentTerms.net(30), issued_on="2026-01-01")  # type: ignore[arg-type]
        with pytest.raises(ArgumentTypeError, match="expressly_stipulated"):
            check_terms(PaymentTerms.net(30), expressly_stipulated="yes")  # type: ignore[arg-type]
        with pytest.raises(InvalidDate):
            check_terms(
                PaymentTerms.public_buyer(PublicBuyer.STATE),
                issued_on=date(2026, 3, 2),
                received_on=date(2026, 3, 1),
            )

    @given(all_terms, invoice_dates)
    def test_findings_cite_articles(self, terms: PaymentTerms, issued: date) -> None:
        """check_terms never raises on valid input, and every finding cites an article."""
        for finding in check_terms(terms, issued_on=issued, delivered_on=issued):
            assert finding.article.number


# --- "fin de mois" wordings past the legal maximum -----------------------------------------------


def _latest_allowed(issued: date) -> date:
    """Worked out independently: the latest of 60 days and "45 jours fin de mois" either way."""
    sixty = issued + timedelta(days=60)
    add_then_eom = end_of_month(issued + timedelta(days=45))
    eom_then_add = end_of_month(issued) + timedelta(days=45)
    return max(sixty, add_then_eom, eom_then_add)


def _severities(found: tuple[Finding, ...]) -> list[Severity]:
    return [f.severity for f in found]


class TestEndOfMonthMaximum:
    LE_10 = PaymentTerms.end_of_month(45, day_of_month=10)

    def test_45_days_end_of_month_on_the_10th_is_a_violation(self) -> None:
        """From 15 Jan 2023: + 45 = 1 Mar, end of March, then 10 April; the latest date allowed
        is 31 March (60 days: 16 Mar; 45 j FDM: 31 Mar; FDM + 45 j: 17 Mar)."""
        (finding,) = check_terms(PaymentTerms.parse("45 jours fin de mois le 10"), **STIPULATED)
        assert (Severity.VIOLATION, L441_10) == (finding.severity, finding.article)
        assert '"45 jours fin de mois le 10"' in finding.message
        assert "2023-01-15" in finding.message
        assert "2023-04-10" in finding.message
        assert "10 days after the latest date allowed (2023-03-31)" in finding.message

    def test_same_with_the_constructor(self) -> None:
        assert check_terms(self.LE_10, **STIPULATED) == check_terms(
            PaymentTerms.parse("45 jours fin de mois le 10 du mois suivant"), **STIPULATED
        )

    def test_dated_beyond_every_reading_is_a_violation(self) -> None:
        """Invoiced 15 Jan 2025: due 10 April, after 31 March: a violation for this invoice."""
        found = check_terms(self.LE_10, issued_on=date(2025, 1, 15), **STIPULATED)
        assert [Severity.VIOLATION, Severity.VIOLATION] == _severities(found)
        dated = found[1].message
        assert dated.startswith("due date 2025-04-10 is 85 days after the invoice date 2025-01-15")
        for reading in ("60 days (2025-03-16)", "(2025-03-31)", "(2025-03-17)"):
            assert reading in dated

    def test_dated_within_a_reading_stays_a_warning(self) -> None:
        """Invoiced 2 Jan 2025: due 10 March, 67 days, but before 17 March (31 Jan + 45): only
        possibly beyond the maximum."""
        found = check_terms(self.LE_10, issued_on=date(2025, 1, 2), **STIPULATED)
        assert [Severity.VIOLATION, Severity.WARNING] == _severities(found)
        assert "due date 2025-03-10 is 67 days" in found[1].message

    def test_30_days_end_of_month_on_the_10th_in_january(self) -> None:
        """Even 30 days: from 30 Jan, + 30 = 1 Mar (February is short), 10 April, 70 days."""
        (finding,) = check_terms(PaymentTerms.end_of_month(30, day_of_month=10), **STIPULATED)
        assert Severity.VIOLATION == finding.severity
        assert "invoiced on 2023-01-30, it falls due on 2023-04-10" in finding.message

    def test_short_terms_on_the_10th_are_fine(self) -> None:
        assert () == check_terms(PaymentTerms.end_of_month(20, day_of_month=10), **STIPULATED)

    @pytest.mark.parametrize("method", list(EndOfMonth))
    def test_plain_end_of_month_within_45_days_never_passes(self, method: EndOfMonth) -> None:
        """ "N jours fin de mois" up to 45 is itself a reading of the maximum."""
        for days in range(46):
            assert () == check_terms(PaymentTerms.end_of_month(days, method), **STIPULATED)

    def test_above_45_days_the_cap_says_it(self) -> None:
        """Above 45 days the cap violation is the one finding without dates."""
        terms = PaymentTerms.end_of_month(50, day_of_month=10)
        (finding,) = check_terms(terms, **STIPULATED)
        assert "50 days exceeds the 45-day cap" in finding.message

    @given(
        st.integers(0, 60),
        st.sampled_from([*EndOfMonth, None]),
        st.integers(1, 31),
        invoice_dates,
    )
    def test_computed_not_guessed(
        self, days: int, method: EndOfMonth | None, dom: int, issued: date
    ) -> None:
        """Dated: VIOLATION exactly when the due date is after the latest reading, WARNING when
        after 60 days and after its own reading of 45 days end of month, INFO within it.  Undated: a wording that passes for this invoice date is reported."""
        if method is None:
            terms = PaymentTerms.end_of_month(days, day_of_month=dom)
        else:
            terms = PaymentTerms.end_of_month(days, method)
        due = due_date(terms, issued)
        undated = check_terms(terms, **STIPULATED)
        dated = check_terms(terms, issued_on=issued, **STIPULATED)[len(undated) :]
        latest = _latest_allowed(issued)
        if due > latest:
            assert [Severity.VIOLATION] == _severities(dated)
            if days <= 45:
                assert [Severity.VIOLATION] == _severities(undated)
        elif (due - issued).days > 60:
            # Within "45 jours fin de mois" as the terms compute it: lawful, an info.
            if terms.method is EndOfMonth.EOM_THEN_ADD:
                own = end_of_month(issued) + timedelta(days=45)
            else:
                own = end_of_month(issued + timedelta(days=45))
            expected = Severity.INFO if due <= own else Severity.WARNING
            assert [expected] == _severities(dated)
        else:
            assert [] == _severities(dated)


STIPULATED: dict[str, bool] = {"expressly_stipulated": True}


class TestLastDate:
    """Dates up to 9999-12-31: a due date past it is an InvalidDate (a DunningError)."""

    def test_due_date_past_the_last_date(self) -> None:
        with pytest.raises(InvalidDate, match="after 9999-12-31") as info:
            due_date(PaymentTerms.net(30), date(9999, 12, 15))
        assert isinstance(info.value, ValueError)
        with pytest.raises(InvalidDate, match="30 jours fin de mois le 10"):
            due_date(PaymentTerms.end_of_month(30, day_of_month=10), date(9999, 11, 15))
        with pytest.raises(InvalidDate, match="after 9999-12-31"):
            check_terms(PaymentTerms.end_of_month(45), issued_on=date(9999, 12, 1))

    def test_last_date_itself(self) -> None:
        assert date.max == due_date(PaymentTerms.end_of_month(0), date(9999, 12, 1))
        assert () == check_terms(
            PaymentTerms.end_of_month(15), issued_on=date(9999, 12, 1), **STIPULATED
        )

    @given(
        all_terms,
        st.one_of(st.dates(min_value=date(9999, 6, 1)), st.dates()),
        st.one_of(st.none(), st.dates(min_value=date(9999, 6, 1)), st.dates()),
        st.one_of(st.none(), st.dates(min_value=date(9999, 6, 1))),
    )
    def test_only_dunning_errors(
        self, terms: PaymentTerms, issued: date, delivered: date | None, received: date | None
    ) -> None:
        for call in (
            lambda: due_date(terms, issued, delivered, received_on=received),
            lambda: check_terms(
                terms, issued_on=issued, delivered_on=delivered, received_on=received
            ),
        ):
            with contextlib.suppress(DunningError):
                call()
