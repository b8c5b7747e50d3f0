"""The melody blind test: new melody and bass lines drawn from a seed, composed and rendered as the melody set is.

``bench/notes.py --fresh SEED`` scores the transcription on these lines,
which nobody has tuned on: each line's part (two melodies to a bass line), its
General MIDI instrument (about fifty melodic timbres, a dozen basses), tempo
(60-180 BPM), key and mode, metre (4/4 or 3/4 for melodies), length, and for
instruments that sing their vibrato and scoops, all drawn from ``(seed, k)``.
The notes themselves (steps and leaps, repeated notes, fast runs, held notes,
rests) come from :func:`melody_set.compose` with the line's own seed, and the
audio from :func:`melody_set.render` (cached in ``.cache/melodyset``).

A separate module so that the melody set's source, which its renders are
cached on, stays as it is.
"""

from __future__ import annotations

import dataclasses

import numpy as np
from melody_set import Line, LineSpec, render

__all__ = ["fresh_line_specs", "fresh_lines", "retimbred"]

#: (lowest, highest) MIDI note of each family of General MIDI programs (0-based, by eights), for melodies.
_FAMILY_RANGES = {0: (55, 84), 1: (60, 89), 2: (55, 84), 3: (52, 79), 5: (60, 91), 6: (55, 79), 7: (55, 82),
                  8: (55, 84), 9: (62, 93), 10: (55, 84), 13: (55, 84)}  # fmt: skip
#: Programs whose range is not their family's.
_OWN_RANGES = {42: (43, 72), 57: (45, 72), 67: (43, 69), 70: (43, 70), 71: (52, 84), 66: (48, 74), 65: (54, 80)}
MELODY_PROGRAMS = (0, 4, 6, 8, 11, 13, 16, 19, 21, 22, 24, 25, 26, 27, 40, 41, 42, 52, 53, 54, 56, 57, 59, 60,
                   64, 65, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 78, 79, 80, 81, 82, 84, 85, 104, 105, 109,
                   110)  # fmt: skip
BASS_PROGRAMS = (32, 33, 34, 35, 36, 37, 38, 39, 43, 58)
#: Families that sing: bowed strings, voices, reeds, pipes (vibrato on held notes, scoops).
_SINGING = {5, 6, 8, 9}


def fresh_line_spec(seed: int, k: int) -> LineSpec:
    """Line ``k`` of the fresh melody set ``seed`` (the same whatever the count)."""
    if seed < 0 or k < 0:
        raise ValueError(f"seed={seed} and k={k} must not be negative")
    rng = np.random.default_rng([seed, k, 25])
    part = "bass" if k % 3 == 2 else "melody"
    bpm = float(rng.integers(60, 181))
    tonic, mode = int(rng.integers(0, 12)), str(rng.choice(["major", "minor"]))
    line_seed = int(rng.integers(0, 2**31))
    if part == "bass":
        program = int(rng.choice(BASS_PROGRAMS))
        return LineSpec(name=f"f{seed}_{k:02d}_bass_p{program}_{bpm:g}", part="bass", program=program, bpm=bpm,
                        tonic=tonic, mode=mode, low=28, high=55, bars=int(rng.integers(10, 21)), beats_per_bar=4,
                        seed=line_seed, split=f"fresh-{seed}")  # fmt: skip
    program = int(rng.choice(MELODY_PROGRAMS))
    low, high = _OWN_RANGES.get(program, _FAMILY_RANGES[program // 8])
    vibrato = float(rng.uniform(20, 80)) if program // 8 in _SINGING and rng.random() < 0.7 else 0.0
    return LineSpec(name=f"f{seed}_{k:02d}_melody_p{program}_{bpm:g}", part="melody", program=program, bpm=bpm,
                    tonic=tonic, mode=mode, low=low, high=high, bars=int(rng.integers(10, 21)),
                    beats_per_bar=int(rng.choice([4, 4, 3])), seed=line_seed, split=f"fresh-{seed}",
                    vibrato=vibrato, scoop=float(rng.uniform(0.1, 0.4)) if vibrato else 0.0)  # fmt: skip


def fresh_line_specs(seed: int, count: int = 12) -> list[LineSpec]:
    """``count`` fresh lines of ``seed``: two melodies, then a bass line, and so on."""
    if count < 1:
        raise ValueError(f"count={count} must be at least 1")
    return [fresh_line_spec(seed, k) for k in range(count)]


def fresh_lines(seed: int, count: int = 12) -> list[Line]:
    """The fresh lines of ``seed``, rendered (cached); raise :class:`melody_set.Unavailable` without fluidsynth."""
    return [render(s) for s in fresh_line_specs(seed, count)]


def retimbred(spec: LineSpec, program: int) -> LineSpec:
    """The melody set's line ``spec`` played on General MIDI ``program`` (a melody in that program's range).

    The same rhythm, tempo, key and singing, its pitches drawn in the new
    range: a tune-part line on a timbre the blind test found wanting is what
    to work on, never the blind test's own lines (``bench/notes.py --split
    tune --program P``).
    """
    if not 0 <= program <= 127:
        raise ValueError(f"program={program} must be a General MIDI program, 0-127")
    if spec.part == "melody":
        low, high = _OWN_RANGES.get(program, _FAMILY_RANGES.get(program // 8, (spec.low, spec.high)))
    else:
        low, high = spec.low, spec.high
    return dataclasses.replace(spec, name=f"{spec.name}_on_p{program}", program=program, low=low, high=high)
