"""Run hand-made mutants one at a time (docs/mutation.md, rounds 5 and 6): apply one, run its tests, restore the file.

Usage: ``python tools/hand_mutants.py tools/mutants_round5.py [ID ...]`` from the repository root (``ID``: run only
those). Each mutant is a dict with ``id``, ``file`` (from the repository root), ``old`` (text found exactly once in
the file), ``new`` and ``tests`` (pytest arguments). A mutant is killed when its tests fail (pytest exits 1, or
hangs past ``timeout`` seconds), survives when they pass. One JSON line per mutant is printed and appended to
``RESULTS``. Never commit while it runs: the mutant in the working tree would go in with the commit.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path("/tmp/hand_mutants.results.jsonl")


def main(listing: str, only: set[str]) -> None:
    spec = importlib.util.spec_from_file_location("mutants", listing)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    env = dict(os.environ, KINEMOTION_MODEL_DIR=os.environ.get("KINEMOTION_MODEL_DIR", "/work/shared/assets/models"))
    for mutant in module.MUTANTS:
        if only and mutant["id"] not in only:
            continue
        file = ROOT / mutant["file"]
        text = file.read_text()
        if text.count(mutant["old"]) != 1:
            print(f"{mutant['id']}: its text is not found exactly once in {file}, skipped", flush=True)
            continue
        file.write_text(text.replace(mutant["old"], mutant["new"]))
        started = time.time()
        failed: list[str] = []
        try:
            command = ["nice", "-n", "10", sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider"]
            run = subprocess.run(
                [*command, *mutant["tests"]],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
                timeout=mutant.get("timeout", 400),
            )
            fate = {0: "survived", 1: "killed"}.get(run.returncode, f"error (pytest exit {run.returncode})")
            failed = [line for line in (run.stdout + run.stderr).splitlines() if line.startswith("FAILED")][:2]
        except subprocess.TimeoutExpired:
            fate = "killed (hung)"
        finally:
            file.write_text(text)
        record = {"id": mutant["id"], "fate": fate, "s": round(time.time() - started), "by": failed}
        print(json.dumps(record), flush=True)
        with RESULTS.open("a") as fh:
            fh.write(json.dumps(record) + "\n")


if __name__ == "__main__":
    main(sys.argv[1], set(sys.argv[2:]))
