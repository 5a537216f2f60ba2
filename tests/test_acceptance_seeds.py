"""
Acceptance review: the concrete claims of the five seed articles (``shared/seeds/*.txt``) and of
``shared/reference/LAW.md``, each checked on the public API the way a user would call it.

One small test per claim, named after it; its docstring quotes the seed or cites the article.
Where the seeds disagree with each other or with the law, the law and DESIGN.md win (noted in the
test). Prescription and payment-term wordings have their own files
(``test_acceptance_prescription.py``, ``test_acceptance_terms.py``).

Seeds: 000 "Recouvrement de créances : les 4 étapes clés"; 001 "La relance de facture impayée :
le guide complet"; 002 "Recouvrement de factures : comment gérer les clients récalcitrants ?";
003 "La relance niveau 3" (mise en demeure); 004 "Comment mettre en place la phase de
recouvrement amiable ?".
"""

from __future__ import annotations

import io
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

import attrs
import pytest

from dunning_core import (
    DebtorSegment,
    PaymentTerms,
    PenaltyBasis,
    PolicyError,
    PublicBuyer,
    Severity,
    Stage,
    ageing,
    apply,
    check,
    check_terms,
    cli,
    due_date,
    french_default,
    late_penalties,
    next_actions,
)
from dunning_core.errors import InvalidArgument
from dunning_core.format import label
from dunning_core.interest import Creditor as CreditorKind
from dunning_core.interest import Payment
from dunning_core.law import (
    CCP_D2192_35,
    CCP_L2192_14,
    CCP_R2192_10,
    CCP_R2192_11,
    CCP_R2192_31,
    CCP_R2192_36,
    CIV_1344,
    CPC_653,
    CPC_1405,
    CPCE_L125_1,
    D441_5,
    L441_10,
    L441_11,
    L441_12,
    L622_21,
    L622_28,
)
from dunning_core.letters import Agency, Creditor, Debtor, LetterKind, render
from dunning_core.machine import (
    Agent,
    AlternativeResolutionStarted,
    Case,
    ClaimFiled,
    CollectiveProcedure,
    CollectiveProcedureOpened,
    ContactMade,
    CreditNoteIssued,
    Delivery,
    DisputeOpened,
    DisputeResolved,
    Event,
    FormalNoticeDelivered,
    FormalNoticeSent,
    HandedOver,
    Instalment,
    PaymentPlanAgreed,
    PaymentReceived,
    PenaltiesWaived,
    Procedure,
    PromiseToPay,
    Proof,
    ProofRecorded,
    Resolution,
    claim_amounts,
    formal_notice_deadline,
    timeline,
)
from dunning_core.policy import Cap, Channel, Step, StepKind

POLICY = french_default()
ISSUED = date(2025, 3, 1)
DUE = date(2025, 3, 31)  # a Monday
ACME = Creditor("ACME SAS", "1 rue de la Paix\n75002 Paris", iban="FR7630006000011234567890189")


def case_of(
    *events: Event,
    amount: str = "5000",
    segment: DebtorSegment = DebtorSegment.STANDARD,
    due_on: date = DUE,
) -> Case:
    """A case opened on ISSUED, due on *due_on*, with *events* applied in order."""
    case = Case.open("F-SEED", amount, ISSUED, due_on=due_on, segment=segment)
    for event in events:
        case = apply(case, event, POLICY)
    return case


def planned(case: Case, today: date) -> list[str]:
    """The names of the steps the planner proposes on *today*."""
    return [action.step.name for action in next_actions(case, POLICY, today)]


NOTICE_SENT = date(2025, 5, 15)  # day 45, a Thursday
NOTICE_DELIVERED = date(2025, 5, 19)  # a Monday: deadline 3 June (a Tuesday)
DEADLINE = date(2025, 6, 3)


def noticed(*events: Event, delivery: Delivery = Delivery.RECEIVED, amount: str = "5000") -> Case:
    """A case whose formal notice was sent and delivered, then *events*."""
    return case_of(
        FormalNoticeSent(NOTICE_SENT),
        FormalNoticeDelivered(NOTICE_DELIVERED, delivery),
        *events,
        amount=amount,
    )


# --------------------------------------------------------------------------------------------
# Seed 000, step 1: the pre-reminder
# --------------------------------------------------------------------------------------------


class TestPreReminder:
    def test_pre_reminder_is_planned_before_the_due_date(self) -> None:
        """Seed 000: « La pré-relance consiste à [...] votre client avant que votre facture ne
        soit arrivée à échéance »."""
        actions = next_actions(case_of(), POLICY, DUE - timedelta(days=5))
        assert ["pre_reminder"] == [action.step.name for action in actions]
        (action,) = actions
        assert action.due_on < DUE
        assert Stage.PREVENTIVE is action.step.stage

    def test_pre_reminder_by_letter_email_or_call(self) -> None:
        """Seed 000: « envoyer un courrier ou un e-mail ou à passer un coup de fil »."""
        for channel in (Channel.LETTER, Channel.EMAIL, Channel.PHONE):
            case = case_of(ContactMade(DUE - timedelta(days=3), channel))
            assert Stage.PREVENTIVE is case.stage
            assert 1 == case.contacts_at(Stage.PREVENTIVE, channel)

    def test_pre_reminder_only_for_the_largest_invoices(self) -> None:
        """Seed 000: « concentrez-vous uniquement sur vos plus gros montants de facture »."""
        assert [] == planned(case_of(amount="300"), DUE - timedelta(days=5))
        assert ["pre_reminder"] == planned(case_of(amount="30000"), DUE - timedelta(days=5))

    def test_pre_reminder_letter_informs_and_claims_nothing(self) -> None:
        """Seed 000: « la pré-relance n'a pas pour fonction de réclamer un paiement, mais
        d'informer » (« Avez-vous bien reçu ma facture ? »)."""
        letter = render(
            LetterKind.PRE_REMINDER, case_of(), creditor=ACME, today=DUE - timedelta(days=5)
        )
        assert "bien été reçue" in letter.text
        assert "Pénalités" not in letter.text
        assert "mise en demeure" not in letter.text.lower()
        assert DUE == letter.deadline

    def test_pre_reminder_is_refused_after_the_due_date(self) -> None:
        """Seed 000: the pre-reminder comes « avant que votre facture ne soit arrivée à
        échéance »; after it, reminders are amicable."""
        with pytest.raises(Exception, match="pre"):
            render(LetterKind.PRE_REMINDER, case_of(), creditor=ACME, today=DUE + timedelta(1))


# --------------------------------------------------------------------------------------------
# Seed 000 step 2, seed 001, seed 004: the amicable reminders
# --------------------------------------------------------------------------------------------


def test_list_the_overdue_invoices() -> None:
    """Seed 001: « Identification des factures impayées : Dressez une liste des factures en
    retard »: the ageing balance puts each open invoice in its band of days late (C. com.
    D441-6)."""
    cases = [
        case_of(),
        Case.open("F-LATE", "1200", date(2025, 1, 2), due_on=date(2025, 2, 1)),
        Case.open("F-SOON", "800", date(2025, 4, 1), due_on=date(2025, 5, 1)),
    ]
    report = ageing(cases, date(2025, 4, 20))
    assert Decimal("7000") == report.total
    assert Decimal("6200") == report.overdue  # 5 000 € 20 days late, 1 200 € 78 days late


class TestAmicableReminders:
    def test_amicable_reminders_by_phone_email_or_letter(self) -> None:
        """Seed 000: « Par téléphone, e-mail ou courrier, vous rappelez à votre client qu'il a
        « oublié » de vous régler »."""
        amicable = [s for s in POLICY.schedule(DebtorSegment.STANDARD) if s.stage is Stage.AMICABLE]
        channels = {s.channel for s in amicable if s.kind is StepKind.REMINDER}
        assert {Channel.PHONE, Channel.EMAIL, Channel.LETTER} == channels

    def test_first_reminder_is_an_email_a_few_days_after_the_due_date(self) -> None:
        """Seed 001: « Première relance : Envoyez un email poli pour rappeler la date d'échéance
        passée »; seed 000: « L'échéance de votre facture est dépassée depuis quelques jours »."""
        (action,) = next_actions(case_of(amount="500"), POLICY, DUE + timedelta(days=5))
        assert (Channel.EMAIL, Stage.AMICABLE) == (action.step.channel, action.step.stage)
        assert DUE < action.due_on <= DUE + timedelta(days=7)

    def test_the_process_email_call_letter_then_formal_notice(self) -> None:
        """Seed 001's steps in order: email, « Suivi téléphonique », « Deuxième relance » by
        letter, « Mise en demeure », « Recours judiciaire »."""
        steps = [step for step in POLICY.schedule(DebtorSegment.STANDARD) if step.offset > 0]
        kinds = [(step.channel, step.kind) for step in steps[:3]]
        assert [
            (Channel.EMAIL, StepKind.REMINDER),
            (Channel.PHONE, StepKind.REMINDER),
            (Channel.LETTER, StepKind.REMINDER),
        ] == kinds
        order = [step.kind for step in steps if step.kind is not StepKind.PENALTY_CLAIM]
        assert order.index(StepKind.FORMAL_NOTICE) < order.index(StepKind.HAND_OVER)
        assert order.index(StepKind.HAND_OVER) < order.index(StepKind.CLAIM)

    def test_reminders_do_not_threaten(self) -> None:
        """Seed 000: « Pour le moment, pas de menace, juste un petit rappel à l'ordre »; « La
        mise en demeure est une menace, contrairement aux précédentes relances »."""
        for kind, today in (
            (LetterKind.REMINDER_1, date(2025, 4, 7)),
            (LetterKind.REMINDER_2, date(2025, 5, 7)),
        ):
            text = render(kind, case_of(), creditor=ACME, today=today).text
            assert "injonction" not in text
            assert "procédure judiciaire" not in text
            assert "Par la présente, nous vous mettons en demeure" not in text

    def test_amicable_reminder_on_the_due_date_is_refused(self) -> None:
        """Seed 002: « La relance amiable : après l'échéance »; the debt is not yet due
        (DESIGN "Deadlines and the amicable phase")."""
        assert not check(case_of(), ContactMade(DUE, Channel.EMAIL, "reminder_email_1"), POLICY)
        assert check(
            case_of(), ContactMade(DUE + timedelta(1), Channel.EMAIL, "reminder_email_1"), POLICY
        )

    def test_at_most_two_amicable_letters(self) -> None:
        """Seed 000: « Au niveau des courriers, vous en enverrez 2, pas plus »."""
        case = case_of(
            ContactMade(date(2025, 4, 10), Channel.LETTER),
            ContactMade(date(2025, 4, 20), Channel.LETTER),
        )
        verdict = check(case, ContactMade(date(2025, 4, 30), Channel.LETTER), POLICY)
        assert not verdict.allowed
        assert "cap_reached" == verdict.why.code

    @pytest.mark.parametrize("channel", [Channel.PHONE, Channel.EMAIL])
    def test_at_most_three_amicable_calls_or_emails(self, channel: Channel) -> None:
        """Seed 000: « La relance amiable ne doit pas excéder 3 coups de fils (ou e-mails) »;
        « 3 e-mails et 3 appels téléphoniques (grand maximum) »."""
        case = case_of(*(ContactMade(date(2025, 4, 5 + 5 * i), channel) for i in range(3)))
        assert 3 == case.contacts_at(Stage.AMICABLE, channel)
        verdict = check(case, ContactMade(date(2025, 4, 25), channel), POLICY)
        assert not verdict.allowed
        assert "cap_reached" == verdict.why.code

    @pytest.mark.parametrize(
        "registered", [Channel.REGISTERED_LETTER, Channel.ELECTRONIC_REGISTERED_LETTER]
    )
    def test_a_registered_reminder_counts_among_the_two_letters(self, registered: Channel) -> None:
        """Seed 000: « Au niveau des courriers, vous en enverrez 2, pas plus »; seed 001 sends
        the second reminder « en courrier recommandé »: it is one of the two letters."""
        case = case_of(
            ContactMade(date(2025, 4, 10), Channel.LETTER),
            ContactMade(date(2025, 4, 20), Channel.LETTER),
        )
        verdict = check(case, ContactMade(date(2025, 4, 30), registered), POLICY)
        assert not verdict.allowed
        assert "cap_reached" == verdict.why.code
        assert (Channel.LETTER, Channel.REGISTERED_LETTER) == dict(verdict.why.params)["shared"][:2]
        assert verdict.reason.startswith(
            "shared cap reached: 2 contact(s) by letter, registered_letter, "
            "electronic_registered_letter together at stage amicable already"
        )
        assert verdict.why.text().startswith(
            "plafond commun atteint : déjà 2 contact(s) par courrier, lettre recommandée avec "
            "accusé de réception, lettre recommandée électronique ensemble au stade « relance "
            "amiable »"
        )

    def test_after_a_letter_and_a_registered_reminder_no_third_letter(self) -> None:
        """Seed 001's registered second reminder after a first letter: the two letters of seed
        000 are sent, a third by any letter channel is refused."""
        case = case_of(
            ContactMade(date(2025, 4, 10), Channel.LETTER),
            ContactMade(date(2025, 4, 20), Channel.REGISTERED_LETTER),
        )
        for channel in (
            Channel.LETTER,
            Channel.REGISTERED_LETTER,
            Channel.ELECTRONIC_REGISTERED_LETTER,
        ):
            verdict = check(case, ContactMade(date(2025, 4, 30), channel), POLICY)
            assert "cap_reached" == verdict.why.code
        # one letter and one registered letter are within the two: both were accepted
        assert 1 == case.contacts_at(Stage.AMICABLE, Channel.REGISTERED_LETTER)
        assert 2 == case.contacts_counted(
            Stage.AMICABLE, Channel.ELECTRONIC_REGISTERED_LETTER, POLICY
        )
        # the cap of letters says nothing of calls and e-mails
        assert check(case, ContactMade(date(2025, 4, 30), Channel.PHONE), POLICY)

    def test_the_formal_notice_is_not_one_of_the_two_letters(self) -> None:
        """Seed 000: after the amicable letters « vous allez devoir lui adresser une mise en
        demeure en courrier recommandé »: it counts at the formal-notice stage."""
        case = case_of(
            ContactMade(date(2025, 4, 10), Channel.LETTER),
            ContactMade(date(2025, 4, 20), Channel.REGISTERED_LETTER),
        )
        assert check(case, FormalNoticeSent(date(2025, 5, 5)), POLICY)

    def test_a_registered_pre_reminder_is_counted_apart(self) -> None:
        """Seed 000: « 3 courriers (en comptant la pré-relance) »: a registered pre-reminder
        leaves the two amicable letters."""
        case = case_of(ContactMade(DUE - timedelta(days=5), Channel.REGISTERED_LETTER))
        assert 0 == case.contacts_counted(Stage.AMICABLE, Channel.LETTER, POLICY)
        case = case_of(
            ContactMade(DUE - timedelta(days=5), Channel.REGISTERED_LETTER),
            ContactMade(date(2025, 4, 10), Channel.LETTER),
        )
        assert check(case, ContactMade(date(2025, 4, 20), Channel.REGISTERED_LETTER), POLICY)

    def test_a_policy_of_one_cap_per_channel_counts_each_apart(self) -> None:
        """A custom policy whose caps are each of one channel (as before shared caps): two
        letters leave a registered letter free, as they did."""
        caps = [c for c in POLICY.caps if not c.shared] + [Cap(Stage.AMICABLE, Channel.LETTER, 2)]
        policy = attrs.evolve(POLICY, caps=caps)
        case = case_of(
            ContactMade(date(2025, 4, 10), Channel.LETTER),
            ContactMade(date(2025, 4, 20), Channel.LETTER),
        )
        assert check(case, ContactMade(date(2025, 4, 30), Channel.REGISTERED_LETTER), policy)
        verdict = check(case, ContactMade(date(2025, 4, 30), Channel.LETTER), policy)
        assert "cap_reached" == verdict.why.code
        assert "shared" not in dict(verdict.why.params)

    def test_the_pre_reminder_letter_is_counted_apart(self) -> None:
        """Seed 000: « 3 courriers (en comptant la pré-relance) »: a pre-reminder letter leaves
        the two amicable letters (DESIGN invariant 1: "the pre-reminder is counted apart")."""
        case = case_of(
            ContactMade(DUE - timedelta(days=5), Channel.LETTER),
            ContactMade(date(2025, 4, 10), Channel.LETTER),
        )
        assert check(case, ContactMade(date(2025, 4, 20), Channel.LETTER), POLICY)

    def test_the_default_schedule_stays_within_the_caps(self) -> None:
        """Seed 000: 3 calls, 3 e-mails, 2 letters in the amicable phase."""
        amicable = [
            s.channel
            for s in POLICY.schedule(DebtorSegment.STANDARD)
            if s.stage is Stage.AMICABLE and s.kind is StepKind.REMINDER
        ]
        assert amicable.count(Channel.LETTER) == 2
        assert amicable.count(Channel.PHONE) <= 3
        assert amicable.count(Channel.EMAIL) <= 3

    def test_amicable_phase_lasts_at_most_sixty_days(self) -> None:
        """Seed 004: « La durée de la phase de recouvrement de créances à l'amiable est de
        maximum 60 à 90 jours »: the default is 60 days; after them the formal notice is due,
        no amicable reminder any more (DESIGN "Deadlines and the amicable phase")."""
        case = case_of(ContactMade(DUE + timedelta(days=5), Channel.EMAIL, "reminder_email_1"))
        assert DUE + timedelta(days=60) == case.amicable_end(POLICY)
        assert ["formal_notice"] == planned(case, DUE + timedelta(days=61))

    def test_amicable_phase_may_not_exceed_ninety_days(self) -> None:
        """Seed 004: « maximum 60 à 90 jours »: 90 is allowed, 91 refused (the seeds disagree
        between 60 and 90; DESIGN keeps 60 by default and 90 as the hard maximum)."""
        assert 90 == attrs.evolve(POLICY, max_amicable_days=90).max_amicable_days
        with pytest.raises(PolicyError):
            attrs.evolve(POLICY, max_amicable_days=91)

    def test_a_pause_extends_the_amicable_phase(self) -> None:
        """DESIGN: "pauses (promise, payment plan, dispute) extend it by their length"."""
        case = case_of(
            ContactMade(date(2025, 4, 5), Channel.EMAIL, "reminder_email_1"),
            PromiseToPay(date(2025, 4, 8), date(2025, 4, 18)),
        )
        assert case.amicable_end(POLICY) > DUE + timedelta(days=60)


# --------------------------------------------------------------------------------------------
# Seed 004: segments
# --------------------------------------------------------------------------------------------


class TestSegments:
    def test_public_body_is_called_first(self) -> None:
        """Seed 004: « une relance écrite à un organisme public reste souvent sans effet, alors
        qu'un contact téléphonique [...] peut permettre de débloquer une situation »."""
        case = case_of(segment=DebtorSegment.PUBLIC_BODY, amount="500")
        (action,) = next_actions(case, POLICY, DUE + timedelta(days=5))
        assert Channel.PHONE is action.step.channel
        letters = [
            s for s in POLICY.schedule(DebtorSegment.PUBLIC_BODY) if s.channel is Channel.LETTER
        ]
        assert all(s.kind is StepKind.PENALTY_CLAIM for s in letters)

    def test_a_visit_to_the_client(self) -> None:
        """Seed 004: « Il est aussi envisageable qu'une visite soit rendue au client »."""
        case = case_of(ContactMade(date(2025, 4, 10), Channel.VISIT))
        assert 1 == case.contacts_at(Stage.AMICABLE, Channel.VISIT)

    def test_riskiest_clients_are_called(self) -> None:
        """Seed 004: « les clients les plus risqués, la relance purement écrite étant réservée
        aux clients les plus sûrs »."""
        (action,) = next_actions(
            case_of(segment=DebtorSegment.HIGH_RISK, amount="500"), POLICY, DUE + timedelta(2)
        )
        assert Channel.PHONE is action.step.channel

    def test_new_unresponsive_client_skips_letters(self) -> None:
        """Seed 004: « il sera inutile de multiplier les lettres de relance à un nouveau client
        qui ne se manifeste pas. On gagnera [...] à passer directement à la relance
        téléphonique, voire à une phase contentieuse »."""
        steps = POLICY.schedule(DebtorSegment.NEW_UNRESPONSIVE)
        amicable = [
            s.channel for s in steps if s.stage is Stage.AMICABLE and s.kind is StepKind.REMINDER
        ]
        assert amicable
        assert [Channel.PHONE] * len(amicable) == amicable
        notice = next(s for s in steps if s.kind is StepKind.FORMAL_NOTICE)
        standard = next(
            s for s in POLICY.schedule(DebtorSegment.STANDARD) if s.kind is StepKind.FORMAL_NOTICE
        )
        assert notice.offset < standard.offset


# --------------------------------------------------------------------------------------------
# Seeds 000 and 003: the formal notice (mise en demeure)
# --------------------------------------------------------------------------------------------


class TestFormalNotice:
    @pytest.mark.parametrize("channel", [Channel.EMAIL, Channel.LETTER, Channel.PHONE])
    def test_formal_notice_needs_a_registered_letter(self, channel: Channel) -> None:
        """Seed 000: « L'envoi en recommandé avec accusé de réception est indispensable d'un
        point de vue juridique »."""
        assert not check(case_of(), FormalNoticeSent(NOTICE_SENT, channel), POLICY)

    @pytest.mark.parametrize(
        "channel", [Channel.REGISTERED_LETTER, Channel.ELECTRONIC_REGISTERED_LETTER]
    )
    def test_formal_notice_by_lrar_or_lre(self, channel: Channel) -> None:
        """Seed 000 (LRAR); seed 003: « de préférence via une lettre recommandée électronique
        (LRE) »."""
        verdict = check(case_of(), FormalNoticeSent(NOTICE_SENT, channel), POLICY)
        assert verdict.allowed
        assert Stage.FORMAL_NOTICE is verdict.stage

    def test_a_policy_with_a_notice_by_email_is_refused(self) -> None:
        """Seed 000: the notice goes « en courrier recommandé »."""
        with pytest.raises(PolicyError):
            attrs.evolve(
                POLICY,
                steps=[
                    Step(
                        "notice",
                        Stage.FORMAL_NOTICE,
                        Channel.EMAIL,
                        45,
                        kind=StepKind.FORMAL_NOTICE,
                    )
                ],
            )

    def test_formal_notice_may_be_the_first_written_reminder(self) -> None:
        """Seed 004: « Nous recommandons une première relance écrite de type « Mise en
        Demeure » » (the other seeds put reminders first; the default policy follows them, and a
        creditor may still send the notice the day after the due date)."""
        verdict = check(case_of(), FormalNoticeSent(DUE + timedelta(1)), POLICY)
        assert verdict.allowed
        assert Stage.FORMAL_NOTICE is verdict.stage

    def test_formal_notice_served_by_a_commissaire_de_justice(self) -> None:
        """Seed 002: « Les huissiers de justice : [...] habilités à effectuer [...] la
        signification de mises en demeure »; C. civ. 1344: « par une sommation »."""
        served = Channel.COMMISSAIRE_DE_JUSTICE
        verdict = check(case_of(), FormalNoticeSent(NOTICE_SENT, served), POLICY)
        assert verdict.allowed
        assert Stage.FORMAL_NOTICE is verdict.stage
        assert ("commissaire_de_justice", "signification par commissaire de justice") == (
            served.value,
            served.label,
        )
        assert "service by a commissaire de justice" == label(served, locale="en_GB")

    def test_a_served_notice_is_delivered_on_the_day_it_is_served(self) -> None:
        """C. civ. 1344 (the sommation) and CPC 653: the date of service is the day of the
        act; the notice's deadline runs from it, with no outcome of the post to wait for."""
        case = case_of(FormalNoticeSent(NOTICE_SENT, Channel.COMMISSAIRE_DE_JUSTICE))
        assert case.delivery is not None
        assert (NOTICE_SENT, Delivery.RECEIVED) == (case.delivery.on, case.delivery.outcome)
        # 15 May + 15 days = 30 May 2025, a Friday
        assert date(2025, 5, 30) == case.notice_deadline(POLICY)
        assert formal_notice_deadline(NOTICE_SENT, POLICY) == case.notice_deadline(POLICY)
        assert case.events[-1] == FormalNoticeSent(NOTICE_SENT, Channel.COMMISSAIRE_DE_JUSTICE)

    @pytest.mark.parametrize("outcome", list(Delivery))
    def test_a_served_notice_takes_no_postal_outcome(self, outcome: Delivery) -> None:
        """CPC 653: served, the notice is delivered by its act; it is never unclaimed nor
        refused, and no outcome is recorded for it."""
        case = case_of(FormalNoticeSent(NOTICE_SENT, Channel.COMMISSAIRE_DE_JUSTICE))
        verdict = check(case, FormalNoticeDelivered(NOTICE_DELIVERED, outcome), POLICY)
        assert not verdict.allowed
        assert ("notice_served", CPC_653) == (verdict.why.code, verdict.article)
        assert verdict.reason == (
            "the formal notice served by a commissaire de justice on 2025-05-15 was delivered "
            "that day, as its act attests: there is no postal outcome to record"
        )
        assert str(verdict.why).startswith(
            "la mise en demeure signifiée le 15 mai 2025 par commissaire de justice a été remise"
        )

    def test_a_served_notice_opens_the_court_route(self) -> None:
        """Seed 000's check-list (« une mise en demeure », « tous les justificatifs ») and C.
        civ. 1344: a served notice is the formal notice a claim needs, delivered on its day;
        the hand-over comes the day after its deadline."""
        case = case_of(
            FormalNoticeSent(NOTICE_SENT, Channel.COMMISSAIRE_DE_JUSTICE, "formal_notice"),
            ProofRecorded(NOTICE_SENT + timedelta(days=1), Proof.SIGNED_QUOTE),
        )
        deadline = date(2025, 5, 30)
        assert not check(case, ClaimFiled(deadline), POLICY)
        assert check(case, ClaimFiled(deadline + timedelta(days=1)), POLICY)
        (action,) = next_actions(case, POLICY, deadline + timedelta(days=1))
        assert ("hand_over", False, deadline + timedelta(days=1)) == (
            action.step.name,
            action.blocked,
            action.due_on,
        )

    def test_a_refused_letter_served_again_by_a_commissaire_de_justice(self) -> None:
        """Seed 002: the commissaire serves the notice the debtor refused by post (C. civ.
        1344); it is the second of the two notices the default allows, LRAR, LRE and service
        sharing one cap."""
        case = noticed(delivery=Delivery.REFUSED)
        served = FormalNoticeSent(
            NOTICE_DELIVERED + timedelta(days=1), Channel.COMMISSAIRE_DE_JUSTICE
        )
        case = apply(case, served, POLICY)
        assert case.notice_deadline(POLICY) == formal_notice_deadline(served.on, POLICY)
        assert 2 == case.contacts_counted(
            Stage.FORMAL_NOTICE, Channel.COMMISSAIRE_DE_JUSTICE, POLICY
        )
        assert {
            Channel.REGISTERED_LETTER,
            Channel.ELECTRONIC_REGISTERED_LETTER,
            Channel.COMMISSAIRE_DE_JUSTICE,
        } == POLICY.cap_channels(Stage.FORMAL_NOTICE, Channel.COMMISSAIRE_DE_JUSTICE)

    def test_a_policy_may_serve_its_notice_by_a_commissaire_de_justice(self) -> None:
        """C. civ. 1344: a policy whose notice step is served by a commissaire de justice is
        valid; the planner proposes it, and no letter of this library is written for it (the
        commissaire drafts his act): a clear error, unless a LetterKind is asked for."""
        steps = [
            attrs.evolve(s, channel=Channel.COMMISSAIRE_DE_JUSTICE)
            if s.kind is StepKind.FORMAL_NOTICE
            else s
            for s in POLICY.steps
        ]
        policy = attrs.evolve(POLICY, steps=steps)
        case = Case.open("F-SEED", "5000", ISSUED, due_on=DUE)
        amicable = [
            s
            for s in policy.schedule(DebtorSegment.STANDARD)
            if s.stage is Stage.AMICABLE and s.kind is StepKind.REMINDER
        ]
        for step in amicable:  # every amicable reminder done on its day
            on = DUE + timedelta(step.offset)
            case = apply(case, ContactMade(on, step.channel, step.name), policy)
        (action,) = next_actions(case, policy, NOTICE_SENT)
        assert ("formal_notice", Channel.COMMISSAIRE_DE_JUSTICE) == (
            action.step.name,
            action.channel,
        )
        with pytest.raises(InvalidArgument, match="commissaire de justice"):
            render(action, case, creditor=ACME)
        written = render(LetterKind.FORMAL_NOTICE, case, creditor=ACME, today=NOTICE_SENT)
        assert "mise en demeure" in written.text.lower()
        served = apply(case, action.to_event(NOTICE_SENT), policy)
        assert served.delivery is not None
        assert NOTICE_SENT == served.delivery.on

    def test_formal_notice_before_the_due_date_is_refused(self) -> None:
        """C. civ. 1344: one puts on notice a debtor whose debt is due."""
        verdict = check(case_of(), FormalNoticeSent(DUE), POLICY)
        assert not verdict.allowed
        assert CIV_1344 == verdict.article

    def test_deadline_of_fifteen_days_from_delivery(self) -> None:
        """Seed 000: « Quinze jours [...] le délai maximum [...], l'accusé de réception faisant
        office de compte à rebours »."""
        assert 15 == POLICY.formal_notice_deadline_days
        assert date(2025, 5, 15) == formal_notice_deadline(date(2025, 4, 30), POLICY)
        assert DEADLINE == noticed().notice_deadline(POLICY)

    def test_deadline_of_more_than_fifteen_days_is_refused(self) -> None:
        """Seed 000: fifteen days is « le délai maximum que je vous conseille »."""
        with pytest.raises(PolicyError):
            attrs.evolve(POLICY, formal_notice_deadline_days=16)

    def test_deadline_ending_on_a_weekend_or_holiday_moves(self) -> None:
        """CPC 642: a deadline ending on a Saturday, Sunday or public holiday is extended to the
        next working day (delivered 2 May 2025: 17 May is a Saturday; 14 May: 29 May is
        Ascension)."""
        assert date(2025, 5, 19) == formal_notice_deadline(date(2025, 5, 2), POLICY)
        assert date(2025, 5, 30) == formal_notice_deadline(date(2025, 5, 14), POLICY)

    def test_unclaimed_notice_counts_from_first_presentation(self) -> None:
        """Seed 003, editor's answer: a registered letter « non réclamé » was presented; « ce
        n'est pas du fait du vendeur et ne peut donc pas lui porter préjudice »."""
        case = noticed(delivery=Delivery.UNCLAIMED)
        assert DEADLINE == case.notice_deadline(POLICY)
        ready = apply(case, ProofRecorded(NOTICE_DELIVERED, Proof.DELIVERY_NOTE), POLICY)
        assert check(ready, ClaimFiled(DEADLINE + timedelta(1)), POLICY)

    def test_refused_notice_must_be_served_again(self) -> None:
        """A refused registered letter is not a delivery the deadline counts from."""
        case = noticed(ProofRecorded(NOTICE_DELIVERED), delivery=Delivery.REFUSED)
        verdict = check(case, ClaimFiled(DEADLINE + timedelta(days=10)), POLICY)
        assert "notice_served_again" in [item.code for item in verdict.missing]

    def test_formal_notice_letter_states_its_mentions(self) -> None:
        """Seed 003: the notice is « un document officiel qui fixe une date limite de
        paiement », « comporte une date butoir », announces « une injonction de payer, un
        transfert à une agence de recouvrement », and claims « les pénalités de retard et
        l'indemnité forfaitaire de frais de recouvrement »; seed 000: by « recommandé avec
        accusé de réception »."""
        letter = render(LetterKind.FORMAL_NOTICE, case_of(), creditor=ACME, today=NOTICE_SENT)
        text = letter.text
        assert "mise en demeure" in text.lower()
        assert "Lettre recommandée avec accusé de réception" in text
        assert letter.deadline is not None
        assert letter.deadline > NOTICE_SENT
        assert "15 jours" in text
        assert "Pénalités de retard" in text
        assert "Indemnité forfaitaire pour frais de recouvrement" in text
        assert "injonction de payer" in text
        assert "recouvrement" in text.split("À défaut de règlement")[1]
        assert {CIV_1344, L441_10, D441_5, CPC_1405} <= set(letter.articles)

    def test_formal_notice_letter_details_the_penalty_computation(self) -> None:
        """Seed 003: « Les pénalités de retard et l'indemnité forfaitaire [...] sont inclues
        dans le montant échu réclamé au client. Celui-ci en visualise le détail du calcul
        (principal et intérêts de retard) »."""
        text = render(LetterKind.FORMAL_NOTICE, case_of(), creditor=ACME, today=NOTICE_SENT).text
        text = text.replace("\u202f", " ").replace("\xa0", " ")
        assert "du 1er avril 2025 au 15 mai 2025 (45 jours) sur 5 000,00 €" in text
        assert "au taux annuel de 13,15 % : 81,06 €" in text  # 5 000 × 13.15 % × 45 / 365
        assert "Total dû au 15 mai 2025 : 5 121,06 €" in text

    def test_a_last_call_before_the_notice(self) -> None:
        """Seed 003: « un dernier appel téléphonique ou un dernier e-mail interactif peut être
        effectué » before the notice."""
        steps = [s for s in POLICY.schedule(DebtorSegment.STANDARD) if s.offset > 0]
        index = [s.kind for s in steps].index(StepKind.FORMAL_NOTICE)
        assert steps[index - 1].channel in {Channel.PHONE, Channel.EMAIL}

    def test_the_letter_deadline_is_the_planner_deadline(self) -> None:
        """DESIGN: "The letter states that date; the planner and check use the same date"."""
        case = noticed()
        letter = render(LetterKind.FORMAL_NOTICE, case, creditor=ACME, today=NOTICE_DELIVERED)
        assert case.notice_deadline(POLICY) == letter.deadline

    def test_formal_notice_planned_when_amicable_reminders_fail(self) -> None:
        """Seed 003: « Après avoir envoyé plusieurs relances [...] vous pouvez envoyer une mise
        en demeure de payer »; « recouvrement factures en retard de paiement 36 à 50 jours »."""
        steps = [p.step for p in timeline(case_of(), POLICY)]
        notice = next(step for step in steps if step.kind is StepKind.FORMAL_NOTICE)
        assert 36 <= notice.offset <= 50
        assert Channel.REGISTERED_LETTER is notice.channel


# --------------------------------------------------------------------------------------------
# Seed 003: never go back
# --------------------------------------------------------------------------------------------


class TestNeverGoBack:
    def test_no_amicable_reminder_after_the_formal_notice(self) -> None:
        """Seed 003: « Une fois cette dernière envoyée, il ne faut surtout pas revenir en
        arrière »: pending amicable steps are not proposed any more."""
        case = case_of(
            ContactMade(date(2025, 4, 5), Channel.EMAIL, "reminder_email_1"),
            FormalNoticeSent(date(2025, 4, 9)),
            FormalNoticeDelivered(date(2025, 4, 11)),
        )
        for today in (date(2025, 4, 12), date(2025, 4, 20), date(2025, 4, 25)):
            for action in next_actions(case, POLICY, today):
                assert action.step.stage.rank >= Stage.FORMAL_NOTICE.rank

    def test_a_contact_after_the_notice_keeps_the_stage(self) -> None:
        """Seed 003: « un dernier appel téléphonique » is possible, the stage does not go back
        (DESIGN invariant 2)."""
        case = noticed(ContactMade(date(2025, 5, 22), Channel.PHONE))
        assert Stage.FORMAL_NOTICE is case.stage
        ranks = [stage.rank for stage in case.stages]
        assert ranks == sorted(ranks)

    def test_an_amicable_step_after_the_notice_is_refused(self) -> None:
        """Seed 003: « il ne faut surtout pas revenir en arrière »: recording the amicable
        step « reminder_letter_2 » once the notice is sent is refused."""
        case = case_of(FormalNoticeSent(NOTICE_SENT))
        event = ContactMade(date(2025, 5, 20), Channel.LETTER, "reminder_letter_2")
        assert not check(case, event, POLICY)

    def test_no_reminder_letter_after_the_notice(self) -> None:
        """Seed 003: never back to the amicable reminders once the notice is sent."""
        with pytest.raises(Exception, match=r"(?i)formal notice|mise en demeure"):
            render(LetterKind.REMINDER_2, noticed(), creditor=ACME, today=date(2025, 5, 25))


# --------------------------------------------------------------------------------------------
# Seeds 000, 002, 003: contentieux
# --------------------------------------------------------------------------------------------


class TestContentieux:
    def test_hand_over_planned_the_day_after_the_deadline(self) -> None:
        """Seed 003: « Si votre client ne règle pas votre créance avant la date butoir
        indiquée, le dossier peut alors être transféré en contentieux »; DESIGN: "Steps after
        the formal notice count from the day after that deadline"."""
        case = noticed()
        assert [] == planned(case, DEADLINE)
        assert ["hand_over"] == planned(case, DEADLINE + timedelta(1))

    @pytest.mark.parametrize("agent", list(Agent))
    def test_hand_over_to_agency_lawyer_or_commissaire(self, agent: Agent) -> None:
        """Seed 000: « transférer le dossier de votre client à votre juriste ou à une société
        de recouvrement »; seed 002: sociétés de recouvrement, avocats, huissiers (commissaires
        de justice)."""
        case = apply(noticed(), HandedOver(DEADLINE + timedelta(1), agent), POLICY)
        assert Stage.LITIGATION is case.stage

    @pytest.mark.parametrize("resolution", [Resolution.MEDIATION, Resolution.CONCILIATION])
    def test_mediation_or_conciliation_after_the_notice(self, resolution: Resolution) -> None:
        """Seed 002: « si la mise en demeure reste sans effet, il est possible d'envisager des
        solutions de médiation, de conciliation »."""
        event = AlternativeResolutionStarted(DEADLINE + timedelta(1), resolution)
        assert Stage.ALTERNATIVE_RESOLUTION is apply(noticed(), event, POLICY).stage

    def test_mediation_comes_after_the_notice_not_before(self) -> None:
        """Seed 002 lists the alternatives after « La mise en demeure »."""
        event = AlternativeResolutionStarted(date(2025, 4, 20), Resolution.MEDIATION)
        assert not check(case_of(), event, POLICY)

    def test_stages_follow_the_seed_order(self) -> None:
        """Seed 002: préventive, amiable, mise en demeure, solutions alternatives, judiciaire;
        seed 000: « chacune étant plus menaçante et plus radicale que la précédente »."""
        order = [
            Stage.PREVENTIVE,
            Stage.AMICABLE,
            Stage.FORMAL_NOTICE,
            Stage.ALTERNATIVE_RESOLUTION,
            Stage.LITIGATION,
            Stage.JUDICIAL,
        ]
        ranks = [stage.rank for stage in order]
        assert ranks == sorted(ranks)
        assert len(set(ranks)) == len(ranks)


class TestInjonctionDePayerChecklist:
    """Seed 000, « Injonction de payer : la check-list » (DESIGN invariant 4)."""

    FILED = DEADLINE + timedelta(days=5)

    def test_all_three_conditions_allow_the_claim(self) -> None:
        """« Il n'y a aucun litige », « tous les justificatifs », « une mise en demeure en
        recommandé »."""
        case = noticed(ProofRecorded(NOTICE_DELIVERED, Proof.SIGNED_QUOTE))
        verdict = check(case, ClaimFiled(self.FILED, Procedure.INJONCTION_DE_PAYER), POLICY)
        assert verdict.allowed
        assert Stage.JUDICIAL is verdict.stage

    def test_claim_without_formal_notice_is_refused(self) -> None:
        """« Vous avez envoyé une mise en demeure en recommandé à votre client »."""
        case = case_of(ProofRecorded(date(2025, 4, 2), Proof.DELIVERY_NOTE))
        verdict = check(case, ClaimFiled(self.FILED), POLICY)
        assert ["formal_notice"] == [item.code for item in verdict.missing]

    def test_claim_without_proofs_is_refused(self) -> None:
        """« Vous possédez tous les justificatifs de votre créance (devis signé, bon de
        livraison signé, bon de commande du client…) »."""
        verdict = check(noticed(), ClaimFiled(self.FILED), POLICY)
        assert ["proofs"] == [item.code for item in verdict.missing]
        assert CPC_1405 == verdict.missing[0].article

    def test_claim_during_a_dispute_is_refused(self) -> None:
        """« Il n'y a aucun litige que votre client pourrait vous imputer »."""
        case = noticed(ProofRecorded(NOTICE_DELIVERED), DisputeOpened(date(2025, 6, 4)))
        verdict = check(case, ClaimFiled(self.FILED), POLICY)
        assert not verdict.allowed
        assert not check(case, HandedOver(self.FILED), POLICY)

    def test_claim_before_the_notice_deadline_is_refused(self) -> None:
        """Seed 003: the debtor « devra régler les créances avant la date limite fixée par la
        mise en demeure »; the claim waits for it."""
        case = noticed(ProofRecorded(NOTICE_DELIVERED))
        verdict = check(case, ClaimFiled(DEADLINE), POLICY)
        assert ["notice_deadline"] == [item.code for item in verdict.missing]
        assert check(case, ClaimFiled(DEADLINE + timedelta(1)), POLICY)

    def test_claim_planned_blocked_without_proofs(self) -> None:
        """DESIGN: "An action that cannot be taken yet (a court claim without proofs) is
        reported once as blocked, with what is missing"."""
        case = noticed(HandedOver(DEADLINE + timedelta(1), Agent.LAWYER))
        actions = list(next_actions(case, POLICY, DUE + timedelta(days=80)))
        assert ["court_claim"] == [a.step.name for a in actions]
        assert actions[0].blocked
        assert ["proofs"] == [item.code for item in actions[0].missing]

    def test_injonction_de_payer_has_no_amount_limit(self) -> None:
        """LAW.md § 5, CPC 1405: « quel que soit leur montant, à condition qu'il soit
        déterminé »."""
        case = noticed(ProofRecorded(NOTICE_DELIVERED), amount="2500000")
        assert check(case, ClaimFiled(self.FILED, Procedure.INJONCTION_DE_PAYER), POLICY)

    def test_small_claims_open_up_to_five_thousand_euros(self) -> None:
        """LAW.md § 5, CPCE L125-1: ceiling 5 000 € (principal and interest) since 1 Jan 2020."""
        case = noticed(ProofRecorded(NOTICE_DELIVERED), amount="4000")
        assert check(case, ClaimFiled(self.FILED, Procedure.PETITES_CREANCES), POLICY)

    def test_small_claims_ceiling_counts_the_interest(self) -> None:
        """CPCE L125-1: « principal and interest » together: 4 950 € of principal plus more
        than 50 € of penalties is over the ceiling."""
        case = noticed(ProofRecorded(NOTICE_DELIVERED), amount="4950")
        verdict = check(case, ClaimFiled(self.FILED, Procedure.PETITES_CREANCES), POLICY)
        assert ["small_claims_ceiling"] == [item.code for item in verdict.missing]
        assert CPCE_L125_1 == verdict.missing[0].article


# --------------------------------------------------------------------------------------------
# Pauses: disputes, promises, payment plans (seeds 000-004)
# --------------------------------------------------------------------------------------------


class TestPauses:
    def test_dispute_freezes_every_contact(self) -> None:
        """Seed 000: « un litige »; DESIGN invariant 3: no escalation until it is resolved."""
        case = case_of(DisputeOpened(date(2025, 4, 3)))
        assert not check(case, ContactMade(date(2025, 4, 10), Channel.EMAIL), POLICY)
        assert not check(case, FormalNoticeSent(date(2025, 5, 15)), POLICY)
        assert [] == planned(case, date(2025, 5, 15))
        resolved = apply(case, DisputeResolved(date(2025, 5, 20)), POLICY)
        assert planned(resolved, date(2025, 5, 20))

    def test_promise_to_pay_pauses_escalation(self) -> None:
        """Seed 000: « Le but de ces relances est d'obtenir une promesse de paiement »; while it
        runs, no escalation (DESIGN "Pauses")."""
        case = case_of(PromiseToPay(date(2025, 4, 5), date(2025, 5, 20)))
        assert not check(case, FormalNoticeSent(date(2025, 5, 15)), POLICY)
        assert [] == planned(case, date(2025, 5, 20))
        assert planned(case, date(2025, 5, 21))  # broken: dunning resumes the next day

    def test_payment_plan_pauses_escalation(self) -> None:
        """Seed 003: « un échéancier de paiement. Sous forme de contrat, il vous permettra de
        récupérer votre créance sans passer par la case contentieuse »."""
        plan = PaymentPlanAgreed(
            date(2025, 4, 5),
            (Instalment(date(2025, 4, 30), Decimal("2500")), Instalment(date(2025, 5, 31), "2500")),
        )
        case = case_of(plan, PaymentReceived(date(2025, 4, 30), Decimal("2500")))
        assert case.plan_active(date(2025, 5, 20))
        assert [] == planned(case, date(2025, 5, 20))
        assert not check(case, FormalNoticeSent(date(2025, 5, 20)), POLICY)

    def test_kept_payment_plan_ends_and_the_penalties_are_claimed(self) -> None:
        """Seed 003: the échéancier lets the creditor « récupérer votre créance sans passer par
        la case contentieuse »; once its last instalment is paid the pause is over, and the
        penalties and the 40 € of a principal paid late are claimed (C. com. L441-10 II, D441-5;
        DESIGN "While only penalties and the indemnity remain, the planner proposes the
        policy's step that claims them")."""
        plan = PaymentPlanAgreed(
            date(2025, 4, 5),
            (Instalment(date(2025, 4, 30), Decimal("2500")), Instalment(date(2025, 5, 31), "2500")),
        )
        case = case_of(
            plan,
            PaymentReceived(date(2025, 4, 30), Decimal("2500")),
            PaymentReceived(date(2025, 5, 31), Decimal("2500")),
        )
        assert Decimal("0") == case.balance
        after = date(2025, 5, 31) + timedelta(days=POLICY.plan_grace_days + 1)
        assert not case.plan_active(after, POLICY.plan_grace_days)
        (action,) = next_actions(case, POLICY, after)
        assert StepKind.PENALTY_CLAIM is action.step.kind
        assert Decimal("40.00") == action.amounts().indemnity

    def test_missed_instalment_resumes_dunning(self) -> None:
        """A plan not kept ends the pause (DESIGN "Pauses"; policy's grace days)."""
        plan = PaymentPlanAgreed(
            date(2025, 4, 5),
            (Instalment(date(2025, 4, 30), Decimal("2500")), Instalment(date(2025, 5, 31), "2500")),
        )
        case = case_of(plan)
        late = date(2025, 4, 30) + timedelta(days=POLICY.plan_grace_days + 1)
        assert not case.plan_active(late)
        assert planned(case, late)


# --------------------------------------------------------------------------------------------
# Payments, credit notes, penalties claimed or waived
# --------------------------------------------------------------------------------------------


class TestAfterPayment:
    def test_full_payment_closes_the_case(self) -> None:
        """Paying everything owed that day (principal, penalties, 40 €) closes the case."""
        case = case_of()
        owed = claim_amounts(case, POLICY, date(2025, 4, 20)).total
        paid = apply(case, PaymentReceived(date(2025, 4, 20), owed), POLICY)
        assert Stage.PAID is paid.stage
        assert [] == planned(paid, date(2025, 4, 25))

    def test_overpayment_is_refused(self) -> None:
        """DESIGN: "more than that is refused"."""
        owed = claim_amounts(case_of(), POLICY, date(2025, 4, 20)).total
        assert not check(case_of(), PaymentReceived(date(2025, 4, 20), owed + 1), POLICY)

    def test_penalties_claimed_after_a_late_payment(self) -> None:
        """Seed 001: the penalties « sont dues sans qu'un rappel soit nécessaire »; LAW.md 1.2:
        they stay owed after a late payment of the principal: the case stays open and a claim
        letter is planned."""
        late = case_of(PaymentReceived(date(2025, 4, 18), Decimal("5000")))
        assert Stage.PAID is not late.stage
        (action,) = next_actions(late, POLICY, date(2025, 4, 21))
        assert StepKind.PENALTY_CLAIM is action.step.kind
        amounts = action.amounts()
        assert Decimal("40.00") == amounts.indemnity
        assert amounts.interest > 0

    def test_penalties_waived_after_a_late_payment(self) -> None:
        """Seed 001: « une réduction des pénalités »; waiving them is the creditor's choice and
        closes the case as paid."""
        late = case_of(PaymentReceived(date(2025, 4, 18), Decimal("5000")))
        waived = apply(late, PenaltiesWaived(date(2025, 4, 19)), POLICY)
        assert Stage.PAID is waived.stage
        lenient = attrs.evolve(POLICY, waive_penalties=True)
        closed = apply(
            Case.open("F-W", "5000", ISSUED, due_on=DUE),
            PaymentReceived(date(2025, 4, 18), Decimal("5000")),
            lenient,
        )
        assert Stage.PAID is closed.stage

    def test_credit_note_reduces_what_is_owed(self) -> None:
        """Seed 002: « la négociation d'un avoir en compensation »."""
        case = case_of(CreditNoteIssued(date(2025, 4, 10), Decimal("1000")))
        assert Decimal("4000") == case.balance

    def test_partial_payment_pays_interest_first(self) -> None:
        """LAW.md § 4.1, C. civ. 1343-1: « a partial payment is imputed first on interest »."""
        b = late_penalties(
            Decimal("10000"),
            date(2025, 3, 31),
            date(2025, 8, 15),
            payments=[Payment(on=date(2025, 6, 30), amount=Decimal("5000"))],
        )
        first, second = b.lines
        assert first.amount == b.interest_paid
        assert Decimal("5000") + first.amount == second.balance


# --------------------------------------------------------------------------------------------
# LAW.md § 1.2: late-payment penalties and the 40 € indemnity (L441-10 II, D441-5)
# --------------------------------------------------------------------------------------------


class TestStatutoryPenalties:
    def test_penalties_run_from_the_day_after_the_due_date(self) -> None:
        """L441-10 II: « exigibles le jour suivant la date de règlement figurant sur la
        facture »; seed 001: « dès le premier jour de retard »."""
        b = late_penalties(Decimal("10000"), DUE, DUE + timedelta(days=1))
        (line,) = b.lines
        assert (DUE + timedelta(1), 1) == (line.start, line.days)
        assert Decimal("3.60") == line.amount  # 10 000 × 13.15 % / 365

    def test_nothing_is_owed_when_paid_on_the_due_date(self) -> None:
        """L441-10 II: penalties only for a payment after the due date."""
        b = late_penalties(Decimal("10000"), DUE, DUE)
        assert (Decimal("0"), Decimal("0")) == (b.interest, b.indemnity)

    def test_penalties_due_without_any_reminder(self) -> None:
        """L441-10 II: « Les pénalités de retard sont exigibles sans qu'un rappel soit
        nécessaire »: a case with no contact recorded owes them."""
        owed = claim_amounts(case_of(), POLICY, date(2025, 4, 30))
        assert Decimal("54.04") == owed.interest  # 5 000 × 13.15 % × 30 / 365
        assert Decimal("40.00") == owed.indemnity

    def test_ecb_rate_plus_ten_points_by_half_year(self) -> None:
        """L441-10 II: the ECB rate in force on 1 January / 1 July + 10 points (2023 H1 12.50 %,
        2023 H2 14.00 %, LAW.md § 6.3); lines split on 1 July."""
        b = late_penalties(Decimal("10000"), date(2023, 6, 15), date(2023, 7, 15))
        assert [(15, Decimal("12.50")), (15, Decimal("14.00"))] == [
            (line.days, line.rate) for line in b.lines
        ]
        assert [Decimal("51.37"), Decimal("57.53")] == [line.amount for line in b.lines]

    def test_latest_published_half_year(self) -> None:
        """LAW.md § 6.3: « 2026 H1 12.15 » (ECB 2.15 % on 1 January 2026 + 10 points)."""
        b = late_penalties(Decimal("10000"), date(2026, 1, 31), date(2026, 3, 2))
        assert [(30, Decimal("12.15"), Decimal("99.86"))] == [
            (line.days, line.rate, line.amount) for line in b.lines
        ]

    def test_rate_in_force_on_first_of_july_not_later_changes(self) -> None:
        """LAW.md § 6.3: « 2022 H2 = 10.00 % (the 27 Jul 2022 hike came after 1 Jul) »."""
        b = late_penalties(Decimal("10000"), date(2022, 7, 31), date(2022, 8, 31))
        assert {Decimal("10.00")} == {line.rate for line in b.lines}

    def test_an_ecb_cut_in_september_counts_from_january(self) -> None:
        """LAW.md § 6.3: « 2014 H2 10.15 % (Les Echos Publishing: the Sept 2014 cut only counts
        from 1 Jan 2015) »."""
        b = late_penalties(Decimal("10000"), date(2014, 9, 30), date(2014, 11, 30))
        assert [Decimal("10.15")] == [line.rate for line in b.lines]

    def test_the_command_line_computes_the_same_penalties(self) -> None:
        """README: ``dunning penalty`` prints the breakdown: 1 000 € due on 31 March 2025,
        paid on 30 April: 30 days at 13.15 % = 10.81 €, plus 40 €."""
        out = io.StringIO()
        status = cli.main(
            ["penalty", "1000", "--due", "2025-03-31", "--paid", "2025-04-30"], out=out
        )
        text = out.getvalue().replace("\u202f", " ").replace("\xa0", " ")
        assert 0 == status
        assert "01/04/2025  30/04/2025     30" in text
        assert "Total : 50,81 €" in text

    def test_before_2013_the_rate_follows_each_ecb_change(self) -> None:
        """LAW.md § 1.2: « Before 2013 the reference was the ECB rate of the most recent
        operation, i.e. it moved with every ECB change » (1.25 % from 13 April 2011)."""
        b = late_penalties(Decimal("10000"), date(2011, 3, 31), date(2011, 4, 30))
        assert [Decimal("11.00"), Decimal("11.25")] == [line.rate for line in b.lines]
        assert date(2011, 4, 13) == b.lines[1].start

    def test_indemnity_is_forty_euros_per_invoice_not_per_day(self) -> None:
        """D441-5: 40 €; LAW.md § 1.2: « due per late invoice [...], not per day » (CJUE
        C-78/22)."""
        short = late_penalties(Decimal("1000"), DUE, DUE + timedelta(days=1))
        long = late_penalties(Decimal("1000"), DUE, DUE + timedelta(days=250))
        assert Decimal("40.00") == short.indemnity == long.indemnity
        assert D441_5 == short.indemnity_article

    def test_supplementary_compensation_on_justification(self) -> None:
        """L441-10 II: « When actual recovery costs exceed 40 €, a supplementary indemnity sur
        justification may be claimed »."""
        b = late_penalties(Decimal("1000"), DUE, date(2025, 5, 30), recovery_costs=Decimal("150"))
        assert Decimal("150.00") == b.indemnity
        small = late_penalties(Decimal("1000"), DUE, date(2025, 5, 30), recovery_costs="25")
        assert Decimal("40.00") == small.indemnity

    def test_indemnity_only_for_debts_due_from_2013(self) -> None:
        """Seed 001: « Depuis 2013, vous avez aussi le droit de demander une indemnité
        forfaitaire de 40 euros »."""
        assert (
            Decimal("0")
            == late_penalties(Decimal("1000"), date(2012, 12, 31), date(2013, 2, 1)).indemnity
        )
        assert (
            Decimal("40")
            == late_penalties(Decimal("1000"), date(2013, 1, 1), date(2013, 2, 1)).indemnity
        )

    def test_no_indemnity_for_a_consumer(self) -> None:
        """LAW.md § 4.4 / § 8.11: « 40 € per invoice, flat, B2B only; not chargeable to
        consumers » (CPCE L111-8)."""
        b = late_penalties(Decimal("1000"), DUE, date(2025, 5, 30), debtor_is_consumer=True)
        assert Decimal("0") == b.indemnity
        owed = claim_amounts(case_of(segment=DebtorSegment.CONSUMER), POLICY, date(2025, 5, 30))
        assert Decimal("0") == owed.indemnity

    def test_recovery_costs_are_not_charged_to_a_consumer(self) -> None:
        """LAW.md § 4.4, CPCE L111-8 al. 2: « costs of recovery undertaken without an executory
        title remain with the creditor »: none are added, and the breakdown warns."""
        b = late_penalties(
            Decimal("1000"),
            DUE,
            date(2025, 5, 30),
            debtor_is_consumer=True,
            recovery_costs=Decimal("100"),
        )
        assert Decimal("0") == b.indemnity
        assert Severity.WARNING in {f.severity for f in b.findings}

    def test_consumer_letter_mentions_neither_penalties_nor_indemnity(self) -> None:
        """LAW.md § 4.4: « The 40 € indemnity and L441-10 penalties are B2B only »."""
        case = case_of(segment=DebtorSegment.CONSUMER)
        letter = render(LetterKind.FORMAL_NOTICE, case, creditor=ACME, today=NOTICE_SENT)
        assert "L441-10" not in letter.text
        assert "40,00" not in letter.text
        assert "intérêts au taux légal" in letter.text

    def test_consumer_owes_legal_interest_only_from_the_formal_notice(self) -> None:
        """LAW.md § 4.4: « a consumer owes legal interest [...] from the mise en demeure
        (1231-6, 1344-1) »."""
        case = case_of(segment=DebtorSegment.CONSUMER)
        assert Decimal("0") == claim_amounts(case, POLICY, date(2025, 5, 14)).interest
        after = apply(case, FormalNoticeSent(NOTICE_SENT), POLICY)
        after = apply(after, FormalNoticeDelivered(NOTICE_DELIVERED), POLICY)
        assert claim_amounts(after, POLICY, date(2025, 7, 31)).interest > 0

    def test_legal_rate_plus_ten_points(self) -> None:
        """Seed 001: « calculées sur la base du taux d'intérêt légal augmenté de 10 points »
        (2026 H1: 2.62 % + 10 = 12.62 %)."""
        b = late_penalties(
            Decimal("10000"), date(2026, 1, 31), date(2026, 3, 2), basis=PenaltyBasis.legal_plus()
        )
        assert [Decimal("12.62")] == [line.rate for line in b.lines]

    def test_legal_rate_plus_ten_points_below_the_floor_in_2024_is_flagged(self) -> None:
        """Seed 001's « taux d'intérêt légal augmenté de 10 points » fell below L441-10 II's
        floor in 2024 H1 (5.07 % + 10 = 15.07 % < 3 × 5.07 % = 15.21 %): the law wins, and the
        breakdown says so."""
        b = late_penalties(
            Decimal("10000"),
            date(2024, 1, 31),
            date(2024, 3, 1),
            basis=PenaltyBasis.legal_plus(),
        )
        assert [Decimal("15.07")] == [line.rate for line in b.lines]
        assert [(Severity.VIOLATION, L441_10)] == [(f.severity, f.article) for f in b.findings]

    def test_contractual_rate_below_three_times_legal_rate_is_flagged(self) -> None:
        """L441-10 II: a contract « ne peut toutefois fixer un taux inférieur à trois fois le
        taux d'intérêt légal » (2026 H1: 3 × 2.62 % = 7.86 %)."""
        low = late_penalties(
            Decimal("10000"),
            date(2026, 1, 31),
            date(2026, 3, 2),
            basis=PenaltyBasis.contractual("7.5"),
        )
        assert [(Severity.VIOLATION, L441_10)] == [(f.severity, f.article) for f in low.findings]
        ok = late_penalties(
            Decimal("10000"),
            date(2026, 1, 31),
            date(2026, 3, 2),
            basis=PenaltyBasis.contractual("7.86"),
        )
        assert () == ok.findings

    def test_three_times_legal_rate(self) -> None:
        """L441-10 II: the contractual floor, 3 × the legal rate (2026 H1: 7.86 %)."""
        b = late_penalties(
            Decimal("10000"),
            date(2026, 1, 31),
            date(2026, 3, 2),
            basis=PenaltyBasis.THREE_TIMES_LEGAL,
        )
        assert [Decimal("7.86")] == [line.rate for line in b.lines]

    def test_floor_above_statutory_rate_in_2024_is_flagged_not_clamped(self) -> None:
        """LAW.md § 1.2: « H1 2024: 14.50 % vs 3 × 5.07 = 15.21 % [...] make it explicit in
        code »; DESIGN: "nothing is clamped silently"."""
        b = late_penalties(Decimal("10000"), date(2024, 1, 31), date(2024, 3, 1))
        assert [Decimal("14.50")] == [line.rate for line in b.lines]
        assert [Severity.WARNING] == [f.severity for f in b.findings]

    def test_each_line_rounded_half_up_then_summed(self) -> None:
        """LAW.md § 8.7: « published figures round to the cent per period and then sum [...]
        Use Decimal and ROUND_HALF_UP per period »."""
        b = late_penalties(Decimal("12345.67"), date(2024, 5, 17), date(2025, 2, 3))
        assert len(b.lines) == 3
        for line in b.lines:
            exact = line.balance * line.rate / 100 * line.days / 365
            assert exact.quantize(Decimal("0.01"), ROUND_HALF_UP) == line.amount
        assert sum(line.amount for line in b.lines) == b.interest

    def test_only_the_principal_bears_interest(self) -> None:
        """LAW.md § 4.1, C. civ. 1343-2: no capitalisation without a contract or a court."""
        b = late_penalties(Decimal("10000"), date(2023, 12, 31), date(2025, 12, 31))
        assert {Decimal("10000")} == {line.balance for line in b.lines}

    def test_day_count_is_365_even_in_leap_years(self) -> None:
        """LAW.md § 8.5: « service-public uses 36 500 even in leap years [...] default 365 »."""
        b = late_penalties(Decimal("10000"), date(2024, 1, 31), date(2024, 3, 31))
        assert Decimal("238.36") == b.interest  # 10 000 × 14.50 × 60 / 36 500


class TestLegalInterest:
    def test_single_legal_rate_before_2015(self) -> None:
        """LAW.md § 4.2: « Pre-2015 single annual legal rates [...] 2013 0.04 %, 2014 0.04 % »."""
        b = late_penalties(
            Decimal("10000"),
            date(2014, 3, 31),
            date(2014, 5, 1),
            basis=PenaltyBasis.legal(),
        )
        assert [Decimal("0.04")] == [line.rate for line in b.lines]

    def test_legal_rate_depends_on_the_creditor(self) -> None:
        """LAW.md § 4.2, CMF L313-2: two rates by the creditor's category (2026 H1: 6.67 % for
        a consumer creditor, 2.62 % otherwise)."""
        rates = {}
        for kind in CreditorKind:
            b = late_penalties(
                Decimal("1000"),
                date(2026, 1, 31),
                date(2026, 3, 2),
                basis=PenaltyBasis.legal(creditor=kind),
            )
            rates[kind] = b.lines[0].rate
        assert {
            CreditorKind.CONSUMER: Decimal("6.67"),
            CreditorKind.OTHER: Decimal("2.62"),
        } == rates

    def test_five_more_points_two_months_after_a_judgment(self) -> None:
        """LAW.md § 4.2, CMF L313-3: « +5 points from the expiry of 2 months after the decision
        became enforceable »."""
        basis = PenaltyBasis.legal(enforceable_on=date(2025, 9, 15))
        b = late_penalties(Decimal("10000"), date(2025, 7, 31), date(2025, 12, 31), basis=basis)
        majored = [line for line in b.lines if line.start >= date(2025, 11, 16)]
        assert majored
        assert all(line.rate == Decimal("2.76") + 5 for line in majored)


# --------------------------------------------------------------------------------------------
# LAW.md § 2: public buyers
# --------------------------------------------------------------------------------------------


class TestPublicBuyers:
    def test_moratorium_interest_ecb_plus_eight_fixed_at_the_start(self) -> None:
        """CCP R2192-31: the ECB rate « en vigueur au premier jour du semestre [...] au cours
        duquel les intérêts moratoires ont commencé à courir, majoré de huit points » (2023 H1:
        2.50 % + 8), one rate for the whole delay."""
        b = late_penalties(
            Decimal("10000"),
            date(2023, 6, 20),
            date(2023, 8, 19),
            basis=PenaltyBasis.PUBLIC_PROCUREMENT,
        )
        assert [Decimal("10.50")] == [line.rate for line in b.lines]
        assert Decimal("172.60") == b.interest
        assert CCP_R2192_31 in b.articles

    def test_public_body_notice_claims_moratorium_interest(self) -> None:
        """CCP L2192-13, R2192-31, D2192-35: the notice to a public buyer claims moratorium
        interest at ECB + 8 and the 40 €, not the L441-10 penalties."""
        case = case_of(segment=DebtorSegment.PUBLIC_BODY)
        letter = render(LetterKind.FORMAL_NOTICE, case, creditor=ACME, today=NOTICE_SENT)
        assert "Intérêts moratoires" in letter.text
        assert "L441-10" not in letter.text
        assert {CCP_R2192_31, CCP_D2192_35} <= set(letter.articles)

    def test_moratorium_rate_is_that_of_the_half_year_interest_starts(self) -> None:
        """CCP R2192-31: « au cours duquel les intérêts moratoires ont commencé à courir »: due
        on 30 June 2025, interest starts on 1 July, ECB 2.15 % on 1 July 2025 + 8 = 10.15 %."""
        b = late_penalties(
            Decimal("10000"),
            date(2025, 6, 30),
            date(2025, 8, 1),
            basis=PenaltyBasis.PUBLIC_PROCUREMENT,
        )
        assert [(date(2025, 7, 1), Decimal("10.15"))] == [(x.start, x.rate) for x in b.lines]

    def test_public_buyer_pays_the_interest_within_45_days_of_the_principal(self) -> None:
        """CCP R2192-36 (LAW.md § 2): « interest and indemnity paid within 45 days after payment
        of the principal »: a principal paid late on 18 April 2025 has its moratorium interest
        and 40 € claimed from 3 June, not before."""
        late = case_of(
            PaymentReceived(date(2025, 4, 18), Decimal("5000")),
            segment=DebtorSegment.PUBLIC_BODY,
        )
        assert [] == planned(late, date(2025, 4, 21))
        assert [] == planned(late, date(2025, 6, 2))  # 18 April + 45 days
        (action,) = next_actions(late, POLICY, date(2025, 6, 3))
        assert StepKind.PENALTY_CLAIM is action.step.kind
        assert date(2025, 6, 3) == action.due_on
        assert CCP_R2192_36 in [note.article for note in action.notes]
        assert Decimal("40.00") == action.amounts().indemnity

    def test_moratorium_interest_cannot_be_waived(self) -> None:
        """CCP L2192-14 (LAW.md § 2): « any waiver of moratorium interest is deemed unwritten »:
        PenaltiesWaived is refused for a public body, and a policy that waives penalties does
        not close its case once the principal is paid."""
        late = case_of(
            PaymentReceived(date(2025, 4, 18), Decimal("5000")),
            segment=DebtorSegment.PUBLIC_BODY,
        )
        verdict = check(late, PenaltiesWaived(date(2025, 4, 19)), POLICY)
        assert not verdict.allowed
        assert CCP_L2192_14 == verdict.article
        lenient = attrs.evolve(POLICY, waive_penalties=True)
        opened = Case.open("F-PB", "5000", ISSUED, due_on=DUE, segment=DebtorSegment.PUBLIC_BODY)
        paid = apply(opened, PaymentReceived(date(2025, 4, 18), Decimal("5000")), lenient)
        assert Stage.PAID is not paid.stage

    def test_public_buyer_owes_forty_euros(self) -> None:
        """CCP L2192-13, D2192-35: fixed indemnity of 40 €."""
        b = late_penalties(
            Decimal("1000"), DUE, date(2025, 5, 30), basis=PenaltyBasis.PUBLIC_PROCUREMENT
        )
        assert (Decimal("40.00"), CCP_D2192_35) == (b.indemnity, b.indemnity_article)

    def test_public_body_case_uses_moratorium_interest(self) -> None:
        """CCP L2192-13: from the day after expiry, moratorium interest « de plein droit, sans
        autre formalité » at ECB + 8 (ECB rate on 1 January 2025: 3.15 % + 8 = 11.15 %)."""
        case = case_of(segment=DebtorSegment.PUBLIC_BODY)
        owed = claim_amounts(case, POLICY, date(2025, 4, 30))
        assert owed.breakdown is not None
        assert [Decimal("11.15")] == [line.rate for line in owed.breakdown.lines]

    @pytest.mark.parametrize(
        ("buyer", "days", "article"),
        [
            (PublicBuyer.STATE, 30, CCP_R2192_10),
            (PublicBuyer.HEALTH, 50, CCP_R2192_11),
            (PublicBuyer.PUBLIC_UNDERTAKING, 60, CCP_R2192_11),
        ],
    )
    def test_public_payment_terms_thirty_fifty_sixty_days(
        self, buyer: PublicBuyer, days: int, article: object
    ) -> None:
        """CCP R2192-10 (30 days: State, local authorities), R2192-11 (50 days: health; 60
        days: public undertakings), from receipt of the payment request."""
        terms = PaymentTerms.public_buyer(buyer)
        received = date(2026, 3, 10)
        assert received + timedelta(days=days) == due_date(
            terms, date(2026, 3, 2), received_on=received
        )
        (finding,) = check_terms(PaymentTerms.public_buyer(buyer, days + 1))
        assert (Severity.VIOLATION, article) == (finding.severity, finding.article)

    def test_term_runs_from_performance_when_later(self) -> None:
        """CCP R2192-12: the term runs « from performance if receipt uncertain/earlier »."""
        terms = PaymentTerms.public_buyer(PublicBuyer.STATE)
        assert date(2026, 3, 20) + timedelta(days=30) == due_date(
            terms, date(2026, 3, 2), date(2026, 3, 20)
        )

    def test_public_buyer_supplementary_indemnity_on_justification(self) -> None:
        """CCP L2192-13: « fixed indemnity; supplementary indemnity on justification »."""
        b = late_penalties(
            Decimal("1000"),
            DUE,
            date(2025, 5, 30),
            basis=PenaltyBasis.PUBLIC_PROCUREMENT,
            recovery_costs=Decimal("100"),
        )
        assert Decimal("100.00") == b.indemnity

    def test_unrecorded_receipt_is_request_date_plus_two_days(self) -> None:
        """CCP R2192-12: « if not recorded, request date + 2 days »."""
        terms = PaymentTerms.public_buyer(PublicBuyer.STATE)
        assert date(2026, 3, 2) + timedelta(days=32) == due_date(terms, date(2026, 3, 2))


# --------------------------------------------------------------------------------------------
# LAW.md § 1.1, 1.3: payment terms (L441-10 I, L441-11, L441-12)
# --------------------------------------------------------------------------------------------


class TestPaymentTerms:
    def test_default_term_thirty_days_after_delivery(self) -> None:
        """L441-10 I; seed 001: « généralement fixés à 30 jours après réception des
        marchandises ou exécution de la prestation »."""
        terms = PaymentTerms.statutory_default()
        assert date(2026, 2, 9) == due_date(terms, date(2026, 1, 20), date(2026, 1, 10))

    def test_agreed_term_sixty_days_from_invoice_date(self) -> None:
        """L441-10 I: « ≤ 60 days from the date of issue of the invoice »; seed 001: « jusqu'à
        60 jours calendaires »."""
        assert date(2026, 3, 2) + timedelta(60) == due_date(PaymentTerms.net(60), date(2026, 3, 2))
        assert [] == [
            f for f in check_terms(PaymentTerms.net(60)) if f.severity is Severity.VIOLATION
        ]
        (finding,) = check_terms(PaymentTerms.net(61))
        assert (Severity.VIOLATION, L441_10) == (finding.severity, finding.article)

    def test_sixty_days_need_only_be_agreed(self) -> None:
        """Seed 001: 60 days « à condition que ce soit expressément stipulé dans le contrat »;
        L441-10 I asks an express stipulation only of « 45 jours fin de mois » (the 60 days
        are « le délai convenu »): the law wins, no finding for 60 days."""
        assert () == check_terms(PaymentTerms.net(60), expressly_stipulated=False)

    def test_forty_five_days_end_of_month_is_the_alternative_cap(self) -> None:
        """L441-10 I: « ≤ 45 days end of month, only if expressly stipulated »."""
        ok = check_terms(PaymentTerms.end_of_month(45), expressly_stipulated=True)
        assert Severity.VIOLATION not in {f.severity for f in ok}
        over = check_terms(PaymentTerms.end_of_month(46), expressly_stipulated=True)
        assert Severity.VIOLATION in {f.severity for f in over}
        unstipulated = check_terms(PaymentTerms.end_of_month(45), expressly_stipulated=False)
        assert Severity.VIOLATION in {f.severity for f in unstipulated}

    def test_forty_five_days_end_of_month_may_pass_sixty_days(self) -> None:
        """LAW.md § 1.1: « Method A (invoice + 45 d → end of month) can exceed 60 days (e.g.
        15 Jan 2025 → 31 Mar 2025 = 75 days) »: lawful, not a violation."""
        terms = PaymentTerms.end_of_month(45)
        assert date(2025, 3, 31) == due_date(terms, date(2025, 1, 15))
        findings = check_terms(terms, issued_on=date(2025, 1, 15), expressly_stipulated=True)
        assert findings
        assert Severity.VIOLATION not in {f.severity for f in findings}

    def test_term_from_delivery_is_capped_from_the_invoice_date(self) -> None:
        """LAW.md § 8.8: « Default term starts at receipt of goods / service performance, the
        60-day cap at the invoice issue date »."""
        findings = check_terms(
            PaymentTerms.after_delivery(30),
            issued_on=date(2026, 1, 1),
            delivered_on=date(2026, 3, 15),
        )
        assert [(Severity.VIOLATION, L441_10)] == [(f.severity, f.article) for f in findings]

    def test_periodic_invoice_forty_five_days(self) -> None:
        """L441-10 I, CGI 289 I 3: periodic invoice ≤ 45 days (plain days) from issue."""
        assert date(2026, 3, 2) + timedelta(45) == due_date(
            PaymentTerms.periodic(), date(2026, 3, 2)
        )
        (finding,) = check_terms(PaymentTerms.periodic(46))
        assert (Severity.VIOLATION, L441_10) == (finding.severity, finding.article)

    @pytest.mark.parametrize(
        ("terms", "delivered", "due"),
        [
            (PaymentTerms.perishable(), date(2026, 3, 5), date(2026, 4, 4)),
            (PaymentTerms.livestock(), date(2026, 3, 5), date(2026, 3, 25)),
            (PaymentTerms.excise_alcohol(), date(2026, 3, 5), date(2026, 4, 30)),
            (PaymentTerms.perishable_periodic(), date(2026, 3, 15), date(2026, 4, 19)),
        ],
    )
    def test_sector_terms_count_from_delivery(
        self, terms: PaymentTerms, delivered: date, due: date
    ) -> None:
        """L441-11 II: perishables 30 days after delivery, periodic: 30 days after the end of
        the décade; livestock 20 days after delivery; excise alcohol 30 days after the end of
        the month of delivery."""
        assert due == due_date(terms, date(2026, 3, 5), delivered)

    @pytest.mark.parametrize(
        "terms",
        [
            PaymentTerms.perishable(31),
            PaymentTerms.livestock(21),
            PaymentTerms.excise_alcohol(31),
            PaymentTerms.transport(31),
        ],
    )
    def test_sector_caps_are_violations(self, terms: PaymentTerms) -> None:
        """L441-11 II: the sector caps « ne peut dépasser »; seed 001: « dans le secteur
        agroalimentaire, les délais sont souvent plus courts »."""
        (finding,) = check_terms(terms)
        assert (Severity.VIOLATION, L441_11) == (finding.severity, finding.article)

    def test_transport_thirty_days_from_invoice(self) -> None:
        """L441-11 II: road haulage and the like, « 30 days from invoice issue »."""
        assert date(2026, 4, 1) == due_date(PaymentTerms.transport(), date(2026, 3, 2))

    def test_export_ninety_days(self) -> None:
        """L441-12: goods exported outside the EU, agreed term ≤ 90 days after issue."""
        assert date(2026, 3, 2) + timedelta(90) == due_date(PaymentTerms.export(), date(2026, 3, 2))
        (finding,) = check_terms(PaymentTerms.export(91))
        assert (Severity.VIOLATION, L441_12) == (finding.severity, finding.article)


# --------------------------------------------------------------------------------------------
# LAW.md § 5: the debtor's collective procedure
# --------------------------------------------------------------------------------------------


class TestCollectiveProcedure:
    JUDGMENT = date(2025, 6, 2)
    PUBLISHED = date(2025, 6, 12)

    def opened(self) -> Case:
        event = CollectiveProcedureOpened(
            self.JUDGMENT, CollectiveProcedure.REDRESSEMENT, published_on=self.PUBLISHED
        )
        return case_of(ContactMade(date(2025, 4, 5), Channel.EMAIL, "reminder_email_1"), event)

    def test_declaration_within_two_months_of_the_bodacc(self) -> None:
        """C. com. R622-24: the déclaration de créance within 2 months of the BODACC
        publication."""
        (action,) = next_actions(self.opened(), POLICY, date(2025, 6, 20))
        assert StepKind.CLAIM_DECLARATION is action.step.kind
        assert date(2025, 8, 12) == action.deadline

    def test_declaration_deadline_doubled_outside_metropolitan_france(self) -> None:
        """R622-24: « doubled for a creditor living outside metropolitan France »."""
        abroad = attrs.evolve(POLICY, creditor_outside_metropolitan_france=True)
        assert date(2025, 10, 12) == self.opened().declaration_deadline(abroad)

    def test_declared_amount_is_the_claim_on_the_judgment_day(self) -> None:
        """LAW.md § 5, L622-25: « The declared amount is the claim as of the opening judgment
        (principal + interest accrued until then + 40 €) »: 5 000 € at 13.15 % for 63 days."""
        (action,) = next_actions(self.opened(), POLICY, date(2025, 6, 20))
        owed = action.amounts()
        assert (Decimal("5000"), Decimal("113.49"), Decimal("40.00")) == (
            owed.principal,
            owed.interest,
            owed.indemnity,
        )

    def test_relief_from_foreclosure_within_six_months(self) -> None:
        """L622-26, R622-25: late, « a request for relief possible within 6 months of the
        publication »; after them nothing more is planned."""
        case = self.opened()
        assert date(2025, 12, 12) == case.relief_deadline()
        (relief,) = next_actions(case, POLICY, date(2025, 8, 13))
        assert StepKind.FORECLOSURE_RELIEF is relief.step.kind
        assert [] == planned(case, date(2025, 12, 13))

    def test_no_injonction_de_payer_after_the_opening_judgment(self) -> None:
        """LAW.md § 5: the opening judgment stops individual actions, « no injonction de
        payer »."""
        case = self.opened()
        assert not check(case, ClaimFiled(date(2025, 7, 1)), POLICY)
        assert not check(case, FormalNoticeSent(date(2025, 7, 1)), POLICY)

    def test_declaration_letter_carries_the_mentions_of_l622_25(self) -> None:
        """L622-25 and R622-23 (LAW.md § 5): « the amount due on the day of the opening
        judgment, with the sums still to fall due »; « the nature [...] of any security »; « the
        creditor certifies it as sincere »; the supporting documents « under a list
        (bordereau) »; sent within the 2 months of R622-24."""
        case = self.opened()
        (action,) = next_actions(case, POLICY, date(2025, 6, 20))
        letter = render(
            action,
            case,
            creditor=ACME,
            debtor=Debtor("Client SARL", "3 place Bellecour\n69002 Lyon"),
            mandataire=Debtor("Me Dupont, mandataire judiciaire", "5 rue Molière\n69003 Lyon"),
        )
        text = letter.text.replace("\u202f", " ").replace("\xa0", " ")
        for mention in (
            "Montant de la créance au jour du jugement d'ouverture : 5 153,49 €",
            "Sommes à échoir",
            "Nature de la créance : chirographaire",
            "sincère et véritable",
            "Bordereau des pièces justificatives",
            "au plus tard le 12 août 2025",
        ):
            assert mention in text
        assert date(2025, 8, 12) == letter.deadline

    def test_no_more_reminders_after_the_opening_judgment(self) -> None:
        """LAW.md § 5: « The opening judgment [...] stops individual actions (no reminders to
        collect, no injonction de payer) » (L622-21)."""
        verdict = check(self.opened(), ContactMade(date(2025, 6, 5), Channel.EMAIL), POLICY)
        assert not verdict.allowed
        assert L622_21 == verdict.article

    def test_interest_stops_at_the_opening_judgment(self) -> None:
        """C. com. L622-28: the opening judgment stops the running of late-payment interest."""
        case = self.opened()
        at_judgment = claim_amounts(case, POLICY, self.JUDGMENT)
        later = claim_amounts(case, POLICY, date(2025, 12, 31))
        assert at_judgment.interest > 0
        assert at_judgment.total == later.total
        assert L622_28 in [reason.article for reason in later.reasons]


# --------------------------------------------------------------------------------------------
# CPCE R124-4: the collection agency's letter
# --------------------------------------------------------------------------------------------


def test_agency_letter_carries_the_mandatory_mentions() -> None:
    """CPCE R124-4 (LAW.md § 5): the collector's name and address and that it does amicable
    recovery; the creditor's name and address; the basis and amount split into principal,
    interest and other accessories; the demand to pay and the means; L111-8 al. 2 and 3."""
    agency = Agency(
        "Recouvr SA", "2 rue du Louvre\n75001 Paris", iban="FR7630006000011234567890189"
    )
    case = noticed(HandedOver(DEADLINE + timedelta(1), Agent.AGENCY))
    letter = render(
        LetterKind.HAND_OVER, case, creditor=ACME, agency=agency, today=date(2025, 6, 15)
    )
    text = letter.text
    for mention in (
        "Recouvr SA",  # 1°: the collector, its address, amicable recovery
        "2 rue du Louvre",
        "recouvrement amiable",
        "ACME SAS",  # 2°: the creditor and its address
        "1 rue de la Paix",
        "Principal",  # 3°: principal, interest, other accessories
        "Intérêts",
        "accessoires",
    ):
        assert mention in text
    assert "Moyens de paiement" in text
    assert "Les frais de recouvrement entrepris sans titre exécutoire restent à la charge" in text


def test_agency_letter_to_a_consumer_claims_no_recovery_costs() -> None:
    """CPCE R124-4 3°: the amount due *excluding* the costs that stay with the creditor under
    L111-8; a consumer owes legal interest from the notice's receipt, no 40 €."""
    agency = Agency(
        "Recouvr SA", "2 rue du Louvre\n75001 Paris", iban="FR7630006000011234567890189"
    )
    case = Case.open("C-1", "5000", ISSUED, due_on=DUE, segment=DebtorSegment.CONSUMER)
    for event in (
        FormalNoticeSent(NOTICE_SENT),
        FormalNoticeDelivered(NOTICE_DELIVERED),
        HandedOver(DEADLINE + timedelta(1), Agent.AGENCY),
    ):
        case = apply(case, event, POLICY)
    letter = render(
        LetterKind.HAND_OVER, case, creditor=ACME, agency=agency, today=date(2025, 6, 15)
    )
    text = letter.text.replace("\u202f", " ").replace("\xa0", " ")
    assert "Autres accessoires : néant" in text
    assert "40,00" not in text
    assert "du 20 mai 2025 au 15 juin 2025 (27 jours)" in text  # 5 000 × 3.71 % × 27 / 365
    assert "Total dû au 15 juin 2025 : 5 013,72 €" in text
