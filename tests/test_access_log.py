"""gunicorn's access line never carries a query string, Referer or User-Agent (an officer's console search
``?q=name@okaxis`` appeared in clear: attacker trial, session 15). The settings are gunicorn.conf.py's own, applied by
gunicorn's own logger."""
from __future__ import annotations

import logging
import runpy
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

from gunicorn.config import Config
from gunicorn.glogging import Logger

ROOT = Path(__file__).resolve().parent.parent


def _gunicorn_logger(**overrides) -> Logger:
    settings = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    cfg = Config()
    for name in ("accesslog", "access_log_format", "logconfig_dict"):
        cfg.set(name, overrides.get(name, settings[name]))
    return Logger(cfg)


def _exchange():
    request = SimpleNamespace(method="GET", path="/console/search", query="q=asha.verma@okaxis", uri=
                              "/console/search?q=asha.verma@okaxis", version=(1, 1), headers=[
                                  ("REFERER", "http://x/console/cases?q=9812345678"), ("USER-AGENT", "Firefox/1")])
    response = SimpleNamespace(status="200 OK", sent=10, headers=[], response_length=10)
    environ = {"REMOTE_ADDR": "127.0.0.1", "REQUEST_METHOD": "GET", "PATH_INFO": request.path, "SERVER_PROTOCOL": "HTTP/1.1", "RAW_URI": request.uri, "QUERY_STRING": request.query,
               "HTTP_REFERER": "http://x/console/cases?q=9812345678", "HTTP_USER_AGENT": "Firefox/1"}
    return request, response, environ


def _access(logger: Logger) -> None:
    request, response, environ = _exchange()
    logger.access(response, request, environ, timedelta(milliseconds=3))


def test_a_console_search_never_reaches_gunicorns_access_log(caplog, capsys):
    logger = _gunicorn_logger()  # its handlers write to stderr (logconfig_dict), not through the root logger
    with caplog.at_level(logging.DEBUG):
        _access(logger)
    written = capsys.readouterr()
    text = caplog.text + "".join(str(r.args) for r in caplog.records) + written.err + written.out
    assert "okaxis" not in text and "9812345678" not in text and "Firefox" not in text


def test_an_access_log_turned_on_carries_the_path_only():
    logger = _gunicorn_logger(accesslog="-")
    request, response, environ = _exchange()
    line = logger.cfg.access_log_format % logger.atoms(response, request, environ, timedelta(milliseconds=3))
    assert "/console/search" in line
    assert "okaxis" not in line and "9812345678" not in line and "Firefox" not in line
