"""The file names in an uncompressed "newc" cpio archive on stdin (an initramfs, decompressed),
one a line, read without cpio:

    gzip -dc initrd.img | python3 tests/image/initrd_files.py
"""
import sys

data = sys.stdin.buffer.read()
pos = 0
while data.startswith(b"070701", pos):
    namesize, filesize = int(data[pos + 94:pos + 102], 16), int(data[pos + 54:pos + 62], 16)
    name = data[pos + 110:pos + 110 + namesize - 1].decode()
    if name == "TRAILER!!!":
        break
    print(name)
    pos = (pos + 110 + namesize + 3) & ~3
    pos = (pos + filesize + 3) & ~3
