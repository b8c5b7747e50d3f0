"""Mixer: the stems back together at your levels, mute and solo, normalized; hear it, download it."""

from __future__ import annotations

import streamlit as st

from jamwithme.mixing import mix, original_recipe
from ui import state
from ui.common import format_picker, friendly_errors, player, require_song, separated, song_key

LOUDNESS = {"Peak limit only (−1 dBFS)": None, "Streaming loudness (−14 LUFS)": -14.0, "Broadcast (−23 LUFS)": -23.0}
DEFAULT_DB = {"accompaniment": 0.0, "vocals": -6.0}

st.title("Mixer")
song = require_song()
stems = separated(song) if song is not None else None
if song is not None and stems is None:
    st.info("Separate the song on the **Jam track** page first: the mixer works on its stems.")
    st.page_link("pages/jam_track.py", label="Go to Jam track", icon=":material/piano:")
if stems is not None:
    gains, mute, solo = {}, [], []
    for name in ("accompaniment", "vocals"):
        c1, c2, c3 = st.columns([6, 1, 1])
        gains[name] = c1.slider(
            f"{name.capitalize()} level (dB)", -30.0, 12.0, DEFAULT_DB[name], 0.5, key=state.W_MIX_GAIN.format(name)
        )
        if c2.checkbox("Mute", key=state.W_MIX_MUTE.format(name)):
            mute.append(name)
        if c3.checkbox("Solo", key=state.W_MIX_SOLO.format(name)):
            solo.append(name)
    target = LOUDNESS[st.radio("Normalize", list(LOUDNESS), key=state.W_MIX_LUFS, horizontal=True)]
    recipe = st.toggle(
        "Original MusicRemixer recipe instead (accompaniment 1.25× faster at gain 0.7, plus vocals)",
        key=state.W_MIX_RECIPE,
    )
    params = {"recipe": True} if recipe else {"gains": gains, "mute": mute, "solo": solo, "lufs": target}
    key = song_key(song, "mix", **params)
    result = state.results().get(key)
    if result is None:
        with friendly_errors("mix the stems"), st.spinner("Mixing…"):
            clip = (
                original_recipe(stems)
                if recipe
                else mix(stems, gains_db=gains, mute=mute, solo=solo, target_lufs=target)
            )
            result = state.results()[key] = {"mix": clip}
    if result is not None:
        clip = result["mix"]
        fmt = format_picker(state.W_MIX_FORMAT)
        label = "recipe" if recipe else "_".join(f"{n[:3]}{g:+.0f}dB" for n, g in gains.items() if n not in mute)
        player(
            key,
            "mix",
            clip,
            file_stem=f"{song.name.rsplit('.', 1)[0]}_mix_{label or 'silent'}",
            fmt=fmt,
            widget_key="w_mix_dl",
        )
