"""Parameters checked together: every inconsistent set is exit 2 before anything runs,
naming the parameters (netsh/param_rules.py)."""

from __future__ import annotations

import ipaddress

import faultkit as fk
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from netsh import param_rules as R
from netsh import params as P
from netsh.cli.app import app
from netsh.errors import UsageError
from netsh.scenario import available, find

runner = CliRunner()
SCENARIOS = available()


def refused(name: str, overrides: dict[str, str]) -> str:
    """Run NAME with these -p values through the CLI: it must stop with exit 2
    before anything runs (a dry run: were they accepted, it would exit 0)."""
    args = [a for k, v in overrides.items() for a in ("-p", f"{k}={v}")]
    result = runner.invoke(app, ["run", name, "--dry-run", "--quiet", *args])
    assert result.exit_code == 2, (name, overrides, result.output)
    fk.tally(param_sets=1)
    return result.output


@pytest.mark.parametrize("overrides,named", [
    ({"ns1": "ns2"}, ("ns1", "ns2")),
    ({"veth0": "veth1"}, ("veth0", "veth1")),
    ({"addr1": "10.0.0.1/24"}, ("addr1", "subnet")),
])
def test_the_issues_three_examples_exit_2_naming_the_parameters(overrides, named):
    out = refused("bridge-two-ns", overrides)
    assert "do not fit together" in out and all(n in out for n in named)


def test_every_built_in_default_fits_its_rules():
    for cls in SCENARIOS.values():
        cls()  # builds the defaults through the same check


def test_every_rule_names_parameters_of_its_scenario():
    for name, cls in SCENARIOS.items():
        known = {f.name for f in P.fields(cls.Params)}
        assert {n for rule in cls.rules for n in rule.names} <= known, name


def test_all_problems_are_said_at_once():
    with pytest.raises(UsageError) as err:
        find("bridge-two-ns").with_overrides({"ns2": "ns1", "gateway": "192.168.10.1", "addr2": "10.1.1.1/24"})
    text = str(err.value)
    assert "ns1 and ns2 are both ns1" in text and "gateway=192.168.10.1 lies inside" in text \
        and "addr2=10.1.1.1/24 lies outside subnet=192.168.10.0/24" in text and "proxy ARP" in text


def test_a_prefix_keeps_namespace_names_distinct_and_equal_ones_equal():
    find("bridge-two-ns").with_overrides({}, prefix="lab-")
    with pytest.raises(UsageError):
        find("bridge-two-ns").with_overrides({"ns1": "x", "ns2": "x"}, prefix="lab-")


@pytest.mark.parametrize("rule,values,bad", [
    (R.Distinct("a", "b"), {"a": P.Cidr("10.0.0.1/24"), "b": P.Address("10.0.0.1")}, True),
    (R.Distinct("a", "b"), {"a": P.Cidr("10.0.0.1/24"), "b": P.Address("10.0.0.2")}, False),
    (R.Within("a", "n"), {"a": P.Address("10.0.0.1"), "n": P.Network("10.0.0.0/8")}, False),
    (R.Within("a", "n"), {"a": P.Address("11.0.0.1"), "n": P.Network("10.0.0.0/8")}, True),
    (R.Within("a", "n"), {"a": P.Address("10.0.0.9"), "n": P.Cidr("10.0.0.1/24")}, False),
    (R.Outside("a", "n"), {"a": P.Address("10.0.0.1"), "n": P.Network("10.0.0.0/8")}, True),
    (R.SameNetwork("a", "b"), {"a": P.Cidr("10.0.0.1/24"), "b": P.Cidr("10.0.1.1/24")}, True),
    (R.SameNetwork("a", "b"), {"a": P.Cidr("10.0.0.1/24"), "b": P.Cidr("10.0.0.2/24")}, False),
    (R.HostAddress("a"), {"a": P.Cidr("10.0.0.255/24")}, True),
    (R.HostAddress("a"), {"a": P.Cidr("10.0.0.0/31")}, False),
])
def test_each_rule(rule, values, bad):
    assert bool(rule.problems(values)) is bad


def test_a_rule_naming_an_unknown_parameter_is_refused():
    with pytest.raises(UsageError, match="nope"):
        R.check((R.Within("nope", "n"),), {"n": P.Network("10.0.0.0/8")})


def test_front_matter_rules_round_trip():
    text = [{"within": ["addr1", "subnet"]}, {"outside": ["gateway", "subnet"]}, {"distinct": ["a", "b", "c"]},
            {"same_network": ["addr1", "addr2"]}, {"host_address": ["addr1"]}]
    rules = R.from_yaml(text)
    assert rules[0] == R.Within("addr1", "subnet") and rules[2] == R.Distinct("a", "b", "c")
    assert [R.to_yaml(r) for r in rules] == text
    assert R.from_yaml(None) == ()


@pytest.mark.parametrize("bad", [
    {"within": ["a", "b"]}, [{"within": ["a"]}], [{"within": ["a", "b", "c"]}], [{"inside": ["a", "b"]}],
    [{"within": ["a", "b"], "outside": ["a", "b"]}], ["within a b"], [{"distinct": "a, b"}],
    [{"distinct": ["a", 3]}], [{"distinct": ["a", ""]}],
])
def test_malformed_front_matter_rules_are_usage_errors(bad):
    with pytest.raises(UsageError):
        R.from_yaml(bad)


def test_list_json_shows_the_rules():
    import json

    listed = {d["name"]: d for d in json.loads(runner.invoke(app, ["list", "--json"]).output)}
    assert any(r.get("outside") == ["gateway", "subnet"] and "proxy ARP" in r.get("why", "")
               for r in listed["bridge-two-ns"]["rules"])


# ---- many inconsistent sets, made from the rules themselves -------------------

def all_rules(cls) -> list:
    kinds = {f.name: P.field_type(f).kind for f in P.fields(cls.Params)}
    return [*R.generic(kinds), *cls.rules]


def defaults(cls) -> dict[str, str]:
    return {f.name: str(f.default) for f in P.fields(cls.Params)}


ADDRESSES = st.integers(1, 2**32 - 2).map(ipaddress.IPv4Address)


def _as(current: str, ip) -> str:
    """`ip` written as a value of the same type as `current` (keeping a Cidr's length)."""
    return f"{ip}/{current.split('/')[1]}" if "/" in current else str(ip)


def _break(draw, rule, values: dict[str, str]) -> None:
    """Change `values` so that `rule` is broken (others may break too: all must be exit 2)."""
    if isinstance(rule, R.Distinct):
        a, b = draw(st.permutations(rule.names))[:2]
        values[b] = _as(values[b], ipaddress.IPv4Interface(values[a]).ip) if "." in values[a] else values[a]
    elif isinstance(rule, (R.Within, R.Outside)):
        net = ipaddress.IPv4Interface(values[rule.network]).network
        ip = net.network_address + draw(st.integers(0, net.num_addresses - 1)) if isinstance(rule, R.Outside) \
            else draw(ADDRESSES.filter(lambda a: a not in net))
        values[rule.addr] = _as(values[rule.addr], ip)
    elif isinstance(rule, R.SameNetwork):
        first = ipaddress.IPv4Interface(values[rule.names[0]]).network
        other = rule.names[draw(st.integers(1, len(rule.names) - 1))]
        values[other] = _as(values[other], draw(ADDRESSES.filter(lambda a: a not in first)))
    else:  # HostAddress
        net = ipaddress.IPv4Interface(values[rule.addr]).network
        values[rule.addr] = f"{draw(st.sampled_from([net.network_address, net.broadcast_address]))}/{net.prefixlen}"


@st.composite
def inconsistent(draw):
    name = draw(st.sampled_from(sorted(SCENARIOS)))
    cls = SCENARIOS[name]
    rules = all_rules(cls)
    values = defaults(cls)
    for rule in draw(st.lists(st.sampled_from(rules), min_size=1, max_size=3)):
        _break(draw, rule, values)
    return name, {k: v for k, v in values.items() if v != defaults(cls)[k]}


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(inconsistent())
def test_inconsistent_parameter_sets_all_exit_2(case):
    name, overrides = case
    out = refused(name, overrides)
    assert any(k in out for k in overrides), out
