# mkfs is built by the main Makefile; fsck and the host test live here.
$B/tools/fsck: tools/mkfs/fsck.c tools/mkfs/image.h kernel/fs.h kernel/param.h
	@mkdir -p $(@D)
	$(HOSTCC) $(HOSTCFLAGS) -o $@ tools/mkfs/fsck.c

# Build an image, check it, damage copies, check fsck notices each.
mkfs-test: $B/tools/mkfs $B/tools/fsck
	python3 tools/mkfs/fsck_test.py $B/tools/mkfs $B/tools/fsck $B/mkfs-test

HOST_TESTS += mkfs-test
.PHONY: mkfs-test
