"""What a page tells the user: errors as a sentence, text shown literally in Markdown, notices across a rerun."""

from __future__ import annotations

import logging
import re
from contextlib import contextmanager

import streamlit as st

from jamwithme.errors import AudioLoadError, BusyError, JamWithMeError, NoAudioTrackError
from ui import state

logger = logging.getLogger("jamwithme")


@contextmanager
def friendly_errors(action: str):
    """Show library errors as a sentence; the page and what the user has stay as they are."""
    try:
        yield
    except BusyError as exc:
        st.warning(f"The server is busy: {exc}")
    except JamWithMeError as exc:
        st.error(f"Could not {action}: {escape(str(exc))}")
    except Exception as exc:  # a bug: say so plainly, log the details, keep the page up
        logger.exception("unexpected error while trying to %s", action)
        st.error(f"Could not {action} because of an unexpected problem ({type(exc).__name__}). It has been logged.")


#: What Markdown would turn into a link by itself (GFM autolinks): shown as code instead.
_URL = re.compile(r"(?:[a-z][a-z0-9+.-]*://|www\.)\S+", re.IGNORECASE)


def escape(text: str) -> str:
    r"""``text`` shown literally in Markdown (file names keep their underscores and asterisks).

    A web address is set as code: Markdown would make a link of it and show
    any escape inside it (``127\.0\.0\.1``) instead of reading it.

    Examples
    --------
    >>> escape("my_song*.mp3")
    'my\\_song\\*\\.mp3'
    >>> escape("Nothing at http://127.0.0.1:8000/a_b.mp3.")
    'Nothing at `http://127.0.0.1:8000/a_b.mp3`\\.'
    """
    out, end = [], 0
    for match in _URL.finditer(text):
        url = match.group().rstrip(".,;:!?'\"")
        if url.endswith(")") and url.count("(") < url.count(")"):
            url = url[:-1]
        out += [_markdown_literal(text[end : match.start()]), f"`{url.replace('`', '%60')}`"]
        end = match.start() + len(url)
    return "".join(out + [_markdown_literal(text[end:])])


def _markdown_literal(text: str) -> str:
    return re.sub(r"([\\`*_{}\[\]<>()#+\-.!|~$])", r"\\\1", text)


def said(exc: JamWithMeError, *, named: str | None = None) -> str:
    """The error's sentence for a page, escaped; without the file's name when the page says ``named`` already.

    A file that is not audio reads "Could not load x.mp3: this is not audio we
    can read, or the file is damaged" and not the file name twice with what
    each decoder reported (that goes to the log).
    """
    if named is not None and isinstance(exc, AudioLoadError) and exc.name:
        if exc.detail:
            logger.info("%s: %s (%s)", exc.name, exc.reason, exc.detail)
        return escape(exc.reason)
    return escape(str(exc))


def could_not_load(name: str, exc: JamWithMeError) -> str:
    """The page's sentence for a file it could not load, escaped: "Could not load x.mp3: why".

    A file with no audio track says so naming the file first ("cover.wav has no audio track: it is not an
    audio file (…)"): after "Could not load cover.wav:" its reason read as three clauses and a question.
    """
    if isinstance(exc, NoAudioTrackError):
        return escape(exc.SENTENCE.format(name=name))
    return f"Could not load {escape(name)}: {said(exc, named=name)}"


def notice(kind: str, text: str) -> None:
    """A message to show at the top of the next run (after an ``st.rerun``)."""
    st.session_state[state.NOTICE] = (kind, text)


def show_notice() -> None:
    """The notice left for this run, in a place at the top that is there on every run, notice or none.

    Drawn only with a notice, it moved the page under it down a place for one run ("Loaded x.mp3") and back up
    on the next: the Load page's tabs were made anew, so a musician who had opened "Paste a link" after loading
    a song was put back on "Upload a file" by the next run (a fetch, the analysis ending), its answer unseen.
    """
    slot = st.empty()
    kind, text = st.session_state.pop(state.NOTICE, (None, None))
    if kind:
        getattr(slot, kind)(text)
