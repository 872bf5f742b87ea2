"""The command line's help and argparse's own words, in English and Welsh."""

import argparse
import gettext
import inspect

import pytest

from sprx_map import cli
from sprx_map.cli_language import ARGPARSE_KEYS, chosen_language, speaking
from sprx_map.i18n import CATALOGUE


@pytest.fixture(autouse=True)
def _wide_and_unset(monkeypatch):
    monkeypatch.setenv("COLUMNS", "120")  # argparse wraps help to the terminal's width
    monkeypatch.delenv("SPRX_LANG", raising=False)


def _run(capsys, *argv: str) -> tuple[int, list[str], list[str]]:
    with pytest.raises(SystemExit) as stopped:
        cli.main(list(argv))
    out, err = capsys.readouterr()
    return stopped.value.code, out.splitlines(), err.splitlines()


def test_top_level_help_in_english_and_welsh(capsys):
    code, english, _ = _run(capsys, "--help")
    assert code == 0
    assert english[0] == "usage: python -m sprx_map [-h] [--lang {en,cy}]"
    assert "positional arguments:" in english and "options:" in english
    assert "    export              write a round's projects, or its measures by area" in english
    assert "  -h, --help            show this help message and exit" in english
    code, welsh, _ = _run(capsys, "--lang", "cy", "--help")
    assert code == 0
    assert welsh[0] == "defnydd: python -m sprx_map [-h] [--lang {en,cy}]"
    assert "ymresymiadau safleol:" in welsh and "dewisiadau:" in welsh
    assert "Map presgripsiynu cymdeithasol Cymru" in welsh
    assert "    export              ysgrifennu prosiectau rownd, neu ei mesurau fesul ardal" in welsh
    assert "  -h, --help            dangos y neges gymorth hon a gadael" in welsh
    assert "  --lang {en,cy}        iaith y cymorth hwn, ac allbwn y gorchymyn" in welsh
    assert len(welsh) == len(english)


def test_export_help_in_both_languages(capsys):
    _, english, _ = _run(capsys, "export", "--help")
    assert "  --round ROUND         survey round (default: the newest)" in english
    assert "  --db DB               database URL" in english
    _, welsh, _ = _run(capsys, "export", "--help", "--lang=cy")
    assert welsh[0].startswith("defnydd: python -m sprx_map export [-h] --out ALLBWN ")
    assert "  --round ROWND         rownd yr arolwg (diofyn: y ddiweddaraf)" in welsh
    assert "  --db URL              URL y gronfa ddata" in welsh
    assert "  --lang {en,cy}        iaith penawdau a nodiadau'r ffeil" in welsh


def test_sprx_lang_words_the_help_when_no_lang_is_given(capsys, monkeypatch):
    monkeypatch.setenv("SPRX_LANG", "cy")
    _, welsh, _ = _run(capsys, "withdraw", "--help")
    assert welsh[0] == (
        "defnydd: python -m sprx_map withdraw [-h] --round ROWND --board BWRDD --reason RHESWM [--db URL] "
        "[--lang {en,cy}]"
    )
    assert "  --reason RHESWM  pam (caiff ei gadw yn yr hanes)" in welsh
    _, english, _ = _run(capsys, "withdraw", "--help", "--lang", "en")  # --lang wins over SPRX_LANG
    assert "  --reason REASON  why (kept in the history)" in english


def test_a_missing_required_argument_is_refused_in_welsh(capsys):
    code, out, err = _run(capsys, "withdraw", "--lang", "cy", "--round", "2017-02")
    assert code == 2 and out == []
    assert err[0].startswith("defnydd: python -m sprx_map withdraw [-h] --round ROWND")
    assert err[-1] == "python -m sprx_map withdraw: gwall: mae angen yr ymresymiadau hyn: --board, --reason"
    code, _, err = _run(capsys, "withdraw", "--round", "2017-02")
    assert err[-1] == "python -m sprx_map withdraw: error: the following arguments are required: --board, --reason"


def test_a_wrong_value_is_refused_in_welsh(capsys):
    _, _, err = _run(capsys, "export", "--out", "x.csv", "--format", "pdf", "--lang", "cy")
    assert err[-1] == (
        "python -m sprx_map export: gwall: ymresymiad --format: dewis annilys: 'pdf' "
        "(dewiswch o blith 'csv', 'xlsx', 'geojson')"
    )
    _, _, err = _run(capsys, "serve", "--replicas", "0", "--lang", "cy")
    assert err[-1] == "python -m sprx_map serve: gwall: ymresymiad --replicas: '0': rhowch rif cyfan, 1 neu fwy"


def test_the_environment_sets_the_output_language_too(capsys, monkeypatch):
    monkeypatch.setenv("SPRX_LANG", "cy")
    assert cli.main(["geography"]) == 2
    assert capsys.readouterr().err.startswith("Dim i'w wneud")
    monkeypatch.setenv("SPRX_LANG", "fr")
    assert cli.main(["geography"]) == 2
    assert capsys.readouterr().err == "SPRX_LANG='fr': use one of en, cy.\n"


def test_the_language_is_read_from_the_arguments_before_parsing(monkeypatch):
    assert chosen_language(["rounds", "--lang", "cy"]) == "cy"
    assert chosen_language(["rounds", "--lang=cy", "--lang", "en"]) == "en"  # the last wins, as in argparse
    assert chosen_language(["rounds", "--lang", "fr"]) == "en"  # argparse refuses it, in English
    assert chosen_language(["withdraw", "--reason", "x", "--", "--lang", "cy"]) == "en"
    monkeypatch.setenv("SPRX_LANG", "cy")
    assert chosen_language(["rounds"]) == "cy"


def _texts(parser: argparse.ArgumentParser, where: str = "") -> list[tuple[str, str | None]]:
    """Every text the parser shows, in order: descriptions, epilogs, helps, named metavars, subcommands'."""
    texts = [(f"{where}description", parser.description), (f"{where}epilog", parser.epilog)]
    for action in parser._actions:
        name = f"{where}{'/'.join(action.option_strings) or action.dest}"
        texts.append((f"{name} help", action.help))
        if isinstance(action.metavar, str) and not action.metavar.startswith("{") and len(action.metavar) > 1:
            texts.append((f"{name} metavar", action.metavar))
        if isinstance(action, argparse._SubParsersAction):
            texts += [(f"{where}{choice.dest} help", choice.help) for choice in action._choices_actions]
            for command, sub in action.choices.items():
                texts += _texts(sub, f"{where}{command} ")
    return texts


def unworded(english: argparse.ArgumentParser, welsh: argparse.ArgumentParser) -> list[str]:
    """The texts of two parsers of the same commands that are not one catalogue entry in English and Welsh."""
    pairs = {(entry["en"], entry["cy"]) for entry in CATALOGUE.values()}
    en, cy = _texts(english), _texts(welsh)
    assert [name for name, _ in en] == [name for name, _ in cy]
    return [f"{name}: {a!r}" for (name, a), (_, b) in zip(en, cy, strict=True) if a is not None and (a, b) not in pairs]


def _parsers():
    return cli.build_parser("en"), cli.build_parser("cy")


def test_every_help_text_is_a_catalogue_entry():
    english, welsh = _parsers()
    assert unworded(english, welsh) == []
    walked = {name.rsplit(" ", 1)[0] for name, text in _texts(english) if text is not None}
    assert {"export --round", "geography load --column", "geography use version", "validate --map"} <= walked


def test_an_english_literal_in_the_parser_is_found():
    english, welsh = _parsers()
    for parser in (english, welsh):
        commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        commands.choices["export"].add_argument("--page", help="page size")
    assert unworded(english, welsh) == ["export --page help: 'page size'"]


def test_every_option_names_its_value_from_the_catalogue():
    missing = []

    def walk(parser):
        for action in parser._actions:
            named = action.option_strings and action.nargs != 0 and action.metavar is None and not action.choices
            if named and f"cli.metavar.{action.dest}" not in CATALOGUE:
                missing.append(f"{parser.prog} {action.dest}")
            if isinstance(action, argparse._SubParsersAction):
                for sub in action.choices.values():
                    walk(sub)

    walk(cli.build_parser())
    assert missing == []


def test_argparse_message_ids_are_those_of_this_python():
    source = inspect.getsource(argparse)
    assert len(ARGPARSE_KEYS) == 20
    assert [text for text in ARGPARSE_KEYS if repr(text) not in source] == []


def test_argparse_gets_gettext_back_after_speaking():
    with pytest.raises(SystemExit), speaking("cy"):
        assert argparse._("options") == "dewisiadau"
        argparse.ArgumentParser(prog="x").parse_args(["--nope"])
    assert argparse._ is gettext.gettext and argparse.ngettext is gettext.ngettext
    assert argparse._("options") == "options"
