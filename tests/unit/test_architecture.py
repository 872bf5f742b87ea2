"""The shape the code keeps: the product's logic runs without Streamlit."""

import ast
import graphlib
import pkgutil
import re
import subprocess
import sys

import sprx_map
from sprx_map import PROJECT_DIR

# The ui package draws the pages; serve starts Streamlit's server; __main__ runs a command.
STREAMLIT_MODULES = {"ui", "serve", "__main__"}


def test_the_logic_imports_without_streamlit():
    every = [m.name.removeprefix("sprx_map.") for m in pkgutil.walk_packages(sprx_map.__path__, "sprx_map.")]
    logic = sorted(m for m in every if m.split(".")[0] not in STREAMLIT_MODULES)
    assert {"geo.geography", "returns", "store", "metrics", "maps.builder", "charts", "i18n.catalogue"} <= set(logic)
    code = (
        "import importlib, sys\n"
        f"for name in {logic!r}:\n"
        "    importlib.import_module('sprx_map.' + name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'streamlit'))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=PROJECT_DIR, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_ui_package_is_what_pages_use():
    from sprx_map import ui

    assert set(ui.__all__) <= set(dir(ui))
    for page in sorted((PROJECT_DIR / "pages").glob("*.py")):
        called = set(re.findall(r"\bui\.(\w+)", page.read_text()))
        assert called, page.name
        assert called <= set(ui.__all__), (page.name, called - set(ui.__all__))


def _imports(tree: ast.AST, package: str, modules: set[str]) -> set[str]:
    """The package's modules that ``tree`` imports, wherever the import is (in a function too), but not
    under ``if TYPE_CHECKING:`` (annotations only: nothing is imported when the code runs)."""
    skipped = {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
        for inner in ast.walk(node)
    }
    found = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == package:
            for alias in node.names:
                name = f"{node.module}.{alias.name}"
                found.add(name if name in modules else node.module)
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.split(".")[0] == package}
    return {m for m in found if m in modules}


def test_no_import_cycles_even_inside_functions():
    root = PROJECT_DIR / "sprx_map"
    paths = {
        ".".join(("sprx_map", *p.relative_to(root).with_suffix("").parts)).removesuffix(".__init__"): p
        for p in root.rglob("*.py")
    }
    assert {"sprx_map.geo.geography", "sprx_map.maps.builder", "sprx_map.i18n"} <= set(paths)
    graph = {}
    for module, path in paths.items():
        imported = _imports(ast.parse(path.read_text(encoding="utf-8")), "sprx_map", set(paths))
        # A package's __init__ runs before its modules: a module importing its own package is no cycle.
        graph[module] = {m for m in imported if m != module and not module.startswith(m + ".")}
    try:
        list(graphlib.TopologicalSorter(graph).static_order())
    except graphlib.CycleError as cycle:
        raise AssertionError(f"import cycle: {' -> '.join(cycle.args[1])}") from None


def test_the_cycle_check_finds_a_cycle_inside_a_function():
    tree = ast.parse("def f():\n    from sprx_map.b import x\n")
    assert _imports(tree, "sprx_map", {"sprx_map.b"}) == {"sprx_map.b"}
    guarded = ast.parse("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from sprx_map import b\n")
    assert _imports(guarded, "sprx_map", {"sprx_map.b"}) == set()


DEVELOPMENT = PROJECT_DIR / "docs" / "development.md"


def _layout_section() -> str:
    """The layout section of the development guide (docs/development.md), up to the next section."""
    return DEVELOPMENT.read_text(encoding="utf-8").split("\n## Layout\n", 1)[1].split("\n## ", 1)[0]


def _documented_layout() -> dict[str, set[str]]:
    """The development guide's layout section: the modules named at the top of ``sprx_map/`` (key ``"."``) and
    in each package's block (key ``"ui"``, ``"geo"``...), by the indentation of the tree."""
    tree = _layout_section().split("```", 2)[1].splitlines()
    start = next(i for i, line in enumerate(tree) if line.startswith("sprx_map/"))
    blocks: dict[str, set[str]] = {}
    current = "."
    for line in tree[start + 1 :]:
        indent = len(line) - len(line.lstrip())
        if line and indent == 0:
            break  # the next top-level folder
        if indent == 2:
            first = line.split()[0]
            current = first.rstrip("/") if first.endswith("/") else "."
            blocks.setdefault(current, set())
        blocks.setdefault(current, set()).update(re.findall(r"(?<![\w/])(\w+\.py)\b", line))
    return blocks


def test_the_documented_layout_names_every_module_and_package():
    root = PROJECT_DIR / "sprx_map"
    blocks = _documented_layout()
    modules = {p.name for p in root.glob("*.py")} - {"__init__.py"}
    packages = {p.parent.name for p in root.glob("*/__init__.py")}
    assert {"geo", "maps", "i18n", "ui"} <= packages
    assert blocks["."] == modules, "docs/development.md layout: top-level modules missing (or named but gone)"
    assert set(blocks) - {"."} == packages, "docs/development.md layout: packages missing (or named but gone)"
    ui_modules = {p.name for p in (root / "ui").glob("*.py")} - {"__init__.py"}
    assert blocks["ui"] == ui_modules, "docs/development.md layout: ui/ modules missing (or named but gone)"
    text = _layout_section()
    for folder in ("pages/", "data/", "tests/", "bench/", "deploy/", "docs/", "scripts/", "static/"):
        assert f"\n{folder}" in text, folder
    bench = {p.name for p in (PROJECT_DIR / "bench").glob("*.py")} - {"__init__.py"}
    assert all(name in text for name in bench), "docs/development.md layout: bench files"
    pages = {p.name for p in (PROJECT_DIR / "docs").glob("*.md")}
    assert all(name in text for name in pages), "docs/development.md layout: docs pages"


def test_no_module_holds_more_than_450_lines():
    """A module over 450 lines holds two ideas: split it by idea (docs/development.md)."""
    long = {
        str(path.relative_to(PROJECT_DIR)): lines
        for path in sorted((PROJECT_DIR / "sprx_map").rglob("*.py"))
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > 450
    }
    assert long == {}
