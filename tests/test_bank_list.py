"""One list of banks: config ``banks`` names its banks from lang/*/words/banks.yaml (their spellings in every
language and IFSC aliases), checked at start-up with errors naming config.yaml's line."""
from __future__ import annotations

import pytest

from bot.cases.freeze import bank_named
from bot.config import ROOT, load_config
from bot.content.datafile import DataError
from bot.nlu.entities.banks import BANKS


@pytest.fixture(scope="module")
def config():
    return load_config(ROOT / "config.yaml")


def test_every_configured_bank_is_a_bank_the_understanding_knows(config):
    assert config.banks and all(bank.name in BANKS for bank in config.banks)


@pytest.mark.parametrize("said, bank", [("sbi", "State Bank of India"), ("एसबीआई", "State Bank of India"),
                                        ("idfc first", "IDFC First Bank"), ("PYTM", "Paytm"), ("cred", None)])
def test_a_resident_s_bank_answer_finds_the_configured_bank_in_any_spelling(config, said, bank):
    found = bank_named(config, said)
    assert (found.name if found else None) == bank


@pytest.mark.parametrize("change, error", [
    ('name: "Paytm"', "banks.12.name: 'Paytm Payments Bank' is not a bank of"),  # an alias, not the name
    ('ifsc_prefix: YESB', "banks.9.ifsc_prefix: YESX differs from the IFSC alias 'yesb' of 'Yes Bank'"),
    ('ifsc_prefix: PYTM', "banks.12.ifsc_prefix: SBIN is bank 0's too"),
    ('ifsc_prefix: AIRP', "banks.13.ifsc_prefix: UCBA is the IFSC alias of 'UCO Bank'"),
    ('name: "Paytm",', "banks.12.aliases: a bank's spellings are kept in lang/<code>/words/banks.yaml only"),
])
def test_a_config_bank_that_disagrees_with_the_word_list_stops_start_up_at_its_line(tmp_path, change, error):
    text = (ROOT / "config.yaml").read_text(encoding="utf-8")
    wrong = {'name: "Paytm"': 'name: "Paytm Payments Bank"', "ifsc_prefix: YESB": "ifsc_prefix: YESX",
             "ifsc_prefix: PYTM": "ifsc_prefix: SBIN", "ifsc_prefix: AIRP": "ifsc_prefix: UCBA",
             'name: "Paytm",': 'name: "Paytm", aliases: [paytm],'}[change]
    line = next(n for n, row in enumerate(text.splitlines(), 1) if change in row)
    (tmp_path / "config.yaml").write_text(text.replace(change, wrong, 1), encoding="utf-8")
    with pytest.raises(DataError) as raised:
        load_config(tmp_path / "config.yaml")
    assert f"config.yaml:{line}: {error}" in str(raised.value)
