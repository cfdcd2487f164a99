"""``python -m adapters.healthcheck``: exit 0 when /healthz answers 200 (the image's HEALTHCHECK).

Standard library only, so the check stays cheap and needs no curl in the image.
It asks ``http://$HEALTH_HOST:$HEALTH_PORT/healthz`` (127.0.0.1 when the listener
binds every address, the default) and prints the JSON body.
"""

from __future__ import annotations

import os
import sys
import urllib.error
import urllib.request

ANY_ADDRESS = {"", "0.0.0.0", "::", "[::]"}


def address(host: str) -> str:
    """Where to reach a listener bound to ``host`` (HEALTH_HOST) from this machine."""
    host = host.strip()
    if host in ANY_ADDRESS:
        return "127.0.0.1"
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


def check(port: int, timeout: float = 4.0, host: str = "") -> tuple[int, str]:
    """``(status, body)`` of /healthz on this machine; status 0 when nothing answered."""
    url = f"http://{address(host)}:{port}/healthz"
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return int(response.status), response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return int(exc.code), exc.read().decode("utf-8", "replace")
    except OSError as exc:
        return 0, f"no answer from {url}: {exc}"


def main() -> int:
    """Exit 0 if healthy, 1 otherwise (Docker's HEALTHCHECK convention)."""
    raw = os.environ.get("HEALTH_PORT", "").strip()
    if not raw.isdigit() or int(raw) == 0:
        print("HEALTH_PORT is not set: the health listener is off", file=sys.stderr)
        return 1
    status, body = check(int(raw), host=os.environ.get("HEALTH_HOST", ""))
    print(body)
    return 0 if status == 200 else 1


if __name__ == "__main__":
    sys.exit(main())
