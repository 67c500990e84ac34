#!/usr/bin/env python3
"""A local stand-in for the Internet Archive's availability API, for demos and the
README: `python3 scripts/mock-archive.py [PORT]` serves
http://127.0.0.1:PORT/wayback/available (default port 8765).

It pretends every URL was archived on the 1st of each month of 2023-2025 at 12:00 UTC,
each snapshot answering 200, and answers `?url=U&timestamp=YYYYMMDD` with the snapshot
nearest the timestamp (the newest without one), in the real API's shape:
{"archived_snapshots":{"closest":{"status":"200","available":true,"url":...,
"timestamp":"YYYYMMDDhhmmss"}}}. The snapshot URLs point at archive.test, which does
not exist: this is a mock, for trying `links check --archive-url` without the internet.
"""

import json
import sys
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

SNAPSHOTS = [datetime(y, m, 1, 12) for y in (2023, 2024, 2025) for m in range(1, 13)]


def nearest(timestamp):
    if not timestamp:
        return SNAPSHOTS[-1]
    try:
        asked = datetime.strptime(timestamp[:8].ljust(8, "0"), "%Y%m%d")
    except ValueError:
        return SNAPSHOTS[-1]
    return min(SNAPSHOTS, key=lambda s: abs((s - asked).total_seconds()))


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        request = urlparse(self.path)
        if request.path != "/wayback/available":
            self.send_error(404)
            return
        query = parse_qs(request.query)
        url = query.get("url", [""])[0]
        body = {"archived_snapshots": {}}
        if url:
            stamp = nearest(query.get("timestamp", [""])[0]).strftime("%Y%m%d%H%M%S")
            body["archived_snapshots"]["closest"] = {
                "status": "200",
                "available": True,
                "url": f"http://archive.test/web/{stamp}/{url}",
                "timestamp": stamp,
            }
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 8765
    ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()
