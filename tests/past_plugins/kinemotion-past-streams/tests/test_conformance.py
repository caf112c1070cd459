# The conformance test of the contract 1.4 guide.
from kinemotion_past_streams import StreamsPlugin

from kinemotion.testing import assert_conforms


def test_conforms(person_frame):
    assert_conforms(StreamsPlugin(), person_frame=person_frame)
