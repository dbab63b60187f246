"""A partition table as sfdisk --json prints it (on stdin), as lines for the image tests:

    LABEL                                  (gpt)
    NAME TYPE START SIZE UUID              one line per partition, in sectors ("-": none)

    sfdisk --json IMAGE | python3 tests/image/partitions.py
"""
import json
import sys

table = json.load(sys.stdin)["partitiontable"]
print(table["label"])
for p in table["partitions"]:
    print(p.get("name", "-"), p["type"], p["start"], p["size"], p.get("uuid", "-"))
