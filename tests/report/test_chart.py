"""The phases chart's SVG on its own: a gap in tracking is a gap in the line, close events' labels never collide."""

from __future__ import annotations

import re

from kinemotion.report_html.chart import phases_chart


def _series(n: int = 120, fps: float = 60.0) -> dict[str, list[float | None]]:
    t = [i / fps for i in range(n)]
    return {"time_s": t, "feet_bh": [1.0 + 0.1 * (0.5 < x < 1.0) for x in t], "hip_bh": [1.5 for _ in t]}


def test_a_tracking_gap_lifts_the_pen() -> None:
    series = _series()
    for i in range(50, 60):
        series["feet_bh"][i] = None
    svg = phases_chart(series, {"takeoff": 0.5, "landing": 1.0}, "t")
    feet = re.search(r'<path class="feet" d="([^"]*)"', svg)
    assert feet and feet[1].count("M") == 2  # two stretches of line, nothing drawn across the gap
    hip = re.search(r'<path class="hip" d="([^"]*)"', svg)
    assert hip and hip[1].count("M") == 1


def test_close_events_get_labels_on_different_rows() -> None:
    events = {"countermovement_start": 0.60, "lowest_point": 0.62, "takeoff": 0.64, "landing": 1.2}
    svg = phases_chart(_series(), events, "t")
    labels = re.findall(r'<text class="event" x="([\d.]+)" y="([\d.]+)"[^>]*>([^<]+)</text>', svg)
    assert [name for _, _, name in labels] == ["countermovement", "lowest point", "take-off", "landing"]
    rows = [y for _, y, _ in labels[:3]]
    assert len(set(rows)) == 3  # three events within 40 ms: three rows
    assert len(re.findall(r'<line class="event"', svg)) == 4


def test_the_window_is_the_jump_with_half_a_second_either_side() -> None:
    series = _series(n=600)  # 10 s
    svg = phases_chart(series, {"takeoff": 4.0, "landing": 4.5}, "t")
    ticks = [float(v) for v in re.findall(r'text-anchor="middle">([\d.]+)</text>', svg)]
    assert ticks and min(ticks) >= 3.5 and max(ticks) <= 5.0
