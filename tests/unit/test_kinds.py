"""Kinds of value: each parses, stores and shows its values; nothing else dispatches on a kind's name."""

import re

import pandas as pd
import sqlalchemy as sa

from sprx_map import PROJECT_DIR, schema, store
from sprx_map.kinds import KINDS

NAMES = {"health_board": {"W11000024": "Powys"}, "cluster": {"north-powys": "North Powys", "mid-powys": "Mid Powys"}}


def test_every_field_holds_a_known_kind():
    assert {f.kind.name for f in schema.FIELDS} <= set(KINDS)
    assert schema.FIELD_BY_KEY["activity_categories"].kind is KINDS["choices"]
    assert schema.LIST_FIELDS[:2] == ("clusters_served", "activity_categories")


def test_kinds_parse_cells():
    fte = schema.FIELD_BY_KEY["link_worker_fte"]
    assert fte.kind.parse("1.5", fte).value == 1.5
    referrals = schema.FIELD_BY_KEY["referrals_received"]
    assert referrals.kind.parse("1,200", referrals).value == 1200
    status = schema.FIELD_BY_KEY["status"]
    assert status.kind.parse("Current", status).value == "current"
    evaluation = schema.FIELD_BY_KEY["evaluation_in_place"]
    assert evaluation.kind.parse("ydy", evaluation).value is True


def test_kinds_are_stored_as_their_sql_types():
    columns = store.projects.c
    assert isinstance(columns["referrals_received"].type, sa.Integer)
    assert isinstance(columns["link_worker_fte"].type, sa.Float)
    assert isinstance(columns["clusters_served"].type, sa.JSON)
    assert isinstance(columns["start_date"].type, sa.Date)


def test_kinds_show_values_in_either_language():
    categories = schema.FIELD_BY_KEY["activity_categories"]
    shown = categories.kind.shown([["arts", "nature"]], categories, "cy", NAMES)
    expected = "; ".join(schema.label(schema.ACTIVITY_CATEGORIES, k, "cy") for k in ("arts", "nature"))
    assert shown == [expected]
    evaluation = schema.FIELD_BY_KEY["evaluation_in_place"]
    assert evaluation.kind.shown(pd.array([True, False, None], dtype="boolean"), evaluation, "cy", NAMES) == [
        "ydy",
        "nac ydy",
        None,
    ]
    clusters = schema.FIELD_BY_KEY["clusters_served"]
    assert clusters.kind.shown([["north-powys", "mid-powys"]], clusters, "en", NAMES) == ["North Powys; Mid Powys"]


def test_kinds_write_values_as_a_return_does():
    clusters = schema.FIELD_BY_KEY["clusters_served"]
    assert clusters.kind.written("All", clusters, NAMES) == "All"
    assert clusters.kind.written(["mid-powys"], clusters, NAMES) == "Mid Powys"
    board = schema.FIELD_BY_KEY["health_board"]
    assert board.kind.written("W11000024", board, NAMES) == "Powys"
    evaluation = schema.FIELD_BY_KEY["evaluation_in_place"]
    assert evaluation.kind.written(False, evaluation, NAMES) == "no"


def test_frames_take_each_kinds_type():
    frame = schema.projects_frame([{"source_file": "f.xlsx", "source_row": 5, "referrals_received": 7}])
    assert str(frame["referrals_received"].dtype) == "Int64"
    assert str(frame["link_worker_fte"].dtype) == "Float64"
    assert str(frame["evaluation_in_place"].dtype) == "boolean"
    assert frame.at[0, "project_name"] is None


def test_no_module_dispatches_on_a_kind_name():
    named = re.compile(r"\bf\.kind (==|in) \(?\"(text|board|clusters|choice|choices|decimal|integer|money|date|yesno)")
    found = [
        f"{path.name}: {line.strip()}"
        for path in (PROJECT_DIR / "sprx_map").rglob("*.py")
        for line in path.read_text(encoding="utf-8").splitlines()
        if named.search(line)
    ]
    assert found == []
