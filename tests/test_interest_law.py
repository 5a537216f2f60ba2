"""The law of late-payment penalties, case by case, with hand-computed figures.

Each test states a rule of DESIGN.md ("Penalties: exact semantics") or of LAW.md (§ 1.2, § 2, § 4,
§ 8 traps) and checks it through the public API only, at the boundary where a wrong comparison or
a wrong constant would show.  Written to kill the mutants that survived ``make mutation``
(docs/mutation.md); each figure is computed in a comment.

Rates used (shipped tables): statutory (ECB + 10) 2024-H1 14.50, 2024-H2 14.25, 2025-H1 13.15,
2025-H2 12.15; legal rate "autres cas" 2024-H1 5.07, 2024-H2 4.92, 2025-H1 3.71, 2025-H2 2.76;
"particuliers" 2025-H1 7.21; ECB MRO on 1 Jan 2013 0.75, on 1 Jan 2025 3.15, on 1 Jul 2025 2.15.
"""

from __future__ import annotations

import decimal
from datetime import date
from decimal import Decimal

import attrs
import pytest

from dunning_core.errors import (
    ArgumentTypeError,
    DateTypeError,
    InvalidAmount,
    InvalidArgument,
    InvalidDate,
    InvalidPayment,
    RateUnavailable,
)
from dunning_core.interest import (
    FLAT_INDEMNITY,
    INDEMNITY_FROM,
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
    CCP_L2192_13,
    CCP_R2192_31,
    CIV_1231_6,
    CIV_1343_1,
    CMF_L313_2,
    CMF_L313_3,
    CPCE_L111_8,
    D441_5,
    L441_10,
    Severity,
)
from dunning_core.money import MAX_AMOUNT
from dunning_core.rates import (
    LEGAL_CONSUMER,
    LEGAL_OTHER,
    RateBook,
    RatePeriod,
    RateTable,
    default_rates,
)

D = Decimal


def _fresh_book() -> RateBook:
    """A new book with the shipped tables: what is derived from them is computed anew.

    The shipped book is shared by every call and keeps the per-half-year figures it derived
    once; a fresh one checks that deriving them gives the same findings.
    """
    book = default_rates()
    return RateBook(ecb=book.ecb, legal_consumer=book.legal_consumer, legal_other=book.legal_other)


def _lines(b: PenaltyBreakdown) -> list[tuple[str, str, int, str, str, str]]:
    return [
        (str(x.start), str(x.end), x.days, str(x.balance), str(x.rate), str(x.amount))
        for x in b.lines
    ]


def _severities(b: PenaltyBreakdown) -> list[Severity]:
    return [f.severity for f in b.findings]


class TestNotLate:
    """Paid on or before the due date: nothing is owed (DESIGN; L441-10 II "le jour suivant")."""

    def test_invoice_paid_on_its_due_date_owes_no_indemnity(self) -> None:
        """Paid in full on the due date, evaluated later: no late day, so no 40 € either."""
        pay = Payment(on=date(2025, 3, 31), amount=D("1000"))
        b = late_penalties(D("1000"), date(2025, 3, 31), date(2025, 5, 15), payments=[pay])
        assert () == b.lines
        assert (D("0.00"), D("0.00"), None, D("0.00")) == (
            b.interest,
            b.indemnity,
            b.indemnity_article,
            b.total,
        )
        assert D("0") == b.principal_outstanding
        assert () == b.findings
        assert () == b.articles

    def test_invoice_paid_before_its_due_date_owes_nothing_either(self) -> None:
        pay = Payment(on=date(2025, 3, 1), amount=D("1000"))
        b = late_penalties(D("1000"), date(2025, 3, 31), date(2025, 5, 15), payments=[pay])
        assert (D("0.00"), D("0.00")) == (b.interest, b.indemnity)

    def test_consumer_paid_on_time_gets_no_warning(self) -> None:
        """The consumer warnings are about a late consumer: none when nothing is late."""
        b = late_penalties(
            D("1000"),
            date(2025, 3, 31),
            date(2025, 3, 31),
            debtor_is_consumer=True,
            recovery_costs=D("80"),
        )
        assert () == b.findings

    def test_partly_paid_before_due_date_is_still_late(self) -> None:
        """A partial payment on the due date lowers the principal; the rest is late: 40 €."""
        pay = Payment(on=date(2025, 3, 31), amount=D("999"))
        b = late_penalties(D("1000"), date(2025, 3, 31), date(2025, 4, 30), payments=[pay])
        # 1 × 13.15 × 30 / 36 500 = 0.0108 → 0.01
        assert [("2025-04-01", "2025-04-30", 30, "1", "13.15", "0.01")] == _lines(b)
        assert (D("40.00"), D441_5) == (b.indemnity, b.indemnity_article)
        # nothing was imputed on interest: 1343-1 is not what the result rests on
        assert (D("0.00"), (L441_10, D441_5)) == (b.interest_paid, b.articles)


class TestLegalPlusPoints:
    """`legal_plus(N)`: the legal rate (autres cas) + N points, whatever N is."""

    DUE, PAID = date(2025, 1, 31), date(2025, 3, 2)  # 1 Feb–2 Mar 2025 = 30 days, 2025-H1

    def test_one_point(self) -> None:
        b = late_penalties(D("10000"), self.DUE, self.PAID, basis=PenaltyBasis.legal_plus(1))
        # 3.71 + 1 = 4.71 %: 10 000 × 4.71 × 30 / 36 500 = 38.712 → 38.71
        assert [("2025-02-01", "2025-03-02", 30, "10000", "4.71", "38.71")] == _lines(b)

    def test_zero_points_is_the_legal_rate(self) -> None:
        b = late_penalties(D("10000"), self.DUE, self.PAID, basis=PenaltyBasis.legal_plus(0))
        # 3.71 %: 10 000 × 3.71 × 30 / 36 500 = 30.493 → 30.49
        assert [("2025-02-01", "2025-03-02", 30, "10000", "3.71", "30.49")] == _lines(b)

    def test_fractional_points(self) -> None:
        b = late_penalties(D("10000"), self.DUE, self.PAID, basis=PenaltyBasis.legal_plus("0.5"))
        # 3.71 + 0.5 = 4.21 %: 10 000 × 4.21 × 30 / 36 500 = 34.603 → 34.60
        assert (D("4.21"), D("34.60")) == (b.lines[0].rate, b.interest)

    def test_default_is_ten_points(self) -> None:
        assert D("10") == PenaltyBasis.legal_plus().points
        b = late_penalties(D("10000"), self.DUE, self.PAID, basis=PenaltyBasis.LEGAL_PLUS)
        assert D("13.71") == b.lines[0].rate

    def test_three_times_legal_is_three_times(self) -> None:
        b = late_penalties(D("10000"), self.DUE, self.PAID, basis=PenaltyBasis.THREE_TIMES_LEGAL)
        # 3 × 3.71 = 11.13 %: 10 000 × 11.13 × 30 / 36 500 = 91.479 → 91.48
        assert [("2025-02-01", "2025-03-02", 30, "10000", "11.13", "91.48")] == _lines(b)


class TestContractualFloor:
    """L441-10 II: a contract may not set a rate below 3 × the legal rate; equal is lawful."""

    DUE, PAID = date(2025, 1, 31), date(2025, 3, 2)  # 2025-H1: 3 × 3.71 = 11.13 %

    def test_exactly_three_times_the_legal_rate_is_lawful(self) -> None:
        b = late_penalties(D("1000"), self.DUE, self.PAID, basis=PenaltyBasis.contractual("11.13"))
        assert () == b.findings

    def test_one_basis_point_below_is_a_violation(self) -> None:
        b = late_penalties(D("1000"), self.DUE, self.PAID, basis=PenaltyBasis.contractual("11.12"))
        assert [(Severity.VIOLATION, L441_10)] == [(f.severity, f.article) for f in b.findings]
        assert (
            "the contractual rate (11.12 %) is below 3 × the legal rate in 2025-H1 "
            "(3 × 3.71 % = 11.13 %): a contract may not set a lower rate"
        ) == b.findings[0].message
        assert (
            "violation : le taux contractuel (11,12\xa0%) est inférieur à 3 fois le taux légal en "
            "2025-S1 (3 × 3,71\xa0% = 11,13\xa0%) : un contrat ne peut fixer un taux plus bas "
            "(C. com. art. L441-10)"
        ) == b.findings[0].to_text()

    def test_legal_plus_points_reaching_the_floor_exactly_is_lawful(self) -> None:
        # 3.71 + 7.42 = 11.13 = 3 × 3.71
        b = late_penalties(D("1000"), self.DUE, self.PAID, basis=PenaltyBasis.legal_plus("7.42"))
        assert () == b.findings

    def test_legal_plus_points_short_of_the_floor(self) -> None:
        # 3.71 + 7.41 = 11.12 < 11.13
        b = late_penalties(D("1000"), self.DUE, self.PAID, basis=PenaltyBasis.legal_plus("7.41"))
        assert [Severity.VIOLATION] == _severities(b)
        assert (
            "the legal rate + 7.41 points (11.12 %) is below 3 × the legal rate in 2025-H1 "
            "(3 × 3.71 % = 11.13 %): a contract may not set a lower rate"
        ) == b.findings[0].message
        # in French, the legal rate raised by points is not a "taux contractuel"
        assert (
            "violation : le taux légal majoré (11,12\xa0%) est inférieur à 3 fois le taux légal en "
            "2025-S1 (3 × 3,71\xa0% = 11,13\xa0%) : un contrat ne peut fixer un taux plus bas "
            "(C. com. art. L441-10)"
        ) == b.findings[0].to_text()

    def test_lines_ending_on_1_july_are_checked_in_both_half_years(self) -> None:
        """8 % from 16 June to 1 July 2025: below 11.13 (2025-H1) and below 8.28 (2025-H2)."""
        b = late_penalties(
            D("1000"), date(2025, 6, 15), date(2025, 7, 1), basis=PenaltyBasis.contractual("8")
        )
        assert [Severity.VIOLATION, Severity.VIOLATION] == _severities(b)
        assert "in 2025-H2 (3 × 2.76 % = 8.28 %)" in b.findings[1].message

    def test_checked_in_every_half_year_the_lines_touch(self) -> None:
        """10 %: below 15.21 (2024-H1), 14.76 (2024-H2), 11.13 (2025-H1); above 8.28 (2025-H2)."""
        b = late_penalties(
            D("1000"), date(2024, 6, 15), date(2025, 8, 15), basis=PenaltyBasis.contractual("10")
        )
        assert [Severity.VIOLATION] * 3 == _severities(b)
        labels = [f.message.split(" in ")[1].split(" ")[0] for f in b.findings]
        assert ["2024-H1", "2024-H2", "2025-H1"] == labels

    def test_half_year_without_a_legal_rate_cannot_be_checked(self) -> None:
        """2026-H2 has no legal rate in the shipped tables: an INFO per half-year, no guess."""
        b = late_penalties(
            D("1000"), date(2026, 6, 15), date(2027, 1, 15), basis=PenaltyBasis.contractual("12")
        )
        # 2026-H1: 12 ≥ 3 × 2.62 = 7.86, lawful; 2026-H2 and 2027-H1: unknown
        assert [
            (
                Severity.INFO,
                (
                    "the floor of 3 × the legal rate could not be checked for 2026-H2: no legal rate "
                    "for it in the rate book"
                ),
                L441_10,
            ),
            (
                Severity.INFO,
                (
                    "the floor of 3 × the legal rate could not be checked for 2027-H1: no legal rate "
                    "for it in the rate book"
                ),
                L441_10,
            ),
        ] == [(f.severity, f.message, f.article) for f in b.findings]
        # the display layer names the half-year as a French reader does: S for semestre
        assert [(("half", "2026-S2"),), (("half", "2027-S1"),)] == [f.params for f in b.findings]
        assert "n'a pu être vérifié pour 2026-S2 :" in b.findings[0].to_text()


class TestStatutoryFloorFinding:
    """2024: 3 × the legal rate exceeds ECB + 10 in both half-years; flagged, never clamped."""

    @pytest.mark.parametrize(
        ("due", "paid", "labels"),
        [
            # lines 1–30 June 2024: 2024-H1 only
            (date(2024, 5, 31), date(2024, 6, 30), ["2024-H1"]),
            # lines starting on 1 July 2024: 2024-H2 only
            (date(2024, 6, 30), date(2024, 7, 31), ["2024-H2"]),
            # 2023-H2 (12.66 < 14.00) to 2024-H1: only 2024-H1
            (date(2023, 12, 15), date(2024, 1, 1), ["2024-H1"]),
            # across the whole of 2024 into 2025-H1 (11.13 < 13.15)
            (date(2023, 12, 15), date(2025, 1, 10), ["2024-H1", "2024-H2"]),
            # from the last day of 2024-H2 into 2025
            (date(2024, 12, 30), date(2025, 1, 15), ["2024-H2"]),
            # 2025 only: nothing to say
            (date(2024, 12, 31), date(2025, 3, 1), []),
            # 2023 only: nothing to say
            (date(2023, 6, 30), date(2023, 12, 31), []),
        ],
    )
    @pytest.mark.parametrize("fresh", [False, True])
    def test_flagged_half_years(
        self, due: date, paid: date, labels: list[str], fresh: bool
    ) -> None:
        book = _fresh_book() if fresh else default_rates()
        b = late_penalties(D("1000"), due, paid, rates=book)
        assert [Severity.WARNING] * len(labels) == _severities(b)
        assert labels == [f.message.split(" ")[1] for f in b.findings]  # "in 2024-H1 3 × ..."
        assert all(f.article == L441_10 for f in b.findings)
        three = late_penalties(
            D("1000"), due, paid, basis=PenaltyBasis.THREE_TIMES_LEGAL, rates=book
        )
        assert [Severity.INFO] * len(labels) == _severities(three)
        assert labels == [f.message.split(" ")[1] for f in three.findings]
        assert all(f.article == L441_10 for f in three.findings)

    def test_finding_gives_the_figures(self) -> None:
        """The warning names the half-year, 3 × the legal rate and the statutory rate applied."""
        b = late_penalties(D("1000"), date(2024, 1, 31), date(2024, 3, 1), rates=_fresh_book())
        (finding,) = b.findings
        assert (
            "in 2024-H1 3 × the legal rate (3 × 5.07 % = 15.21 %) exceeds the statutory rate "
            "ECB + 10 (14.50 %) applied here; how the default rate meets the contractual floor "
            "is not settled: nothing was clamped"
        ) == finding.message
        three = late_penalties(
            D("1000"),
            date(2024, 7, 31),
            date(2024, 9, 1),
            basis=PenaltyBasis.THREE_TIMES_LEGAL,
            rates=_fresh_book(),
        )
        assert [
            "in 2024-H2 3 × the legal rate (14.76 %) exceeds the statutory rate ECB + 10 (14.25 %)"
        ] == [f.message for f in three.findings]

    def test_finding_as_a_person_reads_it(self) -> None:
        """Its code, its figures and its French sentence, for each basis that carries it."""
        (applied,) = late_penalties(
            D("1000"), date(2024, 1, 31), date(2024, 3, 1), rates=_fresh_book()
        ).findings
        assert "floor_above_statutory_applied" == applied.code
        assert (
            ("half", "2024-S1"),
            ("legal", D("5.07")),
            ("floor", D("15.21")),
            ("statutory", D("14.50")),
        ) == applied.params
        assert (
            "avertissement : en 2024-S1, 3 fois le taux légal (3 × 5,07 % = 15,21 %) dépasse le "
            "taux légal de retard BCE + 10 (14,50 %) appliqué ici ; la façon dont le taux par "
            "défaut respecte le plancher contractuel n'est pas tranchée : rien n'a été relevé "
            "(C. com. art. L441-10)"
        ) == applied.to_text(locale="fr_FR").replace("\u202f", " ").replace("\xa0", " ")
        (three,) = late_penalties(
            D("1000"),
            date(2024, 7, 31),
            date(2024, 9, 1),
            basis=PenaltyBasis.THREE_TIMES_LEGAL,
            rates=_fresh_book(),
        ).findings
        assert "floor_above_statutory" == three.code
        assert (
            ("half", "2024-S2"),
            ("legal", D("4.92")),
            ("floor", D("14.76")),
            ("statutory", D("14.25")),
        ) == three.params
        assert (
            "info : en 2024-S2, 3 fois le taux légal (14,76 %) dépasse le taux légal de retard "
            "BCE + 10 (14,25 %) (C. com. art. L441-10)"
        ) == three.to_text(locale="fr_FR").replace("\u202f", " ").replace("\xa0", " ")

    def test_contractual_floor_with_a_fresh_book(self) -> None:
        """The floor of each half-year, derived anew: 3 × 5.07, 3 × 4.92, 3 × 3.71; not 2.76."""
        b = late_penalties(
            D("1000"),
            date(2024, 6, 15),
            date(2025, 8, 15),
            basis=PenaltyBasis.contractual("10"),
            rates=_fresh_book(),
        )
        assert [Severity.VIOLATION] * 3 == _severities(b)
        assert ["15.21", "14.76", "11.13"] == [
            f.message.split(" = ")[1].split(" ")[0] for f in b.findings
        ]
        assert ["2024-H1", "2024-H2", "2025-H1"] == [
            f.message.split(" in ")[1].split(" ")[0] for f in b.findings
        ]
        assert "(3 × 5.07 % = 15.21 %)" in b.findings[0].message

    def test_first_half_year_of_the_legal_tables(self) -> None:
        """2015-H1, the first half-year of the two legal rates (0.93 % autres cas): checked."""
        b = late_penalties(
            D("1000"),
            date(2015, 1, 1),
            date(2015, 2, 1),
            basis=PenaltyBasis.contractual("2.78"),
            rates=_fresh_book(),
        )
        # 3 × 0.93 = 2.79 > 2.78
        assert [Severity.VIOLATION] == _severities(b)
        assert "2015-H1" in b.findings[0].message

    def test_last_half_year_of_the_legal_tables(self) -> None:
        """2026-H1 (2.62 %), the last half-year shipped: checked, not 'could not be checked'."""
        b = late_penalties(
            D("1000"),
            date(2026, 6, 1),
            date(2026, 6, 30),
            basis=PenaltyBasis.contractual("7.85"),
            rates=_fresh_book(),
        )
        # 3 × 2.62 = 7.86 > 7.85
        assert [Severity.VIOLATION] == _severities(b)

    def test_checked_up_to_the_last_half_year_python_has(self) -> None:
        """A contractual rate priced up to 9999-12-31: 9999-H1 and 9999-H2 cannot be checked."""
        b = late_penalties(
            D("1000"), date(9999, 6, 15), date(9999, 12, 31), basis=PenaltyBasis.contractual("10")
        )
        assert ["9999-H1", "9999-H2"] == [
            f.message.split(" for ")[1].split(":")[0] for f in b.findings
        ]

    def test_half_year_before_the_legal_tables_cannot_be_checked(self) -> None:
        b = late_penalties(
            D("1000"),
            date(2008, 12, 1),
            date(2008, 12, 31),
            basis=PenaltyBasis.contractual("10"),
            rates=_fresh_book(),
        )
        # before 2013 no indemnity either (D441-5 from 2013-01-01): two INFO findings
        assert ["indemnity_before_2013", "floor_unchecked"] == [f.code for f in b.findings]
        assert [Severity.INFO, Severity.INFO] == _severities(b)
        assert "2008-H2" in b.findings[1].message

    def test_statutory_rate_is_not_clamped_to_the_floor(self) -> None:
        b = late_penalties(D("10000"), date(2024, 6, 30), date(2024, 7, 30))
        # 30 days at 14.25 (not 14.76): 10 000 × 14.25 × 30 / 36 500 = 117.123 → 117.12
        assert [("2024-07-01", "2024-07-30", 30, "10000", "14.25", "117.12")] == _lines(b)
        assert "14.76" in b.findings[0].message


class TestFloorWithOtherBooks:
    """The floor findings follow the book passed in, for any half-year it knows."""

    @staticmethod
    def _legal(start: date, end: date, rate: str) -> tuple[RateTable, RateTable]:
        return tuple(  # type: ignore[return-value]
            RateTable(series, (RatePeriod(start, end, D(rate), "hypothetical arrêté"),))
            for series in (LEGAL_CONSUMER, LEGAL_OTHER)
        )

    def test_book_as_it_stood_in_2023_flags_nothing(self) -> None:
        """Legal rates known until 2023-H2 only: no half-year where the floor exceeds ECB + 10."""
        shipped = default_rates()
        consumer, other = (
            RateTable(table.series, table.periods[:30])  # 2009-H1 .. 2023-H2
            for table in (shipped.legal_consumer, shipped.legal_other)
        )
        book = RateBook(ecb=shipped.ecb, legal_consumer=consumer, legal_other=other)
        assert date(2023, 12, 31) == book.legal_other.known_until
        b = late_penalties(D("1000"), date(2023, 6, 30), date(2023, 12, 31), rates=book)
        assert () == b.findings
        # 2024 is past its legal tables: the statutory rate applies, nothing can be compared
        assert (
            ()
            == late_penalties(D("1000"), date(2024, 1, 31), date(2024, 3, 1), rates=book).findings
        )

    def test_a_later_half_year_can_be_flagged_too(self) -> None:
        """Were the 2026-H2 legal rate 4.10 % with ECB 2.15: 3 × 4.10 = 12.30 > 12.15, flagged."""
        book = (
            default_rates()
            .with_ecb_decision(
                date(2026, 7, 1), "2.15", source="hold", known_until=date(2026, 7, 1)
            )
            .with_legal_rates(date(2026, 7, 1), consumer="6", other="4.10", source="hypothetical")
        )
        b = late_penalties(D("1000"), date(2026, 6, 15), date(2026, 7, 10), rates=book)
        assert [
            (
                "in 2026-H2 3 × the legal rate (3 × 4.10 % = 12.30 %) exceeds the statutory rate "
                "ECB + 10 (12.15 %) applied here; how the default rate meets the contractual floor "
                "is not settled: nothing was clamped"
            )
        ] == [f.message for f in b.findings]
        # 2024 is still flagged in the same book
        assert 2 == len(
            late_penalties(D("1000"), date(2023, 12, 31), date(2024, 12, 31), rates=book).findings
        )

    def test_a_floor_equal_to_the_statutory_rate_is_not_flagged(self) -> None:
        """3 × 4.05 = 12.15 = ECB + 10: the floor does not exceed the rate applied."""
        book = (
            default_rates()
            .with_ecb_decision(
                date(2026, 7, 1), "2.15", source="hold", known_until=date(2026, 7, 1)
            )
            .with_legal_rates(date(2026, 7, 1), consumer="6", other="4.05", source="hypothetical")
        )
        b = late_penalties(D("1000"), date(2026, 6, 15), date(2026, 7, 10), rates=book)
        assert () == b.findings

    def test_first_half_year_of_the_semester_rule_is_compared(self) -> None:
        """Were the 2013-H1 legal rate 4 %: 3 × 4 = 12 > ECB 0.75 + 10 = 10.75, flagged."""
        consumer, other = self._legal(date(2013, 1, 1), date(2013, 6, 30), "4")
        book = RateBook(ecb=default_rates().ecb, legal_consumer=consumer, legal_other=other)
        b = late_penalties(D("1000"), date(2013, 1, 1), date(2013, 1, 31), rates=book)
        assert [(Severity.WARNING, L441_10)] == [(f.severity, f.article) for f in b.findings]
        assert b.findings[0].message.startswith("in 2013-H1 3 × the legal rate (3 × 4 % = 12 %)")

    def test_assumed_legal_rate_is_checked_from_the_first_day(self) -> None:
        """Assumed unchanged through 1 July 2026: 2026-H2's floor is 3 × 2.62 = 7.86 % too."""
        book = default_rates().assuming_unchanged(through=date(2026, 7, 1))
        b = late_penalties(
            D("1000"),
            date(2026, 6, 15),
            date(2026, 7, 1),
            basis=PenaltyBasis.contractual("7"),
            rates=book,
        )
        labels = [f.message.split(" in ")[1].split(" ")[0] for f in b.findings]
        assert [Severity.VIOLATION, Severity.VIOLATION] == _severities(b)
        assert ["2026-H1", "2026-H2"] == labels


class TestDayCount:
    """ACT_ACT divides each day by the length of its own year (Gregorian leap years)."""

    @pytest.mark.parametrize(
        ("year", "denominator", "amount"),
        [
            # 10 000 × 10 × 1 / 36 500 = 2.7397 → 2.74 ; / 36 600 = 2.7322 → 2.73
            (2023, 365, "2.74"),
            (2024, 366, "2.73"),
            (2000, 366, "2.73"),  # divisible by 400: leap
            (2100, 365, "2.74"),  # divisible by 100, not by 400: common
            (1900, 365, "2.74"),
            (2400, 366, "2.73"),
            (2096, 366, "2.73"),
        ],
    )
    def test_leap_years(self, year: int, denominator: int, amount: str) -> None:
        b = late_penalties(
            D("10000"),
            date(year, 1, 1),
            date(year, 1, 2),
            basis=PenaltyBasis.contractual("10"),
            day_count=DayCount.ACT_ACT,
        )
        assert [(denominator, D(amount))] == [(x.denominator, x.amount) for x in b.lines]

    def test_act_365_ignores_leap_years(self) -> None:
        b = late_penalties(
            D("10000"), date(2024, 1, 1), date(2024, 1, 2), basis=PenaltyBasis.contractual("10")
        )
        assert [(365, D("2.74"))] == [(x.denominator, x.amount) for x in b.lines]

    def test_act_act_splits_at_every_31_december(self) -> None:
        b = late_penalties(
            D("10000"),
            date(2099, 12, 30),
            date(2101, 1, 1),
            basis=PenaltyBasis.contractual("10"),
            day_count=DayCount.ACT_ACT,
        )
        # 31 Dec 2099: 1 d / 365 = 2.74; 2100: 365 d / 365 = 1 000.00; 1 Jan 2101: 2.74
        assert [
            ("2099-12-31", "2099-12-31", 1, "10000", "10", "2.74"),
            ("2100-01-01", "2100-12-31", 365, "10000", "10", "1000.00"),
            ("2101-01-01", "2101-01-01", 1, "10000", "10", "2.74"),
        ] == _lines(b)

    def test_act_act_in_a_leap_year_across_a_half_year(self) -> None:
        b = late_penalties(
            D("10000"), date(2024, 6, 29), date(2024, 7, 2), day_count=DayCount.ACT_ACT
        )
        # 30 Jun: 10 000 × 14.50 / 36 600 = 3.9617 → 3.96 ; 1–2 Jul: × 14.25 × 2 = 7.7869 → 7.79
        assert [
            ("2024-06-30", "2024-06-30", 1, "10000", "14.50", "3.96"),
            ("2024-07-01", "2024-07-02", 2, "10000", "14.25", "7.79"),
        ] == _lines(b)


class TestPaymentsAfterThePrincipal:
    """Payments once the principal is cleared still pay the accrued interest (C. civ. 1343-1)."""

    DUE, PAID = date(2025, 3, 31), date(2025, 8, 15)
    # 1 Apr–30 Jun 2025: 10 000 × 13.15 × 91 / 36 500 = 327.849 → 327.85

    def test_principal_first_then_the_interest(self) -> None:
        pays = [
            Payment(on=date(2025, 6, 30), amount=D("10000")),
            Payment(on=date(2025, 7, 10), amount=D("200")),
            Payment(on=date(2025, 7, 20), amount=D("127.85")),
        ]
        b = late_penalties(
            D("10000"), self.DUE, self.PAID, payments=pays, allocation=Allocation.PRINCIPAL_FIRST
        )
        assert [("2025-04-01", "2025-06-30", 91, "10000", "13.15", "327.85")] == _lines(b)
        # everything was paid: 10 000 of principal, 200 + 127.85 of interest
        assert (D("327.85"), D("327.85"), D("0")) == (
            b.interest,
            b.interest_paid,
            b.principal_outstanding,
        )
        assert (D("40.00"), D("367.85")) == (b.indemnity, b.total)
        assert CIV_1343_1 in b.articles

    def test_a_late_payment_above_the_accrued_interest_is_refused(self) -> None:
        pays = [
            Payment(on=date(2025, 6, 30), amount=D("10000")),
            Payment(on=date(2025, 7, 10), amount=D("327.86")),
        ]
        with pytest.raises(InvalidPayment, match=r"327\.85"):
            late_penalties(
                D("10000"),
                self.DUE,
                self.PAID,
                payments=pays,
                allocation=Allocation.PRINCIPAL_FIRST,
            )

    def test_nothing_left_to_pay_after_everything_is_paid(self) -> None:
        pays = [
            Payment(on=date(2025, 6, 30), amount=D("10327.85")),
            Payment(on=date(2025, 7, 1), amount=D("0.01")),
        ]
        with pytest.raises(InvalidPayment) as info:
            late_penalties(D("10000"), self.DUE, self.PAID, payments=pays)
        assert pays[1] == info.value.payment
        assert (
            "it exceeds what is owed at the end of 2025-07-01: 0.00 EUR of principal + 0.00 EUR "
            "of accrued interest = 0.00 EUR"
        ) == info.value.reason

    def test_two_payments_on_the_same_day_after_clearing(self) -> None:
        pays = [
            Payment(on=date(2025, 6, 30), amount=D("10000")),
            Payment(on=date(2025, 8, 1), amount=D("27.85")),
            Payment(on=date(2025, 8, 1), amount=D("300")),
        ]
        b = late_penalties(
            D("10000"), self.DUE, self.PAID, payments=pays, allocation=Allocation.PRINCIPAL_FIRST
        )
        assert (D("327.85"), D("0")) == (b.interest_paid, b.principal_outstanding)

    def test_interest_first_partial_interest_payment(self) -> None:
        """Interest first: 100 € on 30 June pay 100 of the 327.85 accrued, none of the principal."""
        pay = Payment(on=date(2025, 6, 30), amount=D("100"))
        b = late_penalties(D("10000"), self.DUE, date(2025, 7, 1), payments=[pay])
        # 1 Jul: 10 000 × 12.15 / 36 500 = 3.3287 → 3.33 on the unchanged principal
        assert [
            ("2025-04-01", "2025-06-30", 91, "10000", "13.15", "327.85"),
            ("2025-07-01", "2025-07-01", 1, "10000", "12.15", "3.33"),
        ] == _lines(b)
        assert (D("331.18"), D("100"), D("10000")) == (
            b.interest,
            b.interest_paid,
            b.principal_outstanding,
        )

    def test_principal_first_partial_payment_pays_no_interest(self) -> None:
        pay = Payment(on=date(2025, 6, 30), amount=D("100"))
        b = late_penalties(
            D("10000"),
            self.DUE,
            date(2025, 7, 1),
            payments=[pay],
            allocation=Allocation.PRINCIPAL_FIRST,
        )
        # 1 Jul: 9 900 × 12.15 / 36 500 = 3.2954 → 3.30
        assert ("9900", "3.30") == (str(b.lines[1].balance), str(b.lines[1].amount))
        assert (D("0.00"), D("9900")) == (b.interest_paid, b.principal_outstanding)
        assert CIV_1343_1 not in b.articles

    def test_interest_first_names_1343_1_even_when_no_interest_was_due_yet(self) -> None:
        """A payment on the first late day imputes on interest first (1343-1) — cent by cent."""
        pay = Payment(on=date(2025, 4, 1), amount=D("5000"))
        b = late_penalties(D("10000"), self.DUE, date(2025, 4, 2), payments=[pay])
        # 1 Apr: 10 000 × 13.15 / 36 500 = 3.60 paid first, then 4 996.40 of principal
        # 2 Apr: 5 003.60 × 13.15 / 36 500 = 1.8027 → 1.80
        assert [
            ("2025-04-01", "2025-04-01", 1, "10000", "13.15", "3.60"),
            ("2025-04-02", "2025-04-02", 1, "5003.60", "13.15", "1.80"),
        ] == _lines(b)
        assert CIV_1343_1 in b.articles

    def test_payment_on_paid_on_is_applied(self) -> None:
        """A payment on the evaluation day ends a line there and is applied at its end."""
        pay = Payment(on=date(2025, 4, 30), amount=D("1000"))
        b = late_penalties(D("10000"), self.DUE, date(2025, 4, 30), payments=[pay])
        # 30 days: 10 000 × 13.15 × 30 / 36 500 = 108.082 → 108.08, paid first
        assert [("2025-04-01", "2025-04-30", 30, "10000", "13.15", "108.08")] == _lines(b)
        assert (D("108.08"), D("9108.08")) == (b.interest_paid, b.principal_outstanding)


class TestJudgmentIncrease:
    """CMF L313-3: + 5 points from the day after two months have run from enforceability."""

    def test_increase_starts_the_day_after_two_months(self) -> None:
        basis = PenaltyBasis.legal(enforceable_on=date(2025, 7, 10))
        # two months run to 10 Sept 2025; + 5 points from 11 Sept
        before = late_penalties(D("10000"), date(2025, 9, 1), date(2025, 9, 10), basis=basis)
        assert [D("2.76")] == [x.rate for x in before.lines]
        after = late_penalties(D("10000"), date(2025, 9, 1), date(2025, 9, 11), basis=basis)
        # 2–10 Sept: 9 d at 2.76 = 6.805 → 6.81 ; 11 Sept: 1 d at 7.76 = 2.126 → 2.13
        assert [
            ("2025-09-02", "2025-09-10", 9, "10000", "2.76", "6.81"),
            ("2025-09-11", "2025-09-11", 1, "10000", "7.76", "2.13"),
        ] == _lines(after)
        assert (CMF_L313_2, CMF_L313_3) == after.articles

    def test_two_months_from_a_month_end_is_the_last_day_of_the_month(self) -> None:
        """31 Dec 2024 + two months = 28 Feb 2025 (no 31 Feb); + 5 points from 1 March."""
        basis = PenaltyBasis.legal(enforceable_on=date(2024, 12, 31))
        b = late_penalties(D("10000"), date(2025, 2, 26), date(2025, 3, 2), basis=basis)
        # 27–28 Feb: 2 d at 3.71 = 2.0329 → 2.03 ; 1–2 Mar: 2 d at 8.71 = 4.7726 → 4.77
        assert [
            ("2025-02-27", "2025-02-28", 2, "10000", "3.71", "2.03"),
            ("2025-03-01", "2025-03-02", 2, "10000", "8.71", "4.77"),
        ] == _lines(b)

    def test_increase_already_running_when_interest_starts(self) -> None:
        basis = PenaltyBasis.legal(enforceable_on=date(2025, 1, 15))
        b = late_penalties(D("10000"), date(2025, 5, 31), date(2025, 6, 30), basis=basis)
        # 30 days at 3.71 + 5 = 8.71: 10 000 × 8.71 × 30 / 36 500 = 71.589 → 71.59
        assert [("2025-06-01", "2025-06-30", 30, "10000", "8.71", "71.59")] == _lines(b)
        assert (CMF_L313_3,) == b.articles

    def test_consumer_creditor_rate_with_increase(self) -> None:
        basis = PenaltyBasis.legal(creditor=Creditor.CONSUMER, enforceable_on=date(2024, 1, 1))
        b = late_penalties(D("1000"), date(2025, 1, 31), date(2025, 3, 2), basis=basis)
        # 7.21 + 5 = 12.21 %: 1 000 × 12.21 × 30 / 36 500 = 10.036 → 10.04
        assert [("2025-02-01", "2025-03-02", 30, "1000", "12.21", "10.04")] == _lines(b)

    def test_latest_enforceable_day(self) -> None:
        """9999-10-30 + two months + 1 day = 9999-12-31, the last date; one day later is refused."""
        PenaltyBasis.legal(enforceable_on=date(9999, 10, 30))
        with pytest.raises(InvalidDate, match="9999-10-30"):
            PenaltyBasis.legal(enforceable_on=date(9999, 10, 31))


class TestPublicProcurement:
    """R2192-31: ECB on the first day of the half-year in which interest started, + 8 points."""

    def test_interest_starting_on_1_july_takes_the_july_rate(self) -> None:
        b = late_penalties(
            D("10000"), date(2025, 6, 30), date(2025, 7, 30), basis=PenaltyBasis.PUBLIC_PROCUREMENT
        )
        # ECB 2.15 on 1 Jul 2025 + 8 = 10.15 %: 10 000 × 10.15 × 30 / 36 500 = 83.424 → 83.42
        assert [("2025-07-01", "2025-07-30", 30, "10000", "10.15", "83.42")] == _lines(b)

    def test_interest_starting_on_30_june_keeps_the_january_rate(self) -> None:
        b = late_penalties(
            D("10000"), date(2025, 6, 29), date(2025, 7, 29), basis=PenaltyBasis.PUBLIC_PROCUREMENT
        )
        # ECB 3.15 on 1 Jan 2025 + 8 = 11.15 %, even after 1 July: 30 d = 91.643 → 91.64
        assert [("2025-06-30", "2025-07-29", 30, "10000", "11.15", "91.64")] == _lines(b)
        assert (CCP_R2192_31, CCP_D2192_35) == b.articles

    def test_first_half_year_of_the_rule(self) -> None:
        b = late_penalties(
            D("10000"), date(2012, 12, 31), date(2013, 1, 30), basis=PenaltyBasis.PUBLIC_PROCUREMENT
        )
        # ECB 0.75 on 1 Jan 2013 + 8 = 8.75 %: 10 000 × 8.75 × 30 / 36 500 = 71.918 → 71.92
        assert [("2013-01-01", "2013-01-30", 30, "10000", "8.75", "71.92")] == _lines(b)

    def test_interest_starting_in_2012_is_not_covered(self) -> None:
        with pytest.raises(RateUnavailable, match="2012-H2"):
            late_penalties(
                D("10000"),
                date(2012, 12, 30),
                date(2013, 1, 30),
                basis=PenaltyBasis.PUBLIC_PROCUREMENT,
            )

    def test_justified_costs_above_40_for_a_public_buyer(self) -> None:
        b = late_penalties(
            D("10000"),
            date(2025, 6, 30),
            date(2025, 7, 30),
            basis=PenaltyBasis.PUBLIC_PROCUREMENT,
            recovery_costs=D("95.50"),
        )
        assert (D("95.50"), CCP_L2192_13) == (b.indemnity, b.indemnity_article)


class TestIndemnity:
    """D441-5: 40 € per late invoice; justified costs above it replace it (L441-10 II)."""

    DUE, PAID = date(2025, 1, 31), date(2025, 3, 2)

    def test_costs_of_exactly_40_are_the_flat_indemnity(self) -> None:
        b = late_penalties(D("1000"), self.DUE, self.PAID, recovery_costs=D("40"))
        assert (D("40.00"), D441_5) == (b.indemnity, b.indemnity_article)
        assert D("40") == FLAT_INDEMNITY

    def test_costs_one_cent_above_40_replace_it(self) -> None:
        b = late_penalties(D("1000"), self.DUE, self.PAID, recovery_costs=D("40.01"))
        assert (D("40.01"), L441_10) == (b.indemnity, b.indemnity_article)
        # interest 10.81 (see TestIndemnity of test_interest) + 40.01
        assert D("50.82") == b.total

    def test_flat_indemnity_is_in_the_articles(self) -> None:
        b = late_penalties(D("1000"), self.DUE, self.PAID)
        assert (L441_10, D441_5) == b.articles

    def test_one_indemnity_whatever_the_lateness(self) -> None:
        """Per invoice, not per day or per half-year (CJUE C-78/22)."""
        b = late_penalties(D("1000"), date(2024, 1, 31), date(2025, 12, 31))
        assert D("40.00") == b.indemnity

    def test_debts_due_on_31_december_2012_have_none(self) -> None:
        b = late_penalties(D("1000"), date(2012, 12, 31), date(2013, 1, 30))
        assert (D("0.00"), None) == (b.indemnity, b.indemnity_article)
        assert [(Severity.INFO, D441_5)] == [(f.severity, f.article) for f in b.findings]
        assert (
            "no recovery indemnity: the 40 € of D441-5 applies to debts falling due from "
            "2013-01-01 (loi 2012-387, décret 2012-1115); this one fell due on 2012-12-31"
        ) == b.findings[0].message
        assert date(2013, 1, 1) == INDEMNITY_FROM

    def test_other_currency_with_justified_costs(self) -> None:
        b = late_penalties(
            D("1000"), self.DUE, self.PAID, currency="USD", recovery_costs=D("55.50")
        )
        assert (D("55.50"), L441_10) == (b.indemnity, b.indemnity_article)
        assert [(Severity.WARNING, D441_5)] == [(f.severity, f.article) for f in b.findings]
        assert b.findings[0].message.endswith(
            "(the flat 40 € indemnity is owed whatever the currency; not converted to USD, it "
            "could not be compared with the justified costs (counted): pass its value in USD as "
            "indemnity_in_currency)"
        )

    def test_costs_in_yen_keep_the_yen_minor_unit(self) -> None:
        """Costs of 500 yen stay 500 (no decimals in JPY), not 500.00."""
        b = late_penalties(D("1000"), self.DUE, self.PAID, currency="JPY", recovery_costs=D("500"))
        assert "500" == str(b.indemnity)
        # interest 10.81 → 11 yen (see TestIndemnity of test_interest): total 511
        assert "511" == str(b.total)

    def test_other_currency_public_buyer(self) -> None:
        b = late_penalties(
            D("1000"),
            date(2025, 6, 30),
            date(2025, 7, 30),
            currency="USD",
            recovery_costs=D("10"),
            basis=PenaltyBasis.PUBLIC_PROCUREMENT,
        )
        # costs are what the caller says the 40 € are worth: taken as they are
        assert (D("10.00"), CCP_L2192_13) == (b.indemnity, b.indemnity_article)
        assert [CCP_D2192_35] == [f.article for f in b.findings]

    def test_other_currency_without_costs_keeps_the_indemnity_article(self) -> None:
        """The 40 € are owed in euros, not counted: D441-5 still cited (issue 11)."""
        b = late_penalties(D("1000"), self.DUE, self.PAID, currency="USD")
        assert (D("0.00"), D441_5) == (b.indemnity, b.indemnity_article)
        assert (L441_10, D441_5) == b.articles


class TestConsumerDebtor:
    """B2B rules do not bind a consumer: legal interest (C. civ. 1231-6), no recovery costs."""

    DUE, PAID = date(2025, 1, 31), date(2025, 3, 2)

    @pytest.mark.parametrize(
        "basis", [PenaltyBasis.STATUTORY, PenaltyBasis.PUBLIC_PROCUREMENT, PenaltyBasis.LEGAL_PLUS]
    )
    def test_b2b_basis_is_flagged(self, basis: PenaltyBasis) -> None:
        b = late_penalties(D("1000"), self.DUE, self.PAID, basis=basis, debtor_is_consumer=True)
        assert (D("0.00"), None) == (b.indemnity, b.indemnity_article)
        assert [(Severity.WARNING, CIV_1231_6)] == [(f.severity, f.article) for f in b.findings]
        assert (
            f"{basis} is a rule between professionals; a consumer owes legal interest from the "
            "mise en demeure: use PenaltyBasis.legal(...)"
        ) == b.findings[0].message

    def test_contractual_rate_is_not_flagged(self) -> None:
        b = late_penalties(
            D("1000"),
            self.DUE,
            self.PAID,
            basis=PenaltyBasis.contractual("11.13"),
            debtor_is_consumer=True,
        )
        assert () == b.findings
        assert D("0.00") == b.indemnity

    def test_recovery_costs_stay_with_the_creditor(self) -> None:
        b = late_penalties(
            D("1000"),
            self.DUE,
            self.PAID,
            basis=PenaltyBasis.legal(),
            debtor_is_consumer=True,
            recovery_costs=D("80"),
        )
        assert [(Severity.WARNING, CPCE_L111_8)] == [(f.severity, f.article) for f in b.findings]
        assert D("0.00") == b.indemnity
        assert (
            "recovery costs without an enforceable title stay with the creditor when the debtor "
            "is a consumer: none were added"
        ) == b.findings[0].message

    def test_professional_under_legal_interest_is_told_about_the_40(self) -> None:
        b = late_penalties(D("1000"), self.DUE, self.PAID, basis=PenaltyBasis.legal())
        assert [(Severity.INFO, D441_5)] == [(f.severity, f.article) for f in b.findings]
        assert D("0.00") == b.indemnity
        assert (
            "civil legal interest carries no recovery indemnity here; a professional late in a "
            "commercial transaction owes 40 € de plein droit (D441-5): use the STATUTORY basis, "
            "or pass the indemnity as recovery_costs with another basis"
        ) == b.findings[0].message


class TestWording:
    """What a person reads: the basis in French (letters print it), the repr a developer pastes."""

    @pytest.mark.parametrize(
        ("basis", "text"),
        [
            (PenaltyBasis.STATUTORY, "taux BCE + 10 points"),
            (PenaltyBasis.legal_plus(7), "taux d'intérêt légal + 7 points"),
            (PenaltyBasis.legal_plus("2.5"), "taux d'intérêt légal + 2,5 points"),
            (PenaltyBasis.THREE_TIMES_LEGAL, "3 fois le taux d'intérêt légal"),
            (PenaltyBasis.contractual("12.5"), "taux contractuel de 12,50\xa0%"),
            (PenaltyBasis.PUBLIC_PROCUREMENT, "taux BCE + 8 points (commande publique)"),
            (PenaltyBasis.legal(), "taux d'intérêt légal (autres cas)"),
            (
                PenaltyBasis.legal(creditor=Creditor.CONSUMER),
                "taux d'intérêt légal (créancier particulier)",
            ),
            (
                PenaltyBasis.legal(enforceable_on=date(2025, 6, 30)),
                (
                    "taux d'intérêt légal (autres cas), majoré de 5 points deux mois après la "
                    "décision exécutoire du 30/06/2025"
                ),
            ),
            (
                PenaltyBasis.legal(creditor=Creditor.CONSUMER, enforceable_on=date(2025, 6, 30)),
                (
                    "taux d'intérêt légal (créancier particulier), majoré de 5 points deux mois "
                    "après la décision exécutoire du 30/06/2025"
                ),
            ),
        ],
    )
    def test_french_wording(self, basis: PenaltyBasis, text: str) -> None:
        assert text == str(basis)

    @pytest.mark.parametrize(
        ("basis", "text"),
        [
            (PenaltyBasis.STATUTORY, "PenaltyBasis.STATUTORY"),
            (PenaltyBasis.THREE_TIMES_LEGAL, "PenaltyBasis.THREE_TIMES_LEGAL"),
            (PenaltyBasis.PUBLIC_PROCUREMENT, "PenaltyBasis.PUBLIC_PROCUREMENT"),
            (PenaltyBasis.legal_plus(7), "PenaltyBasis.legal_plus(points=Decimal('7'))"),
            (PenaltyBasis.contractual("12.5"), "PenaltyBasis.contractual(Decimal('12.5'))"),
            (PenaltyBasis.legal(), "PenaltyBasis.legal(creditor=Creditor.OTHER)"),
            (
                PenaltyBasis.legal(creditor=Creditor.CONSUMER, enforceable_on=date(2025, 6, 30)),
                (
                    "PenaltyBasis.legal(creditor=Creditor.CONSUMER, "
                    "enforceable_on=datetime.date(2025, 6, 30))"
                ),
            ),
        ],
    )
    def test_repr_rebuilds_the_value(self, basis: PenaltyBasis, text: str) -> None:
        assert text == repr(basis)
        namespace = {"PenaltyBasis": PenaltyBasis, "Creditor": Creditor, "Decimal": Decimal}
        assert basis == eval(text, {"datetime": __import__("datetime"), **namespace})

    def test_repr_says_provisional(self) -> None:
        book = default_rates().assuming_unchanged(through=date(2026, 12, 4))
        basis = PenaltyBasis.PUBLIC_PROCUREMENT
        assumed = late_penalties(
            D("10000"), date(2026, 6, 30), date(2026, 7, 30), basis=basis, rates=book
        )
        # ECB on 1 July 2026 assumed = 2.15, + 8 = 10.15 %: 10 000 × 10.15 × 30 / 36 500 = 83.42
        assert (
            "PenaltyBreakdown(interest=Decimal('83.42'), indemnity=Decimal('40.00'), "
            "total=Decimal('123.42'), currency='EUR', lines=1, provisional)"
        ) == repr(assumed)
        known = late_penalties(
            D("10000"), date(2026, 6, 29), date(2026, 7, 29), basis=basis, rates=book
        )
        # ECB on 1 January 2026 = 2.15, published: 30 days = 83.42 again, not provisional
        assert (
            "PenaltyBreakdown(interest=Decimal('83.42'), indemnity=Decimal('40.00'), "
            "total=Decimal('123.42'), currency='EUR', lines=1)"
        ) == repr(known)

    def test_one_warning_per_assumed_half_year(self) -> None:
        """Assumed unchanged into 2027: one WARNING per half-year priced on an assumed rate."""
        book = default_rates().assuming_unchanged(through=date(2027, 3, 1))
        pay = Payment(on=date(2026, 9, 1), amount=D("100"))
        b = late_penalties(
            D("10000"), date(2026, 6, 15), date(2027, 2, 1), payments=[pay], rates=book
        )
        # 2026-H1 published (not provisional); 2026-H2 in two lines (split by the payment); 2027-H1
        assert [False, True, True, True] == [line.provisional for line in b.lines]
        assert [
            (
                "taux 2026-S2 non publié dans les tables : 12,15\xa0% supposé (2026-H2 rate not "
                "published in the rate tables: 12.15 % assumed unchanged)"
            ),
            (
                "taux 2027-S1 non publié dans les tables : 12,15\xa0% supposé (2027-H1 rate not "
                "published in the rate tables: 12.15 % assumed unchanged)"
            ),
        ] == [f.message for f in b.findings]
        assert [(Severity.WARNING, L441_10)] * 2 == [(f.severity, f.article) for f in b.findings]

    def test_rows_for_a_data_frame(self) -> None:
        b = late_penalties(D("10000"), date(2025, 3, 31), date(2025, 8, 15))
        assert [
            {
                "start": date(2025, 4, 1),
                "end": date(2025, 6, 30),
                "days": 91,
                "balance": D("10000"),
                "rate": D("13.15"),
                "amount": D("327.85"),
                "article": "C. com. art. L441-10",
            },
            {
                "start": date(2025, 7, 1),
                "end": date(2025, 8, 15),
                "days": 46,
                "balance": D("10000"),
                "rate": D("12.15"),
                "amount": D("153.12"),
                "article": "C. com. art. L441-10",
            },
        ] == b.rows()


class TestErrorsSayWhatWasWrong:
    """A bad input raises the library's error naming the argument, the value and what is accepted."""

    def test_kind_that_is_not_a_basis_kind(self) -> None:
        with pytest.raises(InvalidArgument) as info:
            PenaltyBasis("statutory")  # type: ignore[arg-type]
        assert ("kind", "statutory", "a BasisKind") == (
            info.value.name,
            info.value.value,
            info.value.reason,
        )

    @pytest.mark.parametrize(
        ("make", "name", "value", "reason"),
        [
            (
                lambda: PenaltyBasis(BasisKind.LEGAL_PLUS),
                "points",
                None,
                "a legal_plus basis needs points",
            ),
            (
                lambda: PenaltyBasis(BasisKind.CONTRACTUAL, points=D("1"), rate=D("1")),
                "points",
                D("1"),
                "a contractual basis takes no points",
            ),
            (
                lambda: PenaltyBasis(BasisKind.STATUTORY, creditor=Creditor.OTHER),
                "creditor",
                Creditor.OTHER,
                "a statutory basis takes no creditor",
            ),
            (
                lambda: PenaltyBasis(BasisKind.LEGAL, creditor="other"),  # type: ignore[arg-type]
                "creditor",
                "other",
                "Creditor.CONSUMER or Creditor.OTHER",
            ),
            (
                lambda: PenaltyBasis(BasisKind.STATUTORY, enforceable_on=date(2025, 1, 1)),
                "enforceable_on",
                date(2025, 1, 1),
                "only the legal basis takes it",
            ),
        ],
    )
    def test_fields_of_a_kind(self, make: object, name: str, value: object, reason: str) -> None:
        assert callable(make)
        with pytest.raises(InvalidArgument) as info:
            make()
        assert (name, value, reason) == (info.value.name, info.value.value, info.value.reason)

    def test_enforceable_on_must_be_a_date(self) -> None:
        with pytest.raises(DateTypeError) as info:
            PenaltyBasis.legal(enforceable_on="2025-06-30")  # type: ignore[arg-type]
        assert "2025-06-30" == info.value.value
        assert info.value.reason.startswith("enforceable_on must be a datetime.date, not str")

    def test_unknown_creditor(self) -> None:
        with pytest.raises(InvalidArgument) as info:
            PenaltyBasis.legal(creditor="bank")
        assert ("creditor", "bank") == (info.value.name, info.value.value)
        assert "Creditor.CONSUMER or Creditor.OTHER ('consumer', 'other')" == info.value.reason

    @pytest.mark.parametrize(
        ("data", "name", "value", "fragment"),
        [
            (None, "basis", None, "a dict with a 'kind' such as 'statutory'"),
            ({"kind": 1}, "basis", {"kind": 1}, "a dict with a 'kind' such as 'statutory'"),
            ({"kind": "nope"}, "kind", "nope", "one of statutory, legal_plus, three_times_legal"),
            ({"kind": "statutory", "x": 1}, "basis", {"kind": "statutory", "x": 1}, "['x']"),
            (
                {"kind": "legal", "creditor": "bank"},
                "basis",
                {"kind": "legal", "creditor": "bank"},
                "'bank'",
            ),
            (
                {"kind": "legal", "creditor": "other", "enforceable_on": "30/06/2025"},
                "basis",
                {"kind": "legal", "creditor": "other", "enforceable_on": "30/06/2025"},
                "30/06/2025",
            ),
        ],
    )
    def test_from_dict(self, data: object, name: str, value: object, fragment: str) -> None:
        with pytest.raises(InvalidArgument) as info:
            PenaltyBasis.from_dict(data)
        assert (name, value) == (info.value.name, info.value.value)
        assert fragment in info.value.reason

    def test_from_dict_says_what_a_basis_is(self) -> None:
        with pytest.raises(InvalidArgument) as info:
            PenaltyBasis.from_dict([])
        assert "a dict with a 'kind' such as 'statutory'" == info.value.reason

    def test_from_dict_keeps_the_library_error(self) -> None:
        """A negative rate is an InvalidAmount, not re-wrapped as a generic basis error."""
        with pytest.raises(InvalidAmount):
            PenaltyBasis.from_dict({"kind": "contractual", "rate": "-1"})

    def test_enforceable_too_late(self) -> None:
        with pytest.raises(InvalidDate) as info:
            PenaltyBasis.legal(enforceable_on=date(9999, 11, 1))
        assert date(9999, 11, 1) == info.value.value
        assert info.value.reason.startswith(
            "enforceable_on: the 5-point increase of CMF L313-3 starts the day after two months "
            "have run from it, which must be on or before 9999-12-31 (the last date Python "
            "represents); pass a date up to 9999-10-30"
        )

    @pytest.mark.parametrize(
        ("payments", "fragment"),
        [
            (None, "not None: pass () for no payment"),
            ({}, "not a mapping (a dict iterates over its keys)"),
            (
                frozenset(),
                "not a set (equal payments, on the same day for the same amount, would count once)",
            ),
            ("x", "not str"),
            (b"x", "not bytes"),
            (3, "not int"),
        ],
    )
    def test_payments_not_an_iterable_of_payments(self, payments: object, fragment: str) -> None:
        with pytest.raises(ArgumentTypeError) as info:
            late_penalties(D("1"), date(2025, 1, 31), date(2025, 3, 2), payments=payments)  # type: ignore[arg-type]
        assert ("payments", payments) == (info.value.name, info.value.value)
        assert (
            "an iterable (list, tuple...) of Payment(on=date(...), amount=Decimal(...)), "
            + fragment
        ) == info.value.reason

    def test_payments_holding_something_else(self) -> None:
        with pytest.raises(ArgumentTypeError) as info:
            late_penalties(D("1"), date(2025, 1, 31), date(2025, 3, 2), payments=[(1, 2)])  # type: ignore[list-item]
        assert ("payments", (1, 2)) == (info.value.name, info.value.value)
        assert info.value.reason.endswith("not tuple")

    def test_payments_in_a_generator_are_read(self) -> None:
        pays = (p for p in [Payment(on=date(2025, 2, 15), amount=D("1"))])
        b = late_penalties(D("1000"), date(2025, 1, 31), date(2025, 3, 2), payments=pays)
        assert 1 == len(b.payments)

    def test_payment_with_too_many_decimals(self) -> None:
        pay = Payment(on=date(2025, 2, 15), amount=D("1.001"))
        with pytest.raises(InvalidAmount, match="a payment has more decimals than EUR allows"):
            late_penalties(D("1000"), date(2025, 1, 31), date(2025, 3, 2), payments=[pay])

    def test_payment_after_paid_on_names_the_payment(self) -> None:
        pay = Payment(on=date(2025, 3, 3), amount=D("1"))
        with pytest.raises(InvalidPayment) as info:
            late_penalties(D("1000"), date(2025, 1, 31), date(2025, 3, 2), payments=[pay])
        assert pay == info.value.payment
        assert (
            "a payment dated after paid_on (2025-03-02) cannot be applied; evaluate at a later "
            "paid_on or drop it"
        ) == info.value.reason

    def test_payment_on_paid_on_is_accepted(self) -> None:
        pay = Payment(on=date(2025, 3, 2), amount=D("1"))
        late_penalties(D("1000"), date(2025, 1, 31), date(2025, 3, 2), payments=[pay])

    def test_payment_above_the_principal_before_the_due_date(self) -> None:
        pay = Payment(on=date(2025, 1, 31), amount=D("1000.01"))
        with pytest.raises(InvalidPayment) as info:
            late_penalties(D("1000"), date(2025, 1, 31), date(2025, 3, 2), payments=[pay])
        assert pay == info.value.payment
        assert "it exceeds the 1000 EUR of principal owed on 2025-01-31" == info.value.reason

    def test_payment_of_the_whole_principal_before_the_due_date(self) -> None:
        pay = Payment(on=date(2025, 1, 31), amount=D("1000.00"))
        b = late_penalties(D("1000"), date(2025, 1, 31), date(2025, 3, 2), payments=[pay])
        assert (D("0.00"), D("0.00")) == (b.interest, b.indemnity)

    def test_payment_above_what_is_owed_later(self) -> None:
        pay = Payment(on=date(2025, 3, 2), amount=D("1010.82"))
        with pytest.raises(InvalidPayment) as info:
            late_penalties(D("1000"), date(2025, 1, 31), date(2025, 3, 2), payments=[pay])
        # 30 days: 1 000 × 13.15 × 30 / 36 500 = 10.81 owed on top of the principal
        assert (
            "it exceeds what is owed at the end of 2025-03-02: 1000 EUR of principal + "
            "10.81 EUR of accrued interest = 1010.81 EUR"
        ) == info.value.reason

    def test_zero_payment_is_refused(self) -> None:
        with pytest.raises(InvalidAmount) as info:
            Payment(on=date(2025, 1, 31), amount=D("0.00"))
        assert (D("0.00"), "a payment must be more than zero") == (
            info.value.value,
            info.value.reason,
        )

    def test_payment_date_must_be_a_date(self) -> None:
        with pytest.raises(DateTypeError) as info:
            Payment(on="2025-01-31", amount=D("1"))  # type: ignore[arg-type]
        assert "2025-01-31" == info.value.value
        assert info.value.reason.startswith("on must be a datetime.date, not str")

    def test_principal_with_too_many_decimals(self) -> None:
        with pytest.raises(InvalidAmount) as info:
            late_penalties(D("1000.001"), date(2025, 1, 31), date(2025, 3, 2))
        assert D("1000.001") == info.value.value
        assert (
            "principal has more decimals than EUR allows (2); round it first" == info.value.reason
        )

    def test_yen_have_no_decimals(self) -> None:
        with pytest.raises(InvalidAmount, match=r"than JPY allows \(0\)"):
            late_penalties(D("1000.5"), date(2025, 1, 31), date(2025, 3, 2), currency="JPY")

    def test_costs_with_too_many_decimals(self) -> None:
        with pytest.raises(InvalidAmount, match="costs has more decimals"):
            late_penalties(D("1000"), date(2025, 1, 31), date(2025, 3, 2), recovery_costs="1.001")

    @pytest.mark.parametrize(
        ("option", "value", "reason"),
        [
            ("basis", "statutory", "a PenaltyBasis such as PenaltyBasis.STATUTORY"),
            ("day_count", "ACT/365", "DayCount.ACT_365 or DayCount.ACT_ACT"),
            (
                "allocation",
                "interest_first",
                "Allocation.INTEREST_FIRST or Allocation.PRINCIPAL_FIRST",
            ),
            ("debtor_is_consumer", 1, "True or False"),
            ("rates", {}, "a RateBook such as default_rates()"),
        ],
    )
    def test_options(self, option: str, value: object, reason: str) -> None:
        with pytest.raises(InvalidArgument) as info:
            late_penalties(D("1"), date(2025, 1, 31), date(2025, 3, 2), **{option: value})  # type: ignore[arg-type]
        assert (option, value, reason) == (info.value.name, info.value.value, info.value.reason)

    @pytest.mark.parametrize("which", ["due_on", "paid_on"])
    def test_dates_are_named(self, which: str) -> None:
        dates: dict[str, object] = {"due_on": date(2025, 1, 31), "paid_on": date(2025, 3, 2)}
        dates[which] = "2025-02-01"
        with pytest.raises(DateTypeError) as info:
            late_penalties(D("1"), **dates)  # type: ignore[arg-type]
        assert "2025-02-01" == info.value.value
        assert info.value.reason.startswith(f"{which} must be a datetime.date, not str")

    def test_a_datetime_is_not_a_date(self) -> None:
        from datetime import datetime

        with pytest.raises(DateTypeError, match=r"not a datetime; pass value\.date\(\)"):
            late_penalties(D("1"), datetime(2025, 1, 31, 12), date(2025, 3, 2))  # noqa: DTZ001

    def test_public_procurement_before_2013_says_what_to_do(self) -> None:
        with pytest.raises(RateUnavailable) as info:
            late_penalties(
                D("1000"),
                date(2012, 6, 1),
                date(2012, 7, 1),
                basis=PenaltyBasis.PUBLIC_PROCUREMENT,
            )
        assert ("ECB_MRO", "2012-H1") == (info.value.series, info.value.period)
        assert (
            "the public-procurement rule shipped (ECB + 8 points, CCP R2192-31) is applied from "
            '2013; for earlier interest pass basis=PenaltyBasis.contractual(Decimal("<rate>"))'
        ) == info.value.hint

    def test_zero_principal(self) -> None:
        with pytest.raises(InvalidAmount) as info:
            late_penalties(D("0"), date(2025, 1, 31), date(2025, 3, 2))
        assert "principal must be more than zero" == info.value.reason
        assert D("0") == info.value.value


class TestValues:
    """Lines and breakdowns are immutable values (equality, hashing and pickling are tested in
    test_interest_fast.py): nothing can be set or deleted, and the constructor takes the fields."""

    @staticmethod
    def _breakdown() -> PenaltyBreakdown:
        pay = Payment(on=date(2025, 6, 30), amount=D("5000"))
        return late_penalties(
            D("10000"), date(2025, 3, 31), date(2025, 8, 15), payments=[pay], recovery_costs="50"
        )

    def test_line_repr_names_every_field(self) -> None:
        line = late_penalties(D("1000"), date(2025, 1, 31), date(2025, 3, 2)).lines[0]
        assert (
            "PenaltyLine(start=datetime.date(2025, 2, 1), end=datetime.date(2025, 3, 2), days=30, "
            "balance=Decimal('1000'), rate=Decimal('13.15'), amount=Decimal('10.81'), "
            "article=Article('C. com.', 'L441-10'), denominator=365, provisional=False)"
        ) == repr(line)

    @pytest.mark.parametrize("name", ["days", "amount", "_values"])
    def test_line_cannot_change(self, name: str) -> None:
        line = self._breakdown().lines[0]
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            setattr(line, name, 1)
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            delattr(line, name)
        assert 91 == line.days

    @pytest.mark.parametrize("name", ["interest", "lines", "_values"])
    def test_breakdown_cannot_change(self, name: str) -> None:
        b = self._breakdown()
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            setattr(b, name, 1)
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            delattr(b, name)
        assert D("409.43") == b.interest

    def test_breakdown_built_from_its_fields(self) -> None:
        """The constructor takes the fields in their documented order and gives an equal value."""
        b = self._breakdown()
        built = PenaltyBreakdown(
            b.principal,
            b.currency,
            b.due_on,
            b.paid_on,
            b.basis,
            b.day_count,
            b.allocation,
            b.payments,
            b.lines,
            b.interest,
            b.interest_paid,
            b.principal_outstanding,
            b.indemnity,
            b.indemnity_article,
            b.total,
            b.findings,
            b.articles,
        )
        assert built == b
        assert b.as_dict() == built.as_dict()
        assert (L441_10, CIV_1343_1) == built.articles
        assert (D("409.43"), D("50.00"), D("459.43")) == (
            built.interest,
            built.indemnity,
            built.total,
        )


class TestShortWording:
    """A letter names the basis in a few words, in French or English."""

    @pytest.mark.parametrize(
        ("basis", "language", "locale", "text"),
        [
            (PenaltyBasis.legal_plus(5), "fr", "fr_FR", "taux d'intérêt légal + 5 points"),
            (PenaltyBasis.legal_plus(5), "en", "en_GB", "legal interest rate + 5 points"),
            (PenaltyBasis.STATUTORY, "en", "en_GB", "ECB rate + 10 points"),
            (PenaltyBasis.PUBLIC_PROCUREMENT, "fr", "fr_FR", "taux BCE + 8 points"),
            (PenaltyBasis.contractual("12.5"), "fr", "fr_FR", "taux contractuel de 12,50\xa0%"),
            (PenaltyBasis.contractual("12.5"), "en", "en_GB", "contractual rate of 12.50%"),
            (PenaltyBasis.LEGAL, "fr", "fr_FR", ""),
        ],
    )
    def test_short(self, basis: PenaltyBasis, language: str, locale: str, text: str) -> None:
        assert text == basis.short(language, locale=locale)

    def test_french_numbers_by_default(self) -> None:
        assert "taux contractuel de 12,50\xa0%" == PenaltyBasis.contractual("12.5").short("fr")

    def test_language_and_number_format_apart(self) -> None:
        """The words follow *language*, the numbers *locale*: English words, French numbers."""
        assert "legal interest rate + 2,5 points" == PenaltyBasis.legal_plus("2.5").short(
            "en", locale="fr_FR"
        )
        assert "taux contractuel de 12.50%" == PenaltyBasis.contractual("12.5").short(
            "fr", locale="en_GB"
        )


class TestRounding:
    """DESIGN: each line rounded half-up to the cent (a half cent goes up, not to even)."""

    @pytest.mark.parametrize(
        ("principal", "amount"),
        [
            ("18.25", "0.01"),  # 18.25 × 10 × 1 / 36 500 = 0.005 exactly → 0.01 (half-even: 0.00)
            ("54.75", "0.02"),  # 0.015 exactly → 0.02
            ("91.25", "0.03"),  # 0.025 exactly → 0.03 (half-even: 0.02)
            ("18.24", "0.00"),  # 0.004997... → 0.00
        ],
    )
    def test_half_a_cent_goes_up(self, principal: str, amount: str) -> None:
        b = late_penalties(
            D(principal), date(2025, 1, 1), date(2025, 1, 2), basis=PenaltyBasis.contractual("10")
        )
        assert [(principal, amount)] == [(str(x.balance), str(x.amount)) for x in b.lines]

    def test_balance_after_a_payment_with_one_decimal(self) -> None:
        """5 000.5 paid before the due date: 4 999.5 bears interest, as written."""
        pay = Payment(on=date(2025, 3, 1), amount=D("5000.5"))
        b = late_penalties(D("10000"), date(2025, 3, 31), date(2025, 8, 15), payments=[pay])
        # 4 999.5 × 13.15 × 91 / 36 500 = 163.907 → 163.91 ; × 12.15 × 46 / 36 500 = 76.554 → 76.55
        assert [
            ("2025-04-01", "2025-06-30", 91, "4999.5", "13.15", "163.91"),
            ("2025-07-01", "2025-08-15", 46, "4999.5", "12.15", "76.55"),
        ] == _lines(b)

    def test_late_payment_with_one_decimal_on_a_principal_in_cents(self) -> None:
        """5 000.5 on 30 June: 327.85 of interest, 4 672.65 of principal; 5 327.35 left."""
        pay = Payment(on=date(2025, 6, 30), amount=D("5000.5"))
        b = late_penalties(D("10000.00"), date(2025, 3, 31), date(2025, 8, 15), payments=[pay])
        # 5 327.35 × 12.15 × 46 / 36 500 = 2 977 455.915 / 36 500 = 81.574 → 81.57
        assert [
            ("2025-04-01", "2025-06-30", 91, "10000.00", "13.15", "327.85"),
            ("2025-07-01", "2025-08-15", 46, "5327.35", "12.15", "81.57"),
        ] == _lines(b)
        assert (D("327.85"), D("5327.35")) == (b.interest_paid, b.principal_outstanding)


class TestEveryRateAndPath:
    """The same rules whatever the rate's decimals or the day count (no shortcut changes them)."""

    def test_a_rate_with_seven_decimals_is_priced_exactly(self) -> None:
        """10.0000005 % on 1 000 000 000 000 € for one day, not 10 % nor 10.000001 %."""
        b = late_penalties(
            D("1000000000000"),
            date(2025, 1, 1),
            date(2025, 1, 2),
            basis=PenaltyBasis.contractual("10.0000005"),
        )
        # 10¹² × 10.0000005 / 36 500 = 10 000 000 500 000 / 36 500 = 273 972 616.438 → .44
        assert [("10.0000005", "273972616.44")] == [(str(x.rate), str(x.amount)) for x in b.lines]

    def test_legal_plus_one_point_under_act_act(self) -> None:
        b = late_penalties(
            D("10000"),
            date(2025, 1, 31),
            date(2025, 3, 2),
            basis=PenaltyBasis.legal_plus(1),
            day_count=DayCount.ACT_ACT,
        )
        # 2025 is a common year: 10 000 × 4.71 × 30 / 36 500 = 38.712 → 38.71, as under ACT_365
        assert [("2025-02-01", "2025-03-02", 30, "10000", "4.71", "38.71")] == _lines(b)

    def test_overpayment_under_act_act(self) -> None:
        pay = Payment(on=date(2025, 3, 2), amount=D("1010.82"))
        with pytest.raises(InvalidPayment) as info:
            late_penalties(
                D("1000"),
                date(2025, 1, 31),
                date(2025, 3, 2),
                day_count=DayCount.ACT_ACT,
                payments=[pay],
            )
        assert (
            "it exceeds what is owed at the end of 2025-03-02: 1000 EUR of principal + "
            "10.81 EUR of accrued interest = 1010.81 EUR"
        ) == info.value.reason


class TestPaymentsInCents:
    """Amounts written to the cent (10000.00) follow the same rules as any other writing."""

    DUE, PAID = date(2025, 3, 31), date(2025, 8, 15)

    def test_paying_more_than_owed_is_refused(self) -> None:
        pay = Payment(on=date(2025, 3, 2), amount=D("1010.82"))
        with pytest.raises(InvalidPayment) as info:
            late_penalties(D("1000.00"), date(2025, 1, 31), date(2025, 3, 2), payments=[pay])
        # 30 days: 1 000 × 13.15 × 30 / 36 500 = 10.808 → 10.81 owed on top of the principal
        assert (
            "it exceeds what is owed at the end of 2025-03-02: 1000.00 EUR of principal + "
            "10.81 EUR of accrued interest = 1010.81 EUR"
        ) == info.value.reason

    def test_paying_exactly_what_is_owed_clears_everything(self) -> None:
        pay = Payment(on=date(2025, 3, 2), amount=D("1010.81"))
        b = late_penalties(D("1000.00"), date(2025, 1, 31), date(2025, 3, 2), payments=[pay])
        assert (D("10.81"), D("10.81"), D("0")) == (
            b.interest,
            b.interest_paid,
            b.principal_outstanding,
        )

    def test_interest_first(self) -> None:
        pay = Payment(on=date(2025, 6, 30), amount=D("5000.00"))
        b = late_penalties(D("10000.00"), self.DUE, self.PAID, payments=[pay])
        # 327.85 of interest, 4 672.15 of principal: 5 327.85 × 12.15 × 46 / 36 500 = 81.58
        assert [
            ("2025-04-01", "2025-06-30", 91, "10000.00", "13.15", "327.85"),
            ("2025-07-01", "2025-08-15", 46, "5327.85", "12.15", "81.58"),
        ] == _lines(b)
        assert (D("327.85"), D("5327.85")) == (b.interest_paid, b.principal_outstanding)

    def test_principal_first_then_interest(self) -> None:
        """10 100.00 principal first: the 10 000.00 of principal, then 100.00 of the interest."""
        pay = Payment(on=date(2025, 6, 30), amount=D("10100.00"))
        b = late_penalties(
            D("10000.00"),
            self.DUE,
            self.PAID,
            payments=[pay],
            allocation=Allocation.PRINCIPAL_FIRST,
        )
        assert [("2025-04-01", "2025-06-30", 91, "10000.00", "13.15", "327.85")] == _lines(b)
        # 327.85 accrued, 100.00 paid, 227.85 still owed
        assert (D("327.85"), D("100.00"), D("0")) == (
            b.interest,
            b.interest_paid,
            b.principal_outstanding,
        )

    def test_payment_in_cents_then_one_with_one_decimal(self) -> None:
        pays = [
            Payment(on=date(2025, 5, 31), amount=D("1000.00")),
            Payment(on=date(2025, 6, 30), amount=D("500.5")),
        ]
        b = late_penalties(D("10000.00"), self.DUE, self.PAID, payments=pays)
        # 1 Apr–31 May: 10 000 × 13.15 × 61 / 36 500 = 219.767 → 219.77; 780.23 of principal
        # June: 9 219.77 × 13.15 × 30 / 36 500 = 99.649 → 99.65; 500.5 − 99.65 = 400.85
        # 1 Jul–15 Aug: 8 818.92 × 12.15 × 46 / 36 500 = 135.038 → 135.04
        assert [
            ("2025-04-01", "2025-05-31", 61, "10000.00", "13.15", "219.77"),
            ("2025-06-01", "2025-06-30", 30, "9219.77", "13.15", "99.65"),
            ("2025-07-01", "2025-08-15", 46, "8818.92", "12.15", "135.04"),
        ] == _lines(b)
        assert (D("319.42"), D("8818.92")) == (b.interest_paid, b.principal_outstanding)

    def test_same_figures_in_a_hostile_decimal_context(self) -> None:
        """The caller's decimal context (3 digits, rounding down) changes no figure."""
        pays = [
            Payment(on=date(2025, 5, 31), amount=D("1000.00")),
            Payment(on=date(2025, 6, 30), amount=D("500.5")),
        ]
        expected = late_penalties(D("10000.00"), self.DUE, self.PAID, payments=pays)
        with decimal.localcontext(decimal.Context(prec=3, rounding=decimal.ROUND_DOWN)):
            hostile = late_penalties(D("10000.00"), self.DUE, self.PAID, payments=pays)
        assert expected.as_dict() == hostile.as_dict()

    def test_overpayment_after_a_payment_in_cents(self) -> None:
        pays = [
            Payment(on=date(2025, 5, 31), amount=D("1000.00")),
            Payment(on=date(2025, 6, 30), amount=D("9500.00")),
        ]
        with pytest.raises(InvalidPayment) as info:
            late_penalties(D("10000.00"), self.DUE, self.PAID, payments=pays)
        # owed on 30 June: 9 219.77 of principal (see above) + 99.65 of June's interest
        assert (
            "it exceeds what is owed at the end of 2025-06-30: 9219.77 EUR of principal + "
            "99.65 EUR of accrued interest = 9319.42 EUR"
        ) == info.value.reason

    def test_part_of_the_interest_paid_in_a_hostile_decimal_context(self) -> None:
        """100.5 pays part of the 219.77 accrued: 119.27 stay owed, whatever the caller's context."""
        pays = [Payment(on=date(2025, 5, 31), amount=D("100.5"))]
        expected = late_penalties(D("10000.00"), self.DUE, self.PAID, payments=pays)
        # the principal is untouched; June: 10 000 × 13.15 × 30 / 36 500 = 108.08
        assert [("10000.00", "219.77"), ("10000.00", "108.08"), ("10000.00", "153.12")] == [
            (str(x.balance), str(x.amount)) for x in expected.lines
        ]
        assert (D("480.97"), D("100.5")) == (expected.interest, expected.interest_paid)
        with decimal.localcontext(decimal.Context(prec=3, rounding=decimal.ROUND_DOWN)):
            hostile = late_penalties(D("10000.00"), self.DUE, self.PAID, payments=pays)
        assert expected.as_dict() == hostile.as_dict()

    def test_principal_as_text_or_int(self) -> None:
        """ "1000", 1000 and Decimal("1000") are the same principal."""
        expected = late_penalties(D("1000"), date(2025, 1, 31), date(2025, 3, 2)).as_dict()
        assert expected == late_penalties("1000", date(2025, 1, 31), date(2025, 3, 2)).as_dict()
        assert expected == late_penalties(1000, date(2025, 1, 31), date(2025, 3, 2)).as_dict()


class TestEdgesOfTheTables:
    def test_interest_starting_on_the_last_known_day(self) -> None:
        """The statutory table is known until 30 June 2026: one day of interest on it."""
        b = late_penalties(D("10000"), date(2026, 6, 29), date(2026, 6, 30))
        # 10 000 × 12.15 / 36 500 = 3.3287 → 3.33
        assert [("2026-06-30", "2026-06-30", 1, "10000", "12.15", "3.33")] == _lines(b)

    def test_partly_paid_on_the_last_known_day(self) -> None:
        """The same day with a payment on it (the payments' path): 3.33 of interest, paid first
        (C. civ. 1343-1), then 96.67 of principal."""
        pay = Payment(on=date(2026, 6, 30), amount=D("100"))
        b = late_penalties(D("10000"), date(2026, 6, 29), date(2026, 6, 30), payments=[pay])
        assert [("2026-06-30", "2026-06-30", 1, "10000", "12.15", "3.33")] == _lines(b)
        assert (D("3.33"), D("9903.33")) == (b.interest_paid, b.principal_outstanding)

    def test_partly_paid_before_the_tables_begin(self) -> None:
        """ECB + 10 applies from 2009-01-01 (the statutory table starts there): interest from
        31 December 2008 is not priced on a later rate, payments or not."""
        pay = Payment(on=date(2009, 1, 2), amount=D("100"))
        with pytest.raises(RateUnavailable) as info:
            late_penalties(D("10000"), date(2008, 12, 30), date(2009, 1, 5), payments=[pay])
        assert "2008-H2" == info.value.period

    def test_past_the_tables_under_act_act(self) -> None:
        with pytest.raises(RateUnavailable) as info:
            late_penalties(
                D("10000"), date(2026, 5, 31), date(2026, 7, 15), day_count=DayCount.ACT_ACT
            )
        assert "2026-H2" == info.value.period

    def test_clearing_payment_under_act_act(self) -> None:
        pay = Payment(on=date(2025, 6, 30), amount=D("10327.85"))
        b = late_penalties(
            D("10000"),
            date(2025, 3, 31),
            date(2025, 8, 15),
            day_count=DayCount.ACT_ACT,
            payments=[pay],
        )
        # 2025 is a common year: the same 327.85 as under ACT_365, and nothing after 30 June
        assert [("2025-04-01", "2025-06-30", 91, "10000", "13.15", "327.85")] == _lines(b)
        assert D("0") == b.principal_outstanding

    def test_flat_indemnity_from_1_january_2013_in_a_frame_too(self) -> None:
        """D441-5 (loi 2012-387): the 40 € apply to debts falling due from 1 January 2013, the
        same rule for a column of invoices (``penalties_frame``) as for one.

        ECB + 10 = 10.75 % in 2012-H2 and 2013-H1: 1 000 × 10.75 × 32 / 36 500 = 9.4247 → 9.42;
        × 31 / 36 500 = 9.1301 → 9.13."""
        pandas = pytest.importorskip("pandas")
        from dunning_core.frames import penalties_frame

        dues, paid = [date(2012, 12, 31), date(2013, 1, 1)], date(2013, 2, 1)
        frame = pandas.DataFrame(
            {"principal": [D("1000")] * 2, "due_on": dues, "paid_on": [paid] * 2}
        )
        out = penalties_frame(frame)
        assert [("9.42", "0.00"), ("9.13", "40.00")] == [
            (str(i), str(c)) for i, c in zip(out["interest"], out["indemnity"], strict=True)
        ]
        assert [D("0.00"), D("40.00")] == [
            late_penalties(D("1000"), d, paid).indemnity for d in dues
        ]

    def test_costs_on_a_debt_due_on_1_january_2013(self) -> None:
        """The first day of the indemnity: justified costs of 120 € replace the 40 €."""
        b = late_penalties(D("1000"), date(2013, 1, 1), date(2013, 1, 31), recovery_costs=D("120"))
        assert (D("120.00"), L441_10, ()) == (b.indemnity, b.indemnity_article, b.findings)


class TestRefusalsWordForWord:
    """Each refusal names the argument, keeps the value given and says what is accepted."""

    def test_converted_indemnity_for_an_invoice_in_euros(self) -> None:
        with pytest.raises(InvalidArgument) as info:
            late_penalties(D("1000"), date(2025, 3, 31), date(2025, 5, 1), indemnity_in_currency=40)
        assert ("indemnity_in_currency", 40) == (info.value.name, info.value.value)
        assert (
            "nothing, for an invoice in EUR (its flat indemnity is 40 €); it is the 40 € "
            "converted into the currency of an invoice in another currency"
        ) == info.value.reason

    def test_converted_indemnity_of_zero(self) -> None:
        with pytest.raises(InvalidAmount) as info:
            late_penalties(
                D("1000"),
                date(2025, 3, 31),
                date(2025, 5, 1),
                currency="JPY",
                indemnity_in_currency=0,
            )
        assert D("0") == info.value.value
        assert "indemnity_in_currency must be more than zero (got Decimal('0'))" == str(info.value)

    def test_converted_indemnity_with_too_many_decimals(self) -> None:
        with pytest.raises(InvalidAmount) as info:
            late_penalties(
                D("1000"),
                date(2025, 3, 31),
                date(2025, 5, 1),
                currency="JPY",
                indemnity_in_currency="6500.5",
            )
        assert (
            "indemnity_in_currency has more decimals than JPY allows (0); round it first "
            "(got '6500.5')"
        ) == str(info.value)

    def test_short_wording_in_another_language(self) -> None:
        with pytest.raises(InvalidArgument) as info:
            PenaltyBasis.STATUTORY.short("de")
        assert ("language", "de", "'fr' or 'en'") == (
            info.value.name,
            info.value.value,
            info.value.reason,
        )

    def test_fixed_rate_from_a_text_date(self) -> None:
        with pytest.raises(DateTypeError) as info:
            PenaltyBasis.contractual("12").fixed_rate(default_rates(), "2025-01-01")  # type: ignore[arg-type]
        assert str(info.value).startswith("start must be a datetime.date, not str")


class TestExactFigures:
    """Figures exact to the minor unit of their currency, whatever the size of the amounts."""

    def test_yen_paid_on_time_owes_zero_yen(self) -> None:
        """Nothing owed is zero in the currency's minor unit: 0 yen, not 0.00 (ISO 4217: JPY
        has no decimals), in every figure of the breakdown."""
        b = late_penalties(
            D("10000"),
            date(2026, 1, 31),
            date(2026, 1, 31),
            currency="JPY",
            indemnity_in_currency=D("6500"),
        )
        assert ("0", "0", "0", "0") == (
            str(b.interest),
            str(b.interest_paid),
            str(b.indemnity),
            str(b.total),
        )

    def test_principal_first_pays_no_interest_written_in_cents(self) -> None:
        """Allocation.PRINCIPAL_FIRST: 5 000 paid on 30 June all go to the principal; the interest
        paid is 0.00 €, in cents as every figure (10 000 × 13.15 × 91 / 36 500 = 327.849 → 327.85;
        5 000 × 12.15 × 46 / 36 500 = 76.562 → 76.56)."""
        pay = Payment(on=date(2025, 6, 30), amount=D("5000"))
        b = late_penalties(
            D("10000"),
            date(2025, 3, 31),
            date(2025, 8, 15),
            allocation=Allocation.PRINCIPAL_FIRST,
            payments=[pay],
        )
        assert ("0.00", "404.41") == (str(b.interest_paid), str(b.interest))

    def test_yen_indemnity_in_yen(self) -> None:
        """D441-5 in yen: the 40 € converted by the caller, or justified costs without it
        (L441-10 II), both in whole yen."""
        due, paid = date(2025, 3, 31), date(2025, 4, 30)
        converted = late_penalties(
            D("1000"), due, paid, currency="JPY", indemnity_in_currency=D("6500")
        )
        costs = late_penalties(D("1000"), due, paid, currency="JPY", recovery_costs=D("5000"))
        # costs are compared with the 40 € converted: the larger is owed
        below, above = (
            late_penalties(
                D("1000"),
                due,
                paid,
                currency="JPY",
                indemnity_in_currency=D("6500"),
                recovery_costs=D(yen),
            )
            for yen in ("5000", "8000")
        )
        assert [("6500", D441_5), ("5000", L441_10), ("6500", D441_5), ("8000", L441_10)] == [
            (str(b.indemnity), b.indemnity_article) for b in (converted, costs, below, above)
        ]

    def test_payments_past_the_end_of_the_tables(self) -> None:
        """A partial payment does not let interest run on a rate nobody published: the
        statutory table ends on 30 June 2026, so 2026-H2 is unavailable."""
        pay = Payment(on=date(2026, 6, 25), amount=D("100"))
        with pytest.raises(RateUnavailable) as info:
            late_penalties(D("10000"), date(2026, 6, 20), date(2026, 7, 15), payments=[pay])
        assert "2026-H2" == info.value.period

    def test_huge_principal_partly_paid_before_the_due_date(self) -> None:
        """A payment on the due date lowers a principal of 15 digits; the rest is priced to the
        cent (L441-10 II: ECB + 10 = 12.15 % in 2025-H2).

        987 654 321 098 765.43 - 0.01 = 987 654 321 098 765.42;
        × 12.15 × 30 / 36 500 = 9 863 013 699 739.7259... → 9 863 013 699 739.73
        (in binary floats the principal reads 987 654 321 098 765.4: 2 cents gone).
        """
        pay = Payment(on=date(2025, 7, 31), amount=D("0.01"))
        b = late_penalties(
            D("987654321098765.43"), date(2025, 7, 31), date(2025, 8, 30), payments=[pay]
        )
        assert [
            (
                "2025-08-01",
                "2025-08-30",
                30,
                "987654321098765.42",
                "12.15",
                "9863013699739.73",
            )
        ] == _lines(b)

    @pytest.mark.parametrize(
        "principal",
        [D("987654321098765432.10"), D(10**18), D("1000000000000000.01"), 10**16, "1" + "0" * 16],
    )
    def test_a_principal_over_the_maximum_is_refused_in_every_form(self, principal: object) -> None:
        """Over MAX_AMOUNT (10**15) a principal is refused as an int, a str or a Decimal alike,
        with or without payments (a Decimal of up to 18 digits went through the hot path and was
        priced, where the same int was refused)."""
        pay = Payment(on=date(2025, 7, 31), amount=D("0.01"))
        for payments in ([], [pay]):
            with pytest.raises(InvalidAmount):
                late_penalties(principal, date(2025, 7, 31), date(2025, 8, 30), payments=payments)

    def test_the_maximum_itself_is_priced(self) -> None:
        """MAX_AMOUNT is the largest principal, priced by the same rule."""
        b = late_penalties(MAX_AMOUNT, date(2025, 7, 31), date(2025, 8, 30))
        assert b.principal == MAX_AMOUNT
        assert (
            b.total == late_penalties(int(MAX_AMOUNT), date(2025, 7, 31), date(2025, 8, 30)).total
        )


class TestWordsAndLocales:
    """What the display layer fills a basis' wording and a breakdown with, in the locale asked."""

    def test_every_parameter_has_its_place(self) -> None:
        """A basis without parameters fills each placeholder with nothing."""
        assert {"points": "", "rate": "", "creditor": "", "judgment": ""} == (
            PenaltyBasis.STATUTORY.words()
        )

    def test_words_read_in_another_catalog(self) -> None:
        """French number format, English words: the creditor's category is read in *catalog*."""
        basis = PenaltyBasis.legal(creditor=Creditor.CONSUMER)
        assert "consumer creditor" == basis.words("fr_FR", "en_GB")["creditor"]

    def test_judgment_day_in_the_locale(self) -> None:
        """CMF L313-3: + 5 points two months after the enforceable judgment, its day as French
        dates are written."""
        basis = PenaltyBasis.legal(enforceable_on=date(2025, 1, 6))
        assert (
            ", majoré de 5 points deux mois après la décision exécutoire du 06/01/2025"
            == basis.words("fr_FR")["judgment"]
        )
        # and as an American reader writes it, month first
        assert basis.words("en_US")["judgment"].endswith("enforceable decision of 1/6/25")

    def test_breakdown_in_english(self) -> None:
        """The breakdown shown in the locale asked (French by default).

        1 000 € due 15 Jan 2026, 45 late days at ECB + 10 = 12.15 % (2026-H1):
        1 000 × 12.15 × 45 / 36 500 = 14.979 → 14.98."""
        b = late_penalties(D("1000"), date(2026, 1, 15), date(2026, 3, 1))
        assert b.to_text(locale="en_GB").startswith(
            "Late-payment penalties: ECB rate + 10 points\n"
            "Principal €1,000.00, due on 15 January 2026, computed to 1 March 2026\n"
        )
        assert b.to_text().startswith("Pénalités de retard : taux BCE + 10 points\n")
        assert (
            "<caption>Late-payment penalties (ECB rate + 10 points): principal €1,000.00, due "
            "15/01/2026, computed to 01/03/2026</caption>"
        ) in b.to_html(locale="en_GB")


class TestErrorData:
    """Each error carries the code and parameters its sentence is said from (display/_errors.py):
    a wrong code or a renamed parameter shows the reader another sentence, or none. (Found by
    the mutation run of 8409874: stated until then only in test_error_texts.py, which the
    mutation selection leaves out.) Both day counts: the hot path and the general one."""

    @pytest.mark.parametrize("day_count", [DayCount.ACT_365, DayCount.ACT_ACT])
    def test_payment_over_what_is_owed(self, day_count: DayCount) -> None:
        """Due 31 March 2025, 500 € paid on 1 April on 100 €: one day at 13.15 % (2025-H1),
        100 × 13.15 % / 365 = 0.036 → 0.04 €, so 100.04 € is owed at the end of that day."""
        with pytest.raises(InvalidPayment) as info:
            late_penalties(
                "100.00",
                date(2025, 3, 31),
                date(2025, 8, 15),
                payments=[Payment(date(2025, 4, 1), "500.00")],
                day_count=day_count,
            )
        assert "payment_over_owed" == info.value.code
        assert (
            ("amount", Decimal("500.00")),
            ("owed", Decimal("100.04")),
            ("principal", Decimal("100.00")),
            ("interest", Decimal("0.04")),
            ("on", date(2025, 4, 1)),
            ("currency", "EUR"),
        ) == info.value.params

    @pytest.mark.parametrize("day_count", [DayCount.ACT_365, DayCount.ACT_ACT])
    def test_payment_before_due_over_the_principal(self, day_count: DayCount) -> None:
        with pytest.raises(InvalidPayment) as info:
            late_penalties(
                "100.00",
                date(2025, 3, 31),
                date(2025, 8, 15),
                payments=[Payment(date(2025, 3, 15), "150.00")],
                day_count=day_count,
            )
        assert "payment_over_principal" == info.value.code
        assert (
            ("amount", Decimal("150.00")),
            ("principal", Decimal("100.00")),
            ("on", date(2025, 3, 15)),
            ("currency", "EUR"),
        ) == info.value.params

    @pytest.mark.parametrize(
        ("kwargs", "params"),
        [
            ({"principal": "100.001"}, (("name", "principal"), ("currency", "EUR"), ("places", 2))),
            (
                {"currency": "JPY", "indemnity_in_currency": "6500.5"},
                (("name", "indemnity_in_currency"), ("currency", "JPY"), ("places", 0)),
            ),
        ],
    )
    def test_too_many_decimals(self, kwargs: dict[str, str], params: tuple[object, ...]) -> None:
        arguments: dict[str, object] = {"principal": "100", **kwargs}
        principal = arguments.pop("principal")
        with pytest.raises(InvalidAmount) as info:
            late_penalties(principal, date(2025, 3, 31), date(2025, 8, 15), **arguments)  # type: ignore[arg-type]
        assert ("too_many_decimals", params) == (info.value.code, info.value.params)

    @pytest.mark.parametrize("day_count", [DayCount.ACT_365, DayCount.ACT_ACT])
    def test_payment_after_the_day_of_the_computation(self, day_count: DayCount) -> None:
        with pytest.raises(InvalidPayment) as info:
            late_penalties(
                "100.00",
                date(2025, 3, 31),
                date(2025, 8, 15),
                payments=[Payment(date(2025, 9, 1), "50.00")],
                day_count=day_count,
            )
        assert "payment_after_paid_on" == info.value.code
        assert (("on", date(2025, 9, 1)), ("paid_on", date(2025, 8, 15))) == info.value.params

    @pytest.mark.parametrize("day_count", [DayCount.ACT_365, DayCount.ACT_ACT])
    @pytest.mark.parametrize(
        ("amount", "code", "params", "reason"),
        [
            ("0", "not_more_than_zero", (("name", "payment"),), "a payment must be more than zero"),
            (
                "1.001",
                "too_many_decimals",
                (("name", "payment"), ("currency", "EUR"), ("places", 2)),
                "a payment has more decimals than EUR allows (2); round it first",
            ),
        ],
    )
    def test_payment_amount(
        self, day_count: DayCount, amount: str, code: str, params: object, reason: str
    ) -> None:
        with pytest.raises(InvalidAmount) as info:
            late_penalties(
                "100.00",
                date(2025, 3, 31),
                date(2025, 8, 15),
                payments=[Payment(date(2025, 4, 1), amount)],
                day_count=day_count,
            )
        assert (code, params, reason) == (info.value.code, info.value.params, info.value.reason)

    def test_principal_of_zero(self) -> None:
        with pytest.raises(InvalidAmount) as info:
            late_penalties("0", date(2025, 3, 31), date(2025, 8, 15))
        assert ("not_more_than_zero", (("name", "principal"),)) == (
            info.value.code,
            info.value.params,
        )

    def test_recovery_costs_with_too_many_decimals(self) -> None:
        with pytest.raises(InvalidAmount) as info:
            late_penalties("100.00", date(2025, 3, 31), date(2025, 8, 15), recovery_costs="10.001")
        assert (
            "too_many_decimals",
            (("name", "recovery_costs"), ("currency", "EUR"), ("places", 2)),
            "costs has more decimals than EUR allows (2); round it first",
        ) == (info.value.code, info.value.params, info.value.reason)

    def test_indemnity_in_currency_of_a_euro_invoice(self) -> None:
        with pytest.raises(InvalidArgument) as info:
            late_penalties(
                "100.00", date(2025, 3, 31), date(2025, 8, 15), indemnity_in_currency="40.00"
            )
        assert ("indemnity_in_eur", ()) == (info.value.code, info.value.params)

    def test_indemnity_in_currency_of_zero(self) -> None:
        with pytest.raises(InvalidAmount) as info:
            late_penalties(
                "100.00",
                date(2025, 3, 31),
                date(2025, 8, 15),
                currency="USD",
                indemnity_in_currency="0",
            )
        assert ("not_more_than_zero", (("name", "indemnity_in_currency"),)) == (
            info.value.code,
            info.value.params,
        )
