package io.tlsdiag.bootstrap;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The one class woven code calls: {@code invokestatic io/tlsdiag/bootstrap/Bridge.<hook>(...)}, typed, resolved by
 * the JVM once per call site.
 *
 * <p>Woven JDK classes live in the boot class loader and see nothing else, so this class and {@link HookTarget} are
 * defined there (see {@code io.tlsdiag.agent.install.BootBridge}); the agent connects its hooks here when it installs
 * them. Each method
 * returns at once when nothing is connected, and never throws: a hook's failure is counted and handed to
 * {@link HookTarget#hookFailed}, and the host's own exception or return value is untouched by the woven code.
 */
public final class Bridge {

    private static volatile HookTarget target;
    private static final AtomicLong FAILURES = new AtomicLong();

    private Bridge() {
    }

    /** Connects the agent's hooks (null disconnects them). */
    public static void connect(HookTarget hooks) {
        target = hooks;
    }

    /** How many hook calls threw since the JVM started. */
    public static long failures() {
        return FAILURES.get();
    }

    public static void trustChecked(Throwable thrown, Object trustManager, String method, Object[] arguments) {
        HookTarget t = target;
        if (t != null) {
            try {
                t.trustChecked(thrown, trustManager, method, arguments);
            } catch (Throwable e) {
                failed(t, "trustChecked", e);
            }
        }
    }

    public static void fatalStarted(Object transport, Object closeReason, boolean negotiated, Object handshakeContext,
                                    Object sslContext) {
        HookTarget t = target;
        if (t != null) {
            try {
                t.fatalStarted(transport, closeReason, negotiated, handshakeContext, sslContext);
            } catch (Throwable e) {
                failed(t, "fatalStarted", e);
            }
        }
    }

    public static void fatalEnded(Throwable thrown, Object alert, String diagnostic, boolean received,
                                  Throwable cause) {
        HookTarget t = target;
        if (t != null) {
            try {
                t.fatalEnded(thrown, alert, diagnostic, received, cause);
            } catch (Throwable e) {
                failed(t, "fatalEnded", e);
            }
        }
    }

    public static void socketHandshakeThrew(Throwable thrown, Object socket) {
        HookTarget t = target;
        if (t != null) {
            try {
                t.socketHandshakeThrew(thrown, socket);
            } catch (Throwable e) {
                failed(t, "socketHandshakeThrew", e);
            }
        }
    }

    public static void socketWriteThrew(Throwable thrown, Object socket) {
        HookTarget t = target;
        if (t != null) {
            try {
                t.socketWriteThrew(thrown, socket);
            } catch (Throwable e) {
                failed(t, "socketWriteThrew", e);
            }
        }
    }

    public static void tlsContextCreated(Object context) {
        HookTarget t = target;
        if (t != null) {
            try {
                t.tlsContextCreated(context);
            } catch (Throwable e) {
                failed(t, "tlsContextCreated", e);
            }
        }
    }

    public static void engineFromContext(Object engineOrHandler, Object context) {
        HookTarget t = target;
        if (t != null) {
            try {
                t.engineFromContext(engineOrHandler, context);
            } catch (Throwable e) {
                failed(t, "engineFromContext", e);
            }
        }
    }

    public static void channelCreated(Object channel, Object parent) {
        HookTarget t = target;
        if (t != null) {
            try {
                t.channelCreated(channel, parent);
            } catch (Throwable e) {
                failed(t, "channelCreated", e);
            }
        }
    }

    public static void sslHandlerAdded(Object handler, Object channelHandlerContext) {
        HookTarget t = target;
        if (t != null) {
            try {
                t.sslHandlerAdded(handler, channelHandlerContext);
            } catch (Throwable e) {
                failed(t, "sslHandlerAdded", e);
            }
        }
    }

    public static void requestSubmitted(Object request) {
        HookTarget t = target;
        if (t != null) {
            try {
                t.requestSubmitted(request);
            } catch (Throwable e) {
                failed(t, "requestSubmitted", e);
            }
        }
    }

    public static void connectionRequested(Object handOff) {
        HookTarget t = target;
        if (t != null) {
            try {
                t.connectionRequested(handOff);
            } catch (Throwable e) {
                failed(t, "connectionRequested", e);
            }
        }
    }

    public static void handOffWorkStarting(Object handOff) {
        HookTarget t = target;
        if (t != null) {
            try {
                t.handOffWorkStarting(handOff);
            } catch (Throwable e) {
                failed(t, "handOffWorkStarting", e);
            }
        }
    }

    public static void handOffWorkEnded(Throwable thrown, Object handOff) {
        HookTarget t = target;
        if (t != null) {
            try {
                t.handOffWorkEnded(thrown, handOff);
            } catch (Throwable e) {
                failed(t, "handOffWorkEnded", e);
            }
        }
    }

    public static void tlsSessionClosing(Object engine, boolean endOfStream) {
        HookTarget t = target;
        if (t != null) {
            try {
                t.tlsSessionClosing(engine, endOfStream);
            } catch (Throwable e) {
                failed(t, "tlsSessionClosing", e);
            }
        }
    }

    public static void engineCreated(Object engine) {
        HookTarget t = target;
        if (t != null) {
            try {
                t.engineCreated(engine);
            } catch (Throwable e) {
                failed(t, "engineCreated", e);
            }
        }
    }

    public static void engineThrew(Throwable thrown, Object engine) {
        HookTarget t = target;
        if (t != null) {
            try {
                t.engineThrew(thrown, engine);
            } catch (Throwable e) {
                failed(t, "engineThrew", e);
            }
        }
    }

    public static void engineClosing(Object engine, String method) {
        HookTarget t = target;
        if (t != null) {
            try {
                t.engineClosing(engine, method);
            } catch (Throwable e) {
                failed(t, "engineClosing", e);
            }
        }
    }

    public static void engineClosed(Throwable thrown, Object engine) {
        HookTarget t = target;
        if (t != null) {
            try {
                t.engineClosed(thrown, engine);
            } catch (Throwable e) {
                failed(t, "engineClosed", e);
            }
        }
    }

    public static void sslExceptionCreated(Object exception) {
        HookTarget t = target;
        if (t != null) {
            try {
                t.sslExceptionCreated(exception);
            } catch (Throwable e) {
                failed(t, "sslExceptionCreated", e);
            }
        }
    }

    public static void httpClientHandshakeChecked(Throwable result, Object engine, Throwable upstream) {
        HookTarget t = target;
        if (t != null) {
            try {
                t.httpClientHandshakeChecked(result, engine, upstream);
            } catch (Throwable e) {
                failed(t, "httpClientHandshakeChecked", e);
            }
        }
    }

    public static void httpsHostnameChecked(Throwable thrown, Object verifier, Object session) {
        HookTarget t = target;
        if (t != null) {
            try {
                t.httpsHostnameChecked(thrown, verifier, session);
            } catch (Throwable e) {
                failed(t, "httpsHostnameChecked", e);
            }
        }
    }

    public static void hostnameVerified(boolean verified, Object verifier, String host, Object session) {
        HookTarget t = target;
        if (t != null) {
            try {
                t.hostnameVerified(verified, verifier, host, session);
            } catch (Throwable e) {
                failed(t, "hostnameVerified", e);
            }
        }
    }

    public static void clientAliasChosen(String alias, Object keyManager, Object[] arguments) {
        HookTarget t = target;
        if (t != null) {
            try {
                t.clientAliasChosen(alias, keyManager, arguments);
            } catch (Throwable e) {
                failed(t, "clientAliasChosen", e);
            }
        }
    }

    private static void failed(HookTarget t, String hook, Throwable e) {
        FAILURES.incrementAndGet();
        try {
            t.hookFailed(hook, e);
        } catch (Throwable ignored) {
            // The failure is counted; reporting it failed too, and the host must not see either.
        }
    }
}
