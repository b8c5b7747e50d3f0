"""The session's song: which one it is, a page's "load a song first", and what it offers (its stems, once separated).

The session keeps only the song's id (:mod:`ui.state`); the song itself is on
the server, which may have removed it to make room.
"""

from __future__ import annotations

import streamlit as st

from jamwithme.service import SongInfo
from ui import state
from ui.messages import notice
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


def require_song() -> SongInfo | None:
    found = song()
    if found is None:
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
