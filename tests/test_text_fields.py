"""Free text that reaches letters and HTML (references, notes, names, addresses) is checked once."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dunning_core._text import check_text
from dunning_core.errors import InvalidArgument
from dunning_core.letters import Creditor, Debtor, render
from dunning_core.machine import (
    Case,
    CreditNoteIssued,
    DisputeOpened,
    InvoiceOpened,
    Proof,
    ProofRecorded,
    WrittenOff,
    next_actions,
)
from dunning_core.machine._events import MAX_NOTE, MAX_REFERENCE
from dunning_core.policy import french_default

DAY = date(2026, 1, 15)

HOSTILE = [
    ("\x00", "control character"),
    ("\x1b[31m", "control character"),
    ("\x85", "control character"),
    ("\u2028", "control character"),
    ("\u202e", "bidirectional"),
    ("\u2066", "bidirectional"),
    # the other bidirectional controls of Unicode (Bidi_Control): the right-to-left and
    # left-to-right marks and the Arabic letter mark reorder what is around them, "F-1" shown as
    # "1-F" (they passed)
    ("\u200f", "bidirectional"),
    ("\u200e", "bidirectional"),
    ("\u061c", "bidirectional"),
    ("\ud800", "lone surrogate"),
    ("\n", "line break"),
]


class TestCheckText:
    @pytest.mark.parametrize(("char", "words"), HOSTILE)
    def test_refused_with_what_and_where(self, char: str, words: str) -> None:
        """The message names the kind of character and its code point."""
        with pytest.raises(InvalidArgument, match=words) as info:
            check_text("note", f"ab{char}cd", limit=50)
        assert f"U+{ord(char[0]):04X} at position 2" in str(info.value)

    def test_line_break_only_where_multiline(self) -> None:
        assert "a\nb" == check_text("address", "a\nb", limit=10, multiline=True)
        with pytest.raises(InvalidArgument, match="bidirectional"):
            check_text("address", "a\n\u202eb", limit=10, multiline=True)

    def test_length_limit_and_short_message(self) -> None:
        with pytest.raises(InvalidArgument, match="at most 10 characters") as info:
            check_text("note", "x" * 100_000, limit=10)
        assert len(str(info.value)) < 300

    def test_tabs_and_letters_of_every_script_pass(self) -> None:
        text = "Société Générale\tشركة 株式会社 ΑΒΓ"
        assert text == check_text("name", text, limit=100)

    @given(st.text(max_size=30))
    def test_accepted_text_is_writable_as_utf8(self, text: str) -> None:
        """Whatever passes can be encoded (a lone surrogate never reaches a letter)."""
        try:
            checked = check_text("note", text, limit=30)
        except InvalidArgument:
            return
        checked.encode("utf-8")


class TestInvoiceReference:
    @pytest.mark.parametrize(("char", "words"), HOSTILE)
    def test_reference_refuses(self, char: str, words: str) -> None:
        """The reference had no check at all: it now refuses what would corrupt a letter."""
        with pytest.raises(InvalidArgument, match=words):
            InvoiceOpened(DAY, f"F-1{char}", "100", date(2026, 2, 14))

    @pytest.mark.parametrize("reference", [" F-1", "F-1 ", "F-1\t", "\u00a0F-1", "F-1\u202f"])
    def test_reference_has_no_space_at_either_end(self, reference: str) -> None:
        """ " F-1" and "F-1" would be two invoices, and a portfolio file (which trims its cells)
        would read one as the other: refused where the reference is made (issue 10)."""
        with pytest.raises(InvalidArgument, match="without spaces at either end"):
            InvoiceOpened(DAY, reference, "100", date(2026, 2, 14))
        assert "F 1" == InvoiceOpened(DAY, "F 1", "100", date(2026, 2, 14)).reference

    def test_reference_length(self) -> None:
        InvoiceOpened(DAY, "F" * MAX_REFERENCE, "100", date(2026, 2, 14))
        with pytest.raises(InvalidArgument, match=f"at most {MAX_REFERENCE}"):
            Case.open("F" * (MAX_REFERENCE + 1), "100", DAY, due_on=date(2026, 2, 14))

    @pytest.mark.parametrize(
        "build",
        [
            lambda text: CreditNoteIssued(DAY, "10", text),
            lambda text: DisputeOpened(DAY, text),
            lambda text: ProofRecorded(DAY, Proof.INVOICE, text),
            lambda text: WrittenOff(DAY, text),
        ],
    )
    def test_notes_refuse_and_are_limited(self, build: object) -> None:
        assert callable(build)
        for char, words in HOSTILE:
            with pytest.raises(InvalidArgument, match=words):
                build(f"x{char}")
        build("x" * MAX_NOTE)
        with pytest.raises(InvalidArgument, match="at most"):
            build("x" * (MAX_NOTE + 1))


class TestParties:
    @pytest.mark.parametrize(("char", "words"), [h for h in HOSTILE if h[0] != "\n"])
    def test_debtor_name_and_address(self, char: str, words: str) -> None:
        with pytest.raises(InvalidArgument, match=words):
            Debtor(f"Client{char} SARL")
        with pytest.raises(InvalidArgument, match=words):
            Debtor("Client SARL", f"3 rue{char} X\n69002 Lyon")

    def test_address_keeps_its_lines(self) -> None:
        assert "3 rue X\n69002 Lyon" == Debtor("C", " 3 rue X \r\n 69002 Lyon").address

    def test_a_valid_letter_encodes(self) -> None:
        """Every text that passes reaches the HTML letter and encodes as UTF-8."""
        policy = french_default()
        case = Case.open("F-شركة-1", "1200", DAY, due_on=date(2026, 2, 14))
        (action,) = next_actions(case, policy, date(2026, 3, 16))
        creditor = Creditor(
            "Lumen SAS", "1 rue A\n75001 Paris", iban="FR76 3000 6000 0112 3456 7890 189"
        )
        letter = render(
            action, case, creditor=creditor, debtor=Debtor("Ünal & Fils"), today=action.due_on
        )
        assert "F-شركة-1" in letter.html
        assert "Ünal &amp; Fils" in letter.html
        letter.html.encode("utf-8")
