"""Practice: slow down or speed up, change key, loop a passage with a count-in; hear it, download it."""

from __future__ import annotations

import streamlit as st

from jamwithme.analysis.chords import chord_symbol
from jamwithme.practice import export_filename
from ui import state
from ui.common import (
    FORMAT_LABELS,
    SOURCES,
    escape,
    format_picker,
    friendly_errors,
    job,
    mmss,
    player,
    require_song,
    safe_name,
    separated_band,
    service,
    song_analysis,
    source_labels,
    stem_of,
)


def chord_chart(song, music, semitones: float) -> None:
    """Bars, their chords (in the key you play in) and the sections; the chart as ChordPro to download."""
    from jamwithme.analysis import chordpro, transposed

    shown = transposed(music, semitones) if semitones else music
    with st.expander(f"Chord chart: {len(shown.bars())} bars in {shown.time_signature}, {shown.key}"):
        # Four bars a line, each "bar number: chord", a section's letter where it starts.
        starts = [(start, label) for start, _, label in shown.sections]
        lines, line = [], []
        for number, (start, _end) in enumerate(shown.bars(), start=1):
            section = next((label for s0, label in starts if abs(s0 - start) < 0.25), None)
            if section and line:
                lines.append(" · ".join(line))
                line = []
            if section:
                lines.append(f"**{section}** ({mmss(start)})")
            line.append(f"`{number}` {escape(chord_symbol(shown.chord_at(start + 1e-3)))}")
            if len(line) == 4:
                lines.append(" · ".join(line))
                line = []
        if line:
            lines.append(" · ".join(line))
        st.markdown("  \n".join(lines))
        st.download_button(
            "Download the chord chart (ChordPro)",
            data=chordpro(shown, title=stem_of(song.name)),
            file_name=f"{safe_name(stem_of(song.name))}{f'_{semitones:+g}st' if semitones else ''}.cho",
            mime="text/plain",
            key="w_practice_chordpro",
            icon=":material/download:",
        )


#: The stretch quality the page offers, and the engine behind each.
QUALITIES = {"Fast": "rubberband", "Best bass (about 2.4× slower)": "rubberband-best"}


def live_player(song, music):
    """The practice player: every stem from one clock, levels, speed, key, loop, metronome, count-in, live.

    Returns the player's settings (a :class:`jamwithme.export.PlayerState`).
    """
    from jamwithme.export import PlayerState, filename
    from ui.player import practice_player

    svc, band = service(), separated_band()
    if band is None:
        sources = {"song": (f"song-{song.id}", "mix")}
    else:
        key = svc.stored("separate", song.id, {"band": band})
        sources = {name: (key, name) for name in ("accompaniment", "vocals")}
    with st.spinner("Preparing the stems for the player…"):
        stems = {name: svc.encoded(song.id, of, clip, "mp3") for name, (of, clip) in sources.items()}
    saved = state.value(state.W_PLAYER_STATE) or {}
    if not saved and band is not None:
        saved = {"mute": ["vocals"]}  # the jam track: the band without the voice
    # The analysis itself: the player names its chords in the key it plays in (the .cho's names).
    heard = practice_player(stems, analysis=music, state=saved, key="w_practice_player")
    state.set_value(state.W_PLAYER_STATE, heard.dict())
    from jamwithme.analysis.key import transposed_key

    moved = f" · {heard.semitones:+g} → **{transposed_key(music.key, heard.semitones)}**" if heard.semitones else ""
    st.caption(f"Key: {music.key}{moved} · {music.time_signature} · {music.tempo:.0f} BPM")
    if band is None:
        st.caption("Separate the song on the **Jam track** page to hear and mix the stems apart.")
    with st.expander("Export what I hear (rendered on the server at full quality)"):
        c1, c2 = st.columns(2)
        fmt = c1.selectbox("Format", list(FORMAT_LABELS), key=state.widget(state.W_EXPORT_FORMAT, "WAV (16-bit)"))
        repeat = c2.number_input("Loop passes", 1, 32, key=state.widget(state.W_EXPORT_REPEAT, 4),
                                 disabled=heard.loop is None)  # fmt: skip
        settings = {"band": band or "full", "player": heard.dict(), "repeat": int(repeat) if heard.loop else 1}
        with friendly_errors("export what you hear"):
            key = job("export", settings, "Rendering what you hear", start=False)
            if key is None and st.button("Export", key=state.W_EXPORT, icon=":material/download:"):
                key = job("export", settings, "Rendering what you hear")
            if key is not None:
                name = filename(stem_of(song.name), PlayerState.parse_obj(heard.dict()), repeat=settings["repeat"],
                                fmt=FORMAT_LABELS[fmt])  # fmt: skip
                player(key, "export", file_stem=stem_of(name), fmt=FORMAT_LABELS[fmt], widget_key="w_export_dl")
    return heard


st.title("Practice")
song = require_song()
if song is not None:
    music = song_analysis(song)
    heard = None
    if music is not None:
        with friendly_errors("show the practice player"):
            heard = live_player(song, music)
    st.subheader("Render a practice file")
    labels = source_labels()
    source_label = st.selectbox("What to practise with", labels, key=state.widget(state.W_STEM, labels[0]))
    if len(labels) == 1:
        st.caption("Separate the song on the **Jam track** page to practise with the accompaniment alone.")
    left, right = st.columns(2)
    rate = left.slider(
        "Speed (1.00 = original tempo)", 0.25, 2.0, step=0.05, format="%.2f×",
        key=state.widget(state.W_RATE, 1.0), help="Time-stretch with Rubber Band: the pitch is kept.",
    )  # fmt: skip
    semitones = right.slider(
        "Key (semitones)", -12.0, 12.0, step=0.5,
        key=state.widget(state.W_SEMITONES, 0.0), help="Transpose without changing the tempo.",
    )  # fmt: skip
    if music is not None:
        from jamwithme.analysis.key import transposed_key

        shift = f"{semitones:+g}" if semitones else "0"
        right.caption(f"Key: {music.key} · {shift} → **{transposed_key(music.key, semitones)}**")
    qualities = list(QUALITIES)
    quality = st.radio(
        "Stretch quality", qualities, horizontal=True, key=state.widget(state.W_QUALITY, qualities[0]),
        help="Both use Rubber Band's R3 engine. Best resolves bass notes a little better; "
        "Fast is what most practice needs.",
    )  # fmt: skip
    loop = None
    duration = float(song.duration)
    with st.expander("Loop a passage (A–B), count-in and metronome", expanded=bool(state.value(state.W_LOOP_ON))):
        looping = st.checkbox("Loop a passage", key=state.widget(state.W_LOOP_ON, False))
        a, b = st.slider(
            "A and B (seconds)", 0.0, duration, step=0.1,
            key=state.widget(state.W_LOOP_RANGE, (0.0, min(duration, 8.0))),
        )  # fmt: skip
        c1, c2, c3, c4 = st.columns(4)
        repeat = c1.number_input("Repeats", 1, 32, key=state.widget(state.W_LOOP_REPEAT, 4))
        snap = c2.checkbox("Snap A and B to beats", key=state.widget(state.W_LOOP_SNAP, True))
        count_in = c3.number_input("Count-in bars", 0, 4, key=state.widget(state.W_COUNT_IN, 1))
        metronome = c4.checkbox("Metronome under it", key=state.widget(state.W_METRONOME, False))
        if looping:
            loop = {
                "start": a, "end": b, "repeat": int(repeat), "snap": snap,
                "count_in_bars": int(count_in), "metronome": metronome,
            }  # fmt: skip
    source = SOURCES[source_label]
    settings = {
        "source": source, "band": separated_band() or "full", "rate": rate, "semitones": semitones,
        "engine": QUALITIES[quality], "loop": loop,
    }  # fmt: skip
    with friendly_errors("render the practice track"):
        key = job("practice", settings, "Rendering the practice track", start=False)
        if key is None and st.button("Render", key=state.W_RENDER, type="primary", icon=":material/play_arrow:"):
            key = job("practice", settings, "Rendering the practice track")
        if key is not None:
            fmt = format_picker(state.W_PRACTICE_FORMAT)
            name = export_filename(
                stem_of(song.name),
                stem=source,
                rate=rate,
                semitones=semitones,
                start=loop["start"] if loop else None,
                end=loop["end"] if loop else None,
                repeat=loop["repeat"] if loop else 1,
                count_in_bars=loop["count_in_bars"] if loop else 0,
                metronome=bool(loop and loop["metronome"]),
                fmt=fmt,
            )
            st.caption(name)
            player(key, "practice", file_stem=stem_of(name), fmt=fmt, widget_key="w_practice_dl")

    if music is not None:  # the chart follows the key you hear in the player, else the render's key
        chord_chart(song, music, heard.semitones if heard is not None and heard.semitones else semitones)
