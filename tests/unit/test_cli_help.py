"""The command line's help and click's own words, in English and Welsh."""

import ast
import gettext
import importlib
import inspect
from pathlib import Path

import click
import pytest

from sprx_map import cli
from sprx_map.cli import files
from sprx_map.cli_language import CLICK_KEYS, CLICK_MODULES, WordedOption, chosen_language, speaking
from sprx_map.i18n import CATALOGUE


@pytest.fixture(autouse=True)
def _wide_and_unset(monkeypatch):
    monkeypatch.setenv("COLUMNS", "120")  # click wraps help to the terminal's width
    monkeypatch.delenv("SPRX_LANG", raising=False)


def _run(capsys, *argv: str) -> tuple[int, list[str], list[str]]:
    with pytest.raises(SystemExit) as stopped:
        cli.main(list(argv))
    out, err = capsys.readouterr()
    return stopped.value.code, out.splitlines(), err.splitlines()


def test_top_level_help_in_english_and_welsh(capsys):
    code, english, _ = _run(capsys, "--help")
    assert code == 0
    assert english[0] == "Usage: python -m sprx_map [OPTIONS] COMMAND [ARGS]..."
    assert "Commands:" in english and "Options:" in english
    assert "  export       write a round's projects, or its measures by area" in english
    assert "  -h, --help      Show this message and exit." in english
    code, welsh, _ = _run(capsys, "--lang", "cy", "--help")
    assert code == 0
    assert welsh[0] == "Defnydd: python -m sprx_map [DEWISIADAU] GORCHYMYN [YMRESYMIADAU]..."
    assert "Gorchmynion:" in welsh and "Dewisiadau:" in welsh
    assert "  Map presgripsiynu cymdeithasol Cymru" in welsh
    assert "  export       ysgrifennu prosiectau rownd, neu ei mesurau fesul ardal" in welsh
    assert "  -h, --help      Dangos y neges hon a gadael." in welsh
    assert "  --lang [en|cy]  iaith y cymorth hwn, ac allbwn y gorchymyn" in welsh
    assert len(welsh) == len(english)


def test_the_commands_are_listed_in_their_order_with_their_whole_help(capsys):
    _, english, _ = _run(capsys, "--help")
    listed = english[english.index("Commands:") + 1 : english.index("Commands:") + 21]
    assert [line.split()[0] for line in listed] == [
        "geography", "sample", "serve", "balancer", "fingerprint", "template", "import", "mappings", "export",
        "publish", "rounds", "withdraw", "history", "change", "reminders", "contacts", "accounts", "validate", "backup",
        "restore",
    ]  # fmt: skip
    assert "  withdraw     take a board's submission for a round back (it stays in the history)" in listed


def test_export_help_in_both_languages(capsys):
    _, english, _ = _run(capsys, "export", "--help")
    assert "  --round ROUND                   survey round (default: the newest)" in english
    assert "  --db DB                         database URL" in english
    assert "  --out OUT                       [required]" in english
    _, welsh, _ = _run(capsys, "export", "--help", "--lang=cy")
    assert welsh[0] == "Defnydd: python -m sprx_map export [DEWISIADAU]"
    assert "  --out ALLBWN                    [gofynnol]" in welsh
    assert "  --round ROWND                   rownd yr arolwg (diofyn: y ddiweddaraf)" in welsh
    assert "  --db URL                        URL y gronfa ddata" in welsh
    assert "  --lang [en|cy]                  iaith penawdau a nodiadau'r ffeil" in welsh


def test_sprx_lang_words_the_help_when_no_lang_is_given(capsys, monkeypatch):
    monkeypatch.setenv("SPRX_LANG", "cy")
    _, welsh, _ = _run(capsys, "withdraw", "--help")
    assert welsh[0] == "Defnydd: python -m sprx_map withdraw [DEWISIADAU]"
    assert "  --reason RHESWM  pam (caiff ei gadw yn yr hanes)  [gofynnol]" in welsh
    _, english, _ = _run(capsys, "withdraw", "--help", "--lang", "en")  # --lang wins over SPRX_LANG
    assert "  --reason REASON  why (kept in the history)  [required]" in english


def test_a_positional_argument_is_described_in_welsh(capsys):
    _, welsh, _ = _run(capsys, "geography", "load", "--help", "--lang", "cy")
    assert welsh[0] == "Defnydd: python -m sprx_map geography load [DEWISIADAU] llwybr"
    assert welsh[welsh.index("Ymresymiadau safleol:") + 1] == (
        "  llwybr  GeoJSON, GeoPackage, Shapefile neu .zip (practices: CSV neu .xlsx)"
    )
    _, english, _ = _run(capsys, "validate", "--help")
    assert english[0] == "Usage: python -m sprx_map validate [OPTIONS] files..."


def test_the_help_option_speaks_each_language_in_turn(capsys):
    """click makes a command's help option once and keeps it; its words follow the language all the same."""
    for lang, line in [("en", "Show this message and exit."), ("cy", "Dangos y neges hon a gadael.")] * 2:
        _, out, _ = _run(capsys, "history", "--help", "--lang", lang)
        assert out[-1] == f"  -h, --help      {line}"


def test_a_missing_required_argument_is_refused_in_welsh(capsys):
    code, out, err = _run(capsys, "withdraw", "--lang", "cy", "--round", "2017-02")
    assert code == 2 and out == []
    assert err == [
        "Defnydd: python -m sprx_map withdraw [DEWISIADAU]",
        "Rhowch gynnig ar 'python -m sprx_map withdraw --help' i gael cymorth.",
        "",
        "Gwall: Mae angen y dewisiad '--board'.",
    ]
    code, _, err = _run(capsys, "withdraw", "--round", "2017-02")
    assert code == 2 and err[-1] == "Error: Missing option '--board'."
    code, _, err = _run(capsys, "validate", "--lang", "cy")
    assert code == 2 and err[-1] == "Gwall: Mae angen yr ymresymiad 'ffeiliau...'."
    code, _, err = _run(capsys, "validate")
    assert code == 2 and err[-1] == "Error: Missing argument 'files...'."


def test_a_wrong_value_is_refused_in_welsh(capsys):
    code, _, err = _run(capsys, "export", "--out", "x.csv", "--format", "pdf", "--lang", "cy")
    assert code == 2
    assert err[-1] == "Gwall: Gwerth annilys ar gyfer '--format': Nid yw 'pdf' yn un o 'csv', 'xlsx', 'geojson'."
    _, _, err = _run(capsys, "serve", "--replicas", "0", "--lang", "cy")
    assert err[-1] == "Gwall: Gwerth annilys ar gyfer '--replicas': '0': rhowch rif cyfan, 1 neu fwy"
    _, _, err = _run(capsys, "serve", "--port", "abc", "--lang", "cy")
    assert err[-1] == "Gwall: Gwerth annilys ar gyfer '--port': Nid yw 'abc' yn rhif cyfan."
    _, _, err = _run(capsys, "serve", "--port", "abc")
    assert err[-1] == "Error: Invalid value for '--port': 'abc' is not a whole number."


def test_clicks_own_refusals_are_worded_in_welsh(capsys):
    refusals = {
        ("export", "--out", "x.csv", "--nope"): "Gwall: Nid oes dewisiad '--nope'.",
        ("rounds", "--jsn"): "Gwall: Nid oes dewisiad '--jsn'. Oeddech chi'n golygu '--json'?",
        ("export", "--out", "x.csv", "--all-round"): (
            "Gwall: Nid oes dewisiad '--all-round'. (Oeddech chi'n golygu un o'r rhain: '--all-rounds', '--round'?)"
        ),
        ("nope",): "Gwall: Nid oes gorchymyn 'nope'.",
        ("geography", "nope"): "Gwall: Nid oes gorchymyn 'nope'.",
        ("export", "--out"): "Gwall: Mae angen ymresymiad ar y dewisiad '--out'.",
        ("sample", "extra"): "Gwall: Cafwyd ymresymiad ychwanegol annisgwyl (extra)",
        ("history", "--json"): "Gwall: Nid oes dewisiad '--json'.",
        ("rounds", "--json=yes"): "Gwall: Nid yw'r dewisiad '--json' yn cymryd gwerth.",
        (): "Gwall: Gorchymyn ar goll.",
    }
    for argv, said in refusals.items():
        code, out, err = _run(capsys, "--lang", "cy", *argv)
        assert (code, out, err[-1]) == (2, [], said), argv
    code, _, err = _run(capsys, "geography", "use", "--lang", "cy")
    assert code == 2
    assert err[-5:] == [
        "Gwall: Mae angen yr ymresymiad '{health_board|local_authority|cluster|practices}'. Dewiswch o blith:",
        "\thealth_board,",
        "\tlocal_authority,",
        "\tcluster,",
        "\tpractices",
    ]


def test_no_arguments_at_all_show_the_help_as_a_refusal(capsys):
    code, out, err = _run(capsys)
    assert (code, out) == (2, [])
    assert err[0] == "Usage: python -m sprx_map [OPTIONS] COMMAND [ARGS]..."
    assert "  validate     check returns and report every row" in err


def test_python_m_sprx_map_refuses_in_welsh_with_exit_2(cli):
    done = cli("--lang", "cy", "export", "--nope")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.splitlines()[-1] == "Gwall: Nid oes dewisiad '--nope'."


def test_the_environment_sets_the_output_language_too(capsys, monkeypatch):
    monkeypatch.setenv("SPRX_LANG", "cy")
    assert cli.main(["geography"]) == 2
    assert capsys.readouterr().err.startswith("Dim i'w wneud")
    monkeypatch.setenv("SPRX_LANG", "fr")
    assert cli.main(["geography"]) == 2
    assert capsys.readouterr().err == (  # no language to speak: both, Welsh first
        "SPRX_LANG='fr': defnyddiwch un o en, cy.\nSPRX_LANG='fr': use one of en, cy.\n"
    )


def test_the_language_is_read_from_the_arguments_before_parsing(monkeypatch):
    assert chosen_language(["rounds", "--lang", "cy"]) == "cy"
    assert chosen_language(["rounds", "--lang=cy", "--lang", "en"]) == "en"  # the last wins, as in click
    assert chosen_language(["rounds", "--lang", "fr"]) == "en"  # click refuses it, in English
    assert chosen_language(["withdraw", "--reason", "x", "--", "--lang", "cy"]) == "en"
    monkeypatch.setenv("SPRX_LANG", "cy")
    assert chosen_language(["rounds"]) == "cy"


def _commands(command: click.Command, where: str = "") -> list[tuple[str, click.Command]]:
    """Every command under ``command`` (itself included), each with its path: ``geography load ``."""
    found = [(where, command)]
    for name, sub in getattr(command, "commands", {}).items():
        found += _commands(sub, f"{where}{name} ")
    return found


def _texts(command: click.Command) -> list[tuple[str, str | None]]:
    """Every text the commands show, in order: helps, epilogs, options' helps and named values."""
    texts = []
    for where, each in _commands(command):
        texts += [(f"{where}help", each.help), (f"{where}epilog", each.epilog)]
        for param in each.params:
            name = f"{where}{'/'.join(param.opts)}"
            texts.append((f"{name} help", param.help))
            if isinstance(param.metavar, str):
                texts.append((f"{name} metavar", param.metavar))
    return texts


def unworded(command: click.Command) -> list[str]:
    """The texts of the commands that are not one catalogue entry in English and Welsh."""
    pairs = {(entry["en"], entry["cy"]) for entry in CATALOGUE.values()}
    with speaking("en"):
        en = _texts(command)
    with speaking("cy"):
        cy = _texts(command)
    assert [name for name, _ in en] == [name for name, _ in cy]
    return [f"{name}: {a!r}" for (name, a), (_, b) in zip(en, cy, strict=True) if a is not None and (a, b) not in pairs]


def test_every_help_text_is_a_catalogue_entry():
    assert unworded(cli.commands) == []
    walked = {name.rsplit(" ", 1)[0] for name, text in _texts(cli.commands) if text is not None}
    assert {"export --round", "geography load --column", "geography use version", "validate --map"} <= walked


def test_an_english_literal_in_a_command_is_found(monkeypatch):
    monkeypatch.setattr(files.export, "params", [*files.export.params, click.Option(["--page"], help="page size")])
    assert unworded(cli.commands) == ["export --page help: 'page size'"]


def test_every_option_names_its_value_from_the_catalogue():
    missing = []
    for where, command in _commands(cli.commands):
        for param in command.params:
            named = isinstance(param, click.Option) and not param.is_flag and not isinstance(param.type, click.Choice)
            if named and getattr(param, "_metavar_key", None) not in CATALOGUE:
                missing.append(f"{where}{param.name}")
    assert missing == []


def test_every_command_takes_lang_and_refuses_values_in_the_catalogues_words():
    """Every command words its output in --lang; every value is a choice, text, a flag or a kind of ours, whose
    refusals are catalogue entries (click's own numbers would name their kind in English: 'integer')."""
    ours = {"count", "date", "integer", "period"}
    lacking, kinds = [], set()
    for where, command in _commands(cli.commands):
        if not any(param.name == "lang" for param in command.params):
            lacking.append(where)
        for param in command.params:
            kinds.add(param.type.name if param.type.__module__.startswith("sprx_map") else type(param.type).__name__)
            assert isinstance(param, (WordedOption, click.Argument)), f"{where}{param.name}"
    assert lacking == []
    assert kinds == {"Choice", "StringParamType", "BoolParamType"} | ours


def _click_message_ids() -> set[str]:
    """Every message click asks gettext for: the texts it passes to ``_`` and ``ngettext`` in its source."""
    found = set()
    for path in Path(click.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) in ("_", "ngettext"):
                found |= {a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)}
    # An option's help marks it "[required]" with _(extra["required"]), a name rather than a text.
    if 'extra["required"] = "required"' in inspect.getsource(click.core):
        found.add("required")
    return found


# click's messages these commands never show, so not worded (see sprx_map.cli_language).
NOT_SHOWN = {
    # A command declared wrongly: for the programmer.
    "Could not determine name for option with declarations {decls!r}",
    "No options defined but a name was passed ({name}). Did you mean to declare an argument instead? "
    "Did you mean to pass '--{name}'?",
    "Arguments take exactly one parameter declaration, got {length}: {decls}.",
    "Name '{name}' defined twice",
    "Boolean option {decl!r} cannot use the same flag for true/false.",
    "Invalid start character for option ({option})",
    "Value must be an iterable.",
    # What no command here uses: deprecation, prompts, versions, environment variables and defaults in the help,
    # options of several values, files, paths, ranges, booleans, dates, UUIDs and click's own numbers.
    "deprecated",
    "DeprecationWarning: The command {name!r} is deprecated.{extra_message}",
    "DeprecationWarning: The {param_type} {name!r} is deprecated.{extra_message}",
    "Do you want to continue?",
    "Confirm the action without prompting.",
    "Repeat for confirmation",
    "Error: The two entered values do not match.",
    "Error: invalid input",
    "Press any key to continue...",
    "%(prog)s, version %(version)s",
    "Show the version and exit.",
    "env var: {var}",
    "default: {default}",
    "(dynamic)",
    "Takes {nargs} values but 1 was given.",
    "Takes {nargs} values but {len} were given.",
    "Argument {name!r} takes {nargs} values.",
    "{len_type} values are required, but {len_value} was given.",
    "{len_type} values are required, but {len_value} were given.",
    "Choice({choices})",
    "file",
    "directory",
    "path",
    "{name} {filename!r} does not exist.",
    "{name} {filename!r} is a file.",
    "{name} {filename!r} is a directory.",
    "{name} {filename!r} is not readable.",
    "{name} {filename!r} is not writable.",
    "{name} {filename!r} is not executable.",
    "Could not open file {filename!r}: {message}",
    "unknown error",
    "{value!r} does not match the format {format}.",
    "{value!r} does not match the formats {formats}.",
    "{value} is not in the range {range}.",
    "{value!r} is not a valid boolean. Recognized values: {states}",
    "{value!r} is not a valid UUID.",
    "{value!r} is not a valid {number_type}.",
    # Running standalone (main() reports errors itself), the editor, the terminal, Windows, shell completion.
    "Aborted!",
    "d",
    "{editor}: Editing failed",
    "{editor}: Editing failed: {e}",
    "Unknown color {colour!r}",
    "Unknown standard stream '{name}'",
    "Windows error: {error}",
    "Couldn't detect Bash version, shell completion is not supported.",
    "Shell completion is not supported for Bash versions older than 4.4.",
}


def test_click_message_ids_are_those_of_this_click():
    """Each worded message is one click asks for, and each of click's is worded or one these commands never show:
    a click that rewords or adds a message fails here rather than quietly speaking English."""
    ids = _click_message_ids()
    assert len(CLICK_KEYS) == 28
    assert sorted(set(CLICK_KEYS) - ids) == []
    assert sorted(ids - set(CLICK_KEYS) - NOT_SHOWN) == []
    assert sorted(NOT_SHOWN - ids) == []


def test_the_patched_modules_are_every_loaded_click_module_that_asks_gettext():
    asking = set()
    for path in Path(click.__file__).parent.glob("*.py"):
        if "from gettext import" in path.read_text(encoding="utf-8"):
            asking.add(path.stem)
    assert asking - set(CLICK_MODULES) == {"_termui_impl", "_winconsole", "shell_completion"}
    assert set(CLICK_MODULES) <= asking


def test_click_gets_gettext_back_after_speaking():
    core = importlib.import_module("click.core")
    with pytest.raises(click.UsageError), speaking("cy"):
        assert core._("Options") == "Dewisiadau"
        with click.Command("x").make_context("x", ["--nope"]):
            pass
    assert core._ is gettext.gettext and core.ngettext is gettext.ngettext
    assert importlib.import_module("click.exceptions")._ is gettext.gettext
    assert core._("Options") == "Options"
