"""A read-only SPARQL 1.1 endpoint over a build, on loopback.

The standard library's threading HTTP server in front of the Oxigraph store:
``GET /sparql?query=…``, ``POST /sparql`` with ``application/sparql-query`` or a form
(``query=…``). Results are SPARQL JSON (default), XML, CSV or TSV chosen by the Accept
header; CONSTRUCT/DESCRIBE give Turtle or N-Triples. Every answer carries
``Access-Control-Allow-Origin: *`` so browser clients (YASGUI) can use it. Updates are
refused. The usual prefixes (ckg:, rdfs:, ...) are declared for every query.

Example::

    from graph import load
    from graph.serve import make_server
    server = make_server(load("out"), port=0)   # any free port
    server.serve_forever()
"""

from __future__ import annotations

import json
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pyoxigraph as ox

from .api import _HEADER, KnowledgeGraph

__all__ = ["make_server", "SparqlHandler"]

_RESULTS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
_GRAPHS = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
}
_CONTENT_TYPE = {
    ox.QueryResultsFormat.JSON: "application/sparql-results+json",
    ox.QueryResultsFormat.XML: "application/sparql-results+xml",
    ox.QueryResultsFormat.CSV: "text/csv",
    ox.QueryResultsFormat.TSV: "text/tab-separated-values",
    ox.RdfFormat.TURTLE: "text/turtle",
    ox.RdfFormat.N_TRIPLES: "application/n-triples",
    ox.RdfFormat.JSON_LD: "application/ld+json",
}
_MAX_BODY = 1 << 20


def _negotiate(accept: str, table: dict, default):
    """The first media type in Accept (by q, then order) that ``table`` knows, else ``default``."""
    choices = []
    for i, part in enumerate(accept.split(",")):
        media, *params = [p.strip() for p in part.split(";")]
        q = 1.0
        for p in params:
            if p.startswith("q="):
                try:
                    q = float(p[2:])
                except ValueError:
                    q = 0.0
        choices.append((-q, i, media.lower()))
    for _, _, media in sorted(choices):
        if media in table:
            return table[media]
        if media in ("*/*", "application/*", "text/*"):
            return default
    return default


class SparqlHandler(BaseHTTPRequestHandler):
    """Answers SPARQL protocol requests on /sparql from ``self.server.kg``."""

    server_version = "chainkg-sparql/1"

    def do_OPTIONS(self):
        self._send(HTTPStatus.NO_CONTENT, b"", "text/plain", extra={
            "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
            "Access-Control-Allow-Headers": "Content-Type, Accept",
        })

    def do_GET(self):
        url = urlsplit(self.path)
        if url.path in ("/", ""):
            self._send(HTTPStatus.OK, _INDEX.encode("utf-8"), "text/plain; charset=utf-8")
            return
        if url.path != "/sparql":
            self._error(HTTPStatus.NOT_FOUND, "not found: use /sparql")
            return
        args = parse_qs(url.query)
        if "query" not in args:
            self._error(HTTPStatus.BAD_REQUEST, "missing query parameter")
            return
        self._answer(args["query"][0])

    def do_POST(self):
        url = urlsplit(self.path)
        if url.path != "/sparql":
            self._error(HTTPStatus.NOT_FOUND, "not found: use /sparql")
            return
        length = int(self.headers.get("Content-Length") or 0)
        if length > _MAX_BODY:
            self._error(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "request body too large")
            return
        body = self.rfile.read(length).decode("utf-8", errors="replace")
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if ctype == "application/sparql-query":
            self._answer(body)
        elif ctype == "application/x-www-form-urlencoded":
            args = parse_qs(body)
            if "update" in args:
                self._error(HTTPStatus.FORBIDDEN, "this endpoint is read-only")
            elif "query" not in args:
                self._error(HTTPStatus.BAD_REQUEST, "missing query parameter")
            else:
                self._answer(args["query"][0])
        elif ctype == "application/sparql-update":
            self._error(HTTPStatus.FORBIDDEN, "this endpoint is read-only")
        else:
            self._error(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, f"unsupported Content-Type {ctype!r}")

    def _answer(self, sparql: str):
        from .query import _position

        try:
            result = self.server.kg.store.query(_HEADER + sparql)
        except SyntaxError as exc:
            self._error(HTTPStatus.BAD_REQUEST, "query error: " + _position(str(exc), sparql))
            return
        except (OSError, ValueError, RuntimeError) as exc:
            self._error(HTTPStatus.INTERNAL_SERVER_ERROR, f"query failed: {exc}")
            return
        accept = self.headers.get("Accept") or ""
        if isinstance(result, ox.QueryTriples):
            fmt = _negotiate(accept, _GRAPHS, ox.RdfFormat.TURTLE)
            data = result.serialize(format=fmt)
        elif isinstance(result, ox.QueryBoolean):
            fmt = _negotiate(accept, _RESULTS, ox.QueryResultsFormat.JSON)
            if fmt in (ox.QueryResultsFormat.JSON, ox.QueryResultsFormat.XML):
                data = result.serialize(format=fmt)
            else:  # CSV/TSV have no boolean form
                fmt, data = ox.QueryResultsFormat.JSON, json.dumps({"head": {}, "boolean": bool(result)}).encode()
        else:
            fmt = _negotiate(accept, _RESULTS, ox.QueryResultsFormat.JSON)
            data = result.serialize(format=fmt)
        self._send(HTTPStatus.OK, data, _CONTENT_TYPE[fmt] + "; charset=utf-8")

    def _error(self, status: HTTPStatus, message: str):
        self._send(status, (message + "\n").encode("utf-8"), "text/plain; charset=utf-8")

    def _send(self, status: HTTPStatus, data: bytes, ctype: str, extra: dict | None = None):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Access-Control-Allow-Origin", "*")
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def log_message(self, format, *args):  # noqa: A002 - the stdlib's signature
        if not getattr(self.server, "quiet", False):
            super().log_message(format, *args)


_INDEX = """chainkg SPARQL endpoint (read-only)

  GET  /sparql?query=SELECT...
  POST /sparql   Content-Type: application/sparql-query, or a form with query=...
  Accept: application/sparql-results+json (default), application/sparql-results+xml,
          text/csv, text/tab-separated-values; CONSTRUCT: text/turtle, application/n-triples

Prefixes declared for every query: ckg: id: rdf: rdfs: skos: prov: dcterms: xsd: owl:
"""


def make_server(kg: KnowledgeGraph, port: int = 7878, host: str = "127.0.0.1", quiet: bool = False) -> ThreadingHTTPServer:
    """A threading HTTP server answering SPARQL on ``http://host:port/sparql`` (port 0: any free one).

    Call ``serve_forever()`` to run it, ``shutdown()`` from another thread to stop it.
    """
    server = ThreadingHTTPServer((host, port), SparqlHandler)
    server.daemon_threads = True
    server.kg = kg
    server.quiet = quiet
    return server
