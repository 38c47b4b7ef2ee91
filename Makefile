# berth - build, test, install. Libraries are found with pkg-config.
#   make                 build ./berth
#   make test            build and run every test (cmocka units, then end-to-end)
#   make test SANITIZE=1 the same under AddressSanitizer + UndefinedBehaviorSanitizer (also: make asan)
#   make bench | fuzz | valgrind | tsan | install | uninstall | clean

# `make` builds berth: the rules for generated sources come before `all`
.DEFAULT_GOAL := all

VERSION    := 0.1.0
PREFIX     ?= /usr/local
DESTDIR    ?=
CC         ?= cc
PKG_CONFIG ?= pkg-config

ifeq ($(SANITIZE),1)
BUILD      := build/asan
SANFLAGS   := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
OPT        := -O1 -g
else
BUILD      := build/release
SANFLAGS   :=
OPT        := -O2 -g
endif

# V=1 shows every compiler command
ifeq ($(V),1)
Q          :=
else
Q          = @echo "  CC      $@";
endif

# libgit2 is not linked: berth dlopen()s it when it needs git (core/gitlib.h),
# so its headers come from pkg-config and its soname from the library itself
# (LIBGIT2_SONAME=... on the command line overrides it). The test programs
# link it: they make repositories of their own with it.
PKGS       := ncursesw yaml-0.1 libgit2
LINK_PKGS  := ncursesw yaml-0.1
ifeq ($(origin LIBGIT2_SONAME),undefined)
LIBGIT2_SO := $(shell $(PKG_CONFIG) --variable=libdir libgit2)/libgit2.so
LIBGIT2_SONAME := $(or $(shell readelf -d $(LIBGIT2_SO) 2>/dev/null | sed -n 's/.*(SONAME).*\[\(.*\)\].*/\1/p'),$(shell objdump -p $(LIBGIT2_SO) 2>/dev/null | awk '$$1 == "SONAME" { print $$2 }'),libgit2.so.$(shell $(PKG_CONFIG) --modversion libgit2 | cut -d. -f1-2))
endif
CPPFLAGS   += -D_XOPEN_SOURCE=700 -D_XOPEN_SOURCE_EXTENDED -D_DEFAULT_SOURCE \
              -DBERTH_VERSION='"$(VERSION)"' -DBERTH_DATADIR='"$(PREFIX)/share/berth"' \
              -DBERTH_LIBGIT2_SONAME='"$(LIBGIT2_SONAME)"'
CFLAGS     += -std=c11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wno-unused-parameter \
              $(OPT) $(SANFLAGS) $(filter-out -D_XOPEN_SOURCE=% -D_DEFAULT_SOURCE,$(shell $(PKG_CONFIG) --cflags $(PKGS)))
LDFLAGS    += $(SANFLAGS)
LIBS       := $(shell $(PKG_CONFIG) --libs $(LINK_PKGS)) -lpthread -ldl
TEST_LIBS  := $(shell $(PKG_CONFIG) --libs cmocka libgit2)

# The parts of core/ and what each may include: a part sees only its own
# headers and those of the parts listed here, so an arrow that is not in
# docs/ARCHITECTURE.md fails the build (tests/e2e/fences.sh checks the
# "never" rules on the sources too). core/ never sees cli/ or tui/.
PARTS           := util dockerfile compose analysis facts checks config repo project fix scan report
DEPS_util       :=
DEPS_dockerfile := util
DEPS_compose    := util checks
DEPS_analysis   := util checks dockerfile
DEPS_facts      := util
DEPS_checks     := util dockerfile compose analysis facts config
DEPS_config     := util checks compose facts
DEPS_repo       := util checks
DEPS_project    := util checks dockerfile compose analysis config
DEPS_scan       := util checks config repo dockerfile compose project
DEPS_fix        := util checks dockerfile compose analysis facts config repo scan
DEPS_report     := util checks config repo scan
CORE_INC        := $(PARTS:%=-Icore/%)
$(foreach p,$(PARTS),$(eval $(BUILD)/core/$(p)/%.o: PART_INC = -Icore/$(p) $(DEPS_$(p):%=-Icore/%)))
$(BUILD)/cli/%.o: PART_INC = $(CORE_INC) -Icli
$(BUILD)/tui/%.o: PART_INC = $(CORE_INC) -Icli -Itui
$(BUILD)/tests/%: PART_INC = $(CORE_INC) -Icli -Itui -Itests
$(BUILD)/tests/%.o: PART_INC = $(CORE_INC) -Icli -Itui -Itests

CORE_SRC   := $(sort $(wildcard $(PARTS:%=core/%/*.c)))
CLI_SRC    := $(sort $(wildcard cli/*.c))
TUI_SRC    := $(sort $(filter-out tui/main.c tui/nocerts.c,$(wildcard tui/*.c)))
TEST_SRC   := $(sort $(wildcard tests/test_*.c))
CORE_OBJ   := $(CORE_SRC:%.c=$(BUILD)/%.o)
CLI_OBJ    := $(CLI_SRC:%.c=$(BUILD)/%.o)
TUI_OBJ    := $(TUI_SRC:%.c=$(BUILD)/%.o)
TEST_BIN   := $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)
TEST_SUPPORT := $(BUILD)/tests/support.o $(BUILD)/tests/support_git.o $(BUILD)/tests/support_scan.o

# --- image facts: core/facts/images.yaml compiled in as a C string that
# core/facts/embed.sh writes under $(BUILD)/gen/ ----------------------------
FACTS_GEN  := $(BUILD)/gen/facts_images.c
CORE_OBJ   += $(FACTS_GEN:.c=.o)

$(FACTS_GEN): core/facts/images.yaml core/facts/embed.sh
	@mkdir -p $(dir $@)
	sh core/facts/embed.sh $< $@ facts_images_yaml

$(FACTS_GEN:.c=.o): $(FACTS_GEN)
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<
# --- end of image facts ------------------------------------------------------

all: berth

berth: $(BUILD)/berth
	@if [ "$(SANITIZE)" != 1 ]; then cp $(BUILD)/berth berth; fi

# tui/nocerts.c: the program gives libgit2 a CA-bundle loader that loads nothing (see there)
$(BUILD)/berth: $(BUILD)/tui/main.o $(BUILD)/tui/nocerts.o $(BUILD)/libberthtui.a $(BUILD)/libberthcli.a $(BUILD)/libberth.a
	$(CC) $(LDFLAGS) -Wl,--export-dynamic-symbol=mbedtls_x509_crt_parse_file -o $@ $^ $(LIBS)

$(BUILD)/libberth.a: $(CORE_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(BUILD)/libberthcli.a: $(CLI_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(BUILD)/libberthtui.a: $(TUI_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(CPPFLAGS) $(PART_INC) $(CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/tests/%: tests/%.c $(TEST_SUPPORT) $(BUILD)/libberthtui.a $(BUILD)/libberthcli.a $(BUILD)/libberth.a
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(CPPFLAGS) $(PART_INC) $(CFLAGS) -MMD -MP -o $@ $< $(TEST_SUPPORT) $(BUILD)/libberthtui.a $(BUILD)/libberthcli.a $(BUILD)/libberth.a $(LIBS) $(TEST_LIBS)

tests: $(TEST_BIN) $(BUILD)/berth

# Units first (each prints cmocka's summary), then the end-to-end scripts
# that drive the real binary. The last line is "N passed, N failed".
test: tests
	@BERTH=$(CURDIR)/$(BUILD)/berth BUILD=$(BUILD) $(if $(filter 1,$(SANITIZE)),SANITIZER_LOGS=$(CURDIR)/$(BUILD)/sanitizer-logs) \
		sh tests/run.sh $(TEST_BIN)

asan:
	$(MAKE) test SANITIZE=1

bench: berth
	sh tests/bench/run.sh

fuzz:
	$(MAKE) -f fuzz/Makefile FUZZ_SECONDS=$(or $(FUZZ_SECONDS),60)

valgrind: berth
	sh tests/valgrind.sh

# ThreadSanitizer: its own build folder, then check and fix on four threads
tsan:
	$(MAKE) BUILD=build/tsan SANFLAGS="-fsanitize=thread -fno-omit-frame-pointer" OPT="-O1 -g" build/tsan/berth
	BERTH=$(CURDIR)/build/tsan/berth sh tests/tsan.sh

install: berth
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/berth/themes $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 berth $(DESTDIR)$(PREFIX)/bin/berth
	install -m 644 themes/*.yaml $(DESTDIR)$(PREFIX)/share/berth/themes/
	install -m 644 docs/berth.1 $(DESTDIR)$(PREFIX)/share/man/man1/berth.1

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/berth $(DESTDIR)$(PREFIX)/share/man/man1/berth.1
	rm -rf $(DESTDIR)$(PREFIX)/share/berth

clean:
	rm -rf build berth

.PHONY: all berth tests test asan bench fuzz valgrind tsan install uninstall clean
.SECONDARY:

-include $(shell find $(BUILD) -name '*.d' -type f 2>/dev/null)

# ---- Debian package (issue 18) -------------------------------------------
# make deb: a .deb built by Debian's tooling (debian/, dpkg-buildpackage)
# from the committed tree (git archive HEAD: no build products, no local
# edits), in build/deb/. Needs debhelper and the Build-Depends of debian/control.
DEB_DIR := build/deb
deb:
	@git diff --quiet HEAD -- || echo "make deb: uncommitted changes are not packaged (it builds HEAD)" >&2
	rm -rf $(DEB_DIR) && mkdir -p $(DEB_DIR)/berth-$(VERSION)
	git archive --format=tar HEAD | tar -x -C $(DEB_DIR)/berth-$(VERSION)
	cd $(DEB_DIR)/berth-$(VERSION) && dpkg-buildpackage -us -uc -b
	@ls $(DEB_DIR)/*.deb

.PHONY: deb
