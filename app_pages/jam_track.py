"""The jam track: separate the song into vocals and accompaniment, hear both, download both."""

from __future__ import annotations

import streamlit as st

from ui import state
from ui.media import format_picker, mp3, player, stem_of
from ui.messages import friendly_errors
from ui.progress import job, start_button
from ui.server import model_ready
from ui.song import BANDS, require_song

st.title("Jam track")
song = require_song()
if song is not None:
    st.caption("Vocals and accompaniment with Spleeter's 2-stem model.")
    labels = list(BANDS)
    band = BANDS[st.radio("High frequencies", labels, key=state.widget(state.W_BAND, labels[0]))]
    settings = {"band": band}
    with friendly_errors("separate this song"):
        # The button and the separation's progress in a place of their own, there on every run: gone, they
        # moved the players up a place, and while this run follows the MP3s (below) the page showed the last
        # run's players and downloads beside the new ones, twice each.
        with st.container():
            key = job("separate", settings, "Separating vocals and accompaniment", start=False)
            if key is None:
                if not model_ready():
                    st.caption("Spleeter's model is loading in the background (once per server start).")
                label = "Separating vocals and accompaniment"
                if start_button("Separate", "separate", settings, label, key=state.W_SEPARATE, type="primary",
                                icon=":material/call_split:"):  # fmt: skip
                    key = job("separate", settings, label)
        if key is not None:
            fmt = format_picker(state.W_JAM_FORMAT)
            left, right = st.columns(2)
            for column, name, title in (
                (left, "accompaniment", "Jam track (accompaniment)"),
                (right, "vocals", "Vocals"),
            ):
                with column:
                    st.subheader(title)
                    player(key, name, file_stem=f"{stem_of(song.name)}_{name}", fmt=fmt, widget_key=f"w_jam_dl_{name}")
            # The players above play at once; the Practice player's MP3s are made in the background after
            # the downloads, their progress here, while the musician listens.
            for name in ("accompaniment", "vocals"):
                mp3(key, name, f"Preparing the {name} for the Practice player (MP3)")
