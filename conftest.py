"""Shared test configuration (tests, doctests in src/ and docs/): hypothesis profiles.

``ci`` (used by ``make test``) is derandomized and sized for the 10-minute budget on 2 cores;
``thorough`` (``make thorough``) runs many more examples for local runs; ``mutation`` is ``ci`` for
``make mutation``; ``dev`` is hypothesis' default with no deadline.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    derandomize=True,
    max_examples=60,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
# ``mutation`` (``make mutation``): derandomized like ``ci`` with fewer examples (each of some
# thousands of mutants re-runs the tests), no example database (a mutant's failure must not be
# replayed against the next mutant), and pytest is re-run in one process by mutmut.
settings.register_profile(
    "mutation",
    parent=settings.get_profile("ci"),
    max_examples=25,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.differing_executors],
)
settings.register_profile("dev", deadline=None)
settings.register_profile(
    "thorough",
    max_examples=2_000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

# The `dunning` command reads a per-user rate file when there is one (docs/rates.md): the tests and
# doctests never read the developer's own file; a test that wants one sets DUNNING_RATES_FILE.
os.environ["DUNNING_RATES_FILE"] = ""


@pytest.fixture(autouse=True)
def _french_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI speaks the environment's language: tests run without one (French), whatever the
    machine's LANG; a test that wants English says so."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)


if os.environ.get("HYPOTHESIS_PROFILE") == "mutation":

    @pytest.fixture(autouse=True)
    def _cold_caches() -> None:
        """Under ``make mutation``, each test starts with the mutated modules' caches empty.

        mutmut runs every mutant in a process forked after a clean run of the tests, so what the
        modules cached then (a currency's minor unit, a rate book's half-years, a compiled rate
        schedule, the reference maxima of payment terms) would hide the mutants of the code that
        fills the caches.
        """
        from dunning_core import interest, terms

        interest._unit_of.cache_clear()
        interest._HALF_YEARS.clear()
        interest._COMPILED.clear()
        terms._reference_maxima.cache_clear()
        terms._worst_case.cache_clear()
