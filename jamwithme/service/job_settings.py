"""The settings of the named jobs and the keys their results are stored under.

A job's settings are a frozen pydantic model, parsed once at the edge
(:func:`jamwithme.service.jobs.parse_settings`); its result key is a function
of the song and the settings' canonical JSON (:func:`result_key`), so the same
request from any session, page, API call or machine finds the same stored
result. The jobs themselves live in :mod:`jamwithme.service.jobs`.

Examples
--------
>>> SeparateSettings(band="spleeter").band
<Band.SPLEETER: 'spleeter'>
>>> result_key("separate", "ab" * 32, SeparateSettings()).startswith("separate-abababab")
True
"""

from __future__ import annotations

import hashlib
import json
from typing import Any, Dict, Literal, Optional, Tuple

from pydantic import BaseModel, Extra, Field, root_validator, validator

from jamwithme.audio import AudioFormat
from jamwithme.beats import MAX_CLUSTERS
from jamwithme.errors import ParameterError
from jamwithme.loudness import MAX_LUFS, MIN_LUFS
from jamwithme.notes import VERSION as NOTES_VERSION
from jamwithme.notes import Engine, Part
from jamwithme.player_state import MELODY, SPEED_RANGE, PlayerState
from jamwithme.practice import MAX_COUNT_IN_BARS, MAX_REPEAT
from jamwithme.remix import MAX_DURATION as MAX_REMIX_SECONDS
from jamwithme.remix import MAX_SEED, MAX_TEMPERATURE
from jamwithme.separation import Band
from jamwithme.tempo import MAX_RATE, MAX_SEMITONES, MIN_RATE

#: What a job can work on: the whole song, or one of its stems.
Source = Literal["mix", "accompaniment", "vocals"]
STEM_NAMES = ("vocals", "accompaniment")


# --------------------------------------------------------------------------- settings


class JobSettings(BaseModel):
    """Settings of a job: immutable, no unknown fields, normalised by :meth:`key_json`."""

    class Config:
        extra = Extra.forbid
        allow_mutation = False

    def key_json(self) -> str:
        """The settings as canonical JSON: what the result key hashes (an enum as its value, as it always was)."""
        return json.dumps(self.dict(), sort_keys=True, separators=(",", ":"), allow_nan=False)


class SeparateSettings(JobSettings):
    """Vocals and accompaniment (:func:`jamwithme.separation.separate`)."""

    band: Band = Band.FULL


class StemSettings(JobSettings):
    """Work on a source: the whole song or one stem (separated with ``band``)."""

    source: Source = "mix"
    band: Band = Band.FULL


#: The analysis' own version (:class:`AnalysisSettings`); what reads its beat grid keys on it too.
ANALYSIS_VERSION = 41  # 3: key with relative major/minor resolved; sections named, on bar lines; 4: no key for
# silence or noise, a drone's chords; 5: the tempo octave of songs without a backbeat (quarters and offbeats);
# 6: no key for a drum kit alone; 7: a line alone (one pitch at a time) keeps its key;
# 8: a song's last chord only where the bass ends with it (a lifted minor ballad); 9: a slow waltz's tempo (a grid
# twice too fast, every other point empty, where no bands take turns); 10: a song's first chord only where the bass
# does not start long before it on another note (a D minor ballad whose intro's first chord goes unread); 11: a song's
# ending counts only where the chord model heard it (a fast waltz's short final tonic read as its iv run on); 12: the
# grid counted over rests back to an intro's first note (keys alone on 1 and the "and" of 3; a 2/4 bar after them);
# 13: strong and weak beats count as a backbeat only at a level whose bands take turns beyond chance, where some
# level's do (a strummed folk 4/4 at 96, a kit-less song at 60, both read at double);
# 14: a chorus lifted a tone for the song's end is a lift (the song is in the key it starts in); 15: a song's
# ending checked over the bar the music ends in, not one the grid ran on into the release tail; 16: half bars are
# not a backbeat (a kit-less 4/4 at 95-132 whose push is not heard, read at half its tempo); 17: the last chord read
# does not count where the bass ends on another note the low register holds (a blues's final I read as no chord);
# 18: a 4/4's half-note bass (a kit-less 4/4 at 60-94 whose strong and weak beats alternate where its double's do
# not, read at double); 19: a final chord the model missed over the bass's last note is the tonic chord of the key
# the bass ends on (a C# minor disco dwelling on its relative major, read E major); 20: a compound bar the rhythm
# leaves unsure read on the chord model's chords, 6/8 where they change halfway through the four beats (a 6/8 at 73
# whose chords change on every bar line by different amounts, read 12/8); 21: a beat splits in three where most
# beats peak at both thirds (6/8s whose sustained parts and humanised attacks smear the onsets, read 4/4);
# 22: where the chord model's chords place the bars again, the chroma's change weighs less beside them (a 2/4 bar
# ending a shuffle's intro put a bar early, its chroma read over windows straddling two bar lines); 23: a beat
# splits in three where both thirds stand above the points around them in the high band (3-11 kHz: 6/8s whose hi-hat
# eighths the pads and the bass hide in the full band, read 4/4); 25: the low band against the high band does not
# choose between beats 1 and 3 where the chords place a 4/4's bars (a kit-less ballad's downbeats on beat 3); 26:
# sections taking turns every phrase are the lines of one part only where the turns are quick, at most 12 s (a 12/8
# at 68 whose 4-bar verses and choruses, 14 s each, were joined into one section of 90 % of the song); 27: a section
# boundary within a bar of the song's phrase line goes there where the bars change there nearly as much (slow songs'
# boundaries a bar, 3 s or more, off); 28: a level's swung offbeat is read where the swing puts it, anywhere from
# halfway to two thirds of its beat (a folk 4/4 at 96 swung 0.59 read at 191); 29: a level whose own eighths are
# heard is not taken for a grid twice too fast (a kit-less 4/4 at 132 read at half); 30: hits halfway between a
# level's beats as strong as the beats are beats, not a strum's eighths (a jazz waltz at 193 read at half); 31: the
# local tempo never faster than sqrt(3/2) of the song's (a 6/8 ritardando's end tracked in eighth pairs), and a 12/8
# the rhythm is sure of turns 6/8 where the chords change on the 6/8 bar line; 32: verses and choruses taking turns
# through more than half of a song are sections, not one part's lines; 33: a 6/8 whose chords change on each of its
# beats is a waltz read at its bar, read in 3/4 at three times the tempo; 34: a beat where nothing starts (a
# waltz intro's silent beat 1) is no evidence for or against a bar line; 35: a grid whose chords change far more
# under half a beat after its beats than on them moves there (swung songs tracked on the late half of a swung pair,
# every beat 0.24-0.41 of a beat early); 36: a fast level whose beats come back in bars of six, every other beat
# unlike the next, is a slow waltz's eighths, read at half (waltzes at 74-90 without a kit read at double in 4/4);
# 37: where no level's bands take turns beyond chance there is no backbeat, and a level whose double lies past the
# range is not taken for too slow (kit-less 4/4s at 104-128 read at half); 38: where all the bands' attacks pile up
# nowhere, the high band's sharper pile, no later, places a steady grid (swung jazz with a late-speaking bass settled
# 36-67 ms late); 39: a beat whose swung eighth (0.54-0.625 of it) outsounds its first third is not split in three
# by the mean onsets at its thirds (a swung disco at 120 whose empty half left its thirds' smear 1.3 times it, read
# in 6/8); 40: the beat just after a rest counts for nothing either, where the bars are placed again after rests
# (a jazz waltz's intro chord on beat 2 drew its first bars a beat late); 41: where a kit is heard (8-11 kHz over 1-2
# kHz at least 0.165), the bands above the kick's are read as their sharp rises (funks on a slap bass read at half or
# double); 24 was never on main (two changes made side
# by side)


class BeatSettings(StemSettings):
    """Per-beat features and clusters for the remix on the song's beat grid (:func:`jamwithme.beats.analyze`)."""

    clusters: Optional[int] = Field(None, ge=1, le=MAX_CLUSTERS)
    grid: int = Field(ANALYSIS_VERSION, const=True, description="the analysis version whose beat grid is used")


class RemixSettings(BeatSettings):
    """A beat remix (:func:`jamwithme.remix.walk` and :func:`~jamwithme.remix.render`)."""

    duration: Optional[float] = Field(180.0, gt=0, le=MAX_REMIX_SECONDS, description="seconds; None: the song's length")
    temperature: Optional[float] = Field(None, ge=0, le=MAX_TEMPERATURE, description="None: the walk's default")
    seed: int = Field(0, ge=0, le=MAX_SEED)
    method: Literal["jukebox", "original"] = "jukebox"


class LoopSettings(JobSettings):
    """An A–B loop with its count-in and metronome, rendered as "Export what I hear" renders the player's
    (:func:`jamwithme.export.loop_render_blocks`)."""

    start: float = Field(..., ge=0)
    end: float = Field(..., gt=0)
    repeat: int = Field(4, ge=1, le=MAX_REPEAT)
    snap: bool = True
    count_in_bars: int = Field(1, ge=0, le=MAX_COUNT_IN_BARS)
    metronome: bool = False
    renderer: int = Field(
        2,
        const=True,
        description="2: the export's loop, clicks and count-in (1: the loop renderer before it; another key)",
    )

    @validator("end")
    def _after_start(cls, end: float, values: dict) -> float:
        if "start" in values and end <= values["start"]:
            raise ValueError(f"the loop's end ({end:g} s) must come after its start ({values['start']:g} s)")
        return end


class PracticeSettings(StemSettings):
    """A practice render of a source: a tempo and key change; with ``loop``, that loop at that tempo and key as
    "Export what I hear" renders the player's (so ``rate`` within the player's speeds, 0.5–1.5)."""

    rate: float = Field(1.0, ge=MIN_RATE, le=MAX_RATE)
    semitones: float = Field(0.0, ge=-MAX_SEMITONES, le=MAX_SEMITONES)
    engine: Literal["rubberband", "rubberband-best", "librosa"] = "rubberband"
    loop: Optional[LoopSettings] = None
    grid: int = Field(ANALYSIS_VERSION, const=True, description="the analysis version whose beat grid the loop uses")

    @root_validator(skip_on_failure=True)
    def _loop_at_a_player_speed(cls, values: dict) -> dict:
        """A loop is the player's loop (its export): at the player's speeds, not the whole tempo range."""
        lo, hi = SPEED_RANGE
        if values.get("loop") is not None and not lo <= values["rate"] <= hi:
            raise ValueError(f"rate={values['rate']:g}: a loop plays at speeds from {lo:g} to {hi:g} (the player's)")
        return values


class MixSettings(JobSettings):
    """The stems back together (:func:`jamwithme.mixing.mix`), or the original MusicRemixer recipe."""

    band: Band = Band.FULL
    gains_db: Dict[str, float] = Field(default_factory=lambda: {"accompaniment": 0.0, "vocals": -6.0})
    mute: Tuple[str, ...] = ()
    solo: Tuple[str, ...] = ()
    lufs: Optional[float] = Field(None, ge=MIN_LUFS, le=MAX_LUFS)
    recipe: bool = False

    @validator("mute", "solo", pre=True)
    def _sorted(cls, names: Any) -> tuple:
        return tuple(sorted(set(names or ())))

    @classmethod
    def of_player(
        cls, player: PlayerState, *, band: Band | str = Band.FULL, lufs: float | None = None,
        stems: Tuple[str, ...] = STEM_NAMES,
    ) -> MixSettings:  # fmt: skip
        """The Mixer's render of what its player plays: each stem's level, the mute and the solo as heard.

        A stem the player has at the floor of its level range is off there (no
        gain at all), so it is muted here (:meth:`PlayerState.as_heard`), not mixed at -60 dB.

        Examples
        --------
        >>> MixSettings.of_player(PlayerState(levels={"vocals": -60.0})).mute
        ('vocals',)
        >>> MixSettings.of_player(PlayerState(levels={"vocals": -6.0})).gains_db
        {'vocals': -6.0, 'accompaniment': 0.0}
        """
        heard = player.as_heard(stems)
        gains = {name: heard.levels.get(name, 0.0) for name in stems}
        return cls(band=band, gains_db=gains, mute=heard.mute, solo=heard.solo, lufs=lufs)


class AnalysisSettings(JobSettings):
    """What the music is: tempo, bars, key, chords, sections, highlight (:func:`jamwithme.analysis.analyze`).

    ``version`` names the analysis' own version: raising it makes every stored
    analysis a miss, so a better analysis replaces the old ones.
    """

    version: int = ANALYSIS_VERSION


class NotesSettings(StemSettings):
    """The notes of a part (:func:`jamwithme.notes.transcribe`).

    ``source`` defaults to the part's own stem: the vocals for the melody,
    the accompaniment for the bass and the chords; ``"mix"`` transcribes the
    song as it was given (a solo recording, a stem someone already has).
    ``engine`` None is the part's measured choice. ``version`` is the
    transcription's own (:data:`jamwithme.notes.VERSION`).
    """

    part: Part = Part.MELODY
    engine: Optional[Engine] = None
    version: int = NOTES_VERSION
    grid: int = Field(ANALYSIS_VERSION, const=True, description="the analysis version whose beat grid the phrases use")

    @root_validator(pre=True)
    def _part_source(cls, values: dict) -> dict:
        if values.get("source") is None:
            melody = values.get("part", Part.MELODY) in (Part.MELODY, Part.MELODY.value)
            values = {**values, "source": "vocals" if melody else "accompaniment"}
        return values


class ExportSettings(JobSettings):
    """Export what I hear: the practice player's settings at full quality (:func:`jamwithme.export.render`)."""

    band: Band = Band.FULL
    player: PlayerState = Field(default_factory=PlayerState, description="the player's state, parsed once, here")
    repeat: int = Field(1, ge=1, le=MAX_REPEAT)
    engine: Literal["rubberband", "rubberband-best"] = Field(
        "rubberband", description='the quality: "rubberband" (Fast) or "rubberband-best" (Best bass)'
    )
    grid: int = Field(ANALYSIS_VERSION, const=True, description="the analysis version whose grid the clicks follow")
    melody: Optional[NotesSettings] = Field(
        None, description='the notes the player plays as its "melody" track (their notes job); None: no such track'
    )

    @validator("player")
    def _as_heard(cls, player: PlayerState) -> PlayerState:
        """A stem at the floor of its level range is muted, as the player plays it: the render and the key
        are those of what is heard (a state with no stem newly muted is kept as it is, and keeps its key)."""
        return player.as_heard()

    @root_validator(skip_on_failure=True)
    def _melody_heard(cls, values: dict) -> dict:
        """A melody track the mix cannot have in it (muted, or another track soloed) is no part of the work."""
        player, melody = values.get("player"), values.get("melody")
        if melody is not None and MELODY not in player.solo and (MELODY in player.mute or player.solo):
            values = {**values, "melody": None}
        return values

    def key_json(self) -> str:
        """As :meth:`JobSettings.key_json`; without a melody track, the key exports had before there was one."""
        data = self.dict(exclude={"melody"} if self.melody is None else None)
        return json.dumps(data, sort_keys=True, separators=(",", ":"), allow_nan=False)


class EncodeSettings(JobSettings):
    """One clip of a stored result, encoded for a player or a download."""

    of: str
    clip: str
    format: AudioFormat = AudioFormat.MP3

    @validator("format", pre=True)
    def _known(cls, value: Any) -> AudioFormat:
        return AudioFormat.parse(value)


# --------------------------------------------------------------------------- keys


def song_key(song_id: str) -> str:
    """Where a song's decoded samples live."""
    if not (len(song_id) == 64 and all(c in "0123456789abcdef" for c in song_id)):
        raise ParameterError(f"song id {song_id!r} is not a SHA-256 hex digest")
    return f"song-{song_id}"


def result_key(name: str, song_id: str, settings: JobSettings) -> str:
    """The store key of job ``name`` on ``song_id`` with ``settings``: the same for the same work, anywhere."""
    song_key(song_id)  # validates the id
    digest = hashlib.sha256(f"{name}\n{settings.key_json()}".encode()).hexdigest()[:20]
    return f"{name}-{song_id[:32]}-{digest}"


class ProbeSettings(JobSettings):
    """A job that does no musical work: it checks a queue end to end and measures the queue's own cost."""

    hold: float = Field(0.0, ge=0, le=3600)
    fail: bool = False
    nonce: str = ""
