"""`dunning rates update` / `add-legal` and the user rate file; the network is never reached."""

from __future__ import annotations

import json
import re
import socket
import urllib.error
import urllib.request
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import dunning_core
from dunning_core import cli
from dunning_core.rates import default_rates
from test_cli import run  # the same in-process runner

FIXTURE = Path(__file__).parent / "fixtures" / "ecb" / "mro_level_2026.csv"
RECORDED = FIXTURE.read_text(encoding="utf-8")
LEGAL_ROWS = (
    "series,date,rate,source,known_until\n"
    "LEGAL_CONSUMER,2026-07-01,6.50,Arrêté du 22 juin 2026 (test),\n"
    "LEGAL_OTHER,2026-07-01,2.50,Arrêté du 22 juin 2026 (test),\n"
)


class FakeResponse:
    def __init__(self, body: bytes) -> None:
        self.body = body

    def read(self) -> bytes:
        return self.body

    def __enter__(self) -> FakeResponse:
        return self

    def __exit__(self, *exc: object) -> None:
        return None


class FakeECB:
    """Stands for urllib.request.urlopen: answers *body*, or raises *error*; records requests."""

    def __init__(self, body: str | bytes = RECORDED, error: BaseException | None = None) -> None:
        self.body = body.encode("utf-8") if isinstance(body, str) else body
        self.error = error
        self.requests: list[tuple[str, float]] = []

    def __call__(self, request: urllib.request.Request, timeout: float) -> FakeResponse:
        self.requests.append((request.full_url, timeout))
        if self.error is not None:
            raise self.error
        return FakeResponse(self.body)


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any real connection attempt fails the test."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a test tried to reach the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(urllib.request, "urlopen", refuse)


@pytest.fixture
def user_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "data" / "rates.csv"
    monkeypatch.setenv(cli.RATES_FILE_ENV, str(path))
    return path


def serve(monkeypatch: pytest.MonkeyPatch, ecb: FakeECB) -> FakeECB:
    monkeypatch.setattr(urllib.request, "urlopen", ecb)
    return ecb


class TestUpdate:
    def test_recorded_answer_adds_the_change_and_the_last_confirmation(
        self, user_file: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        ecb = serve(monkeypatch, FakeECB())
        status, text = run("rates", "update")
        assert status == 0
        ((url, timeout),) = ecb.requests
        assert url == (
            "https://data-api.ecb.europa.eu/service/data/FM/B.U2.EUR.4F.KR.MRR_FR.LEV"
            "?format=csvdata&startPeriod=2026-03-19"
        )
        assert timeout == 20
        written = user_file.read_text(encoding="utf-8").splitlines()
        assert written[0] == "series,date,rate,source,known_until"
        assert [line.split(",")[:3] for line in written[1:]] == [
            ["ECB_MRO", "2026-06-17", "1.90"],  # the effective day: the first day at the new level
            ["ECB_MRO", "2026-07-31", "1.90"],  # the last observation confirms it
        ]
        assert "1 changement du taux BCE ajouté à" in text
        assert "  17/06/2026  1,90\xa0%" in text.splitlines()
        book = default_rates().extended_from_csv(user_file.read_text(encoding="utf-8"))
        assert book.ecb.known_until == date(2026, 7, 31)
        assert book.statutory.rate_on(date(2026, 7, 1)) == Decimal("11.90")
        assert not list(user_file.parent.glob(".*.tmp"))

    def test_every_command_then_reads_the_user_file(
        self, user_file: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
    ) -> None:
        serve(monkeypatch, FakeECB())
        assert run("rates", "update")[0] == 0
        status, text = run("penalty", "1000", "--due", "2026-09-30", "--paid", "2026-12-04")
        assert status == 0  # strict, and yet 2026-H2 is known now
        assert "11,90\xa0%" in text
        assert "provisoire" not in text
        listing = run("rates", "--today", "2026-12-04")[1]
        assert f"Fichier de taux lu : {user_file}" in listing
        assert "STATUTORY        38 périodes  01/01/2009 → 31/12/2026" in listing
        assert "manque aux tables LEGAL_CONSUMER, LEGAL_OTHER" in listing
        english = run("rates", "--today", "2026-12-04", "--locale", "en_GB")[1]
        assert f"Rate file read: {user_file}" in english
        assert "is missing from the tables LEGAL_CONSUMER, LEGAL_OTHER" in english
        # --rates FILE wins: the user file is not read then.
        other = tmp_path / "other.csv"
        other.write_text("series,date,rate,source\n", encoding="utf-8")
        assert run("penalty", "1000", "--due", "2026-09-30", "--paid", "2026-12-04",
                   "--rates", str(other))[0] == 2  # fmt: skip

    def test_a_second_run_adds_nothing(
        self, user_file: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        serve(monkeypatch, FakeECB())
        run("rates", "update")
        before = user_file.read_bytes()
        ecb = serve(monkeypatch, FakeECB())
        status, text = run("rates", "update")
        assert (status, user_file.read_bytes()) == (0, before)
        assert "Aucune observation BCE après le 31 juillet 2026" in text
        english = run("rates", "update", "--locale", "en_GB")[1]
        assert "No ECB observation after 31 July 2026" in english
        assert ecb.requests[0][0].endswith("startPeriod=2026-07-31")

    def test_a_hold_is_one_confirmation(
        self, user_file: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        serve(monkeypatch, FakeECB(RECORDED.replace(",1.90,", ",2.15,")))
        assert run("rates", "update")[0] == 0
        (row,) = user_file.read_text(encoding="utf-8").splitlines()[1:]
        assert row.startswith("ECB_MRO,2026-07-31,2.15,")
        book = default_rates().extended_from_csv(user_file.read_text(encoding="utf-8"))
        period = book.statutory.period_on(date(2026, 9, 1))
        assert (period.rate, period.provisional) == (Decimal("12.15"), False)

    def test_not_found_means_no_observation(
        self, user_file: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        error = urllib.error.HTTPError("url", 404, "Not Found", {}, None)  # type: ignore[arg-type]
        serve(monkeypatch, FakeECB(error=error))
        status, text = run("rates", "update")
        assert (status, user_file.exists()) == (0, False)
        assert "Aucune observation" in text

    def test_rates_file_option_and_timeout(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        ecb = serve(monkeypatch, FakeECB())
        target = tmp_path / "mine.csv"
        assert run("rates", "update", "--rates-file", str(target), "--timeout", "3.5")[0] == 0
        assert ecb.requests[0][1] == 3.5
        assert "2026-06-17" in target.read_text(encoding="utf-8")


def _truncated() -> str:
    return RECORDED[: RECORDED.index("2026-06-17") + 8]  # cut inside the date of a row


def _lines(text: str) -> list[str]:
    return text.splitlines(keepends=True)


# A bad answer of the ECB data API: (the answer, the French line's end, the English one's).
BAD_ANSWERS = {
    "empty": ("", "ECB_MRO : l'API de données de la BCE a envoyé une réponse vide", "empty answer"),
    "blank": ("\r\n  \r\n", "a envoyé une réponse vide", "the ECB data API sent an empty answer"),
    "html": (
        "<!DOCTYPE html><html><body><h1>503 Service Unavailable</h1></body></html>",
        "une page HTML ou XML, pas du CSV (une page d'erreur ?) : « <!DOCTYPE html>",
        "an HTML or XML page, not CSV (an error page?): '<!DOCTYPE html>",
    ),
    "xml error": ('<?xml version="1.0"?><message:Error>', "une page HTML ou XML", "an HTML or XML"),
    "truncated": (
        _truncated(),
        "ligne 63, ECB_MRO : une ligne tronquée ou mal formée",
        "line 63, ECB_MRO: a truncated or malformed line",
    ),
    "truncated row": (
        "".join(_lines(RECORDED)[:5]) + "FM.B.U2.EUR.4F.KR.MRR_FR.LEV,B,U2,EUR",
        "ligne 6, ECB_MRO : une ligne tronquée ou mal formée (pas le bon nombre de champs)",
        "line 6, ECB_MRO: a truncated or malformed line (not the right number of fields)",
    ),
    "header only": (
        _lines(RECORDED)[0],
        "aucune observation dans la réponse (l'en-tête seul)",
        "no observation in the answer (the header only)",
    ),
    "other columns": (
        "date,value\n2026-06-17,1.90\n",
        (
            "ligne 1, ECB_MRO : pas du SDMX-CSV aux colonnes TIME_PERIOD et OBS_VALUE (format=csvdata) "
            "; lu : date, value"
        ),
        (
            "line 1, ECB_MRO: not SDMX-CSV with the columns TIME_PERIOD and OBS_VALUE "
            "(format=csvdata); read: date, value"
        ),
    ),
    "other series": (
        RECORDED.replace("MRR_FR.LEV", "MRR_FR.CHG"),
        (
            "ligne 2, ECB_MRO : la série « FM.B.U2.EUR.4F.KR.MRR_FR.CHG » au lieu de "
            "« FM.B.U2.EUR.4F.KR.MRR_FR.LEV »"
        ),
        (
            "line 2, ECB_MRO: the series 'FM.B.U2.EUR.4F.KR.MRR_FR.CHG' instead of "
            "'FM.B.U2.EUR.4F.KR.MRR_FR.LEV'"
        ),
    ),
    "not a number": (
        RECORDED.replace(",1.90,", ",n/a,", 1),
        "ligne 63, ECB_MRO : « n/a » n'est pas un montant",
        "line 63, ECB_MRO: 'n/a' is not an amount",
    ),
    "dates going back": (
        "".join(_lines(RECORDED)[:3]) + _lines(RECORDED)[1],
        (
            "ligne 4, ECB_MRO : le 19 mars 2026 après le 20 mars 2026 : les dates de la réponse "
            "doivent croître"
        ),
        "line 4, ECB_MRO: 19 March 2026 after 20 March 2026: the answer's dates must increase",
    ),
    "implausible": (
        RECORDED.replace(",1.90,", ",1000000000000000,"),
        "ECB_MRO : un taux de 1\u202f000\u202f000",  # ... est hors de la plage plausible
        "ECB_MRO: a rate of 1,000,000",
    ),
    "huge cell": (
        RECORDED + "FM.B.U2.EUR.4F.KR.MRR_FR.LEV," + "9" * 200_000 + "\n",
        "ligne 96, ECB_MRO : ligne CSV mal formée",
        "line 96, ECB_MRO: a malformed CSV line",
    ),
    "unterminated quote": (
        RECORDED + 'FM.B.U2.EUR.4F.KR.MRR_FR.LEV,"B\n',
        "ligne 96, ECB_MRO : une ligne tronquée ou mal formée",
        "line 96, ECB_MRO: a truncated or malformed line",
    ),
}


class TestBadAnswers:
    @pytest.mark.parametrize("name", sorted(BAD_ANSWERS))
    def test_clear_error_and_the_user_file_untouched(
        self, name: str, user_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
    ) -> None:
        answer, french, english = BAD_ANSWERS[name]
        user_file.parent.mkdir(parents=True)
        user_file.write_text(LEGAL_ROWS, encoding="utf-8")
        serve(monkeypatch, FakeECB(answer))
        status, text = run("rates", "update")
        err = capsys.readouterr().err
        assert (status, text) == (2, "")
        assert french in err
        assert "détail" not in err
        if name != "implausible":  # the answer's line, not the rate file's
            assert err.startswith("dunning rates: table de taux invalide — réponse de la BCE, ")
        assert run("rates", "update", "--locale", "en_GB")[0] == 2
        err = capsys.readouterr().err
        assert english in err
        assert "detail" not in err
        if name != "implausible":
            assert err.startswith("dunning rates: invalid rate table — ECB answer, ")
        assert user_file.read_text(encoding="utf-8") == LEGAL_ROWS
        assert sorted(p.name for p in user_file.parent.iterdir()) == ["rates.csv"]

    def test_not_utf8(self, user_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
        serve(monkeypatch, FakeECB(b"\xff\xfeK\x00E\x00Y\x00"))
        assert run("rates", "update")[0] == 2
        assert capsys.readouterr().err == (
            "dunning rates: table de taux invalide — réponse de la BCE, ECB_MRO : la réponse "
            "n'est pas du texte UTF-8\n"
        )
        assert run("rates", "update", "--locale", "en_GB")[0] == 2
        assert "ECB answer, ECB_MRO: the answer is not UTF-8 text" in capsys.readouterr().err
        assert not user_file.exists()

    @pytest.mark.parametrize(
        ("error", "words", "english"),
        [
            (
                urllib.error.URLError(socket.gaierror(-2, "Name or service not known")),
                "(adresse introuvable ; hors ligne ? délai 20 s)",
                "(address not found; offline? timeout 20 s)",
            ),
            (
                TimeoutError("timed out"),
                "(délai dépassé ; hors ligne ? délai 20 s)",
                "(timed out; offline? timeout 20 s)",
            ),
            (
                urllib.error.URLError(ConnectionRefusedError(111, "Connection refused")),
                "(connexion refusée ; hors ligne ?",
                "(connection refused; offline?",
            ),
            (
                ConnectionResetError(104, "Connection reset by peer"),
                "(connexion interrompue ; hors ligne ?",
                "(connection reset; offline?",
            ),
            (
                urllib.error.HTTPError("url", 500, "Internal Server Error", {}, None),  # type: ignore[arg-type]
                "a répondu HTTP 500 pour https://",
                "answered HTTP 500 for https://",
            ),
        ],
    )
    def test_offline_or_server_error(
        self,
        error: BaseException,
        words: str,
        english: str,
        user_file: Path,
        monkeypatch: pytest.MonkeyPatch,
        capsys: Any,
    ) -> None:
        """The reason in the reader's words, not the system's or the server's English (issue
        11): "Name or service not known", "Internal Server Error" are not shown."""
        serve(monkeypatch, FakeECB(error=error))
        assert run("rates", "update")[0] == 2
        err = capsys.readouterr().err
        assert words in err
        assert "le fichier de taux est inchangé" in err
        assert err.startswith("dunning rates: l'API de données de la BCE ")
        assert not re.search(r"Name or|Server Error|timed out|Connection", err), err
        assert not user_file.exists()
        assert run("rates", "update", "--locale", "en_GB")[0] == 2
        err = capsys.readouterr().err
        assert err.startswith("dunning rates: the ECB data API ")
        assert english in err
        assert "the rate file is unchanged" in err

    def test_an_unknown_network_error_keeps_the_system_words(
        self, user_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
    ) -> None:
        """A reason the catalogs do not name is shown as the system gives it; the timeout is
        written as the reader's language writes a number."""
        serve(monkeypatch, FakeECB(error=OSError(113, "No route to host")))
        assert run("rates", "update", "--timeout", "2.5")[0] == 2
        assert "(No route to host ; hors ligne ? délai 2,5 s)" in capsys.readouterr().err
        assert run("rates", "update", "--timeout", "2.5", "--locale", "en_GB")[0] == 2
        assert "(No route to host; offline? timeout 2.5 s)" in capsys.readouterr().err

    @pytest.mark.parametrize("timeout", ["nan", "inf", "-1", "0", "601"])
    def test_a_timeout_that_is_no_number_of_seconds(
        self, timeout: str, user_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
    ) -> None:
        """Refused at the door, before the network (nan or inf would crash the socket)."""
        ecb = FakeECB()
        serve(monkeypatch, ecb)
        assert run("rates", "update", "--timeout", timeout)[0] == 2
        err = capsys.readouterr().err
        assert err.startswith("dunning rates: argument invalide — --timeout : ")
        assert err.endswith(" ; donnez un nombre de secondes supérieur à zéro, au plus 600\n")
        assert run("rates", "update", "--timeout", timeout, "--locale", "en_GB")[0] == 2
        err = capsys.readouterr().err
        assert err.startswith("dunning rates: invalid argument — --timeout: ")
        assert err.endswith("; give a number of seconds above zero, 600 at most\n")
        assert ecb.requests == []
        assert not user_file.exists()

    def test_a_failed_rename_leaves_no_half_written_file(
        self, user_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
    ) -> None:
        user_file.parent.mkdir(parents=True)
        user_file.write_text(LEGAL_ROWS, encoding="utf-8")
        serve(monkeypatch, FakeECB())

        def fail(src: object, dst: object) -> None:
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(cli.os, "replace", fail)
        assert run("rates", "update")[0] == 2
        assert capsys.readouterr().err == (
            f"dunning rates: fichier impossible à écrire : {user_file} (plus de place sur le "
            "disque)\n"
        )
        assert run("rates", "update", "--locale", "en_GB")[0] == 2
        assert capsys.readouterr().err == (
            f"dunning rates: unwritable file: {user_file} (no space left on the disk)\n"
        )
        assert user_file.read_text(encoding="utf-8") == LEGAL_ROWS
        assert sorted(p.name for p in user_file.parent.iterdir()) == ["rates.csv"]


class TestAddLegal:
    ARGS = ("rates", "add-legal", "2026-07-01", "--consumer", "6.50", "--other", "2.50")

    def test_appends_both_rates_and_commands_use_them(self, user_file: Path) -> None:
        status, text = run(*self.ARGS, "--source", "Arrêté du 22 juin 2026, JORF n° 145")
        assert status == 0
        assert "Taux légaux de 2026-S2 ajoutés" in text
        lines = user_file.read_text(encoding="utf-8").splitlines()
        assert lines[1:] == [
            'LEGAL_CONSUMER,2026-07-01,6.50,"Arrêté du 22 juin 2026, JORF n° 145",',
            'LEGAL_OTHER,2026-07-01,2.50,"Arrêté du 22 juin 2026, JORF n° 145",',
        ]
        status, text = run(
            "penalty", "1000", "--due", "2026-09-30", "--paid", "2026-12-04",
            "--basis", "legal:other",
        )  # fmt: skip
        assert status == 0
        assert "2,50\xa0%" in text

    @pytest.mark.parametrize(
        ("date_", "other", "words"),
        [
            ("2026-07-02", "2.50", "le semestre suivant commence le 1er juillet 2026, pas le 2"),
            ("2027-01-01", "2.50", "le semestre suivant commence le 1er juillet 2026, pas le 1er"),
            ("2026-07-01", "-50", "est hors de la plage plausible, de 0,00\xa0%"),
            ("2026-07-01", "abc", "abc"),
        ],
    )
    def test_refused_and_the_file_untouched(
        self, date_: str, other: str, words: str, user_file: Path, capsys: Any
    ) -> None:
        user_file.parent.mkdir(parents=True)
        user_file.write_text("series,date,rate,source\n", encoding="utf-8")
        argv = ("rates", "add-legal", date_, "--consumer", "6.5", "--other", other)
        assert run(*argv, "--source", "arrêté")[0] == 2
        assert words in capsys.readouterr().err
        assert user_file.read_text(encoding="utf-8") == "series,date,rate,source\n"

    def test_a_second_half_year_follows(self, user_file: Path) -> None:
        assert run(*self.ARGS, "--source", "arrêté 1")[0] == 0
        argv = ("rates", "add-legal", "2027-01-01", "--consumer", "6", "--other", "2")
        assert run(*argv, "--source", "arrêté 2")[0] == 0
        book = default_rates().extended_from_csv(user_file.read_text(encoding="utf-8"))
        assert book.legal_other.rate_on(date(2027, 3, 1)) == 2


class TestUserFile:
    def test_empty_variable_means_no_user_file(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv(cli.RATES_FILE_ENV, "")
        assert cli.user_rates_file() is None
        assert "Aucun fichier de taux de l'utilisateur\n" in run("rates")[1]
        assert "No user rate file\n" in run("rates", "--locale", "en_GB")[1]
        assert run("rates", "add-legal", "2026-07-01", "--consumer", "6", "--other", "2",
                   "--source", "x")[0] == 2  # fmt: skip

    def test_default_is_the_platformdirs_data_dir(self, monkeypatch: pytest.MonkeyPatch) -> None:
        import platformdirs

        monkeypatch.delenv(cli.RATES_FILE_ENV)
        path = cli.user_rates_file()
        assert path == platformdirs.user_data_path("dunning-core", appauthor=False) / "rates.csv"

    def test_a_bad_user_file_names_itself(self, user_file: Path, capsys: Any) -> None:
        user_file.parent.mkdir(parents=True)
        user_file.write_text("series,date,rate,source\nLEGAL_OTHER,2026-07-01,-50,x\n")
        assert run("penalty", "1000", "--due", "2026-01-31", "--paid", "2026-03-01")[0] == 2
        err = capsys.readouterr().err
        assert f"{user_file}, ligne 2, LEGAL_OTHER : un taux de -50,00\xa0% est hors de" in err

    def test_rates_json(self, user_file: Path) -> None:
        assert run(*TestAddLegal.ARGS, "--source", "arrêté")[0] == 0
        data = json.loads(run("rates", "--json", "--today", "2026-12-04")[1])
        assert data["rates_file"] == str(user_file)
        assert data["missing_today"] == ["STATUTORY"]


def test_only_the_cli_touches_the_network() -> None:
    """The library never does I/O: urllib, http.client and socket appear in cli.py alone."""
    package = Path(dunning_core.__file__).parent
    pattern = re.compile(r"^\s*(import|from)\s+(urllib|http\.client|http|socket)\b", re.MULTILINE)
    offenders = [
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if path.name != "cli.py" and pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
    assert pattern.search((package / "cli.py").read_text(encoding="utf-8"))
