"""Claims are written with keywords only: a positional value could land in the
wrong field and probe the wrong device without a word."""

from __future__ import annotations

import dataclasses
import importlib
import pkgutil

import pytest

import netsh
from netsh.claims import LinkIs, Reaches
from netsh.claims.base import Claim
from netsh.claims.counters import CounterRises
from netsh.errors import UsageError
from netsh.step import step


def every_claim_class() -> set[type]:
    for info in pkgutil.walk_packages(netsh.__path__, "netsh."):
        if info.name != "netsh.__main__":
            importlib.import_module(info.name)
    found, todo = set(), [Claim]
    while todo:
        for sub in todo.pop().__subclasses__():
            found.add(sub)
            todo.append(sub)
    return found


def test_every_claim_field_is_keyword_only():
    classes = every_claim_class()
    assert {"LinkIs", "Placed", "CounterRises", "SideBySide"} <= {c.__name__ for c in classes}
    positional = [f"{c.__name__}.{f.name}" for c in classes for f in dataclasses.fields(c) if not f.kw_only]
    assert positional == [], "give the class @dataclass(frozen=True, kw_only=True)"


def test_a_positional_text_or_a_missing_device_is_an_error():
    with pytest.raises(TypeError):
        LinkIs("br0 is a bridge")
    with pytest.raises(TypeError, match="name"):
        LinkIs(text="br0 is a bridge", kind="bridge")


def test_a_nested_claim_needs_no_text_but_a_step_s_claim_does():
    rises = CounterRises(text="the counter rises", traffic=Reaches(src="ns1", target="10.0.0.2"))
    assert step("ping", claims=[rises]).claims == (rises,)
    with pytest.raises(UsageError, match="Reaches claim of step 'ping' has no text"):
        step("ping", claims=[Reaches(src="ns1", target="10.0.0.2")])


def test_an_author_s_claim_is_a_frozen_keyword_only_dataclass_without_saying_so():
    class Mine(Claim):
        dev: str
        netns: str | None = None

    claim = Mine(text="mine", dev="br0")
    assert dataclasses.is_dataclass(claim) and claim.dev == "br0" and claim.netns is None
    with pytest.raises(TypeError):
        Mine("mine", "br0")
    with pytest.raises(dataclasses.FrozenInstanceError):
        claim.dev = "br1"


def test_an_author_s_own_dataclass_decorator_still_works_and_the_claim_stays_frozen():
    @dataclasses.dataclass(frozen=True)
    class Theirs(Claim):
        dev: str = ""

    claim = Theirs(text="theirs", dev="br0")
    with pytest.raises(dataclasses.FrozenInstanceError):
        claim.dev = "br1"
    with pytest.raises(dataclasses.FrozenInstanceError):
        claim.text = "changed"
