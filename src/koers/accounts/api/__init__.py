"""The API of the customer file: accounts (with branches, account teams and segments) and
contacts (with their positions). Registered in `koers.api.urls`."""
