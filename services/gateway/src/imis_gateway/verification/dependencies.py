"""The mailer, built once in the lifespan, as a dependency."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from imis_gateway.mailer import Mailer


async def get_mailer(request: Request) -> Mailer:
    mailer: Mailer = request.app.state.mailer
    return mailer


MailerDep = Annotated[Mailer, Depends(get_mailer)]
