"""The bass line the app transcribes from a band's jam track, measured against the bass the band played.

    .venv/bin/python bench/band_bass.py SEED [SEED ...] [--count N]

``bench/notes.py`` scores parts on their own (an isolated bass line). The app's
bass part is transcribed from the jam track: Spleeter's accompaniment of the
whole song, the bass under the drums, the comping, the lead and the pad. For
each band song of ``songs.fresh_specs(SEED, N)`` (rendered by fluidsynth,
``tests/songs.py``), this separates the song as the app does, transcribes the
accompaniment's bass with the default engine (``jamwithme.notes.transcribe``,
``part="bass"``) and scores it against the bass part of the song's MIDI:
mir_eval's onset precision, recall and F (onset within 50 ms, pitch within 50
cents), and the found notes matching none that start while the bass rests. A seed looked at
while working on the notes is spent: draw new ones to check a change.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]  # bench/queue.py shadows queue
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import mir_eval  # noqa: E402
import numpy as np  # noqa: E402
import pretty_midi  # noqa: E402
import songs  # noqa: E402
from song_midi import write_midi  # noqa: E402


def true_bass(spec) -> np.ndarray | None:
    """``(start, end, pitch)`` of the song's bass part, or None where another part plays the bass's program."""
    with tempfile.TemporaryDirectory() as tmp:
        midi = Path(tmp) / "song.mid"
        write_midi(spec, midi)
        parts = [p for p in pretty_midi.PrettyMIDI(str(midi)).instruments if not p.is_drum]
    bass = [p for p in parts if p.program == spec.band.bass]
    if len(bass) != 1:
        return None
    return np.array([[n.start, n.end, n.pitch] for n in bass[0].notes])


def score(truth: np.ndarray, found: np.ndarray) -> dict:
    """Onset precision, recall and F of ``found`` against ``truth`` (rows ``start, end, pitch``), and notes in rests."""
    if not len(found):
        return {"precision": 0.0, "recall": 0.0, "f": 0.0, "in_rests": 0, "found": 0}
    hz = lambda rows: 440.0 * 2.0 ** ((rows[:, 2] - 69) / 12)  # noqa: E731
    matched = mir_eval.transcription.match_notes(
        truth[:, :2], hz(truth), found[:, :2], hz(found), onset_tolerance=0.05, pitch_tolerance=50.0, offset_ratio=None
    )
    p, r = len(matched) / len(found), len(matched) / len(truth)
    f = 2 * p * r / (p + r) if matched else 0.0
    wrong = np.setdiff1d(np.arange(len(found)), [j for _, j in matched])
    starts = found[wrong, 0] + 0.05  # more than the onset tolerance into a rest
    sounding = (truth[None, :, 0] <= starts[:, None]) & (truth[None, :, 1] > starts[:, None])
    return {"precision": p, "recall": r, "f": f, "in_rests": int(np.sum(~sounding.any(axis=1))), "found": len(found)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("seeds", type=int, nargs="+", help="songs.fresh_specs seeds")
    parser.add_argument("--count", type=int, default=12, help="songs per seed (12)")
    args = parser.parse_args()

    from jamwithme.audio import load
    from jamwithme.notes import transcribe
    from jamwithme.separation import get_separator

    separator = get_separator()
    rows = []
    for seed in args.seeds:
        for spec in songs.fresh_specs(seed, args.count):
            truth = true_bass(spec)
            if truth is None:
                print(f"{spec.name:34s} left out: another part plays the bass's program", flush=True)
                continue
            song = songs.render_band_song(spec)
            jam_track = separator.separate(load(song.path))["accompaniment"]
            notes = transcribe(jam_track, part="bass").notes
            found = np.array([[n.start, n.end, n.pitch] for n in notes]).reshape(-1, 3)
            row = score(truth, found)
            rows.append(row)
            print(f"{spec.name:34s} true {len(truth):4d} found {row['found']:4d}  precision {row['precision']:.3f}  "
                  f"recall {row['recall']:.3f}  onset F {row['f']:.3f}  in the bass's rests {row['in_rests']}",
                  flush=True)  # fmt: skip
    if rows:
        mean = {k: statistics.fmean(r[k] for r in rows) for k in ("precision", "recall", "f")}
        print(f"{len(rows)} songs: onset F {mean['f']:.4f}  precision {mean['precision']:.3f}  "
              f"recall {mean['recall']:.3f}  notes in the bass's rests {sum(r['in_rests'] for r in rows)} "
              f"of {sum(r['found'] for r in rows)}")  # fmt: skip


if __name__ == "__main__":
    main()
