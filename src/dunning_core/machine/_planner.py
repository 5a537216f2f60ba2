"""
The planner: what is due on a given day (:func:`next_actions`) and when every remaining step would
come if nothing were paid (:func:`timeline`).

Planning is a pure function of the case, the policy and ``today``: no clock, no state.  The hot path
(:func:`next_actions`) reads only values the case and the policy derived when they were built, and
plain :mod:`datetime` arithmetic; penalty amounts are computed only when asked for
(:meth:`Action.amounts`).
"""

from __future__ import annotations

import functools
from datetime import date, timedelta
from decimal import Decimal
from typing import Final, final

import attrs

from dunning_core._i18n import DEFAULT_LOCALE
from dunning_core.calendar import add_business_days, to_date
from dunning_core.errors import InvalidDate, InvalidPayment
from dunning_core.interest import (
    Allocation,
    Payment,
    PenaltyBasis,
    PenaltyBreakdown,
    late_penalties,
)
from dunning_core.law import (
    CCP_R2192_36,
    CIV_1231_6,
    CIV_1343_1,
    CIV_1344,
    CIV_1344_1,
    CPCE_L111_8,
    L441_10,
    L622_7,
    L622_10,
    L622_24,
    L622_26,
    L622_28,
    L631_15,
    L641_3,
    PRACTICE,
    R622_24,
)
from dunning_core.machine import _schedule as rules
from dunning_core.machine._case import (
    DECLARATION_EXTRA_MONTHS,
    DECLARATION_MONTHS,
    RELIEF_MONTHS,
    Case,
    require_case,
)
from dunning_core.machine._events import (
    Agent,
    AlternativeResolutionStarted,
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
    PaymentReceived,
    Procedure,
    ProofRecorded,
    Resolution,
    SettlementAgreed,
    WrittenOff,
)
from dunning_core.machine._reasons import Missing, Reason
from dunning_core.machine._rules import (
    check,
    claim_checklist,
    claim_procedure,
    permitted,
    prescription_article,
)
from dunning_core.machine._schedule import SCALAR
from dunning_core.money import CONTEXT
from dunning_core.policy import (
    Backlog,
    Channel,
    DebtorSegment,
    PlanRow,
    Policy,
    Stage,
    Step,
    StepKind,
)
from dunning_core.rates import RateBook

__all__ = [
    "DECLARATION_EXTRA_MONTHS",
    "DECLARATION_MONTHS",
    "POSTAL_HOLDING_DAYS",
    "PRESCRIPTION_WARNING_DAYS",
    "RELIEF_MONTHS",
    "Action",
    "Amounts",
    "Reason",
    "allowed_events",
    "claim_amounts",
    "declared_amounts",
    "next_actions",
    "step_event",
    "timeline",
]

_DAY: Final = timedelta(days=1)
_ZERO: Final = Decimal(0)
_REMINDER: Final = StepKind.REMINDER
_NOTICE: Final = StepKind.FORMAL_NOTICE
_HAND_OVER: Final = StepKind.HAND_OVER
_CLAIM: Final = StepKind.CLAIM
_PENALTY: Final = StepKind.PENALTY_CLAIM
_DECLARATION: Final = StepKind.CLAIM_DECLARATION
_RELIEF: Final = StepKind.FORECLOSURE_RELIEF
_FN_RANK: Final = Stage.FORMAL_NOTICE.rank
_LIT_RANK: Final = Stage.LITIGATION.rank
_AMICABLE_RANK: Final = Stage.AMICABLE.rank


@final
@attrs.frozen
class Amounts:
    """
    What to claim on a day: the outstanding principal, the penalties and the indemnity.

    Attributes:
        as_of: the day the amounts are computed for.
        currency: ISO 4217 code.
        principal: what is left of the invoice amount.
        interest: late-payment interest (penalties, or legal interest for a consumer).
        indemnity: the flat recovery indemnity (40 €), or zero.
        total: ``principal + interest + indemnity``.
        basis: the penalty basis used.
        breakdown: the line-by-line :class:`~dunning_core.interest.PenaltyBreakdown`, or ``None``
            when no interest runs yet (a consumer before the *mise en demeure*).
        reasons: why the amounts are what they are, with their articles.

    >>> from dunning_core.policy import french_default
    >>> case = Case.open("F-1", "10000", date(2025, 3, 1), due_on=date(2025, 3, 31))
    >>> owed = claim_amounts(case, french_default(), date(2025, 4, 30))
    >>> owed.principal, owed.interest, owed.indemnity, owed.total
    (Decimal('10000'), Decimal('108.08'), Decimal('40.00'), Decimal('10148.08'))
    """

    as_of: date
    currency: str
    principal: Decimal
    interest: Decimal
    indemnity: Decimal
    total: Decimal
    basis: PenaltyBasis
    breakdown: PenaltyBreakdown | None = attrs.field(repr=False)  # short repr: the figures
    reasons: tuple[Reason, ...] = attrs.field(repr=False)

    @property
    def provisional(self) -> bool:
        """
        Whether the interest rests on a rate assumed, not published (see
        :meth:`~dunning_core.rates.RateBook.assuming_unchanged`): the amounts are provisional.
        """
        return self.breakdown is not None and self.breakdown.provisional


def claim_amounts(
    case: Case, policy: Policy, on: date, *, rates: RateBook | None = None
) -> Amounts:
    """
    The amounts to claim from *case*'s debtor on day *on*.

    * Businesses: penalties at the policy's basis from the day after the due date, plus the 40 €
      indemnity (C. com. L441-10, D441-5).
    * Public bodies: moratorium interest of the public procurement code (ECB + 8 points, CCP
      L2192-13, R2192-31) and 40 € (D2192-35).
    * Consumers: legal interest only from the *mise en demeure* (its delivery when recorded,
      else its sending; C. civ. 1231-6, 1344-1), no indemnity (CPCE L111-8).

    Payments and credit notes reduce the principal on their dates; interest already accrued stays
    owed (penalties are claims beside the invoice, never edits of it).

    Args:
        case: the case.
        policy: the policy (its ``basis``).
        on: the evaluation day.
        rates: a :class:`~dunning_core.rates.RateBook` (default: the shipped tables).

    Returns:
        :class:`Amounts`.

    Raises:
        RateUnavailable: *on* or a late day is outside the rate tables.

    >>> from dunning_core.policy import french_default
    >>> case = Case.open("F-1", "10000", date(2025, 3, 1), due_on=date(2025, 3, 31))
    >>> a = claim_amounts(case, french_default(), date(2025, 8, 15))
    >>> a.principal, a.interest, a.indemnity, a.total
    (Decimal('10000'), Decimal('480.97'), Decimal('40.00'), Decimal('10520.97'))
    """
    require_case(case, policy)
    return _claim_amounts(case, policy, to_date(on, name="on"), rates, declared=False)


def declared_amounts(
    case: Case, policy: Policy, on: date, *, rates: RateBook | None = None
) -> Amounts:
    """
    The claim to declare to the mandataire judiciaire, seen from day *on*: the claim on the day
    of the opening judgment (C. com. L622-25), interest stopped then (L622-28).

    Payments received before the judgment are deducted (L622-33: "sous déduction de cet
    acompte"); payments received after it are not: the debtor may not pay a claim born before
    the judgment (L622-7), so they come from a guarantor or a co-debtor, who is subrogated for
    what it paid, and the creditor declares the whole claim.  Credit notes, the creditor's own
    reductions of the claim, are deducted whatever their date.  Without a collective procedure
    this is :func:`claim_amounts`.

    Raises:
        RateUnavailable: the rate tables do not cover the days to compute.

    >>> from dunning_core.policy import french_default
    >>> from dunning_core.machine import CollectiveProcedure, CollectiveProcedureOpened, apply
    >>> policy = french_default()
    >>> case = Case.open("F-1", "10000", date(2025, 3, 1), due_on=date(2025, 3, 31))
    >>> case = apply(case, CollectiveProcedureOpened(date(2025, 6, 2),
    ...     CollectiveProcedure.REDRESSEMENT, date(2025, 6, 12)), policy)
    >>> case = apply(case, PaymentReceived(date(2025, 7, 1), "4000"), policy)  # a guarantor
    >>> declared_amounts(case, policy, date(2025, 7, 2)).total
    Decimal('10266.97')
    >>> claim_amounts(case, policy, date(2025, 7, 2)).total
    Decimal('6266.97')
    """
    require_case(case, policy)
    return _claim_amounts(case, policy, to_date(on, name="on"), rates, declared=True)


def _claim_amounts(
    case: Case, policy: Policy, day: date, rates: RateBook | None, *, declared: bool
) -> Amounts:
    segment = case.segment
    opened = case.insolvency
    paid_until = opened.on if declared and opened is not None else day
    reductions = [
        Payment(on=p.on, amount=p.amount) for p in case.payments if p.on <= min(day, paid_until)
    ]
    reductions.extend(Payment(on=c.on, amount=c.amount) for c in case.credit_notes if c.on <= day)
    reductions.sort(key=lambda payment: payment.on)
    stopped = opened is not None and opened.on < day
    until = day
    if opened is not None and stopped:
        # Interest stops at the opening judgment (L622-28): later sums count on that day.
        until = opened.on
        reductions = [Payment(on=min(r.on, until), amount=r.amount) for r in reductions]
    principal = case.amount  # as of *day*: later payments and credit notes are not yet known
    for reduction in reductions:
        principal = CONTEXT.subtract(principal, reduction.amount)
    principal = max(principal, _ZERO)
    reasons: list[Reason] = []
    basis = segment.penalty_basis(policy.basis)  # the one rule: DebtorSegment.penalty_basis
    consumer = segment is DebtorSegment.CONSUMER
    if consumer:
        start = _consumer_start(case)
        reasons.append(Reason("consumer_interest", CIV_1231_6))
        reasons.append(Reason("consumer_costs", CPCE_L111_8))
        if start is None or until <= start:
            return Amounts(
                day, case.currency, principal, _ZERO, _ZERO, principal, basis, None, tuple(reasons)
            )
        reasons.append(Reason("legal_interest_from", CIV_1344_1, (("start", start),)))
    else:
        start = case.due_on
    if stopped:
        reasons.append(Reason("interest_stops", L622_28, (("on", until),)))
        if until <= start:  # opened before the due date: nothing is late yet
            return Amounts(
                day, case.currency, principal, _ZERO, _ZERO, principal, basis, None, tuple(reasons)
            )
    breakdown, excess = _penalties(case, start, until, basis, reductions, policy, rates)
    reasons.extend(
        Reason("per_article", article, (("article", article),)) for article in breakdown.articles
    )
    if reductions:
        reasons.append(
            Reason("interest_first", CIV_1343_1)
            if policy.allocation is Allocation.INTEREST_FIRST
            else Reason("principal_first", PRACTICE)
        )
    principal = breakdown.principal_outstanding
    interest = CONTEXT.subtract(breakdown.interest, breakdown.interest_paid)
    indemnity = max(_ZERO, CONTEXT.subtract(breakdown.indemnity, excess))
    total = CONTEXT.add(CONTEXT.add(principal, interest), indemnity)
    return Amounts(
        day,
        case.currency,
        principal,
        interest,
        indemnity,
        total,
        basis,
        breakdown,
        tuple(reasons),
    )


def _penalties(
    case: Case,
    start: date,
    day: date,
    basis: PenaltyBasis,
    reductions: list[Payment],
    policy: Policy,
    rates: RateBook | None,
) -> tuple[PenaltyBreakdown, Decimal]:
    """
    The breakdown on *day*, and the part of the payments beyond principal and interest (it
    pays the recovery indemnity): one allocation rule for every figure (C. civ. 1343-1).
    """
    pays = list(reductions)
    excess = _ZERO

    def run(payments: list[Payment], until: date) -> PenaltyBreakdown:
        return late_penalties(
            case.amount,
            start,
            until,
            basis=basis,
            payments=payments,
            allocation=policy.allocation,
            debtor_is_consumer=case.segment is DebtorSegment.CONSUMER,
            currency=case.currency,
            indemnity_in_currency=case.opening.indemnity_in_currency,
            rates=rates,
        )

    for _ in range(len(pays) + 1):
        try:
            return run(pays, day), excess
        except InvalidPayment as error:
            bad = error.payment
            if not isinstance(bad, Payment) or bad not in pays:
                raise
            # The payment itself, not the first one equal to it: two equal payments on one day
            # (the principal, then the indemnity) are two payments.
            index = next((i for i, pay in enumerate(pays) if pay is bad), pays.index(bad))
            before = run(pays[:index], bad.on)
            owed = CONTEXT.add(
                before.principal_outstanding,
                CONTEXT.subtract(before.interest, before.interest_paid),
            )
            fit = min(bad.amount, owed)
            excess = CONTEXT.add(excess, CONTEXT.subtract(bad.amount, fit))
            pays[index : index + 1] = [Payment(on=bad.on, amount=fit)] if fit > 0 else []
    raise AssertionError("unreachable: each pass settles one payment")  # pragma: no cover


def _consumer_start(case: Case) -> date | None:
    delivery = case.delivery
    if delivery is not None and delivery.outcome is not Delivery.REFUSED:
        return delivery.on
    notice = case.formal_notice
    return None if notice is None else notice.on


@final
@attrs.frozen
class Action:
    """
    A step that is due: what to do, how, since when, and why.

    Attributes:
        reference: the invoice reference of the case.
        step: the policy :class:`~dunning_core.policy.Step`.
        stage: the step's stage.
        channel: how to contact the debtor (``None`` for a hand-over or a claim).
        due_on: the day the step became due (the latest of its own date, the end of a pause, the
            minimum gap after the last contact and, for a hand-over or a claim, the end of the
            formal notice's deadline).
        as_of: the day it was planned for (``today`` for :func:`next_actions`).
        notes: reasons beyond the step itself (a pause that ended, a gap, skipped steps...).
        missing: what must be done before the step can be recorded (a claim's checklist, the
            delivery of the formal notice), as :class:`~dunning_core.machine.Missing` values.
        blocked: the step cannot be recorded yet (:attr:`missing` says why);
            :func:`next_actions` reports it once, on :attr:`due_on`, not every day after.
        deadline: the last day to do it, when the law sets one (the declaration of the claim:
            2 months after the BODACC publication, 4 for a creditor outside metropolitan France,
            C. com. R622-24; the request for relief from foreclosure: 6 months after it,
            L622-26), else ``None``.

    >>> from dunning_core.policy import french_default
    >>> case = Case.open("F-1", "10000", date(2025, 3, 1), due_on=date(2025, 3, 31))
    >>> (action,) = next_actions(case, french_default(), date(2025, 4, 7))
    >>> action.step.name, action.channel.value, action.due_on
    ('reminder_email_1', 'email', datetime.date(2025, 4, 5))
    >>> print(action.reasons[0])
    étape « reminder_email_1 » (relance amiable, e-mail), 5 jours après l'échéance du 31 mars 2025 (pratique)
    >>> action.reasons[0].code, action.reasons[0].text(locale="en_GB")
    ('step', "step 'reminder_email_1' (amicable dunning, email), 5 days after the due date 31 March 2025")
    >>> action
    Action('F-1', 'reminder_email_1', due_on=datetime.date(2025, 4, 5), as_of=datetime.date(2025, 4, 7))
    >>> action.amounts().interest
    Decimal('25.22')
    """

    reference: str
    step: Step
    stage: Stage
    channel: Channel | None
    due_on: date
    as_of: date
    notes: tuple[Reason, ...] = ()
    missing: tuple[Missing, ...] = ()
    blocked: bool = False
    deadline: date | None = None
    _case: Case = attrs.field(default=None, eq=False, repr=False, kw_only=True)
    _policy: Policy = attrs.field(default=None, eq=False, repr=False, kw_only=True)

    @property
    def kind(self) -> StepKind:
        """What the step asks for."""
        return self.step.kind

    def to_event(
        self,
        on: date,
        *,
        agent: Agent = Agent.AGENCY,
        procedure: Procedure | None = None,
    ) -> Event:
        """
        The event that records this action done *on* a day, for :func:`~dunning_core.machine.apply`.

        A reminder is a :class:`ContactMade`, a formal notice a :class:`FormalNoticeSent` (both
        naming the step), a hand-over a :class:`HandedOver` to *agent*, a claim a
        :class:`ClaimFiled` with *procedure* (default: the procedure for the debtor, see
        :func:`~dunning_core.machine.claim_procedure`), the declaration of the claim a
        :class:`ClaimDeclared`, the request for relief from foreclosure a
        :class:`ForeclosureReliefRequested`.

        >>> from dunning_core.policy import french_default
        >>> case = Case.open("F-1", "10000", date(2025, 3, 1), due_on=date(2025, 3, 31))
        >>> (action,) = next_actions(case, french_default(), date(2025, 4, 7))
        >>> action.to_event(date(2025, 4, 7))
        ContactMade(on=datetime.date(2025, 4, 7), channel=<Channel.EMAIL: 'email'>, \
step='reminder_email_1')
        """
        return step_event(
            self.step, self.channel, to_date(on, name="on"), self._case, agent, procedure
        )

    @property
    def case(self) -> Case:
        """The case the action was planned for (not part of equality)."""
        return self._case

    @property
    def policy(self) -> Policy:
        """The policy the action was planned under (not part of equality)."""
        return self._policy

    @property
    def reasons(self) -> tuple[Reason, ...]:
        """Why the action is due: the step of the policy first, then the notes."""
        step = self.step
        if step.kind is _DECLARATION or step.kind is _RELIEF:  # not policy steps: notes say why
            return self.notes
        case, policy = self._case, self._policy
        params: tuple[tuple[str, object], ...] = (
            ("step", step.name),
            ("stage", step.stage),
            ("how", step.channel if step.channel is not None else step.kind),
            ("offset", step.offset),
            ("business_days", step.business_days),
            ("due_on", case.due_on if case is not None else None),
        )
        after_notice = step.kind is _HAND_OVER or step.kind is _CLAIM
        if after_notice and case is not None and policy is not None:
            deadline = case.notice_deadline(policy)
            if deadline is not None:  # counted from the notice's deadline (_due_on), not due
                extra = max(0, step.offset - _first_after_notice(policy.plan_table(case.segment)))
                params = (*params[:3], ("deadline", deadline), ("after_deadline", 1 + extra))
        elif step.kind is _PENALTY and case is not None:
            cleared = _cleared_on(case)
            if cleared is not None and step.offset >= 0:  # from the payment (penalty_claim_day)
                params = (*params[:3], ("cleared", cleared), ("after_payment", step.offset))
        return (Reason("step", step.article, params), *self.notes)

    def amounts(self, *, rates: RateBook | None = None) -> Amounts:
        """
        The amounts to claim on :attr:`as_of` (computed on demand; see :func:`claim_amounts`),
        for a declaration of claim the claim on the day of the opening judgment
        (:func:`declared_amounts`).

        Raises:
            RateUnavailable: the rate tables do not cover the days to compute.
        """
        if self.step.kind in (_DECLARATION, _RELIEF):  # the claim on the day of the judgment
            return declared_amounts(self._case, self._policy, self.as_of, rates=rates)
        return claim_amounts(self._case, self._policy, self.as_of, rates=rates)

    def __repr__(self) -> str:
        extra = ", blocked=True" if self.blocked else ""
        return (
            f"Action({self.reference!r}, {self.step.name!r}, due_on={self.due_on!r}, "
            f"as_of={self.as_of!r}{extra})"
        )

    def text(self, *, locale: str = DEFAULT_LOCALE) -> str:
        """
        The action for people in *locale* (``fr_FR`` by default): what to do and since when,
        why, what it still lacks (``str()`` is the French one).
        """
        from dunning_core.display import _machine  # the display layer sits above the machine

        return _machine.action_text(self, locale=locale)

    def __str__(self) -> str:
        return self.text()

    def to_html(self, *, locale: str = DEFAULT_LOCALE) -> str:
        """The action and its reasons as an HTML table in *locale* (``_repr_html_``: French)."""
        from dunning_core.display import _machine

        return _machine.action_html(self, locale=locale)

    def _repr_html_(self) -> str:
        return self.to_html()


@functools.lru_cache(maxsize=4096)
def _business_date(due_on: date, offset: int, alsace_moselle: bool) -> date:
    return add_business_days(due_on, offset, alsace_moselle=alsace_moselle)


def _plan(case: Case, policy: Policy, today: date, *, due_only: bool = False) -> Action | None:
    """
    The next step of *case* and the day it becomes due, seen from *today* (not filtered; with
    *due_only*, ``None`` instead of a policy step that is not due yet: no action is built).
    """
    limit = case.prescribed_after
    if today > limit:
        return None  # time-barred: nothing more is planned (C. com. L110-4, C. conso. L218-2)
    try:
        action = _next_step(case, policy, today, due_only)
    except OverflowError:  # the step would fall after 9999-12-31: it never becomes due
        return None
    if action is None or action.due_on > limit:
        return None
    if (limit - max(action.due_on, today)).days <= PRESCRIPTION_WARNING_DAYS:
        warning = Reason("prescription_warning", prescription_article(case), (("limit", limit),))
        action = attrs.evolve(action, notes=(*action.notes, warning))
    return action


PRESCRIPTION_WARNING_DAYS: Final = 90
"""How many days before the time limit every planned action warns of it."""


def step_event(
    step: Step,
    channel: Channel | None,
    on: date,
    case: Case | None = None,
    agent: Agent = Agent.AGENCY,
    procedure: Procedure | None = None,
) -> Event:
    """
    The event that records *step* done *on* a day (see :meth:`Action.to_event`).

    >>> from dunning_core.policy import french_default
    >>> step_event(french_default().step("hand_over"), None, date(2025, 6, 3))
    HandedOver(on=datetime.date(2025, 6, 3), to=<Agent.AGENCY: 'agency'>)
    """
    kind = step.kind
    if kind is _DECLARATION:
        return ClaimDeclared(on)
    if kind is _RELIEF:
        return ForeclosureReliefRequested(on)
    if kind is _REMINDER or kind is _PENALTY:
        assert channel is not None
        return ContactMade(on, channel, step.name)
    if kind is _NOTICE:
        return FormalNoticeSent(on, channel or Channel.REGISTERED_LETTER, step.name)
    if kind is _HAND_OVER:
        return HandedOver(on, agent)
    if procedure is None:
        procedure = (
            claim_procedure(case.segment) if case is not None else Procedure.INJONCTION_DE_PAYER
        )
    return ClaimFiled(on, procedure)


def allowed_events(case: Case, policy: Policy, on: date) -> tuple[Event, ...]:
    """
    The events :func:`~dunning_core.machine.check` accepts for *case* on day *on*.

    The candidates are the event of each policy step that applies to the debtor, an ad-hoc
    contact by each channel, a formal notice by each registered channel, each outcome of the
    formal notice, a dispute opened or resolved, a hand-over to each agent, a claim by each
    procedure, a proof, an alternative resolution by each method, a settlement, a write-off, the
    declaration of the claim and the request for relief from foreclosure, a payment and a credit
    note of the balance.  Amounts and dates chosen by the host (a partial
    payment, a promise, a payment plan) are not enumerated: ask :func:`check` about them.  The
    rules are the table's, so hosts, letters and strategies see the same decision.

    Raises:
        ArgumentTypeError: *case* is not a ``Case`` or *policy* not a ``Policy``.
        DateTypeError: *on* is not a ``date``.

    >>> from dunning_core.policy import french_default
    >>> case = Case.open("F-1", "10000", date(2025, 3, 1), due_on=date(2025, 3, 31))
    >>> [e.step for e in allowed_events(case, french_default(), date(2025, 4, 5))
    ...  if isinstance(e, ContactMade) and e.step][:3]
    ['reminder_email_1', 'reminder_call_1', 'reminder_letter_1']
    >>> ClaimFiled(date(2025, 4, 5)) in allowed_events(case, french_default(), date(2025, 4, 5))
    False
    """
    require_case(case, policy)
    day = to_date(on, name="on")
    candidates: list[Event] = []
    for step in policy.steps:
        try:
            candidates.append(step_event(step, step.channel, day, case))
        except AssertionError:  # pragma: no cover - a reminder step always has a channel
            continue
    candidates.extend(ContactMade(day, channel) for channel in Channel)
    candidates.extend(FormalNoticeSent(day, channel) for channel in Channel if channel.registered)
    candidates.extend(FormalNoticeDelivered(day, outcome) for outcome in Delivery)
    candidates.extend((DisputeOpened(day), DisputeResolved(day), ProofRecorded(day)))
    candidates.extend(HandedOver(day, agent) for agent in Agent)
    candidates.extend(ClaimFiled(day, procedure) for procedure in Procedure)
    candidates.extend(AlternativeResolutionStarted(day, method) for method in Resolution)
    candidates.extend((SettlementAgreed(day), WrittenOff(day), ClaimDeclared(day)))
    candidates.append(ForeclosureReliefRequested(day))
    if case.balance > 0:
        candidates.append(PaymentReceived(day, case.balance))
        candidates.append(CreditNoteIssued(day, case.balance))
    seen: set[Event] = set()
    allowed: list[Event] = []
    for event in candidates:
        if event not in seen and permitted(case, event, policy).allowed:
            seen.add(event)
            allowed.append(event)
    return tuple(allowed)


def _next_step(case: Case, policy: Policy, today: date, due_only: bool = False) -> Action | None:
    stage = case.stage
    if stage.terminal:
        return None
    if case.insolvency is not None:
        return _declare_claim(case, policy, today, case.insolvency)
    if case.dispute is not None or case.paused(today, policy.plan_grace_days):
        return None
    if case.balance <= 0:  # the principal is paid and the case still open: penalties are owed
        return _claim_penalties(case, policy, today)
    effective_rank_ = rules.effective_rank(SCALAR, stage.rank, today, case.due_on)
    effective = Stage.AMICABLE if effective_rank_ != stage.rank else stage
    segment = case.segment
    notice = case.formal_notice
    delivery = case.delivery
    if notice is not None and delivery is not None and delivery.outcome is Delivery.REFUSED:
        return _reserve(case, policy, today, notice, delivery, effective)
    rows = policy.plan_table(segment)
    start = 0
    for name in case.steps_done:
        position = policy.position(segment, name) + 1
        if position > start:
            start = position
    amount = case.amount
    jump = policy.backlog is Backlog.JUMP_TO_LATEST
    chosen: tuple[Step, date, tuple[Reason, ...]] | None = None
    skipped: list[str] = []
    passed: list[Reason] = []
    amicable_end: date | None = None
    ended_known = False
    for index in range(start, len(rows)):
        step, rank, kind, channel, limit, delta, min_amount = rows[index]
        if amount < min_amount:
            continue
        if kind is _REMINDER:
            if rank < effective_rank_:
                continue
            if (
                limit is not None
                and channel
                and rules.capped(case.contacts_counted(step.stage, channel, policy), limit)
            ):
                passed.append(Reason("cap_skipped", PRACTICE, (("step", step.name),)))
                continue
        elif kind is _NOTICE:
            if notice is not None:
                continue
        elif kind is _HAND_OVER:
            if case.handed_over is not None or effective_rank_ >= _LIT_RANK:
                continue
        elif kind is _PENALTY:
            continue  # only once the principal is paid (see _claim_penalties)
        elif case.claim is not None:
            continue
        if (kind is _HAND_OVER or kind is _CLAIM) and case.notice_deadline(policy) is None:
            if notice is not None and delivery is None:
                return _awaiting_delivery(case, policy, today, step, notice)
            break  # no formal notice: nothing after it can be planned
        if not ended_known and (kind is _NOTICE or rank == _AMICABLE_RANK):
            amicable_end = case.amicable_end(policy)
            ended_known = True
        on, notes = _due_on(case, policy, step, delta, today, rows, amicable_end)
        if (
            rank == _AMICABLE_RANK
            and kind is _REMINDER
            and amicable_end is not None
            and rules.amicable_over(SCALAR, on, today, amicable_end)
        ):
            passed.append(
                Reason(
                    "amicable_skipped",
                    PRACTICE,
                    (
                        ("step", step.name),
                        ("end", amicable_end),
                        ("days", policy.max_amicable_days),
                    ),
                )
            )
            continue
        if step.stage is Stage.PREVENTIVE and rules.preventive_over(SCALAR, on, today, case.due_on):
            continue  # the gap pushed it past the due date: the preventive phase is over
        if not jump:
            chosen = (step, on, notes)
            break
        if on > today:
            if chosen is None:
                chosen = (step, on, notes)
            break
        if chosen is not None:
            skipped.append(chosen[0].name)
        chosen = (step, on, notes)
        if kind is not _REMINDER:
            break  # never jump over the formal notice, a hand-over or a claim
    if chosen is None:
        return None
    step, on, notes = chosen
    if due_only and on > today:
        return None  # not due: next_actions would drop it (blocked or not, see _blocked_from)
    if passed:
        notes = (*passed, *notes)
    if skipped:
        notes = (
            *notes,
            Reason("jumped", PRACTICE, (("skipped", tuple(skipped)),)),
        )
    missing: tuple[Missing, ...] = ()
    if step.kind is _CLAIM:
        procedure = claim_procedure(segment)
        missing = tuple(
            item
            for item in claim_checklist(case, max(on, today), policy, procedure)
            if item.code != "notice_deadline"
        )
    action = Action(
        case.reference,
        step,
        step.stage,
        step.channel,
        on,
        today,
        notes,
        missing,
        bool(missing),
        case=case,
        policy=policy,
    )
    if missing:
        return _blocked_from(action, case)
    return action


def _declare_claim(
    case: Case, policy: Policy, today: date, opened: CollectiveProcedureOpened
) -> Action | None:
    """
    After the opening judgment, the one thing left: declare the claim to the mandataire
    judiciaire within 2 months of the BODACC publication, 4 for a creditor outside metropolitan
    France (C. com. L622-24, R622-24); once that deadline has passed with no declaration, ask
    the juge-commissaire for relief from foreclosure within 6 months of the publication
    (L622-26); after that, nothing.
    """
    deadline = case.declaration_deadline(policy)
    assert deadline is not None  # a collective procedure is opened
    declared = case.declared
    if declared is not None and declared.on <= deadline:
        return None  # the case waits for the procedure: a payment or a write-off closes it
    if declared is None and today <= deadline:
        return _declaration(case, policy, today, opened, deadline)
    return _relief(case, policy, today, opened, deadline)


def _declaration(
    case: Case, policy: Policy, today: date, opened: CollectiveProcedureOpened, deadline: date
) -> Action:
    step = Step(
        "claim_declaration",
        case.stage,
        None,  # sent to the mandataire, not a contact with the debtor (no cap counts it)
        0,
        kind=_DECLARATION,
        article=L622_24,
    )
    abroad = policy.creditor_outside_metropolitan_france
    months = DECLARATION_MONTHS + (DECLARATION_EXTRA_MONTHS if abroad else 0)
    notes: tuple[Reason, ...] = (
        Reason("declare_claim", L622_24, (("procedure", opened.procedure), ("on", opened.on))),
        Reason(
            "declaration_deadline_abroad" if abroad else "declaration_deadline",
            R622_24,
            (
                ("deadline", deadline),
                ("published_on", opened.published_on),
                *((("months", months), ("extra", DECLARATION_EXTRA_MONTHS)) if abroad else ()),
            ),
        ),
    )
    return _procedure_action(case, policy, today, opened, step, notes, deadline)


def _relief(
    case: Case, policy: Policy, today: date, opened: CollectiveProcedureOpened, deadline: date
) -> Action | None:
    """The request for relief from foreclosure, once the declaration's deadline has passed."""
    if case.relief_requested is not None:
        return None  # the juge-commissaire decides; relieved, the host records ClaimDeclared
    limit = case.relief_deadline()
    assert limit is not None  # a collective procedure is opened
    if today > limit:
        return None  # L622-26: the action for relief is barred; the claim stays out
    step = Step(
        "foreclosure_relief",
        case.stage,
        None,  # a request to the juge-commissaire, not a contact with the debtor
        0,
        kind=_RELIEF,
        article=L622_26,
    )
    declared = case.declared
    late = (
        Reason("declared_late", L622_26, (("on", declared.on), ("deadline", deadline)))
        if declared is not None
        else Reason("not_declared", L622_26, (("deadline", deadline),))
    )
    notes: tuple[Reason, ...] = (
        late,
        Reason(
            "relief_deadline",
            L622_26,
            (("limit", limit), ("published_on", opened.published_on)),
        ),
    )
    due = deadline + _DAY if deadline < date.max else deadline
    return _procedure_action(case, policy, today, opened, step, notes, limit, due)


def _procedure_action(
    case: Case,
    policy: Policy,
    today: date,
    opened: CollectiveProcedureOpened,
    step: Step,
    notes: tuple[Reason, ...],
    deadline: date,
    due: date | None = None,
) -> Action:
    """An action of the collective procedure, with the notes every such action carries."""
    if len(case.judgments) > 1:
        notes = (*notes, _conversion_note(case))
    if case.procedure is CollectiveProcedure.LIQUIDATION:
        notes = (*notes, Reason("declare_to_liquidateur", L641_3))
    since = [payment for payment in case.payments if payment.on > opened.on]
    if since:
        notes = (
            *notes,
            Reason("payments_after_judgment", L622_7, (("count", len(since)),)),
        )
    on = max(opened.on, case.last_on) if due is None else max(due, case.last_on)
    return Action(
        case.reference,
        step,
        case.stage,
        None,
        on,
        today,
        notes,
        deadline=deadline,
        case=case,
        policy=policy,
    )


def _conversion_note(case: Case) -> Reason:
    """Why a conversion of the procedure changes neither the declaration nor its deadline."""
    first, previous, last = case.judgments[0], case.judgments[-2], case.judgments[-1]
    article = L631_15 if previous.procedure is CollectiveProcedure.REDRESSEMENT else L622_10
    params = (
        ("procedure", previous.procedure),
        ("into", last.procedure),
        ("on", last.on),
        ("published_on", first.published_on),
    )
    return Reason("procedure_converted", article, params)


PUBLIC_INTEREST_DAYS: Final = 45
"""
The days a public buyer has to pay the moratorium interest and the indemnity once it has paid
the principal (CCP R2192-36); the penalty claim waits for them.
"""


def _cleared_on(case: Case) -> date | None:
    """The day of the case's last payment or credit note (``None`` without either)."""
    days = [payment.on for payment in case.payments]
    days.extend(note.on for note in case.credit_notes)
    return max(days, default=None)


def _claim_penalties(case: Case, policy: Policy, today: date) -> Action | None:
    """The policy's penalty-claim step, once a late principal is paid and penalties remain."""
    step = next((s for s in policy.schedule(case.segment, case.amount) if s.kind is _PENALTY), None)
    if step is None or step.name in case.steps_done:
        return None
    cleared = _cleared_on(case)
    assert cleared is not None  # the principal is paid: by a payment or a credit note
    notes = [Reason("penalties_owed", L441_10, (("cleared", cleared),))]
    try:
        public = case.segment.penalty_basis(policy.basis) == PenaltyBasis.PUBLIC_PROCUREMENT
        # A public buyer pays the moratorium interest and the indemnity within 45 days of paying
        # the principal (CCP R2192-36): they are claimed once that term has run.
        term = PUBLIC_INTEREST_DAYS if public else None
        on = rules.penalty_claim_day(SCALAR, cleared, step.offset, term)
        if term is not None and on != cleared + timedelta(days=step.offset):
            params = (("cleared", cleared), ("until", cleared + timedelta(days=term)))
            notes.append(Reason("public_interest_term", CCP_R2192_36, params))
    except OverflowError:
        return None
    return Action(
        case.reference,
        step,
        step.stage,
        step.channel,
        on,
        today,
        tuple(notes),
        case=case,
        policy=policy,
    )


def _blocked_from(action: Action, case: Case) -> Action:
    """A blocked action is due once: on its own date, or on the case's last change after it."""
    return attrs.evolve(action, due_on=max(action.due_on, case.last_on), blocked=True)


def _confirmed(action: Action, case: Case, policy: Policy, today: date) -> Action:
    """The action, once :func:`check` accepts the event it would record today (else blocked)."""
    verdict = permitted(case, action.to_event(today), policy)
    if verdict.allowed:
        return action
    note = Reason("not_recordable", verdict.article or PRACTICE, (("why", verdict.why),))
    return _blocked_from(
        attrs.evolve(action, notes=(*action.notes, note), missing=verdict.missing), case
    )


POSTAL_HOLDING_DAYS: Final = 15
"""How long La Poste holds a registered letter nobody collects (*instance*), in days."""


def _awaiting_delivery(
    case: Case, policy: Policy, today: date, step: Step, notice: FormalNoticeSent
) -> Action:
    """The next step after a formal notice whose delivery is not recorded: blocked, with a note."""
    try:
        on = notice.on + timedelta(days=POSTAL_HOLDING_DAYS)
    except OverflowError:
        on = date.max
    note = Reason(
        "await_delivery", CIV_1344, (("sent_on", notice.on), ("days", POSTAL_HOLDING_DAYS))
    )
    missing = (Missing("notice_delivery", CIV_1344, (("sent_on", notice.on),)),)
    action = Action(
        case.reference,
        step,
        step.stage,
        step.channel,
        on,
        today,
        (note,),
        missing,
        True,
        case=case,
        policy=policy,
    )
    return _blocked_from(action, case)


def _due_on(
    case: Case,
    policy: Policy,
    step: Step,
    delta: timedelta | None,
    today: date,
    rows: tuple[PlanRow, ...],
    amicable_end: date | None,
) -> tuple[date, tuple[Reason, ...]]:
    """The day *step* becomes due and why (the rules of :mod:`._schedule`, on one case)."""
    kind = step.kind
    notes: tuple[Reason, ...] = ()
    if kind is _HAND_OVER or kind is _CLAIM:
        deadline = case.notice_deadline(policy)
        assert deadline is not None  # checked by the caller
        extra = max(0, step.offset - _first_after_notice(rows))
        on = rules.after_notice_deadline(SCALAR, deadline, extra)
        notes = (
            Reason("notice_deadline_ran_then", CIV_1344, (("deadline", deadline), ("extra", extra)))
            if extra
            else Reason("notice_deadline_ran", CIV_1344, (("deadline", deadline),)),
        )
    else:
        if delta is None:
            on = _business_date(case.due_on, step.offset, policy.alsace_moselle)
        else:
            on = case.due_on + delta
        on = rules.step_day(SCALAR, on, case.due_on, step.stage is Stage.PREVENTIVE)
        if kind is _NOTICE and amicable_end is not None:
            by_end = rules.notice_by_amicable_end(SCALAR, on, amicable_end)
            if by_end != on:
                on = by_end
                notes = (
                    Reason(
                        "amicable_ended",
                        PRACTICE,
                        (("end", amicable_end), ("days", policy.max_amicable_days)),
                    ),
                )
        last_contact = case.last_contact_on
        if step.channel is not None and last_contact is not None:
            gap_days_ = rules.gap_days(policy)
            gap = rules.after_gap(SCALAR, on, last_contact, gap_days_)
            if gap != on:
                on = gap
                notes = (
                    *notes,
                    Reason("min_gap", PRACTICE, (("days", gap_days_), ("last", last_contact))),
                )
    pause_end = case.pause_end(today, policy.plan_grace_days)
    if pause_end is not None:
        resumed = rules.after_pause(SCALAR, on, pause_end)
        if resumed != on:
            on = resumed
            notes = (*notes, Reason("pause_ended", PRACTICE, (("on", pause_end),)))
    return on, notes


def _first_after_notice(rows: tuple[PlanRow, ...]) -> int:
    """The offset of the first hand-over or claim of a schedule (steps after it count from it)."""
    for row in rows:
        if row.kind is _HAND_OVER or row.kind is _CLAIM:
            return row.step.offset
    return 0


def _reserve(
    case: Case,
    policy: Policy,
    today: date,
    notice: FormalNoticeSent,
    delivery: FormalNoticeDelivered,
    effective: Stage,
) -> Action | None:
    """A refused formal notice is served again (the same step, or the segment's notice step)."""
    step: Step | None = None
    if notice.step is not None and policy.has_step(notice.step):
        step = policy.step(notice.step)
    else:
        for candidate in policy.schedule(case.segment, case.amount):
            if candidate.kind is _NOTICE:
                step = candidate
                break
    if step is None or not step.applies_to(case.segment, case.amount):
        return None  # an ad-hoc notice the policy has no step for: serving it again is the app's
    channel = notice.channel
    counted = effective if effective.rank >= _FN_RANK else Stage.FORMAL_NOTICE
    limit = policy.cap(counted, channel)
    if limit is not None and case.contacts_counted(counted, channel, policy) >= limit:
        return None
    notes = [Reason("serve_again", CIV_1344, (("sent_on", notice.on), ("on", delivery.on)))]
    on = delivery.on + _DAY
    last_contact = case.last_contact_on
    if last_contact is not None:
        on = rules.after_gap(SCALAR, on, last_contact, rules.gap_days(policy))
    pause_end = case.pause_end(today, policy.plan_grace_days)
    if pause_end is not None:
        on = rules.after_pause(SCALAR, on, pause_end)
    return Action(
        case.reference,
        step,
        step.stage,
        channel,
        on,
        today,
        tuple(notes),
        case=case,
        policy=policy,
    )


def next_actions(case: Case, policy: Policy, today: date) -> tuple[Action, ...]:
    """
    What is due on *today* for *case* under *policy*: at most one action.

    Nothing is planned for a closed case, while a dispute is open, or while a promise to pay or a
    payment plan on track pauses escalation.  Otherwise the next step of the policy (after the
    furthest step recorded) is due at the latest of its own date, the end of the last pause, the
    policy's minimum gap after the last contact (at least one day: one contact per case per day)
    and, for a hand-over or a claim, the day after the formal notice's deadline.  Steps come in
    order, none skipped, except:

    * a reminder of a stage the case has left, a step whose cap is used up, a step for larger
      invoices, an amicable reminder that would fall after the amicable phase's end
      (``max_amicable_days``);
    * with ``Backlog.JUMP_TO_LATEST``, the latest overdue reminder is chosen (never beyond the
      formal notice).

    A refused formal notice is served again.  A claim lists in :attr:`Action.missing` what its
    checklist still lacks.

    Args:
        case: the case.
        policy: the policy.
        today: the day to plan for.

    Returns:
        A tuple of zero or one :class:`Action`.

    Raises:
        DateTypeError: *today* is not a ``date``.
        InvalidDate: *today* is before the case's last event.

    >>> from dunning_core.policy import french_default
    >>> case = Case.open("F-1", "10000", date(2025, 3, 1), due_on=date(2025, 3, 31))
    >>> [a.step.name for a in next_actions(case, french_default(), date(2025, 3, 26))]
    ['pre_reminder']
    >>> next_actions(case, french_default(), date(2025, 3, 25))
    ()
    """
    require_case(case, policy)
    if type(today) is not date:
        today = to_date(today, name="today")
    if today < case.last_on:
        raise InvalidDate(
            today, f"plan on or after the case's last event ({case.last_on}), not before it"
        )
    action = _plan(case, policy, today, due_only=True)
    if action is None or action.due_on > today:
        return ()
    if not action.blocked:
        action = _confirmed(action, case, policy, today)
    if action.blocked and action.due_on != today:
        return ()  # reported once, on the day it became due (or the case last changed)
    return (action,)


def timeline(case: Case, policy: Policy) -> tuple[Action, ...]:
    """
    The planned date of every remaining step if nothing is paid and every step is done on time.

    Each step is assumed recorded on its planned day, a formal notice received the day it is
    sent, a promise broken and a payment plan missed at their first due day.  An open dispute
    freezes everything: the timeline is empty until it is resolved.

    Args:
        case: the case.
        policy: the policy.

    Returns:
        The :class:`Action` values, in order, each with its planned :attr:`Action.due_on`.

    >>> from dunning_core.policy import french_default
    >>> case = Case.open("F-1", "10000", date(2025, 3, 1), due_on=date(2025, 3, 31))
    >>> [(a.step.name, str(a.due_on)) for a in timeline(case, french_default())][-3:]
    [('formal_notice', '2025-05-15'), ('hand_over', '2025-05-31'), ('court_claim', '2025-06-15')]
    """
    require_case(case, policy)
    if case.stage.terminal or case.dispute is not None:
        return ()
    planned: list[Action] = []
    today = case.last_on
    current = case
    grace = policy.plan_grace_days
    for _ in range(4 * len(policy.steps) + 4):
        if current.paused(today, grace):
            try:
                today = _pause_over(current, today, grace)
            except OverflowError:  # paused until 9999-12-31: nothing more can be planned
                break
            continue
        action = _plan(current, policy, today)
        if action is None:
            break
        on = max(action.due_on, today)
        action = attrs.evolve(action, due_on=on, as_of=on)
        if action.blocked:
            planned.append(action)
            break
        simulated = _simulate(current, policy, action, on)
        if simulated is None:
            planned.append(_confirmed(action, current, policy, on))
            break
        planned.append(action)  # priced on the simulated case it was planned for
        current = simulated
        today = on
    return tuple(planned)


def _pause_over(case: Case, today: date, grace: int) -> date:
    ends = [today + _DAY]
    if case.promise_active(today):
        assert case.promise is not None
        ends.append(case.promise.until + _DAY)
    if case.plan_active(today, grace):
        assert case.plan is not None
        broken = case.plan_broken_on(grace)
        first = case.plan.instalments[0].on + timedelta(days=grace + 1)
        ends.append(first if broken is None else broken)
    return max(ends)


def _simulate(case: Case, policy: Policy, action: Action, on: date) -> Case | None:
    """The case after *action* is recorded *on* a day, through :func:`check` (``None``: refused)."""
    verdict = check(case, action.to_event(on), policy)
    if not verdict.allowed:
        return None
    after = verdict.case
    assert after is not None
    if action.kind is _NOTICE:  # assumed received the day it is sent
        delivered = check(after, FormalNoticeDelivered(on, Delivery.RECEIVED), policy)
        assert delivered.case is not None
        after = delivered.case
    return after
