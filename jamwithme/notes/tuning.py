"""Equal temperament at A4 = 440 Hz: a MIDI note number's frequency and a frequency's note number.

One formula for the notes package (the spectrum checks, basic-pitch's range, the melody voice and the
pitch track's semitones), so a change of tuning reference is made in one place.

Examples
--------
>>> hz(69), hz(57)
(440.0, 220.0)
>>> float(midi(261.6255653005986))
60.0
"""

from __future__ import annotations

import numpy as np

#: The tuning reference: A4's frequency in Hz.
A4_HZ = 440.0
#: A4's MIDI note number.
A4_MIDI = 69


def hz(pitch: float) -> float:
    """The frequency (Hz) of MIDI note number ``pitch`` (fractional numbers are cents off the semitone)."""
    return A4_HZ * 2 ** ((pitch - A4_MIDI) / 12)


def midi(freq: np.ndarray) -> np.ndarray:
    """The MIDI note number (fractional) of ``freq`` in Hz; NaN stays NaN, 0 gives -inf."""
    return A4_MIDI + 12.0 * np.log2(freq / A4_HZ)
