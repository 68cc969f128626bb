package io.tlsdiag.cli;

import io.tlsdiag.agent.util.AgentVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.File;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.List;

/**
 * {@code java -jar tlsdiag.jar <command>}: the commands, each in its own class, parsed by picocli. picocli (shaded
 * with the rest) is used only here, in the command's own JVM: the agent's classes never reach this package, so it is
 * never loaded into a target JVM.
 *
 * <p>Errors are one line on stderr, {@code tlsdiag <command>: what is wrong}, with exit code 2; usage and version
 * go to stdout with exit code 0.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine cl = commandLine(out, err);
        try {
            return cl.execute(args);
        } finally {
            cl.getOut().flush();
            cl.getErr().flush();
        }
    }

    /** The top level: without a command it prints the usage on stderr and exits 2. */
    @Command(name = "tlsdiag", mixinStandardHelpOptions = true, versionProvider = Version.class,
            description = {"Explains TLS handshake failures inside the JVM.", "",
                "As an agent: java -javaagent:tlsdiag.jar[=output=DIR] -jar your-app.jar",
                "Commands:    java -jar tlsdiag.jar <command> [options]"},
            footer = {"", "'tlsdiag help <command>' or 'tlsdiag <command> --help' shows a command's options."})
    static final class Root extends CliCommand {
        @Override
        int run() {
            spec.commandLine().usage(err, Ansi.OFF);
            return 2;
        }
    }

    static CommandLine commandLine(PrintStream out, PrintStream err) {
        CommandLine cl = new CommandLine(new Root().writingTo(out, err));
        for (CliCommand c : new CliCommand[] {new ListCommand(), new AttachCommand(), new DetachCommand(),
            new StatusCommand(), new ProbeCommand(), new ReportCommand(), new ShowCommand()}) {
            cl.addSubcommand(new CommandLine(c.writingTo(out, err)));
        }
        cl.addSubcommand(new CommandLine(new CommandLine.HelpCommand()));
        cl.getSubcommands().get("attach").getCommandSpec().usageMessage().footer(AttachCommand.agentOptionsHelp());
        layout(cl);
        // Set last: these settings reach only the subcommands that exist when they are made.
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.setColorScheme(CommandLine.Help.defaultColorScheme(Terminal.forStream(out).colour() ? Ansi.ON : Ansi.OFF));
        cl.setParameterExceptionHandler((ex, args) -> usageError(ex, err));
        cl.setExecutionExceptionHandler((ex, c, parseResult) -> failure(ex, c, err));
        return cl;
    }

    /** The same look for every command: "usage:" as before picocli, options in the order they are declared. */
    private static void layout(CommandLine cl) {
        cl.getCommandSpec().usageMessage().synopsisHeading("usage: ").sortOptions(false).sortSynopsis(false).width(80)
                .commandListHeading("%nCommands:%n");
        for (CommandLine sub : cl.getSubcommands().values()) {
            layout(sub);
        }
    }

    /** A command line picocli could not parse: one line naming the command and the problem; exit code 2. */
    static int usageError(ParameterException ex, PrintStream err) {
        CommandLine c = ex.getCommandLine();
        String name = c.getCommandSpec().qualifiedName(" ");
        String message = ex.getMessage();
        if (ex instanceof UnmatchedArgumentException) {
            List<String> unmatched = ((UnmatchedArgumentException) ex).getUnmatched();
            String first = unmatched.isEmpty() ? "?" : unmatched.get(0);
            if (first.startsWith("-")) {
                message = "unknown option '" + first + "'";
            } else if (c.getCommandSpec().parent() == null) {
                message = "unknown command '" + first + "' (commands: " + String.join(", ", c.getSubcommands().keySet())
                        + ")";
            } else {
                message = "unexpected argument '" + first + "'";
            }
        }
        String line = oneLine(message);
        err.println(name + ": " + (line.endsWith(".") ? line.substring(0, line.length() - 1) : line) + "; see '"
                + name + " --help'");
        err.flush();
        return 2;
    }

    /** A command that failed: its {@link CliException} as it is, anything else as a sentence with no class name. */
    private static int failure(Exception ex, CommandLine c, PrintStream err) {
        String name = c.getCommandSpec().qualifiedName(" ");
        if (ex instanceof CliException) {
            err.println(name + ": " + ex.getMessage());
            err.flush();
            return ((CliException) ex).exitCode();
        }
        Throwable root = ex;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() != null ? root.getMessage() : ex.getMessage();
        err.println(name + ": " + (message == null ? "unexpected internal error (please report it)" : oneLine(message)));
        err.flush();
        return 2;
    }

    /** One line, and no Java exception class name in it (a reader needs the sentence, not the type). */
    static String oneLine(String message) {
        if (message == null) {
            return "invalid command line";
        }
        String s = message.replaceAll("\\b(?:[a-z][\\w$]*\\.)+[A-Z][\\w$]*(?:Exception|Error)\\b:?\\s*", "")
                .replaceAll("\\b[A-Z]\\w*(?:Exception|Error)\\b:?\\s*", "");
        s = s.replaceAll("\\s*[\\r\\n]+\\s*", "; ").trim();
        return s.isEmpty() ? "invalid command line" : s;
    }

    /** {@code tlsdiag 0.1.0} (the jar's Implementation-Version) and the Java that runs it. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            // picocli formats these lines: a % in a path must stay a %.
            return new String[] {"tlsdiag " + AgentVersion.get(), ("Java " + System.getProperty("java.version") + " ("
                    + System.getProperty("java.home") + ")").replace("%", "%%")};
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
