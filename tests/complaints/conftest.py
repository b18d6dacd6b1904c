from __future__ import annotations

from tests.api.conftest import api, token_for  # noqa: F401 (the API client fixtures)
