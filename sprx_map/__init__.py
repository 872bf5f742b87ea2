"""sprx-map: social prescribing across Wales, on maps and charts."""

from pathlib import Path

__version__ = "0.1.0"

PROJECT_DIR = Path(__file__).resolve().parents[1]
DATA_DIR = PROJECT_DIR / "data"
GEOGRAPHY_DIR = DATA_DIR / "geography"
SAMPLE_DIR = DATA_DIR / "sample_returns"
REFERENCE_DIR = PROJECT_DIR.parent / "shared" / "reference"
