"""The private evidence store: files named by their SHA-256, outside any web root, readable by us only."""
from __future__ import annotations

import hashlib
import os
import re
from datetime import datetime
from pathlib import Path

import filetype
from sqlalchemy.orm import Session

from ..messages import Media
from .models.residents import Evidence

# Raster images, PDFs and audio only: an SVG or HTML "image" could carry script into the console.
RASTER_IMAGES = {"image/jpeg", "image/png", "image/webp", "image/gif", "image/heic", "image/heif"}
ALLOWED_PREFIXES = ("audio/",)
ALLOWED_TYPES = RASTER_IMAGES | {"application/pdf"}
_EXTENSIONS = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".webp": "image/webp",
               ".gif": "image/gif", ".pdf": "application/pdf", ".ogg": "audio/ogg", ".opus": "audio/ogg",
               ".mp3": "audio/mpeg", ".m4a": "audio/mp4", ".amr": "audio/amr", ".wav": "audio/wav"}


def content_type_for(path: str | Path) -> str:
    return _EXTENSIONS.get(Path(path).suffix.lower(), "application/octet-stream")


def acceptable(content_type: str) -> bool:
    content_type = (content_type or "").split(";")[0].strip().lower()
    return content_type in ALLOWED_TYPES or content_type.startswith(ALLOWED_PREFIXES)


def sniffed(data: bytes) -> str | None:
    """The type a file's own first bytes (its signature, read by the ``filetype`` library) show, when it is one we
    keep; None otherwise. The label a channel or a browser declares is never trusted for what is kept: an SVG with a
    script named .png, a Windows program named exe.png, an HTML page are None (an attacker's trial, session 10). A
    file whose bytes really are a raster image (a GIF that is also valid script) is kept under that real type and
    only ever served with it (``nosniff``, as a download unless shown inline as an image)."""
    kind = filetype.guess_mime(data[:8192]) if data else None
    return kind if kind and acceptable(kind) else None


def keep_bytes(root: Path, data: bytes) -> tuple[str, str]:
    """Write ``data`` as ``<root>/<aa>/<sha256>`` (owner-only); returns the hash and the path under ``root``."""
    digest = hashlib.sha256(data).hexdigest()
    folder = root / digest[:2]
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(root, 0o700)
    target = folder / digest
    if not target.exists():
        tmp = folder / f".{digest}.{os.getpid()}.tmp"
        with open(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    return digest, str(target.relative_to(root))


def read_bytes(root: Path, digest: str) -> bytes | None:
    """The bytes kept under ``digest`` by ``keep_bytes``, or None (not a hash, or not there)."""
    if not re.fullmatch(r"[0-9a-f]{64}", digest or ""):
        return None
    try:
        return (root / digest[:2] / digest).read_bytes()
    except OSError:
        return None


def store(session: Session, root: Path, max_bytes: int, contact_id: int, incident_id: int | None,
          message_id: int | None, media: Media, now: datetime) -> Evidence | None:
    """Keep ``media`` as evidence; None when its type or size is refused.

    Bytes already fetched are written as ``<root>/<aa>/<sha256>`` with owner-only permissions; a
    file the channel has not fetched yet is recorded by its provider reference for fetching later.
    """
    if not acceptable(media.content_type):
        return None
    digest = size = path = None
    content_type = media.content_type
    if media.data is not None:
        if not media.data or len(media.data) > max_bytes:
            return None
        content_type = sniffed(media.data)  # what the bytes are, not what they were called
        if content_type is None:
            return None
        digest, path = keep_bytes(root, media.data)
        size = len(media.data)
    evidence = Evidence(
        contact_id=contact_id, incident_id=incident_id, message_id=message_id, sha256=digest, size=size,
        content_type=content_type[:80], stored_path=path,
        provider_ref=(media.provider_ref or media.url or None), received_at=now,
    )
    session.add(evidence)
    return evidence
