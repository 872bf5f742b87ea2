import subprocess
import sys

from sprx_map import PROJECT_DIR


def test_warm_up_fills_caches_without_declaring_components():
    """Declaring streamlit-folium's component outside a script run would leave its files unserved. What the warm-up
    made is then set aside from the garbage collector's full passes (none was before)."""
    code = (
        "import gc, sys; from streamlit.web import cli; from sprx_map import serve, ui; "
        "before = gc.get_freeze_count(); serve.warm_up(); "
        "print('streamlit_folium' in sys.modules, len(ui.dataset().projects), len(ui.geography().clusters), "
        "before, gc.get_freeze_count() > 100_000)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=PROJECT_DIR, timeout=120)
    assert result.returncode == 0, result.stderr
    # 331 projects this round, 256 before, 186 earliest; nothing frozen before, the modules and data after
    assert result.stdout.split() == ["False", "773", "60", "0", "True"]


def test_crowd_settings_match_the_config_file():
    """``serve`` passes the config file's crowd settings on its command line, so they hold from any folder."""
    import tomllib

    from sprx_map.serve import CROWD_SETTINGS

    config = tomllib.loads((PROJECT_DIR / ".streamlit" / "config.toml").read_text())
    passed = dict(zip(CROWD_SETTINGS[::2], CROWD_SETTINGS[1::2], strict=True))
    from_file = {f"--{section}.{name}": str(value).lower() for section, values in config.items()
                 for name, value in values.items() if f"--{section}.{name}" in passed}  # fmt: skip
    assert passed == {"--server.fileWatcherType": "none", "--runner.postScriptGC": "false",
                      "--runner.magicEnabled": "false"}  # fmt: skip
    assert from_file == passed
