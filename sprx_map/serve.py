"""``python -m sprx_map serve``: run the dashboard, warming it up while the server starts.

The first visitor would otherwise wait for the heavy imports (geopandas, folium)
and for the returns to be read. Here a background thread does that while
Streamlit starts and the browser loads the page, in the same process, so the
first run finds everything ready. The server itself is Streamlit's own
``streamlit run app.py``.
"""

from __future__ import annotations

import logging
import sys
import threading

from sprx_map import PROJECT_DIR

LOGGER = logging.getLogger("sprx_map.serve")
# What .streamlit/config.toml sets for a room of viewers (it says why), passed also on the command line so
# they hold when the server is started from another folder (the config file is read from the working one).
CROWD_SETTINGS = (
    "--server.fileWatcherType", "none",
    "--runner.postScriptGC", "false",
    "--runner.magicEnabled", "false",
)  # fmt: skip


def warm_up() -> None:
    """Import the heavy modules and fill the process-wide caches."""
    import time

    start = time.perf_counter()
    try:
        # Not streamlit_folium: a component must be declared while the server's
        # runtime exists, inside a script run, or its files are never served.
        from sprx_map import maps, ui  # noqa: F401

        geo = ui.geography()
        ui.dataset()
        for level in ("health_board", "local_authority", "cluster"):
            geo.geometry_json(level)
        ui.shared_view.prewarm(ui.PAGE_STATE["map_level"][1], ui.PAGE_STATE["map_measure"][1])
        settle()
        LOGGER.info("warm-up done in %.2f s", time.perf_counter() - start)
    except Exception:  # a failed warm-up only costs time; the first page load redoes it
        LOGGER.exception("warm-up failed")


def settle() -> None:
    """Set aside what the warm-up made (the modules, the geography, the store's data) from the garbage collector's
    full passes: they live as long as the server, and walking them again in every full pass cost each run of a
    crowd's pages time (:func:`gc.freeze`; measured by the crowds of ``make bench``). Garbage among them was
    collected first; what a change to the store later drops is
    freed as usual, unless it sits in a reference cycle: that stays, once, for the server's life."""
    import gc

    gc.collect()
    gc.freeze()


def main(port: int = 8501, address: str | None = None, extra: list[str] | None = None) -> int:
    """Start the warm-up thread, then Streamlit's server on ``app.py`` (blocks)."""
    # Streamlit (and with it pandas and plotly) is imported here, before the thread
    # starts: plotly looks pandas up in sys.modules and must not see it half-loaded.
    from streamlit.web import cli

    threading.Thread(target=warm_up, name="sprx-warm-up", daemon=True).start()
    from sprx_map import settings

    argv = ["streamlit", "run", str(PROJECT_DIR / "app.py"), "--server.port", str(port)]
    if address:
        argv += ["--server.address", address]
    # As .streamlit/config.toml says, also when started from another folder: no traceback is shown to viewers.
    argv += ["--client.showErrorDetails", "full" if settings.value("SPRX_ERROR_DETAILS") else "none"]
    argv += CROWD_SETTINGS
    # Replicas behind one load balancer must sign cookies alike. Only this process's argument list holds it:
    # the command line other users can see (/proc) is the one the process was started with.
    if settings.value("SPRX_COOKIE_SECRET"):
        argv += ["--server.cookieSecret", settings.value("SPRX_COOKIE_SECRET")]
    sys.argv = argv + list(extra or [])
    return cli.main(standalone_mode=False) or 0
