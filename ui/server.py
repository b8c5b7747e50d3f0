"""What a Streamlit server holds once for every session: the service (store and queue) and the preloaded model.

Pages call the service (:mod:`jamwithme.service`) and nothing else does work:
no job is defined in ``ui/`` or ``app_pages/``.
"""

from __future__ import annotations

import logging
import sys
import threading

import streamlit as st

from jamwithme import settings as jwm_settings
from jamwithme.errors import JamWithMeError
from jamwithme.service import Service, default_service
from jamwithme.stacks import stacks_on_signal

logger = logging.getLogger("jamwithme")


class _Stderr(logging.StreamHandler):
    """A handler that writes to whatever ``sys.stderr`` is when it writes (test runners swap it)."""

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, _value) -> None:
        pass


@st.cache_resource(show_spinner=False)
def service() -> Service:
    """The server's service: one store and one queue shared by every session (settings checked here)."""
    jwm_settings.check()
    if not logger.handlers:  # the server's log says what work ran (and the tests count it)
        handler = _Stderr()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s jamwithme: %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False  # a library that configures the root logger would print every line twice
    stacks_on_signal()  # `kill -USR1 <pid>`: every thread's stack in the server's log (a page that waits: why)
    return default_service()


@st.cache_resource(show_spinner=False)
def preload_model() -> threading.Thread:
    """Load Spleeter's model in the background once per server, so the first separation does not wait for it."""

    def load() -> None:
        try:
            from jamwithme.separation import get_separator

            get_separator()
        except JamWithMeError as exc:  # shown when a separation is asked for
            logger.warning("the separation model could not be preloaded: %s", exc)

    # Not a daemon: a server stopped while the model loads waits the few seconds for it. A daemon thread met
    # inside TensorFlow's graph building when the interpreter ends unwinds through C++ that may not throw,
    # and the process aborts ("terminate called without an active exception") instead of exiting.
    thread = threading.Thread(target=load, name="jamwithme-preload", daemon=False)
    thread.start()
    return thread


def model_ready() -> bool:
    return not preload_model().is_alive()
