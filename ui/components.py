"""The app's own ``st.components.v2`` components (the practice player, the melody lane): each a committed bundle.

Each comes in two builds from ``frontend/`` (``make frontend``): the shipped one, and the same with the hooks
the browser tests read, which a server sends only when ``JAMWITHME_PLAYER_TEST_HOOKS=1``.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from jamwithme import settings as jwm_settings


def served_bundle(shipped: str, with_hooks: str) -> str:
    """The bundle this server sends: ``with_hooks`` when ``JAMWITHME_PLAYER_TEST_HOOKS=1``, else ``shipped``."""
    return with_hooks if jwm_settings.current().player_test_hooks else shipped


def bundle_component(name: str, js: Path, css: Path):
    """The component ``name`` with the script ``js`` and the style ``css`` inline, registered once per server.

    A second bundle (the test hooks') under the same name is registered once too.
    """
    return _registered(name, str(js), str(css))


@st.cache_resource(show_spinner=False)
def _registered(name: str, js: str, css: str):
    return st.components.v2.component(
        name, js=Path(js).read_text(encoding="utf-8"), css=Path(css).read_text(encoding="utf-8")
    )
