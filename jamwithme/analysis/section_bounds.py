"""Sections from the bars' types: steps 4 and 5 of :mod:`jamwithme.analysis.sections`.

A boundary is where the type changes; each moves by at most one bar onto the
bar line where the bars change most, or onto the song's phrase lines where they
change nearly as much (:func:`settle`), a section shorter than a
phrase loses one of its boundaries (:func:`merge_short`), neighbours of one
type are one section (:func:`join_same`), short sections taking turns with
another type are one part (:func:`join_alternations`), and the ends of such a
part go to the side whose bars they fit (:func:`refit`).
"""

from __future__ import annotations

import numpy as np

#: Bars a section has at least: a phrase inside the song ...
PHRASE_BARS = 4
#: Bars of a part a musician navigates by (two phrases); shorter sections taking turns with another type ...
PART_BARS = 8
#: ... this many times in a row are the phrases of one part (:func:`join_alternations`).
ALTERNATION = 4
#: ... and at either end (a short intro or tag).
END_BARS = 2
#: Bars the turns inside such a run average at most: a phrase and the bar a boundary may be off by. Lines taking
#: turns every phrase average 4; a part of 8 bars taking turns with a 4-bar chorus averages 6 and keeps its bounds.
TURN_BARS = PHRASE_BARS + 1
#: Seconds those inner turns average at most: lines of one part take turns every few seconds (Lets_Go_Fishin's
#: verse lines, read at 177 BPM, every 5.4 s); a slow song's verses and choruses of four bars take turns every 14 s
#: (blind seed 1417's 12/8 at 68: 14.2 s) and are parts. Chosen on the renders of own seeds 6120-6135, 6300-6330 and
#: 6400-6420 (study30, frozen 2026-12-06 17:21 UTC; boundary F 0.740 -> 0.764 on their 396 songs): not the best
#: there (6 s), 12 s keeps a margin over Lets_Go_Fishin read at half tempo (its 4-bar lines 10.9 s apart). Fresh
#: own seeds 6900-6916 afterwards (204 songs, grid31): boundary F 0.711 -> 0.729, 8 songs better, none worse.
TURN_SECONDS = 12.0
#: The most of the song (a share of its bars) such a run may span and still be one part's lines: a verse's lines
#: take turns inside the verse (Lets_Go_Fishin's two runs span 40 % and 26 % of its 98 bars), but two types taking
#: turns through most of a song are its verses and choruses (own renders with 4-bar verses and choruses at 81-162
#: BPM: runs of 58-91 %, read as 2-3 sections of 7-10). Frozen 2026-12-07 03:59 UTC on own seeds 6900-6909 (120
#: songs: boundary F 0.742 -> 0.785, 9 better, none worse; 0.6 gives 0.782); no real song changes. Fresh own seeds
#: 10300-10304 afterwards (60 songs, run once): 0.756 -> 0.800, 6 better, none worse.
RUN_SHARE = 0.5
#: Bars on each side of a bar line when a boundary is moved onto the bar where the timbre changes most.
SETTLE_BARS = 4
#: How much less a phrase line's bars may change than the bar line's they change most at (cosine distance of the
#: :data:`SETTLE_BARS` means, :func:`_change`, which runs 0-2) and still take a boundary within a bar of both
#: (:func:`settle`). In a slow song the means change about as much a bar early or late, and a bar is 3 s or more,
#: outside mir_eval's window. Chosen on the renders of own seeds 6120-6135, 6300-6330 and 6400-6420 (349 songs; grid34,
#: frozen 2026-12-06 21:11 UTC): boundary F 0.768 -> 0.774, on slow songs (bars >= 3 s, 42) 0.59 -> 0.64; 6700-6830 and
#: 6900-6916 (499, tune data too) 0.743 -> 0.756. 0.1-0.2 all gain alike; without it (the phrase line always) 0.778 on
#: the first but 0.745 on the second, 116 songs worse, 112 better. Fresh own seeds 6931-6938 afterwards (96 songs):
#: boundary F 0.742 -> 0.755, 12 songs better, 6 worse.
PHRASE_TOLERANCE = 0.15


def _change(x: np.ndarray, j: int) -> float:
    """How much ``x`` (dims, bars) changes at bar line ``j``: cosine distance of the :data:`SETTLE_BARS` means."""
    before = x[:, max(0, j - SETTLE_BARS) : j].mean(axis=1)
    after = x[:, j : j + SETTLE_BARS].mean(axis=1)
    return 1.0 - float(before @ after) / max(float(np.linalg.norm(before) * np.linalg.norm(after)), 1e-9)


def settle(cuts: list[int], features: np.ndarray, n: int) -> list[int]:
    """Each boundary moved by at most one bar onto the bar line where the bars change most, or onto a phrase line.

    The bar line where the :data:`SETTLE_BARS` means before and after differ
    most (:func:`_change`) is where a part starts in a quick song, but in a
    slow one the means change about as much a bar early or late. Parts
    mostly start a whole number of phrases (:data:`PHRASE_BARS`) apart (a
    regularity prior after Sargent, Bimbot & Vincent, 2011): the song's
    phrase lines are the bar lines, counted modulo a phrase, where most of
    the moved boundaries fall (the earliest on a tie). A boundary within a
    bar of a phrase line goes there when the bars change there within
    :data:`PHRASE_TOLERANCE` of the most.

    Parameters
    ----------
    cuts : list of int
        Bar lines where the bars' type changes.
    features : np.ndarray [shape=(dims, n)]
        Each bar's features.
    n : int
        The number of bars.

    Returns
    -------
    list of int
        The moved bar lines, sorted, each once.

    Examples
    --------
    >>> flat = np.ones((2, 16))
    >>> settle([4, 9, 11], flat, 16)  # the bars change nowhere: each goes to the phrase line next to it
    [4, 8, 12]
    """
    near = [[j for j in (c - 1, c, c + 1) if 0 < j < n] for c in cuts]
    moved = [max(options, key=lambda j: _change(features, j)) for options in near]
    if not moved:
        return []
    phase = int(np.argmax(np.bincount(np.unique(moved) % PHRASE_BARS, minlength=PHRASE_BARS)))
    for i, options in enumerate(near):
        line = [j for j in options if j % PHRASE_BARS == phase]
        if line and _change(features, line[0]) >= _change(features, moved[i]) - PHRASE_TOLERANCE:
            moved[i] = line[0]
    return sorted(set(moved))


def merge_short(cuts: list[int], features: np.ndarray, n: int) -> list[int]:
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


def join_same(spans: list[tuple[int, int]], kinds: list[int]) -> tuple[list[tuple[int, int]], list[int]]:
    """Neighbouring sections of the same type as one."""
    out_spans, out_kinds = [spans[0]], [kinds[0]]
    for span, kind in zip(spans[1:], kinds[1:]):
        if kind == out_kinds[-1]:
            out_spans[-1] = (out_spans[-1][0], span[1])
        else:
            out_spans.append(span)
            out_kinds.append(kind)
    return out_spans, out_kinds


def join_alternations(
    spans: list[tuple[int, int]], kinds: list, *, bar_times: np.ndarray
) -> tuple[list[tuple[int, int]], list]:
    """Sections that alternate between two types, shorter than a part inside the run, as one section.

    Two types taking turns every phrase or so (``A4 B4 A4 B4``) are the
    phrases of one part: a call and its answer, a verse whose lines
    alternate two tunes. A musician navigates by that part, not by each
    line. A run of at least :data:`ALTERNATION` sections taking turns, each
    shorter than :data:`PART_BARS` except the first and the last (a longer
    first or last turn is where the part settles in or ends), becomes one
    section; runs of the same two types share a type (their letter). The
    turns inside the run must average at most :data:`TURN_BARS`: verses of
    8 bars between 4-bar choruses take turns too, each found a bar or two
    short or long (``V9 C6 V6 C5 V7 C6``), and they are sections of their own.
    They must also average at most :data:`TURN_SECONDS`: in a slow song a
    4-bar verse and a 4-bar chorus take turns every 14 s or so, and they are
    parts, not lines. And the run spans at most :data:`RUN_SHARE` of the
    song: lines take turns inside a part, while a song whose two types take
    turns from start to end is made of short verses and choruses.

    Parameters
    ----------
    spans : list of (int, int)
        Each section's first bar and the bar after its last.
    kinds : list
        Each section's type.
    bar_times : np.ndarray [shape=(bars + 1,)]
        The bar lines in seconds, the song's end last (:func:`~jamwithme.analysis.sections.bar_edges`).

    Returns
    -------
    spans, kinds
        The sections with each run joined; a joined run's type is ``("pair", a, b)``.

    Examples
    --------
    >>> spans = [(0, 8), (8, 12), (12, 16), (16, 20), (20, 24), (24, 40), (40, 48)]
    >>> quick = np.arange(49) * 1.4  # bars of 1.4 s: turns of 5.6 s
    >>> song = [*spans, (48, 96)]  # then a part of 48 bars: the run spans 40 of 96
    >>> join_alternations(song, [0, 1, 0, 1, 0, 1, 2, 3], bar_times=np.arange(97) * 1.4)  # turns of 5.6 s
    ([(0, 40), (40, 48), (48, 96)], [('pair', 0, 1), 2, 3])
    >>> join_alternations(song, [0, 1, 0, 1, 0, 1, 2, 3], bar_times=np.arange(97) * 3.5)  # turns of 14 s
    ([(0, 8), (8, 12), (12, 16), (16, 20), (20, 24), (24, 40), (40, 48), (48, 96)], [0, 1, 0, 1, 0, 1, 2, 3])
    >>> join_alternations(spans, [0, 1, 0, 1, 0, 1, 2], bar_times=quick)  # 40 of 48 bars: verses and choruses
    ([(0, 8), (8, 12), (12, 16), (16, 20), (20, 24), (24, 40), (40, 48)], [0, 1, 0, 1, 0, 1, 2])
    >>> join_alternations([(0, 8), (8, 16), (16, 24), (24, 32)], [0, 1, 0, 1], bar_times=quick)  # 8-bar parts
    ([(0, 8), (8, 16), (16, 24), (24, 32)], [0, 1, 0, 1])
    >>> join_alternations([(0, 9), (9, 15), (15, 21), (21, 26), (26, 33), (33, 39)], [0, 1, 0, 1, 0, 1],
    ...                   bar_times=quick)
    ([(0, 9), (9, 15), (15, 21), (21, 26), (26, 33), (33, 39)], [0, 1, 0, 1, 0, 1])
    """
    out_spans, out_kinds = [], []
    i, m = 0, len(spans)
    bars = spans[-1][1] - spans[0][0] if spans else 0
    while i < m:
        run = [i]
        for j in range(i + 1, m):
            if len(run) >= 2 and kinds[j] != kinds[j - 2]:
                break
            run.append(j)
            if spans[j][1] - spans[j][0] >= PART_BARS:
                break  # a long turn ends the run
        inner = [spans[k][1] - spans[k][0] for k in run[1:-1]]
        seconds = [bar_times[spans[k][1]] - bar_times[spans[k][0]] for k in run[1:-1]]
        lines = len(run) >= ALTERNATION and np.mean(inner) <= TURN_BARS and np.mean(seconds) <= TURN_SECONDS
        if lines and spans[run[-1]][1] - spans[run[0]][0] > RUN_SHARE * bars:  # the song's parts: none joined
            out_spans.extend(spans[k] for k in run)
            out_kinds.extend(kinds[k] for k in run)
            i = run[-1] + 1
        elif lines:
            out_spans.append((spans[run[0]][0], spans[run[-1]][1]))
            out_kinds.append(("pair", *sorted((kinds[run[0]], kinds[run[1]]))))
            i = run[-1] + 1
        else:
            out_spans.append(spans[i])
            out_kinds.append(kinds[i])
            i += 1
    return join_same(out_spans, out_kinds)


def refit(spans: list[tuple[int, int]], kinds: list, labels: np.ndarray, features: np.ndarray) -> list:
    """The boundaries of joined alternations moved (at most a phrase) to where each side's bars fit its part best.

    The clustering blurs where a part made of two alternating phrases ends:
    a last answer is easily taken for the start of the next part. Each bar
    near such a boundary belongs to the side whose types' centres (the mean
    bar of each type) it is nearer, and the boundary goes where the bars'
    distances to their side's centres add up least (a k-means step on the
    bar line). Other boundaries stay where :func:`settle` put them.
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
