"""``python -m sprx_map``: the command line."""

import sys

from sprx_map.cli import main

sys.exit(main())
