"""Campaigns: a supervisor's message to a group of opted-in residents, previewed, then sent paced.

- The text is written in every language its recipients read (each resident gets theirs, never another's): a
  campaign whose group holds a resident whose language has no text is refused, naming the language, when drafted
  and again when sent (someone may have registered since). Other offered languages may be left empty. Each text ends
  with how to STOP and may link only to ``allowed_link_hosts``.
- The group is always a subset of the opted-in (an active reminder subscription): ``seniors``, one
  ``district`` (of the registered household), or ``all`` opted-in. Nothing goes to anyone else.
- A draft that cannot go (no text in a recipient's language, nobody in the group) says why (``unsendable``): the
  console disables its Approve button with that reason and refuses a send all the same (README.md, "Campaigns").
- Approved in quiet hours, it is held until they end: the console and the CLI say when it goes (``held_note``).
- Preview first (how many, per channel and language, and the text in each language); sending takes a
  snapshot of the recipients, then the scheduler queues them into the outbox a little at a time, each at
  a paced ``next_attempt_at`` (bot/outreach/pacing.py), never in quiet hours; someone who sends STOP meanwhile is
  skipped. Progress and delivery counts come from the outbox rows' statuses.
"""
from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlparse

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .. import formats
from ..content.packs import english_name
from ..store import outbox
from ..cases.cases import record
from .. import channel_registry as channels
from ..config import Config
from ..store.models.outreach import Campaign, CampaignRecipient, Household, ReminderSubscription
from ..store.models.residents import Contact
from ..store.models.operations import Outbox
from .pacing import Slots, quiet_period
from .simple import URL_PATTERN
from ..content.texts import Texts

AUDIENCES = {"seniors": "Registered seniors (opted in)", "district": "Opted-in residents of one district",
             "all": "Everyone who opted in"}
MAX_TEXT = 700


class CampaignError(ValueError):
    pass


def language_label(code: str) -> str:
    """A language as an officer reads it in the console or a terminal: "Bangla (bn)"."""
    return f"{english_name(code)} ({code})"


def missing(text: dict[str, str], people: list[Contact]) -> dict[str, int]:
    """{language: how many of ``people`` read it} for the languages ``text`` has no message in."""
    counts = Counter(contact.language for contact in people)
    return {lang: n for lang, n in sorted(counts.items()) if not (text.get(lang) or "").strip()}


def missing_reason(text: dict[str, str], people: list[Contact]) -> str | None:
    """Why ``text`` cannot go to ``people``: the languages some of them read that it has no message in."""
    gaps = missing(text, people)
    return "; ".join(f"{n} recipient(s) read {language_label(lang)}: write the message in {language_label(lang)} "
                     f"too (nobody is sent another language's text)" for lang, n in gaps.items()) or None


def refuse_missing(text: dict[str, str], people: list[Contact]) -> None:
    reason = missing_reason(text, people)
    if reason:
        raise CampaignError(reason)


def unsendable(campaign: Campaign, people: list[Contact]) -> str | None:
    """Why this campaign cannot be approved for ``people`` (its recipients now), or None when it can."""
    if campaign.status != "draft":
        return "this campaign was sent already"
    if not people:
        return "nobody in this group has opted in: there is no one to send it to"
    return missing_reason(campaign.text, people)


def held_note(now: datetime, config: Config) -> str | None:
    """A campaign approved at ``now`` in quiet hours: "Held for quiet hours: goes at 08:00 IST on 28-11-2026" (the
    unit's zone); None in the day. The drain may send a row ``poll_seconds`` late, so that much before counts too."""
    margin = timedelta(seconds=config.outbox.poll_seconds)
    period = quiet_period(now, config) or quiet_period(now + margin, config)
    if period is None:
        return None
    goes = period[1]
    return (f"Held for quiet hours: goes at {formats.local_time(goes, config.tz, '%H:%M')} "
            f"on {goes.astimezone(config.tz):%d-%m-%Y}")


def check(title: str, audience: str, district: str | None, text: dict[str, str], config: Config,
          people: list[Contact] = ()) -> None:
    """Refuse a campaign that lacks a title, a group or a text in a language ``people`` (its recipients) read."""
    problems = []
    if not title.strip():
        problems.append("give the campaign a title")
    if audience not in AUDIENCES:
        problems.append("choose the group")
    if audience == "district" and district not in config.districts:
        problems.append("choose a district")
    if not any((text.get(language) or "").strip() for language in config.languages):
        problems.append("write the message")
    for language in config.languages:
        body = (text.get(language) or "").strip()
        if len(body) > MAX_TEXT:
            problems.append(f"the {language_label(language)} message is longer than {MAX_TEXT} characters")
        for url in URL_PATTERN.findall(body):
            host = urlparse(url).hostname or ""
            if not url.startswith("https://") or host not in config.allowed_link_hosts:
                problems.append(f"{url}: links may go only to allowed_link_hosts (https)")
    try:
        refuse_missing(text, list(people))
    except CampaignError as exc:
        problems.append(str(exc))
    if problems:
        raise CampaignError("; ".join(problems))


def create(session: Session, title: str, audience: str, district: str | None, text: dict[str, str], actor: str,
           now: datetime, config: Config) -> Campaign:
    district = district if audience == "district" else None
    people = recipients(session, audience, district) if audience in AUDIENCES else []
    check(title, audience, district, text, config, people)
    campaign = Campaign(title=title.strip()[:120], audience=audience, district=district, status="draft",
                        text={lang: text[lang].strip() for lang in config.languages if (text.get(lang) or "").strip()},
                        created_by=actor, created_at=now, total=0)
    session.add(campaign)
    session.flush()
    record(session, None, actor, "campaign_drafted", now, campaign=campaign.id, audience=audience, district=district)
    return campaign


def recipients(session: Session, audience: str, district: str | None) -> list[Contact]:
    """The opted-in contacts of a group (never anyone without an active subscription)."""
    query = (select(Contact).join(ReminderSubscription, ReminderSubscription.contact_id == Contact.id)
             .where(ReminderSubscription.active.is_(True), Contact.channel.in_(channels.names(outreach=True))))
    if audience == "seniors":
        query = query.where(Contact.senior.is_(True))
    elif audience == "district":
        query = query.join(Household, Household.contact_id == Contact.id).where(Household.district == district)
    return list(session.scalars(query.order_by(Contact.id)))


def message(campaign: Campaign, language: str, texts: Texts) -> str | None:
    """The campaign in ``language`` with its STOP footer; None when it has no text in it (never another's)."""
    body = (campaign.text.get(language) or "").strip()
    return f"{body}\n{texts.get('campaign_footer', language)}" if body else None


def preview(session: Session, campaign: Campaign, texts: Texts, config: Config) -> dict[str, Any]:
    people = recipients(session, campaign.audience, campaign.district)
    return {"total": len(people), "unsendable": unsendable(campaign, people),
            "by_channel": dict(Counter(c.channel for c in people)),
            "by_language": dict(Counter(c.language for c in people)),
            "missing": {language_label(lang): n for lang, n in missing(campaign.text, people).items()},
            "texts": {lang: message(campaign, lang, texts) for lang in config.languages if campaign.text.get(lang)}}


def start(session: Session, campaign: Campaign, actor: str, now: datetime) -> int:
    """Take the snapshot of recipients and mark the campaign sending (once). Refused (CampaignError, the reason) when
    ``unsendable``: sent already, nobody to send to, or someone registered since the draft reads a language it lacks."""
    people = recipients(session, campaign.audience, campaign.district)
    reason = unsendable(campaign, people)
    if reason:
        raise CampaignError(reason)
    for contact in people:
        session.add(CampaignRecipient(campaign_id=campaign.id, contact_id=contact.id, channel=contact.channel,
                                      recipient=contact.sender, language=contact.language))
    campaign.status, campaign.sent_by, campaign.started_at, campaign.total = "sending", actor, now, len(people)
    record(session, None, actor, "campaign_sent", now, campaign=campaign.id, recipients=len(people))
    return len(people)


def release(session: Session, texts: Texts, now: datetime, slots: Slots, limit: int = 2000) -> int:
    """Queue the next recipients of sending campaigns, each at its paced slot. Returns rows queued."""
    queued = 0
    full: set[str] = set()
    for campaign in session.scalars(select(Campaign).where(Campaign.status == "sending").order_by(Campaign.id)):
        waiting = session.scalars(select(CampaignRecipient).where(
            CampaignRecipient.campaign_id == campaign.id, CampaignRecipient.outbox_id.is_(None),
            CampaignRecipient.skipped.is_(None)).order_by(CampaignRecipient.id).limit(limit)).all()
        for person in waiting:
            if person.channel in full:
                continue
            active = session.scalar(select(ReminderSubscription.active).where(
                ReminderSubscription.contact_id == person.contact_id))
            if not active:
                person.skipped = "not opted in (STOP)"
                continue
            text = message(campaign, person.language, texts)
            if text is None:  # start() refuses this; a campaign sent before it did: never another language's text
                person.skipped = f"no text in {language_label(person.language)}"
                continue
            at = slots.take(person.channel)
            if at is None:
                full.add(person.channel)
                continue
            rows = outbox.enqueue(session, channel=person.channel, recipient=person.recipient,
                                  text=text,
                                  key=f"campaign:{campaign.id}:{person.contact_id}", now=now, due=at, kind="campaign",
                                  contact_id=person.contact_id, language=person.language,
                                  sender=session.get(Contact, person.contact_id).via)  # a station's number
            person.outbox_id = rows[0].id
            queued += len(rows)
        left = session.scalar(select(func.count()).select_from(CampaignRecipient).where(
            CampaignRecipient.campaign_id == campaign.id, CampaignRecipient.outbox_id.is_(None),
            CampaignRecipient.skipped.is_(None)))
        if not left:
            campaign.status, campaign.finished_at = "done", now
    return queued


def progress(session: Session, campaign: Campaign) -> dict[str, Any]:
    """Counts for the live page: not queued yet, then the outbox statuses of the queued messages."""
    statuses = dict(session.execute(
        select(Outbox.status, func.count()).join(CampaignRecipient, CampaignRecipient.outbox_id == Outbox.id)
        .where(CampaignRecipient.campaign_id == campaign.id).group_by(Outbox.status)).all())
    skipped = session.scalar(select(func.count()).select_from(CampaignRecipient).where(
        CampaignRecipient.campaign_id == campaign.id, CampaignRecipient.skipped.is_not(None)))
    queued = sum(statuses.values())
    return {"id": campaign.id, "status": campaign.status, "total": campaign.total,
            "not_queued": max(campaign.total - queued - skipped, 0), "skipped": skipped,
            "waiting": statuses.get("pending", 0) + statuses.get("sending", 0),
            "sent": statuses.get("sent", 0), "delivered": statuses.get("delivered", 0),
            "read": statuses.get("read", 0),
            "failed": statuses.get("failed", 0) + statuses.get("undelivered", 0),
            "unconfirmed": statuses.get("unconfirmed", 0), "cancelled": statuses.get("cancelled", 0)}
