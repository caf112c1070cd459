"""Reaching Ray for ``--executor ray``: importing it, joining the cluster or starting a local one, its nodes.

``ray.init()`` joins the cluster named by ``RAY_ADDRESS`` (Ray's own
variable) or starts a local Ray. A plain ``host:port`` address is checked
first (:func:`unreachable`): Ray itself retries for minutes, or forever, where
nothing answers or something else than a Ray head does. Ray is imported
only inside functions: ``import kinemotion`` stays light.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import sys
from collections.abc import Iterator
from typing import Any

from kinemotion.errors import KinemotionError
from kinemotion.extras import pip_install

__all__ = [
    "RayConnectionError",
    "RayNotInstalledError",
    "RayResourceError",
    "check_gpus",
    "import_ray",
    "node_cpus",
    "start_ray",
    "unreachable",
    "worker_slots",
]


class RayNotInstalledError(KinemotionError):
    """``--executor ray`` without Ray installed."""


class RayConnectionError(KinemotionError):
    """Ray could not be started here, or the cluster in ``RAY_ADDRESS`` could not be joined."""


class RayResourceError(KinemotionError):
    """The Ray cluster cannot grant what each task asks for (``--gpus-per-task``)."""


def import_ray() -> Any:
    """The ``ray`` module.

    Raises:
        RayNotInstalledError: Ray is not installed, saying how to install it.
    """
    try:
        import ray
    except ImportError:
        raise RayNotInstalledError(
            f"--executor ray needs Ray: {pip_install('ray')} (or --executor local, the default)"
        ) from None
    return ray


_HTTP2_PREFACE = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" + b"\x00\x00\x00\x04\x00\x00\x00\x00\x00"
"""An HTTP/2 client's first bytes (the preface and an empty SETTINGS frame): what Ray's GCS (gRPC) answers."""


def _first_bytes(sock: socket.socket, count: int) -> bytes:
    data = b""
    with contextlib.suppress(OSError):  # a timeout or a reset: what came so far
        while len(data) < count:
            chunk = sock.recv(count - len(data))
            if not chunk:
                break
            data += chunk
    return data


def unreachable(address: str, timeout: float = 5.0) -> str | None:
    """Why a plain ``host:port`` address is not a Ray cluster (Ray itself retries for minutes, or forever), or None.

    Nothing answers; or what answers does not speak HTTP/2 as Ray's GCS (a gRPC
    server) does: a web server, the dashboard's port, another service.
    """
    host, _, port = address.rpartition(":")
    if "://" in address or not host or not port.isdigit():
        return None  # "auto", "ray://...": Ray's own forms, left to Ray
    try:
        with socket.create_connection((host, int(port)), timeout=timeout) as sock:
            sock.sendall(_HTTP2_PREFACE)
            answer = _first_bytes(sock, 9)
    except OSError as exc:
        return f"nothing answers at {host}:{port} ({exc.strerror or exc})"
    if len(answer) == 9 and answer[3] == 0x04:  # an HTTP/2 SETTINGS frame: a gRPC server, as Ray's GCS is
        return None
    seen = answer.split(b"\r\n", 1)[0][:40].decode("ascii", "replace") if answer else "nothing"
    return (
        f"{host}:{port} answers, but not as a Ray cluster (it sent {seen!r}; Ray's head answers in gRPC on the port "
        "`ray start --head` printed, 6379 by default, not the dashboard's 8265)"
    )


def _live_nodes(ray: Any) -> list[dict[str, float]]:
    """The resources of each live node of the Ray cluster."""
    nodes = [n for n in ray.nodes() if n.get("Alive", n.get("alive", True))]
    return [dict(n.get("Resources", {})) for n in nodes]


def node_cpus(ray: Any) -> list[float]:
    """The CPUs of each live node of the Ray cluster."""
    return [float(resources.get("CPU", 0)) for resources in _live_nodes(ray)]


def worker_slots(ray: Any, cpus: int, gpus: float) -> int:
    """How many workers of ``cpus`` CPUs (and ``gpus`` GPUs, when not 0) the live nodes hold at once, at least 1
    (a cluster whose nodes are not up yet: its one worker waits for a node, as a task would)."""
    slots = 0
    for resources in _live_nodes(ray):
        here = int(float(resources.get("CPU", 0)) // max(1, cpus))
        if gpus:
            here = min(here, int(float(resources.get("GPU", 0)) // gpus))
        slots += here
    return max(1, slots)


def check_gpus(ray: Any, gpus_per_task: float) -> None:
    """Refuse a GPU request no node of the cluster can grant (Ray would wait for one forever)."""
    if not gpus_per_task:
        return
    most = max((float(resources.get("GPU", 0)) for resources in _live_nodes(ray)), default=0.0)
    if most < gpus_per_task:
        raise RayResourceError(
            f"--gpus-per-task {gpus_per_task:g}: no node of the Ray cluster has that many GPUs "
            f"(the most on one node: {most:g}), so every video would wait forever. Lower --gpus-per-task, "
            "add GPU nodes to the cluster, or leave the option out to run on CPUs."
        )


@contextlib.contextmanager
def _utf8_command_line(ray: Any) -> Iterator[None]:
    """The driver's command line as UTF-8 text while Ray starts.

    Ray records it (``sys.argv``, and the process's command line through
    ``ray._private.utils.get_entrypoint_name``) as UTF-8 and fails to start on
    a video's file name that is not valid UTF-8; that video must fail alone
    and the rest of the batch run, so the name is shown as ``\\xNN`` there.
    """
    from kinemotion.tracking.decode import shown

    saved_argv = sys.argv
    utils: Any = getattr(getattr(ray, "_private", None), "utils", None)
    entrypoint = getattr(utils, "get_entrypoint_name", None)
    sys.argv = [shown(arg) for arg in saved_argv]
    if entrypoint is not None:
        utils.get_entrypoint_name = lambda: shown(entrypoint())
    try:
        yield
    finally:
        sys.argv = saved_argv
        if entrypoint is not None:
            utils.get_entrypoint_name = entrypoint


def start_ray(ray: Any) -> None:
    """``ray.init()``: join the cluster named by ``RAY_ADDRESS``, or start a local Ray.

    Raises:
        RayConnectionError: what fails, in one line, with the fix.
    """
    address = os.environ.get("RAY_ADDRESS")
    problem = unreachable(address) if address else None
    if problem is not None:
        raise RayConnectionError(
            f"could not join the Ray cluster at RAY_ADDRESS={address}: {problem}. Start it (`ray start --head`) "
            "or fix RAY_ADDRESS; without RAY_ADDRESS a local Ray is started."
        )
    settings: dict[str, Any] = {"logging_level": logging.WARNING, "log_to_driver": False}
    if not address:
        settings["include_dashboard"] = False
    try:
        with _utf8_command_line(ray):
            ray.init(**settings)
    except Exception as exc:  # Ray raises several kinds; one clear line for each
        cause = exc.__cause__ or exc
        detail = str(cause).strip().splitlines()[0] if str(cause).strip() else type(cause).__name__
        where = f"the Ray cluster at RAY_ADDRESS={address}" if address else "a local Ray"
        raise RayConnectionError(
            f"could not start or join {where}: {type(cause).__name__}: {detail}. Check `ray status` on the head "
            "node (and RAY_AUTH_TOKEN if the cluster uses token authentication), or run with --executor local."
        ) from exc
