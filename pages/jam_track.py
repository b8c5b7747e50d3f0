"""The jam track: separate the song into vocals and accompaniment, hear both, download both."""

from __future__ import annotations

import streamlit as st

from jamwithme.separation import Band
from jamwithme.tasks import separate_cached
from ui import state
from ui.common import (
    cached_result,
    disk_cache,
    format_picker,
    friendly_errors,
    pending_job,
    player,
    require_song,
    run_job,
    separator,
    song_key,
)

BANDS = {
    "Full band: keeps cymbals and air above 11 kHz": Band.FULL,
    "Spleeter's original: everything above 11 kHz cut": Band.SPLEETER,
}

st.title("Jam track")
song = require_song()
if song is not None:
    st.caption(f"{song.name}: vocals and accompaniment with Spleeter's 2-stem model.")
    band = BANDS[st.radio("High frequencies", list(BANDS), key=state.W_BAND)]
    key = song_key(song, "separate", band=band.value)
    stems = cached_result(key)
    if stems is None:
        start = st.button("Separate", key=state.W_SEPARATE, type="primary", icon=":material/call_split:")
        if start or pending_job(key):
            with friendly_errors("separate this song"):
                stems = run_job(
                    key,
                    "Separating vocals and accompaniment",
                    separate_cached,
                    song.clip,
                    band=band,
                    cache_key=key,
                    cache=disk_cache(),
                    separator=separator(),
                )
                state.results()[key] = stems
                st.rerun()  # show the players without the Separate button
    if stems is not None:
        fmt = format_picker(state.W_JAM_FORMAT)
        stem_name = song.name.rsplit(".", 1)[0]
        left, right = st.columns(2)
        for column, name, title in ((left, "accompaniment", "Jam track (accompaniment)"), (right, "vocals", "Vocals")):
            with column:
                st.subheader(title)
                player(key, name, stems[name], file_stem=f"{stem_name}_{name}", fmt=fmt, widget_key=f"w_jam_dl_{name}")
