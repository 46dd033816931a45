package dev.deferred.weaver;

import static org.objectweb.asm.Opcodes.*;

import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.commons.AnalyzerAdapter;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FrameNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Builds {@code M$resume} for one body method M (see {@link ClassWeaver}).
 *
 * <p>An await site k, {@code [below..., co, d] invokeinterface Coroutine.await}, becomes:
 * <pre>
 *   invokestatic WovenInline.tryAwait(co, d)     value, or throws the failure, or PENDING
 *   dup; getstatic PENDING; if_acmpne AFTER_k    fired: go on at once, no suspension
 *   pop; spill below... into temporaries; new Object[]{live locals..., below...}
 *   push k; ldc M$resume handle; invokestatic WovenInline.suspend; aconst_null; areturn
 * RESUME_k:   [frame: the locals at the await, stack: below...]  (reached from the prologue)
 *   aload failure; ifnull NOFAIL_k; aload failure; athrow   still inside the await's try ranges
 * NOFAIL_k:  aload value
 * AFTER_k:   [stack: below..., Object] the original code after the await
 * </pre>
 * The prologue switches on the state: 0 restores M's parameters and falls into its code; k
 * restores the locals and the stack below the await from the frame array and jumps to RESUME_k.
 */
final class BodyTransform {
    private final ClassNode cn;
    private final MethodNode body;
    private final String resumeName;
    private final boolean itf;

    BodyTransform(ClassNode cn, MethodNode body, String resumeName, boolean itf) {
        this.cn = cn;
        this.body = body;
        this.resumeName = resumeName;
        this.itf = itf;
    }

    /** What is live at one await site, in verifier types (long/double as one value). */
    private record Site(MethodInsnNode call, List<Object> localTypes, List<Integer> localSlots, List<Object> below,
            List<Object> frameLocals) {}

    /** Adds M$resume to {@code out}; returns the number of await sites woven. */
    int resumeMethod(List<MethodNode> out) {
        MethodNode r = new MethodNode(ACC_PRIVATE | ACC_STATIC | ACC_SYNTHETIC, resumeName, Names.RESUME_DESC, null, null);
        ClassWeaver.copyCode(body, r);
        List<Site> sites = analyse(r);
        int shift = Names.RESUME_PARAMS;
        int temps = body.maxLocals + shift;
        ClassWeaver.shiftLocals(r, shift, ClassWeaver.resumeLocals());
        for (AbstractInsnNode insn : r.instructions.toArray()) {
            int op = insn.getOpcode();
            if (op == IRETURN || op == LRETURN || op == FRETURN || op == DRETURN) {
                r.instructions.insertBefore(insn, Code.boxReturn(op));
                r.instructions.set(insn, new InsnNode(ARETURN));
            }
        }
        LabelNode[] starts = new LabelNode[sites.size() + 1];
        InsnList prologue = new InsnList();
        for (int i = 0; i < starts.length; i++) {
            starts[i] = new LabelNode();
        }
        LabelNode dflt = new LabelNode();
        prologue.add(new VarInsnNode(ILOAD, 1));
        prologue.add(ClassWeaver.tableSwitch(dflt, starts));
        prologue.add(dflt);
        prologue.add(frame(List.of(), List.of()));
        prologue.add(new TypeInsnNode(NEW, "java/lang/IllegalStateException"));
        prologue.add(new InsnNode(DUP));
        prologue.add(new LdcInsnNode("inline body resumed in an unknown state: the class was woven by another version"));
        prologue.add(new MethodInsnNode(INVOKESPECIAL, "java/lang/IllegalStateException", "<init>", "(Ljava/lang/String;)V", false));
        prologue.add(new InsnNode(ATHROW));
        for (int k = 1; k <= sites.size(); k++) {
            Site s = sites.get(k - 1);
            LabelNode resume = new LabelNode();
            prologue.add(starts[k]);
            prologue.add(frame(List.of(), List.of()));
            int idx = 0;
            for (int i = 0; i < s.localTypes.size(); i++) {
                Object t = s.localTypes.get(i);
                restore(prologue, idx++, t);
                prologue.add(Code.store(t, s.localSlots.get(i) + shift));
            }
            for (Object t : s.below) {
                restore(prologue, idx++, t);
            }
            prologue.add(new JumpInsnNode(GOTO, resume));
            rewriteSite(r, s, k, resume, temps);
        }
        // State 0: the body's parameters, then its own code.
        prologue.add(starts[0]);
        prologue.add(frame(List.of(), List.of()));
        Type[] args = Type.getArgumentTypes(ClassWeaver.entryDesc(cn, body));
        int slot = 0;
        for (int i = 0; i < args.length; i++) {
            Object t = Code.frameType(args[i]);
            restore(prologue, i, t);
            prologue.add(Code.store(t, slot + shift));
            slot += args[i].getSize();
        }
        r.instructions.insert(prologue);
        out.add(r);
        return sites.size();
    }

    /** frame[idx] converted to verifier type {@code t}, pushed. */
    private static void restore(InsnList l, int idx, Object t) {
        if (t == NULL) {
            l.add(new InsnNode(ACONST_NULL));
            return;
        }
        l.add(new VarInsnNode(ALOAD, 0));
        l.add(Code.pushInt(idx));
        l.add(new InsnNode(AALOAD));
        l.add(Code.unbox(t));
    }

    private void rewriteSite(MethodNode r, Site s, int k, LabelNode resume, int temps) {
        InsnList l = new InsnList();
        LabelNode after = new LabelNode();
        LabelNode noFailure = new LabelNode();
        l.add(new InsnNode(DUP));
        l.add(ClassWeaver.pending());
        l.add(new JumpInsnNode(IF_ACMPNE, after));
        l.add(new InsnNode(POP));
        int[] tempSlots = new int[s.below.size()];
        int t = temps;
        for (int j = 0; j < s.below.size(); j++) {
            tempSlots[j] = t;
            t += Code.size(s.below.get(j));
        }
        for (int j = s.below.size() - 1; j >= 0; j--) {
            Object ty = s.below.get(j);
            l.add(ty == NULL ? new InsnNode(POP) : Code.store(ty, tempSlots[j]));
        }
        l.add(Code.pushInt(s.localTypes.size() + s.below.size()));
        l.add(new TypeInsnNode(ANEWARRAY, "java/lang/Object"));
        int idx = 0;
        for (int i = 0; i < s.localTypes.size(); i++) {
            save(l, idx++, s.localTypes.get(i), s.localSlots.get(i) + Names.RESUME_PARAMS);
        }
        for (int j = 0; j < s.below.size(); j++) {
            save(l, idx++, s.below.get(j), tempSlots[j]);
        }
        l.add(Code.pushInt(k));
        l.add(ClassWeaver.resumeHandle(cn, resumeName, itf));
        l.add(new MethodInsnNode(INVOKESTATIC, Names.RUNTIME, Names.RUNTIME_SUSPEND, Names.RUNTIME_SUSPEND_DESC, false));
        l.add(new InsnNode(ACONST_NULL));
        l.add(new InsnNode(ARETURN));
        l.add(resume);
        l.add(frame(s.frameLocals, s.below));
        l.add(new VarInsnNode(ALOAD, 3));
        l.add(new JumpInsnNode(IFNULL, noFailure));
        l.add(new VarInsnNode(ALOAD, 3));
        l.add(new InsnNode(ATHROW));
        l.add(noFailure);
        l.add(frame(s.frameLocals, s.below));
        l.add(new VarInsnNode(ALOAD, 2));
        l.add(after);
        List<Object> withValue = new ArrayList<>(s.below);
        withValue.add("java/lang/Object");
        l.add(frame(s.frameLocals, withValue));
        if (frameFollows(s.call)) {
            // The original code has a frame right here (a join point): keep the two frames apart.
            l.add(new InsnNode(NOP));
        }
        MethodInsnNode tryAwait = new MethodInsnNode(INVOKESTATIC, Names.RUNTIME, Names.RUNTIME_TRY_AWAIT,
                Names.RUNTIME_TRY_AWAIT_DESC, false);
        r.instructions.set(s.call, tryAwait);
        r.instructions.insert(tryAwait, l);
    }

    private static boolean frameFollows(AbstractInsnNode call) {
        for (AbstractInsnNode n = call.getNext(); n != null && n.getOpcode() < 0; n = n.getNext()) {
            if (n instanceof FrameNode) {
                return true;
            }
        }
        return false;
    }

    private static void save(InsnList l, int idx, Object t, int slot) {
        l.add(new InsnNode(DUP));
        l.add(Code.pushInt(idx));
        l.add(Code.load(t, slot));
        l.add(Code.box(t));
        l.add(new InsnNode(AASTORE));
    }

    /** A full frame: the resume method's own four locals, then {@code locals} (already shifted form), and {@code stack}. */
    private static FrameNode frame(List<Object> locals, List<Object> stack) {
        List<Object> l = new ArrayList<>(List.of(ClassWeaver.resumeLocals()));
        l.addAll(locals);
        return new FrameNode(F_NEW, l.size(), l.toArray(), stack.size(), stack.toArray());
    }

    /** The live values at each await of {@code r} (still unshifted), from javac's frames; refuses what cannot be saved. */
    private List<Site> analyse(MethodNode r) {
        if ((body.access & ACC_SYNCHRONIZED) != 0) {
            throw refuse(ClassWeaver.firstAwait(r), "is a synchronized method: the body returns from it at each await of"
                    + " an unfired Deferred, which would release the monitor. Drop synchronized and await outside any"
                    + " lock, or use a DeferredLock");
        }
        int[] monitors = MonitorDepth.of(r);
        AnalyzerAdapter a = new AnalyzerAdapter(Opcodes.ASM9, cn.name, body.access, body.name, body.desc, null) {};
        List<Site> sites = new ArrayList<>();
        AbstractInsnNode[] insns = r.instructions.toArray();
        for (int i = 0; i < insns.length; i++) {
            AbstractInsnNode insn = insns[i];
            if (ClassWeaver.isAwait(insn) && a.locals != null) {
                if (monitors[i] > 0) {
                    throw refuse(insn, "awaits inside a synchronized block: the body returns from its method at each"
                            + " await of an unfired Deferred, which would release the monitor. Await outside the"
                            + " synchronized block, or use a DeferredLock");
                }
                sites.add(site((MethodInsnNode) insn, a.locals, a.stack));
            }
            insn.accept(a);
        }
        return sites;
    }

    private Site site(MethodInsnNode call, List<Object> locals, List<Object> stack) {
        List<Object> types = new ArrayList<>();
        List<Integer> slots = new ArrayList<>();
        List<Object> frameLocals = new ArrayList<>();
        for (int i = 0; i < locals.size(); i++) {
            Object t = locals.get(i);
            if (t instanceof LabelNode || t instanceof org.objectweb.asm.Label || t == UNINITIALIZED_THIS) {
                throw refuse(call, "awaits while a local variable holds an object under construction");
            }
            frameLocals.add(t);
            if (t != TOP) {
                types.add(t);
                slots.add(i);
            }
            if (Code.isWide(t)) {
                i++;
            }
        }
        List<Object> below = new ArrayList<>();
        for (int i = 0; i < stack.size() - 2; i++) {
            Object t = stack.get(i);
            if (t instanceof LabelNode || t instanceof org.objectweb.asm.Label || t == UNINITIALIZED_THIS) {
                throw refuse(call, "awaits in the arguments of a constructor call (new Foo(co.await(d)) or similar):"
                        + " the object under construction cannot be saved. Await into a local variable first:"
                        + " var x = co.await(d); new Foo(x)");
            }
            below.add(t);
            if (Code.isWide(t)) {
                i++;
            }
        }
        // Trailing TOPs carry nothing; drop them so the frame is as short as the verifier allows.
        while (!frameLocals.isEmpty() && frameLocals.get(frameLocals.size() - 1) == TOP) {
            frameLocals.remove(frameLocals.size() - 1);
        }
        return new Site(call, types, slots, below, frameLocals);
    }

    private WeaveException refuse(AbstractInsnNode at, String what) {
        int line = ClassWeaver.lineOf(at);
        return new WeaveException("deferred-weaver cannot weave the inline body " + Type.getObjectType(cn.name).getClassName()
                + "." + body.name + (line > 0 ? " (line " + line + ")" : "") + ": it " + what + ".");
    }
}
