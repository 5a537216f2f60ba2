"""Tests of dunning_core.rates: shipped tables, derivation of the statutory rate, extension."""

from __future__ import annotations

import contextlib
from datetime import date, timedelta
from decimal import Decimal
from importlib.resources import files

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dunning_core.errors import (
    DateTypeError,
    DunningError,
    InvalidArgument,
    InvalidDate,
    RateTableError,
    RateUnavailable,
)
from dunning_core.rates import (
    DATA_AS_OF,
    ECB_MRO,
    LEGAL_CONSUMER,
    LEGAL_OTHER,
    STATUTORY,
    RateBook,
    RatePeriod,
    RateTable,
    default_rates,
)

DAY = timedelta(days=1)


def _data(name: str) -> str:
    return files("dunning_core").joinpath("_data").joinpath(name).read_text(encoding="utf-8")


def _period(start: date, end: date, rate: str = "1") -> RatePeriod:
    return RatePeriod(start, end, rate, "test")


class TestShippedData:
    def test_every_csv_row_has_a_source(self) -> None:
        """Each shipped row keeps a non-empty source, verbatim."""
        book = default_rates()
        for table in (book.ecb, book.legal_consumer, book.legal_other):
            assert [] == [p for p in table.periods if not p.source.strip()]
        assert book.ecb.periods[-1].source.startswith("https://retout.fr/")

    def test_known_until(self) -> None:
        """ECB known to the last recorded decision; semester tables to the end of 2026-H1."""
        book = default_rates()
        assert date(2026, 3, 19) == DATA_AS_OF == book.ecb.known_until
        assert date(2026, 6, 30) == book.legal_consumer.known_until
        assert date(2026, 6, 30) == book.legal_other.known_until
        assert date(2026, 6, 30) == book.statutory.known_until

    def test_tables_are_contiguous(self) -> None:
        """No gap, no overlap, sorted: each period starts the day after the previous ends."""
        book = default_rates()
        for table in (book.ecb, book.legal_consumer, book.legal_other, book.statutory):
            pairs = zip(table.periods, table.periods[1:], strict=False)
            assert [] == [(a, b) for a, b in pairs if b.start != a.end + DAY]

    def test_every_shipped_semester_equals_the_derivation(self) -> None:
        """Each row of penalty_rate_semesters.csv is the ECB rate on 1 Jan/1 Jul + 10 points."""
        text = _data("penalty_rate_semesters.csv")
        shipped = RateTable.from_csv(text, series=STATUTORY)
        ecb_column = RateTable.from_csv(text, series="ECB_REF", rate_column="ecb_reference_rate")
        book = default_rates()
        assert 27 == len(shipped.periods)  # 2013-H1 .. 2026-H1
        for row, ecb_row in zip(shipped.periods, ecb_column.periods, strict=True):
            derived = book.statutory.period_on(row.start)
            assert (row.start, row.end, row.rate) == (derived.start, derived.end, derived.rate)
            assert ecb_row.rate == book.ecb.rate_on(row.start)
            assert row.rate == ecb_row.rate + 10

    @pytest.mark.parametrize(
        ("day", "expected"),
        [
            (date(2022, 12, 31), "10.00"),  # 27 Jul 2022 hike came after 1 Jul
            (date(2023, 1, 1), "12.50"),
            (date(2024, 3, 1), "14.50"),
            (date(2024, 12, 31), "14.25"),
            (date(2025, 6, 30), "13.15"),
            (date(2025, 7, 1), "12.15"),
            (date(2026, 6, 30), "12.15"),
        ],
    )
    def test_key_statutory_values(self, day: date, expected: str) -> None:
        """LAW.md § 6.3 key values."""
        assert Decimal(expected) == default_rates().statutory.rate_on(day)

    def test_floating_period_before_2013(self) -> None:
        """2009–2012: ECB + 10 following each ECB change; lines end where the rate changes."""
        statutory = default_rates().statutory
        assert date(2009, 1, 1) == statutory.first_day
        assert Decimal("12.50") == statutory.rate_on(date(2009, 1, 20))  # ECB 2.50 since 2008-12-10
        assert Decimal("12.00") == statutory.rate_on(date(2009, 1, 21))
        period = statutory.period_on(date(2010, 6, 1))
        assert (date(2009, 5, 13), date(2011, 4, 12)) == (period.start, period.end)
        assert date(2012, 12, 31) == statutory.period_on(date(2012, 12, 31)).end

    def test_legal_rates(self) -> None:
        """The two legal rates per half-year, by creditor category (arrêtés)."""
        book = default_rates()
        assert Decimal("6.67") == book.legal_consumer.rate_on(date(2026, 1, 1))
        assert Decimal("2.62") == book.legal_other.rate_on(date(2026, 6, 30))
        assert Decimal("5.07") == book.legal_other.rate_on(date(2024, 2, 1))

    def test_default_rates_is_cached_and_table_lookup(self) -> None:
        """One shared immutable value; `table()` names every series."""
        book = default_rates()
        assert book is default_rates()
        assert book.statutory is book.table(STATUTORY)
        assert book.ecb is book.table(ECB_MRO)
        with pytest.raises(InvalidArgument):
            book.table("NOPE")


class TestUnavailable:
    def test_statutory_2026_h2_names_half_year_and_recipe(self) -> None:
        """The shipped data stops: 2026-H2 raises, naming the half-year and both recipes."""
        with pytest.raises(RateUnavailable) as info:
            default_rates().statutory.rate_on(date(2026, 7, 1))
        assert STATUTORY == info.value.series
        assert "2026-H2" == info.value.period
        assert "default_rates().with_ecb_decision(" in info.value.hint
        assert "dunning penalty --rates FILE" in info.value.hint
        assert isinstance(info.value, LookupError)

    def test_legal_2026_h2(self) -> None:
        with pytest.raises(RateUnavailable, match="2026-H2") as info:
            default_rates().legal_other.rate_on(date(2026, 7, 1))
        assert "with_legal_rates(date(2026, 7, 1)" in info.value.hint

    def test_ecb_after_last_decision(self) -> None:
        """The last ECB rate is never extended past the last recorded decision."""
        with pytest.raises(RateUnavailable):
            default_rates().ecb.rate_on(DATA_AS_OF + DAY)

    def test_before_2009(self) -> None:
        """Before the LME, ECB + 10 does not apply: refused, with what to do instead."""
        with pytest.raises(RateUnavailable) as info:
            default_rates().statutory.rate_on(date(2008, 12, 31))
        assert "2008-H2" == info.value.period
        assert "contractual" in info.value.hint

    def test_before_legal_tables(self) -> None:
        with pytest.raises(RateUnavailable, match="2008-H2") as info:
            default_rates().legal_other.rate_on(date(2008, 12, 31))
        assert "start in 2009" in info.value.hint


class TestRateTable:
    def test_gap_names_the_period(self) -> None:
        with pytest.raises(RateTableError, match=r"period 2 .*gap") as info:
            RateTable(
                "T",
                [
                    _period(date(2025, 1, 1), date(2025, 6, 30)),
                    _period(date(2025, 7, 2), date(2025, 12, 31)),
                ],
            )
        assert "T" == info.value.series

    def test_overlap(self) -> None:
        with pytest.raises(RateTableError, match="overlaps"):
            RateTable(
                "T",
                [
                    _period(date(2025, 1, 1), date(2025, 6, 30)),
                    _period(date(2025, 6, 30), date(2025, 12, 31)),
                ],
            )

    def test_unsorted(self) -> None:
        with pytest.raises(RateTableError, match="sorted"):
            RateTable(
                "T",
                [
                    _period(date(2025, 7, 1), date(2025, 12, 31)),
                    _period(date(2025, 1, 1), date(2025, 6, 30)),
                ],
            )

    def test_empty_and_wrong_types(self) -> None:
        with pytest.raises(RateTableError):
            RateTable("T", [])
        with pytest.raises(RateTableError, match="RatePeriod"):
            RateTable("T", ["2025-01-01"])  # type: ignore[list-item]

    def test_known_until_must_be_last_end(self) -> None:
        """A table cannot claim to know more (or less) than its periods."""
        with pytest.raises(RateTableError, match="never extended"):
            RateTable("T", [_period(date(2025, 1, 1), date(2025, 6, 30))], date(2025, 12, 31))

    def test_period_validation(self) -> None:
        with pytest.raises(InvalidDate):
            _period(date(2025, 2, 1), date(2025, 1, 1))
        with pytest.raises(DateTypeError):
            RatePeriod("2025-01-01", date(2025, 1, 1), "1", "x")  # type: ignore[arg-type]
        with pytest.raises(TypeError):
            RatePeriod(date(2025, 1, 1), date(2025, 1, 1), 1.5, "x")
        with pytest.raises(InvalidArgument):
            RatePeriod(date(2025, 1, 1), date(2025, 1, 1), "1", " ")

    def test_extended_returns_new_table(self) -> None:
        """`extended` leaves the original untouched."""
        table = default_rates().legal_other
        before = table.periods
        new = table.extended(_period(date(2026, 7, 1), date(2026, 12, 31), "2.5"))
        assert before == table.periods
        assert date(2026, 6, 30) == table.known_until
        assert Decimal("2.5") == new.rate_on(date(2026, 8, 1))

    def test_covering(self) -> None:
        """Only the periods overlapping the range, clipped at known_until."""
        statutory = default_rates().statutory
        got = statutory.covering(date(2025, 12, 1), date(2027, 1, 1))
        assert [date(2025, 7, 1), date(2026, 1, 1)] == [p.start for p in got]
        with pytest.raises(RateUnavailable):
            statutory.covering(date(2026, 7, 1), date(2026, 8, 1))

    def test_from_csv_errors_name_the_line(self) -> None:
        text = "start,end,rate,source\n2025-01-01,2025-06-30,1,x\n2025-07-01,2025-12-31,abc,x\n"
        with pytest.raises(RateTableError, match="line 3"):
            RateTable.from_csv(text, series="T")
        with pytest.raises(RateTableError, match="missing column"):
            RateTable.from_csv("start,rate\n", series="T")
        with pytest.raises(RateTableError, match="known_until"):
            RateTable.from_csv("effective_date,rate,source\n2025-01-01,1,x\n", series="T")
        with pytest.raises(RateTableError, match="no data row"):
            RateTable.from_csv("start,end,rate,source\n", series="T")

    @given(st.dates(min_value=date(2009, 1, 1), max_value=date(2026, 6, 30)))
    def test_bisection_matches_a_scan(self, day: date) -> None:
        """The bisected lookup finds the one period containing the day."""
        statutory = default_rates().statutory
        (expected,) = [p for p in statutory.periods if p.start <= day <= p.end]
        assert expected == statutory.period_on(day)


class TestRateBook:
    def test_with_ecb_decision_change(self) -> None:
        """A new rate closes the last period the day before; the book is new."""
        book = default_rates()
        new = book.with_ecb_decision(
            date(2026, 6, 17), "2.40", source="press release", known_until=date(2026, 7, 22)
        )
        assert date(2026, 3, 19) == book.ecb.known_until
        assert Decimal("2.15") == new.ecb.rate_on(date(2026, 6, 16))
        assert Decimal("2.40") == new.ecb.rate_on(date(2026, 6, 17))
        assert Decimal("12.40") == new.statutory.rate_on(date(2026, 12, 31))
        with pytest.raises(RateUnavailable):
            new.statutory.rate_on(date(2027, 1, 1))

    def test_with_ecb_decision_hold_extends(self) -> None:
        """The same rate confirmed later extends the last period (no new row)."""
        book = default_rates()
        new = book.with_ecb_decision(date(2026, 7, 1), "2.15", source="hold")
        assert len(book.ecb.periods) == len(new.ecb.periods)
        assert Decimal("12.15") == new.statutory.rate_on(date(2026, 7, 1))
        assert "hold" in new.ecb.periods[-1].source

    def test_with_ecb_decision_in_the_past_is_refused(self) -> None:
        with pytest.raises(RateTableError, match="not after"):
            default_rates().with_ecb_decision(date(2025, 1, 1), "3", source="x")
        with pytest.raises(RateTableError, match="before the decision"):
            default_rates().with_ecb_decision(
                date(2026, 7, 1), "3", source="x", known_until=date(2026, 6, 1)
            )

    def test_with_legal_rates(self) -> None:
        book = default_rates().with_legal_rates(
            date(2026, 7, 1), consumer="6.5", other="2.5", source="arrêté"
        )
        assert Decimal("6.5") == book.legal_consumer.rate_on(date(2026, 7, 1))
        assert Decimal("2.5") == book.legal_other.rate_on(date(2026, 12, 31))
        with pytest.raises(RateTableError, match="2026-H2"):
            default_rates().with_legal_rates(date(2027, 1, 1), consumer="1", other="1", source="x")

    def test_with_table(self) -> None:
        """Replaces one series; the statutory table cannot be replaced."""
        book = default_rates()
        with pytest.raises(RateTableError, match="derived"):
            book.with_table(book.statutory)
        assert book == book.with_table(book.legal_other)

    def test_book_validates_its_tables(self) -> None:
        book = default_rates()
        with pytest.raises(RateTableError):
            RateBook(book.legal_other, book.legal_consumer, book.legal_other)
        short = RateTable(ECB_MRO, [_period(date(2015, 1, 1), date(2015, 12, 31))])
        with pytest.raises(RateTableError, match="2009-01-01"):
            RateBook(short, book.legal_consumer, book.legal_other)

    def test_extended_from_csv(self) -> None:
        """The --rates FILE format: one publication per row, applied in order."""
        text = (
            "series,date,rate,source,known_until\n"
            "ECB_MRO,2026-06-17,2.40,ECB,2026-07-22\n"
            "LEGAL_CONSUMER,2026-07-01,6.50,arrêté,\n"
            "LEGAL_OTHER,2026-07-01,2.50,arrêté,\n"
        )
        book = default_rates().extended_from_csv(text)
        assert Decimal("12.40") == book.statutory.rate_on(date(2026, 7, 1))
        assert Decimal("6.50") == book.table(LEGAL_CONSUMER).rate_on(date(2026, 7, 1))
        assert Decimal("2.50") == book.table(LEGAL_OTHER).rate_on(date(2026, 7, 1))

    @pytest.mark.parametrize(
        ("text", "match"),
        [
            ("a,b\n", "header"),
            ("series,date,rate,source\nNOPE,2026-07-01,1,x\n", "line 2"),
            ("series,date,rate,source\nLEGAL_OTHER,2026-07-02,1,x\n", "line 2"),
            ("series,date,rate,source\nECB_MRO,2026-13-01,1,x\n", "line 2"),
            ("series,date,rate,source\nECB_MRO,2026-07-01,1.5.1,x\n", "line 2"),
        ],
    )
    def test_extended_from_csv_errors(self, text: str, match: str) -> None:
        with pytest.raises(RateTableError, match=match):
            default_rates().extended_from_csv(text)

    @given(st.text(max_size=200))
    def test_fuzzed_csv_raises_only_dunning_errors(self, text: str) -> None:
        """Garbage in: a DunningError, never anything else."""
        with contextlib.suppress(DunningError):
            default_rates().extended_from_csv("series,date,rate,source\n" + text)


class TestLastDate:
    """Tables may run to 9999-12-31, after which no day exists: never an OverflowError."""

    def test_ecb_decision_in_the_last_half_year(self) -> None:
        """The statutory rate is derived up to 9999-H2 (was an OverflowError)."""
        for until in (date(9999, 8, 1), date.max):
            book = default_rates().with_ecb_decision(
                date(9999, 7, 1), "2.5", source="test", known_until=until
            )
            assert until == book.ecb.known_until
            assert date.max == book.statutory.known_until
            assert Decimal("12.5") == book.statutory.rate_on(date.max)

    def test_nothing_after_a_period_ending_on_the_last_date(self) -> None:
        with pytest.raises(RateTableError, match="overlaps"):
            RateTable(
                "X",
                [_period(date(2000, 1, 1), date.max), _period(date(2000, 1, 1), date(2000, 1, 2))],
            )
        with pytest.raises(RateTableError, match="overlaps"):
            RateTable("X", [_period(date(2000, 1, 1), date.max), _period(date.max, date.max)])

    def test_no_half_year_after_the_last_date(self) -> None:
        book = default_rates()
        last = _period(date(2026, 7, 1), date.max, "3")
        book = book.with_table(RateTable(LEGAL_OTHER, (*book.legal_other.periods, last)))
        book = book.with_table(RateTable(LEGAL_CONSUMER, (*book.legal_consumer.periods, last)))
        with pytest.raises(RateTableError, match="9999-12-31"):
            book.with_legal_rates(date(2027, 1, 1), consumer="1", other="1", source="x")

    def test_change_on_the_first_date_after_another(self) -> None:
        text = "effective_date,rate,source\n2000-01-01,1,a\n0001-01-01,2,b\n"
        with pytest.raises(RateTableError, match="date order"):
            RateTable.from_csv(text, series="X", known_until=date(2001, 1, 1))

    @given(
        st.one_of(st.dates(min_value=date(9999, 1, 1)), st.dates()),
        st.one_of(st.dates(min_value=date(9999, 1, 1)), st.dates()),
    )
    def test_only_dunning_errors(self, first: date, second: date) -> None:
        # (with_ecb_decision is checked above: each far decision derives ~16 000 half-years.)
        book = default_rates()
        calls = [
            lambda: book.with_legal_rates(first, consumer="1", other="1", source="x"),
            lambda: RateTable("X", [_period(min(first, second), max(first, second))]).extended(
                _period(max(first, second), max(first, second))
            ),
            lambda: RateTable.from_csv(
                f"effective_date,rate,source\n{first},1,a\n{second},2,b\n",
                series="X",
                known_until=max(first, second),
            ),
            lambda: book.statutory.covering(first, second),
        ]
        for call in calls:
            with contextlib.suppress(DunningError):
                call()


class TestCallerContext:
    def test_tables_do_not_depend_on_the_decimal_context(self) -> None:
        """Reading and deriving the tables in a hostile context gives the same book."""
        import decimal

        text = _data("taux_interet_legal.csv")
        ecb_text = _data("ecb_mro_rate.csv")

        def build() -> RateBook:
            return RateBook(
                ecb=RateTable.from_csv(ecb_text, series=ECB_MRO, known_until=DATA_AS_OF),
                legal_consumer=RateTable.from_csv(text, series=LEGAL_CONSUMER),
                legal_other=RateTable.from_csv(text, series=LEGAL_OTHER),
            ).with_ecb_decision(date(2026, 6, 17), "2.40", source="x", known_until=date(2027, 1, 1))

        expected = build()
        traps = [decimal.Inexact, decimal.Rounded, decimal.Overflow, decimal.InvalidOperation]
        with decimal.localcontext(prec=1, Emax=1, Emin=-1, traps=traps):
            got = build()
        assert expected == got
        assert expected.statutory.periods == got.statutory.periods
