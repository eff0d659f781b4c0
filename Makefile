# sitrep — build, test, demo, bench, fuzz, install.
#
# Sources: src/**/*.c except src/cli/ make libsitrep.a; src/cli/*.c the binary.
# Tests: tests/unit/test_*.c, each its own cmocka program linked with the library.
# `make test` runs the suite twice: a normal build, then under ASan+UBSan (build-asan/).

PREFIX ?= /usr/local
CC ?= cc
BUILD ?= build
PKGS = libxml-2.0 libutf8proc sqlite3 jansson libxxhash libmicrohttpd libcurl libpq
TEST_PKGS = cmocka zlib

CSTD = -std=c17 -D_XOPEN_SOURCE=700 -D_DEFAULT_SOURCE
WARN = -Wall -Wextra -Wpedantic -Werror -Wshadow -Wstrict-prototypes -Wno-unused-parameter
OPT ?= -O2 -g
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lstemmer -lm -lpthread
TEST_CFLAGS := $(shell pkg-config --cflags $(TEST_PKGS) 2>/dev/null)
TEST_LIBS := $(shell pkg-config --libs $(TEST_PKGS) 2>/dev/null)
SAN ?=
CFLAGS_ALL = $(CSTD) $(WARN) $(OPT) $(SAN) -Isrc $(PKG_CFLAGS) $(EXTRA_CFLAGS)
LDFLAGS_ALL = $(SAN) $(LDFLAGS)

LIB_SRC := $(sort $(shell find src -name '*.c' ! -path 'src/cli/*'))
CLI_SRC := $(sort $(wildcard src/cli/*.c))
TEST_SRC := $(sort $(wildcard tests/unit/test_*.c))
LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/%.o)
CLI_OBJ := $(CLI_SRC:%.c=$(BUILD)/%.o)
TEST_BIN := $(TEST_SRC:tests/unit/%.c=$(BUILD)/tests/%)
HELPER_OBJ := $(BUILD)/tests/unit/testutil.o
FUZZ_SRC := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_REPLAY := $(FUZZ_SRC:tests/fuzz/fuzz_%.c=$(BUILD)/fuzz/replay_%)

.SECONDARY: $(HELPER_OBJ)

.PHONY: all deps test-deps demo test test-normal test-asan check-tests bench fuzz fuzz-build install clean lint format banned

all: sitrep

sitrep: $(BUILD)/sitrep
	cp $(BUILD)/sitrep sitrep

$(BUILD)/sitrep: $(CLI_OBJ) $(BUILD)/libsitrep.a
	$(CC) $(LDFLAGS_ALL) -o $@ $(CLI_OBJ) $(BUILD)/libsitrep.a $(PKG_LIBS)

$(BUILD)/libsitrep.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) $(TEST_CFLAGS) -MMD -MP -c -o $@ $<

# The bundled dictionaries (dict/*.sd) compiled into the library: tools/embed
# writes them as C arrays that src/dict_default.c includes.
DICT_SD := $(sort $(wildcard dict/*.sd))
$(BUILD)/tools/embed: tools/embed.c
	@mkdir -p $(dir $@)
	$(CC) $(CSTD) $(WARN) -O2 -o $@ $<
$(BUILD)/gen/dict_data.inc: $(BUILD)/tools/embed $(DICT_SD) $(wildcard dict)
	@mkdir -p $(dir $@)
	$(BUILD)/tools/embed $@ $(DICT_SD)
$(BUILD)/src/dict_default.o: $(BUILD)/gen/dict_data.inc
$(BUILD)/src/dict_default.o: CFLAGS_ALL += -I$(BUILD)/gen
# The bundled sphere mapping, the same way.
$(BUILD)/gen/spheres_data.inc: $(BUILD)/tools/embed config/spheres.conf
	@mkdir -p $(dir $@)
	$(BUILD)/tools/embed $@ config/spheres.conf
$(BUILD)/src/sphere.o: $(BUILD)/gen/spheres_data.inc
$(BUILD)/src/sphere.o: CFLAGS_ALL += -I$(BUILD)/gen
# The web server's static assets (web/static/*), the same way.
WEB_STATIC := $(sort $(wildcard web/static/*))
$(BUILD)/gen/web_static.inc: $(BUILD)/tools/embed $(WEB_STATIC) $(wildcard web/static)
	@mkdir -p $(dir $@)
	$(BUILD)/tools/embed $@ $(WEB_STATIC)
$(BUILD)/src/web_server.o: $(BUILD)/gen/web_static.inc
$(BUILD)/src/web_server.o: CFLAGS_ALL += -I$(BUILD)/gen

$(BUILD)/tests/%: tests/unit/%.c $(HELPER_OBJ) $(BUILD)/libsitrep.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) $(TEST_CFLAGS) -Itests/unit -MMD -MP -MF $@.d -o $@ $< $(HELPER_OBJ) $(BUILD)/libsitrep.a $(PKG_LIBS) $(TEST_LIBS)

# A fuzz target built with a plain main() that replays stored inputs.
$(BUILD)/fuzz/replay_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c $(BUILD)/libsitrep.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -Itests/fuzz -o $@ $< tests/fuzz/replay.c $(BUILD)/libsitrep.a $(PKG_LIBS)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)

# Install what the build and tests need (Debian); a no-op when present.
deps:
	@scripts/install-deps

test-deps:
	@scripts/install-deps --test

check-tests: $(BUILD)/sitrep $(TEST_BIN) $(FUZZ_REPLAY)

# The whole suite, normal build then ASan+UBSan.
test: test-deps banned
	$(MAKE) test-normal
	$(MAKE) test-asan
	@cat build/test-summary build-asan/test-summary | \
	  awk '{p+=$$1; f+=$$2; s+=$$3} END {printf "total: %d passed, %d failed, %d skipped\n", p, f, s}'

test-normal: check-tests sitrep
	@BUILD=$(BUILD) tests/run

test-asan:
	$(MAKE) BUILD=build-asan OPT="-O1 -g" SAN="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" check-tests
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 BUILD=build-asan tests/run

# Build, ingest the bundled sample corpus into sitrep.db and show what it holds.
# (deps first, then a sub-make: pkg-config flags are read when make starts)
demo: deps
	$(MAKE) sitrep
	@scripts/demo

bench: deps
	$(MAKE) sitrep
	@bench/run

FUZZ_SECONDS ?= 60
fuzz:
	@tests/fuzz/run $(FUZZ_SECONDS)

install: sitrep
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 sitrep $(DESTDIR)$(PREFIX)/bin/sitrep
	install -m 644 docs/sitrep.1 $(DESTDIR)$(PREFIX)/share/man/man1/sitrep.1

lint:
	clang-tidy $(LIB_SRC) $(CLI_SRC) -- $(CSTD) -Isrc $(PKG_CFLAGS)

format:
	clang-format -i $(LIB_SRC) $(CLI_SRC) $(shell find src -name '*.h')

banned:
	@scripts/check-banned

clean:
	rm -rf build build-asan build-fuzz sitrep
