package io.tlsdiag.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tlsdiag.agent.util.SharedNames;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.File;

/** {@code show <file|id>}: one incident, explained for a person. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = {"Explain one incident (a file, or an id in ./" + SharedNames.DEFAULT_OUTPUT + ").", "",
            "Prints what happened, the chain with the certificate at fault marked, the trust used, where the "
                + "application made the call, and what to do. Colour only on a terminal, and never with NO_COLOR "
                + "set.", ""})
final class ShowCommand extends CliCommand {

    @Parameters(index = "0", paramLabel = "<file | id>", description = "an incident file, or its id (file name "
        + "without " + SharedNames.INCIDENT_SUFFIX + ") in DIR")
    String incident;

    @Option(names = "--dir", paramLabel = "DIR", description = "where to look for an id (default: "
        + SharedNames.DEFAULT_OUTPUT + " in this directory)")
    File dir = new File(SharedNames.DEFAULT_OUTPUT);

    @Override
    int run() throws Exception {
        File f = new File(incident);
        if (!f.isFile()) {
            f = new File(dir, incident.endsWith(SharedNames.INCIDENT_SUFFIX) ? incident
                    : incident + SharedNames.INCIDENT_SUFFIX);
        }
        if (!f.isFile()) {
            throw new CliException("no incident '" + incident + "' (looked for a file, and in "
                    + dir.getAbsolutePath() + ")");
        }
        out.print(IncidentText.render(new ObjectMapper().readTree(f), Terminal.forStream(out)));
        return 0;
    }
}
