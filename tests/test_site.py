"""The documentation site: built offline-clean, roles rendered, the stage diagram drawn as SVG."""

from __future__ import annotations

import re
import runpy
import subprocess
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from dunning_core.machine import TRANSITION_ENTRIES, transition_diagram
from dunning_core.policy import Stage

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ROOT / "scripts"
diagram: dict[str, Any] = runpy.run_path(str(SCRIPTS / "stage_diagram.py"))
roles: dict[str, Any] = runpy.run_path(str(SCRIPTS / "griffe_roles.py"))

EXTERNAL = re.compile(r"^(?:https?:)?//", re.I)
CSS_URL = re.compile(r"""(?:@import\s+|url\()\s*["']?((?:https?:)?//[^"')\s]+)""", re.I)


class _Resources(HTMLParser):
    """The addresses a page loads by itself (scripts, stylesheets, fonts, images, frames)."""

    def __init__(self) -> None:
        super().__init__()
        self.loaded: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag in {"script", "img", "iframe", "source", "audio", "video", "embed"}:
            self.loaded.append(found.get("src") or "")
        elif tag == "link" and found.get("rel") not in {"canonical", "alternate", None}:
            self.loaded.append(found.get("href") or "")
        elif tag == "style" or "style" in found:
            self.loaded.extend(CSS_URL.findall(found.get("style") or ""))

    def handle_data(self, data: str) -> None:
        self.loaded.extend(CSS_URL.findall(data))


class TestStageDiagram:
    def test_svg_draws_every_stage_and_event(self) -> None:
        """The SVG is well-formed and names every stage and every event of the table."""
        svg = diagram["render"](transition_diagram())
        root = ET.fromstring(svg)
        texts = {"".join(node.itertext()) for node in root.iter("{http://www.w3.org/2000/svg}text")}
        assert {stage.value for stage in Stage} <= texts
        words = {word for text in texts for word in text.split(", ")}
        events = {
            entry.event.__name__ for entry in TRANSITION_ENTRIES if entry.targets - {entry.stage}
        }
        assert events <= words

    def test_pages_lose_their_mermaid_blocks(self) -> None:
        """Each Mermaid block of a page becomes an inline SVG; the rest of the page is unchanged."""
        page = (ROOT / "docs" / "concepts.md").read_text(encoding="utf-8")
        drawn = diagram["replace_diagrams"](page)
        assert "```mermaid" in page
        assert "```mermaid" not in drawn
        assert drawn.count("<svg ") == page.count("```mermaid")
        assert drawn.split('<div class="stage-diagram">')[0] == page.split("```mermaid")[0]

    @pytest.mark.parametrize(
        "text", ["graph TD\n    a --> b\n", "stateDiagram-v2\n    a -> b\n", "stateDiagram-v2\n"]
    )
    def test_unknown_text_is_refused(self, text: str) -> None:
        """Mermaid outside the subset fails the build rather than drawing something wrong."""
        with pytest.raises(ValueError):
            diagram["render"](text)


class TestRoles:
    def test_roles_become_links_or_code(self) -> None:
        """Resolved names become optional autorefs, others code; ``~`` keeps the last part."""
        known = {"Case": "dunning_core.machine.Case"}
        text = roles["convert_roles"](
            ":class:`Case`, :func:`~decimal.getcontext`, :py:meth:`x.y()` and :data:`~a.B`",
            known.get,
        )
        assert text == (
            '<autoref identifier="dunning_core.machine.Case" optional><code>Case</code></autoref>'
            ", `getcontext`, `x.y` and `B`"
        )


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The documentation site, built once with warnings as errors."""
    out = tmp_path_factory.mktemp("site")
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(out)],
        cwd=ROOT,
        check=True,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": str(Path(sys.executable).parent)},
    )
    return out


class TestBuiltSite:
    def test_no_third_party_resource(self, site: Path) -> None:
        """No page or stylesheet loads a script, stylesheet, font or image from another host."""
        external: set[str] = set()
        for page in site.rglob("*.html"):
            parser = _Resources()
            parser.feed(page.read_text(encoding="utf-8"))
            external |= {url for url in parser.loaded if EXTERNAL.match(url)}
        for sheet in site.rglob("*.css"):
            external |= set(CSS_URL.findall(sheet.read_text(encoding="utf-8")))
        assert external == set()

    def test_api_pages_show_no_raw_role(self, site: Path) -> None:
        """The Sphinx roles of the docstrings are rendered (links or code), never shown raw."""
        pages = list((site / "api").rglob("*.html"))
        assert pages
        raw = re.compile(r":(?:class|func|meth|attr|data|mod|exc):")
        assert [page.name for page in pages if raw.search(page.read_text(encoding="utf-8"))] == []
        terms = site / "api" / "terms" / "index.html"
        assert 'href="#dunning_core.terms.due_date"><code>due_date</code></a>' in terms.read_text(
            encoding="utf-8"
        )

    def test_stage_diagram_is_inline_svg(self, site: Path) -> None:
        """The stage diagram is drawn in the page; no page asks for mermaid."""
        concepts = (site / "concepts" / "index.html").read_text(encoding="utf-8")
        assert '<svg xmlns="http://www.w3.org/2000/svg" class="stage-diagram"' in concepts
        assert not [
            p.name for p in site.rglob("*.html") if 'class="mermaid"' in p.read_text("utf-8")
        ]
