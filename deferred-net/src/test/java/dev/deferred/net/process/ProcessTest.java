package dev.deferred.net.process;

import static dev.deferred.net.tcp.LoopbackReactor.failure;
import static dev.deferred.net.tcp.LoopbackReactor.get;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.deferred.net.protocol.PushProducer;
import dev.deferred.net.tcp.LoopbackReactor;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real child processes (/bin/sh scripts) on a running SelectReactor. */
class ProcessTest {

    /** Records every event, checks each runs on the reactor thread. */
    static class Recorder extends ProcessProtocol {
        final List<String> events = Collections.synchronizedList(new ArrayList<>());
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final CompletableFuture<Throwable> exited = new CompletableFuture<>();
        final CompletableFuture<Throwable> ended = new CompletableFuture<>();
        final CompletableFuture<Void> inLost = new CompletableFuture<>();
        volatile boolean offThread;

        void on(String event) {
            if (!Thread.currentThread().getName().equals("test-reactor")) {
                offThread = true;
            }
            events.add(event);
        }

        @Override
        public void connectionMade() {
            on("connectionMade");
        }

        @Override
        public void outReceived(byte[] data) {
            on("out");
            out.writeBytes(data);
        }

        @Override
        public void errReceived(byte[] data) {
            on("err");
            err.writeBytes(data);
        }

        @Override
        public void inConnectionLost() {
            on("inLost");
            inLost.complete(null);
        }

        @Override
        public void outConnectionLost() {
            on("outLost");
        }

        @Override
        public void errConnectionLost() {
            on("errLost");
        }

        @Override
        public void processExited(Throwable reason) {
            on("exited");
            exited.complete(reason);
        }

        @Override
        public void processEnded(Throwable reason) {
            on("ended");
            ended.complete(reason);
        }
    }

    private static ProcessTransport spawn(LoopbackReactor lr, ProcessReactor pr, ProcessProtocol p, String script)
            throws Exception {
        return lr.call(() -> pr.spawnProcess(p, List.of("/bin/sh", "-c", script), null, null));
    }

    @Test
    void exitZeroIsProcessDoneAfterEveryPipeClosed() throws Exception {
        try (LoopbackReactor lr = new LoopbackReactor()) {
            ProcessReactor pr = new ProcessReactor(lr.reactor);
            Recorder r = new Recorder();
            ProcessTransport t = spawn(lr, pr, r, "echo hello; echo oops >&2");
            CompletableFuture<Object> whenEnded = new CompletableFuture<>();
            lr.call(() -> t.whenEnded().addBoth(x -> whenEnded.complete(x.isSuccess() ? "ok" : x.getCause())));
            assertInstanceOf(ProcessDoneException.class, get(r.ended));
            assertInstanceOf(ProcessDoneException.class, get(r.exited));
            assertEquals("ok", get(whenEnded));
            assertEquals("hello\n", r.out.toString(UTF_8));
            assertEquals("oops\n", r.err.toString(UTF_8));
            List<String> ev = List.copyOf(r.events);
            assertEquals("connectionMade", ev.get(0));
            assertEquals("ended", ev.get(ev.size() - 1));
            for (String e : List.of("outLost", "errLost", "inLost", "exited")) {
                assertEquals(1, Collections.frequency(ev, e), e + " once in " + ev);
            }
            assertTrue(ev.indexOf("out") < ev.indexOf("outLost"), ev.toString());
            assertFalse(r.offThread, "every event runs on the reactor thread");
            assertEquals(0L, (long) lr.call(t::getReadBufferedBytes));
        }
    }

    @Test
    void nonZeroExitIsProcessTerminatedWithTheCode() throws Exception {
        try (LoopbackReactor lr = new LoopbackReactor()) {
            ProcessReactor pr = new ProcessReactor(lr.reactor);
            Recorder r = new Recorder();
            ProcessTransport t = spawn(lr, pr, r, "exit 3");
            ProcessTerminatedException e = assertInstanceOf(ProcessTerminatedException.class, get(r.ended));
            assertEquals(3, e.exitCode());
            assertNull(e.signal());
            assertEquals(t.pid(), e.pid());
            CompletableFuture<Throwable> f = new CompletableFuture<>();
            lr.call(() -> t.whenEnded().addBoth(x -> f.complete(x.getCause())));
            assertEquals(e, get(f), "whenEnded after the end fails with the same reason");
            assertThrows(ProcessExitedAlreadyException.class, () -> lr.call(() -> {
                t.signalProcess("TERM");
                return null;
            }));
        }
    }

    @Test
    void signalProcessTermAndKillEndWithTheSignal() throws Exception {
        try (LoopbackReactor lr = new LoopbackReactor()) {
            ProcessReactor pr = new ProcessReactor(lr.reactor);
            // USR1 (10 on Linux) goes through kill(1); not INT, which a child inherits as ignored
            // when the build runs in the background.
            for (String[] sig : new String[][] {{"TERM", "15"}, {"SIGKILL", "9"}, {"USR1", "10"}}) {
                Recorder r = new Recorder() {
                    @Override
                    public void outReceived(byte[] data) {
                        super.outReceived(data);
                        transport.signalProcess(sig[0]); // the child is surely running now
                    }
                };
                // exec: the signal reaches sleep itself, not a shell waiting for it
                spawn(lr, pr, r, "echo started; exec sleep 60");
                ProcessTerminatedException e = assertInstanceOf(ProcessTerminatedException.class, get(r.ended));
                assertEquals(Integer.valueOf(sig[1]), e.signal(), sig[0]);
                assertNull(e.exitCode());
            }
        }
    }

    @Test
    void killTermFromOutsideIsReportedAsTheSignal() throws Exception {
        try (LoopbackReactor lr = new LoopbackReactor()) {
            ProcessReactor pr = new ProcessReactor(lr.reactor);
            Recorder r = new Recorder();
            spawn(lr, pr, r, "kill -TERM $$; sleep 60");
            ProcessTerminatedException e = assertInstanceOf(ProcessTerminatedException.class, get(r.ended));
            assertEquals(15, e.signal());
            CompletableFuture<Throwable> f = new CompletableFuture<>();
            lr.call(() -> r.getTransport().whenEnded().addBoth(x -> f.complete(x.getCause())));
            assertEquals(e, get(f));
        }
    }

    @Test
    void stdinRoundTripThroughCatAndCloseStdin() throws Exception {
        byte[] data = new byte[1 << 20];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31 + (i >> 10));
        }
        try (LoopbackReactor lr = new LoopbackReactor()) {
            ProcessReactor pr = new ProcessReactor(lr.reactor);
            Recorder r = new Recorder() {
                @Override
                public void connectionMade() {
                    super.connectionMade();
                    for (int off = 0; off < data.length; off += 4096) {
                        transport.write(java.util.Arrays.copyOfRange(data, off, off + 4096));
                    }
                    transport.closeStdin();
                    try {
                        transport.write(new byte[1]);
                        on("write after closeStdin accepted");
                    } catch (IllegalStateException expected) {
                        on("write refused: " + expected.getMessage());
                    }
                }
            };
            lr.call(() -> pr.spawnProcess(r, List.of("cat"), null, null));
            assertInstanceOf(ProcessDoneException.class, get(r.ended));
            assertTrue(java.util.Arrays.equals(data, r.out.toByteArray()), "cat echoed every byte in order");
            assertTrue(r.events.stream().anyMatch(e -> e.startsWith("write refused: ") && e.contains("closeStdin")),
                    r.events.toString());
            assertTrue(r.events.indexOf("inLost") >= 0);
        }
    }

    /** Producers on the child's standard input: a pull producer is asked for more after each drain, a push producer paused and resumed. */
    @Test
    void producersWriteToStdinAtTheChildsPace() throws Exception {
        for (boolean streaming : new boolean[] {false, true}) {
            int chunks = streaming ? 256 : 100;
            int size = streaming ? 32 * 1024 : 1000;
            try (LoopbackReactor lr = new LoopbackReactor()) {
                ProcessReactor pr = new ProcessReactor(lr.reactor);
                int[] pauses = new int[1];
                Recorder r = new Recorder() {
                    int sent;
                    boolean paused;

                    @Override
                    public void connectionMade() {
                        super.connectionMade();
                        PushProducer producer = new PushProducer() {
                            @Override
                            public void pauseProducing() {
                                paused = true;
                                pauses[0]++;
                            }

                            @Override
                            public void resumeProducing() {
                                paused = false;
                                // A pull producer writes one chunk per call; a push producer until paused.
                                do {
                                    transport.write(new byte[size]);
                                    sent++;
                                } while (streaming && !paused && sent < chunks);
                                if (sent == chunks) {
                                    transport.unregisterProducer();
                                    transport.closeStdin();
                                }
                            }

                            @Override
                            public void stopProducing() {
                            }
                        };
                        transport.registerProducer(producer, streaming);
                        if (streaming) {
                            producer.resumeProducing(); // a push producer starts on its own
                        }
                    }
                };
                lr.call(() -> pr.spawnProcess(r, List.of("cat"), null, null));
                assertInstanceOf(ProcessDoneException.class, get(r.ended));
                assertEquals((long) chunks * size, r.out.size(), "streaming=" + streaming);
                if (streaming) {
                    assertTrue(pauses[0] >= 1, "8 MB into a pipe pause a push producer");
                }
            }
        }
    }

    /**
     * A pull producer is resumed exactly once per chunk it wrote, though the writer thread and the
     * write itself may both report the same drain. It writes on a later turn, so a second resume
     * for one chunk would arrive while its chunk is still unwritten.
     */
    @Test
    void aPullProducerIsResumedOncePerChunkWritten() throws Exception {
        int chunks = 500;
        try (LoopbackReactor lr = new LoopbackReactor()) {
            ProcessReactor pr = new ProcessReactor(lr.reactor);
            int[] resumes = new int[1];
            int[] extraResumes = new int[1];
            int[] sent = new int[1];
            Recorder r = new Recorder() {
                boolean chunkOwed;

                @Override
                public void connectionMade() {
                    super.connectionMade();
                    transport.registerProducer(new dev.deferred.net.protocol.Producer() {
                        @Override
                        public void resumeProducing() {
                            resumes[0]++;
                            if (chunkOwed || sent[0] == chunks) {
                                extraResumes[0]++;
                                return;
                            }
                            chunkOwed = true;
                            lr.reactor.callFromThread(() -> {
                                chunkOwed = false;
                                transport.write(new byte[1000]);
                                if (++sent[0] == chunks) {
                                    transport.unregisterProducer();
                                    transport.closeStdin();
                                }
                            });
                        }

                        @Override
                        public void stopProducing() {
                        }
                    }, false);
                }
            };
            lr.call(() -> pr.spawnProcess(r, List.of("/bin/sh", "-c", "cat > /dev/null"), null, null));
            assertInstanceOf(ProcessDoneException.class, get(r.ended));
            assertEquals(chunks, lr.call(() -> sent[0]), "every chunk was asked for");
            assertEquals(0, lr.call(() -> extraResumes[0]), "no resume without a chunk written since the last");
            assertEquals(chunks, lr.call(() -> resumes[0]), "one resume at registration, then one per chunk but the last");
        }
    }

    /**
     * A push producer registered while standard input holds more than the high-water mark is
     * paused at once, and resumed once the child has read it down. The child reads nothing until
     * the test opens a FIFO, so the buffer is full at registration.
     */
    @Test
    void aPushProducerRegisteredOnAFullStdinIsPausedUntilItDrains(@TempDir Path dir) throws Exception {
        Path fifo = dir.resolve("go");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        try (LoopbackReactor lr = new LoopbackReactor()) {
            ProcessReactor pr = new ProcessReactor(lr.reactor);
            List<String> calls = Collections.synchronizedList(new ArrayList<>());
            CompletableFuture<Void> registered = new CompletableFuture<>();
            Recorder r = new Recorder() {
                @Override
                public void connectionMade() {
                    super.connectionMade();
                    transport.write(new byte[200 * 1024]);
                    transport.registerProducer(new PushProducer() {
                        @Override
                        public void pauseProducing() {
                            calls.add("pause");
                        }

                        @Override
                        public void resumeProducing() {
                            calls.add("resume at " + transport.getWriteBufferedBytes());
                            transport.unregisterProducer();
                            transport.closeStdin();
                        }

                        @Override
                        public void stopProducing() {
                            calls.add("stop");
                        }
                    }, true);
                    registered.complete(null);
                }
            };
            lr.call(() -> pr.spawnProcess(r, List.of("/bin/sh", "-c", "cat \"$0\" > /dev/null; cat > /dev/null",
                    fifo.toString()), null, null));
            get(registered);
            assertEquals(List.of("pause"), List.copyOf(calls), "paused at registration, the child reads nothing yet");
            Files.newOutputStream(fifo).close(); // lets the child read its standard input
            assertInstanceOf(ProcessDoneException.class, get(r.ended));
            assertEquals(List.of("pause", "resume at 0"), List.copyOf(calls));
        }
    }

    @Test
    void writingToAChildThatClosedItsStdinReportsInConnectionLostThenRefuses() throws Exception {
        try (LoopbackReactor lr = new LoopbackReactor()) {
            ProcessReactor pr = new ProcessReactor(lr.reactor);
            CompletableFuture<String> refused = new CompletableFuture<>();
            Recorder r = new Recorder() {
                @Override
                public void outReceived(byte[] data) {
                    super.outReceived(data);
                    transport.write(new byte[100_000]); // the child's stdin is closed: broken pipe
                }

                @Override
                public void inConnectionLost() {
                    super.inConnectionLost();
                    try {
                        transport.write(new byte[1]);
                        refused.complete("accepted");
                    } catch (IllegalStateException e) {
                        refused.complete(e.getMessage());
                    }
                    transport.signalProcess("KILL");
                }
            };
            spawn(lr, pr, r, "exec 0<&-; echo ready; exec sleep 60");
            String msg = get(refused);
            assertTrue(msg.contains("standard input of process") && msg.contains("closed it"), msg);
            ProcessTerminatedException e = assertInstanceOf(ProcessTerminatedException.class, get(r.ended));
            assertEquals(9, e.signal());
            assertEquals(0L, (long) lr.call(() -> r.getTransport().getWriteBufferedBytes()));
        }
    }

    /**
     * 50 MB on stdout and stderr at once, to a protocol that pauses after every chunk and resumes
     * on a later turn: every byte arrives, and what is read but not delivered never exceeds one
     * chunk per stream.
     */
    @Test
    void fiftyMegabytesInterleavedWithAPausingProtocolStayBounded() throws Exception {
        long each = 25L << 20;
        String script = "yes 0123456789abcdef | head -c " + each + " & yes fedcba9876543210 | head -c " + each
                + " >&2; wait";
        try (LoopbackReactor lr = new LoopbackReactor()) {
            ProcessReactor pr = new ProcessReactor(lr.reactor);
            AtomicLong maxBuffered = new AtomicLong();
            long[] counts = new long[3];
            long[] pauses = new long[1];
            Recorder r = new Recorder() {
                @Override
                public void childDataReceived(int fd, byte[] data) {
                    on("data");
                    check(fd, data);
                    counts[fd] += data.length;
                    maxBuffered.accumulateAndGet(transport.getReadBufferedBytes(), Math::max);
                    transport.pauseProducing();
                    // Mostly a pause of one turn; every 16th chunk a longer one, which gives a
                    // reader that ignored the pause time to read ahead several chunks.
                    Duration pause = ++pauses[0] % 16 == 0 ? Duration.ofMillis(5) : Duration.ZERO;
                    lr.reactor.callLater(pause, () -> {
                        maxBuffered.accumulateAndGet(transport.getReadBufferedBytes(), Math::max);
                        transport.resumeProducing();
                    });
                }

                private void check(int fd, byte[] data) {
                    String line = fd == 1 ? "0123456789abcdef\n" : "fedcba9876543210\n";
                    long at = counts[fd];
                    for (int i = 0; i < data.length; i += 997) {
                        if (data[i] != line.charAt((int) ((at + i) % line.length()))) {
                            on("corrupt byte on " + fd + " at " + (at + i));
                            return;
                        }
                    }
                }
            };
            spawn(lr, pr, r, script);
            assertInstanceOf(ProcessDoneException.class, get(r.ended));
            assertEquals(each, counts[1]);
            assertEquals(each, counts[2]);
            assertFalse(r.events.stream().anyMatch(e -> e.startsWith("corrupt")), "bytes in order");
            assertTrue(maxBuffered.get() <= 2L * PipeReader.CHUNK,
                    "read-ahead bounded by one chunk per pipe, got " + maxBuffered.get());
            assertTrue(pauses[0] >= each * 2 / PipeReader.CHUNK, "paused after every chunk");
            assertFalse(r.offThread);
        }
    }

    @Test
    void environmentAndWorkingDirectory(@TempDir Path dir) throws Exception {
        try (LoopbackReactor lr = new LoopbackReactor()) {
            ProcessReactor pr = new ProcessReactor(lr.reactor);
            ProcessOutput o = lr.await(() -> Processes.getProcessOutputAndValue(pr,
                    List.of("/bin/sh", "-c", "echo \"$FOO\"; pwd; echo err >&2; exit 4"), Map.of("FOO", "bar baz"), dir));
            assertEquals("bar baz\n" + dir.toRealPath() + "\n", o.outText());
            assertEquals("err\n", o.errText());
            assertEquals(4, o.exitCode());
        }
    }

    @Test
    void getProcessOutputAndValueFailsWhenASignalKillsTheChild() throws Exception {
        try (LoopbackReactor lr = new LoopbackReactor()) {
            ProcessReactor pr = new ProcessReactor(lr.reactor);
            CompletableFuture<ProcessOutput> f = new CompletableFuture<>();
            lr.call(() -> Processes.getProcessOutputAndValue(pr, List.of("/bin/sh", "-c", "echo partial; kill -KILL $$"),
                    null, null).addBoth(x -> x.isSuccess() ? f.complete(x.get()) : f.completeExceptionally(x.getCause())));
            ProcessOutputSignalException e = assertInstanceOf(ProcessOutputSignalException.class, failure(f));
            assertEquals(9, e.signal());
            assertEquals("partial\n", e.output().outText());
        }
    }

    /**
     * Nothing is left open: neither by a spawn that fails nor by a process that ended (its three
     * pipes are closed by the threads that served them). The same number of descriptors after 1
     * and 4 rounds.
     */
    @Test
    void spawnFailuresAndEndedProcessesLeaveNoDescriptorBehind(@TempDir Path dir) throws Exception {
        try (LoopbackReactor lr = new LoopbackReactor()) {
            ProcessReactor pr = new ProcessReactor(lr.reactor);
            long[] after = new long[5];
            for (int round = 1; round <= 4; round++) {
                assertThrows(ProcessSpawnException.class,
                        () -> lr.call(() -> pr.spawnProcess(new Recorder(), List.of("/no/such/program"), null, null)));
                assertThrows(ProcessSpawnException.class,
                        () -> lr.call(() -> pr.spawnProcess(new Recorder(), List.of("/bin/true"), null, dir.resolve("no"))));
                Recorder r = new Recorder();
                ProcessTransport t = spawn(lr, pr, r, "echo out; echo err >&2; exit 1");
                get(r.ended);
                // The three pipe threads end right after their last report: join them.
                for (Thread th : Thread.getAllStackTraces().keySet()) {
                    if (th.getName().startsWith("process " + t.pid() + " ")) {
                        th.join(TimeUnit.SECONDS.toMillis(LoopbackReactor.WAIT_SECONDS));
                        assertFalse(th.isAlive(), th.getName() + " still running");
                    }
                }
                after[round] = openFds();
            }
            assertEquals(after[1], after[4], "descriptors open after round 1 and after round 4");
        }
    }

    private static long openFds() throws java.io.IOException {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    @Test
    void badInputFailsAtTheCall(@TempDir Path dir) throws Exception {
        try (LoopbackReactor lr = new LoopbackReactor()) {
            ProcessReactor pr = new ProcessReactor(lr.reactor);
            Recorder r = new Recorder();
            ProcessSpawnException missing = assertThrows(ProcessSpawnException.class,
                    () -> lr.call(() -> pr.spawnProcess(r, List.of("/no/such/program", "x"), null, null)));
            assertTrue(missing.getMessage().contains("/no/such/program"), missing.getMessage());
            Path nowhere = dir.resolve("missing");
            ProcessSpawnException noDir = assertThrows(ProcessSpawnException.class,
                    () -> lr.call(() -> pr.spawnProcess(r, List.of("/bin/true"), null, nowhere)));
            assertTrue(noDir.getMessage().contains(nowhere.toString()) && noDir.getMessage().contains("directory"),
                    noDir.getMessage());
            assertThrows(IllegalArgumentException.class, () -> lr.call(() -> pr.spawnProcess(r, List.of(), null, null)));
            assertTrue(r.events.isEmpty(), "a process that did not start never connects its protocol");
            assertFalse(Files.exists(nowhere));
            // The protocol was not used up by the failures: it can still run a process.
            lr.call(() -> pr.spawnProcess(r, List.of("/bin/true"), null, null));
            assertInstanceOf(ProcessDoneException.class, get(r.ended));
            ProcessTransport t = r.getTransport();
            assertThrows(IllegalArgumentException.class, () -> lr.call(() -> {
                t.signalProcess("BOGUS");
                return null;
            }));
            assertThrows(IllegalArgumentException.class, () -> lr.call(() -> {
                t.writeToChild(3, new byte[1]);
                return null;
            }));
        }
    }
}
