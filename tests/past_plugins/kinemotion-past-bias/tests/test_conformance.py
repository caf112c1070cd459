# The conformance test of the contract 1.3 guide.
from kinemotion_past_bias import BiasPlugin

from kinemotion.testing import assert_conforms


def test_conforms(person_frame):
    assert_conforms(BiasPlugin, person_frame=person_frame)
