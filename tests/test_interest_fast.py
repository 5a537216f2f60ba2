"""
The integer fast path of ``late_penalties`` against a straightforward reference, and the values
it builds (lines and findings built when read, immutable, picklable).

The reference below walks the delay day by day in plain ``Decimal`` (50 digits, half-up, as the
package's context), opens a new line whenever the rate, the article or the provisional mark
changes, after each payment day and (``ACT_ACT``) on 1 January, and applies payments at the end
of their day.  Every figure must be equal *and written alike* (``str``): the fast path may not
change an exponent (``Decimal("1000")`` stays ``1000``, not ``1000.00``).
"""

from __future__ import annotations

import copy
import pickle
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Context, Decimal, localcontext

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dunning_core.errors import DunningError
from dunning_core.interest import (
    Allocation,
    BasisKind,
    Creditor,
    DayCount,
    Payment,
    PenaltyBasis,
    PenaltyBreakdown,
    PenaltyLine,
    late_penalties,
)
from dunning_core.law import CCP_R2192_31, CMF_L313_2, CMF_L313_3, L441_10, Article
from dunning_core.rates import RateBook, default_rates
from dunning_core.strategies import amounts

DAY = timedelta(days=1)
CENT = Decimal("0.01")
REFERENCE = Context(prec=50, rounding=ROUND_HALF_UP)
ASSUMING = default_rates().assuming_unchanged(through=date(2027, 12, 31))


def _judgment_start(enforceable_on: date) -> date:
    """The first day of the + 5 points: the day after two months have run (clamped month end)."""
    month = enforceable_on.month + 2
    year = enforceable_on.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    for day in range(enforceable_on.day, 0, -1):
        try:
            return date(year, month, day) + DAY
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _rate(basis: PenaltyBasis, book: RateBook, start: date, day: date) -> tuple:
    """
    (rate in percent, article, provisional, period) in force on *day* for interest started
    *start*: lines split at every period of a table, even between two equal rates.
    """
    kind = basis.kind
    if kind is BasisKind.CONTRACTUAL:
        return basis.rate, L441_10, False, None
    if kind is BasisKind.PUBLIC_PROCUREMENT:
        first = date(start.year, 1 if start.month <= 6 else 7, 1)
        ecb = book.ecb.period_on(first)
        return ecb.rate + 8, CCP_R2192_31, ecb.provisional, None
    if kind is BasisKind.STATUTORY:
        period = book.statutory.period_on(day)
        return period.rate, L441_10, period.provisional, period.start
    if kind is BasisKind.LEGAL:
        table = book.legal_consumer if basis.creditor is Creditor.CONSUMER else book.legal_other
        period = table.period_on(day)
        if basis.enforceable_on and day >= _judgment_start(basis.enforceable_on):
            return period.rate + 5, CMF_L313_3, period.provisional, period.start
        return period.rate, CMF_L313_2, period.provisional, period.start
    period = book.legal_other.period_on(day)
    if kind is BasisKind.THREE_TIMES_LEGAL:
        return 3 * period.rate, L441_10, period.provisional, period.start
    return period.rate + basis.points, L441_10, period.provisional, period.start


def reference(
    principal: Decimal,
    due_on: date,
    paid_on: date,
    basis: PenaltyBasis,
    payments: list[Payment],
    allocation: Allocation,
    day_count: DayCount,
    book: RateBook,
) -> tuple[list[tuple[str, ...]], str, str, str]:
    """Lines (as strings), interest, interest paid and principal outstanding, day by day."""
    with localcontext(REFERENCE):
        pays = sorted(payments, key=lambda p: p.on)
        balance = principal
        for p in [p for p in pays if p.on <= due_on]:
            if p.amount > balance:
                raise ArithmeticError("paid more than the principal before the due date")
            balance -= p.amount
        later = [p for p in pays if p.on > due_on]
        accrued = interest_paid = Decimal("0.00")
        lines: list[tuple[str, ...]] = []
        current: list = []  # start, end, rate, article, provisional, denominator, period

        def close() -> None:
            nonlocal accrued
            if not current:
                return
            start, end, rate, article, provisional, denominator, _ = current
            days = (end - start).days + 1
            amount = (balance * rate * days / denominator).quantize(CENT, ROUND_HALF_UP)
            lines.append(
                (
                    str(start),
                    str(end),
                    str(days),
                    str(balance),
                    str(rate),
                    str(amount),
                    str(article),
                    str(denominator),
                    str(provisional),
                )
            )
            accrued += amount
            current.clear()

        def pay(p: Payment) -> None:
            nonlocal balance, accrued, interest_paid
            if p.amount > balance + accrued:
                raise ArithmeticError("paid more than what is owed")
            if allocation is Allocation.INTEREST_FIRST:
                to_interest = min(p.amount, accrued)
            else:
                to_interest = max(p.amount - balance, Decimal(0))
            balance -= p.amount - to_interest
            accrued -= to_interest
            interest_paid += to_interest

        day = due_on + DAY
        while day <= paid_on and balance > 0:
            rate, article, provisional, period = _rate(basis, book, due_on + DAY, day)
            leap = day.year % 4 == 0 and (day.year % 100 != 0 or day.year % 400 == 0)
            denominator = 36600 if day_count is DayCount.ACT_ACT and leap else 36500
            if current and (
                current[2:] != [rate, article, provisional, denominator, period]
                or (day_count is DayCount.ACT_ACT and day.month == day.day == 1)
            ):
                close()
            if current:
                current[1] = day
            else:
                current[:] = [day, day, rate, article, provisional, denominator, period]
            if later and later[0].on == day:
                close()
                while later and later[0].on == day:
                    pay(later.pop(0))
            day += DAY
        close()
        for p in later:  # after the principal was cleared: they may still pay interest
            pay(p)
        return lines, str(accrued + interest_paid), str(interest_paid), str(balance)


def _written(amount: Decimal, draw: st.DrawFn) -> Decimal:
    """*amount* as written by a user: ``12``, ``12.0`` or ``12.00`` (the value is unchanged)."""
    places = draw(st.sampled_from([None, 1, 2]))
    if places is None or amount != amount.quantize(Decimal(1).scaleb(-places)):
        return amount
    return amount.quantize(Decimal(1).scaleb(-places))


BASES = st.one_of(
    st.just(PenaltyBasis.STATUTORY),
    st.just(PenaltyBasis.THREE_TIMES_LEGAL),
    st.just(PenaltyBasis.PUBLIC_PROCUREMENT),
    st.builds(PenaltyBasis.legal_plus, st.sampled_from([0, 5, 10, Decimal("7.5")])),
    st.builds(
        PenaltyBasis.contractual,
        st.sampled_from(["12", "0", "10.5", "11.123456", "9.87654321"]),
    ),
    st.builds(
        PenaltyBasis.legal,
        creditor=st.sampled_from(list(Creditor)),
        enforceable_on=st.none() | st.dates(date(2015, 1, 1), date(2025, 12, 31)),
    ),
)


@st.composite
def invoices(draw: st.DrawFn) -> dict:
    principal = _written(draw(amounts(min_value=Decimal("0.01"), max_value=Decimal(10**7))), draw)
    due_on = draw(st.dates(date(2015, 1, 1), date(2026, 5, 31)))
    assuming = draw(st.booleans())
    last = date(2027, 12, 31) if assuming else date(2026, 6, 30)
    paid_on = min(due_on + timedelta(days=draw(st.integers(0, 1500))), last)
    payments = []
    for _ in range(draw(st.integers(0, 3))):
        on = draw(st.dates(due_on - timedelta(days=30), paid_on))
        share = draw(st.sampled_from([Decimal("0.01"), Decimal("0.1"), Decimal("0.5")]))
        amount = (principal * share).quantize(CENT, ROUND_HALF_UP)
        if amount > 0:
            payments.append(Payment(on=on, amount=_written(amount, draw)))
    return {
        "principal": principal,
        "due_on": due_on,
        "paid_on": paid_on,
        "basis": draw(BASES),
        "payments": payments,
        "allocation": draw(st.sampled_from(list(Allocation))),
        "day_count": draw(st.sampled_from([DayCount.ACT_365, DayCount.ACT_365, DayCount.ACT_ACT])),
        "assuming": assuming,  # the rate book (its repr is long): default, or assuming unchanged
    }


class TestAgainstReference:
    @given(invoices())
    def test_same_lines_and_figures_written_alike(self, invoice: dict) -> None:
        """Every line and figure equals the day-by-day reference, down to its exponent."""
        invoice = dict(invoice)
        invoice["rates"] = ASSUMING if invoice.pop("assuming") else default_rates()
        try:
            expected = reference(
                invoice["principal"],
                invoice["due_on"],
                invoice["paid_on"],
                invoice["basis"],
                invoice["payments"],
                invoice["allocation"],
                invoice["day_count"],
                invoice["rates"],
            )
        except (DunningError, ArithmeticError):  # a rate the book lacks, an overpayment
            with pytest.raises(DunningError):
                late_penalties(**invoice)
            return
        got = late_penalties(**invoice)
        lines = [
            (
                str(x.start),
                str(x.end),
                str(x.days),
                str(x.balance),
                str(x.rate),
                str(x.amount),
                str(x.article),
                str(x.denominator * 100),
                str(x.provisional),
            )
            for x in got.lines
        ]
        assert expected == (
            lines,
            str(got.interest),
            str(got.interest_paid),
            str(got.principal_outstanding),
        )
        assert got.provisional == any(line.provisional for line in got.lines)


class TestValues:
    def breakdown(self) -> PenaltyBreakdown:
        return late_penalties(
            Decimal("12345.67"),
            date(2023, 11, 15),
            date(2025, 2, 10),
            payments=[Payment(on=date(2024, 3, 1), amount=Decimal("2000.00"))],
        )

    def test_lines_and_findings_built_when_read_are_stable(self) -> None:
        """Reading twice gives the same objects; equal breakdowns compare and hash alike."""
        one, two = self.breakdown(), self.breakdown()
        assert one.lines is one.lines
        assert one.findings is one.findings
        assert one == two
        assert hash(one) == hash(two)
        assert [str(a) for a in one.articles] == [
            "C. com. art. L441-10",
            "C. com. art. D441-5",
            "C. civ. art. 1343-1",
        ]

    def test_pickle_and_copy(self) -> None:
        """A breakdown and its lines pickle (with their findings) and copy as themselves."""
        breakdown = self.breakdown()
        back = pickle.loads(pickle.dumps(breakdown))
        assert breakdown == back
        assert breakdown.findings == back.findings
        assert breakdown.articles == back.articles
        assert repr(breakdown) == repr(back)
        line = breakdown.lines[0]
        assert line == pickle.loads(pickle.dumps(line))
        assert copy.copy(breakdown) is breakdown
        assert copy.deepcopy(line) is line

    def test_immutable(self) -> None:
        """Neither a breakdown nor a line can be changed."""
        breakdown = self.breakdown()
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            breakdown.interest = Decimal(0)  # type: ignore[misc]
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            breakdown.lines[0].amount = Decimal(0)  # type: ignore[misc]
        with pytest.raises(AttributeError):
            del breakdown.total  # type: ignore[misc]

    def test_line_constructor_and_equality(self) -> None:
        """A line built by hand equals the computed one; it never equals another type."""
        line = late_penalties(Decimal("1000"), date(2025, 1, 31), date(2025, 3, 2)).lines[0]
        built = PenaltyLine(
            date(2025, 2, 1),
            date(2025, 3, 2),
            30,
            Decimal("1000"),
            Decimal("13.15"),
            Decimal("10.81"),
            L441_10,
            365,
        )
        assert built == line
        assert hash(built) == hash(line)
        assert line != tuple(line.as_dict().values())
        assert isinstance(line.article, Article)

    def test_caller_context_changes_nothing(self) -> None:
        """The integer path builds its Decimals in the package's context, never the caller's."""
        expected = self.breakdown()
        with localcontext(Context(prec=3)):
            got = self.breakdown()
        assert [str(x.amount) for x in expected.lines] == [str(x.amount) for x in got.lines]
        assert str(expected.total) == str(got.total)
