# DealerDesk in a container (docs/operations.md). Build:
#   docker build -t dealerdesk .
# Run with the embedded SQLite database in a volume:
#   docker run -p 8080:8080 -v dealerdesk-data:/data dealerdesk
# or with PostgreSQL:
#   docker run -p 8080:8080 -e DATABASE_URL=postgres://… dealerdesk
FROM rust:1-bookworm AS build
WORKDIR /src
COPY . .
RUN cargo build --release --locked -p dealerdesk

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates tzdata \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --home /data dealerdesk && mkdir -p /data && chown dealerdesk /data
COPY --from=build /src/target/release/dealerdesk /usr/local/bin/dealerdesk
USER dealerdesk
WORKDIR /data
ENV DEALERDESK_ADDR=0.0.0.0:8080 \
    DEALERDESK_DATA_DIR=/data \
    DATABASE_URL=sqlite:///data/dealerdesk.db
EXPOSE 8080
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=10s --timeout=3s CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080"]
ENTRYPOINT ["dealerdesk"]
CMD ["serve"]
