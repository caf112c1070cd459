"""What an object returned by a plugin's ``create()`` lacks of a :class:`~kinemotion.pose.contract.PoseTracker`."""

from __future__ import annotations

__all__ = ["TRACKER_MEMBERS", "not_a_tracker"]

TRACKER_MEMBERS = ("process_frame", "close", "__enter__", "__exit__")
"""The methods every tracker has (the optional attributes of the contract aside)."""


def not_a_tracker(tracker: object) -> str:
    """Why ``tracker`` is not a ``PoseTracker``: the methods it lacks, and how to get the context manager.

    Example: "T lacks __enter__, __exit__ (a tracker is a context manager: subclass kinemotion.ClosingTracker
    to get them from its close())".
    """
    missing = [name for name in TRACKER_MEMBERS if not callable(getattr(tracker, name, None))]
    fix = (
        " (a tracker is a context manager: subclass kinemotion.ClosingTracker to get them from its close())"
        if {"__enter__", "__exit__"} & set(missing)
        else ""
    )
    return f"{type(tracker).__name__} lacks {', '.join(missing) or 'nothing'}{fix}"
