# fitsmon — build, test, install.
#
#   make            build ./fitsmon
#   make demo       run the nightly report on the bundled sample school
#   make check      every test (unit tests with Check, then integration scripts)
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
PKGS     = libcurl libpcre2-8 sqlite3 libcrypto
CFLAGS  ?= -O2 -g
WARN     = -std=c11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
           -Wmissing-prototypes -Wformat=2 -Wvla
CPPFLAGS += -Iinclude -D_XOPEN_SOURCE=700 -D_DEFAULT_SOURCE \
           -DFITSMON_VERSION='"$(VERSION)"' \
           -DFITSMON_CATALOG='"$(datadir)/fitsmon/fitsom/catalog.conf"'
VERSION  = 0.1.0

PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CHECK_CFLAGS := $(shell pkg-config --cflags check 2>/dev/null)
CHECK_LIBS   := $(shell pkg-config --libs check 2>/dev/null)
LIBS     = $(PKG_LIBS) -lcsv -lm

LIB_SRC  = $(filter-out monitor/main.c,$(wildcard monitor/*.c)) $(wildcard feeds/*.c)
LIB_OBJ  = $(LIB_SRC:%.c=build/%.o)
TEST_SRC = $(wildcard tests/test_*.c)
TEST_BIN = $(TEST_SRC:tests/%.c=build/tests/%)

DEBIAN_PKGS = build-essential pkg-config libcurl4-openssl-dev libcsv-dev \
              libpcre2-dev libsqlite3-dev libssl-dev check tzdata python3 openssl \
              man-db chromium \
              python3-aiosmtpd

.PHONY: all deps demo check unit integration install clean

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
	    -DSRCDIR='"$(CURDIR)"' -o $@ $< build/libfitsmon.a $(LIBS) $(CHECK_LIBS)

# Install what is missing; say what to install when not root.
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
demo: deps
	$(MAKE) all
	rm -rf build/demo && mkdir -p build/demo
	cd build/demo && ../../fitsmon -c ../../rules/examples/oakfield.conf --now $(DEMO_NOW) run
	cd build/demo && ../../fitsmon -c ../../rules/examples/oakfield.conf --now $(DEMO_NOW) \
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

check: deps
	$(MAKE) all
	$(MAKE) unit integration

install: fitsmon
	install -d $(DESTDIR)$(bindir) $(DESTDIR)$(datadir)/fitsmon/fitsom \
	    $(DESTDIR)$(datadir)/fitsmon/examples
	install -m 755 fitsmon $(DESTDIR)$(bindir)/fitsmon
	install -m 644 rules/fitsom/*.conf $(DESTDIR)$(datadir)/fitsmon/fitsom/
	install -m 644 rules/examples/*.conf $(DESTDIR)$(datadir)/fitsmon/examples/
	install -d $(DESTDIR)$(mandir)/man1 $(DESTDIR)$(mandir)/man5
	install -m 644 monitor/fitsmon.1 $(DESTDIR)$(mandir)/man1/
	install -m 644 monitor/fitsmon.conf.5 $(DESTDIR)$(mandir)/man5/

clean:
	rm -rf build fitsmon

-include $(LIB_OBJ:.o=.d) build/monitor/main.d
