"""The public surface: every exported name resolves, is documented with an example, ships its data."""

from __future__ import annotations

import importlib
import inspect
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import dunning_core

ROOT = Path(__file__).resolve().parent.parent

PUBLIC_MODULES = (
    "errors",
    "law",
    "money",
    "calendar",
    "rates",
    "terms",
    "interest",
    "policy",
    "machine",
    "serialize",
    "portfolio_io",
    "letters",
    "portfolio",
    "format",
    "frames",
    "plots",
    "strategies",
)


def _existing_modules() -> list[str]:
    found = []
    for name in PUBLIC_MODULES:
        try:
            importlib.import_module(f"dunning_core.{name}")
        except ModuleNotFoundError:
            continue
        found.append(name)
    return found


def _public_objects() -> list[tuple[str, object]]:
    objects = []
    for module_name in _existing_modules():
        module = importlib.import_module(f"dunning_core.{module_name}")
        for name in module.__all__:
            objects.append((f"{module_name}.{name}", getattr(module, name)))
    return objects


class TestSurface:
    def test_root_names_resolve(self) -> None:
        """Every name in dunning_core.__all__ is importable from the root."""
        missing = [n for n in dunning_core.__all__ if not hasattr(dunning_core, n)]
        assert [] == missing

    def test_every_error_is_exported_at_the_root(self) -> None:
        """``from dunning_core import X`` works for every exception and warning of errors.py."""
        from dunning_core import errors

        assert set() == set(errors.__all__) - set(dunning_core.__all__)
        assert all(getattr(dunning_core, n) is getattr(errors, n) for n in errors.__all__)

    def test_version_is_lazy_and_real(self) -> None:
        assert dunning_core.__version__.count(".") >= 1
        assert "__version__" in dir(dunning_core)

    def test_unknown_attribute(self) -> None:
        with pytest.raises(AttributeError):
            _ = dunning_core.no_such_name  # type: ignore[attr-defined]


def _loaded_by(code: str) -> set[str]:
    """The modules a fresh interpreter has loaded after running *code*."""
    script = f"import sys\n{code}\nprint('\\n'.join(sorted(sys.modules)))"
    run = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )
    return set(run.stdout.split())


class TestImportCost:
    """``import dunning_core`` loads what computing needs, not letters, pendulum nor pandas."""

    def test_import_loads_neither_letters_pendulum_nor_pandas(self) -> None:
        loaded = _loaded_by("import dunning_core")
        assert "dunning_core.interest" in loaded
        assert "dunning_core.machine" in loaded
        heavy = {
            m for m in loaded if m.split(".")[0] in {"pendulum", "pandas", "numpy", "matplotlib"}
        }
        assert set() == heavy
        assert set() == {m for m in loaded if m.startswith("dunning_core.letters")}
        # the display layer is reached lazily, when a person asks for text
        assert set() == {m for m in loaded if m.startswith("dunning_core.display")}

    def test_letters_load_on_first_use(self) -> None:
        """The lazy names resolve to the letters module's own objects, then stay put."""
        loaded = _loaded_by("import dunning_core\ndunning_core.render")
        assert "dunning_core.letters" in loaded
        from dunning_core import letters

        assert letters.render is dunning_core.render
        assert letters.Letter is dunning_core.Letter
        assert {"Letter", "LetterKind", "LetterTemplate", "render"} <= set(dir(dunning_core))

    def test_parsing_a_date_does_not_load_pendulum(self) -> None:
        """parse_date is a compiled pattern and date.fromisoformat (issue 10)."""
        loaded = _loaded_by(
            "from dunning_core.calendar import parse_date\nparse_date('2026-01-31')"
        )
        assert "pendulum" not in loaded

    @pytest.mark.parametrize("module_name", PUBLIC_MODULES)
    def test_module_has_docstring_and_all(self, module_name: str) -> None:
        if module_name not in _existing_modules():
            pytest.fail(f"dunning_core.{module_name} is missing")
        module = importlib.import_module(f"dunning_core.{module_name}")
        assert module.__doc__
        assert module.__all__

    def test_every_public_callable_has_an_example(self) -> None:
        """Classes and functions exported by a module have a docstring with a `>>>` example."""
        undocumented = []
        for qualname, obj in _public_objects():
            if not (inspect.isclass(obj) or inspect.isfunction(obj)):
                continue
            if inspect.isclass(obj) and issubclass(obj, BaseException):
                continue  # documented together in docs/errors.md
            doc = inspect.getdoc(obj) or ""
            if ">>>" not in doc and not _example_in_docs(qualname.rsplit(".", 1)[1]):
                undocumented.append(qualname)
        assert [] == undocumented


class TestDaskIsOptional:
    """Dask (docs/scale.md) is an extra and a test dependency, never one of the library's own."""

    def test_only_the_extras_require_it(self) -> None:
        """The installed metadata: dask, pandas and pyarrow come only with an extra."""
        import importlib.metadata
        import re

        requires = importlib.metadata.requires("dunning-core") or []
        for requirement in requires:
            name = re.split(r"[\s\[<>=;!~]", requirement, maxsplit=1)[0].lower()
            if name in {"dask", "distributed", "pandas", "pyarrow"}:
                assert "extra ==" in requirement, requirement
        assert any(r.startswith("dask[") and "extra == 'dask'" in r for r in requires)
        pinned = (ROOT / "requirements-dev.txt").read_text(encoding="utf-8")
        assert re.search(r"^dask\[[a-z,]*distributed[a-z,]*\]==", pinned, re.MULTILINE)

    def test_no_module_of_the_library_imports_it(self) -> None:
        """Neither the source nor the modules a fresh interpreter loads name dask."""
        import ast

        importers = []
        for path in (ROOT / "src" / "dunning_core").rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                names = (
                    [alias.name for alias in node.names]
                    if isinstance(node, ast.Import)
                    else [node.module or ""]
                    if isinstance(node, ast.ImportFrom)
                    else []
                )
                if any(name.split(".")[0] in {"dask", "distributed"} for name in names):
                    importers.append(path.name)
        assert [] == importers
        loaded = _loaded_by("\n".join(f"import dunning_core.{m}" for m in _existing_modules()))
        assert "dunning_core.frames" in loaded
        assert set() == {m for m in loaded if m.split(".")[0] in {"dask", "distributed"}}


def _example_in_docs(name: str) -> bool:
    """A name counts as documented with an example when a doctest in docs/ uses it."""
    for page in (ROOT / "docs").glob("*.md"):
        for line in page.read_text(encoding="utf-8").splitlines():
            if line.lstrip().startswith((">>>", "...")) and name in line:
                return True
    return False


def test_wheel_ships_data_and_typing(tmp_path: Path) -> None:
    """The wheel carries py.typed, the rate CSVs with their sources, the compiled message
    catalogs, and the console script."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("dunning_core-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "dunning_core/py.typed" in names
    data = {n for n in names if n.startswith("dunning_core/_data/")}
    assert any(n.endswith(".csv") for n in data)
    assert "dunning_core/_data/SOURCES.md" in data
    for locale in ("fr_FR", "en_GB"):
        assert f"dunning_core/locale/{locale}/LC_MESSAGES/dunning_core.mo" in names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "dunning = dunning_core.cli:main" in text
    assert "dunning_core._hypothesis_plugin:register" in text
