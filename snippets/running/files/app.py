"""A small web app with a health endpoint, on Python's standard library alone."""

import os
import signal
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT = int(os.environ.get("PORT", "8000"))
GREETING = "Hello from a container with a health check!"


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        body = b"ok\n" if self.path == "/health" else f"{GREETING}\n".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):
        pass  # no log line for every health check


# Exit at once on docker stop's SIGTERM (PID 1 gets no default handler).
signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))

print("warming up...", flush=True)
time.sleep(5)  # 5 s stand for a slow start: loading data, connecting to a database
print(f"listening on port {PORT}", flush=True)
ThreadingHTTPServer(("", PORT), Handler).serve_forever()
