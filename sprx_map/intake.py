"""Taking returns in through the app: reading uploads, the report tables, who may import."""

from __future__ import annotations

import hmac
from dataclasses import dataclass

import pandas as pd

from sprx_map.geography import Geography
from sprx_map.headings import USER
from sprx_map.i18n import t
from sprx_map.layout import Choices, key_of
from sprx_map.returns import COUNT_KEYS, ReturnFileError, ReturnReport, flag_duplicates_across, read_return


@dataclass
class Upload:
    """One uploaded file: its report, or why it could not be read (``error.message(lang)``)."""

    name: str
    report: ReturnReport | None
    error: ReturnFileError | None


def read_upload(name: str, data: bytes, geo: Geography) -> Upload:
    """Read one uploaded file; a file that cannot be read gets its reason instead of a report."""
    try:
        return Upload(name, read_return(name, geo, data=data, name=name), None)
    except ReturnFileError as exc:
        return Upload(name, None, exc)


def read_uploads(files: list[tuple[str, bytes]], geo: Geography, read=read_upload) -> list[Upload]:
    """Read uploaded (name, bytes) pairs with ``read``, then flag projects that appear in two of them."""
    uploads = [read(name, data, geo) for name, data in files]
    flag_duplicates_across([u.report for u in uploads if u.report])
    return uploads


def remembered(report: ReturnReport, choices: Choices | None):
    """What a person chose for ``report`` (headings read as another field, values read as another key),
    as mappings to save for its board."""
    from sprx_map import store

    out = [store.Mapping("heading", "", c.heading, c.field or "") for c in report.columns if c.how == USER]
    chosen = set(choices.values) if choices else set()
    for guess in report.guesses:
        if (guess.field, key_of(guess.text)) in chosen:
            out.append(store.Mapping("value", guess.field, guess.text, guess.value))
    return out


def summary_table(uploads: list[Upload], lang: str = "en") -> pd.DataFrame:
    """One row per readable file: the row counts of the report."""
    rows = [{"file": u.name, **{k: u.report.summary(lang)[k] for k in COUNT_KEYS}} for u in uploads if u.report]
    frame = pd.DataFrame(rows, columns=["file", *COUNT_KEYS])
    return frame.rename(columns={k: t(f"intake.{k}", lang) for k in ("file", *COUNT_KEYS)})


def findings_table(uploads: list[Upload], severities: list[str], lang: str = "en") -> pd.DataFrame:
    """Every finding of the chosen severities: file, row, column, value, severity, message, suggestion."""
    rows = []
    for u in uploads:
        if u.report is None:
            continue
        for f in u.report.findings:
            if f.severity in severities:
                rows.append({"file": u.name, **f.as_dict(lang), "severity": t(f"severity.{f.severity}", lang)})
    columns = ["file", "row", "column", "value", "severity", "message", "suggestion"]
    frame = pd.DataFrame(rows, columns=columns)
    frame["row"] = frame["row"].astype("Int64")
    return frame.rename(columns={c: t(f"intake.{c}", lang) for c in columns})


@dataclass(frozen=True)
class Permission:
    """Whether this person may import, and how that was decided."""

    mode: str  # "oidc", "password", "off"
    allowed: bool


def permission(
    *,
    oidc_configured: bool,
    user_email: str | None,
    allow_list: list[str],
    password: str | None,
    password_given: str | None,
) -> Permission:
    """Who may import from the app.

    With OIDC sign-in configured, only signed-in users on the allow-list; else,
    when an admin password is set, whoever gives it; else nobody (the page still
    validates, and the command line can always import).
    """
    if oidc_configured:
        allowed = bool(user_email) and user_email.strip().lower() in {a.strip().lower() for a in allow_list}
        return Permission("oidc", allowed)
    if password:
        return Permission(
            "password", password_given is not None and hmac.compare_digest(password_given.encode(), password.encode())
        )
    return Permission("off", False)


GEOGRAPHY_LEVELS = ("health_board", "local_authority", "cluster", "lsoa", "practices")


def read_geography_upload(
    name: str,
    data: bytes,
    level: str,
    geo: Geography,
    *,
    columns: dict[str, str] | None = None,
    lookup: tuple[str, bytes] | None = None,
):
    """Read an uploaded boundary file (or GP practice list) as the command line's ``geography load`` does.

    Returns ``(load, None)``, or ``(None, reason)`` when the file cannot be read
    at all. The bytes go to a private temporary folder under their own name, so
    the format is told by the name as it would be on disk.
    """
    import tempfile
    from pathlib import Path

    from sprx_map.boundaries import BoundaryError, read_boundaries
    from sprx_map.lookups import read_practices

    with tempfile.TemporaryDirectory(prefix="sprx-geo-") as folder:
        path = Path(folder) / Path(name).name
        path.write_bytes(data)
        lookup_path = None
        if lookup is not None:
            lookup_path = Path(folder) / ("lookup-" + Path(lookup[0]).name)
            lookup_path.write_bytes(lookup[1])
        try:
            if level == "practices":
                return read_practices(path, geo, columns=columns or None), None
            return read_boundaries(path, level, geo, columns=columns or None, lookup=lookup_path), None
        except BoundaryError as exc:
            return None, str(exc)
