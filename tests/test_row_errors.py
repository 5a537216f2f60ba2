"""
A portfolio file's malformed rows keep their data (code, line, column, cell, parameters) and are
shown from it in the reader's language: no developer English in `dunning plan`, `dunning demo`
or `dunning report` (text and HTML) when they speak French, no French when they speak English.
"""

from __future__ import annotations

import html
import io
import json
import re
from datetime import date
from pathlib import Path

import pytest

from dunning_core import cli
from dunning_core.display._rows import _SENTENCES
from dunning_core.policy import french_default
from dunning_core.portfolio_io import ROW_ERROR_CODES, RowError, plan_portfolio, read_portfolio

HEAD = "invoice,record,date,amount,due_on,channel,terms\n"

# One malformed file per code, and the sentence it must give in French and in English.
CASES: dict[str, tuple[str, str, str, str]] = {
    "required": (
        HEAD + "F-1,invoice,,500.00,2026-02-14,,\n",
        "csv",
        "ligne 2 — colonne « date » : la cellule est vide, une valeur est obligatoire",
        "line 2 — column 'date': the cell is empty, a value is required",
    ),
    "not_a_date": (
        HEAD + "F-1,invoice,demain,500.00,2026-02-14,,\n",
        "csv",
        "colonne « date » : « demain » n'est pas une date (écrivez-la comme 2026-03-31)",
        "column 'date': 'demain' is not a date (write it as 2026-03-31)",
    ),
    "not_a_calendar_date": (
        HEAD.replace(",", ";") + "F-1;invoice;30/02/2026;500,00;14/03/2026;;\n",
        "csv-fr",
        "colonne « date » : le 30/02/2026 n'existe pas dans le calendrier",
        "column 'date': 30/02/2026 is not a day of the calendar",
    ),
    "french_date": (
        HEAD + "F-1,invoice,15/01/2026,500.00,2026-02-14,,\n",
        "csv",
        "« 15/01/2026 » est une date à la française ; lisez le fichier au format csv-fr",
        "'15/01/2026' is a date written the French way; read the file in the csv-fr format",
    ),
    "not_an_amount": (
        HEAD + "F-1,invoice,2026-01-15,-5,2026-02-14,,\n",
        "csv",
        "colonne « amount » : « -5 » n'est pas un montant accepté (positif, écrit comme 1250.00)",
        "column 'amount': '-5' is not an accepted amount (positive, written as 1250.00)",
    ),
    "french_amount": (
        HEAD + 'F-1,invoice,2026-01-15,"500,00",2026-02-14,,\n',
        "csv",
        (
            "« 500,00 » est un montant à la française ; lisez le fichier au format csv-fr, ou "
            "écrivez-le comme 1250.00"
        ),
        "'500,00' is an amount written the French way; read the file in the csv-fr format",
    ),
    "not_one_of": (
        HEAD
        + "F-1,invoice,2026-01-15,500.00,2026-02-14,,\n"
        + "F-1,contact_made,2026-02-20,,,fax,\n",
        "csv",
        "ligne 3 — colonne « channel » : « fax » n'est pas une valeur acceptée (email, phone,",
        "line 3 — column 'channel': 'fax' is not an accepted value (email, phone,",
    ),
    "extra_columns": (
        HEAD
        + "F-1,invoice,2026-01-15,500.00,2026-02-14,,\n"
        + "F-1,payment_received,2026-02-20,100.00,,email,\n",
        "csv",
        (
            "une ligne « payment_received » ne prend que les colonnes date, amount, pas « channel » "
            "(« email »)"
        ),
        "a 'payment_received' row takes only the columns date, amount, not 'channel' ('email')",
    ),
    "second_invoice_row": (
        HEAD
        + "F-1,invoice,2026-01-15,500.00,2026-02-14,,\n"
        + "F-1,invoice,2026-01-16,500.00,2026-02-14,,\n",
        "csv",
        "une deuxième ligne de facture pour F-1 (la première est la ligne 2)",
        "a second invoice row for F-1 (the first is line 2)",
    ),
    "no_invoice_row": (
        HEAD + "F-9,payment_received,2026-02-20,100.00,,,\n",
        "csv",
        "aucune ligne de facture pour F-9 : son événement (ligne 2) ne peut pas être lu",
        "no invoice row for F-9: its event (line 2) cannot be read",
    ),
    "instalment_before_plan": (
        HEAD
        + "F-1,invoice,2026-01-15,500.00,2026-02-14,,\n"
        + "F-1,instalment,2026-03-20,100.00,,,\n",
        "csv",
        "une ligne instalment doit venir après la ligne payment_plan_agreed de son échéancier",
        "an instalment row must come after the payment_plan_agreed row of its plan",
    ),
    "cell_count": (
        HEAD + "F-1,invoice,2026-01-15,500.00,2026-02-14,,,,\n",
        "csv",
        "ligne 2 — 9 cellules, l'en-tête a 7 colonnes",
        "line 2 — 9 cells, the header has 7 columns",
    ),
    "refused": (
        HEAD
        + "F-1,invoice,2026-01-15,500.00,2026-02-14,,\n"
        + "F-1,payment_received,2026-02-20,900.00,,,\n",
        "csv",
        "ligne 3 — événement refusé, un paiement du 20 février 2026 : un paiement de 900,00",
        "line 3 — event refused, a payment dated 20 February 2026: a payment of €900.00",
    ),
    "bad_terms": (
        HEAD + "F-1,invoice,2026-01-15,500.00,,,trente jours\n",
        "csv",
        "colonne « terms » : conditions de paiement illisibles, « trente jours » ; écrivez-les",
        "column 'terms': payment terms that cannot be read, 'trente jours'; write them in French",
    ),
    "due_or_terms": (
        HEAD + "F-1,invoice,2026-01-15,500.00,,,\n",
        "csv",
        "ligne 2 — donnez la date d'échéance (colonne due_on) ou les conditions de paiement",
        "line 2 — give the due date (column due_on) or the payment terms (column terms)",
    ),
    "not_a_currency": (
        "invoice,record,date,amount,due_on,currency\nF-1,invoice,2026-01-15,5,2026-02-14,eur\n",
        "csv",
        "colonne « currency » : « eur » n'est pas un code de devise ISO 4217 en majuscules",
        "column 'currency': 'eur' is not an upper-case ISO 4217 currency code, such as EUR",
    ),
    "too_many_decimals": (
        HEAD + "F-1,invoice,2026-01-15,500.001,2026-02-14,,\n",
        "csv",
        "colonne « amount » : « 500.001 » a trop de décimales, un montant en EUR en a au plus 2",
        "column 'amount': '500.001' has too many decimals, an amount in EUR has 2 at most",
    ),
    "invalid": (  # a library error's own code, kept as error_code
        "invoice,record,date,amount,due_on,debtor\nF-1,invoice,2026-01-15,5,2026-02-14,"
        + "x" * 300
        + "\n",
        "csv",
        "ligne 2 — argument invalide — debtor : 300 caractères, au plus 200",
        "line 2 — invalid argument — debtor: 300 characters, 200 at most",
    ),
}


# A line of a portfolio file of another shape: (the line, French, English), each said from the
# row error's code in `dunning plan`'s list of lines in error (and in CASES).
PORTFOLIO_LINES = {
    "json_line_shape": (
        "[1, 2]",
        "ligne 1 — une ligne est un objet JSON aux clés « invoice » (un objet) et « events »",
        "line 1 — a line is a JSON object with the keys 'invoice' (an object) and 'events'",
    ),
    "json_line_keys": (
        '{"invoice": {"reference": "F-1"}, "colour": 1}',
        "ligne 1 — une ligne n'a que les clés « invoice » et « events », pas « colour »",
        "line 1 — a line has the keys 'invoice' and 'events' only, not 'colour'",
    ),
    "json_unknown_keys": (
        '{"invoice": {"reference": "F-1", "colour": 2, "size": 3}}',
        "ligne 1 — invoice : clés inconnues, « colour, size » ; les clés sont les colonnes du CSV",
        "line 1 — invoice: unknown keys, 'colour, size'; the keys are the CSV columns",
    ),
    "json_scalar": (
        '{"invoice": {"reference": "F-1", "amount": true}}',
        "ligne 1 — invoice.amount : une chaîne ou un nombre, pas true",
        "line 1 — invoice.amount: a string or a number, not true",
    ),
    "json_list": (
        '{"invoice": {"reference": "F-1"}, "events": {}}',
        "ligne 1 — events : une liste d'objets",
        "line 1 — events: a list of objects",
    ),
    "json_object": (
        '{"invoice": {"reference": "F-1"}, "events": [3]}',
        "ligne 1 — events[0] : un objet",
        "line 1 — events[0]: an object",
    ),
    "json_instalments": (
        (
            '{"invoice": {"reference": "F-1"}, "events": [{"record": "payment_received", '
            '"instalments": []}]}'
        ),
        "ligne 1 — events[0] : seul un événement payment_plan_agreed a des échéances",
        "line 1 — events[0]: only a payment_plan_agreed event has instalments",
    ),
    "json_duplicate_key": (
        '{"invoice": {"reference": "F-1", "amount": "1.00", "amount": "100.00"}, "events": []}',
        "ligne 1 — la clé « amount » apparaît deux fois dans un même objet",
        "line 1 — the key 'amount' appears twice in the same object",
    ),
    "json_too_deep": (
        "[" * 100_000 + "]" * 100_000,
        "ligne 1 — la ligne imbrique trop de listes ou d'objets pour être une facture",
        "line 1 — the line nests lists or objects too deeply to be an invoice",
    ),
    "not_json": (
        "{bad json",
        "ligne 1 — pas du JSON lisible (caractère 2) ; une ligne est un objet aux clés",
        "line 1 — not readable JSON (character 2); a line is an object with the keys",
    ),
    "not_csv": (
        'invoice,record,date\n"F-1"x,invoice,2026-01-01',
        "ligne 2 — pas une ligne CSV lisible : un guillemet mal placé ou une cellule trop longue",
        "line 2 — not a readable CSV line: a misplaced quote or a cell too long",
    ),
}


@pytest.mark.parametrize("code", sorted(PORTFOLIO_LINES))
def test_portfolio_lines_of_another_shape_in_each_language(code: str, tmp_path: Path) -> None:
    """`dunning plan` lists a line of another shape from its data, in the reader's language:
    no English detail in French, no French in English."""
    line, french, english = PORTFOLIO_LINES[code]
    path = tmp_path / ("p.csv" if code == "not_csv" else "p.jsonl")
    path.write_text(line + "\n", encoding="utf-8")
    for locale, expected, other in (("fr_FR", french, ENGLISH), ("en_GB", english, FRENCH)):
        out = io.StringIO()
        argv = ["plan", str(path), "--today", "2026-03-16", "--locale", locale]
        assert 0 == cli.main(argv, out=out, environ={})
        said = [row for row in out.getvalue().splitlines() if row.strip().startswith(expected)]
        assert len(said) == 1, out.getvalue()
        assert "détail" not in said[0]
        assert "detail" not in said[0]
        assert set() == _words(said[0].partition(" — ")[2]) & other, said[0]
        assert "F-1 — " not in said[0]


CASES.update(
    (code, (f"{line}\n", "csv" if code == "not_csv" else "jsonl", french, english))
    for code, (line, french, english) in PORTFOLIO_LINES.items()
)


@pytest.mark.parametrize(
    ("cell", "french", "english"),
    [
        ("x" * 300, "debtor : 300 caractères, au plus 200", "debtor: 300 characters, 200 at most"),
        (
            "a\x07b",
            "debtor : un caractère de contrôle ou invisible (U+0007, position 1)",
            "debtor: a control or invisible character (U+0007, position 1)",
        ),
    ],
)
def test_a_library_error_with_a_code_is_said_from_it(cell: str, french: str, english: str) -> None:
    """A value the event refuses (a debtor's name too long, a control character) is said from
    the library error's code and parameters, after its kind, with no English detail."""
    text = "invoice,record,date,amount,due_on,debtor\nF-1,invoice,2026-01-15,5,2026-02-14,"
    (error,) = read_portfolio(text + cell + "\n").errors
    assert "invalid" == error.code
    assert f"ligne 2 — argument invalide — {french}" == error.text()
    assert f"line 2 — invalid argument — {english}" == error.text(locale="en_GB")
    (error,) = read_portfolio(
        "invoice,record,date,amount,due_on\nF-1,invoice,2026-01-15,5,2026-02-14\n"
        "F-1,payment_received,2026-01-20,0,\n"
    ).errors
    assert "ligne 3 — montant invalide — amount : 0, un montant doit être supérieur à zéro" == (
        error.text()
    )


ENGLISH = frozenset(("the", "is", "not", "got", "expected", "of", "line", "column", "row"))
FRENCH = frozenset(("la", "le", "est", "ligne", "colonne", "pas", "une", "du", "reçu"))


def _words(text: str) -> set[str]:
    return set(re.findall(r"[\w'-]+", text.lower()))


def _only_error(code: str) -> RowError:
    text, fmt, _, _ = CASES[code]
    (error,) = read_portfolio(text, format=fmt).errors  # type: ignore[arg-type]
    return error


def test_every_code_is_covered_and_has_a_sentence() -> None:
    assert set(ROW_ERROR_CODES) == {*CASES, "before_last_event"}
    assert set(_SENTENCES) <= set(ROW_ERROR_CODES)


def test_a_case_planned_before_its_last_event() -> None:
    """plan_portfolio's errors have their code and sentence too (the plan's HTML notes)."""
    (case,) = read_portfolio(HEAD + "F-1,invoice,2026-01-15,500.00,2026-02-14,,\n").cases
    plan = plan_portfolio([case], french_default(), date(2026, 1, 1))
    (error,) = plan.errors
    assert "before_last_event" == error.code
    french = (
        "non planifiable le 1er janvier 2026 : le dernier événement du dossier est du "
        "15 janvier 2026, planifiez à partir de ce jour"
    )
    assert french == error.text()
    assert (
        "cannot be planned on 1 January 2026: the case's last event is dated 15 January 2026"
        in (error.text(locale="en_GB"))
    )
    assert f"F-1 — {html.escape(french)}" in plan._repr_html_()


@pytest.mark.parametrize("code", sorted(CASES))
def test_each_code_is_rendered_from_its_data(code: str) -> None:
    """The reader gets the row's error from its data, in French and in English."""
    error = _only_error(code)
    _, _, french, english = CASES[code]
    assert code == error.code
    assert french in error.text()
    assert english in error.text(locale="en_GB")
    if code != "invalid":  # the one fallback shows the developer's message as the detail
        assert set() == _words(error.text()) & ENGLISH
        assert set() == _words(error.text(locale="en_GB")) & FRENCH


def test_the_data_fields_keep_equality_and_the_developer_message() -> None:
    error = _only_error("not_a_calendar_date")
    assert ("date", "30/02/2026") == (error.field, error.value)
    assert error == RowError(error.line, error.invoice, error.message, error.error)
    assert "not a calendar date" in error.message
    assert "InvalidDate" == error.error


def _run(*argv: str) -> str:
    out = io.StringIO()
    assert 0 == cli.main(list(argv), out=out, environ={})
    return out.getvalue()


def _section(text: str) -> str:
    """The lines of the invoices set aside."""
    return (
        text.split("Factures écartées")[1].split("\n\n")[0]
        if "Factures" in text
        else (text.split("Invoices set aside")[1].split("\n\n")[0])
    )


class TestCommandLine:
    def test_demo_in_french_and_in_english(self) -> None:
        french = _section(_run("demo"))
        english = _section(_run("demo", "--locale", "en_GB"))
        for code in ("InvalidDate", "InvalidArgument", "IllegalTransition", "got", "Decimal"):
            assert code not in french
            assert code not in english
        assert set() == _words(french) & ENGLISH
        assert set() == _words(english) & FRENCH

    @pytest.fixture
    def bad_file(self, tmp_path: Path) -> Path:
        path = tmp_path / "p.csv"
        path.write_text(CASES["not_one_of"][0], encoding="utf-8")
        return path

    def test_plan_json_carries_the_data_and_the_readers_sentence(self, bad_file: Path) -> None:
        data = json.loads(_run("plan", str(bad_file), "--today", "2026-03-16", "--json"))
        (error,) = data["errors"]
        assert ("not_one_of", "channel", "fax", 3) == (
            error["code"],
            error["field"],
            error["value"],
            error["line"],
        )
        assert error["text"].startswith("ligne 3 — colonne « channel » : « fax »")
        assert "got 'fax'" in error["message"]

    def test_report_text_and_html(self, bad_file: Path, tmp_path: Path) -> None:
        page = tmp_path / "r.html"
        text = _run("report", str(bad_file), "--today", "2026-03-16", "--html", str(page))
        assert "ligne 3 — colonne « channel » : « fax » n'est pas une valeur acceptée" in text
        html = page.read_text(encoding="utf-8")
        assert '<section class="row-errors"><h2>Factures écartées' in html
        assert "F-1 — ligne 3 — colonne « channel » : « fax » n&#x27;est pas" in html
        assert html.rstrip().endswith("</section></body></html>")
        english = tmp_path / "e.html"
        _run(
            "report",
            str(bad_file),
            "--today",
            "2026-03-16",
            "--html",
            str(english),
            "--locale",
            "en_GB",
        )
        assert "line 3 — column &#x27;channel&#x27;: &#x27;fax&#x27; is not" in english.read_text(
            encoding="utf-8"
        )


# An event a row cannot build (a library error with its code): (the rows after an invoice row of
# F-1, French, English), said from the error's data in `dunning plan`'s list of lines in error.
EVENT_HEAD = "invoice,record,date,amount,due_on,opened_on,until,currency,indemnity_in_currency\n"
EVENT_ROWS = {
    "opened_before_issued": (
        "F-1,invoice,2026-01-15,500.00,2026-02-14,2026-01-01,,,\n",
        (
            "date invalide — un dossier ouvert le 1er janvier 2026, avant la date de sa facture, le "
            "15 janvier 2026"
        ),
        "invalid date — a case opened on 1 January 2026, before its invoice date, 15 January 2026",
    ),
    "promise_ends_before": (
        (
            "F-1,invoice,2026-01-15,500.00,2026-02-14,,,,\n"
            "F-1,promise_to_pay,2026-02-20,,,,2026-02-10,,\n"
        ),
        (
            "date invalide — une promesse qui finit le 10 février 2026, avant le jour où elle est "
            "faite, le 20 février 2026"
        ),
        (
            "invalid date — a promise ending on 10 February 2026, before the day it is made, "
            "20 February 2026"
        ),
    ),
    "no_instalment": (
        "F-1,invoice,2026-01-15,500.00,2026-02-14,,,,\nF-1,payment_plan_agreed,2026-02-20,,,,,,\n",
        "argument invalide — un échéancier a au moins une échéance (une ligne instalment)",
        "invalid argument — a payment plan has at least one instalment (an instalment line)",
    ),
    "instalments_order": (
        (
            "F-1,invoice,2026-01-15,500.00,2026-02-14,,,,\nF-1,payment_plan_agreed,2026-02-20,,,,,,\n"
            "F-1,instalment,2026-03-10,100.00,,,,,\nF-1,instalment,2026-03-01,100.00,,,,,\n"
        ),
        (
            "date invalide — une échéance du 1er mars 2026 après celle du 10 mars 2026 : les "
            "échéances vont dans l'ordre des dates"
        ),
        (
            "invalid date — an instalment on 1 March 2026 after the one on 10 March 2026: "
            "instalments go in date order"
        ),
    ),
    "instalment_before_plan_day": (
        (
            "F-1,invoice,2026-01-15,500.00,2026-02-14,,,,\nF-1,payment_plan_agreed,2026-02-20,,,,,,\n"
            "F-1,instalment,2026-02-10,100.00,,,,,\n"
        ),
        (
            "date invalide — la première échéance, le 10 février 2026, précède l'échéancier convenu "
            "le 20 février 2026"
        ),
        (
            "invalid date — the first instalment, on 10 February 2026, comes before the plan agreed "
            "on 20 February 2026"
        ),
    ),
    "indemnity_in_eur": (
        "F-1,invoice,2026-01-15,500.00,2026-02-14,,,EUR,40\n",
        "argument invalide — indemnity_in_currency : rien pour une facture en EUR",
        "invalid argument — indemnity_in_currency: nothing for an invoice in EUR",
    ),
}


@pytest.mark.parametrize("code", sorted(EVENT_ROWS))
def test_an_event_a_row_cannot_build_in_each_language(code: str, tmp_path: Path) -> None:
    """`dunning plan` says why an event was refused from the library error's code, in the
    reader's language, with no English detail."""
    rows, french, english = EVENT_ROWS[code]
    path = tmp_path / "p.csv"
    path.write_text(EVENT_HEAD + rows, encoding="utf-8")
    (error,) = read_portfolio(path.read_text(encoding="utf-8")).errors
    assert code == dict(error.params)["error_code"]
    for locale, expected, other in (("fr_FR", french, ENGLISH), ("en_GB", english, FRENCH)):
        out = io.StringIO()
        argv = ["plan", str(path), "--today", "2026-03-16", "--locale", locale]
        assert 0 == cli.main(argv, out=out, environ={})
        said = [row for row in out.getvalue().splitlines() if expected in row]
        assert len(said) == 1, out.getvalue()
        assert "détail" not in said[0]
        assert "detail" not in said[0]
        assert set() == _words(said[0].partition(" — ")[2]) & other, said[0]


def test_a_due_date_after_the_last_day_in_each_language(tmp_path: Path) -> None:
    """Payment terms whose due date would fall after 9999-12-31: the row says so from the error's
    code, the terms in the reader's words, with no English detail nor Python repr."""
    path = tmp_path / "p.csv"
    path.write_text(
        "invoice,record,date,amount,terms\nF-1,invoice,9999-12-20,500.00,60 jours\n",
        encoding="utf-8",
    )
    (error,) = read_portfolio(path.read_text(encoding="utf-8")).errors
    assert "due_after_last_day" == dict(error.params)["error_code"]
    expected = {
        "fr_FR": (
            "ligne 2 — date invalide — sous « 60 jours date de facture », une facture du 20 "
            "décembre 9999 serait due après le 31 décembre 9999"
        ),
        "en_GB": (
            "line 2 — invalid date — under '60 days from the invoice date', an invoice of 20 "
            "December 9999 would fall due after 31 December 9999"
        ),
    }
    for locale, other in (("fr_FR", ENGLISH), ("en_GB", FRENCH)):
        out = io.StringIO()
        argv = ["plan", str(path), "--today", "2026-03-16", "--locale", locale]
        assert 0 == cli.main(argv, out=out, environ={})
        said = [row for row in out.getvalue().splitlines() if expected[locale] in row]
        assert len(said) == 1, out.getvalue()
        assert "datetime" not in said[0]
        assert "détail" not in said[0]
        assert set() == _words(said[0].partition(" — ")[2]) & other, said[0]


@pytest.mark.parametrize(
    ("cell", "code", "french", "english"),
    [
        (
            "15/01/2026",
            "not_a_date",
            "« 15/01/2026 » n'est pas une date (écrivez-la comme 2026-03-31)",
            "'15/01/2026' is not a date (write it as 2026-03-31)",
        ),
        (
            "2026-02-30",
            "not_a_calendar_date",
            "le 2026-02-30 n'existe pas dans le calendrier",
            "2026-02-30 is not a day of the calendar",
        ),
    ],
)
def test_a_date_of_a_json_line(cell: str, code: str, french: str, english: str) -> None:
    """JSON lines write dates as 2026-03-31 only: a day-first date there is no date in their
    way (it read « le 15/01/2026 n'existe pas dans le calendrier », which it does)."""
    invoice = {"reference": "F-1", "date": cell, "amount": "500.00", "due_on": "2026-02-14"}
    line = json.dumps({"invoice": invoice, "events": []}) + "\n"
    (error,) = read_portfolio(line, format="jsonl").errors
    assert code == error.code
    assert french in error.text()
    assert english in error.text(locale="en_GB")
