"""Write real installed distributions (a ``.dist-info`` plus modules) into a folder.

This is what ``pip install`` leaves in site-packages; putting the folder on
``sys.path`` (or ``PYTHONPATH`` for a subprocess) makes ``importlib.metadata``
discover the entry points exactly as it does for pip-installed plugins.
:func:`install_backend` installs a test backend of which a test gives only the
tracker (the plugin around it is the same for all), :func:`env_with` the
environment of a subprocess that discovers it.
"""

from __future__ import annotations

import importlib
import os
import sys
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def write_distribution(
    site: Path,
    dist: str,
    version: str,
    entry_points: dict[str, str],
    modules: dict[str, str],
    group: str = "kinemotion.backends",
) -> None:
    """Install distribution ``dist`` into ``site`` with the given entry points (in ``group``) and modules."""
    info = site / f"{dist.replace('-', '_')}-{version}.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: {version}\n")
    lines = [f"[{group}]", *(f"{k} = {v}" for k, v in entry_points.items())]
    (info / "entry_points.txt").write_text("\n".join(lines) + "\n")
    records = [f"{info.name}/METADATA,,", f"{info.name}/entry_points.txt,,"]
    for module, source in modules.items():
        (site / f"{module}.py").write_text(textwrap.dedent(source))
        records.append(f"{module}.py,,")
    (info / "RECORD").write_text("\n".join(records) + "\n")


@contextmanager
def on_sys_path(site: Path) -> Iterator[None]:
    """Make the distributions in ``site`` importable and discoverable, then remove them."""
    sys.path.insert(0, str(site))
    importlib.invalidate_caches()
    try:
        yield
    finally:
        sys.path.remove(str(site))
        for name in [
            m for m, mod in sys.modules.items() if (getattr(mod, "__file__", None) or "").startswith(str(site))
        ]:
            del sys.modules[name]
        importlib.invalidate_caches()


TRACKER_LIFECYCLE = """
    def close(self):
        pass
    def __enter__(self):
        return self
    def __exit__(self, *exc):
        self.close()
"""
"""A test tracker's ``close`` and context manager, to end the source of its class (indented as methods)."""


PLUGIN_SOURCE = (
    """
from kinemotion import Availability, REQUIRED_LANDMARKS

class Tracker:
    def __init__(self, name):
        self.name = name
    def process_frame(self, frame, timestamp_ms=0):
        if frame.std() == 0:
            return None
        return {{n: (0.5, 0.5, 1.0) for n in REQUIRED_LANDMARKS}}
"""
    + TRACKER_LIFECYCLE
    + """
class Plugin:
    name = "{name}"
    priority = {priority}
    modes = ("lightweight",)
    def probe(self):
        {probe}
    def create(self, mode="lightweight", **options):
        if mode not in self.modes:
            raise ValueError(mode)
        {create}
"""
)


def plugin_module(
    name: str,
    priority: int = 1000,
    probe: str = 'return Availability.yes("third-party ready")',
    create: str = "return Tracker(self.name)",
) -> str:
    return PLUGIN_SOURCE.format(name=name, priority=priority, probe=probe, create=create)


INSTALLED_PLUGIN = """
from kinemotion import Availability

class Plugin:
    name = {name!r}
    priority = -10
    modes = ("lightweight",)
    def probe(self):
        return Availability.yes("test backend")
    def create(self, mode="lightweight", **options):
        return Tracker()
"""


def install_backend(site: Path, name: str, tracker_source: str) -> None:
    """Install backend ``name`` into ``site``: its tracker is ``tracker_source`` (which defines ``Tracker``)."""
    module = name.replace("-", "_")
    source = tracker_source + INSTALLED_PLUGIN.format(name=name)
    write_distribution(site, f"{name}-backend", "1.0", {name: f"{module}:Plugin"}, {module: source})


def env_with(site: Path, **variables: str) -> dict[str, str]:
    """This process's environment with ``site`` first on ``PYTHONPATH`` (and ``variables`` set)."""
    env = {**os.environ, **variables}
    env["PYTHONPATH"] = os.pathsep.join([str(site), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    return env
