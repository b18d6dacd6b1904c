"""The charts of a campaign's results (the one chart helper, `core/charts.py`): reach and
response as a funnel of counts, and each goal as the share reached. Each carries its table."""

from __future__ import annotations

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from koers.campaigns.results import Results
from koers.core.charts import Chart, Number, Series, bar_chart


def _count(value: Number) -> str:
    return number_format(int(value), use_l10n=True, force_grouping=True)


def _share(value: Number) -> str:
    return f"{number_format(int(value), use_l10n=True)} %"


def funnel(results: Results) -> Chart:
    steps = [
        (_("Selected"), results.selected),
        (_("Sent"), results.sent),
        (_("Responded"), results.responded),
        (_("Leads"), results.leads),
        (_("Opportunities"), results.opportunities),
        (_("Won"), results.won),
    ]
    return bar_chart(
        title=_("Reach and response"),
        categories=[label for label, _value in steps],
        series=[Series(_("Contacts or deals"), [value for _label, value in steps])],
        fmt=_count,
    )


def goals(results: Results) -> Chart:
    set_goals = [goal for goal in results.goals if goal.share is not None]
    return bar_chart(
        title=_("Against the goals"),
        categories=[str(goal.label) for goal in set_goals],
        series=[Series(_("Share of the goal reached"), [goal.share for goal in set_goals])],
        fmt=_share,
    )
