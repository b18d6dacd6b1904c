from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from koers.accounts.models import Account, AccountTeamMember, Contact, Position, Segment, Tag


class AccountTeamInline(admin.TabularInline):
    model = AccountTeamMember
    extra = 0


@admin.register(Account)
class AccountAdmin(SimpleHistoryAdmin):
    list_display = ("name", "kvk_number", "visit_city", "tier", "status", "owner")
    list_filter = ("tier", "status", "segment")
    search_fields = ("name", "kvk_number", "visit_city")
    raw_id_fields = ("parent", "owner")
    inlines = [AccountTeamInline]


@admin.register(Contact)
class ContactAdmin(SimpleHistoryAdmin):
    list_display = ("last_name", "first_name", "email")
    search_fields = ("last_name", "first_name", "email")


admin.site.register(Position)
admin.site.register(Segment)
admin.site.register(Tag)
