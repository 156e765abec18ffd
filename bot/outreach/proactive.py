"""One pass of the proactive messages (the scheduler runs it every ``reminders.check_seconds``).

In quiet hours: only push back proactive rows that became due. Otherwise queue, a short horizon ahead
and paced per channel, the safety tips that are due and then the next recipients of sending campaigns;
the outbox drain sends each row at its ``next_attempt_at``. Takes ``now`` (tests pass a controlled clock).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session, sessionmaker

from . import campaigns, pacing, reminders
from ..config import Config
from ..content.knowledge import Knowledge
from ..content.texts import Texts


@dataclass
class ProactiveReport:
    quiet: bool = False
    deferred: int = 0
    tips: int = 0
    tips_waiting: int = 0
    campaign_rows: int = 0

    def __bool__(self) -> bool:
        return bool(self.deferred or self.tips or self.campaign_rows)


def tick(Session: sessionmaker[Session], config: Config, texts: Texts, knowledge: Knowledge | None,
         now: datetime) -> ProactiveReport:
    report = ProactiveReport()
    with Session.begin() as session:
        report.deferred = pacing.defer_quiet(session, config, now)
        if pacing.is_quiet(now, config):
            report.quiet = True
            return report
        slots = pacing.Slots(session, config, now, horizon=timedelta(seconds=2 * config.reminders.check_seconds))
        tips = reminders.send_due(session, config, texts, knowledge, now, slots)
        report.tips, report.tips_waiting = len(tips.queued), tips.waiting
        report.campaign_rows = campaigns.release(session, texts, now, slots)
    return report
