"""Running the dashboard: `serve`, `balancer` and `fingerprint` (replicas behind HAProxy)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from sprx_map.cli import options
from sprx_map.cli_language import command, option, worded


class Count(click.ParamType):
    """How many of something: a whole number, 1 or more."""

    name = "count"

    def convert(self, value, param, ctx) -> int:
        if isinstance(value, int):
            return value
        if not value.isdigit() or int(value) < 1:
            self.fail(worded("cli.whole_number_bad", value=repr(value)), param, ctx)
        return int(value)


@command("serve", help="cli.help.serve")
@option("--port", type=options.Whole(), default=8501)
@option("--address", help="cli.help.serve.address")
@option("--replicas", type=Count(), help="cli.help.serve.replicas")
@options.lang("cli.help.lang.messages")
def serve(port: int, address: str | None, replicas: int | None, lang: str) -> int:
    """Run the dashboard (``make run``); with ``--replicas``, N Streamlit servers behind HAProxy on the port."""
    if replicas is not None:
        from sprx_map import replicas as several

        return several.serve(replicas, port=port, address=address, lang=lang)
    from sprx_map.serve import main

    return main(port=port, address=address)


@command("balancer", help="cli.help.balancer")
@option("--server", "servers", multiple=True, required=True, metavar="cli.metavar.host_port",
        help="cli.help.balancer.server")  # fmt: skip
@option("--port", type=options.Whole(), default=80, help="cli.help.balancer.port")
@option("--address", help="cli.help.balancer.address")
@option("--out", help="cli.help.balancer.out")
@options.lang("cli.help.lang.messages")
def balancer(servers: tuple[str, ...], port: int, address: str | None, out: str | None, lang: str) -> int:
    """HAProxy's configuration for replicas running on other machines (deploy/README.md)."""
    from sprx_map import replicas

    try:
        config = replicas.render_config(replicas.remote_replicas(list(servers)), port, address)
    except replicas.ReplicaError as wrong:
        print(wrong.words(lang), file=sys.stderr)
        return 2
    if out:
        Path(out).write_text(config, encoding="utf-8")
    else:
        print(config, end="")
    return 0


@command("fingerprint", help="cli.help.fingerprint")
@options.lang("cli.help.lang.output")
def fingerprint(lang: str) -> int:
    """A short fingerprint of each setting every replica must share, to compare between machines."""
    from sprx_map import replicas
    from sprx_map.i18n import t

    for name, value in replicas.fingerprints().items():
        print(f"{name} {value or t('replicas.not_set', lang)}")
    return 0
