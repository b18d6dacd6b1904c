"""The writes of correspondence, one transaction each."""

from koers.correspondence.services.inbound import (
    log_address_of,
    log_address_renew,
    mail_log_assign,
    mail_log_discard,
    mail_log_process,
    mail_log_receive,
    mail_log_retry,
)
from koers.correspondence.services.letters import letter_write
from koers.correspondence.services.mails import check_text, mail_retry, mail_send
from koers.correspondence.services.templates import mail_template_save

__all__ = [
    "check_text",
    "letter_write",
    "log_address_of",
    "log_address_renew",
    "mail_log_assign",
    "mail_log_discard",
    "mail_log_process",
    "mail_log_receive",
    "mail_log_retry",
    "mail_retry",
    "mail_send",
    "mail_template_save",
]
