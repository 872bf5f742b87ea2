"""Where each row's referral figures were counted over: its own period, the heading's, or the round's.

:func:`take_period` gives one project record its period and says where it came from; :func:`periods_note`
is the one note a return gets when its rows' periods come from more than one place.
"""

from __future__ import annotations

from sprx_map import periods, schema
from sprx_map.i18n import LANGUAGES, format_day, t
from sprx_map.messages import shortened
from sprx_map.report import Finding


def _period_words(period: periods.Period) -> dict[str, str]:
    return {
        lang: t("finding.period_dates", lang, start=format_day(period.start, lang), end=format_day(period.end, lang))
        for lang in LANGUAGES
    }


def take_period(record: dict, heading: periods.Period | None, file: str) -> list[Finding]:
    """Give a project record the period its referrals were counted over, and say where it came from.

    ``period_source`` is "project" when the row gives both its own period dates; else "heading" when
    the heading of the referrals column names a period (``heading``) and the row has a referrals
    figure, whose dates then fill both of the row's; else "" (the round's period, applied later, and
    the dates left as they are). A row giving only one of its two dates does not have a period of its
    own: it is told so when it has a referrals figure (a note, which leaves the row's status as it is).
    """
    start, end = record.get("reporting_period_start"), record.get("reporting_period_end")
    if start is not None and end is not None:
        record["period_source"] = "project"
        return []
    counted = record.get("referrals_received") is not None
    record["period_source"] = "heading" if heading is not None and counted else ""
    if record["period_source"]:
        record["reporting_period_start"], record["reporting_period_end"] = heading.start, heading.end
    if not counted or (start is None and end is None):
        return []
    if heading is not None:
        instead = {lang: t("finding.period_from_heading", lang, period=w) for lang, w in _period_words(heading).items()}
    else:
        instead = {lang: t("finding.period_the_round", lang) for lang in LANGUAGES}
    missing = "reporting_period_end" if end is None else "reporting_period_start"
    return [
        Finding(file, record["source_row"], schema.FIELD_BY_KEY[missing].en, "", "info", "finding.period_half",
                {"instead": instead}, field=missing)
    ]  # fmt: skip


def periods_note(
    records: list[dict], heading: str, period: periods.Period | None, file: str, row: int
) -> list[Finding]:
    """One note for the return saying where its referral figures' periods come from.

    Given when the heading gives a period or when some projects give their own and others take the
    round's; a return whose projects all give their own period, or all take the round's, says nothing.
    """
    counted = [r["period_source"] for r in records if r.get("referrals_received") is not None]
    own, from_heading, from_round = (counted.count(source) for source in ("project", "heading", ""))
    if not from_heading and not (own and from_round):
        return []
    parts = {lang: [] for lang in LANGUAGES}
    for lang in LANGUAGES:
        if own:
            parts[lang].append(t("finding.periods_own", lang, count=own))
        if from_heading:
            words = _period_words(period)[lang]
            parts[lang].append(
                t("finding.periods_heading", lang, count=from_heading, period=words, heading=shortened(heading))
            )
        if from_round:
            parts[lang].append(t("finding.periods_round", lang, count=from_round))
    return [
        Finding(file, row, None, shortened(heading), "info", "finding.referral_periods",
                {"parts": {lang: "; ".join(p) for lang, p in parts.items()}}, field="referrals_received")
    ]  # fmt: skip
