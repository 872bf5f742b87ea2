"""Every setting sprx-map reads from the environment, declared once with its default and meaning.

Each is an ``SPRX_*`` variable; :func:`value` reads one (parsed, checked, or its
default). The README's table of settings is checked against :data:`SETTINGS` by
a test, so the two never drift apart.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from sprx_map.i18n import LANGUAGES


class SettingError(ValueError):
    """A setting holds a value that cannot be used; the message (a catalogue key) says which and what to write."""

    def __init__(self, key: str, **values) -> None:
        super().__init__(key)
        self.key, self.values = key, values

    def message(self, lang: str = "en") -> str:
        from sprx_map.i18n import t

        return t(self.key, lang, **self.values)

    def __str__(self) -> str:
        return self.message("en")


@dataclass(frozen=True)
class Setting:
    """One environment variable: its name, default, how to read it and what it does."""

    name: str
    default: object
    kind: str  # "text", "number", "whole", "flag"
    help: str
    scope: str = "app"  # "app" (the dashboard and command line), "tests" or "bench"
    choices: tuple[str, ...] = ()  # for "text": the only values it may hold, when it is one of a few


# The licences the published figures may be released under: Open Definition ids (as a data package names a
# licence) and where each is written. Choosing one is the Hub's decision, so nothing is assumed when unset.
DATA_LICENCES = {
    "OGL-UK-3.0": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
    "CC-BY-4.0": "https://creativecommons.org/licenses/by/4.0/",
    "CC0-1.0": "https://creativecommons.org/publicdomain/zero/1.0/",
    "ODC-BY-1.0": "https://opendatacommons.org/licenses/by/1-0/",
}

SETTINGS: tuple[Setting, ...] = (
    Setting(
        "SPRX_DATABASE_URL",
        None,
        "text",
        "The store: a SQLAlchemy URL such as postgresql+psycopg://user@host/db (default: the SQLite file "
        "data/store/sprx-map.sqlite). `--db` on the command line overrides it.",
    ),
    Setting(
        "SPRX_ADMIN_PASSWORD",
        None,
        "text",
        "When set (and sign-in is not configured), it signs in on the Data intake page as the administrator "
        "account `admin`. Shared by everyone who knows it, so the page warns: prefer named accounts "
        "(`accounts add`).",
    ),
    Setting(
        "SPRX_SESSION_IDLE_MINUTES",
        30,
        "whole",
        "Minutes a session signed in with a named account (or the admin password) may stay idle before it must "
        "sign in again.",
    ),
    Setting(
        "SPRX_SIGN_IN_HOURS",
        12,
        "whole",
        "Hours a sign-in with OpenID Connect is trusted, from when the provider issued it (the token's `iat`); "
        "after that the person must sign in again, however long Streamlit's cookie lasts.",
    ),
    Setting(
        "SPRX_DATABASE_CONNECT_SECONDS",
        10,
        "whole",
        "Seconds to wait for PostgreSQL to accept a connection before a page says the store cannot be reached, "
        "so a database that does not answer does not hang the app.",
    ),
    Setting("SPRX_MAX_UPLOAD_MB", 10.0, "number", "The largest return file read, in MB."),
    Setting("SPRX_MAX_ROWS", 20_000, "whole", "The most rows read from one sheet of a return."),
    Setting(
        "SPRX_SUPPRESSION_THRESHOLD",
        5,
        "whole",
        "Referral counts from 1 to this minus one are withheld (and the rates made from them); 0 turns "
        "withholding off.",
    ),
    Setting(
        "SPRX_DATA_LICENCE",
        None,
        "text",
        "The licence the Hub releases the published survey figures under, which `publish` declares in each "
        f"data package (`datapackage.json`): {', '.join(DATA_LICENCES)}. Unset: the package says that no "
        "licence is stated.",
        choices=tuple(DATA_LICENCES),
    ),
    Setting(
        "SPRX_COOKIE_SECRET",
        None,
        "text",
        "The secret Streamlit signs its cookies with (server.cookieSecret). It must be the same on every "
        "replica: `serve --replicas` makes one for each start when this is unset; set it when replicas run on "
        "several machines.",
    ),
    Setting(
        "SPRX_TLS_CERTIFICATE",
        None,
        "text",
        "The PEM file (certificate chain, then its private key) HAProxy serves HTTPS with, for `serve --replicas` "
        "and `balancer` when `--certificate` is not given. Unset: plain HTTP, on 127.0.0.1 only unless "
        "`--address` is given, with a warning.",
    ),
    Setting(
        "SPRX_FINGERPRINT_KEY",
        None,
        "text",
        "The key `fingerprint` makes its HMACs with when `--key` is not given: the same on every machine "
        "compared, and known only to the people who run them.",
    ),
    Setting(
        "SPRX_LANG",
        "en",
        "text",
        "The language of the command line (its help, messages and the files it writes) when `--lang` is not "
        "given: en or cy.",
        choices=LANGUAGES,
    ),
    Setting(
        "SPRX_ERROR_DETAILS",
        False,
        "flag",
        "1: an unexpected error in a page or a button is raised as it is (its traceback shown where Streamlit "
        "shows it, and seen by tests) instead of a message in words with a reference to the server's log. For "
        "development only: details can hold paths, SQL and data.",
    ),
    Setting(
        "SPRX_REQUIRE_BROWSER",
        False,
        "flag",
        "1: the end-to-end tests fail, rather than skip, when Chromium cannot run (.ci/run sets it).",
        "tests",
    ),
    Setting(
        "SPRX_REQUIRE_POSTGRES",
        False,
        "flag",
        "1: the store tests fail, rather than skip, when PostgreSQL cannot run (.ci/run sets it).",
        "tests",
    ),
    Setting(
        "SPRX_FLOOR",
        None,
        "text",
        "Set by the benchmark for its floor app (which reads it itself: it must not import sprx-map).",
        "bench",
    ),
    Setting(
        "SPRX_BENCH_CROWDS",
        "10,50,100",
        "text",
        "The crowd sizes `python -m bench load crowd` sends, comma-separated (10 alone: a quick figure before "
        "and after a change).",
        "bench",
    ),
    Setting(
        "SPRX_BENCH_APP",
        None,
        "text",
        "A folder holding another checkout whose dashboard the benchmark serves against the same floor app "
        "(unset: this one).",
        "bench",
    ),
)
BY_NAME = {s.name: s for s in SETTINGS}


def value(name: str):
    """The setting's value from the environment, parsed; its default when unset or empty.

    >>> value("SPRX_MAX_ROWS")
    20000
    """
    setting = BY_NAME[name]
    text = os.environ.get(name, "").strip()
    if not text:
        return setting.default
    if setting.kind == "text":
        if setting.choices and text not in setting.choices:
            raise SettingError("settings.wrong.choice", name=name, text=text, choices=", ".join(setting.choices))
        return text
    if setting.kind == "flag":
        return text == "1"
    if setting.kind == "whole":
        if not text.isdigit():
            raise SettingError("settings.wrong.whole", name=name, text=text, default=setting.default)
        return int(text)
    try:
        number = float(text)
    except ValueError:
        raise SettingError("settings.wrong.number", name=name, text=text, default=setting.default) from None
    if number <= 0:
        raise SettingError("settings.wrong.positive", name=name, text=text)
    return number
