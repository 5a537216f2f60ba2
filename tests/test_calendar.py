"""Tests of dunning_core.calendar: months, French public holidays, business days, CPC 642."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dunning_core.calendar import (
    HOLIDAY_ARTICLES,
    MAX_HOLIDAY_YEAR,
    MIN_HOLIDAY_YEAR,
    add_business_days,
    add_days,
    add_months,
    easter_sunday,
    end_of_month,
    extend_deadline,
    french_holidays,
    is_business_day,
    is_holiday,
    next_business_day,
    parse_date,
    parse_day_first,
    to_date,
)
from dunning_core.errors import (
    ArgumentTypeError,
    DateTypeError,
    DunningError,
    InvalidArgument,
    InvalidDate,
)
from dunning_core.law import CPC_642, CT_L3133_1, CT_L3134_13
from dunning_core.rates import RateTable

years = st.integers(min_value=MIN_HOLIDAY_YEAR, max_value=MAX_HOLIDAY_YEAR)
# Keep a margin so that searches (up to 30 business days either way) stay within 1900-2200.
days_in_range = st.dates(min_value=date(1900, 3, 1), max_value=date(2200, 10, 31))


class TestToDate:
    def test_datetime_is_refused(self) -> None:
        """A datetime carries a time and zone that make "which day" ambiguous."""
        with pytest.raises(DateTypeError, match=r"value\.date\(\)"):
            to_date(datetime(2026, 1, 1, 12, 0))  # noqa: DTZ001


class TestEndOfMonth:
    @pytest.mark.parametrize(
        ("day", "expected"),
        [
            (date(2024, 2, 1), date(2024, 2, 29)),  # leap year
            (date(2023, 2, 28), date(2023, 2, 28)),
            (date(2100, 2, 3), date(2100, 2, 28)),  # divisible by 100, not by 400: not leap
            (date(2000, 2, 3), date(2000, 2, 29)),  # divisible by 400: leap
            (date(2026, 4, 30), date(2026, 4, 30)),
            (date(2026, 12, 1), date(2026, 12, 31)),
        ],
    )
    def test_last_day(self, day: date, expected: date) -> None:
        """The month's last day, leap years included."""
        assert expected == end_of_month(day)

    def test_refuses_text(self) -> None:
        """A string is not a date, and the message names the parameter."""
        with pytest.raises(DateTypeError, match=r"day must be a datetime\.date"):
            end_of_month("2026-01-31")  # type: ignore[arg-type]


class TestAddDays:
    def test_across_leap_february(self) -> None:
        """15 Jan 2024 + 45 days: +16 to 31 Jan, +29 to 29 Feb."""
        assert date(2024, 2, 29) == add_days(date(2024, 1, 15), 45)

    def test_negative(self) -> None:
        """Negative days go back: 1 Mar 2024 - 1 day is 29 Feb."""
        assert date(2024, 2, 29) == add_days(date(2024, 3, 1), -1)

    @pytest.mark.parametrize("days", [True, 1.0, "1", None])
    def test_days_must_be_int(self, days: object) -> None:
        """bool, float, str and None are refused as day counts: a type error, as everywhere."""
        with pytest.raises(ArgumentTypeError, match="an int between"):
            add_days(date(2026, 1, 1), days)  # type: ignore[arg-type]

    def test_absurd_count(self) -> None:
        """More than a million days is refused."""
        with pytest.raises(InvalidArgument, match="between"):
            add_days(date(2026, 1, 1), 10**7)

    def test_overflow_is_a_dunning_error(self) -> None:
        """Leaving year 9999 raises InvalidDate, not OverflowError."""
        with pytest.raises(InvalidDate, match="1 to 9999"):
            add_days(date(9999, 12, 1), 60)


class TestAddMonths:
    @pytest.mark.parametrize(
        ("day", "months", "expected"),
        [
            (date(2024, 1, 31), 1, date(2024, 2, 29)),  # clamped, leap year
            (date(2023, 1, 31), 1, date(2023, 2, 28)),  # clamped
            (date(2026, 1, 15), 1, date(2026, 2, 15)),
            (date(2026, 11, 30), 3, date(2027, 2, 28)),  # across the year, clamped
            (date(2026, 3, 31), -1, date(2026, 2, 28)),
            (date(2026, 1, 10), -13, date(2024, 12, 10)),
            (date(2026, 5, 31), 0, date(2026, 5, 31)),
        ],
    )
    def test_clamped(self, day: date, months: int, expected: date) -> None:
        """Same day of the target month, or its last day when shorter."""
        assert expected == add_months(day, months)

    def test_out_of_range(self) -> None:
        """Beyond year 9999 raises InvalidDate."""
        with pytest.raises(InvalidDate):
            add_months(date(9999, 12, 1), 1)

    def test_months_must_be_int(self) -> None:
        """A bool month count is refused."""
        with pytest.raises(InvalidArgument):
            add_months(date(2026, 1, 1), False)  # type: ignore[arg-type]


class TestEaster:
    @pytest.mark.parametrize(
        "expected",
        [
            date(2019, 4, 21),
            date(2024, 3, 31),
            date(2025, 4, 20),
            date(2026, 4, 5),
            date(2038, 4, 25),  # latest possible date
            date(2285, 3, 22),  # earliest possible date
        ],
    )
    def test_known_dates(self, expected: date) -> None:
        """Published Easter dates, including the extreme ones."""
        assert expected == easter_sunday(expected.year)

    @given(st.integers(min_value=1583, max_value=9999))
    def test_a_sunday_in_spring(self, year: int) -> None:
        """Easter is a Sunday between 22 March and 25 April."""
        easter = easter_sunday(year)
        assert 6 == easter.weekday()
        assert date(year, 3, 22) <= easter <= date(year, 4, 25)

    @pytest.mark.parametrize("year", [1582, 10_000, True, "2024"])
    def test_refuses_non_gregorian(self, year: object) -> None:
        """Only Gregorian years, as ints."""
        with pytest.raises(InvalidArgument):
            easter_sunday(year)  # type: ignore[arg-type]


HOLIDAYS_2024 = {
    date(2024, 1, 1): "Jour de l'an",
    date(2024, 4, 1): "Lundi de Pâques",  # Easter 31 March
    date(2024, 5, 1): "Fête du Travail",
    date(2024, 5, 8): "Fête de la Victoire",
    date(2024, 5, 9): "Ascension",  # Easter + 39
    date(2024, 5, 20): "Lundi de Pentecôte",  # Easter + 50
    date(2024, 7, 14): "Fête nationale",
    date(2024, 8, 15): "Assomption",
    date(2024, 11, 1): "Toussaint",
    date(2024, 11, 11): "Armistice",
    date(2024, 12, 25): "Noël",
}
HOLIDAYS_2026 = {
    date(2026, 1, 1): "Jour de l'an",
    date(2026, 4, 6): "Lundi de Pâques",  # Easter 5 April
    date(2026, 5, 1): "Fête du Travail",
    date(2026, 5, 8): "Fête de la Victoire",
    date(2026, 5, 14): "Ascension",
    date(2026, 5, 25): "Lundi de Pentecôte",
    date(2026, 7, 14): "Fête nationale",
    date(2026, 8, 15): "Assomption",
    date(2026, 11, 1): "Toussaint",
    date(2026, 11, 11): "Armistice",
    date(2026, 12, 25): "Noël",
}


class TestFrenchHolidays:
    def test_golden_2024(self) -> None:
        """2024, listed by hand from the calendar."""
        assert HOLIDAYS_2024 == dict(french_holidays(2024))

    def test_golden_2026(self) -> None:
        """2026, listed by hand from the calendar."""
        assert HOLIDAYS_2026 == dict(french_holidays(2026))

    def test_golden_2026_alsace_moselle(self) -> None:
        """Alsace-Moselle adds Good Friday (Easter - 2) and 26 December."""
        expected = {
            **HOLIDAYS_2026,
            date(2026, 4, 3): "Vendredi saint",
            date(2026, 12, 26): "Saint-Étienne",
        }
        assert expected == dict(french_holidays(2026, alsace_moselle=True))

    def test_in_date_order(self) -> None:
        """The mapping iterates in date order."""
        assert sorted(HOLIDAYS_2024) == list(french_holidays(2024))

    def test_coinciding_holidays_2008(self) -> None:
        """In 2008 Ascension fell on 1 May: one date, both names, 10 dates for 11 holidays."""
        holidays = french_holidays(2008)
        assert "Ascension / Fête du Travail" == holidays[date(2008, 5, 1)]
        assert 10 == len(holidays)

    @given(years)
    def test_eleven_holidays(self, year: int) -> None:
        """Every year has 11 metropolitan holidays and 13 in Alsace-Moselle, all in that year."""
        for alsace, expected in ((False, 11), (True, 13)):
            holidays = french_holidays(year, alsace_moselle=alsace)
            assert expected == sum(len(name.split(" / ")) for name in holidays.values())
            assert {year} == {day.year for day in holidays}

    def test_read_only_and_cached(self) -> None:
        """The mapping cannot be changed and is computed once per year."""
        holidays = french_holidays(2026)
        assert holidays is french_holidays(2026)
        with pytest.raises(TypeError):
            holidays[date(2026, 1, 2)] = "x"  # type: ignore[index]

    @pytest.mark.parametrize("year", [MIN_HOLIDAY_YEAR - 1, MAX_HOLIDAY_YEAR + 1])
    def test_supported_range(self, year: int) -> None:
        """Years outside 1900-2200 are refused, naming the range."""
        with pytest.raises(InvalidArgument, match="1900 to 2200"):
            french_holidays(year)

    @pytest.mark.parametrize("year", ["2026", 2026.0, True])
    def test_year_type(self, year: object) -> None:
        """The year must be an int: a type error, as everywhere."""
        with pytest.raises(ArgumentTypeError, match="an int"):
            french_holidays(year)  # type: ignore[arg-type]

    def test_articles(self) -> None:
        """The holiday list and the deadline rule cite their articles."""
        assert (CT_L3133_1, CT_L3134_13, CPC_642) == HOLIDAY_ARTICLES


class TestBusinessDays:
    def test_is_holiday(self) -> None:
        """14 July is a holiday; 26 December only in Alsace-Moselle."""
        assert is_holiday(date(2026, 7, 14))
        assert not is_holiday(date(2026, 12, 26))
        assert is_holiday(date(2026, 12, 26), alsace_moselle=True)

    @pytest.mark.parametrize(
        ("day", "expected"),
        [
            (date(2026, 7, 13), True),  # Monday
            (date(2026, 7, 14), False),  # Tuesday, Fête nationale
            (date(2026, 7, 18), False),  # Saturday
            (date(2026, 7, 19), False),  # Sunday
        ],
    )
    def test_is_business_day(self, day: date, expected: bool) -> None:
        """Monday to Friday, not a holiday."""
        assert expected == is_business_day(day)

    def test_good_friday_in_alsace(self) -> None:
        """Good Friday 3 April 2026 is a business day except in Alsace-Moselle."""
        assert is_business_day(date(2026, 4, 3))
        assert not is_business_day(date(2026, 4, 3), alsace_moselle=True)

    def test_next_business_day_over_christmas(self) -> None:
        """Thursday 24 Dec 2026 → Friday 25 is Noël, then the weekend → Monday 28."""
        assert date(2026, 12, 28) == next_business_day(date(2026, 12, 24))

    def test_next_business_day_is_strictly_after(self) -> None:
        """From a business day, the next one is the following business day."""
        assert date(2026, 7, 15) == next_business_day(date(2026, 7, 13))  # 14 July skipped

    @pytest.mark.parametrize(
        ("start", "days", "expected"),
        [
            (date(2026, 5, 22), 1, date(2026, 5, 26)),  # Fri → Tue: weekend, Whit Monday
            (date(2026, 5, 26), -1, date(2026, 5, 22)),
            (date(2026, 5, 23), 0, date(2026, 5, 23)),  # 0 returns the day itself
            # Thu 30 Apr → Fri 1 May (holiday), Mon 4, Tue 5, Wed 6, Thu 7 (4 so far),
            # Fri 8 May (holiday), weekend, Mon 11 (the 5th).
            (date(2026, 4, 30), 5, date(2026, 5, 11)),
            # Thu 31 Dec 2026 → Fri 1 Jan (holiday), Mon 4 Jan 2027 is the first.
            (date(2026, 12, 31), 1, date(2027, 1, 4)),
        ],
    )
    def test_add_business_days(self, start: date, days: int, expected: date) -> None:
        """Only business days count."""
        assert expected == add_business_days(start, days)

    def test_add_business_days_alsace(self) -> None:
        """Thu 2 Apr 2026 + 1 is Fri 3 April, but Tue 7 in Alsace-Moselle (Good Friday, Easter Monday)."""
        assert date(2026, 4, 3) == add_business_days(date(2026, 4, 2), 1)
        assert date(2026, 4, 7) == add_business_days(date(2026, 4, 2), 1, alsace_moselle=True)

    @given(days_in_range, st.integers(min_value=-30, max_value=30))
    def test_add_business_days_counts(self, start: date, days: int) -> None:
        """Between start and the result lie exactly |days| business days."""
        end = add_business_days(start, days)
        if days >= 0:  # (start, end]
            span = [start + timedelta(days=i) for i in range(1, (end - start).days + 1)]
        else:  # [end, start)
            span = [end + timedelta(days=i) for i in range((start - end).days)]
        assert abs(days) == sum(is_business_day(d) for d in span)

    def test_outside_the_holiday_years(self) -> None:
        """Business days cannot be counted where holidays are unknown."""
        with pytest.raises(InvalidDate, match="1900 to 2200"):
            is_business_day(date(2201, 1, 2))
        with pytest.raises(InvalidDate):
            next_business_day(date(2200, 12, 31))

    @pytest.mark.parametrize("bad", ["2026-01-01", None, datetime(2026, 1, 1)])  # noqa: DTZ001
    def test_bad_dates(self, bad: object) -> None:
        """Every function refuses non-dates with a DateTypeError."""
        for function in (is_holiday, is_business_day, next_business_day, extend_deadline):
            with pytest.raises(DateTypeError):
                function(bad)  # type: ignore[operator]
        with pytest.raises(DateTypeError):
            add_business_days(bad, 1)  # type: ignore[arg-type]


class TestExtendDeadline:
    @pytest.mark.parametrize(
        ("day", "expected"),
        [
            (date(2026, 7, 11), date(2026, 7, 13)),  # Saturday → Monday
            (date(2026, 7, 12), date(2026, 7, 13)),  # Sunday → Monday
            (date(2026, 5, 1), date(2026, 5, 4)),  # Friday 1 May → Monday 4
            (date(2026, 5, 8), date(2026, 5, 11)),  # Friday 8 May → Monday 11
            (date(2026, 7, 14), date(2026, 7, 15)),  # Tuesday holiday → Wednesday
            (date(2026, 7, 15), date(2026, 7, 15)),  # already a business day
            (date(2024, 12, 25), date(2024, 12, 26)),  # Wed Noël → Thu 26
        ],
    )
    def test_cpc_642(self, day: date, expected: date) -> None:
        """A deadline ending on a Saturday, Sunday or holiday moves to the next business day."""
        assert expected == extend_deadline(day)

    def test_alsace_moselle(self) -> None:
        """Wed 25 Dec 2024 → Thu 26 in general, Fri 27 in Alsace-Moselle (Saint-Étienne)."""
        assert date(2024, 12, 27) == extend_deadline(date(2024, 12, 25), alsace_moselle=True)

    @given(days_in_range, st.booleans())
    def test_business_day_after_and_idempotent(self, day: date, alsace: bool) -> None:
        """The result is a business day, not before the day, and extending it changes nothing."""
        extended = extend_deadline(day, alsace_moselle=alsace)
        assert is_business_day(extended, alsace_moselle=alsace)
        assert day <= extended <= day + timedelta(days=5)
        assert extended == extend_deadline(extended, alsace_moselle=alsace)

    def test_errors_are_dunning_errors(self) -> None:
        """Out-of-range dates raise a DunningError subclass."""
        with pytest.raises(DunningError):
            extend_deadline(date(1899, 12, 31))


class TestLastAndFirstDates:
    """9999-12-31 and 0001-01-01 have no day after / before them: a DunningError, never more."""

    @pytest.mark.parametrize(
        "call",
        [
            lambda: next_business_day(date.max),
            lambda: add_business_days(date.max, 1),
            lambda: add_business_days(date.min, -1),
            lambda: add_business_days(date.max, 3, alsace_moselle=True),
        ],
        ids=["next_business_day", "add_business_days+", "add_business_days-", "alsace"],
    )
    def test_no_overflow(self, call: Callable[[], object]) -> None:
        with pytest.raises(InvalidDate, match="1900 to 2200"):
            call()

    def test_zero_business_days_from_the_last_date(self) -> None:
        assert date.max == add_business_days(date.max, 0)

    @given(
        st.one_of(
            st.dates(min_value=date(9999, 11, 1)),
            st.dates(max_value=date(1, 2, 1)),
            st.dates(),
        ),
        st.integers(min_value=-400, max_value=400),
        st.booleans(),
    )
    def test_only_dunning_errors(self, day: date, shift: int, alsace: bool) -> None:
        calls = [
            lambda: add_days(day, shift),
            lambda: add_months(day, shift),
            lambda: end_of_month(day),
            lambda: is_holiday(day, alsace_moselle=alsace),
            lambda: is_business_day(day, alsace_moselle=alsace),
            lambda: next_business_day(day, alsace_moselle=alsace),
            lambda: add_business_days(day, shift % 40 - 20, alsace_moselle=alsace),
            lambda: extend_deadline(day, alsace_moselle=alsace),
        ]
        for call in calls:
            with contextlib.suppress(DunningError):
                call()


class TestParseDate:
    """parse_date, the one strict reader of dates written as text (issue 10)."""

    @given(st.dates())
    def test_round_trip_with_isoformat(self, day: date) -> None:
        assert parse_date(day.isoformat()) == day

    @given(st.dates(), st.data())
    def test_other_scripts_digits_are_refused(self, day: date, data: st.DataObject) -> None:
        """Any decimal digit of another script in place of an ASCII one is refused."""
        text = day.isoformat()
        where = data.draw(st.sampled_from([i for i, c in enumerate(text) if c.isdigit()]))
        digit = data.draw(
            st.characters(categories=("Nd",)).filter(lambda c: not c.isascii()), label="digit"
        )
        with pytest.raises(InvalidDate, match="expected YYYY-MM-DD"):
            parse_date(text[:where] + digit + text[where + 1 :])

    @pytest.mark.parametrize(
        "text",
        [
            "٢٠٢٦-٠٣-٣١",  # Arabic-Indic digits
            "٣١/٠٣/٢٠٢٦",
            "2026-2-3",
            "20260203",
            "2026-W01-1",
            "2026-001",
            "2026-01-31T00:00",
            "2026-01-31 00:00",
            "2026-01-31Z",
            "2026-01-31+01:00",
            " 2026-01-31",
            "2026-01-31\t",
            "2026-01-31\n",
            "2026 -01-31",
            "2026-01-31\x1c",
            "\x0b2026-01-31",
            "2026-01-31\u2028",
            "\u30002026-01-31",
            "0000-01-01",
            "2026-13-01",
            "2026-02-29",
            "+2026-01-31",
            "",
        ],
    )
    def test_refused(self, text: str) -> None:
        """Nothing but a calendar date written YYYY-MM-DD in ASCII; the error names both."""
        with pytest.raises(InvalidDate) as caught:
            parse_date(text)
        assert caught.value.value == text
        assert f"expected YYYY-MM-DD such as 2026-01-31 (got {text!r})" in str(caught.value)

    @pytest.mark.parametrize("value", [None, 20260131, b"2026-01-31", date(2026, 1, 31)])
    def test_not_text(self, value: object) -> None:
        with pytest.raises(DateTypeError, match="expected ISO text"):
            parse_date(value)  # type: ignore[arg-type]

    def test_a_rate_file_cell_is_trimmed_by_its_reader(self) -> None:
        """The spaces around a cell are the file's: the rate-file reader trims them itself."""
        text = "start,end,rate,source\n 2026-01-01 ,\t2026-06-30,2.62,arrêté\n"
        table = RateTable.from_csv(text, series="MINE")
        assert (date(2026, 1, 1), date(2026, 6, 30)) == (table.periods[0].start, table.known_until)


class TestParseDayFirst:
    @given(st.dates(min_value=date(1000, 1, 1)))
    def test_round_trip(self, day: date) -> None:
        assert parse_day_first(f"{day.day:02d}/{day.month:02d}/{day.year}") == day

    @pytest.mark.parametrize(
        "text", ["٣١/٠٣/٢٠٢٦", "31/02/2026", "31/03/26", "2026-03-31", "31-03-2026", " 31/03/2026"]
    )
    def test_refused(self, text: str) -> None:
        with pytest.raises(InvalidDate, match="JJ/MM/AAAA"):
            parse_day_first(text)
