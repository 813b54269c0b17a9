package org.grad4j.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.function.Supplier;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Generator;
import org.grad4j.Tensor;
import org.grad4j.data.Dataset;
import org.grad4j.data.TensorDataset;
import org.grad4j.nn.Linear;
import org.grad4j.nn.Module;
import org.grad4j.optim.Optimizer;
import org.grad4j.optim.SGD;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every public method and constructor of core's public packages, called by reflection with one hostile argument
 * at a time (null, a null element, an empty array or list, negative and extreme numbers, NaN, shapes that are
 * negative, empty or too large) and sensible values elsewhere; and every public method that takes a tensor (and every {@link Tensor} method) on odd
 * tensors (0-d, empty, int64, bool, transposed, a leaf that requires grad), as receiver and as operand.
 * Whatever is refused must be refused with one of grad4j's documented kinds (IllegalArgumentException,
 * IllegalStateException, IndexOutOfBoundsException, UnsupportedOperationException): a
 * NullPointerException, ArrayIndexOutOfBoundsException, ClassCastException, NegativeArraySizeException,
 * ArithmeticException or an Error (OutOfMemoryError) reaching the user is a bug, listed with the call.
 * Methods whose other parameters this test cannot make up are skipped; the test checks that it made at least
 * a few thousand calls, so a change that hides the API from it does not pass silently.
 */
class PublicApiArgumentsTest {
    /** Kinds a user may see: grad4j's documented refusals. */
    private static final Set<Class<?>> DOCUMENTED = Set.of(IllegalArgumentException.class,
            IllegalStateException.class, IndexOutOfBoundsException.class, UnsupportedOperationException.class,
            UncheckedIOException.class);

    private static final Object NONE = new Object();

    @TempDir
    Path tmp;

    private final List<String> bad = new ArrayList<>();
    private int calls;

    @Test
    void hostileArgumentsAreRefusedWithDocumentedKinds() throws Exception {
        for (Class<?> c : publicCoreClasses()) {
            List<Executable> members = new ArrayList<>(Arrays.asList(c.getConstructors()));
            for (Method m : c.getDeclaredMethods()) {
                if (Modifier.isPublic(m.getModifiers()) && !m.isSynthetic() && !isEnumValueOf(c, m)) {
                    members.add(m);
                }
            }
            for (Executable e : members) {
                Class<?>[] ps = e.getParameterTypes();
                for (int p = 0; p < ps.length; p++) {
                    for (Object hostile : hostileValues(ps[p])) {
                        Object[] args = arguments(ps, p, hostile);
                        if (args == null) {
                            break;   // another parameter this test cannot make up
                        }
                        call(c, e, args, "argument " + p + " = " + describe(hostile));
                    }
                }
            }
        }
        assertTrue(calls > 1_500, "the sweep made only " + calls + " calls: has the public API moved?");
        assertEquals(List.of(), bad, bad.size() + " of " + calls + " calls let an undocumented exception out");
    }

    @Test
    void everyTensorMethodTakesOddTensors() throws Exception {
        // fresh tensors for every call: in-place methods must not change what the next call sees
        List<Supplier<Tensor>> odd = List.of(() -> Tensor.scalar(2.0), () -> Tensor.zeros(0, 3),
                () -> Tensor.of(new long[] {1, 2, 3, 4, 5, 6}, 2, 3), () -> Tensor.ones(2, 3).gt(0.5),
                () -> Tensor.ones(new int[] {3, 2}, DType.FLOAT64).t(), () -> Tensor.zeros(0),
                () -> Tensor.ones(1, 1, 1, 1, 1), () -> Tensor.of(new long[0], 0),
                () -> Tensor.scalar(2.0).requiresGrad_(true));
        List<Method> methods = new ArrayList<>();
        for (Class<?> c : publicCoreClasses()) {
            for (Method m : c.getMethods()) {
                if (m.getDeclaringClass() == c && !isEnumValueOf(c, m)
                        && (c == Tensor.class || Arrays.asList(m.getParameterTypes()).contains(Tensor.class))) {
                    methods.add(m);
                }
            }
        }
        for (Method m : methods) {
            boolean isStatic = Modifier.isStatic(m.getModifiers());
            Class<?>[] ps = m.getParameterTypes();
            for (Supplier<Tensor> make : odd) {
                for (int asArg = isStatic || m.getDeclaringClass() != Tensor.class ? 0 : -1; asArg < ps.length; asArg++) {
                    Tensor t = make.get();
                    if (asArg >= 0 && ps[asArg] != Tensor.class) {
                        continue;
                    }
                    Object[] args = arguments(ps, asArg, t);
                    if (args == null) {
                        break;
                    }
                    Object receiver = isStatic ? null : m.getDeclaringClass() != Tensor.class
                            ? receiver(m.getDeclaringClass()) : asArg < 0 ? t : Tensor.ones(2, 3);
                    if (!isStatic && receiver == null) {
                        break;
                    }
                    String what = (asArg < 0 ? "receiver " : "argument " + asArg + " = ") + describe(t);
                    invoke(m.getDeclaringClass(), m, receiver, args, what);
                }
            }
        }
        assertTrue(calls > 1_000, "the sweep made only " + calls + " calls: has Tensor's API moved?");
        assertEquals(List.of(), bad, bad.size() + " of " + calls + " calls let an undocumented exception out");
    }

    private void call(Class<?> c, Executable e, Object[] args, String what) throws Exception {
        Object receiver = null;
        if (e instanceof Method m && !Modifier.isStatic(m.getModifiers())) {
            receiver = receiver(c);
            if (receiver == null) {
                return;
            }
        }
        invoke(c, e, receiver, args, what);
    }

    private void invoke(Class<?> c, Executable e, Object receiver, Object[] args, String what) throws Exception {
        calls++;
        try {
            if (e instanceof Method m) {
                m.invoke(receiver, args);
            } else {
                ((Constructor<?>) e).newInstance(args);
            }
        } catch (InvocationTargetException ite) {
            Throwable thrown = ite.getCause();
            if (!DOCUMENTED.contains(thrown.getClass()) || thrown.getMessage() == null) {
                StackTraceElement[] at = thrown.getStackTrace();
                bad.add(c.getSimpleName() + "." + e.getName() + Arrays.toString(e.getParameterTypes())
                        .replace("class ", "").replace("org.grad4j.", "") + " with " + what + ": " + thrown
                        + (at.length > 0 ? " at " + at[0] : ""));
            }
        }
    }

    /** The public classes of core's public packages (not {@code internal} and not the backend SPI). */
    private static List<Class<?>> publicCoreClasses() throws IOException, URISyntaxException, ClassNotFoundException {
        Path where = Path.of(Tensor.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Set<String> names = new TreeSet<>();
        if (Files.isDirectory(where)) {
            try (Stream<Path> files = Files.walk(where)) {
                files.map(f -> where.relativize(f).toString().replace('\\', '/')).forEach(names::add);
            }
        } else {
            try (JarFile jar = new JarFile(where.toFile())) {
                for (Enumeration<JarEntry> en = jar.entries(); en.hasMoreElements();) {
                    names.add(en.nextElement().getName());
                }
            }
        }
        List<Class<?>> classes = new ArrayList<>();
        for (String n : names) {
            if (!n.endsWith(".class") || n.contains("$") || n.endsWith("-info.class") || n.contains("/internal/")
                    || n.contains("/spi/")) {
                continue;
            }
            Class<?> c = Class.forName(n.substring(0, n.length() - 6).replace('/', '.'));
            if (Modifier.isPublic(c.getModifiers())) {
                classes.add(c);
            }
        }
        return classes;
    }

    private static boolean isEnumValueOf(Class<?> c, Method m) {
        return c.isEnum() && m.getName().equals("valueOf");   // Enum.valueOf(null): the JDK's own contract
    }

    /** The hostile values tried for a parameter of type {@code t}. */
    private static List<Object> hostileValues(Class<?> t) {
        List<Object> v = new ArrayList<>();
        if (!t.isPrimitive()) {
            v.add(null);
        }
        if (t == int.class) {
            v.addAll(List.of(-1, -7, Integer.MIN_VALUE, Integer.MAX_VALUE));
        } else if (t == long.class) {
            v.addAll(List.of(-1L, Long.MIN_VALUE, Long.MAX_VALUE));
        } else if (t == double.class) {
            v.addAll(List.of(Double.NaN, -1.0, Double.POSITIVE_INFINITY));
        } else if (t == int[].class) {
            v.addAll(List.of(new int[] {-1}, new int[0], new int[] {Integer.MAX_VALUE, Integer.MAX_VALUE},
                    new int[] {5, 5, 5, 5, 5, 5, 5, 5, 5, 5}));
        } else if (t == Tensor[].class) {
            v.addAll(List.of(new Tensor[] {Tensor.ones(2, 3), null}, new Tensor[0]));
        } else if (t == List.class) {
            v.addAll(List.of(new ArrayList<>(Arrays.asList((Object) null)), new ArrayList<>()));
        }
        return v;
    }

    /** Arguments with {@code value} at {@code at} and a sensible value elsewhere; null if one cannot be made. */
    private Object[] arguments(Class<?>[] ps, int at, Object value) {
        Object[] args = new Object[ps.length];
        for (int i = 0; i < ps.length; i++) {
            Object v = i == at ? value : sample(ps[i]);
            if (v == NONE) {
                return null;
            }
            args[i] = v;
        }
        return args;
    }

    /** A sensible value of type {@code c}, or NONE. */
    private Object sample(Class<?> c) {
        if (c == int.class) {
            return 1;
        } else if (c == long.class) {
            return 1L;
        } else if (c == double.class) {
            return 0.5;
        } else if (c == float.class) {
            return 0.5f;
        } else if (c == boolean.class) {
            return false;
        } else if (c == Tensor.class) {
            return Tensor.ones(2, 3);
        } else if (c == int[].class) {
            return new int[] {2, 3};
        } else if (c == long[].class) {
            return new long[] {1, 2};
        } else if (c == double[].class) {
            return new double[] {1, 2};
        } else if (c == float[].class) {
            return new float[] {1, 2};
        } else if (c == String.class) {
            return "x";
        } else if (c == List.class) {
            return new ArrayList<>(List.of(Tensor.ones(2, 3)));
        } else if (c == Tensor[].class) {
            return new Tensor[] {Tensor.ones(2, 3)};
        } else if (c == Map.class) {
            return new HashMap<>();
        } else if (c == Generator.class) {
            return new Generator(0);
        } else if (c == DType.class) {
            return DType.FLOAT32;
        } else if (c == Device.class) {
            return Device.CPU;
        } else if (c.isEnum()) {
            return c.getEnumConstants()[0];
        } else if (c == Module.class) {
            return new Linear(3, 2, true);
        } else if (c == Module[].class) {
            return new Module[] {new Linear(3, 2, true)};
        } else if (c == Optimizer.class) {
            return new SGD(new Linear(3, 2, true).parameters(), 0.1);
        } else if (c == Dataset.class) {
            return new TensorDataset(Tensor.ones(4, 3));
        } else if (c == Path.class) {
            return tmp.resolve("sweep.safetensors");
        }
        return NONE;
    }

    /** An instance to call {@code c}'s instance methods on: a sample, or the first public constructor that works. */
    private Object receiver(Class<?> c) {
        Object s = sample(c);
        if (s != NONE && s != null) {
            return s;
        }
        if (Modifier.isAbstract(c.getModifiers()) || c.isInterface()) {
            return null;
        }
        for (Constructor<?> k : c.getConstructors()) {
            Object[] args = arguments(k.getParameterTypes(), -1, null);
            if (args != null) {
                try {
                    return k.newInstance(args);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    // try the next constructor
                }
            }
        }
        return null;
    }

    private static String describe(Object v) {
        if (v instanceof int[] a) {
            return Arrays.toString(a);
        } else if (v instanceof Object[] a) {
            return Arrays.toString(a).replace('\n', ' ');
        } else if (v instanceof Tensor t) {
            return "tensor " + Arrays.toString(t.shape()) + " " + t.dtype();
        }
        return String.valueOf(v);
    }
}
