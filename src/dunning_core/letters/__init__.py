"""
Dunning letters: what the debtor reads, in French or English, with what the law requires.

* :func:`render` writes a :class:`Letter` (subject, plain text, escaped HTML) for an
  :class:`~dunning_core.machine.Action` or a :class:`LetterKind`: the pre-reminder, reminder 1,
  reminder 2, the formal notice (*mise en demeure*) and the collection agency's letter.
* :class:`Creditor`, :class:`Debtor` and :class:`Agency` are the parties it names.
* Wording is data: :class:`LetterTemplate` (``string.Template`` text, no code), checked for the
  mentions each kind must carry (:data:`REQUIRED_MENTIONS`); :func:`default_template` gives the
  shipped ones.

A letter to a consumer never claims the 40 € indemnity nor the L441-10 penalties (CPCE L111-8;
legal interest only from the *mise en demeure*, C. civ. 1231-6); the agency's letter carries the
mentions of CPCE R124-4.

>>> from datetime import date
>>> from dunning_core.machine import Case
>>> case = Case.open("F-2025-042", "1250", date(2025, 3, 1), due_on=date(2025, 3, 31))
>>> acme = Creditor("ACME SAS", "1 rue de la Paix\\n75002 Paris", iban="FR7630006000011234567890189")
>>> letter = render(LetterKind.REMINDER_1, case, creditor=acme, today=date(2025, 4, 10))
>>> letter.subject
'Relance : facture n° F-2025-042 échue le 31 mars 2025'
>>> [line for line in letter.text.splitlines() if line.startswith("Total")]
['Total dû au 10 avril 2025 : 1\\u202f294,50\\xa0€']
>>> render("reminder_1", case, creditor=acme, today=date(2025, 4, 10), locale="en").subject
'Reminder: invoice F-2025-042 was due on 31 March 2025'
"""

from __future__ import annotations

from dunning_core.letters._parties import Agency, Creditor, Debtor
from dunning_core.letters._render import (
    DELIVERY_DAYS,
    REMINDER_DEADLINE_DAYS,
    Letter,
    letter_kind,
    render,
)
from dunning_core.letters._templates import (
    LANGUAGES,
    PLACEHOLDERS,
    REQUIRED_MENTIONS,
    LetterKind,
    LetterTemplate,
    Mention,
    default_template,
)

__all__ = [
    "DELIVERY_DAYS",
    "LANGUAGES",
    "PLACEHOLDERS",
    "REMINDER_DEADLINE_DAYS",
    "REQUIRED_MENTIONS",
    "Agency",
    "Creditor",
    "Debtor",
    "Letter",
    "LetterKind",
    "LetterTemplate",
    "Mention",
    "default_template",
    "letter_kind",
    "render",
]
