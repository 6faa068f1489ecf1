# Build: the Swift toolchain on Debian bookworm; run: slim bookworm with only the libraries the
# binary links besides glibc (`ldd vantahire`: libhiredis, libstdc++, libz; the Swift
# runtime and Foundation are linked statically, BoringSSL is compiled in).
FROM swift:6.3-bookworm AS builder
RUN apt-get update && apt-get install -y --no-install-recommends libhiredis-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /build

# Dependencies first, in their own layer: it is rebuilt only when the manifest changes.
COPY Package.swift Package.resolve[d] ./
RUN swift package resolve $([ -f Package.resolved ] && echo --force-resolved-versions)

COPY Sources ./Sources
COPY Tests ./Tests
RUN swift build -c release --product vantahire --static-swift-stdlib \
    && mkdir -p /staging \
    && cp "$(swift build -c release --show-bin-path)/vantahire" /staging/ \
    && cp -R "$(swift build -c release --show-bin-path)"/*.resources /staging/

FROM debian:bookworm-slim
# zlib1g is part of every Debian base image; ca-certificates for the providers'
# TLS, tzdata for SCHEDULER_TIME_ZONE.
RUN apt-get update && apt-get install -y --no-install-recommends libhiredis0.14 libstdc++6 ca-certificates tzdata \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --create-home --home-dir /app vantahire
WORKDIR /app
COPY --from=builder /staging/ /app/
ENV PATH=/app:$PATH PORT=8080 NODE_ENV=production
USER vantahire
EXPOSE 8080
CMD ["vantahire", "api"]
