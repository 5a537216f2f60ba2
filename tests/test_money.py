"""Tests of dunning_core.money: Decimal only, explicit rounding."""

from __future__ import annotations

import decimal
import re
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dunning_core.errors import AmountTypeError, CurrencyMismatch, DunningError, InvalidAmount
from dunning_core.money import MAX_AMOUNT, Money, minor_units, quantize, to_amount


class TestToAmount:
    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            ("12.50", Decimal("12.50")),
            (40, Decimal(40)),
            (Decimal("0.01"), Decimal("0.01")),
            (" 1000.5 ", Decimal("1000.5")),
        ],
    )
    def test_accepts_exact_types(self, value: object, expected: Decimal) -> None:
        assert expected == to_amount(value)

    def test_float_is_refused_with_the_fix(self) -> None:
        """The message tells the user what to pass instead."""
        with pytest.raises(AmountTypeError, match=r'Decimal\("12.5"\)') as info:
            to_amount(12.5)
        assert isinstance(info.value, TypeError)
        assert isinstance(info.value, DunningError)
        assert 12.5 == info.value.value

    @given(st.integers(0, 10**15), st.sampled_from(["int8", "int16", "int32", "int64", "uint64"]))
    def test_numpy_integers_are_integers(self, value: int, dtype: str) -> None:
        """A frame's integer cell (numpy.int64...) is an int: an analyst's
        late_penalties(frame.amount[0], ...) is accepted, as the int would be."""
        numpy = pytest.importorskip("numpy")
        info = numpy.iinfo(dtype)
        value = min(value, int(info.max))
        cell = numpy.array([value], dtype=dtype)[0]
        assert not isinstance(cell, int)
        amount = to_amount(cell)
        assert type(amount) is Decimal
        assert amount == Decimal(value)

    @given(st.floats(allow_nan=False, allow_infinity=False, width=32), st.booleans())
    def test_numpy_floats_are_refused_with_a_fix_that_works(
        self, value: float, double: bool
    ) -> None:
        """numpy's floats are floats: refused, and the hint is a Decimal() that reads (it wrote
        numpy's repr, Decimal("np.float64(1000.0)"), which Decimal refuses)."""
        numpy = pytest.importorskip("numpy")
        cell = (numpy.float64 if double else numpy.float32)(value)
        with pytest.raises(AmountTypeError, match="not float") as info:
            to_amount(cell)
        (hint,) = re.findall(r'Decimal\("([^"]*)"\)', str(info.value))
        assert Decimal(hint) == Decimal(str(cell))

    @pytest.mark.parametrize("value", [True, None, [1], b"1"])
    def test_other_types_are_refused(self, value: object) -> None:
        with pytest.raises(AmountTypeError):
            to_amount(value)

    @pytest.mark.parametrize("value", ["NaN", Decimal("Infinity"), "-inf", Decimal("sNaN")])
    def test_non_finite_is_refused(self, value: object) -> None:
        with pytest.raises(InvalidAmount, match=r"finite|not a decimal number"):
            to_amount(value)

    def test_negative_is_refused_unless_allowed(self) -> None:
        with pytest.raises(InvalidAmount, match="zero or more"):
            to_amount("-0.01")
        assert Decimal("-0.01") == to_amount("-0.01", allow_negative=True)

    @pytest.mark.parametrize(
        "text",
        [
            "1e3",
            "1E+3",
            "1__0",
            "1_000",
            "\u0661\u0662\u0663",
            "\uff11\uff12",
            "1 000",
            "1,5",
            "+5",
            ".5",
            "5.",
            "0x10",
            "Infinity",
            "1.2.3",
            "--1",
            "",
            "1\u00a0000",
            "\u00b2",
        ],
    )
    def test_only_plain_ascii_decimals(self, text: str) -> None:
        """Exponents, underscores, separators and other scripts' digits are refused, not read."""
        with pytest.raises(InvalidAmount, match=r"not a decimal number such as '1250\.00'"):
            to_amount(text, allow_negative=True)

    def test_huge_text_is_refused_before_decimal_reads_it(self) -> None:
        """A million digits is refused by the reader, and the message shows only its start."""
        with pytest.raises(InvalidAmount) as info:
            to_amount("9" * 1_000_000)
        assert len(str(info.value)) < 400

    def test_garbage_string(self) -> None:
        with pytest.raises(InvalidAmount, match="not a decimal number"):
            to_amount("12,50 €")

    def test_too_large(self) -> None:
        with pytest.raises(InvalidAmount, match="exceed"):
            to_amount(MAX_AMOUNT + 1)


class TestQuantize:
    def test_half_up_not_bankers(self) -> None:
        """0.125 rounds to 0.13 (ROUND_HALF_EVEN would give 0.12)."""
        assert Decimal("0.13") == quantize(Decimal("0.125"), "EUR")

    def test_global_context_is_ignored(self) -> None:
        """A caller's decimal context (precision 3, banker's rounding) changes nothing."""
        with decimal.localcontext() as ctx:
            ctx.prec = 3
            ctx.rounding = decimal.ROUND_HALF_EVEN
            assert Decimal("123456.13") == quantize(Decimal("123456.125"), "EUR")

    def test_minor_units_from_babel(self) -> None:
        assert (2, 0, 3) == (minor_units("EUR"), minor_units("JPY"), minor_units("KWD"))

    @given(st.decimals(min_value=-MAX_AMOUNT, max_value=MAX_AMOUNT, places=6))
    def test_within_half_a_cent(self, amount: Decimal) -> None:
        assert abs(quantize(amount, "EUR") - amount) <= Decimal("0.005")


class TestMoney:
    def test_rounds_to_the_minor_unit(self) -> None:
        assert Decimal("10.01") == Money("10.005", "EUR").amount

    def test_currency_mismatch(self) -> None:
        with pytest.raises(CurrencyMismatch) as info:
            Money("1", "EUR") + Money("1", "USD")
        assert ("EUR", "USD") == (info.value.left, info.value.right)

    def test_unknown_currency(self) -> None:
        with pytest.raises(InvalidAmount, match="ISO 4217"):
            Money("1", "XXZ")

    def test_is_frozen(self) -> None:
        m = Money("1", "EUR")
        with pytest.raises(AttributeError):
            m.amount = Decimal(2)  # type: ignore[misc]

    def test_sum_and_negation(self) -> None:
        assert Money("-3.00", "EUR") == -sum([Money("1", "EUR"), Money("2", "EUR")])
