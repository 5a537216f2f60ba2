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

from dunning_core.errors import (
    DunningError,
    DunningWarning,
)
from dunning_core.law import Article
from dunning_core.money import Money

__all__ = [
    # errors
    "DunningError",
    "DunningWarning",
    # law
    "Article",
    # money
    "Money",
]


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from importlib.metadata import version

        return version("dunning-core")
    raise AttributeError(f"module 'dunning_core' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*__all__, "__version__"])
