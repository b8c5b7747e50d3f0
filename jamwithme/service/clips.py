"""Clips in the store: float32 ``.npy`` files, written as a stream and read as memory maps.

A clip ``(channels, n)`` is stored in Fortran order, which puts the channels of
each sample side by side (interleaved, like a WAV file). That layout can be
written block by block without knowing ``n`` in advance (:class:`ClipWriter`:
a separation or a decode streams its output to disk in bounded memory), and
read back with :func:`numpy.load` ``(mmap_mode="r")`` as an ordinary
``(channels, n)`` array whose pages are read only when touched. A page or a
job that holds a 20-minute song this way holds a few pages of it, not 420 MB.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np

from jamwithme.audio import SAMPLE_RATE, AudioClip
from jamwithme.audio.npy import ClipWriter, read_clip, write_clip
from jamwithme.errors import StoreError
from jamwithme.service.store import Entry, Staging


def put_clips(staging: Staging, clips: Mapping[str, AudioClip]) -> None:
    """Write ``clips`` into an entry being staged, with their rates in its meta."""
    rates = {}
    for name, clip in clips.items():
        write_clip(staging.path(f"{name}.npy"), clip)
        rates[name] = int(clip.sample_rate)
    staging.meta["clips"] = rates


def put_clip_blocks(
    staging: Staging, name: str, blocks: Iterable[np.ndarray], *, channels: int, sample_rate: int
) -> None:
    """Write one clip, block by block as ``blocks`` yields them, into an entry being staged."""
    with ClipWriter(staging.path(f"{name}.npy"), channels=channels) as writer:
        for block in blocks:
            writer.write(block)
    staging.meta.setdefault("clips", {})[name] = int(sample_rate)


def get_clips(entry: Entry, names: Iterable[str] | None = None) -> dict[str, AudioClip]:
    """The clips of a verified entry (memory maps), checked to be the ones asked for.

    Raises
    ------
    StoreError
        The entry lacks a clip in ``names``, a clip is not at the service's
        rate, or a file is not a stored clip.
    """
    rates = dict(entry.meta.get("clips", {}))
    wanted = list(names) if names is not None else list(rates)
    missing = [n for n in wanted if n not in rates]
    if missing:
        raise StoreError(f"entry {entry.key!r} has no {', '.join(missing)} (it has {', '.join(rates) or 'nothing'})")
    odd = {n: rates[n] for n in wanted if rates[n] != SAMPLE_RATE}
    if odd:  # every clip the service stores was resampled at load
        raise StoreError(f"entry {entry.key!r} has clips at {odd} Hz, not {SAMPLE_RATE} Hz")
    return {name: read_clip(entry.path(f"{name}.npy"), rates[name]) for name in wanted}
