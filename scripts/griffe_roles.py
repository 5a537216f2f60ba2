"""A griffe extension for the docs site: Sphinx roles in docstrings become links or code.

The docstrings cite other objects the Sphinx way (``:class:`Case```, ``:func:`~a.b.c```), which
Markdown shows as raw text.  Before the docstrings are parsed, this turns each role into a
cross-reference when the name resolves to a public object of ``dunning_core``, and into a code
span (```decimal.Decimal```) otherwise.  A leading ``~`` shows the last part of the name only, as
in Sphinx.  The cross-references are *optional* autorefs (as mkdocstrings writes for signatures):
one whose target has no anchor (an attrs field without a docstring) shows as code, not a warning.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import griffe

ROLES = ("class", "func", "meth", "attr", "data", "mod", "exc", "obj", "const")
"""The roles converted (with or without a ``py:`` domain)."""

ROLE = re.compile(r":(?:py:)?(?P<role>" + "|".join(ROLES) + r"):`(?P<target>[^`]+)`")

PACKAGE = "dunning_core"


def _public(path: str) -> bool:
    parts = path.split(".")
    return parts[0] == PACKAGE and not any(part.startswith("_") for part in parts)


def convert_roles(text: str, resolve: Callable[[str], str | None]) -> str:
    """
    Replace every Sphinx role in *text*: a link when *resolve* finds the name, else code.

    *resolve* maps a name as written (``Case.open``, ``dunning_core.terms.due_date``) to the
    identifier of its documentation anchor, or ``None``.

    >>> convert_roles(":class:`~decimal.Decimal` and :func:`f`", lambda name: None)
    '`Decimal` and `f`'
    >>> convert_roles("see :meth:`Case.open`", lambda name: "pkg.Case.open")
    'see <autoref identifier="pkg.Case.open" optional><code>Case.open</code></autoref>'
    """

    def replace(match: re.Match[str]) -> str:
        target = match["target"].strip()
        short = target.startswith("~")
        name = target.lstrip("~").removesuffix("()")
        shown = name.rpartition(".")[2] if short else name
        identifier = resolve(name)
        if not identifier:
            return f"`{shown}`"
        return f'<autoref identifier="{identifier}" optional><code>{shown}</code></autoref>'

    return ROLE.sub(replace, text)


def _objects(obj: griffe.Object) -> Iterator[griffe.Object]:
    yield obj
    for member in obj.members.values():
        if not member.is_alias and isinstance(member, griffe.Object):
            yield from _objects(member)


def _public_paths(package: griffe.Module) -> dict[str, str]:
    """Each documented object's canonical path, mapped to the path its API page shows it under.

    An object defined in a private module (``dunning_core.machine._case.Case``) is documented
    where a public module exports it; the deepest such module wins (``dunning_core.machine``,
    not the top-level re-export).
    """
    found: dict[str, str] = {}
    for module in _objects(package):
        if not module.is_module or not _public(module.path):
            continue
        for name, member in module.members.items():
            if name.startswith("_"):
                continue
            try:
                canonical = member.target_path if member.is_alias else member.path
            except griffe.AliasResolutionError:  # pragma: no cover - a broken re-export
                continue
            shown = f"{module.path}.{name}"
            if canonical.split(".")[0] != PACKAGE:  # an import such as html or Decimal
                continue
            if _public(canonical) and not member.is_alias:
                found[canonical] = canonical
            elif shown.count(".") > found.get(canonical, "").count("."):
                found[canonical] = shown
    return found


def _resolver(
    obj: griffe.Object, package: griffe.Module, public: dict[str, str]
) -> Callable[[str], str | None]:
    def resolve(name: str) -> str | None:
        if name.split(".")[0] == PACKAGE:
            path = name
        else:
            head, _, rest = name.partition(".")
            try:
                path = obj.resolve(head)
            except griffe.NameResolutionError:
                return None
            path = f"{path}.{rest}" if rest else path
        owner, _, attribute = path.rpartition(".")
        if path in public:
            return public[path]
        if owner in public:  # a method or attribute of a documented class
            return f"{public[owner]}.{attribute}"
        return None

    return resolve


class SphinxRoles(griffe.Extension):
    """Convert the Sphinx roles of every docstring of the package once it is loaded."""

    def on_package(self, *, pkg: griffe.Module, **kwargs: Any) -> None:
        public = _public_paths(pkg)
        for obj in _objects(pkg):
            if obj.docstring is not None and ":`" in obj.docstring.value:
                resolve = _resolver(obj, pkg, public)
                obj.docstring.value = convert_roles(obj.docstring.value, resolve)
