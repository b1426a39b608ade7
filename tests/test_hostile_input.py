"""Hostile input: every parameter of every scenario, fed arbitrary strings.

Each value is either refused up front (exit 2, nothing created) or reaches
every command as one intact argv element, in netsh's own runs and in the
exported bash script. The script is checked by running it: each tool it uses is
a shell function that logs its argv, and PATH is empty, so the log is exactly
the argv lists the script would run, and an injected `touch` fails with
"command not found". Then, for real, a script full of shell metacharacters runs
in a netsh sandbox and creates no sentinel file.
"""

from __future__ import annotations

import os
import shlex
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import faultkit as fk
from conftest import needs_root
from netsh.cli.app import app

from hostile import FIELDS, PAYLOADS, SCENARIOS, check_value, commands_of, runner

@pytest.mark.parametrize("name,field", FIELDS)
def test_known_payloads_in_every_parameter(name, field):
    outcomes = [check_value(name, field, v) for v in PAYLOADS]
    assert "refused" in outcomes  # every type refuses something here ("", "a\x00b")


NASTY = st.text(alphabet=st.sampled_from(list("$`;|&<>(){}[]*?!~#'\"\\ \t\n=%^-_.:/@aZ09é") + ["\x00", "\x1b"]),
                max_size=18)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(FIELDS), st.one_of(st.text(max_size=20), NASTY))
def test_arbitrary_strings_are_refused_or_quoted(name_field, value):
    check_value(*name_field, value)


def test_the_literal_from_the_issue_is_refused_before_anything_runs(tmp_path):
    sentinel = Path("/tmp/pwned")
    assert not sentinel.exists()
    before = fk.descendants(os.getpid())
    for name, field in FIELDS:
        result = runner.invoke(app, ["run", name, "-p", f"{field}=x; touch /tmp/pwned"])
        assert result.exit_code == 2, (name, field, result.output)
        assert "netsh: " in result.output
    fk.tally(inputs=len(FIELDS), refused=len(FIELDS), injections=int(sentinel.exists()))
    assert fk.descendants(os.getpid()) == before, "no sandbox, no command was started"
    assert not sentinel.exists()


@needs_root
def test_an_exported_script_full_of_metacharacters_runs_for_real_and_injects_nothing(tmp_path):
    """The seed with shell-active names, exported, then run by bash in a netsh sandbox."""
    from netsh.executors.sandbox import SandboxExecutor

    values = {"bridge": "$(touch${IFS}p)", "veth1": "`touch${IFS}p`", "veth3": ";touch${IFS}p;",
              "veth0": "x|touch${IFS}p", "veth2": "';touch${IFS}p'"}
    args = [a for k, v in values.items() for a in ("-p", f"{k}={v}")]
    result = runner.invoke(app, ["export", "bridge-two-ns", *args, "-o", str(tmp_path / "s.sh")])
    assert result.exit_code == 0, result.output
    script = tmp_path / "s.sh"
    assert subprocess.run(["bash", "-n", str(script)]).returncode == 0
    with SandboxExecutor() as ex:
        for step in ex.setup_steps():  # the tutorial's server: uplink, default route, forwarding
            for c in step.commands:
                assert ex.run(c).ok, c.display
        r = subprocess.run([*ex.prefix, "bash", "-c", 'cd "$1" && bash "$2"', "_", str(tmp_path), str(script)],
                           capture_output=True, text=True, timeout=120)
    ran = (tmp_path / "p").exists() or Path("/p").exists() or "command not found" in r.stderr
    fk.tally(inputs=len(values), injections=int(ran), real_script_runs=1)
    assert not (tmp_path / "p").exists() and not Path("/p").exists(), "the payload ran"
    assert "command not found" not in r.stderr and "syntax error" not in r.stderr, r.stderr[-2000:]
    assert "claims held:" in r.stdout and ", not held: 0" in r.stdout, r.stdout[-3000:] + r.stderr[-2000:]
    for v in values.values():
        assert shlex.quote(v) in script.read_text()


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_no_shell_in_what_netsh_runs(name):
    """Every command, probe, undo and capture runs as an argv list: no `sh -c`, no `bash`."""
    sc = SCENARIOS[name]()
    for step in sc.steps():
        for item in (*step.commands, *step.claims):
            for c in commands_of(item):
                argv = c.argv()
                assert not {"sh", "bash", "dash", "zsh"} & {Path(a).name for a in argv}, c.display


# ---- tools that do not speak JSON ---------------------------------------------

OLD_IP = """#!/bin/sh
# iproute2 from before JSON output (< 4.15): refuses -j, otherwise the real ip.
for a in "$@"; do
  case "$a" in
    -j) echo 'Option "-j" is unknown, try "ip -help".' >&2; exit 255;;
    -V) echo "ip utility, iproute2-ss161212"; exit 0;;
  esac
done
exec {real} "$@"
"""


def test_output_that_is_not_json_names_the_tool():
    from netsh.errors import BadToolOutput
    from netsh.state import load

    for text in ("<html>", "{'a': 1}", "[1, 2", "link 1: lo"):
        with pytest.raises(BadToolOutput) as err:
            load(text, "ip")
        assert err.value.exit_code == 3 and "ip printed something that is not JSON" in err.value.message
        assert "iproute2 >= 4.15" in err.value.hint


@needs_root
def test_an_iproute2_too_old_for_json_stops_the_run_naming_tool_and_version(tmp_path):
    import shutil

    fake = tmp_path / "bin" / "ip"
    fake.parent.mkdir()
    fake.write_text(OLD_IP.format(real=shutil.which("ip")))
    fake.chmod(0o755)
    env = {**os.environ, "PATH": f"{fake.parent}:{os.environ['PATH']}"}
    from conftest import NETSH

    r = subprocess.run([*NETSH, "run", "bridge-two-ns"], capture_output=True, text=True, env=env, timeout=60)
    assert r.returncode == 3, r.stdout + r.stderr
    assert "ip (ip utility, iproute2-ss161212) gives no JSON" in r.stderr and "iproute2 >= 4.15" in r.stderr


# ---- nothing is loaded from the current directory ------------------------------

def test_files_in_the_current_directory_are_never_imported(tmp_path):
    """Files shadowing what netsh imports, or named like scenarios, sit in the working
    directory; the `netsh` command imports none of them (a scenario file runs only when
    given by path, and then netsh says it is code)."""
    import sys

    sentinel = tmp_path / "imported"
    for name in ("typer", "rich", "plumbum", "netsh_scenarios", "scenarios", "bridge_two_ns", "my_lab",
                 "conftest", "sitecustomize", "usercustomize"):
        (tmp_path / f"{name}.py").write_text(f"open({str(sentinel)!r}, 'a').write({name!r} + '\\n')\n")
    netsh = Path(sys.executable).parent / "netsh"
    for args in (["list"], ["show", "bridge-two-ns"], ["run", "bridge-two-ns", "--dry-run"], ["run", "my_lab"]):
        r = subprocess.run([str(netsh), *args], cwd=tmp_path, capture_output=True, text=True, timeout=60)
        assert not sentinel.exists(), f"netsh {' '.join(args)} imported {sentinel.read_text()!r}"
        assert r.returncode in (0, 2), r.stderr
    r = subprocess.run([str(netsh), "show", "./my_lab.py"], cwd=tmp_path, capture_output=True, text=True)
    assert sentinel.read_text() == "my_lab\n", "a file given by path is loaded, and only that one"
    assert "is Python code and runs with your privileges" in r.stderr
