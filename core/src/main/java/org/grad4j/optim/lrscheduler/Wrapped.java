package org.grad4j.optim.lrscheduler;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The {@code _schedulers} entry of SequentialLR's and ChainedScheduler's state dicts. */
final class Wrapped {
    private Wrapped() {
    }

    static List<Object> states(List<LRScheduler> schedulers) {
        List<Object> out = new ArrayList<>();
        for (LRScheduler s : schedulers) {
            out.add(s.stateDict());
        }
        return out;
    }

    /** Loads each scheduler's state; if one fails, the ones loaded before get their old state back. */
    @SuppressWarnings("unchecked")
    static void load(String name, List<LRScheduler> schedulers, Map<String, ?> state) {
        Object v = state.get("_schedulers");
        if (!(v instanceof List<?> saved) || saved.size() != schedulers.size()) {
            throw new IllegalArgumentException(name + ": expected a list of " + schedulers.size() + " state dicts "
                    + "'_schedulers', got " + (v instanceof List<?> l ? l.size() + " entries" : v));
        }
        for (Object o : saved) {
            if (!(o instanceof Map<?, ?>)) {
                throw new IllegalArgumentException(name + ": expected state dicts in '_schedulers', got " + o);
            }
        }
        List<Map<String, Object>> backup = new ArrayList<>();
        for (LRScheduler s : schedulers) {
            backup.add(s.stateDict());
        }
        int i = 0;
        try {
            for (; i < schedulers.size(); i++) {
                schedulers.get(i).loadStateDict((Map<String, ?>) saved.get(i));
            }
        } catch (IllegalArgumentException e) {
            for (int j = 0; j < i; j++) {
                schedulers.get(j).loadStateDict(backup.get(j));
            }
            throw new IllegalArgumentException(name + ": scheduler " + i + ": " + e.getMessage(), e);
        }
    }
}
