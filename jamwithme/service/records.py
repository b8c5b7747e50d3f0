"""Results as records: a frozen dataclass stored as ``<name>.npz`` (its arrays) and ``<name>.json`` (the rest).

The analysis, the beat features, the remix walk and the notes are stored and
read back this way (:mod:`jamwithme.service.jobs`).
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import zipfile
from collections.abc import Iterator
from typing import Any

import numpy as np

from jamwithme.errors import StoreError
from jamwithme.service.store import Entry, Staging


def put_record(staging: Staging, name: str, value: Any) -> None:
    """Store a frozen dataclass: its arrays in ``<name>.npz``, everything else in ``<name>.json``."""
    arrays, plain = {}, {}
    for f in dataclasses.fields(value):
        item = getattr(value, f.name)
        if isinstance(item, np.ndarray):
            if item.dtype.kind in "fc" and not np.isfinite(item).all():
                raise StoreError(f"{name}.{f.name} holds NaN or infinite values; a result like that is never stored")
            arrays[f.name] = item
        elif hasattr(item, "to_json"):  # a Grid: the class takes its JSON back
            plain[f.name] = item.to_json()
        elif isinstance(item, tuple) and item and dataclasses.is_dataclass(item[0]):
            plain[f.name] = [dataclasses.asdict(x) for x in item]
        else:
            plain[f.name] = item.item() if isinstance(item, np.generic) else item
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    staging.write_bytes(f"{name}.npz", buffer.getvalue())
    staging.write_json(f"{name}.json", plain)


def get_record(entry: Entry, name: str, cls: type) -> Any:
    """A dataclass stored by :func:`put_record` (nested dataclasses come back as dicts).

    Raises
    ------
    StoreError
        The record does not parse: damage, which the service repairs by making it again.
    """
    damage = (OSError, ValueError, KeyError, TypeError, zipfile.BadZipFile)
    with stored_as(entry, name, f"a stored {cls.__name__}", *damage):
        with np.load(entry.path(f"{name}.npz"), allow_pickle=False) as arrays:
            values = {k: arrays[k] for k in arrays.files}
        values.update(entry.read_json(f"{name}.json"))
        return cls(**values)


@contextlib.contextmanager
def stored_as(entry: Entry, name: str, what: str, *errors: type[Exception]) -> Iterator[None]:
    """Read ``name`` of ``entry`` as ``what`` in the ``with`` block: ``errors`` raised there become a StoreError.

    The entry passed its checksum, so a result that does not parse was stored
    like this: damage, which the service repairs by making it again. The
    message names the entry, the file and what it is not
    (``"<key>/analysis.json is not a stored analysis (...)"``).
    """
    try:
        yield
    except errors as exc:
        raise StoreError(f"{entry.key}/{name} is not {what} ({str(exc)[:120]})") from None
