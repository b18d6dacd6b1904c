from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from koers.transfer.models import ImportJob, ImportMapping


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ["file_name", "owner", "status", "total_rows", "error_count", "created_at"]
    list_filter = ["status"]
    search_fields = ["file_name", "owner__username"]
    # The stored rows can be megabytes: never in a form.
    exclude = ["rows", "prepared"]
    # The status moves only through the lifecycle (transfer/lifecycle.py), never by hand here.
    readonly_fields = [
        "status",
        "owner",
        "file_name",
        "headers",
        "mapping",
        "total_rows",
        "processed_rows",
        "error_count",
        "created_count",
        "updated_count",
        "contacts_created_count",
        "error_report",
        "result",
        "validated",
        "created_at",
        "finished_at",
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[ImportJob]:
        return super().get_queryset(request).defer("rows", "prepared").select_related("owner")


@admin.register(ImportMapping)
class ImportMappingAdmin(admin.ModelAdmin):
    list_display = ["name", "owner", "updated_at"]
    search_fields = ["name", "owner__username"]
