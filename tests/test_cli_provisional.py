"""Today priced on provisional rates: the portfolio commands, `penalty --assume-unchanged`, letters."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from dunning_core.errors import ProvisionalAmounts, RateUnavailable
from dunning_core.letters import Creditor, LetterKind, render
from dunning_core.machine import Case, claim_amounts
from dunning_core.policy import french_default
from dunning_core.portfolio_io import sample_portfolio_text
from dunning_core.rates import default_rates
from test_cli import run  # the same in-process runner

TODAY = "2026-12-04"
PORTFOLIO = """\
invoice,record,date,amount,due_on,segment,debtor,channel,step,detail
F-1,invoice,2026-10-01,500.00,2026-10-31,,Cave Roux,,,
F-2,invoice,2026-01-15,800.00,2026-02-14,,Garage Colin,,,
F-2,payment_received,2026-02-10,800.00,,,,,,
"""
NOTICE = "Montants provisoires : taux non publiés dans les tables"


@pytest.fixture
def portfolio_file(tmp_path: Path) -> Path:
    path = tmp_path / "portefeuille.csv"
    path.write_text(PORTFOLIO, encoding="utf-8")
    return path


@pytest.fixture
def sample_file(tmp_path: Path) -> Path:
    path = tmp_path / "sample.csv"
    path.write_text(sample_portfolio_text(), encoding="utf-8")
    return path


class TestPortfolioCommands:
    def test_plan_today_prices_provisional_amounts_stated_once(self, portfolio_file: Path) -> None:
        status, text = run("plan", str(portfolio_file), "--today", TODAY)
        assert status == 0
        assert text.count(NOTICE) == 1
        assert text.split("\n", 1)[1].startswith(NOTICE)  # at the top, under the dialect read
        assert "taux BCE 2,15\xa0% supposé inchangé après le 19 mars 2026" in text
        assert "2026-S2 12,15\xa0%" in text
        # 500 × 12.15 % × 34 / 365 = 5.66; + 40 €
        assert "dû : 545,66\xa0€ (provisoire) = principal 500,00\xa0€ + intérêts 5,66\xa0€" in text
        assert "rate is known" not in text
        assert "inconnus" not in text

    def test_sample_plan_today_has_no_error_text_in_amounts(self, sample_file: Path) -> None:
        status, text = run("plan", str(sample_file), "--today", TODAY)
        assert status == 0
        dues = [line for line in text.splitlines() if line.strip().startswith("dû :")]
        assert len(dues) > 100
        assert all("€" in line and "inconnus" not in line for line in dues)
        assert sum("(provisoire)" in line for line in dues) > 50
        assert "rate is known" not in text

    def test_strict_rates_says_which_amounts_are_unknown_and_plans_the_rest(
        self, portfolio_file: Path
    ) -> None:
        status, text = run("plan", str(portfolio_file), "--today", TODAY, "--strict-rates")
        assert status == 0
        assert NOTICE not in text
        due = next(line for line in text.splitlines() if "dû :" in line)
        assert "principal 500,00\xa0€ ; intérêts, indemnité et total inconnus" in due
        assert "aucun taux légal des pénalités (BCE + 10 points) pour 2026-S2" in due
        assert "F-1  Cave Roux  —  reminder_email_1" in text  # the action is still planned

    def test_plan_json_marks_provisional_actions(self, portfolio_file: Path) -> None:
        data = json.loads(run("plan", str(portfolio_file), "--today", TODAY, "--json")[1])
        (action,) = data["actions"]
        assert action["provisional"] is True
        assert action["total"] == "545.66"
        assert action["amounts_unknown"] == []
        assert data["rates_notice"].startswith(NOTICE)
        strict = json.loads(
            run("plan", str(portfolio_file), "--today", TODAY, "--json", "--strict-rates")[1]
        )
        (action,) = strict["actions"]
        assert (action["total"], action["provisional"], strict["rates_notice"]) == (
            None,
            False,
            None,
        )

    def test_within_the_published_tables_nothing_is_provisional(self, portfolio_file: Path) -> None:
        status, text = run("plan", str(portfolio_file), "--today", "2026-03-16")
        assert status == 0
        assert NOTICE not in text
        assert "provisoire" not in text

    def test_report_states_it_once_at_the_top(self, sample_file: Path) -> None:
        status, text = run("report", str(sample_file), "--today", TODAY)
        assert status == 0
        assert text.split("\n", 1)[1].startswith(NOTICE)  # under the dialect read
        assert text.count(NOTICE) == 1
        assert "non calculées" not in text
        data = json.loads(run("report", str(sample_file), "--today", TODAY, "--json")[1])
        assert data["rates_notice"].startswith(NOTICE)
        assert data["penalties"]["unavailable"] == []
        strict = json.loads(
            run("report", str(sample_file), "--today", TODAY, "--json", "--strict-rates")[1]
        )
        assert strict["penalties"]["unavailable"]
        assert strict["rates_notice"] is None

    def test_demo_prices_its_day_without_error_or_notice(self) -> None:
        """The demo plans 16 March 2026, inside the published tables: exact amounts."""
        status, text = run("demo")
        assert status == 0
        assert NOTICE not in text
        assert "provisoire" not in text
        assert "inconnus" not in text
        assert "rate is known" not in text


class TestPenaltyCommand:
    ARGS = ("penalty", "1000", "--due", "2026-09-30", "--paid", TODAY)

    def test_strict_by_default(self, capsys: Any) -> None:
        status, text = run(*self.ARGS)
        assert (status, text) == (2, "")
        err = capsys.readouterr().err
        assert (
            "taux inconnu — aucun taux légal des pénalités (BCE + 10 points) publié pour 2026-S2 "
            "dans les tables"
        ) in err
        assert "dunning penalty --assume-unchanged" in err

    def test_assume_unchanged_prints_the_breakdown_with_the_warning(self) -> None:
        status, text = run(*self.ARGS, "--assume-unchanged")
        assert status == 0
        assert "12,15\xa0%*" in text
        assert "Total : 61,64\xa0€ (provisoire" in text
        assert (
            "! avertissement : taux 2026-S2 non publié dans les tables : 12,15\xa0% supposé (C. com"
            in text
        )

    def test_assume_unchanged_json(self) -> None:
        data = json.loads(run(*self.ARGS, "--assume-unchanged", "--json")[1])
        assert data["provisional"] is True
        assert data["lines"][0]["provisional"] is True
        assert data["findings"][0]["severity"] == "warning"


class TestLettersAndAmounts:
    CASE = Case.open("F-9", "1000", date(2026, 9, 1), due_on=date(2026, 9, 30))
    ACME = Creditor(
        "ACME SAS", "1 rue de la Paix\n75002 Paris", iban="FR76 3000 6000 0112 3456 7890 189"
    )
    DAY = date(2026, 12, 4)

    def test_amounts_are_provisional_when_the_host_asks_for_today(self) -> None:
        book = default_rates().assuming_unchanged(through=self.DAY)
        owed = claim_amounts(self.CASE, french_default(), self.DAY, rates=book)
        assert owed.provisional
        assert owed.interest == Decimal("21.64")
        with pytest.raises(RateUnavailable):
            claim_amounts(self.CASE, french_default(), self.DAY)

    def test_a_letter_refuses_provisional_amounts(self) -> None:
        book = default_rates().assuming_unchanged(through=self.DAY)
        with pytest.raises(ProvisionalAmounts) as caught:
            render(
                LetterKind.FORMAL_NOTICE, self.CASE, creditor=self.ACME, today=self.DAY, rates=book
            )
        assert caught.value.periods == "2026-H2"
        assert "allow_provisional=True" in str(caught.value)
        assert isinstance(caught.value, ValueError)

    @pytest.mark.parametrize("locale", ["fr_FR", "en_GB"])
    def test_opted_in_the_letter_says_the_amounts_are_provisional(self, locale: str) -> None:
        book = default_rates().assuming_unchanged(through=self.DAY)
        letter = render(
            LetterKind.FORMAL_NOTICE,
            self.CASE,
            creditor=self.ACME,
            today=self.DAY,
            rates=book,
            locale=locale,
            allow_provisional=True,
        )
        words = "Montants provisoires" if locale == "fr_FR" else "Provisional amounts"
        assert words in letter.text
        assert ("2e semestre 2026" if locale == "fr_FR" else "2026-H2") in letter.text
        marked = [line for line in letter.text.splitlines() if line.endswith(" *")]
        assert len(marked) == 1
        assert "12,15" in marked[0] or "12.15" in marked[0]
        assert letter.amounts.provisional

    def test_exact_amounts_need_no_opt_in(self) -> None:
        case = Case.open("F-8", "1000", date(2026, 2, 1), due_on=date(2026, 3, 2))
        letter = render(LetterKind.FORMAL_NOTICE, case, creditor=self.ACME, today=date(2026, 6, 30))
        assert "provisoire" not in letter.text.lower()
