"""
matplotlib helpers: one case's timeline and a portfolio's ageing balance.

An optional extra: ``pip install 'dunning-core[plot]'``.  Importing this module without matplotlib
raises an :class:`ImportError` that says so.

Each function builds and returns a :class:`matplotlib.figure.Figure` with the object-oriented API:
no ``pyplot``, no global figure, nothing shown or saved.  The figure displays itself in a notebook
as a PNG image, without ``%matplotlib inline`` (a plain ``Figure`` built without ``pyplot`` would
show as ``<Figure size ...>`` text); elsewhere call ``figure.savefig(...)``.  Titles, legends, axis
labels, amounts and dates are in ``locale`` (``fr_FR`` by default, ``en_GB``), from the catalogs.  Plots are for the eye: amounts are converted to
``float`` only to place them on an axis, after every computation was done in ``Decimal``.

Each artist has a ``gid`` so that tests and callers can find it: ``steps_done``,
``steps_planned``, ``pause``, ``due_on``, ``formal_notice``, ``deadline``, ``today``,
``penalties`` (case timeline) and ``bucket`` (ageing).

>>> from datetime import date
>>> from dunning_core.machine import Case
>>> from dunning_core.policy import french_default
>>> case = Case.open("F-1", "10000", date(2025, 3, 1), due_on=date(2025, 3, 31))
>>> figure = plot_case(case, french_default(), today=date(2025, 4, 30))
>>> [line.get_gid() for line in figure.axes[0].lines]
['steps_done', 'steps_planned', 'due_on', 'today']
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Final

try:
    import matplotlib.dates as mdates
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter
except ImportError as error:  # pragma: no cover - exercised in a test that hides matplotlib
    raise ImportError(
        "dunning_core.plots needs matplotlib: install the extra with "
        "pip install 'dunning-core[plot]'"
    ) from error

from babel.numbers import format_decimal

from dunning_core._i18n import DEFAULT_LOCALE, N_, gettext, ngettext
from dunning_core._validators import instance_of
from dunning_core.calendar import to_date
from dunning_core.errors import RateUnavailable
from dunning_core.format import format_date, format_money, label
from dunning_core.machine import (
    Case,
    DisputeOpened,
    DisputeResolved,
    PaymentPlanAgreed,
    PromiseToPay,
    claim_amounts,
    timeline,
)
from dunning_core.machine._case import require_case
from dunning_core.policy import Policy, Stage
from dunning_core.portfolio import Ageing
from dunning_core.rates import RateBook

__all__ = ["MAX_POINTS", "plot_ageing", "plot_case"]

MAX_POINTS: Final = 240
"""The most days the penalty curve of :func:`plot_case` computes (sampled evenly beyond it)."""

_DAY: Final = timedelta(days=1)
_STAGES: Final = tuple(stage for stage in Stage if not stage.terminal)


class _Figure(Figure):
    """A ``Figure`` that a notebook shows as an image, even without ``%matplotlib inline``."""

    def _repr_png_(self) -> bytes:
        buffer = io.BytesIO()
        self.savefig(buffer, format="png")
        return buffer.getvalue()


def _plain(text: str) -> str:
    """Text without the no-break spaces babel puts in French (not every font has U+202F)."""
    return text.replace("\u202f", " ").replace("\xa0", " ")


def _amount_ticks(currency: str, locale: str) -> FuncFormatter:
    """Whole amounts grouped as *locale* groups them, then the currency code."""

    def tick(value: float, _position: object) -> str:
        return _plain(f"{format_decimal(round(value), locale=locale)} {currency}")

    return FuncFormatter(tick)


_PAUSES: Final = {
    "promise": N_("pause (promesse)"),
    "plan": N_("pause (échéancier)"),
    "dispute": N_("pause (litige)"),
}


def _pauses(case: Case, today: date) -> list[tuple[date, date, str]]:
    """The spans a promise, a payment plan or a dispute paused the case, until *today* at most."""
    spans: list[tuple[date, date, str]] = []
    dispute: date | None = None
    for event in case.events:
        if isinstance(event, PromiseToPay):
            spans.append((event.on, event.until, "promise"))
        elif isinstance(event, PaymentPlanAgreed):
            spans.append((event.on, event.instalments[-1].on, "plan"))
        elif isinstance(event, DisputeOpened):
            dispute = event.on
        elif isinstance(event, DisputeResolved) and dispute is not None:
            spans.append((dispute, event.on, "dispute"))
            dispute = None
    if dispute is not None:
        spans.append((dispute, max(today, dispute), "dispute"))
    return spans


def _curve(
    case: Case, policy: Policy, today: date, rates: RateBook | None
) -> tuple[list[date], list[float], date | None]:
    """The interest claimable on sampled days up to *today*, and the first day not covered."""
    if today <= case.due_on:
        return [], [], None
    span = (today - case.due_on).days
    step = max(1, -(-span // MAX_POINTS))  # ceiling division
    days = [case.due_on + timedelta(days=offset) for offset in range(0, span, step)]
    days.append(today)
    xs: list[date] = []
    ys: list[float] = []
    for day in days:
        try:
            interest = claim_amounts(case, policy, day, rates=rates).interest
        except RateUnavailable:
            return xs, ys, day
        xs.append(day)
        ys.append(float(interest))  # float ok: display only
    return xs, ys, None


def plot_case(
    case: Case,
    policy: Policy,
    *,
    today: date,
    rates: RateBook | None = None,
    locale: str = DEFAULT_LOCALE,
) -> Figure:
    """
    One case's timeline: steps done and planned, pauses, the formal notice and its deadline,
    and the late-payment interest accrued day after day.

    The upper panel places each step on the row of its stage: the steps recorded (filled
    markers, ``gid="steps_done"``) and those :func:`~dunning_core.machine.timeline` still plans
    (hollow markers, ``gid="steps_planned"``); the pauses (promise, *échéancier*, dispute) are
    shaded (``gid="pause"``); the due date, the *mise en demeure* and the end of its deadline are
    vertical lines (``gid="due_on"``, ``gid="formal_notice"``, ``gid="deadline"``); *today* is a
    dotted line (``gid="today"``).  The lower panel
    is the interest claimable on each day up to *today*
    (:func:`~dunning_core.machine.claim_amounts`, ``gid="penalties"``), cut short where the
    rate tables end.

    Args:
        case: the case.
        policy: the policy (its steps, the formal notice's deadline, the penalty basis).
        today: the day the picture is drawn for.
        rates: a :class:`~dunning_core.rates.RateBook` (default: the shipped tables).
        locale: the language of the titles, legends and labels (``fr_FR`` by default, ``en_GB``).

    Returns:
        A :class:`~matplotlib.figure.Figure` with two axes (steps, interest), shown as an
        image in a notebook.

    Raises:
        InvalidArgument: *case* is not a ``Case`` or *policy* not a ``Policy``.
        DateTypeError: *today* is not a ``date``.

    >>> from dunning_core.machine import Case
    >>> from dunning_core.policy import french_default
    >>> case = Case.open("F-1", "10000", date(2025, 3, 1), due_on=date(2025, 3, 31))
    >>> figure = plot_case(case, french_default(), today=date(2025, 4, 30))
    >>> len(figure.axes), figure.axes[1].lines[0].get_gid()
    (2, 'penalties')
    """
    require_case(case, policy)
    day = to_date(today, name="today")

    def t(message: str) -> str:
        return gettext(message, locale=locale)

    figure = _Figure(figsize=(10, 6), layout="constrained")
    steps_ax, money_ax = figure.subplots(2, 1, sharex=True, gridspec_kw={"height_ratios": (3, 2)})
    rank = {stage: index for index, stage in enumerate(_STAGES)}

    def row(name: str) -> int:
        stage = policy.step(name).stage if policy.has_step(name) else Stage.AMICABLE
        return rank.get(stage, 0)

    done = sorted(case.steps_done.items(), key=lambda item: (item[1], item[0]))
    planned = [(action.step.name, action.due_on) for action in timeline(case, policy)]
    for points, gid, style in (
        (done, "steps_done", {"marker": "o", "color": "tab:blue"}),
        (planned, "steps_planned", {"marker": "o", "color": "tab:gray", "fillstyle": "none"}),
    ):
        xs = [on for _, on in points]
        ys = [row(name) for name, _ in points]
        name = t(N_("étapes réalisées")) if gid == "steps_done" else t(N_("étapes prévues"))
        steps_ax.plot(xs, ys, linestyle="none", markersize=8, label=name, gid=gid, **style)
        for (name, on), level in zip(points, ys, strict=True):
            steps_ax.annotate(
                name,
                (mdates.date2num(on), level),  # type: ignore[no-untyped-call]
                xytext=(4, 6),
                textcoords="offset points",
                fontsize=7,
                rotation=30,
            )
    for start, end, what in _pauses(case, day):
        span = steps_ax.axvspan(start, end + _DAY, color="tab:orange", alpha=0.15, gid="pause")
        span.set_label(t(_PAUSES[what]))
    steps_ax.axvline(
        case.due_on, color="tab:gray", linewidth=1, label=t(N_("échéance")), gid="due_on"
    )
    notice = case.formal_notice
    if notice is not None:
        steps_ax.axvline(
            notice.on, color="tab:red", label=t(N_("mise en demeure")), gid="formal_notice"
        )
        deadline = case.notice_deadline(policy)
        if deadline is not None:
            steps_ax.axvline(
                deadline,
                color="tab:red",
                linestyle="--",
                label=t(N_("fin du délai")),
                gid="deadline",
            )
    steps_ax.axvline(day, color="black", linestyle=":", label=t(N_("aujourd'hui")), gid="today")
    stage_names = [label(stage, locale=locale) for stage in _STAGES]
    steps_ax.set_yticks(range(len(_STAGES)), stage_names, fontsize=8)
    steps_ax.set_ylim(-0.5, len(_STAGES) - 0.5)
    steps_ax.legend(loc="upper left", fontsize=8)
    steps_ax.set_title(
        _plain(
            gettext("Dossier %(reference)s : échéance %(due)s, situation au %(day)s", locale=locale)
            % {
                "reference": case.reference,
                "due": format_date(case.due_on, locale=locale),
                "day": format_date(day, locale=locale),
            }
        )
    )
    days, interest, stop = _curve(case, policy, day, rates)
    money_ax.plot(
        days, interest, color="tab:green", label=t(N_("intérêts de retard")), gid="penalties"
    )
    money_ax.axvline(day, color="black", linestyle=":")
    money_ax.yaxis.set_major_formatter(_amount_ticks(case.currency, locale))
    money_ax.set_ylabel(t(N_("intérêts cumulés")))
    if stop is not None:
        stopped = gettext("taux inconnus à partir du %(day)s : courbe arrêtée", locale=locale)
        money_ax.set_title(_plain(stopped % {"day": format_date(stop, locale=locale)}), fontsize=8)
    money_ax.xaxis.set_major_formatter(_date_ticks(locale))
    for tick in money_ax.get_xticklabels():
        tick.set_rotation(30)
    return figure


def _date_ticks(locale: str) -> FuncFormatter:
    """Days as *locale* writes them short (31/03/2026 in fr_FR and in en_GB)."""

    def tick(value: float, _position: object) -> str:
        day = mdates.num2date(value).date()  # type: ignore[no-untyped-call]
        return format_date(day, format="short", locale=locale)

    return FuncFormatter(tick)


def _bars(
    ax: Axes, labels: Iterable[str], amounts: list[float], counts: list[int], locale: str
) -> None:
    bars = ax.bar(list(labels), amounts, color="tab:blue")
    for bar in bars.patches:
        bar.set_gid("bucket")
    names = [
        ngettext("%(n)s fact.", "%(n)s fact.", count, locale=locale) % {"n": count}
        for count in counts
    ]
    ax.bar_label(bars, labels=names, fontsize=8)


def plot_ageing(ageing: Ageing, *, locale: str = DEFAULT_LOCALE) -> Figure:
    """
    A portfolio's ageing balance (*balance âgée*): the open balance per lateness bucket.

    One bar per :class:`~dunning_core.portfolio.AgeingBucket` (not due, 1–30, 31–60, 61–90,
    91+ days, the bands of C. com. D441-6; ``gid="bucket"``), labelled with its number of
    invoices.  Compute the value with :func:`~dunning_core.portfolio.ageing`.

    Args:
        ageing: an :class:`~dunning_core.portfolio.Ageing`.
        locale: the language of the title, labels and amounts (``fr_FR`` by default, ``en_GB``).

    Returns:
        A :class:`~matplotlib.figure.Figure` with one axes, shown as an image in a notebook.

    Raises:
        InvalidArgument: *ageing* is not an ``Ageing``.

    >>> from dunning_core.machine import Case
    >>> from dunning_core.portfolio import ageing
    >>> cases = [Case.open("F-1", "1000", date(2026, 1, 10), due_on=date(2026, 2, 9))]
    >>> figure = plot_ageing(ageing(cases, date(2026, 3, 31)))
    >>> [float(bar.get_height()) for bar in figure.axes[0].patches]  # float ok
    [0.0, 0.0, 1000.0, 0.0, 0.0]
    """
    instance_of(Ageing, accepted="an Ageing, from dunning_core.portfolio.ageing()")(
        "ageing", ageing
    )
    figure = _Figure(figsize=(8, 4), layout="constrained")
    ax = figure.subplots()
    rows = ageing.rows
    _bars(
        ax,
        [label(row.bucket, locale=locale) for row in rows],
        [float(row.amount) for row in rows],  # float ok: display only
        [row.count for row in rows],
        locale,
    )
    ax.yaxis.set_major_formatter(_amount_ticks(ageing.currency, locale))
    ax.set_ylabel(gettext("encours (%(currency)s)", locale=locale) % {"currency": ageing.currency})
    title = ngettext(
        "Balance âgée au %(day)s : %(n)s facture, %(amount)s",
        "Balance âgée au %(day)s : %(n)s factures, %(amount)s",
        ageing.count,
        locale=locale,
    ) % {
        "day": format_date(ageing.as_of, locale=locale),
        "n": ageing.count,
        "amount": format_money(ageing.total, ageing.currency, locale=locale),
    }
    ax.set_title(_plain(title))
    return figure
