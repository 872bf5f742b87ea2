from sprx_map import intake
from sprx_map.i18n import t
from tests import html_tables

from ..conftest import workbook_bytes

HEADER = ["Project name", "Lead organisation", "Health board", "Clusters served", "Status", "Activity categories"]


def _upload_bytes(rows):
    return workbook_bytes(rows, HEADER, title_rows=("Powys return",))


ROWS = [
    ["Walk and Talk", "Powys Walkers", "Powys Teaching HB", "Mid Powys", "current", "physical activity and sport"],
    [None] * 6,
    ["Art room", "Arts Co", "Powys", "Cynon Nrth", "current", "arts and creativity"],
    ["TOTAL", None, None, None, None, None],
]


def test_intake_page_reads_an_upload_and_shows_its_counts(run_page, monkeypatch):
    monkeypatch.delenv("SPRX_ADMIN_PASSWORD", raising=False)
    at = run_page("pages/intake.py")
    at.get("file_uploader")[0].upload("powys.xlsx", _upload_bytes(ROWS)).run()
    assert not at.exception
    counts = html_tables.tables(at)[0]
    assert list(counts.columns) == [
        "File",
        "Rows read",
        "Accepted",
        "Accepted with warnings",
        "Rejected",
        "Blank",
        "Total rows",
    ]
    assert counts.iloc[0].tolist() == ["powys.xlsx", "4", "1", "0", "1", "1", "1"]
    findings = at.dataframe[0].value
    error = findings[findings["Severity"] == "error"].iloc[0]
    assert (error["Row"], error["Column"], error["Value"]) == (5, "Clusters served", "Cynon Nrth")
    assert error["Suggestion"] == "Did you mean 'Cynon North' / 'Cynon South'?"
    assert t("intake.off") in [i.value for i in at.info]  # no password, no sign-in: validate only
    assert not [b for b in at.button if b.label == "Import the accepted rows"]


def test_an_unreadable_upload_says_why_and_the_page_stays_up(run_page):
    at = run_page("pages/intake.py")
    at.get("file_uploader")[0].upload("fake.xlsx", b"%PDF-1.4 nope").run()
    assert not at.exception
    assert at.error[0].value.startswith("Not read: fake.xlsx: this is not an .xlsx workbook")


def test_with_the_admin_password_the_accepted_rows_are_imported(run_page, monkeypatch, own_store):
    monkeypatch.setenv("SPRX_ADMIN_PASSWORD", "s3cret")
    at = run_page("pages/intake.py")
    at.get("file_uploader")[0].upload("powys.xlsx", _upload_bytes(ROWS[:1])).run()
    at.text_input(key="intake_password").set_value("wrong").run()
    assert at.error[0].value == "That password is not right."
    at.text_input(key="intake_password").set_value("s3cret").run()
    at.text_input(key="intake_round").set_value("2024-01").run()
    next(b for b in at.button if b.label == "Import the accepted rows").click().run()
    assert [s.value for s in at.success] == [
        "Nothing to report: every row was accepted as it is.",
        "powys.xlsx: imported, 1 project(s) for W11000024 in round 2024-01; 0 rejected row(s) left out.",
    ]
    history = at.dataframe[-1].value
    assert history.iloc[0][["Round", "Health board", "File", "By"]].tolist() == [
        "2024-01",
        "W11000024",
        "powys.xlsx",
        "app (admin password)",
    ]


def test_permission_rules():
    off = intake.permission(oidc_configured=False, user_email=None, allow_list=[], password=None, password_given="x")
    assert off == intake.Permission("off", False)
    pw = intake.permission(oidc_configured=False, user_email=None, allow_list=[], password="a", password_given="a")
    assert pw == intake.Permission("password", True)
    signed = intake.permission(
        oidc_configured=True,
        user_email="Hub@Example.org",
        allow_list=["hub@example.org"],
        password="a",
        password_given="a",
    )
    assert signed == intake.Permission("oidc", True)
    stranger = intake.permission(
        oidc_configured=True,
        user_email="x@example.org",
        allow_list=["hub@example.org"],
        password=None,
        password_given=None,
    )
    assert stranger == intake.Permission("oidc", False)


def test_an_unreadable_upload_says_why_in_welsh(run_page):
    at = run_page("pages/intake.py", lang="cy")
    at.get("file_uploader")[0].upload("fake.xlsx", b"%PDF-1.4 nope").run()
    assert not at.exception
    assert at.error[0].value == t("intake.unreadable", "cy", reason=t("error.not_xlsx", "cy", file="fake.xlsx"))
    assert "this is not" not in at.error[0].value
