"""sprx-map: social prescribing across Wales, on maps and charts."""

from pathlib import Path

__version__ = "0.1.0"

PROJECT_DIR = Path(__file__).resolve().parents[1]
DATA_DIR = PROJECT_DIR / "data"
GEOGRAPHY_DIR = DATA_DIR / "geography"
SAMPLE_DIR = DATA_DIR / "sample_returns"
REFERENCE_DIR = PROJECT_DIR.parent / "shared" / "reference"


def _lock_down_gdal() -> None:
    """Switch off GDAL's VRT drivers and network file systems before GDAL loads (see sprx_map.geo.files)."""
    import os

    from sprx_map.geo.files import GDAL_LOCKDOWN

    for name, setting in GDAL_LOCKDOWN.items():
        if name == "GDAL_SKIP":  # added to any drivers skipped already (naming one twice makes GDAL warn)
            given = os.environ.get(name, "").replace(",", " ").split()
            setting = " ".join(dict.fromkeys([*given, *setting.split()]))
        os.environ[name] = setting


_lock_down_gdal()
