"""The database a `python -m bot` command works on: one ``--db`` option and one way to open it.

    --db URL     a SQLAlchemy URL; without it DATABASE_URL, else the embedded SQLite file under data_dir
                 (Config.database_url)

Every command opens the database through :func:`open_db` (engine and sessions, migrated to the latest
schema unless told not to), :func:`open_engine` (the conversation engine, for chat, cases and the outbox) or
:func:`open_runtime` (the engine and the channels' settings, for the scheduler and the channels' commands); none
writes its own ``make_engine(args.db or ...)``. ``python -m bot db upgrade`` is here too (:func:`add_parser`).
"""
from __future__ import annotations

from pathlib import Path

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine as SQLEngine
    from sqlalchemy.orm import Session, sessionmaker

    from ..config import Config
    from ..channels.runtime import Runtime
    from ..conversation.engine import Engine

DB_HELP = "database URL, or a SQLite file path (default: DATABASE_URL or the embedded SQLite file)"


def add_db_option(parser) -> None:
    """The ``--db URL`` option, the same on every command."""
    parser.add_argument("--db", help=DB_HELP)


def database_url(args: Any, config: "Config | None" = None) -> str:
    """``--db`` when given, else the configured database (DATABASE_URL, else the SQLite file under data_dir)."""
    given = getattr(args, "db", None)
    if given:
        # a plain file path ("/tmp/chat.sqlite3", "data/x.db") is a SQLite database, as people type it
        return given if "://" in given else f"sqlite:///{Path(given).expanduser().resolve()}"
    if config is None:
        from ..config import load_config

        config = load_config()
    return config.database_url()


@dataclass
class OpenDatabase:
    config: "Config"
    engine: "SQLEngine"
    Session: "sessionmaker[Session]"

    def close(self) -> None:
        self.engine.dispose()


def open_db(args: Any, migrate: bool = True) -> OpenDatabase:
    """config.yaml, the database engine and a session factory for a command; the schema is brought to the latest
    migration unless ``migrate`` is false (restore writes into whatever is there)."""
    from ..config import load_config
    from ..store.db import make_engine, make_sessionmaker, upgrade

    config = load_config()
    engine = make_engine(database_url(args, config))
    if migrate:
        upgrade(engine)
    return OpenDatabase(config, engine, make_sessionmaker(engine))


def open_engine(args: Any, migrate: bool = True) -> "Engine":
    """The conversation engine on the command's database (chat, cases, the channels, the scheduler)."""
    from ..config import load_config
    from ..conversation.engine import Engine

    config = load_config()
    return Engine.from_config(config, database_url=database_url(args, config), migrate=migrate)


def open_runtime(args: Any) -> "Runtime":
    """The engine and the channels' settings from the environment: what the scheduler and the channels' commands
    send through."""
    import os

    from ..channels.runtime import Runtime
    from ..channels.settings import ChannelSettings

    return Runtime(open_engine(args), ChannelSettings.from_env(os.environ))


def cmd_db(args) -> int:
    open_db(args).close()  # brought to the latest migration on opening
    print("Database is at the latest schema.")
    return 0


def add_parser(sub) -> None:
    """``python -m bot db upgrade [--db URL]``: apply the migrations."""
    db = sub.add_parser("db", help="database maintenance")
    db_sub = db.add_subparsers(dest="db_command", required=True)
    up = db_sub.add_parser("upgrade", help="apply migrations")
    add_db_option(up)
    up.set_defaults(func=cmd_db)
