"""Load a song: upload a file, paste a YouTube or media link, or take the demo."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from jamwithme.analysis import NO_KEY, NO_PULSE, too_short
from jamwithme.errors import JamWithMeError
from jamwithme.text import length
from jamwithme.web import links
from ui import state
from ui.media import audio, waveform
from ui.messages import could_not_load, escape, friendly_errors, notice
from ui.progress import song_analysis
from ui.song import read_song, song, use_song

DEMO = Path(__file__).resolve().parent.parent / "sample_data" / "demo_song.mp3"

st.title("Load a song")


def take(source, name: str, kind: str) -> None:
    """Decode and keep a song; only once it is accepted does it replace the session's song."""
    hide_facts()
    info = read_song(source, name, kind)
    if info.id != state.song_id():
        use_song(info)
        notice("success", f"Loaded {escape(info.name)} ({length(info.duration)}).")
        st.rerun()  # the sidebar and every page show the new song at once


def hide_facts() -> None:
    """Take the shown song's facts off the page at once, before the seconds of fetching or reading another song.

    Streamlit shows a run's elements until this run replaces them (and st.rerun leaves them, greyed): the QA walk
    saw the last song's length, tempo, key and warnings under the new song's name for 1-6 s.
    """
    if not hidden:
        with facts_area:
            st.empty()  # replaces the facts' block, the area's first child
        hidden.append(True)


hidden: list[bool] = []  # this run has hidden them: a fetch then a read hide them once
upload_tab, link_tab, demo_tab = st.tabs(["Upload a file", "Paste a link", "Demo song"])
# Below the tabs: the song's facts in one block, its first child, which take() replaces with nothing.
facts_area = st.container()
with upload_tab:
    tries = st.session_state.get(state.UPLOADER, 0)
    upload = st.file_uploader(
        "Any audio or video file: MP3, WAV, FLAC, OGG, M4A/AAC, …",
        key=f"{state.W_UPLOAD}_{tries}",
        help="Up to 200 MB and 20 minutes.",
    )
    if upload is not None and st.session_state.get(state.LAST_UPLOAD) != upload.file_id:
        # Remember the attempt, good or bad, so a rerun does not decode (or complain about) it again.
        st.session_state[state.LAST_UPLOAD] = upload.file_id
        with friendly_errors(f"load {escape(upload.name)}"):
            try:
                take(upload.getvalue(), upload.name, "upload")
            except JamWithMeError as exc:
                # A fresh, empty uploader: the refused file's name does not stand above the song you have.
                st.session_state[state.UPLOADER] = tries + 1
                notice("error", could_not_load(upload.name, exc))
                st.rerun()
with link_tab:
    # A form, so that Enter in the box fetches as the button does (it only kept the text).
    with st.form("w_load_link_form", border=False, enter_to_submit=True):
        url = st.text_input(
            "YouTube or media link", key=state.widget(state.W_URL, ""), placeholder="https://www.youtube.com/watch?v=…"
        )
        fetch = st.form_submit_button("Fetch", key=state.W_FETCH, icon=":material/download:")
    if fetch:
        with st.status("Fetching the audio…", expanded=True) as box:
            failed = True
            with friendly_errors("fetch this link"):
                hide_facts()
                bar = st.progress(0.0)
                linked = links.fetch(url, progress=lambda f: bar.progress(f, text=f"{f:.0%} downloaded"))
                box.update(label=f"Fetched {escape(linked.title)}", state="complete", expanded=False)
                failed = False
                take(linked.data, linked.title, "link")
            if failed:
                box.update(label="Fetching the audio: failed", state="error", expanded=True)
with demo_tab:
    st.caption("A 19-second song JamWithMe synthesizes itself: a band and a voice-like melody.")
    if st.button("Load the demo song", key=state.W_DEMO, icon=":material/music_note:"):
        with friendly_errors("load the demo"):
            take(DEMO.read_bytes(), DEMO.name, "demo")

current = song()
if current is None:
    with facts_area:
        st.info("No song yet. Upload one, paste a link, or load the demo.")
else:
    # Keyed by the song: another song's elements cannot stand in for these while they are drawn.
    with facts_area, st.container(key=f"song_facts_{current.id}"):
        st.subheader(escape(current.name))
        for text in current.notices:  # e.g. a file that ends well before its header says
            st.warning(escape(text))
        waveform(current)
        music = song_analysis(current)
        # Too short to analyse (song_analysis says so): nothing is being found, so nothing reads "finding…".
        finding, dots = ("—", "—") if too_short(current.duration) else ("finding…", "…")
        # With no steady beat there is no tempo or metre to give, and silence or noise has no key: a figure reads "—"
        # and a line under them says so whole (st.metric cut "no steady beat found" to "no stea…"), never a made-up
        # number.
        pulse, tonal = (music.pulse, music.tonal) if music else (True, True)
        cols = st.columns(5)
        cols[0].metric("Length", length(current.duration))
        cols[1].metric("Tempo", (music.tempo_text() if pulse else "—") if music else finding)
        cols[2].metric("Time signature", (music.time_signature if pulse else "—") if music else dots)
        cols[3].metric("Key", (music.key_text() if tonal else "—") if music else dots)
        cols[4].metric("Sample rate", f"{(current.original_rate or current.sample_rate) / 1000:g} kHz")
        missing = [f"{NO_PULSE.capitalize()}: no tempo or time signature to give."] if not pulse else []
        missing += [f"{NO_KEY.capitalize()}: the song sounds no tones to name one by."] if not tonal else []
        if missing:
            st.caption(" ".join(missing))
        audio(f"song-{current.id}", "mix")  # at once: the FLAC (a second) unless its MP3 is made
        st.page_link("app_pages/jam_track.py", label="Next: make the jam track", icon=":material/arrow_forward:")
