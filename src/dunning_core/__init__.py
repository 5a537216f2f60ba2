"""
dunning_core: invoice dunning and French late-payment law, pure and deterministic.

Decide what to do next about an unpaid invoice and what the debtor owes for being late,
citing the article of law behind every rule.  Nothing here reads the clock, the network or
the environment: ``today`` is always a parameter.

>>> import dunning_core
>>> dunning_core.DunningError.__name__
'DunningError'
"""

from __future__ import annotations

from typing import Any

from dunning_core.calendar import extend_deadline, french_holidays, is_business_day
from dunning_core.errors import (
    ArgumentTypeError,
    DunningError,
    DunningWarning,
    IllegalTransition,
    InvalidAmount,
    InvalidDate,
    InvalidPayment,
    InvalidTerms,
    PolicyError,
    PortfolioError,
    ProvisionalAmounts,
    RateUnavailable,
    SerializationError,
    TemplateError,
)
from dunning_core.interest import (
    Allocation,
    DayCount,
    Payment,
    PenaltyBasis,
    PenaltyBreakdown,
    late_penalties,
)
from dunning_core.law import Article, Finding, Severity
from dunning_core.letters import Letter, LetterKind, LetterTemplate, render
from dunning_core.machine import (
    Action,
    Case,
    Event,
    apply,
    check,
    next_actions,
    replay,
    timeline,
)
from dunning_core.money import Money
from dunning_core.policy import Channel, DebtorSegment, Policy, Stage, Step, french_default
from dunning_core.portfolio import PortfolioReport, ageing, cei, dso, portfolio_report
from dunning_core.portfolio_io import (
    Portfolio,
    PortfolioPlan,
    plan_portfolio,
    read_portfolio,
)
from dunning_core.rates import DATA_AS_OF, RateBook, default_rates
from dunning_core.serialize import from_json, to_json
from dunning_core.terms import EndOfMonth, PaymentTerms, PublicBuyer, check_terms, due_date

__all__ = [
    # errors
    "ArgumentTypeError",
    "DunningError",
    "DunningWarning",
    "IllegalTransition",
    "InvalidAmount",
    "InvalidDate",
    "InvalidPayment",
    "InvalidTerms",
    "PolicyError",
    "ProvisionalAmounts",
    "RateUnavailable",
    "SerializationError",
    "PortfolioError",
    "TemplateError",
    # law
    "Article",
    "Finding",
    "Severity",
    # money
    "Money",
    # calendar
    "extend_deadline",
    "french_holidays",
    "is_business_day",
    # rates
    "DATA_AS_OF",
    "RateBook",
    "default_rates",
    # terms
    "EndOfMonth",
    "PaymentTerms",
    "PublicBuyer",
    "check_terms",
    "due_date",
    # interest
    "Allocation",
    "DayCount",
    "Payment",
    "PenaltyBasis",
    "PenaltyBreakdown",
    "late_penalties",
    # policy
    "Channel",
    "DebtorSegment",
    "Policy",
    "Stage",
    "Step",
    "french_default",
    # machine
    "Action",
    "Case",
    "Event",
    "apply",
    "check",
    "next_actions",
    "replay",
    "timeline",
    # serialize
    "from_json",
    "to_json",
    # portfolio files and plans
    "Portfolio",
    "PortfolioPlan",
    "plan_portfolio",
    "read_portfolio",
    # letters
    "Letter",
    "LetterKind",
    "LetterTemplate",
    "render",
    # portfolio analytics
    "PortfolioReport",
    "ageing",
    "cei",
    "dso",
    "portfolio_report",
]


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from importlib.metadata import version

        return version("dunning-core")
    raise AttributeError(f"module 'dunning_core' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*__all__, "__version__"])
