"""
The message catalogs: every sentence a person reads, in French first and in English.

The sentences are written in French in the code (French is the source language, as the
``holidays`` package does for France) and gathered by babel's tools into the ``dunning_core``
gettext domain: ``locale/dunning_core.pot`` (the template), one ``.po`` per locale
(``fr_FR``, ``en_GB``) and its compiled ``.mo``, shipped in the wheel.  ``make messages``
extracts and updates them, ``make catalogs`` compiles them (docs/contributing.md).

The locale is always a parameter (``fr_FR`` by default), never read from the environment; a
language without a catalog reads French.  Catalogs are loaded once per language and never
change (:func:`translations` is cached).

>>> gettext("relance amiable", locale="en_GB")
'amicable dunning'
>>> gettext("relance amiable")
'relance amiable'
>>> gettext("relance amiable", locale="de_DE")  # no German catalog: French
'relance amiable'
"""

from __future__ import annotations

import gettext as _gettext
from functools import cache
from importlib.resources import files
from typing import Final

from babel import Locale, UnknownLocaleError

from dunning_core.errors import ArgumentTypeError, InvalidArgument

__all__ = [
    "CATALOG_LOCALES",
    "DEFAULT_LOCALE",
    "DOMAIN",
    "N_",
    "gettext",
    "ngettext",
    "pgettext",
    "translations",
]

DOMAIN: Final = "dunning_core"
"""The gettext domain of the package's catalogs."""

DEFAULT_LOCALE: Final = "fr_FR"
"""The locale of every sentence unless told otherwise (never the environment's)."""

CATALOG_LOCALES: Final = ("fr_FR", "en_GB")
"""The locales with a catalog; the first is the source language of the code."""

_BY_LANGUAGE: Final = {name.partition("_")[0]: name for name in CATALOG_LOCALES}
_ACCEPTED: Final = "a locale name such as 'fr_FR' or 'en_GB'"


def N_(message: str) -> str:  # noqa: N802 (gettext's conventional name for a marker)
    """Mark *message* for extraction without translating it (tables of labels)."""
    return message


def catalog_locale(locale: object) -> str:
    """The catalog that speaks *locale*'s language (``fr_FR`` for a language without one)."""
    if not isinstance(locale, str):
        raise ArgumentTypeError("locale", locale, _ACCEPTED)
    return _catalog_locale(locale)


@cache
def _catalog_locale(locale: str) -> str:
    try:
        language = Locale.parse(locale.replace("-", "_")).language
    except (UnknownLocaleError, ValueError, TypeError):
        raise InvalidArgument("locale", locale, _ACCEPTED, code="unknown_locale") from None
    return _BY_LANGUAGE.get(language, DEFAULT_LOCALE)


def translations(locale: str = DEFAULT_LOCALE) -> _gettext.NullTranslations:
    """
    The catalog of *locale* (read once, shared, never modified).

    Raises:
        ArgumentTypeError: *locale* is not a ``str``.
        InvalidArgument: *locale* is not a locale babel knows.
    """
    return _load(catalog_locale(locale))


@cache
def _load(name: str) -> _gettext.NullTranslations:
    path = files("dunning_core") / "locale" / name / "LC_MESSAGES" / f"{DOMAIN}.mo"
    with path.open("rb") as file:
        return _gettext.GNUTranslations(file)


def gettext(message: str, *, locale: str = DEFAULT_LOCALE) -> str:
    """*message* (its French source) in *locale*."""
    return translations(locale).gettext(message)


def ngettext(singular: str, plural: str, n: int, *, locale: str = DEFAULT_LOCALE) -> str:
    """The form of *singular*/*plural* for *n* in *locale* (French: 0 and 1 are singular)."""
    return translations(locale).ngettext(singular, plural, n)


def pgettext(context: str, message: str, *, locale: str = DEFAULT_LOCALE) -> str:
    """*message* in *locale*, told apart from the same words in another *context*."""
    return translations(locale).pgettext(context, message)
