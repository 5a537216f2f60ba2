"""Rate files are input like any other: linear loading, plausible rates, bounded known_until."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dunning_core import rates as rates_module
from dunning_core.errors import RateTableError
from dunning_core.rates import (
    ECB_MRO,
    KNOWN_AHEAD_MAX,
    LEGAL_OTHER,
    PLAUSIBLE_RATES,
    RatePeriod,
    RateTable,
    default_rates,
)

DAY = timedelta(days=1)
FIRST = date(2026, 3, 20)  # the day after the shipped ECB table
HEADER = "series,date,rate,source,known_until\n"


def ecb_rows(rates: list[str], start: date = FIRST) -> str:
    return HEADER + "".join(
        f"ECB_MRO,{start + i * DAY},{rate},ECB,\n" for i, rate in enumerate(rates)
    )


class TestLinearLoading:
    def test_tables_are_built_a_fixed_number_of_times_whatever_the_rows(
        self, monkeypatch: Any
    ) -> None:
        """A file is applied to plain lists and the tables built once (was once per row)."""
        default_rates()  # the shipped book is cached: built before counting
        built: list[str] = []
        original = RateTable.__attrs_post_init__

        def counting(self: RateTable) -> None:
            built.append(self.series)
            original(self)

        monkeypatch.setattr(RateTable, "__attrs_post_init__", counting)
        counts = []
        for rows in (10, 1_000):
            built.clear()
            book = default_rates().extended_from_csv(ecb_rows(["2.15", "2.40"] * (rows // 2)))
            assert book.ecb.known_until == FIRST + (rows - 1) * DAY
            counts.append(len(built))
        assert counts[0] == counts[1]
        assert counts[0] == 4  # ECB, the two legal tables, the derived statutory table

    def test_a_confirmation_keeps_one_source_not_every_one(self) -> None:
        """A daily series of holds would otherwise grow one source string quadratically."""
        book = default_rates().extended_from_csv(ecb_rows(["2.15"] * 500))
        last = book.ecb.periods[-1]
        shipped = default_rates().ecb.periods[-1]
        assert (last.start, last.end) == (shipped.start, FIRST + 499 * DAY)
        assert last.source.startswith(shipped.source.split("; confirmed")[0])
        assert last.source.count("confirmed in force on") == 1
        assert f"confirmed in force on {FIRST + 499 * DAY}" in last.source

    @given(
        steps=st.lists(
            st.tuples(st.integers(1, 60), st.sampled_from(["1.90", "2.15", "2.40"])),
            min_size=1,
            max_size=12,
        )
    )
    def test_a_file_equals_the_decisions_applied_one_by_one(
        self, steps: list[tuple[int, str]]
    ) -> None:
        day, text, book = date(2026, 3, 19), HEADER, default_rates()
        for gap, rate in steps:
            day += gap * DAY
            text += f"ECB_MRO,{day},{rate},ECB,\n"
            book = book.with_ecb_decision(day, rate, source="ECB")
        assert default_rates().extended_from_csv(text) == book


class TestPlausibleRates:
    @pytest.mark.parametrize(
        ("row", "words"),
        [
            ("ECB_MRO,2026-06-17,1000000000000000,ECB,", "a rate of 1000000000000000 %"),
            ("ECB_MRO,2026-06-17,-1.5,ECB,", "outside the plausible band of ECB_MRO, -1 % to 25 %"),
            ("LEGAL_OTHER,2026-07-01,-50,arrêté,", "outside the plausible band of LEGAL_OTHER"),
            ("LEGAL_CONSUMER,2026-07-01,30.01,arrêté,", "0 % to 30 %"),
        ],
    )
    def test_refused_with_the_line(self, row: str, words: str) -> None:
        text = HEADER + "ECB_MRO,2026-05-01,2.15,ECB,\n" + row + "\n"
        with pytest.raises(RateTableError) as caught:
            default_rates().extended_from_csv(text)
        assert caught.value.row == "line 3"
        assert words in str(caught.value)

    @pytest.mark.parametrize("rate", ["-1", "25"])
    def test_the_ecb_band_ends_are_accepted(self, rate: str) -> None:
        book = default_rates().with_ecb_decision(date(2026, 6, 17), rate, source="ECB")
        assert book.ecb.rate_on(date(2026, 6, 17)) == Decimal(rate)

    def test_legal_band_in_code_too(self) -> None:
        with pytest.raises(RateTableError, match="LEGAL_OTHER"):
            default_rates().with_legal_rates(
                date(2026, 7, 1), consumer="6.5", other="-50", source="arrêté"
            )
        book = default_rates().with_legal_rates(
            date(2026, 7, 1), consumer="30", other="0", source="arrêté"
        )
        assert book.legal_other.rate_on(date(2026, 7, 1)) == 0

    def test_a_whole_table_is_checked_naming_the_period(self) -> None:
        table = default_rates().legal_other
        bad = table.extended(RatePeriod(date(2026, 7, 1), date(2026, 12, 31), "-50", "x"))
        with pytest.raises(RateTableError) as caught:
            default_rates().with_table(bad)
        assert caught.value.row == f"period {len(bad.periods)} (2026-07-01..2026-12-31)"

    def test_from_csv_names_the_line(self) -> None:
        text = "effective_date,rate,source\n2020-01-01,0,ECB\n2021-01-01,99,ECB\n"
        with pytest.raises(RateTableError) as caught:
            RateTable.from_csv(text, series=ECB_MRO, known_until=date(2021, 6, 30))
        assert caught.value.row == "line 3"
        # A series of your own has no band.
        mine = RateTable.from_csv(text, series="MINE", known_until=date(2021, 6, 30))
        assert mine.rate_on(date(2021, 6, 30)) == 99

    def test_the_bands_cover_every_shipped_rate(self) -> None:
        book = default_rates()
        for table in (book.ecb, book.legal_consumer, book.legal_other):
            low, high = PLAUSIBLE_RATES[table.series]
            assert all(low <= p.rate <= high for p in table.periods)
        assert LEGAL_OTHER in PLAUSIBLE_RATES


class TestKnownUntil:
    def test_far_beyond_the_row_is_refused_with_the_line(self) -> None:
        text = HEADER + "ECB_MRO,2026-06-17,2.15,ECB,9999-12-31\n"
        with pytest.raises(RateTableError) as caught:
            default_rates().extended_from_csv(text)
        assert caught.value.row == "line 2"
        assert "KNOWN_AHEAD_MAX" in str(caught.value)
        assert "9999-12-31" in str(caught.value)

    def test_up_to_the_bound_is_accepted(self) -> None:
        on = date(2026, 6, 17)
        book = default_rates().with_ecb_decision(
            on, "2.15", source="ECB", known_until=on + KNOWN_AHEAD_MAX
        )
        assert book.ecb.known_until == on + KNOWN_AHEAD_MAX
        with pytest.raises(RateTableError):
            default_rates().with_ecb_decision(
                on, "2.15", source="ECB", known_until=on + KNOWN_AHEAD_MAX + DAY
            )

    def test_nothing_is_half_applied(self) -> None:
        """A bad last row leaves no trace: the shipped book is unchanged, nothing returned."""
        text = ecb_rows(["2.40", "2.65"]) + "ECB_MRO,2026-01-01,2.15,ECB,\n"
        with pytest.raises(RateTableError) as caught:
            default_rates().extended_from_csv(text)
        assert caught.value.row == "line 4"
        assert "date order" in str(caught.value)
        assert default_rates().ecb.known_until == rates_module.DATA_AS_OF
