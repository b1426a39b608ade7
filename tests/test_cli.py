"""The CLI contract through typer's runner: names, flags, exit codes, JSON fields."""

import json

from typer.testing import CliRunner

from netsh.cli.app import app

runner = CliRunner()


def invoke(*args):
    return runner.invoke(app, list(args))


def test_list_names_the_seed_scenario():
    r = invoke("list")
    assert r.exit_code == 0 and "bridge-two-ns" in r.stdout


def test_list_json_gives_name_summary_parameters():
    data = json.loads(invoke("list", "--json").stdout)
    seed = next(s for s in data if s["name"] == "bridge-two-ns")
    assert seed["summary"]
    assert {"name": "bridge", "type": "ifname", "default": "br0"} in seed["parameters"]


def test_show_prints_steps_and_exact_commands_without_running():
    r = invoke("show", "bridge-two-ns")
    assert r.exit_code == 0
    assert "ip link add br0 type bridge" in r.stdout
    assert "echo 1 > /proc/sys/net/ipv4/conf/br0/proxy_arp" in r.stdout
    assert "not checked" in r.stdout


def test_unknown_scenario_suggests_close_names():
    r = invoke("run", "bridge-two")
    assert r.exit_code == 2
    assert "bridge-two-ns" in r.output and "netsh list" in r.output


def test_bad_parameter_is_exit_2_and_says_why():
    r = invoke("run", "bridge-two-ns", "-p", "bridge=waytoolonginterfacename")
    assert r.exit_code == 2 and "interface name" in r.output
    r = invoke("run", "bridge-two-ns", "-p", "addr1=10.0.0.300/24")
    assert r.exit_code == 2 and "IPv4" in r.output
    r = invoke("run", "bridge-two-ns", "-p", "ns1=a/b")
    assert r.exit_code == 2 and "namespace name" in r.output


def test_bad_prefix_is_exit_2():
    r = invoke("run", "bridge-two-ns", "--prefix", "a/")
    assert r.exit_code == 2


def test_unknown_flag_is_exit_2():
    assert invoke("run", "bridge-two-ns", "--no-such-flag").exit_code == 2


def test_dry_run_runs_nothing_and_lists_every_claim(tmp_path):
    report = tmp_path / "r.json"
    r = invoke("run", "bridge-two-ns", "--dry-run", "--report", str(report))
    assert r.exit_code == 0, r.output
    data = json.loads(report.read_text())
    assert data["target"] == "dry-run"
    assert all(c["held"] is None for c in data["claims"])
    assert all(cmd["exit_code"] is None for s in data["steps"] for cmd in s["commands"])


def test_export_writes_a_script(tmp_path):
    out = tmp_path / "seed.sh"
    r = invoke("export", "bridge-two-ns", "-o", str(out))
    assert r.exit_code == 0
    text = out.read_text()
    assert text.startswith("#!/usr/bin/env bash") and "ip link add br0 type bridge" in text


def test_keep_with_on_host_is_a_usage_error():
    assert invoke("run", "bridge-two-ns", "--on-host", "--keep").exit_code == 2


def test_version():
    r = invoke("--version")
    assert r.exit_code == 0 and r.stdout.startswith("netsh ")


def test_typing_takes_its_speed_as_the_issue_writes_it():
    from netsh.cli.app import typing_speed

    assert typing_speed(["run", "x", "--typing", "12"]) == ["run", "x", "--typing", "--cps", "12"]
    assert typing_speed(["run", "x", "--typing=7.5"]) == ["run", "x", "--typing", "--cps", "7.5"]
    assert typing_speed(["run", "x", "--typing", "--step"]) == ["run", "x", "--typing", "--step"]
    assert typing_speed(["run", "x", "--typing"]) == ["run", "x", "--typing"]
