package org.grad4j.io;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A restricted unpickler: the opcodes of protocols 2 to 5 that plain containers and {@code torch.save} use, and
 * no code execution. Python objects become Java ones: dict as {@link LinkedHashMap}, list as {@link ArrayList},
 * tuple as an unmodifiable {@link List}, int as {@link Long} (or {@link BigInteger} beyond 64 bits), float as
 * {@link Double}, str as {@link String}, bytes as {@code byte[]}, bool as {@link Boolean}, None as null.
 * Globals, REDUCE, BUILD and persistent ids go to a {@link Resolver}, which decides what is allowed.
 *
 * <p>Every length is checked against the bytes left before anything is allocated, and every stack, mark and
 * memo access is checked, so a corrupted or hostile pickle ends in an {@link IOException} naming the opcode and
 * its position, never in an unchecked exception or an allocation sized by the input.
 */
final class PickleReader {
    /** What the surrounding format allows: globals, calls, object state and persistent ids. */
    interface Resolver {
        /** The object a GLOBAL / STACK_GLOBAL names, or an IOException if it is not allowed. */
        Object global(String module, String name) throws IOException;

        /** {@code callable(*args)} for a callable {@link #global} returned. */
        Object reduce(Object callable, List<Object> args) throws IOException;

        /** BUILD: applies {@code state} to {@code target}; returns the object that stays on the stack. */
        Object build(Object target, Object state) throws IOException;

        /** BINPERSID: the object a persistent id stands for. */
        Object persistent(Object pid) throws IOException;
    }

    /** The MARK opcode's place holder on the stack. */
    private static final Object MARK = new Object();

    private final byte[] data;
    private final String where;
    private final Resolver resolver;
    private int pos;
    private int opAt;
    private final List<Object> stack = new ArrayList<>();
    private final List<Integer> marks = new ArrayList<>();
    private final Map<Long, Object> memo = new HashMap<>();

    private PickleReader(byte[] data, String where, Resolver resolver) {
        this.data = data;
        this.where = where;
        this.resolver = resolver;
    }

    /**
     * Unpickles one object.
     *
     * @param data the pickle's bytes
     * @param where the prefix of error messages (the file and the record)
     * @param resolver what globals, calls and persistent ids mean
     * @return the object STOP leaves
     * @throws IOException if the pickle is malformed or uses something not allowed
     */
    static Object read(byte[] data, String where, Resolver resolver) throws IOException {
        return new PickleReader(data, where, resolver).run();
    }

    private IOException bad(String what) {
        return new IOException(where + ": " + what + " (opcode at byte " + opAt + " of " + data.length + ")");
    }

    private Object run() throws IOException {
        while (true) {
            if (pos >= data.length) {
                throw bad("pickle ends without STOP (truncated?)");
            }
            opAt = pos;
            int op = data[pos++] & 0xFF;
            switch (op) {
                case 0x80 -> {                                  // PROTO
                    int proto = u8();
                    if (proto < 2 || proto > 5) {
                        throw bad("pickle protocol " + proto + " is not supported (expected 2 to 5)");
                    }
                }
                case 0x95 -> le(8);                             // FRAME: a length hint only
                case '.' -> {                                   // STOP
                    if (stack.size() != 1 || !marks.isEmpty()) {
                        throw bad("STOP with " + stack.size() + " objects on the stack, expected one");
                    }
                    return checkNotMark(stack.get(0));
                }
                case '(' -> {                                   // MARK
                    marks.add(stack.size());
                    stack.add(MARK);
                }
                case '}' -> push(new LinkedHashMap<Object, Object>());
                case ']' -> push(new ArrayList<Object>());
                case ')' -> push(tuple(List.of()));
                case 't' -> push(tuple(popMark()));
                case 0x85 -> push(tuple(popN(1)));
                case 0x86 -> push(tuple(popN(2)));
                case 0x87 -> push(tuple(popN(3)));
                case 'N' -> push(null);
                case 0x88 -> push(Boolean.TRUE);
                case 0x89 -> push(Boolean.FALSE);
                case 'K' -> push((long) u8());                  // BININT1
                case 'M' -> push((long) (u8() | (u8() << 8)));  // BININT2
                case 'J' -> push(le(4));                        // BININT (boxed as Long)
                case 0x8a -> push(longOf(bytes(u8())));         // LONG1
                case 0x8b -> push(longOf(bytes(length(le(4))))); // LONG4
                case 'G' -> {                                   // BINFLOAT, big-endian
                    need(8);
                    push(ByteBuffer.wrap(data, pos, 8).getDouble());
                    pos += 8;
                }
                case 'X' -> push(utf8(bytes(length(le(4)))));     // BINUNICODE
                case 0x8c -> push(utf8(bytes(u8())));              // SHORT_BINUNICODE
                case 0x8d -> push(utf8(bytes(length(le(8)))));     // BINUNICODE8
                case 'T' -> push(latin1(bytes(length(le(4)))));    // BINSTRING (Python 2 str)
                case 'U' -> push(latin1(bytes(u8())));             // SHORT_BINSTRING
                case 'B' -> push(bytes(length(le(4))));            // BINBYTES
                case 'C' -> push(bytes(u8()));                     // SHORT_BINBYTES
                case 0x8e -> push(bytes(length(le(8))));           // BINBYTES8
                case 'c' -> push(resolver.global(line(), line()));   // GLOBAL
                case 0x93 -> {                                  // STACK_GLOBAL
                    List<Object> mn = popN(2);
                    if (!(mn.get(0) instanceof String m) || !(mn.get(1) instanceof String n)) {
                        throw bad("STACK_GLOBAL expects two strings, got " + describe(mn.get(0)) + " and " + describe(mn.get(1)));
                    }
                    push(resolver.global(m, n));
                }
                case 'R' -> {                                   // REDUCE
                    List<Object> fa = popN(2);
                    if (!(fa.get(1) instanceof List<?> args) || args instanceof ArrayList) {
                        throw bad("REDUCE expects an argument tuple, got " + describe(fa.get(1)));
                    }
                    @SuppressWarnings("unchecked")
                    List<Object> a = (List<Object>) args;
                    push(resolver.reduce(fa.get(0), a));
                }
                case 'b' -> {                                   // BUILD
                    List<Object> ts = popN(2);
                    push(resolver.build(ts.get(0), ts.get(1)));
                }
                case 'Q' -> push(resolver.persistent(popN(1).get(0)));   // BINPERSID
                case 's' -> {                                   // SETITEM
                    List<Object> kv = popN(2);
                    dict(top()).put(key(kv.get(0)), kv.get(1));
                }
                case 'u' -> {                                   // SETITEMS
                    List<Object> items = popMark();
                    if (items.size() % 2 != 0) {
                        throw bad("SETITEMS with an odd number (" + items.size() + ") of keys and values");
                    }
                    Map<Object, Object> d = dict(top());
                    for (int i = 0; i < items.size(); i += 2) {
                        d.put(key(items.get(i)), items.get(i + 1));
                    }
                }
                case 'a' -> {                                   // APPEND
                    Object item = popN(1).get(0);
                    list(top(), "APPEND").add(item);
                }
                case 'e' -> {                                   // APPENDS
                    List<Object> items = popMark();
                    list(top(), "APPENDS").addAll(items);
                }
                case 'q' -> memo.put((long) u8(), peek());             // BINPUT
                case 'r' -> memo.put(le(4) & 0xFFFFFFFFL, peek());     // LONG_BINPUT
                case 0x94 -> memo.put((long) memo.size(), peek());     // MEMOIZE
                case 'h' -> push(get(u8()));                           // BINGET
                case 'j' -> push(get(le(4) & 0xFFFFFFFFL));            // LONG_BINGET
                case '0' -> popN(1);                                   // POP
                case '1' -> popMark();                                 // POP_MARK
                case '2' -> push(peek());                              // DUP
                default -> throw bad("unsupported pickle opcode 0x" + Integer.toHexString(op)
                        + (op >= 0x20 && op < 0x7f ? " ('" + (char) op + "')" : "")
                        + "; only the opcodes of plain containers and torch.save are allowed");
            }
        }
    }

    // ------------------------------------------------------------------ stack

    private void push(Object o) {
        stack.add(o);
    }

    private Object checkNotMark(Object o) throws IOException {
        if (o == MARK) {
            throw bad("a MARK used as a value");
        }
        return o;
    }

    private Object peek() throws IOException {
        if (stack.isEmpty()) {
            throw bad("stack underflow");
        }
        return checkNotMark(stack.get(stack.size() - 1));
    }

    private Object top() throws IOException {
        return peek();
    }

    private List<Object> popN(int n) throws IOException {
        int from = stack.size() - n;
        int lastMark = marks.isEmpty() ? -1 : marks.get(marks.size() - 1);
        if (from < 0 || from <= lastMark) {
            throw bad("stack underflow (needs " + n + " object(s))");
        }
        List<Object> sub = stack.subList(from, stack.size());
        List<Object> out = new ArrayList<>(sub);
        sub.clear();
        return out;
    }

    private List<Object> popMark() throws IOException {
        if (marks.isEmpty()) {
            throw bad("no MARK on the stack");
        }
        int at = marks.remove(marks.size() - 1);
        List<Object> sub = stack.subList(at + 1, stack.size());
        List<Object> out = new ArrayList<>(sub);
        stack.subList(at, stack.size()).clear();
        return out;
    }

    private Object get(long index) throws IOException {
        if (!memo.containsKey(index)) {
            throw bad("memo entry " + index + " was never stored");
        }
        return memo.get(index);
    }

    @SuppressWarnings("unchecked")
    private Map<Object, Object> dict(Object o) throws IOException {
        if (!(o instanceof LinkedHashMap<?, ?> m)) {
            throw bad("SETITEM(S) on " + describe(o) + ", expected a dict");
        }
        return (Map<Object, Object>) m;
    }

    @SuppressWarnings("unchecked")
    private List<Object> list(Object o, String op) throws IOException {
        if (!(o instanceof ArrayList<?> l)) {
            throw bad(op + " on " + describe(o) + ", expected a list");
        }
        return (List<Object>) l;
    }

    /**
     * A dict key: a str, number, bool, None or a flat tuple of those. Anything else would be unhashable in Python
     * (a list, a dict) or, nested deep, overflow the stack when Java hashes it.
     */
    private Object key(Object k) throws IOException {
        if (scalar(k)) {
            return k;
        }
        if (k instanceof List<?> t && !(k instanceof ArrayList)) {
            for (Object x : t) {
                if (!scalar(x)) {
                    throw bad("dict key is a tuple holding " + describe(x) + "; only flat tuples of str, numbers, bools and None are supported as keys");
                }
            }
            return k;
        }
        throw bad("dict key " + describe(k) + " is not a str, number, bool, None or tuple");
    }

    private static boolean scalar(Object x) {
        return x == null || x instanceof String || x instanceof Long || x instanceof BigInteger || x instanceof Double
                || x instanceof Boolean;
    }

    private static List<Object> tuple(List<Object> items) {
        return Collections.unmodifiableList(new ArrayList<>(items));
    }

    /** A short description of a Python value for messages. */
    static String describe(Object o) {
        if (o == null) {
            return "None";
        }
        if (o instanceof String s) {
            return "str '" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "'";
        }
        if (o instanceof ArrayList<?>) {
            return "a list";
        }
        if (o instanceof List<?>) {
            return "a tuple";
        }
        if (o instanceof Map<?, ?>) {
            return "a dict";
        }
        if (o instanceof Long || o instanceof BigInteger) {
            return "int " + o;
        }
        if (o instanceof Double) {
            return "float " + o;
        }
        if (o instanceof Boolean b) {
            return b ? "True" : "False";
        }
        if (o instanceof byte[]) {
            return "bytes";
        }
        if (o instanceof org.grad4j.Tensor t) {
            return "a tensor of shape " + java.util.Arrays.toString(t.shape()) + " " + t.dtype();
        }
        return o.toString();
    }

    // ------------------------------------------------------------------ reading bytes

    private void need(int n) throws IOException {
        if (n < 0 || n > data.length - pos) {
            throw bad("needs " + (n & 0xFFFFFFFFL) + " more byte(s) but only " + (data.length - pos) + " remain (truncated or corrupted)");
        }
    }

    private int u8() throws IOException {
        need(1);
        return data[pos++] & 0xFF;
    }

    private long le(int n) throws IOException {
        need(n);
        long v = 0;
        for (int i = n - 1; i >= 0; i--) {
            v = (v << 8) | (data[pos + i] & 0xFF);
        }
        pos += n;
        if (n == 4) {
            v = (int) v;   // BININT is signed; LONG_BINPUT/GET and lengths mask it themselves
        }
        return v;
    }

    /** A length field: refused when negative or longer than what is left, before anything is allocated. */
    private int length(long n) throws IOException {
        if (n < 0 || n > data.length - pos) {
            throw bad("length " + n + " exceeds the " + (data.length - pos) + " byte(s) left (corrupted or hostile)");
        }
        return (int) n;
    }

    private byte[] bytes(int n) throws IOException {
        need(n);
        byte[] b = java.util.Arrays.copyOfRange(data, pos, pos + n);
        pos += n;
        return b;
    }

    private String line() throws IOException {
        int start = pos;
        while (pos < data.length && data[pos] != '\n') {
            pos++;
        }
        if (pos >= data.length) {
            throw bad("GLOBAL name without its newline (truncated)");
        }
        String s = new String(data, start, pos - start, StandardCharsets.US_ASCII);
        pos++;
        return s;
    }

    private String utf8(byte[] b) throws IOException {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            throw bad("string is not valid UTF-8");
        }
    }

    private static String latin1(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    /** Python's two's-complement little-endian long: a Long when it fits, else a BigInteger. */
    private static Object longOf(byte[] le) {
        if (le.length == 0) {
            return 0L;
        }
        byte[] be = new byte[le.length];
        for (int i = 0; i < le.length; i++) {
            be[i] = le[le.length - 1 - i];
        }
        BigInteger v = new BigInteger(be);
        return v.bitLength() < 64 ? (Object) v.longValue() : v;
    }
}
