"""JamWithMe: jam tracks from songs.

The service layer: :mod:`jamwithme.audio` (the one I/O module),
:mod:`jamwithme.separation` (Spleeter), and pure transforms on
:class:`~jamwithme.audio.AudioClip`. Never imports Streamlit.
"""

__version__ = "0.1.0"
