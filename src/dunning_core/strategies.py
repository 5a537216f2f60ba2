"""
Hypothesis strategies for the public values of ``dunning_core`` (extra ``dunning-core[hypothesis]``).

They follow Hypothesis' house style: plural names, keyword-only arguments, strategies as
parameters, valid values only, and shrinking towards the simplest case: EUR, small round amounts,
dates near 1 January 2024, net 30 days, the statutory basis, the :func:`~dunning_core.policy.
french_default` policy, a standard debtor.  Invalid arguments raise Hypothesis'
:class:`~hypothesis.errors.InvalidArgument` when the strategy is built.

* values: :func:`amounts`, :func:`money`, :func:`currencies`, :func:`dates`,
  :func:`payment_terms`, :func:`penalty_bases`, :func:`debtor_segments`, :func:`policies`;
* the machine: :func:`invoice_openings`, :func:`cases`, :func:`events`, :func:`event_histories`.

Dates stay within the shipped rate tables (:data:`MIN_DATE` to :data:`MAX_DATE`, that is
:data:`~dunning_core.rates.DATA_AS_OF`), so that the penalties of any planned action can be
computed; invoices are issued at least a year before :data:`MAX_DATE` to leave room for their
history.  The package registers them for :func:`hypothesis.strategies.from_type` through the
``hypothesis`` entry point (:mod:`dunning_core._hypothesis_plugin`).

>>> from dunning_core.strategies import MAX_DATE, amounts
>>> MAX_DATE
datetime.date(2026, 3, 19)
>>> amounts(currency="eur")
Traceback (most recent call last):
...
hypothesis.errors.InvalidArgument: currency must be an ISO 4217 code such as 'EUR' (got 'eur')
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import ROUND_DOWN, Decimal
from typing import Any, Final

try:
    from hypothesis import assume
    from hypothesis import strategies as st
    from hypothesis.errors import InvalidArgument
except ImportError as exc:  # pragma: no cover - depends on the environment
    raise ImportError(
        "dunning_core.strategies needs hypothesis: pip install 'dunning-core[hypothesis]'"
    ) from exc

import attrs

from dunning_core.errors import DunningError
from dunning_core.interest import Allocation, BasisKind, Creditor, PenaltyBasis
from dunning_core.machine import (
    EVENT_TYPES,
    Agent,
    AlternativeResolutionStarted,
    Case,
    ClaimDeclared,
    ClaimFiled,
    CollectiveProcedure,
    CollectiveProcedureOpened,
    ContactMade,
    CreditNoteIssued,
    Delivery,
    DisputeOpened,
    DisputeResolved,
    Event,
    ForeclosureReliefRequested,
    FormalNoticeDelivered,
    FormalNoticeSent,
    HandedOver,
    Instalment,
    InvoiceOpened,
    PaymentPlanAgreed,
    PaymentReceived,
    PenaltiesWaived,
    Procedure,
    PromiseToPay,
    Proof,
    ProofRecorded,
    Resolution,
    SettlementAgreed,
    WrittenOff,
    allowed_events,
    apply,
    check,
    claim_amounts,
    timeline,
)
from dunning_core.money import CONTEXT, MAX_AMOUNT, Money, check_currency, minor_units
from dunning_core.policy import (
    HARD_MAX_AMICABLE_DAYS,
    Backlog,
    Cap,
    Channel,
    DebtorSegment,
    Policy,
    Stage,
    StepKind,
    french_default,
)
from dunning_core.rates import DATA_AS_OF
from dunning_core.terms import EndOfMonth, PaymentTerms, PublicBuyer, TermsKind

__all__ = [
    "ANCHOR_DATE",
    "MAX_DATE",
    "MIN_DATE",
    "amounts",
    "cases",
    "currencies",
    "dates",
    "debtor_segments",
    "event_histories",
    "events",
    "instalments",
    "invoice_openings",
    "money",
    "payment_terms",
    "penalty_bases",
    "policies",
]

MIN_DATE: Final = date(2015, 1, 1)
"""The earliest date drawn: the legal-rate tables start on 1 January 2015."""

MAX_DATE: Final = DATA_AS_OF
"""The latest date drawn: the shipped rate data is known until this day."""

ANCHOR_DATE: Final = date(2024, 1, 1)
"""Dates shrink towards this day."""

_HISTORY_DAYS: Final = 365
_LAST_ISSUE: Final = MAX_DATE - timedelta(days=_HISTORY_DAYS)
_DAY: Final = timedelta(days=1)
_CURRENCIES: Final = ("EUR", "USD", "GBP", "CHF", "JPY")
_REGISTERED: Final = tuple(channel for channel in Channel if channel.registered)
"""The channels of a formal notice: LRAR, LRE, service by a commissaire de justice."""


# --- argument checks ---------------------------------------------------------------------------------


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise InvalidArgument(message)


def _strategy(value: object, name: str) -> None:
    _require(
        isinstance(value, st.SearchStrategy),
        f"{name} must be a strategy such as st.just(...) (got {value!r})",
    )


def _decimal(value: object, name: str) -> Decimal:
    _require(
        isinstance(value, (Decimal, int)) and not isinstance(value, bool),
        f"{name} must be a Decimal or an int (got {value!r})",
    )
    result = Decimal(value)  # type: ignore[arg-type]
    _require(result.is_finite(), f"{name} must be finite (got {value!r})")
    return result


def _date_arg(value: object, name: str) -> date:
    _require(
        isinstance(value, date) and not isinstance(value, datetime),
        f"{name} must be a datetime.date (got {value!r})",
    )
    assert isinstance(value, date)
    return value


def _size(value: object, name: str, low: int = 0) -> int:
    _require(
        isinstance(value, int) and not isinstance(value, bool) and value >= low,
        f"{name} must be an int, at least {low} (got {value!r})",
    )
    assert isinstance(value, int)
    return value


def _policy_arg(policy: object) -> Policy:
    if policy is None:
        return french_default()
    _require(isinstance(policy, Policy), f"policy must be a Policy or None (got {policy!r})")
    assert isinstance(policy, Policy)
    return policy


def _around(default: int, low: int, high: int) -> st.SearchStrategy[int]:
    """Integers from *low* to *high* that shrink towards *default* (clamped into the range)."""
    anchor = min(max(default, low), high)
    return st.integers(low - anchor, high - anchor).map(lambda n: anchor + n)


# --- plain values -------------------------------------------------------------------------------------


def currencies() -> st.SearchStrategy[str]:
    """
    A few ISO 4217 codes: EUR, USD, GBP, CHF and JPY (no minor unit); shrinks to ``"EUR"``.

    >>> from hypothesis import find
    >>> find(currencies(), lambda code: True)
    'EUR'
    """
    return st.sampled_from(_CURRENCIES)


def amounts(
    *,
    min_value: Decimal = Decimal(0),
    max_value: Decimal = Decimal("1000000"),
    currency: str = "EUR",
) -> st.SearchStrategy[Decimal]:
    """
    Amounts owed: finite, non-negative :class:`~decimal.Decimal` with the currency's decimals.

    Shrinks towards whole amounts, then towards ``min_value`` (0 by default).

    Args:
        min_value: the smallest amount, at least 0.
        max_value: the largest amount, at most :data:`~dunning_core.money.MAX_AMOUNT`.
        currency: the ISO 4217 code whose minor unit sets the decimals (2 for EUR, 0 for JPY).

    Raises:
        InvalidArgument: bounds out of order or range, an unknown currency.

    >>> from hypothesis import find
    >>> find(amounts(), lambda amount: amount > 10)
    Decimal('11')
    >>> find(amounts(currency="JPY"), lambda amount: amount > 0)
    Decimal('1')
    """
    low = _decimal(min_value, "min_value")
    high = _decimal(max_value, "max_value")
    _require(
        0 <= low <= high <= MAX_AMOUNT,
        f"need 0 <= min_value <= max_value <= {MAX_AMOUNT:f} (got {min_value}, {max_value})",
    )
    try:
        places = minor_units(currency)
    except DunningError:
        raise InvalidArgument(
            f"currency must be an ISO 4217 code such as 'EUR' (got {currency!r})"
        ) from None
    whole_low = int(low.to_integral_value(rounding="ROUND_CEILING"))
    whole_high = int(high.to_integral_value(rounding="ROUND_FLOOR"))
    exact = st.decimals(min_value=low, max_value=high, places=places)
    if whole_low > whole_high:
        return exact
    return st.one_of(st.integers(whole_low, whole_high).map(Decimal), exact)


def money(*, currencies: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[Money]:
    """
    :class:`~dunning_core.money.Money` values in currencies drawn from *currencies*.

    Shrinks towards 0 EUR.

    Args:
        currencies: ISO 4217 codes (default ``st.just("EUR")``).

    >>> from hypothesis import find
    >>> find(money(currencies=currencies()), lambda m: True)
    Money('0.00', 'EUR')
    """
    chosen = st.just("EUR") if currencies is None else currencies
    _strategy(chosen, "currencies")

    def build(code: str) -> st.SearchStrategy[Money]:
        try:
            check_currency(code)
        except DunningError:
            raise InvalidArgument(f"currencies drew {code!r}, not an ISO 4217 code") from None
        return amounts(currency=code).map(lambda a: Money(a, code))

    return chosen.flatmap(build)


def dates(*, min_value: date = MIN_DATE, max_value: date = MAX_DATE) -> st.SearchStrategy[date]:
    """
    Calendar dates from *min_value* to *max_value*; shrinks towards 1 January 2024.

    Args:
        min_value: the earliest date (default :data:`MIN_DATE`).
        max_value: the latest date (default :data:`MAX_DATE`).

    Raises:
        InvalidArgument: a bound that is not a ``date``, or bounds out of order.

    >>> from hypothesis import find
    >>> find(dates(), lambda day: True)
    datetime.date(2024, 1, 1)
    >>> find(dates(), lambda day: day.year == 2025)
    datetime.date(2025, 1, 1)
    """
    low = _date_arg(min_value, "min_value")
    high = _date_arg(max_value, "max_value")
    _require(low <= high, f"min_value {low} is after max_value {high}")
    return _dates(low, high)


def _dates(low: date, high: date) -> st.SearchStrategy[date]:
    anchor = min(max(ANCHOR_DATE, low), high)
    return st.integers((low - anchor).days, (high - anchor).days).map(
        lambda n: anchor + timedelta(days=n)
    )


def debtor_segments() -> st.SearchStrategy[DebtorSegment]:
    """
    Debtor segments; shrinks to ``DebtorSegment.STANDARD``.

    >>> from hypothesis import find
    >>> find(debtor_segments(), lambda segment: True)
    <DebtorSegment.STANDARD: 'standard'>
    """
    return st.sampled_from(DebtorSegment)


def payment_terms(
    *, kinds: st.SearchStrategy[TermsKind] | None = None
) -> st.SearchStrategy[PaymentTerms]:
    """
    Valid :class:`~dunning_core.terms.PaymentTerms` of the kinds drawn from *kinds*.

    Days run from 0 to 120 (terms above the legal caps included: they are valid values, flagged by
    :func:`~dunning_core.terms.check_terms`).  Shrinks towards ``PaymentTerms.net(30)``.

    Args:
        kinds: the :class:`~dunning_core.terms.TermsKind` values (default: all of them).

    >>> from hypothesis import find
    >>> find(payment_terms(), lambda terms: True)
    PaymentTerms.net(30)
    """
    chosen = st.sampled_from(TermsKind) if kinds is None else kinds
    _strategy(chosen, "kinds")
    return _terms(chosen)


@st.composite
def _terms(draw: st.DrawFn, kinds: st.SearchStrategy[TermsKind]) -> PaymentTerms:
    # Every parameter is drawn whatever the kind, so that the shrinker compares kinds on an
    # equal footing and reaches the first kind (NET) with its default days.
    kind = draw(kinds)
    days = draw(_around(30, 0, 120))
    eom_days = draw(_around(45, 0, 120))
    method = draw(st.sampled_from(EndOfMonth))
    day_of_month = draw(st.none() | st.integers(1, 31))
    buyer = draw(st.sampled_from(PublicBuyer))
    regulatory = draw(st.booleans())
    if kind is TermsKind.ON_RECEIPT:
        return PaymentTerms.on_receipt()
    if kind is TermsKind.STATUTORY_DEFAULT:
        return PaymentTerms.statutory_default()
    if kind is TermsKind.END_OF_MONTH:
        if method is EndOfMonth.EOM_THEN_ADD:
            return PaymentTerms.end_of_month(eom_days, method)
        return PaymentTerms.end_of_month(eom_days, method, day_of_month=day_of_month)
    if kind is TermsKind.PUBLIC_BUYER:
        return PaymentTerms.public_buyer(buyer, None if regulatory else days)
    if not isinstance(kind, TermsKind):
        raise InvalidArgument(f"kinds drew {kind!r}, not a TermsKind")
    return PaymentTerms(kind, days)


def penalty_bases(
    *, kinds: st.SearchStrategy[BasisKind] | None = None
) -> st.SearchStrategy[PenaltyBasis]:
    """
    Valid :class:`~dunning_core.interest.PenaltyBasis` values of the kinds drawn from *kinds*.

    Contractual rates run from 0 to 40 %, points over the legal rate from 0 to 20; a judgment made
    enforceable (legal interest) is dated within :data:`MIN_DATE`..:data:`MAX_DATE`.  Shrinks
    towards ``PenaltyBasis.STATUTORY``.

    Args:
        kinds: the :class:`~dunning_core.interest.BasisKind` values (default: all of them).

    >>> from hypothesis import find
    >>> find(penalty_bases(), lambda basis: True)
    PenaltyBasis.STATUTORY
    """
    chosen = st.sampled_from(BasisKind) if kinds is None else kinds
    _strategy(chosen, "kinds")
    return chosen.flatmap(_basis_of)


def _basis_of(kind: BasisKind) -> st.SearchStrategy[PenaltyBasis]:
    if not isinstance(kind, BasisKind):
        raise InvalidArgument(f"kinds drew {kind!r}, not a BasisKind")
    takes = kind.parameters  # each parameter of its row, with whether it is required
    if not takes:
        return st.just(PenaltyBasis(kind))
    drawn = {
        "points": _around(10, 0, 20),
        "rate": amounts(max_value=Decimal(40)),
        "creditor": st.sampled_from([Creditor.OTHER, Creditor.CONSUMER]),
        "enforceable_on": dates(),
    }
    return st.builds(
        PenaltyBasis,
        st.just(kind),
        **{
            name: drawn[name] if required else st.none() | drawn[name]
            for name, required in takes.items()
        },
    )


# --- policies ---------------------------------------------------------------------------------------


def policies(*, bases: st.SearchStrategy[PenaltyBasis] | None = None) -> st.SearchStrategy[Policy]:
    """
    Valid :class:`~dunning_core.policy.Policy` values: variations of
    :func:`~dunning_core.policy.french_default`.

    Each variation drops some steps (a hand-over and a claim go with a dropped formal notice),
    may count offsets in business days and use the Alsace-Moselle holidays, moves the caps (never
    below what the steps need), splits a shared cap into one cap per channel and drops some,
    changes the gaps, the length of the amicable
    phase, the formal notice's deadline, the backlog rule and the penalty basis.  Shrinks to
    ``french_default()`` itself.

    Args:
        bases: the penalty bases (default :func:`penalty_bases`).

    >>> from hypothesis import find
    >>> find(policies(), lambda policy: True) == french_default()
    True
    """
    chosen = penalty_bases() if bases is None else bases
    _strategy(chosen, "bases")
    return _policies(chosen)


@st.composite
def _policies(draw: st.DrawFn, bases: st.SearchStrategy[PenaltyBasis]) -> Policy:
    default = french_default()
    steps = list(default.steps)
    dropped = draw(st.lists(st.booleans(), min_size=len(steps), max_size=len(steps)))
    kept = [step for step, drop in zip(steps, dropped, strict=True) if not drop]
    if any(s.kind is StepKind.FORMAL_NOTICE for s in steps if s not in kept):
        # a hand-over or a claim needs a formal notice before it (C. civ. 1344)
        kept = [s for s in kept if s.kind not in (StepKind.HAND_OVER, StepKind.CLAIM)]
    if not kept:
        kept = [steps[0]]
    if draw(st.booleans()):
        kept = [attrs.evolve(s, business_days=True) if s.offset > 0 else s for s in kept]
    need_by_segment: list[dict[tuple[Stage, Channel], int]] = []
    for segment in DebtorSegment:
        counts: dict[tuple[Stage, Channel], int] = {}
        for step in kept:
            if (
                segment in step.segments
                and step.channel is not None
                and step.kind is not StepKind.PENALTY_CLAIM  # not counted against the caps
            ):
                key = (step.stage, step.channel)
                counts[key] = counts.get(key, 0) + 1
        need_by_segment.append(counts)
    caps = []
    for cap in default.caps:
        # A shared cap stays shared (shrinks to it), or is split into one cap per channel.
        groups = [frozenset({c}) for c in cap.channels] if draw(st.booleans()) else [cap.channels]
        for group in sorted(groups, key=lambda g: [c.value for c in Channel if c in g]):
            own = cap.channel if cap.channel in group else next(c for c in Channel if c in group)
            low = max(
                (sum(n for (at, c), n in counts.items() if at is cap.stage and c in group))
                for counts in need_by_segment
            )
            limit = draw(_around(cap.limit, low, cap.limit + 3))
            if not draw(st.booleans()):  # else no cap: not limited
                caps.append(Cap(cap.stage, own, limit, channels=group))
    latest = max(
        (s.offset for s in kept if s.stage in (Stage.AMICABLE, Stage.FORMAL_NOTICE)), default=1
    )
    max_days = draw(_around(default.formal_notice_max_days, 1, 60))
    policy = Policy(
        steps=kept,
        caps=caps,
        min_gap_days=draw(_around(default.min_gap_days, 0, 10)),
        max_amicable_days=draw(
            _around(default.max_amicable_days, max(latest, 1), HARD_MAX_AMICABLE_DAYS)
        ),
        formal_notice_deadline_days=draw(_around(default.formal_notice_deadline_days, 1, max_days)),
        formal_notice_max_days=max_days,
        backlog=draw(st.sampled_from(Backlog)),
        basis=draw(bases),
        alsace_moselle=draw(st.booleans()),
        plan_grace_days=draw(_around(default.plan_grace_days, 0, 15)),
        waive_penalties=draw(st.booleans()),
        allocation=draw(st.sampled_from(Allocation)),
        creditor_outside_metropolitan_france=draw(st.booleans()),
        name="french_default_variant",
    )
    if attrs.evolve(policy, name=default.name) == default:
        return default
    return policy


# --- the machine ------------------------------------------------------------------------------------


def _references() -> st.SearchStrategy[str]:
    return st.integers(1, 99_999).map(lambda n: f"F-{n:05d}")


def invoice_openings(
    *,
    segments: st.SearchStrategy[DebtorSegment] | None = None,
    currencies: st.SearchStrategy[str] | None = None,
) -> st.SearchStrategy[InvoiceOpened]:
    """
    :class:`~dunning_core.machine.InvoiceOpened` events: the first event of a case.

    Invoices are issued from :data:`MIN_DATE` to a year before :data:`MAX_DATE`, fall due 0 to
    120 days later and are opened on their date or up to 60 days later (after the due date, the
    case starts at the amicable stage); an invoice in another currency than the euro may hold
    the 40 € indemnity converted into it (``indemnity_in_currency``).  Shrinks towards invoice ``F-00001`` of 1 EUR issued on
    1 January 2024, due 30 days later, opened the day it is issued, for a standard debtor.

    Args:
        segments: the debtors' segments (default :func:`debtor_segments`).
        currencies: ISO 4217 codes (default ``st.just("EUR")``).

    >>> from hypothesis import find
    >>> opening = find(invoice_openings(), lambda opening: True)
    >>> opening.reference, opening.amount, opening.issued_on, opening.due_on
    ('F-00001', Decimal('1'), datetime.date(2024, 1, 1), datetime.date(2024, 1, 31))
    """
    chosen_segments = debtor_segments() if segments is None else segments
    chosen_currencies = st.just("EUR") if currencies is None else currencies
    _strategy(chosen_segments, "segments")
    _strategy(chosen_currencies, "currencies")
    return _openings(chosen_segments, chosen_currencies)


@st.composite
def _openings(
    draw: st.DrawFn,
    segments: st.SearchStrategy[DebtorSegment],
    currencies: st.SearchStrategy[str],
) -> InvoiceOpened:
    currency = draw(currencies)
    unit = Decimal(1).scaleb(-minor_units(currency))
    issued = draw(_dates(MIN_DATE, _LAST_ISSUE))
    return InvoiceOpened(
        on=issued + timedelta(days=draw(st.integers(0, 60))),
        reference=draw(_references()),
        amount=draw(amounts(min_value=unit, max_value=Decimal(1_000_000), currency=currency)),
        due_on=issued + timedelta(days=draw(_around(30, 0, 120))),
        issued_on=issued,
        currency=currency,
        segment=draw(segments),
        # another currency: the 40 € converted by the creditor, or not given (a WARNING)
        indemnity_in_currency=None
        if currency == "EUR"
        else draw(
            st.none() | amounts(min_value=unit, max_value=Decimal(10_000), currency=currency)
        ),
    )


def instalments(
    *, total: Decimal, first_on: date, currency: str = "EUR", max_size: int = 4
) -> st.SearchStrategy[tuple[Instalment, ...]]:
    """
    The instalments of a payment plan (*échéancier*) that add up to *total*.

    One to *max_size* instalments in date order, the first on *first_on* or up to 30 days later,
    then 1 to 45 days apart; the last one takes the rounding.  Shrinks towards a single instalment
    on *first_on*.

    Args:
        total: what the plan covers, more than zero, in the currency's minor unit.
        first_on: the earliest day of the first instalment.
        currency: ISO 4217 code.
        max_size: the most instalments.

    Raises:
        InvalidArgument: a total that is not positive, a bad date, size or currency.

    >>> from hypothesis import find
    >>> find(instalments(total=Decimal("100"), first_on=date(2024, 1, 1)), lambda i: len(i) == 2)
    (Instalment(on=datetime.date(2024, 1, 1), amount=Decimal('50.00')), \
Instalment(on=datetime.date(2024, 1, 2), amount=Decimal('50.00')))
    """
    amount = _decimal(total, "total")
    _require(amount > 0, f"total must be more than zero (got {total!r})")
    day = _date_arg(first_on, "first_on")
    size = _size(max_size, "max_size", 1)
    try:
        unit = Decimal(1).scaleb(-minor_units(currency))
    except DunningError:
        raise InvalidArgument(f"currency must be an ISO 4217 code (got {currency!r})") from None
    return _instalments(amount, day, unit, size)


@st.composite
def _instalments(
    draw: st.DrawFn, total: Decimal, first_on: date, unit: Decimal, max_size: int
) -> tuple[Instalment, ...]:
    count = draw(st.integers(1, max_size))
    share = CONTEXT.divide(total, Decimal(count)).quantize(unit, rounding=ROUND_DOWN)
    if share <= 0:
        count, share = 1, total
    on = first_on + timedelta(days=draw(st.integers(0, 30)))
    result = []
    for index in range(count):
        if index:
            on += timedelta(days=draw(st.integers(1, 45)))
        amount = share if index < count - 1 else total - share * (count - 1)
        result.append(Instalment(on, amount))
    return tuple(result)


def cases(*, policy: Policy | None = None, max_events: int = 12) -> st.SearchStrategy[Case]:
    """
    Cases built from an :func:`invoice_openings` event and up to *max_events* events that
    *policy* accepts, each drawn with :func:`events` (see :func:`event_histories`).

    Shrinks towards a case that was just opened.

    Args:
        policy: the policy the events follow (default :func:`~dunning_core.policy.french_default`).
        max_events: the most events after the opening.

    Raises:
        InvalidArgument: *policy* is not a ``Policy``, *max_events* not an int >= 0.

    >>> from hypothesis import find
    >>> find(cases(max_events=3), lambda case: True)
    Case('F-00001', stage=preventive, balance=Decimal('1'), events=1)
    """
    chosen = _policy_arg(policy)
    size = _size(max_events, "max_events")
    return _cases(chosen, invoice_openings(), size)


def event_histories(
    *,
    policy: Policy | None = None,
    openings: st.SearchStrategy[InvoiceOpened] | None = None,
    max_size: int = 12,
) -> st.SearchStrategy[list[Event]]:
    """
    Lists of events that :func:`~dunning_core.machine.replay` accepts under *policy*: an opening
    from *openings*, then up to *max_size* events drawn with :func:`events`, each applicable to the
    case the previous ones make (the list stops early when the case closes).

    Shrinks towards ``[opening]`` alone.  Draw a policy too with
    ``policies().flatmap(lambda p: event_histories(policy=p))``.

    Args:
        policy: the policy (default :func:`~dunning_core.policy.french_default`).
        openings: the first events (default :func:`invoice_openings`).
        max_size: the most events after the opening.

    Raises:
        InvalidArgument: a bad policy, strategy or size.

    >>> from hypothesis import find
    >>> (opening,) = find(event_histories(max_size=3), lambda events: True)
    >>> type(opening).__name__
    'InvoiceOpened'
    """
    chosen = _policy_arg(policy)
    chosen_openings = invoice_openings() if openings is None else openings
    _strategy(chosen_openings, "openings")
    size = _size(max_size, "max_size")
    return _cases(chosen, chosen_openings, size).map(lambda case: list(case.events))


@st.composite
def _cases(
    draw: st.DrawFn, policy: Policy, openings: st.SearchStrategy[InvoiceOpened], max_size: int
) -> Case:
    case = Case.from_opening(draw(openings))
    for _ in range(draw(st.integers(0, max_size))):
        if case.stage.terminal:
            break
        case = apply(case, draw(_case_events(case, policy)), policy)
    return case


def events(*, case: Case | None = None, policy: Policy | None = None) -> st.SearchStrategy[Event]:
    """
    Events: without *case*, any valid event value; with it, events that *policy* accepts for
    *case* (``check(case, event, policy)`` allows them).

    For a case, the events are dated on or after its last event (0 to 30 days later, not after
    :data:`MAX_DATE` unless the case already is) and drawn among those its stage allows: the next
    step of the policy done on its planned day (or the proof a claim lacks), payments and credit
    notes up to the balance, promises, disputes opened or resolved, payment plans covering the
    balance, the outcome of a formal notice, escalations when not paused, ad-hoc contacts within
    the caps, settlements and write-offs.  A write-off is always possible, so something is always
    drawn.  Shrinks towards following the policy's plan, then towards a partial payment.

    Args:
        case: the case the events must apply to (``None``: standalone values).
        policy: the policy (default :func:`~dunning_core.policy.french_default`).

    Raises:
        InvalidArgument: *case* is not a ``Case`` or is closed (paid, settled, written off: no
            event applies), *policy* is not a ``Policy``.

    >>> from hypothesis import find
    >>> from dunning_core.machine import Case
    >>> case = Case.open("F-1", "100", date(2024, 1, 1), due_on=date(2024, 1, 31))
    >>> type(find(events(case=case), lambda event: True)).__name__
    'ContactMade'
    """
    chosen = _policy_arg(policy)
    if case is None:
        return st.one_of([_any_event(cls) for cls in EVENT_TYPES])
    _require(isinstance(case, Case), f"case must be a Case or None (got {case!r})")
    _require(
        not case.stage.terminal,
        f"case {case.reference!r} is {case.stage.value}: a closed case accepts no event",
    )
    return _case_events(case, chosen)


def _notes() -> st.SearchStrategy[str]:
    """One-line notes: no control, bidirectional or surrogate character (see ``InvoiceOpened``)."""
    return st.text(
        st.characters(
            exclude_categories=("Cc", "Cs", "Zl", "Zp"),
            exclude_characters=(
                "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
            ),
        ),
        max_size=20,
    )


def _any_event(cls: type[Any]) -> st.SearchStrategy[Any]:
    """Standalone, valid values of event type *cls* (not tied to a case)."""
    positive = amounts(min_value=Decimal("0.01"))
    text = _notes()

    def later(on: date) -> st.SearchStrategy[date]:
        return st.integers(0, 60).map(lambda n: on + timedelta(days=n))

    day = _dates(MIN_DATE, MAX_DATE)
    if cls is InvoiceOpened:
        return invoice_openings()
    if cls is ContactMade:
        return st.builds(ContactMade, day, st.sampled_from(Channel), st.none() | st.just("step"))
    if cls is FormalNoticeSent:
        return st.builds(FormalNoticeSent, day, st.sampled_from(_REGISTERED))
    if cls is FormalNoticeDelivered:
        return st.builds(FormalNoticeDelivered, day, st.sampled_from(Delivery))
    if cls is PaymentReceived:
        return st.builds(PaymentReceived, day, positive)
    if cls is CreditNoteIssued:
        return st.builds(CreditNoteIssued, day, positive, text)
    if cls is PromiseToPay:
        return day.flatmap(
            lambda on: st.builds(PromiseToPay, st.just(on), later(on), st.none() | positive)
        )
    if cls is DisputeOpened:
        return st.builds(DisputeOpened, day, text)
    if cls is DisputeResolved:
        return st.builds(DisputeResolved, day, text)
    if cls is PaymentPlanAgreed:
        return st.tuples(day, positive).flatmap(
            lambda pair: instalments(total=pair[1], first_on=pair[0]).map(
                lambda items: PaymentPlanAgreed(pair[0], items)
            )
        )
    if cls is AlternativeResolutionStarted:
        return st.builds(AlternativeResolutionStarted, day, st.sampled_from(Resolution))
    if cls is HandedOver:
        return st.builds(HandedOver, day, st.sampled_from(Agent))
    if cls is ClaimFiled:
        return st.builds(ClaimFiled, day, st.sampled_from(Procedure))
    if cls is ProofRecorded:
        return st.builds(ProofRecorded, day, st.sampled_from(Proof), text)
    if cls is SettlementAgreed:
        return st.builds(SettlementAgreed, day, text)
    if cls is WrittenOff:
        return st.builds(WrittenOff, day, text)
    if cls is PenaltiesWaived:
        return st.builds(PenaltiesWaived, day, text)
    if cls is CollectiveProcedureOpened:
        return day.flatmap(
            lambda on: st.builds(
                CollectiveProcedureOpened,
                st.just(on),
                st.sampled_from(CollectiveProcedure),
                later(on),
            )
        )
    if cls is ClaimDeclared:
        return st.builds(ClaimDeclared, day, text)
    if cls is ForeclosureReliefRequested:
        return st.builds(ForeclosureReliefRequested, day, text)
    raise InvalidArgument(f"{cls!r} is not an event type of dunning_core.machine")


def _planned(case: Case, policy: Policy, limit: date) -> Event | None:
    """The event that does the policy's next step on its planned day, if *policy* accepts it."""
    plan = timeline(case, policy)
    if not plan:
        return None
    action = plan[0]
    on = max(action.due_on, case.last_on)
    if on > limit:
        return None
    if action.blocked and action.kind is StepKind.CLAIM and not case.proofs:
        event: Event = ProofRecorded(on)
    else:
        event = action.to_event(on)
    return event if check(case, event, policy).allowed else None


def _unit(case: Case) -> Decimal:
    return Decimal(1).scaleb(-minor_units(case.currency))


_WEIGHTS: Final[dict[type[Any], int]] = {
    ContactMade: 2,
    ClaimFiled: 2,
    FormalNoticeDelivered: 4,
    PaymentReceived: 2,
}


@st.composite
def _case_events(draw: st.DrawFn, case: Case, policy: Policy) -> Event:
    """
    An event the rules accept: the legal ones come from :func:`~dunning_core.machine.
    allowed_events` (the table decides, nothing is re-encoded here), plus the events whose
    amounts and dates a host chooses (partial payments, promises, payment plans), kept only
    when :func:`~dunning_core.machine.check` accepts them.
    """
    limit = max(case.last_on, MAX_DATE)
    on = min(case.last_on + timedelta(days=draw(st.integers(0, 30))), limit)
    balance = case.balance
    unit = _unit(case)
    groups: dict[type[Any], list[Callable[[], Event]]] = {}

    def add(kind: type[Any], maker: Callable[[], Event]) -> None:
        groups.setdefault(kind, []).append(maker)

    planned = _planned(case, policy, limit)
    # The opening judgment, or a conversion on a case in procedure: the kinds the table accepts;
    # the dates of the judgment and of its publication are the host's.
    published = min(on + timedelta(days=draw(st.integers(0, 15))), limit)
    judgments = [
        judgment
        for judgment in (
            CollectiveProcedureOpened(on, kind, published) for kind in CollectiveProcedure
        )
        if check(case, judgment, policy).allowed
    ]
    if judgments:
        add(CollectiveProcedureOpened, lambda: draw(st.sampled_from(judgments)))
    for event in allowed_events(case, policy, on):
        add(type(event), lambda event=event: event)  # type: ignore[misc]
    if balance > 0:

        def part() -> Decimal:
            return draw(amounts(min_value=unit, max_value=balance, currency=case.currency))

        add(PaymentReceived, lambda: PaymentReceived(on, part()))
        add(CreditNoteIssued, lambda: CreditNoteIssued(on, part()))
        add(
            PromiseToPay,
            lambda: PromiseToPay(
                on,
                on + timedelta(days=draw(st.integers(0, 60))),
                draw(st.none() | st.just(balance)),
            ),
        )
        add(
            PaymentPlanAgreed,
            lambda: PaymentPlanAgreed(on, draw(_instalments(balance, on, unit, 4))),
        )
    else:
        owed = _owed_total(case, policy, on)
        if owed is not None and owed > 0:
            add(PaymentReceived, lambda: PaymentReceived(on, owed))
    options = [(_WEIGHTS.get(kind, 1), makers) for kind, makers in groups.items()]
    if planned is not None:
        following: Event = planned
        options.insert(0, (8, [lambda: following]))
    pick = draw(st.integers(0, sum(weight for weight, _ in options) - 1))
    index = 0
    while pick >= options[index][0]:
        pick -= options[index][0]
        index += 1
    makers = options[index][1]
    event = makers[draw(st.integers(0, len(makers) - 1))]()
    # The amounts a host chooses are checked here; everything else came from the rules.
    assume(check(case, event, policy).allowed)
    return event


def _owed_total(case: Case, policy: Policy, on: date) -> Decimal | None:
    try:
        return claim_amounts(case, policy, on).total
    except DunningError:
        return None
