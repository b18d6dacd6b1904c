from django.urls import path

from koers.aftersales.views import pages, public

app_name = "aftersales"
urlpatterns = [
    # The customer's page: outside every signed-in area, no id in the address.
    path("survey/<str:token>/", public.survey_answer, name="survey_answer"),
    path("orders/<int:pk>/after-sales/", pages.order_after_sales, name="order_after_sales"),
    path("orders/<int:pk>/after-sales/panel/", pages.order_panel, name="order_panel"),
    path("orders/<int:pk>/after-sales/surveys/", pages.survey_send, name="survey_send"),
    path("orders/<int:pk>/after-sales/close/", pages.close, name="close"),
    path(
        "after-sales/ideas/<int:pk>/opportunity/", pages.idea_opportunity, name="idea_opportunity"
    ),
    path("accounts/<int:pk>/surveys/", pages.account_surveys, name="account_surveys"),
    path("surveys/", pages.survey_list, name="survey_list"),
    path("settings/after-sales/", pages.aftersales_settings, name="settings"),
    path("settings/after-sales/questions/", pages.question_save, name="question_add"),
    path("settings/after-sales/questions/<int:pk>/", pages.question_save, name="question_edit"),
]
