# The conformance test of the contract 1.2 guide.
from kinemotion_past_reset import ResetPlugin

from kinemotion.testing import assert_conforms


def test_conforms(person_frame):
    assert_conforms(ResetPlugin(), person_frame=person_frame)
