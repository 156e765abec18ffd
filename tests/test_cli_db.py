"""Every command opens its database the same way (bot/cli/db.py): --db, else DATABASE_URL, else the SQLite file."""
from __future__ import annotations

import argparse
from pathlib import Path

from sqlalchemy import inspect

from bot.cli import db as cli_db
from bot.__main__ import build_parser, main
from bot.config import load_config

ROOT = Path(__file__).resolve().parent.parent


def _commands(parser: argparse.ArgumentParser, path=()):
    """(command words, parser) of every command a user can run."""
    subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subs:
        yield path, parser
    for sub in subs:
        for name, child in sub.choices.items():
            yield from _commands(child, path + (name,))


def test_every_command_that_takes_a_database_describes_db_alike():
    with_db = {}
    for words, parser in _commands(build_parser()):
        options = {o: a for a in parser._actions for o in a.option_strings}
        if "--db" in options:
            with_db[" ".join(words)] = options["--db"].help
    assert {"chat", "cases", "db upgrade", "scheduler", "outbox", "numbers import", "officers add",
            "households import", "doctor", "backup", "restore", "legal-hold", "retention"} <= set(with_db)
    assert set(with_db.values()) == {cli_db.DB_HELP}


def test_db_option_then_database_url_then_the_embedded_file(monkeypatch):
    config = load_config()
    given = argparse.Namespace(db="sqlite:////tmp/given.sqlite3")
    monkeypatch.setenv("DATABASE_URL", "postgres://u@db.example/helpline")
    assert cli_db.database_url(given, config) == "sqlite:////tmp/given.sqlite3"
    assert cli_db.database_url(argparse.Namespace(db=None), config) == "postgresql+psycopg://u@db.example/helpline"
    monkeypatch.delenv("DATABASE_URL")
    assert cli_db.database_url(argparse.Namespace(), config) == f"sqlite:///{config.data_path / 'helpline.sqlite3'}"
    # The running app reads the same environment the same way.
    assert config.database_url({"DATABASE_URL": "postgresql://u@h/d"}) == "postgresql+psycopg://u@h/d"


def test_db_upgrade_and_a_command_on_the_same_database(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    assert main(["db", "upgrade", "--db", url]) == 0
    assert "latest schema" in capsys.readouterr().out
    opened = cli_db.open_db(argparse.Namespace(db=url), migrate=False)
    try:
        assert inspect(opened.engine).has_table("officers")
    finally:
        opened.close()
    assert main(["officers", "list", "--db", url]) == 0
