"""Every exception is a DunningError and the builtin it resembles, and carries its data."""

from __future__ import annotations

import inspect

import pytest

from dunning_core import errors


def _exceptions() -> list[type[BaseException]]:
    return [
        obj
        for _, obj in inspect.getmembers(errors, inspect.isclass)
        if issubclass(obj, BaseException)
        and not issubclass(obj, Warning)
        and obj is not errors.DunningError
    ]


@pytest.mark.parametrize("cls", _exceptions(), ids=lambda c: c.__name__)
def test_rooted_and_builtin(cls: type[BaseException]) -> None:
    """Each exception subclasses DunningError and a builtin other than Exception."""
    assert issubclass(cls, errors.DunningError)
    builtin_bases = {
        b
        for b in cls.__mro__
        if b.__module__ == "builtins" and b not in (Exception, BaseException, object)
    }
    assert builtin_bases, f"{cls.__name__} subclasses no builtin error"


def test_every_exception_is_exported() -> None:
    assert {c.__name__ for c in _exceptions()} | {
        "DunningError",
        "DunningWarning",
        "DunningDeprecationWarning",
    } == set(errors.__all__)


def test_rate_unavailable_names_period_and_fix() -> None:
    e = errors.RateUnavailable("statutory", "2026-H2", "pass rates=... with the new half-year")
    assert isinstance(e, LookupError)
    assert "2026-H2" in str(e)
    assert "rates=" in str(e)
    assert ("statutory", "2026-H2") == (e.series, e.period)


def test_illegal_transition_carries_its_data() -> None:
    e = errors.IllegalTransition("formal_notice", "ContactMade", "no way back", None)
    assert ("formal_notice", "no way back") == (e.stage, e.reason)
    assert "no way back" in str(e)


def test_a_due_date_after_the_last_day_carries_its_data() -> None:
    """The terms and the invoice date, as data for the reader's sentence (and through pickle)."""
    import pickle
    from datetime import date

    from dunning_core.terms import PaymentTerms, due_date

    terms = PaymentTerms.parse("60 jours")
    with pytest.raises(errors.InvalidDate) as caught:
        due_date(terms, date(9999, 12, 20))
    error = pickle.loads(pickle.dumps(caught.value))
    assert "due_after_last_day" == error.code
    assert {"terms": terms, "issued": date(9999, 12, 20), "last": date.max} == dict(error.params)
    assert "would fall after 9999-12-31" in str(error)  # the developer's message is kept
