"""`netsh record SCENARIO --page FILE.html` and `netsh record A B C --site DIR`:
lessons as web pages, each from one real run in its own sandbox."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from netsh.cli.options import load_scenario


def _progress(name: str, total: int):
    """The step being run, on a terminal's stderr, so a long run shows it is alive."""
    def show(event) -> None:
        if not event.setup and sys.stderr.isatty():
            sys.stderr.write(f"\rnetsh: {name}: step {event.index}/{total} \033[K")
            sys.stderr.flush()
    return show


def _capture(sc):
    from netsh.render.page.capture import capture

    try:
        return capture(sc, progress=_progress(sc.name, len(sc.plan)))
    finally:
        if sys.stderr.isatty():
            sys.stderr.write("\r\033[K")


def _write(path: Path, text: str) -> None:
    from netsh.errors import UsageError

    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror}", "Give a path in a folder you can write to.") from None


def write_page(sc, path: Path, lang: str, width: int, height: int, cps: float):
    """Run `sc`, write its page to `path`: (outcome, cast, console) in `lang` for -o/--svg/--html."""
    from netsh.render.page.build import build_page
    from netsh.render.page.words import languages
    from netsh.session import check_writable

    check_writable(path)
    langs = languages(sc)
    langs = (lang, *(x for x in langs if x != lang)) if lang in langs else langs
    cap = _capture(sc)
    page = build_page(cap, width, height, cps, langs=langs)
    _write(path, page.html)
    return cap.outcome, page.casts[langs[0]], page.consoles[langs[0]]


def write_site(names: list[str], params: list[str], prefix: str, folder: Path, width: int, height: int,
               cps: float) -> int:
    """A page per scenario and an index of their verdicts; the exit code `netsh check` would give."""
    from netsh.errors import UsageError
    from netsh.render.page.build import Entry, build_index, build_page
    from netsh.render.page.view import stamp

    chosen = [load_scenario(name, params, prefix) for name in names]  # usage errors before anything runs
    if len({sc.name for sc in chosen}) != len(chosen):
        raise UsageError("a scenario is named twice", "Give each scenario once.")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"cannot make {folder}: {exc.strerror}", "Give a folder you can write to.") from None
    entries, last = [], None
    for k, sc in enumerate(chosen, 1):
        typer.echo(f"netsh: [{k}/{len(chosen)}] {sc.name}", err=True)
        cap = _capture(sc)
        _write(folder / f"{sc.name}.html", build_page(cap, width, height, cps, index_href="index.html").html)
        entries.append(Entry(sc.name, f"{sc.name}.html", sc.summary, cap.counts,
                             str(cap.outcome.error) if cap.outcome.error else ""))
        last = cap
    _write(folder / "index.html", build_index(entries, stamp(last)))
    bad = [e.name for e in entries if e.counts["not_held"] or e.error]
    typer.echo(f"netsh: wrote {folder}/index.html and {len(entries)} pages; "
               + (f"claims did not hold in {', '.join(bad)}." if bad else "every claim held."))
    return 1 if bad else 0
