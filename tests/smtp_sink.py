"""A real SMTP server on loopback that a test can stop, restart and stall.

Enough of RFC 5321 for Django's SMTP backend (EHLO, MAIL, RCPT, DATA, RSET,
NOOP, QUIT, no TLS). A message counts as delivered only once the sink has
answered 250 to its DATA, as a real server's acceptance. `stop()` closes
open connections too, as a crashed mail server does.
"""

import contextlib
import email
import email.policy
import socket
import socketserver
import threading


class _Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


class SMTPSink:
    def __init__(self, stall_after=None):
        self.port = 0
        self.accepted = []  # parsed messages, in the order they were accepted
        self.seen = []  # recipients of every DATA received, accepted or not
        self.stall_after = stall_after  # hold the answer to the message after this many
        self.stalled = threading.Event()
        self._release = threading.Event()
        self._lock = threading.Lock()
        self._server = None
        self._sockets = set()

    # --- control ---------------------------------------------------------------------------

    def start(self):
        sink = self

        class Handler(socketserver.StreamRequestHandler):
            timeout = 5

            def handle(self):
                with sink._lock:
                    sink._sockets.add(self.connection)
                try:
                    sink._session(self.rfile, self.wfile)
                except OSError:
                    pass  # the client went away, or stop() cut us off
                finally:
                    with sink._lock:
                        sink._sockets.discard(self.connection)

        self._release.clear()
        self._server = _Server(("127.0.0.1", self.port), Handler)
        self.port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self):
        """Refuse new connections and cut the open ones."""
        if self._server is None:
            return
        self._server.shutdown()
        self._server.server_close()
        self._server = None
        self._release.set()
        with self._lock:
            for sock in list(self._sockets):
                with contextlib.suppress(OSError):  # already closed by the client
                    sock.shutdown(socket.SHUT_RDWR)
            self._sockets.clear()

    def recipients(self):
        return [message["To"].lower() for message in self.accepted]

    # --- the protocol -------------------------------------------------------------------------

    def _session(self, rfile, wfile):
        def send(line):
            wfile.write(line.encode() + b"\r\n")
            wfile.flush()

        send("220 test sink ESMTP")
        while line := rfile.readline():
            verb = line[:4].upper()
            if verb == b"EHLO":
                wfile.write(b"250-test sink\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n")
                wfile.flush()
            elif verb in (b"HELO", b"MAIL", b"RCPT", b"RSET", b"NOOP"):
                send("250 OK")
            elif verb == b"DATA":
                send("354 End data with <CR><LF>.<CR><LF>")
                self._data(rfile, send)
            elif verb == b"QUIT":
                send("221 Bye")
                return
            else:
                send("502 Command not implemented")

    def _data(self, rfile, send):
        lines = []
        while (line := rfile.readline()) not in (b".\r\n", b".\n", b""):
            lines.append(line[1:] if line.startswith(b"..") else line)
        message = email.message_from_bytes(b"".join(lines), policy=email.policy.default)
        with self._lock:
            self.seen.append(str(message["To"]).lower())
            stall = self.stall_after is not None and len(self.accepted) >= self.stall_after
        if stall:  # read, never answered: the sender cannot know it arrived
            self.stalled.set()
            self._release.wait(10)
            raise OSError("stalled message dropped")
        with self._lock:
            self.accepted.append(message)
        send("250 OK: queued")
