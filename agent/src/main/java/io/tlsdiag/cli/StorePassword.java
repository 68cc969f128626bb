package io.tlsdiag.cli;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A key or trust store's password for {@code probe}, from at most one of the places people keep one: a file
 * ({@code --truststore-password-file}, first line, as {@code openssl -passin file:} reads it), an environment
 * variable ({@code --truststore-password-env}), the first line of stdin, or the command line itself (which works,
 * with a warning: {@code ps} shows a command line to every user of the machine). The prompt is {@link ProbeCommand}'s.
 */
final class StorePassword {

    /** "trust store" or "key store", for messages. */
    final String what;
    /** "--truststore" or "--keystore": the prefix of the options. */
    final String option;
    File file;
    String env;
    String literal;
    boolean stdin;

    StorePassword(String what, String option) {
        this.what = what;
        this.option = option;
    }

    /** Whether any source was named on the command line. */
    boolean given() {
        return file != null || env != null || literal != null || stdin;
    }

    /**
     * The password from the one source given, or null when none was. {@code environment} and {@code in} are this
     * process's (tests give their own).
     */
    String resolve(Map<String, String> environment, InputStream in, PrintStream err) throws CliException {
        List<String> sources = new ArrayList<String>();
        if (file != null) {
            sources.add(option + "-password-file");
        }
        if (env != null) {
            sources.add(option + "-password-env");
        }
        if (literal != null) {
            sources.add(option + "-password");
        }
        if (stdin) {
            sources.add(option + "-password-stdin");
        }
        if (sources.size() > 1) {
            throw new CliException("give the " + what + " password one way, not " + String.join(" and ", sources));
        }
        if (file != null) {
            return firstLine(file);
        }
        if (env != null) {
            String value = environment.get(env);
            if (value == null) {
                throw new CliException(option + "-password-env: the environment variable " + env + " is not set");
            }
            return value;
        }
        if (literal != null) {
            err.println("warning: " + option + "-password puts the password on this command's line, where every user "
                    + "of this machine can read it (ps); prefer " + option + "-password-file, " + option
                    + "-password-env or the prompt");
            return literal;
        }
        if (stdin) {
            try {
                String line = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
                if (line == null) {
                    throw new CliException(option + "-password-stdin: no password on stdin");
                }
                return line;
            } catch (IOException e) {
                throw new CliException(option + "-password-stdin: cannot read stdin: " + e.getMessage());
            }
        }
        return null;
    }

    private String firstLine(File f) throws CliException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(f.toPath());
        } catch (java.nio.file.NoSuchFileException e) {
            throw new CliException(option + "-password-file: no file " + f.getAbsolutePath());
        } catch (IOException e) {
            throw new CliException(option + "-password-file: cannot read " + f.getAbsolutePath() + " ("
                    + e.getMessage() + ")");
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        int nl = text.indexOf('\n');
        String line = nl >= 0 ? text.substring(0, nl) : text;
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }
}
