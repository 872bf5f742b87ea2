"""The gettext catalogues: complete in both languages, as `make translations` writes them, plural forms right."""

import importlib.util
import string

from babel.messages.catalog import Catalog

from sprx_map import PROJECT_DIR, schema
from sprx_map.i18n import CATALOGUE, catalogue, plural_forms, t, tn

ENGLISH, WELSH = catalogue.read("en"), catalogue.read("cy")


def _tool():
    spec = importlib.util.spec_from_file_location("translations", PROJECT_DIR / "scripts" / "translations.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_every_english_entry_has_its_text_and_none_is_fuzzy():
    entries = [m for m in ENGLISH if m.context]
    assert [m.context for m in entries if m.fuzzy or not all(m.id if m.pluralizable else [m.id])] == []
    assert len(entries) == len(CATALOGUE) and len(entries) > 900


def test_every_welsh_entry_is_translated_and_none_is_fuzzy():
    welsh = {m.context: m for m in WELSH if m.context}
    english = {m.context: m for m in ENGLISH if m.context}
    assert list(welsh) == list(english)  # the same keys, in the same order
    untranslated = [k for k, m in welsh.items() if not all(m.string if m.pluralizable else [m.string])]
    assert untranslated == []
    assert [k for k, m in welsh.items() if m.fuzzy] == []
    assert [k for k, m in welsh.items() if m.pluralizable != english[k].pluralizable] == []
    assert [k for k, m in welsh.items() if m.id != english[k].id] == []  # translated from today's English


def test_every_plural_form_fills_in_the_values_of_the_english():
    wrong = []
    for message in (m for m in ENGLISH if m.context and m.pluralizable):
        values = _fields(message.id[1])
        forms = [*message.id, *plural_forms(message.context, "cy")]
        wrong += [f"{message.context}: {form}" for form in forms if _fields(form) != values]
    assert wrong == []


def test_brace_placeholders_are_flagged_for_the_translators_tools():
    flagged = {m.context for m in ENGLISH if "python-brace-format" in m.flags}
    braced = {m.context for m in ENGLISH if m.context and _fields(m.id if isinstance(m.id, str) else m.id[1])}
    assert braced - flagged == set()


def test_welsh_has_the_six_plural_forms_of_cldr():
    assert WELSH.num_plurals == 6 and ENGLISH.num_plurals == 2
    assert WELSH.plural_expr == "(n==0) ? 0 : (n==1) ? 1 : (n==2) ? 2 : (n==3) ? 3 : (n==6) ? 4 : 5"
    choose = catalogue.load("cy").plural
    assert [choose(n) for n in (0, 1, 2, 3, 4, 5, 6, 7, 11, 100)] == [0, 1, 2, 3, 5, 5, 4, 5, 5, 5]


def test_the_catalogues_are_as_make_translations_writes_them():
    written = _tool().update()
    assert {lang: text == catalogue.po_path(lang).read_bytes() for lang, (text, _) in written.items()} == {
        "en": True,
        "cy": True,
    }
    assert {lang: left for lang, (_, left) in written.items()} == {"en": [], "cy": []}


def test_make_translations_finds_the_keys_of_fields_and_terms_in_the_code():
    keys = _tool().keys_in_code()
    assert {"field.status", "term.status.current", "term.yes_no.no", "finding.not_a_number"} <= set(keys)
    assert [f"field.{f.key}" for f in schema.FIELDS if f"field.{f.key}" not in keys] == []


def _catalogue(locale, entries):
    out = Catalog(locale=locale)
    for key, msgid, msgstr in entries:
        out.add(msgid, msgstr, context=key)
    return out


def test_merge_adds_new_keys_empty_marks_changed_english_fuzzy_and_drops_old_keys():
    english = _catalogue("en", [("a.kept", "Kept", ""), ("a.changed", "Changed now", ""), ("a.new", "New", "")])
    english.add(("{count} row", "{count} rows"), context="a.plural")
    welsh = _catalogue(
        "cy", [("a.kept", "Kept", "Cadwyd"), ("a.changed", "Changed", "Newidiwyd"), ("a.gone", "Gone", "Wedi mynd")]
    )
    welsh.add("{count} row(s)", "{count} rhes", context="a.plural")
    merged = {m.context: m for m in catalogue.merge(english, welsh) if m.context}
    assert list(merged) == ["a.kept", "a.changed", "a.new", "a.plural"]
    assert [(m.string, m.fuzzy) for m in merged.values()] == [
        ("Cadwyd", False),
        ("Newidiwyd", True),
        ("", False),
        (("{count} rhes",) * welsh.num_plurals, True),  # as many forms as the catalogue's Plural-Forms
    ]
    assert merged["a.changed"].previous_id == ["Changed"]


def test_field_and_term_labels_come_from_the_catalogue():
    status = schema.FIELD_BY_KEY["status"]
    assert (status.en, status.cy, status.label("cy")) == ("Status", "Statws", t("field.status", "cy"))
    assert status.header == "Status * / Statws"
    term = schema.STATUSES[0]
    assert (term.key, term.en, term.cy) == ("current", "current", "cyfredol")
    assert schema.label(schema.YES_NO, "no", "cy") == t("term.yes_no.no", "cy") == "nac ydy"
    assert dict(schema.RETURN_DETAILS and [(k, en) for k, en, _ in schema.RETURN_DETAILS])["round"] == "Survey round"


def test_tn_and_t_choose_the_same_form():
    assert tn("finding.required", 3, "cy", field="Statws") == t("finding.required", "cy", field="Statws")


def test_no_english_entry_writes_an_s_in_brackets():
    assert [key for key, entry in CATALOGUE.items() if "(s)" in entry["en"]] == []


def test_a_count_takes_the_welsh_form_with_its_mutation():
    words = [t("practices.missing_clusters", "cy", count=n, areas="X") for n in (0, 1, 2, 3, 6, 7)]
    assert words == [
        "Nid oes poblogaeth gan 0 clwstwr: X.",
        "Nid oes poblogaeth gan 1 clwstwr: X.",
        "Nid oes poblogaeth gan 2 glwstwr: X.",
        "Nid oes poblogaeth gan 3 chlwstwr: X.",
        "Nid oes poblogaeth gan 6 chlwstwr: X.",
        "Nid oes poblogaeth gan 7 clwstwr: X.",
    ]
    assert [t("practices.missing_clusters", "en", count=n, areas="X") for n in (1, 2)] == [
        "1 cluster gets no population: X.",
        "2 clusters get no population: X.",
    ]


def test_an_entry_names_the_value_that_chooses_its_form():
    values = {"file": "f.xlsx", "action": "imported", "board": "Powys", "round": "2024-01", "left_out": 1}
    assert (
        t("cli.import.done", "cy", projects=3, **values)
        == "f.xlsx: imported, 3 phrosiect ar gyfer Powys yn rownd 2024-01"
    )
    assert t("cli.import.done", "en", projects=1, **values) == "f.xlsx: imported, 1 project for Powys in round 2024-01"
    assert (
        tn("cli.import.left_out", 2, "cy")
        == t("cli.import.left_out", "cy", left_out=2)
        == "; hepgorwyd 2 res a wrthodwyd"
    )
    assert plural_forms("versions.rows", "cy") == ("rhes", "rhes", "res", "rhes", "rhes", "rhes")
