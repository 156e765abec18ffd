"""The facts a resident's message tells, one module a kind of fact (pure functions, no I/O; English, Hindi in
Devanagari and romanised, Bengali and Urdu digits):

    text.py      what every extractor shares: ``prep`` (the message cleaned once), word edges, spans, number words
    labels.py    long numbers labelled as an account, a reference (UTR) or another number (lang/*/words/labels.yaml)
    phones.py    phone numbers (``find_phones``, ``parse_phone``)
    links.py     links and e-mail addresses (``find_urls``, ``find_emails``)
    payments.py  UPI ids, IFSC codes, UTRs, bank accounts (``find_upi_ids``, ``find_ifsc``, ``find_utrs``,
                 ``parse_utr``, ``find_accounts``)
    devices.py   IMEI numbers (``find_imeis``)
    banks.py     the bank or wallet named (``find_bank``, ``BANKS``)
    amounts.py   the rupee amount (``parse_amount``; words around it in lang/*/words/amounts.yaml)
    times.py     when it happened (``parse_time``, ``TimeAnswer``, ``within_minutes``)
    reading.py   every fact at once (``read``, ``extract``, ``Reading``)

Import the module of the fact you need (``from bot.nlu.entities import amounts``).
"""
