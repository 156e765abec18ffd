"""One number telling "another N gone" again and again, a different amount each time (an attacker's flood, session
15: 298 further losses recorded, each "added"): a report records MAX_LATER_LOSSES further debits one by one; beyond
them the messages are kept, the resident is told once that an officer will go through the rest with them, and the
case says how many were not added."""
from __future__ import annotations

import pytest

from bot.conversation.golden import MAX_LATER_LOSSES

WORDINGS = {
    "hi": ("mere account se abhi 5000 kat gaye", "aur {n} rupaye kat gaye abhi", "fir se {n} debit ho gaye"),
    "en": ("someone took 5000 from my account just now", "another {n} was debited just now",
           "they took {n} more from my account"),
}


@pytest.mark.parametrize("language", sorted(WORDINGS))
def test_further_losses_beyond_the_cap_are_kept_for_the_officer_not_added(sqlite_resident, resources, language):
    first, *further = WORDINGS[language]
    sqlite_resident.send(first)
    told_officer = resources.texts.get("later_losses_for_officer", language, count=MAX_LATER_LOSSES)
    amounts = [1200 + 37 * i for i in range(MAX_LATER_LOSSES + 5)]
    answers = [sqlite_resident.send(further[i % 2].format(n=amount), minutes=1) for i, amount in enumerate(amounts)]
    assert sum(told_officer in "\n".join(out.texts) for out in answers) == 1  # told once, at the first not added
    assert told_officer in "\n".join(answers[MAX_LATER_LOSSES].texts)
    noted = resources.texts.get("second_loss_noted", language, amount="\x00").split("\x00")[0]
    assert sum(noted in "\n".join(out.texts) for out in answers) == MAX_LATER_LOSSES
    out = answers[-1]
    fields = out.incident
    assert [loss["amount"] for loss in fields["later_losses"]] == amounts[:MAX_LATER_LOSSES]
    assert fields["second_loss_amount"] == sum(amounts[:MAX_LATER_LOSSES])
    assert fields["later_losses_not_added"] == 5
