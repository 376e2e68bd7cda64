# The metasync image: the service jar that `./dev build` makes (target/metasync.jar) and its
# dependencies (target/lib/), on a Java 17 runtime. The dev tooling (target/metasync-devtools.jar:
# demo, bench) is not in it.
#
#   ./dev build && docker build -t metasync .
#
# Base image: Eclipse Temurin's JRE 17 on Ubuntu 24.04 (noble), pinned to the exact JRE build.
# To pin it by content as well, append the digest of the image you have checked, which
# `docker buildx imagetools inspect eclipse-temurin:17.0.20_8-jre-noble` prints ("Digest:"):
#   FROM eclipse-temurin:17.0.20_8-jre-noble@sha256:<that digest>
# No digest is written here: the machine this was written on reaches no registry, so none was seen.
FROM eclipse-temurin:17.0.20_8-jre-noble

# The HEALTHCHECK below asks /health with curl, which the Temurin Ubuntu images install; fail the
# build here, with the reason, rather than ship an image whose health check can never pass.
RUN command -v curl >/dev/null || { echo "the base image has no curl, which HEALTHCHECK uses" >&2; exit 1; }

# A fixed, unprivileged uid/gid (numeric USER below, so Kubernetes' runAsNonRoot can check it).
RUN groupadd --system --gid 10001 metasync \
    && useradd --system --uid 10001 --gid metasync --home-dir /var/lib/metasync --no-create-home \
       --shell /usr/sbin/nologin metasync \
    && mkdir -p /var/lib/metasync \
    && chown metasync:metasync /var/lib/metasync

# The jar's manifest names its dependencies as lib/*.jar, relative to the jar. Owned by root and
# not writable by metasync: the process writes only to data-dir.
COPY target/lib/ /app/lib/
COPY target/metasync.jar /app/metasync.jar

# Settings of the container (any METASYNC_* variable can still override them):
# - /metrics and /health listen on 127.0.0.1 by default; in a container they must listen on every
#   interface of the container's own network namespace, or neither Prometheus nor a published
#   port reaches them.
# - data-dir (capture offsets in file mode, the embedded broker's log when kafka.bootstrap-servers
#   is empty) on a volume, so that it outlives the container.
ENV METASYNC_MONITOR_BIND=0.0.0.0 \
    METASYNC_DATA_DIR=/var/lib/metasync
VOLUME ["/var/lib/metasync"]
EXPOSE 9464

# metasync.properties, if mounted here, is read by default (or give --config FILE).
WORKDIR /app
USER 10001:10001

# /health answers 200 for UP and DEGRADED, 503 for DOWN (README, Monitoring). curl
# --fail-with-body fails on the 503 and keeps the JSON with the reasons in `docker inspect`.
# The start period covers the initial snapshot of a large table.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=4 \
    CMD ["curl", "--silent", "--show-error", "--fail-with-body", "--max-time", "4", "http://127.0.0.1:9464/health"]

# A bounded heap: metasync's memory is flat in table size (README, Performance), and 512 MB is
# what the demo and the bench run with; the JVM's default (a quarter of the machine's or the
# container's memory) would grow the heap for nothing. Exit on OutOfMemoryError so that the
# container's restart policy starts a fresh process instead of one that half works.
ENTRYPOINT ["java", "-Xmx512m", "-XX:+ExitOnOutOfMemoryError", "-jar", "/app/metasync.jar"]
CMD ["run"]
