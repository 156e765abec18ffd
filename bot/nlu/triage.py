"""Triage: what one message says about the golden hour, before any flow, menu or language question.

Pure: ``read(text, now, timezone)`` -> :class:`Triage`. It tells whether money left the resident (and
when: within the golden hour, within a day, earlier, or not said), whether the resident says no money
left, whether money is leaving now, card or bank details were just typed into a page (urgent, not a loss), or a
caller / remote-access app is still connected, and which
danger the message names (a threat to life, kidnapping or ransom, self-harm of the writer or of someone
else, sexual material and a child, a child at risk). The word classes are data: ``lang/<code>/words/triage.yaml``.

A loss dominates: "hacked and money withdrawn" is a money loss. The engine applies the result
(bot/conversation/golden.py); the classifier reads its urgency and loss from here too.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from . import near_phrases, words
from .entities import amounts, times
from .entities.reading import Reading
from .normalize import normalize, tokens

DANGER_ORDER = ("kidnap", "self_harm", "self_harm_other", "child_abuse", "child", "life")
AGES = ("golden", "day", "old", "unknown")  # how long ago the money left


@dataclass(frozen=True)
class Triage:
    loss: bool = False              # money left the resident (stated, not negated)
    no_loss: bool = False           # "no money gone", "I didn't pay", "only shared the OTP"
    loss_at: datetime | None = None  # when the message says it left (UTC)
    loss_by: datetime | None = None  # the latest it can have left when only the day is said ("kal": that day's end)
    age: str | None = None          # golden / day / old / unknown (only with a loss)
    ongoing: bool = False           # money leaving now, or about to be sent
    details_typed: bool = False     # card, bank or login details just typed or given on a page (nothing left yet)
    # those details were given on a page, link or form it names (class page), not an OTP or PIN told to a caller:
    # only then is the resident told to close the page (golden.connection)
    on_page: bool = False
    live_call: bool = False         # a caller (or a "digital arrest" video call) still connected
    remote_app: bool = False        # a remote-access / screen-sharing app still on the phone
    fake_officer: bool = False      # the call is from "police", "CBI", "customs" ...
    danger: tuple[str, ...] = ()    # kidnap, self_harm, self_harm_other, child_abuse, child, life (most pressing first)
    threat: bool = False            # a threat or blackmail (high, not urgent, by itself)
    correction: bool = False        # "sorry, it was ..." : a fact told before is corrected
    time_at: datetime | None = None  # any time the message names (for a corrected time)
    another: bool = False           # "another", "again", "aur": a further loss, not the first told again
    amount: float | None = None     # the amount the message names, if any
    # the age the message's own time words give, as if it told a loss ("1 week ho gaya", "abhi", none): what
    # ``assume_loss`` uses when the understanding reads a money loss the loss words did not catch
    told_age: str = "unknown"
    inferred: bool = False          # the loss was read by the understanding (``assume_loss``), not by a loss phrase
    money: bool = False             # money named: an amount, ₹ or a money word (not a demand or a payment to them)
    # the account or phone a takeover was tried on is still the writer's ("my phone is still working", "account abhi
    # mere paas hai"): its "still" is no moment and no call going on; a question about it is asked ahead (classify.py)
    still_mine: bool = False
    # a child is named ("my son", "mere bachche ko", "14 saal ki"), not one grown up: a report about them says Childline
    # and 112 first (flows/harassment.yaml), though nothing tells a danger
    child: bool = False
    # physical violence to someone going on ("my neighbour is being beaten right now", class violence with a moment
    # word): a danger to a body, not to an account, so the danger report follows, never the online-harassment one
    violence: bool = False
    # money the writer sent to a wrong UPI id or account by their own mistake (classes wrong_payee and own_mistake): no
    # crime, so no loss is read; the bank's dispute path is the answer (classify.py), not 1930
    mistaken: bool = False
    # a payment, recharge or bill that failed with the money deducted (class failed_payment): no loss to a fraudster, the
    # bank's or app's reversal and complaint (classify.py: not a report)
    failed_payment: bool = False
    # a stranger says they sent the writer money by mistake and asks it back (class sent_to_me_by_mistake): the refund
    # trick, a check
    refund_trick: bool = False
    # what reads like a money report took no money from the writer's account (class not_taken: a loan or card taken out
    # in their name, a loan they took and repaid, goods taken against a fake payment screenshot): the understanding
    # reads no loss into it (classify.py reads_loss); loss words said still count
    not_taken: bool = False
    # the writer's child spent money in an online game (classes own_child and game_buy) and no stranger asked for it or
    # threatened (game_stranger, a threat, a danger): no crime, so no loss is read; the refund and purchase controls
    # are the answer (knowledge child_in_game_purchases, classify.py), not 1930
    child_game: bool = False
    # someone gone to the bank, or on the way, to pay or transfer at a caller's word (class paying_now, with an officer or
    # money named and no time of a loss): money about to go, not gone; the action is to stop them (golden.connection)
    paying_now: bool = False
    # more money asked to release, unlock or withdraw what was paid or "earned" (class release_fee: "50000 to release
    # funds", "40000 tax to withdraw"): the same scam asking again; the writer is told not to pay (golden.act)
    release_fee: bool = False
    # an install asked about or asked for by a caller still on the line ("he is on the phone asking me to install
    # anydesk, should I?"), nothing installed, paid or typed: "cut the call, install nothing" comes first, no case
    install_on_call: bool = False
    # the message only asks whether money can be got back ("can I get my money back?", "paise wapas milenge kya?"):
    # no loss told; the golden-hour advice (1930, the bank, RBI's zero liability) and the report offered (classify.py)
    asks_back: bool = False

    @property
    def connected(self) -> bool:
        return self.live_call or self.remote_app or self.paying_now

    @property
    def money_urgent(self) -> bool:
        return self.loss and self.age in ("golden", "unknown") or self.ongoing or self.details_typed

    @property
    def urgent(self) -> bool:
        return bool(self.danger) or self.connected or self.money_urgent

    @property
    def label(self) -> str:
        """One class for the message: danger, live_call, urgent_money, no_loss, old_loss, loss or none."""
        if self.danger:
            return "danger"
        if self.connected:
            return "live_call"
        if self.money_urgent:
            return "urgent_money"
        if self.no_loss:
            return "no_loss"
        if self.loss:
            return "old_loss" if self.age == "old" else "loss"
        return "none"

    def facts(self) -> dict:
        """The conversation fields this message establishes (only what it says; never a 'no')."""
        out: dict = {}
        if self.loss:
            out["money_lost"] = True
            if self.loss_at is not None:
                out["money_left_at"] = self.loss_at.isoformat()
                if self.loss_by is not None:
                    out["money_left_at_by"] = self.loss_by.isoformat()
            elif self.age == "unknown":  # not said: urgent until the resident says when (DESIGN.md)
                out["money_left_at_unknown"] = True
            elif self.age in ("day", "old"):  # "two years ago", "a few hours ago": no clock time, but not the golden hour
                out["money_left_age"] = self.age
        if self.ongoing:
            out["ongoing"] = True
        if self.details_typed:  # urgent (the money can still leave), but not a loss: "details shared"
            out["details_shared"] = True
        if self.live_call:
            out["live_call"] = True
        if self.fake_officer:  # the caller still on claims to be police, CBI, customs ...
            out["fake_officer"] = True
        if self.remote_app:
            out["remote_app"] = True
        if self.paying_now:
            out["paying_now"] = True
        if self.danger:
            out["danger"] = list(self.danger)
            out["life_threat"] = True
        if "self_harm_other" in self.danger and "self_harm" not in self.danger:
            out["someone_else_at_risk"] = True  # the writer tells of another's self-harm: what follows is about them
        if "child_abuse" in self.danger:
            out["child_abuse"] = True
        if self.child and not self.danger:
            out["child_named"] = True
        return out


def _pattern(phrase: str) -> str:
    """A phrase as a pattern over a message's plain words (``words.phrase_pieces``: ``word*`` takes any ending,
    ``...`` up to three words between)."""
    return "".join(words.phrase_pieces(phrase, plain=True))


def _plain(text: str) -> str:
    """The message's words (lower case, apostrophes dropped, Devanagari kept whole) joined by single spaces:
    what the word classes match on, whole words only."""
    return " ".join(tokens(normalize(text).replace("'", "").replace("’", "")))


def _alternation(phrases) -> str:
    """The phrases' patterns (``_pattern``) as one alternation, longest first, their common beginnings written once
    (``words.factored``: the same matches, found sooner)."""
    return words.factored(sorted((words.phrase_pieces(p, plain=True) for p in phrases), key=lambda pieces: len("".join(pieces)),
                                 reverse=True)) or "(?!)"


@lru_cache(maxsize=16)
def _words_of(text: str) -> tuple[frozenset[str], tuple[str, ...]]:
    """The distinct words of ``text`` (runs of non-spaces) and the words in order: made once a text, not once a
    word class (a message's plain words are checked against some forty classes)."""
    found = tuple(dict.fromkeys(text.split()))
    return frozenset(found), found


class WordClass:
    """One word class of triage.yaml as a pattern over a message's plain words, and the words its phrases can
    start with: a text holding none of them cannot match, so it is not searched at all. The answer is always the
    pattern's own (a text that could match is searched with the whole pattern, phrases in their order), only
    found sooner: most classes have none of their first words in a message (the loss words alone are 1,240
    phrases), and a search of a long alternation tries every phrase at every word."""

    __slots__ = ("pattern", "firsts", "prefixes", "anywhere")

    def __init__(self, phrases) -> None:
        self.pattern = re.compile(rf"(?<!\S)(?:{_alternation(phrases)})(?!\S)")
        starts = [words.first_word(phrase) for phrase in phrases]
        self.anywhere = not phrases or any(start is None for start in starts)
        self.firsts = frozenset(word for word, goes_on in filter(None, starts) if not goes_on)
        self.prefixes = tuple(sorted({word for word, goes_on in filter(None, starts) if goes_on}))

    def could_match(self, text: str) -> bool:
        """False when no word of ``text`` (words: runs of non-spaces) is one a phrase starts with."""
        if self.anywhere:
            return True
        found, words_of = _words_of(text)
        return not self.firsts.isdisjoint(found) or bool(self.prefixes) and any(
            word.startswith(self.prefixes) for word in words_of)

    def search(self, text: str) -> re.Match | None:
        return self.pattern.search(text) if self.could_match(text) else None

    def fullmatch(self, text: str) -> re.Match | None:
        return self.pattern.fullmatch(text) if self.could_match(text) else None

    def finditer(self, text: str):
        return self.pattern.finditer(text) if self.could_match(text) else iter(())

    def findall(self, text: str) -> list:
        return self.pattern.findall(text) if self.could_match(text) else []

    def sub(self, replacement: str, text: str) -> str:
        return self.pattern.sub(replacement, text) if self.could_match(text) else text


# Word classes said as two others in a row: (class, first, second, near): a phrase of ``first`` then one of ``second``,
# ``near`` allowing up to three words between. The words are data (triage.yaml); a pair says a concept in the
# words of every pack and every way of putting it together ("रुपया गया", "paisa chala gaya", "টাকা চলে গেছে"; "balance
# ab zero hai", "बैलेंस शून्य"; "OTP bata diya", "कार्ड के पीछे वाला नंबर बता दिया", "gave the caller my CVV").
PAIRS = (
    ("loss", "money_noun", "gone", False),        # money gone, with no amount: a loss (its time decides urgency)
    ("loss", "balance_word", "zero_word", True),  # the balance now nothing: a loss ...
    ("loss", "zero_word", "balance_word", False),  # ... said the other way round ("ab account mein 0 balance dikha raha")
    ("loss", "balance_word", "reduced", True),  # ... or gone down ("my balance also reduced", "balance kam ho gaya")
    ("secret_given", "secret", "gave", True),     # an OTP, PIN, CVV, card number or password told or given ...
    ("secret_given", "gave_before", "secret", True),  # ... in English word order too ("shared the OTP")
    ("money_going", "transaction_word", "happening", False),  # debits going on ("transaction ho rahe hain")
    ("pictures_sent", "sent_thing", "sent_word", True),  # pictures sent, not money ("pics bheje", "pics that I sent") ...
    ("pictures_sent", "sent_before", "sent_thing", True),  # ... by the writer, in English word order ("i sent some pics")
    # self-harm said by the means at hand, not by a wish to die (s19-urg): poison, sleeping pills or a rope held, bought
    # or kept ready ("zeher le aaya hun", "বিষ কিনে এনেছি", "i have a rope ready") ...
    ("self_harm", "harm_means", "means_held", True),
    ("self_harm", "holding_means", "harm_means", True),  # ... held, said before it ("mere paas neend ki goliyan hain")
    ("self_harm", "harm_means_weak", "means_held", True),  # ... and pills said held only ("i have pills with me")
    # ... or said as taken, swallowed or drunk (s19-res2: "zehar pi lunga", "i will swallow all my BP tablets"), tablets
    # and pills a means only when swallowed ("saari goliyan kha lunga"; "tablets ready" is a device)
    ("self_harm", "harm_means", "harm_take", True),
    ("self_harm", "harm_take_before", "harm_means", True),
    ("self_harm", "harm_swallowed", "harm_take", True),
    ("self_harm", "harm_take_before", "harm_swallowed", True),
    # money expected and not received (s19-res2: "mera 500 ka cashback aana tha nahi aaya"): no loss, unless one is told
    ("no_loss_weak", "expected_money", "not_arrived", True),
    ("no_loss_weak", "not_arrived_before", "expected_money", True),
)


def _with_pairs(lists: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    """triage.yaml's classes with PAIRS' phrases added to the class each pair belongs to."""
    out = {name: list(phrases) for name, phrases in lists.items()}
    for name, first, second, near in PAIRS:
        if first in lists and second in lists:
            joint = " ... " if near else " "
            out.setdefault(name, []).extend(f"{a}{joint}{b}" for a in lists[first] for b in lists[second])
    return {name: tuple(phrases) for name, phrases in out.items()}


@lru_cache(maxsize=1)
def _classes() -> dict[str, WordClass]:
    return {name: WordClass(phrases) for name, phrases in _with_pairs(_phrases()).items()}


def _has(name: str, plain: str) -> bool:
    pattern = _classes().get(name)
    return bool(pattern and pattern.search(plain))


@lru_cache(maxsize=1)
def _amount_gave() -> re.Pattern:
    """A number, an amount word or money followed at once by the plain verb of giving: "5000 diye", "2000 bhi diye",
    "میں نے روپے دیے", "২০০০ টাকাও দিয়েছি" (class gave_money; read after money given to the writer is taken out)."""
    lists = words.load("triage")
    before = _alternation([*lists["amount_unit"], *lists["money_noun"]])
    gave = _alternation(lists.get("gave_money") or [])
    return re.compile(rf"(?<!\S)(?:\d+k?|{before}) (?:{gave})(?!\S)")


def _gave_away(plain: str) -> list[re.Match]:
    """Money given in the plain verb of giving (``_amount_gave``), when the writer is the giver (class giver_me: "maine",
    "میں نے", a first-person verb "দিয়েছি") or it is said as a further payment ("2000 bhi diye", "2000 روپے اور دیے":
    class another within the phrase): "pehle 200 rupaye diye" in a task scam is what they paid the writer."""
    found = list(_amount_gave().finditer(plain))
    if not found or _has("giver_me", plain):
        return found
    return [match for match in found if _has("another", match.group(0))]


@lru_cache(maxsize=1)
def _phrases() -> dict[str, tuple[str, ...]]:
    """triage.yaml's classes as written: the classes read through a typo (TYPO_TOLERANT) are no pair's, and the
    pairs' phrases are made of their classes' words, so a second copy of every pair's phrases (~8,000 strings a
    worker would keep) adds nothing here."""
    return words.load("triage")


TYPO_TOLERANT = ("kidnap", "life_threat")  # danger words read through a small typo ("koi uthha le gaya")


def _spelled(plain: str) -> str:
    """``plain`` with the danger phrases said with a small typo written right (``near_phrases.spelled``)."""
    for name in TYPO_TOLERANT:
        plain = near_phrases.spelled(_phrases().get(name, ()), plain, _known())
    return plain


@lru_cache(maxsize=1)
def _known() -> frozenset[str]:
    """Every word of the triage phrases: a word the packs know is no typo ("karne" of "marne", "bacha" of "bachega");
    a spelling the packs hold as said ("uthha") is written there as a phrase of its own."""
    known = {word for phrases in _phrases().values() for phrase in phrases for word in phrase.lower().split()}
    lists = _phrases()
    gap = any(near and first in lists and second in lists for _name, first, second, near in PAIRS)
    return frozenset(known | {"..."} if gap else known)  # the words of PAIRS' phrases, a near pair's gap too


@lru_cache(maxsize=1)
def _amount_went() -> re.Pattern:
    """A number or an amount word followed at once by a word of money gone: "5000 gaya", "40 hazar gaya"; or beside a
    word of being defrauded (class fraud_word, class fraud_link between): "fraud 20k", "20 hazar ki thagi", "৫০০০ টাকার
    প্রতারণা" (money left, its time not said)."""
    lists = words.load("triage")
    units = "|".join(_pattern(p) for p in lists["amount_unit"])
    went, fraud = _alternation(lists["went"]), _alternation(lists.get("fraud_word") or [])
    link = rf"(?: (?:{_alternation(lists.get('fraud_link') or [])}))?"
    amount = rf"(?:\d+k?|{units})"
    # ... not a card's name after it ("2 debit cards": class went_not_before)
    card = rf"(?! (?:{_alternation(lists.get('went_not_before') or [])})(?!\S))"
    return re.compile(rf"(?<!\S)(?:{amount} (?:{went})(?!\S){card}|{amount}{link} (?:{fraud})|(?:{fraud}){link} \d+k?)(?!\S)")


def _amounts_lost(plain: str) -> list[str]:
    """``_amount_went``'s finds, but an amount beside a word of fraud only where nothing is asked ("fraud 20k"; not
    "1930 or 155260 for cyber fraud?", "25 lakh ka, fraud hai kya": a question names a number, no loss)."""
    asked = _questions()["question"].search(plain) is not None
    fraud = _classes().get("fraud_word")
    return [found for found in _amount_went().findall(plain)
            if not (asked and fraud is not None and fraud.search(found) and not _classes()["went"].search(found))]


def _unpaid_first(plain: str) -> str:
    """``plain`` without the scam's first payout to the writer (class paid_first: "pehle 2 task ke 200 rs bhej bhi
    diye", "pehle 150 de bhi diye": money they even sent first, the task scam's lure), unless the writer says they were
    the giver (class giver_me: "maine pehle 500 bhej bhi diye" is the writer's loss)."""
    classes = _classes()
    if "paid_first" not in classes or classes["giver_me"].search(plain):
        return plain
    return classes["paid_first"].sub(" ", plain)


def _losses(plain: str) -> tuple[int, int]:
    """(loss phrases, loss phrases negated: "money was not deducted", "abhi diye nahi"). Words that only look
    like a loss ("sent me", "asking for") and a what-if question ("what should I do if ...") do not count."""
    classes = _classes()
    if classes["hypothetical"].search(plain):
        return 0, 0
    plain = _unpaid_first(plain)
    # an amount that went ("2 baar 5000 gaya", "दोबारा 2,000 लिए") and money sent away that reads like money
    # received ("hack karke kisi ne 15000 bhej diye"): counted before "someone sent me" is taken out
    early = len(_amounts_lost(plain)) + len(classes["loss_away"].findall(plain))
    plain = classes["not_loss"].sub(" ", plain)
    if "pictures_sent" in classes:  # "pics bheje", "pics that I sent": no money sent, unless money is named between
        plain = classes["pictures_sent"].sub(lambda m: m.group(0) if _money_in(m.group(0)) else " ", plain)
    if classes["already_reported"].search(plain):  # "complained on 1930, when will I get my money back?"
        plain = classes["recovery"].sub(" ", plain)
    found, negated = early, 0
    for match in _gave_away(plain):  # "maine 5000 diye", "5000 bhi diye"; not "mujhe 5000 diye" (taken out above)
        found += 1
        negated += _negated(match, plain)
    for match in classes["loss"].finditer(plain):
        denied = _negated(match, plain)
        if " " not in match.group(0) and not denied and not _money_near(match, plain):
            continue  # "apk bheja hai", "stole my phone", "call transferred to police": a bare verb with no money by it
        found += 1  # ("he hasnt paid" still says no money left)
        negated += denied
    return found, negated


MONEY_NEAR = 6  # words either side of a loss verb said alone ("sent", "bheja", "गए") within which money must be named
_DIGIT = re.compile(r"\d")


def _money_near(match: re.Match, plain: str) -> bool:
    """Money named near a one-word loss phrase: a number, ₹ or a word of the ``money`` / ``amount_unit`` classes
    within MONEY_NEAR words of it ("5000 bheje", "paid 15000", "paise bhi gaye"); a verb with another object ("letter
    bhi bheja", "stole my phone") tells no money lost."""
    before = plain[:match.start()].split()[-MONEY_NEAR:]
    after = plain[match.end():].split()[:MONEY_NEAR]
    return _money_in(" ".join(before + [match.group(0)] + after))


def _money_in(words_: str) -> bool:
    """A number or a word of the ``money``, ``amount_unit`` or ``money_noun`` classes among ``words_``."""
    return bool(_DIGIT.search(words_)) or _has("money", words_) or _has("amount_unit", words_) \
        or _has("money_noun", words_)


def _negated(match: re.Match, plain: str) -> bool:
    """Whether a negation stands just before the phrase ``match`` found ("not deducted", "paise nahi kate") or just after
    it ("kate nahi", but not "nahi pata": class ``know``)."""
    classes = _classes()
    # "pata nahi kab gaye": a negation after a word of knowing ("don't know when it went") negates the knowing
    ahead = plain[:match.start()].split()[-3:]
    before = ahead[-2:]
    known = ["", *ahead][-3:-1]  # the word before each of ``before``
    after = plain[match.end():].split()[:2] + [""]
    negated_after = bool(classes["negation_after"].fullmatch(after[0])) and not classes["know"].fullmatch(after[1])
    # "cod nahi tha, advance diya": a negation whose clause a copula closes ("nahi tha") negates no later verb
    negated_before = any(classes["negation"].fullmatch(word) and not (
        "clause_end" in classes and index + 1 < len(before) and classes["clause_end"].fullmatch(before[index + 1]))
        and not (len(known) == len(before) and classes["know"].fullmatch(known[index]))
        for index, word in enumerate(before))
    return negated_before or negated_after


def _told(name: str, plain: str) -> bool:
    """A phrase of class ``name`` said and negated neither around it (``_negated``) nor between its words ("OTP nahi
    bataya", "did not share the OTP")."""
    classes = _classes()
    pattern = classes.get(name)
    return pattern is not None and any(
        not _negated(match, plain) and not any(classes["negation"].fullmatch(word) or classes["negation_after"].fullmatch(word)
                                                for word in match.group(0).split()[1:-1])
        for match in pattern.finditer(plain))


def read(text: str, now: datetime, timezone: str = "Asia/Kolkata", golden_minutes: int = 60,
         reading: Reading | None = None) -> Triage:
    """What the message says about loss, time, connection and danger. ``reading`` is
    ``entities.reading.read(text, now, timezone)`` when the caller has it already (its amount and time are reused)."""
    plain = _plain(text or "")
    if not plain:
        return Triage()
    amount = reading.amount if reading is not None else amounts.parse_amount(text)
    # "they are asking my contacts for money", "mere naam se sabko msg kar rahe ki 10000 chahiye": money asked of the
    # writer's contacts from a taken-over account (class asks_contacts) is none the writer had, nor its amount
    others_asked = _classes().get("asks_contacts")
    if others_asked is not None and others_asked.search(plain):
        # with the amount asked, said after it ("messaging my friends asking for 5000")
        plain = re.sub(rf"{others_asked.pattern.pattern}(?: \S*\d\S*)?", " ", plain)
        if amount is not None and amounts.parse_amount(plain) is None:
            amount = None
    # money the resident had: an amount, ₹, or a money word outside a demand or a payment to them ("paise maang rahe")
    money = amount is not None or _has("money", _classes()["not_loss"].sub(" ", plain)) or "₹" in (text or "")
    # "I did not take out any money" / "maine kuch nahi nikala" beside a loss says the resident did not make it (an
    # unauthorised debit), not that nothing left: such a denial is neither a loss nor a "no loss"
    denied = _denied(plain)
    refund_trick = _has("sent_to_me_by_mistake", plain)
    # the danger phrases said with a small typo, written right: one pass a message, read by the loss (a person taken
    # is no money taken) and by the danger (``_danger``) alike
    spelled = _spelled(plain)
    denied = _told_by_others(denied, text, plain, refund_trick)
    # "koi utha le gaya, 2 lakh maang rahe": a person taken away (and a ransom asked) is no money taken
    spelled_denied = denied if spelled == plain else _told_by_others(_denied(spelled), text, spelled,
                                                                      refund_trick)
    found, negated = _losses(_classes()["kidnap"].sub(" ", spelled_denied))
    kept = _classes()["emptied"].sub(" ", denied)  # "not a rupee left in my account" is a loss, not "not a rupee"
    no_loss = _has("no_loss", kept) or bool(found and found == negated and money) \
        or (_has("no_loss_weak", kept) and found == negated)
    loss = money and found > negated and not no_loss
    # "galti se 5000 bhej diye wapas karo, maine wapas kar diya", "he said he sent 3000 by mistake, I returned it": the
    # refund trick where the writer paid back (class paid_back, not negated: "abhi tak wapas nahi kiya" stays a contact)
    # is money gone from the writer, nothing having come in (s19-urg3, 30th sets)
    if refund_trick and money and _told("paid_back", plain):
        loss, no_loss = True, False
    # "no network since noon, now 80,000 transferred": the time of the SIM gone dead is not the loss's
    # (``_past_signal_lost``);
    # a day taken back and said again ("aaj subah... nahi nahi, kal subah") is blanked before the sentences are read
    dated_text = _past_money_seen(_past_signal_lost(text or ""))  # nor the time money was last seen in the account
    if dated_text != (text or ""):
        # "SIM stopped in the afternoon ... at 7 pm I saw 2.4 lakh gone": the time of the finding out after the SIM went
        # dead dates no loss (it left since, at a time not said: urgent by DESIGN.md); "transferred at 3 pm" still does
        at, by = _time_of_loss(times.undenied(times.without_noticed_clauses(dated_text)), now, timezone)
    else:
        at, by = _time_of_loss(times.undenied(text or ""), now, timezone, reading)
    # "पैसे कटने के बाद कितने समय में शिकायत करें?", "why would I need my UPI PIN to receive money?": loss words asked
    # about in general, with no amount, no time and nothing told of the writer, are no loss told
    asks_back = amount is None and at is None and _only_asks_money_back(plain, "?" in (text or ""))
    loss = loss and not (amount is None and at is None and _asks_in_general(plain)) and not asks_back
    # "its 8:05 now", "subah ki baat hai, abhi dopahar ho gayi"; with a further debit told (class another: "again at 4
    # pm", "aur fir 11:30 baje") the newest clock time decides
    told = times.told_now_gap(text or "", newest=_has("another", plain))
    today = False  # a loss of today with no hour told ("aaj paise kat gaye")
    if told is None and at is not None and _just_happened(text or "", plain, at, now):
        told = timedelta(0)  # "abhi abhi 3 transaction hue 8:10 8:12 8:13 pm": the clock times listed are the writer's now
    if told is not None:  # "gaye 12:10 pe, ab 12:40 hua hai": the message's own clock says how long ago
        at = now - told
    elif at is not None and _has("when_unknown", plain) and not _has("past_days_either", plain):
        # "noticed yesterday, don't know when it left"; but "kokhon jani na, kal na porshu" names two past days
        at = None
    if told is not None or at is None:
        by = None
    elif by is not None and now - by <= timedelta(minutes=golden_minutes):
        today = True
        at = by = None  # "aaj" with no hour (or "kal raat" just after midnight): no time of the loss, as
        # priority.money_level reads it; the message's other words ("two weeks", "a few hours ago") tell its age
    # a day taken back ("ek din pehle nahi, aaj") gives the loss no age (times.undenied)
    dated = times.undenied(dated_text)
    told_age = _told_age(at, _plain(dated), now, golden_minutes, dated)
    if today and told_age == "old":
        # "ek hafte se call aa rahe the, aaj paise kat gaye": the calls' week dates what came before the loss of today
        # (no hour told), which its own clause on dates (s19-urg3, 30th sets)
        from_loss = _from_loss(dated)
        if from_loss is not None and from_loss != _plain(dated):
            told_age = _told_age(None, from_loss, now, golden_minutes)
    if told_age == "old" and by is not None and now - by <= timedelta(hours=24):
        told_age = "day"  # "kal" with no time of it: it may have left within the last 24 hours
    # goods taken against a fake payment ("fake screenshot dikha ke samaan le gaya"), its time not said: no money left
    # the writer's account, so no loss of the golden hour is read; said within the hour it stays urgent
    if loss and told_age == "unknown" and "goods_taken" in _classes() and _classes()["goods_taken"].search(denied):
        left, left_negated = _losses(_classes()["goods_taken"].sub(" ", denied))
        loss = left > left_negated
    age = told_age if loss else None
    still_mine = _has("still_mine", plain)
    if still_mine:  # "phone is still working", "abhi bhi chal raha hai mera whatsapp": not "still on the call"
        plain = _classes()["still_mine"].sub(" ", plain)
        spelled = _classes()["still_mine"].sub(" ", spelled)
    quiet = _classes()["not_yet"].sub(" ", plain)  # "abhi kuch nahi bheja" is "not yet", not "now"
    if "still_feeling" in _classes():  # "she is still scared": a feeling that lasts, no moment
        quiet = _classes()["still_feeling"].sub(" ", quiet)
    if "noticed_now" in _classes() and (at is not None or told is not None):
        # "teen ghante pehle 60,000 nikle, humein abhi pata chala": with the time of what happened said, a finding out
        # just now is no moment of it (the OTP was given hours ago, the money left then)
        quiet = _classes()["noticed_now"].sub(" ", quiet)
    if "no_call_now" in _classes():  # "abhi bhi call aa rahe hai": calls that keep coming, their "still" no moment
        quiet = _classes()["no_call_now"].sub(" ", quiet)
    if "lasting" in _classes():  # "strangers are calling me since morning", "missing since": no moment (s18-flags)
        quiet = _classes()["lasting"].sub(" ", quiet)
    moment = _has("now", quiet)
    # "1.5 lakh 'safe account' me dalwa liye aaj dopahar 12 baje, ab shaam ho gayi": money moving told of a loss that
    # left hours or days ago, with no word of now, is that old loss, not money still going
    # "پچھلے مہینے سے تھوڑا تھوڑا کٹ رہا ہے": money taken a little at a time and still going (class bit_by_bit) is a
    # drain going on now, however long ago it began
    drain = _has("bit_by_bit", plain)
    # ... unless the message's own clock dates its newest debit hours ago ("aaj bhi 1 baje kata. ab 5 baj gaye": ``told``)
    # with no word of now ("subah 10 baje aur abhi 1 baje" kata: a debit just now)
    # "ऐप से पैसे नहीं निकल रहे": money that will not come out (class stuck_money) is none going; "EMI kat rahi
    # pichle 2 mahine se": a loan's instalment (class instalment) cut for months, no word of now, is an old loss
    going = _classes()["stuck_money"].sub(" ", plain) if "stuck_money" in _classes() else plain
    # "... RBI safe account me daalne honge", "asked me to move money to a safe account": a transfer the caller asks for
    # (class move_asked), with no word of now and no loss, is a demand, no money going (session 18)
    # ... but a call going on ("on whatsapp call now and asking me to transfer") or money moving besides the request
    # ("told me to transfer my FD, I am on my way to the bank") is money going now (merge, session 18)
    asked_to_move = _has("move_asked", plain) and not (moment or loss or _has("live_call", plain)
                                                       or _has("on_the_way", plain))
    # "one client is about to pay 3.4 lakh today, I have warned him": a payment the writer warned against or stopped
    # (class warned_payer) is no money going, unless it is going now (s18-flags)
    if _has("warned_payer", plain) and not moment:
        going = _classes()["money_going"].sub(" ", going)
    ongoing = _has("money_going", going) and (money or moment) and not asked_to_move \
        and not (loss and age in ("day", "old") and not (moment or drain and told is None)) \
        and not (_has("instalment", plain) and told_age == "old"  # ... nor its "since" that spans the months ("EMI is
                 and not _has("now", _classes()["long_ago"].sub(" ", quiet)))  # being deducted since 3 months", s18)
    # "abhi 1 baje hain" beside "11 baje hua tha" tells the clock now: the message's own clock (``told``) says how long ago
    just_now = moment and told is None or at is not None and _age(at, now, golden_minutes) == "golden"
    # "PIN daal diya, 9,800 chale gaye. ye kal dopahar hua": details typed that a loss dated hours or days ago followed,
    # with no word of now, are that old loss, not details still open to use (as money moving, above)
    # "আধার আর প্যান কার্ডের ছবি চাইছে। পাঠাব কি?": details asked for, the writer asking whether to send them (class
    # send_asked), are none given yet (s18-flags)
    typed = (_has("details_typed", plain) and (money or moment) and not (_has("send_asked", plain) and not moment)
             or _has("card_typed", plain) and just_now
             or _secret_just_given(text, plain, now, timezone, golden_minutes, moment, reading, told)) \
        and not (loss and age in ("day", "old") and not (moment and told is None))  # "abhi shaam ke 6": the clock
    on_page = typed and _has("page", plain)  # "close that page" only where one is named, not for an OTP told on a call
    fake_officer = _has("authority", plain)
    # a what-if ("agar ... to kya", "اگر ... تو کیا", "what if") with no moment word asks; it tells of no call going on
    # ... nor beside the phone worked from afar now (class remote_live: "can see my screen", "এখন ফোন নিজে নিজেই মেসেজ
    # পাঠাচ্ছে"): the pretext's "will be cut" ("কানেকশন কেটে যাবে") is no what-if (s17-urg, 26th sets)
    live_remote = _has("remote_live", plain)
    what_if = _has("hypothetical", plain) and not moment and not loss and not live_remote
    talking_now = _has("talking", plain)
    # a call asked for, past or to come ("must join a video call", "skype pe aane ko bola", "we did a video call", "will
    # call again", "the fake id is still running") is no call on now: its words are not read as one
    calls = _classes()["no_call_now"].sub(" ", plain) if "no_call_now" in _classes() else plain
    # "she said don't cut the call": the caller asking to stay on is on the line, no call ended
    stay_on = _has("call_kept", calls)
    # "i havent picked his second call", "call nahi uthaya": a call the writer has not picked up is none going on
    not_picked = _has("not_picked", calls)
    # "they will call back in 10 minutes", "10 minute baad video call karenge": a call said to come back later (class
    # call_later) is over now, however the call was put ("verify my account on a whatsapp video call"; s19-flags)
    later = _has("call_later", calls)
    ended = _has("call_ended", _classes()["call_kept"].sub(" ", calls) if stay_on else calls) or not_picked or later
    on_call = _has("on_call", calls) or stay_on
    talking = fake_officer or talking_now
    # a "now" that tells the clock ("abhi 4 baje hai": ``told``) is no moment of a call; nor one beside a loss dated hours
    # or days ago with no word of being on the call ("call kiya ki abhi UPI karo ... 1200 bhej diye 3 ghante pehle": the
    # caller's "abhi" then)
    call_moment = moment and told is None and not (loss and age in ("day", "old") and not _has("on_call", calls))
    # a call told of a loss more than a day old with no word of being on it now ("3 din tak kamre me band raha video
    # call par", then "pichhle hafte 6 lakh le liye") was that loss's call, over; a loss of yesterday or this morning
    # may have its call still on ("kal 8 lakh bheje, aaj phir call par hain")
    # ... unless the call itself is said to be going on now ("the video call is going on now", "call abhi chal rahi
    # hai": class live_call with a word of now), whatever the age of the earlier payment
    # ... nor one of a loss dated a previous day with no word of now nor of being on it still ("I was on a call with
    # 'crime branch' for 6 hours yesterday and transferred 8.5 lakh. Today their number is unreachable"; s20-flags)
    earlier_day = loss and age == "day" and at is not None and not told \
        and at.astimezone(ZoneInfo(timezone)).date() < now.astimezone(ZoneInfo(timezone)).date()
    past_call = loss and (age == "old" or earlier_day and not _has("on_call", calls)) and not call_moment \
        and not (moment and told is None and _has("live_call", calls))
    live_call = (_has("live_call", calls) and not (not_picked or later or past_call or what_if) or (call_moment and _has("call", calls) and talking and not ended)
                 # someone held on a call or video call ("बेटे को वीडियो कॉल पर बंधक बनाकर रखा है": class held_on_call)
                 # is on it now unless it is said to have ended (a resident's trial, session 14)
                 or (_has("held_on_call", calls) and not ended and not past_call)
                 # a caller still on the line asking for an OTP, PIN or card number: the theft is under way
                 or (on_call and _has("asks_secret", plain) and not ended
                     and not _has("hypothetical", plain))
                 # a time said beside a caller still on the line is how long the call has lasted ("3 ghante se call pe
                 # hain", "abhi bhi ... kal se phone pe hai"), not a call that ended
                 or (fake_officer and (at is None or on_call and (moment or _has("hours_ago", calls))) and (_has("video_call", calls) or on_call)
                     and (talking_now or _has("demand", plain))
                     and not ended and not what_if)) \
        and not (_has("general_question", plain) and not moment and not _has("on_call", plain))  # "CBI officer on video call says I am under
    # digital arrest", but not "what is digital arrest? can police arrest on a video call?"
    # "he is calling again now and asking for FD details": a caller said to be calling now (class call_now, read on the
    # words before calls that keep coming are taken out) with an officer, a demand or a secret asked is on the line,
    # though the message also asks "is it true police do video verification?" (s18-urg, 27th sets)
    live_call = live_call or (_has("call_now", plain) and (fake_officer or _has("demand", plain) or _has("asks_secret", plain))
                              and not ended and not what_if)
    # someone else the callers asked to download or install an app (class app_asked_other: "they asked him to download an
    # app"), still on the call with them ("he is on the call": class on_call): the app is going on that phone now; the
    # writer's words after a pasted scam text count (s19-urg, 29th sets)
    other_installing = _has("app_asked_other", plain) and on_call and not ended and not what_if
    live_call = live_call or other_installing
    asked_in_general = (_has("general_question", plain) or what_if) and not moment
    # "62000 went 2 hours back, that app is still in her phone": an app still there keeps the phone open to them, whatever
    # the loss's age (class app_still)
    # "should I install anydesk?", "anydesk install karu kya, bank wale bol rahe", "he is on the line asking me to install
    # it": an install asked about or asked for and not done (class install_asked) puts no app on the phone, whatever the
    # moment; told installed besides (``_installed``), or money gone or details typed, it does (a resident's trial, s15)
    asked_install = _has("install_asked", plain)
    # the phone worked from afar now with an app told installed ("৫ মিনিট আগে ইনস্টল করেছি, এখন ফোন নিজে নিজেই মেসেজ
    # পাঠাচ্ছে") is a remote app, whatever it is called (an APK, "some app")
    remote_app = (_has("remote_app", plain) or live_remote and _installed(plain)) and not _has("removed", plain) and not _has("not_installed", plain) \
        and (age not in ("day", "old") or _has("app_still", plain)) \
        and not (no_loss and not loss and told_age == "old" and not _has("app_still", plain)) \
        and (moment or loss or ongoing or typed or _installed(plain) or live_remote) \
        and not (asked_install and not (_installed(plain) or loss or typed)) \
        and not ((asked_in_general or _has("asks_if_safe", plain)) and not loss)  # not a question about such apps
    # ("anydesk kya hai?", "someone asked me to install anydesk, is it safe?": asked before installing); nor a screen
    # shared days ago with the account said fine ("maine kiya tha 3 din pehle, ab account me sab theek hai": class no_loss,
    # a time told more than a day old) and nothing said still on the phone (class app_still): no app connected now
    # a caller on the line asking for an install, nothing done, is no call to stop a loss on (no police, CBI ... named)
    # (an app named: "paise unke account me dalne ko bol rahe" asks money put in, with the same verb as an install)
    install_on_call = asked_install and _has("remote_app", plain) \
        and not (remote_app or loss or typed or ongoing or fake_officer) \
        and (live_call or on_call or _has("live_call", calls) or call_moment and _has("call", calls))
    install_on_call = install_on_call and not other_installing
    live_call = live_call and not install_on_call
    violence = _has("violence", plain) and (moment or _has("threat", plain))
    # "Dad has gone to the bank to transfer money to a caller who says he is police": the transfer is still to come
    # ... but not gone there on an errand that is no payment ("papa bank gaye hain complaint karne", "has gone to the
    # bank to get the card blocked": class bank_errand, session 13)
    paying_now = _has("paying_now", plain) and (fake_officer or money) and at is None and not _has("bank_errand", plain)
    if paying_now:
        loss, age, ongoing = False, None, False
    mistaken = _has("wrong_payee", plain) and _has("own_mistake", plain) and not refund_trick
    # "recharge fail ho gaya par paise kat gaye", "paytm showed failed but money deducted": a payment that failed with the
    # money deducted (class failed_payment) is the bank's or app's to reverse, no one took it; not with a caller, an app,
    # a secret or a page in it ("payment failed, customer care said install anydesk": the fraud after it), nor told by a
    # message received or followed by a card given (class failed_pretext: the phishing pretext)
    failed_payment = loss and _has("failed_payment", plain) and not (
        refund_trick or mistaken or live_call or remote_app or typed or fake_officer or _has("failed_pretext", plain)
        or _has("authority", plain) or _has("talking", plain) or _told("secret_given", plain) or _installed(plain)
        or _has("page", plain) or _has("another", plain))
    if failed_payment:
        loss, no_loss, age, ongoing = False, True, None, False
    if mistaken:  # "I sent 5000 to the wrong UPI id just now": not taken from the writer
        loss, no_loss, age, ongoing = False, True, None, False
    danger = _danger(spelled, moment, asked_in_general, money, violence)
    child_game = _child_spent_in_game(plain, danger)
    if child_game:  # "mera beta game me 8000 ka UC khareed liya mere card se": the family's own purchase, no fraudster
        loss, no_loss, age, ongoing = False, True, None, False
    return Triage(loss=loss, no_loss=no_loss and not ongoing, loss_at=at if loss else None, age=age,
                  loss_by=by if loss else None,
                  ongoing=ongoing, details_typed=typed, on_page=on_page, live_call=live_call, remote_app=remote_app,
                  fake_officer=fake_officer and live_call, danger=danger,
                  threat=_has("threat", plain), correction=_has("correction", plain), time_at=at,
                  another=_has("another", plain), amount=float(amount) if amount is not None else None,
                  told_age=told_age, money=money, still_mine=still_mine, child=_child_at_issue(plain, money), violence=violence,
                  mistaken=mistaken, refund_trick=refund_trick, failed_payment=failed_payment,
                  not_taken=_has("not_taken", plain),
                  child_game=child_game, paying_now=paying_now, install_on_call=install_on_call and not paying_now,
                  release_fee=_has("release_fee", plain), asks_back=asks_back and not (danger or ongoing or typed))


_QUOTED = re.compile(r"""(?:^|(?<=[\s:(]))['"‘“]([^'"‘’“”]+)['"’”](?=$|[\s.,!?)])""")
QUOTE_WORDS = 4  # a quote this long is a message quoted ("'Aapka naam aaya hai ... fees bheje'"), not a name ('Rajasthan Police')


def _asked_quotes(text: str) -> list[str]:
    """The plain words of each message quoted in ``text`` (at least QUOTE_WORDS words between quote marks) when what
    is outside the quotes asks whether it is real (class ``asks_if_safe``): someone else's words asked about."""
    quotes = [match for match in _QUOTED.finditer(text) if len(_plain(match.group(1)).split()) >= QUOTE_WORDS]
    if not quotes:
        return []
    if not _has("asks_if_safe", _plain(_QUOTED.sub(" ", text))):  # "ye msg sahi hai kya", "is it real?"; not "dalun ya nahi?"
        return []
    return [_plain(match.group(1)) for match in quotes]


_CLOCK_TIME = re.compile(r"\d[:.]\d\d")


def _just_happened(text: str, plain: str, at: datetime, now: datetime) -> bool:
    """Debits said to happen just now (class ``just_happened``: "abhi abhi", "just now") and dated by clock times alone
    ("8:10 8:12 8:13 pm"), not a finding out just now (class ``noticed_now``): the clock times are the writer's now,
    wherever the server's clock puts them within the last day."""
    return bool(_CLOCK_TIME.search(text)) and timedelta(0) <= now - at <= timedelta(hours=24) \
        and _has("just_happened", plain) and not _has("noticed_now", plain)


def tells_secret_given(text: str) -> bool:
    """An OTP, PIN, CVV, card number or password told or given (class ``secret_given``, not negated), whenever."""
    return _told("secret_given", _plain(text or ""))


def tells_installed(text: str) -> bool:
    """An app or file told installed, downloaded or opened (class ``installed``), by the writer or their family, and
    not told removed or not installed: the advice for an installed app is said (topics.told_topic)."""
    plain = _plain(text or "")
    return _installed(plain) and not _has("removed", plain) and not _has("not_installed", plain)


def asks_install(text: str) -> bool:
    """An install asked about or asked for (class ``install_asked``: "should I install anydesk?", "install karu kya"):
    the remote-access topic's advice is said, as for an app told installed (topics.told_topic)."""
    return _has("install_asked", _plain(text or ""))


def tells_unpaid(text: str) -> bool:
    """Nothing paid, said (class ``no_loss``: "maine kuch nahi bheja", "I didn't pay"), however the rest reads: a demand
    told with nothing paid gets its topic's advice before the check (topics.told_topic)."""
    return _has("no_loss", _plain(text or ""))


def _installed(plain: str) -> bool:
    """An app told installed (class ``installed``) outside an install only asked about or asked for (class
    ``install_asked``: the "install" of "should I install it?", "install karu kya" tells of none done)."""
    if "install_asked" in _classes():
        plain = _classes()["install_asked"].sub(" ", plain)
    return _has("installed", plain)


def _secret_just_given(text: str, plain: str, now: datetime, timezone: str, golden_minutes: int, moment: bool,
                       reading: Reading | None, told: timedelta | None = None) -> bool:
    """An OTP, PIN, CVV or card number told or given (class ``secret_given``, not negated) just now: with a word of now,
    or a time within the golden hour said exactly ("5 min hue", not "this morning", which the bench's clock would
    put in the hour). The money can leave at any moment though "paise abhi nahi kate". A what-if ("agar galti se OTP de
    diya to ...") tells nothing done. ``told``: how long ago the message's own clock puts it (``times.told_now_gap``:
    "pin daal diya ... 1:15 baje hua tha, abhi 2:30 hai"), which decides alone: its "abhi" tells the clock, no moment."""
    if not _told("secret_given", plain) or _has("hypothetical", plain):
        return False
    if told is not None:
        return told <= timedelta(minutes=golden_minutes)
    if moment:
        return True
    when = reading.when if reading is not None else times.parse_time(text, now, timezone)
    return when is not None and not when.unknown and not when.approx and when.at is not None \
        and _age(when.at, now, golden_minutes) == "golden"


@lru_cache(maxsize=1)
def _questions() -> dict[str, WordClass]:
    """questions.yaml's lists (the classifier's question words) as patterns over a message's plain words."""
    return {name: WordClass(words.load("questions")[name]) for name in ("question", "general", "hypothetical", "incident")}


QUESTION_OPENING = 4  # a question word among a message's first words opens a question (as bot/nlu/classify.py reads)


def _asks_in_general(plain: str) -> bool:
    """The message asks in general: it opens with a question word ("why would I need ...", "क्या पैसे लेने के लिए ..."),
    or asks in general or as a what-if ("... to kya karna chahiye", "agar kabhi"), and tells nothing done to the
    writer ("paisa gaya, kya karu", "mujhe", "aaya tha") nor asks for the money back ("paise wapas kaise milenge"
    beside a loss told: a loss whose time is not said, urgent by DESIGN.md; asked alone it is ``_only_asks_money_back``)."""
    q = _questions()
    if q["incident"].search(plain) or _has("recovery", plain):  # "how can I get my money back" tells a loss
        return False
    # "pata nahi kab, par ... paise gayab": a time not known (class ``when_unknown``) tells, it does not ask; its
    # question word ("kab", "when") opens no question
    if "when_unknown" in _classes():
        plain = _classes()["when_unknown"].sub(" ", plain)
    opening = " ".join(plain.split()[:QUESTION_OPENING])
    return bool(q["question"].search(opening) or q["general"].search(plain) or q["hypothetical"].search(plain))


def _only_asks_money_back(plain: str, asked: bool) -> bool:
    """The message only asks whether money can be got back ("can I get my money back?", "paise wapas milenge kya?",
    "টাকা ফেরত পাব কি?"): a phrase of class ``recovery`` and, beside it, nothing but question words, money words,
    common words (stopwords.yaml) and the few words such a question is said with (class ``asks_back_only``). It tells
    no loss: answered (1930, the bank, RBI's zero liability) with the report offered, no urgent case (a resident's
    trial, session 18). Anything more ("... after UPI fraud", "mera 5000 gaya, wapas milega?") is the loss told, and so
    is the money back wanted, not asked ("paise wapas chahiye": the used sets label it urgent). ``asked``: a "?" written."""
    classes = _classes()
    if not _has("recovery", plain) or not (asked or _questions()["question"].search(plain)):
        return False
    rest = classes["asks_back_only"].sub(" ", classes["recovery"].sub(" ", plain))
    rest = _questions()["question"].sub(" ", classes["money"].sub(" ", classes["money_noun"].sub(" ", rest)))
    return all(word in _STOPWORDS for word in rest.split())


_STOPWORDS = frozenset(normalize(word) for word in words.load("stopwords")["stopwords"])


def assume_loss(read: Triage) -> Triage:
    """``read`` with a money loss taken as told: the understanding read a report of money lost (bot/nlu/classify.py)
    in words no loss phrase holds ("gpay showing debit 24999", "account me sirf 200 bache"). Its age is what the
    message's own time words give; with none it is "unknown", which DESIGN.md makes urgent until the resident says
    when. Never over a stated "no loss"."""
    if read.loss or read.no_loss:
        return read
    return replace(read, loss=True, age=read.told_age, loss_at=read.time_at if read.told_age != "unknown" else None,
                   inferred=True)


# two numbers of days, a range ("2-3 din", "3 to 4 days", "২-৩ দিন"), in a message's plain words (the dash is dropped)
# ("bank 2-3 din me batayega", "in 2-3 days": a span still to come, no guess at when the money left)
# (time.yaml: ``range_link`` "to", "ya"; ``span_before`` "in", "within" before the range, ``span_after`` "me", "মধ্যে"
# after it)
_TIME_WORDS = words.load("time")
_DAYS_GUESSED = re.compile(
    r"(?<!\S)" + "".join(f"(?<!{re.escape(word)} )" for word in _TIME_WORDS["span_before"])
    + rf"\d+ (?:(?:{_alternation(_TIME_WORDS['range_link'])}) )?\d+ (?:{_alternation(_TIME_WORDS['days'])})"
    + rf"(?! (?:{_alternation(_TIME_WORDS['span_after'])})(?!\S))(?!\S)")


@lru_cache(maxsize=1)
def _time_unknown() -> WordClass:
    """time.yaml's words of not knowing when ("don't remember", "yaad nahi", "মনে নেই") over a message's plain words."""
    return WordClass(words.load("time").get("unknown") or [])


def _told_age(at: datetime | None, plain: str, now: datetime, golden_minutes: int, text: str | None = None) -> str:
    """How long ago the message's time words put a loss: golden / day / old, or unknown when it names none.
    ``text``: the message as written (its clauses), when ``plain`` is made from it."""
    if at is not None:
        return _age(at, now, golden_minutes)
    # "kitne din pehle, ye nahi pata": a unit inside the words of not knowing when tells no age ("no idea when,
    # the statement shows last week" still does)
    rest = _classes()["when_unknown"].sub(" ", plain) if "when_unknown" in _classes() else plain
    from_loss = _from_loss(text) if rest != plain and text is not None else None
    if from_loss is not None:
        # "SIM band hoye geche 2 din age, r ekhuni ... 2 lakh chole geche. kokhon geche bujhte parchi na": with the
        # time of the loss said not to be known, an age told in a clause before the loss dates what came before it
        # (the SIM went dead), not the loss, which left since then at a time nobody knows
        rest = _classes()["when_unknown"].sub(" ", from_loss)
    # "kab ki baat hai yaad nahi, 2-3 din", "don't remember exactly, maybe 3-4 days": a range of days guessed beside the
    # words of not knowing when is a guess at an old loss, none of it within the hour (s18-flags)
    if _DAYS_GUESSED.search(rest) and (rest != plain or _time_unknown().search(plain)):
        return "old"
    if _has("long_ago", rest) or _has("already_reported", plain) \
            or _has("spread", plain) and not _has("when_unknown", plain) and not _has("from_account", plain):
        return "old"  # "4 baar me 1.2 lakh de diye", "loan liya tha, 7 din me 9000 le liye"; not "3 baar me khate se"
    # "phone stolen last night, today the money is gone, no idea when": with the time of the loss said not to be known,
    # a day word ("yesterday", "kal raat") dates what came before the loss, not the loss: its time stays unknown
    return "day" if _has("hours_ago", rest) and rest == plain else "unknown"


# Urdu's full stop and question mark end a sentence too; a point between two digits is a decimal or a clock ("Around
# 2.8 lakh", "6.15 am"), no sentence's end (split there, "Around 2" was read as 02:00, the time of the loss)
_SENTENCE_END = re.compile(r"(?:(?<!\d)\.|\.(?!\d)|[!?।۔؟\n])+")


def sentences_of(text: str) -> list[str]:
    """The sentences of ``text`` (a point between digits ends none), blank ones left out."""
    return [part for part in _SENTENCE_END.split(text or "") if part.strip()]


def clauses_of(text: str) -> list[str]:
    """The clauses of ``text``: its sentences cut at commas too (a comma between digits cuts none)."""
    return [part for part in _CLAUSE_END.split(text or "") if part.strip()]


TIME_ALONE_WORDS = 4  # "49,999 went. 15 minutes have passed": a sentence this short after the loss tells its time


_CLAUSE_END = re.compile(r"(?:(?<!\d)[.,]|[.,](?!\d)|[!?;।۔؟،\n])+")


def _from_loss(text: str) -> str | None:
    """The plain words of ``text`` from its first clause (ended by a comma or a sentence's end) that tells a loss
    (``tells_loss``) on, or None when no clause does."""
    clauses = clauses_of(text)
    first = next((i for i, clause in enumerate(clauses) if tells_loss(clause)), None)
    return None if first is None else _plain(" ".join(clauses[first:]))


def _past_signal_lost(text: str) -> str:
    """``text`` without its clauses that tell the phone's network or SIM gone dead and no loss (class ``signal_lost``):
    "দুপুর থেকে নেটওয়ার্ক নেই, এখন ... ৮০ হাজার টাকা ট্রান্সফার হয়ে গেছে" dates when the SIM went (a SIM swap), not the
    money, which left since then at a time not said: a loss whose time is not known, urgent by DESIGN.md."""
    lost = _classes().get("signal_lost")
    if lost is None or not lost.search(_plain(text)):
        return text
    clauses = clauses_of(text)
    return ". ".join(_after_signal_lost(clause, lost) if tells_loss(clause) else clause
                     for clause in clauses if tells_loss(clause) or not lost.search(_plain(clause)))


def _past_money_seen(text: str) -> str:
    """``text`` without its clauses that tell money still there and no loss (class ``money_seen`` beside an amount or a
    money word): "balance 0 hai, subah tak 60000 the", "it had 60000 in the morning" dates when the money was last
    seen, not when it left, which was since then at a time not said: unknown, urgent by DESIGN.md."""
    seen = _classes().get("money_seen")
    if seen is None or not seen.search(_plain(text)):
        return text
    clauses = [part for part in _CLAUSE_END.split(text) if part.strip()]
    kept = [clause for clause in clauses
            if tells_loss(clause) or not (seen.search(_plain(clause)) and (amounts.parse_amount(clause) is not None
                                                                           or _has("money", _plain(clause))))]
    return ". ".join(kept) if kept and len(kept) < len(clauses) else text


def _after_signal_lost(clause: str, lost: WordClass) -> str:
    """A clause that tells the SIM gone dead and then the loss ("2 din pehle sim band hua tha aur aaj dekha 3 lakh
    gaye"): its words from the end of the SIM's telling on, when a loss is told after it; else the clause."""
    plain = _plain(clause)
    found = lost.search(plain)
    if found is None:
        return clause
    # "my sim stopped working 3 days ago and today i found 80000 gone": the SIM's time runs to the word that joins (class
    # and_then)
    joined = _classes()["and_then"].pattern.search(plain, found.end()) if "and_then" in _classes() else None
    rest = plain[joined.end():] if joined is not None and tells_loss(plain[joined.end():]) else plain[found.end():]
    return rest if tells_loss(rest) else clause


def tells_loss(text: str) -> bool:
    """Whether ``text`` (a sentence or a clause) holds a loss phrase ("paise kat gaye", "debited"); money asked back or
    got back ("वापस मिल गया", class ``recovery``) and "a new SIM was taken out in my name" (``not_loss``) are no loss
    verb here."""
    plain = _classes()["recovery"].sub(" ", _classes()["not_loss"].sub(" ", _unpaid_first(_plain(text))))
    # an amount followed by a word of money gone counts as in ``_losses`` ("সিকিউরিটি ৩০০০ দিলাম", "2 baar 5000 gaya")
    return bool(_classes()["loss"].search(plain) or _amounts_lost(plain) or _gave_away(plain))


def _loss_words(text: str) -> set[str]:
    """The loss phrases (class ``loss``) ``text`` holds, as said: "paid" in "paid on thursday"."""
    return {match.group(0) for match in _classes()["loss"].finditer(_plain(text))}


def _last_part_time(text: str, now: datetime, timezone: str) -> tuple[datetime, datetime | None] | None:
    """(when, the latest it can be) said of the last of several payments ("second one 25 minutes ago", "aakhri
    wala abhi 10 minute pehle", "শেষটা আধ ঘণ্টা আগে"; class ``last_part``) in a message that tells a loss, else None."""
    parts = _classes().get("last_part")
    plain = _plain(text)
    found = parts.search(plain) if parts is not None else None
    if found is None or not tells_loss(text):
        return None
    answer = times.parse_time(plain[found.end():], now, timezone)
    if answer is None or answer.unknown or answer.at is None:
        return None
    return answer.at, answer.by


def _time_of_loss(text: str, now: datetime, timezone: str,
                  reading: Reading | None = None) -> tuple[datetime | None, datetime | None]:
    """(when, the latest it can be) of the sentence that tells of the loss ("lost 1 lakh last Tuesday. He told us
    today"), and in it of the clause with the loss verb ("kal raat ko call aaya aur aaj subah 10 baje paise kat gaye":
    today 10:00; times.parse_time ``focus``), else of a short sentence right after it that tells only a time ("49,999
    was cut. 15 minutes now"), else of the first time the message names. The latest differs for a day with no time
    of it ("kal": noon, and the day's end)."""
    def told(part: str, focus=None):
        answer = times.parse_time(part, now, timezone, focus=focus)
        return answer if answer is not None and not answer.unknown and answer.at is not None else None

    # "9 lakh in two parts, the first 2 days ago, the second 25 minutes ago": when a loss is paid in parts, the
    # time said of the last part is the loss's time (the money of that part is still in the golden hour)
    latest = _last_part_time(text, now, timezone)
    if latest is not None:
        return latest
    # "2 din pehle 5000 gaye the, aaj phir se 3000 gaye abhi abhi": a further debit told (class another), each with its
    # own time: the newest debit's time is the loss's (an earlier loss does not make the new one old)
    if _has("another", _plain(text)) and (newest := times.newest_time(text, now, timezone, tells_loss)) is not None:
        return newest.at, newest.by
    sentences = sentences_of(text)
    for i, sentence in enumerate(sentences):
        if not tells_loss(sentence):
            continue
        answer = told(sentence, tells_loss)
        if answer is None:  # "i paid 2500 for a pg. went there today, no such pg. paid on thursday": a later sentence
            # telling the same loss again (its loss words) with its time dates it, not a short one of the finding out
            again = next(filter(None, (told(part, tells_loss) for part in sentences[i + 1:]
                                       if _loss_words(part) & _loss_words(sentence))), None)
            if again is not None:
                return again.at, again.by
        after = sentences[i + 1] if i + 1 < len(sentences) else ""
        if (answer is None or answer.by is not None and ":" not in answer.label) and after and len(_plain(after).split()) <= TIME_ALONE_WORDS:
            later = told(after)  # "aaj ... nikal gaye. das minute ho gaye": a day alone, then the time; but "in
            # september. we found out today" is another day (the finding out), not the loss's time
            if later is not None and (answer is None or answer.at - timedelta(days=1) <= later.at <= answer.by):
                answer = later
        if answer is not None:
            return answer.at, answer.by
        break
    # "Happened on Sunday, I noticed today (Tuesday)": the day of the finding out dates no loss (times.without_noticing)
    story = times.without_noticing(text, now, timezone)
    answer = times.parse_time(story, now, timezone) if story != times.prep(text or "").lower() \
        else reading.when if reading is not None else times.parse_time(text, now, timezone)
    return (answer.at, answer.by) if answer is not None and not answer.unknown else (None, None)


def _age(at: datetime | None, now: datetime, golden_minutes: int) -> str:
    if at is None:
        return "unknown"
    age = now - at
    if age <= timedelta(minutes=golden_minutes):
        return "golden"
    return "day" if age <= timedelta(hours=24) else "old"


# An age under 18 said of someone: "15 saal ka", "13 साल की", "wo 14 ki hai", "(she's 16)", "aged 12"
# (lang/<code>/words/ages.yaml: years, of, is, before).
_UNDER_18 = r"(?:[1-9]|1[0-7])"
_ADULT = r"(?:1[89]|[2-9]\d)"  # "beta 23 saal ka hai": a son or daughter who is grown up is not a child at risk
_AGES = words.load("ages")


def _age_said(years: str) -> re.Pattern:
    return re.compile(rf"(?<!\S)(?:{years} ?(?:{_alternation(_AGES['years'])})"
                      rf"|{years} (?:{_alternation(_AGES['of'])}) (?:{_alternation(_AGES['is'])})"
                      # "i am 15" but not "i am 15 days late" (ages.yaml not_after: a unit after the number)
                      rf"|(?:{_alternation(_AGES['before'])}) {years}(?! (?:{_alternation(_AGES.get('not_after', ()))})(?!\S)))(?!\S)")


_CHILD_AGE = _age_said(_UNDER_18)
_YOUNG_AGE = _age_said(r"(?:[1-9]|1[0-2])")  # a young child (under 13): lewd comments on their photo are abuse
_ADULT_AGE = _age_said(_ADULT)


def _child_named(plain: str) -> bool:
    """A child is named: an age under 18, a school class, or a child word with no adult age and nothing that says grown
    up ("beti college me padhti hai", "I am a school principal")."""
    # a school class said ("class 7", "saatvi class") names a child of school age whoever writes ("I am a teacher")
    return bool(_CHILD_AGE.search(plain)) or _has("school_class", plain) \
        or _has("child", plain) and not _ADULT_AGE.search(plain) \
        and not _has("grown", plain)


def _child_spent_in_game(plain: str, danger: tuple[str, ...]) -> bool:
    """The writer's child bought or spent in an online game ("my son bought UC in BGMI with my card", "beta game me
    8000 ka UC khareed liya"), with no one else in it (no stranger, money sent to someone or a site, a threat, a
    demand, a danger: class game_stranger): a purchase to refund and prevent, not a crime."""
    return _has("own_child", plain) and _has("game_buy", plain) and _has("game_buy_verb", plain) and not danger \
        and not _has("game_stranger", plain) and not _has("threat", plain) and not _has("demand", plain)


def _child_at_issue(plain: str, money: bool) -> bool:
    """A child named who is what the message is about: in a money report, a son or daughter who only says or tells
    ("then my son said it is fraud", "bete ne bataya": class ``child_teller``) is the one who noticed, not a child."""
    teller = _classes().get("child_teller")
    return _child_named(teller.sub(" ", plain) if money and teller is not None else plain)


# words between the child and the threat: a place said between ("تمہاری بیٹی کو ٹیوشن کے راستے سے لے جائیں گے")
CHILD_THREAT_GAP = 5


@lru_cache(maxsize=1)
def _child_threat() -> re.Pattern:
    """The hearer's child named (class hearer_child: "tere bete ko", "তোর ছেলেকে", "your son") within a few words of a
    threat to take the child or that the child will not come back (class take_threat: "utha lunga", "তুলে নেব", "will
    pick up"), in either order: a threat to take a child, said to the parent. One pattern of the two alternations,
    not their every pairing as phrases (some eighty names by some eighty threats across the packs)."""
    lists = words.load("triage")
    child, take = _alternation(lists.get("hearer_child") or []), _alternation(lists.get("take_threat") or [])
    gap = r"(?: \S+){0,%d} " % CHILD_THREAT_GAP
    return re.compile(rf"(?<!\S)(?:(?:{child}){gap}(?:{take})|(?:{take}){gap}(?:{child}))(?!\S)")


def _told_by_others(denied: str, text: str | None, plain: str, refund_trick: bool) -> str:
    """``denied`` (a message's plain words, ``_denied``) without what someone else told and the writer only asks about
    or repeats: the refund trick's claim, a message quoted in the writer's question, a forward asked about."""
    if refund_trick:
        # the stranger's claim is the whole clause that tells it ("আপনার অ্যাকাউন্টে ভুল করে ৫০০০ টাকা চলে গেছে", "8000
        # went to your account by mistake"): its "gone" and "went" are the money said to have come, not gone
        # from the claim on, up to the writer's own telling after it ("... wapas karo maine wapas kar diye": class
        # giver_me), which stays, as does what the writer told before it ("ami 2000 ferot dilam je lok bollo ...")
        for part in map(_plain, _CLAUSE_END.split(text or "")):
            said = _classes()["sent_to_me_by_mistake"].search(part)
            mine = _classes()["giver_me"].pattern.search(part, said.end()) if said is not None else None
            if said is not None:
                denied = denied.replace(part[said.start():mine.start() if mine is not None else len(part)], " ")
        denied = _classes()["sent_to_me_by_mistake"].sub(" ", denied)  # the claim said anywhere else
    # someone else's words asked about: a message quoted in the writer's question ("ye msg sahi hai kya: 'registration
    # fees 1100 is number pe bheje'"), or a forward with no word of now ("Forwarded as received ... your account will
    # be emptied ... is this true?"): their loss words tell nothing done to the writer
    for quote in _asked_quotes(text or ""):
        denied = denied.replace(quote, " ")
    if _has("forwarded", plain) and _has("asks_if_safe", plain) and not _has("now", plain):
        denied = " "
    return denied


def _denied(plain: str) -> str:
    """``plain`` without what says the resident did not make a loss or only repeats a caller: "I did not take out any
    money" / "maine kuch nahi nikala" beside a loss (an unauthorised debit, neither a loss nor a "no loss"), "your
    electricity bill was not paid" (the caller's pretext). The refund trick's claim goes with ``_told_by_others``."""
    for name in ("not_me", "pretext", "tag_question"):  # "آپ ۱۹۳۰ والے ہیں نا؟ میرا اکاؤنٹ خالی ہو گیا"
        if name in _classes():
            plain = _classes()[name].sub(" ", plain)
    return plain


def _danger(plain: str, moment: bool, asked_in_general: bool = False, money: bool = False,
            violence: bool = False) -> tuple[str, ...]:
    """The dangers ``plain`` names, most pressing first; ``plain`` with its danger phrases already spelled right
    (``_spelled``, once a message in ``read``)."""
    if "call_picked" in _classes():  # "kal call aayega to utha lunga": a call the writer will pick up, no one taken
        plain = _classes()["call_picked"].sub(" ", plain)
    if not moment and _has("forwarded", plain):  # "Fwd: a gang is kidnapping children ... ye sach hai kya?": someone
        return ()  # else's words asked about, no danger to the writer's people
    kinds = set()
    if "accusation" in _classes():  # a fake notice's charge ("saying I watched child porn ... pay fine"): no child
        plain = _classes()["accusation"].sub(" ", plain)
    # "maine utha liya" is a call picked up; a ransom asked for an account ("ransom in bitcoin to give it back") holds no one
    unheld = _classes()["answered"].sub(" ", plain)
    # "bachon ko school se utha lunga": a pick-up from school is an errand, not a threat, unless the message speaks of
    # the hearer's child ("tere bachhe ko school se utha lunga") or threatens
    errand = _classes().get("errand")
    fetched = errand is not None and not _has("addressed", plain) and not _has("threat", plain) \
        and not _has("pay_or_else", plain)  # "if we don't pay ... will pick up our son from school": a threat
    threatened = errand.sub(" ", plain) if fetched else plain
    if fetched:
        unheld = errand.sub(" ", unheld)
    if "account_ransom" in _classes():
        unheld = _classes()["account_ransom"].sub(" ", unheld)
    # "took over my business instagram ... asking ransom 500 usdt", "हैकर फोटो डिलीट करने के बदले पैसे मांग रहा": an account
    # taken over (class account_taken) held to ransom holds no one: its ransom word is no kidnapping, and money asked to
    # delete or give back what the account holds (class account_ransom) is no threat to a child (s19-flags, 29th sets)
    held_account = _has("account_taken", plain)
    if held_account and "ransom_word" in _classes():
        unheld = _classes()["ransom_word"].sub(" ", unheld)
    held_account = held_account and (_has("account_ransom", plain) or _has("ransom_word", plain))
    if "held_on_call" in _classes():  # "ভিডিও কলে আটকে রেখেছে": held on a call (cut it), not in a room
        unheld = _classes()["held_on_call"].sub(" ", unheld)
    if _has("kidnap", unheld) or _child_threat().search(unheld):  # "tere bete ko school se utha lunga"
        kinds.add("kidnap")
    # someone else who may harm themselves ("my father will end his life", "maa ne kaha wo jaan de degi"): the writer is
    # told how to help them; what is left of the message says whether the writer is at risk too
    others = _classes().get("self_harm_other")
    if others is not None and others.search(plain):
        kinds.add("self_harm_other")
    # someone withdrawn in more than one way (not talking to anyone and not leaving the room) while blackmailed: at risk
    # of self-harm, though no one said so; one sign alone ("scared, not talking to anyone") stays high, as a used set
    # labels it
    withdrawn = _classes().get("withdrawn")
    if withdrawn is not None and len({m.group(0) for m in withdrawn.pattern.finditer(plain)}) > 1 \
            and _has("threat", plain):
        kinds.add("self_harm_other")
    if _has("self_harm", others.sub(" ", plain) if others is not None else plain):
        kinds.add("self_harm")
    child = _child_at_issue(plain, money)
    # "now 8000 is missing" is money gone, not a missing child ("beta ghar se gayab hai", with no money, is)
    risky = _classes()["loss"].sub(" ", plain) if money else plain
    # "beta game me diamond ke chakkar me kisi anjaan aadmi ko 7 baar paise bhej chuka": the stranger a child paid in a
    # game (class game_seller) took money; by itself no danger to the child (a threat or a meeting still is)
    if money and _has("own_child", plain) and _has("game_buy", plain) and "game_seller" in _classes():
        risky = _classes()["game_seller"].sub(" ", risky)
    at_risk = _has("child_risk", risky)
    # "bacchi 8 saal ki hai ... photo pe gande comment": lewd comments on a young child's photo (class lewd_comments);
    # a teenager's photo commented on is harassment, not a danger (the used sets label it so)
    if child and (_has("sexual", plain) or _YOUNG_AGE.search(plain) and _has("lewd_comments", plain)):
        kinds.add("child_abuse")
    elif child and (at_risk or _has("threat", plain) and not held_account) and not asked_in_general:  # not "how do kids avoid strangers?"
        kinds.add("child")
    # "knows where I live ... been happening for 2 weeks": threats that have gone on for weeks (class long_ago or
    # spread), with no word of now, tell no one at the door now
    lasting = _has("long_ago", plain) or _has("spread", plain)
    # "following me on instagram with fake accounts": followed on a platform (class followed_online) is no one near
    if "followed_online" in _classes():
        threatened = _classes()["followed_online"].sub(" ", threatened)
        plain = _classes()["followed_online"].sub(" ", plain)
    # "says he knows where I live and will come": the home known (class knows_home) is a danger with a word of now only
    if violence or _has("life_threat", threatened) \
            or (_has("nearby", plain) and (moment or _has("threat", plain) and not lasting)) \
            or (_has("knows_home", plain) and moment):
        kinds.add("life")
    return tuple(kind for kind in DANGER_ORDER if kind in kinds)
