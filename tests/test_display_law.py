"""The display layer shows payment terms and penalty bases in French and in English: every
regime and every basis, French equal to ``str()``, English with no French word left."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import attrs
import pytest

from dunning_core.display._penalties import basis_text, breakdown_html, breakdown_text
from dunning_core.display._terms import terms_text
from dunning_core.interest import BasisKind, Creditor, PenaltyBasis, late_penalties
from dunning_core.terms import EndOfMonth, PaymentTerms, PublicBuyer, TermsKind

FRENCH = frozenset(
    ("jours", "jour", "de", "facture", "après", "livraison", "fin", "mois", "le", "la",
     "taux", "légal", "contractuel", "intérêt", "réception", "du", "des", "et", "fois", "autres")
)  # fmt: skip
ENGLISH = frozenset(("days", "day", "from", "the", "after", "end", "of", "month", "rate", "and"))


def _words(text: str) -> set[str]:
    return set(re.findall(r"[^\W\d_][\w'-]*", text.lower()))


TERMS = [
    PaymentTerms.net(30),
    PaymentTerms.net(1),
    PaymentTerms.after_delivery(30),
    PaymentTerms.end_of_month(45),
    PaymentTerms.end_of_month(45, day_of_month=10),
    PaymentTerms.end_of_month(45, EndOfMonth.EOM_THEN_ADD),
    PaymentTerms.statutory_default(),
    PaymentTerms.on_receipt(),
    PaymentTerms.periodic(45),
    PaymentTerms.perishable(30),
    PaymentTerms.perishable_periodic(30),
    PaymentTerms.seasonal_produce(30),
    PaymentTerms.livestock(20),
    PaymentTerms.excise_alcohol(30),
    PaymentTerms.transport(30),
    PaymentTerms.export(90),
    *(PaymentTerms.public_buyer(buyer) for buyer in PublicBuyer),
]


def test_every_kind_of_terms_is_shown() -> None:
    assert set(TermsKind) == {terms.kind for terms in TERMS}


@pytest.mark.parametrize("terms", TERMS, ids=repr)
def test_terms_in_french_and_english(terms: PaymentTerms) -> None:
    """French is the wording parse reads (``str()``); English translates every word of it."""
    french, english = terms_text(terms), terms_text(terms, locale="en_GB")
    assert french == str(terms) == terms.to_text()
    assert PaymentTerms.parse(french) == terms
    assert set() == _words(english) & FRENCH, english
    assert set() == _words(french) & ENGLISH, french
    assert terms_text(terms, locale="en_US") == english


def test_days_follow_each_language_plural() -> None:
    """1 jour / 1 day; 2 jours / 2 days (French counts 0 and 1 as singular)."""
    assert "1 jour date de facture" == terms_text(PaymentTerms.net(1))
    assert "1 day from the invoice date" == terms_text(PaymentTerms.net(1), locale="en_GB")
    assert "0 days from the invoice date" == terms_text(PaymentTerms.net(0), locale="en_GB")


BASES = [
    PenaltyBasis.STATUTORY,
    PenaltyBasis.legal_plus(5),
    PenaltyBasis.THREE_TIMES_LEGAL,
    PenaltyBasis.contractual("12.5"),
    PenaltyBasis.PUBLIC_PROCUREMENT,
    PenaltyBasis.legal(creditor=Creditor.CONSUMER),
    PenaltyBasis.legal(creditor=Creditor.OTHER, enforceable_on=date(2025, 6, 2)),
]


def test_every_kind_of_basis_is_shown() -> None:
    assert set(BasisKind) == {basis.kind for basis in BASES}


@pytest.mark.parametrize("basis", BASES, ids=repr)
def test_basis_in_french_and_english(basis: PenaltyBasis) -> None:
    french, english = basis_text(basis), basis_text(basis, locale="en_GB")
    assert french == str(basis)
    assert set() == _words(english) & FRENCH, english
    assert set() == _words(french) & ENGLISH, french


def test_judgment_points_in_english() -> None:
    basis = PenaltyBasis.legal(creditor=Creditor.OTHER, enforceable_on=date(2025, 6, 2))
    assert basis_text(basis, locale="en_GB") == (
        "legal interest rate (other cases), increased by 5 points two months after the "
        "enforceable decision of 02/06/2025"
    )


@pytest.mark.parametrize("basis", BASES, ids=repr)
def test_breakdown_in_english_has_no_french_word(basis: PenaltyBasis) -> None:
    """The text and the HTML of a breakdown speak the reader's language throughout."""
    b = late_penalties(Decimal("1000"), date(2025, 3, 31), date(2025, 8, 15), basis=basis)
    assert str(b) == breakdown_text(b)
    assert b._repr_html_() == breakdown_html(b)
    english = breakdown_text(b, locale="en_GB")
    assert set() == _words(english) & FRENCH, english
    html = re.sub(r"<[^>]+>", " ", breakdown_html(b, locale="en_GB"))
    assert set() == _words(html) & FRENCH, html


def _described_classes() -> list[type]:
    """The values a table describes field by field: every event, a step, a cap, terms, money,
    payments, an action."""
    import inspect

    import attrs

    from dunning_core.interest import Payment
    from dunning_core.machine import Action, _events
    from dunning_core.money import Money
    from dunning_core.policy import Cap, Policy, Step

    events = [
        o
        for o in vars(_events).values()
        if inspect.isclass(o) and attrs.has(o) and o.__module__ == _events.__name__
    ]
    return [*events, Step, Cap, PaymentTerms, Money, Payment, Action, Policy]


def test_a_step_and_a_cap_for_people() -> None:
    """str() of a step or a cap is its fields in French words (repr stays the value), to_text
    in English."""
    from dunning_core.policy import french_default

    policy = french_default()
    step, cap = policy.step("reminder_call_1"), policy.caps[5]
    assert str(step) == step.to_text()
    assert str(step).startswith(
        "nom : reminder_call_1 ; étape : relance amiable ; canal : appel téléphonique ; "
        "décalage (jours) : 10 ; nature : relance"
    )
    assert step.to_text(locale="en_GB").startswith(
        "name: reminder_call_1; stage: amicable dunning; channel: phone call; offset (days): 10"
    )
    assert repr(step).startswith("Step(name='reminder_call_1', stage=<Stage.AMICABLE")
    assert str(cap) == "étape : relance amiable ; canal : courrier ; plafond : 2 ; " + (
        "canaux du plafond : " + str(cap).split("canaux du plafond : ")[1]
    )
    assert "cap: 2; channels of the cap: " in cap.to_text(locale="en_GB")
    assert repr(cap).startswith("Cap(stage=<Stage.AMICABLE: 'amicable'>")


def test_a_policy_for_people() -> None:
    """str() of a policy is its steps, caps and settings in French (repr stays the value);
    to_text/to_html in English; no attribute name, no enum code, no word of the other
    language."""
    from dunning_core.policy import Policy, french_default

    policy = french_default()
    french, english = str(policy), policy.to_text(locale="en_GB")
    assert french == policy.to_text()
    assert repr(policy).startswith("Policy(steps=(Step(name='pre_reminder'")  # the value
    assert french.startswith("Politique french_default : 18 étapes\nÉtape du plan  ")
    assert english.startswith("Policy french_default: 18 steps\nPolicy step  ")
    assert "formal_notice             mise en demeure       lettre recommandée" in french
    assert "C. civ. art. 1344" in french
    assert "écart minimal entre deux contacts (jours) : 3" in french
    assert "imputation des paiements : les intérêts d'abord" in french
    assert "minimum gap between two contacts (days): 3" in english
    assert "allocation of payments: interest first" in english
    assert "étapes en retard : une étape à la fois" in french
    assert "overdue steps: one step at a time" in english
    attributes = {"min_gap_days", "backlog", "interest_first", "sequential", "waive_penalties"}
    for text in (french, english):
        assert not attributes & _words(text), text
    # "de" of the commissaire de justice, who keeps his French name in English
    assert set() == _words(english) & FRENCH - {"de"}, english
    html = policy.to_html(locale="en_GB")
    assert "<caption>Policy french_default: 18 steps</caption>" in html
    assert "<th>Channel</th>" in html
    assert policy._repr_html_() == policy.to_html()
    assert "<th>Canal</th>" in policy._repr_html_()
    one = Policy(steps=policy.steps[:1], caps=(), name="une")
    assert str(one).startswith("Politique une : 1 étape\n")


def test_an_action_is_described_in_words() -> None:
    """An action's fields (the day planned for, a blocked step, its deadline, its notes and what
    it lacks) by their names for people, its reasons as sentences, never codes nor attribute
    names, in both languages."""
    from dunning_core.format import describe
    from dunning_core.law import CPC_1405, PRACTICE
    from dunning_core.machine import Action, Case, Missing, Reason, next_actions
    from dunning_core.policy import french_default

    case = Case.open("F-1", "10000", date(2025, 3, 1), due_on=date(2025, 3, 31))
    (action,) = next_actions(case, french_default(), date(2025, 4, 7))
    action = attrs.evolve(
        action,
        notes=(Reason("pause_ended", PRACTICE, (("on", date(2025, 4, 1)),)),),
        missing=(Missing("proofs", CPC_1405),),
        blocked=True,
        deadline=date(2025, 4, 30),
    )
    assert isinstance(action, Action)
    french, english = describe(action), describe(action, locale="en_GB")
    assert "date de référence : 07/04/2025" in french
    assert "bloquée : oui" in french
    assert "date limite : 30/04/2025" in french
    assert "remarques : l'escalade a repris le 1er avril 2025, à la fin de la pause (pratique)" in (
        french
    )
    assert "conditions manquantes : des preuves de la créance enregistrées" in french
    assert "reference date: 07/04/2025" in english
    assert "blocked: yes" in english
    assert "deadline: 30/04/2025" in english
    assert "notes: escalation resumed on 1 April 2025, when the pause ended (practice)" in english
    assert "missing conditions: proofs of the claim recorded" in english
    for text in (french, english):
        for raw in ("as_of", "blocked :", "pause_ended", "Missing(", "Reason(", "code"):
            assert raw not in text, (raw, text)


def test_a_shared_cap_is_described_in_words() -> None:
    """A cap's limit and the channels that share it, named in both languages."""
    from dunning_core.format import describe
    from dunning_core.policy import Cap, Channel, Stage

    cap = Cap(Stage.AMICABLE, Channel.LETTER, 2, channels=[Channel.LETTER, Channel.VISIT])
    assert "étape : relance amiable ; canal : courrier ; plafond : 2 ; canaux du plafond : " in (
        describe(cap)
    )
    assert "cap: 2; channels of the cap: " in describe(cap, locale="en_GB")


def test_every_field_and_enum_value_has_a_name_in_both_languages() -> None:
    """No attribute name and no raw enum value in a described line: each field and each enum
    value a field can hold is named in French, and differently in English (but a few words
    both languages share)."""
    import enum

    import attrs

    from dunning_core._i18n import gettext
    from dunning_core.display._describe import ENUM_LABELS, FIELD_LABELS

    fields = {
        f.name
        for cls in _described_classes()
        for f in attrs.fields(cls)
        if f.init and not f.name.startswith("_")
    }
    assert set() == fields - set(FIELD_LABELS)
    shared = {"article", "date", "note", "segment", "segments", "conciliation"}
    for french in FIELD_LABELS.values():
        assert french in shared or gettext(french, locale="en_GB") != french, french
    enums: set[type[enum.Enum]] = {type(member) for member in ENUM_LABELS}
    for cls in enums:
        assert set(cls) <= set(ENUM_LABELS), cls
    for member, french in ENUM_LABELS.items():
        assert french in shared or gettext(french, locale="en_GB") != french, member


def test_enum_values_in_a_line() -> None:
    """An enum without a label of its own shows its name from the catalogs."""
    from dunning_core.format import describe
    from dunning_core.machine import Delivery, FormalNoticeDelivered

    event = FormalNoticeDelivered(date(2026, 4, 6), Delivery.UNCLAIMED)
    assert "résultat : non réclamée" == describe(event)
    assert "outcome: unclaimed" == describe(event, locale="en_GB")
