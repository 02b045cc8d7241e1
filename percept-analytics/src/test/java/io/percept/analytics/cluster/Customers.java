package io.percept.analytics.cluster;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Synthetic customers with RFM and behaviour features in three planted segments, for tests:
 * <ol start="0">
 *   <li>20 % high spenders who bought recently (monetary log-normal around e^8, 0-30 days);</li>
 *   <li>30 % app users (90 % use the app, 30 % elsewhere), otherwise average;</li>
 *   <li>50 % the rest.</li>
 * </ol>
 * Columns: recencyDays, frequency, monetary, appUser, tenureDays.
 */
record Customers(Matrix data, int[] segment) {

    static final List<Feature> FEATURES = Feature.standard("recencyDays", "frequency", "monetary", "appUser", "tenureDays");

    static Customers of(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] values = new double[n * 5];
        int[] segment = new int[n];
        for (int i = 0; i < n; i++) {
            double u = random.nextDouble();
            int s = u < 0.2 ? 0 : u < 0.5 ? 1 : 2;
            segment[i] = s;
            double recency = s == 0 ? random.nextDouble() * 30 : 30 + random.nextDouble() * 335;
            double frequency = 1 + random.nextInt(5);
            double monetary = Math.exp((s == 0 ? 8 : 6) + 0.5 * Blobs.gaussian(random));
            double app = random.nextDouble() < (s == 1 ? 0.9 : 0.3) ? 1 : 0;
            double tenure = 30 + random.nextDouble() * 1000;
            System.arraycopy(new double[] {recency, frequency, monetary, app, tenure}, 0, values, i * 5, 5);
        }
        return new Customers(new Matrix(n, 5, values), segment);
    }
}
