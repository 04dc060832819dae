# Drives a command on a pseudo-terminal (python3's pty module, no native Node modules):
# argv[1] is a JSON list of steps, {"send": text} writes keys, {"wait": regex} reads until
# the screen text since the previous wait matches (or a 20 s timeout). Prints the whole
# transcript; exits 3 when a wait timed out, 4 when the command did not end, else with the
# command's status. The command is argv[2:].
import json, os, pty, re, select, sys, time

steps = json.loads(sys.argv[1])
pid, fd = pty.fork()
if pid == 0:
    os.execvp(sys.argv[2], sys.argv[2:])

transcript = b""
mark = 0

def screen(data):
    # The text as shown: no carriage returns, no cursor movement or colour escapes.
    text = data.decode("utf8", "replace").replace("\r", "")
    return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", text)

def read_some(timeout):
    global transcript
    r, _, _ = select.select([fd], [], [], timeout)
    if not r:
        return False
    try:
        data = os.read(fd, 65536)
    except OSError:
        return None
    if not data:
        return None
    transcript += data
    return True

status = 0
for step in steps:
    if "send" in step:
        os.write(fd, step["send"].encode())
    else:
        pattern = re.compile(step["wait"])
        deadline = time.time() + 20
        while not pattern.search(screen(transcript[mark:])):
            if time.time() > deadline or read_some(0.2) is None:
                status = 3
                break
        mark = len(transcript)
        if status:
            break
end = time.time() + 10
while time.time() < end and read_some(0.3) is not None:
    pass
# The pty closes as the child exits: give it a moment to be reaped, else it hangs.
for _ in range(50):
    done, code = os.waitpid(pid, os.WNOHANG)
    if done != 0:
        status = status or (os.WEXITSTATUS(code) if os.WIFEXITED(code) else 5)
        break
    time.sleep(0.1)
else:
    os.kill(pid, 9)
    os.waitpid(pid, 0)
    status = status or 4
sys.stdout.write(transcript.decode("utf8", "replace"))
sys.exit(status)
