"""Parameter validation: what the kernel would reject is refused up front (exit 2)."""

import pytest

from netsh import params as P
from netsh.errors import UsageError
from netsh.scenario import find

Seed = find("bridge-two-ns")


def test_defaults_are_the_tutorials():
    p = Seed().p
    assert (p.bridge, p.ns1, p.addr1, p.subnet, p.gateway) == \
        ("br0", "ns1", "192.168.10.10/24", "192.168.10.0/24", "169.2.2.2")


def test_overrides_and_prefix():
    p = Seed.with_overrides({"bridge": "br9"}, prefix="lab-").p
    assert p.bridge == "br9" and p.ns1 == "lab-ns1" and p.ns2 == "lab-ns2"
    assert p.veth0 == "veth0"  # only namespace names are prefixed


@pytest.mark.parametrize("name,value", [
    ("bridge", "a-name-longer-than-15"), ("bridge", "has/slash"), ("bridge", "has space"),
    ("bridge", ""), ("ns1", "a/b"), ("ns1", ".."), ("ns1", "x;rm"), ("addr1", "192.168.10.300/24"),
    ("addr1", "192.168.10.10"), ("subnet", "192.168.10.1/24"), ("gateway", "nope"),
])
def test_bad_values_are_usage_errors(name, value):
    with pytest.raises(UsageError):
        Seed.with_overrides({name: value})


def test_unknown_parameter_lists_the_known_ones():
    with pytest.raises(UsageError) as err:
        Seed.with_overrides({"bridg": "br1"})
    assert "bridge" in err.value.hint


@pytest.mark.parametrize("item", ["novalue", "=x"])
def test_malformed_assignment(item):
    with pytest.raises(UsageError):
        P.parse_assignments([item])


def test_describe_gives_name_type_default():
    described = {d["name"]: d for d in Seed.describe()["parameters"]}
    assert described["bridge"] == {"name": "bridge", "type": "ifname", "default": "br0"}
    assert described["addr1"]["type"] == "cidr"


@pytest.mark.parametrize("annotation", ["str", "IPv4Address", str, int])
def test_an_unsupported_annotation_is_a_usage_error_naming_the_field(annotation):
    import dataclasses

    Params = dataclasses.make_dataclass("Params", [("mtu", annotation, dataclasses.field(default="1500"))],
                                        frozen=True)
    with pytest.raises(UsageError, match="parameter 'mtu' is annotated"):
        P.build(Params, {})
