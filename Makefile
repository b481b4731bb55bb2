# Makefile for dinh.
#
#   make            build build/dinh (installs missing Debian packages first)
#   make run        create var/dinh.db with demo content and demo logins if missing
#                   (or migrate it), serve on 127.0.0.1:8080
#   make test       build with sanitizers and run every test
#   make bench      the load benchmark against nginx (prints a table)
#   make editor     rebuild static/vendor/bien-tap.{js,css} and LICENSES.txt from
#                   editor/ (needs npm; plain make uses the committed files)
#   make install    PREFIX=/usr/local DESTDIR=
#   make clean

PREFIX ?= /usr/local
DESTDIR ?=
CC ?= cc
PKGS := libh2o-evloop sqlite3 libutf8proc libsodium zlib libisal libpng gumbo vips libmagic xlsxwriter libzip libxml-2.0 \
        libqrencode

# Plain `make` builds the server and its static files (the first rule
# below would otherwise be the dependency stamp).
.DEFAULT_GOAL := all

# --- dependencies: install what is missing, once -------------------------
DEPS_STAMP := build/.deps
$(DEPS_STAMP): scripts/deps.sh
	@pkg-config --exists $(PKGS) 2>/dev/null && test -f /usr/include/h2o.h \
	  && test -f /usr/include/openssl/ssl.h || scripts/deps.sh
	@mkdir -p build && touch $@

PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
# libvips is compiled against but not linked: src/media/process.c opens it
# at the first picture (it brings some ninety libraries with it).
PKG_LIBS = $(shell pkg-config --libs $(filter-out vips,$(PKGS)) 2>/dev/null) -lssl -lcrypto -lpthread -lm

WARN := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wno-unused-parameter
BASE_CFLAGS := -std=c17 $(WARN) -D_GNU_SOURCE -DH2O_USE_LIBUV=0 -Isrc -Ibuild/gen
REL_CFLAGS := -O2 -g -fno-strict-aliasing
SAN_CFLAGS := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined

SRC := $(shell find src -name '*.c' ! -name main.c | sort)
TEMPLATES := $(shell find templates -name '*.html' | sort)
MIGRATIONS := $(sort $(wildcard src/store/migrations/*.sql))
STATIC := $(shell find static -type f | sort)
NTM_DATA := $(sort $(wildcard data/ntm/*.csv))
GEN_C := build/gen/templates.c build/gen/migrations.c build/gen/ntm_data.c
GEN_H := build/gen/templates.h build/gen/assets.h build/gen/config.h

REL_OBJ := $(patsubst %.c,build/rel/%.o,$(SRC) src/main.c $(GEN_C))
SAN_OBJ := $(patsubst %.c,build/san/%.o,$(SRC) $(GEN_C))

.PHONY: all run test test-deps unit bench install clean deps fuzz editor FORCE
all: build/dinh build/static/.stamp

deps: $(DEPS_STAMP)

# --- generated code ---------------------------------------------------------
build/tplc: tools/tplc.c src/core/buf.c | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(CC) -std=c17 $(WARN) -O1 -g -Isrc -o $@ tools/tplc.c src/core/buf.c

build/embed: tools/embed.c | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(CC) -std=c17 $(WARN) -O1 -o $@ $<

# Grouped targets (&:): one run of the recipe makes both files, also
# under make -j (a plain rule with two targets may run it twice at once).
build/gen/templates.c build/gen/templates.h &: build/tplc $(TEMPLATES)
	@mkdir -p build/gen
	build/tplc build/gen/templates templates

# Where the installed binary finds its static files; rewritten only when
# PREFIX changes, so that `make install PREFIX=/opt` rebuilds what it must.
build/gen/config.h: FORCE
	@mkdir -p build/gen
	@echo '#define DINH_STATIC_DIR "$(PREFIX)/share/dinh/static"' > $@.tmp
	@cmp -s $@.tmp $@ && rm -f $@.tmp || mv $@.tmp $@
FORCE:

build/gen/migrations.c: build/embed $(MIGRATIONS)
	@mkdir -p build/gen
	build/embed store_migrations $(MIGRATIONS) > $@.tmp && mv $@.tmp $@

# The NTM monitor's shipped data (units, criteria sets, boundaries), so
# that `dinh init` needs no files beside the binary either.
build/gen/ntm_data.c: build/embed $(NTM_DATA)
	@mkdir -p build/gen
	build/embed ntm_data_files $(NTM_DATA) > $@.tmp && mv $@.tmp $@

# Fingerprinted copies of static files with their gzip twins, and a header
# that gives templates the fingerprinted names.
build/gen/assets.h build/static/.stamp &: scripts/assets.sh $(STATIC)
	@mkdir -p build/gen
	scripts/assets.sh static build/static build/gen/assets.h

# --- objects ----------------------------------------------------------------
build/rel/%.o: %.c $(GEN_H) | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(BASE_CFLAGS) $(REL_CFLAGS) $(PKG_CFLAGS) -MMD -MP -c -o $@ $<

build/san/%.o: %.c $(GEN_H) | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(BASE_CFLAGS) $(SAN_CFLAGS) $(PKG_CFLAGS) -MMD -MP -c -o $@ $<

-include $(shell find build/rel build/san -name '*.d' 2>/dev/null)

build/dinh: $(REL_OBJ)
	$(CC) $(REL_CFLAGS) -o $@ $^ $(PKG_LIBS)

build/san/dinh: $(SAN_OBJ) build/san/src/main.o
	$(CC) $(SAN_CFLAGS) -o $@ $^ $(PKG_LIBS)

# --- unit tests: one cmocka binary per tests/unit/test_*.c -------------------
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(patsubst tests/unit/%.c,build/san/tests/%,$(UNIT_SRC))

build/san/tests/%: tests/unit/%.c $(SAN_OBJ) | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(BASE_CFLAGS) $(SAN_CFLAGS) $(PKG_CFLAGS) -o $@ $< $(SAN_OBJ) $(PKG_LIBS) -lcmocka

# --- the two commands -------------------------------------------------------
DB ?= var/dinh.db
LISTEN ?= 127.0.0.1:8080

# A new database gets demo content and one demo account per role (newsroom, NTM office);
# their passwords are printed once by init and kept beside the database
# (readable by its owner only) so that every `make run` can show them.
LOGINS = $(DB).logins.txt
run: all
	@mkdir -p $(dir $(DB))
	@if [ -f $(DB) ]; then build/dinh init --db $(DB); \
	  else umask 077 && build/dinh init --db $(DB) --demo > $(LOGINS); fi
	@if [ -f $(LOGINS) ]; then echo; cat $(LOGINS); echo "Đăng nhập tại http://$(LISTEN)/quan-tri/"; echo; \
	  else echo; echo "Không có $(LOGINS) (mật khẩu tài khoản mẫu, in ra khi tạo $(DB)). Tạo một tài khoản quản trị:"; \
	  echo "  build/dinh user add --db $(DB) --login quantri --role admin   (mật khẩu nhập vào, ít nhất 10 ký tự)"; \
	  echo "hoặc xóa $(DB) để make run tạo lại dữ liệu và tài khoản mẫu."; echo; fi
	build/dinh serve --db $(DB) --listen $(LISTEN) --static build/static --demo-logins

# The checkers the tests run (Nu HTML checker, axe-core, playwright-core),
# pinned by tests/package-lock.json.
tests/node_modules/.stamp: tests/package.json tests/package-lock.json
	cd tests && npm ci --no-audit --no-fund --loglevel=error
	touch $@

# The article editor (Tiptap, pinned by editor/package-lock.json), bundled
# into static/vendor/ with the licences of what went in. The results are
# committed, so that building and running dinh needs no npm.
editor/node_modules/.stamp: editor/package.json editor/package-lock.json
	cd editor && npm ci --no-audit --no-fund --loglevel=error
	touch $@

editor: editor/node_modules/.stamp
	cd editor && node build.mjs

test-deps:
	@scripts/deps.sh --test

test: test-deps build/san/dinh build/dinh build/static/.stamp build/tplc $(UNIT_BIN) tests/node_modules/.stamp
	@tests/run.sh

unit: build/san/dinh $(UNIT_BIN)
	@tests/run.sh unit

bench: all
	@scripts/deps.sh --bench
	@bench/run.sh

# --- fuzzing (clang's libFuzzer): make fuzz FUZZ_SECONDS=60 --------------------
FUZZ_SECONDS ?= 30
FUZZ_CC ?= clang
FUZZ_FLAGS := -std=c17 -g -O1 -fsanitize=fuzzer,address,undefined -D_GNU_SOURCE -Isrc -Ibuild/gen
build/fuzz/fuzz_text: tests/fuzz/fuzz_text.c src/text/*.c src/core/arena.c src/core/buf.c src/core/str.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_FLAGS) -o $@ $^ -lutf8proc -lgumbo
build/fuzz/fuzz_tpl: tests/fuzz/fuzz_tpl.c src/view/tpl.c src/core/buf.c src/core/str.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_FLAGS) -o $@ $^
build/fuzz/fuzz_parse: tests/fuzz/fuzz_parse.c src/http/parse.c src/http/head.c src/text/*.c src/core/buf.c src/core/str.c src/core/arena.c $(GEN_H)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_FLAGS) $(shell pkg-config --cflags libh2o-evloop) -o $@ $(filter %.c,$^) -lutf8proc -lgumbo -lh2o-evloop -lssl -lcrypto

build/fuzz/fuzz_docnumber: tests/fuzz/fuzz_docnumber.c src/docs/number.c src/text/*.c src/core/buf.c src/core/str.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_FLAGS) -o $@ $^ -lutf8proc -lgumbo

build/fuzz/fuzz_form: tests/fuzz/fuzz_form.c src/http/form.c src/text/*.c src/core/buf.c src/core/str.c src/core/arena.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_FLAGS) -o $@ $^ -lutf8proc -lgumbo

build/fuzz/fuzz_sanitize: tests/fuzz/fuzz_sanitize.c src/text/*.c src/core/buf.c src/core/str.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_FLAGS) -o $@ $^ -lutf8proc -lgumbo

build/fuzz/fuzz_legacy: tests/fuzz/fuzz_legacy.c src/text/legacy.c src/text/vi.c src/text/utf8.c src/core/buf.c src/core/str.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_FLAGS) -o $@ $^ -lutf8proc

build/fuzz/fuzz_site_url: tests/fuzz/fuzz_site_url.c src/site/url.c src/text/utf8.c src/core/str.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_FLAGS) -o $@ $^ -lutf8proc

build/fuzz/fuzz_ntm_period: tests/fuzz/fuzz_ntm_period.c src/ntm/period.c src/text/vitime.c src/core/arena.c src/core/buf.c src/core/str.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_FLAGS) -o $@ $^

build/fuzz/fuzz_media: tests/fuzz/fuzz_media.c src/media/sniff.c src/text/*.c src/core/buf.c src/core/str.c src/core/arena.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_FLAGS) -o $@ $^ -lutf8proc -lgumbo

build/fuzz/fuzz_docfile: tests/fuzz/fuzz_docfile.c src/docs/filetype.c src/core/str.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_FLAGS) -o $@ $^

build/fuzz/fuzz_xlsx: tests/fuzz/fuzz_xlsx.c src/xlsx/xlsx.c src/core/str.c src/core/arena.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_FLAGS) $(shell pkg-config --cflags libzip libxml-2.0) -o $@ $^ $(shell pkg-config --libs libzip libxml-2.0 zlib)

fuzz: build/fuzz/fuzz_text build/fuzz/fuzz_tpl build/fuzz/fuzz_parse build/fuzz/fuzz_docnumber build/fuzz/fuzz_form build/fuzz/fuzz_sanitize build/fuzz/fuzz_legacy \
      build/fuzz/fuzz_site_url build/fuzz/fuzz_media build/fuzz/fuzz_docfile build/fuzz/fuzz_xlsx build/fuzz/fuzz_ntm_period
	@for f in $^; do echo "== $$f ($(FUZZ_SECONDS) s)"; mkdir -p build/fuzz/corpus/$$(basename $$f); \
	  $$f -max_total_time=$(FUZZ_SECONDS) -max_len=4096 build/fuzz/corpus/$$(basename $$f) 2>&1 | tail -n 3 || exit 1; done

# --- install ------------------------------------------------------------------
install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/dinh/static \
	  $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 build/dinh $(DESTDIR)$(PREFIX)/bin/dinh
	cp -R build/static/. $(DESTDIR)$(PREFIX)/share/dinh/static/
	rm -f $(DESTDIR)$(PREFIX)/share/dinh/static/.stamp
	install -m 644 docs/dinh.1 $(DESTDIR)$(PREFIX)/share/man/man1/dinh.1

clean:
	rm -rf build
