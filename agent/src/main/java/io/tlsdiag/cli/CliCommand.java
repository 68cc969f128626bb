package io.tlsdiag.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.util.concurrent.Callable;

/**
 * A command of the command line: picocli fills in its options and parameters, {@link Main} gives it the streams to
 * write to, and {@link #run} returns the exit code. A {@link CliException} it throws becomes one line on stderr.
 */
abstract class CliCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    PrintStream out = System.out;
    PrintStream err = System.err;

    /** The streams this command writes to (tests and {@link Main#run} use their own). */
    final CliCommand writingTo(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
        return this;
    }

    @Override
    public final Integer call() throws Exception {
        return run();
    }

    abstract int run() throws Exception;
}
