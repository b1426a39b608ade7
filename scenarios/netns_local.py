"""Which devices are tied to their namespace? Tried for real, kind by kind."""

from __future__ import annotations

from dataclasses import dataclass

from netsh.claims import LinkIs, NetnsLocal
from netsh.claims.drivers import DriverPresent
from netsh.claims.moves import Mover, NetnsLocalKinds
from netsh.claims.outdated import Outdated
from netsh.command import Expect
from netsh.params import Count, IfName, NsName
from netsh.scenario import Scenario
from netsh.scenarios.bridge_two_ns import MOVE_REFUSED
from netsh.step import step
from netsh.tools import ip
from netsh.tools.ethtool import show_feature

# The tutorial lists vxlan beside bridge and loopback. Nicolas Dichtel's
# "vxlan: add x-netns support" (commit f01ec1c017de, April 2014) dropped the
# flag from vxlan; it first shipped in Linux 3.16.
VXLAN_MOVABLE = Outdated(
    since="3.16",
    now="vxlan devices can move between namespaces (x-netns support, commit f01ec1c017de)")
VXLAN_MOVE = Expect(MOVE_REFUSED.texts, outdated=VXLAN_MOVABLE)


class NetnsLocalDevices(Scenario):
    name = "netns-local"
    summary = "Which device kinds cannot leave their namespace: bridge, loopback, veth, vxlan, tried for real"
    assumptions = (
        "The tutorial's list (bridge, loopback and vxlan are netns-local, veth is not) predates "
        "Linux 3.16, where vxlan learned to cross namespaces.",
        "The tutorial reads the flag with `ethtool -k`; Linux 6.12 turned it from an ethtool "
        "feature into a device property, and only iproute2 and Linux 6.15 or newer show it again "
        "(`netns-immutable` in `ip -d link`). Moving a device for real works on every kernel.",
    )

    @dataclass(frozen=True)
    class Params:
        bridge: IfName = "br0"
        ns1: NsName = "ns1"
        ns2: NsName = "ns2"
        veth0: IfName = "veth0"
        veth1: IfName = "veth1"
        vxlan: IfName = "vx0"
        vni: Count = 42
        port: Count = 4789

    def steps(self):
        p = self.p
        yield step(
            "A bridge stays where it was made",
            f"""Create {p.bridge} and a namespace {p.ns1}, then try to move the bridge into it.
            The kernel refuses; how it words the refusal depends on its age. The tutorial then
            looks for the netns-local feature with ethtool, which lists it only up to Linux 6.11.""",
            [ip.bridge_add(p.bridge), ip.netns_add(p.ns1),
             ip.link_to_netns(p.bridge, p.ns1, fails=MOVE_REFUSED),
             show_feature(p.bridge, "netns-local")],
            [LinkIs(f"{p.bridge} is still on the host", name=p.bridge, kind="bridge", up=False),
             NetnsLocal(f"the tools report {p.bridge} as netns-local", dev=p.bridge)],
        )
        yield step(
            "Nor does a loopback device",
            f"""Every namespace is born with its own lo. Taking the one of a fresh namespace
            {p.ns2} and moving it into {p.ns1} is refused the same way.""",
            [ip.netns_add(p.ns2), ip.link_to_netns("lo", p.ns1, netns=p.ns2, fails=MOVE_REFUSED)],
            [LinkIs(f"lo is still in {p.ns2}", name="lo", kind="loopback", up=False, netns=p.ns2),
             NetnsLocal(f"the tools report {p.ns2}'s lo as netns-local", dev="lo", netns=p.ns2)],
        )
        yield step(
            "A veth end moves",
            f"""A veth pair is made to join namespaces: {p.veth0} goes into {p.ns1} while
            {p.veth1} stays behind, exactly as containers are wired.""",
            [ip.veth_add(p.veth0, p.veth1), ip.link_to_netns(p.veth0, p.ns1)],
            [LinkIs(f"{p.veth0} now lives in {p.ns1}", name=p.veth0, kind="veth", up=False, netns=p.ns1),
             NetnsLocal(f"the tools report {p.veth0} as movable", dev=p.veth0, netns=p.ns1, expect=False)],
        )
        yield step(
            "Is the vxlan driver here?",
            """A sandbox cannot load kernel modules: the vxlan driver must be built in or already
            loaded on this machine for the next step.""",
            [],
            [DriverPresent("the vxlan driver is available", module="vxlan",
                           why_not="load it on the machine itself, as root: `modprobe vxlan`")],
        )
        yield step(
            "vxlan moves too, whatever the tutorial says",
            f"""The tutorial counts vxlan among the devices that cannot change namespace. That was
            true until Linux 3.16: since then a vxlan device can live in one namespace while its
            UDP socket stays in another. Moving {p.vxlan} into {p.ns1} shows which rule this
            kernel follows.""",
            [ip.vxlan_add(p.vxlan, p.vni, p.port), ip.link_to_netns(p.vxlan, p.ns1, fails=VXLAN_MOVE)],
            [LinkIs(f"{p.vxlan} now lives in {p.ns1}", name=p.vxlan, kind="vxlan", up=False, netns=p.ns1),
             NetnsLocal(f"the tools report {p.vxlan} as netns-local", dev=p.vxlan, netns=p.ns1,
                        outdated=VXLAN_MOVABLE)],
        )
        yield step(
            "On this kernel",
            """Each device is where the move left it. Side by side with the tutorial's list, this is
            the answer for the kernel in front of you.""",
            [],
            [NetnsLocalKinds("each kind stays or moves as this kernel's release documents", movers=(
                Mover("bridge", p.bridge, None, p.ns1, tutorial_local=True),
                Mover("loopback", "lo", p.ns2, p.ns1, tutorial_local=True),
                Mover("veth", p.veth0, None, p.ns1, tutorial_local=False),
                Mover("vxlan", p.vxlan, None, p.ns1, tutorial_local=True, outdated=VXLAN_MOVABLE)),
                why_not="a device kind behaved unlike what this kernel's release documents")],
        )
