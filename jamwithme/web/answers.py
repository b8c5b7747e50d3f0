"""Stored results turned into what a route sends: a remix as a WAV, stems in a ZIP, notes as JSON or a file.

Each reads its result through the service (:meth:`jamwithme.service.Service.read`),
so a result gone or damaged since its job finished is made again, once, not
refused. They run on the threadpool; the routes stream what they write.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jamwithme.audio import AudioFormat, save
from jamwithme.service import Service, SongInfo, jobs
from jamwithme.service.clips import get_clips
from jamwithme.web.schemas import WARNING_HEADER, NotesOptions


def warning_headers(notices: list[str]) -> dict[str, str]:
    if not notices:
        return {}
    return {WARNING_HEADER: quote(" | ".join(notices)[:2000], safe=" !#$&'()*+,/:;=?@[]~-._|")}


def remix_answer(service: Service, key: str, workdir: Path, notices: list[str]) -> tuple[Path, dict[str, str]]:
    """The stored remix as a WAV in the request's work folder (the answer streams from it), and its headers."""

    def written(entry) -> tuple[Any, dict[str, Any]]:
        take = jobs.walk_in(entry)
        meta = dict(entry.meta)
        if "tempo" not in meta:  # stored before the remix kept its tempo
            analysis = jobs.beat_analysis(service.store, meta["analysis"])
            meta.update(tempo=analysis.tempo, n_beats=analysis.n_beats)
        save(get_clips(entry, ["remix"])["remix"], workdir / "remix.wav", "wav")
        return take, meta

    # Made again, once, if the remix is gone or does not read.
    take, meta = service.read(key, written)
    out = workdir / "remix.wav"
    headers = {
        "X-Remix-Seed": str(take.seed),
        "X-Remix-Tempo": f"{meta['tempo']:.1f}",
        "X-Remix-Beats": str(meta["n_beats"]),
        "X-Remix-Jumps": str(take.n_jumps),
        "X-Remix-Duration": f"{take.duration:.3f}",
        **warning_headers(notices),
    }
    return out, headers


def notes_answer(service: Service, key: str, options: NotesOptions, song: SongInfo) -> tuple[str, bytes, str, list]:
    """The stored notes as the request asks: JSON (with the key, tempo and metre) or one download.

    The notes and the song's analysis are read through the service: either one
    gone or damaged since its job finished is made again, once, not refused.
    """
    from jamwithme.analysis.key_names import transposed_key
    from jamwithme.notes.files import download

    found = service.read(key, jobs.notes_in)
    # Submitted (found stored at once, as a rule) so the service knows how to make the analysis again if it is gone.
    analysis = service.read(service.submit("analysis", song.id, {}), jobs.analysis_in)
    if options.format == "json":
        body = found.transposed(options.semitones).to_json()
        tempo = round(float(analysis.tempo), 2) if analysis.pulse else None  # null: no steady beat
        key = transposed_key(analysis.key, options.semitones) if analysis.tonal else None  # null: no tones
        body.update(key=key, tempo=tempo,
                    time_signature=analysis.time_signature, semitones=options.semitones)  # fmt: skip
        return "notes.json", json.dumps(body).encode(), "application/json", list(found.notices)
    name, data, media_type = download(found, analysis, fmt=options.format, semitones=options.semitones, song=song.name)
    return name, data, media_type, list(found.notices)


def ascii_name(name: str) -> str:
    """A name as the plain ``filename=`` of Content-Disposition can carry it: ASCII, no quotes or backslashes.

    Not a file-name rule (our downloads are named by :func:`jamwithme.text.safe_name`,
    the user's files by :func:`jamwithme.text.given_name`): the header's encoding, beside
    ``filename*`` with the name in full.
    """
    return "".join(c if 32 <= ord(c) < 127 and c not in '"\\' else "_" for c in name)


def attachment(name: str) -> dict[str, str]:
    """The Content-Disposition of a download named ``name``: plain ASCII, and the full name in UTF-8."""
    return {"Content-Disposition": f"attachment; filename=\"{ascii_name(name)}\"; filename*=utf-8''{quote(name)}"}


def zip_stems(service: Service, key: str, fmt: str, workdir: Path) -> Path:
    """The stored stems encoded in ``fmt``, in a ZIP in the request's work folder."""
    archive = workdir / "stems.zip"
    extension = AudioFormat(fmt).extension
    # Stored, not deflated: encoded audio barely compresses and would cost seconds.
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_STORED) as zf:
        for stem, clip in service.clips(key, ["vocals", "accompaniment"]).items():
            path = save(clip, workdir / f"{stem}.{extension}", fmt)
            zf.write(path, arcname=path.name)
            path.unlink()
    return archive
