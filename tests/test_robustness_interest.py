"""Robustness of dunning_core.interest: the caller's decimal context, dates up to 9999-12-31, and
the type of ``payments``."""

from __future__ import annotations

import contextlib
import decimal
import functools
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dunning_core.errors import ArgumentTypeError, DunningError, InvalidArgument, InvalidDate
from dunning_core.interest import (
    Allocation,
    Creditor,
    DayCount,
    Payment,
    PenaltyBasis,
    PenaltyBreakdown,
    late_penalties,
)
from dunning_core.law import CMF_L313_3
from dunning_core.rates import (
    ECB_MRO,
    LEGAL_CONSUMER,
    LEGAL_OTHER,
    RateBook,
    RatePeriod,
    RateTable,
    default_rates,
)

D = Decimal
DAY = timedelta(days=1)

# --- the caller's decimal context ---------------------------------------------------------------

_SIGNALS = [
    decimal.Clamped,
    decimal.DivisionByZero,
    decimal.FloatOperation,
    decimal.Inexact,
    decimal.InvalidOperation,
    decimal.Overflow,
    decimal.Rounded,
    decimal.Subnormal,
    decimal.Underflow,
]
HOSTILE = {
    "prec6-down": decimal.Context(prec=6, rounding=decimal.ROUND_DOWN),
    "prec3-ceiling-emax10": decimal.Context(
        prec=3, rounding=decimal.ROUND_CEILING, Emax=10, Emin=-10, traps=[]
    ),
    # Any operation left in the caller's context rounds or overflows here, and every signal traps:
    # a leak raises even where it would happen to give the same figure.
    "prec1-every-trap": decimal.Context(
        prec=1, rounding=decimal.ROUND_05UP, Emax=1, Emin=-1, traps=_SIGNALS
    ),
}

BASES = [
    PenaltyBasis.STATUTORY,
    PenaltyBasis.legal_plus(points=10),
    PenaltyBasis.legal_plus(points="7.25"),
    PenaltyBasis.THREE_TIMES_LEGAL,
    PenaltyBasis.contractual("12.3456"),
    PenaltyBasis.PUBLIC_PROCUREMENT,
    PenaltyBasis.legal(),
    PenaltyBasis.legal(creditor=Creditor.CONSUMER, enforceable_on=date(2024, 11, 30)),
]
PRINCIPALS = [D("1234567.89"), D("987654321.98"), D("999999999999999.99")]


def _payments(principal: Decimal) -> list[Payment]:
    share = (principal / 7).quantize(D("0.01"))  # built in the default context
    return [
        Payment(on=date(2024, 1, 10), amount=share),  # before the due date
        Payment(on=date(2024, 9, 30), amount=share),
        Payment(on=date(2025, 3, 3), amount=share),
    ]


def _call(
    principal: Decimal, basis: PenaltyBasis, payments: list[Payment], **options: Any
) -> PenaltyBreakdown:
    return late_penalties(
        principal,
        date(2024, 1, 31),
        date(2025, 9, 30),
        basis=basis,
        payments=payments,
        recovery_costs=D("1234.56"),
        **options,
    )


def _views(b: PenaltyBreakdown) -> tuple[object, ...]:
    """The breakdown and everything derived from it for display."""
    return (b, b.as_dict(), b.rows(), str(b), b._repr_html_(), str(b.basis))


class TestCallerContext:
    @pytest.mark.parametrize("name", sorted(HOSTILE))
    @pytest.mark.parametrize("principal", PRINCIPALS, ids=str)
    @pytest.mark.parametrize("basis", BASES, ids=repr)
    def test_same_figures_in_any_context(
        self, name: str, principal: Decimal, basis: PenaltyBasis
    ) -> None:
        """Large principals, every basis, partial payments: the caller's context changes nothing."""
        payments = _payments(principal)
        for day_count in DayCount:
            for allocation in Allocation:
                options = {"day_count": day_count, "allocation": allocation}
                expected = _views(_call(principal, basis, payments, **options))
                with decimal.localcontext(HOSTILE[name]):
                    got = _views(_call(principal, basis, payments, **options))
                assert expected == got

    def test_the_reported_case(self) -> None:
        """prec=6, ROUND_DOWN: 1 234 567.89 € gave 247 620 € of interest instead of 247 621.88."""

        def run() -> PenaltyBreakdown:
            return late_penalties(
                D("1234567.89"),
                date(2024, 2, 15),
                date(2025, 9, 30),
                basis=PenaltyBasis.contractual("12.3456"),
                payments=[Payment(on=date(2024, 5, 1), amount=D("1000.01"))],
            )

        expected = run()
        with decimal.localcontext(prec=6, rounding=decimal.ROUND_DOWN):
            got = run()
        assert D("247621.88") == expected.interest == got.interest
        assert expected.total == got.total

    @given(
        st.decimals(min_value=D("0.01"), max_value=D("1e12"), places=2),
        st.dates(min_value=date(2015, 1, 1), max_value=date(2026, 5, 1)),
        st.integers(min_value=1, max_value=900),
        st.lists(st.tuples(st.integers(0, 900), st.integers(1, 30)), max_size=3),
        st.sampled_from(BASES),
        st.sampled_from(sorted(HOSTILE)),
    )
    def test_fuzzed_same_figures(
        self,
        principal: Decimal,
        due: date,
        late: int,
        parts: list[tuple[int, int]],
        basis: PenaltyBasis,
        name: str,
    ) -> None:
        paid = min(due + timedelta(days=late), date(2026, 6, 30))
        pays = [
            Payment(on=min(due + timedelta(days=offset), paid), amount=principal / 100 * share)
            for offset, share in parts
        ]
        pays = [p for p in pays if p.amount == p.amount.quantize(D("0.01"))]

        def run() -> object:
            try:
                return late_penalties(principal, due, paid, basis=basis, payments=pays)
            except DunningError as error:
                return type(error), str(error)

        expected = run()
        with decimal.localcontext(HOSTILE[name]):
            got = run()
        assert expected == got


# --- dates up to 9999-12-31 ---------------------------------------------------------------------


@functools.cache
def far_book() -> RateBook:
    """Rates known up to 9999-12-31: the ECB rate held at 2.15 %, the legal rates at 3 %."""
    book = default_rates()  # whole tables: with_ecb_decision refuses a known_until years ahead
    for series, table in (
        (ECB_MRO, book.ecb),
        (LEGAL_CONSUMER, book.legal_consumer),
        (LEGAL_OTHER, book.legal_other),
    ):
        held = "2.15" if series == ECB_MRO else "3"
        last = RatePeriod(table.known_until + DAY, date.max, held, "test: held")
        book = book.with_table(RateTable(series, (*table.periods, last)))
    return book


class TestDateMax:
    def test_contractual_up_to_the_last_date(self) -> None:
        """A fixed rate covers every day, 9999-12-31 included (was an AssertionError)."""
        b = late_penalties(
            D("100"), date(9999, 12, 1), date.max, basis=PenaltyBasis.contractual("9")
        )
        assert [(date(9999, 12, 2), date.max, 30)] == [(x.start, x.end, x.days) for x in b.lines]
        assert D("0.74") == b.interest  # 100 × 9 × 30 / 36 500 = 0.7397

    def test_payment_on_the_last_date(self) -> None:
        pays = [Payment(on=date(9999, 12, 15), amount=D("50")), Payment(on=date.max, amount=1)]
        for day_count in DayCount:
            b = late_penalties(
                D("100"),
                date(9999, 6, 1),
                date.max,
                basis=PenaltyBasis.contractual("9"),
                payments=pays,
                day_count=day_count,
            )
            assert date.max == b.lines[-1].end
            assert sum(x.days for x in b.lines) == (date.max - date(9999, 6, 1)).days
            # both payments were applied: to interest, then to the principal
            assert D("51") == b.interest_paid + (D("100") - b.principal_outstanding)

    @pytest.mark.parametrize("basis", BASES, ids=repr)
    def test_every_basis_with_rates_up_to_the_last_date(self, basis: PenaltyBasis) -> None:
        b = late_penalties(D("1000"), date(9999, 11, 15), date.max, basis=basis, rates=far_book())
        assert 46 == sum(x.days for x in b.lines)
        assert date.max == b.lines[-1].end

    def test_judgment_increase_on_the_last_date(self) -> None:
        """Enforceable on 9999-10-30: two months run to 9999-12-30, + 5 points on 12-31."""
        basis = PenaltyBasis.legal(enforceable_on=date(9999, 10, 30))
        b = late_penalties(D("1000"), date(9999, 12, 1), date.max, basis=basis, rates=far_book())
        assert (date.max, D("8"), CMF_L313_3) == (
            b.lines[-1].start,
            b.lines[-1].rate,
            b.lines[-1].article,
        )

    @pytest.mark.parametrize("day", [date(9999, 10, 31), date(9999, 11, 30), date.max])
    def test_judgment_too_late_for_its_increase(self, day: date) -> None:
        """The + 5 points would start after 9999-12-31: refused, saying what is accepted."""
        with pytest.raises(InvalidDate, match="9999-10-30") as info:
            PenaltyBasis.legal(creditor=Creditor.OTHER, enforceable_on=day)
        assert isinstance(info.value, ValueError)
        with pytest.raises(InvalidDate, match="9999-10-30"):
            PenaltyBasis.from_dict(
                {"kind": "legal", "creditor": "other", "enforceable_on": str(day)}
            )

    def test_public_procurement_past_the_data_is_unavailable(self) -> None:
        with pytest.raises(DunningError):
            late_penalties(
                D("100"), date(9999, 12, 1), date.max, basis=PenaltyBasis.PUBLIC_PROCUREMENT
            )


def _edge_dates() -> st.SearchStrategy[date]:
    return st.one_of(
        st.dates(min_value=date(9999, 9, 1)),
        st.dates(max_value=date(1, 3, 1)),
        st.dates(min_value=date(2008, 1, 1), max_value=date(2027, 1, 1)),
        st.dates(),
    )


def _bases() -> st.SearchStrategy[PenaltyBasis]:
    return st.one_of(
        st.sampled_from(BASES),
        st.builds(
            lambda creditor, day: PenaltyBasis.legal(
                creditor=creditor, enforceable_on=min(day, date(9999, 10, 30))
            ),
            st.sampled_from(Creditor),
            _edge_dates(),
        ),
    )


class TestOnlyDunningErrors:
    @given(
        st.decimals(min_value=D("0.01"), max_value=D("1e9"), places=2),
        _edge_dates(),
        _edge_dates(),
        st.lists(st.builds(Payment, on=_edge_dates(), amount=st.integers(1, 10**6)), max_size=3),
        _bases(),
        st.sampled_from(DayCount),
        st.booleans(),
    )
    def test_late_penalties(
        self,
        principal: Decimal,
        due: date,
        paid: date,
        pays: list[Payment],
        basis: PenaltyBasis,
        day_count: DayCount,
        far: bool,
    ) -> None:
        """Any dates up to 9999-12-31, any basis: only a DunningError comes out."""
        rates = far_book() if far else None
        with contextlib.suppress(DunningError):
            b = late_penalties(
                principal, due, paid, basis=basis, payments=pays, day_count=day_count, rates=rates
            )
            assert sum(x.days for x in b.lines) <= max((paid - due).days, 0)

    @given(_edge_dates(), st.sampled_from(["consumer", "other", Creditor.OTHER]))
    def test_basis_constructors(self, day: date, creditor: Any) -> None:
        for build in (
            lambda: PenaltyBasis.legal(creditor=creditor, enforceable_on=day),
            lambda: PenaltyBasis.from_dict(
                {"kind": "legal", "creditor": "other", "enforceable_on": day.isoformat()}
            ),
        ):
            with contextlib.suppress(DunningError):
                basis = build()
                assert basis.enforceable_on == day <= date(9999, 10, 30)


# --- payments -----------------------------------------------------------------------------------

PAYMENT = Payment(on=date(2025, 6, 30), amount=D("5000"))


def _late(payments: Any) -> PenaltyBreakdown:
    return late_penalties(D("10000"), date(2025, 3, 31), date(2025, 8, 15), payments=payments)


class TestPaymentsType:
    @pytest.mark.parametrize(
        "payments",
        [
            None,
            {},
            {PAYMENT: 1},
            {PAYMENT},
            frozenset(),
            "",
            "x",
            b"",
            12,
            [1],
            [None],
            [(date(2025, 6, 30), D("5000"))],
            [PAYMENT, {"on": "2025-06-30"}],
        ],
        ids=repr,
    )
    def test_refused(self, payments: Any) -> None:
        """None, a dict, a set, text or anything but Payment values: a clear error."""
        with pytest.raises(ArgumentTypeError, match="Payment") as info:
            _late(payments)
        assert isinstance(info.value, DunningError)
        assert isinstance(info.value, InvalidArgument)
        assert isinstance(info.value, TypeError)
        assert "payments" == info.value.name

    def test_none_says_how_to_pass_none(self) -> None:
        with pytest.raises(InvalidArgument, match=r"pass \(\) for no payment"):
            _late(None)

    def test_any_iterable(self) -> None:
        """A list, a tuple, a generator or an iterator: the same breakdown."""

        def generate() -> Iterator[Payment]:
            yield PAYMENT

        results = [_late(p) for p in ([PAYMENT], (PAYMENT,), generate(), iter([PAYMENT]))]
        assert all(results[0] == result for result in results)
        assert (PAYMENT,) == results[0].payments
        assert D("5327.85") == results[0].lines[-1].balance  # 327.85 of interest paid first

    def test_empty(self) -> None:
        """No payment: (), [] or an empty generator."""
        results = [_late(p) for p in ((), [], iter(()))]
        assert all(results[0] == result for result in results)
        assert () == results[0].payments
