from django.urls import path

from koers.correspondence.views import letters, mails, panel, templates

app_name = "correspondence"
urlpatterns = [
    path("settings/mail-templates/", templates.template_list, name="template_list"),
    path("settings/mail-templates/new/", templates.template_create, name="template_create"),
    path("settings/mail-templates/<int:pk>/", templates.template_edit, name="template_edit"),
    path("accounts/<int:pk>/correspondence/", panel.account_panel, name="account_panel"),
    path("accounts/<int:pk>/mail/", mails.account_mail_new, name="account_mail_new"),
    path("contacts/<int:pk>/mail/", mails.contact_mail_new, name="contact_mail_new"),
    path("accounts/<int:pk>/mails/", mails.account_mails, name="account_mails"),
    path("mails/<int:pk>/", mails.mail_detail, name="mail_detail"),
    path("mails/<int:pk>/retry/", mails.mail_retry, name="mail_retry"),
    path("accounts/<int:pk>/letter/", letters.account_letter_new, name="account_letter_new"),
    path("contacts/<int:pk>/letter/", letters.contact_letter_new, name="contact_letter_new"),
    path("letters/<int:pk>/pdf/", letters.letter_pdf, name="letter_pdf"),
]
