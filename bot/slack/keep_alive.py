"""Web API calls over kept-alive connections, one per thread and host, instead of a new one per call.

slack_sdk's `WebClient` sends each call through `urllib.request.urlopen`, which opens a connection, sends
`Connection: close` and tears it down: a TCP (and, against slack.com, a TLS) handshake for every reply, root
rewrite and users.info. In a burst that was about a third of the CPU a reply cost this process on loopback,
and a TLS handshake costs far more than that. `KeepAliveWebClient` overrides the one method that performs
the HTTP exchange and keeps everything else of slack_sdk: request building, retry handlers, response parsing.

What it keeps equal to urllib, so the retry handlers see what they always saw: a non-2xx answer raises
`HTTPError` (with its headers and body), a failure to connect or send raises `URLError`, and a failure while
waiting for the answer (a timeout, the peer closing) raises as it is. A connection that failed in any way is
closed and never reused: a late answer to a timed-out call must not be read as the answer to the next one.

A kept connection the server closed while it sat idle is noticed before it is reused (it reads as readable:
an end of file) and replaced, so a stale connection never costs a post its retry. Connections belong to the
thread and the process that opened them: `serve --workers N` forks, and a socket shared by two processes
would interleave their requests. Proxies and redirects go through slack_sdk's urllib path unchanged.
"""

from __future__ import annotations

import http.client
import io
import os
import select
import socket
import threading
from typing import Any
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit
from urllib.request import Request

from slack_sdk import WebClient

__all__ = ["KeepAliveWebClient"]

_Key = tuple[str, str, int]  # scheme, host, port


class _Kept(threading.local):
    def __init__(self) -> None:
        self.pid = os.getpid()
        self.connections: dict[_Key, http.client.HTTPConnection] = {}


class KeepAliveWebClient(WebClient):
    """A `WebClient` whose calls reuse this thread's connection to the API host (see the module docstring)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._kept = _Kept()

    def _perform_urllib_http_request_internal(self, url: str, req: Request) -> dict[str, Any]:
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if self.proxy is not None or scheme not in ("http", "https") or not parts.hostname:
            return super()._perform_urllib_http_request_internal(url, req)
        key = (scheme, parts.hostname, parts.port or (443 if scheme == "https" else 80))
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        connection = self._connection(key)
        try:
            try:
                connection.request(req.get_method(), path or "/", body=req.data, headers=dict(req.header_items()))
            except OSError as error:  # as urllib: nothing was answered, the request may not have left
                raise URLError(error) from error
            response = connection.getresponse()
            body = response.read()
        except BaseException:
            self._forget(key, connection)
            raise
        if response.will_close:
            self._forget(key, connection)
        if 300 <= response.status < 400:  # the API does not redirect; urllib knows how to follow one
            return super()._perform_urllib_http_request_internal(url, req)
        if not 200 <= response.status < 300:
            raise HTTPError(url, response.status, response.reason, response.headers, io.BytesIO(body))
        if response.headers.get_content_type() == "application/gzip":  # admin.analytics.getFile
            return {"status": response.status, "headers": response.headers, "body": body}
        charset = response.headers.get_content_charset() or "utf-8"
        return {"status": response.status, "headers": response.headers, "body": body.decode(charset)}

    def _connection(self, key: _Key) -> http.client.HTTPConnection:
        kept = self._kept
        if kept.pid != os.getpid():  # a forked child: its parent's sockets are not its own
            kept.pid, kept.connections = os.getpid(), {}
        connection = kept.connections.get(key)
        if connection is not None and connection.sock is not None and not _dropped(connection.sock):
            return connection
        if connection is not None:
            connection.close()
        scheme, host, port = key
        if scheme == "https":
            connection = http.client.HTTPSConnection(host, port, timeout=self.timeout, context=self.ssl)
        else:
            connection = http.client.HTTPConnection(host, port, timeout=self.timeout)
        try:
            connection.connect()
            # http.client writes the headers and the body separately: without this the body waits for the
            # headers' ACK, which a delayed-ACK peer holds back for up to 40 ms.
            connection.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except OSError as error:
            connection.close()
            raise URLError(error) from error
        kept.connections[key] = connection
        return connection

    def _forget(self, key: _Key, connection: http.client.HTTPConnection) -> None:
        connection.close()
        if self._kept.connections.get(key) is connection:
            del self._kept.connections[key]


def _dropped(sock: socket.socket) -> bool:
    """True when an idle kept connection has something to read: the server closed it (or broke the protocol)."""
    poller = select.poll()  # not select(): it cannot watch descriptors above 1023
    poller.register(sock, select.POLLIN)
    try:
        return bool(poller.poll(0))
    except OSError:
        return True
