"""The shape the code keeps: the product's logic runs without Streamlit."""

import pkgutil
import re
import subprocess
import sys

import sprx_map
from sprx_map import PROJECT_DIR

# The ui package draws the pages; serve starts Streamlit's server; __main__ runs a command.
STREAMLIT_MODULES = {"ui", "serve", "__main__"}


def test_the_logic_imports_without_streamlit():
    logic = sorted(m.name for m in pkgutil.iter_modules(sprx_map.__path__) if m.name not in STREAMLIT_MODULES)
    assert {"geography", "returns", "store", "metrics", "maps", "charts", "i18n"} <= set(logic)
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
