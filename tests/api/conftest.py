"""An API client per persona: `api(people.alice).get("/accounts")` sends alice's token."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from koers.api import services
from koers.core.models import User

BASE = "/api/v1"


class ApiClient:
    def __init__(self, client: Client, token: str | None) -> None:
        self.client = client
        self.token = token

    def _headers(self, extra: dict[str, str] | None) -> dict[str, str]:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        return {**headers, **(extra or {})}

    def get(self, path: str, params: dict[str, Any] | None = None, **kw: Any):
        return self.client.get(BASE + path, params or {}, headers=self._headers(kw.get("headers")))

    def _send(self, method: str, path: str, body: Any, headers: dict[str, str] | None):
        data = body if isinstance(body, str | bytes) else json.dumps(body)
        return getattr(self.client, method)(
            BASE + path, data, content_type="application/json", headers=self._headers(headers)
        )

    def post(self, path: str, body: Any = None, headers: dict[str, str] | None = None):
        return self._send("post", path, {} if body is None else body, headers)

    def patch(self, path: str, body: Any, headers: dict[str, str] | None = None):
        return self._send("patch", path, body, headers)

    def put(self, path: str, body: Any, headers: dict[str, str] | None = None):
        return self._send("put", path, body, headers)

    def delete(self, path: str, headers: dict[str, str] | None = None):
        return self.client.delete(BASE + path, headers=self._headers(headers))


@pytest.fixture
def token_for(db):
    def _make(user: User, name: str = "test") -> str:
        return services.api_token_create(user=user, name=name)[1]

    return _make


@pytest.fixture
def api(token_for):
    """A client that authenticates with a fresh token of the given user (None: no token)."""

    def _client(user: User | None) -> ApiClient:
        return ApiClient(Client(), token_for(user) if user is not None else None)

    return _client
