package io.tlsdiag.cli;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The perf-data reader on this very JVM's own file, as {@code list} reads other JVMs' without the attach API. */
class PerfDataTest {

    @Test
    void readsThisJvmsCommandAndAttachCapability() {
        String pid = String.valueOf(ProcessHandle.current().pid());
        PerfData self = PerfData.of(SocketAttach.targetTmp(pid), pid);
        assertNotNull(self, "this JVM's hsperfdata file (UsePerfData is on by default)");
        String java = ManagementFactory.getRuntimeMXBean().getInputArguments().toString();
        assertTrue(self.attachable() != java.contains("DisableAttachMechanism"), self.strings.toString());
        assertTrue(!self.command().isEmpty(), "the main class or jar: " + self.strings.get("sun.rt.javaCommand"));
        assertTrue(PerfData.all(SocketAttach.targetTmp(pid)).stream().anyMatch(p -> p.pid.equals(pid)));
        assertTrue(PerfData.parse("1", new byte[64]) == null, "not a perf-data file");
        assertTrue(new File("/tmp").isDirectory());
    }
}
