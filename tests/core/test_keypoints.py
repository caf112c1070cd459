"""The standard keypoint orders, written out here from the models' own definitions (not from the code).

Halpe26: AlphaPose's halpe26 keypoint list. COCO-17: the COCO keypoint task.
BlazePose-33: MediaPipe's pose landmark model card. A swapped pair (left/right
hip, heel/big toe) in the code fails these tests.
"""

from __future__ import annotations

from kinemotion.keypoints import BLAZEPOSE33, COCO17, HALPE26, KEYPOINT_SETS
from kinemotion.landmarks import LANDMARK_NAMES, REQUIRED_LANDMARKS

HALPE26_NATIVE = (
    "Nose", "LEye", "REye", "LEar", "REar", "LShoulder", "RShoulder", "LElbow", "RElbow", "LWrist", "RWrist",
    "LHip", "RHip", "LKnee", "RKnee", "LAnkle", "RAnkle", "Head", "Neck", "Hip",
    "LBigToe", "RBigToe", "LSmallToe", "RSmallToe", "LHeel", "RHeel",
)  # fmt: skip
COCO17_NATIVE = (
    "nose", "left_eye", "right_eye", "left_ear", "right_ear", "left_shoulder", "right_shoulder",
    "left_elbow", "right_elbow", "left_wrist", "right_wrist", "left_hip", "right_hip",
    "left_knee", "right_knee", "left_ankle", "right_ankle",
)  # fmt: skip
BLAZEPOSE33_NATIVE = (
    "nose", "left eye (inner)", "left eye", "left eye (outer)", "right eye (inner)", "right eye", "right eye (outer)",
    "left ear", "right ear", "mouth (left)", "mouth (right)", "left shoulder", "right shoulder",
    "left elbow", "right elbow", "left wrist", "right wrist", "left pinky", "right pinky",
    "left index", "right index", "left thumb", "right thumb", "left hip", "right hip",
    "left knee", "right knee", "left ankle", "right ankle", "left heel", "right heel",
    "left foot index", "right foot index",
)  # fmt: skip

_SIDE = {"L": "left", "R": "right"}
_HALPE_PARTS = {
    "Eye": "eye", "Ear": "ear", "Shoulder": "shoulder", "Elbow": "elbow", "Wrist": "wrist", "Hip": "hip",
    "Knee": "knee", "Ankle": "ankle", "BigToe": "foot_index", "SmallToe": "small_toe", "Heel": "heel",
}  # fmt: skip


def _halpe(native: str) -> str:
    special = {"Nose": "nose", "Head": "head_top", "Neck": "neck", "Hip": "mid_hip"}
    if native in special:
        return special[native]
    return f"{_SIDE[native[0]]}_{_HALPE_PARTS[native[1:]]}"


def _blazepose(native: str) -> str:
    if native.startswith("mouth"):
        return f"{native.split('(')[1].rstrip(')')}_mouth"
    words = native.replace("(", "").replace(")", "").split()
    if len(words) == 3 and words[1] == "eye":  # "left eye inner"
        return f"{words[0]}_eye_{words[2]}"
    return "_".join(words)


def test_halpe26_order() -> None:
    assert tuple(_halpe(n) for n in HALPE26_NATIVE) == HALPE26
    assert (
        HALPE26.index("left_hip") == 11 and HALPE26.index("right_heel") == 25 and HALPE26.index("left_foot_index") == 20
    )


def test_coco17_order() -> None:
    assert COCO17_NATIVE == COCO17
    assert HALPE26[:17] == COCO17


def test_blazepose33_order() -> None:
    assert tuple(_blazepose(n) for n in BLAZEPOSE33_NATIVE) == BLAZEPOSE33
    assert BLAZEPOSE33.index("left_heel") == 29 and BLAZEPOSE33.index("right_foot_index") == 32


def test_every_set_maps_into_the_vocabulary_and_jump_sets_cover_the_required_landmarks() -> None:
    for name, names in KEYPOINT_SETS.items():
        assert set(names) <= set(LANDMARK_NAMES), name
        assert len(set(names)) == len(names), name
    assert set(REQUIRED_LANDMARKS) <= set(HALPE26) and set(REQUIRED_LANDMARKS) <= set(BLAZEPOSE33)
    assert not set(REQUIRED_LANDMARKS) <= set(COCO17)  # no heels or toes


def test_the_shipped_backends_use_the_core_sets() -> None:
    from kinemotion_mediapipe.landmark_map import BLAZEPOSE_TO_CANONICAL
    from kinemotion_rtmpose.halpe26 import HALPE26_TO_CANONICAL

    assert HALPE26_TO_CANONICAL == HALPE26 and BLAZEPOSE_TO_CANONICAL == BLAZEPOSE33
