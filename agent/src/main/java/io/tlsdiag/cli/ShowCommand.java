package io.tlsdiag.cli;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.File;
import java.io.PrintStream;

/** {@code show <file|id>}: one incident, explained for a person. */
final class ShowCommand implements Main.Command {

    @Override
    public String summary() {
        return "explain one incident (a file, or an id in ./tlsdiag-incidents)";
    }

    @Override
    public String usage() {
        return "usage: tlsdiag show <file | id> [--dir DIR]\n"
                + "  Prints what happened, the chain with the certificate at fault marked, the trust used, where the\n"
                + "  application made the call, and what to do. Colour only on a terminal, and never with NO_COLOR set.";
    }

    @Override
    public int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        if (args.length == 0) {
            throw new CliException("show which incident? " + usage());
        }
        File dir = new File("tlsdiag-incidents");
        if (args.length == 3 && args[1].equals("--dir")) {
            dir = new File(args[2]);
        }
        File f = new File(args[0]);
        if (!f.isFile()) {
            f = new File(dir, args[0].endsWith(".json") ? args[0] : args[0] + ".json");
        }
        if (!f.isFile()) {
            throw new CliException("no incident '" + args[0] + "' (looked for a file, and in " + dir.getAbsolutePath()
                    + ")");
        }
        out.print(IncidentText.render(new ObjectMapper().readTree(f), Terminal.forStream(out)));
        return 0;
    }
}
