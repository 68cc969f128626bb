package io.tlsdiag.agent.diagnosis;

/**
 * One diagnosis, decided from evidence. A rule answers null when the evidence does not establish its category, so
 * the next rule gets its turn; the rules' {@code Diagnoser} holds the order.
 */
public interface Rule {
    Verdict apply(Evidence evidence);
}
