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
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date
from decimal import Decimal
from types import MappingProxyType
from typing import Any, Final, Literal, TypeAlias, final

import attrs
from babel.numbers import NumberFormatError, parse_decimal

from dunning_core._i18n import DEFAULT_LOCALE
from dunning_core._text import check_text
from dunning_core.calendar import (
    DAY_FIRST,
    ISO_DATE,
    parse_date,
    parse_day_first,
    to_date,
)
from dunning_core.errors import (
    ArgumentTypeError,
    DunningError,
    IllegalTransition,
    InvalidAmount,
    InvalidArgument,
    InvalidDate,
    InvalidTerms,
    PortfolioError,
)
from dunning_core.law import PRACTICE
from dunning_core.machine import (
    EVENT_TYPES,
    Action,
    Amounts,
    Case,
    Event,
    Instalment,
    InvoiceOpened,
    PaymentPlanAgreed,
    Reason,
    apply,
    claim_amounts,
    next_actions,
    timeline,
)
from dunning_core.machine._case import require_cases, require_policy
from dunning_core.machine._events import MAX_REFERENCE
from dunning_core.machine._fields import FIELDS, Field, Kind
from dunning_core.money import check_currency, minor_units, quantize, to_amount
from dunning_core.policy import Channel, DebtorSegment, Policy, Stage, french_default
from dunning_core.rates import RateBook
from dunning_core.terms import PaymentTerms

__all__ = [
    "COLUMNS",
    "FORMATS",
    "MAX_DEBTOR",
    "MAX_LINES",
    "MAX_LINE_LENGTH",
    "RECORDS",
    "ROW_ERROR_CODES",
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

Format: TypeAlias = Literal["csv", "csv-fr", "jsonl"]
"""A portfolio file format: ``"csv"``, ``"csv-fr"`` (French spreadsheets) or ``"jsonl"``."""

FORMATS: Final[tuple[str, ...]] = ("csv", "csv-fr", "jsonl")
"""The portfolio file formats: ``csv``, ``csv-fr`` (``;``, ``31/03/2026``, ``1 234,56``) and
``jsonl`` (JSON lines)."""

COLUMNS: Final[tuple[str, ...]] = (
    "invoice",
    "record",
    "date",
    "amount",
    "currency",
    "indemnity_in_currency",
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


def _columns(cls: type[Any]) -> frozenset[str]:
    """The columns of *cls*'s fields in the machine's field table, but ``date``."""
    return frozenset(f.column for f in FIELDS[cls] if f.column is not None) - {"date"}


_INVOICE_ONLY: Final = frozenset({"terms", "delivered_on", "debtor"})
"""The invoice row's columns that are no field of InvoiceOpened (read by Case.open)."""

_EVENT_KINDS: Final[Mapping[str, type[Any]]] = {
    cls.kind: cls for cls in EVENT_TYPES if cls is not InvoiceOpened
}


def _records() -> dict[str, frozenset[str]]:
    records = {"invoice": (_columns(InvoiceOpened) - {"invoice"}) | _INVOICE_ONLY}
    for kind, cls in _EVENT_KINDS.items():
        records[kind] = _columns(cls)
        if cls is PaymentPlanAgreed:  # its instalments are the rows after it
            records["instalment"] = _columns(Instalment)
    return records


RECORDS: Final[Mapping[str, frozenset[str]]] = MappingProxyType(_records())
"""Each ``record`` value and the optional columns it takes (besides ``invoice`` and ``date``).
``invoice`` opens a case, ``instalment`` belongs to the ``payment_plan_agreed`` above it, the others
are the :data:`~dunning_core.machine.Event` kinds."""

_RECORD_LIST: Final = ", ".join(RECORDS)

MAX_LINE_LENGTH: Final = 1_000_000
"""The longest line :func:`read_portfolio` reads, in characters (a longer one stops the reading:
the file is not a portfolio, or its line breaks are missing)."""

MAX_LINES: Final = 50_000_000
"""The most lines :func:`read_portfolio` reads from one file."""

MAX_DEBTOR: Final = 200
"""The longest debtor name read from the ``debtor`` column, in characters."""


@final
@attrs.frozen
class RowError:
    """
    A malformed row: where it is, which invoice it belongs to, and what was wrong, as data.

    The reader's sentence is rendered from the data (:meth:`text`, French by default, English
    with ``locale="en_GB"``); ``message`` is the developer's English sentence.

    Attributes:
        line: the line number in the file (1 is the CSV header; for JSON lines, the invoice's
            line).
        invoice: the invoice reference of the row, or ``""`` when the row has none.
        message: the message of the :class:`~dunning_core.errors.DunningError` it raised.
        error: the name of that exception class (``"InvalidDate"``, ``"IllegalTransition"``...).
        code: what was wrong (:data:`ROW_ERROR_CODES`): ``"not_a_calendar_date"``,
            ``"not_one_of"``, ``"refused"``...; ``"invalid"`` when no finer code applies.
        field: the column at fault (``"date"``, ``"channel"``...), or ``""``.
        value: the cell as read, or ``""``.
        params: more data the sentence uses, ``(name, value)`` pairs (the values accepted, the
            refused event's kind and date, the line of a first invoice row...).
        why: for an event the transition table refused, its
            :class:`~dunning_core.machine.Reason`; else ``None``.

    >>> error = RowError(7, "F-3", "not a calendar date", "InvalidDate",
    ...                  code="not_a_calendar_date", field="date", value="2026-02-30")
    >>> str(error)
    'line 7: F-3: not a calendar date'
    >>> print(error.text())
    ligne 7 — colonne « date » : le 2026-02-30 n'existe pas dans le calendrier
    >>> error.text(locale="en_GB")
    "line 7 — column 'date': 2026-02-30 is not a day of the calendar"
    """

    line: int
    invoice: str
    message: str
    error: str
    code: str = attrs.field(default="invalid", kw_only=True, eq=False)
    field: str = attrs.field(default="", kw_only=True, eq=False)
    value: str = attrs.field(default="", kw_only=True, eq=False)
    params: tuple[tuple[str, Any], ...] = attrs.field(default=(), kw_only=True, eq=False)
    why: Reason | None = attrs.field(default=None, kw_only=True, eq=False)

    def __str__(self) -> str:
        where = f"{self.invoice}: " if self.invoice else ""
        return f"line {self.line}: {where}{self.message}"

    def text(self, locale: str = DEFAULT_LOCALE) -> str:
        """The row's error for people in *locale* (``fr_FR`` by default), from its data."""
        from dunning_core.display import _rows  # the display layer sits above this module

        return _rows.row_error_text(self, locale=locale)


ROW_ERROR_CODES: Final = (
    "required",
    "not_a_date",
    "not_a_calendar_date",
    "french_date",
    "not_an_amount",
    "french_amount",
    "not_one_of",
    "extra_columns",
    "second_invoice_row",
    "no_invoice_row",
    "instalment_before_plan",
    "cell_count",
    "bad_terms",
    "due_or_terms",
    "not_a_currency",
    "too_many_decimals",
    "refused",
    "before_last_event",
    "not_csv",
    "not_json",
    "json_line_shape",
    "json_line_keys",
    "json_unknown_keys",
    "json_scalar",
    "json_list",
    "json_object",
    "json_instalments",
    "json_too_deep",
    "json_duplicate_key",
    "invalid",
)
"""The codes of :attr:`RowError.code`, each with its sentence in the display layer."""


@final
@attrs.frozen
class Portfolio:
    """
    What :func:`read_portfolio` read: the cases, and the rows it could not use.

    Attributes:
        cases: one :class:`~dunning_core.machine.Case` per invoice read whole, in file order.
        errors: the malformed rows, in line order (``invoice`` is ``""`` for a row that names
            none).
        set_aside: the invoices not read because one of their rows is malformed (every
            invoice of a CSV file when one of its rows names no invoice: it could be any one's).
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

    def plan_frame(self, policy: Policy, today: date, *, amounts: bool = False) -> Any:
        """
        What is due on *today* for every case, as a pandas frame indexed by invoice reference:
        :func:`~dunning_core.frames.plan_frame` on the cases' columns
        (:func:`~dunning_core.frames.fold_events`), the same actions as
        :func:`~dunning_core.machine.next_actions` case by case.  Needs the pandas extra.

        >>> from dunning_core.policy import french_default
        >>> p = read_portfolio(sample_portfolio_text())
        >>> out = p.plan_frame(french_default(), SAMPLE_DATE)
        >>> out.loc[out["action"].notna(), ["action", "channel"]].head(2)
                            action channel
        F-2025-0004  penalty_claim  letter
        F-2025-0016      hand_over     NaN
        >>> plan = plan_portfolio(p.cases, french_default(), SAMPLE_DATE)
        >>> [a.step.name for a in plan.actions] == out["action"].dropna().tolist()
        True
        """
        from dunning_core.frames import events_frame, fold_events, plan_frame

        known = {case.reference: case for case in self.cases}
        folded = fold_events(events_frame(self.cases), policy, cases=known)
        return plan_frame(folded, policy, today, amounts=amounts)


# --- reading ------------------------------------------------------------------------------------


def _capped(text: str, limit: int) -> str:
    """*text*, cut to *limit* characters and an ellipsis: what a report keeps of a bad row, so
    that memory follows the invoices kept, not the size of the bad rows."""
    return text if len(text) <= limit else text[:limit] + "…"


def _key(invoice: str) -> str:
    # Longer than any reference InvoiceOpened accepts: cut (it stays too long, so refused).
    return _capped(invoice, MAX_REFERENCE)


_SHOWN_LIMIT: Final = 300
"""The most characters a RowError keeps of its message and of the cell it quotes."""


@attrs.frozen
class _Row:
    line: int
    invoice: str = attrs.field(converter=_key)
    record: str
    values: Mapping[str, str]
    failure: _Bad | None = attrs.field(default=None, eq=False)
    """A line that could not be read into rows (a JSON line of another shape), with its data."""


_TRIM: Final = " \t\u00a0\u202f"
"""What is trimmed around a cell: spaces and tabs, never a control or separator character."""


class _Bad(Exception):
    """
    A row error with its data (:class:`RowError`): the reader's own checks, or a
    :class:`DunningError` (*cause*) raised while reading a cell, with the cell it came from.
    """

    def __init__(
        self,
        message: str,
        code: str = "invalid",
        field: str = "",
        value: str = "",
        params: tuple[tuple[str, Any], ...] = (),
        cause: DunningError | None = None,
    ) -> None:
        super().__init__(message)
        self.reference: str | None = None  # a JSON line's invoice, when it was read
        self.code, self.field, self.value, self.params, self.cause = (
            code,
            field,
            value,
            params,
            cause,
        )


def _enum_value(kind: type[enum.Enum], name: str, text: str) -> Any:
    try:
        return kind(text.strip(_TRIM).lower())
    except ValueError:
        values = tuple(str(member.value) for member in kind)
        error = InvalidArgument(name, text, f"one of {', '.join(values)}")
        raise _Bad(str(error), "not_one_of", name, text, (("accepted", values),), error) from None


_FR_NUMBER: Final = re.compile(r"[0-9][0-9 \u00a0\u202f]*(?:,[0-9]+)?")
_FR_SPACES: Final = str.maketrans({" ": "\u202f", "\u00a0": "\u202f"})
_FILE_LOCALE: Final = "fr_FR"  # csv-fr numbers are read in the French locale, whatever the reader's


def _iso_date(text: str) -> date:
    if DAY_FIRST.fullmatch(text):
        raise InvalidDate(
            text, "a date such as 2026-03-31; read French exports (31/03/2026) with format='csv-fr'"
        )
    return parse_date(text)


def _french_date(text: str) -> date:
    """``31/03/2026`` (ASCII digits, day first, never month first), or ISO ``2026-03-31``."""
    if DAY_FIRST.fullmatch(text):
        return parse_day_first(text)
    if ISO_DATE.fullmatch(text):
        return parse_date(text)
    raise InvalidDate(text, "a date such as 31/03/2026 (JJ/MM/AAAA) or 2026-03-31")


def _plain_amount(text: str) -> Decimal:
    if re.fullmatch(r"-?[0-9]+,[0-9]+", text):
        raise InvalidAmount(
            text, "an amount such as 1250.00; read French exports (1250,00) with format='csv-fr'"
        )
    return to_amount(text)


def _french_amount(text: str) -> Decimal:
    """
    An amount as French spreadsheets write it: a decimal comma, and spaces, no-break spaces or
    narrow no-break spaces between groups of three digits (``1 234,56``), read by babel's
    parser for ``fr_FR`` in strict mode.  A point is never a separator here: ``1.234,56`` and
    ``1,234.56`` are refused, not guessed.
    """
    if not _FR_NUMBER.fullmatch(text):
        raise InvalidAmount(
            text,
            "an amount such as 1250,00 or 1 234,56 (ASCII digits, a decimal comma, spaces "
            "between groups of three digits; no point, no sign, no currency)",
        )
    try:
        number = parse_decimal(text.translate(_FR_SPACES), locale=_FILE_LOCALE, strict=True)
    except NumberFormatError:
        raise InvalidAmount(
            text, "digits grouped by three after the spaces, such as 1 234 567,89"
        ) from None
    return to_amount(number)


@attrs.frozen
class _Dialect:
    """How the cells of a file are written: the separator and the readers of dates and amounts."""

    name: str
    delimiter: str
    date: Callable[[str], date]
    amount: Callable[[str], Decimal]


_DIALECTS: Final = {
    "csv": _Dialect("csv", ",", _iso_date, _plain_amount),
    "csv-fr": _Dialect("csv-fr", ";", _french_date, _french_amount),
    "jsonl": _Dialect("jsonl", ",", parse_date, to_amount),
}


_EXAMPLES: Final = {"csv": ("2026-03-31", "1250.00"), "csv-fr": ("31/03/2026", "1 234,56")}
"""A date and an amount as each dialect writes them (JSON lines write them as CSV does)."""


def _date(values: Mapping[str, str], name: str, dialect: _Dialect) -> date:
    text = values.get(name, "").strip(_TRIM)
    example = (("example", _EXAMPLES.get(dialect.name, _EXAMPLES["csv"])[0]),)
    if not text:
        error = InvalidDate(text, f"{name} is required: a date such as 2026-03-31")
        raise _Bad(str(error), "required", name, text, example, error)
    try:
        return dialect.date(text)
    except InvalidDate as error:
        if dialect.name == "csv" and DAY_FIRST.fullmatch(text):
            code = "french_date"
        elif ISO_DATE.fullmatch(text) or (dialect.name == "csv-fr" and DAY_FIRST.fullmatch(text)):
            code = "not_a_calendar_date"  # the way of the dialect, a day the calendar lacks
        else:
            code = "not_a_date"  # 31/03/2026 in JSON lines, which write 2026-03-31 only
        raise _Bad(str(error), code, name, text, example, error) from None


def _optional_date(values: Mapping[str, str], name: str, dialect: _Dialect) -> date | None:
    return _date(values, name, dialect) if values.get(name, "").strip(_TRIM) else None


def _amount(values: Mapping[str, str], dialect: _Dialect, name: str = "amount") -> Decimal:
    text = values.get(name, "").strip(_TRIM)
    example = (("example", _EXAMPLES.get(dialect.name, _EXAMPLES["csv"])[1]),)
    if not text:
        error = InvalidArgument(name, text, f"{name} is required: an amount such as 1250.00")
        raise _Bad(str(error), "required", name, text, example, error)
    try:
        return dialect.amount(text)
    except InvalidAmount as error:
        french = dialect.name == "csv" and re.fullmatch(r"-?[0-9]+,[0-9]+", text)
        code = "french_amount" if french else "not_an_amount"
        raise _Bad(str(error), code, name, text, example, error) from None


def _text(values: Mapping[str, str], name: str) -> str:
    return values.get(name, "").strip(_TRIM)


def _cell(field: Field, values: Mapping[str, str], dialect: _Dialect) -> Any:
    """The value of *field* read from its column, or ``_EMPTY`` for an empty optional cell."""
    assert field.column is not None
    column, kind = field.column, field.kind
    if column in _VERBATIM:  # free text, kept as written: its spaces are not the cell's
        written = values.get(column, "")
        return written if written or field.required else _EMPTY
    text = _text(values, column)
    if not text and not field.required:
        return _EMPTY  # the constructor's default
    if kind is Kind.DATE:
        return _date(values, column, dialect)
    if kind is Kind.AMOUNT:
        return _amount(values, dialect, column)
    if kind is Kind.TEXT:
        return text
    assert isinstance(kind, type)
    if not text:
        error = InvalidArgument(column, text, field.missing)
        raise _Bad(str(error), "required", column, text, (), error)
    return _enum_value(kind, column, text)


_EMPTY: Final = object()
_VERBATIM: Final = frozenset({"note"})
"""The columns of free text, read as written (not trimmed): a dump reads back equal."""


def _fields(cls: type[Any], values: Mapping[str, str], dialect: _Dialect) -> dict[str, Any]:
    """The constructor's keywords for *cls*, read from the columns of its row of FIELDS."""
    kwargs: dict[str, Any] = {}
    for field in FIELDS[cls]:
        if field.column is not None:
            value = _cell(field, values, dialect)
            if value is not _EMPTY:
                kwargs[field.name] = value
    return kwargs


def _event(row: _Row, dialect: _Dialect) -> Event:
    """The event of an event row (not ``invoice``, ``instalment`` nor ``payment_plan_agreed``)."""
    cls = _EVENT_KINDS[row.record]
    event: Event = cls(**_fields(cls, row.values, dialect))
    return event


def _opening(row: _Row, dialect: _Dialect) -> InvoiceOpened:
    values = row.values
    issued = _date(values, "date", dialect)
    amount = _amount(values, dialect)
    currency = _text(values, "currency") or "EUR"
    text = _text(values, "segment")
    segment = _enum_value(DebtorSegment, "segment", text) if text else DebtorSegment.STANDARD
    due = _optional_date(values, "due_on", dialect)
    terms_text = _text(values, "terms")
    delivered = _optional_date(values, "delivered_on", dialect)
    opened = _optional_date(values, "opened_on", dialect)
    indemnity = (
        _amount(values, dialect, "indemnity_in_currency")
        if _text(values, "indemnity_in_currency")
        else None
    )
    try:
        terms = PaymentTerms.parse(terms_text) if terms_text else None
    except InvalidTerms as error:
        raise _Bad(str(error), "bad_terms", "terms", terms_text, (), error) from None
    if (due is None) == (terms is None):
        neither = InvalidArgument(
            "due_on", values.get("due_on", ""), "give the due_on date or the terms (one of them)"
        )
        raise _Bad(str(neither), "due_or_terms", "due_on", _text(values, "due_on"), (), neither)
    try:
        check_currency(currency)
    except InvalidAmount as error:
        raise _Bad(str(error), "not_a_currency", "currency", currency, (), error) from None
    places = minor_units(currency)
    if amount != quantize(amount, currency):  # as InvoiceOpened refuses it (money.CONTEXT)
        cents = InvalidAmount(amount, f"{currency} amounts have {places} decimals at most")
        data = (("places", places), ("currency", currency))
        raise _Bad(str(cents), "too_many_decimals", "amount", _text(values, "amount"), data, cents)
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
        indemnity_in_currency=indemnity,
    )
    opening = case.events[0]
    assert isinstance(opening, InvoiceOpened)
    return opening


def _check_row(row: _Row) -> None:
    if not row.invoice:
        raise _Bad(
            "invoice: every row needs the invoice reference (got an empty cell)",
            "required",
            "invoice",
        )
    allowed = RECORDS.get(row.record)
    if allowed is None:
        raise _Bad(
            f"record: one of {_RECORD_LIST} (got {row.record!r:.80})",
            "not_one_of",
            "record",
            row.record,
            (("accepted", tuple(RECORDS)),),
        )
    extra = sorted(
        k for k, v in row.values.items() if v.strip(_TRIM) and k != "date" and k not in allowed
    )
    if extra:
        takes = ", ".join(sorted(allowed)) or "no other column"
        article = "an" if row.record[0] in "aeiou" else "a"
        got = ", ".join(f"{row.values[k]!r:.80}" for k in extra)
        raise _Bad(
            f"{article} {row.record} row takes date, {takes}; not {', '.join(extra)} (got {got})",
            "extra_columns",
            ", ".join(extra),
            ", ".join(row.values[k].strip(_TRIM) for k in extra),
            (("record", row.record), ("accepted", ("date", *sorted(allowed)))),
        )


# --- lines: streamed, limited -------------------------------------------------------------------


def _split(text: str) -> Iterator[str]:
    """The lines of *text*, without copying it whole (``\\n``, ``\\r\\n`` or ``\\r`` end a line)."""
    start, size = 0, len(text)
    while start < size:
        end = text.find("\n", start)
        if end < 0:
            end = size
        yield text[start:end]
        start = end + 1


_BREAK: Final = re.compile("\r\n|\r|\n")


def _split_lines(source: Iterable[str]) -> Iterator[str]:
    """Each item of *source* as the lines it holds: an item is a line, but one read by a reader
    that splits on ``\\n`` only (bytes, a socket) holds every line of a file whose lines end
    with a lone ``\\r`` (an old Mac export); read as one line, its rows were one bad row, the
    invoices after the first lost without a word."""
    for item in source:
        if not isinstance(item, str):
            raise ArgumentTypeError(
                "source",
                item,
                "lines of text (str): decode bytes first, or open the file in text mode",
            )
        body = item.rstrip("\r\n")
        if "\r" in body or "\n" in body:
            yield from _BREAK.split(body)
        else:
            yield body


def _lines(source: Iterable[str]) -> Iterator[tuple[int, str]]:
    """``(number, line)`` pairs, line endings and a leading byte-order mark removed, limits checked."""
    for number, line in enumerate(_split_lines(source), start=1):
        if number > MAX_LINES:
            raise PortfolioError(
                number,
                f"more than {MAX_LINES:,} lines; split the file (MAX_LINES)",
                code="too_many_lines",
                params=(("max", MAX_LINES),),
            )
        if len(line) > MAX_LINE_LENGTH:
            raise PortfolioError(
                number,
                f"the line is longer than {MAX_LINE_LENGTH:,} characters (MAX_LINE_LENGTH): "
                "not a portfolio file, or a line break is missing",
                code="line_too_long",
                params=(("max", MAX_LINE_LENGTH),),
            )
        if number == 1 and line.startswith("\ufeff"):  # a byte-order mark, as exports write
            line = line[1:]
        yield number, line


def _csv_cells(line: str, delimiter: str) -> list[str]:
    """The cells of one line; quotes must pair up on their own line (no cell spans lines)."""
    if line.count('"') % 2:
        raise csv.Error(
            "unbalanced quotes: a quote opens a cell that does not close on this line "
            '(a cell cannot span lines), or a quote stands alone in a cell (write it "")'
        )
    return next(csv.reader((line,), delimiter=delimiter, strict=True))


def _header(lines: Iterator[tuple[int, str]], dialect: _Dialect) -> list[str]:
    first = next(lines, None)
    if first is None or not first[1].strip(_TRIM):
        raise PortfolioError(
            1, "the file is empty; expected a header row naming the columns", code="empty_file"
        )
    line = first[1]
    other = ";" if dialect.delimiter == "," else ","
    if line.count(other) > line.count(dialect.delimiter):
        hint = (
            "a French spreadsheet export? read it with format='csv-fr' (--format csv-fr)"
            if other == ";"
            else "read it with format='csv' (--format csv)"
        )
        raise PortfolioError(
            1,
            f"the header is separated by {other!r}, not {dialect.delimiter!r}: {hint}",
            code="wrong_separator",
            params=(("separator", other), ("format", "csv-fr" if other == ";" else "csv")),
        )
    try:
        header = _csv_cells(line, dialect.delimiter)
    except csv.Error as error:
        raise PortfolioError(1, f"the header is not CSV: {error}", code="header_not_csv") from None
    names = [name.strip(_TRIM).lower() for name in header]
    unknown = [n for n in names if n not in COLUMNS]
    if unknown:
        shown = ", ".join(f"{n!r:.40}" for n in unknown[:5])
        raise PortfolioError(
            1,
            f"unknown column(s) {shown}; the columns are {', '.join(COLUMNS)}",
            code="unknown_columns",
            params=(("unknown", tuple(n[:40] for n in unknown[:5])), ("columns", COLUMNS)),
        )
    missing = [n for n in _REQUIRED if n not in names]
    if missing:
        raise PortfolioError(
            1,
            f"missing column(s) {', '.join(missing)}; every file has invoice, record and date",
            code="missing_columns",
            params=(("missing", tuple(missing)),),
        )
    if len(set(names)) != len(names):
        twice = tuple(dict.fromkeys(n for n in names if names.count(n) > 1))
        raise PortfolioError(
            1,
            f"a column appears twice in the header {names}",
            code="column_twice",
            params=(("twice", twice),),
        )
    return names


def _raw_invoice(line: str, delimiter: str, position: int) -> str:
    """The invoice cell of a line the csv module cannot read, when it can be told for sure."""
    cells = line.split(delimiter)
    if position >= len(cells) or '"' in delimiter.join(cells[: position + 1]):
        return ""
    return cells[position].strip(_TRIM)


def _csv_rows(lines: Iterator[tuple[int, str]], dialect: _Dialect) -> Iterator[_Row]:
    names = _header(lines, dialect)
    position = names.index("invoice")
    for number, line in lines:
        if not line.strip(_TRIM):
            continue
        try:
            cells = _csv_cells(line, dialect.delimiter)
        except csv.Error as error:
            reason = str(error)
            if "field larger" in reason:
                reason = "a cell is longer than the csv module's limit"
            yield _Row(
                number,
                _raw_invoice(line, dialect.delimiter, position),
                "",
                {"error": f"not CSV: {reason}", "code": "not_csv"},
            )
            continue
        if not any(cell.strip(_TRIM) for cell in cells):
            continue
        invoice = cells[position].strip(_TRIM) if position < len(cells) else ""
        if len(cells) > len(names):
            yield _Row(
                number,
                invoice,
                "",
                {
                    "error": f"{len(cells)} cells, the header has {len(names)}",
                    "code": "cell_count",
                    "cells": str(len(cells)),
                    "columns": str(len(names)),
                },
            )
            continue
        values = dict(zip(names, cells, strict=False))
        del values["invoice"]
        record = values.pop("record", "").strip(_TRIM).lower()
        yield _Row(number, invoice, record, values)


def _scalar(value: object, where: str) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        return str(value)
    raise _Bad(
        f"{where}: a string or a number (got {value!r:.80})",
        "json_scalar",
        value=_capped(json.dumps(value, default=str, ensure_ascii=False), 80),
        params=(("where", where),),
    )


_REFERENCE: Final = re.compile(r'"reference"\s*:\s*("(?:[^"\\]|\\.){0,200}")')


def _jsonl_rows(lines: Iterator[tuple[int, str]]) -> Iterator[_Row]:
    for number, raw in lines:
        if not raw.strip(_TRIM):
            continue
        try:
            yield from _json_line(number, raw)
        except (ValueError, RecursionError, _Bad) as error:
            if isinstance(error, _Bad):
                bad = error
            elif isinstance(error, RecursionError):
                bad = _Bad(
                    "the line nests lists or objects too deeply to be an invoice", "json_too_deep"
                )
            else:
                column = error.colno if isinstance(error, json.JSONDecodeError) else 0
                bad = _Bad(str(error), "not_json", params=(("column", column),))
            invoice = _json_reference(raw) if bad.reference is None else bad.reference
            yield _Row(number, invoice, "", {"error": str(bad)}, failure=bad)


def _json_reference(raw: str) -> str:
    """The reference a malformed line names, to set its invoice aside (never to read it)."""
    match = _REFERENCE.search(raw)
    if match is None:
        return ""
    try:
        reference = json.loads(match.group(1))
    except ValueError:
        return ""
    return reference.strip(_TRIM) if isinstance(reference, str) else ""


def _once(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object whose keys are each given once: the ``json`` module keeps the last value of
    a key given twice, and which one was meant (two amounts, a second list of events) is not
    guessed."""
    data = dict(pairs)
    if len(data) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _Bad(
                    f"the key {key!r:.80} appears twice in the same object",
                    "json_duplicate_key",
                    params=(("key", _capped(key, 40)),),
                )
            seen.add(key)
    return data


def _json_line(number: int, raw: str) -> list[_Row]:
    # numbers read exactly, as Decimal: int() refuses more than 4,300 digits (a ValueError that
    # read as "not JSON"), and the amount's own check says what is wrong with it
    data = json.loads(raw, parse_float=Decimal, parse_int=Decimal, object_pairs_hook=_once)
    if not isinstance(data, dict) or not isinstance(data.get("invoice"), dict):
        raise _Bad('a line is an object {"invoice": {...}, "events": [...]}', "json_line_shape")
    unknown = sorted(set(data) - {"invoice", "events"})
    if unknown:
        raise _Bad(
            f'a line has the keys "invoice" and "events" only (got {unknown!r:.80})',
            "json_line_keys",
            params=(("unknown", _keys(unknown)),),
        )
    invoice = dict(data["invoice"])
    reference = _scalar(invoice.pop("reference", None), "reference").strip(_TRIM)
    try:
        return _json_rows(number, reference, invoice, data.get("events", []))
    except _Bad as error:
        error.reference = reference  # read: the line's invoice, not a guess from its text
        raise


def _json_rows(number: int, reference: str, invoice: dict[str, Any], events: Any) -> list[_Row]:
    rows = [_Row(number, reference, "invoice", _json_values(invoice, "invoice"))]
    if not isinstance(events, list):
        raise _Bad(
            f'"events" is a list of objects (got {events!r:.80})',
            "json_list",
            params=(("where", "events"),),
        )
    for index, item in enumerate(events):
        if not isinstance(item, dict):
            raise _Bad(
                f"events[{index}]: an object (got {item!r:.80})",
                "json_object",
                params=(("where", f"events[{index}]"),),
            )
        fields = dict(item)
        record = _scalar(fields.pop("record", None), f"events[{index}].record").strip(_TRIM).lower()
        instalments = fields.pop("instalments", None)
        rows.append(_Row(number, reference, record, _json_values(fields, f"events[{index}]")))
        if record == PaymentPlanAgreed.kind:
            if not isinstance(instalments, list):
                raise _Bad(
                    f"events[{index}].instalments: a list of {{date, amount}}",
                    "json_list",
                    params=(("where", f"events[{index}].instalments"),),
                )
            for position, instalment in enumerate(instalments):
                where = f"events[{index}].instalments[{position}]"
                if not isinstance(instalment, dict):
                    raise _Bad(f"{where}: an object", "json_object", params=(("where", where),))
                rows.append(
                    _Row(number, reference, "instalment", _json_values(dict(instalment), where))
                )
        elif instalments is not None:
            raise _Bad(
                f"events[{index}]: only a payment_plan_agreed has instalments",
                "json_instalments",
                params=(("where", f"events[{index}]"),),
            )
    return rows


def _keys(names: list[str]) -> tuple[str, ...]:
    """Unknown keys as a row error shows them: at most five, each cut to 40 characters."""
    return tuple(_capped(name, 40) for name in names[:5])


def _json_values(fields: dict[str, Any], where: str) -> dict[str, str]:
    unknown = sorted(k for k in fields if k not in COLUMNS or k in ("invoice", "record"))
    if unknown:
        raise _Bad(
            f"{where}: unknown key(s) {unknown!r:.120}; the keys are the CSV columns",
            "json_unknown_keys",
            params=(("where", where), ("unknown", _keys(unknown))),
        )
    return {key: _scalar(value, f"{where}.{key}") for key, value in fields.items()}


def _error(line: int, invoice: str, error: Exception) -> RowError:
    """The row error of *error*, with its data (code, column, cell, parameters); its message and
    cell cut to :data:`_SHOWN_LIMIT` characters."""
    message = _capped(str(error), _SHOWN_LIMIT)
    if isinstance(error, _Bad):
        cause = error.cause
        return RowError(
            line,
            invoice,
            message,
            type(cause).__name__ if cause is not None else "PortfolioError",
            code=error.code,
            field=error.field,
            value=_capped(error.value, _SHOWN_LIMIT),
            params=error.params,
        )
    name = type(error).__name__ if isinstance(error, DunningError) else "PortfolioError"
    if isinstance(error, IllegalTransition):
        event = error.event
        params = (("event", getattr(event, "kind", "")), ("on", getattr(event, "on", None)))
        why = error.why if isinstance(error.why, Reason) else None
        return RowError(line, invoice, message, name, code="refused", params=params, why=why)
    field, value = "", ""
    if isinstance(error, InvalidArgument):
        field, value = error.name, _shown(error.value)
    elif isinstance(error, (InvalidDate, InvalidAmount, InvalidTerms)):
        value = _shown(error.value)
    # the library error's own code and parameters, for the display's sentence of that code
    said = (("error_code", error.code), *error.params) if isinstance(error, DunningError) else ()
    return RowError(
        line,
        invoice,
        message,
        name,
        field=field,
        value=_capped(value, _SHOWN_LIMIT),
        params=said if said and said[0][1] else (),
    )


def _shown(value: object) -> str:
    """A cell's value as the reader wrote it (text as it is, other values by their str)."""
    return value if isinstance(value, str) else str(value)


def read_portfolio(
    source: str | Iterable[str], *, format: Format = "csv", policy: Policy | None = None
) -> Portfolio:
    """
    Read a portfolio: invoices and their events, from CSV, French CSV or JSON lines.

    CSV: a header row, then one row per invoice (``record`` = ``invoice``) or event (``record`` =
    the event kind, such as ``payment_received``), keyed by the ``invoice`` column; rows of an
    invoice may come anywhere in the file, and its events are sorted by date (stable: rows of one
    day keep their order).  JSON lines: one ``{"invoice": {"reference": ..., ...}, "events":
    [{"record": ..., ...}]}`` per line, with the CSV column names as keys.  Every column is
    described in ``docs/portfolio.md``.

    The dialect is never guessed.  ``"csv"``: ``,`` between cells, dates ``2026-03-31``, amounts
    ``1250.00``.  ``"csv-fr"``, as French spreadsheets export: ``;`` between cells, dates
    ``31/03/2026`` (or ``2026-03-31``), amounts ``1 234,56`` (decimal comma; spaces, no-break or
    narrow no-break spaces between groups of three digits; read by babel's ``fr_FR`` parser).
    A value in the other dialect is refused with a message saying which to use.

    Each case is rebuilt event by event with :func:`~dunning_core.machine.apply`, so an event the
    transition table refuses (an overpayment, a claim without a formal notice...) is reported like
    a malformed value.  Any malformed row of an invoice sets the whole invoice aside, every bad
    line reported; the other invoices are still read.  A CSV row that names no invoice could
    belong to any of them: it is reported and no invoice of the file is read (none would be
    planned on a guess).

    The source is read line by line: pass an open text file (``open(path, encoding="utf-8-sig",
    newline="")``) to keep memory proportional to the invoices kept, not to the file.  A line
    longer than :data:`MAX_LINE_LENGTH` or a file of more than :data:`MAX_LINES` lines stops the
    reading with a :class:`~dunning_core.errors.PortfolioError`.

    Args:
        source: the file's text, or its lines (an open text file, a list of ``str``...).
        format: ``"csv"``, ``"csv-fr"`` or ``"jsonl"``.
        policy: the policy the events refer to (step names, caps); default
            :func:`~dunning_core.policy.french_default`.

    Returns:
        A :class:`Portfolio`.

    Raises:
        ArgumentTypeError: *source* is not text nor lines of text (decode bytes first), or
            *policy* not a ``Policy``.
        InvalidArgument: *format* is not accepted.
        PortfolioError: nothing can be read: an empty file, unknown or missing CSV columns, a
            header in the other dialect, a line or a file over the limits.

    >>> p = read_portfolio('{"invoice": {"reference": "F-9", "date": "2026-01-05", '
    ...                    '"amount": 500, "terms": "30 jours"}, "events": []}', format="jsonl")
    >>> p.cases[0].due_on
    datetime.date(2026, 2, 4)
    >>> read_portfolio("invoice;record;date;amount;due_on\\n"
    ...                "F-1;invoice;15/01/2026;1 250,00;14/02/2026\\n", format="csv-fr").cases
    (Case('F-1', stage=preventive, balance=Decimal('1250.00'), events=1),)
    >>> read_portfolio("invoice,date\\n")
    Traceback (most recent call last):
    ...
    dunning_core.errors.PortfolioError: line 1: missing column(s) record; every file has invoice, record and date
    """
    given: object = source  # typed, checked since callers may pass anything
    if isinstance(given, (bytes, bytearray)) or not isinstance(given, (str, Iterable)):
        hint = (
            "; decode bytes first, such as data.decode('utf-8-sig')"
            if isinstance(given, (bytes, bytearray))
            else ""
        )
        raise ArgumentTypeError("source", source, f"the file's text or its lines (str){hint}")
    if format not in FORMATS:
        raise InvalidArgument("format", format, f"one of {', '.join(FORMATS)}")
    chosen = french_default() if policy is None else require_policy(policy)
    dialect = _DIALECTS[format]
    lines = _lines(_split(source) if isinstance(source, str) else source)
    rows = _jsonl_rows(lines) if format == "jsonl" else _csv_rows(lines, dialect)
    return _assemble(rows, chosen, dialect, blocking=format != "jsonl")


@attrs.define
class _Pending:
    """An event of an invoice, in file order; a plan gathers the instalment rows after it."""

    line: int
    event: Event | None
    on: date | None = None
    instalments: list[Instalment] = attrs.field(factory=list)


def _assemble(
    rows: Iterable[_Row], policy: Policy, dialect: _Dialect, *, blocking: bool
) -> Portfolio:
    errors: list[RowError] = []
    bad: dict[str, list[int]] = {}
    untied: list[int] = []
    openings: dict[str, tuple[InvoiceOpened, int]] = {}
    debtors: dict[str, str] = {}
    pending: dict[str, list[_Pending]] = {}
    last_plan: dict[str, _Pending] = {}

    def fail(row: _Row, error: Exception) -> None:
        errors.append(_error(row.line, row.invoice, error))
        if row.invoice:
            bad.setdefault(row.invoice, []).append(row.line)
        else:
            untied.append(row.line)

    for row in rows:
        if "error" in row.values and not row.record:
            counts = tuple((k, int(row.values[k])) for k in ("cells", "columns") if k in row.values)
            failure = row.failure or _Bad(
                row.values["error"], row.values.get("code", "invalid"), params=counts
            )
            fail(row, failure)
            continue
        try:
            _check_row(row)
            if row.record == "invoice":
                if row.invoice in openings:
                    first = openings[row.invoice][1]
                    raise _Bad(
                        f"a second invoice row for {row.invoice} (the first is line {first})",
                        "second_invoice_row",
                        params=(("first", first),),
                    )
                openings[row.invoice] = (_opening(row, dialect), row.line)
                if _text(row.values, "debtor"):
                    debtors[row.invoice] = check_text(
                        "debtor", _text(row.values, "debtor"), limit=MAX_DEBTOR
                    )
            elif row.record == "instalment":
                plan = last_plan.get(row.invoice)
                if plan is None:
                    raise _Bad(
                        "an instalment row comes after its payment_plan_agreed row",
                        "instalment_before_plan",
                    )
                plan.instalments.append(Instalment(**_fields(Instalment, row.values, dialect)))
            elif row.record == PaymentPlanAgreed.kind:
                entry = _Pending(row.line, None, _date(row.values, "date", dialect))
                last_plan[row.invoice] = entry
                pending.setdefault(row.invoice, []).append(entry)
            else:
                pending.setdefault(row.invoice, []).append(_Pending(row.line, _event(row, dialect)))
        except (DunningError, _Bad) as error:
            fail(row, error)
    for invoice, entries in pending.items():
        if invoice not in openings and invoice not in bad:
            listed = ", ".join(str(entry.line) for entry in entries[:20])
            more = f" and {len(entries) - 20} more" if len(entries) > 20 else ""
            orphan = _Bad(
                f"no invoice row for {invoice}: its events (lines {listed}{more}) cannot be read",
                "no_invoice_row",
                params=(("lines", tuple(entry.line for entry in entries)),),
            )
            errors.append(_error(entries[0].line, invoice, orphan))
    cases: list[Case] = []
    lines: dict[str, int] = {}
    for invoice, (opening, line) in openings.items():
        lines[invoice] = line
        if invoice in bad or (blocking and untied):
            continue
        try:
            case = _replay(opening, pending.get(invoice, []), policy)
        except _RowFailure as failure:
            errors.append(_error(failure.line, invoice, failure.error))
            bad.setdefault(invoice, []).append(failure.line)
            continue
        cases.append(case)
    errors.sort(key=lambda e: e.line)
    aside = set(bad) | (set(openings) if blocking and untied else set())
    set_aside = tuple(sorted(aside, key=lambda i: (lines.get(i, 0), i)))
    return Portfolio(tuple(cases), tuple(errors), set_aside, debtors, lines)


class _RowFailure(Exception):
    def __init__(self, line: int, error: DunningError) -> None:
        super().__init__(str(error))
        self.line = line
        self.error = error


def _replay(opening: InvoiceOpened, entries: list[_Pending], policy: Policy) -> Case:
    built: list[tuple[Event, int]] = []
    for entry in entries:
        event = entry.event
        if event is None:  # a payment plan, with the instalment rows read after it
            assert entry.on is not None
            try:
                event = PaymentPlanAgreed(entry.on, entry.instalments)
            except DunningError as error:
                raise _RowFailure(entry.line, error) from None
        built.append((event, entry.line))
    built.sort(key=lambda pair: pair[0].on)  # stable: the rows of one day keep their order
    case = Case.from_opening(opening)
    for event, line in built:
        try:
            case = apply(case, event, policy)
        except DunningError as error:
            raise _RowFailure(line, error) from None
    return case


# --- writing ------------------------------------------------------------------------------------


@attrs.frozen
class _Writer:
    """How :func:`dump_portfolio` writes dates and amounts in a dialect."""

    delimiter: str
    date: Callable[[date], str]
    amount: Callable[[Decimal], str]


def _french_day(day: date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"


_WRITERS: Final = {
    "csv": _Writer(",", date.isoformat, lambda amount: format(amount, "f")),
    "csv-fr": _Writer(";", _french_day, lambda amount: format(amount, "f").replace(".", ",")),
}
_WRITERS["jsonl"] = _WRITERS["csv"]


def _cells(value: Any, writer: _Writer) -> dict[str, str]:
    """The non-empty columns of an event or instalment, from its row of FIELDS."""
    cells: dict[str, str] = {}
    for field in FIELDS[type(value)]:
        held = getattr(value, field.name)
        if field.column is None or held is None:
            continue
        if field.kind is Kind.DATE:
            text = writer.date(held)
        elif field.kind is Kind.AMOUNT:
            text = writer.amount(held)
        else:
            text = held.value if isinstance(held, enum.Enum) else held
        if text != "":
            cells[field.column] = text
    return cells


def _event_values(event: Event, writer: _Writer) -> dict[str, str]:
    """The columns of *event*'s row (``record`` and ``date`` included)."""
    return {"record": event.kind, **_cells(event, writer)}


def _invoice_values(case: Case, debtor: str, writer: _Writer) -> dict[str, str]:
    opening = case.opening
    values = {
        "date": writer.date(opening.issued_on),
        "amount": writer.amount(opening.amount),
        "currency": opening.currency,
        "due_on": writer.date(opening.due_on),
        "segment": opening.segment.value,
        "debtor": debtor,
    }
    if opening.on != opening.issued_on:
        values["opened_on"] = writer.date(opening.on)
    if opening.indemnity_in_currency is not None:
        values["indemnity_in_currency"] = writer.amount(opening.indemnity_in_currency)
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
    ``instalment`` rows.  The ``indemnity_in_currency`` column is written only when a case holds
    that value (an invoice in another currency than the euro): files of euro invoices keep their
    columns.

    Args:
        cases: the cases.
        format: ``"csv"``, ``"csv-fr"`` or ``"jsonl"`` (the dialect :func:`read_portfolio` reads).
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
    out = _WRITERS[format]
    if format == "jsonl":
        lines = []
        for case in items:
            invoice: dict[str, Any] = {"reference": case.reference}
            invoice.update(_invoice_values(case, names.get(case.reference, ""), out))
            events: list[dict[str, Any]] = []
            for event in case.events[1:]:
                values: dict[str, Any] = _event_values(event, out)
                if isinstance(event, PaymentPlanAgreed):
                    values["instalments"] = [_cells(i, out) for i in event.instalments]
                events.append(values)
            lines.append(json.dumps({"invoice": invoice, "events": events}, ensure_ascii=False))
        return "".join(line + "\n" for line in lines)
    # The converted indemnity's column only when a case holds one: euro files keep their columns.
    converted = any(case.opening.indemnity_in_currency is not None for case in items)
    columns = COLUMNS if converted else tuple(c for c in COLUMNS if c != "indemnity_in_currency")
    buffer = io.StringIO()
    writer = csv.DictWriter(
        buffer, fieldnames=columns, lineterminator="\n", restval="", delimiter=out.delimiter
    )
    writer.writeheader()
    for case in items:
        writer.writerow(
            {
                "invoice": case.reference,
                "record": "invoice",
                **_invoice_values(case, names.get(case.reference, ""), out),
            }
        )
        for event in case.events[1:]:
            writer.writerow({"invoice": case.reference, **_event_values(event, out)})
            if isinstance(event, PaymentPlanAgreed):
                for instalment in event.instalments:
                    writer.writerow(
                        {
                            "invoice": case.reference,
                            "record": "instalment",
                            **_cells(instalment, out),
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
    >>> print(item.status())
    étape « reminder_email_1 » (relance amiable, e-mail), 5\xa0jours après l'échéance du 14 février 2026 (pratique)
    >>> item.status().text(locale="en_GB")
    "step 'reminder_email_1' (amicable dunning, email), 5 days after the due date 14 February 2026"
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
            return Reason("closed", PRACTICE, (("stage", case.stage),))
        if case.dispute is not None:
            return Reason("dispute_open", PRACTICE, (("since", case.dispute.on),))
        if case.promise_active(today):
            assert case.promise is not None
            return Reason("promise_running", PRACTICE, (("until", case.promise.until),))
        if case.plan_active(today):
            return Reason("plan_running", PRACTICE)
        for action in timeline(case, self.policy):
            if action.due_on > today:
                params = (("step", action.step.name), ("on", action.due_on))
                return Reason("next_step", action.step.article, params)
        return Reason("no_step_left", PRACTICE)


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

    def to_html(self, *, locale: str = DEFAULT_LOCALE) -> str:
        """
        The plan as an HTML table in *locale*, one row per case (the first 50), the cases that
        could not be planned under it (``_repr_html_`` is the French one, for notebooks).
        """
        from dunning_core.display._portfolio import plan_html

        return plan_html(self, locale=locale)

    def _repr_html_(self) -> str:
        return self.to_html()

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
            row = _error(0, case.reference, error)
            if day < case.last_on:  # the one way a case read whole cannot be planned
                params = (("today", day), ("last", case.last_on))
                row = attrs.evolve(row, code="before_last_event", params=params)
            errors.append(row)
            continue
        stage = case.stage_on(day)
        late = (day - case.due_on).days if not stage.terminal and day > case.due_on else 0
        planned.append(CasePlan(case, actions, day, stage, late, policy))
    return PortfolioPlan(day, tuple(planned), tuple(errors), policy)
