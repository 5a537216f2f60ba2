"""A mkdocs hook: draw the stage diagram as an inline SVG when the site is built.

The pages keep the diagram as Mermaid text (``dunning_core.machine.transition_diagram()``; tests
keep the copies in sync), but the site does not load mermaid's script from a CDN: this hook
replaces each ```` ```mermaid ```` block of the ``stateDiagram-v2`` subset that
``transition_diagram()`` writes with an SVG drawn here, so the diagram shows offline and no
reader's address is sent to a third party.

The layout is fixed and small, made for that diagram:

* the open stages in a column, in the order they first lead somewhere, each edge to the next one a
  straight arrow with its events beside it, longer edges arcs on the left;
* the stages that lead to the end (``X --> [*]``) in a column on the right; when every open stage
  leads to one of them, a single bus carries those edges, its events written under the target.
"""

from __future__ import annotations

import html
import re
from typing import Any, Final

START: Final = "[*]"
EDGE = re.compile(r"^\s*(?P<source>\S+)\s+-->\s+(?P<target>\S+?)\s*(?::\s*(?P<label>.*?))?\s*$")
FENCE = re.compile(r"^```mermaid\n(?P<body>.*?)^```$", re.M | re.S)

BOX_W, BOX_H, PITCH = 190, 34, 80
END_W = 150
LEFT = 270  # room for the arcs and their labels
TOP = 70
CHAR = 6.3  # estimated width of a character of the 11px edge labels
LABEL = "font-size:11px;font-family:sans-serif"
HALO = "fill:none;stroke:var(--md-default-bg-color,#fff);stroke-width:4px;stroke-linejoin:round"
BOX = "fill:var(--md-default-bg-color,#fff);stroke:currentColor;stroke-width:1.2"
LINE = "fill:none;stroke:currentColor;stroke-width:1.1"


class DiagramError(ValueError):
    """Mermaid text outside the subset this hook draws."""


def parse(text: str) -> list[tuple[str, str, str]]:
    """
    The edges ``(source, target, label)`` of a ``stateDiagram-v2`` text, in order.

    >>> parse("stateDiagram-v2\\n    [*] --> a: go\\n    a --> [*]\\n")
    [('[*]', 'a', 'go'), ('a', '[*]', '')]
    """
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines or lines[0].strip() != "stateDiagram-v2":
        raise DiagramError("a stateDiagram-v2 is expected")
    edges = []
    for line in lines[1:]:
        match = EDGE.match(line)
        if match is None:
            raise DiagramError(f"not an edge: {line!r}")
        edges.append((match["source"], match["target"], match["label"] or ""))
    return edges


def _text(x: float, y: float, label: str, anchor: str = "start") -> str:
    """An edge label, over a halo of the page's colour that keeps it readable across lines."""
    where = f'x="{x:.0f}" y="{y:.0f}" text-anchor="{anchor}" dominant-baseline="middle"'
    return "".join(
        f'<text {where} style="{LABEL};{paint}">{html.escape(label)}</text>'
        for paint in (HALO, "fill:currentColor")
    )


def _box(x: float, y: float, width: float, name: str) -> str:
    return (
        f'<rect x="{x:.0f}" y="{y - BOX_H / 2:.0f}" width="{width}" height="{BOX_H}" rx="8" '
        f'style="{BOX}"/><text x="{x + width / 2:.0f}" y="{y:.0f}" text-anchor="middle" '
        'dominant-baseline="middle" style="font-size:13px;font-family:monospace;'
        f'fill:currentColor">{html.escape(name)}</text>'
    )


def _arrow(points: str) -> str:
    return f'<path d="{points}" style="{LINE}" marker-end="url(#sd-arrow)"/>'


def render(text: str) -> str:
    """
    The SVG of a ``stateDiagram-v2`` text as ``transition_diagram()`` writes it.

    Raises:
        DiagramError: a line outside that subset, or a state that is neither open nor final.
    """
    edges = parse(text)
    labels: dict[tuple[str, str], list[str]] = {}
    # the states in the order they first lead somewhere, then those that lead nowhere
    sources = [source for source, _, _ in edges]
    order = list(dict.fromkeys(name for edge in edges for name in edge[:2] if name != START))
    order.sort(key=lambda name: sources.index(name) if name in sources else len(sources))
    for source, target, label in edges:
        names = labels.setdefault((source, target), [])
        if label:
            names.append(label)
    final = [name for name in order if (name, START) in labels]
    opened = [name for name in order if name not in final]
    if not opened:
        raise DiagramError("no open state")
    row = {name: index for index, name in enumerate(opened)} | {START: -1}
    center = BOX_W / 2 + LEFT
    y_of = {name: TOP + index * PITCH for name, index in row.items()}
    y_of[START] = TOP - PITCH * 0.75
    bus = LEFT + BOX_W + 130
    end_x = bus + 50
    last = y_of[opened[-1]]
    span = max(last - TOP, 1)
    for index, name in enumerate(final):
        y_of[name] = TOP + (span * (index + 0.5) / len(final) if len(final) > 1 else span / 2)
    parts: list[str] = [
        f'<circle cx="{center:.0f}" cy="{y_of[START]:.0f}" r="7" style="fill:currentColor"/>'
    ]
    sources_of: dict[str, set[str]] = {}
    for (source, target), names in labels.items():
        label = ", ".join(names)
        if target == START:
            continue
        if target in final:
            sources_of.setdefault(target, set()).add(source)
            continue
        if source not in row or target not in row:
            raise DiagramError(f"{source} --> {target}: an edge out of a final state")
        y1, y2 = y_of[source], y_of[target]
        if row[target] - row[source] == 1:  # the next stage: straight down
            top = y1 + (7 if source == START else BOX_H / 2)
            parts.append(_arrow(f"M{center:.0f},{top:.0f} L{center:.0f},{y2 - BOX_H / 2:.0f}"))
            parts.append(_text(center + 8, (top + y2 - BOX_H / 2) / 2, label))
            continue
        bulge = 40 + 45 * (abs(row[target] - row[source]) - 2)
        x = LEFT if source != START else center - 7
        path = (
            f"M{x:.0f},{y1:.0f} C{LEFT - bulge:.0f},{y1:.0f} {LEFT - bulge:.0f},{y2:.0f} "
            f"{LEFT:.0f},{y2:.0f}"
        )
        parts.append(_arrow(path))
        parts.append(_text(LEFT - bulge * 0.75 - 6, (y1 + y2) / 2, label, anchor="end"))
    bused = [name for name in final if sources_of.get(name, set()) >= set(opened)]
    if bused:
        parts.append(
            f'<path d="M{bus},{TOP:.0f} L{bus},{last:.0f}" style="{LINE}"/>'
            + "".join(
                f'<path d="M{LEFT + BOX_W},{y_of[name]:.0f} L{bus},{y_of[name]:.0f}" '
                f'style="{LINE}"/>'
                for name in opened
            )
        )
    for name in final:
        y = y_of[name]
        names = [", ".join(labels[source, name]) for source in opened if (source, name) in labels]
        if name in bused:
            low, high = sorted((y, min(max(y, TOP), last)))
            if high > low:
                parts.append(f'<path d="M{bus},{low:.0f} L{bus},{high:.0f}" style="{LINE}"/>')
            parts.append(_arrow(f"M{bus},{y:.0f} L{end_x},{y:.0f}"))
            for line, words in enumerate(dict.fromkeys(", ".join(names).split(", "))):
                parts.append(
                    _text(end_x + END_W / 2, y + BOX_H / 2 + 12 + 13 * line, words, "middle")
                )
        else:
            for source in sources_of.get(name, set()):
                y1 = y_of[source]
                parts.append(
                    _arrow(f"M{LEFT + BOX_W},{y1:.0f} L{end_x},{y:.0f}")
                    + _text(
                        (LEFT + BOX_W + end_x) / 2, (y1 + y) / 2, ", ".join(labels[source, name])
                    )
                )
        parts.append(_box(end_x, y, END_W, name))
        dot = end_x + END_W + 34
        parts.append(
            _arrow(f"M{end_x + END_W},{y:.0f} L{dot - 9},{y:.0f}")
            + f'<circle cx="{dot}" cy="{y:.0f}" r="7" style="fill:none;stroke:currentColor"/>'
            + f'<circle cx="{dot}" cy="{y:.0f}" r="4" style="fill:currentColor"/>'
        )
    for name in opened:
        parts.append(_box(LEFT, y_of[name], BOX_W, name))
    width = end_x + END_W + 50
    height = last + BOX_H / 2 + 24
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="stage-diagram" role="img" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" style="max-width:{width:.0f}px;width:100%">'
    )
    marker = (
        '<defs><marker id="sd-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
        'style="fill:currentColor"/></marker></defs>'
    )
    title = "<title>Diagramme des étapes (stage diagram)</title>"
    return "\n".join([head, title, marker, *parts, "</svg>"])


def replace_diagrams(markdown: str) -> str:
    """*markdown* with each Mermaid state diagram replaced by its SVG (other text untouched)."""

    def replace(match: re.Match[str]) -> str:
        return f'<div class="stage-diagram">\n{render(match["body"])}\n</div>'

    return FENCE.sub(replace, markdown)


def on_page_markdown(markdown: str, **kwargs: Any) -> str:
    """mkdocs hook: draw the diagrams of each page before its Markdown is converted."""
    return replace_diagrams(markdown)
