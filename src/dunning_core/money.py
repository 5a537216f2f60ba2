"""
Amounts of money as :class:`~decimal.Decimal`, with explicit rounding.

* ``str``, ``int`` and ``Decimal`` are accepted; ``float``, ``bool``, NaN and infinity are refused
  with :class:`~dunning_core.errors.InvalidAmount` (floats with its subclass
  :class:`~dunning_core.errors.AmountTypeError`, also a ``TypeError``).
* Rounding is always ``ROUND_HALF_UP`` to the currency's minor unit (2 for EUR, 0 for JPY, from
  babel's CLDR data), done with a private decimal context: the caller's global
  :func:`decimal.getcontext` never changes a result.

>>> from decimal import Decimal
>>> to_amount("1234.5")
Decimal('1234.5')
>>> quantize(Decimal("0.125"), "EUR")
Decimal('0.13')
>>> Money("1250", "EUR") - Money("0.10", "EUR")
Money('1249.90', 'EUR')
>>> to_amount(0.1)
Traceback (most recent call last):
...
dunning_core.errors.AmountTypeError: amounts must be Decimal, int or str, not float: \
floats cannot hold cents exactly; pass Decimal("0.1") (got 0.1)
"""

from __future__ import annotations

import decimal
import functools
import numbers
import operator
import re
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from typing import Final, ParamSpec, TypeVar, final

import attrs
from babel.numbers import get_currency_precision, list_currencies

from dunning_core.errors import AmountTypeError, CurrencyMismatch, InvalidAmount

__all__ = [
    "CONTEXT",
    "DEFAULT_CURRENCY",
    "MAX_AMOUNT",
    "Money",
    "check_currency",
    "in_context",
    "minor_units",
    "quantize",
    "to_amount",
]

DEFAULT_CURRENCY: Final = "EUR"

MAX_AMOUNT: Final = Decimal("1e15")
"""The largest amount accepted (a thousand billion): beyond it an amount is surely a mistake."""

CONTEXT: Final = decimal.Context(
    prec=50,
    rounding=ROUND_HALF_UP,
    Emin=-999_999,
    Emax=999_999,
    traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow],
)
"""The decimal context every computation of the package uses (never the global one)."""

_P = ParamSpec("_P")
_R = TypeVar("_R")


def in_context(func: Callable[_P, _R]) -> Callable[_P, _R]:
    """
    Run *func* in (a copy of) :data:`CONTEXT`, whatever the caller's decimal context is.

    For entry points whose arithmetic is spread over many helpers (portfolio analytics, letters):
    plain ``+`` and ``sum()`` and babel's formatting then never see the caller's precision.

    >>> @in_context
    ... def third() -> Decimal:
    ...     return Decimal(1) / 3
    >>> with decimal.localcontext(decimal.Context(prec=3)):
    ...     len(str(third()))
    52
    """

    @functools.wraps(func)
    def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        with decimal.localcontext(CONTEXT):
            return func(*args, **kwargs)

    return wrapper


_ACCEPTED = "amounts must be Decimal, int or str"


_PLAIN: Final = re.compile(r"-?[0-9]{1,40}(?:\.[0-9]{1,40})?")


def _read_amount(text: str) -> Decimal:
    """The one strict reader of amounts written as text: plain ASCII decimals only."""
    plain = text.strip(" \t")
    if not _PLAIN.fullmatch(plain):
        shown = text if len(text) <= 60 else text[:60] + "…"
        raise InvalidAmount(
            shown,
            f"{_ACCEPTED}; this string is not a decimal number such as '1250.00' "
            "(ASCII digits, an optional minus and point; no exponent, separator or sign)",
            code="not_an_amount",
            params=(("example", "1250.00"),),
        )
    return Decimal(plain)


def to_amount(value: object, *, allow_negative: bool = False) -> Decimal:
    """
    Convert *value* to a finite :class:`~decimal.Decimal`, refusing anything inexact.

    Args:
        value: a ``Decimal``, an ``int`` (numpy's integers too, as a frame's cell gives them)
            or a plain decimal ``str`` such as ``"1250.00"``:
            ASCII digits, an optional minus and one optional point, nothing else (``"1e3"``,
            ``"1_000"``, ``"1 000"`` and other scripts' digits are refused, never guessed).
        allow_negative: accept amounts below zero (for differences, never for what is owed).

    Returns:
        The amount, unrounded.

    Raises:
        AmountTypeError: *value* is a ``float`` (numpy's too), a ``bool`` or another type.
        InvalidAmount: NaN, infinity, a negative amount, more than :data:`MAX_AMOUNT`,
            or a string that is not a number.

    >>> to_amount(40)
    Decimal('40')
    >>> to_amount("-1")
    Traceback (most recent call last):
    ...
    dunning_core.errors.InvalidAmount: amounts must be zero or more (got Decimal('-1'))
    """
    if isinstance(value, Decimal):
        amount = value
    elif isinstance(value, bool):
        raise AmountTypeError(value, f"{_ACCEPTED}, not bool")
    elif isinstance(value, numbers.Integral):  # int, and numpy's integers (a frame's cell)
        amount = Decimal(operator.index(value))
    elif isinstance(value, numbers.Real) and not isinstance(value, numbers.Rational):
        # float, numpy's floats: the hint shows the number as str() writes it ("1000.0"), not
        # numpy's repr ("np.float64(1000.0)"), which Decimal() would refuse.
        raise AmountTypeError(
            value,
            f'{_ACCEPTED}, not float: floats cannot hold cents exactly; pass Decimal("{value!s}")',
        )
    elif isinstance(value, str):
        amount = _read_amount(value)
    else:
        raise AmountTypeError(value, f"{_ACCEPTED}, not {type(value).__name__}")
    if not amount.is_finite():
        raise InvalidAmount(
            value, "amounts must be finite numbers, not NaN or infinity", code="not_finite"
        )
    if amount.is_zero():
        # -0 is zero: drop the sign so that equal amounts print and serialise alike.
        return amount.copy_abs()
    if amount.is_signed() and not allow_negative:
        raise InvalidAmount(amount, "amounts must be zero or more", code="negative_amount")
    # copy_abs() needs no context: abs() would round (and may overflow) in the caller's one.
    if amount.copy_abs() > MAX_AMOUNT:
        raise InvalidAmount(
            amount,
            f"amounts must not exceed {MAX_AMOUNT:,f}",
            code="amount_too_large",
            params=(("max", MAX_AMOUNT),),
        )
    return amount


@cache
def _known_currencies() -> frozenset[str]:
    return frozenset(list_currencies())


def check_currency(code: object) -> str:
    """
    Return *code* if it is an ISO 4217 currency code known to babel, else raise.

    >>> check_currency("EUR")
    'EUR'
    >>> check_currency("eur")
    Traceback (most recent call last):
    ...
    dunning_core.errors.InvalidAmount: currency must be an upper-case ISO 4217 code such as 'EUR' (got 'eur')
    """
    if not isinstance(code, str) or code not in _known_currencies():
        raise InvalidAmount(
            code,
            "currency must be an upper-case ISO 4217 code such as 'EUR'",
            code="not_a_currency",
        )
    return code


@cache
def minor_units(currency: str) -> int:
    """
    The number of decimals of *currency*'s minor unit, from babel (CLDR).

    >>> minor_units("EUR"), minor_units("JPY")
    (2, 0)
    """
    return int(get_currency_precision(check_currency(currency)))


@cache
def _exponent(currency: str) -> Decimal:
    return Decimal(1).scaleb(-minor_units(currency))


def quantize(amount: Decimal, currency: str = DEFAULT_CURRENCY) -> Decimal:
    """
    Round *amount* half-up to *currency*'s minor unit.

    >>> quantize(Decimal("2.345"), "EUR"), quantize(Decimal("-2.345"), "EUR")
    (Decimal('2.35'), Decimal('-2.35'))
    >>> quantize(Decimal("149.5"), "JPY")
    Decimal('150')

    Raises:
        AmountTypeError: *amount* is a ``float`` or another type.
        InvalidAmount: NaN or infinity.
    """
    if type(amount) is not Decimal:
        amount = to_amount(amount, allow_negative=True)  # refuses floats, NaN, infinity
    elif not amount.is_finite():
        raise InvalidAmount(amount, "amounts must be finite numbers, not NaN or infinity")
    return amount.quantize(_exponent(currency), rounding=ROUND_HALF_UP, context=CONTEXT)


def _convert_amount(value: object) -> Decimal:
    return to_amount(value, allow_negative=True)


@final
@attrs.frozen(repr=False, order=False)
class Money:
    """
    An amount in one currency, rounded to its minor unit.

    Negative amounts are allowed here (a difference, a refund); what is *owed* is checked by the
    functions that take it.  Adding or subtracting two currencies raises
    :class:`~dunning_core.errors.CurrencyMismatch`; ``sum()`` works thanks to ``0 + money``.

    >>> Money("12.5", "EUR")
    Money('12.50', 'EUR')
    >>> sum([Money("1", "EUR"), Money("2.005", "EUR")])
    Money('3.01', 'EUR')
    >>> Money("1", "EUR") < Money("2", "EUR")
    True
    """

    amount: Decimal = attrs.field(converter=_convert_amount)
    currency: str = attrs.field(
        default=DEFAULT_CURRENCY, validator=lambda _i, _a, v: check_currency(v)
    )

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "amount", quantize(self.amount, self.currency))

    def __repr__(self) -> str:
        return f"Money({str(self.amount)!r}, {self.currency!r})"

    def __str__(self) -> str:
        return f"{self.amount} {self.currency}"

    @classmethod
    def zero(cls, currency: str = DEFAULT_CURRENCY) -> Money:
        """Nothing, in *currency*."""
        return cls(Decimal(0), currency)

    def _same(self, other: Money) -> None:
        if other.currency != self.currency:
            raise CurrencyMismatch(self.currency, other.currency)

    def __add__(self, other: object) -> Money:
        if isinstance(other, Money):
            self._same(other)
            return Money(CONTEXT.add(self.amount, other.amount), self.currency)
        if isinstance(other, int) and not isinstance(other, bool) and other == 0:
            return self
        return NotImplemented

    __radd__ = __add__

    def __sub__(self, other: object) -> Money:
        if isinstance(other, Money):
            self._same(other)
            return Money(CONTEXT.subtract(self.amount, other.amount), self.currency)
        return NotImplemented

    def __neg__(self) -> Money:
        return Money(CONTEXT.minus(self.amount), self.currency)

    def __lt__(self, other: Money) -> bool:
        self._same(other)
        return self.amount < other.amount

    def __le__(self, other: Money) -> bool:
        self._same(other)
        return self.amount <= other.amount

    def __gt__(self, other: Money) -> bool:
        self._same(other)
        return self.amount > other.amount

    def __ge__(self, other: Money) -> bool:
        self._same(other)
        return self.amount >= other.amount

    def __bool__(self) -> bool:
        return bool(self.amount)
