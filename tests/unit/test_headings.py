"""Headings read by their words: exact cases, the hard pairs, and recall and precision on collected phrasings."""

import csv
import tomllib
from pathlib import Path

import pytest

from sprx_map import headings, schema
from sprx_map.headings import read_heading

CORPORA = Path(__file__).resolve().parents[1] / "data" / "headings"


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
        # The issue's own examples
        ("Cluster(s) served", "clusters_served"),
        ("Name of project", "project_name"),
        ("Provider organisation", "lead_organisation"),
        ("GP cluster", "clusters_served"),
        ("Type of intervention", "activity_categories"),
        ("FTE link workers", "link_worker_fte"),
        ("Total referrals", "referrals_received"),
    ],
)
def test_match_header(header, key):
    assert read_heading(header).field == key


@pytest.mark.parametrize(
    ("heading", "key"),
    [
        # referrals vs referral routes
        ("Referrals received (last 12 months)", "referrals_received"),
        ("Referral routes", "referral_routes"),
        ("Referral sources", "referral_routes"),
        ("Referral pathway", "referral_routes"),
        ("Who can refer?", "referral_routes"),
        ("Referred by", "referral_routes"),
        ("Annual referrals", "referrals_received"),
        # link-worker FTE vs headcount
        ("Number of link workers (FTE)", "link_worker_fte"),
        ("Whole time equivalent", "link_worker_fte"),
        ("Link worker headcount", "link_worker_headcount"),
        ("Number of staff", "link_worker_headcount"),
        ("No. of social prescribers (people, not FTE)", "link_worker_headcount"),
        # funding sources vs annual funding
        ("Funding source(s)", "funding_sources"),
        ("Funded by", "funding_sources"),
        ("Annual funding", "annual_funding_gbp"),
        ("Funding (£)", "annual_funding_gbp"),
        # start date vs reporting period start
        ("Start date", "start_date"),
        ("Reporting period start", "reporting_period_start"),
        ("Start of reporting period", "reporting_period_start"),
        ("Period to", "reporting_period_end"),
        ("End date", "end_date"),
        # Welsh, mutated
        ("Ym mha fwrdd iechyd mae'r prosiect?", "health_board"),
        ("Pa glwstwr?", "clusters_served"),
        ("Nifer y gweithwyr cyswllt", "link_worker_headcount"),
        ("Gweithwyr cyswllt (CALl)", "link_worker_fte"),
    ],
)
def test_hard_pairs_go_to_the_field_their_words_name(heading, key):
    assert read_heading(heading).field == key


@pytest.mark.parametrize(
    "heading",
    ["Contact email", "Comments", "RAG rating", "Date form completed", "Completed by", "Referrals accepted",
     "GP practice", "Cluster lead", "Number of clusters", "Delivery status (RAG)", "Care coordinators (FTE)"],
)  # fmt: skip
def test_headings_that_name_no_field_are_ignored(heading):
    reading = read_heading(heading)
    assert (reading.field, reading.how) == (None, headings.IGNORED)


def test_a_heading_close_to_two_fields_is_ambiguous_with_both():
    reading = read_heading("Funding")
    assert (reading.field, reading.how, set(reading.candidates)) == (
        None,
        headings.AMBIGUOUS,
        {"funding_sources", "annual_funding_gbp"},
    )


def test_how_and_confidence_say_what_was_guessed():
    assert read_heading("Referrals received") == headings.Reading(
        "referrals_received", "exact", 1.0, words=("Referrals received",)
    )
    clean = read_heading("No. of referrals received (last 12 months)")
    assert (clean.how, clean.confidence, clean.words) == ("words", 1.0, ("no", "referrals", "received"))
    typo = read_heading("Referals recieved")  # one slip in each word: each costs a tenth
    assert (typo.field, typo.how, typo.confidence) == ("referrals_received", "words", 0.8)
    unknown = read_heading("Referrals to the hub")  # one word the vocabulary does not know
    assert (unknown.field, unknown.confidence) == ("referrals_received", 0.85)


def test_swapped_and_doubled_letters_are_forgiven_once_and_only_where_unique():
    swapped = read_heading("Project Nmae")  # two letters swapped in a short word
    assert (swapped.field, swapped.how, swapped.confidence) == ("project_name", "words", 0.9)
    assert read_heading("Type of Acitivty").field == "activity_categories"  # letters out of order
    assert read_heading("Refferal method").field == "referral_routes"  # a letter doubled, another not
    assert read_heading("Funding p.a.").field == "annual_funding_gbp"
    # Welsh "pa" is "which", not "p.a."; "gweithio" (working) is not "gweithiwr" (worker).
    assert read_heading("Pa glystyrau meddygon teulu?").field == "clusters_served"
    assert read_heading("Ym mha glwstwr neu glystyrau y mae'r prosiect yn gweithio?").field == "clusters_served"
    assert read_heading("Ref No").field is None  # a reference number, not referrals


def test_plain_questions_are_read_by_what_they_ask():
    assert read_heading("Which groups of people do you mainly support?").field == "target_groups"
    assert read_heading("Pwy sy'n rhedeg y prosiect?").field == "lead_organisation"  # who runs it
    assert read_heading("Ydy'r prosiect yn rhedeg?").field == "status"  # is it running
    assert read_heading("Where does your money come from?").field == "funding_sources"
    assert read_heading("Faint o bobl sy'n gweithio fel gweithwyr cyswllt?").field == "link_worker_headcount"
    assert read_heading("Cost per head (£)").field is None


def test_every_field_has_a_rule_and_every_rule_a_field():
    assert set(headings.RULES) == {f.key for f in schema.FIELDS}


def _vocabulary_file() -> dict:
    with Path(headings.__file__).with_name("headings.toml").open("rb") as handle:
        return tomllib.load(handle)


def test_vocabulary_file_loads_with_a_rule_for_every_field():
    data = _vocabulary_file()
    assert list(data) == ["concepts", "compounds", "negative", "filler", "concept_groups", "welsh_mutations", "rules"]
    assert set(data["rules"]) == {f.key for f in schema.FIELDS}
    assert data["rules"]["project_name"] == {
        "needs": ["project+name"],
        "allows": ["name"],
        "weak": ["name"],
        "strict": ["project"],
        "refuses": ["who", "how", "where"],
    }
    assert headings.RULES["project_name"] == headings.Rule(
        needs=(frozenset({"project", "name"}),),
        allows=frozenset({"name"}),
        weak=(frozenset({"name"}),),
        strict=(frozenset({"project"}),),
        refuses=frozenset({"who", "how", "where"}),
    )
    assert headings.CONCEPTS["name"] == ("name", "title", "called", "enw", "teitl")  # English, then Welsh


def test_vocabulary_file_names_only_concepts_it_defines():
    data = _vocabulary_file()
    named = set()
    for rule in data["rules"].values():
        for part in ("needs", "weak", "strict"):
            named.update(concept for text in rule.get(part, ()) for concept in text.split("+"))
        named.update(rule.get("allows", ()), rule.get("refuses", ()))
    for group in data["compounds"]:
        named.update(set(group["concepts"]) - {"-"})
    for concepts in [*data["concept_groups"].values(), *data["negative"]["weak_outweighed_by"].values()]:
        named.update(concepts)
    assert named - set(data["concepts"]) == set()
    assert all(set(phrases) == {"en", "cy"} for phrases in data["concepts"].values())
    negative = {*data["negative"]["en"], *data["negative"]["cy"]}
    assert {*data["negative"]["strong"], *data["negative"]["weak"]} - negative == set()
    assert set(data["negative"]["weak_outweighed_by"]) <= set(data["negative"]["weak"])


def _corpus(name: str) -> list[dict]:
    with open(CORPORA / name, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize(
    "name", ["corpus.csv", "heldout.csv", "blind.csv", "blind2.csv", "blind3.csv", "blind4.csv", "blind5.csv"]
)
def test_recall_and_precision_on_collected_headings(name):
    """At least 95% of headings naming a field are read as it; none is ever read as a wrong field."""
    rows = _corpus(name)
    wrong = [(r["heading"], r["field"], read_heading(r["heading"]).field) for r in rows]
    wrong = [(h, want or None, got) for h, want, got in wrong if got is not None and got != (want or None)]
    named = [r for r in rows if r["field"]]
    found = sum(read_heading(r["heading"]).field == r["field"] for r in named)
    assert wrong == []
    assert found / len(named) >= 0.95, f"recall {found / len(named):.3f}"
    assert len(rows) >= 100 and {r["lang"] for r in rows} == {"en", "cy"}
