# The conformance test with kinemotion's shipped fixtures (no conftest of its own), as the README said.
from kinemotion_past_class_attributes import ClassAttributesPlugin

from kinemotion.testing import assert_conforms


def test_conforms(person_frame):
    assert_conforms(ClassAttributesPlugin(), person_frame=person_frame)
