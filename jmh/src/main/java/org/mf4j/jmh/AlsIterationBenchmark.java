package org.mf4j.jmh;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.mf4j.api.AlsConfig;
import org.mf4j.api.Ratings;
import org.mf4j.api.RegScaling;
import org.mf4j.data.GeneratorConfig;
import org.mf4j.data.PlantedRatingsGenerator;
import org.mf4j.kernel.KernelProvider;
import org.mf4j.kernel.Kernels;
import org.mf4j.memory.FactorMatrix;
import org.mf4j.model.FactorModel;
import org.mf4j.parallel.RowSweep;
import org.mf4j.solver.NormalEquations;
import org.mf4j.solver.als.AlsTrainer;
import org.mf4j.sparse.CsrMatrix;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One explicit-ALS iteration (a user sweep, then an item sweep) on planted data from
 * {@link PlantedRatingsGenerator}: by default 8,000 users × 4,000 items, ≈ 400,000 ratings with
 * log-normal user activity (≥ 10 each) and Zipf item popularity, so setup takes about a second.
 *
 * <ul>
 *   <li>{@code sweeps}: only the two sweeps, exactly as {@link AlsTrainer#fit} runs them
 *       ({@link RowSweep} over {@link NormalEquations#solveRows}, λ = 0.1 count-scaled); CSR matrices,
 *       factors and the worker pool are built once in {@code @Setup}. Each invocation continues from the
 *       previous one's factors, as iterations do; the work per iteration does not depend on the values.</li>
 *   <li>{@code fit}: {@code AlsTrainer.fit} with {@code iterations = 1}, which adds building both CSR
 *       matrices, allocating and initializing the factors, starting the pool and the training RMSE pass:
 *       the end-to-end cost around one iteration, and a cross-check of {@code sweeps}.</li>
 * </ul>
 *
 * <b>Flops per op = {@link AlsTrainer#flopsPerIteration}(nnz, users, items, K)</b> = 2·nnz·K(K+1)
 * (Gram builds) + 4·nnz·K (right-hand sides) + (users + items)·(K³/3 + 2K²) (factor and solve), the same
 * count for both methods; it is reported as the secondary metric {@code flops} ({@link FlopCounter})
 * because nnz is known only after generation. {@code threads} is the trainer's pool size; the
 * fraction of peak for such rows is taken against threads × the one-core FMA peak.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 3, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
    "-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class AlsIterationBenchmark {
  @Param({"scalar", "panama"})
  String kernels;

  @Param({"16", "32", "64", "128"})
  int K;

  @Param({"1", "2"})
  int threads;

  @Param({"8000"})
  int users;

  @Param({"4000"})
  int items;

  @Param({"400000"})
  int ratings;

  static final double LAMBDA = 0.1;

  Kernels k;
  Ratings train;
  AlsTrainer trainer;
  CsrMatrix byUser, byItem;
  FactorMatrix u, v;
  RowSweep<NormalEquations> sweep;
  NormalEquations.Regularization reg;
  long flops;

  @Setup
  public void setup() {
    k = KernelProvider.forName(kernels);
    train = PlantedRatingsGenerator.generate(GeneratorConfig.DEFAULT.withSize(users, items, ratings).withSeed(7))
        .ratings();
    AlsConfig config = new AlsConfig(K, LAMBDA, LAMBDA, RegScaling.COUNT, 1, threads, 42L);
    trainer = new AlsTrainer(config, k);
    byUser = CsrMatrix.build(train.numUsers(), train.numItems(), train.users(), train.items(), train.values(),
        train.size());
    byItem = byUser.transpose();
    u = FactorMatrix.allocate(train.numUsers(), K);
    v = FactorMatrix.allocate(train.numItems(), K);
    initialize(v);
    final int rank = K;
    sweep = new RowSweep<>(threads, () -> new NormalEquations(k, rank));
    reg = (r, n) -> LAMBDA * RegScaling.COUNT.factor(n);
    flops = Math.round(AlsTrainer.flopsPerIteration(byUser.nnz(), train.numUsers(), train.numItems(), K));
  }

  @TearDown
  public void tearDown() {
    sweep.close();
    u.close();
    v.close();
  }

  @Benchmark
  public FactorMatrix sweeps(FlopCounter counter) {
    final int rank = K;
    sweep.run(byUser.rows(), r -> cost(byUser.rowLength(r), rank),
        (from, to, ne) -> ne.solveRows(from, to, byUser, v, u, reg, "user"));
    sweep.run(byItem.rows(), r -> cost(byItem.rowLength(r), rank),
        (from, to, ne) -> ne.solveRows(from, to, byItem, u, v, reg, "item"));
    counter.flops += flops;
    return v;
  }

  @Benchmark
  public int fit(FlopCounter counter) {
    try (FactorModel model = trainer.fit(train)) {
      counter.flops += flops;
      return model.numUsers();
    }
  }

  /** The trainer's cost estimate of one row (Gram build plus factorization), for load balancing. */
  static long cost(int n, int k) {
    return (long) n * k * (k + 1) / 2 + (long) k * k * k / 3 + 1;
  }

  /** Unit-norm Gaussian rows, like the trainer's initialization. */
  static void initialize(FactorMatrix m) {
    SplittableRandom rnd = new SplittableRandom(42);
    float[] row = new float[m.rank()];
    for (int r = 0; r < m.rows(); r++) {
      double norm = 0;
      for (int c = 0; c < row.length; c++) {
        row[c] = (float) rnd.nextGaussian();
        norm += row[c] * (double) row[c];
      }
      for (int c = 0; c < row.length; c++) row[c] /= (float) Math.sqrt(Math.max(norm, 1e-30));
      m.setRow(r, row, 0);
    }
  }
}
