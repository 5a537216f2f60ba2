"""
The machine's values for people: reasons, notes, missing conditions, verdicts, actions, cases.

A :class:`~dunning_core.machine.Reason` or :class:`~dunning_core.machine.Missing` keeps a code,
its article and its parameters; this module holds the sentence of each code (French, the msgid
of the gettext catalogs) and renders it in the reader's locale: dates, amounts, stages,
channels and durations through :mod:`dunning_core.format`.  :func:`message` renders the same
sentence in the developer's English (ISO dates, amounts with their currency code, enum values),
the text exceptions carry.

>>> from datetime import date
>>> from dunning_core.law import PRACTICE
>>> from dunning_core.machine import Reason
>>> reason = Reason("min_gap", PRACTICE, (("days", 3), ("last", date(2025, 5, 10))))
>>> sentence(reason), sentence(reason, locale="en_GB")
('au moins 3\\xa0jours après le dernier contact (10 mai 2025)', 'at least 3 days after the last contact (10 May 2025)')
>>> message(reason)
'at least 3 days after the last contact (2025-05-10)'
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from datetime import date
from typing import Final

from dunning_core._i18n import DEFAULT_LOCALE, N_, gettext, ngettext, pgettext
from dunning_core.display._describe import ENUM_LABELS, article_text, describe
from dunning_core.format import (
    format_date,
    format_duration,
    format_money,
    html_table,
    label,
)
from dunning_core.law import Article
from dunning_core.machine._reasons import Missing, Reason
from dunning_core.money import Money

__all__ = [
    "action_html",
    "action_text",
    "article_text",
    "case_html",
    "event_name",
    "message",
    "reason_text",
    "sentence",
    "verdict_text",
]

_DEVELOPER: Final = "en_GB"

_SEED_NO_WAY_BACK: Final = N_(
    "seed 003 : « Une fois cette dernière envoyée, il ne faut surtout pas revenir en arrière »"
)

# --- the sentences, by code ----------------------------------------------------------------------
# A code maps to its French sentence (the msgid), with %(name)s placeholders for its params; a
# few codes pick one of several sentences from their params (see _CHOOSERS).

_SENTENCES: Final[Mapping[str, str]] = {
    # what a claim still lacks (Missing)
    "formal_notice": N_(
        "une mise en demeure envoyée par lettre recommandée ou signifiée par commissaire de justice"
    ),
    "notice_delivery": N_(
        "la distribution de la mise en demeure envoyée le %(sent_on)s (reçue ou non réclamée)"
    ),
    "notice_served_again": N_(
        "une mise en demeure distribuée (reçue ou non réclamée) : celle du %(sent_on)s a été "
        "refusée ; la signifier à nouveau"
    ),
    "notice_deadline": N_(
        "l'expiration du délai de la mise en demeure : il court jusqu'au %(deadline)s "
        "(%(days)s à compter du %(delivered_on)s)"
    ),
    "no_dispute": N_("aucun litige ouvert (un litige est ouvert depuis le %(since)s)"),
    "proofs": N_(
        "des preuves de la créance enregistrées (devis signé, bon de livraison, bon de commande...)"
    ),
    "prescription": N_(
        "une créance non prescrite : l'action se prescrivait le %(until)s (%(article)s)"
    ),
    "small_claims_ceiling": N_(
        "une créance d'au plus %(ceiling)s, principal et intérêts, pour les petites créances "
        "(il est dû %(owed)s)"
    ),
    "court": N_(
        "la juridiction compétente : %(expected)s, pas %(procedure)s (une créance sur un acheteur "
        "public relève du juge administratif, et elle seule)"
    ),
    # why check() refuses an event (Verdict.why)
    "not_a_case": N_("le dossier doit être un Case (reçu : %(got)s)"),
    "not_a_policy": N_(
        "la politique doit être une Policy, comme french_default() (reçu : %(got)s)"
    ),
    "not_an_event": N_("l'événement doit être un des événements de la machine (reçu : %(got)s)"),
    "already_open": N_(
        "le dossier est déjà ouvert ; un dossier commence par son InvoiceOpened (voir replay)"
    ),
    "before_opening": N_(
        "%(event)s du %(on)s précède l'ouverture du dossier le %(opened)s ; enregistrez les "
        "événements à partir de l'ouverture"
    ),
    "terminal": N_("le dossier est au stade « %(stage)s » : un stade final est définitif"),
    "insolvency_stops": N_(
        "la procédure de %(procedure)s du débiteur a été ouverte le %(on)s : les poursuites "
        "individuelles s'arrêtent (ni relance, ni mise en demeure, ni transfert, ni action en "
        "justice) ; déclarez plutôt la créance au mandataire judiciaire (C. com. L622-24)"
    ),
    "dispute_freezes": N_(
        "un litige est ouvert depuis le %(since)s : ni contact, ni escalade, ni action en justice "
        "jusqu'à sa résolution (seed 000 : « Il n'y a aucun litige que votre client pourrait "
        "vous imputer »)"
    ),
    "paused_by_promise": N_(
        "l'escalade est suspendue par la promesse de paiement jusqu'au %(until)s"
    ),
    "paused_by_plan": N_("l'escalade est suspendue par l'échéancier, respecté"),
    "cap_reached": N_(
        "plafond atteint : déjà %(limit)s contact(s) par %(channel)s au stade « %(stage)s », "
        "le plafond de la politique"
    ),
    "learned_late": N_(
        "enregistrer %(event)s au %(on)s rend illégal un événement ultérieur : %(later)s du "
        "%(later_on)s serait refusé (%(why)s)"
    ),
    "unknown_step": N_("la politique n'a pas d'étape « %(step)s »"),
    "unknown_contact_step": N_(
        "la politique n'a pas d'étape « %(step)s » ; enregistrez un contact libre (step=None)"
    ),
    "step_not_reminder": N_(
        "l'étape « %(step)s » est de type « %(kind)s », pas une relance ; enregistrez-la comme "
        "telle"
    ),
    "step_not_notice": N_("l'étape « %(step)s » est de type « %(kind)s », pas une mise en demeure"),
    "wrong_channel": N_("l'étape « %(step)s » se fait par %(channel)s, pas par %(got)s"),
    "wrong_channel_contact": N_(
        "l'étape « %(step)s » se fait par %(channel)s, pas par %(got)s ; enregistrez un contact "
        "libre (step=None) pour un autre canal"
    ),
    "step_not_for_debtor": N_(
        "l'étape « %(step)s » ne s'applique pas à un débiteur « %(segment)s »"
    ),
    "step_not_for_amount": N_(
        "l'étape « %(step)s » ne s'applique pas à un débiteur « %(segment)s » qui doit %(amount)s"
    ),
    "step_goes_back": N_(
        "le dossier est au stade « %(stage)s » ; l'étape « %(step)s » (%(step_stage)s) "
        "reviendrait en arrière (%(seed)s)"
    ),
    "step_needs_notice": N_(
        "l'étape « %(step)s » suit la mise en demeure, qui n'a pas été envoyée"
    ),
    "step_done": N_("l'étape « %(step)s » a déjà été enregistrée le %(on)s"),
    "reminder_not_due": N_(
        "la facture est échue le %(due_on)s : la dette n'est pas encore exigible, donc pas de "
        "relance « %(step)s » ce jour-là ni avant (seule la relance préventive le précède)"
    ),
    "notice_not_due": N_(
        "la facture est échue le %(due_on)s : la dette n'est pas encore exigible, donc pas de "
        "mise en demeure ce jour-là ni avant (seule la relance préventive le précède)"
    ),
    "amicable_over": N_(
        "la phase amiable a pris fin le %(end)s (%(days)s, pauses comprises) : la relance "
        "« %(step)s » n'est plus envoyée, la mise en demeure est due (seed 004 : « La durée de "
        "la phase de recouvrement de créances à l'amiable est de maximum 60 à 90 jours »)"
    ),
    "penalty_claim_early": N_(
        "l'étape « %(step)s » réclame les pénalités et l'indemnité une fois le principal payé ; "
        "il reste dû %(balance)s de principal"
    ),
    "notice_not_registered": N_(
        "cette bibliothèque enregistre une mise en demeure envoyée par lettre recommandée, LRAR "
        "ou LRE, ou signifiée par commissaire de justice, la preuve que demandera un juge "
        "(reçu : %(got)s) ; l'art. 1344 du C. civ. "
        "admet tout acte suffisant, mais seed 000 : « L'envoi en recommandé avec accusé de "
        "réception est indispensable d'un point de vue juridique »"
    ),
    "notice_served": N_(
        "la mise en demeure signifiée le %(sent_on)s par commissaire de justice a été remise ce "
        "jour-là, son acte en fait foi : il n'y a pas d'avis de distribution à enregistrer"
    ),
    "notice_no_outcome": N_(
        "la mise en demeure envoyée le %(sent_on)s n'a pas d'issue enregistrée ; enregistrez "
        "d'abord FormalNoticeDelivered (reçue, non réclamée ou refusée)"
    ),
    "notice_running": N_(
        "la mise en demeure envoyée le %(sent_on)s a été %(outcome)s le %(on)s ; son délai "
        "court, une seconde n'est pas nécessaire"
    ),
    "no_notice_sent": N_(
        "aucune mise en demeure n'a été envoyée, aucune ne peut donc être distribuée"
    ),
    "outcome_recorded": N_(
        "l'issue de la mise en demeure envoyée le %(sent_on)s est déjà enregistrée "
        "(%(outcome)s le %(on)s)"
    ),
    "payment_minor_unit": N_(
        "un paiement en %(currency)s a au plus l'unité mineure de la devise (reçu : %(amount)s)"
    ),
    "credit_note_minor_unit": N_(
        "un avoir en %(currency)s a au plus l'unité mineure de la devise (reçu : %(amount)s)"
    ),
    "payment_over_balance": N_(
        "un paiement de %(amount)s dépasse le solde de %(balance)s ; un trop-perçu est refusé "
        "(le solde n'est jamais négatif)"
    ),
    "credit_note_over_balance": N_(
        "un avoir de %(amount)s dépasse le solde de %(balance)s ; un trop-perçu est refusé (le "
        "solde n'est jamais négatif)"
    ),
    "payment_over_owed": N_(
        "un paiement de %(amount)s dépasse tout ce qui est dû le %(on)s, %(total)s (%(principal)s "
        "de principal, %(interest)s d'intérêts, %(indemnity)s d'indemnité) ; un trop-perçu est "
        "refusé"
    ),
    "waive_principal_owed": N_(
        "le principal n'est pas payé (il reste %(balance)s) : les pénalités sont abandonnées "
        "une fois qu'il l'est ; enregistrez plutôt un avoir, une transaction ou une passation "
        "en perte"
    ),
    "waiver_void": N_(
        "les intérêts moratoires dus par un acheteur public ne s'abandonnent pas : toute "
        "renonciation à leur paiement est réputée non écrite ; réclamez-les, ou enregistrez "
        "une transaction ou une passation en perte"
    ),
    "promise_over_balance": N_("une promesse de %(amount)s dépasse le solde de %(balance)s"),
    "dispute_already_open": N_("un litige est déjà ouvert depuis le %(since)s"),
    "no_dispute_open": N_("aucun litige n'est ouvert, aucun ne peut donc être résolu"),
    "instalments_minor_unit": N_(
        "les échéances en %(currency)s ont au plus l'unité mineure de la devise"
    ),
    "plan_not_balance": N_(
        "les échéances totalisent %(total)s ; un échéancier couvre le solde de %(balance)s"
    ),
    "claim_needs": N_("une action en justice demande %(missing)s"),
    "insolvency_twice": N_("une procédure de %(procedure)s a déjà été ouverte le %(on)s"),
    "insolvency_no_agreement": N_(
        "la procédure de %(procedure)s du débiteur a été ouverte le %(on)s : le débiteur ne "
        "peut pas payer une créance née avant le jugement (C. com. L622-7) et les poursuites "
        "individuelles s'arrêtent (L622-21), donc ni promesse de paiement ni échéancier n'est "
        "convenu avec le créancier ; déclarez plutôt la créance au mandataire judiciaire "
        "(L622-24)"
    ),
    "conversion_refused": N_(
        "la procédure de %(procedure)s du débiteur a été prononcée le %(on)s : un jugement "
        "ultérieur ne la convertit qu'en %(into)s, pas en %(got)s"
    ),
    "conversion_after_liquidation": N_(
        "la liquidation judiciaire du débiteur a été prononcée le %(on)s : c'est le dernier "
        "jugement, aucun ne la convertit en %(got)s"
    ),
    "declaration_without_procedure": N_(
        "une créance se déclare au mandataire une fois la procédure collective du débiteur "
        "ouverte ; enregistrez d'abord l'ouverture de la procédure collective"
    ),
    "declared_twice": N_("la créance a déjà été déclarée le %(on)s"),
    "not_possible": N_("%(event)s n'est pas possible au stade « %(stage)s »"),
    "not_possible_because": N_("%(event)s n'est pas possible au stade « %(stage)s » : %(hint)s"),
    # the hints of not_possible_because
    "hint_notice": N_(
        "une mise en demeure s'envoie une fois la facture échue et avant une action en justice"
    ),
    "hint_delivery": N_("aucune mise en demeure n'a été envoyée à ce stade"),
    "hint_plan": N_("rien n'est encore échu ; un échéancier rééchelonne un solde échu"),
    "hint_alternative": N_(
        "une médiation ou une conciliation suit la mise en demeure et précède le contentieux"
    ),
    "hint_hand_over": N_("la facture n'est pas encore échue ; rien ne peut être transféré"),
    "hint_before_due": N_("%(hint)s (la facture est échue le %(due_on)s)"),
    "hint_no_way_back": N_("le stade ne revient jamais en arrière (%(seed)s)"),
    # why an action is planned, and its notes (Action.reasons, Action.notes, Amounts.reasons)
    "consumer_interest": N_(
        "un consommateur ne doit l'intérêt légal qu'à compter de la mise en demeure, et aucune "
        "indemnité de recouvrement"
    ),
    "consumer_costs": N_("les frais de recouvrement restent à la charge du créancier"),
    "legal_interest_from": N_("l'intérêt légal court à compter du %(start)s"),
    "interest_stops": N_(
        "les intérêts s'arrêtent au jugement d'ouverture du %(on)s (procédure collective)"
    ),
    "per_article": N_("selon %(article)s"),
    "interest_first": N_("les paiements s'imputent d'abord sur les intérêts échus"),
    "principal_first": N_("les paiements s'imputent d'abord sur le principal (accord des parties)"),
    "prescription_warning": N_(
        "la créance est prescrite après le %(limit)s : agissez avant, une action en justice "
        "interrompt la prescription"
    ),
    "jumped": N_("saut à la dernière étape échue (Backlog.JUMP_TO_LATEST), en sautant %(skipped)s"),
    "declare_claim": N_(
        "la procédure de %(procedure)s du débiteur a été ouverte le %(on)s : déclarez la "
        "créance au mandataire judiciaire (ou au liquidateur), pour son montant au jour du "
        "jugement d'ouverture"
    ),
    "declaration_deadline": N_(
        "avant le %(deadline)s, 2 mois après la publication au BODACC du %(published_on)s ; "
        "au-delà, la créance est forclose (C. com. L622-26), sauf relevé de forclusion par le "
        "juge-commissaire"
    ),
    "declaration_deadline_abroad": N_(
        "avant le %(deadline)s, %(months)s mois après la publication au BODACC du "
        "%(published_on)s (%(extra)s de plus pour un créancier établi hors de France "
        "métropolitaine) ; au-delà, la créance "
        "est forclose (C. com. L622-26), sauf relevé de forclusion par le juge-commissaire"
    ),
    "declared_late": N_(
        "la créance a été déclarée le %(on)s, après le délai du %(deadline)s (R622-24) : le "
        "créancier est exclu des répartitions (forclusion) sauf relevé par le juge-commissaire ; "
        "demandez-le par requête, en montrant que la défaillance ne lui est pas due ou qu'elle "
        "vient de l'omission du débiteur sur la liste des créanciers, la déclaration jointe ; "
        "relevé, il ne participe qu'aux répartitions postérieures à sa demande"
    ),
    "not_declared": N_(
        "la créance n'a pas été déclarée avant le %(deadline)s (R622-24) : le créancier est "
        "exclu des répartitions (forclusion) sauf relevé par le juge-commissaire ; demandez-le "
        "par requête, en montrant que la défaillance ne lui est pas due ou qu'elle vient de "
        "l'omission du débiteur sur la liste des créanciers, la déclaration jointe ; relevé, il "
        "ne participe qu'aux répartitions postérieures à sa demande"
    ),
    "relief_deadline": N_(
        "avant le %(limit)s, 6 mois après la publication au BODACC du %(published_on)s ; "
        "au-delà, plus rien n'est planifié : l'action en relevé de forclusion est éteinte (un "
        "créancier titulaire d'une sûreté publiée compte depuis l'avertissement reçu, celui "
        "qui ne pouvait connaître sa créance a un an : non modélisé)"
    ),
    "relief_without_procedure": N_(
        "le relevé de forclusion se demande dans la procédure collective du débiteur ; "
        "enregistrez d'abord l'ouverture de la procédure collective"
    ),
    "declared_in_time": N_(
        "la créance a été déclarée dans le délai, le %(on)s : pas de forclusion"
    ),
    "relief_too_early": N_(
        "la créance peut encore être déclarée jusqu'au %(deadline)s (R622-24) : déclarez-la ; "
        "le relevé de forclusion se demande une fois ce délai passé"
    ),
    "hand_over_before_deadline": N_(
        "le débiteur a jusqu'à la fin du %(deadline)s pour payer (délai de la mise en demeure "
        "reçue ou présentée le %(delivered_on)s) : le dossier se transfère à partir du %(first)s"
    ),
    "relief_twice": N_("le relevé de forclusion a déjà été demandé le %(on)s"),
    "relief_too_late": N_(
        "l'action en relevé de forclusion pouvait être exercée jusqu'au %(limit)s, 6 mois après "
        "la publication au BODACC (C. com. L622-26)"
    ),
    "penalties_owed": N_(
        "le principal a été payé le %(cleared)s ; les pénalités de retard et l'indemnité de "
        "recouvrement restent dues (réclamez-les, ou enregistrez PenaltiesWaived)"
    ),
    "public_interest_term": N_(
        "un acheteur public verse les intérêts moratoires et l'indemnité forfaitaire dans les "
        "45 jours qui suivent le paiement du principal (le %(cleared)s), soit jusqu'au "
        "%(until)s : la réclamation attend la fin de ce délai"
    ),
    "declare_to_liquidateur": N_(
        "en liquidation judiciaire, la créance est déclarée au liquidateur, selon les mêmes "
        "règles et dans le même délai"
    ),
    "procedure_converted": N_(
        "la procédure de %(procedure)s a été convertie en %(into)s le %(on)s : c'est la même "
        "procédure qui continue, le délai court toujours de la publication du jugement "
        "d'ouverture (%(published_on)s) et une créance déclarée avant la conversion n'est pas "
        "déclarée à nouveau (Cass. com., 16 janv. 2007, n° 05-16.927)"
    ),
    "not_recordable": N_("ne peut pas encore être enregistrée : %(why)s"),
    "await_delivery": N_(
        "enregistrez ce qu'est devenue la mise en demeure envoyée le %(sent_on)s : l'avis de "
        "réception signé, ou la lettre revenue non réclamée à la fin du délai de garde de la "
        "Poste (%(days)s, « mise en instance ») ; son délai court à compter de ce jour"
    ),
    "notice_deadline_ran": N_("le délai de la mise en demeure courait jusqu'au %(deadline)s"),
    "notice_deadline_ran_then": N_(
        "le délai de la mise en demeure courait jusqu'au %(deadline)s ; %(extra)s après "
        "l'étape de transfert"
    ),
    "amicable_ended": N_(
        "la phase amiable a pris fin le %(end)s (%(days)s, pauses comprises) : la mise en "
        "demeure est due"
    ),
    "min_gap": N_("au moins %(days)s après le dernier contact (%(last)s)"),
    "pause_ended": N_("l'escalade a repris le %(on)s, à la fin de la pause"),
    "cap_skipped": N_("étape « %(step)s » sautée : son plafond est atteint"),
    "amicable_skipped": N_(
        "étape « %(step)s » sautée : la phase amiable prend fin le %(end)s (%(days)s, pauses "
        "comprises)"
    ),
    "serve_again": N_(
        "la mise en demeure envoyée le %(sent_on)s a été refusée le %(on)s ; signifiez-la à "
        "nouveau (par commissaire de justice au besoin)"
    ),
    # where a case stands when nothing is due (portfolio_io.CasePlan.status)
    "closed": N_("clos : %(stage)s"),
    "dispute_open": N_(
        "litige ouvert depuis le %(since)s : ni contact ni escalade jusqu'à sa résolution"
    ),
    "promise_running": N_("promesse de paiement jusqu'au %(until)s : escalade suspendue"),
    "plan_running": N_("échéancier respecté : escalade suspendue"),
    "next_step": N_("prochaine étape « %(step)s » le %(on)s"),
    "no_step_left": N_("plus aucune étape dans la politique"),
}

# The step an action carries out (Action.reasons[0]): before, on or after the due date.
_STEP_BEFORE: Final = N_(
    "étape « %(step)s » (%(stage)s, %(how)s), %(delay)s avant l'échéance du %(due_on)s"
)
_STEP_ON: Final = N_("étape « %(step)s » (%(stage)s, %(how)s), le jour de l'échéance, %(due_on)s")
_STEP_AFTER: Final = N_(
    "étape « %(step)s » (%(stage)s, %(how)s), %(delay)s après l'échéance du %(due_on)s"
)
# A hand-over or a claim: counted from the formal notice's deadline (its last day), not the due date.
_STEP_AFTER_NOTICE: Final = N_(
    "étape « %(step)s » (%(stage)s, %(how)s), %(delay)s après la fin du délai de la mise en "
    "demeure, le %(deadline)s"
)

# A penalty claim: counted from the day the principal was paid (the last payment or credit note).
_STEP_AFTER_PAYMENT: Final = N_(
    "étape « %(step)s » (%(stage)s, %(how)s), %(delay)s après le paiement du principal le "
    "%(cleared)s"
)
_STEP_ON_PAYMENT: Final = N_(
    "étape « %(step)s » (%(stage)s, %(how)s), le jour du paiement du principal, le %(cleared)s"
)

# --- the names of values inside sentences --------------------------------------------------------

_EVENT_LABELS: Final[Mapping[str, str]] = {
    "invoice_opened": N_("l'ouverture du dossier"),
    "contact_made": N_("un contact"),
    "formal_notice_sent": N_("une mise en demeure"),
    "formal_notice_delivered": N_("la distribution de la mise en demeure"),
    "payment_received": N_("un paiement"),
    "credit_note_issued": N_("un avoir"),
    "promise_to_pay": N_("une promesse de paiement"),
    "dispute_opened": N_("l'ouverture d'un litige"),
    "dispute_resolved": N_("la résolution d'un litige"),
    "payment_plan_agreed": N_("un échéancier"),
    "alternative_resolution_started": N_("une médiation ou conciliation"),
    "handed_over": N_("un transfert au contentieux"),
    "claim_filed": N_("une action en justice"),
    "proof_recorded": N_("une preuve"),
    "settlement_agreed": N_("une transaction"),
    "penalties_waived": N_("l'abandon des pénalités"),
    "collective_procedure_opened": N_("l'ouverture d'une procédure collective"),
    "claim_declared": N_("une déclaration de créance"),
    "written_off": N_("une passation en perte"),
    "foreclosure_relief_requested": N_("une demande de relevé de forclusion"),
}


# Parameters read by their name: a number of days, an event's kind.
_DURATIONS: Final = frozenset({"days", "extra"})
_EVENTS: Final = frozenset({"event", "later"})


def _param(name: str, value: object, locale: str, developer: bool) -> str:
    """The parameter *name* as text: a duration, an event's kind, or by its type."""
    if name in _DURATIONS and isinstance(value, int):
        return format_duration(value, locale=locale)
    if name in _EVENTS and isinstance(value, str):
        return _event(value, locale, developer)
    return _value(value, locale, developer)


def event_name(kind: str, *, locale: str = DEFAULT_LOCALE) -> str:
    """An event's kind (``"payment_received"``) for people: "un paiement" (itself if unknown)."""
    return _event(kind, locale, developer=False)


def _event(kind: str, locale: str, developer: bool) -> str:
    """An event's kind (``"payment_received"``): its name for people, itself for developers."""
    name = None if developer else _EVENT_LABELS.get(kind)
    return kind if name is None else gettext(name, locale=locale)


def _value(value: object, locale: str, developer: bool) -> str:
    """One parameter as text: for people in *locale*, or for developers."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, Money):
        if developer:
            return f"{value.amount} {value.currency}"
        return format_money(value.amount, value.currency, locale=locale)
    if isinstance(value, date):
        return value.isoformat() if developer else format_date(value, locale=locale)
    if isinstance(value, enum.Enum):
        if developer:
            return str(value.value)
        name = ENUM_LABELS.get(value)
        return gettext(name, locale=locale) if name is not None else label(value, locale=locale)
    if isinstance(value, Reason | Missing):
        return _render(value, locale, developer)
    if isinstance(value, tuple):
        # TRANSLATORS: between the conditions a claim still lacks (French puts a space before ;)
        glue = "; " if developer else pgettext("list of conditions", " ; ", locale=locale)
        return (glue if value and isinstance(value[0], Missing) else ", ").join(
            _value(item, locale, developer) for item in value
        )
    if isinstance(value, Article):
        return str(value) if developer else article_text(value, locale=locale)
    return str(value)


def _step(params: Mapping[str, object], values: dict[str, str], locale: str) -> str:
    after = params.get("after_deadline")
    if isinstance(after, int):
        values["delay"] = format_duration(after, locale=locale)
        return gettext(_STEP_AFTER_NOTICE, locale=locale) % values
    paid = params.get("after_payment")
    if isinstance(paid, int):
        values["delay"] = format_duration(paid, locale=locale)
        template = _STEP_AFTER_PAYMENT if paid > 0 else _STEP_ON_PAYMENT
        return gettext(template, locale=locale) % values
    offset = params.get("offset", 0)
    assert isinstance(offset, int)
    days = abs(offset)
    if params.get("business_days"):
        values["delay"] = ngettext(
            "%(n)s jour ouvré", "%(n)s jours ouvrés", days, locale=locale
        ) % {"n": days}
    else:
        values["delay"] = format_duration(days, locale=locale)
    template = _STEP_BEFORE if offset < 0 else _STEP_AFTER if offset > 0 else _STEP_ON
    return gettext(template, locale=locale) % values


def _payments_after(params: Mapping[str, object], values: dict[str, str], locale: str) -> str:
    count = params.get("count", 0)
    assert isinstance(count, int)
    return (
        ngettext(
            "%(count)s paiement reçu depuis le jugement n'est pas déduit de la créance déclarée "
            "(seul l'est un paiement reçu avant lui, L622-33) : le débiteur ne peut pas la payer "
            "(L622-7, un paiement du débiteur peut être annulé), la caution ou le codébiteur "
            "qui a payé est subrogé pour ce qu'il a payé",
            "%(count)s paiements reçus depuis le jugement ne sont pas déduits de la créance "
            "déclarée (seul l'est un paiement reçu avant lui, L622-33) : le débiteur ne peut pas "
            "la payer (L622-7, un paiement du débiteur peut être annulé), la caution ou le "
            "codébiteur qui a payé est subrogé pour ce qu'il a payé",
            count,
            locale=locale,
        )
        % values
    )


_CAP_REACHED_SHARED: Final = N_(
    "plafond commun atteint : déjà %(limit)s contact(s) par %(shared)s ensemble au stade "
    "« %(stage)s », le plafond de la politique"
)


def _cap_reached(params: Mapping[str, object], values: dict[str, str], locale: str) -> str:
    """A cap reached: of one channel, or shared by several (``shared``: the cap's channels)."""
    template = _CAP_REACHED_SHARED if "shared" in params else _SENTENCES["cap_reached"]
    return gettext(template, locale=locale) % values


_CHOOSERS: Final[Mapping[str, Callable[[Mapping[str, object], dict[str, str], str], str]]] = {
    "cap_reached": _cap_reached,
    "step": _step,
    "payments_after_judgment": _payments_after,
}


def _render(value: Reason | Missing, locale: str, developer: bool) -> str:
    code = value.code
    params = dict(value.params)
    values = {name: _param(name, item, locale, developer) for name, item in params.items()}
    values.setdefault("seed", gettext(_SEED_NO_WAY_BACK, locale=locale))
    chooser = _CHOOSERS.get(code)
    if chooser is not None:
        return chooser(params, values, locale)
    template = _SENTENCES.get(code)
    if template is None:  # a sentence written by a host: shown as it is
        return code
    return gettext(template, locale=locale) % values


def sentence(value: Reason | Missing, *, locale: str = DEFAULT_LOCALE) -> str:
    """The sentence of a reason or a missing condition in *locale*, without its article."""
    return _render(value, locale, developer=False)


def message(value: Reason | Missing) -> str:
    """The developer's English sentence: ISO dates, amounts with their code, enum values."""
    return _render(value, _DEVELOPER, developer=True)


def reason_text(reason: Reason, *, locale: str = DEFAULT_LOCALE) -> str:
    """A reason as a person reads it: its sentence, then its article."""
    return gettext("%(reason)s (%(article)s)", locale=locale) % {
        "reason": sentence(reason, locale=locale),
        "article": article_text(reason.article, locale=locale),
    }


def _how(action: object, locale: str) -> str:
    from dunning_core.machine import Action

    assert isinstance(action, Action)
    if action.channel is not None:
        return label(action.channel, locale=locale)
    return gettext(ENUM_LABELS[action.kind], locale=locale)


def action_text(action: object, *, locale: str = DEFAULT_LOCALE) -> str:
    """
    An action as a few lines: what to do and since when, why, what it still lacks.

    >>> from dunning_core.machine import Case, next_actions
    >>> from dunning_core.policy import french_default
    >>> case = Case.open("F-1", "10000", date(2025, 3, 1), due_on=date(2025, 3, 31))
    >>> (action,) = next_actions(case, french_default(), date(2025, 4, 7))
    >>> print(action_text(action, locale="en_GB"))
    F-1: reminder_email_1 (email), due since 5 April 2025
      reason: step 'reminder_email_1' (amicable dunning, email), 5 days after the due date 31 March 2025 (practice)
    """
    from dunning_core.machine import Action

    assert isinstance(action, Action)
    head = gettext("%(invoice)s : %(step)s (%(how)s), due depuis le %(day)s", locale=locale) % {
        "invoice": action.reference,
        "step": action.step.name,
        "how": _how(action, locale),
        "day": format_date(action.due_on, locale=locale),
    }
    lines = [head]
    if action.blocked:
        lines.append("  " + gettext("bloquée : elle ne peut pas encore être faite", locale=locale))
    if action.deadline is not None:
        lines.append(
            "  "
            + gettext("au plus tard le %(day)s", locale=locale)
            % {"day": format_date(action.deadline, locale=locale)}
        )
    lines.extend(
        "  "
        + gettext("motif : %(reason)s", locale=locale)
        % {"reason": reason_text(reason, locale=locale)}
        for reason in action.reasons
    )
    lines.extend(
        "  " + gettext("manque : %(item)s", locale=locale) % {"item": sentence(item, locale=locale)}
        for item in action.missing
    )
    return "\n".join(lines)


def action_html(action: object, *, locale: str = DEFAULT_LOCALE) -> str:
    """An action and its reasons as an HTML table, for notebooks."""
    from dunning_core.machine import Action

    assert isinstance(action, Action)
    rows: list[tuple[str, object]] = [
        (gettext("Dossier", locale=locale), action.reference),
        (gettext("Étape", locale=locale), action.step.name),
        (gettext("Stade", locale=locale), label(action.stage, locale=locale)),
        (gettext("Canal", locale=locale), _how(action, locale)),
        (gettext("Due le", locale=locale), format_date(action.due_on, locale=locale)),
        (gettext("Prévue pour", locale=locale), format_date(action.as_of, locale=locale)),
    ]
    if action.deadline is not None:
        rows.append(
            (gettext("Au plus tard le", locale=locale), format_date(action.deadline, locale=locale))
        )
    rows.extend(
        (gettext("Motif", locale=locale), reason_text(reason, locale=locale))
        for reason in action.reasons
    )
    rows.extend(
        (gettext("À faire avant", locale=locale), sentence(item, locale=locale))
        for item in action.missing
    )
    caption = gettext("Action %(step)s (%(invoice)s)", locale=locale) % {
        "step": action.step.name,
        "invoice": action.reference,
    }
    headers = (gettext("Champ", locale=locale), gettext("Valeur", locale=locale))
    return html_table(headers, rows, caption=caption)


def case_html(case: object, *, locale: str = DEFAULT_LOCALE) -> str:
    """A case and its events as an HTML table, for notebooks."""
    from dunning_core.machine import Case

    assert isinstance(case, Case)
    currency = case.currency
    caption = gettext(
        "Dossier %(invoice)s : %(amount)s, échéance %(due_on)s, solde %(balance)s, %(stage)s",
        locale=locale,
    ) % {
        "invoice": case.reference,
        "amount": format_money(case.amount, currency, locale=locale),
        "due_on": format_date(case.due_on, locale=locale),
        "balance": format_money(case.balance, currency, locale=locale),
        "stage": label(case.stage, locale=locale),
    }
    rows = [
        (
            format_date(event.on, locale=locale, format="short"),
            _event(event.kind, locale, False),
            describe(event, locale=locale),
            label(stage, locale=locale),
        )
        for event, stage in zip(case.events, case.stages, strict=True)
    ]
    headers = (
        gettext("Date", locale=locale),
        gettext("Événement", locale=locale),
        gettext("Détail", locale=locale),
        gettext("Stade", locale=locale),
    )
    return html_table(headers, rows, caption=caption)


def verdict_text(verdict: object, *, locale: str = DEFAULT_LOCALE) -> str:
    """A verdict as a person reads it: allowed and the stage after it, or refused and why."""
    from dunning_core.machine import Verdict

    assert isinstance(verdict, Verdict)
    if verdict.allowed:
        stage = verdict.stage if verdict.stage is not None else getattr(verdict.case, "stage", None)
        if stage is None:
            return gettext("accepté", locale=locale)
        return gettext("accepté : le dossier est ensuite au stade « %(stage)s »", locale=locale) % {
            "stage": label(stage, locale=locale)
        }
    why = verdict.why
    text = gettext("refusé", locale=locale)
    if why is not None:
        text = gettext("refusé : %(reason)s", locale=locale) % {
            "reason": reason_text(why, locale=locale)
        }
    return text
