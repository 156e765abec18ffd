"""/healthz notices a SQLite file moved or deleted under the running app (session 7: an attacker's trial moved the
file away and /healthz kept answering 200, since the pooled connection still read the old file)."""
from __future__ import annotations

import dataclasses
import os
import shutil

import pytest

from bot.conversation.engine import Engine
from bot.store.db import make_engine, make_sessionmaker
from fakes import env


@pytest.fixture
def running(resources, tmp_path, sqlite_template):
    """An app on its own SQLite file (a copy of the migrated template), as `python webhook.py` runs it."""
    from webhook import create_app

    path = tmp_path / "helpline.sqlite3"
    shutil.copy(sqlite_template, path)
    config = resources.config.model_copy(update={"data_dir": str(tmp_path / "data")})
    db = make_engine(f"sqlite:///{path}")
    app = create_app(Engine(dataclasses.replace(resources, config=config), make_sessionmaker(db)), environ=env())
    yield app, path, db
    app.extensions["cyber_sahayak"].close()
    db.dispose()


def health(app):
    response = app.test_client().get("/healthz")
    response.close()
    return response


def sides(path):
    return [path.with_name(path.name + tail) for tail in ("-wal", "-shm")]


def test_a_sqlite_file_moved_away_is_a_503_with_retry_after_until_it_is_back(running):
    app, path, _db = running
    assert health(app).status_code == 200
    moved = path.with_name("moved.sqlite3")
    os.rename(path, moved)
    answer = health(app)
    assert answer.status_code == 503 and int(answer.headers["Retry-After"]) > 0
    assert answer.json["ok"] is False and answer.json["database"] is False
    assert "gone" in answer.json["problem"] and str(path) not in answer.get_data(as_text=True)
    os.rename(moved, path)
    assert health(app).status_code == 200


def test_a_sqlite_file_deleted_is_a_503_and_so_is_the_empty_file_sqlite_makes_in_its_place(running):
    app, path, db = running
    assert health(app).status_code == 200
    for name in (path, *sides(path)):
        name.unlink(missing_ok=True)
    answer = health(app)
    assert answer.status_code == 503 and "Retry-After" in answer.headers
    db.dispose()  # a fresh connection: SQLite creates an empty file at the path, which answers SELECT 1
    answer = health(app)
    assert answer.status_code == 503 and answer.json["database"] is False
    assert path.exists()  # the empty file is there, and is not the helpline's database


def test_a_sqlite_file_replaced_by_another_is_a_503(running, sqlite_template):
    app, path, _db = running
    assert health(app).status_code == 200
    os.rename(path, path.with_name("old.sqlite3"))
    shutil.copy(sqlite_template, path)  # another database now sits at the path
    answer = health(app)
    assert answer.status_code == 503 and "not the one" in answer.json["problem"]
