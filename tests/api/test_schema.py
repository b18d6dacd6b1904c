"""The generated OpenAPI schema, the docs page, and a schemathesis run against the schema."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date
from decimal import Decimal

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from koers.campaigns import services as campaigns
from koers.campaigns.selection import Criteria
from koers.complaints import services as complaints
from koers.gifts import services as gifts
from koers.planning import services as planning
from koers.planning.models import AccountPlan
from koers.planning.plans import services as account_plans
from koers.proposals import services as proposals
from koers.relations import services as relations
from koers.sales.models import Opportunity
from koers.sales.opportunities import services as opportunities
from koers.sales.orders import services as orders
from koers.sales.quote_templates import services as quote_templates
from koers.sales.quotes import services as quotes
from tests.api.schema_checks import positive_data_refused_only_beyond_schema
from tests.complaints.factories import make_category
from tests.conftest import Personas, make_people
from tests.core.terms_factories import make_terms
from tests.factories import make_account, make_contact, make_segment
from tests.module_data import module_data
from tests.planning.analysis_factories import make_analysis
from tests.relations.factories import at, plan
from tests.sales import factories as catalogue


def test_the_openapi_json_has_no_key_twice_so_the_docs_page_can_read_it(client):
    """Swagger UI stops at a duplicate key (a response status given as 200 and as "200")."""
    doubled: list[str] = []

    def keep(pairs: list[tuple[str, object]]) -> dict[str, object]:
        keys = [key for key, _value in pairs]
        doubled.extend(key for key in set(keys) if keys.count(key) > 1)
        return dict(pairs)

    json.loads(client.get("/api/v1/openapi.json").content, object_pairs_hook=keep)

    assert doubled == []


def test_no_two_different_shapes_share_a_name_in_the_schema():
    """The schema's components are named after the classes: a second class of the same name
    but another shape silently replaces the first (an opportunity's lines once read as the
    mandate check's)."""
    from ninja import Schema

    from koers.api.urls import api  # noqa: F401 (imports every router and its schemas)

    def subclasses(cls: type) -> list[type]:
        return [c for sub in cls.__subclasses__() for c in (sub, *subclasses(sub))]

    shapes: dict[str, set[str]] = {}
    for cls in subclasses(Schema):
        if cls.__module__.startswith("koers."):
            shape = json.dumps(cls.model_json_schema(), sort_keys=True, default=str)
            shapes.setdefault(cls.__name__, set()).add(shape)

    assert [name for name, found in shapes.items() if len(found) > 1] == []


def test_the_openapi_schema_lists_every_endpoint(client):
    response = client.get("/api/v1/openapi.json")

    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert set(schema["components"]["securitySchemes"]) == {
        "TokenAuth",
        "SessionAuth",
        "MailServerAuth",
    }
    assert {
        "/api/v1/accounts",
        "/api/v1/accounts/{account_id}",
        "/api/v1/accounts/{account_id}/branches",
        "/api/v1/contacts",
        "/api/v1/contacts/{contact_id}",
        "/api/v1/contacts/{contact_id}/positions",
        "/api/v1/users",
        "/api/v1/teams",
        "/api/v1/activities",
        "/api/v1/activities/{activity_id}",
        "/api/v1/activities/{activity_id}/complete",
        "/api/v1/activities/{activity_id}/cancel",
        "/api/v1/activities/{activity_id}/reschedule",
        "/api/v1/activities/{activity_id}/checklist",
        "/api/v1/activities/{activity_id}/checklist/tick",
        "/api/v1/activities/{activity_id}/checklist/remove",
        "/api/v1/activities/{activity_id}/recap",
        "/api/v1/visit-reports/{report_id}/photos",
        "/api/v1/visit-reports/{report_id}/photos/{photo_id}",
        "/api/v1/visit-reports/{report_id}/photos/{photo_id}/image",
        "/api/v1/visit-reports/{report_id}/photos/{photo_id}/thumbnail",
        "/api/v1/visit-reports",
        "/api/v1/visit-reports/{report_id}",
        "/api/v1/commitments",
        "/api/v1/commitments/{commitment_id}",
        "/api/v1/commitments/{commitment_id}/done",
        "/api/v1/commitments/{commitment_id}/cancel",
        "/api/v1/commitments/{commitment_id}/due-date",
        "/api/v1/gifts",
        "/api/v1/gifts/{gift_id}",
        "/api/v1/gifts/{gift_id}/approve",
        "/api/v1/gifts/{gift_id}/refuse",
        "/api/v1/gifts/{gift_id}/given",
        "/api/v1/proposals",
        "/api/v1/proposals/{proposal_id}",
        "/api/v1/proposals/{proposal_id}/accept",
        "/api/v1/proposals/{proposal_id}/reject",
        "/api/v1/proposals/{proposal_id}/park",
        "/api/v1/sent-mails",
        "/api/v1/sent-mails/{sent_mail_id}",
        "/api/v1/logged-mails",
        "/api/v1/logged-mails/{logged_mail_id}",
        "/api/v1/complaints",
        "/api/v1/complaints/{complaint_id}",
        *(
            f"/api/v1/complaints/{{complaint_id}}/{action}"
            for action in ("start", "solve", "verify", "reject", "reopen", "follow-up", "hand-over")
        ),
        "/api/v1/complaints/{complaint_id}/tasks",
        "/api/v1/complaints/{complaint_id}/tasks/{task_id}/done",
        "/api/v1/complaints/{complaint_id}/comments",
        "/api/v1/inbound-mail",
        "/api/v1/products",
        "/api/v1/products/{product_id}",
        "/api/v1/products/{product_id}/price",
        "/api/v1/product-groups",
        "/api/v1/product-groups/{group_id}",
        "/api/v1/price-lists",
        "/api/v1/price-lists/{price_list_id}",
        "/api/v1/opportunities",
        "/api/v1/opportunities/{opportunity_id}",
        "/api/v1/opportunities/{opportunity_id}/stage",
        "/api/v1/opportunities/{opportunity_id}/reopen",
        "/api/v1/mandates/me",
        "/api/v1/mandates/levels",
        "/api/v1/mandates/levels/{level}",
        "/api/v1/mandates/personal",
        "/api/v1/mandates/personal/{personal_mandate_id}/end",
        "/api/v1/mandates/check",
        "/api/v1/mandates/delegations",
        "/api/v1/mandates/delegations/{delegation_id}/end",
        "/api/v1/quotes",
        "/api/v1/quotes/{quote_id}",
        "/api/v1/quote-versions/{version_id}/lines",
        "/api/v1/quote-lines/{line_id}",
        *(
            f"/api/v1/quote-versions/{{version_id}}/{action}"
            for action in (
                "submit",
                "revise",
                "variant",
                "withdraw",
                "decline",
                "extend",
                "send",
                "pdf",
                "approve",
                "return",
            )
        ),
        "/api/v1/quote-approvals",
        "/api/v1/quote-templates",
        "/api/v1/quote-templates/{template_id}",
        "/api/v1/orders",
        "/api/v1/orders/{order_id}",
        "/api/v1/orders/{order_id}/ubl",
        "/api/v1/orders/{order_id}/status",
        "/api/v1/orders/{order_id}/problems",
        "/api/v1/orders/{order_id}/problems/{problem_id}/resolve",
        "/api/v1/account-analyses",
        "/api/v1/account-analyses/{analysis_id}",
        "/api/v1/general-terms",
        "/api/v1/general-terms/{terms_id}/file",
        "/api/v1/market-signals",
        "/api/v1/market-signals/{signal_id}",
        "/api/v1/competitors",
        "/api/v1/competitors/{competitor_id}",
        "/api/v1/accounts/{account_id}/competitors",
        "/api/v1/accounts/{account_id}/competitors/{competitor_id}",
        "/api/v1/account-plans",
        "/api/v1/account-plans/{plan_id}",
        *(
            f"/api/v1/account-plans/{{plan_id}}/{a}"
            for a in ("submit", "approve", "return", "revise")
        ),
    } <= set(schema["paths"])
    account = schema["components"]["schemas"]["AccountOut"]["properties"]
    assert {"parent_id", "root_id", "version"} <= set(account)


def test_generated_clients_keep_their_method_names(client):
    """Clients name their methods after the operation ids; moving an endpoint's code into its
    app must not rename them (docs/api.md, "Adding an app's API")."""
    schema = client.get("/api/v1/openapi.json").json()

    ids = {op["operationId"] for path in schema["paths"].values() for op in path.values()}

    # The ids published before the endpoints moved into their apps (2026-12-04).
    assert ids >= {
        f"koers_api_{group}_{name}"
        for group, names in {
            "accounts": [
                "add_team_member",
                "create_account",
                "delete_account",
                "get_account",
                "list_accounts",
                "list_branches",
                "list_segments",
                "list_team",
                "remove_team_member",
                "update_account",
            ],
            "contacts": [
                "add_position",
                "create_contact",
                "delete_contact",
                "end_position",
                "get_contact",
                "list_contacts",
                "list_positions",
                "update_contact",
                "update_position",
            ],
            "people": ["get_me", "get_team", "get_user", "list_teams", "list_users"],
        }.items()
        for name in names
    }


def test_the_docs_page_loads_swagger_from_static_files_without_inline_script(client):
    response = client.get("/api/v1/docs")

    assert response.status_code == 200
    html = response.content.decode()
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "/static/ninja/swagger-ui-bundle.js" in html
    for tag in re.findall(r"<script[^>]*>", html):
        # Only script files, and the settings as a JSON data block that is never executed.
        assert "src=" in tag or 'type="application/json"' in tag, tag
    assert "cdn" not in html.lower()


@pytest.fixture
def wsgi_app():
    """The project's WSGI app, called in-process inside the test's transaction.

    As Django's test client does, the app must not close the database connection at the end of
    each request (it would, on PostgreSQL: the test transaction looks like a stale connection).
    """
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield get_wsgi_application()
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture(scope="module")
def _world(django_db_setup, django_db_blocker) -> Iterator[Personas]:
    """The personas and a little data, built once for the 174 operations' runs; each run still
    changes only its own transaction (tests/module_data.py)."""

    def build() -> Personas:
        people = make_people()
        build_some_data(people)
        return people

    with module_data(django_db_blocker, build) as people:
        yield people


@pytest.fixture
def people(_world: Personas, db) -> Personas:
    return _world


def build_some_data(people: Personas) -> None:
    # A little data, so that some generated ids hit real objects: ids 1 and 2 of each kind.
    segment = make_segment()
    chain = make_account(people.alice, "Chain", segment=segment)
    make_account(people.alice, "Branch", parent=chain)
    make_contact(chain, buying_role="decider")
    reported = plan(people.alice, chain, planned_start=at("2026-12-01"))
    relations.report_write(actor=people.alice, activity=reported, data={"discussed": "Prices"})
    plan(people.alice, chain, kind="phone_call")
    for day in (10, 11):
        relations.commitment_make(
            actor=people.alice,
            account=chain,
            direction="ours",
            description="Send prices",
            due_date=date(2026, 12, day),
        )
    contact = chain.positions.get().contact
    for value in ("30", "120"):
        gifts.gift_record(
            actor=people.alice,
            account=chain,
            contact=contact,
            direction="given",
            kind="gift",
            description="Wine",
            value=Decimal(value),
            date=date(2026, 12, 1),
        )
    category = make_category("Delivery")
    for description in ("Late", "Broken"):
        complaint = complaints.complaint_register(
            actor=people.alice, account=chain, category=category, description=description
        )
    complaints.complaint_task_assign(
        actor=people.alice, complaint=complaint, assignee=people.ingrid, description="Check"
    )
    complaints.complaint_comment(actor=people.alice, complaint=complaint, text="Called @ingrid")
    for title in ("Kleinere verpakking", "Andere slager"):
        proposals.proposal_submit(
            actor=people.alice,
            kind="range",
            title=title,
            what="Per 500 gram.",
            why="Klachten.",
            expected_effect="Minder derving.",
            complaints=[complaint],
        )
    # The catalogue: a main group and a subgroup, two products, a list and an agreed price.
    main = catalogue.make_group("VLEES")
    product = catalogue.make_product("RUND-01", group=catalogue.make_group("RUND", parent=main))
    catalogue.make_product("RUND-02", group=main)
    catalogue.add_item(catalogue.make_price_list("Retail", segment=segment), product, "9.00")
    catalogue.agree(chain, product, "8.50")
    # Two opportunities at the chain, one of them lost (to reopen), and a competitor.
    rival = opportunities.competitor_add(actor=people.admin, data={"name": "Rivaal"})
    for title in ("Ovens", "Shelves"):
        deal = opportunities.opportunity_create(
            actor=people.alice,
            account=chain,
            title=title,
            close_on=date(2027, 3, 31),
            contacts=[contact],
            lines=[(product, Decimal("2"))],
            competitors=[rival],
        )
    # A quote template with a product line and an optional free line; a quote of the open
    # deal (made before the other is lost) from it, a draft with lines.
    template = quote_templates.quote_template_create(
        actor=people.admin,
        data=quote_templates.TemplateData(name="Ovens", language="en"),
        groups=[
            quote_templates.TemplateGroupData(
                lines=[
                    quote_templates.TemplateLineData(product=product, quantity=Decimal("1")),
                    quote_templates.TemplateLineData(
                        description="Assembly",
                        quantity=Decimal("1"),
                        unit_price=Decimal("50.00"),
                        vat_category="high",
                        optional=True,
                    ),
                ]
            )
        ],
    )
    quotes.quote_create(
        actor=people.alice,
        opportunity=Opportunity.objects.get(title="Ovens", account=chain),
        template=template,
    )
    opportunities.opportunity_stage_change(
        actor=people.alice, opportunity=deal, to="lost", lost_reason="price"
    )
    # Two orders at the chain, one with a problem and an ERP number.
    for number in ("ERP-1", ""):
        order = orders.order_create(
            actor=people.alice,
            account=chain,
            external_number=number,
            lines=[orders.LineIn(quantity=Decimal("2"), product=product)],
        )
    orders.order_problem_record(actor=people.alice, order=order, kind="delay", description="Late")
    # Two analyses of the chain, to list, read, change and compare.
    make_analysis(people.alice, chain, analysed_on=date(2025, 11, 1))
    make_analysis(people.alice, chain)
    # Two versions of the general terms: one in force, one coming.
    for label, day in (("2026", date(2026, 1, 1)), ("2099", date(2099, 1, 1))):
        make_terms(people.admin, label, day)
    # Market information: two signals about the chain and the competitor, which supplies it.
    for title in ("Price war", "New rules"):
        planning.signal_record(
            actor=people.alice, title=title, accounts=[chain], competitors=[rival]
        )
    planning.account_competitor_set(actor=people.alice, account=chain, competitor=rival, share=30)
    # Account plans of the chain: a draft, a submitted one and an approved one.
    for year in (2024, 2025, 2026):
        made = account_plans.plan_create(
            actor=people.alice, account=chain, year=year, plan_type="grow"
        )
        if year < 2026:
            account_plans.plan_submit(actor=people.alice, plan=made)
        if year == 2024:
            account_plans.plan_approve(actor=people.admin, plan=AccountPlan.objects.get(pk=made.pk))
    # Campaigns: two of marketing, each with a live selection of the file.
    for name in ("Mailing", "Fair"):
        campaign = campaigns.campaign_create(
            actor=people.mark,
            data={
                "name": name,
                "kind": "mailing",
                "starts_on": date(2026, 12, 1),
                "ends_on": date(2026, 12, 31),
                "owner": people.mark,
            },
        )
        campaigns.selection_save(actor=people.mark, campaign=campaign, criteria=Criteria())
    _events(people)


def _events(people: Personas) -> None:
    """Two events of a seminar (ids 1 and 2), the first with places for one and a registration."""
    from datetime import datetime, timedelta

    from django.utils import timezone

    from koers.campaigns import event_services
    from koers.campaigns.event_services import Registrant

    start = timezone.make_aware(datetime(2099, 3, 1, 14))
    seminar = campaigns.campaign_create(
        actor=people.mark,
        data={
            "name": "Seminar",
            "kind": "seminar",
            "starts_on": start.date(),
            "ends_on": start.date(),
            "owner": people.mark,
        },
    )
    for capacity in (1, None):
        event = event_services.event_create(
            actor=people.mark,
            campaign=seminar,
            data={
                "name": "Seminar",
                "location": "Utrecht",
                "starts_at": start,
                "ends_at": start + timedelta(hours=2),
                "capacity": capacity,
                "questions": "Topic?",
            },
        )
    event_services.registration_create(
        event=event, who=Registrant(name="Anna", email="anna@example.nl")
    )


# Loaded once, in-process; each test below runs its requests inside its own transaction.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@schema.parametrize()
@settings(
    # Per operation: schemathesis' coverage cases (boundaries, wrong types such as 0 for a date),
    # then 20 generated ones; bounded and derandomized, so the run stays well under a minute.
    max_examples=20,
    derandomize=True,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_every_check_passes_on_generated_requests(case, wsgi_app, people, token_for):
    """All of schemathesis' checks: no server error, only documented statuses, content types,
    headers and bodies; a request that breaks the schema is refused; and one valid by the schema
    is accepted, or refused only for a rule no JSON Schema can state (tests/api/schema_checks)."""
    # Schemathesis' in-process (WSGI) transport sends the items of an array of files as plain
    # form fields, not file parts, so a valid upload arrives as text; the uploads are tested
    # with real files in tests/api/test_visit_kit.py. The other checks still run for it.
    uploads = case.operation.path.endswith("/photos") and case.method.upper() == "POST"
    case.call_and_validate(
        headers={"Authorization": f"Bearer {token_for(people.admin)}"},
        excluded_checks=[positive_data_acceptance]
        + ([positive_data_refused_only_beyond_schema] if uploads else []),
        additional_checks=[] if uploads else [positive_data_refused_only_beyond_schema],
    )


def test_the_schemathesis_run_covers_every_operation():
    assert len([result.ok() for result in schema.get_all_operations()]) == 270
