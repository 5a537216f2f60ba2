"""
penalties_frame: a basis per row (a column, or from the debtor segment), int64 cents in and out,
Arrow-backed columns, polars refused; every form equals late_penalties row by row.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dunning_core.errors import AmountTypeError, DateTypeError, InvalidAmount, InvalidArgument
from dunning_core.frames import fold_events, from_frame, penalties_frame, plan_frame
from dunning_core.interest import PenaltyBasis, late_penalties
from dunning_core.policy import DebtorSegment, french_default

pa = pytest.importorskip("pyarrow")

TODAY = date(2026, 3, 19)  # the ECB table (public buyers) is known until then
BASES = [
    PenaltyBasis.STATUTORY,
    PenaltyBasis.PUBLIC_PROCUREMENT,
    PenaltyBasis.LEGAL,
    PenaltyBasis.legal_plus(points="2.5"),
    PenaltyBasis.contractual("12.375"),
    PenaltyBasis.THREE_TIMES_LEGAL,
]


@st.composite
def invoices(draw: st.DrawFn) -> dict[str, Any]:
    cents = draw(st.integers(min_value=1, max_value=10**11))
    due = draw(st.dates(min_value=date(2015, 1, 1), max_value=TODAY))
    paid = draw(st.one_of(st.none(), st.dates(min_value=due - timedelta(days=30), max_value=TODAY)))
    return {
        "principal": Decimal(cents).scaleb(-2),
        "due_on": due,
        "paid_on": paid,
        "basis": draw(st.sampled_from(BASES)),
        "segment": draw(st.sampled_from(list(DebtorSegment))),
    }


def _expected(row: dict[str, Any], basis: PenaltyBasis, consumer: bool = False) -> Any:
    return late_penalties(
        row["principal"],
        row["due_on"],
        row["paid_on"] or TODAY,
        basis=basis,
        debtor_is_consumer=consumer,
    )


def _arrow(values: list[Any], kind: Any) -> Any:
    return pd.array(pa.array(values, type=kind), dtype=pd.ArrowDtype(kind))


class TestBasisPerRow:
    @given(st.lists(invoices(), min_size=1, max_size=10))
    def test_basis_column(self, rows: list[dict[str, Any]]) -> None:
        """basis="basis": each row priced with its own basis, equal to late_penalties."""
        out = penalties_frame(pd.DataFrame(rows), today=TODAY, basis="basis")
        for position, row in enumerate(rows):
            expected = _expected(row, row["basis"])
            assert str(expected.total) == str(out["total"].iloc[position])
            assert len(expected.lines) == out["lines"].iloc[position]

    @given(st.lists(invoices(), min_size=1, max_size=10), st.booleans())
    def test_segment_column(self, rows: list[dict[str, Any]], as_text: bool) -> None:
        """segment="segment": public buyers ECB + 8, consumers legal interest, no indemnity."""
        frame = pd.DataFrame(rows)
        if as_text:
            frame["segment"] = [s.value for s in frame["segment"]]
        default = PenaltyBasis.legal_plus(points=10)
        out = penalties_frame(frame, today=TODAY, segment="segment", basis=default)
        for position, row in enumerate(rows):
            segment = row["segment"]
            expected = _expected(
                row, segment.penalty_basis(default), consumer=segment is DebtorSegment.CONSUMER
            )
            assert str(expected.interest) == str(out["interest"].iloc[position])
            assert str(expected.indemnity) == str(out["indemnity"].iloc[position])

    def test_segments_choose_the_law(self) -> None:
        """The same invoice, three segments: three bases, the consumer owes no indemnity."""
        frame = pd.DataFrame(
            {
                "principal": [Decimal("1000.00")] * 3,
                "due_on": [date(2025, 1, 31)] * 3,
                "segment": ["high_risk", DebtorSegment.PUBLIC_BODY, "consumer"],
            }
        )
        out = penalties_frame(frame, today=date(2025, 3, 2), segment="segment")
        assert ["10.81", "9.16", "3.05"] == [str(v) for v in out["interest"]]
        assert ["40.00", "40.00", "0.00"] == [str(v) for v in out["indemnity"]]

    def test_bad_cells_name_the_column(self) -> None:
        frame = pd.DataFrame(
            {"principal": ["1"], "due_on": [date(2025, 1, 31)], "seg": ["pirate"], "b": ["x"]}
        )
        with pytest.raises(InvalidArgument, match=r"row 0, column 'seg'.*'public_body'"):
            penalties_frame(frame, today=TODAY, segment="seg")
        with pytest.raises(InvalidArgument, match=r"row 0, column 'b': a PenaltyBasis"):
            penalties_frame(frame, today=TODAY, basis="b")
        with pytest.raises(InvalidArgument, match="not both"):
            penalties_frame(frame, today=TODAY, basis="b", segment="seg")
        with pytest.raises(InvalidArgument, match="no 'nope' column"):
            penalties_frame(frame, today=TODAY, basis="nope")


class TestCents:
    @given(st.lists(invoices(), min_size=1, max_size=10))
    def test_cents_in_and_out(self, rows: list[dict[str, Any]]) -> None:
        """int64 cents in, int64 cents out: the same figures as the Decimal form."""
        frame = pd.DataFrame(rows)
        decimal = penalties_frame(frame, today=TODAY, basis="basis")
        frame["principal"] = [int(p.scaleb(2)) for p in frame["principal"]]
        cents = penalties_frame(frame, today=TODAY, basis="basis", in_cents=True)
        for name in ("interest", "indemnity", "total"):
            assert cents[name].dtype == "int64"
            assert [int(v.scaleb(2)) for v in decimal[name]] == list(cents[name])

    def test_cents_need_integers(self) -> None:
        frame = pd.DataFrame({"principal": [Decimal("10.00")], "due_on": [date(2025, 1, 31)]})
        with pytest.raises(AmountTypeError, match=r"column 'principal' must hold integers"):
            penalties_frame(frame, today=TODAY, in_cents=True)
        frame["principal"] = [0]
        with pytest.raises(InvalidAmount, match=r"row 0, column 'principal'"):
            penalties_frame(frame, today=TODAY, in_cents=True)


class TestArrow:
    def frame(self) -> Any:
        return pd.DataFrame(
            {
                "principal": _arrow(
                    [Decimal("1000.00"), Decimal("12345.67")], pa.decimal128(12, 2)
                ),
                "due_on": _arrow([date(2025, 1, 31), date(2024, 2, 15)], pa.date32()),
                "paid_on": _arrow([date(2025, 3, 2), None], pa.date32()),
            }
        )

    def test_arrow_in_arrow_out(self) -> None:
        """decimal128 and date32 in, decimal128(38, 2) out, equal to late_penalties."""
        out = penalties_frame(self.frame(), today=date(2025, 9, 30))
        assert str(out["total"].dtype) == "decimal128(38, 2)[pyarrow]"
        first = late_penalties(Decimal("1000.00"), date(2025, 1, 31), date(2025, 3, 2))
        second = late_penalties(Decimal("12345.67"), date(2024, 2, 15), date(2025, 9, 30))
        assert [first.total, second.total] == list(out["total"])
        assert [first.interest, second.interest] == list(out["interest"])

    @given(st.lists(invoices(), min_size=1, max_size=10))
    def test_same_figures_as_decimal_cells(self, rows: list[dict[str, Any]]) -> None:
        """Arrow columns give the figures of Decimal and date cells, row by row."""
        frame = pd.DataFrame(rows)
        expected = penalties_frame(frame, today=TODAY, segment="segment")
        arrow = frame.assign(
            principal=_arrow(list(frame["principal"]), pa.decimal128(14, 2)),
            due_on=_arrow(list(frame["due_on"]), pa.date32()),
            paid_on=_arrow(list(frame["paid_on"]), pa.date32()),
        )
        got = penalties_frame(arrow, today=TODAY, segment="segment")
        for name in ("days", "lines", "interest", "indemnity", "total"):
            assert list(expected[name]) == list(got[name]), name

    def test_other_scales(self) -> None:
        """decimal128 with 0 or 3 decimals: whole units, or thousandths that must be zero."""
        frame = self.frame()
        frame["principal"] = _arrow([Decimal("1000"), Decimal("12345")], pa.decimal128(10, 0))
        assert "10.81" == str(penalties_frame(frame, today=TODAY)["interest"].iloc[0])
        frame["principal"] = _arrow([Decimal("1000.000"), Decimal("1.234")], pa.decimal128(10, 3))
        with pytest.raises(InvalidAmount, match=r"row 1, column 'principal'.*2 decimals"):
            penalties_frame(frame, today=TODAY)

    def test_bad_arrow_columns_name_the_column(self) -> None:
        frame = self.frame()
        frame["principal"] = _arrow([Decimal("1000.00"), None], pa.decimal128(12, 2))
        with pytest.raises(InvalidAmount, match=r"row 1, column 'principal'"):
            penalties_frame(frame, today=TODAY)
        frame = self.frame()
        frame["principal"] = _arrow([True, False], pa.bool_())
        with pytest.raises(AmountTypeError, match=r"column 'principal' is an Arrow column"):
            penalties_frame(frame, today=TODAY)
        frame = self.frame()
        frame["principal"] = _arrow(["1000.00", "1 000,00"], pa.string())
        with pytest.raises(InvalidAmount, match=r"row 1, column 'principal'.*not a decimal"):
            penalties_frame(frame, today=TODAY)
        frame = self.frame()
        frame["due_on"] = _arrow(["2025-01-31", "2024-02-15"], pa.string())
        with pytest.raises(DateTypeError, match=r"column 'due_on' is an Arrow column") as info:
            penalties_frame(frame, today=TODAY)
        assert "frame['due_on'].astype('date32[pyarrow]')" in str(info.value)  # the way out
        frame["due_on"] = frame["due_on"].astype("date32[pyarrow]")  # taken: priced
        assert list(penalties_frame(frame, today=TODAY)["total"]) == list(
            penalties_frame(self.frame(), today=TODAY)["total"]
        )

    @pytest.mark.parametrize("kind", [pa.string(), pa.large_string()])
    def test_arrow_text_amounts_are_read_as_text_cells(self, kind: Any) -> None:
        """Amounts held as Arrow text (a CSV's text column written to Parquet and read back with
        dtype_backend="pyarrow") are read as the same text in an object column is (they were
        refused, while pandas' "string" dtype of the same cells was accepted)."""
        text = ["1000.00", "12345.67"]
        arrow = self.frame().assign(principal=_arrow(text, kind))
        cells = self.frame().assign(principal=text)
        assert list(penalties_frame(arrow, today=TODAY)["total"]) == list(
            penalties_frame(cells, today=TODAY)["total"]
        )
        arrow.loc[1, "principal"] = None
        with pytest.raises(InvalidAmount, match=r"row 1, column 'principal'.*required"):
            penalties_frame(arrow, today=TODAY)

    def test_read_parquet_with_pyarrow(self, tmp_path: Any) -> None:
        """A ledger written to Parquet and read back with dtype_backend="pyarrow" is priced."""
        path = tmp_path / "ledger.parquet"
        self.frame().to_parquet(path)
        back = pd.read_parquet(path, dtype_backend="pyarrow")
        assert list(penalties_frame(back, today=TODAY)["total"]) == list(
            penalties_frame(self.frame(), today=TODAY)["total"]
        )


class TestOtherFrames:
    def test_polars_refused_with_the_way_to_convert(self) -> None:
        """A polars frame (recognised by its module, polars is not imported) gets the recipe."""
        polars_frame = type("DataFrame", (), {"__module__": "polars.dataframe.frame"})()
        with pytest.raises(InvalidArgument, match=r"to_pandas\(\)"):
            penalties_frame(polars_frame, today=TODAY)
        with pytest.raises(InvalidArgument, match=r"pandas\.DataFrame"):
            penalties_frame({"principal": [1]}, today=TODAY)

    def test_a_polars_lazy_frame_is_told_to_collect(self) -> None:
        """A LazyFrame has no to_pandas(): the message says collect() first."""
        lazy = type("LazyFrame", (), {"__module__": "polars.lazyframe.frame"})()
        with pytest.raises(InvalidArgument, match=r"frame\.collect\(\)\.to_pandas\(\)"):
            penalties_frame(lazy, today=TODAY)
        with pytest.raises(InvalidArgument, match=r"frame\.collect\(\)\.to_pandas\(\)"):
            fold_events(lazy, french_default())

    def test_every_frame_reader_refuses_polars_the_same_way(self) -> None:
        """from_frame, plan_frame and fold_events give the same way to convert it."""
        polars_frame = type("DataFrame", (), {"__module__": "polars.dataframe.frame"})()
        for read in (
            from_frame,
            lambda frame: plan_frame(frame, french_default(), TODAY),
            lambda frame: fold_events(frame, french_default()),
        ):
            with pytest.raises(InvalidArgument, match=r"frame\.to_pandas\(\)"):
                read(polars_frame)


class TestIntegerColumns:
    """Integer amounts (whole units, or minor units with in_cents): numpy, nullable and Arrow."""

    def frame(self, values: Any, dtype: Any) -> Any:
        return pd.DataFrame(
            {"principal": pd.array(values, dtype=dtype), "due_on": [date(2025, 1, 31)] * 2}
        )

    @pytest.mark.parametrize("dtype", ["Int64", "UInt32", "int64[pyarrow]"])
    @pytest.mark.parametrize("in_cents", [False, True])
    def test_an_empty_integer_cell_is_named(self, dtype: str, in_cents: bool) -> None:
        """A missing cell of a nullable or Arrow integer column: « required », row and column
        (was a negative or zero amount read from the missing value, or « must hold integers »)."""
        frame = self.frame([100, None], dtype)
        with pytest.raises(InvalidAmount, match=r"row 1, column 'principal'.*required"):
            penalties_frame(frame, today=TODAY, in_cents=in_cents)
        with pytest.raises(InvalidAmount, match=r"row 1, column 'amount'.*required"):
            plan_frame(
                frame.rename(columns={"principal": "amount"}).assign(
                    reference=["F-1", "F-2"], issued_on=[date(2025, 1, 1)] * 2
                ),
                french_default(),
                TODAY,
                in_cents=in_cents,
            )

    @pytest.mark.parametrize("dtype", ["Int64", "int64[pyarrow]", "int64"])
    def test_nullable_and_arrow_integers_priced_as_numpy_ones(self, dtype: str) -> None:
        out = penalties_frame(self.frame([100, 25_000], dtype), today=TODAY)
        cents = penalties_frame(self.frame([100_00, 25_000_00], dtype), today=TODAY, in_cents=True)
        for row, principal in enumerate((Decimal(100), Decimal(25_000))):
            expected = late_penalties(principal, date(2025, 1, 31), TODAY)
            assert out["total"][row] == expected.total
            assert cents["total"][row] == int(expected.total * 100)

    @pytest.mark.parametrize(
        ("values", "dtype", "in_cents"),
        [
            ([10**15 + 1, 1], "int64", False),
            ([10**17, 1], "int64", False),  # beyond int64 once in cents (was a negative amount)
            ([10**17 + 1, 1], "int64", True),
            ([2**63, 1], "uint64", True),  # beyond int64 (was read as a negative amount)
            ([10**16, 1], "int64[pyarrow]", False),
            ([2**63, 1], "uint64[pyarrow]", False),
        ],
    )
    def test_an_amount_beyond_the_largest_is_refused(
        self, values: list[int], dtype: str, in_cents: bool
    ) -> None:
        """More than MAX_AMOUNT, as late_penalties refuses an int principal and the frame its
        Decimal cells (was priced, or wrapped around to a negative amount)."""
        with pytest.raises(InvalidAmount, match=r"row 0, column 'principal'.*not exceed"):
            penalties_frame(self.frame(values, dtype), today=TODAY, in_cents=in_cents)
        with pytest.raises(InvalidAmount, match=r"row 0, column 'principal'.*not exceed"):
            penalties_frame(self.frame([Decimal(10**15 + 1), 1], object), today=TODAY)
        with pytest.raises(InvalidAmount):
            late_penalties(10**15 + 1, date(2025, 1, 31), TODAY)
        largest = [10**15 * (100 if in_cents else 1), 1]
        assert penalties_frame(self.frame(largest, "int64"), today=TODAY, in_cents=in_cents)[
            "total"
        ][0]


class TestDuplicateColumns:
    def test_a_column_read_twice_is_named(self) -> None:
        """Two columns of a name the function reads: the library's error naming it (was an
        AttributeError of pandas); two columns of a name it does not read are kept."""
        frame = pd.DataFrame(
            [[Decimal(100), date(2025, 1, 31), date(2025, 2, 1), "a", "b"]],
            columns=["principal", "due_on", "due_on", "note", "note"],
        )
        with pytest.raises(InvalidArgument, match=r"'due_on'.*2 columns"):
            penalties_frame(frame, today=TODAY)
        kept = frame.iloc[:, [0, 1, 3, 4]]
        assert list(penalties_frame(kept, today=TODAY).columns[:4]) == list(kept.columns)
        invoices = pd.DataFrame(
            [["F-1", Decimal(100), date(2025, 1, 1), date(2025, 1, 31), "x"]],
            columns=["reference", "amount", "issued_on", "due_on", "amount"],
        )
        with pytest.raises(InvalidArgument, match=r"'amount'.*2 columns"):
            plan_frame(invoices, french_default(), TODAY)
        with pytest.raises(InvalidArgument, match=r"'amount'.*2 columns"):
            from_frame(invoices)
        events = pd.DataFrame(
            [["F-1", "invoice", "2025-01-01", "100", "2025-01-31"]],
            columns=["invoice", "record", "date", "amount", "date"],
        )
        with pytest.raises(InvalidArgument, match=r"'date'.*2 columns"):
            fold_events(events, french_default())
        with pytest.raises(InvalidArgument, match=r"'basis'.*2 columns"):
            penalties_frame(
                pd.DataFrame(
                    [[Decimal(100), date(2025, 1, 31), PenaltyBasis.LEGAL, PenaltyBasis.LEGAL]],
                    columns=["principal", "due_on", "basis", "basis"],
                ),
                today=TODAY,
                basis="basis",
            )


def test_nullable_empty_cells_are_empty() -> None:
    """pd.NA (nullable and Arrow columns) is an empty cell, as None, NaN and NaT are: from_frame
    opens the case with its defaults (pd.NA was read as a date, a currency, a segment)."""
    frame = pd.DataFrame(
        {
            "reference": ["F-1"],
            "amount": ["100.00"],
            "issued_on": [date(2026, 1, 1)],
            "due_on": [date(2026, 1, 31)],
            "opened_on": pd.array([None], dtype="string"),
            "currency": pd.array([None], dtype="string"),
            "segment": pd.array([None], dtype="string[pyarrow]"),
        }
    )
    (case,) = from_frame(frame)
    assert (case.opening.on, case.currency, case.segment) == (
        date(2026, 1, 1),
        "EUR",
        DebtorSegment.STANDARD,
    )
