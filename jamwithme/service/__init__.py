"""The service: songs in, named jobs on a queue, results by reference from a verified store.

The app, the HTTP API and the command line all work through :class:`Service`:

* :meth:`Service.add_song` decodes an upload, a file or a fetched link once
  (:func:`jamwithme.audio.load`'s checks and caps), keeps its samples in the
  store under the SHA-256 of its bytes (the song id), and returns a
  :class:`SongInfo`; :meth:`Service.add_songs` keeps several files joined in
  order as one song (a remix of several links);
* :meth:`Service.submit` queues a named job (:mod:`jamwithme.service.jobs`) on
  a song with a settings model and returns the job id, which is its result key;
  :meth:`Service.status` and :meth:`Service.wait` follow it;
* :meth:`Service.clips`, :meth:`Service.meta`, :meth:`Service.read` and
  :meth:`Service.encoded` read results back, verified.

**Gone means made again.** A result can vanish after its job finished: evicted
to make room, or found damaged and deleted. The service remembers how each key
it submitted is made (its job's name, song and settings), so a status, a wait
or a read that finds the result gone submits the same job again, once: its id
is its key, so every waiter in every process joins that one job, sees its
progress, and reads the new result. Nobody is told to "make it again".

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
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

from jamwithme import settings as _settings
from jamwithme.audio import SAMPLE_RATE, SILENCE_PEAK, AudioClip, AudioReader, Limits, Source, load
from jamwithme.errors import InputTooLargeError, JobLostError, StoreError, UnavailableError
from jamwithme.files import file_digest
from jamwithme.parsing import parse_one_at_a_time
from jamwithme.service import jobs
from jamwithme.service.clips import get_clips
from jamwithme.service.health import Health
from jamwithme.service.leftovers import sweep_leftovers
from jamwithme.service.queue import JobQueue, JobState, JobStatus, LocalQueue
from jamwithme.service.runtime import store_for
from jamwithme.service.store import Entry, LocalStore, Store

logger = logging.getLogger("jamwithme")
T = TypeVar("T")
#: Keys whose making the service remembers (a few hundred bytes each).
RECIPES = 4096

__all__ = [
    "JobState",
    "JobStatus",
    "LocalStore",
    "Service",
    "SongInfo",
    "default_service",
    "queue_from",
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
    #: The input's own sample rate and channel count (the song is kept at 44.1 kHz stereo); None where unknown.
    original_rate: int | None = None
    original_channels: int | None = None

    @property
    def duration(self) -> float:
        return self.n_samples / self.sample_rate

    @property
    def described(self) -> str:
        """The song's format as it was given: "8 kHz mono", "44.1 kHz stereo", "48 kHz, 6 channels".

        Examples
        --------
        >>> SongInfo("0" * 64, "a.wav", "upload", 44100, original_rate=8000, original_channels=1).described
        '8 kHz mono'
        """
        rate = self.original_rate or self.sample_rate
        channels = self.original_channels or 2
        return f"{rate / 1000:g} kHz" + {1: " mono", 2: " stereo"}.get(channels, f", {channels} channels")

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
        parse_one_at_a_time()  # jobs run on threads beside the caller's (jamwithme.parsing)
        self.store = store
        self.queue = queue if queue is not None else LocalQueue(store)
        self.limits = limits
        #: key -> (job name, song id, settings) of the keys submitted here, most recent last.
        self._recipes: OrderedDict[str, tuple[str, str, jobs.JobSettings]] = OrderedDict()
        self._recipes_lock = threading.Lock()
        self._health: Health | None = None

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
            known = self.song(song_id)
            if known is not None:
                return known
            jobs.store_song(self.store, song_id, [source.samples], name=name, source=source_kind, peak=source.peak())
            return self._info(song_id)
        # Bytes are hashed in memory: a song the store has is not opened at all.
        song_id = song_id_of(bytes(source)) if isinstance(source, (bytes, bytearray, memoryview)) else None
        known = None if song_id is None else self.song(song_id)
        if known is not None:
            return known
        with AudioReader(source, limits=self.limits, name=name) as reader:
            if song_id is None:  # a file, opened once: the reader's refusal (no such file, a folder, empty,
                song_id = file_digest(source)  # not audio) first, then its digest, then its blocks if new
                known = self.song(song_id)
                if known is not None:
                    return known
            jobs.store_song(
                self.store, song_id, reader.blocks(), name=name, source=source_kind,
                peak=lambda: reader.peak, notices=lambda: reader.notices,
                original=(reader.info.sample_rate, reader.info.channels),
            )  # fmt: skip
        return self._info(song_id)

    def add_songs(self, paths: Sequence[str | Path], *, source_kind: str = "upload") -> tuple[SongInfo, list[str]]:
        """Keep one song made of the files ``paths`` joined in order; it, and what its files' decoders noticed.

        One file is :meth:`add_song`. Several are decoded in turn (each checked
        and capped), joined into one array, each part dropped once copied (the
        songs are held about once, not twice), and kept under the name
        "joined"; together they may last the duration limit (and a second).

        Raises
        ------
        AudioLoadError, InputTooLargeError
            What :func:`jamwithme.audio.load` refuses in any file, or the files are too long together.

        Examples
        --------
        >>> import tempfile
        >>> import numpy as np
        >>> from jamwithme.audio import save
        >>> folder, hum = tempfile.mkdtemp(), lambda n: AudioClip(np.full((2, n), 0.1, np.float32), 44100)
        >>> parts = [save(hum(44100), f"{folder}/a.wav", "wav"), save(hum(22050), f"{folder}/b.wav", "wav")]
        >>> song, notices = Service(LocalStore(folder + "/store")).add_songs(parts)
        >>> song.name, song.duration
        ('joined', 1.5)
        """
        paths = [Path(path) for path in paths]
        if len(paths) == 1:
            info = self.add_song(paths[0], name=paths[0].name, source_kind=source_kind)
            return info, list(info.notices)
        limits = self.limits or Limits()
        notices: list[str] = []
        clips = [load(path, limits=limits, notices=notices) for path in paths]
        total = sum(c.duration for c in clips)
        if total > limits.max_duration + 1.0:
            raise InputTooLargeError(
                f"the {len(clips)} songs together last {total / 60:.1f} minutes, more than the "
                f"{limits.max_duration / 60:g}-minute limit"
            )
        joined = np.empty((clips[0].channels, sum(c.n_samples for c in clips)), np.float32)
        rate, at = clips[0].sample_rate, 0
        while clips:
            part = clips.pop(0).samples
            joined[:, at : at + part.shape[1]] = part
            at += part.shape[1]
            del part
        return self.add_song(AudioClip(joined, rate), name="joined", source_kind=source_kind), notices

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
        """Queue job ``name`` (or join it, or find it stored); its id, which is its result key."""
        parsed = jobs.parse_settings(name, settings)
        key = self.queue.submit(name, song_id, parsed)
        with self._recipes_lock:
            self._recipes[key] = (name, song_id, parsed)
            self._recipes.move_to_end(key)
            while len(self._recipes) > RECIPES:
                self._recipes.popitem(last=False)
        return key

    def status(self, job_id: str) -> JobStatus:
        """Where the job is; a job whose result is gone is submitted again and that new job's status given."""
        try:
            return self.queue.status(job_id)
        except JobLostError:
            if not self._again(job_id):
                raise
            return self.queue.status(job_id)

    def wait(self, job_id: str, timeout: float | None = None) -> str:
        """Block until the job is done (made again, once, if its result went missing meanwhile); its key.

        Raises
        ------
        JobError
            The job failed (the sentence says why), or did not finish within ``timeout`` s.
        UnavailableError
            The queue or the store is down (the job goes on when they are back), or no worker serves the queue.
        """
        try:
            return self.queue.wait(job_id, timeout)
        except JobLostError:
            if not self._again(job_id):
                raise
            return self.queue.wait(job_id, timeout)

    def _again(self, key: str) -> bool:
        """Submit the job that makes ``key`` again, if this service knows it; whether it did."""
        with self._recipes_lock:
            recipe = self._recipes.get(key)
        if recipe is None:
            return False
        logger.warning("service: the result %s is gone (evicted or damaged): making it again", key)
        again = self.queue.submit(*recipe)  # joins the job another waiter submitted first
        if again != key:  # pragma: no cover - a key is a function of the recipe
            raise StoreError(f"job {recipe[0]} gave the key {again}, not {key}")
        return True

    def run(self, name: str, song_id: str, settings: jobs.JobSettings | Mapping[str, Any]) -> str:
        """Submit and wait: for the command line and tests."""
        return self.wait(self.submit(name, song_id, settings))

    def key(self, name: str, song_id: str, settings: jobs.JobSettings | Mapping[str, Any]) -> str:
        """The result key of job ``name`` on ``song_id`` with ``settings``: the id :meth:`submit` returns for it."""
        return jobs.result_key(name, song_id, jobs.parse_settings(name, settings))

    def stored(self, name: str, song_id: str, settings: jobs.JobSettings | Mapping[str, Any]) -> str | None:
        """The result key of this work if the store has it, without queueing anything."""
        key = self.key(name, song_id, settings)
        return key if self.store.has(key) else None

    def health(self) -> dict[str, str]:
        """``{"queue": ..., "store": ..., "workers": ...}``: "ok" or what is wrong, within a bounded time.

        Checked on threads, at most once a second and one check per dependency
        at a time (:class:`~jamwithme.service.health.Health`), so a frozen Redis
        or bucket neither blocks the caller past the bound nor piles up checks.
        ``workers`` is for RQ only: how many gave a sign of life lately.
        """
        with self._recipes_lock:
            if self._health is None:
                checks = {"queue": self.queue.ping, "store": self.store.ping}
                live = getattr(self.queue, "live_workers", None)
                if live is not None:
                    checks["workers"] = lambda: _some_alive(live)
                self._health = Health(checks)
        return self._health.report()

    # ---------------------------------------------------------------- results
    def read(self, key: str, how: Callable[[Entry], T]) -> T:
        """``how(entry)`` on the verified result under ``key``: made again, once, if it is gone or damaged.

        A result that fails its manifest check is deleted by the store; one
        that passes it but does not read (``how`` raises
        :class:`~jamwithme.errors.StoreError`: a ``.npy`` header or a JSON file
        that does not parse) is deleted here. Either way its job is submitted
        again (shared with every other waiter) and waited for.

        Raises
        ------
        StoreError
            The result is gone and this service never submitted its job (it cannot know how to make it).
        UnavailableError
            The store or queue is down; or the result was made again and could not be kept.
        """
        for attempt in range(2):
            entry = self.store.get(key)
            if entry is not None:
                try:
                    return how(entry)
                except UnavailableError:
                    raise
                except StoreError as exc:
                    logger.warning("store: %s passed its check but does not read (%s): removing it", key, exc)
                    self.store.delete(key)
            if attempt == 1:
                break
            if not self._again(key):
                raise StoreError(f"the result {key[:40]}... is not stored here, and no job of this server makes it")
            self.queue.wait(key)
        raise UnavailableError(
            "a result was made again but could not be kept in the store (it may be too small); try again shortly"
        )

    def entry(self, key: str) -> Entry:
        """The verified entry of a result (made again if it is gone, see :meth:`read`)."""
        return self.read(key, lambda entry: entry)

    def clips(self, key: str, names: Iterable[str] | None = None) -> dict[str, AudioClip]:
        """A result's clips as memory maps (made again if gone or damaged, see :meth:`read`)."""
        wanted = None if names is None else list(names)
        return self.read(key, lambda entry: get_clips(entry, wanted))

    def meta(self, key: str) -> Mapping[str, Any]:
        return self.read(key, lambda entry: entry.meta)

    def encoded(self, song_id: str, key: str, clip: str, fmt: str = "mp3", *, here: bool = False) -> bytes:
        """A result's clip encoded: made once by the ``encoded`` job, then read from the store.

        The job is queued like every other (:meth:`submit`): a page, an API
        call and a download asking for the same clip at once wait for one
        encoding (the Practice page and the Jam track page each made the stems'
        MP3s, 14 s per 3-minute stem). With ``here`` it is made in this process
        at once when not stored, not queued behind other work: for what a player
        plays at once (a FLAC, a second for 3 minutes).
        """
        self.clips(key, [clip])  # the result itself, made again first if it is gone
        settings = jobs.EncodeSettings(of=key, clip=clip, format=fmt)
        if here:
            return jobs.encoded_bytes(self.store, song_id, settings)
        made = self.wait(self.submit("encoded", song_id, settings))
        return self.read(made, lambda entry: entry.read_bytes(entry.meta["file"]))


def _some_alive(live: Callable[[], int]) -> None:
    if live() == 0:
        raise UnavailableError("no worker is alive: jobs wait in line until one starts")


def _song_info(song_id: str, entry: Entry) -> SongInfo:
    meta = entry.meta
    original = meta.get("original") if isinstance(meta.get("original"), dict) else {}
    return SongInfo(
        song_id, str(meta.get("name", "song")), str(meta.get("source", "")), int(meta["n_samples"]),
        float(meta.get("peak", 1.0)), tuple(meta.get("notices", ())),
        original_rate=original.get("sample_rate"), original_channels=original.get("channels"),
    )  # fmt: skip


_lock = threading.Lock()
_service: Service | None = None


def queue_from(
    config: _settings.Settings, store: Store, *, workers: int | None = None, max_pending: int | None = None
) -> JobQueue:
    """Threads of this process; or, with ``JAMWITHME_REDIS_URL``, RQ workers (``jamwithme worker``).

    The threads are ``workers`` with ``max_pending`` places (default: the app's,
    ``JAMWITHME_APP_WORKERS`` and ``JAMWITHME_APP_MAX_PENDING``; the API passes its own).
    """
    if not config.redis_url:
        return LocalQueue(
            store, workers=workers or config.app_workers, max_pending=max_pending or config.app_max_pending,
            outage_limit=config.job_timeout,
        )  # fmt: skip
    from jamwithme.service.redis_link import client
    from jamwithme.service.rq_queue import RQQueue

    # Not pinged here: a Redis that is down at start-up is an outage like any other (503 until it is back).
    return RQQueue(
        store, client(config.redis_url, timeout=config.redis_timeout), name=config.queue_name,
        job_timeout=config.job_timeout, retries=config.job_retries, result_ttl=config.result_ttl,
        heartbeat=config.worker_heartbeat, no_worker_wait=config.no_worker_wait,
    )  # fmt: skip


def default_service() -> Service:
    """This process's service: its store and its queue (made on first use)."""
    global _service
    store = store_for()  # its own lock: the jobs of this process use the same store
    with _lock:
        if _service is None:
            config = _settings.current()
            _service = Service(store, queue_from(config, store), limits=Limits(config.max_duration, config.max_bytes))
            # What a killed app or server of this machine left in the temporary folder (a link's download):
            # nobody else removes it. Folders of processes still running stay.
            try:
                sweep_leftovers()
            except OSError as exc:
                logger.warning("could not sweep the temporary folder: %s", exc)
        return _service
