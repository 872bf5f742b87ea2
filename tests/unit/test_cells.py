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
    parsed = cells.parse_choices("art and creativity; knitting", schema.ACTIVITY_CATEGORIES, required=True)
    assert parsed.value == []
    assert [(n.severity, n.params["value"], in_language(n.suggestion)) for n in parsed.notes] == [
        ("error", "art and creativity", "'arts and creativity'"),
        ("error", "knitting", ""),
    ]
    # Worded when shown: the suggestion and the allowed values in the reader's language.
    note = parsed.notes[0]
    finding = Finding(
        "r.xlsx", 5, "Activity categories", "art and creativity", "error", note.key, note.params, note.suggestion
    )
    arts = next(term for term in schema.ACTIVITY_CATEGORIES if term.key == "arts")
    assert finding.suggestion_text("en") == "Did you mean 'arts and creativity'?"
    assert finding.suggestion_text("cy") == t("finding.did_you_mean", "cy", options=f"'{arts.cy}'")
    assert arts.en in finding.message("en") and arts.en not in finding.message("cy")
    assert finding.message("cy").endswith(", ".join(term.cy for term in schema.ACTIVITY_CATEGORIES) + ".")


def test_unknown_optional_choice_is_dropped_with_a_warning():
    parsed = cells.parse_choices("carers; aliens", schema.TARGET_GROUPS)
    assert _value(parsed) == (["carers"], [("warning", "finding.not_in_list_dropped")])


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
