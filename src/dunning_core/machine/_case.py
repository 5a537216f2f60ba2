"""
The case: one invoice's dunning file, a frozen value derived from its events.

A :class:`Case` holds its events and the stage after each of them; everything else (balance,
contacts per stage and channel, open dispute, promise, plan, formal notice and its delivery,
proofs...) is derived from them when the case is built, never kept as free-standing counters.
New cases come from :meth:`Case.open` and :func:`~dunning_core.machine.apply`.

Recording an event costs the same whatever the history's length (DESIGN.md, "One source of
rules": replay is linear): the history is a persistent chain that a new case extends without
copying it, and the derived state (pause spans, counts, last contact...) is updated from the
previous case's.  The ``events``, ``stages``, ``payments``, ``credit_notes`` and ``proofs``
tuples are built from their chains the first time they are read, then kept.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from decimal import Decimal
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Final, Generic, TypeVar, final

import attrs

from dunning_core._i18n import DEFAULT_LOCALE
from dunning_core._validators import instance_of, items_of
from dunning_core.calendar import add_months, extend_deadline, to_date
from dunning_core.errors import ArgumentTypeError, InvalidArgument, InvalidDate
from dunning_core.law import CIV_2240, CIV_2241, CIV_2242, L622_25_1
from dunning_core.machine import _schedule as rules
from dunning_core.machine._events import (
    EVENT_TYPES,
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
    InvoiceOpened,
    PaymentPlanAgreed,
    PaymentReceived,
    Procedure,
    PromiseToPay,
    ProofRecorded,
)
from dunning_core.machine._schedule import SCALAR
from dunning_core.money import CONTEXT
from dunning_core.policy import Channel, DebtorSegment, Policy, Stage
from dunning_core.terms import PaymentTerms, due_date

__all__ = [
    "DECLARATION_EXTRA_MONTHS",
    "DECLARATION_MONTHS",
    "RELIEF_MONTHS",
    "Case",
    "formal_notice_deadline",
]

DECLARATION_MONTHS: Final = 2
"""Months after the BODACC publication to declare a claim (C. com. R622-24)."""
DECLARATION_EXTRA_MONTHS: Final = 2
"""Months added for a creditor established outside metropolitan France (C. com. R622-24)."""
RELIEF_MONTHS: Final = 6
"""Months after the BODACC publication to ask to be relieved from foreclosure (C. com. L622-26)."""

_DAY: Final = timedelta(days=1)
_ZERO: Final = Decimal(0)
_add: Final = CONTEXT.add
_VALID_DELIVERY: Final = frozenset({Delivery.RECEIVED, Delivery.UNCLAIMED})
_EVENT_TYPES: Final = frozenset(EVENT_TYPES)
_ACKNOWLEDGMENTS: Final = MappingProxyType(
    {PaymentReceived: CIV_2240, PromiseToPay: CIV_2240, PaymentPlanAgreed: CIV_2240}
)
"""The events by which the debtor acknowledges the debt (C. civ. 2240)."""
_INTERRUPTIONS: Final = MappingProxyType(
    {ClaimFiled: (CIV_2241, CIV_2242), ClaimDeclared: (L622_25_1,)}
)
"""
The proceedings that interrupt the time limit until they end, and their article: a claim in court
(C. civ. 2241, 2242: "la demande en justice, même en référé"), the declaration of the claim in
the debtor's collective procedure (C. com. L622-25-1: "jusqu'à la clôture de la procédure").
"""
_COURT_CLAIMS: Final = frozenset({Procedure.INJONCTION_DE_PAYER, Procedure.REFERE_PROVISION})
"""The claims brought before a judge (C. civ. 2241); the small-claims procedure is run by a
commissaire de justice, not a court (CPCE L125-1): it does not interrupt the time limit."""


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
            negative; what the debtor owes, penalties included and allocated by the policy, is
            :func:`~dunning_core.machine.claim_amounts`).
        paid, credited: the sums of the payments and of the credit notes.
        contacts: ``{(stage, channel): count}`` of contacts (reminders and formal notices), by the
            stage the case was at once the contact was recorded: the contacts the policy's caps
            count.  A contact made once the invoice amount is covered (the letter that claims
            the penalties and the 40 €) is counted apart, as the pre-reminder is: it is not
            dunning for the invoice.
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
        delivery: what became of that formal notice (:class:`FormalNoticeDelivered`), or ``None``;
            a notice served by a commissaire de justice is received on the day it is served
            (CPC 653: its act is the proof of delivery), with no event of its own.
        proofs: the :class:`ProofRecorded` events.
        handed_over: the last :class:`HandedOver`, or ``None``.
        claim: the last :class:`ClaimFiled`, or ``None``.
        insolvency: the debtor's first :class:`CollectiveProcedureOpened` (the opening judgment:
            interest stops on its date, the declaration's deadline runs from its publication), or
            ``None``.
        judgments: every :class:`CollectiveProcedureOpened`, the opening judgment then the
            conversions (sauvegarde into redressement or liquidation, C. com. L622-10;
            redressement into liquidation, L631-15), in date order.
        procedure: the debtor's procedure now (the last judgment's), or ``None``.
        declared: the :class:`ClaimDeclared` to the mandataire, or ``None``.
        relief_requested: the :class:`ForeclosureReliefRequested` (*relevé de forclusion*), or
            ``None``.
        acknowledged_on: the day of the debtor's last acknowledgment of the debt (a payment, a
            promise to pay, a payment plan; before any collective procedure and before the
            time limit ran out), or ``None``: it interrupts the time limit (C. civ. 2240),
            which starts again from it.
        interrupted_on: the day proceedings interrupted the time limit before it ran out, or
            ``None``: a claim in court (:class:`ClaimFiled` for an *injonction de payer* or a
            référé-provision, C. civ. 2241) or the declaration of the claim in the debtor's
            collective procedure (:class:`ClaimDeclared`, C. com. L622-25-1).  The interruption
            lasts until the proceedings end (C. civ. 2242; the procedure's closure), which no
            event records: the claim is no longer time-barred after it.

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
    insolvency: CollectiveProcedureOpened | None = attrs.field(init=False, eq=False)
    judgments: tuple[CollectiveProcedureOpened, ...] = attrs.field(init=False, eq=False)
    declared: ClaimDeclared | None = attrs.field(init=False, eq=False)
    relief_requested: ForeclosureReliefRequested | None = attrs.field(init=False, eq=False)
    acknowledged_on: date | None = attrs.field(init=False, eq=False)
    interrupted_on: date | None = attrs.field(init=False, eq=False)
    payments: tuple[PaymentReceived, ...] = attrs.field(init=False, eq=False)
    credit_notes: tuple[CreditNoteIssued, ...] = attrs.field(init=False, eq=False)
    _since_plan: tuple[tuple[date, Decimal], ...] = attrs.field(init=False, eq=False, repr=False)
    _ever_paused: bool = attrs.field(init=False, eq=False, repr=False)
    # The chains the lazy tuples above are built from (see _LAZY), and the closed pause spans.
    _event_log: _Chain[Event] = attrs.field(init=False, eq=False, repr=False)
    _stage_log: _Chain[Stage] = attrs.field(init=False, eq=False, repr=False)
    _payment_log: _Chain[PaymentReceived] = attrs.field(init=False, eq=False, repr=False)
    _credit_log: _Chain[CreditNoteIssued] = attrs.field(init=False, eq=False, repr=False)
    _proof_log: _Chain[ProofRecorded] = attrs.field(init=False, eq=False, repr=False)
    _spans: _Chain[tuple[date, date]] = attrs.field(init=False, eq=False, repr=False)
    _first_amicable_contact_on: date | None = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        _validate(self.events, self.stages)
        _derive(self)

    if not TYPE_CHECKING:  # hidden from mypy, which would otherwise accept any attribute

        def __getattr__(self, name: str) -> Any:
            # Called only for an attribute not set yet: a lazy tuple, built once from its chain.
            source = _LAZY.get(name)
            if source is None:
                raise AttributeError(f"'Case' object has no attribute {name!r}")
            value = object.__getattribute__(self, source).as_tuple()
            object.__setattr__(self, name, value)
            return value

    def __repr__(self) -> str:
        return (
            f"Case({self.reference!r}, stage={self.stage.value}, balance={self.balance!r}, "
            f"events={len(self._event_log)})"
        )

    def to_html(self, *, locale: str = DEFAULT_LOCALE) -> str:
        """The case and its events as an HTML table in *locale* (``_repr_html_``: French)."""
        from dunning_core.display import _machine  # the display layer sits above the machine

        return _machine.case_html(self, locale=locale)

    def _repr_html_(self) -> str:
        return self.to_html()

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
        indemnity_in_currency: object = None,
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
            indemnity_in_currency: for an invoice in another currency than the euro, the flat
                40 € indemnity converted into it (see :class:`InvoiceOpened`).

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
            indemnity_in_currency=indemnity_in_currency,
        )
        return cls.from_opening(opened)

    @classmethod
    def from_opening(cls, opening: InvoiceOpened) -> Case:
        """
        The case that *opening* starts: preventive, or amicable when opened after the due date.

        Raises:
            InvalidArgument: *opening* is not an :class:`InvoiceOpened`.
        """
        _IS_OPENING("opening", opening)
        stage = Stage.PREVENTIVE if opening.on <= opening.due_on else Stage.AMICABLE
        return cls((opening,), (stage,))

    # --- derived views used by the rules and the planner -------------------------------------

    @property
    def procedure(self) -> CollectiveProcedure | None:
        """
        The debtor's collective procedure now: the last judgment's kind (a conversion changes
        it), or ``None``.
        """
        judgments = self.judgments
        return judgments[-1].procedure if judgments else None

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
        return promise is not None and rules.pause_holds(SCALAR, promise.on, promise.until, day)

    def plan_broken_on(self, grace: int = 0) -> date | None:
        """
        The day the payment plan is broken, or ``None`` while it is on track (or there is none).

        An instalment is missed when the payments and credit notes made since the plan, up to
        *grace* days after it falls due (a transfer takes a few days to arrive), do not cover
        it and the ones before it; the plan is broken the day after those grace days.
        """
        plan = self.plan
        if plan is None:
            return None
        return plan_broken_on(plan, self._since_plan, grace)

    def plan_active(self, day: date, grace: int = 0) -> bool:
        """
        Whether a payment plan is on track on *day*: no instalment missed before it, and *day*
        no later than the last instalment and its *grace* days (a plan kept to the end is over,
        as :meth:`pauses` says; what is left, the penalties of a principal paid late, is claimed).
        """
        plan = self.plan
        if plan is None:
            return False
        broken = self.plan_broken_on(grace)
        if broken is not None:
            return day < broken
        return day <= _later(plan.instalments[-1].on, grace)

    def paused(self, day: date, grace: int = 0) -> bool:
        """Whether escalation is paused on *day* by a promise or a payment plan on track."""
        return self.promise_active(day) or self.plan_active(day, grace)

    def pause_end(self, day: date, grace: int = 0) -> date | None:
        """
        The day the last pause ended, seen from *day*: the dispute resolution, the day after a
        broken promise, the day a payment plan is broken (after *grace* days); ``None`` if there
        was none.
        """
        end = self.dispute_resolved_on
        promise = self.promise
        if promise is not None and day > promise.until:
            candidate = rules.resumes_on(SCALAR, promise.until)
            if end is None or candidate > end:
                end = candidate
        broken = self.plan_broken_on(grace)
        if broken is not None and day >= broken and (end is None or broken > end):
            end = broken
        return end

    def pauses(self, grace: int = 0) -> tuple[tuple[date, date | None], ...]:
        """
        The spans escalation was paused, ``(first day, last day)``, in date order; the last day
        is ``None`` while a dispute is open.

        A dispute runs from its opening to the day before its resolution, a promise from the day
        it is made to the promised date, a payment plan from its agreement to the day before it
        is broken (or to its last instalment and *grace* days).
        """
        # The closed spans are kept as the events come (no scan of the history).
        spans: list[tuple[date, date | None]] = list(self._spans.as_tuple())
        plan = self.plan
        if plan is not None:
            broken = self.plan_broken_on(grace)
            last = _later(plan.instalments[-1].on, grace) if broken is None else broken - _DAY
            spans.append((plan.on, last))
        if self.dispute is not None:
            spans.append((self.dispute.on, None))
        return tuple(sorted(spans, key=lambda span: span[0]))

    def amicable_end(self, policy: Policy) -> date | None:
        """
        The last day of the amicable phase, or ``None`` while it has not started or runs on.

        It lasts ``policy.max_amicable_days`` from the due date, or from the first amicable
        contact for a case opened after its due date with no history (an imported ledger), and
        every pause (dispute, promise, payment plan) extends it by its length.  After it, no
        amicable reminder is proposed: the formal notice is due (seed 004: "La durée de la
        phase de recouvrement de créances à l'amiable est de maximum 60 à 90 jours").

        >>> from dunning_core.policy import french_default
        >>> case = Case.open("F-1", 100, date(2026, 3, 2), due_on=date(2026, 4, 1))
        >>> case.amicable_end(french_default())
        datetime.date(2026, 5, 31)
        """
        start = self.due_on
        if self.opening.on > self.due_on:
            first = self._first_amicable_contact_on
            if first is None:
                return None
            start = first
        end = _later(start, policy.max_amicable_days)
        if not self._ever_paused:
            return end
        for first, last in _merged(self.pauses(policy.plan_grace_days)):
            if last is None:
                return None  # an open dispute: the phase is on hold
            if not rules.pause_overlaps(SCALAR, start, end, first, last):
                continue
            end = _later(end, rules.pause_length(SCALAR, start, first, last))
        return end

    @property
    def prescribed_after(self) -> date:
        """
        The last day a claim can be brought: 5 years after the due date between professionals
        (C. com. L110-4), 2 years against a consumer (C. conso. L218-2); 9999-12-31 beyond the
        calendar.  The debtor's acknowledgment of the debt (:attr:`acknowledged_on`: a payment,
        a promise, a payment plan) interrupts it and a new period of the same length starts
        from it (C. civ. 2240, 2231); a formal notice does not.  A claim in court (C. civ. 2241,
        2242) or declared in the debtor's collective procedure (C. com. L622-25-1) interrupts
        it until the proceedings end (:attr:`interrupted_on`): 9999-12-31 from then on.

        >>> from dunning_core.machine import PaymentReceived, apply
        >>> from dunning_core.policy import french_default
        >>> case = Case.open("F-1", 100, date(2021, 3, 2), due_on=date(2021, 4, 1))
        >>> case.prescribed_after
        datetime.date(2026, 4, 1)
        >>> apply(case, PaymentReceived(date(2023, 6, 30), 40), french_default()).prescribed_after
        datetime.date(2028, 6, 30)
        """
        return prescription_end(
            self.due_on, self.segment, self.acknowledged_on, interrupted_on=self.interrupted_on
        )

    def declaration_deadline(self, policy: Policy) -> date | None:
        """
        The last day to declare the claim in the debtor's collective procedure, or ``None``
        when there is none: :data:`DECLARATION_MONTHS` (2) months after the BODACC publication
        of the opening judgment, 2 more (:data:`DECLARATION_EXTRA_MONTHS`) for a creditor
        established outside metropolitan France (``Policy.creditor_outside_metropolitan_france``;
        C. com. R622-24).  A conversion of the procedure does not move it.
        """
        opened = self.insolvency
        if opened is None:
            return None
        months = DECLARATION_MONTHS
        if policy.creditor_outside_metropolitan_france:
            months += DECLARATION_EXTRA_MONTHS
        return _months_later(opened.published_on, months)

    def relief_deadline(self) -> date | None:
        """
        The last day to ask the juge-commissaire to be relieved from foreclosure, or ``None``
        with no collective procedure: :data:`RELIEF_MONTHS` (6) months after the BODACC
        publication of the opening judgment (C. com. L622-26).
        """
        opened = self.insolvency
        return None if opened is None else _months_later(opened.published_on, RELIEF_MONTHS)

    def notice_deadline(self, policy: Policy) -> date | None:
        """
        The last day the *mise en demeure* gives the debtor, or ``None`` while it has not been
        delivered (received or unclaimed): :func:`formal_notice_deadline` of its delivery.

        The deadline counts from the delivery (seed 000: "l'accusé de réception faisant office de
        compte à rebours").
        """
        delivery = self.delivery
        if delivery is None or delivery.outcome not in _VALID_DELIVERY:
            return None
        return notice_deadline(delivery.on, policy)

    def contacts_at(self, stage: Stage, channel: Channel) -> int:
        """
        The number of contacts by *channel* recorded while the case was at *stage*.

        >>> Case.open("F-1", 100, date(2026, 3, 2), due_on=date(2026, 4, 1)).contacts_at(
        ...     Stage.AMICABLE, Channel.EMAIL)
        0
        """
        return self.contacts.get((stage, channel), 0)

    def contacts_counted(self, stage: Stage, channel: Channel, policy: Policy) -> int:
        """
        The number of contacts recorded at *stage* that count against *channel*'s cap in
        *policy*: those by every channel of its cap (:meth:`Policy.cap_channels`; a shared cap
        such as the French default's letters counts a registered letter among the letters).

        >>> from dunning_core.policy import french_default
        >>> case = Case.open("F-1", 100, date(2026, 3, 2), due_on=date(2026, 4, 1))
        >>> case.contacts_counted(Stage.AMICABLE, Channel.LETTER, french_default())
        0
        """
        group = policy.cap_channels(stage, channel)
        if len(group) == 1:
            return self.contacts.get((stage, channel), 0)
        contacts = self.contacts
        return sum(contacts.get((stage, member), 0) for member in group)

    def with_event(self, event: Event, stage: Stage) -> Case:
        """
        A new case with *event* recorded and *stage* after it.

        Only the record's consistency is checked (date order, stages never going back); the
        rules are :func:`~dunning_core.machine.check`'s, which calls this once it accepts.  The
        new case is derived from this one in time independent of the history's length: it
        extends the history's chain (no copy) and updates the derived state.
        """
        _validate_one(len(self._event_log), event, stage, self.last_on, self.stage)
        after = object.__new__(Case)
        _advance(self, after, event, stage)
        return after

    def __reduce__(self) -> tuple[Any, ...]:
        return (Case, (self.events, self.stages))


def _validate(events: tuple[Any, ...], stages: tuple[Any, ...]) -> None:
    if not events or not isinstance(events[0], InvoiceOpened):
        raise InvalidArgument("events", events, "a sequence starting with InvoiceOpened")
    if len(stages) != len(events):
        raise InvalidArgument("stages", stages, f"one Stage per event ({len(events)})")


def _validate_one(
    index: int, event: Any, stage: Any, previous_on: date | None, previous: Stage | None
) -> None:
    """Check that event *index* and its *stage* may follow the previous event and stage."""
    if type(event) not in _EVENT_TYPES:
        raise InvalidArgument(f"events[{index}]", event, "an event of machine.EVENT_TYPES")
    if index and isinstance(event, InvoiceOpened):
        raise InvalidArgument(f"events[{index}]", event, "a single InvoiceOpened, first")
    _IS_STAGE(f"stages[{index}]", stage)
    if previous_on is not None and event.on < previous_on:
        raise InvalidArgument(
            f"events[{index}]", event, f"events in date order (after {previous_on})"
        )
    if previous is not None:
        if stage.rank < previous.rank:
            raise InvalidArgument(f"stages[{index}]", stage, "stages that never go back")
        if previous.terminal:
            raise InvalidArgument(
                f"stages[{index - 1}]", previous, "no event after a terminal stage"
            )


def _derive(case: Case) -> None:
    """Derive every attribute of *case* by folding its events once (linear in their number)."""
    events, stages = case.events, case.stages
    opening = events[0]
    assert isinstance(opening, InvoiceOpened)
    _validate_one(0, opening, stages[0], None, None)
    _start(case, opening, stages[0])
    previous = case
    for index in range(1, len(events)):
        _validate_one(index, events[index], stages[index], events[index - 1].on, stages[index - 1])
        current = object.__new__(Case)
        _advance(previous, current, events[index], stages[index])
        previous = current
    if previous is not case:
        for name in _COPIED:
            object.__setattr__(case, name, getattr(previous, name))


_LAZY: Final = {
    "events": "_event_log",
    "stages": "_stage_log",
    "payments": "_payment_log",
    "credit_notes": "_credit_log",
    "proofs": "_proof_log",
}
"""The tuples built from their chain when first read (``Case.__getattr__``)."""
_DERIVED: Final = tuple(field.name for field in attrs.fields(Case) if not field.init)
_COPIED: Final = tuple(name for name in _DERIVED if name not in _LAZY)
"""The derived attributes a new case takes from the previous one (the lazy tuples excepted)."""
_NONE_AT_START: Final = (
    "dispute",
    "dispute_resolved_on",
    "promise",
    "plan",
    "plan_missed_on",
    "formal_notice",
    "delivery",
    "handed_over",
    "claim",
    "insolvency",
    "declared",
    "relief_requested",
    "acknowledged_on",
    "interrupted_on",
)


def _start(case: Case, opening: InvoiceOpened, stage: Stage) -> None:
    set_ = object.__setattr__
    set_(case, "opening", opening)
    set_(case, "reference", opening.reference)
    set_(case, "amount", opening.amount)
    set_(case, "currency", opening.currency)
    set_(case, "issued_on", opening.issued_on)
    set_(case, "due_on", opening.due_on)
    set_(case, "segment", opening.segment)
    set_(case, "stage", stage)
    set_(case, "balance", opening.amount)
    set_(case, "paid", _ZERO)
    set_(case, "credited", _ZERO)
    set_(case, "contacts", _FrozenMap())
    set_(case, "steps_done", _FrozenMap())
    set_(case, "last_step", None)
    set_(case, "last_contact_on", None)
    set_(case, "last_on", opening.on)
    for name in _NONE_AT_START:
        set_(case, name, None)
    set_(case, "judgments", ())
    set_(case, "_event_log", _Chain.EMPTY.append(opening))
    set_(case, "_stage_log", _Chain.EMPTY.append(stage))
    set_(case, "_payment_log", _Chain.EMPTY)
    set_(case, "_credit_log", _Chain.EMPTY)
    set_(case, "_proof_log", _Chain.EMPTY)
    set_(case, "_spans", _Chain.EMPTY)
    set_(case, "_first_amicable_contact_on", None)
    set_(case, "_since_plan", ())
    set_(case, "_ever_paused", False)


def counts_against_caps(case: Case) -> bool:
    """
    Whether a contact recorded on *case* now counts against the policy's caps.

    Only while part of the invoice amount is still owed: once payments and credit notes cover
    it, what is left to claim is the penalties and the 40 € indemnity (C. com. L441-10 II), and
    the one letter that claims them is not a dunning contact for the invoice.  The caps check
    (:func:`~dunning_core.machine.check`) and the counts (:attr:`Case.contacts`) both ask this.
    """
    return case.balance > 0


def _advance(before: Case, after: Case, event: Event, stage: Stage) -> None:
    """Set *after*'s attributes: *before*'s, updated by one *event* leading to *stage*."""
    set_ = object.__setattr__
    for name in _COPIED:
        set_(after, name, getattr(before, name))
    set_(after, "_event_log", before._event_log.append(event))
    set_(after, "_stage_log", before._stage_log.append(stage))
    set_(after, "stage", stage)
    set_(after, "last_on", event.on)
    kind = type(event)
    if (
        kind in _ACKNOWLEDGMENTS
        and before.insolvency is None
        and event.on <= before.prescribed_after
    ):
        # The debtor acknowledges the debt: the time limit starts again (C. civ. 2240); once
        # it has run out, nothing revives it.
        set_(after, "acknowledged_on", event.on)
    if (
        before.interrupted_on is None
        and kind in _INTERRUPTIONS
        and (not isinstance(event, ClaimFiled) or event.procedure in _COURT_CLAIMS)
        and event.on <= before.prescribed_after
    ):
        # A claim in court (C. civ. 2241) or declared in the collective procedure (C. com.
        # L622-25-1) interrupts the time limit until the proceedings end (C. civ. 2242).
        set_(after, "interrupted_on", event.on)
    if kind is ContactMade or kind is FormalNoticeSent:
        assert isinstance(event, (ContactMade, FormalNoticeSent))
        if (
            kind is ContactMade
            and stage is Stage.AMICABLE
            and before._first_amicable_contact_on is None
        ):
            set_(after, "_first_amicable_contact_on", event.on)
        if counts_against_caps(before):
            key = (stage, event.channel)
            contacts = dict(before.contacts)
            contacts[key] = contacts.get(key, 0) + 1
            set_(after, "contacts", _FrozenMap(contacts))
        set_(after, "last_contact_on", event.on)
        if event.step is not None:
            steps_done = dict(before.steps_done)
            steps_done[event.step] = event.on
            set_(after, "steps_done", _FrozenMap(steps_done))
            set_(after, "last_step", event.step)
        if kind is FormalNoticeSent:
            set_(after, "formal_notice", event)
            # Served by a commissaire de justice: delivered on the day of the act (CPC 653).
            served = event.channel.served
            set_(after, "delivery", FormalNoticeDelivered(event.on) if served else None)
    elif kind is PaymentReceived or kind is CreditNoteIssued:
        assert isinstance(event, (PaymentReceived, CreditNoteIssued))
        if kind is PaymentReceived:
            assert isinstance(event, PaymentReceived)
            set_(after, "paid", _add(before.paid, event.amount))
            set_(after, "_payment_log", before._payment_log.append(event))
        else:
            assert isinstance(event, CreditNoteIssued)
            set_(after, "credited", _add(before.credited, event.amount))
            set_(after, "_credit_log", before._credit_log.append(event))
        # Past the principal, a payment pays penalties and the indemnity (never a negative balance).
        set_(after, "balance", max(_ZERO, CONTEXT.subtract(before.balance, event.amount)))
        if before.plan is not None:
            since = (*before._since_plan, (event.on, event.amount))
            set_(after, "_since_plan", since)
            set_(after, "plan_missed_on", _missed(before.plan, since))
    elif kind is PromiseToPay:
        assert isinstance(event, PromiseToPay)
        set_(after, "promise", event)
        set_(after, "_ever_paused", True)
        set_(after, "_spans", before._spans.append((event.on, event.until)))
    elif kind is PaymentPlanAgreed:
        assert isinstance(event, PaymentPlanAgreed)
        set_(after, "plan", event)
        set_(after, "promise", None)
        set_(after, "_ever_paused", True)
        set_(after, "_since_plan", ())
        set_(after, "plan_missed_on", _missed(event, ()))
    elif kind is DisputeOpened:
        set_(after, "dispute", event)
        set_(after, "_ever_paused", True)
    elif kind is DisputeResolved:
        set_(after, "dispute", None)
        set_(after, "dispute_resolved_on", event.on)
        if before.dispute is not None:  # the dispute's span: its opening to the day before
            set_(after, "_spans", before._spans.append((before.dispute.on, event.on - _DAY)))
    elif kind is FormalNoticeDelivered:
        set_(after, "delivery", event)
    elif kind is ProofRecorded:
        assert isinstance(event, ProofRecorded)
        set_(after, "_proof_log", before._proof_log.append(event))
    elif kind is HandedOver:
        set_(after, "handed_over", event)
    elif kind is ClaimFiled:
        set_(after, "claim", event)
    elif kind is CollectiveProcedureOpened:
        assert isinstance(event, CollectiveProcedureOpened)
        if before.insolvency is None:
            set_(after, "insolvency", event)
        set_(after, "judgments", (*before.judgments, event))
    elif kind is ClaimDeclared:
        set_(after, "declared", event)
    elif kind is ForeclosureReliefRequested:
        set_(after, "relief_requested", event)


def plan_broken_on(
    plan: PaymentPlanAgreed, since: tuple[tuple[date, Decimal], ...], grace: int = 0
) -> date | None:
    """
    The day *plan* is broken (the day after the grace days of its first instalment missed),
    given the payments and credit notes *since* it, or ``None`` while it is on track (see
    :meth:`Case.plan_broken_on`; :func:`~dunning_core.frames.fold_events` calls it too).
    """
    missed = _missed(plan, since, grace)
    return None if missed is None else _later(missed, grace + 1)


def _missed(
    plan: PaymentPlanAgreed, since: tuple[tuple[date, Decimal], ...], grace: int = 0
) -> date | None:
    """The due date of the first instalment the reductions *since* the plan do not cover."""
    due = _ZERO
    for instalment in plan.instalments:
        due = _add(due, instalment.amount)
        covered = _ZERO
        limit = _later(instalment.on, grace)
        for on, amount in since:
            if on <= limit:
                covered = _add(covered, amount)
        if covered < due:
            return instalment.on
    return None


_T = TypeVar("_T")


@final
class _Chain(Generic[_T]):
    """
    A persistent sequence: :meth:`append` returns a new chain sharing this one (no copy, O(1));
    :meth:`as_tuple` builds the tuple once, walking back to the nearest chain already built.
    """

    __slots__ = ("_item", "_previous", "_size", "_tuple")
    EMPTY: _Chain[Any]

    def __init__(self, previous: _Chain[_T] | None, item: _T | None) -> None:
        self._previous = previous
        self._item = item
        self._size: int = 0 if previous is None else previous._size + 1
        self._tuple: tuple[_T, ...] | None = () if previous is None else None

    def __len__(self) -> int:
        return self._size

    def append(self, item: _T) -> _Chain[_T]:
        """This chain and *item* after it."""
        return _Chain(self, item)

    def as_tuple(self) -> tuple[_T, ...]:
        """The items in order (built once per chain, from the nearest chain built before)."""
        built = self._tuple
        if built is not None:
            return built
        items: list[_T] = []
        node: _Chain[_T] = self
        while node._tuple is None:
            items.append(node._item)  # type: ignore[arg-type]  # set on every chain but EMPTY
            assert node._previous is not None
            node = node._previous
        items.reverse()
        built = node._tuple + tuple(items)
        self._tuple = built
        return built


_Chain.EMPTY = _Chain(None, None)


@final
class _FrozenMap(dict[Any, Any]):
    """A read-only ``dict`` that pickles and deep-copies (``MappingProxyType`` does neither)."""

    __slots__ = ()

    def _refuse(self, *_args: object, **_kwargs: object) -> None:
        raise TypeError("a Case's mappings are read-only")

    __setitem__ = __delitem__ = _refuse  # type: ignore[assignment, unused-ignore]
    clear = pop = popitem = setdefault = update = _refuse  # type: ignore[assignment, unused-ignore]
    __ior__ = _refuse  # type: ignore[assignment, unused-ignore]

    def __reduce__(self) -> tuple[Any, ...]:
        return (_FrozenMap, (dict(self),))

    def __deepcopy__(self, memo: dict[int, object]) -> _FrozenMap:
        return self  # immutable, and its keys and values are immutable values


_IS_OPENING: Final = instance_of(InvoiceOpened, accepted="an InvoiceOpened event")
_IS_STAGE: Final = instance_of(Stage, accepted="a Stage")
_IS_POLICY: Final = instance_of(Policy, accepted="a Policy such as french_default()")
_IS_CASE: Final = instance_of(Case, accepted="a Case, from Case.open(...) or replay(...)")


def require_policy(policy: object) -> Policy:
    """*policy*, or :class:`ArgumentTypeError` when it is not a :class:`Policy`."""
    return _IS_POLICY("policy", policy)


def require_cases(value: object, accepted: str = "machine.Case values") -> tuple[Case, ...]:
    """*value* as a tuple of cases; :class:`ArgumentTypeError` naming the item at fault."""
    if isinstance(value, Case):  # one case where many are expected: the usual mistake
        raise ArgumentTypeError("cases", value, f"an iterable of {accepted}")
    item = instance_of(Case, accepted=f"a machine.Case ({accepted})")
    return items_of("cases", value, item, accepted=f"an iterable of {accepted}")


def require_case(case: object, policy: object) -> None:
    """Raise :class:`ArgumentTypeError` unless *case* is a :class:`Case` and *policy* a ``Policy``."""
    _IS_CASE("case", case)
    require_policy(policy)


def formal_notice_deadline(delivered_on: date, policy: Policy) -> date:
    """
    The last day a formal notice delivered (or first presented) on *delivered_on* gives to pay.

    ``policy.formal_notice_deadline_days`` calendar days after the delivery, moved to the next
    business day when it ends on a Saturday, a Sunday or a public holiday (CPC 642,
    :func:`~dunning_core.calendar.extend_deadline`).  The letter states this date, and
    :func:`~dunning_core.machine.check` and the planner use the same one: a hand-over or a claim
    comes the day after it.

    >>> from dunning_core.policy import french_default
    >>> formal_notice_deadline(date(2025, 5, 16), french_default())  # 31 May is a Saturday
    datetime.date(2025, 6, 2)

    Raises:
        DateTypeError: *delivered_on* is not a ``datetime.date``.
        ArgumentTypeError: *policy* is not a :class:`~dunning_core.policy.Policy`.
    """
    return notice_deadline(to_date(delivered_on, name="delivered_on"), require_policy(policy))


def notice_deadline(delivered_on: date, policy: Policy) -> date:
    """:func:`formal_notice_deadline` on checked arguments (the planners' own calls)."""
    base = _deadline(delivered_on, policy.formal_notice_deadline_days)
    try:
        return extend_deadline(base, alsace_moselle=policy.alsace_moselle)
    except (InvalidDate, OverflowError):  # past the holiday tables: never reached in practice
        return base


def _months_later(day: date, months: int) -> date:
    """*months* after *day* (the same day of the month, or its last day), or 9999-12-31."""
    try:
        return add_months(day, months)
    except (InvalidDate, OverflowError):
        return date.max


def prescription_end(
    due_on: date,
    segment: DebtorSegment,
    acknowledged_on: date | None = None,
    *,
    interrupted_on: date | None = None,
) -> date:
    """
    The last day a claim due on *due_on* from a debtor of *segment* can be brought, the debtor
    having last acknowledged it on *acknowledged_on*, proceedings having interrupted it on
    *interrupted_on* (see :attr:`Case.prescribed_after`); one function for one case and for
    columns (evaluated once per distinct date).
    """
    if interrupted_on is not None:
        return date.max  # until the proceedings end (C. civ. 2242, C. com. L622-25-1)
    start = due_on if acknowledged_on is None else max(due_on, acknowledged_on)
    return _months_later(start, 24 if segment is DebtorSegment.CONSUMER else 60)


def _later(day: date, days: int) -> date:
    """*days* after *day*, or 9999-12-31 when that is past the last date."""
    if day > date.max - timedelta(days=days):
        return date.max
    return day + timedelta(days=days)


def _merged(spans: Iterable[tuple[date, date | None]]) -> list[tuple[date, date | None]]:
    """Spans sorted by their first day, overlapping ones merged (``None``: open-ended)."""
    merged: list[tuple[date, date | None]] = []
    for first, last in spans:
        if merged:
            head, tail = merged[-1]
            if tail is None or first <= _later(tail, 1):
                merged[-1] = (head, None if tail is None or last is None else max(tail, last))
                continue
        merged.append((first, last))
    return merged


def _deadline(delivered_on: date, days: int) -> date:
    """*days* after *delivered_on*; 9999-12-31 when that is past the last date (never reached)."""
    if delivered_on > date.max - timedelta(days=days):
        return date.max
    return delivered_on + timedelta(days=days)
