"""Beats, bars and beat-synchronous features of a clip, grouped into clusters of similar beats.

:func:`analyze` is the expensive half of a beat remix (a second or two per
song); its result, an :class:`Analysis`, is immutable and can be reused for any
number of walks (:func:`jamwithme.remix.walk`) and renders, on the clip it was
made from or on any other clip of the same length (a stem of the same song).

The pipeline:

1. Beats, tempo, metre and the position of each beat in its bar from the
   song's :class:`~jamwithme.analysis.grid.Grid`: the one its stored analysis
   holds (the service passes it in, so every page counts the same beats and
   tempo), else tracked here by :func:`jamwithme.analysis.rhythm.track` with
   ``tightness`` and ``start_bpm``.
2. Cuts just before each beat's attack.
3. Per-beat features: chroma (``n_chroma`` bins; the original averaged 50) and
   MFCC timbre, each averaged over the beat.
4. k-means (scikit-learn, k-means++, fixed ``random_state``) on the chroma plus
   weighted, standardised MFCC; ``k`` given or the largest ``k`` whose clusters
   still give most beats a partner at the same position in the bar.

Heavy libraries (librosa, scikit-learn) are imported on first use so that
importing :mod:`jamwithme.remix` or the command line stays fast.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np

from jamwithme import checks, dsp
from jamwithme.analysis.grid import Grid
from jamwithme.analysis.metre import bar_positions
from jamwithme.analysis.rhythm import ANALYSIS_RATE, HOP_LENGTH
from jamwithme.audio import AudioClip
from jamwithme.errors import ParameterError

__all__ = ["Analysis", "analyze", "bar_positions", "cluster_beats"]

logger = logging.getLogger("jamwithme")

#: Cuts fall this long before each beat's attack, so that a crossfade of up
#: to twice this length around a cut ends before the attack instead of
#: blending two attacks.
ATTACK_PREROLL = 0.01
#: Fewer beats than this cannot make a remix worth the name.
MIN_BEATS = 8
#: Automatic ``k`` stops at about one cluster per this many beats.
BEATS_PER_CLUSTER = 8
MAX_AUTO_CLUSTERS = 32
#: Most clusters a caller may ask for.
MAX_CLUSTERS = 512
#: Automatic ``k``: at most this fraction of beats may be alone in their
#: (cluster, position in the bar) group, i.e. have nowhere to jump to.
MAX_ALONE = 0.1

Progress = Callable[[float], None]


@dataclass(frozen=True, eq=False)
class Analysis:
    """Beats, bars, per-beat features and clusters of one clip.

    Beat ``i`` spans samples ``bounds[i]:bounds[i + 1]`` of the clip; audio
    before ``bounds[0]`` is the lead-in, audio after ``bounds[-1]`` the outro.

    Parameters
    ----------
    sample_rate : int
        Rate of the analysed clip (sample positions below are at this rate).
    n_samples : int
        Length of the analysed clip, in samples.
    grid : Grid
        The song's beat grid the beats come from: tempo, metre, bars
        (:attr:`tempo`, :attr:`beats_per_bar` and :attr:`beat_in_bar` read it).
    bounds : np.ndarray [shape=(n_beats + 1,), dtype=int64]
        Sample where each beat starts, then where the last one ends (the
        grid's beats, just before their attacks; the last beat of the grid
        is left out when it sits on the clip's very end).
    chroma : np.ndarray [shape=(n_chroma, n_beats), dtype=float32]
        Beat-averaged chroma, bin 0 = C, each column scaled to a maximum of 1.
    mfcc : np.ndarray [shape=(n_mfcc, n_beats), dtype=float32]
        Beat-averaged MFCC.
    features : np.ndarray [shape=(n_features, n_beats), dtype=float32]
        What k-means clusters: unit-norm chroma over ``timbre_weight`` times the
        standardised MFCC (without the loudness coefficient 0).
    labels : np.ndarray [shape=(n_beats,), dtype=int64]
        Cluster of each beat, ``0 .. n_clusters - 1``, numbered in order of
        first appearance.
    n_clusters : int
    random_state : int
        Seed of k-means, kept so :meth:`with_clusters` re-clusters the same way.

    Examples
    --------
    >>> a = analyze(clip)  # doctest: +SKIP
    >>> a.tempo, a.n_beats, a.n_clusters  # doctest: +SKIP
    (117.5, 250, 14)
    """

    sample_rate: int
    n_samples: int
    grid: Grid
    bounds: np.ndarray
    chroma: np.ndarray
    mfcc: np.ndarray
    features: np.ndarray
    labels: np.ndarray
    n_clusters: int
    random_state: int = 0

    def __post_init__(self) -> None:
        if isinstance(self.grid, dict):  # as stored (jamwithme.service.records.put_record)
            object.__setattr__(self, "grid", Grid.from_json(self.grid))
        checks.instance("grid", self.grid, Grid, what="a beat Grid")
        for name in ("bounds", "chroma", "mfcc", "features", "labels"):
            object.__setattr__(self, name, dsp.read_only(getattr(self, name)))
        if self.n_beats > self.grid.n_beats:
            raise ParameterError(f"{self.n_beats} beats cut from a grid of {self.grid.n_beats}")

    @property
    def tempo(self) -> float:
        """The song's tempo in beats per minute (its grid's)."""
        return self.grid.tempo

    @property
    def beats_per_bar(self) -> int:
        """Counted beats in a bar (its grid's)."""
        return self.grid.beats_per_bar

    @property
    def beat_in_bar(self) -> np.ndarray:
        """Position of each beat in its bar, 0 for a downbeat, shape ``(n_beats,)``."""
        return self.grid.beat_in_bar[: self.n_beats]

    @property
    def n_beats(self) -> int:
        return int(self.bounds.size - 1)

    @property
    def beat_times(self) -> np.ndarray:
        """Start of each beat in seconds, shape ``(n_beats,)``."""
        return self.bounds[:-1] / self.sample_rate

    @property
    def beat_lengths(self) -> np.ndarray:
        """Length of each beat in samples, shape ``(n_beats,)``."""
        return np.diff(self.bounds)

    @property
    def duration(self) -> float:
        """Length of the analysed clip in seconds."""
        return self.n_samples / self.sample_rate

    def with_clusters(self, clusters: int | None) -> Analysis:
        """The same analysis with the beats grouped into ``clusters`` clusters (k-means only, cheap).

        Parameters
        ----------
        clusters : int or None
            Number of clusters, ``1 <= clusters <= n_beats``; None chooses it from the data.

        Returns
        -------
        Analysis
            ``self`` if nothing changes, else a copy with new ``labels`` and ``n_clusters``.

        Raises
        ------
        ParameterError
            ``clusters`` out of range.

        Examples
        --------
        >>> analysis.with_clusters(8).n_clusters  # doctest: +SKIP
        8
        """
        _check_clusters(clusters, self.n_beats)
        if clusters == self.n_clusters:
            return self
        labels = cluster_beats(
            self.features, self.beat_in_bar, clusters=clusters, beats_per_bar=self.beats_per_bar,
            random_state=self.random_state,
        )  # fmt: skip
        return replace(self, labels=labels, n_clusters=int(labels.max()) + 1)


def analyze(
    clip: AudioClip,
    *,
    grid: Grid | None = None,
    clusters: int | None = None,
    tightness: float = 100.0,
    start_bpm: float = 120.0,
    beats_per_bar: int | None = None,
    n_chroma: int = 12,
    n_mfcc: int = 13,
    timbre_weight: float = 0.5,
    random_state: int = 0,
    progress: Progress | None = None,
) -> Analysis:
    """Find the beats, bars, per-beat features and clusters of a clip.

    Parameters
    ----------
    clip : AudioClip
        Any clip: a whole mix or a stem, mono or stereo (channels are averaged).
    grid : Grid, optional
        The song's beat grid (its stored analysis'; a stem shares the song's).
        None tracks one on ``clip`` with ``tightness``, ``start_bpm`` and ``beats_per_bar``.
    clusters : int or None
        Number of k-means clusters; None chooses the largest ``k`` (up to one
        per 8 beats) that leaves at most 10 % of the beats alone in their
        (cluster, position in the bar) group.
    tightness : float
        Without a grid: how strictly the beat tracker keeps to one tempo
        (librosa's ``tightness``; larger is stricter).
    start_bpm : float
        Without a grid: the tempo preferred when nothing in the music decides.
    beats_per_bar : int or None
        Without a grid: beats in a bar; None finds the metre.
    n_chroma : int
        Chroma bins per octave (12 for chords; the original used 50).
    n_mfcc : int
        MFCC coefficients describing timbre (at least 2).
    timbre_weight : float
        Weight of timbre against harmony when clustering; 0 clusters on chroma
        only, as the original did.
    random_state : int
        Seed of k-means; the same seed gives the same clusters.
    progress : callable, optional
        Called with the fraction done, 0.0 to 1.0.

    Returns
    -------
    Analysis

    Raises
    ------
    ParameterError
        A parameter out of range, or fewer than 8 beats found (too short or
        without a pulse).

    Examples
    --------
    >>> clip = load("song.ogg")  # doctest: +SKIP
    >>> analysis = analyze(clip, n_chroma=50)  # doctest: +SKIP
    >>> analysis.chroma.shape  # doctest: +SKIP
    (50, 250)
    """
    import librosa

    checks.instance("clip", clip, AudioClip, what="an AudioClip")
    checks.positive("tightness", tightness)
    checks.in_range("start_bpm", start_bpm, 30, 300, unit="beats per minute")
    if beats_per_bar is not None:
        checks.integer("beats_per_bar", beats_per_bar, 2, 12, hint="or None to estimate it")
    checks.integer("n_chroma", n_chroma, 3, 120)
    checks.integer("n_mfcc", n_mfcc, 2, 40)
    checks.in_range("timbre_weight", timbre_weight, lo=0)
    checks.integer("random_state", random_state, lo=0)
    _check_clusters(clusters, None)
    if grid is not None:
        checks.instance("grid", grid, Grid, what="a beat Grid")
    from jamwithme.analysis import rhythm

    report = progress or (lambda fraction: None)
    sr, hop = ANALYSIS_RATE, HOP_LENGTH
    feats = rhythm.features(clip, chroma_bins=(n_chroma,) if grid else (rhythm.CHROMA_BINS, n_chroma))
    report(0.35)
    if grid is None:
        grid = rhythm.track(feats, beats_per_bar=beats_per_bar, start_bpm=start_bpm, tightness=tightness)
    log_mel = feats.log_mel
    attacks = np.round(grid.beats[grid.beats * clip.sample_rate < clip.n_samples] * sr).astype(np.int64)
    if attacks.size < MIN_BEATS:
        raise ParameterError(
            f"found {attacks.size} beats in this {clip.duration:.1f} s clip; a beat remix needs at least "
            f"{MIN_BEATS} (is it too short, silent or without a steady pulse?)"
        )
    report(0.6)

    # Cut just before each attack, so a jump never splits one.
    starts = np.maximum(attacks - int(ATTACK_PREROLL * sr), 0)
    n_frames = log_mel.shape[1]
    period = int(np.median(np.diff(starts)))
    bounds = np.append(starts, starts[-1] + period) / sr * clip.sample_rate
    bounds = np.minimum(np.round(bounds).astype(np.int64), clip.n_samples)
    if bounds[-1] <= bounds[-2]:  # the last beat sits on the very end: drop it
        bounds = bounds[:-1]
    frame_bounds = np.minimum(np.round(bounds * (sr / clip.sample_rate) / hop).astype(np.int64), n_frames)

    # tuning=0: a detuned recording shifts every beat's chroma alike, which
    # leaves the clusters as they are; estimating it would cost ten times the chroma.
    chroma = feats.chroma(n_chroma)
    mfcc = librosa.feature.mfcc(S=log_mel, n_mfcc=n_mfcc)
    beat_chroma = librosa.util.sync(chroma, frame_bounds, aggregate=np.mean, pad=False)
    beat_chroma = beat_chroma / np.maximum(beat_chroma.max(axis=0, keepdims=True), 1e-9)
    beat_mfcc = librosa.util.sync(mfcc, frame_bounds, aggregate=np.mean, pad=False)
    n_beats = bounds.size - 1
    report(0.75)

    unit = beat_chroma / np.maximum(np.linalg.norm(beat_chroma, axis=0, keepdims=True), 1e-9)
    beats_per_bar = grid.beats_per_bar
    beat_in_bar = grid.beat_in_bar[:n_beats]

    timbre = beat_mfcc[1:]
    timbre = (timbre - timbre.mean(axis=1, keepdims=True)) / np.maximum(timbre.std(axis=1, keepdims=True), 1e-9)
    features = np.vstack([unit, timbre_weight * timbre / math.sqrt(timbre.shape[0])]).astype(np.float32)
    _check_clusters(clusters, n_beats)
    labels = cluster_beats(
        features, beat_in_bar, clusters=clusters, beats_per_bar=beats_per_bar, random_state=random_state
    )
    report(1.0)
    logger.info(
        "beats: %.1f BPM, %d beats, %s, %d clusters", grid.tempo, n_beats, grid.time_signature, int(labels.max()) + 1
    )
    return Analysis(
        sample_rate=int(clip.sample_rate),
        n_samples=clip.n_samples,
        grid=grid,
        bounds=bounds,
        chroma=beat_chroma.astype(np.float32),
        mfcc=beat_mfcc.astype(np.float32),
        features=features,
        labels=labels,
        n_clusters=int(labels.max()) + 1,
        random_state=int(random_state),
    )


def cluster_beats(
    features: np.ndarray,
    beat_in_bar: np.ndarray,
    *,
    clusters: int | None = None,
    beats_per_bar: int = 4,
    random_state: int = 0,
) -> np.ndarray:
    """k-means (k-means++, fixed seed) of the beats' feature vectors.

    Parameters
    ----------
    features : np.ndarray [shape=(n_features, n_beats)]
    beat_in_bar : np.ndarray [shape=(n_beats,)]
        Used only to choose ``k`` when ``clusters`` is None.
    clusters : int or None
        ``k``; None: the largest ``k`` up to ``n_beats // 8`` (at most 32)
        that leaves at most 10 % of the beats without another beat of the same
        cluster at the same position in the bar.
    beats_per_bar : int
    random_state : int

    Returns
    -------
    np.ndarray [shape=(n_beats,), dtype=int64]
        Labels numbered in order of first appearance (the first beat is in 0).

    Examples
    --------
    >>> cluster_beats(np.array([[0, 0, 1, 1.0]]), np.zeros(4), clusters=2)
    array([0, 0, 1, 1])
    """
    from sklearn.cluster import KMeans

    x = np.asarray(features, dtype=np.float64).T
    n = x.shape[0]

    def fit(k: int) -> np.ndarray:
        if k >= n:
            return np.arange(n)
        model = KMeans(n_clusters=k, init="k-means++", n_init=4, random_state=random_state)
        return model.fit_predict(x).astype(np.int64)

    if clusters is not None:
        labels = fit(int(clusters))
    else:
        top = max(2, min(n // BEATS_PER_CLUSTER, MAX_AUTO_CLUSTERS))
        groups_of = np.asarray(beat_in_bar, dtype=np.int64)
        for k in range(top, 0, -1):
            labels = fit(k)
            group = labels * beats_per_bar + groups_of
            alone = np.bincount(group)[group] == 1
            if alone.mean() <= MAX_ALONE:
                break
    # Renumber by first appearance: stable, readable colours in figures.
    values, first = np.unique(labels, return_index=True)
    rename = np.zeros(values.max() + 1, dtype=np.int64)
    rename[values[np.argsort(first)]] = np.arange(values.size)
    return rename[labels]


def _check_clusters(clusters, n_beats: int | None) -> None:
    if clusters is None:
        return
    checks.integer("clusters", clusters, lo=1, hi=MAX_CLUSTERS, hint="or None to choose from the song")
    if n_beats is not None and clusters > n_beats:
        raise ParameterError(f"clusters={clusters} is more than the {n_beats} beats found in the song")
