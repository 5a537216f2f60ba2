"""
Portfolio analytics: ageing balance, DSO, CEI, amounts by stage, penalties claimable.

Every metric is a pure function of a sequence of :class:`~dunning_core.machine.Case` values and a
day, ``today``; it reads each case *as of* that day (events dated after it are ignored, invoices
issued after it are not in the portfolio yet), so a report for a past date can be rebuilt from the
current history.  The results are frozen values with ``as_dict()`` (JSON-ready), a French ``str()``
(babel-formatted) and ``_repr_html_()`` (an escaped HTML table, for notebooks).

Definitions (``docs/analytics.md`` repeats them with a worked example):

* **Receivables** (*encours clients*) on a day: for every invoice issued on or before it and whose
  case is not closed (paid, settled, written off) by then, the invoice amount less the payments and
  credit notes (*avoirs*) dated on or before it.  A credit note reduces the receivable the day it is
  issued; a settled or written-off case leaves the receivables the day it closes.
* **Overdue**: ``today - due_on`` days late; an invoice due today is not overdue.
* **Sales** of a period (*ventes à crédit*): the amounts of the invoices issued in it, less the
  credit notes dated in it (net credit sales).  A period of ``period_days`` days ending on ``today``
  is ``(today - period_days, today]``.
* Only one currency is analysed at a time: ``currency=None`` takes the portfolio's single currency
  (mixed currencies raise :class:`~dunning_core.errors.CurrencyMismatch`); ``currency="EUR"``
  analyses the cases in euros and counts the others apart.

>>> from datetime import date
>>> from dunning_core.machine import Case
>>> cases = [
...     Case.open("F-1", "1000", date(2026, 1, 10), due_on=date(2026, 2, 9)),
...     Case.open("F-2", "3000", date(2026, 3, 10), due_on=date(2026, 4, 9)),
... ]
>>> a = ageing(cases, date(2026, 3, 31))
>>> {row.bucket.value: row.amount for row in a.rows if row.count}
{'not_due': Decimal('3000'), '31-60': Decimal('1000')}
"""

from __future__ import annotations

import enum
from bisect import bisect_right
from collections.abc import Iterable
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Final, final

import attrs

from dunning_core._i18n import N_
from dunning_core.calendar import add_months, to_date
from dunning_core.errors import (
    ArgumentTypeError,
    CurrencyMismatch,
    InvalidArgument,
    InvalidDate,
    RateUnavailable,
)
from dunning_core.format import (
    DEFAULT_LOCALE,
)
from dunning_core.law import D441_6, L110_4, PRACTICE, Article
from dunning_core.machine import (
    Case,
    CreditNoteIssued,
    DisputeOpened,
    DisputeResolved,
    PaymentReceived,
    claim_amounts,
)
from dunning_core.machine._case import require_cases
from dunning_core.machine._rules import prescription_article
from dunning_core.money import CONTEXT, DEFAULT_CURRENCY, check_currency, in_context
from dunning_core.policy import Policy, Stage, french_default
from dunning_core.rates import RateBook

__all__ = [
    "CEI",
    "DSO",
    "Ageing",
    "AgeingBucket",
    "AgeingRow",
    "ClaimLine",
    "ClaimablePenalties",
    "PortfolioReport",
    "StageAmounts",
    "StageRow",
    "ageing",
    "amounts_by_stage",
    "cei",
    "claimable_penalties",
    "dso",
    "portfolio_report",
]

_ZERO: Final = Decimal(0)
_HUNDRED: Final = Decimal(100)
_TENTH: Final = Decimal("0.1")
_MAX_PERIOD_DAYS: Final = 3660


# --- validation and helpers ----------------------------------------------------------------------


def _check_period(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ArgumentTypeError("period_days", value, f"an int from 1 to {_MAX_PERIOD_DAYS}")
    if not 1 <= value <= _MAX_PERIOD_DAYS:
        raise InvalidArgument(
            "period_days",
            value,
            f"an int from 1 to {_MAX_PERIOD_DAYS}",
            code="out_of_range",
            params=(("low", 1), ("high", _MAX_PERIOD_DAYS)),
        )
    return value


def _period_start(day: date, period: int) -> date:
    """
    The day before the period of *period* days ending on *day*: ``day - period``.

    Raises :class:`InvalidDate` when it would fall before 0001-01-01: the period is refused
    rather than shortened, since a shorter period would change what the metric means.
    """
    available = (day - date.min).days
    if period > available:
        fix = (
            f"a later today or period_days of at most {available}" if available else "a later today"
        )
        raise InvalidDate(
            day,
            f"a period of {period} days ending on {day.isoformat()} would start before "
            f"{date.min.isoformat()}, the first date; pass {fix}",
        )
    return day - timedelta(days=period)


def _select(cases: tuple[Case, ...], currency: object) -> tuple[str, tuple[Case, ...], int]:
    """The currency analysed, the cases in it, and how many cases are in other currencies."""
    if currency is None:
        codes = sorted({case.currency for case in cases})
        if len(codes) > 1:
            raise CurrencyMismatch(codes[0], codes[1])
        return (codes[0] if codes else DEFAULT_CURRENCY), cases, 0
    code = check_currency(currency)
    chosen = tuple(case for case in cases if case.currency == code)
    return code, chosen, len(cases) - len(chosen)


def _prepare(
    cases: object, today: object, currency: object
) -> tuple[date, str, tuple[Case, ...], int]:
    items = require_cases(cases)
    day = to_date(today, name="today")
    code, chosen, others = _select(items, currency)
    return day, code, chosen, others


def _q1(value: Decimal) -> Decimal:
    return value.quantize(_TENTH, rounding=ROUND_HALF_UP, context=CONTEXT)


def _ratio(numerator: Decimal, denominator: Decimal) -> Decimal:
    return CONTEXT.divide(numerator, denominator)


def _share(amount: Decimal, total: Decimal) -> Decimal | None:
    return _q1(CONTEXT.multiply(_ratio(amount, total), _HUNDRED)) if total else None


def _opt(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


@final
@attrs.frozen
class _Position:
    """One case on one day: its open receivable, stage, dispute, and what is left unpaid."""

    balance: Decimal
    stage: Stage
    disputed: bool
    remainder: Decimal
    last_on: date


def _position(case: Case, day: date) -> _Position | None:
    """*case* as of *day*, or ``None`` when its invoice is issued after *day*."""
    if case.issued_on > day:
        return None
    reduced = _ZERO
    disputed = False
    stage: Stage | None = None
    last_on = case.issued_on
    for event, after in zip(case.events, case.stages, strict=True):
        if event.on > day:
            break
        stage = after
        last_on = event.on
        kind = type(event)
        if kind is PaymentReceived or kind is CreditNoteIssued:
            assert isinstance(event, (PaymentReceived, CreditNoteIssued))
            reduced += event.amount
        elif kind is DisputeOpened:
            disputed = True
        elif kind is DisputeResolved:
            disputed = False
    if stage is None or (stage is Stage.PREVENTIVE and day > case.due_on):
        # not opened yet (issued before *day*, opened after it), or a preventive case gone overdue
        stage = Stage.PREVENTIVE if day <= case.due_on else Stage.AMICABLE
    remainder = max(_ZERO, case.amount - reduced)  # beyond the invoice, payments paid penalties
    balance = _ZERO if stage.terminal else remainder
    return _Position(balance, stage, disputed, remainder, last_on)


def _receivables(cases: Iterable[Case], day: date) -> tuple[Decimal, Decimal]:
    """Total receivables on *day*, and the part not yet due (``due_on >= day``)."""
    total = current = _ZERO
    for case in cases:
        position = _position(case, day)
        if position is None or not position.balance:
            continue
        total += position.balance
        if case.due_on >= day:
            current += position.balance
    return total, current


def _sales(cases: Iterable[Case], after: date, until: date) -> tuple[Decimal, Decimal]:
    """Invoices issued in ``(after, until]`` and credit notes dated in it."""
    invoiced = credited = _ZERO
    for case in cases:
        if after < case.issued_on <= until:
            invoiced += case.amount
        for note in case.credit_notes:
            if after < note.on <= until:
                credited += note.amount
    return invoiced, credited


class _Shown:
    """
    The words of a portfolio value: ``str()`` and ``to_text`` (text tables), ``to_html`` and
    ``_repr_html_`` (an escaped HTML table), all written by the display layer, imported lazily.
    """

    __slots__ = ()

    def __str__(self) -> str:
        return self.to_text()

    def to_text(self, *, locale: str = DEFAULT_LOCALE) -> str:
        """This value as text in *locale* (``fr_FR`` by default, as ``str()``; ``en_GB``)."""
        from dunning_core.display._portfolio import section_text

        return section_text(self, locale=locale)

    def to_html(self, *, locale: str = DEFAULT_LOCALE) -> str:
        """This value as an HTML table in *locale* (``_repr_html_`` is the French one)."""
        from dunning_core.display._portfolio import section_html

        return section_html(self, locale=locale)

    def _repr_html_(self) -> str:
        return self.to_html()


# --- ageing ---------------------------------------------------------------------------------------


@final
class AgeingBucket(enum.Enum):
    """
    A band of lateness, in days past the due date: the bands of the management-report tables of
    C. com. D441-6 (*tranches de retard*), plus the invoices not yet due.

    >>> AgeingBucket.of(0), AgeingBucket.of(30), AgeingBucket.of(91)
    (<AgeingBucket.NOT_DUE: 'not_due'>, <AgeingBucket.DAYS_1_30: '1-30'>, \
<AgeingBucket.OVER_90: '91+'>)
    >>> AgeingBucket.DAYS_31_60.label
    '31 à 60 jours'
    """

    NOT_DUE = "not_due"
    DAYS_1_30 = "1-30"
    DAYS_31_60 = "31-60"
    DAYS_61_90 = "61-90"
    OVER_90 = "91+"

    @classmethod
    def of(cls, days_late: int) -> AgeingBucket:
        """The bucket of an invoice *days_late* days past its due date (0 or less: not due)."""
        if days_late <= 0:
            return cls.NOT_DUE
        if days_late <= 30:
            return cls.DAYS_1_30
        if days_late <= 60:
            return cls.DAYS_31_60
        if days_late <= 90:
            return cls.DAYS_61_90
        return cls.OVER_90

    @property
    def label(self) -> str:
        """The French label, as in the D441-6 model tables."""
        return _BUCKET_LABELS[self]


_BUCKET_LABELS: Final = {
    AgeingBucket.NOT_DUE: N_("Non échues"),
    AgeingBucket.DAYS_1_30: N_("1 à 30 jours"),
    AgeingBucket.DAYS_31_60: N_("31 à 60 jours"),
    AgeingBucket.DAYS_61_90: N_("61 à 90 jours"),
    AgeingBucket.OVER_90: N_("91 jours et plus"),
}


@final
@attrs.frozen
class AgeingRow:
    """
    One bucket of the ageing balance.

    Attributes:
        bucket: the :class:`AgeingBucket`.
        count: the number of invoices in it.
        amount: their open balance.
        share: *amount* in percent of the total open balance (one decimal), ``None`` when the
            total is zero.

    >>> AgeingRow(AgeingBucket.DAYS_1_30, 2, Decimal("1500"), Decimal("20.8")).amount
    Decimal('1500')
    """

    bucket: AgeingBucket
    count: int
    amount: Decimal
    share: Decimal | None


@final
@attrs.frozen
class Ageing(_Shown):
    """
    The ageing balance (*balance âgée*): open receivables by days past the due date.

    Attributes:
        as_of: the day of the balance.
        currency: ISO 4217 code.
        rows: one :class:`AgeingRow` per :class:`AgeingBucket`, in order.
        count: the number of open invoices.
        total: the open balance (the sum of the rows).
        disputed_count: how many open invoices are under an open dispute (*créances
            litigieuses*, which D441-6 lets a company show apart).
        disputed_amount: their open balance.
        article: C. com. D441-6, which sets the bands.

    >>> from dunning_core.machine import Case
    >>> a = ageing([Case.open("F-1", "1000", date(2026, 1, 10), due_on=date(2026, 2, 9))],
    ...            date(2026, 3, 31))
    >>> a.total, a.overdue, a.row(AgeingBucket.DAYS_31_60).count
    (Decimal('1000'), Decimal('1000'), 1)
    """

    as_of: date
    currency: str
    rows: tuple[AgeingRow, ...]
    count: int
    total: Decimal
    disputed_count: int
    disputed_amount: Decimal
    article: Article = D441_6

    @property
    def overdue(self) -> Decimal:
        """The open balance past its due date (every row but ``NOT_DUE``)."""
        return CONTEXT.subtract(self.total, self.row(AgeingBucket.NOT_DUE).amount)

    def row(self, bucket: AgeingBucket) -> AgeingRow:
        """The row of *bucket*."""
        return next(row for row in self.rows if row.bucket is bucket)

    @in_context
    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: amounts as strings, the date in ISO format."""
        return {
            "as_of": self.as_of.isoformat(),
            "currency": self.currency,
            "count": self.count,
            "total": str(self.total),
            "overdue": str(self.overdue),
            "disputed_count": self.disputed_count,
            "disputed_amount": str(self.disputed_amount),
            "rows": [
                {
                    "bucket": row.bucket.value,
                    "label": row.bucket.label,
                    "count": row.count,
                    "amount": str(row.amount),
                    "share": _opt(row.share),
                }
                for row in self.rows
            ],
            "article": str(self.article),
        }


@in_context
def ageing(cases: Iterable[Case], today: date, *, currency: str | None = None) -> Ageing:
    """
    The ageing balance of *cases* on *today*.

    Counts every invoice issued on or before *today* whose case is still open then (not paid,
    settled or written off) with a balance above zero, by days past its due date
    (``today - due_on``; due today is not overdue).  The buckets are those of the tables of C. com.
    D441-6: not due, 1–30, 31–60, 61–90, 91 days and more.

    Args:
        cases: the portfolio.
        today: the day of the balance.
        currency: the currency to analyse (default: the portfolio's only currency).

    Returns:
        An :class:`Ageing`; its rows add up to its total.

    Raises:
        ArgumentTypeError: *cases* is not an iterable of cases.
        DateTypeError: *today* is not a ``date``.
        CurrencyMismatch: mixed currencies and no *currency*.

    >>> from dunning_core.machine import Case
    >>> cases = [Case.open("F-1", "1200", date(2025, 11, 20), due_on=date(2025, 12, 20)),
    ...          Case.open("F-2", "3000", date(2026, 3, 10), due_on=date(2026, 4, 9))]
    >>> print(ageing(cases, date(2026, 3, 31)))  # Dec 20 -> Mar 31: 11 + 31 + 28 + 31 = 101 days
    Balance âgée au 31 mars 2026 (C. com. art. D441-6)
    Tranche de retard  Factures     Montant     Part
    Non échues                1  3 000,00 €   71,4 %
    1 à 30 jours              0      0,00 €    0,0 %
    31 à 60 jours             0      0,00 €    0,0 %
    61 à 90 jours             0      0,00 €    0,0 %
    91 jours et plus          1  1 200,00 €   28,6 %
    Total                     2  4 200,00 €  100,0 %
    """
    day, code, chosen, _ = _prepare(cases, today, currency)
    counts = dict.fromkeys(AgeingBucket, 0)
    amounts = dict.fromkeys(AgeingBucket, _ZERO)
    disputed_count = 0
    disputed_amount = _ZERO
    for case in chosen:
        position = _position(case, day)
        if position is None or not position.balance:
            continue
        bucket = AgeingBucket.of((day - case.due_on).days)
        counts[bucket] += 1
        amounts[bucket] += position.balance
        if position.disputed:
            disputed_count += 1
            disputed_amount += position.balance
    total = sum(amounts.values(), _ZERO)
    rows = tuple(
        AgeingRow(bucket, counts[bucket], amounts[bucket], _share(amounts[bucket], total))
        for bucket in AgeingBucket
    )
    return Ageing(day, code, rows, sum(counts.values()), total, disputed_count, disputed_amount)


# --- DSO ------------------------------------------------------------------------------------------


@final
@attrs.frozen
class DSO(_Shown):
    """
    Days sales outstanding (*délai moyen de recouvrement clients*), by two methods.

    Attributes:
        as_of: the last day of the period.
        currency: ISO 4217 code.
        period_days: the length of the period of the simple ratio.
        period_start: the day before the period: the period is ``(period_start, as_of]``.
        receivables: the receivables on *as_of*.
        current_receivables: the part of them not yet due.
        invoiced: the invoices issued in the period.
        credited: the credit notes dated in the period.
        sales: ``invoiced - credited``.
        simple: ``receivables / sales × period_days`` (one decimal); 0 when nothing is
            receivable, ``None`` when sales are zero or less.
        count_back: the count-back DSO (one decimal), see :func:`dso`.
        best_possible: ``current_receivables / sales × period_days``, the DSO if every invoice
            were paid on its due date.
        delinquent: ``simple - best_possible``, the average days delinquent (*retard moyen*).
        article: none in law: a practice metric.

    >>> from dunning_core.machine import Case
    >>> d = dso([Case.open("F-1", "900", date(2026, 3, 1), due_on=date(2026, 3, 31))],
    ...         date(2026, 3, 31))
    >>> d.simple, d.best_possible, d.delinquent  # 900 / 900 × 90, all of it not yet due
    (Decimal('90.0'), Decimal('90.0'), Decimal('0.0'))
    """

    as_of: date
    currency: str
    period_days: int
    period_start: date
    receivables: Decimal
    current_receivables: Decimal
    invoiced: Decimal
    credited: Decimal
    sales: Decimal
    simple: Decimal | None
    count_back: Decimal | None
    best_possible: Decimal | None
    delinquent: Decimal | None
    article: Article = PRACTICE

    @in_context
    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: amounts and days as strings (``None`` when undefined)."""
        return {
            "as_of": self.as_of.isoformat(),
            "currency": self.currency,
            "period_days": self.period_days,
            "period_start": self.period_start.isoformat(),
            "receivables": str(self.receivables),
            "current_receivables": str(self.current_receivables),
            "invoiced": str(self.invoiced),
            "credited": str(self.credited),
            "sales": str(self.sales),
            "simple": _opt(self.simple),
            "count_back": _opt(self.count_back),
            "best_possible": _opt(self.best_possible),
            "delinquent": _opt(self.delinquent),
            "article": str(self.article),
        }


def _count_back(cases: tuple[Case, ...], day: date, receivables: Decimal) -> Decimal | None:
    """Absorb *receivables* by the net sales of each calendar month back from *day*."""
    if not receivables:
        return _ZERO
    flows: list[tuple[date, Decimal]] = []
    for case in cases:
        if case.issued_on <= day:
            flows.append((case.issued_on, case.amount))
            flows.extend((note.on, -note.amount) for note in case.credit_notes if note.on <= day)
    if not flows:
        return None
    flows.sort(key=lambda flow: flow[0])
    days = [flow[0] for flow in flows]
    prefix = [_ZERO]
    for _, amount in flows:
        prefix.append(prefix[-1] + amount)
    first = days[0]
    remaining = receivables
    total_days = _ZERO
    months = 0
    end = day
    while end >= first:
        months += 1
        try:
            start: date | None = add_months(day, -months)
        except InvalidDate:  # the month would start before 0001-01-01: stop at the first date
            start = None
        # net sales of (start, end], or of [0001-01-01, end] for the last, shorter month
        below = 0 if start is None else bisect_right(days, start)
        sales = prefix[bisect_right(days, end)] - prefix[below]
        length = Decimal((end - date.min).days + 1 if start is None else (end - start).days)
        if sales > 0 and remaining <= sales:
            return _q1(total_days + CONTEXT.multiply(length, _ratio(remaining, sales)))
        if start is None:
            break
        total_days += length
        remaining -= sales
        end = start
    return None  # unreachable while receivables never exceed net sales to date


@in_context
def dso(
    cases: Iterable[Case],
    today: date,
    *,
    period_days: int = 90,
    currency: str | None = None,
) -> DSO:
    """
    Days sales outstanding on *today*, by the simple ratio and by the count-back method.

    * **Simple ratio** (*méthode comptable*): ``receivables / sales × period_days``, with the
      receivables on *today* and the net sales of the *period_days* days ending on *today*
      (invoices issued in ``(today - period_days, today]`` less the credit notes dated in it).
    * **Count-back** (*méthode par épuisement du chiffre d'affaires*): take the receivables, and
      subtract the net sales of each calendar month going back from *today* (``(today - 1 month,
      today]``, then the month before...); each month fully absorbed adds its number of days, the
      last one adds ``days × remaining / its sales``.  It does not use *period_days*.
    * **Best possible DSO** and **average days delinquent**: the simple ratio on the receivables
      not yet due, and the difference.

    Nothing receivable gives a DSO of 0; receivables over zero or negative sales give ``None``.
    Days are rounded half-up to one decimal.

    A period that would start before 0001-01-01 (*today* within *period_days* of the first
    date) is refused with :class:`~dunning_core.errors.InvalidDate` rather than shortened; the
    count-back stops at 0001-01-01.

    Args:
        cases: the portfolio.
        today: the last day of the period.
        period_days: the length of the period of the simple ratio (1 to 3 660 days).
        currency: the currency to analyse (default: the portfolio's only currency).

    Returns:
        A :class:`DSO`.

    Raises:
        ArgumentTypeError: *cases* is not an iterable of cases.
        InvalidArgument: bad *period_days*.
        DateTypeError: *today* is not a ``date``.
        InvalidDate: the period would start before 0001-01-01.
        CurrencyMismatch: mixed currencies and no *currency*.

    >>> from dunning_core.machine import Case
    >>> cases = [Case.open("F-1", "1000", date(2026, 1, 10), due_on=date(2026, 2, 9)),
    ...          Case.open("F-2", "3000", date(2026, 3, 10), due_on=date(2026, 4, 9))]
    >>> d = dso(cases, date(2026, 3, 31))
    >>> d.simple, d.count_back  # 4000 / 4000 × 90; 31 days (3000) + 31 × 1000/1000 (January)
    (Decimal('90.0'), Decimal('90.0'))
    """
    day, code, chosen, _ = _prepare(cases, today, currency)
    period = _check_period(period_days)
    start = _period_start(day, period)
    receivables, current = _receivables(chosen, day)
    invoiced, credited = _sales(chosen, start, day)
    sales = invoiced - credited
    length = Decimal(period)

    def ratio(amount: Decimal) -> Decimal | None:
        if not amount:
            return _ZERO
        if sales <= 0:
            return None
        return CONTEXT.multiply(_ratio(amount, sales), length)

    raw = ratio(receivables)
    raw_best = ratio(current)
    delinquent = None if raw is None or raw_best is None else _q1(raw - raw_best)
    return DSO(
        day,
        code,
        period,
        start,
        receivables,
        current,
        invoiced,
        credited,
        sales,
        None if raw is None else _q1(raw),
        _count_back(chosen, day, receivables),
        None if raw_best is None else _q1(raw_best),
        delinquent,
    )


# --- CEI ------------------------------------------------------------------------------------------


@final
@attrs.frozen
class CEI(_Shown):
    """
    The collection effectiveness index over a period, in percent.

    ``(beginning + sales - ending) / (beginning + sales - ending_current) × 100``

    Attributes:
        as_of: the last day of the period.
        currency: ISO 4217 code.
        period_days: the length of the period.
        period_start: the day before the period: the period is ``(period_start, as_of]``.
        beginning: the receivables on *period_start*.
        sales: the net sales of the period (invoices less credit notes).
        ending: the receivables on *as_of*.
        ending_current: the part of *ending* not yet due.
        value: the index (one decimal, within [0, 100]), ``None`` when the denominator is zero.
        article: none in law: a practice metric.

    >>> from dunning_core.machine import Case
    >>> c = cei([Case.open("F-1", "900", date(2026, 1, 5), due_on=date(2026, 2, 4))],
    ...         date(2026, 3, 31))
    >>> c.collected, c.collectible, c.value  # (0 + 900 - 900) / (0 + 900 - 0)
    (Decimal('0'), Decimal('900'), Decimal('0.0'))
    """

    as_of: date
    currency: str
    period_days: int
    period_start: date
    beginning: Decimal
    sales: Decimal
    ending: Decimal
    ending_current: Decimal
    value: Decimal | None
    article: Article = PRACTICE

    @property
    def collected(self) -> Decimal:
        """``beginning + sales - ending``: paid, or removed by a settlement or a write-off."""
        return CONTEXT.subtract(CONTEXT.add(self.beginning, self.sales), self.ending)

    @property
    def collectible(self) -> Decimal:
        """``beginning + sales - ending_current``: what could have been collected."""
        return CONTEXT.subtract(CONTEXT.add(self.beginning, self.sales), self.ending_current)

    @in_context
    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: amounts as strings, ``value`` ``None`` when undefined."""
        return {
            "as_of": self.as_of.isoformat(),
            "currency": self.currency,
            "period_days": self.period_days,
            "period_start": self.period_start.isoformat(),
            "beginning": str(self.beginning),
            "sales": str(self.sales),
            "ending": str(self.ending),
            "ending_current": str(self.ending_current),
            "collected": str(self.collected),
            "collectible": str(self.collectible),
            "value": _opt(self.value),
            "article": str(self.article),
        }


@in_context
def cei(
    cases: Iterable[Case],
    today: date,
    *,
    period_days: int = 90,
    currency: str | None = None,
) -> CEI:
    """
    The collection effectiveness index over the *period_days* days ending on *today*.

    ``CEI = (B + S - E) / (B + S - Ec) × 100`` where ``B`` is the receivables on the day before
    the period (``today - period_days``), ``S`` the net sales of the period (invoices issued in
    it less credit notes dated in it), ``E`` the receivables on *today* and ``Ec`` the part of
    ``E`` not yet due.  ``B + S - E`` is what was paid in the period, plus the balances a
    settlement or a write-off removed; so the index is within [0, 100].  ``None`` when
    ``B + S - Ec`` is zero (nothing was collectible).  One decimal, rounded half-up.  A period
    that would start before 0001-01-01 is refused with :class:`~dunning_core.errors.InvalidDate`
    rather than shortened.

    Args:
        cases: the portfolio.
        today: the last day of the period.
        period_days: the length of the period (1 to 3 660 days).
        currency: the currency to analyse (default: the portfolio's only currency).

    Returns:
        A :class:`CEI`.

    Raises:
        ArgumentTypeError: *cases* is not an iterable of cases.
        InvalidArgument: bad *period_days*.
        DateTypeError: *today* is not a ``date``.
        InvalidDate: the period would start before 0001-01-01.
        CurrencyMismatch: mixed currencies and no *currency*.

    >>> from dunning_core.machine import Case, PaymentReceived, apply
    >>> from dunning_core.policy import french_default
    >>> old = Case.open("F-1", "800", date(2025, 12, 5), due_on=date(2026, 1, 4))
    >>> old = apply(old, PaymentReceived(date(2026, 1, 4), "800"), french_default())
    >>> new = Case.open("F-2", "1000", date(2026, 1, 10), due_on=date(2026, 2, 9))
    >>> c = cei([old, new], date(2026, 3, 31))
    >>> c.value  # (800 + 1000 - 1000) / (800 + 1000 - 0) × 100 = 44.44
    Decimal('44.4')
    """
    day, code, chosen, _ = _prepare(cases, today, currency)
    period = _check_period(period_days)
    start = _period_start(day, period)
    beginning, _ = _receivables(chosen, start)
    ending, ending_current = _receivables(chosen, day)
    invoiced, credited = _sales(chosen, start, day)
    sales = invoiced - credited
    collectible = beginning + sales - ending_current
    value = (
        _q1(CONTEXT.multiply(_ratio(beginning + sales - ending, collectible), _HUNDRED))
        if collectible > 0
        else None
    )
    return CEI(day, code, period, start, beginning, sales, ending, ending_current, value)


# --- amounts by stage -----------------------------------------------------------------------------


@final
@attrs.frozen
class StageRow:
    """
    The cases at one stage.

    Attributes:
        stage: the :class:`~dunning_core.policy.Stage`.
        count: the number of cases.
        amount: for an open stage, their open balance; for a closed one (paid, settled,
            written off), what was left unpaid when they closed (zero when paid).
        penalties_only: of the open cases, those whose principal is paid and which stay open
            for their penalties (they add 0 to *amount*; :func:`claimable_penalties` prices
            them).

    >>> StageRow(Stage.AMICABLE, 4, Decimal("4200")).stage.label
    'relance amiable'
    """

    stage: Stage
    count: int
    amount: Decimal
    penalties_only: int = attrs.field(default=0, kw_only=True)


@final
@attrs.frozen
class StageAmounts(_Shown):
    """
    Cases and amounts by dunning stage on a day.

    Attributes:
        as_of: the day.
        currency: ISO 4217 code.
        rows: one :class:`StageRow` per stage that has cases, in stage order.
        open_count: the cases not closed.
        open_amount: their open balance (the ageing total).
        article: none in law: a practice view.

    >>> from dunning_core.machine import Case
    >>> s = amounts_by_stage([Case.open("F-1", "1000", date(2026, 1, 10), due_on=date(2026, 2, 9))],
    ...                      date(2026, 3, 31))
    >>> s.rows[0].stage.value, s.rows[0].count, s.rows[0].amount
    ('amicable', 1, Decimal('1000'))
    """

    as_of: date
    currency: str
    rows: tuple[StageRow, ...]
    open_count: int
    open_amount: Decimal
    article: Article = PRACTICE

    @in_context
    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: amounts as strings."""
        return {
            "as_of": self.as_of.isoformat(),
            "currency": self.currency,
            "open_count": self.open_count,
            "open_amount": str(self.open_amount),
            "rows": [
                {
                    "stage": row.stage.value,
                    "label": row.stage.label,
                    "terminal": row.stage.terminal,
                    "count": row.count,
                    "amount": str(row.amount),
                    "penalties_only": row.penalties_only,
                }
                for row in self.rows
            ],
        }


@in_context
def amounts_by_stage(
    cases: Iterable[Case], today: date, *, currency: str | None = None
) -> StageAmounts:
    """
    How many cases stand at each stage on *today*, and for how much.

    The stage is the one after the last event dated on or before *today*; a preventive case past
    its due date counts as amicable (:meth:`~dunning_core.machine.Case.stage_on`).  Open stages
    carry the open balance; closed stages carry what was left unpaid when the case closed.

    Args:
        cases: the portfolio.
        today: the day.
        currency: the currency to analyse (default: the portfolio's only currency).

    Returns:
        A :class:`StageAmounts`.

    Raises:
        ArgumentTypeError: *cases* is not an iterable of cases.
        DateTypeError: *today* is not a ``date``.
        CurrencyMismatch: mixed currencies and no *currency*.

    >>> from dunning_core.machine import Case
    >>> print(amounts_by_stage([Case.open("F-1", "1000", date(2026, 3, 10),
    ...                                   due_on=date(2026, 4, 9))], date(2026, 3, 31)))
    Encours par étape au 31 mars 2026
    Étape                       Dossiers     Montant
    relance préventive                 1  1 000,00 €
    Total des dossiers ouverts         1  1 000,00 €
    """
    day, code, chosen, _ = _prepare(cases, today, currency)
    counts = dict.fromkeys(Stage, 0)
    amounts = dict.fromkeys(Stage, _ZERO)
    penalties_only = dict.fromkeys(Stage, 0)
    for case in chosen:
        position = _position(case, day)
        if position is None:
            continue
        counts[position.stage] += 1
        amounts[position.stage] += position.remainder
        if not position.stage.terminal and not position.remainder:
            penalties_only[position.stage] += 1
    rows = tuple(
        StageRow(stage, counts[stage], amounts[stage], penalties_only=penalties_only[stage])
        for stage in Stage
        if counts[stage]
    )
    open_rows = [row for row in rows if not row.stage.terminal]
    return StageAmounts(
        day,
        code,
        rows,
        sum(row.count for row in open_rows),
        sum((row.amount for row in open_rows), _ZERO),
    )


# --- penalties claimable --------------------------------------------------------------------------


@final
@attrs.frozen
class ClaimLine:
    """
    What one late invoice's debtor owes beside the principal.

    Attributes:
        reference: the invoice number.
        stage: the case's stage on the day.
        due_on: the due date.
        principal: the open balance (zero for a paid invoice).
        interest: late-payment interest (penalties, public moratorium interest, or legal
            interest for a consumer after the *mise en demeure*).
        indemnity: the flat recovery indemnity (40 €), or zero.
        total: ``interest + indemnity``.
        articles: what the amounts rest on.

    >>> from dunning_core.machine import Case
    >>> p = claimable_penalties(
    ...     [Case.open("F-1", "1000", date(2026, 1, 10), due_on=date(2026, 2, 9))],
    ...     date(2026, 3, 31))
    >>> line = p.lines[0]
    >>> line.interest, line.indemnity, line.total  # 1000 × 12.15 % × 50 / 365 = 16.64
    (Decimal('16.64'), Decimal('40.00'), Decimal('56.64'))
    """

    reference: str
    stage: Stage
    due_on: date
    principal: Decimal
    interest: Decimal
    indemnity: Decimal
    total: Decimal
    articles: tuple[Article, ...]

    @in_context
    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "reference": self.reference,
            "stage": self.stage.value,
            "due_on": self.due_on.isoformat(),
            "principal": str(self.principal),
            "interest": str(self.interest),
            "indemnity": str(self.indemnity),
            "total": str(self.total),
            "articles": [str(article) for article in self.articles],
        }


@final
@attrs.frozen
class ClaimablePenalties(_Shown):
    """
    The penalties and indemnities the creditor may claim on a day, over a portfolio.

    Attributes:
        as_of: the day.
        currency: ISO 4217 code.
        lines: one :class:`ClaimLine` per invoice owing something, largest total first.
        interest: the sum of the lines' interest.
        indemnity: the sum of the lines' indemnities.
        total: ``interest + indemnity``.
        unavailable: ``(reference, reason)`` of the invoices whose penalties could not be
            computed (a rate missing from the tables, :class:`~dunning_core.errors.RateUnavailable`).
        missing_rates: ``(reference, series, period)`` of the same invoices, as data: the text
            report shows one line per missing rate, not one error message per invoice.
        prescribed: how many invoices were left out because their time limit had run out
            (see :func:`claimable_penalties`).
        prescription: the article of the five-year limit between professionals, C. com.
            L110-4; each left-out invoice's own article is in *prescribed_invoices*.
        prescribed_invoices: ``(reference, until, article)`` of the invoices left out: the
            last day their claim could be brought (:attr:`~dunning_core.machine.Case.prescribed_after`)
            and the article of their time limit (C. com. L110-4, or C. conso. L218-2 against a
            consumer).

    >>> from dunning_core.machine import Case
    >>> p = claimable_penalties(
    ...     [Case.open("F-1", "1000", date(2026, 1, 10), due_on=date(2026, 2, 9))],
    ...     date(2026, 3, 31))
    >>> print(p.as_dict()["total"], len(p.lines), p.unavailable)
    56.64 1 ()
    """

    as_of: date
    currency: str
    lines: tuple[ClaimLine, ...]
    interest: Decimal
    indemnity: Decimal
    total: Decimal
    unavailable: tuple[tuple[str, str], ...] = ()
    prescribed: int = 0
    missing_rates: tuple[tuple[str, str, str], ...] = ()
    prescription: Article = L110_4
    prescribed_invoices: tuple[tuple[str, date, Article], ...] = ()

    @in_context
    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: amounts as strings."""
        return {
            "as_of": self.as_of.isoformat(),
            "currency": self.currency,
            "count": len(self.lines),
            "interest": str(self.interest),
            "indemnity": str(self.indemnity),
            "total": str(self.total),
            "lines": [line.as_dict() for line in self.lines],
            "unavailable": [
                {"reference": ref, "reason": reason} for ref, reason in self.unavailable
            ],
            "prescribed": self.prescribed,
            "prescribed_invoices": [
                {"reference": ref, "until": until.isoformat(), "article": str(article)}
                for ref, until, article in self.prescribed_invoices
            ],
        }


def _as_of(case: Case, day: date) -> Case:
    kept = bisect_right([event.on for event in case.events], day)
    if kept == len(case.events):
        return case
    if kept == 0:
        return Case.from_opening(case.opening)
    return Case(case.events[:kept], case.stages[:kept])


@in_context
def claimable_penalties(
    cases: Iterable[Case],
    today: date,
    *,
    currency: str | None = None,
    policy: Policy | None = None,
    rates: RateBook | None = None,
) -> ClaimablePenalties:
    """
    The late-payment penalties and indemnities claimable on *today*, invoice by invoice.

    Each invoice is valued by :func:`~dunning_core.machine.claim_amounts` as of *today*: penalties
    at the policy's basis and the 40 € indemnity between businesses (C. com. L441-10, D441-5),
    moratorium interest for public bodies, legal interest from the *mise en demeure* and no
    indemnity for consumers.  Open cases count, and so do paid ones (penalties stay claimable
    after the principal is paid).  Settled and written-off cases do not count: the creditor gave
    the claim up.  Invoices owing nothing (paid on time, not due yet) have no line.

    An invoice, open or paid, whose time limit ran out before *today* is left out and counted in
    ``prescribed``, with its limit and article in ``prescribed_invoices``: the limit is the
    machine's, :attr:`Case.prescribed_after <dunning_core.machine.Case.prescribed_after>` as of
    *today* (5 years between professionals, C. com. L110-4, 2 years against a consumer, C. conso.
    L218-2, from the due date; started again by the debtor's last acknowledgment, C. civ. 2240;
    interrupted by a claim in court or declared in a collective procedure, C. civ. 2241, C. com.
    L622-25-1).
    The penalties fall due day by day, but they are claimed with the principal they accrue on
    and prescribe with it: the limit is counted from the due date or the last acknowledgment,
    and a payment, the one that paid the principal included, is such an acknowledgment.  So an
    invoice paid late stays claimable for its penalties until five years (two for a consumer)
    after its last payment; a reminder or a formal notice sent after it does not extend that.

    Args:
        cases: the portfolio.
        today: the evaluation day.
        currency: the currency to analyse (default: the portfolio's only currency).
        policy: the policy whose basis applies (default: :func:`~dunning_core.policy.french_default`).
        rates: a :class:`~dunning_core.rates.RateBook` (default: the shipped tables).

    Returns:
        A :class:`ClaimablePenalties`; an invoice needing a rate the tables lack is listed in
        its ``unavailable`` field rather than raising.

    Raises:
        ArgumentTypeError: *cases* is not an iterable of cases.
        InvalidArgument: bad *policy* or *rates*.
        DateTypeError: *today* is not a ``date``.
        CurrencyMismatch: mixed currencies and no *currency*.

    >>> from dunning_core.machine import Case
    >>> p = claimable_penalties(
    ...     [Case.open("F-1", "10000", date(2025, 3, 1), due_on=date(2025, 3, 31))],
    ...     date(2025, 8, 15))
    >>> p.interest, p.indemnity, p.total  # 91 days at 13.15 % + 46 days at 12.15 %, plus 40 €
    (Decimal('480.97'), Decimal('40.00'), Decimal('520.97'))
    """
    day, code, chosen, _ = _prepare(cases, today, currency)
    if policy is None:
        policy = french_default()
    elif not isinstance(policy, Policy):
        raise ArgumentTypeError("policy", policy, "a policy.Policy, or None for french_default()")
    if rates is not None and not isinstance(rates, RateBook):
        raise ArgumentTypeError("rates", rates, "a rates.RateBook, or None for the shipped tables")
    lines: list[ClaimLine] = []
    unavailable: list[tuple[str, str]] = []
    missing_rates: list[tuple[str, str, str]] = []
    prescribed: list[tuple[str, date, Article]] = []
    for case in chosen:
        position = _position(case, day)
        if position is None or position.stage in (Stage.SETTLED, Stage.WRITTEN_OFF):
            continue
        seen = _as_of(case, day)
        if day > seen.prescribed_after:
            # time-barred: the same limit as the machine's (Case.prescribed_after)
            prescribed.append((case.reference, seen.prescribed_after, prescription_article(case)))
            continue
        try:
            amounts = claim_amounts(seen, policy, day, rates=rates)
        except RateUnavailable as error:
            unavailable.append((case.reference, str(error)))
            missing_rates.append((case.reference, error.series, error.period))
            continue
        owed = amounts.interest + amounts.indemnity
        if not owed:
            continue
        articles = tuple(dict.fromkeys(reason.article for reason in amounts.reasons))
        lines.append(
            ClaimLine(
                case.reference,
                position.stage,
                case.due_on,
                amounts.principal,
                amounts.interest,
                amounts.indemnity,
                owed,
                articles,
            )
        )
    lines.sort(key=lambda line: (-line.total, line.reference))
    interest = sum((line.interest for line in lines), _ZERO)
    indemnity = sum((line.indemnity for line in lines), _ZERO)
    return ClaimablePenalties(
        day,
        code,
        tuple(lines),
        interest,
        indemnity,
        interest + indemnity,
        tuple(unavailable),
        len(prescribed),
        tuple(missing_rates),
        prescribed_invoices=tuple(prescribed),
    )


# --- the report -----------------------------------------------------------------------------------


@final
@attrs.frozen
class PortfolioReport:
    """
    Every portfolio metric on one day: ageing, DSO, CEI, amounts by stage, penalties claimable.

    Attributes:
        as_of: the day.
        currency: the currency analysed.
        period_days: the period of the DSO and the CEI.
        case_count: the cases analysed (issued on or before *as_of*, in *currency*).
        other_currencies: the cases left out because they are in another currency.
        ageing: the :class:`Ageing` balance.
        dso: the :class:`DSO`.
        cei: the :class:`CEI`.
        stages: the :class:`StageAmounts`.
        penalties: the :class:`ClaimablePenalties`.

    >>> from dunning_core.machine import Case
    >>> r = portfolio_report(
    ...     [Case.open("F-1", "1000", date(2026, 1, 10), due_on=date(2026, 2, 9))],
    ...     date(2026, 3, 31))
    >>> str(r).splitlines()[0]
    'Rapport de portefeuille au 31 mars 2026 (EUR) : 1 facture'
    >>> r.cei.value, r.dso.count_back  # nothing collected; no sales in March, February: 31 + 28 + 31
    (Decimal('0.0'), Decimal('90.0'))
    """

    as_of: date
    currency: str
    period_days: int
    case_count: int
    other_currencies: int
    ageing: Ageing
    dso: DSO
    cei: CEI
    stages: StageAmounts
    penalties: ClaimablePenalties

    @in_context
    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready dict of every section."""
        return {
            "as_of": self.as_of.isoformat(),
            "currency": self.currency,
            "period_days": self.period_days,
            "case_count": self.case_count,
            "other_currencies": self.other_currencies,
            "ageing": self.ageing.as_dict(),
            "dso": self.dso.as_dict(),
            "cei": self.cei.as_dict(),
            "stages": self.stages.as_dict(),
            "penalties": self.penalties.as_dict(),
        }

    def __str__(self) -> str:
        return self.to_text()

    def to_text(self, *, locale: str = DEFAULT_LOCALE) -> str:
        """Every section as text in *locale* (``fr_FR`` by default, as ``str()``; ``en_GB``)."""
        from dunning_core.display._portfolio import report_text

        return report_text(self, locale=locale)

    def charts(self, *, locale: str = DEFAULT_LOCALE) -> tuple[str, ...]:
        """
        The charts as inline SVG documents in *locale*: the ageing balance, then the amounts by
        stage (titles, labels and axis captions from the catalogs).
        """
        from dunning_core.display._portfolio import report_charts

        return report_charts(self, locale=locale)

    def _repr_html_(self) -> str:
        from dunning_core.display._portfolio import report_html

        return report_html(self)

    def to_html(self, *, title: str | None = None, locale: str = DEFAULT_LOCALE) -> str:
        """
        A self-contained HTML page in *locale*: the tables and the charts as inline SVG (no
        script, no external resource).

        Args:
            title: the page title (default: "Rapport de portefeuille au <date>", in *locale*).
            locale: ``fr_FR`` (default) or ``en_GB``.
        """
        from dunning_core.display._portfolio import report_page

        return report_page(self, title=title, locale=locale)


@in_context
def portfolio_report(
    cases: Iterable[Case],
    today: date,
    *,
    period_days: int = 90,
    currency: str | None = None,
    policy: Policy | None = None,
    rates: RateBook | None = None,
) -> PortfolioReport:
    """
    All the portfolio metrics on *today*: :func:`ageing`, :func:`dso`, :func:`cei`,
    :func:`amounts_by_stage` and :func:`claimable_penalties`.

    Args:
        cases: the portfolio.
        today: the day of the report.
        period_days: the period of the DSO and the CEI (1 to 3 660 days).
        currency: the currency to analyse (default: the portfolio's only currency).
        policy: the policy whose penalty basis applies (default: ``french_default()``).
        rates: a :class:`~dunning_core.rates.RateBook` (default: the shipped tables).

    Returns:
        A :class:`PortfolioReport`.

    Raises:
        ArgumentTypeError: *cases* is not an iterable of cases.
        InvalidArgument: bad *period_days*, *policy* or *rates*.
        DateTypeError: *today* is not a ``date``.
        InvalidDate: the period of the DSO and the CEI would start before 0001-01-01.
        CurrencyMismatch: mixed currencies and no *currency*.

    >>> from dunning_core.machine import Case
    >>> report = portfolio_report(
    ...     [Case.open("F-1", "1000", date(2026, 1, 10), due_on=date(2026, 2, 9))],
    ...     date(2026, 3, 16))
    >>> report.ageing.overdue, report.penalties.indemnity, "<svg" in report.to_html()
    (Decimal('1000'), Decimal('40.00'), True)
    """
    day, code, chosen, others = _prepare(cases, today, currency)
    period = _check_period(period_days)
    _period_start(day, period)  # refuse an impossible period before computing anything
    count = sum(1 for case in chosen if case.issued_on <= day)
    return PortfolioReport(
        day,
        code,
        period,
        count,
        others,
        ageing(chosen, day, currency=code),
        dso(chosen, day, period_days=period, currency=code),
        cei(chosen, day, period_days=period, currency=code),
        amounts_by_stage(chosen, day, currency=code),
        claimable_penalties(chosen, day, currency=code, policy=policy, rates=rates),
    )
