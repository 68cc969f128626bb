/**
 * What is woven, and how: each {@link io.tlsdiag.agent.advice.MethodAdvice} names the methods it applies to and the
 * {@link io.tlsdiag.bootstrap.Bridge} calls woven into them ({@link io.tlsdiag.agent.advice.Advices} lists them all);
 * {@link io.tlsdiag.agent.advice.AdviceMethodVisitor} writes those calls with ByteBuddy's ASM.
 *
 * <p>Woven code runs in the class it is woven into: in a JDK class it sees only the boot class path. So it calls only
 * the bridge, which the agent puts on the boot class path before weaving; the bridge hands typed values to the
 * agent's hooks. The woven code never casts, never allocates beyond boxing and the argument array, and leaves the
 * method's own exceptions and return values untouched; a bridge method never throws.
 */
package io.tlsdiag.agent.advice;
