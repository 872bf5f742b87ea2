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
        "project_type",
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
        "project_reference",
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
        "link worker / social prescriber / community connector",
    ]
    assert [(t.key, t.en, t.cy) for t in schema.PROJECT_TYPES] == [
        ("link_worker_service", "link-worker service", "gwasanaeth gweithwyr cyswllt"),
        ("community_activity", "community activity or service", "gweithgaredd neu wasanaeth cymunedol"),
        ("both", "both", "y ddau"),
    ]
    assert len(schema.FUNDING_SOURCES) == 7
    assert [t.en for t in schema.OUTCOME_MEASURES] == ["WEMWBS", "SWEMWBS", "ONS4", "other"]


def test_every_field_header_matches_itself():
    from sprx_map.headings import read_heading

    for label in ("header", "en", "cy"):
        readings = [read_heading(getattr(f, label)) for f in schema.FIELDS]
        assert [(r.field, r.how) for r in readings] == [(f.key, "exact") for f in schema.FIELDS]


def test_no_label_or_alias_names_two_terms_of_one_vocabulary():
    for terms in (
        schema.STATUSES,
        schema.ACTIVITY_CATEGORIES,
        schema.TARGET_GROUPS,
        schema.REFERRAL_ROUTES,
        schema.FUNDING_SOURCES,
        schema.OUTCOME_MEASURES,
        schema.YES_NO,
    ):
        owners: dict[str, set[str]] = {}
        for term in terms:
            for text in (term.key, term.en, term.cy, *term.aliases):
                owners.setdefault(schema.normalise_label(text), set()).add(term.key)
        assert {label: keys for label, keys in owners.items() if len(keys) > 1} == {}
