"""
Each kind of penalty basis, as one row of facts: its parameters, rate article, indemnity, words.

Adding a basis is a row of the table in ``interest.py`` plus a row of :data:`EXPECTED` here (and
the figures of a late invoice under it in ``test_interest.py``).
"""

from __future__ import annotations

import datetime
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given

from dunning_core import strategies as ds
from dunning_core.errors import InvalidArgument, RateUnavailable
from dunning_core.interest import BasisKind, Creditor, PenaltyBasis, late_penalties
from dunning_core.law import (
    CCP_D2192_35,
    CCP_R2192_31,
    CMF_L313_2,
    D441_5,
    L441_10,
    Article,
)
from dunning_core.rates import default_rates

D = Decimal

# kind: (a basis of it, parameters, rate article, indemnity article, per half-year,
#        interest name, French str(), English words in a letter)
EXPECTED: dict[
    BasisKind, tuple[PenaltyBasis, dict[str, bool], Article, Article | None, bool, str, str, str]
] = {
    BasisKind.STATUTORY: (
        PenaltyBasis.STATUTORY,
        {},
        L441_10,
        D441_5,
        True,
        "penalties",
        "taux BCE + 10 points",
        "ECB rate + 10 points",
    ),
    BasisKind.LEGAL_PLUS: (
        PenaltyBasis.legal_plus(D("7.5")),
        {"points": True},
        L441_10,
        D441_5,
        True,
        "penalties",
        "taux d'intérêt légal + 7,5 points",
        "legal interest rate + 7.5 points",
    ),
    BasisKind.THREE_TIMES_LEGAL: (
        PenaltyBasis.THREE_TIMES_LEGAL,
        {},
        L441_10,
        D441_5,
        True,
        "penalties",
        "3 fois le taux d'intérêt légal",
        "3 times the legal interest rate",
    ),
    BasisKind.CONTRACTUAL: (
        PenaltyBasis.contractual("12.5"),
        {"rate": True},
        L441_10,
        D441_5,
        False,
        "penalties",
        "taux contractuel de 12,50\xa0%",
        "contractual rate of 12.50%",
    ),
    BasisKind.PUBLIC_PROCUREMENT: (
        PenaltyBasis.PUBLIC_PROCUREMENT,
        {},
        CCP_R2192_31,
        CCP_D2192_35,
        False,
        "moratorium",
        "taux BCE + 8 points (commande publique)",
        "ECB rate + 8 points",
    ),
    BasisKind.LEGAL: (
        PenaltyBasis.legal(creditor=Creditor.CONSUMER, enforceable_on=date(2025, 3, 10)),
        {"creditor": True, "enforceable_on": False},
        CMF_L313_2,
        None,
        True,
        "legal_interest",
        (
            "taux d'intérêt légal (créancier particulier), majoré de 5 points deux mois après "
            "la décision exécutoire du 10/03/2025"
        ),
        "",
    ),
}


def test_every_kind_has_its_row() -> None:
    """A new BasisKind member without its expected row fails here."""
    assert set(BasisKind) == set(EXPECTED)


@pytest.mark.parametrize("kind", list(BasisKind), ids=lambda k: k.value)
class TestRow:
    def test_parameters(self, kind: BasisKind) -> None:
        """The parameters a kind takes, and whether each is required."""
        assert EXPECTED[kind][1] == dict(kind.parameters)

    def test_missing_or_extra_parameter_refused(self, kind: BasisKind) -> None:
        """A required parameter left out, or one the kind does not take, is refused."""
        values = {"points": D("1"), "rate": D("1"), "creditor": Creditor.OTHER}
        for name, required in kind.parameters.items():
            if required:
                given_ = {k: v for k, v in values.items() if k in kind.parameters and k != name}
                with pytest.raises(InvalidArgument, match=f"needs {name}"):
                    PenaltyBasis(kind, **given_)  # type: ignore[arg-type]
        needed = {k: v for k, v in values.items() if kind.parameters.get(k)}
        for name, value in values.items():
            if name not in kind.parameters:
                with pytest.raises(InvalidArgument, match=f"takes no {name}"):
                    PenaltyBasis(kind, **needed, **{name: value})  # type: ignore[arg-type]

    def test_articles_and_indemnity(self, kind: BasisKind) -> None:
        """The rate's article, and the indemnity's on a late invoice between professionals."""
        basis, _, article, indemnity, per_half_year, *_ = EXPECTED[kind]
        assert (article, indemnity is not None, per_half_year) == (
            basis.article,
            basis.indemnity_applies,
            basis.per_half_year,
        )
        b = late_penalties(D("1000"), date(2025, 1, 31), date(2025, 3, 2), basis=basis)
        assert (indemnity, D("40.00") if indemnity else D("0.00")) == (
            b.indemnity_article,
            b.indemnity,
        )
        assert {line.article for line in b.lines} == {article}

    def test_words(self, kind: BasisKind) -> None:
        """Its French str(), its name and words in an English letter, its evaluable repr."""
        basis, *_, name, french, english = EXPECTED[kind]
        assert (french, name, english) == (
            str(basis),
            basis.interest_name,
            basis.short("en", locale="en_GB"),
        )
        names = {"PenaltyBasis": PenaltyBasis, "Creditor": Creditor, "Decimal": D}
        assert basis == eval(repr(basis), {**names, "datetime": datetime})
        assert basis == PenaltyBasis.from_dict(basis.as_dict())


@given(ds.penalty_bases())
def test_drawn_bases_round_trip(basis: PenaltyBasis) -> None:
    """Every basis the strategy draws takes exactly its kind's parameters and reads back."""
    set_ = {name for name in ("points", "rate", "creditor") if getattr(basis, name) is not None}
    required = {name for name, needed in basis.kind.parameters.items() if needed}
    assert required == set_
    assert basis == PenaltyBasis.from_dict(basis.as_dict())


def test_enforceable_on_only_for_legal() -> None:
    """The judgment's date belongs to the bases that take it (civil legal interest)."""
    with pytest.raises(InvalidArgument, match="only the legal basis takes it"):
        PenaltyBasis(BasisKind.STATUTORY, enforceable_on=date(2025, 1, 1))


@pytest.mark.parametrize("kind", list(BasisKind), ids=lambda k: k.value)
def test_rates_of_the_row_price_the_lines(kind: BasisKind) -> None:
    """rates_in / fixed_rate (what frames prices with) give the rate of every line."""
    basis = EXPECTED[kind][0]
    if basis.enforceable_on is not None:  # the + 5 points are the lines' own
        basis = PenaltyBasis(kind, creditor=basis.creditor)
    book = default_rates()
    b = late_penalties(D("1000"), date(2024, 5, 31), date(2025, 3, 2), basis=basis, rates=book)
    found = basis.rates_in(book)
    fixed = basis.fixed_rate(book, date(2024, 6, 1))
    assert (found is None) == (fixed is not None) == (not basis.per_half_year)
    for line in b.lines:
        if found is None:
            assert fixed == line.rate
        else:
            table, factor, points = found
            assert table.rate_on(line.start) * factor + points == line.rate
    assert len({line.rate for line in b.lines}) == (1 if found is None else 3)


def test_fixed_rate_before_2013_is_unavailable() -> None:
    with pytest.raises(RateUnavailable, match="applied from 2013"):
        PenaltyBasis.PUBLIC_PROCUREMENT.fixed_rate(default_rates(), date(2012, 12, 31))


def test_short_words_in_french_or_english_only() -> None:
    with pytest.raises(InvalidArgument, match="'fr' or 'en'"):
        PenaltyBasis.STATUTORY.short("de")


@pytest.mark.parametrize("text", ["20250310", "2025-W11-1", "٢٠٢٥-٠٣-١٠", "2025-03-10T00:00"])
def test_from_dict_reads_enforceable_on_strictly(text: str) -> None:
    """enforceable_on is read by parse_date, the one strict reader (date.fromisoformat read
    "20250310" and week dates; issue 10)."""
    with pytest.raises(InvalidArgument, match="expected YYYY-MM-DD"):
        PenaltyBasis.from_dict({"kind": "legal", "creditor": "other", "enforceable_on": text})
    basis = PenaltyBasis.from_dict(
        {"kind": "legal", "creditor": "other", "enforceable_on": "2025-03-10"}
    )
    assert date(2025, 3, 10) == basis.enforceable_on
