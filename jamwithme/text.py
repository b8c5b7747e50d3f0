"""Values written for people, one way everywhere: lengths as m:ss, levels in dB, and file names: ours to download,
the user's to keep.

A leaf: it imports nothing of JamWithMe, so the audio layer, the jobs, the
API and the pages all read it.

Examples
--------
>>> mmss(132.9), mmss(59.99), mmss(3600)
('2:12', '0:59', '60:00')
>>> safe_name("Les Misérables / I Dreamed a Dream (live).mp3")
'Les_Mis_rables_I_Dreamed_a_Dream_live_.mp3'
>>> safe_name("../..", default="track")
'track'
>>> given_name("C:\\music\\.Ça va (live).mp3", "upload")
'Ça va (live).mp3'
>>> decibels(-9.0), decibels(1.5), decibels(0.0), decibels(-0.04)
('−9 dB', '+1.5 dB', '0 dB', '0 dB')
"""

from __future__ import annotations

import math
import os
import re

_UNSAFE = re.compile(r"[^A-Za-z0-9._+-]+")


def mmss(seconds: float) -> str:
    """A length as a player shows it: whole seconds, rounded down (2:12.9 is 2:12 everywhere)."""
    minutes, secs = divmod(int(seconds), 60)
    return f"{minutes}:{secs:02d}"


def length(seconds: float) -> str:
    """A song's length as the pages name it: m:ss (:func:`mmss`), or tenths of a second under 10 s.

    A 0.5 s file loaded as "0:00", as if it were empty; the player's clock keeps m:ss.

    Examples
    --------
    >>> length(0.56), length(9.99), length(10.0), length(132.9)
    ('0.5 s', '9.9 s', '0:10', '2:12')
    """
    if seconds >= 10:
        return mmss(seconds)
    return f"{math.floor(seconds * 10) / 10:.1f} s"


def decibels(value: float) -> str:
    """A level as every control and caption shows it: signed, a true minus, tenths only when there are any.

    The Mixer page said "-9.0 dB" of a stem its player showed as "−9 dB"; the player's bundle takes its
    labels from this (:func:`jamwithme.player_state.contract`), so the two cannot differ again.
    """
    tenths = round(float(value) * 10)
    sign = "+" if tenths > 0 else "−" if tenths < 0 else ""
    return f"{sign}{abs(tenths) / 10:g} dB"


def safe_name(text: str, default: str = "song") -> str:
    """A download's file name (or part of one) from any text: ASCII letters, digits and ``._+-``, others ``_``.

    Runs of other characters become one ``_``; ``_`` and ``.`` at either end
    are dropped (no hidden files, no ``..``); nothing left gives ``default``.
    """
    return _UNSAFE.sub("_", text).strip("._") or default


def given_name(name: str | None, default: str) -> str:
    """A file name the user gave (an upload's, a link's), as written, safe to create: no folders, no dot files, short.

    Unlike :func:`safe_name` (a download's name, ASCII) it keeps the name as
    the user wrote it, accents and all: messages name the file by it.
    """
    name = os.path.basename((name or "").replace("\\", "/"))
    name = "".join(c for c in name if c.isprintable()).strip().lstrip(".")
    # At most 120 bytes of UTF-8 (file systems allow 255); drops lone surrogates too.
    name = name.encode("utf-8", "ignore")[:120].decode("utf-8", "ignore")
    return name or default
