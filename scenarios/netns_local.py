"""Which devices are tied to their namespace? Tried for real, kind by kind."""

from __future__ import annotations

from dataclasses import dataclass

from netsh.claims import LinkIs, NetnsLocal
from netsh.claims.moves import Mover, NetnsLocalKinds
from netsh.command import Expect
from netsh.i18n import tr
from netsh.kernel import Outdated
from netsh.params import Count, IfName, NsName
from netsh.scenario import Scenario
from netsh.step import step
from netsh.tools import ip
from netsh.tools.ethtool import show_feature

# The tutorial lists vxlan beside bridge and loopback. Nicolas Dichtel's
# "vxlan: add x-netns support" (commit f01ec1c017de, April 2014) dropped the
# flag from vxlan; it first shipped in Linux 3.16.
VXLAN_MOVABLE = Outdated(
    since="3.16",
    now="vxlan devices can move between namespaces (x-netns support, commit f01ec1c017de)")
VXLAN_MOVE = Expect(ip.MOVE_REFUSED.texts, outdated=VXLAN_MOVABLE)


class NetnsLocalDevices(Scenario):
    name = "netns-local"
    summary = tr("Which device kinds cannot leave their namespace: bridge, loopback, veth, vxlan, tried for real",
                 zh="哪些设备离不开自己的命名空间：bridge、loopback、veth、vxlan，逐一实际试一试")
    assumptions = (
        tr("The tutorial's list (bridge, loopback and vxlan are netns-local, veth is not) predates "
           "Linux 3.16, where vxlan learned to cross namespaces.",
           zh="教程的清单（bridge、loopback 和 vxlan 是 netns-local，veth 不是）早于 Linux 3.16，"
              "从那个版本起 vxlan 可以跨命名空间了。"),
        tr("The tutorial reads the flag with `ethtool -k`; Linux 6.12 turned it from an ethtool "
           "feature into a device property, and only iproute2 and Linux 6.15 or newer show it again "
           "(`netns-immutable` in `ip -d link`). Moving a device for real works on every kernel.",
           zh="教程用 `ethtool -k` 读这个标志；Linux 6.12 把它从 ethtool 特性改成了设备属性，要到 "
              "iproute2 和 Linux 6.15 或更新的版本才重新显示出来（`ip -d link` 里的 `netns-immutable`）。"
              "真的去挪动一下设备，在哪个内核上都行得通。"),
    )

    features = ("bridge", "veth", "vxlan")

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
            tr("A bridge stays where it was made", zh="网桥留在它诞生的地方"),
            tr(f"""Create {p.bridge} and a namespace {p.ns1}, then try to move the bridge into it.
            The kernel refuses; how it words the refusal depends on its age. The tutorial then
            looks for the netns-local feature with ethtool, which lists it only up to Linux 6.11.""",
               zh=f"""创建 {p.bridge} 和命名空间 {p.ns1}，再试着把网桥挪进去。内核会拒绝，拒绝的措辞
            取决于内核的年代。接着教程用 ethtool 查 netns-local 特性，而 ethtool 只在 Linux 6.11
            及以前列出它。"""),
            [ip.bridge_add(p.bridge), ip.netns_add(p.ns1),
             ip.link_to_netns(p.bridge, p.ns1, fails=ip.MOVE_REFUSED),
             show_feature(p.bridge, "netns-local")],
            [LinkIs(text=tr(f"{p.bridge} is still on the host", zh=f"{p.bridge} 还在主机上"),
                    name=p.bridge, kind="bridge", up=False),
             NetnsLocal(text=tr(f"the tools report {p.bridge} as netns-local", zh=f"工具报告 {p.bridge} 是 netns-local"),
                        dev=p.bridge)],
        )
        yield step(
            tr("Nor does a loopback device", zh="回环设备也挪不走"),
            tr(f"""Every namespace is born with its own lo. Taking the one of a fresh namespace
            {p.ns2} and moving it into {p.ns1} is refused the same way.""",
               zh=f"""每个命名空间生来就有自己的 lo。把新命名空间 {p.ns2} 的 lo 挪进 {p.ns1}，
            同样会被拒绝。"""),
            [ip.netns_add(p.ns2), ip.link_to_netns("lo", p.ns1, netns=p.ns2, fails=ip.MOVE_REFUSED)],
            [LinkIs(text=tr(f"lo is still in {p.ns2}", zh=f"lo 还在 {p.ns2} 里"),
                    name="lo", kind="loopback", up=False, netns=p.ns2),
             NetnsLocal(text=tr(f"the tools report {p.ns2}'s lo as netns-local", zh=f"工具报告 {p.ns2} 的 lo 是 netns-local"),
                        dev="lo", netns=p.ns2)],
        )
        yield step(
            tr("A veth end moves", zh="veth 的一端可以挪"),
            tr(f"""A veth pair is made to join namespaces: {p.veth0} goes into {p.ns1} while
            {p.veth1} stays behind, exactly as containers are wired.""",
               zh=f"""veth 对本来就是用来连接命名空间的：{p.veth0} 进入 {p.ns1}，{p.veth1} 留在原地，
            容器正是这样接线的。"""),
            [ip.veth_add(p.veth0, p.veth1), ip.link_to_netns(p.veth0, p.ns1)],
            [LinkIs(text=tr(f"{p.veth0} now lives in {p.ns1}", zh=f"{p.veth0} 现在在 {p.ns1} 里"),
                    name=p.veth0, kind="veth", up=False, netns=p.ns1),
             NetnsLocal(text=tr(f"the tools report {p.veth0} as movable", zh=f"工具报告 {p.veth0} 可以挪动"),
                        dev=p.veth0, netns=p.ns1, expect=False)],
        )
        yield step(
            tr("vxlan moves too, whatever the tutorial says", zh="不管教程怎么说，vxlan 也能挪"),
            tr(f"""The tutorial counts vxlan among the devices that cannot change namespace. That was
            true until Linux 3.16: since then a vxlan device can live in one namespace while its
            UDP socket stays in another. Moving {p.vxlan} into {p.ns1} shows which rule this
            kernel follows.""",
               zh=f"""教程把 vxlan 算作不能换命名空间的设备。这在 Linux 3.16 之前没错：从那以后，
            vxlan 设备可以待在一个命名空间里，而它的 UDP 套接字留在另一个。把 {p.vxlan} 挪进
            {p.ns1}，就能看出这个内核遵循哪条规则。"""),
            [ip.vxlan_add(p.vxlan, p.vni, p.port), ip.link_to_netns(p.vxlan, p.ns1, fails=VXLAN_MOVE)],
            [LinkIs(text=tr(f"{p.vxlan} now lives in {p.ns1}", zh=f"{p.vxlan} 现在在 {p.ns1} 里"),
                    name=p.vxlan, kind="vxlan", up=False, netns=p.ns1),
             NetnsLocal(text=tr(f"the tools report {p.vxlan} as netns-local", zh=f"工具报告 {p.vxlan} 是 netns-local"),
                        dev=p.vxlan, netns=p.ns1,
                        outdated=VXLAN_MOVABLE)],
        )
        yield step(
            tr("On this kernel", zh="在这个内核上"),
            tr("""Each device is where the move left it. Side by side with the tutorial's list, this is
            the answer for the kernel in front of you.""",
               zh="""每个设备都停在挪动之后的位置。和教程的清单并排一看，就是眼前这个内核给出的答案。"""),
            [],
            [NetnsLocalKinds(text=tr("each kind stays or moves as this kernel's release documents",
                                     zh="每种设备是留是走，都与这个内核版本的文档一致"), movers=(
                Mover("bridge", p.bridge, None, p.ns1, tutorial_local=True),
                Mover("loopback", "lo", p.ns2, p.ns1, tutorial_local=True),
                Mover("veth", p.veth0, None, p.ns1, tutorial_local=False),
                Mover("vxlan", p.vxlan, None, p.ns1, tutorial_local=True, outdated=VXLAN_MOVABLE)),
                why_not="a device kind behaved unlike what this kernel's release documents")],
        )
