"""Twisted, measured on the same cases as the JMH suite, for the Twisted rows of docs/benchmarks.md.

scripts/bench.sh runs this after JMH when the interpreter has Twisted (Debian: python3-twisted)
and hands the JSON it writes to the report generator, which puts each row beside the Java rows
of the same case from the same run.

Each case does, op for op, what the Java benchmark of the same name does on the deferred side
(read the Java class for the shape), and reports in the same unit, so the ratio is plain:

  Chain3Benchmark           new Deferred, three x+1 callbacks, fire                     ops/us
  FiredThenAddBenchmark     succeed(start), then three x+1 callbacks                    ops/us
  ErrorRecoverBenchmark     a callback raises (a new exception each op), an errback
                            recovers with 1, one more x+1 callback                       ops/us
  NestedPendingBenchmark    outer and inner Deferred, outer's callback returns the
                            (pending) inner, fire outer with None, then inner            ops/us
  GatherBenchmark           1,000 pending, gatherResults, fire in order; per input       ops/us
  DeepChainBenchmark        10,000 links: succeed(0) whose callback returns the next
                            (pending) Deferred, built forward, far end fired; per link   ops/us
  InlineCallbacksBenchmark  (pending) an @inlineCallbacks body yields 1,000 pending
                            Deferreds in turn, the driver fires them in order;
                            (fired) the body yields succeed(i) 1,000 times; per await    ops/s
  EchoBenchmark             loopback TCP echo: bursts of 100 messages of `size` bytes
                            spread over `connections` clients, all echoed back before the
                            next burst; clients and server on one reactor; per message   ops/s
  RoundTripBenchmark        64-byte request, 64-byte echoed response, `connections`
                            clients with one request outstanding each, 1,000 round trips
                            an invocation, TCP_NODELAY at both ends; per round trip      ops/s

Network cases use the epoll reactor in this process, clients and server on it, as the Java side
runs them on one loop; Nagle's algorithm as the Java case has it (on for Echo, off for RoundTrip). Each case runs warmup iterations, then measured ones (time-boxed, as JMH's -w/-r); the
score is the mean of the measured iterations and the error JMH's: the 99.9% Student-t half-width.

Output: a JSON list of JMH-shaped records (benchmark, mode, params, JMH's warmup and measurement
iteration fields, primaryMetric with score, scoreError, scoreUnit, rawData) plus "peer": "twisted";
vmName and vmVersion name the interpreter, Twisted and the reactor.

Usage: twisted_bench.py [--mode quick|full] [--filter REGEX] [--out FILE]
The filter is matched (re.search) against "dev.deferred.bench.<Case>Benchmark.twisted[_variant]",
the same names JMH matches its regex against.
"""

import argparse
import json
import math
import platform
import re
import sys
import time

from twisted.internet import epollreactor

epollreactor.install()

import twisted  # noqa: E402
from twisted.internet import defer, protocol, reactor  # noqa: E402

PACKAGE = "dev.deferred.bench."

# Iterations and their length in seconds, per mode: a case takes about 2 s in quick mode and 4 s
# in full mode (CPython has no JIT to warm up; the warmup iteration fills caches and the allocator).
MODES = {
    "quick": {"warmup": 1, "warmup_time": 0.5, "iterations": 2, "time": 0.5},
    "full": {"warmup": 1, "warmup_time": 1.0, "iterations": 5, "time": 0.6},
}

# Two-sided 99.9% Student-t quantiles by degrees of freedom (JMH's scoreError uses the same).
T_999 = {1: 636.619, 2: 31.599, 3: 12.924, 4: 8.610, 5: 6.869, 6: 5.959, 7: 5.408, 8: 5.041,
         9: 4.781, 10: 4.587}


def score_error(samples):
    n = len(samples)
    if n <= 2:
        return float("nan")  # as JMH: too few iterations for an interval
    mean = sum(samples) / n
    sd = math.sqrt(sum((s - mean) ** 2 for s in samples) / (n - 1))
    return T_999.get(n - 1, 3.291) * sd / math.sqrt(n)


def finite_or_text(x):
    # JMH writes a missing error as the string "NaN": JSON has no NaN number.
    return x if math.isfinite(x) else "NaN"


def seconds_text(seconds):
    return "%g s" % seconds if seconds >= 1 else "%g ms" % (seconds * 1000)


def record(case, method, unit, samples, mode, params=None):
    row = {
        "benchmark": PACKAGE + case + "." + method,
        "mode": "thrpt",
        "warmupIterations": mode["warmup"],
        "warmupTime": seconds_text(mode["warmup_time"]),
        "measurementIterations": mode["iterations"],
        "measurementTime": seconds_text(mode["time"]),
        "peer": "twisted",
        "vmName": platform.python_implementation(),
        "vmVersion": "%s, Twisted %s, %s" % (platform.python_version(), twisted.__version__,
                                              type(reactor).__name__),
        "primaryMetric": {
            "score": sum(samples) / len(samples),
            "scoreError": finite_or_text(score_error(samples)),
            "scoreUnit": unit,
            "rawData": [samples],
        },
    }
    if params:
        row["params"] = {k: str(v) for k, v in params.items()}
    return row


# ------------------------------------------------------------------ in-memory cases

def inc(x):
    return x + 1


class Boom(Exception):
    pass



def chain3():
    d = defer.Deferred()
    d.addCallback(inc).addCallback(inc).addCallback(inc)
    d.callback(0)
    return d.result


START = 0


def fired_then_add():
    d = defer.succeed(START)
    d.addCallback(inc).addCallback(inc).addCallback(inc)
    return d.result


def boom(x):
    # A new exception each op, as the Java side constructs one (stack trace included) per op.
    raise Boom("boom")


def recover(failure):
    return 1


def error_recover():
    d = defer.Deferred()
    d.addCallback(boom).addErrback(recover).addCallback(inc)
    d.callback(0)
    return d.result


class Nested:
    def __init__(self):
        # Past CPython's small-int cache, so each value is a fresh object, as on the Java side.
        self.next = 1 << 20

    def __call__(self):
        outer = defer.Deferred()
        inner = defer.Deferred()
        outer.addCallback(lambda _: inner)
        outer.callback(None)
        inner.callback(self.next)
        self.next += 1
        return outer


GATHER_N = 1000


def gather():
    inputs = [defer.Deferred() for _ in range(GATHER_N)]
    all_ = defer.gatherResults(inputs)
    for i, d in enumerate(inputs):
        d.callback(i)
    out = []
    all_.addCallback(out.append)
    return out[0]


DEPTH = 10000


def deep_chain():
    far = defer.Deferred()
    head = far
    for _ in range(DEPTH):
        head = defer.succeed(0).addCallback(lambda _, nxt=head: nxt)
    out = []
    head.addCallback(out.append)
    far.callback(1)
    return out[0]


AWAITS = 1000


@defer.inlineCallbacks
def await_all(ds):
    total = 0
    for d in ds:
        total += yield d
    return total


def inline_pending():
    ds = [defer.Deferred() for _ in range(AWAITS)]
    r = await_all(ds)
    for i, d in enumerate(ds):
        d.callback(i)
    return r.result


@defer.inlineCallbacks
def await_fired():
    total = 0
    for i in range(AWAITS):
        total += yield defer.succeed(i)
    return total


def inline_fired():
    return await_fired().result


# (case, method, unit, ops per call, scale from ops/s to the unit, the op, what one call returns)
MEMORY_CASES = [
    ("Chain3Benchmark", "twisted", "ops/us", 1, 1e-6, chain3, lambda r: r == 3),
    ("FiredThenAddBenchmark", "twisted", "ops/us", 1, 1e-6, fired_then_add, lambda r: r == 3),
    ("ErrorRecoverBenchmark", "twisted", "ops/us", 1, 1e-6, error_recover, lambda r: r == 2),
    ("NestedPendingBenchmark", "twisted", "ops/us", 1, 1e-6, Nested(), lambda r: r.result >= 1 << 20),
    ("GatherBenchmark", "twisted", "ops/us", GATHER_N, 1e-6, gather, lambda r: r == list(range(GATHER_N))),
    ("DeepChainBenchmark", "twisted", "ops/us", DEPTH, 1e-6, deep_chain, lambda r: r == 1),
    ("InlineCallbacksBenchmark", "twisted_pending", "ops/s", AWAITS, 1.0, inline_pending,
     lambda r: r == AWAITS * (AWAITS - 1) // 2),
    ("InlineCallbacksBenchmark", "twisted_fired", "ops/s", AWAITS, 1.0, inline_fired,
     lambda r: r == AWAITS * (AWAITS - 1) // 2),
]


def timed_iteration(op, per_call, seconds):
    """Calls op until `seconds` have passed; returns operations per second."""
    clock = time.perf_counter
    calls = 0
    batch = 1 if per_call > 1 else 256
    start = clock()
    deadline = start + seconds
    now = start
    while now < deadline:
        for _ in range(batch):
            op()
        calls += batch
        now = clock()
    return calls * per_call / (now - start)


def run_memory_case(case, mode, log):
    name, method, unit, per_call, scale, op, expected = case
    result = op()
    if not expected(result):
        raise AssertionError("%s.%s does not compute what the Java case does: got %r" % (name, method, result))
    for _ in range(mode["warmup"]):
        timed_iteration(op, per_call, mode["warmup_time"])
    samples = [timed_iteration(op, per_call, mode["time"]) * scale for _ in range(mode["iterations"])]
    log(name, method, None, samples, unit)
    return record(name, method, unit, samples, mode)


# ------------------------------------------------------------------ network cases (one reactor)

class Echo(protocol.Protocol):
    """Writes back what it reads (EchoBenchmark.Echo)."""

    def dataReceived(self, data):
        self.transport.write(data)


class EchoFactory(protocol.ServerFactory):
    protocol = Echo


class Client(protocol.Protocol):
    """Connects, then hands every received byte count to the case driving it."""

    def __init__(self, connected):
        self.connected_d = connected
        self.received = None

    def connectionMade(self):
        self.connected_d.callback(self)

    def dataReceived(self, data):
        self.received(self, len(data))


@defer.inlineCallbacks
def connect_clients(port, n):
    clients = []
    for _ in range(n):
        made = defer.Deferred()
        cf = protocol.ClientFactory()
        cf.buildProtocol = lambda addr, made=made: Client(made)
        reactor.connectTCP("127.0.0.1", port, cf, timeout=10)
        clients.append((yield made))
    return clients


def close_all(clients, port):
    for c in clients:
        c.transport.loseConnection()
    return port.stopListening()


class TimedIterations:
    """Runs iterations of a reactor-driven case: `start_iteration` begins one, the case calls
    `ops(n)` as operations complete and `maybe_done()` when it may end one (at a burst boundary
    for bursts, any time for a steady stream). Fires `done` with the measured samples."""

    def __init__(self, mode, begin):
        self.plan = [mode["warmup_time"]] * mode["warmup"] + [mode["time"]] * mode["iterations"]
        self.warmups = mode["warmup"]
        self.begin = begin
        self.samples = []
        self.done = defer.Deferred()
        self.count = 0
        self.started = 0.0
        self.deadline = 0.0

    def start(self):
        self.next_iteration()
        return self.done

    def next_iteration(self):
        if not self.plan:
            self.done.callback(self.samples[self.warmups:])
            return
        seconds = self.plan.pop(0)
        self.count = 0
        self.started = time.perf_counter()
        self.deadline = self.started + seconds
        self.begin()

    def iteration_over(self):
        return time.perf_counter() >= self.deadline

    def finish_iteration(self):
        self.samples.append(self.count / (time.perf_counter() - self.started))


ECHO_BURST = 100


@defer.inlineCallbacks
def echo_case(mode, size, connections):
    """EchoBenchmark's shape: one op = one message; a burst of 100 messages spread evenly over
    the connections, the next burst only after every byte of this one came back. Each burst
    starts from the reactor's queue (callLater(0)), as the Java driver posts it to the loop."""
    port = reactor.listenTCP(0, EchoFactory(), backlog=1024, interface="127.0.0.1")
    clients = yield connect_clients(port.getHost().port, connections)
    message = b"\0" * size
    each = ECHO_BURST // connections
    state = {"pending": 0}

    def burst():
        state["pending"] = size * ECHO_BURST
        for c in clients:
            for _ in range(each):
                c.transport.write(message)

    def received(client, n):
        state["pending"] -= n
        if state["pending"] == 0:
            it.count += ECHO_BURST
            if it.iteration_over():
                it.finish_iteration()
                reactor.callLater(0, it.next_iteration)
            else:
                reactor.callLater(0, burst)

    for c in clients:
        c.received = received
    it = TimedIterations(mode, lambda: reactor.callLater(0, burst))
    samples = yield it.start()
    yield close_all(clients, port)
    return samples


ROUND_TRIP_SIZE = 64
ROUND_TRIPS = 1000


class NoDelayEcho(Echo):
    """The echo server of RoundTripBenchmark: Nagle off, as both Java sides have it."""

    def connectionMade(self):
        self.transport.setTcpNoDelay(True)


class NoDelayEchoFactory(protocol.ServerFactory):
    protocol = NoDelayEcho


@defer.inlineCallbacks
def round_trip_case(mode, connections):
    """RoundTripBenchmark's shape: one op = one round trip of a 64-byte request and its 64-byte
    echo; an invocation does 1,000 round trips spread evenly over the connections, all started at
    once (from the reactor's queue, as the Java driver posts it to the loop), each connection
    sending its next request only once the whole answer is back (one outstanding per connection);
    TCP_NODELAY at both ends; the next invocation starts when all 1,000 are done."""
    if ROUND_TRIPS % connections:
        raise ValueError("connections must divide %d, got %d" % (ROUND_TRIPS, connections))
    port = reactor.listenTCP(0, NoDelayEchoFactory(), backlog=1024, interface="127.0.0.1")
    clients = yield connect_clients(port.getHost().port, connections)
    request = b"\0" * ROUND_TRIP_SIZE
    each = ROUND_TRIPS // connections
    got = {}
    left = {}
    state = {"pending": 0}

    def invocation():
        state["pending"] = ROUND_TRIPS
        for c in clients:
            got[c] = 0
            left[c] = each
            c.transport.write(request)

    def received(client, n):
        have = got[client] + n
        if have < ROUND_TRIP_SIZE:
            got[client] = have  # the answer came in pieces
            return
        got[client] = have - ROUND_TRIP_SIZE
        left[client] -= 1
        if left[client] > 0:
            client.transport.write(request)
        state["pending"] -= 1
        if state["pending"] == 0:
            it.count += ROUND_TRIPS
            if it.iteration_over():
                it.finish_iteration()
                reactor.callLater(0, it.next_iteration)
            else:
                reactor.callLater(0, invocation)

    for c in clients:
        c.transport.setTcpNoDelay(True)
        c.received = received
    it = TimedIterations(mode, lambda: reactor.callLater(0, invocation))
    samples = yield it.start()
    yield close_all(clients, port)
    return samples


NETWORK_CASES = [
    ("EchoBenchmark", "twisted", {"connections": c, "size": s}, (lambda m, c=c, s=s: echo_case(m, s, c)))
    for c in (1, 100) for s in (1024, 65536)
] + [
    ("RoundTripBenchmark", "twisted", {"connections": c}, (lambda m, c=c: round_trip_case(m, c)))
    for c in (1, 100)
]


@defer.inlineCallbacks
def run_network_cases(cases, mode, log, rows):
    try:
        for name, method, params, run in cases:
            samples = yield run(mode)
            log(name, method, params, samples, "ops/s")
            rows.append(record(name, method, "ops/s", samples, mode, params))
    finally:
        reactor.stop()


# ------------------------------------------------------------------ main

def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mode", choices=sorted(MODES), default="quick")
    ap.add_argument("--filter", default=".*")
    ap.add_argument("--out", default="twisted-result.json")
    args = ap.parse_args(argv)
    mode = MODES[args.mode]
    pattern = re.compile(args.filter)

    def wanted(name, method):
        return pattern.search(PACKAGE + name + "." + method) is not None

    def log(name, method, params, samples, unit):
        p = "" if not params else " (" + ",".join("%s=%s" % kv for kv in sorted(params.items())) + ")"
        print("twisted %s.%s%s: %.3f ± %.3f %s" % (name, method, p, sum(samples) / len(samples),
                                                   score_error(samples), unit), file=sys.stderr)

    rows = []
    for case in MEMORY_CASES:
        if wanted(case[0], case[1]):
            rows.append(run_memory_case(case, mode, log))
    network = [c for c in NETWORK_CASES if wanted(c[0], c[1])]
    if network:
        failures = []
        reactor.callWhenRunning(
            lambda: run_network_cases(network, mode, log, rows).addErrback(failures.append))
        reactor.run()
        if failures:
            failures[0].raiseException()
    with open(args.out, "w") as f:
        json.dump(rows, f, indent=2, allow_nan=False)
    print("twisted harness: %d rows in %s" % (len(rows), args.out), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
