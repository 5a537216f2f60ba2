"""
The case: one invoice's dunning file, a frozen value derived from its events.

A :class:`Case` holds its events and the stage after each of them; everything else (balance,
contacts per stage and channel, open dispute, promise, plan, formal notice and its delivery,
proofs...) is derived from them when the case is built, never kept as free-standing counters.
New cases come from :meth:`Case.open` and :func:`~dunning_core.machine.apply`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from decimal import Decimal
from types import MappingProxyType
from typing import Any, Final, final

import attrs

from dunning_core.calendar import to_date
from dunning_core.errors import ArgumentTypeError, InvalidArgument
from dunning_core.format import describe, format_date, format_money, html_table
from dunning_core.machine._events import (
    EVENT_TYPES,
    ClaimFiled,
    ContactMade,
    CreditNoteIssued,
    Delivery,
    DisputeOpened,
    DisputeResolved,
    Event,
    FormalNoticeDelivered,
    FormalNoticeSent,
    HandedOver,
    InvoiceOpened,
    PaymentPlanAgreed,
    PaymentReceived,
    PromiseToPay,
    ProofRecorded,
)
from dunning_core.money import CONTEXT
from dunning_core.policy import Channel, DebtorSegment, Policy, Stage
from dunning_core.terms import PaymentTerms, due_date

__all__ = ["Case"]

_DAY: Final = timedelta(days=1)
_ZERO: Final = Decimal(0)
_add: Final = CONTEXT.add
_VALID_DELIVERY: Final = frozenset({Delivery.RECEIVED, Delivery.UNCLAIMED})
_EVENT_TYPES: Final = frozenset(EVENT_TYPES)


def _events(value: object) -> tuple[Event, ...]:
    if isinstance(value, (str, bytes)) or not hasattr(value, "__iter__"):
        raise InvalidArgument("events", value, "a sequence of events starting with InvoiceOpened")
    return tuple(value)


def _stages(value: object) -> tuple[Stage, ...]:
    if isinstance(value, (str, bytes)) or not hasattr(value, "__iter__"):
        raise InvalidArgument("stages", value, "a sequence of Stage, one per event")
    return tuple(value)


@final
@attrs.frozen(repr=False)
class Case:
    """
    One invoice's dunning file: its events, the stage after each, and what they imply.

    Build it with :meth:`Case.open` and move it with :func:`~dunning_core.machine.apply` (or
    :func:`~dunning_core.machine.replay`); the constructor checks only that the record is
    consistent (first event ``InvoiceOpened``, dates in order, stages never going back).

    Attributes:
        events: every event, the opening first, in date order.
        stages: the stage after each event (same length as *events*).

    Derived attributes (computed once, when the case is built):
        opening, reference, amount, currency, issued_on, due_on, segment: from the opening.
        stage: the stage after the last event.
        balance: what is left of the invoice amount after payments and credit notes (never
            negative).
        paid, credited: the sums of the payments and of the credit notes.
        contacts: ``{(stage, channel): count}`` of contacts (reminders and formal notices), by the
            stage the case was at once the contact was recorded.
        steps_done: ``{step name: date}`` of the policy steps recorded.
        last_step: the name of the last policy step recorded, or ``None``.
        last_contact_on: the date of the last contact, or ``None``.
        last_on: the date of the last event.
        dispute: the open :class:`DisputeOpened`, or ``None``.
        dispute_resolved_on: when the last dispute was resolved, or ``None``.
        promise: the last :class:`PromiseToPay` (a later plan replaces it), or ``None``.
        plan: the last :class:`PaymentPlanAgreed`, or ``None``.
        plan_missed_on: the due date of the first instalment the recorded payments do not cover,
            or ``None``; the plan is broken from the day after it.
        formal_notice: the last :class:`FormalNoticeSent`, or ``None``.
        delivery: what became of that formal notice (:class:`FormalNoticeDelivered`), or ``None``.
        proofs: the :class:`ProofRecorded` events.
        handed_over: the last :class:`HandedOver`, or ``None``.
        claim: the last :class:`ClaimFiled`, or ``None``.

    >>> from dunning_core.policy import french_default
    >>> case = Case.open("F-2026-001", "1200.00", date(2026, 3, 2), due_on=date(2026, 4, 1))
    >>> case
    Case('F-2026-001', stage=preventive, balance=Decimal('1200.00'), events=1)
    >>> case.due_on, case.balance, case.stage
    (datetime.date(2026, 4, 1), Decimal('1200.00'), <Stage.PREVENTIVE: 'preventive'>)
    """

    events: tuple[Event, ...] = attrs.field(converter=_events)
    stages: tuple[Stage, ...] = attrs.field(converter=_stages)

    opening: InvoiceOpened = attrs.field(init=False, eq=False)
    reference: str = attrs.field(init=False, eq=False)
    amount: Decimal = attrs.field(init=False, eq=False)
    currency: str = attrs.field(init=False, eq=False)
    issued_on: date = attrs.field(init=False, eq=False)
    due_on: date = attrs.field(init=False, eq=False)
    segment: DebtorSegment = attrs.field(init=False, eq=False)
    stage: Stage = attrs.field(init=False, eq=False)
    balance: Decimal = attrs.field(init=False, eq=False)
    paid: Decimal = attrs.field(init=False, eq=False)
    credited: Decimal = attrs.field(init=False, eq=False)
    contacts: Mapping[tuple[Stage, Channel], int] = attrs.field(init=False, eq=False)
    steps_done: Mapping[str, date] = attrs.field(init=False, eq=False)
    last_step: str | None = attrs.field(init=False, eq=False)
    last_contact_on: date | None = attrs.field(init=False, eq=False)
    last_on: date = attrs.field(init=False, eq=False)
    dispute: DisputeOpened | None = attrs.field(init=False, eq=False)
    dispute_resolved_on: date | None = attrs.field(init=False, eq=False)
    promise: PromiseToPay | None = attrs.field(init=False, eq=False)
    plan: PaymentPlanAgreed | None = attrs.field(init=False, eq=False)
    plan_missed_on: date | None = attrs.field(init=False, eq=False)
    formal_notice: FormalNoticeSent | None = attrs.field(init=False, eq=False)
    delivery: FormalNoticeDelivered | None = attrs.field(init=False, eq=False)
    proofs: tuple[ProofRecorded, ...] = attrs.field(init=False, eq=False)
    handed_over: HandedOver | None = attrs.field(init=False, eq=False)
    claim: ClaimFiled | None = attrs.field(init=False, eq=False)
    payments: tuple[PaymentReceived, ...] = attrs.field(init=False, eq=False)
    credit_notes: tuple[CreditNoteIssued, ...] = attrs.field(init=False, eq=False)

    def __attrs_post_init__(self) -> None:
        _validate(self.events, self.stages)
        _derive(self)

    def __repr__(self) -> str:
        return (
            f"Case({self.reference!r}, stage={self.stage.value}, balance={self.balance!r}, "
            f"events={len(self.events)})"
        )

    def _repr_html_(self) -> str:
        """The case and its events as an HTML table, for notebooks."""
        cur = self.currency
        caption = (
            f"Dossier {self.reference} : {format_money(self.amount, cur)}, échéance "
            f"{format_date(self.due_on)}, solde {format_money(self.balance, cur)}, "
            f"{self.stage.label}"
        )
        rows = [
            (format_date(event.on, format="short"), event.kind, describe(event), stage.label)
            for event, stage in zip(self.events, self.stages, strict=True)
        ]
        return html_table(("Date", "Événement", "Détail", "Étape"), rows, caption=caption)

    @classmethod
    def open(
        cls,
        reference: str,
        amount: object,
        issued_on: date,
        *,
        due_on: date | None = None,
        terms: PaymentTerms | None = None,
        delivered_on: date | None = None,
        currency: str = "EUR",
        segment: DebtorSegment = DebtorSegment.STANDARD,
        opened_on: date | None = None,
    ) -> Case:
        """
        Open a case for an invoice, given its due date or its payment terms.

        Args:
            reference: the invoice number.
            amount: the invoice amount (TTC), ``Decimal``, ``int`` or ``str``; more than zero.
            issued_on: the invoice date.
            due_on: the due date; give it, or *terms*.
            terms: the :class:`~dunning_core.terms.PaymentTerms`; the due date is
                ``due_date(terms, issued_on, delivered_on)``.
            delivered_on: the delivery date, for terms that count from it.
            currency: ISO 4217 code.
            segment: the debtor's segment.
            opened_on: the day the case is opened (default: *issued_on*); a case opened after
                the due date starts at the amicable stage.

        Returns:
            A case holding one :class:`InvoiceOpened` event.

        Raises:
            InvalidArgument: both or neither of *due_on* and *terms*.
            InvalidAmount: the amount is not a positive amount in the currency's minor unit.
            InvalidDate: dates of the wrong type or order; see also
                :func:`~dunning_core.terms.due_date`.

        >>> from dunning_core.terms import PaymentTerms
        >>> Case.open("F-7", 500, date(2025, 1, 15), terms=PaymentTerms.end_of_month(45)).due_on
        datetime.date(2025, 3, 31)
        """
        issued = to_date(issued_on, name="issued_on")
        if (due_on is None) == (terms is None):
            raise InvalidArgument(
                "due_on", due_on, "give either due_on or terms (exactly one of them)"
            )
        if terms is not None:
            due = due_date(terms, issued, delivered_on)
        else:
            due = to_date(due_on, name="due_on")
        opened = InvoiceOpened(
            on=issued if opened_on is None else opened_on,
            reference=reference,
            amount=amount,
            due_on=due,
            issued_on=issued,
            currency=currency,
            segment=segment,
        )
        return cls.from_opening(opened)

    @classmethod
    def from_opening(cls, opening: InvoiceOpened) -> Case:
        """
        The case that *opening* starts: preventive, or amicable when opened after the due date.

        Raises:
            InvalidArgument: *opening* is not an :class:`InvoiceOpened`.
        """
        if not isinstance(opening, InvoiceOpened):
            raise InvalidArgument("opening", opening, "an InvoiceOpened event")
        stage = Stage.PREVENTIVE if opening.on <= opening.due_on else Stage.AMICABLE
        return cls((opening,), (stage,))

    # --- derived views used by the rules and the planner -------------------------------------

    def stage_on(self, day: date) -> Stage:
        """
        The stage on *day*: a preventive case becomes amicable once its due date has passed.

        >>> case = Case.open("F-1", 100, date(2026, 3, 2), due_on=date(2026, 4, 1))
        >>> case.stage_on(date(2026, 4, 1)).value, case.stage_on(date(2026, 4, 2)).value
        ('preventive', 'amicable')
        """
        stage = self.stage
        if stage is Stage.PREVENTIVE and day > self.due_on:
            return Stage.AMICABLE
        return stage

    def promise_active(self, day: date) -> bool:
        """Whether a promise to pay still runs on *day* (it pauses escalation)."""
        promise = self.promise
        return promise is not None and promise.on <= day <= promise.until

    def plan_active(self, day: date) -> bool:
        """Whether a payment plan is on track on *day* (no instalment missed before it)."""
        missed = self.plan_missed_on
        return self.plan is not None and (missed is None or day <= missed)

    def paused(self, day: date) -> bool:
        """Whether escalation is paused on *day* by a promise or a payment plan on track."""
        return self.promise_active(day) or self.plan_active(day)

    def pause_end(self, day: date) -> date | None:
        """
        The day the last pause ended, seen from *day*: the dispute resolution, the day after a
        broken promise, the day after a missed instalment; ``None`` if there was none.
        """
        end = self.dispute_resolved_on
        promise = self.promise
        if promise is not None and day > promise.until:
            candidate = promise.until + _DAY
            if end is None or candidate > end:
                end = candidate
        missed = self.plan_missed_on
        if self.plan is not None and missed is not None and day > missed:
            candidate = missed + _DAY
            if end is None or candidate > end:
                end = candidate
        return end

    def notice_deadline(self, policy: Policy) -> date | None:
        """
        The last day the *mise en demeure* gives the debtor, or ``None`` while it has not been
        delivered (received or unclaimed).

        The deadline counts from the delivery (seed 000: "l'accusé de réception faisant office de
        compte à rebours").
        """
        delivery = self.delivery
        if delivery is None or delivery.outcome not in _VALID_DELIVERY:
            return None
        return _deadline(delivery.on, policy.formal_notice_deadline_days)

    def contacts_at(self, stage: Stage, channel: Channel) -> int:
        """
        The number of contacts by *channel* recorded while the case was at *stage*.

        >>> Case.open("F-1", 100, date(2026, 3, 2), due_on=date(2026, 4, 1)).contacts_at(
        ...     Stage.AMICABLE, Channel.EMAIL)
        0
        """
        return self.contacts.get((stage, channel), 0)

    def with_event(self, event: Event, stage: Stage) -> Case:
        """A new case with *event* recorded and *stage* after it (no rule is checked)."""
        return Case((*self.events, event), (*self.stages, stage))


def _validate(events: tuple[Any, ...], stages: tuple[Any, ...]) -> None:
    if not events or not isinstance(events[0], InvoiceOpened):
        raise InvalidArgument("events", events, "a sequence starting with InvoiceOpened")
    if len(stages) != len(events):
        raise InvalidArgument("stages", stages, f"one Stage per event ({len(events)})")
    previous_on = events[0].on
    previous_rank = -1
    for index, (event, stage) in enumerate(zip(events, stages, strict=True)):
        if type(event) not in _EVENT_TYPES:
            raise InvalidArgument(f"events[{index}]", event, "an event of machine.EVENT_TYPES")
        if index and isinstance(event, InvoiceOpened):
            raise InvalidArgument(f"events[{index}]", event, "a single InvoiceOpened, first")
        if not isinstance(stage, Stage):
            raise InvalidArgument(f"stages[{index}]", stage, "a Stage")
        if event.on < previous_on:
            raise InvalidArgument(
                f"events[{index}]", event, f"events in date order (after {previous_on})"
            )
        if stage.rank < previous_rank:
            raise InvalidArgument(f"stages[{index}]", stage, "stages that never go back")
        if index + 1 < len(events) and stage.terminal:
            raise InvalidArgument(f"stages[{index}]", stage, "no event after a terminal stage")
        previous_on = event.on
        previous_rank = stage.rank


def _derive(case: Case) -> None:
    set_ = object.__setattr__
    opening = case.events[0]
    assert isinstance(opening, InvoiceOpened)
    paid = credited = _ZERO
    contacts: dict[tuple[Stage, Channel], int] = {}
    steps_done: dict[str, date] = {}
    last_step: str | None = None
    last_contact_on: date | None = None
    dispute: DisputeOpened | None = None
    resolved_on: date | None = None
    promise: PromiseToPay | None = None
    plan: PaymentPlanAgreed | None = None
    notice: FormalNoticeSent | None = None
    delivery: FormalNoticeDelivered | None = None
    proofs: list[ProofRecorded] = []
    handed: HandedOver | None = None
    claim: ClaimFiled | None = None
    payments: list[PaymentReceived] = []
    credits: list[CreditNoteIssued] = []
    reductions: list[tuple[date, Decimal]] = []
    plan_from = 0
    for event, stage in zip(case.events, case.stages, strict=True):
        kind = type(event)
        if kind is ContactMade or kind is FormalNoticeSent:
            assert isinstance(event, (ContactMade, FormalNoticeSent))
            key = (stage, event.channel)
            contacts[key] = contacts.get(key, 0) + 1
            last_contact_on = event.on
            if event.step is not None:
                steps_done[event.step] = event.on
                last_step = event.step
            if isinstance(event, FormalNoticeSent):
                notice = event
                delivery = None
        elif kind is PaymentReceived:
            assert isinstance(event, PaymentReceived)
            paid = _add(paid, event.amount)
            payments.append(event)
            reductions.append((event.on, event.amount))
        elif kind is CreditNoteIssued:
            assert isinstance(event, CreditNoteIssued)
            credited = _add(credited, event.amount)
            credits.append(event)
            reductions.append((event.on, event.amount))
        elif kind is PromiseToPay:
            assert isinstance(event, PromiseToPay)
            promise = event
        elif kind is PaymentPlanAgreed:
            assert isinstance(event, PaymentPlanAgreed)
            plan = event
            promise = None
            plan_from = len(reductions)
        elif kind is DisputeOpened:
            assert isinstance(event, DisputeOpened)
            dispute = event
        elif kind is DisputeResolved:
            dispute = None
            resolved_on = event.on
        elif kind is FormalNoticeDelivered:
            assert isinstance(event, FormalNoticeDelivered)
            delivery = event
        elif kind is ProofRecorded:
            assert isinstance(event, ProofRecorded)
            proofs.append(event)
        elif kind is HandedOver:
            assert isinstance(event, HandedOver)
            handed = event
        elif kind is ClaimFiled:
            assert isinstance(event, ClaimFiled)
            claim = event
    missed: date | None = None
    if plan is not None:
        since = reductions[plan_from:]
        due = _ZERO
        for instalment in plan.instalments:
            due = _add(due, instalment.amount)
            covered = _ZERO
            for on, amount in since:
                if on <= instalment.on:
                    covered = _add(covered, amount)
            if covered < due:
                missed = instalment.on
                break
    balance = CONTEXT.subtract(CONTEXT.subtract(opening.amount, paid), credited)
    if balance < 0:
        raise InvalidArgument(
            "events", case.events, f"payments and credit notes that do not exceed {opening.amount}"
        )
    set_(case, "opening", opening)
    set_(case, "reference", opening.reference)
    set_(case, "amount", opening.amount)
    set_(case, "currency", opening.currency)
    set_(case, "issued_on", opening.issued_on)
    set_(case, "due_on", opening.due_on)
    set_(case, "segment", opening.segment)
    set_(case, "stage", case.stages[-1])
    set_(case, "balance", balance)
    set_(case, "paid", paid)
    set_(case, "credited", credited)
    set_(case, "contacts", MappingProxyType(contacts))
    set_(case, "steps_done", MappingProxyType(steps_done))
    set_(case, "last_step", last_step)
    set_(case, "last_contact_on", last_contact_on)
    set_(case, "last_on", case.events[-1].on)
    set_(case, "dispute", dispute)
    set_(case, "dispute_resolved_on", resolved_on)
    set_(case, "promise", promise)
    set_(case, "plan", plan)
    set_(case, "plan_missed_on", missed)
    set_(case, "formal_notice", notice)
    set_(case, "delivery", delivery)
    set_(case, "proofs", tuple(proofs))
    set_(case, "handed_over", handed)
    set_(case, "claim", claim)
    set_(case, "payments", tuple(payments))
    set_(case, "credit_notes", tuple(credits))


def require_policy(policy: object) -> Policy:
    """*policy*, or :class:`ArgumentTypeError` when it is not a :class:`Policy`."""
    if not isinstance(policy, Policy):
        raise ArgumentTypeError("policy", policy, "a Policy such as french_default()")
    return policy


def require_cases(value: object, accepted: str = "machine.Case values") -> tuple[Case, ...]:
    """*value* as a tuple of cases; :class:`ArgumentTypeError` naming the item at fault."""
    if isinstance(value, (str, bytes, Case)) or not isinstance(value, Iterable):
        raise ArgumentTypeError("cases", value, f"an iterable of {accepted}")
    items = tuple(value)
    for index, item in enumerate(items):
        if not isinstance(item, Case):
            raise ArgumentTypeError(f"cases[{index}]", item, f"a machine.Case ({accepted})")
    return items


def require_case(case: object, policy: object) -> None:
    """Raise :class:`ArgumentTypeError` unless *case* is a :class:`Case` and *policy* a ``Policy``."""
    if not isinstance(case, Case):
        raise ArgumentTypeError("case", case, "a Case, from Case.open(...) or replay(...)")
    require_policy(policy)


def _deadline(delivered_on: date, days: int) -> date:
    """*days* after *delivered_on*; 9999-12-31 when that is past the last date (never reached)."""
    if delivered_on > date.max - timedelta(days=days):
        return date.max
    return delivered_on + timedelta(days=days)
