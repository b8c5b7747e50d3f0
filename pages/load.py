"""Load a song: upload a file, paste a YouTube or media link, or take the demo."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from jamwithme import audio, links
from jamwithme.cache import content_hash
from ui import state
from ui.common import encoded_preview, find_beats, friendly_errors, song_figure, use_song

DEMO = Path(__file__).resolve().parent.parent / "sample_data" / "demo_song.mp3"

st.title("Load a song")


def load_bytes(data: bytes, name: str, source: str) -> None:
    digest = content_hash(data)
    current = state.song()
    if current is not None and current.hash == digest:
        return
    with st.spinner(f"Reading {name}…"):
        clip = audio.load(data, name=name)
    use_song(state.Song(clip, name, digest, source))


upload_tab, link_tab, demo_tab = st.tabs(["Upload a file", "Paste a link", "Demo song"])
with upload_tab:
    upload = st.file_uploader(
        "Any audio or video file: MP3, WAV, FLAC, OGG, M4A/AAC, …",
        key=state.W_UPLOAD,
        help="Up to 200 MB and 20 minutes.",
    )
    if upload is not None and st.session_state.get("jwm_last_upload") != upload.file_id:
        # Remember the attempt, good or bad, so a rerun does not decode (or complain about) it again.
        st.session_state["jwm_last_upload"] = upload.file_id
        with friendly_errors("load this file"):
            load_bytes(upload.getvalue(), upload.name, "upload")
with link_tab:
    url = st.text_input("YouTube or media link", key=state.W_URL, placeholder="https://www.youtube.com/watch?v=…")
    if st.button("Fetch", key=state.W_FETCH, icon=":material/download:"):
        with friendly_errors("fetch this link"):
            with st.status("Fetching the audio…", expanded=True) as box:
                bar = st.progress(0.0)
                linked = links.fetch(url, progress=lambda f: bar.progress(f, text=f"{f:.0%} downloaded"))
                box.update(label=f"Fetched {linked.title}", state="complete", expanded=False)
            digest = content_hash(linked.data)
            use_song(state.Song(linked.clip, linked.title, digest, "link"))
with demo_tab:
    st.caption("A 19-second song JamWithMe synthesizes itself: a band and a voice-like melody.")
    if st.button("Load the demo song", key=state.W_DEMO, icon=":material/music_note:"):
        with friendly_errors("load the demo"):
            load_bytes(DEMO.read_bytes(), DEMO.name, "demo")

song = state.song()
if song is None:
    st.info("No song yet. Upload one, paste a link, or load the demo.")
else:
    st.subheader(song.name)
    if audio.is_silent(song.clip):
        st.warning("This song is silent (its loudest sample is below −100 dBFS): every result will be silent too.")
    minutes, seconds = divmod(round(song.clip.duration), 60)
    tempo = song_figure(song)
    cols = st.columns(4)
    cols[0].metric("Length", f"{minutes}:{seconds:02d}")
    cols[1].metric("Sample rate", f"{song.clip.sample_rate / 1000:g} kHz")
    cols[2].metric("Channels", "stereo")
    cols[3].metric("Tempo", f"{tempo:.0f} BPM" if tempo else "not yet known")
    if tempo is None and st.button("Find the tempo and beats", key=state.W_TEMPO, icon=":material/timer:"):
        with friendly_errors("find the beats"):
            find_beats(song)
            st.rerun()
    st.audio(encoded_preview(song.hash, "mix", song.clip), format="audio/wav")
    st.page_link("pages/jam_track.py", label="Next: make the jam track", icon=":material/arrow_forward:")
