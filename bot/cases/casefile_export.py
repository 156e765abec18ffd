"""A court-ready case export: one zip archive with the transcript, the report's fields, every evidence file with
its SHA-256, the case's audit trail, and a certificate under section 63 of the Bharatiya Sakshya Adhiniyam, 2023
filled in from config and the case, for the officer to sign. ``SHA256SUMS`` lists every file's hash in the
format ``sha256sum -c`` checks; the certificate repeats them.

Private notes are left out: they are the officers' working notes, not records of the case."""
from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from . import bank_answers, casefile
from .. import formats
from .audit_text import officer_names, readable
from .casework import OUTCOMES, conversation, officer_of
from ..config import Config
from ..content.i18n import pick
from ..content.texts import render
from ..store.models.cases import AuditEvent, Case
from ..store.models.residents import Contact, Evidence, Incident
from ..store.models.officers import Officer, OfficerDetails

CERTIFICATE = Path(__file__).resolve().parent.parent.parent / "texts" / "certificate_63_bsa.txt"
_EXT = {"image/jpeg": ".jpg", "image/png": ".png", "image/webp": ".webp", "image/gif": ".gif",
        "application/pdf": ".pdf", "audio/ogg": ".ogg", "audio/mpeg": ".mp3", "audio/mp4": ".m4a",
        "audio/amr": ".amr", "audio/wav": ".wav"}


def _who(session: Session, actor: str | None) -> str:
    officer = officer_of(session, actor)
    return f"{officer.display_name} ({officer.username})" if officer else (actor or "")


# A message's own further lines are indented so no line of a resident's text can look like a message's header: a
# resident wrote "I paid 500\n[02-12-2026 16:30:00 IST] -> officer SI Sup: ... refund approved" and the certified
# transcript showed a forged officer line (attacker trial, session 19, F15). Every line break Python knows (\r, \v,
# \f, U+2028, U+0085 ...) counts, as an editor may show any of them as a new line.
CONTINUATION = "    | "
TRANSCRIPT_HEAD = ("# One message per line: [date time] <- resident / -> bot or officer: text. A line starting with "
                   f"'{CONTINUATION.strip()}' continues the message above it (the writer's own line break).\n")


def _text_lines(text: str) -> str:
    return ("\n" + CONTINUATION).join((text or "").splitlines() or [""])


def _transcript(session: Session, case: Case, tz) -> str:
    lines = [TRANSCRIPT_HEAD.rstrip("\n")]
    for message in conversation(session, case, limit=100_000):
        author = message.author
        if author.startswith("officer:"):
            author = "officer " + _who(session, author)
        files = "".join(f" [file: {item.get('content_type', '?')}]" for item in (message.media or {}).get("items", []))
        lines.append(f"[{formats.local_time(message.created_at, tz, '%d-%m-%Y %H:%M:%S')}] "
                     f"{'<-' if message.direction == 'in' else '->'} {author}: {_text_lines(message.text)}{files}")
    return "\n".join(lines) + "\n"


def _fields(session: Session, case: Case, incident: Incident | None, contact: Contact, tz) -> dict:
    def when(at):
        return formats.local_time(at, tz, "%d-%m-%Y %H:%M:%S") if at else None
    return {
        "case": {"id": case.id, "priority": case.priority, "status": case.status, "reason": case.reason,
                 "opened": when(case.created_at), "claimed": when(case.claimed_at), "closed": when(case.closed_at),
                 "held_by": _who(session, case.claimed_by) if case.claimed_by else None,
                 "outcome": OUTCOMES.get(case.outcome or "", case.outcome), "outcome_detail": case.outcome_detail,
                 "labels": casefile.labels(session, [case.id]).get(case.id, [])},
        "report": None if incident is None else {
            "reference": incident.reference, "category": incident.category,
            "amount": formats.amount(incident.amount, missing=None) or None,
            "money_left_at": when(incident.money_left_at), "district": incident.district,
            "reported": when(incident.created_at), "fields": incident.fields},
        "national_numbers": casefile.numbers_of(incident),
        "resident": {"channel": contact.channel, "phone": casefile.resident_phone(contact, incident),
                     "language": contact.language},
        "banks": [{"bank": b.bank, "sent_to": b.sent_to, "sent_at": when(b.sent_at), "sent_how": b.sent_how,
                   "reply": b.reply, "replied_at": when(b.replied_at), "reference": b.bank_reference,
                   "amount_held": str(b.amount_held) if b.amount_held is not None else None,
                   "amount_refunded": str(b.amount_refunded) if b.amount_refunded is not None else None}
                  for b in bank_answers.of_case(session, case.id)],
        "times_are_in": str(tz),
    }


def _audit_csv(session: Session, case: Case, tz) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["id", "at", "who", "action", "details", "detail_json"])  # read by a person; as stored
    names = officer_names(session)
    for event in session.scalars(select(AuditEvent).where(AuditEvent.case_id == case.id).order_by(AuditEvent.id)):
        writer.writerow([event.id, formats.local_time(event.at, tz, "%d-%m-%Y %H:%M:%S"), _who(session, event.actor),
                         event.action, readable(event.detail, tz, names),
                         json.dumps(event.detail, ensure_ascii=False, sort_keys=True)])
    return out.getvalue()


@dataclass
class Collected:
    """What the export reads from the database (in one short transaction); files are read later, outside it."""
    name: str
    files: list[tuple[str, bytes]]
    evidence: list[tuple[str, Path | None, str]]  # archive path (or None when missing), stored path, description
    certificate: dict[str, str]
    local: datetime


def collect(session: Session, case: Case, officer: Officer, config: Config, now: datetime) -> Collected:
    tz = config.tz
    incident = session.get(Incident, case.incident_id) if case.incident_id else None
    contact = session.get(Contact, case.contact_id)
    ref = incident.reference if incident else f"case-{case.id}"
    local = now.astimezone(tz)
    name = f"{ref}-court-export-{local.strftime('%Y%m%d-%H%M')}"
    files: list[tuple[str, bytes]] = [
        ("transcript.txt", _transcript(session, case, tz).encode()),
        ("case.json", json.dumps(_fields(session, case, incident, contact, tz), ensure_ascii=False, indent=2,
                                 default=str).encode()),
        ("audit_trail.csv", _audit_csv(session, case, tz).encode()),
    ]
    root = config.evidence_path.resolve()
    evidence = []
    for item in session.scalars(select(Evidence).where(Evidence.contact_id == case.contact_id).order_by(Evidence.id)):
        path = (root / item.stored_path).resolve() if item.stored_path else None
        inside = path is not None and root in path.parents
        evidence.append((f"evidence/{item.id}-{(item.sha256 or '')[:12]}{_EXT.get(item.content_type, '.bin')}",
                         path if inside else None, f"evidence {item.id} ({item.content_type})"))
    details = session.get(OfficerDetails, officer.id)
    certificate = dict(
        officer_name=officer.display_name, officer_rank=(details.rank if details and details.rank else "rank: ________"),
        officer_contact=", ".join(v for v in ((details.phone, details.email) if details else ()) if v) or "________",
        unit=pick(config.unit_name, "en"), unit_address=", ".join(config.unit.address) or "________",
        records_system=config.unit.records_system, case_ref=ref, case_id=str(case.id),
        generated=formats.local_time(now, tz, "%d-%m-%Y %H:%M:%S"), archive_name=name + ".zip",
        date=local.strftime("%d/%m/%Y"), time=local.strftime("%H:%M"), zone=local.tzname(),
        place=config.unit.place or "________")
    return Collected(name, files, evidence, certificate, local)


def pack(collected: Collected) -> tuple[str, bytes]:
    """(file name, zip bytes): evidence files read and every file hashed, with no transaction open."""
    files = list(collected.files)
    missing = []
    for archive_path, path, description in collected.evidence:
        if path is None or not path.is_file():
            missing.append(f"{description}: not fetched or erased")
            continue
        files.append((archive_path, path.read_bytes()))
    if missing:
        files.append(("evidence/NOT_INCLUDED.txt", ("\n".join(missing) + "\n").encode()))
    sums = [(hashlib.sha256(data).hexdigest(), path) for path, data in files]
    sha_text = "".join(f"{digest}  {path}\n" for digest, path in sums)
    certificate = render(CERTIFICATE.read_text(encoding="utf-8"), {  # a unit's edited wording never breaks the export
        "hash_lines": "\n".join(f"   {path}\n      SHA-256 {digest}" for digest, path in sums), **collected.certificate})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        stamp = collected.local.timetuple()[:6]
        for path, data in files + [("SHA256SUMS", sha_text.encode()),
                                   ("certificate_section_63_BSA.txt", certificate.encode())]:
            archive.writestr(zipfile.ZipInfo(f"{collected.name}/{path}", date_time=stamp), data)
    return collected.name + ".zip", buffer.getvalue()
