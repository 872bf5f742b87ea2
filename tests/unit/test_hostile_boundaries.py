"""Hostile boundary files: told by their bytes, opened by one driver, within limits, never followed elsewhere."""

import http.server
import io
import json
import threading
import zipfile

import pyogrio
import pytest

from sprx_map.geo import files
from sprx_map.geo.boundaries import BoundaryError, read_boundaries
from sprx_map.geo.files import BoundaryLimits

SECRET = "SECRET-ON-THE-SERVER-7731"


def _vrt(target) -> str:
    """An OGR VRT document that would read ``target`` (a CSV with a WKT column) as boundaries."""
    return (
        '<OGRVRTDataSource><OGRVRTLayer name="boards">'
        f"<SrcDataSource>{target}</SrcDataSource><SrcLayer>{target.stem}</SrcLayer>"
        '<GeometryField encoding="WKT" field="wkt"/><LayerSRS>EPSG:4326</LayerSRS>'
        "</OGRVRTLayer></OGRVRTDataSource>"
    )


@pytest.fixture
def secret(tmp_path):
    """A file elsewhere on the server, which no upload may read."""
    path = tmp_path / "elsewhere" / "secret.csv"
    path.parent.mkdir()
    rows = [f'"{SECRET}-{i}","POLYGON((-3 52,-3 52.1,-2.9 52.1,-3 52))"' for i in range(3)]
    path.write_text("code,wkt\n" + "\n".join(rows) + "\n")
    return path


def _zipped(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _square(x: float, y: float, size: float = 0.05) -> dict:
    ring = [[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]
    return {"type": "Polygon", "coordinates": [ring]}


def _boards_geojson(geo, extra: list[dict] = ()) -> bytes:
    """A square for each board of ``geo`` (in Wales), and ``extra`` features."""
    features = [
        {"type": "Feature", "properties": {"code": code}, "geometry": _square(-4.0 + i * 0.1, 52.0)}
        for i, code in enumerate(geo.boards.index)
    ]
    return json.dumps({"type": "FeatureCollection", "features": [*features, *extra]}).encode()


@pytest.mark.parametrize(
    ("name", "wrap"),
    [
        ("boards.geojson", None),
        ("boards.json", None),
        ("boards.zip", "boards.shp"),
        ("boards.zip", "boards.gpkg"),
    ],
)
def test_a_vrt_under_another_name_is_refused_and_never_followed(tmp_path, geo, secret, name, wrap):
    document = _vrt(secret).encode()
    path = tmp_path / name
    path.write_bytes(_zipped({wrap: document}) if wrap else document)
    with pytest.raises(BoundaryError) as refused:
        read_boundaries(path, "health_board", geo)
    assert refused.value.key == "boundaries.not_format"
    for lang in ("en", "cy"):
        assert SECRET not in refused.value.message(lang) and str(secret) not in refused.value.message(lang)


def test_the_command_line_refuses_a_vrt_without_a_trace_of_its_target(tmp_path, secret, cli):
    path = tmp_path / "boards.geojson"
    path.write_text(_vrt(secret))
    done = cli("geography", "load", str(path), "--level", "health_board", "--dry-run")
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.startswith("Nothing stored: boards.geojson does not hold GeoJSON data")
    assert SECRET not in done.stderr and "Traceback" not in done.stderr


def test_gdal_runs_without_its_vrt_drivers(cli):
    import subprocess
    import sys

    from sprx_map import PROJECT_DIR

    code = "import sprx_map, pyogrio; print(sorted(d for d in pyogrio.list_drivers() if 'VRT' in d))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=PROJECT_DIR, timeout=60)
    assert (done.stdout, done.stderr) == ("[]\n", "")  # no driver, and no warning about skipping one twice


@pytest.fixture
def web_server():
    """A web server on loopback that counts the requests it gets."""
    asked = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            asked.append(self.path)
            self.send_response(404)
            self.end_headers()

        do_HEAD = do_GET

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", asked
    server.shutdown()
    server.server_close()


def test_a_network_path_is_never_fetched(geo, web_server):
    from pathlib import Path

    address, asked = web_server
    with pytest.raises(BoundaryError) as refused:
        read_boundaries(Path(f"/vsicurl/{address}/boards.geojson"), "health_board", geo)
    assert refused.value.key == "boundaries.no_file"
    files.lock_down_gdal()
    for dataset in (f"/vsicurl/{address}/boards.geojson", f"GeoJSON:/vsicurl/{address}/boards.geojson"):
        with pytest.raises(pyogrio.errors.DataSourceError):
            pyogrio.read_info(dataset)
    assert asked == []


def test_a_zip_bomb_of_boundaries_is_refused_before_it_is_unpacked(tmp_path, geo):
    path = tmp_path / "boards.zip"
    path.write_bytes(_zipped({"boards.shp": files.SHAPEFILE_MAGIC + bytes(30 * 2**20), "boards.dbf": b"\x03"}))
    assert path.stat().st_size < 100_000
    with pytest.raises(BoundaryError) as refused:
        read_boundaries(path, "health_board", geo)
    assert refused.value.key == "boundaries.unpacks_too_big"
    assert str(refused.value).startswith("boards.zip would unpack to 30.0 MB (at most 300.0 MB), or to far more")


def test_a_zip_over_the_size_limit_is_refused(tmp_path, geo, monkeypatch):
    monkeypatch.setattr(files, "LIMITS", BoundaryLimits(max_bytes=2**20))
    path = tmp_path / "boards.zip"
    path.write_bytes(_zipped({"boards.geojson.gpkg": files.SQLITE_MAGIC + bytes(2 * 2**20)}))
    with pytest.raises(BoundaryError) as refused:
        files.dataset_of(path, ".zip", tmp_path, files.LIMITS)
    assert refused.value.key == "boundaries.unpacks_too_big"


def test_features_and_vertices_are_capped_before_repair(tmp_path, geo, monkeypatch):
    path = tmp_path / "boards.geojson"
    path.write_bytes(_boards_geojson(geo))
    assert read_boundaries(path, "health_board", geo).ok  # 7 squares, 35 vertices
    monkeypatch.setattr(files, "LIMITS", BoundaryLimits(max_features=6))
    with pytest.raises(BoundaryError) as refused:
        read_boundaries(path, "health_board", geo)
    assert str(refused.value) == (
        "boards.geojson holds more than 6 features. Load only the areas of Wales, at the level chosen."
    )
    monkeypatch.setattr(files, "LIMITS", BoundaryLimits(max_vertices=34))
    with pytest.raises(BoundaryError) as refused:
        read_boundaries(path, "health_board", geo)
    assert refused.value.key == "boundaries.too_many_vertices"
    assert refused.value.params["count"] == "35"


def test_a_file_without_polygons_is_refused_in_words(tmp_path, geo, cli):
    path = tmp_path / "boards.geojson"
    features = [{"type": "Feature", "properties": {"code": code}, "geometry": None} for code in geo.boards.index]
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    with pytest.raises(BoundaryError) as refused:
        read_boundaries(path, "health_board", geo)
    assert refused.value.key == "boundaries.no_polygons"
    done = cli("geography", "load", str(path), "--level", "health_board", "--dry-run")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "holds no area shapes" in done.stderr


def test_values_from_a_file_are_few_and_short_in_a_report(tmp_path, geo):
    long_codes = [f"{i:02d}" + "x" * 500 for i in range(20)]
    extra = [{"type": "Feature", "properties": {"code": code}, "geometry": _square(-3.5, 51.6)} for code in long_codes]
    path = tmp_path / "boards.geojson"
    path.write_bytes(_boards_geojson(geo, extra))
    load = read_boundaries(path, "health_board", geo)
    report = "\n".join(load.report("en") + load.report("cy"))
    assert "x" * 60 not in report
    shown = next(line for line in load.report("en") if "unknown:" in line)
    listed = shown.split("unknown: ")[1]
    assert listed == ", ".join(code[:59] + "…" for code in long_codes[:5]) + " and 15 more"
