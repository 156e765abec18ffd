"""Word lists in language packs: merged across languages, and a broken file is named with its line."""
import pytest

from bot.datafile import DataError
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
