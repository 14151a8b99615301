"""Sending email over SMTP (aiosmtplib), or logging it in development when no server is set."""

from __future__ import annotations

import logging
from email.message import EmailMessage

import aiosmtplib

from imis_gateway.config import GatewaySettings
from imis_shared.errors import ServiceUnavailable

logger = logging.getLogger("imis.gateway.mail")


class Mailer:
    """Sends plain-text messages through the configured SMTP server.

    Without ``IMIS_GATEWAY_SMTP_HOST``: in development the message (with its link) is logged
    instead, so that the flow can be tried locally; anywhere else sending is refused with 503,
    because a message that silently goes nowhere is worse than a clear error.
    """

    def __init__(self, settings: GatewaySettings) -> None:
        self.settings = settings

    @property
    def configured(self) -> bool:
        return self.settings.smtp_host is not None

    def check_available(self) -> None:
        if not self.configured and not self.settings.is_development:
            raise ServiceUnavailable("Email cannot be sent: no SMTP server is configured.")

    async def send(self, to: str, subject: str, body: str) -> None:
        settings = self.settings
        if settings.smtp_host is None:
            self.check_available()
            # The message, for trying the flows locally; not its recipient (no personal data in logs).
            logger.info("no SMTP server (development): message %r\n%s", subject, body)
            return
        message = EmailMessage()
        message["From"] = settings.smtp_from
        message["To"] = to
        message["Subject"] = subject
        message.set_content(body)
        try:
            await aiosmtplib.send(
                message,
                hostname=settings.smtp_host,
                port=settings.smtp_port,
                username=settings.smtp_username,
                password=settings.smtp_password.get_secret_value() if settings.smtp_password else None,
                start_tls=settings.smtp_starttls,
                timeout=settings.smtp_timeout_seconds,
            )
        except (aiosmtplib.SMTPException, OSError) as error:
            logger.warning("sending mail through %s failed: %s", settings.smtp_host, type(error).__name__)
            raise ServiceUnavailable("The email could not be sent; try again shortly.") from None
