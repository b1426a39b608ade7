"""`netsh export --format killercoda`: the folder has the fields Killercoda documents
(github.com/killercoda/scenario-examples), every command is clickable, every script
passes bash -n and shellcheck, and on a stand-in for Killercoda's VM each step's
verify script passes once the step's commands ran (and says why before)."""

import json
import re
import shutil
import subprocess

import pytest
from markdown_it import MarkdownIt

from conftest import ROOT, run_netsh
from netsh import __version__
from netsh.executors.sandbox import SandboxExecutor
from netsh.render.killercoda import export
from netsh.scenario import available

SINGLE_HOST = sorted(name for name, cls in available().items() if not cls.hosts)
COUNTS = re.compile(r"claims held: (\d+), not held: (\d+), cannot tell: (\d+)")


def write(name: str, folder) -> dict:
    files = export(available()[name](), __version__)
    for rel, text in files.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_text(text)
    return files


def exec_commands(text_md: str) -> list[str]:
    """The commands a step's text makes clickable: inline code followed by {{exec}}."""
    found = []
    for token in MarkdownIt().parse(text_md):
        children = token.children or []
        for code, after in zip(children, children[1:]):
            if code.type == "code_inline" and after.type == "text" and after.content.startswith("{{exec}}"):
                found.append(code.content)
    return found


@pytest.mark.parametrize("name", SINGLE_HOST)
def test_index_json_has_the_documented_fields(name, tmp_path):
    files = write(name, tmp_path)
    index = json.loads(files["index.json"])
    assert set(index) == {"title", "description", "details", "backend"}
    assert index["title"] == name and index["description"]
    assert index["backend"] == {"imageid": "ubuntu"}
    details = index["details"]
    assert set(details) == {"intro", "steps", "finish"}
    assert set(details["intro"]) <= {"title", "text", "background", "foreground"}
    assert set(details["finish"]) <= {"title", "text"} and details["finish"]["text"]
    steps = details["steps"]
    assert len(steps) == len(available()[name]().plan)
    for n, step in enumerate(steps, 1):
        assert step == {"title": step["title"], "text": f"step{n}/text.md", "verify": f"step{n}/verify.sh"}
        assert step["title"]
    referenced = {details["intro"][k] for k in ("text", "background", "foreground")} | {details["finish"]["text"]}
    referenced |= {s[k] for s in steps for k in ("text", "verify")}
    assert referenced | {"index.json"} == set(files), "every file is referenced, every reference exists"


@pytest.mark.parametrize("name", SINGLE_HOST)
def test_every_command_is_clickable_in_order(name):
    sc = available()[name]()
    files = export(sc, __version__)
    for n, step in enumerate(sc.plan, 1):
        text = files[f"step{n}/text.md"]
        assert exec_commands(text) == [c.display for c in step.commands]
        assert all(str(claim.text) in text for claim in step.claims)


def test_intro_states_the_host_assumptions_and_finish_says_what_was_done(tmp_path):
    sc = available()["bridge-two-ns"]()
    files = export(sc, __version__)
    intro = files["intro/text.md"]
    assert str(sc.summary) in intro and all(str(a) in intro for a in sc.assumptions)
    assert "netsh-lab" in intro and "forwarding on" in intro
    assert "ip route add default via 203.0.113.1" in files["intro/background.sh"]
    assert all(str(step.title) in files["finish/text.md"] for step in sc.plan)


@pytest.mark.skipif(not shutil.which("shellcheck"), reason="shellcheck is not installed")
@pytest.mark.parametrize("name", SINGLE_HOST)
def test_every_script_passes_bash_n_and_shellcheck(name, tmp_path):
    files = write(name, tmp_path)
    scripts = [str(tmp_path / rel) for rel in files if rel.endswith(".sh")]
    for script in scripts:
        r = subprocess.run(["bash", "-n", script], capture_output=True, text=True)
        assert r.returncode == 0, (script, r.stderr)
    r = subprocess.run(["shellcheck", "-s", "bash", *scripts], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout


def test_cli_writes_the_folder_and_refuses_what_it_cannot_write(tmp_path):
    r = run_netsh("export", "bridge-l3", "--format", "killercoda", "-o", str(tmp_path / "kc"))
    assert r.returncode == 0 and (tmp_path / "kc" / "index.json").exists(), r.stderr
    assert (tmp_path / "kc" / "step1" / "verify.sh").stat().st_mode & 0o111
    assert run_netsh("export", "bridge-l3", "--format", "killercoda").returncode == 2
    (tmp_path / "file").write_text("")
    assert run_netsh("export", "bridge-l3", "--format", "killercoda", "-o", str(tmp_path / "file")).returncode == 2
    r = run_netsh("export", "vxlan-two-hosts", "--format", "killercoda", "-o", str(tmp_path / "vx"))
    assert r.returncode == 2 and "2 hosts" in r.stderr


STUBS = {"modprobe": "exit 0", "apt-get": "exit 0"}  # the test machine's modules and packages stay as they are


def play(folder, steps: int, tmp_path) -> subprocess.CompletedProcess:
    """Killercoda's part, on this machine: the intro's background script, then for each step
    the step's clickable commands typed where the terminal is (inside netsh-lab) and its
    verify script run from outside, as Killercoda runs it. The first verify runs once
    before anything was typed. All in a sandbox with a private /run."""
    stubs = tmp_path / "stubs"
    stubs.mkdir()
    for tool, body in STUBS.items():
        (stubs / tool).write_text(f"#!/bin/sh\n{body}\n")
        (stubs / tool).chmod(0o755)
    lines = [f"export PATH={stubs}:$PATH", f"bash {folder}/intro/background.sh || exit 9",
             f'bash {folder}/step1/verify.sh; echo "verify before: $?"']
    for n in range(1, steps + 1):
        typed = tmp_path / f"typed{n}.sh"
        typed.write_text("".join(f"{c} || true\n" for c in exec_commands((folder / f"step{n}/text.md").read_text())))
        lines += [f"nsenter --net=/run/netns/netsh-lab bash {typed} >/dev/null 2>&1",
                  f'bash {folder}/step{n}/verify.sh; echo "verify {n}: $?"']
    driver = tmp_path / "driver.sh"
    driver.write_text("\n".join(lines) + "\n")
    private_run = f"mount -t tmpfs tmpfs /run && mkdir /run/netns && exec bash {driver}"
    with SandboxExecutor() as sandbox:
        return subprocess.run([*sandbox.prefix, "unshare", "--mount", "--propagation", "private",
                               "sh", "-c", private_run], capture_output=True, text=True, timeout=300)


@pytest.mark.skipif(not ROOT, reason="needs root: plays the lesson in a real sandbox")
@pytest.mark.parametrize("name", ["bridge-two-ns", "veth-two-ns"])
def test_each_verify_passes_after_its_step_and_says_why_before(name, tmp_path):
    sc = available()[name]()
    write(name, tmp_path / "kc")
    r = play(tmp_path / "kc", len(sc.plan), tmp_path)
    out = r.stdout + r.stderr
    assert "verify before: 1" in r.stdout and "✗" in r.stdout.split("verify before")[0], out[-4000:]
    for n in range(1, len(sc.plan) + 1):
        assert f"verify {n}: 0" in r.stdout, out[-4000:]
    # The claims netsh checks, less the expected failures (judged as the learner types them).
    report = tmp_path / "report.json"
    run_netsh("run", name, "--report", str(report), timeout=120)
    marks = [c["held"] for c in json.loads(report.read_text())["claims"]
             if not c["claim"].endswith("` fails")]
    counts = [tuple(map(int, m)) for m in COUNTS.findall(r.stdout)][1:]  # after "verify before"
    assert tuple(map(sum, zip(*counts))) == (marks.count(True), marks.count(False), marks.count(None))
