"""Running the dashboard: `serve`, `balancer` and `fingerprint` (replicas behind HAProxy)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sprx_map.cli_language import spoken
from sprx_map.cli_language import worded as _t


def _count(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(_t("cli.whole_number_bad", value=repr(text)))
    return int(text)


def add_serve(sub: argparse._SubParsersAction) -> None:
    serve = sub.add_parser("serve", help=_t("cli.help.serve"))
    serve.add_argument("--port", type=int, default=8501)
    serve.add_argument("--address", help=_t("cli.help.serve.address"))
    serve.add_argument("--replicas", type=_count, metavar="N", help=_t("cli.help.serve.replicas"))
    serve.add_argument("--lang", choices=("en", "cy"), default=spoken(), help=_t("cli.help.lang.messages"))
    serve.set_defaults(func=_serve)


def _serve(args: argparse.Namespace) -> int:
    if args.replicas is not None:
        from sprx_map import replicas

        return replicas.serve(args.replicas, port=args.port, address=args.address, lang=args.lang)
    from sprx_map.serve import main

    return main(port=args.port, address=args.address)


def add_balancer(sub: argparse._SubParsersAction) -> None:
    balancer = sub.add_parser("balancer", help=_t("cli.help.balancer"))
    balancer.add_argument(
        "--server",
        action="append",
        required=True,
        metavar=_t("cli.metavar.host_port"),
        help=_t("cli.help.balancer.server"),
    )
    balancer.add_argument("--port", type=int, default=80, help=_t("cli.help.balancer.port"))
    balancer.add_argument("--address", help=_t("cli.help.balancer.address"))
    balancer.add_argument("--out", help=_t("cli.help.balancer.out"))
    balancer.add_argument("--lang", choices=("en", "cy"), default=spoken(), help=_t("cli.help.lang.messages"))
    balancer.set_defaults(func=_balancer)


def _balancer(args: argparse.Namespace) -> int:
    from sprx_map import replicas

    try:
        config = replicas.render_config(replicas.remote_replicas(args.server), args.port, args.address)
    except replicas.ReplicaError as wrong:
        print(wrong.words(args.lang), file=sys.stderr)
        return 2
    if args.out:
        Path(args.out).write_text(config, encoding="utf-8")
    else:
        print(config, end="")
    return 0


def add_fingerprint(sub: argparse._SubParsersAction) -> None:
    fingerprint = sub.add_parser("fingerprint", help=_t("cli.help.fingerprint"))
    fingerprint.add_argument("--lang", choices=("en", "cy"), default=spoken(), help=_t("cli.help.lang.output"))
    fingerprint.set_defaults(func=_fingerprint)


def _fingerprint(args: argparse.Namespace) -> int:
    from sprx_map import replicas
    from sprx_map.i18n import t

    for name, value in replicas.fingerprints().items():
        print(f"{name} {value or t('replicas.not_set', args.lang)}")
    return 0
