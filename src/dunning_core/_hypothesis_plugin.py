"""
Hypothesis entry point: ``st.from_type`` knows the public types of ``dunning_core``.

Registered in ``pyproject.toml`` under ``[project.entry-points.hypothesis]``; Hypothesis calls
:func:`register` when it is imported (set ``HYPOTHESIS_NO_PLUGINS`` to disable it).
"""

from __future__ import annotations

__all__ = ["register"]


def register() -> None:
    """Register a strategy for each public value type of ``dunning_core``."""
    from hypothesis import strategies as st

    import dunning_core.strategies as ds
    from dunning_core.money import Money

    st.register_type_strategy(Money, ds.money())
