"""The topology of a snapshot as a picture: Mermaid or Graphviz DOT.

Namespaces are boxes (clusters); inside are their devices with addresses;
lines join veth ends and bridge ports to their bridge. A packet path (from
`netsh.state.path`) is drawn over it in red, with the verdict "bridged by
br0" or "routed by host" in the caption. Pure functions of a snapshot.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from netsh.state.path import PacketPath
from netsh.state.snapshot import HOST_NAME, Snapshot, peer_of

OUTSIDE = "stand-in outside network"  # the label of a namespace the sandbox's setup made


@dataclass(frozen=True)
class Node:
    id: str
    ns: str
    name: str
    label: str
    mark: str = ""   # "new" or "changed" since an earlier picture (render/page/pictures.py)


@dataclass(frozen=True)
class Edge:
    a: str
    b: str
    kind: str        # "veth" or "port"
    on_path: bool = False
    new: bool = False


@dataclass(frozen=True)
class Topology:
    namespaces: tuple[str, ...]
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    caption: str = ""
    outside: frozenset[str] = frozenset()  # namespaces standing in for the network outside
    stopped: str = ""  # the node where the observed packet stopped (netsh/why evidence)
    notes: tuple[tuple[str, str], ...] = ()  # (namespace, line): changes no box or line shows

    def label(self, ns: str) -> str:
        return f"{ns} ({OUTSIDE})" if ns in self.outside else ns


def node_id(ns: str, dev: str) -> str:
    return re.sub(r"[^A-Za-z0-9_]", "_", f"{ns}__{dev}")


def topology(snap: Snapshot, path: PacketPath | None = None, outside=(), evidence=None,
             more_paths: tuple[PacketPath, ...] = ()) -> Topology:
    """`outside`: the namespaces netsh's setup made to stand in for the outside network;
    `evidence` (a claim's observed path, netsh/why) overrides the computed `path`;
    `more_paths`: drawn as well."""
    outside = frozenset(outside)

    def side(ns: str) -> int:  # left to right: the namespaces, the host, the outside network
        return 2 if ns in outside else 1 if ns == HOST_NAME else 0

    stop, stop_note = "", ""
    hops = [(h.netns, h.device) for h in evidence.hops if h.device] if evidence and evidence.hops else \
        list(path.hops) if path is not None else []
    on_path = set()
    for p_hops in (hops, *(p.hops for p in more_paths)):
        ids = [node_id(ns, dev) for ns, dev in p_hops]
        on_path |= {frozenset(pair) for pair in zip(ids, ids[1:])}
    if evidence is not None and evidence.stopped is not None:
        s_ = evidence.stopped
        stop = node_id(s_.netns, s_.device or next((d for n, d in reversed(hops) if n == s_.netns), ""))
        stop_note = f"\n✗ {s_.hook} {s_.verdict}".rstrip()
    nodes, edges, seen = [], [], set()
    for ns in snap.namespaces:
        for i in ns.ifaces:
            if i.kind == "loopback":
                continue
            kind = " · bridge" if i.kind == "bridge" else ""
            addrs = "".join(f"\n{a}" for a in i.addrs)
            me = node_id(ns.name, i.name)
            nodes.append(Node(me, ns.name, i.name, f"{i.name}{kind}{addrs}" + (stop_note if me == stop else "")))
            links = []
            peer = peer_of(snap, ns, i)
            if peer is not None:
                other = node_id(peer[0].name, peer[1].name)
                ends = (me, other) if side(ns.name) <= side(peer[0].name) else (other, me)
                links.append((*ends, "veth"))
            if i.master:
                links.append((me, node_id(ns.name, i.master), "port"))
            for a, b, kind_ in links:
                key = frozenset((a, b))
                if key not in seen:
                    seen.add(key)
                    edges.append(Edge(a, b, kind_, key in on_path))
    caption = f"{path.claim}: {path.verdict}" if path is not None else ""
    if path is not None and evidence is not None and evidence.stopped is not None and evidence.reason:
        caption = f"{path.claim}: {evidence.reason}"
    return Topology(tuple(n.name for n in snap.namespaces), tuple(nodes), tuple(edges), caption, outside,
                    stop if any(n.id == stop for n in nodes) else "")


# A change is said in words as well as in colour.
MARKS = {"new": "new: ", "changed": "changed: "}
NODE_STYLE = {"new": ', style="rounded,filled,bold", fillcolor="#fff1b8"',
              "changed": ', style="rounded,filled", fillcolor="#e8f0ff"'}
STOPPED_STYLE = ', color="#d62728", style="rounded,filled", fillcolor="#ffdddd"'


def to_mermaid(topo: Topology) -> str:
    def q(text: str) -> str:
        return '"' + text.replace('"', "#quot;").replace("\n", "<br/>") + '"'

    out = ["flowchart LR"]
    if topo.caption:
        out.append(f"  %% packet path: {topo.caption}")
    for ns in topo.namespaces:
        members = [n for n in topo.nodes if n.ns == ns]
        if not members:
            continue
        out.append(f"  subgraph {node_id('ns', ns)}[{q(topo.label(ns))}]")
        out += [f"    {n.id}[{q(n.label)}]" for n in members]
        out.append("  end")
    for e in topo.edges:
        line = "===" if e.kind == "veth" else "---"
        out.append(f"  {e.a} {line}|{e.kind}| {e.b}")
    marked = [str(k) for k, e in enumerate(topo.edges) if e.on_path]
    if marked:
        out.append(f"  linkStyle {','.join(marked)} stroke:#d62728,stroke-width:4px")
    if topo.stopped:
        out.append(f"  style {topo.stopped} fill:#fdd,stroke:#d62728,stroke-width:3px")
    return "\n".join(out) + "\n"


def to_dot(topo: Topology) -> str:
    def q(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'

    out = ["graph netsh {", "  rankdir=LR;", '  graph [fontname="sans-serif"];',
           '  node [shape=box, style=rounded, fontname="monospace"];',
           '  edge [fontname="monospace", fontsize=10];']
    if topo.caption:
        out += [f"  label={q('packet path: ' + topo.caption)};", "  labelloc=b;"]
    for ns in topo.namespaces:
        members = [n for n in topo.nodes if n.ns == ns]
        if not members:
            continue
        out.append(f"  subgraph cluster_{node_id('ns', ns)} {{")
        out.append(f"    label={q(topo.label(ns))}; style=rounded;")
        out += [f"    {n.id} [label={q(MARKS.get(n.mark, '') + n.label)}"
                + (STOPPED_STYLE if n.id == topo.stopped else NODE_STYLE.get(n.mark, "")) + "];" for n in members]
        notes = [line for where, line in topo.notes if where == ns]
        if notes:
            out.append(f"    {node_id('note', ns)} [shape=note, label={q(chr(10).join(notes))}{NODE_STYLE['new']}];")
        out.append("  }")
    for e in topo.edges:
        style = "bold" if e.kind == "veth" else "dashed"
        extra = ', color="#d62728", penwidth=3' if e.on_path else ', color="#1f5fbf", penwidth=2.5' if e.new else ""
        label = f"new {e.kind}" if e.new else e.kind
        out.append(f"  {e.a} -- {e.b} [label={q(label)}, style={style}{extra}];")
    out.append("}")
    return "\n".join(out) + "\n"


def require_dot() -> None:
    """Graphviz's `dot` is here, or an error that says how to install it."""
    import shutil

    from netsh.errors import EnvironmentProblem

    if shutil.which("dot") is None:
        raise EnvironmentProblem("drawing SVG needs Graphviz's `dot`, which is not installed",
                                 "Install it (apt-get install graphviz), or use --format dot or mermaid.")


def dot_to_svg(dot: str) -> str:
    """Lay out DOT with Graphviz's `dot`."""
    import subprocess

    require_dot()
    return subprocess.run(["dot", "-Tsvg"], input=dot, capture_output=True, text=True, check=True).stdout
