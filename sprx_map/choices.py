"""Reading a cell against a vocabulary: one value, several, or yes or no, in English or Welsh.

A value is read exactly, by a person's choice (a saved mapping), as a clear misspelling, or by the terms
it names among other words; each way but the first is noted for the person to confirm.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz, process

from sprx_map.cell_lists import split_values, too_big
from sprx_map.i18n import LANGUAGES
from sprx_map.parsed import Lookup, Parsed, _missing_token, cell_text, is_blank
from sprx_map.vocabulary import Term, normalise_label, vocabulary_index


def parse_yesno(value: object, terms: tuple[Term, ...]) -> Parsed:
    """Yes or no, in English or Welsh."""
    out = parse_choice(value, terms)
    if out.value is not None:
        out.value = out.value == "yes"
    return out


OTHER = "other"  # the term of a vocabulary for what its list does not name

# A misspelt value is read as a term only when this close (0-100) and this far ahead of the next term.
MISSPELLING_SCORE = 85
MISSPELLING_MARGIN = 8


def _scores(text: str, index: dict[str, str]) -> list[tuple[str, float]]:
    """(term key, best score of its labels and aliases) for ``text``, best first."""
    best: dict[str, float] = {}
    for label, score, _ in process.extract(
        normalise_label(text), list(index), scorer=fuzz.token_sort_ratio, limit=None, score_cutoff=50
    ):
        best[index[label]] = max(best.get(index[label], 0.0), score)
    return sorted(best.items(), key=lambda kv: -kv[1])


def closest(text: str, index: dict[str, str], n: int = 3) -> list[str]:
    """Keys of the vocabulary terms closest to ``text`` (any of their labels or aliases), best first."""
    return [key for key, score in _scores(text, index) if score >= 75][:n]


def misspelling_of(text: str, index: dict[str, str]) -> str | None:
    """The one term ``text`` is an unambiguous misspelling of, or None (see :data:`MISSPELLING_SCORE`)."""
    ranked = _scores(text, index)
    if not ranked or ranked[0][1] < MISSPELLING_SCORE:
        return None
    if len(ranked) > 1 and ranked[0][1] - ranked[1][1] < MISSPELLING_MARGIN:
        return None
    return ranked[0][0]


def _term_labels(terms: tuple[Term, ...], key: str) -> dict[str, str]:
    term = next(t for t in terms if t.key == key)
    return {lang: getattr(term, lang) for lang in LANGUAGES}


_NEGATION = re.compile(r"\b(not|no longer|never|non|dim|ddim|nid|heb)\b")


def named_terms(text: str, index: dict[str, str]) -> list[str]:
    """Keys of the terms whose label or alias appears as whole words in ``text`` ("Walking football" names
    physical activity), in the order they appear; none when the text is negated ("not yet current")."""
    norm = f" {normalise_label(text)} "
    if _NEGATION.search(norm):
        return []
    found = sorted(
        (norm.index(f" {label} "), key) for label, key in index.items() if len(label) > 2 and f" {label} " in norm
    )
    return list(dict.fromkeys(key for _, key in found))


def _read_terms(
    text: str, index: dict[str, str], terms: tuple[Term, ...], out: Parsed, lookup: Lookup | None, many: bool
) -> list[str]:
    """The term keys ``text`` names: exactly, by a person's choice, as a clear misspelling, or by the terms it
    names among other words (several only when ``many``); each way but the first is noted."""
    key = index.get(normalise_label(text))
    if key is not None:
        return [key]
    chosen = lookup(text) if lookup else None
    if chosen is not None:
        key, how = chosen
        if key in {t.key for t in terms}:
            out.guessed("info", f"finding.read_by_{how}", key, value=text, read_as=_term_labels(terms, key))
            return [key]
    key = misspelling_of(text, index)
    keys = [key] if key is not None else named_terms(text, index)
    if len(keys) > 1 and not many:
        return []
    for key in keys:
        out.guessed("warning", "finding.read_as", key, value=text, read_as=_term_labels(terms, key))
    return keys


def parse_choice(value: object, terms: tuple[Term, ...], lookup: Lookup | None = None) -> Parsed:
    """One value from a vocabulary; a clear misspelling is read as the term, with a warning."""
    if is_blank(value):
        return Parsed()
    text = cell_text(value).strip()
    if (refused := too_big(text, listed=False)) is not None:
        return Parsed(None, [refused])
    if _missing_token(value):
        return Parsed().warn("finding.missing_value", value=cell_text(value))
    index = vocabulary_index(terms)
    out = Parsed()
    keys = _read_terms(text, index, terms, out, lookup, many=False)
    if keys:
        out.value = keys[0]
        return out
    return out.error(
        "finding.not_in_list", suggestion=_did_you_mean(text, index, terms), value=text, allowed=_allowed(terms)
    )


# A finding is worded when it is shown, so the vocabulary it quotes is kept in both languages.
def _allowed(terms: tuple[Term, ...]) -> dict[str, str]:
    return {lang: ", ".join(getattr(term, lang) for term in terms) for lang in LANGUAGES}


def _did_you_mean(text: str, index: dict[str, str], terms: tuple[Term, ...]) -> dict[str, str] | str:
    """The closest terms to ``text``, quoted in each language; "" when none is close."""
    keys = closest(text, index)
    if not keys:
        return ""
    by_key = {term.key: term for term in terms}
    return {lang: " / ".join(f"'{getattr(by_key[key], lang)}'" for key in keys) for lang in LANGUAGES}


def parse_choices(
    value: object, terms: tuple[Term, ...], *, required: bool = False, lookup: Lookup | None = None
) -> Parsed:
    """Several values from a vocabulary, without duplicates, in the order written."""
    if is_blank(value):
        return Parsed([])
    if (refused := too_big(cell_text(value).strip())) is not None:
        return Parsed([], [refused])
    if _missing_token(value):
        return Parsed([]).warn("finding.missing_value", value=cell_text(value))
    index = vocabulary_index(terms)
    out = Parsed([])

    def whole(chunk: str) -> bool:
        return (lookup is not None and lookup(chunk) is not None) or misspelling_of(chunk, index) is not None

    def readable(piece: str) -> bool:
        return normalise_label(piece) in index or whole(piece) or bool(named_terms(piece, index))

    for part in split_values(cell_text(value), index, whole, readable):
        keys = _read_terms(part, index, terms, out, lookup, many=True)
        if not keys and OTHER in index.values():  # a kind the list does not name: "other", listed to change
            labels = _term_labels(terms, OTHER)
            out.guessed("warning", "finding.read_as_other", OTHER, value=part, read_as=labels, allowed=_allowed(terms))
            out.notes[-1].suggestion = _did_you_mean(part, index, terms)
            keys = [OTHER]
        for key in keys:
            if key not in out.value:
                out.value.append(key)
        if not keys:
            severity = out.error if required else out.warn
            severity(
                "finding.not_in_list" if required else "finding.not_in_list_dropped",
                suggestion=_did_you_mean(part, index, terms),
                value=part,
                allowed=_allowed(terms),
            )
    return out
