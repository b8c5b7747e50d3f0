"""Each bar's segment type: steps 2 and 3 of :mod:`jamwithme.analysis.sections` (McFee & Ellis, ISMIR 2014).

A repetition graph (each bar linked to the bars that sound most like it, two
bars at a time, smoothed along its diagonals) and a sequence graph (each bar to
the next, the more strongly the less the timbre changes), balanced as in the
paper; the first eigenvectors of their normalised Laplacian clustered by
k-means (:func:`kmeans`) for k from :data:`MIN_TYPES` to :data:`MAX_TYPES`, k
chosen by the silhouette (:func:`silhouette`).
"""

from __future__ import annotations

import numpy as np

#: Segment types tried (k of the k-means); fewer bars than 2 k leave k out.
MIN_TYPES, MAX_TYPES = 3, 10
#: Bars stacked into one repetition feature (a bar and the next).
STACK_BARS = 2
#: Median filters: along the repetition graph's diagonals, and over the eigenvectors (bars).
REPEAT_SMOOTH, EMBED_SMOOTH = 3, 5


def bar_types(features: np.ndarray, mfcc: np.ndarray) -> np.ndarray:
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
