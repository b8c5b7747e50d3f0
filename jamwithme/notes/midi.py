"""A transcription as a Standard MIDI File on the song's own tempo map, in the key the musician plays in.

Every counted beat of the song's grid is a beat of the file (a quarter note,
or a dotted quarter in 6/8 and 12/8), so the notes sit in the song's bars in
any sequencer; the tempo changes with the song, beat by beat, and the notes
keep their exact times (to a tick: 1/480 of a quarter). The lead-in before
the first downbeat is a pickup bar at the song's tempo (a time signature of
sixteenths; a sequencer numbers it bar 1, so the chart's bar 1 is its bar 2
when the lead-in is under a bar). The key signature is the song's key
moved by the same semitones as the notes.

Examples
--------
>>> from jamwithme.notes import Note, Transcription
>>> from jamwithme.notes.timeline import BeatMap
>>> t = Transcription(notes=(Note(0.5, 1.0, 60, 100),))
>>> data = midi_bytes(t, BeatMap(beats=np.arange(1, 9) * 0.5, downbeats=[0.5]), key="C major")
>>> data[:4]
b'MThd'
"""

from __future__ import annotations

import io

import numpy as np

from jamwithme.notes.timeline import BeatMap

#: Ticks per quarter note.
TICKS = 480
#: General MIDI programs (0-based) the parts play on.
PROGRAMS = {"melody": 0, "bass": 33, "chords": 0}
#: The keys a MIDI key signature names (up to seven sharps or flats), and other spellings of the rest.
_MIDI_KEYS = {"C", "G", "D", "A", "E", "B", "F#", "C#", "F", "Bb", "Eb", "Ab", "Db", "Gb", "Cb", "Am", "Em", "Bm",
              "F#m", "C#m", "G#m", "D#m", "A#m", "Dm", "Gm", "Cm", "Fm", "Bbm", "Ebm", "Abm"}  # fmt: skip
_ENHARMONIC = {"A#": "Bb", "D#": "Eb", "G#": "Ab", "Gb": "F#", "Db": "C#", "E#": "F", "B#": "C", "Fb": "E"}


def midi_bytes(transcription, beat_map: BeatMap, *, key: str | None = None, semitones: int = 0,
               title: str = "") -> bytes:  # fmt: skip
    """The notes as a type-1 MIDI file: a tempo track and one note track.

    Parameters
    ----------
    transcription : Transcription
    beat_map : BeatMap
        The song's grid (:meth:`BeatMap.of` an analysis).
    key : str, optional
        The song's key (``"D major"``, ``"F# minor"``), before the transposition.
    semitones : int
        Move every note (and the key signature) this far, -24 to 24.
    title : str
        The track's name.

    Returns
    -------
    bytes
    """
    import mido

    moved = transcription.transposed(semitones)
    ticks_per_beat = TICKS * (3 if beat_map.subdivision == 3 else 2) // 2
    mid = mido.MidiFile(type=1, ticks_per_beat=TICKS)
    tempo = mido.MidiTrack()
    mid.tracks.append(tempo)
    tempo.append(mido.MetaMessage("track_name", name=title[:60] or "JamWithMe", time=0))
    numerator, denominator = beat_map.time_signature
    # Tick 0 is second 0 (the file lines up with the song's audio): the lead-in before the first downbeat
    # is a pickup bar at the song's tempo, a whole number of sixteenths long, then the song's own metre.
    origin = beat_map.origin
    pickup = int(round((beat_map.beats_per_bar - origin) * ticks_per_beat)) if origin > 0 else 0
    metas = []  # (tick, message) in the order written
    signature = _key_signature(key, semitones)
    if signature is not None:
        metas.append((0, mido.MetaMessage("key_signature", key=signature)))
    if pickup:
        metas.append((0, mido.MetaMessage("time_signature", numerator=pickup // (TICKS // 4), denominator=16)))
    metas.append((pickup, mido.MetaMessage("time_signature", numerator=numerator, denominator=denominator)))
    last = None
    for position, seconds_per_beat in beat_map.tempo_changes():
        at = int(round((position - origin) * ticks_per_beat))
        value = int(round(seconds_per_beat * 1e6 * TICKS / ticks_per_beat))  # microseconds a quarter note
        value = int(np.clip(value, 1, 0xFFFFFF))
        if value != last:
            metas.append((at, mido.MetaMessage("set_tempo", tempo=value)))
            last = value
    now = 0
    for at, message in sorted(metas, key=lambda m: m[0]):  # stable: the order written within a tick
        tempo.append(message.copy(time=at - now))
        now = at
    notes = mido.MidiTrack()
    mid.tracks.append(notes)
    notes.append(mido.MetaMessage("track_name", name=moved.part, time=0))
    notes.append(mido.Message("program_change", channel=0, program=PROGRAMS.get(moved.part, 0), time=0))
    events = []
    for note in moved.notes:
        on, off = (int(round((b - origin) * ticks_per_beat)) for b in beat_map.beat_of([note.start, note.end]))
        off = max(off, on + 1)
        events.append((on, 1, note.pitch, note.velocity))
        events.append((off, 0, note.pitch, 0))
    now = 0
    for at, kind, pitch, velocity in sorted(events, key=lambda e: (e[0], e[1])):  # offs before ons at a tick
        notes.append(mido.Message("note_on" if kind else "note_off", channel=0, note=pitch, velocity=velocity,
                                  time=at - now))  # fmt: skip
        now = at
    buffer = io.BytesIO()
    mid.save(file=buffer)
    return buffer.getvalue()


def _key_signature(key: str | None, semitones: int) -> str | None:
    """MIDI's name of the key after the transposition (``"Bb"``, ``"F#m"``), or None when unknown."""
    if not key or " " not in key:
        return None
    from jamwithme.analysis.key_names import transposed_key

    tonic, mode = transposed_key(key, semitones).split(" ", 1)
    suffix = "m" if mode == "minor" else ""
    for name in (tonic, _ENHARMONIC.get(tonic, tonic)):
        if name + suffix in _MIDI_KEYS:
            return name + suffix
    return None
