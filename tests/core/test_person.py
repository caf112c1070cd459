"""The core person policy: the same answer for the same candidates, whichever backend found them."""

from __future__ import annotations

import re

import pytest

from kinemotion.pose.person import Box, Candidate, PersonChoice, PersonPolicy, box_iou

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


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        # worked by hand: intersection width x height over (area a + area b - intersection)
        ((0.0, 0.0, 0.4, 0.2), (0.1, 0.05, 0.3, 0.5), (0.2 * 0.15) / (0.08 + 0.09 - 0.03)),
        ((0.1, 0.2, 0.3, 0.6), (0.2, 0.1, 0.5, 0.4), (0.1 * 0.2) / (0.08 + 0.09 - 0.02)),
        ((0.1, 0.2, 0.3, 0.6), (0.1, 0.2, 0.3, 0.6), 1.0),
        ((0.0, 0.0, 0.1, 0.1), (0.2, 0.0, 0.3, 0.1), 0.0),  # apart in x
        ((0.0, 0.0, 0.1, 0.1), (0.0, 0.3, 0.1, 0.4), 0.0),  # apart in y
        ((0.2, 0.2, 0.2, 0.2), (0.2, 0.2, 0.2, 0.2), 0.0),  # empty boxes: no division by zero
    ],
)
def test_box_iou_matches_hand_computed_values(a: Box, b: Box, expected: float) -> None:
    assert box_iou(a, b) == pytest.approx(expected, abs=1e-12)
    assert box_iou(b, a) == pytest.approx(expected, abs=1e-12)


def test_largest_is_judged_by_area_not_by_width_or_height() -> None:
    tall = Candidate((0.0, 0.0, 0.2, 0.9))  # area 0.18: narrower, larger
    wide = Candidate((0.3, 0.0, 0.8, 0.3))  # area 0.15: wider
    assert PersonPolicy("largest").choose([wide, tall], 0, ASPECT) == 1
    assert PersonPolicy("largest").choose([tall, wide], 0, ASPECT) == 0


def test_center_and_point_distances_use_the_frame_aspect() -> None:
    # In a 16:9 frame, a box 0.2 widths right of the centre is farther than one 0.3 heights below it.
    right = Candidate((0.65, 0.45, 0.75, 0.55))  # centre (0.70, 0.50): 0.2 x 16/9 = 0.36 frame heights away
    below = Candidate((0.45, 0.75, 0.55, 0.85))  # centre (0.50, 0.80): 0.30 frame heights away
    assert PersonPolicy("center").choose([right, below], 0, ASPECT) == 1
    assert PersonPolicy("center").choose([right, below], 0, 1.0) == 0  # square frame: 0.2 < 0.3
    # a point is (x, y) in that order: (0.7, 0.5) is the right-hand box's centre
    assert PersonPolicy("0.7,0.5").choose([below, right], 0, ASPECT) == 1
    assert PersonPolicy("0.5,0.8").choose([right, below], 0, ASPECT) == 1
    assert PersonPolicy(PersonChoice.parse((0.5, 0.8))).choose([right, below], 0, ASPECT) == 1


def test_following_prefers_the_best_overlap_and_keeps_the_aspect_between_calls() -> None:
    policy = PersonPolicy()
    last = (0.40, 0.20, 0.50, 0.80)
    policy.found(last, 0)
    slight = Candidate((0.43, 0.20, 0.53, 0.80))  # IoU 0.54
    most = Candidate((0.41, 0.20, 0.51, 0.80))  # IoU 0.82
    assert policy.choose([slight, most], 33, ASPECT) == 1
    assert policy.choose([most, slight], 33) == 0
    assert policy.aspect == ASPECT


def test_at_exactly_the_minimum_overlap_the_person_is_followed() -> None:
    policy = PersonPolicy()
    policy.found((0.0, 0.0, 0.5, 0.5), 0)
    inside = Candidate((0.0, 0.0, 0.05, 0.5))  # IoU exactly 0.1; its centre beyond reach (0.225 x aspect > 0.25)
    assert box_iou((0.0, 0.0, 0.5, 0.5), inside.box) == PersonPolicy.MIN_IOU
    assert policy.choose([inside], 0, ASPECT) == 0


def test_the_nearest_within_reach_is_taken_when_none_overlaps() -> None:
    policy = PersonPolicy()
    policy.found((0.40, 0.40, 0.50, 0.60), 0)  # centre (0.45, 0.50), box height 0.2
    near = Candidate((0.52, 0.40, 0.62, 0.60))  # no overlap; 0.12 widths to the right
    nearer = Candidate((0.51, 0.43, 0.61, 0.63))  # no overlap; 0.11 widths right, 0.03 down
    assert policy.choose([near, nearer], 0, 1.0) is None  # reach 0.5 x 0.2 = 0.1: both beyond
    # 500 ms later, 16:9: reach (0.5 + 3 x 0.5) x 0.2 = 0.4; distances 0.213 and 0.198 frame heights
    assert policy.choose([near, nearer], 500, ASPECT) == 1
    assert policy.choose([nearer, near], 500, ASPECT) == 0


def test_reach_counts_time_from_when_the_person_was_last_seen() -> None:
    policy = PersonPolicy(speed=3.0)
    policy.found((0.40, 0.40, 0.50, 0.60), 5000)  # seen at 5 s, box height 0.2
    away = Candidate((0.70, 0.40, 0.80, 0.60))  # 0.3 frame heights away in a square frame
    assert policy.choose([away], 5100, 1.0) is None  # reach (0.5 + 0.3) x 0.2 = 0.16
    assert policy.choose([away], 5300, 1.0) is None  # reach (0.5 + 0.9) x 0.2 = 0.28
    assert policy.choose([away], 5400, 1.0) == 0  # reach (0.5 + 1.2) x 0.2 = 0.34
    assert policy.is_following(6000) and not policy.is_following(6001)


@pytest.mark.parametrize(("text", "point"), [("0,0", (0.0, 0.0)), ("1,1", (1.0, 1.0)), (" 0.25 , 0.75 ", (0.25, 0.75))])
def test_a_point_on_the_frame_edge_is_accepted_in_x_y_order(text: str, point: tuple[float, float]) -> None:
    assert PersonChoice.parse(text) == PersonChoice("point", point)


def test_a_choice_must_be_consistent_with_its_point() -> None:
    with pytest.raises(ValueError, match=r"^person rule must be 'largest', 'center' or 'point', got 'tallest'$"):
        PersonChoice("tallest")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"^a point is given with rule='point', and only then$"):
        PersonChoice("point")
    with pytest.raises(ValueError, match=r"^a point is given with rule='point', and only then$"):
        PersonChoice("largest", (0.5, 0.5))


def test_defaults_a_square_frame_and_three_box_heights_a_second() -> None:
    policy = PersonPolicy()  # no aspect given yet: a square frame
    policy.found((0.40, 0.40, 0.50, 0.60), 0)
    away = Candidate((0.70, 0.40, 0.80, 0.60))  # 0.3 away in a square frame (0.53 if it were 16:9)
    assert policy.choose([away], 200) is None  # reach (0.5 + 3 x 0.2) x 0.2 = 0.22
    assert policy.choose([away], 300) is None  # reach (0.5 + 3 x 0.3) x 0.2 = 0.28 (4/s would reach 0.34)
    assert policy.choose([away], 350) == 0  # reach (0.5 + 3 x 0.35) x 0.2 = 0.31


def test_pick_uses_the_aspect_it_is_given_and_remembers_the_chosen_box() -> None:
    right = Candidate((0.65, 0.45, 0.75, 0.55))
    below = Candidate((0.45, 0.75, 0.55, 0.85))
    policy = PersonPolicy("center")
    assert policy.pick([right, below], 0, ASPECT) == 1  # in 16:9 the one below is nearer the centre
    assert policy.last_box == below.box and policy.aspect == ASPECT


def test_a_timestamp_before_the_last_sighting_gives_the_base_reach_only() -> None:
    policy = PersonPolicy()
    policy.found((0.40, 0.40, 0.50, 0.60), 1000)
    near = Candidate((0.59, 0.40, 0.69, 0.60))  # 0.19 away in a square frame, no overlap
    assert policy.choose([near], 900, 1.0) is None  # reach 0.5 x 0.2 = 0.1, never less
    assert policy.choose([near], 1030, 1.0) is None  # reach (0.5 + 3 x 0.03) x 0.2 = 0.118
    assert policy.choose([near], 1200, 1.0) == 0  # reach (0.5 + 3 x 0.2) x 0.2 = 0.22


def test_a_point_below_the_frame_is_refused() -> None:
    with pytest.raises(ValueError, match="fraction of the frame"):
        PersonChoice.parse("0.5,1.5")


@pytest.mark.parametrize(
    "point", [(0.5, 1.5), (0.5, -0.1), (1.5, 0.5), (-0.1, 0.5), (float("nan"), 0.5), (0.5, float("inf"))]
)
def test_a_person_point_outside_the_frame_in_one_coordinate_is_refused_in_every_form(
    point: tuple[float, float],
) -> None:
    """As text (``--person``), as a tuple (the API's ``person=(x, y)``) and as a ``PersonChoice``."""
    for given in (f"{point[0]},{point[1]}", point):
        expected = rf"^a person point is a fraction of the frame \(0-1, 0-1\), got {re.escape(repr(given))}$"
        with pytest.raises(ValueError, match=expected):
            PersonChoice.parse(given)
    with pytest.raises(ValueError, match="fraction of the frame"):
        PersonChoice("point", point)
