"""Sections a musician can use: on bar lines, a handful per song, named where the music allows it.

The boundaries and the letters come from McFee & Ellis's spectral clustering
("Analyzing song structure with spectral clustering", ISMIR 2014; librosa's
"Laplacian segmentation" example), run on bars instead of beats, so every
boundary is a bar line:

1. **Bars.** Each bar (downbeat to downbeat) is described by the chord
   model's constant-Q spectrum (a semitone a bin over six octaves, each half
   of the bar apart: the harmony and the instruments playing it) and by its
   MFCC (timbre). The analysis passes whatever bars its rhythm found.
2. **Two graphs.** A repetition graph links each bar to the bars that sound
   most like it (k nearest neighbours, two bars at a time so that a phrase,
   not a chord, must repeat), cleaned along its diagonals by a median filter
   (a repeat lasts); a sequence graph links each bar to the next, the more
   strongly the less the timbre changes. They are balanced so that a bar's
   repeats and its neighbours weigh alike (the paper's equations 6-9).
3. **Clusters.** The first eigenvectors of the combined graph's normalised
   Laplacian, median-smoothed over a few bars, are clustered by k-means for
   k = 3 to 10 segment types; k is the one whose clustering is best
   separated (the silhouette, Rousseeuw 1987). A boundary is where the type
   changes.
4. **Bar lines.** Each boundary moves by at most one bar to where the
   four bars before and the four after differ most (the eigenvectors are
   smoothed over bars, which blurs where a part starts), or onto the song's
   phrase line (every four bars, where most boundaries fall) if they differ
   there nearly as much, as they do a bar apart in a slow song; a section
   shorter than a phrase (four bars; two at either end of the song) loses
   whichever of its two boundaries has less change across it.
5. **Parts, not lines.** Sections shorter than two phrases that take turns
   with another type, four or more in a row (a call and its answer, a verse
   whose lines alternate two tunes), are one part: real recordings fell
   apart into a section a line (13 in a 2-minute song). The bars at such a
   part's ends go to the side whose types they are nearer.

Then :func:`~jamwithme.analysis.section_names.name_sections` says what
each section is, from repetition, position, loudness and harmony: the chorus
is the repeated part that is loudest, the verse the other repeated part, a
part heard once is the intro (first), the outro (last), a solo (over the
chords of the verse or chorus) or a bridge. Letters stay (``A``, ``B``, ...
in order of first appearance, repeats sharing a letter) for parts no name fits.

The highlight is the 30 s from a section start most similar to the whole
song (Cooper and Foote's summary), usually a chorus.

The module by job: the bars' features, :func:`find` putting the steps
together, and :func:`highlight` here; the graphs and the clustering (steps 2
and 3) in :mod:`~jamwithme.analysis.section_types`; boundaries and parts
(steps 4 and 5) in :mod:`~jamwithme.analysis.section_bounds`; names and
letters in :mod:`~jamwithme.analysis.section_names`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import numpy as np

from jamwithme.analysis.section_bounds import join_alternations, join_same, merge_short, refit, settle
from jamwithme.analysis.section_names import letters_of, name_sections, part
from jamwithme.analysis.section_types import bar_types
from jamwithme.errors import ParameterError

logger = logging.getLogger("jamwithme")

#: Fewer bars than this are one section.
MIN_BARS = 8
#: Weight of timbre (MFCC, in standard units) against the spectrum (dB over the song's spread).
TIMBRE_WEIGHT = 2.0
HIGHLIGHT_SECONDS = 30.0


@dataclass(frozen=True, eq=False)
class Structure:
    """The sections of a song and what the highlight needs.

    Parameters
    ----------
    sections : list of (start, end, letter)
        Seconds, covering the song; repeats of the same material share a letter.
    names : list of str
        One per section: ``"Verse 1"``, ``"Chorus 2"``, ``"Bridge"``, ... or the letter where no name fits.
    bar_times : np.ndarray [shape=(n_bars,)]
        Start of each bar the sections were built on.
    similarity : np.ndarray [shape=(n_bars, n_bars)]
        Cosine similarity of the bars (for :func:`highlight`).
    """

    sections: list
    names: list
    bar_times: np.ndarray
    similarity: np.ndarray


def find(
    *,
    cqt: np.ndarray,
    cqt_hop: float,
    log_mel: np.ndarray,
    frame_rate: float,
    downbeats: np.ndarray,
    duration: float,
) -> Structure:
    """Sections of a song on its bar lines, with letters and names.

    Parameters
    ----------
    cqt : np.ndarray [shape=(72, frames)]
        Constant-Q spectrum in dB, a semitone a bin (the chord model's, :class:`~jamwithme.analysis.chords.Harmony`).
    cqt_hop : float
        Seconds between ``cqt`` frames.
    log_mel : np.ndarray [shape=(128, frames)]
        Log mel spectrogram in dB.
    frame_rate : float
        ``log_mel`` frames per second.
    downbeats : np.ndarray [shape=(n,)]
        Bar starts in seconds, ascending.
    duration : float
        Seconds; the sections cover ``0 .. duration``.

    Returns
    -------
    Structure

    Raises
    ------
    ParameterError
        A negative duration, or features that do not match (their shapes are named).

    Examples
    --------
    >>> found = find(cqt=cqt, cqt_hop=0.093, log_mel=log_mel, frame_rate=86.1,
    ...              downbeats=downbeats, duration=180.0)  # doctest: +SKIP
    >>> found.names[:3]  # doctest: +SKIP
    ['Intro', 'Verse 1', 'Chorus 1']
    """
    if not np.isfinite(duration) or duration <= 0:
        raise ParameterError(f"duration={duration!r} must be a positive number of seconds")
    cqt, log_mel = np.asarray(cqt, np.float32), np.asarray(log_mel, np.float32)
    if cqt.ndim != 2 or log_mel.ndim != 2:
        raise ParameterError(f"cqt {cqt.shape} and log_mel {log_mel.shape} must be (bins, frames)")
    edges = bar_edges(downbeats, duration)
    n = edges.size - 1
    if n < MIN_BARS:
        whole = [(0.0, round(duration, 3), "A")]
        return Structure(whole, [part("A")], edges[:-1], np.ones((n, n)))
    spectrum = _bar_means(cqt, edges, 1.0 / cqt_hop, parts=2)  # (144, n)
    mel = _bar_means(log_mel, edges, frame_rate)  # (128, n): the MFCC of a mean is the mean of the MFCC
    import librosa

    mfcc = librosa.feature.mfcc(S=mel, n_mfcc=13)
    timbre = _standard_rows(mfcc[1:])  # without the loudness coefficient
    spread = float(spectrum.std()) or 1.0
    features = np.vstack([(spectrum - spectrum.mean(axis=1, keepdims=True)) / spread, TIMBRE_WEIGHT * timbre])
    labels = bar_types(features, mfcc)
    cuts = [int(i) for i in 1 + np.flatnonzero(labels[1:] != labels[:-1])]
    cuts = merge_short(settle(cuts, features, n), features, n)
    spans = list(zip([0, *cuts], [*cuts, n]))
    kinds = [int(np.bincount(labels[a:b]).argmax()) for a, b in spans]
    spans, kinds = join_same(spans, kinds)
    spans, kinds = join_alternations(spans, kinds, bar_times=edges)
    spans = refit(spans, kinds, labels, features)
    letters = letters_of(kinds)
    times = [0.0] + [float(edges[a]) for a, _ in spans[1:]] + [float(duration)]
    sections = [(round(times[i], 3), round(times[i + 1], 3), letters[i]) for i in range(len(spans))]
    loudness = _bar_loudness(log_mel, edges, frame_rate)
    chroma = _fold(spectrum)
    names = name_sections(spans, letters, loudness=loudness, chroma=chroma)
    unit = features.T / np.maximum(np.linalg.norm(features.T, axis=1, keepdims=True), 1e-9)
    return Structure(sections, names, edges[:-1].copy(), unit @ unit.T)


def bar_edges(downbeats: np.ndarray, duration: float) -> np.ndarray:
    """Bar lines from 0 s to ``duration``: the downbeats, with a long lead-in cut into bars of the median length.

    Bars before the first downbeat (an intro the rhythm found no bars in)
    are counted back at the median bar; a lead-in shorter than a bar joins
    the first bar. The last bar ends at ``duration``.

    Examples
    --------
    >>> bar_edges(np.array([5.0, 7.0, 9.0, 11.0]), 12.5)
    array([ 0. ,  1. ,  3. ,  5. ,  7. ,  9. , 11. , 12.5])
    """
    d = np.asarray(downbeats, np.float64).ravel()
    d = d[(d > 0) & (d < duration)]
    if d.size >= 2:
        bar = float(np.median(np.diff(d)))
        before = d[0] - bar * np.arange(int(d[0] / bar), 0, -1)
        d = np.concatenate([before, d])
        d = d[d >= 0.5 * bar]  # a lead-in under half a bar is part of the first bar
    return np.concatenate([[0.0], d, [float(duration)]])


def highlight(
    sections: list[tuple[float, float, str]],
    similarity: np.ndarray,
    bar_times: np.ndarray,
    *,
    duration: float,
    seconds: float = HIGHLIGHT_SECONDS,
) -> tuple[float, float]:
    """The ``seconds`` that best stand for the whole song, starting on a section boundary.

    Returns
    -------
    (float, float)
        Start and end in seconds; the whole song if it is shorter.
    """
    if duration <= seconds or similarity.shape[0] == 0:
        return 0.0, round(duration, 3)
    bar_times = np.asarray(bar_times, np.float64)
    overall = similarity.mean(axis=1)
    best, best_score = 0.0, -np.inf
    for start, _, _ in sections:
        start = min(start, duration - seconds)
        inside = (bar_times >= start) & (bar_times < start + seconds)
        if not inside.any():
            continue
        score = float(overall[inside].mean())
        if score > best_score + 1e-9:
            best, best_score = start, score
    return round(best, 3), round(best + seconds, 3)


# --------------------------------------------------------------------------- the bars' features


#: Rows (bins) at a time in :func:`_bar_means` and frames at a time in :func:`_bar_loudness`: a 20-minute
#: song's log mel in float64 at once (its running sum, and a copy to put the zero column in front) held
#: 0.2 GB, the analysis' highest point; rows and frames are each summed on their own, so the same numbers.
BAR_ROWS = 8
LOUDNESS_FRAMES = 16384


def _bar_means(x: np.ndarray, edges: np.ndarray, rate: float, *, parts: int = 1) -> np.ndarray:
    """Mean of ``x`` (bins, frames) over each bar, each bar cut into ``parts`` equal spans: (bins * parts, n_bars)."""
    n_frames = x.shape[1]
    starts = edges[:-1, None] + np.diff(edges)[:, None] * np.arange(parts + 1)[None, :] / parts  # (n_bars, parts+1)
    frames = np.clip(np.round(starts * rate).astype(np.int64), 0, n_frames)
    a, b = frames[:, :-1], np.maximum(frames[:, 1:], np.minimum(frames[:, :-1] + 1, n_frames))
    a = np.minimum(a, b - 1).clip(0)
    means = np.empty((x.shape[0],) + a.shape, np.float64)  # (bins, n_bars, parts)
    for r in range(0, x.shape[0], BAR_ROWS):
        rows = x[r : r + BAR_ROWS]
        cumulative = np.zeros((rows.shape[0], n_frames + 1))
        np.cumsum(rows, axis=1, dtype=np.float64, out=cumulative[:, 1:])
        means[r : r + BAR_ROWS] = (cumulative[:, b] - cumulative[:, a]) / np.maximum(b - a, 1)
    return np.transpose(means, (2, 0, 1)).reshape(parts * x.shape[0], -1).astype(np.float32)


def _bar_loudness(log_mel: np.ndarray, edges: np.ndarray, rate: float) -> np.ndarray:
    """Each bar's level in dB: the mean power over the mel bands and the bar."""
    power = np.empty((1, log_mel.shape[1]), np.float32)
    for f in range(0, log_mel.shape[1], LOUDNESS_FRAMES):
        block = log_mel[:, f : f + LOUDNESS_FRAMES]
        power[:, f : f + block.shape[1]] = np.mean(np.power(10.0, block / 10.0, dtype=np.float32), axis=0)
    return 10.0 * np.log10(np.maximum(_bar_means(power, edges, rate)[0], 1e-10))


def _fold(spectrum: np.ndarray) -> np.ndarray:
    """Pitch classes of each bar from its two half-bar semitone spectra (dB): (12, n_bars), C first."""
    power = np.power(10.0, spectrum / 20.0)
    octaves = power.reshape(2, -1, 12, power.shape[1]).sum(axis=(0, 1))  # halves, octaves
    return octaves


def _standard_rows(x: np.ndarray) -> np.ndarray:
    return (x - x.mean(axis=1, keepdims=True)) / np.maximum(x.std(axis=1, keepdims=True), 1e-9)
