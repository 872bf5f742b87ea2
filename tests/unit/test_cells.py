import datetime as dt

import pytest

from sprx_map import cells, schema
from sprx_map.i18n import in_language, t
from sprx_map.returns import Finding


def _value(parsed):
    return parsed.value, [(n.severity, n.key) for n in parsed.notes]


@pytest.mark.parametrize(
    ("raw", "value", "notes"),
    [
        (1.5, 1.5, []),
        ("1.5 FTE", 1.5, []),
        ("approx. 200", 200, [("warning", "finding.approximate")]),
        ("c.150", 150, [("warning", "finding.approximate")]),
        ("1,200", 1200, []),
        ("0.5 + 0.5", 1.0, []),
        ("n/k", None, [("warning", "finding.missing_value")]),
        ("TBC", None, [("warning", "finding.missing_value")]),
        ("-", None, [("warning", "finding.missing_value")]),
        ("lots", None, [("error", "finding.not_a_number")]),
        ("1,20", None, [("error", "finding.not_a_number")]),
        ("1 000", 1000, []),
        ("1 2", None, [("error", "finding.not_a_number")]),
        (float("nan"), None, [("error", "finding.not_a_number")]),
        (-1, None, [("error", "finding.negative")]),
        (None, None, []),
    ],
)
def test_parse_number(raw, value, notes):
    assert _value(cells.parse_number(raw)) == (value, notes)


def test_parse_number_above_the_maximum_is_an_error():
    assert _value(cells.parse_number("60", maximum=50)) == (None, [("error", "finding.too_large")])
    assert _value(cells.parse_number(50, maximum=50)) == (50, [])


def test_parse_integer():
    assert _value(cells.parse_number("1,200", integer=True)) == (1200, [])
    assert _value(cells.parse_number(2.5, integer=True)) == (None, [("error", "finding.not_whole")])


@pytest.mark.parametrize(
    ("raw", "value", "notes"),
    [
        (dt.datetime(2017, 2, 1), dt.date(2017, 2, 1), []),
        ("2017-02-01", dt.date(2017, 2, 1), []),
        ("01/02/2017", dt.date(2017, 2, 1), []),
        ("1.2.17", dt.date(2017, 2, 1), []),
        ("Feb 2017", dt.date(2017, 2, 1), []),
        ("2016/17", dt.date(2016, 4, 1), [("warning", "finding.financial_year")]),
        (42767, dt.date(2017, 2, 1), []),
        ("42767", dt.date(2017, 2, 1), []),
        ("02/25/2017", None, [("error", "finding.month_first_date")]),
        ("31/02/2017", None, [("error", "finding.not_a_date")]),
        ("soon", None, [("error", "finding.not_a_date")]),
    ],
)
def test_parse_date(raw, value, notes):
    assert _value(cells.parse_date(raw)) == (value, notes)


def test_month_first_date_suggests_the_day_first_form():
    assert cells.parse_date("02/25/2017").notes[0].suggestion == "'25/02/2017'"


def test_choices_keep_labels_with_commas_and_slashes_whole():
    parsed = cells.parse_choices(
        "gardening, nature and green activity; Arts and creativity", schema.ACTIVITY_CATEGORIES, required=True
    )
    assert _value(parsed) == (["nature", "arts"], [])
    funders = cells.parse_choices(
        "Integrated Care Fund / Regional Integration Fund, National Lottery", schema.FUNDING_SOURCES
    )
    assert _value(funders) == (["icf_rif", "lottery"], [])
    assert cells.parse_choices("GP/self-referral\npractice nurse", schema.REFERRAL_ROUTES).value == [
        "gp",
        "self",
        "practice_nurse",
    ]


def test_unknown_choice_is_an_error_when_required_with_a_suggestion():
    # Not surely a listed kind: "other", listed to change, with the kinds it comes close to suggested.
    text = "gardening and befriendin groups; knitting"
    parsed = cells.parse_choices(text, schema.ACTIVITY_CATEGORIES, required=True)
    assert parsed.value == ["nature", "other"]
    assert [(n.severity, n.params["value"], in_language(n.suggestion)) for n in parsed.notes] == [
        ("warning", "befriendin groups", "'befriending and social groups'"),
        ("warning", "knitting", ""),
    ]
    assert {(n.key, n.read_as) for n in parsed.notes} == {("finding.read_as_other", "other")}
    # A list without "other" (referral routes): an unknown value in a required list is an error, as before.
    routes = cells.parse_choices("GP; carrier pigeon", schema.REFERRAL_ROUTES, required=True)
    assert [(n.severity, n.key) for n in routes.notes] == [("error", "finding.not_in_list")]
    # Worded when shown: the suggestion and the allowed values in the reader's language.
    note = parsed.notes[0]
    finding = Finding(
        "r.xlsx", 5, "Activity categories", "befriendin groups", "error", note.key, note.params, note.suggestion
    )
    term = next(term for term in schema.ACTIVITY_CATEGORIES if term.key == "befriending")
    assert finding.suggestion_text("en") == "Did you mean 'befriending and social groups'?"
    assert finding.suggestion_text("cy") == t("finding.did_you_mean", "cy", options=f"'{term.cy}'")
    assert term.en in finding.message("en") and term.en not in finding.message("cy")
    assert finding.message("cy").endswith(", ".join(term.cy for term in schema.ACTIVITY_CATEGORIES) + ".")


def test_a_clear_misspelling_of_a_value_is_read_with_a_warning():
    parsed = cells.parse_choices("art and creativity; Befreinding", schema.ACTIVITY_CATEGORIES, required=True)
    assert parsed.value == ["arts", "befriending"]
    assert [(n.severity, n.key, n.params["value"], n.read_as) for n in parsed.notes] == [
        ("warning", "finding.read_as", "art and creativity", "arts"),
        ("warning", "finding.read_as", "Befreinding", "befriending"),
    ]
    finding = Finding("r.xlsx", 5, None, "Befreinding", "warning", parsed.notes[1].key, parsed.notes[1].params)
    assert (
        finding.message("en") == "'Befreinding' read as 'befriending and social groups'. Check it, or choose another."
    )
    assert "cyfeillio a grwpiau cymdeithasol" in finding.message("cy")


def test_a_value_close_to_two_terms_is_not_guessed():
    # "Current and planned" names two statuses; "not yet current" is negated: neither is read as one.
    assert _value(cells.parse_choice("Current and planned", schema.STATUSES)) == (
        None,
        [("error", "finding.not_in_list")],
    )
    assert _value(cells.parse_choice("not yet current", schema.STATUSES))[0] is None
    assert _value(cells.parse_choice("Currnet", schema.STATUSES)) == ("current", [("warning", "finding.read_as")])


def test_terms_named_among_other_words_are_read_with_a_warning():
    parsed = cells.parse_choices("Walking football; arts & crafts", schema.ACTIVITY_CATEGORIES, required=True)
    assert parsed.value == ["physical", "arts"]
    assert [n.key for n in parsed.notes] == ["finding.read_as"]  # "arts & crafts" is an alias of arts


@pytest.mark.parametrize(
    ("text", "key"),
    [("arfaethedig", "planned"), ("presennol", "current"), ("wedi cau", "ended"), ("ar y gweill", "planned")],
)
def test_welsh_statuses_a_writer_may_use(text, key):
    assert _value(cells.parse_choice(text, schema.STATUSES)) == (key, [])


def test_welsh_categories_a_writer_may_use():
    parsed = cells.parse_choices("celf; garddio; ymarfer corff; cyngor ar ddyledion", schema.ACTIVITY_CATEGORIES)
    assert (parsed.value, parsed.notes) == (["arts", "nature", "physical", "money"], [])


def test_unknown_optional_choice_is_dropped_with_a_warning():
    # Referral routes have no "other": a route the list does not name is left out, with a warning.
    parsed = cells.parse_choices("GP; carrier pigeon", schema.REFERRAL_ROUTES)
    assert _value(parsed) == (["gp"], [("warning", "finding.not_in_list_dropped")])
    # Target groups have one: a group the list does not name is "other", to confirm.
    assert _value(cells.parse_choices("carers; aliens", schema.TARGET_GROUPS)) == (
        ["carers", "other"],
        [("warning", "finding.read_as_other")],
    )


def test_postcode_and_url():
    assert cells.parse_postcode("cf10 3nq").value == "CF10 3NQ"
    assert _value(cells.parse_postcode("somewhere")) == ("somewhere", [("warning", "finding.odd_postcode")])
    assert cells.parse_url("example.org/garden").value == "https://example.org/garden"
    assert _value(cells.parse_url("javascript:alert(1)")) == (None, [("warning", "finding.odd_url")])


ODD = [
    "",
    " ",
    "1 000",
    "1 2",
    "--5",
    "+",
    ".",
    "1e5",
    "½",
    "٣",
    "0x10",
    "1,2,3",
    "£",
    "c.",
    "approx",
    "1 + ",
    "n/k",
    "∞",
    "NaN",
    "inf",
    "-0",
    "1/2",
    "2016/17/18",
    "31/31/2017",
    "Feb",
    "00/00/0000",
    "99999999",
    "\n",
    "\x00",
    "<b>",
    "=1+2",
    1e308,
    -1e308,
    float("inf"),
    10**20,
    True,
    dt.time(1, 2),
    b"bytes",
    [1],
    {},
]


@pytest.mark.parametrize("raw", ODD)
def test_parsers_never_raise(raw):
    for parse in (
        cells.parse_text,
        cells.parse_number,
        cells.parse_date,
        cells.parse_postcode,
        cells.parse_url,
        lambda v: cells.parse_number(v, integer=True, maximum=50),
        lambda v: cells.parse_choice(v, schema.STATUSES),
        lambda v: cells.parse_choices(v, schema.ACTIVITY_CATEGORIES, required=True),
        lambda v: cells.parse_yesno(v, schema.YES_NO),
    ):
        parsed = parse(raw)
        assert all(note.severity in ("error", "warning") for note in parsed.notes)
