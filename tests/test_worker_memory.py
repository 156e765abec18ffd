"""Issue 17, a web worker's memory: what a started worker holds, as structure (never a figure of RSS or time).

bench/README.md has the figures: the model kept as float16 with hashed features (tests/test_linear_model.py), the
keyword matcher built only when an approach asks for it, and no PDF or migration code in a worker whose database is
already at the newest migration."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import datetime, timezone

from bot.nlu.train import ROOT
from bot.store.db import alembic_config, head_revision, make_engine, upgrade

NOW = datetime(2026, 11, 27, 4, 30, tzinfo=timezone.utc)
NEVER_IN_A_WORKER = ("fpdf", "PIL", "fontTools", "alembic", "mako", "telegram", "httpx")  # Telegram: while off


def test_the_head_read_from_the_migration_files_is_alembics():
    from alembic.script import ScriptDirectory

    assert head_revision() == ScriptDirectory.from_config(alembic_config()).get_current_head()


def test_a_started_web_worker_holds_no_pdf_or_migration_code(tmp_path):
    """A worker's first start migrates (Alembic); a worker started on a schema already at head imports none of it,
    the officers' freeze PDF loads fpdf2 only when one is drawn, and python-telegram-bot (with httpx) loads only
    where the Telegram channel is on (here it is off). Run as gunicorn runs a worker: a fresh
    process importing webhook:app."""
    config = tmp_path / "config.yaml"
    config.write_text(re.sub(r'(?m)^data_dir: .*$', f'data_dir: "{tmp_path / "data"}"',
                             (ROOT / "config.yaml").read_text(encoding="utf-8")), encoding="utf-8")
    env = {**{k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "CYBER_SAHAYAK", "TELEGRAM_"))},
           "CYBER_SAHAYAK_CONFIG": str(config), "SECRET_KEY": "w0rkerMem-Lq8Zr2Wm5Tx9Vc4Nh7Pd1Fs6Gj0",
           "PYTHONPATH": str(ROOT)}
    probe = ("import json, sys\nimport webhook\nwebhook.app\n"
             "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))")

    def started() -> set[str]:
        done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True,
                              timeout=300)
        assert done.returncode == 0, done.stderr[-3000:]
        return set(json.loads(done.stdout.strip().splitlines()[-1]))

    first = started()  # a new database: migrated
    assert "alembic" in first
    again = started()
    assert not again & set(NEVER_IN_A_WORKER)


def test_an_older_schema_is_still_migrated(tmp_path):
    """The short cut is only for a schema at head: one revision behind, Alembic runs as before."""
    db = make_engine(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    upgrade(db, "0016")
    upgrade(db)
    with db.connect() as connection:
        from sqlalchemy import inspect, text

        assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == head_revision()
        assert "awaiting" not in {c["name"] for c in inspect(connection).get_columns("conversations")}


def test_the_keyword_matcher_is_built_only_for_an_approach_that_uses_it(resources):
    """The linear approach in use needs only the exact copies of patterns: the keyword matcher (word models,
    postings) stays unbuilt in a worker, and the keywords approach builds it on first use with the same answers."""
    from bot.nlu.intents import IntentMatcher, Patterns

    classifier = resources.classifier
    if isinstance(classifier._patterns, Patterns) and classifier._patterns._matcher is None:
        classifier.classify("mere account se 20000 kat gaye", NOW)
        assert classifier._patterns._matcher is None
    reading = classifier.classify("mere account se 20000 kat gaye", NOW, approach="keywords")
    assert isinstance(classifier.matcher, IntentMatcher) and classifier.matcher is classifier.matcher
    assert reading.intent == "financial_fraud"


def test_a_new_worker_compiles_the_understanding_before_its_first_resident(engine):
    """A maintainer's trial: the first message a new worker handled took about a second (the triage's word classes
    compiled on first use), and it is the first resident who waits. The app compiles them when it is created."""
    from bot.nlu import triage
    from webhook import create_app

    triage._classes.cache_clear()
    create_app(engine, environ={})
    assert triage._classes.cache_info().currsize == 1
