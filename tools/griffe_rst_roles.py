"""A griffe extension for the documentation site: Sphinx roles in docstrings shown as code.

The docstrings name objects the Sphinx way (``:class:`PoseTracker```,
``:func:`~kinemotion.pose.contract.provider_of```), which Markdown would show
with the role in front; the site shows the name as code (the last part only
after ``~``, as Sphinx does).
"""

from __future__ import annotations

import re
from typing import Any

import griffe

ROLE = re.compile(r":(?:class|func|meth|mod|data|attr|exc|obj|const):`(~?)([^`]+)`")


def _as_code(match: re.Match[str]) -> str:
    name = match[2].rsplit(".", 1)[-1] if match[1] else match[2]
    return f"`{name}`"


class RstRoles(griffe.Extension):
    """Rewrite ``:role:`name``` as ```name``` in every docstring."""

    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        if obj.docstring is not None:
            obj.docstring.value = ROLE.sub(_as_code, obj.docstring.value)
