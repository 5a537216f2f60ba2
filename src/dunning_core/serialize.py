"""
Versioned JSON for cases, events and policies (and the values inside them).

:func:`to_json` writes a document that names its schema and its type, then the value's fields::

    {"schema": "dunning-core/1", "type": "PaymentReceived", "on": "2025-04-20", "amount": "300"}

:func:`from_json` reads it back: ``from_json(to_json(x)) == x`` for every value it accepts, and the
same value always gives the same text (keys sorted, amounts as decimal strings, dates as ISO text,
no floats), so documents can be stored, diffed and hashed.

Documents are read strictly.  An unknown or newer schema, malformed JSON, a missing or unknown
field, a value of the wrong JSON type, a bad amount or date, an unknown enum member or event type:
each raises :class:`~dunning_core.errors.SerializationError` with the JSON pointer (RFC 6901) of the
node at fault (``/events/3/amount``), a reason, and the document's schema version.  Values are
built with the library's own constructors, so the same validation applies as in code, and nothing
half-built is ever returned.

Accepted types (the document's ``type``): ``Case``, ``Policy``, ``Step``, ``Cap``,
``PaymentTerms``, ``PenaltyBasis``, ``Money``, ``Instalment``, each event type
(``InvoiceOpened``, ``ContactMade``... see :data:`~dunning_core.machine.EVENT_TYPES`) and
``Events``, a list of events (a tuple in Python).

>>> from datetime import date
>>> from dunning_core.machine import PaymentReceived
>>> text = to_json(PaymentReceived(date(2025, 4, 20), "300"), indent=None)
>>> text
'{"amount":"300","on":"2025-04-20","schema":"dunning-core/1","type":"PaymentReceived"}'
>>> from_json(text)
PaymentReceived(on=datetime.date(2025, 4, 20), amount=Decimal('300'))
>>> from_json('{"schema": "dunning-core/1", "type": "PaymentReceived", "on": "2025-04-20", '
...           '"amount": "-3"}')
Traceback (most recent call last):
...
dunning_core.errors.SerializationError: at /amount: expected an amount as a decimal string \
such as "1250.00" (digits, one optional point; no sign, no exponent), got the text '-3'
"""

from __future__ import annotations

import enum
import json
import re
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any, Final, TypeAlias, TypeVar, overload

import attrs

from dunning_core.calendar import ISO_DATE, parse_date
from dunning_core.errors import (
    DunningError,
    InvalidAmount,
    InvalidArgument,
    InvalidDate,
    InvalidTerms,
    PolicyError,
    SerializationError,
)
from dunning_core.interest import Allocation, BasisKind, Creditor, PenaltyBasis
from dunning_core.law import ALL_ARTICLES, Article
from dunning_core.machine import (
    EVENT_TYPES,
    Case,
    ClaimDeclared,
    ClaimFiled,
    CollectiveProcedureOpened,
    DisputeOpened,
    Event,
    ForeclosureReliefRequested,
    Instalment,
    InvoiceOpened,
    PenaltiesWaived,
    Procedure,
    WrittenOff,
    check,
)
from dunning_core.machine._fields import FIELDS, Kind
from dunning_core.money import Money, to_amount
from dunning_core.policy import (
    Backlog,
    Cap,
    Channel,
    DebtorSegment,
    Policy,
    Stage,
    Step,
    StepKind,
)
from dunning_core.terms import EndOfMonth, PaymentTerms, PublicBuyer, TermsKind

__all__ = [
    "SCHEMA",
    "SCHEMA_VERSION",
    "TYPES",
    "Document",
    "from_data",
    "from_json",
    "to_data",
    "to_json",
]

SCHEMA_VERSION: Final = 5
"""The newest schema version this library writes and reads.

Version 2 added the ``PenaltiesWaived``, ``CollectiveProcedureOpened`` and ``ClaimDeclared``
events, ``Procedure.REFERE_PROVISION``,
``StepKind.PENALTY_CLAIM`` and the policy fields ``plan_grace_days``, ``waive_penalties`` and
``allocation``.  Version 3 added the ``ForeclosureReliefRequested`` event,
``StepKind.FORECLOSURE_RELIEF``, the policy field ``creditor_outside_metropolitan_france``
and ``InvoiceOpened.indemnity_in_currency``.  Version 4 renamed the free text of
``DisputeOpened`` and ``WrittenOff`` from ``reason`` to ``note``, as every event names it:
documents holding one of them are written as version 4, and older documents are read under the
old name.  Version 5 added the ``channels`` of a :class:`~dunning_core.policy.Cap` shared by
several channels (the French default's letters): a policy or cap holding one is written as
version 5; the cap of one channel is written without it, as before.  Version 5 also added
``Channel.COMMISSAIRE_DE_JUSTICE`` (a formal notice served by a commissaire de justice): a
document holding it is written as version 5, so an older reader says it must be upgraded.
A document is written with
the lowest version that can hold it: a value without any of these is still written as version 1
(readable by dunning-core 0.1), and older documents read with the defaults."""

SCHEMA: Final = "dunning-core/1"
"""The ``schema`` field of a document that needs nothing of version 2: ``"dunning-core/1"``."""

_POLICY_FIELDS_SINCE: Final[Mapping[str, int]] = {
    "plan_grace_days": 2,
    "waive_penalties": 2,
    "allocation": 2,
    "creditor_outside_metropolitan_france": 3,
}
"""The policy fields added after version 1, and the version that added each."""
_SHARED_CAP_SINCE: Final = 5
"""The version that added the ``channels`` of a cap shared by several channels."""
_CHANNEL_SINCE: Final[Mapping[Channel, int]] = {Channel.COMMISSAIRE_DE_JUSTICE: 5}
"""The channels added after version 1, and the version that added each."""
_RENAMED: Final[Mapping[tuple[type[Any], str], tuple[str, int]]] = {
    (DisputeOpened, "note"): ("reason", 4),
    (WrittenOff, "note"): ("reason", 4),
}
"""``{(event type, field): (its JSON name before, the version that renamed it)}``: in documents
of an earlier version the field is read under its old name."""
_RENAMED_SINCE: Final[Mapping[type[Any], int]] = {
    cls: since for (cls, _), (_, since) in _RENAMED.items()
}
"""The event types a version renamed a field of, and that version (their documents need it)."""
_LATER_POLICY_DEFAULTS: Final = {
    field.name: field.default
    for field in attrs.fields(Policy)
    if field.name in _POLICY_FIELDS_SINCE
}

_PREFIX: Final = "dunning-core/"
_EVENTS_TYPE: Final = "Events"

Document: TypeAlias = (
    Case
    | Policy
    | Step
    | Cap
    | PaymentTerms
    | PenaltyBasis
    | Money
    | Instalment
    | Event
    | tuple[Event, ...]
)
"""What a document holds: a case, a policy, an event, an event list (a tuple)..."""

_T = TypeVar("_T")
_Decoder: TypeAlias = Callable[[Any, str], Any]
"""Reads one JSON node at a path into a Python value, or raises SerializationError."""


# --- errors -----------------------------------------------------------------------------------------


def _fail(path: str, reason: str) -> SerializationError:
    return SerializationError(path, reason, SCHEMA_VERSION)


def _escape(key: str) -> str:
    """A JSON pointer reference token (RFC 6901)."""
    return key.replace("~", "~0").replace("/", "~1")


def _got(raw: object) -> str:
    """What a JSON node is, for messages."""
    if raw is None:
        return "null"
    if isinstance(raw, bool):
        return "true" if raw else "false"
    if isinstance(raw, _Constant):
        return raw.name
    if isinstance(raw, str):
        shown = raw if len(raw) <= 40 else raw[:37] + "..."
        return f"the text {shown!r}"
    if isinstance(raw, (int, Decimal)):
        return f"the number {raw}"
    if isinstance(raw, dict):
        return "an object"
    if isinstance(raw, list):
        return "a list"
    return type(raw).__name__  # pragma: no cover - json.loads makes nothing else


# --- reading JSON -----------------------------------------------------------------------------------


class _Object(dict[str, Any]):
    """A JSON object that remembers the keys it saw twice (``json`` silently keeps the last)."""

    duplicates: tuple[str, ...] = ()


def _pairs(pairs: list[tuple[str, Any]]) -> _Object:
    result = _Object(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        twice: list[str] = []
        for key, _ in pairs:
            if key in seen:
                twice.append(key)
            seen.add(key)
        result.duplicates = tuple(twice)
    return result


@attrs.frozen
class _Constant:
    """``NaN``, ``Infinity`` or ``-Infinity``: JSON extensions that ``json`` reads, refused later."""

    name: str


# --- decoders: one per kind of JSON node ------------------------------------------------------------


def _text(raw: Any, path: str) -> str:
    if not isinstance(raw, str):
        raise _fail(path, f"expected text, got {_got(raw)}")
    return raw


def _integer(raw: Any, path: str) -> int:
    if isinstance(raw, bool) or not isinstance(raw, int):
        raise _fail(path, f"expected a whole number such as 30, got {_got(raw)}")
    return raw


def _boolean(raw: Any, path: str) -> bool:
    if not isinstance(raw, bool):
        raise _fail(path, f"expected true or false, got {_got(raw)}")
    return raw


def _date(raw: Any, path: str) -> date:
    if isinstance(raw, str):
        try:
            return parse_date(raw)
        except InvalidDate:
            if ISO_DATE.fullmatch(raw):
                raise _fail(path, f"not a calendar date: {raw!r}") from None
    raise _fail(path, f"expected a date as 'YYYY-MM-DD' text such as '2026-01-31', got {_got(raw)}")


_AMOUNT_TEXT: Final = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_SIGNED_TEXT: Final = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")


def _amount_reader(pattern: re.Pattern[str], what: str) -> _Decoder:
    def read(raw: Any, path: str) -> Decimal:
        if not isinstance(raw, str) or not pattern.fullmatch(raw):
            raise _fail(
                path,
                f'expected an amount as a decimal string such as "1250.00" ({what}), '
                f"got {_got(raw)}",
            )
        try:
            return to_amount(raw, allow_negative=True)
        except InvalidAmount as error:
            raise _fail(path, error.reason) from error

    return read


_amount: Final = _amount_reader(_AMOUNT_TEXT, "digits, one optional point; no sign, no exponent")
_signed_amount: Final = _amount_reader(
    _SIGNED_TEXT, "an optional minus, digits, one optional point"
)


def _member(kind: type[enum.Enum]) -> _Decoder:
    accepted = ", ".join(repr(m.value) for m in kind)

    def read(raw: Any, path: str) -> enum.Enum:
        if isinstance(raw, str):
            try:
                return kind(raw)
            except ValueError:
                pass
        raise _fail(path, f"expected a {kind.__name__}: one of {accepted}; got {_got(raw)}")

    return read


def _optional(decoder: _Decoder) -> _Decoder:
    def read(raw: Any, path: str) -> Any:
        return None if raw is None else decoder(raw, path)

    _NULLABLE.add(read)
    return read


_NULLABLE: Final[set[_Decoder]] = set()
"""The decoders that accept null: a field read by one of them may be left out (it means None)."""


def _array(raw: Any, path: str) -> list[Any]:
    if not isinstance(raw, list):
        raise _fail(path, f"expected a list, got {_got(raw)}")
    return raw


def _list_of(decoder: _Decoder) -> _Decoder:
    def read(raw: Any, path: str) -> tuple[Any, ...]:
        return tuple(decoder(item, f"{path}/{i}") for i, item in enumerate(_array(raw, path)))

    return read


def _set_of(kind: type[enum.Enum]) -> _Decoder:
    member = _member(kind)

    def read(raw: Any, path: str) -> frozenset[Any]:
        items = _array(raw, path)
        values: list[enum.Enum] = []
        for i, item in enumerate(items):
            value = member(item, f"{path}/{i}")
            if value in values:
                raise _fail(f"{path}/{i}", f"{value.value!r} is listed twice")
            values.append(value)
        return frozenset(values)

    return read


def _object(raw: Any, path: str) -> _Object:
    if not isinstance(raw, dict):
        raise _fail(path, f"expected an object, got {_got(raw)}")
    duplicates = raw.duplicates if isinstance(raw, _Object) else ()
    if duplicates:
        raise _fail(f"{path}/{_escape(duplicates[0])}", "this key appears twice in the object")
    return raw if isinstance(raw, _Object) else _Object(raw)


_KNOWN_ARTICLES: Final[Mapping[tuple[str, str], Article]] = {
    (a.code, a.number): a for a in ALL_ARTICLES
}


def _article(raw: Any, path: str) -> Article:
    data = _object(raw, path)
    _refuse_unknown(data, ("code", "number", "title", "url"), path)
    fields = {}
    for name in ("code", "number", "title", "url"):
        if name in data:
            fields[name] = _text(data[name], f"{path}/{name}")
    for name in ("code", "number"):
        if name not in fields:
            raise _fail(f"{path}/{name}", "missing: an article names its code and number")
    key = (fields["code"], fields["number"])
    if "title" not in fields and "url" not in fields:
        if key not in _KNOWN_ARTICLES:
            raise _fail(
                path,
                f"unknown article {key[0]} {key[1]}: not in dunning_core.law; give its title "
                "and url too",
            )
        return _KNOWN_ARTICLES[key]
    for name in ("title", "url"):
        if name not in fields:
            raise _fail(f"{path}/{name}", "missing: an article not in dunning_core.law needs both")
    return Article(fields["code"], fields["number"], fields["title"], fields["url"])


# --- field tables -----------------------------------------------------------------------------------
# For each class: {JSON field: decoder}.  The JSON fields are the attrs fields of the class (the
# ones its constructor takes); a field with a default may be left out, and fields holding None are
# not written.  The events' (and Instalment's) are read from the machine's field table.

_KIND_DECODERS: Final[Mapping[Kind, _Decoder]] = {
    Kind.DATE: _date,
    Kind.AMOUNT: _amount,
    Kind.TEXT: _text,
    Kind.INSTALMENTS: lambda raw, path: _instalments(raw, path),
}


def _decoders(cls: type[Any]) -> Mapping[str, _Decoder]:
    """``{JSON field: decoder}`` of an event type (or Instalment), from its row of FIELDS."""
    table: dict[str, _Decoder] = {}
    for field in FIELDS[cls]:
        kind = field.kind
        decoder = _KIND_DECODERS[kind] if isinstance(kind, Kind) else _member(kind)
        table[field.name] = _optional(decoder) if field.optional else decoder
    return table


_EVENT_FIELDS: Final[Mapping[type[Any], Mapping[str, _Decoder]]] = {
    cls: _decoders(cls) for cls in EVENT_TYPES
}
_EVENTS_BY_NAME: Final[Mapping[str, type[Any]]] = {cls.__name__: cls for cls in EVENT_TYPES}


def _build(
    cls: type[_T],
    raw: Any,
    path: str,
    *,
    typed: bool = False,
    names: Mapping[str, str] | None = None,
    table: Mapping[str, _Decoder] | None = None,
) -> _T:
    """
    Decode every field of *raw*, then build *cls* with its own constructor.

    *names* maps a field to its JSON name where the document's version names it otherwise
    (``_RENAMED``); by default each field is its own JSON name.  *table* replaces the class's
    decoders (a case's events are read as the document's version names their fields).
    """
    data = _object(raw, path)
    table = _FIELDS[cls] if table is None else table
    renamed = names or {}
    keys = {name: renamed.get(name, name) for name in table}
    allowed = ("type", *keys.values()) if typed else tuple(keys.values())
    _refuse_unknown(data, allowed, path)
    defaults = _HAS_DEFAULT[cls]
    kwargs: dict[str, Any] = {}
    for name, decoder in table.items():
        key = keys[name]
        if key in data:
            kwargs[name] = decoder(data[key], f"{path}/{key}")
        elif decoder in _NULLABLE:
            kwargs[name] = None
        elif not defaults[name]:
            raise _fail(f"{path}/{key}", f"missing: a {cls.__name__} needs {key!r}")
    try:
        return cls(**kwargs)
    except (DunningError, TypeError, ValueError, LookupError, ArithmeticError) as error:
        shown = {keys[name]: value for name, value in kwargs.items()}
        raise _fail(_blame(error, shown, path, keys), str(error)) from error


def _refuse_unknown(data: Mapping[str, Any], allowed: Sequence[str], path: str) -> None:
    for key in data:
        if key not in allowed:
            raise _fail(
                f"{path}/{_escape(key)}",
                f"unknown field {key!r}; accepted: {', '.join(sorted(allowed))}",
            )


def _blame(error: Exception, kwargs: Mapping[str, Any], path: str, keys: Mapping[str, str]) -> str:
    """The JSON pointer of the field a constructor's error is about (the object's if unknown).

    *kwargs* are keyed by JSON name; *keys* maps the fields to their JSON names."""
    name: object = None
    if isinstance(error, InvalidArgument):
        name = error.name
    elif isinstance(error, PolicyError):
        name = error.field
    if isinstance(name, str):
        name = keys.get(name, name)
        if name in kwargs:
            return f"{path}/{name}"
        match = re.fullmatch(r"(\w+)\[(\w+)\]", name)
        if match is not None and match[1] in kwargs:
            items, key = kwargs[match[1]], match[2]
            if key.isdigit():
                return f"{path}/{match[1]}/{key}"
            for index, item in enumerate(items):
                if getattr(item, "name", None) == key:
                    return f"{path}/{match[1]}/{index}"
            return f"{path}/{match[1]}"
    if isinstance(error, (InvalidAmount, InvalidDate, InvalidTerms)) and error.value is not None:
        found = _find(error.value, kwargs, path)
        if found is not None:
            return found
    return path


def _find(value: object, fields: Mapping[str, Any], path: str) -> str | None:
    """The path of the field holding *value* (or of the field of an item of a list field)."""
    for field, held in fields.items():
        if type(held) is type(value) and held == value:
            return f"{path}/{field}"
    for field, held in fields.items():
        if isinstance(held, tuple):
            for index, item in enumerate(held):
                if attrs.has(type(item)):
                    inner = {f.name: getattr(item, f.name) for f in attrs.fields(type(item))}
                    found = _find(value, inner, f"{path}/{field}/{index}")
                    if found is not None:
                        return found
    return None


def _instalments(raw: Any, path: str) -> tuple[Instalment, ...]:
    items: tuple[Instalment, ...] = _list_of(_nested(Instalment))(raw, path)
    return items


def _event_reader(version: int) -> _Decoder:
    """The reader of an event in a document of schema *version* (its fields' JSON names)."""

    def read(raw: Any, path: str) -> Event:
        return _event(raw, path, version)

    return read


def _json_names(cls: type[Any], version: int) -> Mapping[str, str]:
    """``{field: JSON name}`` of the fields of *cls* named otherwise in schema *version*."""
    return {
        name: old
        for (renamed, name), (old, since) in _RENAMED.items()
        if renamed is cls and version < since
    }


def _event(raw: Any, path: str, version: int = SCHEMA_VERSION) -> Event:
    data = _object(raw, path)
    if "type" not in data:
        raise _fail(f"{path}/type", "missing: an event names its type, such as 'ContactMade'")
    name = data["type"]
    cls = _EVENTS_BY_NAME.get(name) if isinstance(name, str) else None
    if cls is None:
        accepted = ", ".join(_EVENTS_BY_NAME)
        raise _fail(f"{path}/type", f"unknown event type {_got(name)}; accepted: {accepted}")
    event: Event = _build(cls, data, path, typed=True, names=_json_names(cls, version))
    return event


def _nested(cls: type[Any]) -> _Decoder:
    def read(raw: Any, path: str) -> Any:
        return _build(cls, raw, path)

    return read


_FIELDS: Final[Mapping[type[Any], Mapping[str, _Decoder]]] = {
    **_EVENT_FIELDS,
    Instalment: _decoders(Instalment),
    Step: {
        "name": _text,
        "stage": _member(Stage),
        "channel": _optional(_member(Channel)),
        "offset": _integer,
        "kind": _member(StepKind),
        "business_days": _boolean,
        "min_amount": _amount,
        "segments": _set_of(DebtorSegment),
        "template": _text,
        "article": _article,
    },
    Cap: {
        "stage": _member(Stage),
        "channel": _member(Channel),
        "limit": _integer,
        "channels": _set_of(Channel),
    },
    PenaltyBasis: {
        "kind": _member(BasisKind),
        "points": _optional(_amount),
        "rate": _optional(_amount),
        "creditor": _optional(_member(Creditor)),
        "enforceable_on": _optional(_date),
    },
    Policy: {
        "steps": _list_of(_nested(Step)),
        "caps": _list_of(_nested(Cap)),
        "min_gap_days": _integer,
        "max_amicable_days": _integer,
        "formal_notice_deadline_days": _integer,
        "formal_notice_max_days": _integer,
        "backlog": _member(Backlog),
        "basis": _nested(PenaltyBasis),
        "alsace_moselle": _boolean,
        "plan_grace_days": _integer,
        "waive_penalties": _boolean,
        "allocation": _member(Allocation),
        "creditor_outside_metropolitan_france": _boolean,
        "name": _text,
    },
    PaymentTerms: {
        "kind": _member(TermsKind),
        "days": _integer,
        "method": _optional(_member(EndOfMonth)),
        "day_of_month": _optional(_integer),
        "buyer": _optional(_member(PublicBuyer)),
    },
    Money: {"amount": _signed_amount, "currency": _text},
    Case: {"events": _list_of(_event), "stages": _list_of(_member(Stage))},
}

_HAS_DEFAULT: Final[Mapping[type[Any], Mapping[str, bool]]] = {
    cls: {f.name: f.default is not attrs.NOTHING for f in attrs.fields(cls) if f.init}
    for cls in _FIELDS
}

_TOP_LEVEL: Final[Mapping[str, type[Any]]] = {
    **{cls.__name__: cls for cls in (Case, Policy, Step, Cap, PaymentTerms, PenaltyBasis, Money)},
    Instalment.__name__: Instalment,
    **_EVENTS_BY_NAME,
}

TYPES: Final[tuple[str, ...]] = (*_TOP_LEVEL, _EVENTS_TYPE)
"""Every document ``type`` that :func:`from_json` reads."""


# --- writing ----------------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    """A field value as JSON data (``None`` means: leave the field out)."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, bool | int | str) or value is None:
        return value
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Article):
        if _KNOWN_ARTICLES.get((value.code, value.number)) == value:
            return {"code": value.code, "number": value.number}
        return attrs.asdict(value)
    if isinstance(value, frozenset):
        members: list[enum.Enum] = list(value)
        if not members:
            return []
        kind: type[enum.Enum] = type(members[0])
        return [m.value for m in kind if m in value]
    if isinstance(value, tuple):
        return [_plain(item) for item in value]
    return _fields_data(value)


def _fields_data(value: Any) -> dict[str, Any]:
    cls = type(value)
    data: dict[str, Any] = {}
    if cls in _EVENT_FIELDS:
        data["type"] = cls.__name__
    for name in _FIELDS[cls]:
        held = getattr(value, name)
        if cls is Policy and _is_v1_default(name, held):
            continue  # left out: a version-1 reader knows nothing of it
        if cls is Cap and name == "channels" and not value.shared:
            continue  # the cap of one channel: written as version 1 wrote it
        plain = _plain(held)
        if plain is not None:
            data[name] = plain
    return data


def _is_v1_default(name: str, held: object) -> bool:
    return name in _LATER_POLICY_DEFAULTS and held == _LATER_POLICY_DEFAULTS[name]


def _version_needed(value: object) -> int:
    """The lowest schema version that holds *value* (2 for what version 2 added)."""
    if isinstance(value, Policy):
        needed = max((_version_needed(part) for part in (*value.steps, *value.caps)), default=1)
        for name, since in _POLICY_FIELDS_SINCE.items():
            if not _is_v1_default(name, getattr(value, name)):
                needed = max(needed, since)
        return needed
    if isinstance(value, Step):
        return max(_STEP_KIND_SINCE.get(value.kind, 1), _channel_version(value.channel))
    if isinstance(value, Cap):
        needed = _SHARED_CAP_SINCE if value.shared else 1
        return max([needed, *(_channel_version(channel) for channel in value.channels)])
    events: tuple[Any, ...]
    if isinstance(value, Case):
        events = value.events
    elif isinstance(value, (tuple, list)):
        events = tuple(value)
    else:
        events = (value,)
    return max((_event_version(event) for event in events), default=1)


def _channel_version(channel: Channel | None) -> int:
    """The lowest schema version that holds *channel* (5 for a commissaire de justice)."""
    return _CHANNEL_SINCE.get(channel, 1) if channel is not None else 1


def _event_version(event: object) -> int:
    """The lowest schema version that holds *event*."""
    channel = getattr(event, "channel", None)
    if isinstance(channel, Channel) and channel in _CHANNEL_SINCE:
        return _CHANNEL_SINCE[channel]
    if type(event) in _RENAMED_SINCE:
        return _RENAMED_SINCE[type(event)]
    if isinstance(event, ForeclosureReliefRequested) or (
        isinstance(event, InvoiceOpened) and event.indemnity_in_currency is not None
    ):
        return 3
    if isinstance(event, (PenaltiesWaived, CollectiveProcedureOpened, ClaimDeclared)) or (
        isinstance(event, ClaimFiled) and event.procedure is Procedure.REFERE_PROVISION
    ):
        return 2
    return 1


_STEP_KIND_SINCE: Final[Mapping[StepKind, int]] = {
    StepKind.PENALTY_CLAIM: 2,
    StepKind.CLAIM_DECLARATION: 2,
    StepKind.FORECLOSURE_RELIEF: 3,
}
"""The step kinds added after version 1, and the version that added each."""


def _kind_name(value: object) -> str | None:
    cls = type(value)
    if cls in _FIELDS:
        return cls.__name__
    if isinstance(value, (tuple, list)) and all(type(v) in _EVENT_FIELDS for v in value):
        return _EVENTS_TYPE
    return None


def to_data(value: Document | Sequence[Event]) -> dict[str, Any]:
    """
    *value* as a JSON-ready document: a ``dict`` of ``str``, ``int``, ``bool``, lists and dicts.

    :func:`to_json` is ``json.dumps`` of it; use this one to store the document in a JSON column.

    Args:
        value: a :class:`~dunning_core.machine.Case`, a :class:`~dunning_core.policy.Policy`, a
            :class:`~dunning_core.policy.Step` or :class:`~dunning_core.policy.Cap`, a
            :class:`~dunning_core.terms.PaymentTerms`, a
            :class:`~dunning_core.interest.PenaltyBasis`, a :class:`~dunning_core.money.Money`,
            an event (or an :class:`~dunning_core.machine.Instalment`), or a list or tuple of events.

    Returns:
        The document, with ``"schema"`` and ``"type"`` first among its fields.

    Raises:
        InvalidArgument: *value* is none of these.

    >>> from dunning_core.terms import PaymentTerms
    >>> to_data(PaymentTerms.end_of_month(45))
    {'schema': 'dunning-core/1', 'type': 'PaymentTerms', 'kind': 'end_of_month', 'days': 45, \
'method': 'add_then_eom'}
    """
    name = _kind_name(value)
    if name is None:
        accepted = ", ".join(TYPES[:-1])
        raise InvalidArgument(
            "value", value, f"a value to serialize: {accepted}, or a list of events"
        )
    head = {"schema": f"{_PREFIX}{_version_needed(value)}", "type": name}
    if name == _EVENTS_TYPE:
        assert isinstance(value, (tuple, list))
        return {**head, "events": [_fields_data(event) for event in value]}
    body = _fields_data(value)
    body.pop("type", None)
    return {**head, **body}


_MAX_INDENT: Final = 16


def to_json(value: Document | Sequence[Event], *, indent: int | None = 2) -> str:
    """
    *value* as a JSON document of schema :data:`SCHEMA`; the same value always gives the same text.

    Keys are sorted, amounts are decimal strings (``"1250.00"``, never a float), dates are ISO
    ``YYYY-MM-DD`` text, enums are their values, fields holding ``None`` are left out, articles of
    :mod:`dunning_core.law` are written as their code and number.  Non-ASCII characters are
    written as such (UTF-8).

    Args:
        value: see :func:`to_data`.
        indent: spaces per level (``None``: one compact line).

    Returns:
        The JSON text, without a final newline.

    Raises:
        InvalidArgument: *value* cannot be serialized.

    >>> from dunning_core.money import Money
    >>> print(to_json(Money("12.5", "EUR")))
    {
      "amount": "12.50",
      "currency": "EUR",
      "schema": "dunning-core/1",
      "type": "Money"
    }
    """
    if indent is not None and (
        isinstance(indent, bool) or not isinstance(indent, int) or not 0 <= indent <= _MAX_INDENT
    ):
        raise InvalidArgument("indent", indent, f"0 to {_MAX_INDENT} spaces, or None")
    separators = (",", ": ") if indent is not None else (",", ":")
    return json.dumps(
        to_data(value),
        sort_keys=True,
        ensure_ascii=False,
        allow_nan=False,
        indent=indent,
        separators=separators,
    )


# --- reading ----------------------------------------------------------------------------------------


def _version(data: Mapping[str, Any]) -> int:
    if "schema" not in data:
        raise SerializationError(
            "/schema", f"missing: a dunning-core document names its schema, {SCHEMA!r}"
        )
    schema = data["schema"]
    if not isinstance(schema, str) or not schema.startswith(_PREFIX):
        raise SerializationError(
            "/schema", f"not a dunning-core document: expected {SCHEMA!r}, got {_got(schema)}"
        )
    tail = schema[len(_PREFIX) :]
    if not tail.isdigit() or not tail.isascii() or (tail.startswith("0") and tail != "0"):
        # Versions are written as plain numbers: "01" was never written, so it is not read as 1.
        raise SerializationError(
            "/schema", f"unreadable schema version {schema!r:.80}; expected {SCHEMA!r}", tail
        )
    if len(tail.lstrip("0")) > 9:  # int() of thousands of digits raises a raw ValueError
        raise SerializationError(
            "/schema",
            f"schema version {tail[:20]}… ({len(tail)} digits) was not written by any "
            f"dunning-core; this one reads versions up to {SCHEMA_VERSION}",
            tail[:20],
        )
    version = int(tail)
    if version > SCHEMA_VERSION:
        raise SerializationError(
            "/schema",
            f"schema version {version} was written by a newer dunning-core; this one reads "
            f"versions up to {SCHEMA_VERSION}: upgrade dunning-core to read it",
            version,
        )
    if version < 1:
        raise SerializationError(
            "/schema", f"unknown schema version {version}; versions start at 1", version
        )
    return version


def _check_history(
    events: tuple[Event, ...], stages: tuple[Stage, ...] | None, policy: Policy
) -> None:
    """Refuse events that ``replay`` under *policy* refuses, and stages it would not give."""
    opening = events[0]
    assert isinstance(opening, InvoiceOpened)
    case = Case.from_opening(opening)
    if stages is not None and case.stage is not stages[0]:
        raise _fail(
            "/stages/0", f"the opening gives stage {case.stage.value}, not {stages[0].value}"
        )
    for index, event in enumerate(events[1:], start=1):
        verdict = check(case, event, policy)
        if not verdict.allowed or verdict.case is None:
            raise _fail(
                f"/events/{index}",
                f"the policy {policy.name!r} refuses this event: {verdict.reason}",
            )
        case = verdict.case
        if stages is not None and case.stage is not stages[index]:
            raise _fail(
                f"/stages/{index}",
                f"under the policy {policy.name!r} this event leads to stage "
                f"{case.stage.value}, not {stages[index].value}",
            )


@overload
def from_data(data: object, expected: None = None, *, policy: Policy | None = None) -> Document: ...
@overload
def from_data(data: object, expected: type[_T], *, policy: Policy | None = None) -> _T: ...
def from_data(
    data: object, expected: type[Any] | None = None, *, policy: Policy | None = None
) -> Any:
    """
    Read a document produced by :func:`to_data` (or parsed from :func:`to_json` text).

    Args:
        data: the document.
        expected: the type the document must hold (``Case``, ``Policy``..., ``tuple`` for
            ``Events``); ``None`` accepts any.
        policy: for a ``Case`` or ``Events`` document, also check that
            :func:`~dunning_core.machine.replay` under this policy accepts every event (and, for a
            case, gives the recorded stages); without it only the record's own consistency is
            checked (first event an ``InvoiceOpened``, dates in order, stages never going back).

    Returns:
        The value, built with the library's constructors.

    Raises:
        SerializationError: the document is not readable (``.path``, ``.reason``,
            ``.schema_version``).
        InvalidArgument: *policy* is not a ``Policy``, or given for another type of document.

    >>> from_data({"schema": "dunning-core/1", "type": "Money", "amount": "3", "currency": "JPY"})
    Money('3', 'JPY')
    """
    if policy is not None and not isinstance(policy, Policy):
        raise InvalidArgument("policy", policy, "a Policy such as french_default(), or None")
    if not isinstance(data, dict):
        raise SerializationError(
            "", f"expected a JSON object with 'schema' and 'type', got {_got(data)}"
        )
    root = _object(data, "")
    version = _version(root)
    if "type" not in root:
        raise _fail("/type", f"missing: one of {', '.join(TYPES)}")
    name = root["type"]
    if not isinstance(name, str) or (name not in _TOP_LEVEL and name != _EVENTS_TYPE):
        raise _fail("/type", f"unknown type {_got(name)}; accepted: {', '.join(TYPES)}")
    cls = tuple if name == _EVENTS_TYPE else _TOP_LEVEL[name]
    if expected is not None and not (isinstance(expected, type) and issubclass(cls, expected)):
        wanted = getattr(expected, "__name__", repr(expected))
        raise _fail("/type", f"expected a {wanted} document, got a {name}")
    if policy is not None and name not in ("Case", _EVENTS_TYPE):
        raise InvalidArgument("policy", policy, "given only to read a Case or Events document")
    body = {k: v for k, v in root.items() if k not in ("schema", "type")}
    if name == _EVENTS_TYPE:
        _refuse_unknown(body, ("events",), "")
        if "events" not in body:
            raise _fail("/events", "missing: an Events document holds a list of events")
        events: tuple[Event, ...] = _list_of(_event_reader(version))(body["events"], "/events")
        if policy is not None:
            if not events or not isinstance(events[0], InvoiceOpened):
                raise _fail("/events/0", "to replay events, the first is an InvoiceOpened")
            _check_history(events, None, policy)
        return events
    value: Any
    if cls is Case:
        reader = _list_of(_event_reader(version))
        value = _build(Case, body, "", table={**_FIELDS[Case], "events": reader})
    else:
        value = _build(cls, body, "", names=_json_names(cls, version))
    if policy is not None and isinstance(value, Case):
        _check_history(value.events, value.stages, policy)
    return value


@overload
def from_json(
    text: str | bytes, expected: None = None, *, policy: Policy | None = None
) -> Document: ...
@overload
def from_json(text: str | bytes, expected: type[_T], *, policy: Policy | None = None) -> _T: ...
def from_json(
    text: str | bytes, expected: type[Any] | None = None, *, policy: Policy | None = None
) -> Any:
    """
    Read a JSON document written by :func:`to_json` (schema version 1).

    Args:
        text: the JSON text (``str``, or UTF-8 ``bytes``).
        expected: the type the document must hold (see :func:`from_data`).
        policy: check a ``Case`` or ``Events`` document against this policy (see
            :func:`from_data`).

    Returns:
        The value; ``from_json(to_json(x)) == x``.

    Raises:
        SerializationError: malformed JSON, an unknown or newer schema, a missing or unknown
            field, a wrong JSON type, an invalid amount, date, enum member or event type, a value
            the library's constructors refuse: ``.path`` is the JSON pointer of the node at fault.
        InvalidArgument: *policy* is not a ``Policy``, or given for another type of document.

    >>> from dunning_core.policy import Policy
    >>> from_json('{"schema": "dunning-core/6", "type": "Case"}')
    Traceback (most recent call last):
    ...
    dunning_core.errors.SerializationError: at /schema: schema version 6 was written by a newer \
dunning-core; this one reads versions up to 5: upgrade dunning-core to read it
    >>> from_json('{"schema": "dunning-core/1", "type": "Money", "amount": 1.5}', Money)
    Traceback (most recent call last):
    ...
    dunning_core.errors.SerializationError: at /amount: expected an amount as a decimal string \
such as "1250.00" (an optional minus, digits, one optional point), got the number 1.5
    """
    given: object = text
    if isinstance(given, (bytes, bytearray)):
        try:
            given = bytes(given).decode("utf-8")
        except UnicodeDecodeError as error:
            raise SerializationError("", f"not UTF-8 text: {error.reason}") from None
    if not isinstance(given, str):
        raise SerializationError(
            "", f"expected JSON text (str or bytes), not {type(given).__name__}"
        )
    try:
        data = json.loads(
            given, parse_float=Decimal, parse_constant=_Constant, object_pairs_hook=_pairs
        )
    except json.JSONDecodeError as error:
        raise SerializationError(
            "", f"not JSON: {error.msg} at line {error.lineno}, column {error.colno}"
        ) from None
    except (ValueError, RecursionError) as error:
        raise SerializationError("", f"not readable JSON: {error}") from None
    return from_data(data, expected, policy=policy)
