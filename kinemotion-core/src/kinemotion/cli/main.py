"""Entry point of the ``kinemotion`` command: the click group and its commands."""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import sys
from typing import NoReturn

import click

from kinemotion import __version__
from kinemotion.cli._anchored import forget_anchored
from kinemotion.cli._long_names import name_too_long
from kinemotion.cli._terminal import PrintableFormatter, echo, shown_text
from kinemotion.cli.angles_cmd import angles
from kinemotion.cli.backends_cmd import backends
from kinemotion.cli.bench_cmd import bench
from kinemotion.cli.jump_cmd import cmj, dropjump
from kinemotion.cli.report_cmd import report
from kinemotion.cli.track_cmd import track
from kinemotion.errors import KinemotionError
from kinemotion.terminal import printable

__all__ = ["cli", "main"]


_OTHER_NAMES = {
    **dict.fromkeys(
        ("sj", "squat", "squatjump", "squat-jump", "squat_jump"),
        'a squat jump is analysed by `kinemotion cmj` (its report says "jump_kind": "squat_jump" when there is '
        "no countermovement)",
    ),
    **dict.fromkeys(
        ("dj", "drop", "drop-jump", "drop_jump", "rsi", "rj"), "a drop jump is analysed by `kinemotion dropjump`"
    ),
    **dict.fromkeys(("countermovement", "cmj-jump", "vertical", "jump"), "a jump is analysed by `kinemotion cmj`"),
}
"""Commands a user may look for under another name (a jump by its short name), and the one to use."""


_RESUME_OPTIONS = frozenset({"--resume", "--continue", "--skip-existing", "--no-overwrite"})
"""Options a user may look for to resume a batch, which every run does by itself."""
_RESUMING = (
    "A re-run resumes by itself: a video whose outputs exist, made from that very file with the same request and "
    "releases, is skipped ('skipped, its outputs exist'), and the others are done; --force redoes every one."
)


class _Group(click.Group):
    """Turns a :class:`KinemotionError` from any command into ``Error: message`` and exit code 1, every
    error's control characters escaped; a command looked for under another name (``kinemotion sj``) names the
    one to use."""

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        """The command ``args`` name, or a usage error naming the command to use for a jump's other name."""
        name = args[0] if args else ""
        if self.get_command(ctx, name) is None and name.strip().lower() in _OTHER_NAMES:
            ctx.fail(f"No such command {name!r}: {_OTHER_NAMES[name.strip().lower()]}.")
        return super().resolve_command(ctx, args)

    def invoke(self, ctx: click.Context) -> object:
        forget_anchored()  # a new command (several run in one process: tests, a host calling main)
        # the command's name and own arguments, before it parses them (click 8.2 renamed the first list)
        given = [*vars(ctx).get("_protected_args", vars(ctx).get("protected_args", [])), *ctx.args]
        try:
            return super().invoke(ctx)
        except click.NoSuchOption as exc:  # a video named like an option (-clip.mp4): "No such option: -c"
            file = _file_named_like_an_option(exc.option_name, given)
            if file is not None:
                said = (
                    f"No such option: {exc.option_name} ({file!r} starts with '-', so it is read as options). For "
                    f"the file {file}, write ./{file}, or put -- before it: -- {file}"
                )
                setattr(exc, "message", said)  # noqa: B010 - typed Final, set once at construction
            elif exc.option_name in _RESUME_OPTIONS and given[:1] in (["track"], ["cmj"], ["dropjump"]):
                setattr(exc, "message", f"No such option: {exc.option_name}. {_RESUMING}")  # noqa: B010 - as above
            setattr(exc, "message", shown_text(exc.message))  # noqa: B010 - as for any usage error below
            raise
        except KinemotionError as exc:
            raise click.ClickException(shown_text(str(exc))) from exc
        except OSError as exc:  # a path's check raising "File name too long" (pathlib's is_dir, exists) before work
            too_long = name_too_long(exc)
            if too_long is None:
                raise
            raise click.ClickException(printable(too_long)) from exc
        except click.ClickException as exc:  # a usage error quoting the value given (a file's name)
            setattr(exc, "message", shown_text(exc.message))  # noqa: B010 - typed Final, set once at construction
            raise


def _file_named_like_an_option(option: str, given: list[str]) -> str | None:
    """The argument in ``given`` that click read as the unknown ``option`` and is a file or folder here
    (``-clip.mp4``, read as ``-c``, or ``--clip.mp4``), or None: the user meant that file."""
    for arg in given:
        if arg == "--":
            break
        if arg.startswith("-") and arg != "-" and arg.split("=", 1)[0].startswith(option) and os.path.lexists(arg):
            return arg
    return None


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kinemotion")
@click.option("-v", "--verbose", count=True, help="More log output (-v info, -vv debug).")
def cli(verbose: int) -> None:
    """Body landmarks and jump metrics from video, on the best pose backend available."""
    level = logging.WARNING - 10 * min(verbose, 2)
    # force: the CLI owns the process's logging (also when a host, such as a test runner, configured it first)
    handler = logging.StreamHandler()
    handler.setFormatter(PrintableFormatter("%(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=level, handlers=[handler], force=True)


cli.add_command(backends)
cli.add_command(bench)
cli.add_command(track)
cli.add_command(cmj)
cli.add_command(dropjump)
cli.add_command(report)
cli.add_command(angles)


def _closed_standard_streams_opened() -> None:
    """Open ``/dev/null`` on each standard descriptor (0, 1, 2) the command was started without (``2>&-``, a
    service or cron job with its streams closed), and give Python a stream on it where it has none.

    Python leaves ``sys.stderr`` None then, and the next file opened takes descriptor 2: MediaPipe's creation
    (which silences its native log by redirecting descriptor 2) failed with "'NoneType' object has no attribute
    'flush'", every video refused with no word (its error went to no stderr) and exit 1, and a native library
    writing a warning to descriptor 2 would have written it into whatever output file held that number.
    """
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            null = os.open(os.devnull, os.O_RDWR)
            if null != fd:
                os.dup2(null, fd)
                os.close(null)
    for name, fd, mode in (("stdin", 0, "r"), ("stdout", 1, "w"), ("stderr", 2, "w")):
        if getattr(sys, name) is None:
            setattr(sys, name, open(fd, mode, encoding="utf-8", errors="backslashreplace", closefd=False))  # noqa: SIM115


def _stderr_of_our_own() -> None:
    """Point Python's stderr at a duplicate of file descriptor 2.

    Videos are tracked in a thread while this one writes outputs and messages;
    a backend that silences native logging by redirecting descriptor 2 for a
    while (MediaPipe, around creating its graphs) would otherwise swallow an
    error message printed meanwhile. Only native writes to descriptor 2 are
    redirected then; the command's messages, logs and progress bars are not.
    """
    try:
        sys.stderr.flush()
        duplicate = os.dup(sys.stderr.fileno())
    except (AttributeError, OSError, ValueError):  # no real stderr (embedded, captured): nothing to protect
        return
    encoding, errors = sys.stderr.encoding, sys.stderr.errors
    sys.stderr = open(duplicate, "w", buffering=1, encoding=encoding, errors=errors)  # noqa: SIM115 - lives as stderr


def _quiet_native_video_logs() -> None:
    """No native OpenCV/FFmpeg log lines ("[ WARN:0@0.2] global cap.cpp:212 open VIDEOIO(FFMPEG) ...",
    "[mov,mp4,...] moov atom not found") beside the command's own message, which already names the file and
    the fix. Only when the user has not set these OpenCV variables; worker processes inherit them."""
    os.environ.setdefault("OPENCV_FFMPEG_LOGLEVEL", "0")  # FFmpeg's "panic" level: read at the first open
    if "OPENCV_LOG_LEVEL" not in os.environ:
        os.environ["OPENCV_LOG_LEVEL"] = "ERROR"  # for processes started from here
        import cv2

        cv2.utils.logging.setLogLevel(cv2.utils.logging.LOG_LEVEL_ERROR)  # this one has loaded OpenCV already


class _Terminated(KeyboardInterrupt):
    """SIGTERM (``kill``, ``timeout``, ``docker stop``, a batch scheduler) or SIGHUP (the terminal or SSH session
    closed): the run stops as Ctrl-C stops it."""

    def __init__(self, signum: int) -> None:
        super().__init__(f"terminated (signal {signum})")
        self.signum = signum


def _stop_signals() -> list[signal.Signals]:
    """The signals that stop a run as Ctrl-C does: SIGTERM, and SIGHUP where there is one (POSIX) and it is not
    ignored (``nohup kinemotion ...`` asks to run on when the terminal closes)."""
    hangup: signal.Signals | None = getattr(signal, "SIGHUP", None)
    if hangup is None or signal.getsignal(hangup) is signal.SIG_IGN:
        return [signal.SIGTERM]
    return [signal.SIGTERM, hangup]


def _stop_as_ctrl_c_on_sigterm() -> None:
    """SIGTERM and SIGHUP (:func:`_stop_signals`) raise :class:`_Terminated` in the main thread, so the command's
    Ctrl-C path runs: worker processes stopped and their partial files removed (the default ends this process
    alone, leaving a ``-j N`` worker tracking on, orphaned, writing overlays after the command is gone, and a
    hidden partial overlay and the earlier outputs set aside behind it)."""

    def stop(signum: int, frame: object) -> None:
        raise _Terminated(signum)

    with contextlib.suppress(ValueError):  # not the main thread (an embedding host): its handler stays
        for stopping in _stop_signals():
            signal.signal(stopping, stop)


def _stopped(exc: BaseException | None) -> NoReturn:
    from kinemotion.cli._options import RESUME_ATTRIBUTE

    terminated = isinstance(exc, _Terminated)
    hint = getattr(exc, RESUME_ATTRIBUTE, None)  # a batch of videos: how to go on
    echo(("Terminated." if terminated else "Interrupted.") + (f" {hint}" if hint else ""), err=True)
    sys.exit(128 + exc.signum if isinstance(exc, _Terminated) else 130)


def main() -> None:
    """Run the CLI; a KinemotionError becomes a one-line message and exit code 1."""
    _closed_standard_streams_opened()
    _stderr_of_our_own()
    _quiet_native_video_logs()
    _stop_as_ctrl_c_on_sigterm()
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except KeyboardInterrupt as exc:
        _stopped(exc)
    except click.exceptions.Abort as exc:  # click's form of Ctrl-C
        if isinstance(exc.__cause__, KeyboardInterrupt):
            _stopped(exc.__cause__)
        echo("Aborted.", err=True)
        sys.exit(130)
    except KinemotionError as exc:
        echo(f"Error: {exc}", err=True)
        sys.exit(1)
