"""
Free text that reaches letters, reports and HTML: one check for every field that holds it.

An invoice reference, a debtor's name, an address, a note: each is text a person typed or an ERP
exported, and each ends up in a letter, a report or an HTML page.  :func:`check_text` refuses what
would corrupt or disguise them there:

* control characters other than the tab (``\\x00``-``\\x1f``, ``\\x7f``, the C1 range ``\\x80``-``\\x9f``) and the
  Unicode line and paragraph separators; a line break only where the field is *multiline*;
* the bidirectional controls, which make a text display in another order than it reads ("Trojan
  Source"): embeddings, overrides and isolates (``U+202A``-``U+202E``, ``U+2066``-``U+2069``) and
  the marks (``U+200E``, ``U+200F``, ``U+061C``), every ``Bidi_Control`` character of Unicode;
* lone surrogates (``\\ud800``...), which are not characters and cannot be encoded as UTF-8;
* text longer than the field's limit.

Private: the public entry points that take such text (``InvoiceOpened``, ``Debtor``...) call it.

>>> check_text("reference", "F-2026-0042", limit=100)
'F-2026-0042'
>>> check_text("reference", "F-1\\u202e", limit=100)
Traceback (most recent call last):
...
dunning_core.errors.InvalidArgument: reference: must not contain a bidirectional control \
character (U+202E at position 3) (got 'F-1\\u202e')
"""

from __future__ import annotations

import re
from typing import Final

from dunning_core.errors import ArgumentTypeError, InvalidArgument

__all__ = ["check_text", "visible"]

_BIDI: Final = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)  # Unicode's Bidi_Control characters
_BAD: Final = re.compile(
    "[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e"
    "\u2066-\u2069\ud800-\udfff]"
)
_SHOWN: Final = 80
_UNSEEN: Final = re.compile(_BAD.pattern.replace("\x0a", "\x0b"))  # _BAD but the line break


def visible(text: str, *, lines: bool = False) -> str:
    """
    *text* with what :func:`check_text` refuses written as ``\\uXXXX`` escapes, for display.

    A refused value is shown to say why it was refused, and a file name or a cell reaches the
    terminal, a report or a page: there an escape sequence would recolour or clear the terminal,
    a bidirectional override reverse the line, a lone surrogate break the UTF-8 encoding.  The
    escape is the one JSON and Python read, so JSON written through it stays equal.  With
    *lines*, line breaks are kept (a whole report).

    >>> visible("F-\\x1b[31m1\\u202e")
    'F-\\\\u001b[31m1\\\\u202e'
    """
    return (_UNSEEN if lines else _BAD).sub(lambda bad: f"\\u{ord(bad.group()):04x}", text)


def _shown(value: str) -> str:
    return value if len(value) <= _SHOWN else value[:_SHOWN] + "…"


def check_text(
    name: str,
    value: object,
    *,
    limit: int,
    multiline: bool = False,
    error: type[InvalidArgument] = InvalidArgument,
) -> str:
    """
    Return *value* if it is text fit for a letter or a page, else raise *error*.

    Args:
        name: the field's name, for the message.
        value: the text.
        limit: the most characters accepted.
        multiline: accept line breaks (``\\n``); tabs are accepted in every field.
        error: the :class:`~dunning_core.errors.InvalidArgument` class to raise.

    Raises:
        InvalidArgument: *value* is not a ``str``, is too long, or holds a control character,
            a bidirectional control or a lone surrogate.
    """
    if not isinstance(value, str):  # a wrong type is the same mistake everywhere
        raise ArgumentTypeError(name, value, f"must be a str, not {type(value).__name__}")
    if len(value) > limit:
        too_long = error(
            name, _shown(value), f"must be at most {limit} characters (got {len(value)})"
        )
        too_long._data("too_long", (("length", len(value)), ("max", limit)))
        raise too_long
    bad = _BAD.search(value)
    if bad is not None:
        char = bad.group()
        if char == "\n" and multiline:
            rest = _BAD.search(value.replace("\n", " "))
            if rest is None:
                return value
            char = rest.group()
        where = f"U+{ord(char):04X} at position {value.index(char)}"
        if char in _BIDI:
            what = "a bidirectional control character"
        elif "\ud800" <= char <= "\udfff":
            what = "a lone surrogate (not a character: the text cannot be written as UTF-8)"
        elif char == "\n":
            what = "a line break"
        else:
            what = "a control character"
        bad_text = error(name, _shown(value), f"must not contain {what} ({where})")
        position = (("char", f"U+{ord(char):04X}"), ("position", value.index(char)))
        bad_text._data("bad_character", position)
        raise bad_text
    return value
