"""What the command line prints of a return's text: data, never codes the terminal acts on."""

import csv

from tests.builders import POWYS_BEFORE, REQUIRED_HEADER


def test_the_command_line_prints_a_returns_text_as_data_not_terminal_codes(cli, tmp_path):
    hostile = "Notes\x1b[2J\x1b]0;owned\x07\u202e"  # clear the screen, retitle the window, reverse the text
    path = tmp_path / "hostile.csv"
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow([*REQUIRED_HEADER, hostile])
        writer.writerows([[*row, "x"] for row in POWYS_BEFORE])
    shown = cli("validate", str(path), "--db", f"sqlite:///{tmp_path / 'v.sqlite'}")
    assert shown.returncode == 0, shown.stderr
    assert "\x1b" not in shown.stdout and "\x07" not in shown.stdout and "\u202e" not in shown.stdout
    assert "Notes\\x1b[2J\\x1b]0;owned\\x07\\u202e" in shown.stdout  # the heading, written as its escapes
