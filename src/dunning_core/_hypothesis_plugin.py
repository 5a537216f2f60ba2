"""
Hypothesis entry point: ``st.from_type`` knows the public types of ``dunning_core``.

Registered in ``pyproject.toml`` under ``[project.entry-points.hypothesis]``; Hypothesis calls
:func:`register` when it is imported (set ``HYPOTHESIS_NO_PLUGINS`` to disable it).  Afterwards
``st.from_type(Case)``, ``st.from_type(Policy)``, ``st.from_type(PaymentReceived)``... and
``st.builds`` of user classes annotated with these types draw from :mod:`dunning_core.strategies`.

>>> from hypothesis import strategies as st
>>> from dunning_core.machine import Case
>>> register()
>>> st.from_type(Case).is_empty
False
"""

from __future__ import annotations

from typing import Any

__all__ = ["register"]


def register() -> None:
    """
    Register a strategy for each public value type of ``dunning_core``.

    ``Money``, ``PaymentTerms``, ``PenaltyBasis``, ``Policy``, ``Case``, ``Instalment`` and every
    event type of :data:`~dunning_core.machine.EVENT_TYPES` (standalone valid values; use
    :func:`~dunning_core.strategies.events` with ``case=`` for events that apply to a case).
    Calling it again registers the same strategies again, harmlessly.
    """
    from decimal import Decimal

    from hypothesis import strategies as st

    import dunning_core.strategies as ds
    from dunning_core.interest import PenaltyBasis
    from dunning_core.machine import EVENT_TYPES, Case, Instalment, InvoiceOpened
    from dunning_core.money import Money
    from dunning_core.policy import Policy
    from dunning_core.terms import PaymentTerms

    # Deferred: Hypothesis runs this hook while it is being imported, which may happen in the
    # middle of importing dunning_core.strategies itself (it imports hypothesis first).
    st.register_type_strategy(Money, st.deferred(lambda: ds.money()))
    st.register_type_strategy(PaymentTerms, st.deferred(lambda: ds.payment_terms()))
    st.register_type_strategy(PenaltyBasis, st.deferred(lambda: ds.penalty_bases()))
    st.register_type_strategy(Policy, st.deferred(lambda: ds.policies()))
    st.register_type_strategy(Case, st.deferred(lambda: ds.cases()))
    st.register_type_strategy(InvoiceOpened, st.deferred(lambda: ds.invoice_openings()))
    st.register_type_strategy(
        Instalment,
        st.deferred(
            lambda: st.builds(Instalment, ds.dates(), ds.amounts(min_value=Decimal("0.01")))
        ),
    )

    def standalone(kind: type[Any]) -> st.SearchStrategy[Any]:
        return st.deferred(lambda: ds._any_event(kind))

    for event_type in EVENT_TYPES:
        if event_type is not InvoiceOpened:
            st.register_type_strategy(event_type, standalone(event_type))
