package org.grad4j.spark;

import java.io.Serializable;
import java.util.Arrays;

/**
 * One training row: a feature vector and a target vector (a scalar label is a target of length 1).
 *
 * @param features the input row, fed to the module as one row of a {@code [batch, features.length]} tensor
 * @param target the target row, one row of a {@code [batch, target.length]} tensor
 */
public record Sample(double[] features, double[] target) implements Serializable {

    /**
     * Checks the arrays.
     *
     * @param features the input row
     * @param target the target row
     */
    public Sample {
        if (features == null || target == null) {
            throw new IllegalArgumentException("Sample: expected features and target arrays, got "
                    + (features == null ? "null" : "double[" + features.length + "]") + " and "
                    + (target == null ? "null" : "double[" + target.length + "]"));
        }
    }

    /**
     * A row with a scalar label.
     *
     * @param features the input row
     * @param label the label
     * @return the sample with target {@code [label]}
     */
    public static Sample of(double[] features, double label) {
        return new Sample(features, new double[] {label});
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Sample s && Arrays.equals(features, s.features) && Arrays.equals(target, s.target);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(features) + Arrays.hashCode(target);
    }

    @Override
    public String toString() {
        return "Sample(" + Arrays.toString(features) + " -> " + Arrays.toString(target) + ")";
    }
}
