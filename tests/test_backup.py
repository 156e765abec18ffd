"""Backup, wipe, restore: every case, message and evidence file comes back with matching hashes (both databases)."""
from __future__ import annotations

import dataclasses
import json
import os
import shutil
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url, select, text

from bot.store import backup
from bot.store.db import make_engine, make_sessionmaker, upgrade
from bot.conversation.engine import Engine
from bot.store.models.cases import AuditEvent, Case
from bot.store.models.residents import Evidence, Message
from conftest import NOW, POSTGRES_URL
from opsdata import attach, chat, days_ago

ROOT = Path(__file__).resolve().parent.parent


class Target:
    """A database of this test's own that can be wiped for real: a SQLite file, or a PostgreSQL database."""

    def __init__(self, kind: str, tmp_path: Path):
        self.kind = kind
        if kind == "sqlite":
            self.url = f"sqlite:///{tmp_path / 'db' / 'helpline.sqlite3'}"
        else:
            self.name = f"cs_backup_{os.getpid()}_{uuid.uuid4().hex[:8]}"
            self.admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
            try:
                self._create()
            except Exception as exc:  # pragma: no cover - depends on the machine
                if os.environ.get("CI"):
                    pytest.fail(f"PostgreSQL is required on CI: {exc}")
                pytest.skip(f"PostgreSQL not reachable at {POSTGRES_URL}")
            self.url = make_url(POSTGRES_URL).set(database=self.name).render_as_string(hide_password=False)

    def _create(self):
        with self.admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{self.name}"'))

    def wipe(self):
        """Gone for real: the SQLite file deleted, or the PostgreSQL database dropped and created empty."""
        if self.kind == "sqlite":
            folder = Path(make_url(self.url).database).parent
            shutil.rmtree(folder)
            folder.mkdir()
        else:
            with self.admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE "{self.name}" WITH (FORCE)'))
            self._create()

    def close(self):
        if self.kind == "postgresql":
            with self.admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)'))
            self.admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def target(request, tmp_path):
    t = Target(request.param, tmp_path)
    yield t
    t.close()


def everything(db, evidence_root: Path):
    with make_sessionmaker(db)() as s:
        cases = sorted((c.id, c.priority, c.status) for c in s.scalars(select(Case)))
        messages = sorted((m.id, m.direction, m.text) for m in s.scalars(select(Message)))
        files = {e.sha256: (evidence_root / e.stored_path).read_bytes() for e in s.scalars(select(Evidence))}
    return cases, messages, files


def test_backup_wipe_restore_round_trip(target, resources, tmp_path):
    config = resources.config.model_copy(update={"data_dir": str(tmp_path / "data")})
    res = dataclasses.replace(resources, config=config)
    db = make_engine(target.url)
    upgrade(db)
    engine = Engine(res, make_sessionmaker(db))
    people = [chat(engine, f"+91980000001{i}", days_ago(NOW, i), case=i % 2 == 0) for i in range(3)]
    hashes = {attach(engine, person, f"file-{i}") for i, person in enumerate(people)}
    before = everything(db, config.evidence_path)
    assert len(before[0]) == 2 and len(before[1]) > 10 and set(before[2]) == hashes

    result = backup.backup(db, config.evidence_path, tmp_path / "backups")
    assert result.path.exists() and oct(result.path.stat().st_mode & 0o777) == "0o600"
    manifest = result.manifest
    assert {item["sha256"] for item in manifest["evidence"]} == hashes
    assert manifest["counts"]["cases"] == 2 and manifest["database"]["revision"]

    db.dispose()
    target.wipe()
    shutil.rmtree(config.data_path)
    db = make_engine(target.url)
    backup.restore(db, config.evidence_path, result.path)
    after = everything(db, config.evidence_path)
    assert after == before
    with make_sessionmaker(db)() as s:  # the restore is in the audit log, naming the file and its hash
        restored = s.scalars(select(AuditEvent).where(AuditEvent.action == "restored")).one()
        assert restored.detail == {"file": str(result.path), "sha256": backup.sha256_file(result.path)}
    for sha, data in after[2].items():
        import hashlib
        assert hashlib.sha256(data).hexdigest() == sha
        assert oct((config.evidence_path / sha[:2] / sha).stat().st_mode & 0o777) == "0o600"

    # The restored database is a working helpline: the next message is handled and stored.
    upgrade(db)
    engine = Engine(res, make_sessionmaker(db))
    people[1].engine = engine
    people[1].send("MENU")
    assert people[1].last.replies
    # A second restore over data is refused without --replace.
    with pytest.raises(backup.BackupError, match="--replace"):
        backup.restore(db, config.evidence_path, result.path)
    db.dispose()


def test_a_tampered_backup_is_refused_before_anything_is_written(sqlite_engine, tmp_path):
    engine = sqlite_engine
    person = chat(engine, "+919800000021", NOW, case=True)
    attach(engine, person, "evidence")
    db = engine.Session.kw["bind"]
    result = backup.backup(db, engine.config.evidence_path, tmp_path / "b")
    bad = tmp_path / "bad.tar"
    with tarfile.open(result.path) as src, tarfile.open(bad, "w") as dst:
        for member in src.getmembers():
            data = src.extractfile(member).read()
            if member.name.startswith("evidence/"):
                data = b"tampered" + data
                member.size = len(data)
            import io
            dst.addfile(member, io.BytesIO(data))
    empty = make_engine(f"sqlite:///{tmp_path / 'empty.sqlite3'}")
    with pytest.raises(backup.BackupError, match="SHA-256"):
        backup.restore(empty, tmp_path / "restored-evidence", bad)
    assert not (tmp_path / "restored-evidence").exists()


def test_pg_dump_older_than_the_server_is_refused(tmp_path, monkeypatch):
    """A pg_dump whose major version is below the server's would write a dump it cannot restore faithfully."""
    try:
        db = make_engine(POSTGRES_URL)
        with db.connect() as conn:
            server = int(conn.execute(text("SHOW server_version_num")).scalar()) // 10000
    except Exception:
        if os.environ.get("CI"):
            raise
        pytest.skip("PostgreSQL not reachable")
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "pg_dump").write_text(f"#!/bin/sh\necho 'pg_dump (PostgreSQL) {server - 1}.3'\n")
    (fake / "pg_dump").chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake}:{os.environ['PATH']}")
    with pytest.raises(backup.BackupError, match=f"postgresql-client-{server}"):
        backup.check_pg_client(db)
    db.dispose()


def test_backup_and_restore_commands(tmp_path):
    """`python -m bot backup` and `restore` as an operator runs them, on the embedded SQLite default."""
    env = {**os.environ, "CYBER_SAHAYAK_CONFIG": str(tmp_path / "config.yaml")}
    env.pop("DATABASE_URL", None)
    config = (ROOT / "config.yaml").read_text(encoding="utf-8").replace('data_dir: "data"',
                                                                         f'data_dir: "{tmp_path / "data"}"')
    (tmp_path / "config.yaml").write_text(config, encoding="utf-8")
    run = lambda *args: subprocess.run([sys.executable, "-m", "bot", *args], cwd=ROOT, env=env,  # noqa: E731
                                       capture_output=True, text=True, timeout=120)
    chatted = subprocess.run([sys.executable, "-m", "bot", "chat", "--json"], input="hi\n1\n6\n", cwd=ROOT, env=env,
                             capture_output=True, text=True, timeout=120)
    assert chatted.returncode == 0, chatted.stderr
    made = run("backup", "--out", str(tmp_path / "backups"))
    assert made.returncode == 0, made.stderr
    archive = next((tmp_path / "backups").glob("cyber-sahayak-*.tar"))
    assert str(archive) in made.stdout
    manifest = json.loads(tarfile.open(archive).extractfile("manifest.json").read())
    assert manifest["counts"]["messages"] >= 4 and manifest["counts"]["cases"] == 1
    refused = run("restore", str(archive))
    assert refused.returncode != 0 and "--replace" in refused.stderr
    (tmp_path / "data" / "helpline.sqlite3").unlink()
    restored = run("restore", str(archive))
    assert restored.returncode == 0, restored.stderr
    assert "1 cases" in restored.stdout


def helpline_on(target, resources, tmp_path):
    config = resources.config.model_copy(update={"data_dir": str(tmp_path / "data")})
    res = dataclasses.replace(resources, config=config)
    db = make_engine(target.url)
    upgrade(db)
    return config, db, Engine(res, make_sessionmaker(db))


def test_a_consistently_tampered_backup_is_refused(target, resources, tmp_path):
    """An evidence file altered, renamed to its new SHA-256 and the manifest rewritten to match: the backed-up
    database still names the original hash, so the restore refuses and writes nothing."""
    import hashlib
    import io

    config, db, engine = helpline_on(target, resources, tmp_path)
    person = chat(engine, "+919800000031", NOW, case=True)
    original = attach(engine, person, "the-real-screenshot")
    result = backup.backup(db, config.evidence_path, tmp_path / "b")
    forged_bytes = b"forged" + (config.evidence_path / original[:2] / original).read_bytes()
    forged = hashlib.sha256(forged_bytes).hexdigest()

    def forge(name: str, renamed: bool) -> Path:
        """The backup with the file altered (and renamed to its new hash, or not) and the manifest made to match."""
        manifest = json.loads(json.dumps(result.manifest))
        path = f"{forged[:2]}/{forged}" if renamed else f"{original[:2]}/{original}"
        for item in manifest["evidence"]:
            if item["sha256"] == original:
                item.update(path=path, sha256=forged, size=len(forged_bytes))
        out = tmp_path / name
        with tarfile.open(result.path) as src, tarfile.open(out, "w") as dst:
            for member in src.getmembers():
                data = src.extractfile(member).read()
                if member.name == "manifest.json":
                    data = json.dumps(manifest).encode()
                elif member.name == f"evidence/{original[:2]}/{original}":
                    member.name, data = f"evidence/{path}", forged_bytes
                member.size = len(data)
                dst.addfile(member, io.BytesIO(data))
        return out

    bad = forge("consistent-forgery.tar", renamed=True)
    db.dispose()
    target.wipe()
    shutil.rmtree(config.data_path)
    db = make_engine(target.url)
    with pytest.raises(backup.BackupError, match="no evidence row .* has this SHA-256"):
        backup.restore(db, config.evidence_path, bad)
    assert not config.evidence_path.exists()
    assert not backup._has_data(db)  # nothing restored
    # A file altered but left under its old name (manifest updated with the new content hash) is refused too.
    renamed = forge("altered.tar", renamed=False)
    with pytest.raises(backup.BackupError, match="does not match its SHA-256 name"):
        backup.restore(db, config.evidence_path, renamed)
    backup.restore(db, config.evidence_path, result.path)  # the genuine backup still restores
    db.dispose()


def test_replace_does_not_silently_roll_back_newer_audit_rows(target, resources, tmp_path):
    """A legal hold set after the backup: --replace is refused; --force-older goes back and is audited."""
    from datetime import datetime, timezone

    from bot.cases import retention

    config, db, engine = helpline_on(target, resources, tmp_path)
    person = chat(engine, "+919800000041", NOW, case=True)
    result = backup.backup(db, config.evidence_path, tmp_path / "b")
    with make_sessionmaker(db).begin() as s:
        case = s.scalars(select(Case)).one()
        retention.set_hold(s, case, True, "officer:1", datetime.now(timezone.utc), reason="FIR 7/2026")
    with pytest.raises(backup.BackupError, match="1 row\\(s\\) newer than this backup.*--force-older"):
        backup.restore(db, config.evidence_path, result.path, replace=True)
    with make_sessionmaker(db)() as s:
        assert s.scalars(select(Case)).one().legal_hold  # untouched

    manifest = backup.restore(db, config.evidence_path, result.path, replace=True, force_older=True,
                              actor="cli:meena")
    assert manifest["rolled_back_audit_rows"] == 1
    with make_sessionmaker(db)() as s:
        assert not s.scalars(select(Case)).one().legal_hold  # gone back to the backup, knowingly
        restored = s.scalars(select(AuditEvent).where(AuditEvent.action == "restored")).one()
        assert restored.actor == "cli:meena" and restored.detail["rolled_back_audit_rows"] == 1
        assert restored.detail["sha256"] == backup.sha256_file(result.path)
    db.dispose()
    assert person.last.case
