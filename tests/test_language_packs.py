"""A language is a folder (issue 13): a throwaway pack in a temporary copy of the project starts and talks
with no code change; a pack missing wording stops start-up naming the file and line; drafts are told."""
from __future__ import annotations

import logging
import re
import shutil
from pathlib import Path

import pytest
import yaml

from bot.config import load_config
from bot.content.datafile import DataError
from bot.store.db import make_engine, make_sessionmaker, upgrade
from bot.conversation.engine import Engine, load_resources
from bot.content.packs import Packs
from conftest import Resident

ROOT = Path(__file__).resolve().parent.parent
DATA = ("flows", "knowledge", "intents", "lang", "texts")


def project_copy(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    for name in DATA:
        shutil.copytree(ROOT / name, root / name)
    config = yaml.safe_load((ROOT / "config.yaml").read_text(encoding="utf-8"))
    if (ROOT / str(config.get("jurisdictions_file") or "-")).is_file():
        shutil.copy(ROOT / config["jurisdictions_file"], root / config["jurisdictions_file"])
    return root


def add_xx(root: Path) -> None:
    """lang/xx: a copy of English with its own words; offered third in the language menu."""
    shutil.copytree(root / "lang" / "en", root / "lang" / "xx")
    (root / "lang" / "xx" / "pack.yaml").write_text(
        "code: xx\nname: Xish\nscripts: [Latin]\ndirection: ltr\nreviewed_by: []\nstatus: draft\n", encoding="utf-8")
    for path in (root / "lang" / "xx").rglob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        text = (text.replace("Language set to English.", "Xish it is.")
                .replace("How can I help you? Reply with a number:", "Xo! Which number?")
                .replace("When did the money leave your account?", "Xwhen did the money go?")
                .replace("If your SIM suddenly loses network", "Xif your SIM loses network"))
        path.write_text(text, encoding="utf-8")
    path = root / "lang" / "xx" / "words" / "commands.yaml"  # its own names: "english" is the English pack's
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("language_names: [english]", "language_names: [xish]")
                    .replace("language_answers: [eng]", "language_answers: [xi]"), encoding="utf-8")
    offer(root, ["en", "hi", "xx"])


def offer(root: Path, languages: list[str]) -> None:
    """config.yaml offering ``languages``; the unit's own texts (helpline name, canned replies) of a language with
    no shipped pack are English's, marked with an X."""
    config = yaml.safe_load((ROOT / "config.yaml").read_text(encoding="utf-8"))
    config["languages"] = languages
    new = [code for code in languages if not (ROOT / "lang" / code).is_dir()]

    def with_new(value):
        if isinstance(value, dict):
            value = {key: with_new(item) for key, item in value.items()}
            if "en" in value and "hi" in value and isinstance(value["en"], str):
                value.update({code: "X" + value["en"] for code in new})
            return value
        if isinstance(value, list):
            return [with_new(item) for item in value]
        return value

    (root / "config.yaml").write_text(yaml.safe_dump(with_new(config), allow_unicode=True), encoding="utf-8")


def engine_for(root: Path, tmp_path: Path) -> Engine:
    config = load_config(root / "config.yaml")
    config = config.model_copy(update={"data_dir": str(tmp_path / "data")})
    resources = load_resources(config, root=root)
    db = make_engine(f"sqlite:///{tmp_path / 'helpline.sqlite3'}")
    upgrade(db)
    return Engine(resources, make_sessionmaker(db))


def test_a_new_pack_in_a_copy_starts_and_talks_without_code(tmp_path, caplog):
    root = project_copy(tmp_path)
    add_xx(root)
    with caplog.at_level(logging.WARNING, logger="bot.content.packs"):
        engine = engine_for(root, tmp_path)
    assert any("xx (Xish) is a draft" in record.getMessage() for record in caplog.records)
    resident = Resident(engine, channel="local", sender="xx-resident", phone=None)
    out = resident.send("hello")
    assert "reply 1 for English, 2 for हिंदी, 3 for Xish" in out.texts[-1]
    assert out.replies[-1].choices == ["1. English", "2. हिंदी", "3. Xish"]
    out = resident.send("3")
    assert out.language == "xx"
    assert out.texts[0] == "Xish it is." and out.texts[1].startswith("Xo! Which number?")
    out = resident.send("1")
    assert out.flow == "financial_fraud" and "Xwhen did the money go?" in out.texts[-1]
    out = resident.send("menu")
    assert out.texts[-1].startswith("Xo! Which number?")
    out = resident.send("what is sim swap")
    assert "Xif your SIM loses network" in "\n".join(out.texts)
    resident.send("language")
    out = resident.send("english")  # a pack's name switches at once
    assert out.language == "en" and out.texts[0] == "Language set to English."
    engine.Session.kw["bind"].dispose()


def test_a_pack_missing_wording_names_file_and_line(tmp_path):
    root = project_copy(tmp_path)
    add_xx(root)
    ui = root / "lang" / "xx" / "texts" / "ui.yaml"
    ui.write_text("\n".join(line for line in ui.read_text(encoding="utf-8").splitlines()
                            if not line.startswith("privacy:")) + "\n", encoding="utf-8")
    flow = root / "lang" / "xx" / "flows" / "lost_phone.yaml"
    flow.write_text("\n".join(line for line in flow.read_text(encoding="utf-8").splitlines()
                              if not line.startswith("stolen.ask:")) + "\n", encoding="utf-8")
    (root / "lang" / "xx" / "knowledge" / "sim_swap.yaml").unlink()
    english_line = next(number for number, line in enumerate(
        (root / "lang" / "en" / "texts" / "ui.yaml").read_text(encoding="utf-8").splitlines(), 1)
        if line.startswith("privacy:"))
    packs = Packs.load(root / "lang")
    from bot.content.texts import Texts
    with pytest.raises(DataError) as texts_error:
        Texts.load(root / "texts", ["en", "hi", "xx"], lambda language: {}, packs)
    assert f"lang/xx/texts/ui.yaml: missing 'privacy' (asked for at {root}/lang/en/texts/ui.yaml:{english_line})" \
        in str(texts_error.value)
    from bot.content.flows import load_flows
    with pytest.raises(DataError) as flow_error:
        load_flows(root / "flows", ["en"], packs)
    assert "lang/xx/flows/lost_phone.yaml: missing 'stolen.ask' (asked for at" in str(flow_error.value)
    assert "flows/lost_phone.yaml:" in str(flow_error.value).split("asked for at", 1)[1]
    from bot.content.knowledge import Knowledge
    with pytest.raises(DataError) as topic_error:
        Knowledge.load(root / "knowledge", ["en"], [], packs)
    assert "lang/xx/knowledge/sim_swap.yaml: missing 'answer'" in str(topic_error.value)


def test_config_offers_only_languages_with_a_pack(tmp_path):
    root = project_copy(tmp_path)
    config = load_config(ROOT / "config.yaml").model_copy(update={"languages": ["en", "zz"]})
    with pytest.raises(DataError, match="languages zz have no pack"):
        load_resources(config, root=root)


def test_a_new_language_missing_from_config_texts_is_named_everywhere_in_one_start_up(tmp_path):
    """config.yaml offering a language whose unit texts (helpline_name, unit_name, canned replies) are not written
    yet: one start-up names every place, each with its line."""
    text = (ROOT / "config.yaml").read_text(encoding="utf-8")
    lines = text.splitlines()
    path = tmp_path / "config.yaml"
    path.write_text(re.sub(r"(?m)^languages: .*$", "languages: [en, hi, xx]", text), encoding="utf-8")
    with pytest.raises(DataError) as error:
        load_config(path)
    message = str(error.value)
    wanted = [(key, next(number for number, line in enumerate(lines, 1) if line.startswith(key + ":")))
              for key in ("helpline_name", "unit_name")]
    for key, number in wanted:
        assert f"{path}:{number}: {key}: " in message and "missing text for language(s): xx" in message
    canned = len(load_config(ROOT / "config.yaml").console.canned_replies)
    assert message.count("console.canned_replies.") == canned >= 1
    assert message.count("\n") == canned + len(wanted) - 1  # one line a place


def test_an_offered_pack_without_a_words_file_stops_start_up_and_one_not_offered_is_warned(tmp_path, caplog):
    root = project_copy(tmp_path)
    add_xx(root)
    (root / "lang" / "xx" / "words" / "triage.yaml").unlink()
    with pytest.raises(DataError) as error:
        engine_for(root, tmp_path)
    assert f"{root}/lang/xx/words/triage.yaml" in str(error.value)
    config = yaml.safe_load((root / "config.yaml").read_text(encoding="utf-8"))
    config["languages"] = ["en", "hi"]  # xx no longer offered: it only answers its own script
    (root / "config.yaml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="bot.content.packs"):
        engine = engine_for(root, tmp_path)
    assert any("language pack xx has no" in record.getMessage() and "words/triage.yaml" in record.getMessage()
               for record in caplog.records)
    engine.Session.kw["bind"].dispose()


# A code no real pack will have (ISO 639-2 keeps qaa-qtz for local use): a real lang/mr, README's own example of a
# new language, must not break the copy (it did, with FileExistsError)
COPY = "qmr"


def add_marathi_copy(root: Path, names: list[str] | None = None) -> None:
    """lang/qmr: a "Marathi" pack, written in Devanagari like Hindi (a copy of the Hindi pack is enough here);
    ``names``: its commands.yaml language_names (else the copied Hindi ones)."""
    shutil.copytree(root / "lang" / "hi", root / "lang" / COPY)
    (root / "lang" / COPY / "pack.yaml").write_text(
        f"code: {COPY}\nname: मराठी\nscripts: [Devanagari, Latin]\ndirection: ltr\nreviewed_by: []\n"
        "status: draft\n", encoding="utf-8")
    if names is not None:
        path = root / "lang" / COPY / "words" / "commands.yaml"
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"(?m)^language_names: .*$", f"language_names: [{', '.join(names)}]", text)
        path.write_text(text, encoding="utf-8")


def test_two_packs_in_one_script_the_offered_one_wins_and_start_up_says_so(tmp_path, caplog):
    root = project_copy(tmp_path)
    add_marathi_copy(root, names=["marathi", "मराठी"])
    shutil.copy(ROOT / "config.yaml", root / "config.yaml")
    assert Packs.load(root / "lang", offered=["en", "hi"]).by_script("माझ्या खात्यातून पैसे गेले") == "hi"
    assert Packs.load(root / "lang", offered=["en", COPY]).by_script("माझ्या खात्यातून पैसे गेले") == COPY
    assert Packs.load(root / "lang", offered=["en", COPY, "hi"]).by_script("पैसे") == COPY  # config's order
    with caplog.at_level(logging.WARNING, logger="bot.content.packs"):
        engine = engine_for(root, tmp_path)  # config.yaml offers en, hi
    assert any(record.getMessage().startswith(f"language packs hi, {COPY} share the Devanagari script: a message "
                                              "written in it is answered in hi") for record in caplog.records)
    out = Resident(engine, channel="local", sender="devanagari", phone=None).send("मेरे खाते से पैसे कट गए")
    assert out.language == "hi"
    engine.Session.kw["bind"].dispose()


def test_a_language_name_two_offered_packs_claim_stops_start_up_naming_both_places(tmp_path, caplog):
    """A copied pack kept Hindi's language names: "हिंदी" picked it, silently (the last pack read won)."""
    root = project_copy(tmp_path)
    add_marathi_copy(root)  # still claims hindi, हिंदी, हिन्दी; and its menu name मराठी is none of them
    offer(root, ["en", "hi", COPY])
    with pytest.raises(DataError) as error:
        load_resources(load_config(root / "config.yaml"), root=root)
    hindi_line = next(number for number, line in enumerate(
        (root / "lang" / "hi" / "words" / "commands.yaml").read_text(encoding="utf-8").splitlines(), 1)
        if line.startswith("language_names:"))
    message = str(error.value)
    assert (f"{root}/lang/{COPY}/words/commands.yaml:{hindi_line}: 'हिंदी' names two offered languages: "
            f"hi ({root}/lang/hi/words/commands.yaml:{hindi_line}), {COPY} ") in message
    assert (f"{root}/lang/{COPY}/pack.yaml:2: the menu shows 'मराठी', but {root}/lang/{COPY}/words/commands.yaml "
            f"language_names lacks it") in message
    offer(root, ["en", "hi"])  # the copy not offered: Hindi keeps its names, and start-up says so
    with caplog.at_level(logging.WARNING, logger="bot.nlu.commands"):
        load_resources(load_config(root / "config.yaml"), root=root)
    warned = [record.getMessage() for record in caplog.records]
    assert any(line.startswith(f"language name 'हिंदी' is claimed by hi ({root}/lang/hi/words/commands.yaml:"
                               f"{hindi_line}), {COPY} (") and line.endswith("it picks hi (offered packs first, "
                               "in config.yaml languages' order)") for line in warned)
    assert any(f"{root}/lang/{COPY}/pack.yaml:2: the menu shows 'मराठी'" in line for line in warned)


def test_a_reviewed_pack_with_no_reviewer_names_the_reviewed_by_line(tmp_path):
    path = tmp_path / "lang" / "en" / "pack.yaml"
    path.parent.mkdir(parents=True)
    path.write_text("# English\ncode: en\nname: English\nscripts: [Latin]\nreviewed_by: []   # none yet\n"
                    "status: reviewed\n", encoding="utf-8")
    with pytest.raises(DataError) as error:
        Packs.load(tmp_path / "lang")
    assert str(error.value) == (f"{path}:5: reviewed_by: status: reviewed needs reviewed_by (the native speakers "
                                "who reviewed it)")


def test_every_shipped_packs_menu_name_typed_back_picks_it():
    from bot.nlu import commands
    for code, info in Packs.load().infos.items():
        assert commands.language_named(info.name) == code
        assert commands.language_named(info.name, answering=True) == code


def test_a_message_in_a_packs_script_picks_it():
    packs = Packs.load()
    assert packs.by_script("मेरे खाते से पैसे कट गए") == "hi"
    assert packs.by_script("mere account se paise kat gaye 5000") is None
    assert packs.infos["hi"].draft and not packs.infos["en"].draft


def test_the_console_shows_a_draft_pack_offered_to_residents(sqlite_engine):
    from flask import Flask

    from bot import console
    from bot.cases import officers
    from conftest import NOW
    from test_console import PASSWORD, login

    app = Flask(__name__)
    app.secret_key = "test-secret-key-" + "x" * 16
    console.init_app(app, sqlite_engine, clock=lambda: NOW)
    with sqlite_engine.Session.begin() as s:
        officers.add(s, "meena", "SI Meena", PASSWORD, "supervisor", NOW)
    client = app.test_client()
    login(client)
    page = client.get("/console/").get_data(as_text=True)
    assert 'class="badge draft-language"' in page and "हिंदी: draft" in page
    assert "English: draft" not in page


def test_the_converter_moves_wording_a_merge_brings_back_inline(tmp_path):
    """After a branch with inline wording is merged: python -m bot.cli.tools.to_packs moves it into the packs."""
    from bot.cli.tools import to_packs

    root = project_copy(tmp_path)
    # the other branch's wording is in every shipped pack (a pack without it would stop start-up)
    welcome = {"en": "Welcome back.", "hi": "फिर से स्वागत है।", "bn": "আবার স্বাগতম।", "ur": "دوبارہ خوش آمدید۔"}
    question = {"en": "One question.", "hi": "एक सवाल।", "bn": "একটা প্রশ্ন।", "ur": "ایک سوال۔"}
    codes = Packs.load(root / "lang").codes
    assert set(codes) <= set(welcome), "a new pack: add its wording to this test"
    (root / "texts" / "ui.yaml").write_text(
        "# new texts of another branch\nwelcome_back:\n" + "".join(f"  {c}: \"{welcome[c]}\"\n" for c in codes),
        encoding="utf-8")
    flow = root / "flows" / "lost_phone.yaml"
    say = ", ".join(f"{c}: \"{question[c]}\"" for c in codes)
    flow.write_text(flow.read_text(encoding="utf-8").replace(
        "  stolen:\n", f"  stolen:\n    say: {{{say}}}\n", 1), encoding="utf-8")
    to_packs.main(["--root", str(root)])
    assert not (root / "texts" / "ui.yaml").exists()
    assert "stolen.say" in flow.read_text(encoding="utf-8")
    assert "welcome_back: \"फिर से स्वागत है।\"" in (root / "lang" / "hi" / "texts" / "ui.yaml").read_text(encoding="utf-8")
    packs = Packs.load(root / "lang")
    from bot.content.flows import load_flows
    from bot.content.texts import Texts
    texts = Texts.load(root / "texts", ["en", "hi"], lambda language: {}, packs)
    assert texts.get("welcome_back", "hi") == "फिर से स्वागत है।" and texts.get("help", "en").startswith("I can take a report")
    flows = load_flows(root / "flows", ["en", "hi"], packs)
    assert flows["lost_phone"].nodes["stolen"].say == {c: question[c] for c in codes}
    to_packs.main(["--root", str(root)])  # again: nothing left to move, nothing changed
    assert load_flows(root / "flows", ["en", "hi"], packs)["lost_phone"].nodes["stolen"].say["en"] == "One question."
