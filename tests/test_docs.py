"""Generated documentation stays in sync with the code."""

from __future__ import annotations

import runpy
from pathlib import Path

from dunning_core.machine import transition_diagram

DOCS = Path(__file__).resolve().parent.parent / "docs"
SCRIPTS = Path(__file__).resolve().parent.parent / "scripts"


def test_law_page_is_current() -> None:
    """docs/law.md equals what scripts/law_page.py generates from the code."""
    render = runpy.run_path(str(SCRIPTS / "law_page.py"))["render"]
    assert render() == (DOCS / "law.md").read_text(encoding="utf-8")


def test_law_page_lists_every_article_cited_by_penalties() -> None:
    """The articles a penalty breakdown rests on all appear on the page."""
    page = (DOCS / "law.md").read_text(encoding="utf-8")
    for number in ("L441-10", "D441-5", "1343-1", "R2192-31", "L313-3"):
        assert f"art. {number}]" in page


def test_concepts_page_shows_the_current_diagram() -> None:
    """docs/concepts.md embeds the diagram drawn from the transition table."""
    page = (DOCS / "concepts.md").read_text(encoding="utf-8")
    assert f"```mermaid\n{transition_diagram()}\n```" in page
