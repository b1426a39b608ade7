"""Every built-in scenario's exported script passes shellcheck and, run with bash
inside a sandbox netsh prepares like the tutorial's host, reproduces its claims."""

import re
import shutil
import subprocess

import pytest

from conftest import ROOT, kernel_lacks
from netsh import __version__
from netsh.executors.sandbox import SandboxExecutor
from netsh.render.script import export
from netsh.scenario import available

SCENARIOS = sorted(available())


def script_for(name: str, tmp_path):
    path = tmp_path / f"{name}.sh"  # under /tmp: the sandbox shares it, only /run/netns is private
    path.write_text(export(available()[name](), __version__, path.name))
    return path


@pytest.mark.skipif(not shutil.which("shellcheck"), reason="shellcheck is not installed")
@pytest.mark.parametrize("name", SCENARIOS)
def test_export_passes_shellcheck(name, tmp_path):
    r = subprocess.run(["shellcheck", "-s", "bash", str(script_for(name, tmp_path))],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stdout


@pytest.mark.skipif(not ROOT, reason="needs root: runs the script in a real sandbox")
@pytest.mark.parametrize("name", SCENARIOS)
def test_export_reproduces_its_claims_in_a_sandbox(name, tmp_path):
    if any(c.host for s in available()[name]().steps() for c in s.commands):
        pytest.skip("a multi-host scenario: its export lists each machine's commands; no one bash runs them all")
    path = script_for(name, tmp_path)
    with SandboxExecutor() as sandbox:
        for step in sandbox.setup_steps():
            for command in step.commands:
                assert sandbox.run(command).ok, command.display
        r = subprocess.run([*sandbox.prefix, "bash", str(path)], capture_output=True, text=True, timeout=120)
    out = r.stdout + r.stderr
    if kernel_lacks(*available()[name].features):  # the script's preflight says so, as netsh does
        assert r.returncode == 3 and "this kernel lacks" in r.stderr and "== Step 1" not in r.stdout, out
        return
    m = re.search(r"claims held: (\d+), not held: (\d+)", r.stdout)
    assert m and int(m.group(1)) > 0 and m.group(2) == "0", out[-4000:]
    assert r.returncode == 0, out[-4000:]


def test_captured_values_are_restored_where_they_were_read():
    text = export(available()["bridge-learning"](), __version__)
    assert ('[ -n "${old_1:-}" ] && echo "${old_1}" | ip netns exec ns1 dd '
            'of=/proc/sys/net/ipv6/conf/veth0/disable_ipv6 status=none') in text
    assert '[ -n "${old_0:-}" ] && echo "${old_0}" > /proc/sys/net/ipv6/conf/br0/disable_ipv6' in text
    assert "> of=" not in text
    seed = export(available()["bridge-two-ns"](), __version__)
    assert """iptables -P FORWARD "$(awk '$1=="-P" {print $3}' <<<"${old_3}")\"""" in seed


def test_an_outdated_expected_failure_is_judged_by_the_kernel_release():
    text = export(available()["netns-local"](), __version__)
    assert "kernel_at_least() {" in text
    assert "if kernel_at_least 3.16; then\n  if ip link set vx0 netns ns1; then" in text
    assert "kernel_at_least" not in export(available()["bridge-l3"](), __version__)


@pytest.mark.parametrize("release, modern", [("6.18.44-fc-v769", True), ("3.16.0", True),
                                             ("3.10.0-1160.el7.x86_64", False), ("2.6.32", False)])
def test_kernel_at_least_compares_releases(release, modern, tmp_path):
    from netsh.render.script import KERNEL_AT_LEAST

    fake = tmp_path / "uname"
    fake.write_text(f"#!/bin/sh\necho {release}\n")
    fake.chmod(0o755)
    r = subprocess.run(["bash", "-c", f"{KERNEL_AT_LEAST}\nkernel_at_least 3.16"],
                       env={"PATH": f"{tmp_path}:/usr/bin:/bin"})
    assert (r.returncode == 0) == modern
