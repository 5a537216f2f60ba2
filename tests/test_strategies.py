"""Tests of dunning_core.strategies and the hypothesis plugin: valid values, shrinking, errors."""

from __future__ import annotations

from datetime import date, datetime, timezone
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import find, given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

import dunning_core.strategies as ds
from dunning_core._hypothesis_plugin import register
from dunning_core.interest import BasisKind, PenaltyBasis
from dunning_core.machine import (
    EVENT_TYPES,
    Case,
    Event,
    Instalment,
    InvoiceOpened,
    PaymentPlanAgreed,
    WrittenOff,
    apply,
    check,
    replay,
)
from dunning_core.money import MAX_AMOUNT, Money, minor_units, quantize
from dunning_core.policy import DebtorSegment, Policy, Stage, french_default, validate_policy
from dunning_core.rates import DATA_AS_OF
from dunning_core.serialize import from_json, to_json
from dunning_core.terms import PaymentTerms, TermsKind, check_terms

POLICY = french_default()
NO_DATABASE = settings(database=None, derandomize=True)


def smallest(strategy: st.SearchStrategy[Any], condition: Any = lambda _: True) -> Any:
    """What *strategy* shrinks to (under *condition*), without the example database."""
    return find(strategy, condition, settings=NO_DATABASE)


def rebuilt(value: Any) -> Any:
    """*value* built again from its fields by its own constructor (which validates them)."""
    fields = {f.name: getattr(value, f.name) for f in attrs.fields(type(value)) if f.init}
    return type(value)(**fields)


class TestValidValues:
    @given(ds.amounts(currency="JPY"), ds.amounts())
    def test_amounts(self, yen: Decimal, euros: Decimal) -> None:
        """Amounts are non-negative, at most the default maximum, in the currency's minor unit."""
        for amount, currency in ((yen, "JPY"), (euros, "EUR")):
            assert 0 <= amount <= Decimal(1_000_000)
            assert quantize(amount, currency) == amount

    @given(ds.amounts(min_value=Decimal("10.50"), max_value=Decimal("11")))
    def test_amount_bounds(self, amount: Decimal) -> None:
        """Amounts stay within their bounds."""
        assert Decimal("10.50") <= amount <= Decimal("11")

    @given(ds.money(currencies=ds.currencies()))
    def test_money(self, money: Money) -> None:
        """Money values are rebuilt equal (rounded to their minor unit)."""
        assert money == Money(money.amount, money.currency)
        assert money.amount == money.amount.quantize(
            Decimal(1).scaleb(-minor_units(money.currency))
        )

    @given(ds.dates(min_value=date(2020, 2, 1), max_value=date(2020, 3, 1)))
    def test_dates(self, day: date) -> None:
        """Dates stay within their bounds."""
        assert date(2020, 2, 1) <= day <= date(2020, 3, 1)

    @given(ds.payment_terms())
    def test_payment_terms(self, terms: PaymentTerms) -> None:
        """Terms rebuild equal, read back from their wording, and can be checked."""
        assert terms == rebuilt(terms)
        assert terms == PaymentTerms.parse(str(terms))
        check_terms(terms)

    @given(ds.payment_terms(kinds=st.just(TermsKind.PUBLIC_BUYER)))
    def test_payment_terms_of_one_kind(self, terms: PaymentTerms) -> None:
        """kinds= restricts the kinds drawn."""
        assert TermsKind.PUBLIC_BUYER is terms.kind

    @given(ds.penalty_bases())
    def test_penalty_bases(self, basis: PenaltyBasis) -> None:
        """Bases rebuild equal and read back from their dict form."""
        assert basis == rebuilt(basis)
        assert basis == PenaltyBasis.from_dict(basis.as_dict())

    @given(ds.policies())
    def test_policies(self, policy: Policy) -> None:
        """Policies pass validate_policy and rebuild equal."""
        assert policy is validate_policy(policy)
        assert policy == rebuilt(policy)

    @given(ds.invoice_openings(currencies=ds.currencies()))
    def test_invoice_openings(self, opening: InvoiceOpened) -> None:
        """Openings start a case, issued at least a year before the end of the rate data."""
        case = Case.from_opening(opening)
        assert ds.MIN_DATE <= opening.issued_on <= date(2025, 3, 19)
        assert case.stage in (Stage.PREVENTIVE, Stage.AMICABLE)

    @given(ds.cases())
    def test_cases(self, case: Case) -> None:
        """Cases are consistent records that french_default replays to the same case."""
        assert case == Case(case.events, case.stages)
        assert case == replay(case.events, POLICY)

    @given(ds.policies().flatmap(lambda p: st.tuples(st.just(p), ds.event_histories(policy=p))))
    def test_event_histories(self, pair: tuple[Policy, list[Event]]) -> None:
        """Histories start with an opening, and replay accepts them under their policy."""
        policy, events = pair
        assert isinstance(events[0], InvoiceOpened)
        assert tuple(events) == replay(events, policy).events

    @given(ds.event_histories(max_size=3))
    def test_history_size(self, events: list[Event]) -> None:
        """max_size bounds the events after the opening."""
        assert 1 <= len(events) <= 4

    @given(ds.cases(max_events=20), st.data())
    def test_events_for_a_case_are_accepted(self, case: Case, data: st.DataObject) -> None:
        """events(case=...) draws events check allows for that case, dated in the rate data."""
        if case.stage.terminal:
            return
        event = data.draw(ds.events(case=case, policy=POLICY))
        assert check(case, event, POLICY).allowed
        assert case.last_on <= event.on <= max(case.last_on, DATA_AS_OF)

    @given(ds.events())
    def test_standalone_events(self, event: Event) -> None:
        """Standalone events rebuild equal (their validators run again)."""
        assert event == rebuilt(event)

    @given(st.data())
    def test_instalments_add_up(self, data: st.DataObject) -> None:
        """instalments() cover their total, in date order, from first_on."""
        total = data.draw(ds.amounts(min_value=Decimal("0.01")))
        items = data.draw(ds.instalments(total=total, first_on=date(2024, 1, 1)))
        plan = PaymentPlanAgreed(date(2024, 1, 1), items)
        assert total == plan.total

    @given(ds.cases(max_events=20))
    def test_cases_need_only_shipped_rates(self, case: Case) -> None:
        """No case needs a rate past the shipped data: its events end by DATA_AS_OF."""
        assert case.last_on <= DATA_AS_OF


class TestRoundTrip:
    @given(
        st.one_of(
            ds.money(),
            ds.payment_terms(),
            ds.penalty_bases(),
            ds.policies(),
            ds.events(),
            ds.cases(),
        )
    )
    def test_drawn_values_round_trip(self, value: Any) -> None:
        """Every drawn value survives from_json(to_json(x))."""
        assert value == from_json(to_json(value))


class TestShrinking:
    """What each strategy shrinks to (its simplest value)."""

    def test_amounts_shrink_to_zero(self) -> None:
        assert Decimal(0) == smallest(ds.amounts())

    def test_amounts_shrink_to_whole_amounts(self) -> None:
        """A condition met by whole amounts is met by a whole amount first."""
        assert Decimal(1000) == smallest(ds.amounts(), lambda a: a >= 1000)

    def test_money_shrinks_to_zero_euros(self) -> None:
        assert Money("0", "EUR") == smallest(ds.money(currencies=ds.currencies()))

    def test_dates_shrink_to_2024(self) -> None:
        assert date(2024, 1, 1) == smallest(ds.dates())

    def test_dates_shrink_to_the_bound_nearest_2024(self) -> None:
        assert date(2025, 6, 1) == smallest(ds.dates(min_value=date(2025, 6, 1)))

    def test_terms_shrink_to_net_30(self) -> None:
        assert PaymentTerms.net(30) == smallest(ds.payment_terms())

    def test_bases_shrink_to_statutory(self) -> None:
        assert PenaltyBasis.STATUTORY == smallest(ds.penalty_bases())

    def test_policies_shrink_to_french_default(self) -> None:
        assert french_default() == smallest(ds.policies())

    def test_segments_shrink_to_standard(self) -> None:
        assert DebtorSegment.STANDARD is smallest(ds.debtor_segments())

    def test_openings_shrink_to_a_simple_invoice(self) -> None:
        expected = InvoiceOpened(
            date(2024, 1, 1), "F-00001", Decimal(1), date(2024, 1, 31), date(2024, 1, 1)
        )
        assert expected == smallest(ds.invoice_openings())

    def test_cases_shrink_to_a_new_case(self) -> None:
        assert 1 == len(smallest(ds.cases(max_events=3)).events)


class HostInvoice:
    """A class of a host application, with annotated arguments."""

    def __init__(self, case: Case, terms: PaymentTerms) -> None:
        self.case = case
        self.terms = terms


class TestPlugin:
    @given(
        st.from_type(Money),
        st.from_type(PaymentTerms),
        st.from_type(PenaltyBasis),
        st.from_type(Policy),
        st.from_type(Case),
        st.from_type(Instalment),
    )
    def test_from_type(
        self,
        money: Money,
        terms: PaymentTerms,
        basis: PenaltyBasis,
        policy: Policy,
        case: Case,
        instalment: Instalment,
    ) -> None:
        """st.from_type draws the library's types through the registered strategies."""
        assert isinstance(money, Money)
        assert isinstance(terms, PaymentTerms)
        assert isinstance(basis, PenaltyBasis)
        assert policy is validate_policy(policy)
        assert case == replay(case.events, POLICY)
        assert instalment == rebuilt(instalment)

    @pytest.mark.parametrize("event_type", EVENT_TYPES, ids=lambda t: t.__name__)
    def test_every_event_type(self, event_type: type[Any]) -> None:
        """st.from_type works for every event type."""

        @given(st.from_type(event_type))
        def draws(event: Any) -> None:
            assert isinstance(event, event_type)
            assert event == rebuilt(event)

        draws()

    @given(st.builds(HostInvoice))
    def test_builds_uses_the_registered_types(self, invoice: HostInvoice) -> None:
        """st.builds fills the annotated arguments of a user class."""
        assert invoice.case == replay(invoice.case.events, POLICY)
        assert invoice.terms == rebuilt(invoice.terms)

    def test_register_is_idempotent(self) -> None:
        """Registering again changes nothing."""
        register()
        assert smallest(st.from_type(PenaltyBasis)) == PenaltyBasis.STATUTORY


TERMINAL = apply(
    Case.open("F-1", "100", date(2024, 1, 1), due_on=date(2024, 1, 31)),
    WrittenOff(date(2024, 2, 1)),
    POLICY,
)


class TestInvalidArguments:
    @pytest.mark.parametrize(
        "build",
        [
            lambda: ds.amounts(min_value=Decimal(-1)),
            lambda: ds.amounts(min_value=Decimal(5), max_value=Decimal(4)),
            lambda: ds.amounts(max_value=MAX_AMOUNT * 2),
            lambda: ds.amounts(min_value=0.5),
            lambda: ds.amounts(min_value=Decimal("NaN")),
            lambda: ds.amounts(currency="XXY"),
            lambda: ds.money(currencies="EUR"),
            lambda: ds.dates(min_value=date(2025, 1, 2), max_value=date(2025, 1, 1)),
            lambda: ds.dates(min_value=datetime(2025, 1, 1, tzinfo=timezone.utc)),
            lambda: ds.dates(max_value="2025-01-01"),
            lambda: ds.payment_terms(kinds=TermsKind.NET),
            lambda: ds.penalty_bases(kinds=[BasisKind.LEGAL]),
            lambda: ds.policies(bases=PenaltyBasis.STATUTORY),
            lambda: ds.invoice_openings(segments=DebtorSegment.STANDARD),
            lambda: ds.invoice_openings(currencies="EUR"),
            lambda: ds.cases(policy="french_default"),
            lambda: ds.cases(max_events=-1),
            lambda: ds.event_histories(max_size=True),
            lambda: ds.event_histories(openings=InvoiceOpened),
            lambda: ds.events(case="F-1"),
            lambda: ds.events(case=TERMINAL),
            lambda: ds.instalments(total=Decimal(0), first_on=date(2024, 1, 1)),
            lambda: ds.instalments(total=Decimal(1), first_on=date(2024, 1, 1), max_size=0),
            lambda: ds.instalments(total=Decimal(1), first_on="2024-01-01"),
        ],
    )
    def test_raises_invalid_argument(self, build: Any) -> None:
        """Bad arguments raise hypothesis' InvalidArgument when the strategy is built."""
        with pytest.raises(InvalidArgument):
            build()

    @pytest.mark.parametrize(
        "strategy",
        [
            ds.payment_terms(kinds=st.just("net")),
            ds.penalty_bases(kinds=st.just("statutory")),
            ds.money(currencies=st.just("euro")),
        ],
    )
    def test_bad_drawn_values_raise_at_draw_time(self, strategy: Any) -> None:
        """A strategy argument that draws bad values raises InvalidArgument when drawn."""

        @given(strategy)
        def draws(_: Any) -> None:
            raise AssertionError("unreachable")

        with pytest.raises(InvalidArgument):
            draws()
