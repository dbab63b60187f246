# shellcheck shell=bash
# Sourced by the check scripts of tests/packaging and tests/image: one way to report a check,
# count the failures and end with a verdict (exit 1 when any check failed).
failures=0
pass() { echo "ok:   $*"; }
fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}
# checks_done NAME [WHAT]: the verdict line; exits 1 after a failed check.
checks_done() {
    if ((failures > 0)); then
        echo "$1: $failures check(s) failed" >&2
        exit 1
    fi
    echo "$1: all checks passed${2:+ ($2)}"
}
