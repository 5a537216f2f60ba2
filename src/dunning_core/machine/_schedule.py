"""
The planner's timing rules, written once and evaluated on one case or on columns of cases.

Each rule is a small function of an :class:`Ops` value and of days: :data:`SCALAR` evaluates it
on one case (``datetime.date`` values, Python ``max``, ``timedelta`` days), and the columnar
planner (:func:`dunning_core.frames.plan_frame`) on numpy columns of day numbers
(``numpy.maximum``, ``numpy.where``, plain integers).  The body of a rule uses only operations
valid on both (comparisons, ``+``, ``&``, ``|`` and the operations of *ops*), so the scalar
planner (:func:`~dunning_core.machine.next_actions`) and the columnar one cannot drift: change a
rule here and both change.

What is not a rule of this module stays where it is: the legality of each event is the
transition table's (:mod:`dunning_core.machine._rules`), and the few derived dates that rest on
the calendar (a formal notice's deadline, business days, the time limit) are computed by one
function each and, on columns, evaluated once per distinct date.

>>> from datetime import date
>>> step_day(SCALAR, date(2025, 3, 31) + SCALAR.days(-5), date(2025, 3, 31), False)
datetime.date(2025, 4, 1)
>>> after_gap(SCALAR, date(2025, 4, 5), date(2025, 4, 4), 3)
datetime.date(2025, 4, 7)
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any, Final, final

import attrs

from dunning_core.policy import Policy, Stage

__all__ = [
    "AMICABLE_RANK",
    "FORMAL_NOTICE_RANK",
    "LITIGATION_RANK",
    "PREVENTIVE_RANK",
    "SCALAR",
    "Ops",
    "after_gap",
    "after_notice_deadline",
    "after_pause",
    "amicable_over",
    "capped",
    "effective_rank",
    "gap_days",
    "notice_by_amicable_end",
    "pause_holds",
    "pause_length",
    "pause_overlaps",
    "penalty_claim_day",
    "preventive_over",
    "resumes_on",
    "step_day",
    "target_rank",
    "target_stage",
]

PREVENTIVE_RANK: Final = Stage.PREVENTIVE.rank
AMICABLE_RANK: Final = Stage.AMICABLE.rank
FORMAL_NOTICE_RANK: Final = Stage.FORMAL_NOTICE.rank
LITIGATION_RANK: Final = Stage.LITIGATION.rank


def _choose(condition: Any, then: Any, otherwise: Any) -> Any:
    return then if condition else otherwise


def _timedelta(count: int) -> timedelta:
    return timedelta(days=count)


@final
@attrs.frozen
class Ops:
    """
    The operations a rule may use beyond comparisons and ``+``: on one case or on columns.

    Attributes:
        maximum: the larger of two days (``max``; ``numpy.maximum``).
        minimum: the smaller of two days (``min``; ``numpy.minimum``).
        where: ``where(condition, a, b)``: *a* where *condition* holds, else *b*.
        days: a count of days as something added to a day (``timedelta``; the integer).
        count: the number of days of a difference of two days (``timedelta.days``; itself).
    """

    maximum: Callable[[Any, Any], Any]
    minimum: Callable[[Any, Any], Any]
    where: Callable[[Any, Any, Any], Any]
    days: Callable[[int], Any]
    count: Callable[[Any], Any] = attrs.field(default=lambda span: span)


def _span_days(span: timedelta) -> int:
    return span.days


SCALAR: Final = Ops(max, min, _choose, _timedelta, _span_days)
"""The rules on one case: ``datetime.date`` days, ``timedelta`` counts, Python ``max``."""


def gap_days(policy: Policy) -> int:
    """Days between two contacts of a case: the policy's minimum gap, at least one (one a day)."""
    return policy.min_gap_days or 1


def effective_rank(ops: Ops, rank: Any, today: Any, due_on: Any) -> Any:
    """
    The rank of a case's stage on *today*: a preventive case is amicable once its due date has
    passed (:meth:`~dunning_core.machine.Case.stage_on`).
    """
    return ops.where((rank == PREVENTIVE_RANK) & (today > due_on), AMICABLE_RANK, rank)


def target_rank(ops: Ops, rank: Any, step_rank: Any) -> Any:
    """
    The stage (as a rank) a contact or a formal notice leads to: the step's stage when it is
    further than the case's, else the case's (the stage never goes back).
    """
    return ops.maximum(rank, step_rank)


_OPEN_BY_RANK: Final = {stage.rank: stage for stage in Stage if not stage.terminal}


def target_stage(stage: Stage, step_stage: Stage) -> Stage:
    """:func:`target_rank` on one case, as a :class:`~dunning_core.policy.Stage`."""
    return _OPEN_BY_RANK.get(target_rank(SCALAR, stage.rank, step_stage.rank), stage)


def step_day(ops: Ops, on: Any, due_on: Any, preventive: Any) -> Any:
    """
    The day a step falls, from its day by the schedule (*on*): a step that is not preventive
    comes no earlier than the day after the due date (the debt is due from then, C. civ. 1344).
    """
    return ops.where(preventive, on, ops.maximum(on, due_on + ops.days(1)))


def notice_by_amicable_end(ops: Ops, on: Any, amicable_end: Any) -> Any:
    """The formal notice is due the day after the amicable phase ends, if that is earlier."""
    return ops.minimum(on, amicable_end + ops.days(1))


def after_gap(ops: Ops, on: Any, last_contact_on: Any, gap: int) -> Any:
    """A contact comes at least *gap* days after the last contact (:func:`gap_days`)."""
    return ops.maximum(on, last_contact_on + ops.days(gap))


def after_pause(ops: Ops, on: Any, pause_end: Any) -> Any:
    """After a pause (promise, payment plan, dispute), escalation resumes when it ended."""
    return ops.maximum(on, pause_end)


def after_notice_deadline(ops: Ops, deadline: Any, extra: int) -> Any:
    """
    A hand-over or a claim comes the day after the formal notice's deadline, plus the days its
    step comes after the first of them in the schedule (*extra*).
    """
    return deadline + ops.days(1 + extra)


def amicable_over(ops: Ops, on: Any, today: Any, amicable_end: Any) -> Any:
    """An amicable reminder falling (or seen from *today*) after the amicable phase is skipped."""
    return ops.maximum(on, today) > amicable_end


def preventive_over(ops: Ops, on: Any, today: Any, due_on: Any) -> Any:
    """A preventive step falling (or seen from *today*) after the due date is skipped."""
    return ops.maximum(on, today) > due_on


def pause_holds(ops: Ops, first: Any, last: Any, day: Any) -> Any:
    """
    Whether a pause from *first* to *last* holds escalation on *day*: a promise to pay up to
    the promised day, an open dispute (its last day: none, after every day).
    """
    return (first <= day) & (day <= last)


def resumes_on(ops: Ops, last: Any) -> Any:
    """
    The day escalation resumes after a pause whose last day was *last*: the day after it (a
    broken promise; a dispute's last day is the day before its resolution).
    """
    return last + ops.days(1)


def pause_overlaps(ops: Ops, start: Any, end: Any, first: Any, last: Any) -> Any:
    """Whether a pause from *first* to *last* falls in the amicable phase (*start* to *end*)."""
    return (last >= start) & (first <= end)


def pause_length(ops: Ops, start: Any, first: Any, last: Any) -> Any:
    """
    The days a pause adds to the amicable phase that started on *start*: its days from the
    start of the phase on (DESIGN: pauses extend the phase by their length).
    """
    return ops.count(last - ops.maximum(first, start)) + 1


def penalty_claim_day(ops: Ops, cleared: Any, offset: int, term: int | None = None) -> Any:
    """
    The day the penalty claim is due once the principal is paid while the case is open: *offset*
    days (its step's) after the last payment or credit note, *cleared* (C. com. L441-10); for a
    public buyer, which has *term* days from then to pay the interest and the indemnity (CCP
    R2192-36), no earlier than the day after that term.
    """
    on = cleared + ops.days(offset)
    if term is None:
        return on
    return ops.maximum(on, cleared + ops.days(term + 1))


def capped(count: Any, limit: int) -> Any:
    """A reminder whose (stage, channel) already has *limit* contacts is skipped (the cap)."""
    return count >= limit
