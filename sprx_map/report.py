"""What reading a return found: its findings, the values read by a guess, and the report of every row.

The reader (:mod:`sprx_map.returns`) makes a :class:`ReturnReport`; the intake page, the command line and
the exports show it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import pandas as pd

from sprx_map import schema
from sprx_map.i18n import in_language, t
from sprx_map.layout import BoardSource, Column, Layout
from sprx_map.stamp import Stamp
from sprx_map.workbooks import FileRefused, Sheet

# The counts every report gives, in the order of the validation contract.


class ReturnFileError(FileRefused):
    """The file cannot be read as a return at all; the message says why."""


@dataclass
class Finding:
    """Something noticed about a file, a row or a cell.

    ``field`` is the schema field the finding is about (its label is worded in
    the reader's language); ``column`` is what to show when there is no field
    (a heading of the file). ``left_empty`` marks an optional value that could
    not be read: the field was left empty and ``value`` keeps the text as written.
    ``read_as`` is the key or code a value was read as by a guess.
    """

    file: str
    row: int | None
    column: str | None
    value: str
    severity: str  # "error" | "warning" | "info"
    key: str
    params: dict = field(default_factory=dict)  # a value may be {language: text}
    suggestion: str | dict[str, str] = ""
    field: str | None = None
    left_empty: bool = False
    read_as: str | None = None

    def message(self, lang: str = "en") -> str:
        """The finding in words, in ``lang``."""
        text = t(self.key, lang, **{name: in_language(value, lang) for name, value in self.params.items()})
        return f"{text} {t('finding.left_empty', lang)}" if self.left_empty else text

    def suggestion_text(self, lang: str = "en") -> str:
        """ "Did you mean ...?" when there is a suggestion."""
        options = in_language(self.suggestion, lang)
        return t("finding.did_you_mean", lang, options=options) if options else ""

    def column_label(self, lang: str = "en") -> str | None:
        """The column the finding is about: the field's label in ``lang``, else the file's heading."""
        return schema.FIELD_BY_KEY[self.field].label(lang) if self.field else self.column

    def as_dict(self, lang: str = "en") -> dict:
        return {
            "row": self.row,
            "column": self.column_label(lang),
            "value": self.value,
            "severity": self.severity,
            "message": self.message(lang),
            "suggestion": self.suggestion_text(lang),
        }


@dataclass(frozen=True)
class Guess:
    """A value read by a guess, for a person to confirm or change.

    ``field`` and ``text`` (as written) say what was read; ``value`` the key or
    code it was read as; ``how`` why ("read_as" a misspelling, "carried" down
    from a heading row, "board_<source>" the board of the whole return);
    ``rows`` where it was used.
    """

    field: str
    text: str
    value: str
    how: str
    rows: tuple[int, ...]


@dataclass
class ReturnReport:
    """What reading one return found: its projects and an account of every row."""

    file: str
    sha256: str
    details: dict
    projects: pd.DataFrame
    row_status: dict[int, str]
    findings: list[Finding]
    sheet: Sheet | None = None  # the projects sheet as read, for the findings workbook
    layout: Layout | None = None
    board: BoardSource | None = None  # the board of the whole return, when no column gives it
    sections: dict[int, tuple[str, str]] = field(default_factory=dict)  # heading rows: row -> (field, value)
    stamp: Stamp | None = None  # the round and board a pre-filled return was made for (sprx_map.stamp)

    def count(self, status: str) -> int:
        return sum(1 for s in self.row_status.values() if s == status)

    @property
    def rows_read(self) -> int:
        return len(self.row_status)

    @property
    def columns(self) -> list[Column]:
        return self.layout.columns if self.layout else []

    @property
    def board_code(self) -> str | None:
        """The one board this return is for: given or found for the whole file, else the board of all its
        accepted projects; None when it names none or several."""
        if self.board is not None:
            return self.board.code
        boards = set(self.projects["health_board"].dropna()) if len(self.projects) else set()
        return boards.pop() if len(boards) == 1 else None

    @property
    def guesses(self) -> list[Guess]:
        """Every value read by a guess, once per (field, text, value), with the rows it was used on."""
        rows: dict[tuple, list[int]] = {}
        for f in self.findings:
            if f.read_as is not None and f.field and not f.key.startswith("finding.board_from_"):
                how = "carried" if f.key == "finding.carried_down" else "read_as"
                rows.setdefault((f.field, f.value, f.read_as, how), []).append(f.row)
        out = [Guess(k[0], k[1], k[2], k[3], tuple(r for r in v if r is not None)) for k, v in rows.items()]
        if self.board is not None and self.board.source not in ("given", "details"):
            out.insert(0, Guess("health_board", self.board.text, self.board.code, f"board_{self.board.source}", ()))
        return out

    def without_rows(self) -> ReturnReport:
        """This report without the rows of its sheet, which only the findings workbook needs: what a cache
        shared by every session keeps, so that it holds what the page shows and not each file's cells."""
        if self.sheet is None:
            return self
        layout = replace(self.layout, sheet=Sheet(self.layout.sheet.name, [])) if self.layout else None
        return replace(self, sheet=None, layout=layout)

    def summary(self, lang: str = "en") -> dict:
        """The validation contract: counts and issues for this file, and how each heading was read."""
        return {
            "file": self.file,
            "rows_read": self.rows_read,
            "accepted": self.count("accepted"),
            "accepted_with_warnings": self.count("accepted_with_warnings"),
            "rejected": self.count("rejected"),
            "skipped_blank": self.count("blank"),
            "skipped_total": self.count("total"),
            "issues": [f.as_dict(lang) for f in self.findings],
            "columns": [c.as_dict() for c in self.columns],
            "completeness": completeness(self.projects),
        }


def completeness(projects: pd.DataFrame) -> dict[str, dict[str, int]]:
    """How many of a return's accepted projects gave each field: ``{field: {"reported": n, "projects": m,
    "current": c, "current_reported": k}}``, where ``current`` are its current projects (what the dashboard's
    completeness figures count)."""
    current = projects["status"] == "current" if "status" in projects else pd.Series(False, index=projects.index)
    out = {}
    for f in schema.FIELDS:
        if f.key not in projects:
            continue
        values = projects[f.key]
        given = values.map(lambda v: bool(v) if isinstance(v, list) else not pd.isna(v) and v != "")
        out[f.key] = {
            "reported": int(given.sum()),
            "projects": len(projects),
            "current_reported": int((given & current).sum()),
            "current": int(current.sum()),
        }
    if "project_type" in out:  # a type not given is inferred when the data is loaded (sprx_map.referrals)
        out["project_type"]["inferred"] = out["project_type"]["projects"] - out["project_type"]["reported"]
    return out
