"""Every public value of the machine pickles and deep-copies to an equal value."""

from __future__ import annotations

import copy
import pickle
from datetime import date, timedelta

from hypothesis import given, settings

from dunning_core.machine import (
    Case,
    ClaimFiled,
    Missing,
    check,
    claim_checklist,
    next_actions,
    timeline,
)
from dunning_core.policy import Policy, french_default
from dunning_core.portfolio import portfolio_report
from dunning_core.strategies import cases, events, policies

POLICY = french_default()


def _roundtrips(value: object) -> None:
    assert value == pickle.loads(pickle.dumps(value))
    assert value == copy.deepcopy(value)
    assert repr(value) == repr(copy.deepcopy(value))


@settings(max_examples=25)
@given(policies())
def test_policies(policy: Policy) -> None:
    """A policy's derived tables are rebuilt when it is unpickled."""
    _roundtrips(policy)
    again = pickle.loads(pickle.dumps(policy))
    segment = next(iter(policy.steps[0].segments))
    assert again.schedule(segment) == policy.schedule(segment)


@settings(max_examples=25)
@given(cases(policy=POLICY))
def test_cases_and_what_they_derive(case: Case) -> None:
    """Cases, their actions, timelines, checklists and verdicts pickle and deep-copy."""
    _roundtrips(case)
    again = pickle.loads(pickle.dumps(case))
    assert (again.contacts, again.steps_done, again.balance) == (
        case.contacts,
        case.steps_done,
        case.balance,
    )
    day = case.last_on + timedelta(days=30)
    for action in (*next_actions(case, POLICY, day), *timeline(case, POLICY)):
        _roundtrips(action)
    for item in claim_checklist(case, day, POLICY):
        _roundtrips(item)
    _roundtrips(check(case, ClaimFiled(day), POLICY))


@settings(max_examples=40)
@given(events())
def test_events(event: object) -> None:
    """Every event pickles and deep-copies."""
    _roundtrips(event)


def test_portfolio_report_and_missing() -> None:
    """A portfolio report holding cases pickles; a Missing value too."""
    case = Case.open("F-1", "1200", date(2025, 1, 2), due_on=date(2025, 2, 1))
    _roundtrips(portfolio_report([case], date(2025, 6, 1)))
    _roundtrips(claim_checklist(case, date(2025, 6, 1), POLICY)[0])
    assert isinstance(claim_checklist(case, date(2025, 6, 1), POLICY)[0], Missing)


def test_case_mappings_stay_read_only() -> None:
    """The derived mappings refuse writes, before and after a pickle round trip."""
    case = Case.open("F-1", "1200", date(2025, 1, 2), due_on=date(2025, 2, 1))
    for mapping in (case.contacts, pickle.loads(pickle.dumps(case)).steps_done):
        try:
            mapping["x"] = 1  # type: ignore[index]
        except TypeError:
            pass
        else:  # pragma: no cover - the failure branch
            raise AssertionError("a Case mapping accepted a write")
