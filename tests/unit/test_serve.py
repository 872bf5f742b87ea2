import subprocess
import sys

from sprx_map import PROJECT_DIR


def test_warm_up_fills_caches_without_declaring_components():
    """Declaring streamlit-folium's component outside a script run would leave its files unserved."""
    code = (
        "import sys; from streamlit.web import cli; from sprx_map import serve, ui; serve.warm_up(); "
        "print('streamlit_folium' in sys.modules, len(ui.dataset().projects), len(ui.geography().clusters))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=PROJECT_DIR, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "773", "60"]  # 331 projects this round, 256 before, 186 earliest
