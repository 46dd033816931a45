# TEST-ONLY: an external TLS client for TlsEchoTest, using Python's ssl module (OpenSSL).
# Usage: echo_client.py PORT CA_FILE NBYTES  -- sends NBYTES of random data, checks the echo,
# closes with close_notify (unwrap), prints "OK <n>" on success; exit status 1 otherwise.
import hashlib, os, socket, ssl, sys

port, ca, n = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
ctx = ssl.create_default_context(cafile=ca)   # verifies the chain and the host name
raw = socket.create_connection(("127.0.0.1", port), timeout=60)
s = ctx.wrap_socket(raw, server_hostname="localhost")
data = os.urandom(n)
got = hashlib.sha256()
received = 0
chunk = 64 * 1024
for i in range(0, n, chunk):
    piece = data[i:i + chunk]
    s.sendall(piece)
    want = received + len(piece)
    while received < want:
        b = s.recv(want - received)
        if not b:
            print("EOF after", received, "bytes"); sys.exit(1)
        got.update(b)
        received += len(b)
if got.digest() != hashlib.sha256(data).digest():
    print("MISMATCH"); sys.exit(1)
s.unwrap()   # our close_notify, then wait for the server's
raw.close()
print("OK", received, s.version() if hasattr(s, "version") else "")
