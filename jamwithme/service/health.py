"""Is each dependency answering? Checked on threads, one check per dependency at a time, answered in bounded time.

A health endpoint that calls a frozen Redis itself waits for Redis's timeout on
every request, and a load balancer polling it piles those waits up. Here each
dependency (the queue's Redis, the shared store) is checked on a thread of its
own: a report waits at most ``within`` seconds for the checks it started, says
"not answering within N s" for one that has not come back, and does not start a
second check of a dependency whose first is still out (its own timeout ends it).
A result is reused for ``fresh`` seconds, so a busy health endpoint costs the
dependencies one check per second, not one per request.

Examples
--------
>>> health = Health({"disk": lambda: None}, within=1.0)
>>> health.report()
{'disk': 'ok'}
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping

from jamwithme.errors import JamWithMeError

logger = logging.getLogger("jamwithme")

#: Seconds a health report waits for its checks.
WITHIN = 2.0
OK = "ok"


class _Check:
    __slots__ = ("call", "thread", "result", "at")

    def __init__(self, call: Callable[[], None]):
        self.call = call
        self.thread: threading.Thread | None = None
        self.result: str | None = None
        self.at = float("-inf")


class Health:
    """Bounded, non-piling checks of a few dependencies.

    Parameters
    ----------
    checks : mapping of str to callable
        Each raises (any exception) if its dependency is down; its
        :class:`~jamwithme.errors.JamWithMeError` sentence is what the report
        says (other exceptions are logged and reported as "failing").
    within : float
        Seconds :meth:`report` waits for checks still out.
    fresh : float
        Seconds a result is reused without checking again.
    """

    def __init__(self, checks: Mapping[str, Callable[[], None]], *, within: float = WITHIN, fresh: float = 1.0):
        self._checks = {name: _Check(call) for name, call in checks.items()}
        self.within = within
        self.fresh = fresh
        self._lock = threading.Lock()

    def _run(self, name: str, check: _Check) -> None:
        try:
            check.call()
            result = OK
        except JamWithMeError as exc:
            result = str(exc)
        except Exception as exc:  # a check should only raise the library's own errors; say so, do not guess
            logger.warning("health: checking %s failed unexpectedly", name, exc_info=True)
            result = f"failing ({type(exc).__name__})"
        check.result, check.at = result, time.monotonic()

    def report(self) -> dict[str, str]:
        """``{dependency: "ok" or a sentence}``, within :attr:`within` seconds."""
        now = time.monotonic()
        waiting = []
        with self._lock:
            for name, check in self._checks.items():
                running = check.thread is not None and check.thread.is_alive()
                if not running and now - check.at >= self.fresh:
                    check.thread = threading.Thread(
                        target=self._run, args=(name, check), daemon=True, name=f"jamwithme-health-{name}"
                    )
                    check.thread.start()
                    running = True
                if running:
                    waiting.append(check.thread)
        deadline = now + self.within
        for thread in waiting:
            thread.join(max(0.0, deadline - time.monotonic()))
        report = {}
        for name, check in self._checks.items():
            if check.thread is not None and check.thread.is_alive():
                report[name] = f"not answering within {self.within:g} s"
            else:
                report[name] = check.result or OK
        return report
