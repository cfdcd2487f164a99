# careerbot: one process serving every platform that has a token (see SELF_HOSTING.md).
#
# Two stages: `build` installs careerbot and its dependencies into a virtualenv and slims it
# (deploy/slim_venv.py); the final stage copies only that virtualenv and the content onto a fresh
# base, so no pip, setuptools, wheel, binutils, pip cache or source tree ends up in the image.

FROM python:3.12-slim AS build

ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# binutils: `strip` for the extension modules' debug symbols (build stage only).
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends binutils \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /src
RUN python -m venv /opt/careerbot
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY adapters ./adapters
COPY content ./content
COPY deploy/slim_venv.py ./deploy/
# Install without bytecode (slim_venv.py compiles it), drop the installers, then slim: never-run
# files out, debug symbols stripped, pure-Python dependencies zipped (sources kept), bytecode built.
RUN /opt/careerbot/bin/pip install --no-cache-dir --no-compile . \
    && /opt/careerbot/bin/pip uninstall --yes --quiet pip setuptools wheel \
    && python deploy/slim_venv.py /opt/careerbot --own bot --own adapters --locales content/locales \
    && PYTHONDONTWRITEBYTECODE=1 /opt/careerbot/bin/careerbot --env-file /nonexistent \
        chart salary --out /tmp/slimmed.png
# (The last command checks that Pillow, slimmed, still draws a chart; the bundled content is used.)


FROM python:3.12-slim

LABEL org.opencontainers.image.title="careerbot" \
      org.opencontainers.image.description="Career advice for people entering deep learning, on Telegram and Discord" \
      org.opencontainers.image.licenses="MIT"

# HEALTH_PORT is on in the image (off by default elsewhere); DATA_DIR is the one
# writable volume; CAREERBOT_CONTENT_DIR is the baked-in content, which a
# mounted folder at the same path overrides.
ENV PATH="/opt/careerbot/bin:${PATH}" \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    HEALTH_PORT=8080 \
    DATA_DIR=/data \
    CAREERBOT_CONTENT_DIR=/app/content

RUN useradd --system --uid 10001 --user-group --home-dir /data --no-create-home \
        --shell /usr/sbin/nologin careerbot \
    && mkdir -p /data /app \
    && chown careerbot:careerbot /data

COPY --from=build /opt/careerbot /opt/careerbot
COPY content /app/content

USER 10001:10001
WORKDIR /app

EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-m", "adapters.healthcheck"]

ENTRYPOINT ["careerbot"]
CMD ["run", "all"]
