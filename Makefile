# powermap — build, test, sanitizer run and demo.
#
#   make            build build/libpowermap.a and build/powermap
#   make demo       install what is missing, build, run the demo account
#   make test       install what is missing, build, run every test
#   make asan       the whole test suite under ASan + UBSan + LSan
#   make tsan       rank, accounts, reach and next under ThreadSanitizer
#   make bench      benchmark S and M against NetworkX (see docs/benchmarks.md)
#   make bench-large  the L preset (1M people, 10M ties) too
#   make stress     kill, concurrency and hostile-input tests at full size
#   make fuzz       libFuzzer targets (clang), FUZZ_SECONDS each (default 60)
#   make install    copy powermap to $(PREFIX)/bin (default ~/.local)
#
# Dependencies come from Debian packages found with pkg-config; when one is
# missing, tools/install-deps installs it (apt-get, as root or via sudo).

PKGS      = igraph libgvc libcgraph sqlite3 jansson libutf8proc libical libzip libxml-2.0
TEST_PKGS = criterion
PREFIX   ?= $(HOME)/.local
# Debian's python3 (with python3-networkx) for the reference cross-checks.
PYTHON   ?= /usr/bin/python3

CC       ?= cc
WARN      = -Wall -Wextra -Wpedantic -Wmissing-prototypes -Wshadow -Werror
# Deferred (=): pkg-config runs when a recipe needs it, after `deps`.
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS))
PKG_LIBS   = $(shell pkg-config --libs $(PKGS)) -lcsv -lgomp -lm -pthread
BASE_CFLAGS = -std=c11 -D_DEFAULT_SOURCE -pthread -Iinclude $(PKG_CFLAGS) $(WARN)

O        ?= build
OPT      ?= -O2 -g
SAN      ?=
CFLAGS_ALL = $(BASE_CFLAGS) $(OPT) $(SAN) -MMD -MP

LIB_SRC  = $(wildcard src/util/*.c src/store/*.c src/io/*.c src/graph/*.c src/analysis/*.c src/render/*.c)
CLI_SRC  = $(wildcard src/cli/*.c)
UNIT_SRC = $(wildcard tests/unit/*.c)
E2E_SRC  = $(wildcard tests/e2e/*.c)
TEST_COMMON = tests/testutil.c

LIB_OBJ  = $(LIB_SRC:%.c=$(O)/%.o)
CLI_OBJ  = $(CLI_SRC:%.c=$(O)/%.o)
UNIT_OBJ = $(UNIT_SRC:%.c=$(O)/%.o) $(TEST_COMMON:%.c=$(O)/%.o)
E2E_OBJ  = $(E2E_SRC:%.c=$(O)/%.o) $(TEST_COMMON:%.c=$(O)/%.o)

.PHONY: all deps test asan tsan demo clean install check-seams check-messages check-unit check-e2e bench bench-large stress fuzz fuzz-build

all: $(O)/powermap $(O)/gen

deps:
	@tools/install-deps --quiet

$(O)/%.o: %.c | deps
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -c $< -o $@

$(O)/libpowermap.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(O)/powermap: $(CLI_OBJ) $(O)/libpowermap.a
	$(CC) $(OPT) $(SAN) -o $@ $(CLI_OBJ) $(O)/libpowermap.a $(PKG_LIBS)

# The network generator (tools/gen.c): deterministic, presets S, M, L.
$(O)/gen: $(O)/tools/gen.o
	$(CC) $(OPT) $(SAN) -o $@ $^ -lm

$(O)/test_unit: $(UNIT_OBJ) $(O)/libpowermap.a
	$(CC) $(OPT) $(SAN) -o $@ $(UNIT_OBJ) $(O)/libpowermap.a $(PKG_LIBS) \
		$$(pkg-config --libs $(TEST_PKGS))

$(O)/test_e2e: $(E2E_OBJ) $(O)/libpowermap.a
	$(CC) $(OPT) $(SAN) -o $@ $(E2E_OBJ) $(O)/libpowermap.a $(PKG_LIBS) \
		$$(pkg-config --libs $(TEST_PKGS))

# The tests find the binary and the example data through these variables;
# they read times in UTC whatever the machine's zone (a test that means a
# zone sets its own TZ).
TEST_ENV = POWERMAP_BIN=$(CURDIR)/$(O)/powermap POWERMAP_GRAPHS=$(CURDIR)/graphs \
	POWERMAP_TESTDATA=$(CURDIR)/tests/data POWERMAP_TOOLS=$(CURDIR)/tools \
	POWERMAP_PYTHON=$(PYTHON) TZ=UTC

check-unit: $(O)/test_unit
	$(TEST_ENV) $(RUN_ENV) $(O)/test_unit --jobs 2

check-e2e: $(O)/test_e2e $(O)/powermap $(O)/gen
	$(TEST_ENV) $(RUN_ENV) $(O)/test_e2e --jobs 2

# The seams of DESIGN §3 (no SQL outside src/store, the library never prints).
check-seams:
	@tools/check-seams

# Every message format in src/ has its Japanese (src/util/messages_ja.c).
check-messages:
	@$(PYTHON) tools/check-messages

test: all
	$(MAKE) --no-print-directory check-seams check-messages check-unit check-e2e

# The test runners check leaks inside every test (PM_TEST) rather than at
# exit, where Criterion's own runner keeps a few bytes; the programs the tests
# start (powermap itself) are checked at exit and fail with exit code 23.
LSAN_BASE = suppressions=$(CURDIR)/tests/lsan.supp:fast_unwind_on_malloc=0:print_suppressions=0
ASAN_FLAGS = -fsanitize=address,undefined -fno-sanitize-recover=undefined \
	-fno-omit-frame-pointer -DPM_ASAN=1
asan: deps
	$(MAKE) --no-print-directory O=build-asan OPT="-O1 -g" SAN="$(ASAN_FLAGS)" \
		RUN_ENV='ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=23 \
		LSAN_OPTIONS=$(LSAN_BASE):leak_check_at_exit=0 \
		POWERMAP_CHILD_LSAN_OPTIONS=$(LSAN_BASE) \
		UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1' \
		build-asan/powermap build-asan/gen check-unit check-e2e

# The threaded analyses (betweenness's workers) under ThreadSanitizer, on a
# generated network: Criterion does not start under TSan, so commands run.
tsan: deps
	$(MAKE) --no-print-directory O=build-tsan OPT="-O1 -g" SAN="-fsanitize=thread" \
		build-tsan/powermap build-tsan/gen
	tools/tsan-check build-tsan

# Benchmarks: not part of `make test`. Results in $(O)/bench (results.md,
# results.json, bench.png); bench-large adds L to the S and M results there.
bench: all
	@tools/install-deps --quiet --bench
	$(PYTHON) tools/bench.py --sizes S,M --nx-sizes S,M --dir $(O)/bench \
		--bin $(O)/powermap --gen $(O)/gen

bench-large: all
	@tools/install-deps --quiet --bench
	$(PYTHON) tools/bench.py --sizes L --nx-sizes "" --dir $(O)/bench \
		--bin $(O)/powermap --gen $(O)/gen

# Reliability at full size (make test runs the same scripts small): 60
# SIGKILLs over imports of 50,000 people / 500,000 ties and edits, then
# writers, readers and two imports of 200,000 people / 2M ties at once
# (each import holds the write lock ~100 s, so the others wait up to 300 s),
# then the hostile inputs at their large sizes. About 45 minutes.
STRESS_DIR = $(O)/stress
stress: all
	@rm -rf $(STRESS_DIR) && mkdir -p $(STRESS_DIR)
	sh tests/reliability/kill.sh $(O)/powermap $(O)/gen graphs $(STRESS_DIR)/kill 60 50000 500000
	sh tests/reliability/concurrency.sh $(O)/powermap $(O)/gen graphs $(STRESS_DIR)/conc 200000 2000000 60 300
	sh tests/reliability/hostile.sh $(O)/powermap $(STRESS_DIR)/hostile large

# Fuzzing: libFuzzer targets (tests/fuzz) built with clang, ASan and UBSan
# into build-fuzz; each runs FUZZ_SECONDS (tools/fuzz prints the figures).
FUZZ_SECONDS ?= 60
FUZZ_DIR = build-fuzz
FUZZ_FORMATS = native linkedin cards contacts views salesforce ics
FUZZ_BINS = $(FUZZ_DIR)/fuzz_csv $(FUZZ_DIR)/fuzz_names $(FUZZ_DIR)/fuzz_escape \
	$(FUZZ_DIR)/fuzz_map $(FUZZ_DIR)/fuzz_digest $(FUZZ_DIR)/fuzz_xlsx \
	$(FUZZ_FORMATS:%=$(FUZZ_DIR)/fuzz_import_%)
FUZZ_CFLAGS = -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
	-fno-omit-frame-pointer
fuzz-build: deps
	@tools/install-deps --quiet --fuzz
	$(MAKE) --no-print-directory O=$(FUZZ_DIR) CC=clang OPT="-O1 -g" WARN="-Wall" \
		SAN="-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer" \
		$(FUZZ_DIR)/libpowermap.a
	$(MAKE) --no-print-directory $(FUZZ_BINS)
$(FUZZ_DIR)/fuzz_import_%: tests/fuzz/fuzz_import.c $(FUZZ_DIR)/libpowermap.a
	clang $(BASE_CFLAGS) -Wno-error -O1 -g $(FUZZ_CFLAGS) '-DFORMAT="$*"' -o $@ $< \
		$(FUZZ_DIR)/libpowermap.a $(PKG_LIBS)
$(FUZZ_DIR)/fuzz_map: tests/fuzz/fuzz_map.c $(FUZZ_DIR)/libpowermap.a
	clang $(BASE_CFLAGS) -Wno-error -O1 -g $(FUZZ_CFLAGS) $$(pkg-config --cflags libxml-2.0) \
		-o $@ $< $(FUZZ_DIR)/libpowermap.a $(PKG_LIBS) $$(pkg-config --libs libxml-2.0)
$(FUZZ_DIR)/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_DIR)/libpowermap.a
	clang $(BASE_CFLAGS) -Wno-error -O1 -g $(FUZZ_CFLAGS) -o $@ $< \
		$(FUZZ_DIR)/libpowermap.a $(PKG_LIBS)
fuzz: fuzz-build
	tools/fuzz $(FUZZ_DIR) $(FUZZ_SECONDS)

DEMO_DB = demo.db
demo: all
	@tools/demo $(O)/powermap $(DEMO_DB)

install: all
	install -d $(PREFIX)/bin
	install -m 0755 $(O)/powermap $(PREFIX)/bin/powermap

clean:
	rm -rf build build-asan build-tsan demo.db demo.db-wal demo.db-shm

# Header dependencies of every build directory in use: O=build-tsan or any
# other O= rebuilt stale objects against changed headers before (crashes).
-include $(sort $(shell find $(O) build build-asan build-tsan -name '*.d' 2>/dev/null))
