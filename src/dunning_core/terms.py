"""
Payment terms (*délais de paiement*), the due date they give, and what the law says about them.

* :class:`PaymentTerms` is a frozen value built with named constructors
  (:meth:`PaymentTerms.net`, :meth:`PaymentTerms.end_of_month`, :meth:`PaymentTerms.perishable`...)
  or read from the usual French wordings with :meth:`PaymentTerms.parse`; ``str(terms)`` is that
  wording again, and ``PaymentTerms.parse(str(terms)) == terms``.
* :func:`due_date` computes the due date (*date d'échéance*) from the invoice date and, for the kinds
  that need them, the delivery date or the date a public buyer received the payment request.
* :func:`check_terms` returns :class:`~dunning_core.law.Finding` values (severity, message, article):
  terms longer than the law allows are built fine and flagged, never refused.

>>> from datetime import date
>>> terms = PaymentTerms.parse("45 jours fin de mois")
>>> terms
PaymentTerms.end_of_month(45)
>>> due_date(terms, date(2025, 1, 15))  # 15 Jan + 45 days = 1 Mar, then end of March
datetime.date(2025, 3, 31)
>>> for finding in check_terms(terms, issued_on=date(2025, 1, 15), expressly_stipulated=True):
...     print(finding.to_text(locale="en_GB"))
info: the due date, 31 March 2025, is 75 days after the invoice date, 15 January 2025: more than \
60 days, which 45 days end of month allows (invoice date + 45 days, then end of month: 31 March \
2025 at the latest) (C. com. art. L441-10)
"""

from __future__ import annotations

import enum
import functools
import re
import unicodedata
from datetime import date, timedelta
from types import MappingProxyType
from typing import Final, final

import attrs

from dunning_core._i18n import N_
from dunning_core._validators import instance_of, int_between, optional
from dunning_core.calendar import add_days, end_of_month, to_date
from dunning_core.errors import InvalidDate, InvalidTerms
from dunning_core.law import (
    CCP_R2192_10,
    CCP_R2192_11,
    L441_10,
    L441_11,
    L441_12,
    Article,
    Finding,
    Severity,
)

__all__ = [
    "MAX_TERM_DAYS",
    "EndOfMonth",
    "PaymentTerms",
    "PublicBuyer",
    "TermsKind",
    "check_terms",
    "due_date",
]

MAX_TERM_DAYS: Final = 365
"""The longest term that can be built, in days: a longer one is surely a typing mistake."""

# Caps of the Code de commerce, in days.
_AGREED_CAP: Final = 60  # L441-10 I: agreed term, from the invoice date
_EOM_CAP: Final = 45  # L441-10 I: "45 jours fin de mois", if expressly stipulated
_PERIODIC_CAP: Final = 45  # L441-10 I, CGI 289 I 3: periodic invoice, plain days
_STATUTORY_DAYS: Final = 30  # L441-10 I: no term agreed, 30 days after delivery / performance
_EXPORT_CAP: Final = 90  # L441-12: exports outside the EU
_REQUEST_TRANSIT_DAYS: Final = 2  # CCP R2192-12: receipt not recorded, request date + 2 days
# The invoice dates over which a "fin de mois" wording's worst case is computed: every day of a
# common year and of the leap year after it (2023, 2024), so that a term reaching into February
# meets both of its lengths, from every day of every month.
_REFERENCE_FIRST: Final = date(2023, 1, 1)
_REFERENCE_DAYS: Final = 365 + 366


@final
class EndOfMonth(enum.Enum):
    """
    The two computations of "N jours fin de mois" that the DGCCRF accepts.

    * ``ADD_THEN_EOM``: invoice date + N days, then the end of that month
      (15 January 2025 + 45 days = 1 March, so 31 March).  It can exceed 60 days.
    * ``EOM_THEN_ADD``: the end of the invoice's month, then + N days
      (31 January 2025 + 45 days = 17 March).  The *fin de mois + 45 jours* reading of the
      parliamentary record of the LME.

    >>> EndOfMonth("eom_then_add")
    <EndOfMonth.EOM_THEN_ADD: 'eom_then_add'>
    """

    ADD_THEN_EOM = "add_then_eom"
    EOM_THEN_ADD = "eom_then_add"


@final
class PublicBuyer(enum.Enum):
    """
    The public buyers of the Code de la commande publique, each with its regulatory term.

    * ``STATE``: the State, local authorities and their public establishments: 30 days (R2192-10).
    * ``HEALTH``: public health establishments and the armed forces' health service: 50 days
      (R2192-11).
    * ``PUBLIC_UNDERTAKING``: public undertakings other than local public establishments: 60 days
      (R2192-11).

    >>> PublicBuyer.HEALTH.days, str(PublicBuyer.HEALTH.article)
    (50, 'CCP art. R2192-11')
    """

    STATE = "state"
    HEALTH = "health"
    PUBLIC_UNDERTAKING = "public_undertaking"

    @property
    def days(self) -> int:
        """The regulatory payment term, in days from the receipt of the payment request."""
        return _BUYERS[self].days

    @property
    def article(self) -> Article:
        """The article that sets :attr:`days`."""
        return _BUYERS[self].article

    @property
    def label(self) -> str:
        """The French name used in :meth:`PaymentTerms.to_text`."""
        return _BUYERS[self].label


@final
@attrs.frozen
class _Buyer:
    """One kind of public buyer: its regulatory term, article, label and the words parse reads."""

    days: int
    article: Article
    label: str
    reads: str  # a pattern over parse's plain tokens


_BUYERS: Final = MappingProxyType(
    {
        PublicBuyer.STATE: _Buyer(
            30,
            CCP_R2192_10,
            N_("État, collectivités"),
            r"etat(?: collectivites?)?|collectivites?(?: locales?| territoriales?)?",
        ),
        PublicBuyer.HEALTH: _Buyer(
            50, CCP_R2192_11, N_("santé"), r"sante|hopital|etablissements? de sante"
        ),
        PublicBuyer.PUBLIC_UNDERTAKING: _Buyer(
            60, CCP_R2192_11, N_("entreprise publique"), r"entreprises? publiques?"
        ),
    }
)


@final
class TermsKind(enum.Enum):
    """
    What a payment term counts from, and which regime caps it.

    ==========================  ===============================================  =============
    kind                        due date                                         capped by
    ==========================  ===============================================  =============
    ``NET``                     invoice date + N days                            L441-10 (60)
    ``AFTER_DELIVERY``          delivery / performance + N days                  L441-10 (60)
    ``END_OF_MONTH``            see :class:`EndOfMonth`                          L441-10 (45)
    ``STATUTORY_DEFAULT``       delivery / performance + 30 days (no agreement)  L441-10
    ``ON_RECEIPT``              the invoice date (*à réception*, *comptant*)     L441-10
    ``PERIODIC``                invoice date + N days (periodic invoice)         L441-10 (45)
    ``PERISHABLE``              delivery + N days                                L441-11 (30)
    ``PERISHABLE_PERIODIC``     end of the *décade* of delivery + N days         L441-11 (30)
    ``SEASONAL_PRODUCE``        end of the month of delivery + N days            L441-11 (30)
    ``LIVESTOCK``               delivery + N days (*bétail sur pied*)            L441-11 (20)
    ``EXCISE_ALCOHOL``          end of the month of delivery + N days            L441-11 (30)
    ``TRANSPORT``               invoice date + N days                            L441-11 (30)
    ``EXPORT``                  invoice date + N days (outside the EU)           L441-12 (90)
    ``PUBLIC_BUYER``            receipt of the payment request + N days          R2192-10/11
    ==========================  ===============================================  =============

    >>> TermsKind("livestock")
    <TermsKind.LIVESTOCK: 'livestock'>
    """

    NET = "net"
    AFTER_DELIVERY = "after_delivery"
    END_OF_MONTH = "end_of_month"
    STATUTORY_DEFAULT = "statutory_default"
    ON_RECEIPT = "on_receipt"
    PERIODIC = "periodic"
    PERISHABLE = "perishable"
    PERISHABLE_PERIODIC = "perishable_periodic"
    SEASONAL_PRODUCE = "seasonal_produce"
    LIVESTOCK = "livestock"
    EXCISE_ALCOHOL = "excise_alcohol"
    TRANSPORT = "transport"
    EXPORT = "export"
    PUBLIC_BUYER = "public_buyer"


# The words of the wordings, as PaymentTerms.parse reads them: patterns over plain tokens
# (lower case, no accents, "jours" for "j", no "nets"), used by the rows below.
_N = r"(?P<days>[0-9]+) jours(?: calendaires)?"  # seed 001: "60 jours calendaires"
_INVOICE = (
    r"(?: (?:a compter )?(?:de )?(?:la )?(?:date )?(?:de |d )?(?:la )?"
    r"(?:facture|facturation|emission(?: de (?:la )?facture)?))?"
)
# The DGCCRF's own wording of the two readings of "45 jours fin de mois" (LAW.md § 1.1): "date de
# facture + 45 jours + fin du mois" or "date de facture + fin du mois + 45 jours".
_FROM_INVOICE = (
    r"(?:date (?:de |d )?(?:la )?(?:facture|emission(?: de (?:la )?facture)?) (?:\+ |plus )?)?"
)
_MONTH_END = r"fin d(?:e|u) mois"
_DELIVERY = (
    r" (?:apres|a compter de|des|a|date de) (?:la |l )?(?:livraison|execution(?: de la prestation)?"
    r"|reception des marchandises|reception de la marchandise)"
)
_AFTER_END = r" (?:apres|a compter de) la fin"
_PUBLIC_REQUEST = r" (?:apres|a compter de|a|des) (?:la )?reception de la demande de paiement"


@final
class _Start(enum.Enum):
    """What a term counts from: its due date is that day plus the term's days."""

    INVOICE = "invoice"
    DELIVERY = "delivery"  # or the performance of the service
    END_OF_DECADE_OF_DELIVERY = "end_of_decade_of_delivery"  # 10th, 20th or end of month
    END_OF_MONTH_OF_DELIVERY = "end_of_month_of_delivery"
    PAYMENT_REQUEST = "payment_request"  # its receipt by a public buyer (CCP R2192-12)

    @property
    def needs_delivery(self) -> bool:
        """Whether the delivery (performance) date is needed to count the term."""
        return self in _FROM_DELIVERY

    def day(self, issued: date, delivered: date | None, received: date | None) -> date:
        """The day the term counts from (*delivered* is given when :attr:`needs_delivery`)."""
        if self is _Start.INVOICE:
            return issued
        if self is _Start.PAYMENT_REQUEST:
            return _public_start(issued, delivered, received)
        assert delivered is not None  # checked by _validate_dates
        if self is _Start.END_OF_DECADE_OF_DELIVERY:
            return _end_of_decade(delivered)
        if self is _Start.END_OF_MONTH_OF_DELIVERY:
            return end_of_month(delivered)
        return delivered


_FROM_DELIVERY: Final = frozenset(
    {_Start.DELIVERY, _Start.END_OF_DECADE_OF_DELIVERY, _Start.END_OF_MONTH_OF_DELIVERY}
)


@final
@attrs.frozen
class _Regime:
    """
    One kind of payment term as the law sets it: one row of :data:`_REGIMES`.

    Adding a regime (a new sector of L441-11, say) is a :class:`TermsKind` member, a row here, its
    named constructor.

    Attributes:
        kind: the kind this row describes.
        constructor: the named constructor of :class:`PaymentTerms` that builds it (the repr).
        wording: its French wording, a message of the catalogs: ``%(days)s`` the days
            ("30 jours"), ``%(buyer)s`` the public buyer's label.
        wording_day: the wording with a day of the month ("fin de mois le 10": ``%(day)s``).
        wording_first: the wording of "fin de mois + N jours" (``EndOfMonth.EOM_THEN_ADD``).
        start: what the term counts from.
        article: the article that governs it (a public buyer's own article wins).
        cap: the most days the law allows, or ``None`` (a public buyer's own term caps it).
        capped: what the cap is on, in a finding ("an agreed payment term"; ``{buyer}``).
        cap_text: the French sentence of the finding when the days exceed the cap (its msgid
            in the catalogs: ``%(days)s``, ``%(cap)s``, ``%(buyer)s``).
        fixed_days: the only number of days it can have, with *fixed_hint* said otherwise.
        fixed_hint: why other days are refused.
        agreed: agreed by the parties (the statutory default is not).
        sixty_days: its due date is also bound by 60 days from the invoice date (L441-10 I);
            exports and public buyers have their own caps instead.
        cap_on_dates: the cap bounds the due date's distance from the invoice date: with the
            invoice and delivery dates both known, it is checked on the due date.
        method: it takes an :class:`EndOfMonth` method (and a day of month).
        buyer: it takes a :class:`PublicBuyer`.
        reads: the wordings :meth:`PaymentTerms.parse` reads as this kind, as patterns over
            its plain tokens (groups: ``days``, ``dom``, ``buyer``, and ``month_end_first`` for
            "fin de mois + N jours").
    """

    kind: TermsKind
    constructor: str
    wording: str
    start: _Start
    article: Article
    wording_day: str = ""
    wording_first: str = ""
    cap: int | None = None
    capped: str = ""
    cap_text: str = ""
    fixed_days: int | None = None
    fixed_hint: str = ""
    agreed: bool = True
    sixty_days: bool = True
    cap_on_dates: bool = False
    method: bool = False
    buyer: bool = False
    reads: tuple[str, ...] = ()


def _sector(
    kind: TermsKind,
    wording: str,
    start: _Start,
    cap: int,
    label: str,
    reads: str,
    cap_text: str,
) -> _Regime:
    """
    A sector regime of L441-11 II: *cap* days at most; *label* names it in findings, and
    *cap_text* is the French sentence of the finding over the cap.
    """
    return _Regime(
        kind=kind,
        constructor=kind.value,
        wording=wording,
        start=start,
        article=L441_11,
        cap=cap,
        capped=f"the sector regime ({label})",
        cap_text=cap_text,
        reads=(reads,),
    )


_REGIMES: Final = MappingProxyType(
    {
        regime.kind: regime
        for regime in (
            _Regime(
                kind=TermsKind.NET,
                constructor="net",
                wording=N_("%(days)s date de facture"),
                start=_Start.INVOICE,
                article=L441_10,
                cap=_AGREED_CAP,
                capped="an agreed payment term",
                cap_text=N_(
                    "%(days)s jours dépassent le plafond de %(cap)s jours d'un délai de "
                    "paiement convenu"
                ),
                reads=(_N + _INVOICE,),
            ),
            _Regime(
                kind=TermsKind.AFTER_DELIVERY,
                constructor="after_delivery",
                wording=N_("%(days)s après livraison"),
                start=_Start.DELIVERY,
                article=L441_10,
                cap=_AGREED_CAP,
                capped="an agreed payment term",
                cap_text=N_(
                    "%(days)s jours dépassent le plafond de %(cap)s jours d'un délai de "
                    "paiement convenu"
                ),
                cap_on_dates=True,
                reads=(_N + _DELIVERY,),
            ),
            _Regime(
                kind=TermsKind.END_OF_MONTH,
                constructor="end_of_month",
                wording=N_("%(days)s fin de mois"),
                wording_day=N_("%(days)s fin de mois le %(day)s"),
                wording_first=N_("fin de mois + %(days)s"),
                start=_Start.INVOICE,
                article=L441_10,
                cap=_EOM_CAP,
                capped='"N jours fin de mois"',
                cap_text=N_("%(days)s jours dépassent le plafond de %(cap)s jours « fin de mois »"),
                method=True,
                reads=(
                    _FROM_INVOICE
                    + _N
                    + _INVOICE
                    + r"(?: \+| plus)? "
                    + _MONTH_END
                    + _INVOICE
                    + r"(?: le (?P<dom>[0-9]+)(?: du mois suivant)?)?",
                    _FROM_INVOICE + r"(?P<month_end_first>" + _MONTH_END + r")(?: \+| plus)? " + _N,
                ),
            ),
            _Regime(
                kind=TermsKind.STATUTORY_DEFAULT,
                constructor="statutory_default",
                wording=N_("délai légal (30 jours après livraison)"),
                start=_Start.DELIVERY,
                article=L441_10,
                fixed_days=_STATUTORY_DAYS,
                fixed_hint="the statutory default term is 30 days after delivery (L441-10 I); "
                "use PaymentTerms.after_delivery(days) for an agreed term",
                agreed=False,
                reads=(r"delai (?:legal|suppletif)(?: 30 jours apres (?:la )?livraison)?",),
            ),
            _Regime(
                kind=TermsKind.ON_RECEIPT,
                constructor="on_receipt",
                wording=N_("à réception"),
                start=_Start.INVOICE,
                article=L441_10,
                fixed_days=0,
                fixed_hint="terms due on receipt have 0 days",
                reads=(
                    r"(?:a|des|au) reception(?: de (?:la )?facture)?",
                    r"(?:au )?comptant(?: a reception(?: de (?:la )?facture)?)?",
                ),
            ),
            _Regime(
                kind=TermsKind.PERIODIC,
                constructor="periodic",
                wording=N_("%(days)s date de facture (facture périodique)"),
                start=_Start.INVOICE,
                article=L441_10,
                cap=_PERIODIC_CAP,
                capped="a periodic invoice (CGI art. 289 I 3)",
                cap_text=N_(
                    "%(days)s jours dépassent le plafond de %(cap)s jours d'une facture "
                    "périodique (CGI art. 289 I 3)"
                ),
                reads=(_N + _INVOICE + " facture periodique", "facture periodique " + _N),
            ),
            _sector(
                TermsKind.PERISHABLE,
                N_("%(days)s après livraison (denrées périssables)"),
                _Start.DELIVERY,
                30,
                "denrées périssables",
                _N + _DELIVERY + r" denrees perissables",
                N_(
                    "%(days)s jours dépassent le plafond de %(cap)s jours du régime sectoriel "
                    "(denrées périssables)"
                ),
            ),
            _sector(
                TermsKind.PERISHABLE_PERIODIC,
                N_("%(days)s après la fin de la décade de livraison (denrées périssables)"),
                _Start.END_OF_DECADE_OF_DELIVERY,
                30,
                "denrées périssables, facture périodique",
                _N
                + _AFTER_END
                + r" de la decade de livraison(?: denrees perissables(?: facture periodique)?)?",
                N_(
                    "%(days)s jours dépassent le plafond de %(cap)s jours du régime sectoriel "
                    "(denrées périssables, facture périodique)"
                ),
            ),
            _sector(
                TermsKind.SEASONAL_PRODUCE,
                N_("%(days)s après la fin du mois de livraison (fruits et légumes saisonniers)"),
                _Start.END_OF_MONTH_OF_DELIVERY,
                30,
                "fruits et légumes saisonniers",
                _N
                + _AFTER_END
                + r" du mois de livraison fruits et legumes(?: saisonniers| de saison)?"
                + r"(?: facture periodique)?",
                N_(
                    "%(days)s jours dépassent le plafond de %(cap)s jours du régime sectoriel "
                    "(fruits et légumes saisonniers)"
                ),
            ),
            _sector(
                TermsKind.LIVESTOCK,
                N_("%(days)s après livraison (bétail sur pied)"),
                _Start.DELIVERY,
                20,
                "bétail sur pied",
                _N + _DELIVERY + r" betail sur pied",
                N_(
                    "%(days)s jours dépassent le plafond de %(cap)s jours du régime sectoriel "
                    "(bétail sur pied)"
                ),
            ),
            _sector(
                TermsKind.EXCISE_ALCOHOL,
                N_("%(days)s après la fin du mois de livraison (alcools soumis à accises)"),
                _Start.END_OF_MONTH_OF_DELIVERY,
                30,
                "alcools soumis à accises",
                _N + _AFTER_END + r" du mois de livraison(?: alcools(?: soumis a accises)?)?",
                N_(
                    "%(days)s jours dépassent le plafond de %(cap)s jours du régime sectoriel "
                    "(alcools soumis à accises)"
                ),
            ),
            _sector(
                TermsKind.TRANSPORT,
                N_("%(days)s date de facture (transport)"),
                _Start.INVOICE,
                30,
                "transport",
                _N + _INVOICE + r" transport",
                N_(
                    "%(days)s jours dépassent le plafond de %(cap)s jours du régime sectoriel "
                    "(transport)"
                ),
            ),
            _Regime(
                kind=TermsKind.EXPORT,
                constructor="export",
                wording=N_("%(days)s date de facture (export hors UE)"),
                start=_Start.INVOICE,
                article=L441_12,
                cap=_EXPORT_CAP,
                capped="exports outside the EU",
                cap_text=N_(
                    "%(days)s jours dépassent le plafond de %(cap)s jours des exportations hors "
                    "de l'Union européenne"
                ),
                sixty_days=False,
                reads=(_N + _INVOICE + r" (?:export|exportation)(?: hors ue)?",),
            ),
            _Regime(
                kind=TermsKind.PUBLIC_BUYER,
                constructor="public_buyer",
                wording=N_("%(days)s après réception de la demande de paiement (%(buyer)s)"),
                start=_Start.PAYMENT_REQUEST,
                article=CCP_R2192_10,  # the buyer's own article wins (R2192-10 or -11)
                capped="a public buyer ({buyer})",  # the buyer's own term is the cap
                cap_text=N_(
                    "%(days)s jours dépassent le délai de %(cap)s jours d'un acheteur public "
                    "(%(buyer)s)"
                ),
                sixty_days=False,
                buyer=True,
                reads=(_N + _PUBLIC_REQUEST + r"(?: (?P<buyer>.+))?",),
            ),
        )
    }
)
"""Every kind of payment term, one row each: what it counts from, its cap, article, wording."""


_IS_KIND: Final = instance_of(
    TermsKind, accepted=f"a TermsKind ({', '.join(k.name for k in TermsKind)})"
)


def _terms_error(name: str, value: object, accepted: str) -> InvalidTerms:
    """The error of a number out of what the terms accept (its type is checked apart)."""
    return InvalidTerms(value, f"{name} must be {accepted}")


def _check_days(days: object) -> int:
    return int_between(0, MAX_TERM_DAYS, error=_terms_error)("days", days)


@final
@attrs.frozen(repr=False)
class PaymentTerms:
    """
    Agreed (or legal) payment terms of an invoice (*délais de paiement*).

    Build them with the named constructors or :meth:`parse`; every field is a plain enum, ``int``
    or ``None``, so the value is easy to store as JSON.  Terms longer than the law allows are
    accepted here and reported by :func:`check_terms`; only terms that cannot be computed
    (negative days, a *fin de mois* method on net terms...) raise :class:`InvalidTerms`.

    Attributes:
        kind: what the term counts from and which regime caps it (:class:`TermsKind`).
        days: the number of days, 0 to 365 (0 for :attr:`TermsKind.ON_RECEIPT`, 30 for
            :attr:`TermsKind.STATUTORY_DEFAULT`).
        method: for ``END_OF_MONTH`` only, the computation (:class:`EndOfMonth`).
        day_of_month: for ``END_OF_MONTH`` with ``ADD_THEN_EOM`` only, the day of the following
            month ("30 jours fin de mois le 10"), 1 to 31, clamped to shorter months.
        buyer: for ``PUBLIC_BUYER`` only, the kind of public buyer (:class:`PublicBuyer`).

    Raises:
        InvalidTerms: a field out of range, or one given to a kind that does not use it.
        ArgumentTypeError: a field of the wrong type (a str for the days, a str for the kind...).

    >>> PaymentTerms.end_of_month(45, EndOfMonth.EOM_THEN_ADD)
    PaymentTerms.end_of_month(45, EndOfMonth.EOM_THEN_ADD)
    >>> str(PaymentTerms.end_of_month(30, day_of_month=10))
    '30 jours fin de mois le 10'
    >>> PaymentTerms(TermsKind.NET, 30) == PaymentTerms.net(30)
    True
    >>> PaymentTerms.net(-5)
    Traceback (most recent call last):
    ...
    dunning_core.errors.InvalidTerms: days must be an int between 0 and 365 (got -5)
    """

    kind: TermsKind
    days: int
    method: EndOfMonth | None = None
    day_of_month: int | None = None
    buyer: PublicBuyer | None = None

    def __attrs_post_init__(self) -> None:
        # checked at run time: attrs does not check types
        kind = _IS_KIND("kind", self.kind)
        _check_days(self.days)
        regime = _REGIMES[kind]
        if regime.fixed_days is not None and self.days != regime.fixed_days:
            raise InvalidTerms(self.days, regime.fixed_hint)
        if regime.method:
            accepted = "end-of-month terms need method=EndOfMonth.ADD_THEN_EOM or EOM_THEN_ADD"
            if self.method is None:
                raise InvalidTerms(self.method, accepted)
            instance_of(EndOfMonth, accepted=accepted)("method", self.method)
        elif self.method is not None:
            raise InvalidTerms(self.method, f"method is for end-of-month terms only, not {kind}")
        if self.day_of_month is not None:
            if self.method is not EndOfMonth.ADD_THEN_EOM:
                raise InvalidTerms(
                    self.day_of_month,
                    "day_of_month is for end-of-month terms computed as ADD_THEN_EOM only "
                    '("30 jours fin de mois le 10")',
                )
            int_between(1, 31, error=_terms_error)("day_of_month", self.day_of_month)
        if regime.buyer:
            accepted = ", ".join(f"PublicBuyer.{b.name}" for b in PublicBuyer)
            accepted = f"public-buyer terms need buyer= one of {accepted}"
            if self.buyer is None:
                raise InvalidTerms(self.buyer, accepted)
            instance_of(PublicBuyer, accepted=accepted)("buyer", self.buyer)
        elif self.buyer is not None:
            raise InvalidTerms(self.buyer, f"buyer is for public-buyer terms only, not {kind}")

    # --- named constructors ---------------------------------------------------------------------

    @classmethod
    def net(cls, days: int) -> PaymentTerms:
        """
        *days* days from the invoice date ("30 jours date de facture"); agreed terms are capped at
        60 days (L441-10 I).

        >>> str(PaymentTerms.net(30))
        '30 jours date de facture'
        """
        return cls(TermsKind.NET, days)

    @classmethod
    def after_delivery(cls, days: int) -> PaymentTerms:
        """
        *days* days from delivery of the goods or performance of the service.

        >>> str(PaymentTerms.after_delivery(30))
        '30 jours après livraison'
        """
        return cls(TermsKind.AFTER_DELIVERY, days)

    @classmethod
    def end_of_month(
        cls,
        days: int,
        method: EndOfMonth = EndOfMonth.ADD_THEN_EOM,
        *,
        day_of_month: int | None = None,
    ) -> PaymentTerms:
        """
        "N jours fin de mois", computed by *method* (see :class:`EndOfMonth`).

        Args:
            days: N, the number of days (capped at 45 by L441-10 I).
            method: ``ADD_THEN_EOM`` ("45 jours fin de mois", the default) or ``EOM_THEN_ADD``
                ("fin de mois + 45 jours").
            day_of_month: pay on this day of the month after the end of month reached
                ("30 jours fin de mois le 10"); ``ADD_THEN_EOM`` only.

        >>> str(PaymentTerms.end_of_month(45, EndOfMonth.EOM_THEN_ADD))
        'fin de mois + 45 jours'
        """
        return cls(TermsKind.END_OF_MONTH, days, method, day_of_month)

    @classmethod
    def statutory_default(cls) -> PaymentTerms:
        """
        The term that applies when none was agreed: 30 days after receipt of the goods or
        performance of the service (L441-10 I, *délai supplétif*).

        >>> str(PaymentTerms.statutory_default())
        'délai légal (30 jours après livraison)'
        """
        return cls(TermsKind.STATUTORY_DEFAULT, _STATUTORY_DAYS)

    @classmethod
    def on_receipt(cls) -> PaymentTerms:
        """
        Due on receipt of the invoice (*à réception*, *comptant*): the due date is the invoice date.

        >>> str(PaymentTerms.on_receipt())
        'à réception'
        """
        return cls(TermsKind.ON_RECEIPT, 0)

    @classmethod
    def periodic(cls, days: int = _PERIODIC_CAP) -> PaymentTerms:
        """
        A periodic invoice (CGI art. 289 I 3): plain days from its date, at most 45 (L441-10 I).

        >>> str(PaymentTerms.periodic())
        '45 jours date de facture (facture périodique)'
        """
        return cls(TermsKind.PERIODIC, days)

    @classmethod
    def perishable(cls, days: int = 30) -> PaymentTerms:
        """
        Perishable food (L441-11 II 1° a): at most 30 days after delivery.

        >>> str(PaymentTerms.perishable())
        '30 jours après livraison (denrées périssables)'
        """
        return cls(TermsKind.PERISHABLE, days)

    @classmethod
    def perishable_periodic(cls, days: int = 30) -> PaymentTerms:
        """
        Perishable food on a periodic invoice (L441-11 II 1° b): at most 30 days after the end of
        the *décade* (1–10, 11–20, 21–end of month) of delivery.

        >>> str(PaymentTerms.perishable_periodic())
        '30 jours après la fin de la décade de livraison (denrées périssables)'
        """
        return cls(TermsKind.PERISHABLE_PERIODIC, days)

    @classmethod
    def seasonal_produce(cls, days: int = 30) -> PaymentTerms:
        """
        Seasonal fruit and vegetables bought under an integration contract (*contrat
        d'intégration*) on a periodic invoice (L441-11 II 1° c): at most 30 days from the end of
        the month of delivery.

        >>> print(PaymentTerms.seasonal_produce())
        30 jours après la fin du mois de livraison (fruits et légumes saisonniers)
        """
        return cls(TermsKind.SEASONAL_PRODUCE, days)

    @classmethod
    def livestock(cls, days: int = 20) -> PaymentTerms:
        """
        Livestock for consumption (*bétail sur pied*) and derived fresh meat (L441-11 II): at most
        20 days after delivery.

        >>> str(PaymentTerms.livestock())
        '20 jours après livraison (bétail sur pied)'
        """
        return cls(TermsKind.LIVESTOCK, days)

    @classmethod
    def excise_alcohol(cls, days: int = 30) -> PaymentTerms:
        """
        Alcoholic drinks subject to excise (L441-11 II): at most 30 days after the end of the month
        of delivery.

        >>> str(PaymentTerms.excise_alcohol())
        '30 jours après la fin du mois de livraison (alcools soumis à accises)'
        """
        return cls(TermsKind.EXCISE_ALCOHOL, days)

    @classmethod
    def transport(cls, days: int = 30) -> PaymentTerms:
        """
        Road haulage, vehicle rental, freight forwarding and customs brokers (L441-11 II): at most
        30 days from the invoice date.

        >>> str(PaymentTerms.transport())
        '30 jours date de facture (transport)'
        """
        return cls(TermsKind.TRANSPORT, days)

    @classmethod
    def export(cls, days: int = _EXPORT_CAP) -> PaymentTerms:
        """
        Goods exported outside the EU under VAT exemption (L441-12): at most 90 days from the
        invoice date.

        >>> str(PaymentTerms.export(75))
        '75 jours date de facture (export hors UE)'
        """
        return cls(TermsKind.EXPORT, days)

    @classmethod
    def public_buyer(cls, buyer: PublicBuyer, days: int | None = None) -> PaymentTerms:
        """
        A public buyer: *days* (its regulatory term by default) from the receipt of the payment
        request (CCP R2192-10 to R2192-12).

        Args:
            buyer: the kind of public buyer, which sets the regulatory term.
            days: the contractual term, if shorter; ``None`` for the regulatory one.

        >>> PaymentTerms.public_buyer(PublicBuyer.HEALTH).days
        50
        """
        accepted = ", ".join(f"PublicBuyer.{b.name}" for b in PublicBuyer)
        instance_of(PublicBuyer, accepted=f"one of {accepted}")("buyer", buyer)
        return cls(TermsKind.PUBLIC_BUYER, buyer.days if days is None else days, buyer=buyer)

    @classmethod
    def parse(cls, text: str) -> PaymentTerms:
        """
        Read payment terms from their usual French wording.

        Case, accents, punctuation and the words *nets* / *date de facture* are optional;
        ``j`` stands for *jours*, ``FDM`` for *fin de mois*.  Every :meth:`to_text` wording is read
        back.  Accepted, among others:

        * ``"30 jours"``, ``"60 jours date de facture"``, ``"30 j nets"`` → :meth:`net`
        * ``"45 jours fin de mois"``, ``"45 jours FDM"`` → :meth:`end_of_month` (``ADD_THEN_EOM``)
        * ``"fin de mois 45 jours"``, ``"fin de mois + 45 jours"`` → ``EOM_THEN_ADD``
        * ``"30 jours fin de mois le 10"`` → the 10th of the month after that end of month
        * ``"à réception"``, ``"comptant"`` → :meth:`on_receipt`
        * ``"30 jours après livraison"`` → :meth:`after_delivery`; ``"délai légal"`` →
          :meth:`statutory_default`
        * the sector, export and public-buyer wordings of :meth:`to_text`.

        Raises:
            InvalidTerms: the text cannot be read; the message names the words not understood
                and lists accepted wordings.

        >>> PaymentTerms.parse("45 j FDM")
        PaymentTerms.end_of_month(45)
        >>> PaymentTerms.parse("Fin de mois + 45 jours nets").method
        <EndOfMonth.EOM_THEN_ADD: 'eom_then_add'>
        >>> PaymentTerms.parse("Comptant")
        PaymentTerms.on_receipt()
        >>> PaymentTerms.parse("45 jours fin de moi")
        Traceback (most recent call last):
        ...
        dunning_core.errors.InvalidTerms: cannot read these payment terms: 'moi' not understood; \
write them like "30 jours", "60 jours date de facture", "45 jours fin de mois", \
"fin de mois + 45 jours", "30 jours fin de mois le 10", "30 jours après livraison", \
"à réception" or "comptant" (got '45 jours fin de moi')
        """
        return _parse(text)

    # --- rendering ------------------------------------------------------------------------------

    @property
    def article(self) -> Article:
        """
        The article that governs this kind of term.

        >>> str(PaymentTerms.livestock().article)
        'C. com. art. L441-11'
        """
        return self.buyer.article if self.buyer is not None else _REGIMES[self.kind].article

    def to_text(self) -> str:
        """
        The French wording of these terms, which :meth:`parse` reads back (also ``str(terms)``).

        >>> PaymentTerms.public_buyer(PublicBuyer.STATE).to_text()
        '30 jours après réception de la demande de paiement (État, collectivités)'
        """
        days = self.days
        return self.wording % {
            "days": f"{days} jour{'s' if days > 1 else ''}",
            "day": self.day_of_month,
            "buyer": self.buyer.label if self.buyer is not None else "",
        }

    @property
    def wording(self) -> str:
        """
        The French wording of these terms with ``%(days)s``, ``%(day)s`` (of the month) and
        ``%(buyer)s`` placeholders: the message the catalogs translate (:meth:`to_text` fills it
        in French; the display layer in any locale).

        >>> PaymentTerms.end_of_month(45, day_of_month=10).wording
        '%(days)s fin de mois le %(day)s'
        """
        regime = _REGIMES[self.kind]
        if self.method is EndOfMonth.EOM_THEN_ADD:
            return regime.wording_first
        return regime.wording_day if self.day_of_month is not None else regime.wording

    def __str__(self) -> str:
        from dunning_core.display import _terms  # the display layer, loaded when shown

        return _terms.terms_text(self)

    def __repr__(self) -> str:
        regime = _REGIMES[self.kind]
        args = [] if regime.fixed_days is not None else [str(self.days)]
        if self.buyer is not None:
            args.insert(0, f"PublicBuyer.{self.buyer.name}")
        if self.method is EndOfMonth.EOM_THEN_ADD:
            args.append("EndOfMonth.EOM_THEN_ADD")
        if self.day_of_month is not None:
            args.append(f"day_of_month={self.day_of_month}")
        return f"PaymentTerms.{regime.constructor}({', '.join(args)})"


# --- due date -------------------------------------------------------------------------------------


def _end_of_decade(day: date) -> date:
    """The last day of *day*'s *décade*: the 10th, the 20th or the end of the month."""
    if day.day <= 10:
        return day.replace(day=10)
    if day.day <= 20:
        return day.replace(day=20)
    return end_of_month(day)


def _day_of_next_month(month_end: date, day_of_month: int) -> date:
    """*day_of_month* of the month after *month_end*, clamped to that month's last day."""
    first = add_days(month_end, 1)
    return first.replace(day=min(day_of_month, end_of_month(first).day))


def _public_start(issued_on: date, delivered_on: date | None, received_on: date | None) -> date:
    # CCP R2192-12: the term runs from the receipt of the payment request; when that receipt is
    # not recorded, from the request's date + 2 days; from performance when it comes later.
    start = received_on if received_on is not None else add_days(issued_on, _REQUEST_TRANSIT_DAYS)
    if delivered_on is not None and delivered_on > start:
        start = delivered_on
    return start


_IS_TERMS: Final = instance_of(PaymentTerms, accepted="PaymentTerms; see PaymentTerms.parse")


def _validate_dates(
    terms: object, issued_on: object, delivered_on: object, received_on: object
) -> tuple[PaymentTerms, date, date | None, date | None]:
    _IS_TERMS("terms", terms)
    assert isinstance(terms, PaymentTerms)  # checked just above
    issued = to_date(issued_on, name="issued_on")
    delivered = None if delivered_on is None else to_date(delivered_on, name="delivered_on")
    received = None if received_on is None else to_date(received_on, name="received_on")
    if received is not None and received < issued:
        raise InvalidDate(
            received,
            f"received_on must not be before issued_on {issued.isoformat()}: "
            "a payment request cannot be received before it is issued",
            code="received_before_issued",
            params=(("issued", issued),),
        )
    if _REGIMES[terms.kind].start.needs_delivery and delivered is None:
        raise InvalidDate(
            None,
            f"delivered_on is required for {terms.to_text()!r}: the term runs from the delivery "
            "of the goods or the performance of the service",
            code="delivery_required",
        )
    return terms, issued, delivered, received


def _due(terms: PaymentTerms, issued: date, delivered: date | None, received: date | None) -> date:
    days = terms.days
    if terms.method is EndOfMonth.EOM_THEN_ADD:
        return add_days(end_of_month(issued), days)
    if terms.method is EndOfMonth.ADD_THEN_EOM:
        month_end = end_of_month(add_days(issued, days))
        if terms.day_of_month is None:
            return month_end
        return _day_of_next_month(month_end, terms.day_of_month)
    return add_days(_REGIMES[terms.kind].start.day(issued, delivered, received), days)


def due_date(
    terms: PaymentTerms,
    issued_on: date,
    delivered_on: date | None = None,
    *,
    received_on: date | None = None,
) -> date:
    """
    The date an invoice falls due (*date d'échéance*) under *terms*.

    Penalties run from the day after it (L441-10 II).  Which dates are used depends on the kind:

    * from the invoice date (*issued_on*): net, end of month, periodic, transport, export; on
      receipt is due on the invoice date itself;
    * from the delivery or performance date (*delivered_on*, required): after delivery, the
      statutory default, perishables (after the end of the *décade* of delivery for periodic
      invoices), seasonal fruit and vegetables and excise alcohol (after the end of the month of
      delivery), livestock;
    * public buyers: from *received_on*, the day the buyer received the payment request;
      when it was not recorded, *issued_on* + 2 days; from *delivered_on* (performance) when that
      comes later (CCP R2192-12).

    *delivered_on* may be before or after *issued_on* (invoices are issued at, after or before
    delivery), so a due date counted from delivery can precede the invoice date; :func:`check_terms`
    flags it.  *received_on* cannot precede *issued_on*.

    Args:
        terms: the payment terms.
        issued_on: the invoice date (*date d'émission de la facture*).
        delivered_on: the delivery / performance date, for the kinds that count from it.
        received_on: public buyers only: the day the payment request was received.

    Returns:
        The due date.

    Raises:
        InvalidTerms: *terms* is not a :class:`PaymentTerms`.
        DateTypeError: a date is a ``datetime``, a string, ``None`` for *issued_on*...
        InvalidDate: *delivered_on* is missing for a kind that counts from delivery (named in the
            message), *received_on* precedes *issued_on*, or the due date would fall after
            9999-12-31.

    >>> due_date(PaymentTerms.end_of_month(45, EndOfMonth.EOM_THEN_ADD), date(2024, 1, 15))
    datetime.date(2024, 3, 16)
    >>> due_date(PaymentTerms.excise_alcohol(), date(2026, 3, 2), date(2026, 2, 10))
    datetime.date(2026, 3, 30)
    >>> due_date(PaymentTerms.public_buyer(PublicBuyer.STATE), date(2026, 3, 2))  # 4 Mar + 30
    datetime.date(2026, 4, 3)
    >>> due_date(PaymentTerms.statutory_default(), date(2026, 3, 2))
    Traceback (most recent call last):
    ...
    dunning_core.errors.InvalidDate: delivered_on is required for \
'délai légal (30 jours après livraison)': the term runs from the delivery of the goods or the \
performance of the service (got None)
    """
    t, issued, delivered, received = _validate_dates(terms, issued_on, delivered_on, received_on)
    return _due_in_range(t, issued, delivered, received)


def _due_in_range(
    terms: PaymentTerms, issued: date, delivered: date | None, received: date | None
) -> date:
    """:func:`_due`, with a clear error when the due date would be after 9999-12-31."""
    try:
        return _due(terms, issued, delivered, received)
    except InvalidDate as error:
        raise InvalidDate(
            error.value,
            f"the due date under {terms.to_text()!r} would fall after 9999-12-31, the last date "
            "Python represents; dates must leave room for the term (years 1 to 9999)",
            code="due_after_last_day",
            params=(("terms", terms), ("issued", issued), ("last", date.max)),
        ) from None


# --- check_terms ----------------------------------------------------------------------------------


def _cap_of(terms: PaymentTerms) -> tuple[int, Article, str] | None:
    """The legal cap on ``terms.days``: (days, article, what it is), or None."""
    regime = _REGIMES[terms.kind]
    if terms.buyer is not None:
        what = regime.capped.format(buyer=terms.buyer.label)
        return terms.buyer.days, terms.buyer.article, what
    return None if regime.cap is None else (regime.cap, regime.article, regime.capped)


def _cap_finding(terms: PaymentTerms, limit: int, article: Article, what: str) -> Finding:
    """The VIOLATION of *terms* whose days exceed *limit*, the cap on *what*."""
    buyer = (("buyer", terms.buyer.label),) if terms.buyer is not None else ()
    return Finding(
        Severity.VIOLATION,
        f"{terms.days} days exceeds the {limit}-day cap on {what}",
        article,
        code="cap_exceeded",
        params=(("days", terms.days), ("cap", limit), *buyer),
        text=_REGIMES[terms.kind].cap_text,
    )


def _plus_days(day: date, days: int) -> date:
    """*day* + *days*, or 9999-12-31 when later: a maximum beyond it bounds no real date."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return date.max


def _legal_maxima(issued: date) -> tuple[date, date, date]:
    """
    The latest due date L441-10 I allows for an invoice dated *issued*, under each accepted
    reading: 60 days from the invoice date; "45 jours fin de mois" as the invoice date + 45 days,
    then the end of that month (``ADD_THEN_EOM``); and as the end of the invoice's month + 45 days
    (``EOM_THEN_ADD``).  A due date after all three is beyond the maximum however it is read.
    """
    return (
        _plus_days(issued, _AGREED_CAP),
        end_of_month(_plus_days(issued, _EOM_CAP)),
        _plus_days(end_of_month(issued), _EOM_CAP),
    )


@functools.cache
def _reference_maxima() -> tuple[tuple[date, date], ...]:
    """(invoice date, latest legal maximum) for every invoice date of the reference years."""
    days = (_REFERENCE_FIRST + timedelta(days=n) for n in range(_REFERENCE_DAYS))
    return tuple((issued, max(_legal_maxima(issued))) for issued in days)


@functools.lru_cache(maxsize=1024)
def _worst_case(terms: PaymentTerms) -> tuple[date, date, date] | None:
    """
    The worst invoice date for "fin de mois" *terms* over the reference years: the one whose due
    date passes the latest legal maximum by the most days (the first such date), as
    (invoice date, due date, latest maximum); ``None`` when no invoice date passes it.
    """
    worst: tuple[date, date, date] | None = None
    excess = 0
    for issued, latest in _reference_maxima():
        due = _due(terms, issued, None, None)
        if (due - latest).days > excess:
            excess = (due - latest).days
            worst = (issued, due, latest)
    return worst


def check_terms(
    terms: PaymentTerms,
    *,
    issued_on: date | None = None,
    delivered_on: date | None = None,
    received_on: date | None = None,
    expressly_stipulated: bool | None = None,
) -> tuple[Finding, ...]:
    """
    What the law says about *terms*, and about one invoice's due date when its dates are given.

    Findings are not exceptions: the terms stay usable and the findings travel with them.

    Without dates:

    * more days than the cap of the kind: 60 days for an agreed term and 45 for "N jours fin de
      mois" and periodic invoices (L441-10 I), the sector caps of L441-11 (perishables 30,
      seasonal fruit and vegetables 30, livestock 20, excise alcohol 30, transport 30), 90 days
      for exports (L441-12), the regulatory
      term of a public buyer (CCP R2192-10/11): ``VIOLATION``;
    * "N jours fin de mois" not expressly stipulated in the contract (*expressly_stipulated=False*):
      ``VIOLATION``; not said (``None``): an ``INFO`` reminder (L441-10 I);
    * "fin de mois" terms within 45 days whose wording still lets the due date pass the legal
      maximum, such as "45 jours fin de mois le 10": ``VIOLATION`` (L441-10 I), naming the worst
      invoice date.  This is computed, not guessed: for every invoice date of a common year and
      of a leap year (2023 and 2024, so every pattern of month lengths), the due date is compared
      with the latest date the law allows for that invoice under any accepted reading: 60 days
      from the invoice date, or "45 jours fin de mois" computed either way (:class:`EndOfMonth`:
      the invoice date + 45 days then the end of that month, or the end of the invoice's month +
      45 days).  "45 jours fin de mois le 10" from 15 January falls due on 10 April, ten days
      after the latest of them (31 March).  The result is cached per terms.

    With *issued_on* (and *delivered_on* / *received_on* when the kind needs them):

    * a due date more than 60 days after the invoice date (L441-10 I): ``VIOLATION``.  For "fin de
      mois" terms, since "45 jours fin de mois" is an alternative maximum and the DGCCRF accepts
      both computations of :class:`EndOfMonth`: an ``INFO`` while the due date is within 45 days
      end of month computed the way the terms compute (lawful), a ``WARNING`` when it is only
      within the latest of the three readings above (beyond the maximum under some reading), and
      a ``VIOLATION`` beyond all of them.  Exports and public buyers have their own caps instead;
    * a due date before the invoice date (a term counted from a delivery long before it):
      ``WARNING``.

    If a date the kind needs is missing, the dated checks are skipped.

    Args:
        terms: the payment terms.
        issued_on: the invoice date, to check one invoice's due date.
        delivered_on: the delivery / performance date.
        received_on: public buyers: the receipt of the payment request.
        expressly_stipulated: whether "fin de mois" terms are expressly written in the contract.

    Returns:
        The findings, most serious first; empty when nothing is to be said.

    Raises:
        InvalidTerms: *terms* is not a :class:`PaymentTerms`.
        DateTypeError: a date of the wrong type.
        InvalidDate: *received_on* before *issued_on*, or a due date after 9999-12-31.

    >>> [str(f) for f in check_terms(PaymentTerms.net(75))]
    ["violation : 75 jours dépassent le plafond de 60 jours d'un délai de paiement convenu (C. com. art. L441-10)"]
    >>> check_terms(PaymentTerms.net(30), issued_on=date(2026, 1, 15))
    ()
    >>> for f in check_terms(PaymentTerms.parse("45 jours fin de mois le 10"),
    ...                      expressly_stipulated=True):
    ...     print(f.to_text(locale="en_GB"))
    violation: “45 days end of month, on day 10” can fall due after the legal maximum however it \
is computed (60 days from the invoice date, or 45 days end of month either way): for instance, \
invoiced on 15 January 2023, it falls due on 10 April 2023, 10 days after the latest date \
allowed (31 March 2023) (C. com. art. L441-10)
    """
    _IS_TERMS("terms", terms)
    optional(instance_of(bool, accepted="True, False or None"))(
        "expressly_stipulated", expressly_stipulated
    )
    findings: list[Finding] = []
    cap = _cap_of(terms)
    # Counted from delivery, 60 days is a cap on the due date's distance from the invoice date:
    # with both dates it is checked exactly below instead.
    dated_delivery = (
        _REGIMES[terms.kind].cap_on_dates and issued_on is not None and delivered_on is not None
    )
    if cap is not None and terms.days > cap[0] and not dated_delivery:
        findings.append(_cap_finding(terms, *cap))
    if terms.method is not None and terms.days <= _EOM_CAP:  # "fin de mois"
        worst = _worst_case(terms)
        if worst is not None:
            issued, due, latest = worst
            findings.append(
                Finding(
                    Severity.VIOLATION,
                    f'"{terms.to_text()}" can fall due after the legal maximum however it is '
                    f"computed ({_AGREED_CAP} days from the invoice date, or {_EOM_CAP} days "
                    f"end of month either way): for instance, invoiced on {issued.isoformat()}, "
                    f"it falls due on {due.isoformat()}, {(due - latest).days} days after the "
                    f"latest date allowed ({latest.isoformat()})",
                    L441_10,
                    code="end_of_month_beyond_maximum",
                    params=(
                        ("terms", terms),
                        ("issued", issued),
                        ("due", due),
                        ("late", (due - latest).days),
                        ("latest", latest),
                    ),
                    text=N_(
                        "« %(terms)s » peut échoir après le maximum légal quelle que soit la "
                        "façon de le calculer (60 jours à compter de la date de facture, ou 45 "
                        "jours fin de mois dans un sens ou dans l'autre) : par exemple, facturé "
                        "le %(issued)s, il échoit le %(due)s, %(late)s jours après la dernière "
                        "date permise (%(latest)s)"
                    ),
                )
            )
    if terms.method is not None:
        if expressly_stipulated is False:
            findings.append(
                Finding(
                    Severity.VIOLATION,
                    '"fin de mois" terms are allowed only when expressly stipulated in the contract',
                    L441_10,
                    code="end_of_month_not_stipulated",
                    text=N_(
                        "un délai « fin de mois » n'est permis que s'il est expressément stipulé "
                        "au contrat"
                    ),
                )
            )
        elif expressly_stipulated is None:
            findings.append(
                Finding(
                    Severity.INFO,
                    '"fin de mois" terms are allowed only when expressly stipulated in the '
                    "contract; pass expressly_stipulated=True once checked",
                    L441_10,
                    code="end_of_month_unchecked",
                    text=N_(
                        "un délai « fin de mois » n'est permis que s'il est expressément stipulé "
                        "au contrat ; indiquez expressly_stipulated=True une fois vérifié"
                    ),
                )
            )
    if issued_on is not None:
        findings.extend(_dated_findings(terms, issued_on, delivered_on, received_on))
    order = {Severity.VIOLATION: 0, Severity.WARNING: 1, Severity.INFO: 2}
    return tuple(sorted(findings, key=lambda f: order[f.severity]))


def _dated_findings(
    terms: PaymentTerms, issued_on: object, delivered_on: object, received_on: object
) -> list[Finding]:
    try:
        t, issued, delivered, received = _validate_dates(
            terms, issued_on, delivered_on, received_on
        )
    except InvalidDate as error:
        if error.value is None:  # a date the kind needs is missing: nothing to check
            return []
        raise
    due = _due_in_range(t, issued, delivered, received)
    span = (due - issued).days
    findings: list[Finding] = []
    if span < 0:
        findings.append(
            Finding(
                Severity.WARNING,
                f"due date {due.isoformat()} is before the invoice date {issued.isoformat()}",
                t.article,
                code="due_before_invoice",
                params=(("due", due), ("issued", issued)),
                text=N_("l'échéance du %(due)s précède la date de facture du %(issued)s"),
            )
        )
    regime = _REGIMES[t.kind]
    if not regime.sixty_days or span <= _AGREED_CAP:
        return findings
    if t.method is not None:  # "fin de mois"
        sixty, add_then_eom, eom_then_add = _legal_maxima(issued)
        if due > max(sixty, add_then_eom, eom_then_add):
            findings.append(
                Finding(
                    Severity.VIOLATION,
                    f"due date {due.isoformat()} is {span} days after the invoice date "
                    f"{issued.isoformat()}, after the legal maximum however it is computed: "
                    f"{_AGREED_CAP} days ({sixty.isoformat()}), {_EOM_CAP} days end of month "
                    f"({add_then_eom.isoformat()}) or end of month + {_EOM_CAP} days "
                    f"({eom_then_add.isoformat()})",
                    L441_10,
                    code="due_beyond_maximum",
                    params=(
                        ("due", due),
                        ("span", span),
                        ("issued", issued),
                        ("sixty", sixty),
                        ("add_then_eom", add_then_eom),
                        ("eom_then_add", eom_then_add),
                    ),
                    text=N_(
                        "l'échéance du %(due)s tombe %(span)s jours après la date de facture du "
                        "%(issued)s, après le maximum légal quelle que soit la façon de le "
                        "calculer : 60 jours (%(sixty)s), 45 jours fin de mois (%(add_then_eom)s) "
                        "ou fin de mois + 45 jours (%(eom_then_add)s)"
                    ),
                )
            )
            return findings
        if t.method is EndOfMonth.ADD_THEN_EOM:
            own, reading = add_then_eom, f"invoice date + {_EOM_CAP} days, then end of month"
            french = N_("date de facture + 45 jours, puis fin de mois")
        else:
            own, reading = eom_then_add, f"end of month + {_EOM_CAP} days"
            french = N_("fin de mois + 45 jours")
        dated = (("due", due), ("span", span), ("issued", issued), ("own", own))
        if due <= own:
            # Within "45 jours fin de mois" read the way the terms themselves compute: lawful.
            findings.append(
                Finding(
                    Severity.INFO,
                    f"due date {due.isoformat()} is {span} days after the invoice date "
                    f"{issued.isoformat()}: more than 60 days, which {_EOM_CAP} days end of month "
                    f"allows ({reading}: at the latest {own.isoformat()})",
                    L441_10,
                    code="end_of_month_over_sixty",
                    params=(*dated, ("reading", french)),
                    text=N_(
                        "l'échéance du %(due)s tombe %(span)s jours après la date de facture du "
                        "%(issued)s : plus de 60 jours, ce que permet le délai de 45 jours fin "
                        "de mois (%(reading)s : au plus tard le %(own)s)"
                    ),
                )
            )
            return findings
        alternative = add_days(end_of_month(issued), t.days)
        hinted = t.method is EndOfMonth.ADD_THEN_EOM and t.day_of_month is None
        hint = (
            f"; computed as end of month + {t.days} days (also accepted by the DGCCRF) it would be "
            f"{alternative.isoformat()} ({(alternative - issued).days} days)"
            if hinted
            else ""
        )
        findings.append(
            Finding(
                Severity.WARNING,
                f"due date {due.isoformat()} is {span} days after the invoice date "
                f"{issued.isoformat()}, more than 60 days and after {own.isoformat()}, the "
                f"latest date of {_EOM_CAP} days end of month read as the terms compute it ({reading}){hint}",
                L441_10,
                code="end_of_month_beyond_own_reading",
                params=(
                    *dated,
                    ("reading", french),
                    ("days", t.days),
                    ("alternative", alternative),
                    ("alternative_span", (alternative - issued).days),
                ),
                text=N_(
                    "l'échéance du %(due)s tombe %(span)s jours après la date de facture du "
                    "%(issued)s, plus de 60 jours et après le %(own)s, dernière date de 45 jours "
                    "fin de mois lue comme les conditions la calculent (%(reading)s) ; calculée "
                    "en fin de mois + %(days)s jours (lecture aussi admise par la DGCCRF), elle "
                    "serait le %(alternative)s (%(alternative_span)s jours)"
                )
                if hinted
                else N_(
                    "l'échéance du %(due)s tombe %(span)s jours après la date de facture du "
                    "%(issued)s, plus de 60 jours et après le %(own)s, dernière date de 45 jours "
                    "fin de mois lue comme les conditions la calculent (%(reading)s)"
                ),
            )
        )
    elif regime.start.needs_delivery and regime.agreed:
        # Counted from delivery, the term still may not end more than 60 days after the invoice
        # (NET, PERIODIC and TRANSPORT spans are their days, already checked against their cap).
        findings.append(
            Finding(
                Severity.VIOLATION,
                f"due date {due.isoformat()} is {span} days after the invoice date "
                f"{issued.isoformat()}; agreed terms may not exceed 60 days from the invoice date",
                L441_10,
                code="due_beyond_sixty_days",
                params=(("due", due), ("span", span), ("issued", issued)),
                text=N_(
                    "l'échéance du %(due)s tombe %(span)s jours après la date de facture du "
                    "%(issued)s ; un délai convenu ne peut dépasser 60 jours à compter de la date "
                    "de facture"
                ),
            )
        )
    return findings


# --- parse ----------------------------------------------------------------------------------------

_EXAMPLES: Final = (
    '"30 jours", "60 jours date de facture", "45 jours fin de mois", "fin de mois + 45 jours", '
    '"30 jours fin de mois le 10", "30 jours après livraison", "à réception" or "comptant"'
)
_MAX_TEXT: Final = 200

_READERS: Final = tuple(
    (regime, re.compile(pattern)) for regime in _REGIMES.values() for pattern in regime.reads
)
_BUYER_READERS: Final = tuple((buyer, re.compile(row.reads)) for buyer, row in _BUYERS.items())
_BUYER_WORDS: Final = tuple(row.reads for row in _BUYERS.values())
_VOCABULARY: Final = frozenset(
    re.findall(
        r"[a-z]+",
        re.sub(
            r"\(\?P<\w+>",
            "",
            " ".join([*(p for r in _REGIMES.values() for p in r.reads), *_BUYER_WORDS]),
        ),
    )
)
_DAY_WORDS: Final = frozenset({"j", "jr", "jrs", "jour", "jours"})
_DROPPED: Final = frozenset({"net", "nets", "nette", "nettes"})
_LEADING: Final = frozenset({"paiement", "reglement", "payable", "payables", "a"})


def _tokens(text: str) -> list[str]:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    tokens: list[str] = []
    for token in re.findall(r"[a-z]+|[0-9]+|\+", plain):
        if token in _DAY_WORDS:
            tokens.append("jours")
        elif token == "fdm":
            tokens.extend(("fin", "de", "mois"))
        elif token not in _DROPPED:
            tokens.append(token)
    # "f.d.m." spelt with dots
    joined = " ".join(tokens)
    joined = re.sub(r"(?:^| )f d m(?= |$)", " fin de mois", joined).strip()
    tokens = joined.split()
    # "paiement à 30 jours", "payable à réception": a leading verb says nothing
    while (
        len(tokens) > 1
        and tokens[0] in _LEADING
        and not (tokens[0] == "a" and tokens[1] == "reception")
    ):
        tokens.pop(0)
    return tokens


_PUNCTUATION: Final = frozenset(" \u00a0\u202f.,;:'\u2019()+-/\u2013\u2014\u00ab\u00bb")
_MINUS: Final = re.compile(r"[-\u2010-\u2015\u2212\ufe63\uff0d]\s*[0-9]")


def _check_characters(text: str) -> None:
    """
    Refuse what the words and numbers of terms never hold, rather than ignore it.

    Letters are ASCII letters, accented or not (``é``, ``É``, ``à``); digits are ASCII digits;
    the rest is spaces and ordinary punctuation.  So a minus sign (``-30 jours``), a superscript
    (``3² jours``), other scripts' digits, control and bidirectional characters are refused.
    """
    minus = _MINUS.search(text)
    if minus is not None:
        raise InvalidTerms(
            text,
            f"a minus sign before a number ({minus.group()!r}): terms count days forward",
            code="negative_terms",
        )
    for position, char in enumerate(unicodedata.normalize("NFC", text)):
        if (char.isascii() and char.isalnum()) or char in _PUNCTUATION:
            continue
        # an accented letter: an ASCII letter and combining marks once decomposed
        decomposed = unicodedata.normalize("NFD", char)
        base, marks = decomposed[0], decomposed[1:]
        if base.isascii() and base.isalpha() and marks and all(map(unicodedata.combining, marks)):
            continue
        raise InvalidTerms(
            text,
            f"character {char!r} (U+{ord(char):04X}, position {position}) is not understood in "
            "payment terms: use letters, ASCII digits, spaces and punctuation",
            code="terms_character",
            params=(("char", f"U+{ord(char):04X}"), ("position", position)),
        )


def _parse(text: object) -> PaymentTerms:
    text = instance_of(str, accepted="payment terms as text, such as '30 jours fin de mois'")(
        "text", text
    )
    if len(text) > _MAX_TEXT:
        raise InvalidTerms(
            text[:40] + "...",
            f"payment terms text is longer than {_MAX_TEXT} characters",
            code="terms_too_long",
            params=(("length", len(text)), ("max", _MAX_TEXT)),
        )
    _check_characters(text)
    tokens = _tokens(text)
    normal = " ".join(tokens)
    for regime, pattern in _READERS:
        match = pattern.fullmatch(normal)
        if match is not None:
            return _build(regime, match, text)
    unknown = [t for t in dict.fromkeys(tokens) if not t.isdigit() and t not in _VOCABULARY]
    if not tokens:
        what = "no words"
    elif unknown:
        what = ", ".join(repr(t) for t in unknown) + " not understood"
    else:
        what = f"the words of {normal!r} are known but not in this order"
    raise InvalidTerms(
        text,
        f"cannot read these payment terms: {what}; write them like {_EXAMPLES}",
        code="unknown_terms_words" if unknown else "bad_terms",
        params=(("unknown", tuple(unknown)),) if unknown else (),
    )


def _build(regime: _Regime, match: re.Match[str], text: str) -> PaymentTerms:
    groups = match.groupdict()
    digits = groups.get("days")
    days = regime.fixed_days if digits is None else int(digits)
    assert days is not None  # a row's wordings give the days, or the row fixes them
    method = None
    if regime.method:
        first = groups.get("month_end_first") is not None
        method = EndOfMonth.EOM_THEN_ADD if first else EndOfMonth.ADD_THEN_EOM
    dom = groups.get("dom")
    buyer = None
    if regime.buyer:
        words = groups.get("buyer") or ""
        buyer = next((b for b, reads in _BUYER_READERS if reads.fullmatch(words)), None)
        if buyer is None:
            which = ", ".join(f'"({r.label})" ({r.days} days)' for r in _BUYERS.values())
            raise InvalidTerms(
                text,
                f"say which public buyer receives the request: {_or(which)}",
                code="public_buyer_unnamed",
                params=(("spellings", tuple(f"({r.label})" for r in _BUYERS.values())),),
            )
    return PaymentTerms(regime.kind, days, method, None if dom is None else int(dom), buyer)


def _or(listed: str) -> str:
    """``"a, b, c"`` as ``"a, b or c"``."""
    head, _, last = listed.rpartition(", ")
    return f"{head} or {last}" if head else last
