import socket

import pytest


@pytest.fixture
def closed_port():
    """A loopback port nobody listens on: connecting is refused at once, for real."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return port
