"""Script checks for the claims judged from JSON state (`ip -j`, `bridge -j`,
`ethtool --json`) and for the plain reads beside them: each judges as the
claim's `judge` does, from the same probes, through the script's `rows` reader."""

from __future__ import annotations

from netsh.claims import BridgeOption, BridgePorts, BrNetfilterLoaded, HasAddress, HasRoute, LinkIs, NetnsLocal
from netsh.claims.br_netfilter import BRNF
from netsh.features import BR_NETFILTER_HINT
from netsh.claims.learning import Ageing, Learned, RxPackets
from netsh.claims.moves import NetnsLocalKinds
from netsh.claims.neighbours import NeighbourIs
from netsh.claims.sysctl import SysctlIs
from netsh.claims.vlan import VlanMember
from netsh.claims.vxlan import LearnedVtep
from netsh.render.script_checks import READ_FIELDS, ScriptCheck, counter_value, judged, q, reads, run, script_check

LEARNED = ("'tolower($1) == m && $3 != \"permanent\" && $3 != \"static\" && "
           "(\",\" $4 \",\") !~ /,self,/")  # an entry learned from traffic (state/fdb.py)


APOS = "'"


def _from_json(probe, lines: list[str]) -> ScriptCheck:
    """A check that reads `probe`'s JSON output into `$out`, then runs `lines`."""
    return ScriptCheck(tuple(reads([("out", probe)], lines)), json=True)


def _where(netns) -> str:
    return f"in {netns}" if netns else "on the host"


@script_check.register
def _link(claim: LinkIs) -> ScriptCheck:
    (probe,) = claim.probes()
    state = "up" if claim.up else "down"
    return _from_json(probe, [
        f'{READ_FIELDS} kind ltype flags < <(rows linkinfo.info_kind link_type flags <<<"$out") || true',
        '[ -n "$kind" ] || [ "$ltype" != loopback ] || kind=loopback',
        'case ",$flags," in *,UP,*) state=up ;; *) state=down ;; esac',
        f'seen={q(claim.name + ": type ")}"${{kind:-none}}, $state"',
        judged(f'[ "$kind" = {q(claim.kind)} ] && [ "$state" = {state} ]')])


@script_check.register
def _ports(claim: BridgePorts) -> ScriptCheck:
    (probe,) = claim.probes()
    return _from_json(probe, [
        'got=$(rows ifname <<<"$out" | LC_ALL=C sort | paste -sd , -)',
        f'seen={q(f"ports of {claim.bridge}: ")}"${{got:-none}}"',
        judged(f'[ "$got" = {q(",".join(sorted(claim.ports)))} ]')])


@script_check.register
def _address(claim: HasAddress) -> ScriptCheck:
    (probe,) = claim.probes()
    return _from_json(probe, [
        "cidrs=$(rows -e addr_info family local prefixlen <<<\"$out\" "
        "| awk -F '\\037' '$1 == \"inet\" {print $2 \"/\" $3}')",
        'list=$(paste -sd , - <<<"$cidrs")',
        f'seen={q(f"{claim.dev} {_where(claim.netns)}: ")}"${{list:-no IPv4 address}}"',
        judged(f'grep -qxF -- {q(claim.cidr)} <<<"$cidrs"')])


@script_check.register
def _route(claim: HasRoute) -> ScriptCheck:
    (probe,) = claim.probes()
    fields, want = "dst dev", f"{q(claim.dst)} {q(claim.dev)}"
    if claim.via is not None:
        fields, want = f"{fields} gateway", f"{want} {q(claim.via)}"
    return _from_json(probe, [
        "seen=$(rows dst gateway dev <<<\"$out\" | awk -F '\\037' "
        "'{print $1 ($2 == \"\" ? \"\" : \" via \" $2) \" dev \" $3}' | paste -sd ';' - | sed 's/;/; /g')",
        'seen=${seen:-no routes}',
        judged(f'rows {fields} <<<"$out" | has_row {want}')])


@script_check.register
def _sysctl(claim: SysctlIs) -> ScriptCheck:
    (probe,) = claim.probes()
    return ScriptCheck(tuple(reads([("got", probe)], [
        f'seen={q(claim.path + " = ")}"$got"', judged(f'[ "$got" = {q(claim.value)} ]')])))


@script_check.register
def _brnf(claim: BrNetfilterLoaded) -> ScriptCheck:
    (probe,) = claim.probes()
    return ScriptCheck((f"if got=$({run(probe)} 2>/dev/null); then",
                  '  ok=0 seen="br_netfilter is loaded; bridge-nf-call-iptables = $got"',
                  f"else ok=1 seen={q(f'{BRNF} does not exist: br_netfilter is not loaded')} "
                  f"why={q(BR_NETFILTER_HINT)}; fi"))


@script_check.register
def _bridge_option(claim: BridgeOption) -> ScriptCheck:
    (probe,) = claim.probes()
    missing = (f"{claim.bridge} reports no option {claim.option} "
               "(not a bridge, or an iproute2 too old to show it)")
    same = judged(f'[ "$got" = {q(claim.value)} ]')
    return _from_json(probe, [
        f'{READ_FIELDS} kind got < <(rows linkinfo.info_kind {q("linkinfo.info_data." + claim.option)} '
        '<<<"$out") || true',
        f'if [ "$kind" != bridge ] || [ -z "$got" ]; then ok=1 seen={q(missing)}',
        f'else seen={q(f"{claim.bridge}: {claim.option} ")}"$got"; {same}',
        "fi"])


@script_check.register
def _netns_local(claim: NetnsLocal) -> ScriptCheck:
    """Every tool that reports the flag must agree; where none does, it cannot be told."""
    feats, link = claim.probes()
    want = "true" if claim.expect else "false"
    unknown = (f"{claim.dev}: not reported (ethtool lists no netns-local from Linux 6.12 on; "
               "iproute2 shows netns-immutable only from 6.15); a move tried for real tells")
    return ScriptCheck((
        'reports="" ok=0',
        f"v=$({run(feats)} 2>/dev/null | rows netns-local.active) || v=''",
        'if [ -n "$v" ]; then',
        '  reports="ethtool: netns-local: $([ "$v" = true ] && echo on || echo off)"',
        f'  [ "$v" = {want} ] || ok=1',
        "fi",
        f"v=$({run(link)} 2>/dev/null | rows netns-immutable) || v=''",
        'if [ -n "$v" ]; then',
        '  reports="${reports:+$reports; }ip -d link: netns-immutable: $v"',
        f'  [ "$v" = {want} ] || ok=1',
        "fi",
        f'if [ -z "$reports" ]; then ok=2 seen={q(unknown)}; else seen={q(claim.dev + ": ")}"$reports"; fi',
    ), json=True)


def _mac(var: str) -> str:
    """The MAC of the link whose JSON is in $var, lower case, into $mac."""
    return f'{READ_FIELDS} mac < <(rows address <<<"${var}") || true; mac=${{mac,,}}'


@script_check.register
def _neighbour(claim: NeighbourIs) -> ScriptCheck:
    neigh, link = claim.probes()
    owner = f"{claim.owner} {'in ' + claim.owner_netns if claim.owner_netns else 'on the host'}"
    return ScriptCheck(tuple(reads([("nout", neigh), ("lout", link)], [
        _mac("lout"),
        'macs=$(rows lladdr <<<"$nout" | grep -v "^$" | LC_ALL=C sort -u)',
        f'if [ -z "$macs" ]; then ok=1 seen={q(f"no resolved entry for {claim.address}")}',
        f'else seen={q(claim.address + " is at ")}"$(paste -sd , - <<<"$macs"); "{q(owner + " is ")}"$mac"',
        "  " + judged('grep -qxF -- "$mac" <<<"$macs"'),
        "fi"])), json=True)


@script_check.register
def _learned(claim: Learned) -> ScriptCheck:
    link, table = claim.probes()
    return ScriptCheck(tuple(reads([("lout", link), ("fout", table)], [
        _mac("lout"),
        "port=$(rows mac ifname state flags <<<\"$fout\" "
        f"| awk -F '\\037' -v m=\"$mac\" {LEARNED} {{p = $2}} END {{print p}}')",
        f'if [ -n "$port" ]; then seen={q(claim.dev)}"{APOS}s MAC $mac learned on $port"',
        f'else seen={q(claim.dev)}"{APOS}s MAC $mac is not among "{q(claim.bridge + APOS + "s learned entries")}; fi',
        judged(f'[ "$port" = {q(claim.port)} ]', claim.expect)])), json=True)


@script_check.register
def _vtep(claim: LearnedVtep) -> ScriptCheck:
    """The tunnel's fdb puts `dev`'s MAC behind the expected VTEP (the last entry naming one)."""
    link, table = claim.probes()
    return ScriptCheck(tuple(reads([("lout", link), ("fout", table)], [
        _mac("lout"),
        "dst=$(rows mac dst <<<\"$fout\" | awk -F '\\037' -v m=\"$mac\" "
        "'tolower($1) == m && $2 != \"\" {d = $2} END {print d}')",
        f'if [ -n "$dst" ]; then seen={q(claim.dev)}"{APOS}s MAC $mac is behind VTEP $dst"',
        f'else seen={q(claim.vxlan)}" has not learned "{q(claim.dev)}"{APOS}s MAC $mac"; fi',
        judged(f'[ "$dst" = {q(claim.vtep)} ]')])), json=True)


@script_check.register
def _ageing(claim: Ageing) -> ScriptCheck:
    """Refreshed less than ageing_time ago (both in the kernel's 1/100 s ticks)."""
    bridge, link, table = claim.probes()
    forgets = f"; {claim.bridge} forgets it "
    return ScriptCheck(tuple(reads([("bout", bridge), ("lout", link), ("fout", table)], [
        f'{READ_FIELDS} ticks < <(rows linkinfo.info_data.ageing_time <<<"$bout") || true',
        _mac("lout"),
        f"{READ_FIELDS} port updated used < <(rows mac ifname state flags updated used <<<\"$fout\" "
        f"| awk -F '\\037' -v m=\"$mac\" {LEARNED} {{print $2 \"\\037\" $5 \"\\037\" $6; exit}}') || true",
        'if ! [[ ${updated:-} =~ ^[0-9]+$ && ${ticks:-} =~ ^[0-9]+$ ]]; then',
        f'  ok=1 seen="no learned entry with its age for $mac in "{q(claim.bridge)}',
        'else',
        f'  seen="$mac on $port: refreshed $updated s ago, last used $used s ago"{q(forgets)}'
        '"$((ticks / 100)) s after the last refresh"',
        "  " + judged('[ $((updated * 100)) -lt "$ticks" ]'),
        "fi"])), json=True)


@counter_value.register
def _rx(counter: RxPackets) -> tuple[str, bool]:
    return "rows stats64.rx.packets", True


@script_check.register
def _kinds(claim: NetnsLocalKinds) -> ScriptCheck:
    """Each device is still at home exactly when this kernel keeps its kind netns-local."""
    lines = ['kernel=$(uname -r) ok=0 stays="" moves="" late=""']
    for m, at_home in zip(claim.movers, claim.probes()[1:]):
        expected = "1" if m.tutorial_local else "0"
        lines += [f"if {run(at_home)} >/dev/null 2>&1; then stayed=1; else stayed=0; fi",
                  f"expected={expected}"]
        if m.outdated is not None and m.tutorial_local:
            lines.append(f"! kernel_at_least {q(m.outdated.since)} || expected=0")
        lines += ['[ "$stayed" = "$expected" ] || ok=1',
                  f'if [ "$stayed" = 1 ]; then stays="${{stays:+$stays, }}"{q(m.kind)}; '
                  f'else moves="${{moves:+$moves, }}"{q(m.kind)}; fi']
        if m.outdated is not None:
            lines.append(f'[ "$stayed" = {expected} ] || late="${{late:+$late, }}"{q(m.kind)}')
    lines += ['seen="on Linux $kernel, netns-local: ${stays:-none}; movable: ${moves:-none}"',
              '[ -z "$late" ] || seen="$seen; the tutorial\'s list is out of date for $late"']
    return ScriptCheck(tuple(lines))


@script_check.register
def _vlan(claim: VlanMember) -> ScriptCheck:
    """An access port of exactly one VLAN: `vid`, as its pvid, leaving untagged."""
    (probe,) = claim.probes()
    access = (f'[ "$(grep -c . <<<"$vl")" = 1 ] && [ "$vid" = {claim.vid} ] && [ "${{end:-$vid}}" = "$vid" ] '
              '&& [[ ,$flags, == *,PVID,* && ,$flags, == *",Egress Untagged,"* ]]')
    return _from_json(probe, [
        'vl=$(rows -e vlans vlan vlanEnd flags <<<"$out")',
        f'{READ_FIELDS} vid end flags <<<"$vl" || true',
        "list=$(awk -F '\\037' '{print $1 ($2 == \"\" ? \"\" : \"-\" $2) ($3 == \"\" ? \"\" : \" (\" $3 \")\")}' "
        '<<<"$vl" | paste -sd , -)',
        f'seen={q(claim.dev + " is in VLAN ")}"${{list:-none}}"',
        judged(access)])
