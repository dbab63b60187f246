"""A small client for a QEMU guest's serial console and QMP socket (tests/image/test-boot):

    console.py wait SERIAL_SOCKET - SECONDS        until the root shell prompt appears
    console.py run SERIAL_SOCKET COMMAND SECONDS   runs one shell command, prints its output
    console.py screendump QMP_SOCKET FILE SECONDS  a screendump (PPM) to FILE
    console.py qmp QMP_SOCKET JSON SECONDS         the QMP commands in JSON (a list), in order
"""
import json, re, socket, sys, time
def connect(path, deadline):
    while True:
        try:
            s = socket.socket(socket.AF_UNIX); s.connect(path); return s
        except OSError:
            if time.time() > deadline: raise
            time.sleep(1)
def read_until(s, marker, deadline):
    buf = b""
    s.settimeout(1)
    while marker not in buf:
        if time.time() > deadline: raise TimeoutError(buf[-2000:].decode(errors="replace"))
        try:
            data = s.recv(65536)
        except socket.timeout:
            continue
        if not data: raise EOFError("console closed")
        buf += data
    return buf.decode(errors="replace")
mode, path, arg, seconds = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
deadline = time.time() + seconds
s = connect(path, deadline)
if mode == "wait":           # until the root shell prompt appears
    while True:
        s.sendall(b"\n")
        try:
            read_until(s, b"root@partner-terminal", min(deadline, time.time() + 10)); break
        except TimeoutError:
            if time.time() > deadline: sys.exit("no shell prompt on the serial console")
elif mode == "run":          # one command; its output between markers
    # The markers are split in the command, so the terminal's echo of it does not match them.
    s.sendall(("stty -echo; export SYSTEMD_PAGER= PAGER=cat SYSTEMD_COLORS=0; echo __BEG''IN__; "
               + arg + "; echo __E''ND__\n").encode())
    out = read_until(s, b"__END__\r\n", deadline)
    out = out[out.rindex("__BEGIN__") + len("__BEGIN__"):out.rindex("__END__")]
    print(re.sub(r"\x1b\[[0-9;?]*[a-zA-Z]|\x1b\][^\x1b]*\x1b\\\\|\r", "", out).strip())
elif mode in ("screendump", "qmp"):   # QMP: a screendump to ARG, or the commands in ARG (JSON)
    f = s.makefile("rw"); f.readline()
    commands = ([{"execute": "screendump", "arguments": {"filename": arg}}] if mode == "screendump"
                else json.loads(arg))
    for cmd in [{"execute": "qmp_capabilities"}] + commands:
        f.write(json.dumps(cmd) + "\n"); f.flush()
        while True:
            r = json.loads(f.readline())
            if "return" in r: break
            if "error" in r: sys.exit(r["error"]["desc"])
