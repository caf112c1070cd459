"""Track dev-set clips with ``rtmpose-openvino`` in a process of its own, for :mod:`test_cpu_kinds`.

OpenVINO's CPU kernels come from oneDNN, which picks them by the instruction sets
the CPU has once per process, before the first model is compiled; the caller
sets ``ONEDNN_MAX_CPU_ISA`` (e.g. ``AVX512_CORE_BF16``: the kernels of an AMD
AVX-512 BF16 CPU, on an Intel AMX one) in this process's environment to run
the kernels another kind of CPU would.

Usage: ``python -m tests.rtmpose.track_on_cpu_kind PRECISION OUT_DIR CLIP [CLIP ...]``
writes ``OUT_DIR/<clip stem>.json`` (the landmark JSON) for each clip.
"""

from __future__ import annotations

import sys
from pathlib import Path

from kinemotion.tracking import track_video, write_json
from tests.jump.labelled import clip_video


def main(precision: str, out_dir: str, *clips: str) -> None:
    for clip in clips:
        result = track_video(clip_video(clip), "rtmpose-openvino", progress=False, precision=precision)
        write_json(result, Path(out_dir) / f"{Path(clip).stem}.json")


if __name__ == "__main__":
    main(*sys.argv[1:])
