package org.mf4j.solver;

import java.util.SplittableRandom;
import org.mf4j.api.Ratings;

/**
 * Small planted low-rank data for solver tests: r = u·v + N(0, σ²) over a random subset of cells, so a
 * model of the planted rank can reach RMSE ≈ σ on held-out cells and no lower.
 */
public final class PlantedData {
  public final Ratings train;
  public final Ratings test;
  public final double sigma;

  private PlantedData(Ratings train, Ratings test, double sigma) {
    this.train = train;
    this.test = test;
    this.sigma = sigma;
  }

  public static PlantedData generate(int users, int items, int rank, double density, double sigma, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    double[][] u = new double[users][rank], v = new double[items][rank];
    double scale = 1.0 / Math.sqrt(Math.sqrt(rank));
    for (double[] row : u) for (int c = 0; c < rank; c++) row[c] = rnd.nextGaussian() * scale * 1.5;
    for (double[] row : v) for (int c = 0; c < rank; c++) row[c] = rnd.nextGaussian() * scale * 1.5;
    int cap = (int) (users * (long) items * density * 1.2) + 16;
    int[] tu = new int[cap], ti = new int[cap], eu = new int[cap], ei = new int[cap];
    float[] tv = new float[cap], ev = new float[cap];
    int nt = 0, ne = 0;
    for (int a = 0; a < users; a++) {
      for (int b = 0; b < items; b++) {
        if (rnd.nextDouble() >= density) continue;
        double s = 0;
        for (int c = 0; c < rank; c++) s += u[a][c] * v[b][c];
        float r = (float) (s + sigma * rnd.nextGaussian());
        if (rnd.nextDouble() < 0.1 && ne < cap) {
          eu[ne] = a; ei[ne] = b; ev[ne++] = r;
        } else if (nt < cap) {
          tu[nt] = a; ti[nt] = b; tv[nt++] = r;
        }
      }
    }
    return new PlantedData(
        Ratings.ofDense(java.util.Arrays.copyOf(tu, nt), java.util.Arrays.copyOf(ti, nt), java.util.Arrays.copyOf(tv, nt), users, items),
        Ratings.ofDense(java.util.Arrays.copyOf(eu, ne), java.util.Arrays.copyOf(ei, ne), java.util.Arrays.copyOf(ev, ne), users, items),
        sigma);
  }

  /** {@code r} with μ + b_u + b_i added to every value. */
  public static Ratings shifted(Ratings r, float mean, float[] userBias, float[] itemBias) {
    float[] v = new float[r.size()];
    for (int p = 0; p < r.size(); p++) v[p] = mean + userBias[r.user(p)] + itemBias[r.item(p)] + r.value(p);
    return Ratings.ofDense(java.util.Arrays.copyOf(r.users(), r.size()), java.util.Arrays.copyOf(r.items(), r.size()), v,
        r.numUsers(), r.numItems());
  }

  /** n Gaussians of standard deviation {@code std}. */
  public static float[] gaussians(int n, double std, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    float[] a = new float[n];
    for (int i = 0; i < n; i++) a[i] = (float) (rnd.nextGaussian() * std);
    return a;
  }
}
