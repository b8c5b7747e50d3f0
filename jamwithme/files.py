"""Files as every layer reads them: a file's SHA-256, read in chunks.

The store checks its entries with it and the model provisioning its
downloads; one helper, so both read a file the same way (memory stays flat
for any size).
"""

from __future__ import annotations

import hashlib
import os

#: Bytes read at a time.
CHUNK = 4 * 1024 * 1024


def file_digest(path: str | os.PathLike) -> str:
    """SHA-256 of a file's bytes, as hex, read in chunks (memory stays flat for any size).

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.NamedTemporaryFile(delete=False) as fh:
    ...     _ = fh.write(b"abc")
    >>> file_digest(fh.name)[:16]
    'ba7816bf8f01cfea'
    """
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()
