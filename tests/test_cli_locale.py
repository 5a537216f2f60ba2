"""The CLI's language (--locale, else the environment, else French), its default day (today in
Europe/Paris, from an injected clock) and the word lists: French output holds no English
sentence, English output no French one."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

import test_cli
from dunning_core import cli
from dunning_core.portfolio_io import SAMPLE_CREDITOR, read_portfolio, sample_portfolio_text

NEW_YEAR_EVE_UTC = datetime(2026, 12, 31, 23, 30, tzinfo=timezone.utc)


def _no_clock() -> datetime:
    raise AssertionError("the clock was read although --today was given")


def run(
    *argv: str, environ: Mapping[str, str] | None = None, now: Any = _no_clock
) -> tuple[int, str]:
    """The shared runner, with no environment and a clock that must not be read by default."""
    return test_cli.run(*argv, environ=environ or {}, now=now)


@pytest.fixture
def portfolio_file(tmp_path: Path) -> Path:
    return test_cli.write_portfolio(tmp_path)


class TestDefaultDay:
    def test_today_in_paris(self, portfolio_file: Path) -> None:
        """A server in UTC at 23:30 on 31 December plans 1 January (Paris is UTC+1), and says so
        at the top."""
        status, text = run("plan", str(portfolio_file), now=lambda: NEW_YEAR_EVE_UTC)
        assert 0 == status
        first = text.splitlines()[0]
        assert "Jour : vendredi 1er janvier 2027 (aujourd'hui à Paris" in first
        assert "Plan du 1er janvier 2027" in text

    def test_summer_time(self, portfolio_file: Path) -> None:
        """At 22:30 UTC on 30 June it is already 1 July in Paris (UTC+2)."""
        summer = datetime(2026, 6, 30, 22, 30, tzinfo=timezone.utc)
        status, text = run("report", str(portfolio_file), now=lambda: summer)
        assert 0 == status
        assert "1er juillet 2026" in text.splitlines()[0]

    def test_an_hour_earlier_is_still_the_old_year(self, portfolio_file: Path) -> None:
        earlier = NEW_YEAR_EVE_UTC - timedelta(hours=1)
        _, text = run("plan", str(portfolio_file), now=lambda: earlier)
        assert "Plan du 31 décembre 2026" in text

    def test_given_today_wins_and_the_clock_is_not_read(self, portfolio_file: Path) -> None:
        """--today is used as given; the clock is never called (it would raise)."""
        status, text = run("plan", str(portfolio_file), "--today", "2026-03-16")
        assert 0 == status
        assert "Plan du 16 mars 2026" in text
        assert "Jour :" not in text

    def test_json_carries_the_day(self, portfolio_file: Path) -> None:
        _, text = run("plan", str(portfolio_file), "--json", now=lambda: NEW_YEAR_EVE_UTC)
        assert '"today": "2027-01-01"' in text

    def test_paris_today_of_an_aware_instant(self) -> None:
        assert "2027-01-01" == cli.paris_today(NEW_YEAR_EVE_UTC).isoformat()
        tokyo = timezone(timedelta(hours=9))
        noon = datetime(2027, 1, 1, 8, 0, tzinfo=tokyo)  # 23:00 UTC the day before
        assert "2027-01-01" == cli.paris_today(noon).isoformat()


class TestLocale:
    ARGS = ("plan", "{file}", "--today", "2026-03-16")

    def _plan(self, file: Path, *extra: str, environ: Mapping[str, str] | None = None) -> str:
        args = [a.format(file=file) for a in self.ARGS]
        status, text = run(*args, *extra, environ=environ)
        assert 0 == status
        return text

    def test_default_french(self, portfolio_file: Path) -> None:
        assert "Plan du 16 mars 2026" in self._plan(portfolio_file)

    def test_option(self, portfolio_file: Path) -> None:
        text = self._plan(portfolio_file, "--locale", "en_GB")
        assert "Plan of 16 March 2026" in text
        assert "3 invoices in the file, 2 planned, 1 line in error, 1 action due" in text
        assert "owed: €544.99 = principal €500.00 + interest €4.99 + indemnity €40.00" in text

    @pytest.mark.parametrize(
        ("environ", "english"),
        [
            ({"LANG": "en_GB.UTF-8"}, True),
            ({"LANG": "en_US.UTF-8"}, True),
            ({"LC_MESSAGES": "en_GB.UTF-8", "LANG": "fr_FR.UTF-8"}, True),
            ({"LC_ALL": "fr_FR.UTF-8", "LC_MESSAGES": "en_GB.UTF-8"}, False),
            ({"LANG": "de_DE.UTF-8"}, False),
            ({"LANG": "C.UTF-8"}, False),
            ({"LANG": "POSIX"}, False),
            ({"LANG": "not a locale"}, False),
        ],
    )
    def test_environment(
        self, portfolio_file: Path, environ: dict[str, str], english: bool
    ) -> None:
        """LC_ALL, then LC_MESSAGES, then LANG, when its language has a catalog; else French."""
        text = self._plan(portfolio_file, environ=environ)
        assert english == ("Plan of " in text)
        assert english != ("Plan du 16 mars 2026" in text)

    def test_option_before_the_sub_command(self, portfolio_file: Path, capsys: Any) -> None:
        """dunning --locale en_GB plan ... speaks English; the sub-command's --locale wins."""
        args = [a.format(file=portfolio_file) for a in self.ARGS]
        status, text = run("--locale", "en_GB", *args)
        assert (0, True) == (status, "Plan of 16 March 2026" in text)
        status, text = run("--locale", "en_GB", *args, "--locale", "fr_FR")
        assert (0, True) == (status, "Plan du 16 mars 2026" in text)
        assert 2 == run("--locale", "xx", *args)[0]
        assert "locale : « xx » n'est pas une langue connue" in capsys.readouterr().err

    def test_option_wins_over_environment(self, portfolio_file: Path) -> None:
        text = self._plan(portfolio_file, "--locale", "fr_FR", environ={"LC_ALL": "en_GB.UTF-8"})
        assert "Plan du 16 mars 2026" in text

    def test_bad_locale(self, portfolio_file: Path, capsys: Any) -> None:
        status, _ = run("plan", str(portfolio_file), "--today", "2026-03-16", "--locale", "xx")
        assert 2 == status
        err = capsys.readouterr().err
        assert (
            "dunning plan: argument invalide — locale : « xx » n'est pas une langue connue ; "
            in err
        )

    def test_error_line_in_the_reader_language(self, capsys: Any) -> None:
        """The kind of error and what was wrong, drawn from the error's data, are in the reader's
        language: no developer's message (English) in French."""
        argv = ("plan", "/nonexistent/p.csv", "--today", "2026-03-16")
        assert 2 == run(*argv)[0]
        assert capsys.readouterr().err == "dunning plan: fichier introuvable : /nonexistent/p.csv\n"
        assert 2 == run(*argv, "--locale", "en_GB")[0]
        assert capsys.readouterr().err == "dunning plan: file not found: /nonexistent/p.csv\n"
        folder = str(Path(__file__).parent)
        assert 2 == run("plan", folder, "--today", "2026-03-16")[0]
        err = capsys.readouterr().err
        assert (
            err
            == f"dunning plan: fichier illisible : {folder} (c'est un dossier, pas un fichier)\n"
        )
        assert 2 == run("plan", folder, "--today", "2026-03-16", "--locale", "en_GB")[0]
        err = capsys.readouterr().err
        assert err == f"dunning plan: unreadable file: {folder} (a folder, not a file)\n"
        assert 2 == run("plan", str(Path(__file__)), "--today", "16/03/2026")[0]
        err = capsys.readouterr().err
        assert "dunning plan: date invalide — « 16/03/2026 » est une date à la française ; " in err
        assert "expected" not in err
        assert "détail" not in err


# Words of one language that never appear in the other's output (names of debtors aside).
ENGLISH = frozenset(
    [
        "the",
        "and",
        "of",
        "is",
        "are",
        "to",
        "with",
        "for",
        "from",
        "since",
        "invoice",
        "invoices",
        "days",
        "late",
        "owed",
        "interest",
        "planned",
        "line",
        "lines",
        "none",
        "missing",
        "file",
        "rate",
        "rates",
        "today",
        "amounts",
        "unknown",
        "business",
        "consumer",
        "step",
        "after",
        "before",
        "reason",
        "record",
        "formal",
        "notice",
        "deadline",
        "practice",
        "paused",
        "open",
    ]
)
FRENCH = frozenset(
    [
        "le",
        "la",
        "les",
        "des",
        "du",
        "et",
        "est",
        "sont",
        "une",
        "aucune",
        "facture",
        "factures",
        "jours",
        "retard",
        "dû",
        "depuis",
        "planifiée",
        "planifiées",
        "ligne",
        "lignes",
        "taux",
        "intérêts",
        "indemnité",
        "fichier",
        "encours",
        "échu",
        "politique",
        "provisoire",
        "provisoires",
        "particulier",
        "entreprise",
        "étape",
        "après",
        "avant",
        "échéance",
        "motif",
        "manque",
        "délai",
        "pratique",
        "litige",
        "ouvert",
        "enregistrez",
        "preuves",
    ]
)


def _words(text: str, names: list[str]) -> set[str]:
    kept = []
    for line in text.splitlines():
        for name in names:
            line = line.replace(name, "")
        kept.append(line)
    return set(re.findall(r"[\w'-]+", " ".join(kept).lower()))


def _debtors() -> list[str]:
    portfolio = read_portfolio(sample_portfolio_text())
    names = [*portfolio.debtors.values(), SAMPLE_CREDITOR, "Cave Roux", "Garage Colin"]
    return sorted({n for n in names if n}, key=len, reverse=True)


@pytest.mark.parametrize("command", ["demo", "plan", "report"])
def test_french_output_holds_no_english_and_english_no_french(
    command: str, portfolio_file: Path
) -> None:
    argv = (
        ["demo"] if command == "demo" else [command, str(portfolio_file), "--today", "2026-03-16"]
    )
    names = _debtors()
    french = _words(run(*argv)[1], names)
    english = _words(run(*argv, "--locale", "en_GB")[1], names)
    assert set() == french & ENGLISH
    assert set() == english & FRENCH
    assert french & FRENCH  # the lists do find the words of each language
    assert english & ENGLISH


def test_penalty_in_english() -> None:
    """dunning penalty prints the breakdown in the reader's language."""
    argv = ("penalty", "10000", "--due", "2025-03-31", "--paid", "2025-05-15")
    status, text = run(*argv, "--basis", "contractual:2.625", "--locale", "en_GB")
    assert 0 == status
    assert text.startswith("Late-payment penalties: contractual rate of 2.625%\n")
    assert "! violation: the contractual rate (2.625%) is below 3 times" in text
    assert run(*argv, "--basis", "contractual:2.625")[1].startswith("Pénalités de retard : ")


@pytest.mark.parametrize(
    ("locale", "lang", "heading"),
    [("fr_FR", "fr", "Encours par étape"), ("en_GB", "en", "Amounts by stage")],
)
def test_report_page_in_the_reader_language(
    locale: str, lang: str, heading: str, portfolio_file: Path, tmp_path: Path
) -> None:
    """dunning report --html writes the page in the language of --locale."""
    page = tmp_path / "report.html"
    argv = ("report", str(portfolio_file), "--today", "2026-03-16", "--html", str(page))
    assert 0 == run(*argv, "--locale", locale)[0]
    text = page.read_text(encoding="utf-8")
    assert f'<html lang="{lang}">' in text
    assert f"<h2>{heading}</h2>" in text
    words = set(re.findall(r"[\w'-]+", re.sub(r"<[^>]+>", " ", text.split("</style>")[1]).lower()))
    assert set() == words & (ENGLISH if lang == "fr" else FRENCH)


# --- the help, rates, due-date and the JSON notice in the reader's language ------------------------

_COMMANDS = [
    [],
    ["due-date"],
    ["penalty"],
    ["rates"],
    ["rates", "update"],
    ["rates", "add-legal"],
    ["plan"],
    ["report"],
    ["demo"],
]


def _reader_words(text: str) -> set[str]:
    """The words of *text* a person reads as sentences: option names, command lines, file paths,
    quoted examples and the CLI's spellings of the penalty bases aside."""
    for locale in ("fr_FR", "en_GB"):  # the spellings, their placeholders in each language
        text = text.replace(cli._basis_spellings(locale), " ")
    text = re.sub(r"«[^»]*»|\"[^\"]*\"|“[^”]*”", " ", text)
    text = re.sub(
        r"dunning(?: (?:rates|update|add-legal|due-date|penalty|plan|report|demo))*|docs/\S+|/\S+|(?<![\w-])--?[\w-]+|\{[^}]*\}",
        " ",
        text,
    )
    text = re.sub(
        r"(?m)^\s+(due-date|penalty|rates|plan|report|demo|update|add-legal)\b", " ", text
    )
    return set(re.findall(r"[\w'-]+", text.lower()))


def _help(capsys: Any, argv: list[str], environ: dict[str, str]) -> str:
    with pytest.raises(SystemExit) as info:
        cli.main([*argv, "--help"], environ=environ)
    assert 0 == info.value.code
    return str(capsys.readouterr().out)


@pytest.mark.parametrize("argv", _COMMANDS, ids=lambda a: " ".join(a) or "dunning")
def test_help_in_the_reader_language(
    argv: list[str], capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--help speaks French by default, English when the environment (or --locale) says so."""
    monkeypatch.setenv("COLUMNS", "1000")  # one line per option: the basis spellings stay whole
    french = _help(capsys, argv, {})
    english = _help(capsys, argv, {"LANG": "en_GB.UTF-8"})
    assert french.startswith("utilisation : dunning")
    assert english.startswith("usage: dunning")
    assert "afficher cette aide et quitter" in french
    assert "show this help message and exit" in english
    assert set() == _reader_words(french) & ENGLISH
    assert set() == _reader_words(english) & FRENCH
    assert _reader_words(english) & ENGLISH or not argv
    if argv:
        assert english == _help(capsys, [*argv, "--locale", "en_GB"], {})


@pytest.mark.parametrize("argv", [[], ["rates"], ["penalty"]], ids=lambda a: " ".join(a) or "-")
def test_help_section_titles_in_each_typography(argv: list[str], capsys: Any) -> None:
    """French puts a space before the colon of a section title, English none."""
    french = _help(capsys, argv, {}).splitlines()
    english = _help(capsys, [*argv, "--locale", "en_GB"], {}).splitlines()
    assert "options :" in french
    assert "options:" in english
    assert not [line for line in french if re.fullmatch(r"\S.*[^ ]:", line)], french
    assert not [line for line in english if re.fullmatch(r"\S.* :", line)], english
    assert "arguments positionnels :" in french
    assert "positional arguments:" in english


@pytest.mark.parametrize(
    ("argv", "french", "english"),
    [
        (
            ["penalty", "1000"],
            "dunning penalty : erreur : arguments obligatoires manquants : --due, --paid",
            "dunning penalty: error: the following arguments are required: --due, --paid",
        ),
        (
            ["penalty", "1000", "--due", "2025-01-01", "--paid", "2025-02-01", "--day-count", "x"],
            (
                "dunning penalty : erreur : argument --day-count : choix invalide 'x' "
                "(au choix : 'act365', 'actact')"
            ),
            (
                "dunning penalty: error: argument --day-count: invalid choice: 'x' "
                "(choose from 'act365', 'actact')"
            ),
        ),
        (
            ["report", "p.csv", "--period-days", "x"],
            "dunning report : erreur : argument --period-days : valeur invalide 'x'",
            "dunning report: error: argument --period-days: invalid value: 'x'",
        ),
        (
            ["plan", "a.csv", "b.csv"],
            "dunning : erreur : arguments inconnus : b.csv",
            "dunning: error: unrecognized arguments: b.csv",
        ),
        (  # a sub-command is named by its choices, not by its dest ("command", "rates_command")
            ["bogus"],
            (
                "dunning : erreur : argument {due-date,penalty,rates,plan,report,demo} : choix "
                "invalide 'bogus' (au choix : 'due-date', 'penalty', 'rates', 'plan', 'report', "
                "'demo')"
            ),
            (
                "dunning: error: argument {due-date,penalty,rates,plan,report,demo}: invalid "
                "choice: 'bogus' (choose from 'due-date', 'penalty', 'rates', 'plan', 'report', "
                "'demo')"
            ),
        ),
        (
            [],
            (
                "dunning : erreur : arguments obligatoires manquants : "
                "{due-date,penalty,rates,plan,report,demo}"
            ),
            (
                "dunning: error: the following arguments are required: "
                "{due-date,penalty,rates,plan,report,demo}"
            ),
        ),
        (
            ["penalty", "1000", "--d", "2025-01-01", "--paid", "2025-02-01"],
            "dunning penalty : erreur : option ambiguë : --d peut être --due, --day-count",
            "dunning penalty: error: ambiguous option: --d could match --due, --day-count",
        ),
        (
            ["rates", "--json=x"],
            "dunning rates : erreur : argument --json : cette option ne prend pas de valeur ('x')",
            "dunning rates: error: argument --json: ignored explicit argument 'x'",
        ),
        (
            ["rates", "bogus"],
            (
                "dunning rates : erreur : argument {update,add-legal} : choix invalide 'bogus' "
                "(au choix : 'update', 'add-legal')"
            ),
            (
                "dunning rates: error: argument {update,add-legal}: invalid choice: 'bogus' "
                "(choose from 'update', 'add-legal')"
            ),
        ),
    ],
)
def test_argparse_errors_in_the_reader_language(
    argv: list[str], french: str, english: str, capsys: Any
) -> None:
    """argparse's own errors are read back as data and said in the reader's language."""
    for locale, expected in (("fr_FR", french), ("en_GB", english)):
        with pytest.raises(SystemExit) as info:
            cli.main([*argv, "--locale", locale])
        assert 2 == info.value.code
        assert capsys.readouterr().err.splitlines()[-1] == expected


@pytest.mark.parametrize(
    "argv",
    [
        ("rates",),
        ("rates", "--today", "2026-12-04"),
        ("due-date", "45 jours fin de mois", "--issued", "2025-01-15"),
        ("due-date", "90 jours", "--issued", "2025-01-15"),
    ],
    ids=" ".join,
)
def test_rates_and_due_date_hold_no_word_of_the_other_language(
    argv: tuple[str, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(cli.RATES_FILE_ENV, "")
    french = _reader_words(run(*argv)[1])
    english = _reader_words(run(*argv, "--locale", "en_GB")[1])
    assert set() == french & ENGLISH
    assert set() == english & FRENCH
    assert english & ENGLISH
    assert french & FRENCH or (argv[0] == "rates" and len(argv) == 1)


@pytest.mark.parametrize(
    ("locale", "start"),
    [("fr_FR", "Montants provisoires : "), ("en_GB", "Provisional amounts: ")],
)
def test_json_rates_notice_in_the_reader_language(
    locale: str, start: str, portfolio_file: Path
) -> None:
    """report --json: the notice of assumed rates is a sentence for the reader."""
    import json

    argv = ("report", str(portfolio_file), "--today", "2026-12-04", "--json", "--locale", locale)
    status, text = run(*argv)
    assert 0 == status
    assert json.loads(text)["rates_notice"].startswith(start)


@pytest.mark.parametrize(
    ("locale", "buckets", "stages"),
    [
        ("fr_FR", ["Non échues", "1 à 30 jours"], ["relance amiable"]),
        ("en_GB", ["Not yet due", "1 to 30 days"], ["amicable dunning"]),
    ],
)
def test_json_report_labels_in_the_reader_language(
    locale: str, buckets: list[str], stages: list[str], portfolio_file: Path
) -> None:
    """report --json: the labels of the ageing bands and of the stages are words for the reader
    (in English they were the French ones); the codes beside them stay data."""
    import json

    argv = ("report", str(portfolio_file), "--today", "2026-03-16", "--json", "--locale", locale)
    status, text = run(*argv)
    assert 0 == status
    data = json.loads(text)
    ageing = data["ageing"]["rows"]
    assert buckets == [row["label"] for row in ageing[:2]]
    assert ["not_due", "1-30"] == [row["bucket"] for row in ageing[:2]]
    said = {row["stage"]: row["label"] for row in data["stages"]["rows"]}
    assert stages == [said[stage] for stage in ("preventive", "amicable") if stage in said]
    assert "amicable" in said


def test_add_legal_and_update_in_english(tmp_path: Path) -> None:
    target = tmp_path / "rates.csv"
    argv = ("rates", "add-legal", "2026-07-01", "--consumer", "6.50", "--other", "2.50")
    argv += ("--source", "Arrêté du 22 juin 2026", "--rates-file", str(target))
    status, text = run(*argv, "--locale", "en_GB")
    assert 0 == status
    assert text.startswith(
        f"Legal rates of 2026-S2 added to {target}: consumer creditor 6.50%, other cases 2.50%; "
        "tables known until 31 December 2026"
    )


# Cases whose actions carry notes and missing conditions: a court claim without proofs (after a
# hand-over recorded today), a hand-over while the notice's delivery is unknown, a reminder after a
# broken promise, a dispute (a status, in the report).
MACHINE_PORTFOLIO = """\
invoice,record,date,amount,due_on,segment,debtor,channel,step,detail,until
M-1,invoice,2025-10-01,1500.00,2025-10-31,,Atelier Blanc,,,,
M-1,formal_notice_sent,2025-12-01,,,,,,formal_notice,,
M-1,formal_notice_delivered,2025-12-03,,,,,,,received,
M-1,handed_over,2026-03-16,,,,,,,,
M-2,invoice,2025-12-01,2500.00,2025-12-31,,Boulangerie Noir,,,,
M-2,formal_notice_sent,2026-03-01,,,,,,formal_notice,,
M-3,invoice,2026-01-15,700.00,2026-02-14,,Cave Roux,,,,
M-3,contact_made,2026-02-19,,,,,email,reminder_email_1,,
M-3,promise_to_pay,2026-02-25,,,,,,,,2026-03-10
M-4,invoice,2026-01-15,900.00,2026-02-14,,Garage Colin,,,,
M-4,contact_made,2026-02-19,,,,,email,reminder_email_1,,
M-4,dispute_opened,2026-02-20,,,,,,,,
"""
MACHINE_NAMES = ["Atelier Blanc", "Boulangerie Noir", "Cave Roux", "Garage Colin"]


def test_machine_texts_in_the_reader_language(tmp_path: Path) -> None:
    """Reasons, notes and missing conditions speak French, or English with --locale."""
    path = tmp_path / "machine.csv"
    path.write_text(MACHINE_PORTFOLIO, encoding="utf-8")
    argv = ["plan", str(path), "--today", "2026-03-16"]
    french_text = run(*argv)[1]
    english_text = run(*argv, "--locale", "en_GB")[1]
    assert set() == _words(french_text, MACHINE_NAMES) & ENGLISH
    assert set() == _words(english_text, MACHINE_NAMES) & FRENCH
    assert "manque : des preuves de la créance enregistrées" in french_text
    assert "missing: proofs of the claim recorded" in english_text
    assert "motif : l'escalade a repris le 11 mars 2026, à la fin de la pause" in french_text
    assert "reason: escalation resumed on 11 March 2026, when the pause ended" in english_text
    assert "manque : la distribution de la mise en demeure envoyée le 1er mars 2026" in french_text
    assert "missing: the delivery of the formal notice sent on 1 March 2026" in english_text
    assert "délai de la mise en demeure courait jusqu'au 18 décembre 2025" in french_text
    assert "formal notice's deadline ran until 18 December 2025" in english_text


def test_demo_statuses_in_the_reader_language() -> None:
    """A case's status (why nothing is due) in the demo: French, or English with --locale."""
    assert "situation : litige ouvert depuis le 22 octobre 2025" in run("demo")[1]
    english = run("demo", "--locale", "en_GB")[1]
    assert "status: dispute open since 22 October 2025: no contact nor escalation" in english


class _ClosedPipe:
    """Standard output whose reader went away (`dunning rates --json | head`)."""

    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")

    def flush(self) -> None:
        raise BrokenPipeError(32, "Broken pipe")


@pytest.mark.parametrize("argv", [("rates", "--json"), ("demo",)], ids=" ".join)
def test_a_closed_pipe_is_not_an_unreadable_file(
    argv: tuple[str, ...], capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reader closed the pipe: the command stops with status 1 and says nothing (it said
    « fichier illisible :  (Broken pipe) », in English words, naming no file)."""
    monkeypatch.setenv(cli.RATES_FILE_ENV, "")
    for locale in ("fr_FR", "en_GB"):
        assert 1 == cli.main([*argv, "--locale", locale], out=_ClosedPipe(), environ={})  # type: ignore[arg-type]
        assert "" == capsys.readouterr().err


def test_a_file_that_cannot_be_written_is_not_unreadable(
    portfolio_file: Path, tmp_path: Path, capsys: Any
) -> None:
    """report --html into a folder, or into a folder that does not exist, said « fichier
    illisible » (unreadable) or « fichier introuvable » (not found) of the page it writes; a path
    through a file said "Not a directory" in English."""
    argv = ("report", str(portfolio_file), "--today", "2026-03-16", "--html")
    missing = tmp_path / "nope" / "page.html"
    under_a_file = portfolio_file / "x.csv"
    expected = [
        (
            (*argv, str(tmp_path)),
            f"fichier impossible à écrire : {tmp_path} (c'est un dossier, pas un fichier)",
            f"unwritable file: {tmp_path} (a folder, not a file)",
        ),
        (
            (*argv, str(missing)),
            f"fichier impossible à écrire : {missing} (son dossier n'existe pas)",
            f"unwritable file: {missing} (its folder does not exist)",
        ),
        (
            ("plan", str(under_a_file), "--today", "2026-03-16"),
            f"fichier illisible : {under_a_file} (un élément du chemin n'est pas un dossier)",
            f"unreadable file: {under_a_file} (part of the path is not a folder)",
        ),
        (
            ("rates", "add-legal", "2026-07-01", "--consumer", "6.5", "--other", "2.5",
             "--source", "arrêté", "--rates-file", str(under_a_file)),
            (f"fichier impossible à écrire : {under_a_file} (un élément du chemin n'est pas "
             "un dossier)"),
            f"unwritable file: {under_a_file} (part of the path is not a folder)",
        ),
    ]  # fmt: skip
    for command, french, english in expected:
        assert 2 == run(*command)[0]
        assert capsys.readouterr().err == f"dunning {command[0]}: {french}\n"
        assert 2 == run(*command, "--locale", "en_GB")[0]
        assert capsys.readouterr().err == f"dunning {command[0]}: {english}\n"
    assert not missing.parent.exists()
