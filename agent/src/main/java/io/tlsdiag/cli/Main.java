package io.tlsdiag.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code java -jar tlsdiag.jar <command>}: lists the commands; each lives in its own class. */
public final class Main {

    interface Command {
        String summary();

        int run(String[] args, PrintStream out, PrintStream err) throws Exception;
    }

    static final Map<String, Command> COMMANDS = new LinkedHashMap<String, Command>();

    static {
        COMMANDS.put("report", new ReportCommand());
    }

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            usage(out);
            return args.length == 0 ? 2 : 0;
        }
        Command command = COMMANDS.get(args[0]);
        if (command == null) {
            err.println("tlsdiag: unknown command '" + args[0] + "'");
            usage(err);
            return 2;
        }
        try {
            return command.run(Arrays.copyOfRange(args, 1, args.length), out, err);
        } catch (Exception e) {
            err.println("tlsdiag " + args[0] + ": " + e.getMessage());
            return 2;
        }
    }

    private static void usage(PrintStream out) {
        out.println("tlsdiag: explains TLS handshake failures inside the JVM");
        out.println();
        out.println("As an agent:  java -javaagent:tlsdiag.jar[=output=DIR] -jar your-app.jar");
        out.println("Commands:     java -jar tlsdiag.jar <command> [--help]");
        for (Map.Entry<String, Command> e : COMMANDS.entrySet()) {
            out.printf("  %-10s %s%n", e.getKey(), e.getValue().summary());
        }
    }
}
