import ast
import re
from pathlib import Path

from sprx_map import PROJECT_DIR, measures
from sprx_map.i18n import CATALOGUE, CATALOGUES, t

SOURCES = [
    *Path(PROJECT_DIR, "sprx_map").rglob("*.py"),
    *Path(PROJECT_DIR, "pages").glob("*.py"),
    Path(PROJECT_DIR, "app.py"),
]
# Keys passed literally to t(...); keys built with f-strings are checked below.
KEY = re.compile(r"""\bt\(\s*["']([a-z_]+\.[a-z0-9_.]+)["']""")


def test_every_key_used_in_code_is_in_the_catalogue():
    used = {k for path in SOURCES for k in KEY.findall(path.read_text(encoding="utf-8"))}
    assert used, "no catalogue keys found: the pattern is wrong"
    assert sorted(used - set(CATALOGUE)) == []


# File names that happen to look like keys of a namespace ("app", "store").
FILE_NAMES = {"app.py", "store.sqlite", "store.dump"}


def test_every_key_shaped_literal_is_in_the_catalogue():
    """A key handed on before it is worded (a finding, a refusal, a column note) is a plain string; any string
    literal shaped like a key in one of the catalogue's namespaces must be in it, whatever function it is passed to."""
    spaces = {key.split(".")[0] for key in CATALOGUE}
    shaped = re.compile(r"^[a-z_]+\.[a-z0-9_]+(\.[a-z0-9_]+)*$")
    missing = []
    for path in SOURCES:
        if "i18n" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        parts = {id(v) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for v in node.values}
        for node in ast.walk(tree):
            value = getattr(node, "value", None)
            if not (isinstance(node, ast.Constant) and isinstance(value, str)) or id(node) in parts:
                continue
            keyed = shaped.match(value) and value.split(".")[0] in spaces and not value.endswith("_")
            if keyed and value not in FILE_NAMES and value not in CATALOGUE:
                missing.append(f"{path.name}: {value}")
    assert missing == []


def test_the_sources_read_are_every_module_of_every_package():
    packages = {p.parent for p in Path(PROJECT_DIR, "sprx_map").rglob("__init__.py")}
    assert {p.name for p in packages} >= {"sprx_map", "ui", "geo", "maps", "i18n"}
    every = {p for package in packages for p in package.glob("*.py")}
    assert every <= set(SOURCES)
    assert Path(PROJECT_DIR, "sprx_map", "ui", "widgets.py") in SOURCES


def _refusals(trees) -> set[str]:
    """The names of every Refusal class (and its subclasses, however deep) defined in the package."""
    names, found = {"Refusal"}, True
    while found:
        found = False
        for tree in trees:
            for node in ast.walk(tree):
                bases = {getattr(b, "id", getattr(b, "attr", None)) for b in getattr(node, "bases", [])}
                if isinstance(node, ast.ClassDef) and node.name not in names and bases & names:
                    names.add(node.name)
                    found = True
    return names


def test_every_message_key_made_anywhere_is_in_the_catalogue():
    """Every key a message is made of (``t``, ``message``, ``Message``, a refusal, a replica's error, a finding's
    ``error`` or ``warn``), in every package (ui/ included), is in the catalogue, whatever its namespace; a key
    built with an f-string must at least start like one."""
    trees = {path: ast.parse(path.read_text(encoding="utf-8")) for path in SOURCES}
    makers = {"t", "message", "Message", "ReplicaError", *_refusals(trees.values())}  # called by name
    methods = {"error", "warn"}  # a cell's finding: ``out.warn("finding.key", ...)``
    assert {"StoreError", "BoundaryError", "FileRefused", "ReturnFileError"} <= makers
    found, missing = {}, []
    for path, tree in trees.items():
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and node.args):
                continue
            by_name = isinstance(node.func, ast.Name) and node.func.id in makers
            if not (by_name or (isinstance(node.func, ast.Attribute) and node.func.attr in methods)):
                continue
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                found.setdefault(path.parent.name, set()).add(first.value)
                if first.value not in CATALOGUE:
                    missing.append(f"{path.name}: {first.value}")
            elif isinstance(first, ast.JoinedStr) and isinstance(first.values[0], ast.Constant):
                prefix = first.values[0].value
                if "." in prefix and not any(key.startswith(prefix) for key in CATALOGUE):
                    missing.append(f"{path.name}: {prefix}...")
    assert missing == []
    assert {"sprx_map", "ui", "geo", "maps", "pages"} <= set(found)  # keys were found in every layer
    assert sum(len(keys) for keys in found.values()) > 400


def test_keys_built_from_vocabularies_exist():

    assert [m for m in (*measures.COLUMNS,) if f"measure.{m}" not in CATALOGUE] == []
    assert [lvl for lvl in ("health_board", "local_authority", "cluster") if f"level.{lvl}" not in CATALOGUE] == []
    from sprx_map import store

    assert [c.name for c in store.submissions.columns if c.name != "id" and f"history.{c.name}" not in CATALOGUE] == []
    for section in ("what", "data", "measures", "apportioning", "clusters", "template", "sources"):
        assert f"about.{section}.title" in CATALOGUE and f"about.{section}.body" in CATALOGUE


def test_every_entry_has_english_and_welsh():
    assert [k for k, v in CATALOGUE.items() if not v.get("en")] == []
    assert [k for k, v in CATALOGUE.items() if not v.get("cy")] == []


def test_both_languages_fill_in_the_same_values():
    import string

    def fields(text):
        return sorted({name for _, name, _, _ in string.Formatter().parse(text) if name is not None})

    assert [k for k, v in CATALOGUE.items() if fields(v["en"]) != fields(v["cy"])] == []


def test_glossary_terms_are_used_consistently():
    # docs/glossary.md is the reference; these are the terms the brief fixes.
    glossary = (PROJECT_DIR / "docs" / "glossary.md").read_text(encoding="utf-8")
    for en, cy in (
        ("social prescribing", "presgripsiynu cymdeithasol"),
        ("link worker", "gweithiwr cyswllt"),
        ("health board", "bwrdd iechyd"),
        ("cluster", "clwstwr"),
        ("local authority", "awdurdod lleol"),
        ("referral", "atgyfeiriad"),
    ):
        assert en in glossary.lower() and cy in glossary.lower()
    assert t("level.health_board", "cy") == "Bwrdd iechyd" and t("level.cluster", "cy") == "Clwstwr"
    assert t("level.local_authority", "cy") == "Awdurdod lleol"
    assert "atgyfeiriad" in t("measure.referrals", "cy").lower()
    assert "gweithwyr cyswllt" in t("measure.link_worker_fte", "cy").lower()


def test_lookup():
    assert t("level.cluster", "cy") == "Clwstwr"
    assert t("level.cluster", "en") == "Cluster"
    assert t("finding.required", field="Status") == "'Status' is required: fill it in."


# A person may be referred more than once: referrals are counted as referrals, never as people.
REFERRALS_AS_PEOPLE = {
    "en": re.compile(
        r"\bpeople (?:are |were |being )?referred\b|\bnumber of people\b|\bpeople (?:they |it )?reach"
        r"|\bcounts? of people\b|\bpeople per FTE\b",
        re.IGNORECASE,
    ),
    "cy": re.compile(
        r"\bpobl a atgyfeiriwyd\b|\bpobl sy'n cael eu hatgyfeirio\b|\bcyfrif(?:on)? pobl\b|\bo bobl fesul\b"
        r"|\bfaint o bobl\b",
        re.IGNORECASE,
    ),
}
# A count of areas written into the words (digits or numerals before an area's name, "(60 in Wales)"):
# counts are values from the geography in use, so placeholders such as "{total} clusters" pass.
FIXED_COUNT = {
    "en": re.compile(
        r"\b\d+ (?:primary care |local )?(?:clusters?|health boards?|boards?|authorit(?:y|ies))\b|\(\d+ in Wales\)"
        r"|\b(?:seven|twenty-two|sixty|sixty-four) (?:local )?(?:health boards?|boards?|authorities|clusters?)\b",
        re.IGNORECASE,
    ),
    "cy": re.compile(
        r"\b\d+ (?:clwstwr|clystyrau|bwrdd|byrddau|awdurdod|awdurdodau)\b|\(\d+ yng Nghymru\)"
        r"|\b(?:saith|dau ddeg dau|dau ar hugain|chwe deg|trigain) (?:bwrdd|awdurdod|clwstwr)",
        re.IGNORECASE,
    ),
}


def _entries_matching(patterns: dict[str, re.Pattern]) -> tuple[list[str], dict[str, int]]:
    """(``lang:key`` of every entry a pattern of its language finds, how many entries of each language were read)."""
    found, read = [], {}
    for lang, catalogue in CATALOGUES.items():
        for key, text in catalogue.items():
            read[lang] = read.get(lang, 0) + 1
            if patterns[lang].search(text):
                found.append(f"{lang}:{key}")
    return found, read


def test_no_entry_counts_referrals_as_people():
    found, read = _entries_matching(REFERRALS_AS_PEOPLE)
    assert found == []
    assert read == {"en": len(CATALOGUES["en"]), "cy": len(CATALOGUES["cy"])} and min(read.values()) > 800
    # the patterns find the wording they are for (as it was)
    assert all(
        REFERRALS_AS_PEOPLE["en"].search(text)
        for text in (
            "**Referrals**: people referred to current and ended projects",
            "how many people they reach",
            "how many people are referred",
            "Referral counts are counts of people.",
            "Typical caseload: 200-250 people per FTE a year",
        )
    )
    assert all(
        REFERRALS_AS_PEOPLE["cy"].search(text)
        for text in (
            "**Atgyfeiriadau**: pobl a atgyfeiriwyd at brosiectau",
            "faint o bobl y maent yn eu cyrraedd",
            "faint o bobl sy'n cael eu hatgyfeirio",
            "Cyfrifon pobl yw cyfrifon atgyfeiriadau.",
            "200 i 250 o bobl fesul CALl y flwyddyn",
        )
    )


def test_no_entry_writes_a_count_of_areas_into_its_words():
    found, read = _entries_matching(FIXED_COUNT)
    assert found == []
    assert read == {"en": len(CATALOGUES["en"]), "cy": len(CATALOGUES["cy"])} and min(read.values()) > 800
    # the patterns find a fixed count (as the words once had them), and let values and other numbers pass
    english, welsh = FIXED_COUNT["en"], FIXED_COUNT["cy"]
    assert all(
        english.search(text)
        for text in (
            "{clusters} of 60 clusters chosen",
            "of the clusters chosen (60 in Wales).",
            "what the seven health boards report",
            "1 of 7 health boards returned",
            "the 22 local authorities",
        )
    )
    assert all(welsh.search(text) for text in ("{clusters} o'r 60 clwstwr", "(60 yng Nghymru)", "y saith bwrdd iechyd"))
    assert not english.search("{clusters} of {total} clusters chosen ({clusters} in Wales); fewer than 10 referrals")
    assert not welsh.search("{clusters} o'r {total} clwstwr ({clusters} yng Nghymru); 10,000 o gleifion")
