"""Mixer: the stems back together at your levels, mute and solo, normalized; hear it, download it."""

from __future__ import annotations

import streamlit as st

from ui import state
from ui.common import format_picker, friendly_errors, job, player, require_song, separated_band, service, stem_of

LOUDNESS = {"Peak limit only (−1 dBFS)": None, "Streaming loudness (−14 LUFS)": -14.0, "Broadcast (−23 LUFS)": -23.0}
DEFAULT_DB = {"accompaniment": 0.0, "vocals": -6.0}

st.title("Mixer")
song = require_song()
band = separated_band() if song is not None else None
if song is not None and band is None:
    st.info("Separate the song on the **Jam track** page first: the mixer works on its stems.")
    st.page_link("app_pages/jam_track.py", label="Go to Jam track", icon=":material/piano:")
if band is not None:
    gains, mute, solo = {}, [], []
    for name in ("accompaniment", "vocals"):
        c1, c2, c3 = st.columns([6, 1, 1])
        gains[name] = c1.slider(
            f"{name.capitalize()} level (dB)", -30.0, 12.0, step=0.5,
            key=state.widget(state.W_MIX_GAIN.format(name), DEFAULT_DB[name]),
        )  # fmt: skip
        if c2.checkbox("Mute", key=state.widget(state.W_MIX_MUTE.format(name), False)):
            mute.append(name)
        if c3.checkbox("Solo", key=state.widget(state.W_MIX_SOLO.format(name), False)):
            solo.append(name)
    labels = list(LOUDNESS)
    target = LOUDNESS[st.radio("Normalize", labels, key=state.widget(state.W_MIX_LUFS, labels[0]), horizontal=True)]
    recipe = st.toggle(
        "Original MusicRemixer recipe instead (accompaniment 1.25× faster at gain 0.7, plus vocals)",
        key=state.widget(state.W_MIX_RECIPE, False),
    )
    settings = {"band": band, "recipe": True} if recipe else {
        "band": band, "gains_db": gains, "mute": mute, "solo": solo, "lufs": target,
    }  # fmt: skip
    with friendly_errors("mix the stems"):
        key = job("mix", settings, "Mixing")
        lufs = service().meta(key).get("lufs")
        if target is not None and lufs is not None and lufs < target - 0.5:
            st.info(
                f"The mix reaches {lufs:.1f} LUFS, {target - lufs:.1f} LU under the {target:g} LUFS asked for: "
                "louder would push its peaks over −1 dBFS."
            )
        fmt = format_picker(state.W_MIX_FORMAT)
        label = "recipe" if recipe else "_".join(f"{n[:3]}{g:+.0f}dB" for n, g in gains.items() if n not in mute)
        player(key, "mix", file_stem=f"{stem_of(song.name)}_mix_{label or 'silent'}", fmt=fmt, widget_key="w_mix_dl")
