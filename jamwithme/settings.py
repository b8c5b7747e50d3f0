"""Every ``JAMWITHME_*`` environment variable, read and validated in one place.

The app, the API, the command line and the workers call :func:`current` (or
:func:`check` once at start-up, which turns a bad value into one
:class:`~jamwithme.errors.SettingsError` naming the variable and what it
accepts). Nothing else in ``jamwithme/`` reads ``JAMWITHME_*`` from the
environment.

Reading is cheap (a few microseconds per variable), so :func:`current` reads the
environment each time: a test or a long-lived process that changes a variable
sees the change, and there is no cached copy to go stale.

Examples
--------
>>> import os
>>> os.environ["JAMWITHME_MAX_DURATION"] = "600"
>>> current().max_duration
600.0
>>> os.environ["JAMWITHME_MAX_DURATION"] = "ten minutes"
>>> check()
Traceback (most recent call last):
...
jamwithme.errors.SettingsError: JAMWITHME_MAX_DURATION='ten minutes' is not valid: a positive number of seconds
>>> del os.environ["JAMWITHME_MAX_DURATION"]
"""

from __future__ import annotations

import math
import os
import re
from pathlib import Path
from typing import Optional

from pydantic import BaseSettings, Field, ValidationError, validator

from jamwithme.errors import SettingsError

PREFIX = "JAMWITHME_"


def cache_root() -> Path:
    """JamWithMe's folder in the user's cache (``$XDG_CACHE_HOME/jamwithme``, else ``~/.cache/jamwithme``)."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "jamwithme"


def _default_threads() -> int:
    return max(1, min(4, os.cpu_count() or 1))


class Settings(BaseSettings):
    """JamWithMe's settings; each field ``name`` is read from ``JAMWITHME_<NAME>``.

    The ``description`` of each field says what it accepts: it is the text a
    bad value's error gives.
    """

    # --- inputs (every song, whatever brings it)
    max_duration: float = Field(20 * 60, description="a positive number of seconds")
    max_bytes: int = Field(200 * 1024 * 1024, description="a positive whole number of bytes")
    # --- the store of songs and results
    cache_dir: Optional[Path] = Field(None, description="a folder path")
    cache_max_bytes: int = Field(4 * 1024**3, description="a positive whole number of bytes")
    # --- the job queue inside the app (the API has its own, below)
    app_workers: int = Field(1, description="a whole number of at least 1")
    app_max_pending: int = Field(32, description="a whole number of at least 1")
    # --- tempo and key
    tempo_threads: Optional[int] = Field(None, description="a whole number of at least 1")
    # --- links
    allow_private_urls: bool = Field(False, description="1/true/yes/on or 0/false/no/off")
    allowed_addresses: str = Field("", description="comma-separated addresses or networks, each with an optional port")
    max_download_bytes: int = Field(100_000_000, description="a positive whole number of bytes")
    download_timeout: float = Field(60.0, description="a positive number of seconds")
    # --- the HTTP API
    api_max_body_bytes: int = Field(100_000_000, description="a positive whole number of bytes")
    api_max_pending: int = Field(4, description="a whole number of at least 1")
    api_workers: int = Field(1, description="a whole number of at least 1")
    api_preload: bool = Field(False, description="1/true/yes/on or 0/false/no/off")
    # --- scale-out: jobs on RQ workers through Redis, songs and results in an S3 bucket
    redis_url: Optional[str] = Field(None, description="a redis:// or rediss:// URL, e.g. redis://127.0.0.1:6379/0")
    queue_name: str = Field("jamwithme", description="a plain name (letters, digits, '.', '_', '-')")
    job_timeout: float = Field(1800.0, description="a positive number of seconds")
    job_retries: int = Field(2, description="a whole number, 0 or more")
    result_ttl: int = Field(24 * 3600, description="a positive whole number of seconds")
    worker_heartbeat: float = Field(5.0, description="a positive number of seconds")
    s3_url: Optional[str] = Field(None, description="an http:// or https:// endpoint URL, e.g. http://127.0.0.1:8333")
    s3_bucket: str = Field("jamwithme", description="an S3 bucket name")
    s3_prefix: str = Field("", description="empty, or a key prefix ending in '/', such as 'jamwithme/'")
    s3_access_key: Optional[str] = Field(None, description="an S3 access key id")
    s3_secret_key: Optional[str] = Field(None, description="an S3 secret key")
    s3_region: Optional[str] = Field(None, description="an S3 region name")
    store_max_age: Optional[float] = Field(None, description="a positive number of seconds")
    store_reverify: float = Field(600.0, description="a positive number of seconds")
    # --- outages: how long a dependency may take before it counts as down
    redis_timeout: float = Field(5.0, description="a positive number of seconds")
    s3_timeout: float = Field(10.0, description="a positive number of seconds")
    no_worker_wait: float = Field(60.0, description="a positive number of seconds")
    # --- the browser tests: the practice player with the hooks they read (window.__jamPlayer)
    player_test_hooks: bool = Field(False, description="1/true/yes/on or 0/false/no/off")

    class Config:
        env_prefix = PREFIX
        case_sensitive = False

    @validator(
        "max_duration", "download_timeout", "job_timeout", "worker_heartbeat", "store_max_age", "store_reverify",
        "redis_timeout", "s3_timeout", "no_worker_wait",
    )  # fmt: skip
    def _positive_seconds(cls, value: Optional[float]) -> Optional[float]:
        if value is not None and not (value > 0 and math.isfinite(value)):
            raise ValueError("must be positive")
        return value

    @validator("max_bytes", "cache_max_bytes", "max_download_bytes", "api_max_body_bytes", "result_ttl")
    def _positive_bytes(cls, value: int) -> int:
        if value <= 0:
            raise ValueError("must be positive")
        return value

    @validator("app_workers", "app_max_pending", "api_max_pending", "api_workers", "tempo_threads")
    def _at_least_one(cls, value: Optional[int]) -> Optional[int]:
        if value is not None and value < 1:
            raise ValueError("must be at least 1")
        return value

    @validator("job_retries")
    def _not_negative(cls, value: int) -> int:
        if value < 0:
            raise ValueError("must not be negative")
        return value

    @validator("redis_url")
    def _redis_url(cls, value: Optional[str]) -> Optional[str]:
        if value is not None and not value.startswith(("redis://", "rediss://", "unix://")):
            raise ValueError("not a Redis URL")
        return value or None

    @validator("s3_url")
    def _s3_url(cls, value: Optional[str]) -> Optional[str]:
        if value is not None and not re.fullmatch(r"https?://[^/\s]+/?", value):
            raise ValueError("not an endpoint URL")
        return value or None

    @validator("queue_name")
    def _plain_name(cls, value: str) -> str:
        if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}", value):
            raise ValueError("not a plain name")
        return value

    @validator("s3_bucket")
    def _bucket(cls, value: str) -> str:
        if not re.fullmatch(r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]", value):
            raise ValueError("not a bucket name")
        return value

    @validator("s3_prefix")
    def _prefix(cls, value: str) -> str:
        if value and not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._/-]*/", value):
            raise ValueError("not a key prefix ending in '/'")
        return value

    @property
    def store_dir(self) -> Path:
        """Where songs and results live (``JAMWITHME_CACHE_DIR``, else ``~/.cache/jamwithme/results``)."""
        return self.cache_dir or cache_root() / "results"

    @property
    def threads(self) -> int:
        """Threads a tempo change may use (``JAMWITHME_TEMPO_THREADS``, else the CPU count, at most 4)."""
        return self.tempo_threads or _default_threads()

    @property
    def allowed(self) -> tuple[str, ...]:
        """``allowed_addresses`` split on commas."""
        return tuple(part.strip() for part in self.allowed_addresses.split(",") if part.strip())


def current() -> Settings:
    """The settings as the environment gives them now.

    Raises
    ------
    SettingsError
        A variable is set to a value it does not accept; the message names the
        variable, the value and what it accepts.
    """
    # ``JAMWITHME_X=`` (set but empty) means the default, as if it were not set.
    blank = {
        name: field.default
        for name, field in Settings.__fields__.items()
        if not os.environ.get(PREFIX + name.upper(), "x").strip()
    }
    try:
        return Settings(**blank)
    except ValidationError as exc:
        first = exc.errors()[0]
        name = str(first["loc"][0])
        variable = PREFIX + name.upper()
        accepted = Settings.__fields__[name].field_info.description
        value = os.environ.get(variable, next((v for k, v in os.environ.items() if k.upper() == variable), ""))
        raise SettingsError(f"{variable}={value!r} is not valid: {accepted}") from None


def check() -> Settings:
    """Validate every setting once at start-up; the same as :func:`current`, named for the call site."""
    return current()
