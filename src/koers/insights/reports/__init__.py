"""The periodic accountability report ("verantwoording resultaten", seeds/002 area 4) and the
per-account yearly report (docs/decisions.md, 141)."""
