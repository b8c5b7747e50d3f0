"""What counts against a local store's size limit, and what goes when it is past it: junk first, then entries.

Everything under the store's folder counts, not just valid entries. Junk is
what is not an entry and never will be: stray files, folders without a
manifest, entry folders holding files their manifest does not name, and
staging folders whose process is gone (or older than a grace period). Past the
limit, junk is removed first, so junk never costs an entry its place; then
entries go, least recently used first (a read touches the manifest's
modification time).

The functions here only choose and count; the store removes (``remove(key,
folder)``, which also forgets what it verified of the key).
"""

from __future__ import annotations

import contextlib
import logging
import os
import time
from collections.abc import Callable
from pathlib import Path

from jamwithme.service.leftovers import stale
from jamwithme.service.store.entries import MANIFEST, STAGING_PREFIX
from jamwithme.service.store.manifest import strays_in

logger = logging.getLogger("jamwithme")

#: How the store removes a key's folder (or a stray file in its place).
Remove = Callable[[str, Path], None]


def folder_size(folder: Path) -> int:
    """Bytes under ``folder``: everything, entries or not."""
    total = 0
    for root, _, files in os.walk(folder):
        for name in files:
            with contextlib.suppress(OSError):
                total += os.lstat(os.path.join(root, name)).st_size
    return total


def remove_junk(folder: Path, *, grace: float, remove: Remove) -> int:
    """Remove what is not an entry and never will be: stray files, folders without a manifest,
    entry folders holding files their manifest does not name, staging folders of dead processes.

    Returns how many were removed.
    """
    now = time.time()
    removed = 0
    for path in list(folder.iterdir()):
        if path.is_dir() and (path / MANIFEST).is_file():
            if not strays_in(path):
                continue
            logger.warning("store: %s holds files its manifest does not name: removing it", path.name)
        elif path.name.startswith((STAGING_PREFIX, ".put-")) and not stale(path, grace=grace, now=now):
            continue  # a write in progress
        else:
            logger.info("store: removing leftover %s", path.name)
        remove(path.name, path)
        removed += 1
    return removed


def evict(folder: Path, *, max_bytes: int, keep: Path | None, grace: float, remove: Remove) -> tuple[int, int]:
    """Bring ``folder`` within ``max_bytes``: junk first, then entries least recently used first (never ``keep``).

    Returns ``(junk removed, entries evicted)``.
    """
    total = folder_size(folder)
    if total <= max_bytes:
        return 0, 0
    # Junk first: a valid entry never gives up its place while there is junk to remove.
    swept = remove_junk(folder, grace=grace, remove=remove)
    total = folder_size(folder)
    if total <= max_bytes:
        return swept, 0
    entries = []
    for path in folder.iterdir():
        manifest = path / MANIFEST
        if path != keep and path.is_dir() and manifest.is_file():
            size = sum(f.stat().st_size for f in path.iterdir())
            entries.append((manifest.stat().st_mtime, path, size))
    evicted = 0
    for _, path, size in sorted(entries):
        if total <= max_bytes:
            break
        remove(path.name, path)
        total -= size
        evicted += 1
        logger.info("store: evicted %s (%.1f MB)", path.name, size / 1e6)
    if total > max_bytes:
        logger.warning(
            "store: %s holds %.1f MB, over its %.1f MB limit, in files that are not entries",
            folder,
            total / 1e6,
            max_bytes / 1e6,
        )
    return swept, evicted
