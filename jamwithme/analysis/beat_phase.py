"""Where inside the beat the beats fall: the phase on which the chords change.

A tracker and the attacks settle a grid at the right tempo, but the phase
they give can be a fraction of a beat off where the loudest attacks sit
between the beats: a swung kit song whose swung eighths are the loudest hits
(a metal song at 194, swung 0.58, read 0.41 of a beat early), a pop song whose
sixteenths pile up a quarter of a beat before its beats. Chords change on the
beats (on the bar lines), never on a swung eighth, so where the chroma changes
far more at another phase of the grid than on its beats, that phase is the beat
(:func:`on_the_chords`).
"""

from __future__ import annotations

import logging

import numpy as np

from jamwithme.analysis.features import Features

__all__ = ["chord_change", "on_the_chords"]

logger = logging.getLogger("jamwithme")

#: The phases a grid may move to, as fractions of its beat: every 48th (at 200 BPM 6 ms apart, under a frame; at
#: 50 BPM 25 ms, within the 70 ms a beat may miss by and still count) after its beats and under halfway to the next.
#: A tracker on the late half of a swung pair (a swung eighth at 0.55-0.67 of the beat, a swung sixteenth at
#: 0.75-0.8) sits under half a beat before the beat, never after it; a move back would put a right grid on the
#: lead-in a bass plays on a compound beat's last eighth (a 12/8 at 69 whose chroma changes 1.45 times as much
#: 0.67 of a beat on).
#: The best of them must lie inside that range, not on its last step (23/48): a change rising on to half a beat is
#: the other quarters of a grid read at half its tempo, not a swung pair (the pairs moved 0.24-0.42 of a beat; a jazz
#: at 199 read at half, and two real recordings read at half, Vibe_Ace and Choice, peaked at 0.48; checked after the
#: freeze, on the recordings, which have no beat truth to say which quarters are the beats).
PHASE_STEPS = 48
#: How much more the chroma must change at one of those phases than on the grid's beats (:func:`chord_change`)
#: for it to be the beat. Measured (swing46, 06:28-06:55 UTC) on the swung and kit-less 4/4s and the 12/8s of own
#: seeds 10400-10469 and own songs f10300_03 and f10303_08: the five read at their tempo a fraction of a beat early
#: 1.29-1.86 (swung kit songs 0.24-0.41 of a beat early, a swung folk 0.36; one 1.32 that drifts off its beats),
#: every grid on its beats at most 1.08 (a kit-less 4/4 read at half). The threshold is between.
CHORDS_OVER_BEATS = 1.2
#: The moved grid then takes the attacks within this fraction of a beat either way: the chroma's phase is a 48th of
#: a beat coarse and lay 0.00-0.02 of a beat from the true beats on the four swung songs it moved there, and the
#: nearest other attacks, a swung pair's sixteenths, are a quarter of a beat away.
CHORDS_SNAP = 1 / 12
#: ... and is kept only where its beats' attacks (:func:`~jamwithme.analysis.attacks.attack_strength`) are at least
#: this fraction of the grid's own: a beat sounds. The songs moved 0.91-1.52; a click track (no chords: the chroma
#: changes with each click's decay) 0.00, its grid moved 0.15 of a beat off the clicks. Added after the freeze
#: (07:36 UTC), when tests/test_grid.py's click tracks moved; it changes none of the songs measured.
CHORDS_ATTACKS = 0.5


def chord_change(feats: Features, times: np.ndarray, *, span: float) -> float:
    """How much the chroma changes at ``times``: the mean cosine distance of ``span`` seconds before and after.

    The chroma is summed over the ``span`` before each time and over the
    ``span`` after it; a time where a chord gives way to another reads up to
    1, one inside a chord near 0. Times within ``span`` of either end are
    read at the nearest time that has a whole span on both sides.
    """
    chroma = feats.chroma()
    width = max(1, int(span * feats.frame_rate))
    if chroma.shape[1] <= 2 * width or times.size == 0:
        return 0.0
    total = np.cumsum(np.pad(chroma, ((0, 0), (1, 0))), axis=1)
    frames = np.clip(np.round(times * feats.frame_rate).astype(np.int64), width, chroma.shape[1] - width)
    before = total[:, frames] - total[:, frames - width]
    after = total[:, frames + width] - total[:, frames]
    norms = np.linalg.norm(before, axis=0) * np.linalg.norm(after, axis=0)
    return float(np.mean(1.0 - np.sum(before * after, axis=0) / np.maximum(norms, 1e-9)))


def on_the_chords(feats: Features, beats: np.ndarray, flux: np.ndarray) -> tuple[np.ndarray, float]:
    """The grid moved to the phase where the chords change, and the fraction of a beat it moved (0: kept).

    Each beat moves the same fraction of its own interval (the last beat,
    of the interval before it), forward and under half a beat
    (:data:`PHASE_STEPS`). The phase that changes the chroma most there
    (:func:`chord_change` over a beat either side) replaces the grid's only
    where it changes it :data:`CHORDS_OVER_BEATS` times as much as the grid's
    own beats do, before the range's last step, and where, moved onto the attacks near it
    (:data:`CHORDS_SNAP`; ``flux`` is the fine onset envelope), its beats sound
    :data:`CHORDS_ATTACKS` as strongly as the grid's.
    """
    from jamwithme.analysis.attacks import attack_strength, best_shift

    if beats.size < 8:
        return beats, 0.0
    step = np.diff(beats)
    step = np.append(step, step[-1])
    span = float(np.median(step))
    fractions = np.arange(1, PHASE_STEPS // 2) / PHASE_STEPS
    on_beats = chord_change(feats, beats, span=span)
    change = np.array([chord_change(feats, beats + f * step, span=span) for f in fractions])
    best = int(np.argmax(change))
    if change[best] < CHORDS_OVER_BEATS * on_beats or best == fractions.size - 1:
        return beats, 0.0  # no phase stands out, or the change peaks at half a beat or later: not a swung pair
    moved = beats + fractions[best] * step
    moved = moved + best_shift(moved, flux, within=CHORDS_SNAP)
    if attack_strength(moved, flux) < CHORDS_ATTACKS * attack_strength(beats, flux):
        return beats, 0.0
    logger.debug("chords change %.2f times as much %.2f of a beat on", change[best] / max(on_beats, 1e-9),
                 fractions[best])  # fmt: skip
    return moved, float(fractions[best])
