"""Correspondence with customers: mail templates, e-mails written from Koers and PDF letters,
each recorded on the account's timeline (docs/decisions.md, "Mail and letters")."""
