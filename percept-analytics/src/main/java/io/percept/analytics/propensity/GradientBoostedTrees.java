package io.percept.analytics.propensity;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Gradient-boosted regression trees for a binary target under the logistic loss (Friedman,
 * "Greedy function approximation: a gradient boosting machine", Ann. Stat. 29, 2001, with his
 * stochastic subsampling, Comput. Stat. Data Anal. 38, 2002). Each round fits a depth-limited tree
 * to the loss's gradient and Hessian on histogram-binned features, choosing splits by the
 * second-order gain and setting each leaf to its Newton step {@code -G / (H + l2)} (as in Chen and
 * Guestrin, "XGBoost", KDD 2016), shrunk by the learning rate. Optional early stopping holds out a
 * stratified validation part and keeps the number of trees with the lowest validation log loss.
 * Randomness only from the seed: the same data and options give the same model.
 */
public final class GradientBoostedTrees {

    private GradientBoostedTrees() {
    }

    /**
     * @param trees              boosting rounds, at most (1 to 100,000)
     * @param maxDepth           a tree's depth, at most (1 to 16)
     * @param learningRate       the shrinkage of each tree (0 to 1]
     * @param bins               histogram bins per feature, at most (2 to 256): quantiles of the training values
     * @param minLeafSize        training rows a leaf needs, at least (1 or more)
     * @param subsample          the fraction of the training rows each tree sees, drawn without replacement (0 to 1]
     * @param l2                 the L2 penalty on leaf values (0 or more)
     * @param validationFraction the stratified fraction held out for early stopping; 0 for none ([0, 0.5])
     * @param patience           rounds without a better validation loss before stopping (1 or more)
     * @param seed               the subsamples and the validation part
     */
    public record Options(int trees, int maxDepth, double learningRate, int bins, int minLeafSize, double subsample, double l2,
            double validationFraction, int patience, long seed) {

        public Options {
            if (trees < 1 || trees > 100_000) {
                throw new IllegalArgumentException("trees must be between 1 and 100,000, was " + trees);
            }
            if (maxDepth < 1 || maxDepth > 16) {
                throw new IllegalArgumentException("maxDepth must be between 1 and 16, was " + maxDepth);
            }
            if (!(learningRate > 0 && learningRate <= 1)) {
                throw new IllegalArgumentException("learningRate must be in (0, 1], was " + learningRate);
            }
            if (bins < 2 || bins > 256) {
                throw new IllegalArgumentException("bins must be between 2 and 256, was " + bins);
            }
            if (minLeafSize < 1) {
                throw new IllegalArgumentException("minLeafSize must be 1 or more, was " + minLeafSize);
            }
            if (!(subsample > 0 && subsample <= 1)) {
                throw new IllegalArgumentException("subsample must be in (0, 1], was " + subsample);
            }
            if (!(l2 >= 0) || Double.isInfinite(l2)) {
                throw new IllegalArgumentException("l2 must be finite and 0 or more, was " + l2);
            }
            if (!(validationFraction >= 0 && validationFraction <= 0.5)) {
                throw new IllegalArgumentException("validationFraction must be in [0, 0.5], was " + validationFraction);
            }
            if (patience < 1) {
                throw new IllegalArgumentException("patience must be 1 or more, was " + patience);
            }
        }

        /**
         * Up to 1,000 trees of depth 4, learning rate 0.05, 64 bins, leaves of 20 rows, 80 % subsamples,
         * l2 1, early stopping on a fifth held out with a patience of 30 rounds, seed 42.
         */
        public static Options defaults() {
            return new Options(1_000, 4, 0.05, 64, 20, 0.8, 1, 0.2, 30, 42);
        }

        public Options withTrees(int trees) {
            return new Options(trees, maxDepth, learningRate, bins, minLeafSize, subsample, l2, validationFraction, patience, seed);
        }

        public Options withMaxDepth(int maxDepth) {
            return new Options(trees, maxDepth, learningRate, bins, minLeafSize, subsample, l2, validationFraction, patience, seed);
        }

        public Options withLearningRate(double learningRate) {
            return new Options(trees, maxDepth, learningRate, bins, minLeafSize, subsample, l2, validationFraction, patience, seed);
        }

        public Options withMinLeafSize(int minLeafSize) {
            return new Options(trees, maxDepth, learningRate, bins, minLeafSize, subsample, l2, validationFraction, patience, seed);
        }

        public Options withSubsample(double subsample) {
            return new Options(trees, maxDepth, learningRate, bins, minLeafSize, subsample, l2, validationFraction, patience, seed);
        }

        public Options withEarlyStopping(double validationFraction, int patience) {
            return new Options(trees, maxDepth, learningRate, bins, minLeafSize, subsample, l2, validationFraction, patience, seed);
        }

        public Options withSeed(long seed) {
            return new Options(trees, maxDepth, learningRate, bins, minLeafSize, subsample, l2, validationFraction, patience, seed);
        }
    }

    /**
     * A trained ensemble: {@code margin = bias + sum of the trees' leaf values}. The trees' nodes are
     * stored in flat arrays, each tree's nodes in preorder from {@code roots[t]}; a node with
     * {@code feature < 0} is a leaf. An internal node sends {@code x} left when
     * {@code x[feature] <= threshold}. {@code value} is a leaf's value, and for an internal node the
     * training-row-weighted mean of its leaves' values; {@code cover} is the training rows that
     * reached the node (both used by the explanations). Immutable; the arrays returned are its own,
     * not copies: do not change them.
     */
    public static final class Model implements Classifier {

        /** Trees up to this depth are also laid out as complete binary trees for branch-free scoring. */
        static final int DENSE_DEPTH = 10;

        /** {@code 1 / k}, so that TreeSHAP's inner loops multiply instead of divide. */
        private static final double[] RECIPROCALS = new double[70];

        static {
            for (int k = 1; k < RECIPROCALS.length; k++) {
                RECIPROCALS[k] = 1.0 / k;
            }
        }

        private final List<String> featureNames;
        private final double bias;
        private final int[] roots;
        private final int[] feature;
        private final double[] threshold;
        private final int[] left;
        private final int[] right;
        private final double[] value;
        private final double[] cover;
        private final int maxDepth;
        private final Provenance provenance;
        private final int[] denseFeature;
        private final double[] denseThreshold;
        private final double[] denseLeaf;

        public Model(List<String> featureNames, double bias, int[] roots, int[] feature, double[] threshold, int[] left, int[] right,
                double[] value, double[] cover, int maxDepth, Provenance provenance) {
            this.featureNames = List.copyOf(featureNames);
            int nodes = feature.length;
            if (threshold.length != nodes || left.length != nodes || right.length != nodes || value.length != nodes || cover.length != nodes) {
                throw new IllegalArgumentException("the node arrays differ in length");
            }
            for (int node = 0; node < nodes; node++) {
                if (feature[node] >= featureNames.size()
                        || feature[node] >= 0 && (left[node] <= node || right[node] <= node || left[node] >= nodes || right[node] >= nodes)) {
                    throw new IllegalArgumentException("node " + node + " is malformed");
                }
            }
            for (int root : roots) {
                if (root < 0 || root >= nodes) {
                    throw new IllegalArgumentException("root " + root + " is outside the " + nodes + " nodes");
                }
            }
            if (maxDepth < 0 || maxDepth > 64) {
                throw new IllegalArgumentException("maxDepth must be between 0 and 64, was " + maxDepth);
            }
            this.bias = bias;
            this.roots = roots;
            this.feature = feature;
            this.threshold = threshold;
            this.left = left;
            this.right = right;
            this.value = value;
            this.cover = cover;
            this.maxDepth = maxDepth;
            this.provenance = provenance;
            if (maxDepth <= DENSE_DEPTH) {
                int internal = (1 << maxDepth) - 1;
                denseFeature = new int[roots.length * internal];
                denseThreshold = new double[roots.length * internal];
                denseLeaf = new double[roots.length << maxDepth];
                for (int t = 0; t < roots.length; t++) {
                    lay(roots[t], 0, 0, t * internal, t << maxDepth, internal);
                }
            } else {
                denseFeature = null;
                denseThreshold = null;
                denseLeaf = null;
            }
        }

        /** Places {@code node} at position {@code at} of a complete tree; a leaf above the bottom sends every row left. */
        private void lay(int node, int at, int depth, int internalBase, int leafBase, int internal) {
            if (depth == maxDepth) {
                if (feature[node] >= 0) {
                    throw new IllegalArgumentException("a tree is deeper than maxDepth " + maxDepth);
                }
                denseLeaf[leafBase + at - internal] = value[node];
                return;
            }
            if (feature[node] < 0) {
                denseFeature[internalBase + at] = 0;
                denseThreshold[internalBase + at] = Double.POSITIVE_INFINITY;
                lay(node, 2 * at + 1, depth + 1, internalBase, leafBase, internal);
                lay(node, 2 * at + 2, depth + 1, internalBase, leafBase, internal);
            } else {
                denseFeature[internalBase + at] = feature[node];
                denseThreshold[internalBase + at] = threshold[node];
                lay(left[node], 2 * at + 1, depth + 1, internalBase, leafBase, internal);
                lay(right[node], 2 * at + 2, depth + 1, internalBase, leafBase, internal);
            }
        }

        @Override
        public List<String> featureNames() {
            return featureNames;
        }

        /** The starting margin, the training log-odds. */
        public double bias() {
            return bias;
        }

        /** Each tree's root node. */
        public int[] roots() {
            return roots;
        }

        /** Per node, the split feature, or -1 for a leaf. */
        public int[] feature() {
            return feature;
        }

        /** Per node, the split threshold: rows with {@code x[feature] <= threshold} go left. */
        public double[] threshold() {
            return threshold;
        }

        /** Per node, the left child. */
        public int[] left() {
            return left;
        }

        /** Per node, the right child. */
        public int[] right() {
            return right;
        }

        /** Per node, the leaf value or the training-row-weighted mean of its leaves' values. */
        public double[] value() {
            return value;
        }

        /** Per node, the training rows that reached it. */
        public double[] cover() {
            return cover;
        }

        /** The deepest tree's depth. */
        public int maxDepth() {
            return maxDepth;
        }

        @Override
        public Provenance provenance() {
            return provenance;
        }

        /** The number of trees. */
        public int trees() {
            return roots.length;
        }

        /**
         * The margin. Trees of depth up to {@value #DENSE_DEPTH} are walked in their complete layout:
         * always {@code maxDepth} steps, each choosing a child by arithmetic rather than a branch.
         */
        @Override
        public double margin(double[] x) {
            if (denseFeature != null) {
                return denseMargin(x);
            }
            double margin = bias;
            for (int root : roots) {
                int node = root;
                int f;
                while ((f = feature[node]) >= 0) {
                    node = x[f] <= threshold[node] ? left[node] : right[node];
                }
                margin += value[node];
            }
            return margin;
        }

        private double denseMargin(double[] x) {
            int[] features = denseFeature;
            double[] thresholds = denseThreshold;
            double[] leaves = denseLeaf;
            int depth = maxDepth;
            int internal = (1 << depth) - 1;
            double margin = bias;
            int base = 0;
            int leafBase = -internal;
            for (int t = 0; t < roots.length; t++) {
                int at = 0;
                for (int d = 0; d < depth; d++) {
                    int k = base + at;
                    at = 2 * at + (x[features[k]] > thresholds[k] ? 2 : 1);
                }
                margin += leaves[leafBase + at];
                base += internal;
                leafBase += internal + 1;
            }
            return margin;
        }

        /**
         * Contributions by TreeSHAP, the exact Shapley values of each tree's path-dependent conditional
         * expectation, computed in polynomial time (Lundberg, Erion and Lee, "Consistent individualized
         * feature attribution for tree ensembles", 2018, algorithm 2); the base value is the bias plus
         * each tree's expected value over its training rows.
         */
        @Override
        public double explain(double[] x, double[] contributions) {
            Arrays.fill(contributions, 0, featureNames.size(), 0);
            int size = (maxDepth + 3) * (maxDepth + 4) / 2;
            Path path = new Path(new int[size], new double[size], new double[size], new double[size]);
            double base = bias;
            for (int root : roots) {
                base += value[root];
                if (feature[root] >= 0) {
                    treeShap(x, contributions, path, root, 0, 0, 1, 1, -1);
                }
            }
            return base;
        }

        /**
         * Path attribution (Saabas, "Interpreting random forests", 2014): along the path {@code x}
         * takes through each tree, the change in expected value at each split goes to the split's
         * feature. As fast as scoring, but not consistent: a feature's credit depends on its depth
         * in the tree (Lundberg, Erion and Lee 2018).
         */
        @Override
        public double explainByPath(double[] x, double[] contributions) {
            Arrays.fill(contributions, 0, featureNames.size(), 0);
            double base = bias;
            for (int root : roots) {
                base += value[root];
                int node = root;
                int f;
                while ((f = feature[node]) >= 0) {
                    int next = x[f] <= threshold[node] ? left[node] : right[node];
                    contributions[f] += value[next] - value[node];
                    node = next;
                }
            }
            return base;
        }

        private record Path(int[] feature, double[] zero, double[] one, double[] weight) {
        }

        private void treeShap(double[] x, double[] phi, Path path, int node, int parentStart, int depth, double parentZero, double parentOne,
                int parentFeature) {
            int start = parentStart + depth + 1;
            int[] features = path.feature;
            double[] zeros = path.zero;
            double[] ones = path.one;
            double[] weights = path.weight;
            for (int i = 0; i <= depth; i++) {
                features[start + i] = features[parentStart + i];
                zeros[start + i] = zeros[parentStart + i];
                ones[start + i] = ones[parentStart + i];
                weights[start + i] = weights[parentStart + i];
            }
            extend(path, start, depth, parentZero, parentOne, parentFeature);
            int split = feature[node];
            if (split < 0) {
                for (int i = 1; i <= depth; i++) {
                    double w = unwoundSum(path, start, depth, i);
                    phi[path.feature[start + i]] += w * (path.one[start + i] - path.zero[start + i]) * value[node];
                }
                return;
            }
            int hot = x[split] <= threshold[node] ? left[node] : right[node];
            int cold = hot == left[node] ? right[node] : left[node];
            double incomingZero = 1;
            double incomingOne = 1;
            int at = 0;
            while (at <= depth && path.feature[start + at] != split) {
                at++;
            }
            if (at <= depth) {
                incomingZero = path.zero[start + at];
                incomingOne = path.one[start + at];
                unwind(path, start, depth, at);
                depth--;
            }
            treeShap(x, phi, path, hot, start, depth + 1, cover[hot] / cover[node] * incomingZero, incomingOne, split);
            treeShap(x, phi, path, cold, start, depth + 1, cover[cold] / cover[node] * incomingZero, 0, split);
        }

        private static void extend(Path path, int start, int depth, double zero, double one, int feature) {
            path.feature[start + depth] = feature;
            path.zero[start + depth] = zero;
            path.one[start + depth] = one;
            path.weight[start + depth] = depth == 0 ? 1 : 0;
            double[] w = path.weight;
            double inverse = RECIPROCALS[depth + 1];
            for (int i = depth - 1; i >= 0; i--) {
                w[start + i + 1] += one * w[start + i] * (i + 1) * inverse;
                w[start + i] = zero * w[start + i] * (depth - i) * inverse;
            }
        }

        private static void unwind(Path path, int start, int depth, int index) {
            double one = path.one[start + index];
            double zero = path.zero[start + index];
            double[] w = path.weight;
            double next = w[start + depth];
            for (int i = depth - 1; i >= 0; i--) {
                if (one != 0) {
                    double saved = w[start + i];
                    w[start + i] = next * (depth + 1) / ((i + 1) * one);
                    next = saved - w[start + i] * zero * (depth - i) / (depth + 1);
                } else {
                    w[start + i] = w[start + i] * (depth + 1) / (zero * (depth - i));
                }
            }
            for (int i = index; i < depth; i++) {
                path.feature[start + i] = path.feature[start + i + 1];
                path.zero[start + i] = path.zero[start + i + 1];
                path.one[start + i] = path.one[start + i + 1];
            }
        }

        private static double unwoundSum(Path path, int start, int depth, int index) {
            double one = path.one[start + index];
            double zero = path.zero[start + index];
            double[] w = path.weight;
            double scale = depth + 1;
            double total = 0;
            if (one != 0) {
                double next = w[start + depth];
                double factor = scale / one;
                double shrink = zero / scale;
                for (int i = depth - 1; i >= 0; i--) {
                    double part = next * factor * RECIPROCALS[i + 1];
                    total += part;
                    next = w[start + i] - part * shrink * (depth - i);
                }
            } else if (zero != 0) {
                double factor = scale / zero;
                for (int i = depth - 1; i >= 0; i--) {
                    total += w[start + i] * factor * RECIPROCALS[depth - i];
                }
            }
            return total;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Model that && featureNames.equals(that.featureNames)
                    && Double.doubleToLongBits(bias) == Double.doubleToLongBits(that.bias) && Arrays.equals(roots, that.roots)
                    && Arrays.equals(feature, that.feature) && Arrays.equals(threshold, that.threshold) && Arrays.equals(left, that.left)
                    && Arrays.equals(right, that.right) && Arrays.equals(value, that.value) && Arrays.equals(cover, that.cover)
                    && maxDepth == that.maxDepth && provenance.equals(that.provenance);
        }

        @Override
        public int hashCode() {
            return 31 * Double.hashCode(bias) + Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "GradientBoostedTrees.Model[" + roots.length + " trees, " + feature.length + " nodes, " + provenance + "]";
        }
    }

    /**
     * Trains on the rows {@code x} (each {@code featureNames.size()} long, finite) with labels {@code y}.
     *
     * @throws IllegalArgumentException if the inputs do not line up, a value is not finite or one class is absent
     */
    public static Model train(double[][] x, boolean[] y, List<String> featureNames, Options options) {
        int d = featureNames.size();
        Provenance.check(x, y, d);
        int n = x.length;
        SplittableRandom random = new SplittableRandom(options.seed());
        boolean[] validation = validationPart(y, options.validationFraction(), random);
        int[] training = indices(validation, false);
        int[] held = indices(validation, true);
        int trainingPositives = 0;
        for (int i : training) {
            trainingPositives += y[i] ? 1 : 0;
        }
        if (trainingPositives == 0 || trainingPositives == training.length) {
            throw new IllegalArgumentException("the rows left for training after the validation part lack a class");
        }
        double[][] edges = new double[d][];
        byte[] bins = new byte[n * d];
        int[] offsets = new int[d + 1];
        for (int f = 0; f < d; f++) {
            edges[f] = edges(x, training, f, options.bins());
            for (int i = 0; i < n; i++) {
                bins[i * d + f] = (byte) bin(edges[f], x[i][f]);
            }
            offsets[f + 1] = offsets[f] + edges[f].length + 1;
        }
        double rate = (double) trainingPositives / training.length;
        double bias = Math.log(rate / (1 - rate));
        double[] margins = new double[n];
        Arrays.fill(margins, bias);
        double[] gradients = new double[n];
        double[] hessians = new double[n];
        Grower grower = new Grower(bins, offsets, gradients, hessians, options);
        int sampleSize = Math.max(1, (int) Math.round(options.subsample() * training.length));
        int[] pool = training.clone();
        int bestTrees = 0;
        double bestLoss = Double.POSITIVE_INFINITY;
        for (int t = 0; t < options.trees(); t++) {
            for (int i : training) {
                double p = Classifier.sigmoid(margins[i]);
                gradients[i] = p - (y[i] ? 1 : 0);
                hessians[i] = Math.max(p * (1 - p), 1e-16);
            }
            int[] sample;
            if (sampleSize < training.length) {
                for (int i = 0; i < sampleSize; i++) {
                    int j = i + random.nextInt(pool.length - i);
                    int swap = pool[i];
                    pool[i] = pool[j];
                    pool[j] = swap;
                }
                sample = Arrays.copyOf(pool, sampleSize);
                Arrays.sort(sample);
            } else {
                sample = training.clone();
            }
            int root = grower.grow(sample);
            for (int i = 0; i < n; i++) {
                margins[i] += grower.leafValue(root, i);
            }
            if (held.length > 0) {
                double loss = 0;
                for (int i : held) {
                    double p = Classifier.sigmoid(margins[i]);
                    loss -= Math.log(Math.max(y[i] ? p : 1 - p, 1e-15));
                }
                loss /= held.length;
                if (loss < bestLoss - 1e-12) {
                    bestLoss = loss;
                    bestTrees = t + 1;
                } else if (t + 1 - bestTrees >= options.patience()) {
                    break;
                }
            } else {
                bestTrees = t + 1;
            }
        }
        return grower.model(featureNames, bias, bestTrees, edges,
                new Provenance("gradient-boosted-trees-logistic", options.toString(), n, Provenance.positives(y), Provenance.fingerprint(x, y)));
    }

    private static boolean[] validationPart(boolean[] y, double fraction, SplittableRandom random) {
        boolean[] validation = new boolean[y.length];
        if (fraction == 0) {
            return validation;
        }
        for (boolean label : new boolean[] {true, false}) {
            int[] members = new int[y.length];
            int count = 0;
            for (int i = 0; i < y.length; i++) {
                if (y[i] == label) {
                    members[count++] = i;
                }
            }
            int take = (int) Math.round(fraction * count);
            for (int i = 0; i < take; i++) {
                int j = i + random.nextInt(count - i);
                int swap = members[i];
                members[i] = members[j];
                members[j] = swap;
                validation[members[i]] = true;
            }
        }
        return validation;
    }

    private static int[] indices(boolean[] flags, boolean value) {
        int count = 0;
        for (boolean flag : flags) {
            count += flag == value ? 1 : 0;
        }
        int[] indices = new int[count];
        int at = 0;
        for (int i = 0; i < flags.length; i++) {
            if (flags[i] == value) {
                indices[at++] = i;
            }
        }
        return indices;
    }

    /**
     * The upper edges of feature {@code f}'s bins over the training rows: midpoints between
     * consecutive distinct values when there are at most {@code bins} of them, else between each
     * quantile {@code k / bins} and the next larger value.
     */
    static double[] edges(double[][] x, int[] rows, int f, int bins) {
        double[] sorted = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            sorted[i] = x[rows[i]][f];
        }
        Arrays.sort(sorted);
        int distinct = 1;
        for (int i = 1; i < sorted.length; i++) {
            if (sorted[i] != sorted[i - 1]) {
                distinct++;
            }
        }
        double[] edges = new double[bins - 1];
        int count = 0;
        if (distinct <= bins) {
            for (int i = 1; i < sorted.length; i++) {
                if (sorted[i] != sorted[i - 1]) {
                    edges[count++] = midpoint(sorted[i - 1], sorted[i]);
                }
            }
        } else {
            int at = 0;
            for (int k = 1; k < bins; k++) {
                double quantile = sorted[(int) ((long) k * sorted.length / bins)];
                while (at < sorted.length && sorted[at] <= quantile) {
                    at++;
                }
                if (at == sorted.length) {
                    break;
                }
                double edge = midpoint(quantile, sorted[at]);
                if (count == 0 || edge > edges[count - 1]) {
                    edges[count++] = edge;
                }
            }
        }
        return Arrays.copyOf(edges, count);
    }

    private static double midpoint(double low, double high) {
        double middle = low + (high - low) / 2;
        return middle < high ? middle : low;
    }

    /** The bin of {@code value}: the first edge it does not exceed, or the last bin. */
    static int bin(double[] edges, double value) {
        int low = 0;
        int high = edges.length;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (value <= edges[middle]) {
                high = middle;
            } else {
                low = middle + 1;
            }
        }
        return low;
    }

    /**
     * Grows trees on binned features, keeping every tree's nodes in growable arrays. The bins are
     * stored row by row so that filling a histogram reads each row once and its writes go to a
     * different feature's cells one after another (no chain of additions to the same cell).
     */
    private static final class Grower {

        private final byte[] bins;
        private final int width;
        private final int[] offsets;
        private final int[] cells;
        private final double[] gradients;
        private final double[] hessians;
        private final Options options;
        private int[] feature = new int[1024];
        private int[] splitBin = new int[1024];
        private int[] left = new int[1024];
        private int[] right = new int[1024];
        private double[] value = new double[1024];
        private double[] cover = new double[1024];
        private int[] roots = new int[64];
        private final int[] scratch;
        private int nodes;
        private int trees;

        Grower(byte[] bins, int[] offsets, double[] gradients, double[] hessians, Options options) {
            this.bins = bins;
            this.width = offsets.length - 1;
            this.offsets = offsets;
            this.cells = new int[width];
            for (int f = 0; f < width; f++) {
                cells[f] = 3 * offsets[f];
            }
            this.gradients = gradients;
            this.hessians = hessians;
            this.options = options;
            this.scratch = new int[gradients.length];
        }

        int grow(int[] rows) {
            double[] histogram = new double[3 * offsets[offsets.length - 1]];
            fill(histogram, rows, 0, rows.length);
            if (trees == roots.length) {
                roots = Arrays.copyOf(roots, trees * 2);
            }
            int root = grow(rows, 0, rows.length, 0, histogram);
            roots[trees++] = root;
            return root;
        }

        private void fill(double[] histogram, int[] rows, int from, int to) {
            int d = width;
            for (int i = from; i < to; i++) {
                int row = rows[i];
                double g = gradients[row];
                double h = hessians[row];
                int start = row * d;
                for (int f = 0; f < d; f++) {
                    int at = cells[f] + 3 * (bins[start + f] & 0xFF);
                    histogram[at] += g;
                    histogram[at + 1] += h;
                    histogram[at + 2] += 1;
                }
            }
        }

        private int grow(int[] rows, int from, int to, int depth, double[] histogram) {
            int node = newNode();
            int count = to - from;
            double g = 0;
            double h = 0;
            for (int b = 0; b < offsets[1]; b++) {
                g += histogram[3 * b];
                h += histogram[3 * b + 1];
            }
            cover[node] = count;
            int bestFeature = -1;
            int bestBin = -1;
            if (depth < options.maxDepth() && count >= 2 * options.minLeafSize()) {
                double lambda = options.l2();
                double parent = g * g / (h + lambda);
                double bestGain = 1e-9;
                for (int f = 0; f < width; f++) {
                    double gl = 0;
                    double hl = 0;
                    double cl = 0;
                    int last = offsets[f + 1] - offsets[f] - 1;
                    for (int b = 0; b < last; b++) {
                        int at = 3 * (offsets[f] + b);
                        gl += histogram[at];
                        hl += histogram[at + 1];
                        cl += histogram[at + 2];
                        if (cl < options.minLeafSize()) {
                            continue;
                        }
                        if (count - cl < options.minLeafSize()) {
                            break;
                        }
                        double gr = g - gl;
                        double hr = h - hl;
                        double gain = gl * gl / (hl + lambda) + gr * gr / (hr + lambda) - parent;
                        if (gain > bestGain) {
                            bestGain = gain;
                            bestFeature = f;
                            bestBin = b;
                        }
                    }
                }
            }
            if (bestFeature < 0) {
                feature[node] = -1;
                value[node] = -g / (h + options.l2()) * options.learningRate();
                return node;
            }
            int low = from;
            int moved = 0;
            for (int i = from; i < to; i++) {
                int row = rows[i];
                if ((bins[row * width + bestFeature] & 0xFF) <= bestBin) {
                    rows[low++] = row;
                } else {
                    scratch[moved++] = row;
                }
            }
            System.arraycopy(scratch, 0, rows, low, moved);
            double[] small = new double[histogram.length];
            boolean leftSmaller = low - from <= to - low;
            if (leftSmaller) {
                fill(small, rows, from, low);
            } else {
                fill(small, rows, low, to);
            }
            for (int i = 0; i < histogram.length; i++) {
                histogram[i] -= small[i];
            }
            double[] leftHistogram = leftSmaller ? small : histogram;
            double[] rightHistogram = leftSmaller ? histogram : small;
            feature[node] = bestFeature;
            splitBin[node] = bestBin;
            int l = grow(rows, from, low, depth + 1, leftHistogram);
            int r = grow(rows, low, to, depth + 1, rightHistogram);
            left[node] = l;
            right[node] = r;
            value[node] = (cover[l] * value[l] + cover[r] * value[r]) / cover[node];
            return node;
        }

        private int newNode() {
            if (nodes == feature.length) {
                int size = nodes * 2;
                feature = Arrays.copyOf(feature, size);
                splitBin = Arrays.copyOf(splitBin, size);
                left = Arrays.copyOf(left, size);
                right = Arrays.copyOf(right, size);
                value = Arrays.copyOf(value, size);
                cover = Arrays.copyOf(cover, size);
            }
            feature[nodes] = -1;
            left[nodes] = -1;
            right[nodes] = -1;
            return nodes++;
        }

        /** The value of the leaf that training row {@code row} reaches in the tree at {@code root}. */
        double leafValue(int root, int row) {
            int node = root;
            int f;
            while ((f = feature[node]) >= 0) {
                node = (bins[row * width + f] & 0xFF) <= splitBin[node] ? left[node] : right[node];
            }
            return value[node];
        }

        /** The first {@code keep} trees as a model, thresholds taken from the bins' edges. */
        Model model(List<String> names, double bias, int keep, double[][] edges, Provenance provenance) {
            int end = keep < trees ? roots[keep] : nodes;
            double[] threshold = new double[end];
            int[] leftChild = Arrays.copyOf(left, end);
            int[] rightChild = Arrays.copyOf(right, end);
            for (int node = 0; node < end; node++) {
                if (feature[node] >= 0) {
                    threshold[node] = edges[feature[node]][splitBin[node]];
                } else {
                    leftChild[node] = -1;
                    rightChild[node] = -1;
                }
            }
            int depth = 0;
            int[] depths = new int[end];
            for (int node = 0; node < end; node++) {
                if (feature[node] >= 0) {
                    depths[left[node]] = depths[node] + 1;
                    depths[right[node]] = depths[node] + 1;
                }
                depth = Math.max(depth, depths[node]);
            }
            return new Model(names, bias, Arrays.copyOf(roots, keep), Arrays.copyOf(feature, end), threshold, leftChild, rightChild,
                    Arrays.copyOf(value, end), Arrays.copyOf(cover, end), depth, provenance);
        }
    }
}
