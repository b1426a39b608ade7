"""The on-host undo journal: written and flushed before each change; a damaged
journal is reported (exit 3) by `netsh cleanup` and `netsh run --on-host`,
never passed over."""

import json
import os
import subprocess
import sys
from dataclasses import dataclass

import pytest

import faultkit as fk
from conftest import NETSH, needs_root
from netsh.command import Creates, Result, Undo, cmd
from netsh.errors import JournalError
from netsh.executors.base import Executor
from netsh.journal import Journal, encode, pending_undos, undos_in, unsettled_undos
from netsh.runner import Runner
from netsh.scenario import Scenario
from netsh.step import step
from netsh.tools import ip, sysctl

ADD = ip.bridge_add("brx")
UNDO = ADD.undo.command


def _journal(tmp_path, *records) -> "os.PathLike":
    path = tmp_path / "host-1.journal"
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    return path


def test_only_changes_that_happened_are_undone(tmp_path):
    restore = sysctl.write_plain("/proc/sys/net/ipv4/ip_forward", "1")
    path = _journal(tmp_path,
                    {"seq": 1, "undo": encode(UNDO), "idempotent": False}, {"seq": 1, "done": True},
                    {"seq": 2, "undo": encode(ip.netns_add("taken").undo.command), "idempotent": False},
                    {"seq": 2, "failed": True},  # a name someone else had: never ours to delete
                    {"seq": 3, "undo": encode(restore), "idempotent": True})  # killed before "done"
    assert pending_undos(path) == [restore, UNDO]


def test_a_create_without_its_result_is_not_guessed_but_named(tmp_path):
    path = _journal(tmp_path, {"seq": 1, "undo": encode(UNDO), "idempotent": False})
    assert pending_undos(path) == [] and unsettled_undos(path) == [UNDO]


def test_an_empty_journal_has_nothing_to_undo(tmp_path):
    (tmp_path / "j").write_text("")
    assert pending_undos(tmp_path / "j") == []


GOOD = json.dumps({"seq": 1, "undo": encode(UNDO), "idempotent": False}) + "\n"
DAMAGED = {
    "cut short": GOOD + GOOD.replace("1", "2")[:25],
    "not JSON": "garbage\n" + GOOD,
    "result without its entry": GOOD + '{"seq": 7, "done": true}\n',
    "args not a list of strings": GOOD.replace('["ip"', '[1, "ip"'),
    "empty args": json.dumps({"seq": 1, "undo": {**encode(UNDO), "args": []}, "idempotent": False}) + "\n",
    "idempotent not a boolean": GOOD.replace("false", '"no"'),
    "a JSON list": "[1, 2]\n",
    "not text": None,
}


@pytest.mark.parametrize("kind", DAMAGED)
def test_a_damaged_journal_is_reported_not_skipped(kind, tmp_path):
    path = tmp_path / "host-1.journal"
    if DAMAGED[kind] is None:
        path.write_bytes(b"\xff\xfe\x00garbage")
    else:
        path.write_text(DAMAGED[kind])
    with pytest.raises(JournalError) as err:
        pending_undos(path)
    assert str(path) in err.value.message and "damaged" in err.value.message
    assert "by hand" in err.value.hint
    if kind == "cut short":
        assert "cut short" in err.value.message
    fk.tally(journal_damage_cases=1)


# ---- written before each change, and flushed --------------------------------

@dataclass
class _Watching(Executor):
    """Runs nothing; when a change arrives, looks at what the journal already says."""

    journal_path: object = None
    target = "host"
    restores = True

    def __post_init__(self):
        self.seen = []

    def run(self, command):
        if command.changes:
            lines = self.journal_path.read_text().splitlines() if self.journal_path.exists() else []
            self.seen.append((command, json.loads(lines[-1]) if lines else None))
        return Result(command, 0, "1\n" if command.args[0] == "cat" else "")


class _Two(Scenario):
    name = "journal-probe"
    summary = "two changes"

    def steps(self):
        yield step("one", "", [ADD, sysctl.write("/proc/sys/net/ipv4/ip_forward", "0")])


def test_each_undo_is_written_and_flushed_before_its_change(tmp_path, monkeypatch):
    synced = []
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (synced.append(fd), real_fsync(fd))[1])
    path = tmp_path / "host-1.journal"
    ex = _Watching(journal_path=path)
    journal = Journal(path)
    Runner(ex, lambda event: None, journal).run(_Two())
    changes = [(c, rec) for c, rec in ex.seen if c.changes]
    assert [c.args[0] for c, _ in changes] == ["ip", "dd"]
    for command, last in changes:
        assert last is not None and "undo" in last, f"{command.display} ran before its undo was journaled"
    assert last["undo"]["args"][:1] == ["dd"] and last["idempotent"] is True
    assert len(synced) >= 4, "every record (before and after each change) is fsync'ed"
    assert not path.exists(), "a run that undid everything leaves no journal"


class _MadeByAnotherTool(Scenario):
    name = "creates-probe"
    summary = "a namespace made by a command that is not `ip netns add`"

    def steps(self):
        made = cmd("unshare-like", "nsx", undo=Undo(cmd("ip", "netns", "del", "nsx")),
                   creates=(Creates("netns", "nsx"),))
        yield step("one", "", [made, ip.link_up("lo", netns="nsx"), ip.link_up("lo", netns="nsy")])


def test_changes_inside_a_namespace_the_run_made_need_no_journal(tmp_path):
    """The runner learns what a command made from `Command.creates`, never from its argv."""
    path = tmp_path / "host-1.journal"
    ex = _Watching(journal_path=path)
    Runner(ex, lambda event: None, Journal(path)).run(_MadeByAnotherTool())
    last_record = {c.display: rec for c, rec in ex.seen}
    assert last_record["unshare-like nsx"]["undo"]["args"] == ["ip", "netns", "del", "nsx"]
    assert "undo" not in last_record["ip netns exec nsx ip link set lo up"], \
        "nothing journaled for a change inside nsx: it goes with nsx"
    assert last_record["ip netns exec nsy ip link set lo up"]["undo"]["args"][-1] == "down", \
        "nsy was not made by this run: its change is journaled"


# ---- through the CLI, in a namespace made for the test -------------------------

@pytest.fixture
def host(prefix, tmp_path):
    state = tmp_path / "state"
    state.mkdir()
    with fk.server(prefix, state) as (inside, env):
        yield inside, env, state / f"host-{os.stat(f'/run/netns/{prefix}host').st_ino}.journal"


@needs_root
def test_cleanup_and_run_on_host_refuse_a_damaged_journal(host, prefix):
    inside, env, journal = host
    journal.write_text(DAMAGED["cut short"])
    before = fk.full_snapshot(f"{prefix}host", prefix)
    for args in (["cleanup"], ["run", "bridge-two-ns", "--on-host", "--prefix", prefix]):
        r = subprocess.run([*inside, *NETSH, *args], capture_output=True, text=True, env=env, timeout=60)
        assert r.returncode == 3, (args, r.stdout, r.stderr)
        assert "damaged" in r.stderr and str(journal) in r.stderr and "cut short" in r.stderr
    assert journal.exists(), "the evidence is kept for the user"
    assert fk.settled_diff(before, f"{prefix}host", prefix) == {}


@needs_root
def test_a_journal_of_a_deleted_namespace_whose_inode_came_back_is_not_replayed(host, prefix):
    """Journals are named after the namespace's inode, which the kernel reuses; the
    cookie on the first line tells an old namespace's journal from this one's."""
    inside, env, journal = host
    journal.write_text(json.dumps({"netns_cookie": 1}) + "\n" + GOOD.replace("brx", "eth0")
                       + '{"seq": 1, "done": true}\n')
    before = fk.full_snapshot(f"{prefix}host", prefix)
    for args in (["cleanup"], ["run", "bridge-two-ns", "--on-host", "--prefix", prefix]):
        r = subprocess.run([*inside, *NETSH, *args], capture_output=True, text=True, env=env, timeout=60)
        assert r.returncode == 3 and "another network namespace" in r.stderr, (args, r.stdout, r.stderr)
    assert fk.diff(before, fk.full_snapshot(f"{prefix}host", prefix)) == {}, "eth0 was not deleted"


@needs_root
def test_cleanup_names_a_change_it_cannot_be_sure_of(host, prefix):
    inside, env, journal = host
    journal.write_text(json.dumps({"seq": 1, "undo": encode(ip.bridge_add(f"{prefix[:6]}br").undo.command),
                                   "idempotent": False}) + "\n")
    r = subprocess.run([*inside, *NETSH, "cleanup"], capture_output=True, text=True, env=env, timeout=60)
    assert r.returncode == 0 and not journal.exists(), r.stdout + r.stderr
    assert f"not undone: `ip link del {prefix[:6]}br`" in r.stderr and "by hand" in r.stderr


@needs_root
def test_the_journal_mid_run_lists_every_change_so_far(host, prefix, tmp_path):
    """Paused before step 3 of the seed: the journal on disk already holds steps 1-2's undos."""
    inside, env, journal = host
    run = fk.start(["run", "bridge-two-ns", "--on-host", "--quiet", "--prefix", prefix], 3, tmp_path,
                   env=env, inside=inside)
    try:
        run.wait_paused()
        records = [json.loads(line) for line in journal.read_text().splitlines()]
        cookie = subprocess.run([*inside, sys.executable, "-c", "from netsh.paths import netns_cookie as c; print(c())"],
                                capture_output=True, text=True).stdout.strip()
        assert records[0] == {"netns_cookie": int(cookie)}, "the first line says whose journal it is"
        undone = {" ".join(r["undo"]["args"]) for r in records if "undo" in r}
        assert {"ip link del br0", "ip link set br0 down", f"ip netns del {prefix}ns1",
                f"ip netns del {prefix}ns2", "ip link del veth0", "ip link del veth2"} <= undone
        done = {r["seq"] for r in records if r.get("done")}
        assert done == {r["seq"] for r in records if "undo" in r}, "each change so far is marked done"
        assert len(undos_in(journal.read_text(), journal)) == len(done)  # read here, outside its namespace
        run.resume()
        assert run.proc.wait(timeout=120) == 0, run.output()[-2000:]
    finally:
        run.kill()
    assert not journal.exists()
