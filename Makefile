# The two commands a new user needs: `make run` and `make test`.
SWIFT ?= swift

.PHONY: run test deps tsan bench clean

deps:
	@scripts/install-deps.sh

## Runs the demo: a window when a display exists, headless (dummy video driver) otherwise.
run: deps
	$(SWIFT) run sdl-concurrency-demo $(ARGS)

## Runs the whole test suite headless.
test: deps
	SDL_VIDEODRIVER=dummy $(SWIFT) test

## The core suites under the thread sanitizer.
tsan: deps
	SDL_VIDEODRIVER=dummy $(SWIFT) test --sanitize=thread --scratch-path .build-tsan \
		--filter 'ExecutorSemanticsTests|SDLHostTests|ManualHostTests|TimerQueueTests'

clean:
	rm -rf .build .build-*
