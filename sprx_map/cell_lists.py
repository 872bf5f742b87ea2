"""A cell that lists several values: the limits on reading it, and splitting it into its values.

The separators part a list cell ("arts, music; walking"), but a label that holds one ("arts and
creativity") is kept whole, in time proportional to the cell's length.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable

from sprx_map.parsed import Note
from sprx_map.vocabulary import normalise_label

# A cell read against a list (a choice, a list of them, a board, clusters) is read word by word, and every
# viewer waits while it is (the app's sessions share one process): past these it is a mistake or an attack,
# and is reported rather than read. A real list cell holds a few dozen values in a few hundred characters.
MAX_CELL = 5_000  # characters
MAX_VALUES = 200  # values in one list cell, as its separators part them


def too_big(text: str, *, listed: bool = True) -> Note | None:
    """Why a cell read against a list is not read: more than :data:`MAX_CELL` characters or, for a cell that
    may list several values (``listed``), more than :data:`MAX_VALUES` of them; None when it may be read.

    Both are counted without reading the values, in time proportional to the cell's length.

    >>> too_big("arts, music") is None
    True
    >>> too_big(",".join(["zz"] * 300)).params["count"]
    '300'
    """
    shown = text if len(text) <= 40 else text[:40] + "…"  # the cell as a finding quotes it
    if len(text) > MAX_CELL:
        params = {"value": shown, "length": f"{len(text):,}", "limit": f"{MAX_CELL:,}"}
        return Note("error", "finding.cell_too_long", params)
    if listed:
        count = sum(1 for chunk in _SPLIT_STRONG.split(text) for piece in _WEAK.split(chunk) if piece.strip())
        if count > MAX_VALUES:
            return Note(
                "error", "finding.too_many_values", {"value": shown, "count": f"{count:,}", "limit": f"{MAX_VALUES:,}"}
            )
    return None


_SPLIT_STRONG = re.compile(r"[;\n\r|]+")


def split_values(
    text: str,
    known: dict[str, str],
    whole: Callable[[str], bool] | None = None,
    readable: Callable[[str], bool] | None = None,
) -> list[str]:
    """Split a multi-value cell, respecting labels that contain commas, slashes or "and".

    Parts are separated by ``;`` or new lines; a part that is not a known label
    as a whole is split again on ``,``, ``/``, ``&`` and "and" -- unless the
    pieces cannot all be read (``readable``) while the part can be read whole
    (``whole``): "art and creativity" is a misspelling of "arts and creativity".
    """
    parts: list[str] = []
    for chunk in _SPLIT_STRONG.split(text):
        chunk = chunk.strip()
        if not chunk:
            continue
        if normalise_label(chunk) in known:
            parts.append(chunk)
            continue
        pieces = _split_weak(chunk, known)
        if whole is not None and len(pieces) > 1 and not all(map(readable or whole, pieces)) and whole(chunk):
            pieces = [chunk]
        parts.extend(pieces)
    return parts


# A separator with the spaces around it. Spaces before one are matched only from the start of their run, so a
# long run of spaces is looked at once, not once from each of its spaces; the splits are the same.
_WEAK = re.compile(r"(?:(?<!\s)\s+)?[,/+]\s*|(?<!\s)\s+(?:&|and|a|ac)\s+", re.I)
# The separators a run of pieces is re-joined with, in the order they are tried, each with the word it normalises
# to. Separators that normalise alike (", " " / " "/" ","; " & " " and ") make the same label, so only the first of
# each is ever chosen.
_JOINS = ((", ", ""), (" & ", "and"), (" a ", "a"), (" ac ", "ac"))
# id of a vocabulary -> (the vocabulary, its size, the most words of any of its labels): see _most_words.
_MOST_WORDS: dict[int, tuple[dict[str, str], int, int]] = {}


def _most_words(known: dict[str, str]) -> int:
    """The most words any label of ``known`` has, worked out once per vocabulary."""
    entry = _MOST_WORDS.get(id(known))
    if entry is None or entry[0] is not known or entry[1] != len(known):
        if len(_MOST_WORDS) >= 64:  # vocabularies made on the fly (tests) are not kept for ever
            _MOST_WORDS.clear()
        # The entry holds ``known`` itself, so its id cannot pass to another vocabulary while it is kept.
        entry = (known, len(known), max((len(label.split()) for label in known), default=0))
        _MOST_WORDS[id(known)] = entry
    return entry[2]


def _split_weak(chunk: str, known: dict[str, str]) -> list[str]:
    """Split on commas, slashes, "&" and "and" ("a", "ac"), but re-join neighbours that form a known label.

    From each piece, the longest run of pieces that is a known label is kept whole, joined by the first
    separator that makes it one. A run is compared by its words (each piece normalised once, and the
    separator's word): normalising the joined text gives the very same words. Only runs of at most as many
    words as the longest label are tried, so a long list costs time in proportion to its length.
    """
    pieces = [p.strip() for p in _WEAK.split(chunk) if p.strip()]
    words = [normalise_label(p) for p in pieces]
    before = list(itertools.accumulate((len(w.split()) for w in words), initial=0))  # words before each piece
    wordy = [k for k, w in enumerate(words) if w]  # the pieces with words ("-" has none)
    most = _most_words(known)
    out: list[str] = []
    i = 0
    while i < len(pieces):
        j, sep = _longest_run(i, words, before, wordy, most, known)
        out.append(sep.join(pieces[i:j]))
        i = j
    return out


def _longest_run(
    i: int, words: list[str], before: list[int], wordy: list[int], most: int, known: dict[str, str]
) -> tuple[int, str]:
    """(end, separator) of the longest run of pieces ``i .. end - 1`` that is a known label; (i + 1, "") if none.

    Joined by a separator with no word, a run has its pieces' words; by one with a word, that word between
    each two pieces as well. So no run reaches past ``last`` (more words than any label), a run joined by a
    word holds at most ``most + 1`` pieces, and a longer run is skipped when the piece after it has no word:
    the run taking that piece too has the same words, and was tried first.
    """
    last = bisect_right(before, before[i] + most) - 1
    if last <= i:
        return i + 1, ""
    first = bisect_left(wordy, i)
    later = wordy[bisect_right(wordy, i) : bisect_left(wordy, last)]
    for j in sorted({last, *later, *range(i + 1, min(i + most + 1, last) + 1)}, reverse=True):
        for sep, word in _JOINS:
            if not word:
                label = " ".join(words[k] for k in wordy[first : bisect_left(wordy, j)])
            elif j - i - 1 + before[j] - before[i] <= most:
                label = " ".join(w for k in range(i, j) for w in (word if k > i else "", words[k]) if w)
            else:
                continue
            if label in known:
                return j, sep
    return i + 1, ""
