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


def _say_both(error, stream=sys.stderr) -> None:
    """A refusal or warning in English and in Welsh: whoever set up the server may read either."""
    print("\n".join(error.words(language) for language in ("en", "cy")), file=stream, flush=True)


def _certificate(given: str | None) -> str | None:
    from sprx_map import settings

    return given or settings.value("SPRX_TLS_CERTIFICATE")


@command("serve", help="cli.help.serve")
@option("--port", type=options.Whole(), default=8501)
@option("--address", help="cli.help.serve.address")
@option("--replicas", type=Count(), help="cli.help.serve.replicas")
@option("--certificate", metavar="cli.metavar.pem", help="cli.help.serve.certificate")
@option("--redirect-port", type=options.Whole(), metavar="cli.metavar.port", help="cli.help.serve.redirect_port")
@options.lang("cli.help.lang.messages")
def serve(
    port: int, address: str | None, replicas: int | None, certificate: str | None, redirect_port: int | None, lang: str
) -> int:
    """Run the dashboard (``make run``); with ``--replicas``, N Streamlit servers behind HAProxy on the port.

    Alone it listens on 127.0.0.1 unless ``--address`` says otherwise: a server behind a load balancer must not
    be reachable around it.
    """
    if replicas is None and (certificate or redirect_port is not None):
        raise click.UsageError(worded("cli.serve.certificate_alone"))
    if replicas is not None:
        from sprx_map import replicas as several

        return several.serve(
            replicas,
            port=port,
            address=address,
            lang=lang,
            certificate=_certificate(certificate),
            redirect_port=redirect_port,
        )
    from sprx_map.serve import main

    return main(port=port, address=address or "127.0.0.1")


@command("balancer", help="cli.help.balancer")
@option("--server", "servers", multiple=True, required=True, metavar="cli.metavar.host_port",
        help="cli.help.balancer.server")  # fmt: skip
@option("--port", type=options.Whole(), help="cli.help.balancer.port")
@option("--address", help="cli.help.balancer.address")
@option("--certificate", metavar="cli.metavar.pem", help="cli.help.balancer.certificate")
@option("--redirect-port", type=options.Whole(), metavar="cli.metavar.port", help="cli.help.balancer.redirect_port")
@option("--out", help="cli.help.balancer.out")
@options.lang("cli.help.lang.messages")
def balancer(
    servers: tuple[str, ...],
    port: int | None,
    address: str | None,
    certificate: str | None,
    redirect_port: int | None,
    out: str | None,
    lang: str,
) -> int:
    """HAProxy's configuration for replicas running on other machines (deploy/README.md)."""
    from sprx_map import replicas

    certificate = _certificate(certificate)
    if port is None:
        port = 443 if certificate else 80
    if redirect_port is None:
        redirect_port = 80 if certificate and port != 80 else 0
    try:
        config = replicas.render_config(
            replicas.remote_replicas(list(servers)),
            port,
            address,
            certificate=certificate,
            redirect_port=redirect_port or None,
        )
    except replicas.ReplicaError as wrong:
        print(wrong.words(lang), file=sys.stderr)
        return 2
    if not certificate:
        _say_both(replicas.plain_http_warning(address))
    if out:
        Path(out).write_text(config, encoding="utf-8")
    else:
        print(config, end="")
    return 0


@command("fingerprint", help="cli.help.fingerprint")
@option("--key", metavar="cli.metavar.key", help="cli.help.fingerprint.key")
@options.lang("cli.help.lang.output")
def fingerprint(key: str | None, lang: str) -> int:
    """A keyed fingerprint of each setting every replica must share, to compare between machines.

    ``--key -`` reads the key from standard input (kept out of the process list and the shell's history).
    """
    from sprx_map import replicas, settings
    from sprx_map.i18n import t

    if key == "-":
        key = sys.stdin.readline().rstrip("\r\n")
    key = key or settings.value("SPRX_FINGERPRINT_KEY")
    try:
        found = replicas.fingerprints(key)
    except replicas.ReplicaError as refusal:
        _say_both(refusal)
        return 2
    for name, value in found.items():
        print(f"{name} {value or t('replicas.not_set', lang)}")
    return 0
