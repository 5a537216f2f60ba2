"""
The flat recovery indemnity on an invoice in another currency than the euro (issue 11).

It is 40 € whatever the invoice's currency (C. com. D441-5; CCP D2192-35 for public buyers).
The library converts nothing: without ``indemnity_in_currency`` the 40 € are not counted, a
WARNING asks for their value, ``unconverted_indemnity`` holds them and letters still claim them in
euros; with it, the converted amount is the flat indemnity, raised to justified costs above it.
"""

from __future__ import annotations

import warnings
from datetime import date
from decimal import Decimal

import pandas as pd
import pytest

from dunning_core.errors import AmountTypeError, DunningWarning, InvalidAmount, InvalidArgument
from dunning_core.frames import penalties_frame
from dunning_core.interest import DayCount, PenaltyBasis, late_penalties
from dunning_core.law import CCP_D2192_35, CCP_L2192_13, D441_5, L441_10, Severity
from dunning_core.letters import Agency, Creditor, LetterKind, render
from dunning_core.machine import Case
from dunning_core.policy import DebtorSegment

D = Decimal
DUE, PAID = date(2025, 1, 31), date(2025, 3, 2)  # 30 days at 13.15 %: 10.81 on 1 000


class TestUnconverted:
    def test_owed_in_euros_not_counted_with_a_warning(self) -> None:
        b = late_penalties(D("1000"), DUE, PAID, currency="USD")
        assert (D("10.81"), D("0.00"), D("10.81")) == (b.interest, b.indemnity, b.total)
        assert (D441_5, D("40.00")) == (b.indemnity_article, b.unconverted_indemnity)
        assert [(Severity.WARNING, D441_5)] == [(f.severity, f.article) for f in b.findings]
        message = b.findings[0].message
        assert message.startswith("l'indemnité forfaitaire de 40 € est due quelle que soit")
        assert "pass its value in USD as indemnity_in_currency" in message
        assert "not counted in the total" in message

    def test_shown_in_euros_in_str_and_json(self) -> None:
        b = late_penalties(D("1000"), DUE, PAID, currency="USD")
        text = str(b).replace("\xa0", " ").replace("\u202f", " ")
        assert (
            "Indemnité pour frais de recouvrement : 40,00 € en euros, hors total "
            "(C. com. art. D441-5)"
        ) in text
        assert {"amount": "40.00", "currency": "EUR"} == b.as_dict()["unconverted_indemnity"]
        assert "unconverted_indemnity" not in late_penalties(D("1000"), DUE, PAID).as_dict()
        assert "40,00" in b._repr_html_()

    def test_public_buyer_cites_d2192_35(self) -> None:
        b = late_penalties(
            D("1000"), DUE, PAID, currency="CHF", basis=PenaltyBasis.PUBLIC_PROCUREMENT
        )
        assert (CCP_D2192_35, D("40.00")) == (b.indemnity_article, b.unconverted_indemnity)
        assert [(Severity.WARNING, CCP_D2192_35)] == [(f.severity, f.article) for f in b.findings]

    def test_costs_counted_but_not_compared(self) -> None:
        """Justified costs are counted; the 40 € could not be compared with them: a WARNING."""
        b = late_penalties(D("1000"), DUE, PAID, currency="USD", recovery_costs=D("30"))
        assert (D("30.00"), L441_10, None) == (
            b.indemnity,
            b.indemnity_article,
            b.unconverted_indemnity,
        )
        assert [(Severity.WARNING, D441_5)] == [(f.severity, f.article) for f in b.findings]
        assert "could not be compared with the justified costs" in b.findings[0].message

    @pytest.mark.parametrize(
        ("options", "due"),
        [
            ({"debtor_is_consumer": True, "basis": PenaltyBasis.legal()}, DUE),  # CPCE L111-8
            ({"basis": PenaltyBasis.legal()}, DUE),  # civil legal interest: no indemnity
            ({}, date(2012, 12, 30)),  # before 2013: no indemnity (D441-5 from 2013)
        ],
    )
    def test_nothing_owed_nothing_asked(self, options: dict[str, object], due: date) -> None:
        b = late_penalties(D("1000"), due, date(2013, 3, 2), currency="USD", **options)  # type: ignore[arg-type]
        assert (D("0.00"), None) == (b.indemnity, b.unconverted_indemnity)
        assert all(
            f.severity is not Severity.WARNING or "40 €" not in f.message for f in b.findings
        )

    def test_not_late_nothing(self) -> None:
        b = late_penalties(D("1000"), DUE, DUE, currency="USD")
        assert (D("0.00"), None, (), None) == (
            b.indemnity,
            b.indemnity_article,
            b.findings,
            b.unconverted_indemnity,
        )


class TestConverted:
    def test_the_value_given_is_the_flat_indemnity(self) -> None:
        b = late_penalties(D("1000"), DUE, PAID, currency="USD", indemnity_in_currency="43.5")
        assert (D("43.50"), D441_5, (), None) == (
            b.indemnity,
            b.indemnity_article,
            b.findings,
            b.unconverted_indemnity,
        )
        assert D("54.31") == b.total

    def test_in_yen(self) -> None:
        b = late_penalties(D("1000"), DUE, PAID, currency="JPY", indemnity_in_currency=6500)
        assert ("6500", "6511") == (str(b.indemnity), str(b.total))

    @pytest.mark.parametrize(
        ("costs", "expected"),
        [(D("50"), (D("50.00"), L441_10)), (D("43.50"), (D("43.50"), D441_5)), (None, None)],
    )
    def test_costs_above_it_replace_it(
        self, costs: Decimal | None, expected: tuple[Decimal, object] | None
    ) -> None:
        """As in euros: justified costs above the flat amount replace it (L441-10 II)."""
        b = late_penalties(
            D("1000"),
            DUE,
            PAID,
            currency="USD",
            recovery_costs=costs,
            indemnity_in_currency=D("43.50"),
        )
        assert (expected or (D("43.50"), D441_5)) == (b.indemnity, b.indemnity_article)
        assert () == b.findings

    def test_public_buyer(self) -> None:
        b = late_penalties(
            D("1000"),
            DUE,
            PAID,
            currency="USD",
            basis=PenaltyBasis.PUBLIC_PROCUREMENT,
            recovery_costs=D("60"),
            indemnity_in_currency=D("43.50"),
        )
        assert (D("60.00"), CCP_L2192_13) == (b.indemnity, b.indemnity_article)

    def test_ignored_when_no_indemnity_is_owed(self) -> None:
        b = late_penalties(
            D("1000"),
            DUE,
            PAID,
            currency="USD",
            debtor_is_consumer=True,
            basis=PenaltyBasis.legal(),
            indemnity_in_currency=D("43.50"),
        )
        assert (D("0.00"), None) == (b.indemnity, b.indemnity_article)


class TestRefused:
    def test_in_euros(self) -> None:
        with pytest.raises(InvalidArgument, match="for an invoice in EUR"):
            late_penalties(D("1000"), DUE, PAID, indemnity_in_currency=D("40"))

    @pytest.mark.parametrize(
        ("value", "error"),
        [
            ("0", InvalidAmount),
            ("-1", InvalidAmount),
            ("40.5", InvalidAmount),
            (40.5, AmountTypeError),
        ],
    )
    def test_bad_amounts(self, value: object, error: type[Exception]) -> None:
        with pytest.raises(error):
            late_penalties(D("1000"), DUE, PAID, currency="JPY", indemnity_in_currency=value)


ACME = Creditor(
    "ACME SAS", "1 rue de la Paix\n75002 Paris", iban="FR76 3000 6000 0112 3456 7890 189"
)


def _letter(locale: str, kind: LetterKind = LetterKind.REMINDER_1) -> str:
    case = Case.open("F-1", "1000", date(2025, 1, 1), due_on=DUE, currency="USD")
    text = render(kind, case, creditor=ACME, today=PAID, locale=locale).text
    return text.replace("\xa0", " ").replace("\u202f", " ")


class TestLetters:
    def test_french_letter_claims_the_40_euros(self) -> None:
        assert (
            "Indemnité forfaitaire pour frais de recouvrement (C. com. art. D441-5) : 40,00 €, "
            "réclamée en euros (non comprise dans le total)"
        ) in _letter("fr_FR")

    def test_english_letter_claims_the_40_euros(self) -> None:
        assert (
            "Fixed compensation for recovery costs (C. com. art. D441-5): €40.00, claimed in "
            "euros (not included in the total)"
        ) in _letter("en_GB")

    def test_hand_over_lists_it_under_other_charges(self) -> None:
        case = Case.open(
            "F-1",
            "1000",
            date(2025, 1, 1),
            due_on=DUE,
            currency="USD",
            segment=DebtorSegment.STANDARD,
        )
        agency = Agency(
            "Recouvrex", "5 avenue Foch\n69006 Lyon", iban="FR7630006000011234567890189"
        )
        text = render(
            LetterKind.HAND_OVER, case, creditor=ACME, agency=agency, today=date(2025, 6, 5)
        ).text
        assert "Autres accessoires — indemnité forfaitaire" in text
        assert "réclamée en euros" in text


class TestFrames:
    """penalties_frame takes the same converted value, and agrees with late_penalties."""

    def _frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "principal": ["1000", "2500.50", "300"],
                "due_on": [DUE, date(2024, 11, 30), date(2012, 6, 30)],
                "recovery_costs": [None, "120", None],
            }
        )

    @pytest.mark.parametrize("converted", [None, D("43.50")])
    def test_rows_equal_late_penalties(self, converted: Decimal | None) -> None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DunningWarning)  # said in the test below
            out = penalties_frame(
                self._frame(), today=PAID, currency="USD", indemnity_in_currency=converted
            )
        rows = [(D("1000"), DUE, None), (D("2500.50"), date(2024, 11, 30), D("120"))]
        rows.append((D("300"), date(2012, 6, 30), None))
        for position, (principal, due, costs) in enumerate(rows):
            expected = late_penalties(
                principal,
                due,
                PAID,
                currency="USD",
                recovery_costs=costs,
                indemnity_in_currency=converted,
            )
            got = out.iloc[position]
            assert (expected.indemnity, expected.total) == (got["indemnity"], got["total"])
        assert [converted or D("0.00"), D("120.00"), D("0.00")] == list(out["indemnity"])

    def test_the_uncounted_indemnity_is_said(self) -> None:
        """A frame in another currency whose flat 40 € are not counted says so, with the rows it
        concerns and how to count them, never a silent 0 (a row with justified costs counts them;
        a debt due before 2013 owes none)."""
        frame = pd.concat([self._frame(), self._frame().iloc[:1]], ignore_index=True)
        with pytest.warns(DunningWarning, match="indemnity_in_currency") as caught:
            out = penalties_frame(frame, today=PAID, currency="USD")
        assert [D("0.00"), D("120.00"), D("0.00"), D("0.00")] == list(out["indemnity"])
        (warning,) = caught
        text = str(warning.message)
        assert "flat 40 € recovery indemnity (C. com. art. D441-5) of 2 late invoices" in text
        assert "not counted in 'indemnity' nor 'total'" in text
        assert "indemnity_in_currency (its value in USD)" in text
        assert "recovery_costs" in text
        slow = frame.assign(recovery_costs=None)  # ACT_ACT: late_penalties row by row
        with pytest.warns(DunningWarning, match="of 3 late invoices"):
            penalties_frame(slow, today=PAID, currency="USD", day_count=DayCount.ACT_ACT)

    @pytest.mark.parametrize(
        "options",
        [
            {"currency": "USD", "indemnity_in_currency": "43.50"},
            {"currency": "EUR"},
            {"currency": "USD", "debtor_is_consumer": True},
            {"currency": "USD", "today": date(2024, 11, 30)},
        ],
    )
    def test_nothing_to_say(self, options: dict[str, object]) -> None:
        """Converted, in euros, a consumer (no indemnity) or not late: no warning."""
        frame = self._frame().drop(columns="recovery_costs")
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            penalties_frame(frame, **{"today": PAID, **options})  # type: ignore[arg-type]

    def test_refused_in_euros_and_when_malformed(self) -> None:
        frame = self._frame()
        with pytest.raises(InvalidArgument, match="for an invoice in EUR"):
            penalties_frame(frame, today=PAID, indemnity_in_currency="40")
        for bad in ("0", "43.505"):
            with pytest.raises(InvalidAmount):
                penalties_frame(frame, today=PAID, currency="USD", indemnity_in_currency=bad)
