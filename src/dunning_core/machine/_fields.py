"""
The fields of every event, described once: what JSON documents (``serialize``) and portfolio files
(``portfolio_io``) read and write.

:data:`FIELDS` holds one row per event type (and one for :class:`Instalment`): its fields in
constructor order, each with its kind (a date, an amount, text, a member of an enum, the
instalments of a plan), whether it may be ``None``, and the portfolio column it is read from and
written to.  The JSON field is the field's name.  What a left-out JSON field or an empty cell
stands for is the constructor's default, given here as :attr:`Field.default`; a field without
one is required in both.

A new event kind is its class in ``_events.py`` and its row here; ``tests/test_fields.py`` checks
that every event type has a row naming exactly its constructor's fields.

>>> [(f.name, f.kind, f.column, f.default) for f in FIELDS[HandedOver]]
[('on', <Kind.DATE: 'date'>, 'date', NOTHING), ('to', <enum 'Agent'>, 'detail', <Agent.AGENCY: 'agency'>)]
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Final, TypeAlias, final

import attrs

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
from dunning_core.policy import Channel, DebtorSegment

__all__ = ["FIELDS", "Field", "Kind"]


@final
class Kind(enum.Enum):
    """What a field holds, besides a member of an enum (then its kind is the enum class)."""

    DATE = "date"
    AMOUNT = "amount"
    TEXT = "text"
    INSTALMENTS = "instalments"


FieldKind: TypeAlias = Kind | type[enum.Enum]
"""A :class:`Kind`, or the enum class whose member the field holds."""


@final
@attrs.frozen
class Field:
    """
    One field of an event: its name (the constructor's keyword, the attribute and the JSON field),
    its kind, and the portfolio column it is read from and written to.

    Attributes:
        name: the field's name.
        kind: a :class:`Kind`, or the enum class of its members.
        column: the portfolio column, or ``None`` when portfolio files do not hold it (the
            instalments of a plan are rows of their own).
        optional: the field may hold ``None`` (a left-out JSON field, an empty cell).
        missing: for a required member, what the error says when its cell is empty.
        default: what a left-out JSON field or an empty cell stands for (the constructor's
            default, filled in by the table); ``attrs.NOTHING`` when the field is required.
    """

    name: str
    kind: FieldKind
    column: str | None
    optional: bool = False
    missing: str = ""
    default: Any = attrs.field(factory=lambda: attrs.NOTHING, eq=False, kw_only=True)

    @property
    def required(self) -> bool:
        """Whether the field must be given (it has no default)."""
        return self.default is attrs.NOTHING


def _row(cls: type[Any], *fields: Field) -> tuple[type[Any], tuple[Field, ...]]:
    """*cls* and its *fields*, with the defaults of its constructor filled in."""
    defaults = {f.name: f.default for f in attrs.fields(cls) if f.init}
    return cls, tuple(attrs.evolve(field, default=defaults[field.name]) for field in fields)


def _on() -> Field:
    return Field("on", Kind.DATE, "date")


def _note() -> Field:
    return Field("note", Kind.TEXT, "note")


def _table(*rows: tuple[type[Any], tuple[Field, ...]]) -> dict[type[Any], tuple[Field, ...]]:
    return dict(rows)


DATE, AMOUNT, TEXT = Kind.DATE, Kind.AMOUNT, Kind.TEXT

FIELDS: Final[Mapping[type[Any], tuple[Field, ...]]] = MappingProxyType(
    _table(
        _row(
            InvoiceOpened,
            Field("on", DATE, "opened_on"),
            Field("reference", TEXT, "invoice"),
            Field("amount", AMOUNT, "amount"),
            Field("due_on", DATE, "due_on"),
            Field("issued_on", DATE, "date"),
            Field("currency", TEXT, "currency"),
            Field("segment", DebtorSegment, "segment"),
            Field("indemnity_in_currency", AMOUNT, "indemnity_in_currency", optional=True),
        ),
        _row(
            ContactMade,
            _on(),
            Field(
                "channel",
                Channel,
                "channel",
                missing="a contact needs its channel: email, phone...",
            ),
            Field("step", TEXT, "step", optional=True),
        ),
        _row(
            FormalNoticeSent,
            _on(),
            Field("channel", Channel, "channel"),
            Field("step", TEXT, "step", optional=True),
        ),
        _row(FormalNoticeDelivered, _on(), Field("outcome", Delivery, "detail")),
        _row(PaymentReceived, _on(), Field("amount", AMOUNT, "amount")),
        _row(
            CreditNoteIssued,
            _on(),
            Field("amount", AMOUNT, "amount"),
            Field("reference", TEXT, "note"),
        ),
        _row(
            PromiseToPay,
            _on(),
            Field("until", DATE, "until"),
            Field("amount", AMOUNT, "amount", optional=True),
        ),
        _row(DisputeOpened, _on(), _note()),
        _row(DisputeResolved, _on(), _note()),
        _row(PaymentPlanAgreed, _on(), Field("instalments", Kind.INSTALMENTS, None)),
        _row(AlternativeResolutionStarted, _on(), Field("method", Resolution, "detail")),
        _row(HandedOver, _on(), Field("to", Agent, "detail")),
        _row(ClaimFiled, _on(), Field("procedure", Procedure, "detail")),
        _row(
            ProofRecorded,
            _on(),
            Field("proof", Proof, "detail"),
            Field("reference", TEXT, "note"),
        ),
        _row(SettlementAgreed, _on(), _note()),
        _row(PenaltiesWaived, _on(), _note()),
        # the BODACC publication date, from which the 2-month deadline runs, is in ``until``
        _row(
            CollectiveProcedureOpened,
            _on(),
            Field(
                "procedure",
                CollectiveProcedure,
                "detail",
                missing="the procedure: sauvegarde, redressement or liquidation",
            ),
            Field("published_on", DATE, "until"),
        ),
        _row(ClaimDeclared, _on(), _note()),
        _row(ForeclosureReliefRequested, _on(), _note()),
        _row(WrittenOff, _on(), _note()),
        _row(Instalment, _on(), Field("amount", AMOUNT, "amount")),
    )
)
"""``{event type: its fields}``, for every type of :data:`EVENT_TYPES` and :class:`Instalment`."""
