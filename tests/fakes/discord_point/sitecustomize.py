"""Test-only: point discord.py at a fake Discord when ``CAREERBOT_TEST_DISCORD_API`` is set.

Python imports ``sitecustomize`` at start-up from the first folder on ``sys.path``
that has one.  The Docker smoke test mounts this folder read-only into the
container, puts it on ``PYTHONPATH`` and sets
``CAREERBOT_TEST_DISCORD_API=http://127.0.0.1:PORT`` (a fake started with
``python -m tests.fakes.discord_api``): the unchanged bot in the image then talks
to the fake instead of discord.com, exactly as :func:`point_discord_py_at` does in
the in-process tests (REST base ``<url>/api/v10``, default gateway ``ws://.../gateway``).
Without the variable this file does nothing (it does not even import discord).

It never ships: it lives under tests/, which the image does not contain.
"""

from __future__ import annotations

import os

API = os.environ.get("CAREERBOT_TEST_DISCORD_API", "").strip().rstrip("/")

if API:
    import discord.gateway
    import discord.http
    import yarl

    discord.http.Route.BASE = f"{API}/api/v10"
    scheme, _, rest = API.partition("://")
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(
        f"{'wss' if scheme == 'https' else 'ws'}://{rest}/gateway"
    )
