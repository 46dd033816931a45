/**
 * The code samples of the README and of the guides in {@code docs/}, as compiled code.
 *
 * <p>Each sample sits between a {@code // snippet:NAME} line and a {@code // end-snippet} line.
 * {@code DocsSnippetsTest} extracts every {@code ```java} block of the markdown files and checks
 * that it is one of these regions, verbatim up to indentation (its {@code import} lines must be
 * imports of the same file), then runs the methods holding them. So a sample that stops compiling,
 * or that a doc edit makes differ from the code, fails the build.
 *
 * <p>Why this way round (code in sources, copied into the docs, compared by a test) rather than
 * generating the docs or compiling the markdown: the samples stay ordinary Java that the IDE and
 * the compiler check with their context (types, helper methods), the markdown stays plain markdown
 * that renders anywhere, and the test needs no compiler at run time.
 */
package dev.deferred.examples.snippets;
