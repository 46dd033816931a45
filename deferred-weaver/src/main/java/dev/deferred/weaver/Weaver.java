package dev.deferred.weaver;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Turns inline-callback bodies into resumable state machines, at build time, so that a body runs on
 * the thread that fires its Deferreds, inside that {@code callback()}, with no second thread and no
 * JVM flag.
 *
 * <p>What it weaves: each lambda or same-class method reference given to
 * {@code InlineCallbacks.run} (a {@code CheckedFunction1} whose method takes the
 * {@code Coroutine} last and calls {@code co.await}). Each await of such a body becomes a resume
 * point: a fired Deferred's result is taken at once; a pending one makes the body save its live
 * locals and return, and the runtime calls it back at that point when the Deferred fires. Other
 * code is left alone; a method that awaits on a {@code Coroutine} it was given, but is not a body,
 * gets a warning. A body it cannot weave (an await inside {@code synchronized}, an await in a
 * constructor's arguments) makes it fail with a {@link WeaveException} that says where and what to
 * change.
 *
 * <p>Run it on compiled classes, before they are tested or packaged:
 * <pre>{@code
 * // weave target/classes in place
 * Weaver.Report report = Weaver.weave(Path.of("target/classes"), Path.of("target/classes"));
 * report.print(System.out);
 * }</pre>
 * or from the command line, {@code java -cp deferred-weaver.jar:asm*.jar dev.deferred.weaver.Weaver
 * target/classes [outputDir]} (see the project's {@code docs/threading.md} for Maven and Gradle).
 */
public final class Weaver {
    private Weaver() {}

    /**
     * What a weave did: the bodies it transformed and the warnings it gave.
     *
     * @param woven one line per woven body: {@code class.method (n awaits)}
     * @param warnings one line per method that awaits on a Coroutine but is not a body
     * @param classes how many class files were read
     * @param alreadyWoven how many of them had been woven before (left as they were)
     */
    public record Report(List<String> woven, List<String> warnings, int classes, int alreadyWoven) {
        /**
         * Copies the lists.
         *
         * @param woven the woven bodies
         * @param warnings the warnings
         * @param classes the number of classes read
         * @param alreadyWoven the number of classes found woven already
         */
        public Report {
            woven = List.copyOf(woven);
            warnings = List.copyOf(warnings);
        }

        /**
         * Prints a summary line, then each warning.
         *
         * @param out where to print
         */
        public void print(PrintStream out) {
            out.println("deferred-weaver: wove " + woven.size() + " inline bod" + (woven.size() == 1 ? "y" : "ies")
                    + " in " + classes + " classes" + (alreadyWoven > 0 ? " (" + alreadyWoven + " woven already, left as they were)" : ""));
            for (String w : warnings) {
                out.println("deferred-weaver: WARNING: " + w);
            }
        }
    }

    /**
     * Weaves every {@code .class} file under {@code in}, writing each to the same relative path
     * under {@code out} (which may be {@code in}: then classes are rewritten in place). Classes with no
     * body are copied unchanged when {@code out} differs from {@code in}.
     *
     * @param in the directory of compiled classes
     * @param out where to write them
     * @return what was woven
     * @throws IOException if reading or writing fails
     * @throws WeaveException if a body cannot be woven (nothing is written for that class)
     */
    public static Report weave(Path in, Path out) throws IOException {
        return weave(in, out, className -> true);
    }

    /**
     * As {@link #weave(Path, Path)}, weaving only the classes whose binary name {@code include}
     * accepts (the others are copied, or left alone in place).
     *
     * @param in the directory of compiled classes
     * @param out where to write them
     * @param include which classes to weave, by binary name ({@code com.example.Foo$Bar})
     * @return what was woven
     * @throws IOException if reading or writing fails
     * @throws WeaveException if a body cannot be woven (nothing is written for that class)
     */
    public static Report weave(Path in, Path out, Predicate<String> include) throws IOException {
        if (!Files.isDirectory(in)) {
            throw new IllegalArgumentException("Weaver.weave: " + in + " is not a directory of compiled classes");
        }
        List<String> woven = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        List<String> already = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> s = Files.walk(in)) {
            files = s.filter(Files::isRegularFile).toList();
        }
        int classes = 0;
        boolean inPlace = in.toAbsolutePath().normalize().equals(out.toAbsolutePath().normalize());
        for (Path f : files) {
            Path target = out.resolve(in.relativize(f).toString());
            byte[] bytes = Files.readAllBytes(f);
            byte[] result = null;
            String rel = in.relativize(f).toString().replace(f.getFileSystem().getSeparator(), "/");
            if (rel.endsWith(".class") && !f.getFileName().toString().equals("module-info.class")
                    && include.test(rel.substring(0, rel.length() - ".class".length()).replace('/', '.'))) {
                classes++;
                result = ClassWeaver.weave(bytes, woven, warnings, already);
            }
            if (result != null || !inPlace) {
                Files.createDirectories(target.getParent());
                Files.write(target, result != null ? result : bytes);
            }
        }
        return new Report(woven, warnings, classes, already.size());
    }

    /**
     * Weaves one class file.
     *
     * @param classFile the class file's bytes
     * @param woven receives a line per woven body
     * @param warnings receives a line per suspicious method
     * @return the woven class file, or null if the class has no inline body or was woven already
     * @throws WeaveException if a body cannot be woven
     */
    public static byte[] weaveClass(byte[] classFile, List<String> woven, List<String> warnings) {
        return ClassWeaver.weave(classFile, woven, warnings, new ArrayList<>());
    }

    /**
     * The command line: {@code Weaver <classesDir> [<outputDir>] [--include=<prefix>]...} weaves in
     * place, or into {@code outputDir}; with {@code --include}, only classes whose binary name starts
     * with one of the prefixes. Prints what it wove and its warnings; a body that cannot be woven
     * fails it with a {@link WeaveException} (and a non-zero exit status), its reason printed.
     *
     * @param args the directories and options
     * @throws IOException if reading or writing fails
     */
    public static void main(String[] args) throws IOException {
        List<String> dirs = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        for (String a : args) {
            if (a.startsWith("--include=")) {
                prefixes.add(a.substring("--include=".length()));
            } else if (a.startsWith("--")) {
                throw new IllegalArgumentException("unknown option " + a
                        + "; usage: dev.deferred.weaver.Weaver <classesDir> [<outputDir>] [--include=<classNamePrefix>]...");
            } else {
                dirs.add(a);
            }
        }
        if (dirs.isEmpty() || dirs.size() > 2) {
            throw new IllegalArgumentException("expected one or two directories, got " + dirs
                    + "; usage: dev.deferred.weaver.Weaver <classesDir> [<outputDir>] [--include=<classNamePrefix>]...");
        }
        Path in = Path.of(dirs.get(0));
        Path out = Path.of(dirs.get(dirs.size() - 1));
        Predicate<String> include = prefixes.isEmpty() ? n -> true : n -> prefixes.stream().anyMatch(n::startsWith);
        try {
            weave(in, out, include).print(System.out);
        } catch (WeaveException e) {
            System.err.println(e.getMessage());
            throw e;
        }
    }
}
