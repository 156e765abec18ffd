"""Registered domains of residents' links: one answer (bot/nlu/domains.py, the Public Suffix List through tldextract,
offline) wherever a link is read: the registry, the link finder, "is it an official site?", the police check."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.nlu import domains
from bot.registry import normalising, records
from bot.nlu.entities import links
from bot.nlu.classify import Classifier
from conftest import Resident

ROOT = Path(__file__).resolve().parent.parent

# (what a resident writes, its host, the registered domain; None: a shortener's or a platform's own domain,
# never recorded as a suspect domain)
LINKS = [
    ("https://sub.example.co.in/login", "sub.example.co.in", "example.co.in"),
    ("www.sbi-kyc.co.in/verify", "www.sbi-kyc.co.in", "sbi-kyc.co.in"),
    ("https://bit.ly/3xYz", "bit.ly", None),
    ("https://cybercrime.gov.in/Webform/Crime_AuthoLogin.aspx", "cybercrime.gov.in", "cybercrime.gov.in"),
    ("https://services.mha.gov.in/x", "services.mha.gov.in", "mha.gov.in"),
    ("http://xn--80ak6aa92e.com/pay", "xn--80ak6aa92e.com", "xn--80ak6aa92e.com"),
    ("http://185.23.10.4/kyc", "185.23.10.4", "185.23.10.4"),
    ("paytm.com", "paytm.com", "paytm.com"),
    ("https://sbi-kyc.netlify.app/x", "sbi-kyc.netlify.app", "sbi-kyc.netlify.app"),
    ("https://refund.sbi.bank.in/claim", "refund.sbi.bank.in", "sbi.bank.in"),
    ("https://instagram.com/fraud.guy.1", "instagram.com", None),
]


@pytest.mark.parametrize("link,host,domain", LINKS)
def test_every_reader_of_a_link_finds_the_same_registered_domain(link, host, domain):
    assert domains.host_of(link) == host
    expected = domain or domains.registered_domain(host)
    assert domains.registered_domain(host) == expected
    assert normalising.normalise_domain(link) == expected
    # The link finder keeps the link as written (host lower-cased); the registry records its domain.
    found = links.find_urls(f"they sent me {link} please check")
    assert [domains.host_of(url) for url in found] == [host]
    pairs = normalising.identifiers_in(f"they sent me {link} please check")
    recorded = [value for kind, value in pairs if kind == "domain"]
    if domain is None:
        assert recorded == []  # bit.ly or instagram.com is never "reported"
    elif host != domain or "/" in link.split("://")[-1]:
        assert recorded == [domain]
    # A unit's allowed host excludes its whole domain from what reports record.
    assert ("domain", expected) in records.exclusions(hosts=[host])


def test_suffixes_come_from_the_public_suffix_list():
    assert domains.registered_domain("a.b.c.example.co.in") == "example.co.in"
    assert domains.registered_domain("forums.bbc.co.uk") == "bbc.co.uk"
    assert domains.registered_domain("WWW.Example.CO.IN.") == "example.co.in"
    assert domains.registered_domain("gov.in") == "gov.in"  # a suffix is nobody's domain: itself
    assert domains.is_public_suffix("netlify.app") and domains.is_public_suffix("co.in")
    assert not domains.is_public_suffix("paytm.com")
    assert domains.registered_domain("shop.xn--e1afmkfd.xn--p1ai") == "xn--e1afmkfd.xn--p1ai"  # пример.рф
    assert domains.registered_domain("a.b.xn--h2brj9c") == "b.xn--h2brj9c"  # .भारत
    assert domains.public_suffix("185.23.10.4") == "" and domains.registered_domain("::1") == "::1"
    assert domains.registered_domain("login.sbi-points.example") == "sbi-points.example"  # outside the list


def test_a_hosting_platforms_own_domain_is_never_a_suspect():
    with pytest.raises(normalising.RefusedIdentifier):
        normalising.expand("domain", "netlify.app")
    assert normalising.expand("url", "https://sbi-kyc.netlify.app/x") == [
        ("url", "sbi-kyc.netlify.app/x"), ("domain", "sbi-kyc.netlify.app")]
    assert normalising.normalise_domain("scam-page.wordpress.com") == "scam-page.wordpress.com"


# Run in a fresh interpreter: bot.nlu.domains builds its extractor at import, under this HOME and cache directory, and
# an audit hook records every connection, name lookup or request the interpreter attempts (urllib3's import-time
# IPv6 probe binds a local socket and is not one).
_OFFLINE_PROBE = """
import sys
NETWORK = ("socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "socket.sendto", "socket.sendmsg",
           "http.client.connect", "urllib.Request")
opened = []
sys.addaudithook(lambda event, args: opened.append(event) if event.startswith(NETWORK) else None)
from bot.nlu import domains
print(domains.registered_domain("fresh-host.example.org.in"), domains.registered_domain("sub.example.co.in"))
print("sockets:", sorted(set(opened)))
"""


def test_no_network_and_no_cache_on_disk(tmp_path):
    """The bundled list only: an extractor built under an empty HOME connects nowhere and writes nothing."""
    home = tmp_path / "home"
    home.mkdir()
    env = {key: value for key, value in os.environ.items() if key not in ("TLDEXTRACT_CACHE", "XDG_CACHE_HOME")}
    env.update(HOME=str(home), XDG_CACHE_HOME=str(home / ".cache"), PYTHONDONTWRITEBYTECODE="1",
               PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-c", _OFFLINE_PROBE], cwd=home, env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["example.org.in example.co.in", "sockets: []"], done.stdout
    assert list(home.iterdir()) == []


def test_the_link_finders_endings_are_real_top_level_domains():
    for tld in links._STRONG_TLDS | links._WEAK_TLDS:
        assert domains.is_tld(tld), tld
    assert links.find_urls("mera link www.abc.zz/x hai") == []  # no such country code
    assert links.find_urls("link www.sbi-kyc.np/x") == ["www.sbi-kyc.np/x"]


def test_a_government_site_is_nothing_to_check():
    assert domains.is_government("cybercrime.gov.in") and domains.is_government("x.nic.in")
    assert not domains.is_government("gov.in.sbi-kyc.com") and not domains.is_government("mygov-in.com")
    for text, expected in (("is https://cybercrime.gov.in/abc real?", False),
                           ("is cybercrime.gov.in.refund-kyc.com real?", True)):
        found = {"urls": links.find_urls(text)}
        assert Classifier._identifiers(text.lower(), found) is expected, text


def test_the_police_check_names_the_registered_domain(engine):
    resident = Resident(engine, sender="+919800000041", phone="+919800000041")
    resident.send("menu")
    resident.send("3")
    text = "\n".join(resident.send("is this real? https://login.sbi-kyc.co.in/verify").texts)
    assert "sbi-kyc.co.in: no reports yet" in text
    assert "co.in: no reports" not in text.replace("sbi-kyc.co.in: no reports", "")


def test_the_lookup_kept_after_warming_answers_as_tldextract_built_whole():
    """``domains.warm()`` lets go of what tldextract builds for questions never asked here (a second trie without
    the private section, the suffixes as lists and sets: session 19, a worker's memory); every suffix of the list,
    alone, under a name and under two labels, still gets tldextract's own answer, and is_tld still knows the list."""
    import tldextract

    from bot.nlu import domains

    whole = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, include_psl_private_domains=True,
                                  extra_suffixes=domains.EXTRA_SUFFIXES)
    suffixes = sorted(whole.tlds)
    domains.warm()
    assert domains._EXTRACT._extractor.tlds_excl_private_trie is None  # let go
    for suffix in suffixes:
        suffix = suffix.replace("*", "x").lstrip("!")
        for host in (suffix, f"name.{suffix}", f"www.name.{suffix}"):
            expected = whole.extract_str(host)
            got = domains._EXTRACT.extract_str(host)
            assert (got.subdomain, got.domain, got.suffix, got.is_private) == (
                expected.subdomain, expected.domain, expected.suffix, expected.is_private), host
    assert domains.is_tld("in") and domains.is_tld("com") and not domains.is_tld("example")
