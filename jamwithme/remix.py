"""Beat-cluster remix: a new arrangement of a song from its own beats.

Three steps, each usable on its own:

1. :func:`jamwithme.beats.analyze` finds the beats, bars and clusters (the
   expensive part, done once per song).
2. :func:`walk` chooses the order in which to play the beats (milliseconds; call
   it again with another seed for another take).
3. :func:`render` joins the beats, on beat boundaries, with a short equal-power
   crossfade.

:func:`beat_remix` does all three.

Two ways to walk:

``"original"``
    The original MusicRemixer's rule, exactly: after each beat, play the next
    one with probability ``1 / (T + 1)``, otherwise a random beat of the
    current beat's cluster (possibly itself). The last beat, having no next
    beat, always jumps (to the first beat if it is alone in its cluster).
``"jukebox"`` (default)
    What the Infinite Jukebox and Remixatron learnt makes a walk sound like
    music: a jump replaces the next beat by a beat of the same cluster at the
    same position in the bar, at least ``min_jump`` beats away; the chance of
    jumping starts at zero after each jump and ramps up to ``T / (T + 1)``
    over ``ramp`` beats; beats played recently are not jumped to, so it does
    not loop on one phrase; it never walks into the song's last beats (a dead
    end) before the requested length, and with ``ending=True`` it arrives at
    the song's last beat as the remix ends and plays the song's real ending.

Same clip, parameters and seed: bit-identical output.
"""

from __future__ import annotations

import logging
import secrets
import warnings
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from jamwithme import checks, dsp
from jamwithme.audio import AudioClip, join_blocks, release_pages
from jamwithme.beats import Analysis, Progress, analyze
from jamwithme.errors import JamWithMeWarning, ParameterError

logger = logging.getLogger("jamwithme")

METHODS = ("jukebox", "original")
#: What an ``analysis`` parameter must be, for messages.
AN_ANALYSIS = "an Analysis from jamwithme.beats.analyze"
DEFAULT_TEMPERATURE = 0.5
DEFAULT_MIN_JUMP = 16
DEFAULT_RAMP = 64
#: Total length of the crossfade at each jump, in seconds.
DEFAULT_CROSSFADE = 0.01
#: A join may make no step between samples steeper than the material has this close (seconds) to either cut.
CLICK_WINDOW = 0.01
#: Longest remix accepted, in seconds.
MAX_DURATION = 3600.0
#: Most beats a remix may play.
MAX_BEATS = 100_000
#: Longest crossfade at a jump, in seconds.
MAX_CROSSFADE = 0.1
#: Longest fade at the end of a remix, in seconds.
MAX_FADE_OUT = 60.0


@dataclass(frozen=True)
class Jump:
    """One place where the remix leaves the song's order.

    Parameters
    ----------
    index : int
        Position in :attr:`Walk.path` of the beat jumped to.
    source : int
        Beat played just before the jump.
    target : int
        Beat jumped to (played instead of ``source + 1``).
    time : float
        Seconds into the remix where ``target`` starts.
    forced : bool
        True if taken to avoid a dead end rather than by chance.
    """

    index: int
    source: int
    target: int
    time: float
    forced: bool = False


@dataclass(frozen=True, eq=False)
class Walk:
    """An order in which to play a song's beats; cheap to make, rendered by :func:`render`.

    Parameters
    ----------
    path : np.ndarray [shape=(n_played,), dtype=int64]
        Beats in the order they are played; it starts at beat 0 (after the
        song's lead-in).
    starts : np.ndarray [shape=(n_played,), dtype=int64]
        Sample of the remix where each played beat starts.
    n_samples : int
        Length of the remix in samples: the lead-in, every played beat, and the
        song's outro if ``ended``.
    sample_rate : int
    jumps : tuple of Jump
    method : str
        ``"jukebox"`` or ``"original"``.
    seed : int
        Seed of the random choices; the same seed gives the same walk.
    temperature : float
    ended : bool
        True if the walk arrives at the song's last beat and the remix ends
        with the song's real ending.
    """

    path: np.ndarray
    starts: np.ndarray
    n_samples: int
    sample_rate: int
    jumps: tuple
    method: str
    seed: int
    temperature: float
    ended: bool = False

    def __post_init__(self) -> None:
        for name in ("path", "starts"):
            object.__setattr__(self, name, dsp.read_only(getattr(self, name), np.int64))

    @property
    def duration(self) -> float:
        """Length of the remix in seconds."""
        return self.n_samples / self.sample_rate

    @property
    def n_jumps(self) -> int:
        return len(self.jumps)


@dataclass(frozen=True, eq=False)
class Remix:
    """A rendered remix: the audio, the walk that made it and the analysis it walked.

    Parameters
    ----------
    clip : AudioClip
        The remix, same rate and channels as the input.
    walk : Walk
        Beat order played and where it jumped.
    analysis : Analysis
        Reuse it for another take: ``beat_remix(clip, analysis=remix.analysis, seed=...)``.
    """

    clip: AudioClip
    walk: Walk
    analysis: Analysis

    @property
    def path(self) -> np.ndarray:
        """Beats in the order played, shape ``(n_played,)``."""
        return self.walk.path

    @property
    def jumps(self) -> tuple:
        return self.walk.jumps

    @property
    def n_jumps(self) -> int:
        return self.walk.n_jumps

    @property
    def seed(self) -> int:
        return self.walk.seed

    @property
    def duration(self) -> float:
        return self.clip.duration


# --------------------------------------------------------------------------- the walk


def jump_chance(beats_since_jump: int, *, temperature: float, ramp: int = DEFAULT_RAMP) -> float:
    """Chance that the jukebox walk jumps after a beat, given the beats played since its last jump.

    Zero right after a jump, rising linearly to ``T / (T + 1)`` (the original
    method's chance of jumping) over ``ramp`` beats.

    Examples
    --------
    >>> jump_chance(0, temperature=1.0), jump_chance(32, temperature=1.0, ramp=64), jump_chance(99, temperature=1.0)
    (0.0, 0.25, 0.5)
    """
    top = temperature / (temperature + 1.0)
    if ramp <= 0:
        return top
    return top * min(1.0, beats_since_jump / ramp)


def jump_targets(analysis: Analysis, *, min_jump: int = DEFAULT_MIN_JUMP) -> list:
    """For each beat ``b``, the beats the jukebox may play instead of ``b + 1``.

    A target is in the cluster of ``b + 1``, at its position in the bar, and at
    least ``min_jump`` beats away from it.

    Returns
    -------
    list of np.ndarray
        ``n_beats`` arrays of beat indices; the last beat's is empty.

    Examples
    --------
    >>> targets = jump_targets(analysis, min_jump=16)  # doctest: +SKIP
    >>> targets[10]  # doctest: +SKIP
    array([ 43,  75, 107])
    """
    group = analysis.labels * analysis.beats_per_bar + analysis.beat_in_bar
    members = {g: np.flatnonzero(group == g) for g in np.unique(group)}
    out = []
    for b in range(analysis.n_beats - 1):
        same = members[group[b + 1]]
        out.append(same[np.abs(same - (b + 1)) >= min_jump])
    out.append(np.zeros(0, dtype=np.int64))
    return out


def walk(
    analysis: Analysis,
    *,
    duration: float | None = None,
    n_beats: int | None = None,
    temperature: float = DEFAULT_TEMPERATURE,
    seed: int | None = None,
    method: str = "jukebox",
    min_jump: int = DEFAULT_MIN_JUMP,
    ramp: int = DEFAULT_RAMP,
    recent: int | None = None,
    ending: bool = False,
) -> Walk:
    """Choose an order in which to play the beats: a new take of the song (no audio is touched).

    Parameters
    ----------
    analysis : Analysis
        From :func:`jamwithme.beats.analyze`; reuse it for every take.
    duration : float, optional
        Length of the remix in seconds, met within one beat. Default: the
        song's length. With ``ending=True`` the walk must also arrive at the
        last beat, and since jumps keep the chord and the bar it can only
        lengthen or shorten the song by what its jumps span: the length is the
        closest that allows (within half a phrase for most songs).
    n_beats : int, optional
        Play exactly this many beats instead (not with ``duration``).
    temperature : float
        How eagerly it jumps, ``>= 0``. ``"original"``: after each beat it jumps
        with probability ``T / (T + 1)``; ``"jukebox"``: that is the most the
        chance ramps up to. 0 never jumps unless it must.
    seed : int, optional
        Seed of the random choices (``>= 0``); None draws one, kept in
        :attr:`Walk.seed` so the take can be made again.
    method : {"jukebox", "original"}
    min_jump : int
        Jukebox: fewest beats between a jump's target and the beat it replaces.
    ramp : int
        Jukebox: beats over which the jump chance climbs back after a jump.
    recent : int, optional
        Jukebox: a beat played within the last ``recent`` beats is not jumped to
        unless there is no other way on. Default ``max(min_jump, n_beats / 4)``
        of the song.
    ending : bool
        Jukebox: end on the song's last beat and play its real ending.

    Returns
    -------
    Walk

    Raises
    ------
    ParameterError
        A parameter out of range, or both ``duration`` and ``n_beats``.

    Examples
    --------
    >>> a = analyze(clip)  # doctest: +SKIP
    >>> takes = [walk(a, duration=180, seed=s) for s in range(3)]  # doctest: +SKIP
    >>> [t.n_jumps for t in takes]  # doctest: +SKIP
    [11, 9, 12]
    """
    checks.instance("analysis", analysis, Analysis, what=AN_ANALYSIS)
    _check_walk_params(duration, n_beats, temperature, seed, method, min_jump, ramp, recent)
    seed = secrets.randbelow(2**31) if seed is None else int(seed)
    rng = np.random.default_rng(seed)
    sr = analysis.sample_rate
    lengths = analysis.beat_lengths
    lead = int(analysis.bounds[0])
    outro = int(analysis.n_samples - analysis.bounds[-1])
    typical = float(np.mean(lengths))
    target = None
    if n_beats is None:
        target = int(round((analysis.duration if duration is None else duration) * sr))

    def finish(path: np.ndarray, jumps: list, ended: bool) -> Walk:
        starts = lead + np.concatenate([[0], np.cumsum(lengths[path[:-1]])])
        total = int(starts[-1] + lengths[path[-1]] + (outro if ended else 0))
        timed = tuple(Jump(i, int(s), int(t), float(starts[i] / sr), f) for i, s, t, f in jumps)
        return Walk(path, starts, total, sr, timed, method, seed, float(temperature), ended)

    if method == "original":
        count = n_beats if n_beats is not None else _count_for(target - lead, typical)
        path, jumps = _walk_original(analysis, count + (0 if n_beats else 2), temperature, rng)
        if n_beats is None:
            path, jumps = _closest_prefix(path, jumps, lengths, lead, target, count)
        return finish(path, jumps, False)

    targets = jump_targets(analysis, min_jump=min_jump)
    recent = max(min_jump, analysis.n_beats // 4) if recent is None else recent
    if ending:
        want = n_beats if n_beats is not None else _count_for(target - lead - outro, typical)
        span = 4 * analysis.beats_per_bar  # look a phrase either way for a count that ends on the ending
        plan = _Plan(analysis.n_beats, targets, end=True, horizon=want + span)
        options = sorted((m for m in range(max(1, want - span), want + span + 1) if plan.feasible(m, 0)),
                         key=lambda m: (abs(m - want), m))  # fmt: skip
        if options:
            # Each count is walked from the same seed; keep the one whose length is closest.
            tries = options[:1] if n_beats is not None else options[:3]
            takes = [
                finish(*_walk_jukebox(plan, m, temperature, ramp, recent, rng=np.random.default_rng(seed)), True)
                for m in tries
            ]
            return min(takes, key=lambda w: 0 if target is None else abs(w.n_samples - target))
        message = (
            f"no walk of about {want} beats ends on this song's ending (too short a remix, or too few "
            f"places to jump); the remix ends where its time is up instead"
        )
        logger.warning(message)
        warnings.warn(message, JamWithMeWarning, stacklevel=2)

    count = n_beats if n_beats is not None else _count_for(target - lead, typical)
    horizon = count + (0 if n_beats else 2)
    plan = _Plan(analysis.n_beats, targets, end=False, horizon=horizon)
    if not plan.feasible(horizon, 0):
        # Longer than the song and nowhere to loop: add the least bad way back.
        way_back = _way_back(analysis, min_jump)
        logger.warning("few places to jump: when it must, it jumps from beat %d back to beat %d", *way_back)
        plan = _Plan(analysis.n_beats, targets, end=False, horizon=horizon, way_back=way_back)
    path, jumps = _walk_jukebox(plan, horizon, temperature, ramp, recent, rng=rng)
    if n_beats is None:
        path, jumps = _closest_prefix(path, jumps, lengths, lead, target, count)
    return finish(path, jumps, False)


class _Plan:
    """Which beats can start a valid rest of the walk of ``m`` beats (dynamic programming).

    ``feasible(m, b)``: from beat ``b`` (played as the first of the ``m``) there
    is a sequence of ``m`` beats along the song's order and the allowed jumps,
    which, if ``end``, finishes on the song's last beat.
    """

    def __init__(self, n: int, targets: list, *, end: bool, horizon: int, way_back: tuple | None = None):
        from scipy import sparse

        rows = [np.full(t.size + (b + 1 < n), b) for b, t in enumerate(targets)]
        cols = [np.append(t, b + 1) if b + 1 < n else t for b, t in enumerate(targets)]
        # A last-resort jump (taken only when nothing else goes on) for songs without loops.
        self.way_back = dict([way_back]) if way_back else {}
        rows += [np.array(list(self.way_back), dtype=np.int64)]
        cols += [np.array(list(self.way_back.values()), dtype=np.int64)]
        rows, cols = np.concatenate(rows), np.concatenate(cols).astype(np.int64)
        step = sparse.csr_matrix((np.ones(rows.size, np.int32), (rows, cols)), shape=(n, n))
        self.targets = targets
        self.n = n
        self.end = end
        first = np.zeros(n, bool)
        if end:
            first[n - 1] = True
        else:
            first[:] = True
        table = [first, first]  # index 0 unused
        for _ in range(2, max(horizon, 1) + 1):
            nxt = (step @ table[-1].astype(np.int32)) > 0
            if not end and np.array_equal(nxt, table[-1]):
                break  # without an ending the sets only shrink; once stable, stable for good
            table.append(nxt)
        self.table = table

    def row(self, m: int) -> np.ndarray:
        if m < len(self.table):
            return self.table[m]
        if self.end:
            return np.zeros(self.n, bool)
        return self.table[-1]

    def feasible(self, m: int, b: int) -> bool:
        return bool(self.row(m)[b])


def _walk_jukebox(plan: _Plan, count: int, temperature: float, ramp: int, recent: int, *, rng) -> tuple:
    n = plan.n
    path = np.zeros(count, np.int64)
    last = np.full(n, -(10**9), np.int64)  # where in the path each beat was last played
    last[0] = 0
    since = 0
    jumps = []
    for k in range(1, count):
        c = int(path[k - 1])
        ok = plan.row(count - k)
        cand = plan.targets[c]
        cand = cand[ok[cand]]
        fresh = cand[last[cand] < k - recent]
        draw = rng.random()
        go_on = c + 1 < n and ok[c + 1]
        if not go_on:
            if cand.size:
                pool = fresh if fresh.size else cand[last[cand] == last[cand].min()]
                nxt = int(pool[rng.integers(pool.size)])
            else:
                nxt = plan.way_back[c]
            forced = True
        elif fresh.size and draw < jump_chance(since, temperature=temperature, ramp=ramp):
            nxt, forced = int(fresh[rng.integers(fresh.size)]), False
        else:
            nxt = c + 1
        if nxt == c + 1:
            since += 1
        else:
            jumps.append((k, c, nxt, forced))
            since = 0
        path[k] = nxt
        last[nxt] = k
    return path, jumps


def _walk_original(analysis: Analysis, count: int, temperature: float, rng) -> tuple:
    """The original rule: next beat with probability 1/(T+1), else a random beat of this beat's cluster."""
    n = analysis.n_beats
    labels = analysis.labels
    members = [np.flatnonzero(labels == c) for c in range(analysis.n_clusters)]
    stay = 1.0 / (temperature + 1.0)
    path = np.zeros(count, np.int64)
    jumps = []
    for k in range(1, count):
        c = int(path[k - 1])
        last_beat = c == n - 1
        if not last_beat and rng.random() < stay:
            nxt = c + 1
        else:
            pool = members[labels[c]]
            # The last beat has no next beat: it always jumps, and if it is
            # alone in its cluster the song starts over.
            nxt = 0 if last_beat and pool.size == 1 else int(pool[rng.integers(pool.size)])
        if nxt != c + 1:
            jumps.append((k, c, nxt, last_beat))
        path[k] = nxt
    return path, jumps


def _count_for(samples: float, typical: float) -> int:
    return max(1, int(round(samples / typical)))


def _closest_prefix(path, jumps, lengths, lead, target, count) -> tuple:
    """Cut the walk at the beat count (near ``count``) whose length is closest to ``target`` samples."""
    ends = lead + np.cumsum(lengths[path])
    lo, hi = max(1, count - 2), min(path.size, count + 2)
    best = lo + int(np.argmin(np.abs(ends[lo - 1 : hi] - target)))
    return path[:best], [j for j in jumps if j[0] < best]


def _way_back(analysis: Analysis, min_jump: int) -> tuple:
    """The most similar (beat, earlier beat at the same bar position) pair to loop on, late in the song."""
    n, pos, feats = analysis.n_beats, analysis.beat_in_bar, analysis.features
    for gap in (min_jump, analysis.beats_per_bar, 1):
        best, pair = np.inf, None
        for b in range(n // 2, n - 1):
            dest = np.flatnonzero((pos == pos[b + 1]) & (np.arange(n) <= b + 1 - gap))
            if dest.size:
                dist = np.linalg.norm(feats[:, dest] - feats[:, [b + 1]], axis=0)
                i = int(np.argmin(dist))
                if dist[i] < best:
                    best, pair = dist[i], (b, int(dest[i]))
        if pair is not None:
            return pair
    return n - 2, 0


def _check_walk_params(duration, n_beats, temperature, seed, method, min_jump, ramp, recent) -> None:
    if duration is not None and n_beats is not None:
        raise ParameterError(f"give duration={duration} or n_beats={n_beats}, not both")
    if duration is not None:
        checks.positive("duration", duration, hi=MAX_DURATION, unit="seconds")
    if n_beats is not None:
        checks.integer("n_beats", n_beats, 1, MAX_BEATS)
    checks.in_range("temperature", temperature, lo=0)
    if seed is not None:
        checks.integer("seed", seed, lo=0, hint="or None for a fresh one")
    checks.one_of("method", method, METHODS)
    checks.integer("min_jump", min_jump, lo=1, unit="beats")
    checks.integer("ramp", ramp, lo=0, unit="beats")
    if recent is not None:
        checks.integer("recent", recent, lo=0, unit="beats", hint="or None")


# --------------------------------------------------------------------------- rendering


def render(
    clip: AudioClip,
    analysis: Analysis,
    take: Walk,
    *,
    crossfade: float = DEFAULT_CROSSFADE,
    fade_out: float | None = None,
) -> AudioClip:
    """Play the beats of ``clip`` in the order of a walk, with a crossfade at every jump.

    Consecutive beats are copied as they are; at a jump the end of the beat
    played and the start of the beat jumped to overlap for ``crossfade``
    seconds, centred on the beat boundary, with equal-power gains (corrected
    for how alike the two sides are, so a jump between near-identical beats
    neither swells nor dips). The remix's length is exactly ``walk.n_samples``.

    Parameters
    ----------
    clip : AudioClip [shape=(channels, n)]
        The clip analysed, or another of the same length and rate (a stem of
        the same song: the accompaniment remixes on the mix's beats).
    analysis : Analysis
    take : Walk
        From :func:`walk` on ``analysis``.
    crossfade : float
        Seconds, ``0 <= crossfade <= 0.1``; 0 butts the beats together.
    fade_out : float, optional
        Seconds of fade at the end. Default: the last beat, unless the walk
        ended on the song's real ending (then none).

    Returns
    -------
    AudioClip [shape=(channels, walk.n_samples)]

    Raises
    ------
    ParameterError
        The clip, analysis and walk do not belong together, or a parameter is
        out of range.

    Examples
    --------
    >>> take = walk(analysis, duration=180, seed=7)  # doctest: +SKIP
    >>> render(accompaniment, analysis, take).duration  # doctest: +SKIP
    180.02
    """
    return join_blocks(render_blocks(clip, analysis, take, crossfade=crossfade, fade_out=fade_out),
                       clip.sample_rate, clip.channels)  # fmt: skip


def render_blocks(
    clip: AudioClip,
    analysis: Analysis,
    take: Walk,
    *,
    crossfade: float = DEFAULT_CROSSFADE,
    fade_out: float | None = None,
    block: int | None = None,
) -> Iterator[np.ndarray]:
    """:func:`render`, as consecutive ``(channels, m)`` blocks of ``block`` samples (default 10 s).

    The joins are worked out first (a few milliseconds of audio each); then
    each block is filled from the runs of consecutive beats that reach into
    it. Memory stays at a block whatever the remix's length, and a clip
    memory-mapped from the store lets go of the pages read for each block
    (:func:`jamwithme.audio.release_pages`).
    """
    _check_fits(clip, analysis)
    checks.instance("take", take, Walk, what="a Walk from jamwithme.remix.walk")
    if take.sample_rate != analysis.sample_rate or (take.path.size and take.path.max() >= analysis.n_beats):
        raise ParameterError("this walk was made on another analysis (its beats do not match)")
    crossfade = checks.in_range("crossfade", crossfade, 0, MAX_CROSSFADE, unit="seconds")
    if fade_out is not None:
        fade_out = checks.in_range("fade_out", fade_out, 0, MAX_FADE_OUT, unit="seconds", hint="or None")
    block = block or clip.sample_rate * 10
    src = clip.samples
    total = take.n_samples
    bounds = analysis.bounds
    beats = take.path
    lengths = analysis.beat_lengths
    half = min(int(round(crossfade * clip.sample_rate / 2)), int(lengths.min()) // 4)

    # Runs of consecutive beats: output from `at`, n samples of the clip from `lo`.
    breaks = np.flatnonzero(np.diff(beats) != 1) + 1
    run_first = np.concatenate([[0], breaks])
    run_last = np.concatenate([breaks, [beats.size]]) - 1
    runs = []
    for r, (i, j) in enumerate(zip(run_first, run_last)):
        lo = 0 if r == 0 else int(bounds[beats[i]])  # the first run brings the lead-in
        hi = int(bounds[beats[j] + 1])
        if r == run_first.size - 1 and take.ended:
            hi = analysis.n_samples
        at = 0 if r == 0 else int(take.starts[i])
        runs.append((at, lo, min(hi - lo, total - at)))
    run_at = np.array([at for at, _, _ in runs], np.int64)

    def copied(t0: int, t1: int) -> np.ndarray:
        """Output samples ``t0:t1`` as the runs alone make them."""
        t0, t1 = max(t0, 0), min(t1, total)
        out = np.zeros((clip.channels, max(t1 - t0, 0)), np.float32)
        first = max(int(np.searchsorted(run_at, t0, side="right")) - 1, 0)
        for at, lo, n in runs[first:]:
            if at >= t1:
                break
            a, b = max(at, t0), min(at + n, t1)
            if a < b:
                out[:, a - t0 : b - t0] = src[:, lo + a - at : lo + b - at]
        return out

    # The joins: the end of the beat played and the start of the beat jumped to, crossfaded around the cut.
    joins = []
    if half:
        reach = int(round(CLICK_WINDOW * clip.sample_rate))
        for i, j in zip(run_first[1:], run_last[:-1]):
            at = int(take.starts[i])
            leaving = int(bounds[beats[j] + 1])  # where the old run would have gone on
            arriving = int(bounds[beats[i]])
            limit = max(_steepest(src, leaving, reach), _steepest(src, arriving, reach))
            # The samples beside the fade are plain copies: a run is at least 4 halves long.
            mixed = _join(_window(src, leaving - half, 2 * half), _window(src, arriving - half, 2 * half),
                          before=copied(at - half - 1, at - half), after=copied(at + half, at + half + 1),
                          limit=limit)  # fmt: skip
            joins.append((at - half, mixed))
    if fade_out is None:
        fade_out = 0.0 if take.ended else float(lengths[beats[-1]]) / clip.sample_rate
    fade = min(int(round(fade_out * clip.sample_rate)), total)
    if not take.ended:
        fade = max(fade, half)  # at least no click at a cut end
    ramp = (0.5 + 0.5 * np.cos(np.linspace(0.0, np.pi, fade))).astype(np.float32) if fade else None

    k = 0
    for t0 in range(0, total, block):
        t1 = min(t0 + block, total)
        out = copied(t0, t1)
        while k < len(joins) and joins[k][0] + joins[k][1].shape[1] <= t0:
            k += 1
        for start, mixed in joins[k:]:
            if start >= t1:
                break
            a, b = max(start, t0, 0), min(start + mixed.shape[1], t1)
            out[:, a - t0 : b - t0] = mixed[:, a - start : b - start]
        if fade and t1 > total - fade:
            a = max(t0, total - fade)
            out[:, a - t0 :] *= ramp[a - (total - fade) : t1 - (total - fade)]
        release_pages(clip)
        yield out


def _window(samples: np.ndarray, start: int, length: int) -> np.ndarray:
    """``samples[:, start : start + length]`` with zeros where that reaches past either end."""
    out = np.zeros((samples.shape[0], length), np.float32)
    a, b = max(start, 0), min(start + length, samples.shape[1])
    if a < b:
        out[:, a - start : b - start] = samples[:, a:b]
    return out


def _join(a: np.ndarray, b: np.ndarray, *, before=None, after=None, limit: float = np.inf) -> np.ndarray:
    """Crossfade from ``a`` to ``b`` (same shape) that keeps the level, with no step steeper than ``limit``.

    The gains are :func:`jamwithme.dsp.crossfade_gains` of shape ``"sine"``
    for the two sides' correlation: equal power for unrelated beats, no 3 dB
    bump for near-identical ones.
    Where the gains' sum (up to 1.41) would still make a step between samples
    (including the samples ``before`` and ``after`` the fade) steeper than
    ``limit``, the material's own steepest, the gains move towards equal-gain
    ones (sum 1: each sample between its two sources), which cannot.
    """
    a64, b64 = a.astype(np.float64), b.astype(np.float64)
    ga, gb = dsp.crossfade_gains(a.shape[1], rho=dsp.correlation(a64, b64), shape="sine")
    equal_out, equal_in = dsp.crossfade_gains(a.shape[1], rho=1.0, shape="linear")  # sum 1
    for weight in (0.0, 0.25, 0.5, 0.75, 1.0):
        mixed = a64 * ((1 - weight) * ga + weight * equal_out) + b64 * ((1 - weight) * gb + weight * equal_in)
        edges = [x for x in (before, mixed, after) if x is not None and x.size]
        if np.max(np.abs(np.diff(np.concatenate(edges, axis=1), axis=1))) <= limit:
            break
    return mixed.astype(np.float32)


def _steepest(samples: np.ndarray, at: int, reach: int) -> float:
    """Largest step between neighbouring samples within ``reach`` of sample ``at``."""
    part = samples[:, max(at - reach, 0) : at + reach]
    return float(np.max(np.abs(np.diff(part, axis=1)))) if part.shape[1] > 1 else 0.0


def _check_fits(clip: AudioClip, analysis: Analysis) -> None:
    checks.instance("clip", clip, AudioClip, what="an AudioClip")
    checks.instance("analysis", analysis, Analysis, what=AN_ANALYSIS)
    if clip.sample_rate != analysis.sample_rate or clip.n_samples != analysis.n_samples:
        raise ParameterError(
            f"the analysis is of a {analysis.duration:.2f} s clip at {analysis.sample_rate} Hz, this clip is "
            f"{clip.duration:.2f} s at {clip.sample_rate} Hz: analyse this clip (or a stem of the same song)"
        )


# --------------------------------------------------------------------------- all in one


def beat_remix(
    clip: AudioClip,
    *,
    duration: float | None = None,
    n_beats: int | None = None,
    clusters: int | None = None,
    temperature: float = DEFAULT_TEMPERATURE,
    seed: int | None = None,
    method: str = "jukebox",
    analysis: Analysis | None = None,
    min_jump: int = DEFAULT_MIN_JUMP,
    ramp: int = DEFAULT_RAMP,
    recent: int | None = None,
    ending: bool = False,
    crossfade: float = DEFAULT_CROSSFADE,
    fade_out: float | None = None,
    progress: Progress | None = None,
) -> Remix:
    """A new arrangement of ``clip`` from its own beats: analyse, walk, render.

    Parameters
    ----------
    clip : AudioClip [shape=(channels, n)]
        A whole mix or any stem of it.
    duration : float, optional
        Seconds; default the clip's length. Met within one beat (with
        ``ending``, as closely as the song's jumps allow; see :func:`walk`).
    n_beats : int, optional
        Beats to play, instead of ``duration``.
    clusters : int, optional
        Number of beat clusters; default chosen from the song.
    temperature : float
        How eagerly it jumps (see :func:`walk`).
    seed : int, optional
        Same seed, same everything else: bit-identical output. None draws one
        (kept in ``Remix.seed``).
    method : {"jukebox", "original"}
    analysis : Analysis, optional
        Reuse an earlier :func:`jamwithme.beats.analyze` of this clip (or of
        another clip of the same song and length) instead of analysing again.
    min_jump, ramp, recent, ending
        Jukebox settings, see :func:`walk`.
    crossfade, fade_out
        See :func:`render`.
    progress : callable, optional
        Called with the fraction done, 0.0 to 1.0.

    Returns
    -------
    Remix
        ``clip`` of shape ``(channels, m)`` with ``m / sample_rate`` within one
        beat of ``duration``; ``path`` and ``jumps`` say what was played.

    Raises
    ------
    ParameterError
        A parameter out of range, an analysis of a different clip, or a clip
        without enough beats.

    Examples
    --------
    >>> remix = beat_remix(load("song.ogg"), duration=180, seed=1)  # doctest: +SKIP
    >>> remix.n_jumps, round(remix.duration)  # doctest: +SKIP
    (12, 180)
    >>> again = beat_remix(clip, analysis=remix.analysis, duration=180, seed=2)  # doctest: +SKIP
    """
    report = progress or (lambda fraction: None)
    _check_walk_params(duration, n_beats, temperature, seed, method, min_jump, ramp, recent)
    if analysis is None:
        analysis = analyze(clip, clusters=clusters, progress=lambda f: report(0.9 * f))
    else:
        _check_fits(clip, analysis)
        analysis = analysis.with_clusters(clusters) if clusters is not None else analysis
    take = walk(
        analysis, duration=duration, n_beats=n_beats, temperature=temperature, seed=seed, method=method,
        min_jump=min_jump, ramp=ramp, recent=recent, ending=ending,
    )  # fmt: skip
    report(0.95)
    audio = render(clip, analysis, take, crossfade=crossfade, fade_out=fade_out)
    report(1.0)
    logger.info(
        "remix: %s, %d beats played, %d jumps, %.1f s, seed %d", method, take.path.size, take.n_jumps,
        take.duration, take.seed,
    )  # fmt: skip
    return Remix(clip=audio, walk=take, analysis=analysis)
