import pytest

from sprx_map import schema


def test_fields_in_order():
    assert [f.key for f in schema.FIELDS] == [
        "project_name",
        "lead_organisation",
        "health_board",
        "clusters_served",
        "status",
        "activity_categories",
        "target_groups",
        "referral_routes",
        "link_worker_fte",
        "link_worker_headcount",
        "referrals_received",
        "reporting_period_start",
        "reporting_period_end",
        "funding_sources",
        "annual_funding_gbp",
        "start_date",
        "end_date",
        "venue_postcode",
        "website",
        "evaluation_in_place",
        "outcome_measures",
        "notes",
    ]
    assert schema.REQUIRED == (
        "project_name",
        "lead_organisation",
        "health_board",
        "clusters_served",
        "status",
        "activity_categories",
    )


def test_vocabularies():
    assert [t.key for t in schema.STATUSES] == ["current", "planned", "ended"]
    assert [t.en for t in schema.ACTIVITY_CATEGORIES] == [
        "arts and creativity",
        "gardening, nature and green activity",
        "physical activity and sport",
        "befriending and social groups",
        "learning and skills",
        "volunteering",
        "cookery and healthy eating",
        "debt, benefits and money advice",
        "housing advice",
        "employment support",
        "mental health and emotional support",
        "self-care and long-term conditions",
        "other",
    ]
    assert len(schema.TARGET_GROUPS) == 11
    assert [t.en for t in schema.REFERRAL_ROUTES] == [
        "GP",
        "practice nurse",
        "other health professional",
        "social services",
        "housing",
        "third sector",
        "self-referral",
    ]
    assert len(schema.FUNDING_SOURCES) == 7
    assert [t.en for t in schema.OUTCOME_MEASURES] == ["WEMWBS", "SWEMWBS", "ONS4", "other"]


@pytest.mark.parametrize(
    ("header", "key"),
    [
        ("Project name * / Enw'r prosiect", "project_name"),
        ("Name of scheme", "project_name"),
        ("PROJECT TITLE", "project_name"),
        ("No. of link workers (FTE)", "link_worker_fte"),
        ("Link worker WTE", "link_worker_fte"),
        ("Referrals 2016/17", "referrals_received"),
        ("Number of referrals", "referrals_received"),
        ("Atgyfeiriadau a dderbyniwyd", "referrals_received"),
        ("Categorïau gweithgaredd", "activity_categories"),
        ("Annual funding (£)", "annual_funding_gbp"),
        ("Favourite colour", None),
        (None, None),
    ],
)
def test_match_header(header, key):
    assert schema.match_header(header) == key


def test_every_field_header_matches_itself():
    assert [schema.match_header(f.header) for f in schema.FIELDS] == [f.key for f in schema.FIELDS]
    assert [schema.match_header(f.cy) for f in schema.FIELDS] == [f.key for f in schema.FIELDS]
