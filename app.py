"""JamWithMe: the Streamlit entry point. Navigation and the shared sidebar; nothing heavy.

make run        # or: .venv/bin/streamlit run app.py
"""

from __future__ import annotations

import streamlit as st

from ui import state
from ui.common import job_queue, restore_song_from_url

st.set_page_config(page_title="JamWithMe", page_icon=":material/music_note:", layout="wide")

PAGES = [
    st.Page("pages/load.py", title="Load", icon=":material/upload_file:", default=True),
    st.Page("pages/jam_track.py", title="Jam track", icon=":material/piano:"),
    st.Page("pages/practice.py", title="Practice", icon=":material/speed:"),
    st.Page("pages/remix.py", title="Beat remix", icon=":material/shuffle:"),
    st.Page("pages/mixer.py", title="Mixer", icon=":material/tune:"),
]
page = st.navigation(PAGES)

restore_song_from_url()
with st.sidebar:
    st.markdown("### :material/music_note: JamWithMe")
    song = state.song()
    if song is None:
        st.caption("No song loaded yet.")
    else:
        minutes, seconds = divmod(round(song.clip.duration), 60)
        st.markdown(f"**{song.name}**  \n{minutes}:{seconds:02d} · {song.clip.sample_rate / 1000:g} kHz stereo")
    waiting = job_queue().pending()
    if waiting:
        st.caption(f"Server queue: {waiting} job(s) running or waiting")

page.run()
