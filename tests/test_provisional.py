"""Tests of provisional rates: RateBook.assuming_unchanged and how breakdowns carry it."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dunning_core.errors import DateTypeError, RateTableError, RateUnavailable
from dunning_core.interest import PenaltyBasis, PenaltyBreakdown, late_penalties
from dunning_core.law import CCP_R2192_31, CMF_L313_2, L441_10, Severity
from dunning_core.rates import DATA_AS_OF, RateBook, RatePeriod, default_rates

TODAY = date(2026, 12, 4)
DAY = timedelta(days=1)


def _assumed(through: date = TODAY) -> RateBook:
    return default_rates().assuming_unchanged(through=through)


def _late(due: date, basis: PenaltyBasis, rates: RateBook | None) -> PenaltyBreakdown:
    """1,000 € due on *due*, evaluated today."""
    return late_penalties(Decimal("1000"), due, TODAY, basis=basis, rates=rates)


class TestAssumingUnchanged:
    def test_strict_default_still_raises_with_the_recipe(self) -> None:
        """The shipped book assumes nothing: 2026-H2 raises RateUnavailable with its recipe."""
        with pytest.raises(RateUnavailable) as caught:
            late_penalties(Decimal("1000"), date(2026, 9, 30), TODAY)
        assert caught.value.period == "2026-H2"
        assert "with_ecb_decision" in caught.value.hint
        assert not default_rates().provisional

    def test_extends_each_table_with_its_last_published_rate(self) -> None:
        shipped = default_rates()
        book = _assumed()
        assert book.ecb.known_until == TODAY
        assert book.legal_other.known_until == TODAY
        assert book.legal_consumer.known_until == TODAY
        assert book.ecb.published_until == DATA_AS_OF
        assert book.legal_other.published_until == date(2026, 6, 30)
        assert book.ecb.rate_on(TODAY) == shipped.ecb.rate_on(DATA_AS_OF)
        assert book.legal_consumer.rate_on(TODAY) == shipped.legal_consumer.rate_on(DATA_AS_OF)
        assert book.ecb.period_on(TODAY).provisional
        assert book.provisional
        # The published periods are kept, untouched.
        assert book.ecb.periods[: len(shipped.ecb.periods)] == shipped.ecb.periods
        assert shipped.ecb.known_until == DATA_AS_OF  # immutable: the shipped book is unchanged

    def test_legal_tables_are_extended_half_year_by_half_year(self) -> None:
        book = _assumed(date(2027, 8, 4))
        added = [p for p in book.legal_other.periods if p.provisional]
        assert [(p.start, p.end) for p in added] == [
            (date(2026, 7, 1), date(2026, 12, 31)),
            (date(2027, 1, 1), date(2027, 6, 30)),
            (date(2027, 7, 1), date(2027, 8, 4)),
        ]
        assert {p.rate for p in added} == {Decimal("2.62")}
        assert all("ASSUMED UNCHANGED" in p.source for p in added)

    def test_statutory_is_provisional_only_where_the_ecb_rate_is(self) -> None:
        book = _assumed()
        assert not book.statutory.period_on(date(2026, 6, 30)).provisional
        period = book.statutory.period_on(date(2026, 7, 1))
        assert period.provisional
        assert period.rate == Decimal("12.15")

    def test_through_within_the_tables_changes_nothing(self) -> None:
        assert default_rates().assuming_unchanged(through=DATA_AS_OF) == default_rates()

    def test_real_publications_first_then_the_assumption(self) -> None:
        book = (
            default_rates()
            .with_ecb_decision(
                date(2026, 6, 17), "2.40", source="ECB", known_until=date(2026, 7, 1)
            )
            .assuming_unchanged(through=TODAY)
        )
        h2 = book.statutory.period_on(date(2026, 7, 1))
        assert (h2.rate, h2.provisional) == (Decimal("12.40"), False)
        with pytest.raises(RateTableError):
            book.with_ecb_decision(date(2026, 12, 1), "2.40", source="ECB")

    def test_through_must_be_a_date(self) -> None:
        with pytest.raises(DateTypeError):
            default_rates().assuming_unchanged(through="2026-12-04")  # type: ignore[arg-type]

    def test_a_provisional_flag_must_be_a_bool(self) -> None:
        with pytest.raises(TypeError):
            RatePeriod(TODAY, TODAY, "1", "x", provisional="yes")  # type: ignore[arg-type]


class TestProvisionalBreakdown:
    def test_lines_in_the_assumed_half_year_are_provisional(self) -> None:
        b = late_penalties(Decimal("1000"), date(2026, 5, 31), TODAY, rates=_assumed())
        assert [(line.start, line.provisional) for line in b.lines] == [
            (date(2026, 6, 1), False),
            (date(2026, 7, 1), True),
        ]
        assert b.provisional
        warnings = [f for f in b.findings if f.severity is Severity.WARNING]
        assert len(warnings) == 1
        message = warnings[0].message.replace("\xa0", " ")
        assert message.startswith("taux 2026-S2 non publié dans les tables : 12,15 % supposé")
        assert "2026-H2" in message
        assert warnings[0].article == L441_10
        assert b.as_dict()["provisional"] is True
        assert b.as_dict()["lines"][1]["provisional"] is True
        assert "provisional" not in b.as_dict()["lines"][0]
        assert "provisional" in repr(b)
        text = str(b)
        assert "12,15\xa0%*" in text
        assert "(provisoire" in text
        assert "! avertissement : taux 2026-S2" in text

    def test_same_figures_as_an_explicit_publication_of_the_same_rates(self) -> None:
        """Assuming 2.15 % / 2.62 % / 6.67 % prices exactly as if they had been published."""
        published = (
            default_rates()
            .with_ecb_decision(date(2026, 7, 1), "2.15", source="ECB", known_until=TODAY)
            .with_legal_rates(date(2026, 7, 1), consumer="6.67", other="2.62", source="arrêté")
        )
        for basis in (PenaltyBasis.STATUTORY, PenaltyBasis.THREE_TIMES_LEGAL):
            exact = late_penalties(
                Decimal("5000"), date(2026, 3, 31), TODAY, basis=basis, rates=published
            )
            assumed = late_penalties(
                Decimal("5000"), date(2026, 3, 31), TODAY, basis=basis, rates=_assumed()
            )
            assert [line.amount for line in exact.lines] == [line.amount for line in assumed.lines]
            assert exact.total == assumed.total
            assert not exact.provisional
            assert assumed.provisional

    def test_one_warning_per_half_year_naming_its_rate(self) -> None:
        book = _assumed(date(2027, 3, 1))
        b = late_penalties(
            Decimal("1000"),
            date(2026, 8, 1),
            date(2027, 3, 1),
            basis=PenaltyBasis.legal(),
            rates=book,
        )
        warnings = [f.message for f in b.findings if f.severity is Severity.WARNING]
        assert [m.split(" non")[0] for m in warnings] == ["taux 2026-S2", "taux 2027-S1"]
        assert all(f.article == CMF_L313_2 for f in b.findings if f.severity is Severity.WARNING)

    def test_published_period_gives_no_warning(self) -> None:
        b = late_penalties(Decimal("1000"), date(2026, 1, 31), date(2026, 6, 30), rates=_assumed())
        assert not b.provisional
        assert not [f for f in b.findings if "non publié" in f.message]
        assert "provisional" not in b.as_dict()

    def test_public_procurement_known_start_half_year_is_not_provisional(self) -> None:
        """The rate is fixed by the start half-year: known, the whole delay is exact."""
        b = _late(date(2026, 3, 31), PenaltyBasis.PUBLIC_PROCUREMENT, _assumed())
        assert not b.provisional
        assert b == _late(date(2026, 3, 31), PenaltyBasis.PUBLIC_PROCUREMENT, None)

    def test_public_procurement_unknown_start_half_year_is_provisional(self) -> None:
        b = _late(date(2026, 7, 31), PenaltyBasis.PUBLIC_PROCUREMENT, _assumed())
        assert b.provisional
        assert b.lines[0].rate == Decimal("10.15")
        warning = next(f for f in b.findings if f.severity is Severity.WARNING)
        assert warning.article == CCP_R2192_31
        assert "taux 2026-S2" in warning.message

    def test_contractual_rate_is_never_provisional(self) -> None:
        assert not _late(date(2026, 7, 31), PenaltyBasis.contractual("12"), _assumed()).provisional

    @given(
        due=st.dates(date(2025, 1, 1), date(2026, 11, 30)),
        late=st.integers(1, 400),
        basis=st.sampled_from(
            [PenaltyBasis.STATUTORY, PenaltyBasis.THREE_TIMES_LEGAL, PenaltyBasis.legal()]
        ),
    )
    def test_provisional_exactly_when_a_line_reaches_past_the_published_rates(
        self, due: date, late: int, basis: PenaltyBasis
    ) -> None:
        paid = due + late * DAY
        book = _assumed(paid)
        b = late_penalties(Decimal("1000"), due, paid, basis=basis, rates=book)
        table = book.statutory if basis is PenaltyBasis.STATUTORY else book.legal_other
        published = table.published_until
        assert published is not None
        assert b.provisional == (paid > published)
        assert all(line.provisional == (line.start > published) for line in b.lines)
        has_warning = any("non publié" in f.message for f in b.findings)
        assert has_warning == b.provisional
