"""Import and export of the customer file (accounts with their contacts)."""
