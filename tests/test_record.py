"""Recordings: the asciicast writer (pure), reproducibility (dry run), and one real
recording checked with the real asciinema client and rich's SVG/HTML export."""

import json
import re
import shutil

import pexpect
import pytest
from rich.cells import cell_len

from conftest import ROOT, run_netsh
from netsh.cli.record import make_recording
from netsh.render.asciicast import CastWriter
from netsh.render.demo import VirtualClock
from netsh.scenario import find


def parse_cast(text: str):
    lines = text.splitlines()
    return json.loads(lines[0]), [json.loads(ln) for ln in lines[1:]]


def test_writer_stamps_by_the_clock_and_ends_lines_like_a_terminal(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    clock = VirtualClock()
    w = CastWriter(clock, 80, 24, "demo", idle_time_limit=1.5)
    w.write("one\n")
    w.write("two\r\n")   # already a terminal line end: not doubled
    clock.sleep(0.25)
    w.marker("Step 1 · x")
    w.write("three\n")
    clock.sleep(1)
    w.finish()
    header, events = parse_cast(w.dumps())
    assert header == {"version": 2, "width": 80, "height": 24, "timestamp": 1700000000, "title": "demo",
                      "idle_time_limit": 1.5, "env": {"TERM": "xterm-256color", "SHELL": "/bin/bash"}}
    assert events == [[0.0, "o", "one\r\ntwo\r\n"], [0.25, "m", "Step 1 · x"], [0.25, "o", "three\r\n"],
                      [1.25, "o", ""]]


def test_a_recording_is_reproducible(monkeypatch):
    """Dry runs have no command output, so two recordings must be byte for byte equal."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    sc = find("bridge-two-ns")()
    casts = [make_recording(sc, "dry-run", "t", 100, 30, "en", 50, False)[1].dumps() for _ in range(2)]
    assert casts[0] == casts[1]
    header, events = parse_cast(casts[0])
    times = [e[0] for e in events]
    assert times == sorted(times)
    # Typing alone sets the pace: every command's characters at 1/50 s each.
    assert len([e for e in events if e[1] == "m"]) == len(list(sc.steps()))


@pytest.mark.skipif(not ROOT, reason="needs root (creates a sandbox)")
def test_a_real_recording_plays_in_asciinema_and_draws_cjk(tmp_path, tag_env):
    tag, env = tag_env
    cast, svg, html = tmp_path / "demo.cast", tmp_path / "demo.svg", tmp_path / "demo.html"
    r = run_netsh("record", "bridge-two-ns", "-o", str(cast), "--svg", str(svg), "--html", str(html),
                  "--lang", "zh", "--cps", "200", env=env)
    assert r.returncode == 0, r.stdout + r.stderr
    header, events = parse_cast(cast.read_text(encoding="utf-8"))
    assert header["version"] == 2 and header["width"] == 100 and header["height"] == 40
    assert isinstance(header["timestamp"], int) and header["title"].startswith("bridge-two-ns")
    assert header["idle_time_limit"] > 0
    assert all(len(e) == 3 and e[1] in ("o", "m") for e in events)
    assert [e[0] for e in events] == sorted(e[0] for e in events)
    markers = [e[2] for e in events if e[1] == "m"]
    assert len(markers) == 8 and markers[0] == "第 1 步 · 创建网桥"
    output = "".join(e[2] for e in events if e[1] == "o")
    assert re.search(r"(?<!\r)\n", output) is None, "every line must end in \\r\\n"
    assert "创建网桥" in output and "ip link add br0 type bridge" in re.sub(r"\x1b\[[0-9;]*m", "", output)

    if shutil.which("asciinema"):
        # `asciinema cat` needs a terminal (it opens /dev/tty), so give it one.
        child = pexpect.spawn("asciinema", ["cat", str(cast)], encoding="utf-8", timeout=30, dimensions=(40, 100))
        shown = child.read()
        child.close()
        assert child.exitstatus == 0, shown[-500:]
        assert "创建网桥" in shown

    picture = svg.read_text(encoding="utf-8")
    assert picture.startswith("<svg") and "创建网桥" in picture
    # rich lays out CJK at two cells a character; in the SVG a text run's length is cells x cell width.
    assert cell_len("创建网桥") == 8
    runs = re.findall(r'textLength="([0-9.]+)"[^>]*>([^<]*)</text>', picture)
    cjk = next((float(length), text) for length, text in runs if "创建网桥" in text)
    plain = next((float(length), text) for length, text in runs if text and text.isascii() and "&" not in text)
    per_cell = plain[0] / cell_len(plain[1])
    assert cjk[0] == pytest.approx(per_cell * cell_len(cjk[1].replace("&#160;", " ")), rel=0.01)
    assert "创建网桥" in html.read_text(encoding="utf-8")


def test_record_needs_an_output():
    r = run_netsh("record", "bridge-two-ns")
    assert r.returncode == 2 and "nothing to write" in r.stderr


def test_svg_text_runs_get_their_cell_width():
    from netsh.render.svg import fix_wide_text

    svg = ('<text x="0" textLength="48.8" clip-path="a">创建网桥</text>'
           '<text x="9" textLength="24.4">ab</text><text textLength="36.6">&#160;网</text>')
    fixed = fix_wide_text(svg)
    assert 'textLength="97.6" clip-path="a">创建网桥</text>' in fixed
    assert 'textLength="24.4">ab</text>' in fixed
    assert fix_wide_text('<text textLength="24.4">&#160;网</text>') == '<text textLength="36.6">&#160;网</text>'
