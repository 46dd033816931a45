package dev.deferred.net.tls;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Reads PEM files (what {@code openssl} writes) into JDK keys and certificates, without a
 * keystore: private keys in PKCS#8 form ({@code BEGIN PRIVATE KEY}) of any algorithm the JDK
 * knows (RSA, EC, EdDSA, DSA), RSA keys in PKCS#1 form ({@code BEGIN RSA PRIVATE KEY}), and
 * X.509 certificates ({@code BEGIN CERTIFICATE}, several per file for a chain).
 *
 * <pre>{@code
 * PrivateKey key = Pem.readPrivateKey(Path.of("server.key"));
 * List<X509Certificate> chain = Pem.readCertificates(Path.of("server.crt"));
 * Pem.checkKeyMatches(key, chain.get(0), "server.key");
 * }</pre>
 *
 * <p>Every method throws {@link IllegalArgumentException} naming the file and what is wrong with
 * it (missing, unreadable, no PEM block of the right kind, an encrypted key) and, where there is
 * one, the {@code openssl} command that converts it.
 */
public final class Pem {
    private Pem() {
    }

    /** DER of the rsaEncryption AlgorithmIdentifier, to wrap a PKCS#1 key as PKCS#8. */
    private static final byte[] RSA_ALGORITHM_ID = {
        0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};

    /**
     * Reads the first private key of a PEM file.
     *
     * @param file the file
     * @return the key
     * @throws IllegalArgumentException if the file is missing or unreadable, holds no supported key,
     *     or holds an encrypted or SEC1 key (the message gives the {@code openssl} command to convert it)
     */
    public static PrivateKey readPrivateKey(Path file) {
        Objects.requireNonNull(file, "file");
        String text = read(file, "private key");
        for (Block b : blocks(text, file)) {
            switch (b.type) {
                case "PRIVATE KEY":
                    return pkcs8(b.der, file);
                case "RSA PRIVATE KEY":
                    return pkcs8(wrapPkcs1(b.der), file);
                case "ENCRYPTED PRIVATE KEY":
                    throw new IllegalArgumentException("private key " + file + " is encrypted; decrypt it first: openssl pkcs8"
                            + " -topk8 -nocrypt -in " + file + " -out KEY.pem");
                case "EC PRIVATE KEY":
                case "DSA PRIVATE KEY":
                case "OPENSSH PRIVATE KEY":
                    throw new IllegalArgumentException("private key " + file + " is in " + b.type
                            + " form, which is not supported; convert it to PKCS#8: openssl pkcs8 -topk8 -nocrypt -in "
                            + file + " -out KEY.pem");
                default:
                    // a certificate or parameters in the same file: look further
            }
        }
        throw new IllegalArgumentException("private key file " + file + " holds no \"-----BEGIN PRIVATE KEY-----\""
                + " block; give a PEM private key (PKCS#8, or PKCS#1 RSA)");
    }

    /**
     * Reads every certificate of a PEM file, in file order (the leaf first, for a chain).
     *
     * @param file the file
     * @return the certificates, at least one
     * @throws IllegalArgumentException if the file is missing, unreadable, holds no certificate or
     *     a malformed one
     */
    public static List<X509Certificate> readCertificates(Path file) {
        Objects.requireNonNull(file, "file");
        String text = read(file, "certificate");
        List<X509Certificate> certs = new ArrayList<>();
        CertificateFactory cf;
        try {
            cf = CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IllegalStateException("this JDK has no X.509 certificate factory", e);
        }
        for (Block b : blocks(text, file)) {
            if (b.type.equals("CERTIFICATE") || b.type.equals("TRUSTED CERTIFICATE")) {
                try {
                    certs.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(b.der)));
                } catch (CertificateException e) {
                    throw new IllegalArgumentException("certificate file " + file + " holds a malformed certificate: "
                            + e.getMessage(), e);
                }
            }
        }
        if (certs.isEmpty()) {
            throw new IllegalArgumentException("certificate file " + file + " holds no \"-----BEGIN CERTIFICATE-----\""
                    + " block; give a PEM certificate");
        }
        return certs;
    }

    /**
     * Reads the certificates of every {@code .pem}, {@code .crt} and {@code .cer} file of a
     * directory (Twisted's {@code caCertsDir}; files without a certificate are skipped), or of one
     * file.
     *
     * @param fileOrDirectory a PEM file or a directory of them
     * @return the certificates
     * @throws IllegalArgumentException if it is missing or no certificate is found
     */
    public static List<X509Certificate> readTrustRoots(Path fileOrDirectory) {
        Objects.requireNonNull(fileOrDirectory, "fileOrDirectory");
        if (!Files.isDirectory(fileOrDirectory)) {
            return readCertificates(fileOrDirectory);
        }
        List<X509Certificate> certs = new ArrayList<>();
        try (Stream<Path> files = Files.list(fileOrDirectory)) {
            for (Path f : files.sorted().toList()) {
                String name = f.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
                boolean candidate = name.endsWith(".pem") || name.endsWith(".crt") || name.endsWith(".cer");
                // Skip files without a certificate (a key next to its certificate), as Twisted does.
                if (candidate && Files.isRegularFile(f) && read(f, "certificate").contains("-----BEGIN CERTIFICATE-----")) {
                    certs.addAll(readCertificates(f));
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot list CA certificates directory " + fileOrDirectory + ": " + e, e);
        }
        if (certs.isEmpty()) {
            throw new IllegalArgumentException("CA certificates directory " + fileOrDirectory
                    + " holds no .pem, .crt or .cer certificate file");
        }
        return certs;
    }

    /**
     * Checks that {@code key} is the private key of {@code certificate}, by signing a random
     * message with the key and verifying it with the certificate's public key.
     *
     * @param key the private key
     * @param certificate the certificate
     * @param keyName how to name the key in the message (usually its file)
     * @throws IllegalArgumentException if they do not belong together
     */
    public static void checkKeyMatches(PrivateKey key, X509Certificate certificate, String keyName) {
        PublicKey pub = certificate.getPublicKey();
        String mismatch = "private key " + keyName + " does not match the certificate for "
                + certificate.getSubjectX500Principal().getName() + " (a " + pub.getAlgorithm()
                + " certificate); give the key the certificate was made from";
        if (!key.getAlgorithm().equals(pub.getAlgorithm())) {
            throw new IllegalArgumentException(mismatch + " (the key is " + key.getAlgorithm() + ")");
        }
        String alg = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "DSA" -> "SHA256withDSA";
            case "EdDSA", "Ed25519", "Ed448" -> "EdDSA";
            default -> null; // RSASSA-PSS and others: no cheap check, the handshake will tell
        };
        if (alg == null) {
            return;
        }
        byte[] message = new byte[32];
        new SecureRandom().nextBytes(message);
        boolean ok;
        try {
            Signature s = Signature.getInstance(alg);
            s.initSign(key);
            s.update(message);
            byte[] sig = s.sign();
            Signature v = Signature.getInstance(alg);
            v.initVerify(pub);
            v.update(message);
            ok = v.verify(sig);
        } catch (GeneralSecurityException e) {
            ok = false;
        }
        if (!ok) {
            throw new IllegalArgumentException(mismatch);
        }
    }

    private record Block(String type, byte[] der) {
    }

    private static String read(Path file, String what) {
        if (!Files.exists(file)) {
            throw new IllegalArgumentException(what + " file " + file.toAbsolutePath() + " does not exist");
        }
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + what + " file " + file.toAbsolutePath() + ": " + e, e);
        } catch (RuntimeException e) { // MalformedInputException arrives wrapped on some paths
            throw new IllegalArgumentException(what + " file " + file + " is not a PEM (text) file: " + e, e);
        }
    }

    private static List<Block> blocks(String text, Path file) {
        List<Block> out = new ArrayList<>();
        int at = 0;
        while (true) {
            int begin = text.indexOf("-----BEGIN ", at);
            if (begin < 0) {
                return out;
            }
            int typeEnd = text.indexOf("-----", begin + 11);
            if (typeEnd < 0) {
                throw new IllegalArgumentException(file + " has a malformed PEM header at offset " + begin);
            }
            String type = text.substring(begin + 11, typeEnd);
            String endMarker = "-----END " + type + "-----";
            int end = text.indexOf(endMarker, typeEnd);
            if (end < 0) {
                throw new IllegalArgumentException(file + ": the PEM block \"" + type + "\" has no \"" + endMarker + "\" line");
            }
            String body = text.substring(typeEnd + 5, end);
            if (body.contains("Proc-Type:")) {
                throw new IllegalArgumentException("private key " + file + " is encrypted (Proc-Type header); decrypt it"
                        + " first: openssl pkcs8 -topk8 -nocrypt -in " + file + " -out KEY.pem");
            }
            try {
                out.add(new Block(type, Base64.getMimeDecoder().decode(body.strip())));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + ": the PEM block \"" + type + "\" is not valid base64: "
                        + e.getMessage(), e);
            }
            at = end + endMarker.length();
        }
    }

    private static PrivateKey pkcs8(byte[] der, Path file) {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (String alg : new String[] {"RSA", "EC", "EdDSA", "RSASSA-PSS", "DSA", "XDH"}) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                // not this algorithm: try the next
            }
        }
        throw new IllegalArgumentException("private key " + file + " is not a PKCS#8 key of an algorithm this JDK knows"
                + " (RSA, EC, EdDSA, DSA)");
    }

    /** Wraps a PKCS#1 RSAPrivateKey in a PKCS#8 PrivateKeyInfo: version 0, rsaEncryption, the key. */
    private static byte[] wrapPkcs1(byte[] pkcs1) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {0x02, 0x01, 0x00});
        body.writeBytes(RSA_ALGORITHM_ID);
        body.write(0x04);
        writeLength(body, pkcs1.length);
        body.writeBytes(pkcs1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x30);
        writeLength(out, body.size());
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }

    private static void writeLength(ByteArrayOutputStream out, int len) {
        if (len < 0x80) {
            out.write(len);
            return;
        }
        int bytes = len > 0xffffff ? 4 : len > 0xffff ? 3 : len > 0xff ? 2 : 1;
        out.write(0x80 | bytes);
        for (int i = bytes - 1; i >= 0; i--) {
            out.write(len >>> (8 * i));
        }
    }
}
