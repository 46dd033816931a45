package dev.deferred.stress;

/**
 * The failure the tests fire. One shared, stackless instance: filling in a stack trace on every
 * jcstress iteration would make the race windows far wider than a real program's, and the tests
 * only ever compare it by identity.
 */
final class Boom extends RuntimeException {
    private static final long serialVersionUID = 1L;

    static final Boom INSTANCE = new Boom();

    private Boom() {
        super("boom (planted by a stress test)", null, false, false);
    }
}
