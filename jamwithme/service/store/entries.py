"""What an entry of the store is: its key, its files, how it is staged, and what a store offers.

An entry is a few named files under one key plus ``meta.json`` and
``manifest.json`` (:mod:`jamwithme.service.store.manifest`). This module is the
shape every backend shares (:class:`~jamwithme.service.store.LocalStore`, the
S3 store): :class:`Entry` as it is served, :class:`Staging` as it is written,
the :class:`Store` interface and its :class:`StoreStats`.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from jamwithme.errors import ParameterError, StoreError

MANIFEST = "manifest.json"
META = "meta.json"
STAGING_PREFIX = ".staging-"
_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,199}")
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")


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
