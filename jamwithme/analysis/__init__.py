"""Musical insight: tempo and bars, time signature, key, chords, sections and a highlight, as one analysis.

:func:`analyze` is a pure function of the clip (plus crema's chord model,
built once per process); its :class:`SongAnalysis` goes to and from JSON
(:meth:`SongAnalysis.to_json`, :meth:`SongAnalysis.from_json`) in the schema
the command line and the HTTP API answer with. :func:`chordpro` writes the
chord chart.

Modules: :mod:`~jamwithme.analysis.grid` (the beat grid, the one type holding
beats, bars and tempo that the remix, the player and the exports read),
:mod:`~jamwithme.analysis.rhythm` (finding tempo, beats, downbeats and metre),
:mod:`~jamwithme.analysis.chords`, :mod:`~jamwithme.analysis.key` (and how keys are written,
:mod:`~jamwithme.analysis.key_names`),
:mod:`~jamwithme.analysis.sections`.
"""

from __future__ import annotations

import bisect
import dataclasses
import logging
import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from jamwithme import checks
from jamwithme.analysis.chords import chord_symbol
from jamwithme.analysis.grid import NO_PULSE, Grid
from jamwithme.analysis.key_names import transposed_key, uses_flats
from jamwithme.analysis.section_names import is_letter, part, stored_name
from jamwithme.audio import AudioClip
from jamwithme.errors import ParameterError

__all__ = [
    "MIN_SECONDS", "NO_KEY", "NO_PULSE", "Grid", "SongAnalysis", "analyze", "chord_symbol", "chordpro", "too_short",
    "transposed_key",
]  # fmt: skip

logger = logging.getLogger("jamwithme")

#: The shortest song the analysis takes (seconds): four beats at 50 BPM, the slowest tempo it finds. Shorter, the
#: tracker had one or two beats to go on and reported a tempo of its own making (a 0.5 s tone read "128 BPM", a
#: 2 s click track at 60 BPM "102 BPM"); from 3 s on, click tracks at 60-170 BPM read their tempo (or its double).
MIN_SECONDS = 4.0
#: What a song that sounds no tones (silence, noise) shows for its key, as "no steady beat found" for its tempo.
NO_KEY = "no key found"
#: The key such a song's analysis holds (a transposition still has a name to move; nothing shows it).
PLACEHOLDER_KEY = "C major"
#: Chords of a song with no steady beat (a drone, a rubato line) are read on a grid this many seconds apart.
NO_PULSE_CHORD_STEP = 0.5
#: Chroma frames (each over its loudest bin) whose median mean is at least this sound no tones: white noise
#: 0.81; a held string chord 0.32, a rubato flute line 0.14 (songs with a beat, never asked: the tune part's
#: 0.24-0.43, the real metal songs up to 0.57).
NO_TONES_CHROMA = 0.6
#: A song with a beat sounds no tones (a drum kit alone) where crema's chord model hears no chord ("N") over at
#: least this share of it ... (drum loops of nine styles at 70-150 BPM 1.0; the 29 tune songs 0.02-0.13; the real
#: songs 0.01-0.10, but Choice, drums and bass, 0.40 and War_of_freedom's distorted guitars 0.93) ...
DRUMS_NO_CHORD = 0.8
#: ... and the median of its bass output's "no bass" is at least this (the drum loops 0.98-1.0; the tune songs at
#: most 0.001, the real songs at most 0.08, War_of_freedom; Choice 0.02) ...
DRUMS_NO_BASS = 0.5
#: ... and its chroma is this flat or flatter (:func:`chroma_flatness`): a kit's hits spread over every pitch
#: class (drum loops of seven styles 0.43-0.56), where a line alone, which the chord model also hears as no
#: chord and no bass, is one pitch at a time (a sung line 0.12, a rubato flute 0.14): it has a key.
DRUMS_FLATNESS = 0.3

Progress = Callable[[float], None]


@dataclass(frozen=True, eq=False)
class SongAnalysis:
    """What the analysis found in a song. Times in seconds from the start of the file.

    Parameters
    ----------
    grid : Grid
        Beats, bars, metre and tempo (:class:`~jamwithme.analysis.grid.Grid`), its times to the
        millisecond as the JSON holds them; ``tempo``, ``time_signature``, ``beats``, ``downbeats``,
        ``beats_per_bar`` and :meth:`bars` read it.
    key : str
        ``"Bb major"``, ``"F# minor"``.
    key_confidence : float
        0 (a guess) to 1 (clear).
    chords : list of (start, end, label)
        Harte labels (``C:maj``, ``A:min``, ``G:7``, ``N``), covering the song.
    sections : list of (start, end, letter)
        ``A``, ``B``, ...; repeats of the same material share a letter.
    highlight : (float, float)
        The 30 s that best stand for the song.
    section_names : list of str
        What each section is, one per section: ``"Intro"``, ``"Verse 1"``, ``"Chorus 2"``, ``"Bridge"``,
        ``"Solo"``, ``"Outro"``, or its letter where no name fits; empty in an analysis made before names.
    tonal : bool
        False where the song sounds no tones (silence, noise, a drum kit alone): it has no key, ``key`` is a placeholder
        (show :meth:`key_text`) and the JSON's ``"key"`` is null.

    Examples
    --------
    >>> a = analyze(load("song.ogg"))  # doctest: +SKIP
    >>> a.tempo, a.time_signature, a.key  # doctest: +SKIP
    (176.0, '4/4', 'A major')
    >>> SongAnalysis.from_json(a.to_json()).to_json() == a.to_json()  # doctest: +SKIP
    True
    """

    grid: Grid
    key: str
    key_confidence: float
    chords: list = field(default_factory=list)
    sections: list = field(default_factory=list)
    highlight: tuple = (0.0, 0.0)
    section_names: list = field(default_factory=list)
    tonal: bool = True

    def __post_init__(self) -> None:
        if not isinstance(self.grid, Grid):
            raise ParameterError(f"grid must be a Grid, got {type(self.grid).__name__}")
        object.__setattr__(self, "grid", self.grid.rounded(3))
        object.__setattr__(self, "chords", [(float(a), float(b), str(c)) for a, b, c in self.chords])
        object.__setattr__(self, "sections", [(float(a), float(b), str(c)) for a, b, c in self.sections])
        object.__setattr__(self, "highlight", (float(self.highlight[0]), float(self.highlight[1])))
        names = [str(name) for name in self.section_names]
        if names and len(names) != len(self.sections):
            raise ParameterError(f"{len(names)} section names for {len(self.sections)} sections")
        object.__setattr__(self, "section_names", names)
        object.__setattr__(self, "tonal", bool(self.tonal))

    @property
    def tempo(self) -> float:
        """Beats per minute at the drummer's level (dotted quarters in compound time); a placeholder without a
        :attr:`pulse` (show :meth:`tempo_text`)."""
        return self.grid.tempo

    @property
    def pulse(self) -> bool:
        """The song has a steady beat (False: silence, a drone, a rubato line; no beats, bars or tempo)."""
        return self.grid.pulse

    def tempo_text(self, speed: float = 1.0) -> str:
        """``"134 BPM"`` at ``speed`` times the song's tempo, or ``"no steady beat found"``
        (:meth:`Grid.tempo_text <jamwithme.analysis.grid.Grid.tempo_text>`)."""
        return self.grid.tempo_text(speed)

    def key_text(self) -> str:
        """``"Bb major"``, or ``"no key found"`` (:data:`NO_KEY`) where the song sounds no tones."""
        return self.key if self.tonal else NO_KEY

    @property
    def time_signature(self) -> str:
        """``"4/4"``, ``"3/4"``, ``"6/8"``, ..."""
        return self.grid.time_signature

    @property
    def beats(self) -> np.ndarray:
        """Beat times, shape ``(n,)``."""
        return self.grid.beats

    @property
    def downbeats(self) -> np.ndarray:
        """Bar-start times, shape ``(b,)``."""
        return self.grid.downbeats

    @property
    def beats_per_bar(self) -> int:
        """Counted beats in a bar (2 in ``6/8``)."""
        return self.grid.beats_per_bar

    def to_json(self) -> dict:
        """A JSON-ready dict: the schema ``jamwithme analyze --json`` and ``POST /analyze`` answer with.

        ``{"tempo" (null without a pulse), "pulse", "time_signature", "beats", "downbeats", "key", "key_confidence",
        "chords": [{"start", "end", "label"}], "sections": [{"start", "end", "label", "name"}],
        "highlight": {"start", "end"}}`` and the grid's ``beats_per_bar``, ``steady``, ``pulse_note`` (only
        without a pulse) and ``bars`` (:meth:`Grid.to_json <jamwithme.analysis.grid.Grid.to_json>`), times in seconds
        (to the millisecond). Without tones (:attr:`tonal`) ``"key"`` is null and ``"key_note"`` says :data:`NO_KEY`.
        """
        return {
            **self.grid.to_json(),
            "key": self.key if self.tonal else None,
            **({} if self.tonal else {"key_note": NO_KEY}),
            "key_confidence": round(float(self.key_confidence), 3),
            "chords": [{"start": round(a, 3), "end": round(b, 3), "label": c} for a, b, c in self.chords],
            "sections": [
                {"start": round(a, 3), "end": round(b, 3), "label": c, "name": name}
                for (a, b, c), name in zip(self.sections, self.names())
            ],
            "highlight": {"start": round(self.highlight[0], 3), "end": round(self.highlight[1], 3)},
        }

    @classmethod
    def from_json(cls, data: dict) -> SongAnalysis:
        """The analysis back from :meth:`to_json`'s dict.

        Raises
        ------
        ParameterError
            A field missing or of the wrong kind.
        """
        with checks.parsing("an analysis"):
            return cls(
                grid=Grid.from_json(data),
                key=str(data["key"]) if data["key"] is not None else PLACEHOLDER_KEY,
                key_confidence=float(data.get("key_confidence", math.nan)),
                chords=[(c["start"], c["end"], c["label"]) for c in data["chords"]],
                sections=[(s["start"], s["end"], s["label"]) for s in data["sections"]],
                highlight=(data["highlight"]["start"], data["highlight"]["end"]),
                # stored at version 4 a part no name fits was named "B", and before names it had only its letter:
                # both read as "Part B" (no new analysis for it)
                section_names=[stored_name(s.get("name", s["label"]), s["label"]) for s in data["sections"]],
                tonal=data["key"] is not None,
            )

    def names(self) -> list[str]:
        """Each section's name (``Part`` and its letter where the analysis gave none: ``Part B``)."""
        if self.section_names:
            return list(self.section_names)
        return [part(label) if is_letter(label) else label for _, _, label in self.sections]

    def bars(self) -> list[tuple[float, float]]:
        """(start, end) of every bar, from one downbeat to the next (the last bar one bar long)."""
        return self.grid.bars()

    def chord_at(self, seconds: float) -> str:
        """The Harte label sounding at ``seconds`` (``N`` outside every chord)."""
        for start, end, label in self.chords:
            if start <= seconds < end:
                return label
        return "N"


def analyze(clip: AudioClip, *, progress: Progress | None = None) -> SongAnalysis:
    """Tempo, bars, time signature, key, chords, sections and highlight of a song.

    Parameters
    ----------
    clip : AudioClip [shape=(channels, n)]
        A whole song (a mix or the accompaniment).
    progress : callable, optional
        Called with the fraction done, 0.0 to 1.0.

    Returns
    -------
    SongAnalysis

    Raises
    ------
    ParameterError
        Not an AudioClip, or shorter than :data:`MIN_SECONDS` (:func:`too_short` says so).
    ModelError
        The chord model could not be loaded.

    Examples
    --------
    >>> analysis = analyze(load("song.ogg"), progress=print)  # doctest: +SKIP
    """
    if not isinstance(clip, AudioClip):
        raise ParameterError(f"clip must be an AudioClip, got {type(clip).__name__}")
    if (short := too_short(clip.duration)) is not None:
        raise ParameterError(short)
    from jamwithme.analysis import chords as chords_mod
    from jamwithme.analysis import key as key_mod
    from jamwithme.analysis import metre, rhythm
    from jamwithme.analysis import sections as sections_mod

    report = progress or (lambda fraction: None)
    report(0.0)
    feats = rhythm.features(clip)
    report(0.15)
    found = rhythm.track(feats, progress=lambda f: report(0.15 + 0.3 * f))
    chroma, log_mel, frame_rate = feats.chroma(rhythm.CHROMA_BINS), feats.log_mel, feats.frame_rate
    # 12/8 or 6/8 unsure on the rhythm: the chords decide once known (the downbeat evidence of both metres kept)
    compound = found.subdivision == 3 and found.beats.size >= 2
    unsure = compound and metre.unsure_compound(feats, found.beats)
    # a 12/8 the rhythm is sure of still asks the chords whether they change on a 6/8 bar line
    sure_twelve = compound and not unsure and found.beats_per_bar == 4
    bar_evidence = {}
    if found.beats.size >= 2:
        for bars in (2, 4) if unsure or sure_twelve else (found.beats_per_bar,):
            bar_evidence[bars] = metre.downbeat_evidence(feats, found.beats, beats_per_bar=bars)
    # asked only of music without a beat: distorted guitars with drums reach 0.57 (War_of_freedom at 0.8)
    tonal = found.pulse or sounds_tones(chroma, feats.y)
    del feats  # the signal is not needed again: let it go before the chord model's turn
    duration = clip.duration
    if found.beats.size < 2 and not tonal:
        # Silence or noise: no chords (the chord model heard D#7 in silence and F7 in white noise) and no key.
        chords, harmony = [(0.0, round(duration, 3), "N")], None
    elif found.beats.size < 2:
        # No steady beat but tones (a drone, a rubato line): the chords on a plain grid, so a held chord is shown.
        harmony = chords_mod.listen(clip, np.arange(0.0, duration, NO_PULSE_CHORD_STEP))
        chords = harmony.chords
    else:
        harmony = chords_mod.listen(clip, found.beats)
        chords = harmony.chords
        tonal = tonal and not drums_alone(chords, harmony.bass, duration=duration, flatness=chroma_flatness(chroma))
        if unsure or sure_twelve:
            found = metre.compound_bar_on_chords(found, {k: e["total"] for k, e in bar_evidence.items()}, chords,
                                                 sure=sure_twelve)  # fmt: skip
        waltz = metre.waltz_at_its_bar(found, chords) if compound else found
        if waltz is not found:  # a waltz read at its bar: each beat was a bar, so the bars are placed
            found = waltz
        else:  # bar 1 again, now that the chords are known: a chord change and a new bass note mark a bar line
            evidence = bar_evidence[found.beats_per_bar]
            found = metre.bars_on_chords(found, evidence, chords, bass=harmony.bass, bass_hop=harmony.hop)
    downbeats = found.downbeats
    report(0.7)
    bass = {}
    if harmony is not None:  # the model's bass, and its spectrum to check the song's last bass note by
        bass = {"bass": harmony.bass, "bass_hop": harmony.hop, "cqt": harmony.cqt, "cqt_hop": harmony.hop}
    if tonal:
        key, confidence = key_mod.estimate(chords, chroma, downbeats=downbeats, chroma_hop=1.0 / frame_rate, **bass)
    else:
        key, confidence = PLACEHOLDER_KEY, 0.0
    flats = uses_flats(key)
    chords = [(a, b, chords_mod.spell(c, flats=flats)) for a, b, c in chords]
    report(0.8)
    if harmony is not None and downbeats.size >= 2:
        structure = sections_mod.find(cqt=harmony.cqt, cqt_hop=harmony.hop, log_mel=log_mel, frame_rate=frame_rate,
                                      downbeats=downbeats, duration=duration)  # fmt: skip
        sections, names = structure.sections, structure.names
        highlight = sections_mod.highlight(sections, structure.similarity, structure.bar_times, duration=duration)
    else:
        sections, names = [(0.0, round(duration, 3), "A")], [part("A")]
        highlight = (0.0, round(min(duration, sections_mod.HIGHLIGHT_SECONDS), 3))
    report(1.0)
    logger.info("analysis: %s %s, %s, %d chords, %d sections", found.tempo_text(), found.time_signature, key,
                len(chords), len(sections))  # fmt: skip
    return SongAnalysis(
        grid=found,
        key=key,
        key_confidence=confidence,
        chords=chords,
        sections=sections,
        highlight=highlight,
        section_names=names,
        tonal=tonal,
    )


def sounds_tones(chroma: np.ndarray, y: np.ndarray) -> bool:
    """Whether a song sounds tones at all: not silence, and not noise (whose chroma is flat).

    Parameters
    ----------
    chroma : np.ndarray [shape=(12, frames)]
        The song's chroma.
    y : np.ndarray [shape=(n,)]
        Its mono signal.

    Returns
    -------
    bool
        False for silence, and where the chroma frames (each over its loudest bin) have a median mean of
        :data:`NO_TONES_CHROMA` or more (white noise 0.81, music at most 0.43).

    Examples
    --------
    >>> sounds_tones(np.eye(12)[:, [0, 4, 7] * 10], np.ones(100)), sounds_tones(np.ones((12, 30)), np.ones(100))
    (True, False)
    """
    if y.size == 0 or float(np.max(np.abs(y))) < 1e-4:
        return False
    return chroma_flatness(chroma) < NO_TONES_CHROMA


def chroma_flatness(chroma: np.ndarray) -> float:
    """The median over the sounding frames of each frame's chroma mean over its loudest bin; 1.0 if none sounds.

    Near 1/12 for one pitch at a time, 0.25 for a triad, 1 for every pitch class alike (white noise 0.81).

    Examples
    --------
    >>> round(chroma_flatness(np.eye(12)[:, [0, 4, 7] * 10]), 3), chroma_flatness(np.ones((12, 30)))
    (0.083, 1.0)
    """
    peak = chroma.max(axis=0)
    sounding = peak > 0
    if not np.any(sounding):
        return 1.0
    return float(np.median((chroma[:, sounding] / peak[sounding]).mean(axis=0)))


def drums_alone(chords: list, bass: np.ndarray, *, duration: float, flatness: float) -> bool:
    """Whether a song with a beat sounds no tones: a drum kit alone, whose "key" would be made up.

    Parameters
    ----------
    chords : list of (start, end, label)
        The chord model's chords (``"N"`` for none).
    bass : np.ndarray [shape=(13, frames)]
        Its bass output: each pitch class, then no bass.
    duration : float
        The song's length, seconds.
    flatness : float
        Its :func:`chroma_flatness`.

    Returns
    -------
    bool
        True where no chord (``"N"``) covers at least :data:`DRUMS_NO_CHORD` of the song, the median
        probability of no bass is at least :data:`DRUMS_NO_BASS` and the chroma is at least
        :data:`DRUMS_FLATNESS` flat: a kit's toms and kick have pitches, but the model hears neither a chord nor
        a bass line in them; distorted guitars read as no chord have a bass, and a line alone (a sung melody
        with ``--as-is``) sounds one pitch at a time.

    Examples
    --------
    >>> no_bass = np.tile([[0.0]] * 12 + [[1.0]], 10)
    >>> drums_alone([(0.0, 8.0, "N")], no_bass, duration=8.0, flatness=0.5)
    True
    >>> drums_alone([(0.0, 8.0, "N")], np.tile([[1.0]] + [[0.0]] * 12, 10), duration=8.0, flatness=0.5)
    False
    >>> drums_alone([(0.0, 8.0, "N")], no_bass, duration=8.0, flatness=0.12)  # a line alone
    False
    """
    if duration <= 0 or bass.size == 0 or flatness < DRUMS_FLATNESS:
        return False
    silent = sum(end - start for start, end, label in chords if label == "N")
    return silent >= DRUMS_NO_CHORD * duration and float(np.median(bass[12])) >= DRUMS_NO_BASS


def too_short(seconds: float) -> str | None:
    """Why a song this long cannot be analysed, in a sentence naming its length and the minimum; None if it can.

    The app says it before queuing the analysis, :func:`analyze` refuses with it (the CLI and the API answer it).

    Examples
    --------
    >>> too_short(0.5)
    'the song is 0.5 s long: too short to find a tempo (the analysis needs at least 4 s)'
    >>> too_short(4.0) is None
    True
    """
    if seconds >= MIN_SECONDS:
        return None
    shown = math.floor(seconds * 10) / 10  # 3.97 s is not "4.0 s long: ... at least 4 s"
    return f"the song is {shown:.1f} s long: too short to find a tempo (the analysis needs at least {MIN_SECONDS:g} s)"


def transposed(analysis: SongAnalysis, semitones: float) -> SongAnalysis:
    """The same analysis in the key ``semitones`` away (rounded to whole ones): key and chords move, times stay.

    Examples
    --------
    >>> a = SongAnalysis(Grid.from_times(np.arange(8) * 0.5), "A minor", 0.9,
    ...                  [(0.0, 4.0, "A:min")], [(0.0, 4.0, "A")], (0.0, 4.0))
    >>> b = transposed(a, 2)
    >>> b.key, b.chords[0][2]
    ('B minor', 'B:min')
    """
    from jamwithme.analysis.chords import transpose
    from jamwithme.analysis.key_names import transposed_key, uses_flats

    key = transposed_key(analysis.key, semitones)
    steps, flats = int(round(semitones)), uses_flats(key)
    chords = [(start, end, transpose(label, steps, flats=flats)) for start, end, label in analysis.chords]
    return dataclasses.replace(analysis, key=key, chords=chords)


def bar_chords(analysis: SongAnalysis) -> list[list[tuple[float, str]]]:
    """The chords of each bar as a chart shows them (the ChordPro file and the player's chart).

    Returns
    -------
    list of list of (float, str)
        Per bar of :meth:`SongAnalysis.bars`: the chord sounding at its start, then each
        change inside it (more than 50 ms from either end), as (time in seconds, Harte label).

    Examples
    --------
    >>> a = SongAnalysis(Grid.from_times(np.arange(16) * 0.5), "C major", 0.9,
    ...                  [(0.0, 3.0, "C:maj"), (3.0, 8.0, "G:7")], [(0.0, 8.0, "A")], (0.0, 8.0))
    >>> bar_chords(a)
    [[(0.0, 'C:maj')], [(2.0, 'C:maj'), (3.0, 'G:7')], [(4.0, 'G:7')], [(6.0, 'G:7')]]
    """
    chords = sorted(analysis.chords)
    starts = [start for start, _, _ in chords]
    out = []
    for start, end in analysis.bars():
        # The chord at the bar's start: the last one starting by then, if it still sounds (else N, as chord_at).
        i = bisect.bisect_right(starts, start + 1e-3) - 1
        first = chords[i][2] if i >= 0 and start + 1e-3 < chords[i][1] else analysis.chord_at(start + 1e-3)
        inside = chords[bisect.bisect_right(starts, start + 0.05) : bisect.bisect_left(starts, end - 0.05)]
        out.append([(start, first)] + [(c_start, label) for c_start, _, label in inside])
    return out


def chordpro(analysis: SongAnalysis, *, title: str = "", bars_per_line: int = 4, speed: float = 1.0) -> str:
    """A ChordPro (``.cho``) chord chart: chords over bar numbers, under section names.

    Each bar is written as its number with the chord that starts it above
    (``[Am]5``); a chord that changes inside the bar follows on a dot
    (``[G].``). Sections open with their name, ``{comment: Verse 1}`` (or
    ``{comment: Part A}``, a part by its letter, where no name fits).

    Parameters
    ----------
    analysis : SongAnalysis
    title : str
        Song title for ``{title: ...}``.
    bars_per_line : int
        Bars on each line, 1-16.
    speed : float
        The playing speed (a ratio of the song's tempo): ``{tempo: ...}`` is the tempo played, the
        song's times the speed (177 BPM at 0.75 is 133), as ``{key: ...}`` is the key played.

    Returns
    -------
    str

    Raises
    ------
    ParameterError
        Bad ``bars_per_line`` or ``speed``.

    Examples
    --------
    >>> a = SongAnalysis(Grid.from_times(np.arange(16) * 0.5), "C major", 0.9,
    ...                  [(0.0, 4.0, "C:maj"), (4.0, 8.0, "G:7")], [(0.0, 8.0, "A")], (0.0, 8.0))
    >>> print(chordpro(a, title="Demo"))  # doctest: +NORMALIZE_WHITESPACE
    {title: Demo}
    {key: C}
    {tempo: 120}
    {time: 4/4}
    <BLANKLINE>
    {comment: Part A}
    | [C]1 | [C]2 | [G7]3 | [G7]4 |
    """
    checks.integer("bars_per_line", bars_per_line, 1, 16)
    speed = checks.positive("speed", speed, hint="(a ratio of the song's tempo: 0.75 for 75 %)")
    tonic, mode = analysis.key.split(" ", 1) if " " in analysis.key else (analysis.key, "major")
    lines = []
    if title:
        lines.append(f"{{title: {title}}}")
    if analysis.tonal:  # no tones: no key to write (a comment says so)
        lines.append(f"{{key: {tonic}{'m' if mode == 'minor' else ''}}}")
    else:
        lines.append(f"{{comment: {NO_KEY}}}")
    if analysis.pulse:  # no steady beat: no tempo or metre to write (a comment says so)
        lines += [f"{{tempo: {round(analysis.tempo * speed)}}}", f"{{time: {analysis.time_signature}}}"]
    else:
        lines.append(f"{{comment: {NO_PULSE}}}")
    bars = analysis.bars()
    named = list(zip(analysis.sections, analysis.names()))
    section_of = [next((name for (start, end, _), name in named if start <= a + 0.05 < end), "") for a, _ in bars]
    current, line = None, []
    for number, (section, changes) in enumerate(zip(section_of, bar_chords(analysis)), start=1):
        if section != current:
            if line:
                lines.append("| " + " | ".join(line) + " |")
                line = []
            lines += ["", f"{{comment: {section}}}"]
            current = section
        (_, first), *inside = changes
        cell = f"[{chord_symbol(first)}]{number}" + "".join(f" [{chord_symbol(label)}]." for _, label in inside)
        line.append(cell)
        if len(line) == bars_per_line:
            lines.append("| " + " | ".join(line) + " |")
            line = []
    if line:
        lines.append("| " + " | ".join(line) + " |")
    return "\n".join(lines) + "\n"
