"""Questions on the kiosk's JSON (`partner-terminal ctl status` or `ctl ui`, on stdin) for
tests/image/test-boot:

    ctl status | kiosk_json.py holds EXPRESSION   exit 0 when the Python expression on `s` (the
                                                  parsed status) holds, 1 when not
    ctl status | kiosk_json.py notice             the update banner: "STATE DETAIL", or ""
    ctl status | kiosk_json.py system-image       "VERSION SLOT" of the system the kiosk runs
    ctl ui | kiosk_json.py enabled TARGET          exit 0 when touch target TARGET is enabled
    ctl ui | kiosk_json.py tablet-xy TARGET "W H"  the centre of enabled target TARGET on a W×H
                                                  screen, as a virtio tablet's absolute axes
                                                  (0..32767): "X Y"
"""
import json
import sys

question = sys.argv[1]
answer = json.load(sys.stdin)
if question == "holds":
    sys.exit(0 if eval(sys.argv[2], {}, {"s": answer}) else 1)
elif question == "notice":
    n = answer["update_notice"]
    print(n["state"], n["detail"]) if n else print()
elif question == "system-image":
    i = answer["system_image"]
    print(i["version"], i["slot"])
elif question == "enabled":
    sys.exit(not any(t.get("id") == sys.argv[2] and t.get("enabled") for t in answer))
elif question == "tablet-xy":
    w, h = map(int, sys.argv[3].split())
    t = [t for t in answer if t.get("id") == sys.argv[2] and t.get("enabled")][0]
    print((t["x"] + t["w"] // 2) * 32767 // (w - 1), (t["y"] + t["h"] // 2) * 32767 // (h - 1))
else:
    sys.exit(f"kiosk_json.py: unknown question {question}")
