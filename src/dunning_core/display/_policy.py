"""
A dunning policy for people: its steps as a table, its caps and its settings, in text and HTML.

:class:`~dunning_core.policy.Policy` keeps its data and its evaluable ``repr``; its ``__str__``,
``to_text``, ``_repr_html_`` and ``to_html`` delegate here.

>>> from dunning_core.policy import french_default
>>> print(policy_text(french_default(), locale="en_GB").splitlines()[0])
Policy french_default: 18 steps
"""

from __future__ import annotations

from typing import Final

from dunning_core._i18n import DEFAULT_LOCALE, N_, gettext, ngettext
from dunning_core.display._describe import article_text, describe, value_text
from dunning_core.format import html_table, label
from dunning_core.policy import Policy, Step

__all__ = ["policy_html", "policy_text"]

_HEADERS: Final = (
    N_("Étape du plan"),
    N_("Étape"),
    N_("Canal"),
    N_("Nature"),
    N_("Décalage (jours)"),
    N_("Segments"),
    N_("Article"),
)

_SETTINGS_SKIPPED: Final = ("steps", "caps", "name")


def _title(policy: Policy, locale: str) -> str:
    count = len(policy.steps)
    return ngettext(
        "Politique %(name)s : %(n)s étape",
        "Politique %(name)s : %(n)s étapes",
        count,
        locale=locale,
    ) % {"name": policy.name, "n": count}


def _row(step: Step, locale: str) -> tuple[str, ...]:
    return (
        step.name,
        label(step.stage, locale=locale),
        label(step.channel, locale=locale) if step.channel is not None else "",
        value_text(step.kind, locale=locale),
        value_text(step.offset, locale=locale),
        value_text(step.segments, locale=locale),
        article_text(step.article, locale=locale),
    )


def _notes(policy: Policy, locale: str) -> list[str]:
    caps = [describe(cap, locale=locale) for cap in policy.caps]
    settings = describe(policy, skip=_SETTINGS_SKIPPED, locale=locale)
    return [*caps, settings]


def policy_text(policy: Policy, *, locale: str = DEFAULT_LOCALE) -> str:
    """*policy* as text in *locale*: its name, one line per step, its caps, its settings."""
    header = [gettext(words, locale=locale) for words in _HEADERS]
    table = [tuple(header), *(_row(step, locale) for step in policy.steps)]
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    lines = [_title(policy, locale)]
    lines.extend(
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in table
    )
    lines.extend(_notes(policy, locale))
    return "\n".join(lines)


def policy_html(policy: Policy, *, locale: str = DEFAULT_LOCALE) -> str:
    """*policy* as an HTML table in *locale*, for notebooks: its steps, then its caps and
    settings under the table."""
    return html_table(
        [gettext(words, locale=locale) for words in _HEADERS],
        [_row(step, locale) for step in policy.steps],
        caption=_title(policy, locale),
        notes=_notes(policy, locale),
        locale=locale,
    )
