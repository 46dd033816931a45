package dev.deferred.weaver;

import static org.objectweb.asm.Opcodes.*;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.FrameNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.LocalVariableNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Weaves one class: finds its inline bodies (lambdas and same-class method references given to
 * {@code InlineCallbacks.run}), and for each body method {@code M} adds
 * <ul>
 *   <li>{@code M$resume(Object[] frame, int state, Object value, Throwable failure)}: M's code with
 *       its locals shifted past those four parameters, a prologue that jumps to the start
 *       (state 0) or back to await site k with its locals and operand stack restored from
 *       {@code frame}, and each await rewritten to take a fired Deferred's result at once or, when
 *       it is pending, save the frame, register the resume point with the runtime and return;</li>
 *   <li>{@code M$entry}: a static method with M's parameters (and the receiver first for an
 *       instance method) that calls {@code M$resume(params, 0, null, null)}.</li>
 * </ul>
 * The lambda's call site is pointed at {@code M$entry} and its result is marked woven by the
 * runtime. {@code M} itself is left as it was, for any direct caller.
 *
 * <p>Types come from javac's stack-map frames (through {@link org.objectweb.asm.commons.AnalyzerAdapter}),
 * so nothing is loaded; the frames of the added code are written out explicitly from those types.
 */
final class ClassWeaver {
    private ClassWeaver() {}

    private static final Object[] RESUME_LOCALS = {"[Ljava/lang/Object;", INTEGER, "java/lang/Object", "java/lang/Throwable"};

    /**
     * Weaves {@code bytes}; returns the new class file, or null when the class has no body or was
     * woven already (its name then goes to {@code alreadyWoven}: weaving in place twice, as an
     * incremental build does, changes nothing). Appends a line per woven body to {@code woven} and
     * per suspicious method to {@code warnings}.
     *
     * @throws WeaveException if a body cannot be woven
     */
    static byte[] weave(byte[] bytes, List<String> woven, List<String> warnings, List<String> alreadyWoven) {
        if (!mentionsCoroutine(bytes)) {
            return null; // cheap: most classes never name the Coroutine, so need no parsing
        }
        ClassNode cn = new ClassNode();
        new ClassReader(bytes).accept(cn, ClassReader.EXPAND_FRAMES);
        if (marksBodies(cn)) {
            alreadyWoven.add(Type.getObjectType(cn.name).getClassName());
            return null;
        }
        boolean itf = (cn.access & ACC_INTERFACE) != 0;
        Map<String, MethodNode> byKey = new LinkedHashMap<>();
        for (MethodNode m : cn.methods) {
            byKey.put(m.name + m.desc, m);
        }
        Map<InvokeDynamicInsnNode, MethodNode> sites = new IdentityHashMap<>();
        Map<MethodNode, String[]> names = new LinkedHashMap<>(); // body -> {entry, resume}
        Set<String> taken = new HashSet<>(byKey.keySet().stream().map(k -> k.substring(0, k.indexOf('('))).toList());
        for (MethodNode m : cn.methods) {
            for (AbstractInsnNode insn : m.instructions) {
                if (insn instanceof InvokeDynamicInsnNode indy) {
                    MethodNode body = bodyOf(cn, indy, byKey);
                    if (body != null) {
                        sites.put(indy, body);
                        names.computeIfAbsent(body, b -> new String[] {fresh(taken, b.name + "$entry"), fresh(taken, b.name + "$resume")});
                    }
                }
            }
        }
        for (MethodNode m : cn.methods) {
            if (!names.containsKey(m) && callsAwait(m)) {
                int line = lineOf(firstAwait(m));
                warnings.add(Type.getObjectType(cn.name).getClassName() + "." + m.name + (line > 0 ? " (line " + line + ")" : "")
                        + " calls co.await but is not an inline body (a helper method, or a lambda inside a body that is"
                        + " not given to InlineCallbacks.run), so it was not woven: run by a woven body, its await of an"
                        + " unfired Deferred throws IllegalStateException. Await in the body itself, or make the helper"
                        + " return InlineCallbacks.run(co2 -> ...) and await that Deferred.");
            }
        }
        if (sites.isEmpty()) {
            return null;
        }
        // Point each call site at the entry method and mark what it makes as woven. Done first, so
        // that the copies below carry the same change for nested bodies.
        for (Map.Entry<InvokeDynamicInsnNode, MethodNode> e : sites.entrySet()) {
            InvokeDynamicInsnNode indy = e.getKey();
            MethodNode body = e.getValue();
            indy.bsmArgs = indy.bsmArgs.clone();
            indy.bsmArgs[1] = new Handle(H_INVOKESTATIC, cn.name, names.get(body)[0], entryDesc(cn, body), itf);
        }
        for (MethodNode m : cn.methods) {
            for (AbstractInsnNode insn : m.instructions) {
                if (insn instanceof InvokeDynamicInsnNode indy && sites.containsKey(indy)) {
                    m.instructions.insert(indy, new MethodInsnNode(INVOKESTATIC, Names.RUNTIME, Names.RUNTIME_BODY,
                            Names.RUNTIME_BODY_DESC, false));
                }
            }
        }
        List<MethodNode> added = new ArrayList<>();
        for (Map.Entry<MethodNode, String[]> e : names.entrySet()) {
            MethodNode body = e.getKey();
            String[] n = e.getValue();
            int awaits = new BodyTransform(cn, body, n[1], itf).resumeMethod(added);
            added.add(entry(cn, body, n[0], n[1], itf));
            woven.add(Type.getObjectType(cn.name).getClassName() + "." + body.name + " (" + awaits + " await"
                    + (awaits == 1 ? "" : "s") + ")");
        }
        cn.methods.addAll(added);
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        cn.accept(cw);
        return cw.toByteArray();
    }

    /** Whether the class already calls {@code WovenInline.body}: only woven code does. */
    private static boolean marksBodies(ClassNode cn) {
        for (MethodNode m : cn.methods) {
            for (AbstractInsnNode insn : m.instructions) {
                if (insn instanceof MethodInsnNode mi && mi.owner.equals(Names.RUNTIME) && mi.name.equals(Names.RUNTIME_BODY)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static final byte[] MARKER = Names.COROUTINE.getBytes(java.nio.charset.StandardCharsets.UTF_8);

    /** Whether the constant pool can name the Coroutine (its internal name appears in the bytes). */
    private static boolean mentionsCoroutine(byte[] bytes) {
        outer:
        for (int i = 0; i <= bytes.length - MARKER.length; i++) {
            for (int j = 0; j < MARKER.length; j++) {
                if (bytes[i + j] != MARKER[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static String fresh(Set<String> taken, String name) {
        String n = name;
        for (int i = 2; !taken.add(n); i++) {
            n = name + i;
        }
        return n;
    }

    /** The body method an invokedynamic makes a CheckedFunction1 of, if it is one we weave. */
    private static MethodNode bodyOf(ClassNode cn, InvokeDynamicInsnNode indy, Map<String, MethodNode> byKey) {
        if (!indy.bsm.getOwner().equals(Names.LAMBDA_METAFACTORY) || !indy.name.equals("apply")
                || !Type.getReturnType(indy.desc).getInternalName().equals(Names.BODY_SAM)
                || indy.bsmArgs.length < 3 || !(indy.bsmArgs[1] instanceof Handle h) || !h.getOwner().equals(cn.name)) {
            return null;
        }
        int tag = h.getTag();
        if (tag != H_INVOKESTATIC && tag != H_INVOKEVIRTUAL && tag != H_INVOKESPECIAL && tag != H_INVOKEINTERFACE) {
            return null;
        }
        MethodNode m = byKey.get(h.getName() + h.getDesc());
        return m != null && takesCoroutine(m) && callsAwait(m) && (m.access & ACC_ABSTRACT) == 0 ? m : null;
    }

    static boolean takesCoroutine(MethodNode m) {
        Type[] args = Type.getArgumentTypes(m.desc);
        return args.length > 0 && args[args.length - 1].getDescriptor().equals(Names.COROUTINE_DESC);
    }

    static boolean callsAwait(MethodNode m) {
        for (AbstractInsnNode insn : m.instructions) {
            if (isAwait(insn)) {
                return true;
            }
        }
        return false;
    }

    static AbstractInsnNode firstAwait(MethodNode m) {
        for (AbstractInsnNode insn : m.instructions) {
            if (isAwait(insn)) {
                return insn;
            }
        }
        return null;
    }

    static boolean isAwait(AbstractInsnNode insn) {
        return insn instanceof MethodInsnNode mi && mi.getOpcode() == INVOKEINTERFACE && mi.owner.equals(Names.COROUTINE)
                && mi.name.equals(Names.AWAIT) && mi.desc.equals(Names.AWAIT_DESC);
    }

    /** The entry method's descriptor: the body's, with the receiver first for an instance method. */
    static String entryDesc(ClassNode cn, MethodNode body) {
        return (body.access & ACC_STATIC) != 0 ? body.desc : "(L" + cn.name + ";" + body.desc.substring(1);
    }

    /** M$entry(params): M$resume(new Object[] {params}, 0, null, null), converted to M's return type. */
    private static MethodNode entry(ClassNode cn, MethodNode body, String name, String resume, boolean itf) {
        String desc = entryDesc(cn, body);
        MethodNode e = new MethodNode(ACC_PRIVATE | ACC_STATIC | ACC_SYNTHETIC, name, desc, null, null);
        InsnList c = e.instructions;
        Type[] args = Type.getArgumentTypes(desc);
        c.add(Code.pushInt(args.length));
        c.add(new TypeInsnNode(ANEWARRAY, "java/lang/Object"));
        List<Object> locals = new ArrayList<>();
        int slot = 0;
        for (int i = 0; i < args.length; i++) {
            Object ft = Code.frameType(args[i]);
            locals.add(ft);
            c.add(new InsnNode(DUP));
            c.add(Code.pushInt(i));
            c.add(new VarInsnNode(args[i].getOpcode(ILOAD), slot));
            c.add(Code.box(ft));
            c.add(new InsnNode(AASTORE));
            slot += args[i].getSize();
        }
        c.add(new InsnNode(ICONST_0));
        c.add(new InsnNode(ACONST_NULL));
        c.add(new InsnNode(ACONST_NULL));
        c.add(new MethodInsnNode(INVOKESTATIC, cn.name, resume, Names.RESUME_DESC, itf));
        Type rt = Type.getReturnType(desc);
        if (rt.getSort() == Type.OBJECT || rt.getSort() == Type.ARRAY) {
            if (!rt.getInternalName().equals("java/lang/Object")) {
                c.add(new TypeInsnNode(CHECKCAST, rt.getInternalName()));
            }
            c.add(new InsnNode(ARETURN));
        } else {
            // A primitive result: a suspended body returns null, which the runtime ignores; give 0.
            LabelNode done = new LabelNode();
            c.add(new InsnNode(DUP));
            c.add(new JumpInsnNode(IFNONNULL, done));
            c.add(new InsnNode(POP));
            c.add(Code.zero(rt));
            c.add(new InsnNode(rt.getOpcode(IRETURN)));
            c.add(done);
            c.add(new FrameNode(F_NEW, locals.size(), locals.toArray(), 1, new Object[] {"java/lang/Object"}));
            c.add(Code.unbox(Code.frameType(rt)));
            c.add(new InsnNode(rt.getOpcode(IRETURN)));
        }
        e.maxLocals = slot;
        return e;
    }

    /** Copies a method's code (instructions, handlers, local variable table) into a new method. */
    static void copyCode(MethodNode from, MethodNode to) {
        from.instructions.resetLabels();
        for (TryCatchBlockNode tc : from.tryCatchBlocks) {
            to.visitTryCatchBlock(tc.start.getLabel(), tc.end.getLabel(), tc.handler.getLabel(), tc.type);
        }
        from.instructions.accept(to);
        if (from.localVariables != null) {
            for (LocalVariableNode lv : from.localVariables) {
                lv.accept(to);
            }
        }
        to.maxLocals = from.maxLocals;
        to.maxStack = from.maxStack;
    }

    /** Shifts every local variable slot of {@code m} by {@code by}, and prefixes its frames' locals. */
    static void shiftLocals(MethodNode m, int by, Object[] prefix) {
        for (AbstractInsnNode insn : m.instructions) {
            if (insn instanceof VarInsnNode v) {
                v.var += by;
            } else if (insn instanceof IincInsnNode i) {
                i.var += by;
            } else if (insn instanceof FrameNode f) {
                List<Object> l = new ArrayList<>(List.of(prefix));
                if (f.local != null) {
                    l.addAll(f.local);
                }
                f.local = l;
            }
        }
        if (m.localVariables != null) {
            for (LocalVariableNode lv : m.localVariables) {
                lv.index += by;
            }
        }
    }

    static Object[] resumeLocals() {
        return RESUME_LOCALS.clone();
    }

    /** The source line of {@code insn}, or -1. */
    static int lineOf(AbstractInsnNode insn) {
        if (insn == null) {
            return -1;
        }
        for (AbstractInsnNode p = insn; p != null; p = p.getPrevious()) {
            if (p instanceof LineNumberNode ln) {
                return ln.line;
            }
        }
        return -1;
    }

    static FieldInsnNode pending() {
        return new FieldInsnNode(GETSTATIC, Names.RUNTIME, Names.RUNTIME_PENDING, "Ljava/lang/Object;");
    }

    static LdcInsnNode resumeHandle(ClassNode cn, String resume, boolean itf) {
        return new LdcInsnNode(new Handle(H_INVOKESTATIC, cn.name, resume, Names.RESUME_DESC, itf));
    }

    static TableSwitchInsnNode tableSwitch(LabelNode dflt, LabelNode[] labels) {
        return new TableSwitchInsnNode(0, labels.length - 1, dflt, labels);
    }
}
