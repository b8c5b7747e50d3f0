"""Key names: a key's name from its tonic and mode, its tonic and mode from a name, and the key after transposing.

How a key is written everywhere (the Load page, the player, the chart, the exports): flats for the flat keys
(Bb major, not A# major), a sharp for the sharp minors (C# minor). The estimation is :mod:`jamwithme.analysis.key`.
"""

from __future__ import annotations

import math
import numbers
import re

from jamwithme.analysis.chords import FLATS, SHARPS, parse
from jamwithme.errors import ParameterError

#: Tonic spelling: the usual key signature for each key.
MAJOR_NAMES = ["C", "Db", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B"]
MINOR_NAMES = ["C", "C#", "D", "Eb", "E", "F", "F#", "G", "G#", "A", "Bb", "B"]
_KEY = re.compile(r"^\s*([A-Ga-g])([#b]?)\s*(major|minor|maj|min)?\s*$", re.IGNORECASE)


def key_name(tonic: int, mode: str) -> str:
    """``"Bb major"``, ``"F# minor"``: the tonic as its key signature spells it.

    Examples
    --------
    >>> key_name(10, "major"), key_name(6, "minor")
    ('Bb major', 'F# minor')
    """
    names = MAJOR_NAMES if mode == "major" else MINOR_NAMES
    return f"{names[tonic % 12]} {mode}"


def parse_key(key: str) -> tuple[int, str]:
    """Pitch class of the tonic and the mode of ``"Bb major"`` / ``"A minor"``.

    Raises
    ------
    ParameterError
        Not a key.

    Examples
    --------
    >>> parse_key("Bb major"), parse_key("f# minor")
    ((10, 'major'), (6, 'minor'))
    """
    match = _KEY.match(key) if isinstance(key, str) else None
    if not match:
        raise ParameterError(f"key={key!r} is not a key like 'C major' or 'F# minor'")
    letter = match.group(1).upper() + match.group(2)
    tonic = (SHARPS.index(letter) if letter in SHARPS else FLATS.index(letter)) if letter in SHARPS + FLATS else None
    if tonic is None:  # Cb, Fb, E#, B#
        tonic = parse(letter + ":maj")[0]
    mode = "minor" if (match.group(3) or "major").lower().startswith("min") else "major"
    return int(tonic), mode


def uses_flats(key: str) -> bool:
    """Whether a key's signature has flats (so its chords are spelled Bb, not A#).

    Examples
    --------
    >>> uses_flats("F major"), uses_flats("E minor"), uses_flats("D minor")
    (True, False, True)
    """
    tonic, mode = parse_key(key)
    relative_major = tonic if mode == "major" else (tonic + 3) % 12
    return relative_major in (5, 10, 3, 8, 1)  # F, Bb, Eb, Ab, Db


def transposed_key(key: str, semitones: float) -> str:
    """The key after moving by ``semitones`` (rounded to whole ones): ``("C major", 2)`` -> ``"D major"``.

    Parameters
    ----------
    key : str
        ``"<tonic> major"`` or ``"<tonic> minor"``.
    semitones : float
        Up (positive) or down; a fraction of a semitone leaves the song between
        two keys, so the nearest is named.

    Raises
    ------
    ParameterError
        Not a key, or not a finite number.

    Examples
    --------
    >>> transposed_key("Bb major", 2), transposed_key("A minor", -3), transposed_key("C major", 12)
    ('C major', 'F# minor', 'C major')
    """
    if isinstance(semitones, bool) or not isinstance(semitones, numbers.Real) or not math.isfinite(semitones):
        raise ParameterError(f"semitones={semitones!r} must be a finite number")
    tonic, mode = parse_key(key)
    return key_name(tonic + int(round(semitones)), mode)
