"""A model file that is gone (or cannot be read) by the time OpenVINO opens it."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("openvino")


def test_a_model_file_gone_before_openvino_opens_it_is_one_error_naming_it(tmp_path: Path) -> None:
    """The model a backend found removed before the session is made (another process's cache clean-up, a
    network folder gone). Before: the ONNX check added ahead of ``read_model`` let OpenVINO's own
    ``GeneralFailure`` through, three lines of C++ ("Check 'util::directory_exists(path) ||
    util::file_exists(path)' failed at src/frontends/common/src/frontend.cpp"), not a backend error. Now one line
    naming the file, as every other OpenVINO failure."""
    from kinemotion import BackendUnavailableError
    from kinemotion_rtmpose.openvino_runtime import make_openvino_session, yolox_head_sessions

    gone = tmp_path / "pose.onnx"
    for make in (lambda: make_openvino_session(gone), lambda: yolox_head_sessions(gone)):
        with pytest.raises(BackendUnavailableError) as info:
            make()
        message = str(info.value)
        assert message.startswith(f"OpenVINO could not read {gone}: ") and "\n" not in message, message
        assert "src/" not in message, message
