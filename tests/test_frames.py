"""pandas helpers: penalties for a frame equal late_penalties to the cent; frames to and from values."""

from __future__ import annotations

import importlib
import sys
import warnings
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dunning_core.errors import (
    AmountTypeError,
    DateTypeError,
    DunningError,
    DunningWarning,
    InvalidAmount,
    InvalidArgument,
    RateUnavailable,
)
from dunning_core.frames import (
    CASE_COLUMNS,
    LINE_COLUMNS,
    PENALTY_COLUMNS,
    PLAN_COLUMNS,
    from_frame,
    penalties_frame,
    to_frame,
)
from dunning_core.interest import Creditor, DayCount, Payment, PenaltyBasis, late_penalties
from dunning_core.machine import Case
from dunning_core.policy import DebtorSegment, french_default
from dunning_core.portfolio_io import plan_portfolio

LAST_DAY = date(2026, 6, 30)  # the shipped tables end with 2026-H1

# (basis, first due date its tables cover the day after)
BASES: list[tuple[PenaltyBasis, date]] = [
    (PenaltyBasis.STATUTORY, date(2008, 12, 31)),  # ECB changes 2009-2012, then half-years
    (PenaltyBasis.legal_plus(points=10), date(2014, 12, 31)),
    (PenaltyBasis.legal_plus(points="2.5"), date(2014, 12, 31)),
    (PenaltyBasis.THREE_TIMES_LEGAL, date(2014, 12, 31)),
    (PenaltyBasis.contractual("12.375"), date(2000, 1, 1)),
    (PenaltyBasis.legal(creditor=Creditor.CONSUMER), date(2014, 12, 31)),
    (PenaltyBasis.legal(), date(2014, 12, 31)),
]


def _frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["principal", "due_on", "paid_on"])


@st.composite
def invoice_rows(draw: st.DrawFn, first: date, places: int = 2) -> dict[str, Any]:
    """One invoice whose late days all fall in [first + 1, LAST_DAY]."""
    cents = draw(st.integers(min_value=1, max_value=10**12))
    due = draw(st.dates(min_value=first, max_value=LAST_DAY))
    paid = draw(
        st.one_of(st.none(), st.dates(min_value=due - timedelta(days=60), max_value=LAST_DAY))
    )
    return {"principal": Decimal(cents).scaleb(-places), "due_on": due, "paid_on": paid}


def _expected(row: dict[str, Any], today: date, **options: Any) -> Any:
    return late_penalties(row["principal"], row["due_on"], row["paid_on"] or today, **options)


def _assert_equal_to_late_penalties(
    out: pd.DataFrame, rows: list[dict[str, Any]], today: date, **options: Any
) -> None:
    for position, row in enumerate(rows):
        expected = _expected(row, today, **options)
        got = out.iloc[position]
        for name in ("interest", "indemnity", "total"):
            assert getattr(expected, name) == got[name], (name, row)
            assert str(getattr(expected, name)) == str(got[name])  # same exponent: to the cent
        assert len(expected.lines) == got["lines"]
        assert max((row["paid_on"] or today) - row["due_on"], timedelta(0)).days == got["days"]


class TestPenaltiesFrameEqualsLatePenalties:
    @given(st.data())
    def test_every_basis(self, data: st.DataObject) -> None:
        """For random invoices and any basis, every row equals late_penalties to the cent."""
        basis, first = data.draw(st.sampled_from(BASES))
        rows = data.draw(st.lists(invoice_rows(first), min_size=1, max_size=12))
        consumer = data.draw(st.booleans())
        out = penalties_frame(
            _frame(rows), today=LAST_DAY, basis=basis, debtor_is_consumer=consumer
        )
        _assert_equal_to_late_penalties(
            out, rows, LAST_DAY, basis=basis, debtor_is_consumer=consumer
        )

    @given(st.lists(invoice_rows(date(2012, 12, 31)), min_size=1, max_size=8))
    def test_public_procurement(self, rows: list[dict[str, Any]]) -> None:
        """ECB + 8 fixed by the starting half-year, and its 40 € (CCP R2192-31, D2192-35)."""
        today = date(2026, 3, 19)  # the ECB table is known until then
        rows = [r for r in rows if r["due_on"] < today and (r["paid_on"] or today) <= today]
        basis = PenaltyBasis.PUBLIC_PROCUREMENT
        out = penalties_frame(_frame(rows), today=today, basis=basis)
        _assert_equal_to_late_penalties(out, rows, today, basis=basis)

    @given(st.lists(invoice_rows(date(2014, 12, 31), places=0), min_size=1, max_size=8))
    def test_other_currency(self, rows: list[dict[str, Any]]) -> None:
        """In yen lines are rounded to the yen and no 40 € indemnity is converted (a warning
        says so: tests/test_indemnity_currency.py)."""
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DunningWarning)
            out = penalties_frame(_frame(rows), today=LAST_DAY, currency="JPY")
        _assert_equal_to_late_penalties(out, rows, LAST_DAY, currency="JPY")

    @given(st.data())
    def test_rows_with_payments_and_costs(self, data: st.DataObject) -> None:
        """Rows with payments or recovery costs (late_penalties row by row) mix with the others."""
        rows = data.draw(st.lists(invoice_rows(date(2014, 12, 31)), min_size=1, max_size=6))
        extras = []
        for row in rows:
            paid = row["paid_on"] or LAST_DAY
            payments: list[Payment] = []
            if paid > row["due_on"] and data.draw(st.booleans()):
                on = data.draw(st.dates(min_value=row["due_on"], max_value=paid))
                part = max(Decimal("0.01"), (row["principal"] / 3).quantize(Decimal("0.01")))
                payments = [Payment(on=on, amount=part)]
            costs = data.draw(st.sampled_from([None, Decimal("25"), Decimal("180.50")]))
            extras.append((payments or None, costs))
        frame = _frame(rows)
        frame["payments"] = pd.Series([p for p, _ in extras], dtype=object)
        frame["recovery_costs"] = pd.Series([c for _, c in extras], dtype=object)
        out = penalties_frame(frame, today=LAST_DAY)
        for position, (row, (payments, costs)) in enumerate(zip(rows, extras, strict=True)):
            expected = _expected(row, LAST_DAY, payments=payments or (), recovery_costs=costs)
            assert expected.total == out["total"].iloc[position]
            assert len(expected.lines) == out["lines"].iloc[position]

    def test_act_act_goes_row_by_row(self) -> None:
        """ACT_ACT splits a fixed rate at 31 December, as late_penalties does."""
        basis = PenaltyBasis.contractual("10")
        rows = [
            {
                "principal": Decimal("1000"),
                "due_on": date(2023, 11, 30),
                "paid_on": date(2024, 2, 1),
            }
        ]
        out = penalties_frame(_frame(rows), basis=basis, day_count=DayCount.ACT_ACT)
        _assert_equal_to_late_penalties(
            out, rows, LAST_DAY, basis=basis, day_count=DayCount.ACT_ACT
        )
        # 1000 × 10 % × 31 / 365 = 8.49 then 1000 × 10 % × 32 / 366 = 8.74
        assert (2, Decimal("17.23")) == (out["lines"].iloc[0], out["interest"].iloc[0])

    def test_judgment_points_go_row_by_row(self) -> None:
        """The legal rate's + 5 points two months after a judgment splits a line (CMF L313-3)."""
        basis = PenaltyBasis.legal(enforceable_on=date(2025, 2, 10))
        rows = [
            {
                "principal": Decimal("5000"),
                "due_on": date(2025, 1, 31),
                "paid_on": date(2025, 5, 31),
            }
        ]
        out = penalties_frame(_frame(rows), basis=basis)
        _assert_equal_to_late_penalties(out, rows, LAST_DAY, basis=basis)

    def test_huge_amounts_stay_exact(self) -> None:
        """Products beyond 64-bit integers switch to exact Python integers."""
        # 999 999 999 999.99 € late 10 years: cents × rate × days overflows int64
        rows = [
            {
                "principal": Decimal("999999999999.99"),
                "due_on": date(2015, 1, 1),
                "paid_on": LAST_DAY,
            }
        ]
        out = penalties_frame(_frame(rows), basis=PenaltyBasis.contractual("12.5"))
        _assert_equal_to_late_penalties(out, rows, LAST_DAY, basis=PenaltyBasis.contractual("12.5"))

    def test_hand_checked(self) -> None:
        """The figures of the seed example: 480.97 € of interest + 40 € (L441-10, D441-5)."""
        # 10 000 × 13.15 % × 91 / 365 = 327.85 and 10 000 × 12.15 % × 46 / 365 = 153.12
        rows = [
            {
                "principal": Decimal("10000"),
                "due_on": date(2025, 3, 31),
                "paid_on": date(2025, 8, 15),
            }
        ]
        got = penalties_frame(_frame(rows)).iloc[0]
        assert (137, 2, Decimal("480.97"), Decimal("40.00"), Decimal("520.97")) == tuple(
            got[list(PENALTY_COLUMNS)]
        )


class TestPenaltiesFrameInput:
    def test_keeps_columns_and_index(self) -> None:
        """The input columns and index are kept; the penalty columns come after them."""
        frame = pd.DataFrame(
            {"ref": ["A", "B"], "principal": ["100", 200], "due_on": [date(2025, 1, 31)] * 2},
            index=["x", "y"],
        )
        out = penalties_frame(frame, today=date(2025, 3, 2))
        assert ["ref", "principal", "due_on", *PENALTY_COLUMNS] == list(out.columns)
        assert ["x", "y"] == list(out.index)
        assert object == out["total"].dtype
        assert ["100", 200] == list(frame["principal"])  # the input is not modified
        assert "paid_on" not in frame.columns

    def test_integer_column_and_other_names(self) -> None:
        """An integer principal column and custom column names are accepted."""
        frame = pd.DataFrame(
            {"amount": [1000], "due": [date(2025, 1, 31)], "paid": [date(2025, 3, 2)]}
        )
        out = penalties_frame(frame, principal="amount", due_on="due", paid_on="paid")
        assert Decimal("10.81") == out["interest"].iloc[0]  # 1000 × 13.15 % × 30 / 365 = 10.808

    def test_datetime64_columns(self) -> None:
        """datetime64 columns of midnights are read as dates; NaT in paid_on means today."""
        frame = pd.DataFrame(
            {
                "principal": ["1000", "1000"],
                "due_on": pd.to_datetime(["2025-01-31", "2025-01-31"]),
                "paid_on": pd.to_datetime(["2025-03-02", None]),
            }
        )
        out = penalties_frame(frame, today=date(2025, 3, 2))
        assert [Decimal("10.81")] * 2 == list(out["interest"])

    def test_empty_frame(self) -> None:
        """An empty frame gives an empty frame with the penalty columns."""
        out = penalties_frame(_frame([]), today=LAST_DAY)
        assert 0 == len(out)
        assert set(PENALTY_COLUMNS) <= set(out.columns)

    def test_float_money_refused(self) -> None:
        """A float column, or a float cell, is refused: floats cannot hold cents."""
        with pytest.raises(AmountTypeError, match="floats"):
            penalties_frame(
                pd.DataFrame({"principal": [100.0], "due_on": [date(2025, 1, 31)]}), today=LAST_DAY
            )
        frame = pd.DataFrame(
            {"principal": pd.Series(["1", 2.5], dtype=object), "due_on": [date(2025, 1, 31)] * 2}
        )
        with pytest.raises(AmountTypeError, match="row 1, column 'principal'"):
            penalties_frame(frame, today=LAST_DAY)

    @pytest.mark.parametrize(
        ("principal", "error", "match"),
        [
            ("0", InvalidAmount, "more than zero"),
            ("-5", InvalidAmount, "zero or more"),
            ("1.005", InvalidAmount, "at most 2 decimals"),
            ("abc", InvalidAmount, "not a decimal number"),
            (None, InvalidAmount, "required"),
        ],
    )
    def test_bad_amounts(self, principal: object, error: type[DunningError], match: str) -> None:
        """A bad principal raises the error late_penalties would, naming the row."""
        frame = pd.DataFrame(
            {"principal": pd.Series([principal], dtype=object), "due_on": [date(2025, 1, 31)]}
        )
        with pytest.raises(error, match=match):
            penalties_frame(frame, today=LAST_DAY)

    def test_bad_dates(self) -> None:
        """Strings, datetimes and times of day are refused; a missing due date too."""
        for due in ("2025-01-31", pd.Timestamp("2025-01-31 12:00"), None):
            frame = pd.DataFrame({"principal": ["1"], "due_on": pd.Series([due], dtype=object)})
            with pytest.raises(DateTypeError, match="row 0, column 'due_on'"):
                penalties_frame(frame, today=LAST_DAY)
        frame = pd.DataFrame({"principal": ["1"], "due_on": pd.to_datetime(["2025-01-31 08:00"])})
        with pytest.raises(DateTypeError, match="times of day"):
            penalties_frame(frame, today=LAST_DAY)

    def test_today_needed_for_unpaid(self) -> None:
        """Without today, every invoice needs a paid_on."""
        rows = [{"principal": Decimal("1"), "due_on": date(2025, 1, 31), "paid_on": None}]
        with pytest.raises(InvalidArgument, match="today"):
            penalties_frame(_frame(rows))
        with pytest.raises(InvalidArgument, match="today"):
            penalties_frame(pd.DataFrame({"principal": ["1"], "due_on": [date(2025, 1, 31)]}))

    def test_bad_arguments(self) -> None:
        """Not a frame, a missing column, bad options: InvalidArgument."""
        with pytest.raises(InvalidArgument, match="DataFrame"):
            penalties_frame([{"principal": "1"}])
        with pytest.raises(InvalidArgument, match="'due_on' column"):
            penalties_frame(pd.DataFrame({"principal": ["1"]}), today=LAST_DAY)
        frame = _frame([{"principal": Decimal("1"), "due_on": date(2025, 1, 31), "paid_on": None}])
        with pytest.raises(InvalidArgument, match="basis"):
            penalties_frame(frame, today=LAST_DAY, basis="statutory")  # type: ignore[arg-type]
        with pytest.raises(InvalidArgument, match="payments"):
            penalties_frame(frame.assign(payments=[["x"]]), today=LAST_DAY)

    def test_rate_unavailable(self) -> None:
        """A late day after the rate tables raises RateUnavailable naming the half-year."""
        rows = [
            {"principal": Decimal("1"), "due_on": date(2025, 1, 31), "paid_on": None},
            {"principal": Decimal("1"), "due_on": date(2026, 5, 31), "paid_on": date(2026, 8, 1)},
        ]
        with pytest.raises(RateUnavailable, match="2026-H2"):
            penalties_frame(_frame(rows), today=LAST_DAY)
        with pytest.raises(RateUnavailable, match="2012-H2"):
            penalties_frame(
                _frame(
                    [
                        {
                            "principal": Decimal("1"),
                            "due_on": date(2012, 8, 1),
                            "paid_on": date(2013, 1, 5),
                        }
                    ]
                ),
                basis=PenaltyBasis.PUBLIC_PROCUREMENT,
            )


class TestToFrame:
    def test_breakdown(self) -> None:
        """A breakdown gives one row per line, amounts as Decimal."""
        breakdown = late_penalties(Decimal("10000"), date(2025, 3, 31), date(2025, 8, 15))
        frame = to_frame(breakdown)
        assert list(LINE_COLUMNS) == list(frame.columns)
        assert [Decimal("327.85"), Decimal("153.12")] == list(frame["amount"])
        assert [date(2025, 4, 1), date(2025, 7, 1)] == list(frame["start"])
        no_lines = to_frame(late_penalties(Decimal("1"), date(2025, 3, 31), date(2025, 3, 31)))
        assert list(LINE_COLUMNS) == list(no_lines.columns)
        assert 0 == len(no_lines)

    def test_plan(self) -> None:
        """A plan gives one row per case with its action of the day."""
        cases = [
            Case.open("F-1", "1200.00", date(2026, 1, 15), due_on=date(2026, 2, 14)),
            Case.open("F-2", "90", date(2026, 3, 1), due_on=date(2026, 3, 31)),
        ]
        frame = to_frame(plan_portfolio(cases, french_default(), date(2026, 3, 16)))
        assert list(PLAN_COLUMNS) == list(frame.columns)
        assert "reminder_email_1" == frame["action"].iloc[0]
        assert [False, True] == list(frame["action"].isna())
        assert [30, 0] == list(frame["days_late"])
        assert [Decimal("1200.00"), Decimal("90")] == list(frame["balance"])

    def test_refuses_other_values(self) -> None:
        """Anything else raises InvalidArgument."""
        for value in ("F-1", 3, [1]):
            with pytest.raises(InvalidArgument):
                to_frame(value)  # type: ignore[arg-type]


class TestFromFrame:
    def test_round_trip(self) -> None:
        """from_frame(to_frame(cases)) gives the same just-opened cases."""
        cases = (
            Case.open("F-1", "1200.00", date(2026, 1, 15), due_on=date(2026, 2, 14)),
            Case.open(
                "F-2",
                "500",
                date(2026, 1, 20),
                due_on=date(2026, 3, 1),
                currency="USD",
                segment=DebtorSegment.PUBLIC_BODY,
                opened_on=date(2026, 3, 10),
            ),
        )
        frame = to_frame(cases)
        assert list(CASE_COLUMNS) == list(frame.columns)
        assert cases == from_frame(frame)

    def test_minimal_columns_and_datetime64(self) -> None:
        """Only reference, amount, issued_on and due_on are needed; datetime64 dates are read."""
        frame = pd.DataFrame(
            {
                "reference": ["F-1"],
                "amount": [1200],
                "issued_on": pd.to_datetime(["2026-01-15"]),
                "due_on": pd.to_datetime(["2026-02-14"]),
                "segment": ["consumer"],
            }
        )
        (case,) = from_frame(frame)
        assert (date(2026, 2, 14), DebtorSegment.CONSUMER, Decimal(1200)) == (
            case.due_on,
            case.segment,
            case.amount,
        )

    def test_bad_rows(self) -> None:
        """Bad cells raise the usual errors, naming the row."""
        good = {
            "reference": "F-1",
            "amount": "1",
            "issued_on": date(2026, 1, 15),
            "due_on": date(2026, 2, 14),
        }
        with pytest.raises(AmountTypeError, match="floats"):
            from_frame(pd.DataFrame([{**good, "amount": 1.5}]))
        with pytest.raises(InvalidAmount, match="row 'b'"):
            from_frame(pd.DataFrame([good, {**good, "amount": "0"}], index=["a", "b"]))
        with pytest.raises(DateTypeError, match="row 0, column 'due_on'"):
            from_frame(pd.DataFrame([{**good, "due_on": "2026-02-14"}]))
        with pytest.raises(InvalidArgument, match="segment"):
            from_frame(pd.DataFrame([{**good, "segment": "vip"}]))
        with pytest.raises(InvalidArgument, match="'issued_on' column"):
            from_frame(
                pd.DataFrame([{"reference": "F-1", "amount": "1", "due_on": date(2026, 2, 14)}])
            )
        with pytest.raises(InvalidArgument, match="DataFrame"):
            from_frame([good])


def test_import_without_pandas_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without pandas, importing dunning_core.frames says which extra to install."""
    monkeypatch.setitem(sys.modules, "pandas", None)
    monkeypatch.delitem(sys.modules, "dunning_core.frames")
    with pytest.raises(ImportError, match=r"dunning-core\[pandas\]"):
        importlib.import_module("dunning_core.frames")


class TestDecimalCells:
    """Decimal cells are read and written exactly, whatever their exponent."""

    def test_any_exponent_reads_as_late_penalties(self) -> None:
        """12.3, 1000, 12.300, 1E+3: the figures of late_penalties, written alike."""
        principals = [Decimal("12.3"), Decimal("1000"), Decimal("12.300"), Decimal("0.05")]
        principals += [Decimal("1E+3"), Decimal("99999.99")]
        frame = pd.DataFrame({"principal": principals, "due_on": [date(2025, 1, 31)] * 6})
        out = penalties_frame(frame, today=date(2025, 8, 15))
        for principal, interest, total in zip(
            principals, out["interest"], out["total"], strict=True
        ):
            expected = late_penalties(principal, date(2025, 1, 31), date(2025, 8, 15))
            assert (str(expected.interest), str(expected.total)) == (str(interest), str(total))

    @pytest.mark.parametrize(
        ("cell", "match"),
        [
            (Decimal("1.005"), "at most 2 decimals"),
            (Decimal("0"), "more than zero"),
            (Decimal("-5.00"), "zero or more"),
            (Decimal("NaN"), "required"),
            (Decimal("1E+30"), "must not exceed"),
        ],
    )
    def test_bad_cell_named_with_its_row(self, cell: Decimal, match: str) -> None:
        """The row-by-row reading says what is wrong, and where."""
        frame = pd.DataFrame(
            {"principal": [Decimal("10.00"), cell], "due_on": [date(2025, 1, 31)] * 2}
        )
        with pytest.raises(InvalidAmount, match=f"row 1, column 'principal': .*{match}"):
            penalties_frame(frame, today=LAST_DAY)

    def test_equal_amounts_are_one_object(self) -> None:
        """Each distinct amount is built once, shared by rows and columns (memory)."""
        frame = pd.DataFrame(
            {"principal": [Decimal("1000.00")] * 3, "due_on": [date(2025, 1, 31)] * 3}
        )
        out = penalties_frame(frame, today=date(2025, 3, 2))
        assert out["interest"][0] is out["interest"][2]
        assert out["indemnity"][0] is out["indemnity"][1]
        assert out["days"].dtype == "int64"
        assert out["lines"].dtype == "int64"


class TestOneEngine:
    """frames evaluates interest's rules on columns: the same rule, the same answer."""

    @given(
        st.lists(
            st.tuples(st.booleans(), st.dates(date(2010, 1, 1), date(2016, 1, 1))), max_size=30
        ),
        st.booleans(),
    )
    def test_flat_indemnity_rule_on_columns(
        self, rows: list[tuple[bool, date]], carried: bool
    ) -> None:
        """The pre-2013 and consumer rules of the flat indemnity: one definition, two uses."""
        import numpy as np

        from dunning_core.interest import INDEMNITY_FROM, _flat_owed

        consumers = np.array([c for c, _ in rows], dtype=bool)
        days = np.array([d.toordinal() for _, d in rows], dtype=np.int64)
        column = np.broadcast_to(
            _flat_owed(carried, consumers, days, INDEMNITY_FROM.toordinal()), len(rows)
        )
        assert list(column) == [bool(_flat_owed(carried, c, d)) for c, d in rows]

    @given(st.lists(st.integers(0, 10**15), max_size=20), st.integers(1, 10**9))
    def test_half_up_on_ints_and_columns(self, products: list[int], divisor: int) -> None:
        """The rounding of a line: on an int, an int64 and an object column, as Decimal does."""
        import numpy as np

        from dunning_core.interest import _half_up

        expected = [
            int((Decimal(p) / Decimal(divisor)).quantize(Decimal(1), rounding="ROUND_HALF_UP"))
            for p in products
        ]
        assert [_half_up(p, divisor) for p in products] == expected
        assert list(_half_up(np.array(products, dtype=np.int64), divisor)) == expected
        assert list(_half_up(np.array(products, dtype=object), divisor)) == expected

    @given(
        st.lists(
            st.lists(st.integers(-(10**6), 10**6) | st.integers(-(2**62), 2**62), max_size=40),
            min_size=1,
            max_size=3,
        )
    )
    def test_distinct_and_first_met(self, columns: list[list[int]]) -> None:
        """Both ways of ranking amounts (a table over their range, a sort) and their order."""
        import numpy as np

        from dunning_core.frames import _distinct, _first_met

        arrays = [np.array(c, dtype=np.int64) for c in columns]
        shared, rows = _distinct(arrays)
        assert list(shared) == sorted({v for c in columns for v in c})
        assert [list(shared[r]) for r in rows] == columns
        order = _first_met(rows, len(shared))
        assert sorted(order) == list(range(len(shared)))
        met = list(dict.fromkeys(int(r) for where in rows for r in where))
        assert list(order) == met


class TestCellsReadByHash:
    """Decimal cells written at the minor unit are read through their numeric hash
    (frames._units_of_hashes): exactly the minor units scaleb() gives, over the whole range."""

    @given(
        st.sampled_from([0, 2, 3]),
        st.lists(st.integers(1, 10**15), min_size=1, max_size=50),
        st.integers(0, 10**3 - 1),
    )
    def test_the_units_of_every_amount(self, places: int, wholes: list[int], part: int) -> None:
        from dunning_core.frames import _object_cents

        scale = 10**places
        units = [min(w * scale + part % scale, 10**15 * scale) for w in wholes]
        cells = [Decimal(u).scaleb(-places) for u in units]
        got = _object_cents(pd.Series(cells, dtype=object).to_numpy(), places)
        assert got is not None
        assert got.tolist() == units

    @pytest.mark.parametrize(
        "cell",
        [Decimal("-12.34"), Decimal("0.00"), Decimal("-0.00"), Decimal("1000000000000000.01")],
    )
    def test_what_the_row_by_row_reading_refuses(self, cell: Decimal) -> None:
        """Negative, zero and too large amounts leave the fast reading (None): the row-by-row
        one names the row and what is wrong."""
        from dunning_core.frames import _object_cents

        cells = pd.Series([Decimal("1.00"), cell], dtype=object).to_numpy()
        assert _object_cents(cells, 2) is None
        frame = pd.DataFrame(
            {"principal": [Decimal("1.00"), cell], "due_on": [date(2025, 1, 31)] * 2}
        )
        with pytest.raises(InvalidAmount, match="row 1, column 'principal'"):
            penalties_frame(frame, today=date(2025, 3, 1))

    def test_without_a_61_bit_hash_cells_are_scaled(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Where Python's hash modulus is not 2**61 - 1 (a 32-bit build), the cells are read by
        scaleb, with the same units (and the same refusals)."""
        import dunning_core.frames as frames

        cells = [Decimal("12.34"), Decimal("0.01"), Decimal("999999999999999.99")]
        column = pd.Series(cells, dtype=object).to_numpy()
        by_hash = frames._object_cents(column, 2)
        monkeypatch.setattr(frames, "_HASH_MODULUS", (1 << 31) - 1)
        assert by_hash is not None
        assert (
            frames._object_cents(column, 2).tolist()
            == by_hash.tolist()
            == [1234, 1, 99999999999999999]
        )
        negative = pd.Series([Decimal("1.00"), Decimal("-1.00")], dtype=object).to_numpy()
        assert frames._object_cents(negative, 2) is None
