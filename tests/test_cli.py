"""The ``dunning`` command: plan, demo, and the due-date, penalty and rates sub-commands."""

from __future__ import annotations

import io
import json
from pathlib import Path
from types import MappingProxyType
from typing import Any, Final

import pytest

from dunning_core import cli
from dunning_core.errors import InvalidArgument
from dunning_core.interest import BasisKind, PenaltyBasis
from dunning_core.portfolio_io import dump_portfolio, read_portfolio

PORTFOLIO = """\
invoice,record,date,amount,due_on,segment,debtor,channel,step,detail
F-1,invoice,2026-01-15,500.00,2026-02-14,,Cave Roux,,,
F-2,invoice,2026-01-15,9000.00,2026-02-14,,Garage Colin,,,
F-2,contact_made,2026-02-19,,,,,email,reminder_email_1,
F-2,dispute_opened,2026-02-20,,,,,,,
F-3,invoice,2026-01-15,800.00,2026-02-14,,,,,
F-3,payment_received,2026-02-30,800.00,,,,,,
"""


def run(*argv: str, **options: Any) -> tuple[int, str]:
    """Run the command in process; *options* go to ``main`` (``environ``, ``now``)."""
    out = io.StringIO()
    status = cli.main(list(argv), out=out, **options)
    return status, out.getvalue()


def write_portfolio(folder: Path) -> Path:
    """The small portfolio above, written in *folder*."""
    path = folder / "portefeuille.csv"
    path.write_text(PORTFOLIO, encoding="utf-8")
    return path


@pytest.fixture
def portfolio_file(tmp_path: Path) -> Path:
    return write_portfolio(tmp_path)


class TestPlan:
    def test_text(self, portfolio_file: Path) -> None:
        """Today's actions with amounts and reasons; the malformed row with its line number."""
        status, text = run("plan", str(portfolio_file), "--today", "2026-03-16")
        assert 0 == status
        assert "Plan du 16 mars 2026" in text
        assert "3 factures dans le fichier, 2 planifiées, 1 ligne en erreur, 1 action due" in text
        assert "Fichier lu en CSV (séparateur « , »" in text.splitlines()[0]
        assert (
            "  F-3 — ligne 7\n    ligne 7 — colonne « date » : le 2026-02-30 n'existe pas dans "
            "le calendrier\n"
        ) in text
        assert "F-1  Cave Roux  —  reminder_email_1 (e-mail), due depuis le 19 février 2026" in text
        # 500 × 12.15 % × 30 / 365 = 4.99; + 40 € = 544.99
        assert "dû : 544,99\xa0€ = principal 500,00\xa0€ + intérêts 4,99\xa0€" in text
        assert (
            "motif : étape « reminder_email_1 » (relance amiable, e-mail), 5\xa0jours après "
            "l'échéance du 14 février 2026 (pratique)"
        ) in text
        assert "F-2" not in text.split("Actions du jour")[1]  # the dispute freezes F-2

    def test_json(self, portfolio_file: Path) -> None:
        """--json: the actions with their amounts, reasons and articles, and the errors."""
        status, text = run("plan", str(portfolio_file), "--today", "2026-03-16", "--json")
        data = json.loads(text)
        assert 0 == status
        assert ("2026-03-16", 3, 2, ["F-3"]) == (
            data["today"],
            data["invoices"],
            data["planned"],
            data["set_aside"],
        )
        assert [{"line": 7, "invoice": "F-3", "error": "InvalidDate"}] == [
            {k: e[k] for k in ("line", "invoice", "error")} for e in data["errors"]
        ]
        (action,) = data["actions"]
        assert {
            "invoice": "F-1",
            "debtor": "Cave Roux",
            "step": "reminder_email_1",
            "channel": "email",
            "due_on": "2026-02-19",
            "days_late": 30,
            "principal": "500.00",
            "interest": "4.99",
            "indemnity": "40.00",
            "total": "544.99",
        } == {
            k: action[k]
            for k in (
                "invoice",
                "debtor",
                "step",
                "channel",
                "due_on",
                "days_late",
                "principal",
                "interest",
                "indemnity",
                "total",
            )
        }
        assert ("pratique", "french_default") == (action["reasons"][0]["article"], data["policy"])
        assert action["reasons"][0]["url"].startswith("https://")
        assert 2 == data["stages"]["amicable"]

    def test_jsonl_by_extension(self, tmp_path: Path) -> None:
        """A .jsonl file is read as JSON lines; --format overrides the extension."""
        cases = read_portfolio(PORTFOLIO).cases
        path = tmp_path / "p.jsonl"
        path.write_text(dump_portfolio(cases, format="jsonl"), encoding="utf-8")
        assert 0 == run("plan", str(path), "--today", "2026-03-16", "--json")[0]
        other = tmp_path / "p.txt"
        other.write_text(dump_portfolio(cases, format="jsonl"), encoding="utf-8")
        status, text = run(
            "plan", str(other), "--today", "2026-03-16", "--format", "jsonl", "--json"
        )
        assert (0, ["F-1"]) == (status, [a["invoice"] for a in json.loads(text)["actions"]])

    def test_amounts_outside_the_rate_tables(self, tmp_path: Path) -> None:
        """An action whose amounts need a missing half-year is planned (2008, not yet time-barred)."""
        path = tmp_path / "old.csv"
        path.write_text(
            "invoice,record,date,amount,due_on\nF-1,invoice,2008-01-15,500,2008-02-14\n"
        )
        status, text = run("plan", str(path), "--today", "2008-03-16", "--json")
        (action,) = json.loads(text)["actions"]
        assert (0, None, "500") == (status, action["total"], action["principal"])
        assert ["interest", "indemnity", "total"] == action["amounts_unknown"]
        assert (
            "aucun taux légal des pénalités (BCE + 10 points) pour 2008-S1"
            in action["amounts_error"]
        )
        assert "STATUTORY" not in action["amounts_error"]  # the series in words
        assert "no STATUTORY rate is known" not in action["amounts_error"]  # French only
        _, text = run("plan", str(path), "--today", "2008-03-16", "--json", "--locale", "en_GB")
        (action,) = json.loads(text)["actions"]
        assert (
            "no statutory penalty (ECB + 10 points) rate for 2008-S1 in the tables"
            in action["amounts_error"]
        )
        assert "taux" not in action["amounts_error"]

    @pytest.mark.parametrize(
        ("argv", "words"),
        [
            (["plan", "/nonexistent/p.csv", "--today", "2026-03-16"], "introuvable"),
            (["plan", "{file}", "--today", "16/03/2026"], "« 16/03/2026 » est une date à la"),
            (["plan", "{empty}", "--today", "2026-03-16"], "ligne 1 : le fichier est vide"),
        ],
    )
    def test_errors_exit_2_with_one_line(
        self, argv: list[str], words: str, portfolio_file: Path, tmp_path: Path, capsys: Any
    ) -> None:
        """A file or date that cannot be used: exit status 2 and one line on stderr."""
        empty = tmp_path / "empty.csv"
        empty.write_text("")
        args = [a.format(file=portfolio_file, empty=empty) for a in argv]
        status, text = run(*args)
        err = capsys.readouterr().err
        assert (2, "") == (status, text)
        assert err.startswith("dunning plan: ")
        assert words in err
        assert 1 == err.count("\n")


class TestDemo:
    def test_sections(self) -> None:
        """The demo plans the sample and prints the summary's sections, deterministically."""
        status, text = run("demo")
        assert 0 == status
        for section in (
            "Lumen Équipements SAS (société fictive), portefeuille planifié au 16 mars 2026",
            "320 factures dans le fichier, 317 planifiées, 3 lignes en erreur",
            "Factures écartées",
            "ligne 792 — colonne « date » : le 2026-02-30 n'existe pas dans le calendrier",
            "ligne 826 — colonne « channel » : « fax » n'est pas une valeur acceptée (email, ",
            "ligne 839 — événement refusé, un paiement du 3 mars 2026 : un paiement de 1",
            "Dossiers par étape",
            "relance amiable",
            "Encours échu",
            "Actions du jour par canal",
            "transfert au contentieux",
            "plus gros encours en retard",
            "fondement des montants : C. com. art. L441-10",
            "CCP art. R2192-31",
        ):
            assert section in text
        assert text == run("demo")[1]

    def test_stage_of_a_paid_principal_claims_its_penalties(self) -> None:
        """F-2025-0004 is in litigation with its principal paid, open for its penalties: the
        stage table shows the penalties it claims (its action's amount), not 0,00 €."""
        text = run("demo")[1]
        (stage,) = [line for line in text.splitlines() if line.startswith("  contentieux ")]
        (action,) = [line for line in text.splitlines() if "F-2025-0004  penalty_claim" in line]
        owed = stage.split(maxsplit=2)[2].strip()
        assert "0,00 €" != owed
        assert action.split("penalty_claim")[1].strip().startswith(owed)


class TestDueDate:
    def test_text_and_findings(self) -> None:
        """15 Jan + 45 days = 1 Mar, end of March; the 75-day warning follows."""
        status, text = run("due-date", "45 jours fin de mois", "--issued", "2025-01-15")
        assert 0 == status
        assert "2025-03-31" == text.splitlines()[0]
        assert "75 jours après la date de facture du 15 janvier 2025" in text
        english = run(
            "due-date", "45 jours fin de mois", "--issued", "2025-01-15", "--locale", "en_GB"
        )
        assert "is 75 days after the invoice date, 15 January 2025" in english[1]

    def test_json_from_delivery(self) -> None:
        """--delivered feeds terms counted from delivery: 20 Jan + 30 days = 19 Feb."""
        status, text = run(
            "due-date",
            "30 jours après livraison",
            "--issued",
            "2025-01-15",
            "--delivered",
            "2025-01-20",
            "--json",
        )
        data = json.loads(text)
        assert (0, "2025-02-19", "2025-01-15") == (status, data["due_on"], data["issued_on"])

    def test_bad_terms_exit_2(self, capsys: Any) -> None:
        """Unreadable terms: exit 2, one line naming the word not understood."""
        status, _ = run("due-date", "45 jours fin de moi", "--issued", "2025-01-15")
        err = capsys.readouterr().err
        assert 2 == status
        assert err.startswith("dunning due-date: ")
        assert "conditions de paiement illisibles, mots inconnus : moi ; " in err
        assert 1 == err.count("\n")


class TestPenalty:
    CONSUMER = ("penalty", "1000", "--due", "2025-01-31", "--paid", "2025-06-30", "--consumer")

    def test_consumer(self) -> None:
        """A private person owes legal interest (other creditors' rate, 3.71 % in 2025-S1) from
        the formal notice received, not from the due date, and no 40 € indemnity:
        1000 × 3.71 % × 119 / 365 = 12.10 (C. civ. 1231-6, 1344-1; CPCE L111-8)."""
        status, text = run(*self.CONSUMER, "--notice", "2025-03-03")
        assert 0 == status
        assert text.startswith(
            "Débiteur consommateur : l'intérêt court de la mise en demeure reçue le 3 mars 2025"
        )
        assert "taux d'intérêt légal (autres cas)" in text
        assert "04/03/2025  30/06/2025    119  1\u202f000,00\xa0€  3,71\xa0%  12,10\xa0€" in text
        assert "Indemnité pour frais de recouvrement : 0,00\xa0€" in text
        assert "Total : 12,10\xa0€" in text
        english = run(*self.CONSUMER, "--notice", "2025-03-03", "--locale", "en_GB")[1]
        assert english.startswith("Consumer debtor: interest runs from the formal notice received")
        data = json.loads(run(*self.CONSUMER, "--notice", "2025-03-03", "--json")[1])
        assert ("12.10", "0.00") == (data["interest"], data["indemnity"])
        assert {"notice_received_on": "2025-03-03", "interest_from": "2025-03-03"} == data[
            "consumer"
        ]

    def test_consumer_with_a_business_basis_is_warned(self) -> None:
        """--basis still wins: the breakdown warns that the basis is a rule between businesses."""
        status, text = run(*self.CONSUMER, "--notice", "2025-03-03", "--basis", "statutory")
        assert 0 == status
        assert "13,15\xa0%" in text
        assert "un particulier doit l'intérêt au taux légal" in text

    def test_consumer_needs_the_notice_and_the_notice_a_consumer(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        assert 2 == run(*self.CONSUMER)[0]
        assert "avec --consumer, donnez --notice AAAA-MM-JJ" in capsys.readouterr().err
        assert 2 == run(*self.CONSUMER[:-1], "--notice", "2025-03-03")[0]
        assert "--notice ne va qu'avec --consumer" in capsys.readouterr().err

    def test_consumer_help_in_both_languages(self, capsys: pytest.CaptureFixture[str]) -> None:
        for locale, words in (
            ("fr_FR", "le débiteur est un consommateur"),
            ("en_GB", "a consumer"),
        ):
            with pytest.raises(SystemExit):
                run("penalty", "--help", "--locale", locale)
            assert words in " ".join(capsys.readouterr().out.split())

    def test_with_payment(self) -> None:
        """A partial payment splits the lines; interest first (C. civ. 1343-1)."""
        status, text = run(
            "penalty",
            "10000",
            "--due",
            "2025-03-31",
            "--paid",
            "2025-08-15",
            "--payment",
            "2025-06-02:4000",
        )
        assert 0 == status
        # 10 000 × 13.15 % × 63 / 365 = 226.97
        assert "01/04/2025  02/06/2025     63  10\u202f000,00\xa0€  13,15\xa0%  226,97\xa0€" in text
        assert "Total : 425,14\xa0€" in text

    def test_basis_json(self) -> None:
        """--basis contractual:12: 10 000 × 12 % × 137 / 365 = 450.41; + 40 € indemnity."""
        status, text = run(
            "penalty",
            "10000",
            "--due",
            "2025-03-31",
            "--paid",
            "2025-08-15",
            "--basis",
            "contractual:12",
            "--json",
        )
        data = json.loads(text)
        assert (0, "450.41", "40.00", "490.41") == (
            status,
            data["interest"],
            data["indemnity"],
            data["total"],
        )
        assert {"kind": "contractual", "rate": "12"} == data["basis"]

    def test_rates_file(self, tmp_path: Path) -> None:
        """--rates adds an ECB decision: 2026-H2 at 2.40 + 10 = 12.40 %.

        1 000 × 12.15 % × 91 / 365 = 30.29 (April–June) + 1 000 × 12.40 % × 92 / 365 = 31.25.
        """
        rates = tmp_path / "rates.csv"
        rates.write_text(
            "series,date,rate,source,known_until\nECB_MRO,2026-06-17,2.40,ECB press release,2026-07-22\n"
        )
        argv = ["penalty", "1000", "--due", "2026-03-31", "--paid", "2026-09-30", "--json"]
        assert 2 == run(*argv)[0]  # without the file, 2026-H2 is unknown
        status, text = run(*argv, "--rates", str(rates))
        data = json.loads(text)
        assert (0, ["30.29", "31.25"], "61.54") == (
            status,
            [line["amount"] for line in data["lines"]],
            data["interest"],
        )

    @pytest.mark.parametrize(
        ("argv", "words"),
        [
            (
                ["penalty", "12.5.0", "--due", "2025-03-31", "--paid", "2025-08-15"],
                "« 12.5.0 » n'est pas un montant ; écrivez-le en chiffres",
            ),
            (
                ["penalty", "100", "--due", "2025-03-31", "--paid", "2025-08-15", "--basis", "x"],
                "--basis : « x » n'est pas une valeur acceptée (statutory, legal-plus",
            ),
            (
                ["penalty", "100", "--due", "2025-03-31", "--paid", "2025-08-15", "--payment", "5"],
                "--payment : « 5 » ; écrivez DATE:MONTANT",
            ),
            (["penalty", "100", "--due", "2026-03-31", "--paid", "2026-09-30"], "2026-S2"),
        ],
    )
    def test_errors_exit_2_with_one_line(self, argv: list[str], words: str, capsys: Any) -> None:
        """Bad input: exit 2, one line on stderr saying what was wrong."""
        status, text = run(*argv)
        err = capsys.readouterr().err
        assert (2, "") == (status, text)
        assert err.startswith("dunning penalty: ")
        assert words in err
        assert 1 == err.count("\n")


class TestRates:
    def test_text(self) -> None:
        """The shipped tables and DATA_AS_OF."""
        status, text = run("rates")
        assert 0 == status
        assert text.startswith("Tables de taux livrées connues jusqu'au 19 mars 2026 (DATA_AS_OF)")
        assert "STATUTORY        37 périodes  01/01/2009 → 30/06/2026  dernier taux 12,15" in text
        english = run("rates", "--locale", "en_GB")[1]
        assert english.startswith("Shipped rate data known until 19 March 2026 (DATA_AS_OF)")
        assert "STATUTORY        37 periods  01/01/2009 → 30/06/2026  last rate 12.15%" in english

    def test_json_with_rates_file(self, tmp_path: Path) -> None:
        """--json lists every table; --rates extends them first."""
        rates = tmp_path / "rates.csv"
        rates.write_text("series,date,rate,source\nLEGAL_OTHER,2026-07-01,2.50,arrêté\n")
        status, text = run("rates", "--json", "--rates", str(rates))
        tables = {t["series"]: t for t in json.loads(text)["tables"]}
        assert (0, "2026-12-31", "2.50") == (
            status,
            tables["LEGAL_OTHER"]["known_until"],
            tables["LEGAL_OTHER"]["periods"][-1]["rate"],
        )


def test_the_penalty_dates_are_always_given(capsys: pytest.CaptureFixture[str]) -> None:
    """penalty never defaults a date (plan and report default to today in Paris:
    tests/test_cli_locale.py)."""
    with pytest.raises(SystemExit) as info:
        cli.main(["penalty", "1000", "--due", "2026-03-31"])
    assert info.value.code == 2
    assert "arguments obligatoires manquants : --paid" in capsys.readouterr().err


class TestParseBasis:
    """--basis is read from the basis rows: every kind has a spelling, and reads back."""

    SAMPLE: Final = MappingProxyType({"points": "5", "rate": "12.5", "creditor": "consumer"})

    @pytest.mark.parametrize("kind", list(BasisKind), ids=lambda k: k.value)
    def test_every_kind_has_a_spelling(self, kind: BasisKind) -> None:
        spelled = cli._basis_spelling(kind)
        assert spelled in cli._basis_spellings()
        name = kind.value.replace("_", "-")
        parameter = next(iter(kind.parameters), None)
        if parameter is None:
            assert PenaltyBasis.from_dict({"kind": kind.value}) == cli.parse_basis(name)
            with pytest.raises(InvalidArgument, match="--basis"):
                cli.parse_basis(f"{name}:1")
        else:
            value = self.SAMPLE[parameter]  # a new parameter needs its sample here
            expected = PenaltyBasis.from_dict({"kind": kind.value, parameter: value})
            assert expected == cli.parse_basis(f"{name}:{value}")
            if spelled.endswith("]"):  # optional: the class constant of the kind
                assert getattr(PenaltyBasis, kind.name) == cli.parse_basis(name)
            else:
                with pytest.raises(InvalidArgument, match="--basis"):
                    cli.parse_basis(name)

    def test_the_spellings_of_before(self) -> None:
        assert PenaltyBasis.PUBLIC_PROCUREMENT == cli.parse_basis("public")
        assert PenaltyBasis.legal(creditor="other") == cli.parse_basis("legal:other")
        assert PenaltyBasis.legal_plus(10) == cli.parse_basis("legal-plus")
        assert PenaltyBasis.THREE_TIMES_LEGAL == cli.parse_basis(" Three-Times-Legal ")

    @pytest.mark.parametrize("text", ["weekly", "statutory:5", "contractual", "legal-plus:", ""])
    def test_refused(self, text: str) -> None:
        with pytest.raises(InvalidArgument, match="--basis: one of statutory, legal-plus"):
            cli.parse_basis(text)


def test_a_basis_creditor_is_read_in_any_case() -> None:
    """LEGAL:CONSUMER is legal:consumer (the kind and a creditor are words, read in any case)."""
    from dunning_core.cli import parse_basis
    from dunning_core.interest import Creditor, PenaltyBasis

    assert PenaltyBasis.legal(creditor=Creditor.CONSUMER) == parse_basis("LEGAL:CONSUMER")
