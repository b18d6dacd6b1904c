from django.contrib import admin

from koers.insights.reports.models import ReportSettings


@admin.register(ReportSettings)
class ReportSettingsAdmin(admin.ModelAdmin):
    """The threshold of a material deviation (one row): set by an administrator."""

    list_display = ("threshold",)

    def has_add_permission(self, request: object) -> bool:
        return not ReportSettings.objects.exists()
