"""The console's allow-list of networks (README.md, "Access to the console").

``console.allowed_networks`` (CIDR, config) empty: every address may reach the login page (it is throttled and,
with two-factor, needs a code). Otherwise only those networks reach anything under /console; others get a kind
403 page and a log line (not an audit row: scanners from the internet would flood the log).

The address checked is the peer's. Behind a proxy (``trusted_proxies`` > 0, where webhook.py's ProxyFix reads
X-Forwarded-For) the forwarded address is believed only when the peer is one of ``console.proxy_networks``; with
none listed, ProxyFix's reading is used as configured (``trusted_proxies`` hops).
"""
from __future__ import annotations

import ipaddress
import logging
from functools import lru_cache

from flask import render_template, request

from . import blueprint, ctx

log = logging.getLogger(__name__)


@lru_cache(maxsize=32)
def _networks(values: tuple[str, ...]):
    return tuple(ipaddress.ip_network(v, strict=False) for v in values)


def _inside(address: str | None, networks) -> bool:
    try:
        ip = ipaddress.ip_address((address or "").split("%")[0])
    except ValueError:
        return False
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return any(ip in network for network in networks if network.version == ip.version)


def client_address(environ, config) -> str | None:
    """The address the console's allow-list checks (see the module's text)."""
    original = (environ.get("werkzeug.proxy_fix.orig") or {}).get("REMOTE_ADDR")
    if original is None:  # no proxy configured: the peer
        return environ.get("REMOTE_ADDR")
    proxies = config.console.proxy_networks
    if proxies and not _inside(original, _networks(tuple(proxies))):
        return original  # not from our proxy: its X-Forwarded-For is not believed
    return environ.get("REMOTE_ADDR")


def allowed(environ, config) -> bool:
    wanted = config.console.allowed_networks
    return not wanted or _inside(client_address(environ, config), _networks(tuple(wanted)))


@blueprint.before_app_request
def _allow_list():
    if not request.path.startswith("/console") or request.path.startswith("/console/static/"):
        return None  # the style sheet and scripts hold nothing of a case (the refusal page itself needs them)
    config = ctx().engine.config
    if allowed(request.environ, config):
        return None
    log.warning("console: refused a request from a network not allowed (%s)", request.path[:80])
    return render_template("console/refused.html", me=None, reason="network"), 403
