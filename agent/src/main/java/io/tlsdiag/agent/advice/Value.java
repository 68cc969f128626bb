package io.tlsdiag.agent.advice;

/**
 * One value the woven code hands to a bridge method, and the bridge parameter type it arrives as. Primitives are
 * boxed when the parameter is a reference; nothing is ever cast, so woven code cannot throw a
 * {@code ClassCastException} (a value whose type does not fit is refused when weaving, see {@link MethodAdvice}).
 */
public final class Value {

    enum Kind {
        /** The hooked object ({@code this}). */
        SELF,
        /** One argument of the hooked method. */
        ARGUMENT,
        /** All arguments, boxed into a new {@code Object[]}. */
        ALL_ARGUMENTS,
        /** A field declared by the hooked class itself, read from {@code this}. */
        FIELD,
        /** The hooked method's name. */
        METHOD_NAME,
        /** The value being returned (exit only, first value). */
        RETURNED,
        /** The throwable leaving the method, null on a normal return (exit only, first value). */
        THROWN
    }

    final Kind kind;
    final int index;
    final String field;
    final Class<?> type;

    private Value(Kind kind, int index, String field, Class<?> type) {
        this.kind = kind;
        this.index = index;
        this.field = field;
        this.type = type;
    }

    public static Value self() {
        return new Value(Kind.SELF, -1, null, Object.class);
    }

    public static Value argument(int index, Class<?> type) {
        return new Value(Kind.ARGUMENT, index, null, type);
    }

    public static Value allArguments() {
        return new Value(Kind.ALL_ARGUMENTS, -1, null, Object[].class);
    }

    public static Value field(String name, Class<?> type) {
        return new Value(Kind.FIELD, -1, name, type);
    }

    public static Value methodName() {
        return new Value(Kind.METHOD_NAME, -1, null, String.class);
    }

    public static Value returned(Class<?> type) {
        return new Value(Kind.RETURNED, -1, null, type);
    }

    public static Value thrown() {
        return new Value(Kind.THROWN, -1, null, Throwable.class);
    }

    /** The parameter type of the bridge method at this value's position. */
    public Class<?> type() {
        return type;
    }

    @Override
    public String toString() {
        return kind == Kind.ARGUMENT ? "argument " + index : kind == Kind.FIELD ? "field " + field
                : kind.name().toLowerCase(java.util.Locale.ROOT);
    }
}
