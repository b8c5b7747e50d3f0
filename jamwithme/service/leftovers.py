"""Folders a process makes for itself, and the sweep of those a process that is gone left behind.

A staging folder of the store or a temporary folder of the API (an upload, a
fetched link) is named ``<prefix><pid>-<random hex>``: after a ``kill -9``
nobody removes it, and the process id in its name lets :func:`stale` tell
that its owner is gone (or, failing that, that it is older than a grace
period). :class:`jamwithme.service.store.LocalStore` sweeps its staging
folders so; :func:`sweep_leftovers` does the same for the temporary folders.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import tempfile
import time
import uuid
from pathlib import Path

logger = logging.getLogger("jamwithme")


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def staging_owner(name: str) -> int | None:
    """The process id in a staging (or temporary) folder's name ``<prefix><pid>-<random>``, if any."""
    match = re.search(r"-(\d+)-[0-9a-f]+$", name)
    return int(match.group(1)) if match else None


def stale(path: Path, *, grace: float, now: float | None = None) -> bool:
    """Whether a leftover staging or temporary folder can go: its process is gone, or it is older than ``grace``."""
    owner = staging_owner(path.name)
    if owner is not None and owner != os.getpid() and not _pid_alive(owner):
        return True
    try:
        age = (now or time.time()) - path.stat().st_mtime
    except FileNotFoundError:
        return False
    return age > grace


#: Prefixes of the temporary folders the service's processes make (API uploads, fetched links).
TEMP_PREFIXES = ("jamwithme-api-", "jamwithme-link-")


def private_folder(prefix: str, root: str | os.PathLike | None = None) -> Path:
    """A new folder ``<root>/<prefix><pid>-<random hex>`` only this user can read (root: the temporary folder).

    The process id in its name lets :func:`sweep_leftovers` tell, after a
    ``kill -9``, that nobody will remove it.
    """
    folder = Path(root or tempfile.gettempdir()) / f"{prefix}{os.getpid()}-{uuid.uuid4().hex}"
    folder.mkdir(mode=0o700)
    return folder


def sweep_leftovers(
    prefixes: tuple[str, ...] = TEMP_PREFIXES, root: str | os.PathLike | None = None, *, grace: float = 86400.0
) -> int:
    """Remove the temporary folders of processes that are gone (or older than ``grace``); how many went."""
    removed = 0
    for path in Path(root or tempfile.gettempdir()).iterdir():
        if path.name.startswith(prefixes) and path.is_dir() and stale(path, grace=grace):
            logger.info("removing %s, left by a process that is gone", path)
            shutil.rmtree(path, ignore_errors=True)
            removed += 1
    return removed
