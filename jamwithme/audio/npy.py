"""Clips as float32 ``.npy`` files: written as a stream, read back as memory maps.

A clip ``(channels, n)`` is stored in Fortran order, which puts the channels of
each sample side by side (interleaved, like a WAV file). That layout can be
written block by block without knowing ``n`` in advance (:class:`ClipWriter`),
and read back with :func:`numpy.load` ``(mmap_mode="r")`` as an ordinary
``(channels, n)`` array whose pages are read only when touched
(:func:`read_clip`). The store keeps its clips this way
(:mod:`jamwithme.service.clips`), and the practice render and the original
recipe their intermediate files.
"""

from __future__ import annotations

import os
import struct
from pathlib import Path

import numpy as np

from jamwithme import checks
from jamwithme.audio.types import AudioClip
from jamwithme.errors import ParameterError, StoreError

#: Bytes of the ``.npy`` header :class:`ClipWriter` writes: fixed, so it can be rewritten in place.
HEADER_BYTES = 128
_MAGIC = b"\x93NUMPY\x01\x00"


def _header(channels: int, n: int) -> bytes:
    text = repr({"descr": "<f4", "fortran_order": True, "shape": (channels, n)})
    room = HEADER_BYTES - len(_MAGIC) - 2
    return _MAGIC + struct.pack("<H", room) + text.encode("latin1").ljust(room - 1) + b"\n"


class ClipWriter:
    """Write a clip to a ``.npy`` file block by block.

    Parameters
    ----------
    path : path
        The file to write.
    channels : int
        Channels of every block.

    Examples
    --------
    >>> import tempfile, os
    >>> path = os.path.join(tempfile.mkdtemp(), "clip.npy")
    >>> with ClipWriter(path, channels=2) as w:
    ...     w.write(np.ones((2, 3), np.float32))
    ...     w.write(np.zeros((2, 2), np.float32))
    >>> np.load(path).shape
    (2, 5)
    """

    def __init__(self, path: str | os.PathLike, *, channels: int):
        checks.integer("channels", channels, lo=1)
        self.path = Path(path)
        self.channels = channels
        self.n = 0
        self._fh = open(self.path, "wb")
        self._fh.write(_header(channels, 0))

    def write(self, block: np.ndarray) -> None:
        """Append ``block`` of shape ``(channels, m)``.

        Raises
        ------
        StoreError
            The block holds NaN or infinite samples: a clip like that is never stored.
        """
        block = np.asarray(block, np.float32)
        if block.ndim != 2 or block.shape[0] != self.channels:
            raise ParameterError(f"block of shape {block.shape} is not ({self.channels}, m)")
        finite = np.isfinite(block)
        if not finite.all():
            bad = int(np.argmin(finite.all(axis=0)))
            raise StoreError(
                f"{self.path.name}: sample {self.n + bad} is {block[:, bad]} (NaN or infinite); a clip like that is "
                "never stored"
            )
        self._fh.write(np.ascontiguousarray(block.T).tobytes())
        self.n += block.shape[1]

    def close(self) -> None:
        if self._fh.closed:
            return
        self._fh.seek(0)
        self._fh.write(_header(self.channels, self.n))
        self._fh.close()

    def __enter__(self) -> ClipWriter:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def write_clip(path: str | os.PathLike, clip: AudioClip | np.ndarray, *, block: int = 1 << 20) -> None:
    """Store a whole clip (in blocks, so no second copy of it is made)."""
    samples = clip.samples if isinstance(clip, AudioClip) else np.asarray(clip)
    with ClipWriter(path, channels=samples.shape[0]) as writer:
        for start in range(0, samples.shape[1], block):
            writer.write(samples[:, start : start + block])


def read_clip(path: str | os.PathLike, sample_rate: int) -> AudioClip:
    """A stored clip as a read-only memory map."""
    try:
        samples = np.load(path, mmap_mode="r")
    except (OSError, ValueError) as exc:
        raise StoreError(f"{Path(path).name} is not a stored clip ({exc})") from None
    return AudioClip(samples, sample_rate)
