"""The melody lane: a piano roll over the waveform, the current phrase as a staff (and tab), a melody track.

A ``st.components.v2`` component whose JavaScript (``ui/melody_frontend/melody.js``,
built from ``frontend/src/lane.js`` by ``make frontend`` and committed; its staff and its
voice are the Practice player's, ``frontend/src/notation.js`` and ``melody.js``) plays the stems
given, a voice synthesised from the notes (the "melody" track, with its own level, mute and
solo), draws the notes on a piano
roll over the first stem's waveform with the beats and bars, and the phrase under the
playhead on a staff with the note now lit. Everything musical is worked out here: the
notes are moved to the key the musician plays in, spelt in that key, and placed on the
guitar's (or the bass's) strings.

Usage on a page::

    from ui.melody import melody_lane

    melody_lane(transcription, analysis, {"vocals": mp3, "accompaniment": mp3}, semitones=2, key="lane")
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import streamlit as st

from jamwithme.errors import ParameterError
from ui.components import bundle_component, served_bundle

ASSETS = Path(__file__).with_name("melody_frontend")
#: The shipped lane, and the same lane with the hook the browser tests read (``window.__jamMelody``).
BUNDLE, TEST_BUNDLE = "melody.js", "melody-test-hooks.js"


def _bundle() -> str:
    """The lane this server sends: the tests' (``JAMWITHME_PLAYER_TEST_HOOKS=1``, as for the player) or the shipped."""
    return served_bundle(BUNDLE, TEST_BUNDLE)


def lane_data(transcription, analysis, *, semitones: int = 0) -> dict[str, Any]:
    """What the browser draws and plays: the notes in the played key, spelt, on the strings; beats, bars, phrases.

    Parameters
    ----------
    transcription : jamwithme.notes.Transcription
    analysis : jamwithme.analysis.SongAnalysis
        The song's grid and key.
    semitones : int
        The key the musician plays in, -24 to 24 from the song's.

    Returns
    -------
    dict
        ``notes`` ([{start, end, pitch, velocity, name, step, accidental, tab}]), ``phrases``, ``range``
        ([low, high]), ``beats``, ``downbeats``, ``subdivision`` (2, or 3 in compound time), ``key_name``,
        ``clef``, ``strings``, ``semitones``, ``duration``.
    """
    from jamwithme.analysis.key_names import transposed_key
    from jamwithme.notes.notation import staff_steps, tab_positions

    moved = transcription.transposed(semitones)
    pitches = [n.pitch for n in moved.notes]
    key_name = transposed_key(analysis.key, semitones) if analysis.key and " " in analysis.key else "C major"
    steps = staff_steps(pitches, key_name)
    bass = moved.part == "bass"
    strings, frets, _ = tab_positions(pitches, bass=bass)
    notes = [
        {**n.to_json(), "name": _spelt(step, mark), "step": step, "accidental": mark, "tab": list(fret)}
        for n, (step, mark), fret in zip(moved.notes, steps, frets)
    ]
    low_high = moved.pitch_range
    median = sorted(pitches)[len(pitches) // 2] if pitches else 67
    return {
        "notes": notes,
        "phrases": [p.to_json() for p in moved.phrases],
        "range": list(low_high) if low_high else [60, 72],
        "beats": [round(float(t), 3) for t in analysis.grid.beats],
        "downbeats": [round(float(t), 3) for t in analysis.grid.downbeats],
        "subdivision": analysis.grid.subdivision,  # the staff's note values: a beat is a dotted quarter in 6/8
        "key_name": key_name,
        "clef": "bass" if median < 55 else "treble",
        "strings": list(strings),
        "semitones": int(semitones),
        "duration": round(float(transcription.duration), 3),
    }


#: A staff accidental as it is written in a note's name.
_NAMED = {"": "", "♯": "#", "♭": "b", "𝄪": "##", "𝄫": "bb"}


def _spelt(step: int, mark: str) -> str:
    """A note's name as the staff spells it: (step, accidental) of ``staff_steps`` as "Bb4".

    The lane labelled its notes with sharps whatever the key ("A#1" in Bb major) while the staff
    under it wrote B♭.

    Examples
    --------
    >>> _spelt(41, "♭"), _spelt(38, "♯"), _spelt(35, "")
    ('Bb4', 'F#4', 'C4')
    """
    return f"{'CDEFGAB'[step % 7]}{_NAMED[mark]}{step // 7 - 1}"


def _served() -> bool:
    from ui.player import _served as served

    return served()


def melody_lane(
    transcription, analysis, stems: Mapping[str, bytes | str], *, semitones: int = 0, key: str, song: str = ""
) -> None:
    """Show the melody lane.

    Parameters
    ----------
    transcription : jamwithme.notes.Transcription
    analysis : jamwithme.analysis.SongAnalysis
    stems : Mapping[str, bytes | str]
        Compressed audio (or a URL) per stem, already in the key the musician plays in; the first one's
        waveform is drawn under the notes.
    semitones : int
        How far the notes are moved (the stems are given moved alike).
    key : str
        Widget key.
    song : str
        Identifies the song: another one rebuilds the lane.

    Raises
    ------
    ParameterError
        No stems, or a stem that is neither bytes nor a URL.
    """
    from ui.player import _stem_url

    if not stems:
        raise ParameterError("the melody lane needs at least one stem")
    if not _served():
        st.caption("The melody lane appears here in the browser.")
        return
    data = lane_data(transcription, analysis, semitones=semitones)
    data["stems"] = [{"name": name, "url": _stem_url(name, stem, key)} for name, stem in stems.items()]
    data["waveform"] = next(iter(stems))
    data["song"] = song
    bundle_component("jamwithme_melody_lane", ASSETS / _bundle(), ASSETS / "melody.css")(
        key=key, data=data, height="content"
    )
