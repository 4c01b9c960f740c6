"""A loopback TCP proxy the fault tests put in front of PostgreSQL and Redis.

In the manner of Toxiproxy, cut down to what the tests need: `cut()` drops
every open connection and refuses new ones (the listening socket closes, so a
connect gets "connection refused", as when the service's host is down), and
`restore()` listens on the same port again. `hang()` plays a service that
accepts connections and never answers (a hung host), so clients wait out
their timeouts; `accepted` counts the connections clients opened. Standard library only: one thread
accepts, two threads per connection copy bytes each way.
"""

import contextlib
import socket
import threading


class TCPProxy:
    def __init__(self, upstream_port, upstream_host="127.0.0.1"):
        self.upstream = (upstream_host, upstream_port)
        self.port = None
        self._listener = None
        self._sockets = set()
        self._lock = threading.Lock()
        self.hanging = False
        self.accepted = 0

    @property
    def host(self):
        return "127.0.0.1"

    def start(self):
        self.hanging = False
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        # The same port again after a cut, although old connections linger in TIME_WAIT.
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((self.host, self.port or 0))
        listener.listen(64)
        self.port = listener.getsockname()[1]
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()
        return self

    restore = start

    def cut(self):
        listener, self._listener = self._listener, None
        if listener is not None:
            _close(listener)
        with self._lock:
            sockets, self._sockets = self._sockets, set()
        for sock in sockets:
            _close(sock)

    stop = cut

    def hang(self):
        """Drop open connections; accept new ones but never pass a byte either way."""
        self.cut()
        self.start()
        self.hanging = True

    @property
    def connections(self):
        """Open sockets on both sides (two for each proxied connection)."""
        with self._lock:
            return len(self._sockets)

    def _accept(self, listener):
        while True:
            try:
                client, _ = listener.accept()
            except OSError:  # closed by cut()
                return
            self.accepted += 1
            if self.hanging:
                with self._lock:
                    self._sockets.add(client)  # held open, silent, until cut()
                continue
            try:
                upstream = socket.create_connection(self.upstream, timeout=2)
                upstream.settimeout(None)
            except OSError:
                _close(client)
                continue
            with self._lock:
                if self._listener is not listener:  # cut while connecting
                    _close(client)
                    _close(upstream)
                    continue
                self._sockets.update((client, upstream))
            for source, target in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, target), daemon=True).start()

    def _pump(self, source, target):
        try:
            with contextlib.suppress(OSError):
                while data := source.recv(65536):
                    target.sendall(data)
        finally:
            with self._lock:
                self._sockets.discard(source)
                self._sockets.discard(target)
            _close(source)
            _close(target)


def _close(sock):
    # shutdown() wakes a thread blocked in recv() or accept() on it; close() alone may not.
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    sock.close()
