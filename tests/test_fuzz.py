"""
Fuzzing every text entry point: only ``DunningError`` escapes, nothing hangs, nothing is accepted
silently.

Each test starts from valid input (generated values written by the library itself) and damages it
with the characters real files get wrong: quotes, separators, line breaks, signs, exponents, other
scripts' digits, control and bidirectional characters, lone surrogates.  What is accepted must
then be what the input says (a read-back or an accounting check), never a guess.  Cheap under the
``ci`` profile (60 examples each); ``make thorough`` runs 2,000.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import re
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dunning_core import cli
from dunning_core._text import _BAD
from dunning_core.calendar import parse_date
from dunning_core.errors import DunningError
from dunning_core.machine import Case, PaymentPlanAgreed
from dunning_core.money import to_amount
from dunning_core.portfolio_io import Portfolio, dump_portfolio, read_portfolio
from dunning_core.rates import default_rates
from dunning_core.serialize import from_json, to_json
from dunning_core.strategies import cases, payment_terms
from dunning_core.terms import PaymentTerms

HOSTILE = (
    '"',
    "'",
    ",",
    ";",
    "\n",
    "\r",
    "\r\n",
    "\t",
    "-",
    "\u2212",
    "+",
    "e3",
    "E+3",
    "_",
    ".",
    ",5",
    " ",
    "\u00a0",
    "\u202f",
    "0",
    "9",
    "\u0663",
    "\u00b2",
    "\uff11",
    "\x00",
    "\x1b",
    "\x85",
    "\u202e",
    "\u2066",
    "\ud800",
    "\ufeff",
    "{",
    "}",
    "[",
    "]",
    "\\",
    "/",
    "NaN",
    "Infinity",
    "9" * 30,
    "\\ud800",  # JSON escapes: a lone surrogate, an escape, an override, once decoded
    "\\u001b",
    "\\u202e",
)
"""The damage: what real files and hostile users put where it does not belong."""

_PLAIN = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")


@st.composite
def damaged(draw: st.DrawFn, text: str, *, edits: int = 3) -> str:
    """*text* with up to *edits* insertions, deletions or replacements of hostile pieces."""
    for _ in range(draw(st.integers(1, edits))):
        at = draw(st.integers(0, len(text)))
        kind = draw(st.sampled_from(("insert", "delete", "replace")))
        piece = draw(st.sampled_from(HOSTILE) | st.text(max_size=3))
        if kind == "insert":
            text = text[:at] + piece + text[at:]
        elif kind == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 4)) :]
        else:
            text = text[:at] + piece + text[at + len(piece) :]
    return text


def _only_dunning_errors(function: object, *args: object, **kwargs: object) -> object:
    """Call *function*; a ``DunningError`` gives ``None``, anything else fails the test."""
    assert callable(function)
    try:
        return function(*args, **kwargs)
    except DunningError:
        return None


# --- scalar readers -----------------------------------------------------------------------------


class TestAmountsAndDates:
    @given(st.text(max_size=40) | st.sampled_from(HOSTILE).flatmap(lambda p: damaged(f"12{p}50")))
    def test_amount_text(self, text: str) -> None:
        """Accepted amounts are exactly the plain ASCII decimals, read as written."""
        amount = _only_dunning_errors(to_amount, text, allow_negative=True)
        if amount is not None:
            plain = text.strip(" \t")
            assert _PLAIN.fullmatch(plain), text
            assert Decimal(plain) == amount

    @given(st.text(max_size=20) | st.dates().map(date.isoformat).flatmap(damaged))
    def test_date_text(self, text: str) -> None:
        """Accepted dates are ASCII YYYY-MM-DD and read as written."""
        day = _only_dunning_errors(parse_date, text)
        if day is not None:
            assert isinstance(day, date)
            assert day.isoformat() == text.strip()


class TestTerms:
    @given(payment_terms().map(str).flatmap(damaged))
    def test_damaged_wordings(self, text: str) -> None:
        """Damaged wordings read back to what they say, or are refused; a minus sign, a
        superscript, another script's digit or a control character is never dropped."""
        terms = _only_dunning_errors(PaymentTerms.parse, text)
        if terms is None:
            return
        assert isinstance(terms, PaymentTerms)
        assert terms == PaymentTerms.parse(str(terms))
        assert not re.search(r"[-\u2212]\s*[0-9]", text)
        for char in text:
            assert char.isascii() or char.isalpha() or char in "\u00a0\u202f\u2019\u2013\u2014«»"
            assert not (char.isdigit() and not char.isascii())
        numbers = {int(digits) for digits in re.findall(r"[0-9]+", text)}
        if terms.days and terms.days not in numbers:  # the days are read from the text...
            assert not numbers or terms.days in (30, 50, 60)  # ...or a public buyer's default


# --- JSON ---------------------------------------------------------------------------------------


class TestJson:
    @settings(suppress_health_check=[HealthCheck.too_slow])
    @given(cases(max_events=4).map(to_json).flatmap(damaged))
    def test_damaged_documents(self, text: str) -> None:
        """A damaged document is a value that round-trips, or a SerializationError."""
        value = _only_dunning_errors(from_json, text)
        if value is not None:
            assert value == from_json(to_json(value))

    @given(st.integers(1, 60_000), st.sampled_from(["[", '{"a":', '[{"b":']))
    def test_nesting(self, depth: int, opener: str) -> None:
        closer = "".join({"[": "]", "{": "}"}[c] for c in opener if c in "[{")[::-1]
        text = '{"schema": "dunning-core/1", "type": "Case", "x": ' + opener * depth
        text += closer * depth + "}"
        assert _only_dunning_errors(from_json, text) is None


# --- portfolio files ----------------------------------------------------------------------------


def _rows_of(case: Case) -> int:
    """The rows a case takes in a portfolio file: its invoice, its events, their instalments."""
    plans = [e for e in case.events if isinstance(e, PaymentPlanAgreed)]
    return len(case.events) + sum(len(plan.instalments) for plan in plans)


def _check_accounted(text: str, portfolio: Portfolio, delimiter: str) -> None:
    """No silent acceptance: every row of an invoice that was read is in its case, and an
    invoice with a bad row is not read."""
    read = {case.reference: case for case in portfolio.cases}
    bad = {error.invoice for error in portfolio.errors}
    assert not read.keys() & bad
    assert not read.keys() & set(portfolio.set_aside)
    if any(not error.invoice for error in portfolio.errors):
        assert not read  # a row tied to no invoice: nothing is read on a guess
    rows: dict[str, int] = {}
    for line in re.split(r"\r\n|\r|\n", text)[1:]:  # the line endings the reader takes (a lone CR)
        if not line.strip():
            continue
        with contextlib.suppress(csv.Error, StopIteration):
            cells = next(csv.reader([line], delimiter=delimiter))
            if cells and cells[0].strip() in read:
                rows[cells[0].strip()] = rows.get(cells[0].strip(), 0) + 1
    for reference, case in read.items():
        assert _rows_of(case) == rows.get(reference, 0), reference


portfolios = st.lists(cases(max_events=4), min_size=1, max_size=3, unique_by=lambda c: c.reference)


def damaged_rows(text: str) -> st.SearchStrategy[str]:
    """A CSV file with its rows damaged (most of the time) or its header too."""
    header, _, body = text.partition("\n")
    rows = damaged(body, edits=4).map(lambda b: f"{header}\n{b}")
    return st.one_of(rows, rows, rows, damaged(text, edits=4))


class TestPortfolioFiles:
    @settings(suppress_health_check=[HealthCheck.too_slow])
    @given(portfolios.map(dump_portfolio).flatmap(damaged_rows))
    def test_csv(self, text: str) -> None:
        portfolio = _only_dunning_errors(read_portfolio, text)
        if isinstance(portfolio, Portfolio):
            _check_accounted(text, portfolio, ",")

    @settings(suppress_health_check=[HealthCheck.too_slow])
    @given(portfolios.map(lambda c: dump_portfolio(c, format="csv-fr")).flatmap(damaged_rows))
    def test_french_csv(self, text: str) -> None:
        portfolio = _only_dunning_errors(read_portfolio, text, format="csv-fr")
        if isinstance(portfolio, Portfolio):
            _check_accounted(text, portfolio, ";")

    @settings(suppress_health_check=[HealthCheck.too_slow])
    @given(
        portfolios.map(lambda c: dump_portfolio(c, format="jsonl")).flatmap(
            lambda t: damaged(t, edits=4)
        )
    )
    def test_json_lines(self, text: str) -> None:
        portfolio = _only_dunning_errors(read_portfolio, text, format="jsonl")
        if not isinstance(portfolio, Portfolio):
            return
        lines = {}
        for raw in text.split("\n"):
            with contextlib.suppress(ValueError, TypeError, KeyError, AttributeError):
                lines[json.loads(raw)["invoice"]["reference"].strip()] = json.loads(raw)
        for case in portfolio.cases:  # what was read is what its line says, event for event
            written = json.loads(dump_portfolio([case], format="jsonl"))
            assert len(lines[case.reference]["events"]) == len(written["events"])

    @given(portfolios, st.sampled_from(["csv", "csv-fr", "jsonl"]))
    def test_dump_reads_back(self, items: list[Case], format: str) -> None:
        """Undamaged, every dialect reads back exactly what was written."""
        text = dump_portfolio(items, format=format)  # type: ignore[arg-type]
        assert tuple(items) == read_portfolio(io.StringIO(text), format=format).cases  # type: ignore[arg-type]


# --- rate files ---------------------------------------------------------------------------------

RATES = (
    "series,date,rate,source,known_until\n"
    "ECB_MRO,2026-06-17,2.40,ECB press release,2026-07-22\n"
    'LEGAL_OTHER,2026-07-01,2.50,"arrêté du 20 juin 2026, JORF",\n'
)


class TestRateFiles:
    @given(damaged(RATES, edits=4))
    def test_damaged_rate_file(self, text: str) -> None:
        """A damaged rate file extends the book or raises a DunningError."""
        book = _only_dunning_errors(default_rates().extended_from_csv, text)
        if book is not None:
            assert book.legal_other.known_until >= date(2026, 6, 30)


# --- the command line ---------------------------------------------------------------------------

_ARGV = st.lists(
    st.sampled_from(
        [
            "due-date",
            "penalty",
            "plan",
            "report",
            "rates",
            "--today",
            "--issued",
            "--due",
            "--paid",
            "--basis",
            "--payment",
            "--format",
            "--encoding",
            "--json",
            "--strict-rates",
            "2026-03-16",
            "1000",
            "30 jours",
            "csv-fr",
            "cp1252",
            "legal-plus:1e3",
            "2026-03-01:5_0",
            "FILE",
        ]
    )
    | st.sampled_from(HOSTILE),
    max_size=8,
)


def _check_shown(text: str) -> None:
    """What the command printed can be written to a UTF-8 terminal and holds no control or
    bidirectional character but line breaks and tabs (they are written as escapes)."""
    text.encode("utf-8")
    assert _BAD.search(text.replace("\n", " ")) is None, ascii(text)


class TestCommandLine:
    @settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(argv=_ARGV, content=portfolios.map(dump_portfolio).flatmap(damaged))
    def test_main(self, tmp_path: Path, argv: list[str], content: str) -> None:
        """Any arguments: exit status 0 or 2, one line on stderr for an error, no traceback."""
        path = tmp_path / "file.csv"
        path.write_text(content, encoding="utf-8", errors="surrogatepass")
        args = [str(path) if arg == "FILE" else arg for arg in argv]
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stderr(err):
            try:
                status = cli.main(args, out=out)
            except SystemExit as exit:  # argparse's own usage errors
                status = exit.code  # type: ignore[assignment]
        assert status in (0, 2)
        assert "Traceback" not in err.getvalue()
        _check_shown(out.getvalue())
        _check_shown(err.getvalue())

    @settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=30)
    @given(
        content=portfolios.map(lambda c: dump_portfolio(c, format="jsonl")).flatmap(damaged),
        json_output=st.booleans(),
    )
    def test_plan_any_json_lines_file(
        self, tmp_path: Path, content: str, json_output: bool
    ) -> None:
        """A damaged JSON lines file: its escapes (a lone surrogate, an escape sequence) never
        reach the terminal raw, the report always encodes as UTF-8, --json stays JSON."""
        path = tmp_path / "p.jsonl"
        path.write_bytes(content.encode("utf-8", errors="surrogatepass"))
        out, err = io.StringIO(), io.StringIO()
        argv = ["plan", str(path), "--today", "2026-03-16", *(["--json"] if json_output else [])]
        with contextlib.redirect_stderr(err):
            status = cli.main(argv, out=out)
        assert status in (0, 2)
        assert status == 0 or 1 == err.getvalue().count("\n")
        _check_shown(out.getvalue())
        _check_shown(err.getvalue())
        if status == 0 and json_output:
            json.loads(out.getvalue())

    @pytest.mark.parametrize("today", ["2026-03-16"])
    @settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=20)
    @given(content=portfolios.map(lambda c: dump_portfolio(c, format="csv-fr")).flatmap(damaged))
    def test_plan_any_file(self, tmp_path: Path, today: str, content: str) -> None:
        path = tmp_path / "p.csv"
        path.write_bytes(content.encode("utf-8", errors="surrogatepass"))
        for encoding in ("utf-8", "cp1252"):
            err = io.StringIO()
            with contextlib.redirect_stderr(err):
                status = cli.main(
                    [
                        "plan",
                        str(path),
                        "--today",
                        today,
                        "--format",
                        "csv-fr",
                        "--encoding",
                        encoding,
                    ],
                    out=io.StringIO(),
                )
            assert status in (0, 2)
            assert status == 0 or 1 == err.getvalue().count("\n")
            _check_shown(err.getvalue())


def test_the_damage_is_real() -> None:
    """The damaging strategy does change valid input (the fuzz tests are not vacuous)."""
    case = Case.open("F-1", "100", date(2026, 1, 1), due_on=date(2026, 1, 1) + timedelta(days=30))
    text = dump_portfolio([case])
    changed = []

    @settings(max_examples=30, derandomize=True, database=None)
    @given(damaged(text))
    def probe(damaged_text: str) -> None:
        changed.append(damaged_text != text)

    probe()
    assert sum(changed) > 20
