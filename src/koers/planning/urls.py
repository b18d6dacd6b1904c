from django.urls import URLPattern

from koers.planning.analysis.urls import urlpatterns as analysis_urls

app_name = "planning"
urlpatterns: list[URLPattern] = [*analysis_urls]
