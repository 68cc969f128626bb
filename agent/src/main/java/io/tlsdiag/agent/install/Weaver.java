package io.tlsdiag.agent.install;

import net.bytebuddy.ByteBuddy;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.scaffold.InstrumentedType;
import net.bytebuddy.dynamic.scaffold.MethodGraph;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.pool.TypePool;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Inlines advice into one class file with ByteBuddy, without its AgentBuilder: the class is described from its own
 * bytes, its shape is frozen (retransformation may not add members) and only declared methods are considered, so no
 * super type is resolved. This keeps the part of ByteBuddy that ever loads small.
 */
final class Weaver {

    /** Created on first use, so that premain loads no ByteBuddy class. */
    private volatile ByteBuddy byteBuddy;
    private final Map<HookPoint, AsmVisitorWrapper> advice = new EnumMap<HookPoint, AsmVisitorWrapper>(HookPoint.class);
    private final boolean debug;

    Weaver(boolean debug) {
        this.debug = debug;
    }

    /** The woven class, or null when none of the points' methods is declared here (an interface, a caller). */
    byte[] weave(String internalName, byte[] bytes, ClassLoader loader, List<HookPoint> points) {
        String name = internalName.replace('/', '.');
        ClassFileLocator locator = new ClassFileLocator.Compound(ClassFileLocator.Simple.of(name, bytes),
                loader == null ? ClassFileLocator.ForClassLoader.ofBootLoader() : ClassFileLocator.ForClassLoader.of(loader));
        TypePool pool = new TypePool.Default.WithLazyResolution(new TypePool.CacheProvider.Simple(), locator,
                TypePool.Default.ReaderMode.FAST);
        TypeDescription type = pool.describe(name).resolve();
        DynamicType.Builder<?> builder = null;
        for (HookPoint p : points) {
            if (type.getDeclaredMethods().filter(p.methods()).isEmpty()) {
                continue;
            }
            builder = (builder == null ? byteBuddy().redefine(type, locator) : builder).visit(adviceFor(p));
        }
        return builder == null ? null : builder.make().getBytes();
    }

    private ByteBuddy byteBuddy() {
        ByteBuddy b = byteBuddy;
        if (b == null) {
            b = new ByteBuddy()
                    .with(TypeValidation.DISABLED)
                    .with(Implementation.Context.Disabled.Factory.INSTANCE)
                    .with(InstrumentedType.Factory.Default.FROZEN)
                    .with(MethodGraph.Compiler.ForDeclaredMethods.INSTANCE);
            byteBuddy = b;
        }
        return b;
    }

    private synchronized AsmVisitorWrapper adviceFor(HookPoint p) {
        AsmVisitorWrapper w = advice.get(p);
        if (w == null) {
            Advice a = Advice.to(p.advice);
            if (debug) {
                // Advice swallows its own exceptions (suppress = Throwable); in debug mode they are printed, so a
                // hook that silently does nothing (a missing class, a changed field) shows up in tests.
                a = a.withExceptionHandler(Advice.ExceptionHandler.Default.PRINTING);
            }
            w = a.on(p.methods());
            advice.put(p, w);
        }
        return w;
    }
}
