package io.tlsdiag.agent.install;

import io.tlsdiag.agent.advice.ClientAliasAdvice;
import io.tlsdiag.agent.advice.EngineCreationAdvice;
import io.tlsdiag.agent.advice.HttpClientHandshakeAdvice;
import io.tlsdiag.agent.advice.FatalAlertAdvice;
import io.tlsdiag.agent.advice.HostnameVerifierAdvice;
import io.tlsdiag.agent.advice.SocketHandshakeAdvice;
import io.tlsdiag.agent.advice.SocketWriteAdvice;
import io.tlsdiag.agent.advice.TrustManagerAdvice;
import io.tlsdiag.agent.util.AgentLog;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.agent.builder.ResettableClassFileTransformer;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.matcher.ElementMatcher;

import java.lang.instrument.Instrumentation;
import java.security.cert.X509Certificate;

import static net.bytebuddy.matcher.ElementMatchers.declaresMethod;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isBootstrapClassLoader;
import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * Builds the ByteBuddy agent and installs every hook with one {@code installOn}. Matchers are name-exact for JDK
 * classes and method-shape based for application classes (a class that declares {@code checkServerTrusted(X509Certificate[], ...)}),
 * so no type hierarchy is ever resolved while classes load.
 */
public final class HookInstaller {

    /** The longest a TLS-using thread waits at startup for the hooks; past it the application goes on unobserved. */
    static final long GATE_TIMEOUT_MILLIS = 5000;

    private final Instrumentation inst;
    private final boolean debug;
    private volatile ResettableClassFileTransformer transformer;

    public HookInstaller(Instrumentation inst, boolean debug) {
        this.inst = inst;
        this.debug = debug;
    }

    public void installInBackground() {
        final StartupGate gate = new StartupGate(GATE_TIMEOUT_MILLIS);
        inst.addTransformer(gate);
        Thread thread = new Thread(new Runnable() {
            @Override
            public void run() {
                try {
                    installNow();
                } finally {
                    gate.open();
                    inst.removeTransformer(gate);
                }
            }
        }, "tlsdiag-install");
        thread.setDaemon(true);
        gate.setInstallerThread(thread);
        thread.start();
    }

    public void installNow() {
        long start = System.nanoTime();
        try {
            disableNexus();
            transformer = agentBuilder().installOn(inst);
            if (debug) {
                AgentLog.info("hooks installed in " + (System.nanoTime() - start) / 1000000 + " ms");
            }
        } catch (Throwable t) {
            AgentLog.failure("hook installation", t);
        }
    }

    /** Restores every transformed class. Returns false when nothing was installed. */
    public boolean uninstall() {
        ResettableClassFileTransformer t = transformer;
        if (t == null) {
            return false;
        }
        transformer = null;
        return t.reset(inst, AgentBuilder.RedefinitionStrategy.RETRANSFORMATION);
    }

    /**
     * ByteBuddy's Nexus is only needed for self-initializing types, which inlined advice never uses, and setting it
     * up costs startup time. Its switch is a system property whose name moved with the shading relocation, so the
     * key is derived from where ByteBuddy lives in this jar.
     */
    private static void disableNexus() {
        String key = ByteBuddy.class.getPackage().getName() + ".nexus.disabled";
        if (System.getProperty(key) == null) {
            System.setProperty(key, "true");
        }
    }

    private AgentBuilder agentBuilder() {
        return new AgentBuilder.Default(new ByteBuddy().with(TypeValidation.DISABLED))
                .disableClassFormatChanges()
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                // The application keeps loading classes while the hooks install in the background: reiterate over
                // loaded classes until a pass finds nothing new, so none loaded during installation is missed.
                .with(AgentBuilder.RedefinitionStrategy.DiscoveryStrategy.Reiterating.INSTANCE)
                .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
                .with(new FailureListener(debug))
                // Replace ByteBuddy's default, which ignores every bootstrap class: JSSE lives there.
                .ignore(nameStartsWith("io.tlsdiag.agent.").or(nameStartsWith("io.tlsdiag.cli."))
                        .or(nameStartsWith("io.tlsdiag.shaded.")).or(nameStartsWith("net.bytebuddy.")).or(isSynthetic()))
                .or(not(nameStartsWith("sun.security.ssl.").or(nameStartsWith("javax.net.ssl."))),
                        isBootstrapClassLoader())
                .type(named("sun.security.ssl.TransportContext"))
                .transform(advice(FatalAlertAdvice.class, named("fatal").and(takesArguments(4))))
                .type(named("sun.security.ssl.SSLSocketImpl"))
                .transform(advice(SocketHandshakeAdvice.class, named("startHandshake").and(takesArguments(1))))
                .type(named("sun.security.ssl.SSLSocketImpl$AppOutputStream"))
                .transform(advice(SocketWriteAdvice.class, named("write").and(takesArguments(3))))
                .type(named("sun.security.ssl.SSLEngineImpl"))
                .transform(advice(EngineCreationAdvice.class, isConstructor()))
                .type(named("jdk.internal.net.http.common.SSLTube"))
                .transform(advice(HttpClientHandshakeAdvice.class, named("checkForHandshake").and(takesArguments(1))))
                .type(declaresMethod(trustCheck()))
                .transform(advice(TrustManagerAdvice.class, trustCheck()))
                .type(declaresMethod(hostnameCheck()))
                .transform(advice(HostnameVerifierAdvice.class, hostnameCheck()))
                .type(declaresMethod(clientAliasChoice()))
                .transform(advice(ClientAliasAdvice.class, clientAliasChoice()));
    }

    /** {@code X509TrustManager.checkServerTrusted/checkClientTrusted}, all overloads, in any implementation. */
    static ElementMatcher.Junction<MethodDescription> trustCheck() {
        return namedOneOf("checkServerTrusted", "checkClientTrusted")
                .and(takesArgument(0, X509Certificate[].class))
                .and(not(isAbstract()));
    }

    /** {@code HostnameVerifier.verify(String, SSLSession)} in any implementation. */
    static ElementMatcher.Junction<MethodDescription> hostnameCheck() {
        return named("verify")
                .and(takesArguments(String.class, javax.net.ssl.SSLSession.class))
                .and(returns(boolean.class))
                .and(not(isAbstract()));
    }

    /** {@code X509KeyManager.chooseClientAlias / X509ExtendedKeyManager.chooseEngineClientAlias}. */
    static ElementMatcher.Junction<MethodDescription> clientAliasChoice() {
        return namedOneOf("chooseClientAlias", "chooseEngineClientAlias")
                .and(returns(String.class))
                .and(not(isAbstract()));
    }

    private AgentBuilder.Transformer advice(Class<?> adviceClass, ElementMatcher<? super MethodDescription> methods) {
        Advice.WithCustomMapping mapping = Advice.withCustomMapping();
        AgentBuilder.Transformer.ForAdvice forAdvice = new AgentBuilder.Transformer.ForAdvice(mapping)
                .include(HookInstaller.class.getClassLoader());
        if (debug) {
            // Advice swallows its own exceptions (suppress = Throwable); in debug mode they are printed instead,
            // so a hook that silently does nothing (say, a missing class) shows up in tests.
            forAdvice = forAdvice.withExceptionHandler(Advice.ExceptionHandler.Default.PRINTING);
        }
        return forAdvice.advice(methods, adviceClass.getName());
    }

    /** Counts and reports (once) a class the hooks could not be applied to; the class stays as it was. */
    private static final class FailureListener extends AgentBuilder.Listener.Adapter {
        private final boolean debug;

        FailureListener(boolean debug) {
            this.debug = debug;
        }

        @Override
        public void onTransformation(TypeDescription type, ClassLoader loader, net.bytebuddy.utility.JavaModule module,
                                     boolean loaded, net.bytebuddy.dynamic.DynamicType dynamicType) {
            if (debug) {
                AgentLog.info("hooked " + type.getName() + (loaded ? " (retransformed)" : ""));
            }
        }

        @Override
        public void onError(String typeName, ClassLoader classLoader, net.bytebuddy.utility.JavaModule module,
                            boolean loaded, Throwable throwable) {
            AgentLog.failure("instrumenting " + typeName, throwable);
        }
    }
}
