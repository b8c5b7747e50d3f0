"""A click on another page is never lost to a rerun the server started, or a fragment looked, a moment before.

The pages follow their background jobs with fragments that call ``st.rerun()`` once the result is stored
(:mod:`ui.progress`, :mod:`ui.song`). In Streamlit 1.52 that rerun runs in the same script thread, and the
first thing the thread does is tell the session's page manager which page it is about to run. The page manager
is one per session, shared by every script thread. When the user clicks another page in that instant, the
session stops the old thread and starts a new one for the page clicked, and both write the page to run: if the
stopped thread writes last, the new thread's ``st.navigation`` reads it and runs the *old* page again. The click
is lost: the sidebar says Practice was asked for, the Jam track page is drawn, nothing more happens (with the URL
already changed, some runs showed an empty page instead). ``bench/rerun_race.py`` shows it on a small app with
the same fragments: 2 % of page clicks lost beside a CPU load, none with this guard.

The stopped thread, before it meets its first element and stops, also drops the session's hold on its media
files, the ones the new thread has just added among them (the audio of the page clicked, then a 404 in the
browser and a player that never loads).

The guard lets a script thread that has been told to stop no longer write either: the check and the write happen
under the lock the stop request takes, so the stop comes either before the check (the write is skipped) or after
the write (and the new thread, started after the stop, writes last). Calls off a script thread (the session's
own, at its end) go through as before.

A second race leaves the page clicked empty: a fragment of the page left looks once more just after the click
(the browser's timer fires before the new page has told it to stop; in Streamlit 1.52 some timers are never
stopped at all). The session queues that look behind the new page's run, with the *old* page's name, because the
old page's fragments are forgotten only at the end of that run. It then runs as the old page: the browser is
told the old page is back, drops the new page's elements, and nothing is drawn (the fragment is gone by then). A
look of a fragment asked for on another page than the one the browser last asked to run is dropped here. The
page is the one the browser asked for: a page changed on the server (``st.switch_page``, not used here) would
have to be recorded too.

A third is CPython 3.11's: the count ``ast.parse`` keeps of how deep it is while it builds its tree is kept
in state every thread shares, not one per thread (reported from threaded programs under CPython gh-106905; the
fix made there covers a parse that fails, not two at once). Two threads parsing at once can make
a good parse fail with ``SystemError: AST constructor recursion depth mismatch``. Here that is a page's first run
(Streamlit parses each page to add its "magic") while another thread parses: a job formatting a traceback
(Python 3.11's ``traceback`` parses the line it points at) or importing a module that reads a stub (``lazy_loader``,
under librosa). The page then showed the error in place of itself (ci21: the Mixer's run, at 00:31:47, a job mixing
beside it). Parsing is made one at a time in the app's process: ``ast.parse`` and Streamlit's page compiling hold
one lock, :data:`jamwithme.parsing.PARSING` (the service's own processes take it for ``ast.parse`` too).

A fourth is Streamlit's hot reload. On an edit of any module it watches, its watcher's thread drops every watched
module from ``sys.modules`` at once, and the next run imports them again. The library was among them (the app's
folder holds it): its pydantic models refused their validators a second time ("duplicate validator function"),
and a thread of the library importing in that instant (the model's preload, a job) took new copies of some
modules beside the old ones the running service holds ("clip must be an AudioClip, got AudioClip"). Streamlit
now watches no module of the library's folder, as it watches none of site-packages (:func:`keep_library_loaded`):
an edit of a page or of ``ui/`` reloads them, an edit of ``jamwithme/`` takes a restart (README).

A fifth is Streamlit's queue of messages for the browser, cleared when a run starts. A fragment's run clears it of
the fragment's own elements not yet sent, to send them anew. The run before it may be a whole page's run, whose
elements queued after the fragment's (the fragment's neighbours below it) stay: the browser then gets the element
below the fragment before the fragment's own box, an element addressed past the end of its container when the run
made that container anew, and Streamlit's frontend throws ("Bad delta path index 3 (should be between [0, 2])"):
the page goes blank and its connection closes. It takes a look of the fragment (its timer, from the page's run
before) waiting behind the page's run, and the server's event loop sending nothing between the page's last elements
and the fragment's start: a busy machine (the hot-reload test, blank once in about 40 runs; in a lab, the Load
page's run after the edit, the analysis polled, came without the polling fragment's box). On a small page in a lab
(a box made anew each run, a fragment polling inside it with an element below, the event loop held 0.35 s as a
busy machine holds it) the page went blank on 27 of 75 clicks, on none of 75 with this guard. The guard keeps, in
such a clear, every message queued before the last element the clear keeps anyway (:func:`clear_in_order`): the
browser gets what it got had the queue been sent a moment earlier, and the fragment's run draws its box again after.

``JAMWITHME_TRACE_RERUNS=1`` logs every rerun asked of a session and every start and end of its script runs
(the page, the fragments, whether a look was dropped) to the server's log: what to read when a page stays still.
"""

from __future__ import annotations

import functools
import logging
import os
import sys
from collections.abc import Callable
from typing import Any

from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.runtime import forward_msg_queue
from streamlit.runtime.app_session import AppSession
from streamlit.runtime.forward_msg_queue import ForwardMsgQueue
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.pages_manager import PagesManager
from streamlit.runtime.scriptrunner.script_cache import ScriptCache
from streamlit.runtime.scriptrunner_utils.script_requests import ScriptRequestType
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx
from streamlit.watcher.folder_black_list import FolderBlackList

import jamwithme
from jamwithme.parsing import one_at_a_time
from jamwithme.parsing import parse_one_at_a_time as parse_python_one_at_a_time

logger = logging.getLogger("jamwithme.reruns")

#: What a script thread writes of the session's, by class: the page to run, and the hold on its media files.
GUARDED = (
    (PagesManager, "set_script_intent"),
    (PagesManager, "set_current_page_script_hash"),
    (MediaFileManager, "clear_session_refs"),
)


def _unless_stopped(method: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    def guarded(self: Any, *args: Any, **kwargs: Any) -> Any:
        ctx = get_script_run_ctx(suppress_warning=True)
        requests = ctx.script_requests if ctx is not None else None
        if requests is None:  # not on a script thread (the session itself, a test)
            return method(self, *args, **kwargs)
        with requests._lock:  # the lock request_stop() takes
            if requests._state == ScriptRequestType.STOP:
                return None  # a thread on its way out: the session is the next thread's to write
            return method(self, *args, **kwargs)

    guarded.jamwithme_guarded = True  # type: ignore[attr-defined]
    return guarded


def stale_look(asked_page: str | None, client_state: ClientState | None) -> bool:
    """Whether ``client_state`` asks a fragment of another page than ``asked_page`` (the page last asked for) to run."""
    if client_state is None or not client_state.fragment_id or not asked_page:
        return False
    return bool(client_state.page_script_hash) and client_state.page_script_hash != asked_page


def _without_stale_looks(method: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    def request_rerun(self: AppSession, client_state: ClientState | None) -> None:
        if client_state is not None and not client_state.fragment_id:
            self.jamwithme_asked_page = client_state.page_script_hash or None  # "" when asked by the URL's name
        elif stale_look(getattr(self, "jamwithme_asked_page", None), client_state):
            logger.debug("session %s: dropped a look of fragment %s of page %s", self.id[:8],
                         client_state.fragment_id[:8], client_state.page_script_hash[:8])  # fmt: skip
            return None
        if client_state is not None:
            what = f"fragment {client_state.fragment_id[:8]}" if client_state.fragment_id else "whole page"
            logger.debug("session %s: rerun asked, page %s %s, %s", self.id[:8],
                         client_state.page_script_hash[:8], client_state.page_name, what)  # fmt: skip
        return method(self, client_state)

    request_rerun.jamwithme_guarded = True  # type: ignore[attr-defined]
    return request_rerun


def _placed(msg: Any) -> bool:
    """Whether ``msg`` puts an element at a place of the page (a delta, or a reference to a cached one)."""
    return bool(msg.metadata.delta_path)


def clear_in_order(clear: Callable[..., Any]) -> Callable[..., Any]:
    """``ForwardMsgQueue.clear`` that, clearing for a fragment's run, drops none of the fragment's elements queued
    before an element it keeps (one of the page's, or of another fragment): the browser places an element only
    after those before it in its container."""

    @functools.wraps(clear)
    def clear_(self: ForwardMsgQueue, retain_lifecycle_msgs: bool = False,
               fragment_ids_this_run: list[str] | None = None) -> None:  # fmt: skip
        if not retain_lifecycle_msgs or not fragment_ids_this_run:
            return clear(self, retain_lifecycle_msgs, fragment_ids_this_run)
        running = set(fragment_ids_this_run)
        kept = [i for i, msg in enumerate(self._queue) if _placed(msg) and msg.delta.fragment_id not in running]
        cut = kept[-1] + 1 if kept else 0
        before, self._queue = self._queue[:cut], self._queue[cut:]
        clear(self, retain_lifecycle_msgs, fragment_ids_this_run)
        # the kept part as the clear itself keeps a message it does not drop (a run's end told as stopped early)
        update = forward_msg_queue._update_script_finished_message
        self._queue = [update(msg, True) for msg in before] + self._queue
        return None

    clear_.jamwithme_guarded = True  # type: ignore[attr-defined]
    return clear_


def _traced(method: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    def on_event(self: AppSession, sender: Any, event: Any, *args: Any, **kwargs: Any) -> Any:
        if event.name != "ENQUEUE_FORWARD_MSG":
            page, fragments = kwargs.get("page_script_hash"), kwargs.get("fragment_ids_this_run")
            logger.debug("session %s: %s page %s fragments %s", self.id[:8], event.name,
                         (page or "")[:8], [f[:8] for f in fragments or []])  # fmt: skip
        return method(self, sender, event, *args, **kwargs)

    on_event.jamwithme_guarded = True  # type: ignore[attr-defined]
    return on_event


def _trace_reruns() -> None:
    if logger.level != logging.DEBUG:
        logger.setLevel(logging.DEBUG)
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s.%(msecs)03d reruns: %(message)s", "%H:%M:%S"))
        logger.addHandler(handler)
        logger.propagate = False
    if not getattr(AppSession._on_scriptrunner_event, "jamwithme_guarded", False):
        AppSession._on_scriptrunner_event = _traced(AppSession._on_scriptrunner_event)


def parse_one_at_a_time() -> None:
    """Let one thread at a time parse Python in this process: ``ast.parse`` and Streamlit's page compiling hold
    :data:`~jamwithme.parsing.PARSING` (CPython 3.11 counts a parse's depth once per process; idempotent)."""
    parse_python_one_at_a_time()
    if not getattr(ScriptCache.get_bytecode, "jamwithme_guarded", False):
        ScriptCache.get_bytecode = one_at_a_time(ScriptCache.get_bytecode)


#: The library's folder: Streamlit's hot reload leaves its modules as first imported (:func:`keep_library_loaded`).
LIBRARY = os.path.dirname(os.path.realpath(jamwithme.__file__))


def in_library(path: str) -> bool:
    """Whether ``path`` is a file of the library (:data:`LIBRARY`).

    Examples
    --------
    >>> in_library(os.path.join(LIBRARY, "analysis", "key.py")), in_library(os.path.join(LIBRARY + "_old", "x.py"))
    (True, False)
    """
    return os.path.realpath(path).startswith(LIBRARY + os.sep)


def keep_library_loaded() -> None:
    """Let Streamlit's hot reload watch no module of the library, so it never drops them (once per process;
    idempotent). Called before the first run ends: Streamlit picks the modules it watches at the end of each run."""
    if getattr(FolderBlackList.is_blacklisted, "jamwithme_guarded", False):
        return
    blacklisted = FolderBlackList.is_blacklisted

    @functools.wraps(blacklisted)
    def is_blacklisted(self: FolderBlackList, filepath: str) -> bool:
        return in_library(filepath) or blacklisted(self, filepath)

    is_blacklisted.jamwithme_guarded = True  # type: ignore[attr-defined]
    FolderBlackList.is_blacklisted = is_blacklisted


def guard_session_writes() -> None:
    """Make a stopped script thread leave the session's page and media alone, drop a fragment's look asked
    for on a page left, send a page's elements in order when a fragment's run clears the queue, and parse one
    thread at a time (once per process; idempotent)."""
    for owner, name in GUARDED:
        method = getattr(owner, name)
        if not getattr(method, "jamwithme_guarded", False):
            setattr(owner, name, _unless_stopped(method))
    if not getattr(AppSession.request_rerun, "jamwithme_guarded", False):
        AppSession.request_rerun = _without_stale_looks(AppSession.request_rerun)
    if not getattr(ForwardMsgQueue.clear, "jamwithme_guarded", False):
        ForwardMsgQueue.clear = clear_in_order(ForwardMsgQueue.clear)
    parse_one_at_a_time()
    if os.environ.get("JAMWITHME_TRACE_RERUNS") == "1":
        _trace_reruns()
