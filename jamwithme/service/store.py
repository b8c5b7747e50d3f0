"""A content-addressed store of songs and results, verified on every read.

An *entry* is a few named files under one key (a song's samples, a job's
stems, an analysis as JSON) plus ``meta.json`` and a ``manifest.json`` that
records every file's size and SHA-256. Entries are written whole or not at
all: files go to a staging folder, the manifest is written last, and the
folder is renamed into place (git's and Docker's content stores work the same
way). Before an entry is served, every file is checked against the manifest; an
entry that fails (a flipped byte, a truncated or missing file, an edited
``meta.json``, an empty manifest) is deleted and reported as absent, so the job
that made it runs again and stores a good copy: never served, never left to be
recomputed forever.

The check hashes each file when it is first read in a process, and again
when its stamp changes or when it has not been hashed for
:data:`REVERIFY_EVERY` seconds (see there for why that period). The stamp is the
file's size, modification and *change* times and inode: a write through the
file system moves the change time even when the writer puts the modification
time back (``os.utime``), which size and modification time alone missed. What
no stamp sees (a failing disk, a bit flipped in the page cache, a network file
system changed on its server) is caught by the periodic re-hash.

Readers check what they parse too: a file that passed its checksum but does not
parse (a ``.npy`` header, JSON with ``NaN`` in it) is damage as well
(:class:`~jamwithme.errors.StoreError`), and the service deletes the entry and
makes it again. Nothing non-finite is stored in the first place:
:meth:`Staging.write_json` refuses NaN and infinities, and the clip writer
refuses non-finite samples (:mod:`jamwithme.service.clips`).

:class:`Store` is the interface; :class:`LocalStore` keeps entries in a folder
on this machine. A networked store (S3) implements the same methods and keeps
the same manifest, so every backend is verified the same way.

Everything under the store's folder counts against its size limit, not just
valid entries: stray files and leftover staging folders are junk, removed by
:meth:`LocalStore.sweep` (staging folders once the process that staged them is
gone, or after a grace period), and least recently used entries are evicted
until the folder fits. Junk goes first: before a valid entry is evicted to make
room, whatever is not an entry is removed, so junk never costs an entry its place.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import shutil
import threading
import time
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from jamwithme.errors import ParameterError, StoreError, UnavailableError
from jamwithme.files import file_digest
from jamwithme.service.leftovers import stale

logger = logging.getLogger("jamwithme")

MANIFEST = "manifest.json"
META = "meta.json"
STAGING_PREFIX = ".staging-"
MANIFEST_VERSION = 1
_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,199}")
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
#: Seconds after which a file verified in this process is hashed again on its next read, even if its
#: stamp is unchanged. The stamp (size, mtime, ctime, inode) catches every change made through the file
#: system at once, ctime included (no process can set it back), so this period only bounds how long
#: damage below the file system could be served. SHA-256 runs at about 1.2 GB/s here: the stems of a
#: 20-minute song (0.85 GB) take about 0.7 s, so hashing on every read would add that to every page
#: rerun; once every 10 minutes, the same period as the sweep, costs at most the whole 4 GB store per
#: 10 minutes (under 1 % of a core) when every entry is in use.
REVERIFY_EVERY = 600.0


def check_key(key: str) -> str:
    """Return ``key`` if it is a plain name a store accepts; raise :class:`ParameterError` otherwise."""
    if not isinstance(key, str) or not _KEY.fullmatch(key):
        raise ParameterError(f"store key {key!r} is not a plain name (letters, digits, '.', '_', '-')")
    return key


@dataclass
class StoreStats:
    """What a store has done since it was made: the tests' way to see recomputation without timing."""

    hits: int = 0
    misses: int = 0
    puts: int = 0
    corrupt: int = 0
    evicted: int = 0
    swept: int = 0
    #: Files hashed to check them (first reads, changed stamps, periodic re-checks).
    hashed: int = 0

    def snapshot(self) -> dict[str, int]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class Entry:
    """A verified entry: its key, its metadata and where its files are on this machine."""

    key: str
    meta: Mapping[str, Any]
    folder: Path
    files: tuple[str, ...] = field(default=())

    def path(self, name: str) -> Path:
        """The local path of file ``name`` of this entry."""
        if name not in self.files:
            raise StoreError(f"entry {self.key!r} has no file {name!r} (it has {', '.join(self.files) or 'none'})")
        return self.folder / name

    def read_bytes(self, name: str) -> bytes:
        return self.path(name).read_bytes()

    def read_json(self, name: str) -> Any:
        """A JSON file of the entry; one that does not parse (or holds NaN or infinities) is damage."""
        return parse_json(self.path(name).read_bytes(), f"{self.key}/{name}")


def _refuse_constant(name: str) -> None:
    raise ValueError(f"{name} is not a number JSON allows")


def parse_json(data: bytes, what: str) -> Any:
    """Strict JSON (no ``NaN`` or ``Infinity``); :class:`StoreError` naming ``what`` if it does not parse."""
    try:
        return json.loads(data, parse_constant=_refuse_constant)
    except (ValueError, RecursionError) as exc:
        raise StoreError(f"{what} is not valid JSON ({str(exc)[:120]})") from None


class Staging:
    """A folder where one entry's files are written before the store commits them.

    Write files with :meth:`path` (any way you like: ``np.save``, a streaming
    writer, ``write_bytes``) or :meth:`write_bytes` / :meth:`write_json`; set
    :attr:`meta`. The store hashes the files and writes the manifest on commit.
    """

    def __init__(self, folder: Path):
        self.folder = folder
        self.meta: dict[str, Any] = {}

    def path(self, name: str) -> Path:
        if not _NAME.fullmatch(name) or name in (MANIFEST, META):
            raise ParameterError(f"file name {name!r} is not a plain name, or is reserved")
        return self.folder / name

    def write_bytes(self, name: str, data: bytes) -> Path:
        path = self.path(name)
        path.write_bytes(data)
        return path

    def write_json(self, name: str, value: Any) -> Path:
        """Write ``value`` as strict JSON; a NaN or infinity in it is refused (a result like that is never stored)."""
        try:
            text = json.dumps(value, allow_nan=False)
        except ValueError as exc:
            raise StoreError(f"{name} would hold a value JSON cannot carry ({exc}); it is not stored") from None
        return self.write_bytes(name, text.encode())


class Store(Protocol):
    """What the service needs from a store of songs and results (local folder, or S3 and the like)."""

    stats: StoreStats

    def get(self, key: str) -> Entry | None:
        """The verified entry under ``key``, or ``None`` (absent, or corrupt and now deleted)."""

    def has(self, key: str) -> bool:
        """Whether a verified entry is under ``key`` (the same check as :meth:`get`)."""

    def writer(self, key: str) -> contextlib.AbstractContextManager[Staging]:
        """Stage an entry; on a clean exit it is committed whole, on an error nothing is stored."""

    def delete(self, key: str) -> None: ...

    def sweep(self) -> None:
        """Remove junk and stale staging, evict least recently used entries past the size limit."""

    def ping(self) -> None:
        """Raise :class:`~jamwithme.errors.UnavailableError` if the store cannot be reached now."""


def _manifest_for(folder: Path, meta: Mapping[str, Any]) -> dict[str, Any]:
    try:
        text = json.dumps(dict(meta), allow_nan=False, sort_keys=True)
    except ValueError as exc:
        raise StoreError(f"the entry's metadata holds a value JSON cannot carry ({exc}); it is not stored") from None
    (folder / META).write_text(text)
    files = {}
    for path in sorted(folder.iterdir()):
        if path.name == MANIFEST or not path.is_file():
            continue
        files[path.name] = {"size": path.stat().st_size, "sha256": file_digest(path)}
    return {"version": MANIFEST_VERSION, "files": files}


def _stamp(info: os.stat_result) -> tuple[int, ...]:
    """What changes whenever a file is written through the file system: size, mtime, ctime, inode, device.

    ``ctime`` is the one a writer cannot set back (``os.utime`` sets it to now), so
    flipped bytes with the size and modification time restored still change it.
    """
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev)


def _strays_in(folder: Path) -> bool:
    """Whether an entry folder holds files its manifest does not name (or its manifest is unreadable)."""
    try:
        named = set(json.loads((folder / MANIFEST).read_text())["files"])
        return bool({p.name for p in folder.iterdir()} - named - {MANIFEST})
    except (OSError, ValueError, KeyError, TypeError):
        return True


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
        if max_bytes <= 0:
            raise ParameterError(f"max_bytes={max_bytes} must be positive")
        if not reverify > 0:
            raise ParameterError(f"reverify={reverify} must be a positive number of seconds")
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.max_bytes = int(max_bytes)
        self.grace = float(grace)
        self.sweep_every = float(sweep_every)
        self.reverify = float(reverify)
        self.stats = StoreStats()
        self._lock = threading.RLock()
        #: (key, file) -> (the file's stamp when it was hashed, when that was on the monotonic clock)
        self._verified: dict[tuple[str, str], tuple[tuple[int, ...], float]] = {}
        self._last_sweep = 0.0
        self.sweep()

    # ---------------------------------------------------------------- reading
    def _entry_folder(self, key: str) -> Path:
        return self.folder / check_key(key)

    def _verify(self, key: str, folder: Path) -> Entry | None:
        """Check every file of the entry against its manifest; ``None`` if it has none (absent)."""
        manifest_path = folder / MANIFEST
        try:
            manifest = json.loads(manifest_path.read_text())
            files = manifest["files"]
            if manifest.get("version") != MANIFEST_VERSION or META not in files:
                raise ValueError("unknown manifest version, or no meta.json in it")
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise StoreError(f"its manifest is unreadable ({exc})") from None
        present = {p.name for p in folder.iterdir()} - {MANIFEST}
        if present != set(files):
            missing, extra = sorted(set(files) - present), sorted(present - set(files))
            raise StoreError(f"files differ from the manifest (missing {missing}, unexpected {extra})")
        now = time.monotonic()
        for name, record in files.items():
            path = folder / name
            info = path.stat()
            if info.st_size != record["size"]:
                raise StoreError(f"{name} is {info.st_size} bytes, the manifest says {record['size']}")
            stamp = _stamp(info)
            known = self._verified.get((key, name))
            if known is not None and known[0] == stamp and now - known[1] < self.reverify:
                continue
            self.stats.hashed += 1
            if file_digest(path) != record["sha256"]:
                raise StoreError(f"{name} does not match its checksum")
            self._verified[(key, name)] = (stamp, now)
        meta = parse_json((folder / META).read_bytes(), f"{key}/{META}")
        if not isinstance(meta, dict):
            raise StoreError(f"{key}/{META} is not a JSON object")
        return Entry(key, meta, folder, tuple(sorted(set(files) - {META})))

    def get(self, key: str) -> Entry | None:
        folder = self._entry_folder(key)
        self._maybe_sweep()
        with self._lock:
            try:
                entry = self._verify(key, folder) if folder.is_dir() else None
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
            manifest = _manifest_for(staging.folder, staging.meta)
            # The manifest goes last: a folder without one is never an entry.
            (staging.folder / MANIFEST).write_text(json.dumps(manifest))
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
        for name in [n for (k, n) in self._verified if k == key]:
            self._verified.pop((key, name), None)
        shutil.rmtree(folder, ignore_errors=True)
        with contextlib.suppress(FileNotFoundError):
            folder.unlink()  # a stray file where an entry should be

    # ---------------------------------------------------------------- size
    def size(self) -> int:
        """Bytes under the folder: everything, entries or not."""
        total = 0
        for root, _, files in os.walk(self.folder):
            for name in files:
                with contextlib.suppress(OSError):
                    total += os.lstat(os.path.join(root, name)).st_size
        return total

    def _maybe_sweep(self) -> None:
        if time.monotonic() - self._last_sweep > self.sweep_every:
            self.sweep()

    def sweep(self) -> None:
        """Remove stale staging folders and junk, then evict until the folder fits."""
        with self._lock:
            self._last_sweep = time.monotonic()
            self._remove_junk()
            self._evict(keep=None)

    def _remove_junk(self) -> None:
        """Remove what is not an entry and never will be: stray files, folders without a manifest,
        entry folders holding files their manifest does not name, staging folders of dead processes."""
        now = time.time()
        for path in list(self.folder.iterdir()):
            if path.is_dir() and (path / MANIFEST).is_file():
                if not _strays_in(path):
                    continue
                logger.warning("store: %s holds files its manifest does not name: removing it", path.name)
            elif path.name.startswith((STAGING_PREFIX, ".put-")) and not stale(path, grace=self.grace, now=now):
                continue  # a write in progress
            else:
                logger.info("store: removing leftover %s", path.name)
            self._remove(path.name, path)
            self.stats.swept += 1

    def _evict(self, keep: Path | None) -> None:
        total = self.size()
        if total <= self.max_bytes:
            return
        # Junk first: a valid entry never gives up its place while there is junk to remove.
        self._remove_junk()
        total = self.size()
        if total <= self.max_bytes:
            return
        entries = []
        for path in self.folder.iterdir():
            manifest = path / MANIFEST
            if path != keep and path.is_dir() and manifest.is_file():
                size = sum(f.stat().st_size for f in path.iterdir())
                entries.append((manifest.stat().st_mtime, path, size))
        for _, path, size in sorted(entries):
            if total <= self.max_bytes:
                break
            self._remove(path.name, path)
            total -= size
            self.stats.evicted += 1
            logger.info("store: evicted %s (%.1f MB)", path.name, size / 1e6)
        if total > self.max_bytes:
            logger.warning(
                "store: %s holds %.1f MB, over its %.1f MB limit, in files that are not entries",
                self.folder,
                total / 1e6,
                self.max_bytes / 1e6,
            )
