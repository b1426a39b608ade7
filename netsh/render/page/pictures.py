"""A topology picture for each step of a lesson page, drawn from the state
after that step (render/graph.py lays it out with Graphviz).

What the step added is marked against the state before it: new devices and
lines, devices whose addresses changed, and a note in each namespace for what
no box shows (routes, sysctls, link state, the FORWARD policy). The packet
path of the step's reachability claims is drawn in red.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, replace

from markupsafe import Markup

from netsh.render.graph import Topology, dot_to_svg, to_dot, topology
from netsh.state.diff import diff
from netsh.state.path import PacketPath, packet_path
from netsh.state.snapshot import HOST_NAME, Snapshot

# Facts the boxes and lines already show when they change, or that are too many to note.
SHOWN = ("+ link ", "+ addr ", "- addr ", "+ netns ", "- netns ")
NOISE = ("neigh ", "fdb ")


@dataclass(frozen=True)
class Picture:
    svg: Markup                       # Graphviz's SVG (it escapes the labels), ids made unique
    changes: tuple[str, ...]          # every change of the step, as `run --diff` prints it
    paths: tuple[PacketPath, ...]     # of the step's claims that should reach


def reach_paths(snap: Snapshot, claims) -> tuple[PacketPath, ...]:
    from netsh.claims import Reaches

    return tuple(packet_path(snap, c.src, c.target, c.text) for c in claims if isinstance(c, Reaches) and c.expect)


def _split(line: str) -> tuple[str, str]:
    """"+ ns1: route default dev veth0" -> ("ns1", "+ route default dev veth0")."""
    sign, rest = (line[:2], line[2:]) if line[:2] in ("+ ", "- ") else ("", line)
    where, sep, fact = rest.partition(": ")
    return (where, sign + fact) if sep and " " not in where else (HOST_NAME, line)


def notes(lines: list[str]) -> tuple[tuple[str, str], ...]:
    out = []
    for line in lines:
        where, fact = _split(line)
        if not fact.startswith(SHOWN) and not fact.lstrip("+- ").startswith(NOISE):
            out.append((where, fact))
    return tuple(out)


def highlighted(before: Snapshot | None, after: Snapshot, paths: tuple[PacketPath, ...], outside=()) -> Topology:
    """`outside`: the namespaces the sandbox's setup made to stand in for the outside network."""
    topo = topology(after, outside=outside, more_paths=paths)
    if before is None:
        return topo
    old = topology(before, outside=outside)
    labels = {n.id: n.label for n in old.nodes}
    lines = {frozenset((e.a, e.b)) for e in old.edges}
    nodes = tuple(replace(n, mark="new" if n.id not in labels else "changed" if labels[n.id] != n.label else "")
                  for n in topo.nodes)
    edges = tuple(replace(e, new=frozenset((e.a, e.b)) not in lines) for e in topo.edges)
    return replace(topo, nodes=nodes, edges=edges, notes=notes(diff(before, after)))


def _inline(svg: str, prefix: str, label: str) -> Markup:
    """Graphviz's file as an element for an HTML page: no XML prolog, ids unique on the page."""
    svg = svg[svg.index("<svg"):]
    svg = re.sub(r'\b(id|xlink:href)="(#?)', lambda m: f'{m[1]}="{m[2]}{prefix}-', svg)
    return Markup(svg.replace("<svg", f'<svg role="img" aria-label="{html.escape(label)}"', 1))


def picture(before: Snapshot | None, after: Snapshot, claims, prefix: str, label: str, outside=()) -> Picture:
    paths = reach_paths(after, claims)
    topo = highlighted(before, after, paths, outside)
    changes = tuple(diff(before, after)) if before is not None else ()
    return Picture(_inline(dot_to_svg(to_dot(topo)), prefix, label), changes, paths)
