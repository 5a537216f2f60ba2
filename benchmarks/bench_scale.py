"""
Benchmark: the Dask recipe of ``docs/scale.md`` with 1 and 2 local workers, 1M to 10M invoices.

The code measured is the page's own (its ``python`` blocks, executed as a reader would): a
Parquet ledger written by ``write_ledger`` in partitions of 250,000 invoices, priced with
``price_ledger`` (``penalties_frame`` per partition) and planned with ``plan_ledger`` (the scalar
planner, case by case).  Each figure is the wall time of one ``compute()`` on a ``LocalCluster``
of 1 or 2 worker processes with one thread each, cluster start-up excluded::

    make bench
    # the table alone:  .venv/bin/python benchmarks/bench_scale.py [sizes...]

Under ``make test`` (``--benchmark-disable``) this runs on 2,000 invoices with in-process
workers as a smoke test.
"""

from __future__ import annotations

import re
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("dask.distributed")
pytest.importorskip("pyarrow")

from dask.distributed import Client, LocalCluster

from dunning_core import french_default

PAGE = Path(__file__).resolve().parent.parent / "docs" / "scale.md"
TODAY = date(2026, 3, 16)
PARTITION = 250_000


def recipe() -> dict[str, Any]:
    """The namespace of the page's ``python`` blocks."""
    namespace: dict[str, Any] = {"__name__": "scale_recipe"}
    for block in re.findall(r"```python\n(.*?)```", PAGE.read_text(encoding="utf-8"), re.DOTALL):
        exec(compile(block, str(PAGE), "exec"), namespace)
    return namespace


def timed(
    code: dict[str, Any], path: Path, workers: int, *, plan: bool, processes: bool = True
) -> float:
    """Seconds for one compute() of the pricing (or the planning) on *workers* workers."""
    with (
        LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=processes,
            dashboard_address=":0",  # any free port: 8787 may be taken by another cluster
        ) as cluster,
        Client(cluster),
    ):
        started = time.perf_counter()
        if plan:
            code["plan_ledger"](path, french_default(), TODAY)["step"].count().compute()
        else:
            code["price_ledger"](path, TODAY)["lines"].sum().compute()
        return time.perf_counter() - started


def figures(sizes: list[int], plan_sizes: list[int], processes: bool = True) -> str:
    code = recipe()
    rows = ["work      invoices   1 worker s   2 workers s   1 / 2"]
    with tempfile.TemporaryDirectory() as folder:
        for size in sorted(set(sizes) | set(plan_sizes)):
            path = Path(folder) / f"ledger-{size}"
            code["write_ledger"](path, size, max(1, size // PARTITION), TODAY)
            for plan in (False, True):
                if size not in (plan_sizes if plan else sizes):
                    continue
                one = timed(code, path, 1, plan=plan, processes=processes)
                two = timed(code, path, 2, plan=plan, processes=processes)
                work = "planning" if plan else "pricing"
                rows.append(f"{work:9} {size:9,}   {one:10.1f}   {two:11.1f}   {one / two:5.2f}")
    return "\n".join(rows)


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@pytest.mark.filterwarnings("ignore::ResourceWarning")
def test_scale(benchmark: Any) -> None:
    """1 and 2 workers (printed; run with -s); 2,000 invoices in-process as a smoke test."""
    benchmark.group = "scale"
    benchmark(lambda: None)  # so that --benchmark-only runs this test
    if benchmark.disabled:
        assert "pricing" in figures([2_000], [2_000], processes=False)
        return
    print("\n" + figures([1_000_000, 10_000_000], [1_000_000]))


if __name__ == "__main__":
    sizes = [int(s) for s in sys.argv[1:]] or [1_000_000, 10_000_000]
    print(figures(sizes, [min(sizes)]))
