#!/usr/bin/env python3
"""A stand-in edge for the router benchmark: answers the router's probes only.

GET /actuator/health/readiness -> 200, GET /v1/status -> {"load": LOAD}.
Usage: stub_edge.py PORT [LOAD]
"""
import http.server
import sys


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        if self.path == "/actuator/health/readiness":
            body = b'{"status":"UP"}'
        elif self.path == "/v1/status":
            body = ('{"load":%s}' % LOAD).encode()
        else:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # a probe the router gave up on (timeout) resets the connection: expected


if __name__ == "__main__":
    LOAD = sys.argv[2] if len(sys.argv) > 2 else "0.1"
    Server(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
