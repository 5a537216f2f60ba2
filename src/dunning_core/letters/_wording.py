"""
The wording of letters: every sentence, written in French (the source language) and read in the
message catalogs (:mod:`dunning_core._i18n`), so that a letter in ``en_GB`` is the English of
the same sentences.

* :data:`TEMPLATES`: the shipped template of each kind of letter, one entry per paragraph (the
  first is the subject); a paragraph with words is a message of the catalogs, one that only
  places values (``${creditor_block}``) is not.  :func:`template_text` joins them in a locale,
  the text :func:`~dunning_core.letters.default_template` parses.
* :data:`WORDS`: the sentences of the computed blocks (amounts, deadlines, legal notices...),
  with ``%(name)s`` placeholders, read by :func:`words`; a few short words told apart by their
  context (the name of a collective procedure, of the interest, the joint between two actions)
  are read with ``pgettext``.
* CPCE L111-8 (paragraphs 2 and 3), which CPCE R124-4 5° asks an agency to reproduce: the French
  text in every language, followed by an unofficial translation in English letters.

>>> print(words("total", "en_GB", date="1 May 2025", v="10.00"))
Total due on 1 May 2025: 10.00
>>> template_text("reminder_1", "fr").splitlines()[0]  # only the language counts
'Relance : facture n° ${invoice_reference} échue le ${due_date}'
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Final

from dunning_core._i18n import N_, gettext, pgettext

__all__ = ["TEMPLATES", "WORDS", "l111_8", "template_text", "words"]

# Paragraphs several letters share.
_HEAD: Final = (
    "${creditor_block}",
    "${debtor_block}",
    N_("Le ${letter_date}"),
)

_UNLESS_PAID: Final = (
    N_(
        "Si votre règlement a été effectué entre-temps, nous vous prions de ne pas tenir "
        "compte de la présente."
    ),
)

_CLOSING: Final = (
    N_("Nous vous prions d'agréer, Madame, Monsieur, l'expression de nos salutations distinguées."),
    ("${creditor_name}\n${creditor_contact}\n"),
)

TEMPLATES: Final[Mapping[str, tuple[str, ...]]] = MappingProxyType(
    {
        "pre_reminder": (
            # TRANSLATORS: the subject of the pre_reminder letter; keep each ${name} as it is.
            N_("Facture n° ${invoice_reference} : échéance du ${due_date}"),
            *_HEAD,
            N_("Objet : facture n° ${invoice_reference} du ${invoice_date}"),
            "${salutation}",
            N_(
                "Notre facture n° ${invoice_reference} du ${invoice_date}, d'un montant de "
                "${invoice_amount}, arrive à échéance le ${due_date}."
            ),
            N_(
                "Pourriez-vous nous confirmer qu'elle a bien été reçue et enregistrée, et que "
                "son règlement est prévu à cette date ? Si quelque chose s'y oppose, merci de "
                "nous le signaler dès maintenant afin que nous puissions y remédier."
            ),
            N_("Moyens de paiement :\n${payment_means}"),
            N_(
                "Si votre règlement est déjà programmé, nous vous en remercions et vous prions "
                "de ne pas tenir compte de ce message."
            ),
            *_CLOSING,
        ),
        "reminder_1": (
            # TRANSLATORS: the subject of the reminder_1 letter; keep each ${name} as it is.
            N_("Relance : facture n° ${invoice_reference} échue le ${due_date}"),
            *_HEAD,
            N_("Objet : relance, facture n° ${invoice_reference} du ${invoice_date}"),
            "${salutation}",
            N_(
                "Sauf erreur ou omission de notre part, notre facture n° ${invoice_reference} du "
                "${invoice_date}, échue le ${due_date}, reste impayée à ce jour."
            ),
            N_("Sommes dues :\n${amounts}"),
            "${legal_notice}",
            N_("Nous vous remercions de bien vouloir procéder à son règlement ${deadline_text}."),
            N_("Moyens de paiement :\n${payment_means}"),
            *_UNLESS_PAID,
            *_CLOSING,
        ),
        "reminder_2": (
            # TRANSLATORS: the subject of the reminder_2 letter; keep each ${name} as it is.
            N_("Deuxième relance : facture n° ${invoice_reference} échue le ${due_date}"),
            *_HEAD,
            N_("Objet : deuxième relance, facture n° ${invoice_reference} du ${invoice_date}"),
            "${salutation}",
            N_(
                "Malgré nos précédentes relances, notre facture n° ${invoice_reference} du "
                "${invoice_date}, échue le ${due_date}, reste impayée à ce jour, soit "
                "${lateness} de retard."
            ),
            N_("Sommes dues :\n${amounts}"),
            "${legal_notice}",
            N_(
                "Nous vous demandons de procéder à son règlement ${deadline_text}. À défaut, "
                "nous serons contraints de vous adresser une mise en demeure."
            ),
            N_("Moyens de paiement :\n${payment_means}"),
            *_UNLESS_PAID,
            *_CLOSING,
        ),
        "formal_notice": (
            # TRANSLATORS: the subject of the formal_notice letter; keep each ${name} as it is.
            N_("Mise en demeure de payer : facture n° ${invoice_reference}"),
            *_HEAD,
            N_(
                "Lettre recommandée avec accusé de réception\n"
                "Objet : mise en demeure de payer, facture n° ${invoice_reference} du "
                "${invoice_date}\n"
                "Référence : ${letter_reference}"
            ),
            "${salutation}",
            N_(
                "${unpaid_opening} n° ${invoice_reference} du ${invoice_date}, échue le "
                "${due_date}, reste impayée à ce jour."
            ),
            N_("Sommes dues :\n${amounts}"),
            N_(
                "Par la présente, nous vous mettons en demeure de nous régler ces sommes "
                "${deadline_text}."
            ),
            "${legal_notice}",
            "${consequences}",
            N_("Moyens de paiement :\n${payment_means}"),
            *_CLOSING,
        ),
        "hand_over": (
            # TRANSLATORS: the subject of the hand_over letter; keep each ${name} as it is.
            N_(
                "Recouvrement amiable : créance de ${creditor_name}, facture n° "
                "${invoice_reference}"
            ),
            "${agency_block}",
            "${debtor_block}",
            N_("Le ${letter_date}"),
            N_(
                "Objet : recouvrement amiable de la créance de ${creditor_name}\n"
                "Référence : ${letter_reference} (à rappeler dans toute correspondance)"
            ),
            "${salutation}",
            "${agency_statement}",
            N_("Créancier :\n${creditor_block}"),
            N_("Fondement de la créance : ${claim_basis}"),
            N_("Sommes dues :\n${amounts}"),
            N_(
                "Nous vous demandons de régler ces sommes ${deadline_text}, ou de prendre "
                "contact avec nous dans ce délai."
            ),
            N_("Moyens de paiement :\n${payment_means}"),
            "${consequences}",
            N_(
                "Article L111-8 du Code des procédures civiles d'exécution, alinéas 2 et 3 :\n"
                "${l111_8}"
            ),
            N_(
                "Nous vous prions d'agréer, Madame, Monsieur, l'expression de nos salutations "
                "distinguées."
            ),
            "${agency_name}\n",
        ),
        "penalty_claim": (
            # TRANSLATORS: the subject of the penalty_claim letter; keep each ${name} as it is.
            N_("Sommes restant dues : facture n° ${invoice_reference} réglée le ${paid_on}"),
            *_HEAD,
            N_("Objet : sommes restant dues, facture n° ${invoice_reference} du ${invoice_date}"),
            "${salutation}",
            N_(
                "Nous avons bien reçu le ${paid_on} le règlement du montant de notre facture n° "
                "${invoice_reference} du ${invoice_date}, échue le ${due_date}, et vous en "
                "remercions."
            ),
            N_(
                "Ce règlement étant intervenu après l'échéance, les sommes suivantes restent "
                "dues :\n"
                "${amounts}"
            ),
            "${legal_notice}",
            N_("Nous vous demandons de procéder à leur règlement ${deadline_text}."),
            N_("Moyens de paiement :\n${payment_means}"),
            *_UNLESS_PAID,
            *_CLOSING,
        ),
        "claim_declaration": (
            # TRANSLATORS: the subject of the claim_declaration letter; keep each ${name} as it is.
            N_("Déclaration de créance : ${debtor_name}, facture n° ${invoice_reference}"),
            "${creditor_block}",
            "${mandataire_block}",
            N_("Le ${letter_date}"),
            N_(
                "Lettre recommandée avec demande d'avis de réception\n"
                "Objet : déclaration de créance\n"
                "Référence : ${letter_reference}"
            ),
            N_("Maître,"),
            "${procedure_text}",
            N_("Débiteur :\n${debtor_block}"),
            N_(
                "Conformément aux articles L622-24 et L622-25 du Code de commerce, nous vous "
                "déclarons, ${deadline_text}, la créance que nous détenons sur ce débiteur au "
                "titre de la ${claim_basis}."
            ),
            N_(
                "Montant de la créance au jour du jugement d'ouverture du ${judgment_date} :\n"
                "${amounts}"
            ),
            "${claim_nature}",
            "${certification}",
            N_(
                "Bordereau des pièces justificatives jointes (article R622-23 du Code de "
                "commerce) :\n"
                "${attachments}"
            ),
            N_("Nous vous prions d'agréer, Maître, l'expression de nos salutations distinguées."),
            ("${creditor_name}\n${creditor_contact}\n"),
        ),
    }
)
"""The shipped template of each kind (by its value), paragraph by paragraph, the subject first."""

WORDS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "salutation": N_("Madame, Monsieur,"),
        # ${unpaid_opening}: reminders were recorded, or none (a formal notice as first letter).
        # TRANSLATORS: opens "our invoice no. ... remains unpaid" after recorded reminders.
        "unpaid_reminded": N_("Malgré nos relances, notre facture"),
        # TRANSLATORS: opens "our invoice no. ... remains unpaid" when no reminder was recorded.
        "unpaid": N_("Notre facture"),
        "attention": N_("À l'attention de : %(who)s"),
        "siren": N_("SIREN %(siren)s"),
        "invoice_amount": N_("Montant de la facture : %(v)s"),
        "already_paid": N_("Déjà réglé (paiements et avoirs) : %(v)s"),
        "interest_paid": N_("  dont imputé sur les intérêts échus (C. civ. art. 1343-1) : %(v)s"),
        "principal": N_("Principal restant dû : %(v)s"),
        "principal_r124": N_("Principal : %(v)s"),
        "interest_line": N_("%(label)s (%(detail)s) : %(v)s"),
        "interest_r124": N_("Intérêts — %(label)s (%(detail)s) : %(v)s"),
        "no_interest_r124": N_("Intérêts : néant"),
        # TRANSLATORS: one line per period of penalties, indented by two spaces.
        "period": N_(
            "  du %(start)s au %(end)s (%(days)s) sur %(balance)s au taux annuel de %(rate)s : "
            "%(v)s"
        ),
        "indemnity": N_("Indemnité forfaitaire pour frais de recouvrement (%(article)s) : %(v)s"),
        "indemnity_r124": N_(
            "Autres accessoires — indemnité forfaitaire pour frais de recouvrement (%(article)s) "
            ": %(v)s"
        ),
        "no_indemnity_r124": N_("Autres accessoires : néant"),
        "indemnity_eur": N_(
            "Indemnité forfaitaire pour frais de recouvrement (%(article)s) : %(v)s, réclamée en "
            "euros (non comprise dans le total)"
        ),
        "indemnity_eur_r124": N_(
            "Autres accessoires — indemnité forfaitaire pour frais de recouvrement (%(article)s) "
            ": %(v)s, réclamée en euros (non comprise dans le total)"
        ),
        "total": N_("Total dû au %(date)s : %(v)s"),
        # TRANSLATORS: a half-year whose rate is not published yet, in "the rate of …"
        "first_half": N_("1er semestre %(year)s"),
        "second_half": N_("2e semestre %(year)s"),
        "provisional": N_(
            "Montants provisoires : le taux de %(periods)s n'est pas encore publié ; le dernier "
            "taux publié est supposé inchangé (période(s) marquée(s) *)."
        ),
        "transfer": N_("Virement : IBAN %(iban)s%(bic)s, en indiquant la référence %(reference)s"),
        "bic": N_(", BIC %(bic)s"),
        "by_due_date": N_("à l'échéance du %(date)s"),
        "within": N_("dans un délai de %(n)s jours, soit au plus tard le %(date)s"),
        "within_receipt": N_(
            "dans un délai de %(n)s jours à compter de la réception de la présente, soit au plus "
            "tard le %(date)s si elle vous parvient le %(received)s"
        ),
        "within_received": N_(
            "dans un délai de %(n)s jours à compter de sa réception le %(received)s, soit au "
            "plus tard le %(date)s"
        ),
        # TRANSLATORS: the legal notice of C. com. L441-10 and D441-5 (business debtors): keep the articles and the legal terms exact.
        "l441_10": N_(
            "Conformément à l'article L441-10 du Code de commerce, des pénalités de retard sont "
            "exigibles de plein droit à compter du jour suivant la date d'échéance, sans qu'un "
            "rappel soit nécessaire, ainsi qu'une indemnité forfaitaire pour frais de "
            "recouvrement de %(flat)s (article D441-5)."
        ),
        # TRANSLATORS: the legal notice of CCP L2192-13 and D2192-35 (public buyers): keep the articles and the legal terms exact.
        "l2192_13": N_(
            "Conformément à l'article L2192-13 du Code de la commande publique, des intérêts "
            "moratoires courent de plein droit à compter du jour suivant l'expiration du délai "
            "de paiement, ainsi qu'une indemnité forfaitaire pour frais de recouvrement de "
            "%(flat)s (article D2192-35)."
        ),
        # TRANSLATORS: the sentence that makes the letter a formal notice (C. civ. 1344); legal wording.
        "notice": N_(
            "La présente lettre vaut mise en demeure au sens de l'article 1344 du Code civil."
        ),
        # TRANSLATORS: the formal notice to a consumer (C. civ. 1344, 1231-6, 1344-1); legal wording.
        "notice_consumer": N_(
            "La présente lettre vaut mise en demeure au sens de l'article 1344 du Code civil : à "
            "compter de sa réception, les sommes dues porteront intérêts au taux légal (articles "
            "1231-6 et 1344-1 du Code civil)."
        ),
        "failing": N_("À défaut de règlement dans ce délai, nous %(actions)s, sans autre avis."),
        "hand_over": N_(
            "confierons le recouvrement de notre créance à un organisme de recouvrement ou à un "
            "avocat"
        ),
        "claim": N_(
            "engagerons une procédure judiciaire en paiement (injonction de payer, CPC art. 1405)"
        ),
        # TRANSLATORS: a claim on a public buyer goes to the administrative judge (CJA R541-1).
        "claim_public": N_(
            "saisirons le juge administratif d'une demande de provision (référé-provision, CJA "
            "art. R541-1)"
        ),
        "any_action": N_("engagerons toute action utile au recouvrement de notre créance"),
        "penalties_run": N_(
            "Les pénalités de retard continuent de courir jusqu'au complet paiement."
        ),
        "moratorium_runs": N_(
            "Les intérêts moratoires continuent de courir jusqu'au complet paiement."
        ),
        "agency_failing": N_(
            "À défaut de règlement ou de proposition de votre part dans ce délai, notre mandant "
            "pourra saisir la juridiction compétente."
        ),
        # TRANSLATORS: CPCE R124-4 1°: the agency states that it recovers debts amicably for others.
        "agency_statement": N_(
            "%(agency)s exerce une activité de recouvrement amiable de créances pour le compte "
            "d'autrui. Elle est mandatée par %(creditor)s pour recouvrer à l'amiable la créance "
            "ci-dessous."
        ),
        "claim_basis": N_(
            "facture n° %(reference)s du %(issued)s, d'un montant de %(amount)s, échue le "
            "%(due)s, émise par %(creditor)s"
        ),
        "procedure_text": N_(
            "Par jugement du %(judgment)s, publié au BODACC le %(published)s, une procédure de "
            "%(procedure)s a été ouverte à l'égard du débiteur ci-dessous."
        ),
        "conversion_text": N_(
            "Par jugement du %(judgment)s, publié au BODACC le %(published)s, cette procédure a "
            "été convertie en %(procedure)s."
        ),
        "interest_stopped": N_(
            "Intérêts arrêtés au jour du jugement d'ouverture du %(date)s (C. com. art. L622-28)"
        ),
        "total_judgment": N_("Montant de la créance au jour du jugement d'ouverture : %(v)s"),
        "falling_due": N_("  dont à échoir : %(v)s, à l'échéance du %(date)s"),
        "nothing_falling_due": N_("Sommes à échoir : néant"),
        "paid_since": N_(
            "  dont reçu d'un garant ou d'un coobligé depuis le jugement, non déduit (C. com. "
            "art. L622-33) : %(v)s"
        ),
        # TRANSLATORS: C. com. L622-25: the nature of the claim declared (unsecured, chirographaire).
        "claim_nature": N_("Nature de la créance : chirographaire (aucune sûreté ni privilège)."),
        # TRANSLATORS: C. com. L622-25: the privilege or security the creditor names.
        "claim_nature_secured": N_(
            "Nature de la créance : privilégiée ou assortie d'une sûreté — %(security)s (C. com. "
            "art. L622-25)."
        ),
        # TRANSLATORS: C. com. L622-25: a claim in a foreign currency converted into euros.
        "converted": N_(
            "Montant déclaré en euros, converti au cours du jour du jugement d'ouverture, le "
            "%(date)s (1 %(currency)s = %(rate)s €, C. com. art. L622-25) : %(v)s"
        ),
        # TRANSLATORS: C. com. L622-25; the 40 € indemnity (D441-5) is in euros already.
        "converted_with_indemnity": N_(
            "Montant déclaré en euros, converti au cours du jour du jugement d'ouverture, le "
            "%(date)s (1 %(currency)s = %(rate)s €, C. com. art. L622-25), indemnité forfaitaire "
            "de %(flat)s comprise : %(v)s"
        ),
        # TRANSLATORS: C. com. L622-25: the claim certified sincere and true; legal wording.
        "certification": N_(
            "Nous certifions la présente créance sincère et véritable (C. com. art. L622-25)."
        ),
        "attach_invoice": N_(
            "%(n)s. Facture n° %(reference)s du %(issued)s, d'un montant de %(amount)s"
        ),
        "attach_notice": N_("%(n)s. Mise en demeure du %(date)s"),
        "attach_receipt": N_("%(n)s. Avis de réception de la mise en demeure du %(date)s"),
        "attach_served": N_(
            "%(n)s. Acte de signification de la mise en demeure par commissaire de justice du "
            "%(date)s"
        ),
        "attach_statement": N_("%(n)s. Décompte de la créance au jour du jugement d'ouverture"),
        # TRANSLATORS: C. com. R622-24: the two months from the BODACC publication.
        "declaration_deadline": N_(
            "dans le délai de deux mois à compter de la publication du jugement d'ouverture au "
            "BODACC le %(published)s, soit au plus tard le %(date)s (C. com. art. R622-24)"
        ),
        # TRANSLATORS: C. com. R622-24: two months more for a creditor outside metropolitan France.
        "declaration_deadline_abroad": N_(
            "dans le délai de quatre mois (deux mois augmentés de deux mois pour un créancier "
            "établi hors de France métropolitaine) à compter de la publication du jugement "
            "d'ouverture au BODACC le %(published)s, soit au plus tard le %(date)s (C. com. art. "
            "R622-24)"
        ),
    }
)
"""The sentences of the computed blocks, in French; :func:`words` reads them in a locale."""

_IN_CONTEXT: Final[Mapping[str, Callable[[str], str]]] = MappingProxyType(
    {
        # the name of the interest, before its basis: "Pénalités de retard (taux BCE + 10 points…)"
        "penalties": lambda locale: pgettext(
            "lettre : intérêts", "Pénalités de retard", locale=locale
        ),
        "moratorium": lambda locale: pgettext(
            "lettre : intérêts", "Intérêts moratoires", locale=locale
        ),
        "legal_interest": lambda locale: pgettext(
            "lettre : intérêts", "Intérêts au taux légal", locale=locale
        ),
        # between two actions announced: "nous confierons …, puis engagerons …"
        "then": lambda locale: pgettext("lettre : entre deux actions", ", puis ", locale=locale),
        # the kinds of collective procedure (C. com. livre VI), after "une procédure de"
        "sauvegarde": lambda locale: pgettext("procédure collective", "sauvegarde", locale=locale),
        "redressement": lambda locale: pgettext(
            "procédure collective", "redressement judiciaire", locale=locale
        ),
        "liquidation": lambda locale: pgettext(
            "procédure collective", "liquidation judiciaire", locale=locale
        ),
    }
)


def words(key: str, locale: str, **values: object) -> str:
    """The sentence *key* of :data:`WORDS` in *locale*, its placeholders filled with *values*."""
    contextual = _IN_CONTEXT.get(key)
    if contextual is not None:
        return contextual(locale)
    return gettext(WORDS[key], locale=locale) % values


def template_text(kind: str, locale: str) -> str:
    """The shipped template of *kind* in *locale*: the subject, a blank line, the body."""
    return "\n\n".join(gettext(paragraph, locale=locale) for paragraph in TEMPLATES[kind])


def l111_8(locale: str) -> str:
    """
    CPCE L111-8 paragraphs 2 and 3, in the version in force since 19 March 2014 (loi
    n° 2014-344 du 17 mars 2014, art. 12), as read on doctrine.fr (LEGIARTI000025025657) and
    ancr.fr (LAW.md § 4.4 paraphrases the same paragraphs).  R124-4 5° asks for their
    reproduction: the French text word for word in every language, which the catalog of another
    language follows with an unofficial translation.
    """
    # TRANSLATORS: CPCE L111-8 paragraphs 2 and 3, reproduced word for word (CPCE R124-4 5°):
    # copy the French text unchanged, then add on a new line an unofficial translation
    # ("Unofficial translation: …").
    return pgettext(
        "CPCE L111-8, reproduit",
        "« Les frais de recouvrement entrepris sans titre exécutoire restent à la charge du "
        "créancier, sauf s'ils concernent un acte dont l'accomplissement est prescrit par la "
        "loi au créancier. Toute stipulation contraire est réputée non écrite, sauf "
        "disposition législative contraire.\n"
        "Cependant, le créancier qui justifie du caractère nécessaire des démarches "
        "entreprises pour recouvrer sa créance peut demander au juge de l'exécution de "
        "laisser tout ou partie des frais ainsi exposés à la charge du débiteur de mauvaise "
        "foi. »",
        locale=locale,
    )
