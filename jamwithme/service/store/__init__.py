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

The store's parts, one job each:

* :mod:`.entries`: what an entry is (:class:`Entry`, :class:`Staging`, the
  :class:`Store` interface, keys, :class:`StoreStats`);
* :mod:`.manifest`: a manifest written, read and checked, files hashed only
  when their stamp or the re-hash period says so (the S3 store reuses it);
* :mod:`.eviction`: what counts against the size limit, junk, least recently
  used entries evicted;
* :mod:`.local`: :class:`LocalStore`, entries put and got in a folder here.
"""

from __future__ import annotations

from jamwithme.service.store.entries import (
    MANIFEST,
    META,
    STAGING_PREFIX,
    Entry,
    Staging,
    Store,
    StoreStats,
    check_key,
    parse_json,
)
from jamwithme.service.store.local import LocalStore
from jamwithme.service.store.manifest import MANIFEST_VERSION, REVERIFY_EVERY

__all__ = [
    "MANIFEST",
    "MANIFEST_VERSION",
    "META",
    "REVERIFY_EVERY",
    "STAGING_PREFIX",
    "Entry",
    "LocalStore",
    "Staging",
    "Store",
    "StoreStats",
    "check_key",
    "parse_json",
]
