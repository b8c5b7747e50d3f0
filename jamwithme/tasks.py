"""Work the app and the API put on the job queue: cached on content, reported through ``progress``."""

from __future__ import annotations

from collections.abc import Callable

from jamwithme.audio import AudioClip
from jamwithme.cache import DiskCache
from jamwithme.separation import Band, Separator, separate


def separate_cached(
    clip: AudioClip,
    *,
    band: Band,
    cache_key: str,
    cache: DiskCache | None,
    separator: Separator | None = None,
    progress: Callable[[float], None] | None = None,
) -> dict[str, AudioClip]:
    """Separate ``clip``, or return what ``cache`` already holds under ``cache_key``; store new results there.

    Returns
    -------
    dict
        ``{"vocals": AudioClip, "accompaniment": AudioClip}``.
    """
    if cache is not None:
        found = cache.get(cache_key)
        if found is not None:
            return found
    stems = dict(separate(clip, band=Band(band), progress=progress, separator=separator))
    if cache is not None:
        cache.put(cache_key, stems)
    return stems
