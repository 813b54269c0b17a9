package org.grad4j.conformance;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Proxy;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Functional;
import org.grad4j.Generator;
import org.grad4j.Linalg;
import org.grad4j.MemoryScope;
import org.grad4j.Special;
import org.grad4j.Tensor;
import org.grad4j.data.Dataset;
import org.grad4j.data.SequentialSampler;
import org.grad4j.data.TensorDataset;
import org.grad4j.nn.Linear;
import org.grad4j.nn.Module;
import org.grad4j.optim.Adam;
import org.grad4j.optim.Optimizer;
import org.grad4j.optim.SGD;
import org.grad4j.optim.StateDict;
import org.grad4j.optim.lrscheduler.LRScheduler;
import org.grad4j.optim.lrscheduler.StepLR;
import org.junit.jupiter.api.Test;

/**
 * Hostile input across the public API, found by reflection: every public constructor and method of
 * {@link Tensor}, {@link Functional}, {@link Linalg}, {@link Special} and of the public classes of
 * {@code nn}, {@code optim}, {@code optim.lrscheduler}, {@code data}, {@code io} and {@code distributions} is called with
 * arguments from one generator table ({@link #values}): nulls, empty arrays and collections, negative
 * and huge ints and longs, {@code Integer.MIN_VALUE} dims, NaN and infinite doubles, tensors of every
 * dtype (0-d, empty, non-contiguous, expanded, requiring grad, released by a {@link MemoryScope}, on
 * another device when one is available), junk files and streams, malformed state dicts.
 *
 * <p>Each call either returns (an {@code Iterable} result is walked a few steps) or throws one of the
 * documented kinds with a message: {@link IllegalArgumentException}, {@link IllegalStateException},
 * {@link IndexOutOfBoundsException} (not its array and string subclasses),
 * {@link UnsupportedOperationException}, {@link IOException}; a {@link NullPointerException} only
 * from {@code Objects.requireNonNull} for a null argument. A refused call leaves the receiver and every
 * tensor argument as they were (values, version, grad; a module's, optimizer's or scheduler's state
 * dict). Anything else (NullPointerException from a dereference, ArrayIndexOutOfBoundsException,
 * NegativeArraySizeException, ClassCastException, ArithmeticException, OutOfMemoryError, a call that
 * runs past {@link #HANG_SECONDS}) fails the test, which lists every leak by method.
 *
 * <p>Deterministic: fixed argument order and seed ({@code grad4j.test.hostileSeed}); each target gets
 * its all-benign call, one call per hostile value in each position, and a few random mixtures, at most
 * {@link #CAP} calls. {@code grad4j.test.hostileOnly} (a name prefix, "Tensor.add") narrows the run,
 * {@code grad4j.test.hostileVerbose} prints the call count and the slow calls.
 *
 * <p>Leaks it found when it was written (2026-12, about 26,000 calls), each fixed where it arose:
 * {@code Optimizer.addParamGroup} with a null option name (NullPointerException from {@code Set.of}),
 * {@code BatchSampler}/{@code DataLoader} with {@code batchSize = Integer.MAX_VALUE} (OutOfMemoryError
 * preallocating the batch), {@code WeightedRandomSampler}/{@code multinomial} with a huge
 * {@code numSamples} (OutOfMemoryError, an overflowing {@code rows * numSamples}),
 * {@code Collate.defaultCollate} on a list that contains itself (StackOverflowError),
 * {@code LBFGS.step} refusing a closure's loss after creating the parameter's state,
 * {@code TorchFiles.torchStateDict} on a state dict with null parts, and {@code new StateDict(null, null)}
 * (NullPointerExceptions).
 */
public abstract class HostileInputConformance extends DeviceConformance {
    static final long SEED = Long.getLong("grad4j.test.hostileSeed", 20261202L);
    /** Calls per (receiver, method) at most: the benign call, single-position hostile values, mixtures. */
    static final int CAP = 32;
    static final int MIXTURES = 2;
    static final long HANG_SECONDS = 20;
    static final long BUILD_MILLIS = 200;
    static final boolean VERBOSE = Boolean.getBoolean("grad4j.test.hostileVerbose");

    /** The classes whose public constructors and methods are fuzzed. */
    private static final List<String> PACKAGES = List.of("org/grad4j/nn", "org/grad4j/optim",
            "org/grad4j/optim/lrscheduler", "org/grad4j/data", "org/grad4j/io",
            "org/grad4j/optim/swa",   // nn5: swa_utils
            "org/grad4j/autograd",   // autograd2: AutogradFunctional, GradCheck
            "org/grad4j/distributions");   // dist

    private Path dir;
    private Device other;

    // ----------------------------------------------------------------------------------- the table

    private static Supplier<Object> v(Object value) {
        return () -> value;
    }

    private Tensor t32(int... shape) {
        int n = 1;
        for (int s : shape) {
            n *= s;
        }
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = (i * 7 % 5) * 0.25 - 0.5;
        }
        return Tensor.of(d, DType.FLOAT32, dev(), shape);
    }

    private Tensor released() {
        try (MemoryScope scope = MemoryScope.open()) {
            return t32(2, 2).mul(2.0);
        }
    }

    /** Tensors: index 0 is the benign one (float32 2x2), the rest are hostile. */
    private List<Supplier<Object>> tensors() {
        List<Supplier<Object>> list = new ArrayList<>(List.of(
                () -> t32(2, 2),
                v(null),
                () -> t32(),
                () -> t32(0),
                () -> t32(2, 0),
                () -> Tensor.of(new long[] {0, 1, -1, Long.MAX_VALUE}, 2, 2).to(dev()),
                () -> Tensor.of(new boolean[] {true, false, false, true}, 2, 2).to(dev()),
                () -> Tensor.of(new int[] {3, -3, 0, Integer.MIN_VALUE}, 2, 2).to(dev()),
                () -> Tensor.of(new byte[] {0, 1, (byte) 255, 7}, 2, 2).to(dev()),
                () -> Tensor.of(new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0},
                        DType.FLOAT64, dev(), 2, 2),
                this::released,
                () -> t32(2, 2).requiresGrad_(),
                () -> t32(3, 2).t(),
                () -> t32(1, 2).expand(2, 2),
                () -> t32(2, 2, 2),
                () -> t32(2, 2, 2, 2),
                () -> t32(2, 2, 2, 2, 2)));
        if (other != null) {
            list.add(() -> t32(2, 2).to(other));
        }
        return list;
    }

    private final Map<Type, List<Supplier<Object>>> table = new HashMap<>();

    /** The generator table: the values of each parameter type, the benign one first (lazy suppliers, made once). */
    private synchronized List<Supplier<Object>> values(Type type, int depth) {
        List<Supplier<Object>> known = table.get(type);
        if (known == null) {
            known = generate(type, depth);
            table.put(type, known);
        }
        return known;
    }

    private List<Supplier<Object>> generate(Type type, int depth) {
        Class<?> raw = raw(type);
        if (raw == int.class || raw == Integer.class) {
            return boxed(raw, List.of(v(2), v(0), v(1), v(-1), v(-3), v(Integer.MAX_VALUE), v(Integer.MIN_VALUE)));
        }
        if (raw == long.class || raw == Long.class) {
            return boxed(raw, List.of(v(2L), v(0L), v(-1L), v(1L << 40), v(Long.MAX_VALUE), v(Long.MIN_VALUE)));
        }
        if (raw == double.class || raw == Double.class) {
            return boxed(raw, List.of(v(0.5), v(0.0), v(-1.0), v(Double.NaN), v(Double.POSITIVE_INFINITY),
                    v(Double.NEGATIVE_INFINITY), v(1e300), v(2.0)));
        }
        if (raw == float.class || raw == Float.class) {
            return boxed(raw, List.of(v(0.5f), v(0f), v(-1f), v(Float.NaN), v(Float.POSITIVE_INFINITY)));
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return boxed(raw, List.of(v(false), v(true)));
        }
        if (raw == int[].class) {
            return List.of(() -> new int[] {2}, v(null), () -> new int[0], () -> new int[] {-1},
                    () -> new int[] {Integer.MIN_VALUE}, () -> new int[] {Integer.MAX_VALUE, Integer.MAX_VALUE},
                    () -> new int[] {1 << 16, 1 << 16, 1 << 16}, () -> new int[] {0, 0}, () -> new int[] {1, 1, 1, 1, 1, 1, 1});
        }
        if (raw == long[].class) {
            return List.of(() -> new long[] {2}, v(null), () -> new long[0], () -> new long[] {-1},
                    () -> new long[] {1L << 40}, () -> new long[] {Long.MIN_VALUE, 0});
        }
        if (raw == double[].class) {
            return List.of(() -> new double[] {0.5, 1.5}, v(null), () -> new double[0], () -> new double[] {Double.NaN},
                    () -> new double[] {Double.POSITIVE_INFINITY, -1});
        }
        if (raw == float[].class) {
            return List.of(() -> new float[] {0.5f, 1.5f}, v(null), () -> new float[0], () -> new float[] {Float.NaN});
        }
        if (raw == boolean[].class) {
            return List.of(() -> new boolean[] {true, false}, v(null), () -> new boolean[0]);
        }
        if (raw == byte[].class) {
            return List.of(() -> junk(64), v(null), () -> new byte[0], () -> junk(3));
        }
        if (raw == String.class) {
            return List.of(v("mean"), v(null), v(""), v("bogus"), v("ij->ji"), v("\u0000"), v("..."), v("relu"), v("sum"));
        }
        if (raw == Tensor.class) {
            return tensors();
        }
        if (raw == DType.class || raw.isEnum()) {
            List<Supplier<Object>> list = new ArrayList<>();
            Object[] constants = raw == DType.class ? new Object[] {DType.FLOAT32, DType.FLOAT64, DType.INT64,
                DType.BOOL, DType.INT32, DType.UINT8} : raw.getEnumConstants();
            list.add(v(constants[0]));
            list.add(v(null));
            for (int i = 1; i < constants.length; i++) {
                list.add(v(constants[i]));
            }
            return list;
        }
        if (raw == Device.class) {
            List<Supplier<Object>> list = new ArrayList<>(List.of(v(dev()), v(null), v(new Device("cpu", 7)),
                    v(new Device("bogus", 0))));
            if (other != null) {
                list.add(v(other));
            }
            return list;
        }
        if (raw == Generator.class) {
            return List.of(() -> new Generator(7), v(null));
        }
        if (raw == Path.class) {
            return List.of(() -> dir.resolve("out" + counter++), v(null), () -> file(junk(64)), () -> file(new byte[0]),
                    () -> file(junkZip()), () -> dir, () -> dir.resolve("missing").resolve("x"));
        }
        if (raw == InputStream.class) {
            return List.of(() -> new ByteArrayInputStream(junk(64)), v(null), () -> new ByteArrayInputStream(new byte[0]),
                    () -> new ByteArrayInputStream(junkZip()));
        }
        if (raw == OutputStream.class) {
            return List.of(ByteArrayOutputStream::new, v(null));
        }
        if (raw == Module.class) {
            return List.of(() -> new Linear(2, 2), v(null));
        }
        if (raw == Optimizer.class) {
            return List.of(() -> new SGD(List.of(t32(2, 2).requiresGrad_()), 0.1), v(null));
        }
        if (raw == LRScheduler.class) {
            return List.of(() -> new StepLR(new SGD(List.of(t32(2, 2).requiresGrad_()), 0.1), 1), v(null));
        }
        if (raw == Dataset.class) {
            return List.of(() -> new TensorDataset(t32(4, 2), Tensor.of(new long[] {0, 1, 0, 1}, 4).to(dev())), v(null));
        }
        if (raw == org.grad4j.data.Sampler.class || raw == Iterable.class && raw(elem(type, 0)) == Integer.class) {
            return List.of(() -> new SequentialSampler(new TensorDataset(t32(4, 2))), v(null));
        }
        if (raw == StateDict.class) {
            return stateDicts();
        }
        if (raw == Object.class) {
            return List.of(() -> t32(2, 2), v(null), v("junk"), v(new Object()), v(Double.NaN), () -> {
                List<Object> cycle = new ArrayList<>();
                cycle.add(cycle);
                return cycle;
            });
        }
        if (raw == List.class || raw == Collection.class || raw == Iterable.class || raw == Set.class) {
            List<Supplier<Object>> items = values(elem(type, 0), depth + 1);
            List<Supplier<Object>> list = new ArrayList<>();
            list.add(() -> collection(raw, items.get(0).get(), items.get(0).get()));
            list.add(v(null));
            list.add(() -> collection(raw));
            for (int i = 1; i < items.size(); i++) {
                Supplier<Object> item = items.get(i);
                list.add(() -> collection(raw, item.get()));
            }
            return list;
        }
        if (raw == Map.class) {
            List<Supplier<Object>> keys = values(elem(type, 0), depth + 1);
            List<Supplier<Object>> vals = values(elem(type, 1), depth + 1);
            List<Supplier<Object>> list = new ArrayList<>();
            list.add(() -> map(keys.get(0).get(), vals.get(0).get()));
            list.add(v(null));
            list.add(HashMap::new);
            for (int i = 1; i < keys.size(); i++) {
                Supplier<Object> key = keys.get(i);
                list.add(() -> map(key.get(), vals.get(0).get()));
            }
            for (int i = 1; i < vals.size(); i++) {
                Supplier<Object> val = vals.get(i);
                list.add(() -> map(keys.get(0).get(), val.get()));
            }
            return list;
        }
        if (raw.isArray()) {
            List<Supplier<Object>> items = values(raw.getComponentType(), depth + 1);
            List<Supplier<Object>> list = new ArrayList<>();
            list.add(() -> array(raw, items.get(0).get(), items.get(0).get()));
            list.add(v(null));
            list.add(() -> array(raw));
            for (int i = 1; i < items.size(); i++) {
                Supplier<Object> item = items.get(i);
                list.add(() -> array(raw, item.get()));
            }
            return list;
        }
        if (raw == Iterator.class) {
            return List.of(() -> List.of(t32(2, 2)).iterator(), v(null));
        }
        if (raw.isInterface() && depth < 3) {
            return List.of(() -> proxy(raw, depth), v(null));
        }
        Supplier<Object> built = depth < 2 ? constructor(raw, depth) : null;
        return built == null ? List.of(v(null)) : List.of(v(null), built);   // optional parts (a custom encoder) default to null
    }

    private static List<Supplier<Object>> boxed(Class<?> raw, List<Supplier<Object>> list) {
        if (raw.isPrimitive()) {
            return list;
        }
        List<Supplier<Object>> withNull = new ArrayList<>(list);
        withNull.add(1, v(null));
        return withNull;
    }

    /** A real optimizer state dict (Adam after one step) and malformed ones. */
    private List<Supplier<Object>> stateDicts() {
        Supplier<StateDict> real = () -> {
            Tensor p = t32(2, 2).requiresGrad_();
            Adam adam = new Adam(List.of(p), 0.1);
            p.sum().backward();
            adam.step();
            return adam.stateDict();
        };
        List<Supplier<Object>> list = new ArrayList<>(List.of(real::get, v(null),
                () -> new StateDict(Map.of(), List.of())));
        List<java.util.function.Consumer<StateDict>> damage = List.of(
                sd -> sd.paramGroups().get(0).remove("params"),
                sd -> sd.paramGroups().get(0).put("params", List.of(99)),
                sd -> sd.paramGroups().get(0).put("params", List.of(0, 0)),
                sd -> sd.paramGroups().get(0).put("params", "junk"),
                sd -> sd.paramGroups().get(0).put("lr", "junk"),
                sd -> sd.paramGroups().get(0).put("lr", null),
                sd -> sd.paramGroups().get(0).put("betas", List.of(0.9)),
                sd -> sd.state().get(0).put("exp_avg", t32(3)),
                sd -> sd.state().get(0).put("exp_avg", null),
                sd -> sd.state().get(0).put("step", t32(2, 2)),
                sd -> sd.state().put(-1, new HashMap<>()),
                sd -> sd.state().put(5, new HashMap<>(Map.of("exp_avg", t32(2, 2)))),
                sd -> sd.paramGroups().add(new HashMap<>(sd.paramGroups().get(0))),
                sd -> sd.paramGroups().set(0, null));
        for (java.util.function.Consumer<StateDict> d : damage) {
            list.add(() -> {
                StateDict sd = deepCopy(real.get());
                d.accept(sd);
                return sd;
            });
        }
        return list;
    }

    private static StateDict deepCopy(StateDict sd) {
        Map<Integer, Map<String, Tensor>> state = new LinkedHashMap<>();
        sd.state().forEach((k, m) -> state.put(k, new LinkedHashMap<>(m)));
        List<Map<String, Object>> groups = new ArrayList<>();
        sd.paramGroups().forEach(g -> groups.add(new LinkedHashMap<>(g)));
        return new StateDict(state, groups);
    }

    // ----------------------------------------------------------------------------------- the loop

    private int counter;

    /** A call target: how to build the receiver (null for static methods and constructors) and what to call. */
    private record Target(String name, Supplier<Object> receiver, Executable call, boolean fullFuzz) {
    }

    @Test
    void everyPublicEntryRefusesHostileInputCleanly() throws Exception {
        dir = Files.createTempDirectory("grad4j-hostile");
        Device candidate = dev().equals(Device.CPU) ? Device.of("cuda") : Device.CPU;
        other = candidate.isAvailable() ? candidate : null;
        DType defaultDType = Tensor.defaultDType();
        Map<String, String> leaks = new java.util.TreeMap<>();
        int calls = 0;
        ExecutorService worker = newWorker();
        try {
            String only = System.getProperty("grad4j.test.hostileOnly", "");
            for (Target target : targets()) {
                if (!target.name().startsWith(only)) {
                    continue;
                }
                for (int[] combo : combos(target)) {
                    calls++;
                    long start = System.nanoTime();
                    Future<String> outcome = worker.submit(() -> callOnce(target, combo));
                    String leak;
                    try {
                        leak = outcome.get(HANG_SECONDS, TimeUnit.SECONDS);
                    } catch (TimeoutException e) {
                        outcome.cancel(true);
                        worker.shutdownNow();
                        worker = newWorker();
                        leak = "ran past " + HANG_SECONDS + " s with " + describe(target, combo);
                    }
                    if (VERBOSE && System.nanoTime() - start > 500_000_000L) {
                        System.out.println("slow: " + describe(target, combo) + " " + (System.nanoTime() - start) / 1e6 + " ms");
                    }
                    if (Tensor.defaultDType() != defaultDType) {
                        Tensor.setDefaultDType(defaultDType);
                    }
                    if (leak != null) {
                        leaks.putIfAbsent(target.name() + " " + leak.substring(0, leak.indexOf('|') + 1), leak);
                    }
                }
            }
        } finally {
            worker.shutdownNow();
            Tensor.setDefaultDType(defaultDType);
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        if (VERBOSE) {
            System.out.println(calls + " calls");
        }
        if (!leaks.isEmpty()) {
            StringBuilder sb = new StringBuilder(leaks.size() + " leaks in " + calls + " calls:\n");
            leaks.forEach((k, msg) -> sb.append("  ").append(msg).append('\n'));
            fail(sb.toString());
        }
    }

    private static ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "grad4j-hostile");
            t.setDaemon(true);
            return t;
        });
    }

    /** One call: build the receiver and arguments, call, and judge; null when the outcome is allowed. */
    private String callOnce(Target target, int[] combo) {
        Object receiver = null;
        Object[] args;
        try {
            receiver = target.receiver() == null ? null : target.receiver().get();
            args = arguments(target.call(), combo);
        } catch (RuntimeException e) {
            return "fuzzer could not build arguments | " + e;
        }
        String before = fingerprint(receiver, args);
        Object result;
        try {
            result = target.call() instanceof Method m ? m.invoke(receiver, args)
                    : ((Constructor<?>) target.call()).newInstance(args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            String leak = judge(cause, args);
            if (leak == null) {
                String after = fingerprint(receiver, args);
                return before.equals(after) ? null : "refused (" + cause + ") but changed its operands | "
                        + describe(target, combo) + "\n      before " + before + "\n      after  " + after;
            }
            return leak + " | " + describe(target, combo) + where(cause);
        } catch (ReflectiveOperationException | IllegalArgumentException e) {
            return "fuzzer could not call | " + e;
        }
        try {
            walk(result);
            return null;
        } catch (RuntimeException | Error e) {
            String leak = judge(e, args);
            return leak == null ? null : leak + " (walking the result) | " + describe(target, combo) + where(e);
        }
    }

    /** Null when {@code e} is an allowed refusal, else what is wrong with it. */
    private static String judge(Throwable e, Object[] args) {
        boolean allowedKind = e instanceof IllegalArgumentException || e instanceof IllegalStateException
                || e instanceof UnsupportedOperationException || e instanceof IOException
                || e instanceof UncheckedIOException
                || e instanceof IndexOutOfBoundsException && !(e instanceof ArrayIndexOutOfBoundsException)
                        && !(e instanceof StringIndexOutOfBoundsException);
        if (e instanceof NullPointerException) {   // Objects.requireNonNull(arg, "names the argument")
            StackTraceElement[] st = e.getStackTrace();
            allowedKind = st.length > 0 && st[0].getClassName().equals("java.util.Objects");
        }
        if (!allowedKind) {
            return e.getClass().getName();
        }
        return e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getName() + " without a message" : null;
    }

    private static String where(Throwable e) {
        StringBuilder sb = new StringBuilder(": " + e.getMessage());
        StackTraceElement[] st = e.getStackTrace();
        for (int i = 0; i < Math.min(4, st.length); i++) {
            sb.append("\n      at ").append(st[i]);
        }
        return sb.toString();
    }

    private String describe(Target target, int[] combo) {
        return target.name() + " with value #" + Arrays.toString(combo);
    }

    /** Walks an iterable result a few steps: loaders and samplers fail lazily. */
    private static void walk(Object result) {
        if (result instanceof Iterable<?> it && !(result instanceof Tensor)) {
            Iterator<?> i = it.iterator();
            for (int n = 0; n < 20 && i.hasNext(); n++) {
                i.next();
            }
        }
    }

    private Object[] arguments(Executable call, int[] combo) {
        Type[] types = call.getGenericParameterTypes();
        Object[] args = new Object[types.length];
        for (int i = 0; i < types.length; i++) {
            args[i] = values(types[i], 0).get(combo[i]).get();
        }
        return args;
    }

    /**
     * The calls of one target: all benign, each hostile value alone, then the same with every int at 1 (a
     * valid dim of the benign 2x2 tensor, where 2 is not), a few seeded mixtures; at most CAP.
     */
    private List<int[]> combos(Target target) {
        Type[] types = target.call().getGenericParameterTypes();
        int[] sizes = new int[types.length];
        int[] ones = new int[types.length];
        for (int i = 0; i < types.length; i++) {
            List<Supplier<Object>> values = values(types[i], 0);
            sizes[i] = values.size();
            Class<?> raw = raw(types[i]);
            for (int j = 0; j < values.size() && (raw == int.class || raw == Integer.class); j++) {
                if (Integer.valueOf(1).equals(values.get(j).get())) {
                    ones[i] = j;
                }
            }
        }
        List<int[]> combos = new ArrayList<>();
        combos.add(new int[types.length]);
        if (!target.fullFuzz()) {
            return combos;
        }
        for (int[] base : List.of(new int[types.length], ones)) {
            if (base == ones && Arrays.equals(ones, new int[types.length])) {
                break;
            }
            for (int i = 0; i < types.length; i++) {
                for (int j = 0; j < sizes[i]; j++) {
                    int[] c = base.clone();
                    c[i] = j;
                    if (combos.stream().noneMatch(d -> Arrays.equals(d, c))) {
                        combos.add(c);
                    }
                }
            }
        }
        Random random = new Random(SEED ^ target.name().hashCode());
        for (int m = 0; m < MIXTURES && types.length > 1; m++) {
            int[] c = new int[types.length];
            for (int i = 0; i < types.length; i++) {
                c[i] = random.nextInt(sizes[i]);
            }
            combos.add(c);
        }
        while (combos.size() > CAP) {
            combos.remove(1 + random.nextInt(combos.size() - 1));
        }
        return combos;
    }

    /** Every constructor and method to fuzz, in a fixed order. */
    private List<Target> targets() throws IOException, URISyntaxException, ClassNotFoundException {
        List<Class<?>> classes = new ArrayList<>(List.of(Tensor.class, Functional.class, Linalg.class, Special.class));
        for (String name : classNames()) {
            Class<?> c = Class.forName(name, false, Tensor.class.getClassLoader());
            if (Modifier.isPublic(c.getModifiers()) && !c.isInterface() && !c.isAnnotation()) {
                classes.add(c);
            }
        }
        List<Target> targets = new ArrayList<>();
        Set<String> seenInherited = new java.util.HashSet<>();
        for (Class<?> c : classes) {
            List<Supplier<Object>> receivers = new ArrayList<>();
            if (c == Tensor.class) {
                receivers.addAll(tensors());
                receivers.remove(1);   // null
            } else if (!Modifier.isAbstract(c.getModifiers())) {
                Supplier<Object> r = constructor(c, 0);
                if (r != null) {
                    receivers.add(r);
                }
            }
            for (Constructor<?> k : sorted(c.getConstructors())) {
                if (!Modifier.isAbstract(c.getModifiers()) && k.getParameterCount() > 0) {   // no arguments, nothing hostile
                    targets.add(new Target(c.getSimpleName() + signature(k), null, k, true));
                }
            }
            for (Method m : sorted(c.getMethods())) {
                Class<?> declaring = m.getDeclaringClass();
                if (declaring == Object.class || declaring == Record.class || declaring == Enum.class
                        || !declaring.getName().startsWith("org.grad4j") || m.isSynthetic() || m.isBridge()) {
                    continue;
                }
                String name = c.getSimpleName() + "." + m.getName() + signature(m);
                if (Modifier.isStatic(m.getModifiers())) {
                    if (declaring == c) {
                        targets.add(new Target(name, null, m, true));
                    }
                    continue;
                }
                if (declaring != c && !seenInherited.add(declaring.getName() + "." + m.getName() + signature(m))) {
                    continue;   // an inherited method is fuzzed on the first class that has a receiver
                }
                for (int r = 0; r < receivers.size(); r++) {
                    targets.add(new Target(name + (r == 0 ? "" : " on receiver #" + r), receivers.get(r), m, r == 0));
                }
            }
        }
        return targets;
    }

    private static <E extends Executable> List<E> sorted(E[] all) {
        List<E> list = new ArrayList<>(Arrays.asList(all));
        list.sort(Comparator.comparing(Executable::toGenericString));
        return list;
    }

    private static String signature(Executable e) {
        StringBuilder sb = new StringBuilder("(");
        for (Class<?> p : e.getParameterTypes()) {
            sb.append(sb.length() > 1 ? "," : "").append(p.getSimpleName());
        }
        return sb.append(')').toString();
    }

    /** The public classes of {@link #PACKAGES}, from core's classes directory or jar. */
    private static Set<String> classNames() throws IOException, URISyntaxException {
        Path root = Path.of(Tensor.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Set<String> names = new TreeSet<>();
        FileSystem jar = Files.isDirectory(root) ? null : FileSystems.newFileSystem(root);
        try {
            Path base = jar == null ? root : jar.getPath("/");
            for (String pkg : PACKAGES) {
                Path p = base.resolve(pkg);
                try (Stream<Path> files = Files.list(p)) {
                    files.map(f -> f.getFileName().toString())
                            .filter(f -> f.endsWith(".class") && !f.contains("$") && !f.startsWith("package-info"))
                            .forEach(f -> names.add(pkg.replace('/', '.') + "." + f.substring(0, f.length() - 6)));
                }
            }
        } finally {
            if (jar != null) {
                jar.close();
            }
        }
        return names;
    }

    // ----------------------------------------------------------------------------------- helpers

    /**
     * A supplier of a cheap valid instance: the public constructor with the most parameters (small sizes, not
     * PyTorch's large defaults) that accepts the benign arguments, or those with one value changed (an
     * activation's name), and builds in under {@link #BUILD_MILLIS}.
     */
    private Supplier<Object> constructor(Class<?> c, int depth) {
        if (Modifier.isAbstract(c.getModifiers()) || !Modifier.isPublic(c.getModifiers())) {
            return null;
        }
        List<Constructor<?>> ks = new ArrayList<>(Arrays.asList(c.getConstructors()));
        ks.sort(Comparator.comparingInt(k -> -k.getParameterCount()));
        for (Constructor<?> k : ks) {
            Type[] types = k.getGenericParameterTypes();
            List<int[]> tries = new ArrayList<>();
            tries.add(new int[types.length]);
            for (int i = 0; i < types.length; i++) {
                for (int j = 1; j < values(types[i], depth + 1).size(); j++) {
                    int[] t = new int[types.length];
                    t[i] = j;
                    tries.add(t);
                }
            }
            for (int[] t : tries) {
                Supplier<Object> make = () -> {
                    Object[] args = new Object[types.length];
                    for (int i = 0; i < types.length; i++) {
                        args[i] = values(types[i], depth + 1).get(t[i]).get();
                    }
                    try {
                        return k.newInstance(args);
                    } catch (ReflectiveOperationException e) {
                        throw new IllegalStateException(e);
                    }
                };
                long start = System.nanoTime();
                try {
                    make.get();
                } catch (RuntimeException e) {
                    continue;
                }
                if (System.nanoTime() - start < BUILD_MILLIS * 1_000_000L) {
                    return make;
                }
            }
        }
        return null;
    }

    /** An interface implemented by a proxy whose methods return their type's benign value. */
    private Object proxy(Class<?> iface, int depth) {
        return Proxy.newProxyInstance(iface.getClassLoader(), new Class<?>[] {iface}, (self, method, a) -> {
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "hashCode" -> System.identityHashCode(self);
                    case "equals" -> self == a[0];
                    default -> "proxy " + iface.getSimpleName();
                };
            }
            Class<?> r = method.getReturnType();
            if (r == void.class) {
                return null;
            }
            if (r == boolean.class) {
                return false;
            }
            if (r == Object.class && a != null && a.length > 0 && a[0] != null) {
                return a[0];   // an identity map (Function<Tensor, Tensor>, a hook)
            }
            return values(method.getGenericReturnType(), depth + 1).get(0).get();
        });
    }

    private static Object collection(Class<?> raw, Object... items) {
        List<Object> list = new ArrayList<>(Arrays.asList(items));
        return raw == Set.class ? new LinkedHashSet<>(list) : list;
    }

    private static Object array(Class<?> raw, Object... items) {
        Object a = Array.newInstance(raw.getComponentType(), items.length);
        for (int i = 0; i < items.length; i++) {
            Array.set(a, i, items[i]);
        }
        return a;
    }

    private static Map<Object, Object> map(Object key, Object value) {
        Map<Object, Object> m = new LinkedHashMap<>();
        m.put(key, value);
        return m;
    }

    private static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        if (type instanceof GenericArrayType g) {
            return Array.newInstance(raw(g.getGenericComponentType()), 0).getClass();
        }
        if (type instanceof TypeVariable<?> v) {
            return raw(v.getBounds()[0]);
        }
        if (type instanceof WildcardType w) {
            return raw(w.getUpperBounds()[0]);
        }
        return Object.class;
    }

    private static Type elem(Type type, int i) {
        return type instanceof ParameterizedType p ? p.getActualTypeArguments()[i] : Object.class;
    }

    private static byte[] junk(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    /** A zip archive whose entries are junk: past the magic number, so the readers reach their parsers. */
    private static byte[] junkZip() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(bytes)) {
            for (String name : List.of("archive/data.pkl", "archive/data/0", "archive/version")) {
                zip.putNextEntry(new java.util.zip.ZipEntry(name));
                zip.write(junk(40));
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private Path file(byte[] content) {
        try {
            return Files.write(dir.resolve("junk" + counter++), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What a refused call must not change: the receiver's and the tensor arguments' values, versions, grads, state. */
    private static String fingerprint(Object receiver, Object[] args) {
        StringBuilder sb = new StringBuilder();
        fingerprint(receiver, sb, 0);
        for (Object a : args) {
            sb.append(" | ");
            fingerprint(a, sb, 0);
        }
        return sb.toString();
    }

    private static void fingerprint(Object o, StringBuilder sb, int depth) {
        if (depth > 4) {
            return;
        }
        if (o instanceof Tensor t) {
            if (t.isReleased()) {
                sb.append("released");
                return;
            }
            sb.append(t.dtype()).append(Arrays.toString(t.shape())).append(" v").append(t.version())
                    .append(" #").append(Arrays.hashCode(t.toDoubleArray()));
            if (t.grad() != null) {
                sb.append(" grad ");
                fingerprint(t.grad(), sb, depth + 1);
            }
        } else if (o instanceof Tensor[] ts) {
            for (Tensor t : ts) {
                fingerprint(t, sb, depth + 1);
                sb.append(", ");
            }
        } else if (o instanceof Collection<?> c && depth < 2) {
            sb.append('[');
            for (Object x : c) {
                fingerprint(x, sb, depth + 1);
                sb.append(", ");
            }
            sb.append(']');
        } else if (o instanceof Map<?, ?> m && depth < 3) {
            sb.append('{');
            m.forEach((k, x) -> {
                sb.append(k).append('=');
                fingerprint(x, sb, depth + 1);
                sb.append(", ");
            });
            sb.append('}');
        } else if (o instanceof Module m) {
            fingerprint(m.stateDict(), sb, depth + 1);
            for (Tensor p : m.parameters()) {
                fingerprint(p.grad(), sb, depth + 1);
            }
        } else if (o instanceof Optimizer opt) {
            fingerprint(opt.parameters(), sb, depth + 1);
            StateDict sd = opt.stateDict();
            fingerprint(sd.state(), sb, depth + 1);
            sb.append(sd.paramGroups());
        } else if (o instanceof LRScheduler s) {
            sb.append(s.stateDict()).append(s.optimizer().paramGroups());
        } else if (o instanceof Number || o instanceof String || o instanceof Boolean) {
            sb.append(o);
        }
    }
}
