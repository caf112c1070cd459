"""The core person policy: the same answer for the same candidates, whichever backend found them."""

from __future__ import annotations

import pytest

from kinemotion.pose.person import Candidate, PersonChoice, PersonPolicy

ATHLETE = Candidate((0.30, 0.05, 0.40, 0.55))  # tall, upper left (on a box)
WALKER = Candidate((0.60, 0.50, 0.66, 0.95))  # smaller, lower right
ASPECT = 16 / 9


@pytest.mark.parametrize(
    ("choice", "expected"),
    [("largest", 0), ("center", 1), ("0.62,0.7", 1), ("0.35,0.3", 0), (None, 0), ((0.9, 0.9), 1)],
)
def test_acquisition_follows_the_users_choice(choice: object, expected: int) -> None:
    policy = PersonPolicy(choice)  # type: ignore[arg-type]
    assert policy.choose([ATHLETE, WALKER], 0, ASPECT) == expected
    assert policy.choose([WALKER, ATHLETE], 0, ASPECT) == 1 - expected  # order does not matter


def test_the_followed_person_is_kept_when_someone_larger_appears() -> None:
    policy = PersonPolicy()
    assert policy.pick([WALKER], 0, ASPECT) == 0  # alone at first
    moved = Candidate((0.59, 0.50, 0.65, 0.95))
    assert policy.pick([ATHLETE, moved], 33, ASPECT) == 1  # overlaps the last box
    assert policy.last_box == moved.box


def test_a_bystander_out_of_reach_is_never_taken_and_reach_grows_with_time() -> None:
    policy = PersonPolicy()
    policy.found(ATHLETE.box, 0)
    far = Candidate((0.70, 0.05, 0.80, 0.55))  # 0.71 frame heights away, box height 0.5
    assert policy.choose([far], 33, ASPECT) is None  # reach (0.5 + 3 x 0.033) x 0.5 = 0.30
    assert policy.choose([far], 400, ASPECT) == 0  # reach (0.5 + 3 x 0.4) x 0.5 = 0.85
    assert policy.choose([WALKER], 1001, ASPECT) == 0  # forgotten after 1 s: acquired anew
    assert not policy.is_following(1001) and policy.is_following(1000)


def test_same_candidates_same_answer_whatever_their_source() -> None:
    """Pixel boxes from a detector and landmark boxes, both normalised, decide alike."""
    w, h = 1768, 994
    detector_boxes = [(530, 50, 707, 547), (1061, 497, 1167, 944)]
    as_candidates = [Candidate((x0 / w, y0 / h, x1 / w, y1 / h)) for x0, y0, x1, y1 in detector_boxes]
    a, b = PersonPolicy("largest"), PersonPolicy("largest")
    assert a.choose(as_candidates, 0, w / h) == b.choose([ATHLETE, WALKER], 0, w / h) == 0


@pytest.mark.parametrize("bad", ["tallest", "0.5", "2,0.5", "a,b"])
def test_a_bad_choice_says_what_is_accepted(bad: str) -> None:
    with pytest.raises(ValueError, match="largest|fraction"):
        PersonChoice.parse(bad)


def test_the_choice_is_described_for_outputs() -> None:
    assert PersonChoice.parse("0.3,0.6").describe() == "point 0.300,0.600"
    assert PersonChoice.parse("centre").describe() == "center"
