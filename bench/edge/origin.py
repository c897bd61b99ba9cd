#!/usr/bin/env python3
"""Static stand-in for the origin in the edge benchmark.

`origin.py generate DIR` writes content in the origin's layout: 100 random 64 KiB
segments named by their SHA-256, 100 more for the coalescing rounds, and a ~1 KiB media
playlist. `origin.py serve DIR PORT [DELAY_S]` serves it with the origin's headers
(immutable segments with their id as ETag, playlists `max-age=60`), each answer after
DELAY_S seconds. Thread per connection: it only ever sees misses.
"""
import hashlib
import http.server
import os
import socketserver
import sys
import time


def generate(root):
    os.makedirs(os.path.join(root, "segments"), exist_ok=True)
    os.makedirs(os.path.join(root, "tracks", "bench", "a128"), exist_ok=True)
    names = []
    for _ in range(200):
        data = os.urandom(64 * 1024)
        name = hashlib.sha256(data).hexdigest() + ".m4s"
        with open(os.path.join(root, "segments", name), "wb") as out:
            out.write(data)
        names.append("/segments/" + name)
    playlist = "#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-TARGETDURATION:4\n"
    playlist += "".join("#EXTINF:4.0,\n" + name + "\n" for name in names[:11])
    with open(os.path.join(root, "tracks", "bench", "a128", "index.m3u8"), "w") as out:
        out.write(playlist)
    with open(os.path.join(root, "hits.txt"), "w") as out:
        out.write("\n".join(names[:100]) + "\n")
    with open(os.path.join(root, "misses.txt"), "w") as out:
        out.write("\n".join(names[100:]) + "\n")


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    root = "."
    delay = 0.0

    def do_GET(self):
        self.answer(True)

    def do_HEAD(self):
        self.answer(False)

    def answer(self, with_body):
        path = self.path.split("?", 1)[0]
        if with_body:
            # one line per fetch, so the caller can count upstream fetches per path
            sys.stdout.write(path + "\n")
            sys.stdout.flush()
        file = os.path.normpath(os.path.join(self.root, path.lstrip("/")))
        if not file.startswith(self.root + os.sep) or not os.path.isfile(file):
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if self.delay:
            time.sleep(self.delay)
        with open(file, "rb") as f:
            data = f.read()
        if path.startswith("/segments/"):
            self.send_response(200)
            self.send_header("Content-Type", "audio/mp4")
            self.send_header("Cache-Control", "max-age=31536000, public, immutable")
            self.send_header("ETag", '"' + os.path.basename(file).split(".")[0] + '"')
        else:
            self.send_response(200)
            self.send_header("Content-Type", "application/vnd.apple.mpegurl")
            self.send_header("Cache-Control", "max-age=60, public")
            self.send_header("ETag", '"' + hashlib.sha256(data).hexdigest() + '"')
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if with_body:
            self.wfile.write(data)

    def log_message(self, *args):
        pass


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    request_queue_size = 512


if __name__ == "__main__":
    if sys.argv[1] == "generate":
        generate(sys.argv[2])
    else:
        Handler.root = os.path.abspath(sys.argv[2])
        Handler.delay = float(sys.argv[4]) if len(sys.argv) > 4 else 0.0
        Server(("127.0.0.1", int(sys.argv[3])), Handler).serve_forever()
