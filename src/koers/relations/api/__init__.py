"""The API of relationship care: /activities, /visit-reports and /commitments (docs/api.md)."""
