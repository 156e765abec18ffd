"""Scripted conversations, recorded and compared byte for byte: what residents see must not change by accident.

    python -m bot.cli.tools.transcripts record [DIR]    # play every script, write DIR/<name>.jsonl
    python -m bot.cli.tools.transcripts compare [DIR]   # play again, name each conversation that differs

The scripts are tests/data/transcripts/conversations.yaml: a name, the channel (``local`` as in
``python -m bot chat``, or ``whatsapp``), and the lines a resident sends. Each line is played through the
same code path as ``python -m bot chat --json`` (``Engine.handle``), one conversation on a fresh SQLite
database, on a fixed clock (27 Nov 2026 10:00 IST, half a minute a message). A reference number is random,
so each one is written as REF1, REF2... in order of appearance; a script line may say ``{ref}`` for the
latest one. A recorded line is ``chat --json``'s object plus each reply's buttons and kind.
"""
from __future__ import annotations

import argparse
import dataclasses
import difflib
import json
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

ROOT = Path(__file__).resolve().parent.parent.parent.parent
SCRIPTS = ROOT / "tests" / "data" / "transcripts" / "conversations.yaml"
RECORDED = ROOT / "tests" / "data" / "transcripts" / "recorded"
START = datetime(2026, 11, 27, 10, 0, tzinfo=ZoneInfo("Asia/Kolkata"))
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@dataclass
class Script:
    name: str
    lines: list
    channel: str = "local"
    phone: str | None = None
    sender: str = "transcript-resident"


@dataclass
class Player:
    """Plays scripts on one loaded set of resources; every conversation on its own fresh database."""

    resources: object
    workdir: Path
    template: Path | None = None
    refs: dict[str, str] = field(default_factory=dict)

    @classmethod
    def start(cls, workdir: Path, resources=None) -> "Player":
        from ...conversation.engine import load_resources

        return cls(resources or load_resources(), workdir)

    def _database(self, name: str) -> str:
        from ...store.db import make_engine, upgrade

        if self.template is None:
            self.template = self.workdir / "template.sqlite3"
            db = make_engine(f"sqlite:///{self.template}")
            upgrade(db)
            db.dispose()
        path = self.workdir / f"{name}.sqlite3"
        shutil.copy(self.template, path)
        return f"sqlite:///{path}"

    def play(self, script: Script, between=None) -> list[str]:
        """One JSON line for each line the resident sends. ``between(sessionmaker)``: called after each message (a
        test rewrites the stored rows there, e.g. into an earlier version's shape)."""
        from ...store.db import make_engine, make_sessionmaker
        from ...conversation.engine import Engine
        from ...messages import Inbound, Media

        config = self.resources.config.model_copy(update={"data_dir": str(self.workdir / script.name)})
        resources = dataclasses.replace(self.resources, config=config)
        db = make_engine(self._database(script.name))
        clock = [START]
        engine = Engine(resources, make_sessionmaker(db), clock=lambda: clock[0].astimezone(timezone.utc))
        pattern = re.compile(rf"\b{re.escape(config.reference_prefix)}-\d{{6}}-[0-9A-Z]{{4}}\b")
        refs: dict[str, str] = {}
        out = []
        try:
            for number, line in enumerate(script.lines, 1):
                line = {"text": line} if isinstance(line, str) else line
                text = line.get("text", "")
                media = (Media("image/png", data=PNG),) if line.get("media") else ()
                real = {label: ref for ref, label in refs.items()}
                text = text.replace("{ref}", real.get(f"REF{len(refs)}", "{ref}"))
                clock[0] += timedelta(minutes=line.get("minutes", 0.5))
                inbound = Inbound(channel=script.channel, sender=script.sender, text=text, media=media,
                                  provider_id=f"{script.name}-{number}", phone=script.phone,
                                  received_at=clock[0].astimezone(timezone.utc))
                outcome = engine.handle(inbound)
                record = outcome.as_json(text)
                record["buttons"] = [reply.choices for reply in outcome.replies]
                record["kinds"] = [reply.kind for reply in outcome.replies]
                dumped = json.dumps(record, ensure_ascii=False, default=str, sort_keys=True)
                for ref in pattern.findall(dumped):
                    refs.setdefault(ref, f"REF{len(refs) + 1}")
                for ref, label in refs.items():
                    dumped = dumped.replace(ref, label)
                out.append(dumped)
                if between is not None:
                    between(engine.Session)
        finally:
            db.dispose()
        return out


def load_scripts(path: Path = SCRIPTS) -> list[Script]:
    scripts = [Script(**item) for item in yaml.safe_load(path.read_text(encoding="utf-8"))]
    names = [script.name for script in scripts]
    duplicates = {name for name in names if names.count(name) > 1}
    if duplicates:
        raise ValueError(f"{path}: conversation names used twice: {sorted(duplicates)}")
    return scripts


def play_all(scripts: list[Script] | None = None, resources=None, between=None) -> dict[str, str]:
    """{conversation name: its transcript text} for every script (``between``: see ``Player.play``)."""
    with tempfile.TemporaryDirectory(prefix="transcripts-") as workdir:
        player = Player.start(Path(workdir), resources)
        return {script.name: "\n".join(player.play(script, between)) + "\n" for script in scripts or load_scripts()}


def differences(recorded_dir: Path, played: dict[str, str]) -> dict[str, str]:
    """{name: unified diff} for each conversation whose transcript differs from the recorded one."""
    found = {}
    for name, text in played.items():
        path = recorded_dir / f"{name}.jsonl"
        before = path.read_text(encoding="utf-8") if path.exists() else ""
        if before != text:
            found[name] = "".join(difflib.unified_diff(before.splitlines(True), text.splitlines(True),
                                                       f"recorded/{name}.jsonl", f"played/{name}.jsonl"))
    stale = {path.stem for path in recorded_dir.glob("*.jsonl")} - set(played)
    for name in sorted(stale):
        found[name] = f"recorded/{name}.jsonl has no script any more\n"
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.cli.tools.transcripts", description=__doc__.split("\n")[0])
    parser.add_argument("action", choices=("record", "compare"))
    parser.add_argument("directory", nargs="?", type=Path, default=RECORDED)
    args = parser.parse_args(argv)
    played = play_all()
    if args.action == "record":
        args.directory.mkdir(parents=True, exist_ok=True)
        for path in args.directory.glob("*.jsonl"):
            path.unlink()
        for name, text in played.items():
            (args.directory / f"{name}.jsonl").write_text(text, encoding="utf-8")
        print(f"recorded {len(played)} conversations in {args.directory}")
        return 0
    found = differences(args.directory, played)
    for name, diff in found.items():
        sys.stdout.write(diff)
    print(f"{len(played) - len(found)} of {len(played)} conversations as recorded" +
          (f"; different: {', '.join(found)}" if found else ""))
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
