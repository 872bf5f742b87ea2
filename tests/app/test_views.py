"""Comparisons, the funnel plot, the spine chart and trends through the real app, in English and Welsh.

The tiny two-round store of tests/app/test_gaps_change.py (two boards returned: Powys and Cardiff and Vale,
12 clusters, 681,600 patients) and the bundled illustrative sample (three rounds; Powys did not return in the
earliest).
"""

from sprx_map.i18n import t
from tests import html_tables

from .test_gaps_change import tiny_store  # noqa: F401  (the fixture)


def _charts(at):
    import json

    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def _array(value) -> list:
    """A figure's array as plotly's JSON gives it: a list, or typed (``dtype`` and base64 ``bdata``)."""
    import base64

    import numpy as np

    if isinstance(value, dict) and "bdata" in value:
        return np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"]).tolist()
    return list(value or [])


def test_gaps_funnel_on_the_tiny_store(run_page, tiny_store):  # noqa: F811
    at = run_page("pages/gaps.py")
    assert "Referral rates against cluster size (funnel plot)" in [s.value for s in at.subheader]
    funnel = next(c for c in _charts(at) if any(tr.get("meta") == "upper_95" for tr in c["data"]))
    points = {tr["meta"]: tr for tr in funnel["data"]}
    # 10 clusters drawn: South Powys and 8 of Cardiff and Vale's clusters at 0, Cardiff East at 0.20.
    drawn = sum(len(_array(points[group].get("x"))) for group in ("within", "above", "below"))
    assert drawn == 10
    assert points["wales"]["name"] == "Wales: 0.04"  # 25 / 681,600
    assert points["above"]["text"] == ["CarE"]  # Cardiff East, above its 95% (and 99.8%) limit
    caption = "Not drawn: 2 clusters whose referrals are withheld, 48 whose health board has not returned and 0 "
    assert any(c.value.startswith(caption) for c in at.caption)
    table = next(tb for tb in html_tables.tables(at) if "Label on the plot" in tb.columns)
    east = table.iloc[0]
    assert (east["Area"], east["Label on the plot"], east["Where it falls on the funnel"]) == (
        "Cardiff East", "CarE", "above the 99.8% limit"
    )  # fmt: skip
    assert len(table) == 10


def test_gaps_page_in_welsh(run_page, tiny_store):  # noqa: F811
    at = run_page("pages/gaps.py", lang="cy")
    assert t("gaps.funnel", "cy") in [s.value for s in at.subheader]
    ranking = at.dataframe[0].value
    east = ranking[ranking["Ardal"] == "Dwyrain Caerdydd"].iloc[0]
    assert (east[t("profile.vs_board", "cy")], east[t("profile.vs_wales", "cy")]) == ("▲ uwch", "▲ uwch")
    heading = t("benchmarks.fifth_heading", "cy", measure=t("measure.fte_per_10k", "cy"))
    assert east[heading] == "yr ail bumed uchaf o glystyrau"


def test_profile_spine_on_the_tiny_store(run_page, tiny_store):  # noqa: F811
    at = run_page("pages/profile.py", plevel="cluster", area="mid-powys")
    assert "Against every area of its level in Wales" in [s.value for s in at.subheader]
    spine = next(tb for tb in html_tables.tables(at) if "Lower quartile" in tb.columns).set_index("Measure")
    # FTE per 10,000 of the 12 clusters that count: nine 0, Cardiff East 0.169, North Powys 0.208, Mid Powys
    # 0.373. Type 7 quartiles: the lower at position 2.75 (0), the median at 5.5 (0), the upper at 8.25: a
    # quarter of the way from the ninth value (0) to the tenth (0.169), 0.04.
    assert spine.loc["Link-worker FTE per 10,000 patients"].tolist() == [
        "0.37", "0.18", "0.05", "0.00", "0.00", "0.00", "0.04", "0.37", "12"
    ]  # fmt: skip
    # Mid Powys's referrals are withheld: no mark; so are North Powys's, which leaves 10 areas in the spread.
    assert spine.loc["Referrals to social prescribing per 1,000 patients a year"].tolist()[:3] == ["<5", "0.08", "0.04"]
    assert spine.loc["Referrals to social prescribing per 1,000 patients a year", "Areas with a value"] == "10"
    assert not [s.value for s in at.subheader if s.value.startswith("Round by round")]  # two rounds: no trends


def test_profile_trends_over_the_three_illustrative_rounds(run_page, sample):
    at = run_page("pages/profile.py", plevel="cluster", area="mid-powys")
    assert "Round by round, sample-earliest to sample" in [s.value for s in at.subheader]
    table = next(tb for tb in html_tables.tables(at) if "Round" in tb.columns)
    assert table["Round"].tolist() == ["sample-earliest", "sample-earlier", "sample"]
    # Powys did not return in the earliest round: a gap in words, never 0.
    assert table["Link-worker FTE"].tolist()[0] == "no return"
    assert all(v not in ("no return", "0") for v in table["Link-worker FTE"].tolist()[1:])
    trend = next(c for c in _charts(at) if any(str(tr.get("meta", "")).startswith("area:") for tr in c["data"]))
    fte = next(tr for tr in trend["data"] if tr.get("meta") == "area:link_worker_fte")
    assert _array(fte["y"])[0] is None and fte["connectgaps"] is False


def test_profile_in_welsh(run_page, sample):
    at = run_page("pages/profile.py", plevel="health_board", area="W11000024", lang="cy")
    figures = html_tables.tables(at)[0]
    assert list(figures.columns) == [
        "Mesur", "Yr ardal hon", "Cymru", "Cyfwng hyder 95%", "O'i chymharu â Chymru",
        "Ymhlith holl ardaloedd ei lefel yng Nghymru", "Wedi'i nodi gan (prosiectau cyfredol)",
    ]  # fmt: skip
    fifth = figures.set_index("Mesur").loc[t("measure.fte_per_10k", "cy")].iloc[-2]
    assert fifth.endswith("o fyrddau iechyd")
    assert t("profile.spine", "cy") in [s.value for s in at.subheader]
    assert "Rownd wrth rownd, sample-earliest i sample" in [s.value for s in at.subheader]


def test_change_page_shows_every_round(run_page, tiny_store):  # noqa: F811
    at = run_page("pages/change.py")
    assert "Every round, in order" in [s.value for s in at.subheader]
    at.radio(key="change_rounds_level").set_value("health_board").run()
    at.selectbox(key="change_rounds_measure").set_value("referrals").run()
    table = next(tb for tb in html_tables.tables(at) if "Round 2025-03" in tb.columns)
    assert list(table.columns) == ["Area", "Round 2025-03", "Round 2026-03"]
    # Only Powys and Cardiff and Vale returned; the other boards are "no return" in both rounds, never 0.
    rows = {row[0]: row[1:] for row in table.values.tolist()}
    assert (rows["Powys"], rows["Cardiff and Vale"]) == (["20", "12"], ["7", "12"])
    assert rows["Hywel Dda"] == ["no return", "no return"] and len(rows) == 7


def test_change_page_every_round_in_welsh_with_a_board_without_a_return(run_page, sample):
    at = run_page("pages/change.py", lang="cy")
    at.radio(key="change_rounds_level").set_value("health_board").run()
    table = next(tb for tb in html_tables.tables(at) if "Rownd sample-earliest" in tb.columns)
    assert list(table.columns) == ["Ardal", "Rownd sample-earliest", "Rownd sample-earlier", "Rownd sample"]
    powys = table[table["Ardal"] == "Bwrdd Iechyd Addysgu Powys"].iloc[0]
    assert powys["Rownd sample-earliest"] == "dim ffurflen"


def test_presenter_slide_compares_by_limits_and_fifths(run_page):
    at = run_page("pages/overview.py", present="1", slide="5")
    captions = [c.value for c in at.caption]
    rate = next(c for c in captions if c.startswith("Wales: ") and ("higher" in c or "similar" in c or "lower" in c))
    assert rate.split("(")[1][0] in "▲●▼"
    assert any(c.startswith("Wales: ") and "fifth of health boards); reported by " in c for c in captions)
    welsh = run_page("pages/overview.py", present="1", slide="5", lang="cy")
    assert any("o fyrddau iechyd); wedi'i nodi gan " in c.value for c in welsh.caption)


def test_about_explains_the_methods_in_both_languages(run_page):
    for lang in ("en", "cy"):
        at = run_page("pages/about.py", lang=lang)
        headers = [h.value for h in at.header]
        for section in ("intervals", "small_areas", "funnel", "fifths", "references"):
            assert t(f"about.{section}.title", lang) in headers
        text = " ".join(m.value for m in at.markdown)
        assert "Spiegelhalter" in text and "Technical Briefing 3" in text and "Fingertips" in text
