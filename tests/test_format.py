"""Presentation helpers: babel formatting in a given locale and escaped HTML tables."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from decimal import Decimal
from html.parser import HTMLParser

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dunning_core.cli import main
from dunning_core.errors import (
    AmountTypeError,
    ArgumentTypeError,
    DateTypeError,
    InvalidAmount,
    InvalidArgument,
)
from dunning_core.format import (
    describe,
    format_date,
    format_duration,
    format_money,
    format_percent,
    french_de,
    html_table,
)
from dunning_core.interest import PenaltyBasis, late_penalties
from dunning_core.letters import Creditor, render
from dunning_core.machine import Case, ContactMade, PaymentReceived
from dunning_core.money import Money, quantize
from dunning_core.policy import Channel, Stage, french_default
from dunning_core.terms import PaymentTerms

NNBSP = "\u202f"  # narrow no-break space: the French digit group separator
NBSP = "\xa0"  # no-break space: before € and %


class _Cells(HTMLParser):
    """Collects the text of every <th>, <td> and <caption>, unescaped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.cells: list[str] = []
        self.tags: list[str] = []
        self._open = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag in ("td", "th", "caption"):
            self.cells.append("")
            self._open = True

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th", "caption"):
            self._open = False

    def handle_data(self, data: str) -> None:
        if self._open:
            self.cells[-1] += data


def _parse(text: str) -> _Cells:
    parser = _Cells()
    parser.feed(text)
    parser.close()
    return parser


class TestFormatMoney:
    def test_french_grouping_and_symbol(self) -> None:
        """fr_FR groups with a narrow no-break space and puts € after a no-break space."""
        assert f"1{NNBSP}234,50{NBSP}€" == format_money(Decimal("1234.5"), "EUR")

    def test_rounds_half_up_before_formatting(self) -> None:
        """0.125 shows as 0,13 (half-up, as the library computes), not 0,12 (babel's half-even)."""
        assert f"0,13{NBSP}€" == format_money("0.125", "EUR")
        assert f"0,13{NBSP}€" == format_money(Decimal("0.125"), "EUR")

    def test_other_locale_and_currency(self) -> None:
        """The locale and the currency's minor unit are honoured (JPY has none)."""
        assert "¥1,235" == format_money("1234.5", "JPY", locale="en_US")
        assert "-€12.50" == format_money("-12.5", "EUR", locale="en_US")

    def test_float_refused(self) -> None:
        """A float amount is refused, as everywhere in the library."""
        with pytest.raises(AmountTypeError):
            format_money(12.5, "EUR")

    def test_unknown_currency_and_locale(self) -> None:
        """An unknown currency or locale raises a DunningError naming it."""
        with pytest.raises(InvalidAmount, match="ISO 4217"):
            format_money(1, "EURO")
        with pytest.raises(InvalidArgument, match="locale"):
            format_money(1, "EUR", locale="xx_YY")
        with pytest.raises(InvalidArgument, match="locale"):
            format_money(1, "EUR", locale="")

    @given(st.decimals(min_value=-(10**9), max_value=10**9, places=4))
    def test_shows_the_quantized_amount(self, amount: Decimal) -> None:
        """Read back, the French text is exactly the amount rounded half-up to the cent."""
        text = format_money(amount, "EUR")
        number = text.replace(NNBSP, "").replace(f"{NBSP}€", "").replace(",", ".")
        assert quantize(amount, "EUR") == Decimal(number)


class TestFormatDate:
    def test_named_formats(self) -> None:
        """long is the default; short is dd/MM/yyyy in French."""
        day = date(2026, 3, 1)
        assert "1er mars 2026" == format_date(day)
        assert "01/03/2026" == format_date(day, format="short")
        assert "March 1, 2026" == format_date(day, locale="en_US")

    @pytest.mark.parametrize(
        ("format", "first", "second"),
        [
            ("long", "1er mars 2026", "2 mars 2026"),
            ("medium", "1er mars 2026", "2 mars 2026"),
            ("full", "dimanche 1er mars 2026", "lundi 2 mars 2026"),
            ("d MMMM", "1er mars", "2 mars"),
            ("d 'de' MMMM y", "1er de mars 2026", "2 de mars 2026"),  # a quoted d is kept
            ("short", "01/03/2026", "02/03/2026"),  # in figures: no ordinal
            ("dd MMMM y", "01 mars 2026", "02 mars 2026"),
        ],
    )
    def test_french_first_of_the_month(self, format: str, first: str, second: str) -> None:
        """French writes "1er mars" (an ordinal, which CLDR does not give) for the first day of a
        month in letters; the other days, numeric dates and other languages are unchanged."""
        assert first == format_date(date(2026, 3, 1), format=format)
        assert second == format_date(date(2026, 3, 2), format=format)
        assert "1er mars 2026" == format_date(date(2026, 3, 1), locale="fr_CA")
        assert "1 March 2026" == format_date(date(2026, 3, 1), locale="en_GB")

    def test_pattern(self) -> None:
        """Any other text is a CLDR pattern."""
        assert "2026-03" == format_date(date(2026, 3, 1), format="yyyy-MM")

    def test_refuses_datetime_and_text(self) -> None:
        """A datetime or a string is refused, as by calendar.to_date."""
        with pytest.raises(DateTypeError):
            format_date(datetime(2026, 3, 1, 12, 0))  # noqa: DTZ001
        with pytest.raises(DateTypeError):
            format_date("2026-03-01")  # type: ignore[arg-type]

    def test_empty_format(self) -> None:
        """An empty format is refused."""
        with pytest.raises(InvalidArgument, match="format"):
            format_date(date(2026, 3, 1), format="")


class TestFormatPercent:
    def test_two_decimals_at_least(self) -> None:
        """Rates are given in percent and show two decimals at least, all they have at most."""
        assert f"10,00{NBSP}%" == format_percent(10)
        assert f"12,15{NBSP}%" == format_percent(Decimal("12.15"))
        assert f"2,625{NBSP}%" == format_percent("2.625")
        assert "12.15%" == format_percent("12.15", locale="en_US")

    def test_float_refused(self) -> None:
        """A float rate is refused."""
        with pytest.raises(AmountTypeError):
            format_percent(12.15)

    @given(st.decimals(min_value=-100, max_value=100, places=4))
    def test_nothing_is_rounded(self, rate: Decimal) -> None:
        """Read back, the French text is exactly the rate."""
        text = format_percent(rate)
        assert rate == Decimal(text.replace(f"{NBSP}%", "").replace(",", "."))


class TestDescribe:
    def test_event(self) -> None:
        """An event shows its fields but the date, names and enums in French."""
        event = ContactMade(date(2026, 4, 6), Channel.EMAIL, "reminder_email_1")
        assert "canal : e-mail ; étape du plan : reminder_email_1" == describe(event)

    def test_amount_keeps_its_decimals(self) -> None:
        """Amounts show the decimals they have, grouped in French."""
        assert f"montant : 1{NNBSP}200,50" == describe(
            PaymentReceived(date(2026, 4, 20), "1200.50")
        )

    def test_english(self) -> None:
        """In English, field names, enums and booleans are English, not French words."""
        step = next(s for s in french_default().steps if s.stage is Stage.AMICABLE)
        keep = {"stage", "business_days"}
        skip = [f.name for f in attrs.fields(type(step)) if f.name not in keep]
        assert "étape : relance amiable ; jours ouvrés : non" == describe(step, skip=skip)
        expected = "stage: amicable dunning; business days: no"
        assert expected == describe(step, skip=skip, locale="en_GB")
        assert expected == describe(step, skip=skip, locale="en_US")
        event = ContactMade(date(2026, 4, 6), Channel.EMAIL, "reminder_email_1")
        assert "channel: email; policy step: reminder_email_1" == describe(event, locale="en_GB")

    def test_skip_and_plain_values(self) -> None:
        """Skipped fields are left out; a value that is not an attrs class shows with str()."""
        assert "montant : 12,50" == describe(Money("12.5", "EUR"), skip=("currency",))
        assert "42" == describe(42)

    def test_terms_and_basis_in_words(self) -> None:
        """Payment terms and a penalty basis read as words, in either language."""
        terms = PaymentTerms.end_of_month(45, day_of_month=10)
        assert "45 jours fin de mois le 10" == describe(terms)
        assert "45 days end of month, on day 10" == describe(terms, locale="en_GB")
        assert "contractual rate of 12.50%" == describe(
            PenaltyBasis.contractual("12.5"), locale="en_GB"
        )


class TestHtmlTable:
    def test_structure(self) -> None:
        """A caption, a header row, one row per row, and the notes in a footer."""
        text = html_table(("a", "b"), [(1, 2), (3, None)], caption="T", notes=["n"])
        parsed = _parse(text)
        assert ["T", "a", "b", "1", "2", "3", "", "n"] == parsed.cells
        assert 4 == parsed.tags.count("tr")
        assert text.startswith('<table class="dunning-core">')

    def test_everything_is_escaped(self) -> None:
        """Headers, cells, caption and notes are escaped: no markup gets through."""
        evil = "<script>alert('x')</script> & \"q\""
        text = html_table((evil,), [(evil,)], caption=evil, notes=[evil])
        assert "<script>" not in text
        assert 4 == text.count("&lt;script&gt;")
        assert [evil] * 4 == _parse(text).cells

    @given(st.lists(st.text(), min_size=1, max_size=4))
    def test_cells_read_back(self, texts: list[str]) -> None:
        """Whatever the text, an HTML parser reads back exactly the cells given."""
        text = html_table(["h"] * len(texts), [texts], caption="c")
        assert ["c", *(["h"] * len(texts)), *texts] == _parse(text).cells

    def test_max_rows(self) -> None:
        """Rows beyond max_rows are counted in one last row."""
        text = html_table(["n"], [[i] for i in range(10)], max_rows=3)
        assert ["0", "1", "2", "… et 7 autres lignes"] == _parse(text).cells[1:]
        assert ["… et 1 autre ligne"] == _parse(html_table(["n"], [[1], [2]], max_rows=1)).cells[2:]

    @pytest.mark.parametrize(
        ("headers", "rows", "kwargs", "name"),
        [
            ((), [], {}, "headers"),
            ("ab", [], {}, "headers"),
            ((1,), [], {}, "headers[0]"),
            (("a",), [(1, 2)], {}, "rows"),
            (("a",), ["x"], {}, "rows"),
            (("a",), [], {"caption": 3}, "caption"),
            (("a",), [], {"max_rows": -1}, "max_rows"),
            (("a",), [], {"max_rows": True}, "max_rows"),
            (("a",), [], {"notes": [1]}, "notes"),
        ],
    )
    def test_bad_arguments(
        self, headers: object, rows: object, kwargs: dict[str, object], name: str
    ) -> None:
        """Malformed arguments raise InvalidArgument naming the argument."""
        with pytest.raises(InvalidArgument) as error:
            html_table(headers, rows, **kwargs)  # type: ignore[arg-type]
        assert name == error.value.name


class TestFormatPercentPlaces:
    def test_shares_are_rounded_half_up(self) -> None:
        """A share shows exactly *places* decimals, rounded half-up (babel alone rounds to even)."""
        assert f"28,6{NBSP}%" == format_percent("28.55", places=1)
        assert f"2,63{NBSP}%" == format_percent("2.625", places=2)
        assert f"100{NBSP}%" == format_percent(100, places=0)
        assert "0.1%" == format_percent("0.05", places=1, locale="en_GB")

    @pytest.mark.parametrize("places", [-1, 7, 1.5, True, "1"])
    def test_bad_places(self, places: object) -> None:
        """Places outside 0..6, or not a whole number, are refused."""
        with pytest.raises((InvalidArgument, TypeError)):
            format_percent(1, places=places)  # type: ignore[arg-type]


class TestFormatDuration:
    def test_plural_rules(self) -> None:
        """Days, weeks, months and years with each locale's plural rules."""
        assert [f"1{NBSP}jour", f"2{NBSP}jours", f"1{NNBSP}234{NBSP}jours"] == [
            format_duration(n) for n in (1, 2, 1234)
        ]
        assert ["1 day", "2 days", "3 weeks", "1 year"] == [
            format_duration(1, locale="en_GB"),
            format_duration(2, locale="en_GB"),
            format_duration(3, "week", locale="en_GB"),
            format_duration(1, "year", locale="en_GB"),
        ]

    def test_decimals_as_given(self) -> None:
        """A Decimal shows the decimals it has (a DSO of 45.0 days stays 45,0)."""
        assert f"45,0{NBSP}jours" == format_duration(Decimal("45.0"))

    def test_timedelta_is_rough(self) -> None:
        """A timedelta reads in its largest unit: "late for 2 months"."""
        assert f"2{NBSP}mois" == format_duration(timedelta(days=61))
        assert "3 weeks" == format_duration(timedelta(days=21), locale="en_GB")

    def test_refused(self) -> None:
        """A float, an unknown unit or locale are refused with the library's errors."""
        with pytest.raises(AmountTypeError):
            format_duration(1.5)
        with pytest.raises(InvalidArgument, match="unit"):
            format_duration(1, "fortnight")
        with pytest.raises(InvalidArgument, match="locale"):
            format_duration(1, locale="xx_YY")


class TestSameRateEverywhere:
    """One rule for rates: a legal rate of 2.625 % reads ``2,625 %`` wherever it is shown."""

    RATE = Decimal("2.625")
    CREDITOR = Creditor(
        "ACME", "1 rue de Paris\n75001 Paris", iban="FR76 3000 6000 0112 3456 7890 189"
    )

    def _shown(self, text: str) -> set[str]:
        return set(re.findall(r"\d+(?:,\d+)?\N{NO-BREAK SPACE}%", text))

    def test_breakdown_letter_cli_and_notebook(self, capsys: pytest.CaptureFixture[str]) -> None:
        """str(breakdown), its HTML, the CLI and a formal notice all print the same text."""
        basis = PenaltyBasis.contractual(self.RATE)
        breakdown = late_penalties(
            Decimal("10000"), date(2025, 3, 31), date(2025, 5, 15), basis=basis
        )
        policy = attrs.evolve(french_default(), basis=basis)
        case = Case.open("F-1", "10000", date(2025, 3, 1), due_on=date(2025, 3, 31))
        letter = render(
            "formal_notice",
            case,
            creditor=self.CREDITOR,
            today=date(2025, 5, 15),
            policy=policy,
        )
        main(["penalty", "10000", "--due", "2025-03-31", "--paid", "2025-05-15",
              "--basis", "contractual:2.625"])  # fmt: skip
        printed = capsys.readouterr().out
        expected = {f"2,625{NBSP}%"}
        # the floor finding shows the legal rate of 2025-S1 and its triple, formatted the same way
        with_floor = {f"2,625{NBSP}%", f"3,71{NBSP}%", f"11,13{NBSP}%"}
        assert with_floor == self._shown(str(breakdown))
        assert with_floor == self._shown(breakdown._repr_html_())
        assert with_floor == self._shown(printed)
        assert expected == self._shown(letter.text)
        assert f"taux annuel de 2,625{NBSP}%" in letter.text
        assert (
            "2.625%"
            in render(
                "formal_notice",
                case,
                creditor=self.CREDITOR,
                today=date(2025, 5, 15),
                policy=policy,
                locale="en_GB",
            ).text
        )


class TestFrenchDe:
    @pytest.mark.parametrize(
        ("name", "expected"),
        [
            ("Atelier Dupont", "d'Atelier Dupont"),
            ("ACME SAS", "d'ACME SAS"),
            ("Éts Martin", "d'Éts Martin"),
            ("Yves Rocher", "d'Yves Rocher"),
            ("Le Bon Marché", "du Bon Marché"),
            ("LES ATELIERS", "des ATELIERS"),
            ("La Poste", "de La Poste"),
            ("L'Oréal", "de L'Oréal"),
            ("Hachette", "de Hachette"),
            ("Halles Martin", "de Halles Martin"),
            ("Hôtel du Lac", "d'Hôtel du Lac"),
            ("HÔPITAL PRIVÉ", "d'HÔPITAL PRIVÉ"),
            ("Horlogerie Vernet", "d'Horlogerie Vernet"),
            ("Huilerie Leblanc", "d'Huilerie Leblanc"),
            ("Habitat 44", "d'Habitat 44"),
            ("Huit SA", "de Huit SA"),
            ("Hôtel", "d'Hôtel"),
            ("3M France", "de 3M France"),
            ("Lenoir SARL", "de Lenoir SARL"),
            ("Le", "de Le"),
            ("  Atelier", "d'Atelier"),
        ],
    )
    def test_elision_and_contraction(self, name: str, expected: str) -> None:
        """
        d' before a vowel or an h muet word (Hôtel, Horlogerie...), du/des for Le/Les, de
        otherwise (La, L', another h, a digit, a bare Le).
        """
        assert expected == french_de(name)

    def test_capital(self) -> None:
        """At the start of a sentence."""
        assert ["D'Atelier", "Du Bon Marché", "De La Poste"] == [
            french_de(name, capital=True) for name in ("Atelier", "Le Bon Marché", "La Poste")
        ]

    def test_not_a_string(self) -> None:
        """A name must be text."""
        with pytest.raises(ArgumentTypeError):
            french_de(None)  # type: ignore[arg-type]
