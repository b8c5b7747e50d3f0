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

The package by job: :mod:`~jamwithme.remix.walking` (:class:`Walk`,
:func:`walk`, the jump rules), :mod:`~jamwithme.remix.rendering`
(:func:`render`, :func:`render_blocks`, the joins); here :func:`beat_remix`
and its :class:`Remix`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import numpy as np

from jamwithme.audio import AudioClip
from jamwithme.beats import Analysis, Progress, analyze
from jamwithme.remix.rendering import (
    CLICK_WINDOW,
    DEFAULT_CROSSFADE,
    MAX_CROSSFADE,
    MAX_FADE_OUT,
    _check_fits,
    render,
    render_blocks,
)
from jamwithme.remix.walking import (
    AN_ANALYSIS,
    DEFAULT_MIN_JUMP,
    DEFAULT_RAMP,
    DEFAULT_TEMPERATURE,
    FRESH_SEEDS,
    MAX_BEATS,
    MAX_DURATION,
    MAX_SEED,
    MAX_TEMPERATURE,
    METHODS,
    Jump,
    Walk,
    _check_walk_params,
    fresh_seed,
    jump_chance,
    jump_targets,
    walk,
)

__all__ = [
    "AN_ANALYSIS",
    "CLICK_WINDOW",
    "DEFAULT_CROSSFADE",
    "DEFAULT_MIN_JUMP",
    "DEFAULT_RAMP",
    "DEFAULT_TEMPERATURE",
    "FRESH_SEEDS",
    "MAX_BEATS",
    "MAX_CROSSFADE",
    "MAX_DURATION",
    "MAX_FADE_OUT",
    "MAX_SEED",
    "MAX_TEMPERATURE",
    "METHODS",
    "Jump",
    "Remix",
    "Walk",
    "beat_remix",
    "fresh_seed",
    "jump_chance",
    "jump_targets",
    "render",
    "render_blocks",
    "walk",
]

logger = logging.getLogger("jamwithme")


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
