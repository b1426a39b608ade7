"""ethtool reads (feature flags such as netns-local)."""

from __future__ import annotations

from netsh.command import HOST, Command, cmd


def features(dev: str, netns: str | None = HOST) -> Command:
    return cmd("ethtool", "--json", "-k", dev, netns=netns)


def show_feature(dev: str, feature: str, netns: str | None = HOST) -> Command:
    """`ethtool -k DEV | grep FEATURE`, as tutorials write it."""
    return cmd("ethtool", "-k", dev, netns=netns, grep=feature)
