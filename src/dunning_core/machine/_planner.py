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

from dunning_core.calendar import add_business_days, to_date
from dunning_core.errors import InvalidDate
from dunning_core.format import format_date, html_table
from dunning_core.interest import (
    Allocation,
    Creditor,
    Payment,
    PenaltyBasis,
    PenaltyBreakdown,
    late_penalties,
)
from dunning_core.law import CIV_1231_6, CIV_1344, CIV_1344_1, CPCE_L111_8, PRACTICE, Article
from dunning_core.machine._case import Case, require_case
from dunning_core.machine._events import (
    ClaimFiled,
    ContactMade,
    Delivery,
    FormalNoticeDelivered,
    FormalNoticeSent,
    HandedOver,
)
from dunning_core.machine._rules import Missing, claim_checklist
from dunning_core.money import CONTEXT
from dunning_core.policy import Backlog, Channel, DebtorSegment, Policy, Stage, Step, StepKind
from dunning_core.rates import RateBook

__all__ = ["Action", "Amounts", "Reason", "claim_amounts", "next_actions", "timeline"]

_DAY: Final = timedelta(days=1)
_ZERO: Final = Decimal(0)
_REMINDER: Final = StepKind.REMINDER
_NOTICE: Final = StepKind.FORMAL_NOTICE
_HAND_OVER: Final = StepKind.HAND_OVER
_CLAIM: Final = StepKind.CLAIM
_FN_RANK: Final = Stage.FORMAL_NOTICE.rank
_LIT_RANK: Final = Stage.LITIGATION.rank
_AMICABLE_RANK: Final = Stage.AMICABLE.rank


@final
@attrs.frozen
class Reason:
    """
    Why an action is planned, with the rule it rests on.

    >>> from dunning_core.law import PRACTICE
    >>> str(Reason("step 'reminder_email_1' of the policy", PRACTICE))
    "step 'reminder_email_1' of the policy (pratique)"
    """

    text: str
    article: Article

    def __str__(self) -> str:
        return f"{self.text} ({self.article})"


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
    breakdown: PenaltyBreakdown | None
    reasons: tuple[Reason, ...]

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
    day = to_date(on, name="on")
    segment = case.segment
    reductions = [Payment(on=p.on, amount=p.amount) for p in case.payments if p.on <= day]
    reductions.extend(Payment(on=c.on, amount=c.amount) for c in case.credit_notes if c.on <= day)
    reductions.sort(key=lambda payment: payment.on)
    principal = case.amount  # as of *day*: later payments and credit notes are not yet known
    for reduction in reductions:
        principal = CONTEXT.subtract(principal, reduction.amount)
    reasons: list[Reason] = []
    consumer = segment is DebtorSegment.CONSUMER
    if consumer:
        basis = PenaltyBasis.legal(creditor=Creditor.OTHER)
        start = _consumer_start(case)
        reasons.append(
            Reason(
                "a consumer owes legal interest only from the mise en demeure, and no recovery "
                "indemnity",
                CIV_1231_6,
            )
        )
        reasons.append(Reason("recovery costs stay with the creditor", CPCE_L111_8))
        if start is None or day <= start:
            return Amounts(
                day, case.currency, principal, _ZERO, _ZERO, principal, basis, None, tuple(reasons)
            )
        reasons.append(Reason(f"legal interest runs from {start}", CIV_1344_1))
    else:
        basis = (
            PenaltyBasis.PUBLIC_PROCUREMENT
            if segment is DebtorSegment.PUBLIC_BODY
            else policy.basis
        )
        start = case.due_on
    breakdown = late_penalties(
        case.amount,
        start,
        day,
        basis=basis,
        payments=reductions,
        allocation=Allocation.PRINCIPAL_FIRST,
        debtor_is_consumer=consumer,
        currency=case.currency,
        rates=rates,
    )
    reasons.extend(Reason(f"per {article}", article) for article in breakdown.articles)
    total = CONTEXT.add(CONTEXT.add(principal, breakdown.interest), breakdown.indemnity)
    return Amounts(
        day,
        case.currency,
        principal,
        breakdown.interest,
        breakdown.indemnity,
        total,
        basis,
        breakdown,
        tuple(reasons),
    )


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
        missing: what must be done before the step can be recorded (a claim's checklist).

    >>> from dunning_core.policy import french_default
    >>> case = Case.open("F-1", "10000", date(2025, 3, 1), due_on=date(2025, 3, 31))
    >>> (action,) = next_actions(case, french_default(), date(2025, 4, 7))
    >>> action.step.name, action.channel.value, action.due_on
    ('reminder_email_1', 'email', datetime.date(2025, 4, 5))
    >>> [str(r) for r in action.reasons]
    ["step 'reminder_email_1' (amicable, email), 5 days after the due date 2025-03-31 (pratique)"]
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
    _case: Case = attrs.field(default=None, eq=False, repr=False, kw_only=True)
    _policy: Policy = attrs.field(default=None, eq=False, repr=False, kw_only=True)

    @property
    def kind(self) -> StepKind:
        """What the step asks for."""
        return self.step.kind

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
        offset = step.offset
        unit = "business days" if step.business_days else "days"
        where = (
            f"{-offset} {unit} before"
            if offset < 0
            else ("on" if offset == 0 else f"{offset} {unit} after")
        )
        how = step.channel.value if step.channel is not None else step.kind.value
        text = (
            f"step {step.name!r} ({step.stage.value}, {how}), {where} the due date "
            f"{self._case.due_on if self._case is not None else ''}"
        ).rstrip()
        return (Reason(text, step.article), *self.notes)

    def amounts(self, *, rates: RateBook | None = None) -> Amounts:
        """
        The amounts to claim on :attr:`as_of` (computed on demand; see :func:`claim_amounts`).

        Raises:
            RateUnavailable: the rate tables do not cover the days to compute.
        """
        return claim_amounts(self._case, self._policy, self.as_of, rates=rates)

    def _repr_html_(self) -> str:
        """The action and its reasons as an HTML table, for notebooks."""
        how = self.channel.label if self.channel is not None else self.kind.value
        rows: list[tuple[str, object]] = [
            ("Dossier", self.reference),
            ("Étape", self.step.name),
            ("Stade", self.stage.label),
            ("Canal", how),
            ("Due le", format_date(self.due_on)),
            ("Prévue pour", format_date(self.as_of)),
        ]
        rows.extend(("Motif", reason) for reason in self.reasons)
        rows.extend(("À faire avant", item.text("fr")) for item in self.missing)
        caption = f"Action {self.step.name} ({self.reference})"
        return html_table(("Champ", "Valeur"), rows, caption=caption)


@functools.lru_cache(maxsize=4096)
def _business_date(due_on: date, offset: int, alsace_moselle: bool) -> date:
    return add_business_days(due_on, offset, alsace_moselle=alsace_moselle)


def _plan(case: Case, policy: Policy, today: date) -> Action | None:
    """The next step of *case* and the day it becomes due, seen from *today* (not filtered)."""
    try:
        return _next_step(case, policy, today)
    except OverflowError:  # the step would fall after 9999-12-31: it never becomes due
        return None


def _next_step(case: Case, policy: Policy, today: date) -> Action | None:
    stage = case.stage
    if stage.terminal or case.dispute is not None or case.paused(today):
        return None
    effective = Stage.AMICABLE if stage is Stage.PREVENTIVE and today > case.due_on else stage
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
    effective_rank = effective.rank
    jump = policy.backlog is Backlog.JUMP_TO_LATEST
    chosen: tuple[Step, date, tuple[Reason, ...]] | None = None
    skipped: list[str] = []
    passed: list[Reason] = []
    contacts = case.contacts
    for index in range(start, len(rows)):
        step, rank, kind, channel, limit, delta, min_amount = rows[index]
        if amount < min_amount:
            continue
        if kind is _REMINDER:
            if rank < effective_rank:
                continue
            if limit is not None and channel and contacts.get((step.stage, channel), 0) >= limit:
                passed.append(Reason(f"step {step.name!r} skipped: its cap is reached", PRACTICE))
                continue
        elif kind is _NOTICE:
            if notice is not None:
                continue
        elif kind is _HAND_OVER:
            if case.handed_over is not None or effective_rank >= _LIT_RANK:
                continue
        elif case.claim is not None:
            continue
        planned = _due_on(case, policy, step, delta, today)
        if planned is None:
            break
        on, notes = planned
        if (
            rank == _AMICABLE_RANK
            and kind is _REMINDER
            and (on - case.due_on).days > policy.max_amicable_days
        ):
            limit_on = case.due_on + timedelta(days=policy.max_amicable_days)
            passed.append(
                Reason(
                    f"step {step.name!r} skipped: the amicable phase ends on {limit_on} "
                    f"({policy.max_amicable_days} days after the due date)",
                    PRACTICE,
                )
            )
            continue
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
    if passed:
        notes = (*passed, *notes)
    if skipped:
        notes = (
            *notes,
            Reason(
                "jumped to the latest overdue step (Backlog.JUMP_TO_LATEST), skipping "
                + ", ".join(skipped),
                PRACTICE,
            ),
        )
    missing: tuple[Missing, ...] = ()
    if step.kind is _CLAIM:
        missing = tuple(
            item
            for item in claim_checklist(case, max(on, today), policy)
            if item.code != "notice_deadline"
        )
    return Action(
        case.reference,
        step,
        step.stage,
        step.channel,
        on,
        today,
        notes,
        missing,
        case=case,
        policy=policy,
    )


def _due_on(
    case: Case, policy: Policy, step: Step, delta: timedelta | None, today: date
) -> tuple[date, tuple[Reason, ...]] | None:
    """The day *step* becomes due and why, or ``None`` when it cannot be planned yet."""
    if delta is None:
        on = _business_date(case.due_on, step.offset, policy.alsace_moselle)
    else:
        on = case.due_on + delta
    notes: tuple[Reason, ...] = ()
    last_contact = case.last_contact_on
    if step.channel is not None and last_contact is not None:
        gap_days = policy.min_gap_days or 1
        gap = last_contact + timedelta(days=gap_days)
        if gap > on:
            on = gap
            notes = (
                Reason(
                    f"at least {gap_days} day(s) after the last contact ({last_contact})",
                    PRACTICE,
                ),
            )
    pause_end = case.pause_end(today)
    if pause_end is not None and pause_end > on:
        on = pause_end
        notes = (
            *notes,
            Reason(f"escalation resumed on {pause_end}, when the pause ended", PRACTICE),
        )
    if step.kind is _HAND_OVER or step.kind is _CLAIM:
        deadline = case.notice_deadline(policy)
        if deadline is None:
            return None  # the formal notice is not sent or its delivery is not recorded yet
        if deadline >= on:
            on = deadline + _DAY
            notes = (*notes, Reason(f"the formal notice's deadline ran until {deadline}", CIV_1344))
    return on, notes


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
    if limit is not None and case.contacts_at(counted, channel) >= limit:
        return None
    notes = [
        Reason(
            f"the formal notice sent on {notice.on} was refused on {delivery.on}; serve it "
            "again (by a commissaire de justice if need be)",
            CIV_1344,
        )
    ]
    on = delivery.on + _DAY
    last_contact = case.last_contact_on
    if last_contact is not None:
        on = max(on, last_contact + timedelta(days=policy.min_gap_days or 1))
    pause_end = case.pause_end(today)
    if pause_end is not None and pause_end > on:
        on = pause_end
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
    action = _plan(case, policy, today)
    if action is None or action.due_on > today:
        return ()
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
    [('formal_notice', '2025-05-15'), ('hand_over', '2025-05-31'), ('court_claim', '2025-06-14')]
    """
    require_case(case, policy)
    if case.stage.terminal or case.dispute is not None:
        return ()
    planned: list[Action] = []
    today = case.last_on
    current = case
    for _ in range(4 * len(policy.steps) + 4):
        if current.paused(today):
            try:
                today = _pause_over(current, today)
            except OverflowError:  # paused until 9999-12-31: nothing more can be planned
                break
            continue
        action = _plan(current, policy, today)
        if action is None:
            break
        on = max(action.due_on, today)
        action = attrs.evolve(action, due_on=on, as_of=on)
        planned.append(attrs.evolve(action, case=case, policy=policy))
        current = _simulate(current, action.step, action.channel, on)
        today = on
    return tuple(planned)


def _pause_over(case: Case, today: date) -> date:
    ends = [today + _DAY]
    if case.promise_active(today):
        assert case.promise is not None
        ends.append(case.promise.until + _DAY)
    if case.plan_active(today):
        assert case.plan is not None
        missed = case.plan_missed_on
        first = case.plan.instalments[0].on if missed is None else missed
        ends.append(first + _DAY)
    return max(ends)


def _simulate(case: Case, step: Step, channel: Channel | None, on: date) -> Case:
    stage = case.stage_on(on)
    kind = step.kind
    if kind is _REMINDER:
        assert channel is not None
        target = step.stage if step.stage.rank > stage.rank else stage
        return case.with_event(ContactMade(on, channel, step.name), target)
    if kind is _NOTICE:
        assert channel is not None
        target = stage if stage.rank >= _FN_RANK else Stage.FORMAL_NOTICE
        sent = case.with_event(FormalNoticeSent(on, channel, step.name), target)
        return sent.with_event(FormalNoticeDelivered(on, Delivery.RECEIVED), target)
    if kind is _HAND_OVER:
        target = stage if stage.rank >= _LIT_RANK else Stage.LITIGATION
        return case.with_event(HandedOver(on), target)
    return case.with_event(ClaimFiled(on), Stage.JUDICIAL)
