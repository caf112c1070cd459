"""A test backend installed as a real distribution (an entry point in a site folder put on ``PYTHONPATH``), for
tests that run the command in a subprocess or in worker processes that discover plugins themselves.

The tests give only the tracker (a class ``Tracker`` in Python source); the plugin around it is the same for all.
"""

from __future__ import annotations

import os
from pathlib import Path

from tests.core.distributions import write_distribution

PLUGIN = """
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
    source = tracker_source + PLUGIN.format(name=name)
    write_distribution(site, f"{name}-backend", "1.0", {name: f"{module}:Plugin"}, {module: source})


def env_with(site: Path, **variables: str) -> dict[str, str]:
    """This process's environment with ``site`` first on ``PYTHONPATH`` (and ``variables`` set)."""
    env = {**os.environ, **variables}
    env["PYTHONPATH"] = os.pathsep.join([str(site), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    return env
