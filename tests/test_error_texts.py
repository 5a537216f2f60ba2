"""The command line's error lines in the reader's language (``display/_errors.py``): drawn from
the error's data (its ``code`` and ``params``, or its attributes), never the developer's English
message, in French by default and in English with ``--locale en_GB``."""

from __future__ import annotations

import io
import pickle
import re
from datetime import date
from pathlib import Path

import pytest

from dunning_core import cli
from dunning_core.calendar import parse_date
from dunning_core.display._errors import ERROR_SENTENCES, error_sentence, error_text
from dunning_core.errors import (
    CurrencyMismatch,
    InvalidArgument,
    InvalidDate,
    ProvisionalAmounts,
    RateTableError,
    RateUnavailable,
)
from dunning_core.rates import RatePeriod, RateTable

SOURCE = Path(__file__).parent.parent / "src" / "dunning_core"

# Words that give a sentence away in the other language (the examples of payment terms are
# French in every language: « 30 jours »...; the article cited is "C. civ. 1231-6").
ENGLISH = frozenset(
    ("the", "is", "not", "of", "and", "an", "must", "got", "expected", "write", "line",
     "file", "rate", "accepted", "such", "one", "with", "only", "empty")
)  # fmt: skip
FRENCH = frozenset(
    ("le", "la", "les", "est", "pas", "une", "un", "du", "des", "ligne", "fichier", "taux",
     "montant", "écrivez", "écrivez-la", "écrivez-le", "comme", "avec", "valeur", "acceptée",
     "vide", "donnez", "inconnu")
)  # fmt: skip


def _words(text: str) -> set[str]:
    text = re.sub(r"«[^»]*»", " ", text)  # the reader's own input and French examples
    text = re.sub(r"'[^']*'", " ", text)
    text = re.sub(r"\b[A-Z_]{2,}\b", " ", text)  # placeholders: DATE:AMOUNT, contractual:RATE
    return set(re.findall(r"[^\W\d_][\w'-]*", text.lower()))


def _error_line(*argv: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    semicolons = tmp_path / "fr.csv"
    semicolons.write_text("invoice;record;date;amount\n")
    unknown = tmp_path / "unknown.csv"
    unknown.write_text("invoice,record,date,colour\n")
    header_only = tmp_path / "header.csv"
    header_only.write_text("invoice,record,date\n")
    files = {"empty": empty, "semicolons": semicolons, "unknown": unknown, "header": header_only}
    args = [a.format(**files) for a in argv]
    assert 2 == cli.main(args, out=io.StringIO(), environ={})
    err = capsys.readouterr().err
    assert 1 == err.count("\n")
    return err


CASES = {
    "not_a_date": (
        ("plan", "{empty}", "--today", "2026-1-15"),
        "date invalide — « 2026-1-15 » n'est pas une date ; écrivez-la comme 2026-01-31",
        "invalid date — '2026-1-15' is not a date; write it as 2026-01-31",
    ),
    "not_a_calendar_date": (
        ("penalty", "100", "--due", "2025-02-30", "--paid", "2025-08-15"),
        "date invalide — le 2025-02-30 n'existe pas dans le calendrier",
        "invalid date — 2025-02-30 is not a day of the calendar",
    ),
    "french_date": (
        ("penalty", "100", "--due", "31/03/2025", "--paid", "2025-08-15"),
        "date invalide — « 31/03/2025 » est une date à la française ; écrivez-la comme 2026-01-31",
        "invalid date — '31/03/2025' is a French date; write it as 2026-01-31",
    ),
    "not_an_amount": (
        ("penalty", "12,50", "--due", "2025-03-31", "--paid", "2025-08-15"),
        ("montant invalide — « 12,50 » n'est pas un montant ; écrivez-le en chiffres avec un "
        "point décimal, comme 1250.00"),
        ("invalid amount — '12,50' is not an amount; write it in digits with a decimal point, "
        "like 1250.00"),
    ),
    "negative_amount": (
        ("penalty", "100", "--due", "2025-03-31", "--paid", "2025-08-15", "--payment",
         "2025-04-01:-5"),
        "montant invalide — -5 : un montant ne peut pas être négatif",
        "invalid amount — -5: an amount cannot be negative",
    ),
    "not_more_than_zero": (
        ("penalty", "0", "--due", "2025-03-31", "--paid", "2025-08-15"),
        "montant invalide — principal : 0, un montant doit être supérieur à zéro",
        "invalid amount — principal: 0, an amount must be more than zero",
    ),
    "not_a_currency": (
        ("penalty", "100", "--due", "2025-03-31", "--paid", "2025-08-15", "--currency", "eur"),
        "« eur » n'est pas un code de devise ISO 4217 en majuscules, tel que EUR",
        "'eur' is not an upper-case ISO 4217 currency code, such as EUR",
    ),
    "unknown_terms_words": (
        ("due-date", "45 jours fin de moi", "--issued", "2025-01-15"),
        ("conditions de paiement invalides — « 45 jours fin de moi » : conditions de paiement "
        "illisibles, mots inconnus : moi ; "),
        ("invalid payment terms — '45 jours fin de moi': payment terms that cannot be read, "
        "unknown words: moi; "),
    ),
    "payment_after_paid_on": (
        ("penalty", "100", "--due", "2025-03-31", "--paid", "2025-08-15", "--payment",
         "2025-09-01:50"),
        ("paiement invalide — un paiement du 1er septembre 2025, après le jour du calcul "
        "(15 août 2025), ne peut pas être imputé"),
        ("invalid payment — a payment dated 1 September 2025, after the day of the computation "
        "(15 August 2025), cannot be applied"),
    ),
    "payment_over_owed": (
        ("penalty", "100", "--due", "2025-03-31", "--paid", "2025-08-15", "--payment",
         "2025-04-01:500"),
        ("un paiement de 500,00\xa0€ dépasse ce qui est dû à la fin du 1er avril 2025, "
        "100,04\xa0€ (100,00\xa0€ de principal et 0,04\xa0€ d'intérêts courus)"),
        ("a payment of €500.00 exceeds what is owed at the end of 1 April 2025, €100.04 "
        "(€100.00 of principal and €0.04 of accrued interest)"),
    ),
    "out_of_range": (
        ("due-date", "400 jours", "--issued", "2025-01-15"),
        "conditions de paiement invalides — nombre de jours : 400, il faut un entier de 0 à 365",
        "invalid payment terms — number of days: 400, an integer from 0 to 365 is needed",
    ),
    "negative_terms": (
        ("due-date", "-30 jours", "--issued", "2025-01-15"),
        ("« -30 jours » : un signe moins devant un nombre ; les délais de paiement comptent les "
        "jours en avant"),
        "'-30 jours': a minus sign before a number; payment terms count days forward",
    ),
    "statutory_before_2009": (
        ("penalty", "100", "--due", "2007-03-31", "--paid", "2008-03-01"),
        ("taux inconnu — le taux légal de retard, BCE + 10 points, s'applique depuis le 1er "
        "janvier 2009"),
        ("unknown rate — the statutory late-payment rate, ECB + 10 points, applies from 1 "
        "January 2009"),
    ),
    "not_one_of": (
        ("penalty", "100", "--due", "2025-03-31", "--paid", "2025-08-15", "--basis", "weekly"),
        "argument invalide — --basis : « weekly » n'est pas une valeur acceptée (statutory, ",
        "invalid argument — --basis: 'weekly' is not an accepted value (statutory, ",
    ),
    "unknown_locale": (
        ("rates", "--locale", "xx"),
        "argument invalide — locale : « xx » n'est pas une langue connue ; écrivez fr_FR ou en_GB",
        None,  # an unknown --locale is reported in French, the language it could not choose
    ),
    "payment_spelling": (
        ("penalty", "100", "--due", "2025-03-31", "--paid", "2025-08-15", "--payment", "5"),
        "argument invalide — --payment : « 5 » ; écrivez DATE:MONTANT, comme 2026-03-01:500.00",
        "invalid argument — --payment: '5'; write DATE:AMOUNT, like 2026-03-01:500.00",
    ),
    "notice_without_consumer": (
        ("penalty", "100", "--due", "2025-03-31", "--paid", "2025-08-15", "--notice",
         "2025-04-02"),
        "argument invalide — --notice ne va qu'avec --consumer",
        "invalid argument — --notice goes with --consumer only",
    ),
    "consumer_without_notice": (
        ("penalty", "100", "--due", "2025-03-31", "--paid", "2025-08-15", "--consumer"),
        "argument invalide — avec --consumer, donnez --notice AAAA-MM-JJ",
        "invalid argument — with --consumer, give --notice YYYY-MM-DD",
    ),
    "terms_character": (
        ("due-date", "30 jours\x07", "--issued", "2026-01-10"),
        ("conditions de paiement invalides — le caractère U+0007, position 8, n'est pas compris "
        "dans des conditions de paiement"),
        ("invalid payment terms — the character U+0007, position 8, is not understood in payment "
        "terms"),
    ),
    "terms_too_long": (
        ("due-date", "30 jours " + "x" * 300, "--issued", "2026-01-10"),
        ("conditions de paiement invalides — des conditions de paiement de 309 caractères, au "
        "plus 200"),
        "invalid payment terms — payment terms of 309 characters, 200 at most",
    ),
    "too_many_decimals": (
        ("penalty", "100.123", "--due", "2025-03-31", "--paid", "2025-08-15"),
        ("montant invalide — principal : 100,123 a trop de décimales, un montant en EUR en a au "
        "plus 2 ; arrondissez-le"),
        ("invalid amount — principal: 100.123 has too many decimals, an amount in EUR has 2 at "
        "most; round it"),
    ),
    "too_many_decimals of a payment": (
        ("penalty", "100", "--due", "2025-03-31", "--paid", "2025-08-15", "--payment",
         "2025-04-01:1.234"),
        ("montant invalide — paiement : 1,234 a trop de décimales, un montant en EUR en a au "
        "plus 2"),  # it read « a payment : 1,234 »
        "invalid amount — payment: 1.234 has too many decimals, an amount in EUR has 2 at most",
    ),
    "too_many_decimals of the recovery costs": (
        ("penalty", "100", "--due", "2025-03-31", "--paid", "2025-08-15", "--recovery-costs",
         "50.001"),
        ("montant invalide — frais de recouvrement : 50,001 a trop de décimales"),  # « costs : »
        "invalid amount — recovery costs: 50.001 has too many decimals",
    ),
    "out_of_range of the day of the month": (
        ("due-date", "30 jours fin de mois le 32", "--issued", "2026-01-15"),
        "conditions de paiement invalides — jour du mois : 32, il faut un entier de 1 à 31",
        "invalid payment terms — day of the month: 32, an integer from 1 to 31 is needed",
    ),
    "a payment of zero": (
        ("penalty", "100", "--due", "2025-03-31", "--paid", "2025-08-15", "--payment",
         "2025-04-01:0"),
        "montant invalide — paiement : 0, un montant doit être supérieur à zéro",
        "invalid amount — payment: 0, an amount must be more than zero",
    ),
    "a report period of 0 days": (
        ("report", "{header}", "--today", "2026-03-16", "--period-days", "0"),
        "argument invalide — période en jours : 0, il faut un entier de 1 à 3\u202f660",
        "invalid argument — period in days: 0, an integer from 1 to 3,660",
    ),
    "indemnity_in_eur": (
        ("penalty", "100", "--due", "2025-03-31", "--paid", "2025-08-15",
         "--indemnity-in-currency", "40"),
        "argument invalide — indemnité dans la devise : rien pour une facture en EUR",
        "invalid argument — indemnity in the currency: nothing for an invoice in EUR",
    ),
    "received_before_issued": (
        ("due-date", "30 jours", "--issued", "2026-01-10", "--received", "2026-01-01"),
        ("date invalide — une demande de paiement reçue le 1er janvier 2026, avant son émission "
        "le 10 janvier 2026"),
        ("invalid date — a payment request received on 1 January 2026, before it was issued on "
        "10 January 2026"),
    ),
    "due_after_last_day": (
        ("due-date", "60 jours", "--issued", "9999-12-20"),
        ("date invalide — sous « 60 jours date de facture », une facture du 20 décembre 9999 "
        "serait due après le 31 décembre 9999, le dernier jour que le calendrier sait écrire"),
        ("invalid date — under '60 days from the invoice date', an invoice of 20 December 9999 "
        "would fall due after 31 December 9999, the last day the calendar can write"),
    ),
    "due_after_last_day at the end of a month": (
        ("due-date", "30 jours fin de mois le 10", "--issued", "9999-11-15"),
        "sous « 30 jours fin de mois le 10 », une facture du 15 novembre 9999 serait due après",
        "under '30 days end of month, on day 10', an invoice of 15 November 9999 would fall due",
    ),
    "public_buyer_unnamed": (
        ("due-date", "30 jours après réception de la demande de paiement", "--issued",
         "2026-01-15"),
        ("conditions de paiement invalides — « 30 jours après réception de la demande de "
        "paiement » : nommez l'acheteur public qui reçoit la demande de paiement, après le délai : "
        "« (État, collectivités) », « (santé) », « (entreprise publique) »"),
        ("invalid payment terms — '30 jours après réception de la demande de paiement': name the "
        "public buyer that receives the payment request, after the term: « (État, collectivités) "
        "», « (santé) », « (entreprise publique) »"),
    ),
    "amount_too_large": (
        ("penalty", "99999999999999999999999999", "--due", "2025-03-31", "--paid", "2025-08-15"),
        ("montant invalide — 99\u202f999\u202f999\u202f999\u202f999\u202f999\u202f999\u202f999"
        "\u202f999 dépasse le plus grand montant accepté, 1\u202f000\u202f000\u202f000\u202f000"
        "\u202f000"),
        ("invalid amount — 99,999,999,999,999,999,999,999,999 exceeds the largest amount accepted, "
        "1,000,000,000,000,000"),
    ),
    "out_of_range of a number with more digits than the decimal context": (
        ("due-date", "1" + "0" * 40 + " jours", "--issued", "2025-01-15"),
        "conditions de paiement invalides — nombre de jours : 10\u202f000\u202f000\u202f000",
        "invalid payment terms — number of days: 10,000,000,000,",
    ),
    "delivery_required": (
        ("due-date", "30 jours après la fin du mois de livraison", "--issued", "2026-01-10"),
        "date invalide — ces conditions de paiement courent de la livraison des biens",
        "invalid date — these payment terms run from the delivery of the goods",
    ),
    "empty_file": (
        ("plan", "{empty}", "--today", "2026-03-16"),
        ("fichier de portefeuille invalide — ligne 1 : le fichier est vide ; la première ligne "
        "nomme les colonnes"),
        "invalid portfolio file — line 1: the file is empty; the first line names the columns",
    ),
    "wrong_separator": (
        ("plan", "{semicolons}", "--today", "2026-03-16"),
        ("ligne 1 : l'en-tête est séparé par « ; » ; lisez le fichier au format csv-fr "
        "(--format csv-fr)"),
        "line 1: the header is separated by ';'; read the file as csv-fr (--format csv-fr)",
    ),
    "unknown_columns": (
        ("plan", "{unknown}", "--today", "2026-03-16"),
        "ligne 1 : colonnes inconnues : colour ; les colonnes sont invoice, record, date, ",
        "line 1: unknown columns: colour; the columns are invoice, record, date, ",
    ),
}  # fmt: skip


@pytest.mark.parametrize("code", sorted(CASES))
def test_cli_error_line_in_each_language(
    code: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The line names the kind of error and what was wrong, from the error's data; the French
    line holds no English sentence, the English line no French one."""
    argv, french, english = CASES[code]
    err = _error_line(*argv, tmp_path=tmp_path, capsys=capsys)
    assert err.startswith(f"dunning {argv[0]}: ")
    assert french in err
    assert "détail" not in err
    assert set() == _words(err.partition(": ")[2]) & ENGLISH, err
    if english is not None:
        err = _error_line(*argv, "--locale", "en_GB", tmp_path=tmp_path, capsys=capsys)
        assert english in err
        assert set() == _words(err.partition(": ")[2]) & FRENCH, err


def test_every_sentence_has_a_raiser() -> None:
    """Each code of the sentences is written where an error is raised (no dead sentence)."""
    text = "".join(path.read_text(encoding="utf-8") for path in SOURCE.rglob("*.py"))
    text = text.replace((SOURCE / "display" / "_errors.py").read_text(encoding="utf-8"), "")
    assert {code for code in ERROR_SENTENCES if f'"{code}"' not in text} == set()


@pytest.mark.parametrize("code", sorted(ERROR_SENTENCES))
def test_every_sentence_in_both_languages(code: str) -> None:
    """Every sentence renders in French and in English with the same placeholders."""
    names = set(re.findall(r"%\((\w+)\)s", ERROR_SENTENCES[code]))
    params = {name: f"<{name}>" for name in names}
    french = error_sentence(code, params)
    english = error_sentence(code, params, locale="en_GB")
    assert french is not None
    assert english is not None
    assert french != english
    for name in names:
        assert f"<{name}>" in french
        assert f"<{name}>" in english


def test_half_year_in_each_language() -> None:
    error = RateUnavailable("ECB_MRO", "2031-H1", "record the ECB decision")
    assert "pour 2031-S1 dans les tables" in error_text(error)
    assert "for 2031-S1 in the rate tables" in error_text(error, locale="en_GB")
    assert "2031-S1, 2031-S2 reposent" in error_text(ProvisionalAmounts("2031-H1, 2031-H2"))


def test_a_rate_series_in_words() -> None:
    """A missing rate names its table as a credit manager does, never by its series code; a
    series of the user's own shows as it is named."""
    from dunning_core.rates import default_rates

    error = RateUnavailable("STATUTORY", "2031-H1", "record the ECB decision")
    assert "aucun taux légal des pénalités (BCE + 10 points) publié pour 2031-S1" in (
        error_text(error)
    )
    english = error_text(error, locale="en_GB")
    assert "no statutory penalty (ECB + 10 points) rate published for 2031-S1" in english
    before = default_rates().legal_other.unavailable(date(1990, 3, 1))
    assert "aucun taux d'intérêt légal (autres cas) n'est livré pour 1990-S1" in error_text(before)
    assert "legal interest (other creditors)" in error_text(before, locale="en_GB")
    for text in (error_text(error), english, error_text(before)):
        assert "STATUTORY" not in text, text
        assert "LEGAL_OTHER" not in text, text
    own = RateUnavailable("MY_RATES", "2031-H1", "add it")
    assert "aucun taux MY_RATES publié pour 2031-S1" in error_text(own)


def test_errors_drawn_from_their_attributes() -> None:
    assert "devises différentes — des montants en EUR et en USD ne s'additionnent pas" in (
        error_text(CurrencyMismatch("EUR", "USD"))
    )
    assert "amounts in EUR and in USD do not add up" in error_text(
        CurrencyMismatch("EUR", "USD"), locale="en_GB"
    )


def test_an_error_without_a_code_keeps_the_detail() -> None:
    """An error without a code (a made-up one): its kind and data in words, then the English
    detail."""
    error = RateTableError("ECB_MRO", "rates overlap", 3)
    assert "table de taux invalide (ECB_MRO) — détail : rate table 'ECB_MRO' at 3: " in (
        error_text(error)
    )


def test_the_code_survives_pickling() -> None:
    with pytest.raises(InvalidDate) as caught:
        parse_date("2026-02-30")
    error = pickle.loads(pickle.dumps(caught.value))
    assert ("not_a_calendar_date", (("example", "2026-01-31"),)) == (error.code, error.params)
    assert error_text(error) == error_text(caught.value)


RATE_FILES = {
    "implausible_rate": (
        "LEGAL_OTHER,2026-07-01,250,arrêté",
        (
            "ligne 2, LEGAL_OTHER : un taux de 250,00\xa0% est hors de la plage plausible, de "
            "0,00\xa0% à 30,00\xa0% : vérifiez la ligne"
        ),
        "line 2, LEGAL_OTHER: a rate of 250.00% is outside the plausible band, 0.00% to 30.00%",
    ),
    "not_next_half_year": (
        "LEGAL_OTHER,2027-01-01,2.50,arrêté",
        (
            "ligne 2, LEGAL_OTHER : le semestre suivant commence le 1er juillet 2026, pas le "
            "1er janvier 2027"
        ),
        "line 2, LEGAL_OTHER: the next half-year starts on 1 July 2026, not on 1 January 2027",
    ),
    "not_a_calendar_date": (
        "LEGAL_OTHER,2026-02-30,2.50,arrêté",
        "ligne 2, LEGAL_OTHER : le 2026-02-30 n'existe pas dans le calendrier",
        "line 2, LEGAL_OTHER: 2026-02-30 is not a day of the calendar",
    ),
    "not_one_of": (
        "LEGAL,2026-07-01,2.50,arrêté",
        (
            "ligne 2, LEGAL : series : « LEGAL » n'est pas une valeur acceptée (ECB_MRO, "
            "LEGAL_CONSUMER, LEGAL_OTHER)"
        ),
        (
            "line 2, LEGAL: series: 'LEGAL' is not an accepted value (ECB_MRO, LEGAL_CONSUMER, "
            "LEGAL_OTHER)"
        ),
    ),
    "decision_out_of_order": (
        "ECB_MRO,2025-01-01,2.00,BCE",
        (
            "ligne 2, ECB_MRO : une décision en vigueur le 1er janvier 2025 ne suit pas le "
            "dernier jour connu de la table, le 19 mars 2026 : les décisions vont dans l'ordre "
            "des dates"
        ),
        (
            "line 2, ECB_MRO: a decision in force from 1 January 2025 does not follow the "
            "table's last known day, 19 March 2026: decisions go in date order"
        ),
    ),
    "known_until_before_decision": (
        "ECB_MRO,2026-06-17,2.40,BCE,2026-06-01",
        "ligne 2, ECB_MRO : known_until, le 1er juin 2026, précède la décision du 17 juin 2026",
        "line 2, ECB_MRO: known_until, 1 June 2026, is before the decision of 17 June 2026",
    ),
    "known_until_too_far": (
        "ECB_MRO,2026-06-17,2.40,BCE,2030-06-01",
        (
            "ligne 2, ECB_MRO : known_until, le 1er juin 2030, vient 1\u202f445 jours après la "
            "décision du 17 juin 2026 : un taux est connu jusqu'à la décision suivante au plus, "
            "366 jours"
        ),
        (
            "line 2, ECB_MRO: known_until, 1 June 2030, comes 1,445 days after the decision of "
            "17 June 2026: a rate is known until the next decision at most, 366 days"
        ),
    ),
    "empty_source": (
        "LEGAL_OTHER,2026-07-01,2.50, ",
        "ligne 2, LEGAL_OTHER : source : vide ; chaque taux nomme sa source",
        "line 2, LEGAL_OTHER: source: empty; every rate names its source",
    ),
    "unbalanced_quotes": (
        'LEGAL_OTHER,2026-07-01,2.50,"arrêté',
        "ligne 2 : des guillemets ouverts ne se ferment pas sur leur ligne",
        "line 2: an opening quote is not closed on its line",
    ),
    "malformed_csv": (
        'LEGAL_OTHER,2026-07-01,2.50,"arrêté"x',
        "ligne 2 : ligne CSV mal formée (guillemets, caractère nul ou cellule trop longue)",
        "line 2: a malformed CSV line (quotes, a null character or a cell too long)",
    ),
    "beyond_header": (
        "LEGAL_OTHER,2026-07-01,2.50,arrêté,,surplus",
        "ligne 2 : des valeurs au-delà des colonnes de l'en-tête : , surplus",
        "line 2: values beyond the header's columns: , surplus",
    ),
}


@pytest.mark.parametrize("code", sorted(RATE_FILES))
def test_rate_file_errors_in_each_language(
    code: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A bad line of a --rates file: the file, the line, the series, then what was wrong."""
    row, french, english = RATE_FILES[code]
    path = tmp_path / "rates.csv"
    header = "series,date,rate,source" + (",known_until" if row.count(",") == 4 else "")
    path.write_text(f"{header}\n{row}\n", encoding="utf-8")
    err = _error_line("rates", "--rates", str(path), tmp_path=tmp_path, capsys=capsys)
    assert err.startswith(f"dunning rates: table de taux invalide — {path}, ")
    assert french in err
    assert "détail" not in err
    assert "rates file" not in err
    assert set() == _words(err.replace(str(path), "").partition(": ")[2]) & ENGLISH, err
    err = _error_line("rates", "--rates", str(path), "--locale", "en_GB", tmp_path=tmp_path,
                      capsys=capsys)  # fmt: skip
    assert err.startswith(f"dunning rates: invalid rate table — {path}, ")
    assert english in err
    assert set() == _words(err.replace(str(path), "").partition(": ")[2]) & FRENCH, err


@pytest.mark.parametrize(
    ("periods", "french", "english"),
    [
        (
            (("2026-01-01", "2026-06-30"), ("2026-06-01", "2026-12-31")),
            (
                "une période commence le 1er juin 2026 et chevauche la précédente, qui finit le "
                "30 juin 2026"
            ),
            (
                "a period starts on 1 June 2026 and overlaps the previous one, which ends on "
                "30 June 2026"
            ),
        ),
        (
            (("2026-01-01", "2026-06-30"), ("2026-08-01", "2026-12-31")),
            (
                "un trou entre le 30 juin 2026 et le 1er août 2026 : chaque période commence le "
                "lendemain de la fin de la précédente"
            ),
            (
                "a gap between 30 June 2026 and 1 August 2026: each period starts the day after the "
                "previous one ends"
            ),
        ),
        (
            (("2026-07-01", "2026-12-31"), ("2026-01-01", "2026-06-30")),
            (
                "une période commence le 1er janvier 2026, avant la précédente (le 1er juillet "
                "2026) : les périodes vont dans l'ordre de leur début"
            ),
            (
                "a period starts on 1 January 2026, before the previous one (1 July 2026): periods "
                "go in the order of their start"
            ),
        ),
    ],
)
def test_rate_periods_that_overlap_leave_a_gap_or_go_backwards(
    periods: tuple[tuple[str, str], ...], french: str, english: str
) -> None:
    """A table's periods out of order (a library table: the CLI's rate file adds its rows in
    order, so it cannot build one), said from the error's data in each language."""
    rows = [RatePeriod(date.fromisoformat(a), date.fromisoformat(b), "2", "x") for a, b in periods]
    with pytest.raises(RateTableError) as caught:
        RateTable("DEMO", rows)
    assert f"table de taux invalide — DEMO : {french}" == error_text(caught.value)
    assert f"invalid rate table — DEMO: {english}" == error_text(caught.value, locale="en_GB")


def test_a_file_wide_rate_error_does_not_name_a_placeholder_series() -> None:
    """An error before any series is read names no series (not the English "rates file")."""
    error = RateTableError("rates file", "rates overlap", "line 1", code="unbalanced_quotes")
    assert error_text(error).startswith("table de taux invalide — ligne 1 : des guillemets")
    error = RateTableError("rates file", "rates overlap")
    assert "table de taux invalide — détail : " in error_text(error)


def test_a_bounded_number_says_its_bounds() -> None:
    """Every ``int_between`` check gives its error the code ``out_of_range``, whatever its
    class (a policy's offset, the day of an end-of-month term...)."""
    from dunning_core.errors import PolicyError
    from dunning_core.policy import Channel, Stage, Step

    with pytest.raises(PolicyError) as caught:
        Step("r", Stage.AMICABLE, Channel.EMAIL, 10_000)
    assert "out_of_range" == caught.value.code
    assert error_text(caught.value) == (
        "politique invalide — offset : 10\u202f000, il faut un entier de -3\u202f650 à 3\u202f650"
    )
    assert error_text(caught.value, locale="en_GB") == (
        "invalid policy — offset: 10,000, an integer from -3,650 to 3,650 is needed"
    )


def test_a_basis_parameter_that_is_none_of_its_values(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """legal:foo names the spellings of --basis; contractual:x says the rate is no amount."""
    base = ("penalty", "100", "--due", "2025-03-31", "--paid", "2025-08-15", "--basis")
    err = _error_line(*base, "legal:foo", tmp_path=tmp_path, capsys=capsys)
    assert "argument invalide — --basis : « legal:foo » n'est pas une valeur acceptée (" in err
    err = _error_line(*base, "contractual:x", tmp_path=tmp_path, capsys=capsys)
    assert "montant invalide — « x » n'est pas un montant ; " in err


@pytest.mark.parametrize(
    ("error", "french", "english"),
    [
        (
            OSError(28, "No space left on device"),
            "erreur du système : plus de place sur le disque",
            "system error: no space left on the disk",
        ),
        (
            OSError(30, "Read-only file system", "/mnt/rates.csv"),
            "fichier illisible : /mnt/rates.csv (système de fichiers en lecture seule)",
            "unreadable file: /mnt/rates.csv (read-only file system)",
        ),
        (
            OSError(5, "Input/output error"),  # a reason the catalogs do not name: the system's
            "erreur du système : Input/output error",
            "system error: Input/output error",
        ),
    ],
)
def test_a_system_error_in_each_language(error: OSError, french: str, english: str) -> None:
    """A write that failed names no file (it read « fichier illisible :  (No space left on
    device) »); a full disk and a read-only file system are said in the reader's words."""
    assert french == error_text(error)
    assert english == error_text(error, locale="en_GB")


def test_the_last_day_in_the_locale_s_own_format(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """9999-12-31 is a date of the sentence, written as the locale writes dates (it was written
    by hand in the catalog, « 31 December 9999 » beside « December 20, 9999 » in en_US)."""
    argv = ("due-date", "60 jours", "--issued", "9999-12-20", "--locale", "en_US")
    err = _error_line(*argv, tmp_path=tmp_path, capsys=capsys)
    assert "an invoice of December 20, 9999 would fall due after December 31, 9999," in err


def test_an_empty_rate_file_reads_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An empty --rates file: the header read is « rien » ("nothing"), not an empty gap."""
    path = tmp_path / "rates.csv"
    path.write_text("", encoding="utf-8")
    err = _error_line("rates", "--rates", str(path), tmp_path=tmp_path, capsys=capsys)
    assert err.endswith(" (et known_until, facultatif) ; lu : rien\n")
    err = _error_line("rates", "--rates", str(path), "--locale", "en_GB", tmp_path=tmp_path,
                      capsys=capsys)  # fmt: skip
    assert err.endswith(" (and known_until, optional); read: nothing\n")


@pytest.mark.parametrize("typed", ["contractual:NaN", "Legal-Plus:1E2"])
def test_a_basis_number_is_echoed_as_typed(
    typed: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--basis contractual:NaN said « nan »: the spelling of the kind is read in any case, the
    number after the colon is shown as the reader typed it."""
    base = ("penalty", "100", "--due", "2025-03-31", "--paid", "2025-08-15", "--basis")
    number = typed.partition(":")[2]
    err = _error_line(*base, typed, tmp_path=tmp_path, capsys=capsys)
    assert f"montant invalide — « {number} » n'est pas un montant ; " in err
    err = _error_line(*base, typed, "--locale", "en_GB", tmp_path=tmp_path, capsys=capsys)
    assert f"invalid amount — '{number}' is not an amount; " in err


def test_the_placeholders_of_basis_in_the_reader_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The spellings of --basis read contractual:RATE and « CREDITOR: consumer|other » in
    French: the placeholders are words of the reader's language (the values to type are not),
    in the error line and in --help; the developer's message keeps its English."""
    base = ("penalty", "100", "--due", "2025-03-31", "--paid", "2025-08-15", "--basis", "weekly")
    french = _error_line(*base, tmp_path=tmp_path, capsys=capsys)
    assert "contractual:TAUX, public-procurement, legal[:CRÉANCIER] (public = " in french
    assert "; CRÉANCIER : consumer|other))" in french
    assert "RATE" not in french
    assert "CREDITOR" not in french
    english = _error_line(*base, "--locale", "en_GB", tmp_path=tmp_path, capsys=capsys)
    assert "contractual:RATE, public-procurement, legal[:CREDITOR] (public = " in english
    assert "; CREDITOR: consumer|other))" in english
    with pytest.raises(SystemExit):
        cli.main(["penalty", "--help"], out=io.StringIO(), environ={})
    assert "contractual:TAUX" in " ".join(capsys.readouterr().out.split())
    with pytest.raises(InvalidArgument, match=r"contractual:RATE, .*CREDITOR: consumer\|other"):
        cli.parse_basis("weekly")
