"""Sending a notification: email through the gateway's mailer, SMS through Twilio's Messages API or,
in development without a provider, the log (the text, never the number)."""

from __future__ import annotations

import logging
from typing import Protocol

import httpx

from imis_gateway.config import GatewaySettings
from imis_gateway.mailer import Mailer
from imis_shared.errors import ServiceUnavailable

logger = logging.getLogger("imis.notifications")


class SendFailed(Exception):
    """A channel could not send; the message says why, without the recipient."""


class Sms(Protocol):
    async def send(self, to: str, text: str) -> None: ...


class TwilioSms:
    """Twilio's Messages API: POST {api}/2010-04-01/Accounts/{sid}/Messages.json, form-encoded To,
    From and Body, HTTP basic auth with the account SID and auth token; 201 when queued."""

    def __init__(self, settings: GatewaySettings, client: httpx.AsyncClient) -> None:
        assert settings.sms_account_sid and settings.sms_auth_token and settings.sms_from
        self.url = (
            f"{settings.sms_api_url.rstrip('/')}/2010-04-01/Accounts/{settings.sms_account_sid}/Messages.json"
        )
        self.auth = (settings.sms_account_sid, settings.sms_auth_token.get_secret_value())
        self.sender = settings.sms_from
        self.timeout = settings.sms_timeout_seconds
        self.client = client

    async def send(self, to: str, text: str) -> None:
        try:
            response = await self.client.post(
                self.url,
                data={"To": to, "From": self.sender, "Body": text},
                auth=self.auth,
                timeout=self.timeout,
            )
        except httpx.HTTPError as error:
            raise SendFailed(f"SMS provider unreachable: {type(error).__name__}") from None
        if response.status_code not in (200, 201):
            raise SendFailed(f"SMS provider answered {response.status_code}")


class LoggedSms:
    """Development without a provider: the message is logged, not its recipient."""

    async def send(self, to: str, text: str) -> None:
        logger.info("no SMS provider (development): message\n%s", text)


class RefusedSms:
    """No provider outside development: every SMS fails, and admins see the failures."""

    async def send(self, to: str, text: str) -> None:
        raise SendFailed("no SMS provider is configured (IMIS_GATEWAY_SMS_PROVIDER)")


def sms_channel(settings: GatewaySettings, client: httpx.AsyncClient) -> Sms:
    if settings.sms_provider == "twilio":
        return TwilioSms(settings, client)
    return LoggedSms() if settings.is_development else RefusedSms()


async def send_email(mailer: Mailer, to: str, subject: str, body: str) -> None:
    try:
        await mailer.send(to, subject, body)
    except ServiceUnavailable as error:
        raise SendFailed(str(error.detail or error)) from None
