"""Letters speak one language: a French letter holds no English sentence, an English letter no
French one (a word list), every kind, for a business, a consumer and a public body.

What an English letter keeps in French on purpose is left out of the check: the law it quotes
(CPCE L111-8 reproduced between « », its unofficial translation after it), the French legal
term after an English one, in parentheses (*certifiée sincère et véritable*), and the parties'
names and addresses (data, not words of the letter)."""

from __future__ import annotations

import html
import re

import pytest

from dunning_core.letters import Letter, LetterKind
from dunning_core.policy import DebtorSegment
from test_letters import (
    ACME,
    AGENCY,
    CLIENT,
    GOLDEN_CASES,
    MANDATAIRE,
    in_procedure,
    open_case,
    paid_late,
    write,
)

ENGLISH = frozenset(
    ("the", "and", "of", "is", "are", "to", "with", "for", "from", "since", "invoice", "days",
     "late", "owed", "interest", "rate", "after", "before", "payment", "amount", "your", "we",
     "you", "please", "within", "this", "our", "on", "by", "at", "which", "dear", "due")
)  # fmt: skip
FRENCH = frozenset(
    ("le", "la", "les", "des", "du", "et", "est", "sont", "une", "facture", "jours", "retard",
     "taux", "intérêts", "indemnité", "échéance", "après", "avant", "nous", "vous", "votre",
     "paiement", "montant", "dans", "pour", "sur", "au", "aux", "madame", "monsieur")
)  # fmt: skip


def _parties() -> list[str]:
    words = []
    for party in (ACME, CLIENT, AGENCY, MANDATAIRE):
        for value in (getattr(party, name, None) for name in ("name", "address", "attention")):
            if isinstance(value, str):
                words += [line for line in value.splitlines() if line]
    for party in (ACME, AGENCY):
        words += [line for line in (party.contact or "").splitlines() if line]
    words += list(ACME.payment_means)
    return sorted(words, key=len, reverse=True)


PARTIES = _parties()


def _words(text: str, *, english: bool) -> set[str]:
    text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    for name in PARTIES:
        text = text.replace(name, " ")
    text = re.sub(r"«[^»]*»", " ", text, flags=re.DOTALL)
    if english:  # the French legal term after the English one
        text = re.sub(r"\([^()]*\)", " ", text)
    return set(re.findall(r"[^\W\d_][\w'-]*", text.lower()))


def _letters() -> dict[str, Letter]:
    out = {
        name: write(kind, case, locale=locale)
        for name, (kind, locale, case) in GOLDEN_CASES.items()
    }
    consumer = open_case("480.50", segment=DebtorSegment.CONSUMER, reference="C-2025-007")
    public = open_case("18000", segment=DebtorSegment.PUBLIC_BODY, reference="P-2025-003")
    for locale in ("fr_FR", "en_GB"):
        for kind in (LetterKind.REMINDER_1, LetterKind.REMINDER_2, LetterKind.FORMAL_NOTICE):
            out[f"{kind.value}.consumer.{locale}.all"] = write(kind, consumer, locale=locale)
            out[f"{kind.value}.public.{locale}.all"] = write(kind, public, locale=locale)
        out[f"penalty_claim.public.{locale}.all"] = write(
            LetterKind.PENALTY_CLAIM, paid_late(public), locale=locale
        )
        out[f"claim_declaration.public.{locale}.all"] = write(
            LetterKind.CLAIM_DECLARATION, in_procedure(public), locale=locale
        )
    return out


LETTERS = _letters()


def test_every_kind_in_both_languages() -> None:
    for locale in ("fr_FR", "en_GB"):
        assert set(LetterKind) == {x.kind for x in LETTERS.values() if x.locale == locale}


@pytest.mark.parametrize("name", sorted(LETTERS))
def test_letter_speaks_one_language(name: str) -> None:
    letter = LETTERS[name]
    english = letter.locale == "en_GB"
    for shown in (f"{letter.subject}\n{letter.text}", letter.html):
        words = _words(shown, english=english)
        assert set() == words & (FRENCH if english else ENGLISH), name
        assert words & (ENGLISH if english else FRENCH), name  # the check reads real words
