"""What a model file is: where it comes from and how to recognise it."""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["ModelFile"]


@dataclass(frozen=True)
class ModelFile:
    """A model file a backend needs, and where to download it.

    Attributes:
        filename: the name it has in the cache and in an offline model folder.
        url: where to download it (the file itself, or a zip holding it).
        sha256: hex digest of the file (not of the archive; in either case, kept in lower case); None when upstream
            publishes none and we could not pin one (the download is then only
            size-checked if ``size`` is known, and a warning is logged).
        size: size in bytes of the file, if known.
        archive_member: when ``url`` is a zip, the path of the file inside it, or
            a file name that exactly one entry's path ends with.
        path_option: the backend's option that gives this file's path instead
            (``create(mode, model_path=PATH)``), named in the errors that say how
            to work without a download (a detector's may be ``detector_path``).
    """

    filename: str
    url: str
    sha256: str | None = None
    size: int | None = None
    archive_member: str | None = None
    path_option: str = "model_path"

    def __post_init__(self) -> None:
        if self.sha256 is not None:  # as tools print it: upper case (certutil, Get-FileHash), padded
            digest = self.sha256.strip().lower() if isinstance(self.sha256, str) else self.sha256
            if not (isinstance(digest, str) and re.fullmatch(r"[0-9a-f]{64}", digest)):
                raise ValueError(
                    f"ModelFile sha256 must be the file's hex SHA-256 digest (64 hex digits), got {self.sha256!r}"
                )
            object.__setattr__(self, "sha256", digest)
        name = self.filename
        if not name or name in (".", "..") or "/" in name or "\\" in name or name != name.strip():
            raise ValueError(
                f"ModelFile filename must be a plain file name (no folders, no '..'), got {name!r}: it is "
                "joined to the cache and offline folders"
            )
