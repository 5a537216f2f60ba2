"""
The caller's decimal context never changes a result: every module computes in money.CONTEXT.

Each check computes a value under the default context, then again under hostile contexts (six
digits and truncation, a tiny exponent range), and compares.  Amounts are large so that six digits
would visibly round them.
"""

from __future__ import annotations

import decimal
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from dunning_core.format import format_money, format_percent
from dunning_core.letters import Creditor, Debtor, LetterKind, render
from dunning_core.machine import Case, PaymentReceived, apply, claim_amounts
from dunning_core.money import Money
from dunning_core.policy import french_default
from dunning_core.portfolio import portfolio_report
from dunning_core.portfolio_io import plan_portfolio, read_portfolio, sample_portfolio_text

HOSTILE = (
    decimal.Context(prec=6, rounding=decimal.ROUND_DOWN),
    decimal.Context(prec=4, rounding=decimal.ROUND_CEILING, Emax=12, Emin=-12),
)
TODAY = date(2026, 3, 31)


def _big_case() -> Case:
    case = Case.open("F-BIG", "123456789.12", date(2025, 3, 1), due_on=date(2025, 3, 31))
    return apply(case, PaymentReceived(date(2025, 6, 2), "23456789.01"), french_default())


def _letter() -> Any:
    creditor = Creditor(
        "ACME SAS", "1 rue de la Paix\n75002 Paris", iban="FR7630006000011234567890189"
    )
    debtor = Debtor("Client SARL", "3 place Bellecour\n69002 Lyon")
    letter = render(
        LetterKind.FORMAL_NOTICE,
        _big_case(),
        creditor=creditor,
        debtor=debtor,
        today=date(2025, 8, 14),
    )
    return (letter.text, letter.html, letter.amounts)


def _report() -> Any:
    cases = (*read_portfolio(sample_portfolio_text()).cases, _big_case())
    report = portfolio_report(cases, TODAY, currency="EUR")
    return (str(report), report.as_dict(), report.to_html())


def _plan() -> Any:
    cases = (*read_portfolio(sample_portfolio_text()).cases, _big_case())
    plan = plan_portfolio(cases, french_default(), TODAY)
    return [(row.case.reference, row.amounts()) for row in plan.overdue()]


CHECKS: dict[str, Callable[[], Any]] = {
    "Money arithmetic": lambda: Money("123456789.12") - Money("0.01") + Money("1000000"),
    "format_money": lambda: format_money("123456789.125", "EUR"),
    "format_percent": lambda: format_percent("12.123456789"),
    "claim_amounts": lambda: claim_amounts(_big_case(), french_default(), date(2025, 12, 1)),
    "render": _letter,
    "portfolio_report": _report,
    "plan_portfolio amounts": _plan,
}


@pytest.fixture(params=range(len(HOSTILE)), ids=["prec6-down", "prec4-emax12"])
def hostile(request: pytest.FixtureRequest) -> decimal.Context:
    return HOSTILE[request.param]


@pytest.mark.parametrize("name", sorted(CHECKS))
def test_same_result_under_a_hostile_context(name: str, hostile: decimal.Context) -> None:
    expected = CHECKS[name]()
    with decimal.localcontext(hostile):
        assert CHECKS[name]() == expected
