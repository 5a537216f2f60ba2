"""
The library's errors for people: the line the command line prints on standard error, and the
sentence of a portfolio row error that a library error caused, in the reader's language.

An exception's message stays in English for developers; what a person reads is drawn from its
data.  An error whose mistake is named by a ``code`` (with its ``params``) reads the sentence of
that code (:data:`ERROR_SENTENCES`); :class:`~dunning_core.errors.RateUnavailable`,
:class:`~dunning_core.errors.CurrencyMismatch`, :class:`~dunning_core.errors.ProvisionalAmounts`,
:class:`~dunning_core.errors.MissingExchangeRate` and a refused event
(:class:`~dunning_core.errors.IllegalTransition`) are drawn from their attributes.  An error
with neither (a policy, a JSON document) shows its kind and data in
the reader's language, then the developer's message as the detail.

>>> from dunning_core.calendar import parse_date
>>> try:
...     parse_date("31/03/2026")
... except Exception as e:
...     print(error_text(e)); print(error_text(e, locale="en_GB"))
date invalide — « 31/03/2026 » est une date à la française ; écrivez-la comme 2026-01-31
invalid date — '31/03/2026' is a French date; write it as 2026-01-31
"""

from __future__ import annotations

import errno
import re
from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal, localcontext
from typing import Any, Final

from babel.numbers import format_decimal

from dunning_core._i18n import DEFAULT_LOCALE, N_, gettext, pgettext
from dunning_core.display._terms import terms_text
from dunning_core.errors import (
    CurrencyMismatch,
    DunningError,
    IllegalTransition,
    InvalidArgument,
    MissingExchangeRate,
    PortfolioError,
    ProvisionalAmounts,
    RateTableError,
    RateUnavailable,
)
from dunning_core.format import format_date, format_money, format_percent
from dunning_core.rates import ECB_MRO, LEGAL_CONSUMER, LEGAL_OTHER, STATUTORY
from dunning_core.terms import PaymentTerms

__all__ = [
    "ERROR_LABELS",
    "ERROR_SENTENCES",
    "SERIES_LABELS",
    "error_label",
    "error_sentence",
    "error_text",
    "series_text",
]

ERROR_LABELS: Final[Mapping[str, str]] = {
    "InvalidAmount": N_("montant invalide"),
    "AmountTypeError": N_("montant invalide"),
    "InvalidDate": N_("date invalide"),
    "DateTypeError": N_("date invalide"),
    "InvalidArgument": N_("argument invalide"),
    "ArgumentTypeError": N_("argument invalide"),
    "InvalidTerms": N_("conditions de paiement invalides"),
    "InvalidPayment": N_("paiement invalide"),
    "CurrencyMismatch": N_("devises différentes"),
    "RateUnavailable": N_("taux inconnu"),
    "RateTableError": N_("table de taux invalide"),
    "ProvisionalAmounts": N_("montants provisoires refusés"),
    "MissingExchangeRate": N_("taux de change manquant"),
    "PolicyError": N_("politique invalide"),
    "IllegalTransition": N_("transition interdite"),
    "SerializationError": N_("JSON invalide"),
    "PortfolioError": N_("fichier de portefeuille invalide"),
    "TemplateError": N_("modèle de lettre invalide"),
}
"""The library's errors by class name, in words (French source of the catalogs)."""

ERROR_SENTENCES: Final[Mapping[str, str]] = {
    # dates and amounts written as text (the CLI's arguments, the cells of files)
    "not_a_date": N_("« %(value)s » n'est pas une date ; écrivez-la comme %(example)s"),
    "not_a_calendar_date": N_("le %(value)s n'existe pas dans le calendrier"),
    "french_date": N_("« %(value)s » est une date à la française ; écrivez-la comme %(example)s"),
    "not_an_amount": N_(
        "« %(value)s » n'est pas un montant ; écrivez-le en chiffres avec un point décimal, "
        "comme %(example)s"
    ),
    "not_finite": N_("« %(value)s » n'est pas un nombre fini"),
    "negative_amount": N_("%(value)s : un montant ne peut pas être négatif"),
    "amount_too_large": N_("%(value)s dépasse le plus grand montant accepté, %(max)s"),
    "not_more_than_zero": N_("%(name)s : %(value)s, un montant doit être supérieur à zéro"),
    "not_a_currency": N_(
        "« %(value)s » n'est pas un code de devise ISO 4217 en majuscules, tel que EUR"
    ),
    "bad_terms": N_(
        "« %(value)s » : conditions de paiement illisibles ; écrivez-les comme « 30 jours », "
        "« 45 jours fin de mois » ou « 60 jours date de facture »"
    ),
    "unknown_terms_words": N_(
        "« %(value)s » : conditions de paiement illisibles, mots inconnus : %(unknown)s ; "
        "écrivez-les comme « 30 jours », « 45 jours fin de mois » ou « 60 jours date de facture »"
    ),
    "terms_character": N_(
        "le caractère %(char)s, position %(position)s, n'est pas compris dans des conditions de "
        "paiement : écrivez des lettres, des chiffres, des espaces et de la ponctuation"
    ),
    "terms_too_long": N_("des conditions de paiement de %(length)s caractères, au plus %(max)s"),
    "public_buyer_unnamed": N_(
        "« %(value)s » : nommez l'acheteur public qui reçoit la demande de paiement, après le "
        "délai : %(spellings)s"
    ),
    "negative_terms": N_(
        "« %(value)s » : un signe moins devant un nombre ; les délais de paiement comptent les "
        "jours en avant"
    ),
    "payment_after_paid_on": N_(
        "un paiement du %(on)s, après le jour du calcul (%(paid_on)s), ne peut pas être imputé ; "
        "calculez à une date plus tardive ou retirez-le"
    ),
    "payment_over_principal": N_(
        "un paiement de %(amount)s dépasse le principal dû le %(on)s, %(principal)s"
    ),
    "payment_over_owed": N_(
        "un paiement de %(amount)s dépasse ce qui est dû à la fin du %(on)s, %(owed)s "
        "(%(principal)s de principal et %(interest)s d'intérêts courus)"
    ),
    "too_many_decimals": N_(
        "%(name)s : %(value)s a trop de décimales, un montant en %(currency)s en a au plus "
        "%(places)s ; arrondissez-le"
    ),
    "indemnity_in_eur": N_(
        "%(name)s : rien pour une facture en EUR (son indemnité forfaitaire est de 40 €) ; c'est "
        "l'indemnité de 40 € convertie dans la devise d'une facture en une autre devise"
    ),
    "received_before_issued": N_(
        "une demande de paiement reçue le %(value)s, avant son émission le %(issued)s : elle ne "
        "peut pas être reçue avant d'être émise"
    ),
    "due_after_last_day": N_(
        "sous « %(terms)s », une facture du %(issued)s serait due après le %(last)s, le dernier "
        "jour que le calendrier sait écrire ; vérifiez les dates (les années vont de 1 à 9999)"
    ),
    "delivery_required": N_(
        "ces conditions de paiement courent de la livraison des biens ou de l'exécution de la "
        "prestation : donnez la date de livraison (--delivered, la colonne delivered_on d'un "
        "portefeuille)"
    ),
    # events (a portfolio's rows)
    "opened_before_issued": N_(
        "un dossier ouvert le %(on)s, avant la date de sa facture, le %(issued)s"
    ),
    "promise_ends_before": N_(
        "une promesse qui finit le %(until)s, avant le jour où elle est faite, le %(on)s"
    ),
    "no_instalment": N_("un échéancier a au moins une échéance (une ligne instalment)"),
    "instalments_order": N_(
        "une échéance du %(on)s après celle du %(before)s : les échéances vont dans l'ordre "
        "des dates"
    ),
    "instalment_before_plan_day": N_(
        "la première échéance, le %(on)s, précède l'échéancier convenu le %(plan)s"
    ),
    "statutory_before_2009": N_(
        "le taux légal de retard, BCE + 10 points, s'applique depuis le 1er janvier 2009 (avant : "
        "BCE + 7, loi NRE, non livré) ; donnez un taux contractuel (--basis contractual:TAUX) "
        "que vous pouvez sourcer"
    ),
    "before_the_tables": N_(
        "aucun taux %(series)s n'est livré pour %(period)s, avant le début des tables ; "
        "construisez une table complète (RateTable.from_csv) pour ces dates"
    ),
    # text
    "too_long": N_("%(name)s : %(length)s caractères, au plus %(max)s"),
    "bad_character": N_(
        "%(name)s : un caractère de contrôle ou invisible (%(char)s, position %(position)s)"
    ),
    # arguments
    "out_of_range": N_("%(name)s : %(value)s, il faut un entier de %(low)s à %(high)s"),
    "not_one_of": N_("%(name)s : « %(value)s » n'est pas une valeur acceptée (%(accepted)s)"),
    "unknown_locale": N_(
        "%(name)s : « %(value)s » n'est pas une langue connue ; écrivez fr_FR ou en_GB"
    ),
    "payment_spelling": N_(
        "%(name)s : « %(value)s » ; écrivez DATE:MONTANT, comme 2026-03-01:500.00"
    ),
    "notice_without_consumer": N_("%(name)s ne va qu'avec --consumer"),
    "consumer_without_notice": N_(
        "avec --consumer, donnez --notice AAAA-MM-JJ, le jour où la mise en demeure a été "
        "reçue : un consommateur doit l'intérêt au taux légal à compter de ce jour (C. civ. "
        "1231-6, 1344-1)"
    ),
    "not_a_timeout": N_(
        "%(name)s : %(value)s ; donnez un nombre de secondes supérieur à zéro, au plus %(max)s"
    ),
    "empty_variable": N_(
        "la variable %(name)s est vide ; donnez-lui un chemin, ou passez --rates-file CHEMIN"
    ),
    "file_too_large": N_("%(value)s : un fichier de taux fait au plus %(max)s octets"),
    "not_utf8": N_("%(value)s : ce fichier n'est pas du texte UTF-8 (octet %(byte)s)"),
    # rate files (--rates FILE, the user rate file, dunning rates add-legal)
    "implausible_rate": N_(
        "un taux de %(rate)s est hors de la plage plausible, de %(low)s à %(high)s : vérifiez "
        "la ligne (un taux s'écrit en pour cent : 2.15 pour 2,15 %%)"
    ),
    "not_next_half_year": N_("le semestre suivant commence le %(expected)s, pas le %(value)s"),
    "not_half_year_start": N_("le %(value)s n'est ni le 1er janvier ni le 1er juillet"),
    "rates_header": N_(
        "l'en-tête doit être series,date,rate,source (et known_until, facultatif) ; lu : %(got)s"
    ),
    "ecb_only_known_until": N_(
        "%(name)s : « %(value)s », seules les lignes ECB_MRO prennent un known_until"
    ),
    "decision_out_of_order": N_(
        "une décision en vigueur le %(value)s ne suit pas le dernier jour connu de la table, "
        "le %(last)s : les décisions vont dans l'ordre des dates"
    ),
    "known_until_before_decision": N_(
        "known_until, le %(until)s, précède la décision du %(value)s"
    ),
    "known_until_too_far": N_(
        "known_until, le %(until)s, vient %(days)s jours après la décision du %(value)s : un "
        "taux est connu jusqu'à la décision suivante au plus, %(max)s jours ; enregistrez "
        "chaque décision suivante"
    ),
    "empty_source": N_(
        "%(name)s : vide ; chaque taux nomme sa source, la publication où il a été lu"
    ),
    "unbalanced_quotes": N_(
        "des guillemets ouverts ne se ferment pas sur leur ligne ; une cellule tient sur une ligne"
    ),
    "malformed_csv": N_("ligne CSV mal formée (guillemets, caractère nul ou cellule trop longue)"),
    "beyond_header": N_("des valeurs au-delà des colonnes de l'en-tête : %(extra)s"),
    "periods_unsorted": N_(
        "une période commence le %(start)s, avant la précédente (le %(previous)s) : les "
        "périodes vont dans l'ordre de leur début"
    ),
    "periods_overlap": N_(
        "une période commence le %(start)s et chevauche la précédente, qui finit le %(previous)s"
    ),
    "periods_gap": N_(
        "un trou entre le %(previous)s et le %(start)s : chaque période commence le lendemain "
        "de la fin de la précédente"
    ),
    # the ECB data API's answer (dunning rates update)
    "ecb_not_utf8": N_("la réponse n'est pas du texte UTF-8"),
    "ecb_empty": N_("l'API de données de la BCE a envoyé une réponse vide"),
    "ecb_not_csv": N_(
        "l'API de données de la BCE a envoyé une page HTML ou XML, pas du CSV (une page "
        "d'erreur ?) : « %(start)s »"
    ),
    "ecb_header": N_(
        "pas du SDMX-CSV aux colonnes TIME_PERIOD et OBS_VALUE (format=csvdata) ; lu : %(got)s"
    ),
    "ecb_row": N_("une ligne tronquée ou mal formée (pas le bon nombre de champs)"),
    "ecb_series": N_("la série « %(value)s » au lieu de « %(expected)s »"),
    "ecb_dates_order": N_(
        "le %(value)s après le %(last)s : les dates de la réponse doivent croître"
    ),
    "ecb_no_observation": N_("aucune observation dans la réponse (l'en-tête seul)"),
    # portfolio files that cannot be read at all
    "empty_file": N_("le fichier est vide ; la première ligne nomme les colonnes"),
    "wrong_separator": N_(
        "l'en-tête est séparé par « %(separator)s » ; lisez le fichier au format %(format)s "
        "(--format %(format)s)"
    ),
    "header_not_csv": N_("l'en-tête n'est pas une ligne CSV"),
    "unknown_columns": N_("colonnes inconnues : %(unknown)s ; les colonnes sont %(columns)s"),
    "missing_columns": N_(
        "colonnes manquantes : %(missing)s ; tout fichier a les colonnes invoice, record et date"
    ),
    "column_twice": N_("une colonne apparaît deux fois dans l'en-tête : %(twice)s"),
    "too_many_lines": N_("plus de %(max)s lignes ; découpez le fichier"),
    "line_too_long": N_(
        "une ligne de plus de %(max)s caractères : ce n'est pas un fichier de portefeuille, ou "
        "un saut de ligne manque"
    ),
    "not_in_encoding": N_(
        "pas du texte %(encoding)s (octet %(byte)s de la ligne) ; un export Windows-1252 ? "
        "passez --encoding cp1252"
    ),
}
"""What was wrong, by the ``code`` of an error (French source of the catalogs), with
``%(name)s`` placeholders: the error's ``value`` and ``name`` (an argument's) and its
``params``."""

PARAMETER_NAMES: Final[Mapping[str, str]] = {
    "days": N_("nombre de jours"),
    "day_of_month": N_("jour du mois"),
    "period_days": N_("période en jours"),
    "payment": N_("paiement"),
    "recovery_costs": N_("frais de recouvrement"),
    "indemnity_in_currency": N_("indemnité dans la devise"),
}
"""The parameters of the library whose error a person meets (a term of 400 days, a payment with
three decimals...), in words, for the error line; any other keeps its name (an option such as
``--basis``, a column of a rate file). A portfolio row's error names its column instead."""

# TRANSLATORS: an error without a finer sentence: its kind, its data, then the developer's
# message (English) as the detail.
_FALLBACK: Final = N_("%(kind)s%(data)s — détail : %(detail)s")
_HALF_YEAR: Final = re.compile(r"([0-9]{4})-H([12])")


_UNREADABLE: Final = N_("fichier illisible")
_UNWRITABLE: Final = N_("fichier impossible à écrire")

_OS_REASONS: Final[Mapping[type[OSError], str]] = {
    PermissionError: N_("accès refusé"),
    IsADirectoryError: N_("c'est un dossier, pas un fichier"),
    NotADirectoryError: N_("un élément du chemin n'est pas un dossier"),
    FileExistsError: N_("un élément du chemin n'est pas un dossier"),  # mkdir of a file's name
}
"""Why a file cannot be used, for the system's errors a person meets most (any other keeps the
system's own words)."""

_ERRNO_REASONS: Final[Mapping[int, str]] = {
    errno.ENOSPC: N_("plus de place sur le disque"),
    errno.EROFS: N_("système de fichiers en lecture seule"),
    errno.EDQUOT: N_("quota de disque dépassé"),
}
"""The same, for errors the system names by their number only (a plain ``OSError``)."""


def error_label(names: Sequence[str], *, locale: str = DEFAULT_LOCALE) -> str | None:
    """The words of the first of *names* (an error's class and its bases) that has some."""
    for name in names:
        words = ERROR_LABELS.get(name)
        if words is not None:
            return gettext(words, locale=locale)
    return None


_RATES: Final = frozenset({"rate"})
"""The parameters that are rates, in percent (with ``low`` and ``high`` when the rate is)."""
_MONEY: Final = frozenset({"amount", "owed", "principal", "interest"})
"""The parameters that are amounts, in the error's ``currency``."""


def _param(value: object, locale: str, name: str = "", currency: str = "") -> str:
    """A parameter as text: a list joined, a date in words, a rate in percent, an amount in its
    currency, a half-year as the package writes it, payment terms in words, a number as *locale*
    writes it (however many digits it has: the number a reader typed may be huge)."""
    if name in _RATES and isinstance(value, Decimal):
        return format_percent(value, locale=locale)
    if name in _MONEY and currency and isinstance(value, Decimal):
        return format_money(value, currency, locale=locale)
    if name == "period" and isinstance(value, str):
        return _half_year(value)
    if name == "series" and isinstance(value, str):
        return series_text(value, locale=locale)
    if name == "spellings" and isinstance(value, tuple):  # French words to type, in every language
        return pgettext("list separator", ", ", locale=locale).join(f"« {v} »" for v in value)
    if isinstance(value, tuple):
        if not value:  # an empty file's header, read as no cell at all
            return pgettext("an empty list", "rien", locale=locale)
        return pgettext("list separator", ", ", locale=locale).join(str(v) for v in value)
    if isinstance(value, date):
        return format_date(value, locale=locale)
    if isinstance(value, PaymentTerms):
        return terms_text(value, locale=locale)
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        return _number(Decimal(value), locale)
    if isinstance(value, float):
        return _number(Decimal(repr(value)), locale)
    return str(value)


def _number(value: Decimal, locale: str) -> str:
    """*value* as *locale* writes it, with the precision its digits need (babel rounds it in the
    current context, whose 28 digits a number typed by a reader may exceed)."""
    if not value.is_finite():
        return str(value)
    with localcontext() as context:
        context.prec = max(context.prec, value.adjusted() + 10, len(value.as_tuple().digits) + 1)
        return str(format_decimal(value, locale=locale))


def _half_year(period: str) -> str:
    """``2026-H2`` as every sentence of the package writes a half-year: ``2026-S2`` (S for
    *semestre*, in both languages, as the findings and the CLI's notices)."""
    match = _HALF_YEAR.fullmatch(period)
    return period if match is None else f"{match.group(1)}-S{match.group(2)}"


# The rate tables, as a credit manager names them after « taux » (rates.py keeps the series
# codes, which a rates file spells): error lines, the plan's unknown amounts and reports.
SERIES_LABELS: Final[Mapping[str, str]] = {
    ECB_MRO: N_("BCE (opérations principales de refinancement)"),
    STATUTORY: N_("légal des pénalités (BCE + 10 points)"),
    LEGAL_CONSUMER: N_("d'intérêt légal (créancier particulier)"),
    LEGAL_OTHER: N_("d'intérêt légal (autres cas)"),
}


def series_text(series: str, *, locale: str = DEFAULT_LOCALE) -> str:
    """
    A rate table named in words in *locale*, to follow « taux » / "rate"; a series of the
    user's own as it is named.

    >>> series_text("STATUTORY"), series_text("STATUTORY", locale="en_GB")
    ('légal des pénalités (BCE + 10 points)', 'statutory penalty (ECB + 10 points)')
    """
    words = SERIES_LABELS.get(series)
    return gettext(words, locale=locale) if words is not None else series


def error_sentence(
    code: str, params: Mapping[str, Any], *, locale: str = DEFAULT_LOCALE
) -> str | None:
    """
    The sentence of *code* in *locale* with *params* (``value``, ``name`` and the error's own),
    or ``None`` when the code has none.

    >>> error_sentence("not_one_of", {"name": "--format", "value": "xls",
    ...                               "accepted": ("csv", "jsonl")}, locale="en_GB")
    "--format: 'xls' is not an accepted value (csv, jsonl)"
    """
    words = ERROR_SENTENCES.get(code)
    if words is None:
        return None
    currency = str(params.get("currency", ""))
    rates = "rate" in params  # the band of a rate is in percent too
    return gettext(words, locale=locale) % {
        name: _param(value, locale, "rate" if rates and name in ("low", "high") else name, currency)
        for name, value in params.items()
    }


def _sentence(error: DunningError, locale: str) -> str | None:
    """What was wrong, drawn from *error*'s data, or ``None`` when its data cannot say it."""
    values: dict[str, Any] = {"value": getattr(error, "value", ""), "name": ""}
    if isinstance(error, InvalidArgument):
        values["name"] = error.name
    values.update(error.params)
    words = PARAMETER_NAMES.get(str(values["name"]))
    if words is not None:
        values["name"] = gettext(words, locale=locale)
    if error.code:
        return error_sentence(error.code, values, locale=locale)
    if isinstance(error, RateUnavailable):
        return gettext(
            "aucun taux %(series)s publié pour %(period)s dans les tables ; enregistrez-le : "
            "dunning rates update (BCE), dunning rates add-legal (taux légal) ; ou supposez "
            "inchangé le dernier taux publié (dunning penalty --assume-unchanged)",
            locale=locale,
        ) % {
            "series": series_text(error.series, locale=locale),
            "period": _half_year(str(error.period)),
        }
    if isinstance(error, CurrencyMismatch):
        return gettext(
            "des montants en %(left)s et en %(right)s ne s'additionnent pas ; convertissez l'un "
            "d'eux d'abord",
            locale=locale,
        ) % {"left": error.left, "right": error.right}
    if isinstance(error, ProvisionalAmounts):
        periods = ", ".join(_half_year(p) for p in str(error.periods).split(", "))
        return gettext(
            "les montants de %(periods)s reposent sur un taux supposé inchangé, non publié ; "
            "enregistrez le taux publié (dunning rates update, dunning rates add-legal)",
            locale=locale,
        ) % {"periods": periods}
    if isinstance(error, MissingExchangeRate):
        return gettext(
            "une créance en %(currency)s est déclarée en euros, au taux de change du jour du "
            "jugement d'ouverture, le %(on)s (C. com. L622-25) : donnez ce taux",
            locale=locale,
        ) % {"currency": error.currency, "on": _param(error.on, locale)}
    if isinstance(error, IllegalTransition) and error.why is not None:
        text: str = error.why.text(locale)
        return text
    return None


def _data(error: DunningError) -> str:
    """The data an error without a sentence shows beside its kind."""
    if isinstance(error, RateUnavailable):
        return f"{error.series} {error.period}"
    if isinstance(error, RateTableError):
        return "" if error.series == _NO_SERIES else error.series
    if isinstance(error, InvalidArgument):
        return error.name
    return ""


def error_text(error: BaseException, *, locale: str = DEFAULT_LOCALE, writing: bool = False) -> str:
    """
    *error* as one line in *locale*: its kind in words, then what was wrong, drawn from its
    data (a portfolio file's error names its line); a file the system cannot open says so
    (*writing*: a file the caller was writing, such as ``report --html``'s page).

    >>> from dunning_core.errors import PortfolioError
    >>> error_text(PortfolioError(1, "the file is empty", code="empty_file"), locale="en_GB")
    'invalid portfolio file — line 1: the file is empty; the first line names the columns'
    """
    if isinstance(error, OSError):
        file = error.filename if error.filename is not None else ""
        if isinstance(error, FileNotFoundError) and not writing:  # the reason would repeat it
            return gettext("fichier introuvable : %(file)s", locale=locale) % {"file": file}
        reason = _OS_REASONS.get(type(error)) or _ERRNO_REASONS.get(error.errno or 0)
        if writing and isinstance(error, FileNotFoundError):
            reason = N_("son dossier n'existe pas")
        said = gettext(reason, locale=locale) if reason else error.strerror or error
        if not file:  # a write that failed (a full disk...): no file to name
            return gettext("erreur du système : %(reason)s", locale=locale) % {"reason": said}
        return gettext("%(what)s : %(file)s (%(reason)s)", locale=locale) % {
            "what": gettext(_UNWRITABLE if writing else _UNREADABLE, locale=locale),
            "file": file,
            "reason": said,
        }
    names = [c.__name__ for c in type(error).__mro__]
    kind = error_label(names, locale=locale) or type(error).__name__
    sentence = _sentence(error, locale) if isinstance(error, DunningError) else None
    if sentence is None:
        data = _data(error) if isinstance(error, DunningError) else ""
        if isinstance(error, PortfolioError):
            data = gettext("ligne %(line)s", locale=locale) % {"line": error.line}
        return gettext(_FALLBACK, locale=locale) % {
            "kind": kind,
            "data": f" ({data})" if data else "",
            "detail": error,
        }
    if isinstance(error, PortfolioError):
        sentence = gettext("ligne %(line)s : %(what)s", locale=locale) % {
            "line": error.line,
            "what": sentence,
        }
    elif isinstance(error, RateTableError):
        sentence = gettext("%(place)s : %(what)s", locale=locale) % {
            "place": _rate_file_place(error, locale),
            "what": sentence,
        }
    return f"{kind} — {sentence}"


_NO_SERIES: Final = "rates file"
"""The series of a rate file's error before any series is read (``RateBook.extended_from_csv``
names it so in its English message): not shown to the reader."""


def _rate_file_place(error: RateTableError, locale: str) -> str:
    """Where in a rate file: the file (when the CLI knows it), its line, the series."""
    params = dict(error.params)
    parts = [str(params["file"])] if "file" in params else []
    row = str(error.row or "")
    line = re.fullmatch(r"(?:response )?line ([0-9]+)", row)
    if row.startswith("response"):  # the ECB data API's answer (dunning rates update)
        parts.append(gettext("réponse de la BCE", locale=locale))
    if line is not None:
        parts.append(gettext("ligne %(line)s", locale=locale) % {"line": line.group(1)})
    if error.series != _NO_SERIES:
        parts.append(error.series)
    return pgettext("list separator", ", ", locale=locale).join(parts)
