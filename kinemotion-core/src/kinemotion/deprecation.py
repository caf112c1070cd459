"""The deprecation record: what of the public API is on its way out, since when, and what to use.

The policy (CHANGELOG.md and the plugin authors' guide): within a major
version nothing public is removed or changed incompatibly unless it was
deprecated first: listed here and warning (:func:`warn_deprecated`, a
:class:`DeprecationWarning` naming the replacement) in at least one released
minor version. ``nox -s api`` enforces it: a break of the public API fails
unless the major version changed or the broken name is in the
:data:`DEPRECATIONS` of the release it is compared with.

A name is recorded by its full path: ``kinemotion.pose.contract.X`` for
Python, ``cli: kinemotion track --option`` for the command line,
``schema: tracking.schema.json /properties/x`` for an output field.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

__all__ = ["DEPRECATIONS", "Deprecation", "deprecation_of", "warn_deprecated"]


@dataclass(frozen=True)
class Deprecation:
    """One deprecated name of the public API."""

    name: str
    """Its full path (``kinemotion.pose.contract.X``, ``cli: kinemotion track --option``, ``schema: ...``)."""
    since: str
    """The kinemotion version whose release first warned about it."""
    removal: str
    """The first version without it (at least one minor release after :attr:`since`)."""
    replacement: str
    """What to use instead, in words a user can act on."""

    def message(self) -> str:
        """The warning: what, since when, until when, and what to use instead."""
        return f"{self.name} is deprecated since kinemotion {self.since} and goes in {self.removal}: {self.replacement}"


DEPRECATIONS: tuple[Deprecation, ...] = ()
"""Everything deprecated now. Empty: nothing public is on its way out."""


def deprecation_of(name: str) -> Deprecation | None:
    """The record of ``name`` or of the object it belongs to (``a.B`` covers ``a.B.method``)."""
    for record in DEPRECATIONS:
        if name == record.name or name.startswith(record.name + ".") or name.startswith(record.name + " "):
            return record
    return None


def warn_deprecated(name: str, *, stacklevel: int = 3) -> None:
    """Warn that ``name`` is deprecated (the module or class keeping it calls this on each use).

    Raises:
        KeyError: ``name`` is not recorded in :data:`DEPRECATIONS` (record it first).
    """
    record = deprecation_of(name)
    if record is None:
        raise KeyError(f"{name} is not in kinemotion.deprecation.DEPRECATIONS: record it there first")
    warnings.warn(record.message(), DeprecationWarning, stacklevel=stacklevel)
