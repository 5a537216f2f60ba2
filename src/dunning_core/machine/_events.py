"""
Events: the facts a host records about a case, each a frozen value with its date ``on``.

Events are validated when built (a payment of zero, a promise that ends before it is made, a plan
whose instalments are not in date order... raise at once).  Whether an event is *allowed* for a
given case is another question, answered by :func:`~dunning_core.machine.check`.
"""

from __future__ import annotations

import enum
import itertools
import warnings
from datetime import date
from decimal import Decimal
from typing import Any, ClassVar, Final, TypeAlias, final

import attrs

from dunning_core._text import check_text
from dunning_core._validators import attrs_field, instance_of, items_of
from dunning_core.calendar import to_date
from dunning_core.errors import (
    DunningDeprecationWarning,
    InvalidAmount,
    InvalidArgument,
    InvalidDate,
)
from dunning_core.money import CONTEXT, check_currency, minor_units, quantize, to_amount
from dunning_core.policy import Channel, DebtorSegment

__all__ = [
    "EVENT_TYPES",
    "Agent",
    "AlternativeResolutionStarted",
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
    "PaymentPlanAgreed",
    "PaymentReceived",
    "PenaltiesWaived",
    "Procedure",
    "PromiseToPay",
    "Proof",
    "ProofRecorded",
    "Resolution",
    "SettlementAgreed",
    "WrittenOff",
]


@final
class Delivery(enum.Enum):
    """
    What became of a registered letter (*avis de réception*).

    * ``RECEIVED``: signed for by the debtor.
    * ``UNCLAIMED``: presented, not collected (*pli avisé et non réclamé*); it still counts:
      "ce n'est pas du fait du vendeur et ne peut donc pas lui porter préjudice" (seed 003).
    * ``REFUSED``: refused by the debtor; this library asks for a new service before a claim.
    """

    RECEIVED = "received"
    UNCLAIMED = "unclaimed"
    REFUSED = "refused"


@final
class Agent(enum.Enum):
    """Who the file is handed over to (*transfert au contentieux*)."""

    AGENCY = "agency"
    LAWYER = "lawyer"
    COMMISSAIRE_DE_JUSTICE = "commissaire_de_justice"


@final
class Procedure(enum.Enum):
    """
    The claim filed.

    * ``INJONCTION_DE_PAYER``: CPC 1405 and following, any determined amount.
    * ``PETITES_CREANCES``: the simplified procedure of CPCE L125-1, at most 5 000 € of
      principal and interest together.
    * ``REFERE_PROVISION``: the administrative judge's référé-provision (CJA R541-1), the route
      against a public buyer (the injonction de payer is not open against it).
    """

    INJONCTION_DE_PAYER = "injonction_de_payer"
    PETITES_CREANCES = "petites_creances"
    REFERE_PROVISION = "refere_provision"


@final
class CollectiveProcedure(enum.Enum):
    """
    The debtor's collective procedure (C. com. livre VI).

    * ``SAUVEGARDE``: safeguard (L620-1).
    * ``REDRESSEMENT``: judicial reorganisation (L631-1).
    * ``LIQUIDATION``: judicial liquidation (L640-1).
    """

    SAUVEGARDE = "sauvegarde"
    REDRESSEMENT = "redressement"
    LIQUIDATION = "liquidation"


@final
class Resolution(enum.Enum):
    """The alternative resolution attempted (CPC 750-1)."""

    MEDIATION = "mediation"
    CONCILIATION = "conciliation"
    PARTICIPATIVE = "participative"


@final
class Proof(enum.Enum):
    """
    A proof of the claim (seed 000: "devis signé, bon de livraison signé, bon de commande").
    """

    SIGNED_QUOTE = "signed_quote"
    DELIVERY_NOTE = "delivery_note"
    PURCHASE_ORDER = "purchase_order"
    CONTRACT = "contract"
    INVOICE = "invoice"
    OTHER = "other"


def _on(_instance: object, attribute: Any, value: Any) -> None:
    to_date(value, name=attribute.name)


def _positive(value: object) -> Decimal:
    amount = to_amount(value)
    if not amount:
        raise InvalidAmount(
            amount,
            "an amount paid, credited or due must be more than zero",
            code="not_more_than_zero",
            params=(("name", "amount"),),
        )
    return amount


def _optional_positive(value: object) -> Decimal | None:
    return None if value is None else _positive(value)


def _enum(kind: type[enum.Enum]) -> Any:
    names = ", ".join(f"{kind.__name__}.{m.name}" for m in kind)
    return attrs_field(instance_of(kind, accepted=f"one of {names}"))


MAX_REFERENCE: Final = 100
"""The longest invoice reference accepted, in characters."""
MAX_NOTE: Final = 1000
"""The longest note (or credit note or proof number) accepted, in characters."""


def _text(_instance: object, attribute: Any, value: Any) -> None:
    # One line, no control or bidirectional characters: notes reach reports, letters and HTML.
    check_text(attribute.name, value, limit=MAX_NOTE)


def _reference(_instance: object, attribute: Any, value: Any) -> None:
    check_text(attribute.name, value, limit=MAX_REFERENCE)
    if value != value.strip():
        # " F-1" and "F-1" would be two invoices, and portfolio files trim their cells.
        raise InvalidArgument(
            attribute.name, value, "an invoice reference without spaces at either end"
        )


def _optional_step(_instance: object, attribute: Any, value: Any) -> None:
    if value is not None and (not isinstance(value, str) or not value):
        raise InvalidArgument(attribute.name, value, "a policy step name, or None")


_MINOR: Final = minor_units


@final
@attrs.frozen
class InvoiceOpened:
    """
    A case is opened for an invoice: always the first event of a case.

    Attributes:
        on: the day the case is opened (often the invoice date).
        reference: the invoice number.
        amount: the invoice amount (TTC), more than zero, in the currency's minor unit.
        due_on: the due date (*date d'échéance*).
        issued_on: the invoice date (default: *on*).
        currency: ISO 4217 code.
        segment: the debtor's :class:`~dunning_core.policy.DebtorSegment`.
        indemnity_in_currency: for an invoice in another currency than the euro, the flat 40 €
            recovery indemnity (C. com. D441-5) converted into that currency, as the creditor
            states it (the library converts nothing); ``None`` (the default): the 40 € are not
            counted in what is owed, and a WARNING finding of the penalties asks for it.
            Refused for an invoice in euros.

    Raises:
        InvalidAmount: the amount is zero, negative, a float, or has too many decimals (the
            converted indemnity too).
        InvalidArgument: a converted indemnity for an invoice in euros.
        InvalidDate: the case is opened before the invoice date.

    >>> InvoiceOpened(date(2026, 3, 2), "F-1", Decimal("1200"), date(2026, 4, 1)).issued_on
    datetime.date(2026, 3, 2)
    >>> InvoiceOpened(date(2026, 3, 2), "F-2", Decimal("150000"), date(2026, 4, 1), currency="JPY",
    ...               indemnity_in_currency=6500).indemnity_in_currency
    Decimal('6500')
    """

    kind: ClassVar[str] = "invoice_opened"

    on: date = attrs.field(validator=_on)
    reference: str = attrs.field(validator=_reference)
    amount: Decimal = attrs.field(converter=_positive)
    due_on: date = attrs.field(validator=_on)
    issued_on: date = attrs.field(
        default=attrs.Factory(lambda self: self.on, takes_self=True), validator=_on
    )
    currency: str = attrs.field(default="EUR")
    segment: DebtorSegment = attrs.field(
        default=DebtorSegment.STANDARD, validator=_enum(DebtorSegment)
    )
    indemnity_in_currency: Decimal | None = attrs.field(
        default=None, converter=_optional_positive, kw_only=True
    )

    def __attrs_post_init__(self) -> None:
        if not self.reference.strip():
            raise InvalidArgument("reference", self.reference, "a non-empty invoice reference")
        check_currency(self.currency)
        for amount in (self.amount, self.indemnity_in_currency):
            if amount is not None and amount != quantize(amount, self.currency):
                raise InvalidAmount(
                    amount,
                    f"{self.currency} amounts have {_MINOR(self.currency)} decimals at most",
                )
        if self.indemnity_in_currency is not None and self.currency == "EUR":
            raise InvalidArgument(
                "indemnity_in_currency",
                self.indemnity_in_currency,
                f"None for an invoice in EUR, whose indemnity is the 40 € themselves (C. com. "
                f"D441-5); a value only for another currency (got {self.currency})",
                code="indemnity_in_eur",
            )
        if self.on < self.issued_on:
            raise InvalidDate(
                self.on,
                f"a case cannot be opened before its invoice date {self.issued_on}",
                code="opened_before_issued",
                params=(("on", self.on), ("issued", self.issued_on)),
            )


@final
@attrs.frozen
class ContactMade:
    """
    The debtor was contacted (*relance*), for a policy step or ad hoc (``step=None``).

    >>> ContactMade(date(2026, 4, 6), Channel.EMAIL, "reminder_email_1").channel.value
    'email'
    """

    kind: ClassVar[str] = "contact_made"

    on: date = attrs.field(validator=_on)
    channel: Channel = attrs.field(validator=_enum(Channel))
    step: str | None = attrs.field(default=None, validator=_optional_step)


@final
@attrs.frozen
class FormalNoticeSent:
    """
    The *mise en demeure* was sent (C. civ. 1344), by registered letter for a claim to follow.

    >>> FormalNoticeSent(date(2026, 5, 16)).channel.value
    'registered_letter'
    """

    kind: ClassVar[str] = "formal_notice_sent"

    on: date = attrs.field(validator=_on)
    channel: Channel = attrs.field(default=Channel.REGISTERED_LETTER, validator=_enum(Channel))
    step: str | None = attrs.field(default=None, validator=_optional_step)


@final
@attrs.frozen
class FormalNoticeDelivered:
    """
    What the post says about the *mise en demeure*: received, unclaimed or refused, and when.

    The deadline of the notice counts from *on* ("l'accusé de réception faisant office de compte à
    rebours", seed 000); for an unclaimed letter, *on* is the day it was first presented.
    """

    kind: ClassVar[str] = "formal_notice_delivered"

    on: date = attrs.field(validator=_on)
    outcome: Delivery = attrs.field(default=Delivery.RECEIVED, validator=_enum(Delivery))


@final
@attrs.frozen
class PaymentReceived:
    """
    A payment, full or partial; it reduces the balance and a full payment closes the case.

    >>> PaymentReceived(date(2026, 4, 20), "300").amount
    Decimal('300')
    """

    kind: ClassVar[str] = "payment_received"

    on: date = attrs.field(validator=_on)
    amount: Decimal = attrs.field(converter=_positive)


@final
@attrs.frozen
class CreditNoteIssued:
    """A credit note (*avoir*) that reduces the balance; one that clears it settles the case."""

    kind: ClassVar[str] = "credit_note_issued"

    on: date = attrs.field(validator=_on)
    amount: Decimal = attrs.field(converter=_positive)
    reference: str = attrs.field(default="", validator=_text)


@final
@attrs.frozen
class PromiseToPay:
    """
    The debtor promised to pay by *until* (*promesse de paiement*): escalation pauses until then.

    Raises:
        InvalidDate: *until* is before *on*.
    """

    kind: ClassVar[str] = "promise_to_pay"

    on: date = attrs.field(validator=_on)
    until: date = attrs.field(validator=_on)
    amount: Decimal | None = attrs.field(default=None, converter=_optional_positive)

    def __attrs_post_init__(self) -> None:
        if self.until < self.on:
            raise InvalidDate(
                self.until,
                f"a promise ends on or after the day it is made, {self.on}",
                code="promise_ends_before",
                params=(("until", self.until), ("on", self.on)),
            )


def _note_of(cls: type[Any], note: str, reason: str | None) -> str:
    """*note*, or the text given under its old keyword ``reason=`` (with a deprecation warning)."""
    if reason is None:
        return note
    warnings.warn(
        f"{cls.__name__}(reason=...) is deprecated: the free text of every event is its note; "
        f"write {cls.__name__}(on, note=...)",
        DunningDeprecationWarning,
        stacklevel=3,
    )
    if note:
        raise InvalidArgument("reason", reason, "the note alone (reason is its old name), not both")
    return reason


def _reason(self: DisputeOpened | WrittenOff) -> str:
    warnings.warn(
        f"{type(self).__name__}.reason is deprecated: read .note",
        DunningDeprecationWarning,
        stacklevel=2,
    )
    return self.note


@final
@attrs.frozen(init=False)
class DisputeOpened:
    """
    The debtor disputes the invoice (*litige*): everything freezes until it is resolved.

    *note* is the debtor's grounds, as free text; its old name ``reason`` is still read (keyword
    and attribute), with a :class:`~dunning_core.errors.DunningDeprecationWarning`.

    >>> DisputeOpened(date(2026, 4, 2), "livraison incomplète").note
    'livraison incomplète'
    """

    kind: ClassVar[str] = "dispute_opened"

    on: date = attrs.field(validator=_on)
    note: str = attrs.field(default="", validator=_text)

    def __init__(self, on: date, note: str = "", *, reason: str | None = None) -> None:
        self.__attrs_init__(on, _note_of(DisputeOpened, note, reason))

    reason = property(_reason, doc="Deprecated: :attr:`note`.")


@final
@attrs.frozen
class DisputeResolved:
    """The dispute is over; dunning resumes at the next step (a credit note records a concession)."""

    kind: ClassVar[str] = "dispute_resolved"

    on: date = attrs.field(validator=_on)
    note: str = attrs.field(default="", validator=_text)


@final
@attrs.frozen
class Instalment:
    """One instalment of a payment plan: *amount* due *on*."""

    on: date = attrs.field(validator=_on)
    amount: Decimal = attrs.field(converter=_positive)


def _instalments(value: object) -> tuple[Instalment, ...]:
    result = items_of(
        "instalments",
        value,
        instance_of(Instalment, accepted="Instalment values"),
        accepted="a sequence of Instalment",
    )
    if not result:
        raise InvalidArgument("instalments", value, "at least one Instalment", code="no_instalment")
    for before, after in itertools.pairwise(result):
        if after.on <= before.on:
            raise InvalidDate(
                after.on,
                f"instalments come in date order, after {before.on}",
                code="instalments_order",
                params=(("on", after.on), ("before", before.on)),
            )
    return result


@final
@attrs.frozen
class PaymentPlanAgreed:
    """
    A payment plan (*échéancier*): escalation pauses while the instalments are paid.

    A missed instalment is not an event: it is derived from the payments and the dates (an
    instalment is missed when, the day after it falls due, the payments made since the plan do
    not cover it and the ones before it).

    Raises:
        InvalidArgument: no instalment.
        InvalidDate: instalments not in date order, or the first one before *on*.

    >>> plan = PaymentPlanAgreed(date(2026, 5, 1), (
    ...     Instalment(date(2026, 5, 31), "600"), Instalment(date(2026, 6, 30), "600")))
    >>> plan.total
    Decimal('1200')
    """

    kind: ClassVar[str] = "payment_plan_agreed"

    on: date = attrs.field(validator=_on)
    instalments: tuple[Instalment, ...] = attrs.field(converter=_instalments)

    def __attrs_post_init__(self) -> None:
        if self.instalments[0].on < self.on:
            raise InvalidDate(
                self.instalments[0].on,
                f"the first instalment comes on or after the plan, {self.on}",
                code="instalment_before_plan_day",
                params=(("on", self.instalments[0].on), ("plan", self.on)),
            )

    @property
    def total(self) -> Decimal:
        """The sum of the instalments."""
        total = Decimal(0)
        for instalment in self.instalments:
            total = CONTEXT.add(total, instalment.amount)
        return total


@final
@attrs.frozen
class AlternativeResolutionStarted:
    """A mediation or conciliation started after the formal notice (CPC 750-1; seed 002)."""

    kind: ClassVar[str] = "alternative_resolution_started"

    on: date = attrs.field(validator=_on)
    method: Resolution = attrs.field(default=Resolution.MEDIATION, validator=_enum(Resolution))


@final
@attrs.frozen
class HandedOver:
    """The file went to an agency, a lawyer or a *commissaire de justice* (*contentieux*)."""

    kind: ClassVar[str] = "handed_over"

    on: date = attrs.field(validator=_on)
    to: Agent = attrs.field(default=Agent.AGENCY, validator=_enum(Agent))


@final
@attrs.frozen
class ClaimFiled:
    """A claim was filed: *injonction de payer* (CPC 1405) or *petites créances* (CPCE L125-1)."""

    kind: ClassVar[str] = "claim_filed"

    on: date = attrs.field(validator=_on)
    procedure: Procedure = attrs.field(
        default=Procedure.INJONCTION_DE_PAYER, validator=_enum(Procedure)
    )


@final
@attrs.frozen
class ProofRecorded:
    """A proof of the claim is on file (seed 000: "Seules les preuves comptent")."""

    kind: ClassVar[str] = "proof_recorded"

    on: date = attrs.field(validator=_on)
    proof: Proof = attrs.field(default=Proof.INVOICE, validator=_enum(Proof))
    reference: str = attrs.field(default="", validator=_text)


@final
@attrs.frozen
class SettlementAgreed:
    """The parties settled (*transaction*, *accord amiable*): the case closes as settled."""

    kind: ClassVar[str] = "settlement_agreed"

    on: date = attrs.field(validator=_on)
    note: str = attrs.field(default="", validator=_text)


@final
@attrs.frozen
class PenaltiesWaived:
    """
    The creditor waives the late-payment penalties and the recovery indemnity still owed once
    the principal is paid (a commercial gesture, seed 001: "une réduction des pénalités"): the
    case closes as paid.  Refused for a public body: any waiver of moratorium interest is deemed
    unwritten (CCP L2192-14).

    >>> PenaltiesWaived(date(2025, 6, 1), "geste commercial").kind
    'penalties_waived'
    """

    kind: ClassVar[str] = "penalties_waived"

    on: date = attrs.field(validator=_on)
    note: str = attrs.field(default="", validator=_text)


def _published(instance: CollectiveProcedureOpened, attribute: Any, value: Any) -> None:
    to_date(value, name=attribute.name)
    if value < instance.on:
        raise InvalidDate(
            value,
            f"published_on is before the opening judgment ({instance.on}); the BODACC publishes "
            "the judgment on or after its date",
        )


@final
@attrs.frozen
class CollectiveProcedureOpened:
    """
    The debtor's collective procedure is opened: *on* the opening judgment's date, its
    *procedure*, and *published_on* the date of its publication in the BODACC.

    From then on no reminder, formal notice, hand-over or court claim (C. com. L622-21),
    interest stops at the opening judgment (L622-28), and the claim is declared to the
    mandataire judiciaire within 2 months of the publication (R622-24).

    >>> CollectiveProcedureOpened(date(2025, 6, 2), CollectiveProcedure.REDRESSEMENT,
    ...                           date(2025, 6, 12)).kind
    'collective_procedure_opened'
    """

    kind: ClassVar[str] = "collective_procedure_opened"

    on: date = attrs.field(validator=_on)
    procedure: CollectiveProcedure = attrs.field(validator=_enum(CollectiveProcedure))
    published_on: date = attrs.field(validator=_published)


@final
@attrs.frozen
class ClaimDeclared:
    """
    The claim is declared to the mandataire judiciaire (or liquidateur) after the debtor's
    collective procedure opened (C. com. L622-24; *déclaration de créance*).

    >>> ClaimDeclared(date(2025, 7, 1)).kind
    'claim_declared'
    """

    kind: ClassVar[str] = "claim_declared"

    on: date = attrs.field(validator=_on)
    note: str = attrs.field(default="", validator=_text)


@final
@attrs.frozen
class ForeclosureReliefRequested:
    """
    The creditor asked the juge-commissaire to relieve it from foreclosure (*relevé de
    forclusion*, C. com. L622-26): the claim was not declared in time; the request shows that the
    failure is not the creditor's fault, within 6 months of the BODACC publication.

    >>> ForeclosureReliefRequested(date(2025, 9, 1)).kind
    'foreclosure_relief_requested'
    """

    kind: ClassVar[str] = "foreclosure_relief_requested"

    on: date = attrs.field(validator=_on)
    note: str = attrs.field(default="", validator=_text)


@final
@attrs.frozen(init=False)
class WrittenOff:
    """
    The creditor gives up the claim (*passage en perte*): the case closes as written off.

    *note* says why, as free text; its old name ``reason`` is still read (keyword and
    attribute), with a :class:`~dunning_core.errors.DunningDeprecationWarning`.
    """

    kind: ClassVar[str] = "written_off"

    on: date = attrs.field(validator=_on)
    note: str = attrs.field(default="", validator=_text)

    def __init__(self, on: date, note: str = "", *, reason: str | None = None) -> None:
        self.__attrs_init__(on, _note_of(WrittenOff, note, reason))

    reason = property(_reason, doc="Deprecated: :attr:`note`.")


Event: TypeAlias = (
    InvoiceOpened
    | ContactMade
    | FormalNoticeSent
    | FormalNoticeDelivered
    | PaymentReceived
    | CreditNoteIssued
    | PromiseToPay
    | DisputeOpened
    | DisputeResolved
    | PaymentPlanAgreed
    | AlternativeResolutionStarted
    | HandedOver
    | ClaimFiled
    | ProofRecorded
    | SettlementAgreed
    | PenaltiesWaived
    | CollectiveProcedureOpened
    | ClaimDeclared
    | ForeclosureReliefRequested
    | WrittenOff
)
"""Any event a case records."""

EVENT_TYPES: Final[tuple[type[Any], ...]] = (
    InvoiceOpened,
    ContactMade,
    FormalNoticeSent,
    FormalNoticeDelivered,
    PaymentReceived,
    CreditNoteIssued,
    PromiseToPay,
    DisputeOpened,
    DisputeResolved,
    PaymentPlanAgreed,
    AlternativeResolutionStarted,
    HandedOver,
    ClaimFiled,
    ProofRecorded,
    SettlementAgreed,
    PenaltiesWaived,
    CollectiveProcedureOpened,
    ClaimDeclared,
    ForeclosureReliefRequested,
    WrittenOff,
)
"""Every event type, in the order of :data:`Event`."""
