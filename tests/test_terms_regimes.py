"""The payment-term regimes as data: one row per TermsKind drives every rule of dunning_core.terms."""

from __future__ import annotations

import inspect
import re
from datetime import date

import pytest
from hypothesis import given

from dunning_core import strategies as ds
from dunning_core import terms as terms_module
from dunning_core.law import L441_10, L441_11, L441_12
from dunning_core.terms import (
    EndOfMonth,
    PaymentTerms,
    PublicBuyer,
    TermsKind,
    check_terms,
    due_date,
)

REGIMES = terms_module._REGIMES
START = terms_module._Start


def _build(kind: TermsKind) -> PaymentTerms:
    """A value of *kind* through its row's named constructor, with the constructor's defaults."""
    constructor = getattr(PaymentTerms, REGIMES[kind].constructor)
    if REGIMES[kind].buyer:
        return constructor(PublicBuyer.STATE)  # type: ignore[no-any-return]
    needed = [
        p
        for p in inspect.signature(constructor).parameters.values()
        if p.default is inspect.Parameter.empty
    ]
    return constructor(*[30] * len(needed))  # type: ignore[no-any-return]


class TestRows:
    def test_one_row_per_kind(self) -> None:
        """Every kind has its row, filed under its own kind."""
        assert set(TermsKind) == set(REGIMES)
        assert all(kind is row.kind for kind, row in REGIMES.items())

    @pytest.mark.parametrize("kind", list(TermsKind))
    def test_constructor_builds_the_kind(self, kind: TermsKind) -> None:
        """The row's named constructor builds its kind, and the repr names that constructor."""
        built = _build(kind)
        assert kind is built.kind
        assert repr(built).startswith(f"PaymentTerms.{REGIMES[kind].constructor}(")
        assert built == eval(repr(built), vars(terms_module))  # our own repr

    @pytest.mark.parametrize("kind", [k for k in TermsKind if REGIMES[k].cap is not None])
    def test_default_days_are_the_cap(self, kind: TermsKind) -> None:
        """A constructor that defaults its days defaults them to the row's cap (a sector's 30...)."""
        days = inspect.signature(getattr(PaymentTerms, REGIMES[kind].constructor)).parameters.get(
            "days"
        )
        assert days is not None
        if days.default is not inspect.Parameter.empty:
            assert REGIMES[kind].cap == days.default

    @pytest.mark.parametrize("kind", [k for k in TermsKind if REGIMES[k].fixed_days is not None])
    def test_fixed_days(self, kind: TermsKind) -> None:
        """A kind with fixed days has them, and refuses others with the row's hint."""
        row = REGIMES[kind]
        assert row.fixed_days == _build(kind).days
        with pytest.raises(ValueError, match=re.escape(row.fixed_hint)):
            PaymentTerms(kind, (row.fixed_days or 0) + 1)

    @pytest.mark.parametrize("kind", list(TermsKind))
    def test_wording_reads_back(self, kind: TermsKind) -> None:
        """The row's wording is what str() writes, and parse reads it back."""
        built = _build(kind)
        assert PaymentTerms.parse(str(built)) == built
        if not REGIMES[kind].method and not REGIMES[kind].buyer:
            n = f"{built.days} jour{'s' if built.days > 1 else ''}"
            assert REGIMES[kind].wording % {"days": n, "buyer": ""} == str(built)


class TestRowsDriveTheRules:
    @pytest.mark.parametrize("kind", list(TermsKind))
    def test_article(self, kind: TermsKind) -> None:
        """The article of a value is its row's, but for a public buyer's own."""
        expected = REGIMES[kind].article
        built = _build(kind)
        assert (PublicBuyer.STATE.article if kind is TermsKind.PUBLIC_BUYER else expected) == (
            built.article
        )
        assert expected in {L441_10, L441_11, L441_12} or kind is TermsKind.PUBLIC_BUYER

    @pytest.mark.parametrize("kind", [k for k in TermsKind if REGIMES[k].cap is not None])
    def test_cap(self, kind: TermsKind) -> None:
        """One day over the row's cap is a violation citing the row's article and what is capped."""
        row = REGIMES[kind]
        assert row.cap is not None
        over = PaymentTerms(kind, row.cap + 1, EndOfMonth.ADD_THEN_EOM if row.method else None)
        found = [f for f in check_terms(over, expressly_stipulated=True) if "-day cap" in f.message]
        assert [
            (row.article, f"{row.cap + 1} days exceeds the {row.cap}-day cap on {row.capped}")
        ] == [(f.article, f.message) for f in found]

    @pytest.mark.parametrize("kind", [k for k in TermsKind if not REGIMES[k].method])
    def test_start(self, kind: TermsKind) -> None:
        """The due date is the row's start plus the days; delivery is required when it counts."""
        row = REGIMES[kind]
        built = _build(kind)
        issued, delivered, received = date(2026, 3, 2), date(2026, 2, 14), date(2026, 3, 5)
        start = row.start.day(issued, delivered, received)
        expected = {
            START.INVOICE: issued,
            START.DELIVERY: delivered,
            START.END_OF_DECADE_OF_DELIVERY: date(2026, 2, 20),
            START.END_OF_MONTH_OF_DELIVERY: date(2026, 2, 28),
            START.PAYMENT_REQUEST: received,
        }[row.start]
        assert expected == start
        assert (due_date(built, issued, delivered, received_on=received) - start).days == (
            built.days
        )
        if row.start.needs_delivery:
            with pytest.raises(ValueError, match="delivered_on is required"):
                due_date(built, issued)


class TestDocumented:
    def test_kind_table_matches_rows(self) -> None:
        """The table of TermsKind's docstring shows each row's article and cap."""
        doc = TermsKind.__doc__ or ""
        for kind, row in REGIMES.items():
            line = next(line for line in doc.splitlines() if f"``{kind.name}``" in line)
            if kind is TermsKind.PUBLIC_BUYER:
                assert line.rstrip().endswith("R2192-10/11")
                continue
            number = str(row.article).rpartition(" ")[2]
            cap = f" ({row.cap})" if row.cap is not None else ""
            assert line.rstrip().endswith(f"{number}{cap}"), line


class TestReading:
    def test_every_row_reads_its_wordings(self) -> None:
        """Each row holds the patterns parse reads it by; each compiles and names its days."""
        for row in REGIMES.values():
            assert row.reads, row.kind
            for pattern in row.reads:
                groups = re.compile(pattern).groupindex
                assert ("days" in groups) is (row.fixed_days is None), pattern

    @given(ds.payment_terms())
    def test_one_row_reads_each_wording(self, terms: PaymentTerms) -> None:
        """The wording of any terms is read by its own row's patterns and by no other row's."""
        normal = " ".join(terms_module._tokens(str(terms)))
        readers = [row.kind for row, pattern in terms_module._READERS if pattern.fullmatch(normal)]
        assert [terms.kind] == readers

    @pytest.mark.parametrize("buyer", list(PublicBuyer))
    def test_buyer_rows(self, buyer: PublicBuyer) -> None:
        """A public buyer's row gives its days, article and label, and parse reads the label."""
        row = terms_module._BUYERS[buyer]
        assert (row.days, row.article, row.label) == (buyer.days, buyer.article, buyer.label)
        terms = PaymentTerms.public_buyer(buyer)
        assert f"({row.label})" in str(terms)
        assert terms == PaymentTerms.parse(str(terms))
