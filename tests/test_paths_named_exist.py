"""Every module path the project names in its code comments, docs, flows and language packs exists: after bot/ was
regrouped into packages, 71 comments still named files that had moved (a maintainer's trial, session 5), and a new
language pack starts as a copy of lang/en with its comments."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NAMED = re.compile(r"\bbot/([a-z_]+(?:/[a-z_]+)*\.(?:py|js|html|css))\b")
SKIP = ("tests/data/", "intents/model.npz")  # frozen sets and recorded transcripts say what was, not where it lives


def test_every_bot_path_named_in_the_tracked_files_exists():
    files = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    missing = []
    for name in files:
        if name.startswith(SKIP) or not name.endswith((".py", ".md", ".yaml", ".yml", ".js", ".html", ".ini", ".toml",
                                                       ".cfg", ".txt", ".sh", ".service", ".conf")):
            continue
        text = (ROOT / name).read_text(encoding="utf-8", errors="replace")
        for number, line in enumerate(text.splitlines(), 1):
            for found in NAMED.finditer(line):
                path = ROOT / "bot" / found.group(1)
                if not path.exists() and not (path.parent / "static" / path.name).exists():
                    missing.append(f"{name}:{number}: bot/{found.group(1)}")
    assert not missing, "paths that do not exist:\n" + "\n".join(missing[:40])
