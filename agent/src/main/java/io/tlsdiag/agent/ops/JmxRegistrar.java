package io.tlsdiag.agent.ops;

import io.tlsdiag.agent.util.SharedNames;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;

/**
 * The only class that touches {@code java.lang.management}: loaded only when the MXBean is (un)registered, so a
 * runtime without the {@code java.management} module (a jlink'd image) fails there, inside a catch, and nowhere else.
 */
final class JmxRegistrar {

    private JmxRegistrar() {
    }

    /** True when this call registered it; false when something else already has that name. */
    static boolean register(TlsDiagMXBean metrics) throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName(SharedNames.MXBEAN_NAME);
        if (server.isRegistered(name)) {
            return false;
        }
        server.registerMBean(metrics, name);
        return true;
    }

    static void unregister() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName(SharedNames.MXBEAN_NAME);
        if (server.isRegistered(name)) {
            server.unregisterMBean(name);
        }
    }
}
