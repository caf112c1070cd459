"""The whole-file fingerprint of a large video, read once per process: the first ``identify`` against the next.

``VideoReader`` fingerprints the file it opens (``kinemotion.tracking.identity.identify``:
SHA-256 of every byte), and one run can open a video several times (a resume
check, the tracking, a jump's overlay, the report's stills). A file of
``--mb`` MB is written, left to settle past ``RECENT_CHANGE_S``, then in each
round what the process knows is cleared and ``identify`` is called twice: the
first reads the file (from the page cache after the first round), the second
finds it known. Median over ``--rounds`` (slowest-fastest).

Usage: python benchmarks/fingerprint_memo.py [--mb 500] [--rounds 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

from kinemotion.tracking import identity


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    first: list[float] = []
    again: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.bin"
        with open(path, "wb") as fh:
            block = os.urandom(1 << 20)
            for _ in range(args.mb):
                fh.write(block)
        time.sleep(identity.RECENT_CHANGE_S + 0.2)  # settled: a file changed a moment ago is never kept
        for _ in range(args.rounds):
            identity._KNOWN.clear()  # a new process
            start = time.perf_counter()
            known = identity.identify(path)
            middle = time.perf_counter()
            assert identity.identify(path) == known
            first.append(middle - start)
            again.append(time.perf_counter() - middle)

    def spread(values: list[float]) -> str:
        return f"{1000 * statistics.median(values):.1f} ({1000 * min(values):.1f}-{1000 * max(values):.1f})"

    print(f"# a file of {args.mb} MB, {args.rounds} rounds, median (lowest-highest) ms\n")
    print("| identify() | ms |")
    print("|---|---|")
    print(f"| first in the process (reads every byte) | {spread(first)} |")
    print(f"| again, the file unchanged (known) | {spread(again)} |")


if __name__ == "__main__":
    main()
