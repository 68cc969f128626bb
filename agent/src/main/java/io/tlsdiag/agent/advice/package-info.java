/**
 * ByteBuddy advice, inlined into JDK and application classes.
 *
 * <p>Inlined code runs in the class it is copied into: in a JDK class it can see only the bootstrap class path.
 * So advice never links to an agent class. It hands JDK-typed values to {@code io.tlsdiag.agent.hook.Hooks} through
 * reflection on the system class loader, where the agent jar always lives (for {@code -javaagent} and for attach
 * alike). That costs a microsecond, only on paths that are failing or rare, and it means the agent needs no jar
 * appended to the boot class path: no temp file, and the JVM keeps class-data sharing for application classes.
 *
 * <p>Every advice method suppresses {@code Throwable}: an agent bug must never become the application's exception.
 */
package io.tlsdiag.agent.advice;
