from django.urls import path

from koers.relations.views import timeline

app_name = "relations"
urlpatterns = [
    path("accounts/<int:pk>/timeline/", timeline.account_timeline, name="account_timeline"),
    path("accounts/<int:pk>/activities/log/", timeline.activity_log, name="activity_log"),
    path("contacts/<int:pk>/timeline/", timeline.contact_timeline, name="contact_timeline"),
]
