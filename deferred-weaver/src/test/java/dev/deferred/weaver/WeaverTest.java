package dev.deferred.weaver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * The weaver on small classes compiled here against stand-ins of the core's types (it works on
 * names and descriptors only): what it weaves, what it refuses and how it says so, what it warns
 * about. Running woven code is tested in the core, whose test classes are woven by its build.
 */
class WeaverTest {
    private static final Map<String, String> STUBS = Map.of(
            "io/vavr/CheckedFunction1.java",
            "package io.vavr; public interface CheckedFunction1<T, R> extends java.io.Serializable {"
                    + " R apply(T t) throws Throwable; }",
            "dev/deferred/Deferred.java", "package dev.deferred; public class Deferred<T> {}",
            "dev/deferred/InlineCallbacks.java",
            "package dev.deferred; public final class InlineCallbacks {"
                    + " public interface Coroutine { <T> T await(Deferred<? extends T> d) throws Throwable; }"
                    + " public static <R> Deferred<R> run(io.vavr.CheckedFunction1<? super Coroutine, ? extends R> b) {"
                    + " return null; } }");

    @TempDir
    Path dir;

    private Path compile(String className, String source) throws IOException {
        Path src = dir.resolve("src");
        Path out = dir.resolve("classes");
        List<String> files = new ArrayList<>();
        for (Map.Entry<String, String> e : STUBS.entrySet()) {
            files.add(write(src.resolve(e.getKey()), e.getValue()).toString());
        }
        files.add(write(src.resolve("fixture/" + className + ".java"), source).toString());
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> args = new ArrayList<>(List.of("-g", "-d", out.toString()));
        args.addAll(files);
        assertEquals(0, javac.run(null, null, null, args.toArray(String[]::new)), "fixture did not compile");
        return out;
    }

    private static Path write(Path p, String text) throws IOException {
        Files.createDirectories(p.getParent());
        return Files.writeString(p, text);
    }

    private static byte[] read(Path classes, String name) throws IOException {
        return Files.readAllBytes(classes.resolve(name.replace('.', '/') + ".class"));
    }

    private static final String HEADER = "package fixture; import dev.deferred.*; import dev.deferred.InlineCallbacks.Coroutine;";

    @Test
    void weavesALambdaBodyIntoEntryAndResumeMethodsAndMarksItsCallSite() throws Exception {
        Path classes = compile("Ok", HEADER + " public class Ok { Deferred<String> go(Deferred<String> d, long l) {"
                + " return InlineCallbacks.run(co -> { double x = 1.5; String s = co.await(d); return s + x + l; }); } }");
        List<String> woven = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        byte[] out = Weaver.weaveClass(read(classes, "fixture.Ok"), woven, warnings);
        assertEquals(1, woven.size(), woven.toString());
        assertTrue(woven.get(0).startsWith("fixture.Ok.lambda$go$") && woven.get(0).endsWith("(1 await)"), woven.get(0));
        assertEquals(List.of(), warnings);
        ClassNode cn = new ClassNode();
        new ClassReader(out).accept(cn, 0);
        assertTrue(cn.methods.stream().anyMatch(m -> m.name.endsWith("$resume")
                && m.desc.equals("([Ljava/lang/Object;ILjava/lang/Object;Ljava/lang/Throwable;)Ljava/lang/Object;")));
        assertTrue(cn.methods.stream().anyMatch(m -> m.name.endsWith("$entry")));
        MethodNode go = cn.methods.stream().filter(m -> m.name.equals("go")).findFirst().orElseThrow();
        assertTrue(Stream.of(go.instructions.toArray()).anyMatch(i -> i instanceof org.objectweb.asm.tree.MethodInsnNode mi
                && mi.owner.equals("dev/deferred/WovenInline") && mi.name.equals("body")), "call site not marked");
    }

    @Test
    void aClassWithoutBodiesIsLeftAlone() throws Exception {
        Path classes = compile("Plain", HEADER + " public class Plain { int f(int x) { return x + 1; } }");
        List<String> woven = new ArrayList<>();
        assertNull(Weaver.weaveClass(read(classes, "fixture.Plain"), woven, new ArrayList<>()));
        assertEquals(List.of(), woven);
    }

    @Test
    void anAwaitInsideSynchronizedIsRefusedWithClassMethodLineAndWhatToDo() throws Exception {
        Path classes = compile("Locked", HEADER + " public class Locked { final Object lock = new Object();\n"
                + " Deferred<String> go(Deferred<String> d) {\n"
                + "   return InlineCallbacks.run(co -> {\n"
                + "     synchronized (lock) {\n"
                + "       return co.await(d);\n"
                + "     }\n"
                + "   });\n"
                + " } }");
        WeaveException e = assertThrows(WeaveException.class,
                () -> Weaver.weaveClass(read(classes, "fixture.Locked"), new ArrayList<>(), new ArrayList<>()));
        assertTrue(e.getMessage().contains("fixture.Locked.lambda$go$"), e.getMessage());
        assertTrue(e.getMessage().contains("(line 5)"), e.getMessage());
        assertTrue(e.getMessage().contains("synchronized block") && e.getMessage().contains("DeferredLock"), e.getMessage());
    }

    @Test
    void aSynchronizedMethodGivenAsABodyIsRefused() throws Exception {
        Path classes = compile("SyncRef", HEADER + " public class SyncRef { Deferred<String> d;\n"
                + " synchronized String body(Coroutine co) throws Throwable {\n"
                + "   return co.await(d);\n"
                + " }\n"
                + " Deferred<String> go() { return InlineCallbacks.run(this::body); } }");
        WeaveException e = assertThrows(WeaveException.class,
                () -> Weaver.weaveClass(read(classes, "fixture.SyncRef"), new ArrayList<>(), new ArrayList<>()));
        assertTrue(e.getMessage().contains("fixture.SyncRef.body (line 3)") && e.getMessage().contains("synchronized method"),
                e.getMessage());
    }

    @Test
    void anAwaitAfterASynchronizedBlockIsWoven() throws Exception {
        Path classes = compile("After", HEADER + " public class After { final Object lock = new Object(); int n;"
                + " Deferred<String> go(Deferred<String> d) { return InlineCallbacks.run(co -> {"
                + " synchronized (lock) { synchronized (this) { n++; } } return co.await(d); }); } }");
        List<String> woven = new ArrayList<>();
        Weaver.weaveClass(read(classes, "fixture.After"), woven, new ArrayList<>());
        assertEquals(1, woven.size());
    }

    @Test
    void anAwaitInAConstructorsArgumentsIsRefusedWithTheFix() throws Exception {
        Path classes = compile("Ctor", HEADER + " public class Ctor { Deferred<StringBuilder> go(Deferred<String> d) {\n"
                + " return InlineCallbacks.run(co -> new StringBuilder(co.<String>await(d))); } }");
        WeaveException e = assertThrows(WeaveException.class,
                () -> Weaver.weaveClass(read(classes, "fixture.Ctor"), new ArrayList<>(), new ArrayList<>()));
        assertTrue(e.getMessage().contains("(line 2)") && e.getMessage().contains("constructor call")
                && e.getMessage().contains("Await into a local variable first"), e.getMessage());
    }

    @Test
    void aHelperThatAwaitsOnAHandleItWasGivenIsReportedNotWoven() throws Exception {
        Path classes = compile("Helper", HEADER + " public class Helper {\n"
                + " static String helper(Coroutine co, Deferred<String> d) throws Throwable {\n"
                + "   return co.await(d);\n"
                + " }\n"
                + " Deferred<String> go(Deferred<String> d) { return InlineCallbacks.run(co -> helper(co, d)); } }");
        List<String> woven = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        Weaver.weaveClass(read(classes, "fixture.Helper"), woven, warnings);
        assertEquals(List.of(), woven); // the body itself has no await: nothing to weave
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).startsWith("fixture.Helper.helper (line 3) calls co.await but is not an inline body"),
                warnings.get(0));
    }

    @Test
    void weavingADirectoryWritesWovenAndUnwovenClassesAndReportsThem() throws Exception {
        Path classes = compile("Two", HEADER + " public class Two { Deferred<String> go(Deferred<String> d) {"
                + " return InlineCallbacks.run(co -> co.await(d)); } static class Inner {} }");
        Path out = dir.resolve("woven");
        Weaver.Report r = Weaver.weave(classes, out, n -> n.startsWith("fixture."));
        assertEquals(1, r.woven().size());
        assertEquals(2, r.classes());
        assertTrue(Files.exists(out.resolve("fixture/Two$Inner.class")));
        assertTrue(Files.exists(out.resolve("dev/deferred/Deferred.class"))); // not included: copied as is
        assertTrue(Files.size(out.resolve("fixture/Two.class")) > Files.size(classes.resolve("fixture/Two.class")));

        // Weaving the woven classes again (an incremental build weaving in place) changes nothing
        // and warns about nothing, though the original body method is still there.
        byte[] once = Files.readAllBytes(out.resolve("fixture/Two.class"));
        Weaver.Report again = Weaver.weave(out, out);
        assertEquals(List.of(), again.woven());
        assertEquals(List.of(), again.warnings());
        assertEquals(1, again.alreadyWoven());
        org.junit.jupiter.api.Assertions.assertArrayEquals(once, Files.readAllBytes(out.resolve("fixture/Two.class")));
    }

    @Test
    void theAgentWeavesTheClassesItIsGivenAndLeavesRefusedOnesUnwoven() throws Exception {
        Path classes = compile("Agent", HEADER + " public class Agent { final Object lock = new Object();"
                + " Deferred<String> go(Deferred<String> d) { return InlineCallbacks.run(co -> co.await(d)); }"
                + " Deferred<String> locked(Deferred<String> d) { return InlineCallbacks.run(co -> {"
                + " synchronized (lock) { return co.await(d); } }); } }");
        byte[] bytes = read(classes, "fixture.Agent");
        ClassLoader app = getClass().getClassLoader();
        // The refused body makes the whole class load unwoven (null: unchanged), reported on stderr.
        assertNull(Premain.transformer(null).transform(app, "fixture/Agent", null, null, bytes));
        Path ok = compile("AgentOk", HEADER + " public class AgentOk {"
                + " Deferred<String> go(Deferred<String> d) { return InlineCallbacks.run(co -> co.await(d)); } }");
        byte[] okBytes = read(ok, "fixture.AgentOk");
        assertTrue(Premain.transformer("fixture.").transform(app, "fixture/AgentOk", null, null, okBytes).length > okBytes.length);
        assertNull(Premain.transformer("com.example.").transform(app, "fixture/AgentOk", null, null, okBytes));
        assertNull(Premain.transformer(null).transform(null, "fixture/AgentOk", null, null, okBytes)); // bootstrap classes
    }

    @Test
    void theCommandLineRefusesBadArguments() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Weaver.main(new String[0]));
        assertTrue(e.getMessage().contains("usage"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Weaver.main(new String[] {"a", "--bogus"}));
        assertTrue(e.getMessage().contains("unknown option --bogus"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Weaver.main(new String[] {dir.resolve("none").toString()}));
        assertTrue(e.getMessage().contains("is not a directory"), e.getMessage());
    }
}
