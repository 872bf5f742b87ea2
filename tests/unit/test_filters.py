import pytest

from sprx_map import filters
from sprx_map.filters import Filters

POWYS, CARDIFF_VALE = "W11000024", "W11000029"


def test_url_round_trip():
    f = Filters(boards=(POWYS,), statuses=("current", "planned"), categories=("arts",), round="2017-02")
    params = filters.to_params(f)
    assert params == {"hb": POWYS, "status": "current,planned", "cat": "arts", "round": "2017-02"}
    assert filters.from_params(params) == f
    assert filters.to_params(Filters()) == {}


def test_from_params_tolerates_junk(geo):
    f = filters.from_params({"hb": "W11000024,,nonsense", "status": ["planned", "current"], "xyz": "1"})
    assert f.boards == (POWYS, "nonsense") and f.statuses == ("current",)
    assert filters.narrow(f, geo, ["2017-02"]).boards == (POWYS,)


def test_choices_narrow_each_other(geo):
    assert filters.authority_options(geo, (CARDIFF_VALE,)) == ["W06000014", "W06000015"]
    assert filters.cluster_options(geo, (POWYS,), ()) == ["mid-powys", "north-powys", "south-powys"]
    assert filters.cluster_options(geo, (), ("W06000014",)) == ["central-vale", "eastern-vale", "western-vale"]
    narrowed = filters.narrow(Filters(boards=(POWYS,), authorities=("W06000015",), clusters=("penderi",)), geo, [])
    assert narrowed == Filters(boards=(POWYS,))


def test_area_clusters(geo):
    assert len(filters.area_clusters(Filters(), geo)) == 60
    assert filters.area_clusters(Filters(authorities=("W06000015",)), geo)[:2] == ["cardiff-east", "cardiff-north"]
    assert filters.area_clusters(Filters(clusters=("afan",)), geo) == ["afan"]


def test_apply_on_the_sample(sample, geo):
    p = sample.projects
    powys = filters.apply(Filters(boards=(POWYS,)), p, geo)
    assert len(powys) == (p["health_board"] == POWYS).sum()
    current_arts = filters.apply(Filters(statuses=("current",), categories=("arts",)), p, geo)
    expected = p[(p["status"] == "current") & p["activity_categories"].map(lambda c: "arts" in c)]
    assert list(current_arts["project_id"]) == list(expected["project_id"])
    one_cluster = filters.apply(Filters(clusters=("afan",)), p, geo)
    assert list(one_cluster["project_id"]) == list(p.loc[p["clusters_served"].map(lambda c: "afan" in c), "project_id"])
    assert filters.apply(Filters(round="1999-01"), p, geo).empty


def test_describe_and_slug(geo):
    f = Filters(boards=(POWYS, CARDIFF_VALE), statuses=("current",))
    assert filters.describe(f, geo) == "Health board: Powys, Cardiff and Vale; Status: current"
    assert filters.slug(f, geo) == "powys-cardiff-and-vale-current"
    assert filters.describe(Filters(), geo) == "none (all of Wales)"
    assert filters.slug(Filters(), geo) == "wales"


@pytest.mark.parametrize(
    ("level", "code", "field"), [("health_board", POWYS, "boards"), ("cluster", "afan", "clusters")]
)
def test_only_area(level, code, field):
    f = filters.only_area(Filters(authorities=("W06000015",), statuses=("current",)), level, code)
    assert getattr(f, field) == (code,) and f.statuses == ("current",)
    assert f.authorities == ((code,) if field == "authorities" else ())


def test_scope_counts_the_clusters_of_the_geography_in_use():
    from tests import tiny

    geo = tiny.geography()  # 3 clusters, not Wales's 60
    assert filters.scope(geo, ["aber", "cwm"], 30_000) == "2 of 3 clusters chosen, 30,000 registered patients."
    assert filters.scope(geo, ["aber"], 10_000, "cy") == "1 o'r 3 clwstwr wedi'u dewis, 10,000 o gleifion cofrestredig."


def test_offered_follows_the_chosen_areas_in_the_sidebars_order():
    from tests import tiny

    geo = tiny.geography()
    made = filters.offered(geo, (tiny.BOARD_B,), (), "cy")
    assert list(made) == ["boards", "authorities", "clusters", "statuses", "categories", "target_groups", "funding"]
    assert made["boards"] == ("level.health_board", [tiny.BOARD_A, tiny.BOARD_B],
                              {tiny.BOARD_A: "Bwrdd A", tiny.BOARD_B: "Bwrdd B"})  # fmt: skip
    assert made["authorities"] == ("level.local_authority", [tiny.LA_B], {tiny.LA_A: "Sir A", tiny.LA_B: "Sir B"})
    assert made["clusters"][:2] == ("level.cluster", ["cwm"])
    assert filters.offered(geo, (), (tiny.LA_A,), "en")["clusters"][1] == ["aber", "bryn"]
    key, statuses, labels = made["statuses"]
    assert (key, statuses) == ("filter.status", ["current", "planned", "ended"])
    assert labels == {"current": "cyfredol", "planned": "wedi'i gynllunio", "ended": "wedi dod i ben"}
