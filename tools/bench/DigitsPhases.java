package org.grad4j.examples;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Generator;
import org.grad4j.MemoryScope;
import org.grad4j.Tensor;
import org.grad4j.data.DataLoader;
import org.grad4j.data.Subset;
import org.grad4j.nn.CrossEntropyLoss;
import org.grad4j.nn.Sequential;
import org.grad4j.optim.AdamW;
import org.grad4j.optim.lrscheduler.CosineAnnealingLR;

/**
 * Where a fresh JVM's first second of the Digits example goes (issue 16, eighth session): the example's own steps
 * (Digits.load, split, model, AdamW, the loaders, then the training loop without printing), each timed by wall
 * clock, the main thread's CPU time and allocated bytes, and the process's minor page faults. Not part of the build; compiled next to
 * the examples jar (it calls Digits' package-private steps):
 * <pre>
 * CP="examples/target/grad4j-examples-0.1.0-SNAPSHOT.jar:$(cat examples/target/cp.txt)"
 * javac -d /tmp/digitsphases -cp "$CP" tools/bench/DigitsPhases.java
 * java --add-modules jdk.incubator.vector -cp "/tmp/digitsphases:$CP" org.grad4j.examples.DigitsPhases [epochs=30]
 * </pre>
 */
public final class DigitsPhases {
    private static final ThreadMXBean T = ManagementFactory.getThreadMXBean();
    private static long wall = System.nanoTime();
    private static long cpu = T.getCurrentThreadCpuTime();
    private static long faults = faults();
    private static final com.sun.management.ThreadMXBean A = (com.sun.management.ThreadMXBean) T;
    private static long bytes = A.getThreadAllocatedBytes(Thread.currentThread().getId());
    private static final StringBuilder OUT = new StringBuilder();

    private DigitsPhases() {
    }

    private static long faults() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[7]);
        } catch (Exception e) {
            return -1;
        }
    }

    private static void mark(String what) {
        long w = System.nanoTime();
        long c = T.getCurrentThreadCpuTime();
        long f = faults();
        long b = A.getThreadAllocatedBytes(Thread.currentThread().getId());
        OUT.append(String.format(Locale.ROOT, "%-28s wall %6.1f ms  main CPU %6.1f ms  faults %6d  main allocated %8.1f KB%n",
                what, (w - wall) / 1e6, (c - cpu) / 1e6, f - faults, (b - bytes) / 1024.0));
        wall = System.nanoTime();
        cpu = T.getCurrentThreadCpuTime();
        faults = faults();
        bytes = A.getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    public static void main(String[] args) {
        int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        long start = System.nanoTime();
        mark("JVM to main (uptime " + ManagementFactory.getRuntimeMXBean().getUptime() + " ms)");
        Tensor.zeros(1);
        mark("first tensor (backend)");
        Digits.Data data = Digits.load(DType.FLOAT32, Device.CPU);
        mark("Digits.load");
        List<Subset<Tensor[]>> split = Digits.split(data, 0);
        mark("split");
        Sequential model = Digits.model(128, 0.2, new Generator(0), DType.FLOAT32, Device.CPU);
        mark("model");
        CrossEntropyLoss lossFn = new CrossEntropyLoss();
        AdamW optimizer = AdamW.builder(model.parameters()).lr(0.003).weightDecay(0.01).build();
        CosineAnnealingLR scheduler = new CosineAnnealingLR(optimizer, epochs);
        DataLoader loader = new DataLoader(split.get(0), 32, true, false, new Generator(1));
        Tensor[] testBatch = new DataLoader(split.get(1), split.get(1).size(), false, false, new Generator(0)).iterator().next();
        long[] testLabels = testBatch[1].toLongArray();
        mark("optimizer, loaders");
        int right = 0;
        for (int epoch = 0; epoch < epochs; epoch++) {
            model.train();
            int step = 0;
            for (Iterator<Tensor[]> batches = loader.iterator(); batches.hasNext(); step++) {
                try (MemoryScope scope = MemoryScope.open()) {
                    Tensor[] b = batches.next();
                    Tensor logits = model.forward(b[0]);
                    Tensor loss = lossFn.forward(logits, b[1]);
                    optimizer.zeroGrad();
                    loss.backward();
                    optimizer.step();
                    loss.item();
                    Digits.correct(logits.detach().argmax(1, false).toLongArray(), b[1].toLongArray());
                }
                if (epoch == 0 && step == 0) {
                    mark("first step");
                }
            }
            scheduler.step();
            if (epoch < 3 || epoch == epochs - 1) {
                mark("epoch " + (epoch + 1) + " steps");
            }
            right = Digits.correct(Digits.predict(model, testBatch[0]), testLabels);
            if (epoch < 3 || epoch == epochs - 1) {
                mark("epoch " + (epoch + 1) + " evaluation");
            } else if (epoch == epochs - 2) {
                mark("epochs 4-" + (epoch + 1));
            }
        }
        System.out.print(OUT);
        System.out.printf(Locale.ROOT, "trained in %.3f s (test %d/%d)%n", (System.nanoTime() - start) / 1e9, right,
                testLabels.length);
        System.exit(0);
    }
}
