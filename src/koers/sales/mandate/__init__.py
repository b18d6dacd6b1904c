"""The discount mandate (issue 13): rules (pure), loaders (their inputs), services (writes),
the live meter, pages and the API."""
