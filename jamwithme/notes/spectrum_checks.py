"""A note's pitch checked against its spectrum: an octave YIN took wrongly, a semitone the note before drew it to.

Step 5 of :mod:`jamwithme.notes.segment` ("Octaves"): a note's pitch from its pitch track is checked against
the magnitude spectrum of its middle, where the partials say which period really sounds.
"""

from __future__ import annotations

import math

import numpy as np

from jamwithme.notes import tuning
from jamwithme.notes.segmentation import Segmentation


def octave_checked(
    y: np.ndarray,
    sample_rate: int,
    start: float,
    end: float,
    pitch: int,
    settings: Segmentation,
    *,
    ringing: int | None = None,
) -> int:
    """``pitch`` an octave down or up when the note's spectrum says YIN took the wrong period.

    A note at f has no energy at f/2, 3f/2, 5f/2; if they hold more than
    ``settings.subharmonic`` of the energy at f, 2f, 3f and f/2 is a partial
    of its own (its peak ``subharmonic_db`` over the spectrum around it, not
    the spread of the note's neighbours), the note is an octave lower: YIN
    took its strong second harmonic (a vowel's formant on it, a bassoon's or
    a bowed bass's weak fundamental) for the pitch. The other way: a note at
    f has a partial at f; if its peak there hardly stands out of the spectrum
    (``hollow_db``), sits ``hollow_gap_db`` under the one at 2f, and its odd
    harmonics f, 3f, 5f hold less than ``settings.hollow`` of the even ones
    2f, 4f, 6f, nothing sounds at f: the note is 2f, and YIN, or pYIN's path
    holding to the line below, took two periods for one (a baritone sax's
    upper notes). The bass's own check: odd harmonics 3f, 5f, 7f under
    ``settings.overtone`` of 2f, 4f, 6f, the pitch is 2f and what sounds at f
    is a partial below the note (a slap bass's), not its fundamental; and
    with them under ``settings.overtone_faint`` of the even ones when the
    partial at f is ``overtone_faint_db`` under the strongest harmonic (a
    fundamental leads; a slap bass's D2 carries a faint D1 and YIN takes it).
    And the bass's second check down: partials standing at 3f/2 and 5f/2
    (``settings.undertone``), the odd harmonics of f/2, though f/2 itself is
    too faint to stand out (a contrabass's low notes), unless the note
    ``ringing`` on under this one (the pitch of the note let go just before
    it, if any) is f/2: its own partials are those. Last, on the pitch so
    checked, an organ's stops under the note (:func:`_stops_under`).
    """
    spectrum, step = _note_spectrum(y, sample_rate, start, end)
    if spectrum is None:
        return pitch
    checked = _octave_of(spectrum, step, sample_rate, pitch, settings, ringing)
    if checked == pitch:
        checked += 12 * _key_over(spectrum, step, sample_rate, pitch, settings)
    return checked + 12 * _stops_under(spectrum, step, sample_rate, checked, settings)


def _octave_of(
    spectrum: np.ndarray, step: float, sample_rate: int, pitch: int, settings: Segmentation, ringing: int | None
) -> int:
    """:func:`octave_checked`'s checks before the organ's, on the note's spectrum (bins ``step`` Hz apart)."""
    hz = tuning.hz(pitch)

    def peak(f: float) -> float:
        return _peak(spectrum, step, f)

    def peaks(f: float, multiples: tuple[int, ...]) -> float:
        return sum(peak(k * f) for k in multiples if k * f <= sample_rate / 2 - 50)

    def standing(f: float) -> float:
        return _standing(spectrum, step, f, hz / 4)  # within a quarter of the note's frequency

    def partial_below(f: float) -> bool:
        """What sounds at ``f`` is a faint partial under a note at 2f: odd harmonics few, ``f`` far under
        the strongest harmonic."""
        if not settings.overtone_faint or (even := peaks(f, (2, 4, 6))) <= 0:
            return False
        strongest = max(peak(k * f) for k in range(2, 9) if k * f <= sample_rate / 2 - 50)
        faint = 20 * math.log10(max(strongest, 1e-12) / max(peak(f), 1e-12))
        return peaks(f, (3, 5, 7)) < settings.overtone_faint * even and faint >= settings.overtone_faint_db

    harmonics = peaks(hz, (1, 2, 3))
    below = standing(hz / 2) >= settings.subharmonic_db  # a partial of its own at half the pitch
    if harmonics > 0 and below and peaks(hz / 2, (1, 3, 5)) > settings.subharmonic * harmonics:
        return pitch - 12
    if (settings.undertone and harmonics > 0 and ringing != pitch - 12 and pitch - 12 >= settings.undertone_lowest
            and min(standing(1.5 * hz), standing(2.5 * hz)) >= settings.undertone_db
            and peaks(hz / 2, (3, 5)) >= settings.undertone * harmonics):  # fmt: skip
        return pitch - 12  # its fundamental too faint to stand out, its odd harmonics (3, 5) not
    even = peaks(hz, (2, 4, 6))
    under = _db(peak(2 * hz), peak(hz))  # dB the partial at f is under 2f's
    if (settings.hollow and even > 0 and peaks(hz, (1, 3, 5)) < settings.hollow * even
            and standing(hz) < settings.hollow_db and under >= settings.hollow_gap_db):  # fmt: skip
        return pitch + 12
    if settings.overtone and not below and even > 0 and peaks(hz, (3, 5, 7)) < settings.overtone * even:
        return pitch + 12  # (with a partial at f/2, what sounds at f is the second harmonic, not a partial below)
    if not below and partial_below(hz):
        return pitch + 12
    return pitch


def _key_over(spectrum: np.ndarray, step: float, sample_rate: int, pitch: int, settings: Segmentation) -> int:
    """How many octaves (0-2) the key lies over ``pitch``: a church organ's quint stop read as the note.

    A stop sounding a fifth over the key (5 1/3') puts a partial at 3/2 of
    the key's frequency, and YIN takes the period the two share: half the
    key's frequency, an octave under it. Against that pitch f the partials
    stand at 2f (the key), 3f (the quint), 4f, 6f, 8f, and at f, 5f and 7f
    nothing: f itself does not stand out (``settings.hollow_db``) and lies
    ``settings.hollow_gap_db`` under 2f, and the harmonics 1, 5 and 7 hold
    less than ``settings.hollow_quint`` of 2, 4 and 6. The hollow check
    (:func:`octave_checked`) asks the same of 1, 3 and 5; the quint is a 3rd
    harmonic. Where nothing sounds at 2f either (``hollow_db``, ``hollow_gap_db``
    under 4f), the same test of 2f puts the key two octaves over ``pitch``.
    """
    if not settings.hollow_quint:
        return 0

    def peak(f: float) -> float:
        return _peak(spectrum, step, f)

    for up in (0, 1):
        f = tuning.hz(pitch + 12 * up)
        if 7 * f > sample_rate / 2 - 50:
            return 0
        if _standing(spectrum, step, f, f / 4) >= settings.hollow_db:
            return 0  # something sounds at f
        if _db(peak(2 * f), peak(f)) < settings.hollow_gap_db:
            if up == 0 and _db(peak(4 * f), peak(f)) >= settings.hollow_gap_db:
                continue  # nothing at 2f either, something at 4f: the key may be two octaves up
            return 0
        even = sum(peak(k * f) for k in (2, 4, 6))
        return up + 1 if sum(peak(k * f) for k in (1, 5, 7)) < settings.hollow_quint * even else 0
    return 0


def _stops_under(spectrum: np.ndarray, step: float, sample_rate: int, pitch: int, settings: Segmentation) -> int:
    """How many octaves (0-2) ``pitch`` lies under the note: a drawbar organ's 16' and 32' stops read as it.

    An organ sounds stops an octave or two under the key with the key's own
    (16', 32'), and a fifth over the 16' (5 1/3'): the lowest of them sets
    the period YIN reads. Against that pitch f the partials stand at
    f, 2f, 3f, 4f, 6f, 8f, and at 5f and 7f nothing: an instrument's
    harmonics fade with their number, an organ's stops leave those holes.
    So with f and its octaves 2f and 4f strong (``settings.stack_fundamental_db``
    and ``settings.stack_octave_db`` under the strongest of harmonics 1-8)
    and 6f ``settings.stack_db`` over the louder of 5f and 7f (and itself
    within ``settings.stack_partial_db`` of the strongest: a partial, not
    the noise between), the note is 2f. A plucked string's partials also
    leave holes, where the pluck's place on the string falls (a steel
    guitar's, a banjo's), but its 6th harmonic fades with its 5th and 7th,
    where an organ's stop a fifth or a twelfth over the key sounds. With no
    3rd harmonic either (``settings.stack_quint_db`` under the strongest:
    octaves only, a 32' under the 16') and 2f passing the same test, the
    louder of its 6th and 8th harmonics standing so (a 32' organ's 4f, its
    2' stop, is its 8th), the note is 4f.
    """
    if not settings.stack_db:
        return 0
    hz = tuning.hz(pitch)

    def levels(f: float) -> list[float] | None:
        """dB of harmonics 1-8 of ``f``; None when the 8th is past the highest frequency measured."""
        if 8 * f > sample_rate / 2 - 50:
            return None
        return [20 * math.log10(max(_peak(spectrum, step, k * f), 1e-12)) for k in range(1, 9)]

    def stacked(h: list[float] | None, *, eighth: bool) -> bool:
        if h is None:
            return False
        top = max(h)
        holes, stops = max(h[4], h[6]), max(h[5], h[7]) if eighth else h[5]
        return (h[0] >= top - settings.stack_fundamental_db and min(h[1], h[3]) >= top - settings.stack_octave_db
                and stops >= top - settings.stack_partial_db and stops - holes >= settings.stack_db)  # fmt: skip

    read = levels(hz)
    if not stacked(read, eighth=False):
        return 0
    if read[2] <= max(read) - settings.stack_quint_db and stacked(levels(2 * hz), eighth=True):
        return 2
    return 1


def _db(a: float, b: float) -> float:
    """How far (dB) magnitude ``a`` stands over ``b``."""
    return 20 * math.log10(max(a, 1e-12) / max(b, 1e-12))


def _standing(spectrum: np.ndarray, step: float, f: float, reach: float) -> float:
    """How far (dB) the peak at ``f`` stands over the spectrum's median within ``reach`` Hz of ``f``."""
    around = float(np.median(spectrum[int((f - reach) / step) : int((f + reach) / step) + 1]))
    return _db(_peak(spectrum, step, f), around)


def _peak(spectrum: np.ndarray, step: float, f: float) -> float:
    """The magnitude spectrum's peak (bins ``step`` Hz apart) within 1.5 % of ``f``: a partial there, a little
    out of tune."""
    return float(spectrum[int(f * 0.985 / step) : int(f * 1.015 / step) + 1].max())


def semitone_checked(
    y: np.ndarray, sample_rate: int, start: float, end: float, pitch: int, before: int, settings: Segmentation
) -> int:
    """``pitch`` a semitone off when the note's spectrum holds the neighbour's harmonics, not its own.

    A struck or plucked note rings on under the next: the pitch track of the
    new note is a blend of the two, drawn toward the note ``before``, and a
    short note's median lands a semitone off, between them (a celesta). The
    harmonics 1-3 of the semitone either side (not the note before: that
    is the ring) holding ``settings.semitone`` times those of ``pitch`` say
    which note was struck.
    """
    if not settings.semitone:
        return pitch
    spectrum, step = _note_spectrum(y, sample_rate, start, end)
    if spectrum is None:
        return pitch

    def energy(p: int) -> float:
        f = tuning.hz(p)
        return sum(_peak(spectrum, step, k * f) for k in (1, 2, 3) if k * f <= sample_rate / 2 - 50)

    own = energy(pitch)
    best, best_energy = pitch, settings.semitone * own
    for other in (pitch - 1, pitch + 1):
        if other != before and (e := energy(other)) > best_energy:
            best, best_energy = other, e
    return best


def odd_share(y: np.ndarray, sample_rate: int, start: float, end: float, pitch: int) -> float | None:
    """The odd harmonics' (1, 3, 5) share of the even ones (2, 4, 6) of ``pitch`` in the middle of a span (at
    most 0.3 s of it); None when the span is too short to tell.

    A note an octave over ``pitch`` has partials only at its even harmonics: where the note ``pitch`` rings on
    under it, its share falls (a contrabass's line in octaves: 5-15 dB under the low note's own).
    """
    spectrum, step = _note_spectrum(y, sample_rate, start, end)
    if spectrum is None:
        return None
    f = tuning.hz(pitch)
    even = sum(_peak(spectrum, step, k * f) for k in (2, 4, 6))
    return sum(_peak(spectrum, step, k * f) for k in (1, 3, 5)) / max(even, 1e-12)


def partial_rise(y: np.ndarray, sample_rate: int, hop: int, frame: int, pitch: int) -> float:
    """How far (dB) the partials of ``pitch`` (harmonics 1-6) rise from the 6 frames before frame ``frame`` (of
    ``hop`` samples) to the 5 from 3 frames after it: what an attack there brings in of that note.

    A choir's new note speaks at its attack, but its old note rings on through the patch's swell, so pYIN
    reads the old pitch for 0.1-0.2 s; the new note's partials come in at the attack (10-30 dB).
    """
    size = 2048
    hz = tuning.hz(pitch)
    bins = [(int(k * hz * 0.985 * size / sample_rate), int(k * hz * 1.015 * size / sample_rate) + 2)
            for k in range(1, 7) if k * hz <= sample_rate / 2 - 50]  # fmt: skip
    window = np.hanning(size)

    def energy(frames: range) -> float:
        total = []
        for i in frames:
            first = i * hop - size // 2
            piece = y[max(0, first) : first + size].astype(np.float64)
            if piece.size < size:
                piece = np.pad(piece, (max(0, -first), size - piece.size - max(0, -first)))
            power = np.abs(np.fft.rfft(piece * window)) ** 2
            total.append(sum(float(power[a:b].max()) for a, b in bins))
        return 10 * math.log10(max(float(np.mean(total)), 1e-12))

    return energy(range(frame + 3, frame + 8)) - energy(range(frame - 6, frame))


def _note_spectrum(y: np.ndarray, sample_rate: int, start: float, end: float) -> tuple[np.ndarray | None, float]:
    """The magnitude spectrum of the middle of a note (at most 0.3 s of it) and its bin width (Hz); None when
    the note is too short to tell."""
    middle = int((start + end) / 2 * sample_rate)
    half = min(int((end - start) * sample_rate) // 2, int(0.15 * sample_rate))
    piece = y[max(0, middle - half) : middle + half].astype(np.float64)
    if piece.size < 1024:
        return None, 0.0
    size = 16384
    return np.abs(np.fft.rfft(piece * np.hanning(piece.size), size)), sample_rate / size
