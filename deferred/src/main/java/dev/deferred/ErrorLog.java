package dev.deferred;

import java.io.PrintStream;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.helpers.NOPLoggerFactory;

/**
 * Where the library's own error reports go: through slf4j when a provider (logback, log4j, ...)
 * is bound, and to {@code System.err} when none is. A library must not pick a logging backend
 * for its users, but a failure nobody handled must never vanish either: without a provider slf4j
 * drops everything, so the reports this library makes (unhandled failures in Deferreds, errors
 * a reactor catches) would be lost.
 *
 * <p>Without a provider the returned logger prints WARN and ERROR records, each with the full
 * stack trace of its throwable, to {@code System.err}; DEBUG, INFO and TRACE are off. The choice
 * is made once, the first time a logger is asked for.
 *
 * <pre>{@code
 * private static final Logger log = ErrorLog.logger(MyReactor.class);
 * log.error("callFromThread call {} failed", task, e);   // logback if present, else stderr
 * }</pre>
 */
public final class ErrorLog {
    private ErrorLog() {}

    /** Decided on first use: whether slf4j fell back to its no-operation provider. */
    private static final class Decision {
        static final boolean NO_PROVIDER = noProvider();

        private static boolean noProvider() {
            ILoggerFactory f = LoggerFactory.getILoggerFactory();
            // slf4j 2.x answers "no provider" with NOP_FallbackServiceProvider, whose factory is this.
            return f instanceof NOPLoggerFactory;
        }
    }

    /**
     * The logger for {@code type}: slf4j's when a provider is bound, else one that prints WARN and
     * ERROR to {@code System.err}.
     *
     * @param type the class whose name names the logger
     * @return the logger to report errors on
     * @throws NullPointerException if {@code type} is null
     */
    public static Logger logger(Class<?> type) {
        if (type == null) {
            throw new NullPointerException("ErrorLog.logger(null): pass the class that reports");
        }
        return Decision.NO_PROVIDER ? new StderrLogger(type.getName()) : LoggerFactory.getLogger(type);
    }

    /** Whether reports go to {@code System.err} because no slf4j provider is bound. */
    static boolean toStderr() {
        return Decision.NO_PROVIDER;
    }

    /** WARN and ERROR to System.err, read at each call so a test's System.setErr is honoured. */
    private static final class StderrLogger extends LegacyAbstractLogger {
        private static final long serialVersionUID = 1L;

        StderrLogger(String name) {
            this.name = name;
        }

        @Override
        public boolean isTraceEnabled() {
            return false;
        }

        @Override
        public boolean isDebugEnabled() {
            return false;
        }

        @Override
        public boolean isInfoEnabled() {
            return false;
        }

        @Override
        public boolean isWarnEnabled() {
            return true;
        }

        @Override
        public boolean isErrorEnabled() {
            return true;
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String messagePattern,
                                                   Object[] arguments, Throwable throwable) {
            String text = MessageFormatter.basicArrayFormat(messagePattern, arguments);
            PrintStream err = System.err;
            // One block per record, so that reports from two threads do not interleave line by line.
            synchronized (err) {
                err.println(level + " " + name + " - " + text);
                if (throwable != null) {
                    throwable.printStackTrace(err);
                }
                err.flush();
            }
        }
    }
}
