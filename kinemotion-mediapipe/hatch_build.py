"""Build hook: put the MediaPipe lite model inside the package (not in git).

The wheel ships ``pose_landmarker_lite.task`` so that ``lightweight`` works
offline right after ``pip install``. The hook copies it, sha256-checked, from
the first of: ``$KINEMOTION_MODEL_DIR``, the repository's sibling
``shared/assets/models``, the kinemotion model cache, or Google's official URL.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import urllib.request
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

FILENAME = "pose_landmarker_lite.task"
SHA256 = "59929e1d1ee95287735ddd833b19cf4ac46d29bc7afddbbf6753c459690d574a"
URL = f"https://storage.googleapis.com/mediapipe-models/pose_landmarker/pose_landmarker_lite/float16/1/{FILENAME}"
RELATIVE = f"src/kinemotion_mediapipe/models/{FILENAME}"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _candidates(root: Path) -> list[Path]:
    found = []
    if os.environ.get("KINEMOTION_MODEL_DIR"):
        found.append(Path(os.environ["KINEMOTION_MODEL_DIR"]) / FILENAME)
    found.append(root.parent.parent / "shared" / "assets" / "models" / FILENAME)
    if os.environ.get("KINEMOTION_CACHE_DIR"):
        found.append(Path(os.environ["KINEMOTION_CACHE_DIR"]) / "models" / FILENAME)
    found.append(Path.home() / ".cache" / "kinemotion" / "models" / FILENAME)
    return found


class BundleLiteModel(BuildHookInterface):  # type: ignore[type-arg]
    """Ensure the lite model is in the source tree and listed as a build artifact."""

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        target = Path(self.root) / RELATIVE
        if not (target.is_file() and _sha256(target) == SHA256):
            target.parent.mkdir(parents=True, exist_ok=True)
            if not self._obtain(target):
                message = (
                    f"kinemotion-mediapipe: could not find {FILENAME} (sha256 {SHA256}) in "
                    f"$KINEMOTION_MODEL_DIR, ../shared/assets/models or the model cache, nor download "
                    f"it from {URL}. Put the file in a folder and set KINEMOTION_MODEL_DIR."
                )
                if version == "editable":  # the plugin downloads it on first use instead
                    self.app.display_warning(message)
                    return
                raise RuntimeError(message)
        build_data["artifacts"].append(RELATIVE)

    def _obtain(self, target: Path) -> bool:
        partial = target.with_suffix(".part")
        for source in _candidates(Path(self.root)):
            if source.is_file() and _sha256(source) == SHA256:
                shutil.copyfile(source, partial)
                partial.replace(target)
                return True
        try:
            with urllib.request.urlopen(URL, timeout=60) as response, partial.open("wb") as out:
                shutil.copyfileobj(response, out)
        except OSError:
            partial.unlink(missing_ok=True)
            return False
        if _sha256(partial) != SHA256:
            partial.unlink()
            return False
        partial.replace(target)
        return True
