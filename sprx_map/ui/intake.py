"""Returns intake: the return template, returns read and imported, need indicators, the round tracker,
withdrawals and the history of submissions."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from sprx_map.i18n import t
from sprx_map.messages import markdown_escaped as md
from sprx_map.ui.collection import stamp_warnings
from sprx_map.ui.errors import guarded
from sprx_map.ui.loaders import dataset, geography, rounds, store_changed, store_engine
from sprx_map.ui.permissions import may, mode
from sprx_map.ui.state import Context
from sprx_map.ui.widgets import XLSX_MIME, static_table

PERIOD_DATES = (dt.date(2000, 1, 1), dt.date(2099, 12, 31))  # what a round's reporting period may be


@st.cache_data(show_spinner=False)
def _template() -> bytes:
    from sprx_map.template import template_bytes

    return template_bytes(geography())


def template_download(lang: str) -> None:
    """A button that downloads the blank return template."""
    st.download_button(
        t("about.template.download", lang),
        _template(),
        file_name="sprx-return-template.xlsx",
        mime=XLSX_MIME,
        on_click="ignore",
        icon=":material/download:",
    )


@st.cache_data(show_spinner=False, max_entries=64)
def _read_upload(name: str, data: bytes, chosen: tuple, saved: tuple):
    from sprx_map import intake
    from sprx_map.layout import Choices

    headings, values, board = chosen
    choices = Choices(headings=dict(headings), values={tuple(k): v for k, v in values}, board=board)
    # Shared by every session: kept lean, without the file's rows (read again for the findings workbook).
    return intake.lean(intake.read_upload(name, data, geography(), choices, saved))


def _frozen(choices) -> tuple:
    """Choices as a hashable key for the cached reading."""
    return (tuple(sorted(choices.headings.items())), tuple(sorted(choices.values.items())), choices.board)


def read_uploads(files) -> list:
    """Uploaded returns, read as they come (with their board's saved mappings) and again with the choices
    made on the page; each reading is made once, not on every rerun."""
    from sprx_map import intake, store
    from sprx_map.layout import Choices
    from sprx_map.ui.columns import choices_from_state, matches_from_state

    saved = intake.saved_rows(store.mappings(store_engine()))
    nothing = _frozen(Choices())

    def read(name: str, data: bytes, _geo):
        base = _read_upload(name, data, nothing, saved)
        if base.report is None:
            return base
        choices = choices_from_state(base.report)
        chosen = _frozen(choices)
        upload = base if chosen == nothing else _read_upload(name, data, chosen, saved)
        projects = matches_from_state(base.report)
        return intake.Upload(name, upload.report, upload.error, base.report, choices, data, saved, projects)

    return intake.read_uploads([(f.name, f.getvalue()) for f in files], geography(), read=read)


@st.cache_data(show_spinner=False, max_entries=16)
def _read_indicator(name: str, data: bytes, lang: str):
    from sprx_map import gaps

    return gaps.read_indicator(name, data, geography(), lang)


def indicator_upload(lang: str):
    """A CSV upload of a need indicator, read once; its findings shown. None until a usable file is given."""
    upload = st.file_uploader(t("gaps.need_upload", lang), type=["csv"], key="gaps_indicator")
    if upload is None:
        return None
    indicator = _read_indicator(upload.name, upload.getvalue(), lang)
    for problem in indicator.problems:  # worded already, with the file's name and columns in it: shown as text
        st.error(md(problem))
    if indicator.notes:
        with st.expander(t("gaps.need_findings", lang, count=len(indicator.notes))):
            for note in indicator.notes:
                st.text(note)
    return indicator if indicator.ok else None


def findings_downloads(uploads, lang: str) -> None:
    """One download per file: the user's rows plus a findings column."""
    from sprx_map.export import findings_workbook
    from sprx_map.intake import findings_report

    geo = geography()
    for upload in uploads:
        stem = upload.name.rsplit(".", 1)[0]
        st.download_button(
            t("intake.download_findings", lang, file=md(upload.name)),
            lambda upload=upload: findings_workbook(findings_report(upload, geo), lang),
            file_name=f"{stem}-findings.xlsx",
            on_click="ignore",
            icon=":material/download:",
            key=f"findings_{upload.name}",
            mime=XLSX_MIME,
        )


def _newest_real_round(ctx: Context) -> str:
    real = [r for r in rounds(ctx.data) if not ctx.data.is_illustrative(r)]
    return real[0] if real else ""


def import_round(ctx: Context) -> str:
    """The round the returns would be imported into: as typed in the import form, or the form's default (the
    newest real round) before it is drawn."""
    typed = st.session_state.get("intake_round")
    return (typed if typed is not None else _newest_real_round(ctx)).strip()


def import_form(uploads, ctx: Context, lang: str) -> None:
    """Round, replace, and the import button, for those allowed to import (signing in is at the page's top)."""
    if may("import") is None:
        if mode() in ("accounts", "oidc"):  # else the top of the page already says why nobody may import
            st.info(t("signin.to_import", lang))
        return
    label = st.text_input(t("intake.round", lang), value=_newest_real_round(ctx), key="intake_round")
    stamp_warnings(uploads, label.strip(), lang)
    start, end = st.columns(2)
    # Streamlit's own range is the ten years before today: a round's period may be older, or ahead.
    years = {"min_value": PERIOD_DATES[0], "max_value": PERIOD_DATES[1], "format": "YYYY-MM-DD", "value": None}
    start.date_input(t("intake.period_start", lang), key="intake_period_start", **years)
    end.date_input(t("intake.period_end", lang), key="intake_period_end", **years)
    st.caption(t("intake.period_help", lang))
    st.checkbox(t("intake.replace", lang), key="intake_replace")
    # The import runs in the button's callback, before the page runs again, so a
    # rerun of the page can never lose the click.
    st.button(
        t("intake.import_button", lang),
        type="primary",
        key="intake_go",
        on_click=_import_uploads,
        args=(uploads, lang),
    )
    for kind, text in st.session_state.pop("intake_result", []):
        (st.success if kind == "ok" else st.error)(text)


@guarded
def _import_uploads(uploads, lang: str) -> None:
    from sprx_map import intake, store

    who = may("import")  # again: the person may have been taken off the list since the page was drawn
    if who is None:
        st.session_state["intake_result"] = [("error", t("signin.not_allowed_now", lang))]
        return
    start, end = st.session_state.get("intake_period_start"), st.session_state.get("intake_period_end")
    if (start is None) != (end is None):
        st.session_state["intake_result"] = [("error", t("intake.period_half", lang))]
        return
    label, engine = st.session_state.get("intake_round", "").strip(), store_engine()
    matched = [intake.matches_of(u, engine, label) for u in uploads]  # as shown: before the import changes them
    try:
        result = store.import_reports(
            engine,
            [u.report for u in uploads],
            label,
            replace=st.session_state.get("intake_replace", False),
            who=who,
            period=(start, end) if start is not None else None,
            matches={u.report.board_code: u.projects for u in uploads if u.report.board_code},
        )
    except store.StoreError as exc:
        st.session_state["intake_result"] = [("error", exc.message(lang, md))]
        return
    store_changed()  # this session sees the new submissions at once; every other within seconds
    for upload, matches in zip(uploads, matched, strict=True):  # what the person chose is remembered for the board
        chosen = intake.remembered(upload.report, upload.choices, matches)
        if chosen and upload.report.board_code:
            store.save_mappings(store_engine(), upload.report.board_code, chosen, who=who)
    st.session_state["intake_result"] = [
        (
            "ok",
            t(
                "intake.imported",
                lang,
                file=md(f.file),
                action=t(f"intake.action.{f.action}", lang),
                projects=f.projects,
                board=geography().area_names("health_board", lang)[f.hb_code],
                round=result.round,
                left_out=f.left_out,
            ),
        )
        for f in result.files
    ]


def history_table(lang: str) -> None:
    """Every submission in the store, newest first, boards by name (who did what only for those who may import)."""
    from sprx_map import intake, store

    st.subheader(t("intake.history", lang))
    table = intake.without_staff(store.history(store_engine()), may("import") is not None)
    table["hb_code"] = table["hb_code"].map(geography().area_names("health_board", lang))
    shown = table.drop(columns=["id"]).rename(columns={c: t(f"history.{c}", lang) for c in table.columns if c != "id"})
    st.dataframe(shown, hide_index=True, width="stretch")


def round_tracker(lang: str, who) -> None:
    """Every round by every board, in words with a mark: whom to chase; and, for those allowed, a withdrawal."""
    import datetime as dt

    from sprx_map import rounds

    data = dataset()
    tracked = [data.returns[r] for r in data.rounds() if r in data.returns]
    st.subheader(t("intake.rounds", lang))
    changed = dt.datetime.fromisoformat(data.revision[1]) if data.revision[1] else None
    st.caption(t("round.data_as_of", lang, when=rounds.when(changed, lang)))
    if not tracked:
        st.info(t("round.no_rounds", lang))
        return
    static_table(rounds.tracker_table(tracked, geography(), lang), lang)
    st.caption(t("intake.rounds_note", lang))
    if who:
        _withdraw_form(tracked, lang, who)


def _withdraw_form(tracked, lang: str, who) -> None:
    with st.expander(t("intake.withdraw", lang)):
        st.caption(t("intake.withdraw_help", lang))
        round_label = st.selectbox(t("intake.withdraw_round", lang), [r.round for r in tracked], key="withdraw_round")
        chosen = next(r for r in tracked if r.round == round_label)
        names = geography().area_names("health_board", lang)
        st.selectbox(
            t("intake.withdraw_board", lang), list(chosen.returned), key="withdraw_board",
            format_func=lambda b: names[b],
        )  # fmt: skip
        st.text_input(t("intake.withdraw_reason", lang), key="withdraw_reason")
        st.button(
            t("intake.withdraw_button", lang), on_click=_withdraw, args=(lang,), key="withdraw_go",
            disabled=not chosen.returned,
        )  # fmt: skip
        for kind, text in st.session_state.pop("withdraw_result", []):
            (st.success if kind == "ok" else st.error)(text)


@guarded
def _withdraw(lang: str) -> None:
    from sprx_map import store

    state = st.session_state
    who = may("withdraw")  # again, as the person stands now; the store checks once more
    if who is None:
        state["withdraw_result"] = [("error", t("signin.not_allowed_now", lang))]
        return
    board, round_label = state.get("withdraw_board"), state.get("withdraw_round")
    try:
        store.withdraw(store_engine(), round_label, board, state.get("withdraw_reason", ""), who=who)
    except store.StoreError as exc:
        state["withdraw_result"] = [("error", exc.message(lang, md))]
        return
    store_changed()
    name = geography().area_names("health_board", lang)[board]
    state["withdraw_result"] = [("ok", t("intake.withdrawn", lang, board=name, round=round_label))]
