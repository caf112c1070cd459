#!/usr/bin/env bash
# The GPU check of rtmpose-cuda, on a fresh NVIDIA machine, in minutes. Every result goes to
# RESULTS/gpu-check.json (benchmarks/gpu_check.py says what each section holds) and the log to
# RESULTS/gpu-check.log.
#
#   bash benchmarks/gpu_check.sh [RESULTS]
#
# 1. A venv with `kinemotion[rtmpose-cuda]`, installed as the README says, from the index; or, on a
#    machine without internet, from KINEMOTION_WHEELHOUSE (a folder of wheels: the project's own,
#    built by `nox -s build`, and onnxruntime-gpu), the rest (numpy, OpenCV, the nvidia-* CUDA and
#    cuDNN wheels) taken from the machine's Python (a venv with --system-site-packages).
# 2. `kinemotion backends` (auto must pick rtmpose-cuda).
# 3. benchmarks/gpu_check.py: accuracy against rtmpose-cpu, the pipeline's stages, `kinemotion track` at
#    720p and 1080p, several videos at once (the API and `track -j`), bare-model variants, `kinemotion
#    bench` GPU vs CPU.
# 4. The backend's tests (tests/rtmpose/: the GPU-only ones run here).
#
# Environment: PYTHON (default python3), KINEMOTION_MODEL_DIR (default ../shared/assets/models),
# DEMO_VIDEO (default ../shared/assets/video/backflip-demo.mp4), GPU_CHECK_SKIP (sections to skip),
# GPU_CHECK_ARGS (more options of gpu_check.py), KINEMOTION_TEST_ASSETS (where the tests find the demo and
# models on a machine without ../shared).
set -uo pipefail
cd "$(dirname "$0")/.."
RESULTS=${1:-gpu-check}
mkdir -p "$RESULTS"
RESULTS=$(cd "$RESULTS" && pwd)
LOG="$RESULTS/gpu-check.log"
PY=${PYTHON:-python3}
VENV=${GPU_CHECK_VENV:-/tmp/kinemotion-gpu-venv}
export KINEMOTION_MODEL_DIR=${KINEMOTION_MODEL_DIR:-$(cd .. && pwd)/shared/assets/models}
DEMO_VIDEO=${DEMO_VIDEO:-$(cd .. && pwd)/shared/assets/video/backflip-demo.mp4}
export KINEMOTION_CACHE_DIR=${KINEMOTION_CACHE_DIR:-/tmp/kinemotion-gpu-check-cache}
export PYTHONUNBUFFERED=1
log() { echo "[$(date +%T)] $*" | tee -a "$LOG"; }
step() {  # step SECONDS NAME CMD...: run with a deadline, log the outcome, go on either way
  local seconds=$1 name=$2; shift 2
  log "$name: $*"
  timeout "$seconds" "$@" >>"$LOG" 2>&1
  local rc=$?
  log "$name: exit $rc"
  return $rc
}

START=$(date +%s)
log "GPU check on $(hostname): $(nvidia-smi --query-gpu=name,driver_version --format=csv,noheader 2>&1)"
if [ -n "${KINEMOTION_WHEELHOUSE:-}" ]; then
  # Offline: the machine's own packages count, so a CPU onnxruntime there would sit beside
  # onnxruntime-gpu (they overwrite each other's files, and rtmpose-cuda refuses to run so).
  if "$PY" -m pip show -q onnxruntime >/dev/null 2>&1; then
    log "removing the CPU onnxruntime of $PY (onnxruntime and onnxruntime-gpu must never be installed together)"
    "$PY" -m pip uninstall -q -y onnxruntime >>"$LOG" 2>&1
  fi
  # The venv sees the machine's packages through a .pth file (PY may itself be a venv, whose
  # packages --system-site-packages would not show).
  "$PY" -m venv "$VENV"
  "$PY" -c "import site; print('\n'.join(site.getsitepackages()))" \
    >"$("$VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')/machine-packages.pth"
  step 600 install "$VENV/bin/python" -m pip install -q --no-index --find-links "$KINEMOTION_WHEELHOUSE" \
    "kinemotion[rtmpose-cuda]>=1.0.0.dev0" || exit 1
else
  "$PY" -m venv "$VENV"
  step 900 install "$VENV/bin/python" -m pip install -q "kinemotion[rtmpose-cuda]>=1.0.0.dev0" pytest onnx || exit 1
fi
log "installed in $(( $(date +%s) - START )) s: $("$VENV/bin/python" -m pip list 2>/dev/null | grep -i -E '^(kinemotion|onnxruntime)' | tr -s ' ' | tr '\n' ';')"

step 300 backends "$VENV/bin/kinemotion" backends
# The figures first, then the backend's tests (a GPU machine's time may run out before the end).
# shellcheck disable=SC2086 # GPU_CHECK_ARGS: more options of gpu_check.py, split on spaces
step 1200 measure "$VENV/bin/python" benchmarks/gpu_check.py --out "$RESULTS/gpu-check.json" --video "$DEMO_VIDEO" \
  --skip "${GPU_CHECK_SKIP:-}" ${GPU_CHECK_ARGS:-}
step 600 tests "$VENV/bin/python" -m pytest -q -p no:cacheprovider tests/rtmpose/test_gpu_paths.py \
  tests/rtmpose/test_onnx_head.py tests/rtmpose/test_stream_batch.py tests/rtmpose/test_plugin.py
log "done in $(( $(date +%s) - START )) s; results: $RESULTS/gpu-check.json"
