"""Installed versions: of any distribution, and of kinemotion itself (what ``kinemotion.__version__`` says).

The one place the fallback for a source tree lives (``0+unknown``: kinemotion
not installed), so that what an output records (``kinemotion_version``) and
what a resumed batch compares it with are the same. Standard library only,
and ``importlib.metadata`` (slow to import) only when asked: ``import
kinemotion`` stays light.
"""

from __future__ import annotations

__all__ = ["SOURCE_TREE_VERSION", "installed_version", "kinemotion_version"]

SOURCE_TREE_VERSION = "0+unknown"
"""kinemotion's version when it runs from a source tree, not installed."""


def installed_version(distribution: str) -> str | None:
    """The installed version of ``distribution``; None when it is not installed."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(distribution)
    except PackageNotFoundError:
        return None


def kinemotion_version() -> str:
    """kinemotion's installed version, or :data:`SOURCE_TREE_VERSION` from a source tree."""
    return installed_version("kinemotion") or SOURCE_TREE_VERSION
