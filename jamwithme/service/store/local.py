"""A store in a folder on this machine: entries put whole and got verified, bounded in size.

Writes go to a staging folder and are renamed into place once the manifest is
written (:mod:`~jamwithme.service.store.manifest`); reads check the entry
against its manifest first; what fails is deleted and reported as absent.
The folder's size is kept within its limit by
:mod:`~jamwithme.service.store.eviction`.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

from jamwithme import checks
from jamwithme.errors import StoreError, UnavailableError
from jamwithme.service.store import eviction
from jamwithme.service.store.entries import MANIFEST, STAGING_PREFIX, Entry, Staging, StoreStats, check_key
from jamwithme.service.store.manifest import REVERIFY_EVERY, Verifier, write_manifest

logger = logging.getLogger("jamwithme")


class LocalStore:
    """Entries in a folder on this machine, bounded in size, least recently used evicted first.

    Parameters
    ----------
    folder : path
        Where entries live; created if missing.
    max_bytes : int
        Everything under ``folder`` counts (entries, junk, staging); past this,
        entries are evicted, least recently used first.
    grace : float
        Seconds before a staging folder of a live process counts as junk
        (default 1 hour); staging folders of dead processes, stray files and
        folders without a manifest go at once.
    sweep_every : float
        Seconds between automatic sweeps (on the next write or read).
    reverify : float
        Seconds after which a file is hashed again on its next read even if
        its stamp has not changed (default :data:`REVERIFY_EVERY`).

    Examples
    --------
    >>> import tempfile
    >>> store = LocalStore(tempfile.mkdtemp())
    >>> with store.writer("demo") as w:
    ...     _ = w.write_bytes("hello.txt", b"hi")
    ...     w.meta["kind"] = "example"
    >>> store.get("demo").read_bytes("hello.txt")
    b'hi'
    >>> store.get("demo").meta["kind"]
    'example'
    """

    def __init__(
        self,
        folder: str | os.PathLike,
        *,
        max_bytes: int = 4 * 1024**3,
        grace: float = 3600.0,
        sweep_every: float = 600.0,
        reverify: float = REVERIFY_EVERY,
    ):
        checks.positive("max_bytes", max_bytes, unit="bytes")
        checks.positive("reverify", reverify, unit="seconds")
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.max_bytes = int(max_bytes)
        self.grace = float(grace)
        self.sweep_every = float(sweep_every)
        self.reverify = float(reverify)
        self.stats = StoreStats()
        self._lock = threading.RLock()
        self._verifier = Verifier(reverify=self.reverify, stats=self.stats)
        self._last_sweep = 0.0
        self.sweep()

    # ---------------------------------------------------------------- reading
    def _entry_folder(self, key: str) -> Path:
        return self.folder / check_key(key)

    def get(self, key: str) -> Entry | None:
        folder = self._entry_folder(key)
        self._maybe_sweep()
        with self._lock:
            try:
                entry = self._verifier.verify(key, folder) if folder.is_dir() else None
            except (StoreError, OSError) as exc:
                self.stats.corrupt += 1
                logger.warning("store: %s failed its check and was removed: %s", key, exc)
                self._remove(key, folder)
                entry = None
            if entry is None:
                self.stats.misses += 1
                return None
            self.stats.hits += 1
            with contextlib.suppress(OSError):
                os.utime(folder / MANIFEST)  # recently used: evicted last
            return entry

    def has(self, key: str) -> bool:
        return self.get(key) is not None

    def ping(self) -> None:
        if not self.folder.is_dir():
            logger.warning("store: its folder %s is gone", self.folder)
            raise UnavailableError("the store's folder is missing; please try again later")

    # ---------------------------------------------------------------- writing
    @contextlib.contextmanager
    def writer(self, key: str) -> Iterator[Staging]:
        target = self._entry_folder(key)
        staging = Staging(self.folder / f"{STAGING_PREFIX}{os.getpid()}-{uuid.uuid4().hex}")
        staging.folder.mkdir()
        try:
            yield staging
            write_manifest(staging.folder, staging.meta)  # last: a folder without a manifest is never an entry
            with self._lock:
                if target.exists():
                    if self.get(key) is not None:
                        return  # another job stored the same result first: keep it
                    self._remove(key, target)
                staging.folder.rename(target)
                self.stats.puts += 1
                self._evict(keep=target)
        finally:
            if staging.folder.exists():
                shutil.rmtree(staging.folder, ignore_errors=True)

    def adopt(self, key: str, folder: Path) -> Entry | None:
        """Move a folder that already holds an entry's files and manifest into place, then verify it.

        For a store that fetches entries from elsewhere (:class:`~jamwithme.service.s3_store.S3Store`
        downloads into a staging folder of this store, checks the files and adopts it). An existing
        entry under ``key`` is replaced. Returns the verified entry, or ``None`` if it fails its check.
        """
        target = self._entry_folder(key)
        with self._lock:
            self._remove(key, target)
            Path(folder).rename(target)
            self.stats.puts += 1
            self._evict(keep=target)
        return self.get(key)

    def delete(self, key: str) -> None:
        with self._lock:
            self._remove(key, self._entry_folder(key))

    def _remove(self, key: str, folder: Path) -> None:
        self._verifier.forget(key)
        shutil.rmtree(folder, ignore_errors=True)
        with contextlib.suppress(FileNotFoundError):
            folder.unlink()  # a stray file where an entry should be

    # ---------------------------------------------------------------- size
    def size(self) -> int:
        """Bytes under the folder: everything, entries or not."""
        return eviction.folder_size(self.folder)

    def _maybe_sweep(self) -> None:
        if time.monotonic() - self._last_sweep > self.sweep_every:
            self.sweep()

    def sweep(self) -> None:
        """Remove stale staging folders and junk, then evict until the folder fits."""
        with self._lock:
            self._last_sweep = time.monotonic()
            self.stats.swept += eviction.remove_junk(self.folder, grace=self.grace, remove=self._remove)
            self._evict(keep=None)

    def _evict(self, keep: Path | None) -> None:
        swept, evicted = eviction.evict(
            self.folder, max_bytes=self.max_bytes, keep=keep, grace=self.grace, remove=self._remove
        )
        self.stats.swept += swept
        self.stats.evicted += evicted
