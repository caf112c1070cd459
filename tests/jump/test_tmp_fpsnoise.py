import pytest
from tests.jump.test_synthetic_accuracy import test_cmj_events_and_metrics as _cmj

@pytest.mark.parametrize("fps", [24, 25, 29, 29.97, 50, 59.94, 120])
@pytest.mark.parametrize("flight_s", [0.45, 0.6])
@pytest.mark.parametrize("seed", range(10))
def test_rate(fps, flight_s, seed):
    _cmj(fps, flight_s, seed)
