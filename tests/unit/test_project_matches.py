"""Projects sent without their reference, matched by a score to the board's last return, confirmed or undone, and
the choice remembered for the board.

Powys returns four projects for round 2027-03 (PWY-0001 to PWY-0004). Its 2028-03 return carries no references:
Walk and Talk is renamed Walk and Talk Newtown (the same organisation, clusters and activity), Garden Club ends,
Cook Club goes on under its name, Art Cafe is missing and Men's Shed is new.
"""

import datetime as dt

import pytest

from sprx_map import intake, project_matches, roles, schema, store
from sprx_map.returns import read_return
from tests.builders import (
    POWYS_BEFORE,
    POWYS_MATCH_UNDONE,
    POWYS_ROUND_TRIP,
    POWYS_WITHOUT_REFERENCES,
    REQUIRED_HEADER,
    powys_change,
)

from ..conftest import workbook_bytes

POWYS = "W11000024"
RENAMED = "walk and talk newtown powys walkers"  # Walk and Talk Newtown's key, as its choice is remembered
SAME = (RENAMED, "PWY-0001")  # the question asked: is Walk and Talk Newtown PWY-0001?
WHEN = dt.datetime(2028, 5, 2, 9, 0, tzinfo=dt.UTC)


def _read(tmp_path, geo, rows, name):
    path = tmp_path / name
    path.write_bytes(workbook_bytes(rows, REQUIRED_HEADER))
    return read_return(path, geo)


@pytest.fixture
def engine(store_url, tmp_path, geo):
    """A store with Powys's 2027-03 return."""
    engine = store.connect(store_url)
    store.import_reports(engine, [_read(tmp_path, geo, POWYS_BEFORE, "first.xlsx")], "2027-03", who="hub", now=WHEN)
    return engine


def _second(tmp_path, geo):
    return _read(tmp_path, geo, POWYS_WITHOUT_REFERENCES, "second.xlsx")


def test_a_renamed_project_scores_by_its_name_organisation_and_other_fields():
    walk = dict(zip(("project_name", "lead_organisation", "clusters_served", "activity_categories"),
                    ("Walk and Talk", "Powys Walkers", ["W37000073"], ["walking"]), strict=True))  # fmt: skip
    assert project_matches.score({**walk, "project_name": "Walk and Talk Newtown"}, walk) == (
        0.89, ("lead_organisation", "clusters_served", "activity_categories"),
    )  # fmt: skip
    # No word of the name left, the same organisation, clusters and activity: still asked about.
    assert project_matches.score({**walk, "project_name": "Stride Out"}, walk)[0] == 0.63
    # Another organisation's project in the same cluster: not a match.
    other = {**walk, "project_name": "Art Cafe", "lead_organisation": "Arts Powys", "activity_categories": ["arts"]}
    assert project_matches.score(other, walk)[0] < project_matches.THRESHOLD


def test_each_project_is_matched_once_best_first():
    before = [{"project_name": "Walk and Talk", "lead_organisation": "Powys Walkers"}]
    records = [
        {"project_name": "Walk and Talk Newtown", "lead_organisation": "Powys Walkers"},
        {"project_name": "Walk and Talk", "lead_organisation": "Powys Walkers Ltd"},
    ]
    # The second reads more alike (its name the same), so it takes the one project before; the first is new.
    assert project_matches.propose(records, [0, 1], before) == [(1, 0, 0.95, ())]


def test_a_long_project_is_remembered_by_the_255_characters_a_saved_mapping_keeps():
    name = "Walk " * 60
    shown = project_matches.written(name, "Powys Walkers")
    assert shown == ("Walk " * 51)[:255]
    # Saved, its source is made from what is kept: the same form the match is looked up by.
    assert project_matches.key(name, "Powys Walkers") == schema.normalise_label(shown) == "walk " * 50 + "walk"


def test_only_the_match_that_is_not_exact_is_found(engine, tmp_path, geo):
    records = _second(tmp_path, geo).projects.to_dict("records")
    assert store.project_matches_of(engine, POWYS, "2028-03", records) == [
        project_matches.Match(
            row=2, name="Walk and Talk Newtown", organisation="Powys Walkers", reference="PWY-0001",
            was_name="Walk and Talk", was_organisation="Powys Walkers", score=0.89,
            agree=("lead_organisation", "clusters_served", "activity_categories"),
        )
    ]  # fmt: skip
    assert store.project_matches_of(engine, POWYS, "2028-03", records)[0].key == RENAMED


@pytest.mark.parametrize("chosen", [{POWYS: {SAME: True}}, None], ids=["confirmed", "not_answered"])
def test_a_match_confirmed_or_not_answered_keeps_the_reference(engine, tmp_path, geo, chosen):
    store.import_reports(engine, [_second(tmp_path, geo)], "2028-03", who="hub", now=WHEN, matches=chosen)
    assert powys_change(engine, geo) == POWYS_ROUND_TRIP


def test_a_match_undone_is_a_new_project_and_the_one_before_not_reported(engine, tmp_path, geo):
    chosen = {POWYS: {SAME: False}}
    store.import_reports(engine, [_second(tmp_path, geo)], "2028-03", who="hub", now=WHEN, matches=chosen)
    assert powys_change(engine, geo) == POWYS_MATCH_UNDONE


def test_a_remembered_choice_is_applied_and_said_to_be_saved(engine, tmp_path, geo):
    report = _second(tmp_path, geo)
    records = report.projects.to_dict("records")
    asked = store.project_matches_of(engine, POWYS, "2028-03", records, {SAME: False})
    assert [(m.choice, m.saved, m.applied) for m in asked] == [("", False, False)]
    chosen = intake.remembered(report, None, asked)
    assert chosen == [store.Mapping("project", "", "Walk and Talk Newtown (Powys Walkers)", "")]
    assert store.save_mappings(engine, POWYS, chosen, who="hub") == 1
    again = store.project_matches_of(engine, POWYS, "2028-03", records)
    assert [(m.choice, m.saved) for m in again] == [("", True)]
    assert intake.remembered(report, None, again) == []  # remembered already: not saved again
    store.import_reports(engine, [report], "2028-03", who="hub", now=WHEN)  # no choice made now: the saved one
    assert powys_change(engine, geo) == POWYS_MATCH_UNDONE
    listed = intake.mapping_table(store.mappings(engine), geo)
    assert listed[["Heading, value or project", "Read as"]].values.tolist() == [
        ["project 'Walk and Talk Newtown (Powys Walkers)'", "A new project"]
    ]


def test_a_choice_made_now_goes_over_the_remembered_one(engine, tmp_path, geo):
    records = _second(tmp_path, geo).projects.to_dict("records")
    store.save_mappings(engine, POWYS, [store.Mapping("project", "", "Walk and Talk Newtown (Powys Walkers)", "")])
    now = store.project_matches_of(engine, POWYS, "2028-03", records, {SAME: True})
    assert [(m.choice, m.saved, m.applied) for m in now] == [("PWY-0001", False, True)]


def test_an_answer_about_another_proposal_is_not_applied(engine, tmp_path, geo):
    # Answered when another round was typed in, and PWY-0003 proposed: not an answer about PWY-0001.
    report = _second(tmp_path, geo)
    answers = {(RENAMED, "PWY-0003"): False}
    asked = store.project_matches_of(engine, POWYS, "2028-03", report.projects.to_dict("records"), answers)
    assert [(m.reference, m.choice, m.applied) for m in asked] == [("PWY-0001", None, True)]
    store.import_reports(engine, [report], "2028-03", who="hub", now=WHEN, matches={POWYS: answers})
    assert powys_change(engine, geo) == POWYS_ROUND_TRIP


def test_a_remembered_choice_about_another_project_is_asked_again(engine, tmp_path, geo):
    records = _second(tmp_path, geo).projects.to_dict("records")
    store.save_mappings(
        engine, POWYS, [store.Mapping("project", "", "Walk and Talk Newtown (Powys Walkers)", "PWY-0003")]
    )
    assert [(m.choice, m.saved) for m in store.project_matches_of(engine, POWYS, "2028-03", records)] == [(None, False)]


def test_remembering_a_project_choice_is_for_importers_and_removing_it_for_administrators(engine, tmp_path, geo):
    choice = store.Mapping("project", "", "Walk and Talk Newtown (Powys Walkers)", "PWY-0001")
    viewer = roles.Actor("v@powys.example", roles.VIEWER, "oidc")
    importer = roles.Actor("i@powys.example", roles.IMPORTER, "oidc")
    with pytest.raises(store.StoreError):
        store.save_mappings(engine, POWYS, [choice], who=viewer)
    assert store.save_mappings(engine, POWYS, [choice], who=importer) == 1
    saved = int(store.mappings(engine)["id"].iloc[0])
    with pytest.raises(store.StoreError):
        store.remove_mapping(engine, saved, who=importer)
    store.remove_mapping(engine, saved, who="hub")
    records = _second(tmp_path, geo).projects.to_dict("records")
    # Removed: the match is asked about again.
    assert [(m.choice, m.saved) for m in store.project_matches_of(engine, POWYS, "2028-03", records)] == [(None, False)]


def test_an_import_tells_which_projects_took_a_reference_by_a_score(engine, tmp_path, geo):
    kept = store.import_reports(engine, [_second(tmp_path, geo)], "2028-03", who="hub", now=WHEN)
    (only,) = kept.files[0].matched
    assert (only.row, only.name, only.reference, only.score) == (2, "Walk and Talk Newtown", "PWY-0001", 0.89)


def test_a_match_undone_is_not_told_as_taken(engine, tmp_path, geo):
    chosen = {POWYS: {SAME: False}}
    kept = store.import_reports(engine, [_second(tmp_path, geo)], "2028-03", who="hub", now=WHEN, matches=chosen)
    assert kept.files[0].matched == ()


def test_the_command_line_import_says_each_project_matched_by_a_score(cli, tmp_path):
    url = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    for rows, name in ((POWYS_BEFORE, "first.xlsx"), (POWYS_WITHOUT_REFERENCES, "second.xlsx")):
        (tmp_path / name).write_bytes(workbook_bytes(rows, REQUIRED_HEADER))
    assert cli("import", str(tmp_path / "first.xlsx"), "--round", "2027-03", "--db", url).returncode == 0
    second = cli("import", str(tmp_path / "second.xlsx"), "--round", "2028-03", "--db", url, "--lang", "cy")
    assert second.returncode == 0, second.stderr
    lines = second.stdout.splitlines()
    said = lines.index(
        "Prosiect a gafodd gyfeirnod prosiect yn ffurflen ddiwethaf y bwrdd am fod y ddau'n debyg (nifer: 1). "
        "I'w gadw fel prosiect newydd, mewnforiwch y ffeil ar y dudalen Derbyn data a dewis 'Prosiect newydd' yno:"
    )
    assert lines[said + 1] == (
        "  Rhes 2: 'Walk and Talk Newtown' (Powys Walkers) wedi'i baru â'r prosiect PWY-0001 'Walk and Talk' "
        "(Powys Walkers): 89% yn debyg; yr un fath: Sefydliad arweiniol, Clystyrau a wasanaethir, "
        "Categorïau gweithgaredd"
    )
