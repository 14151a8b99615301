"""A real SMTP server for the tests (aiosmtpd, in a thread), which keeps what it receives."""

from __future__ import annotations

import email
import email.policy
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, Envelope, LoginPassword, Session
from pydantic import SecretStr

from imis_testing import free_port

SMTP_USERNAME = "imis-mailer"
SMTP_PASSWORD = "smtp-secret-2026"
TOKEN_IN_LINK = re.compile(r"verify-email\?token=([A-Za-z0-9_\-]+)")
# The servers running now, newest last: where a helper looks for the link mailed to an address.
RUNNING: list[Mailbox] = []


@dataclass(eq=False)
class Mailbox:
    """What the server accepted: parsed messages, their envelope recipients, who logged in."""

    messages: list[EmailMessage] = field(default_factory=list)
    recipients: list[list[str]] = field(default_factory=list)
    logins: list[str] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Session, envelope: Envelope) -> str:
        content = envelope.original_content or b""
        message = email.message_from_bytes(content, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        self.messages.append(message)
        self.recipients.append(list(envelope.rcpt_tos))
        return "250 OK"

    def authenticate(
        self, server: Any, session: Session, envelope: Envelope, mechanism: str, auth_data: Any
    ) -> AuthResult:
        ok = (
            isinstance(auth_data, LoginPassword)
            and auth_data.login.decode() == SMTP_USERNAME
            and auth_data.password.decode() == SMTP_PASSWORD
        )
        if ok:
            self.logins.append(SMTP_USERNAME)
        return AuthResult(success=ok)

    def token_for(self, address: str) -> str | None:
        """The token of the newest message to ``address`` that has a link, if any."""
        for recipients, message in zip(reversed(self.recipients), reversed(self.messages), strict=True):
            body = message.get_body(preferencelist=("plain",))
            found = TOKEN_IN_LINK.search(body.get_content()) if body is not None else None
            if address.lower() in recipients and found:
                return found.group(1)
        return None

    def token(self, index: int = -1) -> str:
        """The verification token in the link of a received message."""
        body = self.messages[index].get_body(preferencelist=("plain",))
        assert body is not None
        found = TOKEN_IN_LINK.search(body.get_content())
        assert found, "no verification link in the message"
        return found.group(1)


def smtp_settings(port: int) -> dict[str, Any]:
    """Gateway settings that send mail through :func:`smtp_server` on ``port``."""
    return {
        "smtp_host": "127.0.0.1",
        "smtp_port": port,
        "smtp_username": SMTP_USERNAME,
        "smtp_password": SecretStr(SMTP_PASSWORD),
        "smtp_starttls": False,
    }


@contextmanager
def smtp_server() -> Iterator[tuple[Mailbox, int]]:
    """A real SMTP server on 127.0.0.1 that requires a login (no TLS); yields its mailbox and port."""
    mailbox = Mailbox()
    port = free_port()
    controller = Controller(
        mailbox,
        hostname="127.0.0.1",
        port=port,
        authenticator=mailbox.authenticate,
        auth_required=True,
        auth_require_tls=False,
    )
    controller.start()
    RUNNING.append(mailbox)
    try:
        yield mailbox, port
    finally:
        RUNNING[:] = [running for running in RUNNING if running is not mailbox]
        controller.stop()


def link_token(address: str) -> str:
    """The token of the newest link mailed to ``address`` by any running test server."""
    for mailbox in reversed(RUNNING):
        token = mailbox.token_for(address)
        if token is not None:
            return token
    raise AssertionError(f"no link was mailed to {address}")
