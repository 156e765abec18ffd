"""Backups: the database and the evidence store in one tar file with a SHA-256 manifest, and the restore.

    python -m bot backup [--out DIR]            -> DIR/cyber-sahayak-20261127T043000Z.tar
    python -m bot restore FILE [--replace]

The database is copied with SQLite's online backup API (safe while the helpline runs) or with ``pg_dump``
(custom format; its major version must be at least the server's, checked first). Every file in the tar is
listed in ``manifest.json`` with its SHA-256; a restore checks every hash before it writes anything (and each
evidence file's content against its SHA-256 name and the backed-up database's evidence rows, so a manifest
rewritten to match altered files is refused), refuses a database that already holds data unless ``--replace``
is given, refuses ``--replace`` over audit rows newer than the backup unless ``--force-older``, checks the row
counts, and appends a ``restored`` audit row naming the file and its SHA-256.
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import Engine, func, inspect, select, text

from .models.cases import Case
from .models.residents import Evidence, Incident, Message

FORMAT = 1
COUNTED = {"cases": Case, "messages": Message, "incidents": Incident, "evidence": Evidence}


class BackupError(RuntimeError):
    """What went wrong, said so that the operator knows what to do."""


@dataclass
class Result:
    path: Path
    manifest: dict


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _counts(db: Engine) -> dict[str, int]:
    from sqlalchemy.orm import Session

    with Session(db) as session:
        return {name: session.scalar(select(func.count()).select_from(model)) for name, model in COUNTED.items()}


def _newest_audit(db: Engine) -> tuple[int, str | None]:
    """(highest audit row id, its time) of ``db``; (0, None) when it has no audit log yet."""
    from .models.cases import AuditEvent

    with db.connect() as conn:
        if not inspect(conn).has_table("audit_events"):
            return 0, None
        row = conn.execute(select(AuditEvent.id, AuditEvent.at).order_by(AuditEvent.id.desc()).limit(1)).first()
    if row is None:
        return 0, None
    at = row.at if row.at.tzinfo else row.at.replace(tzinfo=timezone.utc)
    return int(row.id), at.isoformat()


def _revision(db: Engine) -> str | None:
    with db.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


# -- PostgreSQL through pg_dump / pg_restore -------------------------------------------------------
def _libpq(db: Engine) -> tuple[str, dict[str, str]]:
    """A libpq URL without the password (kept out of the process list) and the environment carrying it."""
    url = db.url
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    plain = url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
    return plain, env


def _client_major(tool: str) -> int:
    if shutil.which(tool) is None:
        raise BackupError(f"{tool} is not installed: apt-get install postgresql-client")
    out = subprocess.run([tool, "--version"], capture_output=True, text=True, check=True).stdout
    match = re.search(r"(\d+)(?:\.\d+)?", out)
    if not match:
        raise BackupError(f"could not read {tool}'s version from {out!r}")
    return int(match.group(1))


def check_pg_client(db: Engine, tool: str = "pg_dump") -> tuple[int, int]:
    """(client major, server major); a client older than the server cannot dump it faithfully."""
    with db.connect() as conn:
        server = int(conn.execute(text("SHOW server_version_num")).scalar()) // 10000
    client = _client_major(tool)
    if client < server:
        raise BackupError(f"{tool} {client} is older than the PostgreSQL {server} server: install "
                          f"postgresql-client-{server} (or newer) and run the backup again")
    return client, server


def _dump_postgres(db: Engine, target: Path) -> dict:
    client, server = check_pg_client(db, "pg_dump")
    url, env = _libpq(db)
    result = subprocess.run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(target),
                             "--dbname", url], env=env, capture_output=True, text=True)
    if result.returncode:
        raise BackupError(f"pg_dump failed: {result.stderr.strip()[:500]}")
    return {"kind": "postgresql", "pg_dump": client, "server": server}


def _restore_postgres(db: Engine, source: Path) -> None:
    check_pg_client(db, "pg_restore")
    url, env = _libpq(db)
    result = subprocess.run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges",
                             "--single-transaction", "--exit-on-error", "--dbname", url, str(source)],
                            env=env, capture_output=True, text=True)
    if result.returncode:
        raise BackupError(f"pg_restore failed: {result.stderr.strip()[:500]}")


# -- SQLite through the online backup API -------------------------------------------------------
def _sqlite_path(db: Engine) -> Path:
    database = db.url.database
    if not database or database == ":memory:":
        raise BackupError("an in-memory SQLite database cannot be backed up")
    return Path(database)


def _copy_sqlite(source: Path, target: Path) -> None:
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(target)
    try:
        with dst:
            src.backup(dst)
    finally:
        src.close()
        dst.close()


# -- backup ------------------------------------------------------------------------------------------
def backup(db: Engine, evidence_root: Path, out_dir: Path, now: datetime | None = None) -> Result:
    """Write one tar file (database + evidence + manifest) into ``out_dir``; returns its path and manifest."""
    now = now or datetime.now(timezone.utc)
    out_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    name = f"cyber-sahayak-{now.strftime('%Y%m%dT%H%M%SZ')}"
    final = out_dir / f"{name}.tar"
    with tempfile.TemporaryDirectory(prefix="cs-backup-", dir=out_dir) as tmp:
        work = Path(tmp)
        counts = _counts(db)  # before the copy: a restore has at least these rows
        audit_id, audit_at = _newest_audit(db)  # before the copy too: the backup holds at least this row
        if db.dialect.name == "sqlite":
            db_file = work / "database.sqlite3"
            _copy_sqlite(_sqlite_path(db), db_file)
            database = {"kind": "sqlite"}
        elif db.dialect.name == "postgresql":
            db_file = work / "database.pgdump"
            database = _dump_postgres(db, db_file)
        else:
            raise BackupError(f"unsupported database {db.dialect.name}")
        database.update(file=db_file.name, sha256=sha256_file(db_file), revision=_revision(db))
        files = []
        if evidence_root.exists():
            for path in sorted(p for p in evidence_root.rglob("*") if p.is_file() and not p.name.startswith(".")):
                files.append({"path": path.relative_to(evidence_root).as_posix(), "sha256": sha256_file(path),
                              "size": path.stat().st_size})
        manifest = {"format": FORMAT, "created_at": now.isoformat(), "database": database, "counts": counts,
                    "evidence": files, "newest_audit": {"id": audit_id, "at": audit_at}}
        partial = out_dir / f".{name}.tar.partial"
        with tarfile.open(partial, "w") as tar:
            data = json.dumps(manifest, indent=2, sort_keys=True).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size, info.mtime, info.mode = len(data), int(now.timestamp()), 0o600
            tar.addfile(info, io.BytesIO(data))
            tar.add(db_file, arcname=db_file.name)
            for item in files:
                tar.add(evidence_root / item["path"], arcname=f"evidence/{item['path']}")
        os.chmod(partial, 0o600)
        os.replace(partial, final)
    return Result(final, manifest)


# -- restore -----------------------------------------------------------------------------------------
def read_manifest(archive: Path) -> dict:
    with tarfile.open(archive, "r") as tar:
        member = tar.extractfile("manifest.json")
        if member is None:
            raise BackupError(f"{archive}: no manifest.json; not a Cyber Sahayak backup")
        return json.load(member)


def _extract_verified(archive: Path, manifest: dict, work: Path) -> None:
    """Extract every file the manifest names and check its hash; anything else in the tar is ignored."""
    wanted = {manifest["database"]["file"]: manifest["database"]["sha256"]}
    wanted.update({f"evidence/{item['path']}": item["sha256"] for item in manifest["evidence"]})
    with tarfile.open(archive, "r") as tar:
        for name, sha in wanted.items():
            if ".." in Path(name).parts or name.startswith("/"):
                raise BackupError(f"{archive}: unsafe path {name!r} in the manifest")
            member = tar.extractfile(name) if name in tar.getnames() else None
            if member is None:
                raise BackupError(f"{archive}: {name} is listed in the manifest but missing")
            target = work / name
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(target, "wb") as out:
                shutil.copyfileobj(member, out)
            if sha256_file(target) != sha:
                raise BackupError(f"{archive}: {name} does not match its SHA-256 in the manifest; nothing restored")


SHA256_NAME = re.compile(r"^[0-9a-f]{2}/([0-9a-f]{64})$")


def _evidence_hashes_in_dump(kind: str, source: Path) -> set[str]:
    """The SHA-256 of every stored evidence file the backed-up database names (read before anything is written)."""
    if kind == "sqlite":
        conn = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            return {sha for (sha,) in conn.execute(
                "SELECT sha256 FROM evidence WHERE sha256 IS NOT NULL AND stored_path IS NOT NULL")}
        except sqlite3.DatabaseError as exc:
            raise BackupError(f"the backed-up database cannot be read: {exc}; nothing restored") from exc
        finally:
            conn.close()
    _client_major("pg_restore")
    out = subprocess.run(["pg_restore", "--data-only", "--table=evidence", "--file=-", str(source)],
                         capture_output=True, text=True)
    if out.returncode:
        raise BackupError(f"pg_restore cannot read the backup's evidence table: {out.stderr.strip()[:300]}")
    hashes: set[str] = set()
    columns: list[str] | None = None
    for line in out.stdout.splitlines():
        if columns is None:
            match = re.match(r"COPY \S*evidence \(([^)]*)\) FROM stdin;", line)
            if match:
                columns = [c.strip().strip('"') for c in match.group(1).split(",")]
            continue
        if line == "\\.":
            break
        row = dict(zip(columns, line.split("\t")))
        if row.get("sha256") not in (None, "\\N") and row.get("stored_path") not in (None, "\\N"):
            hashes.add(row["sha256"])
    return hashes


def _check_evidence(manifest: dict, work: Path) -> None:
    """Each evidence file's content hash = its file name = a hash the backed-up database names, and every file
    the database names is there. A backup whose manifest was rewritten to match altered files fails here."""
    kind = manifest["database"]["kind"]
    named = _evidence_hashes_in_dump(kind, work / manifest["database"]["file"])
    present = set()
    for item in manifest["evidence"]:
        match = SHA256_NAME.match(item["path"])
        if not match:
            raise BackupError(f"evidence/{item['path']} is not named by a SHA-256; nothing restored")
        content = sha256_file(work / "evidence" / item["path"])
        if content != match.group(1):
            raise BackupError(f"evidence/{item['path']}: its content does not match its SHA-256 name "
                              "(the file was altered); nothing restored")
        if content not in named:
            raise BackupError(f"evidence/{item['path']}: no evidence row of the backed-up database has this "
                              "SHA-256 (a file was swapped); nothing restored")
        present.add(content)
    missing = named - present
    if missing:
        raise BackupError(f"{len(missing)} evidence file(s) the backed-up database names are not in the backup "
                          f"(first: {sorted(missing)[0]}); nothing restored")


def _newer_audit(db: Engine, manifest: dict) -> int:
    """How many audit rows the target holds that are newer than everything in the backup."""
    from .models.cases import AuditEvent

    with db.connect() as conn:
        if not inspect(conn).has_table("audit_events"):
            return 0
    newest = manifest.get("newest_audit") or {}
    since = datetime.fromisoformat(newest.get("at") or manifest["created_at"])
    rows = 0
    with db.connect() as conn:
        for (at,) in conn.execute(select(AuditEvent.at).where(AuditEvent.id > int(newest.get("id") or 0))):
            at = at if at.tzinfo else at.replace(tzinfo=timezone.utc)
            rows += at > since
    return rows


def record_restore(db: Engine, archive: Path, actor: str, now: datetime | None = None,
                   forced_over: int = 0) -> None:
    """Append the audit row that says this database came from ``archive`` (its file name and SHA-256)."""
    from sqlalchemy.orm import Session

    from .models.cases import AuditEvent

    now = now or datetime.now(timezone.utc)
    detail = {"file": str(archive), "sha256": sha256_file(archive),
              **({"rolled_back_audit_rows": forced_over} if forced_over else {})}
    with Session(db) as session, session.begin():  # the row cases.record writes, without importing cases
        session.add(AuditEvent(case_id=None, actor=actor[:64], action="restored", detail=detail, at=now))


def _has_data(db: Engine) -> bool:
    with db.connect() as conn:
        if not inspect(conn).has_table("messages"):
            return False
    return any(_counts(db).values())


def restore(db: Engine, evidence_root: Path, archive: Path, replace: bool = False, force_older: bool = False,
            actor: str = "cli") -> dict:
    """Restore ``archive`` into ``db`` and ``evidence_root``; returns the manifest. Checks hashes first.

    ``--replace`` is refused when the target's audit log has rows newer than the backup (they would be rolled
    back: legal holds, officers' actions) unless ``force_older``. The restore itself is audited."""
    manifest = read_manifest(archive)
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{archive}: backup format {manifest.get('format')} is not supported")
    kind = manifest["database"]["kind"]
    if kind != db.dialect.name:
        raise BackupError(f"{archive} holds a {kind} database; the target is {db.dialect.name}")
    if not replace and _has_data(db):
        raise BackupError("the target database already holds cases or messages: restore into an empty database, "
                          "or give --replace to overwrite it")
    newer = _newer_audit(db, manifest) if replace else 0
    if newer and not force_older:
        raise BackupError(f"the target's audit log has {newer} row(s) newer than this backup (officers' actions, "
                          "legal holds): --replace would roll them back. Take a backup of the target first, then "
                          "give --force-older if you really mean to go back to this backup")
    with tempfile.TemporaryDirectory(prefix="cs-restore-") as tmp:
        work = Path(tmp)
        _extract_verified(archive, manifest, work)
        _check_evidence(manifest, work)
        source = work / manifest["database"]["file"]
        if kind == "sqlite":
            db.dispose()
            target = sqlite3.connect(_sqlite_path(db))
            src = sqlite3.connect(source)
            try:
                src.backup(target)
            finally:
                src.close()
                target.close()
        else:
            db.dispose()
            _restore_postgres(db, source)
        evidence_root.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.chmod(evidence_root, 0o700)
        for item in manifest["evidence"]:
            target = evidence_root / item["path"]
            target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            if target.exists() and sha256_file(target) == item["sha256"]:
                continue
            shutil.copyfile(work / "evidence" / item["path"], target)
            os.chmod(target, 0o600)
    counts = _counts(db)
    short = {name: (counts[name], n) for name, n in manifest["counts"].items() if counts.get(name, 0) < n}
    if short:
        raise BackupError(f"restored, but fewer rows than were backed up: {short}")
    from .db import upgrade

    upgrade(db)  # a backup from an older version gets this version's migrations (and its audit log)
    record_restore(db, archive, actor, forced_over=newer)
    manifest["rolled_back_audit_rows"] = newer
    return manifest
