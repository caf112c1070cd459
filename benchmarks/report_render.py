"""How long a big session report takes to build, and to render in headless Chromium; its size.

The session is 100 videos x 3 counter-movement jumps: the report of a
physics-generated three-jump set seen in real footage (the demo's frames,
640x360), copied per video (as ``tests/report/test_big_session.py`` makes
it), with a still pair per jump from the footage. Rendering is timed by the
browser itself (navigation start to the end of the load event, and to the
last paint of the whole page after a scroll to its end), fresh profile each
run, median of ``--runs``.

Needs Chromium and chromedriver (Debian: ``apt-get install chromium
chromium-driver``) and selenium.

Usage: python benchmarks/report_render.py [--videos 100] [--runs 5] [--screenshot PNG]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--videos", type=int, default=100)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--screenshot", type=Path, default=None, help="Also save the top of the page as a PNG.")
    args = parser.parse_args()

    import kinemotion
    from tests.assets import DEMO_VIDEO, asset
    from tests.jump.physics import cmj_set_motion, landmarks
    from tests.jump.physics_backend import SeriesPlugin
    from tests.report.browser import open_chromium
    from tests.report.conftest import CMJ_FPS, CMJ_T, FLIGHTS, STARTS, Clips, footage_video
    from tests.report.test_big_session import make_big_session

    with tempfile.TemporaryDirectory(prefix="report-bench-") as tmp:
        folder = Path(tmp)
        motion, _ = cmj_set_motion(CMJ_T, FLIGHTS, STARTS)
        kinemotion.register_backend(
            SeriesPlugin(Clips.cmj_backend, CMJ_T, landmarks(CMJ_T, motion, noise=0.0005, drop_every=0, seed=4))
        )
        clip = footage_video(asset(DEMO_VIDEO), folder / "clip.mp4", len(CMJ_T), CMJ_FPS)
        clips = Clips(clip, clip)
        reports, videos = make_big_session(clips, folder, args.videos)
        page = folder / "big.html"
        start = time.perf_counter()
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "kinemotion",
                "report",
                str(reports),
                "--videos",
                str(videos),
                "-o",
                str(page),
                "-q",
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        build_s = time.perf_counter() - start
        print(done.stdout.strip())
        print(f"build: {build_s:.2f} s (kinemotion report, {args.videos} videos: stills decoded from one clip)")
        print(f"size: {page.stat().st_size / 1e6:.1f} MB")
        loads, paints = [], []
        for run in range(args.runs):
            with open_chromium(folder / f"profile{run}") as browser:
                browser.get(page.as_uri())
                loads.append(
                    browser.execute_script(
                        "const n = performance.getEntriesByType('navigation')[0]; return n.loadEventEnd - n.startTime;"
                    )
                )
                paints.append(
                    browser.execute_async_script(
                        "const done = arguments[0]; window.scrollTo(0, document.body.scrollHeight);"
                        "requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now())));"
                    )
                )
                if args.screenshot and run == 0:
                    browser.execute_script("window.scrollTo(0, 0)")
                    browser.save_screenshot(str(args.screenshot))
        print(f"load event: median {statistics.median(loads) / 1000:.2f} s over {args.runs} runs {sorted(loads)} ms")
        print(f"scrolled to the end and painted: median {statistics.median(paints) / 1000:.2f} s {sorted(paints)} ms")


if __name__ == "__main__":
    main()
