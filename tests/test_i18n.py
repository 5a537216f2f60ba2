"""The message catalogs: complete in French and English, up to date with the code, compiled."""

from __future__ import annotations

import gettext as stdlib_gettext
import io
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from dunning_core import _i18n
from dunning_core._i18n import CATALOG_LOCALES, gettext, ngettext, pgettext, translations
from dunning_core.errors import ArgumentTypeError, InvalidArgument
from dunning_core.format import label
from dunning_core.interest import Payment, PenaltyBasis, PenaltyBreakdown, late_penalties
from dunning_core.law import Finding
from dunning_core.policy import Channel, Stage

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "dunning_core"
LOCALEDIR = PACKAGE / "locale"


def _po(locale: str) -> Catalog:
    with (LOCALEDIR / locale / "LC_MESSAGES" / "dunning_core.po").open("rb") as file:
        return read_po(file, locale=locale)


def _keys(catalog: Catalog) -> set[tuple[object, str | None]]:
    return {(m.id if isinstance(m.id, str) else tuple(m.id), m.context) for m in catalog if m.id}


def _extracted() -> set[tuple[object, str | None]]:
    """What ``make messages`` would extract from the code now (babel's API, same map)."""
    found = set()
    for _file, _line, message, _comments, context in extract_from_dir(
        str(PACKAGE), method_map=[("**.py", "python")], keywords=DEFAULT_KEYWORDS
    ):
        found.add((message if isinstance(message, str) else tuple(message), context))
    return found


def test_template_is_up_to_date_with_the_code() -> None:
    """Running the extraction finds exactly the messages of the committed template (else run
    ``make messages``)."""
    with (LOCALEDIR / "dunning_core.pot").open("rb") as file:
        template = read_po(file)
    extracted = _extracted()
    assert set() == extracted - _keys(template), "new sentences: run make messages"
    assert set() == _keys(template) - extracted, "sentences gone from the code: make messages"


@pytest.mark.parametrize("locale", CATALOG_LOCALES)
def test_catalog_is_complete(locale: str) -> None:
    """Every message of the template is translated, none fuzzy, none obsolete, and every
    placeholder of a message is in its translation."""
    with (LOCALEDIR / "dunning_core.pot").open("rb") as file:
        template = read_po(file)
    catalog = _po(locale)
    assert _keys(template) == _keys(catalog)
    assert {} == catalog.obsolete
    for message in catalog:
        if not message.id:
            continue
        assert not message.fuzzy, message.id
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings), f"{locale}: no translation of {message.id!r}"
        assert [] == list(message.check(catalog)), message.id


@pytest.mark.parametrize("locale", CATALOG_LOCALES)
def test_compiled_catalog_matches_its_po(locale: str) -> None:
    """The committed .mo holds exactly the .po's translations (else run ``make catalogs``)."""
    compiled = io.BytesIO()
    write_mo(compiled, _po(locale))
    compiled.seek(0)
    expected = stdlib_gettext.GNUTranslations(compiled)
    mo = LOCALEDIR / locale / "LC_MESSAGES" / "dunning_core.mo"
    with mo.open("rb") as file:
        shipped = stdlib_gettext.GNUTranslations(file)
    strip = {""}  # the header holds dates
    assert {k: v for k, v in expected._catalog.items() if k not in strip} == {  # type: ignore[attr-defined]
        k: v
        for k, v in shipped._catalog.items()  # type: ignore[attr-defined]
        if k not in strip
    }


def test_french_catalog_is_the_source() -> None:
    """French is the language of the code: the French catalog returns the sentence written
    there (unless a French correction was written in it on purpose)."""
    for message in _po("fr_FR"):
        if message.id and isinstance(message.id, str):
            assert message.id == message.string


def test_english_catalog_translates() -> None:
    """The English catalog is not a copy of the French (labels aside, such as "SMS")."""
    same = [m.id for m in _po("en_GB") if m.id and m.id == m.string]
    assert len(same) <= len(list(_po("en_GB"))) // 10, same


def test_english_writes_euros_the_english_way() -> None:
    """An amount in English puts the euro sign first, as babel's en_GB writes it (€40.00, the
    flat €40), never the French way (40 €); French quoted in English (« ... ») keeps its own."""
    french_way = re.compile(r"[0-9][0-9.,]*\s?€")
    found = []
    for message in _po("en_GB"):
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for text in strings:
            outside_quotes = re.sub(r"«[^»]*»", "", text)
            found.extend(french_way.findall(outside_quotes))
    assert [] == found


class TestLookup:
    def test_default_is_french(self) -> None:
        """Without a locale, French; any English locale reads the en_GB catalog."""
        assert "mise en demeure" == gettext("mise en demeure")
        assert "formal notice" == gettext("mise en demeure", locale="en_GB")
        assert "formal notice" == gettext("mise en demeure", locale="en_US")
        assert "formal notice" == gettext("mise en demeure", locale="en")

    def test_language_without_catalog_reads_french(self) -> None:
        """A locale babel knows but without a catalog reads the source language, French."""
        assert "mise en demeure" == gettext("mise en demeure", locale="de_DE")

    def test_unknown_message_is_itself(self) -> None:
        """A sentence missing from the catalogs shows as written (the test above catches it)."""
        assert "pas au catalogue" == gettext("pas au catalogue", locale="en_GB")

    @pytest.mark.parametrize(
        ("n", "french", "english"),
        [
            (0, "0 facture dans le fichier", "0 invoices in the file"),
            (1, "1 facture dans le fichier", "1 invoice in the file"),
            (2, "2 factures dans le fichier", "2 invoices in the file"),
        ],
    )
    def test_plural_rules_of_each_language(self, n: int, french: str, english: str) -> None:
        """French counts 0 as singular, English as plural (each catalog's Plural-Forms)."""
        one, many = "%(n)s facture dans le fichier", "%(n)s factures dans le fichier"
        assert french == ngettext(one, many, n) % {"n": n}
        assert english == ngettext(one, many, n, locale="en_GB") % {"n": n}

    def test_context(self) -> None:
        """The same words in another context are another message."""
        assert "; " == pgettext("list separator", " ; ", locale="en_GB")
        assert " ; " == pgettext("list separator", " ; ")

    def test_context_not_in_catalog(self) -> None:
        """A message in a context the catalog lacks shows as written."""
        assert "sans contexte" == pgettext("ctx", "sans contexte", locale="en_GB")

    def test_bad_locale(self) -> None:
        """A locale that is not a str, or that babel does not know, is refused."""
        with pytest.raises(ArgumentTypeError):
            gettext("oui", locale=None)  # type: ignore[arg-type]
        with pytest.raises(InvalidArgument):
            gettext("oui", locale="xx_NOPE")

    def test_translations_are_shared(self) -> None:
        """A catalog is loaded once per language and shared (immutable in practice)."""
        assert translations("en_GB") is translations("en_US")
        assert translations("fr_FR") is translations("de_DE")
        assert translations("fr_FR") is not translations("en_GB")

    def test_never_reads_the_environment(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """LANG and LC_* have no effect: the locale is a parameter."""
        for name in ("LANG", "LC_ALL", "LC_MESSAGES", "LANGUAGE"):
            monkeypatch.setenv(name, "en_GB.UTF-8")
        _i18n._load.cache_clear()
        assert "mise en demeure" == gettext("mise en demeure")


class TestLabels:
    @pytest.mark.parametrize("value", [*Stage, *Channel], ids=str)
    def test_every_label_in_both_languages(self, value: Stage | Channel) -> None:
        """Each stage and channel has a French label and an English one that differs."""
        french = label(value)
        english = label(value, locale="en_GB")
        assert french == value.label
        assert english
        assert english != french

    def test_not_an_enum(self) -> None:
        with pytest.raises(ArgumentTypeError):
            label("amicable")  # type: ignore[arg-type]


class TestBreakdownText:
    """str(breakdown) and its HTML in French, to_text/to_html in English: the labels and the
    findings that carry a sentence come from the catalogs."""

    @staticmethod
    def _breakdown() -> PenaltyBreakdown:
        # a contractual rate below 3 × the legal rate (a VIOLATION), and interest already paid
        return late_penalties(
            Decimal("10000"),
            date(2025, 3, 31),
            date(2025, 8, 15),
            basis=PenaltyBasis.contractual("2.625"),
            payments=[Payment(date(2025, 5, 15), "2000")],
        )

    def test_french(self) -> None:
        text = str(self._breakdown())
        assert text == self._breakdown().to_text(locale="fr_FR")
        assert "Du          Au" in text
        assert "! violation : le taux contractuel (2,625\xa0%) est inférieur à 3 fois" in text
        words = set(re.findall(r"[\w'-]+", text.lower()))
        assert set() == words & ENGLISH_WORDS

    def test_english(self) -> None:
        text = self._breakdown().to_text(locale="en_GB")
        assert text.startswith("Late-payment penalties: contractual rate of 2.625%")
        assert "! violation: the contractual rate (2.625%) is below 3 times" in text
        words = set(re.findall(r"[\w'-]+", text.lower()))
        assert set() == words & FRENCH_WORDS

    def test_html(self) -> None:
        french = self._breakdown()._repr_html_()
        english = self._breakdown().to_html(locale="en_GB")
        assert "<th>Du</th>" in french
        assert "<th>From</th>" in english
        assert "<caption>Late-payment penalties (" in english
        assert "is below 3 times the legal rate in 2025-S1" in english
        assert "est inférieur à 3 fois le taux légal en 2025-S1" in french

    def test_finding_keeps_its_message_and_equality(self) -> None:
        """The English message is still there, and the data fields take no part in equality."""
        (finding, *_) = self._breakdown().findings
        assert "is below 3 × the legal rate" in finding.message
        assert "rate_below_floor" == finding.code
        assert finding == Finding(finding.severity, finding.message, finding.article)
        assert finding.to_text() in str(self._breakdown())

    def test_str_of_a_finding_is_french(self) -> None:
        """A finding is shown like a reason: str() in French with its article (to_text), the
        developer's English in message; a finding of the host's own, without a sentence, shows
        its message."""
        from dunning_core.law import L441_10, L441_11, Severity
        from dunning_core.terms import PaymentTerms, check_terms

        (finding,) = check_terms(PaymentTerms.livestock(25))
        assert str(finding) == finding.to_text()
        assert str(finding) == (
            "violation : 25 jours dépassent le plafond de 20 jours du régime sectoriel "
            "(bétail sur pied) (C. com. art. L441-11)"
        )
        assert L441_11 == finding.article
        assert finding.message.startswith("25 days exceeds the 20-day cap")
        own = Finding(Severity.VIOLATION, "75 days exceeds the 60-day cap", L441_10)
        assert "violation : 75 days exceeds the 60-day cap (C. com. art. L441-10)" == str(own)
        (floor, *_) = self._breakdown().findings
        assert set() == set(re.findall(r"[\w'-]+", str(floor).lower())) & ENGLISH_WORDS


ENGLISH_WORDS = frozenset(
    ("the", "and", "of", "is", "to", "from", "interest", "rate", "days", "due", "below")
)
FRENCH_WORDS = frozenset(
    ("le", "la", "les", "des", "du", "et", "est", "au", "jours", "taux", "intérêts", "échéance")
)


# The modules where "fr_FR" may be written as code: the one default (``_i18n.DEFAULT_LOCALE``), the
# letters' table of languages, and the csv-fr file dialect (French whatever the reader's language).
_FR_FR_ALLOWED = frozenset({"_i18n.py", "letters/_templates.py", "portfolio_io.py"})


def _fr_fr_constants(path: Path) -> list[int]:
    """The lines of *path* where the string ``"fr_FR"`` is code (docstrings aside)."""
    import ast

    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and node.value == "fr_FR" and id(node) not in docstrings
    ]


def test_the_default_locale_is_written_once() -> None:
    """Every ``locale=`` default is ``DEFAULT_LOCALE``: no module spells "fr_FR" by itself."""
    found = {
        str(path.relative_to(PACKAGE)): lines
        for path in sorted(PACKAGE.rglob("*.py"))
        if str(path.relative_to(PACKAGE)) not in _FR_FR_ALLOWED
        and (lines := _fr_fr_constants(path))
    }
    assert {} == found


# --- what a new user reads: no English in French output, no French in English output -------------

# Words that give a sentence away (proper names of the sample, "Mairie de ...", hold none of them;
# "due" is French too: "1 action due").
_ENGLISH_SENTENCE = ENGLISH_WORDS - {"due"} | {
    "not", "got", "expected", "line", "column", "after", "before", "with", "practice", "no",
    "yes", "none", "an", "or", "by",
}  # fmt: skip
_FRENCH_SENTENCE = FRENCH_WORDS | {
    "ligne", "colonne", "pas", "une", "dossier", "montant", "pratique", "après", "avant",
    "oui", "non", "sur", "pour", "par", "aucune",
}  # fmt: skip


def _sentence_words(text: str) -> set[str]:
    return set(re.findall(r"[\w'-]+", re.sub(r"<[^>]+>", " ", text).lower()))


def _cli(*argv: str) -> str:
    from dunning_core import cli

    out = io.StringIO()
    assert 0 == cli.main(list(argv), out=out, environ={})
    return out.getvalue()


_SMALL_PORTFOLIO = (
    "invoice,record,date,amount,due_on,segment,debtor,channel,step,detail\n"
    "F-1,invoice,2026-01-15,500.00,2026-02-14,,Cave Roux,,,\n"
    "F-2,invoice,2026-01-15,9000.00,2026-02-14,,Garage Colin,,,\n"
    "F-2,contact_made,2026-02-19,,,,,email,reminder_email_1,\n"
    "F-2,dispute_opened,2026-02-20,,,,,,,\n"
    "F-3,invoice,2026-01-15,800.00,2026-02-14,,,,,\n"
    "F-3,payment_received,2026-02-30,800.00,,,,,,\n"
    "F-4,invoice,2026-01-15,800.00,2026-02-14,,,,,\n"
    "F-4,contact_made,2026-02-20,,,,,fax,,\n"
)
_COMMANDS: dict[str, tuple[str, ...]] = {
    "demo": ("demo",),
    "plan": ("plan", "{file}", "--today", "2026-03-16"),
    "report": ("report", "{file}", "--today", "2026-03-16"),
    "penalty": (
        "penalty", "10000", "--due", "2025-03-31", "--paid", "2025-08-15", "--basis",
        "contractual:2.625", "--payment", "2025-05-15:2000",
    ),
    "penalty-consumer": (
        "penalty", "1000", "--due", "2025-01-31", "--paid", "2025-06-30", "--consumer",
        "--notice", "2025-03-01",
    ),
    "due-date": ("due-date", "--issued", "2026-01-15", "75 jours"),
    "rates": ("rates",),
}  # fmt: skip


@pytest.mark.parametrize("command", sorted(_COMMANDS))
def test_cli_output_speaks_one_language(command: str, tmp_path: Path) -> None:
    """demo, plan, report (with malformed rows), penalty, due-date and rates: the French output
    holds no English sentence, the English output no French one (a word list)."""
    path = tmp_path / "p.csv"
    path.write_text(_SMALL_PORTFOLIO, encoding="utf-8")
    argv = [part.format(file=path) for part in _COMMANDS[command]]
    french, english = _cli(*argv), _cli(*argv, "--locale", "en_GB")
    assert french != english
    assert set() == _sentence_words(french) & _ENGLISH_SENTENCE
    assert set() == _sentence_words(english) & _FRENCH_SENTENCE


def test_values_speak_one_language() -> None:
    """describe() of every step and event of a case, reasons, findings, checklists, the plan and
    the report: French by default, English with en_GB (practice is « pratique » / "practice")."""
    from dunning_core.format import describe
    from dunning_core.machine import (
        Case,
        ContactMade,
        Delivery,
        FormalNoticeDelivered,
        FormalNoticeSent,
        apply,
        claim_checklist,
        next_actions,
    )
    from dunning_core.policy import french_default
    from dunning_core.portfolio import portfolio_report
    from dunning_core.portfolio_io import (
        SAMPLE_DATE,
        plan_portfolio,
        read_portfolio,
        sample_portfolio_text,
    )
    from dunning_core.terms import PaymentTerms, check_terms

    policy = french_default()
    case = Case.open("F-1", "8000", date(2025, 3, 1), due_on=date(2025, 3, 31))
    for event in (
        ContactMade(date(2025, 4, 5), Channel.EMAIL, "reminder_email_1"),
        FormalNoticeSent(date(2025, 5, 15), step="formal_notice"),
        FormalNoticeDelivered(date(2025, 5, 17), Delivery.RECEIVED),
    ):
        case = apply(case, event, policy)
    (action,) = next_actions(case, policy, date(2025, 7, 1))
    sample = read_portfolio(sample_portfolio_text())
    texts: dict[str, list[str]] = {"fr_FR": [], "en_GB": []}
    for locale, out in texts.items():
        out += [describe(step, locale=locale) for step in policy.steps]
        out += [describe(event, locale=locale) for event in case.events]
        out += [action.text(locale=locale), action.to_html(locale=locale)]
        out += [item.text(locale) for item in claim_checklist(case, date(2025, 7, 1), policy)]
        out += [f.to_text(locale=locale) for f in check_terms(PaymentTerms.livestock(25))]
        out += [error.text(locale) for error in sample.errors]
        out.append(plan_portfolio(sample.cases[:60], policy, SAMPLE_DATE).to_html(locale=locale))
        out.append(portfolio_report(sample.cases, SAMPLE_DATE).to_text(locale=locale))
    french, english = "\n".join(texts["fr_FR"]), "\n".join(texts["en_GB"])
    assert "article : pratique" in french
    assert "article: practice" in english
    assert set() == _sentence_words(french) & _ENGLISH_SENTENCE
    assert set() == _sentence_words(english) & _FRENCH_SENTENCE
