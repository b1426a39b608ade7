"""The lesson format, rule by rule: lexer, {params}, front matter, Markdown shape,
command forms, the claims grammar, and every error path (exit 2, file:line:col)."""

from __future__ import annotations

import textwrap

import pytest

from netsh import claims as C
from netsh.claims.learning import Ageing, Learned, RxPackets
from netsh.claims.neighbours import NeighbourIs
from netsh.lesson.claims import parse_claim
from netsh.lesson.commands import parse_line
from netsh.scenario import lesson_file as scenario_class
from netsh.lesson.errors import LessonError, Where
from netsh.lesson.fill import fill
from netsh.lesson.lex import lex
from netsh.lesson.meta import Failure
from netsh.params import Cidr

W = Where("t.md", 7)
VALUES = {"ns": "ns1", "br": "br0", "dev": "veth0", "addr": Cidr("10.0.0.1/24")}
FAILS = {"moved": Failure((("older kernels", "Invalid argument"),), "3.16", "they move")}

FRONT = """\
---
name: t
summary: a test lesson
params:
  ns: {type: netns, default: ns1}
  br: {type: ifname, default: br0}
  addr: {type: cidr, default: 10.0.0.1/24}
---
"""


def lesson(tmp_path, body: str, front: str = FRONT, name: str = "t.md"):
    path = tmp_path / name
    path.write_text(front + textwrap.dedent(body))
    return path


def compiled(tmp_path, body: str, front: str = FRONT):
    return scenario_class(lesson(tmp_path, body, front))()


def error(fn, *args) -> LessonError:
    with pytest.raises(LessonError) as info:
        fn(*args)
    assert info.value.exit_code == 2
    return info.value


def command(text: str):
    return parse_line(text, W, VALUES, FAILS).command


def claim(text: str, reasons=None):
    from netsh.lesson.build import make_claim
    return make_claim(parse_claim(text, W, reasons or {}), VALUES, {})


# -- lexer ---------------------------------------------------------------------------------------

def test_lexer_words_quotes_escapes_and_columns():
    line = lex("""ip  'a b' "c\\"d" e\\ f  # undo: x""", W)
    assert [(w.value, w.col, w.quoted) for w in line.words] == \
        [("ip", 1, False), ("a b", 5, True), ('c"d', 11, True), ("e f", 18, False)]
    assert line.comment == "undo: x" and line.comment_col == 24


def test_lexer_operators_are_their_own_words():
    ops = [(w.value, w.col) for w in lex("a;b && c|d >e 2>&1", W).words if w.op]
    assert ops == [(";", 2), ("&&", 5), ("|", 9), (">", 12), (">", 16), ("&", 17)]


@pytest.mark.parametrize("text,col,what", [
    ("echo 'open", 6, "never closed"), ('echo "open', 6, "never closed"), ("echo a\\", 7, "backslash"),
    ("ip $X", 4, "expansion"), ('ip "$X"', 5, "expansion"), ("ip `id`", 4, "substitution"),
    ('ip "`id`"', 5, "substitution")])
def test_lexer_errors_say_where(text, col, what):
    e = error(lex, text, W)
    assert e.where.col == col and what in e.message and e.message.startswith(f"t.md:7:{col}:")


def test_claim_texts_may_hold_any_character():
    words = lex('host reaches 1.2.3.4 "a `b` $c; d"', W, shell=False).words
    assert words[-1].value == "a `b` $c; d" and words[-1].quoted


# -- {params} ------------------------------------------------------------------------------------

def test_fill_values_attributes_and_literal_braces():
    assert fill("{ns}:{addr}:{addr.ip}:{{x}}", VALUES, W) == "ns1:10.0.0.1/24:10.0.0.1:{x}"


@pytest.mark.parametrize("text,what", [("{nope}", "unknown parameter {nope}"), ("{ns.ip}", "has no .ip"),
                                       ("{addr.mac}", "has no .mac")])
def test_fill_errors(text, what):
    assert what in error(fill, text, VALUES, W).message


# -- front matter --------------------------------------------------------------------------------

@pytest.mark.parametrize("front,line,what", [
    ("---\nname: t\n---\n", 1, "needs `summary:`"),
    ("---\nname: T x\nsummary: s\n---\n", 2, "not a scenario name"),
    ("---\nname: t\nsummary: s\ncolour: red\n---\n", 4, "unknown front matter key 'colour'"),
    ("---\nname: t\nsummary: a: b\n---\n", 3, "not valid YAML"),
    ("---\nname: t\nsummary: s\nparams:\n  x: {type: mac, default: a}\n---\n", 4, "unknown type 'mac'"),
    ("---\nname: t\nsummary: s\nparams:\n  x: {type: ifname, default: a/b}\n---\n", 4, "default"),
    ("---\nname: t\nsummary: s\nparams:\n  x: ifname\n---\n", 4, "{type: ifname, default: br0}"),
    ("---\nname: t\nsummary: s\nrules:\n  - within: [a, b]\n---\n", 4, "unknown parameter 'a'"),
    ("---\nname: t\nsummary: s\nrules:\n  - near: [a, b]\n---\n", 4, "within, outside, distinct"),
    ("---\nname: t\nsummary: s\nrequires: {kernel: new}\n---\n", 4, "requires.kernel"),
    ("---\nname: t\nsummary: s\nrequires: {gpu: yes}\n---\n", 4, "tools, features, kernel"),
    ("---\nname: t\nsummary: s\nrequires: {features: [warp]}\n---\n", 4, "unknown kernel feature(s): warp"),
    ("---\nname: t\nsummary: s\nbatched: maybe\n---\n", 4, "true or false"),
    ("---\nname: t\nsummary: s\nfailures:\n  x: {wordings: {a: '('}}\n---\n", 4, "not a regular expression"),
    ("---\nname: t\nsummary: s\nfailures:\n  x: {wordings: {a: b}, outdated: {since: '3.1'}}\n---\n", 4,
     "needs `since:` and `now:`"),
    ("---\nname: t\nsummary: s\nassumptions: one\n---\n", 4, "a list of texts"),
    ("---\nname: t\nsummary: s\n", 1, "never closed"),
    ("name: t\n", 1, "starts with front matter"),
])
def test_front_matter_errors_name_the_line(tmp_path, front, line, what):
    e = error(scenario_class, lesson(tmp_path, "## S\n", front=front))
    assert what in e.message and e.where.line == line, e.message


def test_front_matter_becomes_the_scenario(tmp_path):
    cls = scenario_class(lesson(tmp_path, "## S\n", front=FRONT.replace(
        "---\n", "---\nassumptions: [a host with an uplink]\nbatched: true\nrules:\n  - within: [addr, addr]\n"
                 "requires: {tools: [fping], features: [vxlan], kernel: '>=5.4'}\n", 1)))
    assert cls.name == "t" and cls.summary == "a test lesson" and cls.batched is True
    assert cls.assumptions == ("a host with an uplink",)
    assert [d["name"] for d in cls.describe()["parameters"]] == ["ns", "br", "addr"]
    from netsh.param_rules import Within
    assert cls.rules == (Within("addr", "addr"),) and cls.features == ("vxlan",)
    assert cls.lesson_kernel == ">=5.4" and cls.lesson_tools == ("fping",)
    assert cls.with_overrides({"ns": "x"}, prefix="p-").p.ns == "p-x"


# -- Markdown shape ------------------------------------------------------------------------------

def test_steps_narration_commands_and_claims(tmp_path):
    sc = compiled(tmp_path, """
        # A title that is not a step

        Introduction, not part of any step.

        ## Make {br}

        First paragraph about {br},
        wrapped.

        - a list item

        ```sh
        # a comment line
        ip link add {br} type bridge
        ip link set {br} \\
            up
        ```

        ```text
        output shown to the reader, never run
        ```

        ```claims
        link {br} is bridge up
        ```

        ## Look

        ```console
        $ ip link show
        1: lo: <LOOPBACK> ...
        # ip -n {ns} addr
        ```
        """)
    one, two = sc.plan
    assert one.title == "Make br0"
    assert one.narration == "First paragraph about br0, wrapped. - a list item"
    assert [c.display for c in one.commands] == ["ip link add br0 type bridge", "ip link set br0 up"]
    assert isinstance(one.claims[0], C.LinkIs) and one.claims[0].text == "link br0 is bridge up"
    assert [c.display for c in two.commands] == ["ip link show", "ip -n ns1 addr"]
    assert two.commands[1].netns == "ns1" and two.commands[1].args == ("ip", "addr")


@pytest.mark.parametrize("body,line,what", [
    ("```sh\nip link\n```\n## S\n", 9, "before the first step"),
    ("## S\n```claims\nhost reaches 1.1.1.1\n```\n```sh\nip link\n```\n", 13, "commands after the step's claims"),
    ("Just prose.\n", 1, "no steps"),
    ("## S\n```sh\nip link \\\n```\n", 11, "continued line"),
])
def test_shape_errors(tmp_path, body, line, what):
    e = error(scenario_class, lesson(tmp_path, body))
    assert what in e.message and e.where.line == line, e.message


# -- command forms -------------------------------------------------------------------------------

@pytest.mark.parametrize("text,args,netns,undo", [
    ("ip netns add {ns}", ("ip", "netns", "add", "ns1"), None, "ip netns del ns1"),
    ("ip link add {br} type bridge", ("ip", "link", "add", "br0", "type", "bridge"), None, "ip link del br0"),
    ("ip link add name {br} type bridge", ("ip", "link", "add", "name", "br0", "type", "bridge"), None,
     "ip link del br0"),
    ("ip link add vx0 type vxlan id 42 dstport 4789", ("ip", "link", "add", "vx0", "type", "vxlan", "id", "42",
                                                      "dstport", "4789"), None, "ip link del vx0"),
    ("ip link add a type veth peer name b", ("ip", "link", "add", "a", "type", "veth", "peer", "name", "b"),
     None, "ip link del a"),
    ("ip netns exec {ns} ip link set {dev} up", ("ip", "link", "set", "veth0", "up"), "ns1",
     "ip netns exec ns1 ip link set veth0 down"),
    ("ip link set {dev} down", ("ip", "link", "set", "veth0", "down"), None, "ip link set veth0 up"),
    ("ip link set {dev} master {br}", ("ip", "link", "set", "veth0", "master", "br0"), None,
     "ip link set veth0 nomaster"),
    ("ip link set {br} type bridge ageing_time 200", ("ip", "link", "set", "br0", "type", "bridge",
                                                      "ageing_time", "200"), None,
     "ip link set br0 type bridge ageing_time 30000"),
    ("ip -n {ns} addr add {addr} dev {dev}", ("ip", "addr", "add", "10.0.0.1/24", "dev", "veth0"), "ns1",
     "ip netns exec ns1 ip addr del 10.0.0.1/24 dev veth0"),
    ("ip route add 10.0.0.0/24 dev {br} scope link", ("ip", "route", "add", "10.0.0.0/24", "dev", "br0",
                                                      "scope", "link"), None,
     "ip route del 10.0.0.0/24 dev br0 scope link"),
    ("ip neigh add 10.0.0.9 lladdr 02:00:00:00:00:09 dev {dev}",
     ("ip", "neigh", "add", "10.0.0.9", "lladdr", "02:00:00:00:00:09", "dev", "veth0"), None,
     "ip neigh del 10.0.0.9 dev veth0"),
    ("iptables -A FORWARD -i {br} -j DROP", ("iptables", "-A", "FORWARD", "-i", "br0", "-j", "DROP"), None,
     "iptables -D FORWARD -i br0 -j DROP"),
])
def test_changes_carry_the_builders_undo(text, args, netns, undo):
    c = command(text)
    assert (c.args, c.netns, c.undo.command.display) == (args, netns, undo)


@pytest.mark.parametrize("text", ["ip route", "ip -j -d link show dev br0", "ip netns exec ns1 ip addr",
                                  "bridge fdb show", "bridge -s fdb show br br0", "ethtool -k eth0",
                                  "iptables -L FORWARD -v -n -x", "iptables -S", "iptables -nvL",
                                  "ping -c 1 10.0.0.2", "ping -c1 10.0.0.2", "fping -g 10.0.0.1 10.0.0.9",
                                  "sleep 2", "cat /proc/net/snmp", "sysctl net.ipv4.ip_forward",
                                  "ip netns list", "iptables -Z FORWARD"])
def test_reads_change_nothing(text):
    c = command(text)
    assert c.undo is None and c.fails is None and c.display == text


def test_kernel_settings_in_every_written_form():
    host = command("echo 1 > /proc/sys/net/ipv4/ip_forward")
    assert host.args == ("dd", "of=/proc/sys/net/ipv4/ip_forward", "status=none") and host.stdin == "1\n"
    assert host.display == "echo 1 > /proc/sys/net/ipv4/ip_forward" and host.undo.capture.args[0] == "cat"
    inside = command("ip netns exec {ns} sh -c 'echo 0 > /proc/sys/net/ipv4/ip_forward'")
    assert inside.netns == "ns1" and inside.stdin == "0\n"
    # Shown as netsh runs it: in an exported script a shell would read a value inside `sh -c '...'`.
    assert inside.display == "echo 0 | ip netns exec ns1 dd of=/proc/sys/net/ipv4/ip_forward status=none"
    piped = command("echo 1 | ip netns exec ns1 dd of=/proc/sys/net/ipv4/ip_forward status=none")
    assert piped.netns == "ns1" and piped.display == "echo 1 | ip netns exec ns1 dd of=/proc/sys/net/ipv4/ip_forward status=none"
    written = command("sysctl -w net.ipv4.conf.{br}.proxy_arp=1")
    assert written.args[1] == "of=/proc/sys/net/ipv4/conf/br0/proxy_arp"
    assert written.display == "sysctl -w net.ipv4.conf.br0.proxy_arp=1" and written.changes
    policy = command("iptables -P FORWARD DROP")
    assert policy.undo.capture.display == "iptables -S FORWARD"


def test_grep_fails_and_undo_annotations():
    grep = command("ethtool -k {dev} | grep netns-local")
    assert grep.grep == "netns-local" and grep.display == "ethtool -k veth0 | grep netns-local"
    assert command("ip link set br0 netns ns1  # fails").fails.match("RTNETLINK answers: whatever")
    named = command("ip link set br0 netns ns1  # fails: moved")
    assert named.fails.texts == FAILS["moved"].wordings and named.fails.outdated.since == "3.16"
    undone = parse_line("ip link del {br}  # undo: ip link add {br} type bridge", W, VALUES, FAILS)
    assert not undone.undo_unknown and undone.command.undo.command.display == "ip link add br0 type bridge"
    assert parse_line("ip link del br0  # just a remark", W, VALUES, FAILS).undo_unknown


@pytest.mark.parametrize("text,col,what", [
    ("ip link; ls", 8, "`;` needs a shell"), ("ip link && ls", 9, "`&&`"), ("ip link || ls", 9, "`||`"),
    ("ip link | sort", 9, "`|` needs a shell"), ("ip link > x", 9, "`>`"), ("ip link &", 9, "`&`"),
    ("cat < /etc/passwd", 5, "`<`"), ("ip link add x$(id)", 14, "expansion"), ("ip link show `id`", 14,
                                                                                "substitution"),
    ("rm -rf /", 1, "does not run `rm`"), ("echo 1 > /etc/passwd", 8, "only files below /proc/sys/net/"),
    ("echo hi", 1, "`echo` only as"), ("cat /etc/shadow", 1, "below /proc or /sys"),
    ("ping 10.0.0.1", 1, "never ends"), ("ip link set x up | grep x", 18, "only a command that reads"),
    ("ip link set x up  # fails: nope", 19, "no failure 'nope'"), ("ip netns exec ns1", 1, "needs a namespace"),
    ("sh -c 'reboot'", 1, "`sh -c` runs only"), ("sysctl -w a.b=1 c.d=2", 1, "one key at a time"),
    ("sysctl -w kernel.panic=1", 1, "only files below /proc/sys/net/"),
])
def test_refused_command_lines_say_where_and_why(text, col, what):
    e = error(parse_line, text, W, VALUES, FAILS)
    assert what in e.message and e.where.col == col, e.message


def test_changes_netsh_cannot_undo_are_marked():
    for text in ("ip link del br0", "ip netns del ns1", "ip addr flush dev eth0", "iptables -F",
                 "bridge fdb add 02:00:00:00:00:01 dev veth0", "ethtool -K eth0 tso off", "ip -6 route add ::/0 dev x"):
        assert parse_line(text, W, VALUES, FAILS).undo_unknown, text


# -- claims --------------------------------------------------------------------------------------

@pytest.mark.parametrize("text,kind,fields", [
    ("{ns} reaches {addr.ip}", C.Reaches, {"src": "ns1", "target": "10.0.0.1", "expect": True}),
    ("host cannot reach 10.0.0.2", C.Reaches, {"src": None, "target": "10.0.0.2", "expect": False}),
    ("link {br} is bridge up", C.LinkIs, {"name": "br0", "kind": "bridge", "up": True, "netns": None}),
    ("link lo in {ns} is loopback down", C.LinkIs, {"name": "lo", "kind": "loopback", "up": False, "netns": "ns1"}),
    ("address {addr} on {dev} in {ns}", C.HasAddress, {"cidr": "10.0.0.1/24", "dev": "veth0", "netns": "ns1"}),
    ("route default dev {dev} via 10.0.0.254 in {ns}", C.HasRoute,
     {"dst": "default", "dev": "veth0", "via": "10.0.0.254", "netns": "ns1"}),
    ("route 10.0.0.0/24 dev {br}", C.HasRoute, {"dst": "10.0.0.0/24", "via": None, "netns": None}),
    ("ports of {br} are veth1 veth3 veth5", C.BridgePorts, {"bridge": "br0", "ports": ("veth1", "veth3", "veth5")}),
    ("sysctl net.ipv4.ip_forward is 0", C.SysctlIs, {"path": "/proc/sys/net/ipv4/ip_forward", "value": "0"}),
    ("sysctl /proc/sys/net/ipv4/conf/{br}/proxy_arp is 1 in {ns}", C.SysctlIs,
     {"path": "/proc/sys/net/ipv4/conf/br0/proxy_arp", "netns": "ns1"}),
    ("option nf_call_iptables of {br} is 1", C.BridgeOption, {"bridge": "br0", "option": "nf_call_iptables"}),
    ("netns-local {br}", C.NetnsLocal, {"dev": "br0", "expect": True}),
    ("movable {dev} in {ns}", C.NetnsLocal, {"dev": "veth0", "netns": "ns1", "expect": False}),
    ("br_netfilter is loaded", C.BrNetfilterLoaded, {}),
    ("fdb {br} has {dev} in {ns} on veth1", Learned, {"bridge": "br0", "dev": "veth0", "port": "veth1",
                                                      "expect": True}),
    ("fdb {br} lacks veth4 in ns3 on veth5", Learned, {"netns": "ns3", "expect": False}),
    ("fdb {br} entry of veth4 in ns3 is fresh", Ageing, {"bridge": "br0", "dev": "veth4", "netns": "ns3"}),
    ("neighbour 10.0.0.254 in {ns} is {br}", NeighbourIs, {"netns": "ns1", "owner": "br0", "owner_netns": None}),
])
def test_every_claim_kind(text, kind, fields):
    c = claim(text)
    assert type(c) is kind
    assert {k: getattr(c, k) for k in fields} == fields
    assert c.text == fill(text, VALUES, W)  # without a quoted text, the statement is the text


def test_counter_claims():
    rises = claim("counter snmp Ip ForwDatagrams rises by 2 when {ns} reaches 10.0.0.2")
    assert isinstance(rises, C.CounterRises) and rises.at_least == 2
    assert rises.counter == C.SnmpCounter("Ip", "ForwDatagrams") and rises.traffic.src == "ns1"
    flat = claim("counter policy FORWARD stays flat when {ns} cannot reach 10.0.0.2")
    assert isinstance(flat, C.CounterFlat) and flat.counter == C.PolicyCounter("FORWARD")
    assert flat.traffic.expect is False
    rx = claim("counter rx veth4 in ns3 rises when host reaches 10.0.0.2")
    assert rx.counter == RxPackets("veth4", netns="ns3") and rx.at_least == 1 and rx.traffic.src is None


def test_text_why_not_outdated_and_id():
    c = claim('{ns} reaches 10.0.0.2 "{ns} gets through" why-not "no route from {ns}" outdated 3.16 "it moves"')
    assert c.text == "ns1 gets through" and c.why_not == "no route from ns1"
    assert (c.outdated.since, c.outdated.now) == ("3.16", "it moves")
    assert claim("host reaches 1.1.1.1 why-not arp", {"arp": "ARP is off"}).why_not == "ARP is off"
    spec = parse_claim("host reaches 1.1.1.1 id host-reach", W, {})
    assert spec.ident == "host-reach"


def test_a_parameter_value_never_changes_what_a_claim_means():
    values = {**VALUES, "ns": "link"}
    from netsh.lesson.build import make_claim
    c = make_claim(parse_claim("{ns} reaches 10.0.0.2", W, {}), values, {})
    assert isinstance(c, C.Reaches) and c.src == "link"


@pytest.mark.parametrize("text,col,what", [
    ("", 0, "a claim"), ("host reachs 1.1.1.1", 6, "`reaches` or `cannot reach`"),
    ("host cannot 1.1.1.1", 13, "`reach` after `cannot`"), ("link br0 bridge", 10, "`is` after the device"),
    ("link br0 is", 13, "a kind"), ("ports br0 are x", 7, "`of`"), ("ports of br0 x", 14, "`are`"),
    ("sysctl x 1", 10, "`is`"), ("counter bytes x rises when host reaches 1.1.1.1", 9, "snmp, policy or rx"),
    ("counter policy FORWARD rises by 2", 35, "`when`"), ("counter policy FORWARD falls", 24, "`stays`"),
    ("fdb br0 knows x", 9, "`lacks`"), ("host reaches 1.1.1.1 why-not nope", 30, "no reason 'nope'"),
    ('host reaches 1.1.1.1 "a" "b"', 26, "why-not, outdated or id"),
    ("host reaches 1.1.1.1 extra", 22, "the claim's text in double quotes"),
    ("host reaches 1.1.1.1 | x", 22, "has no meaning in a claim"), ("host reaches 1.1.1.1 outdated 3.16", 36,
                                                                     "in double quotes"),
    ("br_netfilter loaded", 14, "`is`"),
    ("counter rx veth0 rises by x when host reaches 1.1.1.1", 0, "whole number"),
])
def test_claim_errors_say_what_was_expected(text, col, what):
    e = error(claim, text)
    assert what in e.message, e.message
    if col:
        assert e.where.col == col, e.message


def test_unknown_params_in_prose_titles_and_claims_are_errors(tmp_path):
    for body, line in (("## Make {nope}\n", 9), ("## S\nAbout {nope}.\n", 9),
                       ("## S\n```claims\nhost reaches {nope}\n```\n", 11)):
        e = error(scenario_class, lesson(tmp_path, body))
        assert "unknown parameter {nope}" in e.message and e.where.line == line, e.message
