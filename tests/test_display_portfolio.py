"""The portfolio for people (``display._portfolio``): text, HTML tables, the report page and its
SVG charts speak French by default and English when asked, and show the same figures in both."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from datetime import date
from decimal import Decimal

import pytest

from dunning_core.display import _portfolio
from dunning_core.errors import InvalidArgument
from dunning_core.format import html_table
from dunning_core.machine import Case, DisputeOpened
from dunning_core.policy import french_default
from dunning_core.portfolio import PortfolioReport, portfolio_report
from dunning_core.portfolio_io import PortfolioPlan, plan_portfolio
from test_cli_locale import ENGLISH, FRENCH
from test_portfolio import POLICY, TODAY, _case, worked_example


def _report(day: date = date(2026, 8, 15)) -> PortfolioReport:
    disputed = _case(
        "L", "800", date(2026, 1, 5), date(2026, 2, 4), DisputeOpened(date(2026, 2, 20), "qualité")
    )
    late = _case("R", "500", date(2026, 1, 2), date(2026, 2, 1))
    # a rate the tables do not hold yet: "penalties not computed" line in both languages
    future = _case("Z", "900", date(2026, 5, 1), date(2026, 5, 31))
    return portfolio_report([*worked_example(), disputed, late, future], day, policy=POLICY)


def _words(text: str) -> set[str]:
    """The words a person reads in *text*: tags, the style sheet and invoice references aside."""
    text = re.sub(r"<style>.*?</style>", " ", text, flags=re.DOTALL)
    text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    return set(re.findall(r"[\w'-]+", text.lower()))


def _svg_texts(svg: str) -> list[str]:
    root = ET.fromstring(svg)
    return [t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text")]


class TestLanguages:
    @pytest.mark.parametrize(
        "render",
        [
            lambda r, loc: r.to_text(locale=loc),
            lambda r, loc: r.to_html(locale=loc),
            lambda r, loc: "".join(r.charts(locale=loc)),
        ],
        ids=["text", "page", "charts"],
    )
    @pytest.mark.parametrize("day", [TODAY, date(2026, 8, 15)])
    def test_french_holds_no_english_and_english_no_french(self, render: object, day: date) -> None:
        """On 31 March every penalty is priced; on 15 August the 2026-H2 rate is missing."""
        assert callable(render)
        report = _report(day)
        french = _words(render(report, "fr_FR"))
        english = _words(render(report, "en_GB"))
        assert set() == french & ENGLISH
        assert set() == english & FRENCH
        assert french & FRENCH
        assert english & ENGLISH

    def test_str_and_repr_html_are_french(self) -> None:
        report = _report()
        assert str(report) == report.to_text(locale="fr_FR")
        assert report._repr_html_() == _portfolio.report_html(report, locale="fr_FR")
        for section in (report.ageing, report.dso, report.cei, report.stages, report.penalties):
            assert str(section) == section.to_text()
            assert section._repr_html_() == section.to_html(locale="fr_FR")
            assert section.to_html(locale="en_GB") != section._repr_html_()

    def test_page_in_english(self) -> None:
        page = _report().to_html(locale="en_GB")
        assert '<html lang="en">' in page
        assert "<title>Portfolio report on 15 August 2026</title>" in page
        for heading in ("Ageing balance", "DSO", "CEI", "Amounts by stage", "Claimable penalties"):
            assert f"<h2>{heading}</h2>" in page
        assert "<p>9 invoices in EUR</p>" in page
        assert "Bands of lateness of C. com. art. D441-6." in page
        assert "<th>Days past due</th>" in page
        assert "of which disputed: 1 invoice" in page

    def test_page_in_french(self) -> None:
        page = _report().to_html()
        assert '<html lang="fr">' in page
        assert "<title>Rapport de portefeuille au 15 août 2026</title>" in page
        assert "<p>9 factures en EUR</p>" in page
        assert "<h2>Encours par étape</h2>" in page
        assert "<th>Tranche de retard</th>" in page

    def test_a_language_without_catalog_reads_french(self) -> None:
        """German sentences are French (no catalog); its amounts and dates are German."""
        page = _report(TODAY).to_html(locale="de_DE")
        assert '<html lang="fr">' in page
        assert "<h2>Balance âgée</h2>" in page
        assert "<title>Rapport de portefeuille au 31. März 2026</title>" in page

    def test_missing_rates_and_disputes_in_english(self) -> None:
        text = _report().to_text(locale="en_GB")
        assert "! Penalties not computed for 8 invoices: the statutory penalty" in text
        assert "of which disputed: 1 invoice" in text


class TestCharts:
    def test_titles_labels_and_axes_in_each_language(self) -> None:
        report = _report()
        ageing_fr, stages_fr = report.charts()
        ageing_en, stages_en = report.charts(locale="en_GB")
        assert "Balance âgée" == _svg_texts(ageing_fr)[0]
        assert "Ageing balance" == _svg_texts(ageing_en)[0]
        assert "Jours de retard après l'échéance (montants en EUR)" == _svg_texts(ageing_fr)[-1]
        assert "Days past the due date (amounts in EUR)" == _svg_texts(ageing_en)[-1]
        assert "Encours ouvert par étape, en EUR" == _svg_texts(stages_fr)[-1]
        assert "Open balance by stage, in EUR" == _svg_texts(stages_en)[-1]
        assert "91 jours et plus" in _svg_texts(ageing_fr)
        assert "91 days and more" in _svg_texts(ageing_en)
        assert "relance amiable" in _svg_texts(stages_fr)
        assert "amicable dunning" in _svg_texts(stages_en)

    def test_same_bars_in_every_language(self) -> None:
        """Only the words change: the geometry of the bars is the same."""
        report = _report()

        def geometry(svg: str) -> list[str]:
            return re.findall(r"<rect [^>]*?(?=fill)", svg)

        for french, english in zip(report.charts(), report.charts(locale="en_GB"), strict=True):
            assert geometry(french) == geometry(english)
            assert geometry(french)

    def test_amounts_follow_the_locale(self) -> None:
        ageing_fr, _ = _report(TODAY).charts()
        ageing_en, _ = _report(TODAY).charts(locale="en_GB")
        assert "3\u202f000,00\xa0€" in _svg_texts(ageing_fr)
        assert "€3,000.00" in _svg_texts(ageing_en)
        assert "<title>91 days and more: €" in ageing_en
        assert "<title>91 jours et plus : " in ageing_fr


class TestHtmlTableOverflow:
    @pytest.mark.parametrize(
        ("hidden", "french", "english"),
        [
            (1, "… et 1 autre ligne", "… and 1 more row"),
            (2, "… et 2 autres lignes", "… and 2 more rows"),
            (1500, "… et 1\u202f500 autres lignes", "… and 1,500 more rows"),
        ],
    )
    def test_left_out_rows(self, hidden: int, french: str, english: str) -> None:
        rows = [[n] for n in range(hidden + 1)]
        assert french in html_table(["n"], rows, max_rows=1)
        assert english in html_table(["n"], rows, max_rows=1, locale="en_GB")

    def test_bad_locale(self) -> None:
        with pytest.raises(InvalidArgument):
            html_table(["n"], [[1]], locale="")


def test_figures_are_the_same_in_both_languages() -> None:
    """The text tables hold the same amounts: 7 200 € open in the worked example."""
    report = portfolio_report(worked_example(), TODAY, policy=POLICY)
    assert Decimal("7200") == report.ageing.total
    assert "7\u202f200,00\xa0€" in report.ageing.to_text()
    assert "€7,200.00" in report.ageing.to_text(locale="en_GB")


def test_the_display_refuses_what_it_does_not_show() -> None:
    from dunning_core.errors import ArgumentTypeError

    with pytest.raises(ArgumentTypeError, match="an Ageing, DSO"):
        _portfolio.section_text(object())
    with pytest.raises(ArgumentTypeError, match="an Ageing, DSO"):
        _portfolio.section_html(_report())


class TestPlanTable:
    """A planned portfolio in a notebook: French by default, English with to_html(locale=)."""

    @staticmethod
    def _plan(count: int = 3) -> PortfolioPlan:

        cases = [
            Case.open(f"F-{i}", "1200.00", date(2026, 1, 15), due_on=date(2026, 2, 14))
            for i in range(count)
        ]
        later = Case.open("L-1", "5", date(2026, 4, 1), due_on=date(2026, 5, 1))
        return plan_portfolio([*cases, later], french_default(), date(2026, 3, 16))

    def test_in_each_language(self) -> None:
        plan = self._plan()
        french, english = plan._repr_html_(), plan.to_html(locale="en_GB")
        assert (
            "<caption>Plan du 16 mars 2026 : 3 dossiers, 3 actions dues, 1 erreur</caption>"
            in french
        )
        assert (
            "<caption>Plan for 16 March 2026: 3 cases, 3 actions due, 1 error</caption>" in english
        )
        assert "<th>Jours de retard</th>" in french
        assert "<th>Days late</th>" in english
        assert "<td>relance amiable</td>" in french
        assert "<td>amicable dunning</td>" in english
        assert set() == _words(french.replace("L-1 — ", "").split("<tfoot>")[0]) & ENGLISH
        assert set() == _words(english.split("<tfoot>")[0]) & FRENCH

    def test_long_plans_are_cut_in_english(self) -> None:
        english = self._plan(60).to_html(locale="en_GB")
        assert "… and 10 more rows" in english


@pytest.mark.parametrize("days", [1, 2])
def test_a_period_of_one_day_is_singular(days: int) -> None:
    """The period of the DSO and the CEI follows each language's plural (1 jour / 1 day)."""
    from dunning_core.portfolio import cei, dso

    cases = worked_example()
    shown = {
        locale: (
            dso(cases, TODAY, period_days=days).to_text(locale=locale),
            cei(cases, TODAY, period_days=days).to_text(locale=locale),
        )
        for locale in ("fr_FR", "en_GB")
    }
    (dso_fr, cei_fr), (dso_en, cei_en) = shown["fr_FR"], shown["en_GB"]
    if days == 1:
        assert "(ventes du dernier jour)" in dso_fr
        assert "Ventes nettes sur 1 jour " in dso_fr
        assert cei_fr.startswith("CEI sur 1 jour au ")
        assert "(sales of the last day)" in dso_en
        assert "Net sales over 1 day " in dso_en
        assert cei_en.startswith("CEI over 1 day on ")
    else:
        assert "(ventes des 2 derniers jours)" in dso_fr
        assert "Ventes nettes sur 2 jours" in dso_fr
        assert cei_fr.startswith("CEI sur 2 jours au ")
        assert "(sales of the last 2 days)" in dso_en
        assert cei_en.startswith("CEI over 2 days on ")
