"""Small array and signal helpers shared by the musical modules: one crossfade, where to fade, read-only arrays.

One convention for every crossfade in JamWithMe (tempo's joins between
pieces, practice loops, beat-remix jumps):

* gains come as ``(fade_out, fade_in)``: the outgoing side first, as in
  ``outgoing * fade_out + incoming * fade_in``;
* they are sampled at the middle of each sample, ``t = (k + 0.5) / n``, so a
  fade never starts or ends on an exact 0 or 1 and two fades back to back
  do not repeat a sample's gain;
* they keep the level of two sides whose normalized correlation is ``rho``
  (clamped to ``[0, 1]``): ``fade_out² + fade_in² + 2·rho·fade_out·fade_in = 1``,
  which is equal power for unrelated material (``rho = 0``) and equal gain
  for identical material (``rho = 1``), so a join neither dips nor bulges.

Only the path from (1, 0) to (0, 1) along that curve differs, by ``shape``:

``"sine"``
    Along the direction ``(cos, sin)`` of ``πt/2`` (the remix's jumps).
``"linear"``
    Along ``(1 - t, t)`` (practice loops): for ``rho = 1`` a plain linear fade.
``"sine-in"``
    The fade-in is exactly ``sin(πt/2)`` and the fade-out is what keeps the
    level (tempo's joins between pieces).

For ``rho = 0``, ``"sine"`` and ``"sine-in"`` are the same equal-power fade.
"""

from __future__ import annotations

import math

import numpy as np

from jamwithme import checks

SHAPES = ("sine", "linear", "sine-in")


def correlation(a: np.ndarray, b: np.ndarray) -> float:
    """Normalized correlation of two equally shaped signals, in ``[-1, 1]``; 0 if either is silent.

    Parameters
    ----------
    a, b : np.ndarray [shape=(..., n)]
        Computed over all elements, in float64.

    Returns
    -------
    float

    Examples
    --------
    >>> x = np.array([[1.0, -1.0, 0.5]])
    >>> correlation(x, x), correlation(x, -x), correlation(x, 0 * x)
    (1.0, -1.0, 0.0)
    """
    a64, b64 = np.asarray(a, np.float64), np.asarray(b, np.float64)
    energy = float(np.sum(a64**2) * np.sum(b64**2))
    return float(np.sum(a64 * b64) / math.sqrt(energy)) if energy > 0 else 0.0


def crossfade_gains(n: int, *, rho: float = 0.0, shape: str = "sine") -> tuple[np.ndarray, np.ndarray]:
    """Fade-out and fade-in gains over ``n`` samples that keep the level of sides correlated by ``rho``.

    Parameters
    ----------
    n : int
        Length of the fade in samples.
    rho : float
        Normalized correlation of the two sides (:func:`correlation`),
        clamped to ``[0, 1]``.
    shape : {"sine", "linear", "sine-in"}
        The path of the fade (see the module notes).

    Returns
    -------
    fade_out, fade_in : np.ndarray [shape=(n,), dtype=float64]
        ``fade_out² + fade_in² + 2·rho·fade_out·fade_in = 1`` at every sample.

    Raises
    ------
    ParameterError
        Unknown ``shape``.

    Examples
    --------
    >>> fade_out, fade_in = crossfade_gains(4, rho=1.0, shape="linear")
    >>> np.round(fade_in, 3), np.allclose(fade_out + fade_in, 1.0)
    (array([0.125, 0.375, 0.625, 0.875]), True)
    >>> fade_out, fade_in = crossfade_gains(4)
    >>> np.allclose(fade_out**2 + fade_in**2, 1.0)
    True
    """
    checks.one_of("shape", shape, SHAPES)
    rho = min(1.0, max(0.0, float(rho)))
    t = (np.arange(n) + 0.5) / n
    if shape == "sine-in":
        fade_in = np.sin(t * (np.pi / 2))
        fade_out = -rho * fade_in + np.sqrt(np.maximum(0.0, 1.0 - fade_in * fade_in * (1.0 - rho * rho)))
        return fade_out, fade_in
    if shape == "sine":
        out, into = np.cos(t * (np.pi / 2)), np.sin(t * (np.pi / 2))
    else:  # "linear"
        out, into = 1.0 - t, t
    norm = np.sqrt(out**2 + into**2 + 2.0 * rho * out * into)
    return out / norm, into / norm


def crossfade(
    outgoing: np.ndarray, incoming: np.ndarray, *, rho: float | None = None, shape: str = "sine"
) -> np.ndarray:
    """Fade from ``outgoing`` to ``incoming`` (same shape) with :func:`crossfade_gains`.

    Parameters
    ----------
    outgoing, incoming : np.ndarray [shape=(channels, n)]
    rho : float, optional
        Their correlation; measured with :func:`correlation` if not given.
    shape : {"sine", "linear", "sine-in"}

    Returns
    -------
    np.ndarray [shape=(channels, n), dtype=float32]

    Examples
    --------
    >>> a = np.ones((2, 8), np.float32)
    >>> np.allclose(crossfade(a, a), a)  # identical sides pass through at their level
    True
    """
    if rho is None:
        rho = correlation(outgoing, incoming)
    fade_out, fade_in = crossfade_gains(outgoing.shape[-1], rho=rho, shape=shape)
    return (outgoing * fade_out + incoming * fade_in).astype(np.float32)


def best_crossfade(before: np.ndarray, after: np.ndarray, fade: int) -> tuple[int, float]:
    """Where in two versions of the same stretch of music a ``fade``-long crossfade fits best.

    Two versions (two Rubber Band runs over the same input, say) agree in
    their spectrum but not always in their phases, so some places cancel less
    than others when faded across.

    Parameters
    ----------
    before, after : np.ndarray [shape=(channels, m)]
        The same stretch as the outgoing and the incoming version, aligned.
    fade : int
        Length of the crossfade in samples, ``1 <= fade <= m``.

    Returns
    -------
    start : int
        First sample of the ``fade``-long window whose normalized correlation
        (:func:`correlation`, over all channels) is highest.
    rho : float
        That correlation, for :func:`crossfade_gains`; 1 where both are
        silent, 0 where only one is.

    Examples
    --------
    >>> x = np.random.default_rng(0).standard_normal((2, 1000))
    >>> y = -x; y[:, 600:700] = x[:, 600:700]
    >>> start, rho = best_crossfade(x, y, 50)
    >>> 600 <= start <= 650, round(rho, 6)  # any window inside the stretch where they agree
    (True, 1.0)
    """

    def window_sums(x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """Sum of ``x * y`` over both channels in every ``fade``-long window."""
        running = np.concatenate([[0.0], np.cumsum((x * y).sum(axis=0), dtype=np.float64)])
        return running[fade:] - running[:-fade]

    dot = window_sums(before, after)
    energy_a = np.maximum(window_sums(before, before), 0.0)
    energy_b = np.maximum(window_sums(after, after), 0.0)
    norm = np.sqrt(energy_a * energy_b)
    quiet = 1e-10 * fade
    both_silent = (energy_a < quiet) & (energy_b < quiet)
    rho = np.where(norm > quiet, dot / np.maximum(norm, quiet), np.where(both_silent, 1.0, 0.0))
    best = int(np.argmax(rho))
    return best, float(rho[best])


def read_only(values, dtype=None) -> np.ndarray:
    """``values`` as an array no one can change: a read-only copy, or the array itself if it is read-only already.

    Frozen results (an analysis, a walk) hold their arrays through this, so a
    caller changing its own array afterwards cannot change the result, and
    read-only arrays are shared rather than copied again.

    Examples
    --------
    >>> mine = np.arange(3)
    >>> kept = read_only(mine, np.int64)
    >>> mine[0] = 9; kept, kept.flags.writeable, read_only(kept) is kept
    (array([0, 1, 2]), False, True)
    """
    value = np.asarray(values, dtype=dtype)
    if value.flags.writeable:
        value = value.copy()
        value.flags.writeable = False
    return value
