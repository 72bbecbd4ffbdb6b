# fitsmon — build, test, install.
#
#   make            build ./fitsmon
#   make demo       run the nightly report on the bundled sample school
#   make check      every test (make layers, unit tests with Check, then integration scripts)
#   make layers     no #include runs upward (LAYERS below)
#   make install    PREFIX, DESTDIR, sysconfdir, localstatedir are honoured
#
# Dependencies are Debian packages; `make deps` installs the missing ones
# (as root) and the demo and check targets call it first.

PREFIX        ?= /usr/local
bindir        ?= $(PREFIX)/bin
datadir       ?= $(PREFIX)/share
mandir        ?= $(datadir)/man
sysconfdir    ?= /etc
localstatedir ?= /var

CC      ?= cc
PKGS     = libcurl libpcre2-8 sqlite3 libcrypto zlib
CFLAGS  ?= -O2 -g
WARN     = -std=c11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
           -Wmissing-prototypes -Wformat=2 -Wvla
CPPFLAGS += -Iinclude -D_XOPEN_SOURCE=700 -D_DEFAULT_SOURCE -pthread \
           -DFITSMON_VERSION='"$(VERSION)"' \
           -DFITSMON_CATALOG='"$(datadir)/fitsmon/fitsom/catalog.conf"' \
           -DFITSMON_PRESETS='"$(datadir)/fitsmon/presets"'
VERSION  = 0.1.0
# the real public data sets the tests read in place (not shipped)
FITSMON_TESTDATA ?= $(CURDIR)/../shared/data
export FITSMON_TESTDATA

PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CHECK_CFLAGS := $(shell pkg-config --cflags check 2>/dev/null)
CHECK_LIBS   := $(shell pkg-config --libs check 2>/dev/null)
LIBS     = $(PKG_LIBS) -lcsv -lm -pthread

# The layers, lowest first: each may include only its own headers and those
# of the layers below (`make layers`, tests/layers.sh; the README's Layout draws
# them).  A folder holds its own *.c; the top layer is six single files.
LAYERS   = lib:monitor/lib config:monitor/config feeds:feeds domain:monitor \
           report:monitor/report app:monitor/main.c,monitor/commands.c,monitor/job.c,monitor/alert.c,monitor/query.c,monitor/init.c

LIB_SRC  = $(filter-out monitor/main.c,$(wildcard monitor/*.c monitor/*/*.c)) $(wildcard feeds/*.c)
LIB_OBJ  = $(LIB_SRC:%.c=build/%.o)
TEST_SRC = $(wildcard tests/test_*.c)
TEST_BIN = $(TEST_SRC:tests/%.c=build/tests/%)

# Debian packages.  BUILD_PKGS: what building and running fitsmon need
# (make demo installs these); TEST_PKGS: what the tests need besides (make
# check installs both sets): Check for the unit tests, python3 and
# python3-aiosmtpd for the test servers, openssl for the test certificates,
# man-db for the man pages, chromium for the HTML report, systemd for
# systemd-analyze, strace for the install test, procps for ps.  The README
# lists both (tests/it_deps.sh compares).
BUILD_PKGS  = build-essential pkg-config libcurl4-openssl-dev libcsv-dev libpcre2-dev \
              libsqlite3-dev libssl-dev zlib1g-dev tzdata ca-certificates
TEST_PKGS   = check python3 python3-aiosmtpd openssl man-db chromium systemd strace procps
DEBIAN_PKGS = $(BUILD_PKGS) $(TEST_PKGS)

.PHONY: all deps deps-list demo check unit integration layers mutants install clean

all: fitsmon

build/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(PKG_CFLAGS) $(WARN) $(CFLAGS) -MMD -MP -c -o $@ $<

build/libfitsmon.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

fitsmon: build/monitor/main.o build/libfitsmon.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS)

build/tests/%: tests/%.c tests/testutil.h build/libfitsmon.a
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(PKG_CFLAGS) $(CHECK_CFLAGS) $(WARN) $(CFLAGS) \
	    -DSRCDIR='"$(CURDIR)"' -DTESTDATA='"$(FITSMON_TESTDATA)"' -o $@ $< build/libfitsmon.a $(LIBS) $(CHECK_LIBS)

# The two sets, as the README lists them.
deps-list:
	@echo 'make demo:  $(strip $(BUILD_PKGS))'
	@echo 'make check: $(strip $(BUILD_PKGS)) $(strip $(TEST_PKGS))'

# Install what is missing of DEBIAN_PKGS; say what to install when not root.
deps:
	@missing=""; for p in $(DEBIAN_PKGS); do \
	    dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	    if [ "$$(id -u)" = 0 ]; then \
	        echo "installing:$$missing"; \
	        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	    else \
	        echo "missing Debian packages; run as root: apt-get install$$missing" >&2; exit 1; \
	    fi; \
	fi

DEMO_NOW ?= 2026-11-28T02:30:00Z
# The nightly job on the sample school, in build/demo (its store and spool
# land there), then the report a bursar would read.
demo:
	@$(MAKE) -s deps DEBIAN_PKGS='$(BUILD_PKGS)'
	$(MAKE) all
	rm -rf build/demo && mkdir -p build/demo && cp -R rules feeds build/demo/
	# a copy of the sample school: its store lands beside the copied config
	./fitsmon -c build/demo/rules/examples/oakfield.conf --now $(DEMO_NOW) run
	./fitsmon -c build/demo/rules/examples/oakfield.conf --now $(DEMO_NOW) \
	    report --from 2026-08-24 --format text

unit: $(TEST_BIN)
	@fail=0; for t in $(TEST_BIN); do \
	    CK_FORK=yes ./$$t || fail=1; \
	done; exit $$fail

integration: fitsmon
	@fail=0; for t in tests/it_*.sh; do \
	    [ -e "$$t" ] || continue; \
	    echo "== $$t"; bash $$t || fail=1; \
	done; exit $$fail

# No include runs upward (LAYERS above).
layers:
	@bash tests/layers.sh '$(LAYERS)'

# Tests that need the large real data sets (FITSMON_TESTDATA, default
# ../shared/data) are skipped when that folder is absent: each appends its
# name to build/skipped (FITSMON_SKIPS) and the last lines say which.
# .ci/run fails when any was skipped although the folder exists, then
# runs tests/fresh-clone.sh (make check in a clone with no ../shared).
check: deps
	$(MAKE) layers
	$(MAKE) all
	@mkdir -p build && rm -f build/skipped
	@fail=0; FITSMON_SKIPS=$(CURDIR)/build/skipped $(MAKE) unit integration || fail=1; \
	bash tests/skips.sh summary build/skipped; \
	if [ $$fail = 0 ]; then echo "make check: passed"; else echo "make check: FAILED"; fi; \
	exit $$fail

# Each tests/mutants/NAME.patch (a deliberately wrong version of the code,
# with its Mutant: and Test: lines) applied to a scratch copy that keeps
# the built objects; fails, naming it, when any mutant survives.  Two at a
# time (MUTANTS_JOBS), MUTANT_TIMEOUT seconds each: see tests/mutants/run.sh.
mutants: deps
	bash tests/mutants/run.sh

# install: the program, its data, the units and the man pages, under PREFIX,
# DESTDIR, bindir, datadir, mandir, sysconfdir, localstatedir, and unitdir
# and docdir (below).  The catalog's path is compiled into the binary
# (FITSMON_CATALOG above): a binary built for another datadir is rebuilt
# first, so the installed one finds the installed catalog.  Under
# $(datadir)/fitsmon: fitsom/ (the catalog), presets/ (every
# rules/presets/*.conf), examples/ (rules/examples/*.conf, the sample school
# and the four scenarios, reading the sample feeds installed beside them in
# examples/samples/; feeds/examples/*.conf in examples/feeds/).
# $(sysconfdir)/fitsmon/fitsmon.conf is put in place only when there is
# none: the template rules/fitsmon.conf.in, which fitsmon refuses to run
# ("fill in this file (or run fitsmon init)", exit 78) while its [template]
# line is there.  An existing config is never touched.
install uninstall: unitdir ?= $(PREFIX)/lib/systemd/system
install uninstall: docdir ?= $(datadir)/doc/fitsmon
PRESETS = $(wildcard rules/presets/*.conf)
install: fitsmon
	@if ! tr '\0' '\n' <fitsmon | grep -qxF '$(datadir)/fitsmon/fitsom/catalog.conf'; then \
	    echo "fitsmon was built for another datadir: rebuilding for $(datadir)"; \
	    rm -f build/monitor/config/config.o && $(MAKE) fitsmon || exit 1; \
	fi
	install -d $(DESTDIR)$(bindir) $(DESTDIR)$(datadir)/fitsmon/fitsom \
	    $(DESTDIR)$(datadir)/fitsmon/presets $(DESTDIR)$(datadir)/fitsmon/examples \
	    $(DESTDIR)$(datadir)/fitsmon/examples/samples $(DESTDIR)$(datadir)/fitsmon/examples/feeds \
	    $(DESTDIR)$(mandir)/man1 $(DESTDIR)$(mandir)/man5 \
	    $(DESTDIR)$(unitdir) $(DESTDIR)$(docdir) $(DESTDIR)$(sysconfdir)/fitsmon
	install -m 755 fitsmon $(DESTDIR)$(bindir)/fitsmon
	install -m 644 rules/fitsom/*.conf $(DESTDIR)$(datadir)/fitsmon/fitsom/
	$(if $(PRESETS),install -m 644 $(PRESETS) $(DESTDIR)$(datadir)/fitsmon/presets/)
	install -m 644 feeds/samples/*.csv feeds/samples/*.json feeds/samples/README.md \
	    $(DESTDIR)$(datadir)/fitsmon/examples/samples/
	install -m 644 feeds/examples/*.conf $(DESTDIR)$(datadir)/fitsmon/examples/feeds/
	for f in rules/examples/*.conf; do \
	    sed 's|\.\./\.\./feeds/samples/|samples/|g' $$f \
	        >$(DESTDIR)$(datadir)/fitsmon/examples/$${f##*/} && \
	    chmod 644 $(DESTDIR)$(datadir)/fitsmon/examples/$${f##*/} || exit 1; \
	done
	for p in monitor/fitsmon.1:man1 monitor/fitsmon.conf.5:man5; do \
	    sed -e 's|/usr/local/share/fitsmon/|$(datadir)/fitsmon/|g' \
	        -e 's|/usr/local/lib/systemd/system/|$(unitdir)/|g' \
	        -e 's|/usr/local/share/doc/fitsmon/|$(docdir)/|g' $${p%:*} \
	        >$(DESTDIR)$(mandir)/$${p#*:}/$$(basename $${p%:*}) && \
	    chmod 644 $(DESTDIR)$(mandir)/$${p#*:}/$$(basename $${p%:*}) || exit 1; \
	done
	for f in systemd/fitsmon.service:$(unitdir) systemd/fitsmon.timer:$(unitdir) \
	         systemd/fitsmon.cron:$(docdir); do \
	    sed -e 's|@bindir@|$(bindir)|g' -e 's|@sysconfdir@|$(sysconfdir)|g' $${f%%:*} \
	        >$(DESTDIR)$${f#*:}/$$(basename $${f%%:*}) && \
	    chmod 644 $(DESTDIR)$${f#*:}/$$(basename $${f%%:*}) || exit 1; \
	done
	@conf=$(DESTDIR)$(sysconfdir)/fitsmon/fitsmon.conf; \
	if [ -e "$$conf" ]; then \
	    echo "keeping $$conf"; \
	else \
	    echo "installing the template $$conf: fill it in (or run fitsmon init)"; \
	    sed -e 's|@datadir@|$(datadir)|g' -e 's|@sysconfdir@|$(sysconfdir)|g' \
	        rules/fitsmon.conf.in >"$$conf" && chmod 644 "$$conf"; \
	fi
	@[ -e $(DESTDIR)$(localstatedir)/lib/fitsmon ] || \
	    install -d -m 750 $(DESTDIR)$(localstatedir)/lib/fitsmon

# uninstall: what install put in place, except the config in
# $(sysconfdir)/fitsmon and the store in $(localstatedir)/lib/fitsmon.
.PHONY: uninstall
uninstall:
	rm -f $(DESTDIR)$(bindir)/fitsmon $(DESTDIR)$(mandir)/man1/fitsmon.1 \
	    $(DESTDIR)$(mandir)/man5/fitsmon.conf.5 \
	    $(DESTDIR)$(unitdir)/fitsmon.service $(DESTDIR)$(unitdir)/fitsmon.timer \
	    $(DESTDIR)$(docdir)/fitsmon.cron
	rm -rf $(DESTDIR)$(datadir)/fitsmon
	rmdir $(DESTDIR)$(docdir) 2>/dev/null || true
	@echo "kept $(DESTDIR)$(sysconfdir)/fitsmon and $(DESTDIR)$(localstatedir)/lib/fitsmon (config and store)"

# The local-authority-scale benchmark (issue 8): generates a school year of
# data (200,000 tickets, 2 million log rows) in a temporary folder, times
# run, re-runs, report and query against cat, a libcsv-only parser and
# SQLite alone taking each record as one plain row, and prints the targets with PASS or
# MISSED, within 10 minutes.  It exits 0 when a target is missed (a slow figure on
# a noisy machine is kept), 1 under BENCH_STRICT=1.  BENCH_BUDGET, BENCH_SCALE,
# BENCH_BIG=1, BENCH_KEEP=1 and BENCH_STRICT=1 are described in tests/bench/run.sh.
.PHONY: bench
BENCH_BIN = build/bench/gen build/bench/csvcount build/bench/sqlfloor build/bench/evalbench

build/bench/gen: tests/bench/gen.c
	@mkdir -p $(@D)
	$(CC) $(WARN) $(CFLAGS) -o $@ $<

build/bench/csvcount: tests/bench/csvcount.c tests/bench/csvfile.h
	@mkdir -p $(@D)
	$(CC) $(WARN) $(CFLAGS) -o $@ $< -lcsv

build/bench/sqlfloor: tests/bench/sqlfloor.c tests/bench/csvfile.h
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(PKG_CFLAGS) $(WARN) $(CFLAGS) -o $@ $< -lcsv $(PKG_LIBS)

build/bench/evalbench: tests/bench/evalbench.c build/libfitsmon.a
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(PKG_CFLAGS) $(WARN) $(CFLAGS) -o $@ $< build/libfitsmon.a $(LIBS)

bench: fitsmon $(BENCH_BIN)
	bash tests/bench/run.sh

# ---- fuzzing and sanitizers ------------------------------------------------
#
#   make fuzz            each libFuzzer target for FUZZ_SECONDS (default 60)
#   make check-asan      unit and integration tests built with ASan + UBSan
#   make check-valgrind  unit tests and CLI runs under valgrind
#   make check-tsan      the tests that evaluate (two threads) under TSan
#
# The fuzz targets (tests/fuzz/README) are built with clang from the same
# sources into build/fuzz/; the sanitizer build lives in build-asan/.
# Both install the packages they need first (clang, valgrind), as `deps`.
FUZZ_PKGS      = clang libclang-rt-14-dev
VALGRIND_PKGS  = valgrind
FUZZ_CC       ?= clang
FUZZ_SAN       = -g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined \
                 -fno-sanitize-recover=all
FUZZ_TARGETS   = fuzz_csv_tickets fuzz_csv_events fuzz_csv_activities fuzz_config \
                 fuzz_ics fuzz_govuk fuzz_timefmt fuzz_preset fuzz_sniff fuzz_datacheck
FUZZ_BIN       = $(FUZZ_TARGETS:%=build/fuzz/bin/%)
FUZZ_OBJ       = $(LIB_SRC:%.c=build/fuzz/obj/%.o)
FUZZ_SECONDS  ?= 60
ASAN_SAN       = -fsanitize=address,undefined -fno-omit-frame-pointer -g -O1
ASAN_OBJ       = $(LIB_SRC:%.c=build-asan/%.o)
ASAN_TESTS     = $(TEST_SRC:tests/%.c=build-asan/tests/%)
ASAN_ENV       = ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
                 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
TSAN_SAN       = -fsanitize=thread -fno-omit-frame-pointer -g -O1
TSAN_OBJ       = $(LIB_SRC:%.c=build-tsan/%.o)
# every test program that calls evaluate(), and the CLI for a run
TSAN_TESTS     = build-tsan/tests/test_realdata build-tsan/tests/test_scenarios \
                 build-tsan/tests/test_finding
TSAN_ENV       = TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1
VALGRIND       = valgrind -q --leak-check=full --show-leak-kinds=definite,indirect \
                 --errors-for-leak-kinds=definite,indirect --error-exitcode=1 \
                 --suppressions=$(CURDIR)/tests/valgrind.supp
VALGRIND_JOBS ?= $(shell nproc 2>/dev/null || echo 1)
VALGRIND_SLOW  = build/tests/test_tz build/tests/test_realdata   # started first

.PHONY: fuzz fuzz-build check-asan check-valgrind check-tsan

build/fuzz/obj/%.o: %.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(CPPFLAGS) $(PKG_CFLAGS) $(WARN) $(FUZZ_SAN) -fsanitize=fuzzer-no-link \
	    -MMD -MP -c -o $@ $<

build/fuzz/libfitsmon.a: $(FUZZ_OBJ)
	@rm -f $@
	ar rcs $@ $^

build/fuzz/bin/%: tests/fuzz/%.c tests/fuzz/fuzz.h build/fuzz/libfitsmon.a
	@mkdir -p $(@D)
	$(FUZZ_CC) $(CPPFLAGS) $(PKG_CFLAGS) $(WARN) $(FUZZ_SAN) -fsanitize=fuzzer \
	    -DSRCDIR='"$(CURDIR)"' -DTESTDATA='"$(FITSMON_TESTDATA)"' -o $@ $< build/fuzz/libfitsmon.a $(LIBS)

fuzz-build:
	@$(MAKE) -s deps DEBIAN_PKGS='$(FUZZ_PKGS)'
	$(MAKE) $(FUZZ_BIN)

# Seeds are read in place (tests/data, feeds/samples, ../shared/data);
# new inputs, logs and crash files go to build/fuzz/.
fuzz: fuzz-build
	bash tests/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_TARGETS)

build-asan/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(PKG_CFLAGS) $(WARN) $(ASAN_SAN) -MMD -MP -c -o $@ $<

build-asan/libfitsmon.a: $(ASAN_OBJ)
	@rm -f $@
	ar rcs $@ $^

build-asan/fitsmon: build-asan/monitor/main.o build-asan/libfitsmon.a
	$(CC) $(ASAN_SAN) -o $@ $^ $(LIBS)

build-asan/tests/%: tests/%.c tests/testutil.h build-asan/libfitsmon.a
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(PKG_CFLAGS) $(CHECK_CFLAGS) $(WARN) $(ASAN_SAN) \
	    -DSRCDIR='"$(CURDIR)"' -DTESTDATA='"$(FITSMON_TESTDATA)"' -o $@ $< build-asan/libfitsmon.a $(LIBS) $(CHECK_LIBS)

# The same tests against the sanitizer build (FITSMON= for the scripts);
# the fuzz smoke test is left out: its targets are sanitized already.
check-asan: deps
	$(MAKE) build-asan/fitsmon $(ASAN_TESTS) build-asan/tests/mailsend
	@fail=0; for t in $(ASAN_TESTS); do \
	    $(ASAN_ENV) CK_FORK=yes ./$$t || fail=1; \
	done; \
	for t in $(filter-out tests/it_fuzz.sh,$(wildcard tests/it_*.sh)); do \
	    echo "== $$t (asan)"; \
	    $(ASAN_ENV) FITSMON=$(CURDIR)/build-asan/fitsmon FITSMON_PRESETS=$(CURDIR)/rules/presets \
	        MAILSEND=$(CURDIR)/build-asan/tests/mailsend bash $$t || fail=1; \
	done; exit $$fail

build-tsan/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(PKG_CFLAGS) $(WARN) $(TSAN_SAN) -MMD -MP -c -o $@ $<

build-tsan/libfitsmon.a: $(TSAN_OBJ)
	@rm -f $@
	ar rcs $@ $^

build-tsan/fitsmon: build-tsan/monitor/main.o build-tsan/libfitsmon.a
	$(CC) $(TSAN_SAN) -o $@ $^ $(LIBS)

build-tsan/tests/%: tests/%.c tests/testutil.h build-tsan/libfitsmon.a
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(PKG_CFLAGS) $(CHECK_CFLAGS) $(WARN) $(TSAN_SAN) \
	    -DSRCDIR='"$(CURDIR)"' -DTESTDATA='"$(FITSMON_TESTDATA)"' -o $@ $< build-tsan/libfitsmon.a $(LIBS) $(CHECK_LIBS)

# evaluate() runs two threads: ThreadSanitizer watches them on the real
# data sets (24,918 incidents: several chunks), the scenarios, and a run,
# a report and a query of the sample school
check-tsan: deps
	$(MAKE) build-tsan/fitsmon $(TSAN_TESTS)
	@fail=0; for t in $(TSAN_TESTS); do \
	    $(TSAN_ENV) CK_FORK=yes ./$$t || fail=1; \
	done; \
	d=$$(mktemp -d) && cp -R $(CURDIR)/rules $(CURDIR)/feeds $$d/ && conf=$$d/rules/examples/oakfield.conf && \
	for c in "--now $(DEMO_NOW) run" "--now $(DEMO_NOW) report --format json" \
	         "--now $(DEMO_NOW) query breaches --from 2026-01-01"; do \
	    echo "== fitsmon $$c (tsan)"; \
	    (cd $$d && $(TSAN_ENV) FITSMON_NO_JIT=1 $(CURDIR)/build-tsan/fitsmon -c $$conf $$c \
	        >/dev/null) || fail=1; \
	done; \
	rm -rf $$d; \
	if [ $$fail = 0 ]; then echo "check-tsan: no data races"; else exit 1; fi

# The unit tests in one process each (CK_FORK=no), VALGRIND_JOBS at a
# time, each with its log in build/valgrind/; then validate, run and
# report on the sample school in a temporary folder, with patterns on
# PCRE2's interpreter (FITSMON_NO_JIT=1: what the systemd unit runs, and
# all of it visible to valgrind; tests/valgrind.supp covers the JIT).
check-valgrind: deps
	@$(MAKE) -s deps DEBIAN_PKGS='$(VALGRIND_PKGS)'
	$(MAKE) fitsmon $(TEST_BIN)
	@mkdir -p build/valgrind; fail=0; \
	printf '%s\n' $(filter $(VALGRIND_SLOW),$(TEST_BIN)) \
	    $(filter-out $(VALGRIND_SLOW),$(TEST_BIN)) | xargs -P $(VALGRIND_JOBS) -n 1 sh -c \
	    'if CK_FORK=no $(VALGRIND) "$$0" >build/valgrind/$${0##*/}.log 2>&1; \
	     then echo "== $$0 (valgrind): ok"; \
	     else echo "== $$0 (valgrind): FAILED"; cat build/valgrind/$${0##*/}.log; exit 1; fi' \
	    || fail=1; \
	d=$$(mktemp -d) && cp -R $(CURDIR)/rules $(CURDIR)/feeds $$d/ && conf=$$d/rules/examples/oakfield.conf && \
	for c in validate "--now $(DEMO_NOW) run" \
	         "--now $(DEMO_NOW) report --from 2026-08-24 --format text" \
	         "--now $(DEMO_NOW) report --format json" "--now $(DEMO_NOW) validate --data"; do \
	    echo "== fitsmon $$c (valgrind)"; \
	    (cd $$d && FITSMON_NO_JIT=1 $(VALGRIND) $(CURDIR)/fitsmon -c $$conf $$c >/dev/null) \
	        || fail=1; \
	done; rm -rf $$d; exit $$fail

-include $(FUZZ_OBJ:.o=.d) $(ASAN_OBJ:.o=.d) build-asan/monitor/main.d

clean:
	rm -rf build fitsmon

-include $(LIB_OBJ:.o=.d) build/monitor/main.d
