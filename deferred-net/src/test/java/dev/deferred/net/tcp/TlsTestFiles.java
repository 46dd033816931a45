package dev.deferred.net.tcp;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** The TEST-ONLY key material under src/test/resources/tls (see the README there). */
final class TlsTestFiles {
    private TlsTestFiles() {
    }

    static Path file(String name) {
        try {
            return Path.of(TlsTestFiles.class.getResource("/tls/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new AssertionError("missing test resource /tls/" + name, e);
        }
    }

    static Path key() {
        return file("localhost-TEST-ONLY.key.pem");
    }

    static Path cert() {
        return file("localhost-TEST-ONLY.cert.pem");
    }

    static Path wrongHostKey() {
        return file("wronghost-TEST-ONLY.key.pem");
    }

    static Path wrongHostCert() {
        return file("wronghost-TEST-ONLY.cert.pem");
    }

    /** The endpoint string escape for a path: colons (none on Linux) would need a backslash. */
    static String esc(Path p) {
        return p.toString().replace("\\", "\\\\").replace(":", "\\:");
    }
}
