"""Subscriptions: a dashboard e-mailed on a schedule (issue 16, "Subscriptions"; decision 145).
Each recipient's copy is built as that recipient, so it holds only what they may read."""
