"""The console's pages for elderly residents: the visit form, households, campaigns and figures.

A second blueprint (``elderly``) under /console, registered by ``bot.console.init_app``; it shares the
console's login, CSRF protection, templates and style. Every write is audited (bot.cases.cases.record).

It also guards the console's claim button: a senior's case offered to their beat officer may be claimed
only by that officer (or a supervisor) until the offer lapses (bot/outreach/households.py).
"""
from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from ..outreach import campaigns, figures, households
from ..cases import stations as station_rules
from ..cases.cases import record
from .. import channel_registry as channels, formats
from ..store.models.outreach import Campaign, Household
from ..store.models.cases import Case
from ..store.models.residents import Contact
from ..store.models.officers import Officer
from ..nlu import names
from ..privacy import mask

blueprint = Blueprint("elderly", __name__, url_prefix="/console", template_folder="templates")


def _ctx():
    from . import ctx

    return ctx()


def _engine():
    return _ctx().engine



def _district_labels(config) -> list[tuple[str, str]]:
    """(value, label) of the unit's districts: 'South · दक्षिण', from the names files (bot/nlu/names.py)."""
    return [(d, names.label("districts", d, config.languages)) for d in config.districts]

@blueprint.before_request
def _protect():
    if not current_app.secret_key:  # as the console: sessions cannot be signed, so no pages
        abort(503)
    if request.method == "POST":
        from . import csrf, refuse_foreign_origin

        refuse_foreign_origin()
        csrf.protect()


@blueprint.after_request
def _headers(response):
    from . import _headers as console_headers

    return console_headers(response)  # the same headers as every console page, CSP included


@blueprint.before_app_request
def _beat_officer_first():
    """Claiming a senior's case offered to their beat officer: only that officer (or a supervisor), for now."""
    if request.endpoint != "console.claim" or request.method != "POST" or not current_user.is_authenticated \
            or current_user.supervisor:
        return None
    from . import csrf

    csrf.protect()
    case_id = request.view_args.get("case_id")
    now = _ctx().now()
    with _engine().Session.begin() as session:
        beat = households.reserved_for(session, case_id, current_user.id, now)
        if beat is None:
            return None
        record(session, session.get(Case, case_id), current_user.actor, "claim_refused", now,
               reason="offered to the beat officer", beat_officer=beat.username)
        name = beat.display_name
    flash(f"Case {case_id} is offered to the resident's beat officer, {name}, first. It opens to every officer "
          f"when the offer lapses.")
    if request.accept_mimetypes.best == "application/json":
        return jsonify(ok=False, beat_officer=name), 409
    return redirect(url_for("console.case_page", case_id=case_id))


def _supervisor_only():
    if not current_user.supervisor:
        abort(403)


# -- the visit --------------------------------------------------------------------------------
def _visit_from(form) -> households.Visit:
    def text(name: str) -> str:
        return (form.get(name) or "").strip()

    return households.Visit(
        resident_name=text("resident_name"), channel=text("channel") or channels.default_outreach(),
        number=text("number"),
        language=text("language"),  # none chosen: the unit's default language (households.check)
        birth_year=text("birth_year"), senior=bool(form.get("senior")),
        address=text("address"), pin=text("pin"), district=text("district"), station=text("station"),
        beat_officer=text("beat_officer"), family_name=text("family_name"),
        family_relation=text("family_relation"), family_channel=text("family_channel") or channels.default_outreach(),
        family_number=text("family_number"), family_consent=bool(form.get("family_consent")),
        reminders_consent=bool(form.get("reminders_consent")), frequency=text("frequency"))


def _form_page(visit: households.Visit, problems: dict[str, str], status: int = 200):
    engine = _engine()
    now = _ctx().now()
    with engine.Session() as session:
        active = list(session.scalars(select(Officer).where(Officer.active.is_(True)).order_by(Officer.display_name)))
        registered = select(Household.contact_id)
        chat_channels = [c.name for c in channels.channels(outreach=True) if not c.phone_ids]  # ids nobody knows
        recent = session.scalars(select(Contact).where(
            Contact.channel.in_(chat_channels), Contact.created_at >= now - timedelta(minutes=30),
            Contact.id.not_in(registered)).order_by(Contact.created_at.desc()).limit(10)).all()
        new_chats = [(c.sender, c.display_name or "", channels.get(c.channel).title) for c in recent]
        stations = sorted(set(engine.config.elderly.stations) | set(session.scalars(select(Household.station))))
        offered = None
        if engine.config.stations:  # several police stations: a choice of theirs (README.md, "Several police
            stations = station_rules.of(engine.config).choices()  # stations"), and each one's beat officers
            offered = station_rules.beat_officers(session, engine.config, active)
    return render_template("console/household_new.html", me=current_user, visit=visit, problems=problems,
                           officers=active, stations=stations, offered=offered,
                           station_id=station_rules.station_id_of(engine.config, visit.station) or "",
                           districts=_district_labels(engine.config),
                           pin_districts=station_rules.of(engine.config).map.pin_districts,  # the form fills it
                           languages=engine.config.languages, new_chats=new_chats,
                           channels=channels.channels(outreach=True),
                           frequency=engine.config.reminders.frequency), status


@blueprint.get("/households/new")
@login_required
def household_new():
    engine = _engine()
    with engine.Session() as session:  # an officer of one station registers its households
        own = station_rules.stations_of(session, current_user.id) if engine.config.stations else []
    return _form_page(households.Visit(beat_officer=current_user.username, station=own[0] if len(own) == 1 else "",
                                       language=engine.config.default_language), {})


@blueprint.post("/households/new")
@login_required
def household_create():
    engine = _engine()
    now = _ctx().now()
    visit = _visit_from(request.form)
    with engine.Session.begin() as session:
        try:
            checked = households.check(session, visit, engine.config, now)
        except households.VisitError as exc:
            problems = exc.problems
        else:
            household = households.register(session, checked, current_user.actor, now, engine.config,
                                            engine.res.texts)
            household_id, channel, sender = household.id, household.channel, household.sender
            problems = None
    if problems:
        return _form_page(visit, problems, 400)
    flash("Registered. The welcome is on its way: ask the resident to reply with any digit.")
    response = redirect(url_for("elderly.household_page", household_id=household_id))
    runtime = current_app.extensions.get("cyber_sahayak")
    if runtime is not None:  # send it now, once this response has gone (the scheduler would, within seconds)
        response.call_on_close(lambda: runtime.safe_drain(channel, sender))
    return response


@blueprint.get("/households")
@login_required
def household_list():
    show_all = request.args.get("all") == "1" or current_user.supervisor
    with _engine().Session() as session:
        query = select(Household).order_by(Household.registered_at.desc()).limit(500)
        if not show_all:
            query = query.where(Household.beat_officer_id == current_user.id)
        rows = []
        tz = _engine().config.tz
        for h in session.scalars(query):
            state = households.status(session, h, tz)
            officer = session.get(Officer, h.beat_officer_id)
            rows.append({"id": h.id, "name": h.resident_name, "station": _station_name(h.station),
                         "district": h.district or h.pin,
                         "officer": officer.display_name, "channel": h.channel, "number": mask(h.sender),
                         "welcome": state["welcome"], "replied": state["replied"],
                         "registered": h.registered_at.astimezone(tz).strftime("%d-%m-%Y")})
    return render_template("console/households.html", me=current_user, rows=rows, show_all=show_all)


def _station_name(station: str) -> str:
    """A household's station as officers know it: its configured name (households keep the id), else as typed."""
    directory = station_rules.of(_engine().config)
    return directory.name(station) if station in directory.by_id else station


def _household_or_404(session, household_id: int) -> Household:
    household = session.get(Household, household_id)
    if household is None:
        abort(404)
    return household


@blueprint.get("/households/<int:household_id>")
@login_required
def household_page(household_id: int):
    engine = _engine()
    tz = engine.config.tz
    with engine.Session.begin() as session:
        household = _household_or_404(session, household_id)
        record(session, None, current_user.actor, "household_viewed", _ctx().now(), household=household.id)
        state = households.status(session, household, tz)
        officer = session.get(Officer, household.beat_officer_id)
        consent_taker = _who(session, household.consent_by)
        registrar = _who(session, household.registered_by)
        # The beat officer (and supervisors) see the resident's number whole, to call; everyone else masked.
        whole = current_user.id == household.beat_officer_id or current_user.supervisor
        shown = (lambda n: n) if whole else mask
        view = {"h": household, "station": _station_name(household.station),
                "officer": officer.display_name, "number": shown(household.sender),
                "family_number": shown(household.family_sender) if household.family_sender else None,
                "number_callable": whole and channels.phone_ids(household.channel),
                "consent_by": consent_taker, "registered_by": registrar,
                "consent_at": formats.local_time(household.consent_at, tz, "%d-%m-%Y %H:%M"),
                "registered_at": formats.local_time(household.registered_at, tz, "%d-%m-%Y %H:%M")}
        return render_template("console/household.html", me=current_user, state=state, **view)


def _who(session, actor: str) -> str:
    if actor and actor.startswith("officer:"):
        officer = session.get(Officer, int(actor.split(":", 1)[1]))
        if officer is not None:
            return f"{officer.display_name} ({officer.username})"
    return actor


@blueprint.get("/households/<int:household_id>/status.json")
@login_required
def household_status(household_id: int):
    with _engine().Session() as session:
        household = _household_or_404(session, household_id)
        return jsonify(households.status(session, household, _engine().config.tz))


# -- campaigns ----------------------------------------------------------------------------------
@blueprint.get("/campaigns")
@login_required
def campaign_list():
    _supervisor_only()
    with _engine().Session() as session:
        rows = [(c, campaigns.progress(session, c)) for c in
                session.scalars(select(Campaign).order_by(Campaign.id.desc()).limit(100))]
        return render_template("console/campaigns.html", me=current_user, rows=rows, tz=_engine().config.tz)


@blueprint.route("/campaigns/new", methods=["GET", "POST"])
@login_required
def campaign_new():
    _supervisor_only()
    engine = _engine()
    form = request.form if request.method == "POST" else {}
    error = None
    if request.method == "POST":
        text = {lang: form.get(f"text_{lang}", "") for lang in engine.config.languages}
        with engine.Session.begin() as session:
            try:
                campaign = campaigns.create(session, form.get("title", ""), form.get("audience", ""),
                                            form.get("district") or None, text, current_user.actor, _ctx().now(),
                                            engine.config)
                campaign_id = campaign.id
            except campaigns.CampaignError as exc:
                error = str(exc)
        if error is None:
            return redirect(url_for("elderly.campaign_page", campaign_id=campaign_id))
    return render_template("console/campaign_new.html", me=current_user, form=form, error=error,
                           audiences=campaigns.AUDIENCES, districts=_district_labels(engine.config),
                           languages=engine.config.languages), 400 if error else 200


@blueprint.get("/campaigns/<int:campaign_id>")
@login_required
def campaign_page(campaign_id: int, status: int = 200):
    _supervisor_only()
    engine = _engine()
    with engine.Session() as session:
        campaign = session.get(Campaign, campaign_id)
        if campaign is None:
            abort(404)
        preview = campaigns.preview(session, campaign, engine.res.texts, engine.config) \
            if campaign.status == "draft" else None
        progress = campaigns.progress(session, campaign)
        held = _held(campaign, progress)
        return render_template("console/campaign.html", me=current_user, campaign=campaign, preview=preview,
                               progress=progress, audiences=campaigns.AUDIENCES, held=held,
                               status_label=_status_label(campaign, held),
                               language_label=campaigns.language_label), status


@blueprint.post("/campaigns/<int:campaign_id>/send")
@login_required
def campaign_send(campaign_id: int):
    _supervisor_only()
    now = _ctx().now()
    with _engine().Session.begin() as session:
        campaign = session.get(Campaign, campaign_id)
        if campaign is None:
            abort(404)
        try:
            count = campaigns.start(session, campaign, current_user.actor, now)
        except campaigns.CampaignError as exc:  # the button is disabled with this reason; a forged POST too
            refused = str(exc)
            record(session, None, current_user.actor, "campaign_send_refused", now, campaign=campaign_id,
                   reason=refused)
        else:
            refused = None
            held = campaigns.held_note(now, _engine().config) if count else None
            # held: the page's own line says until when (officers' trial, session 16: said twice, and "sending")
            flash(f"Approved for {count} resident(s): held for quiet hours (see below), then paced."
                  if held else f"Approved: sending to {count} resident(s), paced; progress updates below.")
    if refused:
        flash(f"Not sent: {refused}.")
        return campaign_page(campaign_id, status=409)
    return redirect(url_for("elderly.campaign_page", campaign_id=campaign_id))


@blueprint.get("/campaigns/<int:campaign_id>/progress.json")
@login_required
def campaign_progress(campaign_id: int):
    _supervisor_only()
    with _engine().Session() as session:
        campaign = session.get(Campaign, campaign_id)
        if campaign is None:
            abort(404)
        progress = campaigns.progress(session, campaign)
        return jsonify({**progress, "status_label": _status_label(campaign, _held(campaign, progress))})


def _held(campaign: Campaign, progress: dict) -> str | None:
    """When a draft approved now, or a campaign's messages not queued yet, would go ("Held for quiet hours: goes at
    08:00 IST on ..."); None in the day or when all are queued."""
    waiting = campaign.status == "draft" or progress["not_queued"] > 0
    return campaigns.held_note(_ctx().now(), _engine().config) if waiting else None


def _status_label(campaign: Campaign, held: str | None) -> str:
    """The status a supervisor reads: a campaign approved in quiet hours is "held for quiet hours", not "sending"."""
    return "held for quiet hours" if held and campaign.status == "sending" else campaign.status


# -- figures ------------------------------------------------------------------------------------
@blueprint.get("/figures/elderly")
@login_required
def figures_page():
    engine = _engine()
    with engine.Session() as session:
        data = figures.weekly(session, engine.config.tz, _ctx().now())
        return render_template("console/elderly_figures.html", me=current_user, data=data,
                               chart=figures.bar_chart(data), series=figures.SERIES,
                               officers=figures.per_officer(session), stations=figures.per_station(session),
                               totals=figures.totals(session))
