package io.tlsdiag.agent.install;

import io.tlsdiag.agent.hook.Hooks;
import io.tlsdiag.bootstrap.Bridge;

/**
 * Connects the hooks to the bridge. A class of its own, loaded only after {@link BootBridge} defined the bridge in
 * the boot loader: verifying a class that passes {@code Hooks} as a {@code HookTarget} loads {@code HookTarget}, and
 * had that happened earlier, the application class loader would have loaded its own copy from the agent jar.
 */
final class BridgeConnection {

    private BridgeConnection() {
    }

    static void connect() {
        Bridge.connect(Hooks.INSTANCE);
    }
}
