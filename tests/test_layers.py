"""The layer order of DESIGN.md: each module imports only from the modules above it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import dunning_core

PACKAGE = Path(dunning_core.__file__).parent

# Top to bottom; a module may import only from modules listed before it.  Private helpers
# (``_name``) sit at the level of the public module they serve, listed explicitly.
LAYERS: tuple[str, ...] = (
    "errors",
    "_validators",  # the argument checks of the public entry points (one vocabulary)
    "_text",  # the check of free text (references, names, notes), used by machine and letters
    "law",
    "money",
    "calendar",
    "_i18n",  # the gettext catalogs (babel), used by format and every layer that shows text
    "format",  # babel presentation helpers and HTML tables (for _repr_html_)
    "rates",
    "terms",
    "interest",
    "policy",
    "machine",
    "serialize",
    "portfolio_io",
    "letters",
    "portfolio",
    "display",  # text, HTML and SVG for people; lower layers import it lazily, inside a method
    "frames",  # pandas helpers (optional extra)
    "plots",  # matplotlib helpers (optional extra)
    "strategies",
    "_hypothesis_plugin",
    "cli",
)


def _layer_of(module: str) -> str:
    """``dunning_core.machine._rules`` -> ``machine``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def _modules() -> list[Path]:
    return sorted(
        p for p in PACKAGE.rglob("*.py") if p.name != "__init__.py" or p.parent != PACKAGE
    )


# A layer below ``display`` may still delegate ``__str__``/``_repr_html_`` to it, through an import
# written inside a function (loaded when a person asks for text, never at import time); likewise a
# method may hand its work to ``frames``, the optional pandas extra (``Portfolio.plan_frame``),
# loaded only when it is called.
LAZY = ("dunning_core.display", "dunning_core.frames")


def _lazy_display_imports(tree: ast.Module) -> set[int]:
    """The ids of ``display`` (and ``frames``) imports written inside a function body."""
    lazy: set[int] = set()
    for func in ast.walk(tree):
        if isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
            for node in ast.walk(func):
                if isinstance(node, ast.ImportFrom):
                    names = [node.module or ""]
                elif isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                else:
                    continue
                if any(name.startswith(LAZY) for name in names):
                    lazy.add(id(node))
    return lazy


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    lazy = _lazy_display_imports(tree)
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in lazy:
            continue
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("dunning_core"))
        elif (
            isinstance(node, ast.ImportFrom)
            and node.module
            and node.level == 0
            and node.module.startswith("dunning_core")
        ):
            found.add(node.module)
    return found


def _own_layer(path: Path) -> str:
    rel = path.relative_to(PACKAGE)
    return rel.parts[0].removesuffix(".py")


def test_every_module_has_a_layer() -> None:
    """A new module must be placed in LAYERS (and in DESIGN.md) before it lands."""
    unknown = {_own_layer(p) for p in _modules()} - set(LAYERS) - {"__init__"}
    assert set() == unknown


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_point_upwards(path: Path) -> None:
    """No module imports from a layer below its own."""
    own = LAYERS.index(_own_layer(path))
    for imported in _imports(path):
        assert imported != "dunning_core", f"{path.name} imports the package root (a cycle)"
        layer = _layer_of(imported)
        if layer == _own_layer(path):
            continue
        assert LAYERS.index(layer) < own, f"{path.name} imports {imported}, a lower layer"


def test_errors_imports_nothing_from_the_package() -> None:
    assert set() == _imports(PACKAGE / "errors.py")
