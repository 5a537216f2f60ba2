"""
Hypothesis strategies for the public values of ``dunning_core`` (extra ``dunning-core[hypothesis]``).

They follow Hypothesis' house style: plural names, keyword-only arguments, strategies as
parameters, valid values only, shrinking towards the simplest case (EUR, small round amounts).

>>> from dunning_core.strategies import amounts
>>> amounts().example() >= 0  # doctest: +SKIP
True
"""

from __future__ import annotations

from decimal import Decimal

try:
    from hypothesis import strategies as st
except ImportError as exc:  # pragma: no cover - depends on the environment
    raise ImportError(
        "dunning_core.strategies needs hypothesis: pip install 'dunning-core[hypothesis]'"
    ) from exc

from dunning_core.money import MAX_AMOUNT, Money, minor_units

__all__ = ["amounts", "money"]


@st.composite
def _amounts(draw: st.DrawFn, min_value: Decimal, max_value: Decimal, places: int) -> Decimal:
    return draw(st.decimals(min_value=min_value, max_value=max_value, places=places))


def amounts(
    *,
    min_value: Decimal = Decimal(0),
    max_value: Decimal = Decimal("1000000"),
    currency: str = "EUR",
) -> st.SearchStrategy[Decimal]:
    """
    Amounts owed: finite, non-negative :class:`~decimal.Decimal` with the currency's decimals.

    Shrinks towards ``min_value``.
    """
    if min_value < 0 or max_value > MAX_AMOUNT or min_value > max_value:
        raise ValueError(
            f"need 0 <= min_value <= max_value <= {MAX_AMOUNT} (got {min_value}, {max_value})"
        )
    return _amounts(min_value, max_value, minor_units(currency))


def money(*, currencies: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[Money]:
    """:class:`~dunning_core.money.Money` values; shrinks towards 0 EUR."""
    currency_strategy = currencies if currencies is not None else st.just("EUR")
    return currency_strategy.flatmap(lambda c: amounts(currency=c).map(lambda a: Money(a, c)))
