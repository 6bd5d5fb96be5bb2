# Fuzzing (docs/security.md section 9), included by the GNUmakefile.
#
#   make fuzz         install clang and libFuzzer (Debian: clang, libfuzzer-14-dev),
#                     build the harnesses fuzz/fuzz_NAME.c into build-fuzz/ with
#                     -fsanitize=fuzzer,address,undefined, and run each in turn for
#                     FUZZ_SECONDS (default 600) on its corpus; prints a line per
#                     harness (execs, coverage, corpus, findings) and fails on any
#                     finding.  FUZZ_HARNESSES="flow config" runs some only.
#   make fuzz-replay  (part of make check, in both builds) feeds every file of
#                     fuzz/corpus/NAME/ to the harness NAME built by gcc with the
#                     fuzz/replay.c main(): no clang needed.

FUZZ_ALL          := bridge flow config cmdline control regex lacp lldp rstp vxlan
FUZZ_HARNESSES    ?= $(FUZZ_ALL)
FUZZ_SECONDS      ?= 600
FUZZ_BUILD        := build-fuzz
FUZZ_DEB_PACKAGES := clang libfuzzer-14-dev

# In the libFuzzer build (FUZZ=1, CC=clang) everything is instrumented for
# coverage; only the harness binaries link libFuzzer's main().
ifeq ($(FUZZ),1)
CFLAGS += -fsanitize=fuzzer-no-link
endif

# What each harness links besides its own object and libtapswitch-net.a.
# The command matcher is fuzzed against the real command tables, whose
# bodies pull in the whole daemon but its main().
FUZZ_OBJS_bridge  :=
FUZZ_OBJS_flow    :=
FUZZ_OBJS_config  := $(SWITCHD_TESTED_OBJS) $(BUILD)/shell/render_config.o
FUZZ_OBJS_cmdline := $(filter-out $(BUILD)/frontends/main.o,$(SWITCHD_OBJS))
FUZZ_OBJS_control := $(BUILD)/cli/control_request.o
FUZZ_OBJS_regex   := $(BUILD)/cli/regex_ere.o
FUZZ_OBJS_lacp    :=
FUZZ_OBJS_lldp    :=
FUZZ_OBJS_rstp    :=
FUZZ_OBJS_vxlan   :=
FUZZ_LIBS         := $(JANSSON_LIBS) $(SWITCHD_LIBS)

.PHONY: fuzz fuzz-build fuzz-replay clean-fuzz

fuzz:
	$(MAKE) --no-print-directory deps DEB_PACKAGES="$(DEB_PACKAGES) $(FUZZ_DEB_PACKAGES)"
	$(MAKE) --no-print-directory BUILD=$(FUZZ_BUILD) SANITIZE=1 FUZZ=1 CC=clang \
	    FUZZ_HARNESSES="$(FUZZ_HARNESSES)" fuzz-build
	fuzz/run.sh $(FUZZ_BUILD) $(FUZZ_SECONDS) $(FUZZ_HARNESSES)

fuzz-build: $(FUZZ_HARNESSES:%=$(BUILD)/fuzz/fuzz-%)

fuzz-replay: $(FUZZ_ALL:%=$(BUILD)/fuzz/replay-%)
	@echo "== fuzz corpus replay ($(BUILD)$(if $(SANITIZE), with ASan+UBSan))"
	fuzz/replay.sh $(BUILD) $(FUZZ_ALL)

$(BUILD)/fuzz/%.o: fuzz/%.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -D_GNU_SOURCE $(TEST_INCLUDES) $(CFLAGS) $(JANSSON_CFLAGS) \
	    -MMD -MP -c -o $@ $<

define FUZZ_HARNESS
$(BUILD)/fuzz/fuzz-$(1): $(BUILD)/fuzz/fuzz_$(1).o $(FUZZ_OBJS_$(1)) $(LIBNET)
	$$(CC) $$(LDFLAGS) -fsanitize=fuzzer -o $$@ $$^ $$(FUZZ_LIBS)

$(BUILD)/fuzz/replay-$(1): $(BUILD)/fuzz/replay.o $(BUILD)/fuzz/fuzz_$(1).o \
                           $(FUZZ_OBJS_$(1)) $(LIBNET)
	$$(CC) $$(LDFLAGS) -o $$@ $$^ $$(FUZZ_LIBS)
endef
$(foreach h,$(FUZZ_ALL),$(eval $(call FUZZ_HARNESS,$(h))))

clean: clean-fuzz
clean-fuzz:
	rm -rf $(FUZZ_BUILD)

-include $(shell find $(FUZZ_BUILD) -name '*.d' 2>/dev/null)
