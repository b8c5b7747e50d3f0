"""The separation reference: stems of a 10 s excerpt of a shared song, kept in the repo as 24-bit FLAC.

The files in ``tests/data/separation_reference/`` were written by the separation
code as it stood before its STFT was rewritten (commit "Separation reference"),
so that any later change to the spectrogram work can be checked against the
output users had (``tests/test_separation.py::test_agrees_with_the_reference``).
Regenerate them only when the output is *meant* to change::

    .venv/bin/python tests/separation_reference.py

24-bit, because 16-bit quantisation alone would limit agreement to about 80 dB
at music levels, below the 90 dB the test asks for.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
FOLDER = HERE / "data" / "separation_reference"
START_S, STOP_S = 30, 40  # Lets_Go_Fishin, 0:30 to 0:40
BANDS = ("full", "spleeter")
STEMS = ("vocals", "accompaniment")


def excerpt(song: Path) -> np.ndarray:
    """The excerpt the reference separates: ``(2, 10 * 44100)`` float32, decoded by :func:`jamwithme.audio.load`."""
    from jamwithme.audio import SAMPLE_RATE, load

    return load(song).samples[:, START_S * SAMPLE_RATE : STOP_S * SAMPLE_RATE]


def path(band: str, stem: str) -> Path:
    return FOLDER / f"{band}_{stem}.flac"


def read(band: str, stem: str) -> np.ndarray:
    """A reference stem, ``(2, n)`` float32."""
    from jamwithme.audio import load

    return load(path(band, stem)).samples


def main() -> None:
    sys.path.insert(0, str(HERE))
    from conftest import FISHIN

    from jamwithme.audio import AudioClip, save
    from jamwithme.separation import Band, Separator

    if not FISHIN.is_file():
        raise SystemExit(f"{FISHIN} is absent: the reference is cut from a shared song")
    FOLDER.mkdir(parents=True, exist_ok=True)
    clip = AudioClip(excerpt(FISHIN))
    separator = Separator()
    for band in BANDS:
        stems = separator.separate(clip, band=Band(band))
        for stem in STEMS:
            save(stems[stem], path(band, stem), "flac")
            print(f"{path(band, stem)}: peak {stems[stem].peak():.3f}")


if __name__ == "__main__":
    main()
