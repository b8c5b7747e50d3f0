"""One voice's notes from its pitch track: where each note starts and stops, and which note it is.

The pitch track (:func:`jamwithme.notes.pitch.f0_track`) says what pitch
sounds in each 11.6 ms frame; a note is a stretch of frames a musician hears
as one pitch, started by an attack. The steps, each a rule with its reason:

1. **Frames that sound**: voiced, and within :attr:`Segmentation.range_db`
   of the part's loud frames.
2. **Pitch steps**: a Viterbi path over whole semitones (and a rest) through
   the pitch track, with a cost per change and a capped cost per frame for
   being off the semitone, so a vibrato or a bend around a note stays that
   note (a trill needs each of its notes to hold longer than a vibrato's
   half cycle away from the other).
3. **Glides**: a short piece of the path whose pitch is moving (a scoop
   into the note, a slide from the note before) or that is far quieter than
   the note it touches joins that note. A longer one read as the pitch of
   the note it runs into, with no attack between, is that note too (an
   ensemble's slow glide: a held note is not split where its pitch settles).
4. **Attacks**: peaks of spectral flux (SuperFlux: a vibrato barely moves
   it) with the level rising at least :attr:`~Segmentation.rise_db` start a
   note: they split a held pitch into repeated notes, and a pitch step near
   one moves onto it, the latest at or before the step (a bowed or legato
   note's attack sounds before its pitch takes over from the old one ringing
   on), or one up to :attr:`~Segmentation.late_snap` before it when pYIN lost
   the pitch between (a bow's scrape). Where the pitch was lost between, it
   is the strongest of the attacks up to ``late_snap`` before the step, not
   the latest: a synth voice's tone breaks at its attack and its beating
   voices make flux peaks of their own every 50-100 ms until its new pitch
   takes over. In a part whose level wobbles (an ensemble), of several
   attacks before the step, the one that brings the new note's partials in
   against the old note's, if clearly more than the latest: a choir's old
   note rings on through its new note's swell, so pYIN hears the new pitch
   0.1-0.2 s after the attack that brought it. A piece far quieter than the note before it (its
   tail, its reverb) or than the whole part is not a note. In a part whose
   level wobbles frame to frame (an ensemble patch: several detuned voices
   beating) the rise is judged on the level averaged over 70 ms, so the
   wobble of a held note does not split it, and a pitch step moves back
   onto an attack up to 0.25 s before it (the last note's voices fade
   slowly, so the new pitch takes over late). An attack inside a held
   pitch must also stand out of the note's own wobble: its flux at least
   the strongest the note has had since its attack, or its dip
   :attr:`~Segmentation.wobble_db` deeper than any before (a synth voice's
   level swings 6-16 dB with its vibrato and its detuned voices, slower
   than a choir's frame-to-frame wobble; in its release tail the swings
   passed for repeated notes in silence). In a note's first moments, before
   it has wobbled long enough to judge by, the attack must stand out of the
   wobble of the part's held notes instead, in a part whose calm held notes
   have flux at the attack threshold (a voice lead's or a synth voice's
   level swings 10-18 dB a few times a second, and its first trough, 0.15-0.4
   s after the attack, passed for a repeated note). Nor is a trough as deep as
   the one a vibrato's period before it, the pitch swinging between: a
   violin's vibrato swings its level with the pitch; nor a shallow trough
   the tone is held through (pYIN's voicing steady, the pitch swinging): a
   vibrato's first, which has no trough before it to match, where a note
   played again stops the tone for a moment.
   A piece a semitone off the note either side of it, with no attack at
   its ends and its pitch track within :attr:`~Segmentation.bend` of that
   note, is that note bent (a slow bend under a vibrato), not a note.
   In a melody, a flux peak whose level does not rise after it is an attack
   if the level falls :attr:`~Segmentation.trough_db` within 8 frames after
   it and climbs back :attr:`~Segmentation.trough_rise_db`, the pitch held
   :attr:`~Segmentation.trough_hold` on: a sustained note struck again (a
   horn's, a flute's, a fiddle's), the old note's release falling away after
   the new note's attack made its flux.
   In the bass, a trough of the level :attr:`~Segmentation.swell_db` under
   the note before and the note after, with a faint flux peak by it, is an
   attack too: a contrabass's bowed note played again speaks too slowly for
   the flux, but the note before falls away and the new one climbs back.
5. **Octaves**: a short piece an octave from the note it runs into with no
   attack between is that note's attack (some instruments speak with a
   growl an octave down); a note with energy at the odd multiples of half
   its frequency, a partial standing at half of it, is an octave lower (a
   vowel's formant on the second harmonic, a bassoon's weak fundamental,
   make YIN take the second harmonic for the pitch). A note with no partial
   at its own frequency, far under its second harmonic, its odd harmonics
   weak, is an octave higher (pYIN took two periods for one on a baritone
   sax's upper notes). The bass's own check (odd harmonics 3-7 missing, so
   an octave higher) is not the melody's: on melodies the formants fooled
   it, and it gained nothing on the tune part; a bass has no formants, and
   some (a slap patch) carry a partial an octave below the note that YIN
   takes for the period. A note whose neighbour a semitone away (not the
   note before it) holds twice the energy in its harmonics is that
   neighbour: a struck note rings on under the next and draws its pitch
   track (a celesta's short notes landed a semitone toward the note before).
6. **Ends**: a note ends where its level falls
   :attr:`~Segmentation.drop_db` within :attr:`~Segmentation.drop_window`
   and does not come back (the release), not where the reverb dies; a
   release falls on toward silence (:attr:`~Segmentation.release_db`),
   where a pluck's fall holds on in its buzz (a sitar). A held note let go
   slowly (an organ pipe's release, 25-65 dB/s) ends where its level,
   steady for :attr:`~Segmentation.sustain_hold`, starts the fall that
   goes on and does not come back; not where the level of a struck or
   plucked note, which never held, has decayed. In a melody whose notes die
   away from their attack (:attr:`~Segmentation.decay_db` down
   :attr:`~Segmentation.decay_time` after their peak: a xylophone, a banjo),
   a note's let-go is mostly not heard, so it lasts until the next note is
   played (within :attr:`~Segmentation.decay_reach`); unless its let-go is
   heard: its level had settled :attr:`~Segmentation.settled_db` under its
   peak before its end, or it falls :attr:`~Segmentation.letgo_db` at once
   before the next note (a damper). In a melody whose notes do not die away,
   a note that runs on to the next (its release too slow for the drop rule:
   a violin's, a flute's, a synth voice's in a short gap) ends where its
   level starts the fall of :attr:`~Segmentation.letoff_db`, frame by frame
   down and no longer than :attr:`~Segmentation.letoff_fall`, into the
   trough before the next note's attack; or, however long that fall, where
   it starts falling at a release's rate (:attr:`~Segmentation.letoff_rate`
   over every :attr:`~Segmentation.letoff_span`): a celesta's or a guitar's
   note let go rings on into the gap or the rest, its level falling 65-150
   dB/s, where a held note's own decay is far slower. And in such a melody
   a note the drop rule ended in its first fall, whose level then held
   (within :attr:`~Segmentation.relet_steady_db` over
   :attr:`~Segmentation.relet_hold`) and fell again
   :attr:`~Segmentation.relet_db` within :attr:`~Segmentation.relet_fall`
   before the next note, not climbing back, ends where that second fall
   starts: a music box's, a harpsichord's or a horn's note let go after its
   attack's fall. A melody note still
   running on to the next after all that (its let-go not heard: a struck
   note died away, a ringing one hides its release under the next attack)
   ends :attr:`~Segmentation.unheard_gate` of the way to the next note.
7. **Echoes**: a short piece at the pitch of the note before it and far
   quieter than what sounded just before is that note's release or reverb
   heard again as a pitch (a choir pad's long release), not a note. Nor is
   a piece at the pitch of the note let go just before it that never climbs
   back toward where that note was let go, its level averaged over 70 ms
   rising no more than :attr:`~Segmentation.knee_db`: the note dying (a
   synth voice's detuned voices beat on in its release, and a flux peak on
   one of their swings is no attack). Nor, whatever its pitch, is a piece
   in the rest :attr:`~Segmentation.rest_tail_gap` to
   :attr:`~Segmentation.rest_tail_window` after the note before was let
   go, :attr:`~Segmentation.tail_db` under it and never climbing
   ``knee_db``: the releases of the last few notes sounding on together
   (a synth voice's), read at their common fundamental or one of them.
8. **Strays**: a note more than an octave from the notes around it keeps
   the pitch track's pitch if the octave check moved it away from them, and
   is left out if it is far quieter than they are (a sibilant, a breath or
   reverb of a separated voice read an octave or two away).

The defaults were tuned on the tune part of the melody development set
(``tests/melody_set.py``) and are reported on its held-out part by
``bench/notes.py``.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numba
import numpy as np
import scipy.ndimage

from jamwithme.notes import tuning
from jamwithme.notes.pitch import F0Track
from jamwithme.notes.segmentation import MELODY, Segmentation
from jamwithme.notes.spectrum_checks import octave_checked, odd_share, partial_rise, semitone_checked

#: An attack's frames (from the start of its rise) within which its flux peaks (``_attacks`` walks back
#: at most 6 frames from the peak).
_PEAK_REACH = 7
#: The level (dB) of a silent frame.
FLOOR_DB = -100.0
#: Notes with room to die away (``decay_spacing``) a part needs before :func:`_dies_away` judges it.
_DECAY_NOTES = 3
#: :func:`_fades`: a note's first seconds, where its attack peaks; the time after its start from which its level
#: is held; the rest after a note whose release is timed; and the release timed from ``_FADE_NEAR_DB`` under the
#: held level to ``_FADE_FAR_DB`` under it.
_FADE_NOTE, _FADE_HELD, _FADE_REST = 0.3, 0.1, 0.3
_FADE_NEAR_DB, _FADE_FAR_DB = 3.0, 15.0
#: :func:`_fades`: a note's fall ``fade_decay_time`` after its peak is measured if it lasts this much longer.
_FADE_DECAY_END = 0.05


def segment(track: F0Track, flux: np.ndarray, y: np.ndarray, settings: Segmentation = MELODY) -> np.ndarray:
    """The notes of one voice.

    Parameters
    ----------
    track : F0Track
        Its pitch track.
    flux : np.ndarray [shape=(frames,)]
        Its onset flux (:func:`jamwithme.notes.pitch.onset_flux`), on the same frames.
    y : np.ndarray [shape=(n,)]
        The mono signal the track was made from (for the octave check).
    settings : Segmentation

    Returns
    -------
    np.ndarray [shape=(notes, 4)]
        Rows of (start s, end s, MIDI pitch, level dB of the note's loudest frame), by start.
    """
    fr = track.frame_rate
    n = track.f0.size
    flux = np.asarray(flux, np.float64)[:n]
    with np.errstate(divide="ignore", invalid="ignore"):
        midi = tuning.midi(track.f0.astype(np.float64))
    db = 20 * np.log10(np.maximum(track.rms.astype(np.float64), 1e-5))
    level = 20 * np.log10(np.maximum(track.level.astype(np.float64), 1e-5))
    voiced = ~np.isnan(midi)
    if not voiced.any():
        return np.zeros((0, 4))
    ref = float(np.percentile(db[voiced], 99))
    active = voiced & (db > ref - settings.range_db)
    if not active.any():
        return np.zeros((0, 4))
    frames = _Frames(fr, settings)

    path = _pitch_path(midi, active, settings)
    onsets, strength = _attacks(flux, active, settings)
    wobbly = _jitter(level, active) > settings.jitter_db
    smooth = _steady_level(track.level, frames.steady)
    steady = smooth if wobbly else level
    snap_back = max(1, int(round(settings.wobbly_snap * fr))) if wobbly else frames.snap
    rising = np.array([steady[c : c + 5].max() - steady[max(0, c - 3) : c + 1].min() for c in onsets])
    dipping = np.array([steady[max(0, c - 12) : max(1, c - 3)].max() - steady[max(0, c - 3) : c + 1].min()
                        for c in onsets])  # fmt: skip
    cuts = onsets[(rising >= settings.rise_db) & (dipping >= settings.dip_db)] if onsets.size else onsets
    late = _late_troughs(steady, np.setdiff1d(onsets, cuts), settings) if settings.trough_db else onsets[:0]
    if settings.swell_db:  # a slow attack (a bowed bass's) makes little flux: its level's trough and climb say it
        cuts = np.union1d(cuts, _swells(level, active, cuts, strength, frames, settings)).astype(np.int64)
    dips = _dips(steady)

    bent: dict[int, int] = {}  # the first frame of a bent note: its pitch, the pitch it was bent from
    pieces = _bends_joined(_glides_joined(_runs(path), midi, level, frames, settings), midi, onsets, frames, settings,
                           bent)  # fmt: skip
    part_wobble = _part_wobble(pieces, dips, strength, frames, settings)
    gap = frames.gap
    notes: list[list[int]] = []
    for start, stop in pieces:
        brings = None
        if settings.partial_attack and wobbly:  # an ensemble's old note rings on through the new one's swell
            brings = functools.partial(_brought, y, track.sample_rate, track.hop, int(path[start]),
                                       int(path[max(0, start - 1)]))  # fmt: skip
        first = _first_frame(start, onsets, path, notes, snap_back, frames, settings, strength, brings)
        if first >= stop - 1:
            first = start
        # cuts is sorted: those strictly inside the piece, away from its ends (a search, not a scan of every
        # cut for every piece: 20 minutes took a minute)
        inner = [int(c) for c in cuts[np.searchsorted(cuts, first + gap, "right") : np.searchsorted(cuts, stop - gap)]]
        if late.size:  # a late trough's attack, with the note played again holding on after it
            hold = max(gap, int(round(settings.trough_hold * fr)))
            inner = sorted(set(inner) | {int(c) for c in late[np.searchsorted(late, first + gap, "right") :
                                                           np.searchsorted(late, stop - hold)]})  # fmt: skip
        edges = [max(first, 0)]
        if start in bent:
            bent[edges[0]] = bent[start]  # the note starts on its attack, not where its pitch settled
        for c in inner:
            if (
                _beyond_wobble(dips, strength, edges[-1], c, frames, settings, part_wobble)
                and not _vibrato_swing(steady, midi, c, edges[-1], fr, settings)
                and not _vibrato_held(dips, midi, track.voiced_prob, c, settings)
            ):
                edges.append(c)
        edges.append(stop)
        touching = notes and notes[-1][1] >= edges[0] - 1
        top = float(level[notes[-1][0] : notes[-1][1]].max()) if touching else None
        for a, b in zip(edges[:-1], edges[1:]):
            loud = float(level[a:b].max())
            if (top is not None and loud < top - settings.tail_db) or loud < ref - settings.quiet_db:
                continue  # the tail or reverb of the note before, or too quiet to be meant
            top = loud if top is None else max(top, loud)
            notes.append([a, b])
    notes = _octave_attacks_joined(notes, midi, onsets, frames)

    out, heard = [], []
    cut_at = set(cuts.tolist())
    joined_from = -1  # the first frame of the last note kept, while the next may still be its held pitch
    for i, (a, b) in enumerate(notes):
        if i + 1 < len(notes):
            b = min(b, notes[i + 1][0])
        if b - a < frames.min_note:
            joined_from = -1
            continue
        pitch = bent[a] if a in bent else _pitch_of(midi[a:b], held=settings.held_pitch)
        if pitch is None or np.percentile(track.voiced_prob[a:b], 90) < settings.min_voicing:
            continue  # no pitch, or pYIN hardly believes there is one (noise, breath, a drum's bleed)
        ringing = int(out[-1][2]) if out and a / fr - out[-1][1] < settings.undertone_ring else None
        tracked, pitch = pitch, octave_checked(y, track.sample_rate, a / fr, b / fr, pitch, settings, ringing=ringing)
        if pitch == tracked and out:
            pitch = semitone_checked(y, track.sample_rate, a / fr, b / fr, pitch, int(out[-1][2]), settings)
        if not settings.lowest <= pitch <= settings.highest:
            continue
        if joined_from >= 0 and out[-1][2] == pitch and a not in cut_at and a <= round(out[-1][1] * fr) + 1:
            # The pitch path stepped, but to the note it was: a glide into the note read as that note
            # (a synth voice's slow glide between notes), no attack between. One held note.
            end = _end_of(level, joined_from, b, frames, settings)
            out[-1] = (joined_from / fr, end / fr, pitch, float(level[joined_from:end].max()))
            continue
        end = _end_of(level, a, b, frames, settings)
        joined_from = -1
        if end - a < frames.min_note:
            continue
        if (
            out
            and out[-1][2] == pitch
            and (
                _faint(level, a, end, frames, settings)
                or _still_released(level, smooth, int(round(out[-1][1] * fr)), a, end, settings)
            )
        ):
            continue  # the note before, still sounding (its release, its reverb)
        if out and _tail_in_rest(level, smooth, out[-1], a, end, fr, settings):
            continue  # the releases of the notes before, sounding on together in the rest
        if out and _bare_tail(level, smooth, strength, out[-1], a, end, frames, settings):
            continue  # the note before ringing on, with no attack of its own
        out.append((a / fr, end / fr, pitch, float(level[a:end].max())))
        heard.append(tracked)
        joined_from = a if end == b else -1  # a note that ran to its piece's end, not its release
        if settings.upper_db and end < b:  # the piece reads on at this pitch after the note's release
            for rest in _upper_rests(y, track.sample_rate, level, a, end, b, pitch, frames, settings):
                out.append(rest)
                heard.append(int(rest[2]))
    if settings.decay_db and _dies_away(level, out, frames, settings):
        out = _rung_on(level, out, frames, settings)
    elif settings.letoff_db:
        out = _let_off(level, out, frames, settings)
        if settings.relet_db:
            out = _held_on(level, out, frames, settings)
    if settings.unheard_gate:
        out = _gated(out, frames, settings)
    if settings.fade_db and _fades(smooth, out, frames, settings):
        out = _faded(smooth, out, frames, settings)
    return _strays_placed(np.array(out, np.float64).reshape(-1, 4), heard, settings)


def _upper_rests(
    y: np.ndarray,
    sample_rate: int,
    level: np.ndarray,
    a: int,
    end: int,
    b: int,
    pitch: int,
    frames: _Frames,
    settings: Segmentation,
) -> list[tuple]:
    """The notes in a piece after its first note's release (frames ``a``-``end``, the piece to ``b``) read an
    octave up: the pitch track holds the note's ``pitch`` on, but the odd harmonics of it (1, 3, 5 against 2, 4,
    6) stand ``upper_db`` or more under the first note's: the note an octave up sounds, and YIN reads the period
    of the note before, ringing on under it (a contrabass's line in octaves). Each such note starts
    ``swell_lead`` before the level's trough within ``swell_window`` after the end before it and is released as
    any; a rest whose odd harmonics stand as the first note's, after one an octave up, is the note again.
    """
    reference = odd_share(y, sample_rate, a / frames.rate, end / frames.rate, pitch)
    out: list[tuple] = []
    last, up = end, False
    while reference is not None and b - last >= frames.min_note:
        trough = last + int(np.argmin(level[last : min(b, last + frames.swell_window)]))
        start = max(last, trough - frames.swell_lead)
        stop = _end_of(level, start, b, frames, settings)
        loud = float(level[trough : max(trough + 1, stop)].max())
        climb = float(level[trough : min(stop, trough + frames.swell_window)].max()) - float(level[trough])
        if stop - start < frames.min_note or climb < settings.upper_rise_db:
            break  # too short, or no climb out of the trough: the note's release, not a note
        share = odd_share(y, sample_rate, start / frames.rate, stop / frames.rate, pitch)
        if share is None:
            break
        above = 10 * math.log10(max(share, 1e-12) / max(reference, 1e-12)) <= -settings.upper_db
        if not above and not up:
            break  # the note's own level swinging, or a note played again: not this rule's
        note = pitch + 12 if above else pitch
        if note > settings.highest or loud < float(level[a:end].max()) - settings.tail_db:
            break
        out.append((start / frames.rate, stop / frames.rate, note, loud))
        last, up = stop, above
    return out


def _dies_away(level: np.ndarray, notes: list[tuple], frames: _Frames, settings: Segmentation) -> bool:
    """True if the part's notes die away from their attack: on the notes with ``decay_spacing`` s or more
    to the next (so that a note let go early is not taken for one dying away), its level ``decay_time`` after
    its peak (within its first :data:`_PEAK_REACH` frames) lies ``decay_db`` or more under that peak, the
    median over at least :data:`_DECAY_NOTES` such notes."""
    rate, after = frames.rate, frames.decay_time
    falls = []
    for (start, _, _, _), (following, _, _, _) in zip(notes[:-1], notes[1:]):
        if following - start < settings.decay_spacing:
            continue
        a = int(round(start * rate))
        peak = a + int(np.argmax(level[a : a + _PEAK_REACH]))
        if peak + after < level.size:
            falls.append(float(level[peak] - level[peak + after]))
    return len(falls) >= _DECAY_NOTES and float(np.median(falls)) >= settings.decay_db


def _rung_on(level: np.ndarray, notes: list[tuple], frames: _Frames, settings: Segmentation) -> list[tuple]:
    """The notes of a part that dies away, each lasting until it is let go.

    A struck note's let-go is mostly not heard (it has died away before it), so the note lasts until the next
    is played, when that starts within ``decay_reach`` s of its end. But a let-go that is heard stands: a note
    whose level had settled ``settled_db`` or more under its peak before its end (it rang on, then fell again:
    a piano key let go, a sitar's buzz damped) keeps its end, and a note whose level falls ``letgo_db`` within
    ``letgo_window`` between its end and the next note (a damper) ends where that fall starts.
    """
    out = list(notes)
    rate, span = frames.rate, frames.letgo_window
    for i in range(len(out) - 1):
        start, end, pitch, loud = out[i]
        following = out[i + 1][0]
        a, e = int(round(start * rate)), min(int(round(end * rate)), level.size - 1)
        if following - end > settings.decay_reach or level[e] <= level[a : max(a + 1, e)].max() - settings.settled_db:
            continue
        n = min(int(round(following * rate)), level.size)
        lo = max(a + 1, e - span)  # the drop rule's end lies just before the fall it found
        falls = level[lo : n - span] - level[lo + span : n] if n - span > lo else np.zeros(1)
        t = int(np.argmax(falls))
        out[i] = (start, max(end, (lo + t + 1) / rate if falls[t] >= settings.letgo_db else following), pitch, loud)
    return out


def _let_off(level: np.ndarray, notes: list[tuple], frames: _Frames, settings: Segmentation) -> list[tuple]:
    """The notes of a part that does not die away, each ending where its release starts before the next note.

    A note that runs on to the next note (no fall of ``drop_db`` within ``drop_window`` before it: a violin's, a
    flute's or a synth voice's release, falling 4-8 dB in a short gap) ends where its level starts to fall, when
    its lowest over the last ``letoff_reach`` before the next note lies within ``letoff_near`` of that note's attack
    (not a dip inside the note) and the level falls into it frame by frame by ``letoff_db`` or more over at most
    ``letoff_fall``, after a frame that did not fall (a longer fall is the note's own decay, not its release).
    Failing that, a fall into that trough of any length ends the note where it starts, if it falls at ``letoff_rate``
    or faster throughout (:func:`_steep_fall`): a release, not a decay (a celesta's, a guitar's note let go, ringing
    on into the gap or the rest before the next note).
    """
    out = list(notes)
    rate, reach, near, fall = frames.rate, frames.letoff_reach, frames.letoff_near, frames.letoff_fall
    for i in range(len(out) - 1):
        start, end, pitch, loud = out[i]
        a, e = int(round(start * rate)), int(round(end * rate))
        if int(round(out[i + 1][0] * rate)) - e > 1 or e + 1 >= level.size:
            continue  # not running on to the next note
        first = a + frames.attack
        lo = max(first, e - reach)
        if e - lo < 2:
            continue
        trough = lo + int(np.argmin(level[lo : e + 1]))
        if e - trough > near:
            continue  # its lowest is not at the next note's attack: a dip inside the note (a vibrato's)
        k = trough
        while k > max(first, trough - fall - 1) and level[k - 1] > level[k]:
            k -= 1
        if trough - k <= fall and k > first and k - a >= frames.min_note:
            if float(level[k] - level[trough]) >= settings.letoff_db:
                out[i] = (start, (k + 1) / rate, pitch, loud)
                continue
        if settings.letoff_rate and (steep := _steep_fall(level, first, trough, frames, settings)):
            out[i] = (start, (steep + 1) / rate, pitch, loud)
    return out


def _held_on(level: np.ndarray, notes: list[tuple], frames: _Frames, settings: Segmentation) -> list[tuple]:
    """The notes of a part that does not die away whose level held on after their end, each ending where it is let go.

    The drop rule ends a note where its level has fallen ``drop_db`` within ``drop_window``: a music box's, a
    harpsichord's or a horn's note falls that far in its first moments and then holds, and is let go later. So
    after a note's end (not running on to the next note), where the level has held within ``relet_steady_db``
    over ``relet_hold`` (from the end or later), within ``relet_depth_db`` of the note's peak, then falls
    ``relet_db`` or more within ``relet_fall`` and does not climb back to half that within ``recover`` before the
    next note, the note ends where that fall starts. Only the first fall of ``relet_db`` after the end is judged.
    """
    out = list(notes)
    rate, span, hold = frames.rate, frames.relet_fall, frames.relet_hold
    for i, (start, end, pitch, loud) in enumerate(out):
        a, e = int(round(start * rate)), int(round(end * rate))
        n = min(int(round(out[i + 1][0] * rate)) if i + 1 < len(out) else level.size, level.size)
        if n - e <= 1:
            continue  # running on to the next note: the let-off rules and the gate judge it
        peak = float(level[a : e + 1].max())
        for t in range(e, n - span):
            if level[t] - level[t + span] < settings.relet_db:
                continue
            held = level[t - hold : t + 1]
            if t - hold >= max(a, e - 2) and float(held.max() - held.min()) <= settings.relet_steady_db:
                after = level[t + span : min(n, t + span + frames.recover)]
                if level[t] >= peak - settings.relet_depth_db and (
                    after.size == 0 or float(after.max()) < level[t] - settings.relet_db / 2
                ):
                    out[i] = (start, (t + 1) / rate, pitch, loud)
            break
    return out


def _gated(notes: list[tuple], frames: _Frames, settings: Segmentation) -> list[tuple]:
    """The notes still running on to the next (within a frame), their let-go not heard, each ending
    ``unheard_gate`` of the way from its start to the next note's start.

    A xylophone's or a banjo's note has died away long before its key is let go, and a celesta's or a steel
    guitar's rings on under the next attack: nothing in the level says where it was let go. So the end is a
    prior, not a detection: between a legato player's (about 0.95 of the time between notes), a plain one's (0.85)
    and a staccato one's (0.6), 0.85 is within mir_eval's 20 % of the note for legato and plain notes alike (a
    sung legato line gets a small gap before each note). :func:`_rung_on` has already run such a note on to the
    next; this is where it is cut back.
    """
    out = list(notes)
    rate = frames.rate
    for i in range(len(out) - 1):
        start, end, pitch, loud = out[i]
        following = out[i + 1][0]
        if int(round(following * rate)) - int(round(end * rate)) > 1:
            continue  # its let-go was heard: it ends in a gap or a rest of its own
        out[i] = (start, start + settings.unheard_gate * (following - start), pitch, loud)
    return out


def _fades(smooth: np.ndarray, notes: list[tuple], frames: _Frames, settings: Segmentation) -> bool:
    """True if the part swells in and fades out: its notes take ``fade_attack`` s or more to reach their peak
    (the median over the notes of at least :data:`_FADE_NOTE` s, the peak of ``smooth`` within their first
    :data:`_FADE_NOTE` s), and its releases into a rest take ``fade_release`` s or more (the median over the
    notes of at least :data:`_FADE_HELD` s followed by :data:`_FADE_REST` s with no note: from the last frame
    within :data:`_FADE_NEAR_DB` of the note's held level, the median of ``smooth`` from :data:`_FADE_HELD` s
    after its start to its end, to the first frame :data:`_FADE_FAR_DB` under it); but not if its notes die
    along from their peak (a plucked or struck part: a harpsichord's level averaged over 70 ms can take 0.15 s
    to its peak): ``smooth`` ``fade_decay_time`` after the peak, on the notes lasting :data:`_FADE_DECAY_END` s
    longer than that, lies ``fade_decay_db`` or more under it (the median over at least :data:`_DECAY_NOTES`)."""
    rate = frames.rate
    first, held_from = max(1, int(round(_FADE_NOTE * rate))), max(1, int(round(_FADE_HELD * rate)))
    later, margin = max(1, int(round(settings.fade_decay_time * rate))), max(1, int(round(_FADE_DECAY_END * rate)))
    attacks, releases, decays = [], [], []
    for i, (start, end, _, _) in enumerate(notes):
        a, b = int(round(start * rate)), min(int(round(end * rate)), smooth.size)
        if b - a >= first:
            peak = int(np.argmax(smooth[a : a + first]))
            attacks.append(peak / rate)
            if a + peak + later < b - margin:
                decays.append(float(smooth[a + peak] - smooth[a + peak + later]))
        following = notes[i + 1][0] if i + 1 < len(notes) else math.inf
        if following - end < _FADE_REST or end - start < 2 * _FADE_HELD or b - a <= held_from:
            continue
        n = min(int(round(following * rate)) if math.isfinite(following) else smooth.size, smooth.size)
        held = float(np.median(smooth[a + held_from : b]))
        far = np.flatnonzero(smooth[a:n] < held - _FADE_FAR_DB)
        near = np.flatnonzero(smooth[a : a + far[0]] >= held - _FADE_NEAR_DB) if far.size else far
        if near.size:
            releases.append((far[0] - near[-1]) / rate)
    if settings.fade_decay_db and len(decays) >= _DECAY_NOTES and float(np.median(decays)) >= settings.fade_decay_db:
        return False  # its notes die along from their peak: plucked or struck (a harpsichord's), however slow
    return bool(attacks and releases and float(np.median(attacks)) >= settings.fade_attack
                and float(np.median(releases)) >= settings.fade_release)  # fmt: skip


def _faded(smooth: np.ndarray, notes: list[tuple], frames: _Frames, settings: Segmentation) -> list[tuple]:
    """The notes of a part that swells in and fades out, each ending where its fade starts.

    A synth voice's or a choir's release falls 30-60 dB/s: too slow for the drop rule (``drop_db`` within
    ``drop_window``) and not held steady before it as ``sustain_hold`` asks (its level wobbles), so its notes ran
    on 0.05-0.3 s into the gap or were gated at the next note. Here, on the level averaged over ``steady``
    (``smooth``), after its first ``attack``, where it first lies ``fade_db`` under its maximum over the last
    ``fade_window`` and never climbs back to within half that, nor ``fade_climb_db`` out of its lowest since,
    before the note's end, the note ends at the last frame within ``fade_knee_db`` of that maximum, if that
    leaves it ``fade_keep`` s or more and is earlier than its end (an end only moves earlier).
    """
    out = list(notes)
    rate, window, keep, hold = frames.rate, frames.fade_window, frames.fade_keep, frames.fade_hold
    for i, (start, end, pitch, loud) in enumerate(out):
        a, e = int(round(start * rate)), min(int(round(end * rate)), smooth.size - 1)
        first = t = a + frames.attack
        while t < e:
            t += 1
            lo = max(first, t - window)
            top = float(smooth[lo : t + 1].max())
            if smooth[t] > top - settings.fade_db or float(smooth[t + 1 : e + 1].max(initial=-math.inf)) >= (
                top - settings.fade_db / 2
            ):
                continue
            knee = lo + int(np.flatnonzero(smooth[lo : t + 1] >= top - settings.fade_knee_db)[-1]) + 1
            after = smooth[knee : e + 1]
            if float((after - np.minimum.accumulate(after)).max()) >= settings.fade_climb_db:
                break  # it climbs back out of its fall: a swell's decay, not the release
            if settings.fade_steady_db and after.size > hold:
                spans = np.lib.stride_tricks.sliding_window_view(after, hold + 1)
                steady = np.flatnonzero(spans.max(axis=1) - spans.min(axis=1) <= settings.fade_steady_db)
                if steady.size:  # it settles: the fall was the attack's decay to the held level; look on after it
                    first = t = knee + int(steady[0])
                    continue
            if keep <= knee - a < e - a:
                out[i] = (start, knee / rate, pitch, loud)
            break
    return out


def _steep_fall(level: np.ndarray, first: int, trough: int, frames: _Frames, settings: Segmentation) -> int:
    """Where a release into a rest before the next note starts (0 if none): the level falls into ``trough`` at
    ``letoff_rate`` dB/s or faster over every ``letoff_span`` back to there, and by ``letoff_db`` or more, however
    long the fall (a celesta's or a steel guitar's note let go, ringing on into the rest)."""
    span = frames.letoff_span
    per_frame = settings.letoff_rate / frames.rate
    k = trough
    while k - span >= first and float(level[k - span] - level[k]) >= per_frame * span:
        k -= 1
    if k == trough or k <= first or k - (first - frames.attack) < frames.min_note:
        return 0
    return k if float(level[k] - level[trough]) >= settings.letoff_db else 0


def _late_troughs(level: np.ndarray, onsets: np.ndarray, settings: Segmentation) -> np.ndarray:
    """The attacks (flux peaks ``onsets``) whose level falls ``trough_db`` or more within 8 frames after the peak
    under the loudest of the 12 to 3 frames before it, and climbs ``trough_rise_db`` out of that trough within
    10 frames: a sustained note struck again, the old note's release falling away after the new note's attack
    made its flux, and the new note climbing back."""
    kept = []
    for c in onsets:
        c = int(c)
        if c < 3 or c + 9 > level.size:
            continue
        m = c + int(np.argmin(level[c : c + 9]))
        dip = float(level[max(0, c - 12) : c - 2].max() - level[m])
        climb = float(level[m : m + 10].max() - level[m])
        if dip >= settings.trough_db and climb >= settings.trough_rise_db:
            kept.append(c)
    return np.array(kept, np.int64)


def _swells(
    level: np.ndarray,
    active: np.ndarray,
    cuts: np.ndarray,
    strength: np.ndarray,
    frames: _Frames,
    settings: Segmentation,
) -> np.ndarray:
    """Frames where a note played again with a slow attack begins: ``swell_lead`` before a trough of the level
    ``swell_db`` under the loudest of the ``swell_window`` before it and of the ``swell_window`` after it, the
    part sounding through it, a flux peak of at least ``swell_flux`` (``strength``, normalised) by it.

    A contrabass's bowed note played again makes a flux peak under the attack threshold, but the note before
    falls away and the new one climbs back. Not where an attack that starts a note (``cuts``) lies within
    ``swell_clear``: that attack is the note's, and a slapped note's own dip after its slap lies 0.1 s in.
    """
    w = frames.swell_window
    low = scipy.ndimage.minimum_filter1d(level, 7)
    before = scipy.ndimage.maximum_filter1d(level, w, origin=(w - 1) // 2)  # frames t-w+1 .. t
    after = scipy.ndimage.maximum_filter1d(level, w, origin=-(w // 2))  # frames t .. t+w-1
    sounding = scipy.ndimage.minimum_filter1d(active.astype(np.int8), 5) > 0
    trough = (level == low) & (before - level >= settings.swell_db) & (after - level >= settings.swell_db) & sounding
    at = np.flatnonzero(trough)
    if at.size:
        at = at[np.concatenate([[True], np.diff(at) > 3])]  # a flat trough once
    kept = [int(t) for t in at if float(strength[max(0, t - 3) : t + 8].max()) >= settings.swell_flux
            and not _attack_near(cuts, (int(t),), frames.swell_clear)]  # fmt: skip
    return np.maximum(np.array(kept, np.int64) - frames.swell_lead, 0)


def _strays_placed(notes: np.ndarray, heard: list[int], settings: Segmentation) -> np.ndarray:
    """The line's notes with its strays put back or left out.

    A note more than ``stray`` semitones from the median of the notes within
    ``stray_context`` s of it (at least three) is not where the line goes. If
    the octave check moved it there, away from them, the check was wrong (a
    separated voice's bleed and reverb put energy at half its frequency): it
    keeps the pitch track's own pitch (``heard``). If it is ``stray_db``
    quieter than those notes, it is not a note of the line (a sibilant, a
    breath, reverb read an octave or two away).
    """
    if not math.isfinite(settings.stray) or len(notes) < 4:
        return notes
    out = notes.copy()
    keep = np.ones(len(notes), bool)
    for i, (start, end, pitch, level) in enumerate(notes):
        near = (notes[:, 1] >= start - settings.stray_context) & (notes[:, 0] <= end + settings.stray_context)
        near[i] = False
        if near.sum() < 3:
            continue
        middle = float(np.median(notes[near, 2]))
        if abs(pitch - middle) <= settings.stray:
            continue
        if abs(heard[i] - middle) < abs(pitch - middle):
            out[i, 2] = heard[i]
        elif level < float(np.median(notes[near, 3])) - settings.stray_db:
            keep[i] = False
    return out[keep]


def _dips(level: np.ndarray) -> np.ndarray:
    """How far (dB) the level of each frame's last 4 frames fell below the loudest of the 9 before them."""
    before = scipy.ndimage.maximum_filter1d(level, 9, origin=4)  # at t: frames t-8 .. t
    low = scipy.ndimage.minimum_filter1d(level, 4, origin=1)  # at t: frames t-3 .. t
    out = np.zeros_like(level)
    out[12:] = before[8:-4] - low[12:]
    return out


def _part_wobble(
    pieces: list[list[int]], dips: np.ndarray, strength: np.ndarray, frames: _Frames, settings: Segmentation
) -> tuple[float, float] | None:
    """The wobble of the part's held pitches, to judge an attack in a note's first moments by: the
    ``wobble_part`` percentile, over the pieces long enough to have one, of their strongest flux and deepest
    dip after their attack; None in a part whose calm held notes have no flux at the attack threshold (a
    flute's, a trumpet's: an early attack there is a note, as before) or with under three such pieces."""
    if not settings.wobble_part or not math.isfinite(settings.wobble_db):
        return None
    flux, dip = [], []
    for start, stop in pieces:
        lo, hi = start + frames.attack + 12, stop - 6
        if hi - lo >= frames.wobble_history:
            flux.append(float(strength[lo:hi].max()))
            dip.append(float(dips[lo:hi].max()))
    if len(flux) < 3:
        return None
    out = float(np.percentile(flux, settings.wobble_part)), float(np.percentile(dip, settings.wobble_part))
    return out if out[0] >= settings.onset_threshold else None


def _beyond_wobble(
    dips: np.ndarray,
    strength: np.ndarray,
    note: int,
    c: int,
    frames: _Frames,
    settings: Segmentation,
    part_wobble: tuple[float, float] | None = None,
) -> bool:
    """True if the attack at frame ``c`` stands out of the wobble of the note begun at frame ``note`` (a
    vibrato through a formant, detuned voices beating): its flux ``strength`` at least the note's strongest
    since its attack, or the dip before it ``wobble_db`` deeper than the note's deepest since."""
    if not math.isfinite(settings.wobble_db):
        return True
    lo, hi = note + frames.attack + 12, c - 6  # a dip looks 12 frames back; the attack's own dip is not held
    if hi - lo < frames.wobble_history:  # too early to know the note's own wobble: the part's held notes'
        if part_wobble is None:
            return True
        return float(strength[c]) >= part_wobble[0] or float(dips[c]) >= part_wobble[1] + settings.wobble_db
    return float(strength[c]) >= float(strength[lo:hi].max()) or float(dips[c]) >= float(dips[lo:hi].max()) + (
        settings.wobble_db
    )


def _vibrato_swing(level: np.ndarray, midi: np.ndarray, c: int, note: int, rate: float, settings: Segmentation) -> bool:
    """True if the dip before the attack at frame ``c`` is one more of a periodic swing of the note's level:
    a trough as deep (within ``vibrato_swing_db``) a vibrato's period before it (0.13-0.24 s: 4-7.5 Hz),
    inside the note, with the level risen between (a bowed string's or a voice's vibrato moving through
    its resonances swings the level with the pitch, 4-6 dB a cycle), not a new note."""
    if not math.isfinite(settings.vibrato_swing_db):
        return False
    lo = max(note, c - 6)
    if c + 4 <= lo:
        return False
    t1 = lo + int(np.argmin(level[lo : c + 4]))
    a, b = t1 - int(round(0.24 * rate)), t1 - int(round(0.13 * rate))
    if a < note:
        return False
    t0 = a + int(np.argmin(level[a : b + 1]))
    if t0 in (a, b):
        return False  # no trough of its own in the window: the level only falls or rises there
    between = float(level[t0:t1].max())
    depth0 = between - float(level[t0])
    depth1 = between - float(level[t1])
    pitch = midi[t0 : t1 + 1]
    pitch = pitch[~np.isnan(pitch)]
    swings = pitch.size > 2 and float(pitch.max() - pitch.min()) >= settings.vibrato_swing
    return swings and depth0 >= 2.0 and depth1 <= depth0 + settings.vibrato_swing_db


def _vibrato_held(dips: np.ndarray, midi: np.ndarray, voiced: np.ndarray, c: int, settings: Segmentation) -> bool:
    """True if the attack at frame ``c`` is a vibrato's trough with the tone held through it: its dip under
    ``vibrato_dip_db``, pYIN's voiced probability at least ``vibrato_voiced`` in every frame within 70 ms of
    it, and the pitch track swinging ``vibrato_held_swing`` semitones or more over the 0.14 s before it and
    0.07 s after. A note played again stops its tone for a moment (a bow's change, a breath, a new pluck), and
    pYIN's voicing falters there; a vibrato's first swings (no trough before them in the note for
    :func:`_vibrato_swing` to match) keep it (a violin's held note split 0.29 s in, its dip 4 dB)."""
    if not math.isfinite(settings.vibrato_swing_db) or float(dips[c]) >= settings.vibrato_dip_db:
        return False
    if float(np.min(voiced[max(0, c - 6) : c + 7])) < settings.vibrato_voiced:
        return False
    pitch = midi[max(0, c - 12) : c + 7]
    pitch = pitch[~np.isnan(pitch)]
    return pitch.size > 2 and float(pitch.max() - pitch.min()) >= settings.vibrato_held_swing


def _faint(level: np.ndarray, a: int, end: int, frames: _Frames, settings: Segmentation) -> bool:
    """True if frames ``a`` to ``end`` are a short piece far quieter than what sounded just before (with
    the note before at its pitch: that note's release or reverb, not a note of its own)."""
    before = level[max(0, a - frames.faint_window) : a]
    if settings.faint_db <= 0 or end - a >= frames.faint_note or not before.size:
        return False
    return float(level[a:end].max()) < float(before.max()) - settings.faint_db


def _still_released(
    level: np.ndarray, smooth: np.ndarray, let_go: int, a: int, end: int, settings: Segmentation
) -> bool:
    """True if frames ``a`` to ``end``, after the note before was let go at frame ``let_go`` (at their pitch),
    are that note still dying, not the note played again: the level never climbs back to within
    ``drop_db / 2`` of where the note was let go (the drop rule's own test of a release), and its level
    averaged over ``steady`` (``smooth``) climbs no more than ``knee_db`` out of the lowest it fell to since:
    no attack, only the dying sound's swings. A synth voice's detuned voices beat on in its release: frame by
    frame the level climbs 5-6 dB out of a trough 0.1 s after the note's end, and a flux peak on that climb
    started a note in the rest, dying at the note's pitch 5-7 dB under it over 0.1-0.6 s; averaged over 70 ms
    it climbs 1-1.3 dB. A note played again climbs 3.3 dB and more so, however soft (``release_db`` 0: no
    check, as for the release)."""
    if not settings.release_db or a <= let_go or let_go < 1:
        return False
    climb = _climb(smooth, let_go, a, end)
    return float(level[a:end].max()) < float(level[let_go - 1]) - settings.drop_db / 2 and climb <= settings.knee_db


def _tail_in_rest(
    level: np.ndarray, smooth: np.ndarray, before: tuple, a: int, end: int, rate: float, settings: Segmentation
) -> bool:
    """True if frames ``a`` to ``end``, in a rest after the note ``before`` (start s, end s, pitch, loudest
    dB), are the releases of that note and those before it, whatever pitch is read in them: they start
    ``rest_tail_gap`` or more after it was let go and within ``rest_tail_window`` of that, their loudest is
    ``tail_db`` under its loudest, and their level averaged over ``steady`` (``smooth``) climbs no more than
    ``knee_db`` out of the lowest it fell to since the let-go (no attack). A synth voice (GM 54) lets its
    notes go slowly, 40 dB down only 0.9-1.15 s after the note-off, so in a run of short notes the last three
    or four sound on together into the rest; pYIN reads their common fundamental (two octaves and a third
    under the last note) or one of them, and :func:`_still_released`, which looks for the last note's own
    pitch, does not see them. Those pieces sat 15-29 dB under the note before, climbing 0-0.4 dB; a real
    note after a rest on that patch is at most 10.5 dB under it and climbs 1.6 dB and more. The gap keeps a
    pad's slow attack 58 ms after the note before, 13 dB under it, a note (``rest_tail_window`` 0: no
    check)."""
    let_go = int(round(before[1] * rate))
    if not settings.rest_tail_window or let_go < 1 or a <= let_go:
        return False
    if not settings.rest_tail_gap <= a / rate - before[1] <= settings.rest_tail_window:
        return False
    if float(level[a:end].max()) >= before[3] - settings.tail_db:
        return False
    return _climb(smooth, let_go, a, end) <= settings.knee_db


def _climb(smooth: np.ndarray, since: int, a: int, end: int) -> float:
    """How far the averaged level ``smooth`` climbs over frames ``a`` to ``end`` out of the lowest it fell to from
    frame ``since`` to ``a``: an attack climbs, a dying sound's swings do not."""
    return float(smooth[a:end].max()) - float(smooth[since : a + 1].min())


def _bare_tail(
    level: np.ndarray,
    smooth: np.ndarray,
    strength: np.ndarray,
    before: tuple,
    a: int,
    end: int,
    frames: _Frames,
    settings: Segmentation,
) -> bool:
    """True if frames ``a`` to ``end``, within ``rest_tail_window`` of the let-go of the note ``before`` (start s,
    end s, pitch, loudest dB), touching it or not, are that note's tail ringing on, read at a pitch of its own:
    no attack of their own (the normalised flux ``strength`` under ``bare_flux`` within ``snap`` of ``a``), their
    loudest ``bare_db`` under the note's, and their level averaged over ``steady`` (``smooth``) climbing no more
    than ``knee_db`` out of the lowest it fell to since the let-go. A celesta's or a sitar's note (GM 8, 104)
    rings on after its note-off, its pitch drifting a semitone flat or its buzz read at another pitch, and
    pYIN's path steps there with no attack: on own seeds 8630-8669 four such notes in a rest, 10-28 dB under the
    note before, their flux 0.02-0.07, 0-0.56 s after its let-go (too soon for :func:`_tail_in_rest`, or its
    climb heard the next note's attack); the real notes with no flux peak at the attack threshold there have
    0.16 or more, or stand within 5.4 dB of the note before. The averaged level's last ``steady / 2`` frames
    are left out of the climb: they hear the next note's attack when the piece runs on to it."""
    if not settings.bare_db or not settings.rest_tail_window:
        return False
    let_go = int(round(before[1] * frames.rate))
    if a / frames.rate - before[1] > settings.rest_tail_window:
        return False
    if float(strength[max(0, a - frames.snap) : a + frames.snap + 1].max()) >= settings.bare_flux:
        return False  # a flux peak, however faint: an attack of its own
    if float(level[a:end].max()) >= before[3] - settings.bare_db:
        return False
    return _climb(smooth, min(let_go, a), a, max(a + 1, end - frames.steady // 2)) <= settings.knee_db


@dataclass(frozen=True)
class _Frames:
    """The settings' durations in frames."""

    rate: float
    settings: Segmentation

    def __getattr__(self, name: str) -> int:
        seconds = {"snap": "snap", "gap": "split_gap", "lead": "pitch_lead", "glide": "glide",
                   "octave": "octave_glide", "min_note": "min_note", "window": "drop_window",
                   "recover": "recover", "attack": "attack", "faint_note": "faint_note",
                   "faint_window": "faint_window", "steady": "steady",
                   "wobble_history": "wobble_history", "late_snap": "late_snap", "sustain_window": "sustain_window",
                   "sustain_hold": "sustain_hold", "swell_window": "swell_window",
                   "swell_lead": "swell_lead", "swell_clear": "swell_clear", "decay_time": "decay_time",
                   "letgo_window": "letgo_window", "letoff_reach": "letoff_reach", "letoff_near": "letoff_near",
                   "letoff_fall": "letoff_fall", "letoff_span": "letoff_span", "relet_fall": "relet_fall",
                   "relet_hold": "relet_hold", "fade_window": "fade_window",
                   "fade_keep": "fade_keep", "fade_hold": "fade_hold"}[name]  # fmt: skip
        return max(1, int(round(getattr(self.settings, seconds) * self.rate)))


def _jitter(level: np.ndarray, active: np.ndarray) -> float:
    """The median frame-to-frame curvature of the level (dB) where the part sounds: how much it wobbles."""
    both = active[1:-1] & active[:-2] & active[2:]
    if not both.any():
        return 0.0
    return float(np.median(np.abs(level[2:] - 2 * level[1:-1] + level[:-2])[both]))


def _steady_level(rms: np.ndarray, width: int) -> np.ndarray:
    """The level (dB) of the power averaged over ``width`` frames, centred."""
    power = scipy.ndimage.uniform_filter1d(np.square(rms.astype(np.float64)), width, mode="nearest")
    return 10 * np.log10(np.maximum(power, 1e-10))


def _pitch_path(midi: np.ndarray, active: np.ndarray, settings: Segmentation) -> np.ndarray:
    """The Viterbi path over the part's semitones and a rest (-1), frame by frame."""
    pitches = np.arange(settings.lowest, settings.highest + 1, dtype=np.float64)
    filled = np.where(active, np.nan_to_num(midi, nan=0.0), 0.0)
    path = _path_states(filled, np.asarray(active, np.bool_), pitches, 2 * settings.sigma**2, float(settings.cap),
                        float(settings.change))  # fmt: skip
    return np.where(path == 0, -1, settings.lowest + path - 1)


@numba.njit(cache=True)
def _path_states(filled, active, pitches, width, cap, change):
    """:func:`_pitch_path`'s states (0 the rest, ``1 + k`` pitch ``k``): a frame off its semitone costs its
    squared distance (capped), a sounding frame in the rest 20, a silent frame on a pitch 50, a change
    ``change``. Compiled: 103,000 frames (20 minutes) in well under a second, not a minute."""
    n, size = filled.size, pitches.size + 1
    back = np.empty((n, size), np.int16)
    total = np.zeros(size)
    cost = np.empty(size)
    for t in range(n):
        if active[t]:
            cost[0] = 20.0
            for j in range(1, size):
                cost[j] = min((filled[t] - pitches[j - 1]) ** 2 / width, cap)
        else:
            cost[0] = 0.0
            cost[1:] = 50.0
        if t == 0:
            for j in range(size):
                total[j] = cost[j]
                back[t, j] = j
            continue
        best = int(np.argmin(total))
        switch = total[best] + change
        for j in range(size):
            if switch < total[j]:
                back[t, j] = best
                total[j] = switch + cost[j]
            else:
                back[t, j] = j
                total[j] = total[j] + cost[j]
    path = np.empty(n, np.int64)
    state = int(np.argmin(total))
    for t in range(n - 1, -1, -1):
        path[t] = state
        state = int(back[t, state])
    return path


def _attacks(flux: np.ndarray, active: np.ndarray, settings: Segmentation) -> tuple[np.ndarray, np.ndarray]:
    """Frames where attacks begin (the start of each flux peak's rise), and the normalised flux."""
    scale = float(np.percentile(flux[active], 99)) + 1e-9
    norm = flux / scale
    peak = scipy.ndimage.maximum_filter1d(norm, 7)
    before = scipy.ndimage.minimum_filter1d(norm, 11, origin=5)  # the lowest of the last 11 frames
    peaks = np.flatnonzero((norm == peak) & (norm >= settings.onset_threshold) & (norm - before >= settings.onset_rise))
    starts = []
    for k in peaks:
        j = k
        while j > 0 and norm[j - 1] >= 0.25 * norm[k] and k - j < 6:
            j -= 1
        starts.append(j)
    return np.array(sorted(set(starts)), np.int64), norm


def _runs(path: np.ndarray) -> list[list[int]]:
    """[start, stop) of each run of one pitch in the path (rests left out)."""
    change = np.flatnonzero(np.diff(path) != 0) + 1
    bounds = np.concatenate([[0], change, [path.size]])
    return [[int(a), int(b)] for a, b in zip(bounds[:-1], bounds[1:]) if path[a] >= 0]


def _glides_joined(runs, midi, level, frames, settings) -> list[list[int]]:
    """Short runs that glide (pitch moving) or are far quieter than a run they touch join it."""
    out: list[list[int]] = []
    i = 0
    while i < len(runs):
        start, stop = runs[i]
        if stop - start < frames.glide:
            piece = midi[start:stop]
            spread = float(np.nanmax(piece) - np.nanmin(piece)) if np.any(~np.isnan(piece)) else 0.0
            loud = float(level[start:stop].max())
            after = runs[i + 1] if i + 1 < len(runs) and runs[i + 1][0] <= stop + 1 else None
            before = out[-1] if out and out[-1][1] >= start - 1 else None
            for other, joins_next in ((after, True), (before, False)):
                if other is None:
                    continue
                if spread > settings.glide_spread or loud < float(level[other[0] : other[1]].max()) - settings.glide_db:
                    if joins_next:
                        runs[i + 1] = [start, other[1]]
                    else:
                        other[1] = stop
                    break
            else:
                out.append([start, stop])
            i += 1
            continue
        out.append([start, stop])
        i += 1
    return out


def _bends_joined(pieces, midi, onsets, frames, settings, bent: dict[int, int]) -> list[list[int]]:
    """A piece a semitone off the pieces either side of it, which are one pitch, with no attack at its ends and
    its pitch track within ``bend`` semitones of theirs, is that note bent (a singer's slow bend under a
    vibrato), not a note of its own: the three are one, at their pitch (kept in ``bent`` by first frame)."""
    if settings.bend <= 0:
        return pieces
    out: list[list[int]] = []
    i = 0
    while i < len(pieces):
        if out and i + 1 < len(pieces):
            (a, b), (c, d), (e, f) = out[-1], pieces[i], pieces[i + 1]
            outer, inner, after = bent.get(a, _pitch_of(midi[a:b])), _pitch_of(midi[c:d]), _pitch_of(midi[e:f])
            if (b >= c - 1 and d >= e - 1 and outer is not None and outer == after and inner is not None
                    and abs(inner - outer) == 1 and abs(float(np.nanmedian(midi[c:d])) - outer) < settings.bend
                    and not _attack_near(onsets, (c, e), frames.snap)):  # fmt: skip
                out[-1] = [a, f]
                bent[a] = outer
                i += 2
                continue
        out.append(list(pieces[i]))
        i += 1
    return out


def _attack_near(onsets: np.ndarray, at: tuple[int, ...], within: int) -> bool:
    """True if an attack (``onsets``, sorted) lies within ``within`` frames of any frame in ``at``."""
    for t in at:
        k = int(np.searchsorted(onsets, t - within))
        if k < onsets.size and onsets[k] <= t + within:
            return True
    return False


def _first_frame(
    start: int,
    onsets: np.ndarray,
    path: np.ndarray,
    notes: list[list[int]],
    snap_back: int,
    frames: _Frames,
    settings: Segmentation,
    strength: np.ndarray | None = None,
    brings=None,
) -> int:
    """The frame a note whose pitch settles at frame ``start`` begins at: its attack.

    An attack within ``snap`` of the pitch step (``snap_back`` before it); with ``snap_before`` the latest
    at or before the step, else the nearest: a bowed or legato note's attack sounds before its pitch takes
    over from the old one ringing on, and the flux the pitch change itself makes, just after the step, is
    not the attack (a cello's notes began 50-100 ms late). With none there, one up to ``late_snap`` before
    the step when pYIN lost the pitch between (the bow's scrape, no pitch yet); else ``pitch_lead`` before
    the step. Never the note before's own attack (a trill's pitch steps come early: its notes are each
    their own). With the pitch lost between an attack up to ``late_snap`` before the step and the step, the
    strongest attack there (by ``strength``, the normalised flux), not the latest: a synth voice's tone
    breaks at its attack, and its beating voices make a flux peak every 50-100 ms until the new pitch takes
    over; the latest was one of those (its notes began 0.05-0.2 s late). Given ``brings`` (how far an attack
    at a frame brings the new note's partials in against the old note's, dB), of several attacks at or before
    the step the one that brings them in most, if by ``rise_db`` more than the latest: a choir's new note
    speaks at its attack, but its old note rings on through the patch's swell and pYIN reads the old pitch
    for 0.1-0.2 s; the latest was a later swell at the pitch step.
    """
    since = notes[-1][0] + 1 if notes else 0  # the note before keeps its own attack
    near = onsets[(onsets >= start - snap_back) & (onsets <= start + frames.snap)]
    if settings.snap_before:
        near = near[near >= since]
    if settings.snap_before and settings.lost_strongest and strength is not None:
        lost = onsets[(onsets >= max(start - frames.late_snap, since)) & (onsets <= start)]
        if lost.size and np.any(path[lost[0] : start] < 0):
            peaks = [float(strength[c : c + _PEAK_REACH].max()) for c in lost]
            return int(lost[int(np.argmax(peaks))])
    if not near.size and settings.late_snap:
        late = onsets[(onsets >= max(start - frames.late_snap, since)) & (onsets < start - snap_back)]
        if late.size and np.any(path[late[-1] : start] < 0):
            return int(late[-1])
    if not near.size:
        return start - frames.lead
    before = near[near <= start]
    if settings.snap_before and before.size > 1 and brings is not None:
        rises = [brings(int(c)) for c in before]
        if max(rises) >= rises[-1] + settings.rise_db:
            return int(before[int(np.argmax(rises))])
    if settings.snap_before and before.size:
        return int(before[-1])
    return int(near[np.argmin(np.abs(near - start))])


def _brought(y: np.ndarray, sample_rate: int, hop: int, new: int, old: int, c: int) -> float:
    """How far (dB) an attack at frame ``c`` brings in the partials of pitch ``new`` against those of the
    note before, ``old`` (a rest: -1): their rise there, less the old note's."""
    rise = partial_rise(y, sample_rate, hop, c, new)
    return rise - partial_rise(y, sample_rate, hop, c, old) if old >= 0 and old != new else rise


def _octave_attacks_joined(notes, midi, onsets, frames) -> list[list[int]]:
    """A short piece an octave from the piece it runs into, with no attack between, is that note's attack."""
    i = 0
    while i < len(notes) - 1:
        (a, b), (c, d) = notes[i], notes[i + 1]
        first, second = _pitch_of(midi[a:b], trim=0.0), _pitch_of(midi[c:d], trim=0.0)
        if (b - a < frames.octave and c <= b + 1 and first is not None and second is not None
                and abs(first - second) == 12 and not np.any(np.abs(onsets - c) <= 3)):  # fmt: skip
            notes[i + 1] = [a, d]
            del notes[i]
        else:
            i += 1
    return notes


def _pitch_of(piece: np.ndarray, trim: float = 0.2, *, held: bool = False) -> int | None:
    """The note a piece of pitch track is: the median after its first ``trim`` (a scoop), or of its second
    half when an octave's attack was joined to it; with ``held``, the semitone the rest holds longest (on a
    tie the one held last: where a sweep settles)."""
    piece = piece[~np.isnan(piece)]
    if piece.size == 0:
        return None
    body = piece[int(trim * piece.size) :]
    if held:
        steps = np.round(body).astype(np.int64)
        counts = np.bincount(steps - steps.min())
        longest = np.flatnonzero(counts == counts.max()) + steps.min()
        return int(steps[np.flatnonzero(np.isin(steps, longest))[-1]])
    pitch = int(np.round(np.median(body)))
    if trim and ((body > pitch + 6).mean() > 0.3 or (body < pitch - 6).mean() > 0.3):
        pitch = int(np.round(np.median(piece[piece.size // 2 :])))
    return pitch


def _end_of(level: np.ndarray, a: int, b: int, frames: _Frames, settings: Segmentation) -> int:
    """Where the note from frame ``a`` (at most to ``b``) is released."""
    first = a + frames.attack  # an attack's peak is not the level the note is held at
    end, fell = _dropped(level, first, b, frames, settings)
    if settings.sustain_window:
        # Before the drop rule's end, and before any faster fall (a pluck's): a held note released slowly.
        for t in range(first + frames.sustain_hold + 1, min(end, fell)):
            if slow := _sustain_released(level, first, t, b, frames, settings):
                return slow
    return end


def _dropped(level: np.ndarray, first: int, b: int, frames: _Frames, settings: Segmentation) -> tuple[int, int]:
    """The drop rule's end of the note held from frame ``first`` (``b`` if none), and the first frame where its
    level had fallen ``drop_db`` within ``drop_window`` (``b`` if none)."""
    fell = b
    for t in range(first + 1, b):
        lo = max(first, t - frames.window)
        top = float(level[lo : t + 1].max())
        if level[t] > top - settings.drop_db:
            continue
        fell = min(fell, t)
        if t + 1 >= b or float(level[t + 1 : min(b, t + 1 + frames.recover)].max()) < top - settings.drop_db / 2:
            if _holds_on(level, t, b, top, frames, settings):
                continue  # a pluck's decay that holds on (a sitar's buzz), not the release
            held = np.flatnonzero(level[lo : t + 1] >= top - settings.knee_db)
            return lo + int(held[-1]) + 1, fell
    return b, fell


def _holds_on(level: np.ndarray, t: int, b: int, top: float, frames: _Frames, settings: Segmentation) -> bool:
    """True if the level, fallen at frame ``t``, stays within ``release_db`` of ``top`` over the next ``recover``
    (when the note lasts that long): not a release, which falls on toward silence."""
    after = level[t : min(b, t + 1 + frames.recover)]
    return bool(settings.release_db and t + 1 < b and after.size >= frames.recover // 2
                and float(after.min()) > top - settings.release_db)  # fmt: skip


def _sustain_released(level: np.ndarray, first: int, t: int, b: int, frames: _Frames, settings: Segmentation) -> int:
    """The end of a held note released slowly, if frame ``t`` shows it (0 if not).

    A sustained tone (a church organ's) holds its level, then falls at 25-65 dB/s once let go: too
    slow for the drop rule (``drop_db`` within ``drop_window``), so the note ran on to the next or into the
    rest. Here the level at ``t`` is ``drop_db`` under its maximum over ``sustain_window``, the note held
    within ``sustain_steady_db`` for ``sustain_hold`` before the fall began (where the level left that
    maximum by ``sustain_knee_db``: the end), does not come back, and falls on as a release does.
    """
    hold = frames.sustain_hold
    lo = max(first, t - frames.sustain_window)
    top = float(level[lo : t + 1].max())
    if level[t] > top - settings.drop_db:
        return 0
    knee = lo + int(np.flatnonzero(level[lo : t + 1] >= top - settings.sustain_knee_db)[-1])
    held = level[knee - hold : knee + 1]
    if knee - hold < first or float(held.max() - held.min()) > settings.sustain_steady_db:
        return 0  # not held: a struck or plucked note's decay
    after = level[t + 1 : min(b, t + 1 + frames.recover)]
    if after.size and float(after.max()) >= top - settings.drop_db / 2:
        return 0  # it comes back: a swell, not the release
    if _holds_on(level, t, b, top, frames, settings):
        return 0
    return knee + 1
