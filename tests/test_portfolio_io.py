"""Portfolio files: every column, every malformed row kind, CSV = JSON lines, the shipped sample."""

from __future__ import annotations

import json
import runpy
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dunning_core.errors import InvalidArgument, PortfolioError
from dunning_core.machine import (
    Agent,
    AlternativeResolutionStarted,
    Case,
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
    apply,
)
from dunning_core.policy import Channel, DebtorSegment, Stage, french_default
from dunning_core.portfolio_io import (
    COLUMNS,
    RECORDS,
    SAMPLE_DATE,
    RowError,
    dump_portfolio,
    plan_portfolio,
    read_portfolio,
    sample_portfolio_text,
)

POLICY = french_default()
HEADER = ",".join(COLUMNS) + "\n"
ROOT = Path(__file__).resolve().parent.parent


def _invoice(ref: str = "F-1", **cells: str) -> str:
    """One CSV row with the header above; unnamed cells are empty."""
    values = {"invoice": ref, "record": "invoice", "date": "2026-01-15", "amount": "1200.00"}
    values["due_on"] = "2026-02-14"
    values.update(cells)
    return ",".join(values.get(column, "") for column in COLUMNS) + "\n"


def _event(record: str, day: str, ref: str = "F-1", **cells: str) -> str:
    values = {"invoice": ref, "record": record, "date": day, **cells}
    return ",".join(values.get(column, "") for column in COLUMNS) + "\n"


def _opened(**kwargs: object) -> Case:
    defaults: dict[str, object] = {"due_on": date(2026, 2, 14)}
    defaults.update(kwargs)
    return Case.open("F-1", Decimal("1200.00"), date(2026, 1, 15), **defaults)  # type: ignore[arg-type]


class TestInvoiceColumns:
    def test_minimal_invoice(self) -> None:
        """invoice, record, date, amount and due_on make a case; the rest has defaults."""
        portfolio = read_portfolio(
            "invoice,record,date,amount,due_on\nF-1,invoice,2026-01-15,1200.00,2026-02-14\n"
        )
        assert (_opened(),) == portfolio.cases
        case = portfolio.cases[0]
        assert ("EUR", DebtorSegment.STANDARD, date(2026, 1, 15)) == (
            case.currency,
            case.segment,
            case.opening.on,
        )
        assert () == portfolio.errors

    def test_terms_instead_of_due_on(self) -> None:
        """terms are read in French: 15 Jan + 45 days = 1 Mar, end of month = 31 Mar."""
        text = HEADER + _invoice(due_on="", terms="45 jours fin de mois")
        assert date(2026, 3, 31) == read_portfolio(text).cases[0].due_on

    def test_delivered_on_for_terms_from_delivery(self) -> None:
        """delivered_on feeds terms counted from delivery: 20 Jan + 30 days = 19 Feb."""
        text = HEADER + _invoice(
            due_on="", terms="30 jours après livraison", delivered_on="2026-01-20"
        )
        assert date(2026, 2, 19) == read_portfolio(text).cases[0].due_on

    def test_opened_on(self) -> None:
        """opened_on, after the due date, opens the case at the amicable stage."""
        text = HEADER + _invoice(opened_on="2026-03-01")
        case = read_portfolio(text).cases[0]
        assert (date(2026, 3, 1), Stage.AMICABLE) == (case.opening.on, case.stage)

    def test_currency_segment_debtor(self) -> None:
        """currency, segment and debtor are read; the debtor name is kept beside the case."""
        text = HEADER + _invoice(
            currency="CHF", segment="public_body", debtor="Mairie de Montclair"
        )
        portfolio = read_portfolio(text)
        case = portfolio.cases[0]
        assert ("CHF", DebtorSegment.PUBLIC_BODY) == (case.currency, case.segment)
        assert {"F-1": "Mairie de Montclair"} == dict(portfolio.debtors)
        assert {"F-1": 2} == dict(portfolio.lines)

    def test_french_dates_and_decimal_comma_with_semicolons(self) -> None:
        """A French spreadsheet export: ';', a byte-order mark, 31/03/2026 and 1 200,50 read."""
        text = (
            "\ufeffinvoice;record;date;amount;due_on\nF-1;invoice;15/01/2026;1200,50;14/02/2026\n"
        )
        with pytest.raises(PortfolioError, match="format='csv-fr'"):
            read_portfolio(text)
        case = read_portfolio(text, format="csv-fr").cases[0]
        assert (date(2026, 1, 15), Decimal("1200.50"), date(2026, 2, 14)) == (
            case.issued_on,
            case.amount,
            case.due_on,
        )

    def test_cells_and_header_are_trimmed(self) -> None:
        """Spaces around cells and header names are ignored; record is case-insensitive."""
        text = " Invoice , RECORD ,date,amount,due_on\n F-1 , Invoice , 2026-01-15 , 1200.00 ,2026-02-14\n"
        assert (_opened(),) == read_portfolio(text).cases

    def test_blank_lines_are_skipped(self) -> None:
        """Empty rows are not errors and do not shift line numbers."""
        text = (
            HEADER
            + "\n"
            + _invoice()
            + ",,,\n"
            + _event("payment_received", "2026-02-30", amount="5")
        )
        assert [5] == [e.line for e in read_portfolio(text).errors]


# Each event record, its row cells and the event it gives.
EVENT_ROWS = [
    (
        "contact_made",
        {"channel": "email", "step": "reminder_email_1"},
        ContactMade(date(2026, 2, 20), Channel.EMAIL, "reminder_email_1"),
    ),
    ("contact_made", {"channel": "phone"}, ContactMade(date(2026, 2, 20), Channel.PHONE)),
    ("formal_notice_sent", {}, FormalNoticeSent(date(2026, 2, 20))),
    (
        "formal_notice_sent",
        {"channel": "electronic_registered_letter", "step": "formal_notice"},
        FormalNoticeSent(date(2026, 2, 20), Channel.ELECTRONIC_REGISTERED_LETTER, "formal_notice"),
    ),
    ("payment_received", {"amount": "200.00"}, PaymentReceived(date(2026, 2, 20), "200.00")),
    (
        "credit_note_issued",
        {"amount": "50", "note": "AV-12"},
        CreditNoteIssued(date(2026, 2, 20), "50", "AV-12"),
    ),
    ("promise_to_pay", {"until": "2026-03-10"}, PromiseToPay(date(2026, 2, 20), date(2026, 3, 10))),
    (
        "promise_to_pay",
        {"until": "2026-03-10", "amount": "600"},
        PromiseToPay(date(2026, 2, 20), date(2026, 3, 10), "600"),
    ),
    (
        "dispute_opened",
        {"note": "prix contesté"},
        DisputeOpened(date(2026, 2, 20), "prix contesté"),
    ),
    ("proof_recorded", {}, ProofRecorded(date(2026, 2, 20))),
    (
        "proof_recorded",
        {"detail": "signed_quote", "note": "DEV-7"},
        ProofRecorded(date(2026, 2, 20), Proof.SIGNED_QUOTE, "DEV-7"),
    ),
    ("settlement_agreed", {"note": "80 %"}, SettlementAgreed(date(2026, 2, 20), "80 %")),
    ("written_off", {"note": "introuvable"}, WrittenOff(date(2026, 2, 20), "introuvable")),
]


class TestEventColumns:
    @pytest.mark.parametrize(("record", "cells", "expected"), EVENT_ROWS, ids=lambda v: str(v)[:30])
    def test_event_row(self, record: str, cells: dict[str, str], expected: object) -> None:
        """Each event record reads into its event, with its optional columns."""
        text = HEADER + _invoice() + _event(record, "2026-02-20", **cells)
        portfolio = read_portfolio(text)
        assert () == portfolio.errors
        assert expected == portfolio.cases[0].events[1]

    def test_notice_delivery_detail(self) -> None:
        """detail is the delivery outcome (received by default, unclaimed, refused)."""
        text = (
            HEADER
            + _invoice()
            + _event("formal_notice_sent", "2026-02-20")
            + _event("formal_notice_delivered", "2026-02-23", detail="unclaimed")
        )
        assert (
            FormalNoticeDelivered(date(2026, 2, 23), Delivery.UNCLAIMED)
            == read_portfolio(text).cases[0].delivery
        )

    def test_litigation_details(self) -> None:
        """detail is the mediation method, the agent, the procedure; a claim with its checklist."""
        text = (
            HEADER
            + _invoice()
            + _event("formal_notice_sent", "2026-02-20")
            + _event("formal_notice_delivered", "2026-02-21")
            + _event("proof_recorded", "2026-02-21", detail="delivery_note")
            + _event("alternative_resolution_started", "2026-02-25", detail="conciliation")
            + _event("handed_over", "2026-03-10", detail="lawyer")
            + _event("claim_filed", "2026-03-12", detail="petites_creances")
        )
        portfolio = read_portfolio(text)
        assert () == portfolio.errors
        events = portfolio.cases[0].events
        assert AlternativeResolutionStarted(date(2026, 2, 25), Resolution.CONCILIATION) == events[4]
        assert HandedOver(date(2026, 3, 10), Agent.LAWYER) == events[5]
        assert ClaimFiled(date(2026, 3, 12), Procedure.PETITES_CREANCES) == events[6]

    def test_dispute_resolved_note(self) -> None:
        """A dispute then its resolution, with notes."""
        text = (
            HEADER
            + _invoice()
            + _event("dispute_opened", "2026-02-20")
            + _event("dispute_resolved", "2026-02-28", note="avoir")
        )
        assert (
            DisputeResolved(date(2026, 2, 28), "avoir") == read_portfolio(text).cases[0].events[2]
        )

    def test_payment_plan_with_instalments(self) -> None:
        """instalment rows after a payment_plan_agreed row make its échéancier."""
        text = (
            HEADER
            + _invoice()
            + _event("payment_plan_agreed", "2026-02-20")
            + _event("instalment", "2026-03-20", amount="600.00")
            + _event("instalment", "2026-04-20", amount="600.00")
        )
        plan = read_portfolio(text).cases[0].plan
        assert (
            PaymentPlanAgreed(
                date(2026, 2, 20),
                (Instalment(date(2026, 3, 20), "600.00"), Instalment(date(2026, 4, 20), "600.00")),
            )
            == plan
        )

    def test_rows_anywhere_events_sorted_by_date(self) -> None:
        """Events may come before their invoice row and out of date order; they are sorted."""
        text = (
            HEADER
            + _event("payment_received", "2026-03-01", amount="100")
            + _event("contact_made", "2026-02-20", channel="email", step="reminder_email_1")
            + _invoice()
        )
        case = read_portfolio(text).cases[0]
        assert [date(2026, 1, 15), date(2026, 2, 20), date(2026, 3, 1)] == [
            e.on for e in case.events
        ]
        assert Decimal("1100.00") == case.balance

    def test_every_record_is_documented(self) -> None:
        """docs/portfolio.md names every record and every column."""
        page = (ROOT / "docs" / "portfolio.md").read_text(encoding="utf-8")
        missing = [name for name in (*RECORDS, *COLUMNS) if f"`{name}`" not in page]
        assert [] == missing


# Each malformed row kind: the bad row (after a good F-1 invoice), the error class, a word of the
# message.
MALFORMED = [
    (
        _event("payment_received", "2026-02-20", ref="", amount="5"),
        "PortfolioError",
        "invoice reference",
    ),
    (_event("relance", "2026-02-20"), "PortfolioError", "record: one of"),
    (
        _event("payment_received", "2026-02-20", amount="5", channel="email"),
        "PortfolioError",
        "not channel",
    ),
    (_event("payment_received", "2026-02-30", amount="5"), "InvalidDate", "calendar date"),
    (_event("payment_received", "31/02/2026", amount="5"), "InvalidDate", "format='csv-fr'"),
    (_event("payment_received", "2026-02-20", amount='"5,00"'), "InvalidAmount", "csv-fr"),
    (_event("payment_received", "\u0662\u0660/02/2026", amount="5"), "InvalidDate", "YYYY"),
    (_event("payment_received", "2026-02-20", amount="1e3"), "InvalidAmount", "decimal number"),
    (_event("payment_received", "", amount="5"), "InvalidDate", "date is required"),
    (_event("payment_received", "2026-02-20", amount="12.5O"), "InvalidAmount", "decimal number"),
    (_event("payment_received", "2026-02-20", amount="-5"), "InvalidAmount", "zero or more"),
    (_event("payment_received", "2026-02-20"), "InvalidArgument", "amount is required"),
    (_event("contact_made", "2026-02-20"), "InvalidArgument", "needs its channel"),
    (_event("contact_made", "2026-02-20", channel="fax"), "InvalidArgument", "channel: one of"),
    (_event("promise_to_pay", "2026-02-20"), "InvalidDate", "until is required"),
    (_event("promise_to_pay", "2026-02-20", until="2026-02-10"), "InvalidDate", "on or after"),
    (_event("formal_notice_delivered", "2026-02-20", detail="lost"), "InvalidArgument", "detail"),
    (
        _event("payment_received", "2026-02-20", amount="5000"),
        "IllegalTransition",
        "exceeds the balance",
    ),
    (_event("claim_filed", "2026-02-20"), "IllegalTransition", "a claim needs"),
    (
        _event("instalment", "2026-03-20", amount="600"),
        "PortfolioError",
        "after its payment_plan_agreed",
    ),
    (_event("payment_plan_agreed", "2026-02-20"), "InvalidArgument", "at least one Instalment"),
    (_invoice(), "PortfolioError", "a second invoice row"),
    ("F-1,invoice,2026-01-15,1,EUR,,2026-02-14,,,,,,,,,,,extra\n", "PortfolioError", "18 cells"),
]


class TestMalformedRows:
    @pytest.mark.parametrize(
        ("row", "error", "words"), MALFORMED, ids=[m[1] + ":" + m[2] for m in MALFORMED]
    )
    def test_reported_with_line_and_rest_read(self, row: str, error: str, words: str) -> None:
        """The bad row (line 4) is reported, its invoice set aside, the other invoice read."""
        text = HEADER + _invoice() + _invoice("F-2") + row + _invoice("F-3")
        portfolio = read_portfolio(text)
        (reported,) = portfolio.errors
        assert (4, error) == (reported.line, reported.error)
        assert words in reported.message
        refs = [c.reference for c in portfolio.cases]
        if reported.invoice == "F-1":
            assert (["F-2", "F-3"], ("F-1",)) == (refs, portfolio.set_aside)
        else:  # a row that names no invoice could be any invoice's: none is read
            assert "" == reported.invoice
            assert ([], ("F-1", "F-2", "F-3")) == (refs, portfolio.set_aside)

    @pytest.mark.parametrize(
        ("cells", "error"),
        [
            ({"amount": "abc"}, "InvalidAmount"),
            ({"amount": "0"}, "InvalidAmount"),
            ({"amount": "12.345"}, "InvalidAmount"),
            ({"currency": "eur"}, "InvalidAmount"),
            ({"segment": "vip"}, "InvalidArgument"),
            ({"due_on": ""}, "InvalidArgument"),
            ({"terms": "30 jours"}, "InvalidArgument"),
            ({"due_on": "", "terms": "45 jours fin de moi"}, "InvalidTerms"),
            ({"date": "2026-13-01"}, "InvalidDate"),
            ({"opened_on": "2026-01-01"}, "InvalidDate"),
            ({"step": "x"}, "PortfolioError"),
        ],
    )
    def test_bad_invoice_row(self, cells: dict[str, str], error: str) -> None:
        """A bad invoice row is reported; its events are not read; the next invoice is."""
        text = (
            HEADER
            + _invoice(**cells)
            + _event("payment_received", "2026-02-20", amount="5")
            + _invoice("F-2")
        )
        portfolio = read_portfolio(text)
        assert [(2, "F-1", error)] == [(e.line, e.invoice, e.error) for e in portfolio.errors]
        assert ["F-2"] == [c.reference for c in portfolio.cases]

    def test_events_without_invoice_row(self) -> None:
        """Events of an invoice the file does not hold are reported once, at their first line."""
        text = (
            HEADER
            + _invoice()
            + _event("payment_received", "2026-02-20", ref="F-9", amount="5")
            + _event("payment_received", "2026-02-21", ref="F-9", amount="5")
        )
        portfolio = read_portfolio(text)
        assert [
            RowError(
                3,
                "F-9",
                "no invoice row for F-9: its events (lines 3, 4) cannot be read",
                "PortfolioError",
            )
        ] == list(portfolio.errors)
        assert 1 == len(portfolio.cases)

    def test_every_bad_row_of_an_invoice_is_reported(self) -> None:
        """Two bad rows of one invoice give two errors, in line order."""
        text = (
            HEADER
            + _invoice()
            + _event("payment_received", "2026-02-30", amount="5")
            + _event("relance", "2026-02-20")
        )
        assert [3, 4] == [e.line for e in read_portfolio(text).errors]

    def test_a_cell_cannot_span_lines(self) -> None:
        """A quote that does not close on its line is an error naming that line (and its
        invoice); the following rows are read as rows, with their own line numbers."""
        text = (
            HEADER
            + _invoice(debtor='"Cave')
            + _event("payment_received", "2026-02-30", amount="5", ref="F-2")
            + _invoice("F-2")
            + _invoice("F-3", debtor='Roux"')
            + _invoice("F-4")
        )
        portfolio = read_portfolio(text)
        assert [(2, "F-1"), (3, "F-2"), (5, "F-3")] == [
            (e.line, e.invoice) for e in portfolio.errors
        ]
        assert "does not close on this line" in portfolio.errors[0].message
        assert ["F-4"] == [c.reference for c in portfolio.cases]


class TestFileErrors:
    @pytest.mark.parametrize(
        ("text", "words"),
        [
            ("", "empty"),
            ("invoice,record,date,amout\n", "unknown column(s) 'amout'"),
            ("invoice,date,amount\n", "missing column(s) record"),
            ("invoice,record,date,date\n", "twice"),
        ],
    )
    def test_nothing_readable_raises(self, text: str, words: str) -> None:
        """A file without a usable header raises PortfolioError at line 1."""
        with pytest.raises(PortfolioError) as info:
            read_portfolio(text)
        assert 1 == info.value.line
        assert words in str(info.value)

    def test_bad_arguments(self) -> None:
        """format, policy and text are checked."""
        with pytest.raises(InvalidArgument, match="format"):
            read_portfolio(HEADER, format="xlsx")  # type: ignore[arg-type]
        with pytest.raises(InvalidArgument, match="policy"):
            read_portfolio(HEADER, policy="french")  # type: ignore[arg-type]
        with pytest.raises(InvalidArgument, match="text"):
            read_portfolio(b"x")  # type: ignore[arg-type]


def _jsonl(*lines: object) -> str:
    return "".join(json.dumps(line) + "\n" for line in lines)


class TestJsonLines:
    CSV = (
        HEADER
        + _invoice(segment="high_risk", debtor="Cave Roux")
        + _event("contact_made", "2026-02-16", channel="phone", step="early_call")
        + _event("payment_plan_agreed", "2026-02-20")
        + _event("instalment", "2026-03-20", amount="600.00")
        + _event("instalment", "2026-04-20", amount="600.00")
        + _invoice("F-2", amount="90")
    )
    JSONL = _jsonl(
        {
            "invoice": {
                "reference": "F-1",
                "date": "2026-01-15",
                "amount": "1200.00",
                "due_on": "2026-02-14",
                "segment": "high_risk",
                "debtor": "Cave Roux",
            },
            "events": [
                {
                    "record": "contact_made",
                    "date": "2026-02-16",
                    "channel": "phone",
                    "step": "early_call",
                },
                {
                    "record": "payment_plan_agreed",
                    "date": "2026-02-20",
                    "instalments": [
                        {"date": "2026-03-20", "amount": 600.00},
                        {"date": "2026-04-20", "amount": "600.00"},
                    ],
                },
            ],
        },
        {
            "invoice": {
                "reference": "F-2",
                "date": "2026-01-15",
                "amount": 90,
                "due_on": "2026-02-14",
            }
        },
    )

    def test_same_cases_as_csv(self) -> None:
        """The same portfolio written in CSV and in JSON lines reads into equal cases."""
        from_csv = read_portfolio(self.CSV)
        from_json = read_portfolio(self.JSONL, format="jsonl")
        assert from_csv.cases == from_json.cases
        assert from_csv.debtors == from_json.debtors
        assert 3 == len(from_json.cases[0].events)

    def test_json_numbers_are_exact(self) -> None:
        """A JSON number such as 0.1 is read as Decimal('0.1'), never through a float."""
        text = _jsonl(
            {
                "invoice": {
                    "reference": "F-1",
                    "date": "2026-01-15",
                    "amount": 0.1,
                    "due_on": "2026-02-14",
                }
            }
        )
        assert Decimal("0.1") == read_portfolio(text, format="jsonl").cases[0].amount

    @pytest.mark.parametrize(
        ("line", "words"),
        [
            ("{not json", "Expecting"),
            ('["F-1"]', "an object"),
            ('{"invoice": {"reference": "F-1"}, "extra": 1}', "keys"),
            (
                '{"invoice": {"reference": "F-1", "date": "2026-01-15", "amount": "5", "due_on": "2026-02-14"}, "events": {}}',
                "a list",
            ),
            (
                '{"invoice": {"reference": "F-1", "date": "2026-01-15", "amount": "5", "due_on": "2026-02-14"}, "events": [{"record": "payment_received", "date": "2026-02-20", "amout": "5"}]}',
                "unknown key",
            ),
            (
                '{"invoice": {"reference": "F-1", "date": "2026-01-15", "amount": true, "due_on": "2026-02-14"}}',
                "a string or a number",
            ),
            (
                '{"invoice": {"reference": "F-1", "date": "2026-01-15", "amount": "5", "due_on": "2026-02-14"}, "events": [{"record": "payment_plan_agreed", "date": "2026-02-20"}]}',
                "instalments",
            ),
            (
                '{"invoice": {"reference": "F-1", "date": "2026-01-15", "amount": "5", "due_on": "2026-02-14"}, "events": [{"record": "payment_received", "date": "2026-02-20", "amount": "90"}]}',
                "exceeds",
            ),
        ],
    )
    def test_malformed_line_reported_rest_read(self, line: str, words: str) -> None:
        """A malformed JSON line is reported with its line number; the other lines are read."""
        good = _jsonl(
            {
                "invoice": {
                    "reference": "F-2",
                    "date": "2026-01-15",
                    "amount": "5",
                    "due_on": "2026-02-14",
                }
            }
        )
        portfolio = read_portfolio(
            good + "\n" + line + "\n" + good.replace("F-2", "F-3"), format="jsonl"
        )
        (error,) = portfolio.errors
        assert 3 == error.line
        assert words in error.message
        assert ["F-2", "F-3"] == [c.reference for c in portfolio.cases]


class TestDump:
    def test_every_event_kind_round_trips_in_both_formats(self) -> None:
        """A case holding every event kind is written and read back equal, CSV and JSON lines."""
        case = _opened(opened_on=date(2026, 1, 20))
        for event in (
            ContactMade(date(2026, 2, 19), Channel.EMAIL, "reminder_email_1"),
            PromiseToPay(date(2026, 2, 20), date(2026, 2, 25), "100"),
            PaymentReceived(date(2026, 2, 24), "100"),
            CreditNoteIssued(date(2026, 2, 26), "100", "AV-1"),
            DisputeOpened(date(2026, 2, 27), "prix"),
            DisputeResolved(date(2026, 3, 1), "ok"),
            FormalNoticeSent(date(2026, 3, 2), Channel.REGISTERED_LETTER, "formal_notice"),
            FormalNoticeDelivered(date(2026, 3, 4), Delivery.RECEIVED),
            ProofRecorded(date(2026, 3, 4), Proof.PURCHASE_ORDER, "BC-9"),
            AlternativeResolutionStarted(date(2026, 3, 5)),
            PaymentPlanAgreed(date(2026, 3, 6), (Instalment(date(2026, 4, 6), "1000.00"),)),
            HandedOver(date(2026, 5, 1), Agent.COMMISSAIRE_DE_JUSTICE),
            ClaimFiled(date(2026, 5, 2)),
            WrittenOff(date(2026, 6, 1), "perte"),
        ):
            case = apply(case, event, POLICY)
        debtors = {"F-1": "Cave, « Roux »"}
        for fmt in ("csv", "jsonl"):
            back = read_portfolio(dump_portfolio([case], format=fmt, debtors=debtors), format=fmt)  # type: ignore[arg-type]
            assert ((case,), (), debtors) == (back.cases, back.errors, dict(back.debtors))

    @settings(max_examples=25)
    @given(st.lists(st.deferred(lambda: _cases()), max_size=3, unique_by=lambda c: c.reference))
    def test_generated_cases_round_trip(self, cases: list[Case]) -> None:
        """Cases drawn from the exported strategies are read back equal from both formats."""
        for fmt in ("csv", "jsonl"):
            back = read_portfolio(dump_portfolio(cases, format=fmt), format=fmt)  # type: ignore[arg-type]
            assert (tuple(cases), ()) == (back.cases, back.errors)

    @pytest.mark.parametrize("fmt", ["csv", "csv-fr", "jsonl"])
    def test_issue_9_events_round_trip(self, fmt: str) -> None:
        """A collective procedure, its declaration and a waiver are written and read back."""
        policy = french_default()
        insolvent = Case.open("F-1", "1000", date(2026, 1, 10), due_on=date(2026, 2, 9))
        for event in (
            CollectiveProcedureOpened(
                date(2026, 3, 2), CollectiveProcedure.REDRESSEMENT, date(2026, 3, 12)
            ),
            ClaimDeclared(date(2026, 4, 1), "LRAR 1A 234"),
        ):
            insolvent = apply(insolvent, event, policy)
        late = Case.open("F-3", "800", date(2026, 1, 10), due_on=date(2026, 2, 9))
        for event in (
            CollectiveProcedureOpened(
                date(2026, 3, 2), CollectiveProcedure.SAUVEGARDE, date(2026, 3, 12)
            ),
            CollectiveProcedureOpened(
                date(2026, 4, 2), CollectiveProcedure.LIQUIDATION, date(2026, 4, 10)
            ),
            ForeclosureReliefRequested(date(2026, 6, 1), "requête"),
        ):
            late = apply(late, event, policy)
        waived = Case.open("F-2", "500", date(2026, 1, 10), due_on=date(2026, 2, 9))
        for event in (
            PaymentReceived(date(2026, 3, 2), Decimal("500")),
            PenaltiesWaived(date(2026, 3, 3), "geste commercial"),
        ):
            waived = apply(waived, event, policy)
        cases = [insolvent, waived, late]
        back = read_portfolio(dump_portfolio(cases, format=fmt), format=fmt)  # type: ignore[arg-type]
        assert (tuple(cases), ()) == (back.cases, back.errors)

    def test_bad_arguments(self) -> None:
        """format and cases are checked."""
        with pytest.raises(InvalidArgument):
            dump_portfolio([], format="xml")  # type: ignore[arg-type]
        with pytest.raises(InvalidArgument):
            dump_portfolio(["F-1"])  # type: ignore[list-item]


def _cases() -> st.SearchStrategy[Case]:
    from dunning_core.strategies import cases

    return cases(max_events=8)


class TestPlan:
    def _plan(self, today: date = date(2026, 3, 16)):  # type: ignore[no-untyped-def]
        text = (
            HEADER
            + _invoice("F-1", amount="500.00")  # due 14 Feb: reminder_email_1 due since 19 Feb
            + _invoice("F-2", amount="9000.00")
            + _event(
                "contact_made", "2026-02-19", ref="F-2", channel="email", step="reminder_email_1"
            )
            + _event("dispute_opened", "2026-02-20", ref="F-2")
            + _invoice("F-3", amount="2000.00", due_on="2026-03-31")  # preventive, nothing due
            + _invoice("F-4", amount="700.00")
            + _event("payment_received", "2026-02-10", ref="F-4", amount="700.00")
            + _invoice("F-5", amount="3000.00", segment="consumer")
            + _event(
                "contact_made", "2026-02-19", ref="F-5", channel="email", step="reminder_email_1"
            )
            + _event("promise_to_pay", "2026-03-01", ref="F-5", until="2026-03-31")
        )
        return plan_portfolio(read_portfolio(text).cases, POLICY, today)

    def test_actions_stages_channels(self) -> None:
        """Only F-1 is due today; stages are counted on today's date."""
        plan = self._plan()
        assert [("F-1", "reminder_email_1")] == [(a.reference, a.step.name) for a in plan.actions]
        counts = plan.stage_counts()
        assert (1, 3, 1) == (counts[Stage.PREVENTIVE], counts[Stage.AMICABLE], counts[Stage.PAID])
        assert ["email"] == list(plan.by_channel())
        assert list(Stage) == list(counts)

    def test_overdue_sorted_by_balance(self) -> None:
        """Open overdue cases come largest balance first; paid and not yet due are left out."""
        assert ["F-2", "F-5", "F-1"] == [i.case.reference for i in self._plan().overdue()]
        assert [30, 30, 30] == [i.days_late for i in self._plan().overdue()]

    def test_amounts(self) -> None:
        """F-1 owes 500 + 500 × 12.15 % × 30 / 365 = 4.99 + 40 € (L441-10, D441-5)."""
        item = self._plan().items[0]
        amounts = item.amounts()
        assert (Decimal("500.00"), Decimal("4.99"), Decimal("40.00"), Decimal("544.99")) == (
            amounts.principal,
            amounts.interest,
            amounts.indemnity,
            amounts.total,
        )
        assert amounts == item.actions[0].amounts()

    def test_status_explains_idle_cases(self) -> None:
        """status() gives the action's rule, or why nothing is due."""
        items = {i.case.reference: i for i in self._plan().items}
        assert "reminder_email_1" in items["F-1"].status().message
        assert "dispute open since 2026-02-20" in items["F-2"].status().message
        assert "next step 'pre_reminder' on 2026-03-26" == items["F-3"].status().message
        assert "closed: paid" == items["F-4"].status().message
        assert "promise to pay until 2026-03-31" in items["F-5"].status().message

    def test_plan_error_for_future_events(self) -> None:
        """A case whose events come after today is reported; the others are planned."""
        plan = self._plan(today=date(2026, 2, 19))  # F-2 disputes on 20 Feb, F-5 promises 1 Mar
        assert [("F-2", "InvalidDate"), ("F-5", "InvalidDate")] == [
            (e.invoice, e.error) for e in plan.errors
        ]
        assert ["F-1", "F-3", "F-4"] == [i.case.reference for i in plan.items]

    def test_bad_arguments(self) -> None:
        """policy, cases and today are checked."""
        with pytest.raises(InvalidArgument):
            plan_portfolio([], "french", date(2026, 1, 1))  # type: ignore[arg-type]
        with pytest.raises(InvalidArgument):
            plan_portfolio(["F-1"], POLICY, date(2026, 1, 1))  # type: ignore[list-item]
        with pytest.raises(TypeError):
            plan_portfolio([], POLICY, "2026-01-01")  # type: ignore[arg-type]


class TestSample:
    def test_loads_with_exactly_three_malformed_rows(self) -> None:
        """The shipped sample: 320 invoices, 3 malformed rows (one per kind) set 3 aside."""
        portfolio = read_portfolio(sample_portfolio_text())
        assert 317 == len(portfolio.cases)
        assert ["InvalidDate", "InvalidArgument", "IllegalTransition"] == [
            e.error for e in portfolio.errors
        ]
        assert [e.invoice for e in portfolio.errors] == list(portfolio.set_aside)

    def test_covers_the_story(self) -> None:
        """Every segment and the events the demo promises appear in the sample."""
        cases = read_portfolio(sample_portfolio_text()).cases
        kinds = {type(e).__name__ for c in cases for e in c.events}
        assert {
            "PaymentReceived",
            "PromiseToPay",
            "DisputeOpened",
            "DisputeResolved",
            "PaymentPlanAgreed",
            "FormalNoticeDelivered",
            "HandedOver",
            "ClaimFiled",
            "CreditNoteIssued",
        } <= kinds
        assert set(DebtorSegment) == {c.segment for c in cases}
        assert set(Delivery) == {
            e.outcome for c in cases for e in c.events if isinstance(e, FormalNoticeDelivered)
        }
        assert any(c.balance and c.paid for c in cases)  # a partial payment
        assert any(c.dispute is not None for c in cases)  # a dispute still open

    def test_sample_date_is_after_every_event(self) -> None:
        """The demo day comes after the last event of every case, inside the rate tables."""
        plan = plan_portfolio(read_portfolio(sample_portfolio_text()).cases, POLICY, SAMPLE_DATE)
        assert () == plan.errors
        assert plan.actions

    def test_committed_sample_is_what_the_script_makes(self) -> None:
        """The committed CSV equals the generator's output (run the script after a change)."""
        script = runpy.run_path(str(ROOT / "scripts" / "make_sample_portfolio.py"))
        assert script["render"]() == sample_portfolio_text()


# --- nothing lost (issue 10): every field of every event, in every dialect and in JSON -----------

_FORMATS = ("csv", "csv-fr", "jsonl")


def _any_currency_cases() -> st.SearchStrategy[Case]:
    from dunning_core.machine import replay
    from dunning_core.strategies import currencies, event_histories, invoice_openings

    openings = invoice_openings(currencies=st.just("EUR") | currencies())
    return event_histories(openings=openings, max_size=8).map(lambda e: replay(e, POLICY))


def _yen_case() -> Case:
    """An invoice in yen with the 40 € indemnity converted by the creditor."""
    return Case.open(
        "F-1",
        "120000",
        date(2026, 1, 15),
        due_on=date(2026, 2, 14),
        currency="JPY",
        indemnity_in_currency="6500",
    )


class TestNothingLost:
    def test_every_field_has_a_column(self) -> None:
        """Each field of the machine's field table is held by a portfolio column (the instalments
        of a plan are rows of their own): a field without one is lost on a dump and read."""
        from dunning_core.machine._fields import FIELDS, Kind

        lost = [
            f"{cls.__name__}.{field.name}"
            for cls, fields in FIELDS.items()
            for field in fields
            if field.column is None and field.kind is not Kind.INSTALMENTS
        ]
        assert [] == lost
        assert {f.column for fields in FIELDS.values() for f in fields} - {None} <= set(COLUMNS)

    @settings(max_examples=30)
    @given(
        st.lists(_any_currency_cases(), min_size=1, max_size=3, unique_by=lambda c: c.reference),
        st.sampled_from(_FORMATS),
    )
    def test_generated_cases_round_trip_in_every_dialect_and_json(
        self, cases: list[Case], fmt: str
    ) -> None:
        """Cases of any currency (the converted indemnity or not) and their events, drawn from
        the exported strategies, read back equal field for field from every dialect and JSON."""
        from dunning_core.serialize import from_json, to_json

        text = dump_portfolio(cases, format=fmt)  # type: ignore[arg-type]
        back = read_portfolio(text, format=fmt)  # type: ignore[arg-type]
        assert ((), ()) == (back.errors, back.set_aside)
        for case, read in zip(cases, back.cases, strict=True):
            assert list(case.events) == list(read.events)  # event by event, every field
            assert case == read
            assert case == from_json(to_json(case))

    @pytest.mark.parametrize("fmt", _FORMATS)
    def test_the_converted_indemnity_is_written_and_read(self, fmt: str) -> None:
        """indemnity_in_currency (JSON schema 3) survives a portfolio file; it was lost."""
        case = _yen_case()
        text = dump_portfolio([case], format=fmt)  # type: ignore[arg-type]
        assert "6500" in text
        (read,) = read_portfolio(text, format=fmt).cases  # type: ignore[arg-type]
        assert Decimal("6500") == read.opening.indemnity_in_currency
        assert case == read

    def test_files_without_the_column_still_load(self) -> None:
        """A file written before the column (euro invoices, or another currency without the
        converted indemnity) reads as before; a euro file is written without the column."""
        old = (
            "invoice,record,date,amount,currency,due_on\n"
            "F-1,invoice,2026-01-15,90.00,EUR,2026-02-14\n"
            "F-2,invoice,2026-01-15,9000,JPY,2026-02-14\n"
        )
        euros, yens = read_portfolio(old).cases
        assert (None, None) == (
            euros.opening.indemnity_in_currency,
            yens.opening.indemnity_in_currency,
        )
        assert "indemnity_in_currency" not in dump_portfolio([euros, yens])

    @pytest.mark.parametrize(
        ("cells", "word"),
        [
            ("EUR,40", "for an invoice in EUR"),
            ("JPY,65.5", "decimal"),
            ("JPY,abc", "decimal number"),
        ],
    )
    def test_a_bad_converted_indemnity_sets_the_invoice_aside(self, cells: str, word: str) -> None:
        text = (
            "invoice,record,date,amount,currency,indemnity_in_currency,due_on\n"
            f"F-1,invoice,2026-01-15,9000,{cells},2026-02-14\n"
            "F-2,invoice,2026-01-15,9000,JPY,,2026-02-14\n"
        )
        portfolio = read_portfolio(text)
        assert (("F-1",), ["F-2"]) == (
            portfolio.set_aside,
            [c.reference for c in portfolio.cases],
        )
        (error,) = portfolio.errors
        assert (2, "F-1") == (error.line, error.invoice)
        assert word in error.message

    def test_a_converted_indemnity_is_folded_as_its_case(self) -> None:
        """fold_events replays an invoice whose file gives the converted indemnity (the columns
        would count no indemnity), even for its own currency and without the cases."""
        pytest.importorskip("pandas")
        from dunning_core.frames import events_frame, fold_events

        case = _yen_case()
        folded = fold_events(events_frame([case]), POLICY, currency="JPY")
        assert [case] == folded["case"].tolist()
