"""Practice: the player is the page. Slow down, change key, loop bars with a count-in, live; export what you hear."""

from __future__ import annotations

import streamlit as st

from jamwithme.analysis import too_short
from jamwithme.text import safe_name
from ui import state
from ui.media import FORMAT_LABELS, player, stem_of, stem_urls
from ui.messages import friendly_errors
from ui.progress import job, song_analysis, start_button
from ui.server import service
from ui.song import require_song, separated_band


def chordpro_download(song, music, semitones: float, speed: float = 1.0) -> None:
    """The player's chord chart as a ChordPro file, in the key and at the tempo you play (the chart itself is in
    the player)."""
    from jamwithme.analysis import chordpro, transposed

    shown = transposed(music, semitones) if semitones else music
    st.download_button(
        f"Chord chart (ChordPro, {shown.key_text()}, {music.tempo_text(speed)})",  # the .cho's {key} and {tempo}
        data=chordpro(shown, title=stem_of(song.name), speed=speed),
        file_name=f"{safe_name(stem_of(song.name))}{f'_{semitones:+g}st' if semitones else ''}.cho",
        mime="text/plain",
        key="w_practice_chordpro",
        icon=":material/download:",
        help="Bars, their chords and the sections, as the player's chart shows them; opens in ChordPro apps.",
    )


#: The export's quality (Rubber Band R3 either way), and the engine behind each.
QUALITIES = {"Fast": "rubberband", "Best bass (renders in about 2.4 times as long)": "rubberband-best"}


def song_caption(music, heard) -> str:
    """The key, metre and tempo as the player plays them: "Key: Bb major · +2 → **C major** · 4/4 · 134 BPM (75 %)"."""
    from jamwithme.analysis.key_names import transposed_key

    moved = ""
    if heard.semitones and music.tonal:  # no tones, no key to move
        moved = f" · {heard.semitones:+g} → **{transposed_key(music.key, heard.semitones)}**"
    if not music.pulse:  # no beat: no metre or tempo to give, and no number made up for them
        return f"Key: {music.key_text()}{moved} · {music.tempo_text()} ({heard.speed * 100:.0f} % speed)"
    speed = f" ({heard.speed * 100:.0f} % of {music.tempo:.0f})" if heard.speed != 1.0 else ""
    return f"Key: {music.key_text()}{moved} · {music.time_signature} · {music.tempo_text(heard.speed)}{speed}"


def player_stems(band: str | None) -> list[str]:
    """The player's stems, in order: the song's separated stems, else the song as one."""
    return ["song"] if band is None else ["accompaniment", "vocals"]


#: The notes the player shows and plays: the melody of the separated vocals (the Melody page's default).
MELODY_NOTES = {"part": "melody"}


def melody_notes(song):
    """The song's melody notes for the player: found already (the stored notes job), or found now when asked
    (progress shown); None until then. Notes that no longer read are found again."""
    from jamwithme.service import jobs

    # One place for the button, the job's progress and the notices, there on every run: the player under it
    # keeps its place in the page, so the notes arriving reach the playing player (moved down or up a place,
    # it was built anew: stopped and back at 0:00). Pressed, the button goes: the progress takes its place.
    slot = st.empty()
    with slot.container():
        key = job("notes", MELODY_NOTES, "Finding the melody's notes", start=False)
        if key is None and not start_button(
            "Show the melody", "notes", MELODY_NOTES, "Finding the melody's notes",
            key=state.W_PRACTICE_MELODY, icon=":material/music_note:",
            help="Find the notes of the vocals: a piano roll over the waveform and a melody "
            "track to play along with (a minute or two for a new song)",
        ):  # fmt: skip
            return None
    if key is None:
        with slot.container():
            key = job("notes", MELODY_NOTES, "Finding the melody's notes")
    found = service().read(key, jobs.notes_in)
    # Found, the slot holds the notices or nothing (the progress box went with its job: ui.progress.follow).
    # Filled again with a container, the slot kept what this run had drawn in it: an empty slot replaces it.
    if not found.notices:
        slot.empty()
    else:
        with slot.container():
            for notice in found.notices:
                st.info(notice)
    return found


def live_player(song, music):
    """The practice player: every stem from one clock, levels, speed, key, loop, metronome, count-in, live.

    Each song keeps its own settings (:func:`ui.state.player_state`): a song
    opens where it was left, a new one at the jam-track defaults. The melody's
    notes, once found, show as a piano roll and play as the "melody" track. Returns the
    player's settings (a :class:`jamwithme.player_state.PlayerState`) and whether it has the melody track;
    ``(None, False)`` while the stems' MP3s are made (in the background, their progress shown).
    """
    from ui.player import practice_player

    svc, band = service(), separated_band()
    if band is None:
        sources = {"song": (f"song-{song.id}", "mix")}
    else:
        key = svc.stored("separate", song.id, {"band": band})
        sources = {name: (key, name) for name in player_stems(band)}
    notes = None
    with friendly_errors("find the melody's notes"):
        notes = melody_notes(song)
    # The stems' MP3s, stored once (the Jam track page starts them); made in the background if not yet.
    stems = stem_urls(song.id, sources, "the player")
    if stems is None:
        return None, False
    saved = state.player_state(song.id) or state.jam_track_defaults(separated=band is not None)
    # The analysis itself: the player names its chords in the key it plays in (the .cho's names).
    # A player per song: one song's reported settings never seed another's.
    heard = practice_player(stems, analysis=music, state=saved, key=state.player_key(song.id), notes=notes)
    state.set_player_state(song.id, heard)
    st.caption(song_caption(music, heard))
    if band is None:
        st.caption("Separate the song on the **Jam track** page to hear and mix the stems apart.")
    return heard, bool(notes is not None and notes.notes)


def export_what_i_hear(song, heard, *, melody: bool = False) -> None:
    """The one render: the player's exact settings, at full quality, as a file to download.

    With ``melody`` (the player plays the "melody" track), the render has that track as the player has it.
    """
    from jamwithme.export import filename
    from jamwithme.player_state import MELODY
    from jamwithme.practice import MAX_REPEAT

    with st.expander("Export what I hear (rendered on the server at full quality)"):
        c1, c2, c3 = st.columns(3)
        fmt = c1.selectbox("Format", list(FORMAT_LABELS), key=state.widget(state.W_EXPORT_FORMAT, "WAV (16-bit)"))
        repeat = c2.number_input("Loop passes", 1, MAX_REPEAT, key=state.widget(state.W_EXPORT_REPEAT, 4),
                                 disabled=heard.loop is None)  # fmt: skip
        qualities = list(QUALITIES)
        quality = c3.radio(
            "Quality", qualities, key=state.widget(state.W_EXPORT_QUALITY, qualities[0]),
            help="Both use Rubber Band's R3 engine. Best resolves bass notes a little better; "
            "Fast is what most practice needs.",
        )  # fmt: skip
        settings = {
            "band": separated_band() or "full", "player": heard, "repeat": int(repeat) if heard.loop else 1,
            "engine": QUALITIES[quality], "melody": MELODY_NOTES if melody else None,
        }  # fmt: skip
        with friendly_errors("export what you hear"):
            key = job("export", settings, "Rendering what you hear", start=False)
            if key is None and start_button("Export", "export", settings, "Rendering what you hear",
                                            key=state.W_EXPORT, icon=":material/download:"):  # fmt: skip
                key = job("export", settings, "Rendering what you hear")
            if key is not None:
                tracks = player_stems(separated_band()) + ([MELODY] if melody else [])
                name = filename(stem_of(song.name), heard, stems=tracks, repeat=settings["repeat"],
                                fmt=FORMAT_LABELS[fmt])  # fmt: skip
                player(key, "export", file_stem=stem_of(name), fmt=FORMAT_LABELS[fmt], widget_key="w_export_dl")


st.title("Practice")
song = require_song()
if song is not None:
    music = song_analysis(song)
    if music is None and too_short(song.duration) is None:  # else song_analysis said why there is no player
        st.caption("The player opens here once the song's beats, bars, key and chords are found.")
    else:
        heard = None
        with friendly_errors("show the practice player"):
            heard, melody = live_player(song, music)
        if heard is not None:
            export_what_i_hear(song, heard, melody=melody)
            chordpro_download(song, music, heard.semitones, heard.speed)
