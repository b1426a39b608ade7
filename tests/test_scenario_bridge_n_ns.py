"""bridge-n-ns: N namespaces on one bridge, every pair checked without dynamic ARP."""

from __future__ import annotations

import pytest

from conftest import needs_root
from netsh.errors import UsageError
from netsh.events import ClaimChecked, CommandRan, StepStarted
from netsh.scenario import find
from netsh.state.neighbours import parse_neighbours
from netsh.tools import ip

N = 64


def arp_entries(text: str):
    """IPv4 neighbour entries that stand for a neighbour (not NOARP placeholders)."""
    return [n for n in parse_neighbours(text) if "." in n.address and "NOARP" not in n.state]


def scenario(**params):
    return find("bridge-n-ns").with_overrides({k: str(v) for k, v in params.items()})


def test_commands_build_in_place_and_write_every_neighbour_by_hand():
    sc = scenario(n=4)
    commands = [c for s in sc.steps() for c in s.commands]
    shown = [c.display for c in commands]
    assert "ip link add vh3 type veth peer name eth0 address 02:4e:53:00:00:03 netns ns3" in shown
    assert not any(" netns ns" in d and d.startswith("ip link set ") for d in shown), "no device is moved"
    neigh = [c for c in commands if c.args[1:3] == ("neigh", "add")]
    assert all(c.args[-2:] == ("nud", "permanent") for c in neigh)
    host = [c for c in neigh if c.netns is None]
    gateway = [c for c in neigh if c.args[3] == "169.2.2.2"]
    assert (len(host), len(gateway), len(neigh)) == (4, 3, 4 + 3 + 4 * 3)
    assert not any(c.netns == "ns1" for c in gateway), "ns1 asks for the gateway by ARP (proxy ARP)"
    # Undos: namespaces, the route, proxy_arp, the bridge; the rest goes with them.
    undone = [c.display for c in commands if c.changes]
    assert undone == ["ip link add br0 address 02:4e:42:00:00:01 type bridge", "ip link set br0 up",
                      *(f"ip netns add ns{i}" for i in range(1, 5)),
                      "ip route add 198.18.0.0/22 dev br0 scope link",
                      "echo 1 > /proc/sys/net/ipv4/conf/br0/proxy_arp",
                      "echo 0 > /proc/sys/net/ipv4/neigh/br0/proxy_delay"]


def test_export_passes_shellcheck_and_checks_every_source(tmp_path):
    from scenario_checks import assert_export_passes_shellcheck

    script = assert_export_passes_shellcheck("bridge-n-ns", tmp_path)
    assert script.count("verdict 'every namespace reaches every other") == 1
    assert script.count("if ! out=$(ip netns exec ns") == 4  # one fping per source
    assert "ip netns del ns4" in script and "neigh del" not in script


def test_parameters_are_checked_against_each_other():
    with pytest.raises(UsageError, match="room for 254") as exc:
        scenario(n=300, subnet="10.0.0.0/24")
    assert "subnet=10.0.0.0/23" in exc.value.hint
    with pytest.raises(UsageError, match="inside"):
        scenario(gateway="198.18.0.9")
    with pytest.raises(UsageError, match="out of range"):
        scenario(n=1)
    with pytest.raises(UsageError, match="longer than 15"):
        scenario(n=100, host_end="abcdefghijklm")
    assert scenario(n=256).p.n == 256  # the default /22 holds 256
    assert scenario(n=1000).p.n == 1000  # ... and 1000: a bridge takes at most 1023 ports
    with pytest.raises(UsageError, match="out of range"):
        scenario(n=1001)
    with pytest.raises(UsageError, match="all_pairs=600 is more than 512"):
        scenario(n=600, all_pairs=600)


def test_above_all_pairs_a_spread_sample_pings_everyone_and_everyone_knows_only_the_sample():
    from netsh.claims.sweep import ReachesRange

    sc = scenario(n=40, all_pairs=20)
    sources = sc.sources()
    assert len(sources) == 16 and sources[0] == 1 and sources[-1] <= 40
    assert len(set(j - i for i, j in zip(sources, sources[1:]))) <= 2, "spread evenly"
    neigh = [c for s in sc.plan for c in s.commands if c.args[1:3] == ("neigh", "add") and c.netns]
    told = {ns: sum(1 for c in neigh if c.netns == ns and c.args[3] != "169.2.2.2") for ns in sc.nss()}
    assert told["ns1"] == 39 and told["ns2"] == 16 - ("ns2" in [f"ns{i}" for i in sources])
    assert len(neigh) == sum(len(sc.peers(i)) for i in range(1, 41)) + 39  # and the gateway
    [claim] = [c for c in sc.plan[-1].claims if isinstance(c, ReachesRange) and c.sources != (None,)]
    assert claim.sources == tuple(f"ns{i}" for i in sources) and claim.count == 40
    assert claim.text == "16 namespaces spread over the range reach all 40 (16 × 40 pairs)"
    assert scenario(n=40).every_pair and len(scenario(n=40).sources()) == 40


@pytest.mark.parametrize("all_pairs", [N, 16], ids=["every pair", "sampled"])
@needs_root
def test_sixty_four_namespaces_every_pair_reaches_every_other_without_dynamic_arp(all_pairs):
    from netsh.executors.sandbox import SandboxExecutor
    from netsh.runner import Runner

    sc = scenario(n=N, all_pairs=all_pairs)
    events = []
    with SandboxExecutor() as ex:
        ex.batch = True
        runs = []
        real_run = ex.run
        ex.run = lambda c: (runs.append(c), real_run(c))[1]
        outcome = Runner(ex, events.append).run(sc)
        arp = {ns: arp_entries(real_run(ip.json("neigh", "show", "nud", "all", netns=ns)).stdout)
               for ns in ("ns1", "ns2", f"ns{N}")}
        host = arp_entries(real_run(ip.json("neigh", "show", "dev", "br0", "nud", "all")).stdout)
    assert outcome.error is None
    claims = {e.text: e.verdict for e in events if isinstance(e, ClaimChecked)}
    assert all(v.held for v in claims.values()), {t: v.observed for t, v in claims.items() if not v.held}
    pairs = claims[f"every namespace reaches every other ({N} × {N} pairs)" if sc.every_pair else
                   f"16 namespaces spread over the range reach all {N} (16 × {N} pairs)"]
    assert pairs.observed.startswith(f"all {len(sc.sources()) * N} pairs replied")
    # Every command is reported with its own result, though few processes ran them.
    ran = [e.result for e in events if isinstance(e, CommandRan)]
    assert len(ran) == sum(len(e.step.commands) for e in events if isinstance(e, StepStarted))
    assert all(r.ok for r in ran)
    batches = [c for c in runs if c.args[-2:] == ("-batch", "-")]
    assert len(batches) <= N + 6
    assert len(ran) > (N * N if sc.every_pair else 2 * 16 * N)
    # Safe at any N: the only dynamic entry is ns1's gateway, learned through proxy ARP.
    dynamic = [(ns, n.address) for ns, entries in arp.items() for n in entries if "PERMANENT" not in n.state]
    assert dynamic == [("ns1", "169.2.2.2")]
    assert len(arp["ns2"]) == (N if sc.every_pair else 17)  # the peers it answers, and the gateway
    assert len(host) == N and all("PERMANENT" in n.state for n in host)


@needs_root
def test_on_host_batched_run_journals_and_restores_exactly(prefix, tmp_path):
    import json
    import os
    import subprocess

    from conftest import NETSH, snapshot
    from hostlike import hostlike

    with hostlike(prefix) as inside:
        env = {**os.environ, "NETSH_STATE_DIR": str(tmp_path / "state")}
        before = snapshot(inside)
        report = tmp_path / "r.json"
        r = subprocess.run([*inside, *NETSH, "run", "bridge-n-ns", "-p", "n=8", "--on-host", "--prefix", prefix,
                            "--report", str(report), "-q"], capture_output=True, text=True, env=env, timeout=120)
        assert r.returncode == 0, r.stdout + r.stderr
        data = json.loads(report.read_text())
        assert data["held"] is True
        undone = [u["command"] for u in data["undo"]]
        assert undone[:3] == ["echo 80 > /proc/sys/net/ipv4/neigh/br0/proxy_delay",
                              "echo 0 > /proc/sys/net/ipv4/conf/br0/proxy_arp",
                              "ip route del 198.18.0.0/22 dev br0 scope link"]
        assert undone[3:11] == [f"ip netns del {prefix}ns{i}" for i in range(8, 0, -1)]
        after = snapshot(inside)
        # Other tests may add or remove namespaces meanwhile: compare ours by name.
        assert [ns for ns in after.pop("netns") if ns.startswith(prefix)] == [f"{prefix}host", f"{prefix}wan"]
        before.pop("netns")
        assert after == before
        assert not list((tmp_path / "state").glob("*.journal")), "a clean run leaves no journal"


@needs_root
def test_a_namespace_cut_off_at_its_bridge_port_fails_after_its_pairs_are_probed_again():
    """A really broken path is not mistaken for a lost packet: ns3's port is
    disabled (a bridge port state), its pairs stay silent through every recheck."""
    from netsh.claims.sweep import RECHECKS
    from netsh.command import cmd
    from netsh.executors.sandbox import SandboxExecutor
    from netsh.runner import Runner
    from netsh.step import step

    base = find("bridge-n-ns")

    class CutOff(base):
        def steps(self):
            *build, check = super().steps()
            yield from build
            yield step("ns3's port drops everything", "",
                       [cmd("bridge", "link", "set", "dev", "vh3", "state", "0")])
            yield check

    n = 4
    events = []
    with SandboxExecutor() as ex:
        ex.batch = True
        outcome = Runner(ex, events.append).run(CutOff.with_overrides({"n": str(n)}))
    assert outcome.error is None
    claims = {e.text: e for e in events if isinstance(e, ClaimChecked)}
    pairs = claims[f"every namespace reaches every other ({n} × {n} pairs)"]
    assert pairs.verdict.held is False
    # ns3 reaches only itself; nobody else reaches ns3: 2 × 3 pairs.
    assert pairs.verdict.observed.startswith(f"6 of {n * n} pairs got no reply")
    assert pairs.verdict.table[1] == (str(n * n), str(n * n - 6), "6", "6")
    rechecked = pairs.results[n:]
    assert len(rechecked) == RECHECKS * n, "each source with a silent pair, RECHECKS times"
    assert {tuple(r.command.args[9:]) for r in rechecked if r.command.netns == "ns1"} == {("198.18.0.3",)}
    host = claims[f"the host reaches all {n} namespaces through its one route"]
    assert host.verdict.held is False and "host → 198.18.0.3" in host.verdict.observed
