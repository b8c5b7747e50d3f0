"""The service: songs in, named jobs on a queue, results by reference from a verified store.

The app, the HTTP API and the command line all work through :class:`Service`:

* :meth:`Service.add_song` decodes an upload, a file or a fetched link once
  (:func:`jamwithme.audio.load`'s checks and caps), keeps its samples in the
  store under the SHA-256 of its bytes (the song id), and returns a
  :class:`SongInfo`;
* :meth:`Service.submit` queues a named job (:mod:`jamwithme.service.jobs`) on
  a song with a settings model and returns the job id, which is its result key;
  :meth:`Service.status` and :meth:`Service.wait` follow it;
* :meth:`Service.clips`, :meth:`Service.record` and :meth:`Service.encoded`
  read results back, verified.

One :class:`Service` per process (:func:`default_service`) holds the store and
the queue; jobs run against the same store wherever they run.

Examples
--------
>>> import tempfile
>>> from jamwithme.audio import silence
>>> service = Service(LocalStore(tempfile.mkdtemp()))
>>> song = service.add_song(silence(1.0), name="quiet.wav", source_kind="demo")
>>> service.song(song.id).duration
1.0
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from jamwithme import settings as _settings
from jamwithme.audio import SAMPLE_RATE, SILENCE_PEAK, AudioClip, AudioReader, Limits, Source
from jamwithme.errors import StoreError
from jamwithme.service import jobs
from jamwithme.service.clips import get_clips
from jamwithme.service.queue import JobQueue, JobState, JobStatus, LocalQueue
from jamwithme.service.store import Entry, LocalStore, Store, file_digest

__all__ = [
    "JobState",
    "JobStatus",
    "LocalStore",
    "Service",
    "SongInfo",
    "default_service",
    "song_id_of",
    "store_for",
]


@dataclass(frozen=True)
class SongInfo:
    """A song the server keeps: its id (the SHA-256 of its file), its name and length."""

    id: str
    name: str
    source: str
    n_samples: int
    peak: float = 1.0
    notices: tuple[str, ...] = ()
    sample_rate: int = SAMPLE_RATE

    @property
    def duration(self) -> float:
        return self.n_samples / self.sample_rate

    @property
    def silent(self) -> bool:
        """Whether its loudest sample is below −100 dBFS (every result will be silent too)."""
        return self.peak < SILENCE_PEAK


def song_id_of(data: bytes | AudioClip) -> str:
    """A song's id: the SHA-256 of its file's bytes (or of a clip's samples, for made-up songs)."""
    digest = hashlib.sha256()
    if isinstance(data, AudioClip):
        digest.update(f"{data.sample_rate}:{data.samples.shape}".encode())
        digest.update(memoryview(data.samples.astype("<f4", copy=False).copy(order="C")))
    else:
        digest.update(bytes(data))
    return digest.hexdigest()


class Service:
    """Songs, jobs and results over one store and one queue.

    Parameters
    ----------
    store : Store
        Where songs and results live.
    queue : JobQueue, optional
        Where jobs run (default: a :class:`LocalQueue` of this process on ``store``).
    """

    def __init__(self, store: Store, queue: JobQueue | None = None, *, limits: Limits | None = None):
        self.store = store
        self.queue = queue if queue is not None else LocalQueue(store)
        self.limits = limits

    # ---------------------------------------------------------------- songs
    def add_song(self, source: Source | AudioClip, *, name: str, source_kind: str = "upload") -> SongInfo:
        """Decode a song (checked and capped as :func:`jamwithme.audio.load` does) and keep it.

        The song streams from the decoder into the store, so memory stays flat
        at any length; a song the store already has (same bytes) is not decoded
        again.

        Raises
        ------
        AudioLoadError, InputTooLargeError
            What :func:`jamwithme.audio.load` refuses; nothing is stored then.
        """
        if hasattr(source, "read"):
            source = source.read()
        if isinstance(source, AudioClip):
            song_id = song_id_of(source)
        elif isinstance(source, (bytes, bytearray, memoryview)):
            song_id = song_id_of(bytes(source))
        else:
            with AudioReader(source, limits=self.limits, name=name):
                pass  # the reader's own refusal (no such file, a folder, empty, not audio) comes first
            song_id = file_digest(source)
        known = self.song(song_id)
        if known is not None:
            return known
        if isinstance(source, AudioClip):
            jobs.store_song(self.store, song_id, [source.samples], name=name, source=source_kind, peak=source.peak())
        else:
            with AudioReader(source, limits=self.limits, name=name) as reader:
                blocks = reader.blocks()
                jobs.store_song(
                    self.store, song_id, blocks, name=name, source=source_kind,
                    peak=lambda: reader.peak, notices=lambda: reader.notices,
                )  # fmt: skip
        return self._info(song_id)

    def song(self, song_id: str) -> SongInfo | None:
        """What the server knows of a song, or ``None`` if it does not have it."""
        entry = self.store.get(jobs.song_key(song_id))
        return None if entry is None else _song_info(song_id, entry)

    def _info(self, song_id: str) -> SongInfo:
        return _song_info(song_id, jobs.song_entry(self.store, song_id))

    def clip(self, song_id: str) -> AudioClip:
        """The song's samples (a memory map)."""
        return jobs.song_clip(self.store, song_id)

    # ---------------------------------------------------------------- jobs
    def submit(self, name: str, song_id: str, settings: jobs.JobSettings | Mapping[str, Any]) -> str:
        return self.queue.submit(name, song_id, settings)

    def status(self, job_id: str) -> JobStatus:
        return self.queue.status(job_id)

    def wait(self, job_id: str, timeout: float | None = None) -> str:
        return self.queue.wait(job_id, timeout)

    def run(self, name: str, song_id: str, settings: jobs.JobSettings | Mapping[str, Any]) -> str:
        """Submit and wait: for the command line and tests."""
        return self.wait(self.submit(name, song_id, settings))

    def stored(self, name: str, song_id: str, settings: jobs.JobSettings | Mapping[str, Any]) -> str | None:
        """The result key of this work if the store has it, without queueing anything."""
        key = jobs.result_key(name, song_id, jobs.parse_settings(name, settings))
        return key if self.store.has(key) else None

    # ---------------------------------------------------------------- results
    def entry(self, key: str) -> Entry:
        found = self.store.get(key)
        if found is None:
            raise StoreError(f"the result {key} is gone (removed to make room, or damaged); make it again")
        return found

    def clips(self, key: str, names: Iterable[str] | None = None) -> dict[str, AudioClip]:
        return get_clips(self.entry(key), names)

    def meta(self, key: str) -> Mapping[str, Any]:
        return self.entry(key).meta

    def encoded(self, song_id: str, key: str, clip: str, fmt: str = "mp3") -> bytes:
        """A result's clip encoded (made once, then read from the store)."""
        return jobs.encoded_bytes(self.store, song_id, jobs.EncodeSettings(of=key, clip=clip, format=fmt))


def _song_info(song_id: str, entry: Entry) -> SongInfo:
    meta = entry.meta
    return SongInfo(
        song_id, str(meta.get("name", "song")), str(meta.get("source", "")), int(meta["n_samples"]),
        float(meta.get("peak", 1.0)), tuple(meta.get("notices", ())),
    )  # fmt: skip


_lock = threading.Lock()
_store: Store | None = None
_service: Service | None = None


def store_for() -> Store:
    """This process's store, made from the settings on first use."""
    global _store
    with _lock:
        if _store is None:
            _store = _store_from(_settings.current())
        return _store


def _store_from(config: _settings.Settings) -> Store:
    """A local folder; or, with ``JAMWITHME_S3_URL``, the bucket (cached in that folder)."""
    if not config.s3_url:
        return LocalStore(config.store_dir, max_bytes=config.cache_max_bytes)
    from jamwithme.service.s3_store import S3Store

    return S3Store(
        config.s3_url, bucket=config.s3_bucket, prefix=config.s3_prefix, cache=config.store_dir,
        access_key=config.s3_access_key, secret_key=config.s3_secret_key, region=config.s3_region,
        cache_max_bytes=config.cache_max_bytes, max_age=config.store_max_age,
    )  # fmt: skip


def _queue_from(config: _settings.Settings, store: Store) -> JobQueue:
    """Threads of this process; or, with ``JAMWITHME_REDIS_URL``, RQ workers (``jamwithme worker``)."""
    if not config.redis_url:
        return LocalQueue(store, workers=config.app_workers, max_pending=config.app_max_pending)
    from jamwithme.service.rq_queue import RQQueue

    return RQQueue(
        store, config.redis_url, name=config.queue_name, job_timeout=config.job_timeout,
        retries=config.job_retries, result_ttl=config.result_ttl, heartbeat=config.worker_heartbeat,
    )  # fmt: skip


def default_service() -> Service:
    """This process's service: its store and its queue (made on first use)."""
    global _service
    store = store_for()
    with _lock:
        if _service is None:
            config = _settings.current()
            _service = Service(store, _queue_from(config, store), limits=Limits(config.max_duration, config.max_bytes))
        return _service
