"""Reading a return's column headings by their words, as an officer would.

A heading is normalised (case, accents, punctuation, plurals, years and periods, units), split into words, and each
word or phrase is named as a *concept* ("referral", "route", "fte", ...) from a vocabulary in English and Welsh. A
field is read from the concepts a heading names: each field *needs* one of a few sets of concepts and *allows* a few
more; a heading that names anything else is not read into it. So "Referral routes" is never read as referrals
received, "Number of link workers (FTE)" never as headcount, and "Contact email" as nothing at all. Words not in the
vocabulary are forgiven one typo (rapidfuzz's optimal string alignment distance) or a Welsh mutation ("fwrdd" for
"bwrdd"); each word left unknown lowers the confidence.

Every heading gets a :class:`Reading`: the field (or none), how it was read and with what confidence, and the words
it was recognised by.

The vocabulary (concepts and their phrases, negative words, filler, Welsh mutations) and the rule of each field are
data, in ``headings.toml`` beside this module; this module is the reader.
"""

from __future__ import annotations

import functools
import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import process
from rapidfuzz.distance import OSA

from sprx_map import schema

# How a heading came to be read as a field (or not).
EXACT, WORDS, VALUES, SAVED, USER = "exact", "words", "values", "saved", "user"
IGNORED, AMBIGUOUS, DUPLICATE = "ignored", "ambiguous", "duplicate"
HOWS = (EXACT, WORDS, VALUES, SAVED, USER, IGNORED, AMBIGUOUS, DUPLICATE)
# Below this a heading is not read into a field (its best guess is still reported).
MIN_CONFIDENCE = 0.6
UNKNOWN_WORD_FACTOR = 0.85  # each word the vocabulary does not know
WEAK_FACTOR = 0.8  # a reading by a weak set of words ("Name", "Venue", "From")
# A heading is read from its first this many characters: the longest headings seen are about 120, and every
# word read costs a look through the vocabulary, so a cell of thousands is not read whole.
MAX_HEADING = 500


# The vocabulary and the rules are data: headings.toml, beside this module, says what each part is and does, so
# that people can read, correct and translate them without reading code. It is read once, here.
_DATA = tomllib.loads(Path(__file__).with_name("headings.toml").read_text(encoding="utf-8"))
_NEGATIVE, _FILLER, _GROUPS = _DATA["negative"], _DATA["filler"], _DATA["concept_groups"]
# Concept -> phrases naming it, English then Welsh (normalised when the index is built).
CONCEPTS: dict[str, tuple[str, ...]] = {c: (*p.get("en", ()), *p.get("cy", ())) for c, p in _DATA["concepts"].items()}
# Phrase -> the concepts it names at once ("-": something not collected); a later group wins, as in a dict.
COMPOUNDS: dict[str, tuple[str, ...]] = {p: tuple(g["concepts"]) for g in _DATA["compounds"] for p in g["phrases"]}
NEGATIVE: tuple[str, ...] = (*_NEGATIVE["en"], *_NEGATIVE["cy"])  # a heading naming one is never read
STRONG_NEGATIVE = frozenset(_NEGATIVE["strong"])  # negative even in brackets ("Delivery status (RAG)")
WEAK_NEGATIVE = frozenset(_NEGATIVE["weak"])  # negative only in a heading naming nothing specific
WEAK_NEGATIVE_OUTWEIGHED_BY = {w: frozenset(c) for w, c in _NEGATIVE["weak_outweighed_by"].items()}
FILLER: tuple[str, ...] = (*_FILLER["en"], *_FILLER["cy"], *_FILLER["months"])  # no meaning for a field
SPECIFIC_CONCEPTS = frozenset(_GROUPS["specific"])  # specific enough to outweigh a weak negative
SOFT_CONCEPTS = frozenset(_GROUPS["soft"])  # named without ruling a field out ("Period from")
UNIT_CONCEPTS = frozenset(_GROUPS["units"])  # may come from a bracket or a unit ("(FTE)", "(£)")
# Welsh initial mutations, undone: a mutated first letter -> the radical letters it may come from.
_MUTATIONS = tuple((prefix, tuple(radicals)) for prefix, radicals in _DATA["welsh_mutations"].items())


@dataclass(frozen=True)
class Rule:
    """When a heading is read as a field: it names every concept of one set in ``needs``
    (a set in ``weak`` gives a lower confidence) and nothing outside ``needs`` and ``allows``."""

    needs: tuple[frozenset[str], ...]
    allows: frozenset[str] = frozenset()
    weak: tuple[frozenset[str], ...] = ()
    strict: tuple[frozenset[str], ...] = ()  # sets that count only when no word of the heading is unknown
    refuses: frozenset[str] = frozenset()  # soft concepts that rule the field out all the same

    @property
    def known(self) -> frozenset[str]:
        return frozenset().union(*self.needs, *self.weak, *self.strict, self.allows)


def _rule(parts: dict[str, list[str]]) -> Rule:
    """A field's rule as the data file writes it ("project+name" is one set of two concepts)."""
    sets = {p: tuple(frozenset(t.split("+")) for t in parts.get(p, ())) for p in ("needs", "weak", "strict")}
    return Rule(**sets, allows=frozenset(parts.get("allows", ())), refuses=frozenset(parts.get("refuses", ())))


# One rule per field of the return (a test checks that every field has one).
RULES: dict[str, Rule] = {key: _rule(parts) for key, parts in _DATA["rules"].items()}


def _norm(text: str) -> str:
    text = re.sub(r"[\u2018\u2019'`]", " ", text)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"\s+", " ", re.sub(r"[^a-z0-9]+", " ", text)).strip()


@dataclass(frozen=True)
class _Vocabulary:
    phrases: dict[tuple[str, ...], tuple[str, ...]]  # words -> concepts ("" for filler, "-" for negative)
    known: frozenset[str]  # every single word the vocabulary knows
    words: tuple[str, ...]  # the words of concepts, which a typo may be read as
    longest: int


@functools.cache
def _vocabulary() -> _Vocabulary:
    phrases: dict[tuple[str, ...], set[str]] = {}
    for concept, texts in CONCEPTS.items():
        for text in texts:
            phrases.setdefault(tuple(_norm(text).split()), set()).add(concept)
    for text, concepts in COMPOUNDS.items():
        phrases.setdefault(tuple(_norm(text).split()), set()).update(concepts)
    for text in NEGATIVE:
        phrases.setdefault(tuple(_norm(text).split()), set()).add("-")
    for text in FILLER:
        key = tuple(_norm(text).split())
        if key and key not in phrases:
            phrases[key] = {""}
    frozen = {k: tuple(sorted(v)) for k, v in phrases.items() if k}
    known = frozenset(w for k in frozen for w in k)
    words = tuple(sorted({w for k, v in frozen.items() if v not in (("",), ("-",)) for w in k if len(w) > 3}))
    return _Vocabulary(frozen, known, words, max(len(k) for k in frozen))


@functools.lru_cache(maxsize=65536)
def _known_form(word: str, known: frozenset[str]) -> tuple[str, int] | None:
    """The vocabulary word ``word`` is a plural, a mutation or a one-letter slip of, and the typo distance."""
    candidates = [word]
    if word.endswith("ies") and len(word) > 4:
        candidates.append(word[:-3] + "y")
    if word.endswith("s") and not word.endswith(("ss", "us")) and len(word) > 3:
        candidates.append(word[:-1])
    if word.endswith("es") and len(word) > 4:
        candidates.append(word[:-2])
    for form in candidates:
        if form in known:
            return form, 0
    for prefix, radicals in _MUTATIONS:
        if word.startswith(prefix) and len(word) > len(prefix) + 2:
            for radical in radicals:
                if radical + word[len(prefix) :] in known:
                    return radical + word[len(prefix) :], 0
    if word[:1] in "aeiouwylr" and "g" + word in known:  # soft mutation drops a first g ("wefan")
        return "g" + word, 0
    abbreviation = _abbreviation_of(word)
    if abbreviation is not None:
        return abbreviation, 1
    if len(word) == 4 and word.isalpha():  # a short word is forgiven one swap of two letters only ("nmae")
        swapped = [w for w in _vocabulary().words if len(w) == 4 and w[0] == word[0] and OSA.distance(w, word) == 1]
        swapped = [w for w in swapped if sorted(w) == sorted(word)]
        if len(swapped) == 1:
            return swapped[0], 1
    if len(word) >= 6 and word.isalpha():  # the commonest slips: letters swapped or doubled wrongly
        slipped = [w for w in _vocabulary().words if w[0] == word[0] and _slip_of(word, w)]
        if len(slipped) == 1:
            return slipped[0], 1
    if len(word) >= 5 and not word.isdigit():
        limit = 1 if len(word) < 9 else 2
        found = process.extract(word, _vocabulary().words, scorer=OSA.distance, score_cutoff=limit, limit=2)
        unique = found and (len(found) == 1 or found[1][1] > found[0][1])
        # A slip is forgiven away from a word's first letter, two slips away from its first two ("sends" is
        # not "ends", "allocated" is not "located").
        same_start = found and found[0][0][:1] == word[:1] and (found[0][1] < 2 or found[0][0][:2] == word[:2])
        if unique and same_start and abs(len(found[0][0]) - len(word)) <= limit:
            return found[0][0], int(found[0][1])
    return None


def _slip_of(word: str, known: str) -> bool:
    """Whether ``word`` is ``known`` with its letters in another order two swaps away ("acitivty"), or with a
    letter doubled or undoubled ("refferal", "referal")."""
    if sorted(word) == sorted(known) and OSA.distance(word, known) <= 2:
        return True
    return word != known and re.sub(r"(.)\1+", r"\1", word) == re.sub(r"(.)\1+", r"\1", known)


def _skeleton(word: str) -> str:
    """A word's first letter and its consonants: how people shorten words ("fndr", "rcvd", "src")."""
    return word[:1] + re.sub(r"[aeiouy]", "", word[1:])


@functools.cache
def _single_words() -> dict[str, frozenset[str]]:
    """Each one-word phrase of a concept or a negative (five letters or more) -> the concepts it names."""
    out: dict[str, set[str]] = {}
    for key, concepts in _vocabulary().phrases.items():
        if len(key) == 1 and len(key[0]) >= 5 and concepts != ("",):
            out.setdefault(key[0], set()).update(concepts)
    return {w: frozenset(c) for w, c in out.items()}


def _abbreviation_of(word: str) -> str | None:
    """The word ``word`` shortens (its start, or its consonants), when every word it could shorten names
    the same concepts; else None ("proj" is project, "act" could be activity or active)."""
    found = _shortened(word)
    if found and len(set(found.values())) == 1:
        return min(found, key=len)
    return None


@functools.lru_cache(maxsize=65536)
def _shortened(word: str) -> dict[str, frozenset[str]]:
    """The vocabulary's words that ``word`` may shorten, with their concepts."""
    if not (3 <= len(word) <= 6 and word.isalpha()):
        return {}
    return {
        w: c for w, c in _single_words().items() if len(w) > len(word) and (w.startswith(word) or _skeleton(w) == word)
    }


_YEAR = re.compile(r"\b(?:19|20)\d\d(?:\s*[/-]\s*(?:19|20)?\d\d)?\b|\b(?:fy|q)\s?\d{1,2}[a-z]?\b|\b\d+[a-z]?\b", re.I)
# Examples after the words: "e.g. ...", "such as ...", Welsh "fel ..." only before a list ("fel" is also "as").
_EXAMPLES = re.compile(r"\b(?:e\.?\s?g|e\.?\s?e|for example|er enghraifft|such as)\b[.:,]?.*$", re.I)
_FEL = re.compile(r"\bfel\b", re.I)
_INSTRUCTION = re.compile(r"\b(e\.?g|e\.?e|for example|do not|don't|please|if|where|tick|see|nodwch|os)\b", re.I)


@dataclass
class _Words:
    concepts: set[str] = field(default_factory=set)
    recognised: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    negative: list[str] = field(default_factory=list)
    typos: int = 0
    doubtful: int = 0  # unknown words that may shorten a word naming something not collected ("acc.")


def _read_words(text: str) -> _Words:
    """The concepts a piece of heading text names, and the words it does not explain."""
    text = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", text)  # LeadOrgName, RptPeriodTo
    text = re.sub(r"\bp\.\s?a\.", " per annum ", text, flags=re.I)  # "p.a." (not Welsh "pa", which)
    text = re.sub(r"\b(?:[A-Za-z]\.){2,}", lambda m: m[0].replace(".", ""), text)  # L.W., W.T.E., R.A.G.
    text = text.replace("£", " gbp ").replace("%", " percent ").replace("&", " and ")
    text = re.sub(r"\(s\)|/s\b|\(au\)|\(iau\)", "", text, flags=re.I)
    text = _YEAR.sub(" ", _norm(_YEAR.sub(" ", text)))
    vocabulary = _vocabulary()
    words, typos = [], 0
    for word in text.split():
        form = _known_form(word, vocabulary.known)
        if form is None:
            words.append(word)
        else:
            words.append(form[0])
            typos += form[1]
    out = _Words(typos=typos)
    i = 0
    while i < len(words):
        for length in range(min(vocabulary.longest, len(words) - i), 0, -1):
            key = tuple(words[i : i + length])
            if key in vocabulary.phrases:
                concepts = vocabulary.phrases[key]
                phrase = " ".join(key)
                if "-" in concepts:
                    out.negative.append(phrase)
                elif concepts != ("",):
                    out.concepts.update(concepts)
                    out.recognised.append(phrase)
                i += length
                break
        else:
            alternative = _abbreviation_of(words[i])  # a word met only inside longer phrases ("src")
            concepts = vocabulary.phrases.get((alternative,), ()) if alternative else ()
            if concepts and concepts != ("",):
                if "-" in concepts:
                    out.negative.append(alternative)
                else:
                    out.concepts.update(concepts)
                    out.recognised.append(alternative)
                out.typos += 1
            elif len(words[i]) > 1:
                out.unknown.append(words[i])
                out.doubtful += any("-" in c for c in _shortened(words[i]).values())
            i += 1
    return out


@dataclass(frozen=True)
class Reading:
    """How one heading reads: the field (None when not read), how, with what confidence, and why."""

    field: str | None
    how: str
    confidence: float
    candidates: tuple[str, ...] = ()  # the fields it came close to (ambiguous, duplicate, or too unsure)
    words: tuple[str, ...] = ()  # the words it was recognised by, or the words that ruled it out
    ruled_out: bool = False  # it names something a return does not collect ("Contact", "RAG")


def _exact_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for f in schema.FIELDS:
        for text in (f.key, f.en, f.cy, f.header):
            index.setdefault(schema.normalise_label(text.replace("*", " ")), f.key)
    return index


_EXACT = _exact_index()


def _split(text: str) -> tuple[str, str]:
    """The heading's main words, and its brackets (units, instructions, examples) apart."""
    extra = " ".join(re.findall(r"\(([^)]*)\)?", text))
    main = re.sub(r"\([^)]*\)?", " ", text)
    return main[: _examples_start(main)], extra


def _examples_start(main: str) -> int:
    """Where examples start in a heading's main words (its length when none do).

    "fel" starts them only when a comma follows it: only the first "fel" can (a comma after a later one is
    after the first too), so the heading is looked through once, not once from each "fel" to its end.
    """
    examples = _EXAMPLES.search(main)
    start = examples.start() if examples else len(main)
    fel = _FEL.search(main, 0, start)
    if fel and main.find(",", fel.end()) >= 0:
        return fel.start()
    return start


def _evaluate(concepts: set[str], unknown: int = 0) -> list[tuple[str, int, bool]]:
    """(field, how many concepts it needed, weak) for every field whose rule the concepts meet."""
    matches = []
    for key, rule in RULES.items():
        if not concepts - SOFT_CONCEPTS <= rule.known or concepts & rule.refuses:
            continue
        best = None
        strict = rule.strict if not unknown else ()
        for weak, sets in ((False, rule.needs + strict), (True, rule.weak)):
            for needs in sets:
                if needs <= concepts and (best is None or (len(needs), not weak) > (best[0], not best[1])):
                    best = (len(needs), weak)
        if best is not None:
            matches.append((key, best[0], best[1]))
    return matches


def read_heading(text: object) -> Reading:
    """How a heading cell reads, on its own (its first :data:`MAX_HEADING` characters).

    >>> read_heading("Referral routes").field
    'referral_routes'
    >>> read_heading("No. of referrals received (last 12 months)").field
    'referrals_received'
    >>> read_heading("Contact email").how
    'ignored'
    """
    if text is None or str(text).strip() == "":
        return Reading(None, IGNORED, 0.0)
    return _read_heading(_considered(str(text)))


def _considered(text: str) -> str:
    """The heading as it is read: stars and runs of spaces as one space, cut at a space to at most
    :data:`MAX_HEADING` characters.

    >>> _considered("Referrals  received*")
    'Referrals received'
    >>> len(_considered("Number of referrals " * 50))
    499
    """
    raw = re.sub(r"\s+", " ", text.replace("*", " ")).strip()
    if len(raw) <= MAX_HEADING:
        return raw
    space = raw.rfind(" ", 0, MAX_HEADING + 1)
    return raw[: space if space > 0 else MAX_HEADING]


@functools.lru_cache(maxsize=4096)  # keyed by the heading as read, so a long cell is not kept whole
def _read_heading(raw: str) -> Reading:
    exact = _EXACT.get(schema.normalise_label(raw))
    if exact:
        return Reading(exact, EXACT, 1.0, words=(raw,))
    parts = [p for p in re.split(r"\s+/\s+", raw) if p.strip()]
    if len(parts) > 1:  # "English / Cymraeg": the halves agree, or one names nothing, or most agree
        readings = [read_heading(p) for p in parts]
        fields = [r.field for r in readings if r.field]
        top = max(set(fields), key=fields.count) if fields else None
        if fields and (len(set(fields)) == 1 or fields.count(top) * 2 > len(parts)):
            return max((r for r in readings if r.field == top), key=lambda r: r.confidence)
    return _read_by_words(raw)


def _read_by_words(raw: str) -> Reading:
    main, extra = _split(raw)
    words = _read_words(main)
    brackets = _read_words(extra) if extra.strip() else _Words()
    instruction = bool(_INSTRUCTION.search(extra)) or bool(re.search(r"[,/]|\.\.\.|\betc\b", extra))
    named = words.concepts | brackets.concepts
    negative = [
        n
        for n in words.negative
        if n not in WEAK_NEGATIVE or not named & WEAK_NEGATIVE_OUTWEIGHED_BY.get(n, SPECIFIC_CONCEPTS)
    ] + [n for n in brackets.negative if n in STRONG_NEGATIVE or (not instruction and n not in WEAK_NEGATIVE)]
    if negative:
        return Reading(None, IGNORED, 0.0, words=tuple(negative), ruled_out=True)
    units = {c for c in brackets.concepts if c in UNIT_CONCEPTS}
    if not words.concepts and units and words.unknown:  # "Care coordinators (FTE)": the unit of something else
        return Reading(None, IGNORED, 0.0, words=tuple(words.unknown))
    concepts = words.concepts | units
    if not concepts:
        return Reading(None, IGNORED, 0.0, words=tuple(words.unknown))
    matches = _evaluate(concepts, len(words.unknown))
    if not matches:
        return Reading(None, IGNORED, 0.0, candidates=_near(concepts), words=tuple(words.recognised))
    top = max(m[1] for m in matches)
    best = [m for m in matches if m[1] == top]
    if len(best) > 1 and any(not m[2] for m in best):
        best = [m for m in best if not m[2]]
    confidence = UNKNOWN_WORD_FACTOR ** len(words.unknown) * (1 - 0.1 * words.typos) * 0.5**words.doubtful
    recognised = tuple(words.recognised + brackets.recognised)
    if len(best) > 1:
        return Reading(None, AMBIGUOUS, round(confidence, 2), tuple(m[0] for m in best), recognised)
    key, _, weak = best[0]
    confidence *= WEAK_FACTOR if weak else 1.0
    confidence = round(confidence, 2)
    if confidence < MIN_CONFIDENCE:
        return Reading(None, IGNORED, confidence, (key,), recognised)
    return Reading(key, WORDS, confidence, words=recognised)


def _near(concepts: set[str]) -> tuple[str, ...]:
    """Fields whose needs the concepts meet, ignoring what else the heading names (for suggestions)."""
    return tuple(key for key, rule in RULES.items() if any(needs <= concepts for needs in rule.needs))


def similarity(heading: object, key: str) -> float:
    """How close a heading comes to naming field ``key``, 0-100: for "did you mean" when a field is missing."""
    from rapidfuzz import fuzz

    if heading is None:
        return 0.0
    reading = read_heading(heading)
    if reading.field == key:
        return 100.0
    if key in reading.candidates:
        return 90.0
    f = schema.FIELD_BY_KEY[key]
    text = _norm(_considered(str(heading)))
    return max(fuzz.token_sort_ratio(text, _norm(label)) for label in (f.en, f.cy, *CONCEPTS_OF(key)))


def CONCEPTS_OF(key: str) -> tuple[str, ...]:
    """The phrases of the concepts a field needs, for comparing headings against it."""
    rule = RULES[key]
    concepts = {c for needs in rule.needs for c in needs}
    return tuple(p for c in sorted(concepts) for p in CONCEPTS[c][:4])
