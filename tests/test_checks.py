"""The one style of parameter check: good values come back typed, bad ones are named in the message."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest

from jamwithme import checks
from jamwithme.errors import ParameterError


@pytest.mark.parametrize(
    "call, expected",
    [
        (lambda: checks.finite("x", 2), 2.0),
        (lambda: checks.finite("x", np.float32(0.5)), 0.5),
        (lambda: checks.in_range("x", 0.25, 0.25, 4), 0.25),
        (lambda: checks.in_range("x", 4, 0.25, 4), 4.0),
        (lambda: checks.in_range("x", -1e9, hi=0), -1e9),
        (lambda: checks.in_range("x", -math.inf, hi=24, infinite=True), -math.inf),
        (lambda: checks.positive("x", 1e-9), 1e-9),
        (lambda: checks.positive("x", 3600, hi=3600), 3600.0),
        (lambda: checks.integer("x", np.int64(3), 1, 3), 3),
        (lambda: checks.integer("x", 0, lo=0), 0),
        (lambda: checks.one_of("x", "Librosa", ["rubberband", "librosa"], key=str.lower), "librosa"),
        (lambda: checks.one_of("x", 2, (1, 2)), 2),
    ],
)
def test_good_values_come_back_typed(call, expected):
    value = call()
    assert value == expected and type(value) is type(expected)


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: checks.finite("start", "0"), "start='0' must be a finite number"),
        (lambda: checks.finite("start", math.inf, unit="seconds"), "start=inf must be a finite number of seconds"),
        (lambda: checks.finite("start", True), "start=True must be a finite number"),
        (
            lambda: checks.in_range("rate", 0.2, 0.25, 4, hint="(1 = as is)"),
            "rate=0.2 must be a number between 0.25 and 4 (1 = as is)",
        ),
        (lambda: checks.in_range("rate", math.nan, 0.25, 4), "rate=nan must be a number between 0.25 and 4"),
        (lambda: checks.in_range("rate", None, 0.25, 4), "rate=None must be a number between 0.25 and 4"),
        (lambda: checks.in_range("t", -1, lo=0), "t=-1 must be a number >= 0"),
        (lambda: checks.in_range("g", 30, hi=24, unit="dB"), "g=30 must be a number of dB <= 24"),
        (lambda: checks.in_range("g", math.nan, hi=24, infinite=True), "g=nan must be a number <= 24"),
        (lambda: checks.in_range("g", math.inf, hi=24, infinite=True), "g=inf must be a number <= 24"),
        (lambda: checks.in_range("g", -math.inf, hi=24), "g=-inf must be a number <= 24"),
        (lambda: checks.positive("d", 0), "d=0 must be a positive number"),
        (
            lambda: checks.positive("d", 4000, hi=3600, unit="seconds"),
            "d=4000 must be a positive number of seconds <= 3600",
        ),
        (lambda: checks.integer("n", 2.0, 1, 5), "n=2.0 must be a whole number from 1 to 5"),
        (lambda: checks.integer("n", True, 0, 5), "n=True must be a whole number from 0 to 5"),
        (
            lambda: checks.integer("seed", -1, lo=0, hint="or None for a fresh one"),
            "seed=-1 must be a whole number >= 0 or None for a fresh one",
        ),
        (lambda: checks.integer("k", 9, hi=8, unit="beats"), "k=9 must be a whole number of beats <= 8"),
        (lambda: checks.one_of("method", "x", ("a", "b")), "method='x' must be one of a, b"),
        (lambda: checks.instance("clip", [], dict), "clip must be a dict, got list"),
        (lambda: checks.instance("take", 1, (str, bytes)), "take must be a str or bytes, got int"),
    ],
)
def test_bad_values_are_named_in_the_message(call, message):
    with pytest.raises(ParameterError, match=f"^{re.escape(message)}$"):
        call()


def test_parameter_errors_are_value_errors():
    """Callers that catch ValueError (argparse, pydantic) still see these."""
    with pytest.raises(ValueError):
        checks.positive("x", -1)
