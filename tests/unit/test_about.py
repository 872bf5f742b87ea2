"""The About page's words: the counts in them are the geography's in use, never the 60 clusters of Wales."""

import geopandas as gpd
import pandas as pd

from sprx_map import about, filters
from sprx_map.geo.geography import Geography
from sprx_map.i18n import t
from tests import tiny


def test_the_measures_section_names_the_tiny_geographys_three_clusters():
    geo = tiny.geography()
    english, welsh = about.body("measures", geo, "en"), about.body("measures", geo, "cy")
    assert "of the clusters chosen (3 in Wales)." in english
    assert "o blith y clystyrau a ddewiswyd (3 yng Nghymru)." in welsh
    assert "60" not in english + welsh


def test_a_geography_with_one_cluster_more_says_61(geo):
    extra = geo.clusters.iloc[[0]].rename(index={geo.clusters.index[0]: "new-cluster"})
    clusters = gpd.GeoDataFrame(pd.concat([geo.clusters, extra]), geometry="geometry", crs=geo.clusters.crs)
    bigger = Geography(boards=geo.boards, authorities=geo.authorities, clusters=clusters)
    assert (len(geo.clusters), len(bigger.clusters)) == (60, 61)
    assert "(61 in Wales)" in about.body("measures", bigger)
    assert "(61 yng Nghymru)" in about.body("measures", bigger, "cy")
    assert filters.scope(bigger, ["new-cluster"], 1200) == "1 of 61 clusters chosen, 1,200 registered patients."


def test_the_disclosure_section_says_the_threshold_given():
    text = about.body("disclosure", tiny.geography(), "en", threshold=10)
    assert "a referral count from 1 to 9 is shown as **<10**" in text
    assert "The threshold here is 10." in text


def test_a_section_with_no_values_is_its_catalogue_text():
    assert about.body("what", tiny.geography(), "cy") == t("about.what.body", "cy")
    assert about.values("what", tiny.geography()) == {}
