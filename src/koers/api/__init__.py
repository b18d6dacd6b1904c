"""The REST API v1 of the customer file, and the page where users manage their API tokens."""
