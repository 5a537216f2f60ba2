"""The machine's field table: one row per event type, and JSON and portfolio files read it alike."""

from __future__ import annotations

import enum
from datetime import date
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from dunning_core import portfolio_io, serialize
from dunning_core.errors import DunningDeprecationWarning, InvalidArgument
from dunning_core.machine import (
    EVENT_TYPES,
    Case,
    CreditNoteIssued,
    DisputeOpened,
    Event,
    Instalment,
    InvoiceOpened,
    PaymentPlanAgreed,
    WrittenOff,
)
from dunning_core.machine._fields import FIELDS, Kind
from dunning_core.portfolio_io import COLUMNS, RECORDS
from dunning_core.strategies import currencies, events, invoice_openings

TYPES = (*EVENT_TYPES, Instalment)


def _init_fields(cls: type[Any]) -> list[attrs.Attribute[Any]]:
    return [f for f in attrs.fields(cls) if f.init]


def test_every_event_type_has_a_row() -> None:
    """Every event type (and Instalment) has a row, and the table holds nothing else."""
    assert set(TYPES) == set(FIELDS)


@pytest.mark.parametrize("cls", TYPES, ids=lambda c: c.__name__)
def test_a_row_names_the_constructor_fields_in_order(cls: type[Any]) -> None:
    """A row names exactly the constructor's fields, in order, with its defaults."""
    row = FIELDS[cls]
    assert [f.name for f in _init_fields(cls)] == [f.name for f in row]
    assert [f.default for f in _init_fields(cls)] == [f.default for f in row]
    assert all(f.optional == (f.default is None) for f in row)


@pytest.mark.parametrize("cls", TYPES, ids=lambda c: c.__name__)
def test_columns_are_portfolio_columns(cls: type[Any]) -> None:
    """Each column is a portfolio column, used once per row; an event's date is ``date``."""
    columns = [f.column for f in FIELDS[cls] if f.column is not None]
    assert set(columns) <= set(COLUMNS)
    assert len(columns) == len(set(columns))
    if cls is not InvoiceOpened:
        assert ("on", "date") == (FIELDS[cls][0].name, FIELDS[cls][0].column)
    # only the instalments of a plan (rows of their own) and the converted indemnity, which
    # portfolio files do not hold, have no column
    assert {f.name for f in FIELDS[cls] if f.column is None} <= {
        "instalments",
        "indemnity_in_currency",
    }


@pytest.mark.parametrize("cls", TYPES, ids=lambda c: c.__name__)
def test_a_required_member_says_what_is_missing(cls: type[Any]) -> None:
    """An enum field without a default explains an empty cell; no other field needs to."""
    for field in FIELDS[cls]:
        needs = isinstance(field.kind, type) and field.required and field.column is not None
        assert bool(field.missing) == needs, field.name


@pytest.mark.parametrize("cls", EVENT_TYPES, ids=lambda c: c.__name__)
def test_json_and_portfolio_views_agree(cls: type[Any]) -> None:
    """serialize's fields are the row's names; portfolio_io's record takes the row's columns."""
    assert list(serialize._EVENT_FIELDS[cls]) == [f.name for f in FIELDS[cls]]
    nullable = {
        name for name, d in serialize._EVENT_FIELDS[cls].items() if d in serialize._NULLABLE
    }
    assert nullable == {f.name for f in FIELDS[cls] if f.optional}
    if cls is not InvoiceOpened:
        columns = {f.column for f in FIELDS[cls] if f.column is not None} - {"date"}
        assert columns == RECORDS[cls.kind]


def test_records_are_the_invoice_the_events_and_the_instalment() -> None:
    """RECORDS: the invoice row, one record per event kind, and the instalment rows of a plan."""
    kinds = [cls.kind for cls in EVENT_TYPES if cls is not InvoiceOpened]
    assert {"invoice", "instalment", *kinds} == set(RECORDS)
    assert frozenset({"amount"}) == RECORDS["instalment"]
    assert {"terms", "delivered_on", "debtor", "opened_on"} <= RECORDS["invoice"]


def _portfolio_copy(event: Any, fmt: str) -> Any:
    """*event* written as the cells of its portfolio row and read back in the format *fmt*."""
    writer, dialect = portfolio_io._WRITERS[fmt], portfolio_io._DIALECTS[fmt]
    cells = portfolio_io._cells(event, writer)
    assert set(cells) <= {f.column for f in FIELDS[type(event)]}
    kwargs = portfolio_io._fields(type(event), cells, dialect)
    if isinstance(event, PaymentPlanAgreed):
        kwargs["instalments"] = [_portfolio_copy(i, fmt) for i in event.instalments]
    return type(event)(**kwargs)


def _opening_copy(opening: InvoiceOpened, fmt: str) -> Any:
    """*opening* written as the invoice row of a file in the format *fmt* and read back."""
    text = portfolio_io.dump_portfolio([Case.from_opening(opening)], format=fmt)  # type: ignore[arg-type]
    (case,) = portfolio_io.read_portfolio(text, format=fmt).cases  # type: ignore[arg-type]
    return case.opening


_ANY_EVENT = events() | invoice_openings(currencies=currencies())


@given(_ANY_EVENT, st.sampled_from(["csv", "csv-fr", "jsonl"]))
@example(DisputeOpened(date(2026, 2, 5), " prix contesté "), "csv")
@example(CreditNoteIssued(date(2026, 2, 6), Decimal("10"), "AV-1 "), "jsonl")
@example(WrittenOff(date(2026, 2, 6), "  "), "csv-fr")
def test_every_event_reads_back_through_both_views(event: Event, fmt: str) -> None:
    """An event of any kind (an opening in any currency) written to JSON and to a portfolio row
    (any dialect) reads back equal from both, every field of it (the spaces around a note
    included); a field is written in JSON exactly when it holds a value."""
    data = serialize.to_data(event)
    held = {f.name for f in FIELDS[type(event)] if getattr(event, f.name) is not None}
    assert held == set(data) - {"schema", "type"}
    assert event == serialize.from_data(data)
    if isinstance(event, InvoiceOpened):  # its row is read by Case.open (terms, delivery)
        assert event == _opening_copy(event, fmt)
    else:
        assert event == _portfolio_copy(event, fmt)


@pytest.mark.parametrize("cls", TYPES, ids=lambda c: c.__name__)
def test_kinds_match_the_values(cls: type[Any]) -> None:
    """A member field's default is a member of its enum; a text field's default is text."""
    for field in FIELDS[cls]:
        if isinstance(field.kind, type) and not field.required:
            assert isinstance(field.default, field.kind)
            assert issubclass(field.kind, enum.Enum)
        if field.kind is Kind.TEXT and not field.required and not field.optional:
            assert isinstance(field.default, str)


def test_free_text_is_a_note() -> None:
    """The free text of an event is its ``note``; a ``reference`` is an identifier (invoice,
    credit note, proof number); no event has a ``reason`` field any more."""
    texts = {
        (cls.__name__, f.name)
        for cls in EVENT_TYPES
        for f in FIELDS[cls]
        if f.kind is Kind.TEXT and f.name not in ("currency", "step")
    }
    assert {name for _, name in texts} == {"note", "reference"}
    assert {"DisputeOpened", "WrittenOff"} <= {cls for cls, name in texts if name == "note"}


@pytest.mark.parametrize("cls", [DisputeOpened, WrittenOff], ids=lambda c: c.__name__)
def test_old_reason_keyword_and_attribute_still_work(cls: type[Any]) -> None:
    """``reason=`` and ``.reason``, the old name of the note, still work with a deprecation
    warning; giving both names is refused."""
    on = date(2026, 4, 2)
    with pytest.warns(DunningDeprecationWarning, match=r"reason=\.\.\.\) is deprecated"):
        event = cls(on, reason="prix contesté")
    assert cls(on, note="prix contesté") == event
    with pytest.warns(DunningDeprecationWarning, match=r"\.reason is deprecated: read \.note"):
        assert "prix contesté" == event.reason
    with (
        pytest.warns(DunningDeprecationWarning),
        pytest.raises(InvalidArgument, match="the note alone"),
    ):
        cls(on, "prix", reason="qualité")
    assert "prix" == cls(on, "prix").note
