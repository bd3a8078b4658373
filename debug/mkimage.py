#!/usr/bin/env python3
"""Build the Glasswing disk image, or rewrite the command line of a copy.

  mkimage.py build OUT BOOT STAGE2 KERNEL CMDLINE
  mkimage.py cmdline IMAGE_IN IMAGE_OUT CMDLINE

Layout (see src/boot/layout.inc): sector 0 boot sector, sector 1 the
command line (NUL-padded), sectors 2..15 stage 2, sector 16 on the kernel
ELF. The image is padded to a whole number of 16-head, 63-sector
cylinders so that Bochs can infer the disk geometry from its size.
"""
import shutil
import sys

SECTOR = 512
CMDLINE_LBA, STAGE2_LBA, KERNEL_LBA = 1, 2, 16
CYLINDER = 16 * 63 * SECTOR


def cmdline_sector(cmdline):
    data = cmdline.encode() + b"\0"
    if len(data) > SECTOR:
        sys.exit("mkimage: command line longer than %d bytes" % (SECTOR - 1))
    return data.ljust(SECTOR, b"\0")


def build(out, boot, stage2, kernel, cmdline):
    boot_b = open(boot, "rb").read()
    stage2_b = open(stage2, "rb").read()
    kernel_b = open(kernel, "rb").read()
    if len(boot_b) != SECTOR or boot_b[510:] != b"\x55\xaa":
        sys.exit("mkimage: %s is not a boot sector" % boot)
    if len(stage2_b) > (KERNEL_LBA - STAGE2_LBA) * SECTOR:
        sys.exit("mkimage: stage 2 is too big")
    img = boot_b + cmdline_sector(cmdline)
    img += stage2_b.ljust((KERNEL_LBA - STAGE2_LBA) * SECTOR, b"\0")
    img += kernel_b
    img = img.ljust(-(-len(img) // CYLINDER) * CYLINDER, b"\0")
    with open(out, "wb") as f:
        f.write(img)


def set_cmdline(src, dst, cmdline):
    """Copy image @src to @dst (unless they are one file) with boot
    command line @cmdline in its command-line sector."""
    if src != dst:
        shutil.copyfile(src, dst)
    with open(dst, "r+b") as f:
        f.seek(CMDLINE_LBA * SECTOR)
        f.write(cmdline_sector(cmdline))


def main():
    if len(sys.argv) == 7 and sys.argv[1] == "build":
        build(*sys.argv[2:])
    elif len(sys.argv) == 5 and sys.argv[1] == "cmdline":
        set_cmdline(*sys.argv[2:])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
