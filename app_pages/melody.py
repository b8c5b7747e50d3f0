"""The melody: the notes of the vocals (or the bass line, or the chords), in the key you play in, to download."""

from __future__ import annotations

import streamlit as st

from jamwithme.analysis import too_short
from jamwithme.tempo import MAX_SEMITONES
from ui import state
from ui.media import mp3
from ui.messages import escape, friendly_errors
from ui.progress import job, song_analysis, start_button
from ui.server import service
from ui.song import require_song, separated_band

PARTS = {
    "Melody (from the vocals)": "melody",
    "Bass line (from the jam track)": "bass",
    "Chords (from the jam track)": "chords",
}
DOWNLOADS = (("midi", "MIDI", ":material/piano:"), ("abc", "Notation (ABC)", ":material/music_note:"),
             ("tab", "Tab (text)", ":material/grid_on:"))  # fmt: skip


def pitch_name(pitch: int, key: str) -> str:
    """A pitch's name as the key spells it: "Bb3" in F major, "A#3" in E major (the range a musician reads)."""
    from jamwithme.analysis.key_names import uses_flats
    from jamwithme.notes import note_name

    name = note_name(pitch)
    if "#" in name and uses_flats(key):
        name = "CDEFGAB"["CDEFGAB".index(name[0]) + 1] + "b" + name[2:]
    return name


def lane(song, found, music, semitones: int, *, as_is: bool) -> None:
    """The melody lane: the notes over the waveform and on a staff, with the stems and a melody track to hear.

    The stems play in the key the notes are in: moved on the server (the practice render) when it is not
    the song's own.
    """
    from ui.melody import melody_lane

    svc = service()
    separated = None if as_is else svc.stored("separate", song.id, {"band": "full"})
    if separated is None:
        sources = {"song": (f"song-{song.id}", "mix")}
    else:
        sources = {"vocals": (separated, "vocals"), "jam track": (separated, "accompaniment")}
    if semitones:
        moved = {}
        for label, (_, clip) in sources.items():
            settings = {"source": clip, "semitones": semitones}
            key = job("practice", settings, f"Moving the {label} to the key you play in")
            if key is None:
                return
            moved[label] = (key, "practice")
        sources = moved
    stems = {
        label: mp3(of, clip, f"Preparing the {label} for the melody lane (MP3)")
        for label, (of, clip) in sources.items()
    }
    if any(data is None for data in stems.values()):  # made in the background: the page runs again then
        return
    melody_lane(found, music, stems, semitones=semitones, key=state.W_MELODY_LANE, song=song.id)


st.title("Melody")
song = require_song()
if song is not None:
    st.caption("The notes of a part, found in its audio: to read, to play along, to take into a sequencer.")
    labels = list(PARTS)
    part = PARTS[st.radio("Part", labels, key=state.widget(state.W_NOTES_PART, labels[0]), horizontal=True)]
    as_is = st.checkbox(
        "The song is the part itself (a solo recording or a stem): no separation",
        key=state.widget(state.W_NOTES_AS_IS, False),
    )
    settings = {"part": part, "source": "mix" if as_is else None}
    analysis = song_analysis(song)
    with friendly_errors("find the notes"):
        # The button goes once pressed, and the job's progress once the notes are found (ui.progress.follow).
        key = job("notes", settings, "Finding the notes", start=False)
        if key is None and start_button("Find the notes", "notes", settings, "Finding the notes",
                                     key=state.W_NOTES_FIND, type="primary",
                                     icon=":material/music_note:"):  # fmt: skip
            key = job("notes", settings, "Finding the notes")
        if key is not None:
            from jamwithme.analysis import transposed_key
            from jamwithme.notes.files import download
            from jamwithme.service import jobs

            svc = service()
            found = svc.read(key, jobs.notes_in)  # made again if it does not read
            for notice in found.notices:
                st.info(notice)
            summary = st.empty()  # the notes' range, named once the key they are played in is known
            # The song's analysis, made again (with progress) if it went since the notes were found.
            music = svc.read(job("analysis", {}, "Finding the tempo, bars, key and chords"), jobs.analysis_in)
            most = int(MAX_SEMITONES)  # the stems are moved by jamwithme.tempo, which allows this far
            # The key is the song's own setting, the one the Practice player plays it in, read and written
            # here: kept per browser tab, it stopped following the player after the first visit and kept the
            # last song's key on a new one. At +2 there, this page said "notes in Bb major" and its MIDI was
            # a tone below what the musician plays.
            played = state.player_state(song.id)
            st.session_state[state.W_NOTES_SEMITONES] = (
                max(-most, min(most, round(played.semitones))) if played is not None else 0
            )

            def move_key(song_id=song.id) -> None:
                state.set_player_semitones(song_id, st.session_state[state.W_NOTES_SEMITONES],
                                           separated=separated_band() is not None)  # fmt: skip

            semitones = st.slider("Key you play in (semitones)", -most, most, key=state.W_NOTES_SEMITONES,
                                  on_change=move_key)  # fmt: skip
            played_key = transposed_key(music.key, semitones)
            if found.notes:
                low, high = found.pitch_range
                summary.markdown(f"**{len(found.notes)} notes** in {len(found.phrases)} phrases, "
                                 f"{pitch_name(low + semitones, played_key)} to "
                                 f"{pitch_name(high + semitones, played_key)}")  # fmt: skip
            if music.tonal:
                st.caption(f"Song in {escape(music.key)}; notes in **{escape(played_key)}**")
            columns = st.columns(len(DOWNLOADS))
            for column, (fmt, label, icon) in zip(columns, DOWNLOADS):
                name, data, mime = download(found, music, fmt=fmt, semitones=semitones, song=song.name)
                column.download_button(label, data=data, file_name=name, mime=mime.split(";")[0], icon=icon,
                                       help=name, key=state.W_NOTES_DOWNLOAD.format(fmt),
                                       on_click="ignore")  # fmt: skip
            if found.notes:
                lane(song, found, music, semitones, as_is=as_is)
                with st.expander("The first phrases as a tab"):
                    from jamwithme.notes import Transcription
                    from jamwithme.notes.notation import tab
                    from jamwithme.notes.timeline import BeatMap

                    first = found.phrases[: min(3, len(found.phrases))]
                    notes = found.notes[: sum(p.count for p in first)]
                    part_only = Transcription(notes=notes, part=found.part, duration=found.duration)
                    beat_map = BeatMap.of(music, end=notes[-1].end + 1.0)
                    st.code(tab(part_only, beat_map, key=music.key, semitones=semitones, title=song.name),
                            language=None)  # fmt: skip
    if analysis is None and too_short(song.duration) is None:
        st.caption("The downloads use the song's bars and key, found in the background.")
