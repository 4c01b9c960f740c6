"""The lock file must install everything pyproject.toml asks for, at the same version.

A package installed by hand into a developer's .venv passes every other test;
this one fails until `make lock` (or the lock) catches up.
"""

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _normalise(name):
    return re.sub(r"[-_.]+", "-", re.sub(r"\[.*\]", "", name)).lower()


def test_every_pinned_dependency_is_in_the_lock():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = project["dependencies"] + project["optional-dependencies"]["dev"]
    locked = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        if "==" in line and not line.startswith("#"):
            name, version = line.split("==", 1)
            locked[_normalise(name)] = version.strip()
    missing = []
    for requirement in wanted:
        name, version = requirement.split("==", 1)
        if locked.get(_normalise(name)) != version:
            missing.append(requirement)
    assert not missing, f"not in requirements.lock at that version: {missing}"
