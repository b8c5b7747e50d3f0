"""The settings that survive a reload: the song and this tab's settings in the URL, kept in the server's store.

What is kept and under which key is :mod:`ui.state`'s; this module reads and
writes it on the server, once per run (``app.py``).
"""

from __future__ import annotations

import re

import streamlit as st

from ui import state
from ui.server import service


def sync_url() -> None:
    """Keep the song and this tab's settings in the URL on every page (navigation drops query params)."""
    song_id, tab = state.song_id(), state.tab_id()
    wanted = {"tab": tab, **({"song": song_id} if song_id else {})}
    if {k: st.query_params.get(k) for k in ("tab", "song")} != {**{"song": None}, **wanted}:
        st.query_params.from_dict(wanted)


def restore_session() -> None:
    """On a new session (a reload), bring back the song and the settings the URL names."""
    if state.SAVED in st.session_state:
        return
    tab = state.restored_tab()  # read only: this session saves under an id of its own (ui/state.py)
    entry = service().store.get(_session_key(tab)) if tab else None
    if entry is not None:
        state.load_values(entry.read_bytes("settings.json").decode())
    song_id = st.query_params.get("song")
    if song_id and re.fullmatch(r"[0-9a-f]{64}", song_id) and state.song_id() is None:
        if service().song(song_id) is not None:
            state.set_song(song_id)
    # Settings brought from another tab id are saved under this session's own at the end of the run.
    st.session_state[state.SAVED] = None if entry is not None else state.settings_json()


def save_session() -> None:
    """Keep this tab's settings on the server (only when they changed) so a reload finds them."""
    state.remember_all()
    text = state.settings_json()
    if text == st.session_state.get(state.SAVED):
        return
    store = service().store
    key = _session_key(state.tab_id())
    store.delete(key)
    with store.writer(key) as staging:
        staging.write_bytes("settings.json", text.encode())
        staging.meta["kind"] = "session"
    st.session_state[state.SAVED] = text


def _session_key(tab: str) -> str:
    return f"session-{tab}"
