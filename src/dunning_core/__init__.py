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

from typing import TYPE_CHECKING, Any

from dunning_core.calendar import extend_deadline, french_holidays, is_business_day
from dunning_core.errors import (
    AmountTypeError,
    ArgumentTypeError,
    CurrencyMismatch,
    DateTypeError,
    DunningDeprecationWarning,
    DunningError,
    DunningWarning,
    IllegalTransition,
    InvalidAmount,
    InvalidArgument,
    InvalidDate,
    InvalidPayment,
    InvalidTerms,
    MissingExchangeRate,
    PolicyError,
    PortfolioError,
    ProvisionalAmounts,
    RateTableError,
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

if TYPE_CHECKING:  # loaded on first use (see __getattr__): type checkers see them here
    from dunning_core.letters import Letter, LetterKind, LetterTemplate, render

__all__ = [
    # errors (every public exception and warning, errors.__all__)
    "AmountTypeError",
    "ArgumentTypeError",
    "CurrencyMismatch",
    "DateTypeError",
    "DunningDeprecationWarning",
    "DunningError",
    "DunningWarning",
    "IllegalTransition",
    "InvalidAmount",
    "InvalidArgument",
    "InvalidDate",
    "InvalidPayment",
    "InvalidTerms",
    "PolicyError",
    "PortfolioError",
    "MissingExchangeRate",
    "ProvisionalAmounts",
    "RateTableError",
    "RateUnavailable",
    "SerializationError",
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


# Names whose module is imported on first use, as attrs and whenever do: letters (and with them
# babel's message catalogs and the templates) cost more to import than the rest of the package,
# and a pipeline that prices a ledger never writes a letter.
_LAZY: dict[str, str] = {
    "Letter": "dunning_core.letters",
    "LetterKind": "dunning_core.letters",
    "LetterTemplate": "dunning_core.letters",
    "render": "dunning_core.letters",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value  # once: the next lookup finds it as a plain global
        return value
    if name == "__version__":
        from importlib.metadata import version

        return version("dunning-core")
    raise AttributeError(f"module 'dunning_core' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*__all__, "__version__"])
