"""A transcription as notation: ABC (staff notation, read by abcjs, EasyABC, MuseScore's importers) and tab.

Notation needs the song's bars, metre, tempo and key, and note values, so the
notes are quantised to the grid here (and only here: the MIDI file keeps
exact times): each start and end to the nearest sixteenth of the song's own
beats (in 6/8 and 12/8, the sixteenth of the dotted-quarter beat), a note
crossing a bar line tied across it, empty bars as multi-bar rests. Pitches
are spelt in the key (``F#`` in D major, ``Bb`` in F major) with the
accidentals a bar needs.

The tab puts each note of a line on the string and fret that keeps the hand
moving least (a Viterbi over the strings), on a guitar in standard tuning or
a four-string bass, an octave up or down if the line does not fit the
instrument (the header says so).

Examples
--------
>>> from jamwithme.notes import Note, Transcription
>>> from jamwithme.notes.timeline import BeatMap
>>> m = BeatMap(beats=np.arange(8) * 0.5, downbeats=[0.0, 2.0])
>>> t = Transcription(notes=(Note(0.0, 0.5, 62, 90), Note(0.5, 1.0, 66, 90), Note(1.0, 2.0, 69, 90)))
>>> print(abc(t, m, key="D major").splitlines()[-1])
D4 F4 A8 |
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from jamwithme import checks
from jamwithme.notes.timeline import BeatMap

_LETTERS = "CDEFGAB"
_NATURAL = {"C": 0, "D": 2, "E": 4, "F": 5, "G": 7, "A": 9, "B": 11}
_SHARPS = ["C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"]
_FLATS = ["C", "Db", "D", "Eb", "E", "F", "Gb", "G", "Ab", "A", "Bb", "B"]
#: Note lengths (sixteenths) written as one symbol: plain and dotted values.
_LENGTHS = (24, 16, 12, 8, 6, 4, 3, 2, 1)
#: Open strings, highest first: guitar in standard tuning, four-string bass.
GUITAR = (64, 59, 55, 50, 45, 40)
BASS = (43, 38, 33, 28)
GUITAR_NAMES = ("e", "B", "G", "D", "A", "E")
BASS_NAMES = ("G", "D", "A", "E")
MAX_FRET = 20


@dataclass(frozen=True)
class _Event:
    """Notes sounding together: from sixteenth ``start`` to ``stop`` of the beat map."""

    start: int
    stop: int
    pitches: tuple


def quantised(transcription, beat_map: BeatMap) -> list[_Event]:
    """The notes on the grid's sixteenths: events that do not overlap (notes starting together, one event).

    A note shorter than a sixteenth lasts one; two notes landing on the same
    sixteenth of a one-line part keep the first.
    """
    per_beat = 6 if beat_map.subdivision == 3 else 4
    notes = sorted(transcription.notes, key=lambda n: (n.start, n.pitch))
    if not notes:
        return []
    positions = beat_map.beat_of([x for n in notes for x in (n.start, n.end)]) * per_beat
    spans = np.round(positions).astype(np.int64).reshape(-1, 2)
    groups: dict[int, list[tuple[int, int]]] = {}
    for (a, b), note in zip(spans, notes):
        groups.setdefault(int(a), []).append((max(int(b), int(a) + 1), note.pitch))
    starts = sorted(groups)
    events = []
    for i, a in enumerate(starts):
        stop = max(b for b, _ in groups[a])
        if i + 1 < len(starts):
            stop = min(stop, starts[i + 1])
        events.append(_Event(a, stop, tuple(sorted({p for _, p in groups[a]}))))
    return events


# --------------------------------------------------------------------------- ABC


def abc(transcription, beat_map: BeatMap, *, key: str | None = None, semitones: int = 0, title: str = "",
        bars_per_line: int = 4) -> str:  # fmt: skip
    """ABC notation of the notes, in the key ``semitones`` from the song's.

    Parameters
    ----------
    transcription : Transcription
    beat_map : BeatMap
    key : str, optional
        The song's key (``"Bb major"``); C major when unknown.
    semitones : int
        Transposition, -24 to 24.
    title : str
    bars_per_line : int

    Returns
    -------
    str
    """
    from jamwithme.analysis.key_names import transposed_key

    bars_per_line = checks.integer("bars_per_line", bars_per_line, 1, 16)
    moved = transcription.transposed(semitones)
    key_name = transposed_key(key, semitones) if key and " " in key else "C major"
    spelling, signature = _spelling(key_name)
    per_beat = 6 if beat_map.subdivision == 3 else 4
    per_bar = per_beat * beat_map.beats_per_bar
    numerator, denominator = beat_map.time_signature
    tonic, mode = key_name.split(" ", 1)
    seconds = float(np.median([s for _, s in beat_map.tempo_changes()]))
    unit = "3/8" if beat_map.subdivision == 3 else "1/4"
    lines = [
        "X:1",
        f"T:{_clean(title) or 'Melody'}",
        f"M:{numerator}/{denominator}",
        "L:1/16",
        f"Q:{unit}={round(60 / seconds)}",
        f"K:{tonic}{'m' if mode == 'minor' else ''}",
    ]
    events = quantised(moved, beat_map)
    if not events:
        return "\n".join([*lines, f"Z{max(1, beat_map.lead // beat_map.beats_per_bar)} |"]) + "\n"
    n_bars = -(-events[-1].stop // per_bar)
    # Bar 1 is the first downbeat's, as in the chart and the tab: a lead-in without notes is left out, one
    # with notes opens as a pickup (anacrusis, a bar that is not counted) from second 0.
    pickup = int(round(beat_map.origin * per_beat))
    first = beat_map.lead // beat_map.beats_per_bar if events[0].start >= beat_map.lead * per_beat else 0
    bars: list[str] = []
    empty = 0
    for bar in range(first, n_bars):
        lo, hi = max(bar * per_bar, pickup), (bar + 1) * per_bar
        inside = [e for e in events if e.start < hi and e.stop > lo]
        if lo > bar * per_bar:  # the pickup bar: its own rest when it has no note
            bars.append(_abc_bar(inside, lo, hi, spelling, signature) if inside else _lengths("z", hi - lo))
            continue
        if not inside:
            empty += 1
            continue
        if empty:
            bars.append(f"Z{empty}" if empty > 1 else f"z{per_bar}")
            empty = 0
        bars.append(_abc_bar(inside, lo, hi, spelling, signature))
    out = []
    for i in range(0, len(bars), bars_per_line):
        out.append(" | ".join(bars[i : i + bars_per_line]) + " |")
    return "\n".join([*lines, *out]) + "\n"


def _abc_bar(events, lo: int, hi: int, spelling, signature) -> str:
    """One bar: rests between events, each event's notes tied across the bar lines it crosses."""
    accidentals: dict[tuple[str, int], int] = {}
    parts, at = [], lo
    for e in events:
        start, stop = max(e.start, lo), min(e.stop, hi)
        if start > at:
            parts.append(_lengths("z", start - at))
        names = [_abc_pitch(p, spelling, signature, accidentals) for p in e.pitches]
        body = names[0] if len(names) == 1 else "[" + "".join(names) + "]"
        tied = e.stop > hi  # the note goes on into the next bar
        parts.append(_lengths(body, stop - start, tie_last=tied))
        at = stop
    if at < hi:
        parts.append(_lengths("z", hi - at))
    return " ".join(parts)


def _lengths(symbol: str, n: int, *, tie_last: bool = False) -> str:
    """``symbol`` lasting ``n`` sixteenths as written lengths, tied (rests simply follow each other)."""
    pieces = []
    while n > 0:
        length = next(x for x in _LENGTHS if x <= n)
        pieces.append(f"{symbol}{length if length != 1 else ''}")
        n -= length
    joiner = " " if symbol == "z" else "- "
    text = joiner.join(pieces)
    return text + ("-" if tie_last and symbol != "z" else "")


def _spelling(key_name: str) -> tuple[dict[int, tuple[str, int]], dict[str, int]]:
    """Each pitch class's (letter, alteration) in the key, and the key signature's alteration of each letter."""
    from jamwithme.analysis.key_names import uses_flats

    tonic, mode = key_name.split(" ", 1)
    steps = (0, 2, 4, 5, 7, 9, 11) if mode == "major" else (0, 2, 3, 5, 7, 8, 10)
    tonic_pc = (_NATURAL[tonic[0]] + tonic.count("#") - tonic.count("b")) % 12
    start = _LETTERS.index(tonic[0])
    spelling, signature = {}, {letter: 0 for letter in _LETTERS}
    for degree, step in enumerate(steps):
        letter = _LETTERS[(start + degree) % 7]
        pc = (tonic_pc + step) % 12
        alteration = (pc - _NATURAL[letter] + 6) % 12 - 6
        spelling[pc] = (letter, alteration)
        signature[letter] = alteration
    names = _FLATS if uses_flats(key_name) else _SHARPS
    for pc in range(12):
        if pc not in spelling:
            name = names[pc]
            spelling[pc] = (name[0], 1 if "#" in name else -1 if "b" in name else 0)
    return spelling, signature


def _abc_pitch(pitch: int, spelling, signature, accidentals: dict) -> str:
    letter, alteration = spelling[pitch % 12]
    octave = (pitch - alteration) // 12 - 1
    current = accidentals.get((letter, octave), signature[letter])
    mark = "" if alteration == current else {-2: "__", -1: "_", 0: "=", 1: "^", 2: "^^"}[alteration]
    accidentals[(letter, octave)] = alteration
    if octave >= 5:
        return mark + letter.lower() + "'" * (octave - 5)
    return mark + letter + "," * (4 - octave)


def _clean(text: str) -> str:
    return "".join(c for c in text if c.isprintable() and c not in "%\\")[:80].strip()


# --------------------------------------------------------------------------- tab


def tab(transcription, beat_map: BeatMap, *, key: str | None = None, semitones: int = 0, title: str = "",
        bass: bool | None = None, bars_per_line: int = 2) -> str:  # fmt: skip
    """A tab of the notes: six strings (or a bass's four), a sixteenth every three characters.

    Parameters
    ----------
    transcription : Transcription
    beat_map : BeatMap
    key : str, optional
        The song's key, named in the header after the transposition.
    semitones : int
        Transposition, -24 to 24.
    title : str
    bass : bool, optional
        A four-string bass; default: when the part is the bass.
    bars_per_line : int

    Returns
    -------
    str
    """
    from jamwithme.analysis.key_names import transposed_key

    bars_per_line = checks.integer("bars_per_line", bars_per_line, 1, 16)
    moved = transcription.transposed(semitones)
    bass = moved.part == "bass" if bass is None else bass
    strings, names = (BASS, BASS_NAMES) if bass else (GUITAR, GUITAR_NAMES)
    events = quantised(moved, beat_map)
    shift = _octave_shift([p for e in events for p in e.pitches], strings)
    frets = _fingering([tuple(p + shift for p in e.pitches) for e in events], strings)
    per_beat = 6 if beat_map.subdivision == 3 else 4
    per_bar = per_beat * beat_map.beats_per_bar
    numerator, denominator = beat_map.time_signature
    header = [
        _clean(title) or "Melody",
        f"Key: {transposed_key(key, semitones) if key and ' ' in key else 'unknown'}"
        f"   Time: {numerator}/{denominator}   Tuning: {' '.join(reversed(names))}"
        + ("   (an octave up)" if shift > 0 else "   (an octave down)" if shift < 0 else ""),
        "",
    ]
    if not events:
        return "\n".join([*header, "(no notes)"]) + "\n"
    first_bar = events[0].start // per_bar
    n_bars = -(-events[-1].stop // per_bar) - first_bar
    width = 3
    rows = {s: [] for s in range(len(strings))}
    for bar in range(first_bar, first_bar + n_bars):
        cells = {s: ["-" * width for _ in range(per_bar)] for s in range(len(strings))}
        for e, fingering in zip(events, frets):
            if bar * per_bar <= e.start < (bar + 1) * per_bar:
                for string, fret in fingering:
                    cells[string][e.start - bar * per_bar] = f"{fret}".ljust(width, "-")
        for s in rows:
            rows[s].append("".join(cells[s]))
    out = list(header)
    for i in range(0, n_bars, bars_per_line):
        first_number = first_bar - beat_map.lead // beat_map.beats_per_bar + i + 1  # bar 1: the first downbeat's
        count = min(bars_per_line, n_bars - i)
        numbers = "".join(str(first_number + j).ljust(per_bar * width + 1) for j in range(count))
        out.append("  " + numbers.rstrip())
        for s, name in enumerate(names):
            out.append(f"{name}|" + "|".join(rows[s][i : i + bars_per_line]) + "|")
        out.append("")
    return "\n".join(out)


def _octave_shift(pitches: list[int], strings: tuple) -> int:
    """Octaves (in semitones) that bring the lowest note onto the instrument, and the highest under its top."""
    if not pitches:
        return 0
    low, high = min(strings), max(strings) + MAX_FRET
    shift = 0
    while min(pitches) + shift < low and max(pitches) + shift + 12 <= high:
        shift += 12
    while max(pitches) + shift > high and min(pitches) + shift - 12 >= low:
        shift -= 12
    return shift


def _fingering(chords: list[tuple], strings: tuple) -> list[list[tuple[int, int]]]:
    """(string, fret) of every note: one-note events by a Viterbi that keeps the hand still, chords greedily."""
    options = []
    for pitches in chords:
        if len(pitches) == 1:
            p = pitches[0]
            found = [(s, p - o) for s, o in enumerate(strings) if 0 <= p - o <= MAX_FRET]
            # a note the instrument cannot reach (the line spans more than it does): its nearest end
            options.append(found or ([(len(strings) - 1, 0)] if p < min(strings) else [(0, MAX_FRET)]))
        else:
            options.append(None)
    out: list[list[tuple[int, int]]] = []
    # Viterbi over the one-note stretches; a chord resets the hand position to its own.
    i = 0
    while i < len(chords):
        if options[i] is None:
            out.append(_chord_shape(chords[i], strings, _position(out)))
            i += 1
            continue
        j = i
        while j < len(chords) and options[j] is not None:
            j += 1
        out.extend([[x] for x in _viterbi_frets(options[i:j], _position(out))])
        i = j
    return out


def _position(done: list[list[tuple[int, int]]]) -> float:
    frets = [f for shape in done[-1:] for _, f in shape if f > 0]
    return float(np.mean(frets)) if frets else 2.0


def _viterbi_frets(options: list[list[tuple[int, int]]], start: float) -> list[tuple[int, int]]:
    def place(fret: int) -> float:
        return 0.08 * fret  # low positions are easier to read and to play

    cost = [abs(f - start) * (f > 0) * 0.5 + place(f) for _, f in options[0]]
    back = []
    for prev, here in zip(options[:-1], options[1:]):
        row, arg = [], []
        for s, f in here:
            moves = [cost[k] + (abs(f - pf) if f > 0 and pf > 0 else 0) + 0.3 * abs(s - ps)
                     for k, (ps, pf) in enumerate(prev)]  # fmt: skip
            k = int(np.argmin(moves))
            row.append(moves[k] + place(f))
            arg.append(k)
        cost, back = row, back + [arg]
    k = int(np.argmin(cost))
    path = [k]
    for arg in reversed(back):
        k = arg[k]
        path.append(k)
    path.reverse()
    return [options[i][k] for i, k in enumerate(path)]


def _chord_shape(pitches: tuple, strings: tuple, position: float) -> list[tuple[int, int]]:
    """Each note of a chord on its own string, highest note on the highest string that can hold it."""
    used: set[int] = set()
    shape = []
    for p in sorted(pitches, reverse=True):
        choices = [(abs(p - o - position), s, p - o) for s, o in enumerate(strings)
                   if s not in used and 0 <= p - o <= MAX_FRET]  # fmt: skip
        if choices:
            _, s, f = min(choices)
            used.add(s)
            shape.append((s, f))
    return shape


# --------------------------------------------------------------------------- the player's staff and tab


def staff_steps(pitches, key: str | None = None) -> list[tuple[int, str]]:
    """Where each pitch sits on a staff, spelt in ``key``: (step, accidental).

    ``step`` counts letters, 7 an octave, from C-1 (C4, middle C, is 35);
    ``accidental`` is ``"♯"``, ``"♭"`` or ``""``, written on every altered note
    (the player draws a phrase without a key signature).

    Examples
    --------
    >>> staff_steps([60, 66, 70], "F major"), staff_steps([66], "D major")
    ([(35, ''), (39, '♭'), (41, '♭')], [(38, '♯')])
    """
    spelling, _ = _spelling(key if key and " " in key else "C major")
    out = []
    for pitch in pitches:
        letter, alteration = spelling[int(pitch) % 12]
        octave = (int(pitch) - alteration) // 12
        mark = {-2: "𝄫", -1: "♭", 0: "", 1: "♯", 2: "𝄪"}[alteration]
        out.append((7 * octave + _LETTERS.index(letter), mark))
    return out


def tab_positions(pitches, *, bass: bool = False) -> tuple[tuple[str, ...], list[tuple[int, int]], int]:
    """The strings' names (highest first), each pitch's (string, fret) as :func:`tab` places a line, and the
    octave shift (semitones) that put the line on the instrument."""
    strings, names = (BASS, BASS_NAMES) if bass else (GUITAR, GUITAR_NAMES)
    pitches = [int(p) for p in pitches]
    shift = _octave_shift(pitches, strings)
    frets = _fingering([(p + shift,) for p in pitches], strings)
    return names, [shape[0] for shape in frets], shift
