"""The load test's own network pieces, on the standard library only.

- `Connection`: an asyncio HTTP/1.1 client connection with keep-alive (it
  reconnects when the server closes, as gunicorn's sync workers do after every
  response).
- `smtp_sink()`: a minimal SMTP server that accepts every message, keeps
  nothing, and prints one JSON line per message (recipient, kind, the confirm
  link in it). `benchmarks.load` runs it as a child process
  (`python -m benchmarks.load.loadclient smtp-sink`) so its CPU time is its own.
- `percentile()`: the latency summaries' one measuring helper.
"""

import asyncio
import contextlib
import email
import email.policy
import json
import re
import sys
import time


class HTTPError(Exception):
    """The connection failed or the answer was not HTTP; the outcome is unknown."""


class Response:
    __slots__ = ("status", "headers", "body", "seconds")

    def __init__(self, status, headers, body, seconds):
        self.status = status
        self.headers = headers
        self.body = body
        self.seconds = seconds

    def json(self):
        return json.loads(self.body)


class Connection:
    """One client connection to 127.0.0.1, reused while the server keeps it open."""

    # Reconnect rather than reuse a connection idle this long: the server may be
    # closing it (gunicorn's keep-alive is 2 s by default) just as we write.
    MAX_IDLE = 1.0

    def __init__(self, host, port):
        self.host = host
        self.port = port
        self.reader = None
        self.writer = None
        self.last_used = 0.0
        self.connects = 0

    async def _open(self):
        self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        self.connects += 1

    def close(self):
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None

    async def request(self, method, path, headers=None, body=b"", timeout=60.0):
        """Send one request and read the whole answer.

        A request on a reused connection that fails before any byte of the
        answer arrives is retried once on a new connection if it is a GET;
        a POST is never resent (that could sign twice): it raises HTTPError,
        as does any request without a full answer within `timeout` seconds.
        """
        started = time.perf_counter()
        for attempt in (1, 2):
            reused = self.writer is not None
            if reused and time.perf_counter() - self.last_used > self.MAX_IDLE:
                self.close()
                reused = False
            try:
                if self.writer is None:
                    await self._open()
                status, response_headers, response_body = await asyncio.wait_for(
                    self._exchange(method, path, headers or {}, body), timeout
                )
            except TimeoutError as error:
                self.close()
                raise HTTPError(f"{method} {path}: no answer in {timeout} s") from error
            except (ConnectionError, asyncio.IncompleteReadError, OSError) as error:
                self.close()
                if attempt == 1 and reused and method == "GET":
                    continue
                raise HTTPError(f"{method} {path}: {error!r}") from error
            self.last_used = time.perf_counter()
            if response_headers.get("connection", "").lower() == "close":
                self.close()
            return Response(status, response_headers, response_body, time.perf_counter() - started)
        raise AssertionError("unreachable")

    async def _exchange(self, method, path, headers, body):
        lines = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}"]
        lines += [f"{name}: {value}" for name, value in headers.items()]
        if body or method == "POST":
            lines.append(f"Content-Length: {len(body)}")
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)
        await self.writer.drain()

        head = await self.reader.readuntil(b"\r\n\r\n")
        status_line, *header_lines = head[:-4].decode("latin-1").split("\r\n")
        parts = status_line.split(" ", 2)
        if len(parts) < 2 or not parts[0].startswith("HTTP/"):
            raise ConnectionError(f"not an HTTP answer: {status_line!r}")
        status = int(parts[1])
        response_headers = {}
        for line in header_lines:
            name, _, value = line.partition(":")
            response_headers[name.strip().lower()] = value.strip()

        if method == "HEAD" or status in (204, 304) or 100 <= status < 200:
            return status, response_headers, b""
        if "chunked" in response_headers.get("transfer-encoding", "").lower():
            chunks = []
            while True:
                size_line = await self.reader.readuntil(b"\r\n")
                size = int(size_line.split(b";")[0], 16)
                if size == 0:
                    await self.reader.readuntil(b"\r\n")  # no trailers from our server
                    break
                chunks.append(await self.reader.readexactly(size))
                await self.reader.readexactly(2)
            return status, response_headers, b"".join(chunks)
        if "content-length" in response_headers:
            length = int(response_headers["content-length"])
            return status, response_headers, await self.reader.readexactly(length)
        response_headers["connection"] = "close"
        return status, response_headers, await self.reader.read()


def percentile(values, share):
    """Nearest-rank percentile of a list (share 0..1); None for an empty list."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, round(share * len(ordered) + 0.5 - 1e-9))
    return ordered[min(rank, len(ordered)) - 1]


# --- SMTP sink --------------------------------------------------------------

# The link in a confirm email, wherever the app mounts it (/pledges/ or /signatures/).
CONFIRM_LINK = re.compile(r"https?://[^\s/]+(/[^\s]*?/confirm/[^\s/]+/)")


def _kind(subject):
    if subject.startswith("Please confirm your signature"):
        return "confirm"
    if subject.startswith("You have already signed"):
        return "already-signed"
    return "other"


def _report(data):
    message = email.message_from_bytes(data, policy=email.policy.default)
    subject = str(message.get("Subject", ""))
    body = message.get_body(preferencelist=("plain",))
    text = body.get_content() if body is not None else ""
    link = CONFIRM_LINK.search(text)
    return {
        "to": str(message.get("To", "")).lower(),
        "kind": _kind(subject),
        "confirm": link.group(1) if link else None,
        "t": time.time(),
    }


async def _smtp_session(reader, writer, out, latency):
    def send(line):
        writer.write(line.encode() + b"\r\n")

    if latency:  # a distant mail provider: each answer takes a round trip
        await asyncio.sleep(latency)
    send("220 load-test sink ESMTP")
    try:
        while True:
            line = await reader.readline()
            if not line:
                break
            if latency:
                await asyncio.sleep(latency)
            verb = line[:4].upper()
            if verb == b"EHLO":
                writer.write(b"250-load-test sink\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n")
            elif verb in (b"HELO", b"MAIL", b"RCPT", b"RSET", b"NOOP"):
                send("250 OK")
            elif verb == b"DATA":
                send("354 End data with <CR><LF>.<CR><LF>")
                await writer.drain()
                lines = []
                while True:
                    data_line = await reader.readline()
                    if not data_line or data_line in (b".\r\n", b".\n"):
                        break
                    lines.append(data_line[1:] if data_line.startswith(b"..") else data_line)
                try:
                    report = _report(b"".join(lines))
                except Exception as error:  # noqa: BLE001 - count it, keep accepting
                    report = {"to": "", "kind": "unparsed", "confirm": None, "error": repr(error)}
                out.write(json.dumps(report) + "\n")
                out.flush()
                send("250 OK: queued")
            elif verb == b"QUIT":
                send("221 Bye")
                await writer.drain()
                break
            else:
                send("502 Command not implemented")
            await writer.drain()
    except (ConnectionError, asyncio.IncompleteReadError):
        pass
    finally:
        out.flush()
        writer.close()


async def smtp_sink(host="127.0.0.1", port=0, latency=0.0):
    """Serve SMTP until killed; prints `PORT <n>`, then one JSON line per message.

    `latency` seconds are added before every answer, to stand in for a mail
    provider across the internet.
    """
    out = sys.stdout
    server = await asyncio.start_server(
        lambda r, w: _smtp_session(r, w, out, latency), host, port, backlog=1024
    )
    out.write(f"PORT {server.sockets[0].getsockname()[1]}\n")
    out.flush()
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    if sys.argv[1:2] != ["smtp-sink"] or len(sys.argv) > 3:
        sys.exit("usage: python -m benchmarks.load.loadclient smtp-sink [seconds of latency]")
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(smtp_sink(latency=float(sys.argv[2]) if len(sys.argv) > 2 else 0.0))
