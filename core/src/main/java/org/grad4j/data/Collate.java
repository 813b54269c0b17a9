package org.grad4j.data;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Tensor;
import org.grad4j.internal.Internals;

/**
 * PyTorch's {@code default_collate}: how a {@link Loader} turns a list of items into a batch, by the type of the
 * first item, recursively:
 * <ul>
 * <li>{@link Tensor}: {@code Tensor.stack(items, 0)} (dtype promotion, autograd and errors as {@code torch.stack});
 * <li>{@code Double} or {@code Float} (Python's float): a float64 tensor of the items (booleans count as 0/1);
 * <li>{@code Integer}, {@code Long}, {@code Short}, {@code Byte} or {@code Boolean} (Python's int and bool):
 *     {@code torch.tensor(items)}: bool when every item is a Boolean, the default dtype when one is a
 *     floating-point number, int64 otherwise;
 * <li>{@code double[]}, {@code float[]}, {@code long[]}, {@code int[]}, {@code boolean[]} (the counterparts of
 *     NumPy arrays): each made a tensor of float64, float32, int64, int32 or bool, then stacked;
 * <li>a {@code String} (any {@code CharSequence}): the list of items, unchanged;
 * <li>a {@link Map}: a {@link LinkedHashMap} with the first item's keys, each value the collation of the items'
 *     values for that key;
 * <li>a {@link List} or an array of objects (Python's sequences and tuples): transposed, each position collated;
 *     a {@code List} gives a {@code List}, a {@code Tensor[]} a {@code Tensor[]}, another array an
 *     {@code Object[]};
 * <li>a {@code record} (Python's namedtuple): the record rebuilt from its collated components, when each
 *     component's declared type accepts its collated value (declare components {@code Tensor} or {@code Object});
 * </ul>
 * Numbers become tensors on the default device, like {@code torch.tensor}. Anything else, or items that do not
 * match the first, fail with an {@link IllegalArgumentException} carrying PyTorch's message.
 */
public final class Collate {
    private static final String TYPE_ERROR = "default_collate: batch must contain tensors, numpy arrays, numbers, "
            + "dicts or lists; found ";

    private Collate() {
    }

    /**
     * {@code torch.utils.data.default_collate(batch)}, by the rules above.
     *
     * @param batch the items of one batch, at least one
     * @return the batch: a tensor, a list, an array, a map or a record, as the items
     * @throws IllegalArgumentException if the batch is empty or null, or its items cannot be collated
     */
    public static Object defaultCollate(List<?> batch) {
        return collate(batch, 0);
    }

    /** Python's recursion limit: a batch that contains itself fails with an error, not a StackOverflowError. */
    private static final int MAX_DEPTH = 1000;

    private static Object collate(List<?> batch, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("default_collate: the batch nests more than " + MAX_DEPTH
                    + " levels deep (does a list or map contain itself?)");
        }
        if (batch == null || batch.isEmpty()) {
            throw new IllegalArgumentException("default_collate: expected at least one item, got "
                    + (batch == null ? "null" : "an empty batch"));
        }
        Object elem = batch.get(0);
        if (elem instanceof Tensor) {
            List<Tensor> tensors = new ArrayList<>(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                if (!(batch.get(i) instanceof Tensor t)) {
                    throw new IllegalArgumentException("default_collate: expected Tensor as element " + i
                            + " in argument 0, but got " + typeName(batch.get(i)));
                }
                tensors.add(t);
            }
            return Tensor.stack(tensors, 0);
        }
        if (isArray(elem)) {
            List<Tensor> tensors = new ArrayList<>(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                Tensor t = arrayTensor(batch.get(i));
                if (t == null) {
                    throw new IllegalArgumentException("default_collate: expected an array like element 0 ("
                            + typeName(elem) + ") as element " + i + ", but got " + typeName(batch.get(i)));
                }
                tensors.add(t);
            }
            return Tensor.stack(tensors, 0);
        }
        if (elem instanceof Double || elem instanceof Float) {
            return numbers(batch, DType.FLOAT64);
        }
        if (isInt(elem) || elem instanceof Boolean) {
            return numbers(batch, null);
        }
        if (elem instanceof CharSequence) {
            return new ArrayList<>(batch);
        }
        if (elem instanceof Map<?, ?> first) {
            Map<Object, Object> out = new LinkedHashMap<>();
            for (Object key : first.keySet()) {
                List<Object> values = new ArrayList<>(batch.size());
                for (int i = 0; i < batch.size(); i++) {
                    if (!(batch.get(i) instanceof Map<?, ?> m) || !m.containsKey(key)) {
                        throw new IllegalArgumentException("default_collate: element " + i + " of the batch ("
                                + typeName(batch.get(i)) + ") has no key " + pythonRepr(key)
                                + " (KeyError), which element 0 has");
                    }
                    values.add(m.get(key));
                }
                out.put(key, collate(values, depth + 1));
            }
            return out;
        }
        if (elem instanceof Record r) {
            return collateRecord(r, batch);
        }
        if (elem instanceof List<?> || elem instanceof Object[]) {
            List<List<?>> items = new ArrayList<>(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                Object b = batch.get(i);
                List<?> seq = b instanceof List<?> l ? l : b instanceof Object[] a ? Arrays.asList(a) : null;
                if (seq == null) {
                    throw new IllegalArgumentException("default_collate: object of type " + typeName(b)
                            + " has no len() (element " + i + " of a batch whose element 0 is a " + typeName(elem)
                            + ")");
                }
                if (!items.isEmpty() && seq.size() != items.get(0).size()) {
                    throw new IllegalArgumentException("default_collate: each element in list of batch should be of "
                            + "equal size (element 0 has " + items.get(0).size() + ", element " + i + " has "
                            + seq.size() + ")");
                }
                items.add(seq);
            }
            int fields = items.get(0).size();
            List<Object> out = new ArrayList<>(fields);
            for (int j = 0; j < fields; j++) {
                List<Object> column = new ArrayList<>(items.size());
                for (List<?> seq : items) {
                    column.add(seq.get(j));
                }
                out.add(collate(column, depth + 1));
            }
            if (elem instanceof List<?>) {
                return out;
            }
            return elem instanceof Tensor[] ? out.toArray(new Tensor[0]) : out.toArray();
        }
        throw new IllegalArgumentException(TYPE_ERROR + (elem == null ? "null" : "class " + elem.getClass().getName()));
    }

    /**
     * {@code torch.utils.data.default_convert(data)}, what a loader without batching applies to each item:
     * primitive arrays of numbers ({@code double[]}, {@code float[]}, {@code long[]}, {@code int[]},
     * {@code boolean[]}, the counterparts of NumPy arrays) become 1-D tensors of their dtype on the default device,
     * inside {@link Map}s, {@link List}s and object arrays too (each rebuilt: a {@link LinkedHashMap}, a
     * {@code List}, an {@code Object[]}; a {@code Tensor[]} is returned as is); records are rebuilt like
     * namedtuples from their converted components; tensors, numbers, strings and anything else are returned
     * unchanged. (PyTorch turns a plain tuple into a list; grad4j keeps arrays arrays.)
     *
     * @param item the item, or null
     * @return the converted item
     * @throws IllegalArgumentException if a record's component cannot hold its converted value
     */
    public static Object defaultConvert(Object item) {
        return convert(item, 0);
    }

    private static Object convert(Object item, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("default_convert: the item nests more than " + MAX_DEPTH
                    + " levels deep (does a list or map contain itself?)");
        }
        if (isArray(item)) {
            return arrayTensor(item);
        }
        if (item instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(k, convert(v, depth + 1)));
            return out;
        }
        if (item instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            l.forEach(v -> out.add(convert(v, depth + 1)));
            return out;
        }
        if (item instanceof Record r) {
            return convertRecord(r, depth);
        }
        if (item instanceof Object[] a && !(item instanceof Tensor[])) {
            Object[] out = new Object[a.length];
            for (int i = 0; i < a.length; i++) {
                out[i] = convert(a[i], depth + 1);
            }
            return out;
        }
        return item;
    }

    /** A namedtuple's rule for a record: rebuilt from its converted components (itself if none changed). */
    private static Object convertRecord(Record r, int depth) {
        Class<?> type = r.getClass();
        RecordComponent[] components = type.getRecordComponents();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        boolean changed = false;
        try {
            for (int j = 0; j < components.length; j++) {
                java.lang.reflect.Method accessor = components[j].getAccessor();
                accessor.setAccessible(true);   // a record nested in a non-public class
                Object v = accessor.invoke(r);
                values[j] = convert(v, depth + 1);
                types[j] = components[j].getType();
                changed |= values[j] != v;
                if (values[j] != v && !types[j].isInstance(values[j])) {
                    throw new IllegalArgumentException("default_convert: record " + type.getName() + "'s component "
                            + components[j].getName() + " is declared " + types[j].getName() + " but converts to a "
                            + typeName(values[j]) + "; declare it Tensor or Object");
                }
            }
            if (!changed) {
                return r;
            }
            Constructor<?> canonical = type.getDeclaredConstructor(types);
            canonical.setAccessible(true);
            return canonical.newInstance(values);
        } catch (ReflectiveOperationException | RuntimeException e) {
            if (e instanceof IllegalArgumentException iae && iae.getMessage() != null
                    && iae.getMessage().startsWith("default_convert")) {
                throw iae;
            }
            throw new IllegalArgumentException("default_convert: cannot rebuild record " + type.getName()
                    + " from its converted components (" + e + "); make it accessible", e);
        }
    }

    private static boolean isInt(Object o) {
        return o instanceof Integer || o instanceof Long || o instanceof Short || o instanceof Byte;
    }

    private static boolean isArray(Object o) {
        return o instanceof double[] || o instanceof float[] || o instanceof long[] || o instanceof int[]
                || o instanceof boolean[];
    }

    /** A primitive array as a 1-D tensor of its dtype (on the default device), or null if it is none. */
    private static Tensor arrayTensor(Object o) {
        if (o instanceof double[] d) {
            return Tensor.of(d, DType.FLOAT64, defaultDevice(), d.length);
        }
        if (o instanceof float[] f) {
            return Tensor.of(f, DType.FLOAT32, defaultDevice(), f.length);
        }
        if (o instanceof long[] l) {
            return Tensor.of(l, l.length);
        }
        if (o instanceof int[] i) {
            return Tensor.of(i, i.length);
        }
        if (o instanceof boolean[] b) {
            return Tensor.of(b, b.length);
        }
        return null;
    }

    private static Device defaultDevice() {
        return Tensor.of(new long[0], 0).device();
    }

    /**
     * {@code torch.tensor(batch)} of Python numbers: float64 when {@code dtype} says so (a float first), else
     * inferred like {@code torch.tensor}: bool if all are booleans, the default dtype if one is a float, int64.
     */
    private static Tensor numbers(List<?> batch, DType dtype) {
        int n = batch.size();
        boolean allBool = true;
        boolean anyFloat = false;
        for (int i = 0; i < n; i++) {
            Object o = batch.get(i);
            if (!(isInt(o) || o instanceof Boolean || o instanceof Double || o instanceof Float)) {
                throw new IllegalArgumentException("default_collate: must be real number, not " + typeName(o)
                        + " (element " + i + " of a batch whose element 0 is a " + typeName(batch.get(0)) + ")");
            }
            allBool &= o instanceof Boolean;
            anyFloat |= o instanceof Double || o instanceof Float;
        }
        if (dtype == null && allBool) {
            boolean[] b = new boolean[n];
            for (int i = 0; i < n; i++) {
                b[i] = (Boolean) batch.get(i);
            }
            return Tensor.of(b, n);
        }
        if (dtype == null && !anyFloat) {
            long[] v = new long[n];
            for (int i = 0; i < n; i++) {
                Object o = batch.get(i);
                v[i] = o instanceof Boolean b ? (b ? 1 : 0) : ((Number) o).longValue();
            }
            return Tensor.of(v, n);
        }
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            Object o = batch.get(i);
            v[i] = o instanceof Boolean b ? (b ? 1 : 0) : ((Number) o).doubleValue();
        }
        return Tensor.of(v, dtype != null ? dtype : Tensor.defaultDType(), defaultDevice(), n);
    }

    /** A namedtuple's rule for a record: each component collated, the record rebuilt with them. */
    private static Object collateRecord(Record first, List<?> batch) {
        Class<?> type = first.getClass();
        RecordComponent[] components = type.getRecordComponents();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        try {
            for (int j = 0; j < components.length; j++) {
                List<Object> column = new ArrayList<>(batch.size());
                for (int i = 0; i < batch.size(); i++) {
                    Object b = batch.get(i);
                    if (b == null || b.getClass() != type) {
                        throw new IllegalArgumentException("default_collate: element " + i + " of the batch is "
                                + typeName(b) + " but element 0 is " + type.getName() + "; expected items of one type");
                    }
                    column.add(components[j].getAccessor().invoke(b));
                }
                values[j] = defaultCollate(column);
                types[j] = components[j].getType();
                if (!types[j].isInstance(values[j])) {
                    throw new IllegalArgumentException("default_collate: record " + type.getName() + "'s component "
                            + components[j].getName() + " is declared " + types[j].getName() + " but collates to a "
                            + typeName(values[j]) + "; declare it Tensor or Object, or pass a collateFn");
                }
            }
            Constructor<?> canonical = type.getDeclaredConstructor(types);
            canonical.setAccessible(true);
            return canonical.newInstance(values);
        } catch (ReflectiveOperationException | RuntimeException e) {
            if (e instanceof IllegalArgumentException iae && iae.getMessage() != null
                    && iae.getMessage().startsWith("default_collate")) {
                throw iae;
            }
            throw new IllegalArgumentException("default_collate: cannot rebuild record " + type.getName()
                    + " from its collated components (" + e + "); make it accessible or pass a collateFn", e);
        }
    }

    private static String typeName(Object o) {
        return o == null ? "null" : o.getClass().getName();
    }

    private static String pythonRepr(Object key) {
        return key instanceof CharSequence ? "'" + key + "'" : String.valueOf(key);
    }

    /** A batch of {@code dataset}'s items at {@code indices} (indices into {@code dataset}), as Tensor[]. */
    static Tensor[] batch(Dataset<Tensor[]> dataset, int[] indices) {
        // Resolve Subsets of a TensorDataset to row indices of its tensors.
        Dataset<Tensor[]> d = dataset;
        int[] rows = indices;
        while (d instanceof Subset<Tensor[]> s) {
            int[] mapped = new int[rows.length];
            for (int i = 0; i < rows.length; i++) {
                mapped[i] = s.index(rows[i]);
            }
            rows = mapped;
            d = s.dataset();
        }
        if (d instanceof TensorDataset td && !td.requiresGrad()) {
            Tensor[] out = new Tensor[td.fields()];
            for (int j = 0; j < out.length; j++) {
                Tensor t = td.tensor(j);
                out[j] = gather(td.host(j), t, rows);
            }
            return out;
        }
        List<Tensor[]> items = new ArrayList<>(indices.length);
        for (int index : indices) {
            items.add(dataset.get(index));
        }
        return (Tensor[]) defaultCollate(items);
    }

    /** Rows {@code rows} of a tensor of shape {@code shape} whose elements are {@code host}. */
    private static Tensor gather(Object host, Tensor t, int[] rows) {
        int[] shape = t.shape();
        DType dtype = t.dtype();
        Device device = t.device();
        int rowSize = 1;
        for (int k = 1; k < shape.length; k++) {
            rowSize *= shape[k];
        }
        int[] out = shape.clone();
        out[0] = rows.length;
        Object batch = allocate(t, rows.length * rowSize);
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(host, rows[i] * rowSize, batch, i * rowSize, rowSize);
        }
        return upload(batch, out, dtype, device);
    }

    static Object toHost(Tensor t) {
        switch (t.dtype()) {
            case FLOAT32:
                return t.toFloatArray();
            case FLOAT64:
                return t.toDoubleArray();
            default:
                return t.toLongArray();    // int64 exactly, bool as 0/1
        }
    }

    /** A host array for {@code n} elements like {@code like}'s, which the caller writes whole and hands to {@link #upload}. */
    private static Object allocate(Tensor like, int n) {
        switch (like.dtype()) {
            case FLOAT32:   // on the CPU a released batch's array, when the steps release their batches
                return Internals.tensors().backend(like).scratchFloats(n);
            case FLOAT64:
                return Internals.tensors().backend(like).scratchDoubles(n);
            default:
                return new long[n];
        }
    }

    private static Tensor upload(Object data, int[] shape, DType dtype, Device device) {
        switch (dtype) {
            case FLOAT32:   // the batch array is this class's own: no copy
                return Internals.tensors().adopt((float[]) data, dtype, device, shape);
            case FLOAT64:
                return Internals.tensors().adopt((double[]) data, dtype, device, shape);
            case INT64:
                return Tensor.of((long[]) data, shape).to(device);
            case INT32:
            case UINT8:
                return Tensor.of((long[]) data, shape).to(dtype).to(device);
            default: {
                long[] v = (long[]) data;
                boolean[] b = new boolean[v.length];
                for (int i = 0; i < v.length; i++) {
                    b[i] = v[i] != 0;
                }
                return Tensor.of(b, shape).to(device);
            }
        }
    }
}
