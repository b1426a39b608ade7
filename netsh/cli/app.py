"""The `netsh` command: wiring, exit codes and error display.

Exit codes (a public contract): 0 every claim held; 1 a claim did not hold or
the run stopped on a failed command; 2 bad usage or input; 3 the environment
cannot run it; 130 interrupted (Ctrl-C), 143 terminated (SIGTERM), both after
cleanup. Command modules are imported lazily so `netsh --help` stays fast.
"""

from __future__ import annotations

import functools
import signal
import sys

import typer

from netsh import __version__
from netsh.errors import NetshError

# Plain help (rich_markup_mode=None): rich's help formatter costs ~70 ms of imports,
# half of `netsh --help`'s wall time.
app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  rich_markup_mode=None,
                  help="Linux virtual-networking tutorials as executable, verified, safe scenarios. "
                       "Runs in a throwaway sandbox unless you say --on-host.")


class Terminated(BaseException):
    """SIGTERM, raised like Ctrl-C so every `finally` (the undo) runs."""


def _on_sigterm(signum, frame):
    raise Terminated()


def _version(value: bool):
    if value:
        typer.echo(f"netsh {__version__}")
        raise typer.Exit()


@app.callback()
def root(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                      help="Print the version and exit.")):
    """Linux virtual-networking tutorials as executable, verified, safe scenarios."""


def guarded(func):
    """Turn netsh's errors and interruptions into messages and exit codes."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except NetshError as exc:
            typer.echo(f"netsh: {exc.message}", err=True)
            if exc.hint:
                typer.echo(f"  {exc.hint}", err=True)
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            typer.echo("netsh: interrupted; what this run changed has been undone.", err=True)
            raise typer.Exit(130) from None
        except Terminated:
            typer.echo("netsh: terminated; what this run changed has been undone.", err=True)
            raise typer.Exit(143) from None

    return wrapper


def _register():
    from netsh.cli import check, cleanup, doctor, export, graph, lesson, listing, record, run, shell, show, state

    for module in (listing, show, run, check, export, cleanup, shell, doctor, record, state, graph, lesson):
        module.register(app, guarded)


_register()


def typing_speed(argv: list[str]) -> list[str]:
    """`--typing 12` / `--typing=12` as the issue writes it -> `--typing --cps 12`.

    A typer option cannot take an optional value, so the speed is its own option;
    this keeps the documented short form working too.
    """
    out: list[str] = []
    args = iter(argv)
    for arg in args:
        if arg.startswith("--typing="):
            out += ["--typing", "--cps", arg.split("=", 1)[1]]
        elif arg == "--typing":
            out.append(arg)
            nxt = next(args, None)
            if nxt is not None and nxt.replace(".", "", 1).isdigit():
                out += ["--cps", nxt]
            elif nxt is not None:
                out.append(nxt)
        else:
            out.append(arg)
    return out


def main() -> None:
    signal.signal(signal.SIGTERM, _on_sigterm)
    app(args=typing_speed(sys.argv[1:]), prog_name="netsh")
