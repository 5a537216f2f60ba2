"""Rich notebook display: every public value a notebook shows has an escaped ``_repr_html_``."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from dunning_core.interest import Payment, late_penalties
from dunning_core.machine import (
    Case,
    ContactMade,
    PaymentReceived,
    apply,
    next_actions,
)
from dunning_core.policy import Channel, french_default
from dunning_core.portfolio_io import plan_portfolio

NNBSP = "\u202f"
NBSP = "\xa0"
EVIL = "<b>F&1</b>"  # an invoice reference full of markup


class TestPenaltyBreakdown:
    def test_lines_and_totals(self) -> None:
        """The table shows each line (dates, days, rate, amount) and the three totals."""
        # 10 000 × 13.15 % × 91 / 365 = 327.85; 10 000 × 12.15 % × 46 / 365 = 153.12
        breakdown = late_penalties(Decimal("10000"), date(2025, 3, 31), date(2025, 8, 15))
        text = breakdown._repr_html_()
        for figure in (
            "01/04/2025",
            "30/06/2025",
            "<td>91</td>",
            f"13,15{NBSP}%",
            f"327,85{NBSP}€",
            f"12,15{NBSP}%",
            f"153,12{NBSP}€",
            f"480,97{NBSP}€",  # interest
            f"40,00{NBSP}€",  # indemnity
            f"520,97{NBSP}€",  # total
            "C. com. art. L441-10",
            "C. com. art. D441-5",
        ):
            assert figure in text
        assert 2 + 3 + 1 == text.count("<tr>")  # lines, totals, header

    def test_findings_are_notes(self) -> None:
        """Findings (3 × legal above the statutory rate in 2024) are shown under the table."""
        breakdown = late_penalties(Decimal("1000"), date(2024, 3, 31), date(2024, 4, 30))
        text = breakdown._repr_html_()
        assert breakdown.findings
        assert "<tfoot>" in text
        assert "en 2024-S1, 3 fois le taux légal" in text

    def test_partial_payment_balance(self) -> None:
        """After a payment the next line shows the new balance."""
        breakdown = late_penalties(
            Decimal("10000"),
            date(2025, 3, 31),
            date(2025, 8, 15),
            payments=[Payment(on=date(2025, 6, 30), amount=Decimal("5000"))],
        )
        assert f"5{NNBSP}327,85{NBSP}€" in breakdown._repr_html_()


class TestCase:
    def test_events_and_key_figures(self) -> None:
        """The case shows its reference, amount, due date, balance, stage and one row per event."""
        policy = french_default()
        case = Case.open("F-2025-042", "10000", date(2025, 3, 1), due_on=date(2025, 3, 31))
        case = apply(case, ContactMade(date(2025, 4, 7), Channel.EMAIL, "reminder_email_1"), policy)
        case = apply(case, PaymentReceived(date(2025, 4, 10), "2500.50"), policy)
        text = case._repr_html_()
        for figure in (
            "F-2025-042",
            f"10{NNBSP}000,00{NBSP}€",  # amount
            f"7{NNBSP}499,50{NBSP}€",  # balance: 10 000 - 2 500.50
            "31 mars 2025",
            "un contact",  # the events by their French names
            "reminder_email_1",
            "un paiement",
            case.stage.label,
        ):
            assert figure in text
        assert 1 + 3 == text.count("<tr>")

    def test_escaped(self) -> None:
        """A reference with markup is escaped."""
        text = Case.open(EVIL, "10", date(2025, 3, 1), due_on=date(2025, 3, 31))._repr_html_()
        assert EVIL not in text
        assert "&lt;b&gt;F&amp;1&lt;/b&gt;" in text


class TestAction:
    def test_step_and_reasons(self) -> None:
        """The action shows the case, its step, stage, channel, dates and reasons."""
        case = Case.open("F-1", "10000", date(2025, 3, 1), due_on=date(2025, 3, 31))
        (action,) = next_actions(case, french_default(), date(2025, 4, 7))
        text = action._repr_html_()
        for figure in (
            "F-1",
            "reminder_email_1",
            Channel.EMAIL.label,
            "5 avril 2025",  # due on
            "7 avril 2025",  # planned for
            f"5{NBSP}jours après l&#x27;échéance du 31 mars 2025 (pratique)",  # the reason
        ):
            assert figure in text

    def test_escaped(self) -> None:
        """A reference with markup is escaped."""
        case = Case.open(EVIL, "10000", date(2025, 3, 1), due_on=date(2025, 3, 31))
        (action,) = next_actions(case, french_default(), date(2025, 4, 7))
        assert EVIL not in action._repr_html_()


class TestPortfolioPlan:
    def test_one_row_per_case(self) -> None:
        """The plan shows one row per case with its stage, lateness, balance and action."""
        cases = [
            Case.open(f"F-{i}", "1200.00", date(2026, 1, 15), due_on=date(2026, 2, 14))
            for i in range(3)
        ]
        later = Case.open(EVIL, "5", date(2026, 4, 1), due_on=date(2026, 5, 1))
        plan = plan_portfolio([*cases, later], french_default(), date(2026, 3, 16))
        text = plan._repr_html_()
        assert 3 == text.count("reminder_email_1")
        assert "<td>30</td>" in text  # days late: 16 March - 14 February
        assert f"1{NNBSP}200,00{NBSP}€" in text
        assert "16 mars 2026" in text
        assert EVIL not in text
        assert 1 == text.count("F&amp;1")  # the error row of the case opened after today

    def test_long_plans_are_cut(self) -> None:
        """Only the first 50 cases are shown, then how many more there are."""
        cases = [
            Case.open(f"F-{i}", "100", date(2026, 1, 15), due_on=date(2026, 2, 14))
            for i in range(60)
        ]
        text = plan_portfolio(cases, french_default(), date(2026, 3, 16))._repr_html_()
        assert "… et 10 autres lignes" in text
        assert 1 + 50 + 1 == text.count("<tr>")
