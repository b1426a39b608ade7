"""How a bridge learns where MAC addresses live, floods what it does not know, and forgets."""

from __future__ import annotations

from dataclasses import dataclass

from netsh.claims import BridgePorts, CounterFlat, CounterRises, Reaches
from netsh.claims.learning import Ageing, Learned, RxPackets
from netsh.command import cmd
from netsh.i18n import tr
from netsh.param_rules import SameNetwork, Within
from netsh.params import Address, Cidr, Count, IfName, NsName
from netsh.scenario import Scenario
from netsh.step import step
from netsh.tools import bridge, ip
from netsh.wiring import BridgedLegs, bridged_netns, silence_ipv6

GHOST_MAC = "02:00:00:00:00:99"  # locally administered, so no real device has it
DEFAULT_AGEING = "30000"  # a new bridge's ageing_time: 300 s in hundredths


class BridgeLearning(Scenario):
    name = "bridge-learning"
    summary = tr("The bridge learns MAC -> port from traffic, floods broadcasts and unknown MACs, "
                 "and ages entries out",
                 zh="网桥从流量中学习 MAC 与端口的对应，泛洪广播和未知 MAC，并让表项老化")
    assumptions = (
        tr("IPv6 is switched off on the bridge and the veth ends, so the only frames are the ones the "
           "lesson sends: otherwise router solicitations would teach the bridge before the first ping.",
           zh="网桥和各个 veth 端都关掉了 IPv6，这样仅有的帧就是这一课自己发的：否则路由器请求报文"
              "会在第一次 ping 之前就让网桥学到东西。"),
    )

    rules = (SameNetwork("addr1", "addr2", "addr3"), Within("ghost", "addr1"))
    features = ("bridge", "veth")

    @dataclass(frozen=True)
    class Params(BridgedLegs):
        ns3: NsName = "ns3"  # the bystander
        veth4: IfName = "veth4"
        veth5: IfName = "veth5"
        addr3: Cidr = "192.168.10.12/24"
        ghost: Address = "192.168.10.99"
        ageing: Count = 2

    def steps(self):
        p = self.p
        bystander = RxPackets(p.veth4, netns=p.ns3)
        ns1_mac = dict(bridge=p.bridge, dev=p.veth0, netns=p.ns1)
        ns2_mac = dict(bridge=p.bridge, dev=p.veth2, netns=p.ns2)
        ns3_mac = dict(bridge=p.bridge, dev=p.veth4, netns=p.ns3)

        yield step(
            tr("A bridge with three namespaces", zh="一个网桥，三个命名空间"),
            tr(f"""{p.ns1}, {p.ns2} and {p.ns3} hang off {p.bridge} by veth pairs. {p.ns3} is the
            bystander: it will only listen. With IPv6 off, nothing has been sent yet, so the
            bridge's table holds only its ports' own addresses (marked permanent).""",
               zh=f"""{p.ns1}、{p.ns2} 和 {p.ns3} 各用一对 veth 挂在 {p.bridge} 上。{p.ns3} 是旁观者，
            只听不说。IPv6 关掉了，还什么都没发过，所以网桥的表里只有各端口自己的地址（标为
            permanent）。"""),
            [ip.bridge_add(p.bridge), silence_ipv6(p.bridge), ip.link_up(p.bridge),
             *bridged_netns(p.bridge, p.ns1, p.veth0, p.veth1, p.addr1, ipv6=False),
             *bridged_netns(p.bridge, p.ns2, p.veth2, p.veth3, p.addr2, ipv6=False),
             *bridged_netns(p.bridge, p.ns3, p.veth4, p.veth5, p.addr3, ipv6=False),
             bridge.fdb_show(p.bridge)],
            [BridgePorts(text=tr(f"{p.bridge}'s ports are {p.veth1}, {p.veth3} and {p.veth5}",
                                 zh=f"{p.bridge} 的端口是 {p.veth1}、{p.veth3} 和 {p.veth5}"),
                         bridge=p.bridge, ports=(p.veth1, p.veth3, p.veth5)),
             Learned(text=tr(f"{p.bridge} does not know where {p.ns1} is yet", zh=f"{p.bridge} 还不知道 {p.ns1} 在哪"),
                     port=p.veth1, expect=False, **ns1_mac),
             Learned(text=tr(f"{p.bridge} does not know where {p.ns2} is yet", zh=f"{p.bridge} 还不知道 {p.ns2} 在哪"),
                     port=p.veth3, expect=False, **ns2_mac)],
        )
        yield step(
            tr("A broadcast goes everywhere", zh="广播送到每个端口"),
            tr(f"""{p.ns1} pings {p.ns2} for the first time, so it first asks by ARP broadcast who has
            {p.addr2.ip}. A bridge floods a broadcast out of every port but the one it came in by:
            {p.ns3}'s receive counter counts the request although nobody asked it.""",
               zh=f"""{p.ns1} 第一次 ping {p.ns2}，所以先用 ARP 广播打听谁有 {p.addr2.ip}。网桥把广播从
            除来路以外的每个端口泛洪出去：虽然没人问 {p.ns3}，它的接收计数器照样记下了这个请求。"""),
            [],
            [CounterRises(text=tr(f"{p.ns3} receives {p.ns1}'s ARP broadcast", zh=f"{p.ns3} 收到 {p.ns1} 的 ARP 广播"),
                          counter=bystander,
                          traffic=Reaches(src=p.ns1, target=p.addr2.ip), at_least=1)],
        )
        yield step(
            tr("What the bridge learned", zh="网桥学到了什么"),
            tr(f"""Every frame tells the bridge its source MAC and the port it came in by. The ARP
            request taught it where {p.ns1} is, the reply where {p.ns2} is. {p.ns3} has sent
            nothing, so the bridge still does not know where it is.""",
               zh=f"""每一帧都告诉网桥它的源 MAC 和它从哪个端口进来。ARP 请求让网桥知道了 {p.ns1} 在哪，
            应答让它知道了 {p.ns2} 在哪。{p.ns3} 什么也没发，网桥仍不知道它在哪。"""),
            [bridge.fdb_show(p.bridge)],
            [Learned(text=tr(f"{p.ns1}'s MAC is learned on {p.veth1}", zh=f"{p.ns1} 的 MAC 记在 {p.veth1} 上"),
                     port=p.veth1, **ns1_mac),
             Learned(text=tr(f"{p.ns2}'s MAC is learned on {p.veth3}", zh=f"{p.ns2} 的 MAC 记在 {p.veth3} 上"),
                     port=p.veth3, **ns2_mac),
             Learned(text=tr(f"{p.ns3}'s MAC is not learned", zh=f"{p.ns3} 的 MAC 还没学到"),
                     port=p.veth5, expect=False, **ns3_mac)],
        )
        yield step(
            tr("Known destinations are not flooded", zh="已知的目的地不再泛洪"),
            tr(f"""Now that both MACs are known, the next ping goes from {p.veth1} straight to
            {p.veth3}: {p.ns3} sees none of it.""",
               zh=f"""两个 MAC 都已知了，下一次 ping 从 {p.veth1} 直达 {p.veth3}：{p.ns3} 什么也看不到。"""),
            [],
            [CounterFlat(text=tr(f"{p.ns3} receives nothing of a ping to a known MAC",
                                 zh=f"发往已知 MAC 的 ping，{p.ns3} 一点也收不到"), counter=bystander,
                         traffic=Reaches(src=p.ns1, target=p.addr2.ip))],
        )
        yield step(
            tr("Unknown destinations are flooded", zh="未知的目的地照样泛洪"),
            tr(f"""A neighbour entry written by hand sends {p.ns1}'s frames for {p.ghost} to
            {GHOST_MAC}, a MAC no device has. The bridge has never seen it as a source, so it
            floods the frame out of every other port, and {p.ns3} receives it too.""",
               zh=f"""一条手写的邻居表项让 {p.ns1} 把发往 {p.ghost} 的帧送到 {GHOST_MAC}，这是个
            没有任何设备使用的 MAC。网桥从没见它当过源地址，只好把帧从其他每个端口泛洪出去，
            {p.ns3} 也就收到了。"""),
            [ip.neigh_add(p.ghost, GHOST_MAC, p.veth0, netns=p.ns1)],
            [CounterRises(text=tr(f"{p.ns3} receives a frame for an unknown MAC", zh=f"{p.ns3} 收到发往未知 MAC 的帧"),
                          counter=bystander,
                          traffic=Reaches(src=p.ns1, target=p.ghost, expect=False), at_least=1)],
        )
        yield step(
            tr("Entries age", zh="表项会变老"),
            tr(f"""Each learned entry keeps two ages, shown as `used A/B` by `bridge -s fdb`: A seconds
            since the bridge last sent a frame to that MAC, B since a frame from it last refreshed
            the entry. {p.ns3} now
            speaks once: it asks by ARP who has {p.ghost}, gets no answer and gives up after a
            few tries. The broadcast reaches {p.ns1}, and the bridge learns where {p.ns3} is.""",
               zh=f"""每条学到的表项记着两个时间，`bridge -s fdb` 显示为 `used A/B`：A 是网桥上次往那个
            MAC 发帧后过了几秒，B 是来自它的帧上次刷新表项后过了几秒。现在 {p.ns3} 开口一次：它用 ARP 打听谁有
            {p.ghost}，没人回答，试几次就放弃了。广播传到 {p.ns1}，网桥也学到了 {p.ns3} 在哪。"""),
            [],
            [CounterRises(text=tr(f"{p.ns1} receives {p.ns3}'s ARP broadcast", zh=f"{p.ns1} 收到 {p.ns3} 的 ARP 广播"),
                          counter=RxPackets(p.veth0, netns=p.ns1),
                          traffic=Reaches(src=p.ns3, target=p.ghost, expect=False), at_least=1),
             Learned(text=tr(f"{p.ns3}'s MAC is now learned on {p.veth5}", zh=f"{p.ns3} 的 MAC 现在记在 {p.veth5} 上"),
                     port=p.veth5, **ns3_mac),
             Ageing(text=tr(f"{p.ns3}'s entry is fresh, well inside the ageing time",
                            zh=f"{p.ns3} 的表项是新的，离老化时间还早"), **ns3_mac)],
        )
        yield step(
            tr("Silence makes the bridge forget", zh="沉默让网桥遗忘"),
            tr(f"""An entry not refreshed within the bridge's ageing_time (300 s unless set) is
            forgotten. Shorten it to {p.ageing} s (the kernel counts hundredths of a second) and
            wait: {p.ns3} has been silent since its ARP tries, so its entry expires, and the next
            frame for it would be flooded again. {p.ns1} and {p.ns2} may still be listed: each
            re-checks its ARP entry for the other now and then, and those frames refresh them.""",
               zh=f"""在网桥的 ageing_time（没设置时是 300 秒）内没被刷新的表项会被忘掉。把它缩短到
            {p.ageing} 秒（内核以百分之一秒为单位）再等一等：{p.ns3} 自那几次 ARP 之后一直沉默，
            它的表项就过期了，下一个发给它的帧又会被泛洪。{p.ns1} 和 {p.ns2} 可能还在表里：它们
            时不时要重新确认对方的 ARP 表项，这些帧刷新了它们的记录。"""),
            [ip.bridge_set(p.bridge, "ageing_time", str(p.ageing * 100), DEFAULT_AGEING),
             cmd("sleep", str(p.ageing + 3)), bridge.fdb_show(p.bridge)],
            [Learned(text=tr(f"{p.ns3}'s entry has aged out", zh=f"{p.ns3} 的表项已经老化消失"),
                     port=p.veth5, expect=False, **ns3_mac)],
        )
