"""Portfolio analytics: ageing, DSO, CEI, amounts by stage, penalties claimable, the report."""

from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dunning_core import cli
from dunning_core.errors import CurrencyMismatch, DateTypeError, InvalidArgument
from dunning_core.interest import Allocation
from dunning_core.law import D441_5, D441_6, L441_10, PRACTICE
from dunning_core.machine import (
    Case,
    CreditNoteIssued,
    DisputeOpened,
    Event,
    FormalNoticeSent,
    PaymentReceived,
    SettlementAgreed,
    WrittenOff,
    apply,
    check,
    claim_amounts,
)
from dunning_core.policy import DebtorSegment, Stage, french_default
from dunning_core.portfolio import (
    CEI,
    DSO,
    Ageing,
    AgeingBucket,
    ClaimablePenalties,
    PortfolioReport,
    StageAmounts,
    ageing,
    amounts_by_stage,
    cei,
    claimable_penalties,
    dso,
    portfolio_report,
)
from dunning_core.portfolio_io import dump_portfolio

# The figures below were hand-checked with payments set against the principal first (by the
# parties' agreement) and a creditor who waives the penalties once the invoice is paid, so that
# a late invoice paid in full closes as paid and its penalties are counted as claimable.
POLICY = attrs.evolve(french_default(), allocation=Allocation.PRINCIPAL_FIRST, waive_penalties=True)
TODAY = date(2026, 3, 31)


def _case(
    reference: str,
    amount: str,
    issued_on: date,
    due_on: date,
    *events: Event,
    currency: str = "EUR",
    segment: DebtorSegment = DebtorSegment.STANDARD,
) -> Case:
    case = Case.open(
        reference, amount, issued_on, due_on=due_on, currency=currency, segment=segment
    )
    for event in events:
        case = apply(case, event, POLICY)
    return case


def worked_example() -> list[Case]:
    """The portfolio of docs/analytics.md, evaluated on 2026-03-31."""
    return [
        # 1 000 due 9 Feb, unpaid: 19 + 31 = 50 days late
        _case("A", "1000", date(2026, 1, 10), date(2026, 2, 9)),
        # 2 000 due 17 Mar, 500 paid on 20 Mar: 1 500 open, 14 days late
        _case(
            "B",
            "2000",
            date(2026, 2, 15),
            date(2026, 3, 17),
            PaymentReceived(date(2026, 3, 20), "500"),
        ),
        # 3 000 due 9 Apr: not due
        _case("C", "3000", date(2026, 3, 10), date(2026, 4, 9)),
        # 1 200 due 20 Dec 2025, unpaid: 11 + 31 + 28 + 31 = 101 days late
        _case("D", "1200", date(2025, 11, 20), date(2025, 12, 20)),
        # 800 paid on its due date
        _case(
            "E",
            "800",
            date(2025, 12, 5),
            date(2026, 1, 4),
            PaymentReceived(date(2026, 1, 4), "800"),
        ),
        # 600 due 19 Feb, credit note of 100 on 5 Mar: 500 open, 9 + 31 = 40 days late
        _case(
            "F",
            "600",
            date(2026, 1, 20),
            date(2026, 2, 19),
            CreditNoteIssued(date(2026, 3, 5), "100"),
        ),
    ]


# --- hypothesis: small random portfolios built through the machine ---------------------------------

_START = date(2025, 1, 1)


@st.composite
def cases_strategy(draw: st.DrawFn, *, on_time: bool = False) -> Case:
    """One case with a random history: payments, credit notes, disputes, closure."""
    issued = _START + timedelta(days=draw(st.integers(0, 400)))
    due = issued + timedelta(days=draw(st.integers(0, 60)))
    amount = Decimal(draw(st.integers(1, 100_000))).scaleb(-2)
    case = Case.open(f"F-{draw(st.integers(0, 10**6))}", amount, issued, due_on=due)
    if on_time:
        paid_on = issued + timedelta(days=draw(st.integers(0, (due - issued).days)))
        return apply(case, PaymentReceived(paid_on, case.balance), POLICY)
    day = issued
    for _ in range(draw(st.integers(0, 4))):
        day = day + timedelta(days=draw(st.integers(0, 60)))
        kind = draw(st.sampled_from(["pay", "credit", "dispute", "write_off", "settle"]))
        event: Event
        if kind in ("pay", "credit"):
            if not case.balance:
                break
            part = Decimal(draw(st.integers(1, int(case.balance * 100)))).scaleb(-2)
            event = PaymentReceived(day, part) if kind == "pay" else CreditNoteIssued(day, part)
        elif kind == "dispute":
            event = DisputeOpened(day)
        elif kind == "write_off":
            event = WrittenOff(day)
        else:
            event = SettlementAgreed(day)
        if check(case, event, POLICY).allowed:
            case = apply(case, event, POLICY)
        if case.stage.terminal:
            break
    return case


portfolios = st.lists(cases_strategy(), max_size=12)
days = st.integers(0, 520).map(lambda n: _START + timedelta(days=n))


# --- ageing ----------------------------------------------------------------------------------------


class TestAgeingBucket:
    @pytest.mark.parametrize(
        ("days_late", "expected"),
        [
            (-10, AgeingBucket.NOT_DUE),
            (0, AgeingBucket.NOT_DUE),
            (1, AgeingBucket.DAYS_1_30),
            (30, AgeingBucket.DAYS_1_30),
            (31, AgeingBucket.DAYS_31_60),
            (60, AgeingBucket.DAYS_31_60),
            (61, AgeingBucket.DAYS_61_90),
            (90, AgeingBucket.DAYS_61_90),
            (91, AgeingBucket.OVER_90),
            (5000, AgeingBucket.OVER_90),
        ],
    )
    def test_boundaries(self, days_late: int, expected: AgeingBucket) -> None:
        """Bands are inclusive at both ends, as in the D441-6 tables; due today is not due."""
        assert expected == AgeingBucket.of(days_late)

    def test_labels_follow_the_d441_6_tables(self) -> None:
        """The French labels are those of the management-report model tables."""
        assert [
            "Non échues",
            "1 à 30 jours",
            "31 à 60 jours",
            "61 à 90 jours",
            "91 jours et plus",
        ] == [bucket.label for bucket in AgeingBucket]


class TestAgeing:
    def test_worked_example(self) -> None:
        """Each open invoice lands in its band with its open balance."""
        result = ageing(worked_example(), TODAY)
        # not due: C 3 000; 1-30: B 1 500; 31-60: A 1 000 + F 500; >90: D 1 200; E is paid
        assert [
            (AgeingBucket.NOT_DUE, 1, Decimal("3000")),
            (AgeingBucket.DAYS_1_30, 1, Decimal("1500")),
            (AgeingBucket.DAYS_31_60, 2, Decimal("1500")),
            (AgeingBucket.DAYS_61_90, 0, Decimal("0")),
            (AgeingBucket.OVER_90, 1, Decimal("1200")),
        ] == [(row.bucket, row.count, row.amount) for row in result.rows]
        assert (5, Decimal("7200"), Decimal("4200")) == (
            result.count,
            result.total,
            result.overdue,
        )
        # 3 000 / 7 200 = 41.67 %; 1 500 / 7 200 = 20.83 %; 1 200 / 7 200 = 16.67 %
        assert [
            Decimal("41.7"),
            Decimal("20.8"),
            Decimal("20.8"),
            Decimal("0.0"),
            Decimal("16.7"),
        ] == [row.share for row in result.rows]
        assert D441_6 == result.article

    def test_reads_the_cases_as_of_today(self) -> None:
        """Payments after today are ignored; an invoice issued after today is not counted."""
        case = _case(
            "A",
            "1000",
            date(2026, 1, 10),
            date(2026, 2, 9),
            PaymentReceived(date(2026, 4, 10), "1000"),
        )
        later = _case("Z", "50", date(2026, 4, 1), date(2026, 5, 1))
        result = ageing([case, later], TODAY)
        assert (1, Decimal("1000")) == (result.count, result.total)
        assert (
            Decimal(0)
            == ageing([case, later], date(2026, 4, 10)).row(AgeingBucket.DAYS_31_60).amount
        )

    def test_closed_cases_are_not_open_receivables(self) -> None:
        """Written-off and settled cases leave the balance the day they close."""
        written = _case(
            "W", "700", date(2026, 1, 5), date(2026, 2, 4), WrittenOff(date(2026, 3, 1))
        )
        settled = _case(
            "S", "300", date(2026, 1, 5), date(2026, 2, 4), SettlementAgreed(date(2026, 3, 1))
        )
        assert Decimal(0) == ageing([written, settled], TODAY).total
        assert Decimal("1000") == ageing([written, settled], date(2026, 2, 28)).total

    def test_disputed_part_is_shown_apart(self) -> None:
        """An open dispute counts in its band and in the disputed total (D441-6 lets it show)."""
        case = _case(
            "A", "1000", date(2026, 1, 10), date(2026, 2, 9), DisputeOpened(date(2026, 3, 1))
        )
        result = ageing([case, *worked_example()[2:3]], TODAY)
        assert (1, Decimal("1000")) == (result.disputed_count, result.disputed_amount)
        assert "dont en litige : 1 facture, 1\u202f000,00\xa0€" in str(result)

    def test_empty_portfolio(self) -> None:
        """No case: zero everywhere, no share, and euros by default."""
        result = ageing([], TODAY)
        assert ("EUR", Decimal(0), 0) == (result.currency, result.total, result.count)
        assert {None} == {row.share for row in result.rows}

    def test_str_and_as_dict(self) -> None:
        """str() is French and babel-formatted; as_dict() is JSON-ready."""
        result = ageing(worked_example(), TODAY)
        text = str(result)
        assert text.startswith("Balance âgée au 31 mars 2026 (C. com. art. D441-6)")
        assert "91 jours et plus          1  1\u202f200,00\xa0€   16,7\xa0%" in text
        data = json.loads(json.dumps(result.as_dict()))
        assert ("7200", "4200", "1-30", "1500") == (
            data["total"],
            data["overdue"],
            data["rows"][1]["bucket"],
            data["rows"][1]["amount"],
        )

    def test_repr_html(self) -> None:
        """_repr_html_ is a table with every band."""
        page = ageing(worked_example(), TODAY)._repr_html_()
        assert page.startswith("<table")
        assert all(bucket.label in page for bucket in AgeingBucket)


class TestSelection:
    def test_mixed_currencies_need_a_choice(self) -> None:
        """Mixed currencies raise unless one is chosen; the others are then left out."""
        usd = _case("U", "100", date(2026, 1, 10), date(2026, 2, 9), currency="USD")
        cases = [*worked_example(), usd]
        with pytest.raises(CurrencyMismatch) as info:
            ageing(cases, TODAY)
        assert ("EUR", "USD") == (info.value.left, info.value.right)
        assert Decimal("7200") == ageing(cases, TODAY, currency="EUR").total
        assert ("USD", Decimal("100")) == (
            ageing(cases, TODAY, currency="USD").currency,
            ageing(cases, TODAY, currency="USD").total,
        )
        assert 1 == portfolio_report(cases, TODAY, currency="EUR").other_currencies

    @pytest.mark.parametrize(
        ("cases", "name"),
        [("F-1", "cases"), (42, "cases"), ([object()], "cases[0]")],
    )
    def test_bad_cases(self, cases: object, name: str) -> None:
        """Anything but an iterable of cases is refused, naming the argument."""
        with pytest.raises(InvalidArgument) as info:
            ageing(cases, TODAY)  # type: ignore[arg-type]
        assert name == info.value.name

    def test_bad_today(self) -> None:
        """today must be a date."""
        with pytest.raises(DateTypeError):
            dso([], "2026-03-31")  # type: ignore[arg-type]

    @pytest.mark.parametrize("period", [0, -1, 3661, True, "90", 90.0])
    def test_bad_period(self, period: object) -> None:
        """period_days is an int from 1 to 3 660."""
        with pytest.raises(InvalidArgument) as info:
            cei([], TODAY, period_days=period)  # type: ignore[arg-type]
        assert "period_days" == info.value.name

    def test_bad_policy_and_rates(self) -> None:
        """policy and rates are checked before anything is computed."""
        with pytest.raises(InvalidArgument, match="policy"):
            claimable_penalties([], TODAY, policy="default")  # type: ignore[arg-type]
        with pytest.raises(InvalidArgument, match="rates"):
            claimable_penalties([], TODAY, rates={})  # type: ignore[arg-type]


# --- DSO -------------------------------------------------------------------------------------------


class TestDSO:
    def test_worked_example(self) -> None:
        """Simple ratio, best possible, delinquent and count-back on the worked example."""
        result = dso(worked_example(), TODAY)
        # period (2025-12-31, 2026-03-31]: A 1 000 + B 2 000 + C 3 000 + F 600 = 6 600 invoiced,
        # credit note 100: net sales 6 500
        assert (Decimal("6600"), Decimal("100"), Decimal("6500")) == (
            result.invoiced,
            result.credited,
            result.sales,
        )
        assert (Decimal("7200"), Decimal("3000")) == (
            result.receivables,
            result.current_receivables,
        )
        # 7 200 / 6 500 × 90 = 99.69; 3 000 / 6 500 × 90 = 41.54; 99.692 - 41.538 = 58.15
        assert (Decimal("99.7"), Decimal("41.5"), Decimal("58.2")) == (
            result.simple,
            result.best_possible,
            result.delinquent,
        )
        # count-back: (28 Feb, 31 Mar] 31 days absorb 2 900 (C - credit), 4 300 left;
        # (31 Jan, 28 Feb] 28 days absorb B 2 000, 2 300 left; (31 Dec, 31 Jan] 31 days absorb
        # A + F 1 600, 700 left; (30 Nov, 31 Dec] has E 800: 31 × 700 / 800 = 27.125
        # 31 + 28 + 31 + 27.125 = 117.125
        assert Decimal("117.1") == result.count_back
        assert (date(2025, 12, 31), PRACTICE) == (result.period_start, result.article)

    def test_period_length(self) -> None:
        """A 30-day period takes only the sales of (1 Mar, 31 Mar]."""
        result = dso(worked_example(), TODAY, period_days=30)
        # C 3 000 - credit note 100 = 2 900; 7 200 / 2 900 × 30 = 74.48
        assert (Decimal("2900"), Decimal("74.5")) == (result.sales, result.simple)
        assert Decimal("117.1") == result.count_back  # count-back ignores period_days

    def test_nothing_receivable_is_zero_days(self) -> None:
        """With no receivable, both DSOs are 0 even without sales in the period."""
        paid = worked_example()[4]
        result = dso([paid], TODAY, period_days=30)
        assert (Decimal(0), Decimal(0), Decimal(0), Decimal(0)) == (
            result.simple,
            result.count_back,
            result.best_possible,
            result.delinquent,
        )

    def test_no_sales_is_undefined(self) -> None:
        """Receivables without sales in the period: the simple ratio is undefined."""
        old = _case("D", "1200", date(2025, 11, 20), date(2025, 12, 20))
        result = dso([old], TODAY, period_days=30)
        # nothing is current, so the best possible DSO is 0 whatever the sales
        assert (None, Decimal(0), None) == (
            result.simple,
            result.best_possible,
            result.delinquent,
        )
        # count-back: Mar, Feb, Jan absorb nothing (31 + 28 + 31 days), then (30 Nov, 31 Dec]
        # has no sales either (31), then (31 Oct, 30 Nov] holds the 1 200: + 30 × 1 = 151 days
        assert Decimal("151.0") == result.count_back
        assert "non défini" in str(result)

    def test_str_and_html(self) -> None:
        """str() and _repr_html_ show both methods."""
        result = dso(worked_example(), TODAY)
        assert "DSO, méthode par épuisement       117,1\N{NO-BREAK SPACE}jours" in str(result)
        assert "99,7\N{NO-BREAK SPACE}jours" in result._repr_html_()
        assert "117.1" == json.loads(json.dumps(result.as_dict()))["count_back"]


# --- CEI -------------------------------------------------------------------------------------------


class TestCEI:
    def test_worked_example(self) -> None:
        """CEI = (B + S - E) / (B + S - Ec) × 100 on the worked example."""
        result = cei(worked_example(), TODAY)
        # beginning (31 Dec 2025): D 1 200 + E 800 = 2 000; sales 6 500; ending 7 200, current
        # 3 000: (2 000 + 6 500 - 7 200) / (2 000 + 6 500 - 3 000) = 1 300 / 5 500 = 23.64 %
        assert (Decimal("2000"), Decimal("6500"), Decimal("7200"), Decimal("3000")) == (
            result.beginning,
            result.sales,
            result.ending,
            result.ending_current,
        )
        assert (Decimal("1300"), Decimal("5500"), Decimal("23.6")) == (
            result.collected,
            result.collectible,
            result.value,
        )
        assert "CEI sur 90 jours au 31 mars 2026 : 23,6\xa0%" == str(result).splitlines()[0]

    def test_nothing_collectible_is_undefined(self) -> None:
        """Nothing was due and nothing collected: the index is undefined."""
        result = cei([worked_example()[2]], TODAY)
        assert result.value is None
        assert "—" in str(result)

    def test_all_collected_is_100(self) -> None:
        """Every invoice of the period paid: 100 %."""
        result = cei([worked_example()[4]], TODAY)
        # (800 + 0 - 0) / (800 + 0 - 0)
        assert Decimal("100.0") == result.value

    def test_write_off_counts_as_removed(self) -> None:
        """A write-off leaves the receivables and so counts in the numerator."""
        written = _case(
            "W", "700", date(2026, 1, 5), date(2026, 2, 4), WrittenOff(date(2026, 3, 1))
        )
        assert Decimal("100.0") == cei([written], TODAY).value


# --- amounts by stage ------------------------------------------------------------------------------


class TestAmountsByStage:
    def test_worked_example(self) -> None:
        """Open stages carry the open balance, paid cases carry nothing."""
        result = amounts_by_stage(worked_example(), TODAY)
        # preventive: C 3 000; amicable: A 1 000 + B 1 500 + D 1 200 + F 500 = 4 200; paid: E
        assert [
            (Stage.PREVENTIVE, 1, Decimal("3000")),
            (Stage.AMICABLE, 4, Decimal("4200")),
            (Stage.PAID, 1, Decimal("0")),
        ] == [(row.stage, row.count, row.amount) for row in result.rows]
        assert (5, Decimal("7200")) == (result.open_count, result.open_amount)

    def test_closed_remainder(self) -> None:
        """A written-off case shows what was left unpaid when it closed."""
        written = _case(
            "W",
            "700",
            date(2026, 1, 5),
            date(2026, 2, 4),
            PaymentReceived(date(2026, 2, 20), "200"),
            WrittenOff(date(2026, 3, 1)),
        )
        result = amounts_by_stage([written], TODAY)
        assert [(Stage.WRITTEN_OFF, 1, Decimal("500"))] == [
            (row.stage, row.count, row.amount) for row in result.rows
        ]
        assert (0, Decimal(0)) == (result.open_count, result.open_amount)
        assert "passée en perte (clos, reliquat)" in str(result)

    def test_open_for_its_penalties_only(self) -> None:
        """A case whose principal is paid after the formal notice stays open for its
        penalties: counted at its stage for 0 and named under the table (the claimable
        penalties price it)."""
        owed = french_default()  # penalties are owed (POLICY here waives them)
        notice = FormalNoticeSent(date(2026, 3, 1), step="formal_notice")
        noticed = apply(
            Case.open("N", "500", date(2026, 1, 10), due_on=date(2026, 2, 9)), notice, owed
        )
        paid_late = apply(
            Case.open("P", "1000", date(2026, 1, 5), due_on=date(2026, 2, 4)), notice, owed
        )
        paid_late = apply(paid_late, PaymentReceived(date(2026, 3, 10), "1000"), owed)
        result = amounts_by_stage([paid_late, noticed], TODAY)
        assert [(Stage.FORMAL_NOTICE, 2, Decimal("500"), 1)] == [
            (row.stage, row.count, row.amount, row.penalties_only) for row in result.rows
        ]
        assert 1 == result.as_dict()["rows"][0]["penalties_only"]
        assert str(result).endswith(
            "mise en demeure : 1 dossier ouvert pour ses seules pénalités, son principal est "
            "payé (compté pour 0 ici ; voir les pénalités exigibles)"
        )
        assert "formal notice: 1 case open for its penalties only" in result.to_text(locale="en_GB")
        assert 0 == amounts_by_stage([noticed], TODAY).rows[0].penalties_only

    def test_stage_as_of_today(self) -> None:
        """A preventive case past its due date counts as amicable; later events are ignored."""
        case = _case("A", "1000", date(2026, 1, 10), date(2026, 2, 9))
        assert Stage.PREVENTIVE == amounts_by_stage([case], date(2026, 2, 9)).rows[0].stage
        assert Stage.AMICABLE == amounts_by_stage([case], date(2026, 2, 10)).rows[0].stage


# --- penalties -------------------------------------------------------------------------------------


class TestClaimablePenalties:
    def test_one_invoice_hand_checked(self) -> None:
        """10 000 € due 31 Mar 2025, valued 15 Aug 2025 (docs/penalties.md)."""
        case = _case("F-1", "10000", date(2025, 3, 1), date(2025, 3, 31))
        result = claimable_penalties([case], date(2025, 8, 15), policy=POLICY)
        # 10 000 × 13.15 % × 91 / 365 = 327.85; 10 000 × 12.15 % × 46 / 365 = 153.12
        assert (Decimal("480.97"), Decimal("40.00"), Decimal("520.97")) == (
            result.interest,
            result.indemnity,
            result.total,
        )
        (line,) = result.lines
        assert ("F-1", Decimal("10000"), Decimal("520.97")) == (
            line.reference,
            line.principal,
            line.total,
        )
        assert L441_10 in line.articles
        assert D441_5 in line.articles

    def test_worked_example(self) -> None:
        """Each late invoice is valued by claim_amounts; paid-on-time and not-due ones owe nothing."""
        cases = worked_example()
        result = claimable_penalties(cases, TODAY, policy=POLICY)
        # D: 1 200 × 12.15 % × (11 + 90) / 365 = 4.39 + 35.95 = 40.34
        # A: 1 000 × 12.15 % × 50 / 365 = 16.64
        # B: 2 000 × 3 days = 2.00, then 1 500 × 11 days = 5.49: 7.49
        # F: 600 × 14 days = 2.80, then 500 × 26 days = 4.33: 7.13
        assert [
            ("D", Decimal("40.34")),
            ("A", Decimal("16.64")),
            ("B", Decimal("7.49")),
            ("F", Decimal("7.13")),
        ] == [(line.reference, line.interest) for line in result.lines]
        assert (Decimal("71.60"), Decimal("160.00"), Decimal("231.60")) == (
            result.interest,
            result.indemnity,
            result.total,
        )
        for line in result.lines:
            case = next(c for c in cases if c.reference == line.reference)
            amounts = claim_amounts(case, POLICY, TODAY)
            assert (amounts.interest, amounts.indemnity) == (line.interest, line.indemnity)

    def test_paid_late_stays_claimable(self) -> None:
        """Penalties stay claimable after the principal is paid, until prescribed (L110-4)."""
        case = _case(
            "P",
            "1000",
            date(2025, 1, 2),
            date(2025, 2, 1),
            PaymentReceived(date(2025, 3, 3), "1000"),
        )
        result = claimable_penalties([case], date(2026, 3, 16), policy=POLICY)
        assert 1 == len(result.lines)
        assert (Stage.PAID, Decimal(0)) == (result.lines[0].stage, result.lines[0].principal)
        assert Decimal("40.00") == result.indemnity
        prescribed = claimable_penalties([case], date(2030, 3, 4), policy=POLICY)
        assert ((), 1) == (prescribed.lines, prescribed.prescribed)
        assert "C. com. art. L110-4" in str(prescribed)

    def test_closed_by_agreement_or_write_off_owes_nothing(self) -> None:
        """Settled and written-off cases give the claim up."""
        written = _case(
            "W", "700", date(2025, 6, 5), date(2025, 7, 4), WrittenOff(date(2026, 3, 1))
        )
        settled = _case(
            "S", "300", date(2025, 6, 5), date(2025, 7, 4), SettlementAgreed(date(2026, 3, 1))
        )
        assert () == claimable_penalties([written, settled], TODAY, policy=POLICY).lines

    def test_consumer_owes_no_indemnity(self) -> None:
        """A consumer owes neither the indemnity nor penalties before the formal notice."""
        case = _case("C", "900", date(2025, 6, 5), date(2025, 7, 4), segment=DebtorSegment.CONSUMER)
        result = claimable_penalties([case], TODAY, policy=POLICY)
        assert ((), Decimal(0)) == (result.lines, result.total)

    def test_missing_rate_is_listed_not_raised(self) -> None:
        """An invoice needing a rate beyond the tables is listed with the reason."""
        case = _case("X", "1000", date(2026, 5, 1), date(2026, 5, 31))
        result = claimable_penalties([case], date(2026, 8, 15), policy=POLICY)
        assert ["X"] == [ref for ref, _ in result.unavailable]
        assert "2026-H2" in result.unavailable[0][1]
        assert "Pénalités non calculées pour 1 facture" in str(result)

    def test_missing_rate_is_one_line_per_rate(self) -> None:
        """Several invoices missing the same rate: one line naming the rate and the invoices."""
        cases = [_case(ref, "1000", date(2026, 5, 1), date(2026, 5, 31)) for ref in ("X", "Y", "Z")]
        result = claimable_penalties(cases, date(2026, 8, 15), policy=POLICY)
        missing = [(ref, "STATUTORY", "2026-H2") for ref in ("X", "Y", "Z")]
        assert missing == sorted(result.missing_rates)
        lines = [line for line in str(result).splitlines() if line.startswith("!")]
        french = (
            "! Pénalités non calculées pour 3 factures : taux légal des pénalités "
            "(BCE + 10 points) 2026-H2 absent des tables (X, Y, Z)"
        )
        assert [french] == lines
        english = [
            line for line in result.to_text(locale="en_GB").splitlines() if line.startswith("!")
        ]
        expected = (
            "! Penalties not computed for 3 invoices: the statutory penalty (ECB + 10 points) "
            "rate for 2026-H2 is not in the tables (X, Y, Z)"
        )
        assert [expected] == english

    def test_html_escapes_references(self) -> None:
        """A hostile invoice reference is escaped in the HTML table."""
        case = _case("<script>alert(1)</script>&", "1000", date(2026, 1, 10), date(2026, 2, 9))
        page = claimable_penalties([case], TODAY, policy=POLICY)._repr_html_()
        assert "<script>" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;&amp;" in page


# --- the report ------------------------------------------------------------------------------------


class TestPortfolioReport:
    def test_sections(self) -> None:
        """The report holds every metric, each equal to its own function's result."""
        cases = worked_example()
        report = portfolio_report(cases, TODAY, period_days=60, policy=POLICY)
        assert isinstance(report, PortfolioReport)
        assert ageing(cases, TODAY) == report.ageing
        assert dso(cases, TODAY, period_days=60) == report.dso
        assert cei(cases, TODAY, period_days=60) == report.cei
        assert amounts_by_stage(cases, TODAY) == report.stages
        assert claimable_penalties(cases, TODAY, policy=POLICY) == report.penalties
        assert (6, 0, 60) == (report.case_count, report.other_currencies, report.period_days)
        text = str(report)
        for title in (
            "Rapport de portefeuille au 31 mars 2026 (EUR) : 6 factures",
            "Balance âgée",
            "DSO au",
            "CEI sur 60 jours",
            "Encours par étape",
            "Pénalités exigibles",
        ):
            assert title in text

    def test_as_dict_is_json(self) -> None:
        """as_dict() survives json.dumps and keeps amounts exact as strings."""
        data = json.loads(
            json.dumps(portfolio_report(worked_example(), TODAY, policy=POLICY).as_dict())
        )
        assert ("7200", "23.6", "231.60") == (
            data["ageing"]["total"],
            data["cei"]["value"],
            data["penalties"]["total"],
        )

    def test_html_page_is_self_contained(self) -> None:
        """The page has the tables and inline SVG charts, and nothing fetched or run."""
        page = portfolio_report(worked_example(), TODAY, policy=POLICY).to_html()
        assert page.startswith("<!DOCTYPE html>")
        assert 5 == page.count("<table")
        assert 2 == page.count("<svg")
        for forbidden in ("<script", "http://", "https://", "src=", "<link"):
            assert forbidden not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")
        for svg in re.findall(r"<svg.*?</svg>", page, re.DOTALL):
            ET.fromstring(svg)  # well-formed XML

    def test_charts_scale_to_the_largest_bar(self) -> None:
        """The tallest ageing bar is the largest band; an empty band has height 0."""
        ageing_svg, stages_svg = portfolio_report(worked_example(), TODAY, policy=POLICY).charts()
        heights = [Decimal(h) for h in re.findall(r'<rect [^>]*height="([\d.]+)"', ageing_svg)]
        # bands 3 000, 1 500, 1 500, 0, 1 200 over a plot of 190 px
        assert [
            Decimal("190.0"),
            Decimal("95.0"),
            Decimal("95.0"),
            Decimal("0.0"),
            Decimal("76.0"),
        ] == heights
        assert "relance amiable" in stages_svg

    def test_html_title_is_escaped(self) -> None:
        """A custom title is escaped."""
        page = portfolio_report([], TODAY).to_html(title="A & <B>")
        assert "<title>A &amp; &lt;B&gt;</title>" in page

    def test_repr_html(self) -> None:
        """The notebook view holds the tables and charts without the page wrapper."""
        fragment = portfolio_report(worked_example(), TODAY, policy=POLICY)._repr_html_()
        assert "<svg" in fragment
        assert "<html" not in fragment


# --- properties ------------------------------------------------------------------------------------


class TestProperties:
    @given(portfolios, days)
    def test_ageing_buckets_sum_to_the_open_balance(self, cases: list[Case], today: date) -> None:
        """The bands add up to the open balance, which the stage table also finds."""
        result = ageing(cases, today)
        assert result.total == sum((row.amount for row in result.rows), Decimal(0))
        assert result.count == sum(row.count for row in result.rows)
        stages = amounts_by_stage(cases, today)
        assert (stages.open_count, stages.open_amount) == (result.count, result.total)

    @given(st.lists(cases_strategy(on_time=True), min_size=1, max_size=12), days)
    def test_paid_on_time_has_no_delinquency(self, cases: list[Case], today: date) -> None:
        """Paid on time: no overdue balance, zero days delinquent; zero DSO once all are paid."""
        result = dso(cases, today)
        assert Decimal(0) == ageing(cases, today).overdue
        assert result.delinquent in (Decimal(0), None)
        last = max(case.last_on for case in cases)
        settled = dso(cases, max(today, last))
        assert (Decimal(0), Decimal(0)) == (settled.simple, settled.count_back)

    @given(portfolios, days, st.integers(1, 400))
    def test_cei_is_a_percentage(self, cases: list[Case], today: date, period: int) -> None:
        """CEI, when defined, is within [0, 100]; collected never exceeds collectible."""
        result = cei(cases, today, period_days=period)
        assert Decimal(0) <= result.collected <= result.collectible or result.value is None
        if result.value is not None:
            assert Decimal(0) <= result.value <= Decimal(100)

    @given(portfolios, days)
    def test_count_back_is_defined_when_something_is_owed(
        self, cases: list[Case], today: date
    ) -> None:
        """Receivables never exceed the net sales to date, so the count-back always ends."""
        result = dso(cases, today)
        assert result.count_back is not None
        assert result.count_back >= 0

    @settings(max_examples=20)
    @given(portfolios, st.integers(0, 430).map(lambda n: _START + timedelta(days=n)))
    def test_pure(self, cases: list[Case], today: date) -> None:
        """Same cases, same day: the same report, whatever the order of the cases."""
        first = portfolio_report(cases, today)
        assert first == portfolio_report(list(cases), today)
        again = portfolio_report(list(reversed(cases)), today)
        assert (first.ageing, first.dso, first.cei, first.stages) == (
            again.ageing,
            again.dso,
            again.cei,
            again.stages,
        )
        assert first.to_html() == portfolio_report(cases, today).to_html()


# --- the CLI ---------------------------------------------------------------------------------------


@pytest.fixture
def portfolio_file(tmp_path: Path) -> Path:
    """The worked example as a CSV portfolio file."""
    path = tmp_path / "portfolio.csv"
    path.write_text(dump_portfolio(worked_example()), encoding="utf-8")
    return path


class TestCliReport:
    def test_prints_the_sections(self, portfolio_file: Path) -> None:
        """`dunning report FILE --today DATE` prints every section."""
        out = io.StringIO()
        status = cli.main(["report", str(portfolio_file), "--today", "2026-03-31"], out=out)
        text = out.getvalue()
        assert 0 == status
        dialect = (
            "Fichier lu en CSV (séparateur « , », point décimal, dates AAAA-MM-JJ), encodage UTF-8"
        )
        assert f"{dialect}\n{portfolio_report(worked_example(), TODAY)}\n" == text

    def test_html_file(self, portfolio_file: Path, tmp_path: Path) -> None:
        """--html writes a page with the tables and an inline SVG chart."""
        target = tmp_path / "report.html"
        out = io.StringIO()
        status = cli.main(
            ["report", str(portfolio_file), "--today", "2026-03-31", "--html", str(target)],
            out=out,
        )
        page = target.read_text(encoding="utf-8")
        assert 0 == status
        assert "<table" in page
        assert "<svg" in page
        assert "Balance âgée" in page
        assert f"Page HTML écrite dans {target}" in out.getvalue()

    def test_json_and_options(self, portfolio_file: Path) -> None:
        """--json prints the report's dict; --period-days and --currency reach the metrics."""
        out = io.StringIO()
        argv = ["report", str(portfolio_file), "--today", "2026-03-31", "--json"]
        status = cli.main([*argv, "--period-days", "30", "--currency", "EUR"], out=out)
        data = json.loads(out.getvalue())
        assert 0 == status
        assert (30, "2900", []) == (data["period_days"], data["dso"]["sales"], data["errors"])

    def test_malformed_rows_are_reported(self, tmp_path: Path) -> None:
        """A malformed row is listed with its line number; the rest is reported."""
        path = tmp_path / "bad.csv"
        path.write_text(
            "invoice,record,date,amount,due_on\n"
            "F-1,invoice,2026-01-10,1000.00,2026-02-09\n"
            "F-2,invoice,2026-01-10,abc,2026-02-09\n",
            encoding="utf-8",
        )
        out = io.StringIO()
        assert 0 == cli.main(["report", str(path), "--today", "2026-03-31"], out=out)
        text = out.getvalue()
        assert ": 1 facture\n" in text
        assert (
            "  F-2 — ligne 3\n    ligne 3 — colonne « amount » : « abc » n'est pas un montant"
            in text
        )
        assert "les autres sont comptées dans le rapport" in text

    def test_bad_period_exits_2(
        self, portfolio_file: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A bad argument is one line on stderr and exit status 2."""
        argv = ["report", str(portfolio_file), "--today", "2026-03-31", "--period-days", "0"]
        assert 2 == cli.main(argv, out=io.StringIO())
        err = capsys.readouterr().err
        assert err == (
            "dunning report: argument invalide — période en jours : 0, il faut un entier de 1 à "
            "3\u202f660\n"
        )


def test_public_types() -> None:
    """Every metric function returns its documented frozen type."""
    cases = worked_example()
    assert isinstance(ageing(cases, TODAY), Ageing)
    assert isinstance(dso(cases, TODAY), DSO)
    assert isinstance(cei(cases, TODAY), CEI)
    assert isinstance(amounts_by_stage(cases, TODAY), StageAmounts)
    assert isinstance(claimable_penalties(cases, TODAY, policy=POLICY), ClaimablePenalties)
