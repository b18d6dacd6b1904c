"""/api/v1/ (the REST API, its OpenAPI schema and docs) and the API token settings page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import path, re_path
from django.utils import translation
from ninja import NinjaAPI, Swagger
from ninja.openapi.schema import OpenAPISchema
from ninja.operation import Operation
from ninja.parser import Parser

from koers.accounts.api import accounts, contacts
from koers.aftersales import api as aftersales_api
from koers.api import errors, views
from koers.api.auth import SessionAuth, TokenAuth
from koers.campaigns.api import campaigns, leads, mailings
from koers.campaigns.api import events as campaign_events
from koers.complaints.api import complaints
from koers.core import api as core_api
from koers.core.terms.api import general_terms
from koers.correspondence.api import inbound_mail, logged_mails, sent_mails
from koers.gifts.api import gifts
from koers.insights.api import company as insights_company_api
from koers.insights.api import insights as insights_api
from koers.insights.api import pipeline as insights_pipeline_api
from koers.insights.api import reports as insight_reports_api
from koers.insights.api import subscriptions as insight_subscriptions_api
from koers.insights.api import win_loss as insights_win_loss_api
from koers.planning.analysis.api import analyses as account_analyses
from koers.planning.api import competitors as market_competitors
from koers.planning.api import signals as market_signals
from koers.planning.plans.api import estimates as whitespace_estimates
from koers.planning.plans.api import extras as plan_extras
from koers.planning.plans.api import monitoring as plan_monitoring
from koers.planning.plans.api import plans as account_plans
from koers.planning.portfolio.api import portfolio as portfolio_api
from koers.planning.salesplans.api import lines as sales_plan_lines
from koers.planning.salesplans.api import sales_actions as sales_actions_api
from koers.planning.salesplans.api import salesplans as sales_plans
from koers.planning.targets.api import progress as target_progress
from koers.planning.targets.api import spread as target_spread
from koers.planning.targets.api import targets
from koers.proposals.api import proposals
from koers.relations.api import activities, commitments, visit_kit, visit_reports
from koers.sales.api import catalogue, prices
from koers.sales.mandate.api import delegations, mandates
from koers.sales.opportunities.api import opportunities
from koers.sales.orders.api import orders
from koers.sales.quote_templates.api import quote_templates
from koers.sales.quotes.api import approvals as quote_approvals
from koers.sales.quotes.api import quotes
from koers.sales.quotes.api import sending as quote_sending


class JsonObjectParser(Parser):
    """Every request body of this API is a JSON object; anything else is a 400."""

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        data = super().parse_body(request)
        if not isinstance(data, dict):
            raise ValueError("not a JSON object")
        return data


class KoersAPI(NinjaAPI):
    """The API object, with operation ids that do not follow the code around.

    Generated clients name their methods after the operation ids, which ninja derives from the
    module: `koers_api_<module>_<function>` from when every router lived in `koers/api/`. The
    routers moved to their apps; the ids stay: `koers_api_<router module's last name>_<function>`,
    and the users and teams of `koers.core.api` keep the name of their old module, `people`.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._schemas: dict[tuple[str, str | None], OpenAPISchema] = {}

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        """Built once per process and language: building it walks all 200-odd operations and
        their pydantic models (about five seconds of CPU), and nothing in it changes while the
        process runs. The schema is shared: callers must not change it."""
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        key = (path_prefix, translation.get_language())
        if key not in self._schemas:
            self._schemas[key] = super().get_openapi_schema(path_prefix=path_prefix)
        return self._schemas[key]

    def get_openapi_operation_id(self, operation: Operation) -> str:
        module = operation.view_func.__module__
        group = LEGACY_GROUPS.get(module, module.rpartition(".")[2])
        return f"koers_api_{group}_{operation.view_func.__name__}"


LEGACY_GROUPS = {"koers.core.api": "people"}

api = KoersAPI(
    title="Koers API",
    version="1",
    # The reference for integrators is in English, like the schema's names and summaries.
    description=(
        "The customer file of Koers: accounts (with branches and account teams), contacts "
        "(with their positions), users and teams; and the care of the relationships: "
        "activities, visit reports and commitments; complaints with their handling, tasks and "
        "comments; improvement proposals to the manager; the gifts and hospitality register; the "
        "catalogue: products with their price for an account, product groups and price lists; "
        "the discount mandate (level and personal mandates, and a check of a quote's figures). "
        "Authenticate with a personal API token "
        "(Authorization: Bearer koers_…; make one under Settings → API tokens) or, from the "
        "browser, with your session. See docs/api.md."
    ),
    urls_namespace="api:v1",
    auth=[TokenAuth(), SessionAuth()],
    # The Swagger UI files are served from ninja's static files (no CDN); the validator badge
    # would load an image from an outside host, which the CSP forbids anyway.
    docs=Swagger(settings={"validatorUrl": None}),
    parser=JsonObjectParser(),
)
errors.install(api)
api.add_router("", accounts.router)
api.add_router("", contacts.router)
api.add_router("", core_api.router)
api.add_router("", activities.router)
api.add_router("", visit_reports.router)
api.add_router("", visit_kit.router)
api.add_router("", commitments.router)
api.add_router("", gifts.router)
api.add_router("", proposals.router)
api.add_router("", sent_mails.router)
api.add_router("", logged_mails.router)
api.add_router("", complaints.router)
api.add_router("", inbound_mail.router)
api.add_router("", catalogue.router)
api.add_router("", prices.router)
api.add_router("", opportunities.router)
api.add_router("", mandates.router)
api.add_router("", delegations.router)
api.add_router("", quotes.router)
api.add_router("", orders.router)
api.add_router("", quote_sending.router)
api.add_router("", quote_approvals.router)
api.add_router("", account_analyses.router)
api.add_router("", general_terms.router)
api.add_router("", quote_templates.router)
api.add_router("", aftersales_api.router)
api.add_router("", market_signals.router)
api.add_router("", market_competitors.router)
api.add_router("", account_plans.router)
api.add_router("", plan_monitoring.router)
api.add_router("", plan_extras.router)
api.add_router("", whitespace_estimates.router)
api.add_router("", portfolio_api.router)
api.add_router("", targets.router)
api.add_router("", sales_plans.router)
api.add_router("", sales_plan_lines.router)
api.add_router("", sales_actions_api.router)
api.add_router("", target_progress.router)
api.add_router("", target_spread.router)
api.add_router("", insights_api.router)
api.add_router("", insights_company_api.router)
api.add_router("", insights_pipeline_api.router)
api.add_router("", insights_win_loss_api.router)
api.add_router("", insight_subscriptions_api.router)
api.add_router("", insight_reports_api.router)
api.add_router("", campaigns.router)
api.add_router("", mailings.router)
api.add_router("", campaign_events.router)
api.add_router("", leads.router)

app_name = "api"
urlpatterns = [
    path("settings/api-tokens/", views.token_list, name="tokens"),
    path("settings/api-tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
    path("api/v1/", api.urls),
    # Anything else under /api/ is a JSON 404 too, not the HTML error page.
    re_path(r"^api/", errors.json_not_found),
]
