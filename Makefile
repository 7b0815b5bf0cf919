# estate: one Makefile (STYLE.md). `make` builds ./estate.
#   make deps    install the Debian packages that are missing (apt-get)
#   make test    deps + build + every test (unit suites and CLI cases)
#   make check   the same under AddressSanitizer + UndefinedBehaviorSanitizer
#   make demo    deps-build + build + run the bundled Edinburgh demo
#   make demo-region  deps-build + build + run the bundled Northern Alliance study
#   make valgrind  unit tests and CLI cases under valgrind (memcheck)
#   make bench   benchmarks (figures printed; see README)
#   make mutate  mutation testing: tests/mutate/mutants.txt planted one at a
#                time in a scratch copy, killed/survived and the score
#                (slow: not part of make test; see README)

CC      ?= cc
PKGS    := geos proj sqlite3 spatialite jansson inih readosm expat
WARN    := -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes
CFLAGS  ?= -O2 -g
ALL_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L $(WARN) -Isrc -MMD -MP $(CFLAGS)
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lcsv -lglpk -lm -lpthread
LDFLAGS += -Wl,--as-needed

BUILD   ?= build
LIB_SRC := $(sort $(wildcard src/*/*.c))
# The QGIS styles are compiled into the binary (report/gpkg.c), so a study
# run from any folder gets them; gis/styles/*.qml stay the source.
STYLES  := $(sort $(wildcard gis/styles/*.qml))
LIB_OBJ := $(LIB_SRC:src/%.c=$(BUILD)/%.o) $(BUILD)/gen/report_styles.o
TEST_SRC := $(sort $(wildcard tests/unit/*.c))
TEST_OBJ := $(TEST_SRC:tests/unit/%.c=$(BUILD)/tests/%.o)

# Debian packages. BUILD_DEBS: what building and running estate needs
# (all `make demo` installs); TEST_DEBS: Check, valgrind and the clients
# the tests read outputs with (gdal-bin, Chromium), for `make test`.
BUILD_DEBS := build-essential pkg-config libgeos-dev libproj-dev proj-data \
	libsqlite3-dev libspatialite-dev libsqlite3-mod-spatialite libcsv-dev \
	libjansson-dev libinih-dev libreadosm-dev libexpat1-dev libglpk-dev
TEST_DEBS := check valgrind gdal-bin python3-gdal chromium
DEBS := $(BUILD_DEBS) $(TEST_DEBS)

# `make deps-build` (the demo's) installs BUILD_DEBS only.
deps-build: DEBS := $(BUILD_DEBS)
deps deps-build:
	@missing=""; for p in $(DEBS); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "make deps: installing$$missing"; \
		SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
		$$SUDO apt-get update -q && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q --no-install-recommends $$missing; \
	else echo "make deps: all Debian packages present"; fi

unit: $(BUILD)/test_runner estate
cases: estate

test: deps
	$(MAKE) estate $(BUILD)/test_runner
	@bash tests/run_all.sh $(BUILD)/test_runner ./estate

# Sanitizer build in its own folder so it never mixes with the normal one.
check: deps
	$(MAKE) BUILD=build-san CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined" \
		LDFLAGS="-fsanitize=address,undefined" estate-san
	@ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		CK_DEFAULT_TIMEOUT=60 bash tests/run_all.sh build-san/test_runner build-san/estate

estate-san: $(BUILD)/main.o $(BUILD)/libestate.a $(BUILD)/test_runner
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $(BUILD)/estate $(BUILD)/main.o $(BUILD)/libestate.a $(PKG_LIBS)

valgrind: estate $(BUILD)/test_runner
	@CK_DEFAULT_TIMEOUT=300 VALGRIND="valgrind -q --error-exitcode=99 --leak-check=full \
		--show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect \
		--suppressions=$(CURDIR)/tests/valgrind.supp" \
		bash tests/run_all.sh $(BUILD)/test_runner ./estate

# The Edinburgh demo: the data-quality report, then the baseline and every
# scenario of scenarios/edinburgh/ compared (output/edinburgh/).
demo: deps-build
	$(MAKE) estate
	./estate check scenarios/edinburgh/study.ini
	./estate travel scenarios/edinburgh/study.ini
	./estate run scenarios/edinburgh/study.ini

# The Northern Alliance study (eight councils from the national files in
# gis/scotland/, islands and ferries; output/northern-alliance/).
demo-region: deps-build
	$(MAKE) estate
	./estate check scenarios/northern-alliance/study.ini
	./estate run scenarios/northern-alliance/study.ini

# Benchmark: tests/bench/gen.c writes a synthetic region per size (cached in
# $(BUILD)/bench/SIZE, regenerated when the generator changes); synth.c is
# that generator, plain C and libm only, so gen stays free of libestate
# and knn_bench builds the very same network in memory; bench.c
# reads it through the real readers and times graph, snapping and k nearest.
BENCH_SIZES ?= small medium scotland
BENCH_SEED  ?= 1

SYNTH = tests/bench/synth.c tests/bench/synth.h

$(BUILD)/bench/gen: tests/bench/gen.c $(SYNTH)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $(filter %.c,$^) -lm

$(BUILD)/bench/bench: tests/bench/bench.c $(BUILD)/libestate.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(PKG_CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/libestate.a $(PKG_LIBS)

# knn_bench.c: the k-nearest step alone on the same network generated in
# memory (no files), median of 3 runs: the figure the targets refer to.
KNN_BENCH_SIZE ?= scotland

$(BUILD)/bench/knn_bench: tests/bench/knn_bench.c $(SYNTH) $(BUILD)/libestate.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(PKG_CFLAGS) $(LDFLAGS) -o $@ $(filter %.c,$^) $(BUILD)/libestate.a $(PKG_LIBS)

$(BUILD)/bench/%/study.ini: $(BUILD)/bench/gen
	$(BUILD)/bench/gen $* $(BENCH_SEED) $(BUILD)/bench/$*

# read_bench: the readers on the shapes that used to be slow (a GeoJSON
# with a property key per feature, a CSV with one 10 MB field).
$(BUILD)/bench/read_bench: tests/bench/read_bench.c $(BUILD)/libestate.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(PKG_CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/libestate.a $(PKG_LIBS)

# scen_bench: one scenario-year at the scotland size, travel precomputed.
$(BUILD)/bench/scen_bench: tests/bench/scen_bench.c $(BUILD)/libestate.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(PKG_CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/libestate.a $(PKG_LIBS)

# studies.sh: the bundled Northern Alliance and Scotland studies, check,
# project and run end to end (wall, user, peak RSS).
bench: estate $(BUILD)/bench/bench $(BUILD)/bench/knn_bench $(BUILD)/bench/scen_bench $(BUILD)/bench/read_bench $(BENCH_SIZES:%=$(BUILD)/bench/%/study.ini)
	$(BUILD)/bench/bench $(BENCH_SIZES:%=$(BUILD)/bench/%)
	$(BUILD)/bench/knn_bench $(KNN_BENCH_SIZE) $(BENCH_SEED) 3
	$(BUILD)/bench/scen_bench
	$(BUILD)/bench/read_bench
	bash tests/bench/studies.sh

# Mutation testing (tests/mutate/run.sh): builds its own -O0 copy of the
# tree in /tmp, never touches this one. MUTATE_FILTER=eval.c runs a subset.
mutate: deps
	@bash tests/mutate/run.sh $(MUTATE_FILTER)

clean:
	rm -rf build build-san estate

-include $(LIB_OBJ:.o=.d) $(TEST_OBJ:.o=.d) $(BUILD)/main.d
