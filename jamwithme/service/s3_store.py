"""The store in an S3-compatible bucket, shared by every app replica, API server and worker.

An entry is the same as in :class:`~jamwithme.service.store.LocalStore`: named
files, ``meta.json`` and a ``manifest.json`` with every file's size and SHA-256.
In the bucket, each file is an object named after its content,
``<prefix><key>/<sha256>-<name>``, and the manifest is ``<prefix><key>/manifest.json``,
written last. So:

* an entry without a manifest is not an entry (a writer that died mid-upload
  leaves only objects that nothing names, swept later);
* two writers of the same key never overwrite each other's files: each
  manifest names its own objects, and whichever manifest lands last is whole.

Reading downloads an entry into a local cache folder (a
:class:`~jamwithme.service.store.LocalStore`), checks every file against the
bucket's manifest, and serves local paths, so clips are memory-mapped as they
are from a local store. A cached copy is served while its manifest equals the
bucket's (one small GET per read); anything that fails the check is deleted
from the bucket and the cache, and reported as absent, so the job that made it
runs again.

**Outages.** Every request to the endpoint has a timeout (``JAMWITHME_S3_TIMEOUT``,
for connecting and for each read), a refused connection is tried twice more
with a short backoff, and a read that timed out is not tried again (a frozen
server would take three times as long to notice). What fails turns into
:class:`Unreachable`, an :class:`~jamwithme.errors.UnavailableError` whose
message names no endpoint, bucket or error (those go to the log): never a
damaged entry, so nothing is deleted because the bucket was down.

The client is MinIO's (``minio``), which speaks the S3 API to AWS S3, MinIO,
SeaweedFS, Ceph and the like. (``boto3`` cannot be installed beside our pins:
every ``botocore`` needs ``python-dateutil<3``.)

Examples
--------
>>> store = S3Store("http://127.0.0.1:8333", bucket="jamwithme", cache=tmp)  # doctest: +SKIP
>>> with store.writer("demo") as w:  # doctest: +SKIP
...     _ = w.write_bytes("hello.txt", b"hi")
>>> store.get("demo").read_bytes("hello.txt")  # doctest: +SKIP
b'hi'
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import os
import shutil
import threading
import time
import urllib.parse
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from jamwithme import checks
from jamwithme.errors import ParameterError, StoreError, UnavailableError
from jamwithme.service.store import (
    MANIFEST,
    REVERIFY_EVERY,
    STAGING_PREFIX,
    Entry,
    LocalStore,
    Staging,
    StoreStats,
    check_key,
)
from jamwithme.service.store.manifest import check_file, parse_manifest

logger = logging.getLogger("jamwithme")


#: What a client is told when the bucket cannot be reached (the endpoint and bucket go to the log).
STORE_DOWN = "the shared store is not answering; please try again in a few seconds"


class Unreachable(UnavailableError):
    """The bucket could not be read or written (down, frozen, refused, denied): not a fault of any entry."""


class S3Store:
    """Entries in an S3 bucket, read through a verified local cache.

    Parameters
    ----------
    url : str
        The endpoint, ``http(s)://host[:port]``.
    bucket : str
        The bucket; created if missing (where the credentials allow).
    cache : path
        The local folder entries are downloaded to (a :class:`LocalStore`).
    prefix : str
        Prepended to every object name (``""`` or ending in ``/``).
    access_key, secret_key, region : str, optional
        Credentials and region (none: anonymous requests).
    cache_max_bytes : int
        Size limit of the local cache (least recently used entries go first).
    max_age : float, optional
        :meth:`sweep` deletes entries whose manifest is older than this many
        seconds (``None``: never; a bucket lifecycle rule can do it instead).
    grace : float
        Seconds before objects that no manifest names (a writer that died, or
        lost a race) are swept.
    timeout : float
        Seconds to connect, and for each read of an answer, before the bucket counts as down.
    reverify : float
        The local cache's re-hash period (:class:`LocalStore`).
    """

    def __init__(
        self,
        url: str,
        *,
        bucket: str,
        cache: str | os.PathLike,
        prefix: str = "",
        access_key: str | None = None,
        secret_key: str | None = None,
        region: str | None = None,
        cache_max_bytes: int = 4 * 1024**3,
        max_age: float | None = None,
        grace: float = 3600.0,
        timeout: float = 10.0,
        reverify: float = REVERIFY_EVERY,
    ):
        import urllib3
        from minio import Minio

        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc or parts.path not in ("", "/"):
            raise ParameterError(f"S3 endpoint {url!r} is not http(s)://host[:port]")
        if prefix and not prefix.endswith("/"):
            raise ParameterError(f"S3 prefix {prefix!r} must be empty or end in '/'")
        self.url = url
        self.bucket = bucket
        self.prefix = prefix
        self.max_age = max_age
        self.grace = float(grace)
        checks.positive("timeout", timeout, unit="seconds", hint="(the S3 server's)")
        self.cache = LocalStore(cache, max_bytes=cache_max_bytes, reverify=reverify)
        self.stats = StoreStats()
        self.timeout = float(timeout)
        # Fail fast when the endpoint is down or frozen (MinIO's own default waits 5 minutes to connect).
        http = urllib3.PoolManager(
            timeout=urllib3.Timeout(connect=timeout, read=timeout),
            maxsize=16,
            retries=urllib3.Retry(
                total=2, connect=2, read=0, status=2, backoff_factor=0.2, status_forcelist=[500, 502, 503, 504]
            ),
        )
        self._client = Minio(
            parts.netloc,
            access_key=access_key or None,
            secret_key=secret_key or None,
            secure=parts.scheme == "https",
            region=region or None,
            http_client=http,
        )
        self._lock = threading.Lock()
        self._downloads: dict[str, tuple[threading.Lock, int]] = {}
        self._bucket_checked = False

    def __repr__(self) -> str:
        return f"S3Store({self.url!r}, bucket={self.bucket!r}, prefix={self.prefix!r})"

    # ---------------------------------------------------------------- the bucket
    @contextlib.contextmanager
    def _talking(self, what: str) -> Iterator[None]:
        """Turn the client's errors into one :class:`Unreachable`; the endpoint and the error go to the log."""
        import urllib3
        from minio.error import MinioException

        try:
            yield
        except (StoreError, UnavailableError):
            raise
        except (MinioException, OSError, ValueError, urllib3.exceptions.HTTPError) as exc:
            logger.warning("store: the bucket %s at %s failed to %s: %s", self.bucket, self.url, what, exc)
            raise Unreachable(STORE_DOWN) from None

    def ping(self) -> None:
        """Raise :class:`Unreachable` unless the bucket answers within the timeout."""
        with self._talking("answer"):
            self._client.bucket_exists(self.bucket)

    def _ensure_bucket(self) -> None:
        if self._bucket_checked:
            return
        with self._talking("find its bucket"):
            if not self._client.bucket_exists(self.bucket):
                logger.info("store: creating bucket %s at %s", self.bucket, self.url)
                self._client.make_bucket(self.bucket)
        self._bucket_checked = True

    def _object(self, key: str, name: str) -> str:
        return f"{self.prefix}{key}/{name}"

    def _data_object(self, key: str, name: str, sha256: str) -> str:
        return self._object(key, f"{sha256}-{name}")

    def _remote_manifest(self, key: str) -> bytes | None:
        """The bucket's manifest of ``key`` (bytes), or ``None`` if it has none."""
        from minio.error import S3Error

        self._ensure_bucket()
        with self._talking(f"read {key}"):
            try:
                response = self._client.get_object(self.bucket, self._object(key, MANIFEST))
            except S3Error as exc:
                if exc.code in ("NoSuchKey", "NoSuchObject", "NotFound"):
                    return None
                raise
            try:
                return response.read()
            finally:
                response.close()
                response.release_conn()

    # ---------------------------------------------------------------- reading
    def get(self, key: str) -> Entry | None:
        check_key(key)
        remote = self._remote_manifest(key)
        if remote is None:
            self.cache.delete(key)  # a copy of something the bucket no longer has is not served
            self.stats.misses += 1
            return None
        local = self._cached(key, remote)
        if local is not None:
            self.stats.hits += 1
            return local
        try:
            with self._key_lock(key):  # one download per key: a second reader waits and finds it cached
                entry = self._cached(key, remote) or self._download(key, remote)
        except Unreachable:
            raise  # the endpoint failed: nothing is known to be wrong with the entry
        except StoreError as exc:
            self.stats.corrupt += 1
            logger.warning("store: %s in %s failed its check and was removed: %s", key, self.bucket, exc)
            self.delete(key)
            entry = None
        if entry is None:
            self.stats.misses += 1
            return None
        self.stats.hits += 1
        return entry

    def has(self, key: str) -> bool:
        return self.get(key) is not None

    @contextlib.contextmanager
    def _key_lock(self, key: str) -> Iterator[None]:
        with self._lock:
            lock, users = self._downloads.get(key, (threading.Lock(), 0))
            self._downloads[key] = (lock, users + 1)
        try:
            with lock:
                yield
        finally:
            with self._lock:
                lock, users = self._downloads[key]
                if users == 1:
                    del self._downloads[key]
                else:
                    self._downloads[key] = (lock, users - 1)

    def _cached(self, key: str, remote: bytes) -> Entry | None:
        """The cached copy of ``key`` if it is the bucket's (same manifest) and passes its check."""
        try:
            local = (self.cache.folder / key / MANIFEST).read_bytes()
        except OSError:
            return None
        return self.cache.get(key) if local == remote else None

    def _download(self, key: str, remote: bytes) -> Entry | None:
        files = parse_manifest(remote)
        staging = self.cache.folder / f"{STAGING_PREFIX}{os.getpid()}-{uuid.uuid4().hex}"
        staging.mkdir()
        try:
            for name, record in files.items():
                if "/" in name or name in (MANIFEST, "") or name.startswith("."):
                    raise StoreError(f"its manifest names a file {name!r} that is not a plain name")
                path = staging / name
                with self._talking(f"download {key}/{name}"):
                    self._fetch(self._data_object(key, name, record["sha256"]), path)
                check_file(path, name, record)
            (staging / MANIFEST).write_bytes(remote)
            return self.cache.adopt(key, staging)
        finally:
            if staging.exists():
                shutil.rmtree(staging, ignore_errors=True)

    def _fetch(self, name: str, path: Path) -> None:
        from minio.error import S3Error

        try:
            self._client.fget_object(self.bucket, name, str(path), tmp_file_path=str(path) + ".part")
        except S3Error as exc:
            if exc.code in ("NoSuchKey", "NoSuchObject", "NotFound"):
                raise StoreError(f"{path.name} is missing from the bucket") from None
            raise

    # ---------------------------------------------------------------- writing
    @contextlib.contextmanager
    def writer(self, key: str) -> Iterator[Staging]:
        """Stage files locally; on a clean exit upload them, then the manifest."""
        check_key(key)
        self._ensure_bucket()
        with self.cache.writer(key) as staging:
            yield staging
        entry = self.cache.get(key)
        if entry is None:
            raise StoreError(f"the entry {key} was evicted from the local cache before it could be uploaded")
        try:
            self._upload(key, entry.folder)
        except BaseException:
            self.cache.delete(key)
            raise

    def _upload(self, key: str, folder: Path) -> None:
        manifest_bytes = (folder / MANIFEST).read_bytes()
        if self._remote_manifest(key) is not None:
            return  # another writer stored the same work first: keep theirs (get() fetches it)
        files = json.loads(manifest_bytes)["files"]
        with self._talking(f"upload {key}"):
            for name, record in files.items():
                self._client.fput_object(
                    self.bucket, self._data_object(key, name, record["sha256"]), str(folder / name)
                )
            # The manifest goes last: objects that no manifest names are never an entry.
            self._client.put_object(
                self.bucket,
                self._object(key, MANIFEST),
                io.BytesIO(manifest_bytes),
                len(manifest_bytes),
                content_type="application/json",
            )
        self.stats.puts += 1

    def delete(self, key: str) -> None:
        from minio.deleteobjects import DeleteObject

        check_key(key)
        self.cache.delete(key)
        self._ensure_bucket()
        with self._talking(f"delete {key}"):
            # The manifest first: from then on the rest is junk, whatever happens next.
            self._client.remove_object(self.bucket, self._object(key, MANIFEST))
            names = [o.object_name for o in self._client.list_objects(self.bucket, self._object(key, ""), True)]
            for error in self._client.remove_objects(self.bucket, [DeleteObject(n) for n in names]):
                logger.warning("store: could not delete %s: %s", error.name, error.message)

    # ---------------------------------------------------------------- size
    def sweep(self) -> None:
        """Sweep the local cache; in the bucket, delete unnamed objects past ``grace`` and entries past ``max_age``."""
        self.cache.sweep()
        self._ensure_bucket()
        now = time.time()
        groups: dict[str, list[Any]] = {}
        with self._talking("list its objects"):
            for obj in self._client.list_objects(self.bucket, self.prefix or None, recursive=True):
                rest = obj.object_name[len(self.prefix) :]
                if "/" in rest:
                    groups.setdefault(rest.split("/", 1)[0], []).append(obj)
        for key, objects in groups.items():
            manifest = next((o for o in objects if o.object_name.endswith("/" + MANIFEST)), None)
            if manifest is not None and self.max_age is not None:
                if now - manifest.last_modified.timestamp() > self.max_age:
                    logger.info("store: %s is older than %.0f s: deleting it", key, self.max_age)
                    self.delete(key)
                    self.stats.evicted += 1
                    continue
            named = set()
            if manifest is not None:
                remote = self._remote_manifest(key)
                with contextlib.suppress(ValueError, KeyError, TypeError):
                    files = json.loads(remote or b"")["files"]
                    named = {self._data_object(key, n, r["sha256"]) for n, r in files.items()}
                named.add(manifest.object_name)
            junk = [
                o.object_name for o in objects
                if o.object_name not in named and now - o.last_modified.timestamp() > self.grace
            ]  # fmt: skip
            if junk:
                from minio.deleteobjects import DeleteObject

                with self._talking(f"sweep {key}"):
                    for error in self._client.remove_objects(self.bucket, [DeleteObject(n) for n in junk]):
                        logger.warning("store: could not delete %s: %s", error.name, error.message)
                self.stats.swept += len(junk)
