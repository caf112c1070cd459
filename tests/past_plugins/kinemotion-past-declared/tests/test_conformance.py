# The conformance test of the contract 1.1 guide.
from kinemotion_past_declared import DeclaredPlugin

from kinemotion.testing import assert_conforms


def test_conforms(person_frame):
    assert_conforms(DeclaredPlugin(), person_frame=person_frame)
