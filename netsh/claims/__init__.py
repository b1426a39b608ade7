"""Claims: what the tutorial says will be true, as data that can be checked.

A claim names the read-only commands that observe the system (`probes`) and
judges their results (`judge`). It never runs anything itself, so the same claim
is checked live, listed in a dry run, and turned into a check in an exported
script. One module per kind of evidence; everything is re-exported here.
"""

from netsh.claims.base import Claim, Verdict
from netsh.claims.br_netfilter import BrNetfilterLoaded
from netsh.claims.bridge_options import BridgeOption
from netsh.claims.compare import SideBySide
from netsh.claims.counters import CounterFlat, CounterRises, PolicyCounter, SnmpCounter
from netsh.claims.links import BridgePorts, HasAddress, HasRoute, LinkIs, NetnsLocal
from netsh.claims.reach import Reaches
from netsh.claims.sysctl import SysctlIs

__all__ = ["BridgePorts", "Claim", "HasAddress", "HasRoute", "LinkIs", "NetnsLocal", "Reaches",
           "SysctlIs", "Verdict"]
__all__ += ["BridgeOption", "BrNetfilterLoaded", "CounterFlat", "CounterRises", "PolicyCounter",
            "SideBySide", "SnmpCounter"]
