"""How much the API accepts and does at once: :class:`ApiSettings`, read from the environment once."""

from __future__ import annotations

from dataclasses import dataclass, field

from jamwithme import checks
from jamwithme import settings as jwm_settings
from jamwithme.audio import Limits
from jamwithme.web.link_checks import FetchPolicy


@dataclass(frozen=True)
class ApiSettings:
    """How much the API accepts and does at once.

    Parameters
    ----------
    fetch : FetchPolicy
        Caps of link downloads and which internal addresses are allowed (none
        by default; see :class:`jamwithme.web.link_checks.FetchPolicy` and its
        ``JAMWITHME_ALLOW_PRIVATE_URLS`` / ``JAMWITHME_ALLOWED_ADDRESSES``).
        The byte cap applies to all links of one request together.
    limits : Limits
        Duration and size caps of every input (``JAMWITHME_MAX_DURATION``,
        ``JAMWITHME_MAX_BYTES``); for a remix of several links, of the joined song.
    max_body_bytes : int
        Largest request body, uploads included (default 100 MB,
        ``JAMWITHME_API_MAX_BODY_BYTES``).
    body_timeout : float
        Seconds a client may take to send its body (default 300).
    max_pending : int
        Heavy requests (remix, separate) in hand at once, waiting or running;
        one more gets 503 (default 4, ``JAMWITHME_API_MAX_PENDING``).
    workers : int
        Jobs run at once (default 1, ``JAMWITHME_API_WORKERS``): separation
        holds the model's lock anyway, and each job holds a song in memory.
    retry_after : int
        Seconds suggested in ``Retry-After`` with a 503 (default 10).
    preload_model : bool
        Load the separation model in the background at start-up, so the first
        ``/separate`` does not wait for it (``JAMWITHME_API_PRELOAD=1``).

    Examples
    --------
    >>> ApiSettings(max_pending=2, fetch=FetchPolicy(allow=("127.0.0.1:8123",))).max_pending
    2
    >>> ApiSettings(retry_after=0)
    Traceback (most recent call last):
    ...
    jamwithme.errors.ParameterError: retry_after=0 must be a whole number >= 1
    """

    fetch: FetchPolicy = field(default_factory=FetchPolicy)
    limits: Limits = field(default_factory=Limits)
    max_body_bytes: int = field(default_factory=lambda: jwm_settings.current().api_max_body_bytes)
    body_timeout: float = 300.0
    max_pending: int = field(default_factory=lambda: jwm_settings.current().api_max_pending)
    workers: int = field(default_factory=lambda: jwm_settings.current().api_workers)
    retry_after: int = 10
    preload_model: bool = field(default_factory=lambda: jwm_settings.current().api_preload)

    def __post_init__(self) -> None:
        for name in ("max_body_bytes", "max_pending", "workers", "retry_after"):
            checks.integer(name, getattr(self, name), lo=1)
        checks.positive("body_timeout", self.body_timeout, unit="seconds")
