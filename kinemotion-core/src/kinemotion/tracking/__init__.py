"""The video pipeline: decode -> tracker -> landmark series -> files (and an overlay video).

- :mod:`~kinemotion.tracking.decode`: frames and container timestamps of a video file.
- :mod:`~kinemotion.tracking.pipeline`: :func:`track_video`, one frame at a time through the tracker.
- :mod:`~kinemotion.tracking.worker`: :class:`TrackingWorker`, many videos with one tracker (no per-video start-up).
- :mod:`~kinemotion.tracking.names_check`: what a backend returns, checked as it passes.
- :mod:`~kinemotion.tracking.result`: :class:`TrackingResult` and the :class:`BackendRecord` in it.
- :mod:`~kinemotion.tracking.files`: the landmark JSON and CSV (and the JSON read back).
- :mod:`~kinemotion.tracking.overlay` and :mod:`~kinemotion.tracking.drawing`: the annotated video.
- :mod:`~kinemotion.tracking.atomic`: every output file appears whole or not at all.
"""

from __future__ import annotations

from kinemotion.tracking.decode import DecodedFrame, VideoInfo, VideoReader, read_frames
from kinemotion.tracking.files import SCHEMA_ID, TRACKING_SCHEMA_PATH, read_json, to_json_dict, write_csv, write_json
from kinemotion.tracking.pipeline import track_video
from kinemotion.tracking.result import BackendRecord, TrackingResult
from kinemotion.tracking.worker import TrackingCancelledError, TrackingWorker

__all__ = [
    "SCHEMA_ID",
    "TRACKING_SCHEMA_PATH",
    "BackendRecord",
    "DecodedFrame",
    "TrackingCancelledError",
    "TrackingResult",
    "TrackingWorker",
    "VideoInfo",
    "VideoReader",
    "read_frames",
    "read_json",
    "to_json_dict",
    "track_video",
    "write_csv",
    "write_json",
]
