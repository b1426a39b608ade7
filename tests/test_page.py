"""Lesson pages, the pure parts: escaping, the per-step pictures' marks, the
languages a page offers, the vendored player, usage errors. The real run in a
real browser is tests/test_page_browser.py."""

from __future__ import annotations

import json
from dataclasses import replace
from importlib import resources
from pathlib import Path
from types import SimpleNamespace

from conftest import run_netsh
from netsh.claims import Verdict
from netsh.command import Result, cmd
from netsh.events import ClaimChecked, CommandRan, CommandStarted, Outcome, StepFinished, StepStarted
from netsh.i18n import tr
from netsh.render.graph import to_dot
from netsh.render.page.build import build_page
from netsh.render.page.capture import Capture, StepLog
from netsh.render.page.pictures import highlighted, notes
from netsh.render.page.words import languages
from netsh.scenario import find
from netsh.why.evidence import Evidence, Hop
from netsh.state.snapshot import Snapshot

DATA = Path(__file__).parent / "data"
EVIL = "<script>alert(1)</script>&</pre>"


def hostile_capture() -> Capture:
    """bridge-two-ns's first step, as if its command printed markup and its claim quoted some."""
    sc = find("bridge-two-ns")()
    step = sc.plan[0]
    command = cmd("echo", EVIL)
    result = Result(command, 0, stdout=EVIL, stderr="<!-- -->")
    claim = ClaimChecked(1, tr(f"claim {EVIL}", zh=f"论断 {EVIL}"), Verdict(False, f"observed {EVIL}", why=EVIL))
    events = [StepStarted(1, step), CommandStarted(1, command), CommandRan(1, result), claim, StepFinished(1, step)]
    log = StepLog(1, step, False, [result], [claim])
    return Capture(sc, "sandbox", {"kernel": EVIL}, Outcome([claim]), events, [log], [], None, {})


def test_every_text_from_a_run_is_escaped():
    page = build_page(hostile_capture()).html
    assert "<script>alert(1)" not in page and "<!-- -->" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&amp;&lt;/pre&gt;" in page  # in the output, claim, evidence
    # Scripts: the two recordings (JSON, `<` written as \u003c), the player, the page's own.
    assert page.count("<script") == page.count("</script>") == 4
    start = page.index('id="cast-en">') + len('id="cast-en">')
    cast = json.loads(page[start:page.index("</script>", start)])
    assert EVIL in cast  # the recording keeps the real output, as a terminal would show it


def test_the_evidence_of_where_packets_went_is_listed():
    cap = hostile_capture()
    drop = Hop("host", "br0", "forward", "drop")
    evidence = Evidence(hops=(Hop("ns1", "veth0", "route", "sent"), drop), stopped=drop,
                        reason="dropped by filter FORWARD policy drop in host", sources=("nft trace", "sysctl"))
    claim = cap.steps[0].claims[0]
    cap.steps[0].claims[0] = replace(claim, verdict=replace(claim.verdict, evidence=evidence))
    page = build_page(cap).html
    assert "<li><code>ns1/veth0 route sent</code></li><li><code>host/br0 forward drop</code></li>" in page
    assert "dropped by filter FORWARD policy drop in host" in page and "nft trace, sysctl" in page


def test_a_stopped_run_still_lists_every_step_and_says_which_never_ran():
    page = build_page(hostile_capture()).html
    assert page.count('<section class="step"') == len(find("bridge-two-ns")().plan)
    assert page.count("did not finish, so there is no picture") == 1  # step 1: no state read after it
    assert page.count("The run stopped before this step.") == len(find("bridge-two-ns")().plan) - 1


def test_a_not_held_claim_shows_its_symbol_word_and_reason():
    page = build_page(hostile_capture()).html
    assert "<strong><span class=\"l-en\" lang=\"en\">why:</span>" in page
    assert 'data-state="not_held"' in page
    assert '<span class="mark" aria-hidden="true">✗</span> <span class="l-en" lang="en">not held</span>' in page
    assert "1 not held" in page and "0 of 1 claims held" in page


def snapshot() -> Snapshot:
    return Snapshot.from_json(json.loads((DATA / "snapshot_bridge_two_ns.json").read_text()))


def test_a_picture_marks_what_the_step_added_and_notes_what_no_box_shows():
    after = snapshot()
    host = after.ns("host")
    before_host = replace(host, ifaces=tuple(replace(i, master=None) for i in host.ifaces if i.name != "br0"),
                          routes=tuple(r for r in host.routes if r.dst != "192.168.10.0/24"),
                          sysctls=tuple((k, "0" if k == "br0/proxy_arp" else v) for k, v in host.sysctls))
    before = replace(after, namespaces=tuple(before_host if n.name == "host" else n for n in after.namespaces),
                     forward_policy="ACCEPT")
    topo = highlighted(before, replace(after, forward_policy="DROP"), ())
    marks = {n.name: n.mark for n in topo.nodes}
    assert marks["br0"] == "new" and marks["veth1"] == "" and marks["veth0"] == ""
    assert {(e.a, e.b) for e in topo.edges if e.new} == {("host__veth1", "host__br0"), ("host__veth3", "host__br0")}
    assert ("host", "+ route 192.168.10.0/24 dev br0") in topo.notes
    assert ("host", "iptables FORWARD policy ACCEPT → DROP") in topo.notes
    dot = to_dot(topo)
    assert '"new: br0 · bridge"' in dot and "shape=note" in dot and 'label="new port"' in dot


def test_notes_leave_out_what_the_boxes_show_and_the_learned_entries():
    lines = ["+ ns1: link veth0 (veth, up)", "+ ns1: addr 10.0.0.1/24 dev veth0", "+ ns1: neigh 10.0.0.2 dev veth0",
             "+ ns1: route default via 10.0.0.2 dev veth0", "ns1: link veth0 down → up", "ip_forward 1 → 0",
             "+ fdb 02:00:00:00:00:01 dev veth1 master br0"]
    assert notes(lines) == (("ns1", "+ route default via 10.0.0.2 dev veth0"), ("ns1", "link veth0 down → up"),
                            ("host", "ip_forward 1 → 0"))


def test_a_page_offers_the_languages_its_scenario_is_written_in():
    assert languages(find("bridge-two-ns")()) == ("en", "zh")
    plain = SimpleNamespace(summary="s", assumptions=(), plan=[SimpleNamespace(title="t", narration="n")])
    assert languages(plain) == ("en",)


def test_the_player_is_vendored_with_its_licence_and_version():
    vendor = resources.files("netsh.render.page").joinpath("vendor/asciinema-player")
    assert "Apache License" in vendor.joinpath("LICENSE").read_text()
    version = vendor.joinpath("VERSION").read_text().strip()
    assert version.count(".") == 2
    assert "AsciinemaPlayer" in vendor.joinpath("asciinema-player.min.js").read_text()
    assert ".ap-player" in vendor.joinpath("asciinema-player.css").read_text()
    pyproject = (Path(__file__).parents[1] / "pyproject.toml").read_text()
    assert '"netsh.render.page" = ["templates/*", "vendor/asciinema-player/*"]' in pyproject


def test_record_takes_several_scenarios_only_for_a_site(tmp_path):
    r = run_netsh("record", "bridge-two-ns", "bridge-l3", "--page", str(tmp_path / "p.html"))
    assert r.returncode == 2 and "Give several only with --site" in r.stderr
    r = run_netsh("record", "bridge-two-ns", "--site", str(tmp_path), "--page", str(tmp_path / "p.html"))
    assert r.returncode == 2 and "--site writes pages only" in r.stderr
    r = run_netsh("record", "bridge-two-ns", "no-such-lesson", "--site", str(tmp_path / "site"))
    assert r.returncode == 2 and not (tmp_path / "site").exists()


def test_a_long_output_is_folded_but_kept_whole():
    cap = hostile_capture()
    log = cap.steps[0]
    log.commands[0] = replace(log.commands[0], stdout="\n".join(f"line {i}" for i in range(40)), stderr="")
    page = build_page(cap).html
    assert '<span class="l-en" lang="en">40 lines of output</span>' in page
    assert "line 0\n" in page and "line 39</code></pre>" in page
