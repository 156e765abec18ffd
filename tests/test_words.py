"""Word lists in language packs: merged across languages, and a broken file is named with its line."""
import pytest

from bot.content.datafile import DataError
from bot.nlu import words


def test_lists_merge_across_language_packs(tmp_path):
    (tmp_path / "en" / "words").mkdir(parents=True)
    (tmp_path / "hi" / "words").mkdir(parents=True)
    (tmp_path / "en" / "words" / "demo.yaml").write_text("loss: [gone, lost]\n", encoding="utf-8")
    (tmp_path / "hi" / "words" / "demo.yaml").write_text("loss: [kat gaye, कट गए, lost]\n", encoding="utf-8")
    merged = words.load("demo", tmp_path)
    assert merged["loss"] == ("gone", "lost", "kat gaye", "कट गए")
    assert words.by_language("demo", tmp_path)["hi"]["loss"] == ("kat gaye", "कट गए", "lost")


def test_a_broken_word_file_names_file_and_line(tmp_path):
    (tmp_path / "en" / "words").mkdir(parents=True)
    (tmp_path / "en" / "words" / "broken.yaml").write_text("loss:\n  - gone\nnow: 5\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"broken\.yaml:3"):
        words.load("broken", tmp_path)


def test_a_star_lets_a_word_go_on_and_a_bare_word_stays_whole():
    import re
    pattern = re.compile(words.any_of(["loot*", "*transfer*", "kat", "कट गए"]))
    assert pattern.search("paise looted by them") and pattern.search("autotransfers done")
    assert pattern.search("15000 kat") and pattern.search("पैसे कट गए")
    assert not pattern.search("katna hai") and not pattern.search("alloot")


def test_both_kinds_of_text_read_one_phrase_syntax():
    """One compiler (words.phrase_pieces) reads a pack's phrases for the classifier's text and the triage's plain words:
    "..." allows up to three words between, and a * lets a word go on or begin earlier, in either."""
    import re
    text = re.compile(words.any_of(["paise ... kat gaye", "*transfer*"]))
    assert text.search("paise mere account se kat gaye") and not text.search("paise ek do teen char kat gaye")
    assert text.search("autotransfers done")
    plain = re.compile("".join(words.phrase_pieces("paise ... *kat*", plain=True)))
    assert plain.search("paise account se nikat gaye") and not plain.search("paise ek do teen char kat gaye")
    assert words.first_word("*kat gaye") is None and words.first_word("kat* gaye") == ("kat", True)


@pytest.mark.parametrize("phrase", ["ka*t gaye", "..."])
def test_a_phrase_the_compiler_cannot_read_stops_start_up_naming_file_and_line(tmp_path, phrase):
    (tmp_path / "hi" / "words").mkdir(parents=True)
    (tmp_path / "hi" / "words" / "bad.yaml").write_text(f'loss:\n  - kat gaye\n  - "{phrase}"\n', encoding="utf-8")
    with pytest.raises(DataError, match=r"bad\.yaml:3"):
        words.load("bad", tmp_path)


def test_a_yes_or_no_word_left_unquoted_is_named_with_its_line(tmp_path):
    """YAML reads a bare no/on as true or false: the word file stops start-up rather than losing the word."""
    (tmp_path / "en" / "words").mkdir(parents=True)
    (tmp_path / "en" / "words" / "labels.yaml").write_text("number_filler: [number,\n  no]\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"labels\.yaml:2"):
        words.load("labels", tmp_path)


def test_the_words_the_understanding_reads_are_in_the_packs_not_in_code():
    """No string in bot/nlu's code holds Devanagari, Bengali or Urdu words (docstrings aside): the rules of
    classify.py and the extractors read their words from lang/<code>/words/ (issue 13)."""
    import ast
    import re
    from pathlib import Path
    nlu = Path(words.__file__).parent
    for path in sorted(nlu.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.Expr)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
                assert not re.search("[\u0900-\u0963\u0980-\u09ff\u0620-\u064a\u0679-\u06d3]{2,}", node.value), \
                    f"{path.name}:{node.lineno}: {node.value[:60]!r}"


def test_a_factored_alternation_finds_the_same_phrase_at_the_same_place():
    """words.factored writes common beginnings once (the triage's 1,000-phrase classes are searched in a fraction of
    the time); what it finds must stay what the plain alternation finds: the same places and, where two phrases
    could match at one place, the one listed first ("paise gaye" before "paise", a phrase that may go on, "kat*",
    kept ahead of the phrases after it)."""
    import re
    phrases = ["paise gaye the", "paise gaye", "kat*", "paise", "paisa kata", "pa", "kat gaye", "kata", "gaye",
               "पैसे कट गए", "पैसे"]
    alternatives = [[c if c == "*" else re.escape(c) for c in p.rstrip("*")] + ([r"\w*"] if p.endswith("*") else [])
                    for p in phrases]
    plain = re.compile("|".join("".join(a) for a in alternatives))
    factored = re.compile(words.factored(alternatives))
    assert len(factored.pattern) < len(plain.pattern)
    for text in ["mere paise gaye the kal", "paise gaye", "kata paisa kata", "katna hai pa", "पैसे कट गए थे", "पैसे",
                 "kat gaye 5000", "pa paise"]:
        assert [(m.span(), m.group()) for m in factored.finditer(text)] == \
            [(m.span(), m.group()) for m in plain.finditer(text)], text
    # any_of's factored form is the same alternation as its plain one, phrase for phrase
    listed = ["paise gaye", "paise kat*", "*transfer*", "loot*", "पैसे गए", "pais"]
    for text in ["paise kate gaye", "autotransfers", "looted paise gaye", "पैसे गए", "paisa"]:
        assert [m.span() for m in re.finditer(words.any_of(listed, factor=True), text)] == \
            [m.span() for m in re.finditer(words.any_of(listed), text)], text


def test_a_factored_alternation_under_ignorecase_finds_the_same_phrase_at_the_same_place():
    """The time parser's and the amounts' patterns are compiled with IGNORECASE and factored too (``alternation(...,
    factor=True)``): letters that match one text letter regardless of case ("K" and "k", "ı" and "i") begin one group
    or none, so a phrase is never moved ahead of another that could match at the same place ("Kal raat" listed
    before "kal", "ıs" before "is")."""
    import re
    from bot.nlu.entities.text import alternation
    phrases = ["Kal raat", "kal subah", "kaal", "kal", "ısha", "isha", "is", "ſo", "so", "subah", "कल रात", "कल", "don't"]
    for apostrophes in (False, True):
        plain = re.compile(f"(?:{alternation(phrases, apostrophes=apostrophes)})", re.IGNORECASE)
        factored = re.compile(f"(?:{alternation(phrases, factor=True, apostrophes=apostrophes)})", re.IGNORECASE)
        for text in ["KAL RAAT 9 baje", "kal subah", "Kaal", "kal raat ko", "ISHA is so", "ısha", "ſo so", "कल रात",
                     "कल", "Don't", "dont", "don’t know"]:
            assert [(m.span(), m.group()) for m in factored.finditer(text)] == \
                [(m.span(), m.group()) for m in plain.finditer(text)], text


def test_without_res_private_case_tables_amounts_and_times_read_the_same():
    """The IGNORECASE factoring leans on CPython's private ``re._casefix`` and ``_sre.unicode_tolower``; a Python
    without them gets the plain alternations (``words._IGNORECASE`` None) and must read every amount and time as
    before. Forced here in a fresh interpreter where ``re._casefix`` cannot be imported, against this one."""
    import json
    import subprocess
    import sys
    from datetime import datetime, timezone
    from pathlib import Path

    import yaml

    from bot.nlu.entities import reading

    root = Path(__file__).resolve().parent.parent
    texts = [item["text"] for item in yaml.safe_load((root / "tests/data/labelled_messages.yaml").read_text("utf-8"))]
    texts += ["KAL RAAT 9 baje 15000 gaye", "Kal subah saade teen baje", "paune do lakh kat gaye", "ısha 2 ghante pehle",
              "two hours ago Rs 5,000", "Parso shaam 5 baje", "last MONDAY", "परसों शाम ५ बजे", "গতকাল রাতে ১০টায়",
              "کل رات 9 بجے", "DON'T know, 10 mins back", "ſo yesterday at 10:30 pm"]
    now = datetime(2026, 11, 27, 17, 45, tzinfo=timezone.utc)
    script = (
        "import json, sys\n"
        "sys.modules['re._casefix'] = None  # as on a Python whose re has no such module\n"
        "from datetime import datetime, timezone\n"
        "from bot.nlu import words\n"
        "from bot.nlu.entities import reading\n"
        "assert words._IGNORECASE is None\n"
        "now = datetime(2026, 11, 27, 17, 45, tzinfo=timezone.utc)\n"
        "print(json.dumps([repr(reading.read(t, now)) for t in json.load(sys.stdin)]))\n")
    done = subprocess.run([sys.executable, "-c", script], input=json.dumps(texts), capture_output=True, text=True,
                          cwd=root, check=True, encoding="utf-8")
    assert words._IGNORECASE is not None  # this interpreter: factored
    unfactored = json.loads(done.stdout.strip().splitlines()[-1])
    assert unfactored == [repr(reading.read(t, now)) for t in texts]
