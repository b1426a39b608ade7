"""`pip install .` (not editable) into a fresh venv gives a working netsh with
every built-in scenario, and the entry-point group for third-party scenarios."""

import shutil
import subprocess
import venv

import pytest

from conftest import REPO


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    src = tmp_path_factory.mktemp("src")
    # Build from a copy: an in-tree build would write build/ into the checkout.
    shutil.copytree(REPO, src / "netsh", ignore=shutil.ignore_patterns(
        ".venv", ".git", "*.egg-info", "build", "__pycache__", ".pytest_cache", ".hypothesis"))
    env_dir = tmp_path_factory.mktemp("venv")
    venv.create(env_dir, with_pip=True)
    pip = subprocess.run([env_dir / "bin" / "python", "-m", "pip", "install", "-q",
                          "--disable-pip-version-check", str(src / "netsh")],
                         capture_output=True, text=True, timeout=600)
    if pip.returncode != 0:
        pytest.fail(f"pip install . failed: {pip.stderr[-2000:]}")
    return env_dir


def test_installed_netsh_lists_every_builtin_scenario(installed):
    from netsh.scenario import builtin

    r = subprocess.run([installed / "bin" / "netsh", "list"], capture_output=True, text=True, cwd="/")
    assert r.returncode == 0, r.stderr
    for name in builtin():
        assert name in r.stdout


def test_installed_package_does_not_import_from_the_checkout(installed):
    r = subprocess.run([installed / "bin" / "python", "-c",
                        "import netsh.scenarios, netsh; print(netsh.__file__, netsh.scenarios.__file__)"],
                       capture_output=True, text=True, cwd="/")
    assert r.returncode == 0 and str(REPO) not in r.stdout and "site-packages" in r.stdout


def test_installed_netsh_has_the_page_templates_and_the_vendored_player(installed):
    probe = ("from importlib import resources; d = resources.files('netsh.render.page'); "
             "print(all(d.joinpath(f).is_file() for f in ('templates/page.html.j2', 'templates/index.html.j2', "
             "'templates/page.css', 'templates/page.js', 'vendor/asciinema-player/asciinema-player.min.js', "
             "'vendor/asciinema-player/asciinema-player.css', 'vendor/asciinema-player/LICENSE', "
             "'vendor/asciinema-player/VERSION')))")
    r = subprocess.run([installed / "bin" / "python", "-c", probe], capture_output=True, text=True, cwd="/")
    assert r.stdout.strip() == "True", r.stderr


def test_entry_point_scenarios_are_found(installed, tmp_path):
    plugin = tmp_path / "plugin"
    (plugin / "labpkg").mkdir(parents=True)
    (plugin / "labpkg" / "__init__.py").write_text('''
from dataclasses import dataclass
from netsh.scenario import Scenario


class Lab(Scenario):
    name = "third-party-lab"
    summary = "a scenario from another package"

    @dataclass(frozen=True)
    class Params:
        pass

    def steps(self):
        return iter(())
''')
    (plugin / "pyproject.toml").write_text('''
[build-system]
requires = ["setuptools>=64"]
build-backend = "setuptools.build_meta"
[project]
name = "labpkg"
version = "0.1"
[project.entry-points."netsh.scenarios"]
lab = "labpkg"
''')
    pip = subprocess.run([installed / "bin" / "python", "-m", "pip", "install", "-q", str(plugin)],
                         capture_output=True, text=True, timeout=600)
    assert pip.returncode == 0, pip.stderr
    r = subprocess.run([installed / "bin" / "netsh", "list"], capture_output=True, text=True, cwd="/")
    assert "third-party-lab" in r.stdout
    subprocess.run([installed / "bin" / "python", "-m", "pip", "uninstall", "-q", "-y", "labpkg"])



def test_installed_package_carries_its_data_files(installed):
    r = subprocess.run([installed / "bin" / "python", "-c",
                        "from netsh.packages import programs; print(sorted(programs()))"],
                       capture_output=True, text=True, cwd="/")
    assert r.returncode == 0, r.stderr
    assert "'fping'" in r.stdout and "'ip'" in r.stdout
