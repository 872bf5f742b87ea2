"""One palette for the whole app: maps, charts and tables use these colours.

Sequential: ColorBrewer YlGnBu (colour-blind safe), light to dark. Categorical:
Okabe-Ito, distinguishable with the common colour-vision deficiencies.
"""

SEQUENTIAL = ("#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#2c7fb8", "#253494")
NO_DATA_FILL = "#ffffff"
NO_DATA_STROKE = "#6b6b6b"
# Diverging, for change: ColorBrewer PRGn (purple fewer, green more), colour-blind safe.
DIVERGING = ("#762a83", "#af8dc3", "#e7d4e8", "#f7f7f7", "#d9f0d3", "#7fbf7b", "#1b7837")
WITHHELD_FILL = "#bdbdbd"  # figures withheld for disclosure control: grey, unlike any class or "no data"
# An area whose board has not returned: a pale mauve with a dotted edge, unlike any class, "no data" or withheld.
NO_RETURN_FILL = "#e7dcef"
NO_RETURN_STROKE = "#5e3c99"
BOUNDARY = "#3d3d3d"
SELECTED = "#d55e00"
CATEGORICAL = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#000000")
STATUS = {"current": "#0072b2", "planned": "#e69f00", "ended": "#7a7a7a"}
PRIMARY = CATEGORICAL[0]
SECONDARY = CATEGORICAL[2]
BAND = "rgba(0, 158, 115, 0.15)"
