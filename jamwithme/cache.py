"""Results cached on the content of the song plus the settings, never on a file name.

:func:`song_key` hashes the audio itself (SHA-256 of the decoded samples, or
of the uploaded bytes), so two uploads of the same song share results and two
songs with the same name never do. :class:`DiskCache` keeps clips on disk as
float32 ``.npy`` files (exact, memory-mapped on read), bounded in total size,
oldest-used evicted first, so a page switch, a slider set back, or a reloaded
browser tab finds a separation the server already did.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
import threading
from collections.abc import Mapping
from pathlib import Path

import numpy as np

from jamwithme.audio import AudioClip
from jamwithme.errors import ParameterError

logger = logging.getLogger("jamwithme")


def content_hash(data: bytes | AudioClip) -> str:
    """SHA-256 hex digest of raw bytes or of a clip's samples and rate."""
    digest = hashlib.sha256()
    if isinstance(data, AudioClip):
        digest.update(str(data.sample_rate).encode())
        digest.update(str(data.samples.shape).encode())
        digest.update(np.ascontiguousarray(data.samples).tobytes())
    else:
        digest.update(bytes(data))
    return digest.hexdigest()


def result_key(song: str, operation: str, **params) -> str:
    """A cache key: the song's hash, the operation and its parameters (order-independent)."""
    blob = json.dumps(params, sort_keys=True, default=str)
    return f"{song[:32]}-{operation}-{hashlib.sha256(blob.encode()).hexdigest()[:16]}"


def default_cache_dir() -> Path:
    env = os.environ.get("JAMWITHME_CACHE_DIR")
    if env:
        return Path(env)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "jamwithme" / "results"


class DiskCache:
    """Clips and groups of clips on disk, bounded in size, least recently used evicted first.

    Parameters
    ----------
    folder : path, optional
        Where entries live (default ``$JAMWITHME_CACHE_DIR`` or ``~/.cache/jamwithme/results``).
    max_bytes : int
        Total size kept; older entries are removed to make room (default 4 GB).

    Examples
    --------
    >>> cache = DiskCache(tmp_folder)  # doctest: +SKIP
    >>> cache.put("key", {"accompaniment": clip})  # doctest: +SKIP
    >>> cache.get("key")["accompaniment"].duration  # doctest: +SKIP
    """

    def __init__(self, folder: str | os.PathLike | None = None, *, max_bytes: int = 4 * 1024**3):
        if max_bytes <= 0:
            raise ParameterError(f"max_bytes={max_bytes} must be positive")
        self.folder = Path(folder) if folder else default_cache_dir()
        self.folder.mkdir(parents=True, exist_ok=True)
        self.max_bytes = int(max_bytes)
        self._lock = threading.Lock()

    def _entry(self, key: str) -> Path:
        if not key or "/" in key or key.startswith("."):
            raise ParameterError(f"cache key {key!r} is not a plain name")
        return self.folder / key

    def get(self, key: str) -> dict[str, AudioClip] | None:
        """The clips stored under ``key``, or ``None``."""
        entry = self._entry(key)
        meta = entry / "meta.json"
        try:
            info = json.loads(meta.read_text())
            clips = {
                name: AudioClip(np.load(entry / f"{name}.npy", mmap_mode="r"), rate) for name, rate in info.items()
            }
        except (OSError, ValueError, KeyError):
            return None
        os.utime(meta)  # recently used: evicted last
        return clips

    def put(self, key: str, clips: Mapping[str, AudioClip]) -> None:
        """Store clips under ``key`` atomically (a reader never sees half an entry)."""
        entry = self._entry(key)
        if (entry / "meta.json").is_file():
            return
        staging = Path(tempfile.mkdtemp(prefix=".put-", dir=self.folder))
        try:
            for name, clip in clips.items():
                np.save(staging / f"{name}.npy", np.ascontiguousarray(clip.samples))
            (staging / "meta.json").write_text(json.dumps({n: c.sample_rate for n, c in clips.items()}))
            with self._lock:
                try:
                    staging.rename(entry)
                except OSError:  # someone stored it first
                    return
                self._evict(keep=entry)
        finally:
            if staging.exists():
                _rmtree(staging)

    def _evict(self, keep: Path) -> None:
        entries = []
        total = 0
        for entry in self.folder.iterdir():
            meta = entry / "meta.json"
            if entry.name.startswith(".") or not meta.is_file():
                continue
            size = sum(f.stat().st_size for f in entry.iterdir())
            entries.append((meta.stat().st_mtime, entry, size))
            total += size
        for _, entry, size in sorted(entries):
            if total <= self.max_bytes:
                break
            if entry == keep:
                continue
            _rmtree(entry)
            total -= size
            logger.info("cache: evicted %s (%.1f MB)", entry.name, size / 1e6)

    def size(self) -> int:
        return sum(f.stat().st_size for f in self.folder.rglob("*.npy"))


def _rmtree(path: Path) -> None:
    import shutil

    shutil.rmtree(path, ignore_errors=True)
