package org.grad4j.io;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.grad4j.DType;
import org.grad4j.Tensor;
import org.grad4j.internal.Internals;
import org.grad4j.nn.Module;
import org.grad4j.optim.Optimizer;
import org.grad4j.optim.StateDict;
import org.grad4j.spi.Buffer;

/**
 * PyTorch's own checkpoint format, the zip archive of {@code torch.save} (PyTorch 1.6 and later): read and
 * written like {@code torch.load(f, weights_only=True)} and {@code torch.save(obj, f)}.
 *
 * <pre>{@code
 * TorchFiles.save(model.stateDict(), Path.of("model.pt"));          // torch.save(model.state_dict(), "model.pt")
 * model.loadStateDict(TorchFiles.load(Path.of("model.pt")));        // model.load_state_dict(torch.load("model.pt"))
 * Map<?, ?> ckpt = (Map<?, ?>) TorchFiles.loadObject(Path.of("ckpt.pt"));   // {'model': ..., 'epoch': 3}
 * TorchFiles.save(optimizer, Path.of("adam.pt"));                   // torch.save(optimizer.state_dict(), ...)
 * TorchFiles.load(Path.of("adam.pt"), optimizer);                   // optimizer.load_state_dict(torch.load(...))
 * }</pre>
 *
 * <p><b>Objects.</b> {@link #loadObject(Path)} maps Python values to Java ones: dict and OrderedDict to
 * {@link LinkedHashMap} (in file order; a state dict's {@code _metadata} attribute is dropped), list to
 * {@link ArrayList}, tuple to an unmodifiable {@link List}, int to {@link Long} (a {@link BigInteger} beyond 64
 * bits), float to {@link Double}, str to {@link String}, bytes to {@code byte[]}, bool to {@link Boolean}, None to
 * null, and tensors (and {@code nn.Parameter}s) to CPU {@link Tensor}s with their sizes, strides, storage offset
 * and {@code requires_grad}. Tensors that shared a storage in PyTorch share memory again. {@link #saveObject}
 * writes the same Java types (a {@link List} as a Python list; Integer, Short and Byte as int; Float as float).
 *
 * <p><b>Safety.</b> The pickle is read by a restricted unpickler that executes nothing: besides plain containers
 * only {@code collections.OrderedDict}, {@code torch._utils._rebuild_tensor_v2}, {@code _rebuild_parameter} and
 * torch's typed storages are allowed (PyTorch's {@code weights_only} list for these checkpoints); any other global
 * is refused with an {@link IOException} naming it. Every length, offset, size and CRC is checked: a truncated
 * or corrupted file is an {@link IOException} naming the file and the problem.
 *
 * <p><b>Dtypes.</b> float32, float64, int64, int32, uint8 and bool. Storages of other dtypes (float16,
 * bfloat16, int8, int16, complex, quantized) are refused, naming the dtype (no silent conversion); so are
 * big-endian archives ({@code byteorder} "big") and the legacy non-zip format of PyTorch before 1.6
 * ({@code _use_new_zipfile_serialization=False}).
 *
 * <p><b>Writing.</b> The archive has PyTorch 1.13's layout: {@code <name>/data.pkl} (pickle protocol 2, written as
 * CPython writes it), {@code <name>/data/<key>} per storage (keys numbered in order of first use, written in
 * sorted order), {@code <name>/version} = {@code "3"}, stored entries aligned on 64 bytes, where {@code <name>}
 * is the file name without its extension ({@code "archive"} for a stream). For the same state dict the bytes are
 * those of {@code torch.save(collections.OrderedDict(...), f)}. Each tensor's whole storage is written (as
 * PyTorch does for a view), tensors sharing memory share one storage, and every storage's location is
 * {@code "cpu"}, whatever the tensor's device, so the file loads without a GPU. A save to a path is atomic
 * (temporary file, {@code fsync}, rename). Archives of 4 GiB or more (zip64 entries) are read but not written.
 *
 * <p>Loaded tensors are on the CPU ({@code map_location="cpu"}); {@link #load(Path, Module)} copies them to the
 * module's device.
 */
public final class TorchFiles {
    private static final int CHUNK = 1 << 16;
    private static final String STORAGE = "storage";
    private static final String CPU = "cpu";
    private static final long MAX_ZIP32 = 0xFFFFFFFFL - (1 << 20);
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    private TorchFiles() {
    }

    // ------------------------------------------------------------------ loading

    /**
     * Loads a state dict saved with {@code torch.save(model.state_dict(), path)}: a dict of tensors by name.
     *
     * @param path the file to read
     * @return a new ordered map (file order) of new CPU tensors
     * @throws IOException if the file cannot be read or is not a valid {@code torch.save} archive
     * @throws IllegalArgumentException if the file holds something other than a dict from str to tensors
     *         ({@link #loadObject(Path)} reads any checkpoint)
     */
    public static Map<String, Tensor> load(Path path) throws IOException {
        return stateDict(loadObject(path), "TorchFiles.load(" + path + ")");
    }

    /**
     * {@link #load(Path)} from a stream (read to its end, into memory; not closed).
     *
     * @param in the archive's bytes
     * @return a new ordered map of new CPU tensors
     * @throws IOException if the stream cannot be read or is not a valid {@code torch.save} archive
     */
    public static Map<String, Tensor> load(InputStream in) throws IOException {
        return stateDict(loadObject(in), "TorchFiles.load(stream)");
    }

    /**
     * Loads any {@code torch.save} checkpoint of plain containers, numbers, strings and tensors, e.g.
     * {@code {'model': sd, 'optimizer': opt_sd, 'epoch': 3}}; see the class comment for the Java types.
     *
     * @param path the file to read
     * @return the loaded object (a Map, List, Long, Double, String, Boolean, Tensor, byte[] or null)
     * @throws IOException if the file cannot be read, is not a valid {@code torch.save} archive, or names a
     *         Python global that is not allowed
     */
    public static Object loadObject(Path path) throws IOException {
        if (path == null) {
            throw new IllegalArgumentException("TorchFiles.load: expected a path, got null");
        }
        String where = "TorchFiles.load(" + path + ")";
        if (Files.isDirectory(path)) {
            throw new IOException(where + ": " + path + " is a directory, expected a torch.save file");
        }
        FileChannel ch;
        try {
            ch = FileChannel.open(path, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(path.toString(), null, "TorchFiles.load: no such file");
        }
        try (TorchZip.Source src = TorchZip.of(ch)) {
            return read(src, where);
        }
    }

    /**
     * {@link #loadObject(Path)} from a stream (read to its end, into memory; not closed).
     *
     * @param in the archive's bytes
     * @return the loaded object
     * @throws IOException if the stream cannot be read or is not a valid {@code torch.save} archive
     */
    public static Object loadObject(InputStream in) throws IOException {
        if (in == null) {
            throw new IllegalArgumentException("TorchFiles.load: expected an input stream, got null");
        }
        String where = "TorchFiles.load(stream)";
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        byte[] chunk = new byte[CHUNK];
        for (int n; (n = in.read(chunk)) >= 0; ) {
            if (buf.size() > Integer.MAX_VALUE - 16 - n) {
                throw new IOException(where + ": the stream holds more than 2 GiB; load large checkpoints from a Path");
            }
            buf.write(chunk, 0, n);
        }
        try (TorchZip.Source src = TorchZip.of(buf.toByteArray())) {
            return read(src, where);
        }
    }

    /**
     * PyTorch's {@code model.load_state_dict(torch.load(path))}: strict, all-or-nothing (see
     * {@link Module#loadStateDict(Map)}), values cast to each parameter's dtype and device.
     *
     * @param path the file to read
     * @param module the module whose parameters and buffers are overwritten
     * @throws IOException if the file cannot be read or is not a valid {@code torch.save} archive
     * @throws IllegalArgumentException if the checkpoint does not match the module; nothing is loaded then
     */
    public static void load(Path path, Module module) throws IOException {
        Checkpoints.target("TorchFiles", path, "a module", module);
        Map<String, Tensor> state = load(path);
        Checkpoints.loadNamingFile(path, () -> module.loadStateDict(state));
    }

    /**
     * PyTorch's {@code optimizer.load_state_dict(torch.load(path))} for a file holding an optimizer's
     * {@code state_dict()}: {@code {'state': {index: {name: tensor}}, 'param_groups': [{..., 'params': [...]}]}},
     * written by PyTorch or by {@link #save(Optimizer, Path)}. All-or-nothing (see {@link Optimizer#loadStateDict}).
     *
     * @param path the file to read
     * @param optimizer the optimizer whose state and group options are replaced
     * @throws IOException if the file cannot be read or is not a valid {@code torch.save} archive
     * @throws IllegalArgumentException if the file is not an optimizer state dict or does not match the optimizer
     */
    public static void load(Path path, Optimizer optimizer) throws IOException {
        Checkpoints.target("TorchFiles", path, "an optimizer", optimizer);
        StateDict sd = optimizerStateDict(loadObject(path), "TorchFiles.load(" + path + ")");
        Checkpoints.loadNamingFile(path, () -> optimizer.loadStateDict(sd));
    }

    private static Map<String, Tensor> stateDict(Object o, String where) {
        if (!(o instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException(where + ": the file holds " + PickleReader.describe(o)
                    + ", not a state dict (a dict of tensors); use TorchFiles.loadObject");
        }
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (!(e.getKey() instanceof String k)) {
                throw new IllegalArgumentException(where + ": key " + PickleReader.describe(e.getKey())
                        + " is not a str: not a state dict; use TorchFiles.loadObject");
            }
            if (!(e.getValue() instanceof Tensor t)) {
                throw new IllegalArgumentException(where + ": '" + k + "' is " + PickleReader.describe(e.getValue())
                        + ", not a tensor: not a state dict (a checkpoint like {'model': ..., 'epoch': 3}?); "
                        + "use TorchFiles.loadObject");
            }
            out.put(k, t);
        }
        return out;
    }

    private static StateDict optimizerStateDict(Object o, String where) {
        if (!(o instanceof Map<?, ?> m) || !(m.get("state") instanceof Map<?, ?> state)
                || !(m.get("param_groups") instanceof List<?> groups)) {
            throw new IllegalArgumentException(where + ": the file holds " + PickleReader.describe(o)
                    + ", not an optimizer state dict {'state': {...}, 'param_groups': [...]}");
        }
        Map<Integer, Map<String, Tensor>> st = new TreeMap<>();
        for (Map.Entry<?, ?> e : state.entrySet()) {
            if (!(e.getKey() instanceof Long id) || id < 0 || id > Integer.MAX_VALUE
                    || !(e.getValue() instanceof Map<?, ?> values)) {
                throw new IllegalArgumentException(where + ": state key " + PickleReader.describe(e.getKey())
                        + " must be a parameter index with a dict of values");
            }
            Map<String, Tensor> ps = new LinkedHashMap<>();
            for (Map.Entry<?, ?> f : values.entrySet()) {
                Object v = f.getValue();
                if (!(f.getKey() instanceof String name)) {
                    throw new IllegalArgumentException(where + ": state " + id + " has a key that is not a str");
                }
                if (v instanceof Long || v instanceof Double) {   // a step saved as a number (PyTorch < 1.12)
                    v = Tensor.scalar(((Number) v).doubleValue()).to(DType.FLOAT32);
                }
                if (v != null && !(v instanceof Tensor)) {
                    throw new IllegalArgumentException(where + ": state " + id + "." + name + " is "
                            + PickleReader.describe(v) + ", expected a tensor");
                }
                ps.put(name, (Tensor) v);
            }
            st.put((int) (long) id, ps);
        }
        List<Map<String, Object>> pg = new ArrayList<>();
        for (Object g : groups) {
            if (!(g instanceof Map<?, ?> gm)) {
                throw new IllegalArgumentException(where + ": param_groups holds " + PickleReader.describe(g)
                        + ", expected dicts");
            }
            Map<String, Object> group = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : gm.entrySet()) {
                if (!(e.getKey() instanceof String k)) {
                    throw new IllegalArgumentException(where + ": a param group has a key that is not a str");
                }
                Object v = e.getValue();
                if (v == null) {
                    continue;   // foreach=None, maximize... as PyTorch's defaults; grad4j's options are never None
                }
                group.put(k, v);
            }
            pg.add(group);
        }
        return new StateDict(st, pg);
    }

    /** Reads the archive: finds its records, checks the byte order, unpickles data.pkl. */
    private static Object read(TorchZip.Source src, String where) throws IOException {
        long size = src.size();
        if (size >= 2) {
            ByteBuffer head = ByteBuffer.allocate(2);
            src.read(0, head);
            if ((head.get(0) & 0xFF) == 0x80 && head.get(1) == 2) {
                throw new IOException(where + ": this is PyTorch's legacy (pre-1.6, non-zip) torch.save format, "
                        + "which is not supported; re-save it with torch.save(obj, f) in PyTorch >= 1.6 "
                        + "(_use_new_zipfile_serialization=True, the default)");
            }
            if (head.get(0) != 'P' || head.get(1) != 'K') {
                throw new IOException(where + ": not a torch.save file: it starts with bytes 0x"
                        + Integer.toHexString(head.get(0) & 0xFF) + " 0x" + Integer.toHexString(head.get(1) & 0xFF)
                        + ", expected a zip archive ('PK')");
            }
        }
        TorchZip.Reader zip = new TorchZip.Reader(src, where);
        if (zip.entries.isEmpty()) {
            throw new IOException(where + ": the zip archive is empty, expected <name>/data.pkl");
        }
        String first = zip.entries.keySet().iterator().next();
        int slash = first.indexOf('/');
        String prefix = slash < 0 ? "" : first.substring(0, slash + 1);
        TorchZip.Entry pkl = zip.entries.get(prefix + "data.pkl");
        if (pkl == null) {
            throw new IOException(where + ": no record " + prefix + "data.pkl: not a torch.save archive"
                    + (zip.entries.containsKey(prefix + "constants.pkl") ? " (a TorchScript archive from torch.jit.save?)" : ""));
        }
        if (zip.entries.containsKey(prefix + "constants.pkl") || zip.entries.keySet().stream().anyMatch(n -> n.startsWith(prefix + "code/"))) {
            throw new IOException(where + ": a TorchScript archive (torch.jit.save), not a torch.save checkpoint");
        }
        TorchZip.Entry order = zip.entries.get(prefix + "byteorder");
        if (order != null) {
            String bo = new String(zip.readAll(order), StandardCharsets.US_ASCII).trim();
            if (!bo.equals("little")) {
                throw new IOException(where + ": byteorder is '" + bo + "'; only little-endian archives are supported");
            }
        }
        byte[] pickle = zip.readAll(pkl);
        TorchPickle resolver = new TorchPickle(where, new TorchPickle.Records() {
            @Override
            public TorchZip.Entry entry(String key) throws IOException {
                TorchZip.Entry e = zip.entries.get(prefix + "data/" + key);
                if (e == null) {
                    throw new IOException(where + ": storage '" + key + "' has no record " + prefix + "data/" + key
                            + " (truncated or corrupted archive)");
                }
                return e;
            }

            @Override
            public void read(TorchZip.Entry e, TorchZip.Chunks sink) throws IOException {
                zip.read(e, CHUNK * 8, sink);
            }
        });
        return PickleReader.read(pickle, where + ": " + prefix + "data.pkl", resolver);
    }

    // ------------------------------------------------------------------ saving

    /**
     * PyTorch's {@code torch.save(state_dict, path)}: writes the tensors, by name in the map's order, as an
     * {@code OrderedDict}; atomically.
     *
     * @param stateDict the tensors by name (e.g. {@link Module#stateDict()})
     * @param path the file to write (replaced if it exists); its name without extension names the archive
     * @throws IOException if the file cannot be written
     */
    public static void save(Map<String, Tensor> stateDict, Path path) throws IOException {
        checkStateDict(stateDict, path);
        Plan plan = plan(orderedDict(stateDict), path.toString());   // every tensor checked before the file is touched
        writeAtomically(path, out -> plan.write(archiveName(path), out));
    }

    /**
     * {@link #save(Map, Path)} to a stream (archive name {@code "archive"}, as PyTorch's for a buffer); not closed.
     *
     * @param stateDict the tensors by name
     * @param out the stream written to
     * @throws IOException if the stream cannot be written
     */
    public static void save(Map<String, Tensor> stateDict, OutputStream out) throws IOException {
        checkStateDict(stateDict, "stream");
        if (out == null) {
            throw new IllegalArgumentException("TorchFiles.save: expected an output stream, got null");
        }
        plan(orderedDict(stateDict), "stream").write("archive", out);
    }

    /**
     * PyTorch's {@code torch.save(optimizer.state_dict(), path)}: {@code {'state': {index: {name: tensor}},
     * 'param_groups': [{option: value, ..., 'params': [indices]}]}}, which PyTorch's {@code load_state_dict} reads
     * for an optimizer of the same kind over the same parameters.
     *
     * @param optimizer the optimizer whose state is saved
     * @param path the file to write (replaced if it exists)
     * @throws IOException if the file cannot be written
     */
    public static void save(Optimizer optimizer, Path path) throws IOException {
        if (optimizer == null) {
            throw new IllegalArgumentException("TorchFiles.save(" + path + "): expected an optimizer, got null");
        }
        saveObject(torchStateDict(optimizer.stateDict()), path);
    }

    /**
     * An optimizer's state dict as PyTorch's {@code optimizer.state_dict()} object, to save inside a larger
     * checkpoint with {@link #saveObject}: {@code {"state": {index: {name: tensor}}, "param_groups": [...]}}.
     *
     * @param stateDict an optimizer's {@link Optimizer#stateDict()}
     * @return a new map of new maps and lists over the same tensors
     */
    public static Map<Object, Object> torchStateDict(StateDict stateDict) {
        if (stateDict == null) {
            throw new IllegalArgumentException("TorchFiles.torchStateDict: expected a state dict, got null");
        }
        Map<Object, Object> state = new LinkedHashMap<>();
        stateDict.state().forEach((k, v) -> {
            if (k == null || v == null) {
                throw new IllegalArgumentException("TorchFiles.torchStateDict: expected a parameter index and its state, "
                        + "got " + k + " -> " + (v == null ? "null" : v.keySet()));
            }
            state.put((long) k, new LinkedHashMap<Object, Object>(v));
        });
        List<Object> groups = new ArrayList<>();
        for (Map<String, Object> g : stateDict.paramGroups()) {
            if (g == null) {
                throw new IllegalArgumentException("TorchFiles.torchStateDict: param group " + groups.size() + " is null");
            }
            groups.add(new LinkedHashMap<Object, Object>(g));
        }
        Map<Object, Object> top = new LinkedHashMap<>();
        top.put("state", state);
        top.put("param_groups", groups);
        return top;
    }

    /**
     * The optimizer state dict inside a loaded checkpoint (e.g. {@code loadObject(path)}'s {@code "optimizer"}),
     * for {@link Optimizer#loadStateDict}: parameter indices as ints, a step saved as a number becomes a float32
     * 0-d tensor, options that are None in PyTorch ({@code foreach}, ...) are left out.
     *
     * @param torchStateDict PyTorch's {@code optimizer.state_dict()} as {@link #loadObject(Path)} returns it
     * @return the state dict
     * @throws IllegalArgumentException if {@code torchStateDict} does not have that layout
     */
    public static StateDict optimizerStateDict(Object torchStateDict) {
        return optimizerStateDict(torchStateDict, "TorchFiles.optimizerStateDict");
    }

    /**
     * PyTorch's {@code torch.save(obj, path)} for plain containers: Map (dict), List (list), Tensor, String,
     * Long/Integer/Short/Byte/BigInteger (int), Double/Float (float), Boolean, byte[] and null, nested; atomically.
     *
     * @param obj the object to save
     * @param path the file to write (replaced if it exists)
     * @throws IOException if the file cannot be written
     * @throws IllegalArgumentException if {@code obj} holds a value of another type
     */
    public static void saveObject(Object obj, Path path) throws IOException {
        if (path == null) {
            throw new IllegalArgumentException("TorchFiles.save: expected a path, got null");
        }
        Plan plan = plan(obj, path.toString());   // checks every value before the file is touched
        writeAtomically(path, out -> plan.write(archiveName(path), out));
    }

    /**
     * {@link #saveObject(Object, Path)} to a stream (archive name {@code "archive"}); not closed.
     *
     * @param obj the object to save
     * @param out the stream written to
     * @throws IOException if the stream cannot be written
     */
    public static void saveObject(Object obj, OutputStream out) throws IOException {
        if (out == null) {
            throw new IllegalArgumentException("TorchFiles.save: expected an output stream, got null");
        }
        plan(obj, "stream").write("archive", out);
    }

    private static void checkStateDict(Map<String, Tensor> stateDict, Object where) {
        if (where == null) {
            throw new IllegalArgumentException("TorchFiles.save: expected a path, got null");
        }
        if (stateDict == null) {
            throw new IllegalArgumentException("TorchFiles.save(" + where + "): expected a state dict, got null");
        }
        for (Map.Entry<String, Tensor> e : stateDict.entrySet()) {
            if (e.getKey() == null || e.getValue() == null) {
                throw new IllegalArgumentException("TorchFiles.save(" + where + "): a state dict needs non-null names and "
                        + "tensors, got " + e.getKey() + "=" + e.getValue());
            }
            if (e.getValue().isReleased()) {
                throw new IllegalArgumentException("TorchFiles.save(" + where + "): tensor '" + e.getKey() + "' was released");
            }
        }
    }

    /** A state dict's OrderedDict marker: written with {@code collections.OrderedDict}, as state_dict() is. */
    private record OrderedDict(Map<?, ?> items) {
    }

    private static OrderedDict orderedDict(Map<String, Tensor> sd) {
        return new OrderedDict(sd);
    }

    /** PyTorch's archive name: the file name after the last separator, without its last extension. */
    static String archiveName(Path path) {
        String s = path.toString();
        int start = Math.max(s.lastIndexOf('/'), s.lastIndexOf('\\')) + 1;
        int dot = s.lastIndexOf('.');
        String name = dot >= start ? s.substring(start, dot) : s.substring(start);
        return name.isEmpty() ? "archive" : name;
    }

    /** One storage to write: the tensor whose whole buffer it is, its key and element count. */
    private record StorageOut(String key, Tensor any, int numel) {
    }

    /** The pickled object and the storages it refers to, ready to write. */
    private record Plan(byte[] pickle, List<StorageOut> storages) {
        void write(String archive, OutputStream sink) throws IOException {
            long total = pickle.length + 4096;
            for (StorageOut s : storages) {
                total += (long) s.numel * s.any.dtype().byteSize() + 200;
            }
            if (total > MAX_ZIP32) {
                throw new IOException("TorchFiles.save: the checkpoint needs about " + total + " bytes; archives of 4 GiB "
                        + "or more (zip64 entries) are not written");
            }
            OutputStream out = sink instanceof BufferedOutputStream ? sink : new BufferedOutputStream(sink, CHUNK * 4);
            TorchZip.Writer zip = new TorchZip.Writer(out);
            zip.entry(archive + "/data.pkl", pickle.length, o -> o.write(pickle));
            List<StorageOut> sorted = new ArrayList<>(storages);
            sorted.sort((a, b) -> a.key.compareTo(b.key));   // PyTorch writes sorted(keys): "0", "1", "10", "2"...
            for (StorageOut s : sorted) {
                zip.entry(archive + "/data/" + s.key, (long) s.numel * s.any.dtype().byteSize(), o -> writeStorage(s, o));
            }
            zip.entry(archive + "/version", 2, o -> o.write("3\n".getBytes(StandardCharsets.US_ASCII)));
            zip.finish();
            out.flush();
        }
    }

    private static final int MAX_DEPTH = 1000;

    /** Pickles {@code obj} (checking every value), collecting the storages of its tensors. */
    private static Plan plan(Object obj, String where) {
        PickleWriter w = new PickleWriter();
        Map<Buffer, StorageOut> storages = new IdentityHashMap<>();
        List<StorageOut> order = new ArrayList<>();
        writeValue(w, obj, storages, order, where, "the object", 0);
        return new Plan(w.finish(), order);
    }

    private static void writeValue(PickleWriter w, Object v, Map<Buffer, StorageOut> storages, List<StorageOut> order,
                                   String where, String at, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("TorchFiles.save(" + where + "): " + at + " is nested deeper than "
                    + MAX_DEPTH + " levels");
        }
        if (v == null) {
            w.none();
        } else if (v instanceof Boolean b) {
            w.bool(b);
        } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            w.integer(((Number) v).longValue());
        } else if (v instanceof BigInteger b) {
            if (b.bitLength() < 64) {
                w.integer(b.longValue());
            } else {
                w.bigInteger(b);
            }
        } else if (v instanceof Double || v instanceof Float) {
            w.floating(((Number) v).doubleValue());
        } else if (v instanceof String s) {
            w.string(s);
        } else if (v instanceof byte[] b) {
            throw new IllegalArgumentException("TorchFiles.save(" + where + "): " + at + " is a byte[]: bytes cannot be "
                    + "written with pickle protocol 2 as torch.save writes them");
        } else if (v instanceof Tensor t) {
            writeTensor(w, t, storages, order, where, at);
        } else if (v instanceof OrderedDict od) {
            w.global("collections", "OrderedDict");
            w.beginTuple(0);
            w.op('R');
            w.memoPut(od);
            w.orderedDictItems(flatten(od.items), item -> writeValue(w, item, storages, order, where, at, depth + 1));
        } else if (v instanceof Map<?, ?> m) {
            if (w.memoGet(m)) {
                return;
            }
            w.op('}');
            w.memoPut(m);
            w.dictItems(flatten(m), item -> writeValue(w, item, storages, order, where, at + "[...]", depth + 1));
        } else if (v instanceof List<?> l) {
            if (w.memoGet(l)) {
                return;
            }
            w.op(']');
            w.memoPut(l);
            w.listItems(l, item -> writeValue(w, item, storages, order, where, at + "[...]", depth + 1));
        } else {
            throw new IllegalArgumentException("TorchFiles.save(" + where + "): " + at + " holds a "
                    + v.getClass().getName() + "; only Map, List, Tensor, String, Boolean, integers, Double, Float "
                    + "and null can be saved");
        }
    }

    private static List<Object> flatten(Map<?, ?> m) {
        List<Object> out = new ArrayList<>(m.size() * 2);
        for (Map.Entry<?, ?> e : m.entrySet()) {
            out.add(e.getKey());
            out.add(e.getValue());
        }
        return out;
    }

    /** {@code _rebuild_tensor_v2(('storage', torch.XStorage, key, 'cpu', numel), offset, size, stride, rg, OrderedDict())}. */
    private static void writeTensor(PickleWriter w, Tensor t, Map<Buffer, StorageOut> storages, List<StorageOut> order,
                                    String where, String at) {
        if (t.isReleased()) {
            throw new IllegalArgumentException("TorchFiles.save(" + where + "): " + at + " holds a released tensor");
        }
        if (w.memoGet(t)) {
            return;
        }
        org.grad4j.spi.Strided layout = Internals.tensors().strided(t);
        Buffer buffer = layout.buffer();
        StorageOut s = storages.get(buffer);
        if (s == null) {
            s = new StorageOut(Integer.toString(storages.size()), t, buffer.length());
            storages.put(buffer, s);
            order.add(s);
        } else if (s.any.dtype() != t.dtype()) {
            throw new IllegalArgumentException("TorchFiles.save(" + where + "): tensors of dtypes " + s.any.dtype()
                    + " and " + t.dtype() + " share memory; PyTorch cannot save that");
        }
        int[] shape = t.shape();
        boolean empty = t.numel() == 0;
        w.global("torch._utils", "_rebuild_tensor_v2");
        w.op('(');
        w.op('(');
        w.string(STORAGE);
        w.global("torch", storageClass(t.dtype()));
        w.string(s.key);
        w.string(CPU);
        w.integer(s.numel);
        w.op('t');
        w.memoPut(new Object());
        w.op('Q');
        w.integer(empty ? 0 : layout.offset());
        w.intTuple(shape);
        w.intTuple(t.stride());
        w.bool(t.requiresGrad());
        w.global("collections", "OrderedDict");
        w.beginTuple(0);
        w.op('R');
        w.memoPut(new Object());
        w.op('t');
        w.memoPut(new Object());
        w.op('R');
        w.memoPut(t);
    }

    private static String storageClass(DType dtype) {
        return switch (dtype) {
            case FLOAT32 -> "FloatStorage";
            case FLOAT64 -> "DoubleStorage";
            case INT64 -> "LongStorage";
            case INT32 -> "IntStorage";
            case UINT8 -> "ByteStorage";
            case BOOL -> "BoolStorage";
        };
    }

    /** Writes a storage's whole buffer, little-endian, in chunks. */
    private static void writeStorage(StorageOut s, OutputStream out) throws IOException {
        DType dtype = s.any.dtype();
        Tensor all = Internals.tensors().overStorage(s.any, new int[] {s.numel}, new int[] {1}, 0);
        int width = dtype.byteSize();
        ByteBuffer buf = ByteBuffer.allocate(CHUNK * 8).order(ByteOrder.LITTLE_ENDIAN);
        if (dtype == DType.FLOAT32) {
            float[] v = all.toFloatArray();
            for (int i = 0; i < v.length; i += CHUNK) {
                buf.clear();
                for (int j = i; j < Math.min(v.length, i + CHUNK); j++) {
                    buf.putFloat(v[j]);
                }
                out.write(buf.array(), 0, buf.position());
            }
        } else if (dtype == DType.FLOAT64) {
            double[] v = all.toDoubleArray();
            for (int i = 0; i < v.length; i += CHUNK) {
                buf.clear();
                for (int j = i; j < Math.min(v.length, i + CHUNK); j++) {
                    buf.putDouble(v[j]);
                }
                out.write(buf.array(), 0, buf.position());
            }
        } else {
            long[] v = all.toLongArray();
            for (int i = 0; i < v.length; i += CHUNK) {
                buf.clear();
                for (int j = i; j < Math.min(v.length, i + CHUNK); j++) {
                    if (width == 1) {
                        buf.put((byte) v[j]);
                    } else if (width == 4) {
                        buf.putInt((int) v[j]);
                    } else {
                        buf.putLong(v[j]);
                    }
                }
                out.write(buf.array(), 0, buf.position());
            }
        }
    }

    /** Writes the file's content. */
    @FunctionalInterface
    private interface Content {
        void write(OutputStream out) throws IOException;
    }

    /** Temporary file in the target's directory, fsync, atomic rename: a crash leaves the old file or the new one. */
    private static void writeAtomically(Path path, Content content) throws IOException {
        Path target = path.toAbsolutePath();
        Path dir = target.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new IOException("TorchFiles.save(" + path + "): directory " + dir + " does not exist");
        }
        // CREATE_NEW without explicit permissions: the file gets the umask's, as PyTorch's open() gives
        // (Files.createTempFile would make it readable by its owner only).
        Path tmp = dir.resolve("." + target.getFileName() + "." + Long.toUnsignedString(RANDOM.nextLong(), 36) + ".tmp");
        FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW);
        boolean done = false;
        try {
            try (ch) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), CHUNK * 4);
                content.write(out);
                out.flush();
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            done = true;
        } finally {
            if (!done) {
                Files.deleteIfExists(tmp);
            }
        }
    }
}
