"""A real HTTP server on 127.0.0.1 for carrier tests: it answers from a script of
(status, JSON body, seconds to wait first) and records every request it received."""

import json
import threading
import time
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Recorder(BaseHTTPRequestHandler):
    received: list
    script: list
    default: tuple

    def _answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        self.server.received.append(
            {
                "method": self.command,
                "path": self.path,
                "headers": {k.lower(): v for k, v in self.headers.items()},
                "body": body,
            }
        )
        status, answer, wait = self.server.script.pop(0) if self.server.script else self.server.default
        if wait:
            time.sleep(wait)
        payload = json.dumps(answer).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up waiting: that is the point of a hanging answer

    do_GET = do_POST = _answer  # noqa: N815 - http.server's naming

    def log_message(self, *args):
        pass


@contextmanager
def serving(*script, default=(200, {}, 0)):
    """Yield (base URL, server); `server.received` lists the requests, `server.script` the answers left."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    server.received, server.script, server.default = [], list(script), default
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", server
    finally:
        server.shutdown()
        server.server_close()
