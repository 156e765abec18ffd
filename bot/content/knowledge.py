"""Safety answers as data: knowledge/*.yaml, one topic a file (id, intent, patterns, links); its title,
answer and tip in every language pack (lang/<code>/knowledge/<topic>.yaml, bot/content/packs.py), and for a topic
about a harm done to someone (stalking, morphed photos, blackmail) the comfort said before the answer only to a
resident it happened to ("This is not your fault"), never to one who only asks how to stay safe."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated
from urllib.parse import urlparse

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from . import catalogue
from .datafile import DataError, read_yaml, validate
from .flows import INTENTS
from .i18n import LocalText, pick
from .packs import Packs

MAX_ANSWER = 600
WORDING = ("title", "comfort", "answer", "tip")
OPTIONAL = ("comfort", "tip")  # required in every pack only when English has them


def _short(value: dict[str, str]) -> dict[str, str]:
    for language, text in value.items():
        if len(text) > MAX_ANSWER:
            raise ValueError(f"{language} answer is {len(text)} characters; the limit is {MAX_ANSWER}")
    return value


class Topic(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    intent: str
    title: LocalText
    patterns: list[str] = Field(min_length=8)
    answer: Annotated[LocalText, AfterValidator(_short)]
    links: list[str] = Field(default_factory=list)
    tip: LocalText | None = None
    comfort: LocalText | None = None

    @field_validator("intent")
    @classmethod
    def _known_intent(cls, value: str, info: ValidationInfo) -> str:
        if value not in ((info.context or {}).get("intents") or INTENTS):  # the project's flows (bot/content/catalogue.py)
            raise ValueError(f"unknown intent {value!r}")
        return value

    @field_validator("links")
    @classmethod
    def _allowed_links(cls, value: list[str], info: ValidationInfo) -> list[str]:
        allowed = set((info.context or {}).get("allowed_hosts") or [])
        for link in value:
            parsed = urlparse(link)
            if parsed.scheme != "https":
                raise ValueError(f"link {link!r} is not https")
            if allowed and parsed.hostname not in allowed:
                raise ValueError(f"link {link!r} is not on allowed_link_hosts in config.yaml")
        return value


class Knowledge:
    def __init__(self, topics: dict[str, Topic]):
        self.topics = topics

    @classmethod
    def load(cls, directory: str | Path, languages: list[str] | None, allowed_hosts: list[str],
             packs: Packs | None = None) -> "Knowledge":
        directory = Path(directory)
        packs = packs or Packs.beside(directory)
        packs.check_offered(list(languages or []))
        flows = directory.parent / "flows"
        intents = catalogue.intents(flows) if flows.is_dir() else INTENTS  # a copy's flows may add intents
        topics: dict[str, Topic] = {}
        for path in sorted(directory.glob("*.yaml")):
            doc = read_yaml(path)
            if isinstance(doc.data, dict) and not any(field in doc.data for field in WORDING):
                doc.data = {**doc.data, **packs.wording("knowledge", path.stem, _required(packs, path))}
            topic = validate(Topic, doc, {"languages": packs.codes, "allowed_hosts": allowed_hosts,
                                          "intents": intents})
            if topic.id != path.stem:
                raise doc.error(("id",), f"id {topic.id!r} must equal the file name {path.stem!r}")
            topics[topic.id] = topic
        if not topics:
            raise DataError(f"{directory}: no knowledge topics found")
        return cls(topics)

    def answer(self, topic_id: str, language: str, comfort: bool = False) -> str:
        """The topic's answer and its links; with ``comfort`` (the resident told of something that happened to them)
        its comfort first, when it has one."""
        topic = self.topics[topic_id]
        text = pick(topic.answer, language)
        if comfort and topic.comfort:
            text = pick(topic.comfort, language) + "\n" + text
        links = [link for link in topic.links if link not in text]
        return text + ("\n" + "\n".join(links) if links else "")

    def title(self, topic_id: str, language: str) -> str:
        return pick(self.topics[topic_id].title, language)


def _required(packs: Packs, path: Path) -> dict[str, str]:
    """The wording every pack must have for a topic: title and answer, and a tip or comfort when English has one."""
    english = packs.docs("knowledge", path.stem)[packs.codes[0]]
    data = english.data if english is not None and isinstance(english.data, dict) else {}
    return {field: english.where((field,)) if field in data else str(path)
            for field in WORDING if field not in OPTIONAL or field in data}
