"""The URLs of events (decision 139), added to `campaigns/urls.py`: the staff pages under
/events/, the public pages under /e/<the event's random address>/."""

from django.urls import path

from koers.campaigns.views import event_door, event_public, event_registrations, events

urlpatterns = [
    path("campaigns/<int:pk>/events/new/", events.event_new, name="event_new"),
    path("events/<int:pk>/", events.event_detail, name="event_detail"),
    path("events/<int:pk>/edit/", events.event_edit, name="event_edit"),
    path("events/<int:pk>/invite/", events.event_invite, name="event_invite"),
    path("events/<int:pk>/slots/", events.event_slot_add, name="event_slot_add"),
    path("events/slots/<int:pk>/remove/", events.event_slot_remove, name="event_slot_remove"),
    path(
        "events/<int:pk>/registrations/",
        event_registrations.event_registrations,
        name="event_registrations",
    ),
    path(
        "events/<int:pk>/registrations/<int:registration>/cancel/",
        event_registrations.registration_cancel,
        name="event_registration_cancel",
    ),
    path(
        "events/<int:pk>/registrations/<int:registration>/move-up/",
        event_registrations.registration_move_up,
        name="event_registration_move_up",
    ),
    path("events/<int:pk>/check-in/", event_door.event_door, name="event_door"),
    path(
        "events/<int:pk>/check-in/<int:registration>/",
        event_door.event_check_in,
        name="event_check_in",
    ),
    path("events/<int:pk>/walk-in/", event_door.event_walk_in, name="event_walk_in"),
    path("events/scan/<str:token>/", event_door.event_scan, name="event_scan"),
    path("e/<str:slug>/", event_public.event_register, name="event_register"),
    path("e/<str:slug>/cancel/<str:token>/", event_public.event_cancel, name="event_cancel"),
]
