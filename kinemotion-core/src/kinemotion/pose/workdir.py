"""A backend's call leaves the process's working directory where it was.

Some pose libraries are driven from their own folder (OpenPose's Python examples ``os.chdir`` to it to find
their models), and a plugin wrapping one may change the working directory in ``probe()``, ``create()`` or a
frame. Every path a command was given relative to it (``-o out/``, ``--overlay``, the next video of the
batch) then meant another place: `kinemotion track v.mp4 -o out/` said "wrote out/v.landmarks.json" and wrote
it into the plugin's folder. Each call into a plugin is made inside :func:`working_directory_kept`, which
changes it back after the call and says so once per backend.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterator

from kinemotion.pose.stdout import backend_prints_marked

__all__ = ["working_directory_kept"]

logger = logging.getLogger(__name__)

_SAID: set[str] = set()
"""Backends already warned about (a batch calls one many times)."""


def _cwd() -> str | None:
    try:
        return os.getcwd()
    except OSError:  # the folder was removed (by the plugin, or under it)
        return None


@contextlib.contextmanager
def working_directory_kept(backend: str, call: str) -> Iterator[None]:
    """Run a plugin's ``call`` (``"create()"``, ``"process_frame()"``...) of ``backend``, then put the working
    directory back where it was if the call moved it, with a warning naming the backend (once)."""
    before = _cwd()
    try:
        with backend_prints_marked(backend, call):  # its prints never run into kinemotion's standard output
            yield
    finally:
        after = _cwd()
        if before is not None and after != before:
            os.chdir(before)
            if backend not in _SAID:
                _SAID.add(backend)
                logger.warning(
                    "backend %r changed the working directory to %s in %s; kinemotion changed it back (the "
                    "paths it was given, such as -o, are relative to it). A backend should leave it as it found "
                    "it (open its own files by absolute paths); report it to the backend's authors.",
                    backend,
                    after,
                    call,
                )
