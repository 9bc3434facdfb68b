# MetOrigin: the README's two commands are `make demo` and `make test`.
# `make setup` installs what is missing (idempotent, quiet when done); `make build` builds the
# release binary at .build/release/metorigin.
SHELL := /bin/bash
SWIFT ?= swift
JOBS ?= $(shell nproc)

.PHONY: setup build test demo fuzz clean

setup:
	@bash scripts/setup.sh

# The progress lines are filtered out, but swift's own exit status decides: a failed build fails
# `make build` (and so `make demo`) even when an older binary is still in .build.
build: setup
	@set -o pipefail; $(SWIFT) build -c release -j $(JOBS) --product metorigin 2>&1 \
	  | { grep -vE '^(\[[0-9]+/[0-9]+\]|Building|Compiling|Write|Linking)' || true; }
	@test -x .build/release/metorigin

test: setup
	@bash scripts/test.sh

demo: build
	@bash scripts/demo.sh

clean:
	rm -rf .build
