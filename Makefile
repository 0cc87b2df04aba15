# conform: two commands do everything on a fresh machine.
#   make conformance   the whole suite against the built-in simulator (and Weavr 3.32), reports written
#   make test          all tests (vet, gofmt, race, coverage of documented codes)
#   make load          the simulator against bare net/http under load, on loopback (< 2 min)
#   make soak          1M mixed requests, slow clients, sandboxes churned; memory and waits checked (< 20 min)
GO ?= go
REPORT_DIR ?= conform-report
# VERSION is stamped into every binary make builds (conform version).
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo "(devel)")
LDFLAGS := -X github.com/conformhq/conform/internal/version.stamped=$(VERSION)
IMAGE ?= conform
# A docker tag allows [A-Za-z0-9_.-] only.
IMAGE_TAG ?= $(shell printf '%s' '$(VERSION)' | tr -c 'A-Za-z0-9_.-' '-')
export TESTCONTAINERS_RYUK_DISABLED = true

.PHONY: all build image conformance test vet fmt-check race bench load soak coverage fuzz serve clean

all: build

build:
	$(GO) build -ldflags '$(LDFLAGS)' -o bin/conform ./cmd/conform

# image: a FROM scratch image of `conform serve` (Dockerfile), tagged
# $(IMAGE):dev and $(IMAGE):$(IMAGE_TAG). The static binary is built here,
# so that no base image is pulled.
image:
	CGO_ENABLED=0 GOOS=linux $(GO) build -trimpath -ldflags '-s -w $(LDFLAGS)' -o bin/image/conform ./cmd/conform
	docker build --build-arg VERSION='$(VERSION)' -t $(IMAGE):dev -t $(IMAGE):$(IMAGE_TAG) .

conformance: build
	./bin/conform run --report-dir $(REPORT_DIR)
	./bin/conform run --provider weavr --spec weavr=3.32 --report-dir $(REPORT_DIR)/weavr-3.32

test: vet fmt-check race coverage

vet:
	$(GO) vet ./...

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

race:
	$(GO) test -race -count=1 -timeout 45m ./...

coverage:
	$(GO) run ./cmd/conform coverage

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

# LOADFLAGS: -rounds, -duration (per operation and server), -rate (0: unpaced), -connections.
LOADFLAGS ?=
load:
	$(GO) run ./internal/toolmain/cmd load $(LOADFLAGS)

# SOAKFLAGS: -requests, -every, -sandboxes, -churned, -workers, -slow, -slow-duration, -deadline.
SOAKFLAGS ?=
soak:
	$(GO) run ./internal/toolmain/cmd soak $(SOAKFLAGS)

FUZZTIME ?= 60s
fuzz:
	$(GO) test ./simulator/ -run '^$$' -fuzz FuzzProviders -fuzztime $(FUZZTIME)
	$(GO) test ./simulator/ -run '^$$' -fuzz FuzzFixtures -fuzztime $(FUZZTIME)

serve: build
	./bin/conform serve

clean:
	rm -rf bin $(REPORT_DIR)
