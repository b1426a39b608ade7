"""The fault-injection hook: silent unless asked, then a marker, a wait, and SIGUSR1 to go on."""

import os
import signal
import subprocess
import sys
import time

from netsh import faults

PAUSE_AT_3 = "from netsh.faults import boundary\nfor i in range(5):\n    boundary(i)\nprint('end')"


def test_without_the_variable_nothing_waits_or_prints(monkeypatch, capsys):
    def no_waiting(seconds):
        raise AssertionError("boundary() waited without being asked to")

    monkeypatch.delenv(faults.VARIABLE, raising=False)
    monkeypatch.setattr(faults.time, "sleep", no_waiting)
    for index in range(3):
        faults.boundary(index)
    monkeypatch.setenv(faults.VARIABLE, "7")  # asked for another step: this one passes too
    faults.boundary(0)
    assert capsys.readouterr() == ("", "")


def test_it_stops_at_the_step_asked_for_and_goes_on_with_sigusr1():
    proc = subprocess.Popen([sys.executable, "-c", PAUSE_AT_3], env={**os.environ, faults.VARIABLE: "3"},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = proc.stderr.readline()
    assert line == f"{faults.MARKER} 3 pid={proc.pid}\n"
    time.sleep(0.1)
    assert proc.poll() is None, "it waits"
    os.kill(proc.pid, signal.SIGUSR1)
    assert proc.communicate(timeout=10)[0] == "end\n"
