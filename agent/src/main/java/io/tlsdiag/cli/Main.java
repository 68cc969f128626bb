package io.tlsdiag.cli;

import java.io.File;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code java -jar tlsdiag.jar <command>}: lists the commands; each lives in its own class. */
public final class Main {

    interface Command {
        String summary();

        /** Full usage text, printed for {@code --help}. */
        String usage();

        int run(String[] args, PrintStream out, PrintStream err) throws Exception;
    }

    static final Map<String, Command> COMMANDS = new LinkedHashMap<String, Command>();

    static {
        COMMANDS.put("list", new ListCommand());
        COMMANDS.put("attach", new AttachCommand());
        COMMANDS.put("detach", new DetachCommand());
        COMMANDS.put("status", new StatusCommand());
        COMMANDS.put("probe", new ProbeCommand());
        COMMANDS.put("report", new ReportCommand());
        COMMANDS.put("show", new ShowCommand());
    }

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            usage(args.length == 0 ? err : out);
            return args.length == 0 ? 2 : 0;
        }
        Command command = COMMANDS.get(args[0]);
        if (command == null) {
            err.println("tlsdiag: unknown command '" + args[0] + "'");
            usage(err);
            return 2;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        if (Arrays.asList(rest).contains("--help") || Arrays.asList(rest).contains("-h")) {
            out.println(command.usage());
            return 0;
        }
        try {
            return command.run(rest, out, err);
        } catch (CliException e) {
            err.println("tlsdiag " + args[0] + ": " + e.getMessage());
            return e.exitCode();
        } catch (Exception e) {
            err.println("tlsdiag " + args[0] + ": " + e);
            return 2;
        }
    }

    private static void usage(PrintStream out) {
        out.println("tlsdiag: explains TLS handshake failures inside the JVM");
        out.println();
        out.println("As an agent:  java -javaagent:tlsdiag.jar[=output=DIR] -jar your-app.jar");
        out.println("Commands:     java -jar tlsdiag.jar <command> [--help]");
        for (Map.Entry<String, Command> e : COMMANDS.entrySet()) {
            out.printf("  %-8s %s%n", e.getKey(), e.getValue().summary());
        }
    }

    /** This jar, which is also the agent to load. */
    static File agentJar() throws CliException {
        try {
            File f = new File(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (!f.isFile()) {
                throw new CliException("run tlsdiag from its jar (java -jar tlsdiag.jar), not from " + f);
            }
            return f;
        } catch (java.net.URISyntaxException e) {
            throw new CliException("cannot locate tlsdiag.jar: " + e.getMessage());
        }
    }
}
