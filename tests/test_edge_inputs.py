"""
Edge inputs found by fuzzing the public API: each is refused with a DunningError, never a crash.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dunning_core import cli
from dunning_core.calendar import half_year_end, half_year_label, half_year_start, parse_date
from dunning_core.errors import (
    AmountTypeError,
    ArgumentTypeError,
    DateTypeError,
    DunningError,
    InvalidAmount,
    InvalidArgument,
    InvalidDate,
)
from dunning_core.format import format_date, format_money, html_table
from dunning_core.machine import Case
from dunning_core.money import quantize
from dunning_core.portfolio_io import read_portfolio
from dunning_core.serialize import to_json

HEADER = "invoice,record,date,amount,due_on\n"


class TestParseDate:
    @pytest.mark.parametrize(
        "text", ["12:", "2026-W01-1", "2026-01-01T10:00", "2026-001", "１２３４-01-01"]
    )
    def test_only_yyyy_mm_dd(self, text: str) -> None:
        with pytest.raises(InvalidDate, match="expected YYYY-MM-DD"):
            parse_date(text)

    @given(st.text(max_size=12))
    def test_any_text_is_a_date_or_invalid_date(self, text: str) -> None:
        try:
            day = parse_date(text)
        except InvalidDate:
            return
        assert day.isoformat() == text  # exactly: no space around it either (issue 10)

    @given(st.dates())
    def test_every_date_reads_back(self, day: date) -> None:
        assert parse_date(day.isoformat()) == day

    def test_a_bad_date_in_a_portfolio_is_a_row_error(self) -> None:
        text = HEADER + "F-1,invoice,12:,100,2026-01-01\nF-2,invoice,2026-W01-1,100,2026-02-01\n"
        text += "F-3,invoice,2026-01-02,100,2026-02-01\n"
        portfolio = read_portfolio(text)
        assert [c.reference for c in portfolio.cases] == ["F-3"]
        assert [e.line for e in portfolio.errors] == [2, 3]


class TestHalfYears:
    @pytest.mark.parametrize("function", [half_year_start, half_year_end, half_year_label])
    def test_a_non_date_is_refused(self, function: object) -> None:
        with pytest.raises(DateTypeError):
            function(None)  # type: ignore[operator]


class TestFormat:
    @pytest.mark.parametrize("pattern", ["dd/MM/yyyy HH:mm", "g", "h a"])
    def test_a_time_pattern_is_refused(self, pattern: str) -> None:
        with pytest.raises(InvalidArgument, match="CLDR date pattern"):
            format_date(date(2026, 3, 1), format=pattern)

    def test_a_date_pattern_still_works(self) -> None:
        assert format_date(date(2026, 3, 1), format="dd/MM/yyyy") == "01/03/2026"

    @pytest.mark.parametrize("locale", [[], {}, None, 1])
    def test_a_locale_that_is_not_text(self, locale: object) -> None:
        with pytest.raises(ArgumentTypeError):
            format_money("1", "EUR", locale=locale)  # type: ignore[arg-type]

    def test_unknown_locale_stays_a_value_error(self) -> None:
        with pytest.raises(InvalidArgument) as info:
            format_money("1", "EUR", locale="xx_YY")
        assert not isinstance(info.value, TypeError)

    @pytest.mark.parametrize(("rows", "notes"), [(None, ()), ([["a"]], None), ("ab", ())])
    def test_html_table_needs_iterables(self, rows: object, notes: object) -> None:
        with pytest.raises(ArgumentTypeError):
            html_table(["h"], rows, notes=notes)  # type: ignore[arg-type]


class TestQuantize:
    @pytest.mark.parametrize("value", ["Infinity", "-Infinity", "NaN", "sNaN"])
    def test_not_finite(self, value: str) -> None:
        with pytest.raises(InvalidAmount, match="finite"):
            quantize(Decimal(value))

    def test_a_float(self) -> None:
        with pytest.raises(AmountTypeError):
            quantize(1.5)  # type: ignore[arg-type]


class TestToJsonIndent:
    @pytest.mark.parametrize("indent", [-1, 17, 10**30])
    def test_out_of_range(self, indent: int) -> None:
        case = Case.open("F-1", "100", date(2026, 3, 2), due_on=date(2026, 4, 1))
        with pytest.raises(InvalidArgument, match="spaces"):
            to_json(case, indent=indent)


class TestCliFiles:
    @pytest.mark.parametrize(
        "command",
        [
            ["plan", "--today", "2026-03-16"],
            ["report", "--today", "2026-03-16"],
            ["rates", "--rates"],
        ],
    )
    def test_a_file_that_is_not_utf8(
        self, tmp_path: Path, command: list[str], capsys: pytest.CaptureFixture[str]
    ) -> None:
        path = tmp_path / "bin.csv"
        path.write_bytes(b"\xff\xfe\x00bad")
        assert cli.main([*command, str(path)]) == 2
        err = capsys.readouterr().err
        if command[0] == "rates":
            assert "bin.csv : ce fichier n'est pas du texte UTF-8 (octet 1)" in err
        else:  # portfolio files are decoded line by line: the message names the line
            assert "ligne 1 : pas du texte UTF-8 (octet 1 de la ligne)" in err

    def test_a_bad_date_argument(self, capsys: pytest.CaptureFixture[str]) -> None:
        assert cli.main(["penalty", "1000", "--due", "12:", "--paid", "2024-06-01"]) == 2
        assert "« 12: » n'est pas une date ; écrivez-la comme 2026-01-31" in capsys.readouterr().err


def test_every_error_here_is_a_dunning_error() -> None:
    for kind in (InvalidDate, ArgumentTypeError, InvalidAmount, InvalidArgument):
        assert issubclass(kind, DunningError)
