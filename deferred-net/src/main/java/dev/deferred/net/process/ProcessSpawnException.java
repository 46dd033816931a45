package dev.deferred.net.process;

import java.io.IOException;

/**
 * A child process could not be started: the program does not exist or is not executable, or the
 * working directory does not exist. Nothing was left running.
 */
public class ProcessSpawnException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what could not be started and why
     * @param cause the error of the operating system, or null
     */
    public ProcessSpawnException(String message, Throwable cause) {
        super(message, cause);
    }
}
