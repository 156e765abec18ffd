"""Normalisation of scam identifiers, table first: what a resident or a file writes -> the one value stored,
or a refusal with a reason (never a half-normalised value)."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.registry import normalising, search
from bot.registry.normalising import RefusedIdentifier, expand, identifiers_in, normalise

# (kind, as written, canonical)
ACCEPTED = [
    # phones: one number however it is written (the issue's three, and more)
    ("phone", "098765 43210", "+919876543210"),
    ("phone", "+91-98765-43210", "+919876543210"),
    ("phone", "919876543210", "+919876543210"),
    ("phone", "9876543210", "+919876543210"),
    ("phone", "+91 98765 43210", "+919876543210"),
    ("phone", "0091 98765 43210", "+919876543210"),
    ("phone", "(+91) 98765-43210", "+919876543210"),
    ("phone", "tel:+919876543210", "+919876543210"),
    ("phone", "98765.43210", "+919876543210"),
    ("phone", "011 2345 6789", "+911123456789"),
    ("phone", "+1 415 555 2671", "+14155552671"),
    ("phone", "+44 20 7946 0958", "+442079460958"),
    ("phone", "+971 50 123 4567", "+971501234567"),
    # UPI ids: one id whatever the case
    ("upi", "name@okaxis", "name@okaxis"),
    ("upi", "NAME@OKAXIS", "name@okaxis"),
    ("upi", "  Name.Surname-1@ybl ", "name.surname-1@ybl"),
    ("upi", "9876543210@paytm", "9876543210@paytm"),
    ("upi", "upi://pay?pa=Fraud@IBL&pn=Refund%20Desk&am=1", "fraud@ibl"),
    # bank accounts, with and without IFSC
    ("account", "001234567890", "001234567890"),
    ("account", "0012 3456 7890", "001234567890"),
    ("account", "001234567890@sbin0001234", "001234567890@SBIN0001234"),
    ("account", "A/c No. 001234567890, IFSC: SBIN0001234", "001234567890@SBIN0001234"),
    ("account", "123456789 HDFC0ABC123", "123456789@HDFC0ABC123"),
    ("account", "123456789012345678", "123456789012345678"),
    # links: scheme, www., host case, trailing slash, default ports, fragment; shorteners kept as given
    ("url", "https://sbi-kyc.in/login", "sbi-kyc.in/login"),
    ("url", "HTTP://WWW.SBI-KYC.IN/Login/", "sbi-kyc.in/login"),
    ("url", "sbi-kyc.in/login/", "sbi-kyc.in/login"),
    ("url", "https://sbi-kyc.in:443/login", "sbi-kyc.in/login"),
    ("url", "http://sbi-kyc.in:80/login", "sbi-kyc.in/login"),
    ("url", "http://sbi-kyc.in:8080/login", "sbi-kyc.in:8080/login"),
    ("url", "https://sbi-kyc.in/login#top", "sbi-kyc.in/login"),
    ("url", "https://sbi-kyc.in/pay?id=AbC9", "sbi-kyc.in/pay?id=AbC9"),
    ("url", "https://bit.ly/3xYzAb", "bit.ly/3xYzAb"),
    ("url", "HTTPS://BIT.LY/3xYzAb/", "bit.ly/3xYzAb"),
    ("url", "tinyurl.com/Refund-Now", "tinyurl.com/Refund-Now"),
    ("url", "https://rb.gy/AbCdE", "rb.gy/AbCdE"),
    ("url", "http://192.168.10.5:8000/kyc", "192.168.10.5:8000/kyc"),
    ("url", "https://bücher-bank.in/x", "xn--bcher-bank-9db.in/x"),
    # domains: HTTP://WWW.Example.com/ and example.com are one domain
    ("domain", "HTTP://WWW.Example.com/", "example.com"),
    ("domain", "example.com", "example.com"),
    ("domain", "www.example.com", "example.com"),
    ("domain", "https://login.example.com/a/b", "example.com"),
    ("domain", "secure.sbi-kyc.co.in", "sbi-kyc.co.in"),
    ("domain", "https://refund-sbi.netlify.app/x", "refund-sbi.netlify.app"),
    ("domain", "Example.COM.", "example.com"),
    # e-mail addresses
    ("email", "Fraud.Desk@Example.COM", "fraud.desk@example.com"),
    ("email", "mailto:kyc-update@sbi-help.in", "kyc-update@sbi-help.in"),
    ("email", " refund+desk@mail.co.in ", "refund+desk@mail.co.in"),
    # social-media handles and profile links
    ("handle", "instagram.com/Fraud.Guy", "instagram:fraud.guy"),
    ("handle", "https://www.instagram.com/fraud.guy/", "instagram:fraud.guy"),
    ("handle", "https://m.facebook.com/Fake.Officer", "facebook:fake.officer"),
    ("handle", "facebook.com/profile.php?id=100012345678", "facebook:100012345678"),
    ("handle", "https://t.me/Easy_Money_Tasks", "telegram:easy_money_tasks"),
    ("handle", "x.com/FakeCBI", "x:fakecbi"),
    ("handle", "https://twitter.com/FakeCBI", "x:fakecbi"),
    ("handle", "youtube.com/@CryptoGuru", "youtube:cryptoguru"),
    ("handle", "instagram:@Fraud.Guy", "instagram:fraud.guy"),
    ("handle", "insta: fraud.guy", "instagram:fraud.guy"),
    ("handle", "twitter:@FakeCBI", "x:fakecbi"),
    # app names
    ("app", "  Quick   LOAN  Pro ", "quick loan pro"),
    ("app", "AnyDesk", "anydesk"),
    ("app", "Cash Advance 24x7", "cash advance 24x7"),
    # IMEIs
    ("imei", "490154203237518", "490154203237518"),
    ("imei", "49-015420-323751-8", "490154203237518"),
    ("imei", "49 015420 323751 8", "490154203237518"),
    ("imei", "IMEI: 356938035643809", "356938035643809"),
    # kind aliases
    ("upi_id", "Name@OkAxis", "name@okaxis"),
    ("bank_account", "001234567890", "001234567890"),
    ("mobile", "98765 43210", "+919876543210"),
]

# (kind, as written, a word of the reason)
REFUSED = [
    ("phone", "", "empty"),
    ("phone", "12345", "short"),
    ("phone", "98765abc10", "letters"),
    ("phone", "+91 98765 43210 ext 5", "letters"),
    ("phone", "+999 1234 5678", "country code"),
    ("phone", "1234567890123456789", "long"),
    ("phone", "98765+43210", "+"),
    ("phone", "+91 55555 55555", "not a valid phone number"),
    ("phone", "+91 98765 4321", "not a valid phone number"),
    ("upi", "name@gmail.com", "e-mail"),
    ("upi", "nameokaxis", "name@bank"),
    ("upi", "na me@okaxis", "UPI id"),
    ("upi", "upi://pay?pn=Refund", "payee"),
    ("account", "12345678", "9 to 18"),
    ("account", "1234567890123456789", "9 to 18"),
    ("account", "12345678901@SBIN1001234", "IFSC"),
    ("account", "12345ABCD678901", "digits only"),
    ("account", "000000000000", "zeros"),
    ("account", "123456789012 SBIN0001234 HDFC0001234", "more than one IFSC"),
    ("url", "localhost/admin", "dot"),
    ("url", "ftp://files.example.com/x", "web links"),
    ("url", "javascript:alert(1)", "web links"),
    ("url", "http://exa mple.com", "spaces"),
    ("url", "http://example.123", "top-level"),
    ("url", "http://exa_mple.com", "characters"),
    ("url", "http://example.com:99999/", "port"),
    ("url", "http://999.1.1.1/x", "IP"),
    ("domain", "not a domain", "spaces"),
    ("email", "fraud@", "e-mail"),
    ("email", "fraud@@example.com", "exactly one @"),
    ("email", "fraud@example", "e-mail"),
    ("handle", "@fraud.guy", "platform"),
    ("handle", "myspace:@fraud", "unknown platform"),
    ("handle", "https://www.instagram.com/p/CxYz123/", "profile link"),
    ("handle", "https://example.com/fraud", "profile link"),
    ("handle", "instagram:@fr aud", "handle"),
    ("app", "7", "2 to 100"),
    ("app", "1234", "letter"),
    ("imei", "49015420323751", "15 digits"),
    ("imei", "4901542032375180", "15 digits"),
    ("imei", "490154203237519", "Luhn"),
    ("imei", "000000000000000", "repeated"),
    ("imei", "49015420323751X", "digits only"),
    ("colour", "red", "unknown kind"),
    ("phone", "9" * 600, "longer than"),
]


@pytest.mark.parametrize(("kind", "written", "canonical"), ACCEPTED)
def test_accepted(kind, written, canonical):
    assert normalise(kind, written) == canonical
    # canonical values are fixed points: normalising again changes nothing
    assert normalise(kind, canonical) == canonical


@pytest.mark.parametrize(("kind", "written", "reason"), REFUSED)
def test_refused_with_a_reason(kind, written, reason):
    with pytest.raises(RefusedIdentifier) as refused:
        normalise(kind, written)
    assert reason.lower() in refused.value.reason.lower()
    assert str(refused.value) == refused.value.reason


def test_the_table_is_large_enough():
    assert len(ACCEPTED) + len(REFUSED) >= 60


def test_issue_examples_are_one_identifier_each():
    assert {normalise("phone", v) for v in ("098765 43210", "+91-98765-43210", "919876543210")} == {"+919876543210"}
    assert {normalise("domain", v) for v in ("HTTP://WWW.Example.com/", "example.com")} == {"example.com"}
    assert expand("url", "HTTP://WWW.Example.com/") == expand("url", "example.com") == [("domain", "example.com")]
    assert normalise("upi", "name@okaxis") == normalise("upi", "NAME@OKAXIS") == "name@okaxis"


def test_handle_with_platform_given_separately():
    assert normalise("handle", "@Fraud.Guy", platform="instagram") == "instagram:fraud.guy"
    assert normalise("handle", "fraud.guy", platform="insta") == "instagram:fraud.guy"


@pytest.mark.parametrize(("kind", "written", "pairs"), [
    ("url", "https://sbi-kyc.in/login", [("url", "sbi-kyc.in/login"), ("domain", "sbi-kyc.in")]),
    ("url", "https://login.sbi-kyc.in", [("url", "login.sbi-kyc.in"), ("domain", "sbi-kyc.in")]),
    ("url", "https://bit.ly/3xYz", [("url", "bit.ly/3xYz")]),  # no "bit.ly" domain identifier
    ("url", "https://docs.google.com/forms/d/e/1FAIpQ/viewform",
     [("url", "docs.google.com/forms/d/e/1faipq/viewform")]),
    ("url", "instagram.com/fraud.guy", [("handle", "instagram:fraud.guy")]),
    ("url", "https://wa.me/919812345670", [("phone", "+919812345670")]),
    ("url", "https://api.whatsapp.com/send?phone=919812345670", [("phone", "+919812345670")]),
    ("phone", "098765 43210", [("phone", "+919876543210")]),
])
def test_expand(kind, written, pairs):
    assert expand(kind, written) == pairs


@pytest.mark.parametrize("written", ["https://bit.ly", "instagram.com", "https://www.facebook.com/"])
def test_a_platform_itself_is_never_an_identifier(written):
    with pytest.raises(RefusedIdentifier):
        expand("url", written)


def test_identifiers_in_a_forwarded_message():
    text = ("Dear customer your SBI a/c will be blocked. Update KYC at https://WWW.Sbi-Kyc.in/Login/ or bit.ly/3xYz "
            "or call 098765 43210. Pay Rs 10 to NAME@OKAXIS or mail kyc@sbi-help.in. "
            "Insta: @kyc_helpdesk, t.me/Easy_Money. Account 123456789012 IFSC SBIN0001234, imei 490154203237518")
    found = identifiers_in(text)
    assert found == [
        ("phone", "+919876543210"),
        ("upi", "name@okaxis"),
        ("email", "kyc@sbi-help.in"),
        ("url", "sbi-kyc.in/login"),
        ("domain", "sbi-kyc.in"),
        ("url", "bit.ly/3xYz"),
        ("handle", "telegram:easy_money"),
        ("account", "123456789012@SBIN0001234"),
        ("imei", "490154203237518"),
        ("handle", "instagram:kyc_helpdesk"),
    ]


def test_identifiers_in_plain_text_finds_nothing():
    assert identifiers_in("") == []
    assert identifiers_in("someone called me and asked for my OTP") == []
    # an @mention without a platform is not guessed
    assert identifiers_in("he messages me as @fraud.guy") == []
    assert identifiers_in("he messages me as @fraud.guy", platform="instagram") == [("handle", "instagram:fraud.guy")]


def test_search_fragments():
    assert search.search_fragments("98765 43210") == ["9876543210"]
    assert search.search_fragments("HTTP://WWW.Example.com/") == ["example.com"]
    assert search.search_fragments("OKAXIS") == ["okaxis"]
    assert search.search_fragments("  ") == []


# Properties ---------------------------------------------------------------------------------------

mobiles = st.integers(min_value=6_000_000_000, max_value=9_999_999_999).map(str)


@given(mobiles, st.sampled_from(["{n}", "0{n}", "+91{n}", "91{n}", "+91-{a}-{b}", "0{a} {b}", "0091 {n}"]))
def test_every_way_of_writing_an_indian_mobile_is_one_number(number, template):
    written = template.format(n=number, a=number[:5], b=number[5:])
    try:
        canonical = normalise("phone", written)
    except RefusedIdentifier:
        # a number phonenumbers does not allocate is refused however it is written
        with pytest.raises(RefusedIdentifier):
            normalise("phone", "+91" + number)
        return
    assert canonical == "+91" + number


@settings(max_examples=300)
@given(st.sampled_from(normalising.KINDS), st.text(max_size=80))
def test_normalise_never_half_normalises(kind, text):
    """Any text is either refused with a reason or gives a value that normalises to itself."""
    try:
        canonical = normalise(kind, text)
    except RefusedIdentifier as refused:
        assert refused.reason
        return
    assert canonical == normalise(kind, canonical)
    assert len(canonical) <= normalising.MAX_VALUE


@settings(max_examples=200)
@given(st.text(max_size=200))
def test_identifiers_in_never_fails(text):
    for kind, value in identifiers_in(text):
        assert kind in normalising.KINDS
        assert normalise(kind, value) == value or kind == "handle"


@pytest.mark.parametrize(("text", "handle"), [
    ("इंस्टाग्राम पर @fraud.seller123 ने पैसे लिए", "instagram:fraud.seller123"),
    ("snap pe @easy.money ne dhamki di", "snapchat:easy.money"),
    ("insta pe @easy.money ne dhamki di", "instagram:easy.money"),
    ("ফেসবুকে @fake_officer মেসেজ করেছে", "facebook:fake_officer"),
    ("فیس بک پر @fake.officer نے دھمکی دی", "facebook:fake.officer"),
    # WhatsApp's name names no handle and does not hide the one platform that does
    ("he called on whatsapp, then insta @kyc_helpdesk asked for money", "instagram:kyc_helpdesk"),
])
def test_an_at_handle_is_recorded_whichever_script_names_the_platform(text, handle):
    assert identifiers_in(text) == [("handle", handle)]


def test_every_name_of_a_platform_works_before_a_colon_too():
    assert normalise("handle", "snap:@Easy.Money") == "snapchat:easy.money"
    assert normalise("handle", "@Easy.Money", platform="इंस्टाग्राम") == "instagram:easy.money"


@pytest.mark.parametrize(("written", "pairs"), [
    # instagr.am is Instagram's: its post is a link, never the scam domain "instagr.am"
    ("https://instagr.am/p/abc", [("url", "instagr.am/p/abc")]),
    ("https://instagr.am/Fraud.Guy", [("handle", "instagram:fraud.guy")]),
    # a Signal chat link is the number it opens
    ("https://signal.me/#p/+919812345670", [("phone", "+919812345670")]),
])
def test_platform_links_give_what_they_point_at(written, pairs):
    assert expand("url", written) == pairs
    assert identifiers_in(f"usne ye bheja {written} dekho") == pairs


@pytest.mark.parametrize("written", ["https://instagr.am", "https://signal.me/#eu/abcdef", "signal.org"])
def test_a_platforms_own_address_is_never_a_scam_domain(written):
    assert ("domain", "instagr.am") not in identifiers_in(written)
    assert not any(kind == "domain" for kind, _ in identifiers_in(written))
