"""An aiohttp transport for python-telegram-bot (a :class:`telegram.request.BaseRequest`).

PTB's default transport (httpx) spends more CPU per request managing its
connection pool than careerbot spends answering, once many updates are sent
concurrently; aiohttp's connector stays cheap.  The wire format is PTB's:
form-encoded fields (objects JSON-encoded), multipart when files are sent.
The transport also remembers whether its last request reached the Bot API,
and whether the Bot API ever refused the token (401).
"""

from __future__ import annotations

import asyncio

import aiohttp
from telegram._utils.defaultvalue import DefaultValue
from telegram._utils.types import ODVInput
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

UNAUTHORIZED = 401


class AiohttpRequest(BaseRequest):
    """Bot API requests over one aiohttp session with up to ``connections`` connections."""

    def __init__(
        self,
        connections: int = 256,
        *,
        read_timeout: float | None = 5.0,
        write_timeout: float | None = 5.0,
        connect_timeout: float | None = 5.0,
        pool_timeout: float | None = 1.0,
    ) -> None:
        self.connections = connections
        self._read_timeout = read_timeout
        self._write_timeout = write_timeout
        self._connect_timeout = connect_timeout
        self._pool_timeout = pool_timeout
        self._session: aiohttp.ClientSession | None = None
        self.healthy = False
        """Whether the last request got an answer other than a 5xx or a 401."""
        self.rejected = asyncio.Event()
        """Set once the Bot API answers 401 Unauthorized: the token was revoked or replaced."""

    @property
    def read_timeout(self) -> float | None:
        """The default read timeout in seconds."""
        return self._read_timeout

    async def initialize(self) -> None:
        """Open the session (again, after :meth:`shutdown`)."""
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(limit=self.connections, ttl_dns_cache=300)
            self._session = aiohttp.ClientSession(
                connector=connector, headers={"User-Agent": self.USER_AGENT}
            )

    async def shutdown(self) -> None:
        """Close the session and its connections; safe to call twice."""
        if self._session is not None and not self._session.closed:
            await self._session.close()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """Send one request; return the status code and body (errors as PTB's exceptions)."""
        if self._session is None or self._session.closed:
            raise RuntimeError("AiohttpRequest is not initialized")
        read = _seconds(read_timeout, self._read_timeout)
        connect = _seconds(connect_timeout, self._connect_timeout)
        pool = _seconds(pool_timeout, self._pool_timeout)
        write = _seconds(write_timeout, self._write_timeout)
        timeout = aiohttp.ClientTimeout(
            total=None,
            connect=None if pool is None or connect is None else pool + connect,
            sock_connect=connect,
            sock_read=None if read is None else read + (write or 0.0),
        )
        try:
            async with self._session.request(
                method, url, data=_body(request_data), timeout=timeout
            ) as response:
                payload = await response.read()
        except (TimeoutError, aiohttp.ServerTimeoutError) as exc:
            self.healthy = False
            raise TimedOut from exc
        except aiohttp.ClientError as exc:
            self.healthy = False
            # never echo the URL: it contains the token
            raise NetworkError(
                f"aiohttp.{type(exc).__name__}: {str(exc).replace(url, '<Bot API URL>')}"
            ) from exc
        if response.status == UNAUTHORIZED:
            self.rejected.set()
        self.healthy = response.status < 500 and response.status != UNAUTHORIZED
        return response.status, payload


def _seconds(value: ODVInput[float], default: float | None) -> float | None:
    """A timeout PTB passed, or ours when it passed its "use the default" marker."""
    return default if isinstance(value, DefaultValue) else value


def _body(request_data: RequestData | None) -> aiohttp.FormData | dict[str, str] | None:
    """Form fields as PTB encodes them; multipart when the request uploads files."""
    if request_data is None:
        return None
    fields = request_data.json_parameters
    if not request_data.contains_files:
        return fields
    form = aiohttp.FormData()
    for name, value in fields.items():
        form.add_field(name, value)
    for name, (filename, content, mimetype) in request_data.multipart_data.items():
        form.add_field(name, content, filename=filename, content_type=mimetype)
    return form
