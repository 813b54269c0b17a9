package org.grad4j.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Tensor;
import org.grad4j.internal.Internals;

/**
 * What a {@code torch.save} pickle may call, as PyTorch's {@code weights_only} unpickler allows: an
 * {@code OrderedDict}, {@code torch._utils._rebuild_tensor_v2} and {@code _rebuild_parameter}, and the typed
 * storage classes inside persistent ids. Tensors are rebuilt over their storage (read once per key, so tensors
 * that shared a storage share it again) with the saved offset, sizes and strides.
 */
final class TorchPickle implements PickleReader.Resolver {
    /** The callables a checkpoint may name. */
    private enum Callable {
        ORDERED_DICT, REBUILD_TENSOR_V2, REBUILD_PARAMETER, REBUILD_PARAMETER_WITH_STATE, SIZE
    }

    /** A {@code torch.<Name>Storage} class: the dtype of its elements, or null for one grad4j lacks. */
    private record StorageType(String name, DType dtype, String torchDtype) {
        @Override
        public String toString() {
            return "torch." + name;
        }
    }

    /** A storage as a persistent id names it, with its data loaded as one contiguous tensor. */
    private record Storage(String key, DType dtype, long numel, Tensor data) {
        @Override
        public String toString() {
            return "storage '" + key + "'";
        }
    }

    /** Reads a storage record: {@code data/<key>} of exactly {@code bytes} bytes, in chunks. */
    interface Records {
        TorchZip.Entry entry(String key) throws IOException;

        void read(TorchZip.Entry e, TorchZip.Chunks sink) throws IOException;
    }

    private final String where;
    private final Records records;
    private final Map<String, Storage> storages = new HashMap<>();

    TorchPickle(String where, Records records) {
        this.where = where;
        this.records = records;
    }

    private IOException bad(String what) {
        return new IOException(where + ": " + what);
    }

    @Override
    public Object global(String module, String name) throws IOException {
        String qualified = module + "." + name;
        switch (qualified) {
            case "collections.OrderedDict":
                return Callable.ORDERED_DICT;
            case "torch._utils._rebuild_tensor_v2":
                return Callable.REBUILD_TENSOR_V2;
            case "torch._utils._rebuild_parameter":
                return Callable.REBUILD_PARAMETER;
            case "torch._utils._rebuild_parameter_with_state":   // PyTorch 2's, for a Parameter with attributes
                return Callable.REBUILD_PARAMETER_WITH_STATE;
            case "torch.Size":
                return Callable.SIZE;
            default:
                break;
        }
        if (module.equals("torch") && name.endsWith("Storage")) {
            StorageType t = storageType(name);
            if (t != null) {
                return t;
            }
        }
        throw bad("data.pkl names the Python global '" + qualified + "', which is not allowed. Only "
                + "collections.OrderedDict, torch.Size, torch._utils._rebuild_tensor_v2, torch._utils._rebuild_parameter and "
                + "torch's typed storages may appear (as torch.load(weights_only=True)): nothing else is executed. "
                + "Save plain containers of tensors, numbers and strings (e.g. model.state_dict()), not pickled "
                + "Python objects");
    }

    private static StorageType storageType(String name) {
        return switch (name) {
            case "FloatStorage" -> new StorageType(name, DType.FLOAT32, "float32");
            case "DoubleStorage" -> new StorageType(name, DType.FLOAT64, "float64");
            case "LongStorage" -> new StorageType(name, DType.INT64, "int64");
            case "IntStorage" -> new StorageType(name, DType.INT32, "int32");
            case "ByteStorage" -> new StorageType(name, DType.UINT8, "uint8");
            case "BoolStorage" -> new StorageType(name, DType.BOOL, "bool");
            case "HalfStorage" -> new StorageType(name, null, "float16");
            case "BFloat16Storage" -> new StorageType(name, null, "bfloat16");
            case "CharStorage" -> new StorageType(name, null, "int8");
            case "ShortStorage" -> new StorageType(name, null, "int16");
            case "ComplexFloatStorage" -> new StorageType(name, null, "complex64");
            case "ComplexDoubleStorage" -> new StorageType(name, null, "complex128");
            case "QInt8Storage" -> new StorageType(name, null, "qint8");
            case "QUInt8Storage" -> new StorageType(name, null, "quint8");
            case "QInt32Storage" -> new StorageType(name, null, "qint32");
            default -> null;
        };
    }

    @Override
    public Object reduce(Object callable, List<Object> args) throws IOException {
        if (callable == Callable.ORDERED_DICT) {
            return orderedDict(args);
        }
        if (callable == Callable.REBUILD_TENSOR_V2) {
            return rebuildTensor(args);
        }
        if (callable == Callable.REBUILD_PARAMETER || callable == Callable.REBUILD_PARAMETER_WITH_STATE) {
            int n = callable == Callable.REBUILD_PARAMETER ? 3 : 4;
            if (args.size() != n || !(args.get(0) instanceof Tensor t) || !(args.get(1) instanceof Boolean rg)) {
                throw bad("_rebuild_parameter expects (tensor, requires_grad, backward_hooks" + (n == 4 ? ", state" : "")
                        + "), got " + args.size() + " argument(s)");
            }
            checkHooks(args.get(2));
            if (n == 4 && args.get(3) != null && !(args.get(3) instanceof Map<?, ?> m && m.isEmpty())) {
                throw bad("a Parameter carries Python attributes " + PickleReader.describe(args.get(3)) + "; not supported");
            }
            return requiresGrad(t, rg);
        }
        if (callable == Callable.SIZE) {
            // torch.Size((2, 3)): a tuple of ints
            if (args.size() != 1 || !(args.get(0) instanceof List<?> dims) || dims instanceof ArrayList
                    || !dims.stream().allMatch(d -> d instanceof Long)) {
                throw bad("torch.Size expects one tuple of ints");
            }
            return args.get(0);
        }
        throw bad("data.pkl calls " + PickleReader.describe(callable) + ", which is not callable here");
    }

    private Object orderedDict(List<Object> args) throws IOException {
        Map<Object, Object> out = new LinkedHashMap<>();
        if (args.isEmpty()) {
            return out;
        }
        if (args.size() == 1 && args.get(0) instanceof List<?> pairs) {
            for (Object p : pairs) {
                if (!(p instanceof List<?> kv) || kv.size() != 2) {
                    throw bad("OrderedDict(...) expects (key, value) pairs, got " + PickleReader.describe(p));
                }
                out.put(kv.get(0), kv.get(1));
            }
            return out;
        }
        throw bad("OrderedDict(...) expects no argument or a list of pairs, got " + args.size() + " argument(s)");
    }

    @Override
    public Object build(Object target, Object state) throws IOException {
        // An OrderedDict's attributes (state_dict()'s _metadata: module versions) do not change its items.
        if (target instanceof LinkedHashMap<?, ?>) {
            return target;
        }
        throw bad("BUILD on " + PickleReader.describe(target) + " is not allowed");
    }

    @Override
    public Object persistent(Object pid) throws IOException {
        if (!(pid instanceof List<?> t) || t.size() != 5 || !"storage".equals(t.get(0))) {
            throw bad("persistent id " + PickleReader.describe(pid)
                    + " is not ('storage', type, key, location, numel)");
        }
        if (!(t.get(1) instanceof StorageType type)) {
            throw bad("persistent id names " + PickleReader.describe(t.get(1)) + " as its storage type");
        }
        if (!(t.get(2) instanceof String key) || !(t.get(3) instanceof String) || !(t.get(4) instanceof Long numel)
                || numel < 0) {
            throw bad("persistent id of a " + type + " has a malformed key, location or size");
        }
        if (type.dtype == null) {
            throw bad("storage '" + key + "' is a " + type + " (" + type.torchDtype + "), a dtype grad4j does not have. "
                    + "Convert it before saving (e.g. model.float().state_dict() for float16/bfloat16)");
        }
        Storage s = storages.get(key);
        if (s == null) {
            s = loadStorage(key, type.dtype, numel);
            storages.put(key, s);
        } else if (s.dtype != type.dtype || s.numel != numel) {
            throw bad("storage '" + key + "' is used as " + s.numel + " " + s.dtype + " and as " + numel + " " + type.dtype);
        }
        return s;
    }

    private Storage loadStorage(String key, DType dtype, long numel) throws IOException {
        TorchZip.Entry e = records.entry(key);
        int width = dtype.byteSize();
        if (numel > Integer.MAX_VALUE || e.size() != numel * width) {
            throw bad("storage '" + key + "' should hold " + numel + " " + dtype + " element(s) (" + numel * width
                    + " bytes), but its record data/" + key + " has " + e.size() + " bytes");
        }
        int n = (int) numel;
        Tensor data;
        try {
            if (dtype == DType.FLOAT32) {
                float[] v = new float[n];
                int[] at = {0};
                records.read(e, b -> {
                    int m = b.remaining() / 4;
                    b.asFloatBuffer().get(v, at[0], m);
                    at[0] += m;
                });
                data = Tensor.of(v, DType.FLOAT32, Device.CPU, n);
            } else if (dtype == DType.FLOAT64) {
                double[] v = new double[n];
                int[] at = {0};
                records.read(e, b -> {
                    int m = b.remaining() / 8;
                    b.asDoubleBuffer().get(v, at[0], m);
                    at[0] += m;
                });
                data = Tensor.of(v, DType.FLOAT64, Device.CPU, n);
            } else {
                long[] v = new long[n];
                int[] at = {0};
                records.read(e, b -> {
                    while (b.hasRemaining()) {
                        v[at[0]++] = element(b, dtype);
                    }
                });
                data = dtype == DType.INT64 ? Tensor.of(v, n) : Tensor.of(v, n).to(dtype);
            }
        } catch (OutOfMemoryError oom) {
            throw new IllegalStateException(where + ": out of memory for storage '" + key + "' of " + numel + " "
                    + dtype + " element(s); the Java heap's maximum is " + Runtime.getRuntime().maxMemory() + " bytes (-Xmx)", oom);
        }
        return new Storage(key, dtype, numel, data);
    }

    private static long element(ByteBuffer b, DType dtype) {
        return switch (dtype) {
            case INT32 -> b.getInt();
            case UINT8 -> b.get() & 0xFF;
            case BOOL -> b.get() != 0 ? 1 : 0;
            default -> b.getLong();
        };
    }

    /** {@code _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])}. */
    private Tensor rebuildTensor(List<Object> a) throws IOException {
        if (a.size() != 6 && a.size() != 7) {
            throw bad("_rebuild_tensor_v2 expects 6 arguments, got " + a.size());
        }
        if (!(a.get(0) instanceof Storage s)) {
            throw bad("_rebuild_tensor_v2's storage is " + PickleReader.describe(a.get(0)));
        }
        if (!(a.get(1) instanceof Long offset) || offset < 0) {
            throw bad("_rebuild_tensor_v2's storage offset is " + PickleReader.describe(a.get(1)) + ", expected an int >= 0");
        }
        int[] size = ints(a.get(2), "size");
        int[] stride = ints(a.get(3), "stride");
        if (size.length != stride.length) {
            throw bad("a tensor on " + s + " has size " + Arrays.toString(size) + " but stride " + Arrays.toString(stride));
        }
        if (!(a.get(4) instanceof Boolean requiresGrad)) {
            throw bad("_rebuild_tensor_v2's requires_grad is " + PickleReader.describe(a.get(4)));
        }
        checkHooks(a.get(5));
        if (a.size() == 7 && a.get(6) != null && !(a.get(6) instanceof Map<?, ?> m && m.isEmpty())) {
            throw bad("a tensor on " + s + " carries metadata " + PickleReader.describe(a.get(6)) + ", not supported");
        }
        long numel = 1;
        long extent = 1;
        long last = offset;
        for (int i = 0; i < size.length; i++) {
            numel *= size[i];
            extent *= Math.max(size[i], 1);
            if (extent > Integer.MAX_VALUE) {
                throw bad("a tensor of size " + Arrays.toString(size) + " is too large: grad4j indexes at most 2^31-1 elements");
            }
            last += (long) Math.max(size[i] - 1, 0) * stride[i];
        }
        if (numel > 0 && last >= s.numel) {
            throw bad("a tensor of size " + Arrays.toString(size) + ", stride " + Arrays.toString(stride) + " and offset "
                    + offset + " reaches element " + last + " of " + s + ", which has " + s.numel + " element(s)");
        }
        if (numel > 0 && offset > Integer.MAX_VALUE) {
            throw bad("storage offset " + offset + " is beyond grad4j's 2^31-1 elements");
        }
        Tensor t = Internals.tensors().overStorage(s.data, size, stride, numel == 0 ? 0 : (int) (long) offset);
        return requiresGrad(t, requiresGrad);
    }

    private Tensor requiresGrad(Tensor t, boolean requiresGrad) throws IOException {
        if (requiresGrad && !t.dtype().isFloatingPoint()) {
            throw bad("a " + t.dtype() + " tensor is saved with requires_grad=True; only floating-point tensors can require gradients");
        }
        if (requiresGrad != t.requiresGrad()) {
            t.requiresGrad_(requiresGrad);
        }
        return t;
    }

    private void checkHooks(Object hooks) throws IOException {
        if (hooks != null && !(hooks instanceof Map<?, ?> m && m.isEmpty())) {
            throw bad("a tensor carries backward hooks " + PickleReader.describe(hooks) + "; hooks are not loaded");
        }
    }

    private int[] ints(Object o, String what) throws IOException {
        if (!(o instanceof List<?> l)) {
            throw bad("_rebuild_tensor_v2's " + what + " is " + PickleReader.describe(o) + ", expected a tuple of ints");
        }
        if (l.size() > 64) {
            throw bad("_rebuild_tensor_v2's " + what + " has " + l.size() + " dimensions, at most 64 are supported");
        }
        int[] out = new int[l.size()];
        List<Object> copy = new ArrayList<>(l);
        for (int i = 0; i < out.length; i++) {
            if (!(copy.get(i) instanceof Long v) || v < 0 || v > Integer.MAX_VALUE) {
                throw bad("_rebuild_tensor_v2's " + what + " " + l + " must hold ints in [0, 2^31)");
            }
            out[i] = (int) (long) v;
        }
        return out;
    }
}
