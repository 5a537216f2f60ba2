"""
The legal articles that ``dunning_core`` cites.

Every rule, computed line and compliance finding names one of these :class:`Article` values, so that a
credit manager can check what the library did against the text.  Wordings and numbers are taken from
``shared/reference/LAW.md`` (a sourced compilation); the URL points at the article on Légifrance when
its identifier was read there, otherwise at the code on Légifrance.

>>> L441_10
Article('C. com.', 'L441-10')
>>> str(L441_10)
'C. com. art. L441-10'
>>> L441_10.title
'Délais de paiement, pénalités de retard et indemnité forfaitaire'
"""

from __future__ import annotations

import enum
from typing import Final, final

import attrs

__all__ = [
    "ALL_ARTICLES",
    "CCP_D2192_35",
    "CCP_L2192_13",
    "CCP_L2192_14",
    "CCP_R2192_10",
    "CCP_R2192_11",
    "CCP_R2192_12",
    "CCP_R2192_31",
    "CCP_R2192_36",
    "CIV_1231_6",
    "CIV_1342_10",
    "CIV_1343_1",
    "CIV_1343_2",
    "CIV_1344",
    "CIV_1344_1",
    "CIV_2240",
    "CIV_2241",
    "CIV_2242",
    "CJA_R541_1",
    "CMF_L313_2",
    "CMF_L313_3",
    "CONSO_L218_2",
    "CPCE_L111_8",
    "CPCE_L125_1",
    "CPCE_R124_4",
    "CPC_640",
    "CPC_642",
    "CPC_653",
    "CPC_750_1",
    "CPC_1405",
    "CT_L3133_1",
    "CT_L3134_13",
    "D441_5",
    "D441_6",
    "DIRECTIVE_2011_7",
    "L110_4",
    "L441_10",
    "L441_11",
    "L441_12",
    "L441_13",
    "L441_14",
    "L441_16",
    "L622_7",
    "L622_10",
    "L622_21",
    "L622_24",
    "L622_25",
    "L622_25_1",
    "L622_26",
    "L622_28",
    "L622_33",
    "L631_15",
    "L641_1",
    "L641_3",
    "PRACTICE",
    "R622_23",
    "R622_24",
    "Article",
    "Finding",
    "Severity",
]

_LEGIFRANCE_ARTICLE = "https://www.legifrance.gouv.fr/codes/article_lc/"
_LEGIFRANCE_CODE = "https://www.legifrance.gouv.fr/codes/texte_lc/"

# Légifrance identifiers of the codes cited.
_CODE_IDS: Final = {
    "C. com.": "LEGITEXT000005634379",
    "C. civ.": "LEGITEXT000006070721",
    "CMF": "LEGITEXT000006072026",
    "CCP": "LEGITEXT000037701019",
    "CPCE": "LEGITEXT000025024948",
    "CJA": "LEGITEXT000006070933",
    "CPC": "LEGITEXT000006070716",
    "C. conso.": "LEGITEXT000006069565",
    "C. trav.": "LEGITEXT000006072050",
}


@final
@attrs.frozen(repr=False)
class Article:
    """
    One article of a French code (or another legal source) that a rule rests on.

    Attributes:
        code: the code's usual abbreviation (``"C. com."``, ``"C. civ."``, ``"CMF"``...).
        number: the article number as printed (``"L441-10"``).
        title: a short French title saying what the article is about.
        url: where to read it.

    >>> a = Article("C. com.", "L441-10", "Pénalités de retard", "https://example.org")
    >>> a.cite()
    'C. com. art. L441-10 — Pénalités de retard'
    """

    code: str
    number: str
    title: str
    url: str

    def __str__(self) -> str:
        if self.code in ("", "—"):
            return self.number
        return f"{self.code} art. {self.number}"

    def __repr__(self) -> str:
        return f"Article({self.code!r}, {self.number!r})"

    def cite(self) -> str:
        """The citation followed by the short title, for messages and letters."""
        return f"{self} — {self.title}"


def _article(code: str, number: str, title: str, legiarti: str | None = None) -> Article:
    if legiarti is not None:
        url = _LEGIFRANCE_ARTICLE + legiarti
    else:
        url = _LEGIFRANCE_CODE + _CODE_IDS[code]
    return Article(code, number, title, url)


# --- Code de commerce: payment terms, penalties, indemnity ----------------------------------------
L441_10: Final = _article(
    "C. com.",
    "L441-10",
    "Délais de paiement, pénalités de retard et indemnité forfaitaire",
    "LEGIARTI000038414392",
)
L441_11: Final = _article(
    "C. com.", "L441-11", "Délais de paiement dérogatoires par secteur", "LEGIARTI000038411642"
)
L441_12: Final = _article("C. com.", "L441-12", "Délais de paiement à l'exportation hors UE")
L441_13: Final = _article("C. com.", "L441-13", "Délais de paiement des importations outre-mer")
L441_16: Final = _article(
    "C. com.",
    "L441-16",
    "Amende administrative pour non-respect des délais de paiement",
    "LEGIARTI000043750778",
)
D441_5: Final = _article(
    "C. com.", "D441-5", "Indemnité forfaitaire pour frais de recouvrement : 40 €"
)
L441_14: Final = _article(
    "C. com.", "L441-14", "Informations sur les délais de paiement dans le rapport de gestion"
)
D441_6: Final = _article(
    "C. com.",
    "D441-6",
    "Factures échues non réglées ventilées par tranches de retard (rapport de gestion)",
    "LEGIARTI000043197457",
)
L110_4: Final = _article(
    "C. com.", "L110-4", "Prescription commerciale de cinq ans", "LEGIARTI000027725867"
)
L622_7: Final = _article(
    "C. com.",
    "L622-7",
    "Interdiction de payer les créances antérieures au jugement d'ouverture",
)
L622_10: Final = _article(
    "C. com.", "L622-10", "Conversion de la sauvegarde en redressement ou en liquidation judiciaire"
)
L622_21: Final = _article(
    "C. com.", "L622-21", "Arrêt des poursuites individuelles en procédure collective"
)
L622_24: Final = _article("C. com.", "L622-24", "Déclaration des créances au mandataire judiciaire")
L622_25: Final = _article(
    "C. com.", "L622-25", "Contenu de la déclaration de créance : montant, sûretés, certification"
)
L622_25_1: Final = _article(
    "C. com.",
    "L622-25-1",
    "La déclaration de créance interrompt la prescription jusqu'à la clôture de la procédure",
)
L622_26: Final = _article("C. com.", "L622-26", "Forclusion du créancier qui n'a pas déclaré")
L622_28: Final = _article(
    "C. com.", "L622-28", "Arrêt du cours des intérêts en procédure collective"
)
L622_33: Final = _article(
    "C. com.",
    "L622-33",
    "Acompte reçu d'un coobligé avant le jugement d'ouverture : déclaration sous déduction",
)
L631_15: Final = _article(
    "C. com.", "L631-15", "Redressement judiciaire : conversion en liquidation judiciaire"
)
L641_1: Final = _article("C. com.", "L641-1", "Ouverture ou prononcé de la liquidation judiciaire")
L641_3: Final = _article(
    "C. com.", "L641-3", "Liquidation judiciaire : effets du jugement, déclaration au liquidateur"
)
R622_23: Final = _article(
    "C. com.", "R622-23", "Déclaration de créance : pièces justificatives sous bordereau"
)
R622_24: Final = _article(
    "C. com.", "R622-24", "Délai de déclaration : deux mois après la publication au BODACC"
)

# --- Code de la commande publique: public buyers ----------------------------------------------------
CCP_R2192_10: Final = _article(
    "CCP", "R2192-10", "Délai de paiement de 30 jours (État, collectivités)"
)
CCP_R2192_11: Final = _article(
    "CCP", "R2192-11", "Délai de paiement de 50 jours (santé) et 60 jours (entreprises publiques)"
)
CCP_R2192_12: Final = _article(
    "CCP",
    "R2192-12",
    "Point de départ : réception de la demande de paiement",
    "LEGIARTI000037729699",
)
CCP_L2192_13: Final = _article("CCP", "L2192-13", "Intérêts moratoires de plein droit")
CCP_L2192_14: Final = _article(
    "CCP", "L2192-14", "Renonciation aux intérêts moratoires réputée non écrite"
)
CCP_R2192_31: Final = _article(
    "CCP", "R2192-31", "Taux des intérêts moratoires : BCE + 8 points, fixé au semestre de départ"
)
CCP_D2192_35: Final = _article(
    "CCP", "D2192-35", "Indemnité forfaitaire de 40 € (commande publique)"
)
CCP_R2192_36: Final = _article(
    "CCP",
    "R2192-36",
    "Intérêts moratoires et indemnité versés dans les 45 jours suivant le paiement du principal",
    "LEGIARTI000037729643",
)

# --- Code civil: legal interest, imputation, formal notice ------------------------------------------
CIV_1231_6: Final = _article(
    "C. civ.",
    "1231-6",
    "Intérêts au taux légal à compter de la mise en demeure",
    "LEGIARTI000032010133",
)
CIV_1342_10: Final = _article(
    "C. civ.", "1342-10", "Imputation des paiements entre plusieurs dettes"
)
CIV_1343_1: Final = _article(
    "C. civ.", "1343-1", "Paiement partiel imputé d'abord sur les intérêts"
)
CIV_1343_2: Final = _article("C. civ.", "1343-2", "Capitalisation des intérêts (anatocisme)")
CIV_1344: Final = _article("C. civ.", "1344", "Mise en demeure du débiteur")
CIV_1344_1: Final = _article(
    "C. civ.",
    "1344-1",
    "La mise en demeure fait courir l'intérêt moratoire au taux légal",
    "LEGIARTI000032042162",
)
CIV_2240: Final = _article(
    "C. civ.", "2240", "La reconnaissance du droit par le débiteur interrompt la prescription"
)
CIV_2241: Final = _article(
    "C. civ.", "2241", "La demande en justice, même en référé, interrompt la prescription"
)
CIV_2242: Final = _article(
    "C. civ.", "2242", "L'interruption par la demande en justice dure jusqu'à la fin de l'instance"
)

# --- Code monétaire et financier: the legal interest rate -------------------------------------------
CMF_L313_2: Final = _article(
    "CMF", "L313-2", "Taux de l'intérêt légal, fixé par semestre", "LEGIARTI000006652081"
)
CMF_L313_3: Final = _article(
    "CMF",
    "L313-3",
    "Majoration de 5 points deux mois après une décision exécutoire",
    "LEGIARTI000006652082",
)

# --- Consumers, enforcement, procedure --------------------------------------------------------------
CONSO_L218_2: Final = _article(
    "C. conso.", "L218-2", "Prescription de deux ans envers un consommateur"
)
CPCE_L111_8: Final = _article(
    "CPCE",
    "L111-8",
    "Frais de recouvrement sans titre exécutoire à la charge du créancier",
    "LEGIARTI000025025657",
)
CPCE_R124_4: Final = _article(
    "CPCE", "R124-4", "Mentions obligatoires de la lettre d'un agent de recouvrement"
)
CPCE_L125_1: Final = _article(
    "CPCE", "L125-1", "Procédure simplifiée de recouvrement des petites créances (≤ 5 000 €)"
)
CPC_1405: Final = _article("CPC", "1405", "Injonction de payer : créance d'un montant déterminé")
CPC_640: Final = _article("CPC", "640", "Point de départ des délais de procédure")
CPC_642: Final = _article(
    "CPC",
    "642",
    "Délai expirant un samedi, dimanche ou jour férié prorogé au jour ouvrable suivant",
)
CPC_653: Final = _article("CPC", "653", "Date de la signification : le jour où l'acte est signifié")
CPC_750_1: Final = _article("CPC", "750-1", "Tentative préalable de résolution amiable (≤ 5 000 €)")
CJA_R541_1: Final = _article(
    "CJA",
    "R541-1",
    "Référé-provision du juge administratif (créance sur une personne publique)",
)

# --- Code du travail: public holidays (used by the business-day calendar) ----------------------------
CT_L3133_1: Final = _article("C. trav.", "L3133-1", "Liste des fêtes légales (jours fériés)")
CT_L3134_13: Final = _article(
    "C. trav.",
    "L3134-13",
    "Alsace-Moselle : Vendredi saint et 26 décembre fériés",
)

# --- Other sources ------------------------------------------------------------------------------------
DIRECTIVE_2011_7: Final = Article(
    "Dir.",
    "2011/7/UE",
    "Directive concernant la lutte contre le retard de paiement",
    "https://eur-lex.europa.eu/legal-content/FR/TXT/?uri=CELEX:32011L0007",
)
PRACTICE: Final = Article(
    "—",
    "pratique",
    "Usage professionnel du recouvrement amiable (pas de règle légale)",
    "https://www.economie.gouv.fr/dgccrf/les-fiches-pratiques/delais-de-paiement-les-regles-connaitre",
)
"""Not an article: marks a rule that comes from good practice (the seed articles), not from law."""

ALL_ARTICLES: Final[tuple[Article, ...]] = tuple(
    value for name, value in sorted(globals().items()) if isinstance(value, Article)
)
"""Every article defined here, for the "law cited" page and its test."""


@final
class Severity(enum.Enum):
    """
    How serious a :class:`Finding` is.

    * ``INFO``: worth knowing, nothing to fix.
    * ``WARNING``: legal but risky or contested (e.g. "45 jours fin de mois" computed so that it
      exceeds 60 days), or a rate that the law's floor overtakes.
    * ``VIOLATION``: breaks the cited article (fines under C. com. L441-16 for payment terms).

    >>> Severity("violation") is Severity.VIOLATION
    True
    """

    INFO = "info"
    WARNING = "warning"
    VIOLATION = "violation"


@final
@attrs.frozen
class Finding:
    """
    A compliance finding: something the law says about an input, with the article that says it.

    Findings are not exceptions: the computation goes on and the finding travels with its result
    (flagged, not forbidden).

    A finding keeps its data for the display layer: a ``code`` naming the kind of finding, its
    ``params`` (name, value pairs: a ``Decimal`` is a rate in percent, a ``date`` a day) and
    ``text``, the French sentence with ``%(name)s`` placeholders that is also its msgid in the
    message catalogs, so that :meth:`to_text` shows it in the reader's
    language.  ``message`` is the developer's English sentence, kept for compatibility; the
    data fields take no part in equality.  ``str()`` shows it as a person reads it, in French
    (:meth:`to_text`), as a reason of the machine is shown; a finding without a sentence (one
    a host builds) shows its message.

    >>> f = Finding(Severity.VIOLATION, "75 days exceeds the 60-day cap", L441_10)
    >>> str(f)
    'violation : 75 days exceeds the 60-day cap (C. com. art. L441-10)'
    >>> f.message
    '75 days exceeds the 60-day cap'
    """

    severity: Severity
    message: str
    article: Article
    code: str = attrs.field(default="", kw_only=True, eq=False, repr=False)
    params: tuple[tuple[str, object], ...] = attrs.field(
        default=(), kw_only=True, eq=False, repr=False
    )
    text: str = attrs.field(default="", kw_only=True, eq=False, repr=False)

    def __str__(self) -> str:
        return self.to_text()

    def to_text(self, *, locale: str | None = None) -> str:
        """
        The finding as a person reads it in *locale* (``fr_FR`` when ``None``): its severity,
        its sentence from the catalogs with its parameters formatted, its article; a finding
        without a sentence shows its message.

        >>> f = Finding(Severity.VIOLATION, "75 days exceeds the 60-day cap", L441_10)
        >>> f.to_text()
        'violation : 75 days exceeds the 60-day cap (C. com. art. L441-10)'
        """
        from dunning_core.display import _findings  # the display layer sits above the law

        if locale is None:
            return _findings.finding_text(self)
        return _findings.finding_text(self, locale=locale)
