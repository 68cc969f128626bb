package io.tlsdiag.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * {@code probe <https-url | host:port>}: "would Java trust this server?" One handshake in a child JVM of this Java
 * installation, with the agent attached at launch and this JVM's TLS settings, then the diagnosis of what failed.
 */
final class ProbeCommand implements Main.Command {

    private static final String TRUSTSTORE_PASSWORD = "javax.net.ssl.trustStorePassword";

    @Override
    public String summary() {
        return "try one handshake with a server and explain the result";
    }

    @Override
    public String usage() {
        return "usage: tlsdiag probe <https-url | host:port> [--truststore FILE]\n"
                + "                     [--truststore-password PW | --truststore-password-stdin]\n"
                + "                     [--truststore-type TYPE] [--output DIR]\n"
                + "  One TLS handshake as an HTTPS client of this Java installation would make it (host name checked),\n"
                + "  with this JVM's trust settings (javax.net.ssl.* properties given to this command are passed on),\n"
                + "  or with --truststore. On failure prints the diagnosis and writes the incident to DIR\n"
                + "  (default ./tlsdiag-incidents). Exit code: 0 trusted, 1 handshake failed, 2 error.\n"
                + "  Passwords reach the probe's JVM through a pipe, never its command line. A password typed as\n"
                + "  --truststore-password is on this command's own line (ps shows it to every user):\n"
                + "  --truststore-password-stdin reads it from the first line of stdin instead.";
    }

    @Override
    public int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        if (args.length == 0) {
            throw new CliException("probe what? " + usage());
        }
        String target = args[0];
        String host;
        int port;
        if (target.contains("://")) {
            URI uri = URI.create(target);
            host = uri.getHost();
            port = uri.getPort() > 0 ? uri.getPort() : 443;
        } else {
            int colon = target.lastIndexOf(':');
            if (colon <= 0) {
                throw new CliException("'" + target + "' is neither an https:// URL nor host:port");
            }
            host = target.substring(0, colon);
            port = Integer.parseInt(target.substring(colon + 1));
        }
        if (host == null) {
            throw new CliException("no host in '" + target + "'");
        }
        File output = new File("tlsdiag-incidents").getAbsoluteFile();
        // Secrets go to the child through its stdin (see ProbeTarget), never onto its command line: any user of
        // the host reads command lines with ps.
        List<String> jvmArgs = new ArrayList<String>();
        Properties secrets = new Properties();
        for (Map.Entry<Object, Object> e : System.getProperties().entrySet()) {
            String key = String.valueOf(e.getKey());
            if (key.startsWith("javax.net.ssl.") || key.startsWith("jdk.tls.") || key.startsWith("jdk.certpath.")
                    || key.startsWith("com.sun.net.ssl.") || key.startsWith("com.sun.security.")) {
                if (isSecret(key)) {
                    secrets.setProperty(key, String.valueOf(e.getValue()));
                } else {
                    jvmArgs.add("-D" + key + "=" + e.getValue());
                }
            }
        }
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--truststore-password-stdin")) {
                secrets.setProperty(TRUSTSTORE_PASSWORD, firstLineOfStdin());
                continue;
            }
            if (i + 1 >= args.length) {
                throw new CliException("option " + args[i] + " needs a value");
            }
            String value = args[++i];
            if (args[i - 1].equals("--truststore")) {
                jvmArgs.add("-Djavax.net.ssl.trustStore=" + new File(value).getAbsolutePath());
            } else if (args[i - 1].equals("--truststore-password")) {
                secrets.setProperty(TRUSTSTORE_PASSWORD, value);
            } else if (args[i - 1].equals("--truststore-type")) {
                jvmArgs.add("-Djavax.net.ssl.trustStoreType=" + value);
            } else if (args[i - 1].equals("--output")) {
                output = new File(value).getAbsoluteFile();
            } else {
                throw new CliException("unknown option " + args[i - 1] + "\n" + usage());
            }
        }
        File jar = Main.agentJar();
        List<String> cmd = new ArrayList<String>();
        cmd.add(new File(System.getProperty("java.home"), "bin" + File.separator + "java").getPath());
        cmd.add("-javaagent:" + jar.getAbsolutePath() + "=output=" + output.getPath());
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(jar.getAbsolutePath());
        cmd.add(ProbeTarget.class.getName());
        cmd.add(host);
        cmd.add(String.valueOf(port));
        cmd.add(ProbeTarget.SECRETS_ON_STDIN);
        long startedAt = System.currentTimeMillis();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        sendSecrets(p, secrets);
        StringBuilder result = new StringBuilder();
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), "UTF-8"));
        try {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("OK ") || line.startsWith("FAILED ")) {
                    result.append(line);
                } else if (line.startsWith("[tlsdiag]")) {
                    err.println(line);
                }
            }
        } finally {
            r.close();
        }
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new CliException("the probe did not finish in 60 s");
        }
        String line = result.toString();
        if (line.startsWith("OK ")) {
            String[] parts = line.split(" ", 4);
            out.println("OK: Java trusts " + host + ":" + port + " (" + parts[1] + ", " + parts[2] + ")");
            out.println("  server certificate: " + Terminal.safe(parts.length > 3 ? parts[3] : "?"));
            return 0;
        }
        JsonNode incident = newestIncident(output, startedAt);
        if (incident == null) {
            out.println("FAILED: " + Terminal.safe(line.replaceFirst("^FAILED ", "")));
            out.println("(no incident was written to " + output + "; run with --output to a writable directory)");
            return 1;
        }
        out.print(IncidentText.render(incident, Terminal.forStream(out)));
        return 1;
    }

    /**
     * A property whose value must not be on a command line: javax.net.ssl.trustStorePassword, keyStorePassword and
     * any other password, passphrase, PIN or secret a provider reads from a system property.
     */
    static boolean isSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("password") || k.contains("passwd") || k.contains("passphrase") || k.contains("secret")
                || k.contains("credential") || k.contains("token") || k.endsWith("pin");
    }

    /**
     * Writes the secrets to the child's stdin and closes it; the child reads them to the end before it touches TLS.
     * A child that died at once has closed its end: what it printed says why, so the write error is not the news.
     */
    private static void sendSecrets(Process p, Properties secrets) {
        OutputStream in = p.getOutputStream();
        try {
            try {
                secrets.store(in, null);
            } finally {
                in.close();
            }
        } catch (IOException childGone) {
            // reported by the child's own output and exit code
        }
    }

    private static String firstLineOfStdin() throws IOException, CliException {
        BufferedReader r = new BufferedReader(new InputStreamReader(System.in, "UTF-8"));
        String line = r.readLine();
        if (line == null) {
            throw new CliException("--truststore-password-stdin: no password on stdin");
        }
        return line;
    }

    private static JsonNode newestIncident(File dir, long since) throws Exception {
        File[] files = dir.listFiles((d, n) -> n.endsWith(".json") && !n.startsWith("."));
        File newest = null;
        if (files != null) {
            for (File f : files) {
                if (f.lastModified() >= since - 1000 && (newest == null || f.lastModified() > newest.lastModified())) {
                    newest = f;
                }
            }
        }
        return newest == null ? null : new ObjectMapper().readTree(newest);
    }
}
