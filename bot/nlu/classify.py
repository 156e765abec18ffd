"""How one message is understood: intent, score, urgency, language and entities.

This is what ``python -m bot classify`` prints and what the engine routes free text on.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from functools import lru_cache
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from ..content import catalogue
from . import domains
from ..content.datafile import DataError
from ..content.packs import Packs
from . import police, triage, words
from .entities import reading as facts
from .intents import STOPWORDS, IntentMatcher, Patterns, load_intents
from .language import language_of
from .linear import LinearModel, is_stale
from .normalize import normalize, tokens
from .domains import SHORTENERS
from .topics import ASKED_REPORTS, CLEAR, GAP, REPORTS, SUBJECT_LOOK, Subjects

log = logging.getLogger(__name__)

INTENT_IDS = catalogue.classified()  # the shipped flows' report intents and the engine's own (flows/_system.yaml)
_REFINE = words.load("refine")  # lang/<code>/words/refine.yaml: the words the rules below read, every pack's


def _rule(name: str, sent: bool = False) -> re.Pattern:
    """One regular expression for refine.yaml's list ``name`` (whole words; ``word*`` may go on); with ``sent``
    also its sent_away words not followed by a to_me word ("sent" is a loss, "sent me" is not)."""
    alternation = words.any_of(_REFINE[name], factor=True)  # the same matches, found sooner
    if sent:
        alternation += f"|(?:{words.any_of(_REFINE['sent_away'])})(?! (?:{words.any_of(_REFINE['to_me'])}))"
    return re.compile(f"(?:{alternation})")


# Money sent away: refine.yaml's sent_away words not followed by a to_me word ("sent" is a loss, "sent me" is not).
SENT_AWAY = re.compile(f"(?:{words.any_of(_REFINE['sent_away'])})(?! (?:{words.any_of(_REFINE['to_me'])}))")


def tells_loss(norm: str) -> bool:
    """Money that already left, in words: a loss verb (the one list, triage.yaml's ``loss``, with its pairs: "paisa
    chala gaya"; ``triage.tells_loss``) or money sent away. With money mentioned, it makes a report of money fraud."""
    return triage.tells_loss(norm) or _said(SENT_AWAY, norm)


APP_FILE = _rule("app_file")  # an app sent as a file ("apk"): told installed with nothing lost, the check
# money sent to a wrong UPI id by the writer's own mistake (triage's wrong_payee): this topic answers it
MISTAKEN_TOPIC = "upi_sent_by_mistake"
# the writer's child spent money in an online game, no stranger involved (triage's child_game): this topic answers it
CHILD_GAME_TOPIC = "child_in_game_purchases"
# "can I get my money back?" with nothing else told (triage ``asks_back``): the golden-hour answer (1930, the bank, RBI's
# zero liability), then the money-loss report offered (a resident's trial, session 18)
MONEY_BACK_TOPIC = "golden_hour_call_1930"
CHECK = _rule("check")  # "Is this real?": a resident checking something before any loss.
MASKED = re.compile(r"\b\d{2,5}x{3,}\d{0,4}\b")
BANKISH = _rule("bankish")
AUTHORITY = _rule("authority")
INTIMATE = _rule("intimate")
LEVER = _rule("lever")  # photos or videos a blackmailer holds over the resident ...
NOT_LEVER = _rule("not_lever")  # ... not a video call itself ("CBI officer on video call says pay or ...")
DEMAND = _rule("demand")
AMOUNT_ASKED = _rule("amount_asked")  # "now they are demanding 25000", "ekhon 30000 chaiche": asked of the writer
# ... unless more is asked ("ab wo aur maang raha", "ওরা আরও চাইছে", "اور پیسے مانگتے"): money was paid before it
# (amounts.yaml `more`, every pack)
ASKED_MORE = re.compile(rf"(?<!\w)(?:{words.any_of(words.load('amounts')['more'])})(?!\w)")
# Dangers beside a threat to life whose report is not extortion's: a kidnapping or a ransom call (the danger report;
# a fake "we have your son" call is impersonation), self-harm ("he will send it to my family, I will end my life":
# sextortion though no photo is named), a child's sexual material.
NOT_EXTORTION = {"kidnap", "child_abuse", "self_harm", "self_harm_other"}
HAPPENED = _rule("happened")  # Something that already happened to the resident: not a how-to question.
CRIME_INTENTS = {"sextortion", "harassment", "account_hacked", "impersonation", "financial_fraud",
                 "suspicious_contact"}
MONEY = _rule("money", sent=True)
CARD = _rule("card")  # a payment card named, with no other account ("sim card", WhatsApp): card misuse
OTHER_ACCOUNT = _rule("other_account")
CARD_QUESTION = ("financial_fraud", "safety_advice")  # "Has money already left your account? 1 Yes 2 No"
# Reports of a harm going on that a resident may ask about instead of telling ("my ex threatens to share my pics, what do
# I do?", "is this harassment under law?", "linked devices me kisi aur ka computer, kaise hataun"): the topic's advice
# first, then the report offered (``Classifier.offers_report``). Not money lost, a call on or a danger: those report.
OFFERED_REPORTS = ("harassment", "sextortion", "account_hacked")


def live_only(read: triage.Triage) -> bool:
    """The message is urgent only because a caller or a remote-access app is still connected: nothing lost, no money
    leaving, no details typed, no danger, nobody gone to pay. Asked about ("bank wala bol raha TeamViewer download
    karo, phone hold pe hai. karu kya?", "he wants me on a video call now, I haven't paid. Is this real?"), it gets its
    topic's answer and the check, and stays urgent: the engine says "cut the call" first (golden.act)."""
    return read.urgent and (read.live_call or read.remote_app) \
        and not (read.danger or read.money_urgent or read.paying_now)


def demands(norm: str) -> bool:
    """A demand for money is told in the normalised message ("paise maang raha hai", "demanding 20000", "টাকা চাইছে");
    one said not made yet ("abhi tak paise nahi maange", "hasn't asked for money": class nothing_happened) is none."""
    return _said(DEMAND, norm) and bool(DEMAND.search(NOTHING_HAPPENED.sub(" ", norm)))


def _said(pattern: re.Pattern, text: str) -> bool:
    """Whether ``pattern`` is found in ``text``, remembered for the last few (pattern, text) pairs: the rules below
    ask the same question of one message again and again (the question words up to four times, a what-if three).
    Keyed by the pattern's id (hashing a compiled pattern hashes its whole program: ~9 us for a long alternation)."""
    return _found(id(pattern), text)


@lru_cache(maxsize=32)  # one message's pairs (~20), too few to keep an earlier message's
def _found(pattern_id: int, text: str) -> bool:
    return _RULES[pattern_id].search(text) is not None



@dataclass(frozen=True)
class Classification:
    intent: str
    score: int
    urgent: bool
    language: str
    entities: dict[str, Any]
    topics: tuple[tuple[str, int], ...] = field(default=())
    # Two or three intents to ask between ("Has money already left your account?") instead of guessing;
    # empty when the message is clear or urgent (urgency never waits for a question).
    clarify: tuple[str, ...] = field(default=())
    question: bool = False  # asked as a question ("how", "kya", "is it safe"), with no loss stated
    # a money loss the model read where no loss phrase did (``Classifier.reads_loss``): the engine takes it as told
    # (triage.assume_loss), so 1930 comes first and the case is urgent while its time is not known
    loss_read: bool = False
    # the listed topics whose subject words the message names (topics.Subjects): "Did you mean" offers a second topic
    # that names none only when it is nearly as likely as the first (bot/nlu/topics.py)
    subject_topics: tuple[str, ...] = field(default=())
    # a harm going on, told and then asked about ("he threatens to share my pics, what do I do?", "should I pay?"): the
    # report it would have started, offered in one line after its topic's answer (bot/conversation/advice.py); "" else
    offer: str = ""
    # the message tells of a harm done to the writer ("someone is stalking me", "meri photo edit karke daal di"), not
    # only how to stay safe: a topic's comfort ("This is not your fault") comes before its answer (content/knowledge.py)
    happened: bool = False

    def as_json(self) -> dict[str, Any]:
        return {"intent": self.intent, "score": self.score, "urgent": self.urgent, "language": self.language,
                "entities": self.entities, "clarify": list(self.clarify), "question": self.question,
                "topics": [list(pair) for pair in self.topics]}


def _phrases(*names: str) -> re.Pattern:
    """One regular expression for words lists (whole words, longest first)."""
    lists = words.load("questions")
    phrases = sorted({phrase for name in names for phrase in lists[name]}, key=len, reverse=True)
    alternation = words.factored([[re.escape(char) for char in p] for p in phrases])  # = "|".join(re.escape(p) ...)
    return re.compile(r"(?<!\w)(?:" + alternation + r")(?!\w)")


QUESTION = _phrases("question")
INCIDENT = _phrases("incident")
HYPOTHETICAL = _phrases("hypothetical")
GENERAL = _phrases("general")
FIRST_PERSON = _phrases("first_person")
HARM_DONE = _phrases("harm_done")  # a harm told as done to the writer: the topic's comfort first (tells_harm)
ASKS_CHECK = _phrases("asks_check")
FEAR = _phrases("fear")  # "dar lag raha hai", "i am scared" at the close: help asked after a threat (offers_report)
NOTHING_HAPPENED = _phrases("nothing_happened")  # "nothing has happened yet", "bas jaanna hai", "asking for the future"
# "I cut the call", "maine kuch nahi bheja", "abhi khola nahi"; or asked whether to give or do what was asked ("ek OTP
# aaya hai wo batana padega kya?", "should I install it?": class asks_before): not done yet
NOT_ACTED = _phrases("not_acted", "asks_before")
SOMEONE_ELSE = _phrases("someone_else")  # "mere dost ko message aaya", "a guy in my hostel got blackmailed" ...
STAY_SAFE = _phrases("stay_safe")  # "how do I stay safe?", "hum kaise bachein?": asked for the writer's own safety
OTHERS_LOSS = _phrases("others_loss")  # "my friend lost ...", "meri behen ke ... gaye": a loss told as another's
WRITER_TOO = _phrases("writer_too")  # ... not "meri aur meri friend ki photos": the writer too
RECEIVED = _phrases("received")  # "offer aaya", "got a message": a thing that came to the writer, to check
OF_HELPLINE = _phrases("of_helpline")  # "aap log sach me police ho?": asked of this helpline itself
OF_CALLER = _phrases("of_caller")  # "a caller says he is police, is this really the police?": a caller asked about


def clear_topic(topics: tuple[tuple[str, int], ...]) -> bool:
    """The best topic answers outright: at least CLEAR likely and GAP ahead of the next (as topics._decide)."""
    return bool(topics) and topics[0][1] >= CLEAR and topics[0][1] - (topics[1][1] if len(topics) > 1 else 0) >= GAP


def own_harm_offer(result: "Classification", norm: str, topic_intent: str | None) -> str:
    """The report to offer after a topic's answer to a question about a harm the writer names as their own ("loan app
    morphing my photos, what should I do?", "meri photo morph karke bhej rahe, kya karu?"): the topic's report when it is
    one offered after advice (``OFFERED_REPORTS``: a loan app's or anyone's harassment, sextortion), the writer speaks
    of themselves (class first_person) and does not ask as a what-if; else "" (a resident's trial,
    session 18: the advice came and no report was offered). Nothing lost or urgent: those are reports already."""
    if result.intent != "safety_advice" or result.urgent or result.offer or topic_intent not in OFFERED_REPORTS:
        return ""
    if not _said(FIRST_PERSON, norm) or _said(HYPOTHETICAL, norm):  # "what should one do" still asks of the writer's
        return ""
    return topic_intent


def asks_of_helpline(norm: str) -> bool:
    """"Are you really the police?", "kya ye sach me police ka number hai?": asked of this chat (class of_helpline);
    the classifier reads it as a greeting only when no caller, number or link is told beside it."""
    return _said(OF_HELPLINE, norm) and not _said(OF_CALLER, norm)


_RULES = {id(pattern): pattern for pattern in (SENT_AWAY, CHECK, APP_FILE, MASKED, BANKISH, AUTHORITY, INTIMATE, DEMAND, AMOUNT_ASKED, HAPPENED, MONEY,
                                              QUESTION, INCIDENT, HYPOTHETICAL, GENERAL, FIRST_PERSON, ASKS_CHECK,
                                              NOTHING_HAPPENED, NOT_ACTED, SOMEONE_ELSE, OTHERS_LOSS, STAY_SAFE, WRITER_TOO, CARD,
                                              OTHER_ACCOUNT, RECEIVED, OF_HELPLINE, OF_CALLER, HARM_DONE, FEAR)}  # what ``_said`` may be asked
ASKED_ABOUT = ("suspicious_contact", "financial_fraud", "impersonation")  # asked about with nothing lost: a check
SENTENCE_END = re.compile(r"(?<=[.!?।\n])\s*|\s*\n\s*")  # "… pehna tha. kya ye asli hai?": split after . ! ? । or a line
ASKS_TAIL = 8  # "is this genuine?", "du kya?", "reply karu ya nahi?" among a message's last words
APPROACHES = ("keywords", "linear", "combined")
LINEAR_UNKNOWN = 0.30  # below this probability the linear model's best intent is "unknown"
CLOSE = 0.15  # two report intents this close in probability: ask which
RIVAL = 0.30  # a loss and a no-loss report, the second at least this likely: ask
SHORT_RIVAL = 0.15  # ... in a message of one or two words ("otp", "upi"), which says too little to guess
SHORT_MESSAGE = 2
UNSURE = 0.5  # "unknown" read this weakly, a report or safety within CLOSE ("otp share"): ask, not "not understood"
THIRD = 0.15  # a third report this likely joins the question
GREETING_SURE = 0.60  # a greeting read at least this likely is one, whatever it tells ("namaste ji, mera naam ... hai")
REPORT_FLOOR = 0.10  # a message telling what happened, read as a safety question: its best report at least this likely
# A money loss read by the model where no loss phrase of triage.yaml caught it ("gpay showing debit 24999",
# "account me sirf 200 bache", "3 message aaye paise ke"): the model's best intent the money-loss report at least this
# likely (a question: this likely and an amount named), and a message of at least LOSS_READ_WORDS words. Chosen by
# leave-one-set-out over the used blind sets (bench/README.md, session 6): it catches about a third of the urgent
# messages the loss phrases missed, at about one in 200 non-urgent messages flagged.
LOSS_READ = 0.50
LOSS_READ_ASKED = 0.90
LOSS_READ_WORDS = 3
LOSS_READ_TOLD = 8  # without an amount or a money word, a message this long ("cyber fraud ho gaya" is a keyword)
# A message the model reads as a safety question at least this surely, that asks ("?" or a question word) and states no
# loss and nothing urgent, stays a safety question though it tells a story ("my wife checks in at every airport. Is
# posting live location risky?"). Chosen by leave-one-set-out (bench/README.md, session 7: 0.5 / 0.6 / 0.8 / off).
SAFETY_SURE = 0.60
QUESTION_OPENING = 4  # a question word among the first words makes a question ...
SHORT_QUESTION = 14  # ... or anywhere in a message this short


def _sentences(text: str) -> list[str]:
    """The message's sentences with words in them, split after . ! ? । or a line break."""
    return [part for part in SENTENCE_END.split(text.strip()) if tokens(part)]


def _nothing_to_read(norm: str) -> bool:
    """Only common words and a small number ("and 2", "to 3", "2" with no menu shown): nothing the model may
    read. Its character n-grams of a lone digit are noise (session 9: "3" read as a money loss at 99%, so "and 2"
    sent from a muddled chat started the money report). An amount ("5000") is read as before."""
    words = tokens(norm)
    return bool(words) and all(w in STOPWORDS or (w.isdigit() and len(w) < 3) for w in words)


class Classifier:
    def __init__(self, matcher: IntentMatcher | Patterns, golden_hour_minutes: int, timezone: str,
                 model: LinearModel | None = None, approach: str = "combined", subjects: Subjects | None = None,
                 languages: tuple[str, ...] = (), packs: Packs | None = None):
        self._patterns = matcher  # Patterns: the keyword matcher is built only if an approach asks for it
        self.languages = tuple(languages)  # the offered ones (config.yaml languages): they win a romanised close call
        self.packs = packs  # the project's language packs: a message's script picks one (default: the shipped ones)
        self.subjects = subjects
        self.golden = timedelta(minutes=golden_hour_minutes)
        self.golden_minutes = golden_hour_minutes
        self.timezone = timezone
        self.model = model
        self.approach = approach if model is not None else "keywords"

    @property
    def matcher(self) -> IntentMatcher:
        """The keyword matcher (the keywords and combined approaches; built on first use from ``Patterns``)."""
        patterns = self._patterns
        return patterns.matcher if isinstance(patterns, Patterns) else patterns

    @classmethod
    def build(cls, intents_dir: str | Path, knowledge, config, model_path: str | Path | None = None) -> "Classifier":
        matcher = Patterns(threshold=config.intent_threshold)  # the keyword matcher, built when first needed
        known = catalogue.classified(Path(intents_dir).parent / "flows")  # the project's own flows (a copy's too)
        load_intents(intents_dir, matcher, known)
        if knowledge is not None:
            for topic in knowledge.topics.values():
                for pattern in topic.patterns:
                    matcher.add_pattern(pattern, topic.intent, topic.id)
                for title in topic.title.values():
                    matcher.add_topic_text(title, topic.id, weight=2.0)
                for answer in topic.answer.values():
                    matcher.add_topic_text(answer, topic.id, weight=0.3)
        model = LinearModel.load(model_path or Path(intents_dir) / "model.npz")
        unknown = set(model.intents.labels) - set(known)
        if unknown:
            raise DataError(f"{model.path}: intents {sorted(unknown)} are not DESIGN.md's ids")
        if knowledge is not None and set(model.topics.labels) != set(knowledge.topics):
            raise DataError(f"{model.path}: its topics differ from knowledge/*.yaml; run python -m bot.nlu.train")
        if is_stale(model, Path(intents_dir).resolve().parent):
            log.warning("%s was trained on other data than intents/ and knowledge/ hold now; "
                        "run python -m bot.nlu.train", model.path)
        return cls(matcher, config.golden_hour_minutes, config.timezone, model, config.intent_approach,
                   Subjects(knowledge) if knowledge is not None else None, tuple(config.languages),
                   Packs.beside(intents_dir, config.languages))

    def urgent(self, read: triage.Triage) -> bool:
        """True when the message is urgent by itself (bot/nlu/triage.py): a loss within the golden hour or at a
        time not said, money leaving now, a caller or remote-access app still connected, or a danger."""
        return read.urgent

    def refine(self, intent: str, norm: str, found: dict[str, Any], read: triage.Triage | None = None) -> str:
        """Rules the models do not learn from examples alone: money that left makes a money-fraud report;
        intimate images with a demand are sextortion; fake bank staff who took money is money fraud; a
        number or link to check, or "is this real?", with nothing lost, is a suspicious contact."""
        money = bool(found.get("amount")) or bool(_said(MONEY, norm))
        # bot/nlu/triage.py reads the loss (futures, negations, what-ifs): a money word beside a loss word is none by
        # itself ("bill not paid ... connection will be cut tonight": a resident's trial got the money report)
        lost = read.loss if read is not None else money and tells_loss(norm)
        if read is not None:  # a loss dominates ("hacked and money withdrawn")
            if read.loss and intent == "account_hacked":
                return "financial_fraud"
        if self.extortion(intent, norm, money, read):  # a death threat over money ("pay or we will kill your son",
            # "paise do warna jaan se maar denge"): danger to life first (golden.py), then the report; sextortion only
            # when intimate photos or videos are the lever (a strangers' trial: it was filed as sextortion)
            # when money left, the money report (1930), unless the model read harassment ("bhai ko bhej diya gaya",
            # sent abroad and beaten, reads as a loss)
            return "financial_fraud" if read.loss and intent != "harassment" else "harassment"
        if read is not None and read.refund_trick and not read.loss and not read.danger:
            return "suspicious_contact"  # "he says he sent money to my UPI by mistake, send it back": the refund trick
        if lost and intent in ("suspicious_contact", "safety_advice", "unknown", "greeting", "talk_to_officer"):
            return "financial_fraud"  # "thagi ho gayi, please call me": money gone, told with a request to be called
        if read is not None and "life" in read.danger and not read.violence and intent in ("suspicious_contact", "safety_advice", "unknown"):
            return "harassment"  # "he says he will kill me, messages still coming": a threat to life is told, not asked
        if read is not None and "child" in read.danger and intent == "lost_phone":
            return "harassment"  # "gone to meet an online friend, phone off since": a child at risk, not a lost phone
        if read is not None and read.connected and intent == "unknown":  # "the caller is still on the line asking
            return "impersonation" if read.fake_officer else "financial_fraud"  # for the OTP": a report, not unclear
        if intent == "harassment" and _said(INTIMATE, norm) and (money or _said(DEMAND, norm)):
            return "sextortion"  # intimate images with a demand: blackmail (DESIGN.md)
        if lost and intent == "impersonation" and _said(BANKISH, norm) and not _said(AUTHORITY, norm):
            return "financial_fraud"  # fake bank staff or customer care is money fraud (DESIGN.md)
        identifiers = self._identifiers(norm, found)
        if not lost and identifiers and intent in ("safety_advice", "unknown"):
            return "suspicious_contact"
        if not lost and _said(CHECK, norm) and intent in ("safety_advice", "unknown", "financial_fraud"):
            return "suspicious_contact"
        return intent

    def checks_number(self, ranked: list[tuple[str, float]], norm: str, found: dict[str, Any],
                      read: triage.Triage) -> bool:
        """"Is this number the police's? 98765 43210": a number to check, asked whether it is the police's, the model
        reading the check and nothing told beyond a call or a summons (no threat, arrest, demand, loss or call on now):
        the check of the number (suspicious_contact), as the used sets label it; a threat or a demand told beside it
        ("9876543210 called and said I am under digital arrest") stays the impersonation report."""
        return self._identifiers(norm, found) \
            and not (read.threat or read.urgent or read.loss or read.danger or demands(norm) or _said(DEMAND, norm))

    def knows_a_word(self, norm: str) -> bool:
        """A word of the message (not a number) is one a pack knows: a word of a pack's word lists (``words.known_words``)
        or of the examples the model was trained on (its vocabulary holds every word of them, in every pack). A message
        with none ("blorp blorp", "zxcv qwpo") is nothing the understanding can read: any reading of it would be a guess.
        A message of numbers or signs only is left to the other rules."""
        said = [word for word in tokens(norm) if not word.isdigit()]
        if not said:
            return True
        known = words.known_words()
        model = self.model
        return any(word in STOPWORDS or word in known or model is not None and model.rows([f"w:{word}"])
                   for word in said)

    @staticmethod
    def card_only(norm: str) -> bool:
        """A payment card is named and no other account ("my card got hacked", not "sim card" or "whatsapp")."""
        return _said(CARD, norm) and not _said(OTHER_ACCOUNT, norm)

    @staticmethod
    def extortion(intent: str, norm: str, money: bool, read: triage.Triage | None) -> bool:
        """A threat to life over money, with no photo or video held over the resident: a threat to life (and no child,
        kidnapping or self-harm) with money or a demand named, or read as sextortion with nothing to blackmail with."""
        if read is None or "life" not in read.danger or NOT_EXTORTION & set(read.danger):
            return False
        if LEVER.search(NOT_LEVER.sub(" ", norm)) or INTIMATE.search(norm):
            return False
        return intent in ("sextortion", "financial_fraud") or money or bool(DEMAND.search(norm))

    @staticmethod
    def self_harm_alone(intent: str, norm: str, read: triage.Triage) -> bool:
        """The writer's self-harm read as sextortion with nothing held over them: no intimate photo or video, no lever,
        no demand, no money and no threat named ("he will send it to my family, I will end my life" stays sextortion)."""
        if intent != "sextortion" or "self_harm" not in read.danger:
            return False
        return not (read.money or read.threat or _said(MONEY, norm) or _said(INTIMATE, norm) or _said(DEMAND, norm)
                    or LEVER.search(NOT_LEVER.sub(" ", norm)))

    @staticmethod
    def _identifiers(norm: str, found: dict[str, Any]) -> bool:
        """A number, link, UPI id or e-mail to check. The government's own sites ("how do I file a complaint on
        cybercrime.gov.in?") are not something to check."""
        urls = [url for url in found.get("urls") or () if not domains.is_government(domains.host_of(url))
                and url.lower() not in SHORTENERS]  # "bit.ly wale link kaise check karein?" names the service, no link
        return bool(urls) or any(found.get(key) for key in ("phones", "upi_ids", "emails")) or bool(_said(MASKED, norm))

    def reads_loss(self, intent: str, ranked: list[tuple[str, float]], norm: str, read: triage.Triage,
                   question: bool, found: dict[str, Any]) -> bool:
        """A money loss told in words no loss phrase holds: the model is sure enough it is the money-loss report,
        money is named (or the message tells a story: "credit card se kharidari ho gayi"), nothing says no loss, a what-if, an amount only demanded or money not taken from the writer (``Triage.not_taken``: a loan in their name, unless told within the hour), and the message's time words (if any) put it within the golden hour."""
        said = tokens(norm)
        words = len(said)
        told = len(set(said)) >= LOSS_READ_TOLD  # a story has that many different words ("ab/1ab " x 8000 tells none)
        if read.loss or read.no_loss or read.not_taken and read.told_age != "golden" or read.told_age not in ("golden", "unknown") or words < LOSS_READ_WORDS \
                or not (read.money or told) or _said(HYPOTHETICAL, norm):
            return False
        if _said(AMOUNT_ASKED, norm) and not tells_loss(norm) and read.told_age != "golden" \
                and not ASKED_MORE.search(norm):  # "loan app theke ... ekhon 30000 chaiche": an amount asked for, none
            return False  # told gone, is no loss read (a resident's trial, session 18: urgent with ₹30,000 "lost")
        best, probability = ranked[0]
        if best != "financial_fraud":
            return False
        if question:  # "…30000 ka recharge ho gaya, pata nahi kab hua, kya karu?": a loss told, then a question
            return probability >= LOSS_READ_ASKED and found.get("amount") is not None
        return intent == "financial_fraud" and probability >= LOSS_READ

    def scam_text_known(self, intent: str, norm: str, found: dict[str, Any], read: triage.Triage,
                        topics: tuple[tuple[str, int], ...]) -> bool:
        """A scam text pasted in ("Your SBI KYC has expired ... update now: http://..."): read as the check, with a number
        or link in it, nothing lost and one topic clearly its own. Its advice, then the check (topics.told_topic), never
        "is this about a message you got, money lost or a question?" (a resident's trial, session 18)."""
        return intent == "suspicious_contact" and not (read.loss or read.urgent) and self._identifiers(norm, found) \
            and clear_topic(topics)

    def is_question(self, text: str, norm: str, found: dict[str, Any], read: triage.Triage | None = None) -> bool:
        """A question with no loss, no incident and nothing to check: it wants an answer, not a report.
        Asked means it opens with a question ("how do I", "kya", "is it safe") or is a short message
        that asks ("qr code scan karne se paise milenge kya", "safe?"); a long report that ends with
        "what do I do" is still a report. Asked in general ("is it true that police ...", "agar koi ... to
        kya karein", "what if I read out the code") or opening with "if"/"agar" and asking, it is a question
        however long, unless a loss is stated (the triage's reading: "paise nahi kate" states none) or there
        is a number, link or UPI id to check."""
        if self._identifiers(norm, found):
            return False
        money = bool(found.get("amount")) or bool(_said(MONEY, norm))
        if money and tells_loss(norm) and (read is None or read.loss):
            return False  # a loss is stated: both readings agree ("can I get my money back after fraud" states none)
        words = tokens(norm)
        asks = bool(_said(QUESTION, norm)) or text.rstrip().endswith("?")
        opening = " ".join(words[:QUESTION_OPENING])
        opens = bool(_said(QUESTION, opening))
        if _said(GENERAL, norm) or (_said(HYPOTHETICAL, opening) and asks) or (opens and _said(HYPOTHETICAL, norm)):
            return True  # "what to do if my card is lost", "agar customs wala call kare ... fraud hota hai kya?"
        short = len(words) <= SHORT_QUESTION and asks
        if not (opens or short):
            return False
        # "how to recover a hacked gmail account?" asks in general; "my account got hacked, how to recover" tells
        told = _said(INCIDENT, norm) or _said(HAPPENED, norm)
        return not told or (opens and not _said(FIRST_PERSON, norm))

    def asks_ahead(self, text: str, norm: str, found: dict[str, Any], read: triage.Triage) -> str | None:
        """A question from someone who says nothing has happened or asks ahead ("bas jaanna hai", "asking for the
        future", or a takeover only tried, the account still theirs: triage ``still_mine``: "happened"), that it happened
        to a friend, not to the writer ("someone_else"), or that they did not act (cut the call, paid or sent nothing,
        did not open it: "acted"), with no loss, nothing urgent and nothing to check; else None. Such a message is asked, however
        much of a story it tells ("CBI officer bol ke video call aaya tha ... maine phone kaat diya. kya ye asli
        tha?"; bot/nlu/classify.py ``classify`` decides what it gets)."""
        live = live_only(read)
        if read.loss and read.age == "old" and not (read.urgent or read.danger or self._identifiers(norm, found)) \
                and _said(STAY_SAFE, norm) and _said(OTHERS_LOSS, norm) and not _said(WRITER_TOO, norm):
            return "someone_else"  # "my friend lost 5000 last year, how do I stay safe?": another's old loss, the writer
            # asks how to stay safe: the advice, not the writer's own report (a resident's trial, session 19)
        if read.loss or read.urgent and not live or read.danger or self._identifiers(norm, found):
            return None
        if not ("?" in text or _said(QUESTION, norm) or _said(ASKS_CHECK, norm)):
            return None
        if live:  # a caller still on the line, asked about by one who gave nothing yet or who asks whether it is real
            # ("He wants me to stay on a Skype video call. Is this real??"): its topic, then the check, urgent ("cut the
            # call" first); never a harm only feared or a friend's, which would drop the check
            asked = _said(ASKS_CHECK, " ".join(tokens(norm)[-ASKS_TAIL:]))
            return "acted" if _said(NOT_ACTED, norm) or asked else None
        # a harm only feared ("will she blackmail me?") or only tried; not a threat whose demand is already made ("...
        # unless I pay 5000. will she blackmail my family too?"), nor photos held over the writer with a demand ("he
        # hasn't posted anything yet but will send my photos to my family unless I pay"): that harm is going on, told
        # by the writer, a report
        held = read.threat or bool(LEVER.search(NOT_LEVER.sub(" ", norm)))
        feared = _said(NOTHING_HAPPENED, norm) and not (held and demands(norm))
        if feared or read.still_mine:  # "... phone is still working. What now?": only tried
            return "happened"
        if _said(SOMEONE_ELSE, norm) and not _said(WRITER_TOO, norm):  # "mere dost ko ... wo kya kare?"
            return "someone_else"
        return "acted" if _said(NOT_ACTED, norm) else None

    def _asked_ahead(self, ahead: str, intent: str, ranked: list[tuple[str, float]], norm: str) -> str:
        """The intent of a message ``asks_ahead`` read: a caller or message asked about (the model's reading, or,
        when the writer did not act, its likeliest report if it read a safety question) keeps its report, answered by its topic and then the
        check ("is this really the police?" the impersonation check); nothing happened makes any other report a
        safety question; "I didn't pay" beside a harm already done (blackmail, a hacked account) keeps the report.
        Asked for a friend, any report is a safety question: the advice is for them, there is nothing of the writer's
        to check or report."""
        if ahead == "someone_else":
            return "safety_advice" if intent in (*CRIME_INTENTS, "lost_phone") else intent
        likeliest = next((i for i, p in ranked if i in REPORTS and p >= REPORT_FLOOR), None)
        about = intent if intent in ASKED_ABOUT else \
            likeliest if ahead == "acted" and intent in ("safety_advice", "unknown") and likeliest in ASKED_ABOUT else None
        if police.asks(norm) and (about or ahead == "acted" and intent in ("safety_advice", "unknown")):
            about = "impersonation"
        if about:
            return about if about in ASKED_REPORTS else "suspicious_contact"
        if ahead == "acted" and intent == "safety_advice" and _said(RECEIVED, norm):
            return "suspicious_contact"  # "offer aaya ... ye sach hai ya fraud? abhi kuch paisa nahi diya": a thing received, checked
        if ahead == "happened" and intent in (*CRIME_INTENTS, "lost_phone"):
            return "safety_advice"
        return intent

    def asks_police(self, text: str, norm: str, question: bool) -> bool:
        """A "really the police?" message that asks: a question already, or its last sentence asks ("... fake hai na?",
        "क्या ये सच में सरकारी कार्रवाई है?"), or "is this real?" among its last words."""
        return question or self.ends_asking(text) or bool(_said(ASKS_CHECK, " ".join(tokens(norm)[-ASKS_TAIL:])))

    @staticmethod
    def ends_asking(text: str) -> bool:
        """The message's last sentence asks: it ends with "?" or holds a question word ("... uniform bhi pehna
        tha. kya ye asli ho sakta hai", "... wants me to install AnyDesk. Should I?")."""
        sentences = _sentences(text)
        if not sentences:
            return False
        last = sentences[-1]
        return text.rstrip().endswith("?") or bool(_said(QUESTION, " ".join(tokens(last))))

    @staticmethod
    def opens_asking(text: str) -> bool:
        """A sentence before the last asks whether something is real or what to do, the story after it ("task job
        fraud hai kya? meri behen join karna chahti hai", "Should I stop posting her photos? my wife posts
        everything", "eb bill msg vandhuchu, power cut tonight nu. is it fake? they gave some mobile number"): it asks
        as one that ends so. Not any question ("is there a way to get my money back? I put 1.5 lakh in a crypto site"
        tells a loss after it)."""
        sentences = _sentences(text)
        return len(sentences) > 1 and any(sentence.rstrip().endswith("?") and _said(ASKS_CHECK, " ".join(tokens(sentence)))
                                          for sentence in sentences[:-1])

    @staticmethod
    def opens_with_question(text: str) -> bool:
        """The first of several sentences is a question that opens with a question word ("What's a UPI collect
        request? my paytm shows 'pay 4,999 to ...'", "ye collect request kya hota hai? ...")."""
        sentences = _sentences(text)
        return len(sentences) > 1 and sentences[0].rstrip().endswith("?") \
            and _said(QUESTION, " ".join(tokens(normalize(sentences[0]))[:QUESTION_OPENING]))

    def offers_report(self, intent: str, text: str, norm: str, found: dict[str, Any], read: triage.Triage,
                      topics: tuple[tuple[str, int], ...]) -> str:
        """The report to offer after a topic's answer, or "": a threat made (``OFFERED_REPORTS``) but not yet carried
        out or given in to ("... nothing posted yet. what do I do", "... Should I pay? haven't paid anything", "abhi
        kuch daala nahi"), or a harm asked about as the law sees it ("Is this harassment under law?"), with no loss,
        nothing urgent or dangerous, nothing to check, a question asked, and one topic clearly answering it (else the
        report starts). A harm told with no question, or asked only "what do I do" ("whatsapp hack ho gaya kya karu",
        "they have my video, what do i do": the used first-message sets label those reports), stays the report."""
        if intent not in OFFERED_REPORTS or read.loss or read.urgent or read.danger or read.mistaken \
                or self._identifiers(norm, found):
            return ""
        tail = " ".join(tokens(norm)[-ASKS_TAIL:])
        held = read.threat or bool(LEVER.search(NOT_LEVER.sub(" ", norm)))  # photos or a video held over the writer
        # asked, or fear said at the close of a threat held ("... maine abhi kuch nahi diya, dar lag raha hai": s19)
        if not (self.ends_asking(text) or self.opens_asking(text) or _said(ASKS_CHECK, tail) or held and _said(FEAR, tail)):
            return ""
        # not paid or given in to ("haven't paid anything"), or nothing done yet with no demand made ("nothing posted
        # yet"); a demand made and only what comes next feared ("... unless I pay 5000. will she blackmail my family
        # too?") stays the report (s10-safety3)
        not_yet = _said(NOT_ACTED, norm) or _said(NOTHING_HAPPENED, norm) and not demands(norm)
        # asked as the law sees it after telling it ("... comments on all my posts. Is this harassment under law?"),
        # not a question alone ("sim swap kya hota hai", "sextortion video call se kaise bache")
        told = held or len(_sentences(text)) > 1
        if not (held and not_yet or told and _said(GENERAL, norm)):
            return ""
        if not clear_topic(topics):
            return ""  # no clear answer: the report, never "Did you mean" instead of it
        return intent

    def asks_about(self, intent: str, ranked: list[tuple[str, float]], text: str, norm: str, found: dict[str, Any],
                   read: triage.Triage, question: bool = False) -> bool:
        """A message that tells of something received and ends by asking whether it is real or what to do
        ("someone on Telegram offers Rs 150 a like. Is this genuine?", "card ki details maang rahe hain. du
        kya?"), with no loss, nothing urgent and no number, link or UPI id to check: a suspicious contact asked
        about as a question, answered by its topic (bot/nlu/topics.py). Read so from a suspicious-contact or
        money report with nothing lost, from a safety question that tells of something received when a
        suspicious contact is a likely reading, or from "unknown" when its likeliest intent is one of those."""
        if intent not in (*ASKED_ABOUT, "safety_advice", "unknown") or read.loss or read.urgent and not live_only(read) \
                or read.danger or _said(INTIMATE, norm):
            return False
        if read.urgent and intent not in ASKED_REPORTS:  # a caller on the line read as money fraud (an app put on the
            return False  # phone at their word): the money report, as the first-message sets label it
        # "is this genuine?" at the end; or any question in the last sentence of a message that is not already a
        # question in general ("digital arrest kya hota hai", answered alone) nor read as off-topic ("mera aadhar
        # card me naam galat hai kaise sudhare" stays unknown)
        # the model's reading before any rule, or the one just behind it (within CLOSE: "... registration fee do. kuch
        # gadbad lag raha" read money and safety alike)
        readings = [(i, p) for i, p in ranked if i != "unknown"][:2]
        # "ye link sahi hai kya? free scooty yojana ...", "should I install this loan app ...?": a question that asks
        # whether a thing received is real, read by the model as the check itself, is the check asked about (a
        # question in general, "is it safe to scan QR codes?", the model reads as a safety question; a what-if stays one)
        checked = question and bool(readings) and readings[0][0] == "suspicious_contact" and _said(ASKS_CHECK, norm) \
            and not _said(HYPOTHETICAL, norm)
        tail = " ".join(tokens(norm)[-ASKS_TAIL:])
        # read as the check already (its intent kept), a thing received told with nothing done at its close ("... scratch
        # card ke saath. maine kuch nahi diya abhi") or after a question opening it ("What's a UPI collect request? my
        # paytm shows ..."): asked before acting, as "is this genuine?" is
        kept = intent in ASKED_REPORTS and _said(NOT_ACTED, tail) or intent in ASKED_ABOUT and self.opens_with_question(text)
        if not (checked or kept or _said(ASKS_CHECK, tail)
                or intent != "unknown" and not question and (self.ends_asking(text) or self.opens_asking(text))):
            return False
        if intent in ASKED_ABOUT or any(i in ASKED_ABOUT and readings[0][1] - p < CLOSE for i, p in readings):
            return True
        return intent == "safety_advice" and bool(_said(INCIDENT, norm)) \
            and dict(ranked).get("suspicious_contact", 0.0) >= REPORT_FLOOR  # a safety question telling what came

    def _ranked(self, text: str, approach: str) -> tuple[list[tuple[str, float]], tuple[tuple[str, int], ...]]:
        """Intents with probabilities, best first, and the three likeliest topics (0-100)."""
        norm = normalize(text)
        if approach == "keywords" or self.model is None:
            match = self.matcher.match(text)
            ranked = list(match.intents) if match.intent != "unknown" else [("unknown", 1.0), *match.intents]
            return ranked, match.ranked_topics
        intent_p, topic_p = self.model.predict(text)
        exact = self._patterns.exact(norm)
        if approach == "combined":
            match = self.matcher.match(text)
            keyword_p = dict(match.intents)
            intent_p = {k: (v + keyword_p.get(k, 0.0)) / 2 for k, v in intent_p.items()}
        elif exact is not None:  # a copy of a known pattern: its intent
            intent_p = {**{k: v / 2 for k, v in intent_p.items()}, exact: intent_p.get(exact, 0.0) / 2 + 0.5}
        ranked = sorted(intent_p.items(), key=lambda item: item[1], reverse=True)
        if ranked[0][1] < LINEAR_UNKNOWN or _nothing_to_read(norm):
            ranked.insert(0, ("unknown", 1.0 - ranked[0][1]))
        topics = [(t, int(round(p * 100))) for t, p in
                  sorted(topic_p.items(), key=lambda item: item[1], reverse=True)[:SUBJECT_LOOK]]
        return ranked, (self.subjects.order(text, topics) if self.subjects is not None else tuple(topics[:3]))

    @staticmethod
    def _tells(norm: str) -> bool:
        """A long message that does not open with a question and tells of something done to the writer
        ("some unknown person is sending vulgar pictures to my wife's mobile every day ...")."""
        words = tokens(norm)
        return (len(words) > SHORT_QUESTION and not _said(QUESTION, " ".join(words[:QUESTION_OPENING]))
                and bool(_said(INCIDENT, norm)))

    @staticmethod
    def _best_report(ranked: list[tuple[str, float]], otherwise: str) -> str:
        """The likeliest report intent, when the model gives it at least REPORT_FLOOR; else ``otherwise``."""
        for intent, p in ranked:
            if intent in REPORTS and p >= REPORT_FLOOR:
                return intent
        return otherwise

    def clarify_between(self, ranked: list[tuple[str, float]], words: int = SHORT_MESSAGE + 1) -> tuple[str, ...]:
        """The intents to ask between, or () when the best one is clear enough: two reports close
        together, money lost against a no-loss report, or a report against a safety question (also behind an
        "unknown" read below UNSURE)."""
        if len(ranked) > 1 and ranked[0][0] == "unknown" and ranked[0][1] < UNSURE \
                and (ranked[0][1] - ranked[1][1] < CLOSE
                     or sum(p for i, p in ranked[1:] if i in REPORTS or i == "safety_advice") >= ranked[0][1]):
            # not sure it says nothing, a reading close behind or the reports and safety together more likely ("otp
            # share": a question about sharing OTPs or an OTP given away; "banana": neither): they may be asked
            ranked = ranked[1:]
        askable = [(intent, p) for intent, p in ranked if intent in REPORTS or intent == "safety_advice"]
        if len(askable) < 2 or ranked[0][0] != askable[0][0]:
            return ()
        (first, p1), (second, p2) = askable[0], askable[1]
        if "safety_advice" in (first, second) and not ({first, second} & set(REPORTS)):
            return ()
        rival = SHORT_RIVAL if words <= SHORT_MESSAGE else RIVAL
        loss_rivalry = ("financial_fraud" in (first, second)) and p2 >= rival
        if p1 - p2 >= CLOSE and not loss_rivalry:
            return ()
        chosen = [first, second]
        if len(askable) > 2 and askable[2][1] >= THIRD:
            chosen.append(askable[2][0])
        return tuple(chosen)

    def classify(self, text: str, now: datetime, approach: str | None = None,
                 read: triage.Triage | None = None) -> Classification:
        """``read``: ``triage.read`` of this ``text`` at ``now`` with this classifier's time zone and golden hour,
        when the caller has it already (``Engine.read_ahead``: one triage read a message, not two)."""
        text = text or ""
        norm = normalize(text)
        reading = facts.read(text, now, self.timezone)
        found = reading.found
        ranked, topics = self._ranked(text, approach or self.approach)
        best, probability = ranked[0]
        if read is None:
            read = triage.read(text, now, self.timezone, self.golden_minutes, reading)
        intent = self.refine(best, norm, found, read)
        question = self.is_question(text, norm, found, read)
        if not (question or read.urgent or read.loss or found.get("amount") or _said(NOT_ACTED, norm)) \
                and intent in ("safety_advice", "unknown", "financial_fraud") \
                and _said(APP_FILE, norm) and triage.tells_installed(norm):  # no amount, no debit, not "is it safe?"
            intent = "suspicious_contact"  # "maine APK install kar liya" as "I installed an APK": its advice, then the check
        ahead = self.asks_ahead(text, norm, found, read)
        if ahead and live_only(read) and intent not in (*ASKED_REPORTS, "safety_advice"):  # a money report with a
            ahead = None  # caller on: the report; a safety question ("... rustdesk download karo. main ruk gaya, sahi
            # kiya na?") is asked about as the check (_asked_ahead), urgent
        offer = self.offers_report(intent, text, norm, found, read, topics) if ahead != "someone_else" else ""
        if ahead:  # "KBC se call aaya ... maine kuch nahi bhara. ye fraud hai na", "insta hack ho gaya to? bas jaanna hai"
            intent = self._asked_ahead(ahead, intent, ranked, norm)
            question = question or intent in (*ASKED_REPORTS, "safety_advice")
        sure = intent == "safety_advice" and best == "safety_advice" and probability >= SAFETY_SURE \
            and not (read.urgent or read.loss) and ("?" in text or bool(_said(QUESTION, norm)))
        # a story the model reads as a safety question that closes with nothing given yet ("... ab bol raha hai business
        # ke liye udhaar chahiye. kuch diya nahi abhi": s19, the 29th safety set) is asked before acting, not told
        unacted = _said(NOT_ACTED, " ".join(tokens(norm)[-ASKS_TAIL:]))
        if intent == "safety_advice" and not question \
                and (read.urgent or _said(HAPPENED, norm) or self._tells(norm) and not (sure or unacted)):
            intent = self._best_report(ranked, intent)  # something happened and nothing is asked: a report
        if intent == "greeting" and probability < GREETING_SURE and _said(INCIDENT, norm) and not question:
            # "good evening madam, I am Anil from Nagpur, I have been cheated online": a greeting that goes on to tell a
            # harm done (the model unsure it is only a greeting) is its report
            intent = self._best_report(ranked, intent)
        if self.self_harm_alone(intent, norm, read):  # "میں اب اور نہیں جی سکتا، سب ختم کر دوں گا" read as
            # sextortion heard "please do not pay" and the platform menu (a stranger's trial, session 10): the danger
            # report (golden.py), as in English and Bengali
            intent = "unknown"
        if offer:  # "someone recorded me ... demands 20000. Should I pay?": the advice, then the report offered
            intent, question = "safety_advice", True
        kept = bool(ahead) and intent in ASKED_REPORTS  # asked about: its topic, then the check (topics.py)
        if question and not kept and (intent in CRIME_INTENTS or intent == "lost_phone" and _said(HYPOTHETICAL, norm)):
            intent = "safety_advice"  # "how do I...", "kya ... hota hai", "what if my phone is stolen": answered
        if ahead != "someone_else" and self.asks_about(intent, ranked, text, norm, found, read, question):  # its topic, then the check
            intent, question = (intent if intent in ASKED_REPORTS else "suspicious_contact"), True
        # "is it true that police keep you on camera?", "if an officer on video call says ...": asked about
        # police in general, answered by its topic, not by the impersonation report's "is this really the police?"
        police_question = police.asks(norm) and not ahead and not (question and (_said(GENERAL, norm) or _said(HYPOTHETICAL, norm)))
        if asks_of_helpline(norm) and not (read.urgent or read.loss or _said(INCIDENT, norm) or _said(RECEIVED, norm)
                                           or any(found.get(kind) for kind in ("phones", "urls", "upi_ids", "emails"))):
            # "aap log sach me police ho?": asked of this helpline, answered by the welcome that says who we are (a
            # caller told of beside it, "i got a call from 'cyber cell'", keeps the impersonation check)
            intent, question, police_question = "greeting", False, False
        if police_question and self.checks_number(ranked, norm, found, read):  # "kya ye number police ka hai? 98765 43210.
            # bol rahe the station aao": the check (asked about, "call officer 98765 43210. Is this real?": its topic first)
            intent, police_question = "suspicious_contact", False
        if police_question:  # "is this really the police?" is answered by the impersonation report, not a topic
            # alone; asked with nothing lost and nothing urgent ("CBI officer says keep the camera on ... is this real
            # government action?", "how can I check a caller saying he is crime branch?"), its topic's answer comes
            # first and then that check (dispatch.route: an asked impersonation), never the report's questions alone
            # (issue 11, the 30th-31st safety sets: "report flows" on questions)
            intent = police.route(intent, norm)
            question = intent in ASKED_REPORTS and not (read.loss or read.urgent) and self.asks_police(text, norm, question)
        loss_read = not police_question and self.reads_loss(intent, ranked, norm, read, question, found)
        if loss_read:
            read, intent, question = triage.assume_loss(read), "financial_fraud", False
        urgent = self.urgent(read)
        clarify = self.clarify_between(ranked, len(tokens(norm))) if intent == best and not (
            urgent or question or police_question or self.scam_text_known(intent, norm, found, read, topics)) else ()
        if intent == "account_hacked" and not (urgent or question or read.loss) and self.card_only(norm):
            # "my card got hacked": card misuse, not a taken-over account; whether money left picks the report
            intent, clarify = "financial_fraud", CARD_QUESTION
        if read.mistaken and read.threat and not read.urgent:  # "... by mistake and now he is threatening me": the
            # threat is the report (harassment); the dispute path is its topic (an attacker's trial, session 11)
            intent, question, loss_read, clarify = "harassment", False, False, ()
            topics = ((MISTAKEN_TOPIC, 100), *((t, p) for t, p in topics if t != MISTAKEN_TOPIC))[:len(topics) or 1]
        elif read.failed_payment and not read.urgent:  # "recharge fail ho gaya par paise kat gaye, fraud hai kya?": no
            # crime and no report; the bank's or app's reversal (the used sets label it unknown: no topic answers it yet)
            intent, question, loss_read, clarify = "unknown", False, False, ()
        elif (read.mistaken or read.child_game) and not read.urgent:  # "I sent 5000 to the wrong UPI id by mistake",
            # "my son bought UC in a game with my card": no crime, the dispute or refund path
            intent, question, loss_read, clarify = "safety_advice", True, False, ()
            first = MISTAKEN_TOPIC if read.mistaken else CHILD_GAME_TOPIC
            topics = ((first, 100), *((t, p) for t, p in topics if t != first))[:len(topics) or 1]
        elif read.asks_back and not read.urgent:
            intent, question, loss_read, clarify, offer = "safety_advice", True, False, (), "financial_fraud"
            topics = ((MONEY_BACK_TOPIC, 100), *((t, p) for t, p in topics if t != MONEY_BACK_TOPIC))[:len(topics) or 1]
        if not self.knows_a_word(norm) and not (urgent or read.loss or read.threat or self._identifiers(norm, found)
                                                or found.get("amount")):
            intent, question, clarify, loss_read = "unknown", False, (), False  # "blorp blorp": no word any pack knows,
            # no guess: "I did not understand", and the menu
        return Classification(
            intent=intent,
            score=int(round(probability * 100)),
            urgent=urgent,
            language=language_of(text, self.languages, self.packs),
            entities=found,
            topics=topics,
            subject_topics=self.subjects.sharing(text, (topic for topic, _ in topics)) if self.subjects else (),
            clarify=clarify,
            question=question,
            loss_read=loss_read,
            offer=offer if intent == "safety_advice" else "",
            happened=self.tells_harm(norm, ahead),
        )

    @staticmethod
    def tells_harm(norm: str, ahead: str | None) -> bool:
        """The writer tells of a harm done to them ("my ex is stalking me", "kisi ne meri photo morph kar di": class
        harm_done), not in a what-if, a question in general, a friend's trouble or a harm only feared."""
        if ahead in ("happened", "someone_else") or _said(HYPOTHETICAL, norm) or _said(GENERAL, norm):
            return False
        return _said(HARM_DONE, norm)
