# The first README's conformance test, as written then.
from kinemotion_past_plain import PastPlainPlugin

from kinemotion.testing import assert_conforms


def test_conforms(person_frame):  # a BGR frame showing one person
    assert_conforms(PastPlainPlugin(), person_frame=person_frame)
