from django.urls import path

from koers.notifications import views

app_name = "notifications"
urlpatterns = [
    path("notifications/", views.notification_list, name="notification_list"),
    path("notifications/bell/", views.bell, name="bell"),
    path("notifications/read/", views.notification_read, name="notification_read"),
]
