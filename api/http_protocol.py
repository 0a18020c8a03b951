"""uvicorn's h11 protocol with a header-read timeout, against slowloris clients.

uvicorn (0.54) bounds how many header bytes it buffers (``h11_max_incomplete_event_size``)
and how long an idle connection stays open *after* a response (``timeout_keep_alive``), but
not how long a client may take to send its request line and headers: a client that connects
and sends nothing, or one byte a second, holds its connection (and a file descriptor)
forever. :class:`HeaderTimeoutProtocol` closes a connection whose request head is not
complete ``header_timeout`` seconds after its first byte could arrive (the connection opened,
or the previous response finished). The body has its own bound (``--body-timeout``, in the
app).

One slow client never holds the server up anyway (each connection is a few objects on the
event loop); the timeout bounds how many such connections pile up.

It is given to uvicorn as ``http=`` (a ``functools.partial`` carrying the timeout), which also
pins h11, whose header-size bound the server relies on, even where httptools is installed.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

log = logging.getLogger("warmgraph.api")


class HeaderTimeoutProtocol(H11Protocol):
    """H11Protocol closing connections whose request head is not in after a timeout."""

    def __init__(self, *args: Any, header_timeout: float, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.header_timeout = header_timeout
        self._header_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self.conn.their_state is not h11.IDLE:  # the whole head has arrived
            self._disarm()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing() and self.conn.their_state is h11.IDLE:
            self._arm()  # waiting for the next request on a kept-alive connection

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _arm(self) -> None:
        self._disarm()
        self._header_timer = self.loop.call_later(self.header_timeout, self._expired)

    def _disarm(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _expired(self) -> None:
        self._header_timer = None
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
            log.info("closing a connection whose request head took over %g s", self.header_timeout)
            self.transport.close()


def protocol(header_timeout: float) -> Any:
    """What uvicorn's ``http=`` takes: a protocol factory with this timeout."""
    return functools.partial(HeaderTimeoutProtocol, header_timeout=header_timeout)
