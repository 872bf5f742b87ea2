"""Illustrative survey returns: generated, realistic in shape, not real.

``python -m sprx_map sample --out data/sample_returns --seed 2017`` writes one
return per health board in the template layout. The same seed gives
byte-identical files. Every file says it is illustrative in its title rows and
its document properties.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from pathlib import Path

from sprx_map import schema
from sprx_map.geo.geography import Geography
from sprx_map.template import build_workbook, save_workbook

ROUND = "2017-02"
RETURNED_ON = dt.date(2017, 2, 24)
PERIOD = (dt.date(2016, 1, 1), dt.date(2016, 12, 31))
# The round before, so that change between rounds has something to show.
EARLIER_ROUND = "2016-02"
EARLIER_RETURNED_ON = dt.date(2016, 2, 26)
EARLIER_PERIOD = (dt.date(2015, 1, 1), dt.date(2015, 12, 31))
EARLIER_DIR = "earlier"
# A year earlier again, so that profiles show trends over three rounds. One board did not return in it,
# so a trend shows what a round without a return looks like: a gap, never a zero.
EARLIEST_ROUND = "2015-02"
EARLIEST_RETURNED_ON = dt.date(2015, 2, 27)
EARLIEST_PERIOD = (dt.date(2014, 1, 1), dt.date(2014, 12, 31))
EARLIEST_DIR = "earliest"
EARLIEST_NOT_RETURNED = ("W11000024",)  # Powys
ILLUSTRATIVE = "ILLUSTRATIVE DATA (generated, not a real return)"

# A few towns per local authority, to name invented projects plausibly.
TOWNS = {
    "W06000001": ["Holyhead", "Llangefni", "Amlwch", "Beaumaris"],
    "W06000002": ["Bangor", "Caernarfon", "Pwllheli", "Dolgellau", "Bala"],
    "W06000003": ["Llandudno", "Colwyn Bay", "Abergele", "Llanrwst"],
    "W06000004": ["Rhyl", "Prestatyn", "Denbigh", "Ruthin"],
    "W06000005": ["Mold", "Flint", "Buckley", "Holywell", "Connah's Quay"],
    "W06000006": ["Wrexham", "Gresford", "Chirk", "Rhosllanerchrugog"],
    "W06000008": ["Aberystwyth", "Cardigan", "Lampeter", "Aberaeron"],
    "W06000009": ["Haverfordwest", "Pembroke Dock", "Fishguard", "Tenby", "Milford Haven"],
    "W06000010": ["Carmarthen", "Llanelli", "Ammanford", "Llandovery", "Burry Port"],
    "W06000011": ["Morriston", "Gorseinon", "Sketty", "Townhill", "Clydach"],
    "W06000012": ["Neath", "Port Talbot", "Glynneath", "Pontardawe"],
    "W06000013": ["Bridgend", "Maesteg", "Porthcawl", "Pencoed"],
    "W06000014": ["Barry", "Penarth", "Llantwit Major", "Cowbridge"],
    "W06000015": ["Splott", "Ely", "Llanishen", "Grangetown", "Butetown", "Llanrumney"],
    "W06000016": ["Pontypridd", "Aberdare", "Treorchy", "Porth", "Mountain Ash"],
    "W06000018": ["Caerphilly", "Bargoed", "Blackwood", "Risca", "Ystrad Mynach"],
    "W06000019": ["Ebbw Vale", "Tredegar", "Abertillery", "Brynmawr"],
    "W06000020": ["Pontypool", "Cwmbran", "Blaenavon"],
    "W06000021": ["Abergavenny", "Monmouth", "Chepstow", "Caldicot"],
    "W06000022": ["Pill", "Maindee", "Bettws", "Caerleon", "Ringland"],
    "W06000023": ["Newtown", "Welshpool", "Llandrindod Wells", "Brecon", "Ystradgynlais", "Machynlleth"],
    "W06000024": ["Merthyr Tydfil", "Dowlais", "Treharris", "Troedyrhiw"],
}
POSTCODE_AREAS = {
    "W06000001": "LL",
    "W06000002": "LL",
    "W06000003": "LL",
    "W06000004": "LL",
    "W06000005": "CH",
    "W06000006": "LL",
    "W06000008": "SY",
    "W06000009": "SA",
    "W06000010": "SA",
    "W06000011": "SA",
    "W06000012": "SA",
    "W06000013": "CF",
    "W06000014": "CF",
    "W06000015": "CF",
    "W06000016": "CF",
    "W06000018": "CF",
    "W06000019": "NP",
    "W06000020": "NP",
    "W06000021": "NP",
    "W06000022": "NP",
    "W06000023": "LD",
    "W06000024": "CF",
}
LINK_WORKER_NAMES = [
    "{town} Community Connectors",
    "{town} Social Prescribing Service",
    "Cyswllt Cymunedol {town}",
    "{town} Wellbeing Link",
    "Linking Lives {town}",
    "{town} Community Navigators",
]
ACTIVITY_NAMES = {
    "arts": ["{town} Arts on Prescription", "Creative Minds {town}", "{town} Singing for Wellbeing"],
    "nature": ["{town} Community Garden", "Green Gym {town}", "{town} Growing Together"],
    "physical": ["{town} Health Walks", "Active {town}", "{town} Move More"],
    "befriending": ["{town} Friendship Circle", "Tea and Chat {town}", "{town} Men's Shed"],
    "learning": ["{town} Learning for Life", "Digital Skills {town}"],
    "volunteering": ["Volunteer {town}", "{town} Time Bank"],
    "cookery": ["{town} Cook and Eat", "{town} Food Club"],
    "money": ["{town} Money Matters", "{town} Benefits Advice Surgery"],
    "housing": ["{town} Housing Advice Link", "Home Well {town}"],
    "employment": ["{town} Back to Work", "Steps to Work {town}"],
    "mental_health": ["{town} Mind and Wellbeing", "{town} Talking Space"],
    "self_care": ["{town} Living Well with Long-term Conditions", "Self-care Cafe {town}"],
}
ORG_PATTERNS = [
    "{town} Community Trust",
    "{town} Wellbeing Partnership CIC",
    "{town} Green Spaces Trust",
    "Friends of {town} Park",
    "{town} Arts Collective",
    "Cwmni Cymunedol {town}",
    "{town} Community Voluntary Group",
    "{town} Housing Association (illustrative)",
]
ROLES = [
    "Primary care development manager",
    "Cluster development lead",
    "Head of primary care",
    "Partnership and wellbeing officer",
]


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _pick_gaps(rng: random.Random, geo: Geography, code: str) -> set[str]:
    """Clusters of a board that get no current project: the gaps to find."""
    clusters = geo.clusters_of_board(code)
    count = rng.choice([0, 1, 1, 2]) if len(clusters) > 3 else 0
    return set(rng.sample(clusters, count))


def board_projects(geo: Geography, code: str, seed: int) -> list[dict]:
    """Projects (keyed by schema field, values as keys and ids) for one board."""
    rng = random.Random(f"{seed}:{code}")
    clusters = geo.clusters_of_board(code)
    population = int(geo.clusters.loc[clusters, "registered_population"].sum())
    n_projects = max(25, min(60, round(25 + population / 700_000 * 33) + rng.randint(-3, 3)))
    gaps = _pick_gaps(rng, geo, code)
    served = [c for c in clusters if c not in gaps]
    names_used: set[str] = set()
    projects = []
    for _ in range(n_projects):
        status = rng.choices(["current", "planned", "ended"], weights=[72, 16, 12])[0]
        scope = rng.choices(["one", "several", "all"], weights=[62, 24, 14])[0]
        if scope == "all" and gaps and status == "current":
            scope = "one"
        pool = served if status == "current" else clusters
        if scope == "all":
            chosen = list(clusters)
        elif scope == "several" and len(pool) > 2:
            first = rng.choice(pool)
            same_la = [c for c in pool if geo.clusters.at[c, "la_code"] == geo.clusters.at[first, "la_code"]]
            others = [c for c in (same_la if len(same_la) > 1 else pool) if c != first]
            chosen = [first, *rng.sample(others, min(len(others), rng.randint(1, 3)))]
        else:
            chosen = [rng.choice(pool)]
        projects.append(_project(rng, geo, code, status, scope, chosen, names_used))
    return projects


def _project(rng, geo: Geography, code: str, status: str, scope: str, chosen: list[str], names_used: set) -> dict:
    la = geo.clusters.at[chosen[0], "la_code"]
    town = rng.choice(TOWNS[la])
    if scope == "all":
        town = geo.boards.at[code, "short_name"]
    link_workers = rng.random() < 0.38
    categories = rng.sample([t.key for t in schema.ACTIVITY_CATEGORIES if t.key != "other"], rng.randint(1, 3))
    if link_workers:
        name = rng.choice(LINK_WORKER_NAMES).format(town=town)
        categories = list(dict.fromkeys(["befriending", *categories]))
        fte = rng.choices([0.5, 0.6, 0.8, 1.0, 1.5, 2.0, 2.5, 3.0, 4.0], weights=[10, 8, 8, 22, 14, 14, 8, 6, 3])[0]
        lead = geo.boards.at[code, "name_en"] if rng.random() < 0.3 else rng.choice(ORG_PATTERNS).format(town=town)
    else:
        name = rng.choice(ACTIVITY_NAMES[categories[0]]).format(town=town)
        fte = 0.0 if rng.random() < 0.85 else None
        lead = rng.choice(ORG_PATTERNS).format(town=town)
    base = name
    while name in names_used:
        name = f"{base} ({rng.choice(['phase 2', 'outreach', 'extension', 'satellite'])})"
    names_used.add(name)

    start, end = _dates(rng, status)
    referrals = None
    if status != "planned":
        if fte:
            referrals = round(fte * rng.uniform(55, 135) * (0.6 if status == "ended" else 1.0))
        elif rng.random() < 0.7:
            referrals = rng.randint(4, 45)
    headcount = None if fte is None else (0 if fte == 0 else max(1, round(fte / rng.choice([0.5, 0.8, 1.0]))))
    evaluation = rng.choices([True, False, None], weights=[45, 40, 15])[0]
    return {
        "project_name": name,
        "lead_organisation": lead,
        "health_board": code,
        "clusters_served": schema.ALL_CLUSTERS if scope == "all" else chosen,
        "status": status,
        "activity_categories": categories,
        "target_groups": rng.sample([t.key for t in schema.TARGET_GROUPS if t.key != "other"], rng.randint(1, 3)),
        "referral_routes": [
            "gp",
            *rng.sample(
                ["practice_nurse", "other_health", "social_services", "housing", "third_sector", "self"],
                rng.randint(0, 3),
            ),
        ],
        "link_worker_fte": fte,
        "link_worker_headcount": headcount,
        "referrals_received": referrals,
        "reporting_period_start": None if status == "planned" else PERIOD[0],
        "reporting_period_end": None if status == "planned" else (end if status == "ended" else PERIOD[1]),
        "funding_sources": rng.sample([t.key for t in schema.FUNDING_SOURCES if t.key != "other"], rng.randint(1, 2)),
        "annual_funding_gbp": (round((fte or 0) * 32_000 + rng.uniform(2_000, 40_000), -2)),
        "start_date": start,
        "end_date": end,
        "venue_postcode": f"{POSTCODE_AREAS[la]}{rng.randint(1, 48)} {rng.randint(1, 9)}"
        f"{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}",
        "website": f"https://example.org/{_slug(name)}" if rng.random() < 0.3 else None,
        "evaluation_in_place": evaluation,
        "outcome_measures": rng.sample(["wemwbs", "swemwbs", "ons4"], rng.randint(1, 2)) if evaluation else [],
        "notes": rng.choice(
            [
                None,
                None,
                None,
                "Funding confirmed to March 2018.",
                "Waiting list in place.",
                "Run with the local leisure trust.",
                "Bilingual sessions available.",
            ]
        ),
    }


def _dates(rng: random.Random, status: str) -> tuple[dt.date, dt.date | None]:
    def day(a: dt.date, b: dt.date) -> dt.date:
        return a + dt.timedelta(days=rng.randint(0, (b - a).days))

    if status == "planned":
        return day(dt.date(2017, 4, 1), dt.date(2017, 10, 31)), None
    if status == "ended":
        return day(dt.date(2013, 4, 1), dt.date(2015, 9, 30)), day(dt.date(2016, 6, 1), dt.date(2016, 12, 31))
    return day(dt.date(2012, 4, 1), dt.date(2016, 9, 30)), None


def earlier_projects(
    latest: list[dict], seed: int, code: str, *, tag: str = "earlier", period: tuple = EARLIER_PERIOD
) -> list[dict]:
    """The same board's projects a year before: some not started yet, those ended since still running.

    Current projects were mostly running (with fewer link workers and
    referrals); planned ones mostly not yet listed; ended ones were current.
    ``tag`` seeds the draws (each year before has its own) and ``period`` is that
    year's reporting period.
    """
    rng = random.Random(f"{seed}:{code}:{tag}")
    earlier = []
    for project in latest:
        status, draw = project["status"], rng.random()
        if (status == "current" and draw < 0.2) or (status == "planned" and draw < 0.7):
            continue  # new since the earlier round
        before = dict(project, status="planned" if status == "planned" else "current", end_date=None)
        fte, referrals = project["link_worker_fte"], project["referrals_received"]
        if status == "current":
            scale = rng.choice([0.6, 0.8, 1.0, 1.0])
            before["link_worker_fte"] = None if fte is None else round(fte * scale, 1)
            before["referrals_received"] = None if referrals is None else round(referrals * scale * rng.uniform(0.7, 1))
        elif status == "ended":
            before["referrals_received"] = None if referrals is None else round(referrals / 0.6)
        if before["status"] == "current":
            before["reporting_period_start"], before["reporting_period_end"] = period
        earlier.append(before)
    return earlier


def earliest_projects(geo: Geography, seed: int, code: str) -> list[dict]:
    """The board's projects two years before the latest round: a year before the earlier round's."""
    earlier = earlier_projects(board_projects(geo, code, seed), seed, code)
    return earlier_projects(earlier, seed, code, tag="earliest", period=EARLIEST_PERIOD)


def write_samples(out: Path, geo: Geography, seed: int = 2017) -> list[Path]:
    """Write one illustrative return per board into ``out``, the round before into ``out/earlier``, and the
    round before that into ``out/earliest`` (every board but :data:`EARLIEST_NOT_RETURNED`)."""
    written = _write_round(out, geo, seed, ROUND, RETURNED_ON, lambda code: board_projects(geo, code, seed))
    written += _write_round(
        out / EARLIER_DIR,
        geo,
        seed,
        EARLIER_ROUND,
        EARLIER_RETURNED_ON,
        lambda code: earlier_projects(board_projects(geo, code, seed), seed, code),
    )
    return written + _write_round(
        out / EARLIEST_DIR,
        geo,
        seed,
        EARLIEST_ROUND,
        EARLIEST_RETURNED_ON,
        lambda code: earliest_projects(geo, seed, code),
        skip=EARLIEST_NOT_RETURNED,
    )


def _write_round(
    out: Path, geo: Geography, seed: int, round_label: str, returned_on: dt.date, make, skip=()
) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(f"{seed}:roles:{round_label}" if round_label != ROUND else f"{seed}:roles")
    written = []
    for code, board in geo.boards.iterrows():
        if code in skip:  # this board did not return in the round
            continue
        projects = make(code)
        title = f"{ILLUSTRATIVE}: {board['name_en']} social prescribing return, round {round_label}"
        details = {
            "health_board": board["name_en"],
            "round": round_label,
            "date_returned": returned_on,
            "returned_by": rng.choice(ROLES),
        }
        wb = build_workbook(details, projects, geo, title=title, illustrative=True)
        path = out / f"{_slug(board['short_name'])}.xlsx"
        save_workbook(
            wb,
            path,
            when=dt.datetime(returned_on.year, returned_on.month, returned_on.day, 12, 0, 0),
            properties={
                "title": title,
                "subject": "Illustrative social prescribing return (generated, not real data)",
                "keywords": "illustrative; generated; not real data",
                "description": f"Generated by sprx-map with seed {seed}. "
                "Projects, organisations and figures are invented.",
            },
        )
        written.append(path)
    return written
