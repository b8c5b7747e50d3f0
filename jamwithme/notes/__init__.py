"""Learn the melody: a part's notes from its audio, and its phrases, for the player and the downloads.

:func:`transcribe` turns a clip (the separated vocals, a bass line, a solo
recording) into a :class:`Transcription`: its notes (start and end in
seconds of the song, MIDI pitch, velocity) and its phrases. The engine is
chosen per part from measurements on the melody development set
(``bench/notes.py``, README):

==========  =================  ==============================================
part        engine             what it does
==========  =================  ==============================================
``melody``  ``pyin``           pYIN's pitch track (:mod:`.pitch`) cut into notes
                               at attacks and pitch steps (:mod:`.segment`)
``bass``    ``pyin``           the same, over the bass range
``chords``  ``basic-pitch``    Spotify's polyphonic network (:mod:`.polyphonic`)
==========  =================  ==============================================

The downloads are :mod:`.midi` (MIDI on the song's tempo map, in any key)
and :mod:`.notation` (ABC and guitar tab, quantised to the grid).

Examples
--------
>>> from jamwithme.audio import silence
>>> found = transcribe(silence(2.0), part="melody")
>>> found.notes, found.notices
((), ('no notes found: the melody is silent',))
"""

from __future__ import annotations

import dataclasses
import enum
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from jamwithme import checks
from jamwithme.audio import AudioClip

__all__ = [
    "DEFAULT_ENGINES", "MAX_TRANSPOSE", "Engine", "Note", "Part", "Phrase", "Transcription", "check_transpose",
    "note_name", "phrases_of", "transcribe",
]  # fmt: skip

logger = logging.getLogger("jamwithme")

Progress = Callable[[float], None]

#: The transcription's own version: raising it makes every stored transcription a miss.
#: 2: a faint short echo of the note just stopped is not a note; 3: an ensemble's wobble is not an attack;
#: 4: an ensemble's new pitch moves back onto its attack; 5: the octave-down check needs a 0.2 share;
#: 6: a melody's strays (an octave from the notes around them) keep their tracked pitch or are left out;
#: 7: an attack inside a held pitch stands out of the note's own wobble; a slow bend is the note bent.
#: 8: a weak fundamental (a partial standing at half the pitch) is the note; a hollow one an octave up.
#: 9: a struck note ringing under the next does not pull its pitch a semitone; the bass's weak fundamental.
#: 10: a pluck's fall that holds on (a sitar's buzz) is not the note's release.
#: 11: a wobbly part's swing in a note's first moments is judged by its held notes' wobble, not taken for an attack.
#: 12: the vocals of a song nobody sings in give no melody, and say so (``sung``).
#: 13: a pitch step moves onto the latest attack before it (a bowed or legato note's attack precedes its pitch).
#: 14: a trough of a held note's level as deep as the one a vibrato's period before it is not an attack.
#: 15: a note at the pitch of the note it runs on from, no attack between (a slow glide into it), is that note.
#: 16: a shallow trough with the tone held through it (pYIN's voicing steady, the pitch swinging) is a vibrato.
#: 17: a bass note whose pitch pYIN found late moves back onto its attack (a slap bass's slap).
#: 18: a bass note needs a voiced probability of 0.02, not 0.05 (a slap bass 2's sweeping attack is barely voiced).
#: 19: a bass note is the semitone its pitch track holds longest, not its median (a slap's sweep settling).
#: 20: a bass note's faint partial an octave below it (a slap bass's D2) is not its fundamental.
#: 21: a held note let go slowly (an organ's release) ends where its level leaves the held level.
#: 22: with the pitch lost before its pitch step, a note starts on the strongest attack there, not the latest.
#: 23: a note at the pitch of the note let go before it, never climbing back toward it, is that note dying.
#: 24: in an ensemble, a note starts on the attack that brings its partials in, not a later swell at its step.
#: 25: a piece in a rest, far under the note before and never climbing out of its fall, is the notes' releases.
#: 26: in the bass, a trough of the level between two notes, with a faint attack by it, starts a note (a contrabass's).
#: 28: a bass note whose partials at 3/2 and 5/2 of its pitch stand out is an octave lower (a contrabass's low notes).
#: 29: a melody note with holes at 5 and 7 times its pitch, under its 6th or 8th, is an organ's stop an octave or two
#: under the key; the note is that octave higher (a drawbar organ's).
#: 30: a melody note with nothing at its pitch, its 5th and 7th harmonics missing and its 3rd sounding, is a church
#: organ's key read with its quint stop; the note is an octave (or two) higher.
#: 31: in a melody whose notes die away from their attack (a xylophone's, a banjo's), a note lasts until the next,
#: unless its let-go is heard (its level had settled far under its peak, or it falls at once: a damper).
#: 32: in a melody whose notes do not die away, a note running on to the next ends where its level starts the short
#: fall (its release) into the trough before the next note's attack.
#: 33: in the bass, a piece read on at a note's pitch after its release, the odd harmonics of that pitch fallen away,
#: is the note an octave up (a contrabass's line in octaves, the low note ringing under the upper one).
#: 34: in a melody whose notes do not die away, a note running on to the next also ends where a longer fall into that
#: trough starts, when it falls at a release's rate throughout (52 dB/s or faster): a celesta's or a guitar's note
#: let go, ringing on into the gap or the rest before the next note.
#: 35: a piece with no attack of its own, far under the note before and never climbing, is that note's tail ringing
#: on (a celesta's, a sitar's), not a note in the rest.
#: 36: in a melody, a flux peak inside a held pitch whose level falls 10 dB after it and climbs back, the pitch held
#: on 0.2 s, is a note played again (a sustained note struck again: its old note's release falls after the new attack).
#: 37: in a melody, a note still running on to the next after those checks (its let-go not heard: a xylophone's
#: died away, a celesta's rings under the next attack) ends 0.85 of the way to the next note's start.
#: 38: in a melody whose notes do not die away, a note the drop rule ended in its attack's fall, its level then held
#: and falling again 7 dB within 0.035 s before the next note, ends where that fall starts (a harpsichord's, a horn's).
#: 39: in a melody that swells in and fades out (its notes reach their peak 0.15 s or more after their attack and
#: take 0.17 s or more to fade into a rest: a synth voice's, a choir's), a note ends where its slow fade starts;
#: not in a part whose notes die along from their peak (4.5 dB or more 0.3 s after it: a harpsichord's).
VERSION = 39


class Part(str, enum.Enum):
    """What is transcribed: one line (``melody``, ``bass``) or a part of several notes at once (``chords``)."""

    MELODY = "melody"
    BASS = "bass"
    CHORDS = "chords"

    @classmethod
    def parse(cls, value: str | Part) -> Part:
        if isinstance(value, Part):
            return value
        return cls(checks.one_of("part", value, [p.value for p in cls]))


class Engine(str, enum.Enum):
    """How notes are found: pYIN and note segmentation (one line), or basic-pitch (any number of notes)."""

    PYIN = "pyin"
    BASIC_PITCH = "basic-pitch"

    @classmethod
    def parse(cls, value: str | Engine) -> Engine:
        if isinstance(value, Engine):
            return value
        return cls(checks.one_of("engine", value, [e.value for e in cls]))


#: Each part's engine, chosen on the development set's tune part (``bench/notes.py`` prints both).
DEFAULT_ENGINES = {Part.MELODY: Engine.PYIN, Part.BASS: Engine.PYIN, Part.CHORDS: Engine.BASIC_PITCH}


@dataclass(frozen=True)
class Note:
    """One note: ``start`` and ``end`` in seconds of the song, ``pitch`` a MIDI number, ``velocity`` 1-127."""

    start: float
    end: float
    pitch: int
    velocity: int

    def to_json(self) -> dict:
        return {"start": round(self.start, 3), "end": round(self.end, 3), "pitch": self.pitch,
                "velocity": self.velocity}  # fmt: skip


@dataclass(frozen=True)
class Phrase:
    """Notes ``first`` to ``first + count - 1`` sung in one breath, from ``start`` to ``end`` (seconds)."""

    start: float
    end: float
    first: int
    count: int

    def to_json(self) -> dict:
        return {"start": round(self.start, 3), "end": round(self.end, 3), "first": self.first, "count": self.count}


@dataclass(frozen=True)
class Transcription:
    """A part's notes and phrases.

    Parameters
    ----------
    notes : tuple of Note
        By start; in a one-line part they do not overlap.
    phrases : tuple of Phrase
        Consecutive groups covering every note once.
    part, engine : str
        What was transcribed and how.
    duration : float
        Length of the audio, seconds.
    notices : tuple of str
        What the user should know (no notes found, and why).
    sung : bool or None
        For the vocals of a song (:func:`transcribe` given ``mix_level``): whether anyone sings in it; False
        gives no notes and says so. None where it was not asked (another part, a part as it is).
    """

    notes: tuple = ()
    phrases: tuple = ()
    part: str = Part.MELODY.value
    engine: str = Engine.PYIN.value
    duration: float = 0.0
    notices: tuple = field(default_factory=tuple)
    sung: bool | None = None

    @property
    def pitch_range(self) -> tuple[int, int] | None:
        """(lowest, highest) MIDI pitch, or None without notes."""
        if not self.notes:
            return None
        pitches = [n.pitch for n in self.notes]
        return min(pitches), max(pitches)

    def to_json(self) -> dict:
        """The stored and served form.

        ``{"notes": [{"start", "end", "pitch", "velocity"}], "phrases": [{"start", "end", "first", "count"}],
        "part", "engine", "duration", "range": {"low", "high"} | null, "notices": [...], "sung": bool | null}``;
        times in seconds.
        """
        low_high = self.pitch_range
        return {
            "notes": [n.to_json() for n in self.notes],
            "phrases": [p.to_json() for p in self.phrases],
            "part": self.part,
            "engine": self.engine,
            "duration": round(self.duration, 3),
            "range": None if low_high is None else {"low": low_high[0], "high": low_high[1]},
            "notices": list(self.notices),
            "sung": self.sung,
        }

    @classmethod
    def from_json(cls, data: dict) -> Transcription:
        """The transcription back from :meth:`to_json`'s dict.

        Raises
        ------
        ParameterError
            A field missing or of the wrong kind.
        """
        with checks.parsing("a transcription"):
            return cls(
                notes=tuple(Note(float(n["start"]), float(n["end"]), int(n["pitch"]), int(n["velocity"]))
                            for n in data["notes"]),
                phrases=tuple(Phrase(float(p["start"]), float(p["end"]), int(p["first"]), int(p["count"]))
                              for p in data.get("phrases", ())),
                part=str(data.get("part", Part.MELODY.value)), engine=str(data.get("engine", Engine.PYIN.value)),
                duration=float(data.get("duration", 0.0)), notices=tuple(str(x) for x in data.get("notices", ())),
                sung=None if data.get("sung") is None else bool(data["sung"]),
            )  # fmt: skip

    def transposed(self, semitones: int) -> Transcription:
        """Every note ``semitones`` up (down if negative), kept within MIDI's 0-127."""
        steps = check_transpose(semitones)
        if steps == 0:
            return self
        notes = tuple(Note(n.start, n.end, int(np.clip(n.pitch + steps, 0, 127)), n.velocity) for n in self.notes)
        return dataclasses.replace(self, notes=notes)


_NAMES = ("C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B")


def note_name(pitch: int) -> str:
    """A MIDI pitch's name with its octave, sharps for the black keys.

    Examples
    --------
    >>> note_name(60), note_name(70), note_name(21)
    ('C4', 'A#4', 'A0')
    """
    return f"{_NAMES[int(pitch) % 12]}{int(pitch) // 12 - 1}"


#: The farthest the notes (and their key) are moved, in semitones, up or down: two octaves.
MAX_TRANSPOSE = 24


def check_transpose(semitones) -> int:
    """``semitones`` as a whole number of semitones the notes can move, up to :data:`MAX_TRANSPOSE` either way."""
    return checks.integer("semitones", semitones, -MAX_TRANSPOSE, MAX_TRANSPOSE)


# --------------------------------------------------------------------------- transcribing


def transcribe(
    clip: AudioClip,
    *,
    part: str | Part = Part.MELODY,
    engine: str | Engine | None = None,
    beats: Sequence[float] | np.ndarray | None = None,
    downbeats: Sequence[float] | np.ndarray | None = None,
    mix_level: np.ndarray | None = None,
    progress: Progress | None = None,
) -> Transcription:
    """The notes of a part.

    Parameters
    ----------
    clip : AudioClip [shape=(channels, n)]
        The part: the separated vocals, a stem, a solo recording.
    part : {"melody", "bass", "chords"}
        One line in the voice's range, one line in the bass range, or several notes at once.
    engine : {"pyin", "basic-pitch"}, optional
        Default: the part's measured choice (:data:`DEFAULT_ENGINES`).
    beats, downbeats : array_like, optional
        The song's grid (seconds): phrases break at rests of a beat or more and
        last at most four bars. Without it, at rests of 0.4 s.
    mix_level : np.ndarray, optional
        For the melody of separated vocals: the song's level frame by frame
        (:func:`jamwithme.notes.sung.mix_levels` of the song they came from). With
        it, vocals nobody sings in (an instrumental's bleed) give no notes,
        ``sung`` False and a notice saying so, not noise drawn as a melody.
    progress : callable, optional
        Called with the fraction done, 0.0 to 1.0.

    Returns
    -------
    Transcription
        With a notice, and no notes, when the clip is silent, holds no notes or nobody sings in it.

    Raises
    ------
    ParameterError
        Not a clip, or a bad part or engine.
    ModelError
        basic-pitch's model could not be loaded.
    """
    from jamwithme.notes import pitch as pitch_mod

    checks.instance("clip", clip, AudioClip, what="an AudioClip")
    part = Part.parse(part)
    engine = DEFAULT_ENGINES[part] if engine is None else Engine.parse(engine)
    report = progress or (lambda fraction: None)
    report(0.0)
    y = _signal(clip)
    report(0.1)
    sounds = bool(np.any(np.abs(y) > 1e-5))
    track, sung = None, None
    if mix_level is not None and part is Part.MELODY:  # the vocals of a song: does anyone sing?
        from jamwithme.notes.sung import LEAST_SUNG, sung_seconds

        if sounds:
            fmin, fmax, frame = _PYIN_FRAMES[part]
            track = pitch_mod.f0_track(y, fmin=fmin, fmax=fmax, frame_length=frame)
        sung = sounds and sung_seconds(track, mix_level) >= LEAST_SUNG
    if not sounds or sung is False:
        notes = np.zeros((0, 4))
    elif engine is Engine.BASIC_PITCH:
        from jamwithme.notes.polyphonic import basic_pitch_notes

        lowest, highest = _RANGES[part]
        notes = basic_pitch_notes(y, lowest=lowest, highest=highest, progress=lambda f: report(0.1 + 0.85 * f))
        if part is not Part.CHORDS:
            notes = _one_line(notes)
        notes[:, 3] = 20 * np.log10(np.maximum(notes[:, 3], 1e-3))  # amplitude to a level, as segment gives
    else:
        from jamwithme.notes import segment, segmentation

        settings = segmentation.BASS if part is Part.BASS else segmentation.MELODY
        if track is None:
            fmin, fmax, frame = _PYIN_FRAMES[part]
            track = pitch_mod.f0_track(y, fmin=fmin, fmax=fmax, frame_length=frame)
        report(0.6)
        flux = pitch_mod.onset_flux(y)
        report(0.8)
        notes = segment.segment(track, flux, y, settings)
    report(0.95)
    notes = notes[notes[:, 1] - notes[:, 0] >= 0.01] if len(notes) else notes  # a note lasts
    found = tuple(
        Note(round(float(a), 4), round(float(b), 4), int(p), v) for (a, b, p, _), v in zip(notes, _velocities(notes))
    )
    notices = ()
    if not found:
        what = "the part" if part is Part.CHORDS else f"the {part.value}"
        notices = (f"no notes found in {what}" if sounds else f"no notes found: {what} is silent",)
        if sung is False and sounds:
            notices = ("no melody: nobody sings in this song (its vocals are only the band's faint bleed)",)
    report(1.0)
    logger.info("notes: %d %s notes (%s)", len(found), part.value, engine.value)
    return Transcription(
        notes=found, phrases=phrases_of(found, beats=beats, downbeats=downbeats), part=part.value,
        engine=engine.value, duration=clip.duration, notices=notices, sung=sung,
    )  # fmt: skip


#: MIDI range kept for each part.
_RANGES = {Part.MELODY: (36, 100), Part.BASS: (24, 64), Part.CHORDS: (28, 108)}
#: pYIN's lowest and highest frequency and frame length for each one-line part.
_PYIN_FRAMES = {Part.MELODY: (65.0, 2100.0, 1024), Part.BASS: (30.0, 500.0, 2048)}


def _signal(clip: AudioClip) -> np.ndarray:
    """The clip's mono mix at 22.05 kHz (the analysis' rate, pYIN's and basic-pitch's), read block by block."""
    from jamwithme.analysis.rhythm import analysis_signal

    return analysis_signal(clip)


def _velocities(notes: np.ndarray) -> list[int]:
    """MIDI velocities from the notes' levels (dB): the loudest note 110, 2.2 velocity steps a dB below it."""
    if len(notes) == 0:
        return []
    levels = np.asarray(notes)[:, 3]
    return [int(v) for v in np.clip(np.round(110 + 2.2 * (levels - levels.max())), 16, 127)]


def _one_line(notes: np.ndarray) -> np.ndarray:
    """One note at a time from a polyphonic result: where notes overlap, the louder holds and the other yields."""
    if len(notes) == 0:
        return notes
    order = np.argsort(-notes[:, 3], kind="stable")
    kept: list[np.ndarray] = []
    for row in notes[order]:
        overlap = sum(max(0.0, min(row[1], k[1]) - max(row[0], k[0])) for k in kept)
        if overlap < 0.5 * (row[1] - row[0]):
            kept.append(row.copy())
    out = np.array(sorted(kept, key=lambda r: r[0]))
    for i in range(len(out) - 1):
        out[i, 1] = min(out[i, 1], out[i + 1, 0])
    return out


def phrases_of(
    notes: Sequence[Note],
    *,
    beats: Sequence[float] | np.ndarray | None = None,
    downbeats: Sequence[float] | np.ndarray | None = None,
    max_bars: int = 4,
) -> tuple[Phrase, ...]:
    """Group notes into phrases: a rest of a beat or more ends one, and none is longer than ``max_bars`` bars.

    Without a grid, a rest of 0.4 s ends a phrase and phrases are at most 8 s
    long. A phrase too long is cut before the first note starting on or after
    a bar line ``max_bars`` bars from its start.

    Examples
    --------
    >>> notes = [Note(0.0, 0.4, 60, 90), Note(0.5, 0.9, 62, 90), Note(2.0, 2.4, 64, 90)]
    >>> [(p.first, p.count) for p in phrases_of(notes, beats=np.arange(8) * 0.5)]
    [(0, 2), (2, 1)]
    """
    if not notes:
        return ()
    beats = np.asarray(beats if beats is not None else (), np.float64)
    bars = np.asarray(downbeats if downbeats is not None else (), np.float64)
    gap = float(np.median(np.diff(beats))) if beats.size >= 2 else 0.4
    phrases: list[Phrase] = []
    first, limit = 0, _phrase_limit(notes[0].start, bars, max_bars)
    for i in range(1, len(notes) + 1):
        if i < len(notes):
            rest = notes[i].start - max(n.end for n in notes[first:i])
            if rest < gap * 0.99 and notes[i].start < limit:
                continue
        phrases.append(Phrase(notes[first].start, max(n.end for n in notes[first:i]), first, i - first))
        if i < len(notes):
            first, limit = i, _phrase_limit(notes[i].start, bars, max_bars)
    return tuple(phrases)


def _phrase_limit(start: float, bars: np.ndarray, max_bars: int) -> float:
    """The bar line ``max_bars`` bars after the bar holding ``start`` (8 s after it without bars)."""
    if bars.size < 2:
        return start + 8.0
    index = int(np.searchsorted(bars, start + 0.05, side="right")) - 1
    target = index + max_bars
    if target < bars.size:
        return float(bars[max(target, 0)])
    length = float(np.median(np.diff(bars)))
    return float(bars[-1] + (target - bars.size + 1) * length)
