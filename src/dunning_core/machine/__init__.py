"""
The deterministic dunning state machine: cases, events, the transition table, the planner.

* :class:`Case` is one invoice's dunning file, a frozen value derived from its events;
  :meth:`Case.open` starts one.
* Events (:data:`Event`) are facts with a date ``on``: :class:`ContactMade`,
  :class:`PaymentReceived`, :class:`PromiseToPay`, :class:`DisputeOpened`,
  :class:`FormalNoticeSent`, :class:`FormalNoticeDelivered`, :class:`ClaimFiled`...
* :func:`check` says whether an event may happen (never raises); :func:`apply` applies it or
  raises :class:`~dunning_core.errors.IllegalTransition`; :func:`replay` folds :func:`apply`.
  The rules live in one table, :data:`TRANSITIONS`, drawn by :func:`transition_diagram`.
* :func:`next_actions` says what is due on a day; :func:`timeline` lists the remaining steps;
  :func:`allowed_events` lists what :func:`check` accepts on a day, and
  :meth:`Action.to_event` gives the event that records an action.

>>> from datetime import date
>>> from dunning_core.policy import Channel, french_default
>>> policy = french_default()
>>> case = Case.open("F-2025-042", "10000", date(2025, 3, 1), due_on=date(2025, 3, 31))
>>> [a.step.name for a in next_actions(case, policy, date(2025, 4, 7))]
['reminder_email_1']
>>> case = apply(case, ContactMade(date(2025, 4, 7), Channel.EMAIL, "reminder_email_1"), policy)
>>> case.stage, case.contacts_at(case.stage, Channel.EMAIL)
(<Stage.AMICABLE: 'amicable'>, 1)
>>> next_actions(case, policy, date(2025, 4, 8))
()
"""

from __future__ import annotations

from dunning_core.machine._case import Case, formal_notice_deadline
from dunning_core.machine._events import (
    EVENT_TYPES,
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
)
from dunning_core.machine._planner import (
    DECLARATION_EXTRA_MONTHS,
    DECLARATION_MONTHS,
    POSTAL_HOLDING_DAYS,
    PRESCRIPTION_WARNING_DAYS,
    RELIEF_MONTHS,
    Action,
    Amounts,
    allowed_events,
    claim_amounts,
    declared_amounts,
    next_actions,
    step_event,
    timeline,
)
from dunning_core.machine._reasons import Missing, Reason
from dunning_core.machine._rules import (
    ESCALATIONS,
    FORBIDDEN_BY_INSOLVENCY,
    FROZEN_BY_DISPUTE,
    PETITES_CREANCES_CEILING,
    STOPPED_BY_INSOLVENCY,
    TRANSITION_ENTRIES,
    TRANSITIONS,
    Transition,
    Verdict,
    apply,
    check,
    claim_checklist,
    claim_procedure,
    replay,
    transition_diagram,
)

__all__ = [
    "DECLARATION_EXTRA_MONTHS",
    "DECLARATION_MONTHS",
    "ESCALATIONS",
    "EVENT_TYPES",
    "FORBIDDEN_BY_INSOLVENCY",
    "FROZEN_BY_DISPUTE",
    "PETITES_CREANCES_CEILING",
    "POSTAL_HOLDING_DAYS",
    "PRESCRIPTION_WARNING_DAYS",
    "RELIEF_MONTHS",
    "STOPPED_BY_INSOLVENCY",
    "TRANSITIONS",
    "TRANSITION_ENTRIES",
    "Action",
    "Agent",
    "AlternativeResolutionStarted",
    "Amounts",
    "Case",
    "ClaimDeclared",
    "ClaimFiled",
    "CollectiveProcedure",
    "CollectiveProcedureOpened",
    "ContactMade",
    "CreditNoteIssued",
    "Delivery",
    "DisputeOpened",
    "DisputeResolved",
    "Event",
    "ForeclosureReliefRequested",
    "FormalNoticeDelivered",
    "FormalNoticeSent",
    "HandedOver",
    "Instalment",
    "InvoiceOpened",
    "Missing",
    "PaymentPlanAgreed",
    "PaymentReceived",
    "PenaltiesWaived",
    "Procedure",
    "PromiseToPay",
    "Proof",
    "ProofRecorded",
    "Reason",
    "Resolution",
    "SettlementAgreed",
    "Transition",
    "Verdict",
    "WrittenOff",
    "allowed_events",
    "apply",
    "check",
    "claim_amounts",
    "claim_checklist",
    "claim_procedure",
    "declared_amounts",
    "formal_notice_deadline",
    "next_actions",
    "replay",
    "step_event",
    "timeline",
    "transition_diagram",
]
