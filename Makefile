# bcfgen: GNU make, no configure step.
#   make            build ./bcfgen
#   make site       install missing build dependencies, build, generate site/ from metrics/
#   make test       every test (unit, Mustache spec, golden, error cases, sanitizers)
#   make install    PREFIX=/usr/local DESTDIR=
.SUFFIXES:
.DELETE_ON_ERROR:
.SECONDARY:

PREFIX   ?= /usr/local
BINDIR   ?= $(PREFIX)/bin
DATADIR  ?= $(PREFIX)/share/bcfgen
ifeq ($(origin CC),default)
CC = cc
endif
PKG_CONFIG ?= pkg-config
BUILD    ?= build
WERROR   ?= -Werror
SANITIZE ?=

# Debian packages the build needs, and what pkg-config calls them.
DEB_PKGS = libcairo2-dev zlib1g-dev libdeflate-dev libcsv-dev libcmark-gfm-dev libcmark-gfm-extensions-dev \
           libinih-dev fonts-dejavu-core pkg-config libzip-dev libexpat1-dev \
           libmicrohttpd-dev
PC_PKGS  = cairo fontconfig zlib libdeflate libcmark-gfm inih libzip expat libmicrohttpd
# What 'make test' needs beyond the build: a leak checker.
TEST_DEB_PKGS = valgrind
# and what writes the workbooks of tests/workbooks.sh
TEST_PY_PKGS = python3-openpyxl python3-odf

WARN = -std=c11 -pedantic -Wall -Wextra $(WERROR) -Wmissing-prototypes \
       -Wstrict-prototypes -Wwrite-strings -Wvla -Wshadow
OPT ?= -O2 -g
PC_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(PC_PKGS) 2>/dev/null)
PC_LIBS   = $(shell $(PKG_CONFIG) --libs $(PC_PKGS) 2>/dev/null)
ALL_CFLAGS = $(WARN) -D_POSIX_C_SOURCE=200809L -DBCFGEN_DATADIR='"$(DATADIR)"' $(OPT) $(PC_CFLAGS) -Igen -MMD -MP $(CFLAGS) \
             $(if $(SANITIZE),-fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all)
ALL_LDFLAGS = $(LDFLAGS) $(if $(SANITIZE),-fsanitize=$(SANITIZE))
LIBS = $(PC_LIBS) -lcmark-gfm-extensions -lcsv -lm

GEN_MODULES = diag arena buf hash fsread input csvread period cell columns settings model catalogue row datafile annotations validate load format stats funnel sitemap report words markdown narrative tmpl_parse tmpl pngenc chart chart_trend chart_compare chart_funnel chart_icon rmtree site_stop site_owner site_publish site manifest reuse inputs download charts html social progress jobs build changes layout rownotes workbook xlsx ods pdffix pdf watch serve
GEN_OBJS = $(GEN_MODULES:%=$(BUILD)/gen/%.o)
UNIT_TESTS = period csvread model report tmpl buf stats funnel png diag chart words workbook peers settings pdffix serve
FUZZERS = csv cell ini tmpl markdown datafile png workbook serve pdffix
FUZZ_BINS = $(FUZZERS:%=build-fuzz/tests/fuzz/fuzz_%)
FUZZ_SECONDS ?= 60
UNIT_BINS = $(UNIT_TESTS:%=$(BUILD)/tests/unit/test_%)

all: bcfgen

bcfgen: $(GEN_OBJS) $(BUILD)/gen/main.o
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LIBS)

$(BUILD)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/tests/unit/test_%: $(BUILD)/tests/unit/test_%.o $(BUILD)/tests/unit/harness.o $(GEN_OBJS)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LIBS)

# libFuzzer harnesses: everything built by clang with the fuzzer's coverage
# hooks and ASan + UBSan, in build-fuzz/.
fuzz-bins:
	$(MAKE) BUILD=build-fuzz CC=clang OPT="-O1 -g" \
	  CFLAGS="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer" \
	  $(FUZZ_BINS)

build-fuzz/tests/fuzz/fuzz_%: build-fuzz/tests/fuzz/fuzz_%.o $(GEN_OBJS)
	$(CC) -fsanitize=fuzzer,address,undefined -o $@ $^ $(LIBS)

# Timed builds of a synthetic national workload against gnuplot drawing the
# same charts (and bcfgen's chart code drawing just those, for a like-for-
# like figure), and peak memory of check and build with one data file of
# BENCH_BIG_MB (default 200) MB; writes tests/bench/RESULTS.md.
# BENCH_REPEATS (default 3).
BENCH_REPEATS ?= 3
BENCH_BIG_MB ?= 200
bench: deps
	@command -v gnuplot >/dev/null || { if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q --no-install-recommends gnuplot-nox || \
	  { $$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q --no-install-recommends gnuplot-nox; }; }
	$(MAKE) bcfgen $(BUILD)/tests/bench/bench_charts
	BENCH_BIG_MB=$(BENCH_BIG_MB) python3 tests/bench/bench.py ./bcfgen build-bench $(BENCH_REPEATS) $(BUILD)/tests/bench/bench_charts

$(BUILD)/tests/bench/bench_charts: $(BUILD)/tests/bench/bench_charts.o $(GEN_OBJS)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LIBS)

# Each harness for FUZZ_SECONDS (default 60) from the committed seeds; new
# inputs collect in build-fuzz/corpus/, crashes in build-fuzz/artifacts/.
fuzz: test-deps fuzz-bins
	@mkdir -p build-fuzz/artifacts
	@for f in $(FUZZERS); do \
	  mkdir -p build-fuzz/corpus/$$f; \
	  echo "== fuzz_$$f for $(FUZZ_SECONDS) s"; \
	  build-fuzz/tests/fuzz/fuzz_$$f -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048 \
	    -max_len=65536 -artifact_prefix=build-fuzz/artifacts/$$f- -print_final_stats=1 \
	    build-fuzz/corpus/$$f tests/fuzz/corpus/$$f 2>&1 | grep -E 'Done|stat::number_of_executed_units|ERROR|SUMMARY' || exit 1; \
	done

$(BUILD)/tests/spec/spec_mustache: $(BUILD)/tests/spec/spec_mustache.o $(BUILD)/tests/unit/json.o $(GEN_OBJS)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LIBS)

# Install build dependencies only when pkg-config cannot find them.
deps:
	@if $(PKG_CONFIG) --exists $(PC_PKGS) 2>/dev/null && [ -f /usr/include/csv.h ] \
	    && [ -f /usr/include/cmark-gfm-core-extensions.h ] \
	    && [ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]; then :; else \
	  echo "Installing build dependencies: $(DEB_PKGS)"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; elif command -v sudo >/dev/null; then SUDO=sudo; \
	  else echo "error: missing packages and not root; install: $(DEB_PKGS)" >&2; exit 3; fi; \
	  $$SUDO apt-get update -q && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q --no-install-recommends $(DEB_PKGS); \
	fi

# Install test tools only when missing.
test-deps: deps
	@echo 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { return (int)n & !d; }' > /tmp/bcfgen-fuzzcheck.c; \
	if clang -fsanitize=fuzzer /tmp/bcfgen-fuzzcheck.c -o /tmp/bcfgen-fuzzcheck 2>/dev/null; then :; else \
	  echo "Installing the fuzzer runtime: libclang-rt-dev"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q --no-install-recommends libclang-rt-dev || \
	  { $$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q --no-install-recommends libclang-rt-dev; }; \
	fi; rm -f /tmp/bcfgen-fuzzcheck /tmp/bcfgen-fuzzcheck.c
	@# each only when missing: a Node.js from elsewhere (NodeSource) brings its
	@# own npm, and Debian's npm package conflicts with it
	@want=; [ -x /usr/bin/chromium ] || want="$$want chromium"; \
	command -v java >/dev/null || want="$$want default-jre-headless"; \
	command -v npm >/dev/null || want="$$want npm"; \
	if [ -n "$$want" ]; then \
	  echo "Installing browser test dependencies:$$want"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q --no-install-recommends \
	    $$want fonts-dejavu-core; \
	fi
	@if [ -f tests/browser/node_modules/.package-lock.json ] && \
	    cmp -s tests/browser/package-lock.json tests/browser/node_modules/.bcfgen-lock; then :; else \
	  echo "Installing browser test packages from the npm registry into tests/browser/node_modules"; \
	  (cd tests/browser && npm ci --no-audit --no-fund --ignore-scripts) && \
	  cp tests/browser/package-lock.json tests/browser/node_modules/.bcfgen-lock; \
	fi
	@if /usr/bin/python3 -c 'import openpyxl, odf' 2>/dev/null; then :; else \
	  echo "Installing test dependencies: $(TEST_PY_PKGS)"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q --no-install-recommends $(TEST_PY_PKGS) || \
	  { $$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q --no-install-recommends $(TEST_PY_PKGS); }; \
	fi
	@if command -v valgrind >/dev/null; then :; else \
	  echo "Installing test dependencies: $(TEST_DEB_PKGS)"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; elif command -v sudo >/dev/null; then SUDO=sudo; \
	  else echo "warning: valgrind missing and not root; the leak check will be skipped" >&2; exit 0; fi; \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q --no-install-recommends $(TEST_DEB_PKGS) || \
	  { $$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q --no-install-recommends $(TEST_DEB_PKGS); }; \
	fi
	@# tests/pdf.sh reads the board pack's PDF (Chromium prints it: above)
	@if command -v pdfinfo >/dev/null && command -v pdftohtml >/dev/null; then :; else \
	  echo "Installing test dependencies: poppler-utils"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q --no-install-recommends poppler-utils || \
	  { $$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q --no-install-recommends poppler-utils; }; \
	fi

site: deps
	$(MAKE) bcfgen
	./bcfgen build -m metrics -t templates -a assets -o site
	@echo "Site written to site/: open site/index.html in a browser."

SPEC_DIR ?= ../shared/spec/mustache

test: test-deps
	$(MAKE) bcfgen unit-bins $(BUILD)/tests/spec/spec_mustache
	$(MAKE) BUILD=build-san SANITIZE=address,undefined OPT="-O1 -g" sanitized
	$(MAKE) fuzz-bins
	@sh tests/run-tests.sh "$(SPEC_DIR)"

unit-bins: $(UNIT_BINS)

# The generator, unit tests and spec runner built with AddressSanitizer and
# UBSan in their own tree; run-tests.sh runs the whole suite with both.
sanitized: $(GEN_OBJS) $(BUILD)/gen/main.o unit-bins $(BUILD)/tests/spec/spec_mustache
	$(CC) $(ALL_LDFLAGS) -o $(BUILD)/bcfgen $(GEN_OBJS) $(BUILD)/gen/main.o $(LIBS)

golden-update: bcfgen
	@sh tests/golden-update.sh

install: bcfgen
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/templates $(DESTDIR)$(DATADIR)/assets
	install -m 755 bcfgen $(DESTDIR)$(BINDIR)/bcfgen
	cp -R templates/. $(DESTDIR)$(DATADIR)/templates/
	cp -R assets/. $(DESTDIR)$(DATADIR)/assets/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/bcfgen
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf $(BUILD) build-san build-fuzz build-bench bcfgen

.PHONY: all deps test-deps site test unit-bins sanitized fuzz fuzz-bins bench golden-update install uninstall clean
-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
