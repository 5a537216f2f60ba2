"""
Portfolios: invoices and their recorded events read from one file, and planned for a day.

A credit manager exports the open invoices of the ERP, with what happened to each (reminders,
payments, promises, disputes, *mises en demeure*...), into **one file**: CSV (one row per invoice
or event, a ``record`` column saying which) or JSON lines (one invoice and its events per line).
The columns are documented with examples in ``docs/portfolio.md``.

* :func:`read_portfolio` reads the text (the caller reads the file) into a :class:`Portfolio`:
  the cases, rebuilt with :func:`~dunning_core.machine.replay` so that every event is checked
  against the transition table, and the malformed rows, each a :class:`RowError` with its line
  number and the message of the :class:`~dunning_core.errors.DunningError` it raised.  An
  invoice with a malformed row is set aside (never planned on part of its history, which could
  chase a debtor whose dispute or payment was lost); the rest of the file is still read.
* :func:`plan_portfolio` plans every case for ``today``: a :class:`PortfolioPlan` of
  :class:`CasePlan` values, each with its actions (at most one per case, see
  :func:`~dunning_core.machine.next_actions`) and, computed only when read, the amounts to claim
  (principal, penalties, indemnity).
* :func:`dump_portfolio` writes cases back in either format (``read_portfolio`` reads them back
  equal).

Nothing here reads a file or the clock.

>>> from datetime import date
>>> text = '''invoice,record,date,amount,due_on,channel,step
... F-1,invoice,2026-01-15,1200.00,2026-02-14,,
... F-1,contact_made,2026-02-19,,,email,reminder_email_1
... F-2,invoice,2026-01-20,800.00,2026-02-19,,
... F-2,payment_received,2026-02-19,800.00,,,
... F-3,invoice,2026-01-31,abc,2026-03-02,,
... '''
>>> portfolio = read_portfolio(text)
>>> [case.reference for case in portfolio.cases], [str(e) for e in portfolio.errors]
(['F-1', 'F-2'], ["line 6: F-3: amounts must be Decimal, int or str; this string is not a \
decimal number such as '1250.00' (ASCII digits, an optional minus and point; no exponent, \
separator or sign) (got 'abc')"])
>>> plan = plan_portfolio(portfolio.cases, french_default(), date(2026, 3, 16))
>>> [(a.reference, a.step.name) for a in plan.actions]
[('F-1', 'reminder_call_1')]
>>> plan.items[0].amounts().interest  # 1200 × 12.15 % × 30 / 365
Decimal('11.98')
"""

from __future__ import annotations

import csv
import enum
import importlib.resources
import io
import json
import re
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from types import MappingProxyType
from typing import Any, Final, Literal, TypeAlias, final

import attrs

from dunning_core.calendar import parse_date, to_date
from dunning_core.errors import (
    ArgumentTypeError,
    DunningError,
    InvalidArgument,
    InvalidDate,
    PortfolioError,
)
from dunning_core.format import format_date, format_money, html_table
from dunning_core.law import PRACTICE
from dunning_core.machine import (
    Action,
    Agent,
    AlternativeResolutionStarted,
    Amounts,
    Case,
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
    Instalment,
    InvoiceOpened,
    PaymentPlanAgreed,
    PaymentReceived,
    Procedure,
    PromiseToPay,
    Proof,
    ProofRecorded,
    Reason,
    Resolution,
    SettlementAgreed,
    WrittenOff,
    apply,
    claim_amounts,
    next_actions,
    timeline,
)
from dunning_core.machine._case import require_cases, require_policy
from dunning_core.money import to_amount
from dunning_core.policy import Channel, DebtorSegment, Policy, Stage, french_default
from dunning_core.rates import RateBook
from dunning_core.terms import PaymentTerms

__all__ = [
    "COLUMNS",
    "FORMATS",
    "RECORDS",
    "SAMPLE_CREDITOR",
    "SAMPLE_DATE",
    "CasePlan",
    "Format",
    "Portfolio",
    "PortfolioPlan",
    "RowError",
    "dump_portfolio",
    "plan_portfolio",
    "read_portfolio",
    "sample_portfolio_text",
]

Format: TypeAlias = Literal["csv", "jsonl"]
"""A portfolio file format: ``"csv"`` or ``"jsonl"`` (JSON lines)."""

FORMATS: Final[tuple[str, ...]] = ("csv", "jsonl")
"""The portfolio file formats: ``csv`` and ``jsonl`` (JSON lines)."""

COLUMNS: Final[tuple[str, ...]] = (
    "invoice",
    "record",
    "date",
    "amount",
    "currency",
    "due_on",
    "terms",
    "delivered_on",
    "opened_on",
    "segment",
    "debtor",
    "channel",
    "step",
    "until",
    "detail",
    "note",
)
"""Every CSV column, in the order :func:`dump_portfolio` writes them; ``invoice``, ``record`` and
``date`` are required, the others optional (an absent column reads as empty)."""

_REQUIRED: Final = ("invoice", "record", "date")

SAMPLE_DATE: Final = date(2026, 3, 16)
"""The day the shipped sample portfolio is planned for (``dunning demo``): its events stop the day
before, and the shipped rate tables cover it."""

SAMPLE_CREDITOR: Final = "Lumen Équipements SAS"
"""The fictitious company whose invoices make the sample portfolio."""


def sample_portfolio_text() -> str:
    """
    The shipped sample portfolio (CSV): a few hundred invoices of a fictitious company.

    Generated by ``scripts/make_sample_portfolio.py`` (seeded, deterministic) with histories
    built through the state machine, plus three deliberately malformed rows, so that reading it
    shows how errors are reported.

    >>> portfolio = read_portfolio(sample_portfolio_text())
    >>> len(portfolio.cases) > 200, len(portfolio.errors)
    (True, 3)
    """
    resource = importlib.resources.files("dunning_core") / "_data" / "sample_portfolio.csv"
    return resource.read_text(encoding="utf-8")


RECORDS: Final[Mapping[str, frozenset[str]]] = MappingProxyType(
    {
        "invoice": frozenset(
            {
                "amount",
                "currency",
                "due_on",
                "terms",
                "delivered_on",
                "opened_on",
                "segment",
                "debtor",
            }
        ),
        ContactMade.kind: frozenset({"channel", "step"}),
        FormalNoticeSent.kind: frozenset({"channel", "step"}),
        FormalNoticeDelivered.kind: frozenset({"detail"}),
        PaymentReceived.kind: frozenset({"amount"}),
        CreditNoteIssued.kind: frozenset({"amount", "note"}),
        PromiseToPay.kind: frozenset({"until", "amount"}),
        DisputeOpened.kind: frozenset({"note"}),
        DisputeResolved.kind: frozenset({"note"}),
        PaymentPlanAgreed.kind: frozenset(),
        "instalment": frozenset({"amount"}),
        AlternativeResolutionStarted.kind: frozenset({"detail"}),
        HandedOver.kind: frozenset({"detail"}),
        ClaimFiled.kind: frozenset({"detail"}),
        ProofRecorded.kind: frozenset({"detail", "note"}),
        SettlementAgreed.kind: frozenset({"note"}),
        WrittenOff.kind: frozenset({"note"}),
    }
)
"""Each ``record`` value and the optional columns it takes (besides ``invoice`` and ``date``).
``invoice`` opens a case, ``instalment`` belongs to the ``payment_plan_agreed`` above it, the others
are the :data:`~dunning_core.machine.Event` kinds."""

_RECORD_LIST: Final = ", ".join(RECORDS)
_FR_DATE: Final = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*$")
_FR_DECIMAL: Final = re.compile(r"^\s*-?\d+,\d+\s*$")


@final
@attrs.frozen
class RowError:
    """
    A malformed row: where it is, which invoice it belongs to, and what was wrong.

    Attributes:
        line: the line number in the file (1 is the CSV header; for JSON lines, the invoice's
            line).
        invoice: the invoice reference of the row, or ``""`` when the row has none.
        message: the message of the :class:`~dunning_core.errors.DunningError` it raised.
        error: the name of that exception class (``"InvalidDate"``, ``"IllegalTransition"``...).

    >>> str(RowError(7, "F-3", "not a calendar date", "InvalidDate"))
    'line 7: F-3: not a calendar date'
    """

    line: int
    invoice: str
    message: str
    error: str

    def __str__(self) -> str:
        where = f"{self.invoice}: " if self.invoice else ""
        return f"line {self.line}: {where}{self.message}"


@final
@attrs.frozen
class Portfolio:
    """
    What :func:`read_portfolio` read: the cases, and the rows it could not use.

    Attributes:
        cases: one :class:`~dunning_core.machine.Case` per invoice read whole, in file order.
        errors: the malformed rows, in line order.
        set_aside: the invoices not read because one of their rows is malformed.
        debtors: ``{invoice: debtor name}`` for the invoices that gave one.
        lines: ``{invoice: line of its invoice row}``.

    >>> p = read_portfolio("invoice,record,date,amount,due_on\\nF-1,invoice,2026-01-15,90,2026-02-14\\n")
    >>> p.cases, p.errors, p.lines["F-1"]
    ((Case('F-1', stage=preventive, balance=Decimal('90'), events=1),), (), 2)
    """

    cases: tuple[Case, ...]
    errors: tuple[RowError, ...] = ()
    set_aside: tuple[str, ...] = ()
    debtors: Mapping[str, str] = attrs.field(factory=dict, hash=False)
    lines: Mapping[str, int] = attrs.field(factory=dict, hash=False)


# --- reading ------------------------------------------------------------------------------------


@attrs.frozen
class _Row:
    line: int
    invoice: str
    record: str
    values: Mapping[str, str]


class _Bad(Exception):
    """A row error before any DunningError is raised (the reader's own checks)."""


def _enum_value(kind: type[enum.Enum], name: str, text: str) -> Any:
    try:
        return kind(text.strip().lower())
    except ValueError:
        accepted = ", ".join(str(member.value) for member in kind)
        raise InvalidArgument(name, text, f"one of {accepted}") from None


def _date(values: Mapping[str, str], name: str) -> date:
    text = values.get(name, "")
    if not text.strip():
        raise InvalidDate(text, f"{name} is required: a date such as 2026-03-31 or 31/03/2026")
    match = _FR_DATE.match(text)
    if match is None:
        return parse_date(text)
    day, month, year = (int(group) for group in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        raise InvalidDate(
            text, f"{name}: not a calendar date; expected JJ/MM/AAAA such as 31/03/2026"
        ) from None


def _optional_date(values: Mapping[str, str], name: str) -> date | None:
    return _date(values, name) if values.get(name, "").strip() else None


def _amount(values: Mapping[str, str], name: str = "amount") -> Decimal:
    text = values.get(name, "").strip()
    if not text:
        raise InvalidArgument(name, text, f"{name} is required: an amount such as 1250.00")
    if _FR_DECIMAL.match(text):  # a French export: "1250,00"
        text = text.replace(",", ".")
    return to_amount(text)


def _text(values: Mapping[str, str], name: str) -> str:
    return values.get(name, "").strip()


def _event(row: _Row) -> Event:
    """The event of an event row (not ``invoice``, ``instalment`` nor ``payment_plan_agreed``)."""
    values = row.values
    on = _date(values, "date")
    record = row.record
    if record == ContactMade.kind:
        if not _text(values, "channel"):
            raise InvalidArgument("channel", "", "a contact needs its channel: email, phone...")
        channel = _enum_value(Channel, "channel", values["channel"])
        return ContactMade(on, channel, _text(values, "step") or None)
    if record == FormalNoticeSent.kind:
        text = _text(values, "channel")
        channel = _enum_value(Channel, "channel", text) if text else Channel.REGISTERED_LETTER
        return FormalNoticeSent(on, channel, _text(values, "step") or None)
    if record == FormalNoticeDelivered.kind:
        text = _text(values, "detail")
        outcome = _enum_value(Delivery, "detail", text) if text else Delivery.RECEIVED
        return FormalNoticeDelivered(on, outcome)
    if record == PaymentReceived.kind:
        return PaymentReceived(on, _amount(values))
    if record == CreditNoteIssued.kind:
        return CreditNoteIssued(on, _amount(values), _text(values, "note"))
    if record == PromiseToPay.kind:
        until = _date(values, "until")
        amount = _amount(values) if _text(values, "amount") else None
        return PromiseToPay(on, until, amount)
    if record == DisputeOpened.kind:
        return DisputeOpened(on, _text(values, "note"))
    if record == DisputeResolved.kind:
        return DisputeResolved(on, _text(values, "note"))
    if record == AlternativeResolutionStarted.kind:
        text = _text(values, "detail")
        method = _enum_value(Resolution, "detail", text) if text else Resolution.MEDIATION
        return AlternativeResolutionStarted(on, method)
    if record == HandedOver.kind:
        text = _text(values, "detail")
        return HandedOver(on, _enum_value(Agent, "detail", text) if text else Agent.AGENCY)
    if record == ClaimFiled.kind:
        text = _text(values, "detail")
        procedure = (
            _enum_value(Procedure, "detail", text) if text else Procedure.INJONCTION_DE_PAYER
        )
        return ClaimFiled(on, procedure)
    if record == ProofRecorded.kind:
        text = _text(values, "detail")
        proof = _enum_value(Proof, "detail", text) if text else Proof.INVOICE
        return ProofRecorded(on, proof, _text(values, "note"))
    if record == SettlementAgreed.kind:
        return SettlementAgreed(on, _text(values, "note"))
    assert record == WrittenOff.kind
    return WrittenOff(on, _text(values, "note"))


def _opening(row: _Row) -> InvoiceOpened:
    values = row.values
    issued = _date(values, "date")
    amount = _amount(values)
    currency = _text(values, "currency") or "EUR"
    text = _text(values, "segment")
    segment = _enum_value(DebtorSegment, "segment", text) if text else DebtorSegment.STANDARD
    due = _optional_date(values, "due_on")
    terms_text = _text(values, "terms")
    delivered = _optional_date(values, "delivered_on")
    opened = _optional_date(values, "opened_on")
    terms = PaymentTerms.parse(terms_text) if terms_text else None
    if (due is None) == (terms is None):
        raise InvalidArgument(
            "due_on", values.get("due_on", ""), "give the due_on date or the terms (one of them)"
        )
    case = Case.open(
        row.invoice,
        amount,
        issued,
        due_on=due,
        terms=terms,
        delivered_on=delivered,
        currency=currency,
        segment=segment,
        opened_on=opened,
    )
    opening = case.events[0]
    assert isinstance(opening, InvoiceOpened)
    return opening


def _check_row(row: _Row) -> None:
    if not row.invoice:
        raise _Bad("invoice: every row needs the invoice reference (got an empty cell)")
    allowed = RECORDS.get(row.record)
    if allowed is None:
        raise _Bad(f"record: one of {_RECORD_LIST} (got {row.record!r})")
    extra = sorted(
        k for k, v in row.values.items() if v.strip() and k != "date" and k not in allowed
    )
    if extra:
        takes = ", ".join(sorted(allowed)) or "no other column"
        article = "an" if row.record[0] in "aeiou" else "a"
        got = ", ".join(repr(row.values[k]) for k in extra)
        raise _Bad(
            f"{article} {row.record} row takes date, {takes}; not {', '.join(extra)} (got {got})"
        )


def _csv_rows(text: str) -> list[_Row]:
    if text.startswith("\ufeff"):  # a byte-order mark, as spreadsheet exports write
        text = text[1:]
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise PortfolioError(
            1, "the file is empty; expected a header row naming the columns"
        ) from None
    except csv.Error as error:
        raise PortfolioError(1, f"the header is not CSV: {error}") from None
    names = [name.strip().lower() for name in header]
    unknown = [n for n in names if n not in COLUMNS]
    if unknown:
        raise PortfolioError(
            1,
            f"unknown column(s) {', '.join(map(repr, unknown))}; the columns are {', '.join(COLUMNS)}",
        )
    missing = [n for n in _REQUIRED if n not in names]
    if missing:
        raise PortfolioError(
            1, f"missing column(s) {', '.join(missing)}; every file has invoice, record and date"
        )
    if len(set(names)) != len(names):
        raise PortfolioError(1, f"a column appears twice in the header {names}")
    rows: list[_Row] = []
    line = 2
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            rows.append(_Row(line, "", "", {"error": f"not CSV: {error}"}))
            line = reader.line_num + 1
            continue
        start, line = line, reader.line_num + 1
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) > len(names):
            rows.append(
                _Row(start, "", "", {"error": f"{len(cells)} cells, the header has {len(names)}"})
            )
            continue
        values = dict(zip(names, cells, strict=False))
        invoice = values.pop("invoice", "").strip()
        record = values.pop("record", "").strip().lower()
        rows.append(_Row(start, invoice, record, values))
    return rows


def _scalar(value: object, where: str) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        return str(value)
    raise _Bad(f"{where}: a string or a number (got {value!r})")


def _jsonl_rows(text: str) -> list[_Row]:
    rows: list[_Row] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            rows.extend(_json_line(number, raw))
        except (ValueError, _Bad) as error:
            rows.append(_Row(number, _json_reference(raw), "", {"error": str(error)}))
    return rows


def _json_reference(raw: str) -> str:
    try:
        data = json.loads(raw)
        reference = data["invoice"]["reference"]
    except (ValueError, TypeError, KeyError):
        return ""
    return reference.strip() if isinstance(reference, str) else ""


def _json_line(number: int, raw: str) -> list[_Row]:
    data = json.loads(raw, parse_float=Decimal)
    if not isinstance(data, dict) or not isinstance(data.get("invoice"), dict):
        raise _Bad('a line is an object {"invoice": {...}, "events": [...]}')
    unknown = sorted(set(data) - {"invoice", "events"})
    if unknown:
        raise _Bad(f'a line has the keys "invoice" and "events" only (got {unknown})')
    invoice = dict(data["invoice"])
    reference = _scalar(invoice.pop("reference", None), "reference").strip()
    rows = [_Row(number, reference, "invoice", _json_values(invoice, "invoice"))]
    events = data.get("events", [])
    if not isinstance(events, list):
        raise _Bad(f'"events" is a list of objects (got {events!r})')
    for index, item in enumerate(events):
        if not isinstance(item, dict):
            raise _Bad(f"events[{index}]: an object (got {item!r})")
        fields = dict(item)
        record = _scalar(fields.pop("record", None), f"events[{index}].record").strip().lower()
        instalments = fields.pop("instalments", None)
        rows.append(_Row(number, reference, record, _json_values(fields, f"events[{index}]")))
        if record == PaymentPlanAgreed.kind:
            if not isinstance(instalments, list):
                raise _Bad(f"events[{index}].instalments: a list of {{date, amount}}")
            for position, instalment in enumerate(instalments):
                if not isinstance(instalment, dict):
                    raise _Bad(f"events[{index}].instalments[{position}]: an object")
                where = f"events[{index}].instalments[{position}]"
                rows.append(
                    _Row(number, reference, "instalment", _json_values(dict(instalment), where))
                )
        elif instalments is not None:
            raise _Bad(f"events[{index}]: only a payment_plan_agreed has instalments")
    return rows


def _json_values(fields: dict[str, Any], where: str) -> dict[str, str]:
    unknown = sorted(k for k in fields if k not in COLUMNS or k in ("invoice", "record"))
    if unknown:
        raise _Bad(f"{where}: unknown key(s) {unknown}; the keys are the CSV columns")
    return {key: _scalar(value, f"{where}.{key}") for key, value in fields.items()}


def _error(line: int, invoice: str, error: Exception) -> RowError:
    name = type(error).__name__ if isinstance(error, DunningError) else "PortfolioError"
    return RowError(line, invoice, str(error), name)


def read_portfolio(text: str, *, format: Format = "csv", policy: Policy | None = None) -> Portfolio:
    """
    Read a portfolio: invoices and their events, from CSV or JSON lines text.

    CSV: a header row, then one row per invoice (``record`` = ``invoice``) or event (``record`` =
    the event kind, such as ``payment_received``), keyed by the ``invoice`` column; rows of an
    invoice may come anywhere in the file, and its events are sorted by date (stable: rows of one
    day keep their order).  The delimiter is ``,`` or ``;`` (read from the header), dates are
    ``2026-03-31`` or ``31/03/2026``, amounts ``1250.00`` or ``1250,00``.  JSON lines: one
    ``{"invoice": {"reference": ..., ...}, "events": [{"record": ..., ...}]}`` per line, with the
    CSV column names as keys.  Every column is described in ``docs/portfolio.md``.

    Each case is rebuilt event by event with :func:`~dunning_core.machine.apply`, so an event the
    transition table refuses (an overpayment, a claim without a formal notice...) is reported like
    a malformed value.  A malformed row is reported with its line number and sets its invoice
    aside; every other invoice is still read.

    Args:
        text: the file's text (the caller reads the file).
        format: ``"csv"`` or ``"jsonl"``.
        policy: the policy the events refer to (step names, caps); default
            :func:`~dunning_core.policy.french_default`.

    Returns:
        A :class:`Portfolio`.

    Raises:
        ArgumentTypeError: *text* is not a ``str`` (decode bytes first) or *policy* not a
            ``Policy``.
        InvalidArgument: *format* is not accepted.
        PortfolioError: nothing can be read: an empty file, unknown or missing CSV columns.

    >>> p = read_portfolio('{"invoice": {"reference": "F-9", "date": "2026-01-05", '
    ...                    '"amount": 500, "terms": "30 jours"}, "events": []}', format="jsonl")
    >>> p.cases[0].due_on
    datetime.date(2026, 2, 4)
    >>> read_portfolio("invoice,date\\n")
    Traceback (most recent call last):
    ...
    dunning_core.errors.PortfolioError: line 1: missing column(s) record; every file has invoice, record and date
    """
    given: object = text  # typed as a str, checked since callers may pass anything
    if not isinstance(given, str):
        hint = (
            "; decode bytes first, such as data.decode('utf-8')"
            if isinstance(given, (bytes, bytearray))
            else ""
        )
        raise ArgumentTypeError("text", text, f"the file's text, a str{hint}")
    if format not in FORMATS:
        raise InvalidArgument("format", format, f"one of {', '.join(FORMATS)}")
    chosen = french_default() if policy is None else require_policy(policy)
    rows = _csv_rows(text) if format == "csv" else _jsonl_rows(text)
    return _assemble(rows, chosen)


@attrs.define
class _Pending:
    """An event row of an invoice, in file order; a plan gathers the instalment rows after it."""

    row: _Row
    event: Event | None
    instalments: list[Instalment] = attrs.field(factory=list)


def _assemble(rows: list[_Row], policy: Policy) -> Portfolio:
    errors: list[RowError] = []
    bad: set[str] = set()
    openings: dict[str, tuple[InvoiceOpened, int]] = {}
    debtors: dict[str, str] = {}
    pending: dict[str, list[_Pending]] = {}
    last_plan: dict[str, _Pending] = {}

    def fail(row: _Row, error: Exception) -> None:
        errors.append(_error(row.line, row.invoice, error))
        if row.invoice:
            bad.add(row.invoice)

    for row in rows:
        if "error" in row.values and not row.record:
            fail(row, _Bad(row.values["error"]))
            continue
        try:
            _check_row(row)
            if row.record == "invoice":
                if row.invoice in openings:
                    first = openings[row.invoice][1]
                    raise _Bad(
                        f"a second invoice row for {row.invoice} (the first is line {first})"
                    )
                openings[row.invoice] = (_opening(row), row.line)
                if _text(row.values, "debtor"):
                    debtors[row.invoice] = _text(row.values, "debtor")
            elif row.record == "instalment":
                plan = last_plan.get(row.invoice)
                if plan is None:
                    raise _Bad("an instalment row comes after its payment_plan_agreed row")
                plan.instalments.append(Instalment(_date(row.values, "date"), _amount(row.values)))
            elif row.record == PaymentPlanAgreed.kind:
                _date(row.values, "date")
                entry = _Pending(row, None)
                last_plan[row.invoice] = entry
                pending.setdefault(row.invoice, []).append(entry)
            else:
                pending.setdefault(row.invoice, []).append(_Pending(row, _event(row)))
        except (DunningError, _Bad) as error:
            fail(row, error)
    for invoice, entries in pending.items():
        if invoice not in openings and invoice not in bad:
            orphan = _Bad(f"no invoice row for {invoice}: its events cannot be read")
            errors.append(_error(entries[0].row.line, invoice, orphan))
    cases: list[Case] = []
    lines: dict[str, int] = {}
    for invoice, (opening, line) in openings.items():
        lines[invoice] = line
        if invoice in bad:
            continue
        try:
            case = _replay(opening, pending.get(invoice, []), policy)
        except _RowFailure as failure:
            errors.append(_error(failure.row.line, invoice, failure.error))
            bad.add(invoice)
            continue
        cases.append(case)
    errors.sort(key=lambda e: e.line)
    set_aside = tuple(sorted(bad, key=lambda i: (lines.get(i, 0), i)))
    return Portfolio(tuple(cases), tuple(errors), set_aside, debtors, lines)


class _RowFailure(Exception):
    def __init__(self, row: _Row, error: DunningError) -> None:
        super().__init__(str(error))
        self.row = row
        self.error = error


def _replay(opening: InvoiceOpened, entries: list[_Pending], policy: Policy) -> Case:
    built: list[tuple[Event, _Row]] = []
    for entry in entries:
        event = entry.event
        if event is None:  # a payment plan, with the instalment rows read after it
            try:
                event = PaymentPlanAgreed(_date(entry.row.values, "date"), entry.instalments)
            except DunningError as error:
                raise _RowFailure(entry.row, error) from None
        built.append((event, entry.row))
    built.sort(key=lambda pair: pair[0].on)  # stable: the rows of one day keep their order
    case = Case.from_opening(opening)
    for event, row in built:
        try:
            case = apply(case, event, policy)
        except DunningError as error:
            raise _RowFailure(row, error) from None
    return case


# --- writing ------------------------------------------------------------------------------------


def _event_values(event: Event) -> dict[str, str]:
    """The columns of *event*'s row (``record`` and ``date`` included)."""
    values = {"record": event.kind, "date": event.on.isoformat()}
    if isinstance(event, (ContactMade, FormalNoticeSent)):
        values["channel"] = event.channel.value
        values["step"] = event.step or ""
    elif isinstance(event, FormalNoticeDelivered):
        values["detail"] = event.outcome.value
    elif isinstance(event, PaymentReceived):
        values["amount"] = str(event.amount)
    elif isinstance(event, CreditNoteIssued):
        values["amount"] = str(event.amount)
        values["note"] = event.reference
    elif isinstance(event, PromiseToPay):
        values["until"] = event.until.isoformat()
        values["amount"] = "" if event.amount is None else str(event.amount)
    elif isinstance(event, (DisputeOpened, WrittenOff)):
        values["note"] = event.reason
    elif isinstance(event, (DisputeResolved, SettlementAgreed)):
        values["note"] = event.note
    elif isinstance(event, AlternativeResolutionStarted):
        values["detail"] = event.method.value
    elif isinstance(event, HandedOver):
        values["detail"] = event.to.value
    elif isinstance(event, ClaimFiled):
        values["detail"] = event.procedure.value
    elif isinstance(event, ProofRecorded):
        values["detail"] = event.proof.value
        values["note"] = event.reference
    return {key: value for key, value in values.items() if value != ""}


def _invoice_values(case: Case, debtor: str) -> dict[str, str]:
    opening = case.opening
    values = {
        "date": opening.issued_on.isoformat(),
        "amount": str(opening.amount),
        "currency": opening.currency,
        "due_on": opening.due_on.isoformat(),
        "segment": opening.segment.value,
        "debtor": debtor,
    }
    if opening.on != opening.issued_on:
        values["opened_on"] = opening.on.isoformat()
    return {key: value for key, value in values.items() if value != ""}


def _debtors(value: object) -> Mapping[str, str]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise ArgumentTypeError("debtors", value, "a mapping {invoice: debtor name}, or None")
    for key, name in value.items():
        if not isinstance(name, str):
            raise ArgumentTypeError(f"debtors[{key!r}]", name, "a debtor name (str)")
    return value


def dump_portfolio(
    cases: Iterable[Case],
    *,
    format: Format = "csv",
    debtors: Mapping[str, str] | None = None,
) -> str:
    """
    Write *cases* as a portfolio file that :func:`read_portfolio` reads back equal.

    The invoice row gives the due date (``due_on``), never the terms.  CSV rows come invoice by
    invoice, each followed by its events in order; a payment plan is followed by its
    ``instalment`` rows.

    Args:
        cases: the cases.
        format: ``"csv"`` or ``"jsonl"``.
        debtors: ``{invoice: debtor name}`` to write in the ``debtor`` column.

    Returns:
        The file's text.

    Raises:
        InvalidArgument: *format* is not accepted.
        ArgumentTypeError: *cases* is not an iterable of ``Case``, or *debtors* not a mapping
            of ``str`` (or ``None``).

    >>> case = Case.open("F-1", "90.00", date(2026, 1, 15), due_on=date(2026, 2, 14))
    >>> print(dump_portfolio([case]), end="")
    invoice,record,date,amount,currency,due_on,terms,delivered_on,opened_on,segment,debtor,channel,step,until,detail,note
    F-1,invoice,2026-01-15,90.00,EUR,2026-02-14,,,,standard,,,,,,
    >>> read_portfolio(dump_portfolio([case])).cases == (case,)
    True
    """
    if format not in FORMATS:
        raise InvalidArgument("format", format, f"one of {', '.join(FORMATS)}")
    items = require_cases(cases, "Case values")
    names = _debtors(debtors)
    if format == "jsonl":
        lines = []
        for case in items:
            invoice: dict[str, Any] = {"reference": case.reference}
            invoice.update(_invoice_values(case, names.get(case.reference, "")))
            events: list[dict[str, Any]] = []
            for event in case.events[1:]:
                values: dict[str, Any] = _event_values(event)
                if isinstance(event, PaymentPlanAgreed):
                    values["instalments"] = [
                        {"date": i.on.isoformat(), "amount": str(i.amount)}
                        for i in event.instalments
                    ]
                events.append(values)
            lines.append(json.dumps({"invoice": invoice, "events": events}, ensure_ascii=False))
        return "".join(line + "\n" for line in lines)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n", restval="")
    writer.writeheader()
    for case in items:
        writer.writerow(
            {
                "invoice": case.reference,
                "record": "invoice",
                **_invoice_values(case, names.get(case.reference, "")),
            }
        )
        for event in case.events[1:]:
            writer.writerow({"invoice": case.reference, **_event_values(event)})
            if isinstance(event, PaymentPlanAgreed):
                for instalment in event.instalments:
                    writer.writerow(
                        {
                            "invoice": case.reference,
                            "record": "instalment",
                            "date": instalment.on.isoformat(),
                            "amount": str(instalment.amount),
                        }
                    )
    return buffer.getvalue()


# --- planning -----------------------------------------------------------------------------------


@final
@attrs.frozen
class CasePlan:
    """
    One case planned for a day: its actions and, on demand, the amounts to claim.

    Attributes:
        case: the case.
        actions: what is due on :attr:`today` (zero or one :class:`~dunning_core.machine.Action`).
        today: the day planned for.
        stage: the case's stage on *today* (a preventive case is amicable once overdue).
        days_late: days since the due date for an open case, else 0.
        policy: the policy it was planned with.

    >>> case = Case.open("F-1", "1200.00", date(2026, 1, 15), due_on=date(2026, 2, 14))
    >>> item = plan_portfolio([case], french_default(), date(2026, 3, 16)).items[0]
    >>> item.stage, item.days_late, [a.step.name for a in item.actions]
    (<Stage.AMICABLE: 'amicable'>, 30, ['reminder_email_1'])
    >>> str(item.status())
    "step 'reminder_email_1' (amicable, email), 5 days after the due date 2026-02-14 (pratique)"
    """

    case: Case
    actions: tuple[Action, ...]
    today: date
    stage: Stage
    days_late: int
    policy: Policy = attrs.field(eq=False, repr=False)

    def amounts(self, *, rates: RateBook | None = None) -> Amounts:
        """
        What to claim from the debtor on :attr:`today`: principal, penalties and indemnity.

        Computed when called (see :func:`~dunning_core.machine.claim_amounts`).

        Raises:
            RateUnavailable: the rate tables do not cover the late days.
        """
        return claim_amounts(self.case, self.policy, self.today, rates=rates)

    def status(self) -> Reason:
        """
        Why the case is where it is today: the action due and its rule, or why nothing is due.

        The first reason of the action when one is due; else the closed stage, the open dispute,
        the promise or payment plan that pauses escalation, or the next step and its date.
        """
        if self.actions:
            return self.actions[0].reasons[0]
        case, today = self.case, self.today
        if case.stage.terminal:
            return Reason(f"closed: {case.stage.label}", PRACTICE)
        if case.dispute is not None:
            return Reason(
                f"dispute open since {case.dispute.on}: no contact nor escalation until it is "
                "resolved",
                PRACTICE,
            )
        if case.promise_active(today):
            assert case.promise is not None
            return Reason(f"promise to pay until {case.promise.until}: escalation paused", PRACTICE)
        if case.plan_active(today):
            return Reason("payment plan (échéancier) on track: escalation paused", PRACTICE)
        for action in timeline(case, self.policy):
            if action.due_on > today:
                return Reason(
                    f"next step {action.step.name!r} on {action.due_on}", action.step.article
                )
        return Reason("no step left in the policy", PRACTICE)


@final
@attrs.frozen
class PortfolioPlan:
    """
    A portfolio planned for a day.

    Attributes:
        today: the day planned for.
        items: one :class:`CasePlan` per case planned, in the order given.
        errors: the cases that could not be planned (an event dated after *today*...), as
            :class:`RowError` values with ``line`` 0.
        policy: the policy.

    >>> from dunning_core.policy import Channel
    >>> cases = [Case.open(f"F-{i}", "1200.00", date(2026, 1, 15), due_on=date(2026, 2, 14))
    ...          for i in range(3)]
    >>> plan = plan_portfolio(cases, french_default(), date(2026, 3, 16))
    >>> {channel: len(actions) for channel, actions in plan.by_channel().items()}
    {'email': 3}
    >>> plan.stage_counts()[Stage.AMICABLE]
    3
    """

    today: date
    items: tuple[CasePlan, ...]
    errors: tuple[RowError, ...]
    policy: Policy = attrs.field(eq=False, repr=False)

    @property
    def actions(self) -> tuple[Action, ...]:
        """Every action due today, case by case."""
        return tuple(action for item in self.items for action in item.actions)

    def stage_counts(self) -> dict[Stage, int]:
        """``{stage: number of cases}`` on :attr:`today`, for every stage, in stage order."""
        counts = dict.fromkeys(Stage, 0)
        for item in self.items:
            counts[item.stage] += 1
        return counts

    def by_channel(self) -> dict[str, tuple[Action, ...]]:
        """
        Today's actions grouped by channel (``"email"``, ``"phone"``...), or by step kind for a
        hand-over or a claim (``"hand_over"``, ``"claim"``), in :class:`~dunning_core.policy.Channel`
        order then kind order.
        """
        groups: dict[str, list[Action]] = {}
        for action in self.actions:
            key = action.channel.value if action.channel is not None else action.kind.value
            groups.setdefault(key, []).append(action)
        order = [c.value for c in Channel] + ["formal_notice", "hand_over", "claim"]
        return {key: tuple(groups[key]) for key in order if key in groups}

    def _repr_html_(self) -> str:
        """The plan as an HTML table, one row per case (the first 50), for notebooks."""
        rows = [
            (
                item.case.reference,
                item.stage.label,
                item.days_late,
                format_money(item.case.balance, item.case.currency),
                ", ".join(action.step.name for action in item.actions),
                ", ".join(a.channel.label for a in item.actions if a.channel is not None),
            )
            for item in self.items
        ]
        caption = (
            f"Plan du {format_date(self.today)} : {len(self.items)} dossiers, "
            f"{len(self.actions)} actions dues, {len(self.errors)} erreurs"
        )
        headers = ("Facture", "Stade", "Jours de retard", "Solde", "Action du jour", "Canal")
        notes = [str(error) for error in self.errors]
        return html_table(headers, rows, caption=caption, notes=notes, max_rows=50)

    def overdue(self) -> tuple[CasePlan, ...]:
        """
        The open, overdue cases, largest balance first (then the longest late, then reference).
        """
        late = [i for i in self.items if i.days_late > 0]
        return tuple(sorted(late, key=lambda i: (-i.case.balance, -i.days_late, i.case.reference)))


def plan_portfolio(cases: Iterable[Case], policy: Policy, today: date) -> PortfolioPlan:
    """
    Plan every case for *today*: what is due, case by case (see
    :func:`~dunning_core.machine.next_actions`).

    A case that cannot be planned (its last event is after *today*) is reported in
    :attr:`PortfolioPlan.errors` and the others are still planned.  Amounts are computed only
    when read (:meth:`CasePlan.amounts`, :meth:`~dunning_core.machine.Action.amounts`).

    Args:
        cases: the cases (``Portfolio.cases``).
        policy: the policy.
        today: the day to plan for.

    Returns:
        A :class:`PortfolioPlan`.

    Raises:
        ArgumentTypeError: *policy* is not a ``Policy``, or *cases* not an iterable of ``Case``.
        DateTypeError: *today* is not a ``date``.

    >>> case = Case.open("F-1", "1200.00", date(2026, 1, 15), due_on=date(2026, 2, 14))
    >>> plan = plan_portfolio([case], french_default(), date(2026, 2, 1))
    >>> plan.actions, plan.errors
    ((), ())
    >>> print(plan_portfolio([case], french_default(), date(2026, 1, 1)).errors[0].message)
    plan on or after the case's last event (2026-01-15), not before it (got datetime.date(2026, 1, 1))
    """
    day = to_date(today, name="today")
    require_policy(policy)
    items = require_cases(cases, "Case values (Portfolio.cases)")
    planned: list[CasePlan] = []
    errors: list[RowError] = []
    for case in items:
        try:
            actions = next_actions(case, policy, day)
        except DunningError as error:
            errors.append(_error(0, case.reference, error))
            continue
        stage = case.stage_on(day)
        late = (day - case.due_on).days if not stage.terminal and day > case.due_on else 0
        planned.append(CasePlan(case, actions, day, stage, late, policy))
    return PortfolioPlan(day, tuple(planned), tuple(errors), policy)
