"""Python is parsed one thread at a time in a process that runs jobs on threads.

CPython 3.11 keeps the count ``ast.parse`` makes of how deep it is while it builds its tree in state every
thread shares, not one per thread (reported from threaded programs under CPython gh-106905; the fix made there
covers a parse that fails, not two at once). Two threads parsing at once can make a good parse fail with
``SystemError: AST constructor recursion depth mismatch``. A process of this service parses more often than it
looks: Python 3.11's ``traceback`` parses the line an error points at (a job's failure logged, an API error
answered), ``lazy_loader`` parses a stub when librosa's modules are first used, and Streamlit parses each page
(ci21: the Mixer page's run failed that way while a job ran beside it). Every process that runs jobs on threads
(the app, the API server, the command line, a worker with its heartbeat threads) makes ``ast.parse`` hold
:data:`PARSING`; the app also makes Streamlit's page compiling hold it (:mod:`ui.runner_guard`).
"""

from __future__ import annotations

import ast
import functools
import threading
from collections.abc import Callable
from typing import Any

#: Held while this process parses Python (``ast.parse``), or compiles what it parsed where that must not interleave.
PARSING = threading.RLock()


def one_at_a_time(method: Callable[..., Any]) -> Callable[..., Any]:
    """``method`` run holding :data:`PARSING`, marked so that it is wrapped once."""

    @functools.wraps(method)
    def serialized(*args: Any, **kwargs: Any) -> Any:
        with PARSING:
            return method(*args, **kwargs)

    serialized.jamwithme_guarded = True  # type: ignore[attr-defined]
    return serialized


def parse_one_at_a_time() -> None:
    """Let one thread at a time parse Python in this process (idempotent).

    Examples
    --------
    >>> parse_one_at_a_time()
    >>> ast.parse.jamwithme_guarded, type(ast.parse("x = 1")).__name__
    (True, 'Module')
    """
    if not getattr(ast.parse, "jamwithme_guarded", False):
        ast.parse = one_at_a_time(ast.parse)
