"""The trained intent model: shipped as data, loaded and checked at start-up, predicting the same every time."""
from __future__ import annotations

import shutil
from datetime import datetime, timezone

import numpy as np
import pytest

from bot.content.datafile import DataError
from bot.nlu.classify import INTENT_IDS
from bot.nlu.linear import MODEL_FILE, LinearModel, is_stale
from bot.nlu.train import ROOT

NOW = datetime(2026, 11, 27, 4, 30, tzinfo=timezone.utc)


def test_the_shipped_model_was_trained_on_the_data_as_it_is():
    """Edit intents/ or knowledge/ and forget to retrain: this fails (python -m bot.nlu.train)."""
    assert not is_stale(LinearModel.load(), ROOT)


def test_the_model_knows_every_intent_and_topic(resources):
    model = LinearModel.load()
    assert set(model.intents.labels) == set(INTENT_IDS)
    assert set(model.topics.labels) == set(resources.knowledge.topics)


def test_predictions_are_deterministic_across_loads():
    texts = ["mere account se 20000 kat gaye", "my whatsapp hacked", "मेरा फोन चोरी हो गया", "frod", ""]
    first, second = LinearModel.load(), LinearModel.load()
    for text in texts:
        a, b = first.predict(text), second.predict(text)
        assert a == b and a == first.predict(text)
        assert abs(sum(a[0].values()) - 1.0) < 1e-5 and abs(sum(a[1].values()) - 1.0) < 1e-5


@pytest.mark.parametrize(("text", "intent"), [
    ("acount se paise kat gye", "financial_fraud"),  # typos share letter n-grams with what was learned
    ("मेरा व्हाट्सएप हैक हो गया", "account_hacked"),
    ("mobile chori ho gaya bazar me", "lost_phone"),
    ("digital arest call aaya cbi wala", "impersonation"),
    ("what is the weather today", "unknown"),
])
def test_the_model_reads_messages_it_never_saw(text, intent):
    intents, _topics = LinearModel.load().predict(text)
    assert max(intents, key=intents.get) == intent


def test_a_broken_model_file_stops_start_up_naming_it(tmp_path):
    broken = tmp_path / "model.npz"
    broken.write_bytes(b"not a model")
    with pytest.raises(DataError, match="model.npz"):
        LinearModel.load(broken)


def test_a_model_whose_weights_do_not_fit_its_vocabulary_is_refused(tmp_path):
    with np.load(MODEL_FILE, allow_pickle=False) as data:
        arrays = {name: data[name] for name in data.files}
    arrays["intent_weights"] = arrays["intent_weights"][:10]
    path = tmp_path / "model.npz"
    np.savez(path, **arrays)
    with pytest.raises(DataError, match="do not match the vocabulary"):
        LinearModel.load(path)


def test_stale_training_data_is_noticed(tmp_path):
    for folder in ("intents", "knowledge", "lang"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    model = LinearModel.load()
    assert not is_stale(model, tmp_path)
    with open(tmp_path / "intents" / "training" / "greeting.yaml", "a", encoding="utf-8") as f:
        f.write("  - jai jinendra\n")
    assert is_stale(model, tmp_path)


@pytest.mark.parametrize(("addition", "where"), [
    ("  - {amount} gone to {nowhere}\n", "financial_fraud.yaml:"),  # a template naming an unknown slot
    ("  - 12345\n", "financial_fraud.yaml:"),  # an example that is not text
])
def test_a_broken_training_file_names_file_and_line(tmp_path, addition, where):
    from bot.nlu.train import collect

    for folder in ("intents", "knowledge", "lang"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    path = tmp_path / "intents" / "training" / "financial_fraud.yaml"
    text = path.read_text(encoding="utf-8")
    section = "templates:\n" if "{" in addition else "examples:\n"
    path.write_text(text.replace(section, section + addition, 1), encoding="utf-8")
    with pytest.raises(DataError, match=where.replace(".", r"\.") + r"\d+"):
        collect(tmp_path)


def test_a_worker_keeps_one_compact_copy_of_the_model():
    """Issue 17 (a worker's memory): the weights stay float16 as shipped, the topic head keeps only the rows of
    features it was trained on (a third are all zero there), and the ~130,000 features are hashes in an array, not
    strings in a dict."""
    model = LinearModel.load()
    with np.load(MODEL_FILE, allow_pickle=False) as data:
        features, labels = len(data["vocabulary"]), len(data["intent_labels"]) + len(data["topic_labels"])
        topic_rows = int(data["topic_weights"].any(axis=1).sum())
    assert model.intents.weights.dtype == model.topics.weights.dtype == np.float16
    assert model.topics.weights.shape == (topic_rows + 1, len(model.topics.labels))
    assert model.nbytes <= features * (labels * 2 + 8 + 4) * 0.85  # session 10's whole float16 matrix: 15.1 MB
    assert not hasattr(model, "vocabulary")
