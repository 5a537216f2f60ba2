"""
Benchmark: ``replay`` is linear in the number of events (DESIGN.md, "One source of rules").

The same kind of history at 1,000 and 8,000 events: disputes opened and resolved, promises to
pay, proofs recorded, in turn (every event through ``check``'s guards and rules, the pause spans
growing with the history).  The figure is the cost per event at 8,000 events over the cost per
event at 1,000, measured in the same run, interleaved, best of several rounds: about 1 when
recording an event costs the same whatever the history's length.  Measured on the 2 shared
cores of the development machine: 1.03 (33 and 34 µs per event); it was 2.97 (36 to 107 µs per
event) when each new case copied the history and the pause spans scanned it.  A plain fold (a list the events are appended to,
the pause spans kept in another) is printed beside it as the baseline of what one event can
cost::

    make bench
    # the figures alone:  .venv/bin/python benchmarks/bench_replay.py

The last test asserts the ratio stays under 1.5 (under ``make test``, ``--benchmark-disable``,
it replays both histories once and times nothing).
"""

from __future__ import annotations

import functools
import time
from datetime import date, timedelta
from typing import Any

from dunning_core.machine import (
    Case,
    DisputeOpened,
    DisputeResolved,
    Event,
    PromiseToPay,
    ProofRecorded,
    replay,
)
from dunning_core.policy import french_default

POLICY = french_default()
DUE = date(2025, 3, 31)
SMALL, LARGE = 1_000, 8_000
CEILING = 1.5  # per-event cost at LARGE over per-event cost at SMALL


@functools.cache
def history(size: int) -> tuple[Event, ...]:
    """An opening and *size* - 1 events: dispute, resolution, promise, proof, in turn."""
    events: list[Event] = [Case.open("F-1", "1000", date(2025, 3, 1), due_on=DUE).opening]
    day = DUE + timedelta(days=1)
    while len(events) < size:
        turn = len(events) % 4
        if turn == 1:
            events.append(DisputeOpened(day))
        elif turn == 2:
            events.append(DisputeResolved(day + timedelta(days=1)))
        elif turn == 3:
            events.append(PromiseToPay(day + timedelta(days=2), until=day + timedelta(days=3)))
        else:
            events.append(ProofRecorded(day + timedelta(days=3)))
            day += timedelta(days=4)
    return tuple(events)


def plain(events: tuple[Event, ...]) -> int:
    """The baseline: a fold that appends each event to a list and keeps the pause spans."""
    kept: list[Event] = []
    spans: list[tuple[date, date]] = []
    opened: date | None = None
    for event in events:
        kept.append(event)
        if isinstance(event, DisputeOpened):
            opened = event.on
        elif isinstance(event, DisputeResolved) and opened is not None:
            spans.append((opened, event.on))
            opened = None
        elif isinstance(event, PromiseToPay):
            spans.append((event.on, event.until))
    return len(kept) + len(spans)


def per_event(repeat: int = 5) -> dict[str, float]:
    """Best-of-*repeat* microseconds per event: replay and the plain fold, small and large."""
    best: dict[str, float] = {}
    for _ in range(repeat):  # interleaved, so that a noisy moment hits every figure
        for size in (SMALL, LARGE):
            events = history(size)
            runs = (
                ("replay", functools.partial(replay, events, POLICY)),
                ("plain", functools.partial(plain, events)),
            )
            for name, run in runs:
                start = time.perf_counter()
                run()
                micro = (time.perf_counter() - start) / size * 1e6
                key = f"{name} {size}"
                best[key] = min(best.get(key, micro), micro)
    return best


def test_bench_replay_small(benchmark: Any) -> None:
    benchmark.group = "replay"
    case = benchmark.pedantic(replay, args=(history(SMALL), POLICY), rounds=5, iterations=1)
    assert SMALL == len(case.events)


def test_bench_replay_large(benchmark: Any) -> None:
    benchmark.group = "replay"
    case = benchmark.pedantic(replay, args=(history(LARGE), POLICY), rounds=3, iterations=1)
    assert LARGE == len(case.events)


def test_replay_is_linear(benchmark: Any) -> None:
    """Per-event cost at 8,000 events / at 1,000 events stays under 1.5 (-s shows the figures)."""
    benchmark.group = "ratio"
    benchmark.pedantic(replay, args=(history(SMALL), POLICY), rounds=1, iterations=1)
    if benchmark.disabled:  # a smoke test under make test: nothing is timed
        return
    figures = per_event()
    ratio = figures[f"replay {LARGE}"] / figures[f"replay {SMALL}"]
    print("\n" + table(figures))
    assert ratio < CEILING


def table(figures: dict[str, float]) -> str:
    small, large = figures[f"replay {SMALL}"], figures[f"replay {LARGE}"]
    plain_small, plain_large = figures[f"plain {SMALL}"], figures[f"plain {LARGE}"]
    return "\n".join(
        [
            f"replay  {SMALL:>5} events  {small:7.2f} µs/event",
            f"replay  {LARGE:>5} events  {large:7.2f} µs/event",
            f"ratio   {LARGE} / {SMALL}  {large / small:7.2f} (per event; 1 = linear)",
            f"plain fold {SMALL:>5} / {LARGE:>5} events  {plain_small:.3f} / {plain_large:.3f} µs/event",
            f"replay / plain fold at {LARGE}  {large / plain_large:7.0f}",
        ]
    )


if __name__ == "__main__":
    print(table(per_event()))
