"""Demo data for trying Koers out: `manage.py demo` runs every app's demo step in order.

Each Koers app that has demo data holds it in `<app>/demo.py` with `build(context, rng)`; the
runner (`runner.py`) calls them in the order of INSTALLED_APPS, so an app finds the users, teams
and accounts of the apps it builds on in the shared `DemoContext`. A new app adds its own
`demo.py` and touches no other step. The Dutch words of every step (and of bench/) are in
`words.py`.
"""
