from django.urls import path

from koers.correspondence.views import inbound, letters, mails, panel, templates

app_name = "correspondence"
urlpatterns = [
    path("settings/mail-templates/", templates.template_list, name="template_list"),
    path("settings/mail-templates/new/", templates.template_create, name="template_create"),
    path("settings/mail-templates/<int:pk>/", templates.template_edit, name="template_edit"),
    path("settings/mail-log/", inbound.log_address, name="log_address"),
    path("settings/mail-log/renew/", inbound.log_address_renew, name="log_address_renew"),
    path("accounts/<int:pk>/correspondence/", panel.account_panel, name="account_panel"),
    path("accounts/<int:pk>/mail/", mails.account_mail_new, name="account_mail_new"),
    path("contacts/<int:pk>/mail/", mails.contact_mail_new, name="contact_mail_new"),
    path("accounts/<int:pk>/mails/", mails.account_mails, name="account_mails"),
    path("mails/<int:pk>/", mails.mail_detail, name="mail_detail"),
    path("mails/<int:pk>/retry/", mails.mail_retry, name="mail_retry"),
    path("accounts/<int:pk>/letter/", letters.account_letter_new, name="account_letter_new"),
    path("contacts/<int:pk>/letter/", letters.contact_letter_new, name="contact_letter_new"),
    path("letters/<int:pk>/pdf/", letters.letter_pdf, name="letter_pdf"),
    path("mail-log/", inbound.inbox, name="inbox"),
    path("mail-log/count/", inbound.inbox_count, name="inbox_count"),
    path("mail-log/<int:pk>/", inbound.logged_mail, name="logged_mail"),
    path("mail-log/<int:pk>/assign/", inbound.inbox_assign, name="inbox_assign"),
    path("mail-log/<int:pk>/discard/", inbound.inbox_discard, name="inbox_discard"),
    path("mail-log/<int:pk>/retry/", inbound.inbox_retry, name="inbox_retry"),
    path("mail-log/files/<int:pk>/", inbound.attachment, name="logged_mail_file"),
    path("activities/<int:pk>/mail/", inbound.activity_panel, name="activity_mail"),
]
