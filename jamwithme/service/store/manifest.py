"""An entry's manifest: written last when an entry is committed, and every file checked against it on a read.

The manifest records every file's size and SHA-256 (``meta.json`` included).
Every backend writes and reads it the same way: the local store checks an
entry folder against it (:class:`Verifier`), the S3 store each downloaded file
(:func:`check_file`) against the bucket's copy (:func:`parse_manifest`).
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from jamwithme.errors import StoreError
from jamwithme.files import file_digest
from jamwithme.service.store.entries import MANIFEST, META, Entry, StoreStats, parse_json

MANIFEST_VERSION = 1
#: Seconds after which a file verified in this process is hashed again on its next read, even if its
#: stamp is unchanged. The stamp (size, mtime, ctime, inode) catches every change made through the file
#: system at once, ctime included (no process can set it back), so this period only bounds how long
#: damage below the file system could be served. SHA-256 runs at about 1.2 GB/s here: the stems of a
#: 20-minute song (0.85 GB) take about 0.7 s, so hashing on every read would add that to every page
#: rerun; once every 10 minutes, the same period as the sweep, costs at most the whole 4 GB store per
#: 10 minutes (under 1 % of a core) when every entry is in use.
REVERIFY_EVERY = 600.0


def write_manifest(folder: Path, meta: Mapping[str, Any]) -> None:
    """Write ``meta.json``, then the manifest of every file in ``folder``: the manifest last (without it, no entry)."""
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
    (folder / MANIFEST).write_text(json.dumps({"version": MANIFEST_VERSION, "files": files}))


def _stamp(info: os.stat_result) -> tuple[int, ...]:
    """What changes whenever a file is written through the file system: size, mtime, ctime, inode, device.

    ``ctime`` is the one a writer cannot set back (``os.utime`` sets it to now), so
    flipped bytes with the size and modification time restored still change it.
    """
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev)


def parse_manifest(data: bytes) -> dict[str, Any]:
    """The files a manifest names, ``{name: {"size", "sha256"}}``; :class:`StoreError` if it is unreadable."""
    try:
        manifest = json.loads(data)
        files = manifest["files"]
        if manifest.get("version") != MANIFEST_VERSION or META not in files:
            raise ValueError("unknown manifest version, or no meta.json in it")
    except (ValueError, KeyError, TypeError) as exc:
        raise StoreError(f"its manifest is unreadable ({exc})") from None
    return files


def check_size(name: str, size: int, record: Mapping[str, Any]) -> None:
    """:class:`StoreError` unless file ``name`` has the size its manifest ``record`` says."""
    if size != record["size"]:
        raise StoreError(f"{name} is {size} bytes, the manifest says {record['size']}")


def check_digest(path: Path, name: str, record: Mapping[str, Any]) -> None:
    """:class:`StoreError` unless the file at ``path`` hashes to its manifest ``record``'s SHA-256."""
    if file_digest(path) != record["sha256"]:
        raise StoreError(f"{name} does not match its checksum")


def check_file(path: Path, name: str, record: Mapping[str, Any]) -> None:
    """Check the file at ``path`` against its manifest ``record``: its size, then its SHA-256."""
    check_size(name, path.stat().st_size, record)
    check_digest(path, name, record)


def strays_in(folder: Path) -> bool:
    """Whether an entry folder holds files its manifest does not name (or its manifest is unreadable)."""
    try:
        named = set(json.loads((folder / MANIFEST).read_text())["files"])
        return bool({p.name for p in folder.iterdir()} - named - {MANIFEST})
    except (OSError, ValueError, KeyError, TypeError):
        return True


class Verifier:
    """Checks entry folders against their manifests, hashing a file only when it may have changed.

    A file is hashed when it is first read in this process, when its stamp
    changes, or when it has not been hashed for ``reverify`` seconds; each
    hash counts in ``stats.hashed``.
    """

    def __init__(self, *, reverify: float, stats: StoreStats):
        self.reverify = float(reverify)
        self.stats = stats
        #: (key, file) -> (the file's stamp when it was hashed, when that was on the monotonic clock)
        self._verified: dict[tuple[str, str], tuple[tuple[int, ...], float]] = {}

    def verify(self, key: str, folder: Path) -> Entry | None:
        """Check every file of the entry against its manifest; ``None`` if it has none (absent)."""
        try:
            data = (folder / MANIFEST).read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise StoreError(f"its manifest is unreadable ({exc})") from None
        files = parse_manifest(data)
        present = {p.name for p in folder.iterdir()} - {MANIFEST}
        if present != set(files):
            missing, extra = sorted(set(files) - present), sorted(present - set(files))
            raise StoreError(f"files differ from the manifest (missing {missing}, unexpected {extra})")
        now = time.monotonic()
        for name, record in files.items():
            path = folder / name
            info = path.stat()
            check_size(name, info.st_size, record)
            stamp = _stamp(info)
            known = self._verified.get((key, name))
            if known is not None and known[0] == stamp and now - known[1] < self.reverify:
                continue
            self.stats.hashed += 1
            check_digest(path, name, record)
            self._verified[(key, name)] = (stamp, now)
        meta = parse_json((folder / META).read_bytes(), f"{key}/{META}")
        if not isinstance(meta, dict):
            raise StoreError(f"{key}/{META} is not a JSON object")
        return Entry(key, meta, folder, tuple(sorted(set(files) - {META})))

    def forget(self, key: str) -> None:
        """Drop what is known of ``key``'s files: an entry written again under it is hashed on its next read."""
        for name in [n for (k, n) in self._verified if k == key]:
            self._verified.pop((key, name), None)
