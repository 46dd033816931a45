package dev.deferred.net.process;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * What a child wrote and how it exited, from {@link Processes#getProcessOutputAndValue}.
 *
 * @param out everything it wrote to standard output
 * @param err everything it wrote to standard error
 * @param exitCode its exit code
 */
public record ProcessOutput(byte[] out, byte[] err, int exitCode) {

    /**
     * Standard output decoded as UTF-8.
     *
     * @return the text
     */
    public String outText() {
        return new String(out, StandardCharsets.UTF_8);
    }

    /**
     * Standard error decoded as UTF-8.
     *
     * @return the text
     */
    public String errText() {
        return new String(err, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProcessOutput p && exitCode == p.exitCode && Arrays.equals(out, p.out)
                && Arrays.equals(err, p.err);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(out) + Arrays.hashCode(err)) + exitCode;
    }

    @Override
    public String toString() {
        return "ProcessOutput[out=" + out.length + " bytes, err=" + err.length + " bytes, exitCode=" + exitCode + "]";
    }
}
