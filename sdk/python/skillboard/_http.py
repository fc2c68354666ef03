"""A tiny JSON-over-HTTP client on urllib (standard library only)."""

from __future__ import annotations

import http.client
import json
import urllib.error
import urllib.parse
import urllib.request
from typing import Any, Optional

from . import __version__

USER_AGENT = "skillboard-python/" + __version__


class Unreachable(Exception):
    """The server could not be reached (refused, reset, timed out, DNS …)."""


class Response(object):
    __slots__ = ("status", "data")

    def __init__(self, status: int, data: Any) -> None:
        self.status = status
        self.data = data

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    @property
    def message(self) -> str:
        """The server's error message (`{"error": {"code", "message"}}`), else a generic one."""
        err = self.data.get("error") if isinstance(self.data, dict) else None
        if isinstance(err, dict):
            return "%s (%s)" % (err.get("message") or "", err.get("code") or self.status)
        if isinstance(self.data, str) and self.data:
            return self.data[:500]
        return "HTTP %d" % self.status


def retryable_status(status: int) -> bool:
    """408, 429 and 5xx may succeed later; every other 4xx never will."""
    return status in (408, 429) or status >= 500


def dumps(obj: Any) -> str:
    """Compact JSON; NaN/Infinity raise (they are not JSON and the server refuses them)."""
    return json.dumps(obj, allow_nan=False, separators=(",", ":"), ensure_ascii=False)


class Client(object):
    def __init__(self, url: str, api_key: Optional[str], timeout: float = 30.0) -> None:
        parsed = urllib.parse.urlsplit(url)
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise ValueError("Skillboard URL must look like http://host:port, got %r" % (url,))
        self.base = url.rstrip("/")
        self.api_key = api_key
        self.timeout = timeout

    def request(self, method: str, path: str, body: Optional[str] = None, timeout: Optional[float] = None) -> Response:
        headers = {"User-Agent": USER_AGENT, "Accept": "application/json"}
        if self.api_key:
            headers["Authorization"] = "Bearer " + self.api_key
        data = None
        if body is not None:
            data = body.encode("utf-8")
            headers["Content-Type"] = "application/json"
        req = urllib.request.Request(self.base + path, data=data, headers=headers, method=method)
        try:
            with urllib.request.urlopen(req, timeout=timeout or self.timeout) as resp:
                return Response(resp.status, _parse(resp.read()))
        except urllib.error.HTTPError as e:
            try:
                raw = e.read()
            except Exception:
                raw = b""
            return Response(e.code, _parse(raw))
        except (urllib.error.URLError, OSError, http.client.HTTPException) as e:
            reason = getattr(e, "reason", None) or e
            raise Unreachable("%s %s: %s" % (method, self.base + path, reason))

    def post(self, path: str, body: str, timeout: Optional[float] = None) -> Response:
        return self.request("POST", path, body, timeout)

    def get(self, path: str, query: Optional[dict] = None) -> Response:
        if query:
            path = path + "?" + urllib.parse.urlencode(query)
        return self.request("GET", path)


def run_path(run_id: str, kind: str = "") -> str:
    p = "/api/v1/runs/" + urllib.parse.quote(run_id, safe="")
    return p + "/" + kind if kind else p


def _parse(raw: bytes) -> Any:
    if not raw:
        return None
    text = raw.decode("utf-8", "replace")
    try:
        return json.loads(text)
    except ValueError:
        return text
