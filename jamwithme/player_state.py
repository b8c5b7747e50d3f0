"""The practice player's settings: :class:`PlayerState`, the one model of the player, the jobs and the export.

Every field's default, range, step and unit is written here and nowhere else;
:func:`contract` lists them for the player, and :func:`jamwithme.export.render`
renders a state at full quality. :class:`PlayerState` is the player's state as
the component reports it (the same field names as ``frontend/src/settings.js``);
it round-trips through JSON.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Dict, List

from pydantic import BaseModel, Field, validator

from jamwithme.tempo import MAX_SEMITONES
from jamwithme.text import decibels

#: The speed control's range and step (a ratio of the song's tempo).
SPEED_RANGE = (0.5, 1.5)
SPEED_STEP = 0.01
#: A stem's level in dB. Down to -60 dB, where a stem is gone under the rest of the
#: mix (below the 16-bit noise of a full-scale song beside it): there the control says
#: "off" and the stem is silent, as muted (:meth:`PlayerState.as_heard`); up to +12 dB,
#: the Mixer's top too, enough to lift a quiet stem over the band. More boost
#: than that only drives the peak limiter (the browser and the export both use these).
LEVEL_RANGE = (-60.0, 12.0)
LEVEL_STEP = 0.5
#: The player's synthesised melody track (``frontend/src/melody.js``'s ``MELODY``): its name in levels, mute and solo.
MELODY = "melody"
#: The version of :func:`contract`'s JSON: raised when a field changes its meaning.
CONTRACT_VERSION = 1


def _limit(default, *, ge=None, le=None, step=None, unit=None, description=None):
    """A :class:`PlayerState` field: its default, range (enforced), the control's step and unit (for the player)."""
    extra = {k: v for k, v in (("step", step), ("unit", unit)) if v is not None}
    return Field(default, ge=ge, le=le, description=description, **extra)


class PlayerState(BaseModel):
    """What the musician has set in the practice player: the one settings model of player and export.

    Every field's default, range, step and unit is written here and nowhere
    else: :func:`contract` lists them, and ``ui/player.py`` sends that to the
    player with every mount (the component's ``data.spec``), from which the
    player's bundle takes its defaults and its controls' ranges. Ranges are
    enforced here; steps are the controls' (a value between steps is accepted).

    Examples
    --------
    >>> s = PlayerState(speed=0.8, semitones=2, levels={"vocals": -6.0}, mute=["vocals"])
    >>> PlayerState.parse_raw(s.json()) == s
    True
    """

    levels: Dict[str, float] = Field(
        default_factory=dict, description="level in dB per stem (a stem not named: 0 dB; at the min: off, as muted)",
        default_db=0.0, min=LEVEL_RANGE[0], max=LEVEL_RANGE[1], step=LEVEL_STEP, unit="dB",
    )  # fmt: skip
    mute: List[str] = Field(default_factory=list, description="stems not heard")
    solo: List[str] = Field(default_factory=list, description="if any, only these stems are heard (mute still wins)")
    speed: float = _limit(1.0, ge=SPEED_RANGE[0], le=SPEED_RANGE[1], step=SPEED_STEP, unit="x",
                          description="tempo as a ratio of the song's")  # fmt: skip
    semitones: float = _limit(0.0, ge=-MAX_SEMITONES, le=MAX_SEMITONES, step=1, unit="st", description="key change")
    loop_on: bool = _limit(False, description="the loop plays (when loop_end is after loop_start)")
    loop_start: float = _limit(0.0, ge=0, unit="s", description="loop start in the song's time")
    loop_end: float = _limit(0.0, ge=0, unit="s", description="loop end in the song's time (after loop_start)")
    metronome: bool = _limit(False, description="a click on every beat of the song's grid")
    metronome_db: float = _limit(-12.0, ge=-40, le=0, step=1, unit="dB", description="click level")
    count_in: bool = _limit(False, description="one bar of clicks before the music")
    count_in_every_pass: bool = _limit(False, description="a count-in before every loop pass")
    trainer_on: bool = _limit(False, description="the speed trainer: faster every few loop passes")
    trainer_step: float = _limit(5.0, ge=1, le=20, step=1, unit="%", description="speed step in percent points")
    trainer_every: int = _limit(2, ge=1, le=16, step=1, unit="passes", description="loop passes per step")
    trainer_target: float = _limit(1.0, ge=SPEED_RANGE[0], le=SPEED_RANGE[1], step=0.05, unit="x",
                                   description="the speed the trainer stops at")  # fmt: skip

    class Config:
        extra = "ignore"
        validate_assignment = True

    @validator("levels")
    def _levels_in_range(cls, levels):
        lo, hi = LEVEL_RANGE
        for name, db in levels.items():
            if not (math.isfinite(db) and lo <= db <= hi):
                raise ValueError(f"level {db!r} dB for {name!r} must be from {lo:g} to {hi:+g} dB")
        return levels

    def off(self) -> list[str]:
        """The stems at the bottom of the level range: the player's control says "off" and silences them.

        Examples
        --------
        >>> PlayerState(levels={"vocals": LEVEL_RANGE[0], "bass": -59.5}).off()
        ['vocals']
        """
        return [name for name, db in self.levels.items() if db <= LEVEL_RANGE[0]]

    def as_heard(self, stems: Iterable[str] | None = None) -> PlayerState:
        """This state with the stems that are :meth:`off` muted, as the player plays it (``self`` if none is).

        The player (``frontend/src/settings.js``) gives a stem at the floor no
        gain at all: a render of this state has none of it, as with the stem muted.
        ``stems``, if given, limits the stems newly muted to those names. Their
        levels are kept, so the state reads back as it was set.

        Examples
        --------
        >>> PlayerState(levels={"vocals": -60.0}, mute=["drums"]).as_heard().mute
        ['drums', 'vocals']
        >>> s = PlayerState(levels={"vocals": -6.0})
        >>> s.as_heard() is s
        True
        """
        known = None if stems is None else set(stems)
        added = [name for name in self.off() if name not in self.mute and (known is None or name in known)]
        return self.copy(update={"mute": [*self.mute, *added]}, deep=True) if added else self

    @property
    def loop(self) -> tuple[float, float] | None:
        """``(start, end)`` in seconds while the loop is on and not empty."""
        return (self.loop_start, self.loop_end) if self.loop_on and self.loop_end > self.loop_start else None


def contract() -> dict:
    """Every :class:`PlayerState` field's type, default, range, step and unit, for the player (its ``fields``
    are the component's ``data.spec``: ``frontend/src/settings.js``).

    Types: ``number``, ``integer``, ``boolean``, ``levels`` (dB per stem, with
    ``default_db``) and ``stems`` (a list of stem names).

    Examples
    --------
    >>> speed = contract()["fields"]["speed"]
    >>> speed["default"], speed["min"], speed["max"], speed["step"], speed["unit"]
    (1.0, 0.5, 1.5, 0.01, 'x')
    >>> contract()["fields"]["levels"]["max"], contract()["fields"]["mute"]["type"]
    (12.0, 'stems')
    >>> levels = contract()["fields"]["levels"]["labels"]  # what the control shows at each step, from its min
    >>> levels[0], levels[102], levels[-1]
    ('off', '−9 dB', '+12 dB')
    """
    fields = {}
    for name, field in PlayerState.__fields__.items():
        info, extra, kind = field.field_info, dict(field.field_info.extra), field.outer_type_
        if kind is bool:
            spec = {"type": "boolean", "default": field.default}
        elif name == "levels":
            spec = {"type": "levels", **{k: extra.pop(k) for k in ("default_db", "min", "max")}}
        elif isinstance(kind, type) and issubclass(kind, (int, float)):  # constrained types subclass these
            spec = {"type": "integer" if issubclass(kind, int) else "number", "default": field.default}
            spec.update({k: v for k, v in (("min", info.ge), ("max", info.le)) if v is not None})
        else:  # mute, solo
            spec = {"type": "stems", "default": []}
        spec.update(extra)
        if info.description:
            spec["description"] = info.description
        if spec.get("unit") == "dB":
            spec["labels"] = _db_labels(spec, off=name == "levels")
        fields[name] = spec
    return {"version": CONTRACT_VERSION, "fields": fields}


def level_label(db: float) -> str:
    """A stem's level as the player and the Mixer page show it: "off" at the floor, else :func:`decibels`.

    Examples
    --------
    >>> level_label(-9.0), level_label(LEVEL_RANGE[0]), level_label(0.5)
    ('−9 dB', 'off', '+0.5 dB')
    """
    return "off" if db <= LEVEL_RANGE[0] else decibels(db)


def _db_labels(spec: dict, *, off: bool) -> list[str]:
    """What a dB control shows at each of its steps from its min (``labels[round((v - min) / step)]``): the
    player's bundle reads these, written by :func:`decibels` (and "off" at a stem level's floor)."""
    count = round((spec["max"] - spec["min"]) / spec["step"]) + 1
    values = [spec["min"] + i * spec["step"] for i in range(count)]
    return [level_label(v) if off else decibels(v) for v in values]
