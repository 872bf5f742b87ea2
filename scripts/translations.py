"""Bring the gettext catalogues up to date with the code (``make translations``).

The English catalogue (``sprx_map/i18n/locale/en/LC_MESSAGES/sprx_map.po``) is the source: each entry's
``msgctxt`` is its key and its ``msgid`` the English text. This

1. adds to it every key the code names that it lacks (a literal key handed to ``t``, ``tn`` or ``message``, a
   field of the schema, a term of a vocabulary), its ``msgid`` the key itself and marked fuzzy, for the
   developer to write the English;
2. brings every other language up to the English (:func:`sprx_map.i18n.catalogue.merge`): a new key is added
   untranslated, one whose English changed is marked fuzzy with the English it was made from, a key no longer
   in English is dropped;
3. writes the files that changed and says what is left to translate.

``--check`` writes nothing and fails when a file would change. ``--from-py EN.py CY.py`` first adds the
entries of the dicts the words were once kept in (``sprx_map/i18n/en.py`` and ``cy.py``, as a branch made
before the move may still have them) that the catalogues lack, so merging such a branch is mechanical.

Tests fail while any entry is untranslated or fuzzy (tests/unit/test_translations.py), so a catalogue is
finished when this says nothing is left.
"""

from __future__ import annotations

import argparse
import ast
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from babel.messages.catalog import Message  # noqa: E402

from sprx_map.i18n import LANGUAGES  # noqa: E402
from sprx_map.i18n.catalogue import merge, po_path, read, write  # noqa: E402

# Keys the code names literally: t("key"), tn("key", ...), message("key", ...); fields and terms by their names.
LITERAL = re.compile(r"""\b(?:t|tn|message|Message)\(\s*["']([a-z_]+\.[a-z0-9_.]+)["']""")
FIELD = re.compile(r"""\bField\(\s*["'](\w+)["']""")
TERM = re.compile(r"""\bTerm\(\s*["'](\w+)["'],\s*["'](\w+)["']""")


def keys_in_code(root: Path = ROOT) -> list[str]:
    """Every key the code names literally, in the order first found (files in path order)."""
    sources = sorted([*(root / "sprx_map").rglob("*.py"), *(root / "pages").glob("*.py"), root / "app.py"])
    found: dict[str, None] = {}
    for path in sources:
        text = path.read_text(encoding="utf-8")
        found.update(dict.fromkeys(LITERAL.findall(text)))
        found.update(dict.fromkeys(f"field.{name}" for name in FIELD.findall(text)))
        found.update(dict.fromkeys(f"term.{vocabulary}.{key}" for vocabulary, key in TERM.findall(text)))
    return list(found)


def _dict_in(path: Path) -> dict[str, str]:
    """The one dict literal assigned in a catalogue module of old (key -> text), read without running it."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    node = next(
        n.value for n in tree.body if isinstance(n, (ast.Assign, ast.AnnAssign)) and isinstance(n.value, ast.Dict)
    )
    return ast.literal_eval(node)


def from_py(english_py: Path, welsh_py: Path) -> list[str]:
    """Add to both catalogues the entries of old-style dicts that they lack; what was added, and any entry
    whose English differs from the catalogue's (to be checked by hand), is returned for the record."""
    english, welsh = read("en"), read("cy")
    known = {m.context: m for m in english if m.context}
    old_en, old_cy = _dict_in(english_py), _dict_in(welsh_py)
    said = []
    for key, text in old_en.items():
        if key in known:
            if known[key].id != text and not known[key].pluralizable:
                said.append(f"{key}: the English differs from the catalogue's; left as the catalogue has it")
            continue
        flags = {"python-brace-format"} if re.search(r"\{\w", text) else set()
        english[key] = Message(text, "", context=key, flags=flags)
        welsh[text] = Message(text, old_cy.get(key, ""), context=key, flags=flags)
        said.append(f"{key}: added" + (" (it writes '(s)': make it a plural entry)" if "(s)" in text else ""))
    po_path("en").write_bytes(write("en", english))
    po_path("cy").write_bytes(write("cy", welsh))
    return said


def update(root: Path = ROOT) -> dict[str, tuple[bytes, list[str]]]:
    """lang -> (the catalogue's new text, what is left to do in it)."""
    english = read("en")
    known = {m.context for m in english if m.context}
    for key in keys_in_code(root):
        if key not in known:
            english[key] = Message(
                key, "", context=key, flags={"fuzzy"}, auto_comments=["New: write its English as the msgid."]
            )
    out = {"en": (write("en", english), [f"{m.context}: no English yet" for m in english if m.fuzzy])}
    for lang in LANGUAGES[1:]:
        catalogue = merge(english, read(lang))
        left = [
            f"{m.context}: {'fuzzy' if m.fuzzy else 'untranslated'}"
            for m in catalogue
            if m.context and (m.fuzzy or not all(m.string if m.pluralizable else [m.string]))
        ]
        out[lang] = (write(lang, catalogue), left)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="write nothing; fail when a catalogue would change")
    parser.add_argument("--from-py", nargs=2, type=Path, metavar=("EN.py", "CY.py"), help="add old-style entries")
    args = parser.parse_args(argv)
    if args.from_py and not args.check:
        for line in from_py(*args.from_py):
            print(line)
    changed = []
    for lang, (text, left) in update().items():
        path = po_path(lang)
        if path.read_bytes() != text:
            changed.append(str(path.relative_to(ROOT)))
            if not args.check:
                path.write_bytes(text)
        for line in left:
            print(f"{lang}: {line}")
    verb = "would change" if args.check else "updated"
    print(f"{verb}: {', '.join(changed)}" if changed else "catalogues up to date")
    return 1 if args.check and changed else 0


if __name__ == "__main__":
    sys.exit(main())
