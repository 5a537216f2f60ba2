"""matplotlib helpers: figures with the expected artists, drawn with Agg without a warning."""

from __future__ import annotations

import importlib
import sys
from datetime import date, timedelta

import matplotlib
import matplotlib.dates as mdates
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from dunning_core.errors import DateTypeError, InvalidArgument
from dunning_core.machine import (
    Case,
    ContactMade,
    DisputeOpened,
    DisputeResolved,
    FormalNoticeDelivered,
    FormalNoticeSent,
    PromiseToPay,
    apply,
    claim_amounts,
    next_actions,
    timeline,
)
from dunning_core.plots import MAX_POINTS, plot_ageing, plot_case
from dunning_core.policy import Policy, StepKind, french_default
from dunning_core.portfolio import ageing

matplotlib.use("Agg")

POLICY = french_default()
TODAY = date(2025, 6, 20)


def _followed(case: Case, policy: Policy, until: date, promise_on: date | None = None) -> Case:
    """The case after following the planner every day until *until* (a promise on one day)."""
    day = case.issued_on
    while day <= until:
        if day >= case.last_on:
            for action in next_actions(case, policy, day):
                if action.kind is StepKind.REMINDER:
                    assert action.channel is not None
                    case = apply(case, ContactMade(day, action.channel, action.step.name), policy)
                elif action.kind is StepKind.FORMAL_NOTICE:
                    notice = FormalNoticeSent(day, step=action.step.name)
                    case = apply(case, notice, policy)
                    case = apply(case, FormalNoticeDelivered(day + timedelta(days=2)), policy)
        if day == promise_on:
            case = apply(case, PromiseToPay(day, day + timedelta(days=10)), policy)
        day += timedelta(days=1)
    return case


def _by_gid(figure: Figure, gid: str) -> list[object]:
    return [artist for artist in figure.findobj() if artist.get_gid() == gid]


def _draw(figure: Figure) -> None:
    """Render with Agg: a missing glyph or a layout problem would warn (warnings are errors)."""
    FigureCanvasAgg(figure).draw()


def _x(line: object) -> list[date]:
    assert isinstance(line, Line2D)
    return [mdates.num2date(x).date() for x in mdates.date2num(line.get_xdata())]


@pytest.fixture(scope="module")
def followed() -> Case:
    """A case that went through the amicable reminders, a promise and a formal notice."""
    case = Case.open("F-2025-042", "10000", date(2025, 3, 1), due_on=date(2025, 3, 31))
    return _followed(case, POLICY, TODAY, promise_on=date(2025, 4, 20))


class TestPlotCase:
    def test_steps_done_and_planned(self, followed: Case) -> None:
        """One filled marker per step recorded, one hollow marker per step still planned."""
        figure = plot_case(followed, POLICY, today=TODAY)
        (done,) = _by_gid(figure, "steps_done")
        (planned,) = _by_gid(figure, "steps_planned")
        assert sorted(followed.steps_done.values()) == _x(done)
        assert [a.due_on for a in timeline(followed, POLICY)] == _x(planned)
        assert 9 == len(_x(done))  # pre-reminder, 7 reminders, the formal notice
        assert 2 == len(_x(planned))  # hand-over, court claim
        _draw(figure)

    def test_formal_notice_and_deadline(self, followed: Case) -> None:
        """The formal notice and the end of its deadline are vertical lines at their dates."""
        figure = plot_case(followed, POLICY, today=TODAY)
        (notice,) = _by_gid(figure, "formal_notice")
        (deadline,) = _by_gid(figure, "deadline")
        assert followed.formal_notice is not None
        assert [followed.formal_notice.on] * 2 == _x(notice)
        assert [followed.notice_deadline(POLICY)] * 2 == _x(deadline)
        assert [followed.due_on] * 2 == _x(_by_gid(figure, "due_on")[0])
        assert [TODAY] * 2 == _x(_by_gid(figure, "today")[0])

    def test_pause_of_the_promise(self, followed: Case) -> None:
        """The promise to pay is shaded from the day it was made to its last day."""
        figure = plot_case(followed, POLICY, today=TODAY)
        (pause,) = _by_gid(figure, "pause")
        assert "pause (promesse)" == pause.get_label()  # type: ignore[attr-defined]

    def test_penalties_curve(self, followed: Case) -> None:
        """The curve runs from the due date to today and ends on the interest claimable today."""
        figure = plot_case(followed, POLICY, today=TODAY)
        (curve,) = _by_gid(figure, "penalties")
        assert isinstance(curve, Line2D)
        xs = _x(curve)
        assert (followed.due_on, TODAY) == (xs[0], xs[-1])
        expected = claim_amounts(followed, POLICY, TODAY).interest
        assert float(expected) == curve.get_ydata()[-1]
        assert 0.0 == curve.get_ydata()[0]

    def test_fresh_case(self) -> None:
        """A case just opened: nothing done, every step planned, no notice, no curve yet."""
        case = Case.open("F-1", "1200", date(2025, 3, 1), due_on=date(2025, 3, 31))
        figure = plot_case(case, POLICY, today=date(2025, 3, 10))
        (done,) = _by_gid(figure, "steps_done")
        (planned,) = _by_gid(figure, "steps_planned")
        assert [] == _x(done)
        assert len(timeline(case, POLICY)) == len(_x(planned))
        assert [] == _by_gid(figure, "formal_notice") + _by_gid(figure, "deadline")
        (curve,) = _by_gid(figure, "penalties")
        assert 0 == len(curve.get_xdata())  # type: ignore[attr-defined]
        _draw(figure)

    def test_disputes(self) -> None:
        """A resolved dispute is shaded until its resolution, an open one until today."""
        case = Case.open("F-1", "1200", date(2025, 3, 1), due_on=date(2025, 3, 31))
        case = apply(case, DisputeOpened(date(2025, 4, 2), "livraison incomplète"), POLICY)
        case = apply(case, DisputeResolved(date(2025, 4, 12)), POLICY)
        case = apply(case, DisputeOpened(date(2025, 4, 20)), POLICY)
        figure = plot_case(case, POLICY, today=date(2025, 5, 1))
        assert ["pause (litige)"] * 2 == [p.get_label() for p in _by_gid(figure, "pause")]  # type: ignore[attr-defined]
        _draw(figure)

    def test_long_curves_are_sampled_and_cut_where_rates_end(self) -> None:
        """Over years the curve is sampled; after the rate tables it stops, and says so."""
        case = Case.open("F-1", "1200", date(2019, 1, 1), due_on=date(2019, 1, 31))
        figure = plot_case(case, POLICY, today=date(2026, 9, 1))
        (curve,) = _by_gid(figure, "penalties")
        xs = _x(curve)
        assert len(xs) <= MAX_POINTS + 1
        assert xs[-1] <= date(2026, 6, 30)  # the shipped tables end with 2026-H1
        assert "courbe arrêtée" in figure.axes[1].get_title()
        _draw(figure)

    def test_bad_arguments(self, followed: Case) -> None:
        """A wrong case, policy or date is refused."""
        with pytest.raises(InvalidArgument, match="case"):
            plot_case("F-1", POLICY, today=TODAY)  # type: ignore[arg-type]
        with pytest.raises(InvalidArgument, match="policy"):
            plot_case(followed, None, today=TODAY)  # type: ignore[arg-type]
        with pytest.raises(DateTypeError):
            plot_case(followed, POLICY, today="2025-06-20")  # type: ignore[arg-type]


class TestPlotAgeing:
    def test_one_bar_per_bucket(self) -> None:
        """Five bars, one per D441-6 band, as high as the open balance in it."""
        cases = [
            Case.open("F-1", "1000", date(2026, 1, 10), due_on=date(2026, 2, 9)),
            Case.open("F-2", "3000", date(2026, 3, 10), due_on=date(2026, 4, 9)),
            Case.open("F-3", "250.50", date(2025, 10, 1), due_on=date(2025, 10, 31)),
        ]
        balance = ageing(cases, date(2026, 3, 31))
        figure = plot_ageing(balance)
        bars = _by_gid(figure, "bucket")
        assert [float(row.amount) for row in balance.rows] == [b.get_height() for b in bars]  # type: ignore[attr-defined]
        assert [3000.0, 0.0, 1000.0, 0.0, 250.5] == [b.get_height() for b in bars]  # type: ignore[attr-defined]
        texts = [t.get_text() for t in figure.axes[0].texts]
        assert ["1 fact.", "0 fact.", "1 fact.", "0 fact.", "1 fact."] == texts
        assert "3 factures" in figure.axes[0].get_title()
        _draw(figure)

    def test_refuses_other_values(self) -> None:
        """Only an Ageing value is plotted."""
        with pytest.raises(InvalidArgument, match="Ageing"):
            plot_ageing([])  # type: ignore[arg-type]


def test_import_without_matplotlib_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without matplotlib, importing dunning_core.plots says which extra to install."""
    for name in list(sys.modules):
        if name == "matplotlib" or name.startswith("matplotlib."):
            monkeypatch.setitem(sys.modules, name, None)
    monkeypatch.delitem(sys.modules, "dunning_core.plots")
    with pytest.raises(ImportError, match=r"dunning-core\[plot\]"):
        importlib.import_module("dunning_core.plots")


class TestDisplay:
    """The figures display in a notebook without ``%matplotlib inline``."""

    @pytest.mark.parametrize("which", ["case", "ageing"])
    def test_notebook_shows_a_png(self, which: str) -> None:
        """IPython's own formatter (no matplotlib integration enabled) renders a PNG image."""
        formatters = pytest.importorskip("IPython.core.formatters")
        case = Case.open("F-1", "1000", date(2025, 3, 1), due_on=date(2025, 3, 31))
        figure = (
            plot_case(case, POLICY, today=TODAY)
            if which == "case"
            else plot_ageing(ageing([case], TODAY))
        )
        assert isinstance(figure, Figure)
        data, _ = formatters.DisplayFormatter().format(figure)
        assert data["image/png"].startswith(b"\x89PNG\r\n\x1a\n")
        width = int.from_bytes(data["image/png"][16:20], "big")  # the IHDR chunk
        assert width == round(figure.get_figwidth() * figure.dpi)


def _figure_words(figure: Figure) -> set[str]:
    """Every word a person reads on *figure*: titles, labels, ticks, legends, annotations."""
    import re

    FigureCanvasAgg(figure).draw()  # ticks get their text once drawn
    texts: list[str] = []
    for ax in figure.axes:
        texts += [ax.get_title(), ax.get_ylabel(), *(t.get_text() for t in ax.texts)]
        texts += [t.get_text() for t in (*ax.get_xticklabels(), *ax.get_yticklabels())]
        legend = ax.get_legend()
        if legend is not None:
            texts += [t.get_text() for t in legend.get_texts()]
    return set(re.findall(r"[\w'-]+", " ".join(texts).lower()))


class TestLocale:
    """Titles, legends, labels, amounts and dates in the reader's language (fr_FR by default)."""

    @staticmethod
    def _case() -> Case:
        case = Case.open("F-1", "10000", date(2025, 3, 1), due_on=date(2025, 3, 31))
        return _followed(case, POLICY, TODAY, promise_on=date(2025, 5, 20))

    def test_case_in_english(self) -> None:
        figure = plot_case(self._case(), POLICY, today=TODAY, locale="en_GB")
        steps, money = figure.axes
        assert steps.get_title().startswith("Case F-1: due 31 March 2025, position on 20 June 2025")
        assert "amicable dunning" in [t.get_text() for t in steps.get_yticklabels()]
        legend = [t.get_text() for t in steps.get_legend().get_texts()]
        assert {"steps done", "due date", "formal notice", "today", "pause (promise)"} <= set(
            legend
        )
        assert "accrued interest" == money.get_ylabel()

    def test_case_in_french_by_default(self) -> None:
        steps, money = plot_case(self._case(), POLICY, today=TODAY).axes
        assert steps.get_title().startswith("Dossier F-1 : échéance 31 mars 2025")
        assert "intérêts cumulés" == money.get_ylabel()

    def test_ageing_in_english(self) -> None:
        cases = [Case.open("F-1", "1000", date(2026, 1, 10), due_on=date(2026, 2, 9))]
        figure = plot_ageing(ageing(cases, date(2026, 3, 31)), locale="en_GB")
        ax = figure.axes[0]
        assert "Ageing balance on 31 March 2026: 1 invoice, €1,000.00" == ax.get_title()
        assert ["0 inv.", "0 inv.", "1 inv.", "0 inv.", "0 inv."] == [
            t.get_text() for t in ax.texts
        ]
        assert "Not yet due" == ax.get_xticklabels()[0].get_text()
        assert "open balance (EUR)" == ax.get_ylabel()

    @pytest.mark.parametrize("which", ["case", "ageing"])
    def test_no_word_of_the_other_language(self, which: str) -> None:
        from test_cli_locale import ENGLISH, FRENCH

        def draw(locale: str) -> Figure:
            if which == "case":
                return plot_case(self._case(), POLICY, today=TODAY, locale=locale)
            return plot_ageing(ageing([self._case()], TODAY), locale=locale)

        french, english = _figure_words(draw("fr_FR")), _figure_words(draw("en_GB"))
        assert set() == french & ENGLISH
        assert set() == english & FRENCH
        assert english & ENGLISH or which == "ageing"
        assert french & FRENCH
