# Shortcuts for people who have make; dev.py does the work (a bare Debian has no make).
#   make run ARGS="--database other.sqlite"    make test ARGS="-k contacts"
PYTHON ?= python3
ARGS ?=

.PHONY: run test demo setup

run:
	$(PYTHON) dev.py run $(ARGS)

test:
	$(PYTHON) dev.py test $(ARGS)

demo:
	$(PYTHON) dev.py demo $(ARGS)

setup:
	$(PYTHON) dev.py setup
