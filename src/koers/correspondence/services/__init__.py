"""The writes of correspondence, one transaction each."""

from koers.correspondence.services.letters import letter_write
from koers.correspondence.services.mails import check_text, mail_retry, mail_send
from koers.correspondence.services.templates import mail_template_save

__all__ = ["check_text", "letter_write", "mail_retry", "mail_send", "mail_template_save"]
