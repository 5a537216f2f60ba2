"""
The fields of a value as one short line for people (``étape : relance amiable ; jours ouvrés :
non``), in a locale: field names and enum values from the catalogs, numbers and dates from
:mod:`dunning_core.format`, payment terms and penalty bases in words.

:func:`dunning_core.format.describe` delegates here (from inside the function).

>>> from datetime import date
>>> from dunning_core.machine import ContactMade
>>> from dunning_core.policy import Channel
>>> event = ContactMade(date(2026, 4, 6), Channel.EMAIL, "reminder_email_1")
>>> describe(event)
'canal : e-mail ; étape du plan : reminder_email_1'
>>> describe(event, locale="en_GB")
'channel: email; policy step: reminder_email_1'
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from types import MappingProxyType
from typing import Final

import attrs
from babel.numbers import format_decimal

from dunning_core._i18n import DEFAULT_LOCALE, N_, gettext, pgettext
from dunning_core.display._penalties import basis_text
from dunning_core.display._terms import terms_text
from dunning_core.format import format_date, label
from dunning_core.interest import Allocation, PenaltyBasis
from dunning_core.law import Article
from dunning_core.machine import (
    Agent,
    CollectiveProcedure,
    Delivery,
    Missing,
    Procedure,
    Proof,
    Reason,
    Resolution,
)
from dunning_core.money import in_context
from dunning_core.policy import Backlog, DebtorSegment, StepKind
from dunning_core.terms import PaymentTerms

__all__ = ["ENUM_LABELS", "FIELD_LABELS", "article_text", "describe", "value_text"]

FIELD_LABELS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "amount": N_("montant"),
        "backlog": N_("étapes en retard"),
        "basis": N_("pénalités"),
        "alsace_moselle": N_("jours fériés d'Alsace-Moselle"),
        "allocation": N_("imputation des paiements"),
        "article": N_("article"),
        "as_of": N_("date de référence"),
        "blocked": N_("bloquée"),
        "business_days": N_("jours ouvrés"),
        "caps": N_("plafonds"),
        "buyer": N_("acheteur public"),
        "channel": N_("canal"),
        "channels": N_("canaux du plafond"),
        "creditor_outside_metropolitan_france": N_("créancier hors de la métropole"),
        "currency": N_("devise"),
        "day_of_month": N_("jour du mois"),
        "days": N_("jours"),
        "deadline": N_("date limite"),
        "due_on": N_("échéance"),
        "formal_notice_deadline_days": N_("délai de la mise en demeure (jours)"),
        "formal_notice_max_days": N_("délai maximal de la mise en demeure (jours)"),
        "instalments": N_("échéances du plan"),
        "indemnity_in_currency": N_("indemnité forfaitaire dans la devise"),
        "issued_on": N_("date de facture"),
        "kind": N_("nature"),
        "limit": N_("plafond"),
        "max_amicable_days": N_("durée maximale de la phase amiable (jours)"),
        "method": N_("calcul"),
        "min_amount": N_("montant minimal"),
        "min_gap_days": N_("écart minimal entre deux contacts (jours)"),
        "missing": N_("conditions manquantes"),
        "name": N_("nom"),
        "note": N_("note"),
        "notes": N_("remarques"),
        "offset": N_("décalage (jours)"),
        "on": N_("date"),
        "outcome": N_("résultat"),
        "plan_grace_days": N_("tolérance d'un échéancier (jours)"),
        "procedure": N_("procédure"),
        "proof": N_("preuve"),
        "published_on": N_("publication au BODACC"),
        "reference": N_("référence"),
        "segment": N_("segment"),
        "segments": N_("segments"),
        "stage": N_("étape"),
        "step": N_("étape du plan"),
        "steps": N_("étapes du plan"),
        "template": N_("modèle"),
        "to": N_("confié à"),
        "until": N_("jusqu'au"),
        "waive_penalties": N_("renonciation aux pénalités une fois le principal payé"),
    }
)
"""The name people read for each field of the values :func:`describe` shows, in French."""

ENUM_LABELS: Final[Mapping[enum.Enum, str]] = MappingProxyType(
    {
        Delivery.RECEIVED: N_("reçue"),
        Delivery.UNCLAIMED: N_("non réclamée"),
        Delivery.REFUSED: N_("refusée"),
        Proof.SIGNED_QUOTE: N_("devis signé"),
        Proof.DELIVERY_NOTE: N_("bon de livraison"),
        Proof.PURCHASE_ORDER: N_("bon de commande"),
        Proof.CONTRACT: N_("contrat"),
        Proof.INVOICE: N_("facture"),
        Proof.OTHER: N_("autre pièce"),
        Resolution.MEDIATION: N_("médiation"),
        Resolution.CONCILIATION: N_("conciliation"),
        Resolution.PARTICIPATIVE: N_("procédure participative"),
        Agent.AGENCY: N_("société de recouvrement"),
        Agent.LAWYER: N_("avocat"),
        Agent.COMMISSAIRE_DE_JUSTICE: N_("commissaire de justice"),
        CollectiveProcedure.SAUVEGARDE: N_("sauvegarde"),
        CollectiveProcedure.REDRESSEMENT: N_("redressement judiciaire"),
        CollectiveProcedure.LIQUIDATION: N_("liquidation judiciaire"),
        Procedure.INJONCTION_DE_PAYER: N_("injonction de payer"),
        Procedure.PETITES_CREANCES: N_("procédure des petites créances"),
        Procedure.REFERE_PROVISION: N_("référé-provision"),
        StepKind.REMINDER: N_("relance"),
        StepKind.FORMAL_NOTICE: N_("mise en demeure"),
        StepKind.HAND_OVER: N_("transfert au contentieux"),
        StepKind.CLAIM: N_("action en justice"),
        StepKind.PENALTY_CLAIM: N_("réclamation des pénalités"),
        StepKind.CLAIM_DECLARATION: N_("déclaration de créance"),
        StepKind.FORECLOSURE_RELIEF: N_("relevé de forclusion"),
        Backlog.SEQUENTIAL: N_("une étape à la fois"),
        Backlog.JUMP_TO_LATEST: N_("la dernière étape due"),
        Allocation.INTEREST_FIRST: N_("les intérêts d'abord"),
        Allocation.PRINCIPAL_FIRST: N_("le principal d'abord"),
        DebtorSegment.STANDARD: N_("entreprise"),
        DebtorSegment.HIGH_RISK: N_("à risque"),
        DebtorSegment.PUBLIC_BODY: N_("organisme public"),
        DebtorSegment.CONSUMER: N_("particulier"),
        DebtorSegment.NEW_UNRESPONSIVE: N_("nouveau client muet"),
    }
)
"""The French name of the enum values that have no ``label`` of their own."""


_SOURCES: Final[Mapping[str, str]] = {"pratique": N_("pratique")}
"""The sources that are not an article of a code (``law.PRACTICE``), by their French name."""


def article_text(article: Article, *, locale: str = DEFAULT_LOCALE) -> str:
    """An article as cited in *locale*: ``C. com. art. L441-10``, or practice in its words."""
    if article.code in ("", "—"):
        name = _SOURCES.get(article.number)
        return gettext(name, locale=locale) if name is not None else article.number
    return str(article)


@in_context  # babel computes in the current context: never the caller's
def value_text(value: object, *, locale: str = DEFAULT_LOCALE) -> str:
    """
    One value as short text in *locale*: payment terms and a penalty basis in words, an enum by
    its label, a boolean *oui*/*non*, a number with its decimals, a date short, an article, a
    reason or a missing condition as its sentence, a collection item by item, an attrs value field by field, anything else with ``str``.
    """
    if isinstance(value, PaymentTerms):
        return terms_text(value, locale=locale)
    if isinstance(value, PenaltyBasis):
        return basis_text(value, locale=locale)
    if isinstance(value, enum.Enum):
        words = ENUM_LABELS.get(value)
        return gettext(words, locale=locale) if words else label(value, locale=locale)
    if isinstance(value, bool):
        return gettext("oui", locale=locale) if value else gettext("non", locale=locale)
    if isinstance(value, Decimal | int):  # every decimal it has, no more, no fewer
        exponent = value.as_tuple().exponent if isinstance(value, Decimal) else 0
        places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
        pattern = "#,##0." + "0" * places if places else "#,##0"
        return str(format_decimal(value, format=pattern, locale=locale))
    if isinstance(value, date):
        return format_date(value, format="short", locale=locale)
    if isinstance(value, Article):
        return article_text(value, locale=locale)
    if isinstance(value, Reason):  # a sentence with its article, never its code
        return gettext("%(reason)s (%(article)s)", locale=locale) % {
            "reason": value.text(locale),
            "article": article_text(value.article, locale=locale),
        }
    if isinstance(value, Missing):
        return value.text(locale)
    if isinstance(value, tuple | list | frozenset):
        items = sorted(value, key=str) if isinstance(value, frozenset) else value
        return ", ".join(value_text(item, locale=locale) for item in items)
    if attrs.has(type(value)):
        return f"({describe(value, skip=(), locale=locale)})"
    return str(value)


def describe(value: object, *, skip: Iterable[str] = ("on",), locale: str = DEFAULT_LOCALE) -> str:
    """
    The fields of an attrs value as one short line, in *locale*: each field by its name for
    people (:data:`FIELD_LABELS`, else its attribute name), enums by their label, booleans
    *oui*/*non*, amounts with their decimals, dates short, terms and bases in words, reasons
    and missing conditions as their sentences (payment
    terms or a penalty basis given as *value* are shown in words); fields in
    *skip* and empty ones (``None``, ``""``, empty tuples) left out.  Anything that is not an
    attrs value shows with ``str``.
    """
    if isinstance(value, PaymentTerms | PenaltyBasis):  # in words
        return value_text(value, locale=locale)
    cls = type(value)
    if not attrs.has(cls):
        return str(value)
    left_out = frozenset(skip)
    pair = gettext("%(field)s : %(value)s", locale=locale)
    parts = []
    for field in attrs.fields(cls):
        if field.name in left_out or not field.init or field.name.startswith("_"):
            continue
        item = getattr(value, field.name)
        if item is None or (isinstance(item, str | tuple | list | frozenset) and not item):
            continue
        name = FIELD_LABELS.get(field.name)
        parts.append(
            pair
            % {
                "field": gettext(name, locale=locale) if name else field.name,
                "value": value_text(item, locale=locale),
            }
        )
    return pgettext("list separator", " ; ", locale=locale).join(parts)
