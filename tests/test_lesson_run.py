"""Lesson files for real: the README's example in a sandbox (as root and as uid 65534),
hostile parameter values, --on-host refusing a change with no undo, lint and new."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from conftest import NETSH, REPO, needs_root, run_netsh
from hostlike import hostlike
from hostile import PAYLOADS, check_value
from conftest import as_nobody

README_LESSON = "host-to-ns"


def readme_lesson() -> str:
    """The complete lesson in README's "Write your own lesson"."""
    tokens = MarkdownIt("commonmark").parse((REPO / "README.md").read_text())
    found = [t.content for t in tokens if t.type == "fence" and t.info.strip() == "markdown"
             and f"name: {README_LESSON}\n" in t.content]
    assert len(found) == 1
    return found[0]


@pytest.fixture
def example(tmp_path) -> Path:
    path = tmp_path / f"{README_LESSON}.md"
    path.write_text(readme_lesson())
    return path


def test_the_readme_lesson_lints(example):
    r = run_netsh("lint", str(example))
    assert r.returncode == 0 and r.stdout.endswith("ok\n"), r.stdout + r.stderr
    assert "2 steps, 9 commands, 6 claims" in r.stdout


@needs_root
def test_the_readme_lesson_runs_and_every_claim_holds(example, tmp_path, prefix):
    report = tmp_path / "r.json"
    r = run_netsh("run", str(example), "--prefix", prefix, "--report", str(report), timeout=120)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr
    data = json.loads(report.read_text())
    assert data["held"] is True and len(data["claims"]) == 6
    assert data["parameters"]["ns"] == f"{prefix}lab"
    shown = [c["command"] for s in data["steps"] for c in s["commands"]]
    assert f"ip -n {prefix}lab addr add 10.9.0.2/24 dev inside" in shown
    assert f"ip netns add {prefix}lab" in shown


def test_rootless_run_of_a_lesson_file(nobody_can_run_netsh, tag_env):  # noqa: F811
    _, env = tag_env
    shared = Path(tempfile.mkdtemp(prefix="netsh-lesson-"))  # pytest's tmp is root-only
    try:
        shared.chmod(0o755)
        lesson = shared / "bridge-two-ns.md"
        for name in ("bridge-two-ns.md", "bridge-two-ns.zh.md"):
            shutil.copy(REPO / "scenarios" / name, shared / name)
            (shared / name).chmod(0o644)
        out = Path(tempfile.mkdtemp(prefix="netsh-lesson-out-"))
        out.chmod(0o777)
        r = as_nobody(*NETSH, "run", str(lesson), "--lang", "zh", "--report", str(out / "r.json"),
                      timeout=120, env=env)
        assert r.returncode == 0, r.stdout[-3000:] + r.stderr
        data = json.loads((out / "r.json").read_text())
        assert data["held"] is True and data["scenario"] == "bridge-two-ns"
        assert "第 1 步" in r.stdout and "创建网桥" in r.stdout
        shutil.rmtree(out)
    finally:
        shutil.rmtree(shared)


HOSTILE = """\
---
name: hostile
summary: every kind of parameter in every place a lesson can put one
params:
  ns: {type: netns, default: ns1}
  dev: {type: ifname, default: veth0}
  peer: {type: ifname, default: veth1}
  cidr: {type: cidr, default: 10.7.0.1/24}
  net: {type: network, default: 10.7.0.0/24}
  gw: {type: address, default: 10.7.0.254}
  n: {type: int, default: 1}
---
## Everything once: {ns} {dev} {cidr} {net} {gw} {n}

```sh
ip netns add {ns}
ip link add {dev} type veth peer name {peer}
ip link set {dev} netns {ns}
ip netns exec {ns} ip addr add {cidr} dev {dev}
ip -n {ns} link set {dev} up
ip netns exec {ns} ip route add {net} via {gw} dev {dev} onlink
echo 1 > /proc/sys/net/ipv4/conf/{peer}/proxy_arp
ip netns exec {ns} sh -c 'echo 0 > /proc/sys/net/ipv4/conf/{dev}/forwarding'
ip netns exec {ns} ping -c {n} -w 1 {gw}    # fails
ethtool -k {peer} | grep {dev}
```

```claims
address {cidr} on {dev} in {ns}   "{dev} in {ns} has {cidr}"
{ns} cannot reach {gw}            "{ns} cannot reach {gw}"  why-not "{net} {gw}"
sysctl /proc/sys/net/ipv4/conf/{peer}/proxy_arp is 1
```
"""


@pytest.mark.parametrize("field", ["ns", "dev", "peer", "cidr", "net", "gw", "n"])
def test_hostile_values_in_every_lesson_parameter_are_refused_or_one_argv_element(tmp_path, field):
    lesson = tmp_path / "hostile.md"
    lesson.write_text(HOSTILE)
    outcomes = [check_value(str(lesson), field, v) for v in PAYLOADS]
    assert "refused" in outcomes


@needs_root
def test_on_host_refuses_a_change_without_undo_before_anything_runs(tmp_path, prefix):
    lesson = tmp_path / "del.md"
    lesson.write_text(f"---\nname: del\nsummary: s\n---\n## S\n\n```sh\nip netns add {prefix}x\n"
                      "ip link add d0 type dummy\nip link del d0\n```\n")
    with hostlike(prefix) as inside:
        r = run_netsh_inside(inside, "run", str(lesson), "--on-host")
        assert r.returncode == 2, r.stdout + r.stderr
        assert "del.md:10: ip link del d0" in r.stderr and "# undo: COMMAND" in r.stderr
        assert not (Path("/run/netns") / f"{prefix}x").exists()
    # Given its undo, it is accepted (here a dry run: nothing changes).
    lesson.write_text(lesson.read_text().replace("ip link del d0", "ip link del d0  # undo: ip link add d0 type dummy"))
    assert run_netsh("lint", str(lesson)).stdout.count("note:") == 0


def run_netsh_inside(inside, *args):
    import subprocess
    return subprocess.run([*inside, *NETSH, *args], capture_output=True, text=True, timeout=60)


def test_lint_names_the_unknown_undo_and_exits_2_on_errors(tmp_path):
    lesson = tmp_path / "x.md"
    lesson.write_text("---\nname: x\nsummary: s\n---\n## S\n\n```sh\nip link del br0\n```\n")
    r = run_netsh("lint", str(lesson))
    assert r.returncode == 0 and "x.md:8: ip link del br0: netsh knows no undo" in r.stdout
    lesson.write_text("---\nname: x\nsummary: s\n---\n## S\n\n```sh\nip link del br0; reboot\n```\n")
    r = run_netsh("lint", str(lesson))
    assert r.returncode == 2 and "x.md:8:16: `;` needs a shell" in r.stderr
    assert run_netsh("run", str(lesson)).returncode == 2
    assert run_netsh("lint", str(tmp_path / "nothing.md")).returncode == 2
    assert run_netsh("lint", str(REPO / "README.md")).returncode == 2


def test_new_writes_a_starter_that_lints_and_never_overwrites(tmp_path):
    path = tmp_path / "mine.md"
    r = run_netsh("new", "mine", "-o", str(path))
    assert r.returncode == 0, r.stderr
    assert "name: mine" in path.read_text()
    assert run_netsh("lint", str(path)).returncode == 0
    assert run_netsh("new", "mine", "-o", str(path)).returncode == 2
    assert run_netsh("new", "Not A Name").returncode == 2


@needs_root
def test_the_starter_runs(tmp_path, prefix):
    path = tmp_path / "starter.md"
    assert run_netsh("new", "starter", "-o", str(path)).returncode == 0
    r = run_netsh("run", str(path), "--prefix", prefix, "-q", timeout=120)
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr


def test_built_in_lessons_are_package_data():
    text = (REPO / "pyproject.toml").read_text()
    assert '"netsh.scenarios" = ["*.md"]' in text
    r = run_netsh("list", "--json")
    assert "bridge-two-ns" in {e["name"] for e in json.loads(r.stdout)}


@needs_root
def test_required_tools_and_kernel_stop_the_run_before_step_1(tmp_path, prefix):
    lesson = tmp_path / "req.md"
    base = "---\nname: req\nsummary: s\nrequires: REQ\n---\n## S\n\n```sh\nip netns add " + prefix + "x\n```\n"
    lesson.write_text(base.replace("REQ", "{tools: [no-such-tool-here]}"))
    r = run_netsh("run", str(lesson))
    assert r.returncode == 3 and "needs no-such-tool-here" in r.stderr, r.stderr
    lesson.write_text(base.replace("REQ", "{kernel: '>=99.0'}"))
    r = run_netsh("run", str(lesson))
    assert r.returncode == 3 and "needs Linux >=99.0; this is Linux" in r.stderr, r.stderr
    lesson.write_text(base.replace("REQ", "{kernel: '>=2.6'}"))
    assert run_netsh("run", str(lesson), "-q").returncode == 0


@needs_root
def test_check_takes_a_lesson_file(example, tmp_path, prefix):
    out = tmp_path / "c.json"
    r = run_netsh("check", str(example), "--json", str(out), timeout=180)
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr
    data = json.loads(out.read_text())
    assert [s["scenario"] for s in data["scenarios"]] == [README_LESSON] and data["held"] is True
