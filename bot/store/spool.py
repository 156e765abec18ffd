"""The local spool: inbound messages kept on disk while the database is down, replayed when it is back.

``write`` appends one JSON line to ``<data_dir>/spool/<database>/inbound.jsonl`` (created 0600, under an exclusive
``flock``, fsynced before the webhook answers). The text is redacted first (bot/nlu/redact.py): an OTP,
PIN, card number or password never reaches the disk. Files a channel already fetched (a web chat upload)
go to the private evidence store by their SHA-256 and the line names the hash; WhatsApp and Telegram
files are kept as the provider's reference (fetching them needs no database, but nothing may be fetched
during an outage that cannot be recorded). ``<database>`` is ``database_identity``: a hash of the database's
URL without its password, also written in every line (``db``); a deployment replays only its own database's
directory, so two deployments sharing a data_dir (staging and production, two units) never answer each other's
held messages nor put them in the wrong database (an attacker's trial, session 13). A line naming another database
found in a spool is set aside (``inbound.failed.jsonl``), never replayed into this one.

The spool is bounded (config ``spool.max_mb`` and ``spool.max_messages``): a message that would pass either limit
raises ``SpoolFull`` and is not kept (the channel asks the resident to write again; Telegram and the web page get
503 and deliver it again). A message whose provider id is already kept (Telegram delivering an update again while
the database is still down) is not written twice: ``write`` says so (``Kept.again``), and the channel does not
send its outage notice a second time. ``Kept.told``: the spool still holds an earlier, not yet replayed message of
the same resident, who got the notice then; Telegram sends it once per chat per outage (an attacker's pass, session
17: one chat got it 16 times in 31 s); WhatsApp's TwiML and the web chat answer each message kept.

``kept_from`` reads what one resident wrote that still waits, so the channels handle it before that resident's next
live message (their messages are handled in the order received; the full replay then finds them handled).
``replay`` hands each line, in order, to a handler (bot/channels/recovery.py: ``Engine.handle``, then the outbox)
and records how far it got in ``inbound.offset``; a handler that fails (the database is still down)
stops the replay there; one that fails for a fault that is not the database's sets that line aside in
``inbound.failed.jsonl`` and goes on (it would fail the same way on every try). One process replays at a time (a second ``flock`` on ``replay.lock``); the
handler is idempotent anyway (every line has a provider id, the engine's dedupe key). Once everything
is replayed the file is emptied under the writers' lock.
"""
from __future__ import annotations

import errno
import fcntl
import hashlib
import json
import logging
import os
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Callable, Iterator

from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from .. import edge
from . import evidence
from ..messages import Inbound, Media
from ..nlu.redact import redact
from ..content.packs import Packs

log = logging.getLogger(__name__)
FILE, OFFSET, LOCK = "inbound.jsonl", "inbound.offset", "replay.lock"
FAILED = "inbound.failed.jsonl"  # messages whose replay failed for a fault that is not the database's


def _every_language(key: str) -> str:
    """One text of lang/<code>/texts/outage.yaml in every shipped pack, one a line (read once, at import)."""
    packs = Packs.load()
    found = packs.wording("texts", "outage")[key]
    return "\n".join(found[code] for code in packs.codes)


# Said when nothing can be stored in the database: in every language, so it never depends on knowing one.
UNAVAILABLE = _every_language("unavailable")
# When not even the spool could keep it (the disk failed too): the resident must write again.
NOT_KEPT = _every_language("not_kept")


class SpoolFull(OSError):
    """The spool holds as much as config ``spool.*`` allows: this message is not kept."""


@dataclass(frozen=True)
class Kept:
    provider_id: str
    again: bool = False  # already kept before (a redelivery): nothing written now
    told: bool = False  # the spool still holds an earlier message of this sender: told of the outage already


DEFAULT_MAX_BYTES, DEFAULT_MAX_MESSAGES = 64 * 1024 * 1024, 20_000  # config.yaml spool.max_mb, spool.max_messages


def _holds(kept: bytes, channel: str, value: str, field: str = "provider_id") -> bool:
    """Whether the spool's bytes ``kept`` have a line of this channel whose ``field`` (its provider id, or its
    sender) is ``value``."""
    needle = json.dumps({field: value}, ensure_ascii=False)[1:-1].encode("utf-8")
    start = kept.find(needle)
    while start >= 0:
        line_start, line_end = kept.rfind(b"\n", 0, start) + 1, kept.find(b"\n", start)
        try:
            found = json.loads(kept[line_start:line_end if line_end >= 0 else len(kept)])
            if found.get("channel") == channel and found.get(field) == value:
                return True
        except ValueError:
            pass
        start = kept.find(needle, start + 1)
    return False


def database_identity(url) -> str:
    """Which database a spool belongs to: a short hash of its URL without user or password (backend, host, port,
    database name; an SQLite file by its absolute path). Known while the database is down: it is what the spool is for."""
    url = make_url(str(url)) if not hasattr(url, "get_backend_name") else url
    backend = url.get_backend_name()
    if backend == "sqlite":
        where = str(Path(url.database).resolve()) if url.database and url.database != ":memory:" else ":memory:"
    else:
        where = f"{(url.host or '').lower()}:{url.port or ''}/{url.database or ''}"
    return hashlib.sha256(f"{backend}://{where}".encode("utf-8")).hexdigest()[:16]


WEB = "web"
_WEB_LINE = b'{"v": 1, "channel": "web",'  # how a web chat message's line starts (``write``'s record, json.dumps)


class Spool:
    def __init__(self, directory: Path, evidence_root: Path, *, max_bytes: int = DEFAULT_MAX_BYTES,
                 max_messages: int = DEFAULT_MAX_MESSAGES, database: str | None = None, web_share_percent: int = 25):
        self.directory = Path(directory)
        self.evidence_root = Path(evidence_root)
        self.max_bytes = max_bytes
        self.max_messages = max_messages
        self.web_share = web_share_percent / 100  # of both limits, for the web chat's messages (``write``)
        self.database = database  # database_identity of the database this spool is for: each line says it

    @classmethod
    def for_config(cls, config, database_url=None) -> "Spool":
        """The spool of the database at ``database_url`` (default: the configured one): its own directory under
        ``<data_dir>/spool/<identity>``, so two deployments sharing a data_dir never replay each other's messages
        (an attacker's trial, session 13: staging's held messages were replayed into production's database)."""
        identity = database_identity(database_url or config.database_url())
        return cls(config.data_path / "spool" / identity, config.evidence_path,
                   max_bytes=config.spool.max_mb * 1024 * 1024, max_messages=config.spool.max_messages,
                   database=identity, web_share_percent=config.spool.web_share_percent)

    @classmethod
    def untagged(cls, config) -> "Spool":
        """The spool file of a version before session 13 (``<data_dir>/spool/inbound.jsonl``, lines without a
        database): what it may still hold is replayed as then, by the first deployment that replays it."""
        return cls(config.data_path / "spool", config.evidence_path, max_bytes=config.spool.max_mb * 1024 * 1024,
                   max_messages=config.spool.max_messages)

    @property
    def path(self) -> Path:
        return self.directory / FILE

    # -- writing ----------------------------------------------------------------------------
    def _open(self, name: str, flags: int) -> int:
        self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        path = self.directory / name
        fd = os.open(path, flags | os.O_CREAT, 0o600)
        os.fchmod(fd, 0o600)
        return fd

    @contextmanager
    def _locked(self) -> Iterator[int]:
        """The spool file, open for appending, under the writers' exclusive lock."""
        fd = self._open(FILE, os.O_RDWR | os.O_APPEND)  # read too: what it already keeps (``write``)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield fd
        finally:
            os.close(fd)  # releases the lock

    def write(self, inbound: Inbound) -> Kept:
        """Append ``inbound`` (redacted, cleaned) durably; returns the provider id it is kept under, and whether it
        was kept already (then nothing is written). ``SpoolFull`` when it would pass the spool's limits."""
        inbound = edge.clean_inbound(inbound)
        provider_id = inbound.provider_id or f"spool:{uuid.uuid4().hex}"
        redaction = redact(inbound.text or "")
        record = {"v": 1, "channel": inbound.channel, "sender": inbound.sender, "text": redaction.text,
                  "provider_id": provider_id, "received_at": inbound.received_at.isoformat(),
                  "display_name": inbound.display_name, "phone": inbound.phone, "via": inbound.via,
                  "cut_from": inbound.cut_from}
        if self.database:
            record["db"] = self.database
        line_without_media = json.dumps(record, ensure_ascii=False)
        with self._locked() as fd:
            size = os.fstat(fd).st_size
            kept = os.pread(fd, size, 0) if size else b""  # bounded by max_bytes; read only during an outage
            if inbound.provider_id and _holds(kept, record["channel"], provider_id):
                return Kept(provider_id, again=True)
            if size + len(line_without_media.encode("utf-8")) + 1 > self.max_bytes or (
                    kept.count(b"\n") >= self.max_messages):
                raise SpoolFull(f"the spool holds {size} bytes; its limits are {self.max_bytes} bytes and "
                                f"{self.max_messages} messages (config.yaml spool.*)")
            if record["channel"] == WEB:  # the web chat within its share: WhatsApp and Telegram keep the rest
                web = [piece for piece in kept.split(b"\n") if piece.startswith(_WEB_LINE)]
                if sum(len(piece) + 1 for piece in web) + len(line_without_media.encode("utf-8")) + 1 > (
                        self.max_bytes * self.web_share) or len(web) >= self.max_messages * self.web_share:
                    raise SpoolFull(f"the web chat's share of the spool ({self.web_share:.0%}, config.yaml "
                                    "spool.web_share_percent) is full")
            record["media"] = [self._media_record(m) for m in inbound.media]  # files only once it is kept
            line = (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")
            os.write(fd, line)
            os.fsync(fd)
        self._sync_directory()
        # not replayed yet: this outage's earlier message from the same resident (they were told then)
        return Kept(provider_id, told=_holds(kept[self._offset():], record["channel"], inbound.sender, "sender"))

    def _media_record(self, media: Media) -> dict:
        item = {"content_type": media.content_type, "url": media.url, "provider_ref": media.provider_ref,
                "filename": media.filename}
        if media.data:  # bytes we hold and the provider does not (a web upload): the private evidence store
            item["sha256"], _ = evidence.keep_bytes(self.evidence_root, media.data)
        elif media.data is not None:
            item["refused"] = True  # too large: the engine says so when the message is handled
        return item

    def _sync_directory(self) -> None:
        fd = os.open(self.directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)

    # -- replaying --------------------------------------------------------------------------
    def pending(self) -> bool:
        """Cheap: whether anything may wait to be replayed (no lock, no read)."""
        try:
            size = self.path.stat().st_size
        except OSError:  # none yet, or a spool directory gone bad: writing it says so (Runtime.keep), not every request
            return False
        return size > self._offset()

    def _offset(self) -> int:
        try:
            return int((self.directory / OFFSET).read_text(encoding="ascii").strip() or 0)
        except (FileNotFoundError, ValueError):
            return 0

    def _set_offset(self, offset: int) -> None:
        tmp = self.directory / f".{OFFSET}.tmp"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            os.write(fd, f"{offset}\n".encode("ascii"))
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, self.directory / OFFSET)

    def replay(self, handle: Callable[[Inbound], object]) -> int:
        """Hand every line not yet replayed to ``handle``; returns how many were handled. Never raises
        for a failing handler (the line stays for the next try); returns 0 while another process replays."""
        if not self.pending():
            return 0
        lock = self._open(LOCK, os.O_RDWR)
        try:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as exc:
                if exc.errno in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                    return 0  # another process is replaying
                raise
            return self._replay_locked(handle)
        finally:
            os.close(lock)

    def _replay_locked(self, handle: Callable[[Inbound], object]) -> int:
        offset = self._offset()
        handled = 0
        with open(self.path, "rb") as spool:
            spool.seek(offset)
            for line in spool:
                if not line.endswith(b"\n"):
                    break  # cannot happen under the writers' lock; never read half a line
                try:
                    record = json.loads(line)
                    if self._foreign(record):  # another database's line in this file (copied by hand): not ours
                        log.error("spool: the line at byte %s was kept for another database (%s); set aside in %s",
                                  offset, record.get("db"), FAILED)
                        self._set_aside(line)
                        offset += len(line)
                        self._set_offset(offset)
                        continue
                    inbound = self._inbound(record)
                except (ValueError, KeyError, TypeError):
                    log.error("spool: a line at byte %s is not a message; skipped", offset)
                    offset += len(line)
                    self._set_offset(offset)
                    continue
                try:
                    handle(inbound)
                except (SQLAlchemyError, OSError):
                    log.exception("spool: replaying stopped at byte %s (is the database back?)", offset)
                    return handled
                except Exception:  # a fault of ours, not the database's: it fails the same way on every try, so it is
                    # set aside (kept, in FAILED) and the messages after it are replayed, not held behind it forever
                    log.exception("spool: the message at byte %s failed, not for the database; set aside in %s",
                                  offset, FAILED)
                    self._set_aside(line)
                    offset += len(line)
                    self._set_offset(offset)
                    continue
                handled += 1
                offset += len(line)
                self._set_offset(offset)
        with self._locked() as fd:  # nothing is appended meanwhile: empty the file if all of it is replayed
            if os.fstat(fd).st_size == offset:
                self._set_offset(0)  # first: a crash now replays again, and replays are deduplicated
                os.ftruncate(fd, 0)
                os.fsync(fd)
        if handled:
            log.warning("spool: %s message(s) kept during a database outage are now handled", handled)
        return handled

    def _set_aside(self, line: bytes) -> None:
        """Keep a line whose replay failed for a fault that is not the database's in FAILED (0600), for a maintainer."""
        fd = self._open(FAILED, os.O_WRONLY | os.O_APPEND)
        try:
            os.write(fd, line)
            os.fsync(fd)
        finally:
            os.close(fd)

    def kept_from(self, channel: str, sender: str) -> list[Inbound]:
        """What ``sender`` wrote on ``channel`` that waits here, oldest first: handled before their next live message
        (bot/channels/recovery.py ``replay_earlier``). A stat when the spool is empty; no lock (only whole lines are
        read, and handling a line twice is a redelivery)."""
        if not self.pending():
            return []
        needle = json.dumps(sender, ensure_ascii=False).encode("utf-8")
        found = []
        try:
            with open(self.path, "rb") as spool:
                spool.seek(self._offset())
                for line in spool:
                    if not line.endswith(b"\n"):
                        break
                    if needle not in line:  # most lines are other residents': no JSON parsed for them
                        continue
                    try:
                        record = json.loads(line)
                        if record["channel"] == channel and record["sender"] == sender and not self._foreign(record):
                            found.append(self._inbound(record))
                    except (ValueError, KeyError, TypeError):
                        continue  # the full replay logs it
        except OSError:
            log.exception("spool: could not read it for a resident's kept messages")
        return found

    def _foreign(self, record: dict) -> bool:
        """Whether a line names another database than this spool's (a line without one is from before session 13)."""
        return bool(self.database and record.get("db") and record["db"] != self.database)

    def _inbound(self, record: dict) -> Inbound:
        files = []
        for item in record.get("media") or []:
            data = None
            if item.get("sha256"):
                data = evidence.read_bytes(self.evidence_root, item["sha256"])
            elif item.get("refused"):
                data = b""
            files.append(Media(content_type=item["content_type"], data=data, url=item.get("url"),
                               provider_ref=item.get("provider_ref"), filename=item.get("filename")))
        return Inbound(channel=record["channel"], sender=record["sender"], text=record.get("text") or "",
                       media=tuple(files), provider_id=record["provider_id"],
                       received_at=datetime.fromisoformat(record["received_at"]),
                       display_name=record.get("display_name"), phone=record.get("phone"), via=record.get("via"),
                       cut_from=record.get("cut_from"))
