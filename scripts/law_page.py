"""Generate docs/law.md: every article the library cites, and where.

Run ``python scripts/law_page.py > docs/law.md``; ``tests/test_docs.py`` fails when the page is stale.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

from dunning_core import law

PACKAGE = Path(law.__file__).parent

HEADER = """\
# The law cited

Every rule, computed line and compliance finding of `dunning_core` names the article it rests on.
This page lists each of them, with a link to its text and the modules that cite it. It is generated
from the code (`python scripts/law_page.py > docs/law.md`) and a test keeps it in sync.

Wordings and numbers come from `shared/reference/LAW.md`, a sourced compilation; re-check
Légifrance before relying on an article in production. Rules that come from good practice (the
seed articles on debt recovery), not from law, cite `PRACTICE` and are listed last.

| article | what it says | cited in |
| --- | --- | --- |
"""


def _constant_names() -> dict[str, law.Article]:
    return {
        name: value
        for name, value in vars(law).items()
        if isinstance(value, law.Article) and name.isupper()
    }


def _citing_modules(constants: dict[str, law.Article]) -> dict[str, set[str]]:
    cited: dict[str, set[str]] = {name: set() for name in constants}
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "law.py":
            continue
        module = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        module = module.removesuffix(".__init__")
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Name) and node.id in cited:
                cited[node.id].add(module)
            elif isinstance(node, ast.Attribute) and node.attr in cited:
                cited[node.attr].add(module)
            elif isinstance(node, ast.alias) and node.name in cited:
                cited[node.name].add(module)
    return cited


def render() -> str:
    """The page's Markdown text."""
    constants = _constant_names()
    cited = _citing_modules(constants)
    rows = []
    for name, article in sorted(
        constants.items(), key=lambda item: (item[1] is law.PRACTICE, item[1].code, item[1].number)
    ):
        modules = ", ".join(f"`{m}`" for m in sorted(cited[name])) or "—"
        rows.append(f"| [{article}]({article.url}) | {article.title} | {modules} |")
    return HEADER + "\n".join(rows) + "\n"


if __name__ == "__main__":
    sys.stdout.write(render())
