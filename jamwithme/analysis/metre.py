"""Bars and metre on a beat grid: downbeat evidence, the number of beats in a bar, and where each bar starts.

Bars are where the harmony changes, the bass enters and the kick plays:
:func:`downbeat_evidence` measures that at every beat, :func:`estimate_meter`
finds the period at which it repeats, and :func:`bar_positions` places the
downbeats (a Viterbi that keeps the bar's length unless the music insists).
"""

from __future__ import annotations

import math

import numpy as np

from jamwithme.analysis.features import CHROMA_BINS, Features

__all__ = [
    "bar_positions", "bars_on_chords", "beat_division", "chord_evidence", "compound_bar_on_chords", "downbeat_evidence",
    "estimate_meter", "halfway_changes", "unsure_compound", "waltz_at_its_bar", "waltz_bars_at_double", "weighed",
]  # fmt: skip

#: Probability per beat that a bar ends early: the grid's beats are on a tempo model, so only the music
#: changes the bar (a 2/4 bar), and only where the evidence of many bars after it says so.
PHASE_SLIP = 1e-8
#: Weights of a chord's start and the bass's move (:func:`chord_evidence`, in standard units) beside
#: :func:`downbeat_evidence`'s total when :func:`bars_on_chords` places the bars again (tuned on the tune split).
CHORD_WEIGHT = 1.5
BASS_MOVE_WEIGHT = 0.5
#: Weight of the chroma's change from the bar before a beat to the bar after it in :func:`downbeat_evidence`'s total.
HARMONY_WEIGHT = 1.5
#: ... and in :func:`bars_on_chords`, where the chord model's chord starts say where the harmony changes: the chroma
#: reads a metre's length either side of every beat, so around a 2/4 bar a window holds two chords and the change
#: read on the 2/4 bar's downbeat (or the next) is low. On 74 songs with a 2/4 bar of own seeds 6120-6135,
#: 6300-6330, 6400-6420 and the tune part (grid28), 1.5 left 42 wrong-length bars; 1.0-1.1 leave 35 (a shuffle at
#: 161 whose intro's 2/4 bar went a bar early: the chroma 3.2 units lower on its downbeat than two beats before),
#: 0.9 34, 1.25 38, 0.75 adds two to a jazz 4/4 at 106. At 1.0 no downbeat moves in any of 68 songs without one.
#: Fresh seeds 6700-6723 after the freeze (40 songs with a 2/4 bar, 40 without): 32 wrong-length bars to 29, none
#: worse, no downbeat moved in the 40 without. Not fixed: the bar after a 2/4 bar that holds the same chord (late).
CHORDS_HARMONY_WEIGHT = 1.0
#: Weight of the low band's onsets against the 1-4 kHz band's (the "kick" against the snare) in
#: :func:`downbeat_evidence`'s total.
KICK_WEIGHT = 0.5
#: ... and in :func:`bars_on_chords` in 4/4: none. It does not tell beat 1 from beat 3: the chord's attack on beat 1
#: sounds in the high band, so it favours beat 3 in 113 of 168 own 4/4s, kit or none (study30), and a tie between
#: them went its way (blind f1417_07, a kit-less ballad at 67, on beat 3 for 104 s). Nor where a kit is heard (its
#: bands take turns beat by beat, :func:`~jamwithme.analysis.drum_bands.backbeat_and_chance`, 0.5-0.7 beyond chance;
#: kit-less 0.0 or under): on one-chord funk vamps (kick on 1, not on 3; seed 6420's at 103 and 120, 6402's at 87)
#: it favoured beat 3 and read the one at 120 wholly there. Dropped in 4/4 on the captured own 4/4s (grid32): seeds
#: 6120-6135, 6300-6330, 6400-6420 (112) downbeat F 0.948 -> 0.958, wrong-length bars 159 -> 159, two better (a
#: ballad whose soft kit plays 1 and 3 0.00 -> 1.00), none worse; 6700-6830 (131) 0.904 -> 0.917, 579 -> 574,
#: eight better (four with a kit heard), none worse, one bar more (a country song at 182, downbeat F 0.89 -> 0.98);
#: the vamps 0.67 -> 1.00; six own kit-less 4/4s slowed to 67 (after the freeze) 0.89 -> 0.96, 3 -> 1. Kept in
#: 12/8, whose beat 3 is another dotted quarter (a 12/8 and a jazz waltz worse without it). Real songs: Choice
#: (drums and bass), Lets_Go_Fishin and the Sectoid four keep every downbeat;
#: Vibe_Ace (an E vamp read at 65, half its tempo) moves all 16 a beat on, a near tie (0.47 against 0.43 a beat).
#: Fresh seeds 6931-6938 after the freeze (96 songs, 49 in 4/4, six kit-less): no 4/4 changed; a waltz at 82 read
#: in 4/4 (81 wrong-length bars) gained one. ``bench/analysis.py --split all``: no row changed.
CHORDS_KICK_WEIGHT = 0.0
#: A beat whose attack (the onset envelope's peak at it) is under this fraction of the song's median beat's is a
#: rest: nothing starts there. Where :func:`bars_on_chords` cuts its first bar short within a bar of the last rest
#: before it (the band coming in where the rests end), those rests say nothing for or against a bar line and the
#: bars are placed again. A waltz's intro without its bass ("- pah pah") is silent on every beat 1 (0.00-0.05 of
#: the median on own seeds 10500-10514), and its first chord, heard on beat 2, drew the bar lines a beat late until
#: the bass came in, then a 2-beat bar a bar after the last rest (in 10 of 43 waltzes there and in three of blind
#: 1427's four); 0.05-0.2 alike. Elsewhere a rest still counts against a bar line: a kit-less 4/4's intro sounding
#: beat 1 and not beat 3 is what tells them apart where the band's evidence ties (its first short bar 73 beats on).
#: Nor does the beat just after a rest count there: the sound coming back after silence (the chord's start, the low
#: band's rise) is no bar line. On a jazz waltz at 157 (own seed 11300, song 3) the chord's start on each beat 2 of
#: the intro gave 3.95-5.86 a bar, 18.9 over four bars against a bar cut short's 18.4 (:data:`PHASE_SLIP`), and
#: drew the first bars a beat late. Own seeds 11300-11326 (321 songs, 12 where it applies): wrong-length bars 6 -> 1,
#: five waltzes better, none worse; frozen 2026-12-07 14:48 UTC; fresh own seeds 11350-11369, run once (240 songs,
#: 12 where it applies): 8 -> 4, four jazz waltzes better, none worse.
SILENT_BEAT = 0.1
#: Beat patterns (:func:`beat_patterns`): band edges (Hz) and the parts of a beat.
PATTERN_BANDS = (0.0, 150.0, 400.0, 1000.0, 3000.0, 11025.0)
PATTERN_SLOTS = 6
#: In compound time the pattern must come back after four beats more than after two by this much (mean cosine
#: similarity) for a 12/8 bar: on the tune part and its variants 6/8 songs at most 0.03, 12/8 songs at least 0.18.
LONGER_BAR = 0.1
#: Where it comes back more by less than that but by at least this, the harmony decides (:func:`bar_line_harmony`):
#: 12/8 where the chords change on the four-beat bar line by this many standard units more than halfway through
#: it. On the tune part and its variants the pattern margin is 0.03 at most in 6/8 and 0.094 on the one 12/8 under
#: LONGER_BAR (a 12/8 at 96 on seed 1201's instruments and form); the harmony's margin 0.27-0.79 in 6/8, 0.71-1.65
#: in 12/8 (1.13 on that one).
UNSURE_BAR, HARMONY_BAR = 0.05, 0.9
#: Where the chord model's chords are known (the analysis, :func:`compound_bar_on_chords`) they decide that window
#: instead: 12/8 where chords start halfway through the four-beat span at most this many times as often as on its
#: first beat (:func:`halfway_changes`), on the 6/8 bar line a 12/8 reading hides. Measured on own fresh songs (seeds
#: 6120-6135, 6300-6315): 12/8s at 61-96 0-0.15 (33 songs), 6/8s 0.35-1.0 but for two whose chords last two bars (0);
#: in the window 6/8s 0.92-1.0 (four of them read 12/8 by the chroma, as blind seed 1412's 6/8 at 73) and the 12/8
#: on seed 1201's instruments and form 0.
HALFWAY_CHANGES = 0.25
#: Where the rhythm reads 12/8 past :data:`LONGER_BAR`, the chords still make it 6/8 where they change halfway
#: through its four-beat spans at least this often against on their first beat: half way between a chord a 12/8 bar
#: (0) and a chord a 6/8 bar (1). A 6/8's pattern can come back after four beats as a 12/8's does (own seeds
#: 5000-6999: three 6/8s at 0.10-0.17 over two bars, chords changing halfway 0.93-1.0 as often, read 12/8 with every
#: bar a beat off; 12/8s there 0.12-0.62, their chords 0-0.21). Fresh seeds 9300-9499 (60 compound songs, run
#: once): two 6/8s read 12/8 (13 and 27 wrong-length bars) now 6/8, no 12/8 turned.
HALFWAY_OVERRULES = 0.5
#: A 6/8 whose chords change on its second beat at least this often against on its first is a waltz read at its bar:
#: each of its beats a bar of 3/4 at three times the tempo (:func:`waltz_at_its_bar`). Half way between a chord a 6/8
#: bar (0) and a chord a beat (1). Own 6/8s read right (seeds 6900-6913, 10300-10304: 24 songs at 62-132) 0-0.16; own
#: waltzes at 146-196 read as 6/8 at their bar (seeds 6902, 6911, 10303) 0.62-0.92, their chords a waltz bar each.
#: Frozen 2026-12-07 04:33 UTC. Fresh own seeds 10320-10340 afterwards (25 fast waltzes, 20 6/8s, 10 12/8s, run
#: once): a waltz at 181 read in 6/8 at 60.3 now 3/4 at 181 (21 wrong-length bars -> 0), no other song changed.
WALTZ_BARS = 0.5
#: Beats whose patterns vary less than this (:func:`variation`) are all alike: no bar can be heard in them.
SAME_BEATS = 0.17
#: A grid twice a slow waltz's tempo (:func:`waltz_bars_at_double`): its bar is six of the grid's beats, so the beats'
#: patterns come back after six and twelve beats more than after four and eight by at least :data:`SIX_OVER_FOUR`,
#: while every other beat differs (the waltz's quarters against the eighths between them): after three and nine
#: beats they come back at most :data:`ODD_UNLIKE`. Measured on :func:`~jamwithme.analysis.rhythm.choose_tempo`'s
#: grids of the level it chose, own seeds 10503, 10511, 10537 and 10610-10659 read at 125 BPM and over (95 songs):
#: waltzes at 74-90 read at double in 4/4 (7, f10503_08 f10511_06 f10537_08 among them) six over four 0.10-0.19,
#: three -0.60 to -0.39; 4/4s at 150-199 (metal, rock, country, jazz, shuffle, pop; 70) six over four at most 0.01
#: (at most 0.00 where three is -0.2 or under); waltzes read right at 142-200 three 0.20-0.44. Both thresholds
#: between. Frozen 2026-12-07 09:31 UTC: the 7 read at 74-90 in 3/4, the other 88 unchanged. Fresh own seeds
#: 10660-10689 afterwards (360 songs, run once): two waltzes read at double in 4/4 (80 and 90 BPM; 42 and 50
#: wrong-length bars) read at their tempo in 3/4 (0 and 0); no other song's tempo level changed.
SIX_OVER_FOUR, ODD_UNLIKE = 0.05, -0.2
#: A beat splits in three where the onsets at its thirds are this many times those halfway, ...
THIRDS_OVER_HALF = 1.3
#: ... and at least this fraction of those on the beats, ...
THIRDS_FLOOR = 0.2
#: ... unless a swing's late eighth sounds (the thirds' mean then is only its smear, over a half where nothing
#: sounds): where the strongest onsets between :data:`SWUNG_SPAN` of each beat (after the half, before the second
#: third: no 6/8 sounds there) are at least this many times those the same width around the first third, the beat
#: is two, swung. On own seeds 11100-11179 (true beats): 12 6/8s and 12/8s 0.30-0.77; 14 swung 4/4s 0.88-2.33
#: (those whose swing falls in the span 1.09 and over; a jazz at 154 swung 0.62 0.88), 3 shuffles 0.98-1.05 (their
#: eighth at the second third: they are two by the thirds' mean already). None of the 38 swung 4/4s, 6/8s and 12/8s
#: tracked there was read in the wrong division; blind f1433_04 (a disco at 120 swung 0.59, a rubato intro, its
#: thirds 1.30 times the half) was read in 6/8 and is 4/4 by this. Frozen 2026-12-07 14:46 UTC. On fresh seeds
#: 11180-11209, run once after the freeze (the tracked beats of 206 songs: 71 swung 4/4s and shuffles, 69 6/8s, 24
#: 12/8s, 42 swung 3/4s): one division changed, f11188_02 (a disco at 109 swung 0.59) from 6/8 (137 wrong-length
#: bars) to 4/4 (2); a jazz at 139 swung 0.66 is still read in 12/8 (its swung eighth at the second third, its first
#: third the beat's decaying tail: outside this rule).
SWUNG_OVER_FIRST = 1.0
#: The fractions of a beat where a swing's off-beat eighth sounds and a 6/8's does not (swing 0.55-0.62; a later
#: one is the second third itself, and a beat without its first third is two, swung, by the thirds' floor already).
SWUNG_SPAN = (0.54, 0.625)
#: Or where at least this fraction of the beats peak at both thirds (above the onsets :data:`PEAK_SIDE` either
#: side): sustained parts and humanised attacks smear the means between the beats alike (f1415_05, a 6/8 at 96:
#: thirds 1.19 times the half), not where the attacks peak. On the captured grids of seeds 6120-6135 and 6300-6330
#: (grid27) four of the five 6/8s read in two peak at both thirds on 0.60-0.67 of their beats (f6330_02 0.50:
#: still in two), 46 swung 4/4s and 3/4s at most 0.38 (a shuffle's first third 0.17-0.36: its last third sounds
#: alone). On fresh seeds 6400-6420 one 6/8 more is read in three, two (0.41) are still read in two.
THIRDS_PEAKS = 0.55
#: ... a twelfth of a beat: the quarter and five twelfths around the first third (the 7/12 and the 3/4 around the
#: second), where a 6/8 plays nothing (a swing's late eighth near 7/12 only keeps its second third from peaking).
PEAK_SIDE = 1 / 12
#: Or where, in this band (Hz: hi-hats, cymbals, the comping's attacks), the mean onsets at both thirds are at least
#: :data:`HIGH_THIRDS` times the band's between them and the other points (the median of those :data:`PEAK_SIDE`
#: either side of the thirds): a 6/8's eighths sound there above its choir, strings and bass, and a swing's or a
#: shuffle's first third does not. The fine onsets (:func:`~jamwithme.analysis.features.fine_band_onsets`) over the
#: mel bands centred in it.
HIGH_BAND = (3000.0, 11025.0)
#: On the captured grids of seeds 6120-6135, 6300-6330 and 6400-6420 (grid29): the four 6/8s THIRDS_PEAKS leaves in
#: two (f6330_02, f6409_05, f6410_10 and blind f1415_05) 1.61-2.49, every compound song 1.61-10.7 (234, median 4.3);
#: 122 swung 4/4s and 3/4s on beat grids (shuffles, jazz, jazz waltzes, swung pop, rock, country ...) at most 1.15
#: (f6414_10, a rubato waltz already read in three on its bars' grid, 7.5); the development set's songs (--split
#: all) at most 1.09 in simple time, 2.67 and over in compound. On fresh seeds 6800-6830, run once after the freeze:
#: three of four 6/8s and 12/8s read in two are read in three (1.50-2.05), a 12/8 at 94 is not (1.28); 130 swung
#: songs at most 1.12, none changed.
HIGH_THIRDS = 1.4


def beat_division(beats: np.ndarray, flux: np.ndarray, *, high: np.ndarray | None = None) -> tuple[np.ndarray, int]:
    """The counted beats and the parts each splits into (2 or 3), from the attacks between a grid's beats.

    The onsets a third and two thirds into the beats against those halfway:
    only where both thirds sound (more than :data:`THIRDS_OVER_HALF` times
    the half, and at least :data:`THIRDS_FLOOR` of the beats' own) does a
    beat split in three (a shuffle or a swing sounds the last third alone:
    a beat in two, swung), and not where a swing's late eighth, between the
    half and the second third, outsounds the first third
    (:data:`SWUNG_OVER_FIRST`: a swing whose off-beat left the half empty,
    its thirds only the smear around it); or where most beats peak at both thirds
    (:data:`THIRDS_PEAKS`), when sustained parts and humanised attacks
    smear the mean onsets everywhere between the beats alike; or where
    both thirds stand above the points around them in the high band alone
    (:data:`HIGH_THIRDS`), where a 6/8's eighths sound over its pads. Then the
    parts are grouped as the music accents them: if their strengths
    repeat every three parts, the beat is three
    parts (6/8, 12/8: compound time, the grid's beats are the counted ones);
    if every two, the counted beat is two parts (a fast waltz heard as
    dotted quarters: its quarter notes are the beats), and the grid is
    rebuilt on every other part, on the stronger of the two phases.

    Parameters
    ----------
    beats : np.ndarray [shape=(n,)]
        The grid's beat times, seconds.
    flux : np.ndarray
        :func:`~jamwithme.analysis.features.fine_onsets` of the song.
    high : np.ndarray or None
        The same onsets in :data:`HIGH_BAND` alone (:func:`~jamwithme.analysis.features.fine_band_onsets`), or
        None: the thirds are not looked for in it.

    Returns
    -------
    (np.ndarray, int)
        The counted beats (``beats`` itself unless regrouped) and their division, 2 or 3.
    """
    from jamwithme.analysis.attacks import PHASE_NEAR
    from jamwithme.analysis.features import ANALYSIS_RATE, FINE_HOP

    if beats.size < 8:
        return beats, 2
    hop = FINE_HOP / ANALYSIS_RATE
    near = max(1, round(PHASE_NEAR / hop))

    def strength(times: np.ndarray, onsets: np.ndarray = flux) -> np.ndarray:
        frames = np.clip(np.round(times / hop).astype(np.int64), near, onsets.size - near - 1)
        return onsets[frames[:, None] + np.arange(-near, near + 1)[None, :]].max(axis=1)

    gaps = np.diff(beats)
    on = float(np.mean(strength(beats[:-1])))
    if on <= 0:
        return beats, 2
    third, half, two_thirds = (float(np.mean(strength(beats[:-1] + f * gaps))) / on for f in (1 / 3, 1 / 2, 2 / 3))
    thirds = min(third, two_thirds)

    def peak_between(starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
        """The strongest onset from each of ``starts`` to its ``ends`` (seconds)."""
        first = np.clip(np.round(starts / hop).astype(np.int64), 0, flux.size - 1)
        last = np.clip(np.round(ends / hop).astype(np.int64), first + 1, flux.size)
        return np.array([flux[a:b].max() for a, b in zip(first, last, strict=True)])

    def peaks(f: float) -> float:
        """The fraction of the beats whose onsets ``f`` into them are above those :data:`PEAK_SIDE` either side."""
        at, before, after = (strength(beats[:-1] + g * gaps) for g in (f, f - PEAK_SIDE, f + PEAK_SIDE))
        return float(np.mean((at > before) & (at > after)))

    def high_thirds() -> float:
        """The weaker third's onsets in :data:`HIGH_BAND` over the median of those :data:`PEAK_SIDE` either side."""
        if high is None:
            return 0.0
        at = {g: float(np.mean(strength(beats[:-1] + g * gaps, high))) for g in (1 / 3, 2 / 3)}
        around = np.median([np.mean(strength(beats[:-1] + (g + side) * gaps, high))
                            for g in at for side in (-PEAK_SIDE, PEAK_SIDE)])  # fmt: skip
        return min(at.values()) / around if around > 0 else 0.0

    def swung() -> bool:
        """Whether a swing's late eighth (in :data:`SWUNG_SPAN`) outsounds the first third."""
        start, end = SWUNG_SPAN
        width = (end - start) / 2
        late, first = (float(np.mean(peak_between(beats[:-1] + a * gaps, beats[:-1] + b * gaps)))
                       for a, b in ((start, end), (1 / 3 - width, 1 / 3 + width)))  # fmt: skip
        return late >= SWUNG_OVER_FIRST * first

    split = (
        (thirds >= THIRDS_OVER_HALF * half and not swung())
        or min(peaks(1 / 3), peaks(2 / 3)) >= THIRDS_PEAKS
        or high_thirds() >= HIGH_THIRDS
    )
    if not split or thirds < THIRDS_FLOOR:
        return beats, 2
    parts = np.append((beats[:-1, None] + gaps[:, None] * np.array([0.0, 1 / 3, 2 / 3])[None, :]).ravel(), beats[-1])
    accent = _zscore(np.log1p(strength(parts) / on))

    def repeats(lag: int) -> float:
        return float(np.dot(accent[:-lag], accent[lag:]) / (accent.size - lag))

    if repeats(2) <= repeats(3):
        return beats, 3
    phase = int(np.argmax([accent[p::2].mean() for p in (0, 1)]))
    return parts[phase::2], 2


def downbeat_evidence(feats: Features, beats: np.ndarray, *, beats_per_bar: int = 4) -> dict[str, np.ndarray]:
    """Per-beat evidence of a downbeat: harmony change, bass onset, kick against snare, a new section, and their sum.

    ``harmony`` is how much the chroma of the bar after a beat differs from
    the bar before it (so a chord pushed an eighth early, or a bar split
    between two chords, does not make the middle of the bar a bar line);
    ``section`` the novelty of the beats' rhythm patterns and chroma over two
    bars either side (Foote's checkerboard): parts of a song begin on a bar
    line, most on the first of a phrase.

    Returns
    -------
    dict of np.ndarray [shape=(n_beats,)]
        ``"harmony"``, ``"bass"``, ``"kick"``, ``"section"`` in standard units, and ``"total"``; ``"attack"``,
        the onset envelope's peak at each beat over the median beat's (under :data:`SILENT_BEAT` a rest).
    """
    import librosa

    frames = np.minimum(np.round(np.asarray(beats) * feats.frame_rate).astype(np.int64), feats.onset.size - 1)
    chroma = feats.chroma(CHROMA_BINS)
    bounds = np.append(frames, feats.onset.size)
    beat_chroma = librosa.util.sync(chroma, bounds, aggregate=np.median, pad=False)
    n, m = frames.size, int(beats_per_bar)
    unit = beat_chroma / np.maximum(np.linalg.norm(beat_chroma, axis=0, keepdims=True), 1e-9)
    running = np.concatenate([np.zeros((unit.shape[0], 1)), np.cumsum(unit, axis=1)], axis=1)
    harmony = np.zeros(n)
    for i in range(1, n):
        before = running[:, i] - running[:, max(0, i - m)]
        after = running[:, min(n, i + m)] - running[:, i]
        norm = np.linalg.norm(before) * np.linalg.norm(after)
        harmony[i] = 1.0 - float(before @ after) / norm if norm > 0 else 0.0
    if n > 1:
        harmony[0] = np.median(harmony[1:])
    low = feats.band_onset(0.0, 200.0)
    kick = _zscore(feats.band_onset(0.0, 120.0)) - _zscore(feats.band_onset(1000.0, 4000.0))

    # The beats are on their attacks; the band rises peak ONSET_DELAY - 1 frames before (the 93 ms window meets an
    # attack early), so the two frames before a beat hold the late half of its rise: read alike on every beat.
    def at(x: np.ndarray) -> np.ndarray:
        return np.array([x[max(f - 2, 0) : f + 3].max() for f in frames])

    patterns = beat_patterns(feats, beats) if n > 2 else np.zeros((max(n - 1, 0), 1))
    described = np.vstack([patterns.T, unit[:, : patterns.shape[0]]]) if patterns.shape[0] else unit
    section = np.append(_novelty(described, 2 * m), 0.0)[:n] if n > 2 else np.zeros(n)
    out = {"harmony": _zscore(harmony), "bass": _zscore(at(low)), "kick": _zscore(at(kick))}
    out["section"] = _zscore(section)
    out["total"] = weighed(out)
    attack = at(feats.onset)
    out["attack"] = attack / max(float(np.median(attack)), 1e-9)
    return out


def weighed(parts: dict[str, np.ndarray], *, harmony: float = HARMONY_WEIGHT, kick: float = KICK_WEIGHT) -> np.ndarray:
    """:func:`downbeat_evidence`'s parts summed: the chroma's change at ``harmony``, the kick term at ``kick``.

    Its ``"total"`` weighs them at :data:`HARMONY_WEIGHT` and :data:`KICK_WEIGHT`;
    :func:`bars_on_chords` at its own weights, the chord model's starts beside them.
    """
    return harmony * parts["harmony"] + parts["bass"] + kick * parts["kick"] + parts["section"]


def _novelty(features: np.ndarray, half: int) -> np.ndarray:
    """Foote's novelty: a checkerboard of ``half`` beats each way along the cosine self-similarity, shape ``(k,)``."""
    x = features - features.mean(axis=1, keepdims=True)
    x = x / np.maximum(np.linalg.norm(x, axis=0, keepdims=True), 1e-9)
    k = x.shape[1]
    out = np.zeros(k)
    for i in range(half, k - half):
        past, future = x[:, i - half : i], x[:, i : i + half]
        out[i] = (np.sum(past.T @ past) + np.sum(future.T @ future) - 2 * np.sum(past.T @ future)) / (half * half)
    return out


def beat_patterns(feats: Features, beats: np.ndarray) -> np.ndarray:
    """What each beat sounds like as a rhythm: the onsets in five bands in each sixth of it, shape ``(n - 1, 30)``.

    Bands from the kick's to the cymbals' (:data:`PATTERN_BANDS`); each the
    strongest positive log-mel difference in its sixth of the beat, on a log
    scale. A bar's drum pattern, bass line and comping come back bar after bar,
    so these vectors repeat at the bar's length.
    """
    frames = np.round(np.asarray(beats) * feats.frame_rate).astype(np.int64)
    bands = np.array([feats.band_onset(lo, hi) for lo, hi in zip(PATTERN_BANDS[:-1], PATTERN_BANDS[1:])])
    fractions = np.arange(PATTERN_SLOTS + 1)[None, :] / PATTERN_SLOTS
    edges = frames[:-1, None] + np.round(np.diff(frames)[:, None] * fractions)
    edges = np.clip(edges.astype(np.int64), 0, bands.shape[1] - 1)
    out = np.empty((frames.size - 1, bands.shape[0] * PATTERN_SLOTS))
    for slot in range(PATTERN_SLOTS):
        lo, hi = edges[:, slot], np.maximum(edges[:, slot + 1], edges[:, slot] + 1)
        peak = np.maximum.reduceat(bands, np.ravel(np.column_stack([lo, hi])), axis=1)[:, ::2]
        out[:, slot * bands.shape[0] : (slot + 1) * bands.shape[0]] = peak.T
    typical = np.median(out[out > 0]) if np.any(out > 0) else 1.0
    return np.log1p(out / typical)


def variation(patterns: np.ndarray) -> float:
    """How much the beats' rhythm patterns differ: the size of their spread about the mean over their size.

    About 0.1 for a click track (every beat alike, what is left is the frames' rounding); 0.23-0.47
    for the tune part's band songs.
    """
    return float(np.linalg.norm(patterns - patterns.mean(axis=0)) / max(np.linalg.norm(patterns), 1e-9))


def repetition(patterns: np.ndarray, lag: int) -> float:
    """Mean cosine similarity of beat patterns ``lag`` beats apart (each pattern centred on the song's mean)."""
    if patterns.shape[0] <= lag + 1:
        return 0.0
    x = patterns - patterns.mean(axis=0)
    x = x / np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-9)
    return float(np.mean(np.sum(x[:-lag] * x[lag:], axis=1)))


def estimate_meter(feats: Features, beats: np.ndarray, *, division: int = 2) -> int:
    """Beats per bar: the bar length at which the beats' rhythm patterns come back most alike.

    Each bar is heard at lags no shorter pattern fills. In simple time, 3
    at lags 3 and 9 against 4 at lags 4 and 8: six beats are two bars of 3/4
    but also three turns of a pattern that comes back every two beats (a 4/4
    backbeat, kick and snare), which read a dense metal song in 4/4 as 3/4.
    In compound time 2 (6/8) unless 4 (12/8) comes back after four beats
    more than after two by :data:`LONGER_BAR`: a 6/8 pattern fills every
    even lag, eight beats as well as four, and the 12/8 bar whose second half
    differs from its first is the one only the four-beat lag proves. Where
    it does by less, but by :data:`UNSURE_BAR`, the harmony decides
    (:func:`bar_line_harmony` over :data:`HARMONY_BAR`).
    """
    patterns = beat_patterns(feats, beats)
    if patterns.shape[0] < 8 or variation(patterns) < SAME_BEATS:
        return 4 if division == 2 else 2  # nothing to count a bar by: common time (a count-in's four)
    if division == 3:
        longer = _longer_bar(patterns)
        if longer > LONGER_BAR:
            return 4
        # the rhythm unsure: a 12/8's chords change on its bar line, not halfway through it as a 6/8's can
        return 4 if longer > UNSURE_BAR and bar_line_harmony(feats, beats) > HARMONY_BAR else 2
    three = 0.5 * (repetition(patterns, 3) + repetition(patterns, 9))
    four = 0.5 * (repetition(patterns, 4) + repetition(patterns, 8))
    return 3 if three > four else 4


def waltz_bars_at_double(feats: Features, beats: np.ndarray) -> tuple[float, float]:
    """How much a grid's beats come back as a waltz's bars at twice its tempo: six over four, and three.

    A waltz at 72-104 BPM read at double has six beats a bar: the beats'
    rhythm patterns (:func:`beat_patterns`) come back after six and twelve
    beats more than after four and eight (``six over four``), and every other
    beat differs (its quarters against the eighths between them), so after
    three and nine beats they come back least (``three``, under 0). A 4/4's
    bar comes back after four and eight; a waltz at its own tempo after
    three (:data:`SIX_OVER_FOUR`, :data:`ODD_UNLIKE`).

    Returns
    -------
    (float, float)
        Mean repetition after 6 and 12 beats less that after 4 and 8, and the mean after 3 and 9;
        ``(0.0, 0.0)`` where the grid has fewer than 16 beats' patterns or they are all alike (:data:`SAME_BEATS`).
    """
    if np.asarray(beats).size <= 16:
        return 0.0, 0.0
    patterns = beat_patterns(feats, beats)
    if variation(patterns) < SAME_BEATS:
        return 0.0, 0.0
    at = {lag: repetition(patterns, lag) for lag in (3, 4, 6, 8, 9, 12)}
    return 0.5 * (at[6] + at[12]) - 0.5 * (at[4] + at[8]), 0.5 * (at[3] + at[9])


def _longer_bar(patterns: np.ndarray) -> float:
    """How much more the beats' rhythm patterns come back after four beats than after two (compound time)."""
    return repetition(patterns, 4) - repetition(patterns, 2)


def unsure_compound(feats: Features, beats: np.ndarray) -> bool:
    """Whether the rhythm leaves a compound song's bar unsure: 12/8 or 6/8 decided by the harmony.

    True where :func:`estimate_meter` (``division=3``) found the pattern coming
    back after four beats more than after two by more than :data:`UNSURE_BAR`
    but not by :data:`LONGER_BAR`: the window where it asks
    :func:`bar_line_harmony`, and where :func:`compound_bar_on_chords` asks
    the chords instead once they are known.
    """
    patterns = beat_patterns(feats, beats)
    if patterns.shape[0] < 8 or variation(patterns) < SAME_BEATS:
        return False
    return UNSURE_BAR < _longer_bar(patterns) <= LONGER_BAR


def halfway_changes(beats: np.ndarray, chords: list, *, span: int = 4) -> float:
    """How often the chord changes halfway through a four-beat span against on its first beat: the 6/8 bar line.

    The spans start on the phase of four on which most chords start
    (:func:`chord_evidence`); the chords starting two beats after that phase
    over those starting on it (with ``span`` 2, the second beat of a 6/8
    bar against its first: :func:`waltz_at_its_bar`). A 12/8 song's chords change on its bar line
    (a chord a bar) and seldom on its third beat; a 6/8 song's, a chord a
    bar of two beats, on both, whatever the chords (the chroma changes more
    between some chords than between others, :func:`bar_line_harmony`; a
    change of chord is a change). Over the changes, not the spans: a song
    whose chords last two bars changes on few spans in either metre.

    Parameters
    ----------
    beats : np.ndarray [shape=(n,)]
        The counted beats (dotted quarters), seconds.
    chords : list of (start, end, label)
        As :func:`chord_evidence`.
    span : int
        Beats a span (even).

    Returns
    -------
    float
        0 (never halfway) to 1 (as often halfway as on the span's first beat); NaN where no chord changes.

    Examples
    --------
    >>> beats = np.arange(16) * 0.8
    >>> six_eight = [(b, b + 1.6, "C:maj" if k % 2 else "G:maj") for k, b in enumerate(beats[::2])]
    >>> float(halfway_changes(beats, six_eight))
    0.75
    >>> twelve_eight = [(b, b + 3.2, "C:maj" if k % 2 else "G:maj") for k, b in enumerate(beats[::4])]
    >>> float(halfway_changes(beats, twelve_eight))
    0.0
    """
    starts = chord_evidence(np.asarray(beats, dtype=np.float64), chords)["chord"]
    counts = [float(starts[q::span].sum()) for q in range(span)]
    first = int(np.argmax(counts))
    return counts[(first + span // 2) % span] / counts[first] if counts[first] > 0 else math.nan


def compound_bar_on_chords(grid, evidence: dict, chords: list, *, sure: bool = False):
    """A compound grid in 12/8 or 6/8 as the chords say (:func:`halfway_changes` over :data:`HALFWAY_CHANGES`).

    For a grid whose rhythm left the bar unsure (:func:`unsure_compound`):
    12/8 where few four-beat spans change chord halfway through, else 6/8,
    its bars placed on that metre's :func:`downbeat_evidence`. For a 12/8
    the rhythm was ``sure`` of: 6/8 only where the chords change halfway
    through at least :data:`HALFWAY_OVERRULES` as often as on the bar line.

    Parameters
    ----------
    grid : Grid
        A compound grid (6/8 or 12/8).
    evidence : dict of int to np.ndarray [shape=(n_beats,)]
        :func:`downbeat_evidence`'s ``"total"`` on the grid's beats for 2 and for 4 beats a bar.
    chords : list of (start, end, label)
        As :func:`chord_evidence`.
    sure : bool
        The rhythm read 12/8 past doubt (:data:`LONGER_BAR`).

    Returns
    -------
    Grid
        The same beats and tempo, in 12/8 or 6/8 (``grid`` itself where that is its metre already).
    """
    from jamwithme.analysis.grid import Grid, time_signature

    halfway = halfway_changes(grid.beats, chords)
    if not math.isfinite(halfway):  # no chord changes: nothing to add to the rhythm's reading
        return grid
    if sure:
        beats_per_bar = 2 if halfway >= HALFWAY_OVERRULES else grid.beats_per_bar
    else:
        beats_per_bar = 4 if halfway <= HALFWAY_CHANGES else 2
    if beats_per_bar == grid.beats_per_bar:
        return grid
    positions = bar_positions(evidence[beats_per_bar], beats_per_bar=beats_per_bar)
    return Grid(grid.beats, positions, time_signature(beats_per_bar, 3), grid.tempo, grid.steady)


def waltz_at_its_bar(grid, chords: list):
    """A 6/8 grid as a waltz read at its bar: 3/4 at three times the tempo where the chords say so.

    A fast waltz (150-200 BPM) can sound like a slow 6/8 whose beats are its
    bars: one strong beat, two weak ones, three to a beat. The chords tell
    them apart: a 6/8 changes chord on its bar line (every two beats), a waltz
    on each of its bars, so on each beat of the 6/8 reading
    (:data:`WALTZ_BARS`). Each beat then becomes a bar, its thirds the
    waltz's beats (the tracked beats are kept, the last one the last
    bar's downbeat).

    Parameters
    ----------
    grid : Grid
        A compound grid.
    chords : list of (start, end, label)
        As :func:`chord_evidence`.

    Returns
    -------
    Grid
        ``grid`` itself unless it is 6/8 and its chords change on its second beat at least :data:`WALTZ_BARS` as
        often as on its first; then the waltz in 3/4.

    Examples
    --------
    >>> from jamwithme.analysis.grid import Grid
    >>> beats = np.arange(16) * 1.2
    >>> six_eight = Grid(beats, np.arange(16) % 2, "6/8", 50.0, True)
    >>> waltz = [(b, b + 1.2, "C:maj" if k % 2 else "G:maj") for k, b in enumerate(beats)]
    >>> found = waltz_at_its_bar(six_eight, waltz)
    >>> found.time_signature, found.tempo, found.beats[:4].round(3).tolist(), found.downbeats[:2].tolist()
    ('3/4', 150.0, [0.0, 0.4, 0.8, 1.2], [0.0, 1.2])
    >>> slow = [(b, b + 2.4, "C:maj" if k % 2 else "G:maj") for k, b in enumerate(beats[::2])]
    >>> waltz_at_its_bar(six_eight, slow) is six_eight
    True
    """
    from jamwithme.analysis.grid import Grid

    beats = np.asarray(grid.beats, dtype=np.float64)
    if grid.time_signature != "6/8" or beats.size < 4:
        return grid
    if not halfway_changes(beats, chords, span=2) >= WALTZ_BARS:  # NaN (no chord changes) is no waltz either
        return grid
    thirds = np.append((beats[:-1, None] + np.diff(beats)[:, None] * np.arange(3) / 3.0).ravel(), beats[-1])
    return Grid(thirds, np.arange(thirds.size) % 3, "3/4", 3.0 * grid.tempo, grid.steady)


def bar_line_harmony(feats: Features, beats: np.ndarray) -> float:
    """How much more the harmony changes on a bar line of four beats than halfway through the bar.

    The chroma of each beat (its median) against the beat before (cosine
    distance), in standard units; in windows of 16 beats, the mean on the
    best of the four phases less the mean two beats after it, averaged over
    the windows. A 12/8 bar's chord changes on its first beat and not on its
    third; a 6/8 song's, a bar of two beats, on both (unless its chords last
    two bars, which read as 12/8's).
    """
    import librosa

    frames = np.minimum(np.round(np.asarray(beats) * feats.frame_rate).astype(np.int64), feats.onset.size - 1)
    if frames.size < 18:
        return 0.0
    chroma = feats.chroma(CHROMA_BINS)
    synced = librosa.util.sync(chroma, np.append(frames, chroma.shape[1]), aggregate=np.median, pad=False)
    unit = synced / np.maximum(np.linalg.norm(synced, axis=0, keepdims=True), 1e-9)
    change = _zscore(1.0 - np.sum(unit[:, 1:] * unit[:, :-1], axis=0))
    margins = []
    for i in range(0, change.size - 8, 16):
        means = [change[i : i + 16][q::4].mean() for q in range(4)]
        best = int(np.argmax(means))
        margins.append(means[best] - means[(best + 2) % 4])
    return float(np.mean(margins))


def bar_positions(evidence: np.ndarray, *, beats_per_bar: int = 4, slip: float = PHASE_SLIP) -> np.ndarray:
    """Position of each beat in its bar, from per-beat downbeat evidence (Viterbi).

    Positions advance by one per beat, wrapping at ``beats_per_bar``; with
    probability ``slip`` per beat a bar may end early instead (the next beat
    a downbeat: a 2/4 bar in a 4/4 song). A bar never runs longer than the
    metre (a change of phase is always a short bar, as music most often makes
    it). Downbeats are put where the evidence is high.

    Parameters
    ----------
    evidence : np.ndarray [shape=(n_beats,)]
        How much each beat sounds like a downbeat, in standard units.
    beats_per_bar : int
    slip : float
        Probability per beat of a phase jump, ``0 < slip < 1``.

    Returns
    -------
    np.ndarray [shape=(n_beats,), dtype=int64]
        0 for downbeats, then 1, 2, ...

    Examples
    --------
    >>> bar_positions(np.array([0, 0, 3, 0, 0, 0, 3, 0, 0, 0.0]))
    array([2, 3, 0, 1, 2, 3, 0, 1, 2, 3])
    """
    evidence = np.asarray(evidence, dtype=np.float64)
    m, n = int(beats_per_bar), evidence.size
    if n == 0:
        return np.zeros(0, np.int64)
    import librosa

    if m == 1:
        return np.zeros(n, np.int64)
    # From beat k of the bar to beat k + 1 (1 - slip), or to a downbeat early (slip); from the bar's last beat
    # to a downbeat, always. The model's bar-end row has only 1 - slip: that factor is moved into the
    # emission of the bar's last beat (every visit to it but the song's last beat is followed by that step),
    # so the rows sum to 1 as librosa asks and every path scores as before.
    transition = np.zeros((m, m))
    transition[np.arange(m - 1), np.arange(1, m)] = 1.0 - slip
    transition[np.arange(m - 1), 0] = slip
    transition[m - 1, 0] = 1.0
    emission = np.zeros((n, m))
    emission[:, 0] = evidence
    emission[:-1, m - 1] += math.log1p(-slip)
    likelihood = np.exp(emission - emission.max(axis=1, keepdims=True)).T  # (states, beats)
    return librosa.sequence.viterbi(likelihood, transition).astype(np.int64)


def _first_short_bar(positions: np.ndarray, beats_per_bar: int) -> int | None:
    """The first beat of :func:`bar_positions`' positions that starts a bar before the one before it was full."""
    early = np.flatnonzero((positions[1:] == 0) & (positions[:-1] != beats_per_bar - 1))
    return int(early[0]) + 1 if early.size else None


def _zscore(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x, dtype=np.float64)
    if x.size == 0:
        return x
    return (x - x.mean()) / max(float(x.std()), 1e-9)


def chord_evidence(
    beats: np.ndarray, chords: list, *, bass: np.ndarray | None = None, bass_hop: float = 0.0
) -> dict[str, np.ndarray]:
    """Per-beat evidence of a downbeat from the chords found on the beats: where a chord starts, where the bass moves.

    A chord (the chord model's, :func:`~jamwithme.analysis.chords.listen`)
    is held from one beat to the next, and a new one starts most often on
    a bar line, far more clearly than the chroma says between neighbouring
    seventh chords; the bass model's note changes there too, while a
    repeated bass note (which misleads the low band's onsets) is no change.

    Parameters
    ----------
    beats : np.ndarray [shape=(n,)]
        Beat times, seconds.
    chords : list of (start, end, label)
        Harte labels covering the song, their starts on beats.
    bass : np.ndarray [shape=(13, frames)], optional
        The chord model's probability of each bass pitch class, then of no bass.
    bass_hop : float
        Seconds between ``bass`` frames.

    Returns
    -------
    dict of np.ndarray [shape=(n,)]
        ``"chord"``: 1 where a chord starts within half a beat, else 0; ``"bass"``:
        how far the bass's pitch-class distribution moved from the beat before,
        0 (the same note) to 1 (another note), 0 where no bass sounds.

    Examples
    --------
    >>> chord_evidence(np.arange(6) * 0.5, [(0.0, 1.0, "C:maj"), (1.0, 3.0, "G:7")])["chord"]
    array([0., 0., 1., 0., 0., 0.])
    """
    beats = np.asarray(beats, dtype=np.float64)
    n = beats.size
    out = {"chord": np.zeros(n), "bass": np.zeros(n)}
    if n < 2:
        return out
    half = 0.5 * float(np.median(np.diff(beats)))
    for (_, _, before), (start, _, label) in zip(chords[:-1], chords[1:]):
        i = int(np.argmin(np.abs(beats - start)))
        if label != before and abs(beats[i] - start) <= half:
            out["chord"][i] = 1.0
    if bass is not None and bass.size and bass_hop > 0:
        edges = np.clip(np.round(np.append(beats, beats[-1] + 2 * half) / bass_hop).astype(np.int64), 0, bass.shape[1])
        last = bass.shape[1] - 1
        spans = zip(edges[:-1], edges[1:])
        per_beat = np.stack([bass[:, a:b].mean(axis=1) if b > a else bass[:, min(a, last)] for a, b in spans])
        pitched = per_beat[:, :12] / np.maximum(per_beat[:, :12].sum(axis=1, keepdims=True), 1e-9)
        moved = 0.5 * np.abs(np.diff(pitched, axis=0)).sum(axis=1)
        sounding = 1.0 - per_beat[1:, 12]
        out["bass"][1:] = moved * sounding
    return out


def bars_on_chords(
    grid, evidence: dict[str, np.ndarray], chords: list, *, bass: np.ndarray | None = None, bass_hop: float = 0.0
):
    """The grid with its bars placed again, on :func:`downbeat_evidence`'s parts and where the chords and bass change.

    The parts are weighed again (:func:`weighed`) beside the chord model's
    starts, which say where the harmony changes: the chroma's change at
    :data:`CHORDS_HARMONY_WEIGHT`, and in 4/4 the kick term at
    :data:`CHORDS_KICK_WEIGHT` (in other metres at :data:`KICK_WEIGHT`).
    Where the first bar comes out short a bar or less after rests
    (``evidence["attack"]`` under :data:`SILENT_BEAT`), the rests count for
    nothing either way, nor do the beats just after them (the sound coming
    back, wherever the bar is), and the bars are placed again.

    Parameters
    ----------
    grid : Grid
        :func:`~jamwithme.analysis.rhythm.track`'s grid; its beats, metre and tempo are kept.
    evidence : dict of np.ndarray [shape=(n_beats,)]
        :func:`downbeat_evidence` on the grid's beats: its ``"harmony"``, ``"bass"``, ``"kick"`` and ``"section"``,
        and its ``"attack"`` if given.
    chords, bass, bass_hop
        As :func:`chord_evidence`.

    Returns
    -------
    Grid
        The same beats, each with its new position in the bar.

    Raises
    ------
    ParameterError
        A part of ``evidence`` not one value per beat.
    """
    from jamwithme.analysis.grid import Grid
    from jamwithme.errors import ParameterError

    parts = {name: np.asarray(evidence[name], dtype=np.float64) for name in ("harmony", "bass", "kick", "section")}
    for name, part in parts.items():
        if part.shape != grid.beats.shape:
            raise ParameterError(f"evidence {name!r} of shape {part.shape} for {grid.beats.size} beats")
    if grid.beats.size < 2:
        return grid
    found = chord_evidence(grid.beats, chords, bass=bass, bass_hop=bass_hop)
    kick = CHORDS_KICK_WEIGHT if grid.time_signature == "4/4" else KICK_WEIGHT
    total = weighed(parts, harmony=CHORDS_HARMONY_WEIGHT, kick=kick)
    total = total + CHORD_WEIGHT * _zscore(found["chord"]) + BASS_MOVE_WEIGHT * _zscore(found["bass"])
    positions = bar_positions(total, beats_per_bar=grid.beats_per_bar)
    cut = _first_short_bar(positions, grid.beats_per_bar)
    if cut is not None and "attack" in evidence:  # cut short where rests end: they say nothing, the bars run on
        rests = np.flatnonzero(np.asarray(evidence["attack"], dtype=np.float64)[:cut] < SILENT_BEAT)
        if rests.size and cut - rests[-1] <= grid.beats_per_bar:
            back = rests + 1  # where the sound comes back: a chord's start after silence, not a bar line's
            total[rests] = 0.0
            total[back[back < cut]] = 0.0
            positions = bar_positions(total, beats_per_bar=grid.beats_per_bar)
    return Grid(grid.beats, positions, grid.time_signature, grid.tempo, grid.steady)
