# Build: Swift toolchain on Debian; run: slim Debian with the runtime libraries only.
FROM swift:6.1-bookworm AS builder
RUN apt-get update && apt-get install -y --no-install-recommends libhiredis-dev libcurl4-openssl-dev libssl-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /build
COPY Package.swift ./
COPY Sources ./Sources
COPY Tests ./Tests
RUN swift build -c release --product vantahire --static-swift-stdlib \
    && mkdir -p /staging \
    && cp "$(swift build -c release --show-bin-path)/vantahire" /staging/ \
    && cp -R "$(swift build -c release --show-bin-path)"/*.resources /staging/

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends libhiredis0.14 libcurl4 libssl3 ca-certificates tzdata \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --create-home --home-dir /app vantahire
WORKDIR /app
COPY --from=builder /staging/ /app/
ENV PATH=/app:$PATH PORT=8080 NODE_ENV=production
USER vantahire
EXPOSE 8080
CMD ["vantahire", "api"]
