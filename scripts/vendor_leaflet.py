"""Copy Leaflet from the pinned XStatic-Leaflet package into ``static/leaflet``.

The app serves these files itself (Streamlit static serving), so maps draw with
no internet. The version matches the one folium links to; a test checks the
committed copy against the package.

Usage: ``python scripts/vendor_leaflet.py`` (needs requirements-dev.txt).
"""

import shutil
from pathlib import Path

import xstatic.pkg.leaflet as xleaflet

DEST = Path(__file__).resolve().parents[1] / "static" / "leaflet"
FILES = ("leaflet.js", "leaflet.css")


def main() -> None:
    src = Path(xleaflet.BASE_DIR)
    DEST.mkdir(parents=True, exist_ok=True)
    for name in FILES:
        shutil.copyfile(src / name, DEST / name)
    shutil.copytree(src / "images", DEST / "images", dirs_exist_ok=True)
    print(f"Leaflet {xleaflet.VERSION} copied to {DEST}")


if __name__ == "__main__":
    main()
