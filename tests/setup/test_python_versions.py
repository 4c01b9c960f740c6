"""Python 3.11 to 3.13: what pyproject.toml promises, and the Makefile's choice among them."""

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_this_python_is_one_the_project_supports():
    spec = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    assert spec == ">=3.11,<3.14"
    assert (3, 11) <= sys.version_info[:2] < (3, 14)


def fake_python(folder, name, works=True):
    """A stand-in interpreter; a broken one fails like a pyenv shim for an inactive version."""
    path = folder / name
    path.write_text("#!/bin/sh\nexit 0\n" if works else "#!/bin/sh\nexit 127\n")
    path.chmod(0o755)
    return path


def chosen_python(bin_dir, tmp_path):
    makefile = tmp_path / "show.mk"
    makefile.write_text(f"include {ROOT / 'Makefile'}\nshow:\n\t@echo $(PYTHON)\n")
    env = {
        "PATH": f"{bin_dir}:/usr/bin:/bin",
        "HOME": str(tmp_path),
        "PYENV_ROOT": str(tmp_path / "no-pyenv"),
    }
    result = subprocess.run(  # noqa: S603 - make with our own Makefile
        ["make", "-s", "-f", str(makefile), "show"],  # noqa: S607
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    return result.stdout.strip()


def test_the_makefile_picks_the_newest_python_that_runs(tmp_path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake_python(bin_dir, "python3.13", works=False)  # a shim with nothing behind it
    newest_working = fake_python(bin_dir, "python3.12")
    fake_python(bin_dir, "python3.11")

    assert chosen_python(bin_dir, tmp_path) == str(newest_working)


def test_the_makefile_looks_in_pyenv_versions_too(tmp_path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake_python(bin_dir, "python3.11")
    pyenv_bin = tmp_path / "no-pyenv" / "versions" / "3.13.0" / "bin"
    pyenv_bin.mkdir(parents=True)
    installed = fake_python(pyenv_bin, "python3.13")

    assert chosen_python(bin_dir, tmp_path) == str(installed)
