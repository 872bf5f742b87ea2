"""The gettext catalogues: one ``.po`` file per language, read with Babel when the package is imported.

Each entry's ``msgctxt`` is its catalogue key and its ``msgid`` the English text, so a translator sees the
source beside the key. The English catalogue is the source: its ``msgstr`` stays empty and the ``msgid`` is
shown. An entry whose words depend on a number is a plural entry (``msgid_plural``, one ``msgstr[i]`` per
plural form of the language, chosen by the catalogue's ``Plural-Forms`` header); the value that chooses the
form is ``{count}`` unless an extracted comment says ``plural form chosen by {name}``.

The ``.po`` files are read directly, not compiled to ``.mo``: there is no second file to keep up to date, and
reading both takes about a tenth of a second (measured when this was written).
"""

from __future__ import annotations

import gettext
import re
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po, write_po

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "sprx_map"
# "#. plural form chosen by {rows}": the value whose number picks the form, when it is not {count}.
COUNTED_BY = re.compile(r"plural form chosen by \{(\w+)\}")


def po_path(lang: str) -> Path:
    """The ``.po`` file of ``lang``."""
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def read(lang: str) -> Catalog:
    """The Babel catalogue of ``lang``, as written in its ``.po`` file."""
    with po_path(lang).open("rb") as fh:
        return read_po(fh, locale=lang, domain=DOMAIN)


def counted_by(message) -> str:
    """The placeholder whose number chooses the plural form of ``message`` (``count`` unless it says)."""
    for comment in message.auto_comments:
        if found := COUNTED_BY.search(comment):
            return found.group(1)
    return "count"


@dataclass
class Words:
    """One language's words, ready to look up: key -> text, and key -> plural forms with the rule picking one."""

    texts: dict[str, str] = field(default_factory=dict)
    plurals: dict[str, tuple[str, ...]] = field(default_factory=dict)
    counted: dict[str, str] = field(default_factory=dict)
    plural: object = None  # n -> index of the form (gettext's reading of the Plural-Forms header)


def load(lang: str, source: bool = False) -> Words:
    """The words of ``lang``. In the source (English) catalogue the ``msgid`` is the text; elsewhere an entry
    with no translation, or a fuzzy one, is left out, so that the English is shown instead."""
    catalogue = read(lang)
    words = Words(plural=gettext.c2py(catalogue.plural_expr))
    for message in catalogue:
        key = message.context
        if not key:
            continue  # the header
        if message.pluralizable:
            forms = message.id if source else tuple(message.string)
            if source or (all(forms) and not message.fuzzy):
                words.plurals[key] = tuple(forms)
                words.texts[key] = forms[-1]
            words.counted[key] = counted_by(message)
        elif source:
            words.texts[key] = message.string or message.id
        elif message.string and not message.fuzzy:
            words.texts[key] = message.string
    return words


def write(lang: str, catalogue: Catalog) -> bytes:
    """``catalogue`` as its ``.po`` file holds it (lines wrapped at 76 as Poedit and msgmerge do; previous
    English kept beside a fuzzy entry, so the translator sees what changed)."""
    import io

    out = io.BytesIO()
    write_po(out, catalogue, width=76, no_location=True, ignore_obsolete=True, include_previous=True)
    return out.getvalue()


def merge(source: Catalog, target: Catalog) -> Catalog:
    """``target`` brought up to ``source`` (the English), key by key (``msgctxt``), in the source's order.

    A key the target lacks is added untranslated (empty); one whose English changed, or which became or
    stopped being a plural entry, keeps its translation but is marked fuzzy with the English it was made
    from; a key the source no longer has is dropped. Extracted comments and flags come from the source; a
    translator's own comments stay.
    """
    old = {m.context: m for m in target if m.context}
    merged = Catalog(
        locale=target.locale,
        domain=target.domain,
        header_comment=target.header_comment,
        project=target.project,
        version=target.version,
        copyright_holder=target.copyright_holder,
        msgid_bugs_address=target.msgid_bugs_address,
        creation_date=target.creation_date,
        revision_date=target.revision_date,
        last_translator=target.last_translator,
        language_team=target.language_team,
        fuzzy=False,
    )
    merged._num_plurals, merged._plural_expr = target.num_plurals, target.plural_expr
    for message in source:
        if not message.context:
            continue
        before = old.get(message.context)
        n = merged.num_plurals if message.pluralizable else 1
        string: str | tuple[str, ...] = ("",) * n if message.pluralizable else ""
        flags, previous, comments = set(message.flags) - {"fuzzy"}, (), ()
        if before is not None:
            comments = before.user_comments
            same_shape = before.pluralizable == message.pluralizable
            if same_shape:
                string = before.string
            elif message.pluralizable:  # the old text as every form, for the translator to adjust
                string = (before.string,) * n
            else:
                string = before.string[-1]
            if before.id != message.id or not same_shape or "fuzzy" in before.flags:
                flags.add("fuzzy")
                previous = before.previous_id if "fuzzy" in before.flags and before.previous_id else before.id
        merged[message.id] = Message(
            message.id,
            string,
            context=message.context,
            flags=flags,
            auto_comments=message.auto_comments,
            user_comments=comments,
            previous_id=list(previous) if isinstance(previous, (list, tuple)) else [previous] if previous else [],
        )
    return merged
