"""Command values: what is shown is what runs, quoted once with shlex."""

from netsh.command import Expect, cmd
from netsh.tools import ip, iptables, sysctl


def test_host_command_displays_its_argv():
    c = ip.bridge_add("br0")
    assert c.argv() == ("ip", "link", "add", "br0", "type", "bridge")
    assert c.display == "ip link add br0 type bridge"


def test_netns_is_an_ip_netns_exec_prefix():
    c = ip.addr_add("192.168.10.10/24", "veth0", netns="ns1")
    assert c.argv()[:4] == ("ip", "netns", "exec", "ns1")
    assert c.display == "ip netns exec ns1 ip addr add 192.168.10.10/24 dev veth0"


def test_hostile_values_are_quoted_in_display():
    c = cmd("ip", "link", "add", "x; touch /tmp/pwned", "type", "bridge")
    assert c.display == "ip link add 'x; touch /tmp/pwned' type bridge"


def test_sysctl_write_shows_the_tutorial_form_and_runs_without_a_shell():
    c = sysctl.write("/proc/sys/net/ipv4/conf/br0/proxy_arp", "1")
    assert c.display == "echo 1 > /proc/sys/net/ipv4/conf/br0/proxy_arp"
    assert c.args[0] == "dd" and c.stdin == "1\n"
    assert c.undo.capture.display == "cat /proc/sys/net/ipv4/conf/br0/proxy_arp"
    assert c.undo.resolve("0\n").display == "echo 0 > /proc/sys/net/ipv4/conf/br0/proxy_arp"


def test_iptables_policy_undo_restores_the_policy_read_before():
    c = iptables.policy("FORWARD", "DROP")
    assert c.display == "iptables -P FORWARD DROP"
    undo = c.undo.resolve("-P FORWARD ACCEPT\n-A FORWARD -j LOG\n")
    assert undo.display == "iptables -P FORWARD ACCEPT"


def test_grep_is_part_of_the_display_only():
    c = cmd("ethtool", "-k", "eth0", grep="netns-local")
    assert c.display == "ethtool -k eth0 | grep netns-local"
    assert c.argv() == ("ethtool", "-k", "eth0")


def test_expect_reports_which_wording_matched():
    e = Expect((("older kernels", r"Invalid argument"), ("newer kernels", r"immutable")))
    assert e.match("Error: The interface netns is immutable.") == "newer kernels"
    assert e.match("RTNETLINK answers: Invalid argument") == "older kernels"
    assert e.match("something else") is None


def test_builders_say_what_their_command_creates():
    from netsh.tools import vxlan

    assert ip.netns_add("ns1").created("netns") == ("ns1",)
    assert ip.veth_add("veth0", "veth1").created("link") == ("veth0", "veth1")
    assert ip.veth_into("vh1", "eth0", "ns1", "02:00:00:00:00:01").created("link") == ("vh1", "eth0")
    assert ip.bridge_add("br0", netns="ns1").created("link") == ("br0",)
    assert vxlan.add("vx0", 42, "eth0", "10.0.0.1", "10.0.0.2").created("link") == ("vx0",)
    assert ip.netns_add("ns1").on("host1").created("netns") == ("ns1",), "placing keeps it"
    assert ip.link_up("br0").creates == () and ip.addr_add("10.0.0.1/24", "br0").creates == ()
