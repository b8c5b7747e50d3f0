"""Streams of ``(channels, m)`` blocks: joined into one clip, or mixed to mono at a rate."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import numpy as np

from jamwithme.audio.types import AudioClip, blocks_of


def join_blocks(blocks: Iterable[np.ndarray], sample_rate: int, channels: int) -> AudioClip:
    """Consecutive ``(channels, m)`` blocks joined into one clip (a copy: a block may be a view of a file).

    The one-go form of every ``*_blocks`` generator; no blocks give an empty
    clip of ``channels`` channels.
    """
    blocks = list(blocks)
    samples = np.concatenate(blocks, axis=1) if blocks else np.zeros((channels, 0), np.float32)
    return AudioClip(samples, sample_rate)


def mono_blocks(clip: AudioClip, sample_rate: int | None = None) -> Iterator[np.ndarray]:
    """The clip's mono mix (float32) as consecutive blocks, at ``sample_rate`` (default: the clip's own).

    Joined, the blocks are exactly ``clip.mono()`` resampled in one go with
    soxr's HQ quality (``librosa.resample``'s default): one soxr stream runs
    over the blocks of :func:`blocks_of`, so a 20-minute song is never held whole.
    """
    blocks = (block.mean(axis=0).astype(np.float32) for block in blocks_of(clip))
    if sample_rate is None or sample_rate == clip.sample_rate:
        yield from blocks
        return
    import soxr

    stream = soxr.ResampleStream(clip.sample_rate, sample_rate, 1, dtype="float32", quality="HQ")
    for block in blocks:
        yield stream.resample_chunk(block)
    yield stream.resample_chunk(np.zeros(0, np.float32), last=True)
