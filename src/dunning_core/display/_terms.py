"""
Payment terms for people, in a locale (``fr_FR`` by default, ``en_GB``): the wording of their
row read in the catalogs, the days with the locale's plural rules.

:class:`~dunning_core.terms.PaymentTerms` calls :func:`terms_text` from inside ``__str__``; in
French it is the wording :meth:`~dunning_core.terms.PaymentTerms.parse` reads back
(:meth:`~dunning_core.terms.PaymentTerms.to_text`).

>>> from dunning_core.terms import PaymentTerms, PublicBuyer
>>> terms_text(PaymentTerms.end_of_month(45, day_of_month=10))
'45 jours fin de mois le 10'
>>> terms_text(PaymentTerms.end_of_month(45, day_of_month=10), locale="en_GB")
'45 days end of month, on day 10'
>>> terms_text(PaymentTerms.public_buyer(PublicBuyer.HEALTH), locale="en_GB")
'50 days after receipt of the payment request (health)'
"""

from __future__ import annotations

from dunning_core._i18n import DEFAULT_LOCALE, gettext, ngettext
from dunning_core.terms import PaymentTerms

__all__ = ["terms_text"]


def terms_text(terms: PaymentTerms, *, locale: str = DEFAULT_LOCALE) -> str:
    """*terms* in words, in *locale* (its ``str()`` in French)."""
    days = terms.days
    return gettext(terms.wording, locale=locale) % {
        "days": ngettext("%(n)s jour", "%(n)s jours", days, locale=locale) % {"n": days},
        "day": terms.day_of_month,
        "buyer": gettext(terms.buyer.label, locale=locale) if terms.buyer is not None else "",
    }
