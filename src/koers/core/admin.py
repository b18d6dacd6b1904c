from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from koers.core.models import Team, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "first_name", "last_name", "role", "level", "is_active")
    list_filter = ("role", "level", "is_active")
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        (_("Koers"), {"fields": ("role", "level", "language", "phone")}),
    )


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ("name", "manager")
    filter_horizontal = ("members",)
