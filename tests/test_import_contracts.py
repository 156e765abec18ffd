"""The architecture's import rules (.importlinter) hold, and a break of one fails the tests by name."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def lint_imports(cwd: Path) -> subprocess.CompletedProcess:
    script = Path(sys.executable).with_name("lint-imports")
    command = [str(script)] if script.exists() else [shutil.which("lint-imports") or "lint-imports"]
    return subprocess.run([*command, "--no-cache", "--no-logo"], cwd=cwd, capture_output=True, text=True,
                          timeout=120)


def test_every_contract_is_kept():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 4 kept, 0 broken." in result.stdout


def test_a_break_is_named(tmp_path):
    """In a copy: understanding that reads the database, a flow module that imports Flask, a registry module that
    serves a web page, the triage step calling simple mode: each contract fails and says which import broke it."""
    shutil.copytree(ROOT / "bot", tmp_path / "bot", ignore=shutil.ignore_patterns("__pycache__", "static", "templates"))
    shutil.copy(ROOT / ".importlinter", tmp_path)
    (tmp_path / "bot" / "nlu" / "probe.py").write_text("from ..models import Case\n")
    with (tmp_path / "bot" / "content" / "flows.py").open("a") as f:
        f.write("\nimport telegram  # noqa\n")
    (tmp_path / "bot" / "registry_page.py").write_text("from flask import Blueprint\n")
    with (tmp_path / "bot" / "conversation" / "golden.py").open("a") as f:
        f.write("\nfrom . import simple  # noqa\n")
    result = lint_imports(tmp_path)
    assert result.returncode == 1
    out = result.stdout
    assert "Contracts: 0 kept, 4 broken." in out, out
    assert "bot.nlu.probe -> bot.store.models" in out
    assert "bot.content.flows -> telegram" in out
    assert "bot.registry_page -> flask" in out
    assert "bot.conversation.golden -> bot.outreach.simple" in out
