package dev.deferred.weaver;

import static org.objectweb.asm.Opcodes.*;

import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.IntInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Small code generators over verifier types (the values of a stack-map frame: {@link org.objectweb.asm.Opcodes#INTEGER}
 * and the other primitive items, {@code NULL}, or an internal class name / array descriptor).
 */
final class Code {
    private Code() {}

    static AbstractInsnNode pushInt(int v) {
        if (v >= -1 && v <= 5) {
            return new InsnNode(ICONST_0 + v);
        }
        if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) {
            return new IntInsnNode(BIPUSH, v);
        }
        if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
            return new IntInsnNode(SIPUSH, v);
        }
        return new LdcInsnNode(v);
    }

    /** The frame item of a value of Java type {@code t}. */
    static Object frameType(Type t) {
        return switch (t.getSort()) {
            case Type.BOOLEAN, Type.BYTE, Type.CHAR, Type.SHORT, Type.INT -> INTEGER;
            case Type.FLOAT -> FLOAT;
            case Type.LONG -> LONG;
            case Type.DOUBLE -> DOUBLE;
            default -> t.getInternalName();
        };
    }

    static boolean isWide(Object ft) {
        return ft == LONG || ft == DOUBLE;
    }

    static int size(Object ft) {
        return isWide(ft) ? 2 : 1;
    }

    /** Loads a local of frame type {@code ft} (a {@code NULL} one as the constant). */
    static AbstractInsnNode load(Object ft, int slot) {
        if (ft == NULL) {
            return new InsnNode(ACONST_NULL);
        }
        return new VarInsnNode(ft == INTEGER ? ILOAD : ft == FLOAT ? FLOAD : ft == LONG ? LLOAD : ft == DOUBLE ? DLOAD : ALOAD, slot);
    }

    static AbstractInsnNode store(Object ft, int slot) {
        return new VarInsnNode(ft == INTEGER ? ISTORE : ft == FLOAT ? FSTORE : ft == LONG ? LSTORE : ft == DOUBLE ? DSTORE : ASTORE, slot);
    }

    /** Boxes the value on top of the stack into an Object (references are left as they are). */
    static InsnList box(Object ft) {
        InsnList l = new InsnList();
        if (ft == INTEGER) {
            l.add(new MethodInsnNode(INVOKESTATIC, "java/lang/Integer", "valueOf", "(I)Ljava/lang/Integer;", false));
        } else if (ft == FLOAT) {
            l.add(new MethodInsnNode(INVOKESTATIC, "java/lang/Float", "valueOf", "(F)Ljava/lang/Float;", false));
        } else if (ft == LONG) {
            l.add(new MethodInsnNode(INVOKESTATIC, "java/lang/Long", "valueOf", "(J)Ljava/lang/Long;", false));
        } else if (ft == DOUBLE) {
            l.add(new MethodInsnNode(INVOKESTATIC, "java/lang/Double", "valueOf", "(D)Ljava/lang/Double;", false));
        }
        return l;
    }

    /**
     * Turns the Object on top of the stack back into a value of frame type {@code ft}. Every
     * int-like value (boolean, byte, char, short, int) was boxed as an Integer by {@link #box}.
     */
    static InsnList unbox(Object ft) {
        InsnList l = new InsnList();
        if (ft == INTEGER) {
            l.add(new TypeInsnNode(CHECKCAST, "java/lang/Integer"));
            l.add(new MethodInsnNode(INVOKEVIRTUAL, "java/lang/Integer", "intValue", "()I", false));
        } else if (ft == FLOAT) {
            l.add(new TypeInsnNode(CHECKCAST, "java/lang/Float"));
            l.add(new MethodInsnNode(INVOKEVIRTUAL, "java/lang/Float", "floatValue", "()F", false));
        } else if (ft == LONG) {
            l.add(new TypeInsnNode(CHECKCAST, "java/lang/Long"));
            l.add(new MethodInsnNode(INVOKEVIRTUAL, "java/lang/Long", "longValue", "()J", false));
        } else if (ft == DOUBLE) {
            l.add(new TypeInsnNode(CHECKCAST, "java/lang/Double"));
            l.add(new MethodInsnNode(INVOKEVIRTUAL, "java/lang/Double", "doubleValue", "()D", false));
        } else if (ft == NULL) {
            l.add(new InsnNode(POP));
            l.add(new InsnNode(ACONST_NULL));
        } else if (ft instanceof String s && !s.equals("java/lang/Object")) {
            l.add(new TypeInsnNode(CHECKCAST, s));
        }
        return l;
    }

    /** Boxes a body's primitive return value (the resume method returns an Object). */
    static InsnList boxReturn(int returnOpcode) {
        return switch (returnOpcode) {
            case IRETURN -> box(INTEGER);
            case FRETURN -> box(FLOAT);
            case LRETURN -> box(LONG);
            case DRETURN -> box(DOUBLE);
            default -> new InsnList();
        };
    }

    static AbstractInsnNode zero(Type t) {
        return switch (t.getSort()) {
            case Type.FLOAT -> new InsnNode(FCONST_0);
            case Type.LONG -> new InsnNode(LCONST_0);
            case Type.DOUBLE -> new InsnNode(DCONST_0);
            default -> new InsnNode(ICONST_0);
        };
    }
}
