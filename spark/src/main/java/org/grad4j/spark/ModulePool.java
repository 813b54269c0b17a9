package org.grad4j.spark;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.Supplier;
import org.grad4j.nn.Module;

/**
 * Per-JVM (per-executor) pools of built modules, keyed by run or model. A module (and its gradients) is used by one
 * task at a time, so concurrent tasks in one executor borrow different copies; at most one copy per concurrently
 * running task is ever built.
 */
final class ModulePool {
    private static final Map<String, ConcurrentLinkedDeque<Module>> POOLS = new ConcurrentHashMap<>();

    private ModulePool() {
    }

    static Module borrow(String key, Supplier<Module> make) {
        Module m = POOLS.computeIfAbsent(key, k -> new ConcurrentLinkedDeque<>()).pollFirst();
        return m != null ? m : make.get();
    }

    static void giveBack(String key, Module module) {
        POOLS.computeIfAbsent(key, k -> new ConcurrentLinkedDeque<>()).addFirst(module);
    }

    /** Forgets a finished run's modules (in local mode, driver and executors share this JVM). */
    static void drop(String key) {
        POOLS.remove(key);
    }
}
