# The conformance test as the README showed it.
from kinemotion_past_rtmlib import RtmlibPlugin

from kinemotion.testing import assert_conforms


def test_conforms(person_frame):
    assert_conforms(RtmlibPlugin(), person_frame=person_frame)
