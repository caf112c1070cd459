"""Installed versions: of any distribution, and of kinemotion itself (what ``kinemotion.__version__`` says).

The one place the fallback for a source tree lives (``0+unknown``: kinemotion
not installed), so that what an output records (``kinemotion_version``) and
what a resumed batch compares it with are the same. Standard library only,
and ``importlib.metadata`` (slow to import) only when asked: ``import
kinemotion`` stays light.

What an output records of a release (:func:`recorded_version`) is its
installed version, with a stamp of its source for a distribution installed in
editable mode (``pip install -e``, PEP 610): ``1.2.0+editable.<12 hex>``,
from the name and content of each ``.py`` file of its top-level packages
(a few milliseconds for kinemotion's 1.2 MB). Editing an editable plugin (or
kinemotion) keeps its version, so without the stamp a resumed batch reused
what the old code made; with it, an edit is another release, even one that
keeps the file's size and modification time (one digit changed, then ``touch
-r``, ``cp -p`` or ``rsync -a`` from another checkout). A distribution
installed, not editable, from a folder, a repository or a file rather than
from an index (``pip install ./plugin``, ``pip install git+URL``: its
``direct_url.json`` says so) is stamped with the files installed:
``1.2.0+build.<12 hex>``, from the digest of each file its ``RECORD`` lists
(:func:`build_stamp`), so a fix pulled and installed again at the same
(development) version is another release too; one from an index (PyPI),
whose version names one build, records its version alone. The stamp is computed once per process
(the code that runs is the code imported then). What shows the installed
release (``kinemotion --version``, ``kinemotion.__version__``, ``kinemotion
backends``) shows the version as pip does, without the stamp.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from importlib.metadata import Distribution

__all__ = [
    "SOURCE_TREE_VERSION",
    "build_stamp",
    "installed_version",
    "kinemotion_version",
    "recorded_kinemotion_version",
    "recorded_version",
    "requirement_versions",
    "source_stamp",
]

SOURCE_TREE_VERSION = "0+unknown"
"""kinemotion's version when it runs from a source tree, not installed."""

_SKIPPED_DIRS = frozenset({"__pycache__", "node_modules", "site-packages"})


def installed_version(distribution: str) -> str | None:
    """The installed version of ``distribution``; None when it is not installed."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(distribution)
    except PackageNotFoundError:
        return None


_REQUIREMENT_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


def _normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_versions(distribution: str) -> dict[str, str]:
    """The installed version of each distribution ``distribution`` requires (of any extra: those installed), by
    normalized name; empty when it is not installed. What computes a backend's landmarks beside its own code
    (MediaPipe, ONNX Runtime, OpenVINO): upgraded on its own (``pip install -U mediapipe``), it changes the
    landmarks and leaves the plugin's version as it was. Computed once per process (a new dict each
    call: a record's ``runtime`` changed by its holder changes no other)."""
    return dict(_requirement_versions(distribution))


@functools.cache
def _requirement_versions(distribution: str) -> tuple[tuple[str, str], ...]:
    from importlib.metadata import PackageNotFoundError, requires

    try:
        wanted = requires(distribution) or []
    except PackageNotFoundError:
        return ()
    found: dict[str, str] = {}
    for requirement in wanted:
        match = _REQUIREMENT_NAME.match(requirement)
        name = _normalized(match[1]) if match else None
        if name is None or name in found or name == _normalized(distribution):
            continue
        version = installed_version(name)
        if version is not None:
            found[name] = version
    return tuple(sorted(found.items()))


def kinemotion_version() -> str:
    """kinemotion's installed version, or :data:`SOURCE_TREE_VERSION` from a source tree."""
    return installed_version("kinemotion") or SOURCE_TREE_VERSION


def recorded_version(distribution: str, version: str | None = None) -> str | None:
    """The version an output records of ``distribution`` (and a resumed batch compares): ``version`` (default:
    the installed one; None when it is not installed), with ``+editable.<stamp>`` when it is installed in
    editable mode (:func:`source_stamp`), or ``+build.<stamp>`` when it was installed from a folder, a
    repository or a file (:func:`build_stamp`)."""
    if version is None:
        version = installed_version(distribution)
        if version is None:
            return None
    separator = "." if "+" in version else "+"
    stamp = source_stamp(distribution)
    if stamp is not None:
        return f"{version}{separator}editable.{stamp}"
    built = build_stamp(distribution)
    if built is not None:
        return f"{version}{separator}build.{built}"
    return version


def recorded_kinemotion_version() -> str:
    """kinemotion's version as its outputs record it (:func:`recorded_version`), or :data:`SOURCE_TREE_VERSION`."""
    return recorded_version("kinemotion") or SOURCE_TREE_VERSION


@functools.cache
def source_stamp(distribution: str) -> str | None:
    """12 hex digits of the source of ``distribution`` when it is installed in editable mode (its
    ``direct_url.json`` says ``dir_info.editable``); None when it is not (or not installed), or when none of its
    top-level modules is imported from its project folder. Computed once per process."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import distribution as find

    try:
        dist = find(distribution)
    except (PackageNotFoundError, ValueError):
        return None
    project = _editable_project(dist)
    if project is None:
        return None
    roots = _package_roots(dist, project)
    if not roots:  # its modules are imported from elsewhere (shadowed): no file of the project to stamp
        return None
    digest = hashlib.sha256()
    for root in roots:
        for line in _source_files(root):
            digest.update(line.encode("utf-8", "surrogateescape"))
    return digest.hexdigest()[:12]


@functools.cache
def build_stamp(distribution: str) -> str | None:
    """12 hex digits of the files of ``distribution`` as installed, when it was installed (not editable) from a
    folder, a repository or a file rather than from an index (its ``direct_url.json``, PEP 610, says so): a
    digest of the path and sha256 of each file its ``RECORD`` lists, its own metadata folder and what the
    installer made (entry-point scripts naming this environment's interpreter, bytecode) left out: the same wheel
    installed into two environments records one release. None
    when it was installed from an index (a version there names one build), is editable (see
    :func:`source_stamp`), is not installed, or lists no file's digest. Computed once per process."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import distribution as find

    try:
        dist = find(distribution)
    except (PackageNotFoundError, ValueError):
        return None
    direct = _direct_url(dist)
    if direct is None or _editable_project(dist) is not None:
        return None
    try:
        record = dist.read_text("RECORD") or ""
    except OSError:
        return None
    rows = sorted(
        f"{path}\0{digest}\n"
        for path, digest, *_ in (line.rsplit(",", 2) for line in record.splitlines() if line.count(",") >= 2)
        if digest and _shipped(path.replace("\\", "/"))
    )
    if not rows:
        return None
    return hashlib.sha256("".join(rows).encode("utf-8", "surrogateescape")).hexdigest()[:12]


def _shipped(path: str) -> bool:
    """Whether a RECORD row's ``path`` (``/``-separated) is a file of the build itself, the same in every
    environment it is installed into: not its metadata folder, nor what the installer makes there (the
    entry-point scripts outside the package folder, whose first line names the environment's interpreter; the
    bytecode it compiles, stamped with the install time)."""
    parts = path.split("/")
    return not (
        parts[0] in ("", "..")
        or ":" in parts[0]
        or any(part.endswith(".dist-info") or part == "__pycache__" for part in parts)
        or path.endswith((".pyc", ".pyo"))
    )


def _direct_url(dist: Distribution) -> dict[str, object] | None:
    """What ``direct_url.json`` records of where ``dist`` was installed from (PEP 610); None when it was
    installed from an index (no such file) or the file cannot be read."""
    import json

    try:
        text = dist.read_text("direct_url.json")
        data = json.loads(text) if text else None
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _editable_project(dist: Distribution) -> Path | None:
    """The project folder of an editable install (PEP 610); None when ``dist`` is not one."""
    from urllib.parse import unquote, urlparse

    data = _direct_url(dist)
    if data is None:
        return None
    info = data.get("dir_info")
    if not isinstance(info, dict) or info.get("editable") is not True:
        return None
    url = data.get("url")
    parsed = urlparse(url) if isinstance(url, str) else None
    if parsed is None or parsed.scheme != "file":
        return Path("/")  # editable from elsewhere: its packages wherever they are found
    if os.name == "nt":  # file:///C:/x (urllib.request's url2pathname, without importing all it imports)
        from nturl2path import url2pathname

        return Path(url2pathname(parsed.path)).resolve()
    return Path(unquote(parsed.path)).resolve()


def _top_level_names(dist: Distribution) -> list[str]:
    """The top-level modules of ``dist``: ``top_level.txt`` (setuptools), those its entry points name, and its
    own name as a module name."""
    names: list[str] = []
    try:
        text = dist.read_text("top_level.txt") or ""
    except OSError:
        text = ""
    names += [line.strip() for line in text.splitlines() if line.strip()]
    names += [ep.module.split(".")[0] for ep in dist.entry_points]
    name = dist.metadata["Name"]
    if name:
        names.append(name.replace("-", "_").replace(".", "_").lower())
    return list(dict.fromkeys(n for n in names if n.isidentifier()))


def _package_roots(dist: Distribution, project: Path) -> list[Path]:
    """The folders (or single-module files) of ``dist``'s top-level modules inside its ``project`` folder, found
    as Python finds them (without importing them)."""
    from importlib.util import find_spec

    roots: list[Path] = []
    for name in _top_level_names(dist):
        try:
            spec = find_spec(name)
        except (ImportError, ValueError):
            continue
        if spec is None:
            continue
        places = list(spec.submodule_search_locations or [])
        if not places and spec.origin and spec.has_location:
            places = [spec.origin]
        for place in places:
            path = Path(place).resolve()
            if path.is_relative_to(project) and path not in roots:
                roots.append(path)
    return sorted(roots)


def _skipped(folder: str, name: str) -> bool:
    """Whether the folder ``name`` in ``folder`` is left out of a source stamp: hidden, a cache, a virtual
    environment."""
    return name.startswith(".") or name in _SKIPPED_DIRS or os.path.exists(os.path.join(folder, name, "pyvenv.cfg"))


def _content_digest(path: str | os.PathLike[str]) -> str | None:
    """The sha256 of the file at ``path`` (None: it cannot be read)."""
    try:
        with open(path, "rb") as fh:
            return hashlib.sha256(fh.read()).hexdigest()
    except OSError:
        return None


def _source_files(root: Path) -> list[str]:
    """One line per ``.py`` file under ``root`` (or ``root`` itself, a module): its path and a digest of its
    content (its size and modification time say too little: an edit of one digit put back to the old time by
    ``touch -r`` keeps both). Hidden folders, caches and virtual environments are not entered."""
    if root.is_file():
        return [f"{root.name}\0{_content_digest(root)}\n"]
    lines: list[str] = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if not _skipped(folder, d)]
        for name in files:
            if name.endswith(".py"):
                path = os.path.join(folder, name)
                digest = _content_digest(path)
                if digest is not None:
                    lines.append(f"{os.path.relpath(path, root.parent)}\0{digest}\n")
    return sorted(lines)
