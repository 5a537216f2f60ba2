"""
A portfolio file's malformed rows for people: each :class:`~dunning_core.portfolio_io.RowError`
rendered from its data (code, line, column, cell, parameters) in the reader's language, and the
names of the library's errors (what the CLI prints before an error's data).

>>> from dunning_core.portfolio_io import RowError
>>> error = RowError(826, "F-2", "channel: one of email, phone (got 'fax')", "InvalidArgument",
...                  code="not_one_of", field="channel", value="fax",
...                  params=(("accepted", ("email", "phone")),))
>>> row_error_text(error)
"ligne 826 — colonne « channel » : « fax » n'est pas une valeur acceptée (email, phone)"
>>> row_error_text(error, locale="en_GB")
"line 826 — column 'channel': 'fax' is not an accepted value (email, phone)"
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Final

from dunning_core._i18n import DEFAULT_LOCALE, N_, gettext, ngettext, pgettext
from dunning_core._text import visible
from dunning_core.display._errors import ERROR_LABELS, error_label, error_sentence
from dunning_core.display._machine import event_name
from dunning_core.format import format_date
from dunning_core.portfolio_io import RowError

__all__ = ["ERROR_LABELS", "error_label", "row_error_text", "row_errors_html"]

# What was wrong with a row, by RowError.code (docs/portfolio.md lists the columns).
_SENTENCES: Final[Mapping[str, str]] = {
    "required": N_("colonne « %(field)s » : la cellule est vide, une valeur est obligatoire"),
    "not_a_date": N_(
        "colonne « %(field)s » : « %(value)s » n'est pas une date (écrivez-la comme %(example)s)"
    ),
    "not_a_calendar_date": N_(
        "colonne « %(field)s » : le %(value)s n'existe pas dans le calendrier"
    ),
    "french_date": N_(
        "colonne « %(field)s » : « %(value)s » est une date à la française ; lisez le fichier "
        "au format csv-fr, ou écrivez-la comme %(example)s"
    ),
    "not_an_amount": N_(
        "colonne « %(field)s » : « %(value)s » n'est pas un montant accepté (positif, "
        "écrit comme %(example)s)"
    ),
    "french_amount": N_(
        "colonne « %(field)s » : « %(value)s » est un montant à la française ; lisez le fichier "
        "au format csv-fr, ou écrivez-le comme %(example)s"
    ),
    "not_one_of": N_(
        "colonne « %(field)s » : « %(value)s » n'est pas une valeur acceptée (%(accepted)s)"
    ),
    "extra_columns": N_(
        "une ligne « %(record)s » ne prend que les colonnes %(accepted)s, pas « %(field)s » "
        "(« %(value)s »)"
    ),
    "second_invoice_row": N_(
        "une deuxième ligne de facture pour %(invoice)s (la première est la ligne %(first)s)"
    ),
    "instalment_before_plan": N_(
        "une ligne instalment doit venir après la ligne payment_plan_agreed de son échéancier"
    ),
    "bad_terms": N_(
        "colonne « %(field)s » : conditions de paiement illisibles, « %(value)s » ; écrivez-les "
        "comme « 30 jours », « 45 jours fin de mois » ou « 60 jours date de facture »"
    ),
    "due_or_terms": N_(
        "donnez la date d'échéance (colonne due_on) ou les conditions de paiement (colonne "
        "terms) : l'une des deux, pas les deux"
    ),
    "not_a_currency": N_(
        "colonne « %(field)s » : « %(value)s » n'est pas un code de devise ISO 4217 en "
        "majuscules, tel que EUR"
    ),
    "too_many_decimals": N_(
        "colonne « %(field)s » : « %(value)s » a trop de décimales, un montant en %(currency)s "
        "en a au plus %(places)s"
    ),
    "not_csv": N_("pas une ligne CSV lisible : un guillemet mal placé ou une cellule trop longue"),
    "not_json": N_(
        "pas du JSON lisible (caractère %(column)s) ; une ligne est un objet aux clés "
        "« invoice » et « events »"
    ),
    "json_line_shape": N_(
        "une ligne est un objet JSON aux clés « invoice » (un objet) et « events » (une liste "
        "d'objets)"
    ),
    "json_line_keys": N_(
        "une ligne n'a que les clés « invoice » et « events », pas « %(unknown)s »"
    ),
    "json_unknown_keys": N_(
        "%(where)s : clés inconnues, « %(unknown)s » ; les clés sont les colonnes du CSV"
    ),
    "json_scalar": N_("%(where)s : une chaîne ou un nombre, pas %(value)s"),
    "json_list": N_("%(where)s : une liste d'objets"),
    "json_object": N_("%(where)s : un objet"),
    "json_instalments": N_(
        "%(where)s : seul un événement payment_plan_agreed a des échéances (instalments)"
    ),
    "json_too_deep": N_("la ligne imbrique trop de listes ou d'objets pour être une facture"),
    "json_duplicate_key": N_("la clé « %(key)s » apparaît deux fois dans un même objet"),
    "refused": N_("événement refusé, %(event)s du %(on)s : %(why)s"),
    "before_last_event": N_(
        "non planifiable le %(today)s : le dernier événement du dossier est du %(last)s, "
        "planifiez à partir de ce jour"
    ),
}

# TRANSLATORS: an error without a finer sentence: its kind, its column and cell, then the
# developer's message (English) as the detail, like every error of the command line.
_FALLBACK: Final = N_("%(kind)s%(data)s — détail : %(detail)s")
_WHERE: Final = N_("ligne %(line)s — %(what)s")


def _param(value: object, locale: str) -> str:
    """A parameter as text: a list joined, a date in words."""
    if isinstance(value, tuple):
        return pgettext("list separator", ", ", locale=locale).join(str(v) for v in value)
    if isinstance(value, date):
        return format_date(value, locale=locale)
    return str(value)


def _what(error: RowError, locale: str) -> str:
    params = dict(error.params)
    code = error.code
    values: dict[str, object] = {
        "field": error.field,
        "value": error.value,
        "invoice": error.invoice,
        **{name: _param(value, locale) for name, value in params.items()},
    }
    if code == "refused":
        values["event"] = event_name(str(params.get("event", "")), locale=locale)
        if error.why is not None:
            values["why"] = error.why.text(locale)
            return gettext(_SENTENCES[code], locale=locale) % values
    elif code == "no_invoice_row":
        lines = params.get("lines", ())
        count = len(lines) if isinstance(lines, tuple) else 1
        return (
            ngettext(
                "aucune ligne de facture pour %(invoice)s : son événement (ligne %(lines)s) ne "
                "peut pas être lu",
                "aucune ligne de facture pour %(invoice)s : ses événements (lignes %(lines)s) ne "
                "peuvent pas être lus",
                count,
                locale=locale,
            )
            % values
        )
    elif code == "cell_count":
        cells = params.get("cells", 0)
        return (
            ngettext(
                "%(cells)s cellule, l'en-tête a %(columns)s colonnes",
                "%(cells)s cellules, l'en-tête a %(columns)s colonnes",
                cells if isinstance(cells, int) else 0,
                locale=locale,
            )
            % values
        )
    elif code in _SENTENCES:
        return gettext(_SENTENCES[code], locale=locale) % values
    kind = error_label((error.error,), locale=locale) or error.error
    said = error_sentence(
        str(params.get("error_code", "")),
        {"value": error.value, "name": error.field, **params},
        locale=locale,
    )
    if said is not None:  # a library error with a code: its sentence, after its kind
        return f"{kind} — {said}"
    data = ", ".join(
        part for part in (error.field, repr(error.value) if error.value else "") if part
    )
    return gettext(_FALLBACK, locale=locale) % {
        "kind": kind,
        "data": f" ({data})" if data else "",
        "detail": error.message,
    }


def row_error_text(error: RowError, *, locale: str = DEFAULT_LOCALE) -> str:
    """*error* in *locale*: its line (when it has one), then what was wrong, from its data.

    The cell, the invoice and the key it quotes are as the file wrote them, but for control and
    bidirectional characters and lone surrogates, written as ``\\uXXXX`` escapes: the reason a
    row is refused must not clear a terminal or break a page."""
    what = visible(_what(error, locale))
    if not error.line:
        return what
    return gettext(_WHERE, locale=locale) % {"line": error.line, "what": what}


def row_errors_html(errors: Sequence[RowError], *, locale: str = DEFAULT_LOCALE) -> str:
    """
    The rows set aside as an HTML section (empty when there are none): one item per invoice,
    its bad lines under it; the rows tied to no invoice first.
    """
    if not errors:
        return ""
    title = gettext(
        "Factures écartées (une ligne en erreur écarte toute la facture, les autres sont "
        "comptées dans le rapport)",
        locale=locale,
    )
    items = []
    for error in errors:
        who = html.escape(visible(error.invoice)) + " — " if error.invoice else ""
        items.append(f"<li>{who}{html.escape(row_error_text(error, locale=locale))}</li>")
    return f'<section class="row-errors"><h2>{html.escape(title)}</h2><ul>{"".join(items)}</ul></section>'
