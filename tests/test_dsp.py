"""The one crossfade: its convention (outgoing first), its level law for every shape, and its correlation."""

from __future__ import annotations

import numpy as np
import pytest

from jamwithme.dsp import SHAPES, correlation, crossfade, crossfade_gains
from jamwithme.errors import ParameterError


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("rho", [0.0, 0.3, 0.7, 1.0])
def test_gains_keep_the_level_for_the_correlation(shape, rho):
    fade_out, fade_in = crossfade_gains(441, rho=rho, shape=shape)
    np.testing.assert_allclose(fade_out**2 + fade_in**2 + 2 * rho * fade_out * fade_in, 1.0, atol=1e-12)
    # outgoing first: it starts near 1 and falls, the incoming side rises to near 1
    assert fade_out[0] > 0.99 and fade_in[-1] > 0.99
    assert np.all(np.diff(fade_out) < 0) and np.all(np.diff(fade_in) > 0)


@pytest.mark.parametrize("shape", SHAPES)
def test_gains_are_symmetric_in_time(shape):
    """Reversed in time, the fade-in is the fade-out: a fade has no favourite side."""
    fade_out, fade_in = crossfade_gains(100, rho=0.0, shape=shape)
    np.testing.assert_allclose(fade_out, fade_in[::-1], atol=1e-12)


@pytest.mark.parametrize(
    "rho, shape, expected_in",
    [
        (1.0, "linear", (np.arange(4) + 0.5) / 4),  # equal gain: a plain linear fade
        (0.0, "sine", np.sin((np.arange(4) + 0.5) / 4 * np.pi / 2)),  # equal power
        (0.6, "sine-in", np.sin((np.arange(4) + 0.5) / 4 * np.pi / 2)),  # the fade-in is the sine whatever rho
    ],
)
def test_known_gains(rho, shape, expected_in):
    np.testing.assert_allclose(crossfade_gains(4, rho=rho, shape=shape)[1], expected_in, atol=1e-12)


def test_rho_is_clamped_to_zero_and_one():
    np.testing.assert_array_equal(crossfade_gains(8, rho=-0.5), crossfade_gains(8, rho=0.0))
    np.testing.assert_array_equal(crossfade_gains(8, rho=3.0), crossfade_gains(8, rho=1.0))


def test_unknown_shape_is_refused():
    with pytest.raises(ParameterError, match="shape='cosine' must be one of sine, linear, sine-in"):
        crossfade_gains(8, shape="cosine")


def test_equal_power_crossfade():
    rng = np.random.default_rng(0)
    a, b = rng.standard_normal((2, 2, 4410)).astype(np.float32)
    mixed = crossfade(a, b)
    assert mixed.dtype == np.float32 and mixed.shape == a.shape
    # Uncorrelated: power holds mid-way instead of dipping 3 dB as a linear fade would.
    middle = slice(1800, 2600)
    assert np.mean(mixed[:, middle] ** 2) == pytest.approx(1.0, abs=0.1)
    # Identical: no 3 dB bump either, the signal passes through.
    for shape in SHAPES:
        assert np.allclose(crossfade(a, a, shape=shape), a, atol=1e-5)


@pytest.mark.parametrize(
    "b, expected",
    [(lambda a: a, 1.0), (lambda a: -2 * a, -1.0), (lambda a: np.zeros_like(a), 0.0), (lambda a: a[::-1].copy(), None)],
)
def test_correlation(b, expected):
    a = np.random.default_rng(1).standard_normal((2, 1000))
    value = correlation(a, b(a))
    if expected is None:
        assert abs(value) < 0.1  # unrelated noise
    else:
        assert value == pytest.approx(expected)
