package dev.deferred.net.process;

import dev.deferred.Deferred;
import dev.deferred.ErrorLog;
import dev.deferred.Failures;
import dev.deferred.net.protocol.Producer;
import dev.deferred.net.protocol.ProducerPacer;
import dev.deferred.reactor.Reactor;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * The {@link ProcessTransport} of one child started by {@link ProcessReactor} (Twisted's
 * {@code process.Process}): three threads move the bytes ({@link PipeReader} twice,
 * {@link StdinWriter}), and everything the protocol sees happens here, on the reactor thread.
 */
final class ChildProcess implements ProcessTransport {
    private static final Logger log = ErrorLog.logger(ChildProcess.class);
    private static final int HIGH_WATER = 64 * 1024;
    private static final int LOW_WATER = 16 * 1024;
    /** The pipe threads only copy bytes: a small stack is plenty. */
    private static final long THREAD_STACK = 256 * 1024;
    /** Signals sent through kill(1); TERM and KILL go through the JDK. */
    private static final Set<String> KILL_SIGNALS =
            Set.of("INT", "HUP", "QUIT", "USR1", "USR2", "STOP", "CONT", "ALRM", "WINCH");

    private final ProcessReactor owner;
    private final Reactor reactor;
    private final Process process;
    private final ProcessProtocol protocol;
    private final String program;
    private final long pid;
    /** Bytes the reader threads have read and the protocol has not yet received. */
    final AtomicLong readBuffered = new AtomicLong();
    private final PipeReader out;
    private final PipeReader err;
    private final StdinWriter in;

    // Reactor thread only.
    private boolean paused;
    /** Writes are accepted (closeStdin not called, the pipe not lost, the child not exited). */
    private boolean stdinOpen = true;
    /** Why stdin stopped accepting writes, for the exception that says so. */
    private String stdinClosedWhy;
    /** The writer thread has ended and inConnectionLost was reported. */
    private boolean stdinEnded;
    /** Set once the child has exited: ProcessDoneException or ProcessTerminatedException. */
    private Throwable exitReason;
    private boolean ended;
    /** The reactor shut down: nothing more reaches the protocol. */
    private boolean detached;
    private final List<Deferred<Void>> endWaiters = new ArrayList<>();
    /** Paces a producer on standard input; resumed through writeProgress when the writer drains. */
    private final ProducerPacer pacer = new ProducerPacer(LOW_WATER, HIGH_WATER);

    ChildProcess(ProcessReactor owner, Process process, ProcessProtocol protocol, String program) {
        this.owner = owner;
        this.reactor = owner.reactor;
        this.process = process;
        this.protocol = protocol;
        this.program = program;
        this.pid = process.pid();
        this.out = new PipeReader(1, process.getInputStream(), this, reactor);
        this.err = new PipeReader(2, process.getErrorStream(), this, reactor);
        this.in = new StdinWriter(process.getOutputStream(), this, reactor, LOW_WATER);
    }

    /** Connects the protocol, then starts the threads. Reactor thread. */
    void start() {
        try {
            protocol.makeConnection(this);
        } catch (Throwable t) {
            Failures.rethrowIfEndsLoop(t);
            log.error("connectionMade of {} threw; the process {} runs on", protocol, pid, t);
        }
        // Platform threads, not virtual ones: a read blocked on a pipe would hold one of the
        // virtual-thread scheduler's carriers for as long as the child is quiet, and many quiet
        // children would starve every other virtual thread of the JVM.
        thread("stdout", out);
        thread("stderr", err);
        thread("stdin", in);
        process.onExit().whenComplete((p, e) -> reactor.callFromThread(this::exited));
    }

    private void thread(String what, Runnable body) {
        Thread.ofPlatform().daemon().name("process " + pid + " " + what).stackSize(THREAD_STACK).start(body);
    }

    // ------------------------------------------------------------------ reading

    /** A reader thread read {@code chunk}. */
    void arrived(PipeReader r, byte[] chunk) {
        if (detached || r.discarding) {
            readBuffered.addAndGet(-chunk.length);
            r.credit.release();
            return;
        }
        if (paused) {
            r.pending = chunk;
            return;
        }
        deliver(r, chunk);
    }

    private void deliver(PipeReader r, byte[] chunk) {
        readBuffered.addAndGet(-chunk.length);
        try {
            protocol.childDataReceived(r.fd, chunk);
        } catch (Throwable t) {
            Failures.rethrowIfEndsLoop(t);
            log.error("childDataReceived({}) of {} threw; closing that pipe", r.fd, protocol, t);
            closeReader(r);
        }
        if (paused && !r.discarding) {
            r.creditOwed = true;
        } else {
            r.credit.release();
        }
    }

    /** A reader thread reached the end of its pipe. */
    void readerEnded(PipeReader r) {
        r.ended = true;
        if (r.pending != null) {
            readBuffered.addAndGet(-r.pending.length);
            r.pending = null;
        }
        if (detached) {
            return;
        }
        reportClosed(r);
        maybeEnd();
    }

    private void reportClosed(PipeReader r) {
        if (r.reported) {
            return;
        }
        r.reported = true;
        try {
            protocol.childConnectionLost(r.fd);
        } catch (Throwable t) {
            Failures.rethrowIfEndsLoop(t);
            log.error("childConnectionLost({}) of {} threw", r.fd, protocol, t);
        }
    }

    /**
     * The protocol wants no more from {@code r}. The pipe is not closed under the reader thread
     * (java.io cannot interrupt a blocked read, and closing the descriptor then could let the
     * thread read from a reused one): the thread drains it and drops the bytes until the end.
     */
    private void closeReader(PipeReader r) {
        if (r.discarding || r.ended) {
            return;
        }
        r.discarding = true;
        if (r.pending != null) {
            readBuffered.addAndGet(-r.pending.length);
            r.pending = null;
        }
        r.creditOwed = false;
        r.credit.release(); // wake the thread if it waits for a credit
        reactor.callFromThread(() -> {
            if (!detached) {
                reportClosed(r);
            }
        });
    }

    @Override
    public void pauseProducing() {
        owner.checkThread("ProcessTransport.pauseProducing");
        paused = true;
    }

    @Override
    public void resumeProducing() {
        owner.checkThread("ProcessTransport.resumeProducing");
        if (!paused) {
            return;
        }
        paused = false;
        for (PipeReader r : new PipeReader[] {out, err}) {
            if (paused) {
                return; // the protocol paused again while taking a pending chunk
            }
            if (r.pending != null) {
                byte[] chunk = r.pending;
                r.pending = null;
                deliver(r, chunk);
            } else if (r.creditOwed) {
                r.creditOwed = false;
                r.credit.release();
            }
        }
    }

    @Override
    public long getReadBufferedBytes() {
        return readBuffered.get();
    }

    // ------------------------------------------------------------------ writing

    @Override
    public void write(byte[] data) {
        Objects.requireNonNull(data, "data");
        owner.checkThread("ProcessTransport.write");
        if (!stdinOpen) {
            throw new IllegalStateException("cannot write to the standard input of process " + pid + " (" + program
                    + "): " + stdinClosedWhy);
        }
        if (data.length == 0) {
            return;
        }
        in.enqueue(data.clone()); // the caller may reuse its array
        // A streaming producer is paused above the high-water mark; a pull producer waits after
        // each write. Either is resumed once the writer has drained the buffer to the low mark.
        if (pacer.wroteAwaitingDrain(in.buffered.get())) {
            awaitDrain();
        }
    }

    /** A resume is owed: have writeProgress called once the buffer is at the low-water mark. */
    private void awaitDrain() {
        in.wantProgress = true;
        if (in.buffered.get() <= LOW_WATER) {
            // Drained already (or never above the mark): resume on the next turn, not inside write.
            // The writer may report the same drain too; the pacer resumes once per owed resume.
            reactor.callFromThread(this::writeProgress);
        }
    }

    @Override
    public void writeToChild(int childFD, byte[] data) {
        if (childFD != 0) {
            throw new IllegalArgumentException("writeToChild: only descriptor 0 (standard input) is writable, got "
                    + childFD);
        }
        write(data);
    }

    /** The writer has drained to the low-water mark: resume the producer. */
    void writeProgress() {
        pacer.drained(in.buffered.get());
    }

    @Override
    public long getWriteBufferedBytes() {
        return in.buffered.get();
    }

    @Override
    public void closeStdin() {
        owner.checkThread("ProcessTransport.closeStdin");
        closeStdin("closeStdin() was called");
    }

    private void closeStdin(String why) {
        if (stdinOpen) {
            stdinOpen = false;
            stdinClosedWhy = why;
            in.close();
        }
    }

    /** The writer thread ended: after closeStdin, or when the pipe broke. */
    void stdinEnded(IOException failure) {
        in.buffered.set(0);
        if (stdinOpen) {
            stdinOpen = false;
            stdinClosedWhy = "the child closed it" + (failure == null ? "" : " (" + failure.getMessage() + ")");
        }
        if (failure != null) {
            log.debug("standard input of process {} closed: {}", pid, failure.toString());
        }
        stdinEnded = true;
        if (detached) {
            return;
        }
        Producer p = pacer.unregister();
        if (p != null) {
            try {
                p.stopProducing();
            } catch (Throwable t) {
                Failures.rethrowIfEndsLoop(t);
                log.error("stopProducing of {} threw", p, t);
            }
        }
        try {
            protocol.childConnectionLost(0);
        } catch (Throwable t) {
            Failures.rethrowIfEndsLoop(t);
            log.error("childConnectionLost(0) of {} threw", protocol, t);
        }
        maybeEnd();
    }

    @Override
    public void registerProducer(Producer producer, boolean streaming) {
        owner.checkThread("ProcessTransport.registerProducer");
        pacer.register(producer, streaming, in.buffered.get(), !stdinOpen);
        if (streaming && pacer.isPaused()) {
            awaitDrain(); // registered on a buffer above high water: paused until it drains
        }
    }

    @Override
    public void unregisterProducer() {
        owner.checkThread("ProcessTransport.unregisterProducer");
        pacer.unregister();
    }

    // ------------------------------------------------------------------ closing and the end

    @Override
    public void closeStdout() {
        owner.checkThread("ProcessTransport.closeStdout");
        closeReader(out);
    }

    @Override
    public void closeStderr() {
        owner.checkThread("ProcessTransport.closeStderr");
        closeReader(err);
    }

    @Override
    public void loseConnection() {
        owner.checkThread("ProcessTransport.loseConnection");
        closeStdin("loseConnection() was called");
        closeReader(out);
        closeReader(err);
    }

    @Override
    public void stopProducing() {
        loseConnection();
    }

    @Override
    public void signalProcess(String signal) {
        Objects.requireNonNull(signal, "signal");
        owner.checkThread("ProcessTransport.signalProcess");
        String name = signal.toUpperCase(Locale.ROOT);
        if (name.startsWith("SIG")) {
            name = name.substring(3);
        }
        if (!name.equals("TERM") && !name.equals("KILL") && !KILL_SIGNALS.contains(name)) {
            throw new IllegalArgumentException("signalProcess: unknown signal \"" + signal + "\"; use TERM, KILL or one of "
                    + KILL_SIGNALS);
        }
        if (exitReason != null || !process.isAlive()) {
            throw new ProcessExitedAlreadyException("cannot send " + name + " to process " + pid + " (" + program
                    + "): it has already exited");
        }
        switch (name) {
            case "TERM" -> process.destroy();
            case "KILL" -> process.destroyForcibly();
            default -> {
                try {
                    // Not waited for: kill(1) returns at once, the JDK reaps it.
                    new ProcessBuilder("kill", "-s", name, Long.toString(pid))
                            .redirectInput(Redirect.PIPE).redirectOutput(Redirect.DISCARD)
                            .redirectError(Redirect.DISCARD).start().getOutputStream().close();
                } catch (IOException e) {
                    throw new IllegalStateException("cannot send " + name + " to process " + pid
                            + ": running kill(1) failed: " + e.getMessage(), e);
                }
            }
        }
    }

    /** The child exited (the JDK reaped it). */
    void exited() {
        if (exitReason != null) {
            return;
        }
        int status = process.exitValue();
        if (status == 0) {
            exitReason = new ProcessDoneException(pid);
        } else if (status > 128 && status <= 128 + 64) {
            // The JDK reports death by signal N as 128 + N.
            exitReason = new ProcessTerminatedException(pid, null, status - 128);
        } else {
            exitReason = new ProcessTerminatedException(pid, status, null);
        }
        // Nobody reads its input any more: close it after what is queued (inConnectionLost follows).
        closeStdin("the process has exited");
        if (detached) {
            return;
        }
        try {
            protocol.processExited(exitReason);
        } catch (Throwable t) {
            Failures.rethrowIfEndsLoop(t);
            log.error("processExited of {} threw", protocol, t);
        }
        maybeEnd();
    }

    /** processEnded once the child exited and all three threads have finished. */
    private void maybeEnd() {
        if (ended || detached || exitReason == null || !out.ended || !err.ended || !stdinEnded) {
            return;
        }
        ended = true;
        owner.ended(this);
        try {
            protocol.processEnded(exitReason);
        } catch (Throwable t) {
            Failures.rethrowIfEndsLoop(t);
            log.error("processEnded of {} threw", protocol, t);
        }
        for (Deferred<Void> d : endWaiters) {
            fire(d);
        }
        endWaiters.clear();
    }

    private void fire(Deferred<Void> d) {
        if (exitReason instanceof ProcessDoneException) {
            d.callback(null);
        } else {
            d.errback(exitReason);
        }
    }

    @Override
    public Deferred<Void> whenEnded() {
        owner.checkThread("ProcessTransport.whenEnded");
        Deferred<Void> d = new Deferred<>();
        if (ended) {
            fire(d);
        } else {
            endWaiters.add(d);
        }
        return d;
    }

    /** The reactor is shutting down: the child runs on, its threads drain its pipes and end. */
    void detach() {
        detached = true;
        closeStdin("the reactor shut down");
        for (PipeReader r : new PipeReader[] {out, err}) {
            r.discarding = true;
            r.credit.release();
        }
    }

    @Override
    public long pid() {
        return pid;
    }

    @Override
    public String toString() {
        return "ChildProcess[pid=" + pid + ", " + program + (ended ? ", ended" : "") + "]";
    }
}
