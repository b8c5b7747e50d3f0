"""Parameter checks: one style for every public function, the bad value in every message.

Each check returns the value in the type the caller works with (``float`` or
``int``) or raises :class:`~jamwithme.errors.ParameterError` with a sentence
that names the parameter and its bad value, as librosa does
(``rate=0 must be a number between 0.25 and 4``). ``bool`` is never taken for
a number, and numbers must be finite unless a check says otherwise.

``unit`` names what the number counts (``"seconds"``, ``"beats"``) and ``hint``
is appended as it is, for what the range means or what ``None`` does
(``hint="or None for a fresh one"``).

Examples
--------
>>> in_range("rate", 0.8, 0.25, 4.0)
0.8
>>> integer("repeat", 0, 1, 100)
Traceback (most recent call last):
...
jamwithme.errors.ParameterError: repeat=0 must be a whole number from 1 to 100
"""

from __future__ import annotations

import contextlib
import math
import numbers
from collections.abc import Callable, Iterable, Iterator

from jamwithme.errors import ParameterError


def _fail(name: str, value, requirement: str, hint: str | None) -> ParameterError:
    return ParameterError(f"{name}={value!r} must be {requirement}" + (f" {hint}" if hint else ""))


def _bounds(lo, hi) -> str:
    if lo is not None and hi is not None:
        return f" between {lo:g} and {hi:g}"
    if lo is not None:
        return f" >= {lo:g}"
    if hi is not None:
        return f" <= {hi:g}"
    return ""


def _is_number(value) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def _within(value, lo, hi) -> bool:
    return (lo is None or value >= lo) and (hi is None or value <= hi)


def finite(name: str, value, *, unit: str | None = None, hint: str | None = None) -> float:
    """A finite real number, as a float.

    Examples
    --------
    >>> finite("start", 1)
    1.0
    >>> finite("start", float("nan"), unit="seconds")
    Traceback (most recent call last):
    ...
    jamwithme.errors.ParameterError: start=nan must be a finite number of seconds
    """
    if not (_is_number(value) and math.isfinite(value)):
        raise _fail(name, value, "a finite number" + (f" of {unit}" if unit else ""), hint)
    return float(value)


def in_range(
    name: str,
    value,
    lo: float | None = None,
    hi: float | None = None,
    *,
    unit: str | None = None,
    hint: str | None = None,
    infinite: bool = False,
) -> float:
    """A real number with ``lo <= value <= hi`` (either bound may be None), as a float.

    Parameters
    ----------
    name : str
    value
    lo, hi : float, optional
        Inclusive bounds.
    unit, hint : str, optional
        See the module notes.
    infinite : bool
        Also accept ``-inf`` and ``inf`` where the bounds allow them (``-inf``
        dB silences a stem). NaN is always refused.

    Examples
    --------
    >>> in_range("ceiling_db", 3, -60, 0, unit="dBFS")
    Traceback (most recent call last):
    ...
    jamwithme.errors.ParameterError: ceiling_db=3 must be a number of dBFS between -60 and 0
    >>> in_range("gain_db", -math.inf, hi=24, infinite=True)
    -inf
    """
    ok = _is_number(value) and not math.isnan(value) and (infinite or math.isfinite(value))
    if not (ok and _within(value, lo, hi)):
        raise _fail(name, value, "a number" + (f" of {unit}" if unit else "") + _bounds(lo, hi), hint)
    return float(value)


def positive(name: str, value, *, hi: float | None = None, unit: str | None = None, hint: str | None = None) -> float:
    """A finite number above zero (and at most ``hi`` if given), as a float.

    Examples
    --------
    >>> positive("duration", 0, hi=3600, unit="seconds")
    Traceback (most recent call last):
    ...
    jamwithme.errors.ParameterError: duration=0 must be a positive number of seconds <= 3600
    """
    if not (_is_number(value) and math.isfinite(value) and value > 0 and _within(value, None, hi)):
        raise _fail(name, value, "a positive number" + (f" of {unit}" if unit else "") + _bounds(None, hi), hint)
    return float(value)


def integer(
    name: str,
    value,
    lo: int | None = None,
    hi: int | None = None,
    *,
    unit: str | None = None,
    hint: str | None = None,
) -> int:
    """A whole number (``int`` or a NumPy integer, not ``bool`` nor ``2.0``) with ``lo <= value <= hi``, as an int.

    Examples
    --------
    >>> integer("seed", 7, lo=0)
    7
    >>> integer("min_jump", 0, lo=1, unit="beats")
    Traceback (most recent call last):
    ...
    jamwithme.errors.ParameterError: min_jump=0 must be a whole number of beats >= 1
    """
    ok = isinstance(value, numbers.Integral) and not isinstance(value, bool)
    if not (ok and _within(value, lo, hi)):
        if lo is not None and hi is not None:
            bounds = f" from {lo} to {hi}"
        else:
            bounds = _bounds(lo, hi)
        raise _fail(name, value, "a whole number" + (f" of {unit}" if unit else "") + bounds, hint)
    return int(value)


def one_of(name: str, value, options: Iterable, *, key: Callable | None = None):
    """The option ``value`` names: one of ``options``, compared after ``key`` if given.

    Examples
    --------
    >>> one_of("engine", "LIBROSA", ["rubberband", "librosa"], key=lambda v: str(v).lower())
    'librosa'
    >>> one_of("method", "shuffle", ["jukebox", "original"])
    Traceback (most recent call last):
    ...
    jamwithme.errors.ParameterError: method='shuffle' must be one of jukebox, original
    """
    options = list(options)
    wanted = key(value) if key else value
    for option in options:
        if (key(option) if key else option) == wanted:
            return option
    raise _fail(name, value, "one of " + ", ".join(str(o) for o in options), None)


def instance(name: str, value, types: type | tuple, *, what: str | None = None):
    """``value`` itself if it is an instance of ``types``.

    Parameters
    ----------
    what : str, optional
        What is expected, for the message (default ``"a"`` and the type's name).

    Examples
    --------
    >>> instance("clip", "song.wav", float, what="an AudioClip")
    Traceback (most recent call last):
    ...
    jamwithme.errors.ParameterError: clip must be an AudioClip, got str
    """
    if not isinstance(value, types):
        if what is None:
            names = [t.__name__ for t in (types if isinstance(types, tuple) else (types,))]
            what = "a " + " or ".join(names)
        raise ParameterError(f"{name} must be {what}, got {type(value).__name__}")
    return value


@contextlib.contextmanager
def parsing(what: str) -> Iterator[None]:
    """Reading ``what`` back from its JSON dict: a field missing or of the wrong kind raises ParameterError.

    Any ``KeyError``, ``TypeError`` or ``ValueError`` inside (a ``ParameterError``
    from a part's own reading too) becomes ``ParameterError("not <what>: ...")``.

    Examples
    --------
    >>> with parsing("an analysis"):
    ...     {"tempo": 120}["key"]
    Traceback (most recent call last):
    ...
    jamwithme.errors.ParameterError: not an analysis: KeyError 'key'
    """
    try:
        yield
    except (KeyError, TypeError, ValueError) as exc:
        raise ParameterError(f"not {what}: {type(exc).__name__} {exc}") from exc
