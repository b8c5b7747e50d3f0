"""Sections: on bar lines, a handful per song, named; on a made-up form with a known answer and on rendered songs."""

from __future__ import annotations

import numpy as np
import pytest
import songs
from conftest import FISHIN, shared_file

from jamwithme.analysis import SongAnalysis, analyze, chordpro
from jamwithme.analysis.grid import Grid
from jamwithme.analysis.section_bounds import join_alternations
from jamwithme.analysis.section_names import name_sections
from jamwithme.analysis.section_types import kmeans, silhouette
from jamwithme.analysis.sections import bar_edges, find
from jamwithme.audio import load
from jamwithme.errors import ParameterError

#: A pop form: (name, bars, chords from, texture, level dB).
FORM = [("Intro", 4, "chorus", "thin", -6), ("Verse", 8, "verse", "verse", 0), ("Chorus", 8, "chorus", "full", 6),
        ("Verse", 8, "verse", "verse", 0), ("Chorus", 8, "chorus", "full", 6), ("Bridge", 4, "bridge", "bridge", 2),
        ("Chorus", 8, "chorus", "full", 6), ("Outro", 4, "chorus", "thin", -4)]  # fmt: skip
BAR, CQT_HOP, MEL_RATE = 2.0, 0.1, 86.0


def made_up_song(seed: int = 0, form=FORM, bar: float = BAR) -> dict:
    """Features of a song whose form is ``form``: each part loops four chords of its own and has its own timbre.

    A chord is a few pitch classes over six octaves (a constant-Q spectrum in dB); a texture is a smooth mel
    envelope; every frame gets noise. The chorus's chords open the song and close it, under other textures.
    """
    rng = np.random.default_rng(seed)

    def chord() -> np.ndarray:
        spectrum = np.full(72, -70.0)
        for pc in rng.choice(12, 3, replace=False):
            spectrum[pc::12] = -20.0 + 10 * rng.random(6)
        return spectrum

    harmony = {name: [chord() for _ in range(4)] for name in ("verse", "chorus", "bridge")}
    walks = {name: np.cumsum(rng.normal(0, 3, 128)) for name in ("thin", "verse", "full", "bridge")}
    textures = {name: walk - walk.mean() - 40 for name, walk in walks.items()}  # one level: the form's sets it
    cqt, mel, downbeats, t = [], [], [], 0.0
    for _, bars, chords, texture, level in form:
        for b in range(bars):
            downbeats.append(t)
            cqt.append(harmony[chords][b % 4][:, None] + rng.normal(0, 3, (72, round(bar / CQT_HOP))))
            mel.append(textures[texture][:, None] + level + rng.normal(0, 3, (128, round(bar * MEL_RATE))))
            t += bar
    return {"cqt": np.hstack(cqt), "cqt_hop": CQT_HOP, "log_mel": np.hstack(mel), "frame_rate": MEL_RATE,
            "downbeats": np.array(downbeats), "duration": t}  # fmt: skip


def true_starts(form=FORM) -> list[float]:
    return list(np.cumsum([0] + [bars for _, bars, *_ in form])[:-1] * BAR)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_a_made_up_pop_form_is_found_bar_for_bar(seed):
    """Every boundary on a true one, each change of chords found; an outro on the chorus's chords may stay with it."""
    song = made_up_song(seed)
    found = find(**song)
    starts = [a for a, _, _ in found.sections]
    assert set(starts) <= set(true_starts())
    assert set(true_starts()[:-1]) <= set(starts)  # intro, verses, choruses and the bridge, bar for bar
    letter = {a: label for a, _, label in found.sections}
    verse, chorus, bridge = (8.0, 40.0), (24.0, 56.0, 80.0), 72.0
    assert len({letter[a] for a in verse}) == 1 and len({letter[a] for a in chorus}) == 1  # repeats share a letter
    assert len({letter[verse[0]], letter[chorus[0]], letter[bridge]}) == 3
    assert found.sections[-1][1] == pytest.approx(song["duration"])


def test_a_made_up_pop_form_is_named():
    found = find(**made_up_song(0))
    assert found.names == ["Intro", "Verse 1", "Chorus 1", "Verse 2", "Chorus 2", "Bridge", "Chorus 3", "Outro"]


def test_a_solo_over_the_verse_chords_is_a_solo():
    form = [("Verse", 8, "verse", "verse", 0), ("Chorus", 8, "chorus", "full", 6), ("Verse", 8, "verse", "verse", 0),
            ("Chorus", 8, "chorus", "full", 6), ("Solo", 8, "verse", "bridge", 4), ("Bridge", 4, "bridge", "thin", 0),
            ("Chorus", 8, "chorus", "full", 6), ("Verse", 8, "verse", "verse", 0)]  # fmt: skip
    found = find(**made_up_song(3, form))
    starts = [a for a, _, _ in found.sections]
    assert set(starts) <= set(true_starts(form)) and len(starts) >= len(form) - 1
    assert [name.split()[0] for name in found.names[:5]] == ["Verse", "Chorus", "Verse", "Chorus", "Solo"]


#: A verse whose 4-bar lines alternate two tunes and two sounds (a call and its answer), three times.
CALL_AND_ANSWER = [("Verse", 4, "verse", "verse", 0), ("Verse", 4, "bridge", "bridge", 0)] * 3
ALTERNATING = [("Intro", 4, "chorus", "thin", -6), *CALL_AND_ANSWER, ("Chorus", 8, "chorus", "full", 6),
               *CALL_AND_ANSWER, ("Chorus", 8, "chorus", "full", 6), ("Outro", 4, "chorus", "thin", -4)]  # fmt: skip


@pytest.mark.parametrize("seed", [0, 1])
def test_a_verse_whose_lines_alternate_is_one_section(seed):
    """Lets_Go_Fishin's failure: lines taking turns every four bars were a section each (13 in a 2-minute song)."""
    found = find(**made_up_song(seed, ALTERNATING))
    bar = [0, 4, 28, 36, 60]  # intro, verse, chorus, verse, chorus (the outro may stay with the chorus)
    starts = [a for a, _, _ in found.sections]
    assert set(np.array(bar) * BAR) <= set(starts) <= set(np.array([*bar, 68]) * BAR), found.sections
    letter = {a: label for a, _, label in found.sections}
    assert letter[4 * BAR] == letter[36 * BAR] != letter[28 * BAR] == letter[60 * BAR]


#: Verses and choruses of four bars taking turns three times, then a bridge, a long chorus and an outro.
TURNS = [("Verse", 4, "verse", "verse", 0), ("Chorus", 4, "chorus", "full", 6)] * 3
VERSE_CHORUS_TURNS = [*TURNS, ("Bridge", 4, "bridge", "bridge", 2), ("Chorus", 8, "chorus", "full", 6),
                      ("Outro", 4, "chorus", "thin", -4)]  # fmt: skip


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_a_slow_songs_verses_and_choruses_taking_turns_stay_sections(seed):
    """Bars of 3.5 s (4/4 at 68): 4-bar verses and choruses take turns every 14 s; they are parts, not one part's
    lines, and each is a section (they were joined into one, as a 12/8 at 68 of the blind test was)."""
    bar = 3.5
    found = find(**made_up_song(seed, VERSE_CHORUS_TURNS, bar))
    starts = [a for a, _, _ in found.sections]
    turns = [4 * k * bar for k in range(6)]
    assert set(turns) <= set(starts), found.sections
    letter = {a: label for a, _, label in found.sections}
    # the third chorus may run on into the bridge and take its letter
    verses, choruses = {letter[a] for a in turns[0::2]}, {letter[a] for a in turns[1:4:2]}
    assert len(verses) == len(choruses) == 1 and verses != choruses, found.sections


#: Choruses that come in softly: their first bar has the chorus's chords under the intro's thin sound.
SOFT_CHORUS = [("Chorus", 1, "chorus", "thin", 0), ("Chorus", 7, "chorus", "full", 6)]
SOFT_ENTRIES = [("Intro", 4, "chorus", "thin", -6), ("Verse", 8, "verse", "verse", 0), *SOFT_CHORUS,
                ("Verse", 8, "verse", "verse", 0), *SOFT_CHORUS, ("Bridge", 4, "bridge", "bridge", 2), *SOFT_CHORUS,
                ("Outro", 4, "chorus", "thin", -4)]  # fmt: skip


@pytest.mark.parametrize("seed", range(6))
def test_a_slow_songs_choruses_start_on_their_phrase_line_when_they_come_in_softly(seed):
    """Bars of 3.5 s: the bars change about as much a bar after a soft chorus starts as where it starts, and the
    boundary went a bar late (3.5 s, outside mir_eval's 3 s) on seeds 1, 3 and 4; the phrase lines settle it."""
    bar = 3.5
    found = find(**made_up_song(seed, SOFT_ENTRIES, bar))
    starts = [round(a / bar) for a, _, _ in found.sections]
    assert {0, 4, 12, 20, 28, 36, 40} <= set(starts) <= {0, 4, 12, 20, 28, 36, 40, 48}, found.sections


def test_verses_taking_turns_with_4_bar_choruses_stay_sections():
    """The blind test's miss: pop_112_E with 4-bar choruses, its types found a bar or two off, became one section.

    These are the spans and types the section step found on that song (in4 ve8 ch4 ve8 ch4 br8 ch4 ou4; the
    bridge took the verse's type): turns averaging 6 bars are parts, not the lines of one.
    """
    spans = [(0, 2), (2, 11), (11, 17), (17, 23), (23, 28), (28, 35), (35, 41), (41, 45)]
    kinds = [0, 2, 3, 2, 3, 2, 3, 0]
    assert join_alternations(spans, kinds, bar_times=np.arange(46) * 2.14) == (spans, kinds)  # 4/4 at 112
    # Lets_Go_Fishin's spans and types (98 bars): its verse lines take turns twice, each run inside the song
    lines = [(0, 8), (8, 12), (12, 16), (16, 20), (20, 24), (24, 39), (39, 47), (47, 55), (55, 59), (59, 63), (63, 72),
             (72, 93), (93, 98)]  # fmt: skip
    fishin = np.arange(99) * 1.36  # read at 177 BPM: its lines take turns every 5.4 s
    joined = ([(0, 39), (39, 47), (47, 72), (72, 93), (93, 98)], [("pair", 0, 1), 2, ("pair", 0, 1), 2, 1])
    assert join_alternations(lines, [0, 1, 0, 1, 0, 1, 2, 0, 1, 0, 1, 2, 1], bar_times=fishin) == joined


def test_slow_verses_and_choruses_taking_turns_every_four_bars_stay_sections():
    """The blind test's miss: a 12/8 at 68 (3.5 s bars) whose 4-bar verses and choruses take turns, 14 s each,
    became one section of 90 % of the song; these are the spans and types the section step found on it."""
    spans = [(0, 3), (3, 7), (7, 11), (11, 15), (15, 19), (19, 35), (35, 39)]
    kinds = [0, 1, 0, 1, 0, 1, 2]
    slow = np.arange(40) * 3.54
    assert join_alternations(spans, kinds, bar_times=slow) == (spans, kinds)
    # the same turns quick (7 s) are parts too: they run through 90 % of the song; inside a longer song, lines
    assert join_alternations(spans, kinds, bar_times=slow / 2) == (spans, kinds)
    longer = join_alternations([*spans, (39, 80)], [*kinds, 3], bar_times=np.arange(81) * 1.77)
    assert longer[0] == [(0, 35), (35, 39), (39, 80)]


def test_sections_sit_on_the_bars_they_are_given_and_cover_the_song():
    """Bars of uneven length (a 2/4 bar, a slowing end): every boundary is one of the downbeats."""
    song = made_up_song(4)
    uneven = song["downbeats"] * (1 + 0.002 * np.arange(song["downbeats"].size))
    found = find(**{**song, "downbeats": uneven, "duration": song["duration"] * 1.2})
    starts = [a for a, _, _ in found.sections]
    assert starts[0] == 0.0 and set(starts[1:]) <= set(np.round(uneven, 3))
    assert all(a < b for a, b, _ in found.sections)
    assert all(b == c for (_, b, _), (c, _, _) in zip(found.sections, found.sections[1:]))


def test_a_short_or_bare_song_is_one_section():
    song = made_up_song(0, FORM[:1])  # four bars
    found = find(**song)
    assert found.sections == [(0.0, 8.0, "A")] and found.names == ["Part A"]
    assert find(**{**song, "downbeats": np.zeros(0)}).sections == [(0.0, 8.0, "A")]


@pytest.mark.parametrize(
    "change, bad",
    [({"duration": 0.0}, "duration=0.0"), ({"duration": float("nan")}, "duration=nan"),
     ({"cqt": np.zeros(72)}, "cqt")],
)  # fmt: skip
def test_bad_input_is_refused_by_name(change, bad):
    with pytest.raises(ParameterError, match=bad):
        find(**{**made_up_song(0), **change})


def test_bar_edges_count_a_long_lead_in_in_bars():
    np.testing.assert_allclose(bar_edges(np.array([5.0, 7.0, 9.0]), 10.0), [0, 1, 3, 5, 7, 9, 10])
    np.testing.assert_allclose(bar_edges(np.array([0.4, 2.4, 4.4]), 5.0), [0, 2.4, 4.4, 5.0])  # a pickup joins
    np.testing.assert_allclose(bar_edges(np.array([]), 5.0), [0, 5.0])


def test_kmeans_and_silhouette_know_two_clear_clusters():
    rng = np.random.default_rng(0)
    x = np.vstack([rng.normal(0, 0.1, (20, 2)), rng.normal(3, 0.1, (30, 2))])
    labels = kmeans(x, 2)
    assert labels.tolist() == [0] * 20 + [1] * 30
    assert silhouette(x, labels) > 0.9
    assert silhouette(x, np.arange(50) % 2) < 0.1  # a bad clustering scores low
    assert kmeans(x, 3, seed=5).tolist() == kmeans(x, 3, seed=5).tolist()


@pytest.mark.parametrize(
    "letters, loud, names",
    [("ABCBCDCE", [0, 1, 5, 1, 5, 2, 5, 0], ["Intro", "Verse 1", "Chorus 1", "Verse 2", "Chorus 2", "Bridge",
                                             "Chorus 3", "Outro"]),
     ("ABABCA", [0, 5, 0, 5, 2, 0], ["Verse 1", "Chorus 1", "Verse 2", "Chorus 2", "Bridge", "Verse 3"]),
     ("AABACA", [0, 0, 3, 0, 5, 0], ["Verse 1", "Verse 2", "Bridge 1", "Verse 3", "Bridge 2", "Verse 4"]),  # AABA
     # nothing repeats: only the ends are named, the parts between by their letters as words (not "Intro", "B")
     ("ABCDA", [0, 1, 2, 3, 0], ["Intro", "Part B", "Part C", "Part D", "Outro"]),
     # a third repeated part: the same word and letter each time it comes
     ("ABCABC", [0, 5, 2, 0, 5, 2], ["Verse 1", "Chorus 1", "Part C", "Verse 2", "Chorus 2", "Part C"]),
     ("A", [0], ["Part A"])],
)  # fmt: skip
def test_names_from_repetition_position_and_loudness(letters, loud, names):
    spans = [(8 * i, 8 * i + 8) for i in range(len(letters))]
    loudness = np.repeat(np.asarray(loud, float), 8)
    chroma = np.repeat(np.eye(12)[[ord(x) - ord("A") for x in letters]].T, 8, axis=1)  # each letter its own chords
    assert name_sections(spans, list(letters), loudness=loudness, chroma=chroma) == names


def test_names_go_to_json_and_back_and_into_the_chart():
    grid = Grid.from_json({"beats": list(np.arange(32) * 0.5), "downbeats": list(np.arange(8) * 2.0),
                           "time_signature": "4/4", "tempo": 120.0})  # fmt: skip
    a = SongAnalysis(grid=grid, key="C major", key_confidence=0.9, chords=[(0.0, 16.0, "C:maj")],
                     sections=[(0.0, 8.0, "A"), (8.0, 16.0, "B")], highlight=(0.0, 16.0),
                     section_names=["Verse", "Chorus"])  # fmt: skip
    data = a.to_json()
    assert data["sections"][1] == {"start": 8.0, "end": 16.0, "label": "B", "name": "Chorus"}
    assert SongAnalysis.from_json(data).section_names == ["Verse", "Chorus"]
    old = {**data, "sections": [{k: v for k, v in s.items() if k != "name"} for s in data["sections"]]}
    assert SongAnalysis.from_json(old).names() == ["Part A", "Part B"]  # an analysis stored before names
    # stored at version 4, a part no name fit was named by its bare letter: it reads as a part now
    v4 = {**data, "sections": [{**s, "name": s["label"] if i else "Intro"} for i, s in enumerate(data["sections"])]}
    assert SongAnalysis.from_json(v4).names() == ["Intro", "Part B"]
    assert "{comment: Chorus}" in chordpro(a) and "{comment: B}" not in chordpro(a)
    with pytest.raises(ParameterError, match="1 section names for 2 sections"):
        SongAnalysis(grid=grid, key="C major", key_confidence=0.9, sections=a.sections, section_names=["Verse"])


# --------------------------------------------------------------------------- rendered songs (the tune part)


def band(names: list[str]) -> list:
    try:
        return songs.band_songs(names)
    except songs.Unavailable as exc:
        pytest.skip(str(exc))


@pytest.mark.slow
@pytest.mark.parametrize("name", ["ballad_64_Eb", "waltz_150_C"])
def test_a_ballad_and_a_waltz_get_their_sections(name):
    """The issue's failures: a ballad (64 BPM, 4 s bars) and a waltz, each boundary on its bar (F@3 s was 0.00)."""
    (song,) = band([name])
    a = analyze(load(song.path))
    row = songs.evaluate(song, a)
    assert row["boundary_f"] >= 0.7, (name, a.sections)
    assert abs(row["n_sections"] - row["true_sections"]) <= 2
    starts = [s for s, _, _ in a.sections[1:]]
    assert all(s in set(np.round(a.downbeats, 3)) or s < a.downbeats[0] for s in starts)  # on a bar line
    assert row["names"] >= 0.5


def assert_sections_found(tune: str, name: str, form_of) -> None:
    """The tune part's song ``tune`` with the form ``form_of(spec)``, rendered as ``name``: boundary F@3 s at least
    0.7 and the number of sections within one of the truth's (skipped where the renderer is missing)."""
    from dataclasses import replace

    try:
        (spec,) = [s for s in songs.band_specs("tune") if s.name == tune]
        song = songs.render_band_song(replace(spec, name=name, split="vary", form=form_of(spec)))
    except songs.Unavailable as exc:
        pytest.skip(str(exc))
    a = analyze(load(song.path))
    row = songs.evaluate(song, a)
    assert row["boundary_f"] >= 0.7 and abs(row["n_sections"] - row["true_sections"]) <= 1, a.sections


@pytest.mark.slow
def test_4_bar_choruses_between_verses_keep_their_boundaries():
    """pop_112_E with its choruses cut to 4 bars (issue 20, blind test): 3 sections for 8, boundary F@3 s 0.00."""
    from dataclasses import replace

    assert_sections_found(
        "pop_112_E",
        "pop_112_E_ch4",
        lambda spec: tuple(replace(p, bars=4) if p.kind == "chorus" else p for p in spec.form),
    )


def m5_part(spec, kind: str, bars: int, chords: str | None = None):
    """A part of ``spec``'s song on the M5 progression's chords for ``chords`` (default: its ``kind``)."""
    from song_midi import Part

    return Part(kind, bars, songs._chords(songs.HARMONY["M5"][chords or kind], spec.tonic, spec.mode))


@pytest.mark.slow
def test_a_slow_12_8s_4_bar_verses_and_choruses_taking_turns_keep_their_boundaries():
    """blues128_60_F (12/8 at 60, 4 s bars) with 4-bar verses and choruses taking turns three times (in2 ve4 ch4 ve4
    ch4 ve4 br4 ch8 ou2): the turns, 16 s each, were joined as one part's lines (4 sections for 9, F@3 s 0.55)."""

    def turns(spec) -> tuple:
        verse, chorus = m5_part(spec, "verse", 4), m5_part(spec, "chorus", 4)
        return (m5_part(spec, "intro", 2, "chorus"), verse, chorus, verse, chorus, verse, m5_part(spec, "bridge", 4),
                m5_part(spec, "chorus", 8), m5_part(spec, "outro", 2, "chorus"))  # fmt: skip

    assert_sections_found("blues128_60_F", "blues128_60_F_turns", turns)


@pytest.mark.slow
def test_a_quick_songs_4_bar_verses_and_choruses_taking_turns_to_its_end_keep_their_boundaries():
    """country_160_A (1.5 s bars) with 4-bar verses and choruses taking turns through most of it (in2 ve4 ch4 ve4
    ch4 ve4 ch4 br4 ch4 ou2): the turns, 6 s each, were joined as one part's lines, a run over 52 % of the song
    (own renders like it at 81-162 BPM were read as 2-3 sections of 7-10): every turn starts a section."""
    from dataclasses import replace

    def turns(spec) -> tuple:
        verse, chorus = m5_part(spec, "verse", 4), m5_part(spec, "chorus", 4)
        return (m5_part(spec, "intro", 2, "chorus"), *[verse, chorus] * 3, m5_part(spec, "bridge", 4), chorus,
                m5_part(spec, "outro", 2, "chorus"))  # fmt: skip

    try:
        (spec,) = [s for s in songs.band_specs("tune") if s.name == "country_160_A"]
        song = songs.render_band_song(replace(spec, name="country_160_A_turns", split="vary", form=turns(spec)))
    except songs.Unavailable as exc:
        pytest.skip(str(exc))
    a = analyze(load(song.path))
    bar = 60 / a.tempo * a.beats_per_bar
    starts = np.array([s for s, _, _ in a.sections])
    for true_start, _, _ in song.truth.sections[1:7]:  # the verses' and choruses' first bars
        assert np.min(np.abs(starts - true_start)) < bar / 2, (true_start, a.sections)


@pytest.mark.slow
def test_a_real_song_gets_parts_a_musician_can_use():
    """Lets_Go_Fishin (2:13, its verse lines alternating every four bars) had 13 sections labelled A to E."""
    a = analyze(load(shared_file(FISHIN)))
    assert 4 <= len(a.sections) <= 10, a.sections
    assert all(b - s >= 4 * 60 / a.tempo * a.beats_per_bar - 0.01 for s, b, _ in a.sections[1:-1]), a.sections
