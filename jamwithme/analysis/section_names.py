"""What each section is (Intro, Verse, Chorus, Bridge, Solo, Outro), and its letter.

Names come from repetition, position, loudness and harmony (:func:`name_sections`);
letters (``A``, ``B``, ... in order of first appearance, repeats sharing one,
:func:`letters_of`) name the parts no name fits as ``Part B`` (:func:`part`): a
chart read "Intro / B / Outro", words and bare letters mixed.
"""

from __future__ import annotations

import numpy as np

NAMES = ("Intro", "Verse", "Chorus", "Bridge", "Solo", "Outro")


def name_sections(
    spans: list[tuple[int, int]], letters: list[str], *, loudness: np.ndarray, chroma: np.ndarray
) -> list[str]:
    """What each section is: ``Intro``, ``Verse``, ``Chorus``, ``Bridge``, ``Solo``, ``Outro``, or ``Part`` + letter.

    - A letter heard only at the ends of the song (the first section, the
      last, or both) is the intro there and the outro there.
    - Of the other letters heard more than once, the chorus is the loudest
      and the verse the most repeated of the rest (the earlier on a tie); a
      single repeated letter is a verse (an AABA song, a blues). Other
      repeated letters are parts by their letter (``Part C`` each time).
    - A letter heard once in the middle is a solo if its chords follow a
      verse's or a chorus's bar by bar (closer to it than halfway from the
      verse-to-chorus likeness to the likeness of two verses), else a bridge;
      with no verse to compare, it is a part by its letter (``Part B``).
    - Names heard more than once are numbered: ``Verse 1``, ``Verse 2``.

    Parameters
    ----------
    spans : list of (first bar, end bar)
    letters : list of str
        One per span.
    loudness : np.ndarray [shape=(n_bars,)]
        Each bar's level in dB.
    chroma : np.ndarray [shape=(12, n_bars)]
        Each bar's pitch classes.

    Returns
    -------
    list of str

    Examples
    --------
    >>> loud = np.array([0.0] * 4 + [1.0] * 8 + [5.0] * 8 + [1.0] * 8 + [5.0] * 8 + [2.0] * 4)
    >>> spans = [(0, 4), (4, 12), (12, 20), (20, 28), (28, 36), (36, 40)]
    >>> name_sections(spans, list("ABCBCD"), loudness=loud, chroma=np.ones((12, 40)))
    ['Intro', 'Verse 1', 'Chorus 1', 'Verse 2', 'Chorus 2', 'Outro']
    """
    last = len(spans) - 1
    where: dict[str, list[int]] = {}
    for i, letter in enumerate(letters):
        where.setdefault(letter, []).append(i)
    level = {x: float(np.mean([loudness[spans[i][0] : spans[i][1]].mean() for i in where[x]])) for x in where}
    at_ends = {x for x, places in where.items() if last > 0 and set(places) <= {0, last}}
    repeated = [x for x, places in where.items() if len(places) > 1 and x not in at_ends]
    role: dict[str, str] = {}
    if len(repeated) == 1:
        role[repeated[0]] = "Verse"
    elif repeated:
        chorus = max(repeated, key=lambda x: level[x])
        role[chorus] = "Chorus"
        role[max((x for x in repeated if x != chorus), key=lambda x: (len(where[x]), -where[x][0]))] = "Verse"
    names = []
    for i, letter in enumerate(letters):
        if letter in role:
            names.append(role[letter])
        elif letter in at_ends:
            names.append("Intro" if i == 0 else "Outro")
        elif len(where[letter]) > 1:
            names.append(part(letter))
        elif i in (0, last) and last > 0:
            names.append("Intro" if i == 0 else "Outro")
        elif role:
            names.append("Solo" if _plays_over(chroma, spans, letters, i, role) else "Bridge")
        else:
            names.append(part(letter))
    total = {name: names.count(name) for name in set(names)}
    seen: dict[str, int] = {}
    out = []
    for name in names:
        if total[name] > 1 and name in NAMES:
            seen[name] = seen.get(name, 0) + 1
            out.append(f"{name} {seen[name]}")
        else:
            out.append(name)
    return out


def part(letter: str) -> str:
    """The name of a section no name fits: ``"Part"`` and its letter, so that it reads as its neighbours do.

    Examples
    --------
    >>> part("B")
    'Part B'
    """
    return f"Part {letter}"


def stored_name(name: str, letter: str) -> str:
    """A section's name as stored, read back: an analysis stored before :func:`part` named a part by its bare letter.

    Examples
    --------
    >>> stored_name("B", "B"), stored_name("Chorus 2", "C"), stored_name("verse", "verse")
    ('Part B', 'Chorus 2', 'verse')
    """
    return part(letter) if name == letter and is_letter(letter) else name


def is_letter(label: str) -> bool:
    """Whether ``label`` is one of :func:`letters_of`'s letters (``B``, ``AA``), not a name someone gave.

    Examples
    --------
    >>> is_letter("B"), is_letter("AB"), is_letter("verse")
    (True, True, False)
    """
    return label.isalpha() and label.isascii() and label.isupper()


def letters_of(kinds: list[int]) -> list[str]:
    """A, B, C ... in order of first appearance (then AA, AB ... past Z)."""
    order: dict[int, int] = {}
    for kind in kinds:
        order.setdefault(kind, len(order))
    return [_letter(order[kind]) for kind in kinds]


def _letter(i: int) -> str:
    return chr(ord("A") + i) if i < 26 else _letter(i // 26 - 1) + chr(ord("A") + i % 26)


def _plays_over(chroma: np.ndarray, spans, letters, i: int, role: dict[str, str]) -> bool:
    """Whether section ``i``'s chords follow a verse's or a chorus's bar by bar.

    Closer than halfway from how alike the verse's and the chorus's chords
    are to how alike two verses' (or two choruses') are.
    """

    def follows(a: tuple[int, int], b: tuple[int, int]) -> float:
        length = min(a[1] - a[0], b[1] - b[0])
        x, y = chroma[:, a[0] : a[0] + length], chroma[:, b[0] : b[0] + length]
        cos = np.sum(x * y, axis=0) / np.maximum(np.linalg.norm(x, axis=0) * np.linalg.norm(y, axis=0), 1e-9)
        return float(cos.mean())

    named = [(span, letter) for span, letter in zip(spans, letters) if letter in role]
    same = [follows(a, b) for j, (a, la) in enumerate(named) for b, lb in named[j + 1 :] if la == lb]
    other = [follows(a, b) for j, (a, la) in enumerate(named) for b, lb in named[j + 1 :] if la != lb]
    if not same:
        return False
    bar = 0.5 * (float(np.mean(same)) + (float(np.mean(other)) if other else 0.0))
    return max(follows(spans[i], span) for span, _ in named) > bar
