"""Beats on the music's attacks: where a tracker's beats and a tempo model meet the onsets.

The fine onset envelope (:func:`jamwithme.analysis.features.fine_onsets`, 1.5 ms
a frame) settles what the beat tracker and the tempo model
(:mod:`jamwithme.analysis.tempo_model`) leave open: the attack each tracked
beat belongs to (:func:`attacks`), which phase is the beat where the tracker
wandered onto the off-beats (:func:`strongest_phase`), the exact tempo and
phase of a steady song (:func:`settle`), whether a tempo curve sits on the
attacks better than one tempo (:func:`bars_off_against`), and the beats the
tracker left out at either end (:func:`extend`).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from jamwithme.analysis.features import ANALYSIS_RATE, FINE_HOP

__all__ = [
    "attack_strength", "attacks", "bars_off_against", "best_shift", "extend", "local_offsets", "settle",
    "strongest_phase",
]  # fmt: skip

#: How far (seconds) a beat may move from the tracker's frame to find its attack.
ATTACK_SEARCH = 0.04
#: The attack a beat is placed on lags its sound by this much (seconds; the fine onset envelope's peak
#: comes 1.5-3.5 ms after the sound starts, on clicks and on rendered drums alike: librosa's shift of the
#: envelope, FINE_FFT // (2 * FINE_HOP) frames or 5.8 ms, is inside that measurement).
ONSET_LAG = 0.002
#: The grid is carried past the tracker's first and last beats while an attack this strong (against the
#: median on the beats) lies within EXTEND_NEAR seconds of the next grid beat.
EXTEND_STRENGTH, EXTEND_NEAR = 0.3, 0.025
#: ... or of the beat after it (one rest), or, up to EXTEND_RESTS beats on, an attack of EXTEND_AFTER_RESTS: beats
#: of rest between notes on the grid are counted too. Keys alone playing a chord on 1 and the "and" of 3 leave
#: three beats a bar without an attack on them; with one rest the grid stopped at the band's entry and the intro's
#: bars had no beats (pop_112_E with its intro's last bar in 2/4: two bars uncounted, the 2/4 bar placed two beats
#: early). On the tune part the keys' chords after such rests are 1.06-1.25 of the median, while a last chord's
#: decay flickers on the grid at 0.21-0.33 for seconds after the band stops (the one-rest rule already runs a few
#: beats into it: metal_196_Dm, folk_92_D, country_160_A): after more than one rest only a note carries the grid.
EXTEND_RESTS, EXTEND_AFTER_RESTS = 3, 0.5
#: Where the tracker slipped to another phase, the beats' attacks are looked for this near (seconds).
PHASE_NEAR = 0.006
#: A constant grid's tempo is searched this far (a fraction) from the tracker's, then settles on the
#: strongest attack this near (seconds) each beat (:func:`settle`).
SETTLE_RANGE, SETTLE_NEAR = 0.004, 0.02
#: A constant grid's pile of attacks this little above its other phases' median is flat, and the high band's
#: onsets, where they pile up more sharply and no later, place it (:func:`settle`). Swung jazz whose picked bass
#: speaks 15-30 ms late piles all its bands' attacks 1.17-1.30 times the median (own f10861_01, f10868_04, blind
#: f1431_06): settled 36-67 ms late; its ride piles 1.6-2.2 times, on the beat. Tune (142 own songs, seeds
#: 10700-10714 and the swung songs of 10850-10875): 19 under 1.5, those three fixed, none worse (a kit-less song
#: whose high band piles 14 ms later is left alone by "no later"). Fresh own seeds 10900-10929 (360 songs, run
#: once): the settled grid moved on 34, the beats within 15 ms changed on one (a jazz waltz, 0.88 -> 0.92).
FLAT_PILE = 1.5
#: A bar's beats whose attacks are further than this (seconds) are off the grid ...
OFF_ATTACK = 0.012
#: ... and a tempo curve replaces the constant tempo only with at least this many fewer such bars.
MORE_BARS_OFF = 2


def attacks(flux: np.ndarray, beats: np.ndarray) -> np.ndarray:
    """Sample of the sharpest attack within :data:`ATTACK_SEARCH` of each beat (``beats`` in samples).

    ``flux`` is :func:`~jamwithme.analysis.features.fine_onsets` of the signal. The tracker's beats lag
    their attacks by a steady amount (its onset envelope's window, about
    40 ms on a busy mix): a first search measures that lag, the second
    searches around the beats moved back by it, so a later hit (an off-beat
    hi-hat) is not taken for the beat.
    """
    sr = ANALYSIS_RATE
    frames = np.round(np.asarray(beats) / FINE_HOP).astype(np.int64)
    reach = int(ATTACK_SEARCH * sr / FINE_HOP)

    def search(centres: np.ndarray) -> np.ndarray:
        lo = np.clip(centres - reach, 0, flux.size - 1)
        window = np.minimum(lo[:, None] + np.arange(2 * reach + 1)[None, :], flux.size - 1)
        return lo + np.argmax(flux[window], axis=1)

    lag = int(np.median(frames - search(frames)))
    return np.unique(search(frames - lag)) * FINE_HOP


def strongest_phase(times: np.ndarray, phases: tuple, flux: np.ndarray) -> float:
    """Of the offsets the tracker held between its slips, the one whose beats have the strongest attacks.

    The mean over the grid's beats of the strongest fine onset within
    :data:`PHASE_NEAR` of each: the beat (kick, snare, the chord) is the
    strongest place in the bar, the off-beats and sixteenths the tracker
    wandered onto for a while are weaker.
    """
    if len(phases) < 2:
        return float(phases[0]) if phases else 0.0
    hop = FINE_HOP / ANALYSIS_RATE
    near = max(1, round(PHASE_NEAR / hop))
    window = np.arange(-near, near + 1)

    def score(offset: float) -> float:
        frames = np.round((times + offset) / hop).astype(np.int64)
        frames = frames[(frames >= near) & (frames < flux.size - near)]
        return float(flux[frames[:, None] + window].max(axis=1).mean()) if frames.size else 0.0

    return float(max(phases, key=score))


def settle(times: np.ndarray, flux: np.ndarray, high: np.ndarray | None = None) -> np.ndarray:
    """A constant-tempo grid moved onto the attacks: the tempo and phase that put the most attacks on its beats.

    The tracker's beats give the tempo to a fraction of a per cent, which
    over a whole song is still a drift of a tenth of a second. So every
    onset peak is folded onto one beat at each tempo within
    :data:`SETTLE_RANGE` of it (steps that move the song's last beat by a
    millisecond): the tempo and phase where the peaks (their square roots,
    so one loud hit does not decide) pile up most within :data:`PHASE_NEAR`
    of the beat win. Where that pile hardly stands out of the others
    (:data:`FLAT_PILE`) and the ``high`` band's onsets (cymbals, hats) pile up
    more sharply and no later, theirs decide: a beat's sound starts with its
    sharpest attacks, and what speaks late (a picked bass's slow rise, the
    comping's swung eighths) piles up after it, never before. Then each beat takes the strongest attack
    within :data:`SETTLE_NEAR` of it and a straight line through them by
    iterated biweight least squares (a beat whose strongest attack is
    elsewhere, a syncopation, counts for nothing) becomes the grid.
    """
    from jamwithme.analysis.tempo_curves import robust_line

    if times.size < 8:
        return times
    best = _best_pile(times, flux)
    if best is None:
        return times
    if high is not None and best.sharpness < FLAT_PILE:
        sharper = _best_pile(times, high)
        if sharper is not None and sharper.sharpness > best.sharpness and sharper.no_later_than(best):
            best, flux = sharper, high
    period, offset = best.period, best.offset
    hop = FINE_HOP / ANALYSIS_RATE
    number = np.arange(times.size)
    times = times[0] + offset + period * number
    reach = max(1, round(SETTLE_NEAR / hop))
    for _ in range(3):
        frames = np.round(times / hop).astype(np.int64)
        inside = (frames >= reach) & (frames < flux.size - reach)
        if inside.sum() < 8:
            break
        window = frames[inside, None] + np.arange(-reach, reach + 1)[None, :]
        attacks = (window[np.arange(window.shape[0]), np.argmax(flux[window], axis=1)]) * hop
        times = robust_line(number[inside], attacks, times.size, at=number)
    return times


class _Pile(NamedTuple):
    """The most onset peaks piled up on one phase of a constant grid (:func:`_best_pile`)."""

    height: float  # the peaks' square roots summed within PHASE_NEAR of the phase
    period: float  # the grid's period (seconds)
    offset: float  # the phase, from the grid's first beat (seconds, within half a period)
    sharpness: float  # the height over the median of that period's phases

    def no_later_than(self, other: _Pile) -> bool:
        """Whether this pile's phase comes before ``other``'s or with it (within half a beat)."""
        return ((self.offset - other.offset + other.period / 2) % other.period) - other.period / 2 <= 0.0


def _best_pile(times: np.ndarray, flux: np.ndarray) -> _Pile | None:
    """:func:`settle`'s search: the highest pile of onset peaks over a beat's phases at the tempi it tries, or None
    where fewer than 8 peaks lie in the beats' span."""
    hop = FINE_HOP / ANALYSIS_RATE
    period = float(times[-1] - times[0]) / (times.size - 1)
    peak = _peaks(flux)
    at = np.flatnonzero(peak) * hop
    at_weight = np.sqrt(flux[peak])
    keep = (at >= times[0] - period) & (at <= times[-1] + period)
    at, at_weight = at[keep] - times[0], at_weight[keep]
    if at.size < 8:
        return None
    bins = max(8, round(period / hop))
    near = round(PHASE_NEAR / hop)
    steps = max(3, int(np.ceil(SETTLE_RANGE * period * times.size / 0.001)))
    best = _Pile(-1.0, period, 0.0, 1.0)
    for trial in period * (1 + SETTLE_RANGE * np.linspace(-1, 1, 2 * steps + 1)):
        phase = np.floor((at % trial) / trial * bins).astype(np.int64) % bins
        pile = np.bincount(phase, weights=at_weight, minlength=bins)
        pile = np.convolve(np.concatenate([pile[-near:], pile, pile[:near]]), np.ones(2 * near + 1), "valid")
        j = int(np.argmax(pile))
        if pile[j] > best.height:
            offset = (j + 0.5) / bins * trial
            sharpness = float(pile[j] / max(float(np.median(pile)), 1e-12))
            best = _Pile(float(pile[j]), float(trial), offset if offset < trial / 2 else offset - trial, sharpness)
    return best


def _peaks(flux: np.ndarray) -> np.ndarray:
    """The onset peaks :func:`settle` and :func:`best_shift` count: local maxima (within :data:`PHASE_NEAR`)
    above a tenth of the loud ones."""
    from scipy.ndimage import maximum_filter1d

    hop = FINE_HOP / ANALYSIS_RATE
    return (flux == maximum_filter1d(flux, size=2 * round(PHASE_NEAR / hop) + 1)) & (
        flux > 0.1 * np.percentile(flux, 99.5)
    )


def _near_peaks(flux: np.ndarray) -> np.ndarray:
    """At each frame, the onset peaks' square roots summed within :data:`PHASE_NEAR` of it (what a beat there hits)."""
    near = round(PHASE_NEAR / (FINE_HOP / ANALYSIS_RATE))
    return np.convolve(np.where(_peaks(flux), np.sqrt(flux), 0.0), np.ones(2 * near + 1), "same")


def best_shift(times: np.ndarray, flux: np.ndarray, *, within: float = 0.5) -> float:
    """The shift (seconds, up to ``within`` of a beat either way) putting a grid on its attacks as :func:`settle` does.

    The onset peaks (their square roots, so one loud hit does not decide)
    within :data:`PHASE_NEAR` of the shifted grid's beats are summed; the
    shift with the most wins. :func:`settle` chooses a constant grid's phase
    this way, and may move it by half a beat (onto the off-beats, where a busy
    mix's attacks pile up as high); a tempo curve weighed against that grid
    (:func:`bars_off_against`) is first put on its own best phase, so the two
    differ in how they follow the music, not in which attacks they count.

    Examples
    --------
    >>> hop = FINE_HOP / ANALYSIS_RATE
    >>> flux = np.zeros(round(10 / hop))
    >>> flux[np.round((0.25 + 0.5 * np.arange(19)) / hop).astype(int)] = 1.0
    >>> round(best_shift(0.5 * np.arange(1, 19), flux), 3)
    -0.25
    """
    hop = FINE_HOP / ANALYSIS_RATE
    if times.size < 2:
        return 0.0
    strength = _near_peaks(flux)
    half = round(float(np.median(np.diff(times))) * within / hop)
    frames = np.round(times / hop).astype(np.int64)
    shifts = np.arange(-half, half)
    scores = [float(strength[np.clip(frames + k, 0, strength.size - 1)].sum()) for k in shifts]
    return float(shifts[int(np.argmax(scores))] * hop)


def attack_strength(times: np.ndarray, flux: np.ndarray) -> float:
    """The mean onset peak (its square root, as :func:`best_shift` counts) within :data:`PHASE_NEAR` of the beats."""
    hop = FINE_HOP / ANALYSIS_RATE
    if times.size == 0:
        return 0.0
    strength = _near_peaks(flux)
    return float(strength[np.clip(np.round(times / hop).astype(np.int64), 0, strength.size - 1)].mean())


def local_offsets(beats: np.ndarray, flux: np.ndarray, *, per: int = 4) -> np.ndarray:
    """Where the attacks are, bar by bar, against a grid: the offset (seconds) that best fits each ``per`` beats.

    For each run of ``per`` beats, the shift within a quarter of a beat
    either way that puts the most onset strength (the strongest within
    :data:`PHASE_NEAR` of each beat) on them. A grid on the music has
    offsets near 0; one that drifts from it, offsets that grow; one on the
    off-beats for a while, offsets of half a beat there.

    Returns
    -------
    np.ndarray [shape=(n_beats // per,)]
    """
    from scipy.ndimage import maximum_filter1d

    hop = FINE_HOP / ANALYSIS_RATE
    if beats.size < per + 1:
        return np.zeros(0)
    reach = max(1, round(float(np.median(np.diff(beats))) / 4 / hop))
    frames = np.round(beats / hop).astype(np.int64)
    frames = frames[(frames >= reach) & (frames < flux.size - reach)]
    near = maximum_filter1d(flux, size=2 * round(PHASE_NEAR / hop) + 1)
    strength = near[frames[:, None] + np.arange(-reach, reach + 1)[None, :]]
    runs = strength[: frames.size // per * per].reshape(-1, per, strength.shape[1]).sum(axis=1)
    return (np.argmax(runs, axis=1) - reach) * hop


def bars_off_against(constant: np.ndarray, curve: np.ndarray, flux: np.ndarray, *, free: tuple = ()) -> int:
    """How many more bars of the constant grid than of the curve are off the attacks (by more than OFF_ATTACK).

    The tempo model chose a curve over one constant tempo from the tracked
    beats; a tracker that wandered onto the off-beats for a while looks like
    a tempo that drifts. The onsets settle it: a curve that is right has
    fewer bars off its beats than the constant tempo (a ritardando's last
    bars, a band's drift); one that followed the tracker's wandering has more.
    A curve over the whole song must have :data:`MORE_BARS_OFF` fewer (more
    than 0 returned); a model that is one tempo beside a free stretch
    (``free``, the ``(start, stop)`` beats of a rubato intro or ending) is
    weighed on that stretch alone, where the two differ: any fewer there.
    """
    if free:
        constant, curve = constant[free[0] : free[1]], curve[free[0] : free[1]]
    misses = [int(np.sum(np.abs(local_offsets(times, flux)) > OFF_ATTACK)) for times in (constant, curve)]
    return misses[0] - misses[1] - (0 if free else MORE_BARS_OFF)


def extend(beats: np.ndarray, flux: np.ndarray, *, sounding_at_start: bool = False) -> np.ndarray:
    """The grid carried on before its first and after its last beat while the music has attacks on it.

    The tracker leaves out weak beats at the ends (a quiet intro, the last
    chord): a beat of the grid's edge period is added while an attack as
    strong as :data:`EXTEND_STRENGTH` of the median on the grid's beats lies
    within :data:`EXTEND_NEAR` of it or of the beat after it (one rest), or a note as strong as
    :data:`EXTEND_AFTER_RESTS` of that median lies on one of the :data:`EXTEND_RESTS` beats after it
    (rests between notes on the grid: a musician counts them). When the music
    sounds from the file's first sample (``sounding_at_start``: :func:`sounding_at_start`), a beat of
    the grid within :data:`EXTEND_NEAR` of 0 is the song starting on the beat and is kept at 0.
    """
    if beats.size < 2:
        return beats
    hop = FINE_HOP / ANALYSIS_RATE
    near = max(1, round(EXTEND_NEAR / hop))

    def strength(t: float) -> float:
        f = round(t / hop)
        if f + near < 0 or f - near >= flux.size:
            return 0.0
        return float(flux[max(f - near, 0) : min(f + near + 1, flux.size)].max())

    typical = float(np.median([strength(t) for t in beats]))
    if typical <= 0:
        return beats

    def carry(edge: float, step: float) -> list[float]:
        added, t = [], edge + step
        if step < 0 and sounding_at_start and -EXTEND_NEAR <= t < EXTEND_NEAR:
            # A beat on the file's first sample: a song that starts on the beat (the demo, a render, a cut)
            # has no rise before it for the flux to show, only music sounding from the start.
            return [max(t, 0.0)]
        end = flux.size * hop

        def sounds(k: int, at: float) -> bool:  # an attack k beats on, strong enough after k beats of rest
            u = at + k * step
            return 0 <= u <= end and strength(u) >= (EXTEND_STRENGTH if k < 2 else EXTEND_AFTER_RESTS) * typical

        while 0 <= t <= end:
            if not any(sounds(k, t) for k in range(EXTEND_RESTS + 1)):
                break
            added.append(t)  # an attack on it, or beats of rest, then music on the grid again
            t += step
        return added

    before = carry(float(beats[0]), -float(beats[1] - beats[0]))
    after = carry(float(beats[-1]), float(beats[-1] - beats[-2]))
    return np.concatenate([before[::-1], beats, after])


#: Music "sounds from the start" when the first 2 x :data:`EXTEND_NEAR` are within this of the song's level (dB).
START_LEVEL_DB = -20.0


def sounding_at_start(y: np.ndarray, rate: int) -> bool:
    """Whether the signal ``y`` (mono, at ``rate``) is music from its first sample: the RMS of its first
    2 x :data:`EXTEND_NEAR` within :data:`START_LEVEL_DB` of the whole signal's (room noise or a fade is not).

    >>> rate = 1000
    >>> tone = np.sin(np.arange(4 * rate) * 0.3)
    >>> sounding_at_start(tone, rate), sounding_at_start(np.r_[1e-3 * tone[:500], tone], rate)
    (True, False)
    """
    head = y[: max(1, round(2 * EXTEND_NEAR * rate))]
    whole = float(np.sqrt(mean_square(y))) if y.size else 0.0
    if whole <= 0:
        return False
    return float(np.sqrt(np.mean(np.square(head, dtype=np.float64)))) >= whole * 10 ** (START_LEVEL_DB / 20)


#: numpy sums a long array :data:`SUM_RUN` elements at a time (its buffer), each run pairwise, the runs in turn.
SUM_RUN = 8192


def mean_square(y: np.ndarray, *, block: int = 128 * SUM_RUN) -> float:
    """``np.mean(np.square(y, dtype=np.float64))`` to the last bit, without the whole float64 square.

    A 20-minute signal's square in float64 is 0.21 GB, made at once, the
    highest point of the beat tracking on a long song. Here it is made
    ``block`` samples at a time, and each run of :data:`SUM_RUN` is summed as
    numpy sums it (pairwise within a run, the runs one after another), so the
    number is the same.

    >>> y = np.random.default_rng(0).standard_normal(300_001).astype(np.float32)
    >>> mean_square(y, block=4 * SUM_RUN) == np.mean(np.square(y, dtype=np.float64))
    True
    """
    y = np.ascontiguousarray(y).ravel()
    if y.size == 0:
        return float("nan")
    block -= block % SUM_RUN
    total = 0.0
    for b in range(0, y.size, block):
        square = np.square(y[b : b + block], dtype=np.float64)
        whole = square.size - square.size % SUM_RUN
        runs = square[:whole].reshape(-1, SUM_RUN).sum(axis=1).tolist()
        if whole < square.size:
            runs.append(float(square[whole:].sum()))
        for run in runs:  # one after another, as numpy adds its runs
            total += run
    return total / y.size
