"""
Replay is linear (DESIGN.md, "One source of rules"), checked by counting work, never by timing.

Two counters: the lines of the library's Python code executed (a scan of the history per event
shows as lines growing with it), and the items the history's chains walk to build a tuple (a copy
of the history per event, which runs in C and executes no line, shows there).
"""

from __future__ import annotations

import copy
import pickle
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from types import FrameType
from typing import Any

import pytest
from benchmarks.bench_replay import history  # the benchmark's history, its work counted here

import dunning_core
from dunning_core.machine import (
    Case,
    Event,
    ProofRecorded,
    _case,
    apply,
    replay,
)
from dunning_core.policy import french_default
from dunning_core.serialize import from_json, to_json

POLICY = french_default()
PACKAGE = str(Path(dunning_core.__file__).parent)


def with_proofs(events: tuple[Event, ...], count: int) -> tuple[Event, ...]:
    """*events* and *count* proofs recorded after them, a day apart."""
    last = events[-1].on
    return events + tuple(ProofRecorded(last + timedelta(days=n)) for n in range(1, count + 1))


@contextmanager
def lines_run() -> Iterator[list[int]]:
    """Count the lines of the library executed inside the block (``sys.settrace``)."""
    if sys.gettrace() is not None:  # pragma: no cover - under a debugger or a tracing coverage
        pytest.skip("another tracer is installed")
    count = [0]

    def local(frame: FrameType, event: str, _arg: object) -> Any:
        if event == "line":
            count[0] += 1
        return local

    def tracer(frame: FrameType, _event: str, _arg: object) -> Any:
        return local if frame.f_code.co_filename.startswith(PACKAGE) else None

    sys.settrace(tracer)
    try:
        yield count
    finally:
        sys.settrace(None)


@contextmanager
def items_walked(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """Count the items the history's chains walk to build their tuples."""
    count = [0]
    original: Callable[..., tuple[Any, ...]] = _case._Chain.as_tuple

    def counting(self: Any) -> tuple[Any, ...]:
        built = original(self)
        count[0] += len(built)
        return built

    with monkeypatch.context() as patch:
        patch.setattr(_case._Chain, "as_tuple", counting)
        yield count


class TestReplayIsLinear:
    def test_lines_per_event_do_not_grow_with_the_history(self) -> None:
        """Replaying 4 times the events runs 4 times the lines (within 5 %), not 16 times."""
        small, large = history(300), history(1200)
        replay(small, POLICY)  # imports and caches warmed outside the count
        with lines_run() as first:
            replay(small, POLICY)
        with lines_run() as second:
            replay(large, POLICY)
        assert first[0] > 300
        assert second[0] / first[0] < 4 * 1.05

    def test_apply_copies_no_history(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Replaying never builds the events' tuple: each case extends the previous one's chain."""
        events = history(2000)
        with items_walked(monkeypatch) as walked:
            case = replay(events, POLICY)
            case = apply(case, ProofRecorded(case.last_on), POLICY)
        assert 0 == walked[0]
        assert 2001 == len(case.events)  # built when read, once
        assert events == case.events[:-1]

    def test_one_derivation_per_event(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Each applied event derives the new case once from the previous one (no refold)."""
        calls = [0]
        original = _case._advance

        def counting(*args: Any) -> None:
            calls[0] += 1
            original(*args)

        events = history(500)
        monkeypatch.setattr(_case, "_advance", counting)
        replay(events, POLICY)
        assert 499 == calls[0]

    def test_pauses_scan_the_spans_not_the_events(self) -> None:
        """The amicable phase's end costs the same after 100 or 2,000 proofs (the same spans)."""
        policy = POLICY
        few = replay(with_proofs(history(41), 100), policy)
        many = replay(with_proofs(history(41), 2000), policy)
        assert few.pauses() == many.pauses()
        with lines_run() as first:
            few.amicable_end(policy)
        with lines_run() as second:
            many.amicable_end(policy)
        assert first[0] == second[0]


class TestTheHistoryIsTheSameValue:
    def test_equal_hash_pickle_copy_json(self) -> None:
        """A case built event by event equals the one built from its tuples, in every form."""
        events = history(60)
        built = replay(events, POLICY)
        whole = Case(built.events, built.stages)
        fresh = replay(events, POLICY)  # its tuples not read yet
        assert fresh == whole
        assert hash(fresh) == hash(whole)
        again = replay(events, POLICY)
        for other in (
            pickle.loads(pickle.dumps(again)),
            copy.deepcopy(replay(events, POLICY)),
            copy.copy(replay(events, POLICY)),
            from_json(to_json(replay(events, POLICY))),
        ):
            assert whole == other
            assert (whole.payments, whole.proofs, whole.pauses()) == (
                other.payments,
                other.proofs,
                other.pauses(),
            )

    def test_derived_tuples_are_built_from_the_chains(self) -> None:
        """proofs, payments and credit notes read lazily hold the events of their kind."""
        case = replay(history(41), POLICY)
        assert tuple(e for e in case.events if isinstance(e, ProofRecorded)) == case.proofs
        assert () == case.payments == case.credit_notes
        assert 20 == len(case.pauses())  # 10 disputes and 10 promises, all closed
