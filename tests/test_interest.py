"""Tests of dunning_core.interest: late-payment penalties, hand-checked, golden and properties."""

from __future__ import annotations

import contextlib
import json
import os
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from dunning_core.errors import (
    AmountTypeError,
    DateTypeError,
    DunningError,
    InvalidAmount,
    InvalidArgument,
    InvalidPayment,
    RateUnavailable,
)
from dunning_core.interest import (
    Allocation,
    BasisKind,
    Creditor,
    DayCount,
    Payment,
    PenaltyBasis,
    PenaltyBreakdown,
    late_penalties,
)
from dunning_core.law import (
    CCP_D2192_35,
    CCP_R2192_31,
    CIV_1343_1,
    CMF_L313_2,
    CMF_L313_3,
    CPCE_L111_8,
    D441_5,
    L441_10,
    Severity,
)
from dunning_core.rates import default_rates

D = Decimal
DAY = timedelta(days=1)
SNAPSHOTS = Path(__file__).parent / "snapshots"


def _lines(b: PenaltyBreakdown) -> list[tuple[str, str, int, str, str, str]]:
    return [
        (str(x.start), str(x.end), x.days, str(x.balance), str(x.rate), str(x.amount))
        for x in b.lines
    ]


class TestStatutory:
    def test_split_at_1_july(self) -> None:
        """10 000 € due 2025-03-31 paid 2025-08-15: 13.15 % to 30 June, then 12.15 %."""
        b = late_penalties(D("10000"), date(2025, 3, 31), date(2025, 8, 15))
        # 1 Apr–30 Jun = 30 + 31 + 30 = 91 days: 10 000 × 13.15 × 91 / 36 500 = 327.849 → 327.85
        # 1 Jul–15 Aug = 31 + 15 = 46 days:      10 000 × 12.15 × 46 / 36 500 = 153.123 → 153.12
        assert [
            ("2025-04-01", "2025-06-30", 91, "10000", "13.15", "327.85"),
            ("2025-07-01", "2025-08-15", 46, "10000", "12.15", "153.12"),
        ] == _lines(b)
        assert (D("480.97"), D("40.00"), D("520.97")) == (b.interest, b.indemnity, b.total)
        assert D441_5 == b.indemnity_article
        assert (L441_10, D441_5) == b.articles
        assert all(L441_10 == line.article for line in b.lines)
        assert () == b.findings

    def test_act_365_vs_act_act_in_2024(self) -> None:
        """ACT_365 divides by 365 even in a leap year; ACT_ACT by 366."""
        due, paid = date(2024, 1, 31), date(2024, 3, 31)  # 29 + 31 = 60 days at 14.50 %
        act365 = late_penalties(D("10000"), due, paid)
        act_act = late_penalties(D("10000"), due, paid, day_count=DayCount.ACT_ACT)
        # 10 000 × 14.50 × 60 / 36 500 = 238.356 → 238.36 ; / 36 600 = 237.705 → 237.70
        assert D("238.36") == act365.interest
        assert D("237.70") == act_act.interest
        assert (365, 366) == (act365.lines[0].denominator, act_act.lines[0].denominator)

    def test_floating_rate_before_2013(self) -> None:
        """2009–2012: the rate follows each ECB change; lines end where it changes."""
        b = late_penalties(D("10000"), date(2010, 12, 1), date(2011, 8, 1))
        # 2 Dec 2010–12 Apr 2011 = 30+31+28+31+12 = 132 d at 11.00: 1 452 000 / 365 = 397.81
        # 13 Apr–12 Jul 2011 = 91 d at 11.25 (ECB 1.25 from 13 Apr): 1 023 750 / 365 = 280.48
        # 13 Jul–1 Aug 2011 = 20 d at 11.50 (ECB 1.50 from 13 Jul): 230 000 / 365 = 63.01
        assert [
            ("2010-12-02", "2011-04-12", 132, "10000", "11.00", "397.81"),
            ("2011-04-13", "2011-07-12", 91, "10000", "11.25", "280.48"),
            ("2011-07-13", "2011-08-01", 20, "10000", "11.50", "63.01"),
        ] == _lines(b)
        assert D("741.30") == b.interest

    def test_floor_above_statutory_in_2024_is_flagged_not_clamped(self) -> None:
        """H1 2024: 3 × 5.07 = 15.21 % > 14.50 %: a warning, and 14.50 % is applied."""
        b = late_penalties(D("10000"), date(2024, 1, 31), date(2024, 3, 31))
        assert [D("14.50")] == [line.rate for line in b.lines]
        assert [Severity.WARNING] == [f.severity for f in b.findings]
        assert "2024-H1" in b.findings[0].message
        assert "15.21" in b.findings[0].message
        assert L441_10 == b.findings[0].article

    def test_paid_on_or_before_due_date_owes_nothing(self) -> None:
        """No late day: no line, no interest, no indemnity (L441-10: only when late)."""
        for paid in (date(2025, 3, 31), date(2025, 3, 1)):
            b = late_penalties(D("10000"), date(2025, 3, 31), paid)
            assert ((), D("0.00"), D("0.00"), D("0.00")) == (
                b.lines,
                b.interest,
                b.indemnity,
                b.total,
            )
            assert () == b.articles

    def test_one_day_late(self) -> None:
        """Paid the day after the due date: one day of interest."""
        b = late_penalties(D("10000"), date(2025, 3, 31), date(2025, 4, 1))
        # 10 000 × 13.15 × 1 / 36 500 = 3.6027 → 3.60
        assert [("2025-04-01", "2025-04-01", 1, "10000", "13.15", "3.60")] == _lines(b)


class TestOtherBases:
    def test_public_procurement_rate_fixed_at_start(self) -> None:
        """ECB on 1 Jan 2025 (3.15) + 8 = 11.15 % for the whole delay, across 1 July."""
        b = late_penalties(
            D("10000"), date(2025, 3, 1), date(2025, 12, 1), basis=PenaltyBasis.PUBLIC_PROCUREMENT
        )
        # 2 Mar–1 Dec 2025 = 275 days: 10 000 × 11.15 × 275 / 36 500 = 840.068 → 840.07
        assert [("2025-03-02", "2025-12-01", 275, "10000", "11.15", "840.07")] == _lines(b)
        assert CCP_R2192_31 == b.lines[0].article
        assert (D("40.00"), CCP_D2192_35) == (b.indemnity, b.indemnity_article)

    def test_legal_plus_five_points_after_judgment(self) -> None:
        """Legal rate (autres) per half-year, + 5 points from two months after enforceability."""
        basis = PenaltyBasis.legal(enforceable_on=date(2025, 6, 30))
        b = late_penalties(D("10000"), date(2025, 3, 1), date(2025, 12, 1), basis=basis)
        # 2 Mar–30 Jun: 121 d at 3.71: 10 000 × 3.71 × 121 / 36 500 = 122.989 → 122.99
        # 1 Jul–30 Aug: 61 d at 2.76: 168 360 / 3 650 = 46.126 → 46.13
        # two months expire 30 Aug; from 31 Aug: 93 d at 2.76 + 5 = 7.76: 197.720 → 197.72
        assert [
            ("2025-03-02", "2025-06-30", 121, "10000", "3.71", "122.99"),
            ("2025-07-01", "2025-08-30", 61, "10000", "2.76", "46.13"),
            ("2025-08-31", "2025-12-01", 93, "10000", "7.76", "197.72"),
        ] == _lines(b)
        assert [CMF_L313_2, CMF_L313_2, CMF_L313_3] == [x.article for x in b.lines]
        assert (D("366.84"), D("0.00"), None) == (b.interest, b.indemnity, b.indemnity_article)

    def test_legal_consumer_creditor(self) -> None:
        """A creditor who is a particulier gets the higher rate: 7.21 % in 2025-H1."""
        basis = PenaltyBasis.legal(creditor=Creditor.CONSUMER)
        b = late_penalties(D("1000"), date(2025, 1, 31), date(2025, 3, 2), basis=basis)
        # 30 days: 1 000 × 7.21 × 30 / 36 500 = 5.926 → 5.93
        assert [("2025-02-01", "2025-03-02", 30, "1000", "7.21", "5.93")] == _lines(b)

    def test_legal_plus_and_three_times(self) -> None:
        """Legal + 10 = 13.71 % and 3 × legal = 11.13 % in 2025-H1."""
        due, paid = date(2025, 1, 31), date(2025, 3, 2)  # 30 days
        plus = late_penalties(D("1000"), due, paid, basis=PenaltyBasis.legal_plus())
        three = late_penalties(D("1000"), due, paid, basis=PenaltyBasis.THREE_TIMES_LEGAL)
        # 1 000 × 13.71 × 30 / 36 500 = 11.268 → 11.27 ; 1 000 × 11.13 × 30 / 36 500 = 9.148 → 9.15
        assert (D("13.71"), D("11.27")) == (plus.lines[0].rate, plus.interest)
        assert (D("11.13"), D("9.15")) == (three.lines[0].rate, three.interest)
        assert () == plus.findings == three.findings

    def test_legal_plus_below_floor_in_2024(self) -> None:
        """5.07 + 10 = 15.07 % < 3 × 5.07 = 15.21 %: a violation of L441-10."""
        b = late_penalties(
            D("1000"), date(2024, 1, 31), date(2024, 3, 2), basis=PenaltyBasis.legal_plus()
        )
        assert [Severity.VIOLATION] == [f.severity for f in b.findings]

    def test_three_times_legal_above_statutory_is_noted(self) -> None:
        b = late_penalties(
            D("1000"), date(2024, 1, 31), date(2024, 3, 2), basis=PenaltyBasis.THREE_TIMES_LEGAL
        )
        assert [Severity.INFO] == [f.severity for f in b.findings]
        assert D("15.21") == b.lines[0].rate

    def test_contractual_below_floor(self) -> None:
        """10 % < 3 × 3.71 = 11.13 % in 2025-H1 (violation), ≥ 3 × 2.76 = 8.28 % in 2025-H2."""
        b = late_penalties(
            D("10000"),
            date(2025, 3, 31),
            date(2025, 8, 15),
            basis=PenaltyBasis.contractual("10"),
        )
        assert 1 == len(b.lines)  # a fixed rate crosses 1 July
        assert [(Severity.VIOLATION, L441_10)] == [(f.severity, f.article) for f in b.findings]
        assert "2025-H1" in b.findings[0].message

    def test_contractual_under_act_act_ends_on_31_december(self) -> None:
        """ACT_ACT: a line never crosses 31 December, the denominator changes."""
        basis = PenaltyBasis.contractual("20")
        due, paid = date(2024, 12, 15), date(2025, 1, 15)
        act_act = late_penalties(D("10000"), due, paid, basis=basis, day_count=DayCount.ACT_ACT)
        act365 = late_penalties(D("10000"), due, paid, basis=basis)
        # 16–31 Dec 2024: 16 d / 366: 10 000 × 20 × 16 / 36 600 = 87.431 → 87.43
        # 1–15 Jan 2025: 15 d / 365: 10 000 × 20 × 15 / 36 500 = 82.191 → 82.19
        assert [
            ("2024-12-16", "2024-12-31", 16, "10000", "20", "87.43"),
            ("2025-01-01", "2025-01-15", 15, "10000", "20", "82.19"),
        ] == _lines(act_act)
        # ACT_365: one 31-day line: 10 000 × 20 × 31 / 36 500 = 169.863 → 169.86
        assert [("2024-12-16", "2025-01-15", 31, "10000", "20", "169.86")] == _lines(act365)

    def test_contractual_past_the_legal_tables(self) -> None:
        """A fixed rate needs no table; the floor check says it could not be done."""
        b = late_penalties(
            D("1000"), date(2026, 6, 15), date(2026, 8, 1), basis=PenaltyBasis.contractual("12")
        )
        assert D("12") == b.lines[0].rate
        assert [Severity.INFO] == [f.severity for f in b.findings]


class TestPayments:
    PAYMENT = Payment(on=date(2025, 6, 30), amount=D("5000"))

    def test_interest_first(self) -> None:
        """C. civ. 1343-1: 5 000 € on 30 June pays 327.85 of interest, then 4 672.15 of principal."""
        b = late_penalties(
            D("10000"), date(2025, 3, 31), date(2025, 8, 15), payments=[self.PAYMENT]
        )
        # balance 10 000 − 4 672.15 = 5 327.85 ; 5 327.85 × 12.15 × 46 / 36 500 = 81.582 → 81.58
        assert [
            ("2025-04-01", "2025-06-30", 91, "10000", "13.15", "327.85"),
            ("2025-07-01", "2025-08-15", 46, "5327.85", "12.15", "81.58"),
        ] == _lines(b)
        assert (D("409.43"), D("327.85"), D("5327.85")) == (
            b.interest,
            b.interest_paid,
            b.principal_outstanding,
        )
        assert CIV_1343_1 in b.articles

    def test_principal_first(self) -> None:
        """PRINCIPAL_FIRST: the 5 000 € all go to the principal."""
        b = late_penalties(
            D("10000"),
            date(2025, 3, 31),
            date(2025, 8, 15),
            payments=[self.PAYMENT],
            allocation=Allocation.PRINCIPAL_FIRST,
        )
        # 5 000 × 12.15 × 46 / 36 500 = 76.561 → 76.56 ; 327.85 + 76.56 = 404.41
        assert D("76.56") == b.lines[1].amount
        assert (D("404.41"), D("0.00"), D("5000")) == (
            b.interest,
            b.interest_paid,
            b.principal_outstanding,
        )

    def test_payment_mid_half_year_splits_the_line(self) -> None:
        """A payment on day P ends a line on P: interest of day P accrues on the old balance."""
        pay = Payment(on=date(2025, 5, 15), amount=D("1000"))
        b = late_penalties(D("10000"), date(2025, 3, 31), date(2025, 6, 30), payments=[pay])
        assert [date(2025, 5, 15), date(2025, 6, 30)] == [x.end for x in b.lines]
        assert 45 == b.lines[0].days  # 30 April days + 15 May days

    def test_payment_before_due_date_reduces_principal(self) -> None:
        """A payment on or before due_on simply lowers what bears interest."""
        pay = Payment(on=date(2025, 3, 20), amount=D("4000"))
        b = late_penalties(D("10000"), date(2025, 3, 31), date(2025, 6, 30), payments=[pay])
        # 6 000 × 13.15 × 91 / 36 500 = 7 179 900 / 36 500 = 196.709 → 196.71
        assert [("2025-04-01", "2025-06-30", 91, "6000", "13.15", "196.71")] == _lines(b)

    def test_paying_everything_stops_interest(self) -> None:
        """Principal + accrued interest paid on 30 June: no line after it."""
        pay = Payment(on=date(2025, 6, 30), amount=D("10327.85"))
        b = late_penalties(D("10000"), date(2025, 3, 31), date(2025, 8, 15), payments=[pay])
        assert 1 == len(b.lines)
        assert (D("0"), D("327.85")) == (b.principal_outstanding, b.interest_paid)

    def test_payment_larger_than_owed(self) -> None:
        """More than principal + accrued interest on its day: InvalidPayment."""
        pay = Payment(on=date(2025, 6, 30), amount=D("10327.86"))
        with pytest.raises(InvalidPayment, match=r"10327\.85") as info:
            late_penalties(D("10000"), date(2025, 3, 31), date(2025, 8, 15), payments=[pay])
        assert pay == info.value.payment
        with pytest.raises(InvalidPayment):
            late_penalties(
                D("100"),
                date(2025, 3, 31),
                date(2025, 8, 15),
                payments=[Payment(on=date(2025, 3, 1), amount=D("101"))],
            )

    def test_payment_after_paid_on(self) -> None:
        pay = Payment(on=date(2025, 9, 1), amount=D("1"))
        with pytest.raises(InvalidPayment, match="after paid_on"):
            late_penalties(D("10000"), date(2025, 3, 31), date(2025, 8, 15), payments=[pay])

    def test_unsorted_payments_are_sorted(self) -> None:
        pays = [Payment(on=date(2025, 7, 10), amount=D("10")), self.PAYMENT]
        b = late_penalties(D("10000"), date(2025, 3, 31), date(2025, 8, 15), payments=pays)
        assert (self.PAYMENT, pays[0]) == b.payments


class TestIndemnity:
    def test_recovery_costs_above_40(self) -> None:
        """Justified costs of 120 € replace the flat 40 € (L441-10 II)."""
        b = late_penalties(D("1000"), date(2025, 1, 31), date(2025, 3, 2), recovery_costs=D("120"))
        assert (D("120.00"), L441_10) == (b.indemnity, b.indemnity_article)
        assert b.interest + D("120") == b.total

    def test_recovery_costs_below_40(self) -> None:
        b = late_penalties(D("1000"), date(2025, 1, 31), date(2025, 3, 2), recovery_costs="30")
        assert (D("40.00"), D441_5) == (b.indemnity, b.indemnity_article)

    def test_consumer_debtor(self) -> None:
        """No indemnity for a consumer; a B2B basis and recovery costs are flagged."""
        b = late_penalties(
            D("1000"),
            date(2025, 1, 31),
            date(2025, 3, 2),
            debtor_is_consumer=True,
            recovery_costs=D("80"),
        )
        assert D("0.00") == b.indemnity
        assert [Severity.WARNING, Severity.WARNING] == [f.severity for f in b.findings]
        assert CPCE_L111_8 == b.findings[1].article

    def test_consumer_with_legal_basis_is_clean(self) -> None:
        b = late_penalties(
            D("1000"),
            date(2025, 1, 31),
            date(2025, 3, 2),
            basis=PenaltyBasis.legal(),
            debtor_is_consumer=True,
        )
        assert (D("0.00"), ()) == (b.indemnity, b.findings)

    def test_other_currency(self) -> None:
        """The 40 € are not converted: none added, a WARNING (D441-5) asks for their value."""
        b = late_penalties(D("1000"), date(2025, 1, 31), date(2025, 3, 2), currency="JPY")
        assert (D("0"), D("40.00")) == (b.indemnity, b.unconverted_indemnity)
        assert [(Severity.WARNING, D441_5)] == [(f.severity, f.article) for f in b.findings]
        assert D("11") == b.interest  # 1 000 × 13.15 × 30 / 36 500 = 10.81 → 11 yen


class TestBadInput:
    def test_float_amount(self) -> None:
        with pytest.raises(AmountTypeError, match=r'Decimal\("12.5"\)'):
            late_penalties(12.5, date(2025, 1, 31), date(2025, 3, 2))

    @pytest.mark.parametrize("value", ["NaN", D("Infinity"), "-1", "0", "10.001"])
    def test_bad_principal(self, value: object) -> None:
        with pytest.raises(InvalidAmount):
            late_penalties(value, date(2025, 1, 31), date(2025, 3, 2))

    def test_not_a_date(self) -> None:
        with pytest.raises(DateTypeError, match="due_on"):
            late_penalties(D("1"), "2025-01-31", date(2025, 3, 2))  # type: ignore[arg-type]

    @pytest.mark.parametrize(
        "options",
        [
            {"basis": "statutory"},
            {"day_count": "ACT/365"},
            {"allocation": None},
            {"rates": {}},
            {"payments": "x"},
            {"payments": [1]},
            {"debtor_is_consumer": 1},
        ],
    )
    def test_bad_options(self, options: dict[str, Any]) -> None:
        with pytest.raises(InvalidArgument):
            late_penalties(D("1"), date(2025, 1, 31), date(2025, 3, 2), **options)

    def test_date_past_the_data(self) -> None:
        """2026-H2 is not published in the shipped data: named, with the recipe."""
        with pytest.raises(RateUnavailable) as info:
            late_penalties(D("1000"), date(2026, 6, 15), date(2026, 7, 10))
        assert "2026-H2" == info.value.period
        assert "with_ecb_decision" in info.value.hint
        assert "--rates" in info.value.hint

    def test_extended_book_computes_2026_h2(self) -> None:
        """Supplying the decision as a new book makes the date computable."""
        book = default_rates().with_ecb_decision(
            date(2026, 7, 1), "2.15", source="hold", known_until=date(2026, 7, 1)
        )
        b = late_penalties(D("1000"), date(2026, 6, 15), date(2026, 7, 10), rates=book)
        assert [D("12.15"), D("12.15")] == [x.rate for x in b.lines]

    def test_legal_past_the_data(self) -> None:
        with pytest.raises(RateUnavailable, match="with_legal_rates"):
            late_penalties(
                D("1000"), date(2026, 6, 15), date(2026, 7, 10), basis=PenaltyBasis.legal()
            )

    def test_before_2009(self) -> None:
        with pytest.raises(RateUnavailable, match="2008-H2"):
            late_penalties(D("1000"), date(2008, 11, 1), date(2009, 2, 1))

    def test_principal_cleared_before_missing_data(self) -> None:
        """Rates are only needed while principal is outstanding."""
        # 16–20 June: 5 d at 12.15: 1 000 × 12.15 × 5 / 36 500 = 1.664 → 1.66
        pay = Payment(on=date(2026, 6, 20), amount=D("1001.66"))
        b = late_penalties(D("1000"), date(2026, 6, 15), date(2026, 8, 1), payments=[pay])
        assert D("0") == b.principal_outstanding


class TestBasis:
    def test_values_and_json(self) -> None:
        """Hashable, JSON round-trip, French str."""
        bases = [
            PenaltyBasis.STATUTORY,
            PenaltyBasis.legal_plus(points=7),
            PenaltyBasis.THREE_TIMES_LEGAL,
            PenaltyBasis.contractual("12.5"),
            PenaltyBasis.PUBLIC_PROCUREMENT,
            PenaltyBasis.legal(creditor=Creditor.CONSUMER, enforceable_on=date(2025, 1, 31)),
        ]
        assert len(bases) == len(set(bases))
        for basis in bases:
            assert basis == PenaltyBasis.from_dict(json.loads(json.dumps(basis.as_dict())))
            assert str(basis)
        assert "taux d'intérêt légal + 7 points" == str(bases[1])
        assert BasisKind.LEGAL_PLUS == bases[1].kind

    @pytest.mark.parametrize(
        "data",
        [None, {"kind": "nope"}, {"kind": "contractual"}, {"kind": "statutory", "x": 1}],
    )
    def test_from_dict_errors(self, data: object) -> None:
        with pytest.raises(InvalidArgument):
            PenaltyBasis.from_dict(data)

    def test_legal_accepts_creditor_values(self) -> None:
        """The creditor may be given by its JSON value, as the CLI does."""
        assert PenaltyBasis.legal(creditor=Creditor.CONSUMER) == PenaltyBasis.legal(
            creditor="consumer"
        )
        with pytest.raises(InvalidArgument):
            PenaltyBasis.legal(creditor="particulier")

    def test_construction_errors(self) -> None:
        with pytest.raises(InvalidArgument):
            PenaltyBasis(BasisKind.STATUTORY, rate=D("1"))
        with pytest.raises(InvalidAmount):
            PenaltyBasis.contractual("-1")
        with pytest.raises(AmountTypeError):
            PenaltyBasis.contractual(12.5)


class TestDisplay:
    def test_str_is_a_french_table(self) -> None:
        """babel formats: narrow no-break space for thousands, no-break space before €."""
        text = str(late_penalties(D("10000"), date(2025, 3, 31), date(2025, 8, 15)))
        assert "Pénalités de retard : taux BCE + 10 points" in text
        assert "échéance le 31 mars 2025" in text
        assert "01/04/2025  30/06/2025     91  10\u202f000,00\xa0€  13,15\xa0%  327,85\xa0€" in text
        assert "Total : 520,97\xa0€" in text

    def test_repr_and_rows(self) -> None:
        b = late_penalties(D("10000"), date(2025, 3, 31), date(2025, 8, 15))
        assert "lines=2" in repr(b)
        assert len(repr(b)) < 130
        assert [D("327.85"), D("153.12")] == [r["amount"] for r in b.rows()]
        assert json.loads(json.dumps(b.as_dict())) == b.as_dict()


GOLDEN: dict[str, dict[str, Any]] = {
    "statutory_2025": {
        "principal": D("10000"),
        "due_on": date(2025, 3, 31),
        "paid_on": date(2025, 8, 15),
    },
    "statutory_2024_payments_costs": {
        "principal": D("24000"),
        "due_on": date(2023, 11, 30),
        "paid_on": date(2024, 9, 15),
        "payments": (
            Payment(on=date(2024, 2, 1), amount=D("8000")),
            Payment(on=date(2024, 7, 1), amount=D("6000")),
        ),
        "recovery_costs": D("150"),
    },
    "legal_judgment_consumer_creditor": {
        "principal": D("3500"),
        "due_on": date(2024, 10, 15),
        "paid_on": date(2026, 2, 1),
        "basis": PenaltyBasis.legal(creditor=Creditor.CONSUMER, enforceable_on=date(2025, 4, 1)),
        "debtor_is_consumer": True,
    },
}


class TestGolden:
    @pytest.mark.parametrize("name", sorted(GOLDEN))
    def test_snapshot(self, name: str) -> None:
        """as_dict() equals the reviewed snapshot (UPDATE_SNAPSHOTS=1 rewrites it)."""
        args = dict(GOLDEN[name])
        b = late_penalties(args.pop("principal"), args.pop("due_on"), args.pop("paid_on"), **args)
        path = SNAPSHOTS / f"{name}.json"
        if os.environ.get("UPDATE_SNAPSHOTS") == "1":
            path.write_text(json.dumps(b.as_dict(), indent=2, ensure_ascii=False) + "\n")
        assert json.loads(path.read_text(encoding="utf-8")) == b.as_dict()

    def test_hand_checked_snapshot_figures(self) -> None:
        """Spot checks of the 2024 snapshot, by hand."""
        data = json.loads((SNAPSHOTS / "statutory_2024_payments_costs.json").read_text())
        # 1 Dec 2023–31 Dec 2023: 31 d at 14.00 (ECB 4.00 on 1 Jul 2023 + 10):
        #   24 000 × 14 × 31 / 36 500 = 285.370 → 285.37
        assert ["2023-12-01", "2023-12-31", 31, "24000", "14.00", "285.37"] == [
            data["lines"][0][k] for k in ("start", "end", "days", "balance", "rate", "amount")
        ]
        # 1 Jan–1 Feb 2024: 32 d at 14.50: 24 000 × 14.5 × 32 / 36 500 = 305.096 → 305.10
        # 1 Feb payment 8 000: interest 285.37 + 305.10 = 590.47 first, principal −7 409.53
        assert "305.10" == data["lines"][1]["amount"]
        assert "16590.47" == data["lines"][2]["balance"]
        assert "150.00" == data["indemnity"]
        legal = json.loads((SNAPSHOTS / "legal_judgment_consumer_creditor.json").read_text())
        # enforceable 1 Apr 2025: two months run to 1 June; + 5 points from 2 June:
        #   3 500 × (7.21 + 5) × 29 / 36 500 = 1 239 315 / 36 500 = 33.954 → 33.95
        assert ["2025-06-02", "12.21", "33.95", "CMF art. L313-3"] == [
            legal["lines"][2][k] for k in ("start", "rate", "amount", "article")
        ]
        # a consumer debtor: no indemnity
        assert "0.00" == legal["indemnity"]


# --- properties -------------------------------------------------------------------------------

amounts = st.decimals(min_value=D("0.01"), max_value=D("1000000"), places=2)
late_dates = st.dates(min_value=date(2015, 1, 1), max_value=date(2026, 6, 1))


@st.composite
def invoices(draw: st.DrawFn) -> tuple[Decimal, date, date]:
    due = draw(late_dates)
    paid = draw(st.dates(min_value=due, max_value=date(2026, 6, 30)))
    return draw(amounts), due, paid


class TestProperties:
    @given(invoices(), st.sampled_from(list(DayCount)))
    def test_lines_cover_exactly_the_late_days(
        self, invoice: tuple[Decimal, date, date], day_count: DayCount
    ) -> None:
        """Consecutive lines, sum of days = paid_on − due_on, total = interest + indemnity."""
        principal, due, paid = invoice
        b = late_penalties(principal, due, paid, day_count=day_count)
        assert (paid - due).days == sum(x.days for x in b.lines)
        if b.lines:
            assert due + DAY == b.lines[0].start
            assert paid == b.lines[-1].end
        for a, c in zip(b.lines, b.lines[1:], strict=False):
            assert a.end + DAY == c.start
        assert all(x.days == (x.end - x.start).days + 1 for x in b.lines)
        assert b.interest + b.indemnity == b.total
        assert sum((x.amount for x in b.lines), D(0)) == b.interest

    @given(invoices(), st.integers(min_value=0, max_value=400))
    def test_grows_with_lateness(self, invoice: tuple[Decimal, date, date], extra: int) -> None:
        """Paying earlier never costs more."""
        principal, due, paid = invoice
        later = min(paid + timedelta(days=extra), date(2026, 6, 30))
        assert (
            late_penalties(principal, due, paid).total
            <= late_penalties(principal, due, later).total
        )

    @given(invoices(), amounts)
    def test_grows_with_principal(self, invoice: tuple[Decimal, date, date], more: Decimal) -> None:
        principal, due, paid = invoice
        assume(principal + more <= D("1000000"))
        assert (
            late_penalties(principal, due, paid).interest
            <= late_penalties(principal + more, due, paid).interest
        )

    @given(invoices(), st.sampled_from(list(Allocation)), st.data())
    def test_split_payment_same_day_changes_nothing(
        self, invoice: tuple[Decimal, date, date], allocation: Allocation, data: st.DataObject
    ) -> None:
        """Two payments on one day equal one payment of their sum."""
        principal, due, paid = invoice
        assume(principal >= D("0.02"))
        on = data.draw(st.dates(min_value=due, max_value=paid))
        total = data.draw(st.decimals(min_value=D("0.02"), max_value=principal, places=2))
        part = data.draw(st.decimals(min_value=D("0.01"), max_value=total - D("0.01"), places=2))
        one = late_penalties(
            principal, due, paid, payments=[Payment(on=on, amount=total)], allocation=allocation
        )
        two = late_penalties(
            principal,
            due,
            paid,
            payments=[Payment(on=on, amount=part), Payment(on=on, amount=total - part)],
            allocation=allocation,
        )
        assert one.lines == two.lines
        assert (one.interest, one.interest_paid, one.principal_outstanding) == (
            two.interest,
            two.interest_paid,
            two.principal_outstanding,
        )

    @given(invoices(), st.sampled_from(list(DayCount)))
    def test_rounding_within_half_a_cent_per_line(
        self, invoice: tuple[Decimal, date, date], day_count: DayCount
    ) -> None:
        """|interest − unrounded sum| ≤ 0.005 × number of lines."""
        principal, due, paid = invoice
        b = late_penalties(principal, due, paid, day_count=day_count)
        exact = sum((x.balance * x.rate * x.days / (100 * D(x.denominator)) for x in b.lines), D(0))
        assert abs(b.interest - exact) <= D("0.005") * len(b.lines)

    @given(
        st.one_of(st.decimals(allow_nan=True), st.floats(), st.integers(), st.text(max_size=5)),
        st.one_of(st.dates(), st.none(), st.text(max_size=3)),
        st.dates(),
        st.lists(
            st.builds(
                Payment,
                on=st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 1, 1)),
                amount=st.decimals(min_value=D("0.01"), max_value=D("1e6"), places=2),
            ),
            max_size=3,
        ),
        st.sampled_from(
            [PenaltyBasis.STATUTORY, PenaltyBasis.PUBLIC_PROCUREMENT, PenaltyBasis.legal()]
        ),
    )
    def test_fuzzed_inputs_raise_only_dunning_errors(
        self, principal: object, due: object, paid: date, pays: list[Payment], basis: PenaltyBasis
    ) -> None:
        """Whatever comes in, only a DunningError comes out."""
        with contextlib.suppress(DunningError):
            late_penalties(principal, due, paid, payments=pays, basis=basis)  # type: ignore[arg-type]


class TestIndemnityFrom2013:
    """The 40 € of D441-5 came with loi 2012-387 / décret 2012-1115: debts due from 2013."""

    def test_none_before_2013_with_a_finding(self) -> None:
        # 31 Dec 2008 + 1 = 1 Jan 2009; 20 days at 12.50 % (ECB 2.50 + 10) = 1000 × 12.5 × 20 /
        # 36500 = 6.849 -> 6.85; 21 Jan - 1 Feb, 12 days at 12.00 % = 3.945 -> 3.95; total 10.80.
        b = late_penalties(Decimal("1000"), date(2008, 12, 31), date(2009, 2, 1))
        assert (b.interest, b.indemnity) == (Decimal("10.80"), Decimal("0.00"))
        assert [(f.severity, f.article) for f in b.findings] == [(Severity.INFO, D441_5)]
        assert "2013-01-01" in b.findings[0].message

    def test_due_on_the_first_day_of_2013(self) -> None:
        b = late_penalties(Decimal("1000"), date(2013, 1, 1), date(2013, 2, 1))
        assert b.indemnity == Decimal("40.00")

    def test_legal_basis_for_a_professional_says_why_there_is_none(self) -> None:
        b = late_penalties(
            Decimal("1000"), date(2025, 1, 1), date(2025, 2, 1), basis=PenaltyBasis.LEGAL
        )
        assert b.indemnity == Decimal("0.00")
        assert any(f.article == D441_5 and "plein droit" in f.message for f in b.findings)


def test_design_constants() -> None:
    """DESIGN.md names LEGAL_PLUS and LEGAL as bases: the default parameters of their builders."""
    assert PenaltyBasis.LEGAL_PLUS == PenaltyBasis.legal_plus(points=10)
    assert PenaltyBasis.LEGAL == PenaltyBasis.legal(creditor=Creditor.OTHER)
