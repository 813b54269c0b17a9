package org.grad4j.io;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes pickle protocol 2 the way CPython's pickler does (the bytes {@code torch.save} writes for the same
 * objects): every str, tuple, list and dict is memoized with BINPUT as it is written and written again as
 * BINGET when the same object (by identity) comes back; ints as BININT1/BININT2/BININT/LONG1; dict items and
 * list elements in batches of 1000 (a lone item with SETITEM/APPEND). The caller writes the torch-specific
 * parts (globals, REDUCE, persistent ids) with the low-level methods.
 */
final class PickleWriter {
    private static final int BATCH = 1000;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final Map<Object, Integer> memo = new IdentityHashMap<>();
    private final Map<String, Integer> globals = new java.util.HashMap<>();

    PickleWriter() {
        out.write(0x80);
        out.write(2);
    }

    byte[] finish() {
        out.write('.');
        return out.toByteArray();
    }

    void op(int code) {
        out.write(code);
    }

    /** Writes {@code o} if it was written before (BINGET) and returns true; else false. */
    boolean memoGet(Object o) {
        Integer i = memo.get(o);
        if (i == null) {
            return false;
        }
        if (i < 256) {
            out.write('h');
            out.write(i);
        } else {
            out.write('j');
            le32(i);
        }
        return true;
    }

    /** Memoizes the object just written (BINPUT / LONG_BINPUT), as CPython does after each str, tuple, list, dict. */
    void memoPut(Object o) {
        int i = memo.size();
        memo.put(o, i);
        putIndex(i);
    }

    private void putIndex(int i) {
        if (i < 256) {
            out.write('q');
            out.write(i);
        } else {
            out.write('r');
            le32(i);
        }
    }

    /** GLOBAL {@code module\nname\n}, memoized by its qualified name. */
    void global(String module, String name) {
        String key = module + "\n" + name;
        Integer i = globals.get(key);
        if (i != null) {
            if (i < 256) {
                out.write('h');
                out.write(i);
            } else {
                out.write('j');
                le32(i);
            }
            return;
        }
        out.write('c');
        byte[] b = (key + "\n").getBytes(StandardCharsets.US_ASCII);
        out.write(b, 0, b.length);
        int idx = memo.size();
        memo.put(new Object(), idx);   // a slot of its own, found again through globals
        globals.put(key, idx);
        putIndex(idx);
    }

    void string(String s) {
        if (memoGet(s)) {
            return;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.write('X');
        le32(b.length);
        out.write(b, 0, b.length);
        memoPut(s);
    }

    void integer(long v) {
        if (v >= 0 && v < 256) {
            out.write('K');
            out.write((int) v);
        } else if (v >= 0 && v < 65536) {
            out.write('M');
            out.write((int) v & 0xFF);
            out.write((int) (v >>> 8) & 0xFF);
        } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            out.write('J');
            le32((int) v);
        } else {
            bigInteger(BigInteger.valueOf(v));
        }
    }

    /** LONG1: the shortest two's-complement little-endian bytes, as Python's encode_long. */
    void bigInteger(BigInteger v) {
        byte[] be = v.toByteArray();
        if (be.length > 255) {
            throw new IllegalArgumentException("TorchFiles.save: integer " + v + " needs more than 255 bytes");
        }
        out.write(0x8a);
        out.write(be.length);
        for (int i = be.length - 1; i >= 0; i--) {
            out.write(be[i]);
        }
    }

    void floating(double v) {
        out.write('G');
        byte[] b = ByteBuffer.allocate(8).putDouble(v).array();
        out.write(b, 0, 8);
    }

    void bool(boolean v) {
        out.write(v ? 0x88 : 0x89);
    }

    void none() {
        out.write('N');
    }

    /** Opens a tuple: EMPTY_TUPLE for none, MARK for more than three elements; {@link #endTuple} closes it. */
    void beginTuple(int n) {
        if (n == 0) {
            out.write(')');
        } else if (n > 3) {
            out.write('(');
        }
    }

    /** Closes a tuple of {@code n} elements and memoizes it under {@code identity} (not the empty tuple). */
    void endTuple(int n, Object identity) {
        switch (n) {
            case 0 -> {
                return;
            }
            case 1 -> out.write(0x85);
            case 2 -> out.write(0x86);
            case 3 -> out.write(0x87);
            default -> out.write('t');
        }
        memoPut(identity);
    }

    /** An int-tuple (a size or a stride), a new object each time as in torch.save. */
    void intTuple(int[] v) {
        beginTuple(v.length);
        for (int x : v) {
            integer(x);
        }
        endTuple(v.length, new Object());
    }

    /** Writes one element of a batch. */
    interface ItemWriter {
        void write(Object item);
    }

    /**
     * A dict's items (key, value, key, value...) as CPython writes an exact dict: a lone pair with SETITEM,
     * else MARK ... SETITEMS per 1000 pairs, and, when the count is a multiple of 1000, one empty batch more.
     */
    void dictItems(List<?> keysAndValues, ItemWriter w) {
        int n = keysAndValues.size() / 2;
        if (n == 0) {
            return;
        }
        if (n == 1) {
            w.write(keysAndValues.get(0));
            w.write(keysAndValues.get(1));
            out.write('s');
            return;
        }
        int done = 0;
        int batch;
        do {
            out.write('(');
            batch = 0;
            while (done < n && batch < BATCH) {
                w.write(keysAndValues.get(2 * done));
                w.write(keysAndValues.get(2 * done + 1));
                done++;
                batch++;
            }
            out.write('u');
        } while (batch == BATCH);
    }

    /** An OrderedDict's items as CPython writes them from its reduce iterator: a batch of one with SETITEM. */
    void orderedDictItems(List<?> keysAndValues, ItemWriter w) {
        int n = keysAndValues.size() / 2;
        for (int start = 0; start < n; start += BATCH) {
            int end = Math.min(n, start + BATCH);
            if (end - start > 1) {
                out.write('(');
            }
            for (int i = start; i < end; i++) {
                w.write(keysAndValues.get(2 * i));
                w.write(keysAndValues.get(2 * i + 1));
            }
            out.write(end - start > 1 ? 'u' : 's');
        }
    }

    /** A list's elements as CPython writes an exact list: a lone element with APPEND, else MARK ... APPENDS per 1000. */
    void listItems(List<?> items, ItemWriter w) {
        int n = items.size();
        if (n == 1) {
            w.write(items.get(0));
            out.write('a');
            return;
        }
        for (int start = 0; start < n; start += BATCH) {
            out.write('(');
            for (int i = start; i < Math.min(n, start + BATCH); i++) {
                w.write(items.get(i));
            }
            out.write('e');
        }
    }

    private void le32(int v) {
        out.write(v & 0xFF);
        out.write((v >>> 8) & 0xFF);
        out.write((v >>> 16) & 0xFF);
        out.write((v >>> 24) & 0xFF);
    }
}
