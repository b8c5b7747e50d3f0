"""The session's song: which one it is, a page's "load a song first", and what it offers (its stems, once separated).

The session keeps only the song's id (:mod:`ui.state`); the song itself is on
the server, which may have removed it to make room.
"""

from __future__ import annotations

import dataclasses

import streamlit as st

from jamwithme.errors import JamWithMeError
from jamwithme.service import SongInfo
from jamwithme.text import length
from ui import state
from ui.messages import could_not_load, escape, notice
from ui.server import service
from ui.session import sync_url


def song() -> SongInfo | None:
    """The session's song, if the server still has it."""
    song_id = state.song_id()
    if song_id is None:
        return None
    found = service().song(song_id)
    if found is None:
        state.set_song(None)
        notice("warning", "The song this page named is no longer on the server (it was removed to make room).")
    return found


@dataclasses.dataclass(frozen=True)
class SongRead:
    """A song being read for a tab, and once read, its id or why it was refused."""

    name: str
    song: str | None = None
    error: str | None = None

    @property
    def pending(self) -> bool:
        return self.song is None and self.error is None


@st.cache_resource(show_spinner=False)
def _reads() -> dict[str, SongRead]:
    """The songs being read, by tab id: kept outside the session's state on purpose.

    A page clicked while a song is read starts that page's run at once; the run
    reading the song reads on, unseen, and Streamlit stops it at its next use of
    an element or of the session's state. So it hands the song (or the reason it
    was refused) over here, and the next run of the tab takes it (:func:`take_read`).
    Before, that click lost the song: "Load a song first" on the page clicked (the
    hot-reload test hit it 1 run in 2 at load 8-10).
    """
    return {}


def read_song(source, name: str, kind: str) -> SongInfo:
    """Read and keep a song for this tab (the spinner says so); the next run of the tab takes it if this one cannot.

    Raises
    ------
    JamWithMeError
        The file is not a song this app takes (the run that called goes on and says why).
    """
    tab, reads = state.tab_id(), _reads()
    reads[tab] = SongRead(name)
    try:
        with st.spinner(f"Reading {name}…"):
            try:
                info = service().add_song(source, name=name, source_kind=kind)
            except Exception as exc:
                why = could_not_load(name, exc) if isinstance(exc, JamWithMeError) else f"Could not load {name}."
                reads[tab] = SongRead(name, error=why)
                raise
            reads[tab] = SongRead(name, song=info.id)  # no element nor session state in between: nothing stops it
    except Exception:
        reads.pop(tab, None)  # still this tab's run: it says why itself
        raise
    finally:
        if reads.get(tab) == SongRead(name):
            reads.pop(tab, None)  # left before the reading began
    # Kept for the next run even when this one goes on to take the song (any use of the session's state may stop it
    # still): that run's take_read finds the song already taken, or takes it.
    return info


def take_read() -> None:
    """Make the song a run left behind has read this tab's song (or say why it was refused); at a run's start."""
    tab, reads = state.tab_id(), _reads()
    read = reads.get(tab)
    if read is None or read.pending:
        return
    del reads[tab]
    info = service().song(read.song) if read.song else None
    if info is not None:
        state.set_song(info.id)
        notice("success", f"Loaded {escape(info.name)} ({length(info.duration)}).")
    else:
        notice("error", read.error or f"Could not load {escape(read.name)}.")


def reading() -> SongRead | None:
    """The song being read for this tab by a run it left, if any."""
    read = _reads().get(state.tab_id())
    return read if read is not None and read.pending else None


#: How often a page left while its song is read looks whether it is in (s).
READING_POLL = 0.5


def wait_for_reading(read: SongRead) -> None:
    """Say that the song is being read; run the page again once it is in (or refused: the notice says why)."""

    @st.fragment(run_every=READING_POLL)
    def look() -> None:
        if reading() is None:
            st.rerun()  # the whole page, with the song
        st.caption(f"Reading {escape(read.name)}…")

    look()


def require_song() -> SongInfo | None:
    found = song()
    if found is None and reading() is not None:
        st.info("Your song is being read: this page opens with it in a moment.")
    elif found is None:
        st.info("Load a song first: upload a file, paste a link, or try the demo on the **Load** page.")
        st.page_link("app_pages/load.py", label="Go to Load", icon=":material/upload_file:")
    return found


def use_song(info: SongInfo) -> None:
    """Make ``info`` the session's song and name it in the URL (a reload on any page finds it)."""
    state.set_song(info.id)
    sync_url()


#: The Jam track page's choice of band, by label: the separation's ``band``.
BANDS = {
    "Full band: keeps cymbals and air above 11 kHz": "full",
    "Spleeter's original: everything above 11 kHz cut": "spleeter",
}


def separated_band() -> str | None:
    """The band of the song's stored separation, or ``None`` if it has not been separated.

    The band chosen on the Jam track page if that one is stored, else the full band: the pages after it play
    and render the jam track the musician chose there (they took the full band whenever it was stored).
    """
    chosen = BANDS.get(state.value(state.W_BAND), "full")
    for band in dict.fromkeys((chosen, "full", "spleeter")):
        if service().stored("separate", state.song_id(), {"band": band}) is not None:
            return band
    return None


#: What a page can work on, by label: the job settings' ``source``.
SOURCES = {"Jam track (accompaniment)": "accompaniment", "Vocals": "vocals", "Whole song": "mix"}


def source_labels() -> list[str]:
    """The sources a page offers: the stems once the song is separated, and always the whole song."""
    return list(SOURCES) if separated_band() is not None else ["Whole song"]
