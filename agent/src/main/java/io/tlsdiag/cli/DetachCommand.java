package io.tlsdiag.cli;

import io.tlsdiag.agent.util.SharedNames;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code detach <pid>}: removes the hooks (classes are restored) and stops writing incidents. */
@Command(name = "detach", mixinStandardHelpOptions = true,
        description = {"Remove tlsdiag's hooks from a running JVM.", "",
            "Restores every class tlsdiag changed in JVM <pid> and stops writing incidents. A later attach switches "
                + "it on again.", ""})
final class DetachCommand extends CliCommand {

    @Parameters(index = "0", paramLabel = "<pid>", description = "the JVM's process id")
    String pid;

    @Override
    int run() throws Exception {
        if (Jvms.properties(pid).getProperty(SharedNames.ACTIVE_PROPERTY) == null) {
            out.println("tlsdiag is not active in JVM " + pid + "; nothing to detach");
            return 0;
        }
        Jvms.loadAgent(pid, Main.agentJar(), SharedNames.COMMAND + "=" + SharedNames.COMMAND_DETACH);
        if (Jvms.properties(pid).getProperty(SharedNames.ACTIVE_PROPERTY) != null) {
            throw new CliException("JVM " + pid + " still reports tlsdiag as active; its stderr says why");
        }
        out.println("tlsdiag detached from JVM " + pid + ": hooks removed, no more incidents are written");
        return 0;
    }
}
