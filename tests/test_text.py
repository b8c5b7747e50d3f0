"""Lengths and download names written one way everywhere (jamwithme.text): the pages, the audio layer, exports."""

from __future__ import annotations

import pytest

from jamwithme.text import given_name, length, mmss, safe_name


@pytest.mark.parametrize(
    "seconds, expected",
    [(0, "0:00"), (59.99, "0:59"), (60, "1:00"), (132.9, "2:12"), (1201.0, "20:01"), (3600, "60:00")],
)
def test_mmss_is_whole_seconds_rounded_down_as_the_player_shows(seconds, expected):
    assert mmss(seconds) == expected


@pytest.mark.parametrize(
    "seconds, expected",
    [(0.5, "0.5 s"), (0.56, "0.5 s"), (3.97, "3.9 s"), (9.99, "9.9 s"), (10.0, "0:10"), (132.9, "2:12")],
)
def test_a_short_songs_length_is_in_tenths_not_0_00(seconds, expected):
    """QA: a 0.5 s file loaded as "0:00", as if it were empty."""
    assert length(seconds) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("song", "song"),
        ("My Song!", "My_Song"),
        ("a/b\\c", "a_b_c"),
        ("Beyoncé – Halo (live)", "Beyonc_Halo_live"),
        ("+2st.cho", "+2st.cho"),
        ("..", "song"),
        (".hidden", "hidden"),
        ("", "song"),
        ("日本語", "song"),
    ],
)
def test_safe_name_gives_a_portable_file_name(text, expected):
    assert safe_name(text) == expected


def test_safe_name_default_is_the_callers():
    assert safe_name("///", default="track") == "track"


@pytest.mark.parametrize(
    "name, expected",
    [
        ("Beyoncé – Halo (live).mp3", "Beyoncé – Halo (live).mp3"),  # as written: messages name the file by it
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\me\\song.wav", "song.wav"),
        (".bashrc", "bashrc"),
        ("  song\x00\u202e.mp3  ", "song.mp3"),
        ("é" * 100 + ".wav", "é" * 60),  # at most 120 bytes of UTF-8, never half a character
        ("", "upload"),
        (None, "upload"),
        ("/", "upload"),
    ],
)
def test_given_name_keeps_the_users_name_safe_to_create(name, expected):
    assert given_name(name, "upload") == expected
