"""The phases chart of one jump: feet and hip height over time with its events marked, as inline SVG.

Drawn here, in Python, so the page needs no script and no library to show
it, and prints as sharp vectors. Heights are above the lowest foot position
in the chart's window (body heights); the window spans the jump's events
with half a second either side.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from html import escape

__all__ = ["EVENT_NAMES", "phases_chart"]

EVENT_NAMES = {
    "countermovement_start": "countermovement",
    "lowest_point": "lowest point",
    "takeoff": "take-off",
    "landing": "landing",
    "box_drop": "leaves box",
    "ground_contact": "contact",
}
"""Event keys of the reports -> their label on the chart."""

_W, _H = 900, 250
_LEFT, _RIGHT, _TOP, _BOTTOM = 40, 10, 44, 34
_LABEL_ROWS = 3  # rows of event labels above the plot
_CHAR_W = 6.6  # width of a label's character (11 px bold), to keep labels apart
_MARGIN_S = 0.5
_MAX_POINTS = 400
_SHADES = (("takeoff", "landing", "flight", "#dbeafe"), ("ground_contact", "takeoff", "contact", "#fde2c8"))


def _nice_step(span: float, target: int) -> float:
    raw = span / max(1, target)
    magnitude = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1.0
    return next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)


def _path(points: Sequence[tuple[float, float | None]]) -> str:
    """SVG path data; a gap (None) lifts the pen."""
    parts: list[str] = []
    pen_down = False
    for x, y in points:
        if y is None:
            pen_down = False
            continue
        parts.append(f"{'L' if pen_down else 'M'}{x:.1f},{y:.1f}")
        pen_down = True
    return "".join(parts)


def phases_chart(
    series: Mapping[str, Sequence[float | None]],
    phases_s: Mapping[str, float],
    title: str,
    names: Mapping[str, str] | None = None,
) -> str:
    """The SVG of one jump's window of ``series`` (``time_s``, ``feet_bh``, ``hip_bh``) with ``phases_s`` marked,
    each labelled by ``names`` where it names the event, else by :data:`EVENT_NAMES`."""
    names = {**EVENT_NAMES, **(names or {})}
    t = [math.nan if v is None else float(v) for v in series["time_s"]]
    feet, hip = list(series["feet_bh"]), list(series["hip_bh"])
    lo = min(phases_s.values(), default=t[0]) - _MARGIN_S
    hi = max(phases_s.values(), default=t[-1]) + _MARGIN_S
    idx = [i for i, ti in enumerate(t) if lo <= ti <= hi]
    if len(idx) < 2:
        idx = list(range(len(t)))
    idx = idx[:: max(1, math.ceil(len(idx) / _MAX_POINTS))]
    t0, t1 = t[idx[0]], t[idx[-1]]
    floor = min((v for i in idx if (v := feet[i]) is not None), default=0.0)  # the ground in this window
    heights = [v - floor for i in idx for v in (feet[i], hip[i]) if v is not None]
    top = max(heights, default=1.0) * 1.08 or 1.0
    plot_w, plot_h = _W - _LEFT - _RIGHT, _H - _TOP - _BOTTOM

    def x_of(ts: float) -> float:
        return _LEFT + (ts - t0) / ((t1 - t0) or 1.0) * plot_w

    def y_of(h: float | None) -> float | None:
        return None if h is None else _TOP + plot_h - (h - floor) / top * plot_h

    out = [
        f'<svg class="chart" viewBox="0 0 {_W} {_H}" role="img" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
    ]
    for start, stop, name, colour in _SHADES:
        if start in phases_s and stop in phases_s:
            a, b = x_of(phases_s[start]), x_of(phases_s[stop])
            out.append(
                f'<rect x="{a:.1f}" y="{_TOP}" width="{max(0.5, b - a):.1f}" height="{plot_h}" fill="{colour}"/>'
            )
            out.append(f'<text class="shade" x="{(a + b) / 2:.1f}" y="{_TOP + plot_h - 4}">{name}</text>')
    step = _nice_step(top, 4)
    k = 0
    while k * step <= top:
        y = _TOP + plot_h - k * step / top * plot_h
        out.append(f'<line class="grid" x1="{_LEFT}" x2="{_W - _RIGHT}" y1="{y:.1f}" y2="{y:.1f}"/>')
        out.append(f'<text class="tick" x="{_LEFT - 4}" y="{y + 3:.1f}" text-anchor="end">{k * step:g}</text>')
        k += 1
    tstep = _nice_step(t1 - t0, 6)
    ts = math.ceil(t0 / tstep) * tstep
    while ts <= t1 + 1e-9:
        if x_of(ts) < _LEFT + 14:  # leave the corner to the height axis's 0
            ts += tstep
            continue
        text = f"{ts:.{_decimals(tstep)}f}"
        out.append(f'<text class="tick" x="{x_of(ts):.1f}" y="{_TOP + plot_h + 13}" text-anchor="middle">{text}</text>')
        ts += tstep
    out.append(f'<text class="tick" x="{_W - _RIGHT}" y="{_H - 2}" text-anchor="end">time (s)</text>')
    out.append(f'<path class="feet" d="{_path([(x_of(t[i]), y_of(feet[i])) for i in idx])}"/>')
    out.append(f'<path class="hip" d="{_path([(x_of(t[i]), y_of(hip[i])) for i in idx])}"/>')
    row_ends = [-math.inf] * _LABEL_ROWS  # where the last label of each row ends (x)
    for event, time_s in sorted(phases_s.items(), key=lambda kv: kv[1]):
        x = x_of(time_s)
        out.append(f'<line class="event" x1="{x:.1f}" x2="{x:.1f}" y1="{_TOP}" y2="{_TOP + plot_h}"/>')
        text = names.get(event, event.replace("_", " "))
        width = _CHAR_W * len(text)
        anchor = "start" if x < _LEFT + width / 2 else "end" if x > _W - _RIGHT - width / 2 else "middle"
        left = x if anchor == "start" else x - width if anchor == "end" else x - width / 2
        # the first row where it clears the label before it (the last row if none does)
        row = next((r for r, right in enumerate(row_ends) if left > right + 6), _LABEL_ROWS - 1)
        row_ends[row] = left + width
        y = _TOP - 5 - 12 * row
        name = escape(text)
        out.append(f'<text class="event" x="{x:.1f}" y="{y}" text-anchor="{anchor}">{name}</text>')
    y = _H - 5
    out.append(
        f'<g class="legend"><line class="feet" x1="4" x2="24" y1="{y - 4}" y2="{y - 4}"/>'
        f'<text x="28" y="{y}">feet</text>'
        f'<line class="hip" x1="64" x2="84" y1="{y - 4}" y2="{y - 4}"/><text x="88" y="{y}">hip</text>'
        f'<text x="120" y="{y}">height above the lowest foot position, in body heights</text></g>'
    )
    out.append("</svg>")
    return "".join(out)


def _decimals(step: float) -> int:
    return max(0, -math.floor(math.log10(step) + 1e-9)) if step < 1 else 0
