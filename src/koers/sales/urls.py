from django.urls import path

from koers.sales.catalogue.views import administration, prices, products
from koers.sales.catalogue.views import panels as catalogue_panels
from koers.sales.mandate.views import manage as mandate_manage
from koers.sales.mandate.views import pages as mandate_pages
from koers.sales.opportunities.views import (
    actions,
    activity_panel,
    board,
    forecast,
    pages,
    panels,
)
from koers.sales.opportunities.views import settings as opportunity_settings
from koers.sales.orders.views import actions as order_actions
from koers.sales.orders.views import pages as order_pages
from koers.sales.quote_templates import views as quote_templates
from koers.sales.quotes.views import actions as quote_actions
from koers.sales.quotes.views import approvals as quote_approvals
from koers.sales.quotes.views import documents as quote_documents
from koers.sales.quotes.views import links as quote_links
from koers.sales.quotes.views import online as quote_online
from koers.sales.quotes.views import pages as quote_pages

app_name = "sales"
urlpatterns = [
    path("catalogue/", products.product_list, name="product_list"),
    path(
        "catalogue/export.csv", products.product_export, {"fmt": "csv"}, name="product_export_csv"
    ),
    path(
        "catalogue/export.xlsx",
        products.product_export,
        {"fmt": "xlsx"},
        name="product_export_xlsx",
    ),
    path("catalogue/new/", products.product_create, name="product_create"),
    path("catalogue/<int:pk>/", products.product_detail, name="product_detail"),
    path("catalogue/<int:pk>/edit/", products.product_edit, name="product_edit"),
    path("catalogue/<int:pk>/remove/", products.product_remove, name="product_remove"),
    path("settings/catalogue/", administration.group_list, name="group_list"),
    path("settings/catalogue/groups/new/", administration.group_create, name="group_create"),
    path("settings/catalogue/groups/<int:pk>/", administration.group_edit, name="group_edit"),
    path(
        "settings/catalogue/groups/<int:pk>/remove/",
        administration.group_remove,
        name="group_remove",
    ),
    path("settings/catalogue/vat/", administration.vat_rate_list, name="vat_rate_list"),
    path(
        "settings/catalogue/vat/<int:pk>/remove/",
        administration.vat_rate_remove,
        name="vat_rate_remove",
    ),
    path(
        "settings/catalogue/cost-prices/",
        administration.catalogue_settings,
        name="catalogue_settings",
    ),
    path("settings/price-lists/", prices.price_list_list, name="price_list_list"),
    path("settings/price-lists/new/", prices.price_list_create, name="price_list_create"),
    path("settings/price-lists/<int:pk>/", prices.price_list_detail, name="price_list_detail"),
    path(
        "settings/price-lists/<int:pk>/remove/",
        prices.price_list_remove,
        name="price_list_remove",
    ),
    path(
        "settings/price-lists/<int:pk>/prices/",
        prices.price_list_item_add,
        name="price_list_item_add",
    ),
    path(
        "settings/price-lists/<int:pk>/prices/<int:item_pk>/remove/",
        prices.price_list_item_remove,
        name="price_list_item_remove",
    ),
    path("settings/agreed-prices/", prices.agreed_price_list, name="agreed_price_list"),
    path("settings/agreed-prices/new/", prices.agreed_price_create, name="agreed_price_create"),
    path("settings/agreed-prices/<int:pk>/", prices.agreed_price_edit, name="agreed_price_edit"),
    path(
        "settings/agreed-prices/<int:pk>/remove/",
        prices.agreed_price_remove,
        name="agreed_price_remove",
    ),
    path("opportunities/", pages.opportunity_list, name="opportunity_list"),
    path("opportunities/count/", pages.opportunity_count, name="opportunity_count"),
    path(
        "opportunities/export.csv",
        pages.opportunity_export,
        {"fmt": "csv"},
        name="opportunity_export_csv",
    ),
    path(
        "opportunities/export.xlsx",
        pages.opportunity_export,
        {"fmt": "xlsx"},
        name="opportunity_export_xlsx",
    ),
    path("opportunities/new/", pages.opportunity_new, name="opportunity_new"),
    path("opportunities/board/", board.board_page, name="board"),
    path("opportunities/board/columns/<str:stage>/", board.board_column, name="board_column"),
    path("opportunities/board/cards/<int:pk>/", board.board_card, name="board_card"),
    path("opportunities/board/cards/<int:pk>/move/", board.board_move, name="board_move"),
    path("opportunities/forecast/", forecast.forecast_page, name="forecast"),
    path("opportunities/<int:pk>/", pages.opportunity_detail, name="opportunity_detail"),
    path("opportunities/<int:pk>/edit/", pages.opportunity_edit, name="opportunity_edit"),
    path("opportunities/<int:pk>/stage/", actions.stage_change, name="opportunity_stage"),
    path("opportunities/<int:pk>/reopen/", actions.reopen, name="opportunity_reopen"),
    path("opportunities/<int:pk>/contacts/", actions.contact_add, name="deal_contact_add"),
    path("opportunities/<int:pk>/members/", actions.members_set, name="opportunity_members"),
    path(
        "opportunities/<int:pk>/competitors/",
        actions.competitors_set,
        name="opportunity_competitors",
    ),
    path("opportunities/<int:pk>/qualification/", actions.qualify, name="opportunity_qualify"),
    path("opportunities/<int:pk>/lines/", actions.line_add, name="opportunity_line_add"),
    path(
        "opportunities/<int:pk>/lines/<int:line_pk>/remove/",
        actions.line_remove,
        name="opportunity_line_remove",
    ),
    path("opportunities/<int:pk>/room/approve/", actions.room_approve, name="room_approve"),
    path("deal-contacts/<int:pk>/", actions.contact_update, name="deal_contact_update"),
    path("deal-contacts/<int:pk>/remove/", actions.contact_remove, name="deal_contact_remove"),
    path(
        "accounts/<int:pk>/opportunities/",
        panels.account_opportunities,
        name="account_opportunities",
    ),
    path(
        "accounts/<int:pk>/agreed-prices/",
        catalogue_panels.account_agreed_prices,
        name="account_agreed_prices",
    ),
    path("activities/<int:pk>/deal/", activity_panel.activity_deal, name="activity_deal"),
    path("competitors/", opportunity_settings.competitor_list, name="competitor_list"),
    path("competitors/<int:pk>/", opportunity_settings.competitor_edit, name="competitor_edit"),
    path("settings/stages/", opportunity_settings.stage_settings, name="stage_settings"),
    path("settings/mandates/", mandate_manage.mandate_settings, name="mandate_settings"),
    path("mandate/", mandate_pages.mandate_mine, name="mandate_mine"),
    path("mandate/check/", mandate_pages.mandate_check, name="mandate_check"),
    path("mandate/team/", mandate_manage.team_mandates, name="team_mandates"),
    path("mandate/team/<int:pk>/", mandate_manage.personal_mandate, name="personal_mandate"),
    path(
        "mandate/personal/<int:pk>/end/",
        mandate_manage.personal_mandate_end,
        name="personal_mandate_end",
    ),
    path("mandate/delegations/", mandate_manage.delegations, name="delegations"),
    path(
        "mandate/delegations/<int:pk>/end/",
        mandate_manage.delegation_end,
        name="delegation_end",
    ),
    path("opportunities/<int:pk>/quote/", quote_pages.quote_create, name="quote_create"),
    path("quotes/", quote_pages.quote_list, name="quote_list"),
    path("quotes/count/", quote_pages.quote_count, name="quote_count"),
    path("quotes/review/", quote_pages.review_queue, name="quote_review_queue"),
    path("quotes/approvals/", quote_approvals.approval_queue, name="quote_approval_queue"),
    path("quotes/approvals/count/", quote_approvals.approval_count, name="quote_approval_count"),
    path(
        "quote-versions/<int:pk>/approval/",
        quote_approvals.approval_decide,
        name="quote_approval",
    ),
    path("quotes/<int:pk>/", quote_pages.quote_detail, name="quote_detail"),
    path("quote-versions/<int:pk>/", quote_pages.quote_version, name="quote_version"),
    path("quote-versions/<int:pk>/terms/", quote_actions.terms, name="quote_terms"),
    path("quote-versions/<int:pk>/lines/", quote_actions.line_add, name="quote_line_add"),
    path("quote-versions/<int:pk>/groups/", quote_actions.group_add, name="quote_group_add"),
    path("quote-versions/<int:pk>/submit/", quote_actions.submit, name="quote_submit"),
    path("quote-versions/<int:pk>/review/", quote_actions.review, name="quote_review"),
    path("quote-versions/<int:pk>/sent/", quote_actions.mark_sent, name="quote_mark_sent"),
    path("quote-versions/<int:pk>/pdf/", quote_documents.quote_pdf, name="quote_pdf"),
    path("quote-versions/<int:pk>/send/", quote_documents.quote_send, name="quote_send"),
    path("quote-versions/<int:pk>/accept/", quote_actions.accept, name="quote_accept"),
    path("quote-versions/<int:pk>/decline/", quote_actions.decline, name="quote_decline"),
    path("quote-versions/<int:pk>/extend/", quote_actions.extend, name="quote_extend"),
    path("quote-versions/<int:pk>/link/", quote_links.link_make, name="quote_link_make"),
    path("quote-versions/<int:pk>/link/revoke/", quote_links.link_revoke, name="quote_link_revoke"),
    path("quote-versions/<int:pk>/withdraw/", quote_actions.withdraw, name="quote_withdraw"),
    path("quote-versions/<int:pk>/revise/", quote_actions.revise, name="quote_revise"),
    path("quote-versions/<int:pk>/variant/", quote_actions.variant, name="quote_variant"),
    path("quote-lines/<int:pk>/", quote_actions.line_edit, name="quote_line_edit"),
    path("quote-lines/<int:pk>/remove/", quote_actions.line_remove, name="quote_line_remove"),
    path("quote-lines/<int:pk>/move/", quote_actions.line_move, name="quote_line_move"),
    path("quote-groups/<int:pk>/remove/", quote_actions.group_remove, name="quote_group_remove"),
    path("settings/quotes/", quote_pages.quote_settings, name="quote_settings"),
    path("settings/quote-templates/", quote_templates.template_list, name="quote_template_list"),
    path(
        "settings/quote-templates/new/",
        quote_templates.template_create,
        name="quote_template_create",
    ),
    path(
        "settings/quote-templates/<int:pk>/",
        quote_templates.template_detail,
        name="quote_template_detail",
    ),
    path(
        "settings/quote-templates/<int:pk>/groups/",
        quote_templates.template_group_add,
        name="quote_template_group_add",
    ),
    path(
        "settings/quote-templates/<int:pk>/lines/",
        quote_templates.template_line_add,
        name="quote_template_line_add",
    ),
    path(
        "settings/quote-templates/<int:pk>/copy/",
        quote_templates.template_copy,
        name="quote_template_copy",
    ),
    path(
        "settings/quote-templates/<int:pk>/archive/",
        quote_templates.template_archive,
        name="quote_template_archive",
    ),
    path(
        "settings/quote-template-groups/<int:pk>/remove/",
        quote_templates.template_group_remove,
        name="quote_template_group_remove",
    ),
    path(
        "settings/quote-template-lines/<int:pk>/remove/",
        quote_templates.template_line_remove,
        name="quote_template_line_remove",
    ),
    # The customer's public page, reached only through the token in the quote's mail.
    path("q/<str:token>/", quote_online.quote_online, name="quote_online"),
    path("q/<str:token>/totals/", quote_online.quote_online_totals, name="quote_online_totals"),
    path("q/<str:token>/pdf/", quote_online.quote_online_pdf, name="quote_online_pdf"),
    path("orders/", order_pages.order_list, name="order_list"),
    path("orders/watch/", order_pages.order_watch, name="order_watch"),
    path("orders/count/", order_pages.order_count, name="order_count"),
    path("orders/export.csv", order_pages.order_export, {"fmt": "csv"}, name="order_export_csv"),
    path("orders/export.xlsx", order_pages.order_export, {"fmt": "xlsx"}, name="order_export_xlsx"),
    path("orders/new/", order_pages.order_new, name="order_new"),
    path("orders/<int:pk>/", order_pages.order_detail, name="order_detail"),
    path("orders/<int:pk>/edit/", order_pages.order_edit, name="order_edit"),
    path("orders/<int:pk>/ubl.xml", order_pages.order_ubl, name="order_ubl"),
    path("orders/<int:pk>/status/", order_actions.status_change, name="order_status"),
    path("orders/<int:pk>/cancel/", order_actions.cancel, name="order_cancel"),
    path("orders/<int:pk>/lines/", order_actions.line_add, name="order_line_add"),
    path(
        "orders/<int:pk>/lines/<int:line_pk>/remove/",
        order_actions.line_remove,
        name="order_line_remove",
    ),
    path("orders/<int:pk>/problems/", order_actions.problem_add, name="order_problem_add"),
    path(
        "orders/<int:pk>/problems/<int:problem_pk>/resolve/",
        order_actions.problem_resolve,
        name="order_problem_resolve",
    ),
    path(
        "orders/<int:pk>/problems/<int:problem_pk>/mail/",
        order_actions.problem_mail,
        name="order_problem_mail",
    ),
    path("orders/<int:pk>/again/", order_actions.order_again, name="order_again"),
    path("accounts/<int:pk>/orders/", order_pages.account_orders, name="account_orders"),
]
