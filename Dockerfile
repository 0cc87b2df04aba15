# conform's simulator as a container image: `make image`, then
#   docker run --rm -p 8080:8080 -e CONFORM_CONTROL_TOKEN=change-me conform:dev
#
# FROM scratch, holding one static binary that `make image` builds with the
# local Go toolchain (CGO_ENABLED=0): no base image is pulled, so the image
# builds where no registry is reachable, and it holds nothing but conform.
FROM scratch

ARG VERSION=dev
LABEL org.opencontainers.image.title="conform" \
      org.opencontainers.image.description="Stateful simulator of the Fliqa, Weavr Multi and Fiskil APIs (conform serve)" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.version="${VERSION}"

COPY bin/image/conform /conform

# The nonroot uid/gid of distroless images; scratch has no /etc/passwd, so
# a number.
USER 65532:65532
EXPOSE 8080

# Listening on every interface of the container, `conform serve` guards its
# control API with a token: CONFORM_CONTROL_TOKEN from `docker run -e`, else
# one it generates and prints once to the container's log.
ENTRYPOINT ["/conform", "serve", "--addr", "0.0.0.0:8080"]

# No shell or curl in scratch: conform checks its own /healthz.
HEALTHCHECK --interval=10s --timeout=3s --start-period=2s --retries=3 \
  CMD ["/conform", "healthcheck", "--url", "http://127.0.0.1:8080/healthz"]
