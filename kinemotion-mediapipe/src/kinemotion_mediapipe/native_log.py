"""Keeping MediaPipe's native log (LiteRT, XNNPACK, glog) off a quiet terminal.

MediaPipe's C++ code writes straight to the process's stderr file descriptor
while a graph is created, on its first frame and when it is closed ("Sparsity
tensors may not yet be fully supported" dozens of times, LiteRT and XNNPACK
info lines, alignment warnings). Python's logging cannot reach it, so those
calls run with file descriptor 2 redirected to a temporary file:

- the captured text goes to this module's logger at DEBUG (``kinemotion -vv``);
- with ``-v`` (this logger enabled for INFO) nothing is redirected: the native
  log shows as it is;
- if the call fails, the captured text is written back to stderr before the
  exception propagates, so real errors stay visible.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import tempfile
from collections.abc import Iterator

__all__ = ["quiet_native_stderr"]

logger = logging.getLogger(__name__)


@contextlib.contextmanager
def quiet_native_stderr(what: str) -> Iterator[None]:
    """Run the block with native stderr captured (see the module docstring); ``what`` names it in the log."""
    if logger.isEnabledFor(logging.INFO):
        yield
        return
    try:
        if sys.stderr is not None:  # None: a script run without one (pythonw, a closed descriptor 2)
            sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError):  # no usable fd 2 (embedded interpreters): leave it alone
        yield
        return
    with tempfile.TemporaryFile() as captured:
        os.dup2(captured.fileno(), 2)
        failed = False
        try:
            yield
        except BaseException:
            failed = True
            raise
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            captured.seek(0)
            text = captured.read().decode("utf-8", errors="replace")
            if failed and text and sys.stderr is not None:
                sys.stderr.write(text)
                sys.stderr.flush()
            elif text:
                logger.debug("MediaPipe native log (%s):\n%s", what, text.rstrip())
