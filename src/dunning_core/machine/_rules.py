"""
The transition table: everything that decides whether an event may happen to a case.

This module is the ONE place that holds the rules (h11's rule 1).  ``TRANSITIONS`` is a plain
mapping ``(Stage, event type) -> Transition``; each transition names the stages it can lead to and
a small pure function ``(case, event, policy, stage) -> Verdict``.  Cross-cutting guards run once,
before the lookup, in this order:

1. the case, event and policy are of the right types; an ``InvoiceOpened`` only starts a case;
2. terminal stages (paid, settled, written off) are absorbing;
3. events are applied in date order (none dated before the case's last event);
4. an open dispute freezes every contact and every escalation;
5. a promise to pay or a payment plan on track pauses every escalation;
6. contacts stay within the policy's caps per stage and channel.

A pair missing from the table is refused with a reason saying why.
"""

from __future__ import annotations

import bisect
import functools
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from decimal import Decimal
from types import MappingProxyType
from typing import Any, Final, final

import attrs

from dunning_core._i18n import DEFAULT_LOCALE
from dunning_core._validators import instance_of
from dunning_core.calendar import to_date
from dunning_core.errors import (
    ArgumentTypeError,
    DunningError,
    IllegalTransition,
    InvalidArgument,
)
from dunning_core.law import (
    CCP_L2192_14,
    CIV_1344,
    CJA_R541_1,
    CONSO_L218_2,
    CPC_642,
    CPC_653,
    CPC_750_1,
    CPC_1405,
    CPCE_L125_1,
    CPCE_R124_4,
    L110_4,
    L622_7,
    L622_10,
    L622_21,
    L622_24,
    L622_26,
    L631_15,
    L641_1,
    PRACTICE,
    Article,
)
from dunning_core.machine._case import Case, counts_against_caps, require_case, require_policy
from dunning_core.machine._events import (
    EVENT_TYPES,
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
    InvoiceOpened,
    PaymentPlanAgreed,
    PaymentReceived,
    PenaltiesWaived,
    Procedure,
    PromiseToPay,
    ProofRecorded,
    SettlementAgreed,
    WrittenOff,
)
from dunning_core.machine._reasons import Missing, Reason
from dunning_core.machine._schedule import SCALAR, after_notice_deadline, target_stage
from dunning_core.money import CONTEXT, Money, quantize
from dunning_core.policy import Channel, DebtorSegment, Policy, Stage, Step, StepKind

__all__ = [
    "ESCALATIONS",
    "FORBIDDEN_BY_INSOLVENCY",
    "FROZEN_BY_DISPUTE",
    "PETITES_CREANCES_CEILING",
    "STOPPED_BY_INSOLVENCY",
    "TRANSITIONS",
    "TRANSITION_ENTRIES",
    "Missing",
    "Transition",
    "Verdict",
    "apply",
    "check",
    "claim_checklist",
    "replay",
    "transition_diagram",
]

PETITES_CREANCES_CEILING: Final = Decimal(5000)
"""The most the simplified small-claims procedure recovers, in euros (CPCE L125-1, since 2020)."""

_EVENT_TYPES: Final = frozenset(EVENT_TYPES)


@final
@attrs.frozen
class Verdict:
    """
    What :func:`check` says about an event: allowed (with the new case) or refused (with why).

    Attributes:
        allowed: whether the event may be applied.
        case: the case after the event, when allowed.
        why: why it was refused, a :class:`~dunning_core.machine.Reason` (a code, its
            parameters and its article), ``None`` when allowed.
        missing: for a refused claim, every :class:`Missing` condition of the checklist (all of
            them, whichever guard refused first).
        stage: the stage after the event, when allowed.

    ``str()`` says it in French (``dunning_core.display`` renders it), :attr:`reason` in the
    developer's English, the sentence :class:`~dunning_core.errors.IllegalTransition` carries.

    >>> from datetime import date
    >>> from dunning_core.policy import french_default
    >>> case = Case.open("F-1", 100, date(2026, 3, 2), due_on=date(2026, 4, 1))
    >>> verdict = check(case, ClaimFiled(date(2026, 4, 10)), french_default())
    >>> bool(verdict), verdict.why.code, verdict.missing[0].code, str(verdict.missing[0])
    (False, 'claim_needs', 'formal_notice', 'une mise en demeure envoyée par lettre recommandée ou signifiée par commissaire de justice')
    >>> verdict.missing[0].text("en_GB")
    'a formal notice (mise en demeure) sent by registered letter or served by a commissaire de justice'
    """

    allowed: bool
    case: Case | None = None
    why: Reason | None = None
    missing: tuple[Missing, ...] = ()
    stage: Stage | None = attrs.field(default=None, kw_only=True)

    def __repr__(self) -> str:
        if self.allowed:
            return f"Verdict(True, stage={self.stage!r})"
        missing = "" if not self.missing or _in_reason(self) else f", missing={self.missing!r}"
        return f"Verdict(False, why={self.why!r}{missing})"

    def __bool__(self) -> bool:
        return self.allowed

    @property
    def reason(self) -> str:
        """Why it was refused, in the developer's English (``""`` when allowed)."""
        return "" if self.why is None else self.why.message

    @property
    def article(self) -> Article | None:
        """The rule behind the refusal (``law.PRACTICE`` for practice), ``None`` when allowed."""
        return None if self.why is None else self.why.article

    def text(self, *, locale: str = DEFAULT_LOCALE) -> str:
        """The verdict for people in *locale*: allowed and the stage after it, or refused and why."""
        from dunning_core.display import _machine  # the display layer sits above the machine

        return _machine.verdict_text(self, locale=locale)

    def __str__(self) -> str:
        return self.text()


def _in_reason(verdict: Verdict) -> bool:
    """Whether the verdict's missing conditions are already the parameters of its reason."""
    why = verdict.why
    return why is not None and ("missing", verdict.missing) in why.params


def _ok(stage: Stage) -> Verdict:
    # The new case is built by check() once the verdict is known (the planner asks without it).
    return Verdict(True, None, stage=stage)


def _no(
    code: str, article: Article = PRACTICE, missing: tuple[Missing, ...] = (), /, **params: object
) -> Verdict:
    """A refusal: the :class:`Reason` *code* with its *params* and *article*."""
    return Verdict(False, None, Reason(code, article, tuple(params.items())), missing)


Decide = Callable[[Case, Any, Policy, Stage], Verdict]


@final
@attrs.frozen
class Transition:
    """
    One entry of the table: at *stage*, an *event* type is decided by *decide*.

    Attributes:
        stage: the (effective) stage of the case.
        event: the event type.
        targets: the stages the case can be at after the event.
        description: what the rule does and when it refuses.
        article: the rule it rests on.
        decide: the pure function ``(case, event, policy, stage) -> Verdict``.
    """

    stage: Stage
    event: type[Any]
    targets: frozenset[Stage]
    description: str = attrs.field(repr=False)  # a short repr: what identifies the entry
    article: Article
    decide: Decide = attrs.field(eq=False, repr=False)


# --- the rules -------------------------------------------------------------------------------------


def _decimals_ok(case: Case, amount: Decimal) -> bool:
    return quantize(amount, case.currency) == amount


def _money(case: Case, amount: Decimal) -> Money:
    return Money(amount, case.currency)


def _contact(case: Case, event: ContactMade, policy: Policy, stage: Stage) -> Verdict:
    name = event.step
    if name is None:
        return _ok(stage)
    if not policy.has_step(name):
        return _no("unknown_contact_step", step=name)
    step = policy.step(name)
    if step.kind is StepKind.PENALTY_CLAIM:
        return _penalty_claim(case, event, step, stage)
    if step.kind is not StepKind.REMINDER:
        return _no("step_not_reminder", step=name, kind=step.kind)
    if event.channel is not step.channel:
        return _no("wrong_channel_contact", step=name, channel=step.channel, got=event.channel)
    if not step.applies_to(case.segment, case.amount):
        return _no(
            "step_not_for_amount",
            step=name,
            segment=case.segment,
            amount=_money(case, case.amount),
        )
    if step.stage.rank < stage.rank:
        return _no("step_goes_back", stage=stage, step=name, step_stage=step.stage)
    if step.stage is Stage.FORMAL_NOTICE and case.formal_notice is None:
        return _no("step_needs_notice", CIV_1344, step=name)
    if name in case.steps_done:
        return _no("step_done", step=name, on=case.steps_done[name])
    if step.stage is not Stage.PREVENTIVE and event.on <= case.due_on:
        return _no("reminder_not_due", CIV_1344, due_on=case.due_on, step=name)
    if step.stage is Stage.AMICABLE:
        end = case.amicable_end(policy)
        if end is not None and event.on > end:
            return _no("amicable_over", end=end, days=policy.max_amicable_days, step=name)
    return _ok(target_stage(stage, step.stage))


def _penalty_claim(case: Case, event: ContactMade, step: Step, stage: Stage) -> Verdict:
    name = step.name
    if event.channel is not step.channel:
        return _no("wrong_channel", step=name, channel=step.channel, got=event.channel)
    if not step.applies_to(case.segment, case.amount):
        return _no("step_not_for_debtor", step=name, segment=case.segment)
    if case.balance > 0:
        return _no("penalty_claim_early", step=name, balance=_money(case, case.balance))
    if name in case.steps_done:
        return _no("step_done", step=name, on=case.steps_done[name])
    return _ok(stage)


def _notice_sent(case: Case, event: FormalNoticeSent, policy: Policy, stage: Stage) -> Verdict:
    if not event.channel.registered:
        return _no("notice_not_registered", PRACTICE, got=event.channel)
    if event.on <= case.due_on:
        return _no("notice_not_due", CIV_1344, due_on=case.due_on)
    name = event.step
    if name is not None:
        if not policy.has_step(name):
            return _no("unknown_step", step=name)
        step = policy.step(name)
        if step.kind is not StepKind.FORMAL_NOTICE:
            return _no("step_not_notice", step=name, kind=step.kind)
        if not step.applies_to(case.segment, case.amount):
            return _no("step_not_for_debtor", step=name, segment=case.segment)
    previous = case.formal_notice
    if previous is not None:
        delivery = case.delivery
        if delivery is None:
            return _no("notice_no_outcome", CIV_1344, sent_on=previous.on)
        if delivery.outcome is not Delivery.REFUSED:
            return _no(
                "notice_running",
                CIV_1344,
                sent_on=previous.on,
                outcome=delivery.outcome,
                on=delivery.on,
            )
    return _ok(target_stage(stage, Stage.FORMAL_NOTICE))


def _notice_delivered(
    case: Case, event: FormalNoticeDelivered, _policy: Policy, stage: Stage
) -> Verdict:
    notice = case.formal_notice
    if notice is None:
        return _no("no_notice_sent", CIV_1344)
    if notice.channel.served:  # its act is its delivery: nothing for the post to say
        return _no("notice_served", CPC_653, sent_on=notice.on)
    if case.delivery is not None:
        return _no(
            "outcome_recorded",
            CIV_1344,
            sent_on=notice.on,
            outcome=case.delivery.outcome,
            on=case.delivery.on,
        )
    return _ok(stage)


def _reduce(case: Case, amount: Decimal, what: str) -> Verdict | None:
    """A payment or credit note (*what*) of *amount* refused by the principal, or ``None``."""
    if not _decimals_ok(case, amount):
        return _no(f"{what}_minor_unit", currency=case.currency, amount=amount)
    if amount > case.balance:
        return _no(
            f"{what}_over_balance",
            amount=_money(case, amount),
            balance=_money(case, case.balance),
        )
    return None


def _payment(case: Case, event: PaymentReceived, policy: Policy, stage: Stage) -> Verdict:
    amount = event.amount
    if not _decimals_ok(case, amount):
        return _no("payment_minor_unit", currency=case.currency, amount=amount)
    owed = _owed(case, policy, event.on)
    if owed is None:  # the rate tables do not cover the day: the principal is the limit
        refused = _reduce(case, amount, "payment")
        if refused is not None:
            return refused
        return _ok(Stage.PAID if amount == case.balance else stage)
    principal, interest, indemnity, total = owed
    if amount > total:
        return _no(
            "payment_over_owed",
            amount=_money(case, amount),
            on=event.on,
            total=_money(case, total),
            principal=_money(case, principal),
            interest=_money(case, interest),
            indemnity=_money(case, indemnity),
        )
    if amount == total:
        return _ok(Stage.PAID)
    if policy.waive_penalties and amount >= case.balance and not _waiver_void(case):
        return _ok(Stage.PAID)  # the policy waives what is left once the principal is paid
    return _ok(stage)


def _owed(case: Case, policy: Policy, on: date) -> tuple[Decimal, Decimal, Decimal, Decimal] | None:
    """Principal, interest, indemnity and their total owed *on* a day, or ``None`` (no rates)."""
    # A local import: the planner imports this module.
    from dunning_core.machine._planner import claim_amounts

    try:
        amounts = claim_amounts(case, policy, on)
    except DunningError:
        return None
    return amounts.principal, amounts.interest, amounts.indemnity, amounts.total


def _waived(case: Case, event: PenaltiesWaived, _policy: Policy, _stage: Stage) -> Verdict:
    if case.balance > 0:
        return _no("waive_principal_owed", balance=_money(case, case.balance))
    if _waiver_void(case):
        return _no("waiver_void", CCP_L2192_14)
    return _ok(Stage.PAID)


def _waiver_void(case: Case) -> bool:
    """
    Whether a waiver of *case*'s interest is void: a public buyer's moratorium interest, whose
    waiver is deemed unwritten (CCP L2192-14, "toute renonciation [...] est réputée non écrite").
    """
    return case.segment is DebtorSegment.PUBLIC_BODY


def _credit(case: Case, event: CreditNoteIssued, _policy: Policy, stage: Stage) -> Verdict:
    refused = _reduce(case, event.amount, "credit_note")
    if refused is not None:
        return refused
    return _ok(Stage.SETTLED if event.amount == case.balance else stage)


def _promise(case: Case, event: PromiseToPay, _policy: Policy, stage: Stage) -> Verdict:
    if event.amount is not None and event.amount > case.balance:
        return _no(
            "promise_over_balance",
            amount=_money(case, event.amount),
            balance=_money(case, case.balance),
        )
    return _ok(stage)


def _dispute_opened(case: Case, event: DisputeOpened, _policy: Policy, stage: Stage) -> Verdict:
    if case.dispute is not None:
        return _no("dispute_already_open", since=case.dispute.on)
    return _ok(stage)


def _dispute_resolved(case: Case, event: DisputeResolved, _policy: Policy, stage: Stage) -> Verdict:
    if case.dispute is None:
        return _no("no_dispute_open")
    return _ok(stage)


def _plan(case: Case, event: PaymentPlanAgreed, _policy: Policy, stage: Stage) -> Verdict:
    total = event.total
    if not all(_decimals_ok(case, i.amount) for i in event.instalments):
        return _no("instalments_minor_unit", currency=case.currency)
    if total != case.balance:
        return _no(
            "plan_not_balance", total=_money(case, total), balance=_money(case, case.balance)
        )
    return _ok(stage)


def _alternative(
    case: Case, event: AlternativeResolutionStarted, _policy: Policy, _stage: Stage
) -> Verdict:
    return _ok(Stage.ALTERNATIVE_RESOLUTION)


def _hand_over(case: Case, event: HandedOver, policy: Policy, stage: Stage) -> Verdict:
    deadline = case.notice_deadline(policy)
    if deadline is not None:
        # The formal notice gives the debtor until the end of its deadline's last day (CPC 642:
        # "tout délai expire le dernier jour à vingt-quatre heures"); the file goes to litigation
        # once it has passed (seed 003: "avant la date butoir"), the day the planner proposes it.
        first = after_notice_deadline(SCALAR, deadline, 0)
        if event.on < first:
            assert case.delivery is not None  # a deadline runs from a delivery
            return _no(
                "hand_over_before_deadline",
                CPC_642,
                deadline=deadline,
                delivered_on=case.delivery.on,
                first=first,
            )
    target = stage if stage.rank >= Stage.LITIGATION.rank else Stage.LITIGATION
    return _ok(target)


def claim_checklist(
    case: Case,
    on: date,
    policy: Policy,
    procedure: Procedure = Procedure.INJONCTION_DE_PAYER,
) -> list[Missing]:
    """
    What a claim filed *on* a day still needs, as :class:`Missing` values (empty: it may be filed).

    The checklist (DESIGN.md invariant 4; seed 000's "check-list" before an *injonction de
    payer*): a formal notice by registered letter, delivered (received or unclaimed), its deadline
    passed, no open dispute, proofs of the claim recorded; at most 5 000 € for *petites créances*
    (CPCE L125-1); the court of the debtor: the administrative judge's référé-provision for a
    public buyer and only for it (CJA R541-1, see :func:`claim_procedure`).

    Raises:
        ArgumentTypeError: *case* is not a :class:`Case`, *policy* not a ``Policy`` or
            *procedure* not a :class:`Procedure`.
        DateTypeError: *on* is not a ``date``.

    >>> from datetime import date
    >>> from dunning_core.policy import french_default
    >>> case = Case.open("F-1", 100, date(2026, 3, 2), due_on=date(2026, 4, 1))
    >>> [item.code for item in claim_checklist(case, date(2026, 6, 1), french_default())]
    ['formal_notice', 'proofs']
    """
    require_case(case, policy)
    on = to_date(on, name="on")
    given: object = procedure  # typed as a Procedure, checked since callers may pass anything
    if not isinstance(given, Procedure):
        accepted = ", ".join(f"Procedure.{member.name}" for member in Procedure)
        raise ArgumentTypeError("procedure", procedure, f"a machine.Procedure: {accepted}")
    missing: list[Missing] = []
    notice = case.formal_notice
    if notice is None:
        missing.append(Missing("formal_notice", CIV_1344))
    else:
        delivery = case.delivery
        sent = (("sent_on", notice.on),)
        if delivery is None:
            missing.append(Missing("notice_delivery", CIV_1344, sent))
        elif delivery.outcome is Delivery.REFUSED:
            missing.append(Missing("notice_served_again", CIV_1344, sent))
        else:
            deadline = case.notice_deadline(policy)
            assert deadline is not None  # delivered, received or unclaimed
            if on <= deadline:
                params = (
                    ("deadline", deadline),
                    ("days", policy.formal_notice_deadline_days),
                    ("delivered_on", delivery.on),
                )
                missing.append(Missing("notice_deadline", CIV_1344, params))
    if case.dispute is not None:
        missing.append(Missing("no_dispute", PRACTICE, (("since", case.dispute.on),)))
    if on > case.prescribed_after:
        article = prescription_article(case)
        limit: tuple[tuple[str, object], ...] = (
            ("until", case.prescribed_after),
            ("article", article),
        )
        missing.append(Missing("prescription", article, limit))
    if not case.proofs:
        missing.append(Missing("proofs", CPC_1405))
    expected = claim_procedure(case.segment)
    if (procedure is Procedure.REFERE_PROVISION) != (expected is Procedure.REFERE_PROVISION):
        # A claim born of a public contract goes to the administrative judge, and only it does.
        court = (("procedure", procedure), ("expected", expected))
        missing.append(Missing("court", CJA_R541_1, court))
    owed = _principal_and_interest(case, policy, on) if procedure is _SMALL else case.balance
    if procedure is _SMALL and (case.currency != "EUR" or owed > PETITES_CREANCES_CEILING):
        ceiling: tuple[tuple[str, object], ...] = (
            ("ceiling", Money(PETITES_CREANCES_CEILING, "EUR")),
            ("owed", Money(owed, case.currency)),
        )
        missing.append(Missing("small_claims_ceiling", CPCE_L125_1, ceiling))
    return missing


def prescription_article(case: Case) -> Article:
    """The time limit of *case*'s claim: C. conso. L218-2 for a consumer, C. com. L110-4 else."""
    return CONSO_L218_2 if case.segment is DebtorSegment.CONSUMER else L110_4


_IS_SEGMENT: Final = instance_of(DebtorSegment, accepted="a policy.DebtorSegment")


def claim_procedure(segment: DebtorSegment) -> Procedure:
    """
    The court procedure for a debtor of *segment*: the administrative judge's référé-provision
    for a public buyer (CJA R541-1), the injonction de payer otherwise (CPC 1405).

    >>> claim_procedure(DebtorSegment.PUBLIC_BODY).value
    'refere_provision'

    Raises:
        ArgumentTypeError: *segment* is not a :class:`~dunning_core.policy.DebtorSegment`.
    """
    _IS_SEGMENT("segment", segment)
    if segment is DebtorSegment.PUBLIC_BODY:
        return Procedure.REFERE_PROVISION
    return Procedure.INJONCTION_DE_PAYER


_SMALL: Final = Procedure.PETITES_CREANCES


def _principal_and_interest(case: Case, policy: Policy, on: date) -> Decimal:
    """
    Principal and interest owed *on* a day (CPCE L125-1 counts both together); the principal
    alone when the rate tables do not cover the day.
    """
    owed = _owed(case, policy, on)
    return case.balance if owed is None else CONTEXT.add(owed[0], owed[1])


def _claim(case: Case, event: ClaimFiled, policy: Policy, _stage: Stage) -> Verdict:
    missing = claim_checklist(case, event.on, policy, event.procedure)
    if missing:
        items = tuple(missing)
        return _no("claim_needs", missing[0].article, items, missing=items)
    return _ok(Stage.JUDICIAL)


_CONVERSIONS: Final[
    Mapping[CollectiveProcedure, tuple[frozenset[CollectiveProcedure], Article]]
] = MappingProxyType(
    {
        CollectiveProcedure.SAUVEGARDE: (
            frozenset({CollectiveProcedure.REDRESSEMENT, CollectiveProcedure.LIQUIDATION}),
            L622_10,
        ),
        CollectiveProcedure.REDRESSEMENT: (
            frozenset({CollectiveProcedure.LIQUIDATION}),
            L631_15,
        ),
        CollectiveProcedure.LIQUIDATION: (frozenset(), L641_1),
    }
)
"""The judgments that convert a procedure in the course of it: a sauvegarde into a redressement
or a liquidation (C. com. L622-10), a redressement into a liquidation (L631-15); a liquidation is
the last one (L641-1)."""


def _insolvency(
    case: Case, event: CollectiveProcedureOpened, _policy: Policy, stage: Stage
) -> Verdict:
    current = case.procedure
    if current is None:
        return _ok(stage)
    allowed, article = _CONVERSIONS[current]
    if event.procedure not in allowed:
        opened = case.judgments[-1]
        if not allowed:  # a liquidation is the last judgment
            return _no("conversion_after_liquidation", article, on=opened.on, got=event.procedure)
        return _no(
            "conversion_refused",
            article,
            procedure=current,
            on=opened.on,
            into=tuple(sorted(allowed, key=lambda kind: kind.value)),
            got=event.procedure,
        )
    return _ok(stage)


def _declared(case: Case, event: ClaimDeclared, _policy: Policy, stage: Stage) -> Verdict:
    opened = case.insolvency
    if opened is None:
        return _no("declaration_without_procedure", L622_24)
    if case.declared is not None:
        return _no("declared_twice", L622_24, on=case.declared.on)
    return _ok(stage)


def _relief(case: Case, event: ForeclosureReliefRequested, policy: Policy, stage: Stage) -> Verdict:
    deadline = case.declaration_deadline(policy)
    limit = case.relief_deadline()
    if deadline is None or limit is None:
        return _no("relief_without_procedure", L622_26)
    declared = case.declared
    if declared is not None and declared.on <= deadline:
        return _no("declared_in_time", L622_26, on=declared.on)
    if event.on <= deadline:
        return _no("relief_too_early", L622_26, deadline=deadline)
    if case.relief_requested is not None:
        return _no("relief_twice", L622_26, on=case.relief_requested.on)
    if event.on > limit:
        return _no("relief_too_late", L622_26, limit=limit)
    return _ok(stage)


def _same(case: Case, event: Event, _policy: Policy, stage: Stage) -> Verdict:
    return _ok(stage)


def _settle(case: Case, event: SettlementAgreed, _policy: Policy, _stage: Stage) -> Verdict:
    return _ok(Stage.SETTLED)


def _write_off(case: Case, event: WrittenOff, _policy: Policy, _stage: Stage) -> Verdict:
    return _ok(Stage.WRITTEN_OFF)


# --- the table ---------------------------------------------------------------------------------------

_P, _A, _F, _R, _L, _J = (
    Stage.PREVENTIVE,
    Stage.AMICABLE,
    Stage.FORMAL_NOTICE,
    Stage.ALTERNATIVE_RESOLUTION,
    Stage.LITIGATION,
    Stage.JUDICIAL,
)
_OPEN: Final = (_P, _A, _F, _R, _L, _J)


def _rows(
    event: type[Any],
    decide: Decide,
    description: str,
    article: Article,
    targets: Mapping[Stage, Iterable[Stage]],
) -> list[Transition]:
    return [
        Transition(stage, event, frozenset(to), description, article, decide)
        for stage, to in targets.items()
    ]


def _to_self_or(*extra: Stage) -> dict[Stage, tuple[Stage, ...]]:
    return {stage: (stage, *extra) for stage in _OPEN}


TRANSITION_ENTRIES: Final[tuple[Transition, ...]] = (
    *_rows(
        ContactMade,
        _contact,
        "Records a reminder: ad hoc (step=None, counted at the current stage) or a policy step "
        "(moves the case to the step's stage). Refuses an unknown step, a step of another kind "
        "or channel, a step that does not apply to the debtor, a step of an earlier stage, a "
        "step already recorded.",
        PRACTICE,
        {_P: (_P, _A), _A: (_A,), _F: (_F,), _R: (_R,), _L: (_L,), _J: (_J,)},
    ),
    *_rows(
        FormalNoticeSent,
        _notice_sent,
        "Records the mise en demeure; refuses one not sent by registered letter nor served by a "
        "commissaire de justice (delivered on the day it is served), and a second one unless "
        "the first was refused.",
        CIV_1344,
        {_A: (_F,), _F: (_F,), _R: (_R,), _L: (_L,)},
    ),
    *_rows(
        FormalNoticeDelivered,
        _notice_delivered,
        "Records what became of the formal notice; refuses it when none was sent, its outcome "
        "is already recorded or it was served by a commissaire de justice.",
        CIV_1344,
        {_F: (_F,), _R: (_R,), _L: (_L,), _J: (_J,)},
    ),
    *_rows(
        PaymentReceived,
        _payment,
        "Pays the interest accrued first, then the principal, then the indemnity (C. civ. "
        "1343-1); a payment of everything owed closes the case as paid (the principal alone "
        "when the policy waives penalties); refuses more than everything owed that day.",
        PRACTICE,
        _to_self_or(Stage.PAID),
    ),
    *_rows(
        CreditNoteIssued,
        _credit,
        "Reduces the balance; a credit note for the whole balance closes the case as settled; "
        "refuses one above the balance.",
        PRACTICE,
        _to_self_or(Stage.SETTLED),
    ),
    *_rows(
        PromiseToPay,
        _promise,
        "Pauses escalation until the promised date; refuses a promise above the balance.",
        PRACTICE,
        _to_self_or(),
    ),
    *_rows(
        DisputeOpened,
        _dispute_opened,
        "Freezes contacts and escalation; refuses a second open dispute.",
        PRACTICE,
        _to_self_or(),
    ),
    *_rows(
        DisputeResolved,
        _dispute_resolved,
        "Ends the freeze; refuses it when no dispute is open.",
        PRACTICE,
        _to_self_or(),
    ),
    *_rows(
        PaymentPlanAgreed,
        _plan,
        "Pauses escalation while instalments are paid; refuses instalments that do not add up to "
        "the balance.",
        PRACTICE,
        {_A: (_A,), _F: (_F,), _R: (_R,), _L: (_L,), _J: (_J,)},
    ),
    *_rows(
        AlternativeResolutionStarted,
        _alternative,
        "A mediation or conciliation after the formal notice.",
        CPC_750_1,
        {_F: (_R,)},
    ),
    *_rows(
        HandedOver,
        _hand_over,
        "The file goes to an agency, a lawyer or a commissaire de justice (litigation); after a "
        "formal notice delivered, refuses it until the notice's deadline has passed (the debtor "
        "has until the end of its last day, CPC 642).",
        CPCE_R124_4,
        {_A: (_L,), _F: (_L,), _R: (_L,), _L: (_L,), _J: (_J,)},
    ),
    *_rows(
        ClaimFiled,
        _claim,
        "Files a claim once the checklist holds: a formal notice by registered letter, delivered "
        "(received or unclaimed), its deadline passed, no open dispute, proofs recorded (and at "
        "most 5 000 € for petites créances); refuses naming what is missing.",
        CPC_1405,
        {_F: (_J,), _R: (_J,), _L: (_J,), _J: (_J,)},
    ),
    *_rows(
        ProofRecorded,
        _same,
        "Files a proof of the claim.",
        CPC_1405,
        _to_self_or(),
    ),
    *_rows(
        SettlementAgreed,
        _settle,
        "Closes the case as settled.",
        PRACTICE,
        dict.fromkeys(_OPEN, (Stage.SETTLED,)),
    ),
    *_rows(
        PenaltiesWaived,
        _waived,
        "Waives the penalties and the indemnity still owed once the principal is paid: the case "
        "closes as paid; refuses it while principal is owed, and for a public body (a waiver of "
        "moratorium interest is deemed unwritten, CCP L2192-14).",
        PRACTICE,
        dict.fromkeys(_OPEN, (Stage.PAID,)),
    ),
    *_rows(
        CollectiveProcedureOpened,
        _insolvency,
        "The debtor's collective procedure (sauvegarde, redressement, liquidation) is opened: no "
        "more reminders, formal notices, hand-overs or court claims (L622-21), interest stops at "
        "the opening judgment (L622-28). On a case already in procedure, a conversion: a "
        "sauvegarde into a redressement or a liquidation (L622-10), a redressement into a "
        "liquidation (L631-15); refuses any other.",
        L622_21,
        _to_self_or(),
    ),
    *_rows(
        ClaimDeclared,
        _declared,
        "Declares the claim to the mandataire judiciaire, within 2 months of the BODACC "
        "publication (L622-24, R622-24); refuses it with no collective procedure, or twice.",
        L622_24,
        _to_self_or(),
    ),
    *_rows(
        ForeclosureReliefRequested,
        _relief,
        "Asks the juge-commissaire for relief from foreclosure (L622-26), once the deadline to "
        "declare has passed with no declaration in time; refuses it before that deadline, after "
        "6 months from the BODACC publication, twice, or with no collective procedure.",
        L622_26,
        _to_self_or(),
    ),
    *_rows(
        WrittenOff,
        _write_off,
        "Closes the case as written off.",
        PRACTICE,
        dict.fromkeys(_OPEN, (Stage.WRITTEN_OFF,)),
    ),
)
"""Every entry of the table, in declaration order (the audit checks there is no duplicate)."""


def _build(entries: Iterable[Transition]) -> Mapping[tuple[Stage, type[Any]], Transition]:
    table: dict[tuple[Stage, type[Any]], Transition] = {}
    for entry in entries:
        key = (entry.stage, entry.event)
        if key in table:  # pragma: no cover - a programming error, caught at import
            raise ValueError(f"duplicate transition for {key}")
        table[key] = entry
    return MappingProxyType(table)


TRANSITIONS: Final = _build(TRANSITION_ENTRIES)
"""The transition table: ``(Stage, event type) -> Transition``."""

FROZEN_BY_DISPUTE: Final[frozenset[type[Any]]] = frozenset(
    {ContactMade, FormalNoticeSent, AlternativeResolutionStarted, HandedOver, ClaimFiled}
)
"""The event types an open dispute refuses (seed 000: « Il n'y a aucun litige »)."""

ESCALATIONS: Final[frozenset[type[Any]]] = frozenset(
    {FormalNoticeSent, AlternativeResolutionStarted, HandedOver, ClaimFiled}
)
"""The event types a promise to pay or a payment plan on track refuses."""

STOPPED_BY_INSOLVENCY: Final[frozenset[type[Any]]] = frozenset(
    {ContactMade, FormalNoticeSent, AlternativeResolutionStarted, HandedOver, ClaimFiled}
)
"""The event types the debtor's collective procedure refuses (C. com. L622-21): individual
actions stop; the claim is declared to the mandataire instead (L622-24)."""

FORBIDDEN_BY_INSOLVENCY: Final[frozenset[type[Any]]] = frozenset({PromiseToPay, PaymentPlanAgreed})
"""The event types the debtor's collective procedure refuses because the debtor may not pay a
claim born before the opening judgment (C. com. L622-7): a promise to pay or a payment plan
agreed with the creditor.  A payment received is still recorded (a guarantor's, a co-debtor's or
a distribution of the procedure; see DESIGN.md and docs/machine.md)."""

_HINTS: Final[Mapping[type[Any], str]] = {
    FormalNoticeSent: "hint_notice",
    FormalNoticeDelivered: "hint_delivery",
    PaymentPlanAgreed: "hint_plan",
    AlternativeResolutionStarted: "hint_alternative",
    HandedOver: "hint_hand_over",
}
"""Why an event type is not possible at a stage the table leaves out (a :class:`Reason` code)."""


def _default_refusal(stage: Stage, event: Event, case: Case, policy: Policy) -> Verdict:
    if isinstance(event, ClaimFiled):  # before the formal notice: name the whole checklist
        return _claim(case, event, policy, stage)
    if isinstance(event, FormalNoticeSent) and stage is Stage.PREVENTIVE:
        return _no("notice_not_due", CIV_1344, due_on=case.due_on)
    code = _HINTS.get(type(event))
    hint: Reason | None = None
    if stage is Stage.PREVENTIVE:
        if code is not None:
            hint = Reason(
                "hint_before_due",
                PRACTICE,
                (("hint", Reason(code, PRACTICE)), ("due_on", case.due_on)),
            )
    elif stage.rank > Stage.FORMAL_NOTICE.rank and isinstance(
        event, (AlternativeResolutionStarted, FormalNoticeSent)
    ):
        hint = Reason("hint_no_way_back", PRACTICE)
    elif code is not None:
        hint = Reason(code, PRACTICE)
    if hint is None:
        return _no("not_possible", event=event.kind, stage=stage)
    return _no("not_possible_because", event=event.kind, stage=stage, hint=hint)


def check(case: Case, event: Event, policy: Policy) -> Verdict:
    """
    Whether *event* may happen to *case* under *policy*, and the case after it; never raises.

    The guards run first (types, terminal stages, date order, dispute freeze, pauses, caps), then
    the entry of :data:`TRANSITIONS` for the case's stage on the event's date decides.  A
    preventive case is amicable from the day after its due date.

    Args:
        case: the case.
        event: the event to check.
        policy: the policy.

    Returns:
        A :class:`Verdict`: allowed with the new case, or refused with a reason and an article.

    >>> from datetime import date
    >>> from dunning_core.policy import Channel, french_default
    >>> case = Case.open("F-1", 100, date(2026, 3, 2), due_on=date(2026, 4, 1))
    >>> check(case, ContactMade(date(2026, 4, 6), Channel.EMAIL, "reminder_email_1"),
    ...       french_default()).case.stage
    <Stage.AMICABLE: 'amicable'>
    >>> print(check(case, PaymentReceived(date(2026, 4, 6), 150), french_default()).reason)
    a payment of 150.00 EUR exceeds the balance of everything owed on 2026-04-06, 140.17 EUR (100.00 EUR of principal, 0.17 EUR of interest, 40.00 EUR of indemnity); an overpayment is refused
    """
    verdict = _check(case, event, policy)
    if verdict.allowed:
        if verdict.case is None:
            assert verdict.stage is not None
            verdict = attrs.evolve(verdict, case=case.with_event(event, verdict.stage))
        return verdict
    if (
        not verdict.allowed
        and not verdict.missing
        and type(event) is ClaimFiled
        and isinstance(case, Case)
        and isinstance(policy, Policy)
        and not case.stage.terminal
    ):
        assert isinstance(event, ClaimFiled)
        missing = tuple(claim_checklist(case, event.on, policy, event.procedure))
        verdict = attrs.evolve(verdict, missing=missing)
    return verdict


def permitted(case: Case, event: Event, policy: Policy) -> Verdict:
    """:func:`check` without building the new case (``verdict.case`` is ``None``): the planner's."""
    return _check(case, event, policy)


def _check(case: Case, event: Event, policy: Policy) -> Verdict:
    given: tuple[object, object] = (case, policy)
    if not isinstance(given[0], Case):
        return _no("not_a_case", got=type(case).__name__)
    if not isinstance(given[1], Policy):
        return _no("not_a_policy", got=type(policy).__name__)
    kind = type(event)
    if kind not in _EVENT_TYPES:
        return _no("not_an_event", got=kind.__name__)
    if kind is InvoiceOpened:
        return _no("already_open")
    on = event.on
    if on < case.opening.on:
        return _no("before_opening", event=event.kind, on=on, opened=case.opening.on)
    stage = case.stage
    if stage.terminal:
        return _no("terminal", stage=stage)
    if on < case.last_on:
        return _learned_late(case, event, policy)
    opened = case.insolvency
    if opened is not None and kind in STOPPED_BY_INSOLVENCY:
        return _no("insolvency_stops", L622_21, procedure=opened.procedure, on=opened.on)
    if opened is not None and kind in FORBIDDEN_BY_INSOLVENCY:
        return _no("insolvency_no_agreement", L622_7, procedure=opened.procedure, on=opened.on)
    dispute = case.dispute
    if dispute is not None and kind in FROZEN_BY_DISPUTE:
        return _no("dispute_freezes", since=dispute.on)
    if kind in ESCALATIONS and case.paused(on, policy.plan_grace_days):
        if case.promise_active(on):
            assert case.promise is not None
            return _no("paused_by_promise", until=case.promise.until)
        return _no("paused_by_plan")
    effective = case.stage_on(on)
    if (kind is ContactMade or kind is FormalNoticeSent) and counts_against_caps(case):
        assert isinstance(event, (ContactMade, FormalNoticeSent))
        counted = _counted_stage(event, policy, effective)
        limit = policy.cap(counted, event.channel)
        if limit is not None and case.contacts_counted(counted, event.channel, policy) >= limit:
            group = policy.cap_channels(counted, event.channel)
            if len(group) > 1:  # a shared cap: its channels named, in declaration order
                shared = tuple(c for c in Channel if c in group)
                return _no(
                    "cap_reached", limit=limit, channel=event.channel, stage=counted, shared=shared
                )
            return _no("cap_reached", limit=limit, channel=event.channel, stage=counted)
    entry = TRANSITIONS.get((effective, kind))
    if entry is None:
        return _default_refusal(effective, event, case, policy)
    return entry.decide(case, event, policy, effective)


def _learned_late(case: Case, event: Event, policy: Policy) -> Verdict:
    """
    An event dated before the case's last one: recorded at its real date, the later events
    re-validated after it (DESIGN.md, "Events learned late").
    """
    events = case.events
    at = bisect.bisect_right([recorded.on for recorded in events], event.on)
    before = Case(events[:at], case.stages[:at])
    verdict = check(before, event, policy)
    if not verdict.allowed:
        return verdict
    current = verdict.case
    assert current is not None
    for later in events[at:]:
        again = check(current, later, policy)
        if not again.allowed:
            return _no(
                "learned_late",
                again.article or PRACTICE,
                again.missing,
                event=event.kind,
                on=event.on,
                later=later.kind,
                later_on=later.on,
                why=again.why,
            )
        assert again.case is not None
        current = again.case
    return Verdict(True, current, stage=current.stage)


def _counted_stage(event: ContactMade | FormalNoticeSent, policy: Policy, stage: Stage) -> Stage:
    if isinstance(event, FormalNoticeSent):
        return target_stage(stage, Stage.FORMAL_NOTICE)
    name = event.step
    if name is not None and policy.has_step(name):
        step = policy.step(name)
        if step.kind is StepKind.REMINDER:
            return target_stage(stage, step.stage)
    return stage


def apply(case: Case, event: Event, policy: Policy) -> Case:
    """
    The case after *event*; raise where :func:`check` refuses.

    Args:
        case: the case.
        event: the event to apply.
        policy: the policy.

    Returns:
        A new :class:`Case` (the given one is unchanged).

    Raises:
        IllegalTransition: the event is refused (``.stage``, ``.event``, ``.reason``,
            ``.article``).

    >>> from datetime import date
    >>> from dunning_core.policy import french_default
    >>> case = Case.open("F-1", 100, date(2026, 3, 2), due_on=date(2026, 4, 1))
    >>> apply(case, PaymentReceived(date(2026, 3, 30), 100), french_default()).stage
    <Stage.PAID: 'paid'>
    >>> apply(case, DisputeResolved(date(2026, 3, 30)), french_default())
    Traceback (most recent call last):
    ...
    dunning_core.errors.IllegalTransition: cannot apply DisputeResolved(on=datetime.date(2026, 3, 30), note='') at stage preventive: no dispute is open, so none can be resolved (pratique)
    """
    require_case(case, policy)  # a wrong type is a type error, as everywhere (check never raises)
    if type(event) not in _EVENT_TYPES:
        raise ArgumentTypeError("event", event, "one of the machine's events (machine.EVENT_TYPES)")
    verdict = check(case, event, policy)
    if not verdict.allowed:
        raise IllegalTransition(
            _stage_at(case, event), event, verdict.reason, verdict.article, why=verdict.why
        )
    assert verdict.case is not None
    return verdict.case


def _stage_at(case: object, event: object) -> Stage | None:
    """
    The stage a refusal names: *case*'s stage on *event*'s date, which is not its current stage
    for an event learned late (DESIGN.md, "Events learned late"); ``None`` for a non-case.
    """
    if not isinstance(case, Case):
        return None
    on = getattr(event, "on", None)
    if not isinstance(on, date):
        return case.stage
    if on >= case.last_on:
        return case.stage_on(on)
    at = bisect.bisect_right([recorded.on for recorded in case.events], on)
    if at == 0:  # before the case was opened: the stage it was opened at
        return case.stages[0]
    return Case(case.events[:at], case.stages[:at]).stage_on(on)


def replay(events: Iterable[Event], policy: Policy) -> Case:
    """
    The case that *events* make under *policy*: the first event opens it, the others are applied
    in turn (equal to folding :func:`apply`).

    Args:
        events: an :class:`InvoiceOpened` then the case's events, in date order.
        policy: the policy.

    Returns:
        The :class:`Case`.

    Raises:
        InvalidArgument: *events* is empty or does not start with an ``InvoiceOpened``.
        IllegalTransition: an event is refused.

    >>> from datetime import date
    >>> from dunning_core.policy import french_default
    >>> case = Case.open("F-1", 100, date(2026, 3, 2), due_on=date(2026, 4, 1))
    >>> later = apply(case, PaymentReceived(date(2026, 4, 9), 40), french_default())
    >>> replay(later.events, french_default()) == later
    True
    """
    require_policy(policy)
    given: object = events
    if isinstance(given, (str, bytes)) or not isinstance(given, Iterable):
        raise ArgumentTypeError(
            "events", events, "a sequence of events starting with an InvoiceOpened"
        )
    items = tuple(events)
    if not items or not isinstance(items[0], InvoiceOpened):
        raise InvalidArgument("events", items, "a sequence starting with an InvoiceOpened")
    start = Case.from_opening(items[0])
    return functools.reduce(lambda case, event: apply(case, event, policy), items[1:], start)


def transition_diagram() -> str:
    """
    The transition table as a Mermaid ``stateDiagram-v2`` (self-loops left out).

    >>> print(transition_diagram().splitlines()[0])
    stateDiagram-v2
    """
    edges: dict[tuple[Stage, Stage], set[str]] = {}
    for entry in TRANSITION_ENTRIES:
        for target in entry.targets:
            if target is not entry.stage:
                edges.setdefault((entry.stage, target), set()).add(entry.event.__name__)
    order = list(Stage)
    lines = [
        "stateDiagram-v2",
        f"    [*] --> {Stage.PREVENTIVE.value}: InvoiceOpened",
        f"    [*] --> {Stage.AMICABLE.value}: InvoiceOpened after the due date",
        f"    {Stage.PREVENTIVE.value} --> {Stage.AMICABLE.value}: due date passed",
    ]
    for (source, target), names in sorted(
        edges.items(), key=lambda item: (order.index(item[0][0]), order.index(item[0][1]))
    ):
        lines.append(f"    {source.value} --> {target.value}: {', '.join(sorted(names))}")
    for stage in Stage:
        if stage.terminal:
            lines.append(f"    {stage.value} --> [*]")
    return "\n".join(lines) + "\n"
