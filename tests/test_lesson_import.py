"""`netsh import`: drafts from the seed tutorial, from Markdown, and from netsh's own exports."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import run_netsh
from netsh import __version__
from netsh.scenario import lesson_file as scenario_class
from netsh.lesson.importer import draft
from netsh.render.script import export
from golden import SEED, SEED_FILE


def _draft_of(tmp_path: Path, name: str, text: str):
    src = tmp_path / name
    src.write_text(text)
    out = tmp_path / (Path(name).stem + "-draft.md")
    out.write_text(draft(src))
    return scenario_class(out)()


def _norm(display: str) -> str:
    return " ".join(display.replace("|", " | ").split())


def test_the_seed_draft_holds_every_seed_command_in_order_and_lints(tmp_path):
    # Beside the repository; from a worktree in /work/wt/NAME, two levels further up.
    folders = [SEED_FILE, SEED_FILE.parents[2] / "shared" / "seed"]
    files = [f for d in folders if d.is_dir() for f in d.glob("*.txt")]
    if not files:
        pytest.skip("the seed lives beside the repository (../shared/seed), not in it")
    out = tmp_path / "seed.md"
    r = run_netsh("import", str(files[0]), "-o", str(out))
    assert r.returncode == 0, r.stderr
    assert run_netsh("lint", str(out)).returncode == 0
    sc = scenario_class(out)()
    commands = [_norm(c.display) for s in sc.plan for c in s.commands]
    assert commands == [_norm(line) for line in SEED]  # every one, in order, and nothing else
    moved = next(c for s in sc.plan for c in s.commands if c.display == "ip link set br0 netns ns1")
    assert moved.fails is not None and moved.fails.match("RTNETLINK answers: Invalid argument")
    assert "netsh import: check this" in out.read_text()


def test_a_markdown_tutorial_with_prompts_inline_code_and_pings(tmp_path):
    sc = _draft_of(tmp_path, "t.md", """\
# Bridges

## Make a bridge

Run `ip link add br0 type bridge` first, then:

```console
[root@host ~]# ip link set br0 up
$ ip link show br0
4: br0: <BROADCAST,MULTICAST,UP> mtu 1500
```

## Ping it

```
# ip netns exec ns1 ping -c 1 10.0.0.1
$ docker run --rm alpine true
$ ip link set br0 netns ns1
Error: The interface netns is immutable.
```
""")
    one, two = sc.plan
    assert one.title == "Make a bridge"
    assert [c.display for c in one.commands] == ["ip link add br0 type bridge", "ip link set br0 up",
                                                 "ip link show br0"]
    assert [c.display for c in two.commands] == ["ip netns exec ns1 ping -c 1 10.0.0.1", "ip link set br0 netns ns1"]
    assert two.commands[1].fails.match("Error: The interface netns is immutable.")
    assert (two.claims[0].src, two.claims[0].target) == ("ns1", "10.0.0.1")


def test_lines_netsh_cannot_run_are_kept_aside_with_the_reason(tmp_path):
    src = tmp_path / "t.txt"
    src.write_text("Set it up:\n\nip link add br0 type bridge\nip link show | sort\n")
    text = draft(src)
    assert "ip link show | sort    (netsh cannot run this line: `|` needs a shell)" in text
    assert run_netsh("import", str(tmp_path / "none.txt")).returncode == 2


# -- lesson -> export -> import -> lint is stable ---------------------------------------------------

NAMES = st.sampled_from(["ns1", "red", "lab-2", "a.b"])
ADDRS = st.sampled_from(["10.1.0.1", "10.1.0.2", "192.168.7.9"])
TITLES = st.sampled_from(["Make it", "两个命名空间", "Braces {{x}}", "It's {ns}"])
COMMANDS = [
    "ip netns add {ns}", "ip link add br0 type bridge", "ip link set br0 up", "ip -n {ns} link set lo up",
    "ip link add v0 type veth peer name v1", "ip link set v0 netns {ns}",
    "ip netns exec {ns} ip addr add {addr} dev v0", "ip route add 10.9.0.0/24 dev br0 scope link",
    "echo 1 > /proc/sys/net/ipv4/ip_forward", "sysctl -w net.ipv4.conf.all.forwarding=1", "iptables -P FORWARD DROP",
    "ip link set br0 netns {ns}    # fails", "ethtool -k br0 | grep netns-local", "bridge fdb show",
    "ip netns exec {ns} ip route",
]


@st.composite
def lessons(draw) -> str:
    steps = []
    for _ in range(draw(st.integers(1, 3))):
        cmds = draw(st.lists(st.sampled_from(COMMANDS), min_size=1, max_size=5))
        pings = draw(st.lists(st.tuples(st.sampled_from(["host", "{ns}"]), ADDRS, st.booleans()), max_size=2))
        claims = [f"{src} {'reaches' if ok else 'cannot reach'} {target}" for src, target, ok in pings]
        block = f"```claims\n{chr(10).join(claims)}\n```\n" if claims else ""
        steps.append(f"## {draw(TITLES)}\n\nWhy {{ns}} matters.\n\n```sh\n{chr(10).join(cmds)}\n```\n\n{block}")
    front = (f"---\nname: prop\nsummary: generated\nparams:\n  ns: {{type: netns, default: {draw(NAMES)}}}\n"
             f"  addr: {{type: cidr, default: {draw(ADDRS)}/24}}\n---\n\n")
    return front + "\n".join(steps)


def _shape(sc):
    return [(s.title, [(c.display, c.fails is not None) for c in s.commands],
             [(c.src, c.target, c.expect) for c in s.claims]) for s in sc.plan]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lessons())
def test_lesson_export_import_lint_is_stable(tmp_path, text):
    lesson = tmp_path / "prop.md"
    lesson.write_text(text)
    original = scenario_class(lesson)()
    script = tmp_path / "prop.sh"
    script.write_text(export(original, __version__, "prop.sh"))
    first = tmp_path / "first.md"
    first.write_text(draft(script))
    again = scenario_class(first)()          # the draft lints
    assert _shape(again) == _shape(original)  # same steps, commands, failures, reach claims
    script.write_text(export(again, __version__, "prop.sh"))
    assert draft(script) == first.read_text()  # and a second round changes nothing
