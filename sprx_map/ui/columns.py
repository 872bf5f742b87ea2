"""The intake's column step: every heading with the field it was read as, and every value read by a
guess, to confirm or change; choices remembered for the board.

A choice lives in the session under a key made of the file's content hash, so a
choice for one file never applies to another uploaded in its place.
"""

from __future__ import annotations

import streamlit as st

from sprx_map import intake, project_matches, schema
from sprx_map.i18n import t
from sprx_map.layout import Choices
from sprx_map.messages import markdown_escaped as md
from sprx_map.ui.errors import guarded
from sprx_map.ui.loaders import geography, store_engine

NOT_READ = ""  # the select box's "not a field" choice


def _key(kind: str, report, index) -> str:
    return f"intake_{kind}_{report.sha256[:16]}_{index}"


def choices_from_state(base) -> Choices:
    """What the person chose on the page for the return read as ``base`` (only where it changes the reading)."""
    state = st.session_state
    columns = {c.index: state[_key("col", base, c.index)] for c in base.columns if _key("col", base, c.index) in state}
    values = {i: state[_key("val", base, i)] for i, _ in enumerate(base.guesses) if _key("val", base, i) in state}
    return intake.choices_over(base, columns, values, state.get(_key("board", base, 0)))


def _match_prefix(report) -> str:
    return _key("match", report, "")


def _match_key(base, match) -> str:
    # The reference proposed is part of the key (references have no spaces): another proposal is another question.
    return f"{_match_prefix(base)}{match.reference} {match.key}"


def matches_from_state(base) -> project_matches.Answers:
    """What the person answered about the projects of the return read as ``base`` matched by a score (those not
    answered left out)."""
    prefix, state = _match_prefix(base), st.session_state
    answers = {}
    for name in [k for k in list(state.keys()) if k.startswith(prefix) and state[k] is not None]:
        reference, key = name[len(prefix) :].split(" ", 1)
        answers[key, reference] = bool(state[name])
    return answers


def column_step(upload, lang: str, who: str | None, round_label: str = "") -> None:
    """Headings, the board and the guessed values of one upload, each with a select box to change it; its projects
    matched by a score to the board's return before ``round_label``, each to confirm or undo.

    ``who`` is the person allowed to remember choices for the board (None: not allowed).
    """
    base, report, geo = upload.base or upload.report, upload.report, geography()
    with st.expander(t("intake.columns.title", lang, file=md(upload.name)), expanded=True):
        layout = report.layout
        st.caption(
            t("intake.columns.where", lang, sheet=md(layout.sheet.name), rows=" + ".join(map(str, layout.header_rows)))
        )
        boards = [None, *geo.boards.index]
        found = t("intake.board.found", lang, board=geo.area_names("health_board", lang)[base.board.code]) if (
            base.board and base.board.source != "given") else t("intake.board.as_file", lang)  # fmt: skip
        st.selectbox(
            t("intake.board", lang),
            boards,
            format_func=lambda b: found if b is None else geo.area_names("health_board", lang)[b],
            key=_key("board", base, 0),
        )
        st.caption(t("intake.columns.help", lang))
        fields = [NOT_READ, *(f.key for f in schema.FIELDS)]
        now = {c.index: c for c in report.columns}
        for c in base.columns:
            left, middle, right = st.columns([4, 4, 3], vertical_alignment="center")
            left.text(c.heading)
            middle.selectbox(
                t("intake.column.choose", lang, heading=md(c.heading)),
                fields,
                index=fields.index(c.field or NOT_READ),
                format_func=lambda k: schema.FIELD_BY_KEY[k].label(lang) if k else t("intake.column.none", lang),
                key=_key("col", base, c.index),
                label_visibility="collapsed",
            )
            shown = now.get(c.index, c)
            sure = f", {round(shown.confidence * 100)}%" if shown.field else ""
            right.caption(t(f"column.how.{shown.how}", lang) + sure)
        _guesses(base, report, lang)
        matches = intake.matches_of(upload, store_engine(), round_label)
        _matches(base, matches, lang)
        if who and report.board_code:
            board = geo.area_names("health_board", lang)[report.board_code]
            st.button(
                t("intake.remember", lang, board=board),
                on_click=_remember,
                args=(upload, matches, lang, who),
                key=_key("remember", base, 0),
                disabled=not intake.remembered(report, upload.choices, matches),
            )
        for kind, text in st.session_state.pop(_key("remembered", base, 0), []):
            (st.success if kind == "ok" else st.error)(text)


def _guesses(base, report, lang: str) -> None:
    """Values read by a guess (a misspelling, a heading row carried down): each to confirm or change."""
    guesses = [(i, g) for i, g in enumerate(base.guesses) if g.field != "health_board"]
    if not guesses:
        return
    geo = geography()
    st.markdown(f"**{t('intake.guesses', lang)}**")
    for i, guess in guesses:
        options = intake.value_options(guess.field, report, geo)
        if guess.value not in options:
            options = [guess.value, *options]
        rows = ", ".join(map(str, guess.rows))
        st.selectbox(
            t("intake.guess", lang, text=md(guess.text), field=schema.FIELD_BY_KEY[guess.field].label(lang), rows=rows),
            options,
            index=options.index(guess.value),
            format_func=lambda k, f=guess.field: intake.value_name(f, k, geo, lang),
            key=_key("val", base, i),
        )


def _matches(base, matches, lang: str) -> None:
    """Projects matched by a score to the board's return before: each the same project (continuing, keeping its
    reference) or a new one; a choice remembered for the board is applied and said, not asked again."""
    if not matches:
        return
    st.markdown(f"**{t('intake.matches', lang)}**")
    st.caption(t("intake.matches.help", lang))
    for match in matches:
        what = t(
            "intake.match.what", lang, row=match.row, name=md(match.name), organisation=md(match.organisation),
            reference=match.reference, was=md(match.was_name), was_organisation=md(match.was_organisation),
        )  # fmt: skip
        why = intake.match_why(match, lang)
        if match.saved:
            said = "intake.match.saved_same" if match.applied else "intake.match.saved_new"
            st.markdown(what)
            st.caption(f"{why}. {t(said, lang)}")
            continue
        st.radio(
            what,
            [True, False],
            index=None,
            format_func=lambda same: t("intake.match.same", lang) if same else t("intake.match.new_project", lang),
            key=_match_key(base, match),
            horizontal=True,
        )
        st.caption(why)


@guarded
def _remember(upload, matches, lang: str, who=None) -> None:
    from sprx_map import store
    from sprx_map.ui.permissions import may

    who = may("save_mappings")  # as the person stands now
    if who is None:
        st.session_state[_key("remembered", upload.base or upload.report, 0)] = [
            ("error", t("signin.not_allowed_now", lang))
        ]
        return

    chosen = intake.remembered(upload.report, upload.choices, matches)
    store.save_mappings(store_engine(), upload.report.board_code, chosen, who=who)
    board = geography().area_names("health_board", lang)[upload.report.board_code]
    st.session_state[_key("remembered", upload.base or upload.report, 0)] = [
        ("ok", t("cli.mappings.saved", lang, count=len(chosen), board=board))
    ]


def saved_mappings(lang: str, who=None) -> None:
    """The headings and values remembered for each board (by whom, for those who may import); an administrator
    may remove one."""
    from sprx_map import store
    from sprx_map.ui.permissions import actor

    st.subheader(t("intake.mappings", lang))
    table = store.mappings(store_engine())
    if table.empty:
        st.info(t("cli.mappings.empty", lang))
        return
    geo = geography()
    person = actor()
    shown = intake.mapping_table(table, geo, lang, staff=person.may("import"))
    st.dataframe(shown, hide_index=True, width="stretch")
    if person.may("remove_mapping"):
        chosen = st.selectbox(t("intake.mapping.remove_which", lang), table["id"].tolist(), key="intake_map_remove")
        st.button(t("intake.mapping.remove", lang), on_click=_remove, args=(int(chosen), lang), key="intake_map_go")
    for text in st.session_state.pop("intake_map_result", []):
        st.error(text)


@guarded
def _remove(mapping_id: int, lang: str = "en") -> None:
    from sprx_map import store
    from sprx_map.messages import markdown_escaped as md
    from sprx_map.ui.permissions import actor

    try:  # the store checks the person's role as it stands now
        store.remove_mapping(store_engine(), mapping_id, who=actor())
    except store.StoreError as exc:
        st.session_state["intake_map_result"] = [exc.message(lang, md)]
