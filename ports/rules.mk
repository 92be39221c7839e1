# Ports: third-party programs built from Debian's source packages, fetched
# at build time (ports/fetch.sh; nothing of them is in the repository),
# linked with the C library of user/c (docs/ports.md).
#
#   make ports      fetch, build, and put them into the image: /lua, /bzip2
#                   and their translated twins /m/lua, /m/bzip2
#
# A port that is built stays in every image (the Makefile's PROGS takes
# whatever is in $B/ports/bin) until make clean.
PORT_SRC  := $B/ports/src
PORT_PKGS := lua5.4 bzip2
PORT_BINS := $B/ports/bin/lua $B/ports/bin/bzip2
# Their own code, their own warnings: the user flags less -Wall.
PORT_CFLAGS = $(filter-out -Wall,$(CCFLAGS)) -w

$(PORT_SRC)/.fetched: ports/fetch.sh
	sh ports/fetch.sh $(PORT_SRC) $(PORT_PKGS)
	touch $@

# A source file exists once the packages are fetched.
$(PORT_SRC)/%.c: | $(PORT_SRC)/.fetched ;

# port_build NAME, SOURCE DIRECTORY, FILES, EXTRA CFLAGS
define port_build
$B/ports/$(1)/%.o: $(2)/%.c
	@mkdir -p $$(@D)
	$$(CC) $$(PORT_CFLAGS) $(4) -c -o $$@ $$<
$B/ports/bin/$(1): $(addprefix $B/ports/$(1)/,$(addsuffix .o,$(3))) $$(CLIB) $B/picolibc/libc.a user/user.ld
	@mkdir -p $$(@D)
	$$(LD) $$(CLDFLAGS) -o $$@ $$(filter %.o,$$^) --start-group $B/picolibc/libc.a $$(LIBGCC) --end-group && \
		$$(ustrip)
endef

# Lua 5.4: the interpreter lua.c and the whole library (not luac).
LUA_FILES := lapi lcode lctype ldebug ldo ldump lfunc lgc llex lmem lobject lopcodes \
	lparser lstate lstring ltable ltm lundump lvm lzio lauxlib lbaselib lcorolib ldblib \
	liolib lmathlib loadlib loslib lstrlib ltablib lutf8lib linit lua
$(eval $(call port_build,lua,$(PORT_SRC)/lua5.4/src,$(LUA_FILES),-Iports/lua))

# bzip2 1.0.8: the library and the bzip2 program (bunzip2 is bzip2 -d).
BZIP2_FILES := blocksort huffman crctable randtable compress decompress bzlib bzip2
$(eval $(call port_build,bzip2,$(PORT_SRC)/bzip2,$(BZIP2_FILES),))

# Build the ports, then the image again (now with them in PROGS).
ports: $(PORT_BINS)
	$(MAKE) all

.PHONY: ports
.PRECIOUS: $B/ports/%.o $(PORT_SRC)/%.c

# The image of the ports' test (tests/run.py, stage 9): every file of
# fs.img, the Lua scripts in /lt, and in /bz the bzip2 input and the
# host's bzip2 -9 of it.
PORT_TEST_LUA := $(wildcard ports/lua/tests/*.lua)
$B/ports/data.bin: ports/bzip2/tests/mkdata.py
	@mkdir -p $(@D)
	python3 $< $@
$B/ports/data.bin.bz2: $B/ports/data.bin
	bzip2 -9 -c $< > $@
$B/fs-ports.img: $B/tools/mkfs $(IMAGE_DEPS) $(PORT_TEST_LUA) $B/ports/data.bin.bz2
	$B/tools/mkfs $@ $(IMAGE_FILES) $(foreach f,$(PORT_TEST_LUA),lt/$(notdir $(f))=$(f)) \
		bz/data.bin=$B/ports/data.bin bz/host.bz2=$B/ports/data.bin.bz2

# make bench's Lua workload, in every image once the ports are built.
ifneq ($(PORTS),)
IMAGE_FILES += luabench.lua=ports/lua/bench.lua
IMAGE_DEPS  += ports/lua/bench.lua
endif
