"""The bank freeze request: what a bank's nodal officer needs to hold defrauded money without calling back.

One structure (`FreezeRequest`), three forms: plain text to copy (here), a one-page PDF on the unit's letterhead
(bot/cases/freeze_pdf.py) and an e-mail to the bank's nodal address (bot/cases/freeze_mail.py). Amounts in Indian grouping
(₹2,00,000) and times in the unit's zone, labelled, through bot/formats.py; every account paired with its IFSC and
the bank named from the IFSC, and a UPI id's bank from its handle (config ``banks``, ``upi_handles``: @okaxis -> Axis
Bank); the way the money was taken in words, not a choice id; the unit and
the requesting officer (name, rank, contact, and the case's station, else the unit) from config and the officer's details.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from .. import formats
from ..config import Bank, Config
from ..content.i18n import pick
from ..store.models.residents import Contact, Incident
from ..store.models.officers import Officer, OfficerDetails
from ..nlu import names
from . import losses
from .incidents import resident_phone

NOT_STATED = "not stated"
CALLED_1930 = "1930 called; number not known"  # "I already called 1930", its number not told (session 14)
INTRO = ("A resident has reported a cyber fraud. Please place a hold (lien) on the amount below in the beneficiary "
         "account(s), share the transaction trail and the KYC of the beneficiary, and tell us the amount held and your "
         "reference.")


@dataclass
class Beneficiary:
    """One place the money went: an account with its IFSC and bank, or a UPI id, phone or site."""
    kind: str  # account, upi, phone, site, description
    value: str
    ifsc: str | None = None
    bank: str | None = None

    def line(self) -> str:
        if self.kind == "account":
            bank = self.bank or "bank not known from the IFSC"
            return f"Account {self.value}, IFSC {self.ifsc} ({bank})" if self.ifsc else \
                f"Account {self.value} (IFSC not given)"
        label = {"upi": "UPI id", "phone": "Phone / wallet number", "site": "Website or link",
                 "description": "Described as", "ifsc": "IFSC (no account number given)"}[self.kind]
        return f"{label}: {self.value}" + (f" ({self.bank})" if self.bank else "")


@dataclass
class FreezeRequest:
    reference: str
    subject: str
    unit: str
    rows: list[tuple[str, str]]
    beneficiaries: list[Beneficiary]
    officer: list[str]  # name, rank, contact lines of the signature
    dated: str
    banks: list[Bank] = field(default_factory=list)  # the banks the request can be sent to (victim's, beneficiary's)
    addressed: list[str] = field(default_factory=list)  # the banks named in its "To" line (a bank told but not configured too)
    missing: list[str] = field(default_factory=list)  # what a nodal officer needs and it lacks (``missing_facts``)

    @property
    def to_line(self) -> str:
        """"To the Nodal Officer (cyber fraud), HDFC Bank / State Bank of India,": the banks the resident's answers name."""
        return "To the Nodal Officer (cyber fraud)" + (f", {' / '.join(self.addressed)}," if self.addressed else ",")

    def text(self, subject: bool = True) -> str:
        """The letter as text (``subject=False``: for an e-mail body, whose Subject is its header)."""
        lines = ([f"Subject: {self.subject}", ""] if subject else []) + [f"Date of request: {self.dated}", "",
                 self.to_line, INTRO, ""]
        width = max(len(label) for label, _ in self.rows)
        lines += [f"{label.ljust(width)} : {value}" for label, value in self.rows]
        lines += ["", "Beneficiary (where the money went):"]
        lines += [f"  {i}. {b.line()}" for i, b in enumerate(self.beneficiaries, 1)] or [f"  {NOT_STATED}"]
        lines += ["", "Requested by:"] + [f"  {line}" for line in self.officer]
        lines += ["", f"{self.unit}. Please acknowledge on receipt, quoting {self.reference}."]
        return "\n".join(lines)


# -- banks -----------------------------------------------------------------------------------------
def bank_of_ifsc(config: Config, ifsc: str | None) -> Bank | None:
    prefix = (ifsc or "")[:4].upper()
    return next((bank for bank in config.banks if bank.ifsc_prefix == prefix), None)


def bank_of_upi(config: Config, upi: str | None) -> Bank | None:
    """The bank behind a UPI id's handle ("scammer@okaxis" -> Axis Bank, "x@ybl" -> Yes Bank), or None."""
    handle = str(upi or "").rpartition("@")[2].strip().lower()
    return next((bank for bank in config.banks if handle and handle in bank.upi_handles), None)


def bank_named(config: Config, said: str | None) -> Bank | None:
    """The configured bank a resident's answer names ("sbi", "State Bank of India", "एसबीआई"), or None: the
    spellings are lang/*/words/banks.yaml's (the one list, which config ``banks`` names its banks from)."""
    said = str(said or "").strip()
    if not said:
        return None
    canonical = names.resolve("banks", said)
    bank = next((bank for bank in config.banks if bank.name == canonical), None) if canonical else None
    return bank or (bank_of_ifsc(config, said) if len(said) == 4 else None)  # "PYTM": a prefix no alias spells


def beneficiaries(config: Config, target) -> list[Beneficiary]:
    """Accounts paired with IFSC codes (in the order the resident gave them; a lone IFSC goes with every account),
    then UPI ids, numbers, sites and the resident's description."""
    if not isinstance(target, dict):
        return [Beneficiary("description", str(target))] if target else []
    accounts, codes = list(target.get("accounts") or []), [c.upper() for c in target.get("ifsc") or []]
    found: list[Beneficiary] = []
    for index, account in enumerate(accounts):
        code = codes[index] if index < len(codes) else (codes[0] if len(codes) == 1 else None)
        bank = bank_of_ifsc(config, code)
        found.append(Beneficiary("account", str(account), code, bank.name if bank else None))
    for code in codes[len(accounts):] if len(codes) > 1 or not accounts else []:
        bank = bank_of_ifsc(config, code)
        found.append(Beneficiary("ifsc", code, None, bank.name if bank else None))
    for upi in target.get("upi_ids") or []:
        bank = bank_of_upi(config, upi)
        found.append(Beneficiary("upi", str(upi), None, bank.name if bank else None))
    found += [Beneficiary("phone", str(v)) for v in target.get("phones") or []]
    found += [Beneficiary("site", str(v)) for v in target.get("urls") or []]
    if target.get("description"):
        found.append(Beneficiary("description", str(target["description"])))
    return found


def method_label(flow, method: str | None) -> str:
    """The English words of a choice id ("upi" -> "UPI (GPay, PhonePe, ...)") from the flow that asked it."""
    if not method:
        return NOT_STATED
    words = flow.choice_words() if flow is not None else {}
    return words.get(("method", method)) or str(method).replace("_", " ")


PARTS_OF_DAY = {9: "morning", 14: "afternoon", 18: "evening", 21: "night"}  # the hour "subah", "shaam" is read as


def debit_time(incident: Incident, tz, missing: str) -> str:
    """When the report's first debit left, as a bank reads it (``when_debited``); one told relative to when it was
    said ("10 minute pehle") is an estimate too: "about 02-12-2026 15:47 IST (told as “10 minutes ago”)" (officers'
    stranger trial, session 19: printed as the exact minute a bank would search); "just now" is the message's minute."""
    first = next((debit for debit in losses.debits(incident) if debit.first), None)
    if first is None:
        return missing
    label = str((incident.fields or {}).get("money_left_at_label") or "")
    if first.at is not None and not first.approx and label.endswith(" ago"):
        return f"about {formats.local_time(first.at, tz)} (told as \u201c{label}\u201d)"
    return when_debited(first.at, first.approx, tz, missing)


def when_debited(at: datetime | None, approx: bool, tz, missing: str) -> str:
    """A debit's time, the one place it is rendered: "30-11-2026 09:00 IST", or for a time the resident told roughly
    ("aaj subah", "around 9", "2 days ago") "about 30-11-2026 09:00 IST (morning; no exact time told)": a bank
    must not search one minute's debits for it (an officer's trial)."""
    if at is None:
        return missing
    shown = formats.local_time(at, tz)
    if not approx:
        return shown
    local = at.astimezone(tz)
    part = PARTS_OF_DAY.get(local.hour) if local.minute == 0 else None
    return f"about {shown} ({part + '; ' if part else ''}no exact time told)"


def officer_lines(officer: Officer, details: OfficerDetails | None, office: str) -> list[str]:
    """The signature: name, rank and the office signing (the case's police station, else the unit)."""
    rank = details.rank if details and details.rank else None
    lines = [officer.display_name + (f", {rank}" if rank else "") + f", {office}"]
    contact = [v for v in ((details.phone if details else None), (details.email if details else None)) if v]
    lines.append("Contact: " + (", ".join(contact) if contact else "the unit's desk (officer's contact not set)"))
    return lines


def debit_line(debit: losses.Debit, tz) -> str:
    """One debit: amount, its own time in the unit's zone (or "time not known" when the resident told none: never the
    time it was reported at, nor the first debit's), and what is known of it."""
    amount = formats.amount(debit.amount, "en", missing="amount not stated")
    at = when_debited(debit.at, debit.approx, tz, "time not stated") if debit.time_told else \
        f"time not known (told to us {formats.local_time(debit.at, tz, missing='later')})"  # never another's time
    known = "first reported" if debit.first else \
        ("later losses told together, latest at that time" if debit.together else "told later by the resident")
    utr = f", UTR {', '.join(debit.utrs)}" if debit.utrs else ""  # a bank's nodal officer traces each by its UTR
    return f"{amount}, {at}{utr} ({known})"


def debit_rows(incident: Incident, tz, when: str) -> list[tuple[str, str]]:
    """The amount and time of the debit, or, when the resident told further losses, the total and every debit."""
    found = losses.debits(incident)
    if len(found) <= 1:
        return [("Amount debited", formats.amount(incident.amount, "en", missing=NOT_STATED)),
                ("Date and time of debit", when)]
    total = losses.total(incident)
    rows = [("Amount debited", f"{formats.amount(total, 'en', missing=NOT_STATED)} in all, {len(found)} debits")]
    rows += [(f"Debit {i}", debit_line(debit, tz)) for i, debit in enumerate(found, 1)]
    unplaced = unplaced_utrs(incident)  # told after a further debit with none of its own: no debit claims them
    rows += [("UTR reported without a debit", ", ".join(unplaced))] if unplaced else []
    return rows


def unplaced_utrs(incident: Incident) -> list[str]:
    """The UTRs the resident told with no debit of their own (``utrs_unplaced``), listed apart from the debits."""
    return losses.utrs_of((incident.fields or {}).get("utrs_unplaced"))


# -- the request ------------------------------------------------------------------------------------
def missing_facts(incident: Incident, config: Config) -> list[str]:
    """What a bank's nodal officer needs to place a hold and this report lacks, in the words the console warns with
    (session 19: a request to "the Nodal Officer" of no bank, with no UTR and no beneficiary, was offered as ready),
    each said after "no":
    the bank it goes to (the victim's, or one a beneficiary's IFSC / UPI handle names), the UTR, where the money went."""
    fields = incident.fields or {}
    targets = beneficiaries(config, fields.get("target"))
    named = fields.get("bank") or any(b.bank for b in targets)
    missing = [] if named else ["bank (the victim's or the beneficiary's)"]
    missing += [] if losses.utrs_of(fields.get("utr")) or any(d.utrs for d in losses.debits(incident)) else \
        ["transaction id / UTR"]
    return missing + ([] if targets else ["beneficiary (where the money went: account and IFSC, or UPI id)"])


def build(incident: Incident, contact: Contact, officer: Officer, details: OfficerDetails | None, config: Config,
          now: datetime, flow=None, station: str | None = None) -> FreezeRequest:
    """``station``: the name of the case's police station, which signs the request (None: the unit)."""
    tz = config.tz
    fields = incident.fields or {}
    unit = pick(config.unit_name, "en")
    when = debit_time(incident, tz, f"{NOT_STATED} (reported {formats.local_time(incident.created_at, tz)})")
    victim_bank = bank_named(config, fields.get("bank"))
    account = fields.get("account_last_digits") or fields.get("card_last_digits")
    targets = beneficiaries(config, fields.get("target"))
    rows = [
        ("Complaint reference", incident.reference),
        ("1930 acknowledgement no.", str(fields.get("ack_1930") or (CALLED_1930 if fields.get("called_1930") else NOT_STATED))),
        ("NCRP complaint no.", str(fields.get("portal_complaint") or NOT_STATED)),
        ("Victim", str(fields.get("name") or NOT_STATED)),
        ("Victim's phone", resident_phone(contact, incident) or NOT_STATED),
        ("Victim's bank / wallet", victim_bank.name if victim_bank else str(fields.get("bank") or NOT_STATED)),
        ("Victim's account / card", f"ending {account}" if account else NOT_STATED),
        *debit_rows(incident, tz, when),
        ("Transaction id / UTR", str(fields.get("utr") or NOT_STATED)),
        ("How it happened", method_label(flow, fields.get("method"))),
    ]
    banks: list[Bank] = []
    for bank in [bank_of_upi(config, b.value) if b.kind == "upi" else
                 bank_of_ifsc(config, b.ifsc or (b.value if b.kind == "ifsc" else None)) for b in targets] + [victim_bank]:
        if bank is not None and bank not in banks:
            banks.append(bank)
    addressed = [bank.name for bank in banks]
    if victim_bank is None and fields.get("bank"):  # a bank told that config does not list: named as told
        addressed.append(str(fields["bank"]))
    return FreezeRequest(
        reference=incident.reference, addressed=addressed, missing=missing_facts(incident, config),
        subject=f"Request to hold defrauded funds, complaint {incident.reference}",  # one header line
        unit=unit, rows=rows, beneficiaries=targets, banks=banks,
        officer=officer_lines(officer, details, station or unit), dated=formats.local_time(now, tz))


def freeze_request(incident: Incident, contact: Contact, officer: Officer, details: OfficerDetails | None,
                   config: Config, now: datetime, flow=None, station: str | None = None) -> str:
    """Plain text ready to copy, download or send to the beneficiary bank's / victim bank's nodal officer."""
    return build(incident, contact, officer, details, config, now, flow, station).text()
