"""The lesson `netsh new NAME` writes: small, commented, and it runs as it is."""

STARTER = """\
---
# The front matter: what netsh needs to know before the first step.
name: NAME
summary: Two namespaces joined by one veth pair
# Parameters: use them as {name} in commands, prose and claims; change them with -p name=value.
# Types: netns, ifname, cidr ({addr.ip} is its address alone), network, address, int.
params:
  left: {type: netns, default: left}
  right: {type: netns, default: right}
  addr1: {type: cidr, default: 10.0.0.1/24}
  addr2: {type: cidr, default: 10.0.0.2/24}
# What the tutorial takes for granted about the host (shown before the first step).
assumptions: []
---

# Two namespaces and a cable

<!-- Text before the first `## ` heading is an introduction: shown by Markdown viewers, not run. -->

## Make the namespaces and the cable

Each `## ` heading starts a step; this paragraph is its narration. A veth pair is a
cable with two ends: one goes into {left}, the other into {right}.

```sh
ip netns add {left}
ip netns add {right}
ip link add veth-l type veth peer name veth-r
ip link set veth-l netns {left}
ip link set veth-r netns {right}
ip netns exec {left} ip addr add {addr1} dev veth-l
ip netns exec {right} ip addr add {addr2} dev veth-r
ip netns exec {left} ip link set veth-l up
ip netns exec {right} ip link set veth-r up
```

<!-- A claims block: one claim a line, checked after the step's commands. The quoted text is what
     the transcript says; without one, the claim itself is shown. -->

```claims
address {addr1} on veth-l in {left}
{left} reaches {addr2.ip}   "{left} reaches {right} over the cable"
```

## Unplug one end

With its end down, {left} cannot send anything. A command that must fail says so at the
end of its line (`# fails`).

```sh
ip netns exec {left} ip link set veth-l down
ip link set veth-l up    # fails
```

```claims
link veth-l in {left} is veth down
{left} cannot reach {addr2.ip}   "{left} no longer reaches {right}"
```
"""
