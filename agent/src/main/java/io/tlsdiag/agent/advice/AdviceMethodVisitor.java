package io.tlsdiag.agent.advice;

import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

import java.util.Map;

/**
 * Writes one {@link MethodAdvice} into one method, with ByteBuddy's ASM and nothing else:
 * <pre>
 *   Bridge.enter(values...);                       // if the advice has an enter call
 *   try {                                          // the method-wide handler is added last, so the method's own
 *       ...original code...                        // handlers keep precedence
 *       Bridge.exit(returned|null, values...);     // before every return
 *       return ...;
 *   } catch (Throwable t) {                        // if the exit call also runs on throw
 *       Bridge.exit(t, values...);
 *       throw t;
 *   }
 * </pre>
 * No local variable is added and no existing frame changes; the handler gets one full frame (the method's
 * parameters as declared, the throwable on the stack). Bridge methods never throw, so the method's exceptions and
 * return values are exactly what they were.
 */
public final class AdviceMethodVisitor extends MethodVisitor {

    private static final String BRIDGE = "io/tlsdiag/bootstrap/Bridge";

    private final MethodAdvice advice;
    private final String owner;
    private final String name;
    private final String descriptor;
    private final Map<String, String> fields;
    private final boolean writeFrames;
    private final Label start = new Label();
    private final Label end = new Label();
    private final Label handler = new Label();

    /**
     * @param fields      the descriptors of the fields the owner declares, by name
     * @param writeFrames whether the class has stack map frames (class file version 50 and later)
     */
    public AdviceMethodVisitor(MethodVisitor next, MethodAdvice advice, String owner, String name, String descriptor,
                               Map<String, String> fields, boolean writeFrames) {
        super(Opcodes.ASM9, next);
        this.advice = advice;
        this.owner = owner;
        this.name = name;
        this.descriptor = descriptor;
        this.fields = fields;
        this.writeFrames = writeFrames;
    }

    @Override
    public void visitCode() {
        super.visitCode();
        if (advice.enter != null) {
            call(advice.enter, false);
        }
        if (advice.exitOnThrow) {
            super.visitLabel(start);
        }
    }

    @Override
    public void visitInsn(int opcode) {
        if (advice.exitOnReturn && opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN) {
            Value first = advice.exit.values[0];
            if (first.kind == Value.Kind.RETURNED) {
                Type returned = Type.getReturnType(descriptor);
                super.visitInsn(returned.getSize() == 2 ? Opcodes.DUP2 : Opcodes.DUP);
            } else if (first.kind == Value.Kind.THROWN) {
                super.visitInsn(Opcodes.ACONST_NULL);
            }
            call(advice.exit, true);
        }
        super.visitInsn(opcode);
    }

    @Override
    public void visitMaxs(int maxStack, int maxLocals) {
        if (advice.exitOnThrow) {
            super.visitLabel(end);
            super.visitTryCatchBlock(start, end, handler, "java/lang/Throwable");
            super.visitLabel(handler);
            if (writeFrames) {
                Object[] locals = parameterFrame();
                super.visitFrame(Opcodes.F_FULL, locals.length, locals, 1, new Object[] {"java/lang/Throwable"});
            }
            super.visitInsn(Opcodes.DUP);
            call(advice.exit, true);
            super.visitInsn(Opcodes.ATHROW);
        }
        super.visitMaxs(maxStack + extraStack(), maxLocals);
    }

    /** Pushes the call's values (the first one already on the stack when it is the returned or thrown value). */
    private void call(BridgeCall call, boolean exit) {
        Type[] args = Type.getArgumentTypes(descriptor);
        for (int i = 0; i < call.values.length; i++) {
            Value v = call.values[i];
            switch (v.kind) {
                case SELF:
                    super.visitVarInsn(Opcodes.ALOAD, 0);
                    break;
                case ARGUMENT:
                    loadArgument(args, v.index);
                    convert(args[v.index], v.type);
                    break;
                case ALL_ARGUMENTS:
                    pushInt(args.length);
                    super.visitTypeInsn(Opcodes.ANEWARRAY, "java/lang/Object");
                    for (int a = 0; a < args.length; a++) {
                        super.visitInsn(Opcodes.DUP);
                        pushInt(a);
                        loadArgument(args, a);
                        convert(args[a], Object.class);
                        super.visitInsn(Opcodes.AASTORE);
                    }
                    break;
                case FIELD:
                    // Only fields the class declares (checked by MethodAdvice.misfit), read from this.
                    super.visitVarInsn(Opcodes.ALOAD, 0);
                    super.visitFieldInsn(Opcodes.GETFIELD, owner, v.field, fieldDescriptor(v));
                    convert(Type.getType(fieldDescriptor(v)), v.type);
                    break;
                case METHOD_NAME:
                    super.visitLdcInsn(name);
                    break;
                case RETURNED:
                    convert(Type.getReturnType(descriptor), v.type);
                    break;
                case THROWN:
                    break; // on the stack already: the handler's throwable, or null on a normal return
                default:
                    throw new IllegalStateException(v.toString());
            }
        }
        super.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, call.method, call.descriptor(), false);
    }

    private String fieldDescriptor(Value v) {
        return fields.get(v.field);
    }

    private void loadArgument(Type[] args, int index) {
        int slot = 1;
        for (int i = 0; i < index; i++) {
            slot += args[i].getSize();
        }
        super.visitVarInsn(args[index].getOpcode(Opcodes.ILOAD), slot);
    }

    /** Boxes a primitive passed as a reference; anything else already fits (see MethodAdvice.fits). */
    private void convert(Type source, Class<?> target) {
        if (target.isPrimitive() || source.getSort() >= Type.ARRAY) {
            return;
        }
        String box;
        switch (source.getSort()) {
            case Type.BOOLEAN: box = "java/lang/Boolean"; break;
            case Type.CHAR: box = "java/lang/Character"; break;
            case Type.BYTE: box = "java/lang/Byte"; break;
            case Type.SHORT: box = "java/lang/Short"; break;
            case Type.INT: box = "java/lang/Integer"; break;
            case Type.FLOAT: box = "java/lang/Float"; break;
            case Type.LONG: box = "java/lang/Long"; break;
            case Type.DOUBLE: box = "java/lang/Double"; break;
            default: return;
        }
        super.visitMethodInsn(Opcodes.INVOKESTATIC, box, "valueOf", "(" + source.getDescriptor() + ")L" + box + ";",
                false);
    }

    private void pushInt(int value) {
        if (value <= 5) {
            super.visitInsn(Opcodes.ICONST_0 + value);
        } else {
            super.visitIntInsn(Opcodes.BIPUSH, value);
        }
    }

    /** The handler's locals: this and the parameters, as the method declares them. */
    private Object[] parameterFrame() {
        Type[] args = Type.getArgumentTypes(descriptor);
        Object[] locals = new Object[args.length + 1];
        locals[0] = owner;
        for (int i = 0; i < args.length; i++) {
            locals[i + 1] = frameType(args[i]);
        }
        return locals;
    }

    /** A type as a stack map frame lists it (ASM's representation). */
    public static Object frameType(Type t) {
        switch (t.getSort()) {
            case Type.BOOLEAN:
            case Type.CHAR:
            case Type.BYTE:
            case Type.SHORT:
            case Type.INT:
                return Opcodes.INTEGER;
            case Type.FLOAT:
                return Opcodes.FLOAT;
            case Type.LONG:
                return Opcodes.LONG;
            case Type.DOUBLE:
                return Opcodes.DOUBLE;
            default:
                return t.getInternalName();
        }
    }

    /** Stack our code needs on top of the method's own: a duplicated return value and the call's values. */
    private int extraStack() {
        int extra = 2;
        for (BridgeCall call : advice.calls()) {
            int slots = 2;
            for (Value v : call.values) {
                slots += v.kind == Value.Kind.ALL_ARGUMENTS ? 6 : 2;
            }
            extra = Math.max(extra, slots + 2);
        }
        return extra;
    }
}
