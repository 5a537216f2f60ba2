"""Mutation scores per module after ``mutmut run`` (``make mutation``; see docs/mutation.md).

Reads mutmut's results in ``mutants/``, sets aside the equivalent mutants listed in
``scripts/mutation_equivalents.toml`` (matched by function and by the text of the mutated line,
never by mutant number or line number, so that edits elsewhere in a module do not shift them),
prints each module's score and writes the undetected mutants, with their diffs, to
``mutants/survivors.txt``.

Score = killed (a failing test or a timeout) / (mutants - equivalent ones).  Exits 1 when a module
is below ``--min`` (85 %) or a mutant was not run.  Lists the equivalent entries that match no
surviving mutant: *stale* when they match no mutant at all (the code changed: remove or rewrite
the entry), *killed* when they match only mutants a test kills (so they were not equivalent:
remove the entry); the entries of a module whose mutants were not all run are not judged.

Run from the repository root, in the venv where mutmut is installed.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path

import tomllib
from mutmut.configuration import config
from mutmut.mutation.data import SourceFileMutationData
from mutmut.mutation.diff_apply import get_diff_for_mutant
from mutmut.stats import status_by_exit_code
from mutmut.utils.format_utils import orig_function_and_class_names_from_key

EQUIVALENTS = Path(__file__).with_name("mutation_equivalents.toml")
SURVIVORS = Path("mutants") / "survivors.txt"
DETECTED = frozenset({"killed", "timeout", "caught by type check", "segfault"})


@dataclass(frozen=True)
class Equivalent:
    """A surviving mutant that cannot change behaviour, and why."""

    module: str  # e.g. "interest"
    function: str  # e.g. "late_penalties" or "PenaltyBasis.__str__"
    before: str  # a fragment of the original line(s)
    after: str | tuple[str, ...]  # the same fragment as mutated (or any of several)
    reason: str
    exact: bool = False  # the whole changed text, not a fragment of it

    def matches(self, module: str, function: str, removed: str, added: str) -> bool:
        if module != self.module or function != self.function:
            return False
        afters = (self.after,) if isinstance(self.after, str) else self.after
        if self.exact:
            return self.before == removed and added in afters
        return self.before in removed and any(after in added for after in afters)


@dataclass
class Score:
    total: int = 0
    detected: int = 0
    equivalent: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    survivors: list[tuple[str, str]] = field(default_factory=list)

    @property
    def percent(self) -> float:
        counted = self.total - self.equivalent
        return 100.0 * self.detected / counted if counted else 100.0


def load_equivalents() -> list[Equivalent]:
    data = tomllib.loads(EQUIVALENTS.read_text(encoding="utf-8"))
    entries = data.get("equivalent", [])
    return [
        Equivalent(
            **{**e, "after": e["after"] if isinstance(e["after"], str) else tuple(e["after"])}
        )
        for e in entries
    ]


def function_name(key: str) -> str:
    name, owner = orig_function_and_class_names_from_key(key)
    return name if owner is None else f"{owner}.{name}"


def changed_lines(diff: str) -> tuple[str, str]:
    """The removed and the added lines of a unified diff, each stripped, joined by newlines."""
    lines = diff.splitlines()[2:]  # drop the ---/+++ header
    removed = "\n".join(x[1:].strip() for x in lines if x.startswith("-"))
    added = "\n".join(x[1:].strip() for x in lines if x.startswith("+"))
    return removed, added


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--min", type=float, default=85.0, help="minimum score per module, in %%")
    args = parser.parse_args(argv)

    equivalents = load_equivalents()
    used: set[Equivalent] = set()
    scores: dict[str, Score] = {}
    unchecked = 0
    partial: set[str] = set()  # modules with mutants not run: their entries are not judged
    killed: dict[tuple[str, str], list[tuple[str, Path]]] = {}  # (module, function) -> keys
    for pattern in config().only_mutate:
        path = Path(pattern)
        data = SourceFileMutationData(path=path)
        data.load()
        module = path.stem
        score = scores.setdefault(module, Score())
        for key, exit_code in sorted(data.exit_code_by_key.items()):
            status = status_by_exit_code[exit_code]
            score.total += 1
            score.by_status[status] = score.by_status.get(status, 0) + 1
            if status == "not checked":
                unchecked += 1
                partial.add(module)
            if status in DETECTED:
                score.detected += 1
                killed.setdefault((module, function_name(key)), []).append((key, path))
                continue
            diff = get_diff_for_mutant(key, path=path)
            removed, added = changed_lines(diff)
            function = function_name(key)
            match = next(
                (e for e in equivalents if e.matches(module, function, removed, added)), None
            )
            if match is not None:
                used.add(match)
                score.equivalent += 1
            else:
                score.survivors.append((f"{key}: {status}", diff))

    failed = unchecked > 0
    print(f"{'module':<12} {'mutants':>8} {'killed':>7} {'equiv.':>7} {'left':>5} {'score':>7}")
    for module, score in scores.items():
        left = score.total - score.detected - score.equivalent
        print(
            f"{module:<12} {score.total:>8} {score.detected:>7} {score.equivalent:>7} {left:>5} "
            f"{score.percent:>6.1f}%"
        )
        raw = 100.0 * score.detected / score.total if score.total else 100.0
        statuses = ", ".join(f"{k} {v}" for k, v in sorted(score.by_status.items()))
        print(f"{'':<12} before exclusions {raw:.1f}%; {statuses}")
        if score.percent < args.min:
            print(f"{module}: {score.percent:.1f}% is below the {args.min:.0f}% required")
            failed = True
    if unchecked:
        print(f"{unchecked} mutant(s) not run: run `mutmut run` to the end")
    with SURVIVORS.open("w", encoding="utf-8") as out:
        for score in scores.values():
            for title, diff in score.survivors:
                out.write(f"# {title}\n{diff}\n\n")
    print(f"undetected mutants and their diffs: {SURVIVORS}")
    report_unused([e for e in equivalents if e not in used], partial, killed)
    return 1 if failed else 0


def report_unused(
    unused: list[Equivalent],
    partial: set[str],
    killed: dict[tuple[str, str], list[tuple[str, Path]]],
) -> None:
    """Warn about the equivalent entries that set no mutant aside, saying why (see the module)."""
    judged = [e for e in unused if e.module not in partial]
    if len(judged) < len(unused):
        print(
            f"{len(unused) - len(judged)} equivalent entries of modules not fully run were not "
            "checked",
            file=sys.stderr,
        )
    for entry in judged:
        keys = [
            key
            for key, path in killed.get((entry.module, entry.function), [])
            if entry.matches(
                entry.module, entry.function, *changed_lines(get_diff_for_mutant(key, path=path))
            )
        ]
        why = (
            f"killed: matches only mutants a test kills ({', '.join(keys)}): remove it"
            if keys
            else "stale: matches no mutant (the code changed): remove or rewrite it"
        )
        print(
            f"warning: equivalent entry {entry.module}.{entry.function}: {entry.before!r} -> "
            f"{entry.after!r} is {why}",
            file=sys.stderr,
        )
    if judged:
        print(f"{len(judged)} equivalent entries set no mutant aside (see above)", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
