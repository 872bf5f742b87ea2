"""One palette for the whole app: maps, charts and tables use these colours.

Charts follow the Analysis Function's guidance on colours in charts, with its
accessible palettes as the afcharts package ships them (categorical, focus,
sequential). Maps keep ColorBrewer YlGnBu (colour-blind safe), light to dark:
the Analysis Function's sequential palette has at most five colours, the map
legends six classes, and the map colours are what the accessibility tests check.
"""

from afcharts.af_colours import get_af_colours

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
# Analysis Function: dark blue, turquoise, dark pink, orange, dark grey, light purple (use them in this order).
CATEGORICAL = tuple(c.lower() for c in get_af_colours("categorical"))
DARK_BLUE, TURQUOISE, DARK_PINK, ORANGE, DARK_GREY, LIGHT_PURPLE = CATEGORICAL
FOCUS_GREY = get_af_colours("focus")[1].lower()  # the context colour beside a highlighted dark blue
# Dark to light; charts of counts run from the lightest (few) to the darkest (many).
CHART_SEQUENTIAL = tuple(c.lower() for c in get_af_colours("sequential"))
STATUS = {"current": DARK_BLUE, "planned": ORANGE, "ended": DARK_GREY}
PRIMARY = DARK_BLUE
SECONDARY = TURQUOISE
BAND = "rgba(40, 161, 151, 0.15)"  # turquoise, see-through
# The pages' own colours (the published site, the app's tables, the downloads), written into their CSS and SVG
# from here (sprx_map/templates). Focus rings and the selected area share SELECTED; map edges BOUNDARY.
INK = "#1a1a1a"
INK_SOFT = "#3d3d3d"  # notes, ledes and captions
PAPER = "#fff"
LINK = "#0b5a8a"
LINK_HOVER = "#073b5a"
RULE = "#d0d0d0"  # header, footer and the figures' boxes
RULE_LIGHT = "#e3e3e3"  # above a section's heading
GRID = "#d9d9d9"  # between a table's rows, a chart's ceiling
AXIS = "#767676"  # under a table's headings, a chart's baseline, edges of the spine's range
NOTICE_FILL = "#eef5fa"
ILLUSTRATIVE_EDGE = "#8a5a00"
ILLUSTRATIVE_FILL = "#fff4d6"
# The downloaded profile and map files: a plainer look, darker text and lighter rules than the site's.
FILE_INK = "#111"
FILE_NOTE = "#444"
FILE_RULE = "#ccc"
