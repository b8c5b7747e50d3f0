"""Sections (A, B, C ... where repeats share a letter) and the highlight, from bar-synchronous recurrence.

1. Chroma and MFCC averaged over each bar (a bar is the span from one
   downbeat to the next) and compared with each other: a self-similarity
   matrix (used for the highlight).
2. Boundaries are the peaks of a novelty curve: the cosine distance between
   the mean of the four bars before each bar line and the four after it (a
   block form of Foote's checkerboard kernel that is blind to the order of
   the chords inside a four-bar cycle), at least four bars apart.
3. Segments are labelled by agglomerating their mean features: a segment
   close enough to an earlier one takes its letter, else the next letter.
4. The highlight is the 30 s starting on a section boundary that is most
   similar to the whole song (Cooper and Foote's summary), usually the chorus.
"""

from __future__ import annotations

import numpy as np

#: Bars averaged on each side of a bar line.
KERNEL_BARS = 4
#: Fewest bars between two boundaries.
MIN_SECTION_BARS = 4
#: Novelty peaks above this many standard deviations over the median count.
PEAK_THRESHOLD = 0.5
#: Weight of timbre (MFCC) against harmony (chroma) in a bar's features.
TIMBRE_WEIGHT = 1.5
#: Cosine distance under which two segments are the same material.
SAME_MATERIAL = 0.2
HIGHLIGHT_SECONDS = 30.0


def bar_features(chroma: np.ndarray, mfcc: np.ndarray, bar_frames: np.ndarray) -> np.ndarray:
    """Per-bar features: unit chroma and standardised MFCC (without loudness), weighted by :data:`TIMBRE_WEIGHT`.

    Parameters
    ----------
    chroma : np.ndarray [shape=(12, frames)]
    mfcc : np.ndarray [shape=(n_mfcc, frames)]
    bar_frames : np.ndarray [shape=(n_bars + 1,)]
        Frame where each bar starts, then where the last ends.

    Returns
    -------
    np.ndarray [shape=(n_bars, d)]
    """
    import librosa

    c = librosa.util.sync(chroma, bar_frames, aggregate=np.mean, pad=False)
    c = c / np.maximum(np.linalg.norm(c, axis=0, keepdims=True), 1e-9)
    m = librosa.util.sync(mfcc[1:], bar_frames, aggregate=np.mean, pad=False)
    m = (m - m.mean(axis=1, keepdims=True)) / np.maximum(m.std(axis=1, keepdims=True), 1e-9)
    m = m / np.sqrt(m.shape[0])
    return np.vstack([c, TIMBRE_WEIGHT * m]).T


def segment(
    features: np.ndarray, bar_times: np.ndarray, *, duration: float
) -> tuple[list[tuple[float, float, str]], np.ndarray]:
    """Sections of a song from its per-bar features.

    Parameters
    ----------
    features : np.ndarray [shape=(n_bars, d)]
    bar_times : np.ndarray [shape=(n_bars,)]
        Start of each bar in seconds.
    duration : float
        Length of the song; the first section starts at 0, the last ends here.

    Returns
    -------
    sections : list of (start, end, letter)
    similarity : np.ndarray [shape=(n_bars, n_bars)]
        Cosine similarity of the bars (for the highlight).
    """
    n = features.shape[0]
    unit = features / np.maximum(np.linalg.norm(features, axis=1, keepdims=True), 1e-9)
    similarity = unit @ unit.T
    if n < 2 * MIN_SECTION_BARS:
        return [(0.0, round(duration, 3), "A")], similarity
    novelty = _novelty(features, KERNEL_BARS)
    cuts = _peaks(novelty, MIN_SECTION_BARS, PEAK_THRESHOLD)
    starts = [0, *cuts]
    ends = [*cuts, n]
    means = [features[a:b].mean(axis=0) for a, b in zip(starts, ends)]
    letters: list[str] = []
    seen: list[np.ndarray] = []
    for mean in means:
        distances = [1.0 - float(np.dot(mean, s) / max(np.linalg.norm(mean) * np.linalg.norm(s), 1e-9)) for s in seen]
        if distances and min(distances) < SAME_MATERIAL:
            letters.append(letters[[i for i, d in enumerate(distances) if d == min(distances)][0]])
            seen.append(mean)
        else:
            letters.append(chr(ord("A") + min(len(set(letters)), 25)))
            seen.append(mean)
    times = [0.0] + [float(bar_times[c]) for c in cuts] + [duration]
    sections = [(round(times[i], 3), round(times[i + 1], 3), letters[i]) for i in range(len(letters))]
    return sections, similarity


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


def _novelty(features: np.ndarray, half: int) -> np.ndarray:
    """Cosine distance between the mean of ``half`` bars before each bar line and ``half`` after, ``(n,)``."""
    n = features.shape[0]
    out = np.zeros(n)
    for i in range(1, n):
        before = features[max(0, i - half) : i].mean(axis=0)
        after = features[i : i + half].mean(axis=0)
        out[i] = 1.0 - float(before @ after) / max(float(np.linalg.norm(before) * np.linalg.norm(after)), 1e-9)
    return out


def _peaks(novelty: np.ndarray, min_gap: int, threshold: float) -> list[int]:
    """Greedy peak picking: highest first, at least ``min_gap`` apart, above median + threshold x std."""
    floor = float(np.median(novelty) + threshold * np.std(novelty))
    chosen: list[int] = []
    for i in np.argsort(novelty)[::-1]:
        if novelty[i] <= floor:
            break
        if i < min_gap // 2 or i > novelty.size - min_gap // 2:
            continue
        if all(abs(int(i) - c) >= min_gap for c in chosen):
            chosen.append(int(i))
    return sorted(chosen)
