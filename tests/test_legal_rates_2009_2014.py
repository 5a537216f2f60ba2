"""
The single annual legal interest rate of 2009 to 2014 (C. mon. fin. L313-2 before ordonnance
2014-947), shipped with the two rates of 2015 onwards (LAW.md § 4.2).

Before 2015 one rate applied whoever the creditor was; the tables give it to both series, so the
legal interest of an old claim and the floor of 3 × the legal rate (C. com. L441-10 II, loi LME
from 2009) are priced and checked for 2009-2014 as for later half-years.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from dunning_core import PenaltyBasis, late_penalties
from dunning_core.errors import RateUnavailable
from dunning_core.interest import Creditor
from dunning_core.rates import default_rates

# LAW.md § 4.2: « 2009 3.79 %, 2010 0.65 %, 2011 0.38 %, 2012 0.71 %, 2013 0.04 %, 2014 0.04 % »
YEARLY = {
    2009: Decimal("3.79"),
    2010: Decimal("0.65"),
    2011: Decimal("0.38"),
    2012: Decimal("0.71"),
    2013: Decimal("0.04"),
    2014: Decimal("0.04"),
}


@pytest.mark.parametrize("year", sorted(YEARLY))
@pytest.mark.parametrize("day", [(1, 1), (6, 30), (7, 1), (12, 31)])
def test_one_rate_a_year_for_both_kinds_of_creditor(year: int, day: tuple[int, int]) -> None:
    on = date(year, *day)
    book = default_rates()
    assert YEARLY[year] == book.legal_other.rate_on(on)
    assert YEARLY[year] == book.legal_consumer.rate_on(on)


def test_the_two_rates_start_in_2015() -> None:
    book = default_rates()
    assert (Decimal("4.06"), Decimal("0.93")) == (
        book.legal_consumer.rate_on(date(2015, 1, 1)),
        book.legal_other.rate_on(date(2015, 1, 1)),
    )


def test_legal_interest_of_a_2012_claim_crosses_into_2013() -> None:
    """Legal interest over the new year: 0.71 % in 2012, 0.04 % in 2013, ACT/365."""
    b = late_penalties(
        Decimal("100000"),
        date(2012, 11, 30),
        date(2013, 1, 31),
        basis=PenaltyBasis.legal(creditor=Creditor.CONSUMER),
    )
    assert [(Decimal("0.71"), 31), (Decimal("0.04"), 31)] == [(x.rate, x.days) for x in b.lines]
    # 100 000 × 0.71 % × 31 / 365 = 60.30; 100 000 × 0.04 % × 31 / 365 = 3.40
    assert Decimal("63.70") == b.interest


def test_a_contractual_rate_below_three_times_the_2010_rate_is_flagged() -> None:
    """L441-10 II (then L441-6): 1.50 % < 3 × 0.65 % = 1.95 % in 2010."""
    b = late_penalties(
        Decimal("1000"),
        date(2010, 3, 31),
        date(2010, 5, 31),
        basis=PenaltyBasis.contractual("1.50"),
    )
    codes = [(f.code, dict(f.params).get("floor")) for f in b.findings]
    assert ("rate_below_floor", Decimal("1.95")) in codes
    assert "floor_unchecked" not in [c for c, _ in codes]


def test_three_times_the_2013_rate_exactly_is_no_violation() -> None:
    b = late_penalties(
        Decimal("1000"),
        date(2013, 3, 31),
        date(2013, 5, 31),
        basis=PenaltyBasis.contractual("0.12"),
    )
    assert not [f for f in b.findings if f.code in ("rate_below_floor", "floor_unchecked")]


def test_before_2009_the_legal_rate_is_not_shipped() -> None:
    """The 2006-2008 rates are left out: the floor was then 1.5 × the legal rate (not modelled)."""
    with pytest.raises(RateUnavailable, match="start in 2009"):
        late_penalties(
            Decimal("1000"), date(2008, 3, 31), date(2008, 5, 31), basis=PenaltyBasis.legal()
        )
