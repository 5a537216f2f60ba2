"""
docs/scale.md: its code, run as written on a small generated ledger with a 2-worker local Dask
cluster, gives what one process gives (the values shipped to workers pickle: tests/test_pickle.py).
"""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from dunning_core import (
    DebtorSegment,
    InvalidArgument,
    french_default,
    late_penalties,
)
from dunning_core.frames import penalties_frame
from dunning_core.machine import next_actions
from dunning_core.portfolio_io import SAMPLE_DATE, dump_portfolio, read_portfolio
from dunning_core.portfolio_io import sample_portfolio_text as sample

pytest.importorskip("dask.distributed")
pytest.importorskip("pyarrow")

PAGE = Path(__file__).resolve().parent.parent / "docs" / "scale.md"
TODAY = date(2026, 3, 16)


@pytest.fixture(scope="module")
def recipe() -> dict[str, Any]:
    """The namespace of the page's ``python`` blocks, executed in order as a reader would."""
    namespace: dict[str, Any] = {"__name__": "scale_recipe"}
    blocks = re.findall(r"```python\n(.*?)```", PAGE.read_text(encoding="utf-8"), re.DOTALL)
    assert len(blocks) >= 5
    for block in blocks:
        exec(compile(block, str(PAGE), "exec"), namespace)
    return namespace


@pytest.fixture(scope="module")
def ledger(recipe: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("ledger")
    recipe["write_ledger"](path, 1_200, 4, TODAY)
    return path


def _sorted(frame: pd.DataFrame) -> pd.DataFrame:
    """By reference, with text as plain str (Dask may store strings another way)."""
    frame = frame.sort_values("reference").reset_index(drop=True)
    for name in ("reference", "segment", "step", "channel"):
        if name in frame:
            frame[name] = frame[name].astype(object)
    return frame


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@pytest.mark.filterwarnings("ignore::ResourceWarning")
def test_two_workers_give_what_one_process_gives(recipe: dict[str, Any], ledger: Path) -> None:
    """Priced and planned on a 2-worker LocalCluster, row by row equal to one process."""
    from dask.distributed import Client, LocalCluster

    whole = pd.read_parquet(ledger, dtype_backend="pyarrow")
    assert 1_200 == len(whole)
    assert 4 == len(list(ledger.glob("*.parquet")))
    policy = french_default()
    expected_prices = _sorted(penalties_frame(whole, today=TODAY, segment="segment"))
    expected_plan = _sorted(recipe["plan_partition"](whole, policy, TODAY))
    with (
        LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=False,
            dashboard_address=":0",  # any free port: 8787 may be taken by another cluster
        ) as cluster,
        Client(cluster) as client,
    ):
        assert 2 == len(client.scheduler_info()["workers"])
        priced = _sorted(recipe["price_ledger"](ledger, TODAY).compute())
        planned = _sorted(recipe["plan_ledger"](ledger, policy, TODAY).compute())
    pd.testing.assert_frame_equal(expected_prices, priced)
    pd.testing.assert_frame_equal(expected_plan, planned)
    # Not vacuous: every segment's law, indemnities, lines, and actions were all there.
    assert set(whole["segment"]) == {s.value for s in DebtorSegment}
    assert priced["total"].sum() > 0
    assert {0, 4000} <= {int(v * 100) for v in priced["indemnity"]}
    assert priced["lines"].max() > 1
    assert planned["step"].notna().any()
    assert len(planned) == int(whole["paid_on"].isna().sum())


def test_a_row_equals_late_penalties(recipe: dict[str, Any], ledger: Path) -> None:
    """The frame the recipe prices equals late_penalties for a public buyer and a consumer."""
    whole = pd.read_parquet(ledger, dtype_backend="pyarrow")
    priced = penalties_frame(whole, today=TODAY, segment="segment")
    for segment in (DebtorSegment.PUBLIC_BODY, DebtorSegment.CONSUMER):
        row = whole[whole["segment"] == segment.value].index[0]
        expected = late_penalties(
            whole["principal"][row],
            whole["due_on"][row],
            whole["paid_on"][row] if pd.notna(whole["paid_on"][row]) else TODAY,
            basis=segment.penalty_basis(),
            debtor_is_consumer=segment is DebtorSegment.CONSUMER,
        )
        assert expected.total == priced["total"][row]


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@pytest.mark.filterwarnings("ignore::ResourceWarning")
# the page's cluster asks for the usual dashboard port; when another cluster holds it, distributed
# takes another port and says so: harmless here
@pytest.mark.filterwarnings("ignore:Port 8787 is already in use:UserWarning")
def test_run_writes_what_one_process_computes(
    recipe: dict[str, Any], ledger: Path, tmp_path: Path
) -> None:
    """The page's run(): two worker processes write the penalties and the plan to Parquet."""
    recipe["run"](ledger, tmp_path, TODAY, workers=2)
    whole = pd.read_parquet(ledger, dtype_backend="pyarrow")
    written = pd.read_parquet(tmp_path / "penalties", dtype_backend="pyarrow")
    expected = penalties_frame(whole, today=TODAY, segment="segment")
    assert sorted(expected["total"]) == sorted(written["total"])
    plan = pd.read_parquet(tmp_path / "plan")
    assert len(plan) == int(whole["paid_on"].isna().sum())


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@pytest.mark.filterwarnings("ignore::ResourceWarning")
def test_histories_on_two_workers(recipe: dict[str, Any], tmp_path: Path) -> None:
    """The shipped sample's events (every common kind), written as the portfolio file's text
    columns in 4 Parquet files of whole invoices, planned by the page's plan_histories on a
    2-worker LocalCluster: what next_actions plans for each case, and what plan_events gives in
    one process; a dataset that splits an invoice is refused."""
    from dask.distributed import Client, LocalCluster

    cases = read_portfolio(sample()).cases
    text = pd.read_csv(io.StringIO(dump_portfolio(cases)), dtype=str)
    for k, part in enumerate(np.array_split(text["invoice"].unique(), 4)):
        text[text["invoice"].isin(part)].to_parquet(tmp_path / f"part-{k:04d}.parquet")
    policy = french_default()
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=False, dashboard_address=":0"
        ) as cluster,
        Client(cluster) as client,
    ):
        assert 2 == len(client.scheduler_info()["workers"])
        planned = _sorted(recipe["plan_histories"](tmp_path, policy, SAMPLE_DATE).compute())
    expected = {}
    for case in cases:
        actions = next_actions(case, policy, SAMPLE_DATE)
        expected[case.reference] = actions[0].step.name if actions else None
    assert expected == {
        reference: None if pd.isna(step) else step
        for reference, step in zip(planned["reference"], planned["step"], strict=True)
    }
    assert sum(step is not None for step in expected.values()) > 20
    whole = pd.read_parquet(tmp_path, dtype_backend="pyarrow")
    one = _sorted(recipe["plan_events"](whole, policy, SAMPLE_DATE))
    pd.testing.assert_frame_equal(one, planned)
    first = whole["invoice"].iloc[0]
    split = whole[(whole["invoice"] != first) | (whole["record"] != "invoice")]
    with pytest.raises(InvalidArgument, match="its 'invoice' row"):
        recipe["plan_events"](split, policy, SAMPLE_DATE)
