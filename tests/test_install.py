"""Kith builds as a normal wheel: the package, its resources, both launchers and one version."""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
import sys
import tomllib
import zipfile
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import pytest
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[1]


def _pyproject() -> dict:
    with (ROOT / "pyproject.toml").open("rb") as file:
        return tomllib.load(file)


def _require_build_backend(pyproject: dict) -> None:
    """The build runs offline in this environment, so the backend must already be here."""
    for text in pyproject["build-system"]["requires"]:
        requirement = Requirement(text)
        try:
            installed = version(requirement.name)
        except PackageNotFoundError:
            installed = None
        if installed is None or not requirement.specifier.contains(installed, prereleases=True):
            pytest.fail(
                f"the build backend {text!r} is not installed here (found {installed}); "
                "`python3 dev.py setup` installs it into .venv"
            )


def _copy_sources(destination: Path) -> None:
    """What the build reads, copied, so that building never writes into the checkout."""
    destination.mkdir()
    for name in ("pyproject.toml", "README.md"):  # the README is the package's description
        if (ROOT / name).exists():
            shutil.copy2(ROOT / name, destination / name)
    skip = shutil.ignore_patterns("__pycache__", "*.egg-info", "*.pyc")
    shutil.copytree(ROOT / "desktop", destination / "desktop", ignore=skip)
    assert (ROOT / "resources").is_dir(), "the checkout has no resources/ folder"
    shutil.copytree(ROOT / "resources", destination / "resources", ignore=skip)


def _run(command: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        command, capture_output=True, text=True, stdin=subprocess.DEVNULL, **kwargs
    )
    assert result.returncode == 0, f"{' '.join(command)} failed:\n{result.stdout}{result.stderr}"
    return result


def test_the_wheel_holds_kith_its_resources_and_both_launchers(tmp_path: Path) -> None:
    pyproject = _pyproject()
    _require_build_backend(pyproject)
    project_version = pyproject["project"]["version"]
    source = tmp_path / "source"
    _copy_sources(source)

    dist = tmp_path / "dist"
    # Offline and hermetic: no index, no build isolation, nothing but this environment.
    pip_wheel = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation"]
    pip_wheel += ["--no-index", "--disable-pip-version-check", "-q"]
    _run(
        [*pip_wheel, "-w", str(dist), str(source)],
        env=dict(os.environ, PIP_NO_INPUT="1"),
    )
    (wheel,) = dist.glob("*.whl")
    assert wheel.name.startswith(f"kith-{project_version}-py3-none-any")

    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        dist_info = f"kith-{project_version}.dist-info"
        entry_points = configparser.ConfigParser(delimiters=("=",))
        entry_points.read_string(archive.read(f"{dist_info}/entry_points.txt").decode())
        metadata = archive.read(f"{dist_info}/METADATA").decode()
        archive.extractall(tmp_path / "unpacked")

    for module in ("__init__", "__main__", "app", "cli", "assets"):
        assert f"kith/{module}.py" in names
    for package in ("store", "core", "ui"):
        assert f"kith/{package}/__init__.py" in names
    resource_files = [
        path.relative_to(ROOT / "resources").as_posix()
        for path in (ROOT / "resources").rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    ]
    missing = [name for name in resource_files if f"kith/resources/{name}" not in names]
    assert not missing, f"resources left out of the wheel: {missing}"

    assert entry_points["gui_scripts"]["kith"].strip() == "kith.__main__:main"
    assert entry_points["console_scripts"]["kith-cli"].strip() == "kith.__main__:main"
    assert f"\nVersion: {project_version}\n" in metadata

    # Run Kith from the unpacked wheel, not from the checkout or an editable install.
    unpacked = tmp_path / "unpacked"
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTHON")}
    env.update(PYTHONPATH=str(unpacked), PYTHONNOUSERSITE="1", QT_QPA_PLATFORM="offscreen")
    where = _run(
        [
            sys.executable,
            "-c",
            "import kith, kith.assets; print(kith.__file__)"
            + ("; print(kith.assets.resources_dir())" if resource_files else ""),
        ],
        cwd=tmp_path,
        env=env,
    ).stdout.split()
    assert Path(where[0]).is_relative_to(unpacked)
    if resource_files:
        assert Path(where[1]) == unpacked / "kith" / "resources"
    shown = _run([sys.executable, "-m", "kith", "--version"], cwd=tmp_path, env=env).stdout
    assert shown.strip() == f"Kith {project_version}"
