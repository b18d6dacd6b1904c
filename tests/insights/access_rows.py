"""The insights rows of the access matrix (tests/core/test_access_matrix.py).

Everybody signed in opens their own dashboard and the lists behind its figures (each counts
only what they may read); the team matrix is for managers, the sales director and
administrators (403 for the others); the company's figures for administrators and the sales
director. The win and loss page, its lists and export and its API are for everybody signed
in, each over what they may read. Subscriptions are each user's own: another's is a 404, by
page and by API id."""

from __future__ import annotations

from typing import Any

from koers.insights.subscriptions import services as subscription_services
from tests.access_matrix import Row, World, statuses


def extend_world(objects: dict[str, Any]) -> None:
    """Alice's weekly subscription to her figures (she has an e-mail address to send to)."""
    alice = objects["alice"]
    alice.email = "alice@example.nl"
    alice.save(update_fields=["email"])
    objects["subscription"] = subscription_services.subscription_create(
        actor=alice, view="dashboard", data="period=month", frequency="weekly"
    )


def rows(*, signed_in: dict[str, int]) -> list[Row]:
    team = statuses(signed_in, **dict.fromkeys(("alice", "bob", "charlie", "ingrid", "mark"), 403))

    def key(_w: object) -> dict[str, str]:
        return {"key": "revenue"}

    def movement(_w: object) -> dict[str, str]:
        return {"key": "pipeline_slipped"}

    def plans(_w: object) -> dict[str, str]:
        return {"key": "plans_approved"}

    def wallet(_w: object) -> dict[str, str]:
        return {"key": "share_of_wallet"}

    def subscription(w: World) -> dict[str, int]:
        return {"pk": w.subscription.pk}

    def subscription_id(w: World) -> dict[str, int]:
        return {"subscription_id": w.subscription.pk}

    api = statuses(signed_in, anon=401)
    # The company's figures: administrators and the sales director (no persona here).
    company = statuses(
        signed_in, **dict.fromkeys(("alice", "bob", "charlie", "maria", "ingrid", "mark"), 403)
    )
    # Only alice's subscription exists; only alice has an e-mail address to subscribe with.
    own = statuses(
        signed_in, **dict.fromkeys(("bob", "charlie", "maria", "ingrid", "mark", "admin"), 404)
    )
    return [
        Row("insights:subscriptions", signed_in),
        Row("insights:subscribe", signed_in, query="view=dashboard&period=quarter"),
        Row("insights:subscribe", team, query="view=team"),
        # Without a frequency: the form again with the message, for everybody signed in.
        Row("insights:subscribe", signed_in, method="post", data=lambda w: {"view": "dashboard"}),
        Row(
            "insights:subscription_send",
            statuses(own, alice=302),
            kwargs=subscription,
            method="post",
        ),
        Row("insights:unsubscribe", statuses(own, alice=302), kwargs=subscription, method="post"),
        Row("api:v1:list_subscriptions", api),
        Row(
            "api:v1:create_subscription",
            statuses(
                api,
                **dict.fromkeys(("bob", "charlie", "maria", "ingrid", "mark", "admin"), 422),
                alice=201,
            ),
            method="post",
            json=True,
            data=lambda w: {"view": "dashboard", "frequency": "weekly"},
        ),
        Row(
            "api:v1:delete_subscription",
            statuses(own, alice=204, anon=401),
            kwargs=subscription_id,
            method="delete",
        ),
        Row("insights:dashboard", signed_in),
        Row("insights:dashboard", signed_in, query="period=range&start=2026-01-01&end=2026-03-31"),
        Row("insights:dashboard", signed_in, query="tier=A&compare=last_year"),
        Row("insights:team", team),
        Row("insights:team", team, query="tier=B&segment=1&compare=none"),
        Row("insights:drill", signed_in, kwargs=key, query="period=quarter"),
        Row("insights:drill_export", signed_in, kwargs=key),
        Row("api:v1:get_insight_indicators", statuses(signed_in, anon=401), query="period=week"),
        Row(
            "api:v1:get_insight_indicators",
            statuses(signed_in, anon=401),
            query="tier=A&compare=last_year",
        ),
        Row("api:v1:get_insight_team", statuses(team, anon=401)),
        Row("insights:company", company),
        Row("insights:company", company, query="by=segments&period=quarter&tier=A"),
        Row("insights:company", company, query="by=product_groups&compare=last_year"),
        Row("api:v1:get_insight_company", statuses(company, anon=401)),
        Row("api:v1:get_insight_company", statuses(company, anon=401), query="by=segments"),
        Row(
            "api:v1:get_insight_company",
            statuses(company, anon=401),
            query="by=product_groups&period=year",
        ),
        # Pipeline movement (decision 142): everyone signed in, over what they may read.
        Row("insights:pipeline", signed_in, query="period=quarter"),
        Row("insights:pipeline", signed_in, query="period=month&team=1&person=1"),
        Row("insights:drill", signed_in, kwargs=movement, query="period=quarter&team=1"),
        Row(
            "api:v1:get_insight_pipeline_movement",
            statuses(signed_in, anon=401),
            query="period=quarter",
        ),
        # Win and loss (decision 148): everyone signed in, over what they may read.
        Row("insights:win_loss", signed_in, query="period=quarter"),
        Row("insights:win_loss", signed_in, query="period=month&team=1&person=1&tier=A"),
        Row("insights:win_loss_deals", signed_in, query="period=quarter&outcome=lost&reason=price"),
        Row("insights:win_loss_deals", signed_in, query="outcome=lost&competitor=none&team=1"),
        Row("insights:win_loss_export", signed_in, query="period=year&outcome=won"),
        Row("insights:drill", signed_in, kwargs=plans, query="period=year"),
        Row("insights:drill", signed_in, kwargs=wallet, query="period=quarter&segment=1"),
        Row("api:v1:get_insight_win_loss", statuses(signed_in, anon=401), query="period=year"),
    ]
