# careerbot: one process serving every platform that has a token (see SELF_HOSTING.md).
#
# Two stages: `build` installs careerbot and its dependencies into a virtualenv;
# the final stage copies only that virtualenv and the content onto a fresh base,
# so no pip cache, build tool or source tree ends up in the image.

FROM python:3.12-slim AS build

ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /src
RUN python -m venv /opt/careerbot
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY adapters ./adapters
COPY content ./content
# Install (pip compiles the .pyc files the read-only image will use), then drop
# what never runs: the installers, C/Cython sources and type stubs shipped in
# wheels, and discord.py's Windows-only voice DLLs.
RUN /opt/careerbot/bin/pip install --no-cache-dir . \
    && /opt/careerbot/bin/pip uninstall --yes --quiet pip setuptools \
    && site="$(echo /opt/careerbot/lib/python3*/site-packages)" \
    && rm -rf "$site/pkg_resources" "$site/_distutils_hack" "$site/distutils-precedence.pth" "$site/discord/bin" \
    && find "$site" \( -name '*.pyx' -o -name '*.pxd' -o -name '*.c' -o -name '*.h' -o -name '*.pyi' \) -delete


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
