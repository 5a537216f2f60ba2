"""Fill the French catalog from the code: French is the source language of dunning_core.

``make messages`` runs it after ``pybabel update``: every French entry still empty gets its
msgid (and its plural msgid for the plural form), so that the French catalog is complete and
carries French plural rules (0 is singular).  An entry already written is kept, so a French
wording may be corrected in the catalog without touching the code.

Usage: python scripts/french_catalog.py src/dunning_core/locale/fr_FR/LC_MESSAGES/dunning_core.po
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po


def fill(path: Path) -> int:
    """Fill the empty entries of the catalog at *path*; return how many were filled."""
    with path.open("rb") as file:
        catalog = read_po(file)
    filled = 0
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, tuple | list):
            if not any(message.string):
                forms = catalog.num_plurals
                message.string = tuple(
                    message.id[0] if index == 0 else message.id[1] for index in range(forms)
                )
                filled += 1
        elif not message.string:
            message.string = message.id
            filled += 1
    with path.open("wb") as file:
        write_po(file, catalog, omit_header=False, no_location=True, sort_output=True)
    return filled


if __name__ == "__main__":
    for name in sys.argv[1:]:
        print(f"{name}: {fill(Path(name))} French entries filled from the code")
