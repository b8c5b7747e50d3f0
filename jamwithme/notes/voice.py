"""The "melody" track's voice: the notes played by a simple synthesised reed, as the player plays them.

The practice player synthesises its "melody" track in the browser
(``frontend/src/melody.js``, ``synthesize``) and the export (:mod:`jamwithme.export`)
renders the same track here, so "Export what I hear" has the melody the musician
heard: the same wavetable (:data:`PARTIALS`), envelope and level, sample for
sample (a test runs both on the same notes). Both synthesise in the song's key
and time; the stretcher then moves the track with the stems (speed and key).

Examples
--------
>>> from jamwithme.notes import Note
>>> track = synthesize([Note(0.5, 1.0, 69, 127)], sample_rate=8000, length=12000)
>>> track.shape, bool(track[:4000].any()), round(float(abs(track).max()), 2)
((12000,), False, 0.3)
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np

from jamwithme import checks
from jamwithme.errors import ParameterError
from jamwithme.notes import tuning

#: The voice (``frontend/src/melody.js`` has the same numbers): the harmonics' amplitudes (a soft reed),
#: attack, decay (a time constant) to the sustain level, release in seconds, and the peak at velocity 127.
PARTIALS = (1.0, 0.45, 0.22, 0.1)
ATTACK = 0.012
DECAY = 0.12
SUSTAIN = 0.7
RELEASE = 0.06
PEAK = 0.3
#: Samples in one cycle of the wavetable.
TABLE = 4096

_table: np.ndarray | None = None


def wave() -> np.ndarray:
    """One cycle of the voice, :data:`TABLE` + 1 samples (the last wraps to the first), peak 1."""
    global _table
    if _table is None:
        i = np.arange(TABLE + 1, dtype=np.float64)
        table = np.zeros(TABLE + 1, np.float32)
        for k, a in enumerate(PARTIALS):  # summed in float32 as the browser's Float32Array does
            table += (a * np.sin(2 * np.pi * (k + 1) * i / TABLE)).astype(np.float32)
        table /= np.abs(table).max()
        _table = table
    return _table


def _round(x: float) -> int:
    """JavaScript's ``Math.round`` (a half rounds up), so both synthesise from the same sample."""
    return math.floor(x + 0.5)


def synthesize(
    notes: Iterable, *, sample_rate: int, length: int, start: int = 0, out: np.ndarray | None = None
) -> np.ndarray:
    """Samples ``start`` to ``start + length`` of the melody track: each note the voice at its pitch.

    Parameters
    ----------
    notes : iterable of jamwithme.notes.Note
        By start (``start``, ``end`` in seconds, ``pitch`` MIDI, ``velocity`` 1-127), in the song's key.
    sample_rate : int
    length : int
        Samples to make.
    start : int
        The first sample's index in the song: a part of the track is the whole track's samples.
    out : ndarray, optional
        ``(length,)`` float32 to write into (e.g. a memory map); zeroed first.

    Returns
    -------
    ndarray [shape=(length,)]
        float32, at most :data:`PEAK` where no two notes overlap.

    Raises
    ------
    ParameterError
        A sample rate that is not positive, a negative length or start, an ``out`` of another shape.
    """
    sample_rate = checks.integer("sample_rate", sample_rate, 1, None)
    length = checks.integer("length", length, 0, None)
    start = checks.integer("start", start, 0, None)
    if out is None:
        out = np.zeros(length, np.float32)
    else:
        if getattr(out, "shape", None) != (length,):
            raise ParameterError(f"out has shape {getattr(out, 'shape', None)}, not the ({length},) asked for")
        out[:] = 0.0
    w = wave().astype(np.float64)
    stop = start + length
    for note in notes:
        first = _round(note.start * sample_rate)
        if first >= stop:
            break  # by start: the rest come later still
        held = max(ATTACK + 0.01, note.end - note.start)
        last = _round((note.start + held + RELEASE) * sample_rate)
        lo, hi = max(first, start), min(last, stop)
        if hi <= lo:
            continue
        k = np.arange(lo - first, hi - first, dtype=np.float64)  # samples since the note began
        step = TABLE * tuning.hz(note.pitch) / sample_rate
        phase = np.mod(k * step, TABLE)
        j = phase.astype(np.int64)
        sample = w[j] + (phase - j) * (w[j + 1] - w[j])
        t = k / sample_rate
        at_release = SUSTAIN + (1 - SUSTAIN) * math.exp(-(held - ATTACK) / DECAY)
        env = np.where(
            t < ATTACK,
            t / ATTACK,
            np.where(
                t < held,
                SUSTAIN + (1 - SUSTAIN) * np.exp(-np.maximum(t - ATTACK, 0.0) / DECAY),
                at_release * np.maximum(0.0, 1 - (t - held) / RELEASE),
            ),
        )
        out[lo - start : hi - start] += (PEAK * (note.velocity / 127) * env * sample).astype(np.float32)
    return out
