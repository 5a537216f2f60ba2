"""Unit, golden and property tests of dunning_core.letters."""

from __future__ import annotations

import html
import os
import re
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from babel.messages.pofile import read_po
from hypothesis import assume, given
from hypothesis import strategies as st

from dunning_core._i18n import translations
from dunning_core.errors import (
    DateTypeError,
    DunningError,
    InvalidArgument,
    InvalidDate,
    TemplateError,
)
from dunning_core.law import (
    CCP_D2192_35,
    CIV_1231_6,
    CIV_1344,
    CPC_642,
    CPCE_L111_8,
    CPCE_R124_4,
    D441_5,
    L441_10,
    L622_24,
    L622_25,
    L622_28,
    R622_23,
    R622_24,
)
from dunning_core.letters import (
    LANGUAGES,
    PLACEHOLDERS,
    REQUIRED_MENTIONS,
    Agency,
    Creditor,
    Debtor,
    Letter,
    LetterKind,
    LetterTemplate,
    _wording,
    default_template,
    letter_kind,
    render,
)
from dunning_core.machine import (
    Case,
    ClaimDeclared,
    CollectiveProcedure,
    CollectiveProcedureOpened,
    ContactMade,
    DisputeOpened,
    FormalNoticeDelivered,
    FormalNoticeSent,
    HandedOver,
    PaymentReceived,
    PenaltiesWaived,
    apply,
    claim_amounts,
    next_actions,
    timeline,
)
from dunning_core.policy import Channel, DebtorSegment, Stage, StepKind, french_default
from dunning_core.strategies import MAX_DATE, cases

POLICY = french_default()
GOLDEN = Path(__file__).resolve().parent / "golden" / "letters"
IBAN = "FR7630006000011234567890189"
ISSUED = date(2025, 3, 1)
DUE = date(2025, 3, 31)

ACME = Creditor(
    "ACME SAS",
    "1 rue de la Paix\n75002 Paris",
    siren="123 456 789",
    iban="FR76 3000 6000 0112 3456 7890 189",
    bic="BNPAFRPP",
    payment_means=("Chèque à l'ordre de ACME SAS",),
    contact="Service clients : 01 23 45 67 89, compta@acme.example",
)
CLIENT = Debtor("Client SARL", "3 place Bellecour\n69002 Lyon", attention="Service comptabilité")
AGENCY = Agency(
    "Recouvrex",
    "5 avenue Foch\n69006 Lyon",
    iban=IBAN,
    contact="Dossiers : 04 00 00 00 00",
)

# The day each kind is written on, for the standard case (due 31 March 2025).
DAYS = {
    LetterKind.PRE_REMINDER: date(2025, 3, 26),
    LetterKind.REMINDER_1: date(2025, 4, 7),
    LetterKind.REMINDER_2: date(2025, 4, 25),
    LetterKind.FORMAL_NOTICE: date(2025, 5, 15),
    LetterKind.HAND_OVER: date(2025, 6, 5),
    LetterKind.PENALTY_CLAIM: date(2025, 5, 5),
    LetterKind.CLAIM_DECLARATION: date(2025, 6, 20),
}
# The debtor's redressement judiciaire: judgment on 2 June 2025, in the BODACC on 12 June.
JUDGMENT = CollectiveProcedureOpened(
    date(2025, 6, 2), CollectiveProcedure.REDRESSEMENT, date(2025, 6, 12)
)
MANDATAIRE = Debtor(
    "SELARL Martin & Associés",
    "10 quai Saint-Antoine\n69002 Lyon",
    attention="Maître Jeanne Martin",
)
PAID_ON = date(2025, 5, 2)  # the day the penalty-claim cases pay the principal, late
_OUR_TAGS = re.compile(r'<div class="dunning-letter" lang="[a-zA-Z-]+">|</div>|<p>|</p>|<br>')


def open_case(
    amount: str = "10000",
    segment: DebtorSegment = DebtorSegment.STANDARD,
    reference: str = "F-2025-042",
) -> Case:
    return Case.open(reference, amount, ISSUED, due_on=DUE, segment=segment)


def paid_late(case: Case, on: date = PAID_ON) -> Case:
    """*case* with its principal paid on *on*: the penalties and the indemnity are still owed."""
    return apply(case, PaymentReceived(on, case.balance), POLICY)


def in_procedure(case: Case, opened: CollectiveProcedureOpened = JUDGMENT) -> Case:
    """*case* once the debtor's collective procedure is opened: the claim is to be declared."""
    return apply(case, opened, POLICY)


def write(kind: LetterKind, case: Case | None = None, **options: object) -> Letter:
    if case is None:
        case = paid_late(open_case()) if kind is LetterKind.PENALTY_CLAIM else open_case()
        if kind is LetterKind.CLAIM_DECLARATION:
            case = in_procedure(case)
    options.setdefault("today", DAYS[kind])
    options.setdefault("creditor", ACME)
    options.setdefault("debtor", CLIENT)
    options.setdefault("agency", AGENCY)
    options.setdefault("mandataire", MANDATAIRE)
    return render(kind, case, **options)  # type: ignore[arg-type]


def plain(text: str) -> str:
    """The text with babel's no-break spaces made plain, for readable assertions."""
    return text.replace("\u202f", " ").replace("\xa0", " ")


def user_tags(html: str) -> str:
    """The HTML without the tags the renderer writes: any '<' left came from data."""
    return _OUR_TAGS.sub("", html)


class TestParties:
    def test_creditor_normalises_iban_bic_siren(self) -> None:
        """An IBAN, BIC and SIREN are kept compact and upper case."""
        c = Creditor("ACME", "Paris", iban="fr76 3000 6000 0112 3456 7890 189", bic="bnpa frpp")
        assert (IBAN, "BNPAFRPP") == (c.iban, c.bic)
        assert "123456789" == Creditor("A", "B", siren="123 456 789", iban=IBAN).siren

    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("iban", "FR7630006000011234567890188"),  # check digits do not match
            ("iban", "FR76"),
            ("iban", 7630006000),
            ("bic", "BNP"),
            ("siren", "12345678"),
            ("name", ""),
            ("name", "ACME\nSAS"),
            ("address", "  "),
            ("address", "1 rue\x00 de la Paix"),
            ("contact", "a\nb"),
            ("payment_means", ["ok", ""]),
            ("payment_means", 12),
        ],
    )
    def test_creditor_refuses_bad_fields(self, field: str, value: object) -> None:
        """A bad field raises InvalidArgument naming it (also a ValueError)."""
        args: dict[str, object] = {"name": "ACME", "address": "Paris", "iban": IBAN, field: value}
        with pytest.raises(InvalidArgument) as info:
            Creditor(**args)  # type: ignore[arg-type]
        assert field == info.value.name
        assert isinstance(info.value, ValueError)

    def test_a_means_of_payment_is_required(self) -> None:
        """A creditor or an agency without an IBAN nor another means of payment is refused."""
        with pytest.raises(InvalidArgument, match="means of payment"):
            Creditor("ACME", "Paris")
        with pytest.raises(InvalidArgument, match="means of payment"):
            Agency("Recouvrex", "Lyon")
        assert ("Chèque",) == Agency("R", "Lyon", payment_means="Chèque").payment_means

    def test_bic_needs_an_iban(self) -> None:
        """A BIC alone says nothing about where to pay."""
        with pytest.raises(InvalidArgument, match="BIC goes with an IBAN"):
            Creditor("ACME", "Paris", bic="BNPAFRPP", payment_means="Chèque")

    def test_address_lines_are_trimmed(self) -> None:
        """Addresses keep their lines, each trimmed; Windows line ends are read."""
        assert (
            "3 place Bellecour\n69002 Lyon"
            == Debtor("C", " 3 place Bellecour \r\n69002 Lyon").address
        )

    def test_values_are_frozen(self) -> None:
        """Parties are immutable values."""
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            ACME.name = "Other"  # type: ignore[misc]


_PLACES = re.compile(r"\$\{\w+\}|\$\w+")


class TestTemplates:
    @pytest.mark.parametrize("kind", list(LetterKind))
    @pytest.mark.parametrize("locale", sorted(LANGUAGES.values()))
    def test_shipped_templates_carry_every_required_mention(
        self, kind: LetterKind, locale: str
    ) -> None:
        """Each shipped template holds its kind's required mentions."""
        template = default_template(kind, locale)
        assert {m.key for m in REQUIRED_MENTIONS[kind]} <= set(template.placeholders)
        assert set(template.placeholders) <= set(PLACEHOLDERS)

    def test_missing_mention_is_refused_by_name(self) -> None:
        """A formal notice without its deadline is refused, naming the mention."""
        shipped = default_template(LetterKind.FORMAL_NOTICE)
        body = shipped.body.replace("${deadline_text}", "sous quinze jours")
        with pytest.raises(TemplateError) as info:
            LetterTemplate(LetterKind.FORMAL_NOTICE, shipped.subject, body)
        assert "deadline_text" == info.value.mention
        assert "formal_notice" == info.value.template
        assert "deadline_text" in str(info.value)
        assert isinstance(info.value, DunningError)
        assert isinstance(info.value, ValueError)

    def test_hand_over_without_l111_8_is_refused(self) -> None:
        """An agency letter must reproduce CPCE L111-8 (R124-4 5°)."""
        shipped = default_template(LetterKind.HAND_OVER, "en_GB")
        with pytest.raises(TemplateError) as info:
            LetterTemplate.parse(
                "hand_over", shipped.subject + "\n\n" + shipped.body.replace("${l111_8}", "")
            )
        assert "l111_8" == info.value.mention

    @pytest.mark.parametrize("kind", list(LetterKind))
    def test_shipped_templates_come_from_the_catalogs(self, kind: LetterKind) -> None:
        """The English template is the catalog's English of each French paragraph: the same
        paragraphs, each placing the same values, none left in French."""
        french = _wording.template_text(kind.value, "fr_FR").split("\n\n")
        english = _wording.template_text(kind.value, "en_GB").split("\n\n")
        assert len(french) == len(english) == len(_wording.TEMPLATES[kind.value])
        for fr, en in zip(french, english, strict=True):
            assert _PLACES.findall(fr) == _PLACES.findall(en), fr
            assert fr == en or translations("en_GB").gettext(fr) == en
            if _PLACES.sub("", fr).strip(" \n,.:"):  # a sentence, not only values
                assert fr != en, fr
        assert default_template(kind, "en").subject == english[0]

    def test_catalog_entries_keep_template_placeholders(self) -> None:
        """Every ``${name}`` of a message is in its translation (babel checks ``%(name)s``)."""
        for locale in LANGUAGES.values():
            path = Path(_wording.__file__).parent.parent / "locale" / locale / "LC_MESSAGES"
            with (path / "dunning_core.po").open("rb") as file:
                catalog = read_po(file)
            for message in catalog:
                if message.id and isinstance(message.id, str):
                    assert sorted(_PLACES.findall(message.id)) == sorted(
                        _PLACES.findall(message.string)
                    ), message.id

    def test_each_language_reads_its_own_words(self) -> None:
        """The letters' sentences hold no English word in French and no French word in English
        (French legal terms quoted in parentheses aside, and the reproduced CPCE L111-8)."""
        english_words = {"the", "and", "of", "is", "to", "from", "interest", "days", "we", "you"}
        french_words = {"le", "la", "les", "des", "du", "et", "est", "au", "jours", "nous"}
        sentences = [p for kind in _wording.TEMPLATES.values() for p in kind]
        sentences.extend(_wording.WORDS.values())
        values = re.compile(r"%\(\w+\)s|\$\{\w+\}")
        for message in sentences:
            french = values.sub("", message)
            english = values.sub("", translations("en_GB").gettext(message))
            english = re.sub(r"\([^)]*\)", "", english)
            assert set() == set(re.findall(r"[^\W\d_][\w'-]*", french.lower())) & english_words
            assert set() == set(re.findall(r"[^\W\d_][\w'-]*", english.lower())) & french_words

    def test_l111_8_is_reproduced_in_french_in_every_language(self) -> None:
        """CPCE L111-8 is the French text word for word; English adds a translation after it."""
        french, english = _wording.l111_8("fr_FR"), _wording.l111_8("en_GB")
        assert french.startswith("« Les frais de recouvrement entrepris sans titre exécutoire")
        assert english.startswith(french + "\nUnofficial translation: the costs of recovery")

    def test_unknown_placeholder_is_refused(self) -> None:
        """A placeholder that does not exist is refused by name; nothing is evaluated."""
        with pytest.raises(TemplateError) as info:
            LetterTemplate.parse(
                "pre_reminder",
                "Facture $invoice_reference\n\n$creditor_name $invoice_amount $due_date "
                "$payment_means ${__import__}",
            )
        assert "__import__" == info.value.mention

    @pytest.mark.parametrize(
        "text",
        [
            "Subject $invoice_reference",  # no blank line after the subject
            "Subject\n\nBody costs 5 $ only $creditor_name",  # a lone $
            "   \n\nbody",
        ],
    )
    def test_malformed_templates_are_refused(self, text: str) -> None:
        """A template without a subject line, or with a lone $, raises TemplateError."""
        with pytest.raises(TemplateError):
            LetterTemplate.parse(LetterKind.PRE_REMINDER, text)

    def test_custom_template_is_used(self) -> None:
        """A creditor's own wording replaces the shipped one; $$ writes a dollar sign."""
        mine = LetterTemplate.parse(
            LetterKind.REMINDER_1,
            "Petit rappel, facture ${invoice_reference}\n\n"
            "Bonjour,\n\nLa facture ${invoice_reference} (échéance ${due_date}) attend toujours.\n"
            "${amounts}\nMerci de régler ${deadline_text}.\n${payment_means}\n"
            "Aucun frais en $$.\n\n${creditor_name}",
        )
        letter = write(LetterKind.REMINDER_1, templates={LetterKind.REMINDER_1: mine})
        assert "Petit rappel, facture F-2025-042" == letter.subject
        assert plain(letter.text).startswith(
            "Bonjour,\n\nLa facture F-2025-042 (échéance 31 mars 2025) attend toujours.\n"
        )
        assert "Aucun frais en $." in letter.text
        assert letter.text.endswith("ACME SAS\n")

    def test_templates_mapping_is_checked(self) -> None:
        """A template filed under another kind is refused."""
        wrong = {LetterKind.REMINDER_2: default_template(LetterKind.REMINDER_1)}
        with pytest.raises(InvalidArgument, match="reminder_2"):
            write(LetterKind.REMINDER_2, templates=wrong)

    def test_unknown_kind_and_language(self) -> None:
        """Unknown kinds and languages raise InvalidArgument listing what is accepted."""
        with pytest.raises(InvalidArgument, match="pre_reminder"):
            default_template("final_warning")
        with pytest.raises(InvalidArgument, match="French or English"):
            default_template(LetterKind.REMINDER_1, "de_DE")


class TestLetterKind:
    def test_the_default_policy_maps_to_letter_kinds(self) -> None:
        """Walking french_default(), its written steps map to the five kinds, in order."""
        case = open_case()
        kinds: list[LetterKind | None] = []
        for planned in timeline(case, POLICY):
            (action,) = next_actions(case, POLICY, planned.due_on)
            try:
                kinds.append(letter_kind(action, case))
            except InvalidArgument:
                kinds.append(None)
            on, step = action.due_on, action.step
            if step.kind is StepKind.REMINDER:
                assert action.channel is not None
                case = apply(case, ContactMade(on, action.channel, step.name), POLICY)
            elif step.kind is StepKind.FORMAL_NOTICE:
                case = apply(case, FormalNoticeSent(on, step=step.name), POLICY)
                case = apply(case, FormalNoticeDelivered(on), POLICY)
            elif step.kind is StepKind.HAND_OVER:
                case = apply(case, HandedOver(on), POLICY)
        # pre_reminder, email_1, call_1, letter_1, email_2, call_2, letter_2, call_3, notice,
        # hand_over, court_claim
        expected = [
            LetterKind.PRE_REMINDER,
            LetterKind.REMINDER_1,
            None,
            LetterKind.REMINDER_2,
            LetterKind.REMINDER_2,
            None,
            LetterKind.REMINDER_2,
            None,
            LetterKind.FORMAL_NOTICE,
            LetterKind.HAND_OVER,
            None,
        ]
        assert expected == kinds

    def test_second_written_reminder_is_reminder_2(self) -> None:
        """Once a written amicable reminder is recorded, the next one is reminder 2."""
        case = apply(
            open_case(), ContactMade(date(2025, 4, 5), Channel.EMAIL, "reminder_email_1"), POLICY
        )
        case = apply(case, ContactMade(date(2025, 4, 10), Channel.PHONE, "reminder_call_1"), POLICY)
        (action,) = next_actions(case, POLICY, date(2025, 4, 20))
        assert "reminder_letter_1" == action.step.name
        assert LetterKind.REMINDER_2 == letter_kind(action, case)

    def test_phone_step_is_not_a_letter(self) -> None:
        """A call step raises, saying how to write anyway."""
        case = apply(
            open_case(), ContactMade(date(2025, 4, 5), Channel.EMAIL, "reminder_email_1"), POLICY
        )
        (action,) = next_actions(case, POLICY, date(2025, 4, 10))
        assert Channel.PHONE == action.channel
        with pytest.raises(InvalidArgument, match="pass a LetterKind"):
            letter_kind(action, case)
        with pytest.raises(InvalidArgument, match="phone"):
            render(action, case, creditor=ACME)


class TestRender:
    @pytest.mark.parametrize("kind", list(LetterKind))
    @pytest.mark.parametrize("locale", ["fr_FR", "en_GB"])
    def test_every_required_mention_is_present(self, kind: LetterKind, locale: str) -> None:
        """Each letter lists its required mentions and its text states their values."""
        letter = write(kind, locale=locale)
        assert {m.key for m in REQUIRED_MENTIONS[kind]} <= {m.key for m in letter.mentions}
        text = plain(letter.text)
        assert "F-2025-042" in text
        if kind is not LetterKind.CLAIM_DECLARATION:  # to the mandataire: nothing to pay
            assert "FR76 3000 6000 0112 3456 7890 189" in text
        assert letter.deadline is not None
        months = {
            "fr_FR": ["", "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août"],
            "en_GB": ["", "January", "February", "March", "April", "May", "June", "July", "August"],
        }[locale]
        assert f"{letter.deadline.day} {months[letter.deadline.month]} 2025" in text
        assert letter.kind.article in letter.articles
        for mention in letter.mentions:
            assert mention.article in letter.articles

    def test_formal_notice_amounts_hand_checked(self) -> None:
        """Principal, penalties by period, indemnity and total, after a partial payment."""
        case = apply(open_case(), PaymentReceived(date(2025, 4, 20), "4000"), POLICY)
        letter = write(LetterKind.FORMAL_NOTICE, case)
        text = plain(letter.text)
        # 1–20 Apr: 20 d on 10 000 at 13.15 %: 10 000 × 13.15 × 20 / 36 500 = 72.054 → 72.05
        assert (
            "  du 1er avril 2025 au 20 avril 2025 (20 jours) sur 10 000,00 € au taux annuel de "
            "13,15 % : 72,05 €"
        ) in text
        # The 4 000 € of 20 Apr pay the 72.05 € of interest first (C. civ. 1343-1), then
        # 3 927.95 € of principal: 6 072.05 € left.
        # 21 Apr–15 May: 25 d on 6 072.05: 6 072.05 × 13.15 × 25 / 36 500 = 54.690 → 54.69
        assert (
            "  du 21 avril 2025 au 15 mai 2025 (25 jours) sur 6 072,05 € au taux annuel de "
            "13,15 % : 54,69 €"
        ) in text
        assert "Déjà réglé (paiements et avoirs) : 4 000,00 €" in text
        assert "dont imputé sur les intérêts échus (C. civ. art. 1343-1) : 72,05 €" in text
        assert "Principal restant dû : 6 072,05 €" in text
        # 72.05 + 54.69 = 126.74 accrued, 72.05 of it paid
        assert "Pénalités de retard (taux BCE + 10 points, C. com. art. L441-10) : 126,74 €" in text
        assert (
            "Indemnité forfaitaire pour frais de recouvrement (C. com. art. D441-5) : 40,00 €"
            in text
        )
        # 6 072.05 + 54.69 + 40 = 6 166.74
        assert "Total dû au 15 mai 2025 : 6 166,74 €" in text
        assert Decimal("6166.74") == letter.amounts.total
        assert [CIV_1344, L441_10, D441_5] == [
            a for a in letter.articles if a in (CIV_1344, L441_10, D441_5)
        ]

    def test_reminder_deadline_is_eight_days(self) -> None:
        """A reminder gives 8 days from the letter date."""
        letter = write(LetterKind.REMINDER_1, today=date(2025, 4, 7))
        assert date(2025, 4, 15) == letter.deadline
        assert "dans un délai de 8 jours, soit au plus tard le 15 avril 2025" in plain(letter.text)
        assert CPC_642 not in letter.articles

    def test_deadline_on_a_weekend_or_holiday_is_extended(self) -> None:
        """CPC 642: a deadline ending on Saturday, Sunday or a holiday moves to the next business day."""
        # Friday 4 April + 8 = Saturday 12 April -> Monday 14 April
        letter = write(LetterKind.REMINDER_1, today=date(2025, 4, 4))
        assert date(2025, 4, 14) == letter.deadline
        assert CPC_642 in letter.articles
        # Sunday 6 July + 8 = Monday 14 July (fête nationale) -> Tuesday 15 July
        assert date(2025, 7, 15) == write(LetterKind.REMINDER_2, today=date(2025, 7, 6)).deadline

    def test_formal_notice_deadline_counts_from_delivery(self) -> None:
        """The notice gives the policy's 15 days from receipt, stated in days and as a date."""
        letter = write(LetterKind.FORMAL_NOTICE, today=date(2025, 5, 15))
        # Thursday 15 May + 2 business days = Monday 19 May; + 15 days = Tuesday 3 June
        assert date(2025, 6, 3) == letter.deadline
        assert (
            "dans un délai de 15 jours à compter de la réception de la présente, soit au plus "
            "tard le 3 juin 2025 si elle vous parvient le 19 mai 2025"
        ) in plain(letter.text)
        english = write(
            LetterKind.FORMAL_NOTICE, today=date(2025, 5, 15), locale="en", delivery_days=1
        )
        # Friday 16 May + 15 = Saturday 31 May -> Monday 2 June
        assert date(2025, 6, 2) == english.deadline
        assert "within 15 days of receiving this letter, that is by 2 June 2025" in english.text

    def test_formal_notice_with_recorded_delivery(self) -> None:
        """Once the delivery is recorded, the deadline counts from it."""
        case = apply(open_case(), FormalNoticeSent(date(2025, 5, 15)), POLICY)
        case = apply(case, FormalNoticeDelivered(date(2025, 5, 20)), POLICY)
        letter = write(LetterKind.FORMAL_NOTICE, case, today=date(2025, 5, 21))
        # 20 May + 15 = Wednesday 4 June
        assert date(2025, 6, 4) == letter.deadline
        assert (
            "à compter de sa réception le 20 mai 2025, soit au plus tard le 4 juin 2025"
            in plain(letter.text)
        )

    def test_formal_notice_recalls_the_reminders_only_when_there_were_some(self) -> None:
        """« Malgré nos relances » only after a reminder recorded at the amicable stage (any
        channel); a formal notice sent as the first letter (seed 004) states the unpaid invoice
        alone, in the text and the HTML, in both languages."""
        first = open_case()
        reminded = apply(first, ContactMade(date(2025, 4, 10), Channel.PHONE), POLICY)
        french = "notre facture n° F-2025-042 du 1er mars 2025, échue le 31 mars 2025, reste "
        english = "our invoice F-2025-042 of 1 March 2025, due on 31 March 2025, remains unpaid."
        for case, fr_start, en_start in (
            (first, "Notre facture", "Our invoice"),
            (reminded, "Malgré nos relances, notre facture", "Despite our reminders, our invoice"),
        ):
            letter = write(LetterKind.FORMAL_NOTICE, case)
            sentence = f"{fr_start}{french[len('notre facture') :]}impayée à ce jour."
            assert sentence in plain(letter.text).split("\n\n")
            assert f"<p>{html.escape(sentence)}</p>" in plain(letter.html)
            en = write(LetterKind.FORMAL_NOTICE, case, locale="en_GB")
            sentence = f"{en_start}{english[len('our invoice') :]}"
            assert sentence in en.text.split("\n\n")
            assert f"<p>{html.escape(sentence)}</p>" in en.html
        for text in (
            write(LetterKind.FORMAL_NOTICE, first).text,
            write(LetterKind.FORMAL_NOTICE, first, locale="en_GB").text,
        ):
            assert "relances" not in text
            assert "reminders" not in text

    def test_consequences_follow_the_policy(self) -> None:
        """The notice announces the policy's next steps: hand-over, then the court claim."""
        text = plain(write(LetterKind.FORMAL_NOTICE).text)
        assert (
            "nous confierons le recouvrement de notre créance à un organisme de recouvrement ou à "
            "un avocat, puis engagerons une procédure judiciaire en paiement (injonction de payer, "
            "CPC art. 1405), sans autre avis."
        ) in text
        assert (
            "La présente lettre vaut mise en demeure au sens de l'article 1344 du Code civil."
            in text
        )

    def test_hand_over_carries_r124_4(self) -> None:
        """The agency letter: agency, statement, creditor, basis, split amounts, L111-8."""
        letter = write(LetterKind.HAND_OVER)
        text = plain(letter.text)
        assert text.startswith("Recouvrex\n5 avenue Foch\n69006 Lyon\nDossiers : 04 00 00 00 00\n")
        assert (
            "Recouvrex exerce une activité de recouvrement amiable de créances pour le compte d'autrui."
            in text
        )
        assert "Créancier :\nACME SAS\n1 rue de la Paix\n75002 Paris\nSIREN 123 456 789" in text
        assert "Principal : 10 000,00 €" in text
        # 1 Apr–5 Jun: 66 d: 10 000 × 13.15 × 66 / 36 500 = 237.78
        assert (
            "Intérêts — pénalités de retard (taux BCE + 10 points, C. com. art. L441-10) : 237,78 €"
            in text
        )
        assert "Autres accessoires — indemnité forfaitaire" in text
        assert (
            "« Les frais de recouvrement entrepris sans titre exécutoire restent à la charge du créancier"
            in text
        )
        assert "à la charge du débiteur de mauvaise foi. »" in text
        # paid into the agency's account
        assert "Virement : IBAN FR76 3000 6000 0112 3456 7890 189, en indiquant" in text
        assert CPCE_R124_4 == letter.articles[0]
        assert CPCE_L111_8 in letter.articles

    @pytest.mark.parametrize(
        ("name", "french", "english"),
        [
            ("Atelier Dupont", "créance d'Atelier Dupont", "claim of Atelier Dupont"),
            ("Les Ateliers réunis", "créance des Ateliers réunis", "claim of Les Ateliers réunis"),
            ("Le Bon Marché", "créance du Bon Marché", "claim of Le Bon Marché"),
            ("La Forge", "créance de La Forge", "claim of La Forge"),
            ("Hôtel du Port", "créance d'Hôtel du Port", "claim of Hôtel du Port"),
        ],
    )
    def test_creditor_name_after_de(self, name: str, french: str, english: str) -> None:
        """French elides and contracts "de" before the creditor's name; English does not."""
        creditor = attrs.evolve(ACME, name=name)
        fr = write(LetterKind.HAND_OVER, creditor=creditor)
        en = write(LetterKind.HAND_OVER, creditor=creditor, locale="en_GB")
        assert fr.subject.startswith(f"Recouvrement amiable : {french}, facture")
        assert f"Objet : recouvrement amiable de la {french}\n" in fr.text
        assert f"la {html.escape(french)}" in fr.html
        assert english in en.subject

    def test_hand_over_needs_an_agency(self) -> None:
        """Without the agency, R124-4 1° cannot be met."""
        with pytest.raises(InvalidArgument, match="R124-4"):
            write(LetterKind.HAND_OVER, agency=None)

    def test_public_body_gets_moratorium_interest(self) -> None:
        """A public buyer owes moratorium interest (ECB + 8) and the indemnity of D2192-35."""
        letter = write(LetterKind.REMINDER_1, open_case(segment=DebtorSegment.PUBLIC_BODY))
        text = plain(letter.text)
        # R2192-31: the ECB rate on 1 January 2025 (3.15 %, half-year interest started in) + 8.
        # 1–7 Apr: 7 d at 11.15 %: 10 000 × 11.15 × 7 / 36 500 = 21.384 → 21.38
        assert "Intérêts moratoires (taux BCE + 8 points, CCP art. R2192-31) : 21,38 €" in text
        assert "(CCP art. D2192-35) : 40,00 €" in text
        assert CCP_D2192_35 in letter.articles
        assert L441_10 not in letter.articles

    def test_subject_is_one_line(self) -> None:
        """Line breaks from the data never reach the subject (no header injection): an invoice
        reference with one is refused when the case is opened."""
        with pytest.raises(InvalidArgument, match="line break"):
            open_case(reference="F-1\nBcc: x@example.org")

    def test_locales(self) -> None:
        """'en' writes en_GB, 'fr' fr_FR; other English locales format their own way."""
        assert "en_GB" == write(LetterKind.REMINDER_1, locale="en").locale
        assert "fr_FR" == write(LetterKind.REMINDER_1, locale="fr").locale
        us = write(LetterKind.REMINDER_1, locale="en-US")
        assert "en_US" == us.locale
        assert "April 15, 2025" in us.text
        with pytest.raises(InvalidArgument, match="French or English"):
            write(LetterKind.REMINDER_1, locale="de_DE")
        with pytest.raises(InvalidArgument, match="babel"):
            write(LetterKind.REMINDER_1, locale="fr_XX")

    def test_from_an_action(self) -> None:
        """An action brings its kind, its day and its policy."""
        case = open_case()
        (action,) = next_actions(case, POLICY, date(2025, 4, 7))
        letter = render(action, case, creditor=ACME)
        assert (LetterKind.REMINDER_1, date(2025, 4, 7)) == (letter.kind, letter.on)
        assert letter == render(LetterKind.REMINDER_1, case, creditor=ACME, today=date(2025, 4, 7))
        with pytest.raises(InvalidArgument, match="F-2"):
            render(action, open_case(reference="F-2"), creditor=ACME)

    def test_letters_are_deterministic_values(self) -> None:
        """Same inputs, same letter; a letter is frozen."""
        assert write(LetterKind.FORMAL_NOTICE) == write(LetterKind.FORMAL_NOTICE)
        letter = write(LetterKind.REMINDER_1)
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            letter.subject = "x"  # type: ignore[misc]
        assert repr(letter).startswith("Letter(kind='reminder_1', locale='fr_FR'")
        assert letter.text == str(letter)

    @pytest.mark.parametrize(
        ("kind", "today", "match"),
        [
            (LetterKind.PRE_REMINDER, date(2025, 4, 1), "on or before the due date"),
            (LetterKind.REMINDER_1, date(2025, 3, 31), "after the due date"),
            (LetterKind.FORMAL_NOTICE, date(2025, 3, 20), "after the due date"),
            ("nope", date(2025, 4, 1), "a LetterKind"),
        ],
    )
    def test_kind_must_fit_the_date(self, kind: LetterKind | str, today: date, match: str) -> None:
        """A pre-reminder comes on or before the due date, the others after it."""
        with pytest.raises(InvalidArgument, match=match):
            render(kind, open_case(), creditor=ACME, today=today)

    def test_refused_cases(self) -> None:
        """No reminder after the notice, no letter for a closed or disputed case."""
        noticed = apply(open_case(), FormalNoticeSent(date(2025, 5, 15)), POLICY)
        with pytest.raises(InvalidArgument, match="stage never goes back"):
            write(LetterKind.REMINDER_2, noticed, today=date(2025, 5, 20))
        owed = claim_amounts(open_case(), POLICY, date(2025, 4, 2)).total
        paid = apply(open_case(), PaymentReceived(date(2025, 4, 2), owed), POLICY)
        with pytest.raises(InvalidArgument, match="closed"):
            write(LetterKind.REMINDER_1, paid, today=date(2025, 4, 7))
        disputed = apply(open_case(), DisputeOpened(date(2025, 4, 2), "faulty goods"), POLICY)
        with pytest.raises(InvalidArgument, match="dispute"):
            write(LetterKind.REMINDER_1, disputed, today=date(2025, 4, 7))

    def test_bad_arguments(self) -> None:
        """Wrong types and impossible dates raise DunningError subclasses, naming the argument."""
        case = open_case()
        with pytest.raises(InvalidDate, match="last event"):
            write(
                LetterKind.REMINDER_1,
                apply(case, HandedOver(date(2025, 6, 1)), POLICY),
                today=date(2025, 5, 1),
            )
        with pytest.raises(DateTypeError):
            write(LetterKind.REMINDER_1, today=datetime(2025, 4, 7, tzinfo=timezone.utc))
        with pytest.raises(InvalidArgument, match="today"):
            render(LetterKind.REMINDER_1, case, creditor=ACME)
        with pytest.raises(InvalidArgument, match="creditor"):
            write(LetterKind.REMINDER_1, creditor="ACME")
        with pytest.raises(InvalidArgument, match="case"):
            render(LetterKind.REMINDER_1, "F-1", creditor=ACME, today=date(2025, 4, 7))  # type: ignore[arg-type]
        with pytest.raises(InvalidArgument, match="due date"):
            write(LetterKind.PRE_REMINDER, deadline_days=5)
        with pytest.raises(InvalidArgument, match="deadline_days"):
            write(LetterKind.REMINDER_1, deadline_days=0)
        assert date(2025, 4, 22) == write(LetterKind.REMINDER_1, deadline_days=15).deadline


# What a consumer letter never says (the amounts in the unit tests are chosen so that "40,00" and
# "€40" cannot come from them); the property tests, with any amount, check the words only.
CONSUMER_WORDS = re.compile(r"indemnit|compensation|L441-10|D441-5|pénalit|penalt", re.IGNORECASE)
CONSUMER_FORBIDDEN = re.compile(
    r"40,00|€40|40 €|indemnit|compensation|L441-10|D441-5|pénalit|penalt", re.IGNORECASE
)


class TestConsumer:
    @pytest.mark.parametrize("kind", list(LetterKind))
    @pytest.mark.parametrize("locale", ["fr_FR", "en_GB"])
    def test_no_indemnity_nor_penalties(self, kind: LetterKind, locale: str) -> None:
        """A consumer is never asked for the 40 € indemnity nor B2B penalties (CPCE L111-8)."""
        case = open_case("500", segment=DebtorSegment.CONSUMER)
        if kind is LetterKind.PENALTY_CLAIM:  # legal interest runs from the notice's receipt
            case = apply(case, FormalNoticeSent(date(2025, 5, 15)), POLICY)
            case = apply(case, FormalNoticeDelivered(date(2025, 5, 17)), POLICY)
            case = paid_late(case, date(2025, 6, 10))
        if kind is LetterKind.CLAIM_DECLARATION:
            case = in_procedure(case)
        days = {"today": date(2025, 6, 13)} if kind is LetterKind.PENALTY_CLAIM else {}
        letter = write(kind, case, locale=locale, **days)
        assert CONSUMER_FORBIDDEN.search(letter.text) is None, letter.text
        assert CONSUMER_FORBIDDEN.search(letter.subject) is None
        assert L441_10 not in letter.articles
        assert D441_5 not in letter.articles
        assert Decimal(0) == letter.amounts.indemnity

    def test_legal_interest_only_after_the_notice(self) -> None:
        """Before the notice, nothing but the principal; after it, legal interest (C. civ. 1231-6)."""
        case = open_case("500", segment=DebtorSegment.CONSUMER)
        notice = write(LetterKind.FORMAL_NOTICE, case)
        assert Decimal(0) == notice.amounts.interest
        assert (
            "porteront intérêts au taux légal (articles 1231-6 et 1344-1 du Code civil)"
            in notice.text
        )
        case = apply(case, FormalNoticeSent(date(2025, 5, 15)), POLICY)
        case = apply(case, FormalNoticeDelivered(date(2025, 5, 17)), POLICY)
        letter = write(LetterKind.HAND_OVER, case, today=date(2025, 6, 10))
        # 18 May–10 Jun: 24 d at 3.71 % (legal rate, autres cas, 2025 H1):
        #   500 × 3.71 × 24 / 36 500 = 1.2197 → 1.22
        assert "Intérêts — intérêts au taux légal (CMF art. L313-2) : 1,22 €" in plain(letter.text)
        assert "Autres accessoires : néant" in letter.text
        assert CIV_1231_6 in letter.articles


HOSTILE = "<script>alert(1)</script> & Fils"


class TestPenaltyClaim:
    """Issue 9: once the principal is paid late, a letter claims the penalties and the 40 €."""

    def test_the_planned_step_writes_the_claim(self) -> None:
        """The policy's penalty_claim step gives the letter, its amounts line by line, hand-checked."""
        case = paid_late(open_case())
        (action,) = next_actions(case, POLICY, DAYS[LetterKind.PENALTY_CLAIM])
        assert LetterKind.PENALTY_CLAIM == letter_kind(action, case)
        letter = render(action, case, creditor=ACME, debtor=CLIENT)
        assert (LetterKind.PENALTY_CLAIM, date(2025, 5, 5)) == (letter.kind, letter.on)
        assert "F-2025-042/PEN/2025-05-05" == letter.reference
        assert "Sommes restant dues : facture n° F-2025-042 réglée le 2 mai 2025" == letter.subject
        text = plain(letter.text)
        # The 10 000 € paid on 2 May go to the interest first (C. civ. 1343-1):
        #   1 Apr–2 May: 10 000 × 13.15 % × 32/365 = 115.29, paid; 115.29 of principal left;
        #   3–5 May: 115.29 × 13.15 % × 3/365 = 0.12; 115.29 + 0.12 + 40 = 155.41
        for line in (
            "Nous avons bien reçu le 2 mai 2025 le règlement du montant de notre facture",
            "Déjà réglé (paiements et avoirs) : 10 000,00 €",
            "  dont imputé sur les intérêts échus (C. civ. art. 1343-1) : 115,29 €",
            "Pénalités de retard (taux BCE + 10 points, C. com. art. L441-10) : 115,41 €",
            "  du 3 mai 2025 au 5 mai 2025 (3 jours) sur 115,29 € au taux annuel de 13,15 % : 0,12 €",
            "Indemnité forfaitaire pour frais de recouvrement (C. com. art. D441-5) : 40,00 €",
            "Total dû au 5 mai 2025 : 155,41 €",
            (
                "sont exigibles de plein droit à compter du jour suivant la date d'échéance, sans "
                "qu'un rappel soit nécessaire"
            ),
            "dans un délai de 8 jours, soit au plus tard le 13 mai 2025",
        ):
            assert line in text
        assert Decimal("155.41") == letter.amounts.total
        assert {L441_10, D441_5} <= set(letter.articles)
        assert "paid_on" in {m.key for m in letter.mentions}

    def test_english(self) -> None:
        """The English letter says the same, citing the same articles."""
        letter = write(LetterKind.PENALTY_CLAIM, locale="en_GB")
        assert "Amounts still due: invoice F-2025-042 paid on 2 May 2025" == letter.subject
        text = plain(letter.text)
        assert "without any reminder being necessary" in text
        assert "Fixed compensation for recovery costs (C. com. art. D441-5): €40.00" in text
        assert "Total due on 5 May 2025: €155.41" in text

    def test_refused_while_principal_is_owed(self) -> None:
        """Before the principal is paid, the reminders claim everything: no penalty claim."""
        with pytest.raises(InvalidArgument, match="still owed"):
            write(LetterKind.PENALTY_CLAIM, open_case())
        partly = apply(open_case(), PaymentReceived(PAID_ON, "9999.99"), POLICY)
        with pytest.raises(InvalidArgument, match=r"0\.01 EUR of principal is still owed"):
            write(LetterKind.PENALTY_CLAIM, partly)

    def test_refused_once_waived(self) -> None:
        """Penalties waived (the event or the policy): the case is paid, the machine refuses."""
        case = paid_late(open_case())
        (action,) = next_actions(case, POLICY, DAYS[LetterKind.PENALTY_CLAIM])
        waived = apply(case, PenaltiesWaived(date(2025, 5, 4), "geste commercial"), POLICY)
        assert Stage.PAID == waived.stage
        assert () == next_actions(waived, POLICY, DAYS[LetterKind.PENALTY_CLAIM])
        with pytest.raises(InvalidArgument, match="an action the machine accepts"):
            render(action, waived, creditor=ACME)
        with pytest.raises(InvalidArgument, match="closed"):
            write(LetterKind.PENALTY_CLAIM, waived)
        lenient = attrs.evolve(POLICY, waive_penalties=True)
        paid = apply(open_case(), PaymentReceived(PAID_ON, "10000"), lenient)
        assert Stage.PAID == paid.stage
        with pytest.raises(InvalidArgument, match="closed"):
            write(LetterKind.PENALTY_CLAIM, paid, policy=lenient)

    def test_refused_once_recorded(self) -> None:
        """The claim sent and recorded, its action writes no second letter."""
        case = paid_late(open_case())
        (action,) = next_actions(case, POLICY, DAYS[LetterKind.PENALTY_CLAIM])
        sent = apply(case, action.to_event(action.due_on), POLICY)
        with pytest.raises(InvalidArgument, match="already recorded"):
            render(action, sent, creditor=ACME)


class TestClaimDeclaration:
    """Issue 9: the declaration of the claim to the mandataire (C. com. L622-24, L622-25)."""

    def test_the_planned_action_writes_the_declaration(self) -> None:
        """The machine's declaration action gives the letter; its amounts are hand-checked."""
        case = in_procedure(open_case())
        (action,) = next_actions(case, POLICY, DAYS[LetterKind.CLAIM_DECLARATION])
        assert LetterKind.CLAIM_DECLARATION == letter_kind(action, case)
        letter = render(action, case, creditor=ACME, debtor=CLIENT, mandataire=MANDATAIRE)
        assert (LetterKind.CLAIM_DECLARATION, date(2025, 6, 20)) == (letter.kind, letter.on)
        assert "F-2025-042/DC/2025-06-20" == letter.reference
        assert "Déclaration de créance : Client SARL, facture n° F-2025-042" == letter.subject
        text = plain(letter.text)
        # Interest stops at the judgment of 2 June (L622-28): 1 Apr–2 Jun, 63 days:
        #   10 000 × 13.15 × 63 / 36 500 = 226.972 → 226.97; + 10 000 + 40 = 10 266.97
        for line in (
            "SELARL Martin & Associés\nÀ l'attention de : Maître Jeanne Martin\n10 quai",
            (
                "Par jugement du 2 juin 2025, publié au BODACC le 12 juin 2025, une procédure de "
                "redressement judiciaire a été ouverte à l'égard du débiteur ci-dessous."
            ),
            "Débiteur :\nClient SARL\n",
            "  du 1er avril 2025 au 2 juin 2025 (63 jours) sur 10 000,00 € au taux annuel de 13,15 % : 226,97 €",
            "Indemnité forfaitaire pour frais de recouvrement (C. com. art. D441-5) : 40,00 €",
            "Intérêts arrêtés au jour du jugement d'ouverture du 2 juin 2025 (C. com. art. L622-28)",
            "Montant de la créance au jour du jugement d'ouverture : 10 266,97 €",
            "Sommes à échoir : néant",
            "Nature de la créance : chirographaire (aucune sûreté ni privilège).",
            "Nous certifions la présente créance sincère et véritable (C. com. art. L622-25).",
            "1. Facture n° F-2025-042 du 1er mars 2025, d'un montant de 10 000,00 €",
            "2. Décompte de la créance au jour du jugement d'ouverture",
            (
                "dans le délai de deux mois à compter de la publication du jugement d'ouverture "
                "au BODACC le 12 juin 2025, soit au plus tard le 12 août 2025"
            ),
        ):
            assert line in text
        assert "IBAN" not in text  # nothing is asked of the debtor (L622-21)
        assert action.deadline == letter.deadline == date(2025, 8, 12)
        assert Decimal("10266.97") == letter.amounts.total == action.amounts().total
        assert {L622_24, L622_25, L622_28, R622_23, R622_24, D441_5} <= set(letter.articles)
        assert L622_24 == letter.articles[0]
        later = write(LetterKind.CLAIM_DECLARATION, case, today=date(2025, 8, 1))
        assert letter.amounts.total == later.amounts.total  # nothing accrues after the judgment

    def test_english(self) -> None:
        """The English letter says the same, citing the same articles."""
        letter = write(LetterKind.CLAIM_DECLARATION, locale="en_GB")
        assert "Declaration of claim: Client SARL, invoice F-2025-042" == letter.subject
        text = plain(letter.text)
        assert "judicial reorganisation (redressement judiciaire) proceedings" in text
        assert "Amount of the claim on the day of the opening judgment: €10,266.97" in text
        assert "certifiée sincère et véritable, C. com. art. L622-25" in text
        assert "that is by 12 August 2025 at the latest (C. com. art. R622-24)" in text
        assert "Nature of the claim: unsecured (chirographaire)" in text

    def test_sums_not_yet_due(self) -> None:
        """Opened before the due date: nothing late, the principal is declared as falling due."""
        early = CollectiveProcedureOpened(
            date(2025, 3, 20), CollectiveProcedure.LIQUIDATION, date(2025, 3, 28)
        )
        case = in_procedure(open_case(), early)
        letter = write(LetterKind.CLAIM_DECLARATION, case, today=date(2025, 3, 28))
        text = plain(letter.text)
        assert "une procédure de liquidation judiciaire a été ouverte" in text
        assert "Montant de la créance au jour du jugement d'ouverture : 10 000,00 €" in text
        assert "  dont à échoir : 10 000,00 €, à l'échéance du 31 mars 2025" in text
        assert (Decimal(0), Decimal(0)) == (letter.amounts.interest, letter.amounts.indemnity)
        assert date(2025, 5, 28) == letter.deadline

    def test_bordereau_lists_the_formal_notice(self) -> None:
        """A formal notice sent and received before the judgment is attached with its receipt."""
        case = apply(open_case(), FormalNoticeSent(date(2025, 5, 15)), POLICY)
        case = in_procedure(apply(case, FormalNoticeDelivered(date(2025, 5, 19)), POLICY))
        text = plain(write(LetterKind.CLAIM_DECLARATION, case).text)
        assert "2. Mise en demeure du 15 mai 2025\n3. Avis de réception" in text
        assert "4. Décompte de la créance" in text

    def test_bordereau_lists_a_served_notice_by_its_act(self) -> None:
        """A formal notice served by a commissaire de justice is attached as his act of service
        (delivered on its day, CPC 653): no postal receipt."""
        served = FormalNoticeSent(date(2025, 5, 15), Channel.COMMISSAIRE_DE_JUSTICE)
        case = in_procedure(apply(open_case(), served, POLICY))
        text = plain(write(LetterKind.CLAIM_DECLARATION, case).text)
        assert (
            "2. Acte de signification de la mise en demeure par commissaire de justice du "
            "15 mai 2025\n3. Décompte de la créance"
        ) in text
        assert "Avis de réception" not in text
        english = plain(write(LetterKind.CLAIM_DECLARATION, case, locale="en_GB").text)
        assert (
            "2. Deed of service of the formal notice by a commissaire de justice, 15 May 2025"
            in (english)
        )

    def test_refused_without_procedure(self) -> None:
        """No collective procedure recorded: no declaration, by kind or by the machine's check."""
        with pytest.raises(InvalidArgument, match="collective procedure"):
            write(LetterKind.CLAIM_DECLARATION, open_case())
        case = in_procedure(open_case())
        (action,) = next_actions(case, POLICY, DAYS[LetterKind.CLAIM_DECLARATION])
        with pytest.raises(InvalidArgument, match="an action the machine accepts"):
            render(action, open_case(), creditor=ACME, debtor=CLIENT, mandataire=MANDATAIRE)

    def test_refused_once_declared(self) -> None:
        """The claim declared and recorded, no second declaration is written."""
        case = in_procedure(open_case())
        (action,) = next_actions(case, POLICY, DAYS[LetterKind.CLAIM_DECLARATION])
        declared = apply(case, ClaimDeclared(date(2025, 6, 25)), POLICY)
        with pytest.raises(InvalidArgument, match="an action the machine accepts"):
            render(
                action,
                declared,
                today=date(2025, 6, 26),
                creditor=ACME,
                debtor=CLIENT,
                mandataire=MANDATAIRE,
            )
        with pytest.raises(InvalidArgument, match="already declared on 2025-06-25"):
            write(LetterKind.CLAIM_DECLARATION, declared, today=date(2025, 6, 26))

    def test_no_other_letter_once_the_procedure_is_opened(self) -> None:
        """Individual actions stop at the judgment (L622-21): no reminder, notice or claim."""
        case = in_procedure(open_case())
        for kind in LetterKind:
            if kind is not LetterKind.CLAIM_DECLARATION:
                with pytest.raises(InvalidArgument, match="L622-21"):
                    write(kind, case, today=date(2025, 6, 20))

    def test_names_the_mandataire_and_the_debtor(self) -> None:
        """The addressee and the debtor are required; the deadline is the law's, not an option."""
        with pytest.raises(InvalidArgument, match="mandataire"):
            write(LetterKind.CLAIM_DECLARATION, mandataire=None)
        with pytest.raises(InvalidArgument, match="debtor"):
            write(LetterKind.CLAIM_DECLARATION, debtor=None)
        with pytest.raises(InvalidArgument, match="R622-24"):
            write(LetterKind.CLAIM_DECLARATION, deadline_days=30)


class TestHtml:
    def test_hostile_values_are_escaped(self) -> None:
        """Names with markup and ampersands are escaped in the HTML, kept as is in the text."""
        creditor = Creditor(HOSTILE, "<b>1 rue</b> & co", iban=IBAN, payment_means=["<img src=x>"])
        debtor = Debtor(HOSTILE, "<i>Lyon</i>", attention="a & b")
        case = open_case(reference="<F&1>")
        agency = Agency(HOSTILE, "<u>x</u>", payment_means="<a href='y'>pay</a>")
        for kind in LetterKind:
            paid = paid_late(case) if kind is LetterKind.PENALTY_CLAIM else case
            if kind is LetterKind.CLAIM_DECLARATION:
                paid = in_procedure(case)
            letter = write(
                kind, paid, creditor=creditor, debtor=debtor, agency=agency, mandataire=debtor
            )
            assert "<script>" in letter.text
            assert "<script>" not in letter.html
            assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Fils" in letter.html
            assert "&lt;F&amp;1&gt;" in letter.html
            assert "<" not in user_tags(letter.html)
            assert ">" not in user_tags(letter.html)

    def test_html_structure(self) -> None:
        """Paragraphs for blank-line blocks, <br> for line breaks, the locale as lang."""
        letter = write(LetterKind.REMINDER_1, locale="en_GB")
        assert letter.html.startswith(
            '<div class="dunning-letter" lang="en-GB">\n<p>ACME SAS<br>\n'
        )
        assert letter.html.endswith("</p>\n</div>\n")
        assert letter.text.count("\n\n") + 1 == letter.html.count("<p>")


def golden_cases() -> dict[str, tuple[LetterKind, str, Case]]:
    standard = apply(open_case(), PaymentReceived(date(2025, 4, 20), "2500"), POLICY)
    consumer = open_case("480.50", segment=DebtorSegment.CONSUMER, reference="C-2025-007")
    public = open_case("18000", segment=DebtorSegment.PUBLIC_BODY, reference="P-2025-003")
    out: dict[str, tuple[LetterKind, str, Case]] = {}
    for kind in LetterKind:
        if kind in (LetterKind.PENALTY_CLAIM, LetterKind.CLAIM_DECLARATION):
            continue  # below: it needs the principal paid, or the debtor's procedure opened
        for locale in ("fr_FR", "en_GB"):
            early = kind in (LetterKind.PRE_REMINDER, LetterKind.REMINDER_1)
            case = open_case() if early else standard
            out[f"{kind.value}.{locale}"] = (kind, locale, case)
    for locale in ("fr_FR", "en_GB"):  # the principal paid in two payments, the last one late
        out[f"penalty_claim.{locale}"] = (LetterKind.PENALTY_CLAIM, locale, paid_late(standard))
    # A partial payment, a formal notice delivered, then the judgment: the bordereau lists them.
    noticed = apply(standard, FormalNoticeSent(date(2025, 5, 15)), POLICY)
    noticed = apply(noticed, FormalNoticeDelivered(date(2025, 5, 19)), POLICY)
    for locale in ("fr_FR", "en_GB"):
        out[f"claim_declaration.{locale}"] = (
            LetterKind.CLAIM_DECLARATION,
            locale,
            in_procedure(noticed),
        )
    out["formal_notice.consumer.fr_FR"] = (LetterKind.FORMAL_NOTICE, "fr_FR", consumer)
    out["reminder_1.consumer.en_GB"] = (LetterKind.REMINDER_1, "en_GB", consumer)
    out["reminder_2.public.fr_FR"] = (LetterKind.REMINDER_2, "fr_FR", public)
    return out


GOLDEN_CASES = golden_cases()


class TestGolden:
    @pytest.mark.parametrize("name", sorted(GOLDEN_CASES))
    def test_golden_letter(self, name: str) -> None:
        """Subject, text and HTML equal the reviewed golden files (UPDATE_GOLDEN=1 rewrites them)."""
        kind, locale, case = GOLDEN_CASES[name]
        letter = write(kind, case, locale=locale)
        text = f"{letter.subject}\n\n{letter.text}"
        text_path, html_path = GOLDEN / f"{name}.txt", GOLDEN / f"{name}.html"
        if os.environ.get("UPDATE_GOLDEN") == "1":
            GOLDEN.mkdir(parents=True, exist_ok=True)
            text_path.write_text(text, encoding="utf-8")
            html_path.write_text(letter.html, encoding="utf-8")
        assert text_path.read_text(encoding="utf-8") == text
        assert html_path.read_text(encoding="utf-8") == letter.html

    def test_every_kind_and_locale_has_a_golden(self) -> None:
        """Each kind has a golden letter in French and in English."""
        names = {p.name for p in GOLDEN.glob("*.txt")}
        for kind in LetterKind:
            for locale in LANGUAGES.values():
                assert f"{kind.value}.{locale}.txt" in names


# --- Properties -------------------------------------------------------------------------------

_SAFE_TEXT = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cc", "Cs", "Zl", "Zp"),
        # what check_text refuses: C1 controls and Unicode's bidirectional controls
        blacklist_characters="\x85\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
        "\u2066\u2067\u2068\u2069",
    ),
    min_size=1,
    max_size=40,
).filter(lambda s: bool(s.strip()))
_MARKUP = st.sampled_from(
    ["<", ">", "&", "<script>", "</p>", "&amp;", '"', "'", "$x", "${amounts}"]
)
_NAMES = st.one_of(_SAFE_TEXT, st.builds(lambda a, b: a + b, _SAFE_TEXT, _MARKUP))


@st.composite
def scenarios(draw: st.DrawFn) -> tuple[LetterKind, Case, date, str, Creditor, Debtor, Agency]:
    segment = draw(st.sampled_from(list(DebtorSegment)))
    cents = draw(st.integers(min_value=1, max_value=100_000_000))
    issued = draw(st.dates(min_value=date(2016, 1, 1), max_value=date(2025, 12, 31)))
    due = issued + timedelta(days=draw(st.integers(0, 90)))
    reference = draw(_NAMES.filter(lambda text: text == text.strip()))  # no space at the ends
    case = Case.open(reference, Decimal(cents).scaleb(-2), issued, due_on=due, segment=segment)
    # A penalty claim needs the principal paid: test_machine_cases_always_render draws it.
    # A declaration needs the debtor's procedure opened: TestClaimDeclaration covers it.
    later = (LetterKind.PENALTY_CLAIM, LetterKind.CLAIM_DECLARATION)
    kind = draw(st.sampled_from([k for k in LetterKind if k not in later]))
    if kind is LetterKind.PRE_REMINDER:
        today = due - timedelta(days=draw(st.integers(0, (due - issued).days)))
    else:
        late = draw(st.integers(1, 200))
        today = min(due + timedelta(days=late), date(2026, 6, 30))
        if today <= due:
            today = due + timedelta(days=1)
    if today > date(2026, 6, 30):
        kind, today = LetterKind.PRE_REMINDER, due
    locale = draw(st.sampled_from(["fr_FR", "en_GB", "en", "fr", "fr_BE", "en_US"]))
    creditor = Creditor(draw(_NAMES), draw(_NAMES), iban=IBAN, contact=draw(st.none() | _NAMES))
    debtor = Debtor(draw(_NAMES), draw(st.none() | _NAMES), attention=draw(st.none() | _NAMES))
    agency = Agency(draw(_NAMES), draw(_NAMES), payment_means=[draw(_NAMES)])
    return kind, case, today, locale, creditor, debtor, agency


class TestProperties:
    @given(scenarios())
    def test_rendering_never_raises_and_html_is_escaped(
        self, scenario: tuple[LetterKind, Case, date, str, Creditor, Debtor, Agency]
    ) -> None:
        """Valid cases always render; the HTML has no '<' or '>' but the renderer's own tags."""
        kind, case, today, locale, creditor, debtor, agency = scenario
        letter = render(
            kind, case, creditor=creditor, debtor=debtor, agency=agency, today=today, locale=locale
        )
        assert "<" not in user_tags(letter.html)
        assert ">" not in user_tags(letter.html)
        assert "\n" not in letter.subject
        assert {m.key for m in REQUIRED_MENTIONS[kind]} <= {m.key for m in letter.mentions}
        if case.segment is DebtorSegment.CONSUMER:
            assert Decimal(0) == letter.amounts.indemnity
            assert L441_10 not in letter.articles

    @given(cases(), st.data())
    def test_machine_cases_always_render(self, case: Case, data: st.DataObject) -> None:
        """Any open case the machine can build renders every letter that fits its date and stage."""
        assume(not case.stage.terminal and case.dispute is None)
        today = data.draw(st.dates(min_value=case.last_on, max_value=MAX_DATE))
        if today <= case.due_on:
            kinds = [LetterKind.PRE_REMINDER]
        elif case.stage.rank < Stage.FORMAL_NOTICE.rank:
            kinds = [k for k in LetterKind if k is not LetterKind.PRE_REMINDER]
        else:
            kinds = [LetterKind.FORMAL_NOTICE, LetterKind.HAND_OVER]
        kinds = [
            k for k in kinds if k not in (LetterKind.PENALTY_CLAIM, LetterKind.CLAIM_DECLARATION)
        ]
        if case.insolvency is not None:  # only the declaration, until it is recorded (L622-21)
            assume(case.declared is None)
            kinds = [LetterKind.CLAIM_DECLARATION]
            planned = {a.kind for a in next_actions(case, POLICY, today)}
            if StepKind.CLAIM_DECLARATION not in planned:  # time-barred: the machine plans none
                with pytest.raises(InvalidArgument, match="plans none"):
                    write(kinds[0], case, today=today)
                return
        if case.balance == 0 and today > case.due_on:
            kinds.append(LetterKind.PENALTY_CLAIM)
        kind = data.draw(st.sampled_from(kinds))
        locale = data.draw(st.sampled_from(["fr_FR", "en_GB"]))
        letter = write(
            kind, case, today=today, locale=locale, creditor=Creditor(HOSTILE, "Paris", iban=IBAN)
        )
        assert "<" not in user_tags(letter.html)
        assert letter.amounts.total == (
            letter.amounts.principal + letter.amounts.interest + letter.amounts.indemnity
        )
        if case.segment is DebtorSegment.CONSUMER:
            assert CONSUMER_WORDS.search(letter.text) is None
