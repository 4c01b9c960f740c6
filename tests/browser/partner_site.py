"""A partner's website for the embed tests: plain pages on a second loopback origin.

Each `PartnerSite` is a small threaded HTTP server on 127.0.0.1 with a port of
its own, so its pages are cross-origin (and cross-site: the live server is on
`localhost`) to ours, as a real partner's are. Tests publish generated HTML
with the response headers they choose, the way a partner's web team would
paste our snippet into their own templates.
"""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

# Deliberately hostile: what a partner's global stylesheet might do to
# anything it can reach. None of it should reach inside the widget.
HOSTILE_CSS = """
html { font-size: 48px !important; }
* {
    color: red !important;
    font: 30px serif !important;
    line-height: .5 !important;
    letter-spacing: 4px !important;
    word-spacing: 9px !important;
    text-transform: uppercase !important;
    text-align: right !important;
    text-shadow: 2px 2px 0 lime !important;
    text-indent: 3em !important;
    font-style: italic !important;
    cursor: crosshair !important;
    white-space: nowrap !important;
    box-sizing: content-box !important;
}
button, input, label, h2, p, select, progress, section { display: none !important; }
"""


def strict_csp(our_origin):
    """The strictest policy a partner could reasonably run with our widget."""
    return (
        f"default-src 'none'; script-src {our_origin}; connect-src {our_origin}; "
        f"style-src 'self'; img-src 'self'; frame-src {our_origin}"
    )


def html_page(body, *, head="", title="A partner's page"):
    return (
        '<!doctype html><html lang="en-GB"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{title}</title>{head}</head>"
        f"<body><main><h1>{title}</h1>{body}</main></body></html>"
    )


class PartnerSite:
    def __init__(self):
        self.pages = {}
        self.requests = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                path = urlsplit(self.path).path
                site.requests.append(path)
                if path == "/favicon.ico":
                    self.send_response(204)
                    self.end_headers()
                    return
                if path not in site.pages:
                    self.send_error(404)
                    return
                body, headers = site.pages[path]
                self.send_response(200)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Cache-Control", "no-store")
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass  # keep pytest's output for failures

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.origin = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def publish(self, path, content, *, content_type="text/html; charset=utf-8", headers=None):
        """Serve `content` at `path` (query strings are ignored); returns its URL."""
        self.pages[path] = (content.encode(), {"Content-Type": content_type, **(headers or {})})
        return self.origin + path

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)
