# The two commands a new user needs: `make run` and `make test`.
SWIFT ?= swift

.PHONY: run test deps tsan bench bench-anchors bench-smoke examples docs clean api-check api-baseline

deps:
	@scripts/install-deps.sh

## Runs the demo: a window when a display exists, headless (dummy video driver) otherwise.
run: deps
	$(SWIFT) run sdl-concurrency-demo $(ARGS)

# SDL's video subsystem wants XDG_RUNTIME_DIR and prints an error line when it is unset (as under
# CI or sudo); tests get a private one, so their output holds only what the tests say.
TEST_RUNTIME_DIR := $(CURDIR)/.build/xdg-runtime
TEST_ENV = SDL_VIDEODRIVER=dummy XDG_RUNTIME_DIR=$(TEST_RUNTIME_DIR)

## Runs the whole test suite headless.
test: deps
	@scripts/install-deps.sh xvfb xdotool
	@mkdir -p -m 700 $(TEST_RUNTIME_DIR)
	$(TEST_ENV) $(SWIFT) test

## Every suite under the thread sanitizer, one test at a time (hosts take turns anyway, and a
## test's time limit then counts only its own run); wall-clock bounds are relaxed there.
tsan: deps
	@scripts/install-deps.sh xvfb xdotool
	@mkdir -p -m 700 $(TEST_RUNTIME_DIR)
	$(TEST_ENV) SDLCONCURRENCY_SANITIZER=thread $(SWIFT) test --sanitize=thread --scratch-path .build-tsan --no-parallel

## Builds every package under Examples/ and every complete README program (no warnings allowed).
examples: deps
	scripts/build-examples.sh

## The DocC documentation of the libraries (no warnings allowed); prints where it is and how to view it.
docs: deps
	scripts/build-docs.sh

## Fails when the public API differs from the committed baseline (Docs/api/), with a diff.
api-check: deps
	scripts/api.py check

## Rewrites the baseline after an intended public change (commit Docs/api/ with it).
api-baseline: deps
	scripts/api.py write

clean:
	rm -rf .build .build-*

## The benchmark table (release build, fresh processes, medians of 3 runs). ARGS='--driver x11' etc.
bench: deps
	cd Benchmarks && $(SWIFT) build -c release && .build/release/sdl-concurrency-bench --runs 3 $(ARGS)

## The Python anchors' hop rates (QtAsyncio on PySide6, plain asyncio), W1 and W2 as the Swift bench
## runs them; makes Benchmarks/.venv-anchors with a pinned PySide6 on first use.
bench-anchors:
	Benchmarks/anchors/run.sh --runs 3 $(ARGS)

## Proves the benchmark program works (tiny sizes, one run); CI runs it and never asserts on speed.
bench-smoke: deps
	cd Benchmarks && $(SWIFT) build && .build/debug/sdl-concurrency-bench --tiny --runs 1 --json > /dev/null && echo "bench-smoke: ok"
