"""Hostile values fed through netsh: payloads, and the check that each one is refused (exit 2)
or carried as one intact argv element in what netsh runs and exports. Shared by the tests of
Python scenarios and lesson files."""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from pathlib import Path

from typer.testing import CliRunner

import faultkit as fk
from conftest import ROOT
from netsh import params as P
from netsh.claims.base import Claim
from netsh.cli.app import app
from netsh.cli.options import load_scenario
from netsh.errors import UsageError
from netsh.features import known
from netsh.render.script_claims import script_check
from netsh.scenario import available

SCENARIOS = available()
FIELDS = [(name, f.name) for name, cls in sorted(SCENARIOS.items()) for f in P.fields(cls.Params)]

# Values an interface name may legally hold that a shell would act on, and some it must refuse.
PAYLOADS = ["$(touch${IFS}p)", "`touch${IFS}p`", ";touch${IFS}p", "x|touch${IFS}p&", "';touch${IFS}p'",
            '";touch${IFS}p"', ">p", "*", "~!!#", "$HOME${IFS}", "\\", "$((1/0))", "-x", "x; touch /tmp/pwned",
            "a\nb", "a\x00b", "\x1b[2J", "", "..", "x" * 16, "é" * 8, "1.2.3.4/33", "192.168.10.10/24", "4"]

# What the exported script may run besides the scenario's own commands.
SCRIPT_HELPERS = {("uname", "-r"), ("sort", "-V", "-C")}
# Text tools the script judges claims with; their argv carry values as data (a value to
# compare, `awk -v`), never as code, so only the tool itself is checked.
JUDGING_TOOLS = {"awk", "cat", "grep", "paste", "sed", "sort", "tail", "tr"}



def _stubs(names) -> str:
    """Shell functions standing in for the tools: each logs its argv and does nothing.
    Anything else the script starts finds an empty PATH: `command not found`."""
    return "".join(f"{n}() {{ printf '%s\\0' \"$((1 + $#))\" {n} \"$@\" >> \"$NETSH_ARGV_LOG\"; }}\n"
                   for n in sorted(names))


runner = CliRunner()


def commands_of(item):
    """Every command a step or claim can run or show, with their undos and captures."""
    if isinstance(item, Claim):
        # the reads shown when the claim does not hold are run too
        for c in (*item.probes(), *script_check(item).hints):
            yield from commands_of(c)
        return
    yield item
    if item.undo is not None:
        yield from (c for c in (item.undo.command, item.undo.capture) if c is not None)


def expected_argvs(sc) -> tuple[set, set]:
    """(everything the script may run, what it must run: the steps' own commands)."""
    may, must = set(SCRIPT_HELPERS), set()
    may.update(f.probe().argv() for f in known(sc.features))  # the script's kernel-feature preflight
    for step in sc.steps():
        for c in step.commands:
            if c.shell is None:
                must.add(c.argv())
            elif not {"|", ">"} & set(shlex.split(c.shell)):  # exported as a lesson writes it (`ip -n NS`)
                may.add(tuple(shlex.split(c.shell)))
            if c.grep is not None:
                may.add(("grep", c.grep))
        for item in (*step.commands, *step.claims):
            may.update(c.argv() for c in commands_of(item))
    return may | must, must


def _parse_log(raw: bytes) -> list[tuple[str, ...]]:
    parts = raw.split(b"\0")[:-1]
    out, i = [], 0
    while i < len(parts):
        n = int(parts[i])
        out.append(tuple(p.decode() for p in parts[i + 1:i + 1 + n]))  # the command, then its arguments
        i += n + 1
    return out


def run_script_logged(script: str, tools) -> tuple[list[tuple[str, ...]], subprocess.CompletedProcess]:
    """Run an exported script with no external command available, as nobody, in a
    fresh empty network namespace (belt and braces); return the argv lists it tried."""
    with tempfile.TemporaryDirectory() as tmp:
        os.chmod(tmp, 0o777)
        path, log = Path(tmp) / "s.sh", Path(tmp) / "argv.log"
        path.write_text(_stubs(tools) + script)
        log.touch()
        os.chmod(log, 0o666)
        empty = Path(tmp) / "bin"
        empty.mkdir()
        prefix = ["unshare", "--net", "--", "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] \
            if ROOT else []
        r = subprocess.run([*prefix, "env", "-i", f"PATH={empty}", f"HOME={tmp}", f"NETSH_ARGV_LOG={log}",
                            "/bin/bash", "--noprofile", "--norc", str(path)],
                           cwd=tmp, capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
        leftovers = sorted(set(os.listdir(tmp)) - {"s.sh", "argv.log", "bin"})
        assert not leftovers, f"the script created {leftovers}"
        return _parse_log(log.read_bytes()), r


def check_value(name: str, field: str, value: str) -> str:
    """Feed one value to one parameter through the CLI; 'refused' or 'quoted'."""
    try:
        sc = load_scenario(name, [f"{field}={value}"])
    except UsageError:
        fk.tally(inputs=1, refused=1)
        result = runner.invoke(app, ["show", name, "-p", f"{field}={value}"])
        assert result.exit_code == 2 and result.output.startswith("netsh: "), (value, result.output)
        return "refused"
    for step in sc.steps():  # netsh's own runs: each value one intact argv element
        for c in step.commands:
            assert all(isinstance(a, str) and "\0" not in a for a in c.argv())
    if getattr(sc, "hosts", None):  # a script runs on one host: these are shown, not exported
        fk.tally(inputs=1)
        assert runner.invoke(app, ["show", name, "-p", f"{field}={value}"]).exit_code == 0
        return "quoted"
    result = runner.invoke(app, ["export", name, "-p", f"{field}={value}"])
    assert result.exit_code == 0, (value, result.output, result.exception)
    may, must = expected_argvs(sc)
    logged, run = run_script_logged(result.output, {argv[0] for argv in may} | JUDGING_TOOLS)
    unexpected = [argv for argv in logged if argv not in may and argv[0] not in JUDGING_TOOLS]
    fk.tally(inputs=1, injections=int(bool(unexpected) or "command not found" in run.stderr))
    assert not unexpected, f"{field}={value!r}: the script ran {unexpected}"
    assert must <= set(logged), f"{field}={value!r}: never ran {sorted(must - set(logged))[:3]}"
    assert "command not found" not in run.stderr and "syntax error" not in run.stderr, (value, run.stderr[-2000:])
    assert "claims held:" in run.stdout, (value, run.stdout[-2000:], run.stderr[-2000:])
    return "quoted"
