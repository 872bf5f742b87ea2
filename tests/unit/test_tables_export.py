import datetime as dt
import io

import openpyxl
import pandas as pd

from sprx_map import export, tables


def test_projects_frame_uses_names_and_labels(sample, geo):
    frame = tables.projects_frame(sample.projects, geo)
    assert list(frame.columns) == list(tables.PROJECT_COLUMNS)
    row = sample.projects.iloc[0]
    shown = frame.loc[row["project_id"]]
    assert shown["health_board"] == geo.boards.at[row["health_board"], "name_en"]
    assert shown["clusters_served"] == "; ".join(geo.clusters.loc[row["clusters_served"], "name_en"])
    assert shown["referrals_received"] == row["referrals_received"]
    # Whole numbers, or the mark of a withheld count; never a count below 5.
    counts = [v for v in frame["referrals_received"] if isinstance(v, int)]
    assert min(counts) >= 5 and all(isinstance(v, int) or v in ("<5", "[c]", None) for v in frame["referrals_received"])


def test_a_projects_frame_from_labels_worked_out_once_is_the_same_frame(sample, geo):
    from sprx_map import filters, profiles

    whole_round = filters.Filters(round=sample.projects["round"].iloc[0])
    chosen = filters.apply(whole_round, sample.projects, geo)
    withheld_apart = 0
    for lang in ("en", "cy"):
        labels = tables.project_labels(chosen, geo, lang)
        wider = tables.projects_frame(chosen, geo, lang)
        for level in ("health_board", "local_authority", "cluster"):
            for code in geo.layer(level).index:
                serving = profiles.area_projects(sample.projects, whole_round, geo, level, code)
                made = tables.projects_frame(serving, geo, lang)
                pd.testing.assert_frame_equal(tables.projects_frame(serving, geo, lang, labels), made)
                withheld_apart += int(
                    (
                        wider.loc[made.index, "referrals_received"].astype(str)
                        != made["referrals_received"].astype(str)
                    ).sum()
                )
    assert withheld_apart > 0  # what is withheld depends on the set shown: it is worked out again, not taken


def test_search_matches_every_word_in_any_text_column(sample, geo):
    frame = tables.projects_frame(sample.projects, geo)
    hits = tables.search(frame, "cardiff  WALKS")
    expected = [
        pid
        for pid, row in frame.iterrows()
        if "walks" in " ".join(map(str, row.dropna())).lower() and "cardiff" in " ".join(map(str, row.dropna())).lower()
    ]
    assert list(hits.index) == expected == ["sample/cardiff-and-vale/52"]
    assert tables.search(frame, "") is frame
    assert tables.search(frame, "no such project anywhere").empty


def _frame():
    return pd.DataFrame(
        {
            "name": ["=1+2", "+44 123", "-x", "@sum", "\tTab", "Walk <b>"],
            "count": pd.array([1, -2, 3, None, 5, 6], dtype="Int64"),
            "when": [dt.date(2017, 1, 2)] * 6,
        }
    )


def test_csv_neutralises_formulas_and_keeps_numbers():
    release = export.Release("=bad round", True, dt.datetime(2027, 3, 3, 14, 5, tzinfo=dt.UTC))
    data = export.csv_bytes(_frame(), {"name": "Name"}, release)
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").splitlines()
    # The header is the first line; what travels with the data is in columns, neutralised too.
    assert lines[0] == "Name,count,when,Survey round,Illustrative data,Data as of"
    assert lines[1:3] == [
        "'=1+2,1,2017-01-02,'=bad round,yes,2027-03-03 14:05",
        "'+44 123,-2,2017-01-02,'=bad round,yes,2027-03-03 14:05",
    ]
    assert lines[4] == "'@sum,,2017-01-02,'=bad round,yes,2027-03-03 14:05"
    assert lines[5] == "'\tTab,5,2017-01-02,'=bad round,yes,2027-03-03 14:05"


def test_xlsx_neutralises_formulas_and_keeps_numbers():
    release = export.Release("2027-03", False, None)
    wb = openpyxl.load_workbook(
        io.BytesIO(export.xlsx_bytes(_frame(), {"name": "Name"}, release, title="=Table", notes=[("=x", "y")]))
    )
    assert wb.sheetnames == ["Cover", "Notes", "Table 1"]
    assert wb["Cover"]["A1"].value == "'=Table" and wb["Notes"]["A3"].value == "'=x"
    ws = wb["Table 1"]
    assert ws["A1"].value == "'=Table" and [c.value for c in ws[2]] == ["Name", "count", "when"]
    assert [ws.cell(row=r, column=1).value for r in range(3, 9)] == [
        "'=1+2",
        "'+44 123",
        "'-x",
        "'@sum",
        "'\tTab",
        "Walk <b>",
    ]
    assert all(ws.cell(row=r, column=1).data_type == "s" for r in range(3, 9))
    assert [ws.cell(row=r, column=2).value for r in range(3, 9)] == [1, -2, 3, None, 5, 6]
    assert ws["C3"].value == dt.datetime(2017, 1, 2)


def test_html_table_escapes_text_and_reads_back_exactly():
    from tests import html_tables

    frame = pd.DataFrame(
        {
            "Area": ['<img src=x onerror="alert(1)">', "Powys & Ceredigion"],
            "Referrals": ["<5", "1,234"],
            "FTE": [1.5, None],
            "Projects": [3, 12000],
            "Against Wales": ["lower", "[c]"],
        }
    )
    markup = tables.html_table(frame)
    assert "<img" not in markup and "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in markup
    (back,) = html_tables.read(markup)
    assert back.to_dict("list") == {
        "Area": ['<img src=x onerror="alert(1)">', "Powys & Ceredigion"],
        "Referrals": ["<5", "1,234"],
        "FTE": ["1.50", "–"],
        "Projects": ["3", "12,000"],
        "Against Wales": ["lower", "[c]"],
    }
    # Row headers name each row; figures are right-aligned, words are not.
    assert markup.count('<th scope="row">') == 2
    assert '<th scope="col" class="num">Referrals</th>' in markup
    assert '<th scope="col" class="num">Projects</th>' in markup
    assert '<th scope="col">Against Wales</th>' in markup
    assert '<th scope="col">Area</th>' in markup


def test_html_table_writes_numbers_as_in_the_language():
    from tests import html_tables

    frame = pd.DataFrame({"Ardal": ["Powys"], "Cyfanswm": [1234567]})
    (back,) = html_tables.read(tables.html_table(frame, "cy"))
    assert back.iloc[0].tolist() == ["Powys", "1,234,567"]  # Welsh writes numbers as English does (CLDR)
    assert html_tables.read(tables.html_table(frame.iloc[:0], "cy"))[0].empty
