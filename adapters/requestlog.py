"""The request log: one DEBUG line per answered request, a core observer."""

from __future__ import annotations

import logging

from bot.replies import Reply
from bot.request import Request


class RequestLog:
    """A core observer that logs each request at DEBUG; user ids and text only with LOG_USER_TEXT=1."""

    def __init__(self, user_text: bool) -> None:
        self.user_text = user_text
        self.log = logging.getLogger("careerbot.requests")

    def __call__(self, request: Request, reply: Reply, seconds: float) -> None:
        """Log one answered request."""
        if not self.log.isEnabledFor(logging.DEBUG):
            return
        outcome = "error" if reply.is_error else "ok"
        if self.user_text:
            self.log.debug(
                "%s /%s from %s: %r -> %s in %.1f ms",
                request.platform,
                request.command,
                request.user_id or "?",
                request.argument,
                outcome,
                seconds * 1000,
            )
        else:
            self.log.debug(
                "%s /%s -> %s in %.1f ms", request.platform, request.command, outcome, seconds * 1000
            )
