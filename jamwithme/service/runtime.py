"""This process's store, built once from the settings: below the jobs, so they reach it without a circle.

A job (:mod:`jamwithme.service.jobs`) runs against the store of the process it
runs in, wherever that is: a thread of the app or the API, or an RQ worker on
another machine. Each of them asks :func:`store_for`; the package face
(:func:`jamwithme.service.default_service`) builds its service on the same
store. This module imports only the stores and the settings.
"""

from __future__ import annotations

import threading

from jamwithme import settings as _settings
from jamwithme.service.store import LocalStore, Store

_lock = threading.Lock()
_store: Store | None = None


def store_for() -> Store:
    """This process's store, made from the settings on first use."""
    global _store
    with _lock:
        if _store is None:
            _store = store_from(_settings.current())
        return _store


def store_from(config: _settings.Settings) -> Store:
    """A local folder; or, with ``JAMWITHME_S3_URL``, the bucket (cached in that folder)."""
    if not config.s3_url:
        return LocalStore(config.store_dir, max_bytes=config.cache_max_bytes, reverify=config.store_reverify)
    from jamwithme.service.s3_store import S3Store

    return S3Store(
        config.s3_url, bucket=config.s3_bucket, prefix=config.s3_prefix, cache=config.store_dir,
        access_key=config.s3_access_key, secret_key=config.s3_secret_key, region=config.s3_region,
        cache_max_bytes=config.cache_max_bytes, max_age=config.store_max_age, timeout=config.s3_timeout,
        reverify=config.store_reverify,
    )  # fmt: skip
