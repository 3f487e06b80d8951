"""A forward HTTP proxy on a loopback port, for the Schema Registry client's proxy tests.

It forwards absolute-form requests (``GET http://host:port/path``) and tunnels
``CONNECT host:port``, and records what each request looked like (method,
target, ``Proxy-Authorization``). Only loopback targets are accepted; every
tunnel is bounded in time.
"""

from __future__ import annotations

import http.client
import select
import socket
import socketserver
import threading
import time
from urllib.parse import urlsplit

__all__ = ["ForwardProxy"]

_LOOPBACK = ("127.0.0.1", "localhost")
_TUNNEL_MAX_SEC = 10.0


class ForwardProxy:
    """``http://127.0.0.1:<port>``; a context manager. ``seen``: (method, target, proxy auth) per request."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, str, str | None]] = []
        self._lock = threading.Lock()
        proxy = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self) -> None:
                proxy._handle(self)

        self._server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.port = int(self._server.server_address[1])
        self.url = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05})

    def __enter__(self) -> ForwardProxy:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._thread.join(timeout=5)
        self._server.server_close()

    def _handle(self, handler: socketserver.StreamRequestHandler) -> None:
        while True:  # one request after another on a kept-alive connection
            line = handler.rfile.readline(65537).decode("latin-1").strip()
            if not line:
                return
            method, target, _version = line.split(" ", 2)
            headers: dict[str, str] = {}
            while True:
                header = handler.rfile.readline(65537).decode("latin-1").strip()
                if not header:
                    break
                name, _, value = header.partition(":")
                headers[name.strip().lower()] = value.strip()
            with self._lock:
                self.seen.append((method, target, headers.get("proxy-authorization")))
            if method == "CONNECT":
                self._tunnel(handler, target)
                return
            body = handler.rfile.read(int(headers.get("content-length", "0")))
            self._forward(handler, method, target, headers, body)

    def _forward(
        self,
        handler: socketserver.StreamRequestHandler,
        method: str,
        target: str,
        headers: dict[str, str],
        body: bytes,
    ) -> None:
        parts = urlsplit(target)
        if parts.hostname not in _LOOPBACK:
            handler.wfile.write(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n")
            return
        origin = http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=10)
        try:
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            kept = {k: v for k, v in headers.items() if not k.startswith("proxy-")}
            origin.request(method, path, body=body or None, headers=kept)
            answer = origin.getresponse()
            content = answer.read()
        finally:
            origin.close()
        out = [f"HTTP/1.1 {answer.status} {answer.reason}"]
        out += [
            f"{k}: {v}" for k, v in answer.getheaders() if k.lower() not in ("content-length", "connection")
        ]
        out += [f"Content-Length: {len(content)}", "", ""]
        handler.wfile.write("\r\n".join(out).encode("latin-1") + content)
        handler.wfile.flush()

    def _tunnel(self, handler: socketserver.StreamRequestHandler, target: str) -> None:
        host, _, port = target.rpartition(":")
        if host not in _LOOPBACK:
            handler.wfile.write(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n")
            return
        upstream = socket.create_connection((host, int(port)), timeout=10)
        handler.wfile.write(b"HTTP/1.1 200 Connection established\r\n\r\n")
        handler.wfile.flush()
        client = handler.connection
        deadline = time.monotonic() + _TUNNEL_MAX_SEC
        try:
            while time.monotonic() < deadline:
                readable, _, _ = select.select([client, upstream], [], [], 0.2)
                for sock in readable:
                    data = sock.recv(65536)
                    if not data:
                        return
                    (upstream if sock is client else client).sendall(data)
        finally:
            upstream.close()
