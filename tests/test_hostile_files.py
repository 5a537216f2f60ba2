"""Hostile and foreign portfolio files: nothing lost, nothing guessed (issue 10's findings)."""

from __future__ import annotations

import io
import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from dunning_core import cli
from dunning_core.errors import (
    ArgumentTypeError,
    PortfolioError,
    RateTableError,
    SerializationError,
)
from dunning_core.machine import Case, PaymentReceived, apply
from dunning_core.policy import french_default
from dunning_core.portfolio_io import (
    MAX_LINE_LENGTH,
    dump_portfolio,
    plan_portfolio,
    read_portfolio,
)
from dunning_core.rates import default_rates

TODAY = date(2026, 3, 16)
HEAD = "invoice,record,date,amount,due_on,channel\n"


def _refs(text: str, **kwargs: object) -> list[str]:
    return [case.reference for case in read_portfolio(text, **kwargs).cases]  # type: ignore[arg-type]


def run(*argv: str) -> tuple[int, str, str]:
    out = io.StringIO()
    err = io.StringIO()
    import contextlib

    with contextlib.redirect_stderr(err):
        status = cli.main(list(argv), out=out)
    return status, out.getvalue(), err.getvalue()


class TestNothingLost:
    def test_a_row_with_too_many_cells_sets_its_invoice_aside(self) -> None:
        """The payment row with one cell too many is tied to F-1: F-1 is not planned without it
        (it was planned and 544,99 € claimed although the debtor had paid 500 €)."""
        text = (
            HEAD
            + "F-1,invoice,2026-01-15,500.00,2026-02-14,\n"
            + "F-1,payment_received,2026-02-20,500.00,,x,\n"
            + "F-2,invoice,2026-01-15,800.00,2026-02-14,\n"
        )
        portfolio = read_portfolio(text)
        (error,) = portfolio.errors
        assert (3, "F-1") == (error.line, error.invoice)
        assert "7 cells, the header has 6" in error.message
        assert ("F-1",) == portfolio.set_aside
        assert ["F-2"] == [c.reference for c in portfolio.cases]

    def test_cli_does_not_claim_from_the_invoice_it_set_aside(self, tmp_path: Path) -> None:
        path = tmp_path / "p.csv"
        path.write_text(
            "invoice,record,date,amount,due_on,channel,step\n"
            "F-1,invoice,2026-01-15,500.00,2026-02-14,,\n"
            "F-1,payment_received,2026-02-20,500.00,,x,,\n",
            encoding="utf-8",
        )
        status, text, _ = run("plan", str(path), "--today", "2026-03-16")
        assert 0 == status
        assert "1 facture dans le fichier, 0 planifiée" in text
        assert "F-1 — ligne 3" in text
        assert "544,99" not in text
        assert "aucune" in text.split("Actions du jour")[1]

    def test_every_bad_line_of_an_invoice_is_reported_once_under_it(self, tmp_path: Path) -> None:
        path = tmp_path / "p.csv"
        path.write_text(
            HEAD
            + "F-1,invoice,2026-01-15,500.00,2026-02-14,\n"
            + "F-1,payment_received,2026-02-30,5.00,,\n"
            + "F-2,invoice,2026-01-15,800.00,2026-02-14,\n"
            + "F-1,contact_made,2026-02-20,,,fax\n",
            encoding="utf-8",
        )
        status, text, _ = run("plan", str(path), "--today", "2026-03-16")
        assert 0 == status
        assert 1 == text.count("  F-1 — lignes 3, 5\n")
        assert "    ligne 3 — colonne « date » : le 2026-02-30 n'existe pas" in text
        assert "    ligne 5 — colonne « channel » : « fax » n'est pas une valeur acceptée" in text

    def test_a_row_tied_to_no_invoice_plans_nothing(self, tmp_path: Path) -> None:
        """A payment row without its invoice number could be any invoice's: none is planned."""
        text = (
            HEAD
            + "F-1,invoice,2026-01-15,500.00,2026-02-14,\n"
            + ",payment_received,2026-02-20,500.00,,\n"
            + "F-2,invoice,2026-01-15,800.00,2026-02-14,\n"
        )
        portfolio = read_portfolio(text)
        assert () == portfolio.cases
        assert ("F-1", "F-2") == portfolio.set_aside
        assert [(3, "")] == [(e.line, e.invoice) for e in portfolio.errors]
        path = tmp_path / "p.csv"
        path.write_text(text, encoding="utf-8")
        status, out, _ = run("plan", str(path), "--today", "2026-03-16")
        assert 0 == status
        assert "Lignes rattachées à aucune facture" in out
        assert "2 factures dans le fichier, 0 planifiée" in out

    def test_events_of_a_missing_invoice_name_every_line(self) -> None:
        text = HEAD + "F-1,invoice,2026-01-15,500.00,2026-02-14,\n"
        text += "".join(f"F-9,payment_received,2026-02-{d:02d},1.00,,\n" for d in range(1, 16))
        (error,) = read_portfolio(text).errors
        assert error.message.startswith("no invoice row for F-9: its events (lines 3, 4, 5,")
        assert "and " not in error.message  # 15 lines: all listed


class TestQuotes:
    def test_a_stray_quote_swallows_nothing(self) -> None:
        """A quote at the start of a cell used to swallow every following row silently
        ("1 facture, 0 ligne en erreur" for 3 invoices)."""
        text = (
            HEAD
            + "F-1,invoice,2026-01-15,500.00,2026-02-14,\n"
            + 'F-2,"invoice,2026-01-15,800.00,2026-02-14,\n'
            + "F-3,invoice,2026-01-15,300.00,2026-02-14,\n"
            + "F-4,invoice,2026-01-15,300.00,2026-02-14,\n"
        )
        portfolio = read_portfolio(text)
        (error,) = portfolio.errors
        assert (3, "F-2") == (error.line, error.invoice)
        assert "unbalanced quotes" in error.message
        assert ["F-1", "F-3", "F-4"] == [c.reference for c in portfolio.cases]

    def test_quoted_cells_still_read(self) -> None:
        text = 'invoice,record,date,amount,due_on,debtor\n"F-1",invoice,2026-01-15,"1200.00",2026-02-14,"Cave ""Roux"", SARL"\n'
        portfolio = read_portfolio(text)
        assert ["F-1"] == [c.reference for c in portfolio.cases]
        assert 'Cave "Roux", SARL' == portfolio.debtors["F-1"]

    def test_a_quote_in_the_invoice_cell_is_not_tied_on_a_guess(self) -> None:
        text = HEAD + "F-1,invoice,2026-01-15,500.00,2026-02-14,\n" + '"F-1,payment_received\n'
        portfolio = read_portfolio(text)
        assert [(3, "")] == [(e.line, e.invoice) for e in portfolio.errors]
        assert () == portfolio.cases


class TestJsonLines:
    def _line(self, reference: str) -> str:
        return json.dumps(
            {
                "invoice": {
                    "reference": reference,
                    "date": "2026-01-15",
                    "amount": "500.00",
                    "due_on": "2026-02-14",
                },
                "events": [],
            }
        )

    @pytest.mark.parametrize("depth", [2_000, 100_000])
    def test_deep_nesting_is_that_lines_error(self, depth: int) -> None:
        """A deeply nested line raised a raw RecursionError and lost every good line."""
        nested = '{"invoice": {"reference": "F-2"}, "events": ' + "[" * depth + "]" * depth + "}"
        text = "\n".join([self._line("F-1"), nested, self._line("F-3")]) + "\n"
        portfolio = read_portfolio(text, format="jsonl")
        (error,) = portfolio.errors
        assert (2, "F-2") == (error.line, error.invoice)
        assert ["F-1", "F-3"] == [c.reference for c in portfolio.cases]
        plan = plan_portfolio(portfolio.cases, french_default(), TODAY)
        assert 2 == len(plan.items)

    def test_a_bad_line_is_tied_to_the_invoice_it_holds(self) -> None:
        """A line read as JSON but refused names its own invoice, not the first "reference"
        its text holds: another line's F-2 was set aside on that guess, F-1 named nowhere."""
        bad = json.dumps(
            {
                "events": [
                    {"record": "payment_received", "reference": "F-2", "date": "2026-02-01"}
                ],
                "invoice": {"reference": "F-1", "date": "2026-01-15", "amount": "5"},
            }
        )
        text = "\n".join([self._line("F-2"), bad, self._line("F-3")]) + "\n"
        portfolio = read_portfolio(text, format="jsonl")
        assert [(2, "F-1")] == [(e.line, e.invoice) for e in portfolio.errors]
        assert (("F-1",), ["F-2", "F-3"]) == (
            portfolio.set_aside,
            [c.reference for c in portfolio.cases],
        )

    def test_json_numbers_are_strict_amounts(self) -> None:
        line = self._line("F-1").replace('"500.00"', "5e2")
        (error,) = read_portfolio(line, format="jsonl").errors
        assert "decimal number" in error.message


class TestLimits:
    def test_dev_zero_is_a_one_line_error(self) -> None:
        """`dunning plan /dev/zero` grew until MemoryError; it stops at the first line."""
        if not Path("/dev/zero").exists():  # pragma: no cover - every CI runner has it
            pytest.skip("no /dev/zero")
        status, out, err = run("plan", "/dev/zero", "--today", "2026-03-16")
        assert (2, "") == (status, out)
        limit = f"{MAX_LINE_LENGTH:,}".replace(",", "\u202f")
        assert f"ligne 1 : une ligne de plus de {limit} caractères" in err
        assert 1 == err.count("\n")

    def test_long_line_in_the_library(self) -> None:
        lines = iter([HEAD, "x" * (MAX_LINE_LENGTH + 1)])
        with pytest.raises(PortfolioError, match="line 2: the line is longer"):
            read_portfolio(lines)

    def test_line_count_limit(self, monkeypatch: pytest.MonkeyPatch) -> None:
        import dunning_core.portfolio_io as module

        monkeypatch.setattr(module, "MAX_LINES", 3)
        with pytest.raises(PortfolioError, match="line 4: more than 3 lines"):
            read_portfolio(iter([HEAD, "\n", "\n", "\n"]))

    def test_huge_rates_file(self, tmp_path: Path) -> None:
        """A huge --rates file is refused before it is read whole."""
        path = tmp_path / "rates.csv"
        with path.open("wb") as file:
            file.truncate(cli.MAX_RATE_FILE_BYTES + 10)
        status, _, err = run("rates", "--rates", str(path))
        assert 2 == status
        limit = f"{cli.MAX_RATE_FILE_BYTES:,}".replace(",", "\u202f")
        assert f"un fichier de taux fait au plus {limit} octets" in err
        assert 1 == err.count("\n")

    def test_reads_a_file_object_line_by_line(self, tmp_path: Path) -> None:
        """An open file is read as it is iterated: nothing needs the whole text."""
        cases = [
            Case.open(f"F-{i}", "100.00", date(2026, 1, 15), due_on=date(2026, 2, 14))
            for i in range(50)
        ]
        path = tmp_path / "p.csv"
        path.write_text(dump_portfolio(cases), encoding="utf-8")
        consumed: list[int] = []

        def lines() -> object:
            with path.open(encoding="utf-8", newline="") as file:
                for number, line in enumerate(file, start=1):
                    consumed.append(number)
                    yield line

        portfolio = read_portfolio(lines())  # type: ignore[arg-type]
        assert tuple(cases) == portfolio.cases
        assert 51 == len(consumed)
        with path.open(encoding="utf-8") as file:
            assert tuple(cases) == read_portfolio(file).cases

    def test_a_bad_row_keeps_a_bounded_report(self) -> None:
        """A bad cell of 50,000 characters is quoted in its error cut to 300: an error kept its
        whole cell (and its message again), so memory followed the size of the bad rows."""
        big = "2" * 50_000
        head = "invoice,record,date,amount,due_on,terms,currency,segment,channel\n"
        rows = [
            f"F-1,invoice,{big},90,2026-02-14,,,,",
            f"F-2,invoice,2026-01-15,{big},2026-02-14,,,,",
            f"F-3,invoice,2026-01-15,90,,{big},,,",
            f"F-4,invoice,2026-01-15,90,2026-02-14,,{big},,",
            f"F-5,invoice,2026-01-15,90,2026-02-14,,,{big},",
            "F-6,invoice,2026-01-15,90,2026-02-14,,,,",
            f"F-6,contact_made,2026-02-15,,,,,,{big}",
            f"{big},invoice,2026-01-15,90,2026-02-14,,,,",
        ]
        portfolio = read_portfolio(head + "\n".join(rows) + "\n")
        assert [2, 3, 4, 5, 6, 8, 9] == [e.line for e in portfolio.errors]
        for error in portfolio.errors:
            assert len(error.message) <= 301, error.line
            assert len(error.value) <= 301, error.line
            assert len(error.invoice) <= 101, error.line
        assert "2" * 100 + "…" == portfolio.errors[-1].invoice  # too long: still refused
        assert "at most 100 characters" in portfolio.errors[-1].message

    def test_memory_follows_the_invoices_kept(self) -> None:
        """Streaming 100 MB of bad rows (1,000 amounts of 100,000 digits, under the csv module's
        cell limit) keeps a few MB: an error used to keep its whole cell."""
        import tracemalloc

        big = "9" * 100_000

        def lines() -> object:
            yield HEAD
            for i in range(1_000):
                yield f"F-{i},invoice,2026-01-15,{big},2026-02-14,\n"
            yield "F-X,invoice,2026-01-15,90.00,2026-02-14,\n"

        tracemalloc.start()
        try:
            portfolio = read_portfolio(lines())  # type: ignore[arg-type]
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert (1_000, ["F-X"]) == (len(portfolio.errors), [c.reference for c in portfolio.cases])
        assert peak < 8 * 2**20, f"{peak / 2**20:.1f} MiB"

    @pytest.mark.parametrize("source", [b"invoice", [b"invoice"], 3, None])
    def test_bytes_are_refused(self, source: object) -> None:
        with pytest.raises(ArgumentTypeError):
            read_portfolio(source)  # type: ignore[arg-type]


FR_HEAD = "invoice;record;date;amount;due_on;debtor\n"


class TestFrenchSpreadsheets:
    @pytest.mark.parametrize(
        ("cell", "expected"),
        [
            ("1250,00", "1250.00"),
            ("1 234,56", "1234.56"),
            ("1\u00a0234,56", "1234.56"),
            ("1\u202f234,56", "1234.56"),
            ("1 234 567,8", "1234567.8"),
            ("1250", "1250"),
            ("0,5", "0.5"),
        ],
    )
    def test_amounts(self, cell: str, expected: str) -> None:
        """Decimal comma and thousands spaces, read by babel's fr_FR parser; "1250,00" is 1250."""
        text = FR_HEAD + f"F-1;invoice;15/01/2026;{cell};14/02/2026;\n"
        (case,) = read_portfolio(text, format="csv-fr").cases
        assert Decimal(expected) == case.amount

    @pytest.mark.parametrize(
        "cell",
        [
            "1.234,56",
            "1,234.56",
            "1234.56",
            "12 34,5",
            "1e3",
            "\u0661\u0662\u0663",
            "-5",
            "1 234,",
            ",5",
            "5 €",
        ],
    )
    def test_amounts_never_guessed(self, cell: str) -> None:
        text = FR_HEAD + f"F-1;invoice;15/01/2026;{cell};14/02/2026;\n"
        portfolio = read_portfolio(text, format="csv-fr")
        assert () == portfolio.cases
        assert ["InvalidAmount"] == [e.error for e in portfolio.errors]

    def test_dates_day_first_only(self) -> None:
        text = FR_HEAD + "F-1;invoice;05/01/2026;10,00;2026-02-04;\n"
        (case,) = read_portfolio(text, format="csv-fr").cases
        assert (date(2026, 1, 5), date(2026, 2, 4)) == (case.issued_on, case.due_on)
        for day in (
            "01/13/2026",
            "31/02/2026",
            "\u0663\u0661/\u0660\u0663/\u0662\u0660\u0662\u0666",
            "5.1.2026",
        ):
            text = FR_HEAD + f"F-1;invoice;{day};10,00;14/02/2026;\n"
            errors = read_portfolio(text, format="csv-fr").errors
            assert ["InvalidDate"] == [e.error for e in errors], day

    def test_the_other_dialect_is_refused_with_the_fix(self) -> None:
        with pytest.raises(PortfolioError, match="format='csv-fr'"):
            read_portfolio(FR_HEAD)
        with pytest.raises(PortfolioError, match="format='csv'"):
            read_portfolio("invoice,record,date,amount,due_on\n", format="csv-fr")

    def test_dump_and_read_back(self) -> None:
        case = Case.open("F-1", "1234.56", date(2026, 1, 5), due_on=date(2026, 2, 4))
        case = apply(case, PaymentReceived(date(2026, 2, 10), "34.56"), french_default())
        text = dump_portfolio([case], format="csv-fr", debtors={"F-1": "Cave; Roux"})
        assert "F-1;invoice;05/01/2026;1234,56;EUR;04/02/2026;" in text
        portfolio = read_portfolio(text, format="csv-fr")
        assert (case,) == portfolio.cases
        assert "Cave; Roux" == portfolio.debtors["F-1"]

    def test_cli_windows_1252_with_bom_detection(self, tmp_path: Path) -> None:
        """BOM → UTF-8; no BOM → strict UTF-8; Windows-1252 only when asked."""
        text = FR_HEAD + "F-1;invoice;15/01/2026;1 250,00;14/02/2026;Société Générale\n"
        bom = tmp_path / "bom.csv"
        bom.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
        status, out, _ = run("plan", str(bom), "--today", "2026-03-16", "--format", "csv-fr")
        assert 0 == status
        assert out.startswith(
            "Fichier lu en CSV français (séparateur « ; », virgule décimale, dates JJ/MM/AAAA), "
            "encodage UTF-8 avec BOM\n"
        )
        assert "1\u202f250,00\u00a0€" in out
        windows = tmp_path / "cp1252.csv"
        windows.write_bytes(text.encode("cp1252"))
        status, out, err = run("plan", str(windows), "--today", "2026-03-16", "--format", "csv-fr")
        assert 2 == status
        assert "ligne 2 : pas du texte UTF-8" in err
        assert "--encoding cp1252" in err
        status, out, err = run(
            "plan",
            str(windows),
            "--today",
            "2026-03-16",
            "--format",
            "csv-fr",
            "--encoding",
            "cp1252",
        )
        assert 0 == status, err
        assert "encodage Windows-1252\n" in out
        assert "Société Générale" in out

    def test_cli_json_names_the_dialect(self, tmp_path: Path) -> None:
        path = tmp_path / "p.csv"
        path.write_text(FR_HEAD + "F-1;invoice;15/01/2026;1 250,00;14/02/2026;\n", encoding="utf-8")
        out = io.StringIO()
        argv = ["plan", str(path), "--today", "2026-03-16", "--format", "csv-fr", "--json"]
        assert 0 == cli.main(argv, out=out)
        data = json.loads(out.getvalue())
        assert {"format": "csv-fr", "encoding": "utf-8", "bom": False} == data["dialect"]
        assert "1250.00" == data["actions"][0]["principal"]


class TestTrimming:
    @pytest.mark.parametrize("char", ["\x1c", "\x0b", "\u2028", "\x85", "\u3000"])
    def test_only_spaces_are_trimmed_around_a_cell(self, char: str) -> None:
        """A control or separator character at the edge of a cell is an error, not trimmed away."""
        text = HEAD + f"F-1,invoice,2026-01-15{char},500.00,2026-02-14,\n"
        portfolio = read_portfolio(text)
        assert () == portfolio.cases
        assert ["InvalidDate"] == [e.error for e in portfolio.errors]

    def test_spaces_tabs_and_no_break_spaces_are_trimmed(self) -> None:
        text = HEAD + "F-1\t,invoice ,\u00a02026-01-15 , 500.00\u202f,2026-02-14,\n"
        assert ["F-1"] == _refs(text)


class TestRateFiles:
    """Rate files go through the same care: no row swallowed, no value dropped."""

    def test_a_stray_quote_does_not_swallow_the_next_rate(self) -> None:
        text = (
            "series,date,rate,source,known_until\n"
            'ECB_MRO,2026-06-17,2.40,"ECB press release,2026-07-22\n'
            "LEGAL_OTHER,2026-07-01,2.50,arrêté,\n"
        )
        with pytest.raises(RateTableError, match=r"line 2: unbalanced quotes"):
            default_rates().extended_from_csv(text)

    def test_a_value_beyond_the_header_is_refused(self) -> None:
        text = "series,date,rate,source\nLEGAL_OTHER,2026-07-01,2.50,arrêté,2026-12-31\n"
        with pytest.raises(RateTableError, match=r"line 2: a value beyond the header"):
            default_rates().extended_from_csv(text)

    def test_strict_amounts_and_dates_in_rate_files(self) -> None:
        for row in ("LEGAL_OTHER,2026-07-01,2.5e0,arrêté,", "LEGAL_OTHER,01/07/2026,2.50,arrêté,"):
            with pytest.raises(RateTableError):
                default_rates().extended_from_csv("series,date,rate,source,known_until\n" + row)


def test_a_cell_over_the_csv_limit_sets_its_invoice_aside() -> None:
    """A field over the csv module's limit was reported with invoice "" and its invoice planned."""
    text = (
        "invoice,record,date,amount,due_on,note\n"
        "F-1,invoice,2026-01-15,500.00,2026-02-14,\n"
        f"F-1,dispute_opened,2026-02-20,,,{'x' * 200_000}\n"
        "F-2,invoice,2026-01-15,800.00,2026-02-14,\n"
    )
    portfolio = read_portfolio(text)
    (error,) = portfolio.errors
    assert (3, "F-1") == (error.line, error.invoice)
    assert "longer than the csv module's limit" in error.message
    assert ["F-2"] == [case.reference for case in portfolio.cases]


# --- one strict reader per kind, at every entry point (issue 10) --------------------------------

BAD_DATES = ["٢٠٢٦-٠١-١٥", "2026-1-15", "20260115", "2026-W03-4", "2026-01-15T00:00"]
BAD_AMOUNTS = ["1e3", "1__0", "١٢٣", "1_000", "+5", ".5"]


class TestOneStrictReaderEverywhere:
    """The same text is refused with the library's error wherever it enters: the CLI, portfolio
    files (CSV, French CSV, JSON lines), rate files and JSON documents."""

    @pytest.mark.parametrize("day", BAD_DATES)
    def test_dates(self, day: str, tmp_path: Path) -> None:
        from dunning_core.serialize import from_json, to_json

        rows = {
            "csv": f"{HEAD}F-1,invoice,{day},500.00,2026-02-14,\n",
            "csv-fr": f"{FR_HEAD}F-1;invoice;{day};500,00;14/02/2026;\n",
            "jsonl": json.dumps(
                {
                    "invoice": {
                        "reference": "F-1",
                        "date": day,
                        "amount": "5",
                        "due_on": "2026-02-14",
                    },
                    "events": [],
                }
            ),
        }
        for fmt, text in rows.items():
            errors = read_portfolio(text, format=fmt).errors  # type: ignore[arg-type]
            assert ["InvalidDate"] == [e.error for e in errors], fmt
        with pytest.raises(RateTableError, match="line 2: not a calendar date"):
            default_rates().extended_from_csv(f"series,date,rate,source\nECB_MRO,{day},2.40,BCE\n")
        case = Case.open("F-1", "500.00", date(2026, 1, 15), due_on=date(2026, 2, 14))
        with pytest.raises(SerializationError, match="YYYY-MM-DD"):
            from_json(to_json(case).replace('"2026-01-15"', json.dumps(day)))
        path = tmp_path / "p.csv"
        path.write_text(rows["csv"].replace(day, "2026-01-15"), encoding="utf-8")
        status, out, err = run("plan", str(path), "--today", day)
        assert (2, "") == (status, out)
        assert f"date invalide — « {day} » n'est pas une date ; écrivez-la comme 2026-01-31" in err

    @pytest.mark.parametrize("amount", BAD_AMOUNTS)
    def test_amounts(self, amount: str) -> None:
        from dunning_core.serialize import from_json, to_json

        rows = {
            "csv": f"{HEAD}F-1,invoice,2026-01-15,{amount},2026-02-14,\n",
            "csv-fr": f"{FR_HEAD}F-1;invoice;15/01/2026;{amount};14/02/2026;\n",
            "jsonl": json.dumps(
                {
                    "invoice": {
                        "reference": "F-1",
                        "date": "2026-01-15",
                        "amount": amount,
                        "due_on": "2026-02-14",
                    },
                    "events": [],
                }
            ),
        }
        for fmt, text in rows.items():
            errors = read_portfolio(text, format=fmt).errors  # type: ignore[arg-type]
            assert ["InvalidAmount"] == [e.error for e in errors], fmt
        with pytest.raises(RateTableError, match="line 2"):
            default_rates().extended_from_csv(
                f"series,date,rate,source\nLEGAL_OTHER,2026-07-01,{amount},arrêté\n"
            )
        case = Case.open("F-1", "500.00", date(2026, 1, 15), due_on=date(2026, 2, 14))
        with pytest.raises(SerializationError, match="decimal string"):
            from_json(to_json(case).replace('"500.00"', json.dumps(amount)))
        status, out, err = run("penalty", amount, "--due", "2026-01-31", "--paid", "2026-03-02")
        assert (2, "") == (status, out)
        assert "1250.00" in err


class TestAcceptanceAudit:
    """What the acceptance audit of issue 10 found still open, each stated once."""

    @staticmethod
    def _line(reference: str, extra: str = "", events: str = "[]") -> str:
        return (
            f'{{"invoice": {{"reference": "{reference}", "date": "2026-01-15", "amount": '
            f'"1200.00", "due_on": "2026-02-14"{extra}}}, "events": {events}}}'
        )

    @pytest.mark.parametrize(
        "line",
        [
            # two amounts: the json module kept the last, 1200.00, on a guess
            (
                '{"invoice": {"reference": "F-1", "date": "2026-01-15", "amount": "1.00", '
                '"amount": "1200.00", "due_on": "2026-02-14"}, "events": []}'
            ),
            # a second "events" list replaced the first: its payment of 500 € was lost
            (
                '{"invoice": {"reference": "F-1", "date": "2026-01-15", "amount": "1200.00", '
                '"due_on": "2026-02-14"}, "events": [{"record": "payment_received", '
                '"date": "2026-02-20", "amount": "500.00"}], "events": []}'
            ),
            # an event's amount given twice
            (
                '{"invoice": {"reference": "F-1", "date": "2026-01-15", "amount": "1200.00", '
                '"due_on": "2026-02-14"}, "events": [{"record": "payment_received", '
                '"date": "2026-02-20", "amount": "500.00", "amount": "5.00"}]}'
            ),
        ],
    )
    def test_a_json_key_given_twice_sets_its_invoice_aside(self, line: str) -> None:
        text = "\n".join([line, self._line("F-2")]) + "\n"
        portfolio = read_portfolio(text, format="jsonl")
        (error,) = portfolio.errors
        assert (1, "F-1", "json_duplicate_key") == (error.line, error.invoice, error.code)
        assert (("F-1",), ["F-2"]) == (portfolio.set_aside, [c.reference for c in portfolio.cases])
        key = dict(error.params)["key"]
        assert key in ("amount", "events")
        assert f"la clé « {key} » apparaît deux fois dans un même objet" in error.text()
        assert f"the key '{key}' appears twice in the same object" in error.text(locale="en_GB")

    def test_a_lone_surrogate_in_a_reference_is_reported_not_a_crash(self, tmp_path: Path) -> None:
        """A JSON escape of a lone surrogate in a reference was refused, but its invoice name
        then broke `dunning plan` (UnicodeEncodeError on a UTF-8 terminal), text and --json."""
        path = tmp_path / "p.jsonl"
        path.write_text(
            self._line("F-1") + "\n" + self._line("F-7\\ud800") + "\n", encoding="utf-8"
        )
        status, out, _ = run("plan", str(path), "--today", "2026-03-16")
        assert 0 == status
        out.encode("utf-8")  # the terminal's encoding
        assert "  F-7\\ud800 — ligne 2\n" in out
        status, out, _ = run("plan", str(path), "--today", "2026-03-16", "--json")
        assert 0 == status
        out.encode("utf-8")
        data = json.loads(out)
        assert ["F-7\ud800"] == [e["invoice"] for e in data["errors"]]  # the data kept as read

    def test_control_and_bidi_characters_of_a_file_never_reach_the_terminal(
        self, tmp_path: Path
    ) -> None:
        """A refused reference, a refused cell and the file's own name were echoed raw: an
        escape sequence recoloured the terminal, a right-to-left override reversed the line."""
        path = tmp_path / "p\x1b[2J.csv"
        path.write_text(
            HEAD
            + "F-1,invoice,2026-01-15,1200.00,2026-02-14,\n"
            + "F-\x1b[31m2,invoice,2026-01-15,1200.00,2026-02-14,\n"
            + "F-\u202e3,invoice,2026-01-15,1200.00,2026-02-14,\n"
            + "F-4,invoice,2026-01-15,12\x1b[31m00.00,2026-02-14,\n",
            encoding="utf-8",
        )
        status, out, _ = run("plan", str(path), "--today", "2026-03-16")
        assert 0 == status
        assert "\x1b" not in out
        assert "\u202e" not in out
        assert "  F-\\u001b[31m2 — ligne 3\n" in out
        assert "  F-\\u202e3 — ligne 4\n" in out
        assert "« 12\\u001b[31m00.00 » n'est pas un montant" in out
        assert "p\\u001b[2J.csv" in out
        status, out, _ = run("plan", str(path), "--today", "2026-03-16", "--json")
        assert ("F-\u202e3", 0) == (json.loads(out)["errors"][1]["invoice"], status)
        assert "\u202e" not in out
        status, _, err = run("plan", str(tmp_path / "absent\x1b[2J.csv"), "--today", "2026-03-16")
        assert (2, False) == (status, "\x1b" in err)
        assert "absent\\u001b[2J.csv" in err

    def test_row_errors_shown_as_text_and_html_are_safe(self) -> None:
        from dunning_core.display._rows import row_errors_html

        text = (
            '{"invoice": {"reference": "F-\\ud800", "date": "2026-01-15", "amount": '
            '"1\\u202e2", "due_on": "2026-02-14"}, "events": []}\n'
        )
        (error,) = read_portfolio(text, format="jsonl").errors
        page = row_errors_html([error])
        page.encode("utf-8")  # a lone surrogate broke the page of `dunning report --html`
        assert "F-\\ud800 — " in page
        shown = error.text()
        assert "\u202e" not in shown
        assert "\\u202e" in shown

    @pytest.mark.parametrize(
        "argv",
        [
            ["plan", "p\x00.csv"],
            ["report", "p\x00.csv"],
            ["plan", "FILE", "--rates", "r\x00.csv"],
            ["report", "FILE", "--html", "r\x00.html"],
            ["penalty", "1000", "--due", "2026-01-31", "--paid", "2026-03-02", "--rates", "\x00"],
            ["rates", "--rates", "\x00"],
        ],
    )
    def test_a_nul_in_a_file_name_is_an_error_not_a_traceback(
        self, tmp_path: Path, argv: list[str]
    ) -> None:
        """`main(argv)` with a NUL in a file name (no shell can pass one, a program can)
        raised a bare ValueError "embedded null byte"."""
        path = tmp_path / "p.csv"
        path.write_text(HEAD + "F-1,invoice,2026-01-15,1200.00,2026-02-14,\n", encoding="utf-8")
        args = [str(path) if arg == "FILE" else arg for arg in argv]
        if argv[0] in ("plan", "report"):
            args += ["--today", "2026-03-16"]
        status, out, err = run(*args)
        assert (2, "") == (status, out)
        assert 1 == err.count("\n")
        assert "un caractère de contrôle ou invisible (U+0000, position " in err

    @pytest.mark.parametrize("days", ["٣٠", "３０", "3_0", "+30", " 30", "30 "])
    def test_period_days_are_ascii_digits(self, days: str, tmp_path: Path) -> None:
        """argparse's int() read '٣٠' (Arabic-Indic), '３０', '3_0' and '+30' as 30 days."""
        path = tmp_path / "p.csv"
        path.write_text(HEAD + "F-1,invoice,2026-01-15,1200.00,2026-02-14,\n", encoding="utf-8")
        argv = ["report", str(path), "--today", "2026-03-16", "--period-days", days]
        with pytest.raises(SystemExit) as exit:
            run(*argv)
        assert 2 == exit.value.code

    @pytest.mark.parametrize("seconds", ["١٠", "1_0", "1e1", "+10", "10,5"])
    def test_timeout_is_plain_seconds(self, seconds: str, monkeypatch: pytest.MonkeyPatch) -> None:
        """float() read '١٠' and '1_0' as 10 seconds; refused before any network."""

        def no_network(*args: object, **kwargs: object) -> None:
            raise AssertionError("the network was reached")

        monkeypatch.setattr("urllib.request.urlopen", no_network)
        with pytest.raises(SystemExit) as exit:
            run("rates", "update", "--timeout", seconds, "--rates-file", "/nonexistent/r.csv")
        assert 2 == exit.value.code

    def test_lines_ended_by_a_lone_carriage_return(self, tmp_path: Path) -> None:
        """A file whose lines end with a lone CR (an old Mac export) read by `dunning plan`:
        its rows after the header came as one line, refused as not CSV under F-1, and F-2 was
        lost without a word ("1 facture dans le fichier")."""
        rows = [
            "invoice,record,date,amount,due_on",
            "F-1,invoice,2026-01-15,1200.00,2026-02-14",
            "F-1,payment_received,2026-02-20,500.00,",
            "F-2,invoice,2026-01-15,800.00,2026-02-14",
        ]
        path = tmp_path / "mac.csv"
        path.write_bytes(("\r".join(rows) + "\r").encode("utf-8"))
        status, out, _ = run("plan", str(path), "--today", "2026-03-16")
        assert 0 == status
        assert "2 factures dans le fichier, 2 planifiées, 0 ligne en erreur" in out
        # F-1's payment counted: 1 200 € × 12,15 % × 6 / 365 = 2,40 € of interest paid first,
        # 497,60 € of principal (C. civ. 1343-1)
        assert "principal 702,40" in out
        # the library, given lines that hold several (any iterable of text)
        chunks = [rows[0] + "\r\n", rows[1] + "\r" + rows[2] + "\n" + rows[3] + "\r"]
        portfolio = read_portfolio(iter(chunks))
        assert ((), ["F-1", "F-2"]) == (portfolio.errors, [c.reference for c in portfolio.cases])
        bad = [rows[0] + "\n", rows[1] + "\r" + "F-2,invoice,2026-02-30,800.00,2026-02-14\r"]
        (error,) = read_portfolio(bad).errors
        assert (3, "F-2") == (error.line, error.invoice)  # its own line, its own invoice

    @pytest.mark.parametrize("locale", ["fr_FR", "en_GB"])
    def test_the_html_report_names_the_dialect_at_its_top(
        self, tmp_path: Path, locale: str
    ) -> None:
        """The text and JSON reports said which dialect and encoding were read; the HTML page of
        `dunning report --html` did not."""
        path = tmp_path / "p.csv"
        path.write_bytes(
            b"\xef\xbb\xbfinvoice;record;date;amount;due_on\r\n"
            b"F-1;invoice;15/01/2026;1 200,00;14/02/2026\r\n"
        )
        page = tmp_path / "r.html"
        status, _, _ = run(
            "report", str(path), "--today", "2026-03-16", "--format", "csv-fr",
            "--html", str(page), "--locale", locale,
        )  # fmt: skip
        assert 0 == status
        html_text = page.read_text(encoding="utf-8")
        body = html_text.partition("<body>")[2]
        said = {
            "fr_FR": "Fichier lu en CSV français (séparateur « ; », virgule décimale, dates "
            "JJ/MM/AAAA), encodage UTF-8 avec BOM",
            "en_GB": "File read as French CSV (separator &#x27;;&#x27;, decimal comma, dates "
            "DD/MM/YYYY), encoding UTF-8 with BOM",
        }[locale]
        assert body.startswith(f'<p class="dialect">{said}</p><h1>'), body[:300]

    def test_a_json_integer_beyond_python_s_digit_limit_is_an_amount_refused(self) -> None:
        """A 5,000-digit JSON number was reported as « pas du JSON lisible (caractère 0) »
        (Python's limit of 4,300 digits for int()): it is JSON, and an amount out of range."""
        line = self._line("F-1").replace('"1200.00"', "9" * 5_000)
        (error,) = read_portfolio(line + "\n" + self._line("F-2"), format="jsonl").errors
        assert (1, "F-1", "amount") == (error.line, error.invoice, error.field)
        assert "InvalidAmount" == error.error
        assert "JSON" not in error.text()
