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
    assert "Contracts: 13 kept, 0 broken." in result.stdout


def append(path: Path, line: str) -> None:
    with path.open("a") as f:
        f.write(f"\n{line}  # noqa\n")


def test_a_break_is_named(tmp_path):
    """In a copy, one break of each rule: understanding that reads the database, a flow module that imports a
    provider's SDK, a page served from outside the web layers, the triage step calling simple mode, the texts
    reading the settings, a model that imports casework, the registry opening the database the command line's
    way, the core importing a channel, and the package cycles removed coming back (a case module, the store or the
    settings importing a channel, the jurisdiction map importing the stations, the stations' figures importing
    outreach; and, against the layers, a case file reading the conversation, the spool reading casework, the
    counters reading the store, the registry's sharing reading the engine): each contract fails and says which
    import broke it."""
    shutil.copytree(ROOT / "bot", tmp_path / "bot", ignore=shutil.ignore_patterns("__pycache__", "static", "templates"))
    shutil.copy(ROOT / ".importlinter", tmp_path)
    bot = tmp_path / "bot"
    (bot / "nlu" / "probe.py").write_text("from ..store.models.cases import Case\n")
    append(bot / "content" / "flows.py", "import telegram")
    (bot / "registry_page.py").write_text("from flask import Blueprint\n")
    append(bot / "conversation" / "golden.py", "from ..outreach import simple")
    append(bot / "content" / "texts.py", "from .. import config")
    append(bot / "store" / "models" / "cases.py", "from ...cases import casework")
    append(bot / "registry" / "records.py", "from ..cli import db")
    append(bot / "conversation" / "clarify.py", "from ..channels import joining")  # a maintainer's trial: went unseen
    append(bot / "cases" / "audit_text.py", "from ..channels import runtime")
    append(bot / "store" / "spool.py", "from ..channels import settings")
    append(bot / "config.py", "from .channels import settings")
    append(bot / "jurisdictions.py", "from .cases import stations")
    append(bot / "cases" / "station_figures.py", "from ..outreach.figures import weekly")
    append(bot / "cases" / "freeze.py", "from ..conversation import answers")  # the package cycles of session 5
    append(bot / "store" / "spool.py", "from ..cases import casework")
    append(bot / "metrics.py", "from .store import heartbeats")
    append(bot / "registry" / "sharing.py", "from ..conversation import states")
    result = lint_imports(tmp_path)
    assert result.returncode == 1
    out = result.stdout
    assert "Contracts: 0 kept, 13 broken." in out, out
    for broken in ("bot.nlu.probe -> bot.store.models.cases", "bot.content.flows -> telegram",
                   "bot.registry_page -> flask", "bot.conversation.golden -> bot.outreach.simple",
                   "bot.content.texts -> bot.config", "bot.store.models.cases -> bot.cases.casework",
                   "bot.registry.records -> bot.cli.db", "bot.conversation.clarify -> bot.channels.joining",
                   "bot.cases.audit_text -> bot.channels.runtime", "bot.store.spool -> bot.channels.settings",
                   "bot.config -> bot.channels.settings", "bot.jurisdictions -> bot.cases.stations",
                   "bot.cases.station_figures -> bot.outreach.figures", "bot.cases.freeze -> bot.conversation.answers",
                   "bot.store.spool -> bot.cases.casework", "bot.metrics -> bot.store.heartbeats",
                   "bot.registry.sharing -> bot.conversation.states"):
        assert broken in out, broken
