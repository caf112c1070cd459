"""Track dev-set clips with ``rtmpose-openvino`` in a process of its own, for :mod:`test_cpu_kinds`.

OpenVINO's CPU kernels come from oneDNN, which picks them by the instruction sets
the CPU has once per process, before the first model is compiled; the caller
sets ``ONEDNN_MAX_CPU_ISA`` (e.g. ``AVX512_CORE_BF16``: the kernels of an AMD
AVX-512 BF16 CPU, on an Intel AMX one) in this process's environment to run
the kernels another kind of CPU would.

Usage: ``python -m tests.rtmpose.track_on_cpu_kind PRECISION OUT_DIR CLIP [CLIP ...]``
writes ``OUT_DIR/<clip stem>.json`` (the landmark JSON) for each clip, and ``OUT_DIR/kernels.json``: the
kernel (OpenVINO's ``primitiveType``) of each convolution of the pose model as this process compiles it, with
the plugin's own session and compiled-model cache, so the caller can see that the instruction sets it asked for
were the ones used (an ``ONEDNN_MAX_CPU_ISA`` without effect would leave the host's kernels, and the landmarks
the host's).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from kinemotion.tracking import track_video, write_json
from kinemotion_rtmpose.openvino_runtime import make_openvino_session
from tests.assets import RTMPOSE_S, asset
from tests.jump.labelled import clip_video


def convolution_kernels(precision: str) -> list[str]:
    """The kernel of each convolution of the pose model compiled at ``precision`` in this process."""
    session = make_openvino_session(asset(RTMPOSE_S), precision=precision)  # type: ignore[arg-type]
    runtime = session._compiled.get_runtime_model()  # what OpenVINO compiled, op by op
    return [
        op.get_rt_info()["primitiveType"].astype(str)
        for op in runtime.get_ops()
        if op.get_rt_info()["layerType"].astype(str) == "Convolution"
    ]


def main(precision: str, out_dir: str, *clips: str) -> None:
    for clip in clips:
        result = track_video(clip_video(clip), "rtmpose-openvino", progress=False, precision=precision)
        write_json(result, Path(out_dir) / f"{Path(clip).stem}.json")
    (Path(out_dir) / "kernels.json").write_text(json.dumps(convolution_kernels(precision)), encoding="utf-8")


if __name__ == "__main__":
    main(*sys.argv[1:])
