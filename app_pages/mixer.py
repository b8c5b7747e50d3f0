"""Mixer: the stems' levels, mute and solo live in the player; the final mix normalized on the server; download it."""

from __future__ import annotations

import streamlit as st

from jamwithme.player_state import level_label
from jamwithme.service.job_settings import MixSettings
from ui import state
from ui.media import format_picker, player, stem_of, stem_urls
from ui.messages import friendly_errors
from ui.progress import job, start_button
from ui.server import service
from ui.song import require_song, separated_band

LOUDNESS = {"Peak limit only (−1 dBFS)": None, "Streaming loudness (−14 LUFS)": -14.0, "Broadcast (−23 LUFS)": -23.0}
DEFAULT_DB = {"accompaniment": 0.0, "vocals": -6.0}
STEMS = ("accompaniment", "vocals")


def live_mixer(song, band: str):
    """The stems in the practice player's engine, levels, mute and solo changed while they play.

    Returns the mixer's :class:`jamwithme.player_state.PlayerState` (levels, mute and solo): the last one
    reported while the stems' MP3s are made for it.
    """
    from jamwithme.player_state import PlayerState
    from ui.player import practice_player

    key = service().stored("separate", song.id, {"band": band})
    # A mixer per song, as the practice player: one song's levels never seed another's.
    saved = state.mix_player_state(song.id) or PlayerState(levels=DEFAULT_DB)
    stems = stem_urls(song.id, {name: (key, name) for name in STEMS}, "the mixer")
    if stems is None:  # made in the background: the page runs again when they are there
        return saved
    heard = practice_player(stems, state=saved, key=state.mix_player_key(song.id), mode="mixer")
    state.set_mix_player_state(song.id, heard)
    return heard


st.title("Mixer")
song = require_song()
band = separated_band() if song is not None else None
if song is not None and band is None:
    st.info("Separate the song on the **Jam track** page first: the mixer works on its stems.")
    st.page_link("app_pages/jam_track.py", label="Go to Jam track", icon=":material/piano:")
if band is not None:
    with friendly_errors("show the mixer"):
        heard = live_mixer(song, band)
        st.subheader("Render the mix")
        labels = list(LOUDNESS)
        # The recipe has its own gains and no normalizing: with it on, the choice is shown off, not taken and ignored.
        recipe_on = bool(state.value(state.W_MIX_RECIPE, False))
        target = LOUDNESS[st.radio("Normalize", labels, key=state.widget(state.W_MIX_LUFS, labels[0]),
                                   horizontal=True, disabled=recipe_on)]  # fmt: skip
        recipe = st.toggle(
            "Original MusicRemixer recipe instead (accompaniment 1.25× faster at gain 0.7, plus vocals)",
            key=state.widget(state.W_MIX_RECIPE, False),
        )
        if recipe:
            target = None
            st.caption("The recipe's own levels: the mixer's levels above and the normalizing are not used.")
        # what the player plays: a stem at the bottom of its level range is off there, so muted here
        mixed = MixSettings.of_player(heard, band=band, lufs=target, stems=STEMS)
        gains, off = mixed.gains_db, heard.off()
        settings = {"band": band, "recipe": True} if recipe else mixed
        if not recipe:
            what = ", ".join(
                f"{name} {'muted' if name in heard.mute else 'off' if name in off else level_label(gains[name])}"
                for name in STEMS
            ) + (f", solo {', '.join(heard.solo)}" if heard.solo else "")
            st.caption(f"The mix as you hear it above: {what}.")
        key = job("mix", settings, "Mixing", start=False)
        if key is None and start_button("Render the mix", "mix", settings, "Mixing", key=state.W_MIX_RENDER,
                                     type="primary",
                                     icon=":material/graphic_eq:"):  # fmt: skip
            key = job("mix", settings, "Mixing")
        if key is not None:
            lufs = service().meta(key).get("lufs")
            if target is not None and lufs is not None and lufs < target - 0.5:
                st.info(
                    f"The mix reaches {lufs:.1f} LUFS, {target - lufs:.1f} LU under the {target:g} LUFS asked for: "
                    "louder would push its peaks over −1 dBFS."
                )
            fmt = format_picker(state.W_MIX_FORMAT)
            heard_names = [n for n in STEMS if n not in mixed.mute and (not mixed.solo or n in mixed.solo)]
            label = "recipe" if recipe else "_".join(f"{n[:3]}{gains[n]:+.0f}dB" for n in heard_names)
            player(
                key, "mix", file_stem=f"{stem_of(song.name)}_mix_{label or 'silent'}", fmt=fmt, widget_key="w_mix_dl"
            )
