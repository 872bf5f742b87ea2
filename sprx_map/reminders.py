"""Reminders to the boards that have not returned for a round: one email each, ready to open in a mail client.

Each is an :class:`email.message.EmailMessage` with the Welsh body first, then the English (as Welsh public
bodies write), naming the round, its reporting period and deadline and what to send back, with the board's
return attached (pre-filled from its last return, or the blank one). No mail server is needed: the files are
written as ``.eml``, which a mail client opens as a message to check and send. The words are the catalogue's.
"""

from __future__ import annotations

import email.policy
import re
from collections.abc import Callable
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

from sprx_map import template
from sprx_map.geo.geography import Geography
from sprx_map.i18n import format_day, t
from sprx_map.rounds import RETURNED, RoundReturns

XLSX = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
# Welsh first, as Welsh public bodies write.
ORDER = ("cy", "en")
RULE = "-" * 40


@dataclass(frozen=True)
class Attachment:
    """The workbook a reminder carries: its file name, bytes, and whether it is pre-filled from the store."""

    name: str
    data: bytes
    prefilled: bool = False


def slug(text: str) -> str:
    """``text`` as a safe part of a file name: lower-case letters, digits and single hyphens.

    >>> slug("Cardiff and Vale"), slug("../2027-03")
    ('cardiff-and-vale', '2027-03')
    """
    return re.sub(r"[^a-z0-9]+", "-", str(text).lower()).strip("-") or "x"


def blank_attachment(geo: Geography, round_label: str) -> Attachment:
    """The blank return (:func:`sprx_map.template.template_bytes`), for a board with no return to pre-fill."""
    return Attachment(f"{slug(round_label)}-return.xlsx", template.template_bytes(geo))


def _body(lang: str, board: str, round_label: str, dates, recipients: list[str], attachment: Attachment) -> str:
    period = getattr(dates, "period_start", None), getattr(dates, "period_end", None)
    deadline = getattr(dates, "deadline", None)
    title = getattr(dates, "title", None)
    if period[0] is not None and period[1] is not None:
        covers = t("reminder.covers", lang, start=format_day(period[0], lang), end=format_day(period[1], lang))
    else:
        covers = t("reminder.covers_unknown", lang)
    due = t("reminder.due", lang, deadline=format_day(deadline, lang)) if deadline else t("reminder.due_unknown", lang)
    what = t("reminder.what_prefilled" if attachment.prefilled else "reminder.what_blank", lang,
             attachment=attachment.name)  # fmt: skip
    text = t("reminder.body", lang, board=board, round=round_label, title=f" ({title})" if title else "",
             covers=covers, due=due, what=what)  # fmt: skip
    return text if recipients else f"{t('reminder.no_contact', lang, board=board)}\n\n{text}"


def reminder(
    board: str, round_label: str, geo: Geography, dates, recipients: list[str], attachment: Attachment
) -> EmailMessage:
    """The reminder to ``board`` (its code) about ``round_label``.

    ``dates`` is the round's :class:`sprx_map.store.RoundDates` (None when it has none); ``recipients`` the
    board's contacts (:func:`sprx_map.store.contacts`): with none, the message has no ``To`` and its subject
    and body say so. ``X-Unsent: 1`` has mail clients that honour it open the file as a message to send.
    """
    deadline = getattr(dates, "deadline", None)
    subjects = [
        t("reminder.subject", lang, round=round_label, deadline=format_day(deadline, lang))
        if deadline
        else t("reminder.subject_undated", lang, round=round_label)
        for lang in ORDER
    ]
    subject = " / ".join(subjects)
    if not recipients:
        subject = f"[{' / '.join(t('reminder.no_recipient', lang) for lang in ORDER)}] {subject}"
    bodies = [
        _body(lang, str(geo.boards.at[board, "name_cy" if lang == "cy" else "name_en"]), round_label, dates,
              recipients, attachment)
        for lang in ORDER
    ]  # fmt: skip
    message = EmailMessage()
    if recipients:
        message["To"] = ", ".join(recipients)
    message["Subject"] = subject
    message["X-Unsent"] = "1"
    message.set_content(f"\n\n{RULE}\n\n".join(bodies) + "\n")
    message.add_attachment(attachment.data, maintype=XLSX[0], subtype=XLSX[1], filename=attachment.name)
    return message


def reminders(
    returns: RoundReturns,
    geo: Geography,
    dates,
    contacts: dict[str, list[str]],
    attachment: Callable[[str], Attachment],
) -> dict[str, EmailMessage]:
    """Board code -> its reminder, for every board with no return that counts in the round (not returned, or
    withdrawn), in the geography's order. ``attachment(board)`` gives the board's workbook."""
    return {
        b.code: reminder(b.code, returns.round, geo, dates, contacts.get(b.code, []), attachment(b.code))
        for b in returns.boards
        if b.state != RETURNED
    }


def file_name(round_label: str, board: str, geo: Geography) -> str:
    """The ``.eml`` file of a board's reminder: "2027-03-powys.eml" (letters, digits and hyphens only)."""
    return f"{slug(round_label)}-{slug(geo.boards.at[board, 'short_name'])}.eml"


def write_reminders(messages: dict[str, EmailMessage], round_label: str, geo: Geography, folder: Path) -> list[Path]:
    """Write each reminder into ``folder`` (made when missing) as an ``.eml`` file; the files written."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for board, message in messages.items():
        path = folder / file_name(round_label, board, geo)
        path.write_bytes(message.as_bytes(policy=email.policy.SMTP))  # CRLF lines, as mail files have them
        written.append(path)
    return written
