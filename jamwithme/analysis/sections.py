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
   smoothed over bars, which blurs where a part starts), and a section
   shorter than a phrase (four bars; two at either end of the song) loses
   whichever of its two boundaries has less change across it.
5. **Parts, not lines.** Sections shorter than two phrases that take turns
   with another type, four or more in a row (a call and its answer, a verse
   whose lines alternate two tunes), are one part: real recordings fell
   apart into a section a line (13 in a 2-minute song). The bars at such a
   part's ends go to the side whose types they are nearer.

Then :func:`name_sections` says what each section is, from repetition,
position, loudness and harmony: the chorus is the repeated part that is
loudest, the verse the other repeated part, a part heard once is the intro
(first), the outro (last), a solo (over the chords of the verse or chorus)
or a bridge. Letters stay (``A``, ``B``, ... in order of first appearance,
repeats sharing a letter) for parts no name fits.

The highlight is the 30 s from a section start most similar to the whole
song (Cooper and Foote's summary), usually a chorus.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import numpy as np

from jamwithme.errors import ParameterError

logger = logging.getLogger("jamwithme")

#: Bars a section has at least: a phrase inside the song ...
PHRASE_BARS = 4
#: Bars of a part a musician navigates by (two phrases); shorter sections taking turns with another type ...
PART_BARS = 8
#: ... this many times in a row are the phrases of one part (:func:`_join_alternations`).
ALTERNATION = 4
#: ... and at either end (a short intro or tag).
END_BARS = 2
#: Segment types tried (k of the k-means); fewer bars than 2 k leave k out.
MIN_TYPES, MAX_TYPES = 3, 10
#: Fewer bars than this are one section.
MIN_BARS = 8
#: Bars stacked into one repetition feature (a bar and the next).
STACK_BARS = 2
#: Median filters: along the repetition graph's diagonals, and over the eigenvectors (bars).
REPEAT_SMOOTH, EMBED_SMOOTH = 3, 5
#: Weight of timbre (MFCC, in standard units) against the spectrum (dB over the song's spread).
TIMBRE_WEIGHT = 2.0
#: Bars on each side of a bar line when a boundary is moved onto the bar where the timbre changes most.
SETTLE_BARS = 4
HIGHLIGHT_SECONDS = 30.0
NAMES = ("Intro", "Verse", "Chorus", "Bridge", "Solo", "Outro")


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
        return Structure(whole, ["A"], edges[:-1], np.ones((n, n)))
    spectrum = _bar_means(cqt, edges, 1.0 / cqt_hop, parts=2)  # (144, n)
    mel = _bar_means(log_mel, edges, frame_rate)  # (128, n): the MFCC of a mean is the mean of the MFCC
    import librosa

    mfcc = librosa.feature.mfcc(S=mel, n_mfcc=13)
    timbre = _standard_rows(mfcc[1:])  # without the loudness coefficient
    spread = float(spectrum.std()) or 1.0
    features = np.vstack([(spectrum - spectrum.mean(axis=1, keepdims=True)) / spread, TIMBRE_WEIGHT * timbre])
    labels = _cluster(features, mfcc)
    cuts = [int(i) for i in 1 + np.flatnonzero(labels[1:] != labels[:-1])]
    cuts = _merge_short(_settle(cuts, features, n), features, n)
    spans = list(zip([0, *cuts], [*cuts, n]))
    kinds = [int(np.bincount(labels[a:b]).argmax()) for a, b in spans]
    spans, kinds = _join_same(spans, kinds)
    spans, kinds = _join_alternations(spans, kinds)
    spans = _refit(spans, kinds, labels, features)
    letters = _letters(kinds)
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


def name_sections(
    spans: list[tuple[int, int]], letters: list[str], *, loudness: np.ndarray, chroma: np.ndarray
) -> list[str]:
    """What each section is: ``Intro``, ``Verse``, ``Chorus``, ``Bridge``, ``Solo``, ``Outro``, or its letter.

    - A letter heard only at the ends of the song (the first section, the
      last, or both) is the intro there and the outro there.
    - Of the other letters heard more than once, the chorus is the loudest
      and the verse the most repeated of the rest (the earlier on a tie); a
      single repeated letter is a verse (an AABA song, a blues). Other
      repeated letters keep their letter.
    - A letter heard once in the middle is a solo if its chords follow a
      verse's or a chorus's bar by bar (closer to it than halfway from the
      verse-to-chorus likeness to the likeness of two verses), else a bridge.
    - Names heard more than once are numbered: ``Verse 1``, ``Verse 2``.

    Parameters
    ----------
    spans : list of (first bar, end bar)
    letters : list of str
        One per span.
    loudness : np.ndarray [shape=(n_bars,)]
        Each bar's level in dB.
    chroma : np.ndarray [shape=(12, n_bars)]
        Each bar's pitch classes.

    Returns
    -------
    list of str

    Examples
    --------
    >>> loud = np.array([0.0] * 4 + [1.0] * 8 + [5.0] * 8 + [1.0] * 8 + [5.0] * 8 + [2.0] * 4)
    >>> spans = [(0, 4), (4, 12), (12, 20), (20, 28), (28, 36), (36, 40)]
    >>> name_sections(spans, list("ABCBCD"), loudness=loud, chroma=np.ones((12, 40)))
    ['Intro', 'Verse 1', 'Chorus 1', 'Verse 2', 'Chorus 2', 'Outro']
    """
    last = len(spans) - 1
    where: dict[str, list[int]] = {}
    for i, letter in enumerate(letters):
        where.setdefault(letter, []).append(i)
    level = {x: float(np.mean([loudness[spans[i][0] : spans[i][1]].mean() for i in where[x]])) for x in where}
    at_ends = {x for x, places in where.items() if last > 0 and set(places) <= {0, last}}
    repeated = [x for x, places in where.items() if len(places) > 1 and x not in at_ends]
    role: dict[str, str] = {}
    if len(repeated) == 1:
        role[repeated[0]] = "Verse"
    elif repeated:
        chorus = max(repeated, key=lambda x: level[x])
        role[chorus] = "Chorus"
        role[max((x for x in repeated if x != chorus), key=lambda x: (len(where[x]), -where[x][0]))] = "Verse"
    names = []
    for i, letter in enumerate(letters):
        if letter in role:
            names.append(role[letter])
        elif letter in at_ends:
            names.append("Intro" if i == 0 else "Outro")
        elif len(where[letter]) > 1:
            names.append(letter)
        elif i in (0, last) and last > 0:
            names.append("Intro" if i == 0 else "Outro")
        elif role:
            names.append("Solo" if _plays_over(chroma, spans, letters, i, role) else "Bridge")
        else:
            names.append(letter)
    total = {name: names.count(name) for name in set(names)}
    seen: dict[str, int] = {}
    out = []
    for name in names:
        if total[name] > 1 and name in NAMES:
            seen[name] = seen.get(name, 0) + 1
            out.append(f"{name} {seen[name]}")
        else:
            out.append(name)
    return out


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


# --------------------------------------------------------------------------- the steps


def _cluster(features: np.ndarray, mfcc: np.ndarray) -> np.ndarray:
    """Segment type of each bar: k-means on the Laplacian embedding, k by the silhouette."""
    import librosa
    import scipy.linalg
    import scipy.ndimage
    import scipy.sparse.csgraph

    n = features.shape[1]
    stacked = librosa.feature.stack_memory(features, n_steps=STACK_BARS, delay=-1, mode="edge")
    repeats = librosa.segment.recurrence_matrix(stacked, width=1, metric="cosine", mode="affinity", sym=True)
    repeats = librosa.segment.timelag_filter(scipy.ndimage.median_filter)(np.asarray(repeats), size=(1, REPEAT_SMOOTH))
    step = np.sum(np.diff(mfcc, axis=1) ** 2, axis=0)
    near = np.exp(-step / max(float(np.median(step)), 1e-9))
    sequence = np.diag(near, k=1) + np.diag(near, k=-1)
    deg_seq, deg_rep = sequence.sum(axis=1), repeats.sum(axis=1)
    mu = float(deg_seq @ (deg_seq + deg_rep)) / max(float(np.sum((deg_seq + deg_rep) ** 2)), 1e-12)
    graph = mu * repeats + (1.0 - mu) * sequence
    laplacian = scipy.sparse.csgraph.laplacian(graph, normed=True)
    top = min(MAX_TYPES, n // 2)
    _, vectors = scipy.linalg.eigh(laplacian, subset_by_index=[0, top - 1])
    vectors = scipy.ndimage.median_filter(vectors, size=(EMBED_SMOOTH, 1))
    norms = np.cumsum(vectors**2, axis=1) ** 0.5
    best: tuple[float, np.ndarray] | None = None
    for k in range(min(MIN_TYPES, top), top + 1):
        x = vectors[:, :k] / (norms[:, k - 1 : k] + 1e-5)
        labels = kmeans(x, k)
        if len(set(labels.tolist())) < 2:
            continue
        score = silhouette(x, labels)
        if best is None or score > best[0] + 1e-9:
            best = (score, labels)
    if best is None:
        return np.zeros(n, np.int64)
    return best[1].astype(np.int64)


def kmeans(x: np.ndarray, k: int, *, restarts: int = 10, seed: int = 0) -> np.ndarray:
    """Cluster of each row of ``x`` (n, d): k-means++ seeding, then Lloyd's steps; the best of ``restarts``.

    A few hundred points in a few dimensions: plain numpy, one thread, the same answer for the same seed.

    Examples
    --------
    >>> kmeans(np.array([[0.0], [0.1], [5.0], [5.2]]), 2).tolist()
    [0, 0, 1, 1]
    """
    rng = np.random.default_rng(seed)
    n = x.shape[0]
    best, best_cost = np.zeros(n, np.int64), np.inf
    for _ in range(restarts):
        centres = x[[int(rng.integers(n))]]
        for _ in range(1, k):
            gap = np.min(((x[:, None, :] - centres[None]) ** 2).sum(axis=2), axis=1)
            total = float(gap.sum())
            pick = int(rng.choice(n, p=gap / total)) if total > 0 else int(rng.integers(n))
            centres = np.vstack([centres, x[pick]])
        labels = np.full(n, -1)
        for _ in range(100):
            distance = ((x[:, None, :] - centres[None]) ** 2).sum(axis=2)
            new = np.argmin(distance, axis=1)
            if np.array_equal(new, labels):
                break
            labels = new
            centres = np.array([x[labels == j].mean(axis=0) if np.any(labels == j) else centres[j] for j in range(k)])
        cost = float(distance[np.arange(n), labels].sum())
        if cost < best_cost - 1e-12:
            best, best_cost = labels, cost
    # Clusters numbered in order of first appearance, so the same partition is always the same labels.
    order = {int(c): i for i, c in enumerate(dict.fromkeys(best.tolist()))}
    return np.array([order[int(c)] for c in best], np.int64)


def silhouette(x: np.ndarray, labels: np.ndarray) -> float:
    """Mean silhouette of a clustering (Rousseeuw 1987): how much nearer each point is to its cluster than the next.

    Examples
    --------
    >>> round(silhouette(np.array([[0.0], [0.1], [5.0], [5.2]]), np.array([0, 0, 1, 1])), 3)
    0.97
    """
    distance = np.sqrt(np.maximum(((x[:, None, :] - x[None]) ** 2).sum(axis=2), 0.0))
    clusters = np.unique(labels)
    mean_to = np.stack([distance[:, labels == c].sum(axis=1) for c in clusters], axis=1)  # (n, clusters)
    sizes = np.array([np.count_nonzero(labels == c) for c in clusters])
    own = np.searchsorted(clusters, labels)
    inside = mean_to[np.arange(x.shape[0]), own] / np.maximum(sizes[own] - 1, 1)
    others = mean_to / sizes[None, :]
    others[np.arange(x.shape[0]), own] = np.inf
    nearest = others.min(axis=1)
    s = (nearest - inside) / np.maximum(np.maximum(nearest, inside), 1e-12)
    s[sizes[own] == 1] = 0.0  # a point alone in its cluster scores 0, as in the definition
    return float(s.mean())


def _change(x: np.ndarray, j: int) -> float:
    """How much ``x`` (dims, bars) changes at bar line ``j``: cosine distance of the :data:`SETTLE_BARS` means."""
    before = x[:, max(0, j - SETTLE_BARS) : j].mean(axis=1)
    after = x[:, j : j + SETTLE_BARS].mean(axis=1)
    return 1.0 - float(before @ after) / max(float(np.linalg.norm(before) * np.linalg.norm(after)), 1e-9)


def _settle(cuts: list[int], features: np.ndarray, n: int) -> list[int]:
    """Each boundary moved by at most one bar onto the bar line where the bars change most (:func:`_change`)."""
    moved = [max((j for j in (c - 1, c, c + 1) if 0 < j < n), key=lambda j: _change(features, j)) for c in cuts]
    return sorted(set(moved))


def _merge_short(cuts: list[int], features: np.ndarray, n: int) -> list[int]:
    """Sections shorter than a phrase (:data:`END_BARS` at either end) lose the boundary where less changes.

    The shortest goes first. A bar or two between two boundaries is usually
    the clustering hesitating over where a part starts: of the two bar lines,
    the one where the bars before and after differ more is the part's start.
    """
    cuts = list(cuts)
    while cuts:
        edges = [0, *cuts, n]
        lengths = np.diff(edges)
        need = np.full(lengths.size, PHRASE_BARS)
        need[0] = need[-1] = END_BARS
        short = np.flatnonzero(lengths < need)
        if short.size == 0:
            break
        i = int(short[np.argmin(lengths[short])])
        options = [k for k in (i - 1, i) if 0 <= k < len(cuts)]  # the cut at its start (i - 1), at its end (i)
        cuts.pop(min(options, key=lambda k: _change(features, cuts[k])))
    return cuts


def _join_same(spans: list[tuple[int, int]], kinds: list[int]) -> tuple[list[tuple[int, int]], list[int]]:
    """Neighbouring sections of the same type as one."""
    out_spans, out_kinds = [spans[0]], [kinds[0]]
    for span, kind in zip(spans[1:], kinds[1:]):
        if kind == out_kinds[-1]:
            out_spans[-1] = (out_spans[-1][0], span[1])
        else:
            out_spans.append(span)
            out_kinds.append(kind)
    return out_spans, out_kinds


def _join_alternations(spans: list[tuple[int, int]], kinds: list) -> tuple[list[tuple[int, int]], list]:
    """Sections that alternate between two types, shorter than a part inside the run, as one section.

    Two types taking turns every phrase or so (``A4 B4 A4 B4``) are the
    phrases of one part: a call and its answer, a verse whose lines
    alternate two tunes. A musician navigates by that part, not by each
    line. A run of at least :data:`ALTERNATION` sections taking turns, each
    shorter than :data:`PART_BARS` except the first and the last (a longer
    first or last turn is where the part settles in or ends), becomes one
    section; runs of the same two types share a type (their letter).

    Examples
    --------
    >>> spans = [(0, 8), (8, 12), (12, 16), (16, 20), (20, 24), (24, 40), (40, 48)]
    >>> _join_alternations(spans, [0, 1, 0, 1, 0, 1, 2])
    ([(0, 40), (40, 48)], [('pair', 0, 1), 2])
    >>> _join_alternations([(0, 8), (8, 16), (16, 24), (24, 32)], [0, 1, 0, 1])  # two parts of a phrase pair each
    ([(0, 8), (8, 16), (16, 24), (24, 32)], [0, 1, 0, 1])
    """
    out_spans, out_kinds = [], []
    i, m = 0, len(spans)
    while i < m:
        run = [i]
        for j in range(i + 1, m):
            if len(run) >= 2 and kinds[j] != kinds[j - 2]:
                break
            run.append(j)
            if spans[j][1] - spans[j][0] >= PART_BARS:
                break  # a long turn ends the run
        if len(run) >= ALTERNATION:
            out_spans.append((spans[run[0]][0], spans[run[-1]][1]))
            out_kinds.append(("pair", *sorted((kinds[run[0]], kinds[run[1]]))))
            i = run[-1] + 1
        else:
            out_spans.append(spans[i])
            out_kinds.append(kinds[i])
            i += 1
    return _join_same(out_spans, out_kinds)


def _refit(spans: list[tuple[int, int]], kinds: list, labels: np.ndarray, features: np.ndarray) -> list:
    """The boundaries of joined alternations moved (at most a phrase) to where each side's bars fit its part best.

    The clustering blurs where a part made of two alternating phrases ends:
    a last answer is easily taken for the start of the next part. Each bar
    near such a boundary belongs to the side whose types' centres (the mean
    bar of each type) it is nearer, and the boundary goes where the bars'
    distances to their side's centres add up least (a k-means step on the
    bar line). Other boundaries stay where :func:`_settle` put them.
    """
    n = features.shape[1]
    centre = {t: features[:, labels == t].mean(axis=1) for t in set(labels.tolist())}
    distance = {t: np.linalg.norm(features - c[:, None], axis=0) for t, c in centre.items()}

    def fit(kind) -> np.ndarray:
        return np.min([distance[t] for t in (kind[1:] if isinstance(kind, tuple) else (kind,))], axis=0)

    starts = [a for a, _ in spans] + [n]
    for i in range(1, len(spans)):
        if not (isinstance(kinds[i - 1], tuple) or isinstance(kinds[i], tuple)):
            continue
        left, right, c = fit(kinds[i - 1]), fit(kinds[i]), starts[i]
        a, b = max(starts[i - 1], c - PHRASE_BARS), min(starts[i + 1], c + PHRASE_BARS)
        cost = {
            j: left[a:j].sum() + right[j:b].sum()
            for j in range(max(a, starts[i - 1] + 1), min(b, starts[i + 1] - 1) + 1)
        }
        starts[i] = min(cost, key=lambda j: (cost[j], abs(j - c)))
    return list(zip(starts[:-1], starts[1:]))


def _letters(kinds: list[int]) -> list[str]:
    """A, B, C ... in order of first appearance (then AA, AB ... past Z)."""
    order: dict[int, int] = {}
    for kind in kinds:
        order.setdefault(kind, len(order))
    return [_letter(order[kind]) for kind in kinds]


def _letter(i: int) -> str:
    return chr(ord("A") + i) if i < 26 else _letter(i // 26 - 1) + chr(ord("A") + i % 26)


def _plays_over(chroma: np.ndarray, spans, letters, i: int, role: dict[str, str]) -> bool:
    """Whether section ``i``'s chords follow a verse's or a chorus's bar by bar.

    Closer than halfway from how alike the verse's and the chorus's chords
    are to how alike two verses' (or two choruses') are.
    """

    def follows(a: tuple[int, int], b: tuple[int, int]) -> float:
        length = min(a[1] - a[0], b[1] - b[0])
        x, y = chroma[:, a[0] : a[0] + length], chroma[:, b[0] : b[0] + length]
        cos = np.sum(x * y, axis=0) / np.maximum(np.linalg.norm(x, axis=0) * np.linalg.norm(y, axis=0), 1e-9)
        return float(cos.mean())

    named = [(span, letter) for span, letter in zip(spans, letters) if letter in role]
    same = [follows(a, b) for j, (a, la) in enumerate(named) for b, lb in named[j + 1 :] if la == lb]
    other = [follows(a, b) for j, (a, la) in enumerate(named) for b, lb in named[j + 1 :] if la != lb]
    if not same:
        return False
    bar = 0.5 * (float(np.mean(same)) + (float(np.mean(other)) if other else 0.0))
    return max(follows(spans[i], span) for span, _ in named) > bar


def _bar_means(x: np.ndarray, edges: np.ndarray, rate: float, *, parts: int = 1) -> np.ndarray:
    """Mean of ``x`` (bins, frames) over each bar, each bar cut into ``parts`` equal spans: (bins * parts, n_bars)."""
    n_frames = x.shape[1]
    cumulative = np.concatenate([np.zeros((x.shape[0], 1)), np.cumsum(x, axis=1, dtype=np.float64)], axis=1)
    starts = edges[:-1, None] + np.diff(edges)[:, None] * np.arange(parts + 1)[None, :] / parts  # (n_bars, parts+1)
    frames = np.clip(np.round(starts * rate).astype(np.int64), 0, n_frames)
    a, b = frames[:, :-1], np.maximum(frames[:, 1:], np.minimum(frames[:, :-1] + 1, n_frames))
    a = np.minimum(a, b - 1).clip(0)
    means = (cumulative[:, b] - cumulative[:, a]) / np.maximum(b - a, 1)  # (bins, n_bars, parts)
    return np.transpose(means, (2, 0, 1)).reshape(parts * x.shape[0], -1).astype(np.float32)


def _bar_loudness(log_mel: np.ndarray, edges: np.ndarray, rate: float) -> np.ndarray:
    """Each bar's level in dB: the mean power over the mel bands and the bar."""
    power = np.mean(np.power(10.0, log_mel / 10.0, dtype=np.float32), axis=0, keepdims=True)
    return 10.0 * np.log10(np.maximum(_bar_means(power, edges, rate)[0], 1e-10))


def _fold(spectrum: np.ndarray) -> np.ndarray:
    """Pitch classes of each bar from its two half-bar semitone spectra (dB): (12, n_bars), C first."""
    power = np.power(10.0, spectrum / 20.0)
    octaves = power.reshape(2, -1, 12, power.shape[1]).sum(axis=(0, 1))  # halves, octaves
    return octaves


def _standard_rows(x: np.ndarray) -> np.ndarray:
    return (x - x.mean(axis=1, keepdims=True)) / np.maximum(x.std(axis=1, keepdims=True), 1e-9)
