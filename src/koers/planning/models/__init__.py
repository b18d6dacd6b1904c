"""The planning app's models, one module per subject, all exported here."""
