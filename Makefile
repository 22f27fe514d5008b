# Confide: `make demo` runs the main job, `make test` runs every test.
SWIFT ?= swift

.PHONY: setup data build test fuzz bench demo clean

## setup: install the system packages Confide needs (libsodium-dev, pkg-config)
setup:
	@scripts/setup

## data: fetch MovieLens-100K into var/data/ml-100k (skipped when present and valid)
data:
	@scripts/fetch-movielens

## build: debug build of everything
build: setup
	$(SWIFT) build

## test: set up, then run every test (the store's tests also against a throwaway PostgreSQL),
## then an independent Python check of the wire test vectors (docs/wire-format.md), then a
## 3-second smoke of each fuzz target (docs/fuzzing.md), then fuzz a live coordinator against
## docs/openapi.yaml (scripts/schemathesis; needs PyPI once)
test: setup data
	scripts/with-postgres $(SWIFT) test
	python3 scripts/wire-vectors.py
	SWIFT=$(SWIFT) scripts/fuzz smoke
	scripts/schemathesis

## fuzz: fuzz every network-facing parser for FUZZ_SECONDS each (default 60); see docs/fuzzing.md
fuzz: setup
	SWIFT=$(SWIFT) scripts/fuzz run

## bench: release build of confide-bench (run it as .build/release/confide-bench)
bench: setup data
	$(SWIFT) build -c release --product confide-bench

## demo: federated training end to end on MovieLens-100K (setup, release build, coordinator, 943 devices)
demo:
	@scripts/demo

clean:
	rm -rf .build .build-fuzz
