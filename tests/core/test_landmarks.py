"""The canonical vocabulary."""

from __future__ import annotations

from kinemotion import LANDMARK_NAMES, LANDMARKS, REQUIRED_LANDMARKS


def test_required_landmarks_are_in_the_vocabulary() -> None:
    assert len(REQUIRED_LANDMARKS) == 13
    assert set(REQUIRED_LANDMARKS) <= set(LANDMARK_NAMES)


def test_names_are_unique_lower_snake_and_described() -> None:
    assert len(set(LANDMARK_NAMES)) == len(LANDMARK_NAMES)
    for name, lm in LANDMARKS.items():
        assert name == lm.name
        assert name == name.lower()
        assert " " not in name
        assert lm.description


def test_sides_come_in_pairs() -> None:
    for name in LANDMARK_NAMES:
        if name.startswith("left_"):
            assert "right_" + name[5:] in LANDMARKS
