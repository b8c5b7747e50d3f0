"""How strongly each piece has a beat: ``rhythm.pulse_strength`` on music without one and on songs with one.

    .venv/bin/python bench/pulse.py [--split tune|heldout] [--excerpt SECONDS]

Prints the strength (the onset comb's peak over 50-200 BPM above its own
median) of the four pieces of ``tests/no_pulse.py`` (silence, noise, a held
chord, a rubato line), of click tracks at 50-200 BPM, 4 and 8 s long, and of
the development set's songs (the tune part unless told), whole and over
their first ``--excerpt`` seconds (8 unless told), then the lowest with a
beat and the highest without against ``rhythm.PULSE_FLOOR``: under it the
analysis says "no steady beat found". Tune the floor on the tune part only.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.append(str(ROOT / "bench"))

from separation import machine  # noqa: E402  (bench/separation.py)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("tune", "heldout"), default="tune")
    parser.add_argument("--excerpt", type=float, default=8.0, help="seconds of each song's start also measured")
    args = parser.parse_args()

    import no_pulse
    import songs
    from conftest import click_track, stereo

    from jamwithme.analysis import rhythm
    from jamwithme.audio import AudioClip, load

    def strength(clip: AudioClip) -> float:
        return rhythm.pulse_strength(rhythm.features(clip))

    print(f"machine: {machine()}")
    without = {name: strength(AudioClip(*no_pulse.samples(name))) for name in no_pulse.NAMES}
    with_beat = {}
    for bpm in (50, 60, 90, 120, 170, 200):
        for seconds in (4.0, 8.0):
            with_beat[f"clicks {bpm} BPM, {seconds:g} s"] = strength(stereo(click_track(bpm=bpm, seconds=seconds)[0]))
    for song in songs.dev_set(args.split):
        clip = load(str(song.path))
        with_beat[song.name] = strength(clip)
        start = AudioClip(clip.samples[:, : int(args.excerpt * clip.sample_rate)], clip.sample_rate)
        with_beat[f"{song.name}, first {args.excerpt:g} s"] = strength(start)
    print("\nno steady beat")
    for name, value in without.items():
        print(f"  {name:40s} {value:.3f}")
    print(f"\nwith a beat ({args.split} part and click tracks)")
    for name, value in with_beat.items():
        print(f"  {name:40s} {value:.3f}")
    low = min(with_beat, key=with_beat.get)
    high = max(without, key=without.get)
    print(f"\nfloor {rhythm.PULSE_FLOOR}: highest without a beat {without[high]:.3f} ({high}), "
          f"lowest with one {with_beat[low]:.3f} ({low})")  # fmt: skip
    wrong = [n for n, v in without.items() if v >= rhythm.PULSE_FLOOR]
    wrong += [n for n, v in with_beat.items() if v < rhythm.PULSE_FLOOR]
    print("all on the right side" if not wrong else f"on the wrong side: {', '.join(wrong)}")
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
