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


def _worker_env(tmp_path) -> dict[str, str]:
    """A worker's environment on a data directory of its own: WhatsApp on (signed with these test credentials),
    Telegram off."""
    config = tmp_path / "config.yaml"
    config.write_text(re.sub(r'(?m)^data_dir: .*$', f'data_dir: "{tmp_path / "data"}"',
                             (ROOT / "config.yaml").read_text(encoding="utf-8")), encoding="utf-8")
    return {**{k: v for k, v in os.environ.items()
               if not k.startswith(("DATABASE_URL", "CYBER_SAHAYAK", "TELEGRAM_", "TWILIO_", "PUBLIC_BASE_URL"))},
            "CYBER_SAHAYAK_CONFIG": str(config), "SECRET_KEY": "w0rkerMem-Lq8Zr2Wm5Tx9Vc4Nh7Pd1Fs6Gj0",
            "PYTHONPATH": str(ROOT), "TWILIO_ACCOUNT_SID": "AC" + "0" * 31 + "7",
            "TWILIO_AUTH_TOKEN": "w0rker-auth-token-0123456789abcdef", "TWILIO_WHATSAPP_FROM": "whatsapp:+14155238886",
            "TWILIO_API_BASE_URL": "http://127.0.0.1:9", "PUBLIC_BASE_URL": "http://127.0.0.1:8999"}


def test_the_head_read_from_the_migration_files_is_alembics():
    from alembic.script import ScriptDirectory

    assert head_revision() == ScriptDirectory.from_config(alembic_config()).get_current_head()


def test_a_started_web_worker_holds_no_pdf_or_migration_code(tmp_path):
    """A worker's first start migrates (Alembic); a worker started on a schema already at head imports none of it,
    the officers' freeze PDF loads fpdf2 only when one is drawn, and python-telegram-bot (with httpx) loads only
    where the Telegram channel is on (here it is off). Run as gunicorn runs a worker: a fresh
    process importing webhook:app."""
    env = _worker_env(tmp_path)
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


def test_a_settled_worker_has_frozen_what_it_loaded_and_given_back_the_freed_heap():
    """gunicorn.conf.py's post_worker_init (bot/worker_memory.py): what the app loaded leaves the collector's
    generations, and on glibc (this machine, the python:3.11-slim image) the freed heap goes back to the system and
the request threads started after it make no malloc arena of their own.
    In a process of its own: a frozen pytest would keep every test's garbage."""
    probe = ("import gc, json\nfrom bot import worker_memory\nkept = [object() for _ in range(1000)]\n"
             "worker_memory.settle()\n"
             "print(json.dumps([gc.get_freeze_count(), worker_memory._malloc_trim(), worker_memory._one_arena()]))")
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr[-3000:]
    frozen, trimmed, one_arena = json.loads(done.stdout.strip().splitlines()[-1])
    assert frozen >= 1000 and trimmed is True and one_arena is True


def test_a_worker_started_as_deployed_without_docstrings_answers_residents_and_officers(tmp_path):
    """The Dockerfile, compose.yaml and the systemd unit start gunicorn as ``python -OO`` (no docstrings kept: ~5 MB a
    worker, bench/README.md). Nothing a worker runs may need one: under -OO, a signed WhatsApp message (an urgent
    report in romanised Hindi, a safety question) is answered in TwiML and the officers' log-in page is served."""
    env = _worker_env(tmp_path)
    subprocess.run([sys.executable, "-m", "bot", "db", "upgrade"], cwd=ROOT, env=env, check=True,
                   capture_output=True, timeout=300)
    probe = r'''
import json, sys
from twilio.request_validator import RequestValidator
import webhook
assert webhook.__doc__ is None and sys.flags.optimize == 2  # as deployed: no docstrings kept
client, out = webhook.app.test_client(), []
url = "http://127.0.0.1:8999/webhooks/whatsapp"
validator = RequestValidator("w0rker-auth-token-0123456789abcdef")
for n, text in enumerate(["mere account se abhi 15000 kat gaye", "how do I keep my OTP safe?"]):
    form = {"MessageSid": f"SM{n:032d}", "AccountSid": "AC" + "0" * 31 + "7", "From": "whatsapp:+919800055555",
            "To": "whatsapp:+14155238886", "Body": text, "NumMedia": "0"}
    answer = client.post("/webhooks/whatsapp", data=form, base_url="http://127.0.0.1:8999",
                         headers={"X-Twilio-Signature": validator.compute_signature(url, form)})
    out.append([answer.status_code, answer.get_data(as_text=True)])
login = client.get("/console/login", base_url="http://127.0.0.1:8999")
out.append([login.status_code, login.get_data(as_text=True)])
print(json.dumps(out))
'''
    done = subprocess.run([sys.executable, "-OO", "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    (urgent, urgent_twiml), (safety, safety_twiml), (login, page) = json.loads(done.stdout.strip().splitlines()[-1])
    assert urgent == safety == login == 200, (urgent, safety, login)
    assert "1930" in urgent_twiml and "<Message>" in safety_twiml and "<form" in page


def test_a_forked_child_never_uses_a_connection_its_parent_opened(tmp_path):
    """gunicorn.conf.py builds the app in the master and forks the workers from it (``build_app_in_master``, issue 17): a
    child starts with an empty pool for every engine make_engine made, opens its own connection, and the parent's
    stays the parent's (open, usable after the child has written and gone)."""
    settings = {}
    exec((ROOT / "gunicorn.conf.py").read_text(encoding="utf-8"), settings)
    assert settings["build_app_in_master"] is True and not settings.get("preload_app")  # built in when_ready

    from sqlalchemy import text

    engine = make_engine(f"sqlite:///{tmp_path / 'fork.db'}")
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE t (x INTEGER)"))
        parents = conn.connection.dbapi_connection
    assert engine.pool.checkedin() == 1
    pid = os.fork()
    if pid == 0:  # the child: no pooled connection inherited; its own works
        code = 1
        try:
            if engine.pool.checkedin() == 0:
                with engine.begin() as conn:
                    conn.execute(text("INSERT INTO t VALUES (1)"))
                    code = 0 if conn.connection.dbapi_connection is not parents else 2
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    with engine.connect() as conn:  # the parent's own connection, untouched by the child
        assert conn.connection.dbapi_connection is parents
        assert conn.execute(text("SELECT count(*) FROM t")).scalar() == 1
    engine.dispose()
