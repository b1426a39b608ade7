"""Cleanup means done (netsh/settle.py): devices tied to a deleted namespace are waited
for, what lingers is said; a create of a free name may be undone after a crash."""

from __future__ import annotations

import json

from netsh.command import cmd
from netsh.executors.base import Executor, Result
from netsh.settle import Teardown, absent_before, deleted_netns
from netsh.tools import ip


class Kernel(Executor):
    """Answers `ip -j netns list` and `ip -j link show` from dicts the test changes."""

    target = "fake"

    def __init__(self):
        self.netns = [{"name": "ns1", "id": 0}, {"name": "other", "id": 1}]
        self.links = [{"ifindex": 4, "ifname": "veth1", "link_netnsid": 0},
                      {"ifindex": 6, "ifname": "veth3", "link_netnsid": 1},
                      {"ifindex": 2, "ifname": "eth0"}]
        self.ran = []

    def run(self, command):
        self.ran.append(command.argv())
        if command.args[:4] == ("ip", "-j", "netns", "list"):
            return Result(command, 0, json.dumps(self.netns))
        if command.args[:4] == ("ip", "-j", "link", "show"):
            return Result(command, 0, json.dumps(self.links))
        return Result(command, 1)


def test_only_an_undo_deleting_a_namespace_is_noted():
    assert deleted_netns(cmd("ip", "netns", "del", "ns1")) == "ns1"
    assert deleted_netns(cmd("ip", "link", "del", "ns1")) is None


def test_the_port_whose_peer_lived_in_the_deleted_namespace_is_waited_for():
    kernel = Kernel()
    teardown = Teardown(kernel)
    teardown.note([cmd("ip", "netns", "del", "ns1"), cmd("ip", "link", "del", "br0")])
    assert [d.name for d in teardown.doomed] == ["veth1"]  # not veth3: its namespace stays
    kernel.links = kernel.links[1:]  # the kernel finished the teardown
    assert teardown.wait(bound=5) == []


def test_what_lingers_past_the_bound_is_named():
    kernel = Kernel()
    teardown = Teardown(kernel)
    teardown.note([cmd("ip", "netns", "del", "ns1")])
    (left,) = teardown.wait(bound=0.1)
    assert left.startswith("veth1 is still here") and "ns1" in left and "holds that namespace" in left


def test_a_create_of_a_free_name_is_safe_to_undo_after_a_crash():
    kernel = Kernel()
    changes = [ip.netns_add("ns9"), ip.netns_add("ns1"), ip.bridge_add("br0"), ip.bridge_add("eth0"),
               ip.veth_add("veth0", "veth1"), ip.link_up("br0"), ip.route_add("10.0.0.0/8", "dev", "eth0")]
    undos = [c.undo.command for c in changes]
    assert absent_before(kernel, changes, undos) == [True, False, True, False, False, False, False]
    assert absent_before(kernel, changes[:1], [None]) == [False]  # nothing to undo, nothing to say
    assert len(kernel.ran) == 2  # one read per kind of place, for the whole group
