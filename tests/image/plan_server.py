"""plan-server's side of tests/image/test-boot --update:

    plan_server.py startable PORT ADMIN_TOKEN CA_FILE
        Which work steps operator OP1 (badge B-1001) may start, by plan-server's own answer: a
        second terminal enrolled through the API, logged in with the same badge, reads the
        partner's plan. Prints up to five ids of open work steps on the partner's own
        resources with feedback allowed, earliest planned start first.
    plan_server.py started-count STEP
        How many work_step.started events on STEP plan-server holds (its admin events, the
        answer of GET /admin/v1/events, on stdin).
"""
import json
import ssl
import sys
import urllib.request


def startable(port, admin, cafile):
    base = f"https://127.0.0.1:{port}"
    tls = ssl.create_default_context(cafile=cafile)
    def call(method, path, token=None, body=None):
        headers = {"Content-Type": "application/json"}
        if token: headers["Authorization"] = f"Bearer {token}"
        data = json.dumps(body).encode() if body else None
        with urllib.request.urlopen(urllib.request.Request(base + path, data, headers, method=method), timeout=30,
                                    context=tls) as answer:
            return json.load(answer)
    code = call("POST", "/admin/v1/enrollment_codes", admin)["code"]
    terminal = call("POST", "/api/v1/terminals/enroll", body={"code": code, "name": "test-boot reference"})["token"]
    session = call("POST", "/api/v1/sessions", terminal, {"badge": "B-1001"})["token"]
    plan = call("GET", "/api/v1/plan", session)
    own = {r["id"] for r in plan["resources"] if r.get("own")}
    steps = [w for w in plan["work_steps"]
             if w["status"] == "open" and w.get("feedback_allowed") and w["resource_id"] in own]
    print(*[w["id"] for w in sorted(steps, key=lambda w: (w.get("planned_start", ""), w["id"]))][:5])


def started_count(step):
    print(sum(e["type"] == "work_step.started" and e["target_id"] == step for e in json.load(sys.stdin)["events"]))


if sys.argv[1] == "startable":
    startable(*sys.argv[2:5])
elif sys.argv[1] == "started-count":
    started_count(sys.argv[2])
else:
    sys.exit(f"plan_server.py: unknown command {sys.argv[1]}")
