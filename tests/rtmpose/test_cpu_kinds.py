"""The same clips, the same jumps on the CPUs this project runs on: Intel AMX, AMD AVX-512 BF16, AVX2 only.

``rtmpose-openvino`` computes in bf16 where the CPU has native bf16 (its
default) and in fp32 otherwise; oneDNN picks the kernels by the CPU's
instruction sets, so an Intel Xeon with AMX and an AMD EPYC with AVX-512 BF16
round bf16 differently. A test machine can run the kernels of a CPU with
fewer instruction sets than its own (``ONEDNN_MAX_CPU_ISA`` in a fresh
process: :mod:`tests.rtmpose.track_on_cpu_kind`), so each test here runs where
the host has more than the CPU it stands in for, and skips, saying so,
elsewhere (a machine cannot run the kernels of a CPU it is not). Each test
first checks the kernels each process compiled (its convolutions', the
bulk of the model): were ``ONEDNN_MAX_CPU_ISA`` without effect, the fp32
comparison would set the host against itself and pass. OpenVINO's own JIT
kernels of a few light nodes (Reduce; the detector's TopK and Interpolate)
do not follow the variable and stay the host's.

- fp32 (what the dev-set bars of ``tests/jump`` are held at): the landmarks
  of AVX2 kernels are those of the host's, to a hundredth of a pixel, so no
  bar there depends on the CPU;
- bf16 (the default on AMX and AVX-512 BF16 CPUs): the two CPUs' landmarks
  differ by about a pixel (measured on the dev set: 0.7-1.2 px median), and
  every event of the dev set moves by less than half a frame (measured: 0.44
  at most, 3 of 42 events by more than 0.3, each a foot settling slowly onto
  the ground, where bf16 moved it by up to 0.01 body heights) and less than
  its own reported uncertainty; the same jumps are found.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from kinemotion.errors import AnalysisError
from kinemotion.jump import JumpSignals, analyze_cmj_set
from kinemotion.tracking import TrackingResult, read_json
from tests.assets import RTMPOSE_S, asset
from tests.jump.labelled import timing_clips

pytestmark = pytest.mark.models

REPO_ROOT = Path(__file__).resolve().parents[2]
HALF_FRAME = 0.5


def _cpu_flags() -> set[str]:
    """The host CPU's feature flags (Linux), or none where they cannot be read."""
    try:
        text = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return set()
    for line in text.splitlines():
        if line.startswith("flags"):
            return set(line.split(":", 1)[1].split())
    return set()


FLAGS = _cpu_flags()


def _track(tmp_path: Path, name: str, precision: str, isa: str | None) -> tuple[dict[str, TrackingResult], list[str]]:
    """The dev set's timing clips tracked by ``rtmpose-openvino`` at ``precision`` in a fresh process, with
    oneDNN held to ``isa`` (None: the host's own kernels), and the kernels of the pose model's convolutions
    in that process."""
    out = tmp_path / name
    out.mkdir()
    env = {**os.environ, "KINEMOTION_MODEL_DIR": str(asset(RTMPOSE_S).parent)}
    env.pop("ONEDNN_MAX_CPU_ISA", None)
    if isa is not None:
        env["ONEDNN_MAX_CPU_ISA"] = isa
    clips = timing_clips()
    command = [sys.executable, "-m", "tests.rtmpose.track_on_cpu_kind", precision, str(out), *clips]
    done = subprocess.run(command, cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    kernels = json.loads((out / "kernels.json").read_text(encoding="utf-8"))
    assert kernels, "no convolution kernel reported"
    return {clip: read_json(out / f"{Path(clip).stem}.json") for clip in clips}, kernels


def _pixels_apart(a: TrackingResult, b: TrackingResult) -> np.ndarray:
    """Per landmark and frame seen by both: how far apart the two trackings put it (pixels)."""
    dx = (a.landmarks[..., 0] - b.landmarks[..., 0]) * a.video.width
    dy = (a.landmarks[..., 1] - b.landmarks[..., 1]) * a.video.height
    distance = np.hypot(dx, dy)
    return distance[np.isfinite(distance)]


def _jumps(result: TrackingResult) -> list[tuple[dict[str, float], dict[str, float]]]:
    """Each reported jump's events (fractional frames) and their 90 % half-widths (frames)."""
    signals = JumpSignals.from_tracking(result)
    try:
        jumps = analyze_cmj_set(signals).jumps
    except AnalysisError:
        return []
    return [
        (
            {e: jump.phases_frame[e] for e in ("takeoff", "landing")},
            {e: jump.uncertainty_s[e] * signals.fps for e in ("takeoff", "landing")},
        )
        for jump in jumps
    ]


@pytest.mark.skipif(
    not {"avx512f", "amx_bf16"} & FLAGS,
    reason="this CPU has no AVX-512: its fp32 kernels are AVX2's already (nothing else to compare)",
)
def test_fp32_landmarks_of_avx2_kernels_are_the_host_s(tmp_path: Path) -> None:
    host, host_kernels = _track(tmp_path, "host", "fp32", None)
    avx2, avx2_kernels = _track(tmp_path, "avx2", "fp32", "AVX2")
    assert any("avx512" in k for k in host_kernels), sorted(set(host_kernels))
    assert all("avx2" in k and "avx512" not in k for k in avx2_kernels), sorted(set(avx2_kernels))  # ISA held
    for clip in host:
        apart = _pixels_apart(host[clip], avx2[clip])
        assert len(apart) > 0, clip
        assert float(np.median(apart)) < 0.01 and float(np.percentile(apart, 99)) < 0.1, (clip, np.max(apart))
        same = [(j[0], k[0]) for j, k in zip(_jumps(host[clip]), _jumps(avx2[clip]), strict=True)]
        for ours, theirs in same:
            for event, frame in ours.items():
                assert theirs[event] == pytest.approx(frame, abs=0.01), (clip, event)


@pytest.mark.skipif(
    "amx_bf16" not in FLAGS,
    reason="needs an Intel AMX CPU to set its bf16 against an AVX-512 BF16 CPU's (a CPU cannot run AMX it lacks)",
)
def test_bf16_on_amx_and_on_avx512_bf16_finds_the_same_jumps_within_their_uncertainty(tmp_path: Path) -> None:
    amx, amx_kernels = _track(tmp_path, "amx", "bf16", None)
    avx512, avx512_kernels = _track(tmp_path, "avx512-bf16", "bf16", "AVX512_CORE_BF16")
    assert any("amx" in k for k in amx_kernels), sorted(set(amx_kernels))
    assert not any("amx" in k for k in avx512_kernels), sorted(set(avx512_kernels))  # the ISA was held
    moved = []
    for clip in amx:
        apart = _pixels_apart(amx[clip], avx512[clip])
        assert 0 < float(np.median(apart)) < 2.0, clip  # differently rounded (else the ISA was not held), a px or so
        ours, theirs = _jumps(amx[clip]), _jumps(avx512[clip])
        assert len(ours) == len(theirs), (clip, ours, theirs)
        for (events, half), (other, other_half) in zip(ours, theirs, strict=True):
            for event, frame in events.items():
                move = abs(other[event] - frame)
                moved.append(move)
                assert move < HALF_FRAME, (clip, event, frame, other[event])
                assert move <= min(half[event], other_half[event]), (clip, event, move, half[event])
    assert len(moved) >= 40, len(moved)  # every timing clip's jumps were compared
