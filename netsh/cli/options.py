"""Arguments shared by several commands, and turning them into a scenario."""

from __future__ import annotations

import enum

import typer

SCENARIO = typer.Argument(..., help="A scenario name (see `netsh list`), a lesson file (.md) or a .py file.")
PARAMS = typer.Option([], "-p", "--param", metavar="NAME=VALUE",
                      help="Override a scenario parameter; repeatable (e.g. -p bridge=br1).")
PREFIX = typer.Option("", "--prefix", metavar="P",
                      help="Put P in front of every namespace name the run creates.")
TARGET = typer.Option([], "--target", metavar="ssh://[user@]host[:port]",
                      help="Run on a remote host over SSH (a sandbox there; with --on-host, the host itself). "
                           "A multi-host scenario takes one per host, in order.")
SSH_CONFIG = typer.Option(None, "--ssh-config", metavar="FILE",
                          help="Use this OpenSSH config file (as `ssh -F FILE`).")


CPS = typer.Option(30.0, "--cps", min=1.0, metavar="N", help="Typing speed in characters per second.")


class Lang(str, enum.Enum):
    en = "en"
    zh = "zh"


LANG = typer.Option(Lang.en, "--lang", help="Narrate in English (en) or Chinese (zh); "
                                              "untranslated text stays English.")


def load_scenario(name: str, params: list[str], prefix: str = "", err=None):
    """Find, announce (for files: they are code) and parametrise a scenario."""
    from netsh import params as P
    from netsh.scenario import find, looks_like_path

    if looks_like_path(name) and not name.endswith(".md"):
        typer.echo(f"netsh: loading {name}: a scenario file is Python code and runs with "
                   "your privileges; only use files you trust.", err=True)
    cls = find(name)
    if prefix:
        P.NsName.parse(prefix)  # the same rules as any namespace name
    return cls.with_overrides(P.parse_assignments(params), prefix)
