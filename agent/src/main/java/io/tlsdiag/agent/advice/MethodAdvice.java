package io.tlsdiag.agent.advice;

import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Which methods one hook applies to, and the bridge calls woven into them: at entry, at every normal return, and in a
 * handler for any throwable leaving the method (rethrown unchanged). Pure description; {@link AdviceMethodVisitor}
 * writes the bytecode.
 */
public final class MethodAdvice {

    private final List<String> names;
    private final int arguments;
    private final String descriptorPrefix;
    private final String descriptorSuffix;
    final BridgeCall enter;
    final BridgeCall exit;
    final boolean exitOnReturn;
    final boolean exitOnThrow;

    private MethodAdvice(List<String> names, int arguments, String descriptorPrefix, String descriptorSuffix,
                         BridgeCall enter, BridgeCall exit, boolean exitOnReturn, boolean exitOnThrow) {
        this.names = names;
        this.arguments = arguments;
        this.descriptorPrefix = descriptorPrefix;
        this.descriptorSuffix = descriptorSuffix;
        this.enter = enter;
        this.exit = exit;
        this.exitOnReturn = exitOnReturn;
        this.exitOnThrow = exitOnThrow;
    }

    /** Methods with one of these names (constructors: {@code <init>}), non-static, non-abstract. */
    static MethodAdvice on(String... names) {
        return new MethodAdvice(Arrays.asList(names), -1, "(", "", null, null, false, false);
    }

    MethodAdvice arguments(int count) {
        return new MethodAdvice(names, count, descriptorPrefix, descriptorSuffix, enter, exit, exitOnReturn, exitOnThrow);
    }

    /** Descriptor starts with this, e.g. {@code ([Ljava/security/cert/X509Certificate;}. */
    MethodAdvice descriptorStarting(String prefix) {
        return new MethodAdvice(names, arguments, prefix, descriptorSuffix, enter, exit, exitOnReturn, exitOnThrow);
    }

    /** Descriptor ends with this, e.g. {@code )Ljava/lang/String;}. */
    MethodAdvice descriptorEnding(String suffix) {
        return new MethodAdvice(names, arguments, descriptorPrefix, suffix, enter, exit, exitOnReturn, exitOnThrow);
    }

    MethodAdvice atEnter(String method, Value... values) {
        return new MethodAdvice(names, arguments, descriptorPrefix, descriptorSuffix, new BridgeCall(method, values),
                exit, exitOnReturn, exitOnThrow);
    }

    /** At every normal return. */
    MethodAdvice atReturn(String method, Value... values) {
        return withExit(new BridgeCall(method, values), true, false);
    }

    /** When a throwable leaves the method; the first value must be {@link Value#thrown()}. */
    MethodAdvice atThrow(String method, Value... values) {
        return withExit(new BridgeCall(method, values), false, true);
    }

    /** At every normal return (thrown is null) and when a throwable leaves; the first value is {@link Value#thrown()}. */
    MethodAdvice atExit(String method, Value... values) {
        return withExit(new BridgeCall(method, values), true, true);
    }

    private MethodAdvice withExit(BridgeCall call, boolean onReturn, boolean onThrow) {
        return new MethodAdvice(names, arguments, descriptorPrefix, descriptorSuffix, enter, call, onReturn, onThrow);
    }

    /** The bridge calls this advice makes (for the binding test). */
    public List<BridgeCall> calls() {
        return enter == null ? Arrays.asList(exit) : exit == null ? Arrays.asList(enter) : Arrays.asList(enter, exit);
    }

    public boolean matches(int access, String name, String descriptor) {
        return (access & (Opcodes.ACC_STATIC | Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE | Opcodes.ACC_BRIDGE)) == 0
                && names.contains(name) && descriptor.startsWith(descriptorPrefix)
                && descriptor.endsWith(descriptorSuffix)
                && (arguments < 0 || Type.getArgumentTypes(descriptor).length == arguments);
    }

    /**
     * Why this method's shape does not fit the values (a missing field, an argument or return value of another type),
     * or null when it fits. Checked for every woven method, so a JDK that changed a hooked method is left unhooked
     * rather than broken.
     */
    public String misfit(String name, String descriptor, Map<String, String> ownFields) {
        if (name.equals("<init>") && exitOnThrow) {
            return "a constructor's handler would see an uninitialised this";
        }
        Type[] args = Type.getArgumentTypes(descriptor);
        for (BridgeCall call : calls()) {
            if (!call.available()) {
                // woven code would throw NoSuchMethodError into the application
                return "the bridge in the boot loader (an earlier tlsdiag's, attached before) has no " + call.method;
            }
        }
        for (BridgeCall call : calls()) {
            for (int i = 0; i < call.values.length; i++) {
                Value v = call.values[i];
                String source;
                switch (v.kind) {
                    case ARGUMENT:
                        source = v.index < args.length ? args[v.index].getDescriptor() : null;
                        break;
                    case FIELD:
                        source = ownFields.get(v.field);
                        break;
                    case RETURNED:
                        source = i == 0 && call == exit && exitOnReturn && !exitOnThrow
                                ? Type.getReturnType(descriptor).getDescriptor() : null;
                        break;
                    case THROWN:
                        source = i == 0 && call == exit && exitOnThrow ? "Ljava/lang/Throwable;" : null;
                        break;
                    case SELF:
                        source = name.equals("<init>") && call == enter ? null : "Ljava/lang/Object;";
                        break;
                    default:
                        source = Descriptors.of(v.type);
                }
                if (source == null || !fits(source, v.type)) {
                    return call + ": " + v + " is " + (source == null ? "not available" : source);
                }
            }
        }
        return null;
    }

    /** A value of JVM type {@code source} can be passed as {@code target} without a cast. */
    static boolean fits(String source, Class<?> target) {
        if (source.equals(Descriptors.of(target))) {
            return true;
        }
        if (target == Object.class) {
            return !source.equals("V");
        }
        return target == Object[].class && source.startsWith("[") && source.length() > 2;
    }
}
