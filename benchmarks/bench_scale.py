"""
Benchmark: the Dask recipe of ``docs/scale.md`` in one process and on 1 and 2 local workers.

The code measured is the page's own (its ``python`` blocks, executed as a reader would): a
Parquet ledger written by ``write_ledger`` in partitions of 250,000 invoices, priced with
``price_ledger`` (``penalties_frame`` per partition) and planned with ``plan_ledger``
(``plan_frame`` per partition).  Each figure is the wall time of one ``compute()``, cluster
start-up excluded, in three set-ups measured in the same run and interleaved, twice each so
that the noise shows:

* one process without workers: Dask's synchronous scheduler, the partitions one after the
  other in the calling thread (the baseline: what the same code costs without a cluster);
* a ``LocalCluster`` of 1 worker process, one thread (its imports done before the clock
  starts);
* a ``LocalCluster`` of 2 worker processes, one thread each;
* the same 2 workers in Dask's default environment (``MALLOC_TRIM_THRESHOLD_=65536``, which the
  page's ``WORKERS_ENVIRONMENT`` unsets for the others).

The one-minute load average of the machine is read before and after each figure and printed
beside it (on a shared machine a second worker only helps when a core is idle)::

    make bench
    # the table alone:  nice -n 19 .venv/bin/python benchmarks/bench_scale.py [sizes...]

Under ``make test`` (``--benchmark-disable``) this runs on 2,000 invoices with in-process
workers as a smoke test.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("dask.distributed")
pytest.importorskip("pyarrow")

import dask
from dask.distributed import Client, LocalCluster

from dunning_core import french_default

PAGE = Path(__file__).resolve().parent.parent / "docs" / "scale.md"
TODAY = date(2026, 3, 16)
PARTITION = 250_000
# workers; 0: one process, Dask's synchronous scheduler; -2: 2 workers, Dask's default environment
SETUPS = (0, 1, 2, -2)


def recipe() -> dict[str, Any]:
    """The namespace of the page's ``python`` blocks."""
    namespace: dict[str, Any] = {"__name__": "scale_recipe"}
    for block in re.findall(r"```python\n(.*?)```", PAGE.read_text(encoding="utf-8"), re.DOTALL):
        exec(compile(block, str(PAGE), "exec"), namespace)
    return namespace


@contextmanager
def scheduler(code: dict[str, Any], workers: int, processes: bool) -> Iterator[None]:
    """
    Dask's synchronous scheduler (*workers* 0) or a local cluster of *workers* workers (in Dask's
    default environment when negative, else in the page's ``WORKERS_ENVIRONMENT``).
    """
    if not workers:
        with dask.config.set(scheduler="synchronous"):
            yield
        return
    environment = dict(os.environ)  # the nanny leaks its workers' variables into this process
    try:
        with (
            dask.config.set({} if workers < 0 else code["WORKERS_ENVIRONMENT"]),
            LocalCluster(
                n_workers=abs(workers),
                threads_per_worker=1,
                processes=processes,
                dashboard_address=":0",  # any free port: 8787 may be taken by another cluster
            ) as cluster,
            Client(cluster) as client,
        ):
            # start-up excluded: each worker imports what the tasks need before the clock starts
            client.run(exec, "import dask.dataframe, pyarrow.parquet, dunning_core.frames")
            yield
    finally:
        os.environ.clear()
        os.environ.update(environment)


def timed(
    code: dict[str, Any], path: Path, workers: int, *, plan: bool, processes: bool = True
) -> tuple[float, float, float]:
    """Seconds for one compute() of the pricing (or the planning), and the load before and after."""
    with scheduler(code, workers, processes):
        before = os.getloadavg()[0]
        started = time.perf_counter()
        if plan:
            code["plan_ledger"](path, french_default(), TODAY)["step"].count().compute()
        else:
            code["price_ledger"](path, TODAY)["lines"].sum().compute()
        return time.perf_counter() - started, before, os.getloadavg()[0]


def figures(sizes: list[int], runs: int = 2, processes: bool = True) -> str:
    """A Markdown table: per size and work, each set-up's seconds per run, the load averages."""
    code = recipe()
    rows = [
        (
            "| work | invoices | one process s | 1 worker s | 2 workers s | 1 / 2 "
            "| 2 workers, Dask's default s | load average |"
        ),
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    with tempfile.TemporaryDirectory() as folder:
        for size in sorted(sizes):
            path = Path(folder) / f"ledger-{size}"
            code["write_ledger"](path, size, max(1, size // PARTITION), TODAY)
            for plan in (False, True):
                seconds: dict[int, list[float]] = {workers: [] for workers in SETUPS}
                loads: list[float] = []
                for _ in range(runs):
                    for workers in SETUPS:
                        took, *load = timed(code, path, workers, plan=plan, processes=processes)
                        seconds[workers].append(took)
                        loads.extend(load)
                cells = {w: " / ".join(f"{s:.1f}" for s in seconds[w]) for w in SETUPS}
                ratios = " / ".join(
                    f"{one / two:.2f}" for one, two in zip(seconds[1], seconds[2], strict=True)
                )
                work = "planning" if plan else "pricing"
                rows.append(
                    f"| {work} | {size:,} | {cells[0]} | {cells[1]} | {cells[2]} | {ratios} "
                    f"| {cells[-2]} | {min(loads):.1f}–{max(loads):.1f} |"
                )
    return "\n".join(rows)


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@pytest.mark.filterwarnings("ignore::ResourceWarning")
def test_scale(benchmark: Any) -> None:
    """One process, 1 and 2 workers (printed; run with -s); 2,000 invoices as a smoke test."""
    benchmark.group = "scale"
    benchmark(lambda: None)  # so that --benchmark-only runs this test
    if benchmark.disabled:
        table = figures([2_000], runs=1, processes=False)
        assert "| pricing | 2,000 |" in table
        assert "| planning | 2,000 |" in table
        return
    print("\n" + figures([1_000_000, 10_000_000]))


if __name__ == "__main__":
    print(figures([int(s) for s in sys.argv[1:]] or [1_000_000, 10_000_000]))
