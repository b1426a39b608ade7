"""One table says which Debian package gives each program (netsh/packages.txt):
netsh's hints, `netsh doctor` and scripts/bootstrap.sh all read it."""

from __future__ import annotations

import subprocess

import pytest

from conftest import REPO
from netsh.command import cmd
from netsh.errors import EnvironmentProblem
from netsh.executors.base import Executor
from netsh.packages import install_hint, package_of, programs


def test_the_table_knows_every_program_netsh_runs():
    table = {name: p.package for name, p in programs().items()}
    assert table["ip"] == table["bridge"] == "iproute2" and table["ping"] == "iputils-ping"
    assert table["fping"] == "fping" and programs()["fping"].optional and not programs()["ip"].optional
    assert package_of("nosuchtool") == "nosuchtool"
    assert install_hint(["ip", "bridge", "nsenter"]) == "Install them: apt-get install iproute2 util-linux"


def test_bootstrap_reads_the_same_table():
    script = f'source {REPO}/scripts/bootstrap.sh; for t in "${{!RUNTIME_TOOLS[@]}}"; do echo "$t ${{RUNTIME_TOOLS[$t]}}"; done'
    out = subprocess.run(["bash", "-c", script], capture_output=True, text=True, check=True).stdout
    assert dict(line.split() for line in out.splitlines()) == {n: p.package for n, p in programs().items()}


def test_a_missing_program_is_named_with_its_own_package(tmp_path):
    import shutil

    from plumbum import local

    # Only setpriv on PATH: it starts every command (the parent-death tether), fping is missing.
    (tmp_path / "setpriv").symlink_to(shutil.which("setpriv"))
    with local.env(PATH=str(tmp_path)), pytest.raises(EnvironmentProblem) as caught:  # plumbum's own PATH
        Executor().run(cmd("fping", "-g", "10.0.0.1", "10.0.0.2"))
    assert "`fping` is not installed" in caught.value.message
    assert caught.value.hint.startswith("Install it: apt-get install fping ")
