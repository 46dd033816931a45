package dev.deferred.weaver;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;

/**
 * The weaver as a Java agent, for running unwoven classes (an IDE run, a quick experiment) without
 * the build step: {@code java -javaagent:deferred-weaver.jar -cp app:asm.jar:asm-tree.jar:asm-commons.jar ...}
 * weaves each class as it is loaded. {@code -javaagent:deferred-weaver.jar=com.example.,org.acme.}
 * weaves only classes whose names start with one of those prefixes. A body the weaver refuses is
 * reported on {@code System.err} and loaded unwoven (it then runs on the unwoven mechanism). The
 * build step is the way to ship: it needs no JVM flag and refuses at build time.
 */
public final class Premain {
    private Premain() {}

    /**
     * The agent's entry point: installs the weaving transformer.
     *
     * @param args comma-separated class-name prefixes to weave, or null for every class
     * @param inst the JVM's instrumentation
     */
    public static void premain(String args, Instrumentation inst) {
        inst.addTransformer(transformer(args));
    }

    /**
     * The transformer {@link #premain} installs.
     *
     * @param args comma-separated class-name prefixes to weave, or null (or empty) for every class
     * @return a transformer that weaves the classes it is given and leaves the others alone
     */
    public static ClassFileTransformer transformer(String args) {
        List<String> prefixes = new ArrayList<>();
        if (args != null) {
            for (String p : args.split(",")) {
                if (!p.isBlank()) {
                    prefixes.add(p.strip().replace('.', '/'));
                }
            }
        }
        return new ClassFileTransformer() {
            @Override
            public byte[] transform(ClassLoader loader, String className, Class<?> redefined,
                    ProtectionDomain domain, byte[] classFile) {
                if (className == null || redefined != null || loader == null
                        || !(prefixes.isEmpty() || prefixes.stream().anyMatch(className::startsWith))) {
                    return null;
                }
                List<String> warnings = new ArrayList<>();
                try {
                    byte[] woven = ClassWeaver.weave(classFile, new ArrayList<>(), warnings, new ArrayList<>());
                    for (String w : warnings) {
                        System.err.println("deferred-weaver agent: WARNING: " + w);
                    }
                    return woven;
                } catch (WeaveException e) {
                    System.err.println(e.getMessage() + " (deferred-weaver agent: loaded unwoven)");
                    return null;
                }
            }
        };
    }
}
