"""JamWithMe: the Streamlit entry point. Navigation and the shared sidebar; nothing heavy.

make run        # or: .venv/bin/streamlit run app.py
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from jamwithme.text import mmss
from ui.messages import escape, show_notice
from ui.server import preload_model, service
from ui.session import restore_session, save_session, sync_url
from ui.song import song

ICON = Path(__file__).resolve().parent / "ui" / "icon.png"

st.set_page_config(page_title="JamWithMe", page_icon=str(ICON), layout="wide")

PAGES = [
    st.Page("app_pages/load.py", title="Load", icon=":material/upload_file:", default=True),
    st.Page("app_pages/jam_track.py", title="Jam track", icon=":material/piano:"),
    st.Page("app_pages/practice.py", title="Practice", icon=":material/speed:"),
    st.Page("app_pages/melody.py", title="Melody", icon=":material/music_note:"),
    st.Page("app_pages/remix.py", title="Beat remix", icon=":material/shuffle:"),
    st.Page("app_pages/mixer.py", title="Mixer", icon=":material/tune:"),
]
page = st.navigation(PAGES)

preload_model()
restore_session()
sync_url()
show_notice()
with st.sidebar:
    st.markdown("### :material/music_note: JamWithMe")
    current = song()
    if current is None:
        st.caption("No song loaded yet.")
    else:
        st.markdown(f"**{escape(current.name)}**  \n{mmss(current.duration)} · 44.1 kHz stereo")
    waiting = service().queue.pending()
    if waiting:
        st.caption(f"Server queue: {waiting} job{'s' if waiting > 1 else ''} running or waiting")

page.run()
save_session()
