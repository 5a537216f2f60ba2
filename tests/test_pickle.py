"""
Every public value pickles and comes back equal: what a Dask worker receives (cases, policies,
rate books, frames of them) and what it sends back (actions, plans, breakdowns, letters, and the
library's errors, with their message and attributes).
"""

from __future__ import annotations

import inspect
import pickle
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

import dunning_core
from dunning_core import (
    Allocation,
    Case,
    DayCount,
    DebtorSegment,
    DunningError,
    EndOfMonth,
    IllegalTransition,
    InvalidAmount,
    Money,
    Payment,
    PaymentTerms,
    PenaltyBasis,
    PublicBuyer,
    Severity,
    Stage,
    ageing,
    apply,
    check_terms,
    default_rates,
    errors,
    french_default,
    late_penalties,
    next_actions,
    plan_portfolio,
    portfolio_report,
    read_portfolio,
)
from dunning_core.letters import Creditor, Debtor, LetterKind, default_template, render
from dunning_core.machine import ContactMade
from dunning_core.policy import Channel

TODAY = date(2026, 3, 16)
LEDGER = """invoice,record,date,amount,due_on,terms,segment,debtor,channel,step,until
F-42,invoice,2026-01-15,4800.00,,45 jours fin de mois,standard,Garage Colin,,,
F-17,invoice,2026-01-05,1250.00,2026-02-04,,high_risk,Cave Roux,,,
F-17,contact_made,2026-02-06,,,,,,phone,early_call,
F-17,promise_to_pay,2026-02-06,,,,,,,,2026-02-20
F-17,payment_received,2026-02-18,500.00,,,,,,,
F-99,invoice,2026-01-15,douze,,,,,,,
"""


def _back(value: object) -> Any:
    return pickle.loads(pickle.dumps(value))


def _error_classes() -> list[type[DunningError]]:
    return [
        kind
        for kind in (getattr(errors, name) for name in errors.__all__)
        if issubclass(kind, DunningError)
    ]


def test_every_error_class_is_covered() -> None:
    """The list below is the whole hierarchy (a new error cannot be forgotten)."""
    assert 18 <= len(_error_classes())
    assert DunningError in _error_classes()


@pytest.mark.parametrize("kind", _error_classes(), ids=lambda kind: kind.__name__)
def test_every_error_pickles_with_its_message_and_attributes(kind: type[DunningError]) -> None:
    """Built with a value per parameter, each error comes back with its type, text and data."""
    positional = [
        parameter
        for parameter in inspect.signature(kind.__init__).parameters.values()
        if parameter.name != "self" and parameter.kind is parameter.POSITIONAL_OR_KEYWORD
    ]
    error = kind(*[f"<{parameter.name}>" for parameter in positional] or ["the message"])
    back = _back(error)
    assert type(error) is type(back)
    assert (error.args, str(error), vars(error)) == (back.args, str(back), vars(back))
    assert isinstance(back, DunningError)


def test_errors_the_library_raises_pickle() -> None:
    """Errors as raised, with a case, an event, an article and a reason in their attributes."""
    policy = french_default()
    case = Case.open("F-1", "1000.00", date(2025, 3, 1), due_on=date(2025, 3, 31))
    raised: list[DunningError] = []
    with pytest.raises(InvalidAmount) as amount:
        late_penalties(Decimal("-1"), date(2025, 3, 31), TODAY)
    raised.append(amount.value)
    with pytest.raises(IllegalTransition) as transition:
        apply(case, ContactMade(date(2025, 2, 1), Channel.EMAIL, "reminder_email_1"), policy)
    raised.append(transition.value)
    for error in raised:
        back = _back(error)
        assert (type(error), str(error), error.args) == (type(back), str(back), back.args)
        assert vars(error).keys() == vars(back).keys()
    assert transition.value.stage == _back(transition.value).stage
    assert transition.value.why == _back(transition.value).why


def _values() -> list[object]:
    """An instance of every public value: what workers receive and send back."""
    policy = french_default()
    portfolio = read_portfolio(LEDGER)
    assert portfolio.errors  # the malformed row is part of what travels
    plan = plan_portfolio(portfolio.cases, policy, TODAY)
    (action,) = plan.actions
    case = Case.open("F-1", "1000.00", date(2025, 3, 1), due_on=date(2025, 3, 31))
    breakdown = late_penalties(
        Decimal("1000.00"),
        date(2025, 3, 31),
        date(2025, 9, 30),
        payments=[Payment(on=date(2025, 5, 2), amount=Decimal("100.00"))],
    )
    findings = check_terms(PaymentTerms.parse("90 jours"), issued_on=date(2026, 1, 1))
    assert findings
    creditor = Creditor(
        "ACME SAS", "1 rue de la Paix\n75002 Paris", iban="FR7630006000011234567890189"
    )
    debtor = Debtor("Client SARL", "3 place Bellecour\n69002 Lyon")
    letter = render(
        LetterKind.REMINDER_1, case, creditor=creditor, debtor=debtor, today=date(2025, 4, 7)
    )
    return [
        policy,
        policy.steps[0],
        case,
        case.events[0],
        next_actions(case, policy, date(2025, 5, 1))[0],
        portfolio,
        portfolio.errors[0],
        plan,
        plan.items[0],
        plan.items[0].status(),
        action,
        action.reasons[0],
        action.amounts(),
        portfolio_report(portfolio.cases, TODAY),
        ageing(portfolio.cases, TODAY),
        breakdown,
        breakdown.lines[0],
        breakdown.payments[0],
        breakdown.articles[0],
        *findings,
        PaymentTerms.parse("45 jours fin de mois"),
        Money("12.00", "EUR"),
        default_rates(),
        default_rates().assuming_unchanged(through=TODAY),
        PenaltyBasis.legal_plus(points=5),
        creditor,
        debtor,
        letter,
        default_template(LetterKind.FORMAL_NOTICE),
        # the enumerations
        DebtorSegment.PUBLIC_BODY,
        Channel.EMAIL,
        Stage.AMICABLE,
        Severity.WARNING,
        DayCount.ACT_ACT,
        Allocation.PRINCIPAL_FIRST,
        EndOfMonth.ADD_THEN_EOM,
        PublicBuyer.HEALTH,
        LetterKind.REMINDER_1,
    ]


def test_public_values_pickle_equal() -> None:
    """Each comes back equal, with the same repr."""
    for value in _values():
        back = _back(value)
        assert value == back, type(value).__name__
        assert repr(value) == repr(back), type(value).__name__


def test_every_public_class_has_an_instance_above() -> None:
    """The values above are of every class the package exports (errors apart: see above)."""
    exported = {
        getattr(dunning_core, name)
        for name in dunning_core.__all__
        if isinstance(getattr(dunning_core, name), type)
        and not issubclass(getattr(dunning_core, name), (Exception, Warning))
    }
    assert set() == {kind.__name__ for kind in exported} - {
        kind.__name__ for value in _values() for kind in type(value).__mro__
    }
