package org.grad4j.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Tensor;
import org.grad4j.nn.Module;
import org.grad4j.optim.LBFGS;
import org.grad4j.optim.Optimizer;
import org.grad4j.optim.StateDict;

/**
 * Reads and writes the <a href="https://github.com/huggingface/safetensors">safetensors</a> format:
 * an 8-byte little-endian header length, a JSON header
 * {@code {"name": {"dtype": "F32", "shape": [2, 3], "data_offsets": [0, 24]}, "__metadata__": {...}}},
 * then the raw little-endian data. Files written here load in PyTorch (and by the {@code safetensors}
 * package); files written by PyTorch's {@code safetensors.torch.save_file} with F32/F64/I64/I32/U8/BOOL tensors load here.
 *
 * <pre>{@code
 * Safetensors.save(Path.of("model.safetensors"), model);          // atomic
 * Safetensors.load(Path.of("model.safetensors"), model);          // all-or-nothing
 * Safetensors.save(Path.of("adam.safetensors"), optimizer);       // state.<i>.exp_avg, ...; groups in metadata
 * Map<String, Tensor> raw = Safetensors.load(Path.of("model.safetensors"));
 * }</pre>
 *
 * <p><b>Atomicity.</b> Every save writes a temporary file in the target's directory, forces it to disk,
 * and renames it over the target ({@code ATOMIC_MOVE}, or {@code REPLACE_EXISTING} where the file system
 * has no atomic rename). A process killed at any moment leaves the old file or the new one, and
 * possibly its hidden temporary {@code .<file>.<pid>.<n>.tmp}: the next save to the same file deletes
 * the temporaries of writers whose process is gone (never a live one's).
 *
 * <p><b>Bounds.</b> A load accepts at most {@link #MAX_HEADER_BYTES} of header and {@link #MAX_ENTRIES}
 * tensors, refuses (IllegalStateException) a file whose tensors cannot fit in the heap before
 * allocating any, and reads each tensor in chunks straight into its array: the extra heap is about
 * one tensor.
 *
 * <p><b>Validation.</b> A load reads and checks the whole file (header length, JSON, dtypes, shapes,
 * offsets that must tile the data section exactly, truncation) before creating any tensor; a format
 * problem is an {@link IOException} whose message names the file, the tensor and what was expected.
 * Loading into a module or optimizer then checks every name, shape and dtype before writing anything,
 * so on any error the target is unchanged.
 *
 * <p>Thread-safety: the methods are stateless; concurrent saves to the same path are safe in the sense
 * that the file always holds one complete checkpoint (the last rename wins).
 */
public final class Safetensors {
    /** The largest header accepted (as the reference implementation: 100 MB). */
    public static final long MAX_HEADER_BYTES = 100_000_000L;
    /** The metadata key under which {@link #save(Path, Optimizer)} records the file's kind ({@code "grad4j-adam"}, ...). */
    public static final String FORMAT_KEY = "format";
    /** The metadata key under which {@link #save(Path, Optimizer)} records the optimizer's class name. */
    public static final String OPTIMIZER_KEY = "optimizer";
    /** The metadata key under which {@link #save(Path, Optimizer)} records the parameter groups, as JSON. */
    public static final String PARAM_GROUPS_KEY = "param_groups";

    private static final String METADATA = "__metadata__";
    private static final int CHUNK = 1 << 16;

    private Safetensors() {
    }

    // ------------------------------------------------------------------ saving

    /**
     * Saves {@code tensors} (F32/F64/I64/I32/U8/BOOL, any device) to {@code path}, atomically.
     *
     * @param path the file to write (replaced if it exists)
     * @param tensors the tensors by name, written in the map's iteration order
     * @throws IOException if the file cannot be read or written
     */
    public static void save(Path path, Map<String, Tensor> tensors) throws IOException {
        save(path, tensors, Map.of());
    }

    /**
     * Saves {@code tensors} (in the map's iteration order) and the string {@code metadata} (the header's
     * {@code __metadata__}, written in key order) atomically.
     *
     * @param path the file to write (replaced if it exists)
     * @param tensors the tensors by name
     * @param metadata the string pairs for {@code __metadata__}
     * @throws IOException if the file cannot be read or written
     */
    public static void save(Path path, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        if (path == null) {
            throw new IllegalArgumentException("Safetensors.save: expected a path, got null");
        }
        if (tensors == null) {
            throw new IllegalArgumentException("Safetensors.save(" + path + "): expected a map of tensors, got null");
        }
        if (metadata == null) {
            metadata = Map.of();
        }
        StringBuilder header = new StringBuilder("{");
        if (!metadata.isEmpty()) {
            Json.quote(header, METADATA);
            header.append(":{");
            boolean first = true;
            // Sorted, so the same checkpoint gives the same bytes whatever the map's iteration order.
            Map<String, String> sorted = new java.util.TreeMap<>();
            for (Map.Entry<String, String> e : metadata.entrySet()) {
                if (e.getKey() == null) {
                    throw new IllegalArgumentException("Safetensors.save(" + path + "): metadata keys must not be null");
                }
                sorted.put(e.getKey(), e.getValue());
            }
            for (Map.Entry<String, String> e : sorted.entrySet()) {
                if (e.getKey() == null || e.getValue() == null) {
                    throw new IllegalArgumentException("Safetensors.save(" + path + "): metadata keys and values must not "
                            + "be null, got " + e.getKey() + "=" + e.getValue());
                }
                if (!first) {
                    header.append(',');
                }
                first = false;
                Json.quote(header, e.getKey());
                header.append(':');
                Json.quote(header, e.getValue());
            }
            header.append('}');
        }
        List<String> names = new ArrayList<>();
        List<Tensor> values = new ArrayList<>();
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            String name = e.getKey();
            Tensor t = e.getValue();
            if (name == null || name.isEmpty() || name.equals(METADATA)) {
                throw new IllegalArgumentException("Safetensors.save(" + path + "): invalid tensor name '" + name
                        + "' (expected a non-empty name other than " + METADATA + ")");
            }
            if (t == null) {
                throw new IllegalArgumentException("Safetensors.save(" + path + "): tensor '" + name + "' is null");
            }
            if (t.dtype() == null) {
                throw new IllegalArgumentException("Safetensors.save(" + path + "): tensor '" + name + "' has no dtype");
            }
            long bytes = (long) t.numel() * t.dtype().byteSize();
            if (header.length() > 1) {
                header.append(',');
            }
            Json.quote(header, name);
            header.append(":{\"dtype\":\"").append(code(t.dtype())).append("\",\"shape\":[");
            int[] shape = t.shape();
            for (int i = 0; i < shape.length; i++) {
                header.append(i == 0 ? "" : ",").append(shape[i]);
            }
            header.append("],\"data_offsets\":[").append(offset).append(',').append(offset + bytes).append("]}");
            offset += bytes;
            names.add(name);
            values.add(t);
        }
        header.append('}');
        // Pad with spaces to a multiple of 8 bytes, as the reference implementation does, so data is aligned.
        byte[] headerBytes = header.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (headerBytes.length + 7) & ~7;
        byte[] head = Arrays.copyOf(headerBytes, padded);
        Arrays.fill(head, headerBytes.length, padded, (byte) ' ');
        writeAtomically(path, ch -> {
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded);
            writeFully(ch, len.flip());
            writeFully(ch, ByteBuffer.wrap(head));
            for (Tensor t : values) {
                writeData(ch, t);
            }
        });
    }

    /**
     * Saves a module's {@link Module#stateDict()} (parameter names as PyTorch's {@code state_dict} keys).
     *
     * @param path the file to write (replaced if it exists)
     * @param module the module whose parameters are saved
     * @throws IOException if the file cannot be read or written
     */
    public static void save(Path path, Module module) throws IOException {
        if (module == null) {
            throw new IllegalArgumentException("Safetensors.save(" + path + "): expected a module, got null");
        }
        save(path, module.stateDict(), Map.of(FORMAT_KEY, "pt"));
    }

    /**
     * Saves an optimizer's {@link Optimizer#stateDict()} in PyTorch's layout: each state tensor as
     * {@code state.<i>.<name>} (i = parameter index; e.g. {@code state.0.exp_avg}, {@code state.0.step} as a
     * 0-d F32 tensor), and in the header's {@code __metadata__}: {@code "format"} ({@code "grad4j-sgd"},
     * {@code "grad4j-adam"}, ...), {@code "optimizer"} (the class name) and {@code "param_groups"}, the JSON
     * of PyTorch's {@code state_dict()["param_groups"]} (options under PyTorch's names, {@code "params"}
     * the parameter indices). In Python: {@code tensors, meta = safetensors load; json.loads(meta["param_groups"])}.
     *
     * @param path the file to write (replaced if it exists)
     * @param optimizer the optimizer whose state is saved
     * @throws IOException if the file cannot be read or written
     */
    public static void save(Path path, Optimizer optimizer) throws IOException {
        if (optimizer == null) {
            throw new IllegalArgumentException("Safetensors.save(" + path + "): expected an optimizer, got null");
        }
        StateDict sd = optimizer.stateDict();
        Map<String, Tensor> state = new LinkedHashMap<>();
        for (Map.Entry<Integer, Map<String, Tensor>> e : sd.state().entrySet()) {
            for (Map.Entry<String, Tensor> f : e.getValue().entrySet()) {
                state.put("state." + e.getKey() + "." + f.getKey(), f.getValue());
            }
        }
        String name = optimizer.getClass().getSimpleName();
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(FORMAT_KEY, "grad4j-" + name.toLowerCase(java.util.Locale.ROOT));
        meta.put(OPTIMIZER_KEY, name);
        meta.put(PARAM_GROUPS_KEY, Json.write(sd.paramGroups()));
        meta.put("params", Integer.toString(optimizer.parameters().size()));
        save(path, state, meta);
    }

    /** The dtype table: safetensors' codes for grad4j's dtypes (bool is one byte, 0 or 1). */
    private static String code(DType dtype) {
        return switch (dtype) {
            case FLOAT64 -> "F64";
            case FLOAT32 -> "F32";
            case INT64 -> "I64";
            case BOOL -> "BOOL";
            case INT32 -> "I32";
            case UINT8 -> "U8";
        };
    }

    private static void writeData(FileChannel ch, Tensor t) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(CHUNK * 8).order(ByteOrder.LITTLE_ENDIAN);
        if (!t.dtype().isFloatingPoint()) {
            long[] v = t.toLongArray();
            int width = t.dtype().byteSize();
            for (int i = 0; i < v.length; i += CHUNK) {
                buf.clear();
                int end = Math.min(v.length, i + CHUNK);
                for (int j = i; j < end; j++) {
                    if (width == 1) {
                        buf.put((byte) v[j]);   // bool 0/1, uint8 0..255: the low byte
                    } else if (width == 4) {
                        buf.putInt((int) v[j]);
                    } else {
                        buf.putLong(v[j]);
                    }
                }
                writeFully(ch, buf.flip());
            }
        } else if (t.dtype() == DType.FLOAT64) {
            double[] v = t.toDoubleArray();
            for (int i = 0; i < v.length; i += CHUNK) {
                buf.clear();
                int end = Math.min(v.length, i + CHUNK);
                for (int j = i; j < end; j++) {
                    buf.putDouble(v[j]);
                }
                writeFully(ch, buf.flip());
            }
        } else {
            float[] v = t.toFloatArray();
            for (int i = 0; i < v.length; i += CHUNK) {
                buf.clear();
                int end = Math.min(v.length, i + CHUNK);
                for (int j = i; j < end; j++) {
                    buf.putFloat(v[j]);
                }
                writeFully(ch, buf.flip());
            }
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    /** Writes the file's content. */
    @FunctionalInterface
    private interface Writer {
        void write(FileChannel channel) throws IOException;
    }

    private static void writeAtomically(Path path, Writer writer) throws IOException {
        Path target = path.toAbsolutePath();
        Path dir = target.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new IOException("Safetensors.save(" + path + "): directory " + dir + " does not exist");
        }
        removeStaleTemporaries(dir, target.getFileName().toString());
        Path tmp = Files.createTempFile(dir, tmpPrefix(target.getFileName().toString(), ProcessHandle.current().pid()), ".tmp");
        boolean done = false;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                writer.write(ch);
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            done = true;
            syncDirectory(dir);
        } finally {
            if (!done) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /** {@code .<file>.<pid>.}: a temporary names the process writing it, so a later save knows whether it is stale. */
    private static String tmpPrefix(String fileName, long pid) {
        return "." + fileName + "." + pid + ".";
    }

    /**
     * Deletes the temporaries that saves to this same target left behind when their process died
     * (killed in the middle of a save): those named {@code .<file>.<pid>.<random>.tmp} whose process
     * is no longer alive. A live process's temporary (another thread's or program's save in
     * progress) is never touched; a failure to delete is ignored (the save itself goes on).
     */
    private static void removeStaleTemporaries(Path dir, String fileName) {
        String start = "." + fileName + ".";
        try (java.nio.file.DirectoryStream<Path> files = Files.newDirectoryStream(dir, start.replace("[", "\\[")
                .replace("{", "\\{").replace("*", "\\*").replace("?", "\\?") + "*.tmp")) {
            for (Path f : files) {
                String rest = f.getFileName().toString().substring(start.length());
                int dot = rest.indexOf('.');
                if (dot <= 0 || !rest.substring(0, dot).chars().allMatch(c -> c >= '0' && c <= '9') || dot > 18) {
                    continue;   // not one of ours
                }
                long pid = Long.parseLong(rest.substring(0, dot));
                boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
                if (!alive) {
                    try {
                        Files.deleteIfExists(f);
                    } catch (IOException e) {
                        // best effort: the next save tries again
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // best effort
        }
    }

    /** Makes the rename durable where the platform allows opening a directory (Linux, macOS). */
    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Windows cannot open directories; the rename is still atomic there.
        }
    }

    // ------------------------------------------------------------------ loading

    /**
     * Loads every tensor of the file onto the CPU, in file order.
     *
     * @param path the file to read
     * @return a new ordered map of new CPU tensors by name
     * @throws IOException if the file cannot be read or is not a valid safetensors file
     */
    public static Map<String, Tensor> load(Path path) throws IOException {
        return load(path, Device.CPU);
    }

    /**
     * Loads every tensor of the file onto {@code device}, in header order. The file is validated first.
     *
     * @param path the file to read
     * @param device the device to create the tensors on
     * @return a new ordered map of new tensors by name
     * @throws IOException if the file cannot be read or is not a valid safetensors file
     */
    public static Map<String, Tensor> load(Path path, Device device) throws IOException {
        if (device == null) {
            throw new IllegalArgumentException("Safetensors.load(" + path + "): expected a device, got null");
        }
        Parsed p = read(path);
        checkMemory(path, p, device);
        Map<String, Tensor> out = new LinkedHashMap<>();
        ByteBuffer chunk = ByteBuffer.allocate(CHUNK * 8).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel ch = open(path)) {
            // One tensor at a time, read in chunks straight into its array: the extra heap is about one tensor.
            for (Entry e : p.entries) {
                long at = p.dataStart + e.begin;
                int n = e.numel;
                try {
                    if (!e.dtype.isFloatingPoint()) {
                        long[] v = new long[n];
                        int width = e.dtype.byteSize();
                        for (int i = 0; i < n; ) {
                            int m = Math.min(CHUNK, n - i);
                            chunk.clear().limit(width * m);
                            readFully(ch, chunk, at + (long) width * i, path);
                            chunk.flip();
                            for (int j = 0; j < m; j++) {
                                v[i + j] = switch (e.dtype) {
                                    case BOOL -> chunk.get() != 0 ? 1 : 0;
                                    case UINT8 -> chunk.get() & 0xFF;
                                    case INT32 -> chunk.getInt();
                                    default -> chunk.getLong();
                                };
                            }
                            i += m;
                        }
                        Tensor t = Tensor.of(v, e.shape);
                        out.put(e.name, t.to(e.dtype).to(device));
                    } else if (e.dtype == DType.FLOAT64) {
                        double[] v = new double[n];
                        for (int i = 0; i < n; ) {
                            int m = Math.min(CHUNK, n - i);
                            chunk.clear().limit(8 * m);
                            readFully(ch, chunk, at + 8L * i, path);
                            chunk.flip().asDoubleBuffer().get(v, i, m);
                            i += m;
                        }
                        out.put(e.name, Tensor.of(v, e.dtype, device, e.shape));
                    } else {
                        float[] v = new float[n];
                        for (int i = 0; i < n; ) {
                            int m = Math.min(CHUNK, n - i);
                            chunk.clear().limit(4 * m);
                            readFully(ch, chunk, at + 4L * i, path);
                            chunk.flip().asFloatBuffer().get(v, i, m);
                            i += m;
                        }
                        out.put(e.name, Tensor.of(v, e.dtype, device, e.shape));
                    }
                } catch (OutOfMemoryError oom) {
                    throw outOfMemory(path, "tensor '" + e.name + "' of shape " + Arrays.toString(e.shape) + " ("
                            + (long) n * e.dtype.byteSize() + " bytes)", oom);
                }
            }
        }
        return out;
    }

    /**
     * The header's {@code __metadata__} (empty if none), after validating the whole file.
     *
     * @param path the file to read
     * @return the metadata pairs
     * @throws IOException if the file cannot be read or is not a valid safetensors file
     */
    /**
     * Refuses, before allocating anything, a file whose tensors cannot fit in the heap even when it is
     * empty (a CPU load holds every tensor plus one staging array; a device load one staging array).
     */
    private static void checkMemory(Path path, Parsed p, Device device) {
        long total = 0;
        long largest = 0;
        for (Entry e : p.entries) {
            long bytes = (long) e.numel * e.dtype.byteSize();
            total += bytes;
            largest = Math.max(largest, bytes);
        }
        long needed = (device.type().equals("cpu") ? total : 0) + largest;
        if (needed > Runtime.getRuntime().maxMemory()) {
            throw outOfMemory(path, p.entries.size() + " tensor(s) of " + total + " bytes (" + needed
                    + " bytes of heap with the staging array)", null);
        }
    }

    private static IllegalStateException outOfMemory(Path path, String what, Throwable cause) {
        Runtime rt = Runtime.getRuntime();
        IllegalStateException e = new IllegalStateException("Safetensors.load(" + path + "): out of memory for " + what
                + "; the Java heap has about " + (rt.maxMemory() - (rt.totalMemory() - rt.freeMemory()))
                + " bytes available (maximum " + rt.maxMemory() + ", -Xmx)");
        if (cause != null) {
            e.initCause(cause);
        }
        return e;
    }

    /** Opens {@code path} for reading, with an error that names it (a directory, a missing file). */
    private static FileChannel open(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            throw new IOException("Safetensors.load(" + path + "): " + path + " is a directory, expected a safetensors file");
        }
        try {
            return FileChannel.open(path, StandardOpenOption.READ);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new java.nio.file.NoSuchFileException(path.toString(), null, "Safetensors.load: no such file");
        } catch (IOException e) {
            throw new IOException("Safetensors.load(" + path + "): cannot open: " + e, e);
        }
    }

    public static Map<String, String> metadata(Path path) throws IOException {
        return read(path).metadata;
    }

    /**
     * Loads a checkpoint saved from a module with the same structure, as {@link Module#loadStateDict(Map)} (strict;
     * another dtype is cast to the module's, as PyTorch's {@code load_state_dict} casts). Names and shapes are all
     * checked before any parameter is written; on any error the module is unchanged and the message
     * names the file and every mismatch.
     *
     * @param path the file to read
     * @param module the module whose parameters are overwritten
     * @throws IOException if the file cannot be read or is not a valid safetensors file
     * @throws IllegalArgumentException if the checkpoint does not match the module
     */
    public static void load(Path path, Module module) throws IOException {
        Checkpoints.target("Safetensors", path, "a module", module);
        List<Tensor> params = module.parameters();
        Device device = params.isEmpty() ? Device.CPU : params.get(0).device();
        Map<String, Tensor> state = load(path, device);
        Checkpoints.loadNamingFile(path, () -> module.loadStateDict(state));
    }

    /**
     * Restores an optimizer's state saved by {@link #save(Path, Optimizer)} (or an SGD file of an earlier
     * version, which holds momentum buffers only: the groups' options are then kept). Every key, index,
     * shape, state name and option is checked first; on any error nothing changes and the message names the
     * file and every problem. Parameters without saved state get none (as after construction).
     *
     * @param path the file to read
     * @param optimizer the optimizer whose state (and group options) are replaced
     * @throws IOException if the file cannot be read or is not a valid safetensors file
     * @throws IllegalArgumentException if the checkpoint does not match the optimizer
     */
    public static void load(Path path, Optimizer optimizer) throws IOException {
        Checkpoints.target("Safetensors", path, "an optimizer", optimizer);
        Parsed parsed = read(path);
        Map<String, String> meta = parsed.metadata;
        String name = optimizer.getClass().getSimpleName();
        String saved = meta.get(OPTIMIZER_KEY);
        if (saved != null && !saved.equals(name)) {
            throw new IllegalArgumentException(path + ": holds the state of a " + saved + " optimizer, not of a " + name
                    + ". Nothing was loaded.");
        }
        List<Tensor> params = optimizer.parameters();
        Map<String, Tensor> tensors = load(path, Device.CPU);
        Map<Integer, Map<String, Tensor>> state = new java.util.TreeMap<>();
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            String key = e.getKey();
            String[] parts = key.split("\\.", 3);
            int index = parts.length == 3 && parts[0].equals("state") ? parseIndex(parts[1]) : -1;
            if (index < 0 || parts[2].isEmpty()) {
                problems.add("unexpected key '" + key + "' (expected state.<i>.<name>, e.g. state.0.exp_avg)");
                continue;
            }
            if (index >= params.size()) {
                problems.add("'" + key + "' refers to parameter " + index + " but the optimizer has " + params.size());
                continue;
            }
            Tensor p = params.get(index);
            Tensor t = e.getValue();
            // Buffers have their parameter's shape; not one-number state (0-d: step, NAdam's mu_product, ...) nor
            // LBFGS's flat history (loadStateDict checks those).
            if (t.dim() > 0 && !(optimizer instanceof LBFGS) && !Arrays.equals(p.shape(), t.shape())) {
                problems.add("'" + key + "' has shape " + Arrays.toString(t.shape()) + " " + t.dtype() + ", expected "
                        + Arrays.toString(p.shape()) + " like parameter " + index);
                continue;
            }
            state.computeIfAbsent(index, k -> new LinkedHashMap<>()).put(parts[2], t);
        }
        List<Map<String, Object>> groups;
        String json = meta.get(PARAM_GROUPS_KEY);
        if (json == null) {
            groups = optimizer.stateDict().paramGroups();
        } else {
            groups = new ArrayList<>();
            try {
                Object parsedGroups = Json.parse(json);
                if (!(parsedGroups instanceof List<?> list)) {
                    throw new IllegalArgumentException("expected a JSON array");
                }
                for (Object g : list) {
                    if (!(g instanceof Map<?, ?> m)) {
                        throw new IllegalArgumentException("expected JSON objects in the array, got " + g);
                    }
                    Map<String, Object> group = new LinkedHashMap<>();
                    for (Map.Entry<?, ?> ge : m.entrySet()) {
                        group.put((String) ge.getKey(), ge.getKey().equals("params") ? ge.getValue() : numbersAsDoubles(ge.getValue()));
                    }
                    groups.add(group);
                }
            } catch (IllegalArgumentException ex) {
                problems.add("metadata '" + PARAM_GROUPS_KEY + "' is not valid: " + ex.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(path + ": error(s) in loading " + name + " state: "
                    + String.join("; ", problems) + ". Nothing was loaded.");
        }
        try {
            optimizer.loadStateDict(new StateDict(state, groups));
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException(path + ": " + ex.getMessage(), ex);
        }
    }

    private static Object numbersAsDoubles(Object v) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object x : l) {
                out.add(numbersAsDoubles(x));
            }
            return out;
        }
        return v;
    }

    private static int parseIndex(String digits) {
        if (digits.isEmpty() || digits.length() > 9 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        return Integer.parseInt(digits);
    }

    // ------------------------------------------------------------------ parsing and validation

    private record Entry(String name, DType dtype, int[] shape, int numel, long begin, long end) {
    }

    /** A validated header; {@code dataStart} is the file position of the data section. */
    private record Parsed(List<Entry> entries, Map<String, String> metadata, long dataStart) {
    }

    /** The most tensors one file may hold: bounds the header parser's memory (a real model has thousands). */
    public static final int MAX_ENTRIES = 100_000;

    private static IOException bad(Path path, String what) {
        return new IOException("Safetensors.load(" + path + "): " + what);
    }

    private static Parsed read(Path path) throws IOException {
        if (path == null) {
            throw new IllegalArgumentException("Safetensors.load: expected a path, got null");
        }
        try (FileChannel ch = open(path)) {
            long size = ch.size();
            if (size < 8) {
                throw bad(path, "file is " + size + " bytes, expected at least 8 (the header length); truncated?");
            }
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, len, 0, path);
            long headerLength = len.flip().getLong();
            if (headerLength < 2 || headerLength > MAX_HEADER_BYTES || headerLength > size - 8) {
                throw bad(path, "header length " + headerLength + " is invalid: expected between 2 and "
                        + Math.min(MAX_HEADER_BYTES, size - 8) + " for a file of " + size + " bytes (corrupted or truncated)");
            }
            ByteBuffer headerBuf = ByteBuffer.allocate((int) headerLength);
            readFully(ch, headerBuf, 8, path);
            String headerText;
            try {
                headerText = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(headerBuf.flip()).toString();
            } catch (CharacterCodingException e) {
                throw bad(path, "header is not valid UTF-8 (corrupted)");
            }
            headerBuf = null;
            int objects = countObjects(headerText);
            if (objects > MAX_ENTRIES + 2) {   // the header, __metadata__, and one object per tensor
                throw bad(path, "header declares about " + (objects - 1) + " objects; at most " + MAX_ENTRIES
                        + " tensors are accepted (corrupted or hostile file?)");
            }
            Object json;
            try {
                json = Json.parse(headerText);
            } catch (IllegalArgumentException e) {
                throw bad(path, "header is not valid JSON: " + e.getMessage());
            }
            if (!(json instanceof Map<?, ?> header)) {
                throw bad(path, "header must be a JSON object, got " + describe(json));
            }
            long dataSize = size - 8 - headerLength;
            Map<String, String> metadata = new LinkedHashMap<>();
            List<Entry> entries = new ArrayList<>();
            for (Map.Entry<?, ?> e : header.entrySet()) {
                String name = (String) e.getKey();
                if (name.equals(METADATA)) {
                    if (!(e.getValue() instanceof Map<?, ?> m)) {
                        throw bad(path, METADATA + " must be an object of strings, got " + describe(e.getValue()));
                    }
                    for (Map.Entry<?, ?> me : m.entrySet()) {
                        if (!(me.getValue() instanceof String v)) {
                            throw bad(path, METADATA + " value for '" + me.getKey() + "' must be a string, got "
                                    + describe(me.getValue()));
                        }
                        metadata.put((String) me.getKey(), v);
                    }
                    continue;
                }
                entries.add(entry(path, name, e.getValue()));
            }
            // The offsets must tile [0, dataSize) exactly: no gaps, no overlaps, nothing outside.
            List<Entry> sorted = new ArrayList<>(entries);
            sorted.sort((a, b) -> Long.compare(a.begin, b.begin));
            long expected = 0;
            for (Entry e : sorted) {
                if (e.begin != expected) {
                    throw bad(path, "tensor '" + e.name + "' starts at data offset " + e.begin + ", expected " + expected
                            + " (offsets must be contiguous without gaps or overlaps)");
                }
                if (e.end > dataSize) {
                    throw bad(path, "tensor '" + e.name + "' ends at data offset " + e.end + " but the data section has only "
                            + dataSize + " bytes (file truncated?)");
                }
                expected = e.end;
            }
            if (expected != dataSize) {
                throw bad(path, "the data section has " + dataSize + " bytes but the tensors cover " + expected
                        + " (trailing bytes or a corrupted header)");
            }
            return new Parsed(entries, Collections.unmodifiableMap(metadata), 8 + headerLength);
        }
    }

    private static Entry entry(Path path, String name, Object value) throws IOException {
        if (!(value instanceof Map<?, ?> info)) {
            throw bad(path, "tensor '" + name + "': expected {\"dtype\", \"shape\", \"data_offsets\"}, got " + describe(value));
        }
        for (Object k : info.keySet()) {
            if (!k.equals("dtype") && !k.equals("shape") && !k.equals("data_offsets")) {
                throw bad(path, "tensor '" + name + "': unexpected field '" + k + "' (expected dtype, shape, data_offsets)");
            }
        }
        Object dt = info.get("dtype");
        DType dtype;
        if ("F32".equals(dt)) {
            dtype = DType.FLOAT32;
        } else if ("F64".equals(dt)) {
            dtype = DType.FLOAT64;
        } else if ("I64".equals(dt)) {
            dtype = DType.INT64;
        } else if ("BOOL".equals(dt)) {
            dtype = DType.BOOL;
        } else if ("I32".equals(dt)) {
            dtype = DType.INT32;
        } else if ("U8".equals(dt)) {
            dtype = DType.UINT8;
        } else {
            throw bad(path, "tensor '" + name + "' has dtype " + describe(dt)
                    + ", expected \"F32\", \"F64\", \"I64\", \"I32\", \"U8\" or \"BOOL\"");
        }
        if (!(info.get("shape") instanceof List<?> shapeList)) {
            throw bad(path, "tensor '" + name + "': shape must be an array of non-negative integers, got "
                    + describe(info.get("shape")));
        }
        int[] shape = new int[shapeList.size()];
        long numel = 1;
        long extent = 1;
        for (int i = 0; i < shape.length; i++) {
            Object d = shapeList.get(i);
            if (!(d instanceof Long l) || l < 0 || l > Integer.MAX_VALUE) {
                throw bad(path, "tensor '" + name + "': shape " + shapeList + " must hold non-negative integers below 2^31");
            }
            shape[i] = (int) (long) l;
            numel *= l;
            extent *= Math.max(l, 1);   // as Tensor: sizes counted as at least 1 must multiply to < 2^31
            if (extent > Integer.MAX_VALUE) {
                throw bad(path, "tensor '" + name + "': shape " + shapeList + " is too large: grad4j indexes at most "
                        + "2^31-1 elements per tensor (the product of the sizes, each counted as at least 1)");
            }
        }
        if (!(info.get("data_offsets") instanceof List<?> offsets) || offsets.size() != 2
                || !(offsets.get(0) instanceof Long begin) || !(offsets.get(1) instanceof Long end)
                || begin < 0 || end < begin) {
            throw bad(path, "tensor '" + name + "': data_offsets must be [begin, end] with 0 <= begin <= end, got "
                    + describe(info.get("data_offsets")));
        }
        long bytes = numel * dtype.byteSize();
        if (end - begin != bytes) {
            throw bad(path, "tensor '" + name + "': shape " + Arrays.toString(shape) + " " + dt + " needs " + bytes
                    + " bytes, but data_offsets [" + begin + ", " + end + "] hold " + (end - begin));
        }
        return new Entry(name, dtype, shape, (int) numel, begin, end);
    }

    /** JSON objects in {@code text} (braces outside strings): checked before parsing, which costs far more per object. */
    private static int countObjects(String text) {
        int count = 0;
        boolean inString = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{') {
                count++;
            }
        }
        return count;
    }

    private static String describe(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof String s) {
            return "\"" + s + "\"";
        }
        return v.toString();
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long position, Path path) throws IOException {
        long pos = position;
        while (b.hasRemaining()) {
            int n = ch.read(b, pos);
            if (n < 0) {
                throw bad(path, "unexpected end of file at byte " + pos + " (file truncated)");
            }
            pos += n;
        }
    }
}
