package dev.deferred.properties;

import io.vavr.control.Try;

/** How results appear in a trace, shared by the model and the runner so the two compare as text. */
final class Trace {
    private Trace() {}

    /**
     * A value as itself ({@code "r3"}, {@code "null"}); a failure as its simple class name, plus the
     * label for the programs' own Boom/Bang ({@code "Boom:x3"}, {@code "CancellationException"}).
     * Library messages are left out on purpose: the model pins behaviour, not wording.
     */
    static String render(Object o) {
        return switch (o) {
            case null -> "null";
            case Model.Failure f -> f.type().getSimpleName() + (f.label() == null ? "" : ":" + f.label());
            case Boom b -> "Boom:" + b.getMessage();
            case Bang b -> "Bang:" + b.getMessage();
            case Throwable t -> t.getClass().getSimpleName();
            case Try<?> t -> t.isSuccess() ? "ok(" + render(t.get()) + ")" : "err(" + render(t.getCause()) + ")";
            default -> String.valueOf(o);
        };
    }
}
