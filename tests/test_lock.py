"""requirements.lock (what scripts/setup installs, hash-checked) agrees with
pyproject.toml (what the project says it needs): every direct dependency and the
build backend is pinned there with hashes, at a version pyproject.toml allows,
and nothing the lock credits to pyproject.toml has been dropped from it.
A failure here means: run scripts/lock."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[1]
PROJECT = "private-traffic-calculators"


def _name(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _direct_requirements() -> dict[str, Requirement]:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    lines = list(pyproject["project"]["dependencies"]) + list(pyproject["build-system"]["requires"])
    for extra in ("site", "test"):  # the extras scripts/setup and scripts/lock name
        lines += pyproject["project"]["optional-dependencies"][extra]
    requirements = [Requirement(line) for line in lines]
    return {_name(r.name): r for r in requirements}


def _lock() -> dict[str, tuple[str, list[str], list[str]]]:
    """name -> (version, hashes, what the lock says it is there for)."""
    entries: dict[str, tuple[str, list[str], list[str]]] = {}
    current = ""
    in_via = False
    for raw in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if raw and not raw[0].isspace() and not raw.startswith("#"):
            match = re.fullmatch(r"([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+?)(?:\s*;[^\\]*)?\s*\\?", line)
            assert match, f"requirements.lock: not an exact pin: {raw!r}"
            current = _name(match[1])
            assert current not in entries, f"requirements.lock pins {current} twice"
            entries[current] = (match[2], [], [])
            in_via = False
        elif current and line.startswith("--hash="):
            entries[current][1].append(line.removeprefix("--hash=").rstrip(" \\"))
        elif current and line.startswith("# via"):
            rest = line.removeprefix("# via").strip()
            entries[current][2].extend([rest] if rest else [])
            in_via = not rest
        elif current and in_via and line.startswith("#   "):
            entries[current][2].append(line.removeprefix("#   ").strip())
        else:
            in_via = False
    return entries


def test_every_locked_package_is_pinned_with_sha256_hashes() -> None:
    lock = _lock()
    assert lock, "requirements.lock pins nothing"
    for name, (_version, hashes, _via) in lock.items():
        assert hashes, f"requirements.lock: {name} has no --hash (pip --require-hashes would refuse the install)"
        for digest in hashes:
            assert re.fullmatch(r"sha256:[0-9a-f]{64}", digest), f"requirements.lock: {name}: {digest!r}"


def test_every_direct_dependency_and_the_build_backend_is_locked_at_an_allowed_version() -> None:
    lock = _lock()
    for name, requirement in _direct_requirements().items():
        assert name in lock, f"{requirement} (pyproject.toml) is not in requirements.lock: run scripts/lock"
        version = lock[name][0]
        assert requirement.specifier.contains(version, prereleases=True), (
            f"requirements.lock pins {name}=={version}, pyproject.toml asks for {requirement}: run scripts/lock"
        )


def test_the_lock_credits_to_pyproject_only_what_pyproject_still_names() -> None:
    direct = set(_direct_requirements())
    credited = {
        name for name, (_v, _h, via) in _lock().items() if any(v.startswith(f"{PROJECT} (pyproject.toml") for v in via)
    }
    assert credited == direct, (
        f"requirements.lock is stale (run scripts/lock): only in the lock {sorted(credited - direct)}, "
        f"not credited in the lock {sorted(direct - credited)}"
    )
