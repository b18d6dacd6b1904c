"""The portfolio's and account health's rows of the access matrix
(tests/core/test_access_matrix.py). The portfolio is everyone's own (their own accounts, or
the team's); an account's health is read with the account."""

from __future__ import annotations

from typing import Any

from tests.access_matrix import Row, World, statuses


def rows(*, signed_in: dict[str, int], read: dict[str, int]) -> list[Row]:
    def api(base: dict[str, int]) -> dict[str, int]:
        return statuses(base, anon=401)

    def alpha(w: World) -> dict[str, Any]:
        return {"pk": w.alpha.pk}

    def cell(w: World) -> dict[str, str]:
        return {"attractiveness": "high", "relationship": "low"}

    return [
        Row("planning:portfolio", signed_in),
        Row("planning:portfolio_cell", signed_in, kwargs=cell),
        Row("planning:account_health", read, kwargs=alpha, htmx=True),
        Row("api:v1:get_portfolio", api(signed_in)),
        Row("api:v1:list_portfolio_cell", api(signed_in), kwargs=cell),
        Row(
            "api:v1:get_account_health",
            api(read),
            kwargs=lambda w: {"account_id": w.alpha.pk},
        ),
    ]
