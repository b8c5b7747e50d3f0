"""The walk: the order in which a remix plays a song's beats, and where it jumps.

:func:`walk` makes a :class:`Walk` in milliseconds from an analysis (call it
again with another seed for another take); :func:`jump_chance` and
:func:`jump_targets` are the jukebox's rules. Rendered by
:func:`jamwithme.remix.render`.
"""

from __future__ import annotations

import logging
import secrets
import warnings
from dataclasses import dataclass

import numpy as np

from jamwithme import checks, dsp
from jamwithme.beats import Analysis
from jamwithme.errors import JamWithMeWarning, ParameterError

logger = logging.getLogger("jamwithme")

METHODS = ("jukebox", "original")
#: What an ``analysis`` parameter must be, for messages.
AN_ANALYSIS = "an Analysis from jamwithme.beats.analyze"
DEFAULT_TEMPERATURE = 0.5
DEFAULT_MIN_JUMP = 16
DEFAULT_RAMP = 64
#: Longest remix accepted, in seconds.
MAX_DURATION = 3600.0
#: Highest temperature accepted (the walk's jumpiness; 0.5 by default).
MAX_TEMPERATURE = 100.0
#: Most beats a remix may play.
MAX_BEATS = 100_000
#: Largest seed accepted (the largest whole number JSON, the API and the job settings carry as a signed 64-bit one).
MAX_SEED = 2**63 - 1
#: Fresh seeds are drawn below this, short enough to read and type again (the app's seed box goes this far).
FRESH_SEEDS = 2**31


def fresh_seed() -> int:
    """A new random seed for a take nobody chose a seed of, from 0 to ``FRESH_SEEDS - 1``.

    Examples
    --------
    >>> 0 <= fresh_seed() < FRESH_SEEDS
    True
    """
    return secrets.randbelow(FRESH_SEEDS)


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
    seed = fresh_seed() if seed is None else int(seed)
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
    checks.in_range("temperature", temperature, lo=0, hi=MAX_TEMPERATURE)
    if seed is not None:
        checks.integer("seed", seed, lo=0, hi=MAX_SEED, hint="or None for a fresh one")
    checks.one_of("method", method, METHODS)
    checks.integer("min_jump", min_jump, lo=1, unit="beats")
    checks.integer("ramp", ramp, lo=0, unit="beats")
    if recent is not None:
        checks.integer("recent", recent, lo=0, unit="beats", hint="or None")
