# The README's conformance test file, unchanged.
from kinemotion_past_properties import PLUGIN

from kinemotion.testing import assert_conforms


def test_conforms(person_frame):
    assert_conforms(PLUGIN, person_frame=person_frame)
