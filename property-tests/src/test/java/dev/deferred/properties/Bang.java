package dev.deferred.properties;

/** A checked failure, so that programs also exercise callbacks that throw checked exceptions. */
final class Bang extends Exception {
    Bang(String label) {
        super(label, null, false, false);
    }
}
