"""A small web app that answers every request with a greeting from its environment."""

import os
import signal
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer

GREETING = os.environ["GREETING"]
HOST, PORT = "127.0.0.1", 8000


class Greeter(BaseHTTPRequestHandler):
    def do_GET(self):
        body = f"{GREETING} from the container\n".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):
        # One line per request, without a time: `docker logs -t` adds one.
        print(format % args)


# End at once when `docker stop` asks, instead of waiting to be killed.
signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))

print(f"Listening on {HOST}:{PORT}")
HTTPServer((HOST, PORT), Greeter).serve_forever()
