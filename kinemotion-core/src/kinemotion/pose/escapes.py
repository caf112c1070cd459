"""What a plugin's code lets out that is no ``Exception``, named as the backend's failure.

A plugin's ``create()`` or ``process_frame()`` may call ``sys.exit()``, which
would end the command silently (exit 0, nothing done), or leak a
``BaseException`` that is no ``Exception`` (asyncio's ``CancelledError``,
``GeneratorExit``), which would end it in a bare traceback. Both callers of
plugin code (:mod:`kinemotion.pose.selection`, :mod:`kinemotion.tracking.pipeline`)
turn either into one :class:`~kinemotion.errors.BackendError` worded here.
``KeyboardInterrupt`` is never the backend's: callers let it through.
"""

from __future__ import annotations

from kinemotion.errors import BackendError
from kinemotion.pose.rules import explain

__all__ = ["escaped_error"]


def escaped_error(exc: BaseException, *, who: str, failed: str, during: str, to_go_on: str) -> BackendError:
    """The error for ``exc``, a ``SystemExit`` or another BaseException that is no Exception, raised by a plugin.

    Args:
        exc: what the plugin's code raised (never ``KeyboardInterrupt``: the user's).
        who: the backend, as the sentence starts (``"Backend 'x'"``).
        failed: what failed, after ``who`` (``"failed on frame 3 of clip.mp4"``).
        during: when it called ``sys.exit()``, after ``who called sys.exit(CODE)`` (``"on frame 3 of clip.mp4"``).
        to_go_on: the sentence saying what to do.
    """
    if isinstance(exc, SystemExit):
        return BackendError(
            f"{who} called sys.exit({exc.code!r}) {during}: a backend must raise an exception, not exit. {to_go_on}"
        )
    return BackendError(
        f"{who} {failed}: {explain(exc)} (a BaseException that is no Exception, as asyncio's CancelledError is, "
        f"leaked from its own code). {to_go_on}"
    )
