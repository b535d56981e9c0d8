# The two commands a new user needs: `make run` and `make test`.
SWIFT ?= swift

.PHONY: run test deps tsan bench bench-smoke clean

deps:
	@scripts/install-deps.sh

## Runs the demo: a window when a display exists, headless (dummy video driver) otherwise.
run: deps
	$(SWIFT) run sdl-concurrency-demo $(ARGS)

## Runs the whole test suite headless.
test: deps
	SDL_VIDEODRIVER=dummy $(SWIFT) test

## Every suite under the thread sanitizer.
tsan: deps
	SDL_VIDEODRIVER=dummy $(SWIFT) test --sanitize=thread --scratch-path .build-tsan

clean:
	rm -rf .build .build-*

## The benchmark table (release build, fresh processes, medians of 3 runs). ARGS='--driver x11' etc.
bench: deps
	cd Benchmarks && $(SWIFT) build -c release && .build/release/sdl-concurrency-bench --runs 3 $(ARGS)

## Proves the benchmark program works (tiny sizes, one run); CI runs it and never asserts on speed.
bench-smoke: deps
	cd Benchmarks && $(SWIFT) build && .build/debug/sdl-concurrency-bench --tiny --runs 1 --json > /dev/null && echo "bench-smoke: ok"
