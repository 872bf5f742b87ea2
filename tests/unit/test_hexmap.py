import math

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest

from sprx_map import maps, palette
from sprx_map.geo import hexgrid
from sprx_map.geo.geography import BNG, Geography
from sprx_map.maps import hexmap

BETSI, POWYS, HYWEL_DDA, ANEURIN_BEVAN, CARDIFF_AND_VALE = (
    "W11000023",
    "W11000024",
    "W11000025",
    "W11000028",
    "W11000029",
)
# Axial neighbours, written out here rather than taken from the module under test.
AXIAL = ((1, 0), (-1, 0), (0, 1), (0, -1), (1, -1), (-1, 1))


def components(cells: set) -> int:
    """How many edge-connected groups ``cells`` form."""
    seen, count = set(), 0
    for cell in cells:
        if cell in seen:
            continue
        count, todo = count + 1, [cell]
        while todo:
            q, r = todo.pop()
            if (q, r) in cells and (q, r) not in seen:
                seen.add((q, r))
                todo += [(q + dq, r + dr) for dq, dr in AXIAL]
    return count


def occupied(cells: pd.DataFrame) -> set:
    return set(zip(cells["q"], cells["r"], strict=True))


def test_layout_gives_each_cluster_its_own_cell(geo, cells):
    assert list(cells.index) == list(geo.clusters.index)
    assert list(cells.columns) == ["q", "r", "x", "y", "hb_code", "seed_x", "seed_y"]
    assert cells["q"].dtype.kind == cells["r"].dtype.kind == "i"
    assert len(occupied(cells)) == 60
    assert (cells["x"] == cells["q"] + cells["r"] / 2).all()
    assert np.allclose(cells["y"], cells["r"] * math.sqrt(3) / 2)
    assert (cells["hb_code"] == geo.clusters["hb_code"]).all()


def test_layout_is_the_same_every_time(geo, cells):
    pd.testing.assert_frame_equal(hexgrid.layout(geo), cells)


def test_each_board_is_one_group_and_the_map_has_no_holes(geo, cells):
    for board in geo.boards.index:
        assert components(occupied(cells[cells["hb_code"] == board])) == 1, board
    taken = occupied(cells)
    assert components(taken) == 1
    # Every empty cell in the bounding box can reach the outside: no enclosed holes.
    qs, rs = cells["q"], cells["r"]
    box = {(q, r) for q in range(qs.min() - 1, qs.max() + 2) for r in range(rs.min() - 1, rs.max() + 2)}
    assert components(box - taken) == 1
    # Compact: 148 shared edges, near the most that 60 hexagons can share (153, a hexagon of hexagons).
    shared = sum((q + dq, r + dr) in taken for q, r in taken for dq, dr in AXIAL) // 2
    assert shared == 148


def test_seeds_are_british_national_grid_scaled_to_the_grid(geo, cells):
    seeds = gpd.GeoSeries(gpd.points_from_xy(geo.clusters["seed_lon"], geo.clusters["seed_lat"]), crs="EPSG:4326")
    bng = seeds.to_crs(BNG)
    scale = (bng.x.max() - bng.x.min()) / (hexgrid.WIDTH_HEXES - 1)
    assert np.allclose(cells["seed_x"], (bng.x - bng.x.mean()).to_numpy() / scale)
    assert np.allclose(cells["seed_y"], (bng.y - bng.y.mean()).to_numpy() / scale)


def test_layout_stays_close_to_the_seeds(cells):
    moved = np.hypot(cells["x"] - cells["seed_x"], cells["y"] - cells["seed_y"])
    # The empty middle of Wales closes up, so the north moves south (mean 2.16, max 4.77 hexagons).
    assert moved.mean() < 2.2 and moved.max() < 4.8
    # After the best per-axis linear fit of the seeds (which absorbs that squeeze): mean 1.23, max 2.78.
    fit_x = np.polyval(np.polyfit(cells["seed_x"], cells["x"], 1), cells["seed_x"])
    fit_y = np.polyval(np.polyfit(cells["seed_y"], cells["y"], 1), cells["seed_y"])
    residual = np.hypot(cells["x"] - fit_x, cells["y"] - fit_y)
    assert residual.mean() < 1.3 and residual.max() < 2.8
    assert cells["x"].rank().corr(cells["seed_x"].rank()) > 0.92
    assert cells["y"].rank().corr(cells["seed_y"].rank()) > 0.97


def test_boards_keep_their_places(geo, cells):
    board = cells.groupby("hb_code")
    assert board["y"].min()[BETSI] > board["y"].max()[CARDIFF_AND_VALE]
    assert board["y"].mean()[BETSI] == board["y"].mean().max()
    assert board["x"].max()[HYWEL_DDA] < board["x"].min()[ANEURIN_BEVAN]
    assert board["y"].mean()[POWYS] > board["y"].mean()[CARDIFF_AND_VALE]
    # Cardiff and Vale's nine clusters sit together in the south-east, Cardiff's six closest of all.
    cardiff = cells[cells["hb_code"] == CARDIFF_AND_VALE]
    assert cardiff["y"].mean() == board["y"].mean().min()
    assert cardiff["x"].mean() > cells["x"].mean()
    assert spread(cardiff) < 5
    assert spread(cells[geo.clusters["la_code"] == "W06000015"]) < 4


def spread(cells: pd.DataFrame) -> float:
    """The largest distance between two of the hexagons, in hexagons."""
    xy = cells[["x", "y"]].to_numpy()
    return float(np.hypot(*(xy[:, None] - xy[None]).transpose(2, 0, 1)).max())


def known_values(geo) -> pd.Series:
    values = pd.Series(np.arange(1, 61, dtype=float) * 10, index=geo.clusters.index)
    values.iloc[0], values.iloc[1] = 0, np.nan
    return values.drop(values.index[2])  # a cluster missing altogether is "no data" too


def polygons(trace) -> list[tuple[float, float]]:
    """The centre of each hexagon drawn by a trace."""
    xs, ys, centres, start = list(trace.x), list(trace.y), [], 0
    for end in [i for i, x in enumerate(xs) if x is None]:
        if end > start:
            centres.append((np.mean(xs[start : end - 1]), np.mean(ys[start : end - 1])))
        start = end + 1
    return centres


def test_hexagons_get_the_colours_of_the_choropleth(geo, cells):
    values = known_values(geo)
    fig = hexmap.hex_figure(geo, values, "referrals", title="Referrals", cells=cells)
    breaks = maps.class_breaks(values.reindex(geo.clusters.index), integer=True)
    fills = maps.colours(len(breaks))
    expected = {
        cid: palette.NO_DATA_FILL if pd.isna(v) else fills[maps.classify(v, breaks)]
        for cid, v in values.reindex(geo.clusters.index).items()
    }
    at = {(round(x, 6), round(y, 6)): cid for cid, x, y in zip(cells.index, cells["x"], cells["y"], strict=True)}
    drawn = {}
    for trace in fig.data[:-2]:
        for x, y in polygons(trace):
            drawn[at[(round(x, 6), round(y, 6))]] = trace.fillcolor
    assert drawn == expected
    ids = geo.clusters.index
    assert (drawn[ids[0]], drawn[ids[1]], drawn[ids[2]]) == (palette.SEQUENTIAL[0], "#ffffff", "#ffffff")
    assert drawn[ids[-1]] == palette.SEQUENTIAL[-1]
    no_data = fig.data[len(fig.data) - 3]
    assert no_data.line.dash == "dot" and no_data.line.color == palette.NO_DATA_STROKE
    labels = fig.data[-1]
    assert list(labels.customdata) == list(ids)
    assert list(labels.textfont.color) == [hexmap.text_colour(drawn[cid]) for cid in ids]
    said = "Referrals to social prescribing a year"
    assert labels.hovertext[0].endswith(f"{said}: 0") and labels.hovertext[1].endswith(f"{said}: No data")
    assert labels.hovertext[3] == f"<b>Caerphilly North</b><br>Aneurin Bevan<br>{said}: 40"


def test_legend_uses_the_map_legend(geo, cells):
    values = known_values(geo)
    fig = hexmap.hex_figure(geo, values, "referrals", title="Referrals", cells=cells)
    breaks = maps.class_breaks(values, integer=True)
    legend = [(trace.fillcolor, trace.name) for trace in fig.data if trace.showlegend is not False]
    assert legend == maps.legend_entries(breaks, "referrals", "en", zero=True)
    assert len(fig.data) == len(legend) + 2  # the boards' outlines and the labels
    # Breaks shared with the map give the map's classes and legend, without zero when there is none.
    shared = hexmap.hex_figure(geo, values.replace(0, 5), "fte_per_10k", title="FTE", breaks=[1.5, 300.0], cells=cells)
    legend = [(trace.fillcolor, trace.name) for trace in shared.data if trace.showlegend is not False]
    assert legend == maps.legend_entries([1.5, 300.0], "fte_per_10k", "en", zero=False)
    assert shared.layout.legend.title.text == "Link-worker FTE per 10,000 patients"


def test_names_are_escaped_in_hover_text_and_labels(geo, cells):
    clusters = geo.clusters.copy()
    clusters.loc["anglesey", "name_en"] = '<b>x</b> & "y"'
    hostile = Geography(boards=geo.boards, authorities=geo.authorities, clusters=clusters)
    fig = hexmap.hex_figure(hostile, known_values(geo), "referrals", title="<i>Referrals</i>", cells=cells)
    labels = fig.data[-1]
    hover = dict(zip(labels.customdata, labels.hovertext, strict=True))["anglesey"]
    assert hover.startswith('<b>&lt;b&gt;x&lt;/b&gt; &amp; "y"</b><br>Betsi Cadwaladr<br>')
    assert not any("<" in text or ">" in text for text in labels.text)
    assert fig.layout.title.text == "&lt;i&gt;Referrals&lt;/i&gt;"
    names = geo.clusters["name_en"].copy()
    names["arfon"] = "<script>alert(1)</script>"
    passed = hexmap.hex_figure(geo, known_values(geo), "referrals", title="R", names=names, cells=cells).data[-1]
    assert dict(zip(passed.customdata, passed.hovertext, strict=True))["arfon"].startswith(
        "<b>&lt;script&gt;alert(1)&lt;/script&gt;</b>"
    )


def test_text_is_readable_on_every_fill():
    assert hexmap.contrast("#000000", "#ffffff") == pytest.approx(21)
    assert hexmap.contrast("#2c7fb8", "#2c7fb8") == 1
    for fill in (*palette.SEQUENTIAL, palette.NO_DATA_FILL):
        assert hexmap.contrast(hexmap.text_colour(fill), fill) >= 4.5, fill
    assert hexmap.text_colour(palette.SEQUENTIAL[0]) == "#1a1a1a"
    assert hexmap.text_colour(palette.SEQUENTIAL[-1]) == "#ffffff"


def test_labels_are_short_and_unique(geo):
    for column, longest in (("name_en", 4), ("name_cy", 8)):
        labels = hexmap.abbreviations(geo.clusters[column])
        assert labels.is_unique and labels.str.len().max() == longest
    english = hexmap.abbreviations(geo.clusters["name_en"])
    assert english[["anglesey", "cardiff-east", "caerphilly-east", "conwy-east"]].tolist() == [
        "Ang",
        "CarE",
        "CaeE",
        "CoE",
    ]


def test_figure_is_an_equal_area_picture_without_axes(geo, cells):
    fig = hexmap.hex_figure(geo, known_values(geo), "referrals", title="Referrals", cells=cells)
    assert fig.layout.yaxis.scaleanchor == "x" and fig.layout.yaxis.scaleratio == 1
    assert fig.layout.xaxis.visible is False and fig.layout.yaxis.visible is False
    assert (fig.layout.plot_bgcolor, fig.layout.paper_bgcolor) == ("white", "white")
    assert all(trace.fill == "toself" for trace in fig.data[:-2])
    outline = fig.data[-2]
    assert outline.line.width > 2 and outline.line.color == palette.BOUNDARY
    # Every board's outer edge is drawn: each segment has length of a hexagon's side.
    ends = [(x, y) for x, y in zip(outline.x, outline.y, strict=True) if x is not None]
    sides = np.hypot(np.diff([x for x, _ in ends])[::2], np.diff([y for _, y in ends])[::2])
    assert len(sides) == 172 and np.allclose(sides, 1 / math.sqrt(3))
