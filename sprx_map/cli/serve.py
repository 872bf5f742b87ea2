"""Running the dashboard: `serve`, `balancer` and `fingerprint` (replicas behind HAProxy)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sprx_map.cli_language import worded as _t


def _serve(args: argparse.Namespace) -> int:
    if args.replicas is not None:
        from sprx_map import replicas

        return replicas.serve(args.replicas, port=args.port, address=args.address, lang=args.lang)
    from sprx_map.serve import main

    return main(port=args.port, address=args.address)


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


def _fingerprint(args: argparse.Namespace) -> int:
    from sprx_map import replicas
    from sprx_map.i18n import t

    for name, value in replicas.fingerprints().items():
        print(f"{name} {value or t('replicas.not_set', args.lang)}")
    return 0


def _count(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(_t("cli.whole_number_bad", value=repr(text)))
    return int(text)
