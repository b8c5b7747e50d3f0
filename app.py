"""JamWithMe: the Streamlit entry point. Navigation and the shared sidebar; nothing heavy.

make run        # or: .venv/bin/streamlit run app.py
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from jamwithme.text import length
from ui.media import keep_made_downloads
from ui.messages import escape, show_notice
from ui.runner_guard import guard_session_writes, keep_library_loaded
from ui.server import preload_model, service
from ui.session import restore_session, save_session, sync_url
from ui.song import reading, song, take_read, wait_for_reading

ICON = Path(__file__).resolve().parent / "ui" / "icon.png"

keep_library_loaded()  # an edit of a page or of ui/ reloads them, never the library (ui/runner_guard.py)
guard_session_writes()  # a page clicked is never lost to a rerun started a moment before (ui/runner_guard.py)
keep_made_downloads()  # a download made on its click stays served until the browser fetches it (ui/media.py)
# Before the first element: a page link clicked while this run draws stops it at its next element, and the
# next run's URL has no ?song= (navigation drops it). Restored after the navigation, the song was lost 4 times in
# 8 on a session's first run ("Load a song first" on the page clicked, the URL without the song; 0 in 8 now).
restore_session()
take_read()  # a song read by a run this tab left for another page (ui/song.py)
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
sync_url()
show_notice()
with st.sidebar:
    st.markdown("### :material/music_note: JamWithMe")
    current, read = song(), reading()
    if current is None and read is not None:
        wait_for_reading(read)
    elif current is None:
        st.caption("No song loaded yet.")
    else:
        st.markdown(f"**{escape(current.name)}**  \n{length(current.duration)} · {current.described}")
    waiting = service().queue.pending()
    if waiting:
        st.caption(f"Server queue: {waiting} job{'s' if waiting > 1 else ''} running or waiting")

page.run()
save_session()
