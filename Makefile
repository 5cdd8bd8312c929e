# mentorstat: build, set-up, tests, demo and benchmark.
#
#   make          build ./mentorstat
#   make deps     install missing Debian packages (apt-get), checked by pkg-config
#   make demo     deps + build + the whole pipeline on samples/demo -> reports/
#   make test     deps + every cmocka binary and end-to-end test, then the
#                 same again built with -fsanitize=address,undefined
#   make bench    timings at 20,000 and 200,000 pairs -> bench/RESULTS.md
#   make bench-peers  install the tools bench compares with (pandas, DuckDB)
#   make fuzz     libFuzzer harnesses (FUZZ_SECONDS per harness)
#   make install  bin/mentorstat and share/man/man1/mentorstat.1 under
#                 $(DESTDIR)$(PREFIX) (PREFIX default /usr/local);
#                 make uninstall removes them
#
# Sources are found by wildcard: a module is a .c/.h pair in core/, ingest/,
# analyze/, report/ or samples/; a test is tests/test_<module>.c.

CC       ?= cc
PKGS     := sqlite3 gsl xlsxwriter cmocka inih libcrypto
CSTD     := -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE
WARN     := -Wall -Wextra -Wpedantic -Wstrict-prototypes -Wmissing-prototypes \
            -Wwrite-strings -Wvla -Werror
OPT      ?= -O2 -g
PKG_CFLAGS = $(shell pkg-config --cflags $(filter-out cmocka,$(PKGS)) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(filter-out cmocka,$(PKGS)) 2>/dev/null)
CMOCKA_LIBS = $(shell pkg-config --libs cmocka 2>/dev/null)
INCLUDES := -Icore -Iingest -Ianalyze -Ireport -Isamples -Ibuild/gen
CFLAGS_ALL = $(CSTD) $(WARN) $(OPT) -pthread $(INCLUDES) $(PKG_CFLAGS) $(EXTRA_CFLAGS)
# A stage's sources see core/ and their own folder only, so no stage can
# include another stage's header; main.c (the top) and the tests see all.
STAGE_INC_core    := -Icore -Ibuild/gen
STAGE_INC_ingest  := -Icore -Iingest
STAGE_INC_analyze := -Icore -Ianalyze
STAGE_INC_report  := -Icore -Ireport
STAGE_INC_samples := -Icore -Isamples
stage_inc = $(or $(STAGE_INC_$(firstword $(subst /, ,$(1)))),$(INCLUDES))
CFLAGS_STAGE = $(CSTD) $(WARN) $(OPT) -pthread $(call stage_inc,$(1)) $(PKG_CFLAGS) $(EXTRA_CFLAGS)
LDLIBS_ALL = $(PKG_LIBS) -lm -pthread $(EXTRA_LDFLAGS)

SAN_FLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

LIB_SRC  := $(sort $(wildcard core/*.c ingest/*.c analyze/*.c report/*.c samples/*.c))
MIGRATIONS := $(sort $(wildcard schemas/[0-9][0-9][0-9]_*.sql))
TEST_SRC := $(sort $(wildcard tests/test_*.c))

# Two build trees: build/ (release) and build-san/ (sanitizers).
define build_tree
$(1)/gen/schema_sql.c: $(MIGRATIONS) schemas/embed.sh
	@mkdir -p $(1)/gen
	sh schemas/embed.sh $(MIGRATIONS) > $$@.tmp && mv $$@.tmp $$@
$(1)/obj/%.o: %.c $(wildcard */*.h)
	@mkdir -p $$(dir $$@)
	$$(CC) $$(call CFLAGS_STAGE,$$*) $(2) -c $$< -o $$@
$(1)/obj/gen/schema_sql.o: $(1)/gen/schema_sql.c core/schema.h
	@mkdir -p $$(dir $$@)
	$$(CC) $$(CFLAGS_ALL) $(2) -Wno-overlength-strings -c $$< -o $$@
$(1)/libmentorstat.a: $(patsubst %.c,$(1)/obj/%.o,$(LIB_SRC)) $(1)/obj/gen/schema_sql.o
	rm -f $$@ && ar rcs $$@ $$^
$(1)/tests/%: tests/%.c $(1)/libmentorstat.a tests/testutil.h
	@mkdir -p $$(dir $$@)
	$$(CC) $$(CFLAGS_ALL) $(2) -Itests $$< $(1)/libmentorstat.a $$(CMOCKA_LIBS) $$(LDLIBS_ALL) $(2) -o $$@
endef

$(eval $(call build_tree,build,))
$(eval $(call build_tree,build-san,$(SAN_FLAGS)))

.DEFAULT_GOAL := all
.PHONY: all deps demo test test-unit test-san e2e bench bench-peers fuzz clean install uninstall
all: mentorstat

mentorstat: build/obj/main.o build/libmentorstat.a
	$(CC) $(CFLAGS_ALL) $^ $(LDLIBS_ALL) -o $@

build-san/mentorstat: build-san/obj/main.o build-san/libmentorstat.a
	$(CC) $(CFLAGS_ALL) $(SAN_FLAGS) $^ $(LDLIBS_ALL) $(SAN_FLAGS) -o $@

# Debian packages behind each pkg-config name, plus tools the tests use.
DEB_sqlite3    := libsqlite3-dev
DEB_gsl        := libgsl-dev
DEB_xlsxwriter := libxlsxwriter-dev
DEB_cmocka     := libcmocka-dev
DEB_inih       := libinih-dev
DEB_libcrypto  := libssl-dev
TOOLS_DEB      := pkg-config:pkg-config sqlite3:sqlite3 python3:python3 \
                  xxd:xxd clang:clang
deps:
	@missing=""; \
	for p in $(PKGS); do \
	  pkg-config --exists $$p 2>/dev/null || case $$p in \
	    sqlite3) missing="$$missing $(DEB_sqlite3)";; gsl) missing="$$missing $(DEB_gsl)";; \
	    xlsxwriter) missing="$$missing $(DEB_xlsxwriter)";; cmocka) missing="$$missing $(DEB_cmocka)";; \
	    inih) missing="$$missing $(DEB_inih)";; libcrypto) missing="$$missing $(DEB_libcrypto)";; esac; \
	done; \
	for t in $(TOOLS_DEB); do \
	  command -v $${t%%:*} >/dev/null 2>&1 || missing="$$missing $${t#*:}"; \
	done; \
	if [ -n "$(DEPS_TEST)" ]; then \
	  { python3 -c 'import openpyxl' || /usr/bin/python3 -c 'import openpyxl'; } >/dev/null 2>&1 || \
	    missing="$$missing python3-openpyxl"; \
	  command -v soffice >/dev/null 2>&1 || missing="$$missing libreoffice-calc-nogui"; \
	  command -v valgrind >/dev/null 2>&1 || missing="$$missing valgrind"; \
	  dpkg -s libclang-rt-14-dev >/dev/null 2>&1 || missing="$$missing libclang-rt-14-dev"; \
	fi; \
	if [ -n "$$missing" ]; then \
	  echo "deps: installing$$missing"; \
	  if [ "$$(id -u)" != 0 ]; then SUDO=sudo; else SUDO=; fi; \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing >/dev/null || \
	  { echo "deps: apt-get install$$missing failed; install them by hand" >&2; exit 1; }; \
	else echo "deps: all present"; fi

demo: deps
	$(MAKE) mentorstat
	rm -f mentorstat.db
	./mentorstat run --db mentorstat.db --out reports samples/demo/*.csv

test: 
	$(MAKE) deps DEPS_TEST=1
	$(MAKE) test-unit
	$(MAKE) test-san
	$(MAKE) fuzz FUZZ_SECONDS=$(FUZZ_SECONDS)

TEST_BINS     := $(patsubst tests/%.c,build/tests/%,$(TEST_SRC))
TEST_BINS_SAN := $(patsubst tests/%.c,build-san/tests/%,$(TEST_SRC))

test-unit: mentorstat $(TEST_BINS)
	sh tests/run.sh build ./mentorstat $(TEST_BINS)

test-san: build-san/mentorstat $(TEST_BINS_SAN)
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  sh tests/run.sh build-san build-san/mentorstat $(TEST_BINS_SAN)

bench: deps mentorstat
	python3 bench/bench.py

# The peers make bench times beside mentorstat when they are installed:
# pandas and openpyxl from Debian, DuckDB's Node.js API from npm (its
# native library comes inside the npm package) into the bench cache.
BENCH_CACHE ?= $(or $(MENTORSTAT_BENCH_CACHE),/var/tmp/mentorstat-bench)
bench-peers:
	apt-get install -y python3-pandas python3-openpyxl
	command -v npm > /dev/null || apt-get install -y nodejs npm
	mkdir -p $(BENCH_CACHE)/node
	npm install --prefix $(BENCH_CACHE)/node --no-audit --no-fund @duckdb/node-api

# libFuzzer harnesses (tests/fuzz/fuzz_<name>.c) built with clang and the
# sanitizers.  Each runs FUZZ_SECONDS on a corpus seeded from the small
# samples (messy, pii), the personal-data corpus or tests/fuzz/seeds/;
# tests/fuzz/regressions/<name>/ holds every input that once crashed and
# is replayed first.
FUZZ_SECONDS ?= 30
FUZZERS := csv fields pii ingest
FUZZ_FLAGS := $(CSTD) $(WARN) -O1 -g $(INCLUDES) -Itests/fuzz $(PKG_CFLAGS) \
              -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
CORE_SRC := $(wildcard core/*.c)
FUZZ_SRC_csv := ingest/csv.c core/status.c
FUZZ_SRC_fields := ingest/fields.c core/dates.c
FUZZ_SRC_pii := ingest/pii.c core/dates.c
FUZZ_SRC_ingest := $(wildcard ingest/*.c) $(CORE_SRC) build/gen/schema_sql.c
.SECONDEXPANSION:
build-fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz_common.h $$(FUZZ_SRC_$$*) $(wildcard */*.h)
	@mkdir -p build-fuzz
	clang $(FUZZ_FLAGS) -Wno-overlength-strings $< $(FUZZ_SRC_$*) $(LDLIBS_ALL) -o $@

fuzz: $(patsubst %,build-fuzz/fuzz_%,$(FUZZERS))
	@set -e; for f in $(FUZZERS); do \
	  c=build-fuzz/corpus/$$f; mkdir -p $$c; \
	  case $$f in fields) cp tests/fuzz/seeds/fields/* $$c/;; \
	    pii) cut -f2 tests/pii/must_catch.txt tests/pii/near_miss.txt | \
	      awk -v d=$$c '{ f = sprintf("%s/line%04d", d, NR); printf "%s", $$0 > f; close(f) }';; \
	    *) for s in samples/messy/*.csv samples/pii/*.csv; do cp "$$s" "$$c/$$(echo $$s | tr / _)"; done;; esac; \
	  echo "fuzz: $$f for $(FUZZ_SECONDS) s"; \
	  ./build-fuzz/fuzz_$$f -runs=0 tests/fuzz/regressions/$$f >/dev/null 2>&1 || \
	    { echo "fuzz: $$f fails on a regression input" >&2; exit 1; }; \
	  ./build-fuzz/fuzz_$$f -max_total_time=$(FUZZ_SECONDS) -max_len=65536 \
	    -rss_limit_mb=4096 -print_final_stats=1 -artifact_prefix=build-fuzz/crash-$$f- \
	    $$c 2> build-fuzz/$$f.log || { tail -n 30 build-fuzz/$$f.log; \
	    echo "fuzz: $$f found a crash: add build-fuzz/crash-$$f-* to tests/fuzz/regressions/$$f/" >&2; exit 1; }; \
	  grep -E 'stat::number_of_executed_units' build-fuzz/$$f.log | sed "s/^/fuzz: $$f /"; \
	done

# Install as the GNU conventions say: PREFIX for where it will live, DESTDIR
# for a staging root (packages), INSTALL for the program that copies.
PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
MANDIR  ?= $(PREFIX)/share/man
INSTALL ?= install
install: mentorstat
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1
	$(INSTALL) -m 755 mentorstat $(DESTDIR)$(BINDIR)/mentorstat
	$(INSTALL) -m 644 mentorstat.1 $(DESTDIR)$(MANDIR)/man1/mentorstat.1

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/mentorstat $(DESTDIR)$(MANDIR)/man1/mentorstat.1

clean:
	rm -rf build build-san build-fuzz mentorstat
