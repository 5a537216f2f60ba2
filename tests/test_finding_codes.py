"""Every finding the library can emit has a sentence in both catalogs, rendered from its code,
parameters and article: French in French, English in English, never the code nor a fallback."""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from dunning_core._i18n import gettext
from dunning_core.interest import PenaltyBasis, late_penalties
from dunning_core.law import Finding
from dunning_core.terms import PaymentTerms, PublicBuyer, check_terms

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "dunning_core"
D = Decimal


def _codes_in_the_code() -> dict[str, int]:
    """Every ``Finding(...)`` call of the package: the codes it may carry (str constants of its
    ``code=`` argument); a call without ``code=`` counts as the code ``""``."""
    found: dict[str, int] = {}
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Finding"):
                continue
            codes = [
                c.value
                for k in node.keywords
                if k.arg == "code"
                for c in ast.walk(k.value)
                if isinstance(c, ast.Constant) and isinstance(c.value, str)
            ] or [""]
            for code in codes:
                found[code] = found.get(code, 0) + 1
    return found


def _penalties(**kwargs: object) -> Callable[[], tuple[Finding, ...]]:
    due, paid = kwargs.pop("due", date(2025, 3, 31)), kwargs.pop("paid", date(2025, 5, 15))
    return lambda: late_penalties(D("1000"), due, paid, **kwargs).findings  # type: ignore[arg-type]


def _terms(terms: PaymentTerms, **kwargs: object) -> Callable[[], tuple[Finding, ...]]:
    return lambda: check_terms(terms, **kwargs)  # type: ignore[arg-type]


def _assumed() -> tuple[Finding, ...]:
    from dunning_core.rates import default_rates

    book = default_rates().assuming_unchanged(through=date(2031, 12, 31))
    return late_penalties(D("1000"), date(2031, 3, 31), date(2031, 5, 15), rates=book).findings


EOM = PaymentTerms.parse("45 jours fin de mois")
EMITTERS: dict[str, Callable[[], tuple[Finding, ...]]] = {
    # interest
    "floor_above_statutory_applied": _penalties(due=date(2024, 1, 31), paid=date(2024, 3, 31)),
    "floor_above_statutory": _penalties(
        due=date(2024, 1, 31), paid=date(2024, 3, 31), basis=PenaltyBasis.THREE_TIMES_LEGAL
    ),
    "floor_unchecked": _penalties(
        due=date(2031, 3, 31), paid=date(2031, 5, 15), basis=PenaltyBasis.contractual("20")
    ),
    "rate_below_floor": _penalties(basis=PenaltyBasis.contractual("2.625")),
    "rate_assumed": _assumed,
    "consumer_basis": _penalties(debtor_is_consumer=True),
    "consumer_costs": _penalties(
        debtor_is_consumer=True, basis=PenaltyBasis.legal(), recovery_costs="100"
    ),
    "indemnity_before_2013": _penalties(due=date(2012, 3, 31), paid=date(2012, 5, 15)),
    "indemnity_unconverted": _penalties(currency="USD"),
    "indemnity_unconverted_costs": _penalties(currency="USD", recovery_costs="100"),
    "no_indemnity": _penalties(basis=PenaltyBasis.legal()),
    # terms
    "cap_exceeded": _terms(PaymentTerms.net(75)),
    "end_of_month_beyond_maximum": _terms(
        PaymentTerms.parse("45 jours fin de mois le 10"), expressly_stipulated=True
    ),
    "end_of_month_not_stipulated": _terms(EOM, expressly_stipulated=False),
    "end_of_month_unchecked": _terms(EOM),
    "due_before_invoice": _terms(
        PaymentTerms.after_delivery(10), issued_on=date(2026, 3, 20), delivered_on=date(2026, 3, 1)
    ),
    "due_beyond_maximum": _terms(
        PaymentTerms.end_of_month(60), issued_on=date(2026, 1, 1), expressly_stipulated=True
    ),
    "end_of_month_over_sixty": _terms(EOM, issued_on=date(2026, 1, 20), expressly_stipulated=True),
    "end_of_month_beyond_own_reading": _terms(
        PaymentTerms.end_of_month(45, day_of_month=10),
        issued_on=date(2026, 1, 1),
        expressly_stipulated=True,
    ),
    "due_beyond_sixty_days": _terms(
        PaymentTerms.after_delivery(50), issued_on=date(2026, 1, 1), delivered_on=date(2026, 2, 1)
    ),
}

ENGLISH = frozenset(("the", "and", "of", "is", "days", "after", "before", "rate", "pass", "when"))
FRENCH = frozenset(("le", "la", "les", "des", "du", "et", "est", "jours", "taux", "après", "une"))


def test_every_finding_call_has_a_code() -> None:
    """No ``Finding(...)`` in the package without a code (the display renders codes)."""
    assert "" not in _codes_in_the_code()


def test_every_code_is_exercised_here() -> None:
    """The table below covers exactly the codes of the code: a new code needs its row."""
    assert set(_codes_in_the_code()) == set(EMITTERS)


@pytest.mark.parametrize("code", sorted(EMITTERS))
def test_each_code_reads_in_french_and_english(code: str) -> None:
    findings = [f for f in EMITTERS[code]() if f.code == code]
    assert findings, f"{code}: not emitted by its inputs"
    for finding in findings:
        assert finding.text, code
        assert gettext(finding.text, locale="en_GB") != finding.text, f"{code}: not translated"
        french, english = finding.to_text(), finding.to_text(locale="en_GB")
        for text in (french, english):
            assert "%(" not in text
            assert code not in text
            assert str(finding.article) in text
        assert finding.message not in french  # not the developer's English
        words_fr = set(re.findall(r"[\w'-]+", french.lower()))
        words_en = set(re.findall(r"[\w'-]+", english.lower()))
        assert set() == words_fr & ENGLISH, french
        assert set() == words_en & FRENCH, english


def test_public_buyer_label_in_english() -> None:
    """A label in the parameters is read in the catalogs too."""
    (finding,) = check_terms(PaymentTerms.public_buyer(PublicBuyer.HEALTH, 55))
    assert "(health)" in finding.to_text(locale="en_GB")
    assert "(santé)" in finding.to_text()


def test_parameters_formatted_for_the_locale() -> None:
    """Dates, counts and rates follow the locale."""
    (finding,) = check_terms(
        PaymentTerms.after_delivery(50), issued_on=date(2026, 1, 1), delivered_on=date(2026, 2, 1)
    )
    assert (
        "l'échéance du 23 mars 2026 tombe 81 jours après la date de facture du 1er janvier 2026"
        in (finding.to_text())
    )
    assert "the due date, 23 March 2026, is 81 days after" in finding.to_text(locale="en_GB")


def test_terms_in_a_finding_read_in_the_locale() -> None:
    """The terms a finding quotes are shown in the reader's language."""
    (finding,) = check_terms(
        PaymentTerms.parse("45 jours fin de mois le 10"), expressly_stipulated=True
    )
    assert "« 45 jours fin de mois le 10 » peut échoir" in finding.to_text()
    assert "“45 days end of month, on day 10” can fall due" in finding.to_text(locale="en_GB")


def test_format_finding_text_is_a_deprecated_alias() -> None:
    """The text moved to the display layer (Finding.to_text); the old name still works, warned."""
    from dunning_core.errors import DunningDeprecationWarning
    from dunning_core.format import finding_text

    (finding, *_) = check_terms(PaymentTerms.livestock(25))
    with pytest.warns(DunningDeprecationWarning, match=r"finding.to_text\(locale=\.\.\.\)"):
        old = finding_text(finding, locale="en_GB")
    assert finding.to_text(locale="en_GB") == old
    assert old.startswith("violation: 25 days exceeds the 20-day cap")
